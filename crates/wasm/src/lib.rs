//! The browser side of ticketsearch: wasm-bindgen glue around [`engine`].
//!
//! It fetches the manifest, then only the term chunks a query needs and the
//! ticket fragments its hits live in, keeps them, and converts the engine's
//! results into plain JS objects (serde-wasm-bindgen). No search logic lives
//! here: every decision is the engine's. `site/ticketsearch.js` wraps this
//! module in the public JS API.
//!
//! Fetching uses the global `fetch`, so it works in a page and in a worker;
//! the manifest is fetched with `cache: "no-cache"` (its name is fixed), every
//! other file has a content-hashed name and may come from any cache.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use engine::{Engine, Facet, Request, Segment, SNIPPET_CHARS};
use js_sys::{Array, Promise, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCache, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` of a window or a worker.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &str, init: &RequestInit) -> Promise;
}

/// An open index: the engine plus the fragments fetched so far.
#[wasm_bindgen]
pub struct Index {
    state: Rc<RefCell<State>>,
}

struct State {
    base: String,
    engine: Engine,
    fragments: HashMap<String, Array>,
    /// The texts of tickets shown in results so far, read out of their
    /// fragment once: the keystrokes of a query show many of the same
    /// tickets, and copying their strings out of JS is most of a warm
    /// search's cost after the ranking.
    texts: HashMap<u32, Rc<TicketTexts>>,
}

/// The fields of a ticket that results need (the fragment holds the rest).
///
/// Read field by field from the parsed JSON object: a serde deserializer
/// would add its generic code (and float formatting for its error
/// messages) to the wasm for these few strings. A missing field reads as
/// empty.
struct TicketTexts {
    id: String,
    number: u32,
    title: String,
    description: String,
    answers: Vec<String>,
    root_cause: String,
    conversation: Vec<String>,
}

impl TicketTexts {
    fn read(ticket: &JsValue) -> TicketTexts {
        let get = |key: &str| {
            js_sys::Reflect::get(ticket, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
        };
        let string = |v: JsValue| v.as_string().unwrap_or_default();
        let strings = |v: JsValue, key: Option<&str>| -> Vec<String> {
            let Some(array) = v.dyn_ref::<Array>() else {
                return Vec::new();
            };
            array
                .iter()
                .map(|item| match key {
                    Some(key) => string(
                        js_sys::Reflect::get(&item, &JsValue::from_str(key))
                            .unwrap_or(JsValue::UNDEFINED),
                    ),
                    None => string(item),
                })
                .collect()
        };
        TicketTexts {
            id: string(get("id")),
            number: get("number").as_f64().map_or(0, |n| n as u32),
            title: string(get("title")),
            description: string(get("description")),
            answers: strings(get("answers"), None),
            root_cause: string(get("root_cause")),
            conversation: strings(get("conversation"), Some("text")),
        }
    }
}

#[derive(Serialize)]
struct SearchOut {
    total: usize,
    hits: Vec<HitOut>,
    facets: Vec<Facet>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HitOut {
    id: String,
    number: u32,
    title: String,
    title_segments: Vec<Segment>,
    product: String,
    subcategory: String,
    score: f32,
    snippet: Vec<Segment>,
}

fn error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

/// Starts fetching every path under `base` at once, then waits for all.
async fn fetch_all(base: &str, paths: &[String], no_cache: bool) -> Result<Vec<Response>, JsValue> {
    let init = RequestInit::new();
    if no_cache {
        init.set_cache(RequestCache::NoCache);
    }
    let pending: Vec<(String, Promise)> = paths
        .iter()
        .map(|p| {
            let url = format!("{base}{p}");
            let promise = global_fetch(&url, &init);
            (url, promise)
        })
        .collect();
    let mut out = Vec::with_capacity(pending.len());
    for (url, promise) in pending {
        let response: Response = JsFuture::from(promise)
            .await
            .map_err(|e| error(format!("cannot fetch {url}: {}", describe(&e))))?
            .dyn_into()?;
        if !response.ok() {
            return Err(error(format!(
                "cannot fetch {url}: HTTP {}",
                response.status()
            )));
        }
        out.push(response);
    }
    Ok(out)
}

async fn bytes(response: &Response) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "network error".into())
}

#[wasm_bindgen]
impl Index {
    /// Opens the index of the site at `base` (an absolute URL ending in `/`).
    /// Rejects with a readable message when the manifest cannot be fetched or
    /// is damaged or of another format version.
    pub async fn open(base: String) -> Result<Index, JsValue> {
        let responses = fetch_all(&base, &[engine_manifest_path()], true).await?;
        let manifest = bytes(&responses[0]).await?;
        Index::with_manifest(base, &manifest)
    }

    /// Opens the index of the site at `base` from its manifest's bytes,
    /// fetched by the caller (`ticketsearch.js` fetches it while the wasm
    /// compiles, so the two do not wait for each other). Fails with a
    /// readable message when the manifest is damaged or of another version.
    #[wasm_bindgen(js_name = withManifest)]
    pub fn with_manifest(base: String, manifest: &[u8]) -> Result<Index, JsValue> {
        let engine = Engine::open(manifest)
            .map_err(|e| error(format!("{base}{}: {e}", engine_manifest_path())))?;
        Ok(Index {
            state: Rc::new(RefCell::new(State {
                base,
                engine,
                fragments: HashMap::new(),
                texts: HashMap::new(),
            })),
        })
    }

    /// Number of tickets.
    #[wasm_bindgen(js_name = docCount)]
    pub fn doc_count(&self) -> u32 {
        self.state.borrow().engine.doc_count()
    }

    /// Searches: resolves to `{ total, hits, facets }` (see DESIGN.md; hits
    /// also carry `titleSegments`, the title cut at the matches).
    pub fn search(
        &self,
        query: String,
        filters: Vec<String>,
        limit: usize,
        offset: usize,
    ) -> Promise {
        let state = Rc::clone(&self.state);
        wasm_bindgen_futures::future_to_promise(async move {
            let ranked = loop {
                let missing = {
                    let s = state.borrow();
                    let request = Request {
                        query: &query,
                        filters: &filters,
                        limit,
                        offset,
                    };
                    match s.engine.search(&request) {
                        Ok(ranked) => break ranked,
                        Err(missing) => missing.files,
                    }
                };
                load_chunks(&state, &missing).await?;
            };
            let docs: Vec<u32> = ranked.hits.iter().map(|h| h.doc).collect();
            load_fragments(&state, &docs).await?;
            let mut s = state.borrow_mut();
            let mut hits = Vec::with_capacity(ranked.hits.len());
            for hit in &ranked.hits {
                let t = s.texts(hit.doc)?;
                let texts = engine::snippet_sources(
                    &t.description,
                    t.answers.iter().map(String::as_str),
                    t.conversation.iter().map(String::as_str),
                    &t.root_cause,
                );
                let snippet =
                    s.engine
                        .snippet_of(hit.doc, &texts, &ranked.highlight, SNIPPET_CHARS);
                let title_segments = s.engine.highlight(&t.title, &ranked.highlight);
                hits.push(HitOut {
                    id: t.id.clone(),
                    number: t.number,
                    title: t.title.clone(),
                    title_segments,
                    product: hit.product.clone(),
                    subcategory: hit.subcategory.clone(),
                    score: hit.score,
                    snippet,
                });
            }
            let facets = ranked.facets;
            let out = SearchOut {
                total: ranked.total,
                hits,
                facets,
            };
            Ok(out.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
        })
    }

    /// The whole ticket with this id, as stored (the export schema), or
    /// `null` when there is none.
    pub fn ticket(&self, id: String) -> Promise {
        let state = Rc::clone(&self.state);
        wasm_bindgen_futures::future_to_promise(async move {
            let doc = loop {
                let missing = match state.borrow().engine.doc_of(&id) {
                    Ok(doc) => break doc,
                    Err(missing) => missing.files,
                };
                load_chunks(&state, &missing).await?;
            };
            let Some(doc) = doc else {
                return Ok(JsValue::NULL);
            };
            load_fragments(&state, &[doc]).await?;
            let value = state.borrow().ticket_value(doc)?;
            Ok(value)
        })
    }
}

fn engine_manifest_path() -> String {
    engine::MANIFEST_PATH.to_owned()
}

impl State {
    fn texts(&mut self, doc: u32) -> Result<Rc<TicketTexts>, JsValue> {
        if let Some(t) = self.texts.get(&doc) {
            return Ok(Rc::clone(t));
        }
        let t = Rc::new(TicketTexts::read(&self.ticket_value(doc)?));
        self.texts.insert(doc, Rc::clone(&t));
        Ok(t)
    }

    fn ticket_value(&self, doc: u32) -> Result<JsValue, JsValue> {
        let (file, entry) = self.engine.fragment_of(doc);
        let value = self
            .fragments
            .get(file)
            .map(|a| a.get(entry as u32))
            .filter(|v| !v.is_undefined());
        value.ok_or_else(|| {
            error(format!(
                "{file} has no ticket {entry}; the site is damaged, rebuild it"
            ))
        })
    }
}

async fn load_chunks(state: &Rc<RefCell<State>>, files: &[String]) -> Result<(), JsValue> {
    let base = state.borrow().base.clone();
    let responses = fetch_all(&base, files, false).await?;
    for (file, response) in files.iter().zip(&responses) {
        let data = bytes(response).await?;
        state
            .borrow_mut()
            .engine
            .add_file(file, &data)
            .map_err(|e| error(format!("{base}{file}: {e}")))?;
    }
    Ok(())
}

async fn load_fragments(state: &Rc<RefCell<State>>, docs: &[u32]) -> Result<(), JsValue> {
    let (base, files) = {
        let s = state.borrow();
        let mut files: Vec<String> = docs
            .iter()
            .map(|&d| s.engine.fragment_of(d).0.to_owned())
            .filter(|f| !s.fragments.contains_key(f))
            .collect();
        files.sort();
        files.dedup();
        (s.base.clone(), files)
    };
    let responses = fetch_all(&base, &files, false).await?;
    for (file, response) in files.into_iter().zip(&responses) {
        let json = JsFuture::from(response.json()?)
            .await
            .map_err(|e| error(format!("{base}{file}: {}", describe(&e))))?;
        let array: Array = json
            .dyn_into()
            .map_err(|_| error(format!("{base}{file}: not a ticket fragment")))?;
        state.borrow_mut().fragments.insert(file, array);
    }
    Ok(())
}

//! The glue in headless Chromium (wasm-bindgen-test): an index of the
//! bundled sample is built in the page, `fetch` is replaced by a map of its
//! files, and the exported `Index` is opened, searched and asked for tickets
//! through real fetch, Response and Promise objects.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use js_sys::{Map, Uint8Array};
use serde_json::Value;
use ticketsearch_wasm::Index;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function serve(files, base) {
  globalThis.__fetched = [];
  globalThis.fetch = async (url) => {
    const path = String(url).startsWith(base) ? String(url).slice(base.length) : null;
    globalThis.__fetched.push(path);
    const body = path === null ? undefined : files.get(path);
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body);
  };
}
export function fetched() { const f = globalThis.__fetched; globalThis.__fetched = []; return f; }
"#)]
extern "C" {
    fn serve(files: &Map, base: &str);
    fn fetched() -> js_sys::Array;
}

const BASE: &str = "https://tickets.test/site/";

fn site() -> BTreeMap<String, Vec<u8>> {
    let sample = include_str!("../../../data/sample/000_9f7d48363d6be106.txt");
    let tickets = ticket::parse_markdown("sample.md", sample).tickets;
    let mut files = BTreeMap::new();
    let options = indexer::Options {
        chunk_bytes: 8 * 1024,
        ..indexer::Options::default()
    };
    indexer::build(&tickets, &options, &mut |p: &str, b: &[u8]| {
        files.insert(p.to_owned(), b.to_vec());
        Ok(())
    })
    .unwrap();
    files
}

fn install(files: &BTreeMap<String, Vec<u8>>) {
    let map = Map::new();
    for (path, bytes) in files {
        map.set(
            &JsValue::from_str(path),
            &Uint8Array::from(bytes.as_slice()).into(),
        );
    }
    serve(&map, BASE);
}

fn message_of(err: JsValue) -> String {
    String::from(err.unchecked_into::<js_sys::Error>().message())
}

async fn json(promise: js_sys::Promise) -> Value {
    let value = JsFuture::from(promise).await.expect("promise resolves");
    serde_wasm_bindgen::from_value(value).expect("plain JSON-like object")
}

#[wasm_bindgen_test]
async fn opens_searches_and_fetches_only_what_a_query_needs() {
    let files = site();
    install(&files);
    let index = Index::open(BASE.into()).await.expect("opens");
    assert_eq!(index.doc_count(), 114);
    assert_eq!(
        fetched().to_vec(),
        [JsValue::from_str("index/manifest.bin")]
    );

    let r = json(index.search("证书 处理中".into(), vec![], 5, 0)).await;
    assert!(r["total"].as_u64().unwrap() >= 10);
    let hits = r["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 5);
    assert_eq!(hits[0]["id"], "part32-2");
    let snippet = hits[0]["snippet"].as_array().unwrap();
    assert!(snippet.iter().any(|s| s["hit"] == true), "{snippet:?}");
    assert!(hits[0]["titleSegments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["hit"] == true));
    assert!(
        r["facets"].as_array().unwrap()[0]["count"]
            .as_u64()
            .unwrap()
            > 0
    );
    let loaded: Vec<String> = fetched().iter().filter_map(|v| v.as_string()).collect();
    let chunks = loaded.iter().filter(|p| p.starts_with("index/")).count();
    let all_chunks = files.keys().filter(|p| p.starts_with("index/c-")).count();
    assert!(
        chunks >= 1 && chunks < all_chunks,
        "{chunks} of {all_chunks} chunks for one query"
    );
    assert!(loaded.iter().any(|p| p.starts_with("tickets/")));

    // The same query again needs no file.
    let again = json(index.search("证书 处理中".into(), vec![], 5, 0)).await;
    assert_eq!(again["hits"], r["hits"]);
    assert_eq!(fetched().length(), 0);

    let filtered = json(index.search("".into(), vec!["CDN｜证书问题".into()], 100, 0)).await;
    assert_eq!(filtered["total"], 13);

    let ticket = json(index.ticket("part32-10".into())).await;
    assert_eq!(ticket["number"], 10);
    assert!(ticket["conversation"][1]["text"]
        .as_str()
        .unwrap()
        .contains("HttpResult ret"));
    let none = JsFuture::from(index.ticket("part32-999".into()))
        .await
        .unwrap();
    assert!(none.is_null());
}

#[wasm_bindgen_test]
async fn a_damaged_or_missing_index_is_a_readable_error() {
    let mut files = site();
    install(&files);
    let missing = Index::open("https://tickets.test/elsewhere/".into())
        .await
        .err()
        .expect("no site there");
    let message = message_of(missing);
    assert!(
        message.contains("HTTP 404") && message.contains("manifest.bin"),
        "{message}"
    );

    let manifest = files.get_mut("index/manifest.bin").unwrap();
    manifest[4] = 9;
    install(&files);
    let err = Index::open(BASE.into()).await.err().expect("wrong version");
    let message = message_of(err);
    assert!(message.contains("rebuild the site"), "{message}");
    // The same from bytes the page fetched itself (ticketsearch.js).
    let err = Index::with_manifest(BASE.into(), &files["index/manifest.bin"])
        .err()
        .expect("wrong version");
    let message = message_of(err);
    assert!(
        message.contains("rebuild the site") && message.contains("manifest.bin"),
        "{message}"
    );
}

#[wasm_bindgen_test]
async fn a_damaged_chunk_rejects_the_search_not_the_page() {
    let mut files = site();
    for (path, bytes) in files.iter_mut() {
        if path.starts_with("index/c-") {
            let last = bytes.len() - 1;
            bytes[last] ^= 1;
        }
    }
    install(&files);
    let index = Index::open(BASE.into())
        .await
        .expect("the manifest is intact");
    let err = JsFuture::from(index.search("证书".into(), vec![], 5, 0))
        .await
        .expect_err("damaged chunk");
    let message = message_of(err);
    assert!(message.contains("checksum"), "{message}");
    // Browsing needs no chunk and still works.
    let browse = json(index.search("".into(), vec![], 3, 0)).await;
    assert_eq!(browse["total"], 114);
}

//! `ticketsearch search`: the engine, natively, against a built site.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use engine::{Engine, Facet, Request, Segment, SNIPPET_CHARS};
use serde::Serialize;
use ticket::Ticket;

use crate::cli::SearchArgs;

/// The result, in the shape of the JS API's `search()`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Output {
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<HitOut>,
    pub facets: Vec<Facet>,
}

#[derive(Debug, Serialize)]
pub struct HitOut {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub product: String,
    pub subcategory: String,
    pub score: f32,
    pub snippet: Vec<Segment>,
}

pub fn run(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut site = Site::open(&args.site)?;
    let output = site.search(&args.query, &args.filters, args.limit, args.offset, started)?;
    if args.repeat > 0 {
        eprintln!("{}", site.latency(args)?);
    }
    let text = if args.json {
        format!("{}\n", serde_json::to_string(&output)?)
    } else {
        render(&args.query, &output, std::io::stdout().is_terminal())
    };
    // A reader that stops early (`| head`) is not an error.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e).context("writing to stdout"),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// A built site on disk, with the files read so far.
pub struct Site<'p> {
    dir: &'p Path,
    engine: Engine,
    fragments: HashMap<String, Vec<Ticket>>,
}

impl<'p> Site<'p> {
    pub fn open(dir: &'p Path) -> anyhow::Result<Site<'p>> {
        let path = dir.join(format::MANIFEST_PATH);
        let bytes = std::fs::read(&path).with_context(|| {
            format!(
                "cannot read {} (is {} a site built by `ticketsearch build`?)",
                path.display(),
                dir.display()
            )
        })?;
        let engine = Engine::open(&bytes).with_context(|| format!("{}", path.display()))?;
        Ok(Site {
            dir,
            engine,
            fragments: HashMap::new(),
        })
    }

    pub fn search(
        &mut self,
        query: &str,
        filters: &[String],
        limit: usize,
        offset: usize,
        started: Instant,
    ) -> anyhow::Result<Output> {
        let request = Request {
            query,
            filters,
            limit,
            offset,
        };
        let ranked = loop {
            match self.engine.search(&request) {
                Ok(ranked) => break ranked,
                Err(missing) => {
                    for file in missing.files {
                        let path = self.dir.join(&file);
                        let bytes = std::fs::read(&path)
                            .with_context(|| format!("cannot read {}", path.display()))?;
                        self.engine
                            .add_file(&file, &bytes)
                            .with_context(|| format!("{}", path.display()))?;
                    }
                }
            }
        };
        let mut hits = Vec::with_capacity(ranked.hits.len());
        for hit in &ranked.hits {
            self.load_fragment(hit.doc)?;
            let t = self.ticket(hit.doc)?;
            let texts = engine::snippet_sources(
                &t.description,
                t.answers.iter().map(String::as_str),
                t.conversation.iter().map(|m| m.text.as_str()),
                &t.root_cause,
            );
            let snippet = self
                .engine
                .snippet_of(hit.doc, &texts, &ranked.highlight, SNIPPET_CHARS);
            hits.push(HitOut {
                id: t.id.clone(),
                number: t.number,
                title: t.title.clone(),
                product: hit.product.clone(),
                subcategory: hit.subcategory.clone(),
                score: hit.score,
                snippet,
            });
        }
        let facets = ranked.facets;
        let took_ms = (started.elapsed().as_secs_f64() * 1e4).round() / 10.0;
        Ok(Output {
            total: ranked.total,
            took_ms,
            hits,
            facets,
        })
    }

    /// Times `repeat` warm runs of the search: ranking alone, then ranking
    /// with snippets.
    fn latency(&mut self, args: &SearchArgs) -> anyhow::Result<String> {
        let request = Request {
            query: &args.query,
            filters: &args.filters,
            limit: args.limit,
            offset: args.offset,
        };
        let mut rank = Vec::with_capacity(args.repeat);
        for _ in 0..args.repeat {
            let t = Instant::now();
            let ranked = self.engine.search(&request);
            rank.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(ranked.ok().context("a warm search asked for files")?);
        }
        let mut whole = Vec::with_capacity(args.repeat);
        for _ in 0..args.repeat {
            let t = Instant::now();
            let out = self.search(&args.query, &args.filters, args.limit, args.offset, t)?;
            whole.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(out);
        }
        let stats = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            let at = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
            format!("median {:.3} ms, p95 {:.3} ms", at(0.5), at(0.95))
        };
        Ok(format!(
            "warm, {} runs: ranking {}; with snippets {}",
            args.repeat,
            stats(rank),
            stats(whole)
        ))
    }

    fn load_fragment(&mut self, doc: u32) -> anyhow::Result<()> {
        let (file, _) = self.engine.fragment_of(doc);
        if !self.fragments.contains_key(file) {
            let file = file.to_owned();
            let path = self.dir.join(&file);
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let tickets: Vec<Ticket> = serde_json::from_slice(&bytes)
                .with_context(|| format!("{} is damaged; rebuild the site", path.display()))?;
            self.fragments.insert(file, tickets);
        }
        Ok(())
    }

    fn ticket(&self, doc: u32) -> anyhow::Result<&Ticket> {
        let (file, entry) = self.engine.fragment_of(doc);
        match self.fragments.get(file).and_then(|f| f.get(entry)) {
            Some(t) => Ok(t),
            None => bail!("{file} has no ticket {entry}; rebuild the site"),
        }
    }
}

fn render(query: &str, out: &Output, color: bool) -> String {
    use std::fmt::Write as _;
    let mark = |s: &[Segment]| -> String {
        s.iter()
            .map(|seg| match (seg.hit, color) {
                (true, true) => format!("\x1b[1;33m{}\x1b[0m", seg.text),
                (true, false) => format!("[{}]", seg.text),
                (false, _) => seg.text.clone(),
            })
            .collect()
    };
    let mut s = String::new();
    let what = if query.trim().is_empty() {
        "all tickets".to_owned()
    } else {
        format!("“{query}”")
    };
    let _ = writeln!(s, "{} ticket(s) for {what} ({} ms)", out.total, out.took_ms);
    for (i, h) in out.hits.iter().enumerate() {
        let cat = if h.subcategory.is_empty() {
            h.product.clone()
        } else {
            format!("{}｜{}", h.product, h.subcategory)
        };
        let _ = writeln!(s, "{:>3}. {}  [{cat}]  {}", i + 1, h.title, h.id);
        let _ = writeln!(s, "     {}", mark(&h.snippet));
    }
    if !out.facets.is_empty() {
        let facets: Vec<String> = out
            .facets
            .iter()
            .map(|f| {
                let subs: Vec<String> = f
                    .subcategories
                    .iter()
                    .map(|c| format!("{} {}", c.name, c.count))
                    .collect();
                format!("{} {} ({})", f.product, f.count, subs.join(", "))
            })
            .collect();
        let _ = writeln!(s, "categories: {}", facets.join("; "));
    }
    s
}

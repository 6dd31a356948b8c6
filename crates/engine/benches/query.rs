//! Warm query latency, index bytes per ticket and bytes per query, on the bundled sample and on
//! generated corpora of 1k, 10k and 100k tickets.
//!
//! ```sh
//! export TICKETSEARCH_CORPUS_DIR=/tmp/gc     # holds t1000.md, t10000.md, t100000.md
//! for n in 1000 10000 100000; do
//!   cargo run --release -p xtask -- gen-corpus --tickets $n --seed 1 --out $TICKETSEARCH_CORPUS_DIR/t$n.md
//! done
//! cargo bench -p engine --bench query
//! ```
//!
//! Sizes whose file is missing are skipped with a note; `TICKETSEARCH_BENCH_SIZES=1k,10k`
//! picks sizes (`sample`, `1k`, `10k`, `100k`). For each size the corpus is read and indexed
//! in memory with `indexer::build`; then, per query, a fresh engine fetches what the query needs
//! (the bytes a cold browser downloads) and a warm engine, holding those files, is timed:
//! criterion measures `Engine::search` (median), then a second pass times single calls with
//! `Instant` for p50/p95. Both tables are printed as Markdown at the end (BENCHMARKS.md).

mod common;

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{human_bytes, sizes, Site};
use criterion::Criterion;
use engine::{Engine, Request};

/// A realistic query: the keystrokes of `证书 处理中`, a tool name, an error code, a symptom,
/// mixed scripts, a whole question, a filtered query and browsing.
struct Query {
    /// ASCII id for criterion.
    id: &'static str,
    query: &'static str,
    filters: &'static [&'static str],
}

const QUERIES: &[Query] = &[
    Query {
        id: "zheng",
        query: "证",
        filters: &[],
    },
    Query {
        id: "zhengshu",
        query: "证书",
        filters: &[],
    },
    Query {
        id: "zhengshu_chu",
        query: "证书 处",
        filters: &[],
    },
    Query {
        id: "zhengshu_chulizhong",
        query: "证书 处理中",
        filters: &[],
    },
    Query {
        id: "kodo-browser",
        query: "kodo-browser",
        filters: &[],
    },
    Query {
        id: "403",
        query: "403",
        filters: &[],
    },
    Query {
        id: "shipin_kadun",
        query: "视频卡顿",
        filters: &[],
    },
    Query {
        id: "dns_huancun",
        query: "dns缓存",
        filters: &[],
    },
    Query {
        id: "question",
        query: "为什么证书部署一直在处理中",
        filters: &[],
    },
    Query {
        id: "filtered",
        query: "证书",
        filters: &["CDN｜证书问题"],
    },
    Query {
        id: "browse",
        query: "",
        filters: &[],
    },
];

/// First page, as the UI asks.
const LIMIT: usize = 10;

/// One corpus, indexed, with a warm engine.
struct Corpus {
    label: String,
    tickets: usize,
    input_bytes: u64,
    site: Site,
    warm: Engine,
}

fn corpora() -> Vec<(String, PathBuf)> {
    let wanted: Option<BTreeSet<String>> = std::env::var("TICKETSEARCH_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').map(|s| s.trim().to_owned()).collect());
    let want = |label: &str| wanted.as_ref().is_none_or(|w| w.contains(label));
    let mut out = Vec::new();
    if want("sample") {
        out.push(("sample".to_owned(), common::root().join(common::SAMPLE)));
    }
    for (label, n) in common::CORPUS_SIZES {
        if want(label) {
            if let Some(path) = common::corpus_file(n) {
                out.push((label.to_owned(), path));
            }
        }
    }
    out
}

fn load(label: &str, path: &Path) -> Corpus {
    let start = Instant::now();
    let tickets = common::read_tickets(path);
    let read = start.elapsed();
    let site = Site::build(&tickets);
    eprintln!(
        "{label}: {} tickets read in {:.2} s, indexed in {:.2} s ({} terms, {} chunks)",
        tickets.len(),
        read.as_secs_f64(),
        site.build_time.as_secs_f64(),
        site.stats.terms,
        site.stats.chunks,
    );
    let mut warm = site.open();
    for q in QUERIES {
        let filters = filters(q);
        site.search(&mut warm, &request(q, &filters));
    }
    Corpus {
        label: label.to_owned(),
        tickets: tickets.len(),
        input_bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
        site,
        warm,
    }
}

fn filters(q: &Query) -> Vec<String> {
    q.filters.iter().map(|f| (*f).to_owned()).collect()
}

fn request<'a>(q: &'a Query, filters: &'a [String]) -> Request<'a> {
    Request {
        query: q.query,
        filters,
        limit: LIMIT,
        offset: 0,
    }
}

fn bench(c: &mut Criterion, corpus: &Corpus) {
    let mut group = c.benchmark_group(format!("query-{}", corpus.label));
    for q in QUERIES {
        let filters = filters(q);
        let req = request(q, &filters);
        group.bench_function(q.id, |b| {
            b.iter(|| corpus.warm.search(black_box(&req)).expect("warm"))
        });
    }
    group.finish();
}

/// p50 and p95 of single `search` calls, timed one by one: about a second or 20,000 calls per
/// query, at least 200.
fn percentiles(corpus: &Corpus, q: &Query) -> (Duration, Duration, usize) {
    let filters = filters(q);
    let req = request(q, &filters);
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 200 || (times.len() < 20_000 && start.elapsed() < Duration::from_secs(1)) {
        let t = Instant::now();
        let ranked = corpus.warm.search(black_box(&req)).expect("warm");
        times.push(t.elapsed());
        black_box(ranked);
    }
    times.sort_unstable();
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    (at(0.50), at(0.95), times.len())
}

/// Criterion's median for one benchmark, from its `estimates.json`.
fn criterion_median(dir: &Path, group: &str, id: &str) -> Option<Duration> {
    let text = std::fs::read_to_string(dir.join(group).join(id).join("new/estimates.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let ns = v["median"]["point_estimate"].as_f64()?;
    Some(Duration::from_secs_f64(ns / 1e9))
}

/// A query for a table row.
fn shown(q: &Query) -> String {
    match (q.query, q.filters) {
        ("", []) => "(browse)".to_owned(),
        (s, []) => format!("`{s}`"),
        (s, f) => format!("`{s}` + filter `{}`", f.join(", ")),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

fn latency_table(corpora: &[Corpus], criterion_dir: &Path) {
    println!("\n### Warm query latency (`Engine::search`, limit {LIMIT}), ms\n");
    print!("| query |");
    for c in corpora {
        print!(" {} median | {} p50 / p95 |", c.label, c.label);
    }
    print!("\n| --- |");
    for _ in corpora {
        print!(" ---: | ---: |");
    }
    println!();
    let rows: Vec<Vec<String>> = corpora
        .iter()
        .map(|c| {
            QUERIES
                .iter()
                .map(|q| {
                    let (p50, p95, _) = percentiles(c, q);
                    let median =
                        criterion_median(criterion_dir, &format!("query-{}", c.label), q.id)
                            .map_or("–".to_owned(), ms);
                    format!(" {median} | {} / {} |", ms(p50), ms(p95))
                })
                .collect()
        })
        .collect();
    for (i, q) in QUERIES.iter().enumerate() {
        let shown = shown(q);
        print!("| {shown} |");
        for row in &rows {
            print!("{}", row[i]);
        }
        println!();
    }
    print!("| total hits (`{}`) |", QUERIES[1].query);
    for c in corpora {
        let req = request(&QUERIES[1], &[]);
        let total = c.warm.search(&req).map_or(0, |r| r.total);
        print!(" {total} | |");
    }
    println!();
}

fn size_table(corpora: &[Corpus]) {
    println!("\n### Index bytes per ticket (each file gzipped alone, level 6)\n");
    println!(
        "| corpus | tickets | archive | index files | index raw / gzip per ticket | fragments raw / gzip per ticket | files |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for c in corpora {
        let n = c.tickets as f64;
        let (ir, ig) = sizes(c.site.index_files().map(|(_, b)| b.as_slice()));
        let (fr, fg) = sizes(c.site.fragment_files().map(|(_, b)| b.as_slice()));
        println!(
            "| {} | {} | {} | {} ({}) | {} / {} | {} / {} | {} |",
            c.label,
            c.tickets,
            human_bytes(c.input_bytes as f64),
            human_bytes(ir as f64),
            c.site.index_files().count(),
            human_bytes(ir as f64 / n),
            human_bytes(ig as f64 / n),
            human_bytes(fr as f64 / n),
            human_bytes(fg as f64 / n),
            c.site.files.len(),
        );
    }

    println!("\n### Bytes a query downloads from a cold cache, gzip (raw)\n");
    println!("Manifest + the term chunks the query needs; then + the fragments of its top {LIMIT} hits (titles, snippets).\n");
    print!("| query |");
    for c in corpora {
        print!(" {} index | {} + top {LIMIT} |", c.label, c.label);
    }
    print!("\n| --- |");
    for _ in corpora {
        print!(" ---: | ---: |");
    }
    println!();
    for q in QUERIES {
        print!("| {} |", shown(q));
        for c in corpora {
            let filters = filters(q);
            let mut cold = c.site.open();
            let (ranked, fetched) = c.site.search(&mut cold, &request(q, &filters));
            let mut files: Vec<&str> = vec![format::MANIFEST_PATH];
            files.extend(fetched.iter().map(String::as_str));
            let index = sizes(files.iter().map(|f| c.site.files[*f].as_slice()));
            let fragments: BTreeSet<&str> = ranked
                .hits
                .iter()
                .map(|h| cold.fragment_of(h.doc).0)
                .collect();
            files.extend(fragments);
            let all = sizes(files.iter().map(|f| c.site.files[*f].as_slice()));
            print!(
                " {} ({}) | {} ({}) |",
                human_bytes(index.1 as f64),
                human_bytes(index.0 as f64),
                human_bytes(all.1 as f64),
                human_bytes(all.0 as f64)
            );
        }
        println!();
    }
}

fn main() {
    let corpora: Vec<Corpus> = corpora()
        .iter()
        .map(|(label, path)| load(label, path))
        .collect();
    let criterion_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| common::root().join("target"), PathBuf::from)
        .join("criterion");
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .output_directory(&criterion_dir)
        .configure_from_args();
    for corpus in &corpora {
        bench(&mut c, corpus);
    }
    c.final_summary();
    if common::full_run() {
        latency_table(&corpora, &criterion_dir);
        size_table(&corpora);
    }
}

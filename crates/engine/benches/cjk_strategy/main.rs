//! The CJK strategy experiment (issue 3): plain overlapping bigrams (the shipped analyzer) against
//! bigrams + dictionary words (`analysis` feature `dictionary`), on the judged queries of
//! `tests/relevance/queries.json` and on index and dictionary bytes.
//!
//! ```sh
//! cargo bench -p engine --bench cjk_strategy                  # the sample: judged metrics, sizes
//! TICKETSEARCH_CORPUS_DIR=/tmp/gc cargo bench -p engine --bench cjk_strategy   # + index size at 10k
//! ```
//!
//! Variants (each used identically at index and query time):
//! - `bigrams`: `Analyzer::new()`, what ships;
//! - `bigrams + jieba words`: every word of ≥ 3 CJK chars of jieba's dictionary (jieba-rs,
//!   natively) found anywhere in a CJK run. All of jieba's ~350k entries are consulted through
//!   `Jieba::has_word` on every 3–16 char substring of the texts analysed (tickets and queries),
//!   so the stage behaves as with the full dictionary loaded;
//! - `bigrams + domain words (≥ N)`: the words of ≥ 3 CJK chars that jieba's precise mode
//!   (`cut`, no HMM) finds at least N times in the indexed tickets — a dictionary a build could
//!   derive from its own archive and ship beside the index.
//!
//! The index is built by `indexer::build` with the variant's analyzer (`Options::analyzer`);
//! queries run through `engine::query::tokens` + `resolve` + `score::rank`, which is
//! `Engine::search` with the variant's analyzer (checked identical for the default analyzer).

#[path = "../common/mod.rs"]
mod common;

/// The judged-relevance runner of the integration tests, reused so that the metrics are computed
/// by the same code.
#[allow(dead_code)] // its #[test]s and their helpers are not compiled here
#[path = "../../../../tests/relevance.rs"]
mod relevance;

/// What `tests/relevance.rs` expects of the integration tests' `util` module.
mod util {
    pub use crate::common::{root, SAMPLE};
}

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use analysis::{is_cjk, Analyzer, Dictionary, MAX_WORD_CHARS, MIN_WORD_CHARS};
use common::{gzip_len, human_bytes, sizes};
use engine::{Engine, Ranked, Request};
use jieba_rs::Jieba;
use ticket::Ticket;

/// Thresholds N of the domain dictionaries (word seen at least N times in the archive).
const DOMAIN_MIN_COUNTS: [usize; 3] = [2, 3, 5];

/// An index built with one analyzer.
struct Built {
    files: BTreeMap<String, Vec<u8>>,
    ids: Vec<String>,
    stats: indexer::Stats,
    time: Duration,
}

fn build(analyzer: &Analyzer, tickets: &[Ticket]) -> Built {
    let mut files = BTreeMap::new();
    let start = Instant::now();
    let options = indexer::Options {
        analyzer: analyzer.clone(),
        ..indexer::Options::default()
    };
    let stats = indexer::build(tickets, &options, &mut |p: &str, b: &[u8]| {
        if !p.starts_with("tickets/") {
            files.insert(p.to_owned(), b.to_vec());
        }
        Ok(())
    })
    .expect("build in memory");
    let time = start.elapsed();
    let ids = indexer::document_order(tickets)
        .into_iter()
        .map(|i| tickets[i].id.clone())
        .collect();
    Built {
        files,
        ids,
        stats,
        time,
    }
}

impl Built {
    /// `Engine::search` with `analyzer` on the query side, from a cold cache; also returns the
    /// files fetched.
    fn search(&self, analyzer: &Analyzer, request: &Request<'_>) -> (Ranked, Vec<String>) {
        let mut engine = Engine::open(&self.files[format::MANIFEST_PATH]).expect("manifest");
        let mut fetched = Vec::new();
        let tokens = engine::query::tokens(analyzer, request.query);
        loop {
            let missing = match engine::query::resolve(&engine, &tokens) {
                Ok(groups) => return (engine::score::rank(&engine, &groups, request), fetched),
                Err(missing) => missing.files,
            };
            for f in missing {
                engine.add_file(&f, &self.files[&f]).expect("index file");
                fetched.push(f);
            }
        }
    }

    fn ids(&self, analyzer: &Analyzer, query: &str, filters: &[String]) -> Vec<String> {
        let request = Request {
            query,
            filters,
            limit: 10,
            offset: 0,
        };
        let (ranked, _) = self.search(analyzer, &request);
        ranked
            .hits
            .iter()
            .map(|h| self.ids[h.doc as usize].clone())
            .collect()
    }

    fn index_sizes(&self) -> (usize, usize) {
        sizes(self.files.values().map(Vec::as_slice))
    }

    /// Mean gzip bytes a query downloads from a cold cache (manifest + its chunks).
    fn mean_download(&self, analyzer: &Analyzer, queries: &[(String, Vec<String>)]) -> f64 {
        let manifest = gzip_len(&self.files[format::MANIFEST_PATH]);
        let gz: HashMap<&String, usize> =
            self.files.iter().map(|(p, b)| (p, gzip_len(b))).collect();
        let total: usize = queries
            .iter()
            .map(|(q, f)| {
                let request = Request {
                    query: q,
                    filters: f,
                    limit: 10,
                    offset: 0,
                };
                let (_, fetched) = self.search(analyzer, &request);
                manifest + fetched.iter().map(|p| gz[p]).sum::<usize>()
            })
            .sum();
        total as f64 / queries.len().max(1) as f64
    }
}

/// The judged queries (query, filters), no-answer ones included.
fn judged_queries() -> Vec<(String, Vec<String>)> {
    judged().into_iter().map(|(q, f, _)| (q, f)).collect()
}

/// The judged queries with their judgments.
fn judged() -> Vec<(String, Vec<String>, HashMap<String, u8>)> {
    let text = std::fs::read_to_string(common::root().join("tests/relevance/queries.json"))
        .expect("queries.json");
    let v: serde_json::Value = serde_json::from_str(&text).expect("queries.json");
    v["queries"]
        .as_array()
        .expect("queries")
        .iter()
        .map(|q| {
            let filters = q["filters"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .filter_map(|s| s.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let judgments = q["judgments"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter_map(|(id, g)| Some((id.clone(), u8::try_from(g.as_u64()?).ok()?)))
                        .collect()
                })
                .unwrap_or_default();
            let query = q["query"].as_str().unwrap_or_default().to_owned();
            (query, filters, judgments)
        })
        .collect()
}

/// Every text the indexer analyses.
fn texts(tickets: &[Ticket]) -> Vec<String> {
    let mut out = Vec::new();
    for t in tickets {
        indexer::for_each_field_text(t, |_, text| out.push(text.to_owned()));
    }
    out
}

/// The maximal CJK runs of `text`.
fn cjk_runs(text: &str) -> impl Iterator<Item = Vec<char>> + '_ {
    text.split(|c: char| !is_cjk(c))
        .filter(|r| !r.is_empty())
        .map(|r| r.chars().collect())
}

/// The words of jieba's dictionary that occur in `texts`: every 3–16 char substring of every CJK
/// run tested with `has_word`. All-matches over these equals all-matches over the whole dictionary.
fn jieba_words_in<'a>(jieba: &Jieba, texts: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for text in texts {
        for run in cjk_runs(text) {
            for start in 0..run.len() {
                for len in MIN_WORD_CHARS..=MAX_WORD_CHARS.min(run.len() - start) {
                    let s: String = run[start..start + len].iter().collect();
                    if jieba.has_word(&s) {
                        words.insert(s);
                    }
                }
            }
        }
    }
    words
}

/// Words of ≥ 3 CJK chars from jieba's precise segmentation of the tickets, with their counts.
fn jieba_segment_counts(jieba: &Jieba, tickets: &[Ticket]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for text in texts(tickets) {
        for t in jieba.cut(&text, false) {
            let n = t.word.chars().count();
            if (MIN_WORD_CHARS..=MAX_WORD_CHARS).contains(&n) && t.word.chars().all(is_cjk) {
                *counts.entry(t.word.to_owned()).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// A dictionary as the browser would download it: words sorted, one per line.
fn dictionary_file(d: &Dictionary) -> Vec<u8> {
    let mut words: Vec<&str> = d.words().collect();
    words.sort_unstable();
    let mut out = words.join("\n").into_bytes();
    out.push(b'\n');
    out
}

struct Variant {
    name: String,
    analyzer: Analyzer,
    /// What the dictionary covers, for the table.
    note: String,
}

fn main() {
    let full = common::full_run();
    let sample = common::read_tickets(&common::root().join(common::SAMPLE));
    let queries = judged_queries();

    // The query path equals the shipped one.
    let shipped = common::Site::build(&sample);
    let default = Analyzer::new();
    let base = build(&default, &sample);
    let mut engine = shipped.open();
    for (q, f) in &queries {
        let request = Request {
            query: q,
            filters: f,
            limit: 10,
            offset: 0,
        };
        let (want, _) = shipped.search(&mut engine, &request);
        if base.search(&default, &request).0 != want {
            let why = format!("query {q}: tokens + resolve + rank no longer equal Engine::search");
            assert!(!full, "{why}");
            eprintln!("note: {why}; experiment skipped");
            return;
        }
    }

    let start = Instant::now();
    let jieba = Jieba::new();
    eprintln!(
        "jieba dictionary loaded in {:.2} s",
        start.elapsed().as_secs_f64()
    );
    let query_texts: Vec<&str> = queries.iter().map(|(q, _)| q.as_str()).collect();
    let sample_texts = texts(&sample);
    let jieba_words = jieba_words_in(
        &jieba,
        sample_texts
            .iter()
            .map(String::as_str)
            .chain(query_texts.iter().copied()),
    );
    let counts = jieba_segment_counts(&jieba, &sample);

    let mut variants = vec![Variant {
        name: "bigrams (shipped)".into(),
        analyzer: Analyzer::new(),
        note: "–".into(),
    }];
    variants.push(Variant {
        name: "bigrams + jieba words".into(),
        analyzer: Analyzer::with_dictionary(Arc::new(Dictionary::new(&jieba_words))),
        note: format!(
            "jieba's dictionary ({} of its ≥3-char words occur in the sample or the queries)",
            jieba_words.len()
        ),
    });
    for n in DOMAIN_MIN_COUNTS {
        let words = counts.iter().filter(|(_, &c)| c >= n).map(|(w, _)| w);
        let d = Dictionary::new(words);
        let file = dictionary_file(&d);
        variants.push(Variant {
            name: format!("bigrams + domain words (≥ {n}×)"),
            note: format!(
                "{} words, {} raw / {} gzip",
                d.len(),
                human_bytes(file.len() as f64),
                human_bytes(gzip_len(&file) as f64)
            ),
            analyzer: Analyzer::with_dictionary(Arc::new(d)),
        });
    }

    // Judged metrics and sizes on the sample.
    let mut results = Vec::new();
    let mut per_query: Vec<Vec<f64>> = Vec::new();
    let judged = judged();
    for v in &variants {
        let built = build(&v.analyzer, &sample);
        per_query.push(
            judged
                .iter()
                .map(|(q, f, j)| relevance::ndcg(&built.ids(&v.analyzer, q, f), j))
                .collect(),
        );
        let e = relevance::evaluate(&mut |q, f| built.ids(&v.analyzer, q, f));
        let (raw, gz) = built.index_sizes();
        let download = built.mean_download(&v.analyzer, &queries);
        results.push((e, built.stats.terms, raw, gz, download));
    }

    println!("\n### Judged queries (sample, 114 tickets)\n");
    println!(
        "| analyzer | nDCG@10 | MRR@10 | Recall@10 | no-answer queries with 0 hits | dictionary |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | --- |");
    for (v, (e, ..)) in variants.iter().zip(&results) {
        println!(
            "| {} | {:.3} | {:.3} | {:.3} | {}/{} | {} |",
            v.name,
            e.all.ndcg,
            e.all.mrr,
            e.all.recall,
            e.no_answer_empty.0,
            e.no_answer_empty.1,
            v.note
        );
    }
    println!("\nnDCG@10 per query kind:\n");
    let kinds: Vec<&String> = results[0].0.by_kind.keys().collect();
    print!("| analyzer |");
    for k in &kinds {
        print!(" {k} ({}) |", results[0].0.by_kind[*k].queries);
    }
    print!("\n| --- |");
    for _ in &kinds {
        print!(" ---: |");
    }
    println!();
    for (v, (e, ..)) in variants.iter().zip(&results) {
        print!("| {} |", v.name);
        for k in &kinds {
            print!(" {:.3} |", e.by_kind.get(*k).map_or(0.0, |m| m.ndcg));
        }
        println!();
    }
    println!(
        "\nJudged queries whose nDCG@10 changed (Δ vs bigrams; dictionary words of the query):\n"
    );
    println!("| analyzer | query | nDCG@10 bigrams → variant | words |");
    println!("| --- | --- | --- | --- |");
    for (v, scores) in variants.iter().zip(&per_query).skip(1) {
        for ((q, _, j), (&a, &b)) in judged.iter().zip(per_query[0].iter().zip(scores)) {
            if j.is_empty() || (a - b).abs() < 0.005 {
                continue;
            }
            let words: Vec<String> = v
                .analyzer
                .analyze(q)
                .into_iter()
                .filter(|t| t.text.chars().count() >= MIN_WORD_CHARS && t.text.chars().all(is_cjk))
                .map(|t| t.text)
                .collect();
            println!(
                "| {} | `{q}` | {a:.3} → {b:.3} | {} |",
                v.name,
                words.join(" ")
            );
        }
    }
    println!("\nIndex of the sample (manifest + chunks):\n");
    println!("| analyzer | terms | index raw / gzip | mean gzip download per judged query |");
    println!("| --- | ---: | ---: | ---: |");
    for (v, (_, terms, raw, gz, download)) in variants.iter().zip(&results) {
        println!(
            "| {} | {terms} | {} / {} | {} |",
            v.name,
            human_bytes(*raw as f64),
            human_bytes(*gz as f64),
            human_bytes(*download)
        );
    }

    // Index growth on a generated corpus (the domain dictionaries stay those of the sample; the
    // jieba variant gets the jieba words of this corpus too).
    if !full {
        return;
    }
    let Some(path) = common::corpus_file(10_000) else {
        return;
    };
    let tickets = common::read_tickets(&path);
    let corpus_texts = texts(&tickets);
    let jieba_words = jieba_words_in(
        &jieba,
        corpus_texts
            .iter()
            .map(String::as_str)
            .chain(query_texts.iter().copied()),
    );
    variants[1].analyzer = Analyzer::with_dictionary(Arc::new(Dictionary::new(&jieba_words)));
    println!("\nIndex of the 10k corpus ({} tickets):\n", tickets.len());
    println!(
        "| analyzer | terms | index raw / gzip per ticket | mean gzip download per judged query | build (1 thread) |"
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    for v in &variants {
        let built = build(&v.analyzer, &tickets);
        let (raw, gz) = built.index_sizes();
        let n = tickets.len() as f64;
        println!(
            "| {} | {} | {} / {} | {} | {:.2} s |",
            v.name,
            built.stats.terms,
            human_bytes(raw as f64 / n),
            human_bytes(gz as f64 / n),
            human_bytes(built.mean_download(&v.analyzer, &queries)),
            built.time.as_secs_f64()
        );
    }
}

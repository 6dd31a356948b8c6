//! Judged relevance: the queries of `tests/relevance/queries.json` run
//! against an index of the bundled sample; nDCG@10, MRR@10 and Recall@10
//! must stay above floors set from the measured values. Run with
//! `--nocapture` to see the table and every query's misses.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use crate::util::{root, SAMPLE};

#[derive(Deserialize)]
struct Judged {
    queries: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    id: String,
    query: String,
    filters: Vec<String>,
    kind: String,
    judgments: HashMap<String, u8>,
}

const K: usize = 10;

/// nDCG@K with gain 2^grade − 1; the ideal ranking orders all judged tickets.
pub fn ndcg(ranked: &[String], judged: &HashMap<String, u8>) -> f64 {
    let gain = |g: u8| f64::from((1u32 << g) - 1);
    let discount = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let dcg: f64 = ranked
        .iter()
        .take(K)
        .enumerate()
        .map(|(i, id)| gain(*judged.get(id).unwrap_or(&0)) * discount(i))
        .sum();
    let mut ideal: Vec<u8> = judged.values().copied().collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(K)
        .enumerate()
        .map(|(i, &g)| gain(g) * discount(i))
        .sum();
    if idcg == 0.0 {
        0.0
    } else {
        dcg / idcg
    }
}

/// MRR@K: 1 / rank of the first ticket graded ≥ 1.
pub fn mrr(ranked: &[String], judged: &HashMap<String, u8>) -> f64 {
    ranked
        .iter()
        .take(K)
        .position(|id| judged.get(id).is_some_and(|&g| g > 0))
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

/// Recall@K: the share of tickets graded ≥ 1 found in the top K.
pub fn recall(ranked: &[String], judged: &HashMap<String, u8>) -> f64 {
    let relevant = judged.values().filter(|&&g| g > 0).count();
    let found = ranked
        .iter()
        .take(K)
        .filter(|id| judged.get(*id).is_some_and(|&g| g > 0))
        .count();
    if relevant == 0 {
        0.0
    } else {
        found as f64 / relevant as f64
    }
}

/// The index of the sample, in memory, and a search function over it.
struct Sample {
    files: BTreeMap<String, Vec<u8>>,
    ids: Vec<String>,
}

impl Sample {
    fn build() -> Sample {
        let inputs = ticket::read_inputs(&[root().join(SAMPLE)]);
        assert_eq!(inputs.tickets.len(), 114);
        let mut files = BTreeMap::new();
        indexer::build(
            &inputs.tickets,
            &indexer::Options::default(),
            &mut |p: &str, b: &[u8]| {
                files.insert(p.to_owned(), b.to_vec());
                Ok(())
            },
        )
        .unwrap();
        let ids = indexer::document_order(&inputs.tickets)
            .into_iter()
            .map(|i| inputs.tickets[i].id.clone())
            .collect();
        Sample { files, ids }
    }

    fn search(&self, query: &str, filters: &[String]) -> Vec<String> {
        let mut engine = engine::Engine::open(&self.files[format::MANIFEST_PATH]).unwrap();
        let request = engine::Request {
            query,
            filters,
            limit: K,
            offset: 0,
        };
        let ranked = loop {
            match engine.search(&request) {
                Ok(r) => break r,
                Err(m) => m
                    .files
                    .iter()
                    .for_each(|f| engine.add_file(f, &self.files[f]).unwrap()),
            }
        };
        ranked
            .hits
            .iter()
            .map(|h| self.ids[h.doc as usize].clone())
            .collect()
    }
}

#[test]
fn judged_queries_meet_the_floors() {
    let judged: Judged = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/relevance/queries.json")).unwrap(),
    )
    .unwrap();
    assert!(judged.queries.len() >= 50);
    let sample = Sample::build();
    let mut by_kind: BTreeMap<&str, (f64, f64, f64, usize)> = BTreeMap::new();
    let (mut n, mut sums) = (0usize, (0.0, 0.0, 0.0));
    let (mut no_answer, mut no_answer_empty) = (0, 0);
    for q in &judged.queries {
        let ranked = sample.search(&q.query, &q.filters);
        if q.judgments.is_empty() {
            no_answer += 1;
            no_answer_empty += usize::from(ranked.is_empty());
            println!(
                "{} {:<24} no-answer query: {} hit(s)",
                q.id,
                q.query,
                ranked.len()
            );
            continue;
        }
        let (a, b, c) = (
            ndcg(&ranked, &q.judgments),
            mrr(&ranked, &q.judgments),
            recall(&ranked, &q.judgments),
        );
        let e = by_kind.entry(&q.kind).or_default();
        *e = (e.0 + a, e.1 + b, e.2 + c, e.3 + 1);
        sums = (sums.0 + a, sums.1 + b, sums.2 + c);
        n += 1;
        let missed: Vec<&String> = q
            .judgments
            .iter()
            .filter(|(id, &g)| g == 2 && !ranked.contains(id))
            .map(|(id, _)| id)
            .collect();
        println!(
            "{} {:<24} nDCG {a:.3} MRR {b:.3} R {c:.3}  missed grade 2: {missed:?}",
            q.id, q.query
        );
    }
    let avg = |s: f64| s / n as f64;
    println!(
        "\n| kind | queries | nDCG@10 | MRR@10 | Recall@10 |\n| --- | --- | --- | --- | --- |"
    );
    for (kind, (a, b, c, k)) in &by_kind {
        let k = *k as f64;
        println!(
            "| {kind} | {k} | {:.3} | {:.3} | {:.3} |",
            a / k,
            b / k,
            c / k
        );
    }
    let (ndcg10, mrr10, recall10) = (avg(sums.0), avg(sums.1), avg(sums.2));
    println!("| **all** | {n} | **{ndcg10:.3}** | **{mrr10:.3}** | **{recall10:.3}** |");
    println!("no-answer queries with zero hits: {no_answer_empty}/{no_answer}");
    // Floors: a little under the measured values (see BENCHMARKS.md), so a
    // change that makes search worse fails here.
    assert!(ndcg10 >= FLOOR_NDCG, "nDCG@10 {ndcg10:.3} < {FLOOR_NDCG}");
    assert!(mrr10 >= FLOOR_MRR, "MRR@10 {mrr10:.3} < {FLOOR_MRR}");
    assert!(
        recall10 >= FLOOR_RECALL,
        "Recall@10 {recall10:.3} < {FLOOR_RECALL}"
    );
}

const FLOOR_NDCG: f64 = 0.85;
const FLOOR_MRR: f64 = 0.9;
const FLOOR_RECALL: f64 = 0.81;

/// Averages of nDCG@10, MRR@10 and Recall@10 over judged queries.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Metrics {
    /// How many queries (with judgments) were averaged.
    pub queries: usize,
    /// Mean nDCG@10.
    pub ndcg: f64,
    /// Mean MRR@10.
    pub mrr: f64,
    /// Mean Recall@10.
    pub recall: f64,
}

/// What [`evaluate`] measured.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    /// Over all judged queries.
    pub all: Metrics,
    /// Per query kind (`word`, `two-words`, `paraphrase`…).
    pub by_kind: BTreeMap<String, Metrics>,
    /// No-answer queries that got no hit, and how many there are.
    pub no_answer_empty: (usize, usize),
}

/// The variant runner: every query of `tests/relevance/queries.json` through `search` (query,
/// filters → ticket ids, best first), scored as `judged_queries_meet_the_floors` scores the
/// shipped pipeline. `cargo bench -p engine --bench cjk_strategy` includes this file to compare
/// analyzer variants on the same judgments.
pub fn evaluate(search: &mut dyn FnMut(&str, &[String]) -> Vec<String>) -> Evaluation {
    let judged: Judged = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/relevance/queries.json")).unwrap(),
    )
    .unwrap();
    let mut sums: BTreeMap<Option<String>, Metrics> = BTreeMap::new();
    let mut no_answer_empty = (0, 0);
    for q in &judged.queries {
        let ranked = search(&q.query, &q.filters);
        if q.judgments.is_empty() {
            no_answer_empty.0 += usize::from(ranked.is_empty());
            no_answer_empty.1 += 1;
            continue;
        }
        for key in [None, Some(q.kind.clone())] {
            let m = sums.entry(key).or_default();
            m.queries += 1;
            m.ndcg += ndcg(&ranked, &q.judgments);
            m.mrr += mrr(&ranked, &q.judgments);
            m.recall += recall(&ranked, &q.judgments);
        }
    }
    let mean = |m: Metrics| {
        let n = m.queries.max(1) as f64;
        Metrics {
            queries: m.queries,
            ndcg: m.ndcg / n,
            mrr: m.mrr / n,
            recall: m.recall / n,
        }
    };
    let all = sums.remove(&None).map(mean).unwrap_or_default();
    Evaluation {
        all,
        by_kind: sums
            .into_iter()
            .filter_map(|(k, m)| Some((k?, mean(m))))
            .collect(),
        no_answer_empty,
    }
}

#[test]
fn variant_runner_scores_the_shipped_pipeline() {
    let sample = Sample::build();
    let e = evaluate(&mut |q, f| sample.search(q, f));
    assert!(e.all.queries >= 45, "{e:?}");
    assert!(e.no_answer_empty.1 > 0 && e.no_answer_empty.0 <= e.no_answer_empty.1);
    assert_eq!(
        e.by_kind.values().map(|m| m.queries).sum::<usize>(),
        e.all.queries
    );
    assert!(e.all.ndcg >= FLOOR_NDCG, "{e:?}");
    assert!(e.all.mrr >= FLOOR_MRR, "{e:?}");
    assert!(e.all.recall >= FLOOR_RECALL, "{e:?}");
}

#[test]
fn metrics_match_hand_computed_values() {
    let j: HashMap<String, u8> = [
        ("a".to_owned(), 2),
        ("b".to_owned(), 1),
        ("c".to_owned(), 1),
    ]
    .into();
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!((ndcg(&ids(&["a", "b", "c"]), &j) - 1.0).abs() < 1e-9);
    // DCG = 1/log2(3) + 3/log2(4) = 0.6309 + 1.5; IDCG = 3 + 1/log2(3) + 1/2 = 4.1309
    assert!(
        (ndcg(&ids(&["x", "a", "b"]), &j)
            - (1.0 / 3f64.log2() * 1.0 + 3.0 / 2.0 * 0.0 + 3.0 / 3f64.log2() - 1.0 / 3f64.log2()
                + 1.0 / 2.0)
                / (3.0 + 1.0 / 3f64.log2() + 0.5))
            .abs()
            < 1e-9
    );
    assert_eq!(mrr(&ids(&["x", "y", "b"]), &j), 1.0 / 3.0);
    assert_eq!(recall(&ids(&["x", "a"]), &j), 1.0 / 3.0);
    assert_eq!(mrr(&ids(&[]), &j), 0.0);
}

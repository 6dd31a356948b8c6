//! The ranking against a reference: the formula of [`crate::score`] computed
//! the plain way (hash maps, the posting iterator, one full sort), on the
//! bundled sample and queries cut from its own texts. The engine's fast path
//! (decoded postings, reused accumulators, a pruned top-k buffer, adjacency by
//! lookup) must give the same hits, scores, totals and facet counts.

use std::collections::{BTreeMap, HashMap};

use proptest::prelude::*;

use crate::query::{self, Group};
use crate::score::{ADJACENCY, ADJACENCY_CANDIDATES};
use crate::{Engine, Request};

const SAMPLE: &str = include_str!("../../../../data/sample/000_9f7d48363d6be106.txt");

struct Sample {
    files: BTreeMap<String, Vec<u8>>,
    /// Every title and description, to cut queries from.
    texts: Vec<Vec<char>>,
    /// The tickets in document order.
    docs: Vec<ticket::Ticket>,
}

fn sample() -> &'static Sample {
    static SAMPLE_SITE: std::sync::OnceLock<Sample> = std::sync::OnceLock::new();
    SAMPLE_SITE.get_or_init(|| {
        let tickets = ticket::parse_markdown("sample.md", SAMPLE).tickets;
        let mut files = BTreeMap::new();
        let options = indexer::Options {
            chunk_bytes: 4 * 1024,
            ..indexer::Options::default()
        };
        indexer::build(&tickets, &options, &mut |p: &str, b: &[u8]| {
            files.insert(p.to_owned(), b.to_vec());
            Ok(())
        })
        .unwrap();
        let texts = tickets
            .iter()
            .flat_map(|t| [t.title.chars().collect(), t.description.chars().collect()])
            .filter(|t: &Vec<char>| !t.is_empty())
            .collect();
        let docs = indexer::document_order(&tickets)
            .into_iter()
            .map(|i| tickets[i].clone())
            .collect();
        Sample { files, texts, docs }
    })
}

/// An engine holding every chunk.
fn engine() -> Engine {
    let s = sample();
    let mut engine = Engine::open(&s.files[format::MANIFEST_PATH]).unwrap();
    for (path, bytes) in &s.files {
        engine.add_file(path, bytes).unwrap();
    }
    engine
}

fn idf(n: u32, df: u32) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

fn in_filter(engine: &Engine, doc: u32, filters: &[String]) -> bool {
    let c = engine.category_of(doc).unwrap();
    filters.is_empty()
        || filters
            .iter()
            .any(|f| match f.split_once('｜').or_else(|| f.split_once('|')) {
                Some((p, s)) => c.product == p.trim() && c.subcategory == s.trim(),
                None => c.product == f.trim(),
            })
}

/// (doc, score) of the page, the total, and the facet counts by category.
type Outcome = (Vec<(u32, f32)>, usize, BTreeMap<(String, String), usize>);

fn reference(engine: &Engine, groups: &[Group<'_>], request: &Request<'_>) -> Outcome {
    let m = engine.manifest();
    let n = m.doc_count;
    let mut base: HashMap<u32, f32> = HashMap::new();
    let mut matched: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut group_idf = Vec::new();
    for (gi, g) in groups.iter().enumerate() {
        let mut best: HashMap<u32, f32> = HashMap::new();
        for t in &g.terms {
            let w = t.weight * idf(n, t.entry.df);
            for p in t.entry.postings().map_while(Result::ok) {
                let s = w * m.weight(p.impact);
                if p.doc < n && s > 0.0 {
                    let b = best.entry(p.doc).or_insert(0.0);
                    *b = b.max(s);
                }
            }
        }
        for (d, s) in best {
            *base.entry(d).or_insert(0.0) += s;
            matched.entry(d).or_default().push(gi);
        }
        let gidf = g.terms.iter().map(|t| idf(n, t.entry.df)).reduce(f32::max);
        group_idf.push(gidf.unwrap_or_else(|| idf(n, 0)));
    }
    let total_idf: f32 = group_idf.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    let mut facets = BTreeMap::new();
    for &d in base.keys() {
        let c = engine.category_of(d).unwrap();
        *facets
            .entry((c.product.clone(), c.subcategory.clone()))
            .or_insert(0) += 1;
    }
    let mut scored: Vec<(u32, f32)> = base
        .iter()
        .filter(|(&d, _)| in_filter(engine, d, request.filters))
        .map(|(&d, &s)| {
            let mut gs = matched[&d].clone();
            gs.sort_unstable();
            let got: f32 = gs.iter().map(|&g| group_idf[g]).sum();
            (d, s * (got / total_idf))
        })
        .collect();
    let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    scored.sort_by(by_score);
    let pairs: Vec<(usize, usize)> = (0..groups.len())
        .flat_map(|a| (0..groups.len()).map(move |b| (a, b)))
        .filter(|&(a, b)| groups[b].token.position == groups[a].token.position + 1)
        .filter(|&(a, b)| !groups[a].terms.is_empty() && !groups[b].terms.is_empty())
        .collect();
    let positions = |g: &Group<'_>, doc: u32| -> Vec<u32> {
        g.terms
            .iter()
            .flat_map(|t| t.entry.postings().map_while(Result::ok))
            .filter(|p| p.doc == doc)
            .flat_map(|p| p.positions)
            .collect()
    };
    if !pairs.is_empty() {
        for (d, s) in scored.iter_mut().take(ADJACENCY_CANDIDATES) {
            let adjacent = pairs
                .iter()
                .filter(|&&(a, b)| {
                    let pb = positions(&groups[b], *d);
                    positions(&groups[a], *d)
                        .iter()
                        .any(|x| pb.contains(&(x + 1)))
                })
                .count();
            *s *= 1.0 + ADJACENCY * adjacent as f32 / pairs.len() as f32;
        }
    }
    scored.sort_by(by_score);
    let total = scored.len();
    let page = scored
        .into_iter()
        .skip(request.offset)
        .take(request.limit)
        .collect();
    (page, total, facets)
}

fn fast(engine: &Engine, request: &Request<'_>) -> Outcome {
    let ranked = engine.search(request).expect("every chunk is loaded");
    let facets = ranked
        .facets
        .iter()
        .flat_map(|f| {
            f.subcategories
                .iter()
                .map(|s| ((f.product.clone(), s.name.clone()), s.count))
        })
        .collect();
    let page = ranked.hits.iter().map(|h| (h.doc, h.score)).collect();
    (page, ranked.total, facets)
}

fn check(engine: &Engine, request: &Request<'_>) -> Result<(), TestCaseError> {
    let tokens = query::tokens(engine.analyzer(), request.query);
    let groups = query::resolve(engine, &tokens).expect("every chunk is loaded");
    if groups.is_empty() {
        return Ok(()); // browsing, tested on its own
    }
    let (want_page, want_total, want_facets) = reference(engine, &groups, request);
    let (page, total, facets) = fast(engine, request);
    prop_assert_eq!(total, want_total, "total of {:?}", request.query);
    prop_assert_eq!(facets, want_facets, "facets of {:?}", request.query);
    let docs: Vec<u32> = page.iter().map(|h| h.0).collect();
    let want_docs: Vec<u32> = want_page.iter().map(|h| h.0).collect();
    prop_assert_eq!(docs, want_docs, "hits of {:?}", request.query);
    for ((_, s), (_, w)) in page.iter().zip(&want_page) {
        prop_assert!(
            (s - w).abs() <= 1e-5 * w.abs().max(1.0),
            "score {s} vs {w} for {:?}",
            request.query
        );
    }
    Ok(())
}

/// A query cut from the sample: one or two pieces of its texts, sometimes
/// followed by a space (so the last word is not a prefix).
fn cut(picks: &[(usize, usize, usize)], space: bool) -> String {
    let texts = &sample().texts;
    let mut q: Vec<String> = Vec::new();
    for &(t, at, len) in picks {
        let text = &texts[t % texts.len()];
        let at = at % text.len();
        q.push(text[at..(at + len).min(text.len())].iter().collect());
    }
    let mut q = q.join(" ");
    if space {
        q.push(' ');
    }
    q
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn ranking_matches_the_reference(
        picks in prop::collection::vec((any::<usize>(), any::<usize>(), 1usize..8), 1..4),
        space in any::<bool>(),
        filter in prop::option::of(prop::sample::select(vec!["CDN", "CDN｜证书问题", "对象存储", "短信|国内短信", "账号与财务"])),
        offset in prop::sample::select(vec![0usize, 0, 10, 295]),
        limit in prop::sample::select(vec![10usize, 1, 50]),
    ) {
        let engine = engine();
        let query = cut(&picks, space);
        let filters: Vec<String> = filter.into_iter().map(str::to_owned).collect();
        let request = Request { query: &query, filters: &filters, limit, offset };
        check(&engine, &request)?;
        // Again on the same engine: the accumulators it keeps must start clean.
        check(&engine, &request)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Snippets from the kept analyses are those of a fresh analysis, for
    /// documents analysed before under other queries too.
    #[test]
    fn kept_analyses_give_the_same_snippets(
        queries in prop::collection::vec(prop::collection::vec((any::<usize>(), any::<usize>(), 1usize..6), 1..3), 1..4),
    ) {
        let engine = engine();
        for picks in &queries {
            let query = cut(picks, false);
            let request = Request { query: &query, filters: &[], limit: 20, offset: 0 };
            let ranked = engine.search(&request).unwrap();
            for hit in &ranked.hits {
                let t = &sample().docs[hit.doc as usize];
                let texts = sources(t);
                let fresh = engine.snippet(&texts, &ranked.highlight, crate::SNIPPET_CHARS);
                let kept = engine.snippet_of(hit.doc, &texts, &ranked.highlight, crate::SNIPPET_CHARS);
                prop_assert_eq!(kept, fresh, "doc {} for {:?}", hit.doc, query);
            }
        }
    }
}

#[test]
fn typed_keystrokes_match_the_reference() {
    let engine = engine();
    for query in [
        "证",
        "证书",
        "证书 处",
        "证书 处理中",
        "kodo-browser",
        "403",
        "视频卡顿",
        "dns缓存",
        "为什么证书部署一直在处理中",
        "上传 报错",
        "qshel",
        "",
    ] {
        let request = Request {
            query,
            filters: &[],
            limit: 10,
            offset: 0,
        };
        check(&engine, &request).unwrap();
    }
}

/// The texts a ticket's snippet is chosen from.
fn sources(t: &ticket::Ticket) -> Vec<&str> {
    crate::snippet_sources(
        &t.description,
        t.answers.iter().map(String::as_str),
        t.conversation.iter().map(|m| m.text.as_str()),
        &t.root_cause,
    )
}

/// The terms a search for `query` highlights.
fn highlight_of(engine: &Engine, query: &str) -> crate::Highlight {
    let request = Request {
        query,
        filters: &[],
        limit: 10,
        offset: 0,
    };
    engine.search(&request).unwrap().highlight
}

#[test]
fn snippets_stay_right_when_the_kept_analyses_are_dropped() {
    let engine = engine();
    let highlight = highlight_of(&engine, "证书 上传");
    let docs = &sample().docs;
    // More documents than are kept: the cache empties and fills again.
    for round in 0..2 {
        for key in 0..(crate::snippet::ANALYSED_DOCS + 50) as u32 {
            let t = &docs[key as usize % docs.len()];
            let texts = sources(t);
            let kept = engine.snippet_of(key, &texts, &highlight, 80);
            assert_eq!(
                kept,
                engine.snippet(&texts, &highlight, 80),
                "key {key}, round {round}"
            );
        }
    }
}

#[test]
fn kept_analyses_of_other_texts_do_not_panic() {
    let engine = engine();
    let highlight = highlight_of(&engine, "证书");
    // A caller's mistake: the same document key for other texts, shorter
    // and with multi-byte characters where the first had ASCII.
    let first = ["abc 证书 xyz 证书 证书 tail text"];
    let other = ["证书证"];
    let _ = engine.snippet_of(7, &first, &highlight, 40);
    let segments = engine.snippet_of(7, &other, &highlight, 40);
    let text: String = segments.iter().map(|s| s.text.as_str()).collect();
    assert!(
        other[0].starts_with(text.trim_end_matches('…')) || text.is_empty(),
        "{text}"
    );
}

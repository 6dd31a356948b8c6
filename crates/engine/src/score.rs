//! Ranking and facet counting.
//!
//! For a document `d` and query tokens `g` (each with the index terms it
//! matched, see [`crate::query`]):
//!
//! ```text
//! s(g, d)   = max over terms t of g:  weight(t) · idf(t) · impact(t, d)
//! base(d)   = Σ_g s(g, d)
//! cover(d)  = Σ_{g matched in d} idf_g / Σ_g idf_g       (how much of the query)
//! adj(d)    = share of adjacent query-token pairs that are adjacent in d
//! score(d)  = base(d) · cover(d) · (1 + ADJACENCY · adj(d))
//! ```
//!
//! `idf_g` is the IDF of the token's best term, or of a term found nowhere
//! for an unknown token — so a query with an unknown word still ranks the
//! documents with the rest of it, below a document that had it all. Every
//! document matching any token is a hit (OR semantics): on the judged
//! queries, dropping weakly covering documents cost more recall than it
//! bought precision (nDCG@10 0.851 with a cut at 30 % of the best cover,
//! 0.870 without; cover² instead of cover: 0.866).
//! Adjacency needs positions, so it is computed for the best
//! [`ADJACENCY_CANDIDATES`] documents only.

use format::Category;

use crate::query::Group;
use crate::{Engine, Request};

/// How much a document whose adjacent query tokens are all adjacent in it is raised.
pub const ADJACENCY: f32 = 1.0;
/// The documents with the best base score whose positions are checked.
pub const ADJACENCY_CANDIDATES: usize = 300;

/// A ranked search result, before tickets are joined in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranked {
    /// Matching documents inside the filters.
    pub total: usize,
    /// The requested page of hits, best first.
    pub hits: Vec<Hit>,
    /// Counts per product and sub-category over all matching documents,
    /// ignoring the filters (disjunctive), largest first.
    pub facets: Vec<Facet>,
    /// The index terms that matched, for highlighting.
    pub highlight: crate::Highlight,
}

/// One ranked document.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The document id.
    pub doc: u32,
    /// The score (0 when browsing).
    pub score: f32,
    /// Its product.
    pub product: String,
    /// Its sub-category.
    pub subcategory: String,
}

/// A product's count and its sub-categories' counts.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Facet {
    /// The product.
    pub product: String,
    /// Matching documents of the product.
    pub count: usize,
    /// Its sub-categories, largest first.
    pub subcategories: Vec<SubFacet>,
}

/// A sub-category's count.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SubFacet {
    /// The sub-category name (may be empty).
    pub name: String,
    /// Matching documents.
    pub count: usize,
}

fn idf(n: u32, df: u32) -> f32 {
    let (n, df) = (n as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Ranks the documents for resolved query tokens.
pub fn rank(engine: &Engine, groups: &[Group<'_>], request: &Request<'_>) -> Ranked {
    let m = engine.manifest();
    let n = m.doc_count;
    let in_filter = filter(&m.categories, request.filters);
    let mut highlight = crate::Highlight::default();

    // Browse: no query tokens.
    if groups.is_empty() {
        let hits = (0..n)
            .filter(|&d| in_filter(d))
            .skip(request.offset)
            .take(request.limit)
            .map(|d| hit(engine, d, 0.0))
            .collect();
        let sizes: Vec<usize> = m.categories.iter().map(|c| c.doc_count as usize).collect();
        return Ranked {
            total: (0..n).filter(|&d| in_filter(d)).count(),
            hits,
            facets: facets(&m.categories, &sizes),
            highlight,
        };
    }

    // Dense per-document accumulators (a search touches up to every
    // document, and arrays beat hashing at 100k documents), kept between
    // searches and cleared through `touched`.
    let docs = n as usize;
    let mut scratch = engine.scratch.borrow_mut();
    let Scratch {
        score,
        mask,
        best,
        touched,
        in_group,
    } = &mut *scratch;
    for v in [&mut *score, &mut *best] {
        v.resize(docs, 0.0);
    }
    mask.resize(docs, 0);
    // One bit per query token: a query has at most MAX_QUERY_TOKENS (32).
    const _: () = assert!(crate::query::MAX_QUERY_TOKENS <= 32);
    let mut group_idf = Vec::with_capacity(groups.len());
    for (gi, g) in groups.iter().enumerate() {
        let gidf = g
            .terms
            .iter()
            .map(|t| idf(n, t.entry.df))
            .fold(None, |a: Option<f32>, x| Some(a.map_or(x, |a| a.max(x))));
        group_idf.push(gidf.unwrap_or_else(|| idf(n, 0)));
        let bit = 1u32 << gi;
        for t in &g.terms {
            let w = t.weight * idf(n, t.entry.df);
            let weight: [f32; 256] = std::array::from_fn(|i| w * m.weight(i as u8));
            let p = engine.postings(t);
            let any = if g.terms.len() == 1 {
                // The token's best term is its only one: straight into the scores.
                dense::add(&p.docs, &p.impacts, &weight, bit, score, mask, touched)
            } else {
                dense::raise(&p.docs, &p.impacts, &weight, best, in_group)
            };
            if any {
                highlight.terms.insert(t.entry.term.clone());
            }
        }
        dense::fold(in_group, bit, best, score, mask, touched);
        in_group.clear();
    }
    let total_idf: f32 = group_idf.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    let cover_of = |mask: u32| -> f32 {
        let got: f32 = (0..groups.len())
            .filter(|&g| mask & (1 << g) != 0)
            .map(|g| group_idf[g])
            .sum();
        got / total_idf
    };
    // The cover of every mask that can occur; beyond 10 tokens, of those
    // that do, each document's mask replaced by its place in that list.
    let covers: Vec<f32> = if groups.len() <= 10 {
        (0..1u32 << groups.len()).map(cover_of).collect()
    } else {
        let mut seen: Vec<u32> = touched.iter().map(|&d| mask[d as usize]).collect();
        seen.sort_unstable();
        seen.dedup();
        for &d in touched.iter() {
            let i = d as usize;
            mask[i] = seen.binary_search(&mask[i]).unwrap_or(0) as u32;
        }
        seen.into_iter().map(cover_of).collect()
    };
    // Categories are document ranges: the filters hold whole categories.
    let allowed: Vec<bool> = m
        .categories
        .iter()
        .map(|c| in_filter(c.first_doc))
        .collect();
    // Only the best `keep` need an order: the page, and the candidates the
    // adjacency bonus may lift (it only raises scores, so nothing below them
    // can overtake). They are kept in a buffer pruned to the best `keep`
    // whenever it fills, below whose worst nothing can enter any more.
    let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let keep = (request.offset + request.limit).max(ADJACENCY_CANDIDATES);
    let buffer = 4 * keep;
    let mut inside: Vec<(u32, f32)> = Vec::with_capacity(buffer);
    let mut floor = f32::NEG_INFINITY;
    let mut total = 0;
    let mut per_category = vec![0usize; m.categories.len()];
    let mut matches = dense::Matches {
        score,
        mask,
        cover: &covers,
        category: &engine.doc_category,
        allowed: &allowed,
    };
    let mut at = 0;
    while at < touched.len() {
        at = dense::collect(
            &mut matches,
            touched,
            at,
            floor,
            &mut per_category,
            &mut total,
            &mut inside,
            buffer,
        );
        if inside.len() >= buffer {
            inside.select_nth_unstable_by(keep - 1, by_score);
            inside.truncate(keep);
            floor = inside[keep - 1].1;
        }
    }
    touched.clear();
    drop(scratch);
    let facets = facets(&m.categories, &per_category);
    if keep < inside.len() {
        inside.select_nth_unstable_by(keep - 1, by_score);
        inside.truncate(keep);
    }
    inside.sort_unstable_by(by_score);
    adjacency(engine, groups, &mut inside);
    inside.sort_unstable_by(by_score);
    let hits = inside
        .iter()
        .skip(request.offset)
        .take(request.limit)
        .map(|&(d, s)| hit(engine, d, s))
        .collect();
    Ranked {
        total,
        hits,
        facets,
        highlight,
    }
}

/// Per-document accumulators of a search, kept by the engine so that a
/// search does not allocate and clear them (1.2 MB at 100k documents).
/// Between searches every value is zero and the lists are empty.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// Sum over tokens of the token's best term weight.
    score: Vec<f32>,
    /// Which tokens matched.
    mask: Vec<u32>,
    /// The best term weight of the token being summed.
    best: Vec<f32>,
    /// Documents with a nonzero mask.
    touched: Vec<u32>,
    /// Documents with a nonzero best.
    in_group: Vec<u32>,
}

/// Raises the best candidates whose adjacent query tokens sit next to each
/// other in the document.
fn adjacency(engine: &Engine, groups: &[Group<'_>], scored: &mut [(u32, f32)]) {
    let pairs: Vec<(usize, usize)> = (0..groups.len())
        .flat_map(|a| (0..groups.len()).map(move |b| (a, b)))
        .filter(|&(a, b)| groups[b].token.position == groups[a].token.position + 1)
        .filter(|&(a, b)| !groups[a].terms.is_empty() && !groups[b].terms.is_empty())
        .collect();
    if pairs.is_empty() {
        return;
    }
    let top = scored.len().min(ADJACENCY_CANDIDATES);
    // The candidates by document, to look up in each (document-ordered)
    // posting list.
    let mut candidates: Vec<(u32, usize)> = scored[..top]
        .iter()
        .enumerate()
        .map(|(i, &(d, _))| (d, i))
        .collect();
    candidates.sort_unstable();
    let wanted: Vec<u32> = candidates.iter().map(|&(d, _)| d).collect();
    // Per group of a pair, per candidate (by its rank): the positions of the
    // group's terms.
    let mut found = Vec::new();
    let positions: Vec<Vec<Vec<u32>>> = (0..groups.len())
        .map(|g| {
            let mut out = vec![Vec::new(); top];
            if !pairs.iter().any(|&(a, b)| a == g || b == g) {
                return out;
            }
            for t in &groups[g].terms {
                let p = engine.postings(t);
                found.clear();
                dense::find_sorted(&p.docs, &wanted, &mut found);
                for &(c, at) in &found {
                    out[candidates[c].1].extend(p.positions(&t.entry.postings, at));
                }
            }
            for v in &mut out {
                v.sort_unstable();
            }
            out
        })
        .collect();
    let mut adjacent = vec![0u32; top];
    for &(a, b) in &pairs {
        for (i, (xs, ys)) in positions[a].iter().zip(&positions[b]).enumerate() {
            if xs.iter().any(|&x| ys.binary_search(&(x + 1)).is_ok()) {
                adjacent[i] += 1;
            }
        }
    }
    for (i, (_, s)) in scored[..top].iter_mut().enumerate() {
        *s *= 1.0 + ADJACENCY * adjacent[i] as f32 / pairs.len() as f32;
    }
}

fn hit(engine: &Engine, doc: u32, score: f32) -> Hit {
    let (product, subcategory) = engine
        .category_of(doc)
        .map_or((String::new(), String::new()), |c| {
            (c.product.clone(), c.subcategory.clone())
        });
    Hit {
        doc,
        score,
        product,
        subcategory,
    }
}

/// A predicate for the category filters (`产品` or `产品｜子类`, OR-ed; an
/// ASCII `|` is accepted too). No filters: everything. An unknown filter
/// matches nothing.
fn filter<'a>(categories: &'a [Category], filters: &[String]) -> impl Fn(u32) -> bool + 'a {
    let ranges: Option<Vec<(u32, u32)>> = (!filters.is_empty()).then(|| {
        categories
            .iter()
            .filter(|c| {
                filters.iter().any(|f| {
                    let (p, s) = f
                        .split_once('｜')
                        .or_else(|| f.split_once('|'))
                        .unwrap_or((f, ""));
                    let (p, s) = (p.trim(), s.trim());
                    c.product == p
                        && (s.is_empty() && !f.contains(['｜', '|']) || c.subcategory == s)
                })
            })
            .map(|c| (c.first_doc, c.first_doc + c.doc_count))
            .collect()
    });
    move |d| {
        ranges
            .as_ref()
            .is_none_or(|r| r.iter().any(|&(a, b)| (a..b).contains(&d)))
    }
}

/// Facets from per-category counts: products with their sub-categories,
/// largest first, empty ones left out.
fn facets(categories: &[Category], counts: &[usize]) -> Vec<Facet> {
    let mut out: Vec<Facet> = Vec::new();
    for (c, &count) in categories.iter().zip(counts) {
        if count == 0 {
            continue;
        }
        match out.iter_mut().find(|f| f.product == c.product) {
            Some(f) => {
                f.count += count;
                f.subcategories.push(SubFacet {
                    name: c.subcategory.clone(),
                    count,
                });
            }
            None => out.push(Facet {
                product: c.product.clone(),
                count,
                subcategories: vec![SubFacet {
                    name: c.subcategory.clone(),
                    count,
                }],
            }),
        }
    }
    for f in &mut out {
        f.subcategories
            .sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    }
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.product.cmp(&b.product)));
    out
}

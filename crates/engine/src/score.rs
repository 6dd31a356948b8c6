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

    // Dense per-document accumulators: a search touches up to every document,
    // and arrays beat hashing at 100k documents.
    let docs = n as usize;
    let mut score = vec![0f32; docs];
    // One bit per query token: a query has at most MAX_QUERY_TOKENS (32).
    const _: () = assert!(crate::query::MAX_QUERY_TOKENS <= 32);
    let mut mask = vec![0u32; docs];
    let mut best = vec![0f32; docs];
    let mut touched: Vec<u32> = Vec::new();
    let mut in_group: Vec<u32> = Vec::new();
    let mut group_idf = Vec::with_capacity(groups.len());
    for (gi, g) in groups.iter().enumerate() {
        let gidf = g
            .terms
            .iter()
            .map(|t| idf(n, t.entry.df))
            .fold(None, |a: Option<f32>, x| Some(a.map_or(x, |a| a.max(x))));
        group_idf.push(gidf.unwrap_or_else(|| idf(n, 0)));
        for t in &g.terms {
            let w = t.weight * idf(n, t.entry.df);
            let mut any = false;
            for p in t.entry.postings().map_while(Result::ok) {
                let d = p.doc as usize;
                let s = w * m.weight(p.impact);
                if d >= docs || s <= 0.0 {
                    continue;
                }
                if best[d] == 0.0 {
                    in_group.push(p.doc);
                }
                best[d] = best[d].max(s);
                any = true;
            }
            if any {
                highlight.terms.insert(t.entry.term.clone());
            }
        }
        for &d in &in_group {
            let d = d as usize;
            if mask[d] == 0 {
                touched.push(d as u32);
            }
            score[d] += best[d];
            mask[d] |= 1u32 << gi;
            best[d] = 0.0;
        }
        in_group.clear();
    }
    let total_idf: f32 = group_idf.iter().sum::<f32>().max(f32::MIN_POSITIVE);
    let cover = |mask: u32| -> f32 {
        let got: f32 = (0..groups.len())
            .filter(|&g| mask & (1 << g) != 0)
            .map(|g| group_idf[g])
            .sum();
        got / total_idf
    };
    let facets = facets(&m.categories, &counts(&m.categories, &touched));
    let mut inside: Vec<(u32, f32)> = touched
        .iter()
        .filter(|&&d| in_filter(d))
        .map(|&d| (d, score[d as usize] * cover(mask[d as usize])))
        .collect();
    let total = inside.len();
    // Only the best `keep` need an order: the page, and the candidates the
    // adjacency bonus may lift (it only raises scores, so nothing below them
    // can overtake).
    let by_score = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let keep = (request.offset + request.limit).max(ADJACENCY_CANDIDATES);
    if keep < inside.len() {
        inside.select_nth_unstable_by(keep, by_score);
        inside.truncate(keep);
    }
    inside.sort_unstable_by(by_score);
    adjacency(groups, &mut inside);
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

/// Raises the best candidates whose adjacent query tokens sit next to each
/// other in the document.
fn adjacency(groups: &[Group<'_>], scored: &mut [(u32, f32)]) {
    let pairs: Vec<(usize, usize)> = (0..groups.len())
        .flat_map(|a| (0..groups.len()).map(move |b| (a, b)))
        .filter(|&(a, b)| groups[b].token.position == groups[a].token.position + 1)
        .filter(|&(a, b)| !groups[a].terms.is_empty() && !groups[b].terms.is_empty())
        .collect();
    if pairs.is_empty() {
        return;
    }
    let top = scored.len().min(ADJACENCY_CANDIDATES);
    // The candidates by document, to walk beside each (document-ordered)
    // posting list: no lookup per posting, and a list is left as soon as
    // it passes the last candidate.
    let mut candidates: Vec<(u32, usize)> = scored[..top]
        .iter()
        .enumerate()
        .map(|(i, &(d, _))| (d, i))
        .collect();
    candidates.sort_unstable();
    // Per candidate (by its rank), the positions of the group's terms.
    let positions = |g: &Group<'_>| -> Vec<Vec<u32>> {
        let mut out = vec![Vec::new(); top];
        for t in &g.terms {
            let mut next = candidates.iter().peekable();
            for p in t.entry.postings().map_while(Result::ok) {
                while next.next_if(|&&(d, _)| d < p.doc).is_some() {}
                let Some(&&(d, i)) = next.peek() else {
                    break;
                };
                if d == p.doc {
                    out[i].extend(p.positions);
                }
            }
        }
        for v in &mut out {
            v.sort_unstable();
        }
        out
    };
    let mut adjacent = vec![0u32; top];
    for &(a, b) in &pairs {
        let (pa, pb) = (positions(&groups[a]), positions(&groups[b]));
        for (i, (xs, ys)) in pa.iter().zip(&pb).enumerate() {
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

/// Matching documents per category (categories are document ranges).
fn counts(categories: &[Category], docs: &[u32]) -> Vec<usize> {
    let mut counts = vec![0usize; categories.len()];
    for &d in docs {
        let i = categories.partition_point(|c| c.first_doc <= d);
        if let Some(c) = i.checked_sub(1) {
            counts[c] += 1;
        }
    }
    counts
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

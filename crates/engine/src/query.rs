//! From the query text to the index terms each query token stands for.

use std::collections::BTreeSet;

use analysis::{Analyzer, TokenKind};
use format::TermEntry;

use crate::{Engine, Missing};

/// Longer queries are cut to their first this many tokens (a pasted page
/// must not cost a thousand posting lists).
pub const MAX_QUERY_TOKENS: usize = 32;
/// A prefix expands to at most this many terms (the most frequent ones).
pub const MAX_EXPANSIONS: usize = 32;
/// Latin words at least this long tolerate one typo.
pub const TYPO_MIN_CHARS: usize = 4;

/// Weight of a term that is a prefix expansion of the query token.
const PREFIX_WEIGHT: f32 = 0.7;
/// Weight of a term one edit away from the query token.
const TYPO_WEIGHT: f32 = 0.5;

/// One token of the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryToken {
    /// The normalised text.
    pub text: String,
    /// Its position in the query (adjacent tokens differ by one).
    pub position: u32,
    /// What the analyzer made of it.
    pub kind: TokenKind,
    /// Also match index terms that start with it: the word being typed, or
    /// a single CJK character (found inside the bigrams that start with it).
    pub prefix: bool,
}

/// The query's tokens, deduplicated, with the last marked as a prefix while
/// it is being typed (the query does not end in a space).
pub fn tokens(analyzer: &Analyzer, query: &str) -> Vec<QueryToken> {
    let typing = !query.ends_with(char::is_whitespace);
    let mut out: Vec<QueryToken> = Vec::new();
    let mut seen = BTreeSet::new();
    for t in analyzer.analyze(query) {
        if out.len() == MAX_QUERY_TOKENS {
            break;
        }
        let at_end = typing && t.offset_to == query.len();
        let prefix = match t.kind {
            TokenKind::CjkUnigram => true,
            TokenKind::Word | TokenKind::WordPart => at_end && t.text.len() >= 2,
            TokenKind::CjkBigram => false,
        };
        if seen.insert(t.text.clone()) {
            out.push(QueryToken {
                text: t.text,
                position: t.position,
                kind: t.kind,
                prefix,
            });
        }
    }
    out
}

/// An index term matched by a query token.
#[derive(Clone, Copy, Debug)]
pub struct TermMatch<'e> {
    /// The term's dictionary entry.
    pub entry: &'e TermEntry,
    /// Where it is: the chunk's index in the manifest, the entry's in the chunk.
    pub at: (usize, usize),
    /// 1 for the token itself, less for a prefix expansion or a typo.
    pub weight: f32,
}

/// A query token and the index terms it matched (possibly none).
#[derive(Clone, Debug)]
pub struct Group<'e> {
    /// The token.
    pub token: QueryToken,
    /// The matching terms.
    pub terms: Vec<TermMatch<'e>>,
}

/// Resolves every token to index terms, or says which chunks must be loaded first.
pub fn resolve<'e>(engine: &'e Engine, tokens: &[QueryToken]) -> Result<Vec<Group<'e>>, Missing> {
    let m = &engine.manifest;
    let mut need = BTreeSet::new();
    for t in tokens {
        let range = if t.prefix {
            m.chunks_for_prefix(&t.text)
        } else {
            let i = m.chunk_for(&t.text).unwrap_or(0);
            i..(i + 1).min(m.chunks.len())
        };
        need.extend(range.filter(|&i| engine.chunk(i).is_none()));
    }
    missing(engine, &need)?;

    let mut groups: Vec<Group<'e>> = tokens
        .iter()
        .map(|t| Group {
            token: t.clone(),
            terms: exact_and_prefix(engine, t),
        })
        .collect();

    // Second round: Latin words not found at all may be typos; candidates
    // share their first two letters (a typo further in is the common case,
    // and this keeps the chunks to fetch few).
    for g in groups
        .iter()
        .filter(|g| g.terms.is_empty() && typo_candidate(&g.token))
    {
        need.extend(
            m.chunks_for_prefix(&g.token.text[..2])
                .filter(|&i| engine.chunk(i).is_none()),
        );
    }
    missing(engine, &need)?;
    for g in groups
        .iter_mut()
        .filter(|g| g.terms.is_empty() && typo_candidate(&g.token))
    {
        g.terms = typos(engine, &g.token.text);
    }
    Ok(groups)
}

fn missing(engine: &Engine, need: &BTreeSet<usize>) -> Result<(), Missing> {
    if need.is_empty() {
        return Ok(());
    }
    Err(Missing {
        files: need
            .iter()
            .map(|&i| engine.manifest.chunks[i].file.clone())
            .collect(),
    })
}

fn exact_and_prefix<'e>(engine: &'e Engine, t: &QueryToken) -> Vec<TermMatch<'e>> {
    let m = &engine.manifest;
    let mut terms = Vec::new();
    if let Some((i, c)) = m
        .chunk_for(&t.text)
        .and_then(|i| Some((i, engine.chunk(i)?)))
    {
        if let Some(j) = c.find(&t.text) {
            terms.push(TermMatch {
                entry: &c.terms[j],
                at: (i, j),
                weight: 1.0,
            });
        }
    }
    if t.prefix {
        let mut expansions = entries_with_prefix(engine, &t.text);
        expansions.retain(|(e, _)| e.term != t.text);
        expansions.sort_by(|a, b| b.0.df.cmp(&a.0.df).then(a.0.term.cmp(&b.0.term)));
        expansions.truncate(MAX_EXPANSIONS);
        terms.extend(expansions.into_iter().map(|(entry, at)| TermMatch {
            entry,
            at,
            weight: PREFIX_WEIGHT,
        }));
    }
    terms
}

/// The loaded entries whose term starts with `prefix`, with where they are.
fn entries_with_prefix<'e>(
    engine: &'e Engine,
    prefix: &str,
) -> Vec<(&'e TermEntry, (usize, usize))> {
    engine
        .manifest
        .chunks_for_prefix(prefix)
        .filter_map(|i| Some((i, engine.chunk(i)?)))
        .flat_map(|(i, c)| c.prefix_range(prefix).map(move |j| (&c.terms[j], (i, j))))
        .collect()
}

fn typo_candidate(t: &QueryToken) -> bool {
    matches!(t.kind, TokenKind::Word | TokenKind::WordPart)
        && t.text.len() >= TYPO_MIN_CHARS
        && t.text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'.' || b == b'_')
}

fn typos<'e>(engine: &'e Engine, text: &str) -> Vec<TermMatch<'e>> {
    let mut found = entries_with_prefix(engine, &text[..2]);
    found.retain(|(e, _)| within_one_edit(text.as_bytes(), e.term.as_bytes()));
    found.sort_by(|a, b| b.0.df.cmp(&a.0.df).then(a.0.term.cmp(&b.0.term)));
    found.truncate(4);
    found
        .into_iter()
        .map(|(entry, at)| TermMatch {
            entry,
            at,
            weight: TYPO_WEIGHT,
        })
        .collect()
}

/// True when `b` is `a` with one insertion, deletion, substitution or
/// transposition of adjacent characters (bytes; used for ASCII words).
pub fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return a == b;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            a[1..] == b[1..] || (a.len() >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        std::cmp::Ordering::Less => a == &b[1..],
        std::cmp::Ordering::Greater => &a[1..] == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit() {
        assert!(within_one_edit(b"qshel", b"qshell"));
        assert!(within_one_edit(b"iptbles", b"iptables"));
        assert!(within_one_edit(b"referer", b"refere"));
        assert!(within_one_edit(b"browsr", b"browser"));
        assert!(within_one_edit(b"avthmub", b"avthumb"));
        assert!(within_one_edit(b"certificat", b"certificate"));
        assert!(within_one_edit(b"cdnn", b"cdnm"));
        assert!(!within_one_edit(b"kodo", b"okdo-"));
        assert!(!within_one_edit(b"abcd", b"abdc1"));
        assert!(!within_one_edit(b"abcd", b"badc"));
    }

    #[test]
    fn last_token_is_a_prefix_while_typing() {
        let a = Analyzer::new();
        let t = tokens(&a, "kodo brow");
        assert_eq!((t[0].prefix, t[1].prefix), (false, true));
        let t = tokens(&a, "kodo brow ");
        assert!(!t[1].prefix);
        let t = tokens(&a, "证书 处");
        assert_eq!(
            (
                t[0].text.as_str(),
                t[0].prefix,
                t[1].text.as_str(),
                t[1].prefix
            ),
            ("证书", false, "处", true)
        );
    }

    #[test]
    fn long_queries_are_cut_and_duplicates_dropped() {
        let a = Analyzer::new();
        assert_eq!(tokens(&a, &"证书 ".repeat(100)).len(), 1);
        let long: String = (0..200).map(|i| format!("w{i} ")).collect();
        assert_eq!(tokens(&a, &long).len(), MAX_QUERY_TOKENS);
    }
}

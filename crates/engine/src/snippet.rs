//! Snippets: the passage of a text with the most query terms, cut into
//! plain-text segments marked `hit` or not (a UI shows hits with `<mark>`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use crate::Engine;

/// The analysed texts of this many documents are kept (about 10 KB each).
pub const ANALYSED_DOCS: usize = 1024;

/// At most this many matches per text are weighed when choosing a passage.
const MAX_MATCHES: usize = 256;
/// Only this many leading bytes of a text are searched for a passage, so a
/// huge pasted log costs no more than a long message.
pub const MAX_SNIPPET_SOURCE_BYTES: usize = 64 * 1024;
/// Characters of context kept before the first match of a passage.
const LEAD_CHARS: usize = 12;

/// Characters of a result snippet, in the page and the CLI alike.
pub const SNIPPET_CHARS: usize = 120;

/// The texts of a ticket a result snippet is chosen from, in order of
/// preference on ties: description, answers, messages, root cause.
pub fn snippet_sources<'a>(
    description: &'a str,
    answers: impl IntoIterator<Item = &'a str>,
    messages: impl IntoIterator<Item = &'a str>,
    root_cause: &'a str,
) -> Vec<&'a str> {
    let mut texts = vec![description];
    texts.extend(answers);
    texts.extend(messages);
    texts.push(root_cause);
    texts
}

/// Byte ranges of marked text.
type Marks = Vec<(usize, usize)>;

/// A token of an analysed text: its term (an id of [`Analysed::terms`]) and
/// its byte range.
type Located = (u32, u32, u32);

/// Texts analysed for snippets, by document, so that the results of the next
/// keystroke (mostly the same tickets) do not analyse them again. Terms are
/// interned; the cache is emptied when it holds [`ANALYSED_DOCS`] documents.
#[derive(Debug, Default)]
pub(crate) struct Analysed {
    terms: HashMap<String, u32>,
    docs: HashMap<u32, Rc<Vec<Vec<Located>>>>,
}

/// The index terms to mark: the terms a search matched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlight {
    /// Normalised terms, as the analyzer produces them.
    pub terms: BTreeSet<String>,
}

/// A piece of a snippet: plain text, a query match or not.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Segment {
    /// The text, whitespace runs collapsed to one space.
    pub text: String,
    /// True for a query match.
    pub hit: bool,
}

impl Engine {
    /// The passage of at most `max_chars` characters with the most distinct
    /// matches, from the first of `texts` that has the best one; without any
    /// match, the start of the first non-empty text.
    pub fn snippet(&self, texts: &[&str], highlight: &Highlight, max_chars: usize) -> Vec<Segment> {
        let mut analysed = Analysed::default();
        let tokens = analysed.all(self, texts);
        snippet(texts, &tokens, &analysed.ids(highlight), max_chars)
    }

    /// [`Engine::snippet`] of document `doc`, whose `texts` are the same at
    /// every call: their tokens are kept (for the last [`ANALYSED_DOCS`]
    /// documents), so showing the document again costs no analysis.
    pub fn snippet_of(
        &self,
        doc: u32,
        texts: &[&str],
        highlight: &Highlight,
        max_chars: usize,
    ) -> Vec<Segment> {
        let mut analysed = self.analysed.borrow_mut();
        let tokens = match analysed.docs.get(&doc) {
            Some(t) if t.len() == texts.len() => Rc::clone(t),
            _ => {
                if analysed.docs.len() >= ANALYSED_DOCS {
                    *analysed = Analysed::default();
                }
                let t = Rc::new(analysed.all(self, texts));
                analysed.docs.insert(doc, Rc::clone(&t));
                t
            }
        };
        let ids = analysed.ids(highlight);
        drop(analysed);
        snippet(texts, &tokens, &ids, max_chars)
    }

    /// The whole `text` cut into segments at the query matches (for titles).
    pub fn highlight(&self, text: &str, highlight: &Highlight) -> Vec<Segment> {
        let marks: Vec<(usize, usize)> = self
            .marks(text, highlight)
            .into_iter()
            .map(|(a, b, _)| (a, b))
            .collect();
        segments(text, 0, text.len(), &marks)
    }

    /// Byte ranges of matched tokens, merged where they overlap, each with a
    /// term id (for counting distinct terms).
    fn marks(&self, text: &str, highlight: &Highlight) -> Vec<(usize, usize, usize)> {
        let mut analysed = Analysed::default();
        let tokens = analysed.tokens(self, text);
        marks(text, &tokens, &analysed.ids(highlight))
    }
}

impl Analysed {
    /// The tokens of `text` (of its first [`MAX_SNIPPET_SOURCE_BYTES`]).
    fn tokens(&mut self, engine: &Engine, text: &str) -> Vec<Located> {
        let mut end = text.len().min(MAX_SNIPPET_SOURCE_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut out = Vec::new();
        engine.analyzer().for_each_token(&text[..end], |t| {
            let next = self.terms.len() as u32;
            let id = *self.terms.entry(t.text).or_insert(next);
            out.push((id, t.offset_from as u32, t.offset_to as u32));
        });
        out
    }

    /// The tokens of each of `texts`.
    fn all(&mut self, engine: &Engine, texts: &[&str]) -> Vec<Vec<Located>> {
        texts.iter().map(|t| self.tokens(engine, t)).collect()
    }

    /// By term id: whether it is highlighted (a term never seen is in no
    /// analysed text).
    fn ids(&self, highlight: &Highlight) -> Vec<bool> {
        let mut out = vec![false; self.terms.len()];
        for t in &highlight.terms {
            if let Some(&id) = self.terms.get(t) {
                out[id as usize] = true;
            }
        }
        out
    }
}

fn snippet(
    texts: &[&str],
    tokens: &[Vec<Located>],
    ids: &[bool],
    max_chars: usize,
) -> Vec<Segment> {
    // (score, text, passage start, marks) of the best passage so far.
    let mut best: Option<(usize, &str, usize, Marks)> = None;
    for (text, tokens) in texts.iter().copied().zip(tokens) {
        let marks = marks(text, tokens, ids);
        if marks.is_empty() {
            continue;
        }
        let (score, start) = best_window(text, &marks, max_chars);
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((
                score,
                text,
                start,
                marks.into_iter().map(|(a, b, _)| (a, b)).collect(),
            ));
        }
    }
    match best {
        Some((_, text, start, marks)) => window(text, start, max_chars, &marks),
        None => {
            let text = texts
                .iter()
                .copied()
                .find(|t| !t.trim().is_empty())
                .unwrap_or("");
            window(text, 0, max_chars, &[])
        }
    }
}

/// Byte ranges of the tokens whose term is highlighted, merged where they
/// overlap, each with its term id (for counting distinct terms). A range
/// that is not one of `text` (kept tokens of another text, a caller's
/// mistake) is skipped rather than sliced.
fn marks(text: &str, tokens: &[Located], ids: &[bool]) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    if !ids.contains(&true) {
        return out;
    }
    for &(id, from, to) in tokens {
        if out.len() >= MAX_MATCHES {
            break;
        }
        if ids.get(id as usize) != Some(&true) {
            continue;
        }
        let (from, to) = (from as usize, to as usize);
        if text.get(from..to).is_none() {
            continue;
        }
        match out.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => out.push((from, to, id as usize)),
        }
    }
    out
}

/// (score, start byte) of the best passage: most distinct terms, then most matches.
fn best_window(text: &str, marks: &[(usize, usize, usize)], max_chars: usize) -> (usize, usize) {
    let chars = |a: usize, b: usize| text[a..b].chars().count();
    let mut best = (0, marks[0].0);
    for i in 0..marks.len() {
        let mut distinct = HashSet::new();
        let mut count = 0;
        for m in &marks[i..] {
            if chars(marks[i].0, m.1) > max_chars.saturating_sub(LEAD_CHARS) {
                break;
            }
            distinct.insert(m.2);
            count += 1;
        }
        let score = distinct.len() * 1000 + count;
        if score > best.0 {
            best = (score, marks[i].0);
        }
    }
    best
}

/// Segments of the passage of `max_chars` characters that shows `first`
/// after a little context, with `…` where text was cut.
fn window(text: &str, first: usize, max_chars: usize, marks: &[(usize, usize)]) -> Vec<Segment> {
    let before: Vec<usize> = text[..first].char_indices().map(|(i, _)| i).collect();
    let mut start = before
        .len()
        .checked_sub(LEAD_CHARS)
        .map_or(0, |i| before[i]);
    // Prefer to start at a line or sentence boundary inside the lead.
    if let Some(i) = text[start..first].rfind(['\n', '。', '！', '？', '；']) {
        let boundary = start + i;
        start = boundary + text[boundary..].chars().next().map_or(0, char::len_utf8);
    }
    let end = text[start..]
        .char_indices()
        .nth(max_chars)
        .map_or(text.len(), |(i, _)| start + i);
    let mut out = Vec::new();
    if start > 0 {
        out.push(Segment {
            text: "…".into(),
            hit: false,
        });
    }
    out.extend(segments(text, start, end, marks));
    if end < text.len() {
        out.push(Segment {
            text: "…".into(),
            hit: false,
        });
    }
    merge(out)
}

fn segments(text: &str, start: usize, end: usize, marks: &[(usize, usize)]) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = start;
    for &(a, b) in marks {
        let (a, b) = (a.max(start), b.min(end));
        if a >= b {
            continue;
        }
        if a > at {
            out.push(Segment {
                text: collapse(&text[at..a]),
                hit: false,
            });
        }
        out.push(Segment {
            text: collapse(&text[a..b]),
            hit: true,
        });
        at = b;
    }
    if at < end {
        out.push(Segment {
            text: collapse(&text[at..end]),
            hit: false,
        });
    }
    out
}

fn merge(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    for s in segments.into_iter().filter(|s| !s.text.is_empty()) {
        match out.last_mut() {
            Some(last) if last.hit == s.hit => last.text.push_str(&s.text),
            _ => out.push(s),
        }
    }
    out
}

fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

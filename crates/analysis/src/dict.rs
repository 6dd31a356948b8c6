//! Stage 4b (experimental, feature `dictionary`) — dictionary words on top of the CJK bigrams.
//!
//! An analyzer made with [`crate::Analyzer::with_dictionary`] still emits every bigram (and
//! unigram) of stage 4, so nothing that the default analyzer finds is lost; in addition, every
//! word of the [`Dictionary`] that occurs in a CJK run is emitted as one more token:
//!
//! - **all matches**, not a segmentation: every dictionary word found anywhere in the run, also
//!   overlapping ones and words inside longer words. A segmentation (forward maximum matching,
//!   jieba's DAG) can cut a word differently inside a longer text than in a short query
//!   (`处理中` alone, but `于处理` + `中` inside `处于处理中` if `于处理` were a word); all matches
//!   yield the same word tokens for a query as for any text that contains it, so index and query
//!   agree exactly.
//! - only words of [`MIN_WORD_CHARS`] to [`MAX_WORD_CHARS`] CJK chars: a two-char word is
//!   already a bigram.
//! - a word takes the **position of its first bigram** and no position of its own, so the
//!   positions of the bigrams (and of everything after the run) are those of the default
//!   analyzer; it comes right after that bigram in the stream (offsets and positions still never
//!   decrease).
//! - its kind is [`TokenKind::CjkBigram`](crate::TokenKind::CjkBigram): a CJK term matched
//!   exactly, never as a prefix. Keeping the existing kinds lets the engine and indexer use this
//!   analyzer unchanged for the experiment; a shipped version would add its own kind.
//!
//! This stage exists to *measure* "bigrams + dictionary words" against plain bigrams (see the
//! "CJK strategy" section of BENCHMARKS.md); the default analyzer does not use it and the
//! feature is off by default, so neither the shipped behaviour nor the wasm size change.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use crate::script::Run;
use crate::{Analyzer, Token};

/// Dictionary words shorter than this many chars are ignored (a two-char word is a bigram).
pub const MIN_WORD_CHARS: usize = 3;
/// Dictionary words longer than this many chars are ignored (keeps a word token within
/// [`crate::MAX_TOKEN_BYTES`]: 16 chars of at most 4 bytes).
pub const MAX_WORD_CHARS: usize = 16;

/// A set of CJK words for the experimental dictionary stage, normalised like analyzer tokens.
#[derive(Clone, Default)]
pub struct Dictionary {
    words: HashSet<Box<str>>,
    /// The longest word, in chars (0 when empty).
    max_chars: usize,
}

impl Dictionary {
    /// The dictionary of `words`, each normalised as the analyzer normalises text (NFKC,
    /// lowercase). Words that are not entirely CJK ([`crate::is_cjk`]) or whose length is outside
    /// [`MIN_WORD_CHARS`]..=[`MAX_WORD_CHARS`] are left out.
    ///
    /// ```
    /// let d = analysis::Dictionary::new(["处理中", "证书", "cdn证书", "ｶﾞｰﾄﾞ下"]);
    /// assert!(d.contains("处理中"));
    /// assert!(d.contains("ガード下")); // half-width kana, normalised
    /// assert_eq!(d.len(), 2); // `证书` is a bigram anyway; `cdn证书` is not all CJK
    /// ```
    pub fn new<I>(words: I) -> Dictionary
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut d = Dictionary::default();
        for w in words {
            let mut norm = String::new();
            crate::normalize::normalize(w.as_ref().trim(), |n| norm.push(n.c));
            let chars = norm.chars().count();
            if (MIN_WORD_CHARS..=MAX_WORD_CHARS).contains(&chars) && norm.chars().all(crate::is_cjk)
            {
                d.max_chars = d.max_chars.max(chars);
                d.words.insert(norm.into_boxed_str());
            }
        }
        d
    }

    /// Number of words kept.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word was kept.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `word` (normalised) is in the dictionary.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The words, in no particular order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| &**w)
    }
}

impl fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dictionary")
            .field("words", &self.words.len())
            .field("max_chars", &self.max_chars)
            .finish()
    }
}

impl Analyzer {
    /// The default analyzer plus the experimental dictionary stage (see the `dict` module doc
    /// in the source: every word of `dictionary` found in a CJK run becomes one more token).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use analysis::{Analyzer, Dictionary};
    ///
    /// let a = Analyzer::with_dictionary(Arc::new(Dictionary::new(["处理中"])));
    /// let got: Vec<(String, u32)> =
    ///     a.analyze("一直处理中").into_iter().map(|t| (t.text, t.position)).collect();
    /// let want = [("一直", 0), ("直处", 1), ("处理", 2), ("处理中", 2), ("理中", 3)];
    /// assert_eq!(got, want.map(|(s, p)| (s.to_owned(), p)));
    /// ```
    pub fn with_dictionary(dictionary: Arc<Dictionary>) -> Analyzer {
        Analyzer {
            dictionary: Some(dictionary),
            ..Analyzer::default()
        }
    }

    /// The dictionary of the experimental stage, if this analyzer has one.
    pub fn dictionary(&self) -> Option<&Dictionary> {
        self.dictionary.as_deref()
    }
}

/// Emits the tokens of the CJK `run` as stage 4 does, each bigram followed by the dictionary
/// words that start at its first char; returns the position for the next run (as stage 4).
pub(crate) fn tokenize(run: &Run, pos: u32, dict: &Dictionary, f: &mut impl FnMut(Token)) -> u32 {
    let n = run.len();
    let mut start = 0;
    crate::cjk::tokenize(run, pos, &mut |t: Token| {
        let position = t.position;
        let bigram = n > 1;
        f(t);
        if bigram {
            words_at(run, start, position, dict, f);
            start += 1;
        }
    })
}

/// Emits the words of `dict` that start at char `start` of `run`, shortest first.
fn words_at(run: &Run, start: usize, position: u32, dict: &Dictionary, f: &mut impl FnMut(Token)) {
    let longest = dict.max_chars.min(run.len().saturating_sub(start));
    for len in MIN_WORD_CHARS..=longest {
        let text = run.text(start..start + len);
        if !dict.contains(text) {
            continue;
        }
        if let Some((offset_from, offset_to)) = run.span(start..start + len) {
            f(Token {
                text: text.to_owned(),
                offset_from,
                offset_to,
                position,
                kind: crate::TokenKind::CjkBigram,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::test_util::tokens;
    use crate::TokenKind::{CjkBigram, CjkUnigram, Word};

    fn analyzer(words: &[&str]) -> Analyzer {
        Analyzer::with_dictionary(Arc::new(Dictionary::new(words)))
    }

    fn stream(a: &Analyzer, text: &str) -> Vec<(u32, String, usize, usize, crate::TokenKind)> {
        a.analyze(text)
            .into_iter()
            .map(|t| (t.position, t.text, t.offset_from, t.offset_to, t.kind))
            .collect()
    }

    const TEXT: &str = "https配置一直处于处理中，证书部署失败 kodo-browser上传403 卡 ｶﾞｰﾄﾞ";

    #[test]
    fn an_empty_dictionary_changes_nothing() {
        let a = analyzer(&[]);
        assert_eq!(a.analyze(TEXT), tokens(TEXT));
        assert!(a.dictionary().is_some_and(Dictionary::is_empty));
    }

    #[test]
    fn without_words_in_the_text_nothing_changes() {
        let a = analyzer(&["对象存储", "视频卡顿"]);
        assert_eq!(a.analyze(TEXT), tokens(TEXT));
    }

    #[test]
    fn words_follow_their_first_bigram() {
        let a = analyzer(&["处理中", "一直处于", "证书部署", "部署失败", "书部署"]);
        let got = stream(&a, "一直处于处理中，证书部署失败");
        assert_eq!(
            got,
            [
                (0, "一直".into(), 0, 6, CjkBigram),
                (0, "一直处于".into(), 0, 12, CjkBigram),
                (1, "直处".into(), 3, 9, CjkBigram),
                (2, "处于".into(), 6, 12, CjkBigram),
                (3, "于处".into(), 9, 15, CjkBigram),
                (4, "处理".into(), 12, 18, CjkBigram),
                (4, "处理中".into(), 12, 21, CjkBigram),
                (5, "理中".into(), 15, 21, CjkBigram),
                (6, "证书".into(), 24, 30, CjkBigram),
                (6, "证书部署".into(), 24, 36, CjkBigram),
                (7, "书部".into(), 27, 33, CjkBigram),
                (7, "书部署".into(), 27, 36, CjkBigram),
                (8, "部署".into(), 30, 36, CjkBigram),
                (8, "部署失败".into(), 30, 42, CjkBigram),
                (9, "署失".into(), 33, 39, CjkBigram),
                (10, "失败".into(), 36, 42, CjkBigram),
            ]
        );
    }

    #[test]
    fn the_rest_of_the_stream_is_the_default_one() {
        // Dropping the word tokens gives back exactly the default analyzer's stream.
        let a = analyzer(&["处理中", "证书部署", "配置一直"]);
        let with: Vec<_> = a
            .analyze(TEXT)
            .into_iter()
            .filter(|t| t.text.chars().count() < MIN_WORD_CHARS || t.kind != CjkBigram)
            .collect();
        assert_eq!(with, tokens(TEXT));
        let words: Vec<_> = a
            .analyze(TEXT)
            .into_iter()
            .filter(|t| t.text.chars().count() >= MIN_WORD_CHARS && t.kind == CjkBigram)
            .map(|t| t.text)
            .collect();
        assert_eq!(words, ["配置一直", "处理中", "证书部署"]);
    }

    #[test]
    fn query_and_text_agree() {
        // The word tokens of a query are found in a longer text at the same relative positions.
        let a = analyzer(&["处理中", "一直处于"]);
        let q = stream(&a, "处理中");
        assert_eq!(
            q.iter().map(|t| (t.0, t.1.as_str())).collect::<Vec<_>>(),
            [(0, "处理"), (0, "处理中"), (1, "理中")]
        );
        let t = a.analyze("配置一直处于处理中");
        let at = |s: &str| t.iter().find(|t| t.text == s).map(|t| t.position);
        assert_eq!(at("处理中"), at("处理"));
        assert_eq!(at("理中"), at("处理").map(|p| p + 1));
    }

    #[test]
    fn dictionary_words_are_normalised_and_filtered() {
        let d = Dictionary::new([
            " 处理中 ",
            "证书",
            "卡",
            "cdn证书",
            "ｶﾞｰﾄﾞ",
            "一二三四五六七八九十一二三四五六七",
        ]);
        assert_eq!(d.len(), 2);
        assert!(d.contains("处理中"));
        assert!(d.contains("ガード"));
        assert_eq!(format!("{d:?}"), "Dictionary { words: 2, max_chars: 3 }");
        let a = Analyzer::with_dictionary(Arc::new(d));
        assert_eq!(
            stream(&a, "ｶﾞｰﾄﾞ"),
            [
                (0, "ガー".into(), 0, 9, CjkBigram),
                (0, "ガード".into(), 0, 15, CjkBigram),
                (1, "ード".into(), 6, 15, CjkBigram),
            ]
        );
    }

    #[test]
    fn unigrams_and_latin_are_untouched() {
        let a = analyzer(&["卡卡卡"]);
        assert_eq!(
            stream(&a, "卡 abc"),
            [
                (0, "卡".into(), 0, 3, CjkUnigram),
                (1, "abc".into(), 4, 7, Word)
            ]
        );
    }

    #[test]
    fn offsets_and_positions_never_decrease() {
        let a = analyzer(&["处理中", "理中证", "一直处于处理中", "证书部署", "ガード"]);
        let text = format!("{TEXT}{TEXT}一直处于处理中证书部署");
        let toks = a.analyze(&text);
        assert!(toks
            .windows(2)
            .all(|w| w[0].offset_from <= w[1].offset_from));
        assert!(toks.windows(2).all(|w| w[0].position <= w[1].position));
        for t in &toks {
            assert!(t.text.len() <= crate::MAX_TOKEN_BYTES);
            assert!(text.is_char_boundary(t.offset_from) && text.is_char_boundary(t.offset_to));
        }
        // Twice in `TEXT`, once at the end.
        assert_eq!(
            toks.iter().filter(|t| t.text == "一直处于处理中").count(),
            3
        );
    }
}

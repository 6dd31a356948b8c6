//! Stage 2 — split the normalised chars into script runs.
//!
//! Every normalised char falls in one class:
//! - **CJK** ([`is_cjk`]): Han ideographs (all extensions), Hiragana, Katakana;
//! - **word**: any other alphanumeric char (Latin, digits, but also Cyrillic, Greek, Hangul…);
//! - **connector**: `.` `-` `_` `/` `:` `@`, kept only *between two word chars* of a Latin run;
//! - **mark**: a combining mark, kept when it follows a word char (so it continues the word);
//! - **other**: everything else (spaces, punctuation, symbols, emoji) separates runs.
//!
//! A run is a maximal sequence of CJK chars (a CJK run) or of word chars joined by single
//! connectors (a Latin run): `dns缓存` → `dns` + `缓存`, `ak、sk` → `ak` + `sk`,
//! `files1.91hilife.com,` → `files1.91hilife.com`, `a--b` → `a` + `b`. A Latin run starts and
//! ends with a word char (or a trailing mark), so trailing dots never belong to a word.

use std::ops::Range;

use crate::normalize::NormChar;
use crate::{Token, TokenKind, MAX_TOKEN_BYTES};

/// Whether `c` is written with CJK ideographs or kana: Han ideographs (CJK Unified Ideographs
/// and Extensions A–I, compatibility ideographs, radicals, `々` `〆` `〇`, Hangzhou numerals)
/// and Hiragana/Katakana (incl. half-width katakana and the kana supplements).
///
/// These chars are not separated by spaces in running text, so the analyzer cuts their runs
/// into bigrams. Hangul is *not* CJK here: Korean separates words with spaces.
///
/// ```
/// assert!(analysis::is_cjk('证'));
/// assert!(analysis::is_cjk('カ'));
/// assert!(!analysis::is_cjk('a'));
/// assert!(!analysis::is_cjk('，'));
/// ```
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF            // CJK Unified Ideographs
        | 0x3400..=0x4DBF          // Extension A
        | 0x20000..=0x323AF        // Extensions B–I, Compatibility Ideographs Supplement
        | 0xF900..=0xFAFF          // CJK Compatibility Ideographs
        | 0x2E80..=0x2FDF          // CJK Radicals Supplement, Kangxi Radicals
        | 0x3005..=0x3007          // 々 〆 〇
        | 0x3021..=0x3029          // Hangzhou numerals
        | 0x3038..=0x303B          // more Hangzhou numerals, 〻
        | 0x3041..=0x3096          // Hiragana
        | 0x3099..=0x309F          // voicing marks, ゝ ゞ ゟ
        | 0x30A1..=0x30FA          // Katakana (without ゠ and the middle dot ・)
        | 0x30FC..=0x30FF          // ー ヽ ヾ ヿ
        | 0x31F0..=0x31FF          // Katakana Phonetic Extensions
        | 0xFF66..=0xFF9F          // half-width Katakana
        | 0x1AFF0..=0x1B16F // Kana Extended-A/B, Kana Supplement, Small Kana Extension
    )
}

/// Whether `c` joins two word chars into a compound word (`kodo-browser`, `v1.2.3`).
pub(crate) fn is_connector(c: char) -> bool {
    matches!(c, '.' | '-' | '_' | '/' | ':' | '@')
}

/// The script of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Script {
    /// Han and kana: segmented into bigrams.
    Cjk,
    /// Latin letters, digits and other alphanumerics: segmented into words.
    Latin,
}

/// The class of one normalised char.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Connector,
    Mark,
    Other,
}

fn classify(c: char) -> Class {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            Class::Word
        } else if is_connector(c) {
            Class::Connector
        } else {
            Class::Other
        }
    } else if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else if is_combining_mark(c) {
        Class::Mark
    } else {
        Class::Other
    }
}

/// One char of a run: the normalised char, where it sits in [`Run`]'s text and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RunChar {
    /// The normalised char.
    pub(crate) c: char,
    /// Byte offset of `c` in the run's normalised text.
    at: usize,
    /// Source byte range (see [`NormChar`]).
    from: usize,
    to: usize,
}

/// A run of normalised chars of one script: their text in one string (so a token's text is one
/// copy of a slice) and, per char, its source range. Reused from run to run.
#[derive(Debug, Default)]
pub(crate) struct Run {
    text: String,
    chars: Vec<RunChar>,
}

impl Run {
    fn push(&mut self, n: NormChar) {
        self.chars.push(RunChar {
            c: n.c,
            at: self.text.len(),
            from: n.from,
            to: n.to,
        });
        self.text.push(n.c);
    }

    fn clear(&mut self) {
        self.text.clear();
        self.chars.clear();
    }

    /// The chars of the run.
    pub(crate) fn chars(&self) -> &[RunChar] {
        &self.chars
    }

    /// Number of chars in the run.
    pub(crate) fn len(&self) -> usize {
        self.chars.len()
    }

    /// The normalised text of chars `range` (empty for an empty or out-of-range `range`).
    pub(crate) fn text(&self, range: Range<usize>) -> &str {
        match (self.chars.get(range.start), range.end.checked_sub(1)) {
            (Some(first), Some(last)) if range.start < range.end => match self.chars.get(last) {
                Some(last) => self
                    .text
                    .get(first.at..last.at + last.c.len_utf8())
                    .unwrap_or_default(),
                None => "",
            },
            _ => "",
        }
    }

    /// The source byte range covered by chars `range` (`None` for an empty or out-of-range one).
    pub(crate) fn span(&self, range: Range<usize>) -> Option<(usize, usize)> {
        let first = self.chars.get(range.start)?;
        let last = self.chars.get(range.end.checked_sub(1)?)?;
        (range.start < range.end).then_some((first.from, last.to.max(first.from)))
    }

    /// Hands `f` the token of chars `range`, unless it is empty or longer than
    /// [`MAX_TOKEN_BYTES`] (dropped; see the crate doc).
    pub(crate) fn emit(
        &self,
        range: Range<usize>,
        position: u32,
        kind: TokenKind,
        f: &mut impl FnMut(Token),
    ) {
        if let Some(token) = self.token(range, position, kind) {
            f(token);
        }
    }

    fn token(&self, range: Range<usize>, position: u32, kind: TokenKind) -> Option<Token> {
        let text = self.text(range.clone());
        if text.is_empty() || text.len() > MAX_TOKEN_BYTES {
            return None;
        }
        let (offset_from, offset_to) = self.span(range)?;
        Some(Token {
            text: text.to_owned(),
            offset_from,
            offset_to,
            position,
            kind,
        })
    }
}

/// Groups a stream of normalised chars into runs; call [`Splitter::push`] per char, then
/// [`Splitter::flush`] at the end of the text.
#[derive(Debug, Default)]
pub(crate) struct Splitter {
    run: Run,
    script: Option<Script>,
    /// A connector after a word char, kept only if another word char follows.
    pending: Option<NormChar>,
}

impl Splitter {
    /// Adds the next normalised char; `emit` receives each run as it completes.
    pub(crate) fn push(&mut self, n: NormChar, emit: &mut impl FnMut(Script, &Run)) {
        match classify(n.c) {
            Class::Cjk => {
                if self.script != Some(Script::Cjk) {
                    self.flush(emit);
                    self.script = Some(Script::Cjk);
                }
                self.run.push(n);
            }
            Class::Word => {
                if self.script == Some(Script::Latin) {
                    if let Some(connector) = self.pending.take() {
                        self.run.push(connector);
                    }
                } else {
                    self.flush(emit);
                    self.script = Some(Script::Latin);
                }
                self.run.push(n);
            }
            Class::Connector if self.script == Some(Script::Latin) && self.pending.is_none() => {
                self.pending = Some(n);
            }
            Class::Mark if self.script == Some(Script::Latin) && self.pending.is_none() => {
                self.run.push(n);
            }
            Class::Connector | Class::Mark | Class::Other => self.flush(emit),
        }
    }

    /// Ends the current run (if any) and hands it to `emit`; a pending connector is dropped.
    pub(crate) fn flush(&mut self, emit: &mut impl FnMut(Script, &Run)) {
        if let Some(script) = self.script.take() {
            if !self.run.chars.is_empty() {
                emit(script, &self.run);
            }
        }
        self.run.clear();
        self.pending = None;
    }
}

/// A combining mark of the blocks that carry marks for Latin, Greek, Cyrillic and kana text
/// (Combining Diacritical Marks and their extensions, the kana voicing marks).
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x3099..=0x309A)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// A run as (script, normalised text, source byte range).
    type RunSummary = (Script, String, Option<(usize, usize)>);

    /// The runs of `text`.
    fn runs(text: &str) -> Vec<RunSummary> {
        let mut out = Vec::new();
        let mut splitter = Splitter::default();
        let mut emit =
            |s: Script, r: &Run| out.push((s, r.text(0..r.len()).to_owned(), r.span(0..r.len())));
        normalize(text, |n| splitter.push(n, &mut emit));
        splitter.flush(&mut emit);
        out
    }

    fn run(script: Script, text: &str, from: usize, to: usize) -> RunSummary {
        (script, text.to_owned(), Some((from, to)))
    }

    use Script::{Cjk, Latin};

    #[test]
    fn is_cjk_covers_han_and_kana() {
        for c in [
            '证', '书', '㐀', '𠀀', '〇', '々', 'ひ', 'カ', 'ー', 'ｶ', '豈',
        ] {
            assert!(is_cjk(c), "{c:?}");
        }
        for c in ['a', '1', '，', '、', '。', '・', '한', 'я', '😀', ' '] {
            assert!(!is_cjk(c), "{c:?}");
        }
    }

    #[test]
    fn latin_then_cjk() {
        assert_eq!(
            runs("dns缓存"),
            [run(Latin, "dns", 0, 3), run(Cjk, "缓存", 3, 9)]
        );
        assert_eq!(
            runs("CDN证书"),
            [run(Latin, "cdn", 0, 3), run(Cjk, "证书", 3, 9)]
        );
    }

    #[test]
    fn ideographic_comma_separates() {
        assert_eq!(
            runs("ak、sk"),
            [run(Latin, "ak", 0, 2), run(Latin, "sk", 5, 7)]
        );
    }

    #[test]
    fn connectors_only_between_word_chars() {
        assert_eq!(
            runs("files1.91hilife.com,"),
            [run(Latin, "files1.91hilife.com", 0, 19)]
        );
        assert_eq!(runs(".net."), [run(Latin, "net", 1, 4)]);
        assert_eq!(runs("a--b"), [run(Latin, "a", 0, 1), run(Latin, "b", 3, 4)]);
        assert_eq!(runs("a-证"), [run(Latin, "a", 0, 1), run(Cjk, "证", 2, 5)]);
    }

    #[test]
    fn full_width_connector_joins() {
        assert_eq!(
            runs("ｋｏｄｏ－ｂｒｏｗｓｅｒ"),
            [run(Latin, "kodo-browser", 0, 36)]
        );
    }

    #[test]
    fn marks_continue_a_word_only() {
        // U+0307 (from lowercasing İ) continues the word; a lone mark separates.
        assert_eq!(runs("İx"), [run(Latin, "i\u{307}x", 0, 3)]);
        assert_eq!(
            runs("证\u{301}a"),
            [run(Cjk, "证", 0, 3), run(Latin, "a", 5, 6)]
        );
    }

    #[test]
    fn other_scripts_are_words() {
        assert_eq!(
            runs("ошибка 한국"),
            [run(Latin, "ошибка", 0, 12), run(Latin, "한국", 13, 19)]
        );
    }

    #[test]
    fn symbols_and_space_separate() {
        assert_eq!(runs("😀 \t\n"), []);
        assert_eq!(runs("a😀b"), [run(Latin, "a", 0, 1), run(Latin, "b", 5, 6)]);
    }

    #[test]
    fn run_text_and_span_are_total() {
        let r = Run::default();
        assert_eq!(r.text(0..1), "");
        assert_eq!(r.span(0..0), None);
        let mut r = Run::default();
        r.push(NormChar {
            c: 'a',
            from: 0,
            to: 1,
        });
        let reversed = std::ops::Range { start: 1, end: 0 };
        assert_eq!(r.text(reversed.clone()), "");
        assert_eq!(r.span(reversed), None);
        assert_eq!(r.text(0..1), "a");
    }
}

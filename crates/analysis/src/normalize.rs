//! Stage 1 — normalise: compatibility forms folded (NFKC's mappings, for the blocks that occur
//! in support tickets), then lowercase, one char at a time, each linked to the byte range of the
//! source char it came from.
//!
//! Folded: full-width forms to half-width (`ＤＮＳ` → `dns`, `１２３` → `123`, `，` → `,`),
//! half-width katakana to full-width, the ideographic space, Kangxi and CJK radicals to their
//! ideographs (`⽤` → `用`, as text copied from PDFs has them), enclosed and squared forms
//! (`①` → `1`, `㎏` → `kg`, `㈱` → `(株)`), letterlike symbols and number forms (`℃`, `Ⅻ`),
//! super- and subscripts, ligatures (`ﬁ` → `fi`), vertical and small forms, and the
//! compatibility spaces and punctuation of U+2000–U+206F (`…` → `...`).
//!
//! The mappings are exactly NFKC's for those blocks ([`crate::nfkc_table`], generated from the
//! `unicode-normalization` crate and checked against it by a test); other chars are left as
//! they are. This is not full NFKC — CJK compatibility ideographs (U+F900–U+FAFF, used for
//! Korean hanja), mathematical alphanumerics and accent composition (`e` + U+0301 stays two
//! chars) are not folded — because full NFKC's tables cost about 45 KB of gzipped wasm in the
//! browser for characters that support tickets do not contain. Index and queries use this same
//! code, so they always agree.
//!
//! Fast paths: an ASCII char only needs `to_ascii_lowercase`, and a CJK Unified Ideograph
//! (U+3400–U+4DBF, U+4E00–U+9FFF) is its own form; together they are almost every char of a
//! Chinese support ticket. Nothing here allocates.

use crate::nfkc_table::{KEYS, OFFSETS, VALUES};

/// One normalised char and the byte range `from..to` of the source char it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NormChar {
    /// The normalised char.
    pub(crate) c: char,
    /// Start of the source char (byte offset into the original text).
    pub(crate) from: usize,
    /// End of the source char (exclusive byte offset into the original text).
    pub(crate) to: usize,
}

/// Calls `emit` with each normalised char of `text`, in order.
///
/// `from` and `to` of successive chars never decrease; several normalised chars can share one
/// source range (`㎏` → `k`, `g`).
pub(crate) fn normalize(text: &str, mut emit: impl FnMut(NormChar)) {
    let mut chars = text.char_indices().peekable();
    while let Some((from, c)) = chars.next() {
        let to = from + c.len_utf8();
        let kana = fold(c)
            .and_then(|f| f.chars().next())
            .filter(|_| c as u32 >= 0xFF61)
            .unwrap_or(c);
        // A kana and a following voicing mark (full- or half-width) make one char: ｶﾞ → ガ.
        if let Some(&(at, next)) = chars.peek() {
            let mark = fold(next).and_then(|f| f.chars().next()).unwrap_or(next);
            if let Some(voiced) = voice(kana, mark) {
                chars.next();
                emit(NormChar {
                    c: voiced,
                    from,
                    to: at + next.len_utf8(),
                });
                continue;
            }
        }
        if c.is_ascii() {
            emit(NormChar {
                c: c.to_ascii_lowercase(),
                from,
                to,
            });
        } else if is_plain_han(c) {
            emit(NormChar { c, from, to });
        } else if let Some(folded) = fold(c) {
            for c in folded.chars().flat_map(char::to_lowercase) {
                emit(NormChar { c, from, to });
            }
        } else {
            for c in c.to_lowercase() {
                emit(NormChar { c, from, to });
            }
        }
    }
}

/// The compatibility form of `c`, when it has one in the folded blocks.
pub(crate) fn fold(c: char) -> Option<&'static str> {
    let i = KEYS.binary_search(&(c as u32)).ok()?;
    VALUES.get(usize::from(OFFSETS[i])..usize::from(OFFSETS[i + 1]))
}

/// The kana `base` voiced by the combining mark `mark` (U+3099 voiced, U+309A semi-voiced), as
/// canonical composition makes it.
fn voice(base: char, mark: char) -> Option<char> {
    let (b, m) = (base as u32, mark as u32);
    if m != 0x3099 && m != 0x309A {
        return None;
    }
    // Hiragana and katakana share their layout, 0x60 apart.
    let (k, shift) = match b {
        0x3041..=0x309F => (b + 0x60, 0x60),
        0x30A1..=0x30FF => (b, 0),
        _ => return None,
    };
    let voiced = match (k, m) {
        // カ..チ (every other), ツ, テ, ト
        (0x30AB..=0x30C1, 0x3099) if (k - 0x30AB) % 2 == 0 => k + 1,
        (0x30C4 | 0x30C6 | 0x30C8, 0x3099) => k + 1,
        // ハ ヒ フ ヘ ホ: +1 voiced, +2 semi-voiced
        (0x30CF..=0x30DB, _) if (k - 0x30CF) % 3 == 0 => k + if m == 0x3099 { 1 } else { 2 },
        (0x30A6, 0x3099) => 0x30F4,
        (0x30EF..=0x30F2, 0x3099) if shift == 0 => k + 8,
        (0x30FD, 0x3099) => 0x30FE,
        _ => return None,
    };
    char::from_u32(voiced - shift)
}

/// A CJK Unified Ideograph of the BMP: no compatibility form, no case.
fn is_plain_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> Vec<NormChar> {
        let mut out = Vec::new();
        normalize(text, |n| out.push(n));
        out
    }

    fn norm_str(text: &str) -> String {
        norm(text).iter().map(|n| n.c).collect()
    }

    fn nc(c: char, from: usize, to: usize) -> NormChar {
        NormChar { c, from, to }
    }

    #[test]
    fn empty() {
        assert!(norm("").is_empty());
    }

    #[test]
    fn ascii_is_lowercased_byte_for_byte() {
        assert_eq!(
            norm("aB1-"),
            [nc('a', 0, 1), nc('b', 1, 2), nc('1', 2, 3), nc('-', 3, 4)]
        );
    }

    #[test]
    fn full_width_becomes_half_width() {
        assert_eq!(norm_str("ＤＮＳ"), "dns");
        assert_eq!(norm_str("１２３"), "123");
        assert_eq!(norm_str("（ａ，ｂ：ｃ）！"), "(a,b:c)!");
        assert_eq!(norm("ＤＮ"), [nc('d', 0, 3), nc('n', 3, 6)]);
    }

    #[test]
    fn han_passes_through() {
        assert_eq!(norm("证书"), [nc('证', 0, 3), nc('书', 3, 6)]);
    }

    #[test]
    fn ideographic_punctuation_is_kept() {
        assert_eq!(norm_str("、。"), "、。");
    }

    #[test]
    fn compatibility_chars_expand_onto_one_source_range() {
        assert_eq!(norm("㎏"), [nc('k', 0, 3), nc('g', 0, 3)]);
        assert_eq!(norm_str("①ﬁ"), "1fi");
    }

    #[test]
    fn accents_are_lowercased_not_composed() {
        assert_eq!(
            norm("e\u{301}x"),
            [nc('e', 0, 1), nc('\u{301}', 1, 3), nc('x', 3, 4)]
        );
        assert_eq!(norm_str("É"), "é");
    }

    #[test]
    fn half_width_katakana_with_voiced_mark_composes() {
        // ｶ + ﾞ (two source chars) → ガ
        assert_eq!(norm("ｶﾞ"), [nc('ガ', 0, 6)]);
        assert_eq!(norm_str("ﾊﾟﾝ か\u{3099}"), "パン が");
    }

    #[test]
    fn voicing_is_canonical_composition() {
        use unicode_normalization::UnicodeNormalization;
        for base in (0x3041..=0x30FF).filter_map(char::from_u32) {
            for mark in ['\u{3099}', '\u{309A}'] {
                let nfc: Vec<char> = [base, mark].iter().collect::<String>().nfc().collect();
                let want = (nfc.len() == 1).then(|| nfc[0]);
                assert_eq!(voice(base, mark), want, "{base}");
            }
        }
    }

    #[test]
    fn radicals_and_spaces_fold() {
        assert_eq!(norm_str("⽤⼾\u{3000}℃…"), "用戶 °c...");
    }

    /// The table holds exactly NFKC's mappings of its blocks. To regenerate it after a Unicode
    /// update, print the mappings of `BLOCKS` with unicode-normalization in the format of
    /// `nfkc_table.rs` (KEYS ascending, OFFSETS into the concatenated VALUES).
    #[test]
    fn table_is_nfkc_of_its_blocks() {
        use unicode_normalization::UnicodeNormalization;
        const BLOCKS: &[(u32, u32)] = &[
            (0x00A0, 0x00BF),
            (0x2000, 0x206F),
            (0x2070, 0x209F),
            (0x2100, 0x218F),
            (0x2460, 0x24FF),
            (0x2E80, 0x2FDF),
            (0x3000, 0x303F),
            (0x3200, 0x33FF),
            (0xFB00, 0xFB06),
            (0xFE10, 0xFE6F),
            (0xFF00, 0xFFEF),
            (0x1F100, 0x1F1FF),
        ];
        let mut expected = Vec::new();
        for &(a, b) in BLOCKS {
            for c in (a..=b).filter_map(char::from_u32) {
                let n: String = c.to_string().nfkc().collect();
                if n != c.to_string() {
                    expected.push((c, n));
                }
            }
        }
        assert_eq!(expected.len(), KEYS.len());
        for (c, n) in expected {
            assert_eq!(fold(c), Some(n.as_str()), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn leading_combining_mark_does_not_panic() {
        assert_eq!(norm("\u{301}a").last(), Some(&nc('a', 2, 3)));
    }

    #[test]
    fn lowercase_can_expand() {
        // İ lowercases to i + U+0307
        assert_eq!(norm_str("İ"), "i\u{307}");
    }

    #[test]
    fn ranges_are_char_boundaries_and_ordered() {
        let text = "Ａ证e\u{301}ｶﾞ㎏😀x";
        let out = norm(text);
        let mut last = 0;
        for n in &out {
            assert!(n.from < n.to && n.to <= text.len());
            assert!(text.is_char_boundary(n.from) && text.is_char_boundary(n.to));
            assert!(n.from >= last);
            last = n.from;
        }
    }
}

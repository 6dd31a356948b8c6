//! Stage 1 — normalise: NFKC, then lowercase, one normalised char at a time, each linked to the
//! byte range of the source chars it came from.
//!
//! NFKC folds full-width forms to half-width (`ＤＮＳ` → `DNS`, `１２３` → `123`, `，` → `,`),
//! half-width katakana to full-width, ligatures and compatibility characters (`ﬁ` → `fi`,
//! `①` → `1`, `㎏` → `kg`) and composes accents (`e` + U+0301 → `é`); lowercasing follows
//! (and NFKC once more, as lowercasing can reorder marks: `İ` → `i` + U+0307).
//!
//! The text is normalised per *cluster*: a starter char and the non-starters that follow it (chars
//! whose compatibility decomposition begins with a combining mark). Every normalised char of a
//! cluster maps back to the whole cluster's bytes, so offsets always lie on source char
//! boundaries. This equals NFKC of the whole text except for the rare compositions of two
//! starters (conjoining Hangul jamo, a few Indic two-part vowels), which stay uncomposed.
//!
//! Fast paths: a lone ASCII char only needs `to_ascii_lowercase`, and a lone CJK Unified
//! Ideograph (U+3400–U+4DBF, U+4E00–U+9FFF) is its own NFKC and lowercase; together they are
//! almost every char of a Chinese support ticket. Nothing here allocates.

use unicode_normalization::char::{canonical_combining_class, decompose_compatible};
use unicode_normalization::UnicodeNormalization;

/// One normalised char and the byte range `from..to` of the source chars it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NormChar {
    /// The normalised char.
    pub(crate) c: char,
    /// Start of the source cluster (byte offset into the original text).
    pub(crate) from: usize,
    /// End of the source cluster (exclusive byte offset into the original text).
    pub(crate) to: usize,
}

/// Calls `emit` with each normalised char of `text`, in order.
///
/// `from` and `to` of successive chars never decrease; several normalised chars can share one
/// source range (`㎏` → `k`, `g`).
pub(crate) fn normalize(text: &str, mut emit: impl FnMut(NormChar)) {
    let mut chars = text.char_indices().peekable();
    while let Some((from, c)) = chars.next() {
        let first_end = from + c.len_utf8();
        let mut to = first_end;
        while let Some(&(at, next)) = chars.peek() {
            if starts_cluster(next) {
                break;
            }
            to = at + next.len_utf8();
            chars.next();
        }
        if to == first_end && c.is_ascii() {
            emit(NormChar {
                c: c.to_ascii_lowercase(),
                from,
                to,
            });
        } else if to == first_end && is_plain_han(c) {
            emit(NormChar { c, from, to });
        } else if let Some(cluster) = text.get(from..to) {
            // Lowercasing can leave a non-normalised sequence (`İ` → `i` + U+0307 before a mark
            // of lower combining class), so the result is normalised once more.
            for c in cluster.nfkc().flat_map(char::to_lowercase).nfkc() {
                emit(NormChar { c, from, to });
            }
        }
    }
}

/// A CJK Unified Ideograph of the BMP: no decomposition, no case, composes with nothing.
fn is_plain_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

/// Whether `c` begins a new cluster, i.e. its compatibility decomposition starts with a starter
/// (canonical combining class 0). Everything below U+0300 does.
fn starts_cluster(c: char) -> bool {
    if (c as u32) < 0x300 || is_plain_han(c) {
        return true;
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        if first.is_none() {
            first = Some(d);
        }
    });
    canonical_combining_class(first.unwrap_or(c)) == 0
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
    fn combining_marks_compose_with_their_base() {
        assert_eq!(norm("e\u{301}x"), [nc('é', 0, 3), nc('x', 3, 4)]);
        assert_eq!(norm_str("É"), "é");
    }

    #[test]
    fn half_width_katakana_with_voiced_mark_composes() {
        // ｶ + ﾞ (two source chars, the second decomposes to a combining mark) → ガ
        assert_eq!(norm("ｶﾞ"), [nc('ガ', 0, 6)]);
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

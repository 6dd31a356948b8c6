//! Stage 3b — a CJK run becomes overlapping character bigrams.
//!
//! `证书部署` → `证书` (p), `书部` (p + 1), `部署` (p + 2); the next run starts at p + 3. A run of
//! one char becomes a [`TokenKind::CjkUnigram`] at p; the next run starts at p + 1.
//!
//! Bigrams need no dictionary and are the same at index and query time; a word of two or more
//! chars inside a longer run is found because its bigrams occur there at consecutive positions
//! (`处理中` = `处理`, `理中` inside `一直处于处理中`). A one-char *query* yields a unigram,
//! which only matches one-char runs; the engine can match it as a prefix of bigrams instead.

use crate::script::Run;
use crate::{Token, TokenKind};

/// Emits the tokens of the CJK `run`, the first at position `pos`; returns the position for the
/// next run.
pub(crate) fn tokenize(run: &Run, pos: u32, f: &mut impl FnMut(Token)) -> u32 {
    let n = run.len();
    if n == 1 {
        run.emit(0..1, pos, TokenKind::CjkUnigram, f);
        return crate::advance(pos, 1);
    }
    for i in 0..n.saturating_sub(1) {
        run.emit(i..i + 2, crate::advance(pos, i), TokenKind::CjkBigram, f);
    }
    crate::advance(pos, n.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use crate::test_util::{assert_token, assert_tokens, tokens};
    use crate::TokenKind::{CjkBigram, CjkUnigram};

    #[test]
    fn bigrams_overlap() {
        assert_tokens(
            "证书部署",
            &[
                (0, "证书", 0, 6, CjkBigram),
                (1, "书部", 3, 9, CjkBigram),
                (2, "部署", 6, 12, CjkBigram),
            ],
        );
    }

    #[test]
    fn one_char_run_is_a_unigram() {
        assert_tokens("卡", &[(0, "卡", 0, 3, CjkUnigram)]);
        assert_tokens(
            "卡 顿",
            &[(0, "卡", 0, 3, CjkUnigram), (1, "顿", 4, 7, CjkUnigram)],
        );
    }

    #[test]
    fn two_chars_are_one_bigram() {
        assert_tokens("证书", &[(0, "证书", 0, 6, CjkBigram)]);
    }

    #[test]
    fn word_inside_phrase_has_consecutive_positions() {
        let t = tokens("一直处于处理中");
        let texts: Vec<_> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["一直", "直处", "处于", "于处", "处理", "理中"]);
        assert_token(&t[4], 4, "处理", 12, 18);
        assert_token(&t[5], 5, "理中", 15, 21);
    }

    #[test]
    fn punctuation_splits_runs_and_positions_continue() {
        assert_tokens(
            "您好，证书",
            &[(0, "您好", 0, 6, CjkBigram), (1, "证书", 9, 15, CjkBigram)],
        );
    }

    #[test]
    fn kana() {
        assert_tokens(
            "ｶﾞｰﾄﾞ",
            &[(0, "ガー", 0, 9, CjkBigram), (1, "ード", 6, 15, CjkBigram)],
        );
    }

    #[test]
    fn extension_b_ideographs() {
        assert_tokens("𠀀𠀁", &[(0, "𠀀𠀁", 0, 8, CjkBigram)]);
    }
}

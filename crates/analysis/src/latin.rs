//! Stage 3a — a Latin run becomes words.
//!
//! A run is split at its connectors (`.` `-` `_` `/` `:` `@`) into *parts*; part `i` gets
//! position `p + i`, and the next run starts at `p + parts`.
//!
//! - One part (`qshell`, `403`, `pfop`): one [`TokenKind::Word`].
//! - Several parts, no `/` (`kodo-browser`, `v1.2.3`, `persistent_ops`,
//!   `sc-test-cdn1.91hilife.com`, `zhang.san@qiniu.com`, `host:8080`): the whole run as a
//!   [`TokenKind::Word`] at `p`, then each part as a [`TokenKind::WordPart`] at `p`, `p + 1`, ….
//! - A single slash pair `a/b` (`tcp/ip`, `application/json`, `ak/sk`): the same, whole and parts.
//! - Otherwise a `/` marks a path or URL (`developer.qiniu.com/kodo/1656/download-private`):
//!   nobody types the whole of it, so each `/`-separated segment is treated as a compound of its
//!   own: `developer.qiniu.com` (Word) + `developer`, `qiniu`, `com` (WordParts), `kodo` (Word),
//!   `1656` (Word), `download-private` (Word) + `download`, `private` (WordParts). The URL's
//!   scheme (`https` before `://`) is a run of its own, as `://` is no connector.
//!
//! So every [`TokenKind::WordPart`] follows the [`TokenKind::Word`] that covers it, at the same
//! position as its first part. Tokens longer than [`MAX_TOKEN_BYTES`] are dropped but keep their
//! position (a dropped whole still has its parts).

use crate::script::{is_connector, Run};
use crate::{Token, TokenKind};

/// One part of a Latin run: chars `start..end`, and whether a `/` precedes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    start: usize,
    end: usize,
    after_slash: bool,
}

/// Emits the tokens of the Latin `run`, the first at position `pos`; returns the position for
/// the next run. `parts` is scratch space, reused across runs.
pub(crate) fn tokenize(
    run: &Run,
    pos: u32,
    parts: &mut Vec<Part>,
    f: &mut impl FnMut(Token),
) -> u32 {
    split_parts(run, parts);
    let slashes = parts.iter().filter(|p| p.after_slash).count();
    if slashes == 0 || parts.len() == 2 {
        compound(run, parts, pos, f);
    } else {
        let mut start = 0;
        while start < parts.len() {
            let end = parts
                .iter()
                .skip(start + 1)
                .position(|p| p.after_slash)
                .map_or(parts.len(), |i| start + 1 + i);
            compound(run, &parts[start..end], crate::advance(pos, start), f);
            start = end;
        }
    }
    crate::advance(pos, parts.len())
}

/// Cuts `run` at its connectors.
fn split_parts(run: &Run, parts: &mut Vec<Part>) {
    parts.clear();
    let mut start = 0;
    let mut after_slash = false;
    for (i, rc) in run.chars().iter().enumerate() {
        if is_connector(rc.c) {
            if i > start {
                parts.push(Part {
                    start,
                    end: i,
                    after_slash,
                });
            }
            start = i + 1;
            after_slash = rc.c == '/';
        }
    }
    if run.len() > start {
        parts.push(Part {
            start,
            end: run.len(),
            after_slash,
        });
    }
}

/// Emits a compound: one part as a Word; several as the whole (Word) and then each part.
fn compound(run: &Run, parts: &[Part], pos: u32, f: &mut impl FnMut(Token)) {
    match parts {
        [] => {}
        [one] => run.emit(one.start..one.end, pos, TokenKind::Word, f),
        [first, .., last] => {
            run.emit(first.start..last.end, pos, TokenKind::Word, f);
            for (i, part) in parts.iter().enumerate() {
                let at = crate::advance(pos, i);
                run.emit(part.start..part.end, at, TokenKind::WordPart, f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::{assert_token, assert_tokens, tokens};
    use crate::TokenKind::{Word, WordPart};

    #[test]
    fn plain_word() {
        let t = tokens("qshell");
        assert_eq!(t.len(), 1);
        assert_token(&t[0], 0, "qshell", 0, 6);
        assert_eq!(t[0].kind, Word);
    }

    #[test]
    fn error_codes_keep_digits() {
        assert_tokens("403 599", &[(0, "403", 0, 3, Word), (1, "599", 4, 7, Word)]);
    }

    #[test]
    fn tool_name_with_hyphen() {
        assert_tokens(
            "kodo-browser",
            &[
                (0, "kodo-browser", 0, 12, Word),
                (0, "kodo", 0, 4, WordPart),
                (1, "browser", 5, 12, WordPart),
            ],
        );
    }

    #[test]
    fn query_words_are_adjacent_like_the_compound() {
        assert_tokens(
            "kodo browser",
            &[(0, "kodo", 0, 4, Word), (1, "browser", 5, 12, Word)],
        );
    }

    #[test]
    fn underscore() {
        assert_tokens(
            "persistent_ops",
            &[
                (0, "persistent_ops", 0, 14, Word),
                (0, "persistent", 0, 10, WordPart),
                (1, "ops", 11, 14, WordPart),
            ],
        );
    }

    #[test]
    fn version() {
        assert_tokens(
            "v1.2.3.",
            &[
                (0, "v1.2.3", 0, 6, Word),
                (0, "v1", 0, 2, WordPart),
                (1, "2", 3, 4, WordPart),
                (2, "3", 5, 6, WordPart),
            ],
        );
    }

    #[test]
    fn domain() {
        assert_tokens(
            "sc-test-cdn1.91hilife.com,files1.91hilife.com",
            &[
                (0, "sc-test-cdn1.91hilife.com", 0, 25, Word),
                (0, "sc", 0, 2, WordPart),
                (1, "test", 3, 7, WordPart),
                (2, "cdn1", 8, 12, WordPart),
                (3, "91hilife", 13, 21, WordPart),
                (4, "com", 22, 25, WordPart),
                (5, "files1.91hilife.com", 26, 45, Word),
                (5, "files1", 26, 32, WordPart),
                (6, "91hilife", 33, 41, WordPart),
                (7, "com", 42, 45, WordPart),
            ],
        );
    }

    #[test]
    fn email() {
        assert_tokens(
            "Zhang.San@qiniu.com",
            &[
                (0, "zhang.san@qiniu.com", 0, 19, Word),
                (0, "zhang", 0, 5, WordPart),
                (1, "san", 6, 9, WordPart),
                (2, "qiniu", 10, 15, WordPart),
                (3, "com", 16, 19, WordPart),
            ],
        );
    }

    #[test]
    fn url_is_split_into_segments() {
        assert_tokens(
            "https://developer.qiniu.com/kodo/1656/download-private",
            &[
                (0, "https", 0, 5, Word),
                (1, "developer.qiniu.com", 8, 27, Word),
                (1, "developer", 8, 17, WordPart),
                (2, "qiniu", 18, 23, WordPart),
                (3, "com", 24, 27, WordPart),
                (4, "kodo", 28, 32, Word),
                (5, "1656", 33, 37, Word),
                (6, "download-private", 38, 54, Word),
                (6, "download", 38, 46, WordPart),
                (7, "private", 47, 54, WordPart),
            ],
        );
    }

    #[test]
    fn slash_pair_is_a_compound() {
        assert_tokens(
            "TCP/IP",
            &[
                (0, "tcp/ip", 0, 6, Word),
                (0, "tcp", 0, 3, WordPart),
                (1, "ip", 4, 6, WordPart),
            ],
        );
    }

    #[test]
    fn port_and_time() {
        assert_tokens(
            "localhost:8080",
            &[
                (0, "localhost:8080", 0, 14, Word),
                (0, "localhost", 0, 9, WordPart),
                (1, "8080", 10, 14, WordPart),
            ],
        );
    }

    #[test]
    fn long_word_is_dropped_but_keeps_its_position() {
        let long = "a".repeat(crate::MAX_TOKEN_BYTES + 1);
        let text = format!("x {long} y");
        assert_tokens(&text, &[(0, "x", 0, 1, Word), (2, "y", 68, 69, Word)]);
        let exact = "b".repeat(crate::MAX_TOKEN_BYTES);
        assert_eq!(tokens(&exact).len(), 1);
    }

    #[test]
    fn long_whole_is_dropped_parts_stay() {
        let part = "abcdefghij"; // 7 parts of 10 bytes: whole = 76 bytes
        let text = [part; 7].join(".");
        let t = tokens(&text);
        assert_eq!(t.len(), 7);
        assert!(t.iter().all(|t| t.kind == WordPart && t.text == part));
        assert_eq!(t.last().map(|t| t.position), Some(6));
    }
}

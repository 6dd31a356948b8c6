//! Property tests: arbitrary input never panics; every ticket heading is
//! accounted for; export → import → export is the identity.

use proptest::prelude::*;
use ticket::{
    parse_jsonl, parse_markdown, read_file, to_jsonl_line, Format, Message, Role, Source, Ticket,
};

/// Lines that look like archive lines, to reach deep into the reader.
fn archive_line() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..30, "[^\r]{0,12}").prop_map(|(n, t)| format!("## 问题 {n}: {t}")),
        Just("## 问题: 无编号".to_owned()),
        "(CDN|对象存储|)[｜|]?(证书问题|)".prop_map(|c| format!("**问题分类**: {c}")),
        prop::sample::select(vec![
            "### 问题描述",
            "### 客服解答",
            "### 根本原因分析",
            "### 完整对话记录",
            "### 其他"
        ])
        .prop_map(str::to_owned),
        prop::sample::select(vec![
            "```",
            "````",
            "~~~",
            "---",
            "",
            "# 记录 - Part 3",
            "1. 答",
            "   续"
        ])
        .prop_map(str::to_owned),
        "[^\r]{0,20}".prop_map(|t| format!("**客户**：{t}")),
        "[^\r]{0,20}".prop_map(|t| format!("**客服**：{t}")),
        "[^\r]{0,30}",
    ]
}

fn archive() -> impl Strategy<Value = String> {
    (prop::collection::vec(archive_line(), 0..60), any::<bool>())
        .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
}

fn is_ticket_heading(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    line.len() - t.len() <= 3
        && t.starts_with("##")
        && !t.starts_with("###")
        && t[2..].trim_start().starts_with("问题")
}

fn text() -> impl Strategy<Value = String> {
    "(.|\n){0,40}"
}

fn ticket() -> impl Strategy<Value = Ticket> {
    (
        (
            "[a-z0-9-]{1,12}",
            any::<u32>(),
            text(),
            text(),
            text(),
            text(),
        ),
        (
            prop::collection::vec(text(), 0..4),
            text(),
            prop::collection::vec((any::<bool>(), text()), 0..5),
        ),
        (text(), any::<u32>()),
    )
        .prop_map(
            |(
                (id, number, title, product, subcategory, description),
                (answers, root_cause, conv),
                (file, line),
            )| {
                Ticket {
                    id,
                    number,
                    title,
                    product,
                    subcategory,
                    description,
                    answers,
                    root_cause,
                    conversation: conv
                        .into_iter()
                        .map(|(c, text)| Message {
                            role: if c { Role::Customer } else { Role::Agent },
                            text,
                        })
                        .collect(),
                    source: Source {
                        file: if file.is_empty() { "x".into() } else { file },
                        line,
                    },
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_file("x.md", &bytes, Format::Markdown);
        let _ = read_file("x.jsonl", &bytes, Format::Jsonl);
    }

    #[test]
    fn every_ticket_heading_is_a_ticket_or_a_diagnostic(text in archive()) {
        let parsed = parse_markdown("x.md", &text);
        let normalised = text.replace("\r\n", "\n");
        let headings: Vec<usize> = normalised
            .lines()
            .enumerate()
            .filter(|(_, l)| is_ticket_heading(l))
            .map(|(i, _)| i + 1)
            .collect();
        for line in headings {
            let as_ticket = parsed.tickets.iter().any(|t| t.source.line as usize == line);
            let as_diagnostic = parsed.diagnostics.iter().any(|d| d.line == Some(line as u32));
            prop_assert!(as_ticket || as_diagnostic, "heading at line {} lost in {:?}", line, text);
        }
        let mut ids: Vec<_> = parsed.tickets.iter().map(|t| t.id.clone()).collect();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), parsed.tickets.len(), "ids not unique");
    }

    #[test]
    fn crlf_reads_like_lf(text in archive()) {
        let lf = parse_markdown("x.md", &text.replace("\r\n", "\n"));
        let crlf = parse_markdown("x.md", &text.replace("\r\n", "\n").replace('\n', "\r\n"));
        prop_assert_eq!(lf.tickets, crlf.tickets);
    }

    #[test]
    fn export_import_export_is_identity(t in ticket()) {
        let line = to_jsonl_line(&t);
        let parsed = parse_jsonl("x.jsonl", &line);
        prop_assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        prop_assert_eq!(&parsed.tickets[0], &t);
        prop_assert_eq!(to_jsonl_line(&parsed.tickets[0]), line);
    }

    #[test]
    fn markdown_tickets_survive_the_round_trip(text in archive()) {
        for t in parse_markdown("x.md", &text).tickets {
            let line = to_jsonl_line(&t);
            prop_assert_eq!(to_jsonl_line(&parse_jsonl("y.jsonl", &line).tickets[0]), line);
        }
    }
}

//! `ticketsearch export` as a user runs it.

use crate::util::{root, stderr, stdout, ticketsearch, TempDir, SAMPLE};

const TICKET: &str = "## 问题 1: 证书一直处于处理中\n\n**问题分类**: CDN｜证书问题\n\n### 问题描述\n\n描述\n\n### 根本原因分析\n\n原因\n\n### 完整对话记录\n\n```\n**客户**：问\n**客服**：答\n```\n";

/// The export of the bundled sample is checked in; a change to the reader
/// that changes any ticket shows up here. Regenerate deliberately with
/// `UPDATE_SNAPSHOTS=1 cargo test --test integration`.
#[test]
fn sample_export_matches_the_snapshot() {
    let out = ticketsearch(&["export", SAMPLE, "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let snapshot = root().join("tests/snapshots/sample.jsonl");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, &out.stdout).expect("write snapshot");
    }
    let expected = std::fs::read_to_string(&snapshot).expect("snapshot exists");
    let actual = stdout(&out);
    assert_eq!(actual.lines().count(), 114);
    for (i, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, e, "ticket line {} differs from the snapshot", i + 1);
    }
    assert_eq!(actual, expected);
}

#[test]
fn sample_summary_counts_tickets_and_categories() {
    let out = ticketsearch(&["export", "data/sample"]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(err.contains("114 ticket(s) from 1 file"), "{err}");
    assert!(err.contains(&format!("     114  {SAMPLE}")), "{err}");
    assert!(
        err.contains("      59  CDN\n      23    ｜配置问题"),
        "{err}"
    );
    assert!(err.contains("0 warning(s), 0 error(s)"), "{err}");
}

#[test]
fn export_import_export_is_byte_identical() {
    let dir = TempDir::new("roundtrip");
    let first = ticketsearch(&["export", SAMPLE]);
    let jsonl = dir.file("edited.jsonl", &first.stdout);
    let second = ticketsearch(&["export", &jsonl, "--strict"]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(stdout(&first), stdout(&second));
}

#[test]
fn same_numbers_in_two_archives_get_distinct_ids() {
    let dir = TempDir::new("parts");
    dir.file("a/part1.md", format!("# 记录 - Part 1\n\n{TICKET}"));
    dir.file("a/z/part2.md", format!("# 记录 - Part 2\n\n{TICKET}"));
    let out = ticketsearch(&[
        "export",
        &dir.path().join("a").display().to_string(),
        "--strict",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids, ["part1-1", "part2-1"]);
}

#[test]
fn the_same_archive_twice_is_read_once() {
    let out = ticketsearch(&["export", SAMPLE, "data/sample", "--strict"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 114);
}

#[test]
fn copies_of_an_archive_keep_every_ticket_with_a_warning() {
    let dir = TempDir::new("copies");
    let a = dir.file("a.md", format!("# 记录 - Part 1\n\n{TICKET}"));
    let b = dir.file("b.md", format!("# 记录 - Part 1\n\n{TICKET}"));
    let out = ticketsearch(&["export", &a, &b]);
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().count(), 2);
    assert!(
        stderr(&out).contains("b.md:3: warning: ticket id `part1-1` is already used by"),
        "{}",
        stderr(&out)
    );
    let strict = ticketsearch(&["export", &a, &b, "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).contains("error: 1 warning(s) and --strict is set"));
}

#[test]
fn non_utf8_file_is_an_error_but_other_inputs_are_read() {
    let dir = TempDir::new("latin1");
    let bad = dir.file("gbk.md", b"## \xce\xca\xcc\xe2 1: x\n");
    let good = dir.file("good.md", TICKET);
    let out = ticketsearch(&["export", &bad, &good]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 1);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{bad}:1: error: file is not valid UTF-8")),
        "{err}"
    );
    assert!(err.contains("error: 1 input error(s)"), "{err}");
}

#[test]
fn missing_path_is_an_error_naming_it() {
    let out = ticketsearch(&["export", "no/such/archive.md", SAMPLE]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 114);
    assert!(
        stderr(&out).contains("no/such/archive.md: error: cannot read:"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_input_says_no_tickets_found_and_fails() {
    let dir = TempDir::new("empty");
    let empty = dir.file("empty.md", "");
    let out = ticketsearch(&["export", &empty]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{empty}: warning: no tickets found")),
        "{err}"
    );
    assert!(
        err.contains("error: no tickets found in the inputs"),
        "{err}"
    );
}

#[test]
fn warnings_pass_by_default_and_fail_under_strict() {
    let dir = TempDir::new("strict");
    let path = dir.file("bar.md", TICKET.replace('｜', "|"));
    let out = ticketsearch(&["export", &path]);
    assert!(out.status.success());
    assert!(stderr(&out).contains(&format!("{path}:3: warning: category uses ASCII `|`")));
    let out = ticketsearch(&["export", &path, "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out).lines().count(),
        1,
        "the tickets are still written"
    );
}

#[test]
fn crlf_and_bom_archive_exports_like_lf() {
    let dir = TempDir::new("crlf");
    let lf = dir.file("t.md", TICKET);
    let crlf_dir = TempDir::new("crlf2");
    let crlf = crlf_dir.file("t.md", format!("\u{feff}{}", TICKET.replace('\n', "\r\n")));
    let a = stdout(&ticketsearch(&["export", &lf])).replace(&lf, "PATH");
    let b = stdout(&ticketsearch(&["export", &crlf])).replace(&crlf, "PATH");
    assert_eq!(a, b);
}

#[test]
fn help_describes_the_commands() {
    let out = ticketsearch(&["--help"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("export"));
    let out = ticketsearch(&["export", "--help"]);
    assert!(stdout(&out).contains("--strict"));
    let out = ticketsearch(&["export"]);
    assert_eq!(out.status.code(), Some(2), "missing INPUT is a usage error");
}

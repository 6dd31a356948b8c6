//! Resource bounds: huge tickets and huge queries are capped, not choked on.

use crate::util::{stderr, stdout, ticketsearch, TempDir};

#[test]
fn a_10_mb_ticket_and_a_1m_character_message_are_indexed_up_to_the_cap() {
    let dir = TempDir::new("huge");
    let log_line = "2024-10-22 23:01:02 GET /a.mp4 200 cache-hit\n";
    let description = format!(
        "开头的描述 甲乙丙丁\n{}结尾戊己庚辛",
        log_line.repeat(10 * 1024 * 1024 / log_line.len())
    );
    let message: String = "回源".repeat(500_000);
    let archive = format!(
        "## 问题 1: 巨大的工单\n\n**问题分类**: CDN｜访问下载\n\n### 问题描述\n\n{description}\n\n\
         ### 根本原因分析\n\n日志过长\n\n### 完整对话记录\n\n```\n**客户**：{message}\n**客服**：收到\n```\n\n\
         ## 问题 2: 普通工单\n\n**问题分类**: CDN｜访问下载\n\n### 问题描述\n\n戊己庚辛\n"
    );
    assert!(archive.len() > 10 * 1024 * 1024);
    let path = dir.file("huge.md", &archive);
    let site = dir.path().join("site").display().to_string();
    let out = ticketsearch(&["build", &path, "--out", &site]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("huge.md:1: warning: ticket huge-1 has a description of")
            && err.contains("only its first 256 KiB are searchable"),
        "{err}"
    );
    assert!(
        err.contains("huge-1 has a message of 3000000 bytes"),
        "{err}"
    );
    let strict = ticketsearch(&["build", &path, "--out", &site, "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "the cap is a warning");

    let json = |q: &str| -> serde_json::Value {
        let out = ticketsearch(&["search", &site, q, "--json"]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let start = json("甲乙丙丁");
    assert_eq!(
        start["hits"][0]["id"], "huge-1",
        "the start of a huge text is indexed"
    );
    let snippet: String = start["hits"][0]["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert!(
        snippet.chars().count() < 200,
        "snippets stay short: {} chars",
        snippet.chars().count()
    );
    // Past the cap (indexer::MAX_INDEXED_BYTES) the text is not indexed: only ticket 2 has 戊己庚辛.
    let end = json("戊己庚辛");
    assert_eq!(end["total"], 1);
    assert_eq!(end["hits"][0]["id"], "huge-2");
    // The ticket JSON keeps the whole text.
    let fragments: usize = std::fs::read_dir(dir.path().join("site/tickets"))
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len() as usize)
        .sum();
    assert!(fragments > 10 * 1024 * 1024);
}

#[test]
fn a_10000_character_query_is_answered() {
    let query: String = "证书部署处理中 kodo-browser 403 ".repeat(400);
    assert!(query.chars().count() >= 10_000);
    let out = ticketsearch(&["search", "data/site-for-limits-does-not-exist", &query]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing site is an error, not a panic"
    );
    let dir = TempDir::new("longquery");
    let site = dir.path().join("site").display().to_string();
    assert!(
        ticketsearch(&["build", crate::util::SAMPLE, "--out", &site])
            .status
            .success()
    );
    let out = ticketsearch(&["search", &site, &query, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let r: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(r["total"].as_u64().unwrap() > 0);
}

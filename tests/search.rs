//! `ticketsearch search` as a user runs it: the text and JSON results, and
//! `--repeat`'s latency report.

use crate::util::{stderr, stdout, ticketsearch, TempDir, SAMPLE};

fn site(dir: &TempDir) -> String {
    let site = dir.path().join("site").display().to_string();
    let out = ticketsearch(&["build", SAMPLE, "--out", &site]);
    assert!(out.status.success(), "{}", stderr(&out));
    site
}

#[test]
fn repeat_reports_warm_latency_and_leaves_the_result_alone() {
    let dir = TempDir::new("search-repeat");
    let site = site(&dir);
    let once = ticketsearch(&["search", &site, "证书 处理中", "--json"]);
    let repeated = ticketsearch(&["search", &site, "证书 处理中", "--json", "--repeat", "20"]);
    assert!(repeated.status.success(), "{}", stderr(&repeated));
    let result = |out: &std::process::Output| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap();
        v.as_object_mut().unwrap().remove("tookMs");
        v
    };
    assert_eq!(result(&once), result(&repeated));
    assert!(stderr(&once).is_empty(), "{}", stderr(&once));
    let err = stderr(&repeated);
    assert!(
        err.starts_with("warm, 20 runs: ranking median ")
            && err.contains(" ms, p95 ")
            && err.contains("; with snippets median "),
        "{err}"
    );
}

#[test]
fn text_results_mark_the_matches() {
    let dir = TempDir::new("search-text");
    let site = site(&dir);
    let out = ticketsearch(&["search", &site, "证书"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("ticket(s) for “证书”"),
        "{text}"
    );
    assert!(text.contains("[证书]"), "matches are marked: {text}");
}

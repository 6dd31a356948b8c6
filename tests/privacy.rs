//! The privacy scan and `--redact`: leftovers in the bundled sample are
//! reported with file:line, fail `--strict`, and leave no trace in a site or
//! an export written with `--redact`.
//!
//! `build` needs the browser bundle embedded (`cargo xtask bundle`, which
//! `cargo xtask test` runs first).

use std::path::Path;

use crate::util::{files_under, root, stderr, stdout, ticketsearch, TempDir, SAMPLE};

/// The sample's leftovers as `build` reports them: line, message after
/// `warning: `, and the text that line of the archive holds.
const SAMPLE_LEFTOVERS: &[(u32, &str, &str)] = &[
    (
        910,
        "possible IPv4 address left in ticket part32-24 (answers[1]): 120.76.*.*",
        "120.76.55.15",
    ),
    (
        932,
        "possible IPv4 address left in ticket part32-24 (conversation[3]): 120.76.*.*",
        "120.76.55.15",
    ),
    (
        1063,
        "possible IPv4 address left in ticket part32-27 (conversation[15]): 106.33.*.*",
        "106.33.166.519",
    ),
    (
        1088,
        "possible access key left in ticket part32-28 (description): token=i2sS…",
        "i2sShx2L_M-UfS6I2E4T5qaw7b0FTqBcKPKtUXwZ:jQ6rZ9UGGcMsW0duSf-M8oXTJt4=",
    ),
    (
        1094,
        "possible access key left in ticket part32-28 (answers[1]): token=i2sS…",
        "i2sShx2L_M-UfS6I2E4T5qaw7b0FTqBcKPKtUXwZ:o4aFdMVgn04JlBSVue1mEId1c8g",
    ),
    (
        1103,
        "possible access key left in ticket part32-28 (conversation[0]): token=i2sS…",
        "i2sShx2L_M-UfS6I2E4T5qaw7b0FTqBcKPKtUXwZ:jQ6rZ9UGGcMsW0duSf-M8oXTJt4=",
    ),
    (
        1106,
        "possible access key left in ticket part32-28 (conversation[3]): token=i2sS…",
        "i2sShx2L_M-UfS6I2E4T5qaw7b0FTqBcKPKtUXwZ:o4aFdMVgn04JlBSVue1mEId1c8g",
    ),
    (
        1738,
        "possible access key left in ticket part32-49 (description): token=ynFp…",
        "ynFp8QwugN7Vl9IoVMcrFq66Rdk_tt16NjNXSacj:kkpvGdyaUqxbc38PEuIvwZHHL9A=",
    ),
    (
        1753,
        "possible access key left in ticket part32-49 (conversation[0]): token=ynFp…",
        "ynFp8QwugN7Vl9IoVMcrFq66Rdk_tt16NjNXSacj:kkpvGdyaUqxbc38PEuIvwZHHL9A=",
    ),
    (
        1839,
        "possible access key left in ticket part32-51 (conversation[3]): token=-3LJ…",
        "-3LJYTChEJFSk4hNODyXs_0z3Z4-xVa1aJKNqPq-:FlLdfmbCAvuHgmtkkJFJ43gfxS0=",
    ),
    (
        2074,
        "possible IPv4 address left in ticket part32-57 (description): 36.35.*.*",
        "36.35.38.217",
    ),
    (
        2087,
        "possible IPv4 address left in ticket part32-57 (conversation[0]): 36.35.*.*",
        "36.35.38.217",
    ),
    (
        2250,
        "possible IPv4 address left in ticket part32-62 (answers[17]): 185.232.*.*",
        "185.232.59.134",
    ),
    (
        2362,
        "possible IPv4 address left in ticket part32-62 (conversation[45]): 185.232.*.*",
        "185.232.59.134",
    ),
    (
        2365,
        "possible IPv4 address left in ticket part32-62 (conversation[48]): 185.232.*.*",
        "185.232.59.134",
    ),
    (
        2987,
        "possible access key left in ticket part32-78 (conversation[14]): token=PKr1…",
        "PKr1x8jV436v69j064WFaB9mPun_-1pIt-_wMw8b:jyF7nzpdfcVJgXG7a4DvfXthHcU=",
    ),
    (
        3337,
        "possible IPv6 address left in ticket part32-89 (conversation[4]): 240e:…",
        "240e:b1:a810:2011::a1",
    ),
    (
        3785,
        "possible IPv4 address left in ticket part32-102 (answers[0]): 27.25.*.*",
        "27.25.152.245",
    ),
    (
        3796,
        "possible IPv4 address left in ticket part32-102 (conversation[2]): 27.25.*.*",
        "27.25.152.245",
    ),
    (
        4211,
        "possible access key left in ticket part32-114 (conversation[4]): token=OT-d…",
        "OT-dbj-NHGX5k6aJs4HHnp0vWAPYR7VC8ky2Zx5O:hSjSSU3rZTTb8JYn73SYgAK80Og=",
    ),
];

/// What must not survive a redaction: every leftover, and each access key
/// and signature on its own (the analyzer splits them into terms).
fn needles() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &(_, _, text) in SAMPLE_LEFTOVERS {
        let text = text.trim_end_matches('=');
        out.push(text.to_owned());
        if let Some((key, signature)) = text.split_once(':').filter(|_| text.len() > 40) {
            out.push(key.to_owned());
            out.push(signature.to_owned());
        }
    }
    out.sort();
    out.dedup();
    out
}

fn build(out: &Path, extra: &[&str]) -> std::process::Output {
    let out = out.display().to_string();
    let mut args = vec!["build", SAMPLE, "--out", &out];
    args.extend_from_slice(extra);
    ticketsearch(&args)
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|rel| {
            let path = dir.join(rel);
            let bytes = std::fs::read(&path).expect("read site file");
            (path.display().to_string(), bytes)
        })
        .collect()
}

/// Every term of the site's index. Terms are front-coded in the chunk files,
/// so a term need not appear as one run of bytes there: decode them.
fn terms(dir: &Path) -> Vec<String> {
    let manifest = std::fs::read(dir.join(format::MANIFEST_PATH)).expect("manifest");
    let manifest = format::Manifest::decode(&manifest).expect("manifest decodes");
    let mut out = Vec::new();
    for chunk in &manifest.chunks {
        let bytes = std::fs::read(dir.join(&chunk.file)).expect("chunk");
        let chunk = format::Chunk::decode(&bytes).expect("chunk decodes");
        out.extend(chunk.terms.into_iter().map(|t| t.term));
    }
    out
}

/// Every term of the elasticlunr export, if the site has one. The index is
/// a trie of single characters (`{"a": {"b": {"docs": {…}, "df": 1}}}`), so
/// its terms never appear as one run of bytes either: walk it.
fn elasticlunr_terms(dir: &Path) -> Vec<String> {
    fn walk(node: &serde_json::Value, prefix: &mut String, out: &mut Vec<String>) {
        let Some(node) = node.as_object() else {
            return;
        };
        if node
            .get("docs")
            .and_then(|d| d.as_object())
            .is_some_and(|d| !d.is_empty())
        {
            out.push(prefix.clone());
        }
        for (key, child) in node {
            if key != "docs" && key != "df" {
                prefix.push_str(key);
                walk(child, prefix, out);
                prefix.truncate(prefix.len() - key.len());
            }
        }
    }
    let Ok(bytes) = std::fs::read(dir.join("elasticlunr/index.json")) else {
        return Vec::new();
    };
    let json: serde_json::Value = serde_json::from_slice(&bytes).expect("elasticlunr JSON");
    let mut out = Vec::new();
    for field in json["index"]
        .as_object()
        .expect("elasticlunr fields")
        .values()
    {
        walk(&field["root"], &mut String::new(), &mut out);
    }
    out
}

/// Where each needle shows in a site: a file's bytes (ASCII case ignored,
/// as the analyzer lowercases), or a term of the index or of the
/// elasticlunr export that holds the needle or is a part of it of 8+ bytes.
fn traces(dir: &Path) -> Vec<(String, String)> {
    let files = files(dir);
    let compressed: Vec<&String> = files
        .iter()
        .map(|(name, _)| name)
        .filter(|n| [".gz", ".br", ".zst"].iter().any(|e| n.ends_with(e)))
        .collect();
    assert!(
        compressed.is_empty(),
        "compressed files appeared in the site ({compressed:?}): this test must decompress them too"
    );
    let terms: Vec<(&str, String)> = terms(dir)
        .into_iter()
        .map(|t| ("index term", t))
        .chain(
            elasticlunr_terms(dir)
                .into_iter()
                .map(|t| ("elasticlunr term", t)),
        )
        .collect();
    let mut out = Vec::new();
    for needle in needles() {
        let lower = needle.to_ascii_lowercase();
        for (name, bytes) in &files {
            let bytes = bytes.to_ascii_lowercase();
            if bytes.windows(lower.len()).any(|w| w == lower.as_bytes()) {
                out.push((needle.clone(), name.clone()));
            }
        }
        for (kind, t) in &terms {
            if (t.len() >= 8 && lower.contains(t.as_str())) || t.contains(lower.as_str()) {
                out.push((needle.clone(), format!("{kind} {t:?}")));
            }
        }
    }
    out
}

#[test]
fn sample_leftovers_are_reported_with_file_and_line() {
    let dir = TempDir::new("privacy-report");
    let out = build(&dir.path().join("site"), &[]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let archive = std::fs::read_to_string(root().join(SAMPLE)).expect("sample");
    let lines: Vec<&str> = archive.lines().collect();
    for &(line, message, text) in SAMPLE_LEFTOVERS {
        let expected = format!("{SAMPLE}:{line}: warning: {message}\n");
        assert!(err.contains(&expected), "missing {expected}in\n{err}");
        assert!(
            lines[line as usize - 1].contains(text),
            "line {line} of the sample holds {text}"
        );
    }
    assert_eq!(
        err.matches(": warning: possible ").count(),
        SAMPLE_LEFTOVERS.len(),
        "{err}"
    );
    assert!(
        err.contains("privacy: 20 possible leftover(s) NOT masked: 9 access keys, 10 IPv4 addresses, 1 IPv6 address (--redact masks them)\n20 warning(s), 0 error(s)"),
        "{err}"
    );
    // The log shows the values partly masked only.
    for needle in needles().iter().filter(|n| n.len() > 20) {
        assert!(!err.contains(needle.as_str()), "{needle} in the log");
    }
}

#[test]
fn strict_fails_on_leftovers_unless_redacted() {
    let dir = TempDir::new("privacy-strict");
    let site = dir.path().join("site");
    let out = build(&site, &["--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("error: 20 warning(s) and --strict is set (20 of them possible personal data or credentials; --redact masks them)"),
        "{err}"
    );
    assert!(!site.exists(), "nothing is written");
    let out = build(&site, &["--strict", "--redact"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("privacy: 20 leftover(s) masked: 9 access keys, 10 IPv4 addresses, 1 IPv6 address\n0 warning(s), 0 error(s)"), "{err}");
    assert!(
        err.contains(&format!("{SAMPLE}:1088: note: masked access key in ticket part32-28 (description): token=i2sS…\n")),
        "{err}"
    );
    assert_eq!(err.matches(": note: masked ").count(), 20, "{err}");
}

#[test]
fn a_redacted_build_of_the_sample_holds_none_of_its_leftovers() {
    let dir = TempDir::new("privacy-site");
    // The same check finds every leftover in a site built without --redact…
    let plain = dir.path().join("plain");
    let out = build(&plain, &["--emit", "elasticlunr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let found = traces(&plain);
    for needle in needles() {
        assert!(
            found.iter().any(|(n, _)| *n == needle),
            "the check does not see {needle} in an unredacted site"
        );
    }
    assert!(found.iter().any(|(_, w)| w.starts_with("index term")));
    assert!(found.iter().any(|(_, w)| w.starts_with("elasticlunr term")));
    // …and none in a site built with it: not in ticket fragments, index
    // terms, the elasticlunr export, nor any other file.
    let site = dir.path().join("redacted");
    let out = build(&site, &["--redact", "--emit", "elasticlunr"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(traces(&site), [], "leftovers survived --redact");

    // The masked tickets keep their ids and sources.
    let mut tickets = Vec::new();
    for (name, bytes) in files(&site) {
        if name.contains("/tickets/") {
            let fragment: Vec<serde_json::Value> =
                serde_json::from_slice(&bytes).expect("fragment is JSON");
            tickets.extend(fragment);
        }
    }
    assert_eq!(tickets.len(), 114);
    let t = tickets
        .iter()
        .find(|t| t["id"] == "part32-28")
        .expect("ticket part32-28");
    assert_eq!(t["source"]["file"], SAMPLE);
    assert_eq!(t["source"]["line"], 1082);
    let description = t["description"].as_str().unwrap();
    assert!(
        description.starts_with("https://qiniu.dianyuelife.com/Fg0BMm2wyVvN8YjPs2miTyP8T1IR?e=1729653099&token=[REDACTED_TOKEN]我想把"),
        "{description}"
    );

    // Search and its snippets see the markers, never the values.
    let site_arg = site.display().to_string();
    let out = ticketsearch(&["search", &site_arg, "ping 120.76.55.15", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json = stdout(&out);
    assert!(!json.contains("120.76.55.15"), "{json}");
    assert!(json.contains("[IP已脱敏]"), "{json}");
    let out = ticketsearch(&["search", &site_arg, "i2sShx2L_M", "--json"]);
    assert!(!stdout(&out).contains("i2sShx2L"), "{}", stdout(&out));
}

#[test]
fn export_redact_masks_the_jsonl_and_keeps_ids() {
    let plain = ticketsearch(&["export", SAMPLE]);
    let redacted = ticketsearch(&["export", SAMPLE, "--redact", "--strict"]);
    assert!(redacted.status.success(), "{}", stderr(&redacted));
    // Without --redact, export is not scanned (it is the lossless form).
    assert!(!stderr(&plain).contains("privacy:"), "{}", stderr(&plain));
    assert!(stderr(&redacted).contains("privacy: 20 leftover(s) masked"));
    let (plain, redacted) = (stdout(&plain), stdout(&redacted));
    for needle in needles() {
        assert!(plain.contains(&needle), "{needle}");
        assert!(
            !redacted.contains(&needle),
            "{needle} survived export --redact"
        );
    }
    let key = |line: &str| {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        (v["id"].clone(), v["source"].clone())
    };
    let a: Vec<_> = plain.lines().map(key).collect();
    let b: Vec<_> = redacted.lines().map(key).collect();
    assert_eq!(a, b);
    // The masked JSONL reads back clean.
    let dir = TempDir::new("privacy-export");
    let jsonl = dir.file("redacted.jsonl", &redacted);
    let site = dir.path().join("site").display().to_string();
    let out = ticketsearch(&["build", &jsonl, "--out", &site, "--strict"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "privacy: no access keys, IP addresses, mobile numbers or e-mail addresses found"
        ),
        "{err}"
    );
}

#[test]
fn phones_emails_and_ipv6_in_an_archive_are_reported_on_their_lines() {
    let dir = TempDir::new("privacy-kinds");
    let archive = dir.file(
        "t.md",
        "## 问题 3: 回调失败\n\n**问题分类**: CDN｜访问\n\n### 问题描述\n\n请联系 13812345678\n\n### 根本原因分析\n\n无\n\n### 完整对话记录\n\n```\n**客户**：邮箱 ops@example.com\n源站 2001:db8:85a3::8a2e:370:7334 不通\n**客服**：版本 1.2.3.4 没问题，订单 202410231201538551\n```\n",
    );
    let site = dir.path().join("site").display().to_string();
    let out = ticketsearch(&["build", &archive, "--out", &site]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    for expected in [
        format!("{archive}:7: warning: possible mobile number left in ticket t-3 (description): 138****5678\n"),
        format!("{archive}:16: warning: possible e-mail address left in ticket t-3 (conversation[0]): o***@example.com\n"),
        format!("{archive}:17: warning: possible IPv6 address left in ticket t-3 (conversation[0]): 2001:…\n"),
        "privacy: 3 possible leftover(s) NOT masked: 1 IPv6 address, 1 mobile number, 1 e-mail address".to_owned(),
    ] {
        assert!(err.contains(&expected), "missing {expected} in\n{err}");
    }
    let out = ticketsearch(&["export", &archive, "--redact"]);
    let json = stdout(&out);
    assert!(json.contains("请联系 [REDACTED_PHONE]"), "{json}");
    assert!(
        json.contains("邮箱 [REDACTED_EMAIL]\\n源站 [IP已脱敏] 不通"),
        "{json}"
    );
    assert!(
        json.contains("版本 1.2.3.4 没问题，订单 202410231201538551"),
        "{json}"
    );
}

#[test]
fn help_documents_redact_and_strict() {
    let out = ticketsearch(&["build", "--help"]);
    let help = stdout(&out);
    assert!(help.contains("--redact"), "{help}");
    assert!(
        help.contains("[REDACTED_TOKEN]") && help.contains("[IP已脱敏]"),
        "{help}"
    );
    assert!(help.contains("--strict fails on them"), "{help}");
    let out = ticketsearch(&["export", "--help"]);
    assert!(stdout(&out).contains("--redact"));
}

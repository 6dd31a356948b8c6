//! The static files of a built site: every file the page and its modules
//! refer to is there (whether `site/` was embedded bundled or as source
//! modules), and nothing is shipped that nothing refers to.

use std::collections::BTreeSet;

use crate::util::{files_under, ticketsearch, TempDir, SAMPLE};

/// The relative references in `text`: quoted paths starting `./` or `../`
/// and `href`/`src` attributes. A quoted name used as an object key (the
/// wasm's import namespace, `"./ticketsearch_wasm_bg.js": {…}`) names no file.
fn references(text: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    for opening in ["\"./", "\"../", "'./", "'../", "href=\"", "src=\""] {
        let quote = if opening.contains('\'') { '\'' } else { '"' };
        for (at, _) in text.match_indices(opening) {
            let start = at + opening.find(quote).unwrap() + 1;
            let Some(len) = text[start..].find(quote) else {
                continue;
            };
            let piece = &text[start..start + len];
            let key = text[start + len + 1..].trim_start().starts_with(':');
            let local = !piece.contains(':') && !piece.starts_with('/') && !piece.contains(' ');
            let asset = [".js", ".css", ".wasm", ".svg", ".html"]
                .iter()
                .any(|ext| piece.ends_with(ext));
            if local && asset && !key && !found.iter().any(|(s, _)| *s == start) {
                found.push((start, piece.to_owned()));
            }
        }
    }
    found.sort();
    found.into_iter().map(|(_, piece)| piece).collect()
}

/// `reference` resolved against the directory of `from` (both relative to the site).
fn resolve(from: &str, reference: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in reference.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

#[test]
fn every_file_the_page_refers_to_is_shipped_and_every_shipped_file_is_used() {
    let dir = TempDir::new("site-files");
    let site = dir.path().join("site");
    let out = ticketsearch(&["build", SAMPLE, "--out", site.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: BTreeSet<String> = files_under(&site).into_iter().collect();
    let code: Vec<&String> = all
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".js") || f.ends_with(".css"))
        .collect();
    let mut used = BTreeSet::from(["index.html".to_owned()]);
    for file in &code {
        let text = std::fs::read_to_string(site.join(file)).unwrap();
        for reference in references(&text) {
            let target = resolve(file, &reference);
            assert!(
                all.contains(&target),
                "{file} refers to {reference}, which the site lacks ({target})"
            );
            used.insert(target);
        }
    }
    // The index and ticket files are found through the manifest; the
    // entry points are what pages and embeds load (README).
    let unused: Vec<&String> = all
        .iter()
        .filter(|f| !used.contains(*f))
        .filter(|f| !f.starts_with("index/") && !f.starts_with("tickets/"))
        .filter(|f| !["widget.js", "ticketsearch.js"].contains(&f.as_str()))
        .collect();
    assert!(
        unused.is_empty(),
        "shipped but referred to by nothing: {unused:?}"
    );
}

#[test]
fn references_are_found_in_minified_and_source_forms() {
    assert_eq!(
        references(r#"import{a as b}from"./chunk-AB12.js";new URL("./x.wasm",import.meta.url)"#),
        ["./chunk-AB12.js", "./x.wasm"]
    );
    assert_eq!(
        references("import { h } from '../render/dom.js';\n<link href=\"app.css\">"),
        ["../render/dom.js", "app.css"]
    );
    assert!(references(r#"fetch("https://example.com/a.js") 'a b.js'"#).is_empty());
    assert!(references(r#"{"./x_bg.js": imports}"#).is_empty());
    assert_eq!(resolve("widget/a.js", "../base.js"), "base.js");
    assert_eq!(resolve("a.js", "./widget/t.css"), "widget/t.css");
}

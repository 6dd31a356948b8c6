//! The browser bundle, written to `target/bundle/` where the CLI's
//! `build.rs` embeds it:
//!
//! - `ticketsearch_wasm_bg.wasm`: the engine built for size, then
//!   `wasm-opt -Oz` (npm `binaryen`);
//! - `ticketsearch_wasm.js`: its JS glue (wasm-bindgen);
//! - `site/`: the page, the widget and the JS API bundled and minified by
//!   esbuild (npm `esbuild`): one module per entry point (`app.js`,
//!   `widget.js`, `ticketsearch.js`) plus the chunks they share, minified CSS,
//!   and `index.html` preloading those chunks instead of the source modules.
//!   An embed fetches two modules instead of a chain of thirteen, and the
//!   shipped JS and CSS are about half as many gzip bytes. `site/.stamp`
//!   marks when it was made: `build.rs` embeds `site/` unbundled (with a
//!   warning) when a source file is newer.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, run, Result};

/// Where the bundle goes (read by the root package's build.rs).
pub fn dir(root: &Path) -> PathBuf {
    root.join("target/bundle")
}

/// Builds the bundle; returns its directory.
pub fn build(root: &Path) -> Result<PathBuf> {
    ensure_wasm_target()?;
    crate::npm_ci(root)?;
    run(cargo().args([
        "build",
        "-p",
        "ticketsearch-wasm",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let wasm = root.join("target/wasm32-unknown-unknown/wasm-release/ticketsearch_wasm.wasm");
    let out = dir(root);
    let staging = root.join("target/bundle.tmp");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)
        .map_err(|e| format!("creating {}: {e}", staging.display()))?;
    eprintln!(
        "xtask: wasm-bindgen {} → {}",
        wasm.display(),
        staging.display()
    );
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)
        .and_then(|b| {
            b.omit_default_module_path(false)
                .typescript(false)
                .generate(&staging)
        })
        .map_err(|e| format!("wasm-bindgen: {e:#}"))?;
    let bg = staging.join("ticketsearch_wasm_bg.wasm");
    // Debian's binaryen (v108) produces modules that fail at init; npm's is pinned.
    let wasm_opt = root.join("node_modules/.bin/wasm-opt");
    run(Command::new(&wasm_opt)
        .arg("-Oz")
        .arg(&bg)
        .arg("-o")
        .arg(&bg))?;
    bundle_site(root, &staging)?;
    let _ = std::fs::remove_dir_all(&out);
    std::fs::rename(&staging, &out)
        .map_err(|e| format!("moving the bundle to {}: {e}", out.display()))?;
    list(&out, &out)?;
    Ok(out)
}

/// Prints the files under `dir` with their sizes.
fn list(base: &Path, dir: &Path) -> Result {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            list(base, &path)?;
        } else {
            let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let name = path.strip_prefix(base).unwrap_or(&path);
            eprintln!("xtask:   {:>8} B  {}", len, name.display());
        }
    }
    Ok(())
}

/// The entry points of the site's JS: the page, the one-line embed, the API.
const ENTRIES: [&str; 3] = ["app.js", "widget.js", "ticketsearch.js"];
/// The stylesheets, minified in place.
const STYLES: [&str; 2] = ["app.css", "widget/ticket-search.css"];

/// Bundles and minifies `site/` (with the glue generated into `staging`)
/// into `staging/site`.
fn bundle_site(root: &Path, staging: &Path) -> Result {
    // The sources as the built site has them: site/ plus the glue.
    let src = staging.join("src");
    copy_tree(&root.join("site"), &src)?;
    std::fs::copy(
        staging.join("ticketsearch_wasm.js"),
        src.join("ticketsearch_wasm.js"),
    )
    .map_err(|e| format!("copying the glue: {e}"))?;
    let out = staging.join("site");
    let meta = staging.join("esbuild-meta.json");
    let mut cmd = Command::new(root.join("node_modules/.bin/esbuild"));
    cmd.args(ENTRIES.iter().chain(&STYLES).map(|e| src.join(e)))
        .args([
            "--bundle",
            "--splitting",
            "--format=esm",
            "--minify",
            // Private fields and static blocks are kept as written.
            "--target=es2022",
            "--chunk-names=chunk-[hash]",
            "--log-level=warning",
            "--legal-comments=none",
        ])
        .arg(format!("--outbase={}", src.display()))
        .arg(format!("--outdir={}", out.display()))
        .arg(format!("--metafile={}", meta.display()))
        .current_dir(root);
    run(&mut cmd)?;
    // index.html: preload what app.js imports, not the source modules.
    let meta = std::fs::read_to_string(&meta).map_err(|e| format!("esbuild metafile: {e}"))?;
    let meta: serde_json::Value =
        serde_json::from_str(&meta).map_err(|e| format!("esbuild metafile: {e}"))?;
    let preloads = static_imports(&meta, root, &out, "app.js")?;
    let html = std::fs::read_to_string(root.join("site/index.html"))
        .map_err(|e| format!("site/index.html: {e}"))?;
    std::fs::write(out.join("index.html"), preload(&html, &preloads)?)
        .map_err(|e| format!("writing index.html: {e}"))?;
    std::fs::remove_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    std::fs::remove_file(staging.join("esbuild-meta.json")).map_err(|e| e.to_string())?;
    std::fs::write(out.join(".stamp"), b"").map_err(|e| format!("writing the stamp: {e}"))
}

/// The files (relative to `out`) that `entry` imports statically, directly or
/// through other chunks, in a stable order.
fn static_imports(
    meta: &serde_json::Value,
    root: &Path,
    out: &Path,
    entry: &str,
) -> Result<Vec<String>> {
    let outputs = meta["outputs"]
        .as_object()
        .ok_or("esbuild metafile: no outputs")?;
    let relative = |path: &str| -> Option<String> {
        let abs = root.join(path);
        let rel = abs.strip_prefix(out).ok()?;
        Some(rel.to_string_lossy().replace('\\', "/"))
    };
    let by_name: std::collections::BTreeMap<String, &serde_json::Value> = outputs
        .iter()
        .filter_map(|(path, v)| Some((relative(path)?, v)))
        .collect();
    let mut found = Vec::new();
    let mut todo = vec![entry.to_owned()];
    while let Some(name) = todo.pop() {
        let output = by_name
            .get(&name)
            .ok_or_else(|| format!("esbuild metafile: no output {name}"))?;
        for import in output["imports"].as_array().into_iter().flatten() {
            if import["kind"] != "import-statement" {
                continue;
            }
            let Some(path) = import["path"].as_str().and_then(relative) else {
                continue;
            };
            if !found.contains(&path) {
                found.push(path.clone());
                todo.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `html` with its module preloads replaced by preloads of `modules`.
fn preload(html: &str, modules: &[String]) -> Result<String> {
    let mut out = String::with_capacity(html.len());
    let mut replaced = false;
    for line in html.lines() {
        if line.contains("rel=\"modulepreload\"") {
            if !replaced {
                for module in modules {
                    out.push_str(&format!("<link rel=\"modulepreload\" href=\"{module}\">\n"));
                }
                replaced = true;
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if !replaced {
        return Err("site/index.html has no modulepreload links to replace".into());
    }
    Ok(out)
}

/// Copies the files under `from` to `to` (created), skipping hidden names.
fn copy_tree(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| format!("{}: {e}", from.display()))?
        .flatten()
    {
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

fn ensure_wasm_target() -> Result {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if installed {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
        .map_err(|e| format!("{e}\nrun: rustup target add wasm32-unknown-unknown"))
}

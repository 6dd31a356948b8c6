//! Embeds the static site and the browser bundle that `cargo xtask bundle`
//! built, so that one binary writes a complete site:
//!
//! - with a current bundle: the wasm engine, the bundled and minified JS/CSS
//!   and `index.html` of `target/bundle/site/`, and the other files of
//!   `site/` (the icon);
//! - when a file of `site/` is newer than that bundle (edited since): the
//!   source modules of `site/` as they are, with the wasm and its glue, and a
//!   warning to rerun `cargo xtask bundle`;
//! - without a bundle: `site/` alone; the CLI still builds, and
//!   `ticketsearch build` says how to get the rest.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let site = root.join("site");
    let mut assets = Vec::new();
    collect(&site, &site, &mut assets);
    // The elasticlunr extras are written only on request (`--emit elasticlunr`).
    assets.retain(|(name, _)| !name.starts_with("elasticlunr/"));
    let bundle = root.join("target/bundle");
    let bundled = bundle.join("site");
    let stamp = modified(&bundled.join(".stamp"));
    let newest_source = assets.iter().filter_map(|(_, path)| modified(path)).max();
    let current = match (stamp, newest_source) {
        (Some(stamp), Some(source)) => source <= stamp,
        (Some(_), None) => true,
        (None, _) => false,
    };
    let mut engine = Vec::new();
    collect(&bundle, &bundle, &mut engine);
    engine.retain(|(name, _)| !name.contains('/'));
    let has_bundle = !engine.is_empty();
    if current {
        // The minified files replace their sources; the wasm glue is inside
        // the bundled modules.
        assets.retain(|(name, _)| {
            !(name.ends_with(".js") || name.ends_with(".css") || name.ends_with(".html"))
        });
        collect(&bundled, &bundled, &mut assets);
        engine.retain(|(name, _)| name.ends_with(".wasm"));
    } else if stamp.is_some() {
        println!("cargo:warning=site/ changed since `cargo xtask bundle`: embedding its unminified modules; rerun `cargo xtask bundle` for the shipped form");
    }
    assets.extend(engine);
    assets.sort();
    println!("cargo:rerun-if-changed=site");
    println!("cargo:rerun-if-changed=target/bundle");
    println!("cargo:rerun-if-changed=target/bundle/site");
    for (_, path) in &assets {
        println!("cargo:rerun-if-changed={}", path.display());
    }
    let mut code = String::from("/// Files of the static site: (path in the site, content).\npub const ASSETS: &[(&str, &[u8])] = &[\n");
    for (name, path) in &assets {
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let _ = writeln!(code, "/// True when the browser bundle (wasm + glue) was embedded.\npub const HAS_BUNDLE: bool = {has_bundle};");
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("assets.rs");
    std::fs::write(out, code).expect("write assets.rs");
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Files under `dir`, as (path relative to `base` with `/`, absolute path), sorted.
fn collect(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path
            .strip_prefix(base)
            .expect("under base")
            .to_string_lossy()
            .replace('\\', "/");
        if name.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, out);
        } else {
            out.push((name, path));
        }
    }
}

//! Embeds the static site (`site/`) and the browser bundle that
//! `cargo xtask bundle` built (`target/bundle/`: the wasm engine and its JS
//! glue), so that one binary writes a complete site. Without a bundle the
//! CLI still builds, and `ticketsearch build` says how to get one.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut assets = Vec::new();
    collect(&root.join("site"), &root.join("site"), &mut assets);
    // The elasticlunr extras are written only on request (`--emit elasticlunr`).
    assets.retain(|(name, _)| !name.starts_with("elasticlunr/"));
    let bundle = root.join("target/bundle");
    let before = assets.len();
    collect(&bundle, &bundle, &mut assets);
    let has_bundle = assets.len() > before;
    println!("cargo:rerun-if-changed=site");
    println!("cargo:rerun-if-changed=target/bundle");
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

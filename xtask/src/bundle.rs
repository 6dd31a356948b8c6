//! The browser bundle: the wasm engine built for size, its JS glue, and
//! `wasm-opt -Oz`, written to `target/bundle/` where the CLI's `build.rs`
//! embeds it.

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
    let _ = std::fs::remove_dir_all(&out);
    std::fs::rename(&staging, &out)
        .map_err(|e| format!("moving the bundle to {}: {e}", out.display()))?;
    for entry in std::fs::read_dir(&out)
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        eprintln!("xtask:   {:>8} B  {}", len, entry.path().display());
    }
    Ok(out)
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

//! Atomic builds: a build killed at any moment leaves the previous site
//! complete, and the next build cleans up after it.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::util::{root, ticketsearch, TempDir, SAMPLE};

/// Checks that `site` is a complete site: the manifest decodes and every
/// file it names is there and decodes.
fn assert_complete(site: &Path) -> format::Manifest {
    let manifest = format::Manifest::decode(
        &std::fs::read(site.join(format::MANIFEST_PATH)).expect("manifest"),
    )
    .expect("manifest decodes");
    for chunk in &manifest.chunks {
        let bytes =
            std::fs::read(site.join(&chunk.file)).unwrap_or_else(|e| panic!("{}: {e}", chunk.file));
        format::Chunk::decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", chunk.file));
    }
    let mut tickets = 0;
    for fragment in &manifest.fragments {
        let bytes =
            std::fs::read(site.join(fragment)).unwrap_or_else(|e| panic!("{fragment}: {e}"));
        tickets += serde_json::from_slice::<Vec<serde_json::Value>>(&bytes)
            .expect("fragment is JSON")
            .len();
    }
    assert_eq!(tickets, manifest.doc_count as usize);
    for page in ["index.html", "ticketsearch.js"] {
        assert!(site.join(page).is_file(), "{page} missing");
    }
    manifest
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_site() {
    let dir = TempDir::new("atomic");
    let sample = std::fs::read_to_string(root().join(SAMPLE)).unwrap();
    let body = sample.split_once('\n').unwrap().1;
    let big: String = (0..30)
        .map(|p| format!("# 客户服务工单处理记录 - Part {p}\n{body}\n"))
        .collect();
    let big = dir.file("big.md", big);
    let site = dir.path().join("site");
    let site_arg = site.display().to_string();

    let out = ticketsearch(&["build", SAMPLE, "--out", &site_arg]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(assert_complete(&site).doc_count, 114);

    let mut replaced = false;
    for delay_ms in [0, 10, 40, 100, 250, 500, 900, 1500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ticketsearch"))
            .args(["build", &big, "--out", &site_arg])
            .current_dir(root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let docs = assert_complete(&site).doc_count;
        assert!(
            docs == 114 || docs == 3420,
            "a site of {docs} tickets after a kill at {delay_ms} ms"
        );
        replaced |= docs == 3420;
    }
    // The killed builds' temporary directories are removed by the next build.
    let out = ticketsearch(&["build", SAMPLE, "--out", &site_arg]);
    assert!(out.status.success());
    assert_eq!(assert_complete(&site).doc_count, 114);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let _ = replaced; // some kills land after the swap; both outcomes are complete sites
}

#[test]
fn a_failed_build_writes_nothing() {
    let dir = TempDir::new("failed");
    let site = dir.path().join("site");
    let out = ticketsearch(&["build", "no/such.md", "--out", &site.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary directory is left"
    );
}

#[test]
fn build_refuses_to_replace_a_directory_that_is_not_a_site() {
    let dir = TempDir::new("notasite");
    dir.file("project/Cargo.toml", "[package]");
    let target = dir.path().join("project");
    let out = ticketsearch(&["build", SAMPLE, "--out", &target.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to replace"));
    assert!(target.join("Cargo.toml").is_file());
}

//! Damaged sites: every kind of index file, corrupted, truncated or of
//! another version, gives a clear message and exit code 1 — never a panic.

use std::path::Path;

use crate::util::{stderr, ticketsearch, TempDir, SAMPLE};

fn built(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    let out = ticketsearch(&[
        "build",
        SAMPLE,
        "--out",
        &dir.path().join("site").display().to_string(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

fn search(site: &Path, query: &str) -> (Option<i32>, String) {
    let out = ticketsearch(&["search", &site.display().to_string(), query]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    (out.status.code(), err)
}

fn manifest(site: &Path) -> format::Manifest {
    format::Manifest::decode(&std::fs::read(site.join(format::MANIFEST_PATH)).unwrap()).unwrap()
}

#[test]
fn damaged_manifest() {
    let dir = built("bad-manifest");
    let site = dir.path().join("site");
    let path = site.join(format::MANIFEST_PATH);
    let good = std::fs::read(&path).unwrap();
    for (damage, expected) in [
        (good[..good.len() / 2].to_vec(), "damaged or truncated"),
        (
            b"<!doctype html><p>404".to_vec(),
            "not a ticketsearch index file",
        ),
        (
            {
                let mut b = good.clone();
                b[4] = 9;
                b
            },
            "version 9, but this reader supports version 2; rebuild the site",
        ),
        (
            {
                let mut b = good.clone();
                b[20] ^= 0xff;
                b
            },
            "checksum mismatch",
        ),
        (Vec::new(), "not a ticketsearch index file"),
    ] {
        std::fs::write(&path, &damage).unwrap();
        let (code, err) = search(&site, "证书");
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains(expected), "expected {expected:?} in {err}");
        assert!(err.contains("manifest.bin"), "names the file: {err}");
    }
    std::fs::remove_file(&path).unwrap();
    let (code, err) = search(&site, "证书");
    assert_eq!(code, Some(1));
    assert!(
        err.contains("is") && err.contains("ticketsearch build"),
        "{err}"
    );
}

#[test]
fn damaged_or_missing_chunk() {
    let dir = built("bad-chunk");
    let site = dir.path().join("site");
    for chunk in manifest(&site).chunks {
        let path = site.join(&chunk.file);
        let good = std::fs::read(&path).unwrap();
        let mut bad = good.clone();
        let mid = bad.len() / 2;
        bad[mid] ^= 0x55;
        std::fs::write(&path, &bad).unwrap();
        // Browse needs no chunk; a query over all chunks' terms needs this one.
        let (code, err) = search(
            &site,
            &format!("{} ", chunk.first_term.trim_start_matches('\u{1}')),
        );
        if !chunk.first_term.is_empty() && !chunk.first_term.starts_with('\u{1}') {
            assert_eq!(code, Some(1), "{err}");
            assert!(
                err.contains(&chunk.file) && err.contains("checksum mismatch"),
                "{err}"
            );
        }
        std::fs::remove_file(&path).unwrap();
        let (code, err) = search(
            &site,
            &format!("{} ", chunk.first_term.trim_start_matches('\u{1}')),
        );
        if !chunk.first_term.is_empty() && !chunk.first_term.starts_with('\u{1}') {
            assert_eq!(code, Some(1), "{err}");
            assert!(
                err.contains("cannot read") && err.contains(&chunk.file),
                "{err}"
            );
        }
        std::fs::write(&path, &good).unwrap();
    }
}

#[test]
fn damaged_ticket_fragment() {
    let dir = built("bad-fragment");
    let site = dir.path().join("site");
    for fragment in manifest(&site).fragments {
        std::fs::write(site.join(&fragment), b"[{\"id\": ").unwrap();
    }
    let (code, err) = search(&site, "证书");
    assert_eq!(code, Some(1));
    assert!(err.contains("is damaged; rebuild the site"), "{err}");
}

//! Shared by the engine's bench targets: corpora, an index built in memory, a search that fetches
//! what it needs from that index, gzip sizes.

#![allow(dead_code)] // each bench target uses its own part

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use engine::{Engine, Ranked, Request};
use ticket::Ticket;

/// The bundled sample archive (114 tickets), relative to the workspace root.
pub const SAMPLE: &str = "data/sample/000_9f7d48363d6be106.txt";

/// The environment variable naming the directory of generated corpora `t1000.md`,
/// `t10000.md`, `t100000.md` (`cargo run --release -p xtask -- gen-corpus --tickets N --seed 1
/// --out $DIR/tN.md`).
pub const CORPUS_DIR_VAR: &str = "TICKETSEARCH_CORPUS_DIR";

/// The generated corpus sizes, with their labels.
pub const CORPUS_SIZES: [(&str, usize); 3] = [("1k", 1000), ("10k", 10_000), ("100k", 100_000)];

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// True when run by `cargo bench` (not `cargo test --benches` or `cargo bench -- --test`).
pub fn full_run() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test")
}

/// The generated corpus of `tickets` tickets, if `TICKETSEARCH_CORPUS_DIR` names a directory
/// holding it; otherwise prints why it is skipped.
pub fn corpus_file(tickets: usize) -> Option<PathBuf> {
    let Some(dir) = std::env::var_os(CORPUS_DIR_VAR) else {
        eprintln!(
            "note: {CORPUS_DIR_VAR} is not set; skipping the {tickets}-ticket corpus \
             (see BENCHMARKS.md for the gen-corpus commands)"
        );
        return None;
    };
    let path = Path::new(&dir).join(format!("t{tickets}.md"));
    if path.is_file() {
        Some(path)
    } else {
        eprintln!(
            "note: {} is missing; skipping the {tickets}-ticket corpus (make it with \
             `cargo run --release -p xtask -- gen-corpus --tickets {tickets} --seed 1 --out {}`)",
            path.display(),
            path.display()
        );
        None
    }
}

/// The tickets of archive files (every warning ignored, errors fatal).
pub fn read_tickets(path: &Path) -> Vec<Ticket> {
    let inputs = ticket::read_inputs(&[path]);
    assert!(
        !inputs.tickets.is_empty(),
        "no tickets in {}",
        path.display()
    );
    inputs.tickets
}

/// A site built in memory: every file by its path, and the ticket id of each document.
pub struct Site {
    /// File path (relative to the site root) → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Ticket ids in document order.
    pub ids: Vec<String>,
    /// What the build reported.
    pub stats: indexer::Stats,
    /// How long `indexer::build` took.
    pub build_time: Duration,
}

impl Site {
    /// Indexes `tickets` with `indexer::build` and the default options.
    pub fn build(tickets: &[Ticket]) -> Site {
        let mut files = BTreeMap::new();
        let start = Instant::now();
        let stats = indexer::build(
            tickets,
            &indexer::Options::default(),
            &mut |p: &str, b: &[u8]| {
                files.insert(p.to_owned(), b.to_vec());
                Ok(())
            },
        )
        .expect("build in memory");
        let build_time = start.elapsed();
        let ids = indexer::document_order(tickets)
            .into_iter()
            .map(|i| tickets[i].id.clone())
            .collect();
        Site {
            files,
            ids,
            stats,
            build_time,
        }
    }

    /// A fresh engine on the manifest (nothing else loaded: a cold browser cache).
    pub fn open(&self) -> Engine {
        Engine::open(&self.files[format::MANIFEST_PATH]).expect("manifest")
    }

    /// Runs `request`, adding the files it asks for until it answers; returns the result and
    /// the files fetched (none when the engine already had them).
    pub fn search(&self, engine: &mut Engine, request: &Request<'_>) -> (Ranked, Vec<String>) {
        let mut fetched = Vec::new();
        loop {
            match engine.search(request) {
                Ok(ranked) => return (ranked, fetched),
                Err(missing) => {
                    assert!(!missing.files.is_empty(), "Missing with no files");
                    for f in missing.files {
                        engine.add_file(&f, &self.files[&f]).expect("index file");
                        fetched.push(f);
                    }
                }
            }
        }
    }

    /// The index files: the manifest and every term chunk.
    pub fn index_files(&self) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        self.files.iter().filter(|(p, _)| p.starts_with("index/"))
    }

    /// The ticket fragment files.
    pub fn fragment_files(&self) -> impl Iterator<Item = (&String, &Vec<u8>)> {
        self.files.iter().filter(|(p, _)| p.starts_with("tickets/"))
    }
}

/// Raw and gzip (level 6, as web servers compress) bytes of some files, each compressed alone.
pub fn sizes<'a>(files: impl IntoIterator<Item = &'a [u8]>) -> (usize, usize) {
    files.into_iter().fold((0, 0), |(raw, gz), bytes| {
        (raw + bytes.len(), gz + gzip_len(bytes))
    })
}

/// The gzip size of `bytes`.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    enc.write_all(bytes).expect("gzip in memory");
    enc.finish().expect("gzip in memory").len()
}

/// `n` bytes for a table: `812 B`, `17.3 KB`, `4.52 MB` (1 KB = 1000 B).
pub fn human_bytes(n: f64) -> String {
    if n < 1000.0 {
        format!("{n:.0} B")
    } else if n < 1e6 {
        format!("{:.1} KB", n / 1e3)
    } else {
        format!("{:.2} MB", n / 1e6)
    }
}

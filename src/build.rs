//! `ticketsearch build`: tickets → a static site (index + ticket fragments).

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};

use crate::assets;
use crate::cli::{BuildArgs, Emit};
use crate::progress;
use crate::site::Staging;
use crate::summary::{self, Privacy};

/// A warning for each text of a ticket longer than the indexer indexes.
fn capped_texts(tickets: &[ticket::Ticket]) -> Vec<ticket::Diagnostic> {
    let mut out = Vec::new();
    for t in tickets {
        for (field, len) in indexer::oversized(t) {
            out.push(ticket::Diagnostic::warning(
                &t.source.file,
                t.source.line,
                format!(
                    "ticket {} has a {field} of {} bytes; only its first {} KiB are searchable (the whole text is kept)",
                    t.id,
                    len,
                    indexer::MAX_INDEXED_BYTES / 1024
                ),
            ));
        }
    }
    out
}

/// The query tokenizer that matches the elasticlunr index's tokens.
const ELASTICLUNR_TOKENIZER: &str = include_str!("../site/elasticlunr/tokenizer.js");

pub fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    // Leftovers are masked (--redact) before anything is indexed or written,
    // so no index term, fragment, snippet or export holds them.
    let privacy = if args.input.redact {
        Privacy::Redact
    } else {
        Privacy::Report
    };
    let (mut inputs, leftovers, mut verdict) = summary::read(&args.input, privacy);
    // Texts past the indexing cap are kept whole in the ticket JSON but only
    // partly searchable: say so, as a warning (so --strict stops on it).
    let capped = capped_texts(&inputs.tickets);
    for d in &capped {
        eprintln!("{d}");
    }
    if !capped.is_empty() && args.input.strict && verdict.is_ok() {
        verdict = Err(format!("{} warning(s) and --strict is set", capped.len()));
    }
    inputs.diagnostics.extend(capped);
    if verdict.is_err() {
        eprintln!("nothing written to {}", args.out.display());
        return Ok(summary::finish(&inputs, &leftovers, verdict));
    }
    if !assets::HAS_BUNDLE {
        bail!(
            "this ticketsearch binary has no browser bundle, so it cannot write a working site; \
             build one with `cargo xtask bundle` and then rebuild ticketsearch (`cargo xtask demo` does both)"
        );
    }
    let staging = Staging::new(&args.out)?;
    let mut files = 0usize;
    for (path, bytes) in assets::ASSETS {
        staging
            .write(path, bytes)
            .with_context(|| format!("writing {path}"))?;
        files += 1;
    }
    let mut bar = progress::Bar::new();
    let stats = indexer::build_with_progress(
        &inputs.tickets,
        &indexer::Options::default(),
        &mut |path: &str, bytes: &[u8]| {
            files += 1;
            staging.write(path, bytes)
        },
        &mut |p| bar.update(p),
    )
    .context("writing the index")?;
    bar.finish();
    if args.emit.contains(&Emit::Elasticlunr) {
        let json = indexer::elasticlunr::index_json(&inputs.tickets);
        staging
            .write("elasticlunr/index.json", json.as_bytes())
            .context("writing the elasticlunr index")?;
        staging.write("elasticlunr/tokenizer.js", ELASTICLUNR_TOKENIZER.as_bytes())?;
        eprintln!("elasticlunr index: {}", human_bytes(json.len()));
        files += 2;
    }
    staging.commit()?;
    let code = summary::finish(&inputs, &leftovers, verdict);
    eprintln!(
        "wrote {} in {:.2} s: {} files; index {} (manifest + {} chunks, {} terms); tickets {} in {} fragments",
        args.out.display(),
        started.elapsed().as_secs_f64(),
        files,
        human_bytes(stats.index_bytes),
        stats.chunks,
        stats.terms,
        human_bytes(stats.fragment_bytes),
        stats.fragments,
    );
    Ok(code)
}

pub fn human_bytes(n: usize) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

//! `ticketsearch build`: tickets → a static site (index + ticket fragments).

use std::borrow::Cow;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};

use crate::assets;
use crate::cli::{BuildArgs, Emit};
use crate::progress;
use crate::site::Staging;
use crate::spill::Spill;
use crate::summary::{self, Privacy};

/// A warning for each text of `t` longer than the indexer indexes.
fn capped_texts(t: &ticket::Ticket) -> Vec<ticket::Diagnostic> {
    indexer::oversized(t)
        .into_iter()
        .map(|(field, len)| {
            ticket::Diagnostic::warning(
                &t.source.file,
                t.source.line,
                format!(
                    "ticket {} has a {field} of {} bytes; only its first {} KiB are searchable (the whole text is kept)",
                    t.id,
                    len,
                    indexer::MAX_INDEXED_BYTES / 1024
                ),
            )
        })
        .collect()
}

/// The query tokenizer that matches the elasticlunr index's tokens.
const ELASTICLUNR_TOKENIZER: &str = include_str!("../site/elasticlunr/tokenizer.js");

pub fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    if !assets::HAS_BUNDLE {
        bail!(
            "this ticketsearch binary has no browser bundle, so it cannot write a working site; \
             build one with `cargo xtask bundle` and then rebuild ticketsearch (`cargo xtask demo` does both)"
        );
    }
    // Everything is written into a staging directory that replaces --out
    // only at the end; dropped on any failure, it leaves nothing behind.
    let staging = Staging::new(&args.out)?;
    // Leftovers are masked (--redact) before anything is indexed or written,
    // so no index term, fragment, snippet or export holds them.
    let privacy = if args.input.redact {
        Privacy::Redact
    } else {
        Privacy::Report
    };
    let options = indexer::Options::default();
    // Reading: each ticket is measured for the index and parked in the spill
    // file; what stays in memory is a small entry per ticket.
    let mut spill = Spill::create(&staging.path().join(".tickets.spill"))?;
    let mut entries = Vec::new();
    let mut slots = Vec::new();
    let mut capped = Vec::new();
    let mut bar = progress::Bar::new();
    let (mut inputs, tally, leftovers, mut verdict) =
        summary::read_each(&args.input, privacy, &mut |t| {
            // Texts past the indexing cap are kept whole in the ticket JSON
            // but only partly searchable: say so, as a warning.
            capped.extend(capped_texts(&t));
            entries.push(indexer::Entry::of(&t, &options.analyzer));
            slots.push(spill.push(&t)?);
            bar.update(indexer::Progress {
                phase: indexer::Phase::Measuring,
                done: entries.len(),
                total: 0,
            });
            Ok(())
        });
    bar.finish();
    for d in &capped {
        eprintln!("{d}");
    }
    if !capped.is_empty() && args.input.strict && verdict.is_ok() {
        verdict = Err(format!("{} warning(s) and --strict is set", capped.len()));
    }
    inputs.diagnostics.extend(capped);
    if verdict.is_err() {
        eprintln!("nothing written to {}", args.out.display());
        return Ok(summary::finish(&inputs, &tally, &leftovers, verdict));
    }
    let mut files = 0usize;
    for (path, bytes) in assets::ASSETS {
        staging
            .write(path, bytes)
            .with_context(|| format!("writing {path}"))?;
        files += 1;
    }
    let stats = indexer::build_from(
        &entries,
        &mut |i| {
            spill
                .get(slots[i])
                .map(Cow::Owned)
                .map_err(std::io::Error::other)
        },
        &options,
        &mut |path: &str, bytes: &[u8]| {
            files += 1;
            staging.write(path, bytes)
        },
        &mut |p| bar.update(p),
    )
    .context("writing the index")?;
    bar.finish();
    if args.emit.contains(&Emit::Elasticlunr) {
        // elasticlunr's index is one JSON object of every ticket, so this
        // export holds them all (it is meant for small archives).
        let tickets = slots
            .iter()
            .map(|&slot| spill.get(slot))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let json = indexer::elasticlunr::index_json(&tickets);
        staging
            .write("elasticlunr/index.json", json.as_bytes())
            .context("writing the elasticlunr index")?;
        staging.write("elasticlunr/tokenizer.js", ELASTICLUNR_TOKENIZER.as_bytes())?;
        eprintln!("elasticlunr index: {}", human_bytes(json.len()));
        files += 2;
    }
    spill.remove()?;
    staging.commit()?;
    let code = summary::finish(&inputs, &tally, &leftovers, verdict);
    eprintln!(
        "wrote {} in {:.2} s: {} files; index {} (manifest + {} chunks, {} terms); tickets {} in {} fragments; peak memory {}",
        args.out.display(),
        started.elapsed().as_secs_f64(),
        files,
        human_bytes(stats.index_bytes),
        stats.chunks,
        stats.terms,
        human_bytes(stats.fragment_bytes),
        stats.fragments,
        peak_memory().map_or_else(|| "unknown".to_owned(), human_bytes),
    );
    Ok(code)
}

/// The process's peak resident memory, where the system tells it.
fn peak_memory() -> Option<usize> {
    // getrusage's ru_maxrss is in KiB on Linux.
    #[cfg(target_os = "linux")]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: `usage` is a valid out-pointer for one rusage.
        let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) };
        if rc == 0 {
            // SAFETY: getrusage succeeded, so it filled the struct.
            let kib = unsafe { usage.assume_init() }.ru_maxrss;
            return usize::try_from(kib).ok().map(|k| k * 1024);
        }
    }
    None
}

pub fn human_bytes(n: usize) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

//! `ticketsearch export`: the normalised tickets as JSONL on stdout.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{ExportArgs, ExportFormat};
use crate::summary::{self, Privacy};

pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    // Export is the lossless form of the tickets: leftovers are looked for
    // only when asked to mask them.
    let privacy = if args.input.redact {
        Privacy::Redact
    } else {
        Privacy::Skip
    };
    let (inputs, tally, leftovers, verdict) = summary::read(&args.input, privacy);
    match args.format {
        ExportFormat::Jsonl => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            for t in &inputs.tickets {
                out.write_all(ticket::to_jsonl_line(t).as_bytes())
                    .context("writing to stdout")?;
            }
            out.flush().context("writing to stdout")?;
        }
    }
    Ok(summary::finish(&inputs, &tally, &leftovers, verdict))
}

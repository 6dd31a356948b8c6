//! `ticketsearch export`: the normalised tickets as JSONL on stdout.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{ExportArgs, ExportFormat};
use crate::summary;

pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let (inputs, verdict) = summary::read(&args.input);
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
    Ok(summary::finish(&inputs, verdict))
}

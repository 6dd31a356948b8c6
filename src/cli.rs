//! Command-line flags.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Static search sites for customer-support ticket archives.
///
/// Reads ticket archives (Markdown files of `## 问题 N` tickets, or JSONL in
/// the export schema) and accounts for every ticket: each one is read, or
/// reported as `path:line: warning: …`.
#[derive(Debug, Parser)]
#[command(name = "ticketsearch", version, about, long_about)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the normalised tickets to stdout, one JSON object per line.
    ///
    /// The output can be edited and fed back as an input: export → import →
    /// export gives the same bytes. Diagnostics and a summary go to stderr.
    Export(ExportArgs),
}

/// Inputs and strictness, shared by the commands that read archives.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Archive files or directories (searched recursively for *.md,
    /// *.markdown, *.txt, *.jsonl, *.ndjson).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Fail (exit code 1) when the inputs give any warning.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One ticket per line as JSON (the schema of DESIGN.md).
    Jsonl,
}

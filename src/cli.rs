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
    /// Personal data left in the tickets is looked for only with --redact,
    /// which masks it.
    Export(ExportArgs),

    /// Build a static search site from ticket archives.
    ///
    /// Writes the index and the tickets into DIR atomically: into a temporary
    /// directory first, which replaces DIR only when the build succeeded.
    /// Prints tickets per input and per category, every warning, and the
    /// peak memory. Tickets wait in a spill file in that temporary directory
    /// between reading and indexing, so memory follows the size of the index,
    /// not of the archives (plus the largest single archive file while it is
    /// read).
    ///
    /// Also looks for personal data and credentials the archives' anonymisation
    /// left in the tickets (access keys in signed URLs, IPv4/IPv6 addresses,
    /// mainland mobile numbers, e-mail addresses) and reports each as
    /// `path:line: warning: possible <kind> left in ticket <id> (<field>): …`
    /// with counts per kind in the summary. They are warnings, so --strict
    /// fails on them; --redact masks them instead (then they are notes, not
    /// warnings).
    Build(BuildArgs),

    /// Search a built site from the command line (the browser's engine, natively).
    Search(SearchArgs),

    /// Serve a built site for a local preview (127.0.0.1 by default).
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// A directory written by `ticketsearch build`.
    #[arg(value_name = "SITE_DIR")]
    pub site: PathBuf,

    /// The port.
    #[arg(long, short, default_value_t = 8080)]
    pub port: u16,

    /// The address to bind; the default serves this machine only.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Send `Access-Control-Allow-Origin: *`, as a host must for the widget
    /// to load the site from another origin.
    #[arg(long)]
    pub cors: bool,
}

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// The site directory to write (replaced if it holds a previous site).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,

    /// Also write other formats into the site.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub emit: Vec<Emit>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// An elasticlunr.js index (elasticlunr/index.json) and the matching
    /// query tokenizer (elasticlunr/tokenizer.js). Large: about 0.5 MB per
    /// 100 tickets.
    Elasticlunr,
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// A directory written by `ticketsearch build`.
    #[arg(value_name = "SITE_DIR")]
    pub site: PathBuf,

    /// The query; empty lists every ticket (of the filters). The last word is
    /// matched as a prefix unless the query ends with a space.
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,

    /// Only tickets of this category: `产品` or `产品｜子类`; repeat to OR several.
    #[arg(long = "filter", value_name = "CAT")]
    pub filters: Vec<String>,

    /// At most this many hits.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,

    /// Skip this many hits.
    #[arg(long, default_value_t = 0)]
    pub offset: usize,

    /// Print the result as JSON, in the shape of the JS API's search().
    #[arg(long)]
    pub json: bool,

    /// Also run the search N more times, warm (files loaded), and print its
    /// latency to stderr: median and p95 of ranking alone and of ranking
    /// with snippets, as the browser's search() does.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub repeat: usize,
}

/// Inputs and strictness, shared by the commands that read archives.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Archive files or directories (searched recursively for *.md,
    /// *.markdown, *.txt, *.jsonl, *.ndjson).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Fail (exit code 1) when the inputs give any warning; for `build` that
    /// includes personal data or credentials left unmasked (see --redact).
    #[arg(long)]
    pub strict: bool,

    /// Mask personal data and credentials left in the tickets, in everything
    /// written (tickets, index terms, snippets, exports), before indexing:
    /// the value of a signed URL's token becomes `token=[REDACTED_TOKEN]`
    /// (the URL is kept), IPv4/IPv6 addresses `[IP已脱敏]`, mainland mobile
    /// numbers `[REDACTED_PHONE]`, e-mail addresses `[REDACTED_EMAIL]`. Ids,
    /// categories and sources are kept. Each masked value is listed as
    /// `path:line: note: masked …`.
    #[arg(long)]
    pub redact: bool,
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

//! Inputs: decoding a file's bytes and walking the paths a user named.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::jsonl::parse_jsonl_each;
use crate::markdown::parse_markdown_each;
use crate::{ids, Diagnostic, Parsed, Ticket};

/// The format of an input file, chosen by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A Markdown archive (`.md`, `.markdown`, `.txt`, or any other name).
    Markdown,
    /// Tickets in the export schema, one per line (`.jsonl`, `.ndjson`).
    Jsonl,
}

impl Format {
    /// The format of `path`: JSONL for `.jsonl`/`.ndjson`, Markdown otherwise.
    pub fn of_path(path: &Path) -> Format {
        match extension(path).as_deref() {
            Some("jsonl" | "ndjson") => Format::Jsonl,
            _ => Format::Markdown,
        }
    }
}

/// Extensions picked up when walking a directory.
const ARCHIVE_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "jsonl", "ndjson"];

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// Reads one file's bytes: strips a byte-order mark, accepts CRLF, and
/// reports invalid UTF-8 as an error naming the line of the first bad byte.
pub fn read_file(path: &str, bytes: &[u8], format: Format) -> Parsed {
    let mut tickets = Vec::new();
    let diagnostics = read_file_each(path, bytes, format, &mut |t| tickets.push(t));
    Parsed {
        tickets,
        diagnostics,
    }
}

/// [`read_file`], handing each ticket to `on_ticket` as soon as it is read;
/// returns the diagnostics.
pub fn read_file_each(
    path: &str,
    bytes: &[u8],
    format: Format,
    on_ticket: &mut dyn FnMut(Ticket),
) -> Vec<Diagnostic> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let good = &bytes[..err.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let column =
                good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            return vec![Diagnostic::error(
                path,
                u32::try_from(line).unwrap_or(u32::MAX),
                format!("file is not valid UTF-8 (bad byte at column {column}); file skipped, convert it to UTF-8"),
            )];
        }
    };
    match format {
        Format::Markdown => parse_markdown_each(path, text, on_ticket),
        Format::Jsonl => parse_jsonl_each(path, text, on_ticket),
    }
}

/// One input file and what it gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputReport {
    /// The path, as named or as found under a named directory.
    pub path: String,
    /// How it was read.
    pub format: Format,
    /// How many tickets it gave.
    pub tickets: usize,
}

/// Everything read from the inputs of one run.
#[derive(Debug, Default)]
pub struct Inputs {
    /// All tickets, in input order, ids unique (empty after
    /// [`read_inputs_each`], which hands them over one by one).
    pub tickets: Vec<Ticket>,
    /// All diagnostics, in input order.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read, in order.
    pub files: Vec<InputReport>,
}

impl Inputs {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| !d.is_error()).count()
    }
}

/// Reads every file named in `paths`, and every archive under every directory
/// named (recursively, in name order, hidden entries skipped). Missing or
/// unreadable paths are errors; the other inputs are still read. A file named
/// twice (directly or through a directory) is read once. Ids are made unique
/// across all inputs with [`ids::make_unique`].
pub fn read_inputs<P: AsRef<Path>>(paths: &[P]) -> Inputs {
    let mut tickets = Vec::new();
    let mut inputs = read_inputs_each(paths, &mut |t| tickets.push(t));
    inputs.tickets = tickets;
    inputs
}

/// [`read_inputs`], handing each ticket (its id already made unique) to
/// `on_ticket` as soon as it is read, in input order, instead of collecting
/// them: what is held at any time is one input file's bytes, not every
/// ticket. The returned [`Inputs`] has no tickets.
pub fn read_inputs_each<P: AsRef<Path>>(paths: &[P], on_ticket: &mut dyn FnMut(Ticket)) -> Inputs {
    let mut inputs = Inputs::default();
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let path = path.as_ref();
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(err) => inputs.diagnostics.push(Diagnostic::error(
                &shown,
                None,
                format!("cannot read: {err}"),
            )),
            Ok(meta) if meta.is_dir() => {
                if walk(path, &mut files, &mut seen, &mut inputs.diagnostics) == 0 {
                    inputs.diagnostics.push(Diagnostic::warning(
                        &shown,
                        None,
                        "directory holds no archives (*.md, *.markdown, *.txt, *.jsonl, *.ndjson)",
                    ));
                }
            }
            Ok(_) => {
                if seen.insert(canonical(path)) {
                    files.push(path.to_path_buf());
                }
            }
        }
    }
    let mut ids = ids::UniqueIds::default();
    // Repeated ids are reported after every file's own diagnostics.
    let mut repeated = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        let format = Format::of_path(&file);
        let mut count = 0;
        let mut admit = |mut t: Ticket| {
            repeated.extend(ids.admit(&mut t));
            count += 1;
            on_ticket(t);
        };
        let diagnostics = match std::fs::read(&file) {
            Ok(bytes) => read_file_each(&shown, &bytes, format, &mut admit),
            Err(err) => {
                inputs.diagnostics.push(Diagnostic::error(
                    &shown,
                    None,
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        inputs.files.push(InputReport {
            path: shown,
            format,
            tickets: count,
        });
        inputs.diagnostics.extend(diagnostics);
    }
    inputs.diagnostics.extend(repeated);
    inputs
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Collects the archives under `dir` not seen yet; returns how many archives
/// it holds, seen before or not.
fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    seen: &mut HashSet<PathBuf>,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    // Directories are also remembered, so a symlink loop is walked once.
    if !seen.insert(canonical(dir)) {
        return 0;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            diagnostics.push(Diagnostic::error(
                &dir.display().to_string(),
                None,
                format!("cannot read: {err}"),
            ));
            return 0;
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    paths.sort();
    let mut found = 0;
    for path in paths {
        if path.is_dir() {
            found += walk(&path, files, seen, diagnostics);
        } else if extension(&path).is_some_and(|e| ARCHIVE_EXTENSIONS.contains(&e.as_str())) {
            found += 1;
            if seen.insert(canonical(&path)) {
                files.push(path);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_an_error_with_line_and_column() {
        let parsed = read_file(
            "x.md",
            b"## \xe9\x97\xae\xe9\xa2\x98 1: a\nok\nab\xff\n",
            Format::Markdown,
        );
        assert!(parsed.tickets.is_empty());
        assert_eq!(
            parsed.diagnostics[0].to_string(),
            "x.md:3: error: file is not valid UTF-8 (bad byte at column 3); file skipped, convert it to UTF-8"
        );
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(Format::of_path(Path::new("a/b.JSONL")), Format::Jsonl);
        assert_eq!(Format::of_path(Path::new("a/b.txt")), Format::Markdown);
        assert_eq!(Format::of_path(Path::new("a/b")), Format::Markdown);
    }
}

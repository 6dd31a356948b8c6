//! The JSONL reader and writer: one [`Ticket`] per line, in the export schema.

use crate::{Diagnostic, Parsed, Ticket};

/// Reads tickets from JSONL text, one JSON object per line; blank lines are
/// skipped. A line that is not a valid ticket is an error naming the line;
/// the other lines are still read. A ticket without `source` gets this
/// file and line as its source.
pub fn parse_jsonl(path: &str, text: &str) -> Parsed {
    let mut tickets = Vec::new();
    let diagnostics = parse_jsonl_each(path, text, &mut |t| tickets.push(t));
    Parsed {
        tickets,
        diagnostics,
    }
}

/// [`parse_jsonl`], handing each ticket to `on_ticket` as soon as it is
/// read; returns the diagnostics.
pub fn parse_jsonl_each(
    path: &str,
    text: &str,
    on_ticket: &mut dyn FnMut(Ticket),
) -> Vec<Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut diagnostics = Vec::new();
    let mut tickets = 0usize;
    for (i, line) in text.lines().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Ticket>(line) {
            Ok(mut ticket) => {
                if ticket.id.trim().is_empty() {
                    diagnostics.push(Diagnostic::error(
                        path,
                        line_no,
                        "ticket has an empty `id`; line skipped",
                    ));
                    continue;
                }
                if ticket.source.file.is_empty() {
                    ticket.source.file = path.to_owned();
                    ticket.source.line = line_no;
                }
                tickets += 1;
                on_ticket(ticket);
            }
            Err(err) => diagnostics.push(Diagnostic::error(
                path,
                line_no,
                format!("not a ticket in the export schema: {err}; line skipped"),
            )),
        }
    }
    if tickets == 0 && diagnostics.is_empty() {
        diagnostics.push(Diagnostic::warning(path, None, "no tickets found"));
    }
    diagnostics
}

/// One ticket as a JSONL line (with the trailing newline): the export format.
pub fn to_jsonl_line(ticket: &Ticket) -> String {
    // Serialising plain strings, numbers and enums cannot fail.
    let mut line = serde_json::to_string(ticket).unwrap_or_default();
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"{"id":"part32-2","number":2,"title":"证书","product":"CDN","subcategory":"证书问题","description":"d","answers":["a"],"root_cause":"r","conversation":[{"role":"customer","text":"q\nmore"},{"role":"agent","text":"a"}],"source":{"file":"x.md","line":7}}"#;

    #[test]
    fn reads_and_writes_the_same_line() {
        let parsed = parse_jsonl("t.jsonl", &format!("{LINE}\n\n"));
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(to_jsonl_line(&parsed.tickets[0]), format!("{LINE}\n"));
    }

    #[test]
    fn bad_lines_are_errors_with_line_numbers_and_the_rest_is_read() {
        let text = format!(
            "{{\"id\": 3}}\n{LINE}\nnot json\n{{\"id\":\"x\",\"title\":\"t\",\"extra\":1}}\n"
        );
        let parsed = parse_jsonl("t.jsonl", &text);
        assert_eq!(parsed.tickets.len(), 1);
        let lines: Vec<_> = parsed.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(1), Some(3), Some(4)]);
        assert!(parsed.diagnostics.iter().all(Diagnostic::is_error));
        assert!(parsed.diagnostics[2]
            .message
            .contains("unknown field `extra`"));
    }

    #[test]
    fn minimal_ticket_gets_defaults_and_a_source() {
        let parsed = parse_jsonl("t.jsonl", "\n{\"id\":\"a\",\"title\":\"t\"}\n");
        let t = &parsed.tickets[0];
        assert_eq!((t.source.file.as_str(), t.source.line), ("t.jsonl", 2));
        assert!(t.answers.is_empty() && t.product.is_empty());
    }

    #[test]
    fn empty_id_is_an_error() {
        let parsed = parse_jsonl("t.jsonl", "{\"id\":\" \",\"title\":\"t\"}\n");
        assert!(parsed.tickets.is_empty());
        assert!(parsed.diagnostics[0].is_error());
    }

    #[test]
    fn empty_file_has_no_tickets() {
        let parsed = parse_jsonl("t.jsonl", "\n\n");
        assert_eq!(
            parsed.diagnostics[0].to_string(),
            "t.jsonl: warning: no tickets found"
        );
    }
}

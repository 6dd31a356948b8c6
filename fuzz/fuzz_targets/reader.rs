//! The archive readers must never panic, and must account for every ticket
//! heading: each becomes a ticket or a diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ticket::{read_file, Format};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Markdown, Format::Jsonl] {
        let parsed = read_file("fuzz.md", data, format);
        if format == Format::Markdown {
            if let Ok(text) = std::str::from_utf8(data) {
                let text = text.replace("\r\n", "\n").replace('\r', "\n");
                let headings = text.lines().filter(|l| is_heading(l)).count();
                assert!(parsed.tickets.len() + parsed.diagnostics.len() >= headings);
            }
        }
        for t in &parsed.tickets {
            let line = ticket::to_jsonl_line(t);
            let again = ticket::parse_jsonl("fuzz.jsonl", &line);
            assert_eq!(again.tickets.len(), 1);
            assert_eq!(ticket::to_jsonl_line(&again.tickets[0]), line);
        }
    }
});

fn is_heading(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    line.len() - t.len() <= 3 && t.starts_with("##") && !t.starts_with("###") && t[2..].trim_start().starts_with("问题")
}

//! Ticket ids: stable across rebuilds, unique across all inputs of a run.
//!
//! An archive ticket's id is `<archive>-<number>`: `<archive>` is `part32` when
//! the archive's `#` heading ends in "Part 32" (the form of the exported
//! archives), otherwise a slug of the file name; `<number>` is the `N` of
//! `## 问题 N`. A number seen twice in one archive gives `<archive>-<number>-2`,
//! `-3`, …. Ids still equal after that (the same archive given twice, or two
//! files with the same Part number) get a `~2`, `~3` suffix in input order,
//! with a warning. JSONL tickets keep the id they carry.

use std::collections::HashMap;

use crate::{Diagnostic, Ticket};

/// The archive key of a `#` heading such as `客户服务工单处理记录 - Part 32`.
pub(crate) fn key_from_heading(heading: &str) -> Option<String> {
    let lower = heading.to_lowercase();
    let at = lower.rfind("part")?;
    let digits: String = lower[at + 4..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then(|| format!("part{digits}"))
}

/// A slug of a file name: lowercase alphanumerics, everything else `-`.
pub(crate) fn key_from_path(path: &str) -> String {
    let name = std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "archive".to_owned()
    } else {
        slug.to_owned()
    }
}

/// Makes every id unique, in order: a later ticket whose id is taken gets a
/// `~N` suffix and a warning naming both places.
pub fn make_unique(tickets: &mut [Ticket]) -> Vec<Diagnostic> {
    let mut ids = UniqueIds::default();
    tickets.iter_mut().filter_map(|t| ids.admit(t)).collect()
}

/// [`make_unique`] one ticket at a time, for readers that do not hold all
/// tickets: the ids admitted so far, each with where it was first seen.
#[derive(Debug, Default)]
pub struct UniqueIds {
    seen: HashMap<String, (String, u32)>,
}

impl UniqueIds {
    /// Gives `ticket` an id no earlier ticket has (its own, or its own with a
    /// `~N` suffix, and then a warning naming both places) and remembers it.
    pub fn admit(&mut self, ticket: &mut Ticket) -> Option<Diagnostic> {
        let place = || (ticket.source.file.clone(), ticket.source.line);
        let Some((first_file, first_line)) = self.seen.get(&ticket.id) else {
            self.seen.insert(ticket.id.clone(), place());
            return None;
        };
        let id = &ticket.id;
        let mut n = 2;
        let new_id = loop {
            let candidate = format!("{id}~{n}");
            if !self.seen.contains_key(&candidate) {
                break candidate;
            }
            n += 1;
        };
        let warning = Diagnostic::warning(
            &ticket.source.file,
            ticket.source.line,
            format!(
                "ticket id `{id}` is already used by {first_file}:{first_line}; \
                 this ticket is `{new_id}` (is the same archive given twice?)"
            ),
        );
        ticket.id = new_id;
        self.seen.insert(ticket.id.clone(), place());
        Some(warning)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Source;

    fn ticket(id: &str, file: &str) -> Ticket {
        Ticket {
            id: id.into(),
            number: 1,
            title: "t".into(),
            product: String::new(),
            subcategory: String::new(),
            description: String::new(),
            answers: vec![],
            root_cause: String::new(),
            conversation: vec![],
            source: Source {
                file: file.into(),
                line: 3,
            },
        }
    }

    #[test]
    fn archive_key_from_part_heading() {
        assert_eq!(
            key_from_heading("客户服务工单处理记录 - Part 32").as_deref(),
            Some("part32")
        );
        assert_eq!(key_from_heading("Tickets PART7").as_deref(), Some("part7"));
        assert_eq!(key_from_heading("客户服务工单处理记录"), None);
        assert_eq!(key_from_heading("part of it"), None);
    }

    #[test]
    fn archive_key_from_file_name() {
        assert_eq!(key_from_path("data/000_9F7d.txt"), "000-9f7d");
        assert_eq!(key_from_path("工单 2024.md"), "工单-2024");
        assert_eq!(key_from_path("___.md"), "archive");
    }

    #[test]
    fn duplicate_ids_get_suffixes_and_warnings() {
        let mut ts = vec![
            ticket("a-1", "x.md"),
            ticket("a-1", "y.md"),
            ticket("a-1", "z.md"),
            ticket("a-1~2", "w.md"),
        ];
        let d = make_unique(&mut ts);
        let ids: Vec<_> = ts.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["a-1", "a-1~2", "a-1~3", "a-1~2~2"]);
        assert_eq!(d.len(), 3);
        assert!(d[0]
            .to_string()
            .starts_with("y.md:3: warning: ticket id `a-1` is already used by x.md:3"));
    }
}

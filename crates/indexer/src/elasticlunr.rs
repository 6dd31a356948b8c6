//! An elasticlunr.js index of the tickets, for teams that already run
//! elasticlunr.js: built with elasticlunr-rs, tokenised by our analyzer.
//!
//! The index's fields are those of [`crate::FIELDS`]; documents are referred
//! to by ticket id and not stored (a hit's ticket is in the site's ticket
//! fragments). Its tokens are our analyzer's, so Chinese is indexed as
//! character bigrams: a query must be cut the same way before it is given to
//! elasticlunr.js (the site ships `elasticlunr/tokenizer.js` for that).
//!
//! The JSON is a per-character trie and grows large (hundreds of MB at 100k
//! tickets), so it is only written on request (`--emit elasticlunr`).

use analysis::Analyzer;
use elasticlunr::{IndexBuilder, Language, Pipeline};
use ticket::Ticket;

use crate::FIELDS;

/// Our analyzer as an elasticlunr language: tokens are already normalised,
/// so the pipeline is empty.
struct Ticketsearch(Analyzer);

impl Language for Ticketsearch {
    fn name(&self) -> String {
        "Ticketsearch".into()
    }

    fn code(&self) -> String {
        "zh".into()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        self.0.analyze(text).into_iter().map(|t| t.text).collect()
    }

    fn make_pipeline(&self) -> Pipeline {
        Pipeline { queue: Vec::new() }
    }
}

/// The elasticlunr.js index JSON of `tickets`.
pub fn index_json(tickets: &[Ticket]) -> String {
    let mut builder = IndexBuilder::with_language(Box::new(Ticketsearch(Analyzer::new())))
        .save_docs(false)
        .set_ref("id");
    for f in FIELDS {
        builder = builder.add_field(f.name);
    }
    let mut index = builder.build();
    for t in tickets {
        let mut fields: [String; FIELDS.len()] = Default::default();
        crate::for_each_field_text(t, |field, text| {
            if !fields[field].is_empty() {
                fields[field].push('\n');
            }
            fields[field].push_str(text);
        });
        index.add_doc(&t.id, fields);
    }
    index.to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_bigrams_under_ticket_ids() {
        let tickets = ticket::parse_markdown(
            "a.md",
            "## 问题 1: 证书部署\n\n**问题分类**: CDN｜证书问题\n",
        )
        .tickets;
        let json: serde_json::Value = serde_json::from_str(&index_json(&tickets)).unwrap();
        assert_eq!(json["ref"], "id");
        assert_eq!(json["pipeline"], serde_json::json!([]));
        let title = &json["index"]["title"]["root"];
        assert!(
            title["证"]["书"]["docs"].get("a-1").is_some(),
            "{}",
            title["证"]
        );
    }
}

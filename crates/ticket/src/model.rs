//! The ticket model: what every reader produces and every writer consumes.

use serde::{Deserialize, Serialize};

/// One support ticket, normalised: plain text, no Markdown markup.
///
/// Field order is the order of the export format (`ticketsearch export`), so
/// serialising with `serde_json` gives the documented JSONL line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ticket {
    /// Stable id, unique across all inputs of one run (see [`crate::ids`]).
    pub id: String,
    /// The `N` of the archive's `## 问题 N` heading. Numbers repeat across archives.
    #[serde(default)]
    pub number: u32,
    /// The title, without the `问题 N:` prefix and without Markdown markup.
    pub title: String,
    /// The product, the part of the category before `｜` (e.g. `CDN`).
    #[serde(default)]
    pub product: String,
    /// The sub-category, the part after `｜` (e.g. `证书问题`); empty when the
    /// category has none.
    #[serde(default)]
    pub subcategory: String,
    /// The customer's description of the problem.
    #[serde(default)]
    pub description: String,
    /// The agent's numbered answers, one string per item, in order.
    #[serde(default)]
    pub answers: Vec<String>,
    /// The archive's automatic root-cause analysis (weak evidence).
    #[serde(default)]
    pub root_cause: String,
    /// The whole conversation, one entry per message.
    #[serde(default)]
    pub conversation: Vec<Message>,
    /// Where the ticket was read from.
    #[serde(default)]
    pub source: Source,
}

/// One message of a conversation. A message may span several lines (code
/// pasted into the chat): it stays one message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// Who wrote it.
    pub role: Role,
    /// What they wrote, verbatim (URLs, code, `[图片]` markers kept).
    pub text: String,
}

/// The author of a [`Message`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The customer (`**客户**` in archives).
    Customer,
    /// The support agent (`**客服**` in archives).
    Agent,
}

/// The place a ticket came from: the input path as given and the 1-based line
/// of its `## 问题 N` heading (or of its JSONL line).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The input file, as the user named it (or as found under a named directory).
    pub file: String,
    /// 1-based line number.
    pub line: u32,
}

impl Ticket {
    /// The category as shown to people: `产品｜子类`, or just `产品`.
    pub fn category(&self) -> String {
        if self.subcategory.is_empty() {
            self.product.clone()
        } else {
            format!("{}｜{}", self.product, self.subcategory)
        }
    }
}

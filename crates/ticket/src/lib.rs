//! Support tickets and the readers of ticket archives.
//!
//! This crate turns ticket archives — Markdown files of `## 问题 N` tickets, or
//! JSONL files in the export schema — into [`Ticket`]s, and accounts for every
//! ticket: each one is read, or reported as a [`Diagnostic`] naming file and
//! line. It never panics on bad input.
//!
//! ```
//! let archive = concat!(
//!     "## 问题 2: 证书部署一直处于处理中\n\n",
//!     "**问题分类**: CDN｜证书问题\n\n",
//!     "### 问题描述\n\n证书还在处理中\n\n",
//!     "### 根本原因分析\n\n系统延迟\n\n",
//!     "### 完整对话记录\n\n```\n**客户**：还在处理中\n**客服**：已处理\n```\n",
//! );
//! let parsed = ticket::parse_markdown("part32.md", archive);
//! assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
//! let t = &parsed.tickets[0];
//! assert_eq!((t.number, t.product.as_str(), t.subcategory.as_str()), (2, "CDN", "证书问题"));
//! assert_eq!(t.conversation.len(), 2);
//! ```
//!
//! Brief overview:
//! - [`parse_markdown`] and [`parse_jsonl`] read one input's text;
//! - [`read_file`] decodes one file's bytes (BOM, CRLF, invalid UTF-8) and
//!   picks the reader by its name;
//! - [`read_inputs`] takes the paths a user named (files or directories),
//!   reads them all and makes the ids unique across them;
//!   [`read_inputs_each`] does the same handing over one ticket at a time,
//!   for builds that must not hold every ticket;
//! - [`privacy`] finds personal data and credentials the upstream
//!   anonymisation left in the tickets, and masks them.
#![deny(missing_docs)]

mod diag;
pub mod ids;
mod input;
mod jsonl;
mod markdown;
mod model;
pub mod privacy;

pub use diag::{Diagnostic, Severity};
pub use input::{
    read_file, read_file_each, read_inputs, read_inputs_each, Format, InputReport, Inputs,
};
pub use jsonl::{parse_jsonl, parse_jsonl_each, to_jsonl_line};
pub use markdown::{parse_markdown, parse_markdown_each, UNCATEGORISED};
pub use model::{Message, Role, Source, Ticket};

/// What a reader made of one input: the tickets it read and what it has to
/// say about the rest.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The tickets, in input order.
    pub tickets: Vec<Ticket>,
    /// Warnings and errors, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

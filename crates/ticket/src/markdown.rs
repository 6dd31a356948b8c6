//! The Markdown archive reader.
//!
//! An archive is a `#` heading, an introduction, and tickets:
//!
//! ```text
//! ## 问题 2: 更新证书部署了好几天了还处于处理中      <- ticket heading: number, title
//! **问题分类**: CDN｜证书问题                       <- product ｜ sub-category
//! ### 问题描述                                      <- description (paragraphs)
//! ### 客服解答                                      <- numbered answers (optional)
//! ### 根本原因分析                                  <- automatic root cause
//! ### 完整对话记录                                  <- a fenced block, one line per
//! ```                                                  message start: **客户**：/**客服**：
//! ```
//!
//! Reading happens in two passes. The first is line based: it cuts the file at
//! every ticket heading, so each `## 问题 N` line becomes a ticket or a
//! diagnostic, whatever happens around it (an unclosed fence cannot swallow
//! the following tickets). It also tracks fences, to report unclosed ones and
//! to see `#` archive headings only outside code. The second pass parses each
//! ticket's lines with pulldown-cmark into top-level blocks and assigns them
//! to the sections named by the `###` headings.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::{ids, Diagnostic, Message, Parsed, Role, Source, Ticket};

/// Product used when a ticket has no category line.
pub const UNCATEGORISED: &str = "未分类";

/// Reads one Markdown archive. `path` is used in sources and diagnostics.
///
/// Accepts LF and CRLF line endings and a leading byte-order mark alike.
pub fn parse_markdown(path: &str, text: &str) -> Parsed {
    let mut tickets = Vec::new();
    let diagnostics = parse_markdown_each(path, text, &mut |t| tickets.push(t));
    Parsed {
        tickets,
        diagnostics,
    }
}

/// [`parse_markdown`], handing each ticket to `on_ticket` as soon as it is
/// read instead of collecting them (so a large archive is never held twice);
/// returns the diagnostics.
pub fn parse_markdown_each(
    path: &str,
    text: &str,
    on_ticket: &mut dyn FnMut(Ticket),
) -> Vec<Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = normalise_newlines(text);
    let mut reader = Reader {
        path,
        text: &text,
        diagnostics: Vec::new(),
        on_ticket,
    };
    reader.run();
    reader.diagnostics
}

pub(crate) fn normalise_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

struct Reader<'a> {
    path: &'a str,
    text: &'a str,
    diagnostics: Vec<Diagnostic>,
    on_ticket: &'a mut dyn FnMut(Ticket),
}

/// A ticket's lines, found by the line pass.
struct Chunk {
    /// 0-based index of the heading line.
    heading_line: usize,
    /// Byte range of the heading line (without newline).
    heading: Range<usize>,
    /// Byte range of the body: the lines after the heading up to the next
    /// ticket or archive heading.
    body: Range<usize>,
    /// Archive key in force at this ticket.
    archive: String,
}

#[derive(Clone, Copy)]
pub(crate) struct Fence {
    ch: u8,
    len: usize,
    line: usize,
}

impl Reader<'_> {
    fn warn(&mut self, line0: usize, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::warning(self.path, line_no(line0), message));
    }

    fn run(&mut self) {
        let chunks = self.split();
        if chunks.is_empty() {
            self.diagnostics
                .push(Diagnostic::warning(self.path, None, "no tickets found"));
            return;
        }
        // Numbers seen per archive, for `-2` suffixes on repeats.
        let mut seen: std::collections::HashMap<(String, u32), (usize, u32)> = Default::default();
        for chunk in chunks {
            let Some(mut ticket) = self.ticket(&chunk) else {
                continue;
            };
            let key = (chunk.archive.clone(), ticket.number);
            let entry = seen.entry(key).or_insert((0, ticket.source.line));
            entry.0 += 1;
            if entry.0 > 1 {
                let first_line = entry.1;
                let n = entry.0;
                ticket.id = format!("{}-{}", ticket.id, n);
                self.warn(
                    chunk.heading_line,
                    format!(
                        "ticket number {} appears again (first at line {first_line}); \
                         both are kept, this one as `{}`",
                        ticket.number, ticket.id
                    ),
                );
            }
            (self.on_ticket)(ticket);
        }
    }

    /// The line pass: cuts the text into ticket chunks, checks the preamble.
    fn split(&mut self) -> Vec<Chunk> {
        let text = self.text;
        let mut chunks: Vec<Chunk> = Vec::new();
        let mut archive = ids::key_from_path(self.path);
        let mut fence: Option<Fence> = None;
        // Lines before the first ticket of each archive: reported if they hold
        // anything that looks like ticket content.
        let mut preamble_flagged = false;
        let mut in_ticket = false;
        let mut offset = 0;
        for (i, line) in text.split('\n').enumerate() {
            let start = offset;
            offset += line.len() + 1;
            let end = start + line.len();

            if let Some(open) = fence {
                if closes_fence(line, open) {
                    fence = None;
                    continue;
                }
                if !is_ticket_heading(line) {
                    continue;
                }
                self.warn(
                    open.line,
                    format!(
                        "code fence is not closed before the next ticket at line {}; \
                         it is closed there",
                        i + 1
                    ),
                );
                fence = None;
            }
            if is_ticket_heading(line) {
                if let Some(last) = chunks.last_mut().filter(|_| in_ticket) {
                    last.body.end = start;
                }
                chunks.push(Chunk {
                    heading_line: i,
                    heading: start..end,
                    body: offset.min(text.len())..text.len(),
                    archive: archive.clone(),
                });
                in_ticket = true;
                continue;
            }
            if let Some(open) = opens_fence(line) {
                fence = Some(Fence { line: i, ..open });
            }
            if let Some(title) = archive_heading(line) {
                if let Some(last) = chunks.last_mut().filter(|_| in_ticket) {
                    last.body.end = start;
                }
                in_ticket = false;
                preamble_flagged = false;
                if let Some(key) = ids::key_from_heading(title) {
                    archive = key;
                }
                continue;
            }
            if !in_ticket && !preamble_flagged && looks_like_ticket_content(line) {
                preamble_flagged = true;
                self.warn(
                    i,
                    "ticket content outside any `## 问题 N` ticket is ignored \
                     (is the ticket heading missing?)",
                );
            }
        }
        if let Some(open) = fence {
            self.warn(open.line, "code fence is not closed at the end of the file");
        }
        chunks
    }

    /// The block pass over one chunk. `None` when the heading has no number.
    fn ticket(&mut self, chunk: &Chunk) -> Option<Ticket> {
        let heading_text = &self.text[chunk.heading.clone()];
        let source = Source {
            file: self.path.to_owned(),
            line: line_no(chunk.heading_line),
        };
        let Some((number, raw_title)) = parse_heading(heading_text) else {
            self.warn(
                chunk.heading_line,
                "ticket heading has no number (expected `## 问题 N: title`); ticket skipped",
            );
            return None;
        };
        let title = inline_text(raw_title);
        if title.is_empty() {
            self.warn(
                chunk.heading_line,
                format!("ticket {number} has an empty title"),
            );
        }
        let mut ticket = Ticket {
            id: format!("{}-{}", chunk.archive, number),
            number,
            title,
            product: String::new(),
            subcategory: String::new(),
            description: String::new(),
            answers: Vec::new(),
            root_cause: String::new(),
            conversation: Vec::new(),
            source,
        };

        let body = &self.text[chunk.body.clone()];
        let line_starts = LineIndex::new(body, chunk.heading_line + 1);
        let blocks = blocks(body);

        let mut section = Section::Head;
        let mut seen = [false; 4];
        let mut category_seen = false;
        let mut description = Vec::new();
        let mut root_cause = Vec::new();
        let mut conversation = String::new();
        let mut conversation_line = None;
        for block in &blocks {
            let line0 = line_starts.line0(block.range.start);
            match block.kind {
                BlockKind::Section => {
                    section = Section::named(&block.text);
                    match section.slot() {
                        Some(slot) if seen[slot] => self.warn(
                            line0,
                            format!(
                                "section `### {}` appears twice; its texts are joined",
                                block.text
                            ),
                        ),
                        Some(slot) => seen[slot] = true,
                        None => self.warn(
                            line0,
                            format!(
                                "unknown section `### {}`; its text is not part of the ticket",
                                block.text
                            ),
                        ),
                    }
                    continue;
                }
                BlockKind::Item | BlockKind::Text | BlockKind::Code => {}
            }
            match section {
                Section::Head => {
                    if let Some(category) = category_value(&block.text) {
                        if category_seen {
                            self.warn(line0, "second category line ignored");
                            continue;
                        }
                        category_seen = true;
                        self.category(&mut ticket, category, line0);
                    } else if !block.text.trim().is_empty() {
                        self.warn(
                            line0,
                            "text between the ticket heading and its first section is ignored",
                        );
                    }
                }
                Section::Description => description.push(block.text.as_str()),
                Section::Answers => {
                    if !block.text.is_empty() {
                        ticket.answers.push(block.text.clone());
                    }
                }
                Section::RootCause => root_cause.push(block.text.as_str()),
                Section::Conversation => {
                    // A fenced block's text starts on the line after the fence.
                    conversation_line
                        .get_or_insert(line0 + usize::from(block.kind == BlockKind::Code));
                    // Fenced text is taken as it is; unfenced lines are read
                    // from the source, where the `**客户**：` markers still are.
                    let lines = match block.kind {
                        BlockKind::Code => block.text.as_str(),
                        _ => body[block.range.clone()].trim_end(),
                    };
                    if !conversation.is_empty() {
                        conversation.push('\n');
                    }
                    conversation.push_str(lines);
                }
                Section::Unknown => {}
            }
        }
        ticket.description = description.join("\n\n");
        ticket.root_cause = root_cause.join("\n\n");
        if let Some(line0) = conversation_line {
            ticket.conversation = self.messages(&conversation, line0);
        }

        if !category_seen {
            self.warn(
                chunk.heading_line,
                format!("ticket {number} has no `**问题分类**:` line; filed under {UNCATEGORISED}"),
            );
            ticket.product = UNCATEGORISED.to_owned();
        }
        for (slot, name) in [(0, "问题描述"), (2, "根本原因分析"), (3, "完整对话记录")]
        {
            if !seen[slot] {
                self.warn(
                    chunk.heading_line,
                    format!("ticket {number} has no `### {name}` section"),
                );
            }
        }
        Some(ticket)
    }

    fn category(&mut self, ticket: &mut Ticket, value: &str, line0: usize) {
        let (product, subcategory) = if let Some((p, s)) = value.split_once('｜') {
            (p, s)
        } else if let Some((p, s)) = value.split_once('|') {
            self.warn(line0, "category uses ASCII `|`; read as the separator `｜`");
            (p, s)
        } else {
            (value, "")
        };
        ticket.product = product.trim().to_owned();
        ticket.subcategory = subcategory.trim().to_owned();
        if ticket.product.is_empty() {
            self.warn(
                line0,
                format!("empty product in category; filed under {UNCATEGORISED}"),
            );
            ticket.product = UNCATEGORISED.to_owned();
        }
        if ticket.subcategory.is_empty() {
            self.warn(
                line0,
                format!("category `{}` has no sub-category", value.trim()),
            );
        }
    }

    /// Splits a conversation into messages: a line starting with a speaker
    /// marker starts a message; every other line continues the last one.
    fn messages(&mut self, text: &str, first_line0: usize) -> Vec<Message> {
        let mut messages: Vec<Message> = Vec::new();
        for (i, line) in text.split('\n').enumerate() {
            match speaker(line) {
                Some((Some(role), rest)) => {
                    messages.push(Message {
                        role,
                        text: rest.trim_start().to_owned(),
                    });
                }
                other => {
                    if let Some((None, _)) = other {
                        self.warn(
                            first_line0 + i,
                            "unknown speaker (expected **客户** or **客服**); line kept in the previous message",
                        );
                    }
                    match messages.last_mut() {
                        Some(last) => {
                            last.text.push('\n');
                            last.text.push_str(line);
                        }
                        None if line.trim().is_empty() => {}
                        None => {
                            self.warn(
                                first_line0 + i,
                                "conversation starts without a speaker; read as the customer's",
                            );
                            messages.push(Message {
                                role: Role::Customer,
                                text: line.to_owned(),
                            });
                        }
                    }
                }
            }
        }
        for m in &mut messages {
            let kept = m.text.trim_end().len();
            m.text.truncate(kept);
        }
        messages
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Head,
    Description,
    Answers,
    RootCause,
    Conversation,
    Unknown,
}

impl Section {
    fn named(name: &str) -> Section {
        match name.trim() {
            "问题描述" => Section::Description,
            "客服解答" => Section::Answers,
            "根本原因分析" => Section::RootCause,
            "完整对话记录" => Section::Conversation,
            _ => Section::Unknown,
        }
    }

    fn slot(self) -> Option<usize> {
        match self {
            Section::Description => Some(0),
            Section::Answers => Some(1),
            Section::RootCause => Some(2),
            Section::Conversation => Some(3),
            Section::Head | Section::Unknown => None,
        }
    }
}

fn line_no(line0: usize) -> u32 {
    u32::try_from(line0 + 1).unwrap_or(u32::MAX)
}

/// Maps byte offsets of a chunk body to 0-based file lines.
struct LineIndex {
    starts: Vec<usize>,
    first_line0: usize,
}

impl LineIndex {
    fn new(body: &str, first_line0: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            starts,
            first_line0,
        }
    }

    fn line0(&self, offset: usize) -> usize {
        self.first_line0
            + self
                .starts
                .partition_point(|&s| s <= offset)
                .saturating_sub(1)
    }
}

/// `## 问题 N…`, with up to three spaces of indentation; a missing space
/// after `##` is tolerated.
pub(crate) fn is_ticket_heading(line: &str) -> bool {
    heading_rest(line, 2).is_some_and(|rest| rest.starts_with("问题"))
}

/// The text after `#`×level and spaces, if `line` is such an ATX heading.
pub(crate) fn heading_rest(line: &str, level: usize) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    (hashes == level).then(|| rest[hashes..].trim())
}

/// The title of a `# …` archive heading.
pub(crate) fn archive_heading(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = line[indent.min(3)..].strip_prefix("# ")?;
    (indent <= 3).then_some(rest.trim())
}

/// Number and raw title of a ticket heading line.
pub(crate) fn parse_heading(line: &str) -> Option<(u32, &str)> {
    let rest = heading_rest(line, 2)?.strip_prefix("问题")?.trim_start();
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let number = rest[..digits].parse().ok()?;
    let rest = rest[digits..].trim_start();
    let title = rest.strip_prefix([':', '：']).unwrap_or(rest);
    // A closing sequence of `#` is not part of an ATX heading's text.
    let title = title.trim().trim_end_matches('#').trim_end();
    Some((number, title))
}

/// The value of a `**问题分类**: value` paragraph (markup already removed).
fn category_value(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix("问题分类")?.trim_start();
    Some(rest.strip_prefix([':', '：'])?.trim())
}

/// A conversation line's speaker: `Some((Some(role), text))` for a known
/// speaker, `Some((None, _))` for an unknown `**name**：`, `None` otherwise.
fn speaker(line: &str) -> Option<(Option<Role>, &str)> {
    let rest = line.trim_start().strip_prefix("**")?;
    let (name, rest) = rest.split_once("**")?;
    let rest = rest.trim_start().strip_prefix([':', '：'])?;
    if name.is_empty() || name.chars().count() > 8 {
        return None;
    }
    let role = match name.trim() {
        "客户" | "用户" | "customer" | "Customer" => Some(Role::Customer),
        "客服" | "技术支持" | "agent" | "Agent" => Some(Role::Agent),
        _ => None,
    };
    Some((role, rest))
}

pub(crate) fn opens_fence(line: &str) -> Option<Fence> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.len() - rest.trim_start_matches(ch as char).len();
    // A backtick fence's info string may not contain backticks.
    if len < 3 || (ch == b'`' && rest[len..].contains('`')) {
        return None;
    }
    Some(Fence { ch, len, line: 0 })
}

pub(crate) fn closes_fence(line: &str, open: Fence) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let rest = &line[indent..];
    let len = rest.len() - rest.trim_start_matches(open.ch as char).len();
    len >= open.len && rest[len..].trim().is_empty()
}

/// Lines that belong to a ticket, seen where no ticket is open.
fn looks_like_ticket_content(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("**问题分类**") || heading_rest(line, 3).is_some() || speaker(line).is_some()
}

/// The plain text of a title: inline Markdown markup removed.
fn inline_text(raw: &str) -> String {
    // Parsed as a heading so that a title like `1. …` or `> …` stays inline.
    let source = format!("## {raw}");
    let blocks = blocks(&source);
    blocks
        .into_iter()
        .map(|b| b.text)
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_owned()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BlockKind {
    /// A `###` heading: starts a section.
    Section,
    /// One item of a top-level list.
    Item,
    /// A code block, text verbatim.
    Code,
    /// Any other top-level block, as plain text.
    Text,
}

#[derive(Debug)]
struct Block {
    kind: BlockKind,
    text: String,
    range: Range<usize>,
}

/// The top-level blocks of `source` as plain text: markup is dropped, text,
/// code, URLs and literal HTML are kept. Each item of a top-level list is a
/// block of its own.
fn blocks(source: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut current: Option<Block> = None;
    // Depth of open container/leaf tags; 0 = between top-level blocks.
    let mut depth = 0usize;
    let mut list_depth = 0usize;
    let mut links: Vec<String> = Vec::new();
    for (event, range) in Parser::new_ext(source, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                depth += 1;
                let top = depth == 1;
                match &tag {
                    Tag::List(_) if top => list_depth = 1,
                    Tag::List(_) => list_depth += 1,
                    Tag::Item if depth == 2 && list_depth == 1 => {
                        current = Some(Block {
                            kind: BlockKind::Item,
                            text: String::new(),
                            range,
                        });
                    }
                    Tag::Heading {
                        level: HeadingLevel::H3,
                        ..
                    } if top => {
                        current = Some(Block {
                            kind: BlockKind::Section,
                            text: String::new(),
                            range,
                        });
                    }
                    Tag::CodeBlock(_) if top => {
                        current = Some(Block {
                            kind: BlockKind::Code,
                            text: String::new(),
                            range,
                        });
                    }
                    Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                        links.push(dest_url.to_string());
                    }
                    _ if top => {
                        current = Some(Block {
                            kind: BlockKind::Text,
                            text: String::new(),
                            range,
                        });
                    }
                    _ => {}
                }
                if let (Some(block), Tag::Item) = (current.as_mut(), &tag) {
                    if depth > 2 {
                        separate(&mut block.text, "\n- ");
                    }
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                match end {
                    TagEnd::List(_) => list_depth = list_depth.saturating_sub(1),
                    TagEnd::Link | TagEnd::Image => {
                        if let (Some(url), Some(block)) = (links.pop(), current.as_mut()) {
                            // Keep the address unless the text already is it.
                            if !url.is_empty() && !block.text.ends_with(url.as_str()) {
                                block.text.push_str(&format!(" ({url})"));
                            }
                        }
                    }
                    _ => {}
                }
                let closes_item = matches!(end, TagEnd::Item) && depth == 1 && list_depth == 1;
                if depth == 0 || closes_item {
                    if let Some(mut block) = current.take() {
                        block.range.end = block.range.end.max(range.end);
                        if block.kind != BlockKind::Code {
                            block.text = block.text.trim().to_owned();
                        } else if block.text.ends_with('\n') {
                            block.text.pop();
                        }
                        out.push(block);
                    }
                } else if let Some(block) = current.as_mut() {
                    if matches!(
                        end,
                        TagEnd::Paragraph
                            | TagEnd::Heading(_)
                            | TagEnd::CodeBlock
                            | TagEnd::BlockQuote(_)
                    ) {
                        separate(&mut block.text, "\n\n");
                    }
                }
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let block = current.get_or_insert_with(|| Block {
                    kind: BlockKind::Text,
                    text: String::new(),
                    range: range.clone(),
                });
                block.text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = current.as_mut() {
                    block.text.push('\n');
                }
            }
            Event::Rule => {}
            _ => {}
        }
    }
    if let Some(block) = current.take() {
        out.push(block);
    }
    out
}

/// Pushes `sep` unless the text is empty or already ends in a newline.
fn separate(text: &mut String, sep: &str) {
    let trimmed = text.trim_end_matches([' ', '\t']).len();
    text.truncate(trimmed);
    if !text.is_empty() && !text.ends_with("\n\n") {
        if text.ends_with('\n') && sep == "\n\n" {
            text.push('\n');
        } else {
            text.push_str(sep);
        }
    }
}

#[cfg(test)]
mod tests;

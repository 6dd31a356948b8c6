//! Privacy: personal data and credentials left in ticket text, found and masked.
//!
//! The archives are anonymised upstream (addresses become `[IP已脱敏]`), but not
//! completely. This module finds what is left and masks it in the archive's own
//! marker style:
//!
//! | [`Kind`]              | what is found                                                  | replaced by                 |
//! | --------------------- | -------------------------------------------------------------- | --------------------------- |
//! | [`Kind::AccessKey`]   | the value of a `token=` URL parameter: `<AccessKey>:<signature>` (and an upload token's `:<policy>`), or any value of 16+ URL-safe base64 characters in a signed URL that also carries `e=<expiry>` | the value: `token=[REDACTED_TOKEN]` |
//! | [`Kind::Ipv4`]        | a dotted quad of 1–3 digit groups (`120.76.55.15`, also a mistyped `106.33.166.519`) | `[IP已脱敏]`                |
//! | [`Kind::Ipv6`]        | 8 hex groups, or a `::`-compressed address of 3+ groups with a digit (`2001:db8::1`, `::ffff:1.2.3.4`) | `[IP已脱敏]`                |
//! | [`Kind::Phone`]       | a mainland mobile number `1[3-9]` + 9 digits, alone or as `+86…`/`0086…`, or written `138-1234-5678` / `138 1234 5678` | `[REDACTED_PHONE]`          |
//! | [`Kind::Email`]       | `local@domain.tld` (the top-level domain all letters)           | `[REDACTED_EMAIL]`          |
//!
//! And what is not, on purpose:
//! - a dotted quad glued to a word or a number (`v1.2.3.4`, `jdk1.8.0.1`, `1.2.3.4.5`), or after
//!   `version`/`ver`/`版本`/`版本号`, is a version; dates (`2024.10.23`) and build numbers
//!   (`10.0.19041.1`) have a group of 4+ digits and never match;
//! - clock times (`13:18:15`) and MAC addresses have too few groups for IPv6; so do `A::B`
//!   paths in code (no digit);
//! - a phone number must be its own digit run: order numbers, timestamps and ids (longer runs,
//!   or glued to letters as in hashes) are left alone. A bare 11-digit number starting `13`–`19`
//!   is indistinguishable from a phone number and is reported;
//! - `pkg@1.2.3` (numeric "domain") and `logo@2x.png` (an image's scale suffix) are not e-mail
//!   addresses; `token=<downloadToken>` (a placeholder) is no token;
//! - the markers themselves (`[IP已脱敏]`, `[REDACTED_…]`): redacting twice changes nothing.
//!
//! Full-width forms (`１３８…`, `＠`, `．`) are matched like their ASCII counterparts, because the
//! analyzer's NFKC indexes them alike. Matches never span lines. Where matches overlap (a phone
//! number as an e-mail's local part) the one starting first, then the longest, wins.
//!
//! ```
//! use ticket::privacy::{find, mask, Kind};
//!
//! let text = "ping 一下120.76.55.15，链接 https://a.example.com/k?e=1729653099&token=AK_0123456789:c2lnbmF0dXJlAAAAAA= 打不开";
//! let kinds: Vec<Kind> = find(text).iter().map(|m| m.kind).collect();
//! assert_eq!(kinds, [Kind::Ipv4, Kind::AccessKey]);
//! assert_eq!(
//!     mask(text),
//!     "ping 一下[IP已脱敏]，链接 https://a.example.com/k?e=1729653099&token=[REDACTED_TOKEN] 打不开"
//! );
//! ```
//!
//! Brief overview:
//! - [`find`] lists the leftovers of one text; [`mask`] replaces them by their markers;
//! - [`scan`] and [`redact`] do that for every text field of a [`Ticket`] (title, description,
//!   answers, root cause, conversation — not the id, category or source), as [`Finding`]s;
//! - [`locate`] (reading the archives) or [`locate_in`] (given an archive's text) turn a
//!   finding's line, at first its ticket's heading, into the archive line that holds the text.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use crate::markdown::{
    archive_heading, closes_fence, heading_rest, is_ticket_heading, normalise_newlines,
    opens_fence, parse_heading,
};
use crate::{Diagnostic, Format, Ticket};

/// What kind of leftover a match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An access key and signature: the value of a signed URL's `token=`.
    AccessKey,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// A mainland China mobile number.
    Phone,
    /// An e-mail address.
    Email,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 5] = [
        Kind::AccessKey,
        Kind::Ipv4,
        Kind::Ipv6,
        Kind::Phone,
        Kind::Email,
    ];

    /// The name people read: `access key`, `IPv4 address`, ….
    pub fn name(self) -> &'static str {
        match self {
            Kind::AccessKey => "access key",
            Kind::Ipv4 => "IPv4 address",
            Kind::Ipv6 => "IPv6 address",
            Kind::Phone => "mobile number",
            Kind::Email => "e-mail address",
        }
    }

    /// The plural of [`Kind::name`].
    pub fn plural(self) -> &'static str {
        match self {
            Kind::AccessKey => "access keys",
            Kind::Ipv4 => "IPv4 addresses",
            Kind::Ipv6 => "IPv6 addresses",
            Kind::Phone => "mobile numbers",
            Kind::Email => "e-mail addresses",
        }
    }

    /// What [`mask`] puts in place of the matched text.
    pub fn marker(self) -> &'static str {
        match self {
            Kind::AccessKey => "[REDACTED_TOKEN]",
            Kind::Ipv4 | Kind::Ipv6 => "[IP已脱敏]",
            Kind::Phone => "[REDACTED_PHONE]",
            Kind::Email => "[REDACTED_EMAIL]",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One leftover in one text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// What it is.
    pub kind: Kind,
    /// Its bytes in the text. For [`Kind::AccessKey`] only the parameter's
    /// value, after `token=`.
    pub range: Range<usize>,
}

/// The leftovers in `text`, in order, not overlapping.
pub fn find(text: &str) -> Vec<Match> {
    let (at, c) = fold(text);
    let mut found: Vec<(usize, usize, Kind)> = Vec::new();
    // Built on the first opaque token only: most texts have none.
    let mut signed: Option<Vec<Range<usize>>> = None;
    for i in 0..c.len() {
        let prev = i.checked_sub(1).map(|p| c[p]);
        let ch = c[i];
        if ch.is_ascii_digit() && !prev.is_some_and(|p| p.is_ascii_digit()) {
            if let Some(end) = ipv4_at(&c, i) {
                found.push((i, end, Kind::Ipv4));
            }
            if let Some((start, end)) = phone_at(&c, i) {
                found.push((start, end, Kind::Phone));
            }
        }
        if ch.is_ascii_hexdigit() || ch == ':' {
            if let Some(end) = ipv6_at(&c, i) {
                found.push((i, end, Kind::Ipv6));
            }
        }
        if ch == '@' {
            if let Some((start, end)) = email_at(&c, i) {
                found.push((start, end, Kind::Email));
            }
        }
        if ch == 't' || ch == 'T' {
            match token_at(&c, i) {
                Some(Token::Credential(start, end)) => found.push((start, end, Kind::AccessKey)),
                Some(Token::Opaque(start, end)) => {
                    let words = signed.get_or_insert_with(|| signed_urls(&c));
                    let k = words.partition_point(|w| w.end <= i);
                    if words.get(k).is_some_and(|w| w.start <= i) {
                        found.push((start, end, Kind::AccessKey));
                    }
                }
                None => {}
            }
        }
    }
    found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut out: Vec<Match> = Vec::with_capacity(found.len());
    let mut last_end = 0;
    for (start, end, kind) in found {
        if start < last_end {
            continue;
        }
        last_end = end;
        out.push(Match {
            kind,
            range: at[start]..at[end],
        });
    }
    out
}

/// `text` with every leftover replaced by its [`Kind::marker`].
pub fn mask(text: &str) -> String {
    replace(text, &find(text))
}

fn replace(text: &str, matches: &[Match]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for m in matches {
        out.push_str(&text[from..m.range.start]);
        out.push_str(m.kind.marker());
        from = m.range.end;
    }
    out.push_str(&text[from..]);
    out
}

/// The text a [`Finding`] was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The title.
    Title,
    /// The description.
    Description,
    /// `answers[i]` (0-based, as in the export's JSON array).
    Answer(usize),
    /// The root cause.
    RootCause,
    /// `conversation[i]`: the text of message `i` (0-based).
    Conversation(usize),
}

impl Field {
    /// The archive section that holds this field (`None` for the title, on
    /// the ticket's heading line).
    fn section(self) -> Option<&'static str> {
        match self {
            Field::Title => None,
            Field::Description => Some("问题描述"),
            Field::Answer(_) => Some("客服解答"),
            Field::RootCause => Some("根本原因分析"),
            Field::Conversation(_) => Some("完整对话记录"),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Title => f.write_str("title"),
            Field::Description => f.write_str("description"),
            Field::Answer(i) => write!(f, "answers[{i}]"),
            Field::RootCause => f.write_str("root_cause"),
            Field::Conversation(i) => write!(f, "conversation[{i}]"),
        }
    }
}

/// A leftover in a ticket: what, where, and the text as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// The ticket's id.
    pub ticket: String,
    /// The field it is in.
    pub field: Field,
    /// The matched text, unmasked (for an access key, the token's value).
    /// Show [`Finding::shown`] to people instead.
    pub text: String,
    /// The ticket's source file.
    pub file: String,
    /// 1-based line in `file`: the line holding the text when
    /// `exact_line`, otherwise the ticket's own line (its heading).
    pub line: u32,
    /// Whether `line` is the line holding the text. True from the start for
    /// a ticket read from JSONL (its line holds the whole ticket); for a
    /// Markdown archive, after [`locate`] found it.
    pub exact_line: bool,
    /// The ticket's number, to check its heading.
    number: u32,
    /// The ticket's line (its heading).
    ticket_line: u32,
    /// Which match of `text` this is among the matches of the same text in
    /// the field's group (the title, the description, all answers, the root
    /// cause, or the whole conversation), and how many there are.
    occurrence: usize,
    occurrences: usize,
}

impl Finding {
    /// The text shortened and partly masked, for logs: `token=i2sS…`,
    /// `120.76.*.*`, `2001:…`, `138****5678`, `z***@example.com`.
    pub fn shown(&self) -> String {
        let t = &self.text;
        match self.kind {
            Kind::AccessKey => format!("token={}…", t.chars().take(4).collect::<String>()),
            Kind::Ipv4 => {
                let groups: Vec<&str> = t.split(['.', '．']).collect();
                format!("{}.{}.*.*", groups[0], groups.get(1).unwrap_or(&""))
            }
            Kind::Ipv6 => match t.split([':', '：']).next() {
                Some(first) if !first.is_empty() => format!("{first}:…"),
                _ => "::…".to_owned(),
            },
            Kind::Phone => {
                let digits = t.chars().filter(|c| fold_char(*c).is_ascii_digit()).count();
                let hidden = digits.saturating_sub(8)..digits.saturating_sub(4);
                let mut n = 0;
                t.chars()
                    .map(|c| {
                        if !fold_char(c).is_ascii_digit() {
                            return c;
                        }
                        n += 1;
                        if hidden.contains(&(n - 1)) {
                            '*'
                        } else {
                            c
                        }
                    })
                    .collect()
            }
            Kind::Email => {
                let (local, domain) = t
                    .split_once('@')
                    .or_else(|| t.split_once('＠'))
                    .unwrap_or((t, ""));
                let first: String = local.chars().take(1).collect();
                format!("{first}***@{domain}")
            }
        }
    }

    /// The finding as a warning: `file:line: warning: possible <kind> left
    /// in ticket <id> (<field>): <shown>`. When the exact line is unknown the
    /// line is the ticket's heading, and the message says so.
    pub fn warning(&self) -> Diagnostic {
        let mut message = format!(
            "possible {} left in ticket {} ({}): {}",
            self.kind,
            self.ticket,
            self.field,
            self.shown()
        );
        if !self.exact_line {
            message.push_str(" (line of the ticket's heading)");
        }
        Diagnostic::warning(&self.file, self.line, message)
    }
}

/// The leftovers in a ticket's text fields, in field order.
pub fn scan(ticket: &Ticket) -> Vec<Finding> {
    let mut findings = Vec::new();
    let exact_line = Format::of_path(std::path::Path::new(&ticket.source.file)) == Format::Jsonl;
    // Matches of the same text are numbered per group of fields that share
    // an archive section (all answers, all messages), as `locate_in` numbers
    // the matches it finds there.
    let mut group = None;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut first = 0;
    for (field, text) in fields(ticket) {
        let g = std::mem::discriminant(&field);
        if group != Some(g) {
            count_occurrences(&seen, &mut findings[first..]);
            group = Some(g);
            seen.clear();
            first = findings.len();
        }
        for m in find(text) {
            let matched = &text[m.range.clone()];
            let n = seen.entry(matched.to_owned()).or_default();
            let occurrence = *n;
            *n += 1;
            findings.push(Finding {
                kind: m.kind,
                ticket: ticket.id.clone(),
                field,
                text: matched.to_owned(),
                file: ticket.source.file.clone(),
                line: ticket.source.line,
                exact_line,
                number: ticket.number,
                ticket_line: ticket.source.line,
                occurrence,
                occurrences: 0,
            });
        }
    }
    count_occurrences(&seen, &mut findings[first..]);
    findings
}

fn count_occurrences(seen: &HashMap<String, usize>, findings: &mut [Finding]) {
    for f in findings {
        f.occurrences = seen.get(&f.text).copied().unwrap_or(0);
    }
}

/// Masks every leftover in the ticket's text fields with [`mask`], and
/// returns what was masked. The id, number, category and source are left
/// untouched. A redacted ticket scans clean.
pub fn redact(ticket: &mut Ticket) -> Vec<Finding> {
    let findings = scan(ticket);
    if findings.is_empty() {
        return findings;
    }
    let redact = |s: &mut String| {
        let matches = find(s);
        if !matches.is_empty() {
            *s = replace(s, &matches);
        }
    };
    redact(&mut ticket.title);
    redact(&mut ticket.description);
    ticket.answers.iter_mut().for_each(redact);
    redact(&mut ticket.root_cause);
    ticket
        .conversation
        .iter_mut()
        .for_each(|m| redact(&mut m.text));
    findings
}

/// The text fields of a ticket, in archive order.
fn fields(t: &Ticket) -> impl Iterator<Item = (Field, &str)> {
    std::iter::once((Field::Title, t.title.as_str()))
        .chain(std::iter::once((
            Field::Description,
            t.description.as_str(),
        )))
        .chain(
            t.answers
                .iter()
                .enumerate()
                .map(|(i, a)| (Field::Answer(i), a.as_str())),
        )
        .chain(std::iter::once((Field::RootCause, t.root_cause.as_str())))
        .chain(
            t.conversation
                .iter()
                .enumerate()
                .map(|(i, m)| (Field::Conversation(i), m.text.as_str())),
        )
}

/// Turns each finding's line into the archive line that holds its text, by
/// reading the finding's source file (Markdown archives only; a JSONL
/// ticket's line already is exact). A file that cannot be read, or a ticket
/// whose text is not found there as it was read (the file changed, or
/// Markdown markup splits the text), keeps the ticket's heading line.
pub fn locate(findings: &mut [Finding]) {
    let mut files: Vec<String> = findings
        .iter()
        .filter(|f| !f.exact_line)
        .map(|f| f.file.clone())
        .collect();
    files.sort();
    files.dedup();
    for file in files {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        locate_in(&file, text, findings);
    }
}

/// [`locate`] for the findings of one archive, given its text (as read:
/// a byte-order mark and CRLF are accepted).
///
/// The archive's lines are searched with [`find`] too, section by section.
/// A line is trusted only when the ticket's heading is where its source
/// says, and its section gives as many matches of the finding's text as the
/// ticket's field group did (all answers, or all messages, count as one
/// group); then the finding's match is the one of the same rank there, so
/// the reported line holds its text. Otherwise (the file changed since it
/// was read, or Markdown markup changes the text, as an escaped `1\.2.3.4`
/// does) the line stays the ticket's heading.
pub fn locate_in(file: &str, text: &str, findings: &mut [Finding]) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = normalise_newlines(text);
    let lines: Vec<&str> = text.split('\n').collect();
    // The ticket whose archive matches are at hand: its line, and the lines
    // of the matches per (section, text); `None` when its heading is not
    // where its source says.
    let mut current: Option<(u32, Option<SourceMatches>)> = None;
    for f in findings
        .iter_mut()
        .filter(|f| !f.exact_line && f.file == file)
    {
        if current.as_ref().map(|c| c.0) != Some(f.ticket_line) {
            let matches = source_matches(&lines, f.ticket_line, f.number);
            current = Some((f.ticket_line, matches));
        }
        let Some((_, Some(matches))) = &current else {
            continue;
        };
        let section = f.field.section().unwrap_or(TITLE);
        let Some(hits) = matches.get(&(section.to_owned(), f.text.clone())) else {
            continue;
        };
        if hits.len() == f.occurrences {
            if let Some(&i) = hits.get(f.occurrence) {
                f.line = u32::try_from(i + 1).unwrap_or(u32::MAX);
                f.exact_line = true;
            }
        }
    }
}

/// The section key of a ticket's heading line.
const TITLE: &str = "\u{0}title";

/// 0-based lines of the matches in one ticket of an archive, per section
/// name ([`TITLE`] for the heading) and matched text, in order.
type SourceMatches = HashMap<(String, String), Vec<usize>>;

/// The matches of one ticket's lines, found with [`find`] as in the ticket's
/// fields; `None` when the ticket's heading is not at `ticket_line`.
fn source_matches(lines: &[&str], ticket_line: u32, number: u32) -> Option<SourceMatches> {
    let head = (ticket_line as usize).checked_sub(1)?;
    match lines.get(head).and_then(|l| parse_heading(l)) {
        Some((n, _)) if n == number => {}
        _ => return None,
    }
    let mut out = SourceMatches::new();
    let mut add = |section: &str, i: usize, line: &str| {
        for m in find(line) {
            out.entry((section.to_owned(), line[m.range].to_owned()))
                .or_default()
                .push(i);
        }
    };
    // The title is the heading's text, after `## 问题 N:`.
    add(
        TITLE,
        head,
        parse_heading(lines[head]).map_or("", |(_, t)| t),
    );
    for (name, range) in sections(lines, head) {
        for i in range {
            add(&name, i, lines[i]);
        }
    }
    Some(out)
}

/// The sections of the ticket whose heading is line `head` (0-based): name
/// and 0-based line range. Mirrors the reader's line pass: a ticket runs to
/// the next ticket or archive heading; `###` headings outside code fences
/// start sections.
fn sections(lines: &[&str], head: usize) -> Vec<(String, Range<usize>)> {
    let mut out: Vec<(String, Range<usize>)> = Vec::new();
    let mut fence = None;
    for (i, &line) in lines.iter().enumerate().skip(head + 1) {
        if is_ticket_heading(line) {
            break;
        }
        if let Some(open) = fence {
            if closes_fence(line, open) {
                fence = None;
            }
        } else if archive_heading(line).is_some() {
            break;
        } else if let Some(name) = heading_rest(line, 3) {
            out.push((name.to_owned(), i + 1..i + 1));
            continue;
        } else if let Some(open) = opens_fence(line) {
            fence = Some(open);
        }
        if let Some(last) = out.last_mut() {
            last.1.end = i + 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The matchers. They work on the text's chars with full-width forms folded to
// ASCII; `at[i]` is the byte offset of char `i` (and `at[len]` the text's end).

fn fold_char(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

fn fold(text: &str) -> (Vec<usize>, Vec<char>) {
    let mut at = Vec::with_capacity(text.len() + 1);
    let mut chars = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        at.push(i);
        chars.push(fold_char(c));
    }
    at.push(text.len());
    (at, chars)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn digits(c: &[char], from: usize) -> usize {
    c[from..].iter().take_while(|c| c.is_ascii_digit()).count()
}

/// A dotted quad starting at `i`, the start of a digit run; its end.
fn ipv4_at(c: &[char], i: usize) -> Option<usize> {
    if i > 0 && (is_word(c[i - 1]) || c[i - 1] == '.') {
        return None;
    }
    let end = dotted_quad(c, i)?;
    // A fifth group: a version or an OID.
    if c.get(end) == Some(&'.') && c.get(end + 1).is_some_and(char::is_ascii_digit) {
        return None;
    }
    if after_version_word(c, i) {
        return None;
    }
    Some(end)
}

/// Four groups of 1–3 digits joined by dots, from `i`; its end.
fn dotted_quad(c: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    for group in 0..4 {
        let n = digits(c, j);
        if n == 0 || n > 3 {
            return None;
        }
        j += n;
        if group < 3 {
            if c.get(j) != Some(&'.') {
                return None;
            }
            j += 1;
        }
    }
    Some(j)
}

/// `version 1.2.3.4`, `ver:1.2.3.4`, `版本号：1.2.3.4`.
fn after_version_word(c: &[char], i: usize) -> bool {
    let mut j = i;
    while j > 0 && matches!(c[j - 1], ' ' | ':' | '=') {
        j -= 1;
    }
    let before: String = c[j.saturating_sub(7)..j]
        .iter()
        .map(|c| c.to_ascii_lowercase())
        .collect();
    ["version", "ver", "版本", "版本号"]
        .iter()
        .any(|w| before.ends_with(w))
}

/// An IPv6 address starting at `i`; its end.
fn ipv6_at(c: &[char], i: usize) -> Option<usize> {
    if i > 0 && (is_word(c[i - 1]) || matches!(c[i - 1], ':' | '.')) {
        return None;
    }
    let mut j = i;
    let mut groups = 0;
    let mut compressed = false;
    let mut digit = false;
    if c[j] == ':' {
        if c.get(j + 1) != Some(&':') {
            return None;
        }
        compressed = true;
        j += 2;
    }
    loop {
        let start = j;
        let n = c[j..]
            .iter()
            .take(5)
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if n == 0 {
            // Only after `::` (a trailing `::`, as in `2001:db8::`).
            if !(compressed && j >= 2 && c[j - 1] == ':' && c[j - 2] == ':') {
                return None;
            }
            break;
        }
        if n > 4 {
            return None;
        }
        j += n;
        if c.get(j) == Some(&'.') {
            // An embedded IPv4 address as the last two groups.
            j = dotted_quad(c, start)?;
            groups += 2;
            digit = true;
            break;
        }
        groups += 1;
        if groups > 8 {
            return None;
        }
        digit |= c[start..j].iter().any(char::is_ascii_digit);
        if c.get(j) != Some(&':') {
            break;
        }
        if c.get(j + 1) == Some(&':') {
            if compressed {
                return None;
            }
            compressed = true;
            j += 2;
        } else if c.get(j + 1).is_some_and(char::is_ascii_hexdigit) {
            j += 1;
        } else {
            // A colon after the address ends it.
            break;
        }
    }
    if c.get(j).is_some_and(|&ch| is_word(ch)) {
        return None;
    }
    let ok = if compressed {
        (3..=7).contains(&groups) && digit
    } else {
        groups == 8
    };
    ok.then_some(j)
}

/// A mobile number whose digits start at `i`, the start of a digit run.
fn phone_at(c: &[char], i: usize) -> Option<(usize, usize)> {
    let prev = i.checked_sub(1).map(|p| c[p]);
    if prev.is_some_and(|p| p.is_ascii_alphabetic())
        || (prev == Some('.') && i >= 2 && c[i - 2].is_ascii_digit())
    {
        return None;
    }
    let mobile = |from: usize| c[from] == '1' && matches!(c[from + 1], '3'..='9');
    let n = digits(c, i);
    let (start, end) = match n {
        11 if mobile(i) => (i, i + 11),
        13 if c[i] == '8' && c[i + 1] == '6' && prev == Some('+') && mobile(i + 2) => {
            (i - 1, i + 13)
        }
        15 if c[i..i + 4] == ['0', '0', '8', '6'] && mobile(i + 4) => (i, i + 15),
        3 if mobile(i) => {
            let sep = *c.get(i + 3)?;
            if sep != '-' && sep != ' ' {
                return None;
            }
            if digits(c, i + 4) != 4 || c.get(i + 8) != Some(&sep) || digits(c, i + 9) != 4 {
                return None;
            }
            if c.get(i + 13) == Some(&sep) && c.get(i + 14).is_some_and(char::is_ascii_digit) {
                return None;
            }
            (i, i + 13)
        }
        _ => return None,
    };
    let next = c.get(end).copied();
    if next.is_some_and(|n| n.is_ascii_alphabetic())
        || (next == Some('.') && c.get(end + 1).is_some_and(char::is_ascii_digit))
    {
        return None;
    }
    Some((start, end))
}

/// An e-mail address around the `@` at `k`.
fn email_at(c: &[char], k: usize) -> Option<(usize, usize)> {
    let local_char =
        |ch: char| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '_' | '%' | '+' | '-');
    let mut start = k;
    while start > 0 && local_char(c[start - 1]) {
        start -= 1;
    }
    while start < k && c[start] == '.' {
        start += 1;
    }
    if start == k || c[k - 1] == '.' {
        return None;
    }
    let domain_char = |ch: char| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-');
    let mut end = k + 1;
    while end < c.len() && domain_char(c[end]) {
        end += 1;
    }
    while end > k + 1 && matches!(c[end - 1], '.' | '-') {
        end -= 1;
    }
    let domain: String = c[k + 1..end].iter().collect();
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-'))
    {
        return None;
    }
    let tld = labels[labels.len() - 1];
    if tld.len() < 2 || !tld.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    // `logo@2x.png`: an image's scale suffix.
    let first = labels[0];
    if first.len() >= 2
        && first.ends_with(['x', 'X'])
        && first[..first.len() - 1].chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((start, end))
}

/// The value of a `token=` parameter.
enum Token {
    /// `<AccessKey>:<signature>[:<policy>]`: a credential wherever it is.
    Credential(usize, usize),
    /// 16+ URL-safe base64 characters: a credential in a signed URL only.
    Opaque(usize, usize),
}

/// The value of a `token=` parameter starting at `i` (the `t`), if it may
/// be a signed URL's credential.
fn token_at(c: &[char], i: usize) -> Option<Token> {
    const NAME: [char; 6] = ['t', 'o', 'k', 'e', 'n', '='];
    if c.len() < i + NAME.len()
        || !c[i..i + NAME.len()]
            .iter()
            .zip(NAME)
            .all(|(a, b)| a.to_ascii_lowercase() == b)
    {
        return None;
    }
    if i > 0 && (is_word(c[i - 1]) || c[i - 1] == '-') {
        return None;
    }
    let start = i + NAME.len();
    let b64 = |from: usize| {
        c[from..]
            .iter()
            .take_while(|&&ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
            .count()
    };
    // Base64 padding: `=` or URL-encoded `%3D`, at most two.
    let padding = |mut at: usize| {
        for _ in 0..2 {
            if c.get(at) == Some(&'=') {
                at += 1;
            } else if c.len() >= at + 3
                && c[at] == '%'
                && c[at + 1] == '3'
                && c[at + 2].eq_ignore_ascii_case(&'d')
            {
                at += 3;
            } else {
                break;
            }
        }
        at
    };
    let first = b64(start);
    let mut end = start + first;
    if c.get(end) == Some(&':') && first >= 8 && b64(end + 1) >= 8 {
        // `<AccessKey>:<signature>`, and an upload token's `:<policy>`.
        end = padding(end + 1 + b64(end + 1));
        if c.get(end) == Some(&':') && b64(end + 1) >= 8 {
            end = padding(end + 1 + b64(end + 1));
        }
        return Some(Token::Credential(start, end));
    }
    (first >= 16).then(|| Token::Opaque(start, padding(end)))
}

/// The runs of URL characters (printable ASCII) that carry an expiry
/// parameter `?e=<digits>` or `&e=<digits>` (9+ digits), in order: signed
/// URLs. One pass over the text.
fn signed_urls(c: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut signed = false;
    for j in 0..=c.len() {
        if j == c.len() || !c[j].is_ascii_graphic() {
            if signed {
                out.push(start..j);
            }
            start = j + 1;
            signed = false;
        } else if matches!(c[j], '?' | '&')
            && c.get(j + 1) == Some(&'e')
            && c.get(j + 2) == Some(&'=')
            && digits(c, j + 3) >= 9
        {
            signed = true;
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! `cargo xtask gen-corpus`: a deterministic generator of realistic ticket
//! archives, for scale tests and benchmarks.
//!
//! The generator reads the bundled sample archive with the `ticket` reader and
//! writes N tickets in the sample's own Markdown format: archive parts of
//! 100–130 tickets, each under its own `# 客户服务工单处理记录 - Part K`
//! heading, with ticket numbers restarting at 1 in every part.
//!
//! Each generated ticket recombines real tickets of one category:
//! - a *skeleton* ticket, dealt from a shuffled deck of all sample tickets (so
//!   categories and conversation shapes keep the sample's proportions), gives
//!   the category and the customer/agent pattern of the conversation;
//! - the description and the first customer message come from one ticket of
//!   that category, the title (often) from another, the root cause from a third;
//! - the other messages are taken in order from a *donor* ticket of the
//!   category, starting with the description's ticket; now and then the donor
//!   changes, entering its conversation at the same relative position;
//! - the numbered answers are the first lines of the agent messages, as in the
//!   sample.
//!
//! Texts are copied as written in the sample (Markdown source, `[图片]` and
//! `[IP已脱敏]` markers kept), except for their *variable* parts, rewritten
//! consistently within a ticket so that the vocabulary grows with N as a real
//! archive's does: customers' domain names and bucket names (the vendor's and
//! well-known domains stay), long digit runs (order ids, timestamps, dates,
//! phone numbers, file names) and random-looking ids (hex, mixed letters and
//! digits). Numbers of up to four digits — error codes like 403 or 599,
//! amounts, times — are kept as they are.
//!
//! Randomness comes from SplitMix64 seeded with `--seed`, so the same N and
//! seed give the same bytes.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use ticket::Role;

/// The sample archive the material comes from, relative to the workspace root.
pub const SAMPLE: &str = "data/sample/000_9f7d48363d6be106.txt";

const USAGE: &str = "usage: cargo xtask gen-corpus --tickets N [--seed S] --out FILE";

const ARCHIVE_TITLE: &str = "客户服务工单处理记录";
const INTRO: &str = "本文档包含经过结构化处理的客户服务工单记录，已进行隐私脱敏处理。";
const SEPARATOR: &str = "---\n\n";

/// Tickets per archive part (the last part holds the rest).
const PART_MIN: usize = 100;
const PART_MAX: usize = 130;
/// Chance (in %) that the description's ticket is also the skeleton.
const SKELETON_IS_DESCRIPTION: u32 = 30;
/// Chance (in %) that the title comes from the description's ticket.
const TITLE_FROM_DESCRIPTION: u32 = 40;
/// Chance (in %), per message, that the conversation moves to another donor.
const SWITCH_DONOR: u32 = 25;

/// `gen-corpus` as called from the command line: parses `args` (the words
/// after `gen-corpus`), writes the archive, prints progress and a summary.
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let opts = Options::parse(args)?;
    let started = Instant::now();
    let sample_path = root.join(SAMPLE);
    let text = std::fs::read_to_string(&sample_path)
        .map_err(|e| format!("cannot read {}: {e}", sample_path.display()))?;
    let material = Material::from_archive(SAMPLE, &text)?;

    if let Some(dir) = opts.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    // Written beside the target and renamed, so FILE is never half written.
    let mut tmp = opts.out.clone().into_os_string();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let file =
        std::fs::File::create(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let mut out = io::BufWriter::with_capacity(1 << 20, file);
    let total = opts.tickets;
    let mut next_report = 1;
    let stats = generate(&material, total, opts.seed, &mut out, |done, bytes| {
        if done * 10 >= next_report * total {
            eprintln!(
                "gen-corpus: {:>3}%  {done} tickets, {:.1} MB, {:.1} s",
                next_report * 10,
                bytes as f64 / 1e6,
                started.elapsed().as_secs_f64()
            );
            next_report = (done * 10 / total.max(1)) + 1;
        }
    })
    .and_then(|stats| out.flush().map(|()| stats))
    .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    drop(out);
    std::fs::rename(&tmp, &opts.out).map_err(|e| {
        format!(
            "cannot rename {} to {}: {e}",
            tmp.display(),
            opts.out.display()
        )
    })?;
    eprint!(
        "{}",
        summary(
            &material,
            &stats,
            &opts.out,
            started.elapsed().as_secs_f64()
        )
    );
    Ok(())
}

/// The command-line options of `gen-corpus`.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    tickets: usize,
    seed: u64,
    out: PathBuf,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut tickets = None;
        let mut seed = 1;
        let mut out = None;
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let (name, inline) = match flag.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (flag.as_str(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| args.next().cloned())
                    .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
            };
            let number = |v: String| {
                v.replace('_', "")
                    .parse::<u64>()
                    .map_err(|_| format!("{name}: `{v}` is not a number\n{USAGE}"))
            };
            match name {
                "--tickets" | "-n" => tickets = Some(number(value()?)?),
                "--seed" => seed = number(value()?)?,
                "--out" | "-o" => out = Some(PathBuf::from(value()?)),
                _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
            }
        }
        let tickets = tickets.ok_or_else(|| format!("--tickets is required\n{USAGE}"))?;
        let tickets = usize::try_from(tickets)
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("--tickets must be at least 1\n{USAGE}"))?;
        let out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
        Ok(Options { tickets, seed, out })
    }
}

// ---------------------------------------------------------------------------
// Randomness

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough here.
struct Rng(u64);

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 output function.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for `index` (a ticket, the deck, the parts).
    fn stream(seed: u64, index: u64) -> Rng {
        Rng::new(mix(
            seed ^ mix(index.wrapping_add(1).wrapping_mul(GOLDEN_GAMMA))
        ))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        mix(self.0)
    }

    /// Uniform in `0..n` (multiply-shift; the bias is far below 2^-32).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }

    fn digit(&mut self) -> char {
        char::from(b'0' + self.below(10) as u8)
    }
}

// ---------------------------------------------------------------------------
// Material: the sample's tickets, with their variable parts marked

/// The sample's tickets, ready to be recombined.
pub struct Material {
    sources: Vec<Source>,
    categories: Vec<Category>,
    tokens: Vec<TokenDef>,
}

/// One ticket of the sample.
struct Source {
    category: usize,
    title: Text,
    description: Text,
    root_cause: Text,
    messages: Vec<(Role, Text)>,
    /// Bytes of the ticket in the sample, from its heading to the next one.
    bytes: usize,
}

struct Category {
    /// `产品｜子类`.
    name: String,
    /// Indices into `sources`.
    members: Vec<usize>,
}

/// A text as pieces: literal text and variable tokens.
#[derive(Debug, Default, PartialEq, Eq)]
struct Text(Vec<Piece>);

#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Lit(Box<str>),
    /// Index into `Material::tokens`.
    Token(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    /// A customer's name: the registrable label of a domain, a bucket name.
    Label,
    /// A host label under a customer's domain (`files1` in `files1.91hilife.com`),
    /// unless it is a generic one (`www`, `img`, `cdn`…).
    Host,
    /// A run of five or more digits.
    Digits,
    /// A random-looking id; each character keeps its class.
    Chars,
}

struct TokenDef {
    kind: Kind,
    text: Box<str>,
}

impl Material {
    /// Reads an archive (the sample) into material. Tickets without a
    /// sub-category, description, root cause or conversation, or whose
    /// conversation does not start with the customer, are not used.
    pub fn from_archive(path: &str, text: &str) -> Result<Material, String> {
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or(text)
            .replace("\r\n", "\n");
        let parsed = ticket::parse_markdown(path, &text);
        let lines: Vec<&str> = text.split('\n').collect();
        // Byte offset of each line start, for ticket sizes.
        let mut starts = Vec::with_capacity(lines.len() + 1);
        let mut offset = 0;
        for line in &lines {
            starts.push(offset);
            offset += line.len() + 1;
        }
        starts.push(text.len());

        struct Raw {
            category: String,
            title: String,
            description: String,
            root_cause: String,
            messages: Vec<(Role, String)>,
            bytes: usize,
        }
        let mut raws = Vec::new();
        for (i, t) in parsed.tickets.iter().enumerate() {
            let first = t.source.line as usize - 1;
            let end = parsed
                .tickets
                .get(i + 1)
                .map_or(lines.len(), |next| next.source.line as usize - 1);
            if first >= end || end > lines.len() {
                continue;
            }
            let chunk = &lines[first..end];
            let raw = Raw {
                category: t.category(),
                title: raw_title(chunk[0]).to_owned(),
                description: raw_section(chunk, "问题描述"),
                root_cause: raw_section(chunk, "根本原因分析"),
                messages: t
                    .conversation
                    .iter()
                    .map(|m| (m.role, m.text.clone()))
                    .collect(),
                bytes: starts[end].min(text.len()) - starts[first],
            };
            let usable = !t.subcategory.is_empty()
                && !raw.title.is_empty()
                && !raw.description.is_empty()
                && !raw.root_cause.is_empty()
                && raw.messages.first().is_some_and(|m| m.0 == Role::Customer);
            if usable {
                raws.push(raw);
            }
        }
        if raws.is_empty() {
            return Err(format!("{path}: no usable tickets"));
        }

        let all_texts = || {
            raws.iter().flat_map(|r| {
                [&r.title, &r.description, &r.root_cause]
                    .into_iter()
                    .chain(r.messages.iter().map(|m| &m.1))
            })
        };
        let mut lexer = Lexer::default();
        for t in all_texts() {
            lexer.learn_domains(t);
        }
        for t in all_texts() {
            lexer.learn_buckets(t);
        }

        let mut categories: Vec<Category> = Vec::new();
        let mut sources = Vec::new();
        for raw in &raws {
            let category = match categories.iter().position(|c| c.name == raw.category) {
                Some(c) => c,
                None => {
                    categories.push(Category {
                        name: raw.category.clone(),
                        members: Vec::new(),
                    });
                    categories.len() - 1
                }
            };
            categories[category].members.push(sources.len());
            sources.push(Source {
                category,
                title: lexer.text(&raw.title),
                description: lexer.text(&raw.description),
                root_cause: lexer.text(&raw.root_cause),
                messages: raw
                    .messages
                    .iter()
                    .map(|(role, t)| (*role, lexer.text(t)))
                    .collect(),
                bytes: raw.bytes,
            });
        }
        Ok(Material {
            sources,
            categories,
            tokens: lexer.tokens,
        })
    }
}

/// The title of a `## 问题 N: title` line, as written.
fn raw_title(heading: &str) -> &str {
    let rest = heading.trim_start().trim_start_matches('#').trim_start();
    let rest = rest.strip_prefix("问题").unwrap_or(rest).trim_start();
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start();
    let rest = rest.strip_prefix([':', '：']).unwrap_or(rest);
    rest.trim().trim_end_matches('#').trim_end()
}

/// The Markdown source of section `### name` of a ticket's lines, without
/// blank lines around it.
fn raw_section(chunk: &[&str], name: &str) -> String {
    let mut fence = false;
    let mut inside = false;
    let mut lines: Vec<&str> = Vec::new();
    for line in &chunk[1..] {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
        }
        if !fence {
            if let Some(heading) = trimmed.strip_prefix("### ") {
                inside = heading.trim() == name;
                continue;
            }
            if inside && trimmed.starts_with("---") && trimmed.trim_end() == "---" {
                break;
            }
        }
        if inside {
            lines.push(line);
        }
    }
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

// ---------------------------------------------------------------------------
// Lexer: finds the variable parts of a text

/// Top-level domains a customer's domain may end in.
const TLDS: &[&str] = &[
    "com", "cn", "net", "org", "io", "me", "cc", "co", "top", "vip", "xyz", "info", "site", "tech",
    "club", "shop", "link", "work", "fun", "online", "store", "ltd", "art", "tv", "wang", "ink",
    "pro", "biz", "asia", "hk", "tw", "jp", "us", "uk",
];

/// Second-level labels under `.cn` (`molanedu.com.cn`).
const CN_SECOND_LEVEL: &[&str] = &["com", "net", "org", "gov", "edu", "ac"];

/// Registrable domains that are not customers': the vendor's own, and
/// well-known sites that support answers link to. They stay as they are.
const KEEP_DOMAINS: &[&str] = &[
    "qiniu.com",
    "qiniu.io",
    "qiniudns.com",
    "qiniucdn.com",
    "qiniup.com",
    "qiniuapi.com",
    "qnssl.com",
    "qbox.me",
    "clouddn.com",
    "github.com",
    "githubusercontent.com",
    "gitee.com",
    "apple.com",
    "qq.com",
    "servicewechat.com",
    "toutiao.com",
    "trust-provider.com",
    "miit.gov.cn",
    "baidu.com",
    "aliyun.com",
    "aliyuncs.com",
    "google.com",
    "microsoft.com",
    "mozilla.org",
    "w3.org",
    "example.com",
];

/// Host labels that stay as they are under a customer's domain.
const GENERIC_HOSTS: &[&str] = &[
    "www", "m", "h5", "wap", "img", "image", "images", "pic", "pics", "cdn", "static", "res",
    "assets", "file", "files", "down", "download", "upload", "api", "app", "video", "media", "oss",
    "qiniu", "qn", "mp", "admin", "account", "test", "dev", "v", "bbs", "order", "mall", "storage",
    "resource", "source", "web", "vod", "live", "avatar", "photo", "data",
];

/// Words never taken for a customer's name.
const COMMON_WORDS: &[&str] = &[
    "www", "com", "cdn", "img", "api", "http", "https", "static", "file", "files", "image",
    "images", "video", "test", "bucket", "qiniu", "upload", "download",
];

/// Texts before a bucket name (`空间：my-bucket`, `Bucket = "my-bucket"`).
const BUCKET_CUES: &[&str] = &[
    "空间：",
    "空间:",
    "空间名：",
    "空间名:",
    "空间名称：",
    "空间名称:",
    "bucket：",
    "bucket:",
    "bucket=",
    "bucket =",
];

#[derive(Default)]
struct Lexer {
    /// Customers' names, from domains and buckets.
    labels: HashSet<String>,
    tokens: Vec<TokenDef>,
    ids: HashMap<(Kind, String), u32>,
}

/// A word: a maximal run of ASCII letters, digits, `.` and `-`, without
/// leading or trailing `.`/`-`. Yields (start, end) byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if !is_word(bytes[i]) {
                i += 1;
                continue;
            }
            let mut start = i;
            while i < bytes.len() && is_word(bytes[i]) {
                i += 1;
            }
            let mut end = i;
            while start < end && matches!(bytes[start], b'.' | b'-') {
                start += 1;
            }
            while end > start && matches!(bytes[end - 1], b'.' | b'-') {
                end -= 1;
            }
            if start < end {
                return Some((start, end));
            }
        }
        None
    })
}

/// A word read as a domain name: its labels and the index of the registrable
/// label (`files1.91hilife.com` → 1).
fn domain(word: &str) -> Option<(Vec<&str>, usize)> {
    let labels: Vec<&str> = word.split('.').collect();
    let n = labels.len();
    if n < 2 || labels.iter().any(|l| l.is_empty()) || !TLDS.contains(&labels[n - 1]) {
        return None;
    }
    let registrable = if n >= 3 && labels[n - 1] == "cn" && CN_SECOND_LEVEL.contains(&labels[n - 2])
    {
        n - 3
    } else {
        n - 2
    };
    if !labels[registrable].bytes().any(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    Some((labels, registrable))
}

fn kept_domain(labels: &[&str], registrable: usize) -> bool {
    KEEP_DOMAINS.contains(&labels[registrable..].join(".").as_str())
}

fn usable_label(label: &str) -> bool {
    label.len() >= 3
        && label.bytes().any(|b| b.is_ascii_alphabetic())
        && !COMMON_WORDS.contains(&label.to_ascii_lowercase().as_str())
}

/// Whether `before` ends in a bucket cue.
fn bucket_cue(before: &str) -> bool {
    let tail = before.trim_end_matches([' ', '"', '\'', '\u{a0}']);
    let start = tail.char_indices().rev().nth(7).map_or(0, |(i, _)| i);
    let tail = tail[start..].to_lowercase();
    BUCKET_CUES.iter().any(|cue| tail.ends_with(cue))
}

/// A random-looking id: long, with a good share of digits.
fn looks_like_id(seg: &str) -> bool {
    let digits = seg.bytes().filter(u8::is_ascii_digit).count();
    let letters = seg.bytes().filter(u8::is_ascii_alphabetic).count();
    seg.len() >= 12 && digits >= 3 && letters >= 1 && digits * 5 >= seg.len()
}

/// A random-looking host label (`sk9aq7nu4` in `sk9aq7nu4.hd-bkt.clouddn.com`).
fn looks_like_host_id(seg: &str) -> bool {
    let digits = seg.bytes().filter(u8::is_ascii_digit).count();
    let letters = seg.bytes().filter(u8::is_ascii_alphabetic).count();
    seg.len() >= 6 && digits >= 2 && letters >= 2 && digits + letters == seg.len()
}

/// `100000`, `48000`: round numbers stay.
fn round_number(digits: &str) -> bool {
    digits.bytes().skip(1).all(|b| b == b'0')
}

impl Lexer {
    fn learn_domains(&mut self, text: &str) {
        for (s, e) in words(text) {
            if let Some((labels, r)) = domain(&text[s..e]) {
                if !kept_domain(&labels, r) && usable_label(labels[r]) {
                    self.labels.insert(labels[r].to_owned());
                }
            }
        }
    }

    fn learn_buckets(&mut self, text: &str) {
        for (s, e) in words(text) {
            if !bucket_cue(&text[..s]) {
                continue;
            }
            let word = &text[s..e];
            let known = (1..=word.len()).any(|i| {
                word.is_char_boundary(i)
                    && (i == word.len() || matches!(word.as_bytes()[i], b'-' | b'.'))
                    && self.labels.contains(&word[..i])
            });
            let first = word.split(['-', '.']).next().unwrap_or("");
            if !known && usable_label(first) {
                self.labels.insert(first.to_owned());
            }
        }
    }

    /// Splits `text` into literal pieces and tokens.
    fn text(&mut self, text: &str) -> Text {
        let mut out = Pieces::default();
        let mut last = 0;
        for (s, e) in words(text) {
            out.lit(&text[last..s]);
            self.word(&text[s..e], &mut out);
            last = e;
        }
        out.lit(&text[last..]);
        out.finish()
    }

    fn token(&mut self, kind: Kind, text: &str, out: &mut Pieces) {
        let next = self.tokens.len() as u32;
        let id = *self.ids.entry((kind, text.to_owned())).or_insert(next);
        if id == next {
            self.tokens.push(TokenDef {
                kind,
                text: text.into(),
            });
        }
        out.token(id);
    }

    fn word(&mut self, word: &str, out: &mut Pieces) {
        if let Some((labels, r)) = domain(word) {
            let kept = kept_domain(&labels, r);
            for (i, label) in labels.iter().enumerate() {
                if i > 0 {
                    out.lit(".");
                }
                if i == r && !kept && usable_label(label) {
                    self.token(Kind::Label, label, out);
                } else if i < r && !kept && !GENERIC_HOSTS.contains(label) && !self.names(label) {
                    self.token(Kind::Host, label, out);
                } else if i < r {
                    self.hyphenated(label, true, out);
                } else {
                    out.lit(label);
                }
            }
        } else {
            for (i, part) in word.split('.').enumerate() {
                if i > 0 {
                    out.lit(".");
                }
                self.hyphenated(part, false, out);
            }
        }
    }

    /// Whether a label holds a customer's name (`qiniu-meikaoai-com`).
    fn names(&self, label: &str) -> bool {
        let segs: Vec<&str> = label.split('-').collect();
        (0..segs.len())
            .any(|i| (i + 1..=segs.len()).any(|j| self.labels.contains(&segs[i..j].join("-"))))
    }

    /// A label or a dot-free part of a word: customers' names (which may
    /// contain `-`) are found first, the rest segment by segment.
    fn hyphenated(&mut self, part: &str, host: bool, out: &mut Pieces) {
        let segs: Vec<&str> = part.split('-').collect();
        let mut i = 0;
        while i < segs.len() {
            if i > 0 {
                out.lit("-");
            }
            let matched = (i + 1..=segs.len()).rev().find_map(|j| {
                let candidate = segs[i..j].join("-");
                self.labels.contains(&candidate).then_some((j, candidate))
            });
            if let Some((j, name)) = matched {
                self.token(Kind::Label, &name, out);
                i = j;
            } else {
                self.segment(segs[i], host, out);
                i += 1;
            }
        }
    }

    /// A run of letters and digits.
    fn segment(&mut self, seg: &str, host: bool, out: &mut Pieces) {
        if looks_like_id(seg) || (host && looks_like_host_id(seg)) {
            self.token(Kind::Chars, seg, out);
            return;
        }
        let bytes = seg.as_bytes();
        let mut last = 0;
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let run = &seg[start..i];
            if run.len() >= 5 && !round_number(run) {
                out.lit(&seg[last..start]);
                self.token(Kind::Digits, run, out);
                last = i;
            }
        }
        out.lit(&seg[last..]);
    }
}

/// Builds a [`Text`], merging adjacent literals.
#[derive(Default)]
struct Pieces {
    pieces: Vec<Piece>,
    lit: String,
}

impl Pieces {
    fn lit(&mut self, s: &str) {
        self.lit.push_str(s);
    }

    fn token(&mut self, id: u32) {
        if !self.lit.is_empty() {
            let lit = std::mem::take(&mut self.lit);
            self.pieces.push(Piece::Lit(lit.into()));
        }
        self.pieces.push(Piece::Token(id));
    }

    fn finish(mut self) -> Text {
        if !self.lit.is_empty() {
            self.pieces.push(Piece::Lit(self.lit.into()));
        }
        Text(self.pieces)
    }
}

// ---------------------------------------------------------------------------
// Fakes: plausible replacements for variable parts

const SYLLABLES: &[&str] = &[
    "an", "bai", "bao", "bei", "bo", "cai", "chen", "cheng", "chuang", "da", "dian", "ding",
    "dong", "du", "fang", "fei", "feng", "fu", "gao", "guang", "hai", "hao", "he", "hong", "hua",
    "huan", "hui", "jia", "jian", "jin", "jing", "ju", "kai", "kang", "ke", "kun", "lan", "le",
    "li", "lian", "lin", "long", "lu", "mei", "meng", "ming", "mu", "nan", "ning", "pin", "qi",
    "qian", "qing", "rui", "shan", "shang", "sheng", "shi", "shu", "tai", "tian", "tong", "wan",
    "wei", "wen", "xiang", "xin", "xing", "xu", "ya", "yang", "yi", "yin", "yu", "yuan", "yun",
    "ze", "zhi", "zhong", "zhu",
];

const NAME_SUFFIXES: &[&str] = &[
    "tech", "life", "net", "cloud", "app", "media", "edu", "shop", "keji", "wl", "info", "game",
    "art", "data", "mall", "soft",
];

/// A customer's name: pinyin syllables, initials, sometimes digits.
fn fake_label(rng: &mut Rng) -> String {
    let mut s = String::new();
    match rng.below(10) {
        0..=4 => {
            for _ in 0..2 {
                s.push_str(rng.word(SYLLABLES));
            }
        }
        5 | 6 => {
            for _ in 0..3 {
                s.push_str(rng.word(SYLLABLES));
            }
        }
        7 | 8 => {
            // Initials of a company name: `zfhd`, `dxyxg`.
            for _ in 0..rng.between(3, 6) {
                s.push_str(&rng.word(SYLLABLES)[..1]);
            }
        }
        _ => {
            s.push_str(rng.word(SYLLABLES));
            s.push_str(rng.word(SYLLABLES));
            s.push_str(rng.word(NAME_SUFFIXES));
        }
    }
    match rng.below(20) {
        0..=2 => {
            for _ in 0..rng.between(2, 4) {
                s.push(rng.digit());
            }
        }
        3 => {
            let prefix: String = (0..2).map(|_| rng.digit()).collect();
            s.insert_str(0, &prefix);
        }
        _ => {}
    }
    s
}

const HOST_WORDS: &[&str] = &[
    "img",
    "image",
    "images",
    "pic",
    "cdn",
    "static",
    "res",
    "assets",
    "file",
    "files",
    "down",
    "dl",
    "upload",
    "video",
    "media",
    "oss",
    "qiniu",
    "qn",
    "app",
    "h5",
    "m",
    "api",
    "cdn-img",
    "img-cdn",
    "static-cdn",
    "test-cdn",
    "source",
    "resource",
    "storage",
    "data",
    "web",
    "vod",
    "live",
    "audio",
    "docs",
    "avatar",
    "photo",
    "s",
    "a",
    "b",
    "ss",
];

/// A host label under a customer's domain; digits when the original had
/// some at its end (`files1` → `static3`).
fn fake_host(orig: &str, rng: &mut Rng) -> String {
    let mut s = String::new();
    if rng.chance(15) {
        s.push_str(rng.word(&["sc", "prod", "test", "dev", "new", "old", "cn", "hz", "bj"]));
        s.push('-');
    }
    s.push_str(rng.word(HOST_WORDS));
    if orig.ends_with(|c: char| c.is_ascii_digit()) || rng.chance(10) {
        s.push(char::from(b'1' + rng.below(9) as u8));
    }
    s
}

/// A digit run of the same length and kind: dates stay dates, Unix times
/// stay recent, mobile numbers stay mobile numbers.
fn fake_digits(orig: &str, rng: &mut Rng) -> String {
    let b = orig.as_bytes();
    let n = b.len();
    let two = |i: usize| (b[i] - b'0') * 10 + (b[i + 1] - b'0');
    let mut s = String::with_capacity(n);
    if n >= 8 && b.starts_with(b"20") && (1..=12).contains(&two(4)) && (1..=31).contains(&two(6)) {
        let _ = write!(
            s,
            "{}{:02}{:02}",
            2021 + rng.below(5),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        for limit in [24, 60, 60] {
            if s.len() + 2 <= n {
                let _ = write!(s, "{:02}", rng.below(limit));
            }
        }
    } else if (n == 10 || n == 13) && b[0] == b'1' && (b'5'..=b'7').contains(&b[1]) {
        let _ = write!(s, "{}", 1_600_000_000 + rng.below(160_000_000));
    } else if n == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        s.push('1');
        s.push(char::from(b'3' + rng.below(7) as u8));
    } else {
        s.push(char::from(b[0]));
    }
    while s.len() < n {
        s.push(rng.digit());
    }
    s.truncate(n);
    s
}

/// An id of the same shape: each letter or digit replaced by a random one of
/// its class (hex ids stay hex).
fn fake_chars(orig: &str, rng: &mut Rng) -> String {
    let hex = orig.bytes().all(|b| b.is_ascii_hexdigit());
    orig.chars()
        .map(|c| {
            let letters = if hex { 6 } else { 26 };
            match c {
                '0'..='9' => rng.digit(),
                'a'..='z' => char::from(b'a' + rng.below(letters) as u8),
                'A'..='Z' => char::from(b'A' + rng.below(letters) as u8),
                other => other,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Generation

/// What [`generate`] wrote.
pub struct Stats {
    /// Tickets written.
    pub tickets: usize,
    /// Archive parts written.
    pub parts: usize,
    /// Bytes written.
    pub bytes: usize,
    /// Tickets per category, indexed like the material's categories.
    pub per_category: Vec<usize>,
    /// Bytes of each ticket, heading to separator.
    pub ticket_bytes: Vec<u32>,
    /// Tickets in each part.
    pub part_sizes: Vec<usize>,
}

/// Writes `tickets` tickets generated from `material` with `seed` to `out`.
/// `progress(done, bytes)` is called after every ticket.
pub fn generate<W: Write>(
    material: &Material,
    tickets: usize,
    seed: u64,
    out: &mut W,
    mut progress: impl FnMut(usize, usize),
) -> io::Result<Stats> {
    let mut gen = Generator {
        m: material,
        cache: vec![(u64::MAX, String::new()); material.tokens.len()],
        stamp: 0,
        buf: String::with_capacity(64 << 10),
        messages: Vec::new(),
        picks: Vec::new(),
        names: Vec::new(),
    };
    let mut stats = Stats {
        tickets: 0,
        parts: 0,
        bytes: 0,
        per_category: vec![0; material.categories.len()],
        ticket_bytes: Vec::with_capacity(tickets),
        part_sizes: Vec::new(),
    };
    let mut deck_rng = Rng::stream(seed, u64::MAX);
    let mut parts_rng = Rng::stream(seed, u64::MAX - 1);
    let mut deck: Vec<usize> = Vec::new();
    while stats.tickets < tickets {
        let size = parts_rng
            .between(PART_MIN, PART_MAX)
            .min(tickets - stats.tickets);
        stats.parts += 1;
        stats.part_sizes.push(size);
        let header = format!(
            "# {ARCHIVE_TITLE} - Part {}\n\n{INTRO}\n\n{SEPARATOR}",
            stats.parts
        );
        out.write_all(header.as_bytes())?;
        stats.bytes += header.len();
        for number in 1..=size {
            if deck.is_empty() {
                // A shuffled deck of all sample tickets, dealt in turn: each
                // category keeps its share in every 114 tickets.
                deck.extend((0..material.sources.len()).rev());
                for i in (1..deck.len()).rev() {
                    let j = deck_rng.below(i + 1);
                    deck.swap(i, j);
                }
            }
            let skeleton = deck.pop().expect("deck refilled above");
            let mut rng = Rng::stream(seed, stats.tickets as u64);
            gen.ticket(number, skeleton, &mut rng);
            out.write_all(gen.buf.as_bytes())?;
            stats.bytes += gen.buf.len();
            stats.ticket_bytes.push(gen.buf.len() as u32);
            stats.per_category[material.sources[skeleton].category] += 1;
            stats.tickets += 1;
            progress(stats.tickets, stats.bytes);
        }
    }
    Ok(stats)
}

/// [`generate`] into a string (for tests).
#[cfg(test)]
fn generate_string(material: &Material, tickets: usize, seed: u64) -> (String, Stats) {
    let mut out = Vec::new();
    let stats = generate(material, tickets, seed, &mut out, |_, _| {}).expect("writes to memory");
    (String::from_utf8(out).expect("UTF-8"), stats)
}

struct Generator<'m> {
    m: &'m Material,
    /// Per token: the ticket stamp it was replaced in, and its replacement.
    cache: Vec<(u64, String)>,
    stamp: u64,
    /// The ticket being written.
    buf: String,
    /// The conversation's messages, rendered.
    messages: Vec<(Role, String)>,
    /// The conversation's messages as (source, message index).
    picks: Vec<(usize, usize)>,
    /// Names and host labels made up for this ticket.
    names: Vec<String>,
}

impl Generator<'_> {
    /// Renders ticket `number` built on `skeleton` into `self.buf`.
    fn ticket(&mut self, number: usize, skeleton: usize, rng: &mut Rng) {
        let m = self.m;
        self.stamp = self.stamp.wrapping_add(1);
        self.names.clear();
        let sk = &m.sources[skeleton];
        let members = &m.categories[sk.category].members;
        let described = if rng.chance(SKELETON_IS_DESCRIPTION) {
            skeleton
        } else {
            *rng.pick(members)
        };
        let titled = if rng.chance(TITLE_FROM_DESCRIPTION) {
            described
        } else {
            *rng.pick(members)
        };
        let caused = *rng.pick(members);
        self.pick_messages(skeleton, described, rng);

        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        let _ = write!(buf, "## 问题 {number}: ");
        self.put(&m.sources[titled].title, rng, &mut buf);
        let _ = write!(
            buf,
            "\n\n**问题分类**: {}\n\n### 问题描述\n\n",
            m.categories[sk.category].name
        );
        self.put(&m.sources[described].description, rng, &mut buf);
        buf.push_str("\n\n");

        // The conversation first: the answers are its agent messages.
        // Message strings are reused from ticket to ticket.
        let mut messages = std::mem::take(&mut self.messages);
        let picks = std::mem::take(&mut self.picks);
        messages.resize_with(picks.len().max(messages.len()), || {
            (Role::Customer, String::new())
        });
        messages.truncate(picks.len());
        for (&(src, i), slot) in picks.iter().zip(messages.iter_mut()) {
            let (role, text) = &m.sources[src].messages[i];
            slot.0 = *role;
            slot.1.clear();
            self.put(text, rng, &mut slot.1);
        }
        self.picks = picks;
        let mut answers = messages
            .iter()
            .filter(|(role, _)| *role == Role::Agent)
            .map(|(_, text)| text.split('\n').next().unwrap_or("").trim())
            .filter(|line| !line.is_empty())
            .peekable();
        if answers.peek().is_some() {
            buf.push_str("### 客服解答\n\n");
            for (k, answer) in answers.enumerate() {
                let _ = write!(buf, "{}. {answer}\n\n", k + 1);
            }
        }
        buf.push_str("### 根本原因分析\n\n");
        self.put(&m.sources[caused].root_cause, rng, &mut buf);
        buf.push_str("\n\n### 完整对话记录\n\n```\n");
        for (role, text) in &messages {
            buf.push_str(match role {
                Role::Customer => "**客户**：",
                Role::Agent => "**客服**：",
            });
            buf.push_str(text);
            buf.push('\n');
        }
        buf.push_str("```\n\n");
        buf.push_str(SEPARATOR);
        self.buf = buf;
        self.messages = messages;
    }

    /// Chooses the conversation: the skeleton's pattern of speakers, filled
    /// in order from donor tickets of the category, starting with the
    /// description's ticket.
    fn pick_messages(&mut self, skeleton: usize, described: usize, rng: &mut Rng) {
        let m = self.m;
        let sk = &m.sources[skeleton];
        let members = &m.categories[sk.category].members;
        let len = sk.messages.len();
        self.picks.clear();
        self.picks.push((described, 0));
        // The donor and the index of its last message used.
        let (mut donor, mut last) = (described, 0);
        // Where a donor's conversation is entered for skeleton position i.
        let entry = |d: usize, i: usize| (i * m.sources[d].messages.len() / len).max(1) - 1;
        let next = |d: usize, after: usize, role: Role| {
            let msgs = &m.sources[d].messages;
            (after + 1..msgs.len()).find(|&j| msgs[j].0 == role)
        };
        for i in 1..len {
            let role = sk.messages[i].0;
            if rng.chance(SWITCH_DONOR) {
                donor = *rng.pick(members);
                last = entry(donor, i);
            }
            let mut found = next(donor, last, role);
            if found.is_none() {
                let other = *rng.pick(members);
                let at = entry(other, i);
                if let Some(j) = next(other, at, role) {
                    donor = other;
                    found = Some(j);
                }
            }
            match found {
                Some(j) => {
                    self.picks.push((donor, j));
                    last = j;
                }
                None => {
                    self.picks.push((skeleton, i));
                    (donor, last) = (skeleton, i);
                }
            }
        }
    }

    /// A name not yet given to another name in this ticket, so that two
    /// domains of a ticket stay two domains.
    fn fresh(&mut self, rng: &mut Rng, mut fake: impl FnMut(&mut Rng) -> String) -> String {
        let mut name = fake(rng);
        for _ in 0..8 {
            if !self.names.contains(&name) {
                break;
            }
            name = fake(rng);
        }
        self.names.push(name.clone());
        name
    }

    /// Appends `text` with its tokens replaced (the same token, the same
    /// replacement within a ticket).
    fn put(&mut self, text: &Text, rng: &mut Rng, out: &mut String) {
        for piece in &text.0 {
            match piece {
                Piece::Lit(s) => out.push_str(s),
                Piece::Token(id) => {
                    let id = *id as usize;
                    if self.cache[id].0 != self.stamp {
                        let def = &self.m.tokens[id];
                        let fake = match def.kind {
                            Kind::Label => self.fresh(rng, fake_label),
                            Kind::Host => self.fresh(rng, |rng| fake_host(&def.text, rng)),
                            Kind::Digits => fake_digits(&def.text, rng),
                            Kind::Chars => fake_chars(&def.text, rng),
                        };
                        self.cache[id] = (self.stamp, fake);
                    }
                    out.push_str(&self.cache[id].1);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Summary

fn percentiles(sizes: &mut [u32]) -> String {
    sizes.sort_unstable();
    let at = |p: usize| sizes[(p * (sizes.len() - 1)) / 100];
    let mean = sizes.iter().map(|&s| u64::from(s)).sum::<u64>() / sizes.len().max(1) as u64;
    let mut s = String::new();
    for p in [10, 25, 50, 75, 90, 99] {
        let _ = write!(s, "{:>7}", at(p));
    }
    let _ = write!(s, "{:>8}{:>7}", sizes[sizes.len() - 1], mean);
    s
}

fn summary(material: &Material, stats: &Stats, out: &Path, seconds: f64) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "gen-corpus: {} tickets in {} parts, {} bytes ({:.1} MB, {} bytes/ticket) -> {} in {seconds:.2} s",
        stats.tickets,
        stats.parts,
        stats.bytes,
        stats.bytes as f64 / 1e6,
        stats.bytes / stats.tickets.max(1),
        out.display(),
    );
    let mut sample: Vec<u32> = material.sources.iter().map(|s| s.bytes as u32).collect();
    let mut generated = stats.ticket_bytes.clone();
    // The last part holds what is left: its size says nothing.
    let full = &stats.part_sizes[..stats.part_sizes.len().saturating_sub(1).max(1)];
    let _ = writeln!(
        s,
        "parts of {}–{} tickets (the last one {}), numbered from 1 in each part",
        full.iter().min().unwrap_or(&0),
        full.iter().max().unwrap_or(&0),
        stats.part_sizes.last().unwrap_or(&0),
    );
    let _ = writeln!(
        s,
        "ticket bytes      p10    p25    p50    p75    p90    p99     max   mean"
    );
    let _ = writeln!(s, "  sample    {}", percentiles(&mut sample));
    if !generated.is_empty() {
        let _ = writeln!(s, "  generated {}", percentiles(&mut generated));
    }
    let _ = writeln!(s, "category                 sample   generated");
    let mut order: Vec<usize> = (0..material.categories.len()).collect();
    order.sort_by_key(|&c| std::cmp::Reverse(material.categories[c].members.len()));
    for c in order {
        let cat = &material.categories[c];
        let width = 22usize.saturating_sub(display_width(&cat.name));
        let _ = writeln!(
            s,
            "  {}{:width$}{:>6.1}%  {:>6.1}% {:>8}",
            cat.name,
            "",
            100.0 * cat.members.len() as f64 / material.sources.len() as f64,
            100.0 * stats.per_category[c] as f64 / stats.tickets.max(1) as f64,
            stats.per_category[c],
        );
    }
    s
}

/// Terminal columns: CJK and full-width characters take two.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn material() -> &'static Material {
        static MATERIAL: OnceLock<Material> = OnceLock::new();
        MATERIAL.get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
            let text = std::fs::read_to_string(root.join(SAMPLE)).unwrap();
            Material::from_archive(SAMPLE, &text).unwrap()
        })
    }

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    /// Renders a text with a fresh stamp (for lexer tests).
    fn lex(text: &str, labels: &[&str]) -> (Text, Vec<(Kind, String)>) {
        let mut lexer = Lexer::default();
        lexer.labels.extend(labels.iter().map(|s| s.to_string()));
        let t = lexer.text(text);
        let toks = lexer
            .tokens
            .iter()
            .map(|d| (d.kind, d.text.to_string()))
            .collect();
        (t, toks)
    }

    #[test]
    fn splitmix64_matches_the_reference() {
        // First outputs of SplitMix64 seeded with 0 (reference implementation).
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn options() {
        let o = Options::parse(&args("--tickets 1_000 --seed 7 --out /tmp/x.md")).unwrap();
        assert_eq!(
            o,
            Options {
                tickets: 1000,
                seed: 7,
                out: "/tmp/x.md".into()
            }
        );
        let o = Options::parse(&args("--out=/tmp/y.md --tickets=5")).unwrap();
        assert_eq!((o.tickets, o.seed), (5, 1));
        assert!(Options::parse(&args("--tickets 5")).is_err());
        assert!(Options::parse(&args("--tickets 0 --out x")).is_err());
        assert!(Options::parse(&args("--tickets x --out x")).is_err());
        assert!(Options::parse(&args("--tickets 5 --out x --bogus")).is_err());
    }

    #[test]
    fn lexer_marks_customer_domains_digits_and_ids() {
        let (_, toks) = lex(
            "files1.91hilife.com www.91hilife.com 和 developer.qiniu.com/kodo/1227 订单 20241023120153855，错误 403",
            &["91hilife"],
        );
        assert_eq!(
            toks,
            [
                (Kind::Host, "files1".into()),
                (Kind::Label, "91hilife".into()),
                (Kind::Digits, "20241023120153855".into())
            ]
        );
        let (_, toks) = lex(
            "down-meikaoai-com-idvmxza.qiniudns.com _9CCB9A0C87C7BC360BC6FE70ACC1EC32.cd 100000",
            &["meikaoai"],
        );
        assert_eq!(
            toks,
            [
                (Kind::Label, "meikaoai".into()),
                (Kind::Chars, "9CCB9A0C87C7BC360BC6FE70ACC1EC32".into())
            ]
        );
        let (_, toks) = lex("空间：qsy-app-storage 和 storage.qsy-app.com", &["qsy-app"]);
        assert_eq!(toks, [(Kind::Label, "qsy-app".into())]);
    }

    #[test]
    fn lexer_learns_customer_names_from_domains_and_buckets() {
        let mut lexer = Lexer::default();
        lexer.learn_domains("https://sp.zhongld.com/zld.mp4 见 https://developer.qiniu.com/");
        lexer.learn_buckets("空间：dougongyun-document-zj 和 string Bucket = \"7qiniu\";");
        let mut labels: Vec<_> = lexer.labels.iter().cloned().collect();
        labels.sort();
        assert_eq!(labels, ["7qiniu", "dougongyun", "zhongld"]);
    }

    #[test]
    fn fakes_keep_the_shape() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let d = fake_digits("20241023120153855", &mut rng);
            assert_eq!(d.len(), 17);
            assert!(d.starts_with("202"), "{d}");
            let month: u32 = d[4..6].parse().unwrap();
            assert!((1..=12).contains(&month), "{d}");
            let t = fake_digits("1729609796", &mut rng);
            assert!(t.len() == 10 && t.starts_with("1"), "{t}");
            let p = fake_digits("13812345678", &mut rng);
            assert!(p.len() == 11 && p.starts_with('1'), "{p}");
            let h = fake_chars("9CCB9A0C87C7", &mut rng);
            assert!(
                h.len() == 12 && h.bytes().all(|b| b.is_ascii_hexdigit()),
                "{h}"
            );
            let l = fake_label(&mut rng);
            assert!(
                l.len() >= 3 && l.bytes().all(|b| b.is_ascii_alphanumeric()),
                "{l}"
            );
        }
    }

    #[test]
    fn the_sample_is_all_usable() {
        let m = material();
        assert_eq!(m.sources.len(), 114);
        assert_eq!(m.categories.len(), 20);
        let sizes: usize = m.sources.iter().map(|s| s.bytes).sum();
        // Every byte after the archive's header belongs to a ticket.
        assert!(sizes > 200_000, "{sizes}");
    }

    #[test]
    fn deterministic() {
        let (a, _) = generate_string(material(), 300, 42);
        let (b, _) = generate_string(material(), 300, 42);
        let (c, _) = generate_string(material(), 300, 43);
        assert!(a == b, "same seed, different output");
        assert_ne!(a, c);
        // A prefix of a longer run is the same tickets.
        let (long, _) = generate_string(material(), 310, 42);
        let cut = a.rfind("## 问题").unwrap();
        assert_eq!(&a[..cut], &long[..cut]);
    }

    #[test]
    fn category_proportions_follow_the_sample() {
        let m = material();
        let n = 1000;
        let (_, stats) = generate_string(m, n, 5);
        for (c, cat) in m.categories.iter().enumerate() {
            let want = n as f64 * cat.members.len() as f64 / m.sources.len() as f64;
            let got = stats.per_category[c] as f64;
            // The deck deals each sample ticket once per 114 tickets.
            assert!(
                (got - want).abs() <= cat.members.len() as f64,
                "{}: {got} tickets, expected about {want:.1}",
                cat.name
            );
        }
    }

    #[test]
    fn reads_back_without_diagnostics() {
        let n = 700;
        let (text, stats) = generate_string(material(), n, 9);
        let parsed = ticket::parse_markdown("gen.md", &text);
        assert!(
            parsed.diagnostics.is_empty(),
            "{:?}",
            &parsed.diagnostics[..parsed.diagnostics.len().min(5)]
        );
        assert_eq!(parsed.tickets.len(), n);
        assert_eq!(stats.tickets, n);
        assert_eq!(stats.bytes, text.len());

        // Numbers restart at 1 in every part; ids stay unique.
        let mut ids = HashSet::new();
        let mut expected = 0;
        let mut parts = 0;
        for t in &parsed.tickets {
            if t.number == 1 {
                parts += 1;
                expected = 1;
            }
            assert_eq!(t.number, expected, "{}", t.id);
            assert_eq!(t.id, format!("part{parts}-{}", t.number));
            assert!(ids.insert(t.id.clone()));
            expected += 1;
        }
        assert_eq!(parts, stats.parts);
        let sizes = &stats.part_sizes;
        assert_eq!(sizes.iter().sum::<usize>(), n);
        assert!(sizes[..sizes.len() - 1]
            .iter()
            .all(|s| (PART_MIN..=PART_MAX).contains(s)));
        for k in 1..=parts {
            assert!(
                text.contains(&format!("\n# 客户服务工单处理记录 - Part {k}\n"))
                    || text.starts_with(&format!("# 客户服务工单处理记录 - Part {k}\n"))
            );
        }
    }

    #[test]
    fn tickets_look_like_the_sample() {
        let (text, _) = generate_string(material(), 500, 11);
        let parsed = ticket::parse_markdown("gen.md", &text);
        let (mut same_answers, mut answers) = (0, 0);
        let mut no_answers = 0;
        for t in &parsed.tickets {
            assert!(!t.title.is_empty() && !t.description.is_empty() && !t.root_cause.is_empty());
            assert_eq!(t.conversation[0].role, Role::Customer, "{}", t.id);
            // Each numbered answer is the first line of an agent message.
            let agent: Vec<&str> = t
                .conversation
                .iter()
                .filter(|m| m.role == Role::Agent)
                .map(|m| m.text.split('\n').next().unwrap().trim())
                .filter(|l| !l.is_empty())
                .collect();
            assert_eq!(t.answers.len(), agent.len(), "{}", t.id);
            answers += agent.len();
            same_answers += t
                .answers
                .iter()
                .zip(&agent)
                .filter(|(a, b)| a == *b)
                .count();
            no_answers += usize::from(t.answers.is_empty());
        }
        assert!(
            same_answers * 100 >= answers * 97,
            "{same_answers}/{answers}"
        );
        assert!(
            (5..=40).contains(&no_answers),
            "{no_answers} tickets without answers"
        );
        // Markers stay, customers' names do not.
        for kept in ["[图片]", "[IP已脱敏]", "qiniu.com", "403"] {
            assert!(text.contains(kept), "{kept}");
        }
        for gone in [
            "91hilife.com",
            "ichazuo.cn",
            "meikaoai.com",
            "17296097961479",
        ] {
            assert!(!text.contains(gone), "{gone}");
        }
    }

    #[test]
    fn vocabulary_grows_with_the_corpus() {
        let distinct = |n: usize| {
            let (text, _) = generate_string(material(), n, 1);
            let words: HashSet<&str> = words(&text).map(|(s, e)| &text[s..e]).collect();
            words.len()
        };
        let (small, large) = (distinct(200), distinct(1000));
        assert!(large > small * 2, "{small} → {large}");
    }

    #[test]
    fn ticket_sizes_follow_the_sample() {
        let m = material();
        let (_, stats) = generate_string(m, 2000, 3);
        let median = |mut v: Vec<u32>| {
            v.sort_unstable();
            v[v.len() / 2]
        };
        let sample = median(m.sources.iter().map(|s| s.bytes as u32).collect());
        let generated = median(stats.ticket_bytes.clone());
        let ratio = f64::from(generated) / f64::from(sample);
        assert!(
            (0.8..1.25).contains(&ratio),
            "median {generated} vs {sample}"
        );
        let mean = stats.bytes as f64 / stats.tickets as f64;
        let sample_mean =
            m.sources.iter().map(|s| s.bytes).sum::<usize>() as f64 / m.sources.len() as f64;
        assert!(
            (0.8..1.25).contains(&(mean / sample_mean)),
            "{mean} vs {sample_mean}"
        );
    }
}

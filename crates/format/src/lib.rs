//! The bytes the indexer writes and the engine reads.
//!
//! A built site holds three kinds of index file, each in the same envelope:
//!
//! ```text
//! file     := magic "TSIX" | version u16 LE | kind u8 | payload | crc32 u32 LE
//!             (the CRC-32 covers every byte before it)
//! manifest := the entry point, `index/manifest.bin`: document count, the
//!             impact scale, the category table (each category a range of
//!             document ids), the chunk table (first term + file name of each
//!             term chunk, sorted), the ticket fragment files
//! chunk    := a run of the sorted term dictionary: for each term, the
//!             prefix it shares with the previous term, the rest, its
//!             document frequency and its postings
//! postings := per document, ascending: doc delta (varint; the first is the
//!             id), impact u8, byte length of the positions (varint), and
//!             the positions as deltas (varint; the first is absolute)
//! ```
//!
//! Every file but the manifest is named after a hash of its content
//! ([`content_name`]), so a rebuilt site never mixes old and new files in a
//! browser cache. A reader rejects a wrong magic, an unsupported version, a
//! checksum mismatch or any malformed structure with an [`Error`] — never a
//! panic.
//!
//! ```
//! use format::{Chunk, TermEntry, PostingsWriter};
//!
//! let mut postings = PostingsWriter::default();
//! postings.push(3, 200, &[0, 7]);
//! postings.push(9, 17, &[4]);
//! let chunk = Chunk { terms: vec![TermEntry { term: "证书".into(), df: 2, postings: postings.finish() }] };
//! let bytes = chunk.encode();
//! let back = Chunk::decode(&bytes).unwrap();
//! let docs: Vec<u32> = back.terms[0].postings().map(|p| p.unwrap().doc).collect();
//! assert_eq!(docs, [3, 9]);
//! ```
#![deny(missing_docs)]

mod crc32;
mod postings;
pub mod varint;

use std::fmt;

pub use postings::{DecodedPostings, Positions, Posting, Postings, PostingsWriter};
use varint::{put_str, put_u32, Reader};

/// The magic bytes at the start of every index file.
pub const MAGIC: [u8; 4] = *b"TSIX";
/// The format version this crate writes and reads.
pub const VERSION: u16 = 2;
/// Ticket ids are indexed as terms `ID_TERM_PREFIX + id` with one posting
/// (the document), so a ticket is found by id through the same chunks. The
/// prefix sorts before every analyzer token and never starts one.
pub const ID_TERM_PREFIX: &str = "\u{1}";
/// The manifest's fixed path inside a site; every other file is named in it.
pub const MANIFEST_PATH: &str = "index/manifest.bin";

/// Why bytes could not be read as an index file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Not an index file at all (wrong magic, or too short).
    NotAnIndex,
    /// An index file of another format version.
    Version {
        /// The version found in the file.
        found: u16,
        /// The version this reader supports.
        supported: u16,
    },
    /// The checksum does not match: the file is damaged or truncated.
    Checksum,
    /// The file is of another kind than expected (a chunk where a manifest was expected).
    Kind {
        /// The kind found.
        found: u8,
        /// The kind expected.
        expected: u8,
    },
    /// The checksum matched but the structure inside is malformed.
    Corrupt(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotAnIndex => write!(f, "not a ticketsearch index file"),
            Error::Version { found, supported } => write!(
                f,
                "index format version {found}, but this reader supports version {supported}; rebuild the site"
            ),
            Error::Checksum => write!(f, "index file is damaged or truncated (checksum mismatch)"),
            Error::Kind { found, expected } => {
                write!(f, "index file of kind {found} where kind {expected} was expected")
            }
            Error::Corrupt(why) => write!(f, "index file is corrupt: {why}"),
        }
    }
}

impl std::error::Error for Error {}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// The kinds of index file.
const KIND_MANIFEST: u8 = 1;
const KIND_CHUNK: u8 = 2;

fn seal(kind: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 11);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.push(kind);
    out.extend_from_slice(payload);
    let crc = crc32::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Sealed envelopes around arbitrary payloads, so that fuzzers and tests
/// reach the structure decoders behind the checksum.
#[doc(hidden)]
pub mod sealed {
    /// `payload` sealed as a manifest file.
    pub fn manifest(payload: &[u8]) -> Vec<u8> {
        super::seal(super::KIND_MANIFEST, payload)
    }

    /// `payload` sealed as a chunk file.
    pub fn chunk(payload: &[u8]) -> Vec<u8> {
        super::seal(super::KIND_CHUNK, payload)
    }
}

fn open(bytes: &[u8], kind: u8) -> Result<&[u8]> {
    if bytes.len() < 11 || bytes[..4] != MAGIC {
        return Err(Error::NotAnIndex);
    }
    let found = u16::from_le_bytes([bytes[4], bytes[5]]);
    if found != VERSION {
        return Err(Error::Version {
            found,
            supported: VERSION,
        });
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    if crc32::hash(body) != u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]) {
        return Err(Error::Checksum);
    }
    if body[6] != kind {
        return Err(Error::Kind {
            found: body[6],
            expected: kind,
        });
    }
    Ok(&body[7..])
}

/// A file name derived from content: `<prefix>-<16 hex digits>.<ext>`.
pub fn content_name(prefix: &str, ext: &str, bytes: &[u8]) -> String {
    // FNV-1a, 64 bits: stable across platforms and versions, enough to tell
    // the few thousand files of one site apart.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{prefix}-{h:016x}.{ext}")
}

/// How content-hashed file names are laid out: `<dir>/<prefix>-<hash>.<ext>`.
struct NameForm {
    dir: &'static str,
    prefix: &'static str,
    ext: &'static str,
}

const CHUNK_NAME: NameForm = NameForm {
    dir: "index",
    prefix: "c",
    ext: "bin",
};
const FRAGMENT_NAME: NameForm = NameForm {
    dir: "tickets",
    prefix: "t",
    ext: "json",
};

impl NameForm {
    /// The path of a file named by content: `index/c-0123456789abcdef.bin`.
    fn path(&self, bytes: &[u8]) -> String {
        format!(
            "{}/{}",
            self.dir,
            content_name(self.prefix, self.ext, bytes)
        )
    }

    fn hash_of(&self, path: &str) -> Option<u64> {
        let rest = path
            .strip_prefix(self.dir)?
            .strip_prefix('/')?
            .strip_prefix(self.prefix)?
            .strip_prefix('-')?;
        let hex = rest.strip_suffix(self.ext)?.strip_suffix('.')?;
        (hex.len() == 16
            && hex
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
        .then(|| u64::from_str_radix(hex, 16).ok())
        .flatten()
    }
}

/// The site path of a term chunk with this content.
pub fn chunk_path(bytes: &[u8]) -> String {
    CHUNK_NAME.path(bytes)
}

/// The site path of a ticket fragment with this content.
pub fn fragment_path(bytes: &[u8]) -> String {
    FRAGMENT_NAME.path(bytes)
}

/// A file name in the manifest: 8 bytes of hash when it has the usual form
/// (tag 0), the whole string otherwise (tag 1).
fn put_name(out: &mut Vec<u8>, name: &str, form: NameForm) {
    match form.hash_of(name) {
        Some(hash) => {
            out.push(0);
            out.extend_from_slice(&hash.to_le_bytes());
        }
        None => {
            out.push(1);
            put_str(out, name);
        }
    }
}

fn get_name(r: &mut Reader<'_>, form: NameForm) -> Result<String> {
    match r.u8()? {
        0 => {
            let b = r.bytes(8)?;
            let hash = u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
            Ok(format!(
                "{}/{}-{hash:016x}.{}",
                form.dir, form.prefix, form.ext
            ))
        }
        1 => Ok(r.str()?.to_owned()),
        _ => Err(Error::Corrupt("manifest: bad file name tag".into())),
    }
}

/// One category: a product and a sub-category, holding the documents
/// `first_doc .. first_doc + doc_count` (documents are numbered so that each
/// category is one range).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// The product, e.g. `CDN`.
    pub product: String,
    /// The sub-category, e.g. `证书问题`; may be empty.
    pub subcategory: String,
    /// The first document id of the range.
    pub first_doc: u32,
    /// How many documents the category holds.
    pub doc_count: u32,
}

/// Where one chunk of the term dictionary is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkRef {
    /// The chunk's first term; chunk `i` holds the terms from its first term
    /// up to (excluding) chunk `i + 1`'s first term.
    pub first_term: String,
    /// The file, relative to the site root.
    pub file: String,
    /// The file's size in bytes.
    pub bytes: u32,
}

/// The entry point of an index.
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    /// Number of documents (tickets).
    pub doc_count: u32,
    /// The largest per-document term weight; an impact byte `q` means the
    /// weight `(q / 255)² × impact_scale`.
    pub impact_scale: f32,
    /// Categories, in document order; their ranges cover every document once.
    pub categories: Vec<Category>,
    /// The term dictionary's chunks, by first term (sorted by bytes).
    pub chunks: Vec<ChunkRef>,
    /// Tickets per fragment file: document `d` is entry `d % n` of fragment `d / n`.
    pub fragment_size: u32,
    /// Fragment files (JSON arrays of tickets), relative to the site root.
    pub fragments: Vec<String>,
}

impl Manifest {
    /// The manifest as a sealed file.
    pub fn encode(&self) -> Vec<u8> {
        let mut p = Vec::new();
        put_u32(&mut p, self.doc_count);
        p.extend_from_slice(&self.impact_scale.to_le_bytes());
        put_u32(&mut p, self.categories.len() as u32);
        for c in &self.categories {
            put_str(&mut p, &c.product);
            put_str(&mut p, &c.subcategory);
            put_u32(&mut p, c.first_doc);
            put_u32(&mut p, c.doc_count);
        }
        put_u32(&mut p, self.chunks.len() as u32);
        let mut prev = "";
        for c in &self.chunks {
            let shared = common_prefix(prev, &c.first_term);
            put_u32(&mut p, shared as u32);
            put_str(&mut p, &c.first_term[shared..]);
            put_name(&mut p, &c.file, CHUNK_NAME);
            put_u32(&mut p, c.bytes);
            prev = &c.first_term;
        }
        put_u32(&mut p, self.fragment_size);
        put_u32(&mut p, self.fragments.len() as u32);
        for f in &self.fragments {
            put_name(&mut p, f, FRAGMENT_NAME);
        }
        seal(KIND_MANIFEST, &p)
    }

    /// Reads and validates a manifest: besides the envelope, the category
    /// ranges must tile the documents, chunks must be sorted, and the
    /// fragments must cover every document.
    pub fn decode(bytes: &[u8]) -> Result<Manifest> {
        let mut r = Reader::new(open(bytes, KIND_MANIFEST)?, "manifest");
        let doc_count = r.u32()?;
        let impact_scale = r.f32()?;
        let mut categories = Vec::new();
        for _ in 0..r.count()? {
            categories.push(Category {
                product: r.str()?.to_owned(),
                subcategory: r.str()?.to_owned(),
                first_doc: r.u32()?,
                doc_count: r.u32()?,
            });
        }
        let mut chunks: Vec<ChunkRef> = Vec::new();
        for _ in 0..r.count()? {
            let shared = r.u32()? as usize;
            let rest = r.str()?;
            let prev = chunks.last().map_or("", |c| c.first_term.as_str());
            if shared > prev.len() || !prev.is_char_boundary(shared) {
                return Err(Error::Corrupt("manifest: bad shared prefix".into()));
            }
            let first_term = format!("{}{}", &prev[..shared], rest);
            let file = get_name(&mut r, CHUNK_NAME)?;
            chunks.push(ChunkRef {
                first_term,
                file,
                bytes: r.u32()?,
            });
        }
        let fragment_size = r.u32()?;
        let mut fragments = Vec::new();
        for _ in 0..r.count()? {
            fragments.push(get_name(&mut r, FRAGMENT_NAME)?);
        }
        if !r.is_empty() {
            return Err(Error::Corrupt("manifest: trailing bytes".into()));
        }
        let m = Manifest {
            doc_count,
            impact_scale,
            categories,
            chunks,
            fragment_size,
            fragments,
        };
        m.validate()?;
        Ok(m)
    }

    fn validate(&self) -> Result<()> {
        let bad = |why: &str| Err(Error::Corrupt(format!("manifest: {why}")));
        let mut next = 0u32;
        for c in &self.categories {
            if c.first_doc != next {
                return bad("category ranges do not tile the documents");
            }
            next = match next.checked_add(c.doc_count) {
                Some(n) => n,
                None => return bad("category range overflows"),
            };
        }
        if next != self.doc_count {
            return bad("category ranges do not cover the documents");
        }
        if self
            .chunks
            .windows(2)
            .any(|w| w[0].first_term >= w[1].first_term)
        {
            return bad("chunks are not sorted");
        }
        let covered = u64::from(self.fragment_size) * self.fragments.len() as u64;
        if self.doc_count > 0 && (self.fragment_size == 0 || covered < u64::from(self.doc_count)) {
            return bad("fragments do not cover the documents");
        }
        if !self.impact_scale.is_finite() || self.impact_scale < 0.0 {
            return bad("impact scale is not a finite positive number");
        }
        Ok(())
    }

    /// The index of the chunk that holds `term`, if any chunk could.
    pub fn chunk_for(&self, term: &str) -> Option<usize> {
        self.chunks
            .partition_point(|c| c.first_term.as_str() <= term)
            .checked_sub(1)
    }

    /// The indexes of the chunks that may hold terms starting with `prefix`.
    pub fn chunks_for_prefix(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.chunk_for(prefix).unwrap_or(0);
        // Chunks whose first term is <= the largest string with this prefix.
        let end = self.chunks.partition_point(|c| {
            c.first_term.as_str() <= prefix || c.first_term.starts_with(prefix)
        });
        start..end.max(start)
    }

    /// The weight an impact byte stands for.
    pub fn weight(&self, impact: u8) -> f32 {
        let q = f32::from(impact) / 255.0;
        q * q * self.impact_scale
    }
}

/// Quantises a weight in `0..=scale` to an impact byte (square-root scale, so
/// small weights keep their resolution); a positive weight is at least 1.
pub fn quantise(weight: f32, scale: f32) -> u8 {
    // NaN compares false, so it lands here too.
    let positive = |x: f32| x.partial_cmp(&0.0) == Some(std::cmp::Ordering::Greater);
    if !positive(weight) || !positive(scale) {
        return 0;
    }
    let q = (weight / scale).min(1.0).sqrt() * 255.0;
    (q.round() as u8).max(1)
}

/// One term of a chunk and its postings (encoded, see [`PostingsWriter`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermEntry {
    /// The term, as the analyzer produced it.
    pub term: String,
    /// Document frequency: the number of postings.
    pub df: u32,
    /// The encoded postings.
    pub postings: Vec<u8>,
}

impl TermEntry {
    /// Decodes the postings lazily, in document order.
    pub fn postings(&self) -> Postings<'_> {
        Postings::new(&self.postings)
    }
}

/// A run of the sorted term dictionary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chunk {
    /// Terms in ascending byte order.
    pub terms: Vec<TermEntry>,
}

impl Chunk {
    /// The chunk as a sealed file; terms are front-coded.
    pub fn encode(&self) -> Vec<u8> {
        let mut p = Vec::new();
        put_u32(&mut p, self.terms.len() as u32);
        let mut prev: &str = "";
        for t in &self.terms {
            let shared = common_prefix(prev, &t.term);
            put_u32(&mut p, shared as u32);
            put_str(&mut p, &t.term[shared..]);
            put_u32(&mut p, t.df);
            put_u32(&mut p, t.postings.len() as u32);
            p.extend_from_slice(&t.postings);
            prev = &t.term;
        }
        seal(KIND_CHUNK, &p)
    }

    /// Reads a chunk; terms must be strictly ascending.
    pub fn decode(bytes: &[u8]) -> Result<Chunk> {
        let mut r = Reader::new(open(bytes, KIND_CHUNK)?, "chunk");
        let n = r.count()?;
        let mut terms: Vec<TermEntry> = Vec::with_capacity(n);
        for _ in 0..n {
            let shared = r.u32()? as usize;
            let rest = r.str()?;
            let prev = terms.last().map_or("", |t| t.term.as_str());
            if shared > prev.len() || !prev.is_char_boundary(shared) {
                return Err(Error::Corrupt("chunk: bad shared prefix".into()));
            }
            let term = format!("{}{}", &prev[..shared], rest);
            if !terms.is_empty() && term.as_str() <= prev {
                return Err(Error::Corrupt("chunk: terms are not sorted".into()));
            }
            let df = r.u32()?;
            let len = r.u32()? as usize;
            let postings = r.bytes(len)?.to_vec();
            terms.push(TermEntry { term, df, postings });
        }
        if !r.is_empty() {
            return Err(Error::Corrupt("chunk: trailing bytes".into()));
        }
        Ok(Chunk { terms })
    }

    /// The entry for `term`.
    pub fn get(&self, term: &str) -> Option<&TermEntry> {
        self.find(term).map(|i| &self.terms[i])
    }

    /// The index of the entry for `term`.
    pub fn find(&self, term: &str) -> Option<usize> {
        self.terms
            .binary_search_by(|t| t.term.as_str().cmp(term))
            .ok()
    }

    /// The indexes of the entries whose term starts with `prefix`.
    pub fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.terms.partition_point(|t| t.term.as_str() < prefix);
        let len = self.terms[start..].partition_point(|t| t.term.starts_with(prefix));
        start..start + len
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for ((i, ca), cb) in a.char_indices().zip(b.chars()) {
        if ca != cb {
            return i;
        }
        n = i + ca.len_utf8();
    }
    n
}

#[cfg(test)]
mod tests;

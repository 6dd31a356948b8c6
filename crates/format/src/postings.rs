//! Postings: which documents hold a term, how strongly, and where.
//!
//! ```text
//! postings  := posting*
//! posting   := doc_delta varint      (the first is the document id itself)
//!              impact u8             (quantised term weight, see `quantise`)
//!              pos_bytes varint      (byte length of the positions that follow)
//!              pos_delta varint*     (ascending positions; the first absolute)
//! ```
//! The byte length lets a reader skip the positions of documents it does not
//! need without decoding them.

use crate::varint::{len_u32, put_u32, Reader};
use crate::{Error, Result};

/// Builds one term's postings, documents in ascending order. A build holds
/// one per distinct term (a million at 280k tickets), so it is kept to the
/// encoded bytes and the last document.
#[derive(Clone, Debug, Default)]
pub struct PostingsWriter {
    out: Vec<u8>,
    last_doc: Option<u32>,
}

impl PostingsWriter {
    /// Appends a document. `doc` must be greater than the previous one and
    /// `positions` ascending (the caller's invariant; checked in debug builds).
    pub fn push(&mut self, doc: u32, impact: u8, positions: &[u32]) {
        debug_assert!(
            self.last_doc.is_none_or(|d| d < doc),
            "documents must ascend"
        );
        put_u32(&mut self.out, doc - self.last_doc.map_or(0, |d| d + 1));
        self.last_doc = Some(doc);
        self.out.push(impact);
        let deltas = || {
            positions.iter().enumerate().map(|(i, &p)| {
                debug_assert!(i == 0 || p > positions[i - 1], "positions must ascend");
                if i == 0 {
                    p
                } else {
                    p - positions[i - 1] - 1
                }
            })
        };
        let bytes: usize = deltas().map(len_u32).sum();
        put_u32(&mut self.out, bytes as u32);
        for d in deltas() {
            put_u32(&mut self.out, d);
        }
    }

    /// True when no document was pushed.
    pub fn is_empty(&self) -> bool {
        self.last_doc.is_none()
    }

    /// The encoded bytes so far.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// The encoded postings.
    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// One decoded posting.
#[derive(Clone, Debug)]
pub struct Posting<'a> {
    /// The document id.
    pub doc: u32,
    /// The quantised weight of the term in the document.
    pub impact: u8,
    /// The positions, decoded on demand.
    pub positions: Positions<'a>,
}

/// Iterates over postings; a malformed posting yields one `Err` and ends.
#[derive(Clone, Debug)]
pub struct Postings<'a> {
    r: Reader<'a>,
    next_doc: u32,
    failed: bool,
}

impl<'a> Postings<'a> {
    /// Postings over encoded bytes.
    pub fn new(bytes: &'a [u8]) -> Self {
        Postings {
            r: Reader::new(bytes, "postings"),
            next_doc: 0,
            failed: false,
        }
    }

    fn read(&mut self) -> Result<Posting<'a>> {
        let delta = self.r.u32()?;
        let doc = self
            .next_doc
            .checked_add(delta)
            .ok_or_else(|| Error::Corrupt("postings: doc id overflow".into()))?;
        self.next_doc = doc.saturating_add(1);
        let impact = self.r.u8()?;
        let len = self.r.u32()? as usize;
        let positions = Positions {
            r: Reader::new(self.r.bytes(len)?, "positions"),
            prev: None,
        };
        Ok(Posting {
            doc,
            impact,
            positions,
        })
    }
}

impl<'a> Iterator for Postings<'a> {
    type Item = Result<Posting<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.r.is_empty() {
            return None;
        }
        let item = self.read();
        self.failed = item.is_err();
        Some(item)
    }
}

/// A posting list decoded into arrays once, for searches that walk it
/// again and again (every keystroke of a query being typed). Holds 9 bytes
/// per posting; the positions stay encoded in the list and are read on
/// demand with [`DecodedPostings::positions`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecodedPostings {
    /// Document ids, ascending.
    pub docs: Vec<u32>,
    /// The impact of each document, as in [`Posting::impact`].
    pub impacts: Vec<u8>,
    /// Byte offset of each posting's positions (their length varint).
    positions_at: Vec<u32>,
}

impl DecodedPostings {
    /// No postings.
    pub const EMPTY: DecodedPostings = DecodedPostings {
        docs: Vec::new(),
        impacts: Vec::new(),
        positions_at: Vec::new(),
    };

    /// Decodes encoded postings. Like the iterator, it keeps the postings
    /// before the first malformed one.
    pub fn new(bytes: &[u8]) -> Self {
        let mut out = DecodedPostings::default();
        let mut r = Reader::new(bytes, "postings");
        let mut next_doc = 0u32;
        while !r.is_empty() {
            let Some(doc) = r.u32().ok().and_then(|d| next_doc.checked_add(d)) else {
                break;
            };
            let Ok(impact) = r.u8() else { break };
            let at = r.position() as u32;
            let Ok(len) = r.u32() else { break };
            if r.bytes(len as usize).is_err() {
                break;
            }
            out.docs.push(doc);
            out.impacts.push(impact);
            out.positions_at.push(at);
            next_doc = doc.saturating_add(1);
        }
        out
    }

    /// Number of postings.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The positions of posting `i`; `bytes` must be the encoded postings
    /// this was decoded from.
    pub fn positions<'a>(&self, bytes: &'a [u8], i: usize) -> Positions<'a> {
        let empty = Positions {
            r: Reader::new(&[], "positions"),
            prev: None,
        };
        let Some(&at) = self.positions_at.get(i) else {
            return empty;
        };
        let mut r = Reader::new(bytes.get(at as usize..).unwrap_or(&[]), "positions");
        match r.u32().and_then(|len| r.bytes(len as usize)) {
            Ok(b) => Positions {
                r: Reader::new(b, "positions"),
                prev: None,
            },
            Err(_) => empty,
        }
    }
}

/// The positions of one posting, ascending. Malformed bytes end the iteration.
#[derive(Clone, Debug)]
pub struct Positions<'a> {
    r: Reader<'a>,
    prev: Option<u32>,
}

impl Iterator for Positions<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        if self.r.is_empty() {
            return None;
        }
        let delta = self.r.u32().ok()?;
        let p = match self.prev {
            None => delta,
            Some(prev) => prev.checked_add(delta)?.checked_add(1)?,
        };
        self.prev = Some(p);
        Some(p)
    }
}

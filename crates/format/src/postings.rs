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

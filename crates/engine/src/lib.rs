//! Search over a ticketsearch index: bytes in, ranked documents, facet counts
//! and snippets out.
//!
//! The engine does no I/O. It starts from the manifest and says which chunk
//! files a query needs ([`Missing`]); the caller fetches them (from disk, or
//! over HTTP in the browser), hands them over with [`Engine::add_file`], and
//! asks again. So a query downloads only the chunks of its own terms.
//!
//! ```no_run
//! # fn read(path: &str) -> Vec<u8> { std::fs::read(path).unwrap() }
//! use engine::{Engine, Request};
//!
//! let mut engine = Engine::open(&read("site/index/manifest.bin")).unwrap();
//! let request = Request { query: "证书 处理中", filters: &[], limit: 10, offset: 0 };
//! let ranked = loop {
//!     match engine.search(&request) {
//!         Ok(ranked) => break ranked,
//!         Err(missing) => {
//!             for file in missing.files {
//!                 let bytes = read(&format!("site/{file}"));
//!                 engine.add_file(&file, &bytes).unwrap();
//!             }
//!         }
//!     }
//! };
//! for hit in &ranked.hits {
//!     let (fragment, entry) = engine.fragment_of(hit.doc);
//!     println!("{} {} → {fragment}[{entry}]", hit.doc, hit.score);
//! }
//! ```
//!
//! Brief overview:
//! - [`query`] analyses the query with the same [`analysis::Analyzer`] as the
//!   index, marks the token being typed as a prefix, and resolves each query
//!   token to index terms: exact, prefix expansions, one-edit typo
//!   candidates for Latin words;
//! - [`score`] ranks: the impacts stored in the postings times the term's IDF,
//!   the best term per query token, scaled by how much of the query a
//!   document covers and raised when query tokens are adjacent in it; counts
//!   facets (disjunctively: the category filter does not shrink them). Its
//!   loops over postings and documents are the `dense` crate's, which the
//!   size-optimised wasm build compiles for speed;
//! - [`snippet`] picks the passage with most query terms and marks them,
//!   keeping each shown document's analysed texts for the next keystroke.
//!
//! The engine knows documents and categories, not tickets: the ticket JSON
//! (fragments) is read by the caller.

#![deny(missing_docs)]

pub mod query;
pub mod score;
pub mod snippet;

use std::cell::{OnceCell, RefCell};

use analysis::Analyzer;
use format::{Category, Chunk, DecodedPostings, Manifest};

pub use format::Error as FormatError;
pub use format::MANIFEST_PATH;
pub use score::{Facet, Hit, Ranked, SubFacet};
pub use snippet::{snippet_sources, Highlight, Segment, SNIPPET_CHARS};

/// A search request.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The query as typed; the last word is a prefix unless followed by a space.
    pub query: &'a str,
    /// Category filters, `产品` or `产品｜子类`, OR-ed. Empty = all.
    pub filters: &'a [String],
    /// At most this many hits.
    pub limit: usize,
    /// Skip this many hits (paging).
    pub offset: usize,
}

/// Files a search needs before it can answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    /// File paths relative to the site root, as named in the manifest.
    pub files: Vec<String>,
}

/// An index being searched: the manifest plus the chunks loaded so far.
///
/// A posting list is decoded into arrays the first time a search walks it
/// and kept beside its chunk (9 bytes a posting), so the keystrokes of a
/// query being typed do not decode the same lists again.
#[derive(Debug)]
pub struct Engine {
    manifest: Manifest,
    chunks: Vec<Option<Chunk>>,
    /// Per chunk, per entry: the decoded postings (empty until the chunk is added).
    decoded: Vec<Vec<OnceCell<DecodedPostings>>>,
    /// The category of each document (an index into the manifest's categories).
    doc_category: Vec<u32>,
    /// Per-document accumulators, reused across searches.
    scratch: RefCell<score::Scratch>,
    /// Texts analysed for snippets, by document.
    analysed: RefCell<snippet::Analysed>,
    analyzer: Analyzer,
}

impl Engine {
    /// Opens an index from its manifest bytes.
    pub fn open(manifest: &[u8]) -> Result<Engine, FormatError> {
        let manifest = Manifest::decode(manifest)?;
        let chunks = vec![None; manifest.chunks.len()];
        let decoded = vec![Vec::new(); manifest.chunks.len()];
        // The manifest checked that the categories tile the documents.
        let mut doc_category = Vec::with_capacity(manifest.doc_count as usize);
        for (i, c) in manifest.categories.iter().enumerate() {
            doc_category.extend(std::iter::repeat_n(i as u32, c.doc_count as usize));
        }
        Ok(Engine {
            manifest,
            chunks,
            decoded,
            doc_category,
            scratch: RefCell::default(),
            analysed: RefCell::default(),
            analyzer: Analyzer::new(),
        })
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Number of documents.
    pub fn doc_count(&self) -> u32 {
        self.manifest.doc_count
    }

    /// Adds a file that [`Missing`] asked for. A file the manifest does not
    /// name is ignored; a damaged one is an error (and stays missing).
    pub fn add_file(&mut self, path: &str, bytes: &[u8]) -> Result<(), FormatError> {
        let Some(i) = self.manifest.chunks.iter().position(|c| c.file == path) else {
            return Ok(());
        };
        if self.chunks[i].is_none() {
            let chunk = Chunk::decode(bytes)?;
            self.decoded[i] = vec![OnceCell::new(); chunk.terms.len()];
            self.chunks[i] = Some(chunk);
        }
        Ok(())
    }

    /// The chunk files a query needs that are not loaded yet (the first
    /// round; a typo correction may ask for more). Lets a caller prefetch.
    pub fn missing(&self, query: &str) -> Vec<String> {
        let tokens = query::tokens(&self.analyzer, query);
        match query::resolve(self, &tokens) {
            Ok(_) => Vec::new(),
            Err(m) => m.files,
        }
    }

    /// Runs a search. `Err(Missing)` lists the chunk files to add first.
    pub fn search(&self, request: &Request<'_>) -> Result<Ranked, Missing> {
        let tokens = query::tokens(&self.analyzer, request.query);
        let groups = query::resolve(self, &tokens)?;
        Ok(score::rank(self, &groups, request))
    }

    /// The document of the ticket with this id (`Ok(None)`: no such ticket).
    pub fn doc_of(&self, id: &str) -> Result<Option<u32>, Missing> {
        let term = format!("{}{}", format::ID_TERM_PREFIX, id);
        let Some(i) = self.manifest.chunk_for(&term) else {
            return Ok(None);
        };
        let Some(chunk) = self.chunk(i) else {
            return Err(Missing {
                files: vec![self.manifest.chunks[i].file.clone()],
            });
        };
        let doc = chunk
            .get(&term)
            .and_then(|e| e.postings().next())
            .and_then(Result::ok)
            .map(|p| p.doc);
        Ok(doc.filter(|&d| d < self.manifest.doc_count))
    }

    /// The fragment file holding document `doc`, and its entry in that file's array.
    pub fn fragment_of(&self, doc: u32) -> (&str, usize) {
        let size = self.manifest.fragment_size.max(1);
        let file = self
            .manifest
            .fragments
            .get((doc / size) as usize)
            .map_or("", String::as_str);
        (file, (doc % size) as usize)
    }

    /// The category of document `doc`.
    pub fn category_of(&self, doc: u32) -> Option<&Category> {
        let &c = self.doc_category.get(doc as usize)?;
        self.manifest.categories.get(c as usize)
    }

    /// The analyzer (the same one the index was built with).
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    fn chunk(&self, i: usize) -> Option<&Chunk> {
        self.chunks.get(i).and_then(Option::as_ref)
    }

    /// The postings of a matched term, decoded (once).
    fn postings(&self, t: &query::TermMatch<'_>) -> &DecodedPostings {
        let (i, j) = t.at;
        match self.decoded.get(i).and_then(|c| c.get(j)) {
            Some(cell) => cell.get_or_init(|| DecodedPostings::new(&t.entry.postings)),
            None => {
                debug_assert!(false, "a term match of a chunk that is not loaded");
                const NONE: &DecodedPostings = &DecodedPostings::EMPTY;
                NONE
            }
        }
    }
}

#[cfg(test)]
mod tests;

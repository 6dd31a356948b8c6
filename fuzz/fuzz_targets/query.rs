//! Any query — typed, pasted or hostile — is analysed and answered by the
//! engine over the bundled sample without a panic, with valid offsets and
//! snippets made of the text they came from.
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static SITE: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();

fn site() -> &'static BTreeMap<String, Vec<u8>> {
    SITE.get_or_init(|| {
        let text = include_str!("../../data/sample/000_9f7d48363d6be106.txt");
        let tickets = ticket::parse_markdown("sample.md", text).tickets;
        let mut files = BTreeMap::new();
        let options = indexer::Options { chunk_bytes: 4096, ..indexer::Options::default() };
        indexer::build(&tickets, &options, &mut |p: &str, b: &[u8]| {
            files.insert(p.to_owned(), b.to_vec());
            Ok(())
        })
        .expect("sample builds");
        files
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else { return };
    for token in analysis::Analyzer::new().analyze(query) {
        assert!(token.offset_from <= token.offset_to && token.offset_to <= query.len());
        assert!(query.is_char_boundary(token.offset_from) && query.is_char_boundary(token.offset_to));
        assert!(!token.text.is_empty() && token.text.len() <= analysis::MAX_TOKEN_BYTES.max(8));
    }
    let files = site();
    let mut engine = engine::Engine::open(&files[format::MANIFEST_PATH]).expect("manifest");
    let filters = vec![query.chars().take(8).collect::<String>()];
    for filters in [&[][..], &filters[..]] {
        let request = engine::Request { query, filters, limit: 10, offset: 0 };
        let ranked = loop {
            match engine.search(&request) {
                Ok(r) => break r,
                Err(m) => m.files.iter().for_each(|f| engine.add_file(f, &files[f]).expect("chunk")),
            }
        };
        assert!(ranked.hits.len() <= 10 && ranked.total >= ranked.hits.len());
        let snippet = engine.snippet(&[query], &ranked.highlight, 40);
        let shown: String = snippet.iter().map(|s| s.text.as_str()).collect();
        assert!(shown.chars().count() <= 42, "{shown:?}");
    }
});

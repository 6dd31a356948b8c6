//! The index decoder must reject any damaged file with an error, never a
//! panic or a runaway allocation: manifests, chunks and postings, and an
//! engine fed a damaged chunk must still answer or say what it misses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // As given (mostly stopped by the envelope), and sealed with a valid
    // checksum so that the structure decoders behind it are reached.
    let _ = format::Manifest::decode(data);
    let _ = format::Manifest::decode(&format::sealed::manifest(data));
    let sealed_chunk = format::sealed::chunk(data);
    for bytes in [data, &sealed_chunk[..]] {
        chunk(bytes);
    }
    let sealed = format::sealed::manifest(data);
    for bytes in [data, &sealed[..]] {
        engine(bytes, &sealed_chunk);
    }
});

fn chunk(data: &[u8]) {
    if let Ok(chunk) = format::Chunk::decode(data) {
        for term in &chunk.terms {
            for posting in term.postings().take(100_000).flatten() {
                let _ = posting.positions.take(100_000).count();
            }
        }
    }
    for posting in format::Postings::new(data).take(100_000).flatten() {
        let _ = posting.positions.take(100_000).count();
    }
}

fn engine(manifest: &[u8], chunk: &[u8]) {
    if let Ok(mut engine) = engine::Engine::open(manifest) {
        let request = engine::Request { query: "证书 kodo", filters: &[], limit: 10, offset: 0 };
        if let Err(missing) = engine.search(&request) {
            for file in missing.files {
                let _ = engine.add_file(&file, chunk);
            }
            let _ = engine.search(&request);
        }
        let _ = engine.doc_of("part1-1");
    }
}

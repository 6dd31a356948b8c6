use super::*;
use proptest::prelude::*;

fn manifest() -> Manifest {
    Manifest {
        doc_count: 5,
        impact_scale: 12.5,
        categories: vec![
            Category {
                product: "CDN".into(),
                subcategory: "证书问题".into(),
                first_doc: 0,
                doc_count: 3,
            },
            Category {
                product: "对象存储".into(),
                subcategory: String::new(),
                first_doc: 3,
                doc_count: 2,
            },
        ],
        chunks: vec![
            ChunkRef {
                first_term: "".into(),
                file: "index/c-1.bin".into(),
                bytes: 10,
            },
            ChunkRef {
                first_term: "kodo".into(),
                file: "index/c-2.bin".into(),
                bytes: 20,
            },
            ChunkRef {
                first_term: "证书".into(),
                file: "index/c-3.bin".into(),
                bytes: 30,
            },
        ],
        fragment_size: 2,
        fragments: vec![
            "tickets/a.json".into(),
            "tickets/b.json".into(),
            "tickets/c.json".into(),
        ],
    }
}

#[test]
fn manifest_round_trips() {
    let m = manifest();
    assert_eq!(Manifest::decode(&m.encode()).unwrap(), m);
}

#[test]
fn hashed_names_are_stored_as_hashes() {
    let mut m = manifest();
    m.chunks[0].file = chunk_path(b"a");
    m.fragments[0] = fragment_path(b"b");
    let compact = m.encode().len();
    assert_eq!(Manifest::decode(&m.encode()).unwrap(), m);
    m.chunks[0].file = "index/C-0123.bin".into();
    m.fragments[0] = "tickets/t-0123456789ABCDEF.json".into();
    assert!(m.encode().len() > compact);
    assert_eq!(
        Manifest::decode(&m.encode()).unwrap(),
        m,
        "other names survive as they are"
    );
}

#[test]
fn every_damage_is_an_error() {
    let bytes = manifest().encode();
    assert_eq!(
        Manifest::decode(&bytes[..bytes.len() - 1]),
        Err(Error::Checksum)
    );
    assert_eq!(Manifest::decode(b"<!doctype html>"), Err(Error::NotAnIndex));
    assert_eq!(Manifest::decode(&[]), Err(Error::NotAnIndex));
    let mut flipped = bytes.clone();
    flipped[12] ^= 0x40;
    assert_eq!(Manifest::decode(&flipped), Err(Error::Checksum));
    let mut v2 = bytes.clone();
    v2[4] = 1;
    assert_eq!(
        Manifest::decode(&v2),
        Err(Error::Version {
            found: 1,
            supported: VERSION
        })
    );
    assert!(Manifest::decode(&v2)
        .unwrap_err()
        .to_string()
        .contains("rebuild the site"));
    let chunk = Chunk::default().encode();
    assert_eq!(
        Manifest::decode(&chunk),
        Err(Error::Kind {
            found: 2,
            expected: 1
        })
    );
}

#[test]
fn manifest_with_inconsistent_tables_is_corrupt() {
    let mut m = manifest();
    m.categories[1].first_doc = 4;
    assert!(matches!(
        Manifest::decode(&m.encode()),
        Err(Error::Corrupt(_))
    ));
    let mut m = manifest();
    m.chunks.swap(1, 2);
    assert!(matches!(
        Manifest::decode(&m.encode()),
        Err(Error::Corrupt(_))
    ));
    let mut m = manifest();
    m.fragments.pop();
    m.fragments.pop();
    assert!(matches!(
        Manifest::decode(&m.encode()),
        Err(Error::Corrupt(_))
    ));
}

#[test]
fn chunk_lookup_by_term_and_prefix() {
    let m = manifest();
    assert_eq!(m.chunk_for("abc"), Some(0));
    assert_eq!(m.chunk_for("kodo"), Some(1));
    assert_eq!(m.chunk_for("kodo-browser"), Some(1));
    assert_eq!(m.chunk_for("证"), Some(1));
    assert_eq!(m.chunk_for("证书部"), Some(2));
    assert_eq!(m.chunks_for_prefix("ko"), 0..2);
    assert_eq!(m.chunks_for_prefix("kodo"), 1..2);
    assert_eq!(m.chunks_for_prefix("证"), 1..3);
    assert_eq!(m.chunks_for_prefix("a"), 0..1);
}

#[test]
fn chunk_lookup_in_terms() {
    let entry = |t: &str| TermEntry {
        term: t.into(),
        df: 1,
        postings: vec![0, 1, 0],
    };
    let chunk = Chunk {
        terms: vec![entry("证书"), entry("证明"), entry("详细")],
    };
    let back = Chunk::decode(&chunk.encode()).unwrap();
    assert_eq!(back, chunk);
    assert!(back.get("证明").is_some() && back.get("证").is_none());
    let pre: Vec<_> = back.terms[back.prefix_range("证")]
        .iter()
        .map(|t| t.term.as_str())
        .collect();
    assert_eq!(pre, ["证书", "证明"]);
}

#[test]
fn quantise_keeps_order_and_small_weights() {
    assert_eq!(quantise(0.0, 10.0), 0);
    assert_eq!(quantise(0.0001, 10.0), 1);
    assert_eq!(quantise(10.0, 10.0), 255);
    assert_eq!(quantise(99.0, 10.0), 255);
    assert!(quantise(1.0, 10.0) < quantise(1.1, 10.0));
    let m = Manifest {
        impact_scale: 10.0,
        ..manifest()
    };
    let w = m.weight(quantise(2.5, 10.0));
    assert!((w - 2.5).abs() < 0.05, "{w}");
}

#[test]
fn content_names_follow_content() {
    assert_eq!(
        content_name("c", "bin", b"x"),
        content_name("c", "bin", b"x")
    );
    assert_ne!(
        content_name("c", "bin", b"x"),
        content_name("c", "bin", b"y")
    );
    assert!(content_name("c", "bin", b"").starts_with("c-"));
}

fn decoded(bytes: &[u8]) -> Vec<(u32, u8, Vec<u32>)> {
    let d = DecodedPostings::new(bytes);
    assert_eq!(d.len(), d.impacts.len());
    (0..d.len())
        .map(|i| (d.docs[i], d.impacts[i], d.positions(bytes, i).collect()))
        .collect()
}

proptest! {
    #[test]
    fn postings_round_trip(docs in prop::collection::btree_map(0u32..100_000, (any::<u8>(), prop::collection::btree_set(0u32..5000, 0..8)), 0..40)) {
        let mut w = PostingsWriter::default();
        for (doc, (impact, pos)) in &docs {
            let pos: Vec<u32> = pos.iter().copied().collect();
            w.push(*doc, *impact, &pos);
        }
        let bytes = w.finish();
        let back: Vec<(u32, u8, Vec<u32>)> = Postings::new(&bytes)
            .map(|p| { let p = p.unwrap(); (p.doc, p.impact, p.positions.collect()) })
            .collect();
        let want: Vec<(u32, u8, Vec<u32>)> = docs.iter().map(|(d, (i, p))| (*d, *i, p.iter().copied().collect())).collect();
        prop_assert_eq!(&back, &want);
        prop_assert_eq!(decoded(&bytes), want);
    }

    /// The decoded arrays hold what the iterator yields, up to the first
    /// malformed posting, whatever the bytes.
    #[test]
    fn decoded_postings_match_the_iterator(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let by_iterator: Vec<(u32, u8, Vec<u32>)> = Postings::new(&bytes)
            .map_while(Result::ok)
            .map(|p| (p.doc, p.impact, p.positions.collect()))
            .collect();
        prop_assert_eq!(decoded(&bytes), by_iterator);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = Manifest::decode(&bytes);
        let _ = Chunk::decode(&bytes);
        for p in Postings::new(&bytes).take(1000).flatten() {
            let _ = p.positions.take(1000).count();
        }
    }

    #[test]
    fn sealed_payload_garbage_is_an_error_not_a_panic(payload in prop::collection::vec(any::<u8>(), 0..300), kind in 1u8..3) {
        let bytes = seal(kind, &payload);
        let _ = Manifest::decode(&bytes);
        let _ = Chunk::decode(&bytes);
    }

    #[test]
    fn chunks_round_trip(terms in prop::collection::btree_set("[a-z证书处理中]{0,6}", 0..30)) {
        let chunk = Chunk { terms: terms.into_iter().map(|t| TermEntry { term: t, df: 3, postings: vec![1, 2, 3] }).collect() };
        prop_assert_eq!(Chunk::decode(&chunk.encode()).unwrap(), chunk);
    }
}

use std::collections::BTreeMap;

use super::*;

const ARCHIVE: &str = "# Part 1

## 问题 1: 证书一直处于处理中

**问题分类**: CDN｜证书问题

### 问题描述

https证书部署了好几天还在处理中

## 问题 2: 上传文件报错403

**问题分类**: 对象存储｜上传下载

### 问题描述

kodo-browser上传报错

## 问题 3: 证书过期

**问题分类**: CDN｜证书问题

### 问题描述

免费证书到期
";

fn build_sample() -> (Stats, BTreeMap<String, Vec<u8>>) {
    let tickets = ticket::parse_markdown("a.md", ARCHIVE).tickets;
    let mut files = BTreeMap::new();
    let stats = build(&tickets, &Options::default(), &mut |p: &str, b: &[u8]| {
        files.insert(p.to_owned(), b.to_vec());
        Ok(())
    })
    .unwrap();
    (stats, files)
}

fn manifest(files: &BTreeMap<String, Vec<u8>>) -> Manifest {
    Manifest::decode(&files[format::MANIFEST_PATH]).unwrap()
}

#[test]
fn categories_are_document_ranges() {
    let (_, files) = build_sample();
    let m = manifest(&files);
    let cats: Vec<_> = m
        .categories
        .iter()
        .map(|c| (c.product.as_str(), c.first_doc, c.doc_count))
        .collect();
    assert_eq!(cats, [("CDN", 0, 2), ("对象存储", 2, 1)]);
}

#[test]
fn fragments_hold_every_ticket_in_document_order() {
    let (stats, files) = build_sample();
    let m = manifest(&files);
    assert_eq!(stats.fragments, m.fragments.len());
    let tickets: Vec<Ticket> = m
        .fragments
        .iter()
        .flat_map(|f| serde_json::from_slice::<Vec<Ticket>>(&files[f]).unwrap())
        .collect();
    let ids: Vec<_> = tickets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["part1-1", "part1-3", "part1-2"]);
}

#[test]
fn terms_have_postings_with_positions() {
    let (stats, files) = build_sample();
    let m = manifest(&files);
    assert_eq!(stats.chunks, m.chunks.len());
    let chunk = Chunk::decode(&files[&m.chunks[m.chunk_for("证书").unwrap()].file]).unwrap();
    let e = chunk.get("证书").unwrap();
    assert_eq!(e.df, 2);
    let docs: Vec<u32> = e.postings().map(|p| p.unwrap().doc).collect();
    assert_eq!(docs, [0, 1]);
    let title_hit = e.postings().next().unwrap().unwrap();
    assert_eq!(
        title_hit.positions.clone().next(),
        Some(0),
        "证书 opens the title"
    );
    assert!(chunk.get("403").is_some() || m.chunk_for("403") != m.chunk_for("证书"));
}

#[test]
fn title_matches_weigh_more_than_description_matches() {
    let (_, files) = build_sample();
    let m = manifest(&files);
    let chunk = Chunk::decode(&files[&m.chunks[m.chunk_for("证书").unwrap()].file]).unwrap();
    let e = chunk.get("处理").unwrap();
    let impact = e.postings().next().unwrap().unwrap().impact;
    let e = chunk.get("部署").unwrap();
    let desc_only = e.postings().next().unwrap().unwrap().impact;
    assert!(impact > desc_only, "{impact} vs {desc_only}");
}

#[test]
fn small_chunks_split_the_dictionary_in_order() {
    let tickets = ticket::parse_markdown("a.md", ARCHIVE).tickets;
    let mut files = BTreeMap::new();
    let options = Options {
        chunk_bytes: 40,
        fragment_size: Some(1),
        ..Options::default()
    };
    let stats = build(&tickets, &options, &mut |p: &str, b: &[u8]| {
        files.insert(p.to_owned(), b.to_vec());
        Ok(())
    })
    .unwrap();
    let m = manifest(&files);
    assert!(stats.chunks > 3);
    assert_eq!(m.fragments.len(), 3);
    let mut all = Vec::new();
    for (i, c) in m.chunks.iter().enumerate() {
        let chunk = Chunk::decode(&files[&c.file]).unwrap();
        for t in &chunk.terms {
            assert_eq!(
                m.chunk_for(&t.term),
                Some(i),
                "{} is in the chunk the manifest names",
                t.term
            );
            all.push(t.term.clone());
        }
    }
    assert_eq!(all.len(), stats.terms);
}

#[test]
fn same_tickets_give_the_same_files() {
    assert_eq!(build_sample().1, build_sample().1);
}

#[test]
fn empty_input_gives_a_valid_empty_index() {
    let mut files = BTreeMap::new();
    build(&[], &Options::default(), &mut |p: &str, b: &[u8]| {
        files.insert(p.to_owned(), b.to_vec());
        Ok(())
    })
    .unwrap();
    assert_eq!(manifest(&files).doc_count, 0);
}

#[test]
fn build_from_asks_for_each_ticket_once_in_document_order_and_matches_build() {
    let tickets = ticket::parse_markdown("a.md", ARCHIVE).tickets;
    let options = Options {
        fragment_size: Some(2),
        ..Options::default()
    };
    let entries: Vec<Entry> = tickets
        .iter()
        .map(|t| Entry::of(t, &options.analyzer))
        .collect();
    let mut asked = Vec::new();
    let mut streamed = BTreeMap::new();
    build_from(
        &entries,
        &mut |i| {
            asked.push(i);
            // Owned, as from a spill file: nothing borrows the input.
            Ok(Cow::Owned(tickets[i].clone()))
        },
        &options,
        &mut |p: &str, b: &[u8]| {
            streamed.insert(p.to_owned(), b.to_vec());
            Ok(())
        },
        &mut |_| {},
    )
    .unwrap();
    // Input order is 1 (CDN), 2 (对象存储), 3 (CDN): documents are 1, 3, 2.
    assert_eq!(asked, [0, 2, 1]);
    let mut held = BTreeMap::new();
    build(&tickets, &options, &mut |p: &str, b: &[u8]| {
        held.insert(p.to_owned(), b.to_vec());
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, held, "the same files, byte for byte");
}

#[test]
fn a_ticket_that_cannot_be_read_back_fails_the_build() {
    let tickets = ticket::parse_markdown("a.md", ARCHIVE).tickets;
    let options = Options::default();
    let entries: Vec<Entry> = tickets
        .iter()
        .map(|t| Entry::of(t, &options.analyzer))
        .collect();
    let err = build_from(
        &entries,
        &mut |i| match i {
            2 => Err(io::Error::other("spill file truncated")),
            i => Ok(Cow::Borrowed(&tickets[i])),
        },
        &options,
        &mut |_: &str, _: &[u8]| Ok(()),
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "spill file truncated");
}

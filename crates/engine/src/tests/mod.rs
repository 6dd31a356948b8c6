use std::collections::BTreeMap;

use super::*;

const ARCHIVE: &str = "# Part 1

## 问题 1: 更新证书部署了好几天了还处于处理中

**问题分类**: CDN｜证书问题

### 问题描述

sc-test-cdn1.example.com 这两个域名就仍然一直处于处理中的状态

## 问题 2: 上传文件报错403

**问题分类**: 对象存储｜上传下载

### 问题描述

用kodo-browser上传报错 403 Forbidden

## 问题 3: 免费证书到期会自动续期吗

**问题分类**: CDN｜证书问题

### 问题描述

证书快过期了

## 问题 4: 视频播放卡顿

**问题分类**: CDN｜访问下载

### 问题描述

视频卡顿，加载很慢，需要刷新dns缓存吗

## 问题 5: qshell 怎么批量上传

**问题分类**: 对象存储｜上传下载

### 问题描述

用 qshell 批量上传文件夹
";

struct Site {
    files: BTreeMap<String, Vec<u8>>,
    ids: Vec<String>,
}

fn site(chunk_bytes: usize) -> Site {
    let tickets = ticket::parse_markdown("a.md", ARCHIVE).tickets;
    let mut files = BTreeMap::new();
    let options = indexer::Options {
        chunk_bytes,
        ..indexer::Options::default()
    };
    indexer::build(&tickets, &options, &mut |p: &str, b: &[u8]| {
        files.insert(p.to_owned(), b.to_vec());
        Ok(())
    })
    .unwrap();
    let ids = indexer::document_order(&tickets)
        .into_iter()
        .map(|i| tickets[i].id.clone())
        .collect();
    Site { files, ids }
}

impl Site {
    fn engine(&self) -> Engine {
        Engine::open(&self.files[format::MANIFEST_PATH]).unwrap()
    }

    /// Runs the load loop like a caller; returns the ranked ids and the files fetched.
    fn search(&self, query: &str, filters: &[&str]) -> (Ranked, Vec<String>, Vec<String>) {
        let mut engine = self.engine();
        let filters: Vec<String> = filters.iter().map(|f| f.to_string()).collect();
        let request = Request {
            query,
            filters: &filters,
            limit: 10,
            offset: 0,
        };
        let mut fetched = Vec::new();
        let ranked = loop {
            match engine.search(&request) {
                Ok(r) => break r,
                Err(missing) => {
                    assert!(!missing.files.is_empty());
                    for f in missing.files {
                        engine.add_file(&f, &self.files[&f]).unwrap();
                        fetched.push(f);
                    }
                }
            }
        };
        let ids = ranked
            .hits
            .iter()
            .map(|h| self.ids[h.doc as usize].clone())
            .collect();
        (ranked, ids, fetched)
    }

    fn ids(&self, query: &str) -> Vec<String> {
        self.search(query, &[]).1
    }
}

#[test]
fn a_word_is_found_inside_longer_phrases() {
    let s = site(24 * 1024);
    let ids = s.ids("证书");
    assert_eq!(ids.len(), 2);
    assert!(ids.contains(&"part1-1".to_owned()) && ids.contains(&"part1-3".to_owned()));
    assert_eq!(s.ids("处理中"), ["part1-1"]);
    assert_eq!(s.ids("dns缓存"), ["part1-4"]);
}

#[test]
fn latin_codes_and_tools_are_found() {
    let s = site(24 * 1024);
    assert_eq!(s.ids("403"), ["part1-2"]);
    assert_eq!(s.ids("kodo-browser"), ["part1-2"]);
    assert_eq!(s.ids("browser "), ["part1-2"]);
    assert_eq!(s.ids("QSHELL"), ["part1-5"]);
}

#[test]
fn the_last_token_is_a_prefix_while_typing() {
    let s = site(24 * 1024);
    assert_eq!(s.ids("qsh"), ["part1-5"]);
    assert!(s.ids("qsh ").is_empty(), "a finished word is not a prefix");
    assert!(
        s.ids("证").len() >= 2,
        "one character finds the words starting with it"
    );
}

#[test]
fn one_typo_in_a_latin_word_is_tolerated() {
    let s = site(24 * 1024);
    assert_eq!(s.ids("qshel "), ["part1-5"]);
    assert_eq!(s.ids("kodo-browsr "), ["part1-2"]);
    assert!(s.ids("qs ").is_empty(), "short words need an exact match");
}

#[test]
fn an_unknown_word_does_not_empty_the_results() {
    let s = site(24 * 1024);
    assert_eq!(s.ids("kubernetes 视频卡顿")[0], "part1-4");
}

#[test]
fn documents_covering_more_of_the_query_rank_first() {
    let s = site(24 * 1024);
    let ids = s.ids("证书 处理中");
    assert_eq!(
        ids,
        ["part1-1", "part1-3"],
        "证书 alone ranks below 证书 + 处理中"
    );
    assert_eq!(s.ids("视频卡顿")[0], "part1-4");
}

#[test]
fn filters_narrow_hits_but_not_facets() {
    let s = site(24 * 1024);
    let (all, _, _) = s.search("上传 证书", &[]);
    let (cdn, ids, _) = s.search("上传 证书", &["CDN"]);
    assert!(
        ids.iter().all(|id| id == "part1-1" || id == "part1-3"),
        "{ids:?}"
    );
    assert!(cdn.total < all.total);
    assert_eq!(
        all.facets, cdn.facets,
        "facet counts ignore the category selection"
    );
    let (sub, ids, _) = s.search("上传", &["对象存储｜上传下载", "CDN｜访问下载"]);
    assert_eq!(sub.total, ids.len());
    assert!(ids.contains(&"part1-2".to_owned()));
    let (none, _, _) = s.search("上传", &["不存在的产品"]);
    assert_eq!(none.total, 0);
    assert!(!none.facets.is_empty());
    let (ascii, _, _) = s.search("上传", &["对象存储|上传下载"]);
    assert_eq!(ascii.total, 2);
}

#[test]
fn empty_query_browses_with_counts() {
    let s = site(24 * 1024);
    let (all, ids, fetched) = s.search("", &[]);
    assert_eq!((all.total, ids.len()), (5, 5));
    assert!(fetched.is_empty(), "browsing needs only the manifest");
    let cdn = &all.facets[0];
    assert_eq!((cdn.product.as_str(), cdn.count), ("CDN", 3));
    assert_eq!(cdn.subcategories[0].name, "证书问题");
    assert_eq!(cdn.subcategories[0].count, 2);
    let (certs, ids, _) = s.search("  ", &["CDN｜证书问题"]);
    assert_eq!(certs.total, 2);
    assert_eq!(ids, ["part1-1", "part1-3"]);
}

#[test]
fn paging_with_limit_and_offset() {
    let s = site(24 * 1024);
    let mut engine = s.engine();
    let r = Request {
        query: "",
        filters: &[],
        limit: 2,
        offset: 3,
    };
    let page = engine.search(&r).unwrap();
    assert_eq!((page.total, page.hits.len(), page.hits[0].doc), (5, 2, 3));
    let _ = &mut engine;
}

#[test]
fn a_query_fetches_only_the_chunks_of_its_terms() {
    let s = site(64);
    let chunks = s.engine().manifest().chunks.len();
    assert!(chunks > 10, "{chunks}");
    let (_, _, fetched) = s.search("403", &[]);
    assert_eq!(fetched.len(), 1);
    let (_, _, fetched) = s.search("证书 处理中", &[]);
    assert!(fetched.len() <= 3, "{fetched:?}");
}

#[test]
fn results_are_the_same_with_small_and_large_chunks() {
    let (small, large) = (site(64), site(1 << 20));
    for q in ["证书", "处理中", "qsh", "kodo-browsr ", "视频卡顿", "证"] {
        assert_eq!(small.ids(q), large.ids(q), "{q}");
    }
}

#[test]
fn damaged_chunk_is_an_error_and_stays_missing() {
    let s = site(24 * 1024);
    let mut engine = s.engine();
    let r = Request {
        query: "证书",
        filters: &[],
        limit: 10,
        offset: 0,
    };
    let missing = engine.search(&r).unwrap_err();
    let file = &missing.files[0];
    let mut bytes = s.files[file].clone();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    assert_eq!(engine.add_file(file, &bytes), Err(FormatError::Checksum));
    assert_eq!(engine.search(&r).unwrap_err(), missing);
}

#[test]
fn snippet_marks_query_terms_in_the_best_passage() {
    let s = site(24 * 1024);
    let (ranked, _, _) = s.search("处理中", &[]);
    let engine = s.engine();
    let text = "前面很长的一段文字，和问题无关的内容，继续写一些内容。这两个域名就仍然一直处于处理中的状态，后面还有很多很多的文字内容";
    let snippet = engine.snippet(&["", text], &ranked.highlight, 30);
    let hits: Vec<&str> = snippet
        .iter()
        .filter(|s| s.hit)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(hits, ["处理中"]);
    let shown: String = snippet.iter().map(|s| s.text.as_str()).collect();
    assert!(
        shown.starts_with("…这两个域名"),
        "starts at the sentence: {shown}"
    );
    assert!(
        shown.ends_with('…') && shown.chars().count() <= 32,
        "{shown}"
    );
    let title = engine.highlight("更新证书部署还处于处理中", &ranked.highlight);
    assert_eq!(title.iter().filter(|s| s.hit).count(), 1);
}

#[test]
fn snippet_without_match_shows_the_start() {
    let s = site(24 * 1024);
    let engine = s.engine();
    let snippet = engine.snippet(&["", "第一行\n\n第二行"], &Highlight::default(), 100);
    assert_eq!(
        snippet,
        [Segment {
            text: "第一行 第二行".into(),
            hit: false
        }]
    );
}

#[test]
fn category_and_fragment_of_a_document() {
    let s = site(24 * 1024);
    let engine = s.engine();
    assert_eq!(engine.category_of(0).unwrap().subcategory, "访问下载");
    assert_eq!(engine.category_of(1).unwrap().subcategory, "证书问题");
    assert_eq!(engine.category_of(4).unwrap().product, "对象存储");
    assert!(engine.category_of(5).is_none());
    let (file, entry) = engine.fragment_of(4);
    assert!(file.starts_with("tickets/t-") && entry == 4);
}

proptest::proptest! {
    #[test]
    fn any_query_is_answered_without_panic(query in ".{0,40}", filter in proptest::option::of("(CDN|对象存储)(｜(证书问题|上传下载))?")) {
        let s = site(128);
        let filters: Vec<&str> = filter.as_deref().into_iter().collect();
        let (ranked, ids, _) = s.search(&query, &filters);
        proptest::prop_assert!(ranked.total >= ids.len());
        let engine = s.engine();
        let _ = engine.snippet(&[&query, ARCHIVE], &ranked.highlight, 50);
    }
}

#[test]
fn tickets_are_found_by_id_through_one_chunk() {
    let s = site(64);
    let mut engine = s.engine();
    let missing = engine.doc_of("part1-5").unwrap_err();
    assert_eq!(missing.files.len(), 1);
    engine
        .add_file(&missing.files[0], &s.files[&missing.files[0]])
        .unwrap();
    let doc = engine.doc_of("part1-5").unwrap().unwrap();
    assert_eq!(s.ids[doc as usize], "part1-5");
    let nothing = loop {
        match engine.doc_of("part1-99") {
            Ok(d) => break d,
            Err(m) => m
                .files
                .iter()
                .for_each(|f| engine.add_file(f, &s.files[f]).unwrap()),
        }
    };
    assert_eq!(nothing, None);
}

mod reference;

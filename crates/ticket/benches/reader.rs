//! Reader throughput (MB/s) on a large archive made from the bundled sample:
//! the sample's 114 tickets repeated as consecutive archive parts.
//!
//! `cargo bench -p ticket --bench reader`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const SAMPLE: &str = include_str!("../../../data/sample/000_9f7d48363d6be106.txt");

/// `copies` archives in one text, each under its own `# … Part N` heading.
fn large_archive(copies: usize) -> String {
    let body = SAMPLE.split_once('\n').map_or(SAMPLE, |(_, rest)| rest);
    let mut text = String::with_capacity(SAMPLE.len() * copies);
    for part in 0..copies {
        text.push_str(&format!("# 客户服务工单处理记录 - Part {part}\n"));
        text.push_str(body);
        text.push('\n');
    }
    text
}

fn reader(c: &mut Criterion) {
    let text = large_archive(40);
    let jsonl: String = ticket::parse_markdown("large.md", &text)
        .tickets
        .iter()
        .map(ticket::to_jsonl_line)
        .collect();
    let mut group = c.benchmark_group("reader");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("markdown_8MB", |b| {
        b.iter(|| {
            let parsed = ticket::parse_markdown("large.md", &text);
            assert_eq!(parsed.tickets.len(), 114 * 40);
            parsed
        })
    });
    group.throughput(Throughput::Bytes(jsonl.len() as u64));
    group.bench_function("jsonl", |b| {
        b.iter(|| ticket::parse_jsonl("large.jsonl", &jsonl))
    });
    group.finish();
}

criterion_group!(benches, reader);
criterion_main!(benches);

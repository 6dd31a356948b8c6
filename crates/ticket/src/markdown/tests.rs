use super::*;
use crate::Severity;

/// A well-formed archive of two tickets, in the exported archives' layout.
const ARCHIVE: &str = "# 客户服务工单处理记录 - Part 32

本文档包含经过结构化处理的客户服务工单记录，已进行隐私脱敏处理。

---

## 问题 1: https://sslfile.example.cn/1729.html

**问题分类**: 对象存储｜上传下载

### 问题描述

https://sslfile.example.cn/1729.html帮忙查一下这个文件的上传IIP

### 客服解答

1. 您好，这边没有访问到这个文件的[图片]

2. 上传IP为：[IP已脱敏]

### 根本原因分析

可能存在访问密钥泄露风险

### 完整对话记录

```
**客户**：帮忙查一下这个文件的上传IIP
**客服**：上传IP为：[IP已脱敏]
**客户**：OK
```

---

## 问题 2: 更新**证书**部署了好几天了还处于`处理中`

**问题分类**: CDN｜证书问题

### 问题描述

同时部署的还有 sc-test-cdn2.example.com，
这两个域名就仍然处于处理中的状态

### 根本原因分析

证书部署流程可能遇到系统处理延迟

### 完整对话记录

```
**客户**：代码如下
string Bucket = \"7qiniu\";

if (ret.Code != 200)
{
    Console.WriteLine(ret);
}
**客服**：您好，这边手动介入下处理
```
";

fn parse(text: &str) -> Parsed {
    parse_markdown("a.md", text)
}

fn messages(p: &Parsed) -> Vec<String> {
    p.diagnostics.iter().map(ToString::to_string).collect()
}

/// Asserts that exactly one diagnostic contains `needle`, and returns it.
fn one<'p>(p: &'p Parsed, needle: &str) -> &'p Diagnostic {
    let found: Vec<_> = p
        .diagnostics
        .iter()
        .filter(|d| d.to_string().contains(needle))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one diagnostic with {needle:?} in {:#?}",
        messages(p)
    );
    found[0]
}

fn one_ticket(text: &str) -> (Ticket, Parsed) {
    let p = parse(text);
    assert_eq!(p.tickets.len(), 1, "{:#?}", messages(&p));
    (p.tickets[0].clone(), p)
}

#[test]
fn well_formed_archive_reads_without_diagnostics() {
    let p = parse(ARCHIVE);
    assert!(p.diagnostics.is_empty(), "{:#?}", messages(&p));
    assert_eq!(p.tickets.len(), 2);
}

#[test]
fn heading_gives_number_title_id_and_line() {
    let p = parse(ARCHIVE);
    let t = &p.tickets[0];
    assert_eq!(t.number, 1);
    assert_eq!(t.title, "https://sslfile.example.cn/1729.html");
    assert_eq!(t.id, "part32-1");
    assert_eq!(
        t.source,
        Source {
            file: "a.md".into(),
            line: 7
        }
    );
    assert_eq!(p.tickets[1].source.line, 35);
}

#[test]
fn title_loses_markup() {
    let p = parse(ARCHIVE);
    assert_eq!(p.tickets[1].title, "更新证书部署了好几天了还处于处理中");
}

#[test]
fn title_that_looks_like_a_block_stays_text() {
    let (t, _) = one_ticket("## 问题 5: 1. > 为什么 - 403\n\n**问题分类**: CDN｜配置问题\n");
    assert_eq!(t.title, "1. > 为什么 - 403");
}

#[test]
fn category_splits_into_product_and_subcategory() {
    let p = parse(ARCHIVE);
    assert_eq!(
        (
            p.tickets[0].product.as_str(),
            p.tickets[0].subcategory.as_str()
        ),
        ("对象存储", "上传下载")
    );
    assert_eq!(p.tickets[1].category(), "CDN｜证书问题");
}

#[test]
fn description_keeps_lines_and_urls() {
    let p = parse(ARCHIVE);
    assert_eq!(
        p.tickets[0].description,
        "https://sslfile.example.cn/1729.html帮忙查一下这个文件的上传IIP"
    );
    assert_eq!(
        p.tickets[1].description,
        "同时部署的还有 sc-test-cdn2.example.com，\n这两个域名就仍然处于处理中的状态"
    );
}

#[test]
fn answers_are_one_per_numbered_item_with_markers_kept() {
    let p = parse(ARCHIVE);
    assert_eq!(
        p.tickets[0].answers,
        [
            "您好，这边没有访问到这个文件的[图片]",
            "上传IP为：[IP已脱敏]"
        ]
    );
}

#[test]
fn answers_section_is_optional() {
    let p = parse(ARCHIVE);
    assert!(p.tickets[1].answers.is_empty());
    assert!(p.diagnostics.is_empty());
}

#[test]
fn answer_spanning_paragraphs_and_lines_stays_one() {
    let text = "## 问题 3: t\n\n**问题分类**: CDN｜配置问题\n\n### 客服解答\n\n1. 第一行\n   第二行\n\n   第二段\n2. 另一个\n";
    let (t, _) = one_ticket(text);
    assert_eq!(t.answers, ["第一行\n第二行\n\n第二段", "另一个"]);
}

#[test]
fn root_cause_is_read() {
    assert_eq!(
        parse(ARCHIVE).tickets[0].root_cause,
        "可能存在访问密钥泄露风险"
    );
}

#[test]
fn conversation_has_roles_in_order() {
    let t = &parse(ARCHIVE).tickets[0];
    let roles: Vec<_> = t.conversation.iter().map(|m| m.role).collect();
    assert_eq!(roles, [Role::Customer, Role::Agent, Role::Customer]);
    assert_eq!(t.conversation[1].text, "上传IP为：[IP已脱敏]");
}

#[test]
fn multi_line_message_stays_one_message() {
    let t = &parse(ARCHIVE).tickets[1];
    assert_eq!(t.conversation.len(), 2);
    assert_eq!(
        t.conversation[0].text,
        "代码如下\nstring Bucket = \"7qiniu\";\n\nif (ret.Code != 200)\n{\n    Console.WriteLine(ret);\n}"
    );
}

#[test]
fn missing_sections_are_warned_per_ticket() {
    let (t, p) = one_ticket("## 问题 9: 只有标题\n\n**问题分类**: CDN｜配置问题\n");
    assert_eq!(t.title, "只有标题");
    for name in ["问题描述", "根本原因分析", "完整对话记录"] {
        let d = one(&p, name);
        assert_eq!((d.line, d.severity), (Some(1), Severity::Warning));
    }
    assert_eq!(p.diagnostics.len(), 3);
}

#[test]
fn missing_category_files_the_ticket_as_uncategorised() {
    let (t, p) = one_ticket("## 问题 4: 标题\n\n### 问题描述\n\n描述\n");
    assert_eq!(
        (t.product.as_str(), t.subcategory.as_str()),
        (UNCATEGORISED, "")
    );
    assert_eq!(t.description, "描述");
    assert_eq!(one(&p, "no `**问题分类**:` line").line, Some(1));
}

#[test]
fn ascii_bar_is_read_as_the_separator_with_a_warning() {
    let (t, p) = one_ticket("## 问题 4: 标题\n\n**问题分类**: CDN | 证书问题\n");
    assert_eq!(
        (t.product.as_str(), t.subcategory.as_str()),
        ("CDN", "证书问题")
    );
    assert_eq!(one(&p, "ASCII `|`").line, Some(3));
}

#[test]
fn category_without_subcategory_is_warned() {
    let (t, p) = one_ticket("## 问题 4: 标题\n\n**问题分类**：CDN\n");
    assert_eq!((t.product.as_str(), t.subcategory.as_str()), ("CDN", ""));
    one(&p, "has no sub-category");
}

#[test]
fn the_archive_preamble_is_not_a_ticket_and_not_a_warning() {
    let p =
        parse("# 客户服务工单处理记录 - Part 7\n\n本文档包含工单记录。\n\n---\n\n## 问题 1: a\n");
    assert_eq!(p.tickets[0].id, "part7-1");
    assert!(!messages(&p).iter().any(|m| m.contains("outside")));
}

#[test]
fn ticket_content_before_the_first_heading_is_reported() {
    let text =
        "本文档\n\n**问题分类**: CDN｜配置问题\n\n### 问题描述\n\n丢失的工单\n\n## 问题 1: a\n";
    let p = parse(text);
    assert_eq!(p.tickets.len(), 1);
    assert_eq!(one(&p, "outside any `## 问题 N` ticket").line, Some(3));
}

#[test]
fn unclosed_fence_at_end_of_file_keeps_the_conversation() {
    let text = "## 问题 1: a\n\n### 完整对话记录\n\n```\n**客户**：你好\n**客服**：您好\n";
    let (t, p) = one_ticket(text);
    assert_eq!(t.conversation.len(), 2);
    assert_eq!(t.conversation[1].text, "您好");
    assert_eq!(one(&p, "not closed at the end of the file").line, Some(5));
}

#[test]
fn unclosed_fence_does_not_swallow_the_next_ticket() {
    let text = "## 问题 1: a\n\n### 完整对话记录\n\n```\n**客户**：你好\n\n---\n\n## 问题 2: b\n\n**问题分类**: CDN｜配置问题\n";
    let p = parse(text);
    assert_eq!(p.tickets.len(), 2);
    assert_eq!(p.tickets[1].product, "CDN");
    assert_eq!(
        one(&p, "not closed before the next ticket at line 10").line,
        Some(5)
    );
}

#[test]
fn four_backtick_fence_keeps_three_backtick_code_in_one_message() {
    let text = "## 问题 1: a\n\n### 完整对话记录\n\n````\n**客户**：配置如下\n```json\n{\"a\": 1}\n```\n**客服**：收到\n````\n";
    let (t, p) = one_ticket(text);
    assert_eq!(t.conversation.len(), 2);
    assert_eq!(t.conversation[0].text, "配置如下\n```json\n{\"a\": 1}\n```");
    assert!(
        !messages(&p).iter().any(|m| m.contains("fence")),
        "{:#?}",
        messages(&p)
    );
}

#[test]
fn heading_inside_a_closed_fence_of_another_ticket_is_still_a_ticket() {
    // A ticket heading always starts a ticket: an agent never pastes one,
    // and an unclosed fence must not hide the rest of the archive.
    let text = "## 问题 1: a\n\n```\n## 问题 2: b\n```\n";
    let p = parse(text);
    assert_eq!(p.tickets.len(), 2);
    one(&p, "not closed before the next ticket");
}

#[test]
fn repeated_number_keeps_both_under_distinct_ids() {
    let p = parse("# Part 3\n\n## 问题 1: a\n\n## 问题 1: b\n\n## 问题 1: c\n");
    let ids: Vec<_> = p.tickets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["part3-1", "part3-1-2", "part3-1-3"]);
    let d = one(&p, "part3-1-2");
    assert_eq!(d.line, Some(5));
    assert!(d.message.contains("first at line 3"));
}

#[test]
fn numbers_restart_with_each_archive_heading_in_one_file() {
    let p = parse("# 记录 - Part 1\n\n## 问题 1: a\n\n# 记录 - Part 2\n\n## 问题 1: b\n");
    let ids: Vec<_> = p.tickets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["part1-1", "part2-1"]);
    assert!(!messages(&p).iter().any(|m| m.contains("appears again")));
}

#[test]
fn archive_without_part_heading_is_keyed_by_file_name() {
    let p = parse_markdown("dir/Tickets 2024.md", "## 问题 1: a\n");
    assert_eq!(p.tickets[0].id, "tickets-2024-1");
}

#[test]
fn crlf_and_bom_give_the_same_tickets_as_lf() {
    let crlf = format!("\u{feff}{}", ARCHIVE.replace('\n', "\r\n"));
    let a = parse(ARCHIVE);
    let b = parse(&crlf);
    assert_eq!(a.tickets, b.tickets);
    assert_eq!(messages(&a), messages(&b));
}

#[test]
fn empty_input_says_no_tickets_found() {
    for text in ["", "\n\n", "# 客户服务工单处理记录 - Part 1\n\n没有工单\n"] {
        let p = parse(text);
        assert!(p.tickets.is_empty());
        assert_eq!(messages(&p), ["a.md: warning: no tickets found"]);
    }
}

#[test]
fn heading_without_number_is_reported_and_skipped() {
    let p = parse("## 问题: 没有编号\n\n## 问题 2: b\n");
    assert_eq!(p.tickets.len(), 1);
    assert_eq!(one(&p, "has no number").line, Some(1));
}

#[test]
fn heading_variants_are_read() {
    for (line, title) in [
        ("## 问题 12：全角冒号", "全角冒号"),
        ("##问题 12: 无空格", "无空格"),
        ("## 问题12 紧凑", "紧凑"),
        ("   ## 问题 12: 缩进 ##", "缩进"),
    ] {
        let p = parse(&format!("{line}\n"));
        assert_eq!(p.tickets.len(), 1, "{line}");
        assert_eq!(
            (p.tickets[0].number, p.tickets[0].title.as_str()),
            (12, title),
            "{line}"
        );
    }
}

#[test]
fn unknown_section_and_stray_text_are_reported() {
    let text = "## 问题 1: a\n\n杂项\n\n**问题分类**: CDN｜配置问题\n\n### 附件\n\n附件内容\n";
    let p = parse(text);
    assert_eq!(one(&p, "first section is ignored").line, Some(3));
    assert_eq!(one(&p, "unknown section `### 附件`").line, Some(7));
}

#[test]
fn duplicate_section_is_joined_with_a_warning() {
    let text = "## 问题 1: a\n\n### 问题描述\n\n一\n\n### 问题描述\n\n二\n";
    let (t, p) = one_ticket(text);
    assert_eq!(t.description, "一\n\n二");
    assert_eq!(one(&p, "appears twice").line, Some(7));
}

#[test]
fn conversation_oddities_are_reported_with_lines() {
    let text = "## 问题 1: a\n\n### 完整对话记录\n\n```\n开场白\n**客户**：问\n**机器人**：自动回复\n**客服**：答\n```\n";
    let (t, p) = one_ticket(text);
    let texts: Vec<_> = t
        .conversation
        .iter()
        .map(|m| (m.role, m.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (Role::Customer, "开场白"),
            (Role::Customer, "问\n**机器人**：自动回复"),
            (Role::Agent, "答")
        ]
    );
    assert_eq!(one(&p, "starts without a speaker").line, Some(6));
    assert_eq!(one(&p, "unknown speaker").line, Some(8));
}

#[test]
fn unfenced_conversation_is_read_from_its_lines() {
    let text = "## 问题 1: a\n\n### 完整对话记录\n\n**客户**：问题\n**客服**：回答\n";
    let (t, _) = one_ticket(text);
    assert_eq!(t.conversation.len(), 2);
    assert_eq!(t.conversation[1].text, "回答");
}

#[test]
fn literal_html_and_links_stay_text() {
    let text = "## 问题 1: <img src=x onerror=alert(1)>\n\n### 问题描述\n\n<script>alert(1)</script>\n\n见 [文档](https://developer.example.com/kodo) 和 <https://a.example>\n";
    let (t, _) = one_ticket(text);
    assert_eq!(t.title, "<img src=x onerror=alert(1)>");
    assert!(
        t.description.starts_with("<script>alert(1)</script>"),
        "{}",
        t.description
    );
    assert!(
        t.description
            .ends_with("见 文档 (https://developer.example.com/kodo) 和 https://a.example"),
        "{}",
        t.description
    );
}

#[test]
fn setext_underline_after_text_does_not_break_the_ticket() {
    let text = "## 问题 1: a\n\n### 根本原因分析\n\n原因\n---\n## 问题 2: b\n";
    let p = parse(text);
    assert_eq!(p.tickets.len(), 2);
    assert_eq!(p.tickets[0].root_cause, "原因");
}

#[test]
fn lone_carriage_returns_end_lines_as_in_commonmark() {
    let p = parse("# Part 1\r\r## 问题 1: a\r");
    assert_eq!(p.tickets[0].source.line, 3);
    assert_eq!(p.tickets[0].title, "a");
}

use super::*;
use crate::{parse_markdown, Message, Role, Source};

/// The kinds and texts `find` reports in `text`.
fn found(text: &str) -> Vec<(Kind, &str)> {
    find(text)
        .into_iter()
        .map(|m| (m.kind, &text[m.range]))
        .collect()
}

fn none(texts: &[&str]) {
    for t in texts {
        assert_eq!(found(t), [], "{t:?} has no leftovers");
    }
}

// Lines of the bundled sample, as the archive has them.
const SAMPLE_TOKEN: &str = "https://qiniu.dianyuelife.com/Fg0BMm2wyVvN8YjPs2miTyP8T1IR?e=1729653099&token=i2sShx2L_M-UfS6I2E4T5qaw7b0FTqBcKPKtUXwZ:jQ6rZ9UGGcMsW0duSf-M8oXTJt4=我想把上面的链接地址用java代码的方式下载到本地报401错误";
const SAMPLE_TOKEN_THEN_WORD: &str = "例如这个链接http://images.heyibeef.com/dingfiles%2F37321_test.jpg?e=1729660695&token=ynFp8QwugN7Vl9IoVMcrFq66Rdk_tt16NjNXSacj:kkpvGdyaUqxbc38PEuIvwZHHL9A=URL过期时间 e=1729660695 (即 2024-10-23 13:18:15 )可到现在";
const SAMPLE_PLACEHOLDER: &str =
    "一个完整的私有资源 URL 如下所示：http://<domain>/<key>?e=<deadline>&token=<downloadToken>";

#[test]
fn access_keys_in_signed_urls() {
    assert_eq!(
        found(SAMPLE_TOKEN),
        [(
            Kind::AccessKey,
            "i2sShx2L_M-UfS6I2E4T5qaw7b0FTqBcKPKtUXwZ:jQ6rZ9UGGcMsW0duSf-M8oXTJt4="
        )]
    );
    // The padding ends the signature: `URL` after it is text.
    assert_eq!(
        found(SAMPLE_TOKEN_THEN_WORD),
        [(
            Kind::AccessKey,
            "ynFp8QwugN7Vl9IoVMcrFq66Rdk_tt16NjNXSacj:kkpvGdyaUqxbc38PEuIvwZHHL9A="
        )]
    );
    // No padding, at the end of the text; `attname=&e=…&token=`.
    let t = "https://a.example.com/k?attname=&e=1729668491&token=i2sShx2L_M-UfS6I2E4T5qaw7b0FTqBcKPKtUXwZ:o4aFdMVgn04JlBSVue1mEId1c8g";
    assert_eq!(
        found(t),
        [(
            Kind::AccessKey,
            "i2sShx2L_M-UfS6I2E4T5qaw7b0FTqBcKPKtUXwZ:o4aFdMVgn04JlBSVue1mEId1c8g"
        )]
    );
    // URL-encoded padding, and an upload token's policy part.
    assert_eq!(
        found("?token=AKAKAKAKAKAK:c2lnbmF0dXJlc2ln%3D&x=1"),
        [(Kind::AccessKey, "AKAKAKAKAKAK:c2lnbmF0dXJlc2ln%3D")]
    );
    assert_eq!(
        found("uptoken token=AKAKAKAKAKAK:c2lnbmF0dXJl=:eyJzY29wZSI6ImJ1Y2tldCJ9 ok"),
        [(
            Kind::AccessKey,
            "AKAKAKAKAKAK:c2lnbmF0dXJl=:eyJzY29wZSI6ImJ1Y2tldCJ9"
        )]
    );
    // A signed URL (`e=<expiry>`) whose token has no access-key shape.
    assert_eq!(
        found("http://x.example.com/a.jpg?e=1729660695&token=Zm9vYmFyYmF6cXV4cXV1eA== 打不开"),
        [(Kind::AccessKey, "Zm9vYmFyYmF6cXV4cXV1eA==")]
    );
}

#[test]
fn tokens_that_are_not_credentials() {
    none(&[
        SAMPLE_PLACEHOLDER,
        "两个参数e和token，分别表示过期时间和下载凭证",
        "?token=short:sig",
        // An opaque value outside a signed URL.
        "?token=Zm9vYmFyYmF6cXV4cXV1eA==",
        "access_token=AKAKAKAKAKAK:c2lnbmF0dXJl",
        "mytoken=AKAKAKAKAKAK:c2lnbmF0dXJl",
        "https://a.example.com/k?e=1729668491&token=[REDACTED_TOKEN]",
    ]);
}

#[test]
fn ipv4_addresses_from_the_sample() {
    assert_eq!(
        found("2. ping 一下120.76.55.15 看看是否正常"),
        [(Kind::Ipv4, "120.76.55.15")]
    );
    assert_eq!(
        found("在hosts文件加入185.232.59.134  imgslim.geekpark.net 如果"),
        [(Kind::Ipv4, "185.232.59.134")]
    );
    // A mistyped address is still an address (the real one is near).
    assert_eq!(
        found("上传IP可能是106.33.166.519：05的两次访问"),
        [(Kind::Ipv4, "106.33.166.519")]
    );
    assert_eq!(
        found("我将 36.35.38.217这个ip加入了黑名单"),
        [(Kind::Ipv4, "36.35.38.217")]
    );
}

#[test]
fn ipv4_addresses_in_other_places() {
    assert_eq!(found("http://10.0.0.1:8080/x"), [(Kind::Ipv4, "10.0.0.1")]);
    assert_eq!(found("IP:1.2.3.4."), [(Kind::Ipv4, "1.2.3.4")]);
    assert_eq!(found("ip=8.8.8.8&x"), [(Kind::Ipv4, "8.8.8.8")]);
    assert_eq!(found("1.2.3.0/24 网段"), [(Kind::Ipv4, "1.2.3.0")]);
    // Full-width digits and dots, as a Chinese IME types them.
    assert_eq!(
        found("地址１２０．７６．５５．１５"),
        [(Kind::Ipv4, "１２０．７６．５５．１５")]
    );
}

#[test]
fn versions_dates_and_markers_are_no_addresses() {
    none(&[
        "[IP已脱敏]",
        "上传IP为：[IP已脱敏]，下载IP为 [IP已脱敏]",
        "v1.2.3.4",
        "升级到 V2.0.0.1 后",
        "jdk1.8.0.1",
        "版本 1.0.0.1",
        "版本号：1.0.0.1",
        "version: 2.3.4.5",
        "Ver 2.3.4.5",
        "SDK 7.2.3 和 1.2.3",
        "1.2.3.4.5",
        "OID 1.3.6.1.4.1",
        "Windows 10.0.19041.1",
        "日期 2024.10.23",
        "2024.10.23.1",
        "2024-10-23 13:18:15",
        "耗时 1.5 秒，共 3.2.1 条",
    ]);
}

#[test]
fn ipv6_addresses() {
    assert_eq!(
        found("源站 2001:0db8:85a3:0000:0000:8a2e:0370:7334 不通"),
        [(Kind::Ipv6, "2001:0db8:85a3:0000:0000:8a2e:0370:7334")]
    );
    assert_eq!(
        found("ping 2001:db8::1 超时"),
        [(Kind::Ipv6, "2001:db8::1")]
    );
    assert_eq!(
        found("访问 [240e:3b0:1::5]:443 失败"),
        [(Kind::Ipv6, "240e:3b0:1::5")]
    );
    assert_eq!(found("::ffff:1.2.3.4"), [(Kind::Ipv6, "::ffff:1.2.3.4")]);
    assert_eq!(
        found("前缀 2001:db8:1:: 下"),
        [(Kind::Ipv6, "2001:db8:1::")]
    );
}

#[test]
fn times_macs_and_code_are_no_ipv6() {
    none(&[
        "23:46:29",
        "2024-10-23 13:18:15",
        "12:00:00:00",
        "aa:bb:cc:dd:ee:ff",
        "00:1a:2b:3c:4d:5e",
        "std::vector",
        "Abc::Def",
        "::1",
        "a::b",
        "1:2:3:4:5:6:7:8:9",
        "http://host:8080/path",
    ]);
}

#[test]
fn mobile_numbers() {
    assert_eq!(found("电话13812345678谢谢"), [(Kind::Phone, "13812345678")]);
    assert_eq!(found("tel:19912345678"), [(Kind::Phone, "19912345678")]);
    assert_eq!(found("+8613812345678"), [(Kind::Phone, "+8613812345678")]);
    assert_eq!(found("+86 13812345678"), [(Kind::Phone, "13812345678")]);
    assert_eq!(found("008613812345678"), [(Kind::Phone, "008613812345678")]);
    assert_eq!(
        found("手机 138-1234-5678。"),
        [(Kind::Phone, "138-1234-5678")]
    );
    assert_eq!(
        found("手机 138 1234 5678"),
        [(Kind::Phone, "138 1234 5678")]
    );
    assert_eq!(found("img_13812345678.jpg"), [(Kind::Phone, "13812345678")]);
    assert_eq!(
        found("１３８１２３４５６７８"),
        [(Kind::Phone, "１３８１２３４５６７８")]
    );
}

#[test]
fn numbers_that_are_no_mobile_numbers() {
    none(&[
        // 11 digits, but not 1[3-9]…
        "12345678901",
        "10086123456",
        "20241023120",
        // Inside longer digit runs: timestamps, order numbers, ids.
        "17296097961479",
        "订单号 202410231201538551",
        "8111701012500518481",
        "446852238639",
        "8613812345678",
        "e=1729653099",
        "uid 1380469264",
        // Glued to letters (hashes, request ids) or a decimal.
        "cce6b69e13812345678ab",
        "reqid13812345678",
        "3.13812345678",
        "138-1234-56789",
        "2024-10-23",
    ]);
}

#[test]
fn email_addresses() {
    assert_eq!(
        found("联系邮箱zhang.san@example.com谢谢"),
        [(Kind::Email, "zhang.san@example.com")]
    );
    assert_eq!(
        found("发到 ops+cdn@mail.example.co.uk."),
        [(Kind::Email, "ops+cdn@mail.example.co.uk")]
    );
    // A phone number as the local part: one e-mail address, not a phone.
    assert_eq!(
        found("13812345678@163.com"),
        [(Kind::Email, "13812345678@163.com")]
    );
    assert_eq!(found("a＠example．com"), [(Kind::Email, "a＠example．com")]);
}

#[test]
fn at_signs_that_are_no_email_addresses() {
    none(&[
        "vue@3.2.1",
        "npm i qiniu-js@3.4.1",
        "logo@2x.png",
        "@张三 请看",
        "user@localhost",
        "a@b.c",
        "@media screen",
        "[REDACTED_EMAIL]",
    ]);
}

#[test]
fn mask_uses_the_archive_markers() {
    assert_eq!(
        mask(SAMPLE_TOKEN_THEN_WORD),
        "例如这个链接http://images.heyibeef.com/dingfiles%2F37321_test.jpg?e=1729660695&token=[REDACTED_TOKEN]URL过期时间 e=1729660695 (即 2024-10-23 13:18:15 )可到现在"
    );
    assert_eq!(
        mask("IP 1.2.3.4 和 2001:db8::1，电话 13812345678，邮箱 a@example.com"),
        "IP [IP已脱敏] 和 [IP已脱敏]，电话 [REDACTED_PHONE]，邮箱 [REDACTED_EMAIL]"
    );
    assert_eq!(mask("没有"), "没有");
}

#[test]
fn masking_twice_changes_nothing() {
    for text in [
        SAMPLE_TOKEN,
        SAMPLE_TOKEN_THEN_WORD,
        "IP 1.2.3.4 和 2001:db8::1，电话 +8613812345678，邮箱 a@example.com",
    ] {
        let once = mask(text);
        assert_eq!(found(&once), [], "{once}");
        assert_eq!(mask(&once), once);
    }
}

fn ticket() -> Ticket {
    Ticket {
        id: "part1-7".into(),
        number: 7,
        title: "服务器 1.2.3.4 访问慢".into(),
        product: "CDN".into(),
        subcategory: "访问".into(),
        description: "联系 13812345678".into(),
        answers: vec!["您好".into(), "请 ping 1.2.3.4".into()],
        root_cause: "无".into(),
        conversation: vec![
            Message {
                role: Role::Customer,
                text: SAMPLE_TOKEN.into(),
            },
            Message {
                role: Role::Agent,
                text: "请 ping 1.2.3.4".into(),
            },
        ],
        source: Source {
            file: "a.md".into(),
            line: 3,
        },
    }
}

#[test]
fn scan_names_ticket_field_and_text() {
    let found: Vec<_> = scan(&ticket())
        .into_iter()
        .map(|f| (f.kind, f.field.to_string(), f.text, f.line, f.exact_line))
        .collect();
    assert_eq!(
        found,
        [
            (Kind::Ipv4, "title".into(), "1.2.3.4".into(), 3, false),
            (
                Kind::Phone,
                "description".into(),
                "13812345678".into(),
                3,
                false
            ),
            (Kind::Ipv4, "answers[1]".into(), "1.2.3.4".into(), 3, false),
            (
                Kind::AccessKey,
                "conversation[0]".into(),
                "i2sShx2L_M-UfS6I2E4T5qaw7b0FTqBcKPKtUXwZ:jQ6rZ9UGGcMsW0duSf-M8oXTJt4=".into(),
                3,
                false
            ),
            (
                Kind::Ipv4,
                "conversation[1]".into(),
                "1.2.3.4".into(),
                3,
                false
            ),
        ]
    );
}

#[test]
fn redact_masks_the_texts_and_keeps_id_and_source() {
    let mut t = ticket();
    let before = t.clone();
    let findings = redact(&mut t);
    assert_eq!(findings, scan(&before));
    assert_eq!(t.title, "服务器 [IP已脱敏] 访问慢");
    assert_eq!(t.description, "联系 [REDACTED_PHONE]");
    assert_eq!(t.answers[1], "请 ping [IP已脱敏]");
    assert!(t.conversation[0]
        .text
        .contains("&token=[REDACTED_TOKEN]我想把"));
    assert_eq!(
        (&t.id, &t.source, &t.product),
        (&before.id, &before.source, &before.product)
    );
    assert_eq!(scan(&t), []);
    assert_eq!(redact(&mut t), []);
}

#[test]
fn shown_text_is_partly_masked() {
    let shown: Vec<String> = scan(&ticket()).iter().map(Finding::shown).collect();
    assert_eq!(
        shown,
        [
            "1.2.*.*",
            "138****5678",
            "1.2.*.*",
            "token=i2sS…",
            "1.2.*.*"
        ]
    );
    let mut t = ticket();
    t.description = "邮箱 zhang@example.com，手机 138-1234-5678，源站 2001:db8::1".into();
    let shown: Vec<String> = scan(&t)
        .iter()
        .filter(|f| f.field == Field::Description)
        .map(Finding::shown)
        .collect();
    assert_eq!(shown, ["z***@example.com", "138-****-5678", "2001:…"]);
}

#[test]
fn a_finding_reads_as_a_warning() {
    let findings = scan(&ticket());
    assert_eq!(
        findings[1].warning().to_string(),
        "a.md:3: warning: possible mobile number left in ticket part1-7 (description): 138****5678 (line of the ticket's heading)"
    );
}

#[test]
fn a_jsonl_ticket_is_on_its_own_line() {
    let mut t = ticket();
    t.source = Source {
        file: "t.jsonl".into(),
        line: 5,
    };
    assert!(scan(&t).iter().all(|f| f.exact_line && f.line == 5));
}

/// An archive in which the same address appears in the title, an answer and
/// two messages, and a token sits in a fenced conversation.
const ARCHIVE: &str = "# 记录 - Part 1

## 问题 1: 无关

**问题分类**: CDN｜访问

### 问题描述

没有

### 根本原因分析

无

### 完整对话记录

```
**客户**：1.2.3.4
```

## 问题 7: 服务器 1.2.3.4 访问慢

**问题分类**: CDN｜访问

### 问题描述

第一段

联系 13812345678

### 客服解答

1. 您好

2. 请 ping 1.2.3.4

### 根本原因分析

无

### 完整对话记录

```
**客户**：https://qiniu.dianyuelife.com/Fg0BMm2wyVvN8YjPs2miTyP8T1IR?e=1729653099&token=i2sShx2L_M-UfS6I2E4T5qaw7b0FTqBcKPKtUXwZ:jQ6rZ9UGGcMsW0duSf-M8oXTJt4=我想把上面的链接地址用java代码的方式下载到本地报401错误
**客服**：请 ping 1.2.3.4
### 不是标题
**客户**：还是 1.2.3.4
```
";

fn located(archive: &str) -> Vec<(String, u32, bool)> {
    let parsed = parse_markdown("a.md", archive);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let mut findings: Vec<Finding> = parsed.tickets.iter().flat_map(scan).collect();
    locate_in("a.md", archive, &mut findings);
    findings
        .into_iter()
        .map(|f| (format!("{} {}", f.ticket, f.field), f.line, f.exact_line))
        .collect()
}

#[test]
fn locate_finds_the_line_in_the_archive() {
    let lines: Vec<&str> = ARCHIVE.split('\n').collect();
    let got = located(ARCHIVE);
    assert_eq!(
        got,
        [
            ("part1-1 conversation[0]".into(), 18, true),
            ("part1-7 title".into(), 21, true),
            ("part1-7 description".into(), 29, true),
            ("part1-7 answers[1]".into(), 35, true),
            ("part1-7 conversation[0]".into(), 44, true),
            ("part1-7 conversation[1]".into(), 45, true),
            ("part1-7 conversation[2]".into(), 47, true),
        ]
    );
    for (_, line, _) in &got {
        let line = lines[*line as usize - 1];
        assert!(
            line.contains("1.2.3.4") || line.contains("13812345678") || line.contains("token="),
            "{line}"
        );
    }
    // CRLF and a byte-order mark give the same lines.
    let crlf = format!("\u{feff}{}", ARCHIVE.replace('\n', "\r\n"));
    assert_eq!(located(&crlf), got);
}

#[test]
fn locate_keeps_the_heading_line_when_unsure() {
    let parsed = parse_markdown("a.md", ARCHIVE);
    let mut findings: Vec<Finding> = parsed.tickets.iter().flat_map(scan).collect();
    // The archive changed since it was read: the ticket moved down a line.
    let changed = ARCHIVE.replacen("## 问题 7", "\n## 问题 7", 1);
    locate_in("a.md", &changed, &mut findings);
    let seven: Vec<_> = findings.iter().filter(|f| f.ticket == "part1-7").collect();
    assert!(seven.iter().all(|f| !f.exact_line && f.line == 21));
    // Markup hides the text in the source (an escaped dot): not found there.
    let escaped = ARCHIVE.replace("2. 请 ping 1.2.3.4", "2. 请 ping 1\\.2.3.4");
    let parsed = parse_markdown("a.md", &escaped);
    assert_eq!(parsed.tickets[1].answers[1], "请 ping 1.2.3.4");
    let mut findings: Vec<Finding> = parsed.tickets.iter().flat_map(scan).collect();
    locate_in("a.md", &escaped, &mut findings);
    let answer = findings
        .iter()
        .find(|f| f.field == Field::Answer(1))
        .expect("an answer finding");
    assert_eq!((answer.line, answer.exact_line), (21, false));
    // The other fields of the ticket are still found.
    assert!(findings
        .iter()
        .filter(|f| f.field != Field::Answer(1))
        .all(|f| f.exact_line));
    // Another file's findings are not touched.
    let mut other: Vec<Finding> = parse_markdown("b.md", ARCHIVE)
        .tickets
        .iter()
        .flat_map(scan)
        .collect();
    locate_in("a.md", ARCHIVE, &mut other);
    assert!(other.iter().all(|f| !f.exact_line));
}

/// Resource bounds: a ticket of several MB with 100k leftovers, and one
/// URL-like word of 1.5 MB full of `token=`s, take linear time (quadratic
/// counting or look-around would take minutes here).
#[test]
fn big_texts_full_of_leftovers_take_linear_time() {
    let started = std::time::Instant::now();
    let mut t = ticket();
    t.description = "ping 10.0.0.1 或 13812345678，".repeat(50_000);
    t.conversation = (0..20_000)
        .map(|_| Message {
            role: Role::Customer,
            text: "请 ping 1.2.3.4".into(),
        })
        .collect();
    let findings = scan(&t);
    assert_eq!(findings.len(), 1 + 100_000 + 1 + 20_000);
    let last = findings.last().expect("findings");
    assert_eq!((last.occurrence, last.occurrences), (19_999, 20_000));
    let word = "&token=Zm9vYmFyYmF6cXV4cXV1eA".repeat(50_000);
    assert_eq!(find(&word), []);
    assert_eq!(find(&format!("?e=1729653099{word}")).len(), 50_000);
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 30, "{elapsed:?}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text made of the pieces the matchers look at, in any order.
    fn texty() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "[0-9]{1,4}",
            "1[3-9][0-9]{9}",
            Just(".".to_owned()),
            Just(":".to_owned()),
            Just("::".to_owned()),
            Just("@".to_owned()),
            Just("＠".to_owned()),
            Just("token=".to_owned()),
            Just("?e=1729653099&".to_owned()),
            Just("=".to_owned()),
            Just("%3D".to_owned()),
            Just("+86".to_owned()),
            Just("-".to_owned()),
            Just(" ".to_owned()),
            Just("\n".to_owned()),
            Just("[IP已脱敏]".to_owned()),
            "[a-fA-F]{1,4}",
            "[g-zG-Z_]{1,3}",
            "[０-９．：]{1,3}",
            "[证书问题]{1,2}",
        ];
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn matches_are_ordered_single_line_and_masking_is_final(text in texty()) {
            let matches = find(&text);
            let mut end = 0;
            for m in &matches {
                prop_assert!(m.range.start >= end && m.range.start < m.range.end);
                prop_assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
                prop_assert!(!text[m.range.clone()].contains('\n'));
                end = m.range.end;
            }
            let once = mask(&text);
            prop_assert_eq!(find(&once), vec![], "{}", once);
        }
    }
}

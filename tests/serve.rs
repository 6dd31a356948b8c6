//! `ticketsearch serve` over real sockets: MIME types, gzip, traversal refused.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command};

use crate::util::{root, ticketsearch, TempDir, SAMPLE};

struct Server(Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(site: &str) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_ticketsearch"))
        .args(["serve", site, "--port", &port.to_string()])
        .current_dir(root())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Server(child, port)
}

/// (head, body) of a raw GET.
fn get(port: u16, target: &str, gzip: bool) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let accept = if gzip {
        "Accept-Encoding: gzip, br\r\n"
    } else {
        ""
    };
    write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\n{accept}\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    (
        String::from_utf8_lossy(&raw[..split]).into_owned(),
        raw[split + 4..].to_vec(),
    )
}

#[test]
fn serves_a_site_with_types_gzip_and_no_way_out() {
    let dir = TempDir::new("serve");
    let site = dir.path().join("site").display().to_string();
    assert!(ticketsearch(&["build", SAMPLE, "--out", &site])
        .status
        .success());
    let server = serve(&site);

    let (head, body) = get(server.1, "/ticketsearch_wasm_bg.wasm", false);
    assert!(
        head.starts_with("HTTP/1.1 200") && head.contains("Content-Type: application/wasm"),
        "{head}"
    );
    assert!(!head.contains("Content-Encoding"));
    let (head, zipped) = get(server.1, "/ticketsearch_wasm_bg.wasm", true);
    assert!(head.contains("Content-Encoding: gzip"), "{head}");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(&zipped[..])
        .read_to_end(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, body);
    assert!(zipped.len() < body.len() * 2 / 3);

    let (head, _) = get(server.1, "/", false);
    assert!(head.contains("text/html"), "{head}");
    for bad in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/index/../../Cargo.toml",
    ] {
        let (head, _) = get(server.1, bad, false);
        assert!(head.starts_with("HTTP/1.1 404"), "{bad}: {head}");
    }
    let (head, _) = get(server.1, "/index/manifest.bin", false);
    assert!(
        !head.contains("Access-Control-Allow-Origin"),
        "CORS only with --cors"
    );
}

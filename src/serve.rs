//! `ticketsearch serve`: a local preview server for a built site.
//!
//! Static files only, GET and HEAD, gzip when the browser accepts it (as
//! static hosts serve), one thread per connection. Binds
//! 127.0.0.1 unless told otherwise; paths are percent-decoded and any `..`
//! or absolute component is refused, so nothing outside the site is served.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context};

use crate::cli::ServeArgs;

pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let root = args
        .site
        .canonicalize()
        .with_context(|| format!("cannot open {}", args.site.display()))?;
    if !root.join(format::MANIFEST_PATH).is_file() {
        bail!(
            "{} is not a site built by `ticketsearch build` ({} is missing)",
            args.site.display(),
            format::MANIFEST_PATH
        );
    }
    let listener = TcpListener::bind((args.host.as_str(), args.port))
        .with_context(|| format!("cannot listen on {}:{}", args.host, args.port))?;
    let addr = listener.local_addr()?;
    eprintln!(
        "serving {} on http://{addr}/ (Ctrl-C to stop)",
        root.display()
    );
    let root = Arc::new(root);
    let cors = args.cors;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = Arc::clone(&root);
        std::thread::spawn(move || {
            let _ = handle(stream, &root, cors);
        });
    }
    Ok(ExitCode::SUCCESS)
}

fn handle(mut stream: TcpStream, root: &Path, cors: bool) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.by_ref().take(8192).read_line(&mut request)?;
    // Headers: only Accept-Encoding matters here.
    let mut line = String::new();
    let mut gzip = false;
    while reader.by_ref().take(8192).read_line(&mut line)? > 2 {
        if let Some((name, value)) = line.split_once(':') {
            gzip |= name.trim().eq_ignore_ascii_case("accept-encoding") && value.contains("gzip");
        }
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head = method == "HEAD";
    let (status, content_type, body) = if method != "GET" && !head {
        (
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        )
    } else {
        match resolve(root, target) {
            Some(path) => match std::fs::read(&path) {
                Ok(bytes) => ("200 OK", mime(&path), bytes),
                Err(_) => not_found(),
            },
            None => not_found(),
        }
    };
    // Compressed as static hosts do it, so that what a preview transfers is
    // what a visitor will.
    let (body, encoding) = if gzip && body.len() > 256 {
        (
            gzipped(&body)?,
            "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n",
        )
    } else {
        (body, "")
    };
    let mut header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{encoding}Cache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    if cors {
        header.push_str("Access-Control-Allow-Origin: *\r\n");
    }
    header.push_str("\r\n");
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(&body)?;
    }
    stream.flush()
}

fn gzipped(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes)?;
    encoder.finish()
}

fn not_found() -> (&'static str, &'static str, Vec<u8>) {
    (
        "404 Not Found",
        "text/plain; charset=utf-8",
        b"not found\n".to_vec(),
    )
}

/// The file a request target names inside `root`, if it is one.
pub fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let decoded = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    // Symlinks must not lead out of the site either.
    let real = out.canonicalize().ok()?;
    (real.starts_with(root) && real.is_file()).then_some(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    (!s.contains('\0') && !s.contains('\\')).then_some(s)
}

/// The MIME type of a site file.
pub fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let root = std::env::temp_dir().join(format!("ts-serve-{}", std::process::id()));
        std::fs::create_dir_all(root.join("index")).unwrap();
        std::fs::write(root.join("index.html"), "x").unwrap();
        std::fs::write(root.join("index/manifest.bin"), "x").unwrap();
        let root = root.canonicalize().unwrap();
        assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/index/manifest.bin?v=1"),
            Some(root.join("index/manifest.bin"))
        );
        assert_eq!(
            resolve(&root, "/%69ndex.html"),
            Some(root.join("index.html"))
        );
        for bad in [
            "/../etc/passwd",
            "/index/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/..%2fetc",
            "//etc/passwd",
            "/%00",
            "/missing.js",
            "/%zz",
        ] {
            assert_eq!(resolve(&root, bad), None, "{bad}");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn wasm_is_served_as_wasm() {
        assert_eq!(
            mime(Path::new("a/ticketsearch_wasm_bg.wasm")),
            "application/wasm"
        );
        assert_eq!(mime(Path::new("app.js")), "text/javascript; charset=utf-8");
    }
}

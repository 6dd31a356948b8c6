//! `cargo xtask bench`: ticketsearch side by side with Pagefind, MiniSearch
//! and FlexSearch on generated corpora of 1k, 10k and 100k tickets, in one
//! run on this machine (bench/scale.mjs does the measuring), with the
//! result written into BENCHMARKS.md between its `bench:scale` markers.

use std::path::Path;
use std::process::Command;

use crate::{bundle, cargo, ensure_chromium, run, Result};

const BEGIN: &str = "<!-- bench:scale:begin (written by `cargo xtask bench`) -->";
const END: &str = "<!-- bench:scale:end -->";

pub fn run_bench(root: &Path, args: &[String]) -> Result {
    let mut sizes = vec!["1000", "10000", "100000"];
    let mut write = true;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--sizes" => {
                let list = it.next().ok_or("--sizes needs a value, e.g. 1000,10000")?;
                sizes = list.split(',').map(str::trim).collect();
            }
            "--no-write" => write = false,
            other => return Err(format!("unknown argument {other}\nusage: cargo xtask bench [--sizes 1000,10000,100000] [--no-write]")),
        }
    }
    for n in &sizes {
        n.parse::<u32>()
            .map_err(|_| format!("--sizes takes ticket counts like 1000,10000; not {n}"))?;
    }
    ensure_chromium()?;
    ensure_gnu_time()?;
    // The peers, at the versions of bench/package-lock.json.
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root.join("bench")))?;
    bundle::build(root)?;
    run(cargo().args(["build", "--release", "-p", "ticketsearch", "-p", "xtask"]))?;
    // Paths relative to the root (the command's working directory), so the
    // command line written into BENCHMARKS.md reads the same on any machine.
    let out = Path::new("target/bench");
    std::fs::create_dir_all(root.join(out)).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut corpora = Vec::new();
    for n in &sizes {
        let file = out.join(format!("t{n}.md"));
        // Same N and seed, same bytes: a corpus made once is kept.
        if !root.join(&file).exists() {
            run(Command::new(root.join("target/release/xtask"))
                .args(["gen-corpus", "--tickets", n, "--seed", "1", "--out"])
                .arg(&file)
                .current_dir(root))?;
        }
        corpora.push(file);
    }
    let md = out.join("scale.md");
    let json = out.join("scale.json");
    let mut cmd = Command::new("node");
    cmd.arg("bench/scale.mjs")
        .arg("--bin")
        .arg("target/release/ticketsearch");
    for c in &corpora {
        cmd.arg("--corpus").arg(c);
    }
    cmd.arg("--out")
        .arg(&json)
        .arg("--md")
        .arg(&md)
        .current_dir(root);
    run(&mut cmd)?;
    let table =
        std::fs::read_to_string(root.join(&md)).map_err(|e| format!("{}: {e}", md.display()))?;
    print!("{table}");
    if write {
        let path = root.join("BENCHMARKS.md");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("BENCHMARKS.md: {e}"))?;
        std::fs::write(&path, replace_section(&text, table.trim_end()))
            .map_err(|e| format!("BENCHMARKS.md: {e}"))?;
        eprintln!(
            "xtask: wrote the table into BENCHMARKS.md (raw numbers: {})",
            json.display()
        );
    }
    Ok(())
}

/// `text` with what lies between the markers replaced by `table` (the
/// markers are appended, with the table, when missing).
fn replace_section(text: &str, table: &str) -> String {
    match (text.find(BEGIN), text.find(END)) {
        (Some(b), Some(e)) if b < e => {
            format!("{}{BEGIN}\n{table}\n{}", &text[..b], &text[e..])
        }
        _ => format!("{}\n\n{BEGIN}\n{table}\n{END}\n", text.trim_end()),
    }
}

/// GNU time measures every engine's build the same way (wall and peak RSS).
fn ensure_gnu_time() -> Result {
    if Path::new("/usr/bin/time").exists() {
        return Ok(());
    }
    run(Command::new("sh").args(["-c", "apt-get update && apt-get install -y time"]))
        .map_err(|e| format!("{e}\nthe benchmark needs GNU time: apt-get install -y time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_replaces_only_its_section() {
        let doc = format!("# B\n\nbefore\n{BEGIN}\nold\n{END}\nafter\n");
        assert_eq!(
            replace_section(&doc, "new"),
            format!("# B\n\nbefore\n{BEGIN}\nnew\n{END}\nafter\n")
        );
        assert_eq!(
            replace_section("# B\n", "t"),
            format!("# B\n\n{BEGIN}\nt\n{END}\n")
        );
    }
}

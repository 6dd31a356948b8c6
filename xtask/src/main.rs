//! Project tasks, run as `cargo xtask <task>` (the `justfile` has the same
//! recipes). Each task installs what it needs, idempotently, or stops with
//! the exact command to run.

mod gen_corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  demo            read the bundled sample archive and print the summary
  test            run the whole test suite (unit, integration, property, doc,
                  benchmarks in test mode, fuzz targets compiled)
  fuzz [TARGET] [SECONDS]
                  run a cargo-fuzz target (default: reader, 600 s); installs
                  cargo-fuzz on first use
  gen-corpus --tickets N [--seed S] --out FILE
                  write N synthetic tickets in the sample's Markdown format,
                  recombined from the bundled sample (same N and seed, same
                  bytes); use `cargo run --release -p xtask --` for large N
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => demo(),
        Some("test") => test(),
        Some("fuzz") => fuzz(
            args.get(1).map(String::as_str),
            args.get(2).map(String::as_str),
        ),
        Some("gen-corpus") => gen_corpus::run(&root(), &args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err}");
            ExitCode::FAILURE
        }
    }
}

type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

/// Runs `cmd`, echoing it first; a non-zero exit is an error.
fn run(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}").replace('"', "");
    eprintln!("xtask: $ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

fn demo() -> Result {
    run(cargo().args(["build", "--release", "--bin", "ticketsearch"]))?;
    let bin = root().join("target/release/ticketsearch");
    let sample = root().join("data/sample");
    run(Command::new(bin)
        .arg("export")
        .arg(&sample)
        .stdout(std::process::Stdio::null()))
}

fn test() -> Result {
    run(cargo().args(["test", "--workspace", "--all-targets"]))?;
    run(cargo().args(["test", "--workspace", "--doc"]))?;
    // The fuzz targets build with stable cargo (cargo-fuzz is only needed to
    // run them), so a change that breaks them fails here.
    run(cargo().args(["check", "--manifest-path", "fuzz/Cargo.toml", "--bins"]))
}

fn fuzz(target: Option<&str>, seconds: Option<&str>) -> Result {
    let target = target.unwrap_or("reader");
    let seconds = seconds.unwrap_or("600");
    let have = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        run(Command::new("cargo").args(["+nightly", "install", "cargo-fuzz", "--locked"]))?;
    }
    run(cargo().args([
        "+nightly",
        "fuzz",
        "run",
        target,
        "--",
        &format!("-max_total_time={seconds}"),
    ]))
}

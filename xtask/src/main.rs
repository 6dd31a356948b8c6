//! Project tasks, run as `cargo xtask <task>` (the `justfile` has the same
//! recipes). Each task installs what it needs, idempotently, or stops with
//! the exact command to run.

mod bench;
mod bundle;
mod gen_corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  demo [--port P] build the site of the bundled sample archive and serve it on
                  http://127.0.0.1:P/ (default 8080)
  test            run the whole test suite (unit, integration, property, doc,
                  benchmarks in test mode, fuzz targets compiled, JS tests)
  bundle          build the browser bundle (wasm, minified JS/CSS) into target/bundle
  bench [--sizes 1000,10000,100000] [--no-write]
                  ticketsearch side by side with Pagefind, MiniSearch and
                  FlexSearch on generated corpora (build, size, first result
                  and keystrokes in Chromium, relevance); writes the table into
                  BENCHMARKS.md
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
        Some("demo") => demo(&args[1..]),
        Some("bundle") => bundle::build(&root()).map(|_| ()),
        Some("bench") => bench::run_bench(&root(), &args[1..]),
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

fn demo(args: &[String]) -> Result {
    let port = match args {
        [] => "8080".to_owned(),
        [flag, port] if flag == "--port" => port.clone(),
        _ => return Err("usage: cargo xtask demo [--port P]".into()),
    };
    bundle::build(&root())?;
    run(cargo().args(["build", "--release", "--bin", "ticketsearch"]))?;
    let bin = root().join("target/release/ticketsearch");
    let site = root().join("target/demo-site");
    run(Command::new(&bin)
        .arg("build")
        .arg(root().join("data/sample"))
        .arg("--out")
        .arg(&site)
        // The sample still holds access keys and IP addresses: mask them.
        .arg("--redact"))?;
    run(Command::new(&bin)
        .arg("serve")
        .arg(&site)
        .arg("--port")
        .arg(&port))
}

/// Installs the npm packages of package-lock.json when they are missing or stale.
fn npm_ci(root: &Path) -> Result {
    let lock = root.join("package-lock.json");
    let installed = root.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&installed).is_some() && modified(&installed) >= modified(&lock) {
        return Ok(());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(root))
    .map_err(|e| format!("{e}\nNode.js and npm are needed: apt-get install -y nodejs npm"))
}

fn test() -> Result {
    // The CLI embeds the bundle, so it is built first.
    bundle::build(&root())?;
    run(cargo().args(["test", "--workspace", "--all-targets"]))?;
    run(cargo().args(["test", "--workspace", "--doc"]))?;
    // The fuzz targets build with stable cargo (cargo-fuzz is only needed to
    // run them), so a change that breaks them fails here.
    run(cargo().args(["check", "--manifest-path", "fuzz/Cargo.toml", "--bins"]))?;
    // JavaScript-side tests use the debug CLI that `cargo test` built.
    run(Command::new("node")
        .args(["--test", "tests/node/"])
        .current_dir(root()))?;
    // The wasm glue in headless Chromium (wasm-bindgen-test through ChromeDriver),
    // with the runner built in the workspace at wasm-bindgen's version.
    ensure_chromium()?;
    run(cargo().args(["build", "-p", "wasm-test-runner"]))?;
    let runner = root().join("target/debug/wasm-test-runner");
    run(cargo()
        .args([
            "test",
            "-p",
            "ticketsearch-wasm",
            "--target",
            "wasm32-unknown-unknown",
            "--tests",
        ])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", runner)
        .env("CHROMEDRIVER", CHROMEDRIVER))?;
    // Browser end-to-end tests (tests/e2e): the same debug CLI builds and
    // serves sites; playwright-core drives Debian's Chromium. Last, so the
    // run ends with their summary.
    run(Command::new("node")
        .args(["--test", "tests/e2e/"])
        .current_dir(root()))
}

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Chromium (and a CJK font for screenshots) for the browser tests:
/// installed with apt when running as root, otherwise the command to run.
fn ensure_chromium() -> Result {
    const CHROMIUM: &str = "/usr/bin/chromium";
    const INSTALL: &str =
        "apt-get update && apt-get install -y chromium chromium-driver fonts-noto-cjk";
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !is_root {
        return Err(format!(
            "{CHROMIUM} is missing; the browser tests need it: {INSTALL}"
        ));
    }
    run(Command::new("sh").args(["-c", INSTALL]))
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
    // `+nightly` needs rustup's `cargo` from PATH: `$CARGO` (what `cargo()`
    // runs) is the toolchain's own binary, which does not take it.
    run(Command::new("cargo").current_dir(root()).args([
        "+nightly",
        "fuzz",
        "run",
        target,
        "--",
        &format!("-max_total_time={seconds}"),
    ]))
}

//! Runs wasm-bindgen tests (`cargo test -p ticketsearch-wasm --target
//! wasm32-unknown-unknown`, with this binary as the target's runner); `cargo
//! xtask test` sets that up. Headless Chromium through ChromeDriver.

fn main() -> std::process::ExitCode {
    match wasm_bindgen_cli::wasm_bindgen_test_runner::run_cli_with_args(std::env::args_os()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("wasm-test-runner: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

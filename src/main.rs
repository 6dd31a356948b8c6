//! `ticketsearch`: builds static search sites from support-ticket archives.

mod assets;
mod build;
mod cli;
mod export;
mod progress;
mod search;
mod serve;
mod site;
mod spill;
mod summary;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let result = match args.command {
        cli::Command::Export(a) => export::run(&a),
        cli::Command::Build(a) => build::run(&a),
        cli::Command::Search(a) => search::run(&a),
        cli::Command::Serve(a) => serve::run(&a),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

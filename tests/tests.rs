//! The one integration-test binary: CLI behaviour and regressions.

mod atomic;
mod cli;
mod relevance;
mod util;

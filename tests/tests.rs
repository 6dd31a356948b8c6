//! The one integration-test binary: CLI behaviour and regressions.

mod cli;
mod relevance;
mod util;

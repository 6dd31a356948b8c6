//! The one integration-test binary: CLI behaviour and regressions.

mod atomic;
mod cli;
mod integrity;
mod limits;
mod privacy;
mod relevance;
mod search;
mod serve;
mod site;
mod util;

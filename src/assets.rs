//! The static site and browser bundle embedded by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

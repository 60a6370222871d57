//! Any bytes as a workbook (zip-based formats are tried in turn), through
//! the whole core.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(init: common::quiet_caught_panics(), |data: &[u8]| {
    common::read_and_tier("book.xlsx", data);
});

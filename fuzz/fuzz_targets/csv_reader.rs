//! Any bytes as a CSV client list, through the whole core.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(init: common::quiet_caught_panics(), |data: &[u8]| {
    common::read_and_tier("clients.csv", data);
});

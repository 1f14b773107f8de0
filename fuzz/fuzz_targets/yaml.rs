//! A yaml file, through load, validate and rendering.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::run("input.yaml", data));

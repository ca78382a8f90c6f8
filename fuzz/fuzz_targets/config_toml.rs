//! The toml parser: never panics, every entry's span lies inside the text on char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = jwtlint_fuzz::text(data) else {
        return;
    };
    let entries = jwtlint::formats::toml_cfg::parse(&text);
    jwtlint_fuzz::check_entries(&text, &entries);
});

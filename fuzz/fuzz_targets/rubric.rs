//! The rubric parser and validator on any text: an error or a plan, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = score::source::decode_whole(data, "f.toml") {
        if let Ok(rubric) = score::rubric::from_str(&text, "f.toml") {
            // The outline of any valid rubric can be printed.
            let _ = score::report::outline(&rubric);
        }
    }
});

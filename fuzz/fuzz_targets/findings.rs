//! The findings reader on raw bytes (encodings, BOMs, quotes, line ends),
//! scored against rubrics with kinds, periods, caps, flags and thresholds.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use score::report::Format;
use score::rubric::Rubric;

/// Parsed once: the built-in rubrics are large, and parsing them on every
/// input would spend the run there instead of in the reader.
fn rubrics() -> &'static [Rubric] {
    static R: OnceLock<Vec<Rubric>> = OnceLock::new();
    R.get_or_init(|| {
        [
            include_str!("../../rubrics/gov2022.toml"),
            include_str!("../../rubrics/village-points.toml"),
            include_str!("../../rubrics/community-party.toml"),
        ]
        .iter()
        .map(|t| score::rubric::from_str(t, "r.toml").expect("a built-in rubric is valid"))
        .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    for rubric in rubrics() {
        let Ok(input) = score::input::Input::from_csv_bytes("f.csv", data.to_vec()) else {
            continue;
        };
        let _ = score::score_tables(rubric, None, vec![input], Format::Csv, true, &mut Vec::new());
    }
});

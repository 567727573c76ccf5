//! The roster reader on raw bytes, with kinds (gov2022) and categories
//! from a household count (settlement-stars), then scoring with it.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use score::report::Format;
use score::rubric::Rubric;

/// Parsed once, so the run is spent in the roster reader.
fn rubrics() -> &'static [Rubric] {
    static R: OnceLock<Vec<Rubric>> = OnceLock::new();
    R.get_or_init(|| {
        [
            include_str!("../../rubrics/gov2022.toml"),
            include_str!("../../rubrics/settlement-stars.toml"),
            include_str!("../../rubrics/community-party.toml"),
        ]
        .iter()
        .map(|t| score::rubric::from_str(t, "r.toml").expect("a built-in rubric is valid"))
        .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    for rubric in rubrics() {
        let Ok(input) = score::input::Input::from_csv_bytes("u.csv", data.to_vec()) else {
            continue;
        };
        if let Ok(roster) = score::roster::Roster::from_input(input, rubric) {
            let _ = score::score_tables(rubric, Some(&roster), Vec::new(), Format::Json, false, &mut Vec::new());
        }
    }
});

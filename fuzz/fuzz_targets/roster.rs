//! The roster reader on raw bytes, with kinds (gov2022) and categories
//! from a household count (settlement-stars), then scoring with it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use score::report::Format;

const GOV: &str = include_str!("../../rubrics/gov2022.toml");
const STARS: &str = include_str!("../../rubrics/settlement-stars.toml");

fuzz_target!(|data: &[u8]| {
    for text in [GOV, STARS] {
        let Ok(rubric) = score::rubric::from_str(text, "r.toml") else {
            return;
        };
        let Ok(input) = score::input::Input::from_csv_bytes("u.csv", data.to_vec()) else {
            continue;
        };
        if let Ok(roster) = score::roster::Roster::from_input(input, &rubric) {
            let _ = score::score_tables(&rubric, Some(&roster), Vec::new(), Format::Json, false);
        }
    }
});

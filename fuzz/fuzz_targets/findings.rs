//! The findings reader on raw bytes (encodings, BOMs, quotes, line ends),
//! scored against rubrics with kinds, periods, caps, flags and thresholds.
#![no_main]
use libfuzzer_sys::fuzz_target;
use score::report::Format;

const POINTS: &str = include_str!("../../rubrics/village-points.toml");
const GOV: &str = include_str!("../../rubrics/gov2022.toml");
const PARTY: &str = include_str!("../../rubrics/community-party.toml");

fuzz_target!(|data: &[u8]| {
    for (text, name) in [(GOV, "gov"), (POINTS, "points"), (PARTY, "party")] {
        let Ok(rubric) = score::rubric::from_str(text, name) else {
            return;
        };
        let Ok(input) = score::input::Input::from_csv_bytes("f.csv", data.to_vec()) else {
            continue;
        };
        let _ = score::score_tables(&rubric, None, vec![input], Format::Csv, true);
    }
});

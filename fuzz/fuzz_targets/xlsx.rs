//! The workbook reader on raw bytes, as findings and as a roster.
#![no_main]
use libfuzzer_sys::fuzz_target;
use score::report::Format;

const GOV: &str = include_str!("../../rubrics/gov2022.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(rubric) = score::rubric::from_str(GOV, "gov2022.toml") else {
        return;
    };
    if let Ok(input) = score::input::Input::from_workbook_bytes("f.xlsx", data.to_vec()) {
        let _ = score::score_tables(&rubric, None, vec![input], Format::Csv, true);
    }
    if let Ok(input) = score::input::Input::from_workbook_bytes("u.xlsx", data.to_vec()) {
        let _ = score::roster::Roster::from_input(input, &rubric);
    }
});

//! The workbook reader on raw bytes, as findings and as a roster.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use score::report::Format;
use score::rubric::Rubric;

/// Parsed once, so the run is spent in the workbook reader.
fn gov() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(|| {
        score::rubric::from_str(include_str!("../../rubrics/gov2022.toml"), "gov2022.toml")
            .expect("a built-in rubric is valid")
    })
}

fuzz_target!(|data: &[u8]| {
    let rubric = gov();
    if let Ok(input) = score::input::Input::from_workbook_bytes("f.xlsx", data.to_vec()) {
        let _ = score::score_tables(rubric, None, vec![input], Format::Csv, true, &mut Vec::new());
    }
    if let Ok(input) = score::input::Input::from_workbook_bytes("u.xlsx", data.to_vec()) {
        let _ = score::roster::Roster::from_input(input, rubric);
    }
});

//! Inputs that once crashed `score`, kept so they never do again.

mod common;

use common::*;

/// A roster that is not UTF-8 (so read as GB18030) whose last bytes end
/// the decoder: reading on after that panicked inside encoding_rs
/// ("Must not use a decoder that has finished"). Found by tests/mutations.rs.
#[test]
fn a_gb18030_roster_read_to_its_end_does_not_panic() {
    let wd = Workdir::new();
    let units = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/regression-gb18030-eof-units.csv"
    ))
    .expect("fixture");
    wd.write_bytes("u.csv", &units);
    wd.write("f.csv", "unit,item,rule,count\n");
    let out = wd.run(&["--rubric", "gov2022", "--units", "u.csv", "f.csv"]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    // The bytes decode as GB18030 into a kind gov2022 does not declare.
    assert_eq!(code(&out), 1, "{err}");
    assert!(err.starts_with("u.csv:2: kind "), "{err}");
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

/// Runs gov2022 on a damaged workbook given as findings; returns stderr.
fn damaged_workbook(name: &str) -> String {
    let wd = Workdir::new();
    wd.write_bytes("f.xlsx", &fixture(name));
    let out = wd.run(&["--rubric", "gov2022", "f.xlsx"]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code(&out), 1, "{err}");
    err
}

/// Found by the xlsx fuzz target: a cell reference with many column
/// letters overflowed a multiplication inside calamine 0.35 (a panic with
/// overflow checks, a 4 TB allocation without). calamine 0.38 stops this
/// file earlier, at its zip sizes.
#[test]
fn a_fuzzed_workbook_is_an_error_not_a_crash() {
    let err = damaged_workbook("regression-xlsx-column-overflow.xlsx");
    assert!(err.starts_with("f.xlsx: cannot read sheet "), "{err}");
}

/// The same overflow, made on purpose: the LibreOffice fixture with cell
/// B2 renamed AAAAAAAAAAB2. calamine 0.38 still overflows on it; the panic
/// is caught and reported.
#[test]
fn a_cell_reference_past_any_column_is_a_damaged_workbook() {
    let err = damaged_workbook("regression-xlsx-column-overflow-crafted.xlsx");
    assert_eq!(
        err.trim(),
        "f.xlsx: cannot read the workbook: the file is damaged (its contents stopped the workbook reader)"
    );
}

/// A stray value in the sheet's last cell (XFD1048576) would make the
/// reader lay out 16,384 × 1,048,576 cells and abort on memory; it is an
/// error naming the cell instead.
#[test]
fn a_stray_value_in_the_last_cell_is_named_not_allocated() {
    let err = damaged_workbook("regression-xlsx-stray-far-cell.xlsx");
    assert!(
        err.contains(
            "a value in XFD1048576 makes the sheet span 17179869184 cells, more than 30000000"
        ),
        "{err}"
    );
}

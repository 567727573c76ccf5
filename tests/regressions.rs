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

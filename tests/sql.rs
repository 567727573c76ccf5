//! `score sql` through the binary: what it prints, and what it refuses.
//! Whether the query's figures equal score's is checked on real engines by
//! tests/sql/run (DuckDB, PostgreSQL, Spark), which CI runs.

mod common;

use common::*;

/// A rubric small enough to read, with one place `tweak` changes.
fn rubric(tweak: &str) -> String {
    format!(
        r#"[rubric]
id = "tiny"
name = "测试细则"
total = 10
{tweak}
[[section]]
id = "1"
name = "一"
points = 10

[[section.item]]
id = "1.1"
name = "甲"
points = 10
rules = [ {{ id = "a", text = "每项扣", deduct = "DEDUCT" }} ]
"#
    )
}

#[test]
fn prints_one_query_over_the_named_tables() {
    let w = Workdir::new();
    let sql = w.run_ok(&[
        "sql",
        "--rubric",
        "gov2022",
        "--dialect",
        "postgres",
        "--units",
        "roster",
    ]);
    assert!(sql.starts_with("WITH\n"), "{sql}");
    assert!(sql.contains("FROM \"findings\""), "{sql}");
    assert!(sql.contains("FROM \"roster\""), "{sql}");
    // One statement: no semicolon ends one and starts another.
    assert!(!sql.lines().any(|l| l.trim_end().ends_with(';')), "{sql}");
    // The result's columns are score's CSV header, named by the rubric.
    for col in [
        "\"unit\"",
        "\"kind\"",
        "\"1\"",
        "\"4\"",
        "\"total\"",
        "\"grade\"",
        "\"rank\"",
    ] {
        assert!(sql.contains(&format!("AS {col}")), "no column {col}");
    }
}

#[test]
fn spark_quotes_with_backticks_and_keeps_schema_and_table_apart() {
    let w = Workdir::new();
    let sql = w.run_ok(&[
        "sql",
        "-r",
        "village-points",
        "-d",
        "spark",
        "--findings",
        "points.findings_2026",
    ]);
    assert!(sql.contains("FROM `points`.`findings_2026`"), "{sql}");
    // Spark reads a backslash in a literal as an escape; the rubric's
    // texts carry none here, and the flag column is named as in the CSV.
    assert!(sql.contains("AS `flags`"), "{sql}");
}

#[test]
fn detail_and_check_are_queries_of_their_own() {
    let w = Workdir::new();
    let detail = w.run_ok(&["sql", "-r", "grid2023", "-d", "duckdb", "--detail"]);
    for col in [
        "\"item\"",
        "\"deducted\"",
        "\"capped\"",
        "\"absorbed\"",
        "\"reasons\"",
    ] {
        assert!(detail.contains(&format!("AS {col}")), "no column {col}");
    }
    let check = w.run_ok(&["sql", "-r", "grid2023", "-d", "duckdb", "--check"]);
    assert!(check.contains("AS problem"), "{check}");
    assert!(check.contains("unknown item"), "{check}");
    let both = w.run(&[
        "sql", "-r", "grid2023", "-d", "duckdb", "--check", "--detail",
    ]);
    assert_eq!(code(&both), 2, "{}", describe(&both));
}

#[test]
fn a_bound_by_a_roster_column_needs_the_units_table() {
    // community-party's funding rule steps over `households`: without a
    // units table the query could not know a community's bound.
    let w = Workdir::new();
    let out = w.run(&["sql", "-r", "community-party", "-d", "duckdb"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    let err = stderr(&out);
    assert!(
        err.contains("`households`") && err.contains("--units TABLE"),
        "{err}"
    );
    w.run_ok(&[
        "sql",
        "-r",
        "community-party",
        "-d",
        "duckdb",
        "-u",
        "units",
    ]);
}

#[test]
fn a_deduction_with_more_decimals_than_sql_keeps_is_refused_naming_its_key() {
    // 0.12345678901 has 11 decimals; DECIMAL(38,10) keeps 10: refused, not rounded.
    let w = Workdir::new();
    w.write("r.toml", &rubric("").replace("\"DEDUCT\"", "0.12345678901"));
    let out = w.run(&["sql", "-r", "r.toml", "-d", "spark"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    let err = stderr(&out);
    assert!(err.contains("r.toml"), "{err}");
    assert!(
        err.contains("item 1.1 rule a: deduct = 0.12345678901"),
        "{err}"
    );
    assert!(
        stdout(&out).is_empty(),
        "nothing is printed: {}",
        stdout(&out)
    );
    // Ten decimals fit: 0.1234567890 is written out.
    w.write("ok.toml", &rubric("").replace("\"DEDUCT\"", "0.123456789"));
    w.run_ok(&["sql", "-r", "ok.toml", "-d", "spark"]);
}

#[test]
fn a_percentage_that_resolves_past_ten_decimals_is_refused_too() {
    // 12.3456789% of 10 points is 1.23456789: fine. 1.23456789012% of 10
    // is 0.123456789012 (12 decimals): refused.
    let w = Workdir::new();
    w.write("ok.toml", &rubric("").replace("DEDUCT", "12.3456789%"));
    w.run_ok(&["sql", "-r", "ok.toml", "-d", "duckdb"]);
    w.write("bad.toml", &rubric("").replace("DEDUCT", "1.23456789012%"));
    let out = w.run(&["sql", "-r", "bad.toml", "-d", "duckdb"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(
        stderr(&out).contains("item 1.1 rule a: deduct = 0.123456789012"),
        "{}",
        describe(&out)
    );
}

#[test]
fn weights_past_eight_decimals_are_refused_naming_the_key() {
    let w = Workdir::new();
    let periods = "[periods]\nlabels = [\"上半年\", \"下半年\"]\ncombine = \"weighted\"\nweights = [WEIGHTS]\n";
    let with =
        |weights: &str| rubric(&periods.replace("WEIGHTS", weights)).replace("\"DEDUCT\"", "1");
    w.write("ok.toml", &with("0.33333333, 0.66666667"));
    w.run_ok(&["sql", "-r", "ok.toml", "-d", "postgres"]);
    w.write("bad.toml", &with("0.333333333, 0.666666667"));
    let out = w.run(&["sql", "-r", "bad.toml", "-d", "postgres"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(
        stderr(&out).contains("periods.weights: 0.333333333"),
        "{}",
        describe(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    let w = Workdir::new();
    for args in [
        &["sql", "-r", "gov2022"][..],
        &["sql", "-r", "gov2022", "-d", "oracle"],
        &["sql", "-r", "gov2022", "-d", "duckdb", "--categories"],
    ] {
        let out = w.run(args);
        assert_eq!(code(&out), 2, "{args:?}\n{}", describe(&out));
    }
    let missing = w.run(&["sql", "-r", "no-such-rubric", "-d", "duckdb"]);
    assert_eq!(code(&missing), 1, "{}", describe(&missing));
}

#[test]
fn the_check_speaks_chinese_when_asked() {
    let w = Workdir::new();
    let sql = w.run_ok(&[
        "--lang", "zh", "sql", "-r", "gov2022", "-d", "duckdb", "--check", "-u", "units",
    ]);
    assert!(sql.contains("未知指标"), "{sql}");
    assert!(sql.contains("未知单位"), "{sql}");
    let help = w.run_ok(&["--lang", "zh", "sql", "--help"]);
    assert!(help.contains("数据库引擎"), "{help}");
}

//! Ids in number cells of a workbook: Excel keeps `1.10` typed into a
//! General cell as the number 1.1. A number that could be more than one id
//! is an error at its cell; one that can be only one id is that id.

mod common;

use common::*;

/// Items 1.1 (8 points) and 1.10 (1 point) — ids Excel cannot tell apart
/// as numbers — and 2 (1 point); each rule deducts 1 a time.
const RUBRIC: &str = r#"
[rubric]
id = "ids"
name = "编号测试"
total = 10

[[section]]
id = "1"
name = "基础工作"
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]

[[section.item]]
id = "1.10"
name = "台账"
points = 1
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]

[[section.item]]
id = "2"
name = "宣传"
points = 1
rules = [ { id = "1", text = "每次扣1分", deduct = 1 }, { id = "1.5", text = "每次扣0.5分", deduct = 0.5 } ]
"#;

enum Cell {
    Text(&'static str),
    Number(f64),
}
use Cell::{Number, Text};

/// A findings workbook, one sheet `Sheet1`, cells as given.
fn write_xlsx(wd: &Workdir, name: &str, rows: &[&[Cell]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell {
                Text(t) => ws.write_string(r as u32, c as u16, *t).map(|_| ()),
                Number(n) => ws.write_number(r as u32, c as u16, *n).map(|_| ()),
            }
            .expect("write cell");
        }
    }
    book.save(wd.path().join(name)).expect("save workbook");
}

const HEADER: &[Cell] = &[Text("unit"), Text("item"), Text("rule"), Text("count")];

#[test]
fn a_number_that_could_be_two_items_is_an_error_at_its_cell() {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    write_xlsx(
        &wd,
        "f.xlsx",
        &[
            HEADER,
            &[Text("甲"), Text("1.10"), Text("a"), Number(1.0)],
            &[Text("甲"), Number(1.1), Text("a"), Number(1.0)],
        ],
    );
    let out = wd.run(&["--rubric", "r.toml", "f.xlsx"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert_eq!(
        stderr(&out).lines().next(),
        Some("f.xlsx:Sheet1!B3: the number 1.1 could be item \"1.1\" or \"1.10\": format the column as text (文本) and type the ids again"),
        "{}",
        describe(&out)
    );
}

#[test]
fn a_number_that_can_be_one_id_only_is_that_id() {
    let wd = Workdir::new();
    // Rule "1.50" of item 2: the number 1.5 can be that rule only.
    wd.write("r.toml", &RUBRIC.replace(r#"id = "1.5""#, r#"id = "1.50""#));
    // Item 2 as the number 2 (only "2" has that value); rule 1.50 of item 2
    // as the number 1.5; the ambiguous ids typed as text.
    write_xlsx(
        &wd,
        "f.xlsx",
        &[
            HEADER,
            &[Text("甲"), Number(2.0), Number(1.5), Number(1.0)],
            &[Text("甲"), Text("1.10"), Text("a"), Number(1.0)],
            &[Text("乙"), Text("1.1"), Text("a"), Number(2.0)],
        ],
    );
    let rows = wd.csv(&["--rubric", "r.toml", "f.xlsx"]);
    let total = |unit: &str| {
        rows.iter()
            .find(|r| r["unit"] == unit)
            .map(|r| r["total"].clone())
            .unwrap_or_default()
    };
    // 甲: 10 - 0.5 (2/1.50 once) - 1 (1.10/a once) = 8.5
    assert_eq!(total("甲"), "8.5");
    // 乙: 10 - 2 (1.1/a twice) = 8
    assert_eq!(total("乙"), "8");
}

#[test]
fn a_number_that_could_be_two_rules_is_an_error_at_its_cell() {
    let wd = Workdir::new();
    // Item 2 with rules "1" and "1.0": the number 1 could be either.
    wd.write(
        "r.toml",
        &RUBRIC.replace(
            r#"{ id = "1.5", text = "每次扣0.5分", deduct = 0.5 }"#,
            r#"{ id = "1.0", text = "每次扣0.5分", deduct = 0.5 }"#,
        ),
    );
    write_xlsx(
        &wd,
        "f.xlsx",
        &[HEADER, &[Text("甲"), Text("2"), Number(1.0), Number(1.0)]],
    );
    let out = wd.run(&["--rubric", "r.toml", "f.xlsx"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(
        stderr(&out).starts_with("f.xlsx:Sheet1!C2: the number 1 could be rule \"1\" or \"1.0\""),
        "{}",
        describe(&out)
    );
}

#[test]
fn a_number_that_could_be_two_roster_units_is_an_error_at_its_cell() {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    // Unit codes 3.1 and 3.10 in the roster.
    wd.write("u.csv", "unit\n3.1\n3.10\n");
    write_xlsx(
        &wd,
        "f.xlsx",
        &[HEADER, &[Number(3.1), Text("2"), Text("1"), Number(1.0)]],
    );
    let out = wd.run(&["--rubric", "r.toml", "--units", "u.csv", "f.xlsx"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(
        stderr(&out)
            .starts_with("f.xlsx:Sheet1!A2: the number 3.1 could be unit \"3.1\" or \"3.10\""),
        "{}",
        describe(&out)
    );
}

/// The same ids as text in a CSV file are read as typed.
#[test]
fn csv_ids_are_text() {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    wd.write("f.csv", "unit,item,rule,count\n甲,1.1,a,1\n甲,1.10,a,1\n");
    let rows = wd.csv(&["--rubric", "r.toml", "f.csv"]);
    // 甲: 10 - 1 - 1 = 8
    assert_eq!(rows[0]["total"], "8");
}

/// A score sheet (one column per item): an item id typed as a number in
/// the header row is matched the same way.
#[test]
fn score_sheet_headers_that_are_numbers() {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    // Header 1.1 (a number) could be item 1.1 or 1.10.
    write_xlsx(
        &wd,
        "f.xlsx",
        &[
            &[Text("unit"), Number(1.1), Number(2.0)],
            &[Text("甲"), Number(7.0), Number(1.0)],
        ],
    );
    let out = wd.run(&["--rubric", "r.toml", "f.xlsx"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(
        stderr(&out)
            .starts_with("f.xlsx:Sheet1!B1: the number 1.1 could be item \"1.1\" or \"1.10\""),
        "{}",
        describe(&out)
    );
    // Typed as text "1.1" and the number 2: both columns are items.
    write_xlsx(
        &wd,
        "g.xlsx",
        &[
            &[Text("unit"), Text("1.1"), Number(2.0)],
            &[Text("甲"), Number(7.0), Number(0.5)],
        ],
    );
    let rows = wd.csv(&["--rubric", "r.toml", "g.xlsx"]);
    // 甲: 1.1 scored 7 of 8, 1.10 untouched 1, 2 scored 0.5 of 1: 7 + 1 + 0.5 = 8.5
    assert_eq!(rows[0]["total"], "8.5");
}

//! `--compare PREVIOUS.csv` (issue 13): each unit's change in total, grade and rank beside this
//! run's, in every format. One hand-worked case: a tie that breaks, a grade that moves, a unit
//! that is new and one that is gone. Wrong-shaped previous files are in tests/bad/127-134.

mod common;

use common::*;

/// One 10-point item scored by direct points, four bands.
const RUBRIC: &str = r#"
[rubric]
id = "cmp"
name = "测试细则"
total = 10

[[grade]]
name = "优秀"
min = 9

[[grade]]
name = "良好"
min = 8

[[grade]]
name = "一般"
min = 6

[[grade]]
name = "差"

[[section]]
id = "1"
name = "综合"
points = 10

[[section.item]]
id = "1.1"
name = "综合评价"
points = 10
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]
"#;

/// Last year: 乙 and 丙 tied at 8.5 (rank 2, 2); 戊 was scored, 丁 was not.
const PREVIOUS: &str = "\
unit,1,total,grade,rank
甲,9.5,9.5,优秀,1
乙,8.5,8.5,良好,2
丙,8.5,8.5,良好,2
戊,7,7,一般,4
";

// This year: 甲 10 - 0.5 = 9.5 (优秀, 1); 乙 10 - 1 = 9 (优秀, 2); 丙 10 - 1.5 = 8.5 (良好, 3);
// 丁 10 - 4 = 6 (一般, 4).
const FINDINGS: &str = "\
unit,item,points,note
甲,1.1,0.5,x
乙,1.1,1,x
丙,1.1,1.5,x
丁,1.1,4,x
";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    wd.write("prev.csv", PREVIOUS);
    wd.write("findings.csv", FINDINGS);
    wd
}

const ARGS: [&str; 5] = [
    "--rubric",
    "rubric.toml",
    "--compare",
    "prev.csv",
    "findings.csv",
];

fn args(extra: &[&'static str]) -> Vec<&'static str> {
    let mut v = ARGS.to_vec();
    v.extend_from_slice(extra);
    v
}

const COLUMNS: [&str; 5] = [
    "previous_total",
    "change",
    "previous_grade",
    "previous_rank",
    "rank_change",
];

#[test]
fn csv_has_the_changes_worked_by_hand() {
    let wd = workdir();
    let rows = wd.csv(&ARGS);
    assert_eq!(column(&rows, "unit"), ["甲", "乙", "丙", "丁", "戊"]);
    // 甲: 9.5 - 9.5 = 0, rank 1 -> 1
    assert_eq!(
        pick(unit_row(&rows, "甲"), &COLUMNS),
        ["9.5", "0", "优秀", "1", "0"]
    );
    // 乙: the grade that moves: 8.5 良好 -> 9 优秀, +0.5; rank 2 -> 2
    assert_eq!(pick(unit_row(&rows, "乙"), &["grade"]), ["优秀"]);
    assert_eq!(
        pick(unit_row(&rows, "乙"), &COLUMNS),
        ["8.5", "+0.5", "良好", "2", "0"]
    );
    // 丙: the tie that breaks: same 8.5, but rank 2 (tied with 乙) -> 3, one place down
    assert_eq!(
        pick(unit_row(&rows, "丙"), &COLUMNS),
        ["8.5", "0", "良好", "2", "-1"]
    );
    // 丁: new this year
    assert_eq!(
        pick(unit_row(&rows, "丁"), &COLUMNS),
        ["", "new", "", "", ""]
    );
    // 戊: only last year, listed last with this year's cells empty
    let gone = unit_row(&rows, "戊");
    assert_eq!(pick(gone, &["total", "grade", "rank"]), ["", "", ""]);
    assert_eq!(pick(gone, &COLUMNS), ["7", "gone", "一般", "4", ""]);
}

#[test]
fn a_unit_that_rises_shows_a_positive_rank_change() {
    let wd = workdir();
    // 丙 is now best: 10 (优秀, 1), from 8.5 at rank 2: +1.5, one place up (2 -> 1)
    wd.write(
        "findings.csv",
        "unit,item,points,note\n甲,1.1,0.5,x\n丙,,,\n",
    );
    let rows = wd.csv(&ARGS);
    assert_eq!(
        pick(unit_row(&rows, "丙"), &COLUMNS),
        ["8.5", "+1.5", "良好", "2", "+1"]
    );
    // 甲 9.5 falls from 1 to 2
    assert_eq!(pick(unit_row(&rows, "甲"), &["rank_change"]), ["-1"]);
}

#[test]
fn markdown_and_table_carry_the_same_cells() {
    let wd = workdir();
    let md = wd.run_ok(&args(&["--format", "md"]));
    assert_eq!(table_cell(&md, "乙", "增减"), "+0.5");
    assert_eq!(table_cell(&md, "丙", "名次变化"), "-1");
    assert_eq!(table_cell(&md, "丁", "增减"), "新增");
    assert_eq!(table_cell(&md, "戊", "增减"), "仅上次有");
    assert_eq!(table_cell(&md, "戊", "上次等次"), "一般");
    let table = wd.run_ok(&args(&["--format", "table"]));
    assert!(
        table.contains("新增") && table.contains("仅上次有"),
        "{table}"
    );
    assert!(table.contains("+0.5"), "{table}");
}

#[test]
fn json_has_previous_figures_and_the_gone_units() {
    let wd = workdir();
    let doc = json(&wd.run_ok(&args(&["--format", "json"])));
    let b = json_unit(&doc, "乙");
    assert_eq!(
        json_number(&doc, &format!("/units/{b}/previous/change")),
        "0.5"
    );
    assert_eq!(
        json_number(&doc, &format!("/units/{b}/previous/total")),
        "8.5"
    );
    let c = json_unit(&doc, "丙");
    assert_eq!(
        json_number(&doc, &format!("/units/{c}/previous/rank_change")),
        "-1"
    );
    let d = json_unit(&doc, "丁");
    assert!(at(&doc, &format!("/units/{d}/previous")).is_null());
    assert_eq!(at(&doc, "/compare/previous_only/0/unit"), "戊");
    assert_eq!(json_number(&doc, "/compare/previous_only/0/total"), "7");
}

#[test]
fn the_workbook_has_the_compare_columns() {
    use calamine::Reader;
    let wd = workdir();
    wd.run_ok(&args(&["--output", "r.xlsx"]));
    let mut book = calamine::open_workbook_auto(wd.path().join("r.xlsx")).expect("a workbook");
    let sheet = book.worksheet_range("结果").expect("the results sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    // Title rows come first: the header is the row that starts with 单位.
    let head = rows
        .iter()
        .position(|r| r[0] == "单位")
        .expect("a header row");
    let col = |name: &str| rows[head].iter().position(|h| h == name).expect(name);
    let row = |unit: &str| rows.iter().find(|r| r[0] == unit).expect(unit);
    // Numbers as numbers: +0.5 is the number 0.5 in a cell.
    assert_eq!(row("乙")[col("增减")], "0.5");
    assert_eq!(row("乙")[col("上次等次")], "良好");
    assert_eq!(row("丙")[col("名次变化")], "-1");
    assert_eq!(row("丁")[col("增减")], "新增");
    assert_eq!(row("戊")[col("增减")], "仅上次有");
}

#[test]
fn html_has_a_column_and_arrows() {
    let wd = workdir();
    wd.run_ok(&args(&["--output", "r.html"]));
    let page = wd.read("r.html");
    assert!(page.contains("<th class=\"n\">增减</th>"), "{page}");
    assert!(page.contains("<span class=\"up\">+0.5</span>"), "{page}");
    assert!(page.contains("<span class=\"down\">-1</span>"), "{page}");
    assert!(page.contains("data-gone=\"戊\""), "{page}");
    // 丙's feedback sheet says where it stood.
    assert!(
        page.contains("上次 8.5 分(0),良好,第 2 名(名次 -1)"),
        "{page}"
    );
}

#[test]
fn a_previous_file_saved_by_excel_reads_the_same() {
    let wd = workdir();
    // Excel on Chinese Windows: GBK, CRLF.
    let crlf = PREVIOUS.replace('\n', "\r\n");
    let (gbk, _, _) = encoding_rs::GBK.encode(&crlf);
    wd.write_bytes("prev.csv", &gbk);
    let rows = wd.csv(&ARGS);
    assert_eq!(
        pick(unit_row(&rows, "乙"), &COLUMNS),
        ["8.5", "+0.5", "良好", "2", "0"]
    );
}

#[test]
fn the_previous_run_can_be_this_run() {
    let wd = workdir();
    let now = wd.run_ok(&["--rubric", "rubric.toml", "--format", "csv", "findings.csv"]);
    wd.write("prev.csv", &now);
    let rows = wd.csv(&ARGS);
    for r in &rows {
        assert_eq!(pick(r, &["change", "rank_change"]), ["0", "0"], "{r:?}");
    }
}

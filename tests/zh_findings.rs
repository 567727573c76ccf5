//! Messages about findings, rosters and workbooks in Chinese: a file with several problems
//! gets every one of them in Chinese, at the same places and in the same order as in English,
//! and `LANG=zh_CN.UTF-8` and `--lang zh` give the same bytes.
//!
//! The inputs avoid "did you mean" hints: those are worded by src/suggest.rs, translated apart.

mod common;

use std::process::Output;

use common::*;

const RUBRIC: &str = r#"
[rubric]
id = "zh"
name = "中文消息测试"
total = 10

[[kind]]
name = "乡镇"
start = "full"

[[kind]]
name = "社区"
start = "full"

[[section]]
id = "1"
name = "基础工作"
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [
  { id = "a", text = "落实不到位的,每项扣30%", deduct = "30%" },
  { id = "b", text = "未建立台账的,扣20%", deduct = "20%", max = "20%" },
]

[[section.item]]
id = "1.2"
name = "乡镇专项"
points = 2
kinds = ["乡镇"]
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]
"#;

const UNITS: &str = "unit,kind\n曲山镇,乡镇\n擂鼓镇,乡镇\n和平社区,社区\n";

/// One problem a line, none of them offered a hint.
const FINDINGS: &str = "\
unit,item,rule,count,points,score,note
县民政局,1.1,a,1,,,
曲山镇,9.9,a,1,,,
曲山镇,1.1,c,1,,,
曲山镇,1.1,a,两次,,,
擂鼓镇,1.1,,,-2,,
擂鼓镇,1.1,a,,,5,
和平社区,1.2,a,1,,,
和平社区,1.1,,,,9,
,1.1,a,1,,,
曲山镇,1.1,a,1
曲山镇,1.1,a,1,2,,
擂鼓镇,1.1,,,,七,
擂鼓镇,1.1,,,,,
";

/// Runs `score ARGS` in `w` with `LANG` set to `lang` (and no other locale variable).
fn run_lang(w: &Workdir, lang: &str, args: &[&str]) -> Output {
    let mut cmd = assert_cmd::Command::cargo_bin("score").expect("the score binary is built");
    cmd.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .current_dir(w.path());
    started(|| cmd.output()).expect("run score")
}

fn workdir() -> Workdir {
    let w = Workdir::new();
    w.write("rubric.toml", RUBRIC);
    w.write("units.csv", UNITS);
    w.write("findings.csv", FINDINGS);
    w
}

const ARGS: &[&str] = &[
    "--rubric",
    "rubric.toml",
    "--units",
    "units.csv",
    "findings.csv",
];

#[test]
fn every_findings_problem_is_told_in_chinese() {
    let w = workdir();
    let mut args = vec!["--lang", "zh"];
    args.extend_from_slice(ARGS);
    let out = run_lang(&w, "C", &args);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "\
findings.csv:2: 未知单位 \"县民政局\"：不在单位名单中
findings.csv:3: 未知指标 \"9.9\"
findings.csv:4: 指标 \"1.1\" 没有规则 \"c\"（规则有：a、b）
findings.csv:5: 次数 \"两次\" 无效：应为 0 到 1000000000 的整数
findings.csv:6: 扣分须为 0 或以上，实为 -2
findings.csv:7: 同时给了规则和得分：得分即整个指标的得分
findings.csv:8: 指标 \"1.2\" 不适用于单位 \"和平社区\" 的类型 \"社区\"
findings.csv:9: 得分 9 超过指标 \"1.1\" 的分值 8
findings.csv:10: `unit` 为空
findings.csv:11: 此行有 4 列，表头有 7 列
findings.csv:12: 同时给了规则和扣分：扣分请另起一行
findings.csv:13: 得分 \"七\" 无效：应为数字，如 2 或 1.5
findings.csv:14: 指标 \"1.1\" 没有给出规则、扣分或得分
"
    );
}

#[test]
fn the_english_run_names_the_same_places_in_the_same_order() {
    let w = workdir();
    let en = stderr(&run_lang(&w, "C", ARGS));
    let zh = stderr(&run_lang(&w, "zh_CN.UTF-8", ARGS));
    let places = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| l.split_once(": ").map_or("", |(p, _)| p).to_string())
            .collect()
    };
    assert_eq!(places(&en), places(&zh));
    assert_eq!(en.lines().count(), 13);
    for (e, z) in en.lines().zip(zh.lines()) {
        assert_ne!(e, z, "untranslated: {e}");
    }
}

#[test]
fn locale_and_flag_give_the_same_bytes() {
    let w = workdir();
    let mut flag_zh = vec!["--lang", "zh"];
    flag_zh.extend_from_slice(ARGS);
    let mut flag_en = vec!["--lang", "en"];
    flag_en.extend_from_slice(ARGS);
    let by_locale = run_lang(&w, "zh_CN.UTF-8", ARGS);
    let by_flag = run_lang(&w, "C", &flag_zh);
    assert_eq!(by_locale.stderr, by_flag.stderr);
    assert_eq!(by_locale.stdout, by_flag.stdout);
    assert_eq!(code(&by_locale), code(&by_flag));
    // --lang en overrides a Chinese locale.
    let english = run_lang(&w, "C", ARGS);
    let overridden = run_lang(&w, "zh_CN.UTF-8", &flag_en);
    assert_eq!(english.stderr, overridden.stderr);
    assert_eq!(code(&english), code(&overridden));
}

#[test]
fn every_roster_problem_is_told_in_chinese() {
    let w = workdir();
    w.write(
        "units.csv",
        "unit,kind,households\n曲山镇,乡镇,1200\n曲山镇,乡镇,800\n,乡镇,5\n\
         擂鼓镇,乡镇,800\nunit,kind,households\n和平社区,社区\n",
    );
    let out = run_lang(&w, "zh_CN.UTF-8", ARGS);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert_eq!(
        stderr(&out),
        "\
units.csv:3: 单位 \"曲山镇\" 在名单中出现了两次
units.csv:4: `unit` 为空
units.csv:6: 此行重复了表头（是否粘贴了第二张表？）
units.csv:7: 此行有 2 列，表头有 3 列
"
    );
    w.write("units.csv", "name,kind\n曲山镇,乡镇\n");
    let out = run_lang(&w, "zh_CN.UTF-8", ARGS);
    assert_eq!(
        stderr(&out),
        "units.csv:1: 没有 `unit`（单位）列；现有的列：name、kind\n"
    );
}

#[test]
fn workbook_problems_name_their_cells_in_chinese() {
    let w = workdir();
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let rows: [[&str; 4]; 3] = [
        ["unit", "item", "rule", "count"],
        ["曲山镇", "1.1", "a", "两次"],
        ["擂鼓镇", "9.9", "a", "1"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save(w.path().join("findings.xlsx")).unwrap();
    let out = run_lang(
        &w,
        "zh_CN.UTF-8",
        &[
            "--rubric",
            "rubric.toml",
            "--units",
            "units.csv",
            "findings.xlsx",
        ],
    );
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert_eq!(
        stderr(&out),
        "\
findings.xlsx:Sheet1!D2: 次数 \"两次\" 无效：应为 0 到 1000000000 的整数
findings.xlsx:Sheet1!B3: 未知指标 \"9.9\"
"
    );
}

#[test]
fn files_that_cannot_be_read_are_told_in_chinese() {
    let w = workdir();
    w.write("empty.csv", "");
    w.mkdir("folder.csv");
    for (file, said) in [
        ("missing.csv", "missing.csv: 文件不存在"),
        ("empty.csv", "empty.csv: 是空文件：应有表头行"),
        ("folder.csv", "folder.csv: 是文件夹，不是文件"),
    ] {
        let out = run_lang(&w, "zh_CN.UTF-8", &["--rubric", "rubric.toml", file]);
        assert_eq!(code(&out), 1, "{}", describe(&out));
        assert_eq!(stderr(&out), format!("{said}\n"));
    }
}

#[test]
fn unit_names_one_character_apart_warn_in_chinese() {
    let w = workdir();
    w.write(
        "findings.csv",
        "unit,item,rule,count\n城关镇,1.1,a,1\n城关真,1.1,a,0\n",
    );
    let out = run_lang(
        &w,
        "zh_CN.UTF-8",
        &["--rubric", "rubric.toml", "--format", "csv", "findings.csv"],
    );
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert_eq!(
        stderr(&out),
        "警告：单位 \"城关镇\" 和 \"城关真\" 只差一个字：是否打错？请用 --units 单位名单 核对单位名称\n"
    );
}

#[test]
fn a_score_and_deductions_in_two_files_name_both_in_chinese() {
    let w = workdir();
    w.write("a.csv", "unit,item,score\n曲山镇,1.1,5\n");
    w.write("b.csv", "unit,item,rule\n擂鼓镇,1.1,a\n曲山镇,1.1,a\n");
    let out = run_lang(
        &w,
        "zh_CN.UTF-8",
        &["--rubric", "rubric.toml", "a.csv", "b.csv"],
    );
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert_eq!(
        stderr(&out),
        "a.csv:2: 单位 \"曲山镇\" 指标 \"1.1\" 在此行有得分，在 b.csv 第 3 行又有扣分：二者只能给其一\n"
    );
}

//! `--format html` (issue 13): one self-contained page with the summary and a feedback sheet
//! per unit. These tests read the page as text; tests/browser/run renders it in Chromium.

mod common;

use std::collections::HashMap;

use common::*;

/// The attribute values of `name` on every tag that starts with `tag` (`<tr data-unit`).
fn attrs(page: &str, marker: &str, name: &str) -> Vec<String> {
    page.match_indices(marker)
        .map(|(i, _)| {
            let tag = &page[i..i + page[i..].find('>').expect("a closed tag")];
            let key = format!(" {name}=\"");
            let start = tag.find(&key).map(|s| s + key.len()).expect(name);
            let len = tag[start..].find('"').expect("a closed value");
            unescape(&tag[start..start + len])
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The gov2022 example with its roster, as the issue's check runs it.
fn gov2022(wd: &Workdir, extra: &[&str]) -> (String, Vec<HashMap<String, String>>) {
    let root = crate_root();
    let units = root.join("examples/gov2022-units.csv");
    let findings = root.join("examples/gov2022-findings.csv");
    let (units, findings) = (units.to_str().unwrap(), findings.to_str().unwrap());
    let mut args = vec!["--rubric", "gov2022", "--units", units, findings];
    let csv = csv_rows(&wd.run_ok(&[&args[..], &["--format", "csv"]].concat()));
    args.extend_from_slice(&["-o", "report.html"]);
    args.extend_from_slice(extra);
    wd.run_ok(&args);
    (wd.read("report.html"), csv)
}

#[test]
fn every_unit_is_in_the_page_as_csv_writes_it() {
    let wd = Workdir::new();
    let (page, csv) = gov2022(&wd, &[]);
    let marker = "<tr data-unit=";
    let units = attrs(&page, marker, "data-unit");
    assert_eq!(units, column(&csv, "unit"));
    assert_eq!(attrs(&page, marker, "data-total"), column(&csv, "total"));
    assert_eq!(attrs(&page, marker, "data-grade"), column(&csv, "grade"));
    assert_eq!(attrs(&page, marker, "data-rank"), column(&csv, "rank"));
    // One feedback sheet per unit, in the same order, with the same figures.
    let sheet = "<div class=\"page sheet";
    assert_eq!(attrs(&page, sheet, "data-unit"), column(&csv, "unit"));
    assert_eq!(attrs(&page, sheet, "data-total"), column(&csv, "total"));
    // The text itself, too (a reader does not see attributes): 擂鼓镇 87.6.
    assert!(page.contains("<td class=\"n total-cell\">87.6</td>"));
}

#[test]
fn nothing_is_fetched() {
    let wd = Workdir::new();
    let (page, _) = gov2022(&wd, &[]);
    assert!(page.contains(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
    ));
    for bad in [
        "http://",
        "https://",
        "//",
        " src=",
        " href=",
        "url(",
        "@import",
        "<script",
        "<link",
        "@font-face",
    ] {
        // `//` may only appear in the CSP meta's neighbourhood: there is none at all.
        assert!(!page.contains(bad), "the page holds {bad:?}");
    }
    // A font stack for Chinese Windows and Linux, nothing to download.
    assert!(page.contains("\"Microsoft YaHei\""));
    assert!(page.contains("\"Noto Sans CJK SC\""));
    assert!(page.contains("\"SimSun\""));
}

#[test]
fn output_html_picks_the_format_and_a_contradiction_is_refused() {
    let wd = Workdir::new();
    wd.write("findings.csv", "unit,item,points,note\n甲,1.1,1,x\n");
    let rubric = crate_root().join("rubrics/gov2022.toml");
    let rubric = rubric.to_str().unwrap();
    wd.run_ok(&["--rubric", rubric, "-o", "r.html", "findings.csv"]);
    assert!(wd.read("r.html").starts_with("<!DOCTYPE html>"));
    let out = wd.run(&[
        "--rubric",
        rubric,
        "--format",
        "csv",
        "-o",
        "x.html",
        "findings.csv",
    ]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    let html = wd.run_ok(&["--rubric", rubric, "--format", "html", "findings.csv"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
}

const RUBRIC: &str = r#"
[rubric]
id = "esc"
name = "测试<细则>"
total = 10

[[grade]]
name = "优秀"
min = 9

[[grade]]
name = "其他"

[[section]]
id = "1"
name = "综合"
points = 10

[[section.item]]
id = "1.1"
name = "综合评价"
points = 10
rules = [ { id = "a", text = "未落实<b>的</b>,每次扣1分", deduct = 1 } ]
"#;

#[test]
fn user_text_is_escaped() {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    wd.write(
        "findings.csv",
        "unit,item,rule,count,note\n\
         \"<b>甲</b>&乙\",1.1,a,2,\"<script>alert('x')</script>\"\n\
         丙,1.1,a,1,\"\"\"引号\"\" & <img src=x onerror=alert(1)>\"\n",
    );
    wd.run_ok(&["--rubric", "rubric.toml", "-o", "r.html", "findings.csv"]);
    let page = wd.read("r.html");
    assert!(!page.contains("<script"), "a note became markup");
    assert!(!page.contains("<img"), "a note became markup");
    assert!(!page.contains("<b>"), "a name or rule became markup");
    assert!(
        page.contains("&lt;script&gt;alert("),
        "the note is shown as text"
    );
    assert!(
        page.contains("&lt;b&gt;甲&lt;&#x2f;b&gt;&amp;乙"),
        "the name is shown as text"
    );
    assert!(page.contains("测试&lt;细则&gt;"));
    // The name is found back whole from the results table.
    assert_eq!(
        attrs(&page, "<tr data-unit=", "data-unit"),
        ["丙", "<b>甲</b>&乙"]
    );
}

#[test]
fn sheets_names_the_feedback_sheets() {
    let wd = Workdir::new();
    let (page, _) = gov2022(&wd, &["--sheets", "片口乡,县司法局"]);
    // In result order, whatever the order named.
    assert_eq!(
        attrs(&page, "<div class=\"page sheet", "data-unit"),
        ["片口乡", "县司法局"]
    );
    assert!(page.contains("本报告只含 --sheets 指定的 2 个单位的反馈单(共 13 个单位)"));
    // The summary still has every unit.
    assert_eq!(attrs(&page, "<tr data-unit=", "data-unit").len(), 13);
    wd.write("names.txt", "\u{feff}永昌镇\r\n\r\n曲山镇\r\n");
    let (page, _) = gov2022(&wd, &["--sheets", "@names.txt"]);
    assert_eq!(
        attrs(&page, "<div class=\"page sheet", "data-unit"),
        ["曲山镇", "永昌镇"]
    );
}

#[test]
fn above_two_thousand_units_the_report_holds_the_summary() {
    let wd = Workdir::new();
    wd.write("rubric.toml", RUBRIC);
    let mut findings = String::from("unit,item,rule,count\n");
    for i in 0..2001 {
        findings.push_str(&format!("户{i},1.1,a,{}\n", i % 7));
    }
    wd.write("findings.csv", &findings);
    wd.run_ok(&["--rubric", "rubric.toml", "-o", "r.html", "findings.csv"]);
    let page = wd.read("r.html");
    assert!(!page.contains("<div class=\"page sheet"));
    assert!(page.contains("共 2001 个单位,超过 2000 个:本报告只含汇总"));
    assert_eq!(attrs(&page, "<tr data-unit=", "data-unit").len(), 2001);
    // Named sheets are still printed.
    wd.run_ok(&[
        "--rubric",
        "rubric.toml",
        "--sheets",
        "户5",
        "-o",
        "r.html",
        "findings.csv",
    ]);
    let page = wd.read("r.html");
    assert_eq!(
        attrs(&page, "<div class=\"page sheet", "data-unit"),
        ["户5"]
    );
}

#[test]
fn a_feedback_sheet_lists_every_deduction_with_cap_and_notes() {
    let wd = Workdir::new();
    let (page, _) = gov2022(&wd, &["--sheets", "片口乡"]);
    let sheet = &page[page.find("<div class=\"page sheet").unwrap()..];
    // 片口乡 58.8, 差, last of 8 乡镇.
    assert!(sheet.contains("<td class=\"total\">58.8</td>"));
    assert!(sheet.contains("第 8 名 / 8"));
    // 4.3 has 10 points; 12 deducted, capped at 10, 2 absorbed (扣完为止).
    assert!(sheet.contains(">4.3 加大投入保障力度</td>"));
    assert!(sheet
        .contains("<td class=\"n\" rowspan=\"1\">-10</td><td class=\"n\" rowspan=\"1\">2</td>"));
    assert!(sheet.contains("第一考核组:乡级配套经费未落实") || sheet.contains("第一考核组"));
}

#[test]
fn points_systems_get_ratings_and_period_spread() {
    let wd = Workdir::new();
    let root = crate_root();
    let findings = root.join("examples/village-points-findings.csv");
    wd.run_ok(&[
        "--rubric",
        "village-points",
        "-q",
        "-o",
        "r.html",
        findings.to_str().unwrap(),
    ]);
    let page = wd.read("r.html");
    assert!(page.contains("<h2>评定结果</h2>"));
    assert!(page.contains("<h2>各期得分分布(单位数)</h2>"));
    assert!(page.contains("<td class=\"u\">12月</td>"));
    assert_eq!(
        attrs(&page, "<div class=\"page sheet", "data-unit").len(),
        120
    );
}

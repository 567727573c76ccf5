//! The command line in Chinese: chosen by --lang or the locale, with the
//! same places, exit codes and order of messages as in English.

mod common;

use common::*;
use std::process::{Command, Output};

/// 10 points; bands 优秀 >= 9; at most 40% 优秀.
const RUBRIC: &str = r#"
[rubric]
id = "zh"
name = "中文测试"
total = 10

[[grade]]
name = "优秀"
min = 9

[[grade]]
name = "差"

[[quota]]
grades = ["优秀"]
max = 0.40

[[section]]
id = "1"
name = "基础工作"
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 10
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]
"#;

// 甲 10 - 2 = 8 (差), 乙 10 (优秀): 1 of 2 = 50% 优秀 > 40%.
const FINDINGS: &str = "unit,item,rule,count\n甲,1.1,a,2\n乙,1.1,a,0\n";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    wd.write("f.csv", FINDINGS);
    wd
}

/// Runs score in `wd` with the locale variables given (all others removed).
fn run_env(wd: &Workdir, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("score"));
    cmd.current_dir(wd.path())
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args);
    started(|| cmd.output()).expect("run score")
}

#[test]
fn the_locale_or_lang_picks_chinese_and_both_say_the_same() {
    let wd = workdir();
    let args = ["--rubric", "r.toml", "-f", "csv", "f.csv"];
    let by_locale = run_env(&wd, &[("LANG", "zh_CN.UTF-8")], &args);
    let mut with_flag = args.to_vec();
    with_flag.insert(0, "zh");
    with_flag.insert(0, "--lang");
    let by_flag = run_env(&wd, &[("LANG", "C")], &with_flag);
    assert_eq!(code(&by_locale), 0, "{}", describe(&by_locale));
    assert_eq!(by_locale.stdout, by_flag.stdout);
    assert_eq!(by_locale.stderr, by_flag.stderr);
    assert_eq!(
        stderr(&by_locale),
        "警告：比例要求 优秀 至多40%：参评 2 个，至多 0 个，实有 1 个（50%）：未达标\n"
    );
    // CSV keys stay English for scripts.
    assert!(
        stdout(&by_locale).starts_with("unit,"),
        "{}",
        stdout(&by_locale)
    );
}

#[test]
fn lc_all_wins_and_the_flag_wins_over_both() {
    let wd = workdir();
    let args = ["--rubric", "r.toml", "-f", "csv", "-o", "x.json", "f.csv"];
    let english = "error: --format csv does not match --output x.json: a .json file is written as --format json (or leave --format out)\n";
    let chinese = "错误：--format csv 与 --output x.json 不符：.json 文件按 --format json 写出（或不给 --format）\n";
    let out = run_env(&wd, &[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")], &args);
    assert_eq!((code(&out), stderr(&out).as_str()), (2, english));
    let out = run_env(&wd, &[("LC_MESSAGES", "zh_CN.UTF-8")], &args);
    assert_eq!((code(&out), stderr(&out).as_str()), (2, chinese));
    let mut flagged = vec!["--lang", "en"];
    flagged.extend(args);
    let out = run_env(&wd, &[("LANG", "zh_CN.UTF-8")], &flagged);
    assert_eq!((code(&out), stderr(&out).as_str()), (2, english));
}

#[test]
fn the_table_reports_quotas_in_chinese() {
    let wd = workdir();
    let out = run_env(
        &wd,
        &[],
        &["--lang", "zh", "-q", "--rubric", "r.toml", "f.csv"],
    );
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let table = stdout(&out);
    let last = table.lines().last().unwrap_or("");
    assert_eq!(
        last,
        "比例要求 优秀 至多40%：参评 2 个，至多 0 个，实有 1 个（50%）：未达标"
    );
    // The same run in English.
    let out = run_env(
        &wd,
        &[],
        &["--lang", "en", "-q", "--rubric", "r.toml", "f.csv"],
    );
    let last = stdout(&out).lines().last().unwrap_or("").to_string();
    assert_eq!(
        last,
        "quota 优秀 at most 40%: at most 0 of 2 graded units, found 1 (50%): NOT met"
    );
}

#[test]
fn lang_may_stand_before_a_subcommand() {
    let wd = workdir();
    let out = run_env(&wd, &[], &["--lang", "zh", "check", "r.toml"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    assert!(
        stdout(&out).starts_with("中文测试 (zh)"),
        "{}",
        describe(&out)
    );
    let out = run_env(
        &wd,
        &[],
        &["template", "--lang=zh", "-f", "xlsx", "-r", "r.toml"],
    );
    assert_eq!(
        (code(&out), stderr(&out).as_str()),
        (2, "错误：xlsx 模板须用 --output FILE 指定文件\n")
    );
}

#[test]
fn clap_errors_and_help_in_chinese() {
    let wd = workdir();
    let out = run_env(
        &wd,
        &[("LANG", "zh_CN.UTF-8")],
        &["--rubrik", "r.toml", "f.csv"],
    );
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert_eq!(
        stderr(&out).lines().next(),
        Some("错误：未知的参数 '--rubrik'（是否要用 '--rubric'？）")
    );
    let out = run_env(&wd, &[("LANG", "zh_CN.UTF-8")], &["--help"]);
    assert_eq!(code(&out), 0, "{}", describe(&out));
    let help = stdout(&out);
    for words in [
        "用法：score [选项]",
        "选项",
        "命令",
        "考核细则：TOML 文件",
        "退出码：",
    ] {
        assert!(help.contains(words), "{words} missing from\n{help}");
    }
    assert!(
        !help.contains("Options:") && !help.contains("Print help"),
        "{help}"
    );
    // An unknown --lang is clap's error, in the locale's language.
    let out = run_env(&wd, &[("LANG", "C")], &["--lang", "fr", "check", "r.toml"]);
    assert_eq!(code(&out), 2, "{}", describe(&out));
    assert!(
        stderr(&out).starts_with("error: invalid value 'fr' for '--lang <LANG>'"),
        "{}",
        describe(&out)
    );
}

//! Rubric messages in Chinese (issue 12, parts 1 and 4): a rubric with several problems gives
//! every one of them in Chinese, at the same places and in the same order as in English; the
//! slips of a Chinese input method are named with line and column; and the locale and `--lang`
//! choose the same bytes.

mod common;

use common::*;
use std::process::Output;

/// A rubric with six problems: precision, start, a 150% deduction, a typo `deduce` (which
/// also leaves rule b without effect), a duplicate item id and an undeclared kind.
const BROKEN: &str = r#"[rubric]
id = "zh"
name = "测试细则"
total = 10
precision = 40

[[kind]]
name = "乡镇"
start = "half"

[[section]]
id = "1"
name = "基础工作"
points = 10

[[section.item]]
id = "1.1"
name = "制度落实"
points = 8
rules = [
  { id = "a", text = "每项扣150%", deduct = "150%" },
  { id = "b", text = "每项扣1分", deduce = 1 },
]

[[section.item]]
id = "1.1"
name = "乡镇专项"
points = 2
kinds = ["街道"]
rules = [ { id = "a", text = "每次扣1分", deduct = 1 } ]
"#;

/// A rubric typed with a Chinese input method: quotes, comma, equals sign, full-width digits,
/// a Chinese number and a full-width space; the “quotes” inside `text` are fine. Columns
/// count characters, as an editor does: the ， of line 15 is its 55th.
const SLIPS: &str = "[rubric]
id = “zh”
name = \"测试细则\"
total ＝ １０

[[section]]
id = \"1\"
name = \"基础工作\"
points = 十

[[section.item]]
id = \"1.1\"
　name = \"制度落实\"
points = 10
rules = [ { id = \"a\", text = \"“未落实”的扣1分\", deduct = 1 }，]
";

/// Runs `score ARGS` in a folder holding `rubric.toml` and a one-row findings file, with the
/// locale variables cleared and `LANG` set to `lang`.
fn run(rubric: &str, lang: &str, args: &[&str]) -> Output {
    let wd = Workdir::new();
    wd.write("rubric.toml", rubric);
    wd.write("findings.csv", "unit,item,rule,count\n曲山镇,1.1,a,1\n");
    let mut cmd = assert_cmd::Command::cargo_bin("score").expect("the score binary is built");
    cmd.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .current_dir(wd.path());
    started(|| cmd.output()).expect("run score")
}

const SCORE: &[&str] = &["--rubric", "rubric.toml", "findings.csv"];

fn with_lang<'a>(lang: &'a str, args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--lang", lang];
    all.extend_from_slice(args);
    all
}

#[test]
fn every_rubric_problem_is_given_in_chinese() {
    let out = run(BROKEN, "C", &with_lang("zh", SCORE));
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "rubric.toml:5: `precision` 应为 0 到 10，实为 40
rubric.toml:9: `start` 应为 \"full\" 或 \"zero\"，实为 \"half\"
rubric.toml:21: `deduct` 的百分比应大于 0% 且不超过 100%，实为 \"150%\"
rubric.toml:22: 规则中有未知的键 `deduce`（是否为 `deduct`？）；可用的键：id、text、deduct、add、max、flag、grade、metric、below、above
rubric.toml:22: 指标 \"1.1\" 的规则 \"b\" 没有 `deduct`（也没有 `flag` 或 `grade`）
rubric.toml:26: 指标编号 \"1.1\" 重复
rubric.toml:29: 指标 \"1.1\" 的 `kinds` 列出 \"街道\"，它不是已声明的类型（已声明：乡镇）
"
    );
}

#[test]
fn chinese_and_english_name_the_same_places_in_the_same_order() {
    for rubric in [BROKEN, SLIPS] {
        let places = |out: &Output| -> Vec<String> {
            stderr(out)
                .lines()
                .map(|l| l.split_once(": ").map_or(l, |(p, _)| p).to_string())
                .collect()
        };
        let zh = run(rubric, "C", &with_lang("zh", SCORE));
        let en = run(rubric, "C", &with_lang("en", SCORE));
        assert_eq!(code(&zh), code(&en));
        assert_eq!(places(&zh), places(&en));
        assert_ne!(stderr(&zh), stderr(&en));
    }
}

#[test]
fn the_slips_of_a_chinese_input_method_are_named_with_line_and_column() {
    let out = run(SLIPS, "C", &with_lang("zh", SCORE));
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert_eq!(
        stderr(&out),
        "rubric.toml:2:6: 中文引号“，TOML 要用英文引号 \"
rubric.toml:4:7: 全角等号（＝），TOML 要用英文等号 =
rubric.toml:4:9: 全角数字（１０），TOML 要用半角数字 10
rubric.toml:9:10: 中文数字（十），TOML 要用阿拉伯数字 10
rubric.toml:13:1: 全角空格，TOML 要用半角空格
rubric.toml:15:55: 中文逗号（，），TOML 要用英文逗号 ,
"
    );
    let out = run(SLIPS, "C", SCORE);
    assert_eq!(
        stderr(&out),
        "rubric.toml:2:6: a Chinese quotation mark “: TOML needs the ASCII quote \"
rubric.toml:4:7: a full-width equals sign ＝: TOML needs the ASCII =
rubric.toml:4:9: full-width digits １０: TOML needs the ASCII digits 10
rubric.toml:9:10: a number written in Chinese 十: TOML needs digits (10)
rubric.toml:13:1: a full-width space: TOML needs the ASCII space
rubric.toml:15:55: a full-width comma ，: TOML needs the ASCII comma ,
"
    );
}

#[test]
fn the_locale_and_lang_give_the_same_bytes() {
    for rubric in [BROKEN, SLIPS, "unit,item\n曲山镇,1.1\n"] {
        let by_locale = run(rubric, "zh_CN.UTF-8", SCORE);
        let by_flag = run(rubric, "C", &with_lang("zh", SCORE));
        assert_eq!(code(&by_locale), code(&by_flag));
        assert_eq!(by_locale.stdout, by_flag.stdout);
        assert_eq!(by_locale.stderr, by_flag.stderr);
        // And --lang overrides a Chinese locale.
        let en_flag = run(rubric, "zh_CN.UTF-8", &with_lang("en", SCORE));
        let en_locale = run(rubric, "C", SCORE);
        assert_eq!(en_flag.stderr, en_locale.stderr);
        assert_ne!(by_flag.stderr, en_locale.stderr);
    }
}

#[test]
fn a_missing_rubric_lists_the_built_ins_in_chinese() {
    let out = run(
        BROKEN,
        "C",
        &["--lang", "zh", "--rubric", "gov2023", "findings.csv"],
    );
    let err = stderr(&out);
    assert!(
        err.starts_with("gov2023: 没有这个文件，也没有这个名称的内置细则（内置："),
        "{err}"
    );
    assert!(err.contains("gov2022、"), "{err}");
}

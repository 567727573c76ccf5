//! The command line in Chinese: help texts for every flag and subcommand,
//! and clap's own errors put in Chinese words. clap speaks English only, so
//! the Chinese texts are laid over the command it builds; a test fails when
//! a flag has no Chinese text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

const ABOUT: &str = "按考核细则为考核发现打分，精确到小数。";

const LONG_ABOUT: &str = "\
按考核细则为考核发现打分，精确到小数。

读入 TOML 格式的考核细则（文件，或内置细则的编号），逐行读入考核发现的 CSV 文件（UTF-8，带或不带
BOM，或 Excel 在中文 Windows 上保存的 GBK/GB18030），输出每个单位的分项得分、总分、等次和排名；
加 --detail 时逐项说明每一处扣分。";

const AFTER_HELP: &str = "\
示例：
  score --rubric gov2022 findings.csv
  score --rubric gov2022 --units units.csv --format csv --output results.csv findings.csv
  score --rubric my-rules.toml --detail a.csv b.csv
  score --rubric gov2022 --output results.xlsx findings.xlsx
  score --rubric gov2022 --bom --output results.csv findings.csv
  score --rubric gov2022 --compare last-year.csv --output report.html findings.csv
  score template --rubric gov2022 --units units.csv --output findings.xlsx
  score check gov2022
  score rubrics

退出码：0 成功；1 输入有误（细则、名单或考核发现），未写出任何结果；2 命令行用法有误；
3 已写出结果，但在 --strict 下有比例要求未达到。";

const TEMPLATE: &str =
    "写出待填写的考核发现文件：每条规则一行（有名单时每个单位每条规则一行），次数为 0；\
加 --wide 时写出打分表，每个指标一列。原样打分时每个单位都得满分";

/// Chinese help for each flag, by clap id: `(id, short help, long help)`.
const ARGS: &[(&str, &str, Option<&str>)] = &[
    ("rubric", "考核细则：TOML 文件，或内置细则的编号，如 gov2022（见 `score rubrics`）", None),
    (
        "units",
        "被考核单位名单，CSV 或工作簿（单位、类型、档次，及户数等属性）；名单上的单位都参与打分，\
         考核发现中不在名单上的单位是错误",
        None,
    ),
    (
        "format",
        "输出格式：table（终端表格，中文对齐，附比例核对）、csv（英文表头，供脚本）、md（Markdown 表格）、\
         json（精确数字与每条发现）、xlsx（工作簿，须 --output）、html（给领导的报告：图表与每个单位的\
         考核反馈单）；默认按 --output 的扩展名，否则为 table",
        None,
    ),
    ("detail", "每个单位每个指标一行，列出扣分、封顶和原因（用于 table、csv 和 md；json、xlsx 和 html 总是包含）", None),
    (
        "compare",
        "与上次的结果比较（`score --format csv` 写出的结果 CSV，如去年的或复核前的）：每种输出都加上\
         每个单位总分、等次和排名的变化",
        None,
    ),
    (
        "sheets",
        "HTML 报告中要附考核反馈单的单位：UNIT,…，或 @FILE（每行一个单位）；超过 2000 个单位时须指定",
        None,
    ),
    ("output", "把结果写入 FILE（要么完整写出，要么不写），而不是标准输出", None),
    (
        "bom",
        "csv 或 md 输出以 UTF-8 字节顺序标记开头，中文 Windows 上的 Excel 双击打开不乱码（脚本不需要：默认不加）",
        None,
    ),
    ("strict", "有比例要求（max 或 min）未达到时退出码为 3；结果照常写出", None),
    (
        "lang",
        "提示和帮助的语言：zh 或 en [默认按用户的区域设置（LC_ALL、LC_MESSAGES、LANG；Windows 上为显示语言）]",
        None,
    ),
    ("quiet", "标准错误上不显示警告和进度（错误照常显示）", None),
    (
        "findings",
        "考核发现文件（CSV，或 .xlsx/.xls/.ods 工作簿的第一个工作表），合并读入；`-` 从标准输入读 CSV",
        None,
    ),
    ("help", "显示帮助", None),
    ("version", "显示版本", None),
];

/// A subcommand's Chinese help: its name, what it does, and `(flag, help)`.
type SubHelp = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Chinese help for the subcommands.
const COMMANDS: &[SubHelp] = &[
    (
        "check",
        "校验考核细则并列出提纲：分项、指标、分值、规则",
        &[("rubric", "TOML 文件或内置细则的编号")],
    ),
    ("rubrics", "列出内置考核细则", &[]),
    (
        "template",
        TEMPLATE,
        &[
            ("rubric", "TOML 文件或内置细则的编号"),
            ("units", "要列出的单位名单"),
            (
                "wide",
                "打分表：每个单位一行，每个指标一列（计分指标填得分，加分项和扣分项填分数）",
            ),
            ("format", "csv，或 xlsx（--output 以 .xlsx 结尾时的默认值）"),
            ("output", "写入 FILE，而不是标准输出"),
            ("bom", "csv 模板以 UTF-8 字节顺序标记开头，供 Excel 打开"),
        ],
    ),
    (
        "sql",
        "输出一条 SQL 查询，在 DuckDB、PostgreSQL 系数据库或 Spark 中按本工具的算法为考核发现表打分（见 docs/sql.md）",
        &[
            ("rubric", "TOML 文件或内置细则的编号"),
            ("dialect", "查询所用的数据库引擎：duckdb、postgres 或 spark"),
            ("findings", "考核发现表（可写 schema.table；默认 findings）"),
            ("units", "单位表，相当于 --units 给出的单位名单"),
            ("detail", "每个单位、考核期和指标一行，同 --detail"),
            ("check", "输出列出本工具会拒绝的行的查询，而不是结果"),
            ("categories", "单位表的档次列有值：在档次内排名并显示档次（名单中有单位给了档次时本工具也这样做）"),
        ],
    ),
    ("help", "显示本帮助或指定子命令的帮助", &[]),
];

const TEMPLATE_ZH: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The command with every text in Chinese. Everything is changed before
/// clap builds the command (a change after would break its look-ups), so
/// help and version are given as flags of our own.
pub fn localize(cmd: Command) -> Command {
    let mut cmd = cmd
        .about(ABOUT)
        .long_about(LONG_ABOUT)
        .after_help(AFTER_HELP)
        .after_long_help(AFTER_HELP)
        .help_template(TEMPLATE_ZH)
        .subcommand_help_heading("命令")
        .override_usage("score [选项] --rubric <RUBRIC> <FINDINGS>...\n       score <命令>")
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(own("help", ArgAction::Help))
        .arg(own("version", ArgAction::Version));
    for &(id, help, long) in ARGS.iter().filter(|a| !["help", "version"].contains(&a.0)) {
        cmd = cmd.mut_arg(id, |a| zh_arg(a, help, long));
    }
    for &(name, about, args) in COMMANDS.iter().filter(|c| c.0 != "help") {
        cmd = cmd.mut_subcommand(name, |mut sub| {
            sub = sub
                .about(about)
                .long_about(None)
                .help_template(TEMPLATE_ZH)
                .disable_help_flag(true)
                .arg(own("help", ArgAction::Help));
            for &(id, help) in args {
                sub = sub.mut_arg(id, |a| zh_arg(a, help, None));
            }
            sub
        });
    }
    cmd
}

/// `-h, --help` or `-V, --version` with its Chinese text.
fn own(id: &'static str, action: ArgAction) -> Arg {
    let help = ARGS.iter().find(|a| a.0 == id).map_or("", |a| a.1);
    let short = if id == "help" { 'h' } else { 'V' };
    Arg::new(id)
        .short(short)
        .long(id)
        .action(action)
        .help(help)
        .help_heading("选项")
}

fn zh_arg(a: Arg, help: &'static str, long: Option<&'static str>) -> Arg {
    let heading = if a.is_positional() {
        "参数"
    } else {
        "选项"
    };
    // The Chinese help names the values itself; clap's list is in English.
    let values = a.get_action().takes_values();
    a.help(help)
        .long_help(long)
        .help_heading(heading)
        .hide_possible_values(values)
}

/// clap's error in Chinese, with the usage line; `None` for what is not an
/// error (help, version), which clap prints itself.
pub fn error(e: &clap::Error) -> Option<String> {
    let strings = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    let arg = strings(ContextKind::InvalidArg);
    let first = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数：\n  {arg}"),
        ErrorKind::UnknownArgument => {
            let hint = strings(ContextKind::SuggestedArg);
            let hint = if hint.is_empty() {
                String::new()
            } else {
                format!("（是否要用 '{hint}'？）")
            };
            format!("错误：未知的参数 '{arg}'{hint}")
        }
        ErrorKind::InvalidValue => format!(
            "错误：'{}' 不是 '{arg}' 的有效值；可用的值：{}",
            strings(ContextKind::InvalidValue),
            strings(ContextKind::ValidValue)
        ),
        ErrorKind::InvalidSubcommand => format!(
            "错误：未知的子命令 '{}'",
            strings(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::ArgumentConflict => format!(
            "错误：参数 '{arg}' 不能与 '{}' 同时使用",
            strings(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("错误：参数 '{arg}' 的值个数不对")
        }
        ErrorKind::NoEquals => format!("错误：参数 '{arg}' 须写成 {arg}=值"),
        _ => format!("错误：命令行有误（{}）", e.kind()),
    };
    let usage = match e.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(u)) => {
            let u = u.to_string();
            let u = u.trim_start_matches("Usage: ").trim_end().to_string();
            format!("\n\n用法：{u}")
        }
        _ => String::new(),
    };
    Some(format!("{first}{usage}\n\n更多信息请运行 '--help'。"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every flag and subcommand has its Chinese text: a new flag without
    /// one fails here, not in a user's Chinese run.
    #[test]
    fn every_flag_has_chinese_help() {
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            assert!(
                ARGS.iter().any(|(i, _, _)| *i == id),
                "no Chinese help for --{id}"
            );
        }
        for sub in cmd.get_subcommands() {
            let entry = COMMANDS.iter().find(|(n, _, _)| *n == sub.get_name());
            let Some((_, _, args)) = entry else {
                panic!("no Chinese help for `score {}`", sub.get_name());
            };
            for a in sub.get_arguments() {
                let id = a.get_id().as_str();
                let known = args.iter().any(|(i, _)| *i == id) || ["help", "lang"].contains(&id);
                assert!(
                    known,
                    "no Chinese help for `score {} --{id}`",
                    sub.get_name()
                );
            }
        }
    }

    #[test]
    fn the_chinese_help_renders() {
        let mut cmd = localize(crate::cli::Cli::command());
        let help = cmd.render_long_help().to_string();
        assert!(help.contains("用法：score [选项]"), "{help}");
        assert!(help.contains("考核细则：TOML 文件"), "{help}");
        assert!(!help.contains("Options:"), "{help}");
    }
}

//! The bad-input catalogue: every folder `tests/bad/NNN-name/` is one case, and one `#[test]`
//! named after it (`cargo test bad_107` runs case 107; `cargo test bad_ -- --list` lists them).
//!
//! A case holds its input files, `args` (the arguments after `score`, one per line, run with a
//! fresh temp copy of the folder as the working directory), `expect` (line 1: the exit code;
//! line 2: the exact first line of standard error) and `about` (one line: what the case checks,
//! worded as in the README's table "What `score` checks"; it goes into `docs/errors.md`). The
//! runner checks the exit code, that first line, that standard output is empty on exit 1 or 2,
//! and that a failed run wrote nothing (the temp folder is byte for byte as before).
//! `tests/bad/accepted/` holds odd-looking inputs that are NOT errors, in the same format with
//! exit 0: they must succeed and print results (tests `bad_accepted_NNN_name`).
//!
//! A new case needs its folder and its line in `catalogue!` below (the test
//! `catalogue_folders_and_tests_agree` fails until both exist), then
//! `UPDATE_DOCS=1 cargo test --test bad_inputs` to regenerate `docs/errors.md`, which
//! `errors_md_is_up_to_date` keeps in step with the folders.
//!
//! Cases whose inputs cannot be plain committed files are made here, in code (their folders hold
//! `args`, `expect`, `about` and the ordinary files; `special` below adds the rest):
//!
//! | case                          | made at run time                                              |
//! |-------------------------------|---------------------------------------------------------------|
//! | `findings-10mb-field`         | `findings.csv` whose line 2 has one 10,000,000-byte field     |
//! | `findings-is-directory`       | `findings.csv` is a directory                                 |
//! | `roster-is-directory`         | `units.csv` is a directory                                    |
//! | `rubric-is-directory`         | `rubric.toml` is a directory                                  |
//! | `findings-unreadable`         | `findings.csv` with mode 000, run as user `nobody` when root  |
//! | `output-symlink-to-findings`  | `out.csv`, a symlink to `findings.csv`                        |
//! | `output-hardlink-to-findings` | `out.csv`, a hard link to `findings.csv`                      |
//! | `findings-stdin-unknown-item` | the findings, fed on standard input                           |
//!
//! Two of them run on Unix only: `findings-unreadable` needs Unix permission bits (mode 000) and
//! the user `nobody`, and `output-symlink-to-findings` needs a symlink, which Windows makes only
//! with a privilege tests do not have. Their folders are still listed (and documented) everywhere.
//!
//! Committed as files although not plain text: `findings-nul-byte` (a NUL byte in line 3),
//! `findings-invalid-bytes` (FF FF), `findings-gbk-line-number` (GB18030), the `.xlsx` cases.
//! Missing files need nothing: the file is simply not in the folder.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// Declares one test per case, grouped as `docs/errors.md` shows them, and `LISTED`: every
/// (group, folder) pair, whatever the platform, to compare with the folders on disk.
macro_rules! catalogue {
    ($($group:literal { $($(#[$attr:meta])* $test:ident => $dir:literal,)* })*) => {
        const LISTED: &[(&str, &str)] = &[$($(($group, $dir),)*)*];
        $($(
            $(#[$attr])*
            #[test]
            fn $test() {
                run_case($dir);
            }
        )*)*
    };
}

catalogue! {
    "command line" {
        bad_001_no_findings => "001-no-findings",
        bad_002_no_rubric => "002-no-rubric",
        bad_003_unknown_flag => "003-unknown-flag",
        bad_004_unknown_format => "004-unknown-format",
        bad_006_stdin_twice => "006-stdin-twice",
        bad_016_missing_findings => "016-missing-findings",
        bad_017_missing_roster => "017-missing-roster",
        bad_018_missing_rubric => "018-missing-rubric",
        bad_019_missing_rubric_check => "019-missing-rubric-check",
        bad_020_findings_is_directory => "020-findings-is-directory",
        bad_021_roster_is_directory => "021-roster-is-directory",
        bad_022_rubric_is_directory => "022-rubric-is-directory",
        // Unix only: see the table at the top.
        #[cfg(unix)]
        bad_023_findings_unreadable => "023-findings-unreadable",
        bad_024_missing_rubric_builtin_typo => "024-missing-rubric-builtin-typo",
    }
    "rubric" {
        bad_025_rubric_empty_file => "025-rubric-empty-file",
        bad_026_rubric_is_findings_csv => "026-rubric-is-findings-csv",
        bad_027_rubric_toml_syntax => "027-rubric-toml-syntax",
        bad_028_rubric_unknown_key_deduce => "028-rubric-unknown-key-deduce",
        bad_029_rubric_unknown_key_top => "029-rubric-unknown-key-top",
        bad_030_rubric_items_sum_mismatch => "030-rubric-items-sum-mismatch",
        bad_031_rubric_sections_sum_mismatch => "031-rubric-sections-sum-mismatch",
        bad_032_rubric_duplicate_section => "032-rubric-duplicate-section",
        bad_033_rubric_duplicate_item => "033-rubric-duplicate-item",
        bad_034_rubric_duplicate_rule => "034-rubric-duplicate-rule",
        bad_035_rubric_deduct_150_percent => "035-rubric-deduct-150-percent",
        bad_036_rubric_deduct_0_percent => "036-rubric-deduct-0-percent",
        bad_037_rubric_deduct_negative_percent => "037-rubric-deduct-negative-percent",
        bad_038_rubric_deduct_negative_points => "038-rubric-deduct-negative-points",
        bad_039_rubric_deduct_word => "039-rubric-deduct-word",
        bad_040_rubric_max_all => "040-rubric-max-all",
        bad_041_rubric_deduct_and_add => "041-rubric-deduct-and-add",
        bad_042_rubric_rule_without_effect => "042-rubric-rule-without-effect",
        bad_043_rubric_points_10e30 => "043-rubric-points-10e30",
        bad_044_rubric_precision_40 => "044-rubric-precision-40",
        bad_045_rubric_points_not_a_number => "045-rubric-points-not-a-number",
        bad_046_rubric_missing_total => "046-rubric-missing-total",
        bad_047_rubric_bad_start => "047-rubric-bad-start",
        bad_048_rubric_bad_ranking => "048-rubric-bad-ranking",
        bad_049_rubric_grades_out_of_order => "049-rubric-grades-out-of-order",
        bad_050_rubric_item_undeclared_kind => "050-rubric-item-undeclared-kind",
        bad_051_rubric_quota_undeclared_grade => "051-rubric-quota-undeclared-grade",
        bad_052_rubric_rule_undeclared_grade => "052-rubric-rule-undeclared-grade",
        bad_053_rubric_rating_exclude_unknown_flag => "053-rubric-rating-exclude-unknown-flag",
        bad_054_rubric_cap_per_year_with_mean => "054-rubric-cap-per-year-with-mean",
        bad_055_rubric_weights_count => "055-rubric-weights-count",
        bad_056_rubric_threshold_without_bound => "056-rubric-threshold-without-bound",
        bad_057_rubric_points_1e30_float => "057-rubric-points-1e30-float",
        bad_058_rubric_threshold_bound_too_large => "058-rubric-threshold-bound-too-large",
        bad_059_rubric_quota_share_as_percent => "059-rubric-quota-share-as-percent",
        bad_060_rubric_rating_top_as_percent => "060-rubric-rating-top-as-percent",
        bad_061_rubric_weights_sum => "061-rubric-weights-sum",
        bad_062_rubric_rules_wrong_type => "062-rubric-rules-wrong-type",
        bad_063_rubric_add_on_scored_item => "063-rubric-add-on-scored-item",
        bad_064_rubric_period_label_duplicate => "064-rubric-period-label-duplicate",
        bad_140_rubric_chinese_quote => "140-rubric-chinese-quote",
        bad_141_rubric_chinese_single_quote => "141-rubric-chinese-single-quote",
        bad_142_rubric_fullwidth_comma => "142-rubric-fullwidth-comma",
        bad_143_rubric_fullwidth_colon => "143-rubric-fullwidth-colon",
        bad_144_rubric_fullwidth_semicolon => "144-rubric-fullwidth-semicolon",
        bad_145_rubric_fullwidth_equals => "145-rubric-fullwidth-equals",
        bad_146_rubric_fullwidth_digits => "146-rubric-fullwidth-digits",
        bad_147_rubric_fullwidth_space => "147-rubric-fullwidth-space",
        bad_148_rubric_chinese_number => "148-rubric-chinese-number",
        bad_149_rubric_is_workbook => "149-rubric-is-workbook",
    }
    "roster" {
        bad_065_roster_undeclared_kind => "065-roster-undeclared-kind",
        bad_066_roster_duplicate_unit => "066-roster-duplicate-unit",
        bad_067_roster_no_unit_column => "067-roster-no-unit-column",
        bad_068_roster_empty_unit => "068-roster-empty-unit",
        bad_069_roster_empty_file => "069-roster-empty-file",
        bad_070_roster_threshold_by_column_missing => "070-roster-threshold-by-column-missing",
        bad_071_roster_threshold_by_value_not_a_number => "071-roster-threshold-by-value-not-a-number",
        bad_072_roster_ragged_row => "072-roster-ragged-row",
        bad_073_roster_category_by_column_missing => "073-roster-category-by-column-missing",
        bad_122_roster_header_twice => "122-roster-header-twice",
    }
    "findings" {
        bad_074_findings_empty_file => "074-findings-empty-file",
        bad_075_findings_no_unit_column => "075-findings-no-unit-column",
        bad_076_findings_ragged_row => "076-findings-ragged-row",
        bad_077_findings_unclosed_quote => "077-findings-unclosed-quote",
        bad_078_findings_invalid_bytes => "078-findings-invalid-bytes",
        bad_079_findings_nul_byte => "079-findings-nul-byte",
        bad_080_findings_10mb_field => "080-findings-10mb-field",
        bad_081_findings_count_fullwidth => "081-findings-count-fullwidth",
        bad_082_findings_count_fraction => "082-findings-count-fraction",
        bad_083_findings_count_negative => "083-findings-count-negative",
        bad_084_findings_count_10e30 => "084-findings-count-10e30",
        bad_085_findings_count_word => "085-findings-count-word",
        bad_086_findings_points_percent => "086-findings-points-percent",
        bad_087_findings_points_negative => "087-findings-points-negative",
        bad_088_findings_points_10e30 => "088-findings-points-10e30",
        bad_089_findings_score_not_a_number => "089-findings-score-not-a-number",
        bad_090_findings_score_above_points => "090-findings-score-above-points",
        bad_091_findings_score_negative => "091-findings-score-negative",
        bad_092_findings_rule_and_score => "092-findings-rule-and-score",
        bad_093_findings_rule_and_points => "093-findings-rule-and-points",
        bad_094_findings_item_without_rule => "094-findings-item-without-rule",
        bad_095_findings_score_and_deduction_rows => "095-findings-score-and-deduction-rows",
        bad_096_findings_two_scores => "096-findings-two-scores",
        bad_097_findings_unknown_unit_suggestion => "097-findings-unknown-unit-suggestion",
        bad_098_findings_unknown_item => "098-findings-unknown-item",
        bad_099_findings_unknown_rule => "099-findings-unknown-rule",
        bad_100_findings_unknown_period => "100-findings-unknown-period",
        bad_101_findings_missing_period => "101-findings-missing-period",
        bad_102_findings_item_not_for_kind => "102-findings-item-not-for-kind",
        bad_103_findings_threshold_value_missing => "103-findings-threshold-value-missing",
        bad_104_findings_threshold_bad_value => "104-findings-threshold-bad-value",
        bad_105_findings_header_twice => "105-findings-header-twice",
        bad_106_findings_merged_cell_paste => "106-findings-merged-cell-paste",
        bad_107_findings_crlf_line_number => "107-findings-crlf-line-number",
        bad_108_findings_gbk_line_number => "108-findings-gbk-line-number",
        bad_109_findings_multiline_note_line_number => "109-findings-multiline-note-line-number",
        bad_110_findings_second_file => "110-findings-second-file",
        bad_111_findings_stdin_unknown_item => "111-findings-stdin-unknown-item",
        bad_115_findings_wide_score_above => "115-findings-wide-score-above",
        bad_116_findings_duplicate_column => "116-findings-duplicate-column",
        bad_117_findings_counts_add_past_limit => "117-findings-counts-add-past-limit",
        bad_118_findings_period_without_periods => "118-findings-period-without-periods",
        bad_119_findings_bom_only => "119-findings-bom-only",
        bad_120_findings_rule_without_item => "120-findings-rule-without-item",
        bad_121_findings_quote_swallows_rows => "121-findings-quote-swallows-rows",
        bad_135_findings_points_with_count => "135-findings-points-with-count",
    }
    "workbooks" {
        bad_112_findings_xlsx_bad_count => "112-findings-xlsx-bad-count",
        bad_113_findings_xlsx_unknown_item => "113-findings-xlsx-unknown-item",
        bad_114_findings_not_really_xlsx => "114-findings-not-really-xlsx",
        bad_126_findings_xlsx_number_could_be_two_items => "126-findings-xlsx-number-could-be-two-items",
    }
    "compare" {
        bad_127_compare_missing_column => "127-compare-missing-column",
        bad_128_compare_bad_rows => "128-compare-bad-rows",
        bad_129_compare_detail_csv => "129-compare-detail-csv",
        bad_130_compare_with_detail => "130-compare-with-detail",
        bad_131_compare_missing_file => "131-compare-missing-file",
    }
    "output" {
        bad_005_xlsx_without_output => "005-xlsx-without-output",
        bad_014_template_xlsx_without_output => "014-template-xlsx-without-output",
        bad_007_output_is_findings => "007-output-is-findings",
        bad_008_output_is_findings_dot_slash => "008-output-is-findings-dot-slash",
        bad_009_output_is_findings_dotdot => "009-output-is-findings-dotdot",
        // Unix only: see the table at the top.
        #[cfg(unix)]
        bad_010_output_symlink_to_findings => "010-output-symlink-to-findings",
        bad_011_output_hardlink_to_findings => "011-output-hardlink-to-findings",
        bad_012_output_is_roster => "012-output-is-roster",
        bad_013_output_is_rubric => "013-output-is-rubric",
        bad_015_template_output_is_roster => "015-template-output-is-roster",
        bad_123_format_contradicts_output => "123-format-contradicts-output",
        bad_132_sheets_without_html => "132-sheets-without-html",
        bad_133_sheets_unknown_unit => "133-sheets-unknown-unit",
        bad_134_output_is_compare => "134-output-is-compare",
        bad_125_template_format_contradicts_output => "125-template-format-contradicts-output",
        bad_124_bom_with_json => "124-bom-with-json",
        bad_136_detail_with_json => "136-detail-with-json",
    }
    "accepted" {
        bad_accepted_001_findings_header_only => "accepted/001-findings-header-only",
        bad_accepted_002_findings_bom_header_only => "accepted/002-findings-bom-header-only",
        bad_accepted_003_findings_unfilled_template_row => "accepted/003-findings-unfilled-template-row",
        bad_accepted_004_findings_threshold_count_zero_no_value => "accepted/004-findings-threshold-count-zero-no-value",
        bad_accepted_005_findings_gbk_crlf => "accepted/005-findings-gbk-crlf",
        bad_accepted_006_findings_count_zero_all => "accepted/006-findings-count-zero-all",
        bad_accepted_007_findings_note_over_two_lines => "accepted/007-findings-note-over-two-lines",
        bad_accepted_008_findings_utf16_with_mark => "accepted/008-findings-utf16-with-mark",
    }
}

/// The groups of `docs/errors.md`, in order, with their headings.
const GROUPS: &[(&str, &str)] = &[
    ("command line", "Command line"),
    ("rubric", "Rubric"),
    ("roster", "Roster (`--units`)"),
    ("findings", "Findings"),
    ("workbooks", "Findings in workbooks (`.xlsx`)"),
    ("compare", "Previous results (`--compare`)"),
    ("output", "Output (`--output`)"),
    (
        "accepted",
        "Accepted: odd-looking but not errors (`tests/bad/accepted/`)",
    ),
];

/// What a special case needs beyond its committed files.
struct Special {
    /// Makes the files that cannot be committed.
    prepare: fn(&Path),
    /// Bytes for standard input.
    stdin: &'static [u8],
    /// Run as an unprivileged user (root can read a mode-000 file).
    as_nobody: bool,
}

/// The special cases, by name without number (the names listed in `SPECIAL_NAMES`).
fn special(name: &str) -> Option<Special> {
    let plain = |prepare: fn(&Path)| Special {
        prepare,
        stdin: b"",
        as_nobody: false,
    };
    Some(match name {
        "findings-10mb-field" => plain(|dir| {
            let mut bytes = "unit,item,rule,count,note\n曲山镇,1.1,a,1,"
                .as_bytes()
                .to_vec();
            bytes.resize(bytes.len() + 10_000_000, b'x');
            bytes.push(b'\n');
            fs::write(dir.join("findings.csv"), bytes).unwrap();
        }),
        "findings-is-directory" => plain(|dir| fs::create_dir(dir.join("findings.csv")).unwrap()),
        "roster-is-directory" => plain(|dir| fs::create_dir(dir.join("units.csv")).unwrap()),
        "rubric-is-directory" => plain(|dir| fs::create_dir(dir.join("rubric.toml")).unwrap()),
        // Unix only: mode 000 has no Windows equivalent.
        #[cfg(unix)]
        "findings-unreadable" => Special {
            prepare: |dir| {
                use std::os::unix::fs::PermissionsExt;
                let path = dir.join("findings.csv");
                fs::write(&path, "unit,item,rule,count\n曲山镇,1.1,a,1\n").unwrap();
                fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
            },
            stdin: b"",
            as_nobody: true,
        },
        // Unix only: a Windows symlink needs a privilege tests do not have.
        #[cfg(unix)]
        "output-symlink-to-findings" => {
            plain(|dir| std::os::unix::fs::symlink("findings.csv", dir.join("out.csv")).unwrap())
        }
        "output-hardlink-to-findings" => {
            plain(|dir| fs::hard_link(dir.join("findings.csv"), dir.join("out.csv")).unwrap())
        }
        "findings-stdin-unknown-item" => Special {
            prepare: |_| {},
            stdin: "unit,item,rule,count\n曲山镇,1.1,a,1\n曲山镇,9.9,a,1\n".as_bytes(),
            as_nobody: false,
        },
        _ => return None,
    })
}

/// Every name `special` knows, on any platform, so a renamed folder cannot leave one unused.
const SPECIAL_NAMES: &[&str] = &[
    "findings-10mb-field",
    "findings-is-directory",
    "roster-is-directory",
    "rubric-is-directory",
    "findings-unreadable",
    "output-symlink-to-findings",
    "output-hardlink-to-findings",
    "findings-stdin-unknown-item",
];

/// The fewest bad-input cases the catalogue may hold.
const MIN_CASES: usize = 60;

/// The files of a case folder that are about the case, not inputs to copy.
const CASE_FILES: &[&str] = &["args", "expect", "about"];

fn catalogue() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

/// The case folders under `tests/bad` and `tests/bad/accepted` (those with an `args` file), as
/// paths relative to `tests/bad` (`107-…`, `accepted/001-…`), sorted.
fn folders() -> Vec<String> {
    let mut found = Vec::new();
    for (sub, prefix) in [("", ""), ("accepted", "accepted/")] {
        let dir = catalogue().join(sub);
        for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.join("args").is_file() {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                found.push(format!("{prefix}{name}"));
            }
        }
    }
    found.sort();
    found
}

/// A case's name without its number or group: `accepted/070-findings-x` -> `findings-x`.
fn short_name(case: &str) -> &str {
    let name = case.rsplit('/').next().unwrap_or(case);
    match name.split_once('-') {
        Some((num, rest)) if num.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => name,
    }
}

/// Makes a copied file readable and writable by everyone, as a fresh checkout would have it.
fn make_plain(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o644)).unwrap();
    }
    // On Windows this only clears the read-only attribute (the lint is about Unix modes).
    #[cfg(not(unix))]
    #[allow(clippy::permissions_set_readonly_false)]
    {
        let mut perms = fs::metadata(path).unwrap().permissions();
        perms.set_readonly(false);
        fs::set_permissions(path, perms).unwrap();
    }
}

/// Copies `from` into `to`, leaving out the case's own `args`, `expect` and `about`.
fn copy_inputs(from: &Path, to: &Path, top: bool) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if top && CASE_FILES.iter().any(|f| name == *f) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir(&target).unwrap();
            copy_inputs(&entry.path(), &target, false);
        } else {
            fs::copy(entry.path(), &target).unwrap();
            make_plain(&target);
        }
    }
}

/// Everything in a folder, to tell whether a run wrote anything: (path, what it is).
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let what = if meta.file_type().is_symlink() {
                let mut v = b"symlink -> ".to_vec();
                v.extend(fs::read_link(&path).unwrap().to_string_lossy().as_bytes());
                v
            } else if meta.is_dir() {
                stack.push(path.clone());
                b"dir".to_vec()
            } else {
                fs::read(&path).unwrap_or_else(|_| b"unreadable".to_vec())
            };
            all.push((path.strip_prefix(dir).unwrap().to_path_buf(), what));
        }
    }
    all.sort();
    all
}

#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

#[cfg(unix)]
fn find_tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin", "/bin"].map(PathBuf::from))
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The command that runs the binary as user `nobody` when running as root (root reads a
/// mode-000 file), through `runuser` or `setpriv` and a copy of the binary nobody can run;
/// `None` when there is no need.
#[cfg(unix)]
fn as_nobody_command(dir: &Path) -> Result<Option<Command>, String> {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command as StdCommand;
    if !is_root() {
        return Ok(None);
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(0o755)).unwrap();
    let bin = dir.join("score-bin");
    fs::copy(assert_cmd::cargo::cargo_bin("score"), &bin).unwrap();
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).unwrap();
    let mut c = if let Some(runuser) = find_tool("runuser") {
        let mut c = StdCommand::new(runuser);
        c.args(["-u", "nobody", "--"]);
        c
    } else if let Some(setpriv) = find_tool("setpriv") {
        let mut c = StdCommand::new(setpriv);
        c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups"]);
        c
    } else {
        return Err(
            "running as root, and neither runuser nor setpriv exists to run as nobody".into(),
        );
    };
    c.arg(&bin);
    Ok(Some(Command::from_std(c)))
}

#[cfg(not(unix))]
fn as_nobody_command(_dir: &Path) -> Result<Option<Command>, String> {
    Ok(None)
}

/// The two languages every case runs in, as the user's locale sets them.
const LANGS: [&str; 2] = ["C", "zh_CN.UTF-8"];

/// Runs `score ARGS` in `dir` (`assert_cmd::Command::cargo_bin`) with `LANG` set to `lang`,
/// as user `nobody` when asked.
fn run(
    dir: &Path,
    args: &[String],
    stdin: &[u8],
    as_nobody: bool,
    lang: &str,
) -> Result<Output, String> {
    let nobody = if as_nobody {
        as_nobody_command(dir)?
    } else {
        None
    };
    let mut cmd = match nobody {
        Some(cmd) => cmd,
        None => Command::cargo_bin("score").map_err(|e| format!("the score binary: {e}"))?,
    };
    cmd.args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .current_dir(dir)
        .write_stdin(stdin.to_vec());
    common::started(|| cmd.output()).map_err(|e| format!("cannot run score: {e}"))
}

/// A case's `expect`: the exit code and the first line of standard error in English
/// (`LANG=C`) and, on line 3, in Chinese (`LANG=zh_CN.UTF-8`; `None` when missing).
fn expectation(case: &str) -> (i32, String, Option<String>) {
    let path = catalogue().join(case).join("expect");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut lines = text.lines();
    let code = match lines.next().map(|l| l.trim().parse()) {
        Some(Ok(c)) => c,
        _ => panic!("{case}: `expect` line 1 must be an exit code"),
    };
    let en = lines.next().unwrap_or("").to_string();
    (code, en, lines.next().map(str::to_string))
}

/// Where an English message says its problem is (`f.csv:7`, `f.xlsx:Sheet1!B2`), which the
/// Chinese one must say too; `None` for usage errors and empty lines.
fn place(line: &str) -> Option<&str> {
    if line.is_empty() || line.starts_with("error:") {
        return None;
    }
    line.split_once(": ").map(|(p, _)| p)
}

/// Runs one case and panics, saying everything that went wrong, unless it behaves as its
/// `expect` says.
fn run_case(case: &str) {
    if let Some(wrong) = check(case) {
        panic!("{wrong}");
    }
}

/// Runs one case; `None` when it behaves as its `expect` says, else what went wrong.
fn check(case: &str) -> Option<String> {
    let folder = catalogue().join(case);
    let args: Vec<String> = fs::read_to_string(folder.join("args"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let (want_code, want_en, want_zh) = expectation(case);
    let mut wrong = Vec::new();
    let updating = std::env::var_os("UPDATE_ZH").is_some();
    let missing_zh = want_zh.is_none();
    let Some(want_zh) = want_zh.or_else(|| updating.then(String::new)) else {
        return Some(format!(
            "{case}: `expect` has no line 3, the first stderr line under LANG=zh_CN.UTF-8 \
             (UPDATE_ZH=1 cargo test --test bad_inputs writes it: read it before committing)"
        ));
    };
    for (lang, want_line) in LANGS.iter().zip([&want_en, &want_zh]) {
        match run_in(case, &folder, &args, lang) {
            Err(e) => return Some(format!("{case}: {e}")),
            Ok((code, got_line, mut problems)) => {
                if code != want_code {
                    problems.push(format!("exit {code}, expected {want_code}"));
                }
                if updating && *lang != "C" && (got_line != *want_line || missing_zh) {
                    let path = folder.join("expect");
                    fs::write(&path, format!("{want_code}\n{want_en}\n{got_line}\n")).unwrap();
                } else if got_line != *want_line {
                    problems.push(format!(
                        "first stderr line\n      expected: {want_line}\n      actual:   {got_line}"
                    ));
                }
                wrong.extend(problems.into_iter().map(|p| format!("LANG={lang}: {p}")));
            }
        }
    }
    if let Some(p) = place(&want_en) {
        if !want_zh.starts_with(&format!("{p}: ")) {
            wrong.push(format!(
                "the Chinese line does not start with the place `{p}: `"
            ));
        }
    }
    if !want_en.is_empty() && want_zh == want_en {
        wrong.push("the Chinese line is the English one: the message is not translated".into());
    }
    if wrong.is_empty() {
        None
    } else {
        Some(format!(
            "{case} (score {}):\n    {}",
            args.join(" "),
            wrong.join("\n    ")
        ))
    }
}

/// Runs one case in one language: its exit code, first stderr line, and what else went wrong.
fn run_in(
    case: &str,
    folder: &Path,
    args: &[String],
    lang: &str,
) -> Result<(i32, String, Vec<String>), String> {
    let want_code = expectation(case).0;

    let tmp = tempfile::Builder::new()
        .prefix("score-bad-")
        .tempdir()
        .unwrap();
    let dir = tmp.path();
    copy_inputs(folder, dir, true);
    let special = special(short_name(case));
    if let Some(s) = &special {
        (s.prepare)(dir);
    }
    let before = snapshot(dir);
    let out = run(
        dir,
        args,
        special.as_ref().map_or(b"", |s| s.stdin),
        special.as_ref().is_some_and(|s| s.as_nobody),
        lang,
    )?;
    // Let the temp dir be removed even after a mode-000 file.
    #[cfg(unix)]
    for (path, _) in &before {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir.join(path), fs::Permissions::from_mode(0o755));
    }

    let code = out.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let got_line = stderr
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r');
    let mut wrong = Vec::new();
    if (matches!(code, 1 | 2) || matches!(want_code, 1 | 2)) && !out.stdout.is_empty() {
        wrong.push(format!("{} bytes on stdout", out.stdout.len()));
    }
    if want_code == 0 && code == 0 && out.stdout.is_empty() {
        wrong.push("nothing on stdout".into());
    }
    if matches!(want_code, 1 | 2) {
        let after: Vec<(PathBuf, Vec<u8>)> = snapshot(dir)
            .into_iter()
            .filter(|(p, _)| p != Path::new("score-bin"))
            .collect();
        let before: Vec<(PathBuf, Vec<u8>)> = before
            .into_iter()
            .filter(|(p, _)| p != Path::new("score-bin"))
            .collect();
        if after != before {
            wrong.push("the run changed the working folder".into());
        }
    }
    Ok((code, got_line.to_string(), wrong))
}

/// The test name `catalogue!` should give a folder: `accepted/001-a-b` -> `bad_accepted_001_a_b`.
fn test_name(case: &str) -> String {
    format!("bad_{}", case.replace(['/', '-'], "_"))
}

#[test]
fn catalogue_folders_and_tests_agree() {
    let on_disk = folders();
    let bad = on_disk
        .iter()
        .filter(|c| !c.starts_with("accepted/"))
        .count();
    assert!(
        bad >= MIN_CASES,
        "the catalogue has {bad} cases, fewer than {MIN_CASES}"
    );
    assert!(on_disk.len() > bad, "tests/bad/accepted holds no cases");
    let mut listed: Vec<String> = LISTED.iter().map(|(_, d)| d.to_string()).collect();
    listed.sort();
    let unlisted: Vec<&String> = on_disk.iter().filter(|c| !listed.contains(c)).collect();
    let missing: Vec<&String> = listed.iter().filter(|c| !on_disk.contains(c)).collect();
    let mut twice = listed.clone();
    twice.dedup();
    assert!(
        unlisted.is_empty() && missing.is_empty() && twice.len() == listed.len(),
        "tests/bad and the list in tests/bad_inputs.rs disagree\n  folders without a line: \
         {}\n  lines without a folder: {missing:?}\n  (or a folder listed twice)",
        unlisted
            .iter()
            .map(|c| format!("\n    {} => \"{c}\",", test_name(c)))
            .collect::<String>()
    );
    for (group, case) in LISTED {
        assert!(
            GROUPS.iter().any(|(g, _)| g == group),
            "{case}: unknown group {group:?}"
        );
        assert_eq!(
            *group == "accepted",
            case.starts_with("accepted/"),
            "{case}: only tests/bad/accepted cases go in the group \"accepted\""
        );
        for file in CASE_FILES {
            assert!(
                catalogue().join(case).join(file).is_file(),
                "{case}: no `{file}` file"
            );
        }
    }
    // The test names are given by hand; hold them to the folder names so `cargo test bad_107`
    // finds case 107. The names are checked through the source, as a macro cannot.
    let source = include_str!("bad_inputs.rs");
    for (_, case) in LISTED {
        let line = format!("{} => \"{case}\",", test_name(case));
        assert!(source.contains(&line), "{case}: expected the line `{line}`");
    }
    for name in SPECIAL_NAMES {
        assert!(
            on_disk.iter().any(|c| short_name(c) == *name),
            "the special case {name:?} has no folder in tests/bad"
        );
    }
}

/// Text for a Markdown table cell: `|` escaped, code spans as the README writes them.
fn cell_code(text: &str) -> String {
    let text = text.replace('|', "\\|");
    if text.is_empty() {
        "(nothing)".into()
    } else if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// `docs/errors.md`, rendered from the catalogue.
fn render_errors_md() -> String {
    let mut md = String::from(
        "# Errors `score` reports\n\
         \n\
         <!-- Generated by `UPDATE_DOCS=1 cargo test --test bad_inputs` from tests/bad; do not \
         edit by hand. -->\n\
         \n\
         Every row is a case of the bad-input catalogue, `tests/bad/` (one folder per case with \
         its files, arguments and the exact first line of standard error expected), and a test of \
         its own: `cargo test bad_107` runs case 107. Exit `1` is invalid input (nothing \
         written), `2` a command-line usage error, `0` success.\n",
    );
    for (group, heading) in GROUPS {
        let mut cases: Vec<&str> = LISTED
            .iter()
            .filter(|(g, _)| g == group)
            .map(|(_, d)| *d)
            .collect();
        cases.sort();
        md.push_str(&format!(
            "\n## {heading}\n\n| case | what is checked | exit | first line of standard error | \
             in Chinese (`LANG=zh_CN.UTF-8` or `--lang zh`) |\n|---|---|---|---|---|\n"
        ));
        for case in cases {
            let about_path = catalogue().join(case).join("about");
            let about = fs::read_to_string(&about_path)
                .unwrap_or_else(|e| panic!("read {}: {e}", about_path.display()));
            let (code, line, zh) = expectation(case);
            md.push_str(&format!(
                "| `{}` | {} | {code} | {} | {} |\n",
                case.rsplit('/').next().unwrap_or(case),
                about.trim().replace('|', "\\|"),
                cell_code(&line),
                cell_code(zh.as_deref().unwrap_or(""))
            ));
        }
    }
    md
}

#[test]
fn errors_md_is_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/errors.md");
    let want = render_errors_md();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        fs::write(&path, &want).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        return;
    }
    // A Windows checkout may turn line ends into CRLF.
    let got = fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    if got != want {
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "docs/errors.md is stale (first difference at line {}); rewrite it with\n\n    \
             UPDATE_DOCS=1 cargo test --test bad_inputs\n",
            first + 1
        );
    }
}

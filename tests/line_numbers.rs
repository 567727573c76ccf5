//! `FILE:LINE` is the line an editor shows (Notepad, VS Code), whatever the
//! file's line ends, byte-order mark or encoding, with blank lines and
//! quoted line breaks (Alt+Enter in Excel) before the faulty row. One test
//! per combination, for findings and for rosters.

mod common;

use common::*;

const RUBRIC: &str = r#"
[rubric]
id = "lines"
name = "行号"
total = 10

[[kind]]
name = "乡镇"
start = "full"

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

/// Physical lines: 1 header, 2 blank, 3-4 one row whose note holds a line
/// break, 5 a bad count, 6 blank, 7 another bad count.
const FINDINGS: &[&str] = &[
    "unit,item,rule,count,note",
    "",
    "曲山镇,1.1,a,1,\"第一行",
    "第二行\"",
    "曲山镇,1.1,a,两,x",
    "",
    "曲山镇,1.1,a,三,y",
];

/// Physical lines: 1 header, 2 blank, 3-4 a unit whose note holds a line
/// break, 5 an undeclared kind, 6 blank, 7 another.
const ROSTER: &[&str] = &[
    "unit,kind,备注",
    "",
    "曲山镇,乡镇,\"第一行",
    "第二行\"",
    "永乐镇,县直,x",
    "",
    "城关镇,街道,y",
];

#[derive(Clone, Copy)]
enum Enc {
    Utf8,
    Utf8Bom,
    Gb18030,
}

/// The lines joined with `end` after each, in the encoding.
fn bytes(lines: &[&str], end: &str, enc: Enc) -> Vec<u8> {
    let text: String = lines.iter().map(|l| format!("{l}{end}")).collect();
    match enc {
        Enc::Utf8 => text.into_bytes(),
        Enc::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Enc::Gb18030 => encoding_rs::GB18030.encode(&text).0.into_owned(),
    }
}

fn findings_lines(end: &str, enc: Enc) {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    wd.write_bytes("f.csv", &bytes(FINDINGS, end, enc));
    let out = wd.run(&["--rubric", "r.toml", "f.csv"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "f.csv:5: invalid count \"两\": expected a whole number from 0 to 1000000000",
            "f.csv:7: invalid count \"三\": expected a whole number from 0 to 1000000000",
        ],
        "{err}"
    );
}

fn roster_lines(end: &str, enc: Enc) {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    wd.write_bytes("u.csv", &bytes(ROSTER, end, enc));
    wd.write("f.csv", "unit,item,rule,count\n");
    let out = wd.run(&["--rubric", "r.toml", "--units", "u.csv", "f.csv"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    let err = stderr(&out);
    let places: Vec<&str> = err
        .lines()
        .map(|l| l.split(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(places, ["u.csv:5", "u.csv:7"], "{err}");
    assert!(err.contains("县直") && err.contains("街道"), "{err}");
}

macro_rules! combinations {
    ($($name:ident: $check:ident, $end:expr, $enc:expr;)*) => {
        $(#[test]
        fn $name() {
            $check($end, $enc);
        })*
    };
}

combinations! {
    findings_lf_utf8: findings_lines, "\n", Enc::Utf8;
    findings_crlf_utf8: findings_lines, "\r\n", Enc::Utf8;
    findings_lf_utf8_bom: findings_lines, "\n", Enc::Utf8Bom;
    findings_crlf_utf8_bom: findings_lines, "\r\n", Enc::Utf8Bom;
    findings_lf_gb18030: findings_lines, "\n", Enc::Gb18030;
    findings_crlf_gb18030: findings_lines, "\r\n", Enc::Gb18030;
    roster_lf_utf8: roster_lines, "\n", Enc::Utf8;
    roster_crlf_utf8: roster_lines, "\r\n", Enc::Utf8;
    roster_lf_utf8_bom: roster_lines, "\n", Enc::Utf8Bom;
    roster_crlf_utf8_bom: roster_lines, "\r\n", Enc::Utf8Bom;
    roster_lf_gb18030: roster_lines, "\n", Enc::Gb18030;
    roster_crlf_gb18030: roster_lines, "\r\n", Enc::Gb18030;
}

/// A file Excel saved without a final line end: the last row keeps its line.
#[test]
fn crlf_without_a_final_line_end() {
    let wd = Workdir::new();
    wd.write("r.toml", RUBRIC);
    wd.write(
        "f.csv",
        "unit,item,rule,count\r\n曲山镇,1.1,a,1\r\n\r\n曲山镇,1.1,a,两",
    );
    let out = wd.run(&["--rubric", "r.toml", "f.csv"]);
    assert_eq!(code(&out), 1, "{}", describe(&out));
    assert!(
        stderr(&out).starts_with("f.csv:4: invalid count"),
        "{}",
        describe(&out)
    );
}

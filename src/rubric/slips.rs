//! The slips a Chinese input method makes in a rubric: “quotes”, full-width
//! commas, colons, semicolons, equals signs, digits and spaces, and numbers
//! written in Chinese (`points = 十二`). The TOML reader calls each of them
//! something like "invalid string" and steers toward quoting; here each is
//! named, with its line, column and fix. Only what lies outside strings and
//! comments is a slip: inside a string every character is allowed.

/// One slip: 1-based line and column (in characters, as an editor counts
/// them), and its message.
#[derive(Debug, PartialEq, Eq)]
pub struct Slip {
    pub line: u64,
    pub col: u64,
    pub message: String,
}

/// Where the scanner is: in TOML itself, or inside a kind of string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum In {
    Code,
    Basic,
    Literal,
    MultiBasic,
    MultiLiteral,
    /// A string opened with a Chinese quotation mark (reported): its text
    /// is what the user meant to quote, so nothing in it is reported.
    Chinese,
}

/// Every slip in `source`, in order.
pub fn find(source: &str) -> Vec<Slip> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let (mut line, mut col) = (1u64, 1u64);
    let mut state = In::Code;
    let mut i = 0;
    // A Chinese quotation mark inside a string opened with an ASCII one
    // (`"all”`): a slip only if the string never closes on its line.
    let mut pending: Option<Slip> = None;
    // Moves past `n` characters, keeping line and column.
    let advance = |i: &mut usize, line: &mut u64, col: &mut u64, n: usize| {
        for _ in 0..n {
            if chars.get(*i) == Some(&'\n') {
                *line += 1;
                *col = 1;
            } else {
                *col += 1;
            }
            *i += 1;
        }
    };
    let three = |i: usize, q: char| {
        chars
            .get(i..i + 3)
            .is_some_and(|s| s.iter().all(|&c| c == q))
    };
    while let Some(&c) = chars.get(i) {
        let mut step = 1;
        match state {
            In::Code => match c {
                '#' => {
                    while chars.get(i + step).is_some_and(|&c| c != '\n') {
                        step += 1;
                    }
                }
                '"' if three(i, '"') => (state, step) = (In::MultiBasic, 3),
                '"' => state = In::Basic,
                '\'' if three(i, '\'') => (state, step) = (In::MultiLiteral, 3),
                '\'' => state = In::Literal,
                _ => {
                    if let Some((message, n)) = slip_at(&chars[i..]) {
                        out.push(Slip { line, col, message });
                        step = n;
                        if matches!(c, '“' | '”' | '‘' | '’') {
                            state = In::Chinese;
                        }
                    }
                }
            },
            In::Basic | In::MultiBasic if c == '\\' => step = 2,
            In::Basic | In::Literal | In::Chinese if c == '\n' => {
                out.extend(pending.take());
                state = In::Code;
            }
            In::Basic | In::Literal if matches!(c, '“' | '”' | '‘' | '’') => {
                pending = pending.or_else(|| {
                    let (message, _) = slip_at(&chars[i..])?;
                    Some(Slip { line, col, message })
                });
            }
            In::Basic if c == '"' => (state, pending) = (In::Code, None),
            In::Literal if c == '\'' => (state, pending) = (In::Code, None),
            In::MultiBasic if three(i, '"') => (state, step) = (In::Code, 3),
            In::MultiLiteral if three(i, '\'') => (state, step) = (In::Code, 3),
            In::Chinese if matches!(c, '“' | '”' | '‘' | '’' | '"' | '\'') => {
                state = In::Code
            }
            _ => {}
        }
        advance(&mut i, &mut line, &mut col, step);
    }
    out.extend(pending);
    out
}

/// The slip that starts `rest`, outside any string: its message and how
/// many characters it covers.
fn slip_at(rest: &[char]) -> Option<(String, usize)> {
    let c = rest[0];
    let message = match c {
        '“' | '”' => crate::tr!(
            "a Chinese quotation mark {c}: TOML needs the ASCII quote \"",
            "中文引号{c}，TOML 要用英文引号 \""
        ),
        '‘' | '’' => crate::tr!(
            "a Chinese quotation mark {c}: TOML needs the ASCII quote ' or \"",
            "中文单引号{c}，TOML 要用英文引号 ' 或 \""
        ),
        '，' => crate::tr!(
            "a full-width comma ，: TOML needs the ASCII comma ,",
            "中文逗号（，），TOML 要用英文逗号 ,"
        ),
        '：' => crate::tr!(
            "a full-width colon ：: TOML needs = between a key and its value",
            "中文冒号（：），TOML 的键和值之间要用 ="
        ),
        '；' => crate::tr!(
            "a full-width semicolon ；: TOML separates values with the ASCII comma ,",
            "中文分号（；），TOML 要用英文逗号 , 分隔"
        ),
        '＝' => crate::tr!(
            "a full-width equals sign ＝: TOML needs the ASCII =",
            "全角等号（＝），TOML 要用英文等号 ="
        ),
        '\u{3000}' => crate::tr!(
            "a full-width space: TOML needs the ASCII space",
            "全角空格，TOML 要用半角空格"
        ),
        '０'..='９' => {
            let n = rest
                .iter()
                .take_while(|&&c| matches!(c, '０'..='９' | '．'))
                .count();
            let wide: String = rest[..n].iter().collect();
            let ascii: String = rest[..n].iter().map(|&c| narrow(c)).collect();
            return Some((
                crate::tr!(
                    "full-width digits {wide}: TOML needs the ASCII digits {ascii}",
                    "全角数字（{wide}），TOML 要用半角数字 {ascii}"
                ),
                n,
            ));
        }
        _ => return chinese_number(rest),
    };
    Some((message, 1))
}

/// A full-width digit or point as its ASCII twin.
fn narrow(c: char) -> char {
    match c {
        '．' => '.',
        // ０ is U+FF10, 0 is U+0030: the digits keep their order.
        c => char::from_u32(c as u32 - 0xFF10 + 0x30).unwrap_or(c),
    }
}

/// Characters a number written in Chinese is made of.
const NUMERALS: &str = "〇零一二两三四五六七八九十百千万点";

/// A number written in Chinese (`十二`) at the start of `rest`: a run of
/// non-ASCII characters, up to the next slip, made of numerals only (so a
/// bare word such as `十二项` is left to the TOML reader).
fn chinese_number(rest: &[char]) -> Option<(String, usize)> {
    let n = rest
        .iter()
        .take_while(|&&c| !c.is_ascii() && !"“”‘’，：；＝\u{3000}".contains(c))
        .count();
    let run = &rest[..n];
    if n == 0 || !run.iter().all(|&c| NUMERALS.contains(c)) {
        return None;
    }
    let text: String = run.iter().collect();
    let message = match value(run) {
        Some(v) => crate::tr!(
            "a number written in Chinese {text}: TOML needs digits ({v})",
            "中文数字（{text}），TOML 要用阿拉伯数字 {v}"
        ),
        None => crate::tr!(
            "a number written in Chinese {text}: TOML needs digits",
            "中文数字（{text}），TOML 要用阿拉伯数字"
        ),
    };
    Some((message, n))
}

/// The value of a number written in Chinese, as digits: 十二 → 12,
/// 三百零五 → 305, 一万二千 → 12000, 二点五 → 2.5; `None` when it does not
/// read as one.
fn value(run: &[char]) -> Option<String> {
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| i as u64 / 3);
    let digit = |c: char| match c {
        '〇' => Some(0),
        '两' => Some(2),
        c => digit(c),
    };
    let point = run.iter().position(|&c| c == '点');
    let (whole, frac) = match point {
        Some(p) => (&run[..p], Some(&run[p + 1..])),
        None => (run, None),
    };
    let (mut total, mut section, mut last): (u64, u64, Option<u64>) = (0, 0, None);
    for &c in whole {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => {
                total = total
                    .checked_add(section + last.take().unwrap_or(0))?
                    .checked_mul(10_000)?;
                section = 0;
                continue;
            }
            c => {
                last = Some(digit(c)?);
                continue;
            }
        };
        // 十二: a unit with no digit before it counts once.
        section = section.checked_add(last.take().unwrap_or(1) * unit)?;
    }
    let int = total.checked_add(section)?.checked_add(last.unwrap_or(0))?;
    if whole.is_empty() && frac.is_none() {
        return None;
    }
    match frac {
        None => Some(int.to_string()),
        Some(f) if !f.is_empty() => {
            let digits: Option<String> = f
                .iter()
                .map(|&c| digit(c).and_then(|d| char::from_digit(d as u32, 10)))
                .collect();
            Some(format!("{int}.{}", digits?))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(source: &str) -> Vec<(u64, u64)> {
        find(source).iter().map(|s| (s.line, s.col)).collect()
    }

    #[test]
    fn each_slip_is_found_with_line_and_column() {
        assert_eq!(places("id = “all”\n"), [(1, 6)]);
        assert_eq!(places("a = [1，2]\nb ＝ 3\n"), [(1, 7), (2, 3)]);
        assert_eq!(
            places("x = １２\ny：1\nz = 1；\n"),
            [(1, 5), (2, 2), (3, 6)]
        );
        assert_eq!(places("points = 十二\n\u{3000}a = 1\n"), [(1, 10), (2, 1)]);
        // An ASCII quote closed by a Chinese one.
        assert_eq!(places("id = \"all”\nx = 1\n"), [(1, 10)]);
        assert_eq!(places("id = \"“引”\"\n"), []);
    }

    #[test]
    fn strings_and_comments_may_hold_anything() {
        let ok =
            "a = \"“，：”\"\nb = '十二'\n# 注释：“，”\nc = \"\"\"\n，\n\"\"\"\nd = \"\\\"，\"\n";
        assert_eq!(places(ok), []);
        // A word that is not only numerals is left to the TOML reader.
        assert_eq!(places("name = 十二项\n"), []);
    }

    #[test]
    fn chinese_numbers_are_read() {
        let v = |s: &str| value(&s.chars().collect::<Vec<_>>());
        assert_eq!(v("十二").as_deref(), Some("12"));
        assert_eq!(v("二十").as_deref(), Some("20"));
        assert_eq!(v("三百零五").as_deref(), Some("305"));
        assert_eq!(v("一万二千").as_deref(), Some("12000"));
        assert_eq!(v("两千").as_deref(), Some("2000"));
        assert_eq!(v("二点五").as_deref(), Some("2.5"));
        assert_eq!(v("五").as_deref(), Some("5"));
        assert_eq!(v("点"), None);
        assert_eq!(v(&"九万".repeat(12)), None);
    }

    proptest::proptest! {
        // Any text, slips and quotes mixed in: found in order, never a panic.
        #[test]
        fn any_text_is_scanned_without_panic(text in "[a=\"'#\\\n “”‘’，：；＝０-９．　十二万点千零]{0,40}") {
            let found = find(&text);
            let at: Vec<(u64, u64)> = found.iter().map(|s| (s.line, s.col)).collect();
            let mut sorted = at.clone();
            sorted.sort();
            proptest::prop_assert_eq!(at, sorted);
        }
    }

    #[test]
    fn digits_are_narrowed() {
        assert_eq!(
            find("x = １２．５\n")[0].message,
            "full-width digits １２．５: TOML needs the ASCII digits 12.5"
        );
    }
}

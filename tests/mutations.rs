//! Randomly mutated rubrics, rosters and findings through the binary: no
//! panic, no hang, no exit code outside the spec, a message for every
//! failure, and a pre-existing --output file untouched unless the run
//! succeeded. Deterministic; `MUTATIONS=5000 cargo test --test mutations`
//! runs more.

mod common;

use std::time::Duration;

use assert_cmd::Command;

const RUBRICS: &[&str] = &[
    include_str!("../rubrics/gov2022.toml"),
    include_str!("../rubrics/village-points.toml"),
    include_str!("../rubrics/community-party.toml"),
    include_str!("../rubrics/settlement-stars.toml"),
];
const FINDINGS: &[&str] = &[
    include_str!("../examples/gov2022-findings.csv"),
    include_str!("../examples/village-points-findings.csv"),
    include_str!("../examples/community-party-findings.csv"),
    include_str!("../examples/settlement-findings.csv"),
];
/// Village households have no roster: its units come from the findings.
const ROSTERS: &[&str] = &[
    include_str!("../examples/gov2022-units.csv"),
    "",
    include_str!("../examples/community-party-units.csv"),
    include_str!("../examples/settlement-units.csv"),
];

/// Things assessors and spreadsheets put where they do not belong.
const SNIPPETS: &[&str] = &[
    "",
    "-1",
    "１",
    "150%",
    "\"",
    "\0",
    "1e30",
    "NaN",
    "all",
    "\r\n",
    ",",
    "0.1",
    "-0",
    "99999999999999999999",
    "= ",
    "[[",
    "]]",
    "{",
    "\u{feff}",
    "曲山",
    "\t",
    "%",
    "1.",
    ".5",
    "\n\n",
    "x = 1\n",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, text: &str) -> Vec<u8> {
    let mut b = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            1 => b
                .splice(at..at, SNIPPETS[rng.below(SNIPPETS.len())].bytes())
                .for_each(drop),
            2 if !b.is_empty() => {
                let end = (at + rng.below(40)).min(b.len());
                b.drain(at.min(end)..end);
            }
            3 => {
                // Copy a line elsewhere: a header pasted twice, a row repeated.
                let lines: Vec<&[u8]> = b.split(|&c| c == b'\n').collect();
                let line = lines[rng.below(lines.len())].to_vec();
                b.splice(at..at, line.into_iter().chain([b'\n']))
                    .for_each(drop);
            }
            4 => b.truncate(at), // cut off mid-row
            _ => b.splice(at..at, [rng.next() as u8]).for_each(drop),
        }
    }
    b
}

#[test]
fn mutated_inputs_never_panic_hang_or_lose_the_output_file() {
    let n: usize = std::env::var("MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut rng = Rng(0x5c0_4e5);
    let mut failures = Vec::new();
    let mut codes = std::collections::BTreeMap::new();
    for case in 0..n {
        let dir = tempfile::tempdir().expect("temp dir");
        let k = rng.below(RUBRICS.len());
        let (mut rubric, mut findings, mut roster) = (
            RUBRICS[k].as_bytes().to_vec(),
            FINDINGS[k].as_bytes().to_vec(),
            ROSTERS[k].as_bytes().to_vec(),
        );
        match rng.below(3) {
            0 => rubric = mutate(&mut rng, RUBRICS[k]),
            2 if !ROSTERS[k].is_empty() => roster = mutate(&mut rng, ROSTERS[k]),
            _ => findings = mutate(&mut rng, FINDINGS[k]),
        }
        let p = |name: &str| dir.path().join(name);
        std::fs::write(p("r.toml"), &rubric).expect("write");
        std::fs::write(p("f.csv"), &findings).expect("write");
        std::fs::write(p("u.csv"), &roster).expect("write");
        // The output's extension agrees with the format (a contradiction is
        // a usage error, and the inputs would never be read).
        let (format, out_file) = [
            ("csv", "out.csv"),
            ("json", "out.json"),
            ("table", "out.txt"),
            ("md", "out.md"),
        ][rng.below(4)];
        std::fs::write(p(out_file), "SENTINEL").expect("write");
        let mut cmd = Command::cargo_bin("score").expect("binary");
        cmd.current_dir(dir.path())
            .args([
                "--rubric", "r.toml", "--format", format, "--output", out_file, "f.csv",
            ])
            .timeout(Duration::from_secs(20));
        if !ROSTERS[k].is_empty() {
            cmd.args(["--units", "u.csv"]);
        }
        // --detail shapes the table, csv and md; json always holds every finding.
        if rng.below(2) == 0 && format != "json" {
            cmd.arg("--detail");
        }
        let out = match common::started(|| cmd.output()) {
            Ok(o) => o,
            Err(e) => {
                failures.push(format!("case {case}: could not run or hung: {e}"));
                continue;
            }
        };
        let stderr = String::from_utf8_lossy(&out.stderr);
        let code = out.status.code();
        *codes.entry(code).or_insert(0) += 1;
        let kept = std::fs::read(p(out_file)).expect("read") == b"SENTINEL";
        let why = match code {
            None => Some("killed (hang or signal)".to_string()),
            // The command line is always valid: a usage error means the
            // mutated inputs were never read, and the run tested nothing.
            Some(2) => Some("a usage error: the inputs were never read".to_string()),
            Some(c) if ![0, 1, 3].contains(&c) => Some(format!("exit {c}")),
            _ if stderr.contains("panicked") => Some("panicked".to_string()),
            Some(1) if stderr.trim().is_empty() => Some("failed without a message".to_string()),
            Some(1) if !kept => Some("the output file changed on a failed run".to_string()),
            Some(0 | 3) if kept => Some("succeeded without writing the output file".to_string()),
            _ => None,
        };
        if let Some(why) = why {
            let keep = std::env::temp_dir().join(format!("score-mutation-{case}"));
            let _ = std::fs::create_dir_all(&keep);
            for f in ["r.toml", "f.csv", "u.csv"] {
                let _ = std::fs::copy(p(f), keep.join(f));
            }
            failures.push(format!(
                "case {case} ({}): {why}; inputs kept in {}\n{stderr}",
                format,
                keep.display()
            ));
        }
    }
    // Shown with --nocapture: how the runs ended.
    println!("exit codes over {n} mutated runs: {codes:?}");
    assert!(
        failures.is_empty(),
        "{} of {n} mutated runs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

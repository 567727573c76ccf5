//! Deterministic findings for any rubric, for benchmarks and soak tests.
//!
//!     cargo run --release --example generate -- RUBRIC ROWS UNITS [SEED] [distinct] > findings.csv
//!
//! Units are `单位00001` …, drawn at random (no locality: the worst case
//! for lookups); with `distinct`, row i names unit i of a shuffled order,
//! so ROWS = UNITS names every unit once. Rows name a random rule of a random item with a count of
//! 1 to 3; items without rules get direct `points` of 0.5. With periods,
//! each row falls in a random period (a `period` column is added).

use std::io::{BufWriter, Write};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: generate RUBRIC ROWS UNITS [SEED] [distinct]");
        std::process::exit(2);
    }
    let loaded = match score::rubric::load(&args[0]) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let rows: u64 = args[1].parse().unwrap_or(1_000_000);
    let units: u64 = args[2].parse::<u64>().unwrap_or(10_000).max(1);
    let mut state: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1) | 1;
    // xorshift64*: small, fast and the same on every machine.
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let distinct = args.get(4).is_some_and(|a| a == "distinct");
    // A stride coprime with UNITS walks every unit once, in scattered order.
    let gcd = |mut a: u64, mut b: u64| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    let stride = (1_000_003..).find(|&s| gcd(s, units) == 1).unwrap_or(1);
    let items = &loaded.rubric.items;
    let labels = &loaded.rubric.periods.labels;
    let out = std::io::stdout().lock();
    let mut w = BufWriter::with_capacity(1 << 16, out);
    // A points column only when some item has no rules to name.
    let points = items.iter().any(|i| i.rules.is_empty());
    let period_col = if labels.is_empty() { "" } else { "period," };
    let points_col = if points { ",points" } else { "" };
    let _ = writeln!(w, "{period_col}unit,item,rule,count{points_col}");
    for row in 0..rows {
        let unit = if distinct {
            row.wrapping_mul(stride) % units
        } else {
            next() % units
        };
        let item = &items[(next() % items.len() as u64) as usize];
        if !labels.is_empty() {
            let _ = write!(w, "{},", labels[(next() % labels.len() as u64) as usize]);
        }
        let r = if item.rules.is_empty() {
            writeln!(w, "单位{unit:05},{},,,0.5", item.id)
        } else {
            let rule = &item.rules[(next() % item.rules.len() as u64) as usize];
            let tail = if points { "," } else { "" };
            writeln!(
                w,
                "单位{unit:05},{},{},{}{tail}",
                item.id,
                rule.id,
                1 + next() % 3
            )
        };
        if r.is_err() {
            return; // the reader went away
        }
    }
    let _ = w.flush();
}

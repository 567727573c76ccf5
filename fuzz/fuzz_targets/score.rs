//! Any valid rubric with any findings, checking the invariants:
//! - with no bonus or penalty items, a full-start unit's period totals stay
//!   within [0, its full marks] and a zero-start unit's within [-full, 0];
//! - each period's detail (items and section cuts) adds up to its total;
//! - ranks follow totals within each ranking group.
//!
//! The input is a rubric's TOML, a NUL byte, then findings CSV.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use score::rubric::{ItemType, Start};

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let Ok(rb) = score::rubric::from_str(text, "f.toml") else {
        return;
    };
    let Ok(input) = score::input::Input::from_csv_bytes("f.csv", data[split + 1..].to_vec()) else {
        return;
    };
    let Ok(mut ledger) = score::ledger::Ledger::new(&rb) else {
        return;
    };
    let mut reader = score::findings::Reader::new(&rb, None);
    let mut problems = Vec::new();
    reader.read_input(input, None, &mut ledger, &mut problems);
    if !problems.is_empty() {
        return;
    }
    let mut cards = score::scoring::score(&rb, &ledger);
    let plain = rb.items.iter().all(|i| i.item_type == ItemType::Scored);
    let details = score::scoring::Details::new(&rb, &ledger);
    for c in &cards {
        let d = details.of(c);
        let full = rb.full_marks(c.kind);
        for (p, result) in d.periods.iter().enumerate() {
            let items: Decimal = result
                .items
                .iter()
                .map(|s| {
                    if rb.kinds[c.kind].start == Start::Zero {
                        s.score - s.points
                    } else {
                        s.score
                    }
                })
                .sum::<Decimal>()
                + result.cuts.iter().map(|x| x.effect()).sum::<Decimal>();
            assert_eq!(
                items, result.total,
                "detail of {} period {p} does not add up",
                ledger.name(c.unit)
            );
            assert_eq!(result.total, c.periods[p]);
            if plain {
                match rb.kinds[c.kind].start {
                    Start::Full => assert!(
                        Decimal::ZERO <= result.total && result.total <= full,
                        "{} out of [0, {full}]",
                        result.total
                    ),
                    Start::Zero => assert!(-full <= result.total && result.total <= Decimal::ZERO),
                }
            }
        }
    }
    score::ranking::rank(&rb, &mut cards);
    for a in &cards {
        for b in cards
            .iter()
            .filter(|b| b.kind == a.kind && b.category == a.category)
        {
            if a.total > b.total {
                assert!(
                    a.rank < b.rank,
                    "rank {} for {} above rank {} for {}",
                    a.rank,
                    a.total,
                    b.rank,
                    b.total
                );
            }
            if a.total == b.total {
                assert_eq!(a.rank, b.rank);
            }
        }
    }
});

//! Cards are worked out from the found items only; explanations build
//! every item. The two must agree: every period total and section score of
//! a card equals what its detail adds up to, on every built-in rubric with
//! rule counts, direct points, awarded scores and notes mixed.

use rust_decimal::Decimal;
use score::ledger::Ledger;
use score::rubric::ItemType;
use score::scoring::{self, Details};

/// Random findings for `rubric`: rule and points rows for units 0–59,
/// one awarded score per item and period for units 60–79 (so no score
/// clashes with deductions), a note now and then.
fn findings(rb: &score::rubric::Rubric, seed: u64) -> String {
    let mut state = seed | 1;
    let mut next = move |n: usize| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    };
    let labels = if rb.periods.labels.is_empty() {
        vec![String::new()]
    } else {
        rb.periods.labels.clone()
    };
    let items: Vec<usize> = (0..rb.items.len())
        .filter(|&i| rb.items[i].applies[0])
        .collect();
    let mut out = String::from("unit,period,item,rule,count,points,score,note\n");
    for _ in 0..3000 {
        let (unit, period) = (next(60), &labels[next(labels.len())]);
        let it = &rb.items[items[next(items.len())]];
        let note = ["", "", "台账缺失", "整改中"][next(4)];
        let rules: Vec<_> = it.rules.iter().filter(|r| r.threshold.is_none()).collect();
        if !rules.is_empty() && next(3) > 0 {
            let rule = &rules[next(rules.len())].id;
            let count = next(4);
            out.push_str(&format!(
                "u{unit},{period},{},{rule},{count},,,{note}\n",
                it.id
            ));
        } else {
            let points = ["0.5", "1", "2.25", "0"][next(4)];
            out.push_str(&format!("u{unit},{period},{},,,{points},,{note}\n", it.id));
        }
    }
    for unit in 60..80 {
        for period in &labels {
            for &i in &items {
                let it = &rb.items[i];
                if it.item_type == ItemType::Scored && next(4) == 0 {
                    let score = it.points / Decimal::from(1 + next(3));
                    out.push_str(&format!("u{unit},{period},{},,,,{score},ok\n", it.id));
                }
            }
        }
    }
    out
}

#[test]
fn cards_add_up_as_their_details_do() {
    for (id, _) in score::rubric::builtins() {
        let rb = score::rubric::load(id).expect("built-in rubric").rubric;
        let text = findings(&rb, 7 + id.len() as u64);
        let input = score::input::Input::from_csv_bytes("f.csv", text.into_bytes()).expect("csv");
        let mut ledger = Ledger::new(&rb).expect("ledger");
        let mut reader = score::findings::Reader::new(&rb, None);
        let mut problems = Vec::new();
        reader.read_input(input, None, &mut ledger, &mut problems);
        assert!(problems.is_empty(), "{id}: {problems:?}");
        let cards = scoring::score(&rb, &ledger);
        let details = Details::new(&rb, &ledger);
        for c in &cards {
            let d = details.of(c);
            for (p, result) in d.periods.iter().enumerate() {
                let name = details.name(c);
                assert_eq!(result.total, c.periods[p], "{id}: {name} period {p}");
                assert_eq!(result.total.normalize(), c.periods[p].normalize());
            }
            for (s, &got) in c.sections.iter().enumerate() {
                let want = scoring::combine(&rb, d.periods.iter().map(|p| p.sections[s]));
                assert_eq!(want, got, "{id}: {} section {s}", details.name(c));
            }
            assert_eq!(d.flags, c.flags, "{id}");
            assert_eq!(d.forced, c.forced, "{id}");
        }
    }
}

/// A results CSV keeps each unit's figures in the ledger, in place of its
/// findings: four bytes a figure when all fit, sixteen when one does not
/// (the awarded scores of units 60–79, points ÷ 3, have 28 digits). Taken
/// back, they are the very figures a full card holds, to the last digit
/// and the same scale (`1.50` stays `1.50`).
#[test]
fn compact_cards_give_back_the_figures_of_full_ones() {
    for (id, _) in score::rubric::builtins() {
        let rb = score::rubric::load(id).expect("built-in rubric").rubric;
        let text = findings(&rb, 11 + id.len() as u64);
        let read = || {
            let input = score::input::Input::from_csv_bytes("f.csv", text.clone().into_bytes())
                .expect("csv");
            let mut ledger = Ledger::new(&rb).expect("ledger");
            let mut problems = Vec::new();
            score::findings::Reader::new(&rb, None).read_input(
                input,
                None,
                &mut ledger,
                &mut problems,
            );
            assert!(problems.is_empty(), "{id}: {problems:?}");
            ledger
        };
        let full_ledger = read();
        let full = scoring::score(&rb, &full_ledger);
        let mut compact_ledger = read();
        let compact = scoring::score_compact(&rb, &mut compact_ledger);
        let details = Details::new(&rb, &compact_ledger);
        assert_eq!(full.len(), compact.len(), "{id}");
        for (f, c) in full.iter().zip(&compact) {
            assert!(
                c.periods.is_empty() && c.sections.is_empty(),
                "{id}: not compact"
            );
            let w = details.whole(c);
            let text = |d: &[Decimal]| d.iter().map(|x| x.to_string()).collect::<Vec<_>>();
            let name = details.name(c);
            assert_eq!(text(&w.periods), text(&f.periods), "{id}: {name}");
            assert_eq!(text(&w.sections), text(&f.sections), "{id}: {name}");
            assert_eq!((w.exact, w.total), (f.exact, f.total), "{id}: {name}");
            assert_eq!((&w.flags, w.forced), (&f.flags, f.forced), "{id}: {name}");
        }
    }
}

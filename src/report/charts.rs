//! The HTML report's summary charts: units per grade with the quotas
//! drawn, totals per unit by ranking group, and the ratings. Shapes and
//! figures only: `templates/report.html` draws them as SVG.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Results;
use crate::num::{self, show};
use crate::rubric::{QuotaBound, Rubric, Start};
use crate::scoring::Scorecard;

/// Above this many units the per-unit charts (ranking, heat map) are left
/// out: a chart of thousands of bars cannot be read.
pub(super) const MAX_CHART_UNITS: usize = 2000;

/// Grade (or rating) colours, best first; what has none is grey.
pub(super) const PALETTE: [&str; 6] = [
    "#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6a1b9a", "#00838f",
];
pub(super) const NO_GRADE: &str = "#90a4ae";

#[derive(Serialize)]
pub(super) struct Swatch {
    name: String,
    colour: &'static str,
}

/// An SVG chart as shapes; the template draws them.
#[derive(Serialize, Default)]
pub(super) struct Chart {
    title: String,
    width: u32,
    height: u32,
    rects: Vec<Rect>,
    lines: Vec<Line>,
    texts: Vec<Text>,
}

#[derive(Serialize)]
pub(super) struct Rect {
    x: String,
    y: String,
    w: String,
    h: String,
    fill: &'static str,
    tip: String,
}

#[derive(Serialize)]
pub(super) struct Line {
    x1: String,
    y1: String,
    x2: String,
    y2: String,
    class: &'static str,
}

#[derive(Serialize)]
pub(super) struct Text {
    x: String,
    y: String,
    anchor: &'static str,
    class: &'static str,
    text: String,
}

#[derive(Serialize)]
pub(super) struct QuotaLine {
    text: String,
    class: &'static str,
}

/// What colours the units: grades, or ratings in a points system without grades.
pub(super) fn legend(rb: &Rubric) -> Vec<Swatch> {
    let names: Vec<&String> = if rb.grades.is_empty() {
        rb.ratings.iter().map(|x| &x.name).collect()
    } else {
        rb.grades.iter().map(|g| &g.name).collect()
    };
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| Swatch {
            name: n.clone(),
            colour: PALETTE[i % PALETTE.len()],
        })
        .collect()
}

pub(super) fn colour(rb: &Rubric, c: &Scorecard) -> &'static str {
    let index = if rb.grades.is_empty() {
        c.rating
    } else {
        c.grade
    };
    index.map_or(NO_GRADE, |i| PALETTE[i % PALETTE.len()])
}

/// A pixel position: one decimal is plenty on screen and on paper.
pub(super) fn px(d: Decimal) -> String {
    show(num::round(d, 1))
}

pub(super) fn dec(n: usize) -> Decimal {
    Decimal::from(n as u64)
}

/// Units per grade, one chart per graded kind, each quota's bound drawn
/// across the bars of its grades.
pub(super) fn grade_charts(r: &Results) -> Vec<Chart> {
    let rb = r.rubric;
    if rb.grades.is_empty() {
        return Vec::new();
    }
    rb.kinds
        .iter()
        .enumerate()
        .filter(|(_, kind)| kind.start == Start::Full)
        .filter_map(|(k, kind)| grade_chart(r, k, &kind.name))
        .collect()
}

/// Where a grade chart's bars stand: their width, the gap between them,
/// the baseline and how many pixels a unit is.
struct Bars {
    bar: Decimal,
    gap: Decimal,
    base: Decimal,
    scale: Decimal,
}

impl Bars {
    fn x(&self, g: usize) -> Decimal {
        self.gap + dec(g) * (self.bar + self.gap)
    }
}

/// The bound a quota check draws, in units.
fn bound(r: &Results, q: &crate::ranking::QuotaCheck) -> Decimal {
    r.rubric.quotas[q.quota].share * dec(q.graded)
}

/// One graded kind's chart; `None` when nothing of the kind is graded.
fn grade_chart(r: &Results, k: usize, kind: &str) -> Option<Chart> {
    let rb = r.rubric;
    let counts: Vec<usize> = (0..rb.grades.len())
        .map(|g| {
            r.cards
                .iter()
                .filter(|c| c.kind == k && c.grade == Some(g))
                .count()
        })
        .collect();
    let graded: usize = counts.iter().sum();
    if graded == 0 {
        return None;
    }
    let checks: Vec<_> = r.quotas.iter().filter(|q| q.kind == k).collect();
    let most = checks
        .iter()
        .map(|q| bound(r, q))
        .chain(counts.iter().map(|&n| dec(n)))
        .max()
        .unwrap_or(Decimal::ONE)
        .max(Decimal::ONE);
    let (top, plot) = (dec(28), dec(150));
    let bars = Bars {
        bar: dec(56),
        gap: dec(28),
        base: top + plot,
        scale: plot / most,
    };
    let (bar, base) = (bars.bar, bars.base);
    let mut chart = Chart {
        title: if rb.has_kinds {
            format!("等次分布:{}({} 个参评)", kind, graded)
        } else {
            format!("等次分布({} 个参评)", graded)
        },
        // Room right of the bars for the quotas' labels.
        width: 40 + rb.grades.len() as u32 * 84 + 170,
        height: 220,
        ..Chart::default()
    };
    for (g, &n) in counts.iter().enumerate() {
        let h = dec(n) * bars.scale;
        chart.rects.push(Rect {
            x: px(bars.x(g)),
            y: px(base - h),
            w: px(bar),
            h: px(h),
            fill: PALETTE[g % PALETTE.len()],
            tip: format!("{}: {n}", rb.grades[g].name),
        });
        chart.texts.push(Text {
            x: px(bars.x(g) + bar / dec(2)),
            y: px(base - h - dec(4)),
            anchor: "middle",
            class: "value",
            text: n.to_string(),
        });
        chart.texts.push(Text {
            x: px(bars.x(g) + bar / dec(2)),
            y: px(base + dec(18)),
            anchor: "middle",
            class: "label",
            text: rb.grades[g].name.clone(),
        });
    }
    let end = bars.x(rb.grades.len()) - bars.gap / dec(2);
    chart.lines.push(Line {
        x1: px(bars.gap / dec(2)),
        y1: px(base),
        x2: px(end),
        y2: px(base),
        class: "axis",
    });
    quota_marks(r, &checks, &bars, end, &mut chart);
    Some(chart)
}

/// Each quota's bound across the bars of its grades, its label right of
/// the bars, led there by a dotted line, moved down when two bounds fall
/// close together.
fn quota_marks(
    r: &Results,
    checks: &[&crate::ranking::QuotaCheck],
    bars: &Bars,
    end: Decimal,
    chart: &mut Chart,
) {
    let rb = r.rubric;
    let mut taken: Vec<Decimal> = Vec::new();
    for q in checks {
        let quota = &rb.quotas[q.quota];
        let first = quota.grades.iter().copied().min().unwrap_or(0);
        let last = quota.grades.iter().copied().max().unwrap_or(0);
        let y = bars.base - bound(r, q) * bars.scale;
        let class = quota_class(quota.bound, q.met);
        chart.lines.push(Line {
            x1: px(bars.x(first) - dec(6)),
            y1: px(y),
            x2: px(bars.x(last) + bars.bar + dec(6)),
            y2: px(y),
            class,
        });
        chart.lines.push(Line {
            x1: px(bars.x(last) + bars.bar + dec(6)),
            y1: px(y),
            x2: px(end + dec(4)),
            y2: px(y),
            class: "leader",
        });
        let mut at = y + dec(4);
        while taken.iter().any(|t| (*t - at).abs() < dec(14)) {
            at += dec(14);
        }
        taken.push(at);
        let names: Vec<&str> = quota
            .grades
            .iter()
            .map(|&g| rb.grades[g].name.as_str())
            .collect();
        chart.texts.push(Text {
            x: px(end + dec(8)),
            y: px(at),
            anchor: "start",
            class,
            text: format!(
                "{} {}{}",
                names.join("+"),
                bound_word(quota.bound),
                num::percent(quota.share)
            ),
        });
    }
}

pub(super) fn bound_word(b: QuotaBound) -> &'static str {
    match b {
        QuotaBound::Max => "≤",
        QuotaBound::Min => "≥",
        QuotaBound::About => "≈",
    }
}

pub(super) fn quota_class(b: QuotaBound, met: bool) -> &'static str {
    match (b, met) {
        (QuotaBound::About, _) => "quota about",
        (_, true) => "quota met",
        (_, false) => "quota failed",
    }
}

/// Each quota in words, with its verdict.
pub(super) fn quota_lines(r: &Results) -> Vec<QuotaLine> {
    let rb = r.rubric;
    r.quotas
        .iter()
        .map(|q| {
            let quota = &rb.quotas[q.quota];
            let names: Vec<&str> = quota
                .grades
                .iter()
                .map(|&g| rb.grades[g].name.as_str())
                .collect();
            let (bound, verdict) = match (quota.bound, q.met) {
                (QuotaBound::Max, met) => ("不超过", if met { "符合" } else { "超出" }),
                (QuotaBound::Min, met) => ("不低于", if met { "符合" } else { "不足" }),
                (QuotaBound::About, _) => ("左右", "仅报告"),
            };
            let kind = if rb.has_kinds {
                format!("{}:", rb.kinds[q.kind].name)
            } else {
                String::new()
            };
            QuotaLine {
                text: format!(
                    "{kind}{} {bound}{}:{} / {} 个,{},{verdict}",
                    names.join("+"),
                    num::percent(quota.share),
                    q.count,
                    q.graded,
                    num::percent(q.share()),
                ),
                class: quota_class(quota.bound, q.met),
            }
        })
        .collect()
}

/// Total per unit, one chart per ranking group (kind, and category),
/// coloured by grade; tied units carry "并列".
pub(super) fn rank_charts(r: &Results) -> Vec<Chart> {
    let mut charts = Vec::new();
    let mut start = 0;
    while start < r.cards.len() {
        let key = (r.cards[start].kind, r.cards[start].category);
        let end = r.cards[start..]
            .iter()
            .position(|c| (c.kind, c.category) != key)
            .map_or(r.cards.len(), |n| start + n);
        charts.push(rank_chart(r, &r.cards[start..end]));
        start = end;
    }
    charts
}

pub(super) fn rank_chart(r: &Results, group: &[Scorecard]) -> Chart {
    let rb = r.rubric;
    let (label, plot, row) = (dec(230), dec(440), dec(18));
    let lo = group
        .iter()
        .map(|c| c.total)
        .min()
        .unwrap_or_default()
        .min(Decimal::ZERO);
    let hi = group
        .iter()
        .map(|c| c.total)
        .max()
        .unwrap_or_default()
        .max(Decimal::ZERO);
    let span = if hi == lo { Decimal::ONE } else { hi - lo };
    let x = |v: Decimal| label + (v - lo) * plot / span;
    let zero = x(Decimal::ZERO);
    let first = &group[0];
    let mut title = String::from("排名");
    if rb.has_kinds {
        title.push(':');
        title.push_str(&rb.kinds[first.kind].name);
    }
    if r.has_categories() {
        title.push(' ');
        title.push_str(&r.category(first));
    }
    title.push_str(&format!("({} 个)", group.len()));
    let mut chart = Chart {
        title,
        width: 760,
        height: 12 + 18 * group.len() as u32,
        ..Chart::default()
    };
    for (i, c) in group.iter().enumerate() {
        let y = dec(6) + dec(i) * row;
        let tied = group.iter().filter(|o| o.rank == c.rank).take(2).count() > 1;
        let (from, to) = if c.total >= Decimal::ZERO {
            (zero, x(c.total))
        } else {
            (x(c.total), zero)
        };
        chart.rects.push(Rect {
            x: px(from),
            y: px(y + dec(2)),
            w: px((to - from).max(Decimal::ONE)),
            h: px(row - dec(4)),
            fill: colour(rb, c),
            tip: format!("{} {}", r.name(c), show(c.total)),
        });
        chart.texts.push(Text {
            x: px(label - dec(6)),
            y: px(y + dec(13)),
            anchor: "end",
            class: "label",
            text: format!(
                "{}{} {}",
                c.rank,
                if tied { " 并列" } else { "" },
                truncate(r.name(c), 14)
            ),
        });
        chart.texts.push(Text {
            x: px(to + dec(4)),
            y: px(y + dec(13)),
            anchor: "start",
            class: "value",
            text: show(c.total),
        });
    }
    chart.lines.push(Line {
        x1: px(zero),
        y1: "2".into(),
        x2: px(zero),
        y2: chart.height.to_string(),
        class: "axis",
    });
    chart
}

pub(super) fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() > n {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    } else {
        s.to_string()
    }
}

/// Units per rating (prizes, stars), best first, and those without one.
pub(super) fn rating_chart(r: &Results) -> Option<Chart> {
    let rb = r.rubric;
    if rb.ratings.is_empty() {
        return None;
    }
    let mut counts = vec![0usize; rb.ratings.len() + 1];
    for c in r.cards {
        counts[c.rating.unwrap_or(rb.ratings.len())] += 1;
    }
    let most = dec(counts.iter().copied().max().unwrap_or(1).max(1));
    let (label, plot, row) = (dec(120), dec(420), dec(24));
    let mut chart = Chart {
        title: "评定结果".into(),
        width: 620,
        height: 10 + 24 * counts.len() as u32,
        ..Chart::default()
    };
    for (i, &n) in counts.iter().enumerate() {
        let y = dec(5) + dec(i) * row;
        let name = rb.ratings.get(i).map_or("未评定", |x| x.name.as_str());
        let w = dec(n) * plot / most;
        chart.rects.push(Rect {
            x: px(label),
            y: px(y + dec(3)),
            w: px(w),
            h: px(row - dec(6)),
            fill: if i < rb.ratings.len() {
                PALETTE[i % PALETTE.len()]
            } else {
                NO_GRADE
            },
            tip: format!("{name}: {n}"),
        });
        chart.texts.push(Text {
            x: px(label - dec(6)),
            y: px(y + dec(16)),
            anchor: "end",
            class: "label",
            text: name.to_string(),
        });
        chart.texts.push(Text {
            x: px(label + w + dec(4)),
            y: px(y + dec(16)),
            anchor: "start",
            class: "value",
            text: n.to_string(),
        });
    }
    Some(chart)
}

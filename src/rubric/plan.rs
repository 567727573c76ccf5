//! The validated rubric: the only form of the rules the scoring core sees.
//! Everything here has been checked once, at the edge; percentages are
//! already turned into points, so the core does no re-checking.

use rust_decimal::Decimal;

/// A rubric (考核细则) ready to score with.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub id: String,
    pub name: String,
    /// Full marks of a unit to which every item applies.
    pub total: Decimal,
    /// Decimals kept in totals.
    pub precision: u32,
    pub ranking: Ranking,
    /// At least one: a rubric without `[[kind]]` has one unnamed full-start kind.
    pub kinds: Vec<Kind>,
    /// Whether the rubric declared its kinds (and so shows a kind column).
    pub has_kinds: bool,
    pub grades: Vec<Grade>,
    pub quotas: Vec<Quota>,
    pub sections: Vec<Section>,
    /// All items in rubric order; sections refer to ranges of this.
    pub items: Vec<Item>,
    pub periods: Periods,
    /// Rank-based honours, best first.
    pub ratings: Vec<Rating>,
    /// Size classes from a roster attribute, when the rubric declares them.
    pub category: Option<CategoryBands>,
    /// The distinct flag words rules put on units, in rubric order.
    pub flags: Vec<String>,
}

/// The periods (考核期) a unit is scored in, each afresh, then combined.
#[derive(Debug, Clone)]
pub struct Periods {
    /// Empty when the rubric has no periods: one unnamed period.
    pub labels: Vec<String>,
    pub combine: Combine,
    /// One per label, adding up to 1, for `Combine::Weighted`.
    pub weights: Vec<Decimal>,
}

impl Periods {
    /// How many periods are scored (at least one).
    pub fn count(&self) -> usize {
        self.labels.len().max(1)
    }
}

/// How period totals make the unit total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    Sum,
    Mean,
    Weighted,
    /// The last period's total (定评).
    Last,
}

/// What an item does to a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemType {
    /// Has points; deductions are capped at them (扣完为止).
    Scored,
    /// No points; its rules add.
    Bonus,
    /// No points; its rules deduct without the item cap.
    Penalty,
}

/// Over what a cap applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapScope {
    Period,
    /// All periods together, credited to the last period.
    Year,
}

/// The most a bonus or penalty item (or a section of them) changes a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    pub amount: Decimal,
    pub scope: CapScope,
}

/// A rank-based honour (评星定级, 年终评比).
#[derive(Debug, Clone)]
pub struct Rating {
    pub name: String,
    /// Share of the ranking group, counted from the best unit.
    pub top: Decimal,
    pub min: Option<Decimal>,
    /// Indices into `Rubric::flags`: units carrying one cannot be rated.
    pub exclude: Vec<usize>,
}

/// Categories (档次) derived from a numeric roster attribute.
#[derive(Debug, Clone)]
pub struct CategoryBands {
    /// The roster column.
    pub by: String,
    /// Best first; the last may have no `min`.
    pub bands: Vec<(String, Option<Decimal>)>,
}

impl CategoryBands {
    /// The band a value falls in: the first whose `min` it reaches.
    pub fn band(&self, value: Decimal) -> Option<usize> {
        first_reached(self.bands.iter().map(|(_, min)| *min), value)
    }
}

/// The first of some bands, best first, whose `min` `value` reaches; a
/// band without `min` takes everything. Grades and categories alike.
fn first_reached(mut mins: impl Iterator<Item = Option<Decimal>>, value: Decimal) -> Option<usize> {
    mins.position(|min| min.is_none_or(|m| value >= m))
}

/// How tied totals share ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranking {
    /// 1, 2, 2, 4.
    Competition,
    /// 1, 2, 2, 3 (中国式排名).
    Dense,
}

/// A kind of unit (单位类型): units of one kind are scored the same way.
#[derive(Debug, Clone)]
pub struct Kind {
    pub name: String,
    pub start: Start,
}

/// Where a unit's score starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// 百分制: full marks less deductions; graded.
    Full,
    /// 倒扣分制: zero less deductions; not graded.
    Zero,
}

/// A grade band (等次): reached when the total is at least `min`.
#[derive(Debug, Clone)]
pub struct Grade {
    pub name: String,
    /// `None` for the last band, which takes everything below.
    pub min: Option<Decimal>,
}

/// A check on the share of graded units in some grades.
#[derive(Debug, Clone)]
pub struct Quota {
    /// Indices into `Rubric::grades`.
    pub grades: Vec<usize>,
    pub bound: QuotaBound,
    pub share: Decimal,
}

/// What a quota's share means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaBound {
    /// At most this share: fails above it.
    Max,
    /// At least this share: fails below it.
    Min,
    /// About this share: reported, never fails.
    About,
}

/// A section (考核内容 (一)(二)…): a group of items.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub name: String,
    /// The points of its scored items (0 for a section of bonus or penalty items).
    pub points: Decimal,
    /// Range into `Rubric::items`.
    pub items: std::ops::Range<usize>,
    /// The most its bonus or penalty items together change a score.
    pub cap: Option<Cap>,
}

/// An item (指标): a line of the rubric with its points.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub section: usize,
    pub item_type: ItemType,
    /// Full marks of a scored item; 0 for bonus and penalty items.
    pub points: Decimal,
    /// For bonus and penalty items: the most the item changes a score.
    pub cap: Option<Cap>,
    pub rules: Vec<Rule>,
    /// `applies[k]` tells whether the item applies to kind `k`.
    pub applies: Vec<bool>,
}

/// A rule (扣分/加分情形): one circumstance that changes an item's score.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub text: String,
    /// Points one occurrence takes off (scored and penalty items) or adds
    /// (bonus items), percentages resolved; 0 for a rule that only flags
    /// or forces a grade.
    pub each: Decimal,
    /// Cap on the rule's total per period, in points.
    pub max: Option<Decimal>,
    /// Index into `Rubric::flags` of the word finding this rule puts on the unit.
    pub flag: Option<usize>,
    /// Index into `Rubric::grades` of the grade finding this rule forces (一票否决).
    pub grade: Option<usize>,
    /// For a threshold rule: it counts only when the finding's value is
    /// beyond the bound.
    pub threshold: Option<Threshold>,
    /// How the rubric wrote the deduction, for outlines and explanations.
    pub deduct_text: String,
    pub max_text: Option<String>,
}

/// A threshold rule's test: `卫生厕所普及率` below 0.95, say.
#[derive(Debug, Clone)]
pub struct Threshold {
    pub metric: String,
    /// True for `below`: triggered when the value is under the bound.
    pub below: bool,
    pub bound: Bound,
}

/// A threshold's bound: fixed, or stepped over a roster column.
#[derive(Debug, Clone)]
pub enum Bound {
    Fixed(Decimal),
    /// `(from, bound)` pairs in ascending `from`; a step applies from its
    /// number, inclusive.
    Steps {
        by: String,
        steps: Vec<(Decimal, Decimal)>,
    },
}

impl Bound {
    /// The bound for a unit whose `by` attribute is `attribute`; `None`
    /// when the attribute is below the first step.
    pub fn at(&self, attribute: Option<Decimal>) -> Option<Decimal> {
        match self {
            Bound::Fixed(b) => Some(*b),
            Bound::Steps { steps, .. } => {
                let a = attribute?;
                steps
                    .iter()
                    .rev()
                    .find(|(from, _)| a >= *from)
                    .map(|(_, b)| *b)
            }
        }
    }
}

impl Threshold {
    /// Whether a measured value triggers the rule.
    pub fn triggered(&self, value: Decimal, bound: Decimal) -> bool {
        if self.below {
            value < bound
        } else {
            value > bound
        }
    }
}

impl Rubric {
    /// The grade band a total reaches: the first whose `min` it reaches.
    pub fn grade(&self, total: Decimal) -> Option<usize> {
        first_reached(self.grades.iter().map(|g| g.min), total)
    }

    /// Index of the item with this id.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }

    /// Full marks of a unit of kind `k` in one period: the points of the
    /// scored items that apply.
    pub fn full_marks(&self, kind: usize) -> Decimal {
        self.items
            .iter()
            .filter(|i| i.applies[kind])
            .map(|i| i.points)
            .sum()
    }

    /// Whether a bonus or penalty item is summed over the year, capped and
    /// credited to the last period (a yearly cap on it or on its section).
    pub fn yearly(&self, item: &Item) -> bool {
        let per_year = |c: Option<Cap>| c.is_some_and(|c| c.scope == CapScope::Year);
        item.item_type != ItemType::Scored
            && (per_year(item.cap) || per_year(self.sections[item.section].cap))
    }

    /// The index of the rubric's kind with this name.
    pub fn kind_index(&self, name: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.name == name)
    }

    /// Total rule count, for the ledger's flat layout.
    pub fn rule_count(&self) -> usize {
        self.items.iter().map(|i| i.rules.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn a_value_falls_in_the_first_band_whose_min_it_reaches() {
        // 优秀 ≥ 90, 良好 ≥ 80, 一般 below: 90 is 优秀, 89.99 良好, 0 一般.
        let bands = CategoryBands {
            by: "户数".into(),
            bands: vec![
                ("优秀".into(), Some(d("90"))),
                ("良好".into(), Some(d("80"))),
                ("一般".into(), None),
            ],
        };
        assert_eq!(bands.band(d("90")), Some(0));
        assert_eq!(bands.band(d("89.99")), Some(1));
        assert_eq!(bands.band(d("0")), Some(2));
        // Without an open last band, a value below every `min` has none.
        let closed = [Some(d("90")), Some(d("80"))];
        assert_eq!(first_reached(closed.into_iter(), d("79")), None);
    }
}

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
    pub points: Decimal,
    /// Range into `Rubric::items`.
    pub items: std::ops::Range<usize>,
}

/// An item (指标): a line of the rubric with its points.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub section: usize,
    pub points: Decimal,
    pub rules: Vec<Rule>,
    /// `applies[k]` tells whether the item applies to kind `k`.
    pub applies: Vec<bool>,
}

/// A rule (扣分情形): one circumstance that takes points off an item.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub text: String,
    /// Points one occurrence costs, percentages already resolved.
    pub per: Decimal,
    /// Cap on the rule's total, in points.
    pub max: Option<Decimal>,
    /// How the rubric wrote the deduction, for outlines and explanations.
    pub deduct_text: String,
    pub max_text: Option<String>,
}

impl Rubric {
    /// Index of the item with this id.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }

    /// Full marks of a unit of kind `k`: the points of the items that apply.
    pub fn full_marks(&self, kind: usize) -> Decimal {
        self.items
            .iter()
            .filter(|i| i.applies[kind])
            .map(|i| i.points)
            .sum()
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

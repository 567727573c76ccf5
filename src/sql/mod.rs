//! `score sql`: the rubric compiled to one SQL query, for engines that hold
//! the findings (DuckDB, PostgreSQL-family databases, Spark). The query
//! gives the rows `score --format csv` prints, computed in exact DECIMAL.
//!
//! The compiler writes common table expressions in a fixed order:
//! constants (`it`, `r`, `pe`, `ap`), cleaned findings (`f`) and units (`u`),
//! per-rule counts (`c`), per-item amounts (`x`, `iv`, `ic`), per-section
//! effects (`sv`), and then the summary, the detail or the check.

mod check;
mod detail;
pub mod dialect;
mod parts;
mod summary;
mod tables;

use rust_decimal::Decimal;

pub use dialect::Dialect;

use crate::error::{Error, Problem};
use crate::rubric::{Bound, Combine, Loaded, Rubric};

/// What `score sql` is asked for.
#[derive(Debug, Clone)]
pub struct Query {
    pub dialect: Dialect,
    /// The findings table's name (`schema.table` allowed).
    pub findings: String,
    /// The units table, playing the part of `--units`.
    pub units: Option<String>,
    /// The detail rows (`--detail`) instead of one row per unit.
    pub detail: bool,
    /// The rows `score` would reject, instead of results.
    pub check: bool,
    /// The units table's `category` column is filled: show it, as `score`
    /// does when a roster unit has a category.
    pub categories: bool,
}

/// Compiles the rubric into the query asked for.
pub fn compile(loaded: &Loaded, q: &Query) -> Result<String, Error> {
    let rubric = &loaded.rubric;
    expressible(loaded, q)?;
    let mut sql = if q.check {
        check::query(rubric, q)
    } else if q.detail {
        detail::query(rubric, q)
    } else {
        summary::query(rubric, q)
    };
    sql.push('\n');
    Ok(sql)
}

/// Most decimals a period weight may have: a product with a value of 10
/// decimals must stay within 38 digits on Spark.
const WEIGHT_SCALE: u32 = 8;

/// Most periods a mean is exact over (see `Dialect::floor_div`).
const MEAN_PERIODS: usize = 500;

/// Refuses what the query could not compute exactly, naming the key.
fn expressible(loaded: &Loaded, q: &Query) -> Result<(), Error> {
    let rubric = &loaded.rubric;
    let file = match &loaded.path {
        Some(p) => p.display().to_string(),
        None => format!("{}.toml", rubric.id),
    };
    let fail = |msg: String| Err(Error::invalid(Problem::file(&file, msg)));
    for (key, value) in constants(rubric) {
        if value.normalize().scale() > dialect::SCALE {
            let shown = crate::num::show(value);
            return fail(crate::tr!(
                "{key} = {shown} has more than 10 decimals, which SQL's DECIMAL(38,10) cannot hold exactly",
                "{key} = {shown} 的小数超过 10 位，SQL 的 DECIMAL(38,10) 无法精确表示"
            ));
        }
    }
    let periods = &rubric.periods;
    if let Some(w) = periods
        .weights
        .iter()
        .find(|w| w.normalize().scale() > WEIGHT_SCALE)
    {
        let shown = crate::num::show(*w);
        return fail(crate::tr!(
            "periods.weights: {shown} has more than 8 decimals, which the SQL cannot multiply exactly",
            "periods.weights：{shown} 的小数超过 8 位，SQL 无法精确相乘"
        ));
    }
    if periods.combine == Combine::Mean && periods.count() > MEAN_PERIODS {
        let n = periods.count();
        return fail(crate::tr!(
            "periods.labels: a mean over {n} periods; the SQL averages exactly over at most 500",
            "periods.labels：对 {n} 个考核期取平均；SQL 至多对 500 个考核期精确取平均"
        ));
    }
    if q.units.is_none() && !q.check {
        if let Some((item, rule, by)) = stepped(rubric).next() {
            return Err(Error::Usage(crate::tr!(
                "rule \"{rule}\" of item \"{item}\" has a bound by the roster column `{by}`: give --units TABLE",
                "指标 \"{item}\" 的规则 \"{rule}\" 的阈值取决于单位名单的 `{by}` 列：请给出 --units TABLE"
            )));
        }
    }
    Ok(())
}

/// Threshold rules whose bound steps over a roster column: (item, rule, column).
fn stepped(rubric: &Rubric) -> impl Iterator<Item = (&str, &str, &str)> {
    rubric.items.iter().flat_map(|i| {
        i.rules.iter().filter_map(move |r| match &r.threshold {
            Some(t) => match &t.bound {
                Bound::Steps { by, .. } => Some((i.id.as_str(), r.id.as_str(), by.as_str())),
                Bound::Fixed(_) => None,
            },
            None => None,
        })
    })
}

/// Every constant of the rubric the query writes, with the key it came from.
fn constants(rubric: &Rubric) -> Vec<(String, Decimal)> {
    let mut out = Vec::new();
    for item in &rubric.items {
        let id = &item.id;
        out.push((format!("item {id}: points"), item.points));
        out.extend(item.cap.map(|c| (format!("item {id}: cap"), c.amount)));
        for r in &item.rules {
            let rid = &r.id;
            let key = if item.item_type == crate::rubric::ItemType::Bonus {
                "add"
            } else {
                "deduct"
            };
            out.push((format!("item {id} rule {rid}: {key}"), r.each));
            out.extend(r.max.map(|m| (format!("item {id} rule {rid}: max"), m)));
            match r.threshold.as_ref().map(|t| &t.bound) {
                Some(Bound::Fixed(b)) => out.push((format!("item {id} rule {rid}: bound"), *b)),
                Some(Bound::Steps { steps, .. }) => {
                    for (from, b) in steps {
                        out.push((format!("item {id} rule {rid}: steps"), *from));
                        out.push((format!("item {id} rule {rid}: steps"), *b));
                    }
                }
                None => {}
            }
        }
    }
    for s in &rubric.sections {
        out.extend(s.cap.map(|c| (format!("section {}: cap", s.id), c.amount)));
    }
    for g in &rubric.grades {
        out.extend(g.min.map(|m| (format!("grade {}: min", g.name), m)));
    }
    for r in &rubric.ratings {
        out.push((format!("rating {}: top", r.name), r.top));
        out.extend(r.min.map(|m| (format!("rating {}: min", r.name), m)));
    }
    if let Some(c) = &rubric.category {
        for (name, min) in &c.bands {
            out.extend(min.map(|m| (format!("category {name}: min"), m)));
        }
    }
    out
}

/// `WITH a AS (...), b AS (...) SELECT ...`.
fn with(ctes: &[String], select: &str) -> String {
    format!("WITH\n{}\n{select}", ctes.join(",\n"))
}

//! The check query: the rows `score` would reject. A database holds rows
//! `score` never read; run this first and fix what it lists. One row per
//! problem: the finding's cells and what is wrong, the first problem of a
//! row as `score` would report it, then problems of several rows together
//! (two scores for one item, a score beside deductions) and of the units.

use super::dialect::Dialect;
use super::{parts, with, Query};
use crate::rubric::{Bound, Rubric};
use crate::tr;

pub fn query(rubric: &Rubric, q: &Query) -> String {
    let d = q.dialect;
    let mut ctes = parts::inputs(rubric, q);
    let (_, join_pe) = parts::period(rubric);
    let join_pe = join_pe.replace("JOIN", "LEFT JOIN");
    ctes.push(format!(
        "fx AS (SELECT f.*, it.i AS ii, it.t AS ty, it.points AS ipoints, r.g AS rg, u.unit AS uu, ap.i AS api{}{}\n  FROM f LEFT JOIN it ON it.item = f.item LEFT JOIN r ON r.item = f.item AND r.rule = f.rule{join_pe}\n  LEFT JOIN u ON u.unit = f.unit LEFT JOIN ap ON ap.i = it.i AND ap.k = COALESCE(u.k, 0))",
        if rubric.periods.labels.is_empty() { ", 0 AS pp" } else { ", pe.p AS pp" },
        (0..parts::attributes(rubric).len()).map(|i| format!(", u.a{i} AS ua{i}")).collect::<String>()
    ));
    ctes.push(format!(
        "bad AS (SELECT fx.*, {} AS problem FROM fx)",
        row_problem(rubric, q)
    ));
    let cols = "unit, period, item, rule, n AS \"count\", points, score, value, note, problem"
        .replace('"', if d == Dialect::Spark { "`" } else { "\"" });
    let mut parts = vec![format!("SELECT {cols} FROM bad WHERE problem IS NOT NULL")];
    parts.extend(group_problems(rubric, d));
    if q.units.is_some() {
        parts.extend(unit_problems(rubric, d));
    }
    with(&ctes, &parts.join("\nUNION ALL\n"))
}

/// The first thing wrong with a row, in the order `score` checks, or NULL.
fn row_problem(rubric: &Rubric, q: &Query) -> String {
    let d = q.dialect;
    let s = |m: String| d.string(&m);
    let mut arms: Vec<(String, String)> = Vec::new();
    let idle = "score IS NULL AND COALESCE(points, 0) = 0 AND (rule IS NULL OR n = 0)";
    arms.push((
        format!("unit IS NULL AND NOT ({idle})"),
        s(tr!("`unit` is empty", "`unit` 为空")),
    ));
    if q.units.is_some() {
        arms.push((
            "unit IS NOT NULL AND uu IS NULL".into(),
            s(tr!(
                "unknown unit: not in the units table",
                "未知单位：不在单位表中"
            )),
        ));
    }
    arms.push((
        "item IS NULL AND (rule IS NOT NULL OR points IS NOT NULL OR score IS NOT NULL)".into(),
        s(tr!(
            "`item` is empty, but the row has a rule, points or score",
            "`item` 为空，但此行有规则、扣分或得分"
        )),
    ));
    arms.push((
        "item IS NOT NULL AND ii IS NULL".into(),
        s(tr!("unknown item", "未知指标")),
    ));
    arms.push((
        "item IS NOT NULL AND api IS NULL".into(),
        s(tr!(
            "the item does not apply to the unit's kind",
            "该指标不适用于此单位的类型"
        )),
    ));
    if rubric.periods.labels.is_empty() {
        arms.push((
            "item IS NOT NULL AND period IS NOT NULL".into(),
            s(tr!(
                "period given, but the rubric declares no periods",
                "给了考核期，但考核细则没有声明考核期"
            )),
        ));
    } else {
        arms.push((
            "item IS NOT NULL AND period IS NULL".into(),
            s(tr!("`period` is empty", "`period` 为空")),
        ));
        arms.push((
            "item IS NOT NULL AND pp IS NULL".into(),
            s(tr!("unknown period", "未知考核期")),
        ));
    }
    arms.extend(score_problems(&s));
    arms.extend(rule_problems(rubric, &s));
    arms.push((
        "points IS NOT NULL AND score IS NULL AND rule IS NULL AND COALESCE(n, 1) <> 1".into(),
        s(tr!(
            "both points and count given: points are taken once",
            "同时给了扣分和次数：扣分只计一次"
        )),
    ));
    arms.push((
        "points IS NOT NULL AND score IS NULL AND rule IS NULL AND points < 0".into(),
        s(tr!("points must be 0 or more", "扣分须为 0 或以上")),
    ));
    arms.push((
        "item IS NOT NULL AND rule IS NULL AND points IS NULL AND score IS NULL".into(),
        s(tr!(
            "item given without a rule, points or score",
            "指标没有给出规则、扣分或得分"
        )),
    ));
    let body: String = arms
        .iter()
        .map(|(when, then)| format!("\n    WHEN {when} THEN {then}"))
        .collect();
    format!("CASE{body}\n    END")
}

fn score_problems(s: &dyn Fn(String) -> String) -> Vec<(String, String)> {
    vec![
        (
            "score IS NOT NULL AND rule IS NOT NULL".into(),
            s(tr!(
                "both rule and score given: a score sets the whole item",
                "同时给了规则和得分：得分即整个指标的得分"
            )),
        ),
        (
            "score IS NOT NULL AND points IS NOT NULL".into(),
            s(tr!(
                "both points and score given: a score sets the whole item",
                "同时给了扣分和得分：得分即整个指标的得分"
            )),
        ),
        (
            "score IS NOT NULL AND ty <> 0".into(),
            s(tr!(
                "a bonus or penalty item takes `rule` or `points`, not a score",
                "加分项或扣分项请给 `rule` 或 `points`，不能给得分"
            )),
        ),
        (
            "score < 0".into(),
            s(tr!("score must be 0 or more", "得分须为 0 或以上")),
        ),
        (
            "score > ipoints".into(),
            s(tr!(
                "score is above the item's points",
                "得分超过指标的分值"
            )),
        ),
    ]
}

fn rule_problems(rubric: &Rubric, s: &dyn Fn(String) -> String) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "rule IS NOT NULL AND points IS NOT NULL".into(),
            s(tr!(
                "both rule and points given: give points on a row of their own",
                "同时给了规则和扣分：扣分请另起一行"
            )),
        ),
        (
            "rule IS NOT NULL AND rg IS NULL".into(),
            s(tr!("unknown rule for this item", "该指标没有这条规则")),
        ),
        (
            "rule IS NOT NULL AND n < 0".into(),
            s(tr!("count must be 0 or more", "次数须为 0 或以上")),
        ),
    ];
    for (g, t) in parts::thresholds(rubric) {
        out.push((
            format!("rg = {g} AND COALESCE(n, 1) > 0 AND value IS NULL"),
            s(tr!(
                "a threshold rule needs its `value`",
                "阈值规则须给出 `value`（数值）"
            )),
        ));
        if let Bound::Steps { by, steps } = &t.bound {
            let a = parts::attribute_index(rubric, by);
            let first = super::dialect::num(steps.first().map(|s| s.0).unwrap_or_default());
            out.push((
                format!("rg = {g} AND COALESCE(n, 1) > 0 AND ua{a} IS NULL"),
                s(tr!(
                    "the units table gives no number in `{by}` for this unit",
                    "单位表的 `{by}` 列没有给出此单位的数字"
                )),
            ));
            out.push((
                format!("rg = {g} AND COALESCE(n, 1) > 0 AND ua{a} < {first}"),
                s(tr!(
                    "no step of the rule's bound covers this unit",
                    "规则的阈值没有哪一档适用于此单位"
                )),
            ));
        }
    }
    out
}

/// Problems of several rows: a second score, a score beside deductions.
fn group_problems(rubric: &Rubric, d: Dialect) -> Vec<String> {
    let t = d.null_text();
    let n = super::tables::num_null();
    let cols = |problem: String| {
        format!(
            "unit, period, item, {t}, CAST(NULL AS BIGINT), {n}, {n}, {n}, {t}, {}",
            d.string(&problem)
        )
    };
    let _ = rubric;
    vec![
        format!(
            "SELECT {} FROM bad WHERE problem IS NULL AND score IS NOT NULL GROUP BY unit, period, item HAVING COUNT(*) > 1",
            cols(tr!("a second score for this unit, item and period", "同一单位、指标和考核期有第二个得分"))
        ),
        format!(
            "SELECT {} FROM bad WHERE problem IS NULL AND unit IS NOT NULL AND item IS NOT NULL GROUP BY unit, period, item\n  HAVING COUNT(score) > 0 AND (SUM(CASE WHEN rule IS NOT NULL AND COALESCE(n, 1) > 0 THEN 1 ELSE 0 END) > 0 OR SUM(CASE WHEN points IS NOT NULL AND points <> 0 THEN 1 ELSE 0 END) > 0)",
            cols(tr!("a score and deductions for the same unit, item and period", "同一单位、指标和考核期既有得分又有扣分"))
        ),
    ]
}

/// Problems of the units table: a unit listed twice, an undeclared kind,
/// a category the rubric's bands do not give.
fn unit_problems(rubric: &Rubric, d: Dialect) -> Vec<String> {
    let t = d.null_text();
    let n = super::tables::num_null();
    let row = |what: &str, problem: String| {
        format!(
            "SELECT {what}, {t}, {t}, {t}, CAST(NULL AS BIGINT), {n}, {n}, {n}, {t}, {}",
            d.string(&problem)
        )
    };
    let mut out = vec![format!(
        "{} FROM u GROUP BY unit HAVING COUNT(*) > 1",
        row(
            "unit",
            tr!(
                "the unit is listed twice in the units table",
                "单位在单位表中出现了两次"
            )
        )
    )];
    let kinds: Vec<String> = rubric.kinds.iter().map(|k| d.string(&k.name)).collect();
    let undeclared = if rubric.has_kinds {
        format!("kn NOT IN ({})", kinds.join(", "))
    } else {
        "TRUE".to_string()
    };
    out.push(format!(
        "{} FROM u WHERE kn IS NOT NULL AND {undeclared}",
        row(
            "unit",
            tr!(
                "the unit's kind is not declared by the rubric",
                "单位的类型未在考核细则中声明"
            )
        )
    ));
    if rubric.category.is_some() {
        out.push(format!(
            "{} FROM u WHERE cat IS NULL",
            row(
                "unit",
                tr!(
                    "the unit's category column value falls in no category band",
                    "单位的档次依据值不属于任何档次"
                )
            )
        ));
    }
    out
}

//! The detail query: one row per unit, period and item (`--detail`).

use super::Query;
use crate::rubric::Rubric;

pub fn query(rubric: &Rubric, q: &Query) -> String {
    super::summary::query(rubric, q)
}

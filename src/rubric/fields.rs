//! The keys the serde structs of `parse.rs` read, asked of serde itself,
//! so the unknown-key check in `keys.rs` cannot drift from the reader.
//!
//! serde's derive hands `deserialize_struct` the list of a struct's keys
//! (as written in the TOML, renames applied). A probe deserializer follows
//! a path of keys down through the structs, `Option`s and `Vec`s, keeps the
//! list of the struct it ends at, and stops there with an error: nothing
//! is ever built.
//!
//! A `#[serde(flatten)]` field would hide a struct's keys (serde reads a
//! map then, not a struct); the tests in `keys.rs` would catch the table
//! gone missing.

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use super::parse::RawRubric;

/// The keys of the table at `path` (keys from the top of the rubric), or
/// `None` when no table is there: no such key, or a value such as a
/// number, a string or a list of strings.
pub fn at(path: &[&str]) -> Option<&'static [&'static str]> {
    let found = Cell::new(None);
    let probe = Probe {
        path,
        found: &found,
    };
    // Always an error: the probe stops serde once it has the keys.
    let _ = <RawRubric as de::Deserialize>::deserialize(probe);
    found.get()
}

/// Why the probe stopped; never shown to anyone.
#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("probe stopped")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Stop
    }
}

#[derive(Clone, Copy)]
struct Probe<'a> {
    path: &'a [&'a str],
    found: &'a Cell<Option<&'static [&'static str]>>,
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = Stop;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        // serde's private structs (toml's `Spanned` and `Datetime`, named
        // `$__…`) wrap values, not tables.
        if name.starts_with("$__") {
            return Err(Stop);
        }
        match self.path.split_first() {
            None => {
                self.found.set(Some(fields));
                Err(Stop)
            }
            Some((key, rest)) => visitor.visit_map(One {
                key,
                value: Some(Probe {
                    path: rest,
                    found: self.found,
                }),
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_some(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_seq(One {
            key: "",
            value: Some(self),
        })
    }

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct tuple tuple_struct map
        enum identifier ignored_any
    }
}

/// A map of one key, or a list of one element, whose value is probed
/// (once: the probe always stops serde, but a list must end regardless).
struct One<'a> {
    key: &'a str,
    value: Option<Probe<'a>>,
}

impl<'de> MapAccess<'de> for One<'_> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        match self.value {
            Some(_) => seed.deserialize(self.key.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Stop> {
        seed.deserialize(self.value.take().ok_or(Stop)?)
    }
}

impl<'de> SeqAccess<'de> for One<'_> {
    type Error = Stop;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Stop> {
        self.value.take().map(|p| seed.deserialize(p)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_gives_the_keys_of_each_table() {
        assert_eq!(
            at(&[]),
            Some(
                &["rubric", "kind", "grade", "quota", "section", "periods", "rating", "category"][..]
            )
        );
        // `type` as written in the TOML, not the field's name in Rust.
        assert_eq!(
            at(&["section", "item"]),
            Some(&["id", "name", "points", "type", "cap", "cap_per", "kinds", "rules"][..])
        );
        assert_eq!(at(&["category", "bands"]), Some(&["name", "min"][..]));
    }

    #[test]
    fn values_are_not_tables() {
        assert_eq!(at(&["rubric", "id"]), None); // Spanned<String>
        assert_eq!(at(&["rubric", "total"]), None); // Spanned<RawNum>
        assert_eq!(at(&["periods", "labels"]), None); // Spanned<Vec<…>>
        assert_eq!(at(&["section", "item", "rules", "below"]), None); // RawBound
        assert_eq!(at(&["section", "items"]), None); // no such key
    }
}

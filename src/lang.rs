//! The language of messages: Chinese for a Chinese user, English otherwise.
//!
//! Every message a user reads is written with [`tr!`](crate::tr), which
//! takes the English and the Chinese text side by side: a message without
//! its translation does not compile. The language is chosen once, by the
//! binary, before any work (`--lang`, else the user's locale).

use std::sync::atomic::{AtomicU8, Ordering};

/// A language of messages and help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Zh,
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// The language messages are written in now.
#[inline]
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Zh,
        _ => Lang::En,
    }
}

/// Sets the language of every message from now on.
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

impl Lang {
    /// `zh` or `en` (also `zh_CN`, `zh-Hans`, `en_US`…); `None` for others.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code.starts_with("zh") {
            Some(Lang::Zh)
        } else if code.starts_with("en") || code == "c" || code == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The user's language: on Unix the first of `LC_ALL`, `LC_MESSAGES`
    /// and `LANG` that is set (as `gettext` reads them); on Windows the
    /// same variables when set, else the user's interface language.
    pub fn detect() -> Lang {
        Lang::from_env(|k| std::env::var(k).ok()).unwrap_or_else(Lang::system)
    }

    /// The language the locale variables name, if one is set.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| var(k).filter(|v| !v.is_empty()))
            .map(|v| Lang::from_code(&v).unwrap_or(Lang::En))
    }

    #[cfg(windows)]
    fn system() -> Lang {
        sys_locale::get_locale()
            .and_then(|l| Lang::from_code(&l))
            .unwrap_or(Lang::En)
    }

    #[cfg(not(windows))]
    fn system() -> Lang {
        Lang::En
    }
}

/// A message in the current language: `tr!("unknown item \"{id}\"",
/// "未知指标“{id}”")`. Both texts are required, so a missing translation
/// is a compile error; arguments work as in `format!`.
#[macro_export]
macro_rules! tr {
    ($en:literal, $zh:literal $(, $arg:expr)* $(,)?) => {
        match $crate::lang::current() {
            $crate::lang::Lang::En => format!($en $(, $arg)*),
            $crate::lang::Lang::Zh => format!($zh $(, $arg)*),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_variables_in_gettext_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_env(env(&[("LANG", "zh_CN.UTF-8")])),
            Some(Lang::Zh)
        );
        assert_eq!(
            Lang::from_env(env(&[("LANG", "en_US.UTF-8")])),
            Some(Lang::En)
        );
        // LC_ALL wins over LANG; an empty one is skipped.
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_env(env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_TW.UTF-8")])),
            Some(Lang::Zh)
        );
        // A language score does not speak is English.
        assert_eq!(
            Lang::from_env(env(&[("LANG", "fr_FR.UTF-8")])),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_env(env(&[])), None);
    }
}

//! The progress bar on standard error: only on a terminal, only after a
//! second of reading, never with --quiet. It changes no output.

use std::cell::RefCell;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use score::findings::Progress;

/// How long a run goes before a bar is worth showing.
const DELAY: Duration = Duration::from_secs(1);

pub struct Bar {
    enabled: bool,
    start: Instant,
    bar: RefCell<Option<ProgressBar>>,
}

impl Bar {
    pub fn new(wanted: bool) -> Bar {
        Bar {
            enabled: wanted && std::io::stderr().is_terminal(),
            start: Instant::now(),
            bar: RefCell::new(None),
        }
    }

    pub fn update(&self, p: Progress) {
        if !self.enabled || self.start.elapsed() < DELAY {
            return;
        }
        let mut slot = self.bar.borrow_mut();
        let bar = slot.get_or_insert_with(|| {
            let bar = ProgressBar::with_draw_target(p.total, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{spinner} {bytes}/{total_bytes} {bytes_per_sec} {msg} [{elapsed_precise}]",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar
        });
        if p.total.is_some() {
            bar.set_length(p.total.unwrap_or(0));
        }
        bar.set_position(p.bytes);
        let secs = self.start.elapsed().as_secs_f64().max(0.001);
        let millions = p.rows as f64 / secs / 1e6;
        bar.set_message(score::tr!(
            "{millions:.1} M rows/s",
            "每秒 {millions:.1} 百万行"
        ));
    }

    pub fn finish(&self) {
        if let Some(bar) = self.bar.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }
}

//! Both cores where it pays. Work is cut in two halves, one per thread,
//! and the halves' results are put back in order, so what comes out is
//! what one thread gives, byte for byte.

use std::ops::Range;
use std::sync::OnceLock;

/// Whether a second thread may be used: `SCORE_THREADS=1` forces one
/// (tests compare the two byte for byte), and one core has no second.
/// Read once a process: asking for the cores reads the cgroup's files.
pub fn allowed() -> bool {
    static ALLOWED: OnceLock<bool> = OnceLock::new();
    *ALLOWED.get_or_init(|| {
        std::env::var("SCORE_THREADS").map_or(true, |v| v.trim() != "1")
            && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
    })
}

/// `work` over `range`, in two halves on two threads when the range has
/// at least `min` elements (and threads are allowed); the results in order.
pub fn halves<T: Send>(
    range: Range<u32>,
    min: u32,
    work: impl Fn(Range<u32>) -> Vec<T> + Sync,
) -> Vec<T> {
    if range.len() < min as usize || !allowed() {
        return work(range);
    }
    let mid = range.start + (range.end - range.start) / 2;
    let work = &work;
    std::thread::scope(|s| {
        let second = s.spawn(move || work(mid..range.end));
        let mut first = work(range.start..mid);
        // A panic in the second half is the same bug as in the first: pass it on.
        first.extend(
            second
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
        );
        first
    })
}

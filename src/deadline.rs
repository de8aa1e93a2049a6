//! A per-file time limit. Long loops call `check`, which fails once the file's time is up,
//! so a pathological document ends as a clear failure instead of stalling its worker.

use std::cell::Cell;
use std::time::{Duration, Instant};

use crate::error::ErrorKind;

thread_local! {
    static DEADLINE: Cell<Option<(Instant, u64)>> = const { Cell::new(None) };
}

/// Runs `f` with a time limit on this thread (none when `limit` is `None`).
pub fn with_limit<T>(limit: Option<Duration>, f: impl FnOnce() -> T) -> T {
    // A limit too far away to represent is no limit.
    let deadline = limit.and_then(|l| Some((Instant::now().checked_add(l)?, l.as_secs())));
    let previous = DEADLINE.with(|d| d.replace(deadline));
    let result = f();
    DEADLINE.with(|d| d.set(previous));
    result
}

/// This thread's deadline, for threads that work on the same file.
pub fn current() -> Option<(Instant, u64)> {
    DEADLINE.with(Cell::get)
}

/// Runs `f` under a deadline taken from another thread with [`current`].
pub fn with_deadline<T>(deadline: Option<(Instant, u64)>, f: impl FnOnce() -> T) -> T {
    let previous = DEADLINE.with(|d| d.replace(deadline));
    let result = f();
    DEADLINE.with(|d| d.set(previous));
    result
}

/// Fails when the current file's time is up.
pub fn check() -> Result<(), ErrorKind> {
    match DEADLINE.with(Cell::get) {
        Some((at, secs)) if Instant::now() >= at => Err(ErrorKind::Timeout(secs)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_and_restores() {
        assert_eq!(check(), Ok(()));
        let expired = with_limit(Some(Duration::ZERO), check);
        assert_eq!(expired, Err(ErrorKind::Timeout(0)));
        assert_eq!(check(), Ok(()), "the limit ends with its file");
        assert_eq!(with_limit(Some(Duration::from_secs(u64::MAX)), check), Ok(()));
    }
}

//! When the reader's work is written to the store: a moment after the reader pauses, and never
//! later than a fixed time after the first change not yet written, however the reader goes on (a
//! debounce with a maximum wait). A reader typing a key every 100 ms for a minute has their note
//! written several times a second, not once when they stop. Pure: the caller reads the clock
//! and runs the timer.

/// How long a pause in the reader's changes lets the save wait for the next one, in
/// milliseconds: a burst of keys is one write.
pub const QUIET_MS: f64 = 150.0;
/// The longest a change waits before its save starts, in milliseconds. The save itself (a read,
/// a merge and a write of one entry) comes on top: the README promises every change written
/// within half a second.
pub const MAX_WAIT_MS: f64 = 350.0;

/// The changes not yet written: when the first of them was made.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SaveSchedule {
    first_unsaved: Option<f64>,
}

impl SaveSchedule {
    /// A change was made at `now` (milliseconds on any monotonic clock): returns when the save
    /// should start. Never later than [`MAX_WAIT_MS`] after the first change not yet written.
    pub fn changed(&mut self, now: f64) -> f64 {
        let first = *self.first_unsaved.get_or_insert(now);
        (now + QUIET_MS).min(first + MAX_WAIT_MS)
    }

    /// A save took every change made so far: the next change starts a new wait.
    pub fn saved(&mut self) {
        self.first_unsaved = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Steady typing: a key every `every` ms for `for_ms`, with the saves the schedule asks for
    /// run on time; returns the longest a key waited for the save that took it.
    fn longest_wait(every: f64, for_ms: f64) -> f64 {
        let mut schedule = SaveSchedule::default();
        let mut due = f64::INFINITY;
        let mut waiting_since: Vec<f64> = Vec::new();
        let mut longest: f64 = 0.0;
        let mut now = 0.0;
        let mut next_key = 0.0;
        while now <= for_ms + MAX_WAIT_MS + QUIET_MS {
            if now >= due {
                for key in waiting_since.drain(..) {
                    longest = longest.max(now - key);
                }
                schedule.saved();
                due = f64::INFINITY;
            }
            if now >= next_key && now <= for_ms {
                waiting_since.push(now);
                due = schedule.changed(now);
                next_key += every;
            }
            now += 1.0;
        }
        assert!(waiting_since.is_empty(), "every key was saved");
        longest
    }

    #[test]
    fn steady_typing_is_saved_within_the_maximum_wait() {
        for every in [20.0, 100.0, 120.0, 149.0, 400.0] {
            let longest = longest_wait(every, 10_000.0);
            assert!(
                longest <= MAX_WAIT_MS,
                "a key every {every} ms waited {longest} ms"
            );
        }
    }

    #[test]
    fn a_single_change_is_saved_after_the_quiet_time() {
        let mut schedule = SaveSchedule::default();
        assert_eq!(schedule.changed(1_000.0), 1_000.0 + QUIET_MS);
        schedule.saved();
        assert_eq!(schedule.changed(5_000.0), 5_000.0 + QUIET_MS);
    }

    #[test]
    fn keys_push_the_save_back_but_never_past_the_first_change_plus_the_maximum() {
        let mut schedule = SaveSchedule::default();
        assert_eq!(schedule.changed(0.0), QUIET_MS);
        assert_eq!(schedule.changed(100.0), 100.0 + QUIET_MS);
        assert_eq!(schedule.changed(300.0), MAX_WAIT_MS);
        assert_eq!(schedule.changed(340.0), MAX_WAIT_MS);
    }
}

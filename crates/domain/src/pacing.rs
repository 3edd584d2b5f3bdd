//! Pacing the page's long jobs: how many items the next slice of a job takes so that one slice
//! stays within a time budget on any machine (a slow phone gets smaller slices than this
//! machine). Never more than the size the job starts with: a pace measured while the machine
//! was idle must not make one slice long when it is busy. Pure: the caller measures the time.

/// How long one slice of work may take, in milliseconds: well under the 50 ms after which the
/// browser counts a task as long (the browser's own layout of what a slice changed comes on top).
pub const SLICE_BUDGET_MS: f64 = 20.0;
/// The fewest and the most items a slice takes, whatever was measured.
pub const MIN_SLICE: usize = 10;
pub const MAX_SLICE: usize = 100;

/// The size of the next slice, from the last one: `done` items took `spent_ms`. The size moves
/// halfway towards what fits the budget at the measured pace, so one odd measurement (a
/// garbage collection, a block far longer than the others) does not swing it.
pub fn next_slice(last: usize, done: usize, spent_ms: f64) -> usize {
    if done == 0 || !spent_ms.is_finite() || spent_ms < 0.0 {
        return last.clamp(MIN_SLICE, MAX_SLICE);
    }
    let per_item = (spent_ms / done as f64).max(1e-3);
    let fits = (SLICE_BUDGET_MS / per_item).min(MAX_SLICE as f64) as usize;
    (last + fits).div_ceil(2).clamp(MIN_SLICE, MAX_SLICE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slow_machine_gets_smaller_slices_until_they_fit_the_budget() {
        // 100 blocks took 80 ms (0.8 ms a block): 25 fit in the budget.
        let mut size = 100;
        for _ in 0..8 {
            let spent = size as f64 * 0.8;
            size = next_slice(size, size, spent);
        }
        assert!((24..=27).contains(&size), "{size}");
        assert!(size as f64 * 0.8 <= SLICE_BUDGET_MS + 2.0);
    }

    #[test]
    fn a_fast_machine_gets_slices_up_to_the_limit_not_beyond() {
        let mut size = 100;
        for _ in 0..12 {
            size = next_slice(size, size, size as f64 * 0.01);
        }
        assert_eq!(size, MAX_SLICE);
    }

    #[test]
    fn one_odd_measurement_moves_the_size_halfway_only() {
        // Paced at 0.2 ms a block (100 fits the budget); one slice took 200 ms.
        assert_eq!(next_slice(100, 100, 20.0), 100);
        let after_a_pause = next_slice(100, 100, 200.0);
        assert_eq!(after_a_pause, 55);
        // Back to the usual pace: halfway back up.
        assert_eq!(next_slice(after_a_pause, after_a_pause, 11.0), 78);
    }

    #[test]
    fn nothing_measured_keeps_the_size_within_its_bounds() {
        assert_eq!(next_slice(100, 0, 5.0), 100);
        assert_eq!(next_slice(100, 10, f64::NAN), 100);
        assert_eq!(next_slice(100, 10, -1.0), 100);
        assert_eq!(next_slice(5_000, 0, 1.0), MAX_SLICE);
        assert_eq!(next_slice(1, 0, 1.0), MIN_SLICE);
    }
}

//! Pacing the page's long jobs: how much the next slice of a job takes so that one slice stays
//! within a time budget on any machine (a slow phone gets smaller slices than this machine).
//! Pure: the caller measures the time.

/// The pace of a job whose items cost unequal amounts, measured in units of work (a block of
/// the article costs one unit, and one more per mark in it): how many units fit a slice's
/// budget, from the time units took so far. The estimate moves halfway towards each
/// measurement, and starts from a guess.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    ms_per_unit: f64,
    budget_ms: f64,
}

impl Pace {
    /// A pace guessed at `ms_per_unit`, for slices of `budget_ms`.
    pub fn guessed(ms_per_unit: f64, budget_ms: f64) -> Self {
        Pace {
            ms_per_unit: ms_per_unit.max(1e-4),
            budget_ms,
        }
    }

    /// The units that fit in the budget at this pace (at least one).
    pub fn units_in_budget(&self) -> usize {
        ((self.budget_ms / self.ms_per_unit) as usize).max(1)
    }

    /// `units` took `spent_ms`: the pace moves halfway towards it (nothing measured: unchanged).
    pub fn measured(self, units: usize, spent_ms: f64) -> Self {
        if units == 0 || !spent_ms.is_finite() || spent_ms < 0.0 {
            return self;
        }
        let rate = (spent_ms / units as f64).max(1e-4);
        Pace {
            ms_per_unit: (self.ms_per_unit + rate) / 2.0,
            ..self
        }
    }
}

/// Where the boxes of items shown next end: the whole boxes of `per_box` items from item `from`
/// whose units of work (an item, and one per mark in it: `marks[i]` lists item `i`'s) fit in
/// `budget` — at least one box — with their units. Never past `count`.
pub fn boxes_within(
    from: usize,
    count: usize,
    per_box: usize,
    budget: usize,
    marks: &[Vec<u32>],
) -> (usize, usize) {
    let (mut end, mut units) = (from, 0);
    while end < count {
        let box_end = (end + per_box.max(1)).min(count);
        let box_units: usize = (end..box_end)
            .map(|index| 1 + marks.get(index).map_or(0, Vec::len))
            .sum();
        if end > from && units + box_units > budget {
            break;
        }
        units += box_units;
        end = box_end;
    }
    (end, units)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUDGET_MS: f64 = 20.0;

    #[test]
    fn whole_boxes_fit_the_budget_in_units_and_at_least_one_is_shown() {
        // Ten items of no marks, then ten of three marks each; boxes of four.
        let marks: Vec<Vec<u32>> = (0..20)
            .map(|i| if i < 10 { vec![] } else { vec![0, 1, 2] })
            .collect();
        // Plain items: two whole boxes fit 8 units, a third would not.
        assert_eq!(boxes_within(0, 20, 4, 9, &marks), (8, 8));
        // Marked items cost four units each: one box of them is 16 units, over the budget, but
        // a first box is always shown.
        assert_eq!(boxes_within(12, 20, 4, 9, &marks), (16, 16));
        // The last box stops at the count.
        assert_eq!(boxes_within(16, 18, 4, 100, &marks), (18, 8));
        assert_eq!(boxes_within(20, 20, 4, 100, &marks), (20, 0));
    }

    #[test]
    fn a_pace_fits_the_budget_after_a_few_measurements_and_never_offers_nothing() {
        // Guessed at 0.1 ms a unit; the machine takes 0.8.
        let mut pace = Pace::guessed(0.1, BUDGET_MS);
        assert_eq!(pace.units_in_budget(), 200);
        for _ in 0..8 {
            let units = pace.units_in_budget();
            pace = pace.measured(units, units as f64 * 0.8);
        }
        assert!((24..=26).contains(&pace.units_in_budget()), "{pace:?}");
        // A unit slower than the whole budget: still one at a time.
        let slow = Pace::guessed(0.1, BUDGET_MS)
            .measured(1, 500.0)
            .measured(1, 500.0);
        assert_eq!(slow.units_in_budget(), 1);
        // Nothing measured changes nothing.
        assert_eq!(pace.measured(0, 3.0), pace);
        assert_eq!(pace.measured(5, f64::NAN), pace);
    }
}

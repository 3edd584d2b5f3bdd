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

#[cfg(test)]
mod tests {
    use super::*;

    const BUDGET_MS: f64 = 20.0;

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

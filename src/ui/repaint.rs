//! The repaint scheduler: which blocks of the article to paint again after a change, and when.
//! A reader's own change repaints its blocks at once; a change touching many blocks (an
//! article's marks arriving) is painted a slice of blocks per task, in order, each slice's
//! work paced to the time the last took ([`Pace`], in units of a block and one per mark in it),
//! so that the page answers the reader meanwhile and a slower machine gets smaller slices.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::document::AnnotationView;
use crate::browser;
use crate::browser::dom::after_paint;
use domain::pacing::Pace;

/// Blocks repainted at once when a change touches no more (a reader's own change).
const REPAINT_AT_ONCE: usize = 100;

/// How long one slice of repainting may take (milliseconds): half the budget of other slices,
/// as filling blocks makes garbage and a collection now and then doubles a slice.
const REPAINT_BUDGET_MS: f64 = 10.0;

/// The first guess of the pace (milliseconds a unit of work): a slow phone's, so that the first
/// slice is small; measured from then on.
const FIRST_PACE_MS: f64 = 0.2;

/// The scheduler's state: copyable handles.
#[derive(Clone, Copy)]
pub struct Repaint {
    /// One trigger per block of the article, notified when that block's annotations change (so a
    /// change repaints the blocks it touches, not every block).
    pub triggers: StoredValue<Vec<ArcTrigger>>,
    /// Blocks whose annotations changed and that are not repainted yet, with their units of
    /// work (one, and one per mark).
    pub queue: StoredValue<BTreeMap<usize, usize>>,
    /// Whether the next slice is scheduled.
    pub scheduled: StoredValue<bool>,
    /// The pace of repainting, measured.
    pub pace: StoredValue<Pace>,
}

impl Default for Repaint {
    fn default() -> Self {
        Repaint {
            triggers: StoredValue::new(Vec::new()),
            queue: StoredValue::new(BTreeMap::new()),
            scheduled: StoredValue::new(false),
            pace: StoredValue::new(Pace::guessed(FIRST_PACE_MS, REPAINT_BUDGET_MS)),
        }
    }
}

impl Repaint {
    /// Blocks that changed (to show as in `view`): repainted at once when few (a reader's own
    /// change, ahead of any queued repaint), else queued and painted a slice per task, each in a
    /// task of its own (not in the task that made the change: that task has done enough).
    pub fn blocks_changed(&self, changed: Vec<usize>, view: &AnnotationView) {
        if changed.len() <= REPAINT_AT_ONCE {
            self.queue.update_value(|queue| {
                for index in &changed {
                    queue.remove(index);
                }
            });
            self.notify(&changed);
        } else {
            let units = |index: usize| 1 + view.by_block.get(index).map_or(0, Vec::len);
            self.queue.update_value(|queue| {
                let queued = changed.into_iter().map(|index| (index, units(index)));
                if queue.is_empty() {
                    // Built at once from the sorted list: much quicker than one insert at a time.
                    *queue = queued.collect();
                } else {
                    queue.extend(queued);
                }
            });
        }
        self.schedule();
    }

    /// Forgets every block waiting (another article's blocks are all painted anew).
    pub fn clear(&self) {
        self.queue.update_value(BTreeMap::clear);
    }

    /// Repaints these blocks now (their triggers fire their effects).
    fn notify(&self, blocks: &[usize]) {
        self.triggers.with_value(|triggers| {
            for &index in blocks {
                if let Some(trigger) = triggers.get(index) {
                    trigger.notify();
                }
            }
        });
    }

    /// Repaints the next slice of the queue (as much work as fits the pace's budget, at least
    /// one block) and schedules the rest as a task of its own.
    fn slice(&self) {
        let budget = self.pace.get_value().units_in_budget();
        let (slice, units) = self
            .queue
            .try_update_value(|queue| {
                let (mut slice, mut units) = (Vec::new(), 0);
                while let Some((&index, &cost)) = queue.first_key_value() {
                    if !slice.is_empty() && units + cost > budget {
                        break;
                    }
                    queue.pop_first();
                    slice.push(index);
                    units += cost;
                }
                (slice, units)
            })
            .unwrap_or_default();
        let started = browser::monotonic_ms();
        self.notify(&slice);
        // The blocks are filled by their effects, queued by the triggers just fired; a task
        // queued after them runs once they have: the pace follows their time.
        let repaint = *self;
        leptos::task::spawn_local(async move {
            let spent = browser::monotonic_ms() - started;
            repaint
                .pace
                .update_value(|pace| *pace = pace.measured(units, spent));
        });
        self.schedule();
    }

    /// Schedules the next slice in a task of its own while blocks wait; once none does, marks
    /// the moment all are painted (after the paint).
    fn schedule(&self) {
        let more = self.queue.with_value(|queue| !queue.is_empty());
        if !more {
            after_paint(|| browser::mark("annotations-painted"));
        } else if !self.scheduled.get_value() {
            self.scheduled.set_value(true);
            let repaint = *self;
            browser::next_task(move || {
                repaint.scheduled.set_value(false);
                repaint.slice();
            });
        }
    }
}

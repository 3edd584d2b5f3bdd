//! The repaint scheduler: which blocks of the article to paint again after a change, and when.
//! A reader's own change repaints its blocks at once; a change touching many blocks (an
//! article's marks arriving) is painted a slice of blocks per task, in order, the slice's size
//! paced to the time the last one took ([`pacing::next_slice`]), so that the page answers the
//! reader meanwhile and a slower machine gets smaller slices.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::browser;
use crate::browser::dom::after_paint;
use domain::pacing;

/// Blocks repainted at once when a change touches no more (a reader's own change), and the
/// first slice of a larger repaint (a long article's marks arriving); later slices are paced
/// to the time the last one took ([`pacing::next_slice`]), so that a slower machine gets
/// smaller slices.
const REPAINT_SLICE: usize = 100;

/// The scheduler's state: copyable handles.
#[derive(Clone, Copy)]
pub struct Repaint {
    /// One trigger per block of the article, notified when that block's annotations change (so a
    /// change repaints the blocks it touches, not every block).
    pub triggers: StoredValue<Vec<ArcTrigger>>,
    /// Blocks whose annotations changed and that are not repainted yet.
    pub queue: StoredValue<BTreeSet<usize>>,
    /// Whether the next slice is scheduled.
    pub scheduled: StoredValue<bool>,
    /// Blocks repainted in the next slice, paced to the time the last slice took.
    pub size: StoredValue<usize>,
}

impl Default for Repaint {
    fn default() -> Self {
        Repaint {
            triggers: StoredValue::new(Vec::new()),
            queue: StoredValue::new(BTreeSet::new()),
            scheduled: StoredValue::new(false),
            size: StoredValue::new(REPAINT_SLICE),
        }
    }
}

impl Repaint {
    /// Blocks that changed: repainted at once when few (a reader's own change, ahead of any
    /// queued repaint), else queued; then the next slice of the queue is painted.
    pub fn blocks_changed(&self, changed: Vec<usize>) {
        if changed.len() <= REPAINT_SLICE {
            self.queue.update_value(|queue| {
                for index in &changed {
                    queue.remove(index);
                }
            });
            self.notify(&changed);
        } else {
            self.queue.update_value(|queue| queue.extend(changed));
        }
        self.slice();
    }

    /// Forgets every block waiting (another article's blocks are all painted anew).
    pub fn clear(&self) {
        self.queue.update_value(BTreeSet::clear);
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

    /// Repaints the next slice of the queue (its size paced by [`pacing::next_slice`]) and
    /// schedules the rest as a task of its own.
    fn slice(&self) {
        let size = self.size.get_value();
        let slice: Vec<usize> = self
            .queue
            .try_update_value(|queue| {
                let slice: Vec<usize> = queue.iter().take(size).copied().collect();
                for index in &slice {
                    queue.remove(index);
                }
                slice
            })
            .unwrap_or_default();
        let started = browser::monotonic_ms();
        self.notify(&slice);
        // The blocks are filled by their effects, queued by the triggers just fired; a task
        // queued after them runs once they have: the next slice's size follows their time.
        let repaint = *self;
        let done = slice.len();
        leptos::task::spawn_local(async move {
            let spent = browser::monotonic_ms() - started;
            repaint
                .size
                .set_value(pacing::next_slice(size, done, spent));
        });
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

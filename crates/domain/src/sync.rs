//! The replicated data type behind the reader's work: every record (an annotation, a correction,
//! a rename, an orphan, a title, a library entry) is a last-writer-wins register stamped by a
//! hybrid logical clock, so that any number of tabs (or browsers, through backups) converge on
//! the newest write of every record whatever order their saves arrive in.
//!
//! - [`Stamp`]: wall-clock milliseconds, a counter that orders writes within one millisecond (and
//!   keeps order when a clock goes backwards), and the random id of the tab that wrote it. Stamps
//!   are totally ordered and no two tabs make the same one.
//! - [`Clock`]: a hybrid logical clock (Kulkarni et al., 2014). `tick` stamps a local write,
//!   `observe` moves the clock past every stamp seen in a merge, so a tab's next write is newer
//!   than anything it has read — an undo after a merge always wins over what it undoes.
//! - [`Register`]: a value (or `None`: deleted, rejected, un-renamed…) with the stamp of its last
//!   write. Deletion is a write like any other (a tombstone), never a removal, so a merge cannot
//!   bring a deleted record back.
//! - [`join`]: the merge of two registers keeps the newer; equal stamps (the same write read
//!   twice) break the tie on the serialized value, so merging is commutative, associative and
//!   idempotent (a join semilattice), which the property tests below check.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::calendar::CivilDate;

/// When and by whom a record was written. Ordered by time, then counter, then tab.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    /// Milliseconds since 1970-01-01 UTC (the tab's clock, never going backwards).
    pub millis: u64,
    /// Orders writes made in the same millisecond.
    pub counter: u32,
    /// The random id of the tab that wrote it.
    pub replica: u64,
}

impl Stamp {
    /// The stamp of records migrated from a schema that had none: older than any real write.
    pub const ORIGIN: Stamp = Stamp {
        millis: 0,
        counter: 0,
        replica: 0,
    };

    /// A stamp for a write known only by its RFC 3339 time (migrated data): that time, from no tab.
    pub fn migrated(rfc3339: Option<&str>) -> Stamp {
        Stamp {
            millis: rfc3339.and_then(millis_from_rfc3339).unwrap_or(0),
            counter: 0,
            replica: 0,
        }
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{:016x}", self.millis, self.counter, self.replica)
    }
}

impl std::str::FromStr for Stamp {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.split('.');
        let (Some(millis), Some(counter), Some(replica), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!("“{text}” is not a stamp"));
        };
        let bad = |_| format!("“{text}” is not a stamp");
        Ok(Stamp {
            millis: millis.parse().map_err(bad)?,
            counter: counter.parse().map_err(bad)?,
            replica: u64::from_str_radix(replica, 16).map_err(bad)?,
        })
    }
}

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A hybrid logical clock for one tab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    last: Stamp,
}

impl Clock {
    /// A clock for the tab with this random id.
    pub fn new(replica: u64) -> Self {
        Clock {
            last: Stamp {
                replica,
                ..Stamp::ORIGIN
            },
        }
    }

    /// Stamps a local write at wall-clock time `now_millis`: newer than every stamp this clock
    /// made or observed, even if the wall clock went backwards.
    pub fn tick(&mut self, now_millis: u64) -> Stamp {
        if now_millis > self.last.millis {
            self.last.millis = now_millis;
            self.last.counter = 0;
        } else if let Some(next) = self.last.counter.checked_add(1) {
            self.last.counter = next;
        } else {
            // Four billion writes in one millisecond: borrow the next millisecond.
            self.last.millis += 1;
            self.last.counter = 0;
        }
        self.last
    }

    /// Moves the clock past a stamp read from elsewhere (another tab's save, a backup).
    pub fn observe(&mut self, seen: Stamp) {
        if (seen.millis, seen.counter) > (self.last.millis, self.last.counter) {
            self.last.millis = seen.millis;
            self.last.counter = seen.counter;
        }
    }
}

/// One record: its value (`None`: deleted, rejected, back to the engines' own…) and the stamp of
/// the write that set it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Register<T> {
    pub at: Stamp,
    #[serde(default = "none")]
    pub value: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

impl<T> Register<T> {
    pub fn new(at: Stamp, value: Option<T>) -> Self {
        Register { at, value }
    }

    /// The live value (`None` for a tombstone).
    pub fn live(&self) -> Option<&T> {
        self.value.as_ref()
    }
}

/// Whether `candidate` wins over `current` in a merge: the newer stamp; for the same stamp (one
/// write read twice, or a hand-made file), the greater serialized value, so that the choice does
/// not depend on the order of merging.
pub fn wins<T: Serialize>(candidate: &Register<T>, current: &Register<T>) -> bool {
    match candidate.at.cmp(&current.at) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            let order = |register: &Register<T>| serde_json::to_string(&register.value).ok();
            order(candidate) > order(current)
        }
    }
}

/// The merge of two registers of one record.
pub fn join<T: Serialize + Clone>(a: &Register<T>, b: &Register<T>) -> Register<T> {
    if wins(b, a) {
        b.clone()
    } else {
        a.clone()
    }
}

/// Records keyed by a stable id.
pub type Records<K, T> = BTreeMap<K, Register<T>>;

/// Merges `theirs` into `ours`, key by key; returns whether `ours` changed.
pub fn merge_records<K: Ord + Clone, T: Serialize + Clone>(
    ours: &mut Records<K, T>,
    theirs: &Records<K, T>,
) -> bool {
    let mut changed = false;
    for (key, register) in theirs {
        match ours.get_mut(key) {
            Some(current) => {
                if wins(register, current) {
                    *current = register.clone();
                    changed = true;
                }
            }
            None => {
                ours.insert(key.clone(), register.clone());
                changed = true;
            }
        }
    }
    changed
}

/// Merges an optional register (a record that exists once per article, like its title).
pub fn merge_optional<T: Serialize + Clone>(
    ours: &mut Option<Register<T>>,
    theirs: &Option<Register<T>>,
) -> bool {
    match (ours.as_ref(), theirs) {
        (_, None) => false,
        (None, Some(register)) => {
            *ours = Some(register.clone());
            true
        }
        (Some(current), Some(register)) => {
            if wins(register, current) {
                *ours = Some(register.clone());
                true
            } else {
                false
            }
        }
    }
}

/// The newest stamp among some records (`Stamp::ORIGIN` for none).
pub fn newest<'a, K: 'a, T: 'a>(
    records: impl IntoIterator<Item = (&'a K, &'a Register<T>)>,
) -> Stamp {
    records
        .into_iter()
        .map(|(_, register)| register.at)
        .max()
        .unwrap_or(Stamp::ORIGIN)
}

/// Milliseconds since 1970-01-01 of an RFC 3339 time (`2026-11-28T10:00:00Z`, with optional
/// fraction and offset); `None` for anything else.
pub fn millis_from_rfc3339(text: &str) -> Option<u64> {
    let text = text.trim();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if text.len() < 19
        || separators.iter().any(|&(at, c)| text.as_bytes()[at] != c)
        || !matches!(text.as_bytes()[10], b'T' | b't' | b' ')
    {
        return None;
    }
    let date = CivilDate::new(
        number(0..4)? as i32,
        number(5..7)? as u8,
        number(8..10)? as u8,
    )?;
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &text[19..];
    let mut fraction_millis = 0u64;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let padded: String = fraction[..digits]
            .chars()
            .chain("000".chars())
            .take(3)
            .collect();
        fraction_millis = padded.parse().ok()?;
        rest = &fraction[digits..];
    }
    let offset_minutes: i64 = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hours: i64 = rest.get(1..3)?.parse().ok()?;
            let minutes: i64 = rest.get(4..6)?.parse().ok()?;
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            sign * (hours * 60 + minutes)
        }
    };
    let seconds = date.days_since_epoch() * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second)
        - offset_minutes * 60;
    u64::try_from(seconds)
        .ok()
        .map(|s| s * 1000 + fraction_millis)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Timestamp;
    use proptest::prelude::*;

    #[test]
    fn stamps_round_trip_as_text_and_order_by_time_counter_then_tab() {
        let stamp = Stamp {
            millis: 1_764_000_000_123,
            counter: 7,
            replica: 0xdead_beef,
        };
        assert_eq!(stamp.to_string(), "1764000000123.7.00000000deadbeef");
        assert_eq!(stamp.to_string().parse::<Stamp>(), Ok(stamp));
        assert!("1.2".parse::<Stamp>().is_err());
        assert!("1.2.zz".parse::<Stamp>().is_err());
        let later = Stamp {
            counter: 8,
            replica: 0,
            ..stamp
        };
        assert!(later > stamp, "the counter orders before the tab");
    }

    #[test]
    fn the_clock_never_goes_back_and_passes_what_it_observed() {
        let mut clock = Clock::new(1);
        let a = clock.tick(1000);
        let b = clock.tick(1000);
        let c = clock.tick(900); // the wall clock went backwards
        assert!(a < b && b < c);
        assert_eq!(c.millis, 1000);
        let remote = Stamp {
            millis: 5000,
            counter: 3,
            replica: 2,
        };
        clock.observe(remote);
        let d = clock.tick(1200);
        assert!(d > remote, "{d} after observing {remote}");
        assert_eq!(d.replica, 1);
    }

    #[test]
    fn times_convert_both_ways() {
        assert_eq!(
            Timestamp::from_millis(0).as_str(),
            "1970-01-01T00:00:00.000Z"
        );
        let millis = millis_from_rfc3339("2026-11-28T10:00:00Z").unwrap();
        assert_eq!(
            Timestamp::from_millis(millis).as_str(),
            "2026-11-28T10:00:00.000Z"
        );
        assert_eq!(
            millis_from_rfc3339("2026-11-28T11:00:00.5+01:00"),
            Some(millis + 500)
        );
        assert_eq!(millis_from_rfc3339("yesterday"), None);
        assert_eq!(millis_from_rfc3339("2026-13-28T10:00:00Z"), None);
        assert_eq!(millis_from_rfc3339("2026-11-28T10:00:00+01"), None);
    }

    fn register() -> impl Strategy<Value = Register<u8>> {
        // Few stamps and values, so that ties and equal keys are common.
        (0u64..4, 0u32..2, 0u64..3, proptest::option::of(0u8..3)).prop_map(
            |(millis, counter, replica, value)| {
                Register::new(
                    Stamp {
                        millis,
                        counter,
                        replica,
                    },
                    value,
                )
            },
        )
    }

    fn records() -> impl Strategy<Value = Records<u8, u8>> {
        proptest::collection::btree_map(0u8..5, register(), 0..6)
    }

    fn merged(a: &Records<u8, u8>, b: &Records<u8, u8>) -> Records<u8, u8> {
        let mut out = a.clone();
        merge_records(&mut out, b);
        out
    }

    proptest! {
        #[test]
        fn merging_is_commutative(a in records(), b in records()) {
            prop_assert_eq!(merged(&a, &b), merged(&b, &a));
        }

        #[test]
        fn merging_is_associative(a in records(), b in records(), c in records()) {
            prop_assert_eq!(merged(&merged(&a, &b), &c), merged(&a, &merged(&b, &c)));
        }

        #[test]
        fn merging_is_idempotent(a in records(), b in records()) {
            prop_assert_eq!(merged(&a, &a), a.clone());
            let once = merged(&a, &b);
            prop_assert_eq!(merged(&once, &b), once.clone());
        }

        #[test]
        fn merging_keeps_the_newest_write_of_every_key(a in records(), b in records()) {
            let out = merged(&a, &b);
            let keys: std::collections::BTreeSet<&u8> = a.keys().chain(b.keys()).collect();
            prop_assert_eq!(out.len(), keys.len(), "no key is lost");
            for key in keys {
                let newest = a.get(key).into_iter().chain(b.get(key)).map(|r| r.at).max().unwrap();
                prop_assert_eq!(out[key].at, newest);
                // The kept write is one that was made, not a mix.
                prop_assert!(a.get(key) == Some(&out[key]) || b.get(key) == Some(&out[key]));
            }
        }

        #[test]
        fn a_clock_stamps_strictly_increase(times in proptest::collection::vec(0u64..50, 1..40),
                                            seen in proptest::collection::vec((0u64..60, 0u32..5), 0..10)) {
            let mut clock = Clock::new(9);
            let mut last = Stamp::ORIGIN;
            for (index, now) in times.into_iter().enumerate() {
                if let Some(&(millis, counter)) = seen.get(index) {
                    let remote = Stamp { millis, counter, replica: 3 };
                    clock.observe(remote);
                    let next = clock.tick(now);
                    prop_assert!(next > remote);
                    prop_assert!(next > last);
                    last = next;
                } else {
                    let next = clock.tick(now);
                    prop_assert!(next > last);
                    last = next;
                }
            }
        }
    }
}

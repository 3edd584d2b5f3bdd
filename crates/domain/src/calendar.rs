//! The civil calendar (proleptic Gregorian): a day as year, month and day, and the arithmetic on
//! days that stamps (RFC 3339 times) and resolved dates need; the calendar value a date in a
//! text stands for ([`DateValue`], written and read in ISO 8601 notation); and a moment as the
//! page writes it ([`Timestamp`], RFC 3339).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A day of the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CivilDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl CivilDate {
    /// A valid date, or `None` (30 February, month 13, …).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(CivilDate { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` since 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
        CivilDate { year, month, day }
    }

    /// Monday = 0 … Sunday = 6.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (3).
        ((self.days_since_epoch() + 3).rem_euclid(7)) as u8
    }

    pub fn add_days(self, days: i64) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch() + days)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whether a year of the proleptic Gregorian calendar has 29 February.
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The days of a month of a year (28 to 31).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The calendar value a date mention stands for. (Serialised only between the engine worker and
/// the page: serde's default form, which reads back without buffering, unlike a tagged one.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateValue {
    Day {
        date: CivilDate,
    },
    DayTime {
        date: CivilDate,
        hour: u8,
        minute: u8,
    },
    Month {
        year: i32,
        month: u8,
    },
    Year {
        year: i32,
    },
    Decade {
        start_year: i32,
    },
    /// A run of days, both ends included (a week, a weekend).
    Days {
        first: CivilDate,
        last: CivilDate,
    },
}

impl DateValue {
    /// The day this value starts on, where it has one (used as an article's own date).
    pub fn day(&self) -> Option<CivilDate> {
        match *self {
            DateValue::Day { date } | DateValue::DayTime { date, .. } => Some(date),
            DateValue::Days { first, .. } => Some(first),
            _ => None,
        }
    }
}

impl fmt::Display for DateValue {
    /// ISO 8601 notation: `2017-12-05`, `2017-12-06T19:39`, `2018-07`, `2019`, `199X`,
    /// `2017-11-27/2017-12-03`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateValue::Day { date } => write!(f, "{date}"),
            DateValue::DayTime { date, hour, minute } => write!(f, "{date}T{hour:02}:{minute:02}"),
            DateValue::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            DateValue::Year { year } => write!(f, "{year:04}"),
            DateValue::Decade { start_year } => write!(f, "{:03}X", start_year / 10),
            DateValue::Days { first, last } => write!(f, "{first}/{last}"),
        }
    }
}

impl std::str::FromStr for DateValue {
    type Err = ();

    /// Reads what [`DateValue`]'s `Display` writes (ISO 8601: `2017-12-05`,
    /// `2017-12-06T19:39`, `2018-07`, `2019`, `199X`, `2017-11-27/2017-12-03`).
    fn from_str(text: &str) -> Result<Self, ()> {
        fn number<T: std::str::FromStr>(digits: &str, length: usize) -> Result<T, ()> {
            if digits.len() == length && digits.bytes().all(|b| b.is_ascii_digit()) {
                digits.parse().map_err(|_| ())
            } else {
                Err(())
            }
        }
        fn day(text: &str) -> Result<CivilDate, ()> {
            let mut parts = text.split('-');
            let (Some(year), Some(month), Some(day), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(());
            };
            CivilDate::new(number(year, 4)?, number(month, 2)?, number(day, 2)?).ok_or(())
        }
        if let Some((first, last)) = text.split_once('/') {
            return Ok(DateValue::Days {
                first: day(first)?,
                last: day(last)?,
            });
        }
        if let Some((date, time)) = text.split_once('T') {
            let (hour, minute) = time.split_once(':').ok_or(())?;
            let (hour, minute): (u8, u8) = (number(hour, 2)?, number(minute, 2)?);
            if hour > 23 || minute > 59 {
                return Err(());
            }
            return Ok(DateValue::DayTime {
                date: day(date)?,
                hour,
                minute,
            });
        }
        if let Some(decade) = text.strip_suffix('X') {
            let decade: i32 = number(decade, 3)?;
            return Ok(DateValue::Decade {
                start_year: decade * 10,
            });
        }
        match text.len() {
            10 => Ok(DateValue::Day { date: day(text)? }),
            7 => {
                let (year, month) = text.split_once('-').ok_or(())?;
                let month: u8 = number(month, 2)?;
                if !(1..=12).contains(&month) {
                    return Err(());
                }
                Ok(DateValue::Month {
                    year: number(year, 4)?,
                    month,
                })
            }
            4 => Ok(DateValue::Year {
                year: number(text, 4)?,
            }),
            _ => Err(()),
        }
    }
}

/// A moment as the page writes it: RFC 3339, UTC, to the millisecond
/// (`2026-12-01T09:10:00.000Z`). Read as it was written, whatever wrote it (an import from
/// another tool may have written it otherwise), and written back the same.
/// (The default, empty, is a moment never written: a stored field older than the page's writing it.)
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(String);

impl Timestamp {
    /// The moment `millis` milliseconds after 1970-01-01 UTC.
    pub fn from_millis(millis: u64) -> Self {
        let days = (millis / 86_400_000) as i64;
        let in_day = millis % 86_400_000;
        let date = CivilDate::from_days_since_epoch(days);
        Timestamp(format!(
            "{date}T{:02}:{:02}:{:02}.{:03}Z",
            in_day / 3_600_000,
            in_day / 60_000 % 60,
            in_day / 1000 % 60,
            in_day % 1000
        ))
    }

    /// A moment read from elsewhere (an import), as it was written.
    pub fn from_written(text: String) -> Self {
        Timestamp(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Timestamp {
    fn from(text: &str) -> Self {
        Timestamp(text.to_owned())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_date_value_reads_back_from_what_it_writes() {
        let day = CivilDate::new(2017, 12, 5).unwrap();
        let values = [
            DateValue::Day { date: day },
            DateValue::DayTime {
                date: day,
                hour: 19,
                minute: 39,
            },
            DateValue::Month {
                year: 2018,
                month: 7,
            },
            DateValue::Year { year: 2019 },
            DateValue::Decade { start_year: 1990 },
            DateValue::Days {
                first: CivilDate::new(2017, 11, 27).unwrap(),
                last: CivilDate::new(2017, 12, 3).unwrap(),
            },
        ];
        for value in values {
            let written = value.to_string();
            assert_eq!(written.parse::<DateValue>(), Ok(value), "{written}");
        }
        for wrong in [
            "",
            "2017-13",
            "2017-02-30",
            "17-12-05",
            "2017-12-05T25:00",
            "soon",
            "19X",
        ] {
            assert!(wrong.parse::<DateValue>().is_err(), "{wrong}");
        }
    }

    #[test]
    fn a_timestamp_is_written_to_the_millisecond() {
        assert_eq!(
            Timestamp::from_millis(1_764_580_200_123).as_str(),
            "2025-12-01T09:10:00.123Z"
        );
    }
}

//! Dates and times in news text (`Dec. 5, 2017`, `06 Dec 2017, 19:39`, `Tuesday`, `July 2018`,
//! `2019`, `Monday January 13, 2025`, `last week`), and their resolution to calendar values
//! against the article's own date (`Tuesday` in an article of Wednesday 6 Dec 2017 is 2017-12-05).
//!
//! A small grammar over tokens; the civil calendar's arithmetic is the domain's
//! ([`domain::calendar`]).

use std::ops::Range;

pub use domain::calendar::{CivilDate, DateValue};

use super::tokens::{tokenize, Token};
use super::words;

/// A date found in text: its bytes, and its calendar value where it could be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    pub bytes: Range<usize>,
    pub value: Option<DateValue>,
}

/// The month (1–12) a capitalised word names: `December`, `Dec`, `Dec.`, `Sept.`.
pub fn month_number(word: &str) -> Option<u8> {
    if !word.starts_with(char::is_uppercase) {
        return None;
    }
    let lower = word.trim_end_matches('.').to_lowercase();
    let abbreviation = if lower == "sept" {
        "sep"
    } else {
        lower.as_str()
    };
    words::MONTHS
        .words()
        .iter()
        .position(|month| {
            *month == lower || (abbreviation.len() == 3 && month.starts_with(abbreviation))
        })
        .map(|index| index as u8 + 1)
}

/// The weekday (Monday = 0) a capitalised word names: `Tuesday`, `Tue.`.
pub fn weekday_number(word: &str) -> Option<u8> {
    if !word.starts_with(char::is_uppercase) {
        return None;
    }
    let lower = word.trim_end_matches('.').to_lowercase();
    words::WEEKDAYS
        .words()
        .iter()
        .position(|day| {
            *day == lower || (word.ends_with('.') && lower.len() >= 3 && day.starts_with(&lower))
        })
        .map(|index| index as u8)
}

fn number(token: &Token<'_>) -> Option<u32> {
    let text = token.text;
    (text.len() <= 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn day_number(token: &Token<'_>) -> Option<u8> {
    let text = token
        .text
        .trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &token.text[text.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || text.is_empty() || text.len() > 2 {
        return None;
    }
    text.parse::<u8>().ok().filter(|day| (1..=31).contains(day))
}

fn year_number(token: &Token<'_>) -> Option<i32> {
    (token.text.len() == 4)
        .then(|| number(token))
        .flatten()
        .map(|y| y as i32)
        .filter(|y| (1000..=2199).contains(y))
}

fn time_of_day(token: &Token<'_>) -> Option<(u8, u8)> {
    let (hour, minute) = token.text.split_once(':')?;
    let hour: u8 = hour.parse().ok()?;
    let minute: u8 = minute.parse().ok()?;
    (hour < 24 && minute < 60 && token.text.len() <= 5).then_some((hour, minute))
}

/// Words before a bare year or month that make it a date ("in 2019", "since March").
const DATE_PREPOSITIONS: &[&str] = &[
    "in", "for", "since", "by", "until", "till", "of", "from", "to", "before", "after", "during",
    "early", "late", "mid", "through", "last", "next", "this", "around", "between", "and", "year",
];

/// Finds the dates in `text`, resolving relative ones against `article_date` when given.
pub fn find_dates(text: &str, article_date: Option<CivilDate>) -> Vec<DateMention> {
    let tokens = tokenize(text);
    find_dates_in_tokens(&tokens, article_date)
}

/// [`find_dates`] over tokens already made.
pub fn find_dates_in_tokens(
    tokens: &[Token<'_>],
    article_date: Option<CivilDate>,
) -> Vec<DateMention> {
    let mut mentions = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match match_date_at(tokens, i, article_date) {
            Some((end, value)) => {
                mentions.push(DateMention {
                    bytes: tokens[i].bytes.start..tokens[end - 1].bytes.end,
                    value,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    mentions
}

/// Matches a date starting at token `i`; returns the index after it and its value.
fn match_date_at(
    tokens: &[Token<'_>],
    i: usize,
    article_date: Option<CivilDate>,
) -> Option<(usize, Option<DateValue>)> {
    let at = |k: usize| tokens.get(k);
    let text_at = |k: usize| at(k).map_or("", |t| t.text);
    let previous = i.checked_sub(1).map(|k| tokens[k].text.to_lowercase());

    // Weekday, optionally followed by a full date: "Monday January 13, 2025", "Tuesday".
    if let Some(weekday) = weekday_number(tokens[i].text) {
        let after_comma = if text_at(i + 1) == "," { i + 2 } else { i + 1 };
        if let Some((end, value)) = match_calendar_date(tokens, after_comma, article_date) {
            return Some((end, value));
        }
        let value = article_date.map(|anchor| DateValue::Day {
            date: nearest_weekday(anchor, weekday, tokens, i),
        });
        return Some((i + 1, value));
    }
    if let Some(found) = match_calendar_date(tokens, i, article_date) {
        return Some(found);
    }
    // ISO dates: 2017-12-05.
    if let Some(date) = parse_iso_date(tokens[i].text) {
        return Some((i + 1, Some(DateValue::Day { date })));
    }
    let after_preposition = previous
        .as_deref()
        .is_some_and(|word| DATE_PREPOSITIONS.contains(&word));
    // A bare year after a preposition: "planned for 2019"; a season: "2015-16".
    if let Some(year) = year_number(&tokens[i]) {
        if after_preposition
            || at(i + 1).is_some_and(|t| t.text == "-" || t.text == "–")
                && at(i + 2).and_then(year_number).is_some()
        {
            return Some((i + 1, Some(DateValue::Year { year })));
        }
    }
    if let Some(start_year) = decade(&tokens[i]) {
        return Some((i + 1, Some(DateValue::Decade { start_year })));
    }
    // A month alone after a preposition: "in March".
    if let Some(month) = month_number(tokens[i].text) {
        if after_preposition && tokens[i].text.len() > 3 && !tokens[i].text.ends_with('.') {
            let value = article_date.map(|anchor| DateValue::Month {
                year: anchor.year,
                month,
            });
            return Some((i + 1, value));
        }
    }
    match_relative(tokens, i, article_date)
}

/// Month-day-year and day-month-year dates, with an optional time after them.
fn match_calendar_date(
    tokens: &[Token<'_>],
    i: usize,
    article_date: Option<CivilDate>,
) -> Option<(usize, Option<DateValue>)> {
    let at = |k: usize| tokens.get(k);
    let (month, day, mut end) = if let Some(month) = at(i).and_then(|t| month_number(t.text)) {
        match at(i + 1).and_then(day_number) {
            Some(day) => (month, Some(day), i + 2),
            None => (month, None, i + 1),
        }
    } else if let (Some(day), Some(month)) = (
        at(i).and_then(day_number),
        at(i + 1).and_then(|t| month_number(t.text)),
    ) {
        (month, Some(day), i + 2)
    } else {
        return None;
    };
    // The year: "Dec. 5, 2017", "5 December 2017", "July 2018".
    let comma = usize::from(at(end).is_some_and(|t| t.text == ","));
    let year = at(end + comma).and_then(year_number);
    if year.is_some() {
        end += comma + 1;
    }
    let Some(day) = day else {
        // "July 2018" needs its year; a month alone is handled by the caller.
        let year = year?;
        return Some((end, Some(DateValue::Month { year, month })));
    };
    // "Dec. 5" needs either its year or a month word that cannot be anything else.
    if year.is_none() && at(i).is_some_and(|t| t.text == "May" || t.text == "March") && day > 31 {
        return None;
    }
    let year = year.or(article_date.map(|anchor| anchor.year));
    let date = year.and_then(|year| CivilDate::new(year, month, day));
    // A time after the date: "06 Dec 2017, 19:39".
    let comma = usize::from(at(end).is_some_and(|t| t.text == ","));
    if let Some((hour, minute)) = at(end + comma).and_then(time_of_day) {
        end += comma + 1;
        return Some((
            end,
            date.map(|date| DateValue::DayTime { date, hour, minute }),
        ));
    }
    Some((end, date.map(|date| DateValue::Day { date })))
}

/// Relative dates: "yesterday", "tomorrow", "last week", "next month", "this year", "3 days ago".
fn match_relative(
    tokens: &[Token<'_>],
    i: usize,
    article_date: Option<CivilDate>,
) -> Option<(usize, Option<DateValue>)> {
    let word = |k: usize| {
        tokens
            .get(k)
            .map(|t| t.text.to_lowercase())
            .unwrap_or_default()
    };
    let first = word(i);
    match first.as_str() {
        "yesterday" => {
            return Some((
                i + 1,
                article_date.map(|d| DateValue::Day {
                    date: d.add_days(-1),
                }),
            ))
        }
        "tomorrow" => {
            return Some((
                i + 1,
                article_date.map(|d| DateValue::Day {
                    date: d.add_days(1),
                }),
            ))
        }
        "last" | "next" | "this" | "past" => {
            let unit = word(i + 1);
            if !matches!(unit.as_str(), "week" | "month" | "year" | "weekend") {
                return None;
            }
            let step: i64 = match first.as_str() {
                "last" | "past" => -1,
                "next" => 1,
                _ => 0,
            };
            return Some((i + 2, article_date.map(|anchor| shift(anchor, &unit, step))));
        }
        _ => {}
    }
    // "three days ago", "2 weeks ago".
    let count = spelled_number(&first).or_else(|| first.parse::<i64>().ok())?;
    let unit = word(i + 1);
    if word(i + 2) != "ago" {
        return None;
    }
    let days = match unit.trim_end_matches('s') {
        "day" => count,
        "week" => 7 * count,
        _ => return None,
    };
    Some((
        i + 3,
        article_date.map(|anchor| DateValue::Day {
            date: anchor.add_days(-days),
        }),
    ))
}

fn spelled_number(word: &str) -> Option<i64> {
    [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ]
    .iter()
    .position(|w| *w == word)
    .map(|index| index as i64 + 1)
}

fn shift(anchor: CivilDate, unit: &str, step: i64) -> DateValue {
    match unit {
        "week" => {
            let monday = anchor.add_days(-i64::from(anchor.weekday()) + 7 * step);
            DateValue::Days {
                first: monday,
                last: monday.add_days(6),
            }
        }
        "weekend" => {
            let saturday = anchor.add_days(5 - i64::from(anchor.weekday()) + 7 * step.min(0));
            DateValue::Days {
                first: saturday,
                last: saturday.add_days(1),
            }
        }
        "month" => {
            let months = i64::from(anchor.year) * 12 + i64::from(anchor.month) - 1 + step;
            DateValue::Month {
                year: months.div_euclid(12) as i32,
                month: (months.rem_euclid(12) + 1) as u8,
            }
        }
        _ => DateValue::Year {
            year: anchor.year + step as i32,
        },
    }
}

/// The day a weekday names, seen from the article's date: the most recent such day (the same
/// day counts), or the next one when the sentence speaks of the future ("will", "next").
fn nearest_weekday(anchor: CivilDate, weekday: u8, tokens: &[Token<'_>], i: usize) -> CivilDate {
    let back = (i64::from(anchor.weekday()) - i64::from(weekday)).rem_euclid(7);
    let future = tokens[i.saturating_sub(6)..i].iter().any(|t| {
        matches!(
            t.text,
            "will" | "next" | "Next" | "'ll" | "until" | "scheduled"
        )
    });
    if future && back != 0 {
        anchor.add_days(7 - back)
    } else {
        anchor.add_days(-back)
    }
}

fn parse_iso_date(text: &str) -> Option<CivilDate> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    CivilDate::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// "1990s" → 1990.
fn decade(token: &Token<'_>) -> Option<i32> {
    let digits = token.text.strip_suffix('s')?;
    let year: i32 = digits.parse().ok()?;
    (digits.len() == 4 && year % 10 == 0 && (1000..=2190).contains(&year)).then_some(year)
}

/// Whether the whole text (a line) is one date, apart from surrounding punctuation.
pub fn is_date_only(text: &str) -> bool {
    let tokens = tokenize(text);
    let words: Vec<&Token<'_>> = tokens.iter().filter(|t| t.is_word()).collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    find_dates_in_tokens(&tokens, None).iter().any(|mention| {
        mention.bytes.start <= first.bytes.start && mention.bytes.end >= last.bytes.end
    })
}

/// Whether the text holds a calendar date (a day, or a month with its year).
pub fn contains_date(text: &str) -> bool {
    find_dates(text, None).iter().any(|mention| {
        let tokens = tokenize(&text[mention.bytes.clone()]);
        tokens
            .iter()
            .any(|t| month_number(t.text).is_some() || parse_iso_date(t.text).is_some())
    })
}

/// The calendar value of a text that is one date ("06 Dec 2017, 19:39"), if it is one.
pub fn parse_date(text: &str) -> Option<DateValue> {
    let mention = find_dates(text, None).into_iter().next()?;
    mention.value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u8, day: u8) -> CivilDate {
        CivilDate::new(year, month, day).unwrap()
    }

    /// Checks the mentions found in `text` (as text) and their values (as ISO strings).
    fn check(text: &str, anchor: Option<CivilDate>, expected: &[(&str, &str)]) {
        let found: Vec<(String, String)> = find_dates(text, anchor)
            .into_iter()
            .map(|m| {
                (
                    text[m.bytes].to_string(),
                    m.value.map(|v| v.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(found, expected, "dates in {text:?}");
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(date(1970, 1, 1).days_since_epoch(), 0);
        assert_eq!(date(2017, 12, 6).weekday(), 2, "6 Dec 2017 was a Wednesday");
        assert_eq!(date(2025, 1, 13).weekday(), 0, "13 Jan 2025 was a Monday");
        assert_eq!(date(2000, 2, 29).add_days(1), date(2000, 3, 1));
        assert_eq!(date(1999, 12, 31).add_days(1), date(2000, 1, 1));
        assert_eq!(CivilDate::from_days_since_epoch(-1), date(1969, 12, 31));
        assert!(CivilDate::new(2019, 2, 29).is_none());
    }

    #[test]
    fn the_sample_dates() {
        let anchor = Some(date(2017, 12, 6));
        check(
            "Monday January 13, 2025",
            None,
            &[("Monday January 13, 2025", "2025-01-13")],
        );
        check(
            "Published : 06 Dec 2017, 19:39",
            None,
            &[("06 Dec 2017, 19:39", "2017-12-06T19:39")],
        );
        check(
            "in Brussels, Belgium, on Dec. 5, 2017. Photo",
            None,
            &[("Dec. 5, 2017", "2017-12-05")],
        );
        check(
            "during the meeting on Tuesday.",
            anchor,
            &[("Tuesday", "2017-12-05")],
        );
        check(
            "was announced on Wednesday, with",
            anchor,
            &[("Wednesday", "2017-12-06")],
        );
        check(
            "a joint military exercise planned for 2019.",
            anchor,
            &[("2019", "2019")],
        );
        check(
            "for the July 2018 NATO summit",
            anchor,
            &[("July 2018", "2018-07")],
        );
    }

    #[test]
    fn relative_dates_resolve_against_the_article_date() {
        let anchor = Some(date(2017, 12, 6));
        check(
            "He arrived yesterday and leaves tomorrow.",
            anchor,
            &[("yesterday", "2017-12-05"), ("tomorrow", "2017-12-07")],
        );
        check(
            "Talks collapsed last week.",
            anchor,
            &[("last week", "2017-11-27/2017-12-03")],
        );
        check(
            "The vote is next month.",
            anchor,
            &[("next month", "2018-01")],
        );
        check(
            "It happened three days ago.",
            anchor,
            &[("three days ago", "2017-12-03")],
        );
        check(
            "They will meet on Friday.",
            anchor,
            &[("Friday", "2017-12-08")],
        );
        check("Talks collapsed last week.", None, &[("last week", "")]);
    }

    #[test]
    fn other_shapes_and_non_dates() {
        check(
            "On 5 December the team met.",
            Some(date(2017, 12, 6)),
            &[("5 December", "2017-12-05")],
        );
        check(
            "filed 2017-12-05 at noon",
            None,
            &[("2017-12-05", "2017-12-05")],
        );
        check("in the 1990s", None, &[("1990s", "199X")]);
        check("He sent 2000 troops.", None, &[]);
        check("You may go. She will march.", None, &[]);
        check("Feb. 30, 2017", None, &[("Feb. 30, 2017", "")]);
    }

    #[test]
    fn whole_line_dates() {
        assert!(is_date_only("Monday January 13, 2025"));
        assert!(is_date_only("  Dec. 5, 2017 "));
        assert!(!is_date_only(
            "NATO FMs agree to step up cooperation with EU"
        ));
        assert!(!is_date_only("Tuesday was a busy day"));
        assert!(contains_date("Published : 06 Dec 2017, 19:39"));
        assert!(!contains_date("Published : a long time ago"));
        assert_eq!(
            parse_date("06 Dec 2017, 19:39").and_then(|v| v.day()),
            Some(date(2017, 12, 6))
        );
    }
}

//! Post dates, read leniently from the shapes real blogs use.
//!
//! A post keeps its own calendar day: `2013-05-06 02:12:52 +0200` is the 6th
//! of May whatever the reader's time zone, so no value is ever shifted to
//! UTC or to local time. The offset is kept only to print it back.

use std::fmt;

use jiff::civil::{Date, Time};
use jiff::tz::Offset;

/// When a post was published, as the post itself states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PostDate {
    /// The post's calendar day.
    pub date: Date,
    /// The time of day, when the post gives one.
    pub time: Option<Time>,
    /// The UTC offset written with the time, when there is one.
    pub offset: Option<Offset>,
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

impl PostDate {
    /// A date without a time.
    pub fn day(date: Date) -> PostDate {
        PostDate { date, time: None, offset: None }
    }

    /// Reads a date from a front matter value: `YYYY-MM-DD`, RFC 3339,
    /// Jekyll's `YYYY-MM-DD HH:MM:SS ±ZZZZ`, `YYYY/MM/DD`, `October 12, 2023`
    /// or `12 Oct 2023`. Whatever follows a valid date and cannot be read
    /// as a time or an offset is ignored.
    pub fn parse(text: &str) -> Option<PostDate> {
        let text = text.trim().trim_matches(|c| c == '"' || c == '\'');
        if let Some((date, rest)) = numeric_date(text) {
            let (time, offset) = time_and_offset(rest);
            return Some(PostDate { date, time, offset });
        }
        worded_date(text).map(PostDate::day)
    }

    /// Reads the `YYYY-MM-DD-` prefix of a Jekyll-style file name.
    pub fn from_file_name(name: &str) -> Option<PostDate> {
        let (date, rest) = numeric_date(name)?;
        let strict = name.as_bytes().get(4) == Some(&b'-') && name.len() - rest.len() == 10;
        (strict && rest.starts_with(['-', '_', '.'])).then(|| PostDate::day(date))
    }

    /// Finds `YYYY/MM/DD` or `YYYY-MM-DD` at the start of a path or right
    /// after one of its slashes (Zola's `path = "2025/06/26/slug"`).
    pub fn from_url_path(path: &str) -> Option<PostDate> {
        let starts = std::iter::once(0).chain(path.match_indices('/').map(|(i, _)| i + 1));
        for start in starts {
            let rest = &path[start..];
            if let Some((date, after)) = numeric_date(rest)
                && (after.is_empty() || after.starts_with(['/', '-', '_', '.']))
            {
                return Some(PostDate::day(date));
            }
        }
        None
    }

    /// The form used in JSON: `YYYY-MM-DD`, or RFC 3339 with the post's own
    /// offset when the post gives a time and an offset.
    pub fn to_rfc3339_or_day(&self) -> String {
        match (self.time, self.offset) {
            (Some(time), Some(offset)) => {
                let secs = offset.seconds();
                let sign = if secs < 0 { '-' } else { '+' };
                let secs = secs.unsigned_abs();
                format!(
                    "{}T{:02}:{:02}:{:02}{}{:02}:{:02}",
                    self.date,
                    time.hour(),
                    time.minute(),
                    time.second(),
                    sign,
                    secs / 3600,
                    secs / 60 % 60
                )
            }
            _ => self.date.to_string(),
        }
    }
}

impl fmt::Display for PostDate {
    /// The calendar day, `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)
    }
}

/// Reads up to `max` ASCII digits; returns the value and the rest.
fn digits(text: &str, min: usize, max: usize) -> Option<(i32, &str)> {
    let len = text.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if len < min || text.as_bytes().get(len).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some((text[..len].parse().ok()?, &text[len..]))
}

/// Exactly two ASCII digits, whatever follows (offsets run together: `+0200`).
fn two_digits(text: &str) -> Option<(i32, &str)> {
    let head = text.get(..2).filter(|h| h.bytes().all(|b| b.is_ascii_digit()))?;
    Some((head.parse().ok()?, &text[2..]))
}

/// `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYY.MM.DD` (one-digit month and day too).
fn numeric_date(text: &str) -> Option<(Date, &str)> {
    let (year, rest) = digits(text, 4, 4)?;
    let sep = rest.chars().next().filter(|c| matches!(c, '-' | '/' | '.'))?;
    let (month, rest) = digits(&rest[1..], 1, 2)?;
    let rest = rest.strip_prefix(sep)?;
    let (day, rest) = digits(rest, 1, 2)?;
    let date = Date::new(year as i16, month as i8, day as i8).ok()?;
    Some((date, rest))
}

/// An optional `[T ]HH:MM[:SS[.fff]]` then an optional offset. Anything
/// unreadable leaves the date alone.
fn time_and_offset(rest: &str) -> (Option<Time>, Option<Offset>) {
    let Some(rest) = rest.strip_prefix(['T', 't', ' ', '_']) else {
        return (None, None);
    };
    let rest = rest.trim_start();
    let Some((hour, rest)) = digits(rest, 1, 2) else {
        return (None, None);
    };
    let Some((minute, mut rest)) = rest.strip_prefix(':').and_then(|r| digits(r, 2, 2)) else {
        return (None, None);
    };
    let mut second = 0;
    if let Some((s, r)) = rest.strip_prefix(':').and_then(|r| digits(r, 2, 2)) {
        second = s.min(59);
        rest = r;
        if let Some(r) = rest.strip_prefix(['.', ',']) {
            rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    let Ok(time) = Time::new(hour as i8, minute as i8, second as i8, 0) else {
        return (None, None);
    };
    (Some(time), offset(rest.trim_start()))
}

/// `Z`, `UTC`, `GMT`, `±HH`, `±HHMM` or `±HH:MM`.
fn offset(text: &str) -> Option<Offset> {
    let upper = text.get(..3).map(str::to_ascii_uppercase);
    if text.starts_with(['Z', 'z']) || matches!(upper.as_deref(), Some("UTC" | "GMT")) {
        return Some(Offset::UTC);
    }
    let sign = match text.chars().next()? {
        '+' => 1,
        '-' | '\u{2212}' => -1,
        _ => return None,
    };
    let rest = &text[text.chars().next()?.len_utf8()..];
    let (hours, rest) = two_digits(rest)?;
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    let minutes = two_digits(rest).map_or(0, |(m, _)| m);
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// `October 12, 2023`, `Oct 12 2023` or `12 October 2023`.
fn worded_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    let month_of = |w: &str| {
        let w = w.to_ascii_lowercase();
        MONTHS.iter().position(|m| w.len() >= 3 && w.starts_with(m)).map(|i| i as i8 + 1)
    };
    let number = |w: &str| {
        w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.').parse::<i32>().ok()
    };
    let (month, day, year) = match words.as_slice() {
        [m, d, y, ..] if month_of(m).is_some() => (month_of(m)?, number(d)?, number(y)?),
        [d, m, y, ..] if month_of(m).is_some() => (month_of(m)?, number(d)?, number(y)?),
        _ => return None,
    };
    if !(1000..=9999).contains(&year) {
        return None;
    }
    Date::new(year as i16, month, day as i8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Option<String> {
        PostDate::parse(text).map(|d| d.to_rfc3339_or_day())
    }

    #[test]
    fn plain_days() {
        assert_eq!(json("2023-10-12").as_deref(), Some("2023-10-12"));
        assert_eq!(json("  \"2023-10-12\" ").as_deref(), Some("2023-10-12"));
        assert_eq!(json("2023/1/5").as_deref(), Some("2023-01-05"));
        assert_eq!(json("2023.01.05").as_deref(), Some("2023-01-05"));
    }

    #[test]
    fn rfc3339_keeps_its_offset_and_day() {
        assert_eq!(json("2023-10-12T23:30:00-07:00").as_deref(), Some("2023-10-12T23:30:00-07:00"));
        assert_eq!(json("2023-10-12T01:02:03.456Z").as_deref(), Some("2023-10-12T01:02:03+00:00"));
    }

    #[test]
    fn jekyll_dates() {
        assert_eq!(json("2013-05-06 02:12:52 +0200").as_deref(), Some("2013-05-06T02:12:52+02:00"));
        assert_eq!(json("2014-06-04 15:46:53 -0400").as_deref(), Some("2014-06-04T15:46:53-04:00"));
        assert_eq!(json("2016-03-10 10:00 +0530").as_deref(), Some("2016-03-10T10:00:00+05:30"));
    }

    #[test]
    fn time_without_offset_gives_the_day() {
        let d = PostDate::parse("2020-02-02 10:20:30").unwrap();
        assert_eq!(d.time, Some(Time::new(10, 20, 30, 0).unwrap()));
        assert_eq!(d.to_rfc3339_or_day(), "2020-02-02");
    }

    #[test]
    fn trailing_oddities_are_ignored() {
        assert_eq!(
            json("2013-05-06 02:12:52 +0200 CEST").as_deref(),
            Some("2013-05-06T02:12:52+02:00")
        );
        assert_eq!(json("2021-01-01 (draft)").as_deref(), Some("2021-01-01"));
        assert_eq!(json("2021-01-01 99:99").as_deref(), Some("2021-01-01"));
        assert_eq!(json("2021-03-04T").as_deref(), Some("2021-03-04"));
    }

    #[test]
    fn worded_dates() {
        assert_eq!(json("October 12, 2023").as_deref(), Some("2023-10-12"));
        assert_eq!(json("12 Oct 2023").as_deref(), Some("2023-10-12"));
        assert_eq!(json("Sep 1st 2019").as_deref(), Some("2019-09-01"));
    }

    #[test]
    fn nonsense_is_no_date() {
        for text in ["", "soon", "2023", "2023-13-01", "2023-02-30", "20231012", "12345-01-01"] {
            assert_eq!(json(text), None, "{text}");
        }
    }

    #[test]
    fn file_name_prefix() {
        let day = |n| PostDate::from_file_name(n).map(|d| d.to_string());
        assert_eq!(day("2013-05-06-jekyll-1-0-0-released.markdown").as_deref(), Some("2013-05-06"));
        assert_eq!(day("2013-05-06.md").as_deref(), Some("2013-05-06"));
        assert_eq!(day("2013-5-6-x.md"), None);
        assert_eq!(day("notes.md"), None);
    }

    #[test]
    fn url_paths() {
        let day = |p| PostDate::from_url_path(p).map(|d| d.to_string());
        assert_eq!(day("2025/06/26/Rust-1.88.0").as_deref(), Some("2025-06-26"));
        assert_eq!(day("/blog/2019/11/07/async").as_deref(), Some("2019-11-07"));
        assert_eq!(day("releases/1.88.0"), None);
    }

    #[test]
    fn ordering_follows_the_calendar() {
        let a = PostDate::parse("2020-01-01").unwrap();
        let b = PostDate::parse("2020-01-01 08:00").unwrap();
        let c = PostDate::parse("2020-01-02").unwrap();
        assert!(a < b && b < c);
    }
}

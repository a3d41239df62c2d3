//! Logical time for the sans-IO crates: neither the model nor the host driver reads a clock;
//! every input carries the time it happens at. And calendar time as FTP servers print it.

use core::fmt;
use core::ops::{Add, AddAssign};
use core::time::Duration;

/// A point in time, in milliseconds since an origin the driver chooses (usually the start of
/// the run).
///
/// The model and the host driver only compare instants and add durations to them, so they run
/// at virtual time (tests, the harness) and at wall time (a UART, a pseudo-terminal) alike.
///
/// ```
/// use core::time::Duration;
/// use simcom_at::Instant;
/// let t = Instant::ZERO + Duration::from_secs(20);
/// assert_eq!(t.as_millis(), 20_000);
/// assert_eq!(t.saturating_duration_since(Instant::ZERO), Duration::from_secs(20));
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant(u64);

impl Instant {
    /// The origin.
    pub const ZERO: Self = Self(0);

    /// The instant `ms` milliseconds after the origin.
    pub const fn from_millis(ms: u64) -> Self {
        Self(ms)
    }

    /// Milliseconds since the origin.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// The time from `earlier` to `self`, or zero if `earlier` is later.
    pub fn saturating_duration_since(self, earlier: Self) -> Duration {
        Duration::from_millis(self.0.saturating_sub(earlier.0))
    }
}

impl Add<Duration> for Instant {
    type Output = Self;
    /// Saturates at the end of time rather than overflowing.
    fn add(self, d: Duration) -> Self {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        Self(self.0.saturating_add(ms))
    }
}

impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, d: Duration) {
        *self = *self + d;
    }
}

impl core::fmt::Display for Instant {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}.{:03}s", self.0 / 1000, self.0 % 1000)
    }
}

/// A calendar date and time of day (UTC, no leap seconds): file modification times.
///
/// [`Display`](fmt::Display) prints the `MDTM` form `YYYYMMDDhhmmss` (RFC 3659, and the
/// `<timestamp>` of `+FTPMDTM: 1,0,<timestamp>`, app note 5.1.18); [`Timestamp::parse`] reads
/// it back. Adding a [`Duration`] carries across days, months and years (Gregorian calendar).
/// The fields of [`Timestamp::new`] are not validated.
///
/// ```
/// use core::time::Duration;
/// use simcom_at::Timestamp;
/// let t = Timestamp::new(2026, 12, 31, 23, 59, 30);
/// assert_eq!(t.to_string(), "20261231235930");
/// let later = t + Duration::from_secs(45);
/// assert_eq!(later.to_string(), "20270101000015");
/// assert_eq!(Timestamp::parse("20270101000015"), Some(later));
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Year, e.g. 2026.
    pub year: u16,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of the month, 1..=31.
    pub day: u8,
    /// Hour, 0..=23.
    pub hour: u8,
    /// Minute, 0..=59.
    pub minute: u8,
    /// Second, 0..=59.
    pub second: u8,
}

impl Timestamp {
    /// A timestamp from its fields (not validated).
    #[must_use]
    pub const fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Self {
        Self {
            year,
            month,
            day,
            hour,
            minute,
            second,
        }
    }

    /// Reads the `MDTM` form `YYYYMMDDhhmmss`: `None` unless it is 14 digits of a plausible
    /// time (month 1–12, day 1–31, hour 0–23, minute 0–59, second 0–60).
    ///
    /// ```
    /// use simcom_at::Timestamp;
    /// assert_eq!(Timestamp::parse("20140409060951"), Some(Timestamp::new(2014, 4, 9, 6, 9, 51)));
    /// assert_eq!(Timestamp::parse("2014040906095"), None);
    /// assert_eq!(Timestamp::parse("20141309060951"), None);
    /// ```
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 14 || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n = |i: usize, len: usize| {
            b[i..i + len]
                .iter()
                .fold(0u16, |n, d| n * 10 + u16::from(d - b'0'))
        };
        // Two digits are at most 99: the casts cannot truncate.
        let two = |i| n(i, 2) as u8;
        let t = Self::new(n(0, 4), two(4), two(6), two(8), two(10), two(12));
        let ok = (1..=12).contains(&t.month)
            && (1..=31).contains(&t.day)
            && t.hour < 24
            && t.minute < 60
            && t.second <= 60;
        ok.then_some(t)
    }

    /// The timestamp `secs` seconds later (at most about 35 million years later).
    fn plus_secs(self, secs: u64) -> Self {
        const LIMIT: u64 = 1 << 50;
        // LIMIT fits in i64.
        Self::from_unix(self.to_unix() + secs.min(LIMIT) as i64)
    }

    /// Seconds since 1970-01-01 00:00:00 UTC (negative before).
    ///
    /// ```
    /// use simcom_at::Timestamp;
    /// assert_eq!(Timestamp::new(2026, 1, 1, 0, 0, 0).unix_seconds(), 1_767_225_600);
    /// ```
    #[must_use]
    pub fn unix_seconds(self) -> i64 {
        self.to_unix()
    }

    /// Seconds since 1970-01-01 00:00:00 (negative before).
    fn to_unix(self) -> i64 {
        let days = days_from_civil(
            i64::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        );
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// The timestamp `secs` seconds after 1970-01-01 00:00:00 (years clamped to `0..=65535`).
    fn from_unix(secs: i64) -> Self {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let year = u16::try_from(y.clamp(0, i64::from(u16::MAX))).unwrap_or(u16::MAX);
        // rem < 86400, m in 1..=12, d in 1..=31: the casts cannot truncate.
        Self {
            year,
            month: m as u8,
            day: d as u8,
            hour: (rem / 3600) as u8,
            minute: (rem / 60 % 60) as u8,
            second: (rem % 60) as u8,
        }
    }
}

impl Add<Duration> for Timestamp {
    type Output = Self;
    /// Whole seconds are added; fractions are dropped.
    fn add(self, d: Duration) -> Self {
        self.plus_secs(d.as_secs())
    }
}

impl fmt::Display for Timestamp {
    /// `YYYYMMDDhhmmss`, the `MDTM` reply.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let m = i64::from(m);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        for days in [-800_000, -1, 0, 59, 365, 10_957, 20_454, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        let leap = Timestamp::new(2028, 2, 28, 12, 0, 0) + Duration::from_secs(86_400);
        assert_eq!(leap, Timestamp::new(2028, 2, 29, 12, 0, 0));
        let plain = Timestamp::new(2026, 2, 28, 12, 0, 0) + Duration::from_secs(86_400);
        assert_eq!(plain, Timestamp::new(2026, 3, 1, 12, 0, 0));
        let t = Timestamp::new(2026, 1, 1, 0, 0, 0) + Duration::from_millis(1999);
        assert_eq!(t.second, 1);
    }
}

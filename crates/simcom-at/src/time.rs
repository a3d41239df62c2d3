//! Logical time for the sans-IO crates: neither the model nor the host driver reads a clock;
//! every input carries the time it happens at.

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

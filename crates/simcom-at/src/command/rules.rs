//! What a parameter rule is: a numeric range ([`Num`]) or a string limit ([`Str`]).
//!
//! The rules themselves sit with their commands, in the family files (`basic.rs`,
//! `bearer.rs`, …). [`Command::encode`](crate::Command::encode) and
//! [`Command::parse`](crate::Command::parse) check parameters against the same constants, so
//! whatever encodes parses back and whatever parses encodes. Each constant carries the
//! parameter's name as the spec (the AT manual) spells it; that name is what [`EncodeError`]
//! reports.

use crate::EncodeError;

/// The allowed values of a numeric parameter: `min..=max`, optionally narrowed to a set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Num {
    /// The parameter's name in the spec.
    pub(crate) param: &'static str,
    /// Smallest allowed value.
    pub(crate) min: u64,
    /// Largest allowed value.
    pub(crate) max: u64,
    /// When set: the only allowed values (sorted, within `min..=max`).
    only: Option<&'static [u64]>,
}

impl Num {
    /// Every value in `min..=max`.
    pub(crate) const fn range(param: &'static str, min: u64, max: u64) -> Self {
        Self {
            param,
            min,
            max,
            only: None,
        }
    }

    /// Exactly the values of `set` (sorted ascending, non-empty).
    pub(crate) const fn set(param: &'static str, set: &'static [u64]) -> Self {
        Self {
            param,
            min: set[0],
            max: set[set.len() - 1],
            only: Some(set),
        }
    }

    /// Checks `value`.
    ///
    /// For a set with holes (`<fun>` 0,1,4–7), a refused value is reported against the run of
    /// consecutive allowed values nearest to it (`2` → `0..=1`, `3` → `4..=7`), so that the
    /// error's `min..=max` is always a true statement.
    pub(crate) fn check(&self, value: u64) -> Result<(), EncodeError> {
        let out = |min, max| EncodeError::OutOfRange {
            param: self.param,
            value,
            min,
            max,
        };
        if value < self.min || value > self.max {
            return Err(out(self.min, self.max));
        }
        let Some(set) = self.only else { return Ok(()) };
        if set.contains(&value) {
            return Ok(());
        }
        // Walk the runs of consecutive values; keep the one nearest to `value`.
        let mut best: Option<(u64, u64, u64)> = None; // (distance, start, end)
        let mut i = 0;
        while i < set.len() {
            let start = set[i];
            let mut end = start;
            while i + 1 < set.len() && set[i + 1] == end + 1 {
                i += 1;
                end = set[i];
            }
            let dist = if value < start {
                start - value
            } else {
                value.saturating_sub(end)
            };
            if best.is_none_or(|(d, _, _)| dist < d) {
                best = Some((dist, start, end));
            }
            i += 1;
        }
        let (_, min, max) = best.unwrap_or((0, self.min, self.max));
        Err(out(min, max))
    }
}

/// The limits of a string parameter, counted in bytes of UTF-8.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Str {
    /// The parameter's name in the spec.
    pub(crate) param: &'static str,
    /// `true` when the spec requires at least one byte.
    non_empty: bool,
    /// Longest allowed length in bytes.
    pub(crate) max: usize,
}

impl Str {
    /// A string of at most `max` bytes, possibly empty.
    pub(crate) const fn up_to(param: &'static str, max: usize) -> Self {
        Self {
            param,
            non_empty: false,
            max,
        }
    }

    /// A string of 1 to `max` bytes.
    pub(crate) const fn non_empty(param: &'static str, max: usize) -> Self {
        Self {
            param,
            non_empty: true,
            max,
        }
    }

    /// Checks `s`, in this order: forbidden bytes (decision 1), length, emptiness.
    pub(crate) fn check(&self, s: &str) -> Result<(), EncodeError> {
        if let Some(&byte) = s.as_bytes().iter().find(|&&b| is_forbidden(b)) {
            return Err(EncodeError::ForbiddenByte {
                param: self.param,
                byte,
            });
        }
        if s.len() > self.max {
            return Err(EncodeError::TooLong {
                param: self.param,
                len: s.len(),
                max: self.max,
            });
        }
        if self.non_empty && s.is_empty() {
            return Err(EncodeError::Empty { param: self.param });
        }
        Ok(())
    }
}

/// A byte that can never appear inside a quoted AT string: `"` and the ASCII controls
/// 0x00–0x1F and 0x7F (spec decision 1).
pub(crate) const fn is_forbidden(b: u8) -> bool {
    b == b'"' || b < 0x20 || b == 0x7f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::{CFUN_FUN, COPS_ACT, FTPEXTGET_FILE_NAME, FTPSERV};

    #[test]
    fn set_reports_the_nearest_run() {
        let e = |v| CFUN_FUN.check(v).unwrap_err();
        let range = |e: EncodeError| match e {
            EncodeError::OutOfRange { min, max, .. } => (min, max),
            other => panic!("{other:?}"),
        };
        assert_eq!(range(e(2)), (0, 1));
        assert_eq!(range(e(3)), (4, 7));
        assert_eq!(range(e(8)), (0, 7));
        assert!(CFUN_FUN.check(5).is_ok());
        assert_eq!(range(COPS_ACT.check(8).unwrap_err()), (7, 7));
        assert_eq!(range(COPS_ACT.check(2).unwrap_err()), (0, 1));
        assert_eq!(range(COPS_ACT.check(5).unwrap_err()), (3, 3));
        assert_eq!(range(COPS_ACT.check(10).unwrap_err()), (0, 9));
    }

    #[test]
    fn strings_check_bytes_then_length_then_emptiness() {
        assert_eq!(
            FTPSERV.check("a\"b\r"),
            Err(EncodeError::ForbiddenByte {
                param: "value",
                byte: b'"'
            })
        );
        assert_eq!(
            FTPEXTGET_FILE_NAME.check(""),
            Err(EncodeError::Empty { param: "file_name" })
        );
        assert!(FTPSERV.check("é").is_ok());
        assert!(!is_forbidden(b' ') && is_forbidden(0x7f) && is_forbidden(0x1f));
    }
}

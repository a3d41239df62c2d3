//! One macro for the code tables of `spec/error-codes.yaml` ([`FtpError`](crate::FtpError),
//! [`CmeCode`](crate::CmeCode)): each row written once, as `Variant = code, "string"`.

/// Implements `ALL`, `code()`, `from_code()` and a string accessor named `$str_fn` for a
/// fieldless enum, from one row per variant, in code order.
macro_rules! code_table {
    (
        $ty:ident, $code:ty, $str_fn:ident, $str_doc:literal,
        [$($variant:ident = $c:literal, $s:literal),+ $(,)?]
    ) => {
        impl $ty {
            /// Every code, in code order.
            ///
            /// ```
            #[doc = concat!("use simcom_at::", stringify!($ty), ";")]
            #[doc = concat!("let all = ", stringify!($ty), "::ALL;")]
            /// assert!(all.windows(2).all(|w| w[0].code() < w[1].code()));
            /// ```
            pub const ALL: &'static [$ty] = &[$(Self::$variant),+];

            /// The number the module prints.
            ///
            /// ```
            #[doc = concat!("use simcom_at::", stringify!($ty), ";")]
            #[doc = concat!("for c in ", stringify!($ty), "::ALL {")]
            #[doc = concat!("    assert_eq!(", stringify!($ty), "::from_code(c.code()), Some(*c));")]
            /// }
            /// ```
            #[must_use]
            pub const fn code(self) -> $code {
                match self {
                    $(Self::$variant => $c),+
                }
            }

            /// The value printed as `code`; `None` for a number the table does not list.
            ///
            /// ```
            #[doc = concat!("use simcom_at::", stringify!($ty), ";")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::from_code(2), None);")]
            /// ```
            #[must_use]
            pub const fn from_code(code: $code) -> Option<Self> {
                match code {
                    $($c => Some(Self::$variant),)+
                    _ => None,
                }
            }

            #[doc = $str_doc]
            ///
            /// ```
            #[doc = concat!("use simcom_at::", stringify!($ty), ";")]
            #[doc = concat!("for c in ", stringify!($ty), "::ALL {")]
            #[doc = concat!("    assert!(!c.", stringify!($str_fn), "().is_empty());")]
            /// }
            /// ```
            #[must_use]
            pub const fn $str_fn(self) -> &'static str {
                match self {
                    $(Self::$variant => $s),+
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::{CmeCode, FtpError, FtpStatus};

    /// Both tables map every value back from its code and its name or text; 0, 1 and the 22
    /// documented FTP errors are the only codes `FtpStatus` knows.
    #[test]
    fn every_code_and_name_maps_back() {
        for &c in CmeCode::ALL {
            assert_eq!(CmeCode::from_code(c.code()), Some(c));
            assert_eq!(CmeCode::from_text(c.text()), Some(c));
        }
        for &e in FtpError::ALL {
            assert_eq!(FtpError::from_code(e.code()), Some(e));
            assert_eq!(FtpStatus::from_code(e.code()), Some(FtpStatus::Error(e)));
        }
        let known = (0..=255u8)
            .filter(|&c| FtpStatus::from_code(c).is_some())
            .count();
        assert_eq!(known, 24);
    }
}

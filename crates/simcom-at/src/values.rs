//! The spec's value tables: the number or name each value of a command parameter is written
//! as (spec/commands.yaml), in one place for the encoder, the parser and the model.
//!
//! The types stay defined with their commands ([`crate::command`]); this module adds the
//! conversions. Every `from_*` is exact (`FtpType::from_name("i")` is `None`: the command
//! parser folds letter case itself) and never guesses: an unknown number or name is `None`.

use crate::command::{CmeeMode, CnactAction, FsDir, FtpMode, FtpType, PutOpt, SslType};

/// A numbered value table: `ALL` in number order, `number()` and `from_number()`.
macro_rules! numbered {
    ($ty:ident, [$($variant:ident = $n:literal),+ $(,)?], $example:literal) => {
        impl $ty {
            /// Every value, in the order of its number.
            ///
            /// ```
            #[doc = concat!("use simcom_at::command::", stringify!($ty), ";")]
            #[doc = concat!("for v in ", stringify!($ty), "::ALL {")]
            #[doc = concat!("    assert_eq!(", stringify!($ty), "::from_number(v.number()), Some(*v));")]
            /// }
            /// ```
            pub const ALL: &'static [$ty] = &[$(Self::$variant),+];

            /// The number the spec writes this value as.
            ///
            /// ```
            #[doc = concat!("use simcom_at::command::", stringify!($ty), ";")]
            #[doc = $example]
            /// ```
            #[must_use]
            pub const fn number(self) -> u8 {
                match self {
                    $(Self::$variant => $n),+
                }
            }

            /// The value the spec writes as `number`; `None` for a number outside the table.
            ///
            /// ```
            #[doc = concat!("use simcom_at::command::", stringify!($ty), ";")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::from_number(200), None);")]
            /// ```
            #[must_use]
            pub const fn from_number(number: u8) -> Option<Self> {
                match number {
                    $($n => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

/// A named value table: `ALL`, `name()` and `from_name()`.
macro_rules! named {
    ($ty:ident, [$($variant:ident = $s:literal),+ $(,)?], $example:literal) => {
        impl $ty {
            /// Every value, in the spec's order.
            ///
            /// ```
            #[doc = concat!("use simcom_at::command::", stringify!($ty), ";")]
            #[doc = concat!("for v in ", stringify!($ty), "::ALL {")]
            #[doc = concat!("    assert_eq!(", stringify!($ty), "::from_name(v.name()), Some(*v));")]
            /// }
            /// ```
            pub const ALL: &'static [$ty] = &[$(Self::$variant),+];

            /// The string the spec writes this value as (inside the quotes).
            ///
            /// ```
            #[doc = concat!("use simcom_at::command::", stringify!($ty), ";")]
            #[doc = $example]
            /// ```
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $s),+
                }
            }

            /// The value the spec writes as `name` (exact, upper case); `None` otherwise.
            ///
            /// ```
            #[doc = concat!("use simcom_at::command::", stringify!($ty), ";")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::from_name(\"X\"), None);")]
            /// ```
            #[must_use]
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($s => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

numbered!(
    FsDir,
    [Custapp = 0, Fota = 1, Datatx = 2, Customer = 3],
    "assert_eq!(FsDir::Customer.number(), 3);"
);
numbered!(
    CmeeMode,
    [Disabled = 0, Numeric = 1, Verbose = 2],
    "assert_eq!(CmeeMode::Verbose.number(), 2);"
);
numbered!(
    CnactAction,
    [Deactivate = 0, Activate = 1, AutoActivate = 2],
    "assert_eq!(CnactAction::Activate.number(), 1);"
);
numbered!(
    FtpMode,
    [Active = 0, Passive = 1],
    "assert_eq!(FtpMode::Passive.number(), 1);"
);
numbered!(
    SslType,
    [Plain = 0, Implicit = 1, Explicit = 2],
    "assert_eq!(SslType::Explicit.number(), 2);"
);
named!(
    FtpType,
    [Ascii = "A", Binary = "I"],
    "assert_eq!(FtpType::Binary.name(), \"I\");"
);
named!(
    PutOpt,
    [Appe = "APPE", Stou = "STOU", Stor = "STOR"],
    "assert_eq!(PutOpt::Stor.name(), \"STOR\");"
);

impl FsDir {
    /// The directory's path as the manual names it (`/custapp/` … `/customer/`), with both
    /// slashes.
    ///
    /// ```
    /// use simcom_at::command::FsDir;
    /// assert_eq!(FsDir::Customer.path(), "/customer/");
    /// ```
    #[must_use]
    pub const fn path(self) -> &'static str {
        match self {
            Self::Custapp => "/custapp/",
            Self::Fota => "/fota/",
            Self::Datatx => "/datatx/",
            Self::Customer => "/customer/",
        }
    }

    /// The directory whose [`path`](Self::path) is exactly `path`; `None` for any other
    /// string (`/customer` without its slash, `/CUSTOMER/`, `/tmp/`).
    ///
    /// ```
    /// use simcom_at::command::FsDir;
    /// assert_eq!(FsDir::from_path("/datatx/"), Some(FsDir::Datatx));
    /// assert_eq!(FsDir::from_path("/datatx"), None);
    /// ```
    #[must_use]
    pub fn from_path(path: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|d| d.path() == path)
    }

    /// Splits a file path in a directory (`/customer/ca.pem`) into the directory and the file
    /// name. `None` when the path is in no directory, or the name is empty or has a `/`.
    ///
    /// ```
    /// use simcom_at::command::FsDir;
    /// assert_eq!(FsDir::split_path("/customer/ca.pem"), Some((FsDir::Customer, "ca.pem")));
    /// assert_eq!(FsDir::split_path("/customer/"), None);
    /// assert_eq!(FsDir::split_path("/customer/a/b"), None);
    /// assert_eq!(FsDir::split_path("/tmp/ca.pem"), None);
    /// ```
    #[must_use]
    pub fn split_path(path: &str) -> Option<(Self, &str)> {
        Self::ALL.iter().find_map(|&d| {
            let name = path.strip_prefix(d.path())?;
            (!name.is_empty() && !name.contains('/')).then_some((d, name))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// spec/commands.yaml: `<index>`/`<dir>` 0 /custapp/, 1 /fota/, 2 /datatx/, 3 /customer/.
    #[test]
    fn fs_dirs_as_the_manual_numbers_them() {
        let table = [
            (0, "/custapp/", FsDir::Custapp),
            (1, "/fota/", FsDir::Fota),
            (2, "/datatx/", FsDir::Datatx),
            (3, "/customer/", FsDir::Customer),
        ];
        assert_eq!(FsDir::ALL.len(), table.len());
        for (n, path, dir) in table {
            assert_eq!((dir.number(), dir.path()), (n, path));
            assert_eq!(FsDir::from_number(n), Some(dir));
            assert_eq!(FsDir::from_path(path), Some(dir));
        }
        assert_eq!(FsDir::from_number(4), None);
        assert_eq!(FsDir::from_path(""), None);
        assert_eq!(FsDir::from_path("/Customer/"), None);
    }

    #[test]
    fn ftp_settings_as_the_manual_writes_them() {
        assert_eq!(FtpMode::from_number(0), Some(FtpMode::Active));
        assert_eq!(FtpMode::from_number(1), Some(FtpMode::Passive));
        assert_eq!(FtpMode::from_number(2), None);
        assert_eq!(FtpType::from_name("A"), Some(FtpType::Ascii));
        assert_eq!(FtpType::from_name("I"), Some(FtpType::Binary));
        assert_eq!(FtpType::from_name("i"), None);
        assert_eq!(PutOpt::from_name("APPE"), Some(PutOpt::Appe));
        assert_eq!(PutOpt::from_name("STOU"), Some(PutOpt::Stou));
        assert_eq!(PutOpt::from_name("STOR"), Some(PutOpt::Stor));
        assert_eq!(PutOpt::from_name("STO"), None);
        assert_eq!(SslType::from_number(0), Some(SslType::Plain));
        assert_eq!(SslType::from_number(1), Some(SslType::Implicit));
        assert_eq!(SslType::from_number(2), Some(SslType::Explicit));
        assert_eq!(SslType::from_number(3), None);
        assert_eq!(CmeeMode::from_number(1), Some(CmeeMode::Numeric));
        assert_eq!(CnactAction::from_number(2), Some(CnactAction::AutoActivate));
    }
}

//! The spec's value tables: the number or name each value of a command parameter is written
//! as (spec/commands.yaml), in one place for the encoder, the parser and the model.
//!
//! Each table is declared once, beside its type in the file of its command family
//! (`numbered!(FtpMode, [Active = 0, Passive = 1], …)`); the macros here write the public
//! conversions and the encoder's and parser's use of them. Every `from_*` is exact
//! (`FtpType::from_name("i")` is `None`: the command parser folds letter case itself) and never
//! guesses: an unknown number or name is `None`.

/// The public side of a value table: `ALL`, the value's number or name (`$to`), and the value
/// of a number or name (`$from`, exact; `None` otherwise).
macro_rules! table {
    (
        $ty:ident, $to:ident: $repr:ty, $from:ident, $unknown:literal,
        [$($variant:ident = $lit:literal),+], $example:literal
    ) => {
        impl $ty {
            /// Every value, in the spec's order.
            ///
            /// ```
            #[doc = concat!("use simcom_at::command::", stringify!($ty), ";")]
            #[doc = concat!("for v in ", stringify!($ty), "::ALL {")]
            #[doc = concat!("    assert_eq!(", stringify!($ty), "::", stringify!($from), "(v.", stringify!($to), "()), Some(*v));")]
            /// }
            /// ```
            pub const ALL: &'static [$ty] = &[$(Self::$variant),+];

            /// How the spec writes this value (a string inside the quotes).
            ///
            /// ```
            #[doc = concat!("use simcom_at::command::", stringify!($ty), ";")]
            #[doc = $example]
            /// ```
            #[must_use]
            pub const fn $to(self) -> $repr {
                match self {
                    $(Self::$variant => $lit),+
                }
            }

            /// The value the spec writes so (exactly); `None` for anything outside the table.
            ///
            /// ```
            #[doc = concat!("use simcom_at::command::", stringify!($ty), ";")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::", stringify!($from), "(", $unknown, "), None);")]
            /// ```
            #[must_use]
            pub fn $from(value: $repr) -> Option<Self> {
                match value {
                    $($lit => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

/// A numbered value table: `ALL` in number order, `number()` and `from_number()`, and the
/// encoder's and parser's use of them.
macro_rules! numbered {
    ($ty:ident, [$($variant:ident = $n:literal),+ $(,)?], $example:literal) => {
        $crate::command::values::table!(
            $ty, number: u8, from_number, "200", [$($variant = $n),+], $example
        );
        impl $crate::command::params::Numbered for $ty {
            #[inline(always)]
            fn number(self) -> u8 {
                <$ty>::number(self)
            }
            fn from_number(number: u8) -> Option<Self> {
                <$ty>::from_number(number)
            }
        }
    };
}
pub(crate) use numbered;

/// A named value table: `ALL`, `name()` and `from_name()`, and the encoder's and parser's use
/// of them (the parser folds letter case).
macro_rules! named {
    ($ty:ident, [$($variant:ident = $s:literal),+ $(,)?], $example:literal) => {
        $crate::command::values::table!(
            $ty, name: &'static str, from_name, "\"X\"", [$($variant = $s),+], $example
        );
        impl $crate::command::forms::Value<'_> for $ty {
            type Rules = ();

            #[inline(always)]
            fn args(
                &self,
                (): (),
                a: &mut $crate::command::encode::Args<'_>,
            ) -> Result<(), $crate::EncodeError> {
                a.word(self.name());
                Ok(())
            }

            fn read(
                p: &$crate::command::parse::Params<'_>,
                (): (),
            ) -> Result<Self, $crate::ParseError> {
                let param = $crate::command::forms::WORD_VALUE;
                p.at_most(1)?;
                p.word(0, param, Self::ALL, Self::name)?
                    .ok_or($crate::ParseError::Syntax { param })
            }
        }
    };
}
pub(crate) use named;
pub(crate) use table;

#[cfg(test)]
mod tests {
    use crate::command::*;

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

    /// spec/commands.yaml: AT+FTPTYPE `default: I`, AT+FTPPUTOPT `default: STOR`, AT+FTPSSL
    /// `<ssltype>` `default: 0` (the power-up values the model starts with and provisioning
    /// writes back).
    #[test]
    fn power_up_values_as_the_spec_gives_them() {
        assert_eq!(FtpType::default().name(), "I");
        assert_eq!(PutOpt::default().name(), "STOR");
        assert_eq!(SslType::default().number(), 0);
    }
}

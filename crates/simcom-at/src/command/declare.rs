//! From the families' declarations to [`Command`](super::Command) and its methods.
//!
//! Each family file (`basic.rs`, `bearer.rs`, …) declares its commands once, and
//! [`chain`](super::chain) hands the declarations of all families, in order, to [`declare`].
//! A basic (V.250) command is declared as
//!
//! ```text
//! /// `ATI`: product identification (several lines of text).
//! Ati = "ATI" { answer: Text },
//! ```
//!
//! with an optional flag payload (`Echo(bool)`, written right after the letter) and the
//! [`Answer`](super::Answer) variant that answers it; the family parses its own grammar. An
//! extended command is declared as
//!
//! ```text
//! /// `AT+FTPPUT`: chunked upload.
//! FtpPut(FtpPut) = "AT+FTPPUT" {
//!     prefix: FtpPut,                      // the Prefix of its responses, if it has one
//!     rules: &RULE,                        // what the payload needs, if anything: a Num, a Str…
//!     answer: every_form,                  // or `text`; when absent, the payload's answer
//!     host_data: FtpPut::Write { reqlength } => HostData::Counted(*reqlength as u32),
//! },
//! ```
//!
//! whose payload type implements [`Payload`](super::forms::Payload): its forms, parameters
//! and answers. `answer: every_form` makes every form's lines with the prefix answer (a
//! query such as AT+CSQ); `answer: text` (for a command without a prefix) makes unprefixed
//! text lines answer the execute form, as for ATI. `name()`, `form()`, `prefix()`,
//! `answer()`, `host_data()`, the parameters [`encode`](super::Command::encode) writes and the
//! builder [`parse`](super::Command::parse) picks by name all follow from these declarations.
//!
//! A family file appends its declarations to those of the families before it and hands on:
//!
//! ```text
//! macro_rules! bearer {
//!     ($families:tt $basic:tt [$($extended:tt)*]) => {
//!         $crate::command::chain! { $families $basic [$($extended)*
//!             /// `AT+CSQ`: signal quality.
//!             Csq(Action) = "AT+CSQ" { prefix: Csq, answer: every_form, },
//!         ] }
//!     };
//! }
//! pub(crate) use bearer;
//! ```
//!
//! So a new command is one declaration in its family's file (and its payload type there, if it
//! needs a new one): `Cgmr(Action) = "AT+CGMR" { answer: text, },` in `basic.rs` gives
//! `AT+CGMR` / `AT+CGMR=?`, answered by text lines / by the final result code only.

/// `Some(Prefix::X)` for `X`, `None` for nothing.
macro_rules! prefix {
    () => {
        None
    };
    ($prefix:ident) => {
        Some($crate::Prefix::$prefix)
    };
}
pub(crate) use prefix;

/// The declared rules, or `()`.
macro_rules! rules {
    () => {
        ()
    };
    ($rules:expr) => {
        $rules
    };
}
pub(crate) use rules;

/// The answer of an extended command's payload `p` from its declared prefix and `answer:`.
macro_rules! answer {
    ($p:ident []) => {{
        let _ = $p;
        $crate::command::Answer::FinalOnly
    }};
    ($p:ident [$prefix:ident]) => {
        $crate::command::forms::Payload::answer($p, $crate::Prefix::$prefix)
    };
    ($p:ident [$prefix:ident] every_form) => {{
        let _ = $p;
        $crate::command::Answer::info($crate::Prefix::$prefix)
    }};
    ($p:ident [] text) => {
        match $p.form() {
            $crate::command::Form::Execute => $crate::command::Answer::Text,
            _ => $crate::command::Answer::FinalOnly,
        }
    };
}
pub(crate) use answer;

/// The pattern of a basic command, binding its flag (if it has one) to `$on`.
macro_rules! basic_pattern {
    ($B:ident $on:ident) => {
        $crate::command::Command::$B
    };
    ($B:ident $on:ident $T:ty) => {
        $crate::command::Command::$B($on)
    };
}
pub(crate) use basic_pattern;

/// The parameter of a basic command: its flag, right after the letter (`ATE1`).
macro_rules! basic_args {
    ($a:ident $on:ident) => {};
    ($a:ident $on:ident $T:ty) => {
        $a.fixed(u64::from(*$on))
    };
}
pub(crate) use basic_args;

/// Writes [`Command`](super::Command) and what follows from the declarations.
macro_rules! declare {
    (
        [$(
            $(#[$battr:meta])*
            $B:ident $(($BT:ty))? = $bname:literal { answer: $banswer:ident $(,)? }
        ),* $(,)?]
        [$(
            $(#[$attr:meta])*
            $V:ident($T:ty) = $name:literal {
                $(prefix: $prefix:ident,)?
                $(rules: $rules:expr,)?
                $(answer: $answer:ident,)?
                $(host_data: $hpat:pat => $hdata:expr,)?
            }
        ),* $(,)?]
    ) => {
        /// One host command line, typed: every command and form in `spec/commands.yaml`.
        ///
        /// ```
        /// use simcom_at::{Command, command::Chunked};
        /// let mut buf = [0u8; 64];
        /// let n = Command::FtpGet(Chunked::Read { reqlength: 1024 }).encode(&mut buf).unwrap();
        /// assert_eq!(&buf[..n], b"AT+FTPGET=2,1024\r");
        /// assert_eq!(Command::parse(&buf[..n]), Ok(Command::FtpGet(Chunked::Read { reqlength: 1024 })));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        #[non_exhaustive]
        pub enum Command<'a> {
            $( $(#[$battr])* $B $(($BT))?, )*
            $( $(#[$attr])* $V($T), )*
        }

        impl<'a> Command<'a> {
            /// The command's name as `spec/commands.yaml` spells it: `"AT"`, `"ATE"`, `"ATV"`,
            /// `"ATI"`, `"AT+CMEE"`, …, `"AT+FTPGET"`, …
            ///
            /// ```
            /// use simcom_at::{Command, command::{Action, Chunked}};
            /// assert_eq!(Command::FtpGet(Chunked::Open).name(), "AT+FTPGET");
            /// assert_eq!(Command::Echo(false).name(), "ATE");
            /// assert_eq!(Command::Csq(Action::Execute).name(), "AT+CSQ");
            /// ```
            #[must_use]
            pub const fn name(&self) -> &'static str {
                match self {
                    $( Self::$B { .. } => $bname, )*
                    $( Self::$V(_) => $name, )*
                }
            }

            /// The command's syntactic form. Basic commands (`AT`, `ATE1`, `ATV0`, `ATI`) are
            /// [`Form::Execute`].
            ///
            /// ```
            /// use simcom_at::{Command, command::{Chunked, Form, FtpPut, Setting}};
            /// assert_eq!(Command::FtpGet(Chunked::Test).form(), Form::Test);
            /// assert_eq!(Command::FtpPut(FtpPut::Finish).form(), Form::Write);
            /// assert_eq!(Command::FtpPort(Setting::Read).form(), Form::Read);
            /// assert_eq!(Command::Echo(true).form(), Form::Execute);
            /// ```
            #[must_use]
            pub const fn form(&self) -> Form {
                match self {
                    $( Self::$B { .. } => Form::Execute, )*
                    $( Self::$V(p) => p.form(), )*
                }
            }

            /// The prefix of the command's information responses, if it has one.
            #[must_use]
            pub const fn prefix(&self) -> Option<$crate::Prefix> {
                match self {
                    $( Self::$B { .. } => None, )*
                    $( Self::$V(_) => $crate::command::declare::prefix!($($prefix)?), )*
                }
            }

            /// Which information lines answer this command (see [`Answer`]).
            #[must_use]
            pub fn answer(&self) -> Answer {
                match self {
                    $( Self::$B { .. } => Answer::$banswer, )*
                    $( Self::$V(p) => {
                        $crate::command::declare::answer!(p [$($prefix)?] $($answer)?)
                    } )*
                }
            }

            /// What the host sends next, if this command opens a host data phase (once the
            /// module accepts it: its `+FTPPUT: 2,<n>`, `DOWNLOAD`, …).
            ///
            /// ```
            /// use simcom_at::{Command, command::{FtpEtPut, FtpPut, HostData}};
            /// assert_eq!(Command::FtpPut(FtpPut::Write { reqlength: 10 }).host_data(), Some(HostData::Counted(10)));
            /// assert_eq!(Command::FtpEtPut(FtpEtPut::Data).host_data(), Some(HostData::Etx));
            /// assert_eq!(Command::FtpPut(FtpPut::Finish).host_data(), None);
            /// ```
            #[must_use]
            pub const fn host_data(&self) -> Option<HostData> {
                match self {
                    $( $( Self::$V($hpat) => Some($hdata), )? )*
                    _ => None,
                }
            }

            /// The parameters of the line, in order (none for test, read and execute forms).
            fn args(&self) -> Result<encode::Args<'a>, $crate::EncodeError> {
                let mut a = encode::Args::new();
                match self {
                    $( $crate::command::declare::basic_pattern!($B on $($BT)?) => {
                        $crate::command::declare::basic_args!(a on $($BT)?);
                    } )*
                    $( Self::$V(p) => forms::Payload::args(
                        p,
                        $crate::command::declare::rules!($($rules)?),
                        &mut a,
                    )?, )*
                }
                Ok(a)
            }
        }

        /// The builder of the extended command `key`, spelled as declared (`"AT+FTPGET"`).
        fn builder(key: &str) -> Option<parse::Build> {
            let build: parse::Build = match key {
                $( $name => |form, args| {
                    forms::Payload::build(form, args, $crate::command::declare::rules!($($rules)?))
                        .map(Command::$V)
                }, )*
                _ => return None,
            };
            Some(build)
        }
    };
}
pub(crate) use declare;

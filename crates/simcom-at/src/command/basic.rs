//! Basic commands: V.250 / 27.007 (`AT`, `ATE`, `ATV`, `ATI`), AT+CMEE and the identity
//! commands (AT+CGMR, AT+GMR, AT+CGMI, AT+GMI, AT+CGMM, AT+GMM, AT+CGSN, AT+GSN, AT+GSV).

use winnow::combinator::opt;
use winnow::prelude::*;

use super::Command;
use super::parse::{LINE, number};
use super::rules::Num;
use crate::ParseError;

/// `AT+CMEE` `<n>`: how errors of the mobile equipment are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum CmeeMode {
    /// 0: plain `ERROR`.
    Disabled,
    /// 1: `+CME ERROR: <n>` with a numeric code.
    Numeric,
    /// 2: `+CME ERROR: <text>`.
    Verbose,
}

super::values::numbered!(
    CmeeMode,
    [Disabled = 0, Numeric = 1, Verbose = 2],
    "assert_eq!(CmeeMode::Verbose.number(), 2);"
);

/// `ATE<value>` / `ATV<value>`: 0 or 1.
pub(crate) const BASIC_VALUE: Num = Num::range("value", 0, 1);
/// `AT+CMEE=<n>`.
pub(crate) const CMEE_N: Num = Num::range("n", 0, 2);

/// The basic commands, then the extended ones of the family (see `declare.rs`).
macro_rules! basic {
    ($families:tt [$($basic:tt)*] [$($extended:tt)*]) => {
        $crate::command::chain! { $families [$($basic)*
            /// `AT`: attention; answers `OK`.
            At = "AT" { answer: FinalOnly },
            /// `ATE0` / `ATE1`: command echo off / on.
            Echo(bool) = "ATE" { answer: FinalOnly },
            /// `ATV0` / `ATV1`: numeric / verbose result codes.
            Verbose(bool) = "ATV" { answer: FinalOnly },
            /// `ATI`: product identification (several lines of text).
            Ati = "ATI" { answer: Text },
        ] [$($extended)*
            /// `AT+CMEE`: error reporting.
            Cmee(Setting<CmeeMode>) = "AT+CMEE" { prefix: Cmee, rules: &CMEE_N, },
            /// `AT+CGMR`: the firmware revision (`Revision: <revision>`, a text line).
            Cgmr(Action) = "AT+CGMR" { answer: text, },
            /// `AT+GMR`: the firmware revision, as AT+CGMR prints it (V.25ter).
            Gmr(Action) = "AT+GMR" { answer: text, },
            /// `AT+CGMI`: the manufacturer (`SIMCOM_Ltd`, a text line).
            Cgmi(Action) = "AT+CGMI" { answer: text, },
            /// `AT+GMI`: the manufacturer, as AT+CGMI prints it (V.25ter).
            Gmi(Action) = "AT+GMI" { answer: text, },
            /// `AT+CGMM`: the model (a text line).
            Cgmm(Action) = "AT+CGMM" { answer: text, },
            /// `AT+GMM`: the model, as AT+CGMM prints it (V.25ter).
            Gmm(Action) = "AT+GMM" { answer: text, },
            /// `AT+CGSN`: the IMEI (a text line; the execution form only).
            Cgsn(Action) = "AT+CGSN" { answer: text, },
            /// `AT+GSN`: the IMEI, as AT+CGSN prints it (V.25ter).
            Gsn(Action) = "AT+GSN" { answer: text, },
            /// `AT+GSV`: manufacturer, model and revision, three text lines (V1.02 §5.2.9).
            Gsv(Action) = "AT+GSV" { answer: text, },
        ] }
    };
}
pub(crate) use basic;

/// What follows `AT` in a basic command line:
///
/// ```text
/// basic = "" / ("E" / "V") [number] / "I"
/// ```
pub(super) fn parse<'a>(mut input: &[u8]) -> Result<Command<'a>, ParseError> {
    let Some((&letter, rest)) = input.split_first() else {
        return Ok(Command::At);
    };
    input = rest;
    let cmd = match letter.to_ascii_uppercase() {
        b'E' | b'V' => {
            let value = opt(number)
                .parse_next(&mut input)
                .unwrap_or(None)
                .unwrap_or(0);
            BASIC_VALUE.check(value)?;
            if letter.eq_ignore_ascii_case(&b'E') {
                Command::Echo(value == 1)
            } else {
                Command::Verbose(value == 1)
            }
        }
        b'I' => Command::Ati,
        l if l.is_ascii_alphabetic() || l == b'&' => return Err(ParseError::UnknownCommand),
        _ => return Err(ParseError::Syntax { param: LINE }),
    };
    match input.first() {
        None => Ok(cmd),
        Some(b'=' | b'?') => Err(ParseError::UnsupportedForm),
        Some(&b) if matches!(cmd, Command::Ati) && b.is_ascii_digit() => {
            Err(ParseError::UnsupportedForm)
        }
        Some(&b) if b.is_ascii_alphabetic() || b == b'&' || b == b'+' => {
            Err(ParseError::Concatenated)
        }
        Some(_) => Err(ParseError::Syntax {
            param: BASIC_VALUE.param,
        }),
    }
}

//! Parsing: one host command line back to a [`Command`]. The grammar and the rules beyond
//! it are in the documentation of [`Command::parse`]; each rule below carries its piece of
//! the grammar.

use winnow::combinator::{alt, delimited, eof, preceded};
use winnow::prelude::*;
use winnow::token::{one_of, take_till, take_while};

use super::rules::{Num, Str};
use super::{Command, Form};
use crate::ParseError;

/// The pseudo-parameter named by a [`ParseError::Syntax`] outside any parameter list
/// (`AT+FTPGET =1`, `AT+FTPGET=?x`).
pub(super) const LINE: &str = "line";

/// No form takes more than six parameters; eight slots leave room to say "too many".
const MAX_PARAMS: usize = 8;

impl<'a> Command<'a> {
    /// Parses one host command line, with or without its trailing `\r` or `\r\n`.
    ///
    /// String parameters are borrowed from `line`. Every value goes through the checks of
    /// [`encode`](Self::encode), so a parsed command always re-encodes, and the re-encoded
    /// line parses back to the same command.
    ///
    /// The grammar, in the ABNF of RFC 5234 (whose strings are case-insensitive, as V.250
    /// wants for the `AT` prefix and the command names):
    ///
    /// ```text
    /// line      = "AT" command [CR [LF]]
    /// command   = basic / extended
    /// basic     = "" / ("E" / "V") [number] / "I"      ; ATE = ATE0, ATV = ATV0 (V.250)
    /// extended  = "+" name form
    /// name      = 1*(ALPHA / DIGIT / "!" / "%" / "-" / "." / "/" / ":" / "_")
    /// form      = "=?" / "?" / "=" params / ""
    /// params    = param *("," param)
    /// param     = quoted / bare                        ; an empty bare: a missing parameter
    /// quoted    = DQUOTE *(%x00-21 / %x23-FF) DQUOTE
    /// bare      = *(%x21-FF except DQUOTE "," ";" %x7F)
    /// number    = 1*DIGIT
    /// ```
    ///
    /// Rules beyond the grammar:
    ///
    /// - No space anywhere outside quotes: V.250 lets a module ignore spaces, this crate
    ///   refuses them ([`ParseError::Syntax`]); inside quotes a space is part of the string.
    /// - A `;` outside quotes is [`ParseError::Concatenated`], even a trailing one; so is a
    ///   basic command followed by another (`ATE0V1`, `ATE0+CMEE=2`).
    /// - A `bare` token is accepted for string parameters and enumerated strings (spec
    ///   decision 2); enumerated strings (`"I"`, `"STOR"`, `"CONVERT"`) are
    ///   case-insensitive (decision 3). An unknown enumerated value is
    ///   [`ParseError::Syntax`]; an AT+CSSLCFG keyword the manual does not list is
    ///   [`ParseError::UnsupportedForm`].
    /// - Numbers are decimal, leading zeros allowed (AT+CSSLCFG's `<ciphersuite>` also takes
    ///   hex, `0xC02F`, as the manual lists the codes); a value too large for `u64` is reported
    ///   as [`EncodeError::OutOfRange`](crate::EncodeError::OutOfRange) with `value: u64::MAX`.
    /// - Strings must be UTF-8 ([`ParseError::NotUtf8`]); bytes refused by encode (`"`,
    ///   controls) are [`ParseError::Invalid`].
    /// - A [`ParseError::Syntax`] outside any parameter (`AT+FTPGET =1`, `AT+FTPGET=?x`)
    ///   names the pseudo-parameter `line`.
    ///
    /// ```
    /// use simcom_at::{Command, EncodeError, ParseError, command::{FtpPut, FtpType, Setting}};
    /// assert_eq!(Command::parse(b"AT+FTPPUT=2,0\r"), Ok(Command::FtpPut(FtpPut::Finish)));
    /// assert_eq!(Command::parse(b"at+ftptype=i"), Ok(Command::FtpType(Setting::Write(FtpType::Binary))));
    /// assert_eq!(Command::parse(b"ATE\r\n"), Ok(Command::Echo(false)));
    /// assert_eq!(Command::parse(b"AT+FTPDELE?"), Err(ParseError::UnsupportedForm));
    /// assert_eq!(Command::parse(b"AT+FTPGET=1;+FTPQUIT"), Err(ParseError::Concatenated));
    /// assert_eq!(
    ///     Command::parse(b"AT+FTPGET=2,1461"),
    ///     Err(ParseError::Invalid(EncodeError::OutOfRange { param: "reqlength", value: 1461, min: 1, max: 1460 }))
    /// );
    /// ```
    pub fn parse(line: &'a [u8]) -> Result<Command<'a>, ParseError> {
        let mut input = strip_terminator(line);
        at_prefix(&mut input).map_err(|_| ParseError::NoAtPrefix)?;
        if has_top_level_semicolon(input) {
            return Err(ParseError::Concatenated);
        }
        if input.first() != Some(&b'+') {
            return super::basic::parse(input);
        }
        let name = extended_name(&mut input).map_err(|_| ParseError::UnknownCommand)?;
        let mut key = [0u8; KEY_LEN];
        let build = command_key(name, &mut key)
            .and_then(super::builder)
            .ok_or(ParseError::UnknownCommand)?;
        let form = form(&mut input).map_err(|_| ParseError::Syntax { param: LINE })?;
        if form != Form::Write && !input.is_empty() {
            return Err(ParseError::Syntax { param: LINE });
        }
        build(form, input)
    }
}

/// Builds a command from its form and what follows the `=` (empty for other forms).
pub(super) type Build = for<'a> fn(Form, &'a [u8]) -> Result<Command<'a>, ParseError>;

/// Room for `AT+` and the longest name a builder can have.
const KEY_LEN: usize = 19;

/// The name of an extended command as its declaration spells it: `AT+` and the name in upper
/// case (`ftpget` → `AT+FTPGET`); `None` when it is too long to be known.
fn command_key<'k>(name: &[u8], key: &'k mut [u8; KEY_LEN]) -> Option<&'k str> {
    let (at, rest) = key.split_at_mut(3);
    at.copy_from_slice(b"AT+");
    let upper = rest.get_mut(..name.len())?;
    upper.copy_from_slice(name);
    upper.make_ascii_uppercase();
    core::str::from_utf8(key.get(..3 + name.len())?).ok()
}

/// Drops one trailing `\r` or `\r\n`.
fn strip_terminator(line: &[u8]) -> &[u8] {
    let line = line
        .strip_suffix(b"\n")
        .and_then(|l| l.strip_suffix(b"\r"))
        .unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// `true` when a `;` appears outside quotes (an unterminated quote hides what follows it).
fn has_top_level_semicolon(input: &[u8]) -> bool {
    let mut quoted = false;
    for &b in input {
        match b {
            b'"' => quoted = !quoted,
            b';' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// ```text
/// at-prefix = ("A" / "a") ("T" / "t")
/// ```
fn at_prefix(input: &mut &[u8]) -> winnow::Result<()> {
    (one_of([b'A', b'a']), one_of([b'T', b't']))
        .void()
        .parse_next(input)
}

/// ```text
/// extended-name = "+" 1*(ALPHA / DIGIT / "!" / "%" / "-" / "." / "/" / ":" / "_")
/// ```
/// (V.250 §5.4.1's name characters; only letters and digits occur in known names.)
fn extended_name<'a>(input: &mut &'a [u8]) -> winnow::Result<&'a [u8]> {
    preceded(
        b'+',
        take_while(1.., |b: u8| {
            b.is_ascii_alphanumeric() || b"!%-./:_".contains(&b)
        }),
    )
    .parse_next(input)
}

/// ```text
/// form = "=?" / "?" / "=" / ""        ; "" only at the end of the line
/// ```
fn form(input: &mut &[u8]) -> winnow::Result<Form> {
    alt((
        b"=?".value(Form::Test),
        b'?'.value(Form::Read),
        b'='.value(Form::Write),
        eof.value(Form::Execute),
    ))
    .parse_next(input)
}

/// ```text
/// number = 1*DIGIT                    ; saturates at u64::MAX
/// ```
pub(super) fn number(input: &mut &[u8]) -> winnow::Result<u64> {
    take_while(1.., b'0'..=b'9')
        .map(|digits: &[u8]| {
            digits.iter().fold(0u64, |acc, &d| {
                acc.saturating_mul(10).saturating_add(u64::from(d - b'0'))
            })
        })
        .parse_next(input)
}

/// ```text
/// quoted = DQUOTE *(%x00-21 / %x23-FF) DQUOTE
/// ```
fn quoted<'a>(input: &mut &'a [u8]) -> winnow::Result<&'a [u8]> {
    delimited(b'"', take_till(0.., b'"'), b'"').parse_next(input)
}

/// ```text
/// bare = *(%x21-FF except DQUOTE "," ";" %x7F)
/// ```
fn bare<'a>(input: &mut &'a [u8]) -> winnow::Result<&'a [u8]> {
    take_while(0.., |b: u8| {
        b > b' ' && b != 0x7f && !matches!(b, b'"' | b',' | b';')
    })
    .parse_next(input)
}

/// ```text
/// param = quoted / bare
/// ```
fn param<'a>(input: &mut &'a [u8]) -> winnow::Result<Raw<'a>> {
    alt((quoted.map(Raw::Quoted), bare.map(Raw::Bare))).parse_next(input)
}

/// ```text
/// separator = "," / end-of-line       ; true when another parameter follows
/// ```
fn separator(input: &mut &[u8]) -> winnow::Result<bool> {
    alt((b','.value(true), eof.value(false))).parse_next(input)
}

/// A parameter as written on the line.
#[derive(Debug, Clone, Copy)]
enum Raw<'a> {
    /// `"…"`: the bytes between the quotes.
    Quoted(&'a [u8]),
    /// An unquoted token; empty when nothing stands between the separators.
    Bare(&'a [u8]),
    /// Not a parameter: an unterminated quote, a space, a control byte, text after a quote.
    Bad,
}

/// The parameter list of a write form, split at the top-level commas.
///
/// Splitting stops at the first slot that is not well-formed; that slot is kept as
/// [`Raw::Bad`], so the error can name the parameter once the command knows it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Params<'a> {
    items: [Raw<'a>; MAX_PARAMS],
    len: usize,
}

impl<'a> Params<'a> {
    /// Splits `input` (what follows the `=`).
    pub(super) fn split(mut input: &'a [u8]) -> Result<Self, ParseError> {
        let mut params = Self {
            items: [Raw::Bad; MAX_PARAMS],
            len: 0,
        };
        loop {
            let slot = params
                .items
                .get_mut(params.len)
                .ok_or(ParseError::TooManyParameters)?;
            params.len += 1;
            let raw = param(&mut input).unwrap_or(Raw::Bad);
            match separator(&mut input) {
                Ok(more) => {
                    *slot = raw;
                    if !more {
                        return Ok(params);
                    }
                }
                Err(_) => {
                    *slot = Raw::Bad;
                    return Ok(params);
                }
            }
        }
    }

    /// How many parameters the line holds.
    pub(super) const fn len(&self) -> usize {
        self.len
    }

    /// Refuses a line with more than `max` parameters.
    pub(super) const fn at_most(&self, max: usize) -> Result<(), ParseError> {
        if self.len > max {
            Err(ParseError::TooManyParameters)
        } else {
            Ok(())
        }
    }

    /// Parameter `i`, which the form requires.
    fn raw(&self, i: usize, param: &'static str) -> Result<Raw<'a>, ParseError> {
        match self.items.get(i).filter(|_| i < self.len) {
            None | Some(Raw::Bare(b"")) => Err(ParseError::MissingParameter { param }),
            Some(raw) => Ok(*raw),
        }
    }

    /// Parameter `i` as a number, not yet checked against any range.
    pub(super) fn value(&self, i: usize, param: &'static str) -> Result<u64, ParseError> {
        let Raw::Bare(mut token) = self.raw(i, param)? else {
            return Err(ParseError::Syntax { param });
        };
        (number, eof)
            .map(|(n, _)| n)
            .parse_next(&mut token)
            .map_err(|_| ParseError::Syntax { param })
    }

    /// Parameter `i` as a number allowed by `rule`.
    pub(super) fn num<T: TryFrom<u64>>(&self, i: usize, rule: &Num) -> Result<T, ParseError> {
        let value = self.value(i, rule.param)?;
        rule.check(value)?;
        T::try_from(value).map_err(|_| {
            ParseError::Invalid(crate::EncodeError::OutOfRange {
                param: rule.param,
                value,
                min: rule.min,
                max: rule.max,
            })
        })
    }

    /// Parameter `i` as a number allowed by `rule`, written in hex (`0xC02F`, `0X` too, any
    /// case of digits) or in decimal (`49199`).
    pub(super) fn hex_or_num<T: TryFrom<u64>>(
        &self,
        i: usize,
        rule: &Num,
    ) -> Result<T, ParseError> {
        let param = rule.param;
        let hex = match self.raw(i, param)? {
            Raw::Bare(token) => token
                .strip_prefix(b"0x")
                .or_else(|| token.strip_prefix(b"0X")),
            _ => None,
        };
        let Some(digits) = hex else {
            return self.num(i, rule);
        };
        if digits.is_empty() || digits.len() > 16 {
            return Err(ParseError::Syntax { param });
        }
        let mut value = 0u64;
        for &d in digits {
            let v = char::from(d)
                .to_digit(16)
                .ok_or(ParseError::Syntax { param })?;
            value = value * 16 + u64::from(v);
        }
        rule.check(value)?;
        T::try_from(value).map_err(|_| {
            ParseError::Invalid(crate::EncodeError::OutOfRange {
                param,
                value,
                min: rule.min,
                max: rule.max,
            })
        })
    }

    /// Parameter `i` as a string allowed by `rule` (quoted or bare).
    pub(super) fn str(&self, i: usize, rule: &Str) -> Result<&'a str, ParseError> {
        let param = rule.param;
        let bytes = match self.items.get(i).filter(|_| i < self.len) {
            Some(Raw::Quoted(bytes)) => bytes,
            Some(Raw::Bare(bytes)) if !bytes.is_empty() => bytes,
            Some(Raw::Bad) => return Err(ParseError::Syntax { param }),
            Some(Raw::Bare(_)) | None => return Err(ParseError::MissingParameter { param }),
        };
        let s = core::str::from_utf8(bytes).map_err(|_| ParseError::NotUtf8 { param })?;
        rule.check(s)?;
        Ok(s)
    }

    /// Parameter `i` as a string allowed by `rule`, or `None` when the line stops before it.
    pub(super) fn opt_str(&self, i: usize, rule: &Str) -> Result<Option<&'a str>, ParseError> {
        if i < self.len {
            self.str(i, rule).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Parameter `i` as one of the enumerated strings `words` (quoted or bare, any case);
    /// `None` when it is a well-formed token but not one of them.
    pub(super) fn word<T: Copy>(
        &self,
        i: usize,
        param: &'static str,
        values: &[T],
        name: fn(T) -> &'static str,
    ) -> Result<Option<T>, ParseError> {
        let (Raw::Quoted(token) | Raw::Bare(token)) = self.raw(i, param)? else {
            return Err(ParseError::Syntax { param });
        };
        Ok(values
            .iter()
            .copied()
            .find(|&v| name(v).as_bytes().eq_ignore_ascii_case(token)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminators() {
        assert_eq!(strip_terminator(b"AT\r\n"), b"AT");
        assert_eq!(strip_terminator(b"AT\r"), b"AT");
        assert_eq!(strip_terminator(b"AT"), b"AT");
        assert_eq!(strip_terminator(b"AT\n"), b"AT\n");
        assert_eq!(strip_terminator(b"AT\r\r"), b"AT\r");
    }

    #[test]
    fn split_keeps_the_bad_slot() {
        let p = Params::split(b"1,\"a,b\",c").unwrap();
        assert_eq!(p.len(), 3);
        assert!(matches!(p.items[1], Raw::Quoted(b"a,b")));
        let p = Params::split(b"\"x\"\r\nAT+FTPDELE").unwrap();
        assert_eq!(p.len(), 1);
        assert!(matches!(p.items[0], Raw::Bad));
        let p = Params::split(b"1,\"x").unwrap();
        assert!(matches!(p.items[1], Raw::Bad));
        assert_eq!(
            Params::split(b"1,2,3,4,5,6,7,8,9").unwrap_err(),
            ParseError::TooManyParameters
        );
        assert_eq!(Params::split(b"1,2,3,4,5,6,7,8").unwrap().len(), 8);
    }

    #[test]
    fn semicolons() {
        assert!(has_top_level_semicolon(b"+FTPGET=1;"));
        assert!(!has_top_level_semicolon(b"+FTPSERV=\"a;b\""));
    }
}

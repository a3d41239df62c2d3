//! The shapes of a command's payload and how each is written, read back and answered.
//!
//! A command's declaration (in its family file) names its payload type; the type says which
//! forms the command has, what parameters each writes ([`Payload::args`]), how a parsed line
//! becomes a value ([`Payload::build`]) and which information lines answer each form
//! ([`Payload::answer`]). The generic shapes are here: [`Setting`], [`Request`] and
//! [`Action`] around a [`Value`] (a number, a string or a struct of parameters); the
//! commands with a `<mode>` of their own (AT+FTPGET, AT+FTPPUT, …) implement [`Payload`] in
//! their family file.

use super::encode::Args;
use super::params::Param;
use super::parse::Params;
use super::{Action, Answer, Form, Request, Setting};
use crate::{EncodeError, ParseError, Prefix};

/// The payload of a [`Command`](super::Command) variant: its forms, parameters and answers.
pub(crate) trait Payload<'a>: Sized {
    /// What the command's declaration adds to the type (`rules:`): the rule of its value, or
    /// `()` when the type carries its own rules.
    type Rules: Copy;

    /// Pushes the parameters of the line, in order (none for test, read and execute forms).
    fn args(&self, rules: Self::Rules, a: &mut Args<'a>) -> Result<(), EncodeError>;

    /// Reads the payload from its form and what follows the `=` (empty for other forms).
    fn build(form: Form, args: &'a [u8], rules: Self::Rules) -> Result<Self, ParseError>;

    /// Which lines answer this form of a command whose responses carry `prefix`.
    fn answer(&self, prefix: Prefix) -> Answer;
}

/// The value of a write form (`AT+X=<value>` of a [`Setting`] or a [`Request`]).
pub(crate) trait Value<'a>: Sized {
    /// What the command's declaration adds to the type (`rules:`), as in [`Payload::Rules`].
    type Rules: Copy;

    /// Pushes the parameters of the value, in order.
    fn args(&self, rules: Self::Rules, a: &mut Args<'a>) -> Result<(), EncodeError>;

    /// Reads the value from the parameter list.
    fn read(p: &Params<'a>, rules: Self::Rules) -> Result<Self, ParseError>;
}

impl<T> Setting<T> {
    /// `AT+X=?`, `AT+X?` or `AT+X=<value>`.
    pub(crate) const fn form(&self) -> Form {
        match self {
            Self::Test => Form::Test,
            Self::Read => Form::Read,
            Self::Write(_) => Form::Write,
        }
    }
}

impl<'a, T: Value<'a>> Payload<'a> for Setting<T> {
    type Rules = T::Rules;

    #[inline(always)]
    fn args(&self, rules: T::Rules, a: &mut Args<'a>) -> Result<(), EncodeError> {
        match self {
            Self::Write(value) => value.args(rules, a),
            Self::Test | Self::Read => Ok(()),
        }
    }

    // Not inlined: the builders of all the settings of one value type share this code.
    #[inline(never)]
    fn build(form: Form, args: &'a [u8], rules: T::Rules) -> Result<Self, ParseError> {
        Ok(match form {
            Form::Test => Self::Test,
            Form::Read => Self::Read,
            Form::Write => Self::Write(T::read(&Params::split(args)?, rules)?),
            Form::Execute => return Err(ParseError::UnsupportedForm),
        })
    }

    /// The test and read forms answer with the command's prefix.
    fn answer(&self, prefix: Prefix) -> Answer {
        match self {
            Self::Test | Self::Read => Answer::info(prefix),
            Self::Write(_) => Answer::FinalOnly,
        }
    }
}

impl<T> Request<T> {
    /// `AT+X=?` or `AT+X=<…>`.
    pub(crate) const fn form(&self) -> Form {
        match self {
            Self::Test => Form::Test,
            Self::Write(_) => Form::Write,
        }
    }
}

impl<'a, T: Value<'a>> Payload<'a> for Request<T> {
    type Rules = T::Rules;

    #[inline(always)]
    fn args(&self, rules: T::Rules, a: &mut Args<'a>) -> Result<(), EncodeError> {
        match self {
            Self::Write(value) => value.args(rules, a),
            Self::Test => Ok(()),
        }
    }

    // Not inlined, as for settings.
    #[inline(never)]
    fn build(form: Form, args: &'a [u8], rules: T::Rules) -> Result<Self, ParseError> {
        Ok(match form {
            Form::Test => Self::Test,
            Form::Write => Self::Write(T::read(&Params::split(args)?, rules)?),
            Form::Read | Form::Execute => return Err(ParseError::UnsupportedForm),
        })
    }

    /// The test form answers with the command's prefix.
    fn answer(&self, prefix: Prefix) -> Answer {
        match self {
            Self::Test => Answer::info(prefix),
            Self::Write(_) => Answer::FinalOnly,
        }
    }
}

impl Action {
    /// `AT+X=?` or `AT+X`.
    pub(crate) const fn form(&self) -> Form {
        match self {
            Self::Test => Form::Test,
            Self::Execute => Form::Execute,
        }
    }
}

impl Payload<'_> for Action {
    type Rules = ();

    #[inline(always)]
    fn args(&self, (): (), _: &mut Args<'_>) -> Result<(), EncodeError> {
        Ok(())
    }

    fn build(form: Form, _: &[u8], (): ()) -> Result<Self, ParseError> {
        match form {
            Form::Test => Ok(Self::Test),
            Form::Execute => Ok(Self::Execute),
            Form::Read | Form::Write => Err(ParseError::UnsupportedForm),
        }
    }

    /// The test form answers with the command's prefix; the outcome of the execute form of a
    /// session command is a URC (a query declares `answer: every_form`).
    fn answer(&self, prefix: Prefix) -> Answer {
        match self {
            Self::Test => Answer::info(prefix),
            Self::Execute => Answer::FinalOnly,
        }
    }
}

/// A command whose write form starts with `<mode>` (AT+FTPGET, AT+FTPEXTPUT, …): `test` for
/// `=?`, `read` (when the command has one) for `?`, `write` for `=<mode>,…`.
pub(crate) fn modal<'a, T>(
    form: Form,
    args: &'a [u8],
    test: T,
    read: Option<T>,
    write: impl FnOnce(&Params<'a>) -> Result<T, ParseError>,
) -> Result<T, ParseError> {
    match form {
        Form::Test => Ok(test),
        Form::Read => read.ok_or(ParseError::UnsupportedForm),
        Form::Write => write(&Params::split(args)?),
        Form::Execute => Err(ParseError::UnsupportedForm),
    }
}

/// One parameter: a number, a flag, a numbered enumeration or a string, with the rule the
/// declaration gives (`rules:`).
impl<'a, T: Param<'a>> Value<'a> for T {
    type Rules = T::Rule;

    #[inline(always)]
    fn args(&self, rule: T::Rule, a: &mut Args<'a>) -> Result<(), EncodeError> {
        self.push(rule, a);
        Ok(())
    }

    fn read(p: &Params<'a>, rule: T::Rule) -> Result<Self, ParseError> {
        p.at_most(1)?;
        T::take(p, 0, rule)
    }
}

/// The spec's name of the one parameter of a setting written as a keyword
/// (`AT+FTPTYPE="I"`, `AT+FTPPUTOPT="STOR"`).
pub(crate) const WORD_VALUE: &str = "value";

//! Parameters: one field of a payload, with the rule of its parameter, serves encode and
//! parse alike.
//!
//! A struct payload is declared with [`params!`]: each field names its rule once, and an
//! optional field may name the field it follows (`after format`); the macro writes the struct
//! and its [`Value`](super::forms::Value) (the parameters, in field order, both ways).

use super::encode::Args;
use super::parse::Params;
use super::rules::{Num, Str};
use crate::ParseError;

/// A field of a payload: one parameter (or, for a pair, two) of the line.
pub(crate) trait Param<'a>: Sized {
    /// The rule of the parameter: a `&'static Num`, a `&'static Str`, or a pair of them.
    type Rule: Copy;

    /// How many parameters the field takes on the line.
    const SLOTS: usize = 1;

    /// The spec's name of the (first) parameter, as [`EncodeError`](crate::EncodeError) says it.
    fn name(rule: Self::Rule) -> &'static str;

    /// Pushes the parameter (nothing for an absent optional one).
    fn push(&self, rule: Self::Rule, a: &mut Args<'a>);

    /// Reads the parameter at index `i`.
    fn take(p: &Params<'a>, i: usize, rule: Self::Rule) -> Result<Self, ParseError>;
}

/// Numbers, checked against their range; a flag (`bool`) is the number 0 or 1.
macro_rules! numbers {
    ($($t:ty $(as $wire:ident == $one:literal)?),*) => {$(
        impl Param<'_> for $t {
            type Rule = &'static Num;

            fn name(rule: &'static Num) -> &'static str {
                rule.param
            }

            #[inline]
            fn push(&self, rule: &'static Num, a: &mut Args<'_>) {
                a.num(*self, rule);
            }

            fn take(p: &Params<'_>, i: usize, rule: &'static Num) -> Result<Self, ParseError> {
                p.num(i, rule) $( .map(|v: $wire| v == $one) )?
            }
        }
    )*};
}

numbers!(u8, u16, u32, bool as u8 == 1);

/// An enumeration the spec writes as a number: its table, declared with
/// [`numbered!`](super::values::numbered).
pub(crate) trait Numbered: Copy + PartialEq + 'static {
    /// The number the spec writes this value as.
    fn number(self) -> u8;
    /// The value written as `number`, if the table has it.
    fn from_number(number: u8) -> Option<Self>;
}

impl<T: Numbered> Param<'_> for T {
    type Rule = &'static Num;

    fn name(rule: &'static Num) -> &'static str {
        rule.param
    }

    #[inline]
    fn push(&self, rule: &'static Num, a: &mut Args<'_>) {
        a.num(self.number(), rule);
    }

    /// A number the rule allows but the table lacks (none: each rule is its table's range)
    /// is a syntax error.
    fn take(p: &Params<'_>, i: usize, rule: &'static Num) -> Result<Self, ParseError> {
        T::from_number(p.num::<u8>(i, rule)?).ok_or(ParseError::Syntax { param: rule.param })
    }
}

/// A string, quoted on the line.
impl<'a> Param<'a> for &'a str {
    type Rule = &'static Str;

    fn name(rule: &'static Str) -> &'static str {
        rule.param
    }

    #[inline]
    fn push(&self, rule: &'static Str, a: &mut Args<'a>) {
        a.str(self, rule);
    }

    fn take(p: &Params<'a>, i: usize, rule: &'static Str) -> Result<Self, ParseError> {
        p.str(i, rule)
    }
}

/// An optional parameter: absent when the line stops before it.
impl<'a, T: Param<'a>> Param<'a> for Option<T> {
    type Rule = T::Rule;
    const SLOTS: usize = T::SLOTS;

    fn name(rule: T::Rule) -> &'static str {
        T::name(rule)
    }

    #[inline]
    fn push(&self, rule: T::Rule, a: &mut Args<'a>) {
        if let Some(value) = self {
            value.push(rule, a);
        }
    }

    fn take(p: &Params<'a>, i: usize, rule: T::Rule) -> Result<Self, ParseError> {
        if i < p.len() {
            T::take(p, i, rule).map(Some)
        } else {
            Ok(None)
        }
    }
}

/// Two parameters that come together (`"<usename>","<password>"`).
impl<'a, A: Param<'a>, B: Param<'a>> Param<'a> for (A, B) {
    type Rule = (A::Rule, B::Rule);
    const SLOTS: usize = A::SLOTS + B::SLOTS;

    fn name(rule: Self::Rule) -> &'static str {
        A::name(rule.0)
    }

    #[inline]
    fn push(&self, rule: Self::Rule, a: &mut Args<'a>) {
        self.0.push(rule.0, a);
        self.1.push(rule.1, a);
    }

    fn take(p: &Params<'a>, i: usize, rule: Self::Rule) -> Result<Self, ParseError> {
        Ok((A::take(p, i, rule.0)?, B::take(p, i + A::SLOTS, rule.1)?))
    }
}

/// The rule a field names: `RULE` for one parameter, `(FIRST, SECOND)` for a pair.
macro_rules! rule {
    (($first:ident, $second:ident)) => {
        (&$first, &$second)
    };
    ($rule:ident) => {
        &$rule
    };
}
pub(crate) use rule;

/// A struct payload whose fields are its parameters, in order, each with its rule
/// (`= RULE`) and, for an optional one, the optional field it follows (`after field`).
///
/// Encode refuses a field given without the one it follows
/// ([`EncodeError::Inconsistent`](crate::EncodeError::Inconsistent), before any other check);
/// parse refuses more parameters than the fields take, then reads them in order.
macro_rules! params {
    (
        $(#[$attr:meta])*
        pub struct $S:ident $(<$lt:lifetime>)? {
            $(
                $(#[$fattr:meta])*
                pub $f:ident: $fty:ty = $rule:tt $(after $prev:ident)?,
            )*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        pub struct $S $(<$lt>)? {
            $( $(#[$fattr])* pub $f: $fty, )*
        }

        impl<'a> $crate::command::forms::Value<'a> for $S $(<$lt>)? {
            type Rules = ();

            #[inline(always)]
            fn args(
                &self,
                (): (),
                a: &mut $crate::command::encode::Args<'a>,
            ) -> Result<(), $crate::EncodeError> {
                use $crate::command::params::{Param, rule};
                $( $( if self.$f.is_some() && self.$prev.is_none() {
                    let param = <$fty as Param<'a>>::name(rule!($rule));
                    return Err($crate::EncodeError::Inconsistent { param });
                } )? )*
                $( self.$f.push(rule!($rule), a); )*
                Ok(())
            }

            fn read(
                p: &$crate::command::parse::Params<'a>,
                (): (),
            ) -> Result<Self, $crate::ParseError> {
                use $crate::command::params::{Param, rule};
                p.at_most(0 $( + <$fty as Param<'a>>::SLOTS )*)?;
                let mut i = 0;
                $(
                    let $f = <$fty as Param<'a>>::take(p, i, rule!($rule))?;
                    i += <$fty as Param<'a>>::SLOTS;
                )*
                let _ = i;
                Ok(Self { $($f),* })
            }
        }
    };
}
pub(crate) use params;

//! The `+CME ERROR` codes of `spec/error-codes.yaml` `cme_errors`, with their texts.

use crate::CmeError;

/// A `+CME ERROR` code the spec lists (`spec/error-codes.yaml` `cme_errors`), with the text
/// AT+CMEE=2 prints for it.
///
/// ```
/// use simcom_at::CmeCode;
/// assert_eq!(CmeCode::ParamValueRangeBeyond.code(), 793);
/// assert_eq!(CmeCode::ParamValueRangeBeyond.text(), "Param value range beyond");
/// assert_eq!(CmeCode::from_code(767), Some(CmeCode::OperationFailed));
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CmeCode {
    /// 3: a well-formed command refused in the current state.
    OperationNotAllowed,
    /// 4: not produced by the model (unknown commands get plain `ERROR`); captures show it.
    OperationNotSupported,
    /// 10: AT+CPIN? with no SIM card (3GPP TS 27.007 9.2.1).
    SimNotInserted,
    /// 767: the command was accepted but its action failed.
    OperationFailed,
    /// 791: a required parameter is missing.
    ParamCountNotEnough,
    /// 792: more parameters than the form takes.
    ParamCountBeyond,
    /// 793: a number out of range or a string longer than its limit.
    ParamValueRangeBeyond,
    /// 794: a string where a number is expected, or the reverse.
    ParamTypeNotMatch,
    /// 795: a malformed parameter (unterminated quote, forbidden byte, …).
    ParamFormatInvalid,
    /// 796: an empty parameter where a value is required.
    NullParam,
    /// 797: AT+CNACT or AT+CGATT=1 while AT+CFUN is 0 or 4.
    CfunState,
}

code_table!(
    CmeCode,
    u16,
    text,
    "The text AT+CMEE=2 prints.",
    [
        OperationNotAllowed = 3,
        "Operation not allowed",
        OperationNotSupported = 4,
        "Operation not supported",
        SimNotInserted = 10,
        "SIM not inserted",
        OperationFailed = 767,
        "Operation failed",
        ParamCountNotEnough = 791,
        "Param count not enough",
        ParamCountBeyond = 792,
        "Param count beyond",
        ParamValueRangeBeyond = 793,
        "Param value range beyond",
        ParamTypeNotMatch = 794,
        "Param type not match",
        ParamFormatInvalid = 795,
        "Param format invalid",
        NullParam = 796,
        "Get a null param",
        CfunState = 797,
        "CFUN state is 0 or 4",
    ]
);

impl CmeCode {
    /// The code whose text is `text`, ignoring ASCII letter case (a SIM7000 capture prints
    /// `Operation not allowed`, third-party tables `operation not allowed`).
    ///
    /// ```
    /// use simcom_at::CmeCode;
    /// assert_eq!(CmeCode::from_text("operation not allowed"), Some(CmeCode::OperationNotAllowed));
    /// assert_eq!(CmeCode::from_text("Unknown error"), None);
    /// ```
    #[must_use]
    pub fn from_text(text: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.text().eq_ignore_ascii_case(text))
    }

    /// The `<err>` AT+CMEE=1 prints: the number.
    ///
    /// ```
    /// use simcom_at::{CmeCode, CmeError};
    /// assert_eq!(CmeCode::OperationFailed.numeric(), CmeError::Code(767));
    /// ```
    #[must_use]
    pub const fn numeric(self) -> CmeError<'static> {
        CmeError::Code(self.code())
    }

    /// The `<err>` AT+CMEE=2 prints: the text.
    ///
    /// ```
    /// use simcom_at::{CmeCode, CmeError};
    /// assert_eq!(CmeCode::OperationFailed.verbose(), CmeError::Text("Operation failed"));
    /// ```
    #[must_use]
    pub const fn verbose(self) -> CmeError<'static> {
        CmeError::Text(self.text())
    }
}

impl CmeError<'_> {
    /// The listed code this `<err>` names, by number or by text.
    ///
    /// ```
    /// use simcom_at::{CmeCode, CmeError};
    /// assert_eq!(CmeError::Code(3).cme_code(), Some(CmeCode::OperationNotAllowed));
    /// assert_eq!(CmeError::Text("Param count beyond").cme_code(), Some(CmeCode::ParamCountBeyond));
    /// assert_eq!(CmeError::Code(9999).cme_code(), None);
    /// ```
    #[must_use]
    pub fn cme_code(&self) -> Option<CmeCode> {
        match *self {
            Self::Code(n) => CmeCode::from_code(n),
            Self::Text(t) => CmeCode::from_text(t),
        }
    }
}

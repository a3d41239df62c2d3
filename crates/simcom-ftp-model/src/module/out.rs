//! What the module prints: response framing (ATV), error reporting (AT+CMEE) and the rule
//! that no URC lands inside a data phase.

use alloc::string::ToString;
use alloc::vec::Vec;

use simcom_at::{CmeCode, Final, Info, Prefix};

/// Why a command line is refused; AT+CMEE selects how it is printed (spec §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not a known command in a known form: always plain `ERROR`.
    Syntax,
    /// A CME error: the state, a failed action, a parameter, the radio (`spec/error-codes.yaml`).
    Cme(CmeCode),
}

impl Refusal {
    pub(crate) const STATE: Self = Self::Cme(CmeCode::OperationNotAllowed);
    pub(crate) const FAILED: Self = Self::Cme(CmeCode::OperationFailed);
    pub(crate) const RANGE: Self = Self::Cme(CmeCode::ParamValueRangeBeyond);
}

/// The module's transmit side.
#[derive(Debug)]
pub(crate) struct Out {
    /// Bytes not yet handed to the driver.
    pub(crate) tx: Vec<u8>,
    /// URCs held back while the host is in a data phase.
    held: Vec<u8>,
    /// Whether URCs are held back now.
    holding: bool,
    /// ATV1.
    pub(crate) verbose: bool,
    /// AT+CMEE 0, 1, 2.
    pub(crate) cmee: u8,
}

impl Out {
    pub(crate) fn new(verbose: bool, cmee: u8) -> Self {
        Self {
            tx: Vec::new(),
            held: Vec::new(),
            holding: false,
            verbose,
            cmee,
        }
    }

    fn frame(buf: &mut Vec<u8>, verbose: bool, text: &[u8]) {
        Self::framed(buf, verbose, |buf| buf.extend_from_slice(text));
    }

    /// `line` framed as `frame` frames text, written straight into `buf` (no `String` between:
    /// the model answers every command through here).
    fn frame_display(buf: &mut Vec<u8>, verbose: bool, line: &dyn core::fmt::Display) {
        Self::framed(buf, verbose, |buf| {
            // Writing into a Vec cannot fail; `Info` and `Final` print without errors.
            let _ = core::fmt::Write::write_fmt(&mut Bytes(buf), format_args!("{line}"));
        });
    }

    fn framed(buf: &mut Vec<u8>, verbose: bool, body: impl FnOnce(&mut Vec<u8>)) {
        if verbose {
            buf.extend_from_slice(b"\r\n");
        }
        body(buf);
        buf.extend_from_slice(b"\r\n");
    }

    /// An information line of the current command.
    pub(crate) fn info(&mut self, info: &Info<'_>) {
        Self::frame_display(&mut self.tx, self.verbose, info);
    }

    /// Information lines, then `OK`.
    pub(crate) fn answer<'a>(&mut self, lines: impl IntoIterator<Item = Info<'a>>) {
        for line in lines {
            self.info(&line);
        }
        self.ok();
    }

    /// A test-form answer, the allowed values as printed (`+FTPUN: 49`), then `OK`.
    pub(crate) fn ranges(&mut self, prefix: Prefix, text: &str) {
        self.answer([Info::Ranges { prefix, text }]);
    }

    /// One unprefixed line, then `OK` (the identity commands).
    pub(crate) fn answer_text(&mut self, line: &str) {
        self.text(line);
        self.ok();
    }

    /// An unprefixed line of the current command (the lines of ATI).
    pub(crate) fn text(&mut self, line: &str) {
        Self::frame(&mut self.tx, self.verbose, line.as_bytes());
    }

    /// An unprefixed line of the current command with a shape of its own (`Revision:`).
    pub(crate) fn text_line(&mut self, line: &dyn core::fmt::Display) {
        Self::frame_display(&mut self.tx, self.verbose, line);
    }

    /// An information line followed at once by raw bytes (`+FTPGET: 2,<n>` and its data).
    pub(crate) fn info_with_data(&mut self, info: &Info<'_>, data: &[u8]) {
        self.info(info);
        self.tx.extend_from_slice(data);
    }

    /// Raw bytes (echo, ETX data).
    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.tx.extend_from_slice(bytes);
    }

    /// The final result `OK`.
    pub(crate) fn ok(&mut self) {
        self.result(Final::Ok);
    }

    /// `OK` if `ok`, else the final result of the refusal.
    pub(crate) fn ok_or(&mut self, ok: bool, why: Refusal) {
        if ok {
            self.ok();
        } else {
            self.refuse(why);
        }
    }

    /// A final result: framed text with ATV1; with ATV0 its digit and a bare CR, or, for
    /// `+CME ERROR` (no digit), the text framed as an information line.
    fn result(&mut self, result: Final<'_>) {
        match result.numeric_code() {
            Some(digit) if !self.verbose => self.tx.extend_from_slice(&[b'0' + digit, b'\r']),
            _ => match result.text() {
                Some(text) => Self::frame(&mut self.tx, self.verbose, text.as_bytes()),
                None => Self::frame_display(&mut self.tx, self.verbose, &result),
            },
        }
    }

    /// A prompt line (`DOWNLOAD`), framed like an information line.
    pub(crate) fn prompt(&mut self, text: &str) {
        self.text(text);
    }

    /// The final result of a refused command, as AT+CMEE selects.
    pub(crate) fn refuse(&mut self, why: Refusal) {
        self.result(match (why, self.cmee) {
            (Refusal::Cme(code), 1) => Final::CmeError(code.numeric()),
            (Refusal::Cme(code), 2) => Final::CmeError(code.verbose()),
            _ => Final::Error,
        });
    }

    /// An unsolicited information line: printed now, or after the host's data phase ends.
    pub(crate) fn urc(&mut self, info: &Info<'_>) {
        self.urc_text(&info.to_string());
    }

    /// An unsolicited unprefixed line (`RDY`), held back as [`urc`](Self::urc) is.
    pub(crate) fn urc_text(&mut self, line: &str) {
        if self.holding {
            Self::frame(&mut self.held, self.verbose, line.as_bytes());
        } else {
            self.text(line);
        }
    }

    /// Hold URCs back (the host is sending data).
    pub(crate) fn hold(&mut self) {
        self.holding = true;
    }

    /// Stop holding URCs and print those held.
    pub(crate) fn release(&mut self) {
        self.holding = false;
        let held = core::mem::take(&mut self.held);
        self.tx.extend_from_slice(&held);
    }

    /// Bytes waiting in the held-URC buffer.
    pub(crate) fn held_len(&self) -> usize {
        self.held.len()
    }
}

/// A `fmt::Write` over the bytes the module transmits.
struct Bytes<'a>(&'a mut Vec<u8>);

impl core::fmt::Write for Bytes<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(verbose: bool, cmee: u8, why: Refusal) -> Vec<u8> {
        let mut out = Out::new(verbose, cmee);
        out.refuse(why);
        out.tx
    }

    /// spec/commands.yaml framing.errors and error-codes.yaml cme_errors: AT+CMEE selects
    /// ERROR, the number or the text; ATV0 prints ERROR as `4\r` and +CME ERROR as a line.
    #[test]
    fn a_refusal_is_printed_as_cmee_and_atv_select() {
        let sim = Refusal::Cme(CmeCode::SimNotInserted);
        assert_eq!(refused(true, 0, sim), b"\r\nERROR\r\n");
        assert_eq!(refused(true, 1, sim), b"\r\n+CME ERROR: 10\r\n");
        assert_eq!(
            refused(true, 2, sim),
            b"\r\n+CME ERROR: SIM not inserted\r\n"
        );
        assert_eq!(refused(false, 0, sim), b"4\r");
        assert_eq!(refused(false, 1, Refusal::RANGE), b"+CME ERROR: 793\r\n");
        assert_eq!(refused(true, 2, Refusal::Syntax), b"\r\nERROR\r\n");
        let mut out = Out::new(false, 0);
        out.ok();
        assert_eq!(out.tx, b"0\r");
    }
}

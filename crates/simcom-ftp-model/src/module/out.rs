//! What the module prints: response framing (ATV), error reporting (AT+CMEE) and the rule
//! that no URC lands inside a data phase.

use alloc::vec::Vec;

/// Why a command line is refused; AT+CMEE selects how it is printed (spec §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not a known command in a known form: always plain `ERROR`.
    Syntax,
    /// A CME error code: 3 state, 767 failed, 791–796 parameters, 797 CFUN.
    Cme(u16),
}

impl Refusal {
    pub(crate) const STATE: Self = Self::Cme(3);
    pub(crate) const FAILED: Self = Self::Cme(767);
    pub(crate) const RANGE: Self = Self::Cme(793);
}

/// The text of a CME error code (spec/error-codes.yaml).
fn cme_text(code: u16) -> &'static str {
    match code {
        3 => "Operation not allowed",
        4 => "Operation not supported",
        767 => "Operation failed",
        791 => "Param count not enough",
        792 => "Param count beyond",
        793 => "Param value range beyond",
        794 => "Param type not match",
        795 => "Param format invalid",
        796 => "Get a null param",
        797 => "CFUN state is 0 or 4",
        _ => "Unknown error",
    }
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
        if verbose {
            buf.extend_from_slice(b"\r\n");
        }
        buf.extend_from_slice(text);
        buf.extend_from_slice(b"\r\n");
    }

    /// An information line of the current command.
    pub(crate) fn info(&mut self, text: &str) {
        Self::frame(&mut self.tx, self.verbose, text.as_bytes());
    }

    /// An information line followed at once by raw bytes (`+FTPGET: 2,<n>` and its data).
    pub(crate) fn info_with_data(&mut self, text: &str, data: &[u8]) {
        self.info(text);
        self.tx.extend_from_slice(data);
    }

    /// Raw bytes (echo, ETX data).
    pub(crate) fn raw(&mut self, bytes: &[u8]) {
        self.tx.extend_from_slice(bytes);
    }

    /// The final result `OK`.
    pub(crate) fn ok(&mut self) {
        if self.verbose {
            self.tx.extend_from_slice(b"\r\nOK\r\n");
        } else {
            self.tx.extend_from_slice(b"0\r");
        }
    }

    /// A prompt line (`DOWNLOAD`), framed like an information line.
    pub(crate) fn prompt(&mut self, text: &str) {
        self.info(text);
    }

    /// The final result of a refused command, as AT+CMEE selects.
    pub(crate) fn refuse(&mut self, why: Refusal) {
        match (why, self.cmee) {
            (Refusal::Cme(code), 1) => {
                let mut line = alloc::string::String::from("+CME ERROR: ");
                push_num(&mut line, u64::from(code));
                self.info(&line);
            }
            (Refusal::Cme(code), 2) => {
                let mut line = alloc::string::String::from("+CME ERROR: ");
                line.push_str(cme_text(code));
                self.info(&line);
            }
            _ if self.verbose => self.tx.extend_from_slice(b"\r\nERROR\r\n"),
            _ => self.tx.extend_from_slice(b"4\r"),
        }
    }

    /// An unsolicited line: printed now, or after the host's data phase ends.
    pub(crate) fn urc(&mut self, text: &str) {
        if self.holding {
            Self::frame(&mut self.held, self.verbose, text.as_bytes());
        } else {
            self.info(text);
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

/// Appends the decimal digits of `n`.
pub(crate) fn push_num(s: &mut alloc::string::String, n: u64) {
    use core::fmt::Write;
    let _ = write!(s, "{n}");
}

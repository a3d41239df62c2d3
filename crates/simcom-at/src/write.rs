//! Writing the module's lines into a caller's buffer (no allocation), and the checks that a
//! string can stand in a line the decoder reads back unchanged.

use core::fmt;

use crate::EncodeError;

/// A [`fmt::Write`] into a byte slice that keeps counting past its end, so that a refusal can
/// say how many bytes the line needs.
struct SliceWriter<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl fmt::Write for SliceWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(s.as_bytes());
        }
        self.len = end;
        Ok(())
    }
}

/// Writes `line` (already checked) into `buf`: its length, or
/// [`EncodeError::BufferTooSmall`] with the length it needs.
pub(crate) fn encode_into(line: &dyn fmt::Display, buf: &mut [u8]) -> Result<usize, EncodeError> {
    let mut w = SliceWriter { buf, len: 0 };
    // `SliceWriter` never fails, and the lines' `Display` only writes through it.
    let _ = fmt::write(&mut w, format_args!("{line}"));
    if w.len > w.buf.len() {
        return Err(EncodeError::BufferTooSmall { needed: w.len });
    }
    Ok(w.len)
}

/// The length of `line` as [`encode_into`] writes it.
pub(crate) fn encoded_len(line: &dyn fmt::Display) -> usize {
    let mut w = SliceWriter {
        buf: &mut [],
        len: 0,
    };
    let _ = fmt::write(&mut w, format_args!("{line}"));
    w.len
}

/// A string printed between double quotes: no `"` and no control byte (CR, LF, NUL, …).
pub(crate) fn check_quoted(param: &'static str, value: &str) -> Result<(), EncodeError> {
    match value.bytes().find(|&b| b == b'"' || is_control(b)) {
        Some(byte) => Err(EncodeError::ForbiddenByte { param, byte }),
        None => Ok(()),
    }
}

/// Text printed as is (the rest of a line): no control byte, and no `(` outside double quotes,
/// which would make the decoder read the line as a test-form answer
/// ([`Info::Ranges`](crate::Info::Ranges)).
pub(crate) fn check_free(param: &'static str, value: &str) -> Result<(), EncodeError> {
    if let Some(byte) = value.bytes().find(|&b| is_control(b)) {
        return Err(EncodeError::ForbiddenByte { param, byte });
    }
    if paren_outside_quotes(value.as_bytes()) {
        return Err(EncodeError::NoRoundTrip { param });
    }
    Ok(())
}

/// Whether `body` has a `(` that is not inside double quotes.
pub(crate) fn paren_outside_quotes(body: &[u8]) -> bool {
    let mut quoted = false;
    body.iter().any(|&b| {
        if b == b'"' {
            quoted = !quoted;
        }
        b == b'(' && !quoted
    })
}

/// A byte that cannot stand in a line: a C0 control byte or DEL.
pub(crate) const fn is_control(b: u8) -> bool {
    b < 0x20 || b == 0x7f
}

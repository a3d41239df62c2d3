//! DLE/ETX framing of the transparent data modes (AT+FTPETPUT=2 and AT+FTPETGET=1).
//!
//! The sender escapes every payload byte `0x03` (ETX) as `10 03` and every `0x10` (DLE) as
//! `10 10`, and ends the data with one bare `03`. The receiver drops a DLE that precedes DLE or
//! ETX and keeps the second byte; a bare ETX ends the data. SIMCom does not say what a DLE
//! before any other byte means: this crate keeps both bytes, unaltered (spec/README.md), and
//! never produces that sequence itself.
//!
//! ```
//! use simcom_at::etx;
//! let payload = [b'a', 0x03, 0x10, b'b'];
//! let mut wire = [0u8; 16];
//! let (consumed, mut n) = etx::escape(&payload, &mut wire);
//! assert_eq!(consumed, 4);
//! wire[n] = etx::ETX;
//! n += 1;
//! assert_eq!(&wire[..n], &[b'a', 0x10, 0x03, 0x10, 0x10, b'b', 0x03]);
//!
//! let out = etx::unescape_in_place(&mut wire[..n]);
//! assert_eq!(out, etx::Unescaped { written: 4, consumed: 7, end: true });
//! assert_eq!(&wire[..4], &payload);
//! ```

/// End of text: a bare ETX ends the transparent data.
pub const ETX: u8 = 0x03;
/// Data link escape: makes the next ETX or DLE a data byte.
pub const DLE: u8 = 0x10;

/// Escapes as much of `input` as fits into `out`; returns `(consumed, written)`.
///
/// Stops before a byte whose escaped form does not fit. The terminating bare [`ETX`] is the
/// caller's to append when the payload is complete.
#[must_use]
pub fn escape(input: &[u8], out: &mut [u8]) -> (usize, usize) {
    let mut w = 0;
    for (r, &b) in input.iter().enumerate() {
        let special = b == ETX || b == DLE;
        let need = if special { 2 } else { 1 };
        if w + need > out.len() {
            return (r, w);
        }
        if special {
            out[w] = DLE;
            w += 1;
        }
        out[w] = b;
        w += 1;
    }
    (input.len(), w)
}

/// The escaped length of `input`, without the terminating ETX.
#[must_use]
pub fn escaped_len(input: &[u8]) -> usize {
    input.len() + input.iter().filter(|&&b| b == ETX || b == DLE).count()
}

/// The escaped payload followed by the terminating bare ETX: exactly what the host sends
/// after `+FTPETPUT: 2,1`.
///
/// ```
/// assert_eq!(simcom_at::etx::frame(&[0x03, b'x']), vec![0x10, 0x03, b'x', 0x03]);
/// ```
#[cfg(feature = "alloc")]
#[must_use]
pub fn frame(payload: &[u8]) -> alloc::vec::Vec<u8> {
    let mut out = alloc::vec![0; escaped_len(payload) + 1];
    let (_, n) = escape(payload, &mut out);
    out[n] = ETX;
    out
}

/// The result of [`unescape_in_place`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unescaped {
    /// Payload bytes now at the start of the buffer.
    pub written: usize,
    /// Input bytes used up (including the terminating ETX when `end`).
    pub consumed: usize,
    /// A bare ETX was found: the data is complete, and `consumed` stops right after it.
    pub end: bool,
}

/// Unescapes `buf` in place: the payload is moved to `buf[..written]`.
///
/// A DLE in the last position is not consumed (its meaning depends on the next byte): present
/// it again with more input. Bytes after a bare ETX are left untouched. Never fails: every byte
/// string has a meaning.
#[must_use]
pub fn unescape_in_place(buf: &mut [u8]) -> Unescaped {
    let (mut r, mut w) = (0, 0);
    while r < buf.len() {
        // Ordinary bytes come in runs: find the next ETX or DLE and move the run at once.
        let run = memchr::memchr2(ETX, DLE, &buf[r..]).unwrap_or(buf.len() - r);
        if run > 0 {
            if w != r {
                buf.copy_within(r..r + run, w);
            }
            r += run;
            w += run;
            continue;
        }
        if buf[r] == ETX {
            return Unescaped {
                written: w,
                consumed: r + 1,
                end: true,
            };
        }
        // A DLE.
        let Some(&next) = buf.get(r + 1) else { break };
        if next == ETX || next == DLE {
            buf[w] = next;
            w += 1;
        } else {
            // Undocumented: keep both bytes, unaltered.
            buf[w] = DLE;
            buf[w + 1] = next;
            w += 2;
        }
        r += 2;
    }
    Unescaped {
        written: w,
        consumed: r,
        end: false,
    }
}

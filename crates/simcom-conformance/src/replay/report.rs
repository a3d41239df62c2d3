//! How a failure is reported: what was expected, what came, where two byte strings differ;
//! lines shown with their control bytes and edge spaces visible, and cut when long.

use std::time::Duration;

use crate::secret::redact;

/// The longest part of a line a report shows.
const MAX_SHOWN: usize = 200;

/// A line as a report shows it: as it is when it is plain text, else in double quotes with
/// control bytes, bytes that are not UTF-8 and a backslash escaped (`"O\x07K "`), so that it
/// never looks like a line it is not. Cut after 200 bytes, with its length.
///
/// ```
/// use simcom_conformance::replay::visible;
/// assert_eq!(visible(b"OK"), "OK");
/// assert_eq!(visible(b"O\x07K "), r#""O\x07K ""#);
/// assert_eq!(visible(b" OK"), r#"" OK""#);
/// assert!(visible(&[b'x'; 5000]).ends_with("… (5000 bytes)\""));
/// ```
pub fn visible(line: &[u8]) -> String {
    let plain = std::str::from_utf8(line)
        .is_ok_and(|s| !s.chars().any(char::is_control) && s.trim() == s && !s.starts_with('"'));
    if plain && line.len() <= MAX_SHOWN {
        return String::from_utf8_lossy(line).into_owned();
    }
    format!("\"{}\"", escaped(line, true))
}

/// Bytes as a wire log shows them: control bytes, bytes that are not UTF-8 and `\` escaped;
/// cut after 200 bytes, with the length.
pub(crate) fn visible_raw(bytes: &[u8]) -> String {
    escaped(bytes, false)
}

fn escaped(bytes: &[u8], quotes: bool) -> String {
    let shown = &bytes[..bytes.len().min(MAX_SHOWN)];
    let mut out = String::new();
    for chunk in shown.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' if quotes => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\r' => out.push_str("\\r"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c if c.is_ascii_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
                c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    if bytes.len() > MAX_SHOWN {
        out.push_str(&format!("… ({} bytes)", bytes.len()));
    }
    out
}

/// Why a transcript failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// 1-based number of the failing step (0: before the first step).
    pub step: usize,
    /// The line of the transcript file where the step is written, if known.
    pub line: Option<usize>,
    /// The step as written.
    pub step_text: String,
    /// What the step expected.
    pub expected: String,
    /// What came instead (the items read while trying, last one first failing).
    pub received: Vec<String>,
    /// A sentence saying what went wrong.
    pub reason: String,
    /// The target's clock when the step failed (time into the transcript).
    pub at: Duration,
    /// The last lines the module printed before what `received` shows.
    pub context: Vec<String>,
}

impl Failure {
    /// The failure in one line: the step, its line in the file, and the reason.
    pub fn headline(&self) -> String {
        format!("{}: {}", self.which(), self.reason)
    }

    /// `step 6 (line 11): expect: OK`: the step, where the file writes it, as written.
    fn which(&self) -> String {
        let line = self
            .line
            .map(|l| format!(" (line {l})"))
            .unwrap_or_default();
        format!("step {}{line}: {}", self.step, self.step_text)
    }

    pub(super) fn redacted(self, secrets: &[String]) -> Self {
        let r = |s: &str| redact(s, secrets);
        let expected = r(&self.expected);
        let received: Vec<String> = self.received.iter().map(|s| r(s)).collect();
        let mut reason = r(&self.reason);
        // Two passwords that differ look alike masked: say where the difference is.
        if received.last() == Some(&expected) && self.received.last() != Some(&self.expected) {
            reason.push_str(" (in a password, which is not shown)");
        }
        Self {
            step_text: r(&self.step_text),
            expected,
            received,
            reason,
            context: self.context.iter().map(|s| r(s)).collect(),
            ..self
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.which())?;
        writeln!(
            f,
            "  {} ({:.3} s into the transcript)",
            self.reason,
            self.at.as_secs_f64()
        )?;
        writeln!(f, "  expected: {}", self.expected)?;
        if self.received.is_empty() {
            writeln!(f, "  received: nothing")?;
        } else {
            writeln!(f, "  received:")?;
            for r in &self.received {
                writeln!(f, "    {r}")?;
            }
        }
        if !self.context.is_empty() {
            writeln!(f, "  printed before:")?;
            for c in &self.context {
                writeln!(f, "    {c}")?;
            }
        }
        Ok(())
    }
}

/// Where two byte strings first differ, and each side shown from there: `(offset, expected,
/// received)`, e.g. `bytes 1000..1016 of 2000: "\x06\xa3…"` or `the end of the data (1000 bytes)`.
pub(super) fn bytes_diff(want: &[u8], got: &[u8]) -> (usize, String, String) {
    const SHOWN: usize = 16;
    let at = got
        .iter()
        .zip(want)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(want.len()));
    let side = |b: &[u8]| {
        if at >= b.len() {
            format!("the end of the data ({} bytes)", b.len())
        } else {
            let end = (at + SHOWN).min(b.len());
            let more = if end < b.len() { "…" } else { "" };
            format!(
                "bytes {at}..{end} of {}: \"{}\"{more}",
                b.len(),
                b[at..end].escape_ascii()
            )
        }
    };
    (at, side(want), side(got))
}

#[cfg(test)]
mod tests {
    use super::bytes_diff;

    #[test]
    fn a_data_difference_shows_both_sides_from_the_first_differing_byte() {
        let want: Vec<u8> = (0u8..40).collect();
        let mut got = want.clone();
        got[20] = 0xff;
        let (at, expected, received) = bytes_diff(&want, &got);
        assert_eq!(at, 20);
        assert_eq!(
            expected,
            "bytes 20..36 of 40: \"\\x14\\x15\\x16\\x17\\x18\\x19\\x1a\\x1b\\x1c\\x1d\\x1e\\x1f !\\\"#\"…"
        );
        assert!(
            received.starts_with("bytes 20..36 of 40: \"\\xff\\x15"),
            "{received}"
        );
    }

    #[test]
    fn a_short_side_is_shown_as_its_end() {
        let (at, expected, received) = bytes_diff(b"abc", b"abcdef");
        assert_eq!(at, 3);
        assert_eq!(expected, "the end of the data (3 bytes)");
        assert_eq!(received, "bytes 3..6 of 6: \"def\"");
    }
}

//! The bottom layer: passwords kept out of every output. [`redact`] is the one function that
//! every output path uses (reports, errors, wire logs, JUnit, recordings, `decode`), and
//! [`password_in`] the one place that knows where the AT protocol carries a password.
//!
//! Imports nothing of the crate.

/// What a secret is replaced by.
pub const MASK: &str = "***";

/// The password a line of the wire carries, if it is one that does: the argument of
/// `AT+FTPPW=` (the host's command, or its echo) or the value of a `+FTPPW: "…"` read
/// answer, without its quotes. Case-insensitive, as the module is.
///
/// ```
/// use simcom_conformance::secret::password_in;
/// assert_eq!(password_in(b"AT+FTPPW=\"s3cret\"\r"), Some("s3cret".to_string()));
/// assert_eq!(password_in(b"+FTPPW: \"s3cret\""), Some("s3cret".to_string()));
/// assert_eq!(password_in(b"+FTPPW: 49"), None); // the test form's maximum length
/// assert_eq!(password_in(b"AT+FTPUN=\"me\""), None);
/// ```
pub fn password_in(line: &[u8]) -> Option<String> {
    let (start, end) = password_span(line, 0)?;
    let value = String::from_utf8_lossy(&line[start..end]).into_owned();
    (!value.is_empty()).then_some(value)
}

/// Where the next password carried on the wire lies in `text`, from `from`: the argument of
/// `AT+FTPPW=` or the quoted value of `+FTPPW:`, quotes excluded. The span may be empty.
fn password_span(text: &[u8], from: usize) -> Option<(usize, usize)> {
    const COMMAND: &[u8] = b"AT+FTPPW=";
    const ANSWER: &[u8] = b"+FTPPW:";
    let mut i = from;
    while i < text.len() {
        let rest = &text[i..];
        let after = if starts_with_ignore_case(rest, COMMAND) {
            Some(i + COMMAND.len())
        } else if starts_with_ignore_case(rest, ANSWER) {
            // The read answer quotes its value; the test form's bare number is no password.
            let mut j = i + ANSWER.len();
            while text.get(j) == Some(&b' ') {
                j += 1;
            }
            (text.get(j) == Some(&b'"')).then_some(j)
        } else {
            None
        };
        // `AT+FTPPW=?` is the test form, not a password.
        let test_form = |a: usize| {
            let rest = &text[a..];
            rest == b"?" || rest.starts_with(b"?\r") || rest.starts_with(b"?\n")
        };
        let after = after.filter(|&a| !test_form(a));
        if let Some(mut start) = after {
            let quoted = text.get(start) == Some(&b'"');
            if quoted {
                start += 1;
            }
            let end = text[start..]
                .iter()
                .position(|&b| {
                    if quoted {
                        b == b'"' || b == b'\r' || b == b'\n'
                    } else {
                        b == b'\r' || b == b'\n' || b == b'\\' || b == b' '
                    }
                })
                .map_or(text.len(), |p| start + p);
            return Some((start, end));
        }
        i += 1;
    }
    None
}

fn starts_with_ignore_case(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Where the password of a URL's account lies in `text`, from `from`
/// (`scheme://user:PASSWORD@host`).
fn url_password_span(text: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while let Some(p) = find(&text[i..], b"://") {
        let authority_start = i + p + 3;
        let authority_len = text[authority_start..]
            .iter()
            .position(|&b| matches!(b, b'/' | b'"' | b'\'' | b' ' | b'\r' | b'\n' | b'\t'))
            .unwrap_or(text.len() - authority_start);
        let authority = &text[authority_start..authority_start + authority_len];
        if let Some(at) = authority.iter().rposition(|&b| b == b'@')
            && let Some(colon) = authority[..at].iter().position(|&b| b == b':')
        {
            return Some((authority_start + colon + 1, authority_start + at));
        }
        i = authority_start;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `text` with every password replaced by [`MASK`]: each of `secrets` wherever it appears,
/// and, whatever `secrets` holds, the argument of `AT+FTPPW=`, the value of a `+FTPPW: "…"`
/// answer and the password of a URL's account.
///
/// ```
/// use simcom_conformance::secret::redact;
/// let secrets = ["hunter2".to_string()];
/// assert_eq!(redact("login hunter2 failed", &secrets), "login *** failed");
/// assert_eq!(redact("AT+FTPPW=\"other\"\r", &[]), "AT+FTPPW=\"***\"\r");
/// assert_eq!(redact("+FTPPW: \"other\"", &[]), "+FTPPW: \"***\"");
/// assert_eq!(redact("--server ftp://me:pw@host:21/x", &[]), "--server ftp://me:***@host:21/x");
/// ```
pub fn redact(text: &str, secrets: &[String]) -> String {
    let bytes = redact_bytes(text.as_bytes(), secrets);
    // Only whole ASCII-delimited spans were replaced by ASCII: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`redact`] on bytes that need not be UTF-8 (a wire log, a raw line).
///
/// ```
/// use simcom_conformance::secret::redact_bytes;
/// assert_eq!(redact_bytes(b"\xffAT+FTPPW=\"x\"\r", &[]), b"\xffAT+FTPPW=\"***\"\r");
/// ```
pub fn redact_bytes(bytes: &[u8], secrets: &[String]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for span in [password_span, url_password_span] {
        let mut from = 0;
        while let Some((start, end)) = span(&out, from) {
            // A transcript's `${name}` is a reference, not the value: it may be shown.
            let reference = out[start..end].starts_with(b"${") && out[start..end].ends_with(b"}");
            if end > start && !reference {
                out.splice(start..end, MASK.bytes());
                from = start + MASK.len();
            } else {
                from = end.max(start + 1);
            }
        }
    }
    // Longest first, so that a secret containing another is masked whole.
    let mut secrets: Vec<&String> = secrets.iter().filter(|s| !s.is_empty()).collect();
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for s in secrets {
        let s = s.as_bytes();
        let mut from = 0;
        while let Some(p) = find(&out[from..], s) {
            let at = from + p;
            out.splice(at..at + s.len(), MASK.bytes());
            from = at + MASK.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_the_password_is_masked() {
        let s = ["pa$$".to_string()];
        for (text, want) in [
            ("at+ftppw=\"pa$$\"", "at+ftppw=\"***\""),
            ("AT+FTPPW=pa$$\r\n", "AT+FTPPW=***\r\n"),
            ("AT+FTPPW=\"\"", "AT+FTPPW=\"\""),
            ("AT+FTPPW=?", "AT+FTPPW=?"),
            ("AT+FTPPW=?\r", "AT+FTPPW=?\r"),
            ("AT+FTPPW?", "AT+FTPPW?"),
            ("+FTPPW: 49", "+FTPPW: 49"),
            ("+FTPPW:\"x y\"", "+FTPPW:\"***\""),
            ("AT+FTPPW=\\\"pa$$\\\"\\r", "AT+FTPPW=\\\"***\\\"\\r"),
            ("ftps://u:p:q@h", "ftps://u:***@h"),
            ("ftp://u@h and ftp://h", "ftp://u@h and ftp://h"),
            ("ftp://a:b@h ftp://c:d@i", "ftp://a:***@h ftp://c:***@i"),
            ("the password pa$$ and pa$$", "the password *** and ***"),
            ("AT+FTPPW=", "AT+FTPPW="),
            ("AT+FTPPW=\"${password}\"", "AT+FTPPW=\"${password}\""),
        ] {
            assert_eq!(redact(text, &s), want, "{text:?}");
        }
    }

    #[test]
    fn a_secret_inside_another_is_masked_whole() {
        let s = ["ab".to_string(), "abcd".to_string()];
        assert_eq!(redact("xabcdx ab", &s), "x***x ***");
    }
}

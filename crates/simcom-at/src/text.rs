//! Typed readings of the unprefixed text lines a command is answered with.
//!
//! The decoder hands these lines out as [`Event::Text`](crate::Event::Text): they carry no
//! `+NAME:` prefix, so only the command in flight says what they are. Where the spec gives a
//! line a shape, a type here reads it and prints it back byte for byte.

use core::fmt;

/// `Revision: <revision>`: the line AT+CGMR, AT+GMR and AT+GSV print.
///
/// The SIM7080 AT manual prints a space after the colon (V1.02 §3.2.3 p. 40, §2.2.27 p. 33,
/// §5.2.9 p. 95); real SIM7080 and SIM7000E modules were seen printing none (TinyGSM issue
/// #592, botletics/SIM7000-LTE-Shield issue #71). Both read; `space` says which was printed, so
/// that [`Display`](fmt::Display) writes the same bytes back.
///
/// ```
/// use simcom_at::Revision;
/// let r = Revision::parse(b"Revision:1951B10SIM7080").unwrap();
/// assert_eq!((r.revision, r.space), ("1951B10SIM7080", false));
/// assert_eq!(Revision::parse(b"Revision: 1351B01SIM7080").unwrap().revision, "1351B01SIM7080");
/// assert_eq!(r.to_string(), "Revision:1951B10SIM7080");
/// assert_eq!(Revision::parse(b"SIM7080 R1351"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision<'a> {
    /// `<revision>`: the software release (`1351B01SIM7080`).
    pub revision: &'a str,
    /// Whether a space follows the colon, as the manual prints it.
    pub space: bool,
}

impl<'a> Revision<'a> {
    /// Reads a `Revision:` line (without its line end). `None` unless the line starts with
    /// `Revision:`, then at most one space, then a revision of printable ASCII that neither
    /// starts with nor holds a space: anything else is not this line.
    #[must_use]
    pub fn parse(line: &'a [u8]) -> Option<Self> {
        let rest = line.strip_prefix(b"Revision:")?;
        let (space, rest) = match rest.strip_prefix(b" ") {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        if rest.is_empty() || !rest.iter().all(|&b| b.is_ascii_graphic()) {
            return None;
        }
        // All printable ASCII, so this is text.
        let revision = core::str::from_utf8(rest).ok()?;
        Some(Self { revision, space })
    }
}

impl fmt::Display for Revision<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let space = if self.space { " " } else { "" };
        write!(f, "Revision:{space}{}", self.revision)
    }
}

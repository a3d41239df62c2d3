//! The spec as data: the commands, forms, host-side parameters and URCs of
//! `spec/commands.yaml`, and the codes of `spec/error-codes.yaml`, built into the binary so
//! that a coverage report always measures against the spec it was built with.
//!
//! Imports nothing of the harness: a bottom layer. Its YAML is read in one private module.

use std::collections::BTreeMap;
use std::sync::OnceLock;

mod yaml;

/// `spec/commands.yaml`, as built in.
const COMMANDS: &str = include_str!("../../../../spec/commands.yaml");
/// `spec/error-codes.yaml`, as built in.
const CODES: &str = include_str!("../../../../spec/error-codes.yaml");
/// `spec/coverage.yaml`, as built in.
const EXCEPTIONS: &str = include_str!("../../../../spec/coverage.yaml");

/// A command line's form, as the spec's `forms` keys name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// `AT+X=?`.
    Test,
    /// `AT+X?`.
    Read,
    /// `AT+X=<...>` (and `ATE0`, whose value follows the name).
    Write,
    /// `AT+X`.
    Execute,
}

impl Form {
    /// The spec's key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::Read => "read",
            Self::Write => "write",
            Self::Execute => "execute",
        }
    }

    pub(crate) fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "test" => Self::Test,
            "read" => Self::Read,
            "write" => Self::Write,
            "execute" => Self::Execute,
            _ => return None,
        })
    }
}

/// The values a host-side parameter's boundaries are made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Domain {
    /// A number from `min` to `max` (a range, or the numbers a `values` table lists).
    Number {
        /// The smallest value.
        min: u64,
        /// The largest value.
        max: u64,
    },
    /// A string of `min_len` to `max_len` bytes (no maximum: `None`).
    Text {
        /// The fewest bytes (0 when the spec gives no minimum).
        min_len: usize,
        /// The most bytes, when the spec gives a limit.
        max_len: Option<usize>,
    },
    /// One of these names (case-insensitive).
    Names(Vec<String>),
    /// Values the spec does not bound (a list of codes it gives as ranges).
    Open,
}

/// A boundary value of a parameter: one value a conformance run should send.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Boundary {
    /// What it is: `min`, `max`, `below min`, `above max`, `empty`, `max length`,
    /// `over max length`, or a name of the table.
    pub label: String,
    /// The value as sent (a number, or a string's length in `label`).
    pub value: String,
}

impl Domain {
    /// The values a run should send: for a number its min, max and one past each (below 0 is
    /// not a number the line can carry); for a string empty, the longest and one more; for a
    /// table of names each name.
    pub fn boundaries(&self) -> Vec<Boundary> {
        let b = |label: &str, value: String| Boundary {
            label: label.to_string(),
            value,
        };
        match self {
            Self::Number { min, max } => {
                let mut v = vec![b("min", min.to_string()), b("max", max.to_string())];
                if *min > 0 {
                    v.push(b("below min", (min - 1).to_string()));
                }
                v.push(b("above max", (max + 1).to_string()));
                v
            }
            Self::Text { min_len, max_len } => {
                let mut v = vec![b("empty", "0 bytes".into())];
                if let Some(max) = max_len {
                    v.push(b("max length", format!("{max} bytes")));
                    v.push(b("over max length", format!("{} bytes", max + 1)));
                }
                if *min_len > 1 {
                    v.push(b("min length", format!("{min_len} bytes")));
                }
                v
            }
            Self::Names(names) => names.iter().map(|n| b("name", n.clone())).collect(),
            Self::Open => Vec::new(),
        }
    }

    /// Which of [`boundaries`](Self::boundaries) `token` (as sent, quotes removed) is: more
    /// than one when they coincide (a table of one number is its min and its max).
    pub fn hits(&self, token: &str) -> Vec<Boundary> {
        self.boundaries()
            .into_iter()
            .filter(|b| match self {
                Self::Number { .. } => number(token).is_some_and(|n| n.to_string() == b.value),
                Self::Text { .. } => format!("{} bytes", token.len()) == b.value,
                Self::Names(_) => token.eq_ignore_ascii_case(&b.value),
                Self::Open => false,
            })
            .collect()
    }
}

/// `token` as a number: decimal digits only, leading zeros allowed; `None` for anything
/// else, and for a number too large to be any parameter's.
fn number(token: &str) -> Option<u64> {
    if token.is_empty() || !token.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match token.trim_start_matches('0') {
        "" => Some(0),
        digits => digits.parse().ok(),
    }
}

/// A host-side parameter: one that a command line carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Its name, as the syntax writes it (`reqlength`).
    pub name: String,
    /// Its values.
    pub domain: Domain,
}

/// One element of a syntax: a placeholder, or a literal (the CSSLCFG keyword).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// `<name>` or `"<name>"`.
    Placeholder {
        /// The parameter's name.
        name: String,
        /// Written between quotes.
        quoted: bool,
    },
    /// A fixed token (`"SSLVERSION"`), quotes removed.
    Literal(String),
}

/// A command of the spec.
#[derive(Debug, Clone)]
pub struct SpecCommand {
    /// `AT+FTPGET`.
    pub name: String,
    /// Its family (`ftp-session`).
    pub family: String,
    /// Its forms, in the spec's order (test, read, write, execute as listed).
    pub forms: Vec<Form>,
    /// The final result codes each form can end with (`OK`, `ERROR`).
    pub finals: BTreeMap<Form, Vec<String>>,
    /// The parameters a command line carries, in the order they first appear.
    pub params: Vec<Param>,
    /// The parameter lists a write (or execute) line can have: each form's syntax and each
    /// case's, expanded over optional parts and alternatives.
    pub shapes: Vec<Vec<Element>>,
    /// The URCs the spec lists for it.
    pub urcs: Vec<String>,
}

impl SpecCommand {
    /// The parameter named `name`.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// A code of `spec/error-codes.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Code {
    /// The number.
    pub code: u16,
    /// Its name (FTP codes) or text (CME codes).
    pub name: String,
    /// Whether the model can produce it: not for the spec's `not_used` FTP codes, nor for a
    /// CME code the table says the model does not produce. Why not, when not.
    pub not_produced: Option<String>,
}

/// The spec, as a coverage report measures against it.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The commands, in the spec's order.
    pub commands: Vec<SpecCommand>,
    /// The FTP `<error>` codes 61–94 (and the SIM800 ones the spec lists as not used).
    pub ftp_codes: Vec<Code>,
    /// The `+CME ERROR` codes.
    pub cme_codes: Vec<Code>,
    /// What the corpus cannot reach on the model (`spec/coverage.yaml`): a line of the
    /// coverage report's "not reached" list, and why.
    pub coverage_exceptions: Vec<(String, String)>,
}

/// Why the built-in spec cannot be read: a bug of the build, reported, not a panic.
#[derive(Debug, thiserror::Error)]
#[error("the built-in spec/{file} cannot be read: {why}")]
pub struct SpecError {
    pub(crate) file: &'static str,
    pub(crate) why: String,
}

impl Spec {
    /// The spec this binary was built with.
    ///
    /// ```
    /// let spec = simcom_conformance::spec::Spec::built_in().unwrap();
    /// let get = spec.command("AT+FTPGET").unwrap();
    /// assert_eq!(get.forms.len(), 2); // test, write
    /// assert_eq!(get.param("reqlength").unwrap().domain.boundaries().len(), 4); // 1, 1460, 0, 1461
    /// assert!(spec.ftp_codes.iter().any(|c| c.code == 64));
    /// ```
    ///
    /// # Errors
    /// The built-in YAML does not read as the spec (a test keeps this from shipping).
    pub fn built_in() -> Result<&'static Spec, &'static SpecError> {
        static SPEC: OnceLock<Result<Spec, SpecError>> = OnceLock::new();
        SPEC.get_or_init(|| yaml::parse(COMMANDS, CODES, EXCEPTIONS))
            .as_ref()
    }

    /// The command named `name` (as the spec writes it, `AT+FTPGET`).
    pub fn command(&self, name: &str) -> Option<&SpecCommand> {
        self.commands.iter().find(|c| c.name == name)
    }
}

/// What a form's syntax has after the command's name and `=` (`<mode>[,<reqlength>]`);
/// `ATE<value>` gives `<value>`.
pub(crate) fn after_name(syntax: &str, name: &str) -> String {
    let rest = syntax.get(name.len()..).unwrap_or("");
    rest.strip_prefix('=').unwrap_or(rest).to_string()
}

/// The element lists a syntax allows: `<mode>[,<reqlength>]` gives `[mode]` and
/// `[mode, reqlength]`; `<a>[,<b>|,<c>,<d>]` gives `[a]`, `[a, b]`, `[a, c, d]`. An ellipsis
/// (`<keyword>,...`) allows nothing: its cases give the shapes.
///
/// ```
/// use simcom_conformance::spec::{expand, Element};
/// let names = |s: &str| -> Vec<Vec<String>> {
///     expand(s).into_iter().map(|e| e.into_iter().map(|x| match x {
///         Element::Placeholder { name, quoted } => if quoted { format!("\"{name}\"") } else { name },
///         Element::Literal(l) => format!("={l}"),
///     }).collect()).collect()
/// };
/// assert_eq!(names("<mode>[,<reqlength>]"), [vec!["mode"], vec!["mode", "reqlength"]]);
/// assert_eq!(
///     names("<mode>[,<dir>,\"<file_name>\"|,<pos>,<len>]"),
///     [vec!["mode"], vec!["mode", "dir", "\"file_name\""], vec!["mode", "pos", "len"]]
/// );
/// assert_eq!(names("\"SNI\",<ctxindex>,\"<servername>\""), [vec!["=SNI", "ctxindex", "\"servername\""]]);
/// assert!(names("<keyword>,...").is_empty());
/// ```
pub fn expand(syntax: &str) -> Vec<Vec<Element>> {
    if syntax.contains("...") {
        return Vec::new();
    }
    let chars: Vec<char> = syntax.chars().collect();
    let mut pos = 0;
    alternatives(&chars, &mut pos)
}

/// `seq ('|' seq)*` up to an unmatched `]` or the end.
fn alternatives(s: &[char], pos: &mut usize) -> Vec<Vec<Element>> {
    let mut all = sequence(s, pos);
    while *pos < s.len() && s[*pos] == '|' {
        *pos += 1;
        all.extend(sequence(s, pos));
    }
    all
}

/// Elements and optional groups up to `|`, `]` or the end: every combination.
fn sequence(s: &[char], pos: &mut usize) -> Vec<Vec<Element>> {
    let mut out: Vec<Vec<Element>> = vec![Vec::new()];
    while *pos < s.len() {
        match s[*pos] {
            '|' | ']' => break,
            '[' => {
                *pos += 1;
                let inner = alternatives(s, pos);
                if *pos < s.len() && s[*pos] == ']' {
                    *pos += 1;
                }
                let mut next = out.clone();
                for prefix in &out {
                    for tail in &inner {
                        let mut v = prefix.clone();
                        v.extend(tail.iter().cloned());
                        next.push(v);
                    }
                }
                out = next;
            }
            ',' | ' ' => *pos += 1,
            '"' => {
                let end = s[*pos + 1..].iter().position(|&c| c == '"');
                let Some(end) = end else {
                    *pos = s.len();
                    break;
                };
                let body: String = s[*pos + 1..*pos + 1 + end].iter().collect();
                *pos += end + 2;
                let e = match body.strip_prefix('<').and_then(|b| b.strip_suffix('>')) {
                    Some(name) => Element::Placeholder {
                        name: name.to_string(),
                        quoted: true,
                    },
                    None => Element::Literal(body),
                };
                for v in &mut out {
                    v.push(e.clone());
                }
            }
            '<' => {
                let end = s[*pos..]
                    .iter()
                    .position(|&c| c == '>')
                    .unwrap_or(s.len() - *pos);
                let name: String = s[*pos + 1..*pos + end].iter().collect();
                *pos += end + 1;
                for v in &mut out {
                    v.push(Element::Placeholder {
                        name: name.clone(),
                        quoted: false,
                    });
                }
            }
            _ => {
                // A bare literal token up to the next separator.
                let start = *pos;
                while *pos < s.len() && !matches!(s[*pos], ',' | '[' | ']' | '|' | '"' | '<') {
                    *pos += 1;
                }
                let lit: String = s[start..*pos].iter().collect();
                for v in &mut out {
                    v.push(Element::Literal(lit.clone()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in spec reads, with every command and every code.
    #[test]
    fn the_built_in_spec_reads() {
        let spec = Spec::built_in().unwrap();
        assert!(spec.commands.len() >= 60, "{}", spec.commands.len());
        let port = spec.command("AT+FTPPORT").unwrap();
        assert_eq!(
            port.param("value").unwrap().domain,
            Domain::Number { min: 1, max: 65535 }
        );
        let serv = spec.command("AT+FTPSERV").unwrap();
        assert!(matches!(
            serv.param("value").unwrap().domain,
            Domain::Text {
                max_len: Some(_),
                ..
            }
        ));
        assert!(
            spec.ftp_codes
                .iter()
                .any(|c| c.code == 85 && c.not_produced.is_some())
        );
        assert!(
            spec.cme_codes
                .iter()
                .any(|c| c.code == 4 && c.not_produced.is_some())
        );
        assert!(
            spec.cme_codes
                .iter()
                .any(|c| c.code == 3 && c.not_produced.is_none())
        );
        let sslcfg = spec.command("AT+CSSLCFG").unwrap();
        assert!(
            sslcfg
                .shapes
                .iter()
                .any(|s| s.first() == Some(&Element::Literal("SSLVERSION".into())))
        );
    }
}

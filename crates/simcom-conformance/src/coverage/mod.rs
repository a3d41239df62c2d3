//! Spec coverage of a run, computed from the wire: every command line the host wrote and
//! every line the module printed, read against [`Spec`]: which command forms were sent,
//! which parameter boundaries, which final results each form got, which FTP error codes and
//! `+CME ERROR` codes were seen and under which command, which URCs of the spec appeared.
//! The same for any target: only the exchanged bytes count, not the transcripts' names.
//!
//! Imports the `spec` layer only. The replay layer feeds it (its `Outcome::add_coverage`);
//! [`report`] turns it into numbers and files.

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;
use simcom_at::command::HostData;
use simcom_at::{Command, Info, Prefix};

use crate::spec::{Domain, Element, Form, Spec, SpecCommand};

pub mod report;

pub use report::Report;

/// A URC pattern of the spec as a regular expression.
#[derive(Debug, Clone)]
struct Urc {
    command: String,
    pattern: String,
    regex: Regex,
}

/// What a run exchanged, as far as the spec is concerned. Feed it the host's writes
/// ([`sent`](Self::sent)) and the module's lines ([`printed`](Self::printed)) in order, one
/// transcript after another ([`end_transcript`](Self::end_transcript) between them), or merge
/// the coverage of separate transcripts ([`merge`](Self::merge)).
///
/// ```
/// use simcom_conformance::coverage::Coverage;
/// use simcom_conformance::spec::Spec;
/// let spec = Spec::built_in().unwrap();
/// let mut c = Coverage::new(spec);
/// c.sent(b"AT+FTPGET=2,1461\r");
/// c.printed(b"+CME ERROR: 793");
/// let r = c.report();
/// let get = r.commands.iter().find(|k| k.name == "AT+FTPGET").unwrap();
/// assert_eq!(get.forms.iter().find(|f| f.form == simcom_conformance::spec::Form::Write).unwrap().sent, 1);
/// assert!(r.cme_codes.iter().any(|k| k.code == 793 && k.seen_under == ["AT+FTPGET"]));
/// ```
#[derive(Debug, Clone)]
pub struct Coverage {
    spec: &'static Spec,
    urc_patterns: Vec<Urc>,
    /// The last command line: its spec name and form.
    current: Option<(String, Form)>,
    /// Its final result has not come yet: a line with its prefix answers it.
    awaiting: bool,
    /// The host's data phase in progress: the writes that follow are data, not commands.
    data: Option<DataPhase>,
    pub(crate) forms: BTreeMap<(String, Form), u64>,
    /// (command, parameter) → the boundary labels sent.
    pub(crate) boundaries: BTreeMap<(String, String), BTreeSet<String>>,
    /// (command, form, `OK` or `ERROR`) → how often.
    pub(crate) finals: BTreeMap<(String, Form, String), u64>,
    /// CME code → the commands it answered.
    pub(crate) cme: BTreeMap<u16, BTreeSet<String>>,
    /// FTP error code → the commands whose session or answer carried it.
    pub(crate) ftp: BTreeMap<u16, BTreeSet<String>>,
    /// (command, URC pattern) → how often.
    pub(crate) urcs: BTreeMap<(String, String), u64>,
    /// Command names sent that the spec does not have.
    pub(crate) unknown: BTreeSet<String>,
}

impl Coverage {
    /// Nothing seen yet, measured against `spec`.
    pub fn new(spec: &'static Spec) -> Self {
        let urc_patterns = spec
            .commands
            .iter()
            .flat_map(|c| {
                c.urcs.iter().filter_map(|p| {
                    Regex::new(&urc_regex(p)).ok().map(|regex| Urc {
                        command: c.name.clone(),
                        pattern: p.clone(),
                        regex,
                    })
                })
            })
            .collect();
        Self {
            spec,
            urc_patterns,
            current: None,
            awaiting: false,
            data: None,
            forms: BTreeMap::new(),
            boundaries: BTreeMap::new(),
            finals: BTreeMap::new(),
            cme: BTreeMap::new(),
            ftp: BTreeMap::new(),
            urcs: BTreeMap::new(),
            unknown: BTreeSet::new(),
        }
    }

    /// The spec it measures against.
    pub fn spec(&self) -> &'static Spec {
        self.spec
    }

    /// The host wrote `bytes`: command lines (each up to its CR), or a data phase's payload.
    pub fn sent(&mut self, bytes: &[u8]) {
        if let Some(phase) = self.data.take() {
            // The data of the command's phase: length-counted, or up to a bare ETX.
            let more = match phase.left {
                Some(left) => left > bytes.len(),
                None => !ends_with_bare_etx(bytes),
            };
            self.data = more.then(|| DataPhase {
                left: phase.left.map(|l| l - bytes.len()),
                started: true,
            });
            return;
        }
        for line in bytes.split(|&b| b == b'\r') {
            let line = line.strip_prefix(b"\n").unwrap_or(line);
            if line.len() >= 2 && line[..2].eq_ignore_ascii_case(b"AT") {
                self.command(line);
            }
        }
    }

    /// The module printed `line` (without its CR LF; not a data block).
    pub fn printed(&mut self, line: &[u8]) {
        let text = String::from_utf8_lossy(line);
        let text = text.trim();
        if let Some(refusal) = final_result(text, self.spec) {
            // A refusal ends a data phase before its data, and any final ends one whose data
            // began (taken, or cut by the input timeout); an `OK` before the data is the app
            // note's order of FTPETPUT and FTPEXTPUT.
            if refusal.is_some() || self.data.is_some_and(|d| d.started) {
                self.data = None;
            }
            self.awaiting = false;
            // Before any command line: an unnamed one.
            let (name, form) = self
                .current
                .clone()
                .unwrap_or_else(|| ("(none)".to_string(), Form::Execute));
            let kind = if refusal.is_some() { "ERROR" } else { "OK" };
            *self
                .finals
                .entry((name.clone(), form, kind.into()))
                .or_default() += 1;
            if let Some(Some(code)) = refusal {
                self.cme.entry(code).or_default().insert(name);
            }
            return;
        }
        // A line with the prefix of the command awaiting its final answers it: not a URC, and
        // a read's or test's numbers are not codes (`+FTPEXTGET: 1,56` is a progress).
        // The module takes fewer bytes than asked: `+FTPPUT: 2,<cnflength>`.
        if let Some(d) = &mut self.data
            && let Some(n) = text
                .strip_prefix("+FTPPUT: 2,")
                .and_then(|n| n.parse().ok())
        {
            d.left = Some(n);
        }
        let answer = self.awaiting
            && self.current.as_ref().is_some_and(|(name, _)| {
                line_prefix(text).is_some_and(|p| {
                    name.trim_start_matches("AT").trim_start_matches(['+', '*']) == p
                })
            });
        let query = answer
            && self
                .current
                .as_ref()
                .is_some_and(|(_, f)| matches!(f, Form::Read | Form::Test));
        if !query {
            self.ftp_code(text);
        }
        if answer {
            return;
        }
        for u in &self.urc_patterns {
            if u.regex.is_match(text) {
                *self
                    .urcs
                    .entry((u.command.clone(), u.pattern.clone()))
                    .or_default() += 1;
            }
        }
    }

    /// A transcript ended: nothing is in flight any more.
    pub fn end_transcript(&mut self) {
        self.current = None;
        self.awaiting = false;
        self.data = None;
    }

    /// Adds what `other` saw.
    pub fn merge(&mut self, other: &Coverage) {
        for (k, v) in &other.forms {
            *self.forms.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.boundaries {
            self.boundaries
                .entry(k.clone())
                .or_default()
                .extend(v.iter().cloned());
        }
        for (k, v) in &other.finals {
            *self.finals.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.cme {
            self.cme.entry(*k).or_default().extend(v.iter().cloned());
        }
        for (k, v) in &other.ftp {
            self.ftp.entry(*k).or_default().extend(v.iter().cloned());
        }
        for (k, v) in &other.urcs {
            *self.urcs.entry(k.clone()).or_default() += v;
        }
        self.unknown.extend(other.unknown.iter().cloned());
    }

    /// The numbers and the matrix.
    pub fn report(&self) -> Report {
        report::Report::new(self)
    }

    /// One command line.
    fn command(&mut self, line: &[u8]) {
        let text = String::from_utf8_lossy(line);
        let (name, form, params) = split_line(&text);
        self.data = Command::parse(line)
            .ok()
            .and_then(|c| c.host_data())
            .map(|h| DataPhase {
                left: match h {
                    HostData::Counted(n) => Some(n as usize),
                    _ => None,
                },
                started: false,
            });
        self.awaiting = true;
        let spec = self.spec.command(&name);
        if spec.is_none() {
            self.unknown.insert(name.clone());
        }
        *self.forms.entry((name.clone(), form)).or_default() += 1;
        if let (Some(spec), Some(params)) = (spec, params) {
            self.params(spec, &params);
        }
        self.current = Some((name, form));
    }

    /// Records the boundaries `params` (a write's parameter text) hit.
    fn params(&mut self, spec: &SpecCommand, params: &str) {
        let tokens = split_params(params);
        let Some(shape) = best_shape(spec, &tokens) else {
            return;
        };
        for (element, (token, quoted)) in shape.iter().zip(&tokens) {
            let Element::Placeholder { name, .. } = element else {
                continue;
            };
            let Some(param) = spec.param(name) else {
                continue;
            };
            // A number in quotes is a type error (CME 794), not the number.
            if *quoted && matches!(param.domain, Domain::Number { .. }) {
                continue;
            }
            let hits = param.domain.hits(token);
            if !hits.is_empty() {
                self.boundaries
                    .entry((spec.name.clone(), param.name.clone()))
                    .or_default()
                    .extend(hits.into_iter().map(|b| b.label));
            }
        }
    }

    /// An FTP error code carried by a session line or an answer.
    fn ftp_code(&mut self, text: &str) {
        let Some((name, body)) = text.split_once(':') else {
            return;
        };
        let name = name.trim_start_matches(['+', '*']);
        let Some(prefix) = Prefix::from_name(name.as_bytes()) else {
            return;
        };
        let code = match Info::parse(prefix, body.trim_start(), false) {
            Some(
                Info::Session { code, .. } | Info::Size { code, .. } | Info::Mdtm { code, .. },
            ) => code,
            Some(Info::ToFsSt { ftpstatus, .. }) => ftpstatus,
            _ => return,
        };
        if code >= 2 {
            let command = match prefix {
                Prefix::FtpExtGetFile => "AT+FTPEXTGET".to_string(),
                p => format!("AT+{}", p.name()),
            };
            self.ftp.entry(u16::from(code)).or_default().insert(command);
        }
    }
}

/// A host data phase: what is still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DataPhase {
    /// The bytes still to come; `None`: up to a bare ETX (DLE-escaped data).
    left: Option<usize>,
    /// Some of the data has been written.
    started: bool,
}

/// Whether `bytes` end with an ETX that no DLE escapes.
fn ends_with_bare_etx(bytes: &[u8]) -> bool {
    let Some((&last, before)) = bytes.split_last() else {
        return false;
    };
    let dles = before
        .iter()
        .rev()
        .take_while(|&&b| b == simcom_at::etx::DLE)
        .count();
    last == simcom_at::etx::ETX && dles % 2 == 0
}

/// The prefix of an information line (`FTPGET` of `+FTPGET: 1,1`).
fn line_prefix(text: &str) -> Option<&str> {
    let (name, _) = text.split_once(':')?;
    Some(name.trim_start_matches(['+', '*']))
}

/// `Some(None)` for `OK`, `Some(Some(code))` or `Some(None)` for a refusal (`+CME ERROR: 3`,
/// its text, plain `ERROR`), `None` for any other line. Numeric results (ATV0) count too.
fn final_result(text: &str, spec: &Spec) -> Option<Option<Option<u16>>> {
    match text {
        "OK" | "0" => return Some(None),
        "ERROR" | "4" => return Some(Some(None)),
        _ => {}
    }
    let err = text.strip_prefix("+CME ERROR:")?.trim();
    let code = err.parse::<u16>().ok().or_else(|| {
        spec.cme_codes
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(err))
            .map(|c| c.code)
    });
    Some(Some(code))
}

/// A command line's spec name, form and parameter text (`AT+FTPGET=2,1024` gives
/// `AT+FTPGET`, write, `2,1024`; `ATE0` gives `ATE`, execute, `0`).
fn split_line(line: &str) -> (String, Form, Option<String>) {
    let body = &line[2..];
    if body.starts_with(['+', '*', '&']) {
        let end = body.find(['=', '?']).unwrap_or(body.len());
        let name = format!("AT{}", body[..end].to_ascii_uppercase());
        let rest = &body[end..];
        return match rest {
            "" => (name, Form::Execute, None),
            "?" => (name, Form::Read, None),
            "=?" => (name, Form::Test, None),
            _ => (name, Form::Write, Some(rest[1..].to_string())),
        };
    }
    // Basic commands: a letter, then its value (`ATE0`, `ATV1`, `ATI`, `AT`).
    let Some(letter) = body.chars().next() else {
        return ("AT".to_string(), Form::Execute, None);
    };
    let name = format!("AT{}", letter.to_ascii_uppercase());
    let value = &body[letter.len_utf8()..];
    (
        name,
        Form::Execute,
        (!value.is_empty()).then(|| value.to_string()),
    )
}

/// A parameter text split at the commas outside quotes: each token without its quotes, and
/// whether it was quoted.
fn split_params(params: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let (mut cur, mut quoted, mut inside) = (String::new(), false, false);
    for c in params.chars() {
        match c {
            '"' => {
                inside = !inside;
                quoted = true;
            }
            ',' if !inside => {
                out.push((std::mem::take(&mut cur), quoted));
                quoted = false;
            }
            c => cur.push(c),
        }
    }
    out.push((cur, quoted));
    out
}

/// The shape of `spec` that `tokens` fit best: as many elements, its literals equal, then the
/// most quoting alike.
fn best_shape<'s>(spec: &'s SpecCommand, tokens: &[(String, bool)]) -> Option<&'s Vec<Element>> {
    spec.shapes
        .iter()
        .filter(|s| s.len() == tokens.len())
        .filter(|s| {
            s.iter().zip(tokens).all(|(e, (t, _))| match e {
                Element::Literal(l) => l.eq_ignore_ascii_case(t),
                Element::Placeholder { .. } => true,
            })
        })
        .max_by_key(|s| {
            s.iter()
                .zip(tokens)
                .filter(|(e, (_, q))| match e {
                    Element::Placeholder { quoted, .. } => quoted == q,
                    Element::Literal(_) => true,
                })
                .count()
        })
}

/// A URC pattern of the spec (`+FTPGET: 1,<error>`, `+CREG: <stat>[,<lac>,<ci>,<netact>]`)
/// as an anchored regular expression: `<error>` is an error code (2 or more), any other
/// placeholder a field without commas, `[…]` optional.
fn urc_regex(pattern: &str) -> String {
    let mut out = String::from("^");
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let end = rest.find('>').unwrap_or(rest.len() - 1);
                let name = &rest[1..end];
                out.push_str(if name == "error" {
                    // The FTP error codes, 61-94 (spec/error-codes.yaml).
                    "(?:6[1-9]|[7-8][0-9]|9[0-4])"
                } else {
                    "[^,]*"
                });
                rest = &rest[end + 1..];
            }
            '[' => {
                out.push_str("(?:");
                rest = &rest[1..];
            }
            ']' => {
                out.push_str(")?");
                rest = &rest[1..];
            }
            c => {
                out.push_str(&regex::escape(&c.to_string()));
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.push('$');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> &'static Spec {
        Spec::built_in().unwrap()
    }

    #[test]
    fn lines_split_into_name_form_and_parameters() {
        assert_eq!(
            split_line("AT+FTPGET=2,1024"),
            ("AT+FTPGET".into(), Form::Write, Some("2,1024".into()))
        );
        assert_eq!(
            split_line("at+ftpget=?"),
            ("AT+FTPGET".into(), Form::Test, None)
        );
        assert_eq!(
            split_line("AT+CNACT?"),
            ("AT+CNACT".into(), Form::Read, None)
        );
        assert_eq!(split_line("AT+CSQ"), ("AT+CSQ".into(), Form::Execute, None));
        assert_eq!(
            split_line("ATE0"),
            ("ATE".into(), Form::Execute, Some("0".into()))
        );
        assert_eq!(split_line("AT"), ("AT".into(), Form::Execute, None));
        assert_eq!(
            split_params("\"CONVERT\",2,\"a,b.pem\""),
            [
                ("CONVERT".into(), true),
                ("2".into(), false),
                ("a,b.pem".into(), true)
            ]
        );
    }

    #[test]
    fn urc_patterns_match_their_lines_only() {
        let r = |p: &str| Regex::new(&urc_regex(p)).unwrap();
        assert!(r("+FTPGET: 1,<error>").is_match("+FTPGET: 1,64"));
        assert!(!r("+FTPGET: 1,<error>").is_match("+FTPGET: 1,0"));
        assert!(!r("+FTPGET: 1,<error>").is_match("+FTPGET: 1,1"));
        assert!(r("+FTPGET: 1,1").is_match("+FTPGET: 1,1"));
        let creg = r("+CREG: <stat>[,<lac>,<ci>,<netact>]");
        assert!(creg.is_match("+CREG: 1") && creg.is_match("+CREG: 1,\"1A2B\",\"01C2D3\",7"));
        assert!(!creg.is_match("+CREG: 1,2"));
    }

    #[test]
    fn boundaries_of_a_write_are_recorded_by_parameter() {
        let mut c = Coverage::new(spec());
        for line in [
            "AT+FTPGET=2,1460\r",
            "AT+FTPGET=2,1461\r",
            "AT+FTPGET=2,0\r",
            "AT+FTPPORT=65535\r",
        ] {
            c.sent(line.as_bytes());
        }
        c.sent(b"AT+CSSLCFG=\"SNI\",5,\"\"\r");
        let labels = |cmd: &str, p: &str| c.boundaries[&(cmd.to_string(), p.to_string())].clone();
        assert_eq!(
            labels("AT+FTPGET", "reqlength"),
            ["above max", "below min", "max"].map(String::from).into()
        );
        assert_eq!(
            labels("AT+FTPGET", "mode"),
            ["max"].map(String::from).into()
        );
        assert_eq!(
            labels("AT+FTPPORT", "value"),
            ["max"].map(String::from).into()
        );
        assert_eq!(
            labels("AT+CSSLCFG", "ctxindex"),
            ["max"].map(String::from).into()
        );
        assert_eq!(
            labels("AT+CSSLCFG", "servername"),
            ["empty"].map(String::from).into()
        );
    }

    #[test]
    fn finals_codes_and_urcs_go_to_the_command_in_flight() {
        let mut c = Coverage::new(spec());
        c.sent(b"AT+FTPGET=1\r");
        c.printed(b"OK");
        c.printed(b"+FTPGET: 1,72");
        c.sent(b"AT+FTPPUT=2,10\r");
        c.printed(b"+CME ERROR: Operation not allowed");
        c.sent(b"AT+FTPTOFSST\r");
        c.printed(b"+FTPTOFSST: 0,77,0");
        let key = |n: &str, f: Form, k: &str| (n.to_string(), f, k.to_string());
        assert_eq!(c.finals[&key("AT+FTPGET", Form::Write, "OK")], 1);
        assert_eq!(c.finals[&key("AT+FTPPUT", Form::Write, "ERROR")], 1);
        assert_eq!(c.cme[&3], ["AT+FTPPUT".to_string()].into());
        assert_eq!(c.ftp[&72], ["AT+FTPGET".to_string()].into());
        assert_eq!(c.ftp[&77], ["AT+FTPTOFSST".to_string()].into());
        assert_eq!(
            c.urcs[&("AT+FTPGET".to_string(), "+FTPGET: 1,<error>".to_string())],
            1
        );
    }

    #[test]
    fn answers_are_not_urcs_and_a_query_carries_no_code() {
        let mut c = Coverage::new(spec());
        c.sent(b"AT+CFUN?\r");
        c.printed(b"+CFUN: 1");
        c.printed(b"OK");
        c.sent(b"AT+FTPEXTGET?\r");
        c.printed(b"+FTPEXTGET: 1,64");
        c.printed(b"OK");
        assert!(c.urcs.is_empty(), "{:?}", c.urcs);
        assert!(c.ftp.is_empty(), "{:?}", c.ftp);
        // The same lines on their own are the URCs and the code.
        c.printed(b"+CFUN: 1");
        c.printed(b"+FTPEXTGET: 1,64");
        assert_eq!(c.urcs.len(), 2, "{:?}", c.urcs);
        assert_eq!(c.ftp[&64], ["AT+FTPEXTGET".to_string()].into());
    }

    #[test]
    fn numbers_are_boundaries_only_as_numbers() {
        let mut c = Coverage::new(spec());
        c.sent(b"AT+FTPCID=99999999999999999999999\r");
        c.sent(b"AT+FTPGET=2,\"1460\"\r");
        assert!(
            !c.boundaries
                .contains_key(&("AT+FTPCID".to_string(), "value".to_string()))
        );
        assert!(
            !c.boundaries
                .contains_key(&("AT+FTPGET".to_string(), "reqlength".to_string()))
        );
    }

    #[test]
    fn a_data_phase_in_many_writes_is_skipped_whole() {
        let mut c = Coverage::new(spec());
        c.sent(b"AT+FTPPUT=2,20\r");
        c.printed(b"+FTPPUT: 2,12");
        c.sent(b"AT+FTPDELE\r");
        c.sent(b"AT+FTPS\r");
        c.printed(b"OK");
        c.sent(b"AT+FTPETPUT=2\r");
        c.printed(b"OK");
        c.printed(b"+FTPETPUT: 2,1");
        c.sent(b"AT+FTPMKD\r\x10\x03");
        c.sent(b"AT+FTPRMD\r\x03");
        c.sent(b"AT+FTPSTATE\r");
        for skipped in ["AT+FTPDELE", "AT+FTPS", "AT+FTPMKD", "AT+FTPRMD"] {
            assert!(
                !c.forms.keys().any(|(n, _)| n == skipped),
                "{skipped} read as a command"
            );
        }
        assert_eq!(c.forms[&("AT+FTPSTATE".to_string(), Form::Execute)], 1);
    }

    #[test]
    fn a_data_phase_is_not_read_as_commands() {
        let mut c = Coverage::new(spec());
        c.sent(b"AT+FTPPUT=2,12\r");
        c.printed(b"+FTPPUT: 2,12");
        c.sent(b"AT+FTPDELE\rxx");
        assert!(
            !c.forms
                .contains_key(&("AT+FTPDELE".to_string(), Form::Execute))
        );
        c.sent(b"AT+FTPPUT=2,12\r");
        c.printed(b"ERROR");
        c.sent(b"AT+FTPDELE\r");
        assert_eq!(c.forms[&("AT+FTPDELE".to_string(), Form::Execute)], 1);
    }
}

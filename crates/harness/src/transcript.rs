//! A conformance transcript, as `spec/transcript-format.md` defines it.

use std::collections::BTreeMap;
use std::time::Duration;

use simcom_ftp::Profile;
use simcom_ftp::net::Step as FtpStep;
use simcom_ftp::server::Timestamp;

use crate::bytes::BytesSpec;

/// One transcript: metadata, the world it starts from and its steps.
#[derive(Debug, Clone)]
pub struct Transcript {
    /// Short name.
    pub title: String,
    /// Where the exchange comes from.
    pub source: String,
    /// The variables after `--var` overrides (already substituted everywhere).
    pub vars: BTreeMap<String, String>,
    /// The starting state.
    pub world: World,
    /// The model's profile: the spec's defaults with the transcript's overrides.
    pub profile: Profile,
    /// Regexes of unsolicited lines skipped anywhere.
    pub ignore: Vec<regex::Regex>,
    /// The longest an expectation waits.
    pub timeout: Duration,
    /// Free tags.
    pub tags: Vec<String>,
    /// Why the transcript is skipped, if it is.
    pub skip: Option<String>,
    /// The exchange.
    pub steps: Vec<Step>,
}

/// The starting state of a run.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// AT+CNACT context 0 active at the start.
    pub bearer_active: bool,
    /// The FTP server.
    pub server: ServerWorld,
    /// Files in the module's file system: (directory path such as `/customer/`, name, bytes).
    pub module_files: Vec<(String, String, BytesSpec)>,
}

/// The in-memory server's starting state.
#[derive(Debug, Clone, Default)]
pub struct ServerWorld {
    /// Accounts; `None`: the default `simcomtest`/`simcomtest`.
    pub users: Option<BTreeMap<String, String>>,
    /// Files by path.
    pub files: BTreeMap<String, BytesSpec>,
    /// Directories.
    pub dirs: Vec<String>,
    /// Modification time of the provisioned entries.
    pub mtime: Option<Timestamp>,
    /// Download pacing: piece sizes.
    pub pieces: Option<Vec<usize>>,
    /// Download pacing: time between pieces.
    pub interval: Option<Duration>,
    /// Time from each request to its reply.
    pub latency: Option<Duration>,
    /// Faults.
    pub faults: Faults,
}

/// Server faults a transcript can switch on.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Refuse every connection.
    pub refuse_connections: bool,
    /// Break a transfer after this many bytes.
    pub drop_after: Option<u64>,
    /// Stop answering after this many bytes of a transfer.
    pub stall_after: Option<u64>,
    /// Answer these FTP steps with these reply codes.
    pub fail: Vec<(FtpStep, u16)>,
}

/// One step of a transcript.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Write a command line and CR; skip its echo.
    Send(String),
    /// Write exactly these bytes.
    SendRaw(BytesSpec),
    /// The next line must equal this.
    Expect(String),
    /// The next line must match this regex.
    ExpectRe(String),
    /// These lines next, in any order.
    ExpectAnyOrder(Vec<String>),
    /// The payload of the next data block.
    ExpectData(BytesSpec),
    /// The payload the host sends in the current data phase.
    SendData(BytesSpec),
    /// Read a whole download.
    Drain {
        /// The read command.
        read: String,
        /// The bytes the whole download must hold.
        data: BytesSpec,
        /// The line that ends the download.
        until: String,
    },
    /// Let time pass.
    Wait(Duration),
    /// A note.
    Comment(String),
}

impl Step {
    /// The step as the transcript writes it, for reports (long data elided).
    pub fn describe(&self) -> String {
        let bytes = |b: &BytesSpec| {
            let v = b.bytes();
            if v.len() <= 40 {
                format!("\"{}\"", v.escape_ascii())
            } else {
                format!("<{} bytes>", v.len())
            }
        };
        match self {
            Self::Send(l) => format!("send: {l}"),
            Self::SendRaw(b) => format!("send_raw: {}", bytes(b)),
            Self::Expect(l) => format!("expect: {l}"),
            Self::ExpectRe(r) => format!("expect_re: {r}"),
            Self::ExpectAnyOrder(ls) => format!("expect_any_order: {ls:?}"),
            Self::ExpectData(b) => format!("expect_data: {}", bytes(b)),
            Self::SendData(b) => format!("send_data: {}", bytes(b)),
            Self::Drain { read, data, until } => {
                format!(
                    "drain: {{ read: {read}, data: {}, until: {until} }}",
                    bytes(data)
                )
            }
            Self::Wait(d) => format!("wait: {d:?}"),
            Self::Comment(c) => format!("comment: {c}"),
        }
    }
}

/// A transcript that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptError(pub String);

impl std::fmt::Display for TranscriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TranscriptError {}

impl Transcript {
    /// Reads a transcript from YAML text; `vars` override the transcript's own `vars`.
    ///
    /// ```
    /// use simcom_conformance::transcript::{Step, Transcript};
    /// let yaml = "title: t\nsource: s\nvars: { pw: x }\nsteps:\n  - send: AT+FTPPW=\"${pw}\"\n  - expect: OK\n";
    /// let t = Transcript::parse(yaml, &[("pw".into(), "secret".into())].into()).unwrap();
    /// assert_eq!(t.steps[0], Step::Send("AT+FTPPW=\"secret\"".into()));
    /// ```
    pub fn parse(text: &str, vars: &BTreeMap<String, String>) -> Result<Self, TranscriptError> {
        crate::yaml::parse(text, vars)
    }

    /// Secrets to redact from reports: the values of vars named like a password and every
    /// string sent with AT+FTPPW.
    pub fn secrets(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .vars
            .iter()
            .filter(|(k, _)| {
                let k = k.to_ascii_lowercase();
                k.contains("password") || k == "pw" || k == "pass" || k.ends_with("_pw")
            })
            .map(|(_, v)| v.clone())
            .collect();
        for s in &self.steps {
            if let Step::Send(line) = s
                && line
                    .get(..9)
                    .is_some_and(|p| p.eq_ignore_ascii_case("AT+FTPPW="))
            {
                out.push(line[9..].trim_matches('"').to_string());
            }
        }
        out.retain(|s| !s.is_empty());
        out.sort();
        out.dedup();
        out
    }
}

/// The text of a transcript file with its steps replaced by `steps` (everything before the
/// top-level `steps:` key is kept as written).
pub fn render(original: &str, steps: &[Step]) -> String {
    crate::yaml::with_steps(original, steps)
}

/// Replaces every secret in `text` by `***`.
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        out = out.replace(s.as_str(), "***");
    }
    out
}

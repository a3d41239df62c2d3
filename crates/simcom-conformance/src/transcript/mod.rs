//! The transcript layer: a conformance transcript as `spec/transcript-format.md` defines it,
//! read from YAML and written back ([`render`]), its bytes ([`bytes`]), the model built from
//! its world ([`world`]) and the corpus of transcript files ([`corpus`]).
//!
//! The bottom layer of the harness: it imports nothing from the others.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use simcom_ftp_model::net::FtpStep;
use simcom_ftp_model::server::{Hold, ListingStyle, Timestamp};
use simcom_ftp_model::{FsDir, Profile};

pub mod bytes;
pub mod corpus;
pub mod world;
mod yaml;

pub use yaml::{duration_text, parse_duration};

use bytes::BytesSpec;

use crate::secret;

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
    /// What it needs that a live module cannot be provisioned to (`requires:`): on a serial
    /// target it is skipped with the reason.
    pub requires: Vec<Requirement>,
    /// The keys its `profile:` sets (for reports: the profile differs from a live module's).
    pub profile_keys: Vec<String>,
    /// The exchange.
    pub steps: Vec<Step>,
    /// Each step as the file wrote it (YAML list items, `${name}` not yet replaced), one per
    /// step; empty for a transcript built in code.
    pub step_sources: Vec<String>,
    /// The line of the text where each step is written (1-based), one per step; empty when
    /// unknown (steps written as a flow sequence, a transcript built in code).
    pub step_lines: Vec<usize>,
}

/// What a transcript can need that a live module cannot be provisioned to (`requires:`).
///
/// ```
/// use simcom_conformance::transcript::{Requirement, Transcript};
/// let t = Transcript::parse("title: t\nsource: s\nrequires: [simulated-network]\nsteps: [{ send: AT }]\n", &Default::default()).unwrap();
/// assert_eq!(t.requires, [Requirement::SimulatedNetwork]);
/// assert!(Transcript::parse("title: t\nsource: s\nrequires: [sim-card]\nsteps: [{ send: AT }]\n", &Default::default()).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Requirement {
    /// The model's networks: the cellular one (`simcom_ftp_model::Cellular::default()`: its
    /// operator, signal, delivered APN and the addresses AT+CNACT hands out) and its name
    /// resolution (every well-formed name reaches the one server). A live module is in real
    /// networks, which AT commands cannot make look like them.
    SimulatedNetwork,
    /// The in-memory server's own behaviour where real FTP servers differ: an aborted upload
    /// leaves the file as it was, REST past the end is refused, RETR of a missing file is
    /// refused before any data connection, STOU's names, a listing broken mid-way, plain FTP
    /// to the implicit-FTPS port answered at once, `world.server.listing: app-note`, an upload
    /// chunk's write acknowledged only `latency` after it (an early AT+FTPPUT=2). Neither
    /// a live module's server nor `run --server` has it.
    InMemoryServer,
}

impl Requirement {
    /// Every requirement.
    pub const ALL: [Self; 2] = [Self::SimulatedNetwork, Self::InMemoryServer];

    /// The name a transcript writes.
    pub fn name(self) -> &'static str {
        match self {
            Self::SimulatedNetwork => "simulated-network",
            Self::InMemoryServer => "in-memory-server",
        }
    }

    /// The requirement a transcript's name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }

    /// Why a transcript with it is skipped: `requires <name>: <meaning>`.
    pub fn reason(self) -> String {
        format!("requires {}: {}", self.name(), self.meaning())
    }

    /// What it means, for a skip reason.
    pub fn meaning(self) -> &'static str {
        match self {
            Self::SimulatedNetwork => {
                "the model's networks (its operator, signal, APN and addresses; every well-formed name resolving to the one server), which a live module's real networks are not"
            }
            Self::InMemoryServer => {
                "the in-memory server's own behaviour where real FTP servers differ (aborted uploads, REST past the end, a missing file, STOU names, a broken listing, plain FTP to the implicit-FTPS port)"
            }
        }
    }
}

/// The starting state of a run.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// AT+CNACT context 0 active at the start.
    pub bearer_active: bool,
    /// The FTP server.
    pub server: ServerWorld,
    /// Files in the module's file system: (directory, name, bytes).
    pub module_files: Vec<(FsDir, String, BytesSpec)>,
    /// The module starts at power-up: its boot URCs (`RDY`, `+CFUN: 1`, `+CPIN: READY`) come
    /// first (`world.power_up`).
    pub power_up: bool,
    /// The cellular network (`world.cellular`); `None`: `Cellular::default()`.
    pub cellular: Option<simcom_ftp_model::Cellular>,
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
    /// Download pacing: piece sizes of a file (RETR).
    pub pieces: Option<Vec<usize>>,
    /// Download pacing: piece sizes of a listing (LIST).
    pub list_pieces: Option<Vec<usize>>,
    /// Download pacing: time between pieces.
    pub interval: Option<Duration>,
    /// Time from each request to its reply.
    pub latency: Option<Duration>,
    /// A pause at one point of every download (`hold: { after, for }`).
    pub hold: Option<Hold>,
    /// The format of LIST replies (`listing: vsftpd | app-note`); the in-memory server's only:
    /// the harness's own server and `--server` list as they do.
    pub listing: ListingStyle,
    /// Faults.
    pub faults: Faults,
    /// The CA that signed the server's certificate (`world.server.ca`); `None`: any CA the
    /// module verifies against. A module that verifies against another CA fails the
    /// handshake (FTP error 90).
    pub ca: Option<BytesSpec>,
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
    /// Whether the step checks what the module printed (`expect`, `expect_re`,
    /// `expect_any_order`, `expect_data`) rather than acting as the host (`drain` does both
    /// and counts as the host's).
    pub fn is_expectation(&self) -> bool {
        matches!(
            self,
            Self::Expect(_) | Self::ExpectRe(_) | Self::ExpectAnyOrder(_) | Self::ExpectData(_)
        )
    }

    /// The bytes of the command line the step sends, if it may send one: a `send` line, or
    /// raw bytes short enough to be read as one ([`MAX_RAW_LINE`]); without the CR `send`
    /// adds.
    pub fn sent_line(&self) -> Option<Vec<u8>> {
        match self {
            Self::Send(line) => Some(line.as_bytes().to_vec()),
            Self::SendRaw(b) if b.len() <= MAX_RAW_LINE => Some(b.bytes()),
            _ => None,
        }
    }

    /// The step as the transcript writes it, for reports (long data elided).
    pub fn describe(&self) -> String {
        let bytes = |b: &BytesSpec| {
            if b.len() <= 40 {
                format!("\"{}\"", b.bytes().escape_ascii())
            } else {
                format!("<{} bytes>", b.len())
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

/// The longest `send_raw` that is looked at as a possible command line (for the data-phase
/// rule and for passwords); longer raw bytes are data, and are not generated to be read.
pub const MAX_RAW_LINE: usize = 4096;

/// The format's rules that a YAML schema cannot say: a transcript has steps (when
/// `steps_required`; a world file has none), its generated contents total at most
/// [`bytes::MAX_GENERATED`], and each `send_data` is sent in a data phase the host opened
/// (after a `send` or `send_raw` of a command that opens one, with no other host step but
/// `send_data` and `send_raw` between).
pub(crate) fn check(t: &Transcript, steps_required: bool) -> Result<(), TranscriptError> {
    let invalid = |m: String| Err(TranscriptError::Invalid(m));
    if steps_required && t.steps.is_empty() {
        return invalid(
            "steps: none: a transcript has at least one step (a file with only a world is for \
             serve --world)"
                .into(),
        );
    }
    let mut total = 0usize;
    let world = t.world.server.files.values();
    let module = t.world.module_files.iter().map(|(_, _, b)| b);
    let steps = t.steps.iter().flat_map(|s| match s {
        Step::SendRaw(b) | Step::ExpectData(b) | Step::SendData(b) => vec![b],
        Step::Drain { data, .. } => vec![data],
        _ => Vec::new(),
    });
    for b in world.chain(module).chain(steps) {
        total = total.saturating_add(b.len());
    }
    if total > bytes::MAX_GENERATED {
        return invalid(format!(
            "the world's files and the steps' bytes total {total} bytes, more than the 1 GiB \
             limit of one transcript"
        ));
    }
    // Whether the host's last command opened a data phase.
    let opens = |line: &[u8]| {
        let line = line
            .split(|&b| b == b'\r' || b == b'\n')
            .next()
            .unwrap_or(line);
        simcom_at::Command::parse(line)
            .ok()
            .and_then(|c| c.host_data())
            .is_some()
    };
    let mut open = false;
    for (i, step) in t.steps.iter().enumerate() {
        match step {
            Step::Send(line) => open = opens(line.as_bytes()),
            // Raw bytes that are a command line count as one; others (the LF of a CR LF
            // written apart, data sent raw) leave the phase as it was.
            Step::SendRaw(_) => {
                if let Some(raw) = step.sent_line()
                    && raw.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(b"AT"))
                {
                    open = opens(&raw);
                }
            }
            Step::SendData(_) if !open => {
                return invalid(format!(
                    "step {}: send_data outside a data phase: it follows a command that opens \
                     one (AT+FTPPUT=2,<n>, AT+FTPEXTPUT=2,..., AT+CFSWFILE=..., AT+FTPETPUT=2); \
                     other bytes are sent with send_raw",
                    i + 1
                ));
            }
            Step::Drain { .. } => open = false,
            _ => {}
        }
    }
    Ok(())
}

/// A transcript that cannot be read.
///
/// ```
/// use simcom_conformance::transcript::{Transcript, TranscriptError};
/// let e = Transcript::parse("title: t\nsource: s\nsteps:\n  - sned: AT\n", &Default::default()).unwrap_err();
/// assert!(matches!(e, TranscriptError::Invalid(_)));
/// assert!(e.to_string().contains("sned"), "{e}");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TranscriptError {
    /// The file could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Not YAML, or not the format: an unknown key, a wrong type, a bad value, an unknown
    /// variable. The message names the key or step.
    #[error("{0}")]
    Invalid(String),
    /// A file's transcript is invalid.
    #[error("{}: {source}", path.display())]
    InFile {
        /// The file.
        path: PathBuf,
        /// What is wrong in it.
        #[source]
        source: Box<TranscriptError>,
    },
}

impl TranscriptError {
    /// The same error, said of `path`.
    pub fn in_file(self, path: impl Into<PathBuf>) -> Self {
        match self {
            e @ (Self::Read { .. } | Self::InFile { .. }) => e,
            e => Self::InFile {
                path: path.into(),
                source: Box::new(e),
            },
        }
    }
}

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
        yaml::parse(text, vars)
    }

    /// Reads a starting state (what `serve --world` takes): a whole transcript, or a file with
    /// only `world:` (and `profile:`, `vars:`); a missing `title`, `source` or `steps` is
    /// filled in.
    ///
    /// ```
    /// use simcom_conformance::transcript::Transcript;
    /// let t = Transcript::parse_world("world: { bearer: active }\n", &Default::default()).unwrap();
    /// assert!(t.world.bearer_active && t.steps.is_empty());
    /// ```
    pub fn parse_world(
        text: &str,
        vars: &BTreeMap<String, String>,
    ) -> Result<Self, TranscriptError> {
        yaml::parse_world(text, vars)
    }

    /// Secrets to redact from reports: the values of vars named like a password and every
    /// string sent with AT+FTPPW ([`secret::password_in`]); for [`secret::redact`].
    pub fn secrets(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .vars
            .iter()
            .filter(|(k, _)| is_secret_name(k))
            .map(|(_, v)| v.clone())
            .collect();
        for s in &self.steps {
            out.extend(s.sent_line().and_then(|b| secret::password_in(&b)));
        }
        out.retain(|s| !s.is_empty());
        out.sort();
        out.dedup();
        out
    }
}

/// Whether a var holds a secret: named `pw`, `pass`, like `password`, or ending in `_pw`.
fn is_secret_name(name: &str) -> bool {
    let k = name.to_ascii_lowercase();
    k.contains("password") || k == "pw" || k == "pass" || k.ends_with("_pw")
}

/// The text of a transcript file with its steps replaced by `steps`, as `record` writes it.
///
/// Every top-level key other than `steps` is kept as written. A step of `steps` that is one of
/// `transcript`'s own steps, in order (the host's sends, waits and comments that `record`
/// replays unchanged), is written as the file wrote it, `${name}` included: a recording keeps
/// its variables, and a value given with `--var` (a password) is not written to disk. The
/// other steps (what the module answered) are written out in full, except that the value of a
/// password-like var is written `${name}` there too, and a literal `${` is written `$${`.
///
/// ```
/// use simcom_conformance::transcript::{render, Step, Transcript};
/// let file = "title: t\nsource: s\nvars: { pw: x }\nsteps:\n  - send: AT+FTPPW=\"${pw}\"\n  - expect: ERROR\n";
/// let t = Transcript::parse(file, &[("pw".into(), "secret".into())].into()).unwrap();
/// let recorded = [t.steps[0].clone(), Step::Expect("OK".into())];
/// let text = render(file, &t, &recorded);
/// assert!(text.ends_with("steps:\n  - send: AT+FTPPW=\"${pw}\"\n  - expect: OK\n"), "{text}");
/// ```
pub fn render(original: &str, transcript: &Transcript, steps: &[Step]) -> String {
    let secrets = transcript.secrets();
    let secret_vars: Vec<(&str, &str)> = transcript
        .vars
        .iter()
        .filter(|(k, v)| !v.is_empty() && (is_secret_name(k) || secrets.contains(v)))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut next = 0;
    let lines: Vec<String> = steps
        .iter()
        .map(|s| {
            let own = transcript.steps[next.min(transcript.steps.len())..]
                .iter()
                .position(|o| o == s)
                .map(|k| next + k);
            match own {
                Some(k) if !s.is_expectation() && k < transcript.step_sources.len() => {
                    next = k + 1;
                    transcript.step_sources[k].clone()
                }
                _ => yaml::step_text(&for_file(s, &secret_vars)),
            }
        })
        .collect();
    yaml::with_steps(original, &lines)
}

/// A step with its strings made safe to write into a transcript: a literal `${` becomes `$${`,
/// and the value of a password-like var becomes `${name}` again (the module echoes
/// `AT+FTPPW?` with the password).
fn for_file(step: &Step, secret_vars: &[(&str, &str)]) -> Step {
    let text = |t: &str| {
        let mut t = t.replace("${", "$${");
        for (name, value) in secret_vars {
            t = t.replace(value, &format!("${{{name}}}"));
        }
        t
    };
    fn bytes(b: &BytesSpec, text: &dyn Fn(&str) -> String) -> BytesSpec {
        match b {
            BytesSpec::Text(t) => BytesSpec::Text(text(t)),
            BytesSpec::Concat(parts) => {
                BytesSpec::Concat(parts.iter().map(|p| bytes(p, text)).collect())
            }
            other => other.clone(),
        }
    }
    match step {
        Step::Send(l) => Step::Send(text(l)),
        Step::SendRaw(b) => Step::SendRaw(bytes(b, &text)),
        Step::Expect(l) => Step::Expect(text(l)),
        Step::ExpectRe(r) => Step::ExpectRe(text(r)),
        Step::ExpectAnyOrder(ls) => Step::ExpectAnyOrder(ls.iter().map(|l| text(l)).collect()),
        Step::ExpectData(b) => Step::ExpectData(bytes(b, &text)),
        Step::SendData(b) => Step::SendData(bytes(b, &text)),
        Step::Drain { read, data, until } => Step::Drain {
            read: text(read),
            data: bytes(data, &text),
            until: text(until),
        },
        Step::Wait(d) => Step::Wait(*d),
        Step::Comment(c) => Step::Comment(text(c)),
    }
}

//! The client: one operation at a time over the module's UART, without I/O.

use core::time::Duration;

use simcom_at::command::{
    Action, Cfswfile, Chunked, Cnact, CnactAction, FsDir, FtpEtGet, FtpEtPut, FtpExtGet, FtpExtPut,
    FtpPut, Request, Setting,
};
use simcom_at::{
    CmeCode, CmeError, Command, Decoder, Final, FtpStatus, Info, Instant, Prefix, Prompt, Timestamp,
};

use crate::error::{Error, Wait};

/// The longest command line the client sends: the module takes at most 559 characters after
/// `AT` (SIM7080 AT manual V1.02 §1.4.4), plus `AT` and the CR.
pub const MAX_LINE: usize = 562;

/// How long the client waits for the module.
///
/// ```
/// use core::time::Duration;
/// use simcom_ftp::Timeouts;
/// let t = Timeouts { session: Duration::from_secs(120), ..Timeouts::default() };
/// assert_eq!(t.response, Duration::from_secs(10));
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// For a command's final result, and for the answer to a read: the manual gives most
    /// commands no maximum response time; 10 s is far above what any of them takes.
    pub response: Duration,
    /// For a session's announcements (`+FTPGET: 1,1`, `+FTPGET: 1,0`): the module itself gives
    /// up on a silent server after 75 s (spec/README.md §8), so a host waiting longer learns
    /// the module's own error instead of timing out first.
    ///
    /// A download the module makes on its own before the host reads anything
    /// ([`Client::ext_get`], [`Client::ext_get_to_file`]) may take many times this on a slow
    /// link: after each `session` without its end, the client asks the module how far it got
    /// (`AT+FTPEXTGET?`, as app note 5.1.13 polls during the download) and waits on while
    /// the count grows; it fails only when a whole `session` brought no byte.
    pub session: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            response: Duration::from_secs(10),
            session: Duration::from_secs(80),
        }
    }
}

/// How a module signals that it takes the data of `AT+FTPEXTPUT=2,<pos>,<len>,<timeout>`:
/// firmware may differ (profile `extput_header` / `extput_order`, errata E31).
///
/// ```
/// use simcom_ftp::{Client, ExtPutPrompt, Timeouts};
/// let mut client = Client::new([0u8; 1024], Timeouts::default()).unwrap();
/// // A module that prints nothing before the data (extput_header = false, manual order).
/// client.set_ext_put_prompt(ExtPutPrompt::None);
/// ```
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ExtPutPrompt {
    /// Wait for `+FTPEXTPUT: <pos>,<len>` (the manual's syntax) or an `OK` (app note 5.1.12's
    /// order, `OK` before the data and after it), whichever comes first.
    #[default]
    Wait,
    /// Write the data right after the command line: for a module that prints nothing before
    /// it (profile `extput_header = false` with `extput_order = manual`). A command the module
    /// refuses then has its data read as command lines: use it only for such a module.
    None,
}

/// What the client hands out while it reads the module's bytes.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// A piece of the file being downloaded, in order.
    Data(&'a [u8]),
    /// An information line answering the command of [`Client::command`].
    Response(Info<'a>),
    /// An unprefixed text line answering the command of [`Client::command`] (`ATI`,
    /// `Revision: …`).
    Text(&'a [u8]),
    /// [`Client::put`]: the module takes up to `max` bytes now; answer with
    /// [`Client::put_chunk`] (0 ends the upload).
    PutReady {
        /// `<maxlength>` of `+FTPPUT: 1,1,<maxlength>`.
        max: u16,
    },
    /// Write exactly the next `len` bytes of the upload to the UART now: [`Client::put`]'s
    /// chunk (the module confirmed it with `+FTPPUT: 2,<cnflength>`), [`Client::ext_put`]'s
    /// load into the module's RAM, [`Client::write_file`]'s file after `DOWNLOAD`.
    PutData {
        /// How many bytes the module reads (`<cnflength>` for a chunk).
        len: u32,
    },
    /// [`Client::et_put`]: write the file now, DLE-escaped and ended by a bare ETX
    /// ([`simcom_at::etx`]); the module confirmed the transparent data phase
    /// (`+FTPETPUT: 2,1`).
    EtPutReady,
    /// The operation finished.
    Done(Done),
    /// The operation failed. The client is idle again, or, when a command line was still in
    /// flight, once its final result has come ([`Client::is_idle`]; the adapters wait for it
    /// before they return).
    Failed(Error),
    /// A line no operation claims (a URC, a line outside the spec), handed on, never dropped.
    Unsolicited(simcom_at::Event<'a>),
}

/// How an operation finished.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Done {
    /// The command of [`Client::command`] ended with `OK`.
    Ok,
    /// [`Client::get`] received the whole file (from AT+FTPREST's offset, if one is set):
    /// `bytes` bytes, handed out as [`Event::Data`].
    Get {
        /// How many bytes were received.
        bytes: u64,
    },
    /// [`Client::list`] received the whole listing: `bytes` bytes, handed out as
    /// [`Event::Data`].
    List {
        /// How many bytes the listing had.
        bytes: u64,
    },
    /// [`Client::put`] sent the whole file and the server confirmed it (`+FTPPUT: 1,0`).
    Put {
        /// How many bytes were sent.
        bytes: u64,
    },
    /// [`Client::remote`] with [`Remote::Size`]: the remote file's size (`+FTPSIZE: 1,0,<size>`).
    Size {
        /// The size in bytes.
        bytes: u32,
    },
    /// [`Client::remote`] with [`Remote::Mdtm`]: the remote file's modification time
    /// (`+FTPMDTM: 1,0,<YYYYMMDDhhmmss>`).
    Mdtm(Timestamp),
    /// [`Client::discover_echo`]: whether the module echoes command lines (`ATE1`).
    Echo {
        /// The module echoed `AT`.
        on: bool,
    },
}

/// A command on a remote file or directory, answered by a session URC after its `OK`
/// (app note 5.1.8–5.1.10, 5.1.17, 5.1.18).
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Remote {
    /// `AT+FTPDELE`: delete the file AT+FTPGETPATH / AT+FTPGETNAME name.
    Dele,
    /// `AT+FTPSIZE`: that file's size.
    Size,
    /// `AT+FTPMDTM`: that file's modification time.
    Mdtm,
    /// `AT+FTPMKD`: create the directory AT+FTPGETPATH names.
    Mkd,
    /// `AT+FTPRMD`: remove the directory AT+FTPGETPATH names.
    Rmd,
    /// `AT+FTPRENAME`: rename AT+FTPGETNAME to AT+FTPPUTNAME (in AT+FTPGETPATH).
    Rename,
}

impl Remote {
    fn command(self) -> Command<'static> {
        let a = Action::Execute;
        match self {
            Self::Dele => Command::FtpDele(a),
            Self::Size => Command::FtpSize(a),
            Self::Mdtm => Command::FtpMdtm(a),
            Self::Mkd => Command::FtpMkd(a),
            Self::Rmd => Command::FtpRmd(a),
            Self::Rename => Command::FtpRename(a),
        }
    }
}

/// What a chunked download reads: a file (`AT+FTPGET`) or a directory listing
/// (`AT+FTPLIST`); the two run the same way (app note 5.1.1, 5.1.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stream {
    File,
    Listing,
}

impl Stream {
    fn prefix(self) -> Prefix {
        match self {
            Self::File => Prefix::FtpGet,
            Self::Listing => Prefix::FtpList,
        }
    }

    fn command(self, c: Chunked) -> Command<'static> {
        match self {
            Self::File => Command::FtpGet(c),
            Self::Listing => Command::FtpList(c),
        }
    }

    fn done(self, bytes: u64) -> Event<'static> {
        Event::Done(match self {
            Self::File => Done::Get { bytes },
            Self::Listing => Done::List { bytes },
        })
    }
}

/// Where a GET stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Get {
    /// `AT+FTPGET=1` sent, its `OK` not yet seen.
    Opening,
    /// Waiting for `+FTPGET: 1,1` before the first read.
    Starting,
    /// `AT+FTPGET=2,<n>` sent: its `+FTPGET: 2,<len>`, the bytes, then `OK`.
    Reading {
        /// The `<len>` of the answer, once seen.
        len: Option<u32>,
    },
    /// The last read returned nothing: waiting for `+FTPGET: 1,1` or `+FTPGET: 1,0`.
    Waiting,
}

/// Where a download into the module's RAM stands (app note 5.1.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExtGet {
    /// `AT+FTPEXTGET=1` sent, its `OK` not yet seen.
    Opening,
    /// The module downloads: waiting for `+FTPEXTGET: 1,0`.
    Downloading,
    /// `AT+FTPEXTGET?` sent: its `+FTPEXTGET: <mode>,<length>`, then `OK`.
    Sizing,
    /// `AT+FTPEXTGET=3,<pos>,<len>` sent: `+FTPEXTGET: 3,<len>`, the bytes, `OK`.
    Reading,
    /// `AT+FTPEXTGET=0` sent: its `OK` frees the RAM copy.
    Freeing,
}

/// Where a transparent upload stands (app note 5.1.14; the two orders of profile
/// `etput_order`: `+FTPETPUT: 2,1` alone, or after an `OK` as the note prints it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EtPut {
    /// `AT+FTPETPUT=1` sent, its `OK` not yet seen.
    Opening,
    /// Waiting for `+FTPETPUT: 1,1`.
    Announce,
    /// `AT+FTPETPUT=2` sent: waiting for `+FTPETPUT: 2,1` (an `OK` before it is the
    /// note's order).
    Requested,
    /// `Event::EtPutReady` handed out: the caller writes the data and the ETX; then `OK`.
    Sending,
    /// Waiting for `+FTPETPUT: 1,0`.
    Closing,
}

/// Where an upload from the module's RAM stands (app note 5.1.12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExtPut {
    /// `AT+FTPEXTPUT=0` sent: the buffer emptied of anything an earlier upload left.
    Clearing,
    /// `AT+FTPEXTPUT=1` sent: the extended method chosen.
    Enabling,
    /// `AT+FTPEXTPUT=2,<pos>,<len>,<timeout>` sent: waiting for the module's go-ahead.
    Loading {
        /// `<len>`.
        len: u32,
    },
    /// `Event::PutData` handed out: the caller writes `len` bytes; then `OK` (a
    /// `+FTPEXTPUT:` line after an `OK` is the note's order with the header).
    Writing {
        /// `<len>`.
        len: u32,
    },
    /// `AT+FTPPUT=1` sent: its `OK` and the upload's `+FTPPUT: 1,<code>`, in either order.
    Uploading {
        /// The `OK` came.
        ok: bool,
        /// The URC came, with this outcome.
        outcome: Option<Result<(), Error>>,
    },
    /// `AT+FTPEXTPUT=0` sent after the upload or a failure: back to the normal method; the
    /// failure is reported after its final result.
    Restoring(Option<Error>),
}

/// Where a PUT stands (app note 5.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Put {
    /// `AT+FTPPUT=1` sent, its `OK` not yet seen.
    Opening,
    /// Waiting for `+FTPPUT: 1,1,<maxlength>`.
    Announce,
    /// `Event::PutReady` handed out: waiting for the caller's `put_chunk`.
    Ready {
        /// The module's `<maxlength>`.
        max: u16,
    },
    /// `AT+FTPPUT=2,<len>` sent: waiting for `+FTPPUT: 2,<cnflength>`.
    Requested,
    /// `Event::PutData` handed out: the caller writes the bytes; then `OK`.
    Sending {
        /// `<cnflength>`.
        len: u16,
    },
    /// `AT+FTPPUT=2,0` sent: its `OK`, then `+FTPPUT: 1,0`.
    Closing {
        /// The `OK` came.
        ok: bool,
    },
}

/// The URC an [`Op::Answered`] command waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Awaited {
    /// The session URC of a [`Remote`] command (`+FTPSIZE: 1,…`).
    Session(Prefix),
    /// `+APP PDP: <pdpidx>,ACTIVE` (AT+CNACT=<pdpidx>,1).
    Activated(u8),
    /// `+FTPEXTGETFILE: 1,0`: the module has downloaded the file into its file system
    /// (AT+FTPEXTGET=2); its progress meanwhile is `AT+FTPTOFSST`'s.
    SavedToFile,
}

impl Awaited {
    /// The outcome `info` carries, or `None` if it is not the awaited line.
    fn outcome(self, info: &Info<'_>) -> Option<Result<Done, Error>> {
        match (self, *info) {
            (Self::Activated(idx), Info::AppPdp { pdpidx, active }) if pdpidx == idx => {
                Some(if active {
                    Ok(Done::Ok)
                } else {
                    Err(Error::BearerDown)
                })
            }
            (
                Self::SavedToFile,
                Info::Session {
                    prefix: Prefix::FtpExtGetFile,
                    code,
                },
            ) => Some(if code == 0 {
                Ok(Done::Ok)
            } else {
                Err(code_error(code))
            }),
            (Self::Session(prefix), info) if info.prefix() == prefix => match info {
                Info::Session { code: 0, .. } => Some(Ok(Done::Ok)),
                Info::Size { code: 0, size } => Some(Ok(Done::Size { bytes: size })),
                Info::Mdtm {
                    code: 0,
                    timestamp: Some(t),
                } => Some(Timestamp::parse(t).map(Done::Mdtm).ok_or(Error::FtpCode(0))),
                Info::Session { code, .. } | Info::Size { code, .. } | Info::Mdtm { code, .. } => {
                    Some(Err(code_error(code)))
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// The running operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// Nothing runs.
    Idle,
    /// One command line, until its final result.
    Command,
    /// `AT`, to learn whether the module echoes it.
    Discover {
        /// The echo came.
        echoed: bool,
    },
    /// A download with `AT+FTPGET`, or a listing with `AT+FTPLIST`.
    Get {
        stream: Stream,
        state: Get,
        /// `<reqlength>` of each read.
        chunk: u16,
        /// Bytes handed out so far.
        bytes: u64,
        /// `+FTPGET: 1,1` came while a read was in flight: read again after it.
        more: bool,
        /// `+FTPGET: 1,0` came: the file is complete once the read in flight ends.
        finished: bool,
    },
    /// A download into the module's RAM with `AT+FTPEXTGET=1`, then read out of it with
    /// `AT+FTPEXTGET=3` and freed with `AT+FTPEXTGET=0` (app note 5.1.13).
    ExtGet {
        state: ExtGet,
        /// Bytes of each `AT+FTPEXTGET=3` read.
        chunk: u32,
        /// The file's size, from `AT+FTPEXTGET?` once the download ended.
        length: u32,
        /// Bytes read out so far.
        bytes: u32,
    },
    /// An upload from the module's RAM, loaded with `AT+FTPEXTPUT=2` (app note 5.1.12).
    ExtPut {
        state: ExtPut,
        /// The file's size.
        total: u32,
        /// Bytes per load.
        chunk: u32,
        /// Bytes loaded so far: the next load's `<pos>`.
        pos: u32,
        /// Each load's `<timeout>` in ms.
        input: u32,
    },
    /// A file written into the module's file system with `AT+CFSWFILE` (app note 5.2.1).
    WriteFile {
        /// `<filesize>`.
        len: u16,
        /// `<inputtime>` in ms.
        input: u16,
        /// `DOWNLOAD` came: the data is written, its `OK` is next.
        prompted: bool,
    },
    /// A transparent upload with `AT+FTPETPUT` (app note 5.1.14).
    EtPut {
        state: EtPut,
        /// The bytes the caller said it sends.
        bytes: u64,
    },
    /// A transparent download with `AT+FTPETGET` (app note 5.1.15).
    EtGet {
        /// Its `OK` came.
        ok: bool,
        /// `+FTPETGET: 1,1` came: the data follows, DLE-escaped, up to a bare ETX.
        open: bool,
        /// Bytes handed out so far (unescaped).
        bytes: u64,
    },
    /// An upload with `AT+FTPPUT`.
    Put {
        state: Put,
        /// Bytes the module confirmed so far.
        bytes: u64,
    },
    /// A command answered by `OK` and a URC, in either order: a [`Remote`] command, or the
    /// bearer's activation.
    Answered {
        /// The URC that carries the outcome.
        awaited: Awaited,
        /// Its `OK` came.
        ok: bool,
        /// Its URC came, with this outcome.
        outcome: Option<Result<Done, Error>>,
    },
    /// The operation failed while a command line was in flight: its final result is awaited
    /// and swallowed before the client is idle.
    Draining,
}

/// The state the decoder's events drive (apart from the decoder, so that both can be
/// borrowed at once).
#[derive(Debug)]
struct Machine {
    op: Op,
    timeouts: Timeouts,
    /// The line to write, `tx[..tx_len]`, not yet handed out by `poll_transmit`.
    tx: [u8; MAX_LINE],
    tx_len: usize,
    /// When the current wait ends.
    deadline: Option<(Instant, Wait)>,
    /// The time of the bytes being read.
    now: Instant,
    /// Where an abort (AT+FTPQUIT) of the running transfer stands.
    quit: Quit,
    /// How the module signals that it takes `AT+FTPEXTPUT=2`'s data.
    ext_put_prompt: ExtPutPrompt,
    /// The length of an [`Event::PutData`] due without the module's bytes, for
    /// [`Client::poll_event`].
    due: Option<u32>,
    /// A progress query (`AT+FTPEXTGET?`) in flight during a download the module makes on
    /// its own.
    probe: Option<Probe>,
    /// The bytes that download had at the last query.
    progress: u32,
}

/// A progress query in flight: the `+FTPEXTGET: <mode>,<length>` lines it brought so far. A
/// session URC (`+FTPEXTGET: 1,<code>`) printed while the query is in flight has the same
/// shape and comes first; a second line tells it from the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Probe {
    lines: [Option<(u8, u32)>; 2],
}

/// Where an abort of the running transfer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quit {
    /// None asked for.
    No,
    /// Asked for while a command line was in flight: AT+FTPQUIT goes instead of the next one.
    Pending,
    /// AT+FTPQUIT queued or sent: its final result is next.
    Sent,
    /// Its `OK` came: the aborted session's URC (`+FTPGET: 1,80`) ends the operation.
    Acked,
}

/// A sans-IO client for the module's FTP service, in the shape of smoltcp's sockets and
/// str0m: it owns no UART and reads no clock.
///
/// The loop: write what [`poll_transmit`](Self::poll_transmit) gives to the UART; give every
/// read from the UART to [`receive`](Self::receive), which hands out its events; when nothing
/// arrives, call [`handle_timeout`](Self::handle_timeout) at
/// [`poll_timeout`](Self::poll_timeout). `B` is the decoder's storage (`[u8; N]` for no
/// allocation).
///
/// ```
/// use simcom_ftp::{Client, Done, Event, Timeouts};
/// use simcom_at::{Command, Instant};
///
/// let mut client = Client::new([0u8; 2048], Timeouts::default()).unwrap();
/// client.command(&Command::At).unwrap();
/// assert_eq!(client.poll_transmit(Instant::ZERO), Some(&b"AT\r"[..]));
/// let mut events = Vec::new();
/// client.receive(Instant::from_millis(5), b"AT\r\r\nOK\r\n", |e| events.push(format!("{e:?}")));
/// assert_eq!(events, ["Done(Ok)"]);
/// assert!(client.is_idle());
/// ```
#[derive(Debug)]
pub struct Client<B> {
    decoder: Decoder<B>,
    machine: Machine,
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Client<B> {
    /// A client whose decoder uses `buffer` (at least [`simcom_at::MIN_CAPACITY`] bytes; a
    /// line longer than it is dropped and reported).
    ///
    /// # Errors
    /// The buffer is too small.
    pub fn new(buffer: B, timeouts: Timeouts) -> Result<Self, simcom_at::BufferTooSmall> {
        Ok(Self {
            decoder: Decoder::with_buffer(buffer)?,
            machine: Machine {
                op: Op::Idle,
                timeouts,
                tx: [0; MAX_LINE],
                tx_len: 0,
                deadline: None,
                now: Instant::ZERO,
                quit: Quit::No,
                ext_put_prompt: ExtPutPrompt::default(),
                due: None,
                probe: None,
                progress: 0,
            },
        })
    }

    /// How the module signals that it takes `AT+FTPEXTPUT=2`'s data ([`ext_put`](Self::ext_put)):
    /// [`ExtPutPrompt::Wait`] unless set.
    pub fn set_ext_put_prompt(&mut self, prompt: ExtPutPrompt) {
        self.machine.ext_put_prompt = prompt;
    }

    /// Whether no operation runs.
    #[must_use]
    pub fn is_idle(&self) -> bool {
        self.machine.op == Op::Idle
    }

    /// Sends one command line and waits for its final result: its information and text lines
    /// come out as [`Event::Response`] and [`Event::Text`], then [`Done::Ok`] or
    /// [`Event::Failed`].
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs; [`Error::Encode`] when `command` cannot be
    /// encoded safely (nothing is sent).
    pub fn command(&mut self, command: &Command<'_>) -> Result<(), Error> {
        self.start(command, Op::Command)
    }

    /// Downloads the file AT+FTPGETPATH / AT+FTPGETNAME name (set them with
    /// [`command`](Self::command) first) with `AT+FTPGET`, reading `chunk` (1–1460) bytes at a
    /// time (app note 5.1.1): the bytes come out as [`Event::Data`], then [`Done::Get`].
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs; [`Error::Encode`] for a `chunk` outside 1–1460.
    pub fn get(&mut self, chunk: u16) -> Result<(), Error> {
        self.stream(Stream::File, chunk)
    }

    /// Lists the directory AT+FTPGETPATH names with `AT+FTPLIST`, as [`get`](Self::get) reads
    /// a file (app note 5.1.11): the listing's bytes come out as [`Event::Data`], then
    /// [`Done::List`].
    ///
    /// # Errors
    /// As [`get`](Self::get).
    pub fn list(&mut self, chunk: u16) -> Result<(), Error> {
        self.stream(Stream::Listing, chunk)
    }

    /// Learns whether the module echoes command lines: sends `AT` and gives
    /// [`Done::Echo`] at its `OK`. The client works with echo on or off either way (it knows
    /// every line it sent); this tells a caller who wants to know, or to set it with `ATE0`.
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs.
    pub fn discover_echo(&mut self) -> Result<(), Error> {
        self.start(&Command::At, Op::Discover { echoed: false })
    }

    fn stream(&mut self, stream: Stream, chunk: u16) -> Result<(), Error> {
        stream
            .command(Chunked::Read { reqlength: chunk })
            .validate()
            .map_err(Error::Encode)?;
        let op = Op::Get {
            stream,
            state: Get::Opening,
            chunk,
            bytes: 0,
            more: false,
            finished: false,
        };
        self.start(&stream.command(Chunked::Open), op)
    }

    /// Downloads the file AT+FTPGETPATH / AT+FTPGETNAME name in transparent mode with
    /// `AT+FTPETGET=1` (app note 5.1.15): after `+FTPETGET: 1,1` the module sends the file
    /// DLE-escaped up to a bare ETX; the codec unescapes it, and the bytes come out as
    /// [`Event::Data`], then [`Done::Get`] at `+FTPETGET: 1,0`.
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs.
    pub fn et_get(&mut self) -> Result<(), Error> {
        self.start(
            &Command::FtpEtGet(FtpEtGet::Open),
            Op::EtGet {
                ok: false,
                open: false,
                bytes: 0,
            },
        )
    }

    /// Downloads the file AT+FTPGETPATH / AT+FTPGETNAME name into the module's own file
    /// system, as `<dir>` `/<name>` (`AT+FTPEXTGET=2,<dir>,"<name>"`, app note 5.1.19): its
    /// `OK`, then `+FTPEXTGETFILE: 1,0`, give [`Done::Ok`]; `AT+FTPTOFSST` (a
    /// [`command`](Self::command)) then tells its size. The module downloads on its own: the
    /// client checks its progress after each [`Timeouts::session`].
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs; [`Error::Encode`] for a name the command
    /// cannot carry (empty, over 50 bytes, a quote).
    pub fn ext_get_to_file(&mut self, dir: FsDir, name: &str) -> Result<(), Error> {
        self.start(
            &Command::FtpExtGet(FtpExtGet::File { dir, name }),
            Op::Answered {
                awaited: Awaited::SavedToFile,
                ok: false,
                outcome: None,
            },
        )
    }

    /// Downloads the file AT+FTPGETPATH / AT+FTPGETNAME name into the module's RAM with
    /// `AT+FTPEXTGET=1` (app note 5.1.13), then reads it out `chunk` bytes at a time
    /// (`AT+FTPEXTGET=3,<pos>,<len>`, 1–327680) and frees the RAM (`AT+FTPEXTGET=0`): the bytes
    /// come out as [`Event::Data`], then [`Done::Get`]. The module downloads on its own first:
    /// the client checks its progress after each [`Timeouts::session`].
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs; [`Error::Encode`] for a `chunk` outside
    /// 1–327680.
    pub fn ext_get(&mut self, chunk: u32) -> Result<(), Error> {
        Command::FtpExtGet(FtpExtGet::Output { pos: 0, len: chunk })
            .validate()
            .map_err(Error::Encode)?;
        self.start(
            &Command::FtpExtGet(FtpExtGet::Ram),
            Op::ExtGet {
                state: ExtGet::Opening,
                chunk,
                length: 0,
                bytes: 0,
            },
        )
    }

    /// Uploads `bytes` bytes to the file AT+FTPPUTPATH / AT+FTPPUTNAME name in transparent
    /// mode (app note 5.1.14): `AT+FTPETPUT=1`, `+FTPETPUT: 1,1`, `AT+FTPETPUT=2`, then at
    /// [`Event::EtPutReady`] the caller writes the file DLE-escaped and a bare ETX; after the
    /// module's `OK` and `+FTPETPUT: 1,0`, [`Done::Put`] with `bytes`.
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs.
    pub fn et_put(&mut self, bytes: u64) -> Result<(), Error> {
        self.start(
            &Command::FtpEtPut(FtpEtPut::Open),
            Op::EtPut {
                state: EtPut::Opening,
                bytes,
            },
        )
    }

    /// Uploads `len` bytes to the file AT+FTPPUTPATH / AT+FTPPUTNAME name with the extended
    /// method (app note 5.1.12): the module's buffer is emptied (`AT+FTPEXTPUT=0`) and the
    /// method chosen (`AT+FTPEXTPUT=1`); the file is loaded into the module's RAM `chunk` bytes
    /// at a time (`AT+FTPEXTPUT=2,<pos>,<len>,<input_ms>`: at each [`Event::PutData`] the
    /// caller writes that many bytes within `input_ms`); `AT+FTPPUT=1` uploads it, and
    /// `AT+FTPEXTPUT=0` returns to the normal method, also after a failure. Then
    /// [`Done::Put`].
    ///
    /// The go-ahead for each load is [`ExtPutPrompt`]'s: waited for up to
    /// [`Timeouts::response`]. With an `input_ms` longer than that, a module that prints no
    /// go-ahead fails the wait ([`Wait::ExtPutPrompt`]) before its own input timeout, and the
    /// error names the setting it needs.
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs; [`Error::Encode`] for a `len` or `chunk`
    /// outside 1–327680 (the module's RAM) or an `input_ms` outside 1000–1000000.
    pub fn ext_put(&mut self, len: u32, chunk: u32, input_ms: u32) -> Result<(), Error> {
        for n in [len, chunk] {
            Command::FtpExtPut(FtpExtPut::Load {
                pos: 0,
                len: n,
                timeout: input_ms,
            })
            .validate()
            .map_err(Error::Encode)?;
        }
        self.start(
            &Command::FtpExtPut(FtpExtPut::Normal),
            Op::ExtPut {
                state: ExtPut::Clearing,
                total: len,
                chunk,
                pos: 0,
                input: input_ms,
            },
        )
    }

    /// Writes `len` bytes (1–10240) into the module's file system as `<dir>` `/<name>`, or
    /// appends them to it, with `AT+CFSWFILE` (app note 5.2.1): at `DOWNLOAD`,
    /// [`Event::PutData`] asks for the bytes, to be written within `input_ms` (100–10000);
    /// its `OK` gives [`Done::Ok`]. `AT+CFSINIT` before and `AT+CFSTERM` after are the
    /// caller's ([`Blocking::write_file`](crate::Blocking::write_file) does both, and splits a
    /// longer file).
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs; [`Error::Encode`] for a `len`, `input_ms` or
    /// name the command cannot carry (nothing is sent).
    pub fn write_file(
        &mut self,
        dir: FsDir,
        name: &str,
        append: bool,
        len: u16,
        input_ms: u16,
    ) -> Result<(), Error> {
        let file = Cfswfile {
            dir,
            name,
            append,
            size: len,
            input_time: input_ms,
        };
        self.start(
            &Command::Cfswfile(Request::Write(file)),
            Op::WriteFile {
                len,
                input: input_ms,
                prompted: false,
            },
        )
    }

    /// Uploads to the file AT+FTPPUTPATH / AT+FTPPUTNAME name with `AT+FTPPUT` (app note
    /// 5.1.2): after [`Event::PutReady`] give each chunk's size with
    /// [`put_chunk`](Self::put_chunk), write its bytes at [`Event::PutData`], and end with
    /// `put_chunk(0)`; [`Done::Put`] once the server has the file.
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs.
    pub fn put(&mut self) -> Result<(), Error> {
        self.start(
            &Command::FtpPut(FtpPut::Open),
            Op::Put {
                state: Put::Opening,
                bytes: 0,
            },
        )
    }

    /// The next chunk of a [`put`](Self::put): `len` bytes (at most the `max` of the last
    /// [`Event::PutReady`]), or 0 to end the upload.
    ///
    /// # Errors
    /// [`Error::NotReady`] unless the upload waits for a chunk (after [`Event::PutReady`]);
    /// [`Error::Encode`] for more than `max` bytes.
    pub fn put_chunk(&mut self, len: u16) -> Result<(), Error> {
        let m = &mut self.machine;
        let Op::Put {
            state: Put::Ready { max },
            bytes,
        } = m.op
        else {
            return Err(Error::NotReady);
        };
        if m.quit != Quit::No {
            return Err(Error::NotReady);
        }
        let (command, state) = if len == 0 {
            (FtpPut::Finish, Put::Closing { ok: false })
        } else if len > max {
            // The module's own limit for this chunk, not the spec's 1–1460.
            return Err(Error::Encode(simcom_at::EncodeError::OutOfRange {
                param: "reqlength",
                value: u64::from(len),
                min: 1,
                max: u64::from(max),
            }));
        } else {
            (FtpPut::Write { reqlength: len }, Put::Requested)
        };
        m.queue(&Command::FtpPut(command))?;
        m.op = Op::Put { state, bytes };
        Ok(())
    }

    /// Aborts the running [`get`](Self::get), [`list`](Self::list) or [`put`](Self::put)
    /// with `AT+FTPQUIT` (app note 5.1.16): sent at once, or after the command line in flight
    /// ends; the operation then fails with
    /// [`Error::Ftp`]`(`[`FtpError::ManualQuit`](simcom_at::FtpError::ManualQuit)`)` when
    /// the module reports the aborted session (`+FTPGET: 1,80`). The extended and transparent
    /// methods are not aborted: they run to their end.
    ///
    /// # Errors
    /// [`Error::NotReady`] unless one of those three runs.
    pub fn quit(&mut self) -> Result<(), Error> {
        let m = &mut self.machine;
        let in_flight = match m.op {
            Op::Get { state, .. } => {
                matches!(state, Get::Reading { .. } | Get::Opening) && m.tx_len == 0
            }
            Op::Put { state, .. } => {
                m.tx_len == 0
                    && matches!(
                        state,
                        Put::Opening
                            | Put::Requested
                            | Put::Sending { .. }
                            | Put::Closing { ok: false }
                    )
            }
            _ => return Err(Error::NotReady),
        };
        if m.quit != Quit::No {
            return Ok(());
        }
        if in_flight {
            m.quit = Quit::Pending;
        } else {
            // Nothing in flight: the abort replaces whatever was queued.
            m.quit = Quit::Sent;
            m.tx_len = Command::FtpQuit(Action::Execute)
                .encode(&mut m.tx)
                .map_err(Error::Encode)?;
        }
        Ok(())
    }

    /// Runs a command on a remote file or directory (delete, size, modification time, make or
    /// remove a directory, rename): its `OK`, then its session URC, give [`Done::Ok`],
    /// [`Done::Size`] or [`Done::Mdtm`], or the module's FTP error code.
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs.
    pub fn remote(&mut self, remote: Remote) -> Result<(), Error> {
        let command = remote.command();
        let op = Op::Answered {
            awaited: Awaited::Session(command.prefix().unwrap_or(Prefix::FtpDele)),
            ok: false,
            outcome: None,
        };
        self.start(&command, op)
    }

    /// Activates the application network of PDP context `pdpidx` (0–3) with
    /// `AT+CNACT=<pdpidx>,1` (app note 4.1): its `OK`, then `+APP PDP: <pdpidx>,ACTIVE`, give
    /// [`Done::Ok`]. A context already active is refused by the module (`+CME ERROR`): check
    /// with `AT+CNACT?` first.
    ///
    /// # Errors
    /// [`Error::Busy`] while an operation runs; [`Error::Encode`] for a `pdpidx` outside 0–3.
    pub fn bearer_up(&mut self, pdpidx: u8) -> Result<(), Error> {
        let command = Command::Cnact(Setting::Write(Cnact {
            pdpidx,
            action: CnactAction::Activate,
        }));
        let op = Op::Answered {
            awaited: Awaited::Activated(pdpidx),
            ok: false,
            outcome: None,
        };
        self.start(&command, op)
    }

    fn start(&mut self, command: &Command<'_>, op: Op) -> Result<(), Error> {
        if self.machine.op != Op::Idle {
            return Err(Error::Busy);
        }
        self.machine.progress = 0;
        self.machine.probe = None;
        self.machine.queue(command)?;
        self.machine.op = op;
        Ok(())
    }

    /// The command line to write now, if any. The client counts it as written at `now`: its
    /// wait starts then, and the decoder expects its answer.
    #[must_use]
    pub fn poll_transmit(&mut self, now: Instant) -> Option<&[u8]> {
        let m = &mut self.machine;
        if m.tx_len == 0 {
            return None;
        }
        let len = m.tx_len;
        m.tx_len = 0;
        self.decoder.line_sent(&m.tx[..len]);
        m.deadline = Some((now + m.timeouts.response, m.wait_after_send()));
        m.now = now;
        m.sent();
        Some(&m.tx[..len])
    }

    /// An event due without any byte from the module: [`Event::PutData`] right after its
    /// load command was written, with [`ExtPutPrompt::None`]. Call it after
    /// [`poll_transmit`](Self::poll_transmit).
    pub fn poll_event(&mut self) -> Option<Event<'static>> {
        self.machine.due.take().map(|len| Event::PutData { len })
    }

    /// When [`handle_timeout`](Self::handle_timeout) must be called if nothing arrives
    /// before. Changes after [`poll_transmit`](Self::poll_transmit) and
    /// [`receive`](Self::receive).
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.machine.deadline.map(|(t, _)| t)
    }

    /// The time is `now`: if the wait's deadline has passed, the operation fails with
    /// [`Error::Timeout`] and the client is idle again; except while the module downloads on
    /// its own ([`ext_get`](Self::ext_get), [`ext_get_to_file`](Self::ext_get_to_file)),
    /// when the client asks its progress instead (see [`Timeouts::session`]) and returns
    /// `None`.
    pub fn handle_timeout(&mut self, now: Instant) -> Option<Error> {
        let m = &mut self.machine;
        let (deadline, wait) = m.deadline?;
        if now < deadline {
            return None;
        }
        // A download the module makes on its own: ask how far it got before giving up.
        if m.downloading_alone() && m.probe.is_none() {
            m.now = now;
            m.deadline = None;
            m.probe = Some(Probe::default());
            let query = m.progress_query();
            if let Err(e) = m.queue(&query) {
                m.probe = None;
                m.op = Op::Idle;
                return Some(e);
            }
            return None;
        }
        m.probe = None;
        m.deadline = None;
        m.tx_len = 0;
        let failed = m.op != Op::Draining;
        m.op = Op::Idle;
        failed.then_some(Error::Timeout(wait))
    }

    /// Reads `bytes` from the UART, received at `now`, and hands every event to `on_event`
    /// (a closure: the data pieces borrow the decoder's buffer). Then write what
    /// [`poll_transmit`](Self::poll_transmit) gives.
    pub fn receive(&mut self, now: Instant, bytes: &[u8], mut on_event: impl FnMut(Event<'_>)) {
        self.machine.now = now;
        let mut events = self.decoder.events(bytes);
        while let Some(event) = events.next_event() {
            if let Some(out) = self.machine.step(event) {
                on_event(out);
            }
        }
    }
}

impl Machine {
    /// Whether the module is downloading on its own, the client waiting for the end.
    fn downloading_alone(&self) -> bool {
        matches!(
            self.op,
            Op::ExtGet {
                state: ExtGet::Downloading,
                ..
            } | Op::Answered {
                awaited: Awaited::SavedToFile,
                ok: true,
                outcome: None,
            }
        )
    }

    /// How the progress of the module's own download is asked: `AT+FTPEXTGET?` into RAM (as
    /// app note 5.1.13 polls), `AT+FTPTOFSST` into the file system (the spec's progress
    /// query for AT+FTPEXTGET=2: `<fsstatus>` 1 and the bytes so far).
    fn progress_query(&self) -> Command<'static> {
        match self.op {
            Op::Answered { .. } => Command::FtpToFsSt(Action::Execute),
            _ => Command::FtpExtGet(FtpExtGet::Read),
        }
    }

    /// A decoder event while a progress query is in flight: its lines are kept, its final
    /// result weighs them; anything else goes to the operation.
    fn probe<'a>(&mut self, probe: Probe, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        match event {
            E::Response(
                Info::ExtGetProgress { mode, length }
                | Info::ToFsSt {
                    fsstatus: mode,
                    filesize: length,
                    ..
                },
            ) => {
                let mut p = probe;
                if let Some(slot) = p.lines.iter_mut().find(|l| l.is_none()) {
                    *slot = Some((mode, length));
                }
                self.probe = Some(p);
                None
            }
            E::Final(f) => {
                self.probe = None;
                if let Some(e) = final_error(f) {
                    return self.fail(e, false);
                }
                match probe.lines {
                    // The first line was the session's URC: hand it to the operation.
                    [Some((1, code)), Some((_, length))] => {
                        self.progress = length;
                        let code = u8::try_from(code).unwrap_or(u8::MAX);
                        let out = self.dispatch(E::Urc(Info::Session {
                            prefix: Prefix::FtpExtGet,
                            code,
                        }));
                        if self.downloading_alone() {
                            self.wait(Wait::Result, self.timeouts.session);
                        }
                        out
                    }
                    [Some((_, length)), None] if length > self.progress => {
                        self.progress = length;
                        self.wait(Wait::Result, self.timeouts.session);
                        None
                    }
                    // No byte in a whole `session`, and the module has not given up.
                    _ => self.fail(Error::Timeout(Wait::Result), false),
                }
            }
            e => {
                let out = self.dispatch(e);
                // The operation ended meanwhile: the query's answer is drained.
                if self.op == Op::Idle {
                    self.probe = None;
                    self.op = Op::Draining;
                    self.wait(Wait::Final, self.timeouts.response);
                }
                out
            }
        }
    }

    /// Encodes `command` as the line to write next.
    fn queue(&mut self, command: &Command<'_>) -> Result<(), Error> {
        // An abort asked for while a line was in flight goes before anything else.
        let command = if self.quit == Quit::Pending {
            self.quit = Quit::Sent;
            &Command::FtpQuit(Action::Execute)
        } else {
            command
        };
        self.tx_len = command.encode(&mut self.tx).map_err(Error::Encode)?;
        Ok(())
    }

    /// What a line just written waits for.
    fn wait_after_send(&self) -> Wait {
        match self.op {
            Op::Get {
                state: Get::Reading { .. },
                ..
            } => Wait::Data,
            Op::ExtPut {
                state: ExtPut::Loading { .. },
                ..
            } => Wait::ExtPutPrompt,
            Op::WriteFile { .. } => Wait::Download,
            _ => Wait::Final,
        }
    }

    /// A line was just written: a load that the module takes without a go-ahead has its
    /// data due now.
    fn sent(&mut self) {
        if let Op::ExtPut {
            state: ExtPut::Loading { len },
            ..
        } = self.op
            && self.ext_put_prompt == ExtPutPrompt::None
        {
            self.due = Some(len);
            self.ext_put_writing(len);
        }
    }

    fn wait(&mut self, wait: Wait, within: Duration) {
        self.deadline = Some((self.now + within, wait));
    }

    /// Ends the operation with `out`.
    fn finish<'a>(&mut self, out: Event<'a>) -> Option<Event<'a>> {
        self.op = Op::Idle;
        self.deadline = None;
        self.quit = Quit::No;
        self.due = None;
        Some(out)
    }

    /// Fails the operation; a command line still in flight is drained first.
    fn fail<'a>(&mut self, error: Error, in_flight: bool) -> Option<Event<'a>> {
        self.tx_len = 0;
        self.due = None;
        self.quit = Quit::No;
        if in_flight {
            self.op = Op::Draining;
            self.wait(Wait::Final, self.timeouts.response);
        } else {
            self.op = Op::Idle;
            self.deadline = None;
        }
        Some(Event::Failed(error))
    }

    /// One decoder event through the running operation.
    fn step<'a>(&mut self, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        if let Some(probe) = self.probe {
            if self.tx_len == 0 {
                return self.probe(probe, event);
            }
            // The query is not written yet: the operation may end first.
            let out = self.dispatch(event);
            if !self.downloading_alone() {
                if self.op == Op::Idle {
                    self.tx_len = 0;
                }
                self.probe = None;
            }
            return out;
        }
        // The final result of AT+FTPQUIT (sent only when no other line was in flight).
        if let (Quit::Sent, E::Final(f)) = (self.quit, event)
            && self.tx_len == 0
        {
            if let Some(e) = final_error(f) {
                return self.fail(e, false);
            }
            self.quit = Quit::Acked;
            self.wait(Wait::Result, self.timeouts.session);
            return None;
        }
        let was_final = matches!(event, E::Final(_));
        let out = self.dispatch(event);
        // The line in flight ended: the abort asked for meanwhile goes now.
        if was_final
            && self.quit == Quit::Pending
            && self.tx_len == 0
            && matches!(self.op, Op::Get { .. } | Op::Put { .. })
        {
            self.quit = Quit::Sent;
            if let Err(e) = self.queue(&Command::FtpQuit(Action::Execute)) {
                return self.fail(e, false);
            }
        }
        out
    }

    /// One decoder event to the running operation's handler.
    fn dispatch<'a>(&mut self, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        match (self.op, event) {
            (Op::Discover { .. }, E::Echo(_)) => {
                self.op = Op::Discover { echoed: true };
                None
            }
            (Op::Discover { echoed }, E::Final(f)) => match final_error(f) {
                None => self.finish(Event::Done(Done::Echo { on: echoed })),
                Some(e) => self.fail(e, false),
            },
            (Op::Discover { .. }, e) => Some(Event::Unsolicited(e)),
            (_, E::Echo(_)) => None,
            (Op::Idle, e) => Some(Event::Unsolicited(e)),
            (Op::Draining, E::Final(_)) => {
                self.op = Op::Idle;
                self.deadline = None;
                None
            }
            // The answer of the command being drained.
            (Op::Draining, E::Response(_) | E::Text(_) | E::Data(_) | E::DataEnd) => None,
            (Op::Draining, e) => Some(Event::Unsolicited(e)),
            (Op::Command, E::Response(info)) => Some(Event::Response(info)),
            (Op::Command, E::Text(t)) => Some(Event::Text(t)),
            (Op::Command, E::Final(f)) => match final_error(f) {
                None => self.finish(Event::Done(Done::Ok)),
                Some(e) => self.fail(e, false),
            },
            (Op::Command, e) => Some(Event::Unsolicited(e)),
            (Op::Get { .. }, e) => self.get(e),
            (Op::Answered { .. }, e) => self.answered(e),
            (Op::Put { .. }, e) => self.put(e),
            (Op::EtGet { .. }, e) => self.et_get(e),
            (Op::ExtGet { .. }, e) => self.ext_get(e),
            (Op::EtPut { .. }, e) => self.et_put(e),
            (Op::ExtPut { .. }, e) => self.ext_put(e),
            (Op::WriteFile { .. }, e) => self.write_file(e),
        }
    }

    /// A decoder event while a file is written into the module's file system.
    fn write_file<'a>(&mut self, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        let Op::WriteFile {
            len,
            input,
            prompted,
        } = self.op
        else {
            return None;
        };
        match event {
            E::Final(f) => match final_error(f) {
                Some(e) => self.fail(e, false),
                None if prompted => self.finish(Event::Done(Done::Ok)),
                None => Some(Event::Unsolicited(event)),
            },
            E::Prompt(Prompt::Download) if !prompted => {
                self.op = Op::WriteFile {
                    len,
                    input,
                    prompted: true,
                };
                let within = self.timeouts.response + Duration::from_millis(u64::from(input));
                self.wait(Wait::Final, within);
                Some(Event::PutData {
                    len: u32::from(len),
                })
            }
            e => Some(Event::Unsolicited(e)),
        }
    }

    /// Sets the running upload from RAM to `state`.
    fn set_ext_put(&mut self, state: ExtPut, pos: u32) {
        if let Op::ExtPut {
            total,
            chunk,
            input,
            ..
        } = self.op
        {
            self.op = Op::ExtPut {
                state,
                total,
                chunk,
                pos,
                input,
            };
        }
    }

    /// The module takes a load's `len` bytes now: within the load's `<timeout>`, then its
    /// `OK`.
    fn ext_put_writing(&mut self, len: u32) {
        if let Op::ExtPut { pos, input, .. } = self.op {
            self.set_ext_put(ExtPut::Writing { len }, pos);
            let within = self.timeouts.response + Duration::from_millis(u64::from(input));
            self.wait(Wait::Final, within);
        }
    }

    /// After a load: the next one, or the upload once the whole file is loaded.
    fn ext_put_next<'a>(&mut self, pos: u32) -> Option<Event<'a>> {
        let Op::ExtPut {
            total,
            chunk,
            input,
            ..
        } = self.op
        else {
            return None;
        };
        if pos < total {
            let len = chunk.min(total - pos);
            self.set_ext_put(ExtPut::Loading { len }, pos);
            self.queue_or_fail(&Command::FtpExtPut(FtpExtPut::Load {
                pos,
                len,
                timeout: input,
            }))
        } else {
            self.set_ext_put(
                ExtPut::Uploading {
                    ok: false,
                    outcome: None,
                },
                pos,
            );
            self.queue_or_fail(&Command::FtpPut(FtpPut::Open))
        }
    }

    /// Back to the normal method (`AT+FTPEXTPUT=0`); `error`, if any, is reported after.
    fn ext_put_restore<'a>(&mut self, error: Option<Error>, pos: u32) -> Option<Event<'a>> {
        self.set_ext_put(ExtPut::Restoring(error), pos);
        self.queue_or_fail(&Command::FtpExtPut(FtpExtPut::Normal))
    }

    /// A decoder event during an upload from the module's RAM.
    fn ext_put<'a>(&mut self, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        let Op::ExtPut {
            state, total, pos, ..
        } = self.op
        else {
            return None;
        };
        match (state, event) {
            (ExtPut::Restoring(kept), E::Final(f)) => match kept.or_else(|| final_error(f)) {
                Some(e) => self.fail(e, false),
                None => self.finish(Event::Done(Done::Put {
                    bytes: u64::from(total),
                })),
            },
            // Before `AT+FTPEXTPUT=1` took effect the method is unchanged.
            (ExtPut::Clearing | ExtPut::Enabling, E::Final(f)) if final_error(f).is_some() => {
                self.fail(final_error(f).unwrap_or(Error::Rejected), false)
            }
            (_, E::Final(f)) if final_error(f).is_some() => {
                self.ext_put_restore(final_error(f), pos)
            }
            (ExtPut::Clearing, E::Final(_)) => {
                self.set_ext_put(ExtPut::Enabling, pos);
                self.queue_or_fail(&Command::FtpExtPut(FtpExtPut::Extended))
            }
            (ExtPut::Enabling, E::Final(_)) => self.ext_put_next(pos),
            // The go-ahead: the manual's line, or the note's `OK` before the data.
            (
                ExtPut::Loading { len },
                E::Final(_) | E::Response(Info::ExtPut { .. }) | E::Urc(Info::ExtPut { .. }),
            ) => {
                self.ext_put_writing(len);
                Some(Event::PutData { len })
            }
            // The note's order with the line: `OK`, the line, the data, `OK`.
            (
                ExtPut::Writing { .. },
                E::Response(Info::ExtPut { .. }) | E::Urc(Info::ExtPut { .. }),
            ) => None,
            (ExtPut::Writing { len }, E::Final(_)) => self.ext_put_next(pos + len),
            (ExtPut::Uploading { ok, outcome }, E::Final(_)) => match outcome {
                Some(o) => self.ext_put_restore(o.err(), pos),
                None if !ok => {
                    self.set_ext_put(ExtPut::Uploading { ok: true, outcome }, pos);
                    self.wait(Wait::Result, self.timeouts.session);
                    None
                }
                None => Some(Event::Unsolicited(event)),
            },
            (
                ExtPut::Uploading { ok, outcome: None },
                E::Response(Info::Session {
                    prefix: Prefix::FtpPut,
                    code,
                })
                | E::Urc(Info::Session {
                    prefix: Prefix::FtpPut,
                    code,
                }),
            ) => {
                let o = if code == 0 {
                    Ok(())
                } else {
                    Err(code_error(code))
                };
                if ok {
                    return self.ext_put_restore(o.err(), pos);
                }
                self.set_ext_put(
                    ExtPut::Uploading {
                        ok,
                        outcome: Some(o),
                    },
                    pos,
                );
                None
            }
            (_, e) => Some(Event::Unsolicited(e)),
        }
    }

    /// A decoder event during a transparent upload.
    fn et_put<'a>(&mut self, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        let Op::EtPut { state, bytes } = self.op else {
            return None;
        };
        let go = |m: &mut Self, state, wait, within| {
            m.op = Op::EtPut { state, bytes };
            m.wait(wait, within);
        };
        match (state, event) {
            (_, E::Final(f)) if final_error(f).is_some() => {
                let e = final_error(f).unwrap_or(Error::Rejected);
                self.fail(e, false)
            }
            (EtPut::Opening, E::Final(_)) => {
                go(
                    self,
                    EtPut::Announce,
                    Wait::SessionStart,
                    self.timeouts.session,
                );
                None
            }
            // The note's order: `OK` before `+FTPETPUT: 2,1`.
            (EtPut::Requested, E::Final(_)) => None,
            (EtPut::Sending, E::Final(_)) => {
                go(self, EtPut::Closing, Wait::Result, self.timeouts.session);
                None
            }
            (_, E::Response(Info::EtPutReady) | E::Urc(Info::EtPutReady))
                if state == EtPut::Requested =>
            {
                // The caller writes the whole file now: its end (the ETX) may take a while.
                go(self, EtPut::Sending, Wait::Final, self.timeouts.session);
                Some(Event::EtPutReady)
            }
            (
                _,
                E::Response(Info::Session {
                    prefix: Prefix::FtpEtPut,
                    code,
                })
                | E::Urc(Info::Session {
                    prefix: Prefix::FtpEtPut,
                    code,
                }),
            ) => match (state, code) {
                (EtPut::Announce, 1) => {
                    self.op = Op::EtPut {
                        state: EtPut::Requested,
                        bytes,
                    };
                    self.queue_or_fail(&Command::FtpEtPut(FtpEtPut::Data))
                }
                (EtPut::Closing, 0) => self.finish(Event::Done(Done::Put { bytes })),
                (_, code) => {
                    let in_flight = self.tx_len == 0
                        && matches!(state, EtPut::Opening | EtPut::Requested | EtPut::Sending);
                    self.fail(code_error(code), in_flight)
                }
            },
            (_, e) => Some(Event::Unsolicited(e)),
        }
    }

    /// A decoder event during a download into the module's RAM.
    fn ext_get<'a>(&mut self, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        let Op::ExtGet {
            state,
            chunk,
            length,
            bytes,
        } = self.op
        else {
            return None;
        };
        let set = |m: &mut Self, state, length, bytes| {
            m.op = Op::ExtGet {
                state,
                chunk,
                length,
                bytes,
            };
        };
        match (state, event) {
            (_, E::Final(f)) if final_error(f).is_some() => {
                let e = final_error(f).unwrap_or(Error::Rejected);
                self.fail(e, false)
            }
            (ExtGet::Opening, E::Final(_)) => {
                set(self, ExtGet::Downloading, length, bytes);
                self.wait(Wait::Result, self.timeouts.session);
                None
            }
            (
                ExtGet::Opening | ExtGet::Downloading,
                E::Response(Info::Session { prefix, code })
                | E::Urc(Info::Session { prefix, code }),
            ) if prefix == Prefix::FtpExtGet => match code {
                0 => {
                    set(self, ExtGet::Sizing, length, bytes);
                    self.queue_or_fail(&Command::FtpExtGet(FtpExtGet::Read))
                }
                code => self.fail(code_error(code), state == ExtGet::Opening),
            },
            (ExtGet::Sizing, E::Response(Info::ExtGetProgress { length, .. })) => {
                set(self, ExtGet::Sizing, length, bytes);
                None
            }
            (ExtGet::Sizing | ExtGet::Reading, E::Final(_)) => self.ext_get_next(),
            (
                ExtGet::Reading,
                E::Response(Info::DataHeader {
                    prefix: Prefix::FtpExtGet,
                    ..
                }),
            ) => None,
            (ExtGet::Reading, E::Data(piece)) => {
                let n = u32::try_from(piece.len()).unwrap_or(u32::MAX);
                set(self, ExtGet::Reading, length, bytes.saturating_add(n));
                Some(Event::Data(piece))
            }
            (ExtGet::Reading, E::DataEnd) => None,
            (ExtGet::Freeing, E::Final(_)) => self.finish(Event::Done(Done::Get {
                bytes: u64::from(bytes),
            })),
            (_, e) => Some(Event::Unsolicited(e)),
        }
    }

    /// After the size or a read: the next read, or the RAM freed once all is read.
    fn ext_get_next<'a>(&mut self) -> Option<Event<'a>> {
        let Op::ExtGet {
            chunk,
            length,
            bytes,
            ..
        } = self.op
        else {
            return None;
        };
        let (state, command) = if bytes < length {
            let len = chunk.min(length - bytes);
            (ExtGet::Reading, FtpExtGet::Output { pos: bytes, len })
        } else {
            (ExtGet::Freeing, FtpExtGet::Normal)
        };
        self.op = Op::ExtGet {
            state,
            chunk,
            length,
            bytes,
        };
        self.queue_or_fail(&Command::FtpExtGet(command))
    }

    /// Queues `command`; an encoding failure fails the operation.
    fn queue_or_fail<'a>(&mut self, command: &Command<'_>) -> Option<Event<'a>> {
        match self.queue(command) {
            Ok(()) => {
                self.deadline = None;
                None
            }
            Err(e) => self.fail(e, false),
        }
    }

    /// A decoder event during a transparent download.
    fn et_get<'a>(&mut self, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        let Op::EtGet { ok, open, bytes } = self.op else {
            return None;
        };
        match event {
            E::Final(f) if !ok => {
                if let Some(e) = final_error(f) {
                    return self.fail(e, false);
                }
                self.op = Op::EtGet {
                    ok: true,
                    open,
                    bytes,
                };
                if !open {
                    self.wait(Wait::SessionStart, self.timeouts.session);
                }
                None
            }
            E::Response(Info::Session { prefix, code })
            | E::Urc(Info::Session { prefix, code })
                if prefix == Prefix::FtpEtGet =>
            {
                match code {
                    1 => {
                        self.op = Op::EtGet {
                            ok,
                            open: true,
                            bytes,
                        };
                        self.wait(Wait::Data, self.timeouts.session);
                        None
                    }
                    0 if open => self.finish(Event::Done(Done::Get { bytes })),
                    code => self.fail(code_error(code), !ok),
                }
            }
            E::Data(piece) if open => {
                self.op = Op::EtGet {
                    ok,
                    open,
                    bytes: bytes + piece.len() as u64,
                };
                // Each piece restarts the wait: a long file is not a silent module.
                self.wait(Wait::Data, self.timeouts.session);
                Some(Event::Data(piece))
            }
            E::DataEnd if open => {
                self.wait(Wait::Result, self.timeouts.session);
                None
            }
            e => Some(Event::Unsolicited(e)),
        }
    }

    /// A decoder event during a PUT.
    fn put<'a>(&mut self, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        let Op::Put { state, bytes } = self.op else {
            return None;
        };
        let in_flight = self.tx_len == 0
            && self.quit == Quit::No
            && matches!(
                state,
                Put::Opening | Put::Requested | Put::Sending { .. } | Put::Closing { ok: false }
            );
        match event {
            E::Final(f) => {
                if let Some(e) = final_error(f) {
                    return self.fail(e, false);
                }
                let next = match state {
                    Put::Opening | Put::Sending { .. } => {
                        let bytes = match state {
                            Put::Sending { len } => bytes + u64::from(len),
                            _ => bytes,
                        };
                        self.op = Op::Put {
                            state: Put::Announce,
                            bytes,
                        };
                        self.wait(Wait::PutReady, self.timeouts.session);
                        return None;
                    }
                    Put::Closing { ok: false } => Put::Closing { ok: true },
                    _ => return Some(Event::Unsolicited(event)),
                };
                self.op = Op::Put { state: next, bytes };
                self.wait(Wait::Result, self.timeouts.session);
                None
            }
            E::Response(Info::PutReady { maxlength }) | E::Urc(Info::PutReady { maxlength })
                if state == Put::Announce =>
            {
                self.op = Op::Put {
                    state: Put::Ready { max: maxlength },
                    bytes,
                };
                // The caller's move: no deadline of the module's.
                self.deadline = None;
                Some(Event::PutReady { max: maxlength })
            }
            E::Response(Info::PutAccept { cnflength }) if state == Put::Requested => {
                self.op = Op::Put {
                    state: Put::Sending { len: cnflength },
                    bytes,
                };
                self.wait(Wait::Final, self.timeouts.response);
                Some(Event::PutData {
                    len: u32::from(cnflength),
                })
            }
            E::Response(Info::Session { prefix, code })
            | E::Urc(Info::Session { prefix, code })
                if prefix == Prefix::FtpPut =>
            {
                match (code, state) {
                    (0, Put::Closing { ok: true }) => self.finish(Event::Done(Done::Put { bytes })),
                    (0, _) => Some(Event::Unsolicited(event)),
                    (code, _) => self.fail(code_error(code), in_flight),
                }
            }
            e => Some(Event::Unsolicited(e)),
        }
    }

    /// A decoder event during an [`Op::Answered`] command.
    fn answered<'a>(&mut self, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        let Op::Answered {
            awaited,
            ok,
            outcome,
        } = self.op
        else {
            return None;
        };
        let outcome = match event {
            E::Final(f) => {
                if let Some(e) = final_error(f) {
                    return self.fail(e, false);
                }
                if let Some(o) = outcome {
                    return self.finish(o.map_or_else(Event::Failed, Event::Done));
                }
                self.op = Op::Answered {
                    awaited,
                    ok: true,
                    outcome,
                };
                self.wait(Wait::Result, self.timeouts.session);
                return None;
            }
            E::Response(info) | E::Urc(info) => match awaited.outcome(&info) {
                Some(o) => o,
                None => return Some(Event::Unsolicited(event)),
            },
            e => return Some(Event::Unsolicited(e)),
        };
        if ok {
            return self.finish(outcome.map_or_else(Event::Failed, Event::Done));
        }
        self.op = Op::Answered {
            awaited,
            ok,
            outcome: Some(outcome),
        };
        None
    }

    /// A decoder event during a GET.
    fn get<'a>(&mut self, event: simcom_at::Event<'a>) -> Option<Event<'a>> {
        use simcom_at::Event as E;
        let Op::Get {
            stream,
            state,
            chunk,
            bytes,
            more,
            finished,
        } = self.op
        else {
            return None;
        };
        let reading = matches!(state, Get::Reading { .. });
        // A command line is in flight once `poll_transmit` handed it out.
        let in_flight = matches!(state, Get::Reading { .. } | Get::Opening)
            && self.tx_len == 0
            && self.quit == Quit::No;
        match event {
            E::Final(f) => {
                if let Some(e) = final_error(f) {
                    // The session ended (`+FTPGET: 1,0`) as this read went out: the module
                    // refuses reads after the end; the file is complete.
                    if finished && reading {
                        return self.finish(stream.done(bytes));
                    }
                    return self.fail(e, false);
                }
                match state {
                    Get::Opening => {
                        self.set_get(Get::Starting, bytes, more, finished);
                        self.wait(Wait::SessionStart, self.timeouts.session);
                        None
                    }
                    Get::Reading { len } => {
                        if finished {
                            return self.finish(stream.done(bytes));
                        }
                        if len.unwrap_or(0) > 0 || more {
                            self.read(chunk, bytes)
                        } else {
                            self.set_get(Get::Waiting, bytes, false, false);
                            self.wait(Wait::MoreData, self.timeouts.session);
                            None
                        }
                    }
                    // No command is in flight in these states.
                    Get::Starting | Get::Waiting => Some(Event::Unsolicited(event)),
                }
            }
            E::Response(Info::Session { prefix, code })
            | E::Urc(Info::Session { prefix, code })
                if prefix == stream.prefix() =>
            {
                match FtpStatus::from_code(code) {
                    // A read is queued or in flight: it reads what is announced.
                    Some(FtpStatus::Ready) if reading => {
                        self.set_get(state, bytes, true, finished);
                        None
                    }
                    Some(FtpStatus::Ready) => self.read(chunk, bytes),
                    Some(FtpStatus::Success) if in_flight => {
                        self.set_get(state, bytes, more, true);
                        None
                    }
                    // A read not yet written is dropped: the session is over.
                    Some(FtpStatus::Success) => {
                        self.tx_len = 0;
                        self.finish(stream.done(bytes))
                    }
                    _ => self.fail(code_error(code), in_flight),
                }
            }
            E::Response(Info::DataHeader { prefix, len })
                if prefix == stream.prefix() && reading =>
            {
                self.set_get(Get::Reading { len: Some(len) }, bytes, more, finished);
                None
            }
            E::Data(piece) if reading => {
                let bytes = bytes + piece.len() as u64;
                self.set_get(state, bytes, more, finished);
                Some(Event::Data(piece))
            }
            E::DataEnd if reading => None,
            e => Some(Event::Unsolicited(e)),
        }
    }

    fn set_get(&mut self, state: Get, bytes: u64, more: bool, finished: bool) {
        if let Op::Get { stream, chunk, .. } = self.op {
            self.op = Op::Get {
                stream,
                state,
                chunk,
                bytes,
                more,
                finished,
            };
        }
    }

    /// Queues `AT+FTPGET=2,<chunk>` (or `AT+FTPLIST=2,<chunk>`).
    fn read<'a>(&mut self, chunk: u16, bytes: u64) -> Option<Event<'a>> {
        let Op::Get { stream, .. } = self.op else {
            return None;
        };
        // `stream` checked the chunk; encoding cannot fail.
        if let Err(e) = self.queue(&stream.command(Chunked::Read { reqlength: chunk })) {
            return self.fail(e, false);
        }
        self.set_get(Get::Reading { len: None }, bytes, false, false);
        self.deadline = None;
        None
    }
}

/// The error a session code other than 0 means.
fn code_error(code: u8) -> Error {
    match FtpStatus::from_code(code) {
        Some(FtpStatus::Error(e)) => Error::Ftp(e),
        _ => Error::FtpCode(code),
    }
}

/// The error a final result code means, or `None` for `OK`.
fn final_error(f: Final<'_>) -> Option<Error> {
    match f {
        Final::Ok => None,
        Final::Error => Some(Error::Rejected),
        Final::CmeError(CmeError::Code(n)) => Some(Error::Cme(CmeCode::from_code(n))),
        Final::CmeError(CmeError::Text(t)) => Some(Error::Cme(CmeCode::from_text(t))),
        _ => Some(Error::UnexpectedFinal),
    }
}

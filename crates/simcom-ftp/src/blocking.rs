//! The client over a blocking UART: `embedded-io`'s `Read + Write + ReadReady`, as embedded HALs
//! implement them, and a clock the caller gives.

use core::ops::ControlFlow;

use embedded_io::{Read, ReadReady, Write};
use simcom_at::command::{Action, FsDir};
use simcom_at::{Command, Instant};

use crate::adapter::{Escaped, Next, OnEvent, Run, file_pieces, never_abort, received};
use crate::client::{Client, Done, Event, Remote};
use crate::error::Error;

/// The time, as the blocking adapter reads it (a HAL timer, `std::time::Instant` since a
/// start).
pub trait Clock {
    /// Now.
    fn now(&mut self) -> Instant;
}

/// Why a blocking operation did not finish.
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlockingError<E> {
    /// The module or the wait failed (see [`Error`]).
    Module(Error),
    /// The UART failed.
    Io(E),
    /// The UART reached its end (the port went away).
    Closed,
}

impl<E> From<Error> for BlockingError<E> {
    fn from(e: Error) -> Self {
        Self::Module(e)
    }
}

impl<E: core::fmt::Debug> core::fmt::Display for BlockingError<E> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Module(e) => e.fmt(f),
            Self::Io(e) => write!(f, "UART error: {e:?}"),
            Self::Closed => f.write_str("the UART was closed"),
        }
    }
}

impl<E: core::fmt::Debug> core::error::Error for BlockingError<E> {}

/// [`Client`] driven over a blocking UART `T` on clock `C`: each call runs one operation to
/// its end, spinning on `read_ready` between reads (every wait is bounded by the client's
/// [`Timeouts`](crate::Timeouts)).
///
/// ```no_run
/// # fn demo<T: embedded_io::Read + embedded_io::Write + embedded_io::ReadReady, C: simcom_ftp::Clock>(uart: T, clock: C)
/// # -> Result<(), simcom_ftp::BlockingError<T::Error>> {
/// use simcom_at::Command;
/// use simcom_at::command::Setting;
/// use simcom_ftp::{Blocking, Client, Event, Timeouts};
///
/// let client = Client::new([0u8; 2048], Timeouts::default()).unwrap();
/// let mut module = Blocking::new(uart, clock, client);
/// module.command(&Command::FtpGetName(Setting::Write("update.bin")), |_| {})?;
/// let mut received = 0;
/// let bytes = module.get(1024, |event| {
///     if let Event::Data(piece) = event {
///         received += piece.len(); // write `piece` to flash here
///     }
/// })?;
/// assert_eq!(bytes, received as u64);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Blocking<T, C, B> {
    io: T,
    clock: C,
    client: Client<B>,
    rx: [u8; 256],
}

impl<T, C, B> Blocking<T, C, B>
where
    T: Read + Write + ReadReady,
    C: Clock,
    B: AsRef<[u8]> + AsMut<[u8]>,
{
    /// The client over `io`, timed by `clock`.
    pub fn new(io: T, clock: C, client: Client<B>) -> Self {
        Self {
            io,
            clock,
            client,
            rx: [0; 256],
        }
    }

    /// The UART, the clock and the client back.
    pub fn into_inner(self) -> (T, C, Client<B>) {
        (self.io, self.clock, self.client)
    }

    /// The client, between operations: to set it up
    /// ([`Client::set_ext_put_prompt`]) or look at it.
    pub fn client_mut(&mut self) -> &mut Client<B> {
        &mut self.client
    }

    /// Runs any operation `start` begins on the client (one without an upload:
    /// [`Client::et_get`], …) to its end; its events go to `on_event`.
    ///
    /// # Errors
    /// What `start` returns, the module's failure, a timeout, the UART's error.
    pub fn perform(
        &mut self,
        start: impl FnOnce(&mut Client<B>) -> Result<(), Error>,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<Done, BlockingError<T::Error>> {
        start(&mut self.client)?;
        self.run(&mut on_event)
    }

    /// [`perform`](Self::perform) whose `on_event` may abort: a download, listing or upload
    /// (`get`, `list`, `put`) that `on_event` answers with [`ControlFlow::Break`] is ended
    /// with `AT+FTPQUIT` (app note 5.1.16) and fails with
    /// [`Error::Ftp`](crate::Error::Ftp)`(`[`ManualQuit`](simcom_at::FtpError::ManualQuit)`)`;
    /// `upload` answers [`Client::put`]'s invitations. Other operations run to their end.
    ///
    /// ```no_run
    /// # fn demo<T: embedded_io::Read + embedded_io::Write + embedded_io::ReadReady, C: simcom_ftp::Clock>(
    /// #     m: &mut simcom_ftp::Blocking<T, C, [u8; 2048]>) {
    /// use core::ops::ControlFlow;
    /// use simcom_ftp::Event;
    /// // The first 4 KiB of the file, then stop.
    /// let mut head = Vec::new();
    /// let _ = m.perform_until(|c| c.get(1024), &[], |e| {
    ///     if let Event::Data(d) = e { head.extend_from_slice(d); }
    ///     if head.len() >= 4096 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    /// });
    /// # }
    /// ```
    ///
    /// # Errors
    /// As [`perform`](Self::perform).
    pub fn perform_until(
        &mut self,
        start: impl FnOnce(&mut Client<B>) -> Result<(), Error>,
        upload: &[u8],
        mut on_event: impl FnMut(Event<'_>) -> ControlFlow<()>,
    ) -> Result<Done, BlockingError<T::Error>> {
        start(&mut self.client)?;
        self.drive(&mut on_event, upload)
    }

    /// Runs `command` to its final result; its answer lines and any unclaimed line go to
    /// `on_event`.
    ///
    /// # Errors
    /// The module's refusal or a timeout ([`BlockingError::Module`]), the UART's error.
    pub fn command(
        &mut self,
        command: &Command<'_>,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<(), BlockingError<T::Error>> {
        self.client.command(command)?;
        self.run(&mut on_event).map(|_| ())
    }

    /// Runs `commands` one after the other, each to its final result (the
    /// [`commands`](crate::Config::commands) of a [`Config`](crate::Config), the file names of
    /// a transfer); stops at the first failure.
    ///
    /// # Errors
    /// As [`command`](Self::command), for the first command that fails.
    pub fn commands<'c>(
        &mut self,
        commands: impl IntoIterator<Item = Command<'c>>,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<(), BlockingError<T::Error>> {
        for command in commands {
            self.command(&command, &mut on_event)?;
        }
        Ok(())
    }

    /// Downloads the file the FTP profile names with `AT+FTPGET`, `chunk` bytes per read: the
    /// pieces go to `on_event` as [`Event::Data`]. Returns the bytes received (the whole file,
    /// or its tail from AT+FTPREST's offset).
    ///
    /// # Errors
    /// As [`command`](Self::command); the module's FTP error code as
    /// [`Error::Ftp`](crate::Error::Ftp).
    pub fn get(
        &mut self,
        chunk: u16,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<u64, BlockingError<T::Error>> {
        self.client.get(chunk)?;
        Ok(received(self.run(&mut on_event)?))
    }

    /// [`get`](Self::get) into a vector: the whole file (feature `alloc`).
    ///
    /// # Errors
    /// As [`get`](Self::get).
    #[cfg(feature = "alloc")]
    pub fn get_vec(&mut self, chunk: u16) -> Result<alloc::vec::Vec<u8>, BlockingError<T::Error>> {
        let mut file = alloc::vec::Vec::new();
        self.get(chunk, |e| {
            if let Event::Data(piece) = e {
                file.extend_from_slice(piece);
            }
        })?;
        Ok(file)
    }

    /// [`list`](Self::list) into a vector: the whole listing (feature `alloc`).
    ///
    /// # Errors
    /// As [`list`](Self::list).
    #[cfg(feature = "alloc")]
    pub fn list_vec(&mut self, chunk: u16) -> Result<alloc::vec::Vec<u8>, BlockingError<T::Error>> {
        let mut listing = alloc::vec::Vec::new();
        self.list(chunk, |e| {
            if let Event::Data(piece) = e {
                listing.extend_from_slice(piece);
            }
        })?;
        Ok(listing)
    }

    /// Lists the directory AT+FTPGETPATH names with `AT+FTPLIST`, `chunk` bytes per read:
    /// the listing's pieces go to `on_event` as [`Event::Data`]. Returns its size.
    ///
    /// # Errors
    /// As [`get`](Self::get).
    pub fn list(
        &mut self,
        chunk: u16,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<u64, BlockingError<T::Error>> {
        self.client.list(chunk)?;
        Ok(received(self.run(&mut on_event)?))
    }

    /// Activates PDP context `pdpidx` ([`Client::bearer_up`]): returns once the network
    /// reported it active.
    ///
    /// # Errors
    /// As [`command`](Self::command); [`Error::BearerDown`](crate::Error::BearerDown) when
    /// the network deactivated it instead.
    pub fn bearer_up(
        &mut self,
        pdpidx: u8,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<(), BlockingError<T::Error>> {
        self.client.bearer_up(pdpidx)?;
        self.run(&mut on_event).map(|_| ())
    }

    /// Runs a command on a remote file or directory ([`Remote`]) to its session URC: its
    /// [`Done`] says what came back ([`Done::Size`], [`Done::Mdtm`], or [`Done::Ok`]).
    ///
    /// # Errors
    /// As [`command`](Self::command); the module's FTP error code as
    /// [`Error::Ftp`](crate::Error::Ftp).
    pub fn remote(
        &mut self,
        remote: Remote,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<Done, BlockingError<T::Error>> {
        self.client.remote(remote)?;
        self.run(&mut on_event)
    }

    /// Uploads `data` with `AT+FTPPUT` to the file the FTP profile names (AT+FTPPUTPATH,
    /// AT+FTPPUTNAME), in chunks of the module's `<maxlength>`; returns the bytes sent once
    /// the server confirmed the file.
    ///
    /// # Errors
    /// As [`command`](Self::command); the module's FTP error code as
    /// [`Error::Ftp`](crate::Error::Ftp).
    pub fn put(
        &mut self,
        data: &[u8],
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<u64, BlockingError<T::Error>> {
        self.client.put()?;
        Ok(received(self.run_with(&mut on_event, data)?))
    }

    /// Uploads `data` in transparent mode (`AT+FTPETPUT`, [`Client::et_put`]): the adapter
    /// writes it DLE-escaped and ends it with a bare ETX. Returns its size once the server
    /// confirmed the file.
    ///
    /// # Errors
    /// As [`put`](Self::put).
    pub fn et_put(
        &mut self,
        data: &[u8],
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<u64, BlockingError<T::Error>> {
        self.client.et_put(data.len() as u64)?;
        Ok(received(self.run_with(&mut on_event, data)?))
    }

    /// Uploads `data` with the extended method ([`Client::ext_put`]): loaded into the
    /// module's RAM `chunk` bytes at a time, each within `input_ms`, then uploaded with
    /// `AT+FTPPUT=1`. Returns its size once the server confirmed the file.
    ///
    /// # Errors
    /// As [`put`](Self::put); [`Error::Encode`](crate::Error::Encode) (nothing sent) for an
    /// empty file or one over the module's 327,680 bytes of RAM, a `chunk` outside
    /// 1–327680, an `input_ms` outside 1000–1000000.
    pub fn ext_put(
        &mut self,
        data: &[u8],
        chunk: u32,
        input_ms: u32,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<u64, BlockingError<T::Error>> {
        let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
        self.client.ext_put(len, chunk, input_ms)?;
        Ok(received(self.run_with(&mut on_event, data)?))
    }

    /// Writes `data` into the module's file system as `<dir>` `/<name>` (a certificate before
    /// `AT+CSSLCFG="CONVERT"`, app note 5.2.1): `AT+CFSINIT`, then `AT+CFSWFILE` for each
    /// 10,240 bytes (the command's maximum; the first writes the file, the others append),
    /// each within `input_ms` (100–10000), then `AT+CFSTERM`, also after a failure.
    ///
    /// # Errors
    /// As [`command`](Self::command); [`Error::Encode`](crate::Error::Encode) for an empty
    /// `data`, a bad name or `input_ms` (nothing is sent).
    pub fn write_file(
        &mut self,
        dir: FsDir,
        name: &str,
        data: &[u8],
        input_ms: u16,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<(), BlockingError<T::Error>> {
        let pieces = file_pieces(dir, name, data, input_ms)?;
        self.command(&Command::Cfsinit(Action::Execute), &mut on_event)?;
        let mut written = Ok(());
        for (i, piece) in pieces.enumerate() {
            let start =
                |c: &mut Client<B>| c.write_file(dir, name, i > 0, piece.len() as u16, input_ms);
            if let Err(e) = start(&mut self.client) {
                written = Err(e.into());
                break;
            }
            if let Err(e) = self.run_with(&mut on_event, piece) {
                written = Err(e);
                break;
            }
        }
        let term = self.command(&Command::Cfsterm(Action::Execute), &mut on_event);
        written.and(term)
    }

    /// The loop of [`Client`]'s doc, until the operation ends.
    fn run(
        &mut self,
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Result<Done, BlockingError<T::Error>> {
        self.run_with(on_event, &[])
    }

    /// [`run`](Self::run), answering an upload's invitations with `upload`'s bytes.
    fn run_with(
        &mut self,
        on_event: &mut dyn FnMut(Event<'_>),
        upload: &[u8],
    ) -> Result<Done, BlockingError<T::Error>> {
        self.drive(&mut never_abort(on_event), upload)
    }

    /// [`run_with`](Self::run_with), aborting the transfer when `on_event` breaks.
    fn drive(
        &mut self,
        on_event: &mut OnEvent<'_>,
        upload: &[u8],
    ) -> Result<Done, BlockingError<T::Error>> {
        let mut run = Run::new(upload);
        // The outcome, returned once the client is idle: a failure while a command line was
        // in flight leaves its final result to be read first, or the next call would be Busy.
        let mut outcome = None;
        loop {
            if self.client.is_idle()
                && let Some(o) = outcome.take()
            {
                return o;
            }
            let now = self.clock.now();
            while let Some(line) = self.client.poll_transmit(now) {
                self.io.write_all(line).map_err(BlockingError::Io)?;
            }
            if let Some(bytes) = run.due(&mut self.client, on_event) {
                self.io.write_all(bytes).map_err(BlockingError::Io)?;
            }
            self.io.flush().map_err(BlockingError::Io)?;
            if !self.io.read_ready().map_err(BlockingError::Io)? {
                if let Some(e) = self.client.handle_timeout(self.clock.now()) {
                    return Err(e.into());
                }
                continue;
            }
            let n = self.io.read(&mut self.rx).map_err(BlockingError::Io)?;
            if n == 0 {
                return Err(BlockingError::Closed);
            }
            match run.read(&mut self.client, now, &self.rx[..n], on_event) {
                Next::Finished(o) => outcome = Some(o.map_err(BlockingError::Module)),
                Next::Write(bytes) => self.io.write_all(bytes).map_err(BlockingError::Io)?,
                Next::WriteEscaped(upload) => {
                    let mut pieces = Escaped::new(upload);
                    while let Some(piece) = pieces.next_piece() {
                        self.io.write_all(piece).map_err(BlockingError::Io)?;
                    }
                }
                Next::Continue => {}
            }
        }
    }
}

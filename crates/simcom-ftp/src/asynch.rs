//! The client over an async UART (`embedded-io-async`'s `Read + Write`, as embassy's UARTs
//! implement them) and a timer the caller gives.

use core::future::{Future, poll_fn};
use core::ops::ControlFlow;
use core::pin::pin;
use core::task::Poll;

use embedded_io_async::{Read, Write};
use simcom_at::command::{Action, FsDir};
use simcom_at::{Command, Instant};

use crate::adapter::{Escaped, Next, OnEvent, Run, file_pieces, never_abort, received};
use crate::blocking::BlockingError;
use crate::client::{Client, Done, Event, Remote};

/// The time, and a wait until a given time (embassy: `embassy_time::Instant::now()` and
/// `Timer::at`).
pub trait Timer {
    /// Now.
    fn now(&mut self) -> Instant;
    /// Completes at `deadline` (at once if it has passed).
    fn at(&mut self, deadline: Instant) -> impl Future<Output = ()>;
}

/// [`Client`] driven over an async UART `T` with timer `M`: each call runs one operation to
/// its end; a wait for the module races the UART's read against the client's deadline, so no
/// call outlives its [`Timeouts`](crate::Timeouts). The UART's `read` must be cancel-safe
/// (embassy's buffered UARTs are): a read that loses the race is dropped.
///
/// Errors are those of [`Blocking`](crate::Blocking).
///
/// ```no_run
/// # async fn demo<T: embedded_io_async::Read + embedded_io_async::Write, M: simcom_ftp::Timer>(uart: T, timer: M)
/// # -> Result<(), simcom_ftp::BlockingError<T::Error>> {
/// use simcom_ftp::{Async, Client, Event, Timeouts};
///
/// let client = Client::new([0u8; 2048], Timeouts::default()).unwrap();
/// let mut module = Async::new(uart, timer, client);
/// let bytes = module
///     .get(1024, |event| {
///         if let Event::Data(piece) = event {
///             let _ = piece; // write it to flash
///         }
///     })
///     .await?;
/// # let _ = bytes; Ok(()) }
/// ```
#[derive(Debug)]
pub struct Async<T, M, B> {
    io: T,
    timer: M,
    client: Client<B>,
    rx: [u8; 256],
}

impl<T, M, B> Async<T, M, B>
where
    T: Read + Write,
    M: Timer,
    B: AsRef<[u8]> + AsMut<[u8]>,
{
    /// The client over `io`, timed by `timer`.
    pub fn new(io: T, timer: M, client: Client<B>) -> Self {
        Self {
            io,
            timer,
            client,
            rx: [0; 256],
        }
    }

    /// The UART, the timer and the client back.
    pub fn into_inner(self) -> (T, M, Client<B>) {
        (self.io, self.timer, self.client)
    }

    /// As [`Blocking::client_mut`](crate::Blocking::client_mut).
    pub fn client_mut(&mut self) -> &mut Client<B> {
        &mut self.client
    }

    /// As [`Blocking::perform`](crate::Blocking::perform).
    ///
    /// # Errors
    /// As [`Blocking::perform`](crate::Blocking::perform).
    pub async fn perform(
        &mut self,
        start: impl FnOnce(&mut Client<B>) -> Result<(), crate::Error>,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<Done, BlockingError<T::Error>> {
        start(&mut self.client)?;
        self.run(&mut on_event, &[]).await
    }

    /// As [`Blocking::perform_until`](crate::Blocking::perform_until).
    ///
    /// # Errors
    /// As [`Blocking::perform_until`](crate::Blocking::perform_until).
    pub async fn perform_until(
        &mut self,
        start: impl FnOnce(&mut Client<B>) -> Result<(), crate::Error>,
        upload: &[u8],
        mut on_event: impl FnMut(Event<'_>) -> ControlFlow<()>,
    ) -> Result<Done, BlockingError<T::Error>> {
        start(&mut self.client)?;
        self.drive(&mut on_event, upload).await
    }

    /// As [`Blocking::command`](crate::Blocking::command).
    ///
    /// # Errors
    /// As [`Blocking::command`](crate::Blocking::command).
    pub async fn command(
        &mut self,
        command: &Command<'_>,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<(), BlockingError<T::Error>> {
        self.client.command(command)?;
        self.run(&mut on_event, &[]).await.map(|_| ())
    }

    /// As [`Blocking::get`](crate::Blocking::get).
    ///
    /// # Errors
    /// As [`Blocking::get`](crate::Blocking::get).
    pub async fn get(
        &mut self,
        chunk: u16,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<u64, BlockingError<T::Error>> {
        self.client.get(chunk)?;
        Ok(received(self.run(&mut on_event, &[]).await?))
    }

    /// As [`Blocking::get_vec`](crate::Blocking::get_vec) (feature `alloc`).
    ///
    /// # Errors
    /// As [`Blocking::get`](crate::Blocking::get).
    #[cfg(feature = "alloc")]
    pub async fn get_vec(
        &mut self,
        chunk: u16,
    ) -> Result<alloc::vec::Vec<u8>, BlockingError<T::Error>> {
        let mut file = alloc::vec::Vec::new();
        self.get(chunk, |e| {
            if let Event::Data(piece) = e {
                file.extend_from_slice(piece);
            }
        })
        .await?;
        Ok(file)
    }

    /// As [`Blocking::list_vec`](crate::Blocking::list_vec) (feature `alloc`).
    ///
    /// # Errors
    /// As [`Blocking::list`](crate::Blocking::list).
    #[cfg(feature = "alloc")]
    pub async fn list_vec(
        &mut self,
        chunk: u16,
    ) -> Result<alloc::vec::Vec<u8>, BlockingError<T::Error>> {
        let mut listing = alloc::vec::Vec::new();
        self.list(chunk, |e| {
            if let Event::Data(piece) = e {
                listing.extend_from_slice(piece);
            }
        })
        .await?;
        Ok(listing)
    }

    /// As [`Blocking::list`](crate::Blocking::list).
    ///
    /// # Errors
    /// As [`Blocking::list`](crate::Blocking::list).
    pub async fn list(
        &mut self,
        chunk: u16,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<u64, BlockingError<T::Error>> {
        self.client.list(chunk)?;
        Ok(received(self.run(&mut on_event, &[]).await?))
    }

    /// As [`Blocking::put`](crate::Blocking::put).
    ///
    /// # Errors
    /// As [`Blocking::put`](crate::Blocking::put).
    pub async fn put(
        &mut self,
        data: &[u8],
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<u64, BlockingError<T::Error>> {
        self.client.put()?;
        Ok(received(self.run(&mut on_event, data).await?))
    }

    /// As [`Blocking::bearer_up`](crate::Blocking::bearer_up).
    ///
    /// # Errors
    /// As [`Blocking::bearer_up`](crate::Blocking::bearer_up).
    pub async fn bearer_up(
        &mut self,
        pdpidx: u8,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<(), BlockingError<T::Error>> {
        self.client.bearer_up(pdpidx)?;
        self.run(&mut on_event, &[]).await.map(|_| ())
    }

    /// As [`Blocking::et_put`](crate::Blocking::et_put).
    ///
    /// # Errors
    /// As [`Blocking::et_put`](crate::Blocking::et_put).
    pub async fn et_put(
        &mut self,
        data: &[u8],
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<u64, BlockingError<T::Error>> {
        self.client.et_put(data.len() as u64)?;
        Ok(received(self.run(&mut on_event, data).await?))
    }

    /// As [`Blocking::ext_put`](crate::Blocking::ext_put).
    ///
    /// # Errors
    /// As [`Blocking::ext_put`](crate::Blocking::ext_put).
    pub async fn ext_put(
        &mut self,
        data: &[u8],
        chunk: u32,
        input_ms: u32,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<u64, BlockingError<T::Error>> {
        let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
        self.client.ext_put(len, chunk, input_ms)?;
        Ok(received(self.run(&mut on_event, data).await?))
    }

    /// As [`Blocking::write_file`](crate::Blocking::write_file).
    ///
    /// # Errors
    /// As [`Blocking::write_file`](crate::Blocking::write_file).
    pub async fn write_file(
        &mut self,
        dir: FsDir,
        name: &str,
        data: &[u8],
        input_ms: u16,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<(), BlockingError<T::Error>> {
        let pieces = file_pieces(dir, name, data, input_ms)?;
        self.command(&Command::Cfsinit(Action::Execute), &mut on_event)
            .await?;
        let mut written = Ok(());
        for (i, piece) in pieces.enumerate() {
            let start =
                |c: &mut Client<B>| c.write_file(dir, name, i > 0, piece.len() as u16, input_ms);
            if let Err(e) = start(&mut self.client) {
                written = Err(e.into());
                break;
            }
            if let Err(e) = self.run(&mut on_event, piece).await {
                written = Err(e);
                break;
            }
        }
        let term = self
            .command(&Command::Cfsterm(Action::Execute), &mut on_event)
            .await;
        written.and(term)
    }

    /// As [`Blocking::commands`](crate::Blocking::commands).
    ///
    /// # Errors
    /// As [`Blocking::commands`](crate::Blocking::commands).
    pub async fn commands<'c>(
        &mut self,
        commands: impl IntoIterator<Item = Command<'c>>,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<(), BlockingError<T::Error>> {
        for command in commands {
            self.command(&command, &mut on_event).await?;
        }
        Ok(())
    }

    /// As [`Blocking::remote`](crate::Blocking::remote).
    ///
    /// # Errors
    /// As [`Blocking::remote`](crate::Blocking::remote).
    pub async fn remote(
        &mut self,
        remote: Remote,
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<Done, BlockingError<T::Error>> {
        self.client.remote(remote)?;
        self.run(&mut on_event, &[]).await
    }

    async fn run(
        &mut self,
        on_event: &mut dyn FnMut(Event<'_>),
        upload: &[u8],
    ) -> Result<Done, BlockingError<T::Error>> {
        self.drive(&mut never_abort(on_event), upload).await
    }

    /// [`run`](Self::run), aborting the transfer when `on_event` breaks.
    async fn drive(
        &mut self,
        on_event: &mut OnEvent<'_>,
        upload: &[u8],
    ) -> Result<Done, BlockingError<T::Error>> {
        let mut run = Run::new(upload);
        // As the blocking adapter: returned once the client is idle.
        let mut outcome = None;
        loop {
            if self.client.is_idle()
                && let Some(o) = outcome.take()
            {
                return o;
            }
            let now = self.timer.now();
            while let Some(line) = self.client.poll_transmit(now) {
                self.io.write_all(line).await.map_err(BlockingError::Io)?;
            }
            if let Some(bytes) = run.due(&mut self.client, on_event) {
                self.io.write_all(bytes).await.map_err(BlockingError::Io)?;
            }
            self.io.flush().await.map_err(BlockingError::Io)?;
            let read = match self.client.poll_timeout() {
                Some(deadline) => first(self.io.read(&mut self.rx), self.timer.at(deadline)).await,
                None => Some(self.io.read(&mut self.rx).await),
            };
            let Some(read) = read else {
                if let Some(e) = self.client.handle_timeout(self.timer.now()) {
                    return Err(e.into());
                }
                continue;
            };
            let n = read.map_err(BlockingError::Io)?;
            if n == 0 {
                return Err(BlockingError::Closed);
            }
            let now = self.timer.now();
            match run.read(&mut self.client, now, &self.rx[..n], on_event) {
                Next::Finished(o) => outcome = Some(o.map_err(BlockingError::Module)),
                Next::Write(bytes) => self.io.write_all(bytes).await.map_err(BlockingError::Io)?,
                Next::WriteEscaped(upload) => {
                    let mut pieces = Escaped::new(upload);
                    while let Some(piece) = pieces.next_piece() {
                        self.io.write_all(piece).await.map_err(BlockingError::Io)?;
                    }
                }
                Next::Continue => {}
            }
        }
    }
}

/// `Some(output)` of `read` if it completes first, `None` if `timeout` does.
async fn first<R: Future>(read: R, timeout: impl Future<Output = ()>) -> Option<R::Output> {
    let mut read = pin!(read);
    let mut timeout = pin!(timeout);
    poll_fn(|cx| {
        if let Poll::Ready(r) = read.as_mut().poll(cx) {
            return Poll::Ready(Some(r));
        }
        match timeout.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

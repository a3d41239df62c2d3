//! What the blocking and the async adapters share: one operation run to its end, read by read.

use core::ops::ControlFlow;

use simcom_at::command::{Cfswfile, FsDir, Request};
use simcom_at::{Command, Instant};

use crate::client::{Client, Done, Event};
use crate::error::Error;

/// What a read asks of the adapter next.
pub(crate) enum Next<'u> {
    /// The operation ended.
    Finished(Result<Done, Error>),
    /// Write these bytes of the upload to the UART now, then go on.
    Write(&'u [u8]),
    /// Write the whole upload DLE-escaped, then a bare ETX ([`Escaped`]), then go on.
    WriteEscaped(&'u [u8]),
    /// Go on: transmit what the client has, read again.
    Continue,
}

/// The caller's event handler: [`ControlFlow::Break`] aborts the transfer.
pub(crate) type OnEvent<'f> = dyn FnMut(Event<'_>) -> ControlFlow<()> + 'f;

/// An operation in progress: hands its events on, answers an upload's invitations from
/// `upload` (empty for anything but an upload), and aborts the transfer when the handler
/// says so.
pub(crate) struct Run<'u> {
    upload: &'u [u8],
    sent: usize,
    /// The handler asked to stop, and [`Client::quit`] was called.
    aborted: bool,
}

impl<'u> Run<'u> {
    pub(crate) fn new(upload: &'u [u8]) -> Self {
        Self {
            upload,
            sent: 0,
            aborted: false,
        }
    }

    /// Gives `bytes`, read at `now`, to `client`; events that are not the adapter's go to
    /// `on_event` (and [`Event::PutData`], after which the adapter writes the bytes, for a
    /// progress display).
    pub(crate) fn read<B: AsRef<[u8]> + AsMut<[u8]>>(
        &mut self,
        client: &mut Client<B>,
        now: Instant,
        bytes: &[u8],
        on_event: &mut OnEvent<'_>,
    ) -> Next<'u> {
        let (mut outcome, mut ready, mut data, mut transparent) = (None, None, None, false);
        let mut stop = false;
        client.receive(now, bytes, |event| match event {
            Event::Done(d) => outcome = Some(Ok(d)),
            Event::Failed(e) => outcome = Some(Err(e)),
            Event::PutReady { max } => ready = Some(max),
            Event::EtPutReady => transparent = true,
            other => {
                if let Event::PutData { len } = other {
                    data = Some(len as usize);
                }
                stop |= on_event(other).is_break();
            }
        });
        if let Some(o) = outcome {
            return Next::Finished(o);
        }
        if stop && !self.aborted {
            // A transfer ends with the module's `+FTPGET: 1,80`; other operations cannot be
            // aborted and run to their end.
            self.aborted = true;
            let _ = client.quit();
        }
        if let Some(max) = ready.filter(|_| !self.aborted) {
            let left = u16::try_from(self.upload.len() - self.sent).unwrap_or(u16::MAX);
            if let Err(e) = client.put_chunk(left.min(max)) {
                return Next::Finished(Err(e));
            }
        }
        if transparent {
            return Next::WriteEscaped(self.upload);
        }
        match data {
            Some(len) => Next::Write(self.take(len)),
            None => Next::Continue,
        }
    }

    /// The bytes the client wants written without waiting for the module
    /// ([`Client::poll_event`]), if any: call after writing its lines.
    pub(crate) fn due<B: AsRef<[u8]> + AsMut<[u8]>>(
        &mut self,
        client: &mut Client<B>,
        on_event: &mut OnEvent<'_>,
    ) -> Option<&'u [u8]> {
        match client.poll_event()? {
            Event::PutData { len } => {
                // Shown for progress only: the module is owed this load's bytes, and an upload
                // from RAM cannot be aborted (Client::quit).
                let _ = on_event(Event::PutData { len });
                Some(self.take(len as usize))
            }
            _ => None,
        }
    }

    /// The next `len` bytes of the upload.
    fn take(&mut self, len: usize) -> &'u [u8] {
        // The module confirmed at most what was asked, which `upload` holds.
        let end = (self.sent + len).min(self.upload.len());
        let bytes = &self.upload[self.sent..end];
        self.sent = end;
        bytes
    }
}

/// The bytes a transfer's [`Done`] counts (0 for the others).
pub(crate) fn received(done: Done) -> u64 {
    match done {
        Done::Get { bytes } | Done::List { bytes } | Done::Put { bytes } => bytes,
        _ => 0,
    }
}

/// An upload DLE-escaped and ended by a bare ETX, handed out in pieces of at most 256 bytes
/// (no allocation), for the blocking and the async writer alike.
pub(crate) struct Escaped<'u> {
    rest: &'u [u8],
    buf: [u8; 256],
    ended: bool,
}

impl<'u> Escaped<'u> {
    pub(crate) fn new(upload: &'u [u8]) -> Self {
        Self {
            rest: upload,
            buf: [0; 256],
            ended: false,
        }
    }

    /// The next piece to write, or `None` after the ETX.
    pub(crate) fn next_piece(&mut self) -> Option<&[u8]> {
        if self.rest.is_empty() {
            if self.ended {
                return None;
            }
            self.ended = true;
            return Some(&[simcom_at::etx::ETX]);
        }
        let (used, n) = simcom_at::etx::escape(self.rest, &mut self.buf);
        self.rest = &self.rest[used..];
        Some(&self.buf[..n])
    }
}

/// The pieces of `data` that `AT+CFSWFILE` writes one by one (at most 10,240 bytes each),
/// checked before anything is sent: the first piece's command must encode.
pub(crate) fn file_pieces<'d>(
    dir: FsDir,
    name: &str,
    data: &'d [u8],
    input_ms: u16,
) -> Result<core::slice::Chunks<'d, u8>, Error> {
    let first = Cfswfile {
        dir,
        name,
        append: false,
        size: u16::try_from(data.len().min(FILE_PIECE)).unwrap_or(0),
        input_time: input_ms,
    };
    Command::Cfswfile(Request::Write(first))
        .validate()
        .map_err(Error::Encode)?;
    Ok(data.chunks(FILE_PIECE))
}

/// The most bytes one `AT+CFSWFILE` writes (`<filesize>` 1–10240).
const FILE_PIECE: usize = 10_240;

/// `on_event` as a handler that never aborts.
pub(crate) fn never_abort<'f>(
    on_event: &'f mut dyn FnMut(Event<'_>),
) -> impl FnMut(Event<'_>) -> ControlFlow<()> + 'f {
    move |e| {
        on_event(e);
        ControlFlow::Continue(())
    }
}

//! What the blocking and the async adapters share: one operation run to its end, read by read.

use simcom_at::Instant;

use crate::client::{Client, Done, Event};
use crate::error::Error;

/// What a read asks of the adapter next.
pub(crate) enum Next<'u> {
    /// The operation ended.
    Finished(Result<Done, Error>),
    /// Write these bytes of the upload to the UART now, then go on.
    Write(&'u [u8]),
    /// Go on: transmit what the client has, read again.
    Continue,
}

/// An operation in progress: hands its events on and answers an upload's invitations from
/// `upload` (empty for anything but a PUT).
pub(crate) struct Run<'u> {
    upload: &'u [u8],
    sent: usize,
}

impl<'u> Run<'u> {
    pub(crate) fn new(upload: &'u [u8]) -> Self {
        Self { upload, sent: 0 }
    }

    /// Gives `bytes`, read at `now`, to `client`; events that are not the adapter's go to
    /// `on_event`.
    pub(crate) fn read<B: AsRef<[u8]> + AsMut<[u8]>>(
        &mut self,
        client: &mut Client<B>,
        now: Instant,
        bytes: &[u8],
        on_event: &mut dyn FnMut(Event<'_>),
    ) -> Next<'u> {
        let (mut outcome, mut ready, mut data) = (None, None, None);
        client.receive(now, bytes, |event| match event {
            Event::Done(d) => outcome = Some(Ok(d)),
            Event::Failed(e) => outcome = Some(Err(e)),
            Event::PutReady { max } => ready = Some(max),
            Event::PutData { len } => data = Some(usize::from(len)),
            other => on_event(other),
        });
        if let Some(o) = outcome {
            return Next::Finished(o);
        }
        if let Some(max) = ready {
            let left = u16::try_from(self.upload.len() - self.sent).unwrap_or(u16::MAX);
            if let Err(e) = client.put_chunk(left.min(max)) {
                return Next::Finished(Err(e));
            }
        }
        match data {
            Some(len) => {
                // The module confirmed at most what was asked, which `upload` holds.
                let end = (self.sent + len).min(self.upload.len());
                let bytes = &self.upload[self.sent..end];
                self.sent = end;
                Next::Write(bytes)
            }
            None => Next::Continue,
        }
    }
}

/// The bytes a transfer's [`Done`] counts (0 for the others).
pub(crate) fn received(done: Done) -> u64 {
    match done {
        Done::Get { bytes } | Done::List { bytes } | Done::Put { bytes } => bytes,
        _ => 0,
    }
}

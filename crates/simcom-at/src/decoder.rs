//! The streaming decoder for everything the module prints.
//!
//! The stream is cut into lines (CR, LF or CR LF ends a line; empty lines are skipped), except
//! inside a data block, which is taken by count (`+FTPGET: 2,<n>`) or up to the bare ETX
//! (`+FTPETGET: 1,1`). Each complete line is then classified: echo, final result, prompt,
//! information line (a response to the pending command or a URC), text, or unknown.

use crate::command::Answer;
use crate::etx;
use crate::event::{CmeError, DecodeError, Event, Final, OtherInfo, Prompt};
use crate::{Command, Info, Prefix};

/// The smallest buffer a decoder accepts: room for a DLE pair and a short line.
pub const MIN_CAPACITY: usize = 16;

/// The default capacity of [`Decoder::new`]: the longest line in the spec (a 559-character
/// command echo) fits, with room to spare for data pieces.
pub const DEFAULT_CAPACITY: usize = 4096;

/// A buffer smaller than [`MIN_CAPACITY`] was given to [`Decoder::with_buffer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BufferTooSmall {
    /// The smallest capacity accepted.
    pub min: usize,
}

impl core::fmt::Display for BufferTooSmall {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "a decoder buffer needs at least {} bytes", self.min)
    }
}

impl core::error::Error for BufferTooSmall {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Cutting lines.
    Lines,
    /// Dropping an over-long line up to its end.
    Discard { dropped: usize },
    /// Inside a length-counted block.
    Counted { remaining: u32 },
    /// Inside ETX/DLE transparent data.
    Transparent,
    /// A block just ended: hand out [`Event::DataEnd`].
    BlockEnd,
}

/// One decoded event and the line it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The event.
    pub event: Event<'a>,
    /// The line exactly as the module printed it, without its line end, for events read from
    /// a line; `None` for data pieces, the end of a data block and overflows.
    pub printed: Option<&'a [u8]>,
}

/// A position in the buffer, found before an event borrows it.
enum Found {
    Line(usize, usize),
    Data(usize, usize),
    BlockEnd,
    Overflow(usize),
}

/// The streaming decoder of module output.
///
/// Hand each read from the UART to [`events`](Self::events) and take the events it gives: it
/// feeds the read into the buffer as handing out events frees room, so a read of any size goes
/// through a buffer of any size without losing a byte. (The steps it takes are public too:
/// [`feed`](Self::feed), or [`write_buf`](Self::write_buf) and [`commit`](Self::commit) to read
/// straight into the buffer, then [`next_event`](Self::next_event) until it returns `None`,
/// which means "need more bytes".) Memory is the buffer `B` and a few words, whatever the
/// payload size: data blocks come out in pieces. A line longer than the buffer is dropped and
/// reported as [`Event::Overflow`].
///
/// Tell the decoder which command the host sent ([`command_sent`](Self::command_sent)) and
/// each information line comes out as a [`Event::Response`] if it answers that command, or an
/// [`Event::Urc`] if not. With echo on (ATE1) the decoder also learns it from the echo.
///
/// ```
/// use simcom_at::{Command, Decoder, Event, Final, Info, Prefix, command::Chunked};
///
/// let mut dec = Decoder::new();
/// dec.command_sent(&Command::FtpGet(Chunked::Read { reqlength: 1024 }));
/// let mut events = dec.events(b"\r\n+FTPGET: 2,5\r\nab\r\nO\r\nOK\r\n\r\n+FTPGET: 1,0\r\n");
/// assert_eq!(events.next_event(), Some(Event::Response(Info::DataHeader { prefix: Prefix::FtpGet, len: 5 })));
/// assert_eq!(events.next_event(), Some(Event::Data(b"ab\r\nO")));
/// assert_eq!(events.next_event(), Some(Event::DataEnd));
/// assert_eq!(events.next_event(), Some(Event::Final(Final::Ok)));
/// assert_eq!(events.next_event(), Some(Event::Urc(Info::Session { prefix: Prefix::FtpGet, code: 0 })));
/// assert_eq!(events.next_event(), None);
/// ```
#[derive(Debug, Clone)]
pub struct Decoder<B> {
    buf: B,
    start: usize,
    end: usize,
    mode: Mode,
    /// The last line ended with CR: an LF right after it belongs to that line end.
    skip_lf: bool,
    /// What answers the command in flight; `None` when no command is in flight.
    pending: Option<Answer>,
}

#[cfg(feature = "alloc")]
impl Decoder<alloc::vec::Vec<u8>> {
    /// A decoder with a heap buffer of [`DEFAULT_CAPACITY`] bytes.
    #[must_use]
    pub fn new() -> Self {
        Self::with_capacity(DEFAULT_CAPACITY)
    }

    /// A decoder with a heap buffer of `capacity` bytes (at least [`MIN_CAPACITY`]).
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        Self::raw(alloc::vec![0; capacity.max(MIN_CAPACITY)])
    }
}

#[cfg(feature = "alloc")]
impl Default for Decoder<alloc::vec::Vec<u8>> {
    fn default() -> Self {
        Self::new()
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Decoder<B> {
    /// A decoder over caller-provided storage (an array, a `&mut [u8]`), for `no_std` without
    /// `alloc`.
    ///
    /// ```
    /// let mut storage = [0u8; 256];
    /// let mut dec = simcom_at::Decoder::with_buffer(&mut storage[..]).unwrap();
    /// let mut events = dec.events(b"\r\nOK\r\n");
    /// assert_eq!(events.next_event(), Some(simcom_at::Event::Final(simcom_at::Final::Ok)));
    /// ```
    ///
    /// # Errors
    /// [`BufferTooSmall`] when the buffer is shorter than [`MIN_CAPACITY`].
    pub fn with_buffer(buf: B) -> Result<Self, BufferTooSmall> {
        if buf.as_ref().len() < MIN_CAPACITY {
            return Err(BufferTooSmall { min: MIN_CAPACITY });
        }
        Ok(Self::raw(buf))
    }

    fn raw(buf: B) -> Self {
        Self {
            buf,
            start: 0,
            end: 0,
            mode: Mode::Lines,
            skip_lf: false,
            pending: None,
        }
    }

    /// The buffer's capacity: the longest line the decoder can hand out whole.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.buf.as_ref().len()
    }

    /// The events of one read: `input` goes into the buffer as handing out events frees room,
    /// so no byte is dropped whatever the sizes of the read and of the buffer. This is the way
    /// to decode a read; see [`Events`].
    ///
    /// ```
    /// use simcom_at::{Decoder, Event, Final};
    ///
    /// // One read holding a 5,000-byte data block: more than the 4,096-byte buffer.
    /// let mut read = b"\r\n+FTPGET: 2,5000\r\n".to_vec();
    /// read.extend_from_slice(&[b'x'; 5000]);
    /// read.extend_from_slice(b"\r\nOK\r\n");
    ///
    /// let mut dec = Decoder::new();
    /// let (mut data, mut ok) = (0, false);
    /// let mut events = dec.events(&read);
    /// while let Some(event) = events.next_event() {
    ///     match event {
    ///         Event::Data(piece) => data += piece.len(),
    ///         Event::Final(Final::Ok) => ok = true,
    ///         _ => {}
    ///     }
    /// }
    /// assert_eq!((data, ok), (5000, true));
    /// ```
    pub fn events<'d, 'i>(&'d mut self, input: &'i [u8]) -> Events<'d, 'i, B> {
        Events {
            decoder: self,
            input,
            started: false,
        }
    }

    /// Copies as much of `bytes` as fits into the buffer and returns how many were taken.
    ///
    /// When it returns less than `bytes.len()`, pull events until [`next_event`](Self::next_event)
    /// gives `None`, then feed the rest: the decoder always frees space by handing out events
    /// (a full buffer always holds an event, or a line too long for it, which is dropped and
    /// reported as [`Event::Overflow`]), so once `next_event` gives `None` this takes at least
    /// one byte. [`events`](Self::events) is that loop.
    #[must_use = "feed takes only what fits in the buffer: feed the rest once next_event gives \
                  None, or let Decoder::events do it"]
    pub fn feed(&mut self, bytes: &[u8]) -> usize {
        let space = self.write_buf();
        let n = space.len().min(bytes.len());
        space[..n].copy_from_slice(&bytes[..n]);
        self.commit(n);
        n
    }

    /// The free part of the buffer, for a reader to fill without a copy; then call
    /// [`commit`](Self::commit) with the number of bytes written.
    #[must_use]
    pub fn write_buf(&mut self) -> &mut [u8] {
        if self.start > 0 {
            self.buf.as_mut().copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        let end = self.end;
        &mut self.buf.as_mut()[end..]
    }

    /// Marks `n` bytes of [`write_buf`](Self::write_buf) as filled (clamped to its length).
    pub fn commit(&mut self, n: usize) {
        self.end = (self.end + n).min(self.capacity());
    }

    /// Tells the decoder that the host sent `command`: until its final result code, the lines
    /// that answer it come out as [`Event::Response`], all others as [`Event::Urc`].
    pub fn command_sent(&mut self, command: &Command<'_>) {
        self.pending = Some(command.answer());
    }

    /// Like [`command_sent`](Self::command_sent), for a raw host line. A line that does not
    /// parse still counts as a command in flight, with no information response.
    pub fn line_sent(&mut self, line: &[u8]) {
        self.pending = Some(answer_of(line));
    }

    /// What answers the command in flight, if one is.
    #[must_use]
    pub fn pending(&self) -> Option<Answer> {
        self.pending
    }

    /// True inside a data block (between its header and [`Event::DataEnd`]).
    #[must_use]
    pub fn in_data(&self) -> bool {
        matches!(
            self.mode,
            Mode::Counted { .. } | Mode::Transparent | Mode::BlockEnd
        )
    }

    /// The next event, or `None` when the decoder needs more bytes.
    ///
    /// Never panics, whatever the input; every call either hands out an event or leaves the
    /// buffer with room for [`feed`](Self::feed).
    #[must_use = "an event is lost if not looked at"]
    pub fn next_event(&mut self) -> Option<Event<'_>> {
        self.next_decoded().map(|d| d.event)
    }

    /// Like [`next_event`](Self::next_event), with the line as the module printed it (see
    /// [`Decoded`]). A harness that must compare lines byte for byte (`+FTPGET:1,0` is not
    /// `+FTPGET: 1,0`) uses this.
    ///
    /// ```
    /// use simcom_at::{Decoded, Decoder, Event, Final};
    /// let mut dec = Decoder::new();
    /// assert_eq!(dec.feed(b"\r\n+FTPGET:1,0\r\n\r\nOK\r\n"), 21);
    /// assert_eq!(dec.next_decoded().unwrap().printed, Some(&b"+FTPGET:1,0"[..]));
    /// assert_eq!(
    ///     dec.next_decoded(),
    ///     Some(Decoded { event: Event::Final(Final::Ok), printed: Some(&b"OK"[..]) })
    /// );
    /// ```
    #[must_use = "an event is lost if not looked at"]
    pub fn next_decoded(&mut self) -> Option<Decoded<'_>> {
        let found = self.find()?;
        Some(self.event_at(found))
    }

    /// The event whose bytes `found` points at.
    #[inline]
    fn event_at(&mut self, found: Found) -> Decoded<'_> {
        let Self {
            buf, mode, pending, ..
        } = self;
        let buf = <B as AsRef<[u8]>>::as_ref(buf);
        let (event, printed) = match found {
            Found::Line(a, b) => (classify(&buf[a..b], mode, pending), Some(&buf[a..b])),
            Found::Data(a, b) => (Event::Data(&buf[a..b]), None),
            Found::BlockEnd => (Event::DataEnd, None),
            Found::Overflow(dropped) => (Event::Overflow { dropped }, None),
        };
        Decoded { event, printed }
    }

    /// Advances over framing and finds the bytes of the next event.
    fn find(&mut self) -> Option<Found> {
        loop {
            if self.skip_lf && !matches!(self.mode, Mode::BlockEnd) {
                let &first = self.buf.as_ref()[self.start..self.end].first()?;
                if first == b'\n' {
                    self.start += 1;
                }
                self.skip_lf = false;
            }
            let capacity = self.capacity();
            let avail = &mut self.buf.as_mut()[self.start..self.end];
            match self.mode {
                Mode::BlockEnd => {
                    self.mode = Mode::Lines;
                    return Some(Found::BlockEnd);
                }
                Mode::Counted { remaining } => {
                    if avail.is_empty() {
                        return None;
                    }
                    let n = avail
                        .len()
                        .min(usize::try_from(remaining).unwrap_or(usize::MAX));
                    let a = self.start;
                    self.start += n;
                    // n <= remaining, so this fits in u32.
                    let left = remaining - u32::try_from(n).unwrap_or(remaining);
                    self.mode = if left == 0 {
                        Mode::BlockEnd
                    } else {
                        Mode::Counted { remaining: left }
                    };
                    return Some(Found::Data(a, a + n));
                }
                Mode::Transparent => {
                    let out = etx::unescape_in_place(avail);
                    let a = self.start;
                    self.start += out.consumed;
                    if out.end {
                        self.mode = Mode::BlockEnd;
                    }
                    if out.written > 0 {
                        return Some(Found::Data(a, a + out.written));
                    }
                    if !out.end {
                        return None;
                    }
                }
                Mode::Discard { dropped } => match memchr::memchr2(b'\r', b'\n', avail) {
                    Some(i) => {
                        self.skip_lf = avail[i] == b'\r';
                        self.start += i + 1;
                        self.mode = Mode::Lines;
                        return Some(Found::Overflow(dropped + i));
                    }
                    None => {
                        self.mode = Mode::Discard {
                            dropped: dropped + avail.len(),
                        };
                        self.start = self.end;
                        return None;
                    }
                },
                Mode::Lines => match memchr::memchr2(b'\r', b'\n', avail) {
                    Some(i) => {
                        self.skip_lf = avail[i] == b'\r';
                        let a = self.start;
                        self.start += i + 1;
                        if i > 0 {
                            return Some(Found::Line(a, a + i));
                        }
                    }
                    None if avail.len() == capacity => {
                        self.mode = Mode::Discard {
                            dropped: avail.len(),
                        };
                        self.start = self.end;
                    }
                    None => return None,
                },
            }
        }
    }
}

/// The events of one read, from [`Decoder::events`].
///
/// It feeds the read into the decoder whenever the decoder has no event left (handing out
/// events frees room), so no byte is dropped, and memory stays the decoder's buffer, whatever
/// the read's size. [`next_event`](Self::next_event) returns `None` once every byte of the read
/// is in the decoder and no complete event is left; a line or data cut by the end of the read
/// stays in the decoder and comes out with the next read.
///
/// Not an [`Iterator`]: each event borrows the decoder's buffer, which the next feed
/// overwrites. Take events with `while let`:
///
/// ```
/// use simcom_at::{Decoder, Event};
///
/// let mut dec = Decoder::new();
/// // ... for every read from the UART:
/// let read = b"\r\n+FTPGET: 1,1\r\n\r\n+FTPGET: 2,3\r\nabc\r\nOK\r\n";
/// let mut events = dec.events(read);
/// while let Some(event) = events.next_event() {
///     if let Event::Data(bytes) = event {
///         assert_eq!(bytes, b"abc");
///     }
/// }
/// ```
///
/// Dropped before `None`, the rest of the read is not fed: [`remaining`](Self::remaining) says
/// what that is. `None` with bytes remaining cannot otherwise happen: a decoder with no event
/// left always has room for a byte (the crate's tests check it in every mode, a full buffer
/// included); were it to happen, `next_event` would return `None` with the bytes still in
/// `remaining` rather than loop or drop them.
#[derive(Debug)]
#[must_use = "no event is decoded and no byte fed until next_event is called"]
pub struct Events<'d, 'i, B> {
    decoder: &'d mut Decoder<B>,
    input: &'i [u8],
    /// The first feed is done: later ones wait for the decoder to have no event left.
    started: bool,
}

impl<'i, B: AsRef<[u8]> + AsMut<[u8]>> Events<'_, 'i, B> {
    /// The next event, or `None` once the whole read is in the decoder and no event is left.
    #[must_use = "an event is lost if not looked at"]
    #[inline]
    pub fn next_event(&mut self) -> Option<Event<'_>> {
        self.next_decoded().map(|d| d.event)
    }

    /// Like [`next_event`](Self::next_event), with the line as the module printed it, as
    /// [`Decoder::next_decoded`] gives it.
    ///
    /// ```
    /// use simcom_at::{Decoded, Decoder, Event, Final};
    /// let mut dec = Decoder::new();
    /// let mut events = dec.events(b"\r\n+FTPGET:1,0\r\n\r\nOK\r\n");
    /// assert_eq!(events.next_decoded().unwrap().printed, Some(&b"+FTPGET:1,0"[..]));
    /// assert_eq!(
    ///     events.next_decoded(),
    ///     Some(Decoded { event: Event::Final(Final::Ok), printed: Some(&b"OK"[..]) })
    /// );
    /// assert_eq!(events.next_decoded(), None);
    /// ```
    #[must_use = "an event is lost if not looked at"]
    #[inline]
    pub fn next_decoded(&mut self) -> Option<Decoded<'_>> {
        if !self.started {
            // As much as fits at once, as a caller's own loop would: events the decoder still
            // holds from an earlier read come out first all the same.
            self.started = true;
            self.feed();
        }
        loop {
            // `find` borrows nothing, so the decoder can be fed when it finds no event.
            if let Some(found) = self.decoder.find() {
                return Some(self.decoder.event_at(found));
            }
            if self.feed() == 0 {
                // The read is used up (or, against the decoder's invariant, no room was made:
                // the bytes stay in `remaining`).
                return None;
            }
        }
    }

    /// The part of the read not yet fed into the decoder: empty once `next_event` has
    /// returned `None`.
    #[must_use]
    pub fn remaining(&self) -> &'i [u8] {
        self.input
    }

    fn feed(&mut self) -> usize {
        if self.input.is_empty() {
            // Not even a call: `feed` would move the decoder's bytes to the buffer's start.
            return 0;
        }
        let n = self.decoder.feed(self.input);
        self.input = &self.input[n..];
        n
    }
}

/// Classifies one complete line (without its terminator) and updates the decoder's state.
fn classify<'a>(line: &'a [u8], mode: &mut Mode, pending: &mut Option<Answer>) -> Event<'a> {
    // An echo is the host's own line, whatever bytes it holds (a control byte the host sent
    // comes back in the echo too).
    if line.len() >= 2 && line[..2].eq_ignore_ascii_case(b"AT") {
        *pending = Some(answer_of(line));
        return Event::Echo(line);
    }
    let not_text = Event::Malformed {
        line,
        error: DecodeError::NotText,
    };
    if !printable(line) {
        return not_text;
    }
    // Information lines are the common case: only their body needs UTF-8 validation (the
    // prefix is ASCII once it matched a known name).
    if let Some((prefix, body)) = split_prefix(line) {
        let (claimed, query) = match *pending {
            Some(Answer::Info { prefix: p, mode }) if p == prefix => (
                mode.is_none_or(|m| first_field(body) == Some(m)),
                mode.is_none(),
            ),
            _ => (false, false),
        };
        // Numbers are read from the bytes and string fields checked for UTF-8 as they are
        // parsed, so a body that is not UTF-8 never parses.
        let Some(info) = Info::parse_bytes(prefix, body, query) else {
            if core::str::from_utf8(body).is_err() {
                return not_text;
            }
            return Event::Malformed {
                line,
                error: DecodeError::Body(prefix),
            };
        };
        match info {
            Info::DataHeader { len, .. } if len > 0 => *mode = Mode::Counted { remaining: len },
            Info::Session {
                prefix: Prefix::FtpEtGet,
                code: 1,
            } => *mode = Mode::Transparent,
            _ => {}
        }
        return if claimed {
            Event::Response(info)
        } else {
            Event::Urc(info)
        };
    }
    let Ok(text) = core::str::from_utf8(line) else {
        return not_text;
    };
    if let Some(result) = final_result(text) {
        return match result {
            Ok(result) => {
                *pending = None;
                Event::Final(result)
            }
            Err(error) => Event::Malformed { line, error },
        };
    }
    if text == "DOWNLOAD" {
        return Event::Prompt(Prompt::Download);
    }
    // `RDY`, `SMS Ready`: URCs that are their prefix alone.
    if let Some(prefix) = Prefix::from_name(line).filter(|p| p.is_whole_line()) {
        return Event::Urc(Info::Bare { prefix });
    }
    if let Some(info) = OtherInfo::parse(text) {
        return Event::OtherInfo(info);
    }
    if *pending == Some(Answer::Text) {
        return Event::Text(line);
    }
    Event::Unknown(line)
}

/// What answers a raw host line; a line that does not parse has no information response.
fn answer_of(line: &[u8]) -> Answer {
    Command::parse(line).map_or(Answer::FinalOnly, |c| c.answer())
}

/// Whether the line holds no control bytes (a tab is allowed); UTF-8 is checked apart.
fn printable(line: &[u8]) -> bool {
    // Tabs are rare: the first test settles almost every line.
    line.iter().all(|&b| b >= 0x20 && b != 0x7f)
        || line.iter().all(|&b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

/// `Some(Ok)` for a final result code, `Some(Err)` for a malformed `+CME ERROR`.
fn final_result(text: &str) -> Option<Result<Final<'_>, DecodeError>> {
    // Information lines start with `+` and are the common case: only `+CME ERROR` among them
    // is a final result.
    let result = match text {
        "OK" | "0" => Final::Ok,
        "CONNECT" | "1" => Final::Connect,
        "NO CARRIER" | "3" => Final::NoCarrier,
        "ERROR" | "4" => Final::Error,
        "NO DIALTONE" | "6" => Final::NoDialtone,
        "BUSY" | "7" => Final::Busy,
        "NO ANSWER" | "8" => Final::NoAnswer,
        "PROCEEDING" | "9" => Final::Proceeding,
        _ => {
            let err = text.strip_prefix("+CME ERROR:")?;
            let err = err.trim_start_matches(' ');
            return Some(match err.parse::<u16>() {
                Ok(code) => Ok(Final::CmeError(CmeError::Code(code))),
                Err(_) if err.is_empty() => Err(DecodeError::CmeError),
                Err(_) => Ok(Final::CmeError(CmeError::Text(err))),
            });
        }
    };
    Some(Ok(result))
}

/// `+NAME:body` → the known prefix and the body. `None` if not of that shape or not known
/// (`+CME ERROR:` is a final result, not an information line).
fn split_prefix(line: &[u8]) -> Option<(Prefix, &[u8])> {
    // `*PSUTTZ:`, `*PSNWID:` and `DST:` have no `+` (their `*` is part of the name).
    let (rest, plus) = match line.first()? {
        b'+' => (&line[1..], true),
        b'*' | b'D' => (line, false),
        _ => return None,
    };
    let colon = rest.iter().position(|&b| b == b':')?;
    let prefix = Prefix::from_name(&rest[..colon])?;
    let lead_matches = (prefix.lead() == "+") == plus && !prefix.is_whole_line();
    lead_matches.then(|| (prefix, &rest[colon + 1..]))
}

/// The first comma-separated field of a body, as a number.
fn first_field(body: &[u8]) -> Option<u8> {
    let body = body.strip_prefix(b" ").unwrap_or(body);
    let field = body.split(|&b| b == b',').next()?;
    if field.is_empty() || field.len() > 3 || !field.iter().all(u8::is_ascii_digit) {
        return None;
    }
    u8::try_from(field.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'))).ok()
}

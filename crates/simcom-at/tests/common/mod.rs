//! Test helpers: drive a decoder over a stream cut into reads and collect owned events.
#![allow(dead_code, unreachable_pub)]

use simcom_at::{Decoder, Event, Final, Info, Prefix};

/// An owned event; adjacent data pieces are merged into one block, so that runs with different
/// piece sizes compare equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ev {
    Data(Vec<u8>),
    Other(String),
}

/// Decodes `stream` as reads of the given sizes (cycled), each through [`Decoder::events`].
pub fn decode_pieces(dec: &mut Decoder<Vec<u8>>, stream: &[u8], sizes: &[usize]) -> Vec<Ev> {
    let mut out = Vec::new();
    let mut rest = stream;
    let mut k = 0;
    while !rest.is_empty() {
        let (read, tail) = rest.split_at(sizes[k % sizes.len()].clamp(1, rest.len()));
        rest = tail;
        k += 1;
        decode_read(dec, read, &mut out);
    }
    out
}

/// Decodes one read through [`Decoder::events`] into `out`.
pub fn decode_read(dec: &mut Decoder<Vec<u8>>, read: &[u8], out: &mut Vec<Ev>) {
    let mut events = dec.events(read);
    while let Some(ev) = events.next_event() {
        push(out, ev);
    }
    assert!(events.remaining().is_empty(), "the decoder stalled");
}

/// Decodes `stream` one byte at a time with the decoder's own steps, `feed` and `next_event`:
/// the reference the other ways of feeding are compared with. Checks on the way that a decoder
/// with no event left always has room for a byte (what keeps [`Decoder::events`] going).
pub fn decode_bytewise_with(dec: &mut Decoder<Vec<u8>>, stream: &[u8]) -> Vec<Ev> {
    let mut out = Vec::new();
    for (i, &b) in stream.iter().enumerate() {
        assert_eq!(dec.feed(&[b]), 1, "no room for byte {i}, and no event");
        drain(dec, &mut out);
    }
    out
}

pub fn drain(dec: &mut Decoder<Vec<u8>>, out: &mut Vec<Ev>) {
    while let Some(ev) = dec.next_event() {
        push(out, ev);
    }
}

pub fn push(out: &mut Vec<Ev>, ev: Event<'_>) {
    match ev {
        Event::Data(d) => match out.last_mut() {
            Some(Ev::Data(prev)) => prev.extend_from_slice(d),
            _ => out.push(Ev::Data(d.to_vec())),
        },
        other => out.push(Ev::Other(format!("{other:?}"))),
    }
}

/// Decodes the whole stream in one feed (with a buffer big enough for it).
pub fn decode_whole(stream: &[u8]) -> Vec<Ev> {
    let mut dec = Decoder::with_capacity(stream.len().max(4096));
    decode_pieces(&mut dec, stream, &[usize::MAX])
}

/// Decodes one byte at a time, with [`decode_bytewise_with`].
pub fn decode_bytewise(stream: &[u8]) -> Vec<Ev> {
    decode_bytewise_with(&mut Decoder::new(), stream)
}

/// Shorthand for the Debug form of an event.
pub fn ev(e: Event<'_>) -> Ev {
    let mut v = Vec::new();
    push(&mut v, e);
    v.pop().unwrap()
}

/// `OK`.
pub fn ok() -> Ev {
    ev(Event::Final(Final::Ok))
}

/// The echo of a host line (without its CR).
pub fn echo(line: &[u8]) -> Ev {
    ev(Event::Echo(line))
}

/// `info` as a URC.
pub fn urc(info: Info<'_>) -> Ev {
    ev(Event::Urc(info))
}

/// `info` as the answer to the command in flight.
pub fn response(info: Info<'_>) -> Ev {
    ev(Event::Response(info))
}

/// A block of data (adjacent pieces merged).
pub fn data(bytes: &[u8]) -> Ev {
    Ev::Data(bytes.to_vec())
}

/// The end of a data block.
pub fn data_end() -> Ev {
    ev(Event::DataEnd)
}

/// `+<prefix>: 1,<code>`: a session opened (1) or ended (0, or an error code).
pub fn session(prefix: Prefix, code: u8) -> Info<'static> {
    Info::Session { prefix, code }
}

/// `+<prefix>: <mode>,<len>`: the header of `len` bytes of counted data.
pub fn header(prefix: Prefix, len: u32) -> Info<'static> {
    Info::DataHeader { prefix, len }
}

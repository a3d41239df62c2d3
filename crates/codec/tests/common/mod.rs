//! Test helpers: drive a decoder over a stream cut into pieces and collect owned events.
#![allow(dead_code, unreachable_pub)]

use simcom_at::{Decoder, Event};

/// An owned event; adjacent data pieces are merged into one block, so that runs with different
/// piece sizes compare equal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ev {
    Data(Vec<u8>),
    Other(String),
}

/// Feeds `stream` in pieces of the given sizes (cycled), pulling events after every piece.
pub fn decode_pieces(dec: &mut Decoder<Vec<u8>>, stream: &[u8], sizes: &[usize]) -> Vec<Ev> {
    let mut out = Vec::new();
    let mut rest = stream;
    let mut k = 0;
    let mut guard = 0usize;
    while !rest.is_empty() {
        let size = sizes[k % sizes.len()].max(1).min(rest.len());
        k += 1;
        let mut piece = &rest[..size];
        rest = &rest[size..];
        while !piece.is_empty() {
            let n = dec.feed(piece);
            piece = &piece[n..];
            drain(dec, &mut out);
            guard += 1;
            assert!(guard < 10_000_000, "decoder stalled");
        }
    }
    drain(dec, &mut out);
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

/// Decodes one byte at a time.
pub fn decode_bytewise(stream: &[u8]) -> Vec<Ev> {
    let mut dec = Decoder::new();
    decode_pieces(&mut dec, stream, &[1])
}

/// Shorthand for the Debug form of an event.
pub fn ev(e: Event<'_>) -> Ev {
    let mut v = Vec::new();
    push(&mut v, e);
    v.pop().unwrap()
}

//! Helpers of the encode tests (`info_encode.rs`, `info_roundtrip.rs`): encoding into a
//! buffer, and decoding one framed line.
#![allow(dead_code, unreachable_pub)]

use simcom_at::command::FtpExtGet;
use simcom_at::{Command, Decoder, EncodeError, Event, Final, Info, Prefix};

/// The bytes `encode` writes, or its refusal.
pub fn encoded(info: &Info<'_>) -> Result<Vec<u8>, EncodeError> {
    let mut buf = [0u8; 512];
    let n = info.encode(&mut buf)?;
    Ok(buf[..n].to_vec())
}

/// The bytes `Final::encode` writes, or its refusal.
pub fn encoded_final(result: &Final<'_>) -> Result<Vec<u8>, EncodeError> {
    let mut buf = [0u8; 512];
    let n = result.encode(&mut buf)?;
    Ok(buf[..n].to_vec())
}

/// Whether `info` is read back only when its line answers a query of its own prefix.
pub fn answers_query(info: &Info<'_>) -> bool {
    matches!(info, Info::ExtGetProgress { .. })
}

/// The body of an encoded line: after `+<prefix>:` (`*PSUTTZ:`, `DST:`; nothing after `RDY`).
pub fn body(line: &str, prefix: Prefix) -> &str {
    let colon = if prefix.is_whole_line() { "" } else { ":" };
    let head = format!("{}{}{colon}", prefix.lead(), prefix.name());
    line.strip_prefix(&head)
        .unwrap_or_else(|| panic!("{line:?} does not start with {head:?}"))
}

/// Feeds `line` framed as the module frames it with ATV1.
pub fn feed_framed(dec: &mut Decoder<Vec<u8>>, line: &[u8]) {
    let framed = [&b"\r\n"[..], line, b"\r\n"].concat();
    assert_eq!(dec.feed(&framed), framed.len());
}

/// What the decoder makes of `line`, framed as the module frames it, with `pending` sent.
pub fn decode_one(line: &[u8], pending: Option<&Command<'_>>, check: impl FnOnce(Event<'_>)) {
    let mut dec = Decoder::new();
    if let Some(c) = pending {
        dec.command_sent(c);
    }
    feed_framed(&mut dec, line);
    let event = dec.next_event().expect("a framed line is an event");
    check(event);
}

/// The decoder's information line, whether it answers the pending command or not.
pub fn decoded_info(line: &[u8], query: bool, expected: &Info<'_>) -> bool {
    let pending = query.then_some(Command::FtpExtGet(FtpExtGet::Read));
    let mut same = false;
    decode_one(line, pending.as_ref(), |event| {
        same = matches!(event, Event::Response(i) | Event::Urc(i) if i == *expected);
    });
    same
}

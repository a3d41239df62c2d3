//! Inputs shared by the benchmarks (`cargo bench -p simcom-bench`): module output streams of
//! each kind, and the decoding loops of `simcom-at` and of `atat` 0.25 over them.

use simcom_at::{Decoder, Event};

/// The lines of a response/URC-heavy stream: what a host sees while configuring sessions
/// and waiting for URCs, with echo off (atat's digester can parse this kind).
const LINES: &[&str] = &[
    "OK",
    "+FTPGET: 1,1",
    "+CNACT: 0,1,\"10.94.36.44\"",
    "OK",
    "+FTPPUT: 1,1,1360",
    "+CSQ: 13,99",
    "OK",
    "+FTPSIZE: 1,0,1024",
    "+CME ERROR: 3",
    "+FTPGET: 1,0",
    "+APP PDP: 0,ACTIVE",
    "ERROR",
];

/// About `size` bytes of response/URC lines (`\r\n<line>\r\n` each).
pub fn lines_stream(size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 64);
    let mut i = 0;
    while out.len() < size {
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(LINES[i % LINES.len()].as_bytes());
        out.extend_from_slice(b"\r\n");
        i += 1;
    }
    out
}

/// About `size` bytes of FTPGET reads: `+FTPGET: 2,1460`, 1460 data bytes (every value,
/// including CR, LF and `OK`-looking text), `OK`.
pub fn counted_stream(size: usize) -> Vec<u8> {
    let block: Vec<u8> = (0..1460u32)
        .map(|i| (i.wrapping_mul(31) % 256) as u8)
        .collect();
    let mut out = Vec::with_capacity(size + 1600);
    while out.len() < size {
        out.extend_from_slice(b"\r\n+FTPGET: 2,1460\r\n");
        out.extend_from_slice(&block);
        out.extend_from_slice(b"\r\nOK\r\n");
    }
    out
}

/// An FTPETGET download of about `size` payload bytes: `+FTPETGET: 1,1`, the DLE-escaped
/// data (every byte value, so 2 in 256 bytes are escaped), the bare ETX, `+FTPETGET: 1,0`.
pub fn etx_stream(size: usize) -> Vec<u8> {
    let payload: Vec<u8> = (0..size).map(|i| (i % 256) as u8).collect();
    let mut out = b"\r\n+FTPETGET: 1,1\r\n".to_vec();
    out.extend_from_slice(&simcom_at::etx::frame(&payload));
    out.extend_from_slice(b"\r\n+FTPETGET: 1,0\r\n");
    out
}

/// Decodes `stream` with `simcom-at`, as reads of `piece` bytes; returns (events, data bytes)
/// so that the work cannot be optimised away.
pub fn decode(dec: &mut Decoder<Vec<u8>>, stream: &[u8], piece: usize) -> (usize, usize) {
    let (mut events, mut data) = (0, 0);
    for read in stream.chunks(piece) {
        let mut decoded = dec.events(read);
        while let Some(e) = decoded.next_event() {
            events += 1;
            if let Event::Data(d) = e {
                data += d.len();
            }
        }
    }
    (events, data)
}

/// The URC prefixes atat must know to tell URCs from responses in these streams.
pub enum FtpUrcs {}

impl atat::Parser for FtpUrcs {
    fn parse(buf: &[u8]) -> Result<(&[u8], usize), atat::digest::ParseError> {
        use atat::digest::parser::urc_helper;
        let (_, r) = atat::nom::branch::alt((
            urc_helper("+FTPGET"),
            urc_helper("+FTPPUT"),
            urc_helper("+FTPSIZE"),
            urc_helper("+APP PDP"),
        ))(buf)?;
        Ok(r)
    }
}

/// Decodes `stream` with atat's digester as its ingress does: a buffer of `capacity` bytes,
/// filled in pieces of `piece` bytes, `digest` until it consumes nothing, the consumed bytes
/// dropped. Returns the number of results.
pub fn atat_decode(stream: &[u8], piece: usize, capacity: usize) -> usize {
    use atat::Digester;
    let mut digester = atat::AtDigester::<FtpUrcs>::new();
    let mut buf = vec![0u8; capacity];
    let mut len = 0;
    let mut results = 0;
    for chunk in stream.chunks(piece) {
        let mut rest = chunk;
        while !rest.is_empty() {
            let n = rest.len().min(capacity - len);
            buf[len..len + n].copy_from_slice(&rest[..n]);
            len += n;
            rest = &rest[n..];
            loop {
                let (result, consumed) = digester.digest(&buf[..len]);
                if !matches!(result, atat::DigestResult::None) {
                    results += 1;
                }
                if consumed == 0 {
                    break;
                }
                buf.copy_within(consumed..len, 0);
                len -= consumed;
            }
            if len == capacity {
                // A full buffer that digests nothing: atat's ingress would report an
                // overflow and clear it.
                len = 0;
            }
        }
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both decoders see every line of the response/URC stream (so the comparison is fair).
    #[test]
    fn both_decoders_parse_the_lines_stream() {
        let s = lines_stream(10_000);
        let lines = s.split(|&b| b == b'\n').filter(|l| l.len() > 1).count();
        let (ours, _) = decode(&mut Decoder::new(), &s, 64);
        assert_eq!(ours, lines);
        let theirs = atat_decode(&s, 64, 1024);
        // atat folds a response and its OK into one result; every line is accounted for.
        assert!(
            theirs > lines / 3,
            "atat produced {theirs} results for {lines} lines"
        );
    }

    #[test]
    fn data_streams_deliver_every_byte() {
        let s = counted_stream(100_000);
        let blocks = s.len() / (19 + 1460 + 6);
        let (_, data) = decode(&mut Decoder::new(), &s, 4096);
        assert_eq!(data, blocks * 1460);
        let (_, data) = decode(&mut Decoder::new(), &etx_stream(50_000), 4096);
        assert_eq!(data, 50_000);
    }
}

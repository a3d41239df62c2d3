//! Split invariance: feeding a stream in any pieces, down to one byte at a time, gives the
//! same events as feeding it whole (data pieces merged: a block's chunking is not part of the
//! contract, its bytes are).

mod common;

use common::{decode_bytewise, decode_bytewise_with, decode_pieces, decode_whole};
use proptest::prelude::*;
use simcom_at::{Decoder, MIN_CAPACITY};

/// Payload bytes biased towards the framing bytes: ETX, DLE, CR, LF, and `OK` text.
fn payload() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        3 => any::<u8>(),
        1 => Just(0x03u8),
        1 => Just(0x10u8),
        1 => Just(b'\r'),
        1 => Just(b'\n'),
        1 => Just(b'O'),
        1 => Just(b'K'),
    ];
    prop::collection::vec(byte, 0..200)
}

/// One chunk of module output, framed as the module frames it.
fn chunk() -> impl Strategy<Value = Vec<u8>> {
    let line = prop::sample::select(vec![
        "OK",
        "ERROR",
        "+CME ERROR: 3",
        "+CME ERROR: operation not allowed",
        "+FTPGET: 1,1",
        "+FTPGET:1,0",
        "+FTPPUT: 1,1,1360",
        "+FTPPUT: 2,100",
        "+CPIN: READY",
        "+APP PDP: 0,ACTIVE",
        "+CNACT: 0,1,\"10.94.36.44\"",
        "+FTPSIZE:1,0,1024",
        "+FTPMDTM:1,0,20140409060951",
        "DOWNLOAD",
        "RDY",
        "+FTPLIST: 1.0",
        "+FTPGET: 2,0",
    ]);
    let echo = prop::sample::select(vec![
        "AT+FTPGET=2,1024",
        "AT+CPIN?",
        "AT+CNACT?",
        "ATI",
        "AT+FTPEXTGET?",
        "at+ftplist=2,1460",
    ]);
    prop_oneof![
        line.prop_map(|l| format!("\r\n{l}\r\n").into_bytes()),
        echo.prop_map(|e| format!("{e}\r").into_bytes()),
        (
            prop::sample::select(vec!["+FTPGET: 2,", "+FTPLIST: 2,", "+FTPEXTGET: 3,"]),
            payload()
        )
            .prop_map(|(h, p)| {
                let mut v = format!("\r\n{h}{}\r\n", p.len()).into_bytes();
                v.extend_from_slice(&p);
                v.extend_from_slice(b"\r\nOK\r\n");
                v
            }),
        payload().prop_map(|p| {
            let mut v = b"\r\n+FTPETGET: 1,1\r\n".to_vec();
            v.extend_from_slice(&simcom_at::etx::frame(&p));
            v.extend_from_slice(b"\r\n+FTPETGET: 1,0\r\n");
            v
        }),
        // Raw noise: the decoder must resynchronise, and still be split-invariant.
        prop::collection::vec(any::<u8>(), 0..40),
    ]
}

fn stream() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(chunk(), 1..25).prop_map(|c| c.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn bytewise_equals_whole(s in stream()) {
        prop_assert_eq!(decode_bytewise(&s), decode_whole(&s));
    }

    #[test]
    fn any_pieces_equal_whole(s in stream(), sizes in prop::collection::vec(1usize..64, 1..8)) {
        let mut dec = Decoder::new();
        prop_assert_eq!(decode_pieces(&mut dec, &s, &sizes), decode_whole(&s));
    }

    /// Reads of any size through `Decoder::events`, with any buffer from `MIN_CAPACITY` up,
    /// give the events of a byte-at-a-time `feed` with the same buffer: no byte dropped or
    /// repeated, whatever the read's size against the buffer's, and no stall (the reference
    /// checks that a decoder with no event has room for a byte).
    #[test]
    fn events_of_any_reads_equal_bytewise_feed(
        s in stream(),
        sizes in prop::collection::vec(prop_oneof![1usize..64, 1usize..6000], 1..8),
        capacity in prop_oneof![MIN_CAPACITY..64usize, MIN_CAPACITY..5000],
    ) {
        let bytewise = decode_bytewise_with(&mut Decoder::with_capacity(capacity), &s);
        let mut dec = Decoder::with_capacity(capacity);
        prop_assert_eq!(decode_pieces(&mut dec, &s, &sizes), bytewise);
    }

    /// A small buffer changes nothing as long as every line fits.
    #[test]
    fn small_buffer_equals_whole(s in stream()) {
        let mut dec = Decoder::with_capacity(128);
        let small = decode_pieces(&mut dec, &s, &[7]);
        let whole = decode_whole(&s);
        // Only lines longer than 128 bytes may differ; the generator's lines are shorter, but
        // noise can glue onto a line: compare when no overflow occurred.
        if !small.iter().any(|e| matches!(e, common::Ev::Other(o) if o.starts_with("Overflow"))) {
            prop_assert_eq!(small, whole);
        }
    }
}

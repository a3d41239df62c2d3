//! The application note's examples (sections 4 and 5) as raw captures of what the module prints
//! on its UART with echo on: `tests/captures/app-note-<section>.cap`.
//!
//! Each capture is decoded twice, one byte at a time and in as large pieces as the decoder takes,
//! and both runs must give the same events (adjacent data pieces merged). The events are then
//! snapshotted in a text form, one event per line, to be read side by side with the note. Every
//! line the note shows must be known to the codec: no `Unknown`, `Malformed` or `Overflow`.
//!
//! The captures follow the spec's framing (DECISIONS 6-10): an echo is the command line and its
//! CR; every other line is `\r\n<line>\r\n`; length-counted data follows its header's CR LF and is
//! followed by `\r\nOK\r\n`; FTPETGET data is DLE-escaped and ends with a bare ETX. Host data
//! (after `+FTPPUT: 2,<n>`, `+FTPEXTPUT: 0,1024`, `DOWNLOAD`, `+FTPETPUT:2,1`) is not echoed and
//! so is not in the captures. Where the note's text was garbled or incomplete, the capture
//! resolves it (lines glued by the PDF split, missing final results added, Cyrillic `ОК` read as
//! `OK`); the note's spellings without a space after the colon are kept as printed.
//!
//! They are the decoder's input, not a third copy of the scenarios: what the module does in each
//! example is checked by the transcripts of `conformance/app-note/` (against the model and a live
//! module); these check only that every line the note prints, as it prints it, decodes.

use simcom_at::{Decoder, Event};
use std::fmt::Write as _;

/// An owned event: data pieces are merged into one block, everything else is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ev {
    Data(Vec<u8>),
    Line { text: String, bad: bool },
}

fn push(out: &mut Vec<Ev>, event: Event<'_>) {
    let (text, bad) = match event {
        Event::Data(piece) => {
            match out.last_mut() {
                Some(Ev::Data(block)) => block.extend_from_slice(piece),
                _ => out.push(Ev::Data(piece.to_vec())),
            }
            return;
        }
        Event::Echo(line) => (format!("echo     {}", escape(line)), false),
        Event::Final(result) => (format!("final    {result:?}"), false),
        Event::Response(info) => (format!("response {info:?}"), false),
        Event::Urc(info) => (format!("urc      {info:?}"), false),
        Event::Text(line) => (format!("text     {}", escape(line)), false),
        Event::Prompt(prompt) => (format!("prompt   {prompt:?}"), false),
        Event::DataEnd => ("data-end".to_owned(), false),
        Event::OtherInfo(info) => (format!("OTHER    {info:?}"), true),
        Event::Unknown(line) => (format!("UNKNOWN  {}", escape(line)), true),
        Event::Malformed { line, error } => (format!("MALFORMED {} ({error})", escape(line)), true),
        Event::Overflow { dropped } => (format!("OVERFLOW {dropped} bytes dropped"), true),
    };
    out.push(Ev::Line { text, bad });
}

/// Decodes `stream` as reads of at most `piece` bytes.
fn decode(mut dec: Decoder<Vec<u8>>, stream: &[u8], piece: usize) -> Vec<Ev> {
    let mut out = Vec::new();
    for read in stream.chunks(piece) {
        let mut events = dec.events(read);
        while let Some(event) = events.next_event() {
            push(&mut out, event);
        }
        assert!(
            events.remaining().is_empty(),
            "the decoder takes no more bytes"
        );
    }
    assert!(!dec.in_data(), "the capture ends inside a data block");
    out
}

/// Printable ASCII as is (a backslash doubled), everything else escaped (`\r`, `\n`, `\x03`).
fn escape(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\\' => s.push_str("\\\\"),
            b'\r' => s.push_str("\\r"),
            b'\n' => s.push_str("\\n"),
            b'\t' => s.push_str("\\t"),
            0x20..=0x7e => s.push(char::from(b)),
            _ => {
                let _ = write!(s, "\\x{b:02x}");
            }
        }
    }
    s
}

/// FNV-1a, 64 bits: a stable fingerprint of a data block for the snapshot.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One event per line; data as its length, its fingerprint and its text (whole when short,
/// otherwise the first and last bytes).
fn render(events: &[Ev]) -> String {
    let mut s = String::new();
    for ev in events {
        match ev {
            Ev::Line { text, .. } => s.push_str(text),
            Ev::Data(block) => {
                let _ = write!(
                    s,
                    "data     {} bytes, fnv1a {:016x}: ",
                    block.len(),
                    fnv1a(block)
                );
                if block.len() <= 300 {
                    let _ = write!(s, "\"{}\"", escape(block));
                } else {
                    let _ = write!(
                        s,
                        "\"{}\" .. \"{}\"",
                        escape(&block[..48]),
                        escape(&block[block.len() - 16..])
                    );
                }
            }
        }
        s.push('\n');
    }
    s
}

/// The app note's elided digit runs: byte i is `'0' + i % 10`.
fn digits(n: usize) -> Vec<u8> {
    (0..n).map(|i| b'0' + (i % 10) as u8).collect()
}

/// 5.1.11, first listing (126 bytes): the note's text with CR LF line ends and `ls -l` columns.
const LIST_ROOT: &[u8] = b"total 0\r\n\
drw-rw-rw-   1 user     group           0 Oct 12 14:58 .\r\n\
drw-rw-rw-   1 user     group           0 Oct 12 14:58 ..\r\n";

/// 5.1.11, second listing (78 bytes).
const LIST_FILE: &[u8] =
    b"-rw-rw----   1 zhangkun simcom              8807854 Mar 19 13:31 /simftp.txt\r\n";

/// 5.1.7: the whole file, and what REST=20 leaves of it.
const REST_FILE: &[u8] = b"wodeceshijieguo,zhgeshigeshia";

/// The extra 5.1.15 payload: every byte value, the ETX and DLE bytes in all positions, CR, LF,
/// and text that looks like the lines around the block.
fn etget_binary() -> Vec<u8> {
    let mut p = vec![0x03];
    p.extend(0..=255u8);
    p.extend_from_slice(b"\r\nOK\r\n\r\n+FTPETGET: 1,0\r\n");
    p.extend_from_slice(b"\x10\x03\x03\x10\x10\r\x10");
    p
}

/// The data blocks each capture carries, in order.
fn expected_data(section: &str) -> Vec<Vec<u8>> {
    match section {
        "5.1.1" => vec![digits(50), digits(1024)],
        "5.1.6" | "5.2.2" | "5.2.3" => vec![digits(50)],
        "5.1.7" => vec![REST_FILE.to_vec(), REST_FILE[20..].to_vec()],
        "5.1.11" => vec![LIST_ROOT.to_vec(), LIST_FILE.to_vec()],
        "5.1.13" => vec![digits(174_125)],
        "5.1.15" => vec![digits(1024)],
        "5.1.15-binary" => vec![etget_binary()],
        _ => vec![],
    }
}

fn check(section: &str, capture: &[u8]) {
    let bytewise = decode(Decoder::new(), capture, 1);
    let whole = decode(Decoder::new(), capture, capture.len());
    let single_feed = decode(
        Decoder::with_capacity(capture.len()),
        capture,
        capture.len(),
    );
    assert_eq!(
        bytewise, whole,
        "{section}: 1-byte pieces and one piece differ"
    );
    assert_eq!(bytewise, single_feed, "{section}: a single feed differs");

    let bad: Vec<&str> = bytewise
        .iter()
        .filter_map(|ev| match ev {
            Ev::Line { text, bad: true } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{section}: lines the codec does not know: {bad:#?}"
    );

    let data: Vec<Vec<u8>> = bytewise
        .iter()
        .filter_map(|ev| match ev {
            Ev::Data(block) => Some(block.clone()),
            Ev::Line { .. } => None,
        })
        .collect();
    assert!(
        data == expected_data(section),
        "{section}: the data blocks differ from the payloads the capture was written with"
    );

    // One final result per echoed command line.
    let count = |prefix: &str| {
        bytewise
            .iter()
            .filter(|ev| matches!(ev, Ev::Line { text, .. } if text.starts_with(prefix)))
            .count()
    };
    assert_eq!(
        count("echo "),
        count("final "),
        "{section}: echoes vs final results"
    );

    insta::assert_snapshot!(
        format!("app_note_{}", section.replace(['.', '-'], "_")),
        render(&bytewise)
    );
}

macro_rules! app_note {
    ($($test:ident => $section:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check(
                    $section,
                    include_bytes!(concat!("captures/app-note-", $section, ".cap")),
                );
            }
        )*

        /// Every capture file in `tests/captures/` has a test above, and every test a file.
        #[test]
        fn every_capture_is_tested() {
            let mut listed: Vec<String> =
                [$($section),*].iter().map(|s| format!("app-note-{s}.cap")).collect();
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/captures");
            let mut found: Vec<String> = std::fs::read_dir(dir)
                .expect("tests/captures exists")
                .map(|e| e.expect("readable entry").file_name().into_string().expect("UTF-8 name"))
                .filter(|n| n.starts_with("app-note-") && n.ends_with(".cap"))
                .collect();
            listed.sort();
            found.sort();
            assert_eq!(listed, found);
        }
    };
}

app_note! {
    s4_1_pdn_auto_activation => "4.1",
    s4_2_manual_apn => "4.2",
    s5_1_1_get => "5.1.1",
    s5_1_2_put => "5.1.2",
    s5_1_3_timeout => "5.1.3",
    s5_1_4_error => "5.1.4",
    s5_1_5_operation_error => "5.1.5",
    s5_1_6_read_write_error => "5.1.6",
    s5_1_7_rest => "5.1.7",
    s5_1_8_dele => "5.1.8",
    s5_1_9_size => "5.1.9",
    s5_1_10_mkd_rmd => "5.1.10",
    s5_1_11_list => "5.1.11",
    s5_1_12_extput => "5.1.12",
    s5_1_13_extget => "5.1.13",
    s5_1_14_etput => "5.1.14",
    s5_1_15_etget => "5.1.15",
    s5_1_15_etget_binary => "5.1.15-binary",
    s5_1_16_quit => "5.1.16",
    s5_1_17_rename => "5.1.17",
    s5_1_18_mdtm => "5.1.18",
    s5_1_19_tofsst => "5.1.19",
    s5_2_1_certificate => "5.2.1",
    s5_2_2_explicit_ftps => "5.2.2",
    s5_2_3_implicit_ftps => "5.2.3",
}

//! The checks of the fuzz targets, shared with the smoke test (`cargo test` in this folder)
//! that replays every seed and regression input through them.
//!
//! Each public function is one target's property; it panics when the property fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use simcom_at::{Command, Decoder, Event, MIN_CAPACITY, etx};
use simcom_conformance::replay::replay;
use simcom_conformance::target::{Clock, ModelTarget, Target, TargetError};
use simcom_conformance::transcript::Step;
use simcom_ftp_model::server::{Fault, Server};
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{Module, Profile};

// --- decode -------------------------------------------------------------------------------

/// An event in owned form, with data pieces merged so that feeds of different sizes compare.
#[derive(Debug, PartialEq, Eq)]
enum Owned {
    Event(String),
    Data(Vec<u8>),
}

/// Decodes `stream` as reads of the given sizes (cycled), each through `Decoder::events`.
/// Panics if the decoder stalls (leaves part of a read unfed).
fn events(stream: &[u8], capacity: usize, pieces: &[usize]) -> Vec<Owned> {
    let mut dec = Decoder::with_capacity(capacity);
    let mut out: Vec<Owned> = Vec::new();
    let mut rest = stream;
    let mut k = 0;
    while !rest.is_empty() {
        let (read, tail) = rest.split_at(pieces[k % pieces.len()].clamp(1, rest.len()));
        rest = tail;
        k += 1;
        let mut events = dec.events(read);
        while let Some(e) = events.next_event() {
            match e {
                Event::Data(d) => match out.last_mut() {
                    Some(Owned::Data(acc)) => acc.extend_from_slice(d),
                    _ => out.push(Owned::Data(d.to_vec())),
                },
                e => out.push(Owned::Event(format!("{e:?}"))),
            }
        }
        assert!(
            events.remaining().is_empty(),
            "the decoder stalled: {} bytes of a read left unfed",
            events.remaining().len()
        );
    }
    assert_eq!(dec.capacity(), capacity, "the decoder's memory grew");
    out
}

/// `decode`: arbitrary bytes through a decoder of arbitrary capacity, fed whole and in
/// arbitrary pieces: never a panic, never a stall, memory fixed, and the same events.
/// The first byte chooses the capacity (16–271 bytes) and the piece sizes.
pub fn decode(data: &[u8]) {
    let Some((&first, stream)) = data.split_first() else {
        return;
    };
    let capacity = MIN_CAPACITY + usize::from(first);
    let whole = events(stream, capacity, &[usize::MAX]);
    let sizes: Vec<usize> = (0..8)
        .map(|i| 1 + ((usize::from(first) >> i) & 7) * (i + 1))
        .collect();
    let split = events(stream, capacity, &sizes);
    assert_eq!(
        whole, split,
        "events differ between whole and split feeding"
    );
    let single = events(stream, capacity, &[1]);
    assert_eq!(
        whole, single,
        "events differ between whole and byte-at-a-time feeding"
    );
}

// --- command_parse --------------------------------------------------------------------------

/// `command_parse`: whatever host line parses re-encodes to a line that parses to the same
/// command.
pub fn command_parse(data: &[u8]) {
    if let Ok(c) = Command::parse(data) {
        let encoded = c.to_vec().unwrap_or_else(|e| {
            panic!(
                "{c:?} parsed from {:?} but does not encode: {e}",
                data.escape_ascii().to_string()
            )
        });
        assert_eq!(
            Command::parse(&encoded),
            Ok(c),
            "re-encoded as {:?}",
            encoded.escape_ascii().to_string()
        );
    }
}

// --- roundtrip ------------------------------------------------------------------------------

/// `roundtrip`: a command built by `arbitrary`. If it validates, it encodes to exactly
/// `encoded_len` bytes ending in CR, holding one command line, which parses back to it; if not,
/// every way of encoding it is refused and writes nothing.
pub fn roundtrip(c: Command<'_>) {
    let mut buf = vec![0xAAu8; Command::MAX_ENCODED_LEN + 8];
    match c.validate() {
        Ok(()) => {
            let n = c
                .encode(&mut buf)
                .unwrap_or_else(|e| panic!("{c:?} validates but does not encode: {e}"));
            assert_eq!(n, c.encoded_len());
            assert!(n <= Command::MAX_ENCODED_LEN);
            let line = &buf[..n];
            assert_eq!(line.last(), Some(&b'\r'));
            assert!(
                !line[..n - 1].iter().any(|&b| b == b'\r' || b == b'\n'),
                "a second line: {line:?}"
            );
            assert_eq!(Command::parse(line), Ok(c));
        }
        Err(_) => {
            assert!(c.encode(&mut buf).is_err());
            assert!(
                buf.iter().all(|&b| b == 0xAA),
                "a refused command wrote bytes"
            );
            assert!(c.to_vec().is_err());
        }
    }
}

/// [`roundtrip`] on the command `arbitrary` builds from `data`.
pub fn roundtrip_bytes(data: &[u8]) {
    if let Ok(c) = Command::arbitrary(&mut Unstructured::new(data)) {
        roundtrip(c);
    }
}

// --- etx ------------------------------------------------------------------------------------

/// `etx`: escaping then unescaping gives the payload back, for every byte string; the framed
/// form ends exactly at its ETX; unescaping arbitrary bytes never panics and stays in bounds.
pub fn etx(data: &[u8]) {
    let mut wire = vec![0u8; etx::escaped_len(data)];
    let (consumed, written) = etx::escape(data, &mut wire);
    assert_eq!((consumed, written), (data.len(), wire.len()));
    let out = etx::unescape_in_place(&mut wire);
    assert_eq!(
        (out.written, out.consumed, out.end),
        (data.len(), wire.len(), false)
    );
    assert_eq!(&wire[..out.written], data);

    let mut framed = etx::frame(data);
    framed.extend_from_slice(b"trailing");
    let out = etx::unescape_in_place(&mut framed);
    assert!(out.end);
    assert_eq!(out.consumed, etx::escaped_len(data) + 1);
    assert_eq!(&framed[..out.written], data);

    let mut raw = data.to_vec();
    let out = etx::unescape_in_place(&mut raw);
    let (want, consumed, end) = reference_unescape(data);
    assert_eq!(
        (out.written, out.consumed, out.end),
        (want.len(), consumed, end)
    );
    assert_eq!(&raw[..out.written], &want[..]);
}

/// The ETX/DLE rule of spec/README.md §7, written the plain way: DLE before DLE or ETX keeps
/// the second byte; DLE before any other byte keeps both; a bare ETX ends the data; a DLE in
/// the last position waits for more input. Returns (payload, bytes consumed, ended).
fn reference_unescape(input: &[u8]) -> (Vec<u8>, usize, bool) {
    let mut out = Vec::new();
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            etx::ETX => return (out, i + 1, true),
            etx::DLE => {
                let Some(&next) = input.get(i + 1) else { break };
                if next != etx::ETX && next != etx::DLE {
                    out.push(etx::DLE);
                }
                out.push(next);
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    (out, i, false)
}

// --- model ----------------------------------------------------------------------------------

/// Command lines the `model` target draws from (by index), so that sessions really run.
pub const LINES: &[&str] = &[
    "AT+FTPSERV=\"112.74.93.163\"",
    "AT+FTPUN=\"simcomtest\"",
    "AT+FTPPW=\"simcomtest\"",
    "AT+FTPPW=\"wrong\"",
    "AT+FTPGETNAME=\"simftp.txt\"",
    "AT+FTPGETNAME=\"bin.dat\"",
    "AT+FTPGETPATH=\"/\"",
    "AT+FTPPUTNAME=\"up.bin\"",
    "AT+FTPPUTPATH=\"/\"",
    "AT+FTPGET=1",
    "AT+FTPGET=2,1460",
    "AT+FTPGET=2,10",
    "AT+FTPLIST=1",
    "AT+FTPLIST=2,1460",
    "AT+FTPPUT=1",
    "AT+FTPPUT=2,100",
    "AT+FTPPUT=2,0",
    "AT+FTPETPUT=1",
    "AT+FTPETPUT=2",
    "AT+FTPETGET=1",
    "AT+FTPEXTGET=1",
    "AT+FTPEXTGET=3,0,100",
    "AT+FTPEXTGET=2,3,\"f.bin\"",
    "AT+FTPEXTPUT=1",
    "AT+FTPEXTPUT=2,0,100,1000",
    "AT+FTPEXTPUT=0",
    "AT+FTPDELE",
    "AT+FTPSIZE",
    "AT+FTPMKD",
    "AT+FTPRMD",
    "AT+FTPRENAME",
    "AT+FTPMDTM",
    "AT+FTPQUIT",
    "AT+FTPSTATE",
    "AT+FTPTOFSST",
    "AT+FTPREST=20",
    "AT+FTPMODE=1",
    "AT+FTPSSL=2,0,\"\",\"\"",
    "AT+CNACT=0,0",
    "AT+CNACT=0,1",
    "AT+CFUN=0",
    "AT+CFUN=1",
    "AT+CFSINIT",
    "AT+CFSWFILE=3,\"c.pem\",0,20,1000",
    "AT+CFSGFIS=3,\"c.pem\"",
    "AT+CFSDFILE=3,\"c.pem\"",
    "AT+CFUN=1,1",
    "AT+CMEE=2",
    "ATE0",
    "ATV0",
    "ATV1",
    "AT+CEREG?",
    "AT+CEREG=4",
    "AT+CGREG=2",
    "AT+CREG=1",
    "AT+CLTS=1",
    "AT+CSSLCFG=\"CONVERT\",2,\"c.pem\"",
    "AT+CSSLCFG=\"CONVERT\",1,\"c.pem\",\"c.pem\"",
    "AT+CSSLCFG=\"SSLVERSION\",0,3",
    "AT+CSSLCFG=\"CIPHERSUITE\",0,0,0xC02F",
    "AT+CSSLCFG=\"SNI\",0,\"example.com\"",
    "AT+CSSLCFG=\"CTXINDEX\",0",
    "AT+FTPSSL=2,0,\"c.pem\",\"\"",
];

/// A model with the note's world: context 0 active, the note's account and files.
pub fn model_sim() -> Sim {
    let mut server = Server::default();
    let digits: Vec<u8> = (0..1074).map(|i| b"0123456789"[i % 10]).collect();
    let _ = server.add_file("/simftp.txt", digits);
    let _ = server.add_file("/bin.dat", (0..=255u8).cycle().take(3000).collect());
    let mut module = Module::new(Profile::default());
    module.set_context_active(0, true);
    Sim::new(module, server)
}

/// The server faults `model` toggles (`3 f`: `FAULTS[f % 4]`), with their byte counts.
const FAULTS: [Fault; 4] = [
    Fault::RefuseConnections,
    Fault::DropAfter(500),
    Fault::StallAfter(200),
    Fault::Reset,
];

/// `model`: the bytes are a program of host actions — `0 i`: command line `LINES[i]`;
/// `1 n b…`: `n % 64` raw host bytes; `2 t`: let `t × 500 ms` pass; `3 f`: toggle a server
/// fault — run against the model and its server. After every action: no panic, no livelock,
/// bounded memory, at most one connection and none without a session, no deadline in the past.
pub fn model(data: &[u8]) {
    let mut sim = model_sim();
    let mut it = data.iter().copied();
    while let Some(op) = it.next() {
        let arg = it.next().unwrap_or(0);
        match op % 4 {
            0 => {
                let line = format!("{}\r", LINES[usize::from(arg) % LINES.len()]);
                sim.send(line.as_bytes()).expect("no livelock");
            }
            1 => {
                let bytes: Vec<u8> = it.by_ref().take(usize::from(arg % 64)).collect();
                sim.send(&bytes).expect("no livelock");
            }
            2 => {
                let t = sim.now() + Duration::from_millis(u64::from(arg) * 500);
                sim.advance_to(t).expect("no livelock");
            }
            _ => {
                let fault = FAULTS[usize::from(arg) % FAULTS.len()];
                sim.server.faults_mut().toggle(fault);
            }
        }
        let out = sim.take_output();
        assert!(
            out.len() <= 1 << 20,
            "one action printed {} bytes",
            out.len()
        );
        let m = &sim.module;
        let p = m.profile();
        let bound = p.rx_buffer + p.extget_ram_capacity + p.extput_ram_capacity + 128 * 1024;
        assert!(
            m.buffered() <= bound,
            "the model holds {} bytes",
            m.buffered()
        );
        let open = sim.server.open_connections();
        assert!(open <= 1, "{open} connections");
        if !m.session_active() {
            assert_eq!(open, 0, "a connection outlived its session");
        }
        if let Some(t) = sim.next_deadline() {
            assert!(t >= sim.now(), "a deadline in the past");
        }
    }
    // Every timer runs out: the model comes to rest.
    let t = sim.now() + Duration::from_secs(600);
    sim.advance_to(t).expect("no livelock");
    assert!(!sim.module.session_active() || sim.server.open_connections() <= 1);
}

// --- seeds ----------------------------------------------------------------------------------

/// A target that records every byte written and read.
struct Tap {
    inner: ModelTarget,
    written: Vec<Vec<u8>>,
    read: Vec<u8>,
}

impl Target for Tap {
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
        self.written.push(bytes.to_vec());
        self.inner.write(bytes)
    }
    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
        let b = self.inner.read_until(deadline)?;
        self.read.extend_from_slice(&b);
        Ok(b)
    }
    fn now(&self) -> Duration {
        self.inner.now()
    }
    fn clock(&self) -> Clock {
        Clock::Virtual
    }

    fn describe(&self) -> String {
        "tap".into()
    }
}

/// The conformance corpus.
pub fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance")
}

/// Seed inputs for every target, generated from the conformance transcripts replayed against
/// the model: the module's output (decode), the host's lines (command_parse, roundtrip), the
/// data payloads (etx), and the host's writes as a `model` program; and the raw captures of
/// `conformance/captures/` (decode).
pub fn seeds() -> BTreeMap<&'static str, Vec<Vec<u8>>> {
    let mut s: BTreeMap<&'static str, Vec<Vec<u8>>> = BTreeMap::new();
    let entries =
        simcom_conformance::transcript::corpus::find(&[corpus_root()]).unwrap_or_default();
    for e in entries {
        let Ok(t) = simcom_conformance::transcript::corpus::load(&e.path, &BTreeMap::new()) else {
            continue;
        };
        let Ok(sim) = simcom_conformance::transcript::world::sim(&t) else {
            continue;
        };
        let mut tap = Tap {
            inner: ModelTarget::new(sim),
            written: Vec::new(),
            read: Vec::new(),
        };
        let _ = replay(&t, &mut tap);
        // Module output in pieces of at most 4 KiB (small inputs keep libFuzzer fast).
        for (i, piece) in tap.read.chunks(4096).take(8).enumerate() {
            let mut decode_seed = vec![0xF0 ^ (i as u8)];
            decode_seed.extend_from_slice(piece);
            s.entry("decode").or_default().push(decode_seed);
        }
        let mut program = Vec::new();
        for w in &tap.written {
            for piece in w.chunks(63) {
                program.push(1);
                program.push(u8::try_from(piece.len()).unwrap_or(63));
                program.extend_from_slice(piece);
            }
            program.extend_from_slice(&[2, 1]);
        }
        s.entry("model").or_default().push(program);
        for step in &t.steps {
            match step {
                Step::Send(l) => {
                    s.entry("command_parse")
                        .or_default()
                        .push(format!("{l}\r").into_bytes());
                    s.entry("roundtrip")
                        .or_default()
                        .push(l.as_bytes().to_vec());
                }
                Step::SendData(b) | Step::ExpectData(b) if b.len() <= 4096 => {
                    s.entry("etx").or_default().push(b.bytes());
                }
                _ => {}
            }
        }
    }
    // Raw captures of module output (`conformance/captures/*.cap`: power-up, registration and
    // network-time lines, both `*PSUTTZ` forms).
    if let Ok(rd) = std::fs::read_dir(corpus_root().join("captures")) {
        for e in rd.flatten() {
            if e.path().extension().is_some_and(|x| x == "cap")
                && let Ok(b) = std::fs::read(e.path())
            {
                for (i, piece) in b.chunks(4096).take(8).enumerate() {
                    let mut decode_seed = vec![0xE0 ^ (i as u8)];
                    decode_seed.extend_from_slice(piece);
                    s.entry("decode").or_default().push(decode_seed);
                }
            }
        }
    }
    for v in s.values_mut() {
        v.sort();
        v.dedup();
    }
    s
}

/// Regression inputs found by fuzzing: `regressions/<target>/*`.
pub fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    inputs("regressions", target)
}

/// The minimised corpus the long fuzz job keeps (`long.sh`): `minimised/<target>/*`.
pub fn minimised(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    inputs("minimised", target)
}

/// The files of `<folder>/<target>/`, sorted.
fn inputs(folder: &str, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(folder)
        .join(target);
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(&dir) {
        for e in rd.flatten() {
            if let Ok(b) = std::fs::read(e.path()) {
                out.push((e.path(), b));
            }
        }
    }
    out.sort();
    out
}

/// The check of a target by name.
pub fn check(target: &str) -> fn(&[u8]) {
    match target {
        "decode" => decode,
        "command_parse" => command_parse,
        "roundtrip" => roundtrip_bytes,
        "etx" => etx,
        "model" => model,
        _ => panic!("unknown target {target}"),
    }
}

/// The targets.
pub const TARGETS: &[&str] = &["decode", "command_parse", "roundtrip", "etx", "model"];

#[cfg(test)]
mod tests {
    use super::*;

    /// The CI smoke check: every seed generated from the corpus, every regression input and
    /// every input of the minimised corpus passes its target's check.
    #[test]
    fn seeds_and_regressions_pass_the_checks() {
        let seeds = seeds();
        for target in TARGETS {
            let check = check(target);
            let s = seeds.get(target).map_or(&[][..], Vec::as_slice);
            assert!(
                !s.is_empty(),
                "no seeds for {target}: is conformance/ there?"
            );
            for input in s {
                check(input);
            }
            for (path, input) in regressions(target) {
                eprintln!("{target}: {}", path.display());
                check(&input);
            }
            // The long runs' minimised corpus: what a 10-minute run reached, replayed here in
            // every CI run.
            let kept = minimised(target);
            eprintln!("{target}: {} minimised inputs", kept.len());
            for (_, input) in kept {
                check(&input);
            }
        }
    }

    #[test]
    fn the_checks_catch_what_they_claim() {
        // A decode check that could not fail would prove nothing: the event lists it
        // compares really differ for different input.
        assert_ne!(
            events(b"\r\nOK\r\n", 64, &[1]),
            events(b"\r\nERROR\r\n", 64, &[1])
        );
        // A data block split across feeds is merged.
        let s = b"\r\n+FTPGET: 2,4\r\nab\r\n\r\nOK\r\n";
        assert_eq!(events(s, 16, &[1]), events(s, 64, &[usize::MAX]));
    }
}

//! Transcripts nobody on the team wrote: generated ones, replayed against the model.
//!
//! - Any transcript the format admits replays to a verdict: no panic, no hang, virtual time
//!   bounded, and a failure names one of the transcript's own steps.
//! - `record` is faithful: what it records from a transcript, rendered back to YAML, replays
//!   green against the same world (the baseline a QA team takes for a new firmware release
//!   must pass against that release).
//! - Text that is not a transcript (corpus files cut short or with bytes changed) is refused
//!   with an error, never a panic.
//!
//! `PROPTEST_CASES` sets the number of cases (default 64 here).

use std::time::Duration;

use proptest::prelude::*;
use simcom_conformance::replay::{record, replay};
use simcom_conformance::target::ModelTarget;
use simcom_conformance::transcript::world;
use simcom_conformance::transcript::{Step, Transcript, render};

const SENDS: &[&str] = &[
    "AT",
    "ATE0",
    "ATE1",
    "AT+CMEE=2",
    "AT+CMEE=0",
    "AT+CNACT=0,1",
    "AT+CNACT=0,0",
    "AT+FTPCID=0",
    "AT+FTPSERV=\"1.2.3.4\"",
    "AT+FTPUN=\"simcomtest\"",
    "AT+FTPPW=\"simcomtest\"",
    "AT+FTPPW=\"wrong\"",
    "AT+FTPGETNAME=\"f.bin\"",
    "AT+FTPGETPATH=\"/\"",
    "AT+FTPPUTNAME=\"u.bin\"",
    "AT+FTPPUTPATH=\"/\"",
    "AT+FTPREST=10",
    "AT+FTPGET=1",
    "AT+FTPGET=2,1460",
    "AT+FTPGET=2,100",
    "AT+FTPPUT=1",
    "AT+FTPPUT=2,64",
    "AT+FTPPUT=2,0",
    "AT+FTPLIST=1",
    "AT+FTPLIST=2,1024",
    "AT+FTPEXTGET=1",
    "AT+FTPEXTGET?",
    "AT+FTPEXTGET=3,0,100",
    "AT+FTPEXTGET=0",
    "AT+FTPEXTGET=2,3,\"x.bin\"",
    "AT+FTPTOFSST",
    "AT+FTPEXTPUT=1",
    "AT+FTPEXTPUT=2,0,64,2000",
    "AT+FTPEXTPUT=0",
    "AT+FTPETPUT=1",
    "AT+FTPETPUT=2",
    "AT+FTPETGET=1",
    "AT+FTPSIZE",
    "AT+FTPDELE",
    "AT+FTPQUIT",
    "AT+FTPSTATE",
    "AT+CFSINIT",
    "AT+CFSWFILE=3,\"a.txt\",0,16,2000",
    "AT+CFSTERM",
];

const SETUP: &[&str] = &[
    "AT+FTPCID=0",
    "AT+FTPSERV=\"1.2.3.4\"",
    "AT+FTPUN=\"simcomtest\"",
    "AT+FTPPW=\"simcomtest\"",
    "AT+FTPGETNAME=\"f.bin\"",
    "AT+FTPGETPATH=\"/\"",
    "AT+FTPPUTNAME=\"u.bin\"",
    "AT+FTPPUTPATH=\"/\"",
];

const LINES: &[&str] = &[
    "OK",
    "ERROR",
    "DOWNLOAD",
    "+FTPGET: 1,1",
    "+FTPGET: 1,0",
    "+FTPPUT: 1,1,1360",
    "+FTPPUT: 1,0",
    "+FTPLIST: 1,0",
    "+FTPETPUT: 2,1",
];

/// A YAML scalar in double quotes (the vocabulary has quotes, no backslashes or control bytes).
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\\\""))
}

fn bytes_yaml() -> impl Strategy<Value = String> {
    prop_oneof![
        (0usize..200).prop_map(|n| format!("{{ size: {n}, pattern: digits }}")),
        (0usize..300).prop_map(|n| format!("{{ size: {n}, pattern: all-bytes }}")),
        (0usize..100, any::<u64>()).prop_map(|(n, s)| format!("{{ size: {n}, seed: {s} }}")),
        Just("\"a\\x03b\\x10c\\r\\n\"".to_string()),
    ]
}

fn step_yaml() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(SENDS).prop_map(|s| format!("send: {}", quoted(s))),
        4 => proptest::sample::select(LINES).prop_map(|l| format!("expect: {}", quoted(l))),
        1 => Just("expect_re: '^\\+FTP[A-Z]+: '".to_string()),
        1 => Just("expect_any_order: [OK, \"+FTPGET: 1,1\"]".to_string()),
        2 => bytes_yaml().prop_map(|b| format!("expect_data: {b}")),
        // send_data in a data phase the host opens (the format refuses it outside one).
        2 => (
            proptest::sample::select(&[
                "AT+FTPPUT=2,100",
                "AT+FTPETPUT=2",
                "AT+FTPEXTPUT=2,0,100,5000",
                "AT+CFSWFILE=3,\"g.bin\",0,100,5000",
            ][..]),
            bytes_yaml(),
        )
            .prop_map(|(o, b)| format!("send: {}\n  - send_data: {b}", quoted(o))),
        1 => Just("send_raw: \"AT\\r\\n\"".to_string()),
        1 => (0usize..3000).prop_map(|n| format!(
            "drain: {{ read: \"AT+FTPGET=2,1460\", data: {{ size: {n}, seed: 5 }}, until: \"+FTPGET: 1,0\" }}"
        )),
        1 => Just(
            "drain: { read: \"AT+FTPLIST=2,1024\", data: \"\", until: \"+FTPLIST: 1,0\" }"
                .to_string()
        ),
        2 => (0u64..120_000).prop_map(|ms| format!("wait: {ms}ms")),
        1 => Just("comment: generated".to_string()),
    ]
}

/// A whole transcript: a world, a short timeout (so that cases run fast) and the steps.
fn transcript_yaml() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        0usize..3000,
        1usize..1500,
        1u64..30,
        proptest::collection::vec(step_yaml(), 1..40),
    )
        .prop_map(|(active, size, piece, timeout, steps)| {
            // Most cases start as the note does (every parameter set), so that sessions open
            // and data flows; the rest start from the module's defaults.
            let setup = size % 4 != 0;
            let mut y = format!(
                "title: generated\nsource: tests/robustness.rs\ntimeout: {timeout}s\n\
                 world:\n  bearer: {}\n  server:\n    pieces: [{piece}]\n    files:\n      \
                 /f.bin: {{ size: {size}, seed: 9 }}\nsteps:\n",
                if active { "active" } else { "inactive" }
            );
            if setup {
                for line in SETUP {
                    y.push_str(&format!("  - send: {}\n  - expect: OK\n", quoted(line)));
                }
            }
            for s in steps {
                y.push_str("  - ");
                y.push_str(&s);
                y.push('\n');
            }
            y
        })
}

fn model(t: &Transcript) -> ModelTarget {
    ModelTarget::new(world::sim(t).expect("the generated world is valid"))
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_transcript_replays_to_a_verdict(yaml in transcript_yaml()) {
        let t = Transcript::parse(&yaml, &Default::default()).expect("generated YAML parses");
        let outcome = replay(&t, &mut model(&t));
        // Every step waits at most `timeout` per item, a wait at most 120 s, a drain at most
        // one timeout per piece of a 3000-byte file: far below a virtual day.
        prop_assert!(outcome.elapsed < Duration::from_secs(86_400), "{:?}", outcome.elapsed);
        if let Some(f) = &outcome.failure {
            prop_assert!(f.step >= 1 && f.step <= t.steps.len(), "step {} of {}", f.step, t.steps.len());
            prop_assert!(!f.to_string().is_empty());
        }
    }

    #[test]
    fn what_record_writes_replays_green(yaml in transcript_yaml()) {
        let t = Transcript::parse(&yaml, &Default::default()).expect("generated YAML parses");
        let (mut steps, _) = record(&t, &mut model(&t));
        // A drain that could not finish is recorded as such (the drain, then a comment) and
        // fails again on replay, as it should: the recording is compared up to that drain.
        if let Some(i) = steps.iter().position(
            |s| matches!(s, Step::Comment(c) if c.starts_with("drain did not finish")),
        ) {
            steps.truncate(i - 1);
        }
        if steps.is_empty() {
            // Nothing before the drain: no transcript to write (the format wants a step).
            return Ok(());
        }
        let text = render(&yaml, &t, &steps);
        let again = Transcript::parse(&text, &Default::default())
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let outcome = replay(&again, &mut model(&again));
        prop_assert!(outcome.passed(), "{}\n{text}", outcome.failure.unwrap());
    }

    #[test]
    fn damaged_corpus_text_is_refused_or_replayed_never_a_panic(
        pick in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let files = corpus();
        let text = &files[pick.index(files.len())];
        let mut bytes = text.as_bytes().to_vec();
        bytes.truncate(cut.index(bytes.len() + 1).max(bytes.len() / 2));
        if !bytes.is_empty() {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let damaged = String::from_utf8_lossy(&bytes);
        if let Ok(t) = Transcript::parse(&damaged, &Default::default()) {
            // A world the damage made too big is refused by world::sim, not built.
            if let Ok(sim) = world::sim(&t) {
                let _ = replay(&t, &mut ModelTarget::new(sim));
            }
        }
    }
}

fn corpus() -> &'static [String] {
    use std::sync::OnceLock;
    static FILES: OnceLock<Vec<String>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../conformance");
        let out: Vec<String> = simcom_conformance::transcript::corpus::find(&[root.into()])
            .unwrap()
            .iter()
            .map(|e| std::fs::read_to_string(&e.path).unwrap())
            .collect();
        assert!(out.len() > 100, "the corpus is there");
        out
    })
}

/// Where nothing came while recording, the recording waits as long as the recording did: the
/// module's silent progress (an FTPEXTGET download into RAM) depends on it.
#[test]
fn a_silent_stretch_is_recorded_as_a_wait() {
    let yaml = include_str!("transcripts/silent-progress.yaml");
    let t = Transcript::parse(yaml, &Default::default()).unwrap();
    let (steps, _) = record(&t, &mut model(&t));
    let at = steps
        .iter()
        .position(|s| *s == Step::Wait(Duration::from_secs(2)))
        .expect("a wait where nothing came");
    assert!(matches!(&steps[at - 1], Step::Comment(c) if c == "nothing came within 2s"));
    // About 2 s of 100 ms pieces of 1000 bytes have arrived when the query is sent.
    let progress = steps
        .iter()
        .find_map(|s| match s {
            Step::Expect(l) => l.strip_prefix("+FTPEXTGET: 1,"),
            _ => None,
        })
        .expect("the progress line");
    let n: u32 = progress.parse().unwrap();
    assert!((18_000..=21_000).contains(&n), "{n}");
    let text = render(yaml, &t, &steps);
    let again = Transcript::parse(&text, &Default::default()).unwrap();
    let outcome = replay(&again, &mut model(&again));
    assert!(outcome.passed(), "{}\n{text}", outcome.failure.unwrap());
}

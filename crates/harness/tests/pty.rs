//! The serial target tested for real: every transcript of `conformance/` runs against the model
//! behind a pseudo-terminal, through the `serial` target (serialport, real time), and its
//! result must equal the `model` target's (both pass, or both fail at the same step).
//!
//! Transcripts run in parallel (they mostly sleep: real time), so the whole corpus takes about
//! as long as its longest transcript.

mod common;

use std::path::PathBuf;
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};
use simcom_conformance::replay::replay;
use simcom_conformance::serve::VirtualModule;
use simcom_conformance::target::{ModelTarget, SerialConfig, SerialTarget};
use simcom_conformance::transcript::corpus::{self, load};
use simcom_conformance::transcript::world;

fn round_trip(path: &std::path::Path) -> Result<(), Failed> {
    let t = load(path, &Default::default())?;
    let model = replay(&t, &mut ModelTarget::new(world::sim(&t)?));
    let live = common::replay_on_pty(world::sim(&t)?, &t)?;
    let step = |o: &simcom_conformance::replay::Outcome| o.failure.as_ref().map(|f| f.step);
    if step(&model) == step(&live) {
        Ok(())
    } else {
        let show = |o: &simcom_conformance::replay::Outcome| match &o.failure {
            None => "passed".to_string(),
            Some(f) => f.to_string(),
        };
        Err(format!("model: {}\nserial (pty): {}", show(&model), show(&live)).into())
    }
}

/// A module that vanishes (the pseudo-terminal closes under the harness) is a clear error
/// within the read's bound, not a hang and not silence.
fn vanished_port() -> Result<(), Failed> {
    use simcom_conformance::target::Target;
    use std::time::Duration;
    let t = simcom_conformance::transcript::Transcript::parse(
        "title: t\nsource: s\nsteps: []\n",
        &Default::default(),
    )?;
    let vm = VirtualModule::start(world::sim(&t)?)?;
    let mut serial = SerialTarget::open(&SerialConfig::new(vm.path().to_string_lossy()))?;
    serial.write(b"AT\r")?;
    let first = serial.read_until(serial.now() + Duration::from_secs(5))?;
    if first.is_empty() {
        return Err("the virtual module did not answer AT".into());
    }
    vm.stop()?;
    let start = std::time::Instant::now();
    let mut outcome: Result<Vec<u8>, simcom_conformance::target::TargetError> = Ok(Vec::new());
    while start.elapsed() < Duration::from_secs(5) {
        outcome = serial
            .read_until(serial.now() + Duration::from_millis(200))
            .and_then(|_| serial.write(b"AT\r").map(|_| Vec::new()));
        if outcome.is_err() {
            break;
        }
    }
    match outcome {
        Err(e) if start.elapsed() < Duration::from_secs(5) => {
            eprintln!("reported: {e}");
            Ok(())
        }
        Err(e) => Err(format!("reported only after {:?}: {e}", start.elapsed()).into()),
        Ok(_) => Err("no error after the port vanished".into()),
    }
}

/// A host that writes the LF of `AT+FTPPUT=2,10\r\n` a few milliseconds after the CR (a
/// separate write, or a pseudo-terminal splitting the two): the LF is still the line end,
/// not the first of the 10 data bytes (spec decision 41), so the upload is exact.
const SPLIT_LINE_END: &str = r#"
title: CR and LF of a data-phase command line in separate writes
source: tests/pty.rs (decision 41)
world:
  bearer: active
steps:
  - send: ATE0
  - expect: OK
  - send: AT+FTPCID=0
  - expect: OK
  - send: AT+FTPSERV="1.2.3.4"
  - expect: OK
  - send: AT+FTPUN="simcomtest"
  - expect: OK
  - send: AT+FTPPW="simcomtest"
  - expect: OK
  - send: AT+FTPPUTNAME="up.txt"
  - expect: OK
  - send: AT+FTPPUTPATH="/"
  - expect: OK
  - send: AT+FTPPUT=1
  - expect: OK
  - expect: "+FTPPUT: 1,1,1360"
  - send_raw: "AT+FTPPUT=2,10\r"
  - wait: 5ms
  - send_raw: "\n"
  - expect: "+FTPPUT: 2,10"
  - send_data: "0123456789"
  - expect: OK
  - expect: "+FTPPUT: 1,1,1360"
  - send: AT+FTPPUT=2,0
  - expect: OK
  - expect: "+FTPPUT: 1,0"
  - send: AT+FTPGETNAME="up.txt"
  - expect: OK
  - send: AT+FTPGETPATH="/"
  - expect: OK
  - send: AT+FTPGET=1
  - expect: OK
  - expect: "+FTPGET: 1,1"
  - drain: { read: "AT+FTPGET=2,1460", data: "0123456789", until: "+FTPGET: 1,0" }
"#;

fn split_line_end() -> Result<(), Failed> {
    let t = simcom_conformance::transcript::Transcript::parse(SPLIT_LINE_END, &Default::default())?;
    let live = common::replay_on_pty(world::sim(&t)?, &t)?;
    match live.failure {
        None => Ok(()),
        Some(f) => Err(f.to_string().into()),
    }
}

fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    if args.test_threads.is_none() {
        args.test_threads = Some(32);
    }
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../conformance"));
    let entries = match corpus::find(&[root]) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let trials = entries
        .into_iter()
        .map(|e| {
            let skip = load(&e.path, &Default::default())
                .ok()
                .and_then(|t| t.skip)
                .is_some();
            let path = e.path.clone();
            Trial::test(e.name, move || round_trip(&path)).with_ignored_flag(skip)
        })
        .chain([
            Trial::test("serial-target/vanished-port", vanished_port),
            Trial::test("virtual-module/split-line-end", split_line_end),
        ])
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

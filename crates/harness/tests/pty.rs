//! The serial target tested for real: every transcript of `conformance/` runs against the model
//! behind a pseudo-terminal, through the `serial` target (serialport, real time), and its
//! result must equal the `model` target's (both pass, or both fail at the same step).
//!
//! Transcripts run in parallel (they mostly sleep: real time), so the whole corpus takes about
//! as long as its longest transcript.

use std::path::PathBuf;
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};
use simcom_conformance::pty::VirtualModule;
use simcom_conformance::replay::replay;
use simcom_conformance::runner::load;
use simcom_conformance::serial::{SerialConfig, SerialTarget};
use simcom_conformance::target::ModelTarget;
use simcom_conformance::{corpus, world};

fn round_trip(path: &std::path::Path) -> Result<(), Failed> {
    let t = load(path, &Default::default())?;
    let model = replay(&t, &mut ModelTarget::new(world::sim(&t)?));
    let vm = VirtualModule::start(world::sim(&t)?)?;
    let mut serial = SerialTarget::open(&SerialConfig::new(vm.path().to_string_lossy()))?;
    let live = replay(&t, &mut serial);
    drop(serial);
    vm.stop()?;
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
        .chain([Trial::test("serial-target/vanished-port", vanished_port)])
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

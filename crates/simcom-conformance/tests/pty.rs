//! The serial target tested for real: every transcript of `conformance/` runs against the model
//! behind a pseudo-terminal, through the `serial` target (serialport, real time), and its
//! result must equal the `model` target's (both pass, or both fail at the same step).
//!
//! Transcripts run in parallel (they mostly sleep: real time), so the whole corpus takes about
//! as long as its longest transcript.

mod common;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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
    let t = simcom_conformance::transcript::Transcript::parse(
        "title: t\nsource: s\nsteps: [{ send: AT }]\n",
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

/// A module that stops reading: a write larger than the port's free buffer fails within
/// `--write-timeout`, and the report says how much of the step got through (it used to be one
/// blocking write() that hung the run until it was killed).
fn module_stops_reading() -> Result<(), Failed> {
    use nix::sys::termios::{SetArg, cfmakeraw, tcgetattr, tcsetattr};
    use std::os::fd::{AsFd, AsRawFd};
    // A "module" that never reads: the master end stays open, unread.
    let pty = nix::pty::openpty(None, None)?;
    let mut attrs = tcgetattr(pty.slave.as_fd())?;
    cfmakeraw(&mut attrs);
    tcsetattr(pty.slave.as_fd(), SetArg::TCSANOW, &attrs)?;
    let path = std::fs::read_link(format!("/proc/self/fd/{}", pty.slave.as_raw_fd()))?;
    let file = common::scratch(
        "stops-reading.yaml",
        "title: a 1 MiB raw write to a module that reads nothing\nsource: tests/pty.rs\nsteps:\n  - send_raw: { size: 1048576, pattern: digits }\n  - expect: OK\n",
    );
    let target = format!("serial:{}", path.display());
    let start = std::time::Instant::now();
    let out = common::run_bounded(
        &[
            "run",
            "--target",
            &target,
            "--write-timeout",
            "1",
            // Not a module: the transcript's own write is what blocks.
            "--no-provision",
            &file.to_string_lossy(),
        ],
        Duration::from_secs(30),
    )?;
    let text = common::text(&out);
    if out.status.code() != Some(1) {
        return Err(format!("exit {:?}, want 1:\n{text}", out.status.code()).into());
    }
    for want in ["of 1048576 bytes got through", "was blocked for", "step 1"] {
        if !text.contains(want) {
            return Err(format!("no {want:?} in:\n{text}").into());
        }
    }
    if start.elapsed() > Duration::from_secs(10) {
        return Err(format!("took {:?} with --write-timeout 1", start.elapsed()).into());
    }
    drop(pty);
    Ok(())
}

/// CPU time (user + system, in clock ticks) that process `pid` has used.
fn cpu_ticks(pid: u32) -> Result<u64, Failed> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name (which is in parentheses): utime and stime are the 12th
    // and 13th of them.
    let after = stat.rsplit_once(") ").ok_or("no command name")?.1;
    let f: Vec<&str> = after.split(' ').collect();
    Ok(f[11].parse::<u64>()? + f[12].parse::<u64>()?)
}

/// Opens the virtual module's terminal as a client would, non-blocking.
fn client(path: &str) -> Result<std::fs::File, Failed> {
    use std::os::unix::fs::OpenOptionsExt;
    Ok(std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(nix::libc::O_NOCTTY | nix::libc::O_NONBLOCK)
        .open(path)?)
}

/// Everything readable from `f` within `within`.
fn read_for(f: &mut std::fs::File, within: Duration) -> Vec<u8> {
    use std::io::Read;
    let start = std::time::Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while start.elapsed() < within {
        match f.read(&mut buf) {
            Ok(n) if n > 0 => got.extend_from_slice(&buf[..n]),
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    got
}

/// A world that starts at power-up (`world.power_up`): the first client to open the port
/// gets the boot lines (`RDY`, `+CFUN: 1`, `+CPIN: READY`, AT manual V1.02 §21.3) a moment
/// after it opened it, as a host that opens the port and then powers the module on; a client
/// that comes later gets a fresh line, not a second boot.
fn power_up_lines_reach_the_first_client() -> Result<(), Failed> {
    use std::io::Write;
    let world = common::scratch(
        "power-up.yaml",
        "title: t\nsource: s\nworld: { power_up: true }\nsteps: []\n",
    );
    let (_server, path) = common::serve_pty(&["--world", world.to_str().ok_or("path")?])?;
    let mut first = client(&path)?;
    let got = read_for(&mut first, Duration::from_secs(2));
    if got != b"\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n" {
        return Err(format!("the first client got {:?}", got.escape_ascii().to_string()).into());
    }
    drop(first);
    std::thread::sleep(Duration::from_millis(200));
    let mut second = client(&path)?;
    second.write_all(b"AT\r")?;
    let got = read_for(&mut second, Duration::from_secs(1));
    if got != b"AT\r\r\nOK\r\n" {
        return Err(format!("the second client got {:?}", got.escape_ascii().to_string()).into());
    }
    Ok(())
}

/// A client that writes and never reads fills the server's pending output; the server then
/// waits (it used to spin at 100% CPU, and kept spinning after the client closed). The next
/// client gets a fresh line: none of the first client's output, none of its queued or
/// half-typed commands (its first `AT` used to get `ERROR`).
fn client_never_reads() -> Result<(), Failed> {
    use std::io::Write;
    let (server, path) = common::serve_pty(&[])?;
    let pid = server.0.id();
    let mut first = client(&path)?;
    // Write `AT` lines until the terminal takes no more for half a second: the server has
    // stopped reading because its pending output is full.
    let mut stalled = std::time::Instant::now();
    let lines = b"AT\r".repeat(1024);
    while stalled.elapsed() < Duration::from_millis(500) {
        match first.write(&lines) {
            Ok(n) if n > 0 => stalled = std::time::Instant::now(),
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    // A command line left half-typed.
    let _ = first.write(b"AT+FTPPO");
    std::thread::sleep(Duration::from_millis(200));
    let idle = |what: &str| -> Result<(), Failed> {
        let t0 = cpu_ticks(pid)?;
        std::thread::sleep(Duration::from_secs(1));
        let used = cpu_ticks(pid)? - t0;
        // Spinning costs about 100 ticks a second; waiting costs none.
        if used > 30 {
            return Err(format!("serve --pty used {used} ticks in 1 s {what}").into());
        }
        Ok(())
    };
    idle("with a client that does not read")?;
    drop(first);
    std::thread::sleep(Duration::from_millis(200));
    idle("after that client closed")?;
    let mut second = client(&path)?;
    second.write_all(b"AT\r")?;
    let got = read_for(&mut second, Duration::from_millis(500));
    if got != b"AT\r\r\nOK\r\n" {
        return Err(format!(
            "a new client's AT got {:?}, want the echo and OK",
            String::from_utf8_lossy(&got[..got.len().min(200)])
        )
        .into());
    }
    Ok(())
}

/// A host that writes the LF of `AT+FTPPUT=2,10\r\n` a few milliseconds after the CR (a
/// separate write, or a pseudo-terminal splitting the two): the LF is still the line end,
/// not the first of the 10 data bytes (spec decision 41), so the upload is exact.
const SPLIT_LINE_END: &str = include_str!("transcripts/split-line-end.yaml");

fn split_line_end() -> Result<(), Failed> {
    let t = simcom_conformance::transcript::Transcript::parse(SPLIT_LINE_END, &Default::default())?;
    let live = common::replay_on_pty(world::sim(&t)?, &t)?;
    match live.failure {
        None => Ok(()),
        Some(f) => Err(f.to_string().into()),
    }
}

/// A host program written for a real SIM7070G/SIM7080G (`tests/hosts/sim7080_ftps_get.py`,
/// Python with pyserial: identification with AT+GMR, AT+CEREG? polling while the module
/// searches, the bearer, an SSL context set up with AT+CFSWFILE and AT+CSSLCFG (the CA the
/// server's certificate chains to), then an explicit-FTPS GET read in 1024-byte pieces), run
/// unchanged against `serve --pty`: it must finish and the file it wrote must be exactly the
/// server's 70,000 bytes (every byte value).
fn host_program_sim7080_ftps_get() -> Result<(), Failed> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests");
    let world = format!("{dir}/transcripts/host-sim7080-ftps.yaml");
    let (_vm, path) = common::serve_pty(&["--world", &world])?;
    let scratch = std::env::temp_dir().join(format!("simcom-host-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let out = scratch.join("update.bin");
    // The CA the world's server certificate chains to, as the program's CA file.
    let t = corpus::load_world(std::path::Path::new(&world), &Default::default())?;
    let ca = scratch.join("ca.crt");
    std::fs::write(
        &ca,
        t.world.server.ca.ok_or("the world names no CA")?.bytes(),
    )?;
    let o = common::run_program_bounded(
        std::process::Command::new("python3").args([
            &format!("{dir}/hosts/sim7080_ftps_get.py"),
            &path,
            "--server",
            "ftp.example.com",
            "--user",
            "simcomtest",
            "--password",
            "simcomtest",
            "--path",
            "/fw",
            "--name",
            "update.bin",
            "--ca",
            ca.to_str().ok_or("scratch path")?,
            "--out",
            out.to_str().ok_or("scratch path")?,
        ]),
        Duration::from_secs(120),
    )?;
    if !o.status.success() {
        return Err(format!("the host program failed:\n{}", common::text(&o)).into());
    }
    let said = common::text(&o);
    for line in [
        "module SIMCOM_SIM7080, firmware 1951B10SIM7080",
        "registered (stat 1)",
        "downloaded 70000 bytes",
    ] {
        if !said.contains(line) {
            return Err(format!("the host program did not say {line:?}:\n{said}").into());
        }
    }
    let got = std::fs::read(&out)?;
    let want: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    if got != want {
        return Err(format!("the host program got {} bytes, not the server's", got.len()).into());
    }
    Ok(())
}

/// `serve --pty --latency 1s`: the in-memory server takes a second for each request (log in,
/// RETR, each read), and the flag replaces the world's own `world.server.latency` (5 s here):
/// the first `+FTPGET: 1,1` comes no sooner than one latency after AT+FTPGET=1 and well before
/// one of the world's.
fn latency_flag() -> Result<(), Failed> {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("simcom-serve-latency-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let world = dir.join("world.yaml");
    std::fs::write(
        &world,
        "world: { bearer: active, server: { latency: 5s, files: { /a.txt: hello } } }\n",
    )?;
    let world_arg = world.to_string_lossy().into_owned();
    let served = common::serve_pty(&["--latency", "1s", "--world", &world_arg]);
    let _ = std::fs::remove_dir_all(&dir);
    let (_server, path) = served?;
    let mut host = client(&path)?;
    host.write_all(
        b"ATE0\rAT+FTPSERV=\"192.0.2.10\"\rAT+FTPUN=\"simcomtest\"\rAT+FTPPW=\"simcomtest\"\r\
          AT+FTPGETNAME=\"a.txt\"\rAT+FTPGETPATH=\"/\"\r",
    )?;
    let setup = read_for(&mut host, Duration::from_millis(500));
    if setup.windows(4).filter(|w| w == b"OK\r\n").count() != 6 {
        return Err(format!("setup: {:?}", String::from_utf8_lossy(&setup)).into());
    }
    host.write_all(b"AT+FTPGET=1\r")?;
    let start = std::time::Instant::now();
    let mut got = Vec::new();
    while !String::from_utf8_lossy(&got).contains("+FTPGET: 1,1") {
        if start.elapsed() > Duration::from_secs(12) {
            return Err(format!(
                "no +FTPGET: 1,1 in 12 s: {:?}",
                String::from_utf8_lossy(&got)
            )
            .into());
        }
        got.extend(read_for(&mut host, Duration::from_millis(20)));
    }
    let took = start.elapsed();
    if took < Duration::from_secs(1) || took >= Duration::from_secs(5) {
        return Err(format!("+FTPGET: 1,1 after {took:?}, want 1 s or more and under 5 s").into());
    }
    Ok(())
}

/// Whether the host programs can run here: python3 with pyserial. `.ci/run` installs it and
/// sets SIMCOM_HOST_PROGRAMS=1, which makes a missing pyserial a failure instead of a skip.
fn host_programs_skipped() -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import serial"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var_os("SIMCOM_HOST_PROGRAMS").is_none() {
        eprintln!(
            "host-program trials ignored: python3 with pyserial is missing (pip install pyserial==3.5)"
        );
        return true;
    }
    false
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
            Trial::test("serial-target/module-stops-reading", module_stops_reading),
            Trial::test("virtual-module/split-line-end", split_line_end),
            Trial::test("virtual-module/client-never-reads", client_never_reads),
            Trial::test(
                "virtual-module/power-up-lines-reach-the-first-client",
                power_up_lines_reach_the_first_client,
            ),
            Trial::test(
                "host-program/sim7080-ftps-get",
                host_program_sim7080_ftps_get,
            )
            .with_ignored_flag(host_programs_skipped()),
            Trial::test("virtual-module/latency-flag", latency_flag),
        ])
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

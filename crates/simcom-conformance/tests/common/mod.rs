//! Scaffolding shared by the harness's test binaries: the binary and the repository, scratch
//! files, child processes that never outlive a test, `serve --pty` as a child, and a replay
//! through a pseudo-terminal and the serial target.
//!
//! Each test binary uses a part of it.
#![allow(dead_code)]

pub(crate) mod phases;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use simcom_conformance::replay::{Outcome, replay};
use simcom_conformance::serve::VirtualModule;
use simcom_conformance::target::{LivePeer, SerialConfig, SerialTarget};
use simcom_conformance::transcript::Transcript;
use simcom_ftp_model::sim::Sim;

/// The `simcom-conformance` binary, run from the repository's root.
pub(crate) fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_simcom-conformance"));
    c.current_dir(repo());
    c
}

/// The repository's root.
pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A transcript of `conformance/app-note/`.
pub(crate) fn note(name: &str) -> PathBuf {
    repo().join("conformance/app-note").join(name)
}

/// Runs the binary with `args` to the end.
pub(crate) fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

/// Runs the binary with `args`, killed if it has not ended within `limit`: a hang is a test
/// failure, not a stuck test run.
pub(crate) fn run_bounded(args: &[&str], limit: Duration) -> Result<Output, String> {
    run_program_bounded(bin().args(args), limit)
}

/// Runs `program`, killed if it has not ended within `limit`.
pub(crate) fn run_program_bounded(
    program: &mut Command,
    limit: Duration,
) -> Result<Output, String> {
    let mut child = Killed(
        program
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?,
    );
    // Read while it runs: a full pipe must not stop the child.
    let pipe = |r: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut v);
            }
            v
        })
    };
    let stdout = pipe(child.0.stdout.take().map(|o| Box::new(o) as _));
    let stderr = pipe(child.0.stderr.take().map(|e| Box::new(e) as _));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if start.elapsed() > limit {
            return Err(format!("{program:?} still running after {limit:?}: killed"));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Standard output then standard error, as text.
pub(crate) fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Asserts that the command exited with `code` and said each of `needles` (on standard
/// output or error); returns what it said.
#[track_caller]
pub(crate) fn exits_saying(o: &Output, code: i32, needles: &[&str]) -> String {
    let t = text(o);
    assert_eq!(o.status.code(), Some(code), "{t}");
    for needle in needles {
        assert!(t.contains(needle), "{needle:?} not said:\n{t}");
    }
    t
}

/// A file holding `content` in this test process's scratch folder.
pub(crate) fn scratch(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("simcom-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

/// A child process killed when dropped: a failing assertion must not leave it running.
pub(crate) struct Killed(pub(crate) Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `simcom-conformance serve --pty ARGS` as a child, and the pseudo-terminal's path it prints
/// (waited for 30 s at most). Its standard error is kept for the test to read.
pub(crate) fn serve_pty(args: &[&str]) -> Result<(Killed, String), String> {
    let mut child = Killed(
        bin()
            .args(["serve", "--pty"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?,
    );
    let stdout = child.0.stdout.take().ok_or("no stdout")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let path = rx
        .recv_timeout(Duration::from_secs(30))
        .map_err(|e| format!("serve --pty printed no path: {e}"))?;
    Ok((child, path.trim().to_string()))
}

/// Replays `t` through a pseudo-terminal with `sim` behind it, driven by the serial target as
/// a host program would drive a module.
pub(crate) fn replay_on_pty<P: LivePeer>(sim: Sim<P>, t: &Transcript) -> Result<Outcome, String> {
    let vm = VirtualModule::start(sim).map_err(|e| e.to_string())?;
    let mut serial = SerialTarget::open(&SerialConfig::new(vm.path().to_string_lossy()))
        .map_err(|e| e.to_string())?;
    let outcome = replay(t, &mut serial);
    drop(serial);
    vm.stop().map_err(|e| e.to_string())?;
    Ok(outcome)
}

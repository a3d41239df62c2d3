//! The fault matrix: every data phase against every fault the world can inject, on the model
//! (virtual time) and through `serve --pty` (the serial target, wall time). Each cell must end
//! in a typed, reported failure (the module's FTP error code, or `ERROR`) or a byte-exact
//! success, within its bound: never a hang, a panic or a silently short file.
//!
//! The model's cells are the table in BENCHMARKS.md ("Fault matrix"), which this test
//! regenerates and compares; the pseudo-terminal's cells must equal the model's.
//!
//! `cargo test -p simcom-conformance --test fault_matrix` (the pseudo-terminal half runs the
//! cells in parallel: it mostly waits for the module's shortened timeouts).

mod common;

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use simcom_conformance::replay::{Item, LogEntry, Logged, record, replay};
use simcom_conformance::serve::{After, LinkFault, VirtualModule};
use simcom_conformance::target::{
    Clock, ModelTarget, SerialConfig, SerialTarget, Target, TargetError,
};
use simcom_conformance::transcript::bytes::BytesSpec;
use simcom_conformance::transcript::{Transcript, world};
use simcom_ftp::FsDir;
use simcom_ftp::net::Step as FtpStep;

/// The size of every payload but the listing's.
const SIZE: usize = 3000;

/// The host's setup, common to every phase that talks to the server.
const SETUP: &str = r#"
  - send: ATE0
  - expect: OK
  - send: AT+FTPCID=0
  - expect: OK
  - send: AT+FTPSERV="10.0.0.1"
  - expect: OK
  - send: AT+FTPUN="simcomtest"
  - expect: OK
  - send: AT+FTPPW="simcomtest"
  - expect: OK
  - send: AT+FTPGETPATH="/"
  - expect: OK
  - send: AT+FTPGETNAME="f.bin"
  - expect: OK
  - send: AT+FTPPUTPATH="/"
  - expect: OK
  - send: AT+FTPPUTNAME="up.bin"
  - expect: OK
"#;

/// Where a phase's payload ends up, to check a success byte for byte.
#[derive(Debug, Clone, Copy)]
enum Lands {
    /// On the wire, in the data blocks the module printed.
    Wire,
    /// On the server, in `/up.bin`.
    Server,
    /// In the module's file system.
    Module(FsDir, &'static str),
}

/// One data phase: the host's steps after [`SETUP`], the line that reports its success and
/// where its payload lands.
struct Phase {
    name: &'static str,
    /// A setting line sent (and answered OK) before the steps, if any.
    setting: &'static str,
    steps: &'static str,
    success: &'static str,
    lands: Lands,
    /// Bytes into the transfer where `drop_after` and `stall_after` cut it.
    mid: u64,
    /// Whether the phase talks to the server (CFSWFILE does not).
    network: bool,
    /// Where a link fault strikes.
    strike: Strike,
}

/// The classic download, drained.
const FTPGET: &str = r#"
  - send: AT+FTPGET=1
  - expect: OK
  - expect: "+FTPGET: 1,1"
  - drain: { read: "AT+FTPGET=2,1460", data: { size: 3000, seed: 1 }, until: "+FTPGET: 1,0" }
"#;

/// An FTPGET after `setting`.
const fn ftpget(name: &'static str, setting: &'static str, steps: &'static str) -> Phase {
    Phase {
        name,
        setting,
        steps,
        success: "+FTPGET: 1,0",
        lands: Lands::Wire,
        mid: 1500,
        network: true,
        strike: Strike::MidOutput,
    }
}

const PHASES: &[Phase] = &[
    ftpget("FTPGET", "", FTPGET),
    ftpget("FTPGET, passive", "AT+FTPMODE=1", FTPGET),
    ftpget("FTPGET, explicit FTPS", "AT+FTPSSL=2,0,\"\",\"\"", FTPGET),
    ftpget(
        "FTPGET, resumed (REST)",
        "AT+FTPREST=1000",
        // The cell checks the bytes from 1000 on (payload()); record only reads what comes.
        r#"
  - send: AT+FTPGET=1
  - expect: OK
  - expect: "+FTPGET: 1,1"
  - drain: { read: "AT+FTPGET=2,1460", data: "", until: "+FTPGET: 1,0" }
"#,
    ),
    Phase {
        name: "FTPPUT",
        setting: "",
        steps: r#"
  - send: AT+FTPPUT=1
  - expect: OK
  - expect: "+FTPPUT: 1,1,1360"
  - send: AT+FTPPUT=2,1360
  - expect: "+FTPPUT: 2,1360"
  - send_data: { size: 1360, seed: 1 }
  - expect: OK
  - expect: "+FTPPUT: 1,1,1360"
  - send: AT+FTPPUT=2,1360
  - expect: "+FTPPUT: 2,1360"
  - send_data: { size: 1360, seed: 2 }
  - expect: OK
  - expect: "+FTPPUT: 1,1,1360"
  - send: AT+FTPPUT=2,280
  - expect: "+FTPPUT: 2,280"
  - send_data: { size: 280, seed: 3 }
  - expect: OK
  - expect: "+FTPPUT: 1,1,1360"
  - send: AT+FTPPUT=2,0
  - expect: OK
  - expect: "+FTPPUT: 1,0"
"#,
        success: "+FTPPUT: 1,0",
        lands: Lands::Server,
        mid: 1500,
        network: true,
        strike: Strike::MidInput,
    },
    Phase {
        name: "FTPEXTGET to RAM",
        setting: "",
        steps: r#"
  - send: AT+FTPEXTGET=1
  - expect: OK
  - expect: "+FTPEXTGET: 1,0"
  - send: AT+FTPEXTGET=3,0,3000
  - expect: "+FTPEXTGET: 3,3000"
  - expect_data: { size: 3000, seed: 1 }
  - expect: OK
"#,
        success: "+FTPEXTGET: 1,0",
        lands: Lands::Wire,
        mid: 1500,
        network: true,
        strike: Strike::AfterSend("AT+FTPEXTGET=1"),
    },
    Phase {
        name: "FTPEXTGET to the file system",
        setting: "",
        steps: r#"
  - send: AT+FTPEXTGET=2,3,"got.bin"
  - expect: OK
  - expect: "+FTPEXTGETFILE: 1,0"
"#,
        success: "+FTPEXTGETFILE: 1,0",
        lands: Lands::Module(FsDir::Customer, "got.bin"),
        mid: 1500,
        network: true,
        strike: Strike::AfterSend("AT+FTPEXTGET=2"),
    },
    Phase {
        name: "FTPEXTPUT",
        setting: "",
        steps: r#"
  - send: AT+FTPEXTPUT=1
  - expect: OK
  - send: AT+FTPEXTPUT=2,0,3000,10000
  - expect: "+FTPEXTPUT: 0,3000"
  - send_data: { size: 3000, seed: 1 }
  - expect: OK
  - send: AT+FTPPUT=1
  - expect: OK
  - expect: "+FTPPUT: 1,0"
"#,
        success: "+FTPPUT: 1,0",
        lands: Lands::Server,
        mid: 1500,
        network: true,
        strike: Strike::AfterSend("AT+FTPPUT=1"),
    },
    Phase {
        name: "FTPETGET",
        setting: "",
        steps: r#"
  - send: AT+FTPETGET=1
  - expect: OK
  - expect: "+FTPETGET: 1,1"
  - expect_data: { size: 3000, seed: 1 }
  - expect: "+FTPETGET: 1,0"
"#,
        success: "+FTPETGET: 1,0",
        lands: Lands::Wire,
        mid: 1500,
        network: true,
        strike: Strike::MidOutput,
    },
    Phase {
        name: "FTPETPUT",
        setting: "",
        steps: r#"
  - send: AT+FTPETPUT=1
  - expect: OK
  - expect: "+FTPETPUT: 1,1"
  - send: AT+FTPETPUT=2
  - expect: "+FTPETPUT: 2,1"
  - send_data: { size: 3000, seed: 1 }
  - expect: OK
  - expect: "+FTPETPUT: 1,0"
"#,
        success: "+FTPETPUT: 1,0",
        lands: Lands::Server,
        mid: 1500,
        network: true,
        strike: Strike::MidInput,
    },
    Phase {
        name: "FTPLIST",
        setting: "",
        steps: r#"
  - send: AT+FTPLIST=1
  - expect: OK
  - expect: "+FTPLIST: 1,1"
  - drain: { read: "AT+FTPLIST=2,1024", data: "-rw-r--r--    1 ftp      ftp          3000 Jan 01 00:00 f.bin\r\n", until: "+FTPLIST: 1,0" }
"#,
        success: "+FTPLIST: 1,0",
        lands: Lands::Wire,
        mid: 30,
        network: true,
        strike: Strike::MidOutput,
    },
    Phase {
        name: "CFSWFILE",
        setting: "",
        steps: r#"
  - send: AT+CFSINIT
  - expect: OK
  - send: AT+CFSWFILE=3,"w.bin",0,3000,10000
  - expect: DOWNLOAD
  - send_data: { size: 3000, seed: 1 }
  - expect: OK
  - send: AT+CFSTERM
  - expect: OK
"#,
        success: "OK",
        lands: Lands::Module(FsDir::Customer, "w.bin"),
        mid: 1500,
        network: false,
        strike: Strike::MidInput,
    },
];

/// A fault the world injects.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    None,
    Refused,
    DropMid,
    StallMid,
    Fail(FtpStep, u16),
}

/// Every fault: the three network ones, and each FTP step answered with a failure reply.
fn faults() -> Vec<Fault> {
    use FtpStep::*;
    let mut v = vec![Fault::None, Fault::Refused, Fault::DropMid, Fault::StallMid];
    for (step, code) in [
        (Greeting, 421),
        (Auth, 534),
        (Pbsz, 534),
        (Prot, 534),
        (User, 530),
        (Pass, 530),
        (Type, 504),
        (Cwd, 550),
        (Pasv, 425),
        (Port, 500),
        (Rest, 502),
        (Retr, 550),
        (List, 450),
        (Store, 553),
        (Size, 550),
        (Mdtm, 550),
        (Dele, 550),
        (Mkd, 550),
        (Rmd, 550),
        (Rnfr, 550),
        (Rnto, 553),
    ] {
        v.push(Fault::Fail(step, code));
    }
    v
}

impl Fault {
    fn name(self) -> String {
        match self {
            Self::None => "none".into(),
            Self::Refused => "refused".into(),
            Self::DropMid => "drop".into(),
            Self::StallMid => "stall".into(),
            Self::Fail(step, code) => format!("{} {code}", format!("{step:?}").to_uppercase()),
        }
    }
}

/// The transcript of `phase` under `fault`, with the module's timeouts shortened so that a
/// stalled transfer ends in seconds (the same profile on every target).
fn transcript(phase: &Phase, fault: Fault) -> Transcript {
    let yaml = format!(
        "title: {} under {}\nsource: tests/fault_matrix.rs\ntimeout: 8s\n\
         profile: {{ server_timeout: 3s, read_idle_timeout: 4s, put_input_timeout: 3s, \
         etput_input_timeout: 3s, data_ready_repeat: 2s }}\n\
         world:\n  bearer: active\n  server:\n    pieces: [500]\n    list_pieces: [20]\n    interval: 20ms\n    \
         files:\n      /f.bin: {{ size: {SIZE}, seed: 1 }}\nsteps:{}{}{}",
        phase.name,
        fault.name(),
        if phase.network { SETUP } else { "" },
        if phase.setting.is_empty() {
            String::new()
        } else {
            format!(
                "\n  - send: \"{}\"\n  - expect: OK",
                phase.setting.replace('"', "\\\"")
            )
        },
        phase.steps,
    );
    let mut t = Transcript::parse(&yaml, &BTreeMap::new()).expect("the phase's transcript parses");
    let f = &mut t.world.server.faults;
    match fault {
        Fault::None => {}
        Fault::Refused => f.refuse_connections = true,
        Fault::DropMid => f.drop_after = Some(phase.mid),
        Fault::StallMid => f.stall_after = Some(phase.mid),
        Fault::Fail(step, code) => f.fail = vec![(step, code)],
    }
    t
}

/// The payload a phase moves.
fn payload(phase: &Phase) -> Vec<u8> {
    let seeded = |size, seed| BytesSpec::Seeded { size, seed }.bytes();
    match phase.name {
        "FTPLIST" => b"-rw-r--r--    1 ftp      ftp          3000 Jan 01 00:00 f.bin\r\n".to_vec(),
        "FTPPUT" => [seeded(1360, 1), seeded(1360, 2), seeded(280, 3)].concat(),
        "FTPGET, resumed (REST)" => seeded(SIZE, 1)[1000..].to_vec(),
        _ => seeded(SIZE, 1),
    }
}

/// The longest a cell may take, in its target's time: every wait of the phase is bounded by
/// the shortened timeouts; far above what a cell takes, far below a hang.
const BOUND: Duration = Duration::from_secs(120);

/// What a cell ended in.
fn classify(phase: &Phase, log: &[Logged], landed: Option<Vec<u8>>) -> String {
    let lines: Vec<String> = log
        .iter()
        .filter_map(|l| match &l.entry {
            LogEntry::Module(Item::Line { text, .. }) => {
                Some(String::from_utf8_lossy(text).into_owned())
            }
            _ => None,
        })
        .collect();
    let code = lines.iter().find_map(|l| {
        let (prefix, rest) = l.split_once(": 1,")?;
        let code: u16 = rest.parse().ok()?;
        (prefix.starts_with("+FTP") && (61..=94).contains(&code)).then_some(code)
    });
    if let Some(code) = code {
        return code.to_string();
    }
    if lines
        .iter()
        .any(|l| l == "ERROR" || l.starts_with("+CME ERROR"))
    {
        return "ERROR".into();
    }
    let succeeded = lines.iter().any(|l| l == phase.success);
    let exact = match phase.lands {
        Lands::Wire => {
            let data: Vec<u8> = log
                .iter()
                .filter_map(|l| match &l.entry {
                    LogEntry::Module(Item::Data(d)) => Some(d.as_slice()),
                    _ => None,
                })
                .flatten()
                .copied()
                .collect();
            Some(data == payload(phase))
        }
        Lands::Server | Lands::Module(..) => landed.map(|b| b == payload(phase)),
    };
    match (succeeded, exact) {
        (true, Some(true) | None) => "ok".into(),
        (true, Some(false)) => "SHORT".into(),
        (false, _) => "NOTHING".into(),
    }
}

/// Runs a cell on the model; returns its outcome and how long it took in virtual time.
fn on_model(phase: &Phase, fault: Fault) -> (String, Duration) {
    let t = transcript(phase, fault);
    let mut target = ModelTarget::new(world::sim(&t).expect("the world builds"));
    let (_, log) = record(&t, &mut target);
    let landed = match phase.lands {
        Lands::Wire => None,
        Lands::Server => Some(
            target
                .sim
                .server
                .file("/up.bin")
                .unwrap_or_default()
                .to_vec(),
        ),
        Lands::Module(dir, name) => Some(
            target
                .sim
                .module
                .file_system()
                .read(dir, name)
                .unwrap_or_default()
                .to_vec(),
        ),
    };
    let took = log.last().map_or(Duration::ZERO, |l| l.at);
    (classify(phase, &log, landed), took)
}

/// Runs a cell through `serve --pty`'s virtual module and the serial target, at wall time.
fn on_pty(phase: &Phase, fault: Fault) -> Result<(String, Duration), String> {
    let t = transcript(phase, fault);
    let vm = VirtualModule::start(world::sim(&t).map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    let mut serial = SerialTarget::open(&SerialConfig::new(vm.path().to_string_lossy()))
        .map_err(|e| e.to_string())?;
    let start = std::time::Instant::now();
    let (_, log) = record(&t, &mut serial);
    let took = start.elapsed();
    drop(serial);
    vm.stop().map_err(|e| e.to_string())?;
    // What landed on the server or in the module is checked on the model, which is the same
    // module; here the wire must agree with it.
    Ok((classify(phase, &log, None), took))
}

/// The matrix as a Markdown table: phases down, faults across; columns whose every cell is
/// "ok" (steps no data phase takes) are left out and named below the table.
fn table(cells: &BTreeMap<(usize, usize), String>, faults: &[Fault]) -> String {
    let relevant: Vec<usize> = (0..faults.len())
        .filter(|&f| faults[f] == Fault::None || (0..PHASES.len()).any(|p| cells[&(p, f)] != "ok"))
        .collect();
    let mut out = String::from("| phase |");
    for &f in &relevant {
        out.push_str(&format!(" {} |", faults[f].name()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(relevant.len()));
    out.push('\n');
    for (p, phase) in PHASES.iter().enumerate() {
        out.push_str(&format!("| {} |", phase.name));
        for &f in &relevant {
            out.push_str(&format!(" {} |", cells[&(p, f)]));
        }
        out.push('\n');
    }
    let unused: Vec<String> = (0..faults.len())
        .filter(|f| !relevant.contains(f))
        .map(|f| format!("`{}`", faults[f].name()))
        .collect();
    if !unused.is_empty() {
        out.push_str(&format!(
            "\nEvery phase succeeds, byte-exact, under a failure reply to {}: no data phase takes \
             those steps.\n",
            unused.join(", ")
        ));
    }
    out
}

// --- Link faults: the harness's side -------------------------------------------------------

const LINK_FAULTS: &[LinkFault] = &[
    LinkFault::Vanish,
    LinkFault::Silent,
    LinkFault::Deaf,
    LinkFault::Reset,
];

/// Where in a phase a link fault strikes.
#[derive(Debug, Clone, Copy)]
enum Strike {
    /// Halfway through the bytes the module transmits in the phase (a download on the wire).
    MidOutput,
    /// Halfway through the bytes the host sends in the phase (an upload from the host).
    MidInput,
    /// Once the module has read this command: the transfer runs inside the module.
    AfterSend(&'static str),
}

/// A target that counts what goes through it, and where the phase's first command went.
struct Counting<'a> {
    inner: &'a mut dyn Target,
    first: &'static str,
    input: u64,
    output: u64,
    /// (input, output) before the phase's first command; input after each command sent.
    phase_start: Option<(u64, u64)>,
    sent: Vec<(Vec<u8>, u64)>,
}

impl Target for Counting<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
        if self.phase_start.is_none() && bytes.starts_with(self.first.as_bytes()) {
            self.phase_start = Some((self.input, self.output));
        }
        self.input += bytes.len() as u64;
        self.sent.push((bytes.to_vec(), self.input));
        self.inner.write(bytes)
    }
    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
        let got = self.inner.read_until(deadline)?;
        self.output += got.len() as u64;
        Ok(got)
    }
    fn now(&self) -> Duration {
        self.inner.now()
    }
    fn clock(&self) -> Clock {
        self.inner.clock()
    }
    fn describe(&self) -> String {
        self.inner.describe()
    }
}

/// The point of `phase` where its link fault strikes, measured on a fault-free run of the
/// model (the same module as behind the pseudo-terminal, byte for byte).
fn midway(phase: &Phase) -> After {
    let t = transcript(phase, Fault::None);
    let mut model = ModelTarget::new(world::sim(&t).expect("the world builds"));
    let first = phase
        .steps
        .lines()
        .find_map(|l| l.trim().strip_prefix("- send: "))
        .expect("a phase sends a command");
    let mut c = Counting {
        inner: &mut model,
        first,
        input: 0,
        output: 0,
        phase_start: None,
        sent: Vec::new(),
    };
    let _ = record(&t, &mut c);
    let (input0, output0) = c.phase_start.expect("the phase's first command was sent");
    match phase.strike {
        Strike::MidOutput => After::Output(output0 + (c.output - output0) / 2),
        Strike::MidInput => After::Input(input0 + (c.input - input0) / 2),
        Strike::AfterSend(cmd) => After::Input(
            c.sent
                .iter()
                .find(|(b, _)| b.starts_with(cmd.as_bytes()))
                .map(|(_, at)| *at)
                .expect("the command was sent"),
        ),
    }
}

/// A phase with a link fault striking midway, through `serve --pty` and the serial target:
/// the run must end in a failure the harness reports for what it is, within the bound.
fn link_cell(phase: &Phase, fault: LinkFault) -> Result<String, Failed> {
    let t = transcript(phase, Fault::None);
    let vm = VirtualModule::start(world::sim(&t)?)?;
    let mut config = SerialConfig::new(vm.path().to_string_lossy());
    config.write_timeout = Duration::from_secs(3);
    let mut serial = SerialTarget::open(&config)?;
    vm.inject(fault, midway(phase));
    let start = std::time::Instant::now();
    let outcome = replay(&t, &mut serial);
    let took = start.elapsed();
    drop(serial);
    vm.stop()?;
    let Some(f) = outcome.failure else {
        return Ok("ok".into());
    };
    let rdy = outcome
        .log
        .iter()
        .any(|l| matches!(&l.entry, LogEntry::Module(Item::Line { text, .. }) if text == b"RDY"));
    let text = f.to_string();
    let module_error = f.received.iter().find_map(|r| {
        let (prefix, code) = r.split_once(": 1,")?;
        (prefix.starts_with("+FTP") && code.parse::<u16>().is_ok_and(|c| (61..=94).contains(&c)))
            .then(|| code.to_string())
    });
    let cell = if ["Input/output error", "Broken pipe", "hung up"]
        .iter()
        .any(|e| text.contains(e))
    {
        "port gone".to_string()
    } else if rdy {
        "RDY".into()
    } else if text.contains("got through") {
        "write blocked".into()
    } else if f.reason.starts_with("nothing") {
        "silence".into()
    } else if let Some(code) = module_error {
        code
    } else if f
        .received
        .iter()
        .any(|r| r == "ERROR" || r.starts_with("+CME ERROR"))
    {
        "ERROR".into()
    } else {
        return Err(format!("{fault:?}: an unexplained failure:\n{text}").into());
    };
    if took > BOUND {
        return Err(format!("{fault:?}: {cell} only after {took:?}").into());
    }
    Ok(cell)
}

/// What each link fault must end in: the port gone is a port error; a silent or deaf module
/// is silence at the next expectation (or a write that does not go through); a reset is the
/// `RDY` the host did not expect.
fn expected_link(phase: &Phase, fault: LinkFault, cell: &str) -> bool {
    match fault {
        LinkFault::Vanish => cell == "port gone",
        LinkFault::Silent => cell == "silence",
        // The module's own timers then end what it was doing: a download's idle timeout (64),
        // an upload's input timeout (ERROR).
        // A phase that needs nothing more from the host (a download, a transfer inside the
        // module) ends well.
        LinkFault::Deaf => ["ok", "silence", "write blocked", "64", "ERROR"].contains(&cell),
        // Inside FTPETGET's transparent data the host's decoder takes `RDY` for data: it
        // waits for the ETX that never comes.
        LinkFault::Reset => cell == "RDY" || (phase.name == "FTPETGET" && cell == "silence"),
        _ => false,
    }
}

/// The link faults' table: phases down, faults across.
fn link_table(cells: &BTreeMap<(usize, usize), String>) -> String {
    let mut out = String::from("| phase |");
    for f in LINK_FAULTS {
        out.push_str(&format!(" {f:?} |"));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(LINK_FAULTS.len()));
    out.push('\n');
    for (p, phase) in PHASES.iter().enumerate() {
        out.push_str(&format!("| {} |", phase.name));
        for f in 0..LINK_FAULTS.len() {
            out.push_str(&format!(" {} |", cells[&(p, f)]));
        }
        out.push('\n');
    }
    out
}

const LINK_BEGIN: &str =
    "<!-- link-matrix: generated by crates/harness/tests/fault_matrix.rs -->\n";

const BEGIN: &str = "<!-- fault-matrix: generated by crates/harness/tests/fault_matrix.rs -->\n";
const END: &str = "<!-- /matrix -->";

/// The model's matrix: every cell typed or byte-exact within its bound, and the table in
/// BENCHMARKS.md is this one (`FAULT_MATRIX_WRITE=1` rewrites it; review the diff).
fn model_matrix() -> Result<(), Failed> {
    let faults = faults();
    let mut cells = BTreeMap::new();
    let mut bad = Vec::new();
    for (p, phase) in PHASES.iter().enumerate() {
        for (f, &fault) in faults.iter().enumerate() {
            let (cell, took) = on_model(phase, fault);
            if cell == "SHORT" || cell == "NOTHING" || took > BOUND {
                bad.push(format!(
                    "{} under {}: {cell} after {took:?}",
                    phase.name,
                    fault.name()
                ));
            }
            if fault == Fault::None && cell != "ok" {
                bad.push(format!("{} without a fault: {cell}", phase.name));
            }
            cells.insert((p, f), cell);
        }
    }
    if !bad.is_empty() {
        return Err(bad.join("\n").into());
    }
    check_doc(BEGIN, &table(&cells, &faults))
}

/// The table between `begin` and the next end marker of BENCHMARKS.md is `table`
/// (`FAULT_MATRIX_WRITE=1` rewrites it; review the diff).
fn check_doc(begin: &str, table: &str) -> Result<(), Failed> {
    let path = common::repo().join("BENCHMARKS.md");
    let doc = std::fs::read_to_string(&path)?;
    let Some(a) = doc.find(begin) else {
        return Err(format!("BENCHMARKS.md has no marker {begin:?}").into());
    };
    let Some(b) = doc[a..].find(END).map(|b| a + b) else {
        return Err(format!("BENCHMARKS.md: no {END} after {begin:?}").into());
    };
    let current = &doc[a + begin.len()..b];
    if current.trim() == table.trim() {
        return Ok(());
    }
    if std::env::var_os("FAULT_MATRIX_WRITE").is_some() {
        std::fs::write(&path, format!("{}{begin}{table}{}", &doc[..a], &doc[b..]))?;
        return Ok(());
    }
    Err(format!(
        "BENCHMARKS.md's table after {begin:?} differs from this run's:\n{table}\n(FAULT_MATRIX_WRITE=1 rewrites it)"
    )
    .into())
}

fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    if args.test_threads.is_none() {
        args.test_threads = Some(48);
    }
    let faults = faults();
    let model: Arc<Mutex<BTreeMap<(usize, usize), String>>> = Arc::default();
    let mut trials = vec![Trial::test("model/matrix", model_matrix)];
    // The pseudo-terminal: each cell equals the model's (the columns that matter: a failure
    // reply to a step no phase takes changes nothing, as the model shows).
    // A failure reply to a step that no phase takes is left out (the model's table names them).
    let unused = |fault: Fault| match fault {
        Fault::Fail(..) => !PHASES.iter().any(|phase| on_model(phase, fault).0 != "ok"),
        _ => false,
    };
    for (p, phase) in PHASES.iter().enumerate() {
        for (f, &fault) in faults.iter().enumerate() {
            if unused(fault) {
                continue;
            }
            let model = Arc::clone(&model);
            let name = format!("pty/{}/{}", phase.name, fault.name()).replace(' ', "-");
            trials.push(Trial::test(name, move || {
                let want = {
                    let mut m = model.lock().map_err(|_| "poisoned")?;
                    m.entry((p, f))
                        .or_insert_with(|| on_model(&PHASES[p], fault).0)
                        .clone()
                };
                let (got, took) = on_pty(&PHASES[p], fault)?;
                if got != want || took > BOUND {
                    return Err(format!("model: {want}; serve --pty: {got} after {took:?}").into());
                }
                Ok(())
            }));
        }
    }
    let link: Arc<Mutex<BTreeMap<(usize, usize), String>>> = Arc::default();
    for (p, phase) in PHASES.iter().enumerate() {
        for (f, &fault) in LINK_FAULTS.iter().enumerate() {
            let name = format!("link/{}/{fault:?}", phase.name).replace(' ', "-");
            let link = Arc::clone(&link);
            trials.push(Trial::test(name, move || {
                let cell = link_cell(phase, fault)?;
                let ok = expected_link(phase, fault, &cell);
                link.lock()
                    .map_err(|_| "poisoned")?
                    .insert((p, f), cell.clone());
                if ok {
                    Ok(())
                } else {
                    Err(format!("{fault:?} ended in: {cell}").into())
                }
            }));
        }
    }
    let conclusion = libtest_mimic::run(&args, trials);
    // With every link cell run, the table in BENCHMARKS.md is theirs.
    let link = link.lock().map(|m| m.clone()).unwrap_or_default();
    if link.len() == PHASES.len() * LINK_FAULTS.len()
        && !conclusion.has_failed()
        && let Err(e) = check_doc(LINK_BEGIN, &link_table(&link))
    {
        eprintln!("{}", e.message().unwrap_or_default());
        return ExitCode::FAILURE;
    }
    conclusion.exit_code()
}

//! The data phases of the fault matrix (`tests/fault_matrix.rs`, and the real-server cells
//! of `tests/real_server.rs`): each phase's host steps, the faults the world injects, and what
//! a cell ended in.

use std::collections::BTreeMap;
use std::time::Duration;

use libtest_mimic::Failed;
use simcom_conformance::replay::{Item, LogEntry, Logged, record, replay};
use simcom_conformance::serve::{After, LinkFault, VirtualModule};
use simcom_conformance::target::{
    Clock, LivePeer, ModelTarget, SerialConfig, SerialTarget, Target, TargetError,
};
use simcom_conformance::transcript::Transcript;
use simcom_conformance::transcript::bytes::BytesSpec;
use simcom_conformance::transcript::world;
use simcom_ftp_model::FsDir;
use simcom_ftp_model::net::FtpStep;
use simcom_ftp_model::sim::Sim;

/// The size of every payload but the listing's.
pub(crate) const SIZE: usize = 3000;

/// The host's setup, common to every phase that talks to the server.
pub(crate) const SETUP: &str = concat!("\n", include_str!("phases/setup.yaml"));

/// Where a phase's payload ends up, to check a success byte for byte.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lands {
    /// On the wire, in the data blocks the module printed.
    Wire,
    /// On the server, in `/up.bin`.
    Server,
    /// In the module's file system.
    Module(FsDir, &'static str),
}

/// One data phase: the host's steps after [`SETUP`], the line that reports its success and
/// where its payload lands.
pub(crate) struct Phase {
    pub(crate) name: &'static str,
    /// A setting line sent (and answered OK) before the steps, if any.
    pub(crate) setting: &'static str,
    /// The steps, a list of transcript steps kept as YAML in `tests/common/phases/`.
    pub(crate) steps: &'static str,
    pub(crate) success: &'static str,
    pub(crate) lands: Lands,
    /// Bytes into the transfer where `drop_after` and `stall_after` cut it.
    pub(crate) mid: u64,
    /// Whether the phase talks to the server (CFSWFILE does not).
    pub(crate) network: bool,
    /// Where a link fault strikes.
    pub(crate) strike: Strike,
}

/// The classic download, drained.
pub(crate) const FTPGET: &str = concat!("\n", include_str!("phases/ftpget.yaml"));

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

pub(crate) const PHASES: &[Phase] = &[
    ftpget("FTPGET", "", FTPGET),
    // The power-up mode is passive (spec decision 15): this row keeps active mode (PORT) covered.
    ftpget("FTPGET, active", "AT+FTPMODE=0", FTPGET),
    ftpget("FTPGET, explicit FTPS", "AT+FTPSSL=2,0,\"\",\"\"", FTPGET),
    ftpget(
        "FTPGET, resumed (REST)",
        "AT+FTPREST=1000",
        // The cell checks the bytes from 1000 on (payload()); record only reads what comes.
        concat!("\n", include_str!("phases/ftpget-rest.yaml")),
    ),
    Phase {
        name: "FTPPUT",
        setting: "",
        steps: concat!("\n", include_str!("phases/ftpput.yaml")),
        success: "+FTPPUT: 1,0",
        lands: Lands::Server,
        mid: 1500,
        network: true,
        strike: Strike::MidInput,
    },
    Phase {
        name: "FTPEXTGET to RAM",
        setting: "",
        steps: concat!("\n", include_str!("phases/ftpextget-to-ram.yaml")),
        success: "+FTPEXTGET: 1,0",
        lands: Lands::Wire,
        mid: 1500,
        network: true,
        strike: Strike::AfterSend("AT+FTPEXTGET=1"),
    },
    Phase {
        name: "FTPEXTGET to the file system",
        setting: "",
        steps: concat!(
            "\n",
            include_str!("phases/ftpextget-to-the-file-system.yaml")
        ),
        success: "+FTPEXTGETFILE: 1,0",
        lands: Lands::Module(FsDir::Customer, "got.bin"),
        mid: 1500,
        network: true,
        strike: Strike::AfterSend("AT+FTPEXTGET=2"),
    },
    Phase {
        name: "FTPEXTPUT",
        setting: "",
        steps: concat!("\n", include_str!("phases/ftpextput.yaml")),
        success: "+FTPPUT: 1,0",
        lands: Lands::Server,
        mid: 1500,
        network: true,
        strike: Strike::AfterSend("AT+FTPPUT=1"),
    },
    Phase {
        name: "FTPETGET",
        setting: "",
        steps: concat!("\n", include_str!("phases/ftpetget.yaml")),
        success: "+FTPETGET: 1,0",
        lands: Lands::Wire,
        mid: 1500,
        network: true,
        strike: Strike::MidOutput,
    },
    Phase {
        name: "FTPETPUT",
        setting: "",
        steps: concat!("\n", include_str!("phases/ftpetput.yaml")),
        success: "+FTPETPUT: 1,0",
        lands: Lands::Server,
        mid: 1500,
        network: true,
        strike: Strike::MidInput,
    },
    Phase {
        name: "FTPLIST",
        setting: "",
        steps: concat!("\n", include_str!("phases/ftplist.yaml")),
        success: "+FTPLIST: 1,0",
        lands: Lands::Wire,
        mid: 30,
        network: true,
        strike: Strike::MidOutput,
    },
    Phase {
        name: "CFSWFILE",
        setting: "",
        steps: concat!("\n", include_str!("phases/cfswfile.yaml")),
        success: "OK",
        lands: Lands::Module(FsDir::Customer, "w.bin"),
        mid: 1500,
        network: false,
        strike: Strike::MidInput,
    },
];

/// A fault the world injects.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Fault {
    None,
    Refused,
    DropMid,
    StallMid,
    Fail(FtpStep, u16),
}

/// Every fault: the three network ones, and each FTP step answered with a failure reply.
pub(crate) fn faults() -> Vec<Fault> {
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
    pub(crate) fn name(self) -> String {
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
pub(crate) fn transcript(phase: &Phase, fault: Fault) -> Transcript {
    transcript_with(phase, fault, &BTreeMap::new())
}

/// [`transcript`] with `vars` for `${server}`, `${user}` and `${password}` (a real server's).
pub(crate) fn transcript_with(
    phase: &Phase,
    fault: Fault,
    vars: &BTreeMap<String, String>,
) -> Transcript {
    let yaml = format!(
        "title: {} under {}\nsource: tests/fault_matrix.rs\ntimeout: 8s\n\
         vars: {{ server: 10.0.0.1, user: simcomtest, password: simcomtest }}\n\
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
    let mut t = Transcript::parse(&yaml, vars).expect("the phase's transcript parses");
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
pub(crate) fn payload(phase: &Phase) -> Vec<u8> {
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
pub(crate) const BOUND: Duration = Duration::from_secs(120);

/// What a cell ended in.
pub(crate) fn classify(phase: &Phase, log: &[Logged], landed: Option<Vec<u8>>) -> String {
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

/// Where in a phase a link fault strikes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Strike {
    /// Halfway through the bytes the module transmits in the phase (a download on the wire).
    MidOutput,
    /// Halfway through the bytes the host sends in the phase (an upload from the host).
    MidInput,
    /// Once the module has read this command: the transfer runs inside the module.
    AfterSend(&'static str),
}

/// A target that counts what goes through it, notes where the phase's first command went,
/// and calls `strike` once the bytes pass `at` (the real-server cells kill the server there).
pub(crate) struct Counting<'a> {
    pub(crate) inner: &'a mut dyn Target,
    /// The phase's first command.
    pub(crate) first: &'static str,
    pub(crate) input: u64,
    pub(crate) output: u64,
    /// (input, output) before the phase's first command.
    pub(crate) phase_start: Option<(u64, u64)>,
    /// Each write, and the input count after it.
    pub(crate) sent: Vec<(Vec<u8>, u64)>,
    pub(crate) at: After,
    pub(crate) strike: Option<Box<dyn FnOnce() + 'a>>,
}

impl<'a> Counting<'a> {
    /// Counts what goes through `inner`; strikes nowhere.
    pub(crate) fn new(inner: &'a mut dyn Target, phase: &Phase) -> Self {
        Self {
            inner,
            first: phase
                .steps
                .lines()
                .find_map(|l| l.trim().strip_prefix("- send: "))
                .expect("a phase sends a command"),
            input: 0,
            output: 0,
            phase_start: None,
            sent: Vec::new(),
            at: After::Now,
            strike: None,
        }
    }

    fn check(&mut self) {
        if self.at.reached(self.output, self.input)
            && let Some(f) = self.strike.take()
        {
            f();
        }
    }
}

impl Target for Counting<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), TargetError> {
        if self.phase_start.is_none() && bytes.starts_with(self.first.as_bytes()) {
            self.phase_start = Some((self.input, self.output));
        }
        self.input += bytes.len() as u64;
        self.sent.push((bytes.to_vec(), self.input));
        let r = self.inner.write(bytes);
        self.check();
        r
    }
    fn read_until(&mut self, deadline: Duration) -> Result<Vec<u8>, TargetError> {
        let got = self.inner.read_until(deadline)?;
        self.output += got.len() as u64;
        self.check();
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
/// model (the same module as behind the pseudo-terminal, byte for byte) with the run's `vars`
/// (a real server's account is longer or shorter than the note's, and so are the commands).
pub(crate) fn midway(phase: &Phase, vars: &BTreeMap<String, String>) -> After {
    let mut t = transcript_with(phase, Fault::None, vars);
    if let (Some(user), Some(password)) = (vars.get("user"), vars.get("password")) {
        t.world.server.users = Some([(user.clone(), password.clone())].into());
    }
    let mut model = ModelTarget::new(world::sim(&t).expect("the world builds"));
    let mut c = Counting::new(&mut model, phase);
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

// --- Link faults: the harness's side -------------------------------------------------------

pub(crate) const LINK_FAULTS: &[LinkFault] = &[
    LinkFault::Vanish,
    LinkFault::Silent,
    LinkFault::Deaf,
    LinkFault::Reset,
];

/// A phase with a link fault striking midway, through `serve --pty` and the serial target:
/// the run must end in a failure the harness reports for what it is, within the bound, and in
/// what the fault must end in ([`expected_link`]); anything else is the returned error.
pub(crate) fn link_cell<P: LivePeer>(
    phase: &Phase,
    fault: LinkFault,
    t: &Transcript,
    sim: Sim<P>,
) -> Result<String, Failed> {
    let vm = VirtualModule::start(sim)?;
    let mut config = SerialConfig::new(vm.path().to_string_lossy());
    config.write_timeout = Duration::from_secs(3);
    let mut serial = SerialTarget::open(&config)?;
    vm.inject(fault, midway(phase, &t.vars));
    let start = std::time::Instant::now();
    let outcome = replay(t, &mut serial);
    let took = start.elapsed();
    drop(serial);
    vm.stop()?;
    let Some(f) = outcome.failure.clone() else {
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
    if !expected_link(phase, fault, &cell) {
        return Err(format!("{fault:?} ended in: {cell}\n{text}\n{}", outcome.wire_log()).into());
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

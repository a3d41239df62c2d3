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

use common::phases::{BOUND, Fault, Lands, PHASES, Phase, classify, faults, midway, transcript};

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use simcom_conformance::replay::{Item, LogEntry, record, replay};
use simcom_conformance::serve::{LinkFault, VirtualModule};
use simcom_conformance::target::{ModelTarget, SerialConfig, SerialTarget};
use simcom_conformance::transcript::world;

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

//! The test runner: one libtest-mimic trial per transcript, so that filters, `--list`,
//! `--exact` and `--ignored` work as in `cargo test`; JUnit XML on request.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Failed, Trial};

use crate::corpus::{self, Entry};
use crate::junit::{self, Case};
use crate::replay::{Outcome, replay};
use crate::target::{ModelTarget, Target, TargetError};
use crate::transcript::Transcript;
use crate::{realnet, serial, world};

/// Where transcripts run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetSpec {
    /// The model with its in-memory server, at virtual time.
    Model,
    /// A live module on a serial port.
    Serial(serial::SerialConfig),
    /// The model against a real FTP(S) server, at wall time (`run --server`).
    Real(realnet::ServerSpec),
}

impl TargetSpec {
    /// Opens the target for one transcript (the model is built from the transcript's world).
    pub fn open(&self, t: &Transcript) -> Result<Box<dyn Target>, TargetError> {
        match self {
            Self::Model => {
                let sim = world::sim(t).map_err(|e| TargetError(e.to_string()))?;
                Ok(Box::new(ModelTarget::new(sim)))
            }
            Self::Serial(cfg) => Ok(Box::new(serial::SerialTarget::open(cfg)?)),
            Self::Real(spec) => Ok(Box::new(realnet::RealTarget::open(spec, t)?)),
        }
    }

    /// The variables a target fixes: a real server's account replaces `server`, `user` and
    /// `password`.
    pub fn vars(&self, vars: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut v = vars.clone();
        if let Self::Real(spec) = self {
            v.extend(spec.vars());
        }
        v
    }

    /// Why `t` cannot run on this target, if it cannot (reported as ignored).
    pub fn not_applicable(&self, t: &Transcript) -> Option<String> {
        match self {
            Self::Real(_) => realnet::not_applicable(t),
            _ => None,
        }
    }
}

/// Reads a transcript file.
pub fn load(path: &Path, vars: &BTreeMap<String, String>) -> Result<Transcript, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Transcript::parse(&text, vars).map_err(|e| format!("{}: {e}", path.display()))
}

/// Replays one transcript file against a target; `Err` holds the report of a failure.
pub fn run_one(
    path: &Path,
    target: &TargetSpec,
    vars: &BTreeMap<String, String>,
) -> Result<Outcome, String> {
    let t = load(path, &target.vars(vars))?;
    let mut tgt = target
        .open(&t)
        .map_err(|e| format!("{}: {e}", target_name(target)))?;
    let outcome = replay(&t, tgt.as_mut());
    match &outcome.failure {
        None => Ok(outcome),
        Some(f) => Err(format!(
            "{} ({}, {})\n{f}",
            t.title,
            t.source,
            tgt.describe()
        )),
    }
}

fn target_name(t: &TargetSpec) -> String {
    match t {
        TargetSpec::Model => "model".into(),
        TargetSpec::Serial(c) => format!("serial:{}", c.path),
        TargetSpec::Real(s) => format!("{:?}", s.url),
    }
}

/// Runs every transcript under `roots` as a trial. `args` are the libtest arguments.
/// Returns whether all passed.
pub fn run(
    roots: &[PathBuf],
    target: &TargetSpec,
    vars: &BTreeMap<String, String>,
    mut args: Arguments,
    junit_path: Option<&Path>,
) -> Result<bool, String> {
    let entries = corpus::find(roots).map_err(|e| format!("reading {roots:?}: {e}"))?;
    if entries.is_empty() {
        return Err(format!("no transcripts (*.yaml) under {roots:?}"));
    }
    if matches!(target, TargetSpec::Serial(_) | TargetSpec::Real(_)) {
        // One port, one module (one server, whose tree each transcript provisions):
        // transcripts run one after the other.
        args.test_threads = Some(1);
    }
    let cases = Arc::new(Mutex::new(Vec::new()));
    let trials = entries
        .into_iter()
        .map(|e| trial(e, target.clone(), vars.clone(), Arc::clone(&cases)))
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if let Some(path) = junit_path {
        let mut cases = cases
            .lock()
            .map_err(|_| "a test panicked while reporting")?
            .clone();
        cases.sort_by(|a: &Case, b| a.name.cmp(&b.name));
        std::fs::write(path, junit::render("simcom-conformance", &cases))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(!conclusion.has_failed())
}

fn trial(
    e: Entry,
    target: TargetSpec,
    vars: BTreeMap<String, String>,
    cases: Arc<Mutex<Vec<Case>>>,
) -> Trial {
    // A transcript that does not even parse is a failing trial, not a crash of the runner.
    let skip = load(&e.path, &target.vars(&vars))
        .ok()
        .and_then(|t| t.skip.clone().or_else(|| target.not_applicable(&t)));
    let name = e.name.clone();
    Trial::test(e.name, move || {
        let start = Instant::now();
        let result = run_one(&e.path, &target, &vars);
        let case = Case {
            name,
            time: start.elapsed(),
            failure: result.as_ref().err().cloned(),
            skipped: false,
        };
        if let Ok(mut c) = cases.lock() {
            c.push(case);
        }
        result.map(|_| ()).map_err(Failed::from)
    })
    .with_ignored_flag(skip.is_some())
}

/// The default corpus location relative to the working directory.
pub fn default_roots() -> Vec<PathBuf> {
    vec![PathBuf::from("conformance")]
}

/// How long a replay took on its target's clock, for reports.
pub fn virtual_time(o: &Outcome) -> Duration {
    o.elapsed
}

//! The test runner: one libtest-mimic trial per transcript, so that filters, `--list`,
//! `--exact` and `--ignored` work as in `cargo test`; a JUnit report and wire logs on request.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Failed, Trial};

use super::junit::{Case, JunitFile, Verdict};
use super::provision::{self, Plan, ProvisionError};
use super::{Outcome, log_text, replay};
use crate::coverage::Coverage;
use crate::target::{Restarted, TargetError, TargetSpec};
use crate::transcript::corpus::{self, Entry};
use crate::transcript::{Transcript, TranscriptError};
use simcom_ftp_model::Profile;

/// A run that could not start or finish.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// A path given does not exist (a typo is not a silent name filter).
    #[error("{}: no such file or folder", .0.display())]
    NoSuchPath(PathBuf),
    /// A folder could not be read.
    #[error("reading {}: {source}", path.display())]
    Corpus {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The paths hold no transcript, or the tags select none.
    #[error("no transcripts (*.yaml) under {roots}{tags}")]
    NoTranscripts {
        /// The paths, as given.
        roots: String,
        /// The tags asked for, if any (` with tag a or b`).
        tags: String,
    },
    /// The wire-log folder cannot be made.
    #[error("--log {}: {source}", path.display())]
    Log {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The JUnit report cannot be written.
    #[error("--junit {}: {source}", path.display())]
    Junit {
        /// The report's path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Why one transcript could not be replayed at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CaseError {
    /// The transcript cannot be read.
    #[error(transparent)]
    Transcript(#[from] TranscriptError),
    /// The target could not be opened for it.
    #[error("{target}: {source}")]
    Target {
        /// The target's name.
        target: String,
        /// Why.
        #[source]
        source: TargetError,
    },
    /// The live module could not be brought to the transcript's world: the transcript did not
    /// start.
    #[error("provisioning the module for the transcript: {source}")]
    Provision {
        /// Why.
        #[source]
        source: ProvisionError,
        /// What provisioning exchanged, as the wire log shows it.
        wire: String,
    },
    /// An earlier transcript's provisioning found the module gone or stuck: the run stopped.
    #[error("not run: {0}")]
    Stopped(String),
}

impl CaseError {
    /// The wire log of what was exchanged before the case failed, if anything was.
    pub fn wire(&self) -> &str {
        match self {
            Self::Provision { wire, .. } => wire,
            _ => "",
        }
    }
}

/// What a run is asked to do.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Transcript files and folders.
    pub roots: Vec<PathBuf>,
    /// Where they run.
    pub target: TargetSpec,
    /// `--var` values.
    pub vars: BTreeMap<String, String>,
    /// Only transcripts with one of these tags (all when empty).
    pub tags: Vec<String>,
    /// The JUnit report to write.
    pub junit: Option<PathBuf>,
    /// The folder for each transcript's wire log (`<name>.log`).
    pub log: Option<PathBuf>,
    /// Before each transcript on a live module, bring it to the transcript's world by AT
    /// commands ([`provision`]); on by default.
    pub provision: bool,
    /// Reset the live module (AT+CFUN=1,1) before each transcript.
    pub reset: bool,
    /// The longest any expectation waits, instead of each transcript's `timeout`.
    pub timeout: Option<Duration>,
    /// Run the transcripts in an order shuffled with this seed.
    pub shuffle: Option<u64>,
    /// The profile of the live module (the firmware's choices where the spec leaves one): on
    /// a serial target, a transcript whose profile differs is skipped.
    pub module_profile: Profile,
    /// The test runner's own options (filter, `--exact`, `--list`, …).
    pub args: Arguments,
    /// Where each replayed transcript's exchange is added, for a coverage report; the JUnit
    /// report then carries its totals as properties.
    pub coverage: Option<Arc<Mutex<Coverage>>>,
}

impl RunOptions {
    /// Every transcript of `roots` against `target`, default options.
    pub fn new(roots: Vec<PathBuf>, target: TargetSpec) -> Self {
        Self {
            roots,
            target,
            vars: BTreeMap::new(),
            tags: Vec::new(),
            junit: None,
            log: None,
            provision: true,
            reset: false,
            shuffle: None,
            timeout: None,
            module_profile: Profile::default(),
            args: Arguments::default(),
            coverage: None,
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Transcripts that passed.
    pub passed: u64,
    /// Transcripts that failed.
    pub failed: u64,
    /// Transcripts skipped (ignored).
    pub ignored: u64,
    /// Transcripts the filters left out.
    pub filtered_out: u64,
    /// Transcripts found.
    pub total: u64,
}

impl Summary {
    /// Whether no transcript was selected (all filtered out), which is an error for CI: a typo
    /// in a filter must not pass.
    pub fn selected_none(&self) -> bool {
        self.filtered_out == self.total
    }
}

/// A transcript replayed against a target.
#[derive(Debug)]
pub struct Replayed {
    /// The transcript as read.
    pub transcript: Transcript,
    /// What happened.
    pub outcome: Outcome,
    /// The target, as reports name it.
    pub target: String,
}

impl Replayed {
    /// The failure report, if a step failed: the transcript, the target, the step.
    pub fn report(&self) -> Option<String> {
        let f = self.outcome.failure.as_ref()?;
        let t = &self.transcript;
        Some(format!("{} ({}, {})\n{f}", t.title, t.source, self.target))
    }

    /// How the replay ended, for reports: passed, or the failing step in one line and the
    /// whole report.
    pub fn verdict(&self) -> Verdict {
        match (&self.outcome.failure, self.report()) {
            (Some(f), Some(detail)) => Verdict::Failed {
                message: f.headline(),
                detail,
            },
            _ => Verdict::Passed,
        }
    }
}

/// Replays one transcript file against a target.
pub fn run_one(
    path: &Path,
    target: &TargetSpec,
    vars: &BTreeMap<String, String>,
) -> Result<Replayed, CaseError> {
    case(path, target, vars, None, true, None)
}

/// A run on a live module: the provisioning plan, and why the run stopped if it did.
#[derive(Debug, Default)]
pub struct Live {
    /// What provisioning does.
    pub plan: Plan,
    /// Why the run stopped (the module gone or stuck), if it did: later transcripts are not
    /// run.
    pub stopped: Option<String>,
}

/// Replays one transcript file against a live module, provisioned first for its world
/// ([`provision`]).
pub fn run_live(
    path: &Path,
    target: &TargetSpec,
    vars: &BTreeMap<String, String>,
    live: &mut Live,
) -> Result<Replayed, CaseError> {
    case(path, target, vars, None, true, Some(live))
}

/// Replays one transcript file, its timeout replaced by `timeout` if one is given, on a live
/// module provisioned first when `live` is given. With `provision` false, a live module's
/// server is left as it is too.
fn case(
    path: &Path,
    target: &TargetSpec,
    vars: &BTreeMap<String, String>,
    timeout: Option<Duration>,
    provision: bool,
    live: Option<&mut Live>,
) -> Result<Replayed, CaseError> {
    let mut t = corpus::load(path, &target.vars(vars))?;
    if let Some(d) = timeout {
        t.timeout = d;
    }
    if let Some(why) = live.as_ref().and_then(|l| l.stopped.as_ref()) {
        return Err(CaseError::Stopped(why.clone()));
    }
    let target_error = |source| CaseError::Target {
        target: target.name(),
        source,
    };
    // On a live module, its server takes the world once the module is provisioned.
    let mut tgt = target
        .open_for(&t, provision && live.is_none())
        .map_err(target_error)?;
    let mut provisioning = Vec::new();
    if let Some(live) = live {
        let (log, provisioned) = provision::provision(&t, tgt.as_mut(), &live.plan);
        if let Err(source) = provisioned {
            if source.stops_run() {
                let why = format!("the run stopped at {}: {source}", path.display());
                eprintln!("{why}");
                live.stopped = Some(why);
            }
            return Err(CaseError::Provision {
                source,
                wire: format!(
                    "provisioning (before the transcript):\n{}",
                    log_text(&log, &t.secrets())
                ),
            });
        }
        provisioning = log;
        target.provision_server(&t).map_err(target_error)?;
    }
    let mut outcome = replay(&t, &mut Restarted::new(tgt.as_mut()));
    outcome.provisioning = provisioning;
    Ok(Replayed {
        target: tgt.describe(),
        transcript: t,
        outcome,
    })
}

/// Every transcript under `roots` (each must exist), with one of `tags` if any are given.
///
/// ```
/// use simcom_conformance::replay::runner::find;
/// let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../conformance");
/// assert!(find(&[root.into()], &[]).unwrap().len() > 100);
/// assert!(find(&[format!("{root}/app-not").into()], &[]).is_err());
/// ```
pub fn find(roots: &[PathBuf], tags: &[String]) -> Result<Vec<Entry>, RunError> {
    if let Some(missing) = roots.iter().find(|r| !r.exists()) {
        return Err(RunError::NoSuchPath(missing.clone()));
    }
    let show = || {
        roots
            .iter()
            .map(|r| r.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut entries = corpus::find(roots).map_err(|source| RunError::Corpus {
        path: PathBuf::from(show()),
        source,
    })?;
    if !tags.is_empty() {
        entries.retain(|e| {
            corpus::load(&e.path, &BTreeMap::new())
                .map(|t| t.tags.iter().any(|x| tags.contains(x)))
                // A transcript that does not parse stays: its trial reports why.
                .unwrap_or(true)
        });
    }
    if entries.is_empty() {
        return Err(RunError::NoTranscripts {
            roots: show(),
            tags: if tags.is_empty() {
                String::new()
            } else {
                format!(" with tag {}", tags.join(" or "))
            },
        });
    }
    Ok(entries)
}

/// Whether libtest-mimic's filter options select `name` (its own rule: a substring, or the
/// whole name with `--exact`; `--skip` leaves out).
fn selected(args: &Arguments, name: &str) -> bool {
    let matches = |f: &str| {
        if args.exact {
            name == f
        } else {
            name.contains(f)
        }
    };
    args.filter.as_deref().is_none_or(matches) && !args.skip.iter().any(|s| matches(s))
}

/// Runs every transcript of `opts` as a trial and returns how the run ended.
pub fn run(opts: RunOptions) -> Result<Summary, RunError> {
    let entries = find(&opts.roots, &opts.tags)?;
    let mut args = opts.args.clone();
    if opts.target.exclusive() {
        // One port, one module (one server, whose tree each transcript provisions):
        // transcripts run one after the other.
        args.test_threads = Some(1);
    }
    let junit = match &opts.junit {
        Some(path) if !args.list => Some(JunitFile::create(path, "simcom-conformance").map_err(
            |source| RunError::Junit {
                path: path.clone(),
                source,
            },
        )?),
        _ => None,
    };
    let junit = Arc::new(Mutex::new(junit));
    if let Some(dir) = opts.log.as_ref().filter(|_| !args.list) {
        std::fs::create_dir_all(dir).map_err(|source| RunError::Log {
            path: dir.clone(),
            source,
        })?;
    }
    let total = entries.len() as u64;
    let mut entries = entries;
    if let Some(seed) = opts.shuffle {
        shuffle(&mut entries, seed);
        println!("transcripts shuffled with seed {seed} (--shuffle-seed {seed} repeats the order)");
    }
    let live = (opts.provision && matches!(opts.target, TargetSpec::Serial(..))).then(|| {
        let vars = opts.target.vars(&opts.vars);
        let all: Vec<Transcript> = entries
            .iter()
            .filter_map(|e| corpus::load(&e.path, &vars).ok())
            .collect();
        Arc::new(Mutex::new(Live {
            plan: Plan::new(&all, opts.reset),
            stopped: None,
        }))
    });
    let trials = entries
        .into_iter()
        .map(|e| trial(e, &opts, &args, Arc::clone(&junit), live.clone()))
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    if let Some(c) = &opts.coverage
        && let Ok(mut j) = junit.lock()
        && let Some(j) = j.as_mut()
    {
        let totals = c.lock().map(|c| c.report().totals).unwrap_or_default();
        let properties = totals
            .named()
            .iter()
            .flat_map(|(name, n)| {
                [
                    (format!("coverage.{name}.covered"), n.covered.to_string()),
                    (format!("coverage.{name}.total"), n.total.to_string()),
                ]
            })
            .collect();
        if let Err(e) = j.set_properties(properties) {
            eprintln!("--junit {}: {e}", j.path().display());
        }
    }
    Ok(Summary {
        passed: conclusion.num_passed,
        failed: conclusion.num_failed,
        ignored: conclusion.num_ignored,
        filtered_out: conclusion.num_filtered_out,
        total,
    })
}

fn record_case(junit: &Mutex<Option<JunitFile>>, case: Case) {
    if let Ok(mut j) = junit.lock()
        && let Some(j) = j.as_mut()
        && let Err(e) = j.add(case)
    {
        eprintln!("--junit {}: {e}", j.path().display());
    }
}

/// Why a live module cannot run `t`, if it cannot: it declares a requirement a live module
/// cannot be provisioned to (`requires:`), or its profile (the firmware's choices) is not the
/// module's.
fn beyond_live(t: &Transcript, module: &Profile) -> Option<String> {
    if let Some(r) = t.requires.first() {
        return Some(r.reason());
    }
    if t.world.cellular.is_some() {
        return Some(
            "its world describes the cellular network (world.cellular): a live module's network is its own"
                .to_string(),
        );
    }
    if t.world.power_up {
        return Some(
            "it starts at power-up (world.power_up): provisioning cannot replay a power-up"
                .to_string(),
        );
    }
    (t.profile != *module).then(|| {
        format!(
            "its profile ({}) is not the live module's (--profile, else the spec's defaults): the firmware decides these",
            if t.profile_keys.is_empty() {
                "the spec's defaults".to_string()
            } else {
                t.profile_keys.join(", ")
            }
        )
    })
}

/// Shuffles `entries` (Fisher-Yates, drawing from the transcripts' own SplitMix64 generator
/// seeded with `seed`): the same seed, the same order.
fn shuffle<T>(entries: &mut [T], seed: u64) {
    let draws = crate::transcript::bytes::splitmix64(seed, 8 * entries.len());
    let mut draws = draws
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()));
    for i in (1..entries.len()).rev() {
        let r = draws.next().unwrap_or(0);
        let j = usize::try_from(r % (i as u64 + 1)).unwrap_or(0);
        entries.swap(i, j);
    }
}

fn trial(
    e: Entry,
    opts: &RunOptions,
    args: &Arguments,
    junit: Arc<Mutex<Option<JunitFile>>>,
    live: Option<Arc<Mutex<Live>>>,
) -> Trial {
    let target = opts.target.clone();
    let vars = opts.vars.clone();
    let log_dir = opts.log.clone();
    let timeout = opts.timeout;
    let provision = opts.provision;
    let coverage = opts.coverage.clone();
    let live_module = matches!(target, TargetSpec::Serial(..));
    // A transcript that does not even parse is a failing trial, not a crash of the runner.
    let skip = corpus::load(&e.path, &target.vars(&vars))
        .ok()
        .and_then(|t| {
            t.skip
                .clone()
                .or_else(|| target.not_applicable(&t))
                .or_else(|| live_module.then(|| beyond_live(&t, &opts.module_profile))?)
        });
    let ignored = skip.is_some() && !args.ignored && !args.include_ignored;
    if let Some(why) = skip.as_ref().filter(|_| ignored && selected(args, &e.name)) {
        // libtest-mimic does not run an ignored trial: it is reported here, up front.
        record_case(
            &junit,
            Case {
                name: e.name.clone(),
                time: Default::default(),
                verdict: Verdict::Skipped(why.clone()),
                wire: String::new(),
            },
        );
    }
    let name = e.name.clone();
    Trial::test(e.name, move || {
        let start = Instant::now();
        let result = match &live {
            Some(live) => {
                let mut live = live
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                case(&e.path, &target, &vars, timeout, true, Some(&mut live))
            }
            None => case(&e.path, &target, &vars, timeout, provision, None),
        };
        let (verdict, wire) = match result {
            Ok(r) => {
                if let Some(c) = &coverage
                    && let Ok(mut c) = c.lock()
                {
                    r.outcome.add_coverage(&mut c);
                }
                (r.verdict(), r.outcome.wire_log())
            }
            Err(e) => (
                Verdict::Failed {
                    message: e.to_string(),
                    detail: e.to_string(),
                },
                e.wire().to_string(),
            ),
        };
        if let Some(dir) = &log_dir {
            write_log(dir, &name, &verdict, &wire);
        }
        let result = match &verdict {
            Verdict::Failed { detail, .. } => Err(Failed::from(detail.as_str())),
            Verdict::Passed | Verdict::Skipped(_) => Ok(()),
        };
        record_case(
            &junit,
            Case {
                name,
                time: start.elapsed(),
                verdict,
                wire,
            },
        );
        result
    })
    .with_ignored_flag(skip.is_some())
}

/// Writes `DIR/<name>.log`: the verdict, then the wire log. A failure to write is reported
/// and does not fail the transcript.
fn write_log(dir: &Path, name: &str, verdict: &Verdict, wire: &str) {
    let path = dir.join(format!("{name}.log"));
    let head = match verdict {
        Verdict::Passed => "passed\n".to_string(),
        Verdict::Failed { detail, .. } => format!("failed\n{detail}"),
        Verdict::Skipped(why) => format!("skipped: {why}\n"),
    };
    let written = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&path, format!("{name}: {head}\n{wire}")));
    if let Err(e) = written {
        eprintln!("--log {}: {e}", path.display());
    }
}

/// The default corpus location relative to the working directory.
pub fn default_roots() -> Vec<PathBuf> {
    vec![PathBuf::from("conformance")]
}

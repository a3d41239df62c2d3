//! `run`: replays transcripts as libtest-mimic trials.

use std::path::PathBuf;
use std::process::ExitCode;

use std::sync::{Arc, Mutex};

use clap::Args;
use simcom_conformance::coverage::{Coverage, Report};
use simcom_conformance::replay::runner::{self, RunOptions};
use simcom_conformance::spec::Spec;
use simcom_conformance::transcript::corpus;

use super::{Error, FtpdArgs, ServerArgs, TargetArgs, VarArgs};

/// Replays transcripts and prints one line per transcript.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  simcom-conformance run
  simcom-conformance run conformance/app-note --filter 5.1.1 --junit report.xml
  simcom-conformance run --tag get --log wire/
  simcom-conformance run --target serial:/dev/ttyUSB2 --baud 115200 --rtscts --var password=secret
  simcom-conformance run conformance/app-note --server ftp://me:secret@127.0.0.1:2121")]
pub(crate) struct RunArgs {
    /// Transcript files or folders [default: conformance]; each must exist
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    server: ServerArgs,
    #[command(flatten)]
    ftpd: FtpdArgs,
    #[command(flatten)]
    vars: VarArgs,
    /// Only transcripts with this tag (repeatable: any of them), e.g. --tag get
    #[arg(long, value_name = "TAG")]
    tag: Vec<String>,
    /// Writes a JUnit XML report, updated as each transcript finishes, e.g. --junit report.xml
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Writes each transcript's wire log (both directions, timed, passwords redacted) into
    /// DIR, e.g. --log wire/
    #[arg(long, value_name = "DIR")]
    log: Option<PathBuf>,
    /// On a serial target, replays on the module and its --server as they are: nothing brings
    /// them to each transcript's world first
    #[arg(long)]
    no_provision: bool,
    /// On a serial target, resets the module (AT+CFUN=1,1, then waits for it to answer) before
    /// each transcript
    #[arg(long, conflicts_with = "no_provision")]
    reset: bool,
    /// The live module's profile (its firmware's choices where the spec leaves one): a file
    /// with `profile:`, as serve --world takes. On a serial target, transcripts whose profile
    /// differs are skipped [default: the spec's defaults], e.g. --profile my-firmware.yaml
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// The longest any expectation waits, in seconds, instead of each transcript's `timeout`
    /// (a bound on a run against a module that may stop answering), e.g. --timeout 20
    #[arg(long, value_name = "SECS", value_parser = super::seconds)]
    timeout: Option<f64>,
    /// Runs the transcripts in a random order (the seed is printed)
    #[arg(long)]
    shuffle: bool,
    /// Runs the transcripts in the order this seed gives, e.g. --shuffle-seed 7
    #[arg(long, value_name = "SEED")]
    shuffle_seed: Option<u64>,
    /// Measures what the run's exchanges reached of spec/ (command forms, parameter
    /// boundaries, final results, FTP and CME error codes, URCs): prints a summary and writes
    /// coverage.json, coverage.md and coverage.html (the matrix) into DIR; the JUnit report
    /// carries the totals as properties
    #[arg(long, value_name = "DIR", num_args = 0..=1, default_missing_value = "coverage")]
    coverage: Option<PathBuf>,
    #[command(flatten)]
    test: libtest_mimic::Arguments,
}

pub(crate) fn main(a: RunArgs) -> Result<ExitCode, Error> {
    let roots = if a.paths.is_empty() {
        runner::default_roots()
    } else {
        a.paths
    };
    if a.server.given() && a.ftpd.config().is_some() {
        super::usage("--server and --ftpd name two servers: give one");
    }
    let server = match a.ftpd.start()? {
        Some(side) => Some(side),
        None => a.server.side(),
    };
    let target = a.target.spec(server);
    let mut opts = RunOptions::new(roots, target);
    opts.vars = a.vars.map();
    opts.tags = a.tag;
    opts.junit = a.junit;
    opts.log = a.log;
    opts.provision = !a.no_provision;
    opts.timeout = a.timeout.map(std::time::Duration::from_secs_f64);
    if let Some(f) = &a.profile {
        opts.module_profile = corpus::load_world(f, &opts.vars)
            .map_err(|e| format!("--profile {}: {e}", f.display()))?
            .profile;
    }
    opts.reset = a.reset;
    opts.shuffle = a.shuffle_seed.or_else(|| {
        a.shuffle.then(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        })
    });
    opts.args = a.test;
    let list = opts.args.list;
    let coverage = match &a.coverage {
        Some(_) if !list => Some(Arc::new(Mutex::new(Coverage::new(Spec::built_in()?)))),
        _ => None,
    };
    opts.coverage = coverage.clone();
    let summary = runner::run(opts)?;
    if let (Some(c), Some(dir)) = (coverage, &a.coverage) {
        let report = c.lock().map_err(|_| "the coverage was poisoned")?.report();
        println!("{}", report.summary());
        write_coverage(dir, &report)?;
    }
    if !list && summary.selected_none() {
        return Err(format!(
            "no transcript selected: the filters left out all {}",
            summary.total
        )
        .into());
    }
    Ok(if summary.failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes `DIR/coverage.json`, `DIR/coverage.md` and `DIR/coverage.html`.
fn write_coverage(dir: &std::path::Path, report: &Report) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| format!("--coverage {}: {e}", dir.display()))?;
    for (name, text) in [
        ("coverage.json", report.json()),
        (
            "coverage.md",
            format!("# Spec coverage\n\n{}", report.markdown()),
        ),
        ("coverage.html", report.html()),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("--coverage {}: {e}", path.display()))?;
    }
    println!(
        "coverage written to {}: coverage.json, coverage.md, coverage.html",
        dir.display()
    );
    Ok(())
}

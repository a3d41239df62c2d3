//! `run`: replays transcripts as libtest-mimic trials.

use std::process::ExitCode;

use libtest_mimic::Arguments;
use simcom_conformance::runner::{self, TargetSpec};
use simcom_conformance::serial::SerialConfig;

use crate::TargetOpts;
use crate::cli::ServerArgs;

pub(crate) fn main(o: TargetOpts, args: Vec<String>) -> Result<ExitCode, String> {
    let mut paths = Vec::new();
    let mut junit = None;
    let mut server = ServerArgs::default();
    let mut test_args = vec!["simcom-conformance run".to_string()];
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if server.take(&a, &mut it) {
            continue;
        }
        match a.as_str() {
            "--junit" => junit = Some(it.next().ok_or("--junit needs a file")?),
            // libtest options that take a value.
            "--skip" | "--test-threads" | "--format" | "--color" | "--logfile" => {
                test_args.push(a);
                test_args.extend(it.next());
            }
            s if s.starts_with('-') => test_args.push(a),
            // A path if it exists, else a name filter.
            s if std::path::Path::new(s).exists() => paths.push(crate::path(s)),
            _ => test_args.push(a),
        }
    }
    if paths.is_empty() {
        paths = runner::default_roots();
    }
    let args = Arguments::from_iter(test_args);
    let target = match (o.serial, server.finish()?) {
        (Some(_), Some(_)) => {
            return Err("--server runs the model: not with --target serial".into());
        }
        (None, None) => TargetSpec::Model,
        (None, Some(spec)) => TargetSpec::Real(spec),
        (Some(path), None) => TargetSpec::Serial(SerialConfig {
            path,
            baud: o.baud,
            rtscts: o.rtscts,
        }),
    };
    let ok = runner::run(
        &paths,
        &target,
        &o.vars,
        args,
        junit.as_deref().map(std::path::Path::new),
    )?;
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(101)
    })
}

//! `cargo test` replays the whole conformance corpus (`conformance/`) against the model: one
//! libtest-mimic trial per transcript, with cargo test's filters and options.

use std::path::PathBuf;
use std::process::ExitCode;

use libtest_mimic::Arguments;
use simcom_conformance::runner::{self, TargetSpec};

fn main() -> ExitCode {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../conformance"));
    match runner::run(
        &[root],
        &TargetSpec::Model,
        &Default::default(),
        Arguments::from_args(),
        None,
    ) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(101),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

//! `cargo test` replays the whole conformance corpus (`conformance/`) against the model: one
//! libtest-mimic trial per transcript, with cargo test's filters and options.

use std::path::PathBuf;
use std::process::ExitCode;

use libtest_mimic::Arguments;
use simcom_conformance::replay::runner::{self, RunOptions};
use simcom_conformance::target::TargetSpec;

fn main() -> ExitCode {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../conformance"));
    let mut opts = RunOptions::new(vec![root], TargetSpec::Model);
    opts.args = Arguments::from_args();
    match runner::run(opts) {
        Ok(s) if s.failed == 0 => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(101),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

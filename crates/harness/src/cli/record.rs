//! `record`: play a transcript's sends and write what came back as a new transcript.

use std::process::ExitCode;

use crate::TargetOpts;

pub(crate) fn main(_o: TargetOpts, _args: Vec<String>) -> Result<ExitCode, String> {
    Err("record: not yet available".into())
}

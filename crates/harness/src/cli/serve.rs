//! `serve --pty`: the model as a virtual module on a pseudo-terminal.

use std::process::ExitCode;

pub(crate) fn main(_args: Vec<String>) -> Result<ExitCode, String> {
    Err("serve: not yet available".into())
}

//! `completions`: shell completions and the man page, generated from the same clap definition
//! as the command line itself.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use clap_complete::Shell;

use super::Error;

/// Prints shell completions, or writes the man pages.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  simcom-conformance completions bash > /etc/bash_completion.d/simcom-conformance
  simcom-conformance completions zsh > ~/.zfunc/_simcom-conformance
  simcom-conformance completions --man target/man   # simcom-conformance.1, simcom-conformance-run.1, …")]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, required_unless_present = "man")]
    shell: Option<Shell>,
    /// Writes the man pages (one per command) into DIR instead
    #[arg(long, value_name = "DIR", conflicts_with = "shell")]
    man: Option<PathBuf>,
}

pub(crate) fn main(a: CompletionsArgs) -> Result<ExitCode, Error> {
    let mut cmd = super::command();
    if let Some(dir) = a.man {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        clap_mangen::generate_to(cmd, &dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(shell) = a.shell {
        let mut out = std::io::stdout().lock();
        clap_complete::generate(shell, &mut cmd, "simcom-conformance", &mut out);
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

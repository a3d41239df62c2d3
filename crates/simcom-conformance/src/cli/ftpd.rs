//! `ftpd`: the harness's own FTP(S) server, on its own, with one world.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use simcom_conformance::target::ServerSide;
use simcom_conformance::transcript::corpus;

use super::{Error, FtpdArgs, VarArgs, usage};

/// Runs the harness's own FTP(S) server (the one `run --ftpd` switches to each transcript's
/// world) with one world, until it is stopped: for a module you drive by hand, or for `serve
/// --pty --server`. Prints its two addresses (plain/explicit FTPS, implicit FTPS) on one line.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  simcom-conformance ftpd --ftpd 0.0.0.0:21 --ftpd-host 203.0.113.5
  simcom-conformance ftpd --ftpd 127.0.0.1:2121 --ftpd-implicit 127.0.0.1:9990 --world conformance/app-note/5.1.1-get.yaml")]
pub(crate) struct FtpdCommandArgs {
    #[command(flatten)]
    ftpd: FtpdArgs,
    /// The server's world: a transcript, or a file with only `world:` [default: no files, the
    /// account simcomtest/simcomtest]
    #[arg(long, value_name = "FILE")]
    world: Option<PathBuf>,
    #[command(flatten)]
    vars: VarArgs,
}

pub(crate) fn main(a: FtpdCommandArgs) -> Result<ExitCode, Error> {
    let Some(ServerSide::Ftpd(server)) = a.ftpd.start()? else {
        usage("ftpd needs --ftpd ADDR: where to listen, e.g. --ftpd 127.0.0.1:2121")
    };
    if let Some(f) = &a.world {
        server.set_world(&corpus::load_world(f, &a.vars.map())?.world.server)?;
    }
    println!("{} {}", server.plain(), server.implicit());
    eprintln!("simcom-conformance: ftpd running; stop it with Ctrl-C (SIGINT) or SIGTERM");
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}

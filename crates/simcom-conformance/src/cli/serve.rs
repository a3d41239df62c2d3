//! `serve --pty`: the model as a virtual module on a pseudo-terminal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use simcom_conformance::realnet::provision::provision;
use simcom_conformance::realnet::{RealNet, ServerSpec};
use simcom_conformance::serve::VirtualModule;
use simcom_conformance::target::server_tree;
use simcom_conformance::transcript::{corpus, world};
use simcom_ftp_model::server::Server;
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{Module, Profile};

use super::{Error, ServerArgs, VarArgs};

/// Runs the model as a virtual module on a pseudo-terminal and prints its path.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  simcom-conformance serve --pty
  simcom-conformance serve --pty --world conformance/app-note/5.1.1-get.yaml
  simcom-conformance serve --pty --latency 300ms
  simcom-conformance serve --pty --server ftp://me:secret@ftp.example.com:21")]
pub(crate) struct ServeArgs {
    /// Serves on a pseudo-terminal (the only transport for now)
    #[arg(long, required = true)]
    pty: bool,
    /// The starting state: a transcript, or a file with only `world:` (and `profile:`,
    /// `vars:`) [default: note 4.1's state and a server holding /simftp.txt]
    #[arg(long, value_name = "FILE")]
    world: Option<PathBuf>,
    /// How long the in-memory server takes to answer each request (connect and log in, each
    /// FTP command, each read of a transfer): `world.server.latency`, which it replaces when
    /// the world gives one. 0 answers at once, faster than any network; a cellular round trip
    /// is 100ms-300ms on LTE-M and 1s-10s on NB-IoT (see the README), e.g. --latency 300ms
    #[arg(long, value_name = "DURATION", value_parser = super::duration, conflicts_with = "server")]
    latency: Option<std::time::Duration>,
    #[command(flatten)]
    vars: VarArgs,
    #[command(flatten)]
    server: ServerArgs,
}

/// The world without `--world`: the state at the start of note 4.1 (no context active) and a
/// server with the note's account and its `/simftp.txt` (1074 bytes, as in 5.1.1).
pub(crate) fn default_sim() -> Result<Sim, Error> {
    let mut server = Server::default();
    let data: Vec<u8> = (0..1074).map(|i| b"0123456789"[i % 10]).collect();
    server.add_file("/simftp.txt", data)?;
    Ok(Sim::new(Module::new(Profile::default()), server))
}

pub(crate) fn main(a: ServeArgs) -> Result<ExitCode, Error> {
    let mut vars = a.vars.map();
    if let Some(spec) = a.server.spec() {
        vars.extend(spec.vars());
        return serve_real(&spec, a.world.as_deref(), &vars);
    }
    let mut sim = match &a.world {
        Some(f) => world::sim(&corpus::load_world(f, &vars)?)?,
        None => default_sim()?,
    };
    if let Some(latency) = a.latency {
        sim.server.pacing_mut().latency = latency;
    }
    let vm = VirtualModule::start(sim)?;
    run_until_it_ends(vm.path(), || vm.has_ended());
    vm.stop()?;
    Ok(ExitCode::FAILURE)
}

/// Prints the terminal's path and serves until the process is stopped (SIGINT, SIGTERM) or
/// the server ends on an error, which the caller then reports.
fn run_until_it_ends(path: &std::path::Path, ended: impl Fn() -> bool) {
    println!("{}", path.display());
    eprintln!(
        "simcom-conformance: virtual module running; stop it with Ctrl-C (SIGINT) or SIGTERM"
    );
    while !ended() {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// `serve --pty --server URL`: with `--world`, the world's files provisioned onto the real
/// server (which replaces what the account held); without it the server is used as it is.
/// The model then runs with the real network (the server's own pacing, listings and times)
/// behind the pseudo-terminal.
fn serve_real(
    spec: &ServerSpec,
    world_file: Option<&Path>,
    vars: &BTreeMap<String, String>,
) -> Result<ExitCode, Error> {
    let module = match world_file {
        Some(f) => {
            let t = corpus::load_world(f, vars)?;
            provision(&spec.url, &server_tree(&t.world.server), spec.timeouts)?;
            world::module(&t)?
        }
        None => Module::new(Profile::default()),
    };
    let net = RealNet::with_options(spec.ports(), spec.timeouts, None, spec.ca.clone(), None);
    let vm = VirtualModule::start(Sim::new(module, net))?;
    run_until_it_ends(vm.path(), || vm.has_ended());
    vm.stop()?;
    Ok(ExitCode::FAILURE)
}

//! `serve --pty`: the model as a virtual module on a pseudo-terminal.

use std::process::ExitCode;

use simcom_conformance::pty::VirtualModule;
use simcom_conformance::realnet::{self, RealModule, RealNet, ServerSpec, WallSim};
use simcom_conformance::transcript::Transcript;
use simcom_conformance::world;
use simcom_ftp::server::Server;
use simcom_ftp::sim::Sim;
use simcom_ftp::{Module, Profile};

use crate::cli::{ServerArgs, var};

/// The world without `--world`: the state at the start of note 4.1 (no context active) and a
/// server with the note's account and its `/simftp.txt` (1074 bytes, as in 5.1.1).
fn default_sim() -> Result<Sim, String> {
    let mut server = Server::default();
    let data: Vec<u8> = (0..1074).map(|i| b"0123456789"[i % 10]).collect();
    server
        .add_file("/simftp.txt", data)
        .map_err(|e| e.to_string())?;
    Ok(Sim::new(Module::new(Profile::default()), server))
}

pub(crate) fn main(args: Vec<String>) -> Result<ExitCode, String> {
    let mut pty = false;
    let mut world_file = None;
    let mut vars = std::collections::BTreeMap::new();
    let mut server = ServerArgs::default();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if server.take(&a, &mut it) {
            continue;
        }
        match a.as_str() {
            "--pty" => pty = true,
            "--world" => world_file = Some(it.next().ok_or("--world needs a transcript")?),
            "--var" => var(&it.next().ok_or("--var needs NAME=VALUE")?, &mut vars)?,
            s => return Err(format!("serve: unknown argument {s}")),
        }
    }
    if !pty {
        return Err("serve: --pty is required (the only transport for now)".into());
    }
    if let Some(spec) = server.finish()? {
        vars.extend(spec.vars());
        return serve_real(&spec, world_file.as_deref(), &vars);
    }
    let sim = match world_file {
        Some(f) => world::sim(&load_world(&f, &vars)?).map_err(|e| e.to_string())?,
        None => default_sim()?,
    };
    let vm = VirtualModule::start(sim)?;
    run_until_it_ends(vm.path(), || vm.has_ended());
    vm.stop().map(|()| ExitCode::FAILURE)
}

/// `--world FILE`: a transcript, or a file with only `world:` (and `profile:`, `vars:`).
fn load_world(
    file: &str,
    vars: &std::collections::BTreeMap<String, String>,
) -> Result<Transcript, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    Transcript::parse_world(&text, vars).map_err(|e| format!("{file}: {e}"))
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
    world_file: Option<&str>,
    vars: &std::collections::BTreeMap<String, String>,
) -> Result<ExitCode, String> {
    let module = match world_file {
        Some(f) => {
            let t = load_world(f, vars)?;
            realnet::provision::provision(&spec.url, &t.world.server, spec.timeouts)?;
            world::module(&t).map_err(|e| e.to_string())?
        }
        None => Module::new(Profile::default()),
    };
    let net = RealNet::with_options(spec.ports(), spec.timeouts, None, spec.ca.clone(), None);
    let vm = RealModule::start(WallSim::new(module, net))?;
    run_until_it_ends(vm.path(), || vm.has_ended());
    vm.stop().map(|()| ExitCode::FAILURE)
}

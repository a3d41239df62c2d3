//! Builds the model and its in-memory server from a transcript's `world` and `profile`.

use simcom_ftp_model::Module;
use simcom_ftp_model::server::{Pacing, Server, ServerConfig};
use simcom_ftp_model::sim::Sim;

use super::{ServerWorld, Transcript, TranscriptError};

/// The in-memory server of a transcript's world.
pub fn server(t: &Transcript) -> Result<Server, TranscriptError> {
    let w = &t.world.server;
    let mut config = ServerConfig::default();
    if let Some(users) = &w.users {
        config.users = users.iter().map(|(u, p)| (u.clone(), p.clone())).collect();
    }
    if let Some(m) = w.mtime {
        config.epoch = m;
    }
    config.listing = w.listing;
    config.pacing = pacing(w);
    config.faults.refuse_connections = w.faults.refuse_connections;
    config.faults.drop_after = w.faults.drop_after;
    config.faults.stall_after = w.faults.stall_after;
    config.faults.fail_steps.clone_from(&w.faults.fail);
    config.ca = w.ca.as_ref().map(super::BytesSpec::bytes);
    let mut server = Server::new(config);
    let bad = |e: simcom_ftp_model::server::ProvisionError| {
        TranscriptError::Invalid(format!("world.server: {e}"))
    };
    for d in &w.dirs {
        server.add_dir(d).map_err(bad)?;
    }
    for (path, content) in &w.files {
        server.add_file(path, content.bytes()).map_err(bad)?;
    }
    Ok(server)
}

/// The model of a transcript's world: the profile, the bearer, the module's files.
pub fn module(t: &Transcript) -> Result<Module, TranscriptError> {
    let cellular = t.world.cellular.clone().unwrap_or_default();
    let mut m = Module::with_cellular(t.profile.clone(), cellular);
    if t.world.power_up {
        m.reset();
    }
    if t.world.bearer_active {
        m.set_context_active(0, true);
    }
    for (dir, name, content) in &t.world.module_files {
        if !m
            .file_system_mut()
            .write(*dir, name, &content.bytes(), false)
        {
            return Err(TranscriptError::Invalid(format!(
                "world.module_files: {}{name} does not fit in the module's file system",
                dir.path()
            )));
        }
    }
    Ok(m)
}

/// The model wired to its server at virtual time zero.
///
/// ```
/// use simcom_conformance::transcript::{Transcript, world};
/// let t = Transcript::parse(
///     "title: t\nsource: s\nworld: { bearer: active, server: { files: { /a.txt: hi } } }\nsteps: [{ send: AT }]\n",
///     &Default::default(),
/// ).unwrap();
/// let sim = world::sim(&t).unwrap();
/// assert_eq!(sim.server.file("/a.txt"), Some(&b"hi"[..]));
/// ```
pub fn sim(t: &Transcript) -> Result<Sim, TranscriptError> {
    let mut sim = Sim::new(module(t)?, server(t)?);
    // What the module printed before the run (`world.power_up`'s boot URCs) is on the UART
    // at time zero.
    sim.settle()
        .map_err(|e| TranscriptError::Invalid(format!("world: {e}")))?;
    Ok(sim)
}

/// The pace a world's server sends at (`pieces`, `list_pieces`, `interval`, `latency`,
/// `hold`), for the in-memory server and for shaping a real one alike.
///
/// ```
/// use simcom_conformance::transcript::{Transcript, world};
/// let t = Transcript::parse("title: t\nsource: s\nworld: { server: { interval: 1s } }\nsteps: [{ send: AT }]\n", &Default::default()).unwrap();
/// assert_eq!(world::pacing(&t.world.server).interval, std::time::Duration::from_secs(1));
/// ```
pub fn pacing(w: &ServerWorld) -> Pacing {
    let mut pacing = Pacing::default();
    if let Some(p) = &w.pieces {
        pacing.pieces.clone_from(p);
    }
    if let Some(p) = &w.list_pieces {
        pacing.list_pieces.clone_from(p);
    }
    if let Some(i) = w.interval {
        pacing.interval = i;
    }
    if let Some(l) = w.latency {
        pacing.latency = l;
    }
    pacing.hold = w.hold;
    pacing
}

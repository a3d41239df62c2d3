//! The model against a real FTP(S) server: the `realnet` driver (suppaftp + rustls) talking to
//! libunftp (with the unftp-sbe-fs file system back-end) on 127.0.0.1.
//!
//! Each trial starts its own server: this test binary run again as a child process (the
//! environment variable `SIMCOM_REALNET_TEST_SERVER` names its directory), so that a trial can
//! kill the server mid-transfer with SIGKILL. The child serves plain FTP and explicit FTPS
//! (AUTH TLS, PROT P) on one port, passive and active data connections, with a certificate
//! signed by a CA the test generates (rcgen). The control connections go through a TLS front
//! in the child (tokio-rustls, the same certificate): on the first port it answers `AUTH TLS`
//! itself (libunftp 0.24 answers it before it stops reading commands, so that a fast client's
//! ClientHello is sometimes taken for a command), on the second it speaks TLS from the first
//! byte (libunftp has no implicit FTPS); either way it relays the decrypted control
//! connection to libunftp. The data connections are libunftp's own (PROT P: TLS by libunftp).
//!
//! - `corpus/…`: every transcript of `conformance/app-note/` replays against model + real
//!   server with the same result as against the in-memory server;
//! - `mode/…`: GET, PUT, APPE, STOU, LIST, SIZE, MDTM over plain FTP (passive, active),
//!   explicit and implicit FTPS (verified against the module's CA, and "ignore the
//!   certificate");
//! - `fault/…`: the server killed mid-transfer (79, the partial file removed), a wrong
//!   password (72), a TLS failure (90), a refused connection (63), a server that never greets
//!   (64, nothing hangs);
//! - `matrix/…`: the data phases of the fault matrix (tests/common/phases.rs) with no fault,
//!   the server gone, the network stalled halfway and the server killed halfway;
//! - `cli/…`: `run --server` and `serve --pty --server`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

mod common;

use common::{bin, note, phases, repo, serve_pty, text};
use libtest_mimic::{Arguments, Failed, Trial};
use simcom_conformance::realnet::{RealNet, ServerSpec, ServerUrl};
use simcom_conformance::replay::{Outcome, replay};
use simcom_conformance::target::{
    ModelTarget, RealTarget, SerialConfig, SerialTarget, server_tree,
};
use simcom_conformance::transcript::corpus::{self, load};
use simcom_conformance::transcript::{Transcript, world};
use simcom_ftp_model::sim::Sim;

const CHILD: &str = "SIMCOM_REALNET_TEST_SERVER";
/// The account of the test server: not the transcripts' `simcomtest`, so that a pass shows
/// that `--server` replaced it.
const USER: &str = "tester";
const PASS: &str = "s3cret-pw";

/// A CA and the server certificate it signs (for 127.0.0.1 and localhost), PEM.
struct Pki {
    ca: String,
    cert: String,
    key: String,
}

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| make_pki("simcom-conformance test CA"))
}

fn make_pki(name: &str) -> Pki {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, name);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let issuer = rcgen::CertifiedIssuer::self_signed(ca, ca_key).expect("CA");
    let key = KeyPair::generate().expect("server key");
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
        .expect("server params");
    params
        .distinguished_name
        .push(DnType::CommonName, "simcom-conformance test server");
    let cert = params.signed_by(&key, &issuer).expect("server certificate");
    Pki {
        ca: issuer.pem(),
        cert: cert.pem(),
        key: key.serialize_pem(),
    }
}

/// A libunftp server in a child process, killed when dropped.
struct Server {
    child: Child,
    plain: u16,
    implicit: u16,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Result<Self, Failed> {
        let dir = tempfile::tempdir()?;
        let p = pki();
        std::fs::write(dir.path().join("cert.pem"), format!("{}{}", p.cert, p.ca))?;
        std::fs::write(dir.path().join("key.pem"), &p.key)?;
        std::fs::create_dir(dir.path().join("root"))?;
        let mut child = Command::new(std::env::current_exe()?)
            .env(CHILD, dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                return Err("the test server did not start within 30 s".into());
            }
        };
        let ports: Vec<u16> = line
            .split_whitespace()
            .filter_map(|p| p.parse().ok())
            .collect();
        let [plain, implicit] = ports[..] else {
            let _ = child.kill();
            return Err(format!("the test server said {line:?}").into());
        };
        Ok(Self {
            child,
            plain,
            implicit,
            _dir: dir,
        })
    }

    fn url(&self) -> ServerUrl {
        ServerUrl::parse(&format!("ftp://{USER}:{PASS}@127.0.0.1:{}", self.plain)).expect("url")
    }

    /// `--server` for this server (port 21 → plain, 990 → the implicit front).
    fn spec(&self) -> ServerSpec {
        let mut s = ServerSpec::new(self.url());
        s.implicit_port = Some(self.implicit);
        s
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn show(o: &Outcome) -> String {
    match &o.failure {
        None => "passed".to_string(),
        Some(f) => f.to_string(),
    }
}

/// Parses `yaml` with the server's account and `extra` as vars.
fn transcript(yaml: &str, spec: &ServerSpec, extra: &[(&str, &str)]) -> Result<Transcript, Failed> {
    let mut vars = spec.vars();
    for (k, v) in extra {
        vars.insert((*k).to_string(), (*v).to_string());
    }
    Ok(Transcript::parse(yaml, &vars)?)
}

fn replay_real(t: &Transcript, spec: &ServerSpec) -> Result<(), Failed> {
    let mut target = RealTarget::open(spec, t)?;
    let o = replay(t, &mut target);
    match o.failure {
        None => Ok(()),
        Some(_) => Err(show(&o).into()),
    }
}

// --- The corpus ----------------------------------------------------------------------------

/// A transcript of the note against model + real server: the same result as against the
/// in-memory server (both pass, or both fail at the same step), the first time.
///
/// The replay runs at wall time. A transcript that reads a download's progress at a fixed time
/// holds the download there (`hold:`) for a margin larger than a real server's set-up; none
/// relies on a window of a few interval's worth.
fn corpus_trial(path: &Path) -> Result<(), Failed> {
    corpus_once(path)
}

fn corpus_once(path: &Path) -> Result<(), Failed> {
    let own = load(path, &BTreeMap::new())?;
    let model = replay(&own, &mut ModelTarget::new(world::sim(&own)?));
    let server = Server::start()?;
    let mut spec = server.spec();
    // The note's certificate is made up: the test CA stands in for it (--server-ca).
    spec.ca = Some(pki().ca.clone().into_bytes());
    let t = load(path, &spec.vars())?;
    let mut target = RealTarget::open(&spec, &t)?;
    let real = replay(&t, &mut target);
    let step = |o: &Outcome| o.failure.as_ref().map(|f| f.step);
    if step(&model) == step(&real) {
        Ok(())
    } else {
        Err(format!("model: {}\nreal server: {}", show(&model), show(&real)).into())
    }
}

// --- Modes ---------------------------------------------------------------------------------

const MODES: &str = include_str!("transcripts/modes.yaml");

fn mode_trial(label: &str, port: &str, mode: &str, ssl: &str) -> Result<(), Failed> {
    let server = Server::start()?;
    let spec = server.spec();
    let vars = [
        ("label", label),
        ("port", port),
        ("mode", mode),
        ("ssl", ssl),
        ("ca", pki().ca.as_str()),
    ];
    replay_real(&transcript(MODES, &spec, &vars)?, &spec)
}

// --- Faults --------------------------------------------------------------------------------

/// The account and paths before each fault session (the fault matrix's setup).
const SETTINGS: &str = phases::SETUP;

/// The server killed (SIGKILL) while a download into the module's file system runs: the
/// session ends with 79 and the partial file is removed (note 2.2.3).
fn killed_mid_transfer() -> Result<(), Failed> {
    let mut server = Server::start()?;
    let spec = server.spec();
    // 32 MB, read 1460 bytes per millisecond: the transfer runs for about 20 s unless the
    // server dies; larger than the sockets' buffers, so the server is still sending.
    let head = r#"
title: killed mid-transfer
source: crates/simcom-conformance/tests/real_server.rs
profile: { fs_capacity: 64000000 }
world:
  bearer: active
  server:
    pieces: [1460]
    interval: 1ms
    files: { /big.bin: { size: 32000000, seed: 9 } }
"#;
    let start = format!(
        "{head}steps:{SETTINGS}  - send: AT+FTPGETNAME=\"big.bin\"\n  - expect: OK\n  - send: AT+FTPGETPATH=\"/\"\n  - expect: OK\n  - send: AT+FTPEXTGET=2,3,\"part.bin\"\n  - expect: OK\n  - wait: 1500ms\n  - send: AT+FTPTOFSST\n  - expect_re: '^\\+FTPTOFSST: 1,0,[1-9][0-9]*$'\n  - expect: OK\n"
    );
    let end = format!(
        "{head}timeout: 60s\nsteps:\n  - expect: \"+FTPEXTGETFILE: 1,79\"\n  - send: AT+FTPTOFSST\n  - expect: \"+FTPTOFSST: 0,79,0\"\n  - expect: OK\n  - send: AT+CFSINIT\n  - expect: OK\n  - send: AT+CFSGFIS=3,\"part.bin\"\n  - expect: ERROR\n"
    );
    let first = transcript(&start, &spec, &[])?;
    let mut target = RealTarget::open(&spec, &first)?;
    let o = replay(&first, &mut target);
    if o.failure.is_some() {
        return Err(format!("before the kill: {}", show(&o)).into());
    }
    server.kill();
    let killed = std::time::Instant::now();
    let second = transcript(&end, &spec, &[])?;
    let o = replay(&second, &mut target);
    if o.failure.is_some() {
        return Err(format!("after the kill: {}", show(&o)).into());
    }
    eprintln!("79 came {:?} after the kill", killed.elapsed());
    Ok(())
}

/// One session against the server with `settings` steps (after the account's), expecting
/// `result` as the session's outcome line.
fn session(
    spec: &ServerSpec,
    profile: &str,
    extra: &str,
    vars: &[(&str, &str)],
) -> Result<(), Failed> {
    let yaml = format!(
        "title: fault\nsource: crates/simcom-conformance/tests/real_server.rs\n{profile}world:\n  bearer: active\n  server:\n    files: {{ /a.txt: hello }}\n  module_files:\n    /customer/ca.pem: \"${{ca}}\"\nsteps:{SETTINGS}  - send: AT+FTPGETNAME=\"a.txt\"\n  - expect: OK\n  - send: AT+FTPGETPATH=\"/\"\n  - expect: OK\n  - send: AT+CSSLCFG=\"convert\",2,\"ca.pem\"\n  - expect: OK\n{extra}"
    );
    let t = transcript(&yaml, spec, vars)?;
    replay_real(&t, spec)
}

fn wrong_password() -> Result<(), Failed> {
    let server = Server::start()?;
    let spec = server.spec();
    let ca = pki().ca.clone();
    session(
        &spec,
        "",
        "  - send: AT+FTPPW=\"not-the-password\"\n  - expect: OK\n  - send: AT+FTPGET=1\n  - expect: OK\n  - expect: \"+FTPGET: 1,72\"\n",
        &[("ca", &ca)],
    )
}

/// The server's certificate is not signed by the CA the module names: 90, explicit and
/// implicit. With the right CA the same sessions work.
fn tls_failure() -> Result<(), Failed> {
    let server = Server::start()?;
    let spec = server.spec();
    let other = make_pki("another CA").ca;
    let steps = "  - send: AT+FTPSSL=2,0,\"ca.pem\",\"\"\n  - expect: OK\n  - send: AT+FTPSIZE\n  - expect: OK\n  - expect: \"+FTPSIZE: 1,90,0\"\n  - send: AT+FTPPORT=990\n  - expect: OK\n  - send: AT+FTPSSL=1,0,\"ca.pem\",\"\"\n  - expect: OK\n  - send: AT+FTPSIZE\n  - expect: OK\n  - expect: \"+FTPSIZE: 1,90,0\"\n";
    session(&spec, "", steps, &[("ca", &other)])?;
    let ok = steps.replace("1,90,0", "1,0,5");
    session(&spec, "", &ok, &[("ca", &pki().ca)])
}

fn refused() -> Result<(), Failed> {
    let server = Server::start()?;
    let spec = server.spec();
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let steps = format!(
        "  - send: AT+FTPPORT={port}\n  - expect: OK\n  - send: AT+FTPGET=1\n  - expect: OK\n  - expect: \"+FTPGET: 1,63\"\n"
    );
    session(&spec, "", &steps, &[("ca", &pki().ca)])
}

/// A server that accepts the connection and never says a word: the model's own timeout (3 s
/// here) ends the session with 64, the driver's connection is shut down, nothing hangs.
fn silent_server() -> Result<(), Failed> {
    let server = Server::start()?;
    let spec = server.spec();
    let silent = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = silent.local_addr()?.port();
    let start = std::time::Instant::now();
    let steps = format!(
        "  - send: AT+FTPPORT={port}\n  - expect: OK\n  - send: AT+FTPGET=1\n  - expect: OK\n  - expect: \"+FTPGET: 1,64\"\n  - send: AT+FTPSTATE\n  - expect: \"+FTPSTATE: 0\"\n  - expect: OK\n"
    );
    session(
        &spec,
        "profile: { server_timeout: 3s }\n",
        &steps,
        &[("ca", &pki().ca)],
    )?;
    drop(silent);
    if start.elapsed() > Duration::from_secs(20) {
        return Err(format!("took {:?}", start.elapsed()).into());
    }
    Ok(())
}

// --- The fault matrix against a real server -------------------------------------------------

/// What the real server does in a cell of the fault matrix (`tests/fault_matrix.rs` has the
/// model's and the pseudo-terminal's; the failure replies of each FTP step are the in-memory
/// server's alone).
#[derive(Debug, Clone, Copy)]
enum RealFault {
    /// Nothing: the payload arrives byte for byte.
    None,
    /// The server is gone before the phase (killed after the world was provisioned): 63.
    Refused,
    /// The network goes silent halfway (the world's `stall_after`, shaped by the driver): 64.
    Stall,
    /// The server is killed (SIGKILL) halfway through the phase: the module's error code, or
    /// a success if every byte was already on its way.
    Killed,
}

/// A phase of the fault matrix under `fault`, model + libunftp at wall time.
fn real_cell(phase: &'static phases::Phase, fault: RealFault) -> Result<(), Failed> {
    let mut server = Server::start()?;
    let mut spec = server.spec();
    spec.ca = Some(pki().ca.clone().into_bytes());
    let vars: BTreeMap<String, String> = spec.vars().into_iter().collect();
    let world_fault = match fault {
        RealFault::Stall => phases::Fault::StallMid,
        _ => phases::Fault::None,
    };
    let t = phases::transcript_with(phase, world_fault, &vars);
    let mut target = RealTarget::open(&spec, &t)?;
    if matches!(fault, RealFault::Refused) {
        server.kill();
    }
    let root = server._dir.path().join("root");
    let at = phases::midway(phase, &vars);
    let server_cell = std::cell::RefCell::new(&mut server);
    let start = std::time::Instant::now();
    let (_, log) = {
        let mut striking = phases::Counting::new(&mut target, phase);
        if matches!(fault, RealFault::Killed) {
            striking.at = at;
            striking.strike = Some(Box::new(|| server_cell.borrow_mut().kill()));
        }
        simcom_conformance::replay::record(&t, &mut striking)
    };
    let took = start.elapsed();
    let landed = match phase.lands {
        phases::Lands::Wire => None,
        phases::Lands::Server => Some(std::fs::read(root.join("up.bin")).unwrap_or_default()),
        phases::Lands::Module(dir, name) => Some(
            target
                .wall()
                .module
                .file_system()
                .read(dir, name)
                .unwrap_or_default()
                .to_vec(),
        ),
    };
    let cell = phases::classify(phase, &log, landed);
    let typed = cell.parse::<u16>().is_ok();
    let ok = match fault {
        RealFault::None => cell == "ok",
        RealFault::Refused => cell == "63",
        RealFault::Stall => cell == "64",
        RealFault::Killed => cell == "ok" || typed,
    };
    if !ok || took > phases::BOUND {
        return Err(format!("{} under {fault:?}: {cell} after {took:?}", phase.name).into());
    }
    eprintln!("{} under {fault:?}: {cell} after {took:?}", phase.name);
    Ok(())
}

/// A phase of the fault matrix with a link fault striking halfway, through `serve --pty`'s
/// virtual module with the real server behind it: the same outcomes as with the in-memory
/// server (`tests/fault_matrix.rs` `link/…`).
fn real_link_cell(
    phase: &'static phases::Phase,
    fault: simcom_conformance::serve::LinkFault,
) -> Result<(), Failed> {
    let server = Server::start()?;
    let mut spec = server.spec();
    spec.ca = Some(pki().ca.clone().into_bytes());
    let vars: BTreeMap<String, String> = spec.vars().into_iter().collect();
    let t = phases::transcript_with(phase, phases::Fault::None, &vars);
    let sim = RealTarget::open(&spec, &t)?.into_sim();
    // link_cell fails unless the cell is what the fault must end in.
    let cell = phases::link_cell(phase, fault, &t, sim)?;
    eprintln!("{} with {fault:?}: {cell}", phase.name);
    Ok(())
}

// --- The command line ----------------------------------------------------------------------

/// `run PATH --server URL`: the transcript passes, and the password is not in the output.
fn cli_run() -> Result<(), Failed> {
    let server = Server::start()?;
    let url = format!("ftp://{USER}:{PASS}@127.0.0.1:{}", server.plain);
    let out = bin()
        .arg("run")
        .arg(note("5.1.1-get.yaml"))
        .arg(note("5.1.4-error.yaml"))
        .args([
            "--server",
            &url,
            "--server-implicit-port",
            &server.implicit.to_string(),
        ])
        .output()?;
    let text = common::text(&out);
    if !out.status.success() || !text.contains("2 passed") {
        return Err(format!("run --server failed:\n{text}").into());
    }
    // A failing run reports the URL: its password is redacted.
    let out = bin()
        .arg("run")
        .arg(note("5.1.1-get.yaml"))
        .args(["--server", &format!("ftp://{USER}:{PASS}@127.0.0.1:1")])
        .output()?;
    let text = common::text(&out);
    if out.status.success() || text.contains(PASS) || !text.contains("***") {
        return Err(format!("a refused --server, or the password shown:\n{text}").into());
    }
    Ok(())
}

/// The virtual module with the real network on a pseudo-terminal (what `serve --pty
/// --server` runs), driven through the serial target like a host program would.
fn pty_real() -> Result<(), Failed> {
    let server = Server::start()?;
    let spec = server.spec();
    let t = load(&note("5.1.2-put.yaml"), &spec.vars())?;
    simcom_conformance::realnet::provision::provision(
        &spec.url,
        &server_tree(&t.world.server),
        spec.timeouts,
    )?;
    let net = RealNet::with_options(spec.ports(), spec.timeouts, None, None, None);
    let o = common::replay_on_pty(Sim::new(world::module(&t)?, net), &t)?;
    match o.failure {
        None => Ok(()),
        Some(_) => Err(show(&o).into()),
    }
}

/// `run --target serial:PTY --server URL`: a live module (here `serve --pty`'s, its network
/// the real server) replays 5.1.9 with the world's file put on the server first and
/// `${server}`, `${user}`, `${password}` resolved to the server's account. The same run
/// without `--server` finds no file (the module's SIZE fails): the provisioning is what makes
/// it pass.
fn serial_with_server() -> Result<(), Failed> {
    let server = Server::start()?;
    let spec = server.spec();
    let t = load(&note("5.1.9-size.yaml"), &spec.vars())?;
    let net = RealNet::with_options(spec.ports(), spec.timeouts, None, None, None);
    let vm = simcom_conformance::serve::VirtualModule::start(Sim::new(world::module(&t)?, net))?;
    let target = format!("serial:{}", vm.path().display());
    let file = note("5.1.9-size.yaml");
    let file = file.to_str().ok_or("path")?;
    let url = format!("ftp://{USER}:{PASS}@127.0.0.1:{}", server.plain);
    let account = |k: &str, v: &str| format!("{k}={v}");
    let without = bin()
        .args(["run", file, "--target", &target, "--var"])
        .arg(account("server", "127.0.0.1"))
        .args([
            "--var",
            &account("user", USER),
            "--var",
            &account("password", PASS),
        ])
        .output()?;
    let with = bin()
        .args(["run", file, "--target", &target, "--server", &url])
        .output()?;
    vm.stop()?;
    if without.status.code() != Some(1) || !text(&without).contains("+FTPSIZE: 1,77,0") {
        return Err(format!("without --server:\n{}", text(&without)).into());
    }
    if !with.status.success() {
        return Err(format!("with --server:\n{}", text(&with)).into());
    }
    if text(&with).contains(PASS) || text(&without).contains(PASS) {
        return Err("the password leaked".into());
    }
    Ok(())
}

/// The name, and whether it passed, failed or was skipped (with its reason), of each case of
/// a JUnit report, read by a parser that is not ours.
fn junit_cases(path: &Path) -> Result<Vec<(String, String)>, Failed> {
    let f = std::fs::File::open(path)?;
    let suites = junit_parser::from_reader(BufReader::new(f)).map_err(|e| e.to_string())?;
    Ok(suites
        .suites
        .iter()
        .flat_map(|s| &s.cases)
        .map(|c| {
            let status = match &c.status {
                junit_parser::TestStatus::Success => "passed".to_string(),
                junit_parser::TestStatus::Skipped(s) => format!("skipped: {}", s.message),
                _ => "failed".to_string(),
            };
            // The report names a case `simcom-conformance::<name>`.
            let name = c.name.rsplit("::").next().unwrap_or(&c.name);
            (name.to_string(), status)
        })
        .collect())
}

/// Two free ports on 127.0.0.1 (bound and released: the server binds them next).
fn free_ports() -> Result<(u16, u16), Failed> {
    let a = std::net::TcpListener::bind("127.0.0.1:0")?;
    let b = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok((a.local_addr()?.port(), b.local_addr()?.port()))
}

/// A long-lived virtual module (`serve --pty --server`, its FTP sessions going to 127.0.0.1)
/// standing in for a live module, and the ports, certificate and key of the `run --ftpd` it
/// connects to.
struct Live {
    _vm: common::Killed,
    target: String,
    plain: u16,
    implicit: u16,
    cert: PathBuf,
    key: PathBuf,
}

impl Live {
    fn start() -> Result<Self, Failed> {
        let (plain, implicit) = free_ports()?;
        let pki = pki();
        let ca = common::scratch("live-ca.pem", &pki.ca);
        let (vm, pty) = serve_pty(&[
            "--server",
            &format!("ftp://module:side@127.0.0.1:{plain}"),
            "--server-implicit-port",
            &implicit.to_string(),
            "--server-ca",
            &ca.to_string_lossy(),
        ])?;
        Ok(Self {
            _vm: vm,
            target: format!("serial:{pty}"),
            plain,
            implicit,
            cert: common::scratch("live-cert.pem", &pki.cert),
            key: common::scratch("live-key.pem", &pki.key),
        })
    }

    /// `run PATHS --target serial:PTY --ftpd … EXTRA --junit REPORT`: each case's name and
    /// status, and the output.
    fn run(
        &self,
        paths: &[PathBuf],
        extra: &[&str],
        report: &str,
    ) -> Result<(Vec<(String, String)>, String), Failed> {
        let junit = common::scratch(report, "");
        let out = bin()
            .arg("run")
            .args(paths)
            .args(["--target", &self.target])
            .args(["--ftpd", &format!("127.0.0.1:{}", self.plain)])
            .args(["--ftpd-implicit", &format!("127.0.0.1:{}", self.implicit)])
            .arg("--ftpd-cert")
            .arg(&self.cert)
            .arg("--ftpd-key")
            .arg(&self.key)
            .arg("--junit")
            .arg(&junit)
            .args(extra)
            .output()?;
        Ok((junit_cases(&junit)?, text(&out)))
    }
}

/// Every case passed, or was skipped because it declares what a live module cannot give
/// (`requires:`), its profile is not the module's, or its world describes the cellular
/// network or a power-up; the count that passed.
fn all_pass_or_beyond_live(cases: &[(String, String)], out: &str) -> Result<usize, Failed> {
    let beyond = |s: &str| {
        s.strip_prefix("skipped: ").is_some_and(|r| {
            r.starts_with("requires ")
                || r.starts_with("its profile (")
                || r.starts_with("its world describes the cellular network")
                || r.starts_with("it starts at power-up")
        })
    };
    let wrong: Vec<&(String, String)> = cases
        .iter()
        .filter(|(_, s)| s != "passed" && !beyond(s))
        .collect();
    if !wrong.is_empty() || cases.is_empty() {
        return Err(format!("{wrong:#?}\n{out}").into());
    }
    Ok(cases.iter().filter(|(_, s)| s == "passed").count())
}

/// One long-lived virtual module stands in for a live module ([`Live`]), and `run --ftpd` is
/// the server it connects to. The corpus runs in two halves, each on its own module and
/// server, in parallel: this one is the app note, `edge/errors` and `edge/chunked`. In a
/// shuffled order every transcript passes but those that declare what a live module cannot
/// give (skipped, with the reason): the module is provisioned by AT commands and the
/// harness's server takes each transcript's world (its pacing, listings, times, faults, TLS).
/// The same run of the app note without provisioning fails most of it.
fn live_provisioned() -> Result<(), Failed> {
    let live = Live::start()?;
    let corpus = [
        repo().join("conformance/app-note"),
        repo().join("conformance/edge/errors"),
        repo().join("conformance/edge/chunked"),
    ];
    let (cases, out) = live.run(&corpus, &["--shuffle-seed", "7"], "live-provisioned.xml")?;
    all_pass_or_beyond_live(&cases, &out)?;
    let status = |name: &str| {
        cases
            .iter()
            .find(|(n, _)| n.ends_with(name))
            .map_or("missing", |(_, s)| s.as_str())
    };
    for (name, reason) in [
        ("4.1-pdn-auto-activation", "requires simulated-network"),
        ("4.2-apn-manual-configuration", "requires simulated-network"),
        ("5.1.12-extput", "extput_header"),
        ("5.1.14-etput", "etput_order"),
        ("ftpquit-80", "requires in-memory-server"),
    ] {
        if !status(name).contains(reason) {
            return Err(format!("{name}: {}\n{out}", status(name)).into());
        }
    }
    if !out.contains("transcripts shuffled with seed 7") {
        return Err(format!("no seed line:\n{out}").into());
    }
    // Without provisioning, each transcript starts where the last one left the module and the
    // server.
    let note = [repo().join("conformance/app-note")];
    // (Each case is named relative to the folder given: the app note's start with a digit.)
    let passed = cases
        .iter()
        .filter(|(n, s)| s == "passed" && n.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    let (cases, out) = live.run(
        &note,
        &["--shuffle-seed", "7", "--no-provision", "--timeout", "5"],
        "live-unprovisioned.xml",
    )?;
    let failed = cases.iter().filter(|(_, s)| s == "failed").count();
    eprintln!("app note provisioned: {passed} passed; without provisioning: {failed} failed");
    if passed != 21 || failed * 2 < passed {
        return Err(
            format!("without provisioning only {failed} of the {passed} failed:\n{out}").into(),
        );
    }
    Ok(())
}

/// The other half of the corpus ([`live_provisioned`]): `edge/timing`, `edge/data`,
/// `edge/params`, `edge/lines`, `edge/rest` and `edge/network` on a module and server of
/// their own (most of `edge/network` is skipped: its worlds describe the cellular network).
fn live_provisioned_edge() -> Result<(), Failed> {
    let live = Live::start()?;
    let corpus = ["timing", "data", "params", "lines", "rest", "network"]
        .map(|d| repo().join(format!("conformance/edge/{d}")));
    let (cases, out) = live.run(
        &corpus,
        &["--shuffle-seed", "8"],
        "live-provisioned-edge.xml",
    )?;
    let passed = all_pass_or_beyond_live(&cases, &out)?;
    eprintln!(
        "edge (second half): {passed} of {} passed, the rest skipped",
        cases.len()
    );
    Ok(())
}

/// The world's faults pass through the harness's server as the in-memory server makes them:
/// a refused connection (63), a download broken after n bytes (`drop_after`: 79), reply codes
/// injected at the greeting (421: 65), at a step (TYPE: 73; PASS 421: 65), at AUTH (92), and
/// an unknown user refused at USER (71). (`stall_after`: 5.1.3 in [`live_provisioned`].)
fn live_faults() -> Result<(), Failed> {
    let live = Live::start()?;
    let names = [
        "refused-63",
        "drop-etget-mid-79",
        "greeting-421-65",
        "step-421-65",
        "type-73",
        "ftps-auth-92",
        "user-71",
    ];
    let paths: Vec<PathBuf> = names
        .iter()
        .map(|n| repo().join(format!("conformance/edge/errors/{n}.yaml")))
        .collect();
    let (cases, out) = live.run(&paths, &[], "live-faults.xml")?;
    if cases.len() != names.len() || cases.iter().any(|(_, s)| s != "passed") {
        return Err(format!("{cases:#?}\n{out}").into());
    }
    Ok(())
}

/// `serve --pty --server URL --world 5.1.2-put.yaml`: the binary provisions the world, prints
/// the pseudo-terminal's path, and the note's PUT passes through it (the serial target).
fn cli_serve() -> Result<(), Failed> {
    let server = Server::start()?;
    let spec = server.spec();
    let url = format!("ftp://{USER}:{PASS}@127.0.0.1:{}", server.plain);
    let world = note("5.1.2-put.yaml");
    let (_vm, path) = serve_pty(&["--server", &url, "--world", &world.to_string_lossy()])?;
    let t = load(&world, &spec.vars())?;
    let mut serial = SerialTarget::open(&SerialConfig::new(path))?;
    let o = replay(&t, &mut serial);
    match o.failure {
        None => Ok(()),
        Some(_) => Err(show(&o).into()),
    }
}

/// A trial's body.
type TrialFn = fn() -> Result<(), Failed>;

fn main() -> ExitCode {
    if let Some(dir) = std::env::var_os(CHILD) {
        return child::main(Path::new(&dir));
    }
    let mut args = Arguments::from_args();
    if args.test_threads.is_none() {
        // The trials mostly wait (wall time); each has its own server. Four at a time keep
        // the machine (two cores in CI) quiet enough for the corpus's timing windows.
        args.test_threads = Some(4);
    }
    let mut trials = Vec::new();
    let root = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../conformance/app-note"
    ));
    match corpus::find(std::slice::from_ref(&root)) {
        Ok(entries) => {
            for e in entries {
                let path = e.path.clone();
                trials.push(Trial::test(format!("corpus/{}", e.name), move || {
                    corpus_trial(&path)
                }));
            }
        }
        Err(e) => {
            eprintln!("{}: {e}", root.display());
            return ExitCode::from(2);
        }
    }
    let modes: [(&str, &str, &str, &str); 6] = [
        ("plain-passive", "21", "1", "0,0,\"\",\"\""),
        ("plain-active", "21", "0", "0,0,\"\",\"\""),
        ("explicit-ftps-ca", "21", "1", "2,0,\"ca.pem\",\"\""),
        ("explicit-ftps-no-verify-active", "21", "0", "2,0,\"\",\"\""),
        ("implicit-ftps-ca", "990", "1", "1,0,\"ca.pem\",\"\""),
        ("implicit-ftps-no-verify", "990", "1", "1,0,\"\",\"\""),
    ];
    for (label, port, mode, ssl) in modes {
        trials.push(Trial::test(format!("mode/{label}"), move || {
            mode_trial(label, port, mode, ssl)
        }));
    }
    let faults: [(&str, TrialFn); 5] = [
        ("fault/killed-mid-transfer-79", killed_mid_transfer),
        ("fault/wrong-password-72", wrong_password),
        ("fault/tls-90", tls_failure),
        ("fault/refused-63", refused),
        ("fault/silent-server-64", silent_server),
    ];
    for (name, f) in faults {
        trials.push(Trial::test(name, f));
    }
    for phase in phases::PHASES.iter().filter(|p| p.network) {
        for fault in [
            RealFault::None,
            RealFault::Refused,
            RealFault::Stall,
            RealFault::Killed,
        ] {
            let name = format!("matrix/{}/{fault:?}", phase.name).replace(' ', "-");
            trials.push(Trial::test(name, move || real_cell(phase, fault)));
        }
        for &fault in phases::LINK_FAULTS {
            let name = format!("matrix/{}/link-{fault:?}", phase.name).replace(' ', "-");
            trials.push(Trial::test(name, move || real_link_cell(phase, fault)));
        }
    }
    trials.push(Trial::test(
        "cli/run-serial-with-server",
        serial_with_server,
    ));
    trials.push(Trial::test("cli/run-server", cli_run));
    trials.push(Trial::test("cli/run-live-provisioned", live_provisioned));
    trials.push(Trial::test(
        "cli/run-live-provisioned-edge",
        live_provisioned_edge,
    ));
    trials.push(Trial::test("cli/run-live-faults", live_faults));
    trials.push(Trial::test("cli/serve-pty-server", cli_serve));
    trials.push(Trial::test("pty/real-network", pty_real));
    libtest_mimic::run(&args, trials).exit_code()
}

/// The server side: libunftp in this test binary, run as a child process.
mod child {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::sync::Arc;

    use libunftp::options::ActivePassiveMode;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use unftp_core::auth::{
        AuthenticationError, Authenticator, Credentials, DefaultUser, Principal,
    };
    use unftp_sbe_fs::Filesystem;

    #[derive(Debug)]
    struct Account;

    #[async_trait::async_trait]
    impl Authenticator for Account {
        async fn authenticate(
            &self,
            username: &str,
            creds: &Credentials,
        ) -> Result<Principal, AuthenticationError> {
            if username != super::USER {
                return Err(AuthenticationError::BadUser);
            }
            if creds.password.as_deref() != Some(super::PASS) {
                return Err(AuthenticationError::BadPassword);
            }
            Ok(Principal {
                username: username.to_string(),
            })
        }
    }

    fn server(dir: &Path) -> Result<libunftp::Server<Filesystem, DefaultUser>, String> {
        let root = dir.join("root");
        libunftp::ServerBuilder::with_authenticator(
            Box::new(move || Filesystem::new(root.clone()).expect("the server's root")),
            Arc::new(Account),
        )
        .ftps(dir.join("cert.pem"), dir.join("key.pem"))
        .active_passive_mode(ActivePassiveMode::ActiveAndPassive)
        .build()
        .map_err(|e| e.to_string())
    }

    fn tls(dir: &Path) -> Result<tokio_rustls::TlsAcceptor, String> {
        let certs: Vec<CertificateDer<'static>> =
            CertificateDer::pem_file_iter(dir.join("cert.pem"))
                .map_err(|e| e.to_string())?
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?;
        let key = PrivateKeyDer::from_pem_file(dir.join("key.pem")).map_err(|e| e.to_string())?;
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| e.to_string())?;
        Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
    }

    pub(super) fn main(dir: &Path) -> ExitCode {
        // The parent holds our stdin: when it goes (even if it crashed), so do we.
        std::thread::spawn(|| {
            let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
            std::process::exit(0);
        });
        let rt = match tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => {
                eprintln!("test server: {e}");
                return ExitCode::from(2);
            }
        };
        let dir: PathBuf = dir.to_path_buf();
        match rt.block_on(serve(dir)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("test server: {e}");
                ExitCode::from(2)
            }
        }
    }

    async fn serve(dir: PathBuf) -> Result<(), String> {
        use std::io::Write;
        let bind = || tokio::net::TcpListener::bind("127.0.0.1:0");
        let (backend, plain, implicit) = (
            bind().await.map_err(|e| e.to_string())?,
            bind().await.map_err(|e| e.to_string())?,
            bind().await.map_err(|e| e.to_string())?,
        );
        let port = |l: &tokio::net::TcpListener| l.local_addr().map(|a| a.port());
        let backend_port = port(&backend).map_err(|e| e.to_string())?;
        let plain_port = port(&plain).map_err(|e| e.to_string())?;
        let implicit_port = port(&implicit).map_err(|e| e.to_string())?;
        server(&dir)?; // the configuration is valid before we say we are ready
        let acceptor = tls(&dir)?;
        {
            let mut out = std::io::stdout();
            let _ = writeln!(out, "{plain_port} {implicit_port}");
            let _ = out.flush();
        }
        for (listener, implicit) in [(plain, false), (implicit, true)] {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                while let Ok((client, _)) = listener.accept().await {
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        let _ = front(client, backend_port, acceptor, implicit).await;
                    });
                }
            });
        }
        loop {
            let (stream, _) = backend.accept().await.map_err(|e| e.to_string())?;
            let s = server(&dir)?;
            tokio::spawn(async move {
                let _ = s.service(stream).await;
            });
        }
    }

    /// The TLS front of the control connection. libunftp 0.24 answers `AUTH TLS` before it
    /// stops reading commands, so a fast client's ClientHello is sometimes read as a command
    /// (the handshake then fails); the front answers `AUTH TLS` itself and relays the
    /// decrypted control connection. Implicit FTPS: TLS from the first byte. Data connections
    /// are libunftp's own (PROT P).
    async fn front(
        mut client: tokio::net::TcpStream,
        backend_port: u16,
        acceptor: tokio_rustls::TlsAcceptor,
        implicit: bool,
    ) -> std::io::Result<()> {
        use tokio::io::AsyncWriteExt;
        let mut backend = tokio::net::TcpStream::connect(("127.0.0.1", backend_port)).await?;
        if implicit {
            let mut tls = acceptor.accept(client).await?;
            tokio::io::copy_bidirectional(&mut tls, &mut backend).await?;
            return Ok(());
        }
        // The greeting, then the client's first command.
        loop {
            let line = read_line(&mut backend).await?;
            client.write_all(&line).await?;
            if line.get(3) == Some(&b' ') || line.is_empty() {
                break;
            }
        }
        let first = read_line(&mut client).await?;
        if first.to_ascii_uppercase().starts_with(b"AUTH TLS") {
            client.write_all(b"234 AUTH TLS OK\r\n").await?;
            let mut tls = acceptor.accept(client).await?;
            tokio::io::copy_bidirectional(&mut tls, &mut backend).await?;
        } else {
            backend.write_all(&first).await?;
            tokio::io::copy_bidirectional(&mut client, &mut backend).await?;
        }
        Ok(())
    }

    /// One line (up to LF, 4 KiB at most), read byte by byte so that nothing after it is
    /// consumed.
    async fn read_line(s: &mut tokio::net::TcpStream) -> std::io::Result<Vec<u8>> {
        use tokio::io::AsyncReadExt;
        let mut line = Vec::new();
        while line.len() < 4096 {
            let b = s.read_u8().await?;
            line.push(b);
            if b == b'\n' {
                break;
            }
        }
        Ok(line)
    }
}

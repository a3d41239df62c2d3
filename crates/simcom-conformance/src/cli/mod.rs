//! The command line: one clap definition for every subcommand (one file each), shared
//! options defined once ([`TargetArgs`], [`ServerArgs`], `--var`), and the shell completions
//! and man page generated from the same definition.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use simcom_conformance::realnet::{ServerSpec, ServerUrl, tls};
use std::net::SocketAddr;
use std::sync::Arc;

use simcom_conformance::ftpd::{Ftpd, FtpdConfig};
use simcom_conformance::target::{SerialConfig, ServerSide, TargetSpec, WRITE_TIMEOUT};

mod client;
mod completions;
mod decode;
mod ftpd;
mod record;
mod run;
mod serve;

/// The command line's errors that are not clap's own usage errors (those exit 2 before
/// anything runs).
pub(crate) type Error = Box<dyn std::error::Error>;

/// Conformance transcripts for the FTP(S) service of SIMCom SIM7070/SIM7080/SIM7090 modules.
#[derive(Debug, Parser)]
#[command(name = "simcom-conformance", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 success; 1 checks failed; 2 usage or input errors.\n\
Run `simcom-conformance <COMMAND> --help` for every option of a command, with examples."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    Run(Box<run::RunArgs>),
    Decode(decode::DecodeArgs),
    Serve(serve::ServeArgs),
    Record(record::RecordArgs),
    Ftpd(ftpd::FtpdCommandArgs),
    Client(Box<client::ClientArgs>),
    Completions(completions::CompletionsArgs),
}

impl Command {
    /// Whether the command prints a report that may be piped into a reader that stops early.
    pub(crate) fn is_report(&self) -> bool {
        matches!(
            self,
            Self::Run(_) | Self::Decode(_) | Self::Record(_) | Self::Completions(_)
        )
    }
}

/// The whole command definition, as `--help`, the completions and the man page show it.
pub(crate) fn command() -> clap::Command {
    // libtest-mimic's positional FILTER (flattened into `run`) becomes `--filter`: the
    // positional arguments of `run` are paths, and one that does not exist is an error.
    // Its help template (written for a test binary) gives way to clap's, and its options are
    // shown under a heading of their own; those that exist only for cargo's sake are hidden.
    Cli::command().mut_subcommand("run", |c| {
        let mut c = c
            .help_template(
                "{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}{after-help}",
            )
            .mut_arg("filter", |a| {
                a.long("filter")
                    .index(None)
                    .help("Only transcripts whose name contains FILTER, e.g. --filter 5.1.1")
            });
        for id in [
            "test",
            "bench",
            "unstable_flags",
            "nocapture",
            "show_output",
            "logfile",
        ] {
            c = c.mut_arg(id, |a| a.hide(true));
        }
        for id in [
            "filter",
            "exact",
            "skip",
            "ignored",
            "include_ignored",
            "list",
            "quiet",
            "format",
            "color",
            "test_threads",
        ] {
            c = c.mut_arg(id, |a| {
                a.help_heading("Test runner options (as in cargo test)")
            });
        }
        c
    })
}

/// Parses the process's arguments; a usage error exits 2 with clap's message.
pub(crate) fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// A usage error found after parsing, reported as clap reports its own (exit 2).
pub(crate) fn usage(message: impl std::fmt::Display) -> ! {
    command()
        .error(clap::error::ErrorKind::ValueValidation, message)
        .exit()
}

pub(crate) fn dispatch(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Run(a) => run::main(*a),
        Command::Decode(a) => decode::main(a),
        Command::Serve(a) => serve::main(a),
        Command::Record(a) => record::main(a),
        Command::Ftpd(a) => ftpd::main(a),
        Command::Client(a) => client::main(*a),
        Command::Completions(a) => completions::main(a),
    }
}

/// An option's value that does not parse: what was given and what the option takes (clap
/// prints it as the usage error).
#[derive(Debug, thiserror::Error)]
#[error("{given:?}: {expected}")]
pub(crate) struct BadValue {
    given: String,
    expected: &'static str,
}

impl BadValue {
    fn new(given: &str, expected: &'static str) -> Self {
        Self {
            given: given.to_string(),
            expected,
        }
    }
}

/// `--var NAME=VALUE`.
fn var(kv: &str) -> Result<(String, String), BadValue> {
    kv.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| BadValue::new(kv, "NAME=VALUE"))
}

/// `--var NAME=VALUE`, repeatable: values for the transcripts' `${NAME}`.
#[derive(Debug, Clone, Args)]
pub(crate) struct VarArgs {
    /// Sets a transcript variable (overrides its `vars:`), e.g. --var password=secret
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = var)]
    vars: Vec<(String, String)>,
}

impl VarArgs {
    pub(crate) fn map(&self) -> BTreeMap<String, String> {
        self.vars.iter().cloned().collect()
    }
}

/// Where transcripts run.
#[derive(Debug, Clone, Args)]
pub(crate) struct TargetArgs {
    /// `model` (the built-in simulator) or `serial:PATH` (a live module, or `serve --pty`),
    /// e.g. --target serial:/dev/ttyUSB2
    #[arg(long, value_name = "model|serial:PATH", default_value = "model", value_parser = target)]
    target: Where,
    /// Baud rate of a serial target
    #[arg(long, default_value_t = 115_200)]
    baud: u32,
    /// RTS/CTS hardware flow control on a serial target
    #[arg(long)]
    rtscts: bool,
    /// The longest a write to a serial target may wait for the module to take bytes, in
    /// seconds (flow control held off, or a module that stopped reading), e.g. --write-timeout 30
    #[arg(long, value_name = "SECS", default_value_t = WRITE_TIMEOUT.as_secs_f64(), value_parser = seconds)]
    write_timeout: f64,
}

/// A duration as transcripts write it (`500ms`, `2s`, `1m`, or a number of seconds), through
/// the transcripts' own parser.
fn duration(s: &str) -> Result<std::time::Duration, BadValue> {
    simcom_conformance::transcript::parse_duration(s)
        .ok_or_else(|| BadValue::new(s, "a duration such as 300ms, 2s or 1.5 (seconds)"))
}

/// A positive number of seconds.
fn seconds(s: &str) -> Result<f64, BadValue> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 86_400.0 => Ok(v),
        _ => Err(BadValue::new(s, "seconds, more than 0 and at most 86400")),
    }
}

/// `--target`.
#[derive(Debug, Clone)]
enum Where {
    Model,
    Serial(String),
}

fn target(s: &str) -> Result<Where, BadValue> {
    match s {
        "model" => Ok(Where::Model),
        s => s
            .strip_prefix("serial:")
            .filter(|p| !p.is_empty())
            .map(|p| Where::Serial(p.to_string()))
            .ok_or_else(|| BadValue::new(s, "model or serial:PATH")),
    }
}

impl TargetArgs {
    /// The target, with `--server` when one is given (the model against a real server, or the
    /// server a live module's transcripts use). A live module's own server (`--ftpd`) is
    /// started here.
    pub(crate) fn spec(&self, server: Option<ServerSide>) -> TargetSpec {
        match (&self.target, server) {
            (Where::Model, None) => TargetSpec::Model,
            (Where::Model, Some(ServerSide::Url(spec))) => TargetSpec::Real(spec),
            (Where::Model, Some(ServerSide::Ftpd(_))) => usage(
                "--ftpd is the server a live module connects to: it needs --target serial:PATH",
            ),
            (Where::Serial(path), server) => TargetSpec::Serial(
                SerialConfig {
                    path: path.clone(),
                    baud: self.baud,
                    rtscts: self.rtscts,
                    write_timeout: Duration::from_secs_f64(self.write_timeout),
                },
                server,
            ),
        }
    }
}

/// A real FTP(S) server: the model's network, or the one a live module connects to.
#[derive(Debug, Clone, Args)]
pub(crate) struct ServerArgs {
    /// A real FTP(S) server: the model runs against it instead of the in-memory one, or, with
    /// --target serial, it is the server the live module connects to. Each transcript's world
    /// files are put on it first (use an account that holds nothing else), and ${server},
    /// ${user} and ${password} are its account, e.g. --server ftp://me:secret@127.0.0.1:2121
    #[arg(long, value_name = "ftp://USER:PASS@HOST:PORT")]
    server: Option<String>,
    /// Where the module's implicit-FTPS port 990 goes on the real server, e.g. 9990
    #[arg(long, value_name = "PORT", requires = "server")]
    server_implicit_port: Option<u16>,
    /// The CA (PEM or DER) that signs the real server's certificate; it stands in for any CA
    /// file the module names
    #[arg(long, value_name = "FILE", requires = "server")]
    server_ca: Option<PathBuf>,
}

/// The harness's own FTP(S) server for a live module (`run --ftpd`).
#[derive(Debug, Clone, Args)]
pub(crate) struct FtpdArgs {
    /// Runs the harness's own FTP(S) server on ADDR for the live module to connect to: before
    /// each transcript it takes the transcript's server world (files, accounts, pacing,
    /// latency, faults), e.g. --ftpd 0.0.0.0:21
    #[arg(long, value_name = "ADDR")]
    ftpd: Option<SocketAddr>,
    /// Where the harness's server takes implicit FTPS [default: the --ftpd address, port 990]
    #[arg(long, value_name = "ADDR", requires = "ftpd")]
    ftpd_implicit: Option<SocketAddr>,
    /// The address the module dials to reach the harness's server (${server}, and the
    /// passive-mode address) [default: the --ftpd address], e.g. --ftpd-host 203.0.113.5
    #[arg(long, value_name = "HOST", requires = "ftpd")]
    ftpd_host: Option<String>,
    /// The harness's server's certificate chain (PEM) [default: one it makes, signed by a CA
    /// of its own that it writes to a file it names]
    #[arg(long, value_name = "FILE", requires_all = ["ftpd", "ftpd_key"])]
    ftpd_cert: Option<PathBuf>,
    /// The key of --ftpd-cert (PEM)
    #[arg(long, value_name = "FILE", requires = "ftpd_cert")]
    ftpd_key: Option<PathBuf>,
}

impl FtpdArgs {
    /// The server's configuration, if `--ftpd` is given.
    pub(crate) fn config(&self) -> Option<FtpdConfig> {
        let listen = self.ftpd?;
        let read = |f: &PathBuf| {
            std::fs::read(f).unwrap_or_else(|e| usage(format!("{}: {e}", f.display())))
        };
        Some(FtpdConfig {
            listen,
            implicit: self
                .ftpd_implicit
                .unwrap_or_else(|| SocketAddr::new(listen.ip(), 990)),
            host: self.ftpd_host.clone(),
            tls: self
                .ftpd_cert
                .as_ref()
                .zip(self.ftpd_key.as_ref())
                .map(|(c, k)| (read(c), read(k))),
        })
    }

    /// Starts the server, if `--ftpd` is given, and says where it is on stderr.
    pub(crate) fn start(&self) -> Result<Option<ServerSide>, Error> {
        let Some(config) = self.config() else {
            return Ok(None);
        };
        let server = Ftpd::start(config)?;
        eprintln!(
            "ftpd: FTP and explicit FTPS on {}, implicit FTPS on {}; the module dials {}",
            server.plain(),
            server.implicit(),
            server.host()
        );
        if let Some(ca) = server.ca_pem() {
            let path =
                std::env::temp_dir().join(format!("simcom-ftpd-ca-{}.pem", std::process::id()));
            std::fs::write(&path, ca)?;
            eprintln!(
                "ftpd: its certificate is signed by the CA in {}",
                path.display()
            );
        }
        Ok(Some(ServerSide::Ftpd(Arc::new(server))))
    }
}

impl ServerArgs {
    /// Whether `--server` is given.
    pub(crate) fn given(&self) -> bool {
        self.server.is_some()
    }

    /// The server given, if any, as a live module's server.
    pub(crate) fn side(&self) -> Option<ServerSide> {
        self.spec().map(ServerSide::Url)
    }

    /// The server given, if any. The URL is checked here rather than by clap, whose message
    /// would print it whole, password included.
    pub(crate) fn spec(&self) -> Option<ServerSpec> {
        let url = self.server.as_deref()?;
        let mut spec = ServerSpec::new(ServerUrl::parse(url).unwrap_or_else(|e| usage(e)));
        spec.implicit_port = self.server_implicit_port;
        if let Some(f) = &self.server_ca {
            let bytes = std::fs::read(f)
                .unwrap_or_else(|e| usage(format!("--server-ca {}: {e}", f.display())));
            if let Err(e) = tls::client_config(Some(&bytes)) {
                usage(format!("--server-ca {}: {e}", f.display()));
            }
            spec.ca = Some(bytes);
        }
        Some(spec)
    }
}

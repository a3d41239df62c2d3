//! `simcom-conformance`: replay conformance transcripts, decode captures, serve the model on a
//! pseudo-terminal, record new baselines. `simcom-conformance help` lists the commands.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

mod cli;

const USAGE: &str = "\
simcom-conformance: conformance transcripts for the SIMCom SIM7070/SIM7080/SIM7090 FTP(S) service

USAGE:
  simcom-conformance run [PATHS...] [--target model|serial:PATH] [--baud N] [--rtscts]
                         [--server ftp://USER:PASS@HOST:PORT [--server-implicit-port N]
                          [--server-ca PEM]] [--var NAME=VALUE]... [--junit FILE] [TEST OPTIONS]
      Replays transcripts (default path: conformance/) and prints one line per transcript.
      --server runs the model against a real FTP(S) server instead of the in-memory one (the
      world's files are put on it first: use an account that holds nothing else).
      TEST OPTIONS are those of `cargo test`: FILTER, --exact, --list, --ignored,
      --include-ignored, --skip FILTER, -q, --test-threads N, --nocapture.
  simcom-conformance decode [--strict] [--json] FILE
      Decodes a raw capture of module output: one event per line. --strict exits 1 if a
      line or data block is unknown or malformed. --json: one object per line,
      {\"event\", \"detail\", \"raw\"}, plus \"hex\" (the exact bytes) where raw is not UTF-8.
  simcom-conformance serve --pty [--world TRANSCRIPT] [--server ftp://USER:PASS@HOST:PORT
                         [--server-implicit-port N] [--server-ca PEM]]
      Runs the model as a virtual module on a pseudo-terminal and prints its path; with
      --server its FTP sessions go to that real server.
  simcom-conformance record TRANSCRIPT [--target model|serial:PATH] [--baud N] [--rtscts]
                         [--var NAME=VALUE]... [--out FILE]
      Plays the transcript's sends and writes what came back as a new transcript, with a
      diff against the original.
";

/// Options shared by the commands that talk to a target.
#[derive(Debug, Clone, Default)]
pub(crate) struct TargetOpts {
    /// `None`: the model.
    pub(crate) serial: Option<String>,
    pub(crate) baud: u32,
    pub(crate) rtscts: bool,
    pub(crate) vars: BTreeMap<String, String>,
}

impl TargetOpts {
    /// Takes `--target`, `--baud`, `--rtscts` and `--var` out of `args`.
    fn take(args: &mut Vec<String>) -> Result<Self, String> {
        let mut o = Self {
            baud: 115_200,
            ..Self::default()
        };
        let mut rest = Vec::new();
        let mut it = std::mem::take(args).into_iter();
        while let Some(a) = it.next() {
            let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
            match a.as_str() {
                "--target" => {
                    let t = value("--target")?;
                    o.serial = match t.as_str() {
                        "model" => None,
                        s => Some(
                            s.strip_prefix("serial:")
                                .filter(|p| !p.is_empty())
                                .ok_or_else(|| format!("--target {s}: model or serial:PATH"))?
                                .to_string(),
                        ),
                    };
                }
                "--baud" => {
                    let b = value("--baud")?;
                    o.baud = b.parse().map_err(|_| format!("--baud {b}: not a number"))?;
                }
                "--rtscts" => o.rtscts = true,
                "--var" => cli::var(&value("--var")?, &mut o.vars)?,
                _ => rest.push(a),
            }
        }
        *args = rest;
        Ok(o)
    }
}

/// A report piped into a reader that stops early (`run | head`) ends as any Unix tool's does:
/// quietly, by SIGPIPE. Rust ignores SIGPIPE, so a write would fail instead, and the test
/// runner's printer panics on that error. Network sockets are unaffected (the standard
/// library sends with MSG_NOSIGNAL); `serve` keeps Rust's default all the same.
fn reports_end_with_their_reader() {
    // The workspace forbids unsafe code; the `sigpipe` crate holds the one libc call.
    sigpipe::reset();
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    }
    let command = args.remove(0);
    if matches!(
        command.as_str(),
        "run" | "decode" | "record" | "help" | "--help" | "-h"
    ) {
        reports_end_with_their_reader();
    }
    let result = match command.as_str() {
        "run" => TargetOpts::take(&mut args).and_then(|o| cli::run::main(o, args)),
        "decode" => cli::decode::main(args),
        "serve" => cli::serve::main(args),
        "record" => TargetOpts::take(&mut args).and_then(|o| cli::record::main(o, args)),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(format!("unknown command {other:?}\n\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("simcom-conformance: {e}");
            ExitCode::from(2)
        }
    }
}

/// A path argument.
pub(crate) fn path(p: &str) -> PathBuf {
    PathBuf::from(p)
}

//! `simcom-conformance`: replay conformance transcripts, decode captures, serve the model on a
//! pseudo-terminal, record new baselines. `simcom-conformance --help` lists the commands;
//! `simcom-conformance <command> --help` every option of one.
//!
//! Exit codes: 0 success, 1 checks failed (a transcript, a strict decode, a recording that
//! differs), 2 the command could not do what was asked (usage, unreadable input, nothing
//! selected).

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    let args = cli::parse();
    if args.command.is_report() {
        reports_end_with_their_reader();
    }
    match cli::dispatch(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("simcom-conformance: {e}");
            ExitCode::from(2)
        }
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

//! `decode`: a raw capture of module output, one event per line.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use simcom_at::{Decoder, Event};
use simcom_conformance::secret::{password_in, redact, redact_bytes};

use super::Error;

/// Decodes a raw capture of module output: one event per line (passwords masked).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  simcom-conformance decode --strict crates/simcom-at/tests/captures/app-note-5.1.1.cap
  cat capture.bin | simcom-conformance decode --json -")]
pub(crate) struct DecodeArgs {
    /// Exits 1 if a line or data block is unknown, malformed or cut short
    #[arg(long)]
    strict: bool,
    /// One JSON object per line: {"event", "detail", "raw"}, plus "hex" (the exact bytes)
    /// where raw is not UTF-8
    #[arg(long)]
    json: bool,
    /// The capture; `-` reads standard input
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// One decoded item as a line of the report.
fn report_line(json: bool, kind: &str, detail: &str, raw: &[u8]) -> String {
    if json {
        // `raw` is text; where the bytes are not UTF-8 it cannot hold them exactly, and `hex`
        // (the exact bytes) is added, so that nothing is silently altered.
        let mut v = serde_json::json!({
            "event": kind,
            "detail": detail,
            "raw": String::from_utf8_lossy(raw),
        });
        if std::str::from_utf8(raw).is_err() {
            let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
            v["hex"] = serde_json::Value::String(hex);
        }
        format!("{v}\n")
    } else {
        format!(
            "{kind:<9} {:<40} {detail}\n",
            raw.escape_ascii().to_string()
        )
    }
}

pub(crate) fn main(a: DecodeArgs) -> Result<ExitCode, Error> {
    let DecodeArgs { strict, json, file } = a;
    let file = file.display().to_string();
    let mut input: Box<dyn Read> = if file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(&file).map_err(|e| format!("{file}: {e}"))?)
    };
    // The capture is read and reported in pieces: memory stays bounded whatever its size.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut dec = Decoder::new();
    let mut bad = 0usize;
    let mut secrets: Vec<String> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let got = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("{file}: {e}").into()),
        };
        let mut events = dec.events(&chunk[..got]);
        while let Some(simcom_at::Decoded {
            event,
            printed: line,
        }) = events.next_decoded()
        {
            let (kind, detail) = match &event {
                Event::Echo(_) => ("echo", String::new()),
                Event::Final(f) => ("final", format!("{f:?}")),
                Event::Response(i) => ("response", format!("{i:?}")),
                Event::Urc(i) => ("urc", format!("{i:?}")),
                Event::Text(_) => ("text", String::new()),
                Event::Prompt(p) => ("prompt", format!("{p:?}")),
                Event::Data(d) => ("data", format!("{} bytes", d.len())),
                Event::DataEnd => ("data-end", String::new()),
                Event::Unknown(_) => ("unknown", String::new()),
                Event::Malformed { error, .. } => ("malformed", format!("{error:?}")),
                Event::Overflow { dropped } => ("overflow", format!("{dropped} bytes dropped")),
            };
            if matches!(
                event,
                Event::Unknown(_) | Event::Malformed { .. } | Event::Overflow { .. }
            ) {
                bad += 1;
            }
            let raw: &[u8] = match (&event, line) {
                (Event::Data(d), _) => d,
                (_, Some(l)) => l,
                _ => b"",
            };
            // A password the capture carries (an echoed AT+FTPPW, a +FTPPW read answer) is
            // masked there and wherever it appears after.
            if !matches!(event, Event::Data(_))
                && let Some(p) = password_in(raw)
            {
                secrets.push(p);
            }
            let raw = redact_bytes(raw, &secrets);
            let detail = redact(&detail, &secrets);
            emit(&mut out, &report_line(json, kind, &detail, &raw))?;
        }
    }
    if dec.in_data() {
        bad += 1;
        let l = report_line(
            json,
            "truncated",
            "the capture ends inside a data block",
            b"",
        );
        emit(&mut out, &l)?;
    }
    out.flush().map_err(|e| format!("stdout: {e}"))?;
    Ok(if strict && bad > 0 {
        eprintln!("decode: {bad} unknown, malformed or truncated item(s)");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes a report line. A reader that has gone (`decode … | head`) ends the process by
/// SIGPIPE before this sees an error (see `main`).
fn emit(out: &mut impl Write, line: &str) -> Result<(), Error> {
    out.write_all(line.as_bytes())
        .map_err(|e| format!("stdout: {e}").into())
}

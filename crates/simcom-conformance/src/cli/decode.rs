//! `decode`: a raw capture of module output, one event per line.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use simcom_at::{Decoder, Event};
use simcom_conformance::secret::{password_in, redact, redact_bytes};

use super::Error;

/// Decodes a raw capture of module output: one event per line (passwords masked).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  simcom-conformance decode --strict crates/simcom-at/tests/captures/app-note-5.1.1.cap
  simcom-conformance decode --strict --fail-on malformed,truncated bring-up.cap
      (commands outside the spec are counted, not fatal)
  cat capture.bin | simcom-conformance decode --json -")]
pub(crate) struct DecodeArgs {
    /// Exits 1 if an item of a kind `--fail-on` names (by default any) is found, and prints
    /// the count of each kind
    #[arg(long)]
    strict: bool,
    /// The kinds of item that fail a `--strict` run (comma-separated)
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "KIND",
        default_value = "malformed,unknown-prefix,unknown-line,truncated",
        requires = "strict"
    )]
    fail_on: Vec<Bad>,
    /// One JSON object per line: {"event", "detail", "raw"}, plus "hex" (the exact bytes)
    /// where raw is not UTF-8
    #[arg(long)]
    json: bool,
    /// The capture; `-` reads standard input
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// An item a strict decode counts: what the spec and the codec could not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Bad {
    /// A line with a known prefix whose body does not parse, a line that is not text, or a
    /// line too long for the decoder
    Malformed,
    /// An information line whose `+NAME:` prefix is not in the spec
    UnknownPrefix,
    /// A line without a prefix that nothing asked for
    UnknownLine,
    /// The capture ends inside a data block
    Truncated,
}

impl Bad {
    /// The kind an event is, if it is one.
    fn of(event: &Event<'_>) -> Option<Self> {
        match event {
            Event::Malformed { .. } | Event::Overflow { .. } => Some(Self::Malformed),
            Event::OtherInfo(_) => Some(Self::UnknownPrefix),
            Event::Unknown(_) => Some(Self::UnknownLine),
            _ => None,
        }
    }

    /// The kind as `--fail-on` names it.
    fn name(self) -> String {
        self.to_possible_value()
            .map_or_else(String::new, |v| v.get_name().to_string())
    }
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
    let DecodeArgs {
        strict,
        fail_on,
        json,
        file,
    } = a;
    let file = file.display().to_string();
    let mut input: Box<dyn Read> = if file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(&file).map_err(|e| format!("{file}: {e}"))?)
    };
    // The capture is read and reported in pieces: memory stays bounded whatever its size.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut dec = Decoder::new();
    // How many items of each kind of `Bad`, in its order.
    let mut bad = vec![0usize; Bad::value_variants().len()];
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
                Event::OtherInfo(i) => ("other", format!("{i:?}")),
                Event::Unknown(_) => ("unknown", String::new()),
                Event::Malformed { error, .. } => ("malformed", format!("{error:?}")),
                Event::Overflow { dropped } => ("overflow", format!("{dropped} bytes dropped")),
            };
            if let Some(kind) = Bad::of(&event) {
                bad[kind as usize] += 1;
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
        bad[Bad::Truncated as usize] += 1;
        let l = report_line(
            json,
            "truncated",
            "the capture ends inside a data block",
            b"",
        );
        emit(&mut out, &l)?;
    }
    out.flush().map_err(|e| format!("stdout: {e}"))?;
    if !strict {
        return Ok(ExitCode::SUCCESS);
    }
    let counts: Vec<String> = Bad::value_variants()
        .iter()
        .map(|&k| format!("{} {}", bad[k as usize], k.name()))
        .collect();
    let failing: usize = fail_on.iter().map(|&k| bad[k as usize]).sum();
    eprintln!("decode: {}", counts.join(", "));
    Ok(if failing > 0 {
        let names: Vec<String> = fail_on.iter().map(|k| k.name()).collect();
        eprintln!(
            "decode: {failing} item(s) of a failing kind ({})",
            names.join(", ")
        );
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

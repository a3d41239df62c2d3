//! `decode`: a raw capture of module output, one event per line.

use std::io::{Read, Write};
use std::process::ExitCode;

use simcom_at::{Decoder, Event};

fn json_str(b: &[u8]) -> String {
    let mut out = String::from("\"");
    for c in String::from_utf8_lossy(b).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One decoded item as a line of the report.
fn report_line(json: bool, kind: &str, detail: &str, raw: &[u8]) -> String {
    if json {
        // `raw` is text; where the bytes are not UTF-8 it cannot hold them exactly, and `hex`
        // (the exact bytes) is added, so that nothing is silently altered.
        let hex = if std::str::from_utf8(raw).is_ok() {
            String::new()
        } else {
            let h: String = raw.iter().map(|b| format!("{b:02x}")).collect();
            format!(",\"hex\":\"{h}\"")
        };
        format!(
            "{{\"event\":\"{kind}\",\"detail\":{},\"raw\":{}{hex}}}\n",
            json_str(detail.as_bytes()),
            json_str(raw)
        )
    } else {
        format!(
            "{kind:<9} {:<40} {detail}\n",
            raw.escape_ascii().to_string()
        )
    }
}

pub(crate) fn main(args: Vec<String>) -> Result<ExitCode, String> {
    let (mut strict, mut json, mut file) = (false, false, None);
    for a in args {
        match a.as_str() {
            "--strict" => strict = true,
            "--json" => json = true,
            s if s.starts_with('-') => return Err(format!("decode: unknown option {s}")),
            _ if file.is_some() => return Err("decode: one FILE".into()),
            _ => file = Some(a),
        }
    }
    let file = file.ok_or("decode: FILE is required")?;
    let mut input = std::fs::File::open(&file).map_err(|e| format!("{file}: {e}"))?;
    // The capture is read and reported in pieces: memory stays bounded whatever its size.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut dec = Decoder::new();
    let mut bad = 0usize;
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let got = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("{file}: {e}")),
        };
        let mut rest = &chunk[..got];
        while !rest.is_empty() {
            let n = dec.feed(rest);
            rest = &rest[n..];
            while let Some((event, line)) = dec.next_event_with_line() {
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
                emit(&mut out, &report_line(json, kind, &detail, raw))?;
            }
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
fn emit(out: &mut impl Write, line: &str) -> Result<(), String> {
    out.write_all(line.as_bytes())
        .map_err(|e| format!("stdout: {e}"))
}

//! `decode`: a raw capture of module output, one event per line.

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
    let bytes = std::fs::read(&file).map_err(|e| format!("{file}: {e}"))?;
    let mut dec = Decoder::new();
    let mut bad = 0usize;
    let mut rest = &bytes[..];
    let mut out = String::new();
    loop {
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
            if json {
                out.push_str(&format!(
                    "{{\"event\":\"{kind}\",\"detail\":{},\"raw\":{}}}\n",
                    json_str(detail.as_bytes()),
                    json_str(raw)
                ));
            } else {
                out.push_str(&format!(
                    "{kind:<9} {:<40} {detail}\n",
                    raw.escape_ascii().to_string()
                ));
            }
        }
        if rest.is_empty() {
            break;
        }
    }
    if dec.in_data() {
        bad += 1;
        out.push_str(if json { "{\"event\":\"truncated\",\"detail\":\"the capture ends inside a data block\",\"raw\":\"\"}\n" } else { "truncated the capture ends inside a data block\n" });
    }
    print!("{out}");
    Ok(if strict && bad > 0 {
        eprintln!("decode: {bad} unknown, malformed or truncated item(s)");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

//! `record`: play a transcript's sends against a target and write what came back as a new
//! transcript (the baseline for a new firmware release), with a diff against the original.

use std::process::ExitCode;

use simcom_conformance::replay::record;
use simcom_conformance::runner::{TargetSpec, load};
use simcom_conformance::serial::SerialConfig;
use simcom_conformance::transcript::{Step, redact};

use crate::TargetOpts;

/// A line diff (longest common subsequence) of two step lists.
fn diff(old: &[String], new: &[String]) -> Vec<String> {
    let (n, m) = (old.len(), new.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            out.push(format!("  {}", old[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("- {}", old[i]));
            i += 1;
        } else {
            out.push(format!("+ {}", new[j]));
            j += 1;
        }
    }
    out
}

pub(crate) fn main(o: TargetOpts, args: Vec<String>) -> Result<ExitCode, String> {
    let mut file = None;
    let mut out_path = None;
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out_path = Some(it.next().ok_or("--out needs a file")?),
            s if s.starts_with('-') => return Err(format!("record: unknown option {s}")),
            _ => file = Some(a),
        }
    }
    let file = file.ok_or("record: TRANSCRIPT is required")?;
    let path = std::path::Path::new(&file);
    let t = load(path, &o.vars)?;
    let target = match o.serial {
        None => TargetSpec::Model,
        Some(p) => TargetSpec::Serial(SerialConfig {
            path: p,
            baud: o.baud,
            rtscts: o.rtscts,
        }),
    };
    let mut tgt = target.open(&t).map_err(|e| e.to_string())?;
    let (steps, _log) = record(&t, tgt.as_mut());
    let original = std::fs::read_to_string(path).map_err(|e| format!("{file}: {e}"))?;
    let text = simcom_conformance::transcript::render(&original, &t, &steps);
    let secrets = t.secrets();
    let show = |s: &[Step]| {
        s.iter()
            .map(|s| redact(&s.describe(), &secrets))
            .collect::<Vec<_>>()
    };
    let lines = diff(&show(&t.steps), &show(&steps));
    let changed = lines.iter().any(|l| !l.starts_with("  "));
    let out_path =
        out_path.unwrap_or_else(|| format!("{}.recorded.yaml", file.trim_end_matches(".yaml")));
    std::fs::write(&out_path, text).map_err(|e| format!("{out_path}: {e}"))?;
    eprintln!(
        "recorded {} against {} into {out_path}",
        t.title,
        tgt.describe()
    );
    if changed {
        println!("--- {file}\n+++ {out_path}");
        for l in lines {
            println!("{l}");
        }
    } else {
        println!("no difference from {file}");
    }
    Ok(ExitCode::SUCCESS)
}

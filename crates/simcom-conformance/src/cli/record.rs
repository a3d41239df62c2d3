//! `record`: play a transcript's sends against a target and write what came back as a new
//! transcript (the baseline for a new firmware release), with a diff against the original.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use simcom_conformance::replay::record;
use simcom_conformance::secret::redact;
use simcom_conformance::transcript::{Step, TranscriptError, corpus, render};
use similar::TextDiff;

use super::{Error, TargetArgs, VarArgs};

/// Plays a transcript's sends and writes what came back as a new transcript, with a diff
/// against the original; exits 1 when they differ.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  simcom-conformance record conformance/app-note/5.1.2-put.yaml --target serial:/dev/ttyUSB2
  simcom-conformance record my.yaml --out baseline.yaml")]
pub(crate) struct RecordArgs {
    /// The transcript to play
    #[arg(value_name = "TRANSCRIPT")]
    file: PathBuf,
    /// Where the recording goes [default: TRANSCRIPT with .recorded.yaml]
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    target: TargetArgs,
    #[command(flatten)]
    vars: VarArgs,
}

pub(crate) fn main(a: RecordArgs) -> Result<ExitCode, Error> {
    let path = a.file.as_path();
    let t = corpus::load(path, &a.vars.map())?;
    let target = a.target.spec(None);
    let mut tgt = target.open(&t)?;
    let (steps, _log) = record(&t, tgt.as_mut());
    let original = std::fs::read_to_string(path).map_err(|source| TranscriptError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = render(&original, &t, &steps);
    let secrets = t.secrets();
    let show = |s: &[Step]| {
        s.iter()
            .map(|s| redact(&s.describe(), &secrets) + "\n")
            .collect::<String>()
    };
    let (old, new) = (show(&t.steps), show(&steps));
    let out_path = a.out.unwrap_or_else(|| {
        let f = a.file.display().to_string();
        PathBuf::from(format!("{}.recorded.yaml", f.trim_end_matches(".yaml")))
    });
    std::fs::write(&out_path, text).map_err(|e| format!("{}: {e}", out_path.display()))?;
    eprintln!(
        "recorded {} against {} into {}",
        t.title,
        tgt.describe(),
        out_path.display()
    );
    if t.steps == steps {
        println!("no difference from {}", a.file.display());
        return Ok(ExitCode::SUCCESS);
    }
    if old == new {
        println!(
            "the recording differs from {} only in a password, which is not shown",
            a.file.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    let diff = TextDiff::from_lines(&old, &new);
    print!(
        "{}",
        diff.unified_diff().context_radius(3).header(
            &a.file.display().to_string(),
            &out_path.display().to_string()
        )
    );
    Ok(ExitCode::FAILURE)
}

//! Finding transcripts: every `*.yaml` / `*.yml` file under the given paths; reading one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Transcript, TranscriptError};

/// The largest transcript file read (16 MiB): generated contents are described, not written
/// out, so a real transcript is far smaller.
pub const MAX_FILE: u64 = 16 << 20;

/// Reads a transcript file; `vars` override its own.
///
/// ```
/// let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../conformance/app-note/5.1.1-get.yaml");
/// let t = simcom_conformance::transcript::corpus::load(path.as_ref(), &Default::default()).unwrap();
/// assert!(t.title.contains("5.1.1") || !t.steps.is_empty());
/// let e = simcom_conformance::transcript::corpus::load("nowhere.yaml".as_ref(), &Default::default()).unwrap_err();
/// assert!(e.to_string().starts_with("nowhere.yaml: "), "{e}");
/// ```
pub fn load(path: &Path, vars: &BTreeMap<String, String>) -> Result<Transcript, TranscriptError> {
    read(path, vars, Transcript::parse)
}

/// Reads a starting state (what `serve --world` takes): a transcript, or a file with only
/// `world:` (see [`Transcript::parse_world`]).
pub fn load_world(
    path: &Path,
    vars: &BTreeMap<String, String>,
) -> Result<Transcript, TranscriptError> {
    read(path, vars, Transcript::parse_world)
}

fn read(
    path: &Path,
    vars: &BTreeMap<String, String>,
    parse: fn(&str, &BTreeMap<String, String>) -> Result<Transcript, TranscriptError>,
) -> Result<Transcript, TranscriptError> {
    let failed = |source| TranscriptError::Read {
        path: path.to_path_buf(),
        source,
    };
    // Checked before opening: opening a FIFO waits for a writer.
    let meta = std::fs::metadata(path).map_err(failed)?;
    regular(&meta).map_err(failed)?;
    if meta.len() > MAX_FILE {
        return Err(failed(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "{} bytes: a transcript file holds at most {MAX_FILE}",
                meta.len()
            ),
        )));
    }
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(std::fs::File::open(path).map_err(failed)?, MAX_FILE),
        &mut text,
    )
    .map_err(failed)?;
    parse(&text, vars).map_err(|e| e.in_file(path))
}

/// A transcript file and its test name (its path relative to the root it was found under,
/// without the extension, with `/` separators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file.
    pub path: PathBuf,
    /// The test name, e.g. `app-note/5.1.1-get`.
    pub name: String,
}

fn is_yaml(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

/// Every transcript under `roots` (files are taken as they are), sorted by name.
///
/// Folders are walked through symbolic links, each folder and each file once: a link loop or a
/// second way to the same file does not run a transcript twice (the first name found, in
/// name order, is kept). A `*.yaml` that is not a regular file (a FIFO, a device) is an error:
/// reading it could wait for ever.
///
/// ```
/// let entries = simcom_conformance::transcript::corpus::find(&[concat!(env!("CARGO_MANIFEST_DIR"), "/../../conformance").into()]).unwrap();
/// assert!(entries.iter().any(|e| e.name == "app-note/5.1.1-get"));
/// ```
pub fn find(roots: &[PathBuf]) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    let mut seen_dirs = std::collections::BTreeSet::new();
    for root in roots {
        let meta = std::fs::metadata(root).map_err(|e| in_path(root, e))?;
        if !meta.is_dir() {
            regular(&meta)?;
            let name = root
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push(Entry {
                path: root.clone(),
                name,
            });
            continue;
        }
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            if !seen_dirs.insert(std::fs::canonicalize(&dir).map_err(|e| in_path(&dir, e))?) {
                continue;
            }
            for e in std::fs::read_dir(&dir).map_err(|e| in_path(&dir, e))? {
                let p = e.map_err(|e| in_path(&dir, e))?.path();
                // A dangling link is left out, as a file that is not a transcript.
                let Ok(meta) = std::fs::metadata(&p) else {
                    continue;
                };
                if meta.is_dir() {
                    stack.push(p);
                } else if is_yaml(&p) {
                    regular(&meta).map_err(|e| in_path(&p, e))?;
                    let rel = p.strip_prefix(root).unwrap_or(&p).with_extension("");
                    let name = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    out.push(Entry { path: p, name });
                }
            }
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    // The same file reached twice (through a link, or a root given twice) runs once.
    let mut seen_files = std::collections::BTreeSet::new();
    out.retain(|e| seen_files.insert(std::fs::canonicalize(&e.path).unwrap_or(e.path.clone())));
    Ok(out)
}

fn in_path(path: &Path, e: std::io::Error) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Refuses a transcript that is not a regular file (after links).
fn regular(meta: &std::fs::Metadata) -> std::io::Result<()> {
    if meta.is_file() {
        Ok(())
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a FIFO, socket or device is never read as a transcript)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file larger than [`MAX_FILE`] is refused before it is read (a sparse file: nothing
    /// is written to disk).
    #[test]
    fn a_file_over_the_limit_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.yaml");
        std::fs::File::create(&path)
            .unwrap()
            .set_len(MAX_FILE + 1)
            .unwrap();
        let e = load(&path, &BTreeMap::new()).unwrap_err();
        assert!(
            e.to_string()
                .contains("a transcript file holds at most 16777216"),
            "{e}"
        );
    }
}

//! Finding transcripts: every `*.yaml` / `*.yml` file under the given paths; reading one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Transcript, TranscriptError};

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
    let text = std::fs::read_to_string(path).map_err(|source| TranscriptError::Read {
        path: path.to_path_buf(),
        source,
    })?;
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
/// ```
/// let entries = simcom_conformance::transcript::corpus::find(&[concat!(env!("CARGO_MANIFEST_DIR"), "/../../conformance").into()]).unwrap();
/// assert!(entries.iter().any(|e| e.name == "app-note/5.1.1-get"));
/// ```
pub fn find(roots: &[PathBuf]) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for root in roots {
        if root.is_file() {
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
            for e in std::fs::read_dir(&dir)? {
                let p = e?.path();
                if p.is_dir() {
                    stack.push(p);
                } else if is_yaml(&p) {
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
    Ok(out)
}

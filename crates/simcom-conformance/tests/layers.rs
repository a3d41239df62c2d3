//! The harness's layers import only downwards (src/lib.rs lists them): a test, so that an
//! import across or upwards fails here rather than in a review.

use std::collections::BTreeMap;
use std::path::Path;

/// Each layer (a folder of `src/`) and the layers it may import with `crate::`.
const ALLOWED: &[(&str, &[&str])] = &[
    ("secret", &[]),
    ("spec", &[]),
    ("coverage", &["spec"]),
    ("transcript", &["secret"]),
    ("realnet", &["secret"]),
    ("ftpd", &["secret", "transcript"]),
    ("target", &["secret", "transcript", "realnet", "ftpd"]),
    (
        "replay",
        &["secret", "transcript", "target", "coverage", "spec"],
    ),
    ("serve", &["secret", "target"]),
];

/// Every `crate::<module>` a file names.
fn crate_imports(text: &str) -> Vec<String> {
    text.match_indices("crate::")
        // `$crate::` in a macro is not an import of a layer.
        .filter(|(i, _)| !text[..*i].ends_with('$'))
        .map(|(i, m)| {
            text[i + m.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (layer, may) in &allowed {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer}/ holds no file");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for m in crate_imports(&text) {
                checked += 1;
                if m != *layer && !may.contains(&m.as_str()) {
                    wrong.push(format!("{}: crate::{m}", f.display()));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports across or upwards:\n{}",
        wrong.join("\n")
    );
    assert!(checked > 10, "the check saw only {checked} imports");
}

#[test]
fn the_check_catches_an_upward_import() {
    assert_eq!(
        crate_imports(
            "use crate::replay::Outcome;\nuse crate::target::{Target};\npub(crate) fn f() {}"
        ),
        ["replay", "target"]
    );
}

/// One module per YAML format: the transcripts' and the spec's.
#[test]
fn yaml_stays_in_one_module() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let users: Vec<_> = files
        .iter()
        .filter(|f| std::fs::read_to_string(f).unwrap().contains("serde_yaml"))
        .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
        .collect();
    let mut users = users;
    users.sort();
    assert_eq!(users, ["spec/yaml.rs", "transcript/yaml.rs"]);
}

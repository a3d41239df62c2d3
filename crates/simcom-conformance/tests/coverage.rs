//! Spec coverage: the numbers against a small corpus counted by hand, and the corpus's
//! matrix in spec/README.md (section 14), regenerated with `UPDATE_SPEC=1` and checked here
//! as the command reference is.

use std::path::{Path, PathBuf};

use simcom_conformance::coverage::{Coverage, Report};
use simcom_conformance::replay::runner::{find, run_one};
use simcom_conformance::spec::{Form, Spec};
use simcom_conformance::target::TargetSpec;

mod common;

/// Every transcript under `root` replayed on the model (those with `skip:` left out), their
/// exchanges added up.
fn coverage_of(root: &Path) -> Report {
    let mut c = Coverage::new(Spec::built_in().unwrap());
    for e in find(&[root.to_path_buf()], &[]).unwrap() {
        let r = run_one(&e.path, &TargetSpec::Model, &Default::default()).unwrap();
        if r.transcript.skip.is_some() {
            continue;
        }
        assert!(r.outcome.passed(), "{}: {:?}", e.name, r.report());
        r.outcome.add_coverage(&mut c);
    }
    c.report()
}

fn hand_counted() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/coverage")
}

/// tests/coverage/a-forms.yaml and b-codes.yaml, counted by hand:
/// - forms (6): ATE (execute), AT+FTPGET test and write, AT+CMEE write, AT+FTPPORT write,
///   AT+FTPQUIT execute;
/// - finals (6): ATE OK, AT+FTPGET=? OK, AT+FTPGET=2,1461 ERROR, AT+CMEE=1 OK,
///   AT+FTPPORT=65536 ERROR (+CME ERROR: 793), AT+FTPQUIT ERROR (+CME ERROR: 3);
/// - boundaries (4): ATE's 0 (its min), AT+FTPGET's mode 2 (max) and reqlength 1461 (above
///   max), AT+FTPPORT's 65536 (above max); AT+CMEE's 1 is neither its min nor its max;
/// - CME codes (2): 793 under AT+FTPPORT, 3 under AT+FTPQUIT; FTP codes and URCs: none.
#[test]
fn the_numbers_of_a_corpus_counted_by_hand() {
    let r = coverage_of(&hand_counted());
    let t = r.totals;
    let covered = t.named().map(|(name, n)| (name, n.covered));
    assert_eq!(
        covered,
        [
            ("forms", 6),
            ("finals", 6),
            ("boundaries", 4),
            ("ftp_codes", 0),
            ("cme_codes", 2),
            ("urcs", 0)
        ]
    );
    // The totals are the spec's: every form, every final of a form, every boundary.
    let spec = Spec::built_in().unwrap();
    let forms: usize = spec.commands.iter().map(|c| c.forms.len()).sum();
    let finals: usize = spec
        .commands
        .iter()
        .flat_map(|c| c.finals.values())
        .map(Vec::len)
        .sum();
    let bounds: usize = spec
        .commands
        .iter()
        .flat_map(|c| &c.params)
        .map(|p| p.domain.boundaries().len())
        .sum();
    assert_eq!(
        (t.forms.total, t.finals.total, t.boundaries.total),
        (forms, finals, bounds)
    );
    assert_eq!(
        t.ftp_codes.total, 22,
        "61-66, 70-80 and 90-94: the codes the model produces"
    );

    let get = r.commands.iter().find(|k| k.name == "AT+FTPGET").unwrap();
    let write = get.forms.iter().find(|f| f.form == Form::Write).unwrap();
    assert_eq!(write.sent, 1);
    assert_eq!(
        write.finals,
        [("OK".to_string(), 0), ("ERROR".to_string(), 1)]
    );
    let reqlength = get.params.iter().find(|p| p.name == "reqlength").unwrap();
    let sent: Vec<&str> = reqlength
        .boundaries
        .iter()
        .filter(|b| b.sent)
        .map(|b| b.label.as_str())
        .collect();
    assert_eq!(sent, ["above max"]);
    let under = |code: u16| {
        r.cme_codes
            .iter()
            .find(|c| c.code == code)
            .unwrap()
            .seen_under
            .clone()
    };
    assert_eq!(under(793), ["AT+FTPPORT"]);
    assert_eq!(under(3), ["AT+FTPQUIT"]);
    assert!(r.unknown_commands.is_empty(), "{:?}", r.unknown_commands);
}

/// `run --coverage DIR --junit FILE` on the hand-counted corpus: the summary line, the two
/// files, and the totals as properties of the JUnit report, read by a JUnit parser.
#[test]
fn run_coverage_prints_writes_and_reports_to_junit() {
    let dir = std::env::temp_dir().join(format!("simcom-coverage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let junit = dir.join("report.xml");
    std::fs::create_dir_all(&dir).unwrap();
    let root = hand_counted();
    let out = common::run(&[
        "run",
        root.to_str().unwrap(),
        "--coverage",
        dir.to_str().unwrap(),
        "--junit",
        junit.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let t = coverage_of(&root).totals;
    let summary = format!(
        "spec coverage: forms 6/{} ({:.0}%),",
        t.forms.total,
        600.0 / t.forms.total as f64
    );
    assert!(stdout.contains(&summary), "{summary:?} not in {stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("coverage.json")).unwrap()).unwrap();
    assert_eq!(json["totals"]["boundaries"]["covered"], 4);
    assert_eq!(json["totals"]["cme_codes"]["covered"], 2);
    let md = std::fs::read_to_string(dir.join("coverage.md")).unwrap();
    assert!(
        md.contains("| `AT+FTPGET` | 1 |  | 1 |  | 2/3 | 2/8 | 0/3 |"),
        "{md}"
    );
    let html = std::fs::read_to_string(dir.join("coverage.html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>")
            && html.contains("<td><code>AT+FTPGET</code></td><td>1</td><td></td><td>1</td>"),
        "{html}"
    );
    let suites = junit_parser::from_reader(std::io::BufReader::new(
        std::fs::File::open(&junit).unwrap(),
    ))
    .unwrap();
    let props = &suites.suites[0].properties.hashmap;
    assert_eq!(props["coverage.forms.covered"], "6");
    assert_eq!(props["coverage.cme_codes.covered"], "2");
    assert_eq!(props["coverage.forms.total"], t.forms.total.to_string());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The corpus reaches everything of the spec but the exceptions spec/coverage.yaml lists
/// with their reasons; and each exception is indeed not reached (a transcript that reaches
/// one makes it stale).
#[test]
fn the_corpus_reaches_all_but_the_listed_exceptions() {
    let report = coverage_of(&common::repo().join("conformance"));
    let missing: std::collections::BTreeSet<String> = report.missing().into_iter().collect();
    let excepted: std::collections::BTreeSet<String> =
        report.exceptions.iter().map(|(i, _)| i.clone()).collect();
    let gaps: Vec<&String> = missing.difference(&excepted).collect();
    let stale: Vec<&String> = excepted.difference(&missing).collect();
    assert!(
        gaps.is_empty() && stale.is_empty(),
        "not reached by conformance/ and not an exception in spec/coverage.yaml ({}):\n{}\n\n\
         exceptions that are reached now ({}):\n{}",
        gaps.len(),
        gaps.iter()
            .map(|g| format!("  - {g}"))
            .collect::<Vec<_>>()
            .join("\n"),
        stale.len(),
        stale
            .iter()
            .map(|g| format!("  - {g}"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

const BEGIN: &str = "<!-- BEGIN GENERATED: coverage -->";
const END: &str = "<!-- END GENERATED: coverage -->";

/// spec/README.md section 14 is the corpus's matrix, as `run --coverage` computes it on the
/// model; `UPDATE_SPEC=1` rewrites it.
#[test]
fn spec_readme_shows_the_corpus_coverage() {
    let root = common::repo().join("conformance");
    let report = coverage_of(&root);
    let generated = format!(
        "\n{}\nRefresh with: `UPDATE_SPEC=1 cargo test -p simcom-conformance --test coverage`.\n",
        report.markdown()
    );
    let path = common::repo().join("spec/README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("spec/README.md: no BEGIN coverage marker")
        + BEGIN.len();
    let end = readme
        .find(END)
        .expect("spec/README.md: no END coverage marker");
    if std::env::var("UPDATE_SPEC").as_deref() == Ok("1") {
        let text = format!("{}{generated}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, text).unwrap();
        return;
    }
    assert!(
        readme[start..end] == generated,
        "spec/README.md section 14 is not the corpus's coverage; refresh it with: \
         UPDATE_SPEC=1 cargo test -p simcom-conformance --test coverage"
    );
}

/// Coverage is computed from the wire, so a live target gives the model's numbers: the
/// hand-counted corpus through `serve --pty` opened as a serial port (a live module as far as
/// the harness knows) reaches exactly what it reaches in process.
#[test]
fn a_serial_target_gives_the_same_coverage() {
    let (_vm, path) = common::serve_pty(&[]).unwrap();
    let dir = std::env::temp_dir().join(format!("simcom-coverage-pty-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let root = hand_counted();
    let out = common::run_bounded(
        &[
            "run",
            root.to_str().unwrap(),
            "--target",
            &format!("serial:{path}"),
            "--no-provision",
            "--coverage",
            dir.to_str().unwrap(),
        ],
        std::time::Duration::from_secs(120),
    )
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("coverage.json")).unwrap()).unwrap();
    let model = coverage_of(&root).totals;
    for (name, n) in model.named() {
        assert_eq!(
            json["totals"][name]["covered"], n.covered,
            "{name} through the serial port"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

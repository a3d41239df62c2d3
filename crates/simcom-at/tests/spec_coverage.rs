//! The `(name, form)` pairs of `spec/commands.yaml` and of [`Command`] are the same set.
//!
//! The samples come from `src/command/tests/samples.rs`, which the crate's unit test
//! `coverage` proves complete with a match without wildcard (`Command` is
//! `#[non_exhaustive]`, so that match can only live inside the crate). Here: every sample's
//! `(name(), form())` has a spec entry, and every spec entry has a sample.

use std::collections::BTreeSet;

use serde::Deserialize;
use simcom_at::Command;
use simcom_at::command::*;

#[path = "../src/command/tests/samples.rs"]
mod samples;

/// The encoded line (`Command::to_vec` needs the `alloc` feature; this does not).
fn encoded(c: &Command<'_>) -> Result<Vec<u8>, simcom_at::EncodeError> {
    let mut buf = [0u8; Command::MAX_ENCODED_LEN];
    let n = c.encode(&mut buf)?;
    Ok(buf[..n].to_vec())
}

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/commands.yaml");

#[derive(Deserialize)]
struct Spec {
    commands: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    forms: serde_yaml::Mapping,
}

/// The spec's key of a form.
fn key(form: Form) -> &'static str {
    match form {
        Form::Test => "test",
        Form::Read => "read",
        Form::Write => "write",
        Form::Execute => "execute",
    }
}

fn spec_pairs() -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(SPEC).unwrap_or_else(|e| panic!("{SPEC}: {e}"));
    let spec: Spec = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{SPEC}: {e}"));
    let mut pairs = BTreeSet::new();
    for entry in spec.commands {
        assert!(!entry.forms.is_empty(), "{} has no forms", entry.name);
        for form in entry.forms.keys() {
            let form = form
                .as_str()
                .unwrap_or_else(|| panic!("{}: form key {form:?}", entry.name));
            assert!(
                ["test", "read", "write", "execute"].contains(&form),
                "{}: unknown form key {form}",
                entry.name
            );
            let fresh = pairs.insert((entry.name.clone(), form.to_owned()));
            assert!(fresh, "{} {form} is listed twice", entry.name);
        }
    }
    pairs
}

fn code_pairs() -> BTreeSet<(String, String)> {
    samples::SAMPLES
        .iter()
        .map(|c| (c.name().to_owned(), key(c.form()).to_owned()))
        .collect()
}

/// Every pair of `some` is in `all`; the message names those that are not.
#[track_caller]
fn assert_all_in(some: &BTreeSet<(String, String)>, all: &BTreeSet<(String, String)>, what: &str) {
    let missing: Vec<_> = some.difference(all).collect();
    assert!(missing.is_empty(), "{what}: {missing:?}");
}

#[test]
fn every_command_form_has_a_spec_entry() {
    assert_all_in(
        &code_pairs(),
        &spec_pairs(),
        "in the codec but not in spec/commands.yaml",
    );
}

#[test]
fn every_spec_entry_has_a_command() {
    assert_all_in(
        &spec_pairs(),
        &code_pairs(),
        "in spec/commands.yaml but not in the codec",
    );
}

#[test]
fn every_sample_encodes_with_its_spec_name_and_form_syntax() {
    for c in samples::SAMPLES {
        let line = encoded(c).unwrap();
        let text = std::str::from_utf8(&line).unwrap();
        let rest = text
            .strip_prefix(c.name())
            .unwrap_or_else(|| panic!("{text:?} vs {}", c.name()));
        let ok = match c.form() {
            Form::Test => rest == "=?\r",
            Form::Read => rest == "?\r",
            Form::Write => rest.starts_with('=') && rest != "=?\r",
            Form::Execute => {
                rest == "\r"
                    || rest
                        .trim_end_matches('\r')
                        .bytes()
                        .all(|b| b.is_ascii_digit())
            }
        };
        assert!(
            ok,
            "{text:?} is not the {:?} form of {}",
            c.form(),
            c.name()
        );
        assert_eq!(Command::parse(&line), Ok(*c));
    }
}

//! `spec/README.md` carries a command reference generated from `spec/commands.yaml` and
//! `spec/error-codes.yaml`. This test renders it and fails when the README's block differs;
//! with `UPDATE_SPEC=1` it rewrites the block instead. It also checks the basic shape of both
//! files: every command has a form, every form a syntax and a final result, every FTP error code
//! is listed.

use serde_yaml::Value;
use std::fmt::Write as _;

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/");
const BEGIN: &str = "<!-- BEGIN GENERATED: commands -->";
const END: &str = "<!-- END GENERATED: commands -->";
const FORMS: [&str; 4] = ["test", "read", "write", "execute"];

fn load(name: &str) -> Value {
    let path = format!("{SPEC}{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn join<T>(items: impl IntoIterator<Item = T>, f: impl Fn(T) -> String, sep: &str) -> String {
    items.into_iter().map(f).collect::<Vec<_>>().join(sep)
}

/// Plain text of a scalar, a list (comma-separated) or a map (`k: v; …`).
fn text(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Sequence(items) => join(items, text, ", "),
        Value::Mapping(m) => join(m, |(k, v)| format!("{}: {}", text(k), text(v)), "; "),
        Value::Tagged(t) => text(&t.value),
    }
}

fn field(v: &Value, key: &str) -> String {
    v.get(key).map(text).unwrap_or_default()
}

/// The list under `key`, or an empty one.
fn seq<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_sequence)
        .map_or(&[], Vec::as_slice)
}

/// Prose for Markdown: `<name>` outside code spans would be read as HTML, and `|` splits cells.
fn prose(s: &str) -> String {
    let escape = |(i, p): (usize, &str)| p.replace('<', if i % 2 == 0 { "&lt;" } else { "<" });
    join(s.split('`').enumerate(), escape, "`")
        .replace('|', "\\|")
        .replace('\n', " ")
}

fn prose_field(v: &Value, key: &str) -> String {
    prose(&field(v, key))
}

/// Each item of the list under `key` (or a lone scalar) as a code span, comma-separated.
fn codes(v: &Value, key: &str) -> String {
    let code = |s: &Value| format!("`{}`", text(s).replace('|', "\\|"));
    match v.get(key) {
        Some(Value::Sequence(items)) => join(items, code, ", "),
        Some(other) => code(other),
        None => String::new(),
    }
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

/// A table header from `|`-separated column names.
fn header(out: &mut String, names: &str) {
    let dashes = "---|".repeat(names.split('|').count());
    let _ = writeln!(out, "| {} |\n|{dashes}", names.replace('|', " | "));
}

/// The parts of a form or a case: responses, data phase, final, URCs, timing, confidence, note.
fn details(v: &Value) -> String {
    let mut parts = Vec::new();
    if !seq(v, "responses").is_empty() {
        parts.push(format!("responses {}", codes(v, "responses")));
    }
    if let Some(phase) = v.get("data_phase").filter(|p| p.as_str() != Some("none")) {
        parts.push(format!("data phase **{}**", text(phase)));
    }
    parts.push(format!("final {}", codes(v, "final")));
    if v.get("urcs").is_some() {
        parts.push(format!("URCs {}", codes(v, "urcs")));
    }
    for key in ["max_response_time", "confidence"] {
        if v.get(key).is_some() {
            parts.push(format!("{} {}", key.replace('_', " "), field(v, key)));
        }
    }
    let note = v
        .get("note")
        .map(|_| format!(". {}", prose_field(v, "note")));
    parts.join("; ") + &note.unwrap_or_default()
}

fn parameter(p: &Value) -> Vec<String> {
    let quoted = p.get("quoted").and_then(Value::as_bool) == Some(true);
    let mut range = Vec::new();
    if let [lo, hi] = seq(p, "range") {
        range.push(format!("{}–{}", text(lo), text(hi)));
    }
    if let Some(Value::Mapping(m)) = p.get("values") {
        range.extend(
            m.iter()
                .map(|(k, v)| format!("`{}`: {}", text(k), prose(&text(v)))),
        );
    }
    let default = p.get("default").map(text).map(|d| match d.as_str() {
        "" => "`\"\"`".to_string(),
        d => format!("`{d}`"),
    });
    let length = match (p.get("min_length"), p.get("max_length")) {
        (Some(min), Some(max)) => format!("{}–{}", text(min), text(max)),
        (None, Some(max)) => format!("≤ {}", text(max)),
        _ => String::new(),
    };
    let kind = field(p, "type") + if quoted { ", quoted" } else { "" };
    let name = format!("`{}`", field(p, "name"));
    let (confidence, note) = (field(p, "confidence"), prose_field(p, "note"));
    vec![
        name,
        kind,
        range.join("; "),
        default.unwrap_or_default(),
        length,
        confidence,
        note,
    ]
}

fn render_command(out: &mut String, c: &Value) {
    let (name, summary) = (field(c, "name"), prose_field(c, "summary"));
    let (family, time, sources) = (
        field(c, "family"),
        field(c, "max_response_time"),
        field(c, "sources"),
    );
    let _ = writeln!(out, "#### {name}\n\n{summary}\n");
    let _ = writeln!(
        out,
        "Family `{family}` · max response time {time} · sources: {sources}\n"
    );
    for key in FORMS {
        let Some(form) = c["forms"].get(key) else {
            continue;
        };
        let (syntax, info) = (field(form, "syntax"), details(form));
        let _ = writeln!(out, "- **{key}** `{syntax}`: {info}");
        for case in seq(form, "cases") {
            let _ = writeln!(out, "  - when `{}`: {}", field(case, "when"), details(case));
        }
    }
    if c.get("urcs").is_some() {
        let _ = writeln!(out, "- URCs: {}", codes(c, "urcs"));
    }
    if !seq(c, "parameters").is_empty() {
        out.push('\n');
        header(
            out,
            "Parameter|Type|Range / values|Default|Length|Confidence|Notes",
        );
        seq(c, "parameters")
            .iter()
            .for_each(|p| row(out, &parameter(p)));
    }
    let _ = writeln!(out, "\nEnds: {}\n", prose_field(c, "ends"));
}

fn render(commands: &Value, errors: &Value) -> String {
    let mut out = String::from(
        "## 11. Command reference (generated)\n\nGenerated from `commands.yaml` and \
         `error-codes.yaml` by `crates/simcom-at/tests/spec_readme.rs`: edit the YAML, then run \
         `UPDATE_SPEC=1 cargo test -p simcom-at --test spec_readme`.\n\n",
    );
    let mut family = String::new();
    for c in seq(commands, "commands") {
        if field(c, "family") != family {
            family = field(c, "family");
            let title = field(&commands["families"], &family);
            let _ = writeln!(out, "### {title}\n");
        }
        render_command(&mut out, c);
    }
    out.push_str("## 12. FTP error codes (generated)\n\n");
    header(
        &mut out,
        "Code|Name|SIMCom's wording|Meaning|Produced when|Confidence",
    );
    for e in seq(errors, "ftp_errors") {
        let (code, name) = (field(e, "code"), format!("`{}`", field(e, "name")));
        let [simcom, meaning, when] =
            ["simcom", "meaning", "produced_when"].map(|k| prose_field(e, k));
        row(
            &mut out,
            &[code, name, simcom, meaning, when, field(e, "confidence")],
        );
    }
    out.push_str("\nNot used (SIM800 only):\n\n");
    for e in seq(errors, "not_used") {
        let (code, name, note) = (field(e, "code"), field(e, "name"), prose_field(e, "note"));
        let _ = writeln!(out, "- {code} `{name}`: {note}");
    }
    out.push_str("\n### CME errors (AT+CMEE=1 prints the code, AT+CMEE=2 the text)\n\n");
    header(&mut out, "Code|Text|Used when");
    for e in seq(errors, "cme_errors") {
        let (code, msg) = (
            field(e, "code"),
            format!("`+CME ERROR: {}`", field(e, "text")),
        );
        row(&mut out, &[code, msg, prose_field(e, "used_when")]);
    }
    out.push_str("\n## 13. Profile: the model's knobs (generated)\n\n");
    header(&mut out, "Knob|Default|Behaviour|Reason");
    for k in seq(commands, "profile") {
        let behaviour = k.get("behaviour").or_else(|| k.get("values")).map(text);
        let (name, default) = (format!("`{}`", field(k, "name")), prose_field(k, "default"));
        let (behaviour, reason) = (
            prose(&behaviour.unwrap_or_default()),
            prose_field(k, "reason"),
        );
        row(&mut out, &[name, default, behaviour, reason]);
    }
    out
}

fn check(commands: &Value, errors: &Value) {
    assert!(
        !seq(commands, "commands").is_empty(),
        "commands.yaml: no commands"
    );
    for c in seq(commands, "commands") {
        let name = field(c, "name");
        let family = field(c, "family");
        assert!(
            commands["families"].get(&family).is_some(),
            "{name}: family {family}?"
        );
        let forms = c["forms"]
            .as_mapping()
            .unwrap_or_else(|| panic!("{name}: no forms"));
        assert!(!forms.is_empty(), "{name}: no forms");
        for (key, form) in forms {
            let key = text(key);
            assert!(FORMS.contains(&key.as_str()), "{name}: unknown form {key}");
            assert!(
                form.get("syntax").is_some_and(Value::is_string),
                "{name} {key}: syntax"
            );
            assert!(!seq(form, "final").is_empty(), "{name} {key}: no final");
            for case in seq(form, "cases") {
                let complete = case.get("when").is_some() && !seq(case, "final").is_empty();
                assert!(complete, "{name} {key}: a case needs `when` and `final`");
            }
        }
    }
    let listed: Vec<u64> = seq(errors, "ftp_errors")
        .iter()
        .filter_map(|e| e["code"].as_u64())
        .collect();
    for code in (0..=94).filter(|c| matches!(c, 0 | 1 | 61..=66 | 70..=80 | 90..=94)) {
        assert!(
            listed.contains(&code),
            "error-codes.yaml lacks FTP error code {code}"
        );
    }
}

#[test]
fn readme_command_reference_is_up_to_date() {
    let (commands, errors) = (load("commands.yaml"), load("error-codes.yaml"));
    check(&commands, &errors);
    let wanted = format!("\n{}", render(&commands, &errors));
    let path = format!("{SPEC}README.md");
    let readme = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let start = readme.find(BEGIN).expect("README.md: no BEGIN marker") + BEGIN.len();
    let end = readme.find(END).expect("README.md: no END marker");
    assert!(start <= end, "README.md: END marker before BEGIN marker");
    if readme[start..end] == wanted {
        return;
    }
    if std::env::var("UPDATE_SPEC").as_deref() == Ok("1") {
        let updated = format!("{}{wanted}{}", &readme[..start], &readme[end..]);
        std::fs::write(&path, updated).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    panic!(
        "spec/README.md: the generated command reference differs from spec/commands.yaml and \
         spec/error-codes.yaml.\nRefresh it with: UPDATE_SPEC=1 cargo test -p simcom-at --test \
         spec_readme"
    );
}

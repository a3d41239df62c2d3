//! `spec/commands.yaml` and `spec/error-codes.yaml` read: the only place of this layer that
//! knows YAML.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Code, Domain, Element, Form, Param, Spec, SpecCommand, SpecError, after_name, expand};

/// Reads the two files.
pub(super) fn parse(commands: &str, codes: &str, exceptions: &str) -> Result<Spec, SpecError> {
    let x: RawExceptions = serde_yaml::from_str(exceptions).map_err(|e| SpecError {
        file: "coverage.yaml",
        why: e.to_string(),
    })?;
    let c: RawCommands = serde_yaml::from_str(commands).map_err(|e| SpecError {
        file: "commands.yaml",
        why: e.to_string(),
    })?;
    let k: RawCodes = serde_yaml::from_str(codes).map_err(|e| SpecError {
        file: "error-codes.yaml",
        why: e.to_string(),
    })?;
    let commands = c.commands.into_iter().map(command).collect();
    let mut ftp_codes: Vec<Code> = k
        .ftp_errors
        .into_iter()
        .filter(|e| e.code >= 2)
        .map(|e| Code {
            code: e.code,
            name: e.name,
            not_produced: None,
        })
        .collect();
    ftp_codes.extend(k.not_used.into_iter().map(|e| Code {
        code: e.code,
        name: e.name,
        not_produced: Some(e.note),
    }));
    ftp_codes.sort_by_key(|c| c.code);
    let cme_codes = k
        .cme_errors
        .into_iter()
        .map(|e| Code {
            code: e.code,
            not_produced: e
                .used_when
                .starts_with("Not produced by the model")
                .then(|| e.used_when.clone()),
            name: e.text,
        })
        .collect();
    Ok(Spec {
        coverage_exceptions: x
            .exceptions
            .into_iter()
            .map(|e| (e.item, e.reason))
            .collect(),
        commands,
        ftp_codes,
        cme_codes,
    })
}

// --- The YAML, as far as coverage reads it ---------------------------------------------------

#[derive(Deserialize)]
struct RawCommands {
    commands: Vec<RawCommand>,
}

#[derive(Deserialize)]
struct RawCommand {
    name: String,
    family: String,
    #[serde(default)]
    parameters: Vec<RawParam>,
    forms: BTreeMap<String, RawForm>,
    #[serde(default)]
    urcs: Vec<String>,
}

#[derive(Deserialize)]
struct RawParam {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    range: Option<(u64, u64)>,
    #[serde(default)]
    values: Option<serde_yaml::Mapping>,
    #[serde(default)]
    min_length: Option<usize>,
    #[serde(default)]
    max_length: Option<serde_yaml::Value>,
}

#[derive(Deserialize)]
struct RawForm {
    syntax: String,
    #[serde(default, rename = "final")]
    finals: Vec<String>,
    #[serde(default)]
    cases: Vec<RawCase>,
    #[serde(default)]
    urcs: Vec<String>,
}

#[derive(Deserialize)]
struct RawCase {
    when: String,
    #[serde(default)]
    urcs: Vec<String>,
}

#[derive(Deserialize)]
struct RawExceptions {
    exceptions: Vec<RawException>,
}

#[derive(Deserialize)]
struct RawException {
    item: String,
    reason: String,
}

#[derive(Deserialize)]
struct RawCodes {
    ftp_errors: Vec<RawFtpCode>,
    not_used: Vec<RawNotUsed>,
    cme_errors: Vec<RawCme>,
}

#[derive(Deserialize)]
struct RawFtpCode {
    code: u16,
    name: String,
}

#[derive(Deserialize)]
struct RawNotUsed {
    code: u16,
    name: String,
    note: String,
}

#[derive(Deserialize)]
struct RawCme {
    code: u16,
    text: String,
    used_when: String,
}

fn command(c: RawCommand) -> SpecCommand {
    let urcs = all_urcs(&c);
    let mut forms = Vec::new();
    let mut finals = BTreeMap::new();
    let mut shapes = Vec::new();
    for (key, form) in &c.forms {
        let Some(f) = Form::from_key(key) else {
            continue;
        };
        forms.push(f);
        finals.insert(f, form.finals.clone());
        if matches!(f, Form::Write | Form::Execute) {
            let mut syntaxes = vec![after_name(&form.syntax, &c.name)];
            syntaxes.extend(
                form.cases
                    .iter()
                    .filter(|k| k.when.contains('<'))
                    .map(|k| k.when.clone()),
            );
            for s in syntaxes {
                shapes.extend(expand(&s).into_iter().filter(|e| !e.is_empty()));
            }
        }
    }
    forms.sort();
    // The parameters the host sends: those some shape names, in the spec's order.
    let named = |p: &RawParam| {
        shapes.iter().flatten().any(
            |e| matches!(e, Element::Placeholder { name, .. } if name.eq_ignore_ascii_case(&p.name)),
        )
    };
    let params = c
        .parameters
        .iter()
        .filter(|p| named(p))
        .map(|p| Param {
            name: p.name.clone(),
            domain: domain(p),
        })
        .collect();
    SpecCommand {
        name: c.name,
        family: c.family,
        forms,
        finals,
        params,
        shapes,
        urcs,
    }
}

fn domain(p: &RawParam) -> Domain {
    if let Some((min, max)) = p.range {
        return Domain::Number { min, max };
    }
    match p.kind.as_str() {
        "integer" => {
            let numbers: Option<Vec<u64>> = p.values.as_ref().map(|v| {
                v.keys()
                    .filter_map(|k| match k {
                        serde_yaml::Value::Number(n) => n.as_u64(),
                        serde_yaml::Value::String(s) => s.parse().ok(),
                        _ => None,
                    })
                    .collect()
            });
            match numbers {
                Some(n) if !n.is_empty() && n.len() == p.values.as_ref().map_or(0, |v| v.len()) => {
                    Domain::Number {
                        min: n.iter().copied().min().unwrap_or(0),
                        max: n.iter().copied().max().unwrap_or(0),
                    }
                }
                _ => Domain::Open,
            }
        }
        "string" => Domain::Text {
            min_len: p.min_length.unwrap_or(0),
            max_len: p
                .max_length
                .as_ref()
                .and_then(serde_yaml::Value::as_u64)
                .map(|n| n as usize),
        },
        _ => match &p.values {
            Some(v) => Domain::Names(
                v.keys()
                    .filter_map(|k| k.as_str().map(str::to_string))
                    .collect(),
            ),
            None => Domain::Open,
        },
    }
}

/// The URCs a command's entry lists anywhere: its own list, its forms' and its cases', each
/// once (AT+FTPQUIT lists the abort URCs of every session only on its execute form).
fn all_urcs(c: &RawCommand) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    let forms = c.forms.values();
    let lists = std::iter::once(&c.urcs)
        .chain(forms.clone().map(|f| &f.urcs))
        .chain(forms.flat_map(|f| f.cases.iter().map(|k| &k.urcs)));
    for u in lists.flatten() {
        if !all.contains(u) {
            all.push(u.clone());
        }
    }
    all
}

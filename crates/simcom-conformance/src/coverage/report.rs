//! A coverage report: the totals, the matrix (commands × forms, codes × commands), and what
//! no exchange reached; as a terminal summary, JSON and Markdown.

use std::fmt::Write as _;

use serde::Serialize;

use super::Coverage;
use crate::spec::Form;

/// Covered out of total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Count {
    /// Items the run reached.
    pub covered: usize,
    /// Items the spec has.
    pub total: usize,
}

impl Count {
    fn add(&mut self, covered: bool) {
        self.total += 1;
        self.covered += usize::from(covered);
    }

    /// `covered/total (pp%)`.
    pub fn show(&self) -> String {
        let pct = if self.total == 0 {
            100.0
        } else {
            100.0 * self.covered as f64 / self.total as f64
        };
        format!("{}/{} ({pct:.0}%)", self.covered, self.total)
    }

    /// Whether everything is covered.
    pub fn complete(&self) -> bool {
        self.covered == self.total
    }
}

/// The totals of each dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    /// Command forms (test, read, write, execute) sent.
    pub forms: Count,
    /// Final results a form can end with (`OK`, `ERROR`) seen after it.
    pub finals: Count,
    /// Parameter boundary values sent.
    pub boundaries: Count,
    /// FTP error codes the model can produce, seen.
    pub ftp_codes: Count,
    /// `+CME ERROR` codes the model can produce, seen.
    pub cme_codes: Count,
    /// URCs of the spec seen.
    pub urcs: Count,
}

impl Totals {
    /// The dimensions by name, in the report's order.
    pub fn named(&self) -> [(&'static str, Count); 6] {
        [
            ("forms", self.forms),
            ("finals", self.finals),
            ("boundaries", self.boundaries),
            ("ftp_codes", self.ftp_codes),
            ("cme_codes", self.cme_codes),
            ("urcs", self.urcs),
        ]
    }
}

/// One form of a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormReport {
    /// The form.
    pub form: Form,
    /// How often it was sent.
    pub sent: u64,
    /// Each final result the spec gives it, and how often it was seen.
    pub finals: Vec<(String, u64)>,
}

/// One boundary of a parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoundaryReport {
    /// `min`, `above max`, `empty`, …
    pub label: String,
    /// The value.
    pub value: String,
    /// Whether a command line carried it.
    pub sent: bool,
}

/// One parameter of a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParamReport {
    /// Its name.
    pub name: String,
    /// Its boundaries.
    pub boundaries: Vec<BoundaryReport>,
}

/// One URC of a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrcReport {
    /// As the spec writes it.
    pub pattern: String,
    /// How often a line matched it.
    pub seen: u64,
}

/// One command of the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandReport {
    /// `AT+FTPGET`.
    pub name: String,
    /// Its family.
    pub family: String,
    /// Its forms.
    pub forms: Vec<FormReport>,
    /// Its host-side parameters.
    pub params: Vec<ParamReport>,
    /// Its URCs.
    pub urcs: Vec<UrcReport>,
}

/// One code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeReport {
    /// The number.
    pub code: u16,
    /// Its name or text.
    pub name: String,
    /// The commands it was seen under.
    pub seen_under: Vec<String>,
    /// Why the model never produces it (then it does not count).
    pub not_produced: Option<String>,
}

/// What a run covered of the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The totals.
    pub totals: Totals,
    /// Every command of the spec.
    pub commands: Vec<CommandReport>,
    /// The FTP error codes.
    pub ftp_codes: Vec<CodeReport>,
    /// The `+CME ERROR` codes.
    pub cme_codes: Vec<CodeReport>,
    /// Commands sent that the spec does not have.
    pub unknown_commands: Vec<String>,
    /// The spec's exceptions (`spec/coverage.yaml`): items the corpus cannot reach, and why.
    pub exceptions: Vec<(String, String)>,
}

impl Report {
    pub(super) fn new(c: &Coverage) -> Self {
        let spec = c.spec;
        let mut totals = Totals::default();
        let commands = spec
            .commands
            .iter()
            .map(|k| {
                let forms = k
                    .forms
                    .iter()
                    .map(|&form| {
                        let sent = c.forms.get(&(k.name.clone(), form)).copied().unwrap_or(0);
                        totals.forms.add(sent > 0);
                        let finals = k
                            .finals
                            .get(&form)
                            .into_iter()
                            .flatten()
                            .map(|f| {
                                let n = c
                                    .finals
                                    .get(&(k.name.clone(), form, f.clone()))
                                    .copied()
                                    .unwrap_or(0);
                                totals.finals.add(n > 0);
                                (f.clone(), n)
                            })
                            .collect();
                        FormReport { form, sent, finals }
                    })
                    .collect();
                let params = k
                    .params
                    .iter()
                    .map(|p| {
                        let hit = c.boundaries.get(&(k.name.clone(), p.name.clone()));
                        let boundaries = p
                            .domain
                            .boundaries()
                            .into_iter()
                            .map(|b| {
                                let sent = hit.is_some_and(|h| h.contains(&b.label));
                                totals.boundaries.add(sent);
                                BoundaryReport {
                                    label: b.label,
                                    value: b.value,
                                    sent,
                                }
                            })
                            .collect();
                        ParamReport {
                            name: p.name.clone(),
                            boundaries,
                        }
                    })
                    .collect();
                let urcs = k
                    .urcs
                    .iter()
                    .map(|u| {
                        let seen = c
                            .urcs
                            .get(&(k.name.clone(), u.clone()))
                            .copied()
                            .unwrap_or(0);
                        totals.urcs.add(seen > 0);
                        UrcReport {
                            pattern: u.clone(),
                            seen,
                        }
                    })
                    .collect();
                CommandReport {
                    name: k.name.clone(),
                    family: k.family.clone(),
                    forms,
                    params,
                    urcs,
                }
            })
            .collect();
        let codes = |list: &[crate::spec::Code],
                     seen: &std::collections::BTreeMap<u16, std::collections::BTreeSet<String>>,
                     count: &mut Count| {
            list.iter()
                .map(|k| {
                    let seen_under: Vec<String> =
                        seen.get(&k.code).into_iter().flatten().cloned().collect();
                    if k.not_produced.is_none() {
                        count.add(!seen_under.is_empty());
                    }
                    CodeReport {
                        code: k.code,
                        name: k.name.clone(),
                        seen_under,
                        not_produced: k.not_produced.clone(),
                    }
                })
                .collect::<Vec<_>>()
        };
        let ftp_codes = codes(&spec.ftp_codes, &c.ftp, &mut totals.ftp_codes);
        let cme_codes = codes(&spec.cme_codes, &c.cme, &mut totals.cme_codes);
        Self {
            totals,
            commands,
            ftp_codes,
            cme_codes,
            unknown_commands: c.unknown.iter().cloned().collect(),
            exceptions: spec.coverage_exceptions.clone(),
        }
    }

    /// One line per dimension, for the end of a run.
    ///
    /// ```
    /// use simcom_conformance::coverage::Coverage;
    /// let c = Coverage::new(simcom_conformance::spec::Spec::built_in().unwrap());
    /// assert!(c.report().summary().starts_with("spec coverage: forms 0/"));
    /// ```
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .totals
            .named()
            .iter()
            .map(|(name, n)| format!("{} {}", name.replace('_', " "), n.show()))
            .collect();
        format!("spec coverage: {}", parts.join(", "))
    }

    /// The report as JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The matrix as Markdown: the totals, commands × forms (with the finals, boundaries and
    /// URCs each command reached), the codes × the commands they were seen under, and a list
    /// of what nothing reached.
    pub fn markdown(&self) -> String {
        let mut m = String::new();
        let _ = writeln!(m, "| dimension | covered |\n|---|---|");
        for (name, n) in self.totals.named() {
            let _ = writeln!(m, "| {} | {} |", name.replace('_', " "), n.show());
        }
        let _ = writeln!(
            m,
            "\n| command | test | read | write | execute | finals | boundaries | URCs |\n|---|---|---|---|---|---|---|---|"
        );
        for k in &self.commands {
            let cell = |f: Form| match k.forms.iter().find(|r| r.form == f) {
                None => "".to_string(),
                Some(r) if r.sent == 0 => "**0**".to_string(),
                Some(r) => r.sent.to_string(),
            };
            let mut finals = Count::default();
            for f in &k.forms {
                for (_, n) in &f.finals {
                    finals.add(*n > 0);
                }
            }
            let mut bounds = Count::default();
            for b in k.params.iter().flat_map(|p| &p.boundaries) {
                bounds.add(b.sent);
            }
            let mut urcs = Count::default();
            for u in &k.urcs {
                urcs.add(u.seen > 0);
            }
            let ratio = |n: Count| {
                if n.total == 0 {
                    String::new()
                } else {
                    format!("{}/{}", n.covered, n.total)
                }
            };
            let _ = writeln!(
                m,
                "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
                k.name,
                cell(Form::Test),
                cell(Form::Read),
                cell(Form::Write),
                cell(Form::Execute),
                ratio(finals),
                ratio(bounds),
                ratio(urcs)
            );
        }
        for (title, codes) in [
            ("FTP error code", &self.ftp_codes),
            ("+CME ERROR", &self.cme_codes),
        ] {
            let _ = writeln!(m, "\n| {title} | name | seen under |\n|---|---|---|");
            for c in codes {
                let under = match (&c.not_produced, c.seen_under.is_empty()) {
                    (Some(_), _) => "not produced (spec)".to_string(),
                    (None, true) => "**not seen**".to_string(),
                    (None, false) => c
                        .seen_under
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                };
                let _ = writeln!(m, "| {} | {} | {under} |", c.code, c.name);
            }
        }
        let missing = self.missing();
        if !missing.is_empty() {
            let _ = writeln!(m, "\nNot reached:\n");
            for line in missing {
                match self.exceptions.iter().find(|(item, _)| *item == line) {
                    Some((_, why)) => {
                        let _ = writeln!(m, "- {line}: an exception (spec/coverage.yaml): {why}");
                    }
                    None => {
                        let _ = writeln!(m, "- {line}");
                    }
                }
            }
        }
        if !self.unknown_commands.is_empty() {
            let _ = writeln!(
                m,
                "\nSent but not in the spec: {}",
                self.unknown_commands
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        m
    }

    /// The [`markdown`](Self::markdown) matrix as a standalone HTML page, for CI artifacts.
    ///
    /// ```
    /// use simcom_conformance::coverage::Coverage;
    /// let c = Coverage::new(simcom_conformance::spec::Spec::built_in().unwrap());
    /// let html = c.report().html();
    /// assert!(html.contains("<table>") && html.contains("<td><code>AT+FTPGET</code></td>"));
    /// ```
    pub fn html(&self) -> String {
        let markdown = format!("# Spec coverage\n\n{}", self.markdown());
        let parser =
            pulldown_cmark::Parser::new_ext(&markdown, pulldown_cmark::Options::ENABLE_TABLES);
        let mut body = String::new();
        pulldown_cmark::html::push_html(&mut body, parser);
        format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Spec coverage</title>\n\
             <style>body{{font-family:sans-serif}}table{{border-collapse:collapse}}\
             td,th{{border:1px solid #ccc;padding:2px 6px}}</style></head>\n<body>\n{body}</body></html>\n"
        )
    }

    /// Everything the spec has that nothing reached, one line each.
    pub fn missing(&self) -> Vec<String> {
        let mut out = Vec::new();
        for k in &self.commands {
            for f in &k.forms {
                if f.sent == 0 {
                    out.push(format!("`{}` {}: never sent", k.name, f.form.key()));
                    continue;
                }
                for (fin, n) in &f.finals {
                    if *n == 0 {
                        out.push(format!(
                            "`{}` {}: never ended with {fin}",
                            k.name,
                            f.form.key()
                        ));
                    }
                }
            }
            for p in &k.params {
                for b in p.boundaries.iter().filter(|b| !b.sent) {
                    out.push(format!(
                        "`{}` <{}>: {} ({}) never sent",
                        k.name, p.name, b.label, b.value
                    ));
                }
            }
            for u in k.urcs.iter().filter(|u| u.seen == 0) {
                out.push(format!("`{}`: URC `{}` never seen", k.name, u.pattern));
            }
        }
        for (kind, codes) in [
            ("FTP error", &self.ftp_codes),
            ("+CME ERROR", &self.cme_codes),
        ] {
            for c in codes
                .iter()
                .filter(|c| c.not_produced.is_none() && c.seen_under.is_empty())
            {
                out.push(format!("{kind} {} ({}) never seen", c.code, c.name));
            }
        }
        out
    }
}

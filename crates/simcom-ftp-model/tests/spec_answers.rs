//! The model against `spec/commands.yaml` itself: every test form whose answer the spec gives
//! literally, and every profile default. Expected bytes come from the YAML, not the model.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use simcom_ftp_model::{Input, Instant, Module, Output, Profile};

#[derive(Deserialize)]
struct Spec {
    commands: Vec<CommandSpec>,
    profile: Vec<Knob>,
}

#[derive(Deserialize)]
struct CommandSpec {
    name: String,
    forms: BTreeMap<String, FormSpec>,
}

#[derive(Deserialize)]
struct FormSpec {
    syntax: String,
    #[serde(default)]
    responses: Vec<String>,
    #[serde(default)]
    r#final: Vec<String>,
}

#[derive(Deserialize)]
struct Knob {
    name: String,
    default: serde_yaml::Value,
}

fn spec() -> Spec {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/commands.yaml");
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Sends one line to a fresh model with echo off and returns what it printed.
fn answer(line: &str) -> Vec<u8> {
    let mut m = Module::new(Profile::default());
    let mut out = Vec::new();
    for input in ["ATE0\r", &format!("{line}\r")] {
        out.clear();
        m.handle_input(Instant::ZERO, Input::Host(input.as_bytes()));
        while let Output::Transmit(b) = m.poll_output() {
            out.extend(b);
        }
    }
    out
}

#[test]
fn every_literal_test_form_answer_matches_the_spec() {
    let mut checked = 0;
    for c in spec().commands {
        let Some(form) = c.forms.get("test") else {
            continue;
        };
        // Skip answers with placeholders (`<…>`) or profile-dependent values.
        if form.responses.iter().any(|r| r.contains('<')) {
            continue;
        }
        let mut expected = String::new();
        for r in &form.responses {
            expected.push_str(&format!("\r\n{r}\r\n"));
        }
        assert_eq!(form.r#final, ["OK"], "{}: a test form ends with OK", c.name);
        expected.push_str("\r\nOK\r\n");
        let got = answer(&form.syntax);
        assert_eq!(
            got.escape_ascii().to_string(),
            expected.as_bytes().escape_ascii().to_string(),
            "{} ({})",
            c.name,
            form.syntax
        );
        checked += 1;
    }
    // 45 commands have a test form; all but those with placeholders are literal.
    assert!(checked >= 40, "only {checked} test forms checked");
}

fn duration(v: &serde_yaml::Value) -> Duration {
    let s = v.as_str().expect("a duration such as 20s");
    Duration::from_secs(s.strip_suffix('s').unwrap().parse().unwrap())
}

#[test]
fn profile_defaults_match_the_spec() {
    let p = Profile::default();
    let knobs: BTreeMap<String, serde_yaml::Value> = spec()
        .profile
        .into_iter()
        .map(|k| (k.name, k.default))
        .collect();
    let n = |k: &str| {
        knobs[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k} is a number"))
    };
    assert_eq!(p.data_ready_repeat, duration(&knobs["data_ready_repeat"]));
    assert_eq!(p.read_idle_timeout, duration(&knobs["read_idle_timeout"]));
    assert_eq!(p.server_timeout, duration(&knobs["server_timeout"]));
    assert_eq!(p.put_input_timeout, duration(&knobs["put_input_timeout"]));
    assert!(knobs["etput_input_timeout"].is_null());
    assert_eq!(p.etput_input_timeout, None);
    assert_eq!(u64::from(p.put_maxlength), n("put_maxlength"));
    assert_eq!(p.name_max_length as u64, n("name_max_length"));
    assert_eq!(knobs["etput_order"].as_str(), Some("manual"));
    assert_eq!(p.etput_order, simcom_ftp_model::EtputOrder::Manual);
    assert_eq!(knobs["extput_header"].as_bool(), Some(p.extput_header));
    assert_eq!(knobs["extput_order"].as_str(), Some("manual"));
    assert_eq!(knobs["put_early_chunk"].as_str(), Some("refuse"));
    assert_eq!(p.put_early_chunk, simcom_ftp_model::EarlyChunk::Refuse);
    assert_eq!(p.extput_order, simcom_ftp_model::EtputOrder::Manual);
    assert_eq!(knobs["ftprest_reset"].as_bool(), Some(p.ftprest_reset));
    assert_eq!(
        knobs["accept_unquoted_strings"].as_bool(),
        Some(p.accept_unquoted_strings)
    );
    assert_eq!(p.extget_ram_capacity as u64, n("extget_ram_capacity"));
    assert_eq!(p.extput_ram_capacity as u64, n("extput_ram_capacity"));
    assert_eq!(p.rx_buffer as u64, n("rx_buffer"));
    assert_eq!(p.fs_capacity as u64, n("fs_capacity"));
    let ati: Vec<String> = serde_yaml::from_value(knobs["ati_lines"].clone()).unwrap();
    assert_eq!(p.ati_lines, ati);
    let text = |k: &str| knobs[k].as_str().unwrap().to_string();
    assert_eq!(p.manufacturer, text("manufacturer"));
    assert_eq!(p.model, text("model"));
    assert_eq!(p.revision, text("revision"));
    assert_eq!(p.imei, text("imei"));
    assert_eq!(knobs["revision_space"].as_bool(), Some(p.revision_space));
    assert_eq!(knobs["sms_ready"].as_bool(), Some(p.sms_ready));
    assert_eq!(
        knobs["cipher_suite_hex"].as_bool(),
        Some(p.cipher_suite_hex)
    );
    // The spec's name of the default and the model's value (the names are read in yaml.rs).
    assert_eq!(knobs["verify_server"].as_str(), Some("when-ca-set"));
    assert_eq!(p.verify_server, simcom_ftp_model::VerifyServer::WhenCaSet);
    let d = &knobs["defaults"];
    assert_eq!(d["echo"].as_u64(), Some(u64::from(p.defaults.echo)));
    assert_eq!(d["verbose"].as_u64(), Some(u64::from(p.defaults.verbose)));
    assert_eq!(d["cmee"].as_u64(), Some(u64::from(p.defaults.cmee)));
    assert_eq!(d["ftpport"].as_u64(), Some(u64::from(p.defaults.ftpport)));
    assert_eq!(d["ftpcid"].as_u64(), Some(u64::from(p.defaults.ftpcid)));
    assert_eq!(d["ftpmode"].as_u64(), Some(1));
    assert_eq!(p.defaults.ftpmode, simcom_at::command::FtpMode::Passive);
    // Every knob of the spec is checked above.
    assert_eq!(
        knobs.len(),
        27,
        "a new profile knob needs a check here: {:?}",
        knobs.keys()
    );
}

#[test]
fn read_forms_print_the_spec_defaults() {
    // The `defaults` knob of commands.yaml, as the read forms print them.
    for (line, expected) in [
        ("AT+FTPPORT?", "+FTPPORT: 21"),
        ("AT+FTPMODE?", "+FTPMODE: 1"),
        ("AT+FTPTYPE?", "+FTPTYPE: \"I\""),
        ("AT+FTPPUTOPT?", "+FTPPUTOPT: \"STOR\""),
        ("AT+FTPCID?", "+FTPCID: 0"),
        ("AT+FTPREST?", "+FTPREST: 0"),
        ("AT+FTPSSL?", "+FTPSSL: 0,0,\"\",\"\""),
        ("AT+FTPSERV?", "+FTPSERV: \"\""),
        ("AT+FTPGETNAME?", "+FTPGETNAME: \"\""),
        ("AT+CMEE?", "+CMEE: 0"),
    ] {
        let got = answer(line);
        assert_eq!(
            got,
            format!("\r\n{expected}\r\n\r\nOK\r\n").into_bytes(),
            "{line}"
        );
    }
}

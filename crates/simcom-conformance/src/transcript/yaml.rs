//! The only module that knows YAML (serde_yaml 0.9 is deprecated upstream: keep it here).
//!
//! Reading is two-phase: the text is parsed into a YAML value, `${name}` variables are
//! substituted in every string, then the value is deserialized into strict structures that
//! refuse unknown keys.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Deserialize;
use serde_yaml::Value;
use simcom_at::command::{Command, Setting};
use simcom_ftp_model::net::FtpStep;
use simcom_ftp_model::server::{Hold, ListingStyle, Timestamp};
use simcom_ftp_model::{
    Cellular, Defaults, EarlyChunk, EtputOrder, FsDir, NetworkTime, Profile, VerifyServer,
};

use super::bytes::{BytesSpec, Pattern, parse_hex};
use super::{Faults, Requirement, ServerWorld, Step, Transcript, TranscriptError, World};

fn err(msg: impl Into<String>) -> TranscriptError {
    TranscriptError::Invalid(msg.into())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranscript {
    title: String,
    source: String,
    #[serde(default)]
    vars: BTreeMap<String, Value>,
    #[serde(default)]
    world: RawWorld,
    #[serde(default)]
    profile: BTreeMap<String, Value>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    timeout: Option<Value>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    skip: Option<String>,
    #[serde(default)]
    requires: Vec<String>,
    steps: Vec<RawStep>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawWorld {
    #[serde(default)]
    bearer: Option<String>,
    #[serde(default)]
    server: RawServer,
    #[serde(default)]
    module_files: BTreeMap<String, RawBytes>,
    #[serde(default)]
    power_up: bool,
    #[serde(default)]
    cellular: Option<RawCellular>,
}

/// `world.cellular`: the network the model is in (`simcom_ftp_model::Cellular`); a key left
/// out keeps `Cellular::default()`'s value (app note 4.1's network).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCellular {
    sim: Option<bool>,
    rssi: Option<u8>,
    ber: Option<u8>,
    stat: Option<u8>,
    area: Option<String>,
    ci: Option<String>,
    operator: Option<String>,
    operator_numeric: Option<String>,
    act: Option<u8>,
    apn: Option<String>,
    addresses: Option<Vec<String>>,
    attached: Option<bool>,
    registers_after: Option<Value>,
    time: Option<RawTime>,
}

/// `world.cellular.time`: the network time sent at registration.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTime {
    utc: String,
    tz: String,
    #[serde(default)]
    dst: u8,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawServer {
    #[serde(default)]
    users: Option<BTreeMap<String, Value>>,
    #[serde(default)]
    files: BTreeMap<String, RawBytes>,
    #[serde(default)]
    dirs: Vec<String>,
    #[serde(default)]
    mtime: Option<String>,
    #[serde(default)]
    pieces: Option<Vec<usize>>,
    #[serde(default)]
    list_pieces: Option<Vec<usize>>,
    #[serde(default)]
    interval: Option<Value>,
    #[serde(default)]
    latency: Option<Value>,
    #[serde(default)]
    hold: Option<RawHold>,
    #[serde(default)]
    listing: Option<String>,
    #[serde(default)]
    faults: RawFaults,
    #[serde(default)]
    ca: Option<RawBytes>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHold {
    after: u64,
    #[serde(rename = "for")]
    pause: Value,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFaults {
    #[serde(default)]
    refuse_connections: bool,
    #[serde(default)]
    drop_after: Option<u64>,
    #[serde(default)]
    stall_after: Option<u64>,
    #[serde(default)]
    fail: BTreeMap<String, u16>,
}

#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawBytes {
    Text(String),
    Hex { hex: String },
    Seeded { size: usize, seed: u64 },
    Pattern { size: usize, pattern: String },
    Concat { concat: Vec<RawBytes> },
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum RawStep {
    Send(Value),
    SendRaw(RawBytes),
    Expect(Value),
    ExpectRe(String),
    ExpectAnyOrder(Vec<Value>),
    ExpectData(RawBytes),
    SendData(RawBytes),
    Drain {
        read: String,
        data: RawBytes,
        until: Value,
    },
    Wait(Value),
    Comment(Value),
}

/// Parses a transcript; `overrides` replace the transcript's own vars.
pub(crate) fn parse(
    text: &str,
    overrides: &BTreeMap<String, String>,
) -> Result<Transcript, TranscriptError> {
    let value: Value = serde_yaml::from_str(text).map_err(|e| err(format!("YAML: {e}")))?;
    let mut t = parse_value(value, overrides)?;
    super::check(&t, true)?;
    t.step_lines = step_lines(text, t.steps.len());
    Ok(t)
}

/// The line (1-based) of each item of the top-level `steps:` block sequence; empty unless
/// exactly `n` items are found (a flow sequence, say).
fn step_lines(text: &str, n: usize) -> Vec<usize> {
    let mut lines = text.lines().enumerate();
    let block_start = |l: &str| {
        l.strip_prefix("steps:")
            .is_some_and(|rest| rest.trim().is_empty() || rest.trim().starts_with('#'))
    };
    if !lines.any(|(_, l)| block_start(l)) {
        return Vec::new();
    }
    let mut indent = None;
    let mut out = Vec::new();
    for (i, l) in lines {
        let body = l.trim_start();
        let at = l.len() - body.len();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if at == 0 && !body.starts_with('-') {
            break; // the next top-level key
        }
        if body.starts_with("- ") || body == "-" {
            let first = *indent.get_or_insert(at);
            if at == first {
                out.push(i + 1);
            }
        }
    }
    if out.len() == n { out } else { Vec::new() }
}

/// Parses a file that describes a starting state only (`serve --world`): a whole transcript,
/// or just its `world:` (and `profile:`, `vars:`) keys; `title`, `source` and `steps` may be
/// left out.
pub(crate) fn parse_world(
    text: &str,
    overrides: &BTreeMap<String, String>,
) -> Result<Transcript, TranscriptError> {
    let mut value: Value = serde_yaml::from_str(text).map_err(|e| err(format!("YAML: {e}")))?;
    if let Value::Mapping(m) = &mut value {
        for (k, v) in [
            ("title", Value::from("world")),
            ("source", Value::from("serve --world")),
            ("steps", Value::Sequence(Vec::new())),
        ] {
            if !m.contains_key(k) {
                m.insert(Value::from(k), v);
            }
        }
    }
    let t = parse_value(value, overrides)?;
    super::check(&t, false)?;
    Ok(t)
}

fn parse_value(
    mut value: Value,
    overrides: &BTreeMap<String, String>,
) -> Result<Transcript, TranscriptError> {
    // Variables: the transcript's own, then the command line's.
    let mut vars = BTreeMap::new();
    if let Some(Value::Mapping(m)) = value.get("vars") {
        for (k, v) in m {
            let k = scalar(k).ok_or_else(|| err("vars: a name is not a string"))?;
            let v = scalar(v).ok_or_else(|| err(format!("vars.{k}: not a scalar")))?;
            vars.insert(k, v);
        }
    }
    for (k, v) in overrides {
        vars.insert(k.clone(), v.clone());
    }
    // Each step as written, before substitution: `record` writes the host's steps back so.
    let step_sources = match value.get("steps") {
        Some(Value::Sequence(steps)) => steps.iter().map(source_text).collect(),
        _ => Vec::new(),
    };
    if let Value::Mapping(m) = &mut value {
        for (k, v) in m.iter_mut() {
            if k.as_str() != Some("vars") {
                substitute(v, &vars)?;
            }
        }
    }
    // Each step is a one-key map; serde_yaml deserializes enums from tagged values.
    if let Some(Value::Sequence(steps)) = value.get_mut("steps") {
        for (i, step) in steps.iter_mut().enumerate() {
            let Value::Mapping(m) = step else {
                return Err(err(format!(
                    "step {}: a map with one key such as `send:`",
                    i + 1
                )));
            };
            if m.len() != 1 {
                return Err(err(format!(
                    "step {}: one key per step, found {}",
                    i + 1,
                    m.len()
                )));
            }
            let (k, v) = m
                .iter()
                .next()
                .map(|(k, v)| (k.clone(), v.clone()))
                .unwrap_or_default();
            let k = k
                .as_str()
                .ok_or_else(|| err(format!("step {}: the key is not a string", i + 1)))?;
            *step = Value::Tagged(Box::new(serde_yaml::value::TaggedValue {
                tag: serde_yaml::value::Tag::new(k),
                value: v,
            }));
        }
    }
    let raw: RawTranscript = serde_yaml::from_value(value).map_err(|e| err(format!("{e}")))?;
    let _ = &raw.vars;
    let mut t = convert(raw, vars)?;
    t.step_sources = step_sources;
    Ok(t)
}

/// A step's YAML as a list item of `steps:` (`  - send: AT+FTPPW="${password}"`).
fn source_text(step: &Value) -> String {
    let text = serde_yaml::to_string(step).unwrap_or_default();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(if i == 0 { "  - " } else { "    " });
        out.push_str(line);
    }
    out
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn substitute(v: &mut Value, vars: &BTreeMap<String, String>) -> Result<(), TranscriptError> {
    match v {
        Value::String(s) => *s = expand(s, vars)?,
        Value::Sequence(seq) => {
            for x in seq {
                substitute(x, vars)?;
            }
        }
        Value::Mapping(m) => {
            for (_, x) in m.iter_mut() {
                substitute(x, vars)?;
            }
        }
        Value::Tagged(t) => substitute(&mut t.value, vars)?,
        _ => {}
    }
    Ok(())
}

/// Replaces `${name}`; `$${` is a literal `${`.
fn expand(s: &str, vars: &BTreeMap<String, String>) -> Result<String, TranscriptError> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        if let Some(tail) = after.strip_prefix("$${") {
            out.push_str("${");
            rest = tail;
        } else if let Some(tail) = after.strip_prefix("${") {
            let end = tail
                .find('}')
                .ok_or_else(|| err(format!("unterminated ${{ in {s:?}")))?;
            let name = &tail[..end];
            let value = vars
                .get(name)
                .ok_or_else(|| err(format!("unknown variable ${{{name}}} in {s:?}")))?;
            out.push_str(value);
            rest = &tail[end + 1..];
        } else {
            out.push('$');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// A line given as a YAML scalar (`expect: OK`, `expect: 0`).
fn line(v: &Value, what: &str) -> Result<String, TranscriptError> {
    scalar(v).ok_or_else(|| err(format!("{what}: expected a line of text")))
}

/// `500ms`, `30s`, `2m`, `1h`, or a bare number of seconds.
pub(crate) fn duration(v: &Value) -> Result<Duration, TranscriptError> {
    let bad = || {
        let shown = scalar(v).map_or_else(|| format!("{v:?}"), |s| format!("{s:?}"));
        err(format!("{shown} is not a duration (500ms, 30s, 2m, 1h)"))
    };
    match v {
        Value::Number(n) => n
            .as_f64()
            .and_then(|f| Duration::try_from_secs_f64(f).ok())
            .ok_or_else(bad),
        Value::String(s) => parse_duration(s).ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// Parses `500ms`, `30s`, `2m`, `1h` or a number of seconds (decimals allowed: `1.5s`).
/// Negative, infinite or unrepresentable durations give `None`.
pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (num, unit) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = s.strip_suffix('h') {
        (n, 3600.0)
    } else {
        (s, 1.0)
    };
    let f: f64 = num.trim().parse().ok()?;
    // try_: `1e300s` is refused, not a panic.
    Duration::try_from_secs_f64(f * unit).ok()
}

/// `world.server.pieces` / `list_pieces`: a non-empty list of sizes ≥ 1.
fn sizes(v: Option<Vec<usize>>, key: &str) -> Result<Option<Vec<usize>>, TranscriptError> {
    match v {
        Some(p) if p.is_empty() || p.contains(&0) => Err(err(format!(
            "world.server.{key}: a non-empty list of sizes ≥ 1"
        ))),
        p => Ok(p),
    }
}

fn bytes(raw: RawBytes) -> Result<BytesSpec, TranscriptError> {
    Ok(match raw {
        RawBytes::Text(s) => BytesSpec::Text(s),
        RawBytes::Hex { hex } => BytesSpec::Hex(parse_hex(&hex).map_err(err)?),
        RawBytes::Seeded { size, seed } => BytesSpec::Seeded { size, seed },
        RawBytes::Pattern { size, pattern } => BytesSpec::Pattern {
            size,
            pattern: match pattern.as_str() {
                "digits" => Pattern::Digits,
                "all-bytes" => Pattern::AllBytes,
                p => return Err(err(format!("unknown pattern {p:?} (digits, all-bytes)"))),
            },
        },
        RawBytes::Concat { concat } => {
            BytesSpec::Concat(concat.into_iter().map(bytes).collect::<Result<_, _>>()?)
        }
    })
}

fn checked_bytes(raw: RawBytes, what: &str) -> Result<BytesSpec, TranscriptError> {
    let b = bytes(raw)?;
    if b.len() > super::bytes::MAX_GENERATED {
        return Err(err(format!(
            "{what}: {} bytes is more than the 1 GiB limit",
            b.len()
        )));
    }
    Ok(b)
}

fn ftp_step(name: &str) -> Option<FtpStep> {
    Some(match name {
        "greeting" => FtpStep::Greeting,
        "auth" => FtpStep::Auth,
        "pbsz" => FtpStep::Pbsz,
        "prot" => FtpStep::Prot,
        "user" => FtpStep::User,
        "pass" => FtpStep::Pass,
        "type" => FtpStep::Type,
        "cwd" => FtpStep::Cwd,
        "pasv" => FtpStep::Pasv,
        "port" => FtpStep::Port,
        "rest" => FtpStep::Rest,
        "retr" => FtpStep::Retr,
        "list" => FtpStep::List,
        "store" => FtpStep::Store,
        "size" => FtpStep::Size,
        "mdtm" => FtpStep::Mdtm,
        "dele" => FtpStep::Dele,
        "mkd" => FtpStep::Mkd,
        "rmd" => FtpStep::Rmd,
        "rnfr" => FtpStep::Rnfr,
        "rnto" => FtpStep::Rnto,
        _ => return None,
    })
}

/// `world.cellular`, range-checked: each value as the module would print it.
fn cellular(c: RawCellular) -> Result<Cellular, TranscriptError> {
    let mut out = Cellular::default();
    let check = |key: &str, ok: bool, what: &str| {
        if ok {
            Ok(())
        } else {
            Err(err(format!("world.cellular.{key}: {what}")))
        }
    };
    let quotable = |key: &str, v: &str, max: usize| {
        check(
            key,
            v.len() <= max && !v.bytes().any(|b| b == b'"' || b < 0x20 || b == 0x7f),
            &format!("at most {max} bytes, no quote or control byte"),
        )
    };
    if let Some(v) = c.sim {
        out.sim_present = v;
    }
    if let Some(v) = c.rssi {
        check("rssi", v <= 31 || v == 99, "0-31 or 99")?;
        out.rssi = v;
    }
    if let Some(v) = c.ber {
        check("ber", v <= 7 || v == 99, "0-7 or 99")?;
        out.ber = v;
    }
    if let Some(v) = c.stat {
        check("stat", v <= 5, "0-5 (AT+CEREG's <stat>)")?;
        out.stat = v;
    }
    if let Some(v) = c.act {
        check("act", [0, 1, 3, 7, 9].contains(&v), "0, 1, 3, 7 or 9")?;
        out.act = v;
    }
    for (key, value, slot, max) in [
        ("area", c.area, &mut out.area, 16),
        ("ci", c.ci, &mut out.ci, 16),
        ("operator", c.operator, &mut out.operator, 32),
        (
            "operator_numeric",
            c.operator_numeric,
            &mut out.operator_numeric,
            6,
        ),
        ("apn", c.apn, &mut out.network_apn, 150),
    ] {
        if let Some(v) = value {
            quotable(key, &v, max)?;
            *slot = v;
        }
    }
    if let Some(list) = c.addresses {
        check("addresses", list.len() <= 4, "at most 4 (contexts 0-3)")?;
        for (slot, a) in out.addresses.iter_mut().zip(list) {
            quotable("addresses", &a, 64)?;
            *slot = a;
        }
    }
    if let Some(v) = c.attached {
        out.attached = v;
    }
    out.registers_after = c.registers_after.as_ref().map(duration).transpose()?;
    if let Some(t) = c.time {
        let utc = timestamp(&t.utc).ok_or_else(|| {
            err(format!(
                "world.cellular.time.utc: {:?} is not YYYY-MM-DDThh:mm:ss",
                t.utc
            ))
        })?;
        quotable("time.tz", &t.tz, 8)?;
        check("time.dst", t.dst <= 2, "0-2")?;
        out.time = Some(NetworkTime {
            year: utc.year,
            month: utc.month,
            day: utc.day,
            hour: utc.hour,
            min: utc.minute,
            sec: utc.second,
            tz: t.tz,
            dst: t.dst,
        });
    }
    Ok(out)
}

fn timestamp(s: &str) -> Option<Timestamp> {
    // YYYY-MM-DDThh:mm:ss
    let b = s.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<u16>().ok();
    let small = |r: std::ops::Range<usize>, max: u16| {
        n(r).filter(|v| *v <= max)
            .and_then(|v| u8::try_from(v).ok())
    };
    let (month, day) = (small(5..7, 12)?, small(8..10, 31)?);
    if month == 0 || day == 0 {
        return None;
    }
    Some(Timestamp::new(
        n(0..4)?,
        month,
        day,
        small(11..13, 23)?,
        small(14..16, 59)?,
        small(17..19, 59)?,
    ))
}

fn apply_profile(p: &mut Profile, key: &str, v: &Value) -> Result<(), TranscriptError> {
    let num = || -> Result<u64, TranscriptError> {
        v.as_u64()
            .ok_or_else(|| err(format!("profile.{key}: expected a number")))
    };
    let flag = || {
        v.as_bool()
            .ok_or_else(|| err(format!("profile.{key}: expected true or false")))
    };
    let size = || {
        num().and_then(|n| usize::try_from(n).map_err(|_| err(format!("profile.{key}: too large"))))
    };
    let order = || match v.as_str() {
        Some("manual") => Ok(EtputOrder::Manual),
        Some("app-note") => Ok(EtputOrder::AppNote),
        _ => Err(err(format!("profile.{key}: manual or app-note"))),
    };
    // A line the module prints: text without control bytes, or it would not be one line.
    let text = |what: &str| {
        v.as_str()
            .filter(|t| !t.is_empty() && !t.chars().any(char::is_control))
            .map(String::from)
            .ok_or_else(|| err(format!("profile.{what}: a non-empty line of text")))
    };
    match key {
        "data_ready_repeat" => p.data_ready_repeat = duration(v)?,
        "read_idle_timeout" => p.read_idle_timeout = duration(v)?,
        "server_timeout" => p.server_timeout = duration(v)?,
        "put_input_timeout" => p.put_input_timeout = duration(v)?,
        "put_early_chunk" => {
            p.put_early_chunk = match v.as_str() {
                Some("refuse") => EarlyChunk::Refuse,
                Some("accept") => EarlyChunk::Accept,
                _ => return Err(err("profile.put_early_chunk: refuse or accept")),
            }
        }
        "etput_input_timeout" => {
            p.etput_input_timeout = if v.is_null() {
                None
            } else {
                Some(duration(v)?)
            }
        }
        "put_maxlength" => {
            p.put_maxlength = u16::try_from(num()?)
                .ok()
                .filter(|n| (1..=1460).contains(n))
                .ok_or_else(|| err("profile.put_maxlength: 1..=1460"))?;
        }
        "name_max_length" => p.name_max_length = size()?,
        "etput_order" => p.etput_order = order()?,
        "extput_header" => p.extput_header = flag()?,
        "extput_order" => p.extput_order = order()?,
        "ftprest_reset" => p.ftprest_reset = flag()?,
        "accept_unquoted_strings" => p.accept_unquoted_strings = flag()?,
        "extget_ram_capacity" => p.extget_ram_capacity = size()?,
        "extput_ram_capacity" => p.extput_ram_capacity = size()?,
        "rx_buffer" => p.rx_buffer = size()?.max(1),
        "fs_capacity" => p.fs_capacity = size()?,
        "manufacturer" => p.manufacturer = text("manufacturer")?,
        "model" => p.model = text("model")?,
        "revision" => p.revision = text("revision")?,
        "revision_space" => p.revision_space = flag()?,
        "sms_ready" => p.sms_ready = flag()?,
        "imei" => p.imei = text("imei")?,
        "verify_server" => {
            p.verify_server = match v.as_str() {
                Some("never") => VerifyServer::Never,
                Some("when-ca-set") => VerifyServer::WhenCaSet,
                Some("always") => VerifyServer::Always,
                _ => return Err(err("profile.verify_server: never, when-ca-set or always")),
            }
        }
        "cipher_suite_hex" => p.cipher_suite_hex = flag()?,
        "defaults" => apply_defaults(&mut p.defaults, v)?,
        "ati_lines" => {
            p.ati_lines = serde_yaml::from_value(v.clone())
                .map_err(|e| err(format!("profile.ati_lines: {e}")))?;
        }
        _ => return Err(err(format!("profile: unknown key {key:?}"))),
    }
    Ok(())
}

/// `profile.defaults` (`{ ftpmode: 0, cmee: 2 }`): power-up values, each checked by the codec
/// as the command line that writes it (`ftpmode: 0` is `AT+FTPMODE=0`, `echo: 1` is `ATE1`),
/// so that the ranges are the codec's and not written again here.
fn apply_defaults(d: &mut Defaults, v: &Value) -> Result<(), TranscriptError> {
    let Value::Mapping(m) = v else {
        return Err(err("profile.defaults: a map such as { ftpmode: 0 }"));
    };
    for (k, v) in m {
        let key = k.as_str().unwrap_or_default();
        let n = v
            .as_u64()
            .ok_or_else(|| err(format!("profile.defaults.{key}: expected a number")))?;
        let line = match key {
            "echo" => format!("ATE{n}"),
            "verbose" => format!("ATV{n}"),
            "cmee" => format!("AT+CMEE={n}"),
            "ftpport" => format!("AT+FTPPORT={n}"),
            "ftpmode" => format!("AT+FTPMODE={n}"),
            "ftpcid" => format!("AT+FTPCID={n}"),
            _ => {
                return Err(err(format!(
                    "profile.defaults: unknown key {key:?} (echo, verbose, cmee, ftpport, ftpmode, ftpcid)"
                )));
            }
        };
        match Command::parse(line.as_bytes()) {
            Ok(Command::Echo(on)) => d.echo = on,
            Ok(Command::Verbose(on)) => d.verbose = on,
            Ok(Command::Cmee(Setting::Write(c))) => d.cmee = c.number(),
            Ok(Command::FtpPort(Setting::Write(p))) => d.ftpport = p,
            Ok(Command::FtpMode(Setting::Write(m))) => d.ftpmode = m,
            Ok(Command::FtpCid(Setting::Write(c))) => d.ftpcid = c,
            _ => {
                return Err(err(format!(
                    "profile.defaults.{key}: {n} is not a value `{line}` may write"
                )));
            }
        }
    }
    Ok(())
}

fn convert(
    raw: RawTranscript,
    vars: BTreeMap<String, String>,
) -> Result<Transcript, TranscriptError> {
    let mut profile = Profile::default();
    for (k, v) in &raw.profile {
        apply_profile(&mut profile, k, v)?;
    }
    let bearer_active = match raw.world.bearer.as_deref() {
        None | Some("inactive") => false,
        Some("active") => true,
        Some(b) => return Err(err(format!("world.bearer: {b:?} (active or inactive)"))),
    };
    let s = raw.world.server;
    let users = match s.users {
        None => None,
        Some(m) => Some(
            m.into_iter()
                .map(|(u, p)| {
                    scalar(&p)
                        .map(|p| (u.clone(), p))
                        .ok_or_else(|| err(format!("world.server.users.{u}: not a string")))
                })
                .collect::<Result<_, _>>()?,
        ),
    };
    let mut files = BTreeMap::new();
    for (path, b) in s.files {
        files.insert(
            path.clone(),
            checked_bytes(b, &format!("world.server.files.{path}"))?,
        );
    }
    let mut fail = Vec::new();
    for (step, code) in s.faults.fail {
        let st = ftp_step(&step)
            .ok_or_else(|| err(format!("world.server.faults.fail: unknown step {step:?}")))?;
        fail.push((st, code));
    }
    let mut module_files = Vec::new();
    for (path, b) in raw.world.module_files {
        let (dir, name) = FsDir::split_path(&path).ok_or_else(|| {
            err(format!(
                "world.module_files: {path:?} is not in /custapp/, /fota/, /datatx/ or /customer/"
            ))
        })?;
        module_files.push((
            dir,
            name.to_string(),
            checked_bytes(b, &format!("world.module_files.{path}"))?,
        ));
    }
    let cellular = raw.world.cellular.map(cellular).transpose()?;
    if bearer_active
        && let Some(c) = &cellular
        && (!c.sim_present
            || !c.attached
            || c.registers_after.is_some()
            || !matches!(c.stat, 1 | 5))
    {
        return Err(err(
            "world.bearer: active needs a network the module is attached to at the start \
             (world.cellular: sim, attached, stat 1 or 5, no registers_after)"
                .to_string(),
        ));
    }
    let server = ServerWorld {
        users,
        files,
        dirs: s.dirs,
        mtime: match s.mtime {
            None => None,
            Some(t) => Some(timestamp(&t).ok_or_else(|| {
                err(format!(
                    "world.server.mtime: {t:?} is not YYYY-MM-DDThh:mm:ss"
                ))
            })?),
        },
        pieces: sizes(s.pieces, "pieces")?,
        list_pieces: sizes(s.list_pieces, "list_pieces")?,
        interval: s.interval.as_ref().map(duration).transpose()?,
        latency: s.latency.as_ref().map(duration).transpose()?,
        hold: match s.hold {
            None => None,
            Some(h) => Some(Hold {
                after: h.after,
                pause: duration(&h.pause)?,
            }),
        },
        listing: match s.listing.as_deref() {
            None | Some("vsftpd") => ListingStyle::Vsftpd,
            Some("app-note") => ListingStyle::AppNote,
            Some(l) => {
                return Err(err(format!(
                    "world.server.listing: {l:?} (vsftpd or app-note)"
                )));
            }
        },
        faults: Faults {
            refuse_connections: s.faults.refuse_connections,
            drop_after: s.faults.drop_after,
            stall_after: s.faults.stall_after,
            fail,
        },
        ca: s
            .ca
            .map(|b| checked_bytes(b, "world.server.ca"))
            .transpose()?,
    };
    let ignore = raw
        .ignore
        .iter()
        .map(|r| regex::Regex::new(r).map_err(|e| err(format!("ignore: {e}"))))
        .collect::<Result<_, _>>()?;
    let mut steps = Vec::with_capacity(raw.steps.len());
    for (i, s) in raw.steps.into_iter().enumerate() {
        let n = i + 1;
        steps.push(match s {
            RawStep::Send(v) => {
                let l = line(&v, &format!("step {n} send"))?;
                if l.contains(['\r', '\n']) {
                    return Err(err(format!(
                        "step {n} send: a line cannot hold CR or LF (use send_raw)"
                    )));
                }
                Step::Send(l)
            }
            RawStep::SendRaw(b) => Step::SendRaw(checked_bytes(b, &format!("step {n} send_raw"))?),
            RawStep::Expect(v) => Step::Expect(line(&v, &format!("step {n} expect"))?),
            RawStep::ExpectRe(r) => {
                regex::Regex::new(&r).map_err(|e| err(format!("step {n} expect_re: {e}")))?;
                Step::ExpectRe(r)
            }
            RawStep::ExpectAnyOrder(ls) => Step::ExpectAnyOrder(
                ls.iter()
                    .map(|v| line(v, &format!("step {n} expect_any_order")))
                    .collect::<Result<_, _>>()?,
            ),
            RawStep::ExpectData(b) => {
                Step::ExpectData(checked_bytes(b, &format!("step {n} expect_data"))?)
            }
            RawStep::SendData(b) => {
                Step::SendData(checked_bytes(b, &format!("step {n} send_data"))?)
            }
            RawStep::Drain { read, data, until } => Step::Drain {
                read,
                data: checked_bytes(data, &format!("step {n} drain.data"))?,
                until: line(&until, &format!("step {n} drain.until"))?,
            },
            RawStep::Wait(v) => {
                Step::Wait(duration(&v).map_err(|e| err(format!("step {n} wait: {e}")))?)
            }
            RawStep::Comment(v) => Step::Comment(scalar(&v).unwrap_or_default()),
        });
    }
    Ok(Transcript {
        title: raw.title,
        source: raw.source,
        vars,
        world: World {
            bearer_active,
            server,
            module_files,
            power_up: raw.world.power_up,
            cellular,
        },
        profile,
        ignore,
        timeout: raw
            .timeout
            .as_ref()
            .map(duration)
            .transpose()?
            .unwrap_or(Duration::from_secs(90)),
        tags: raw.tags,
        skip: raw.skip,
        requires: raw
            .requires
            .iter()
            .map(|r| {
                Requirement::from_name(r).ok_or_else(|| {
                    err(format!(
                        "requires: {r:?} is not a requirement (one of: {})",
                        Requirement::ALL.map(Requirement::name).join(", ")
                    ))
                })
            })
            .collect::<Result<_, _>>()?,
        profile_keys: raw.profile.keys().cloned().collect(),
        steps,
        step_sources: Vec::new(),
        step_lines: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(yaml: &str) -> Result<Transcript, TranscriptError> {
        parse(yaml, &BTreeMap::new())
    }

    #[test]
    fn steps_of_every_kind() {
        let tr = t(r#"
title: x
source: y
vars: { pw: secret }
steps:
  - send: AT+FTPPW="${pw}"
  - expect: OK
  - expect_re: '^\+CNACT: 0,1,"[0-9.]+"$'
  - expect_any_order: [OK, "+FTPPUT: 1,1,1360"]
  - expect_data: { hex: "0003" }
  - send: AT+FTPPUT=2,3
  - send_data: "abc"
  - drain: { read: "AT+FTPGET=2,1460", data: { size: 3, pattern: digits }, until: "+FTPGET: 1,0" }
  - wait: 30s
  - send_raw: "AT\r\n"
  - comment: note
"#)
        .unwrap();
        assert_eq!(tr.steps.len(), 11);
        assert_eq!(tr.steps[0], Step::Send("AT+FTPPW=\"secret\"".into()));
        assert_eq!(tr.steps[4], Step::ExpectData(BytesSpec::Hex(vec![0, 3])));
        assert_eq!(tr.steps[8], Step::Wait(Duration::from_secs(30)));
        assert_eq!(tr.timeout, Duration::from_secs(90));
        assert_eq!(tr.secrets(), vec!["secret".to_string()]);
    }

    #[test]
    fn unknown_keys_and_variables_are_errors() {
        assert!(t("title: x\nsource: y\nstesp: []\nsteps: [{ send: AT }]\n").is_err());
        assert!(t("title: x\nsource: y\nsteps:\n  - sned: AT\n").is_err());
        let e = t("title: x\nsource: y\nsteps:\n  - send: AT+FTPUN=\"${user}\"\n").unwrap_err();
        assert!(e.to_string().contains("unknown variable ${user}"), "{e}");
        assert!(
            t("title: x\nsource: y\nprofile: { etput_order: sideways }\nsteps: [{ send: AT }]\n")
                .is_err()
        );
        assert!(t("title: x\nsource: y\nsteps:\n  - send: \"AT\\r\\nAT\"\n").is_err());
    }

    #[test]
    fn rules_beyond_the_schema_are_checked() {
        let e = t("title: x\nsource: y\nsteps: []\n").unwrap_err();
        assert!(e.to_string().contains("at least one step"), "{e}");
        // A world file has no steps.
        assert!(parse_world("world: { bearer: active }\n", &BTreeMap::new()).is_ok());
        let e =
            t("title: x\nsource: y\nsteps:\n  - send: AT\n  - expect: OK\n  - send_data: abc\n")
                .unwrap_err();
        assert!(
            e.to_string()
                .contains("step 3: send_data outside a data phase"),
            "{e}"
        );
        // A finished phase is closed again; a drain closes one too.
        let e = t("title: x\nsource: y\nsteps:\n  - send: AT+FTPPUT=2,3\n  - send_data: abc\n  - send: AT+FTPPUT=2,0\n  - send_data: abc\n").unwrap_err();
        assert!(e.to_string().contains("step 4: send_data"), "{e}");
        // Every command that opens one, sent or sent raw, with the LF of its line end apart.
        for opener in [
            "send: AT+FTPPUT=2,3",
            "send: at+ftpextput=2,0,3,5000",
            "send: AT+CFSWFILE=3,\"a.txt\",0,3,1000",
            "send: AT+FTPETPUT=2",
            "send_raw: \"AT+FTPPUT=2,3\\r\"\n  - send_raw: \"\\n\"",
        ] {
            let src = format!(
                "title: x\nsource: y\nsteps:\n  - {opener}\n  - expect: OK\n  - send_data: abc\n  - send_data: def\n"
            );
            assert!(t(&src).is_ok(), "{opener}: {:?}", t(&src).err());
        }
        // 1 GiB for the whole transcript, not for each of its byte contents.
        let big = "{ size: 629145600, seed: 1 }";
        let e = t(&format!("title: x\nsource: y\nworld: {{ server: {{ files: {{ /a: {big}, /b: {big} }} }} }}\nsteps: [{{ send: AT }}]\n")).unwrap_err();
        assert!(
            e.to_string()
                .contains("more than the 1 GiB limit of one transcript"),
            "{e}"
        );
        let e = t(&format!("title: x\nsource: y\nworld: {{ server: {{ files: {{ /a: {big} }} }} }}\nsteps:\n  - send: AT+FTPETPUT=2\n  - send_data: {big}\n")).unwrap_err();
        assert!(e.to_string().contains("1 GiB"), "{e}");
    }

    #[test]
    fn overrides_and_literal_dollar() {
        let mut o = BTreeMap::new();
        o.insert("user".to_string(), "bob".to_string());
        let tr = parse("title: x\nsource: y\nvars: { user: alice }\nsteps:\n  - send: AT+FTPUN=\"${user}$${x}\"\n", &o).unwrap();
        assert_eq!(tr.steps[0], Step::Send("AT+FTPUN=\"bob${x}\"".into()));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("-1s"), None);
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(parse_duration("100 ms"), Some(Duration::from_millis(100)));
        assert_eq!(parse_duration("1e300s"), None);
        assert_eq!(parse_duration("inf"), None);
        assert_eq!(parse_duration("NaN"), None);
    }

    #[test]
    fn an_absurd_duration_is_an_error_not_a_panic() {
        for v in ["1e300", ".inf", "-3", "1e300s"] {
            let src = format!("title: x\nsource: y\nsteps:\n  - wait: {v}\n");
            let e = parse(&src, &Default::default()).unwrap_err();
            assert!(!e.to_string().contains("String("), "{e}");
        }
    }

    #[test]
    fn a_module_file_outside_the_four_directories_is_an_error() {
        for path in [
            "/tmp/ca.pem",
            "/customer",
            "/customer/",
            "/customer/a/b",
            "/Customer/x",
        ] {
            let src = format!(
                "title: x\nsource: y\nworld: {{ module_files: {{ {path:?}: a }} }}\nsteps: [{{ send: AT }}]\n"
            );
            let e = parse(&src, &Default::default()).unwrap_err();
            assert!(e.to_string().contains("world.module_files"), "{path}: {e}");
        }
        for (path, dir) in [
            ("/custapp/a", FsDir::Custapp),
            ("/fota/a", FsDir::Fota),
            ("/datatx/a", FsDir::Datatx),
        ] {
            let src = format!(
                "title: x\nsource: y\nworld: {{ module_files: {{ {path}: a }} }}\nsteps: [{{ send: AT }}]\n"
            );
            let tr = parse(&src, &Default::default()).unwrap();
            assert_eq!(tr.world.module_files[0].0, dir, "{path}");
        }
    }

    #[test]
    fn world_cellular_is_range_checked() {
        let tr = t("title: x\nsource: y\nworld: { power_up: true, cellular: { rssi: 99, ber: 99, stat: 5, act: 7, apn: \"\", registers_after: 2s, time: { utc: \"2026-01-01T08:00:00\", tz: \"+32\" } } }\nsteps: [{ send: AT }]\n").unwrap();
        assert!(tr.world.power_up);
        let c = tr.world.cellular.unwrap();
        assert_eq!((c.rssi, c.ber, c.stat, c.act), (99, 99, 5, 7));
        assert_eq!(c.network_apn, "");
        assert_eq!(c.registers_after, Some(Duration::from_secs(2)));
        assert_eq!(c.time.map(|t| (t.year, t.hour, t.dst)), Some((2026, 8, 0)));
        for (bad, key) in [
            ("rssi: 32", "world.cellular.rssi"),
            ("ber: 8", "world.cellular.ber"),
            ("stat: 6", "world.cellular.stat"),
            ("act: 2", "world.cellular.act"),
            ("apn: 'a\"b'", "world.cellular.apn"),
            ("addresses: [a, b, c, d, e]", "world.cellular.addresses"),
            (
                "time: { utc: yesterday, tz: '+32' }",
                "world.cellular.time.utc",
            ),
            (
                "time: { utc: '2026-01-01T08:00:00', tz: '+32', dst: 3 }",
                "world.cellular.time.dst",
            ),
            ("signal: 3", "signal"),
        ] {
            let e = t(&format!(
                "title: x\nsource: y\nworld: {{ cellular: {{ {bad} }} }}\nsteps: [{{ send: AT }}]\n"
            ))
            .unwrap_err();
            assert!(e.to_string().contains(key), "{bad}: {e}");
        }
        // A context active at the start needs a network the module is attached to.
        for net in [
            "sim: false",
            "registers_after: 1s",
            "stat: 2",
            "attached: false",
        ] {
            let e = t(&format!(
                "title: x\nsource: y\nworld: {{ bearer: active, cellular: {{ {net} }} }}\nsteps: [{{ send: AT }}]\n"
            ))
            .unwrap_err();
            assert!(e.to_string().contains("world.bearer"), "{net}: {e}");
        }
    }

    #[test]
    fn world_and_profile() {
        let tr = t(r#"
title: x
source: y
world:
  bearer: active
  server:
    users: { a: b }
    files: { /f.bin: { size: 5, seed: 1 }, /t.txt: "hi" }
    dirs: [/d]
    mtime: 2020-02-03T04:05:06
    pieces: [10]
    list_pieces: [7, 3]
    interval: 1s
    faults: { drop_after: 7, fail: { pasv: 425 } }
  module_files: { /customer/ca.pem: "-----BEGIN" }
profile: { etput_order: app-note, extput_header: false, put_maxlength: 1000 }
steps: [{ send: AT }]
"#)
        .unwrap();
        assert!(tr.world.bearer_active);
        assert_eq!(tr.world.server.files.len(), 2);
        assert_eq!(tr.world.server.faults.fail, vec![(FtpStep::Pasv, 425)]);
        assert_eq!(tr.world.module_files[0].0, FsDir::Customer);
        assert_eq!(tr.world.module_files[0].1, "ca.pem");
        assert_eq!(tr.profile.etput_order, EtputOrder::AppNote);
        assert!(!tr.profile.extput_header);
        assert_eq!(tr.profile.put_maxlength, 1000);
        assert!(tr.world.server.mtime.is_some());
        assert_eq!(tr.world.server.pieces, Some(vec![10]));
        assert_eq!(tr.world.server.list_pieces, Some(vec![7, 3]));
        for bad in ["[]", "[0]", "[5, 0]"] {
            let src = format!(
                "title: x\nsource: y\nworld: {{ server: {{ list_pieces: {bad} }} }}\nsteps: [{{ send: AT }}]\n"
            );
            let e = parse(&src, &Default::default()).unwrap_err();
            assert!(e.to_string().contains("world.server.list_pieces"), "{e}");
        }
    }

    /// The identity strings are lines the module prints: set from the profile, and refused
    /// when empty, not text, or holding a control byte (a CR LF would print two lines).
    #[test]
    fn identity_strings_are_single_lines() {
        let src = |profile: &str| {
            format!("title: x\nsource: y\nprofile: {profile}\nsteps: [{{ send: AT }}]\n")
        };
        let tr = t(&src(
            "{ manufacturer: ACME, model: X1, revision: R2, revision_space: false, imei: '123' }",
        ))
        .unwrap();
        let p = &tr.profile;
        assert_eq!(
            (&*p.manufacturer, &*p.model, &*p.revision, &*p.imei),
            ("ACME", "X1", "R2", "123")
        );
        assert!(!p.revision_space);
        for (bad, key) in [
            ("{ imei: '' }", "profile.imei"),
            ("{ model: 7 }", "profile.model"),
            ("{ revision: \"R1\\r\\nOK\" }", "profile.revision"),
        ] {
            let e = parse(&src(bad), &Default::default()).unwrap_err();
            assert!(e.to_string().contains(key), "{bad}: {e}");
        }
    }

    /// The SSL choices: `verify_server` by name, `cipher_suite_hex` a flag, and the CA of
    /// the server's certificate as bytes.
    #[test]
    fn ssl_profile_keys_and_server_ca() {
        let tr = t("title: x\nsource: y\nprofile: { verify_server: never, cipher_suite_hex: false }\nworld: { server: { ca: \"-----BEGIN\" } }\nsteps: [{ send: AT }]\n").unwrap();
        assert_eq!(tr.profile.verify_server, VerifyServer::Never);
        assert!(!tr.profile.cipher_suite_hex);
        assert_eq!(
            tr.world
                .server
                .ca
                .as_ref()
                .map(super::super::BytesSpec::bytes),
            Some(b"-----BEGIN".to_vec())
        );
        let e = t(
            "title: x\nsource: y\nprofile: { verify_server: sometimes }\nsteps: [{ send: AT }]\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("profile.verify_server"), "{e}");
    }
}

/// A YAML scalar for `s` (quoted when needed).
fn scalar_text(s: &str) -> String {
    let text = serde_yaml::to_string(s).unwrap_or_else(|_| format!("{s:?}"));
    text.trim_end_matches('\n').to_string()
}

/// A double-quoted YAML scalar, safe inside flow collections (`[a, b]`, `{ k: v }`).
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn bytes_text(b: &BytesSpec) -> String {
    match b {
        BytesSpec::Text(s) => quoted(s),
        BytesSpec::Hex(v) => {
            let hex: String = v.iter().map(|b| format!("{b:02x}")).collect();
            format!("{{ hex: \"{hex}\" }}")
        }
        BytesSpec::Seeded { size, seed } => format!("{{ size: {size}, seed: {seed} }}"),
        BytesSpec::Pattern { size, pattern } => {
            let p = match pattern {
                Pattern::Digits => "digits",
                Pattern::AllBytes => "all-bytes",
            };
            format!("{{ size: {size}, pattern: {p} }}")
        }
        BytesSpec::Concat(parts) => {
            let inner: Vec<String> = parts.iter().map(bytes_text).collect();
            format!("{{ concat: [{}] }}", inner.join(", "))
        }
    }
}

/// A duration as a transcript writes it, exactly: `30s`, `1500ms`, or decimal seconds.
///
/// ```
/// use std::time::Duration;
/// assert_eq!(simcom_conformance::transcript::duration_text(Duration::from_millis(1500)), "1500ms");
/// ```
pub fn duration_text(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{}s", d.as_secs())
    } else if d.subsec_nanos().is_multiple_of(1_000_000) {
        format!("{}ms", d.as_millis())
    } else {
        format!("{}s", d.as_secs_f64())
    }
}

/// One step as a YAML list item (`  - send: …`).
pub(crate) fn step_text(step: &Step) -> String {
    let body = match step {
        Step::Send(l) => format!("send: {}", scalar_text(l)),
        Step::SendRaw(b) => format!("send_raw: {}", bytes_text(b)),
        Step::Expect(l) => format!("expect: {}", scalar_text(l)),
        Step::ExpectRe(r) => format!("expect_re: {}", scalar_text(r)),
        Step::ExpectAnyOrder(ls) => {
            let items: Vec<String> = ls.iter().map(|l| quoted(l)).collect();
            format!("expect_any_order: [{}]", items.join(", "))
        }
        Step::ExpectData(b) => format!("expect_data: {}", bytes_text(b)),
        Step::SendData(b) => format!("send_data: {}", bytes_text(b)),
        Step::Drain { read, data, until } => format!(
            "drain: {{ read: {}, data: {}, until: {} }}",
            quoted(read),
            bytes_text(data),
            quoted(until)
        ),
        Step::Wait(d) => format!("wait: {}", duration_text(*d)),
        Step::Comment(c) => format!("comment: {}", scalar_text(c)),
    };
    format!("  - {body}")
}

/// A transcript's text with its steps replaced: everything before the top-level `steps:` key
/// is kept as written (comments included).
pub(crate) fn with_steps(original: &str, steps: &[String]) -> String {
    let mut out = String::new();
    let mut lines = original.lines();
    for line in lines.by_ref() {
        if line.starts_with("steps:") {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("steps:\n");
    for s in steps {
        out.push_str(s);
        out.push('\n');
    }
    // Top-level keys written after the steps (`ignore:` at the end, say) are kept: the old
    // steps end at the first line that starts in column 0 with something other than a list
    // item or a comment.
    for line in lines.skip_while(|l| l.is_empty() || l.starts_with([' ', '\t', '-', '#'])) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod render_tests {
    use super::*;

    #[test]
    fn rendered_steps_parse_back_to_the_same_steps() {
        let steps = vec![
            Step::Send("AT+FTPPW=\"x: y\"".into()),
            Step::Expect("+FTPGET: 1,1".into()),
            Step::Expect("OK".into()),
            Step::ExpectData(BytesSpec::Hex(vec![0, 3, 0x10, 0xff])),
            Step::Send("AT+FTPPUT=2,5".into()),
            Step::SendData(BytesSpec::Pattern {
                size: 5,
                pattern: Pattern::Digits,
            }),
            Step::ExpectAnyOrder(vec!["OK".into(), "+FTPPUT: 1,1,1360".into()]),
            Step::Drain {
                read: "AT+FTPGET=2,1460".into(),
                data: BytesSpec::Seeded { size: 9, seed: 7 },
                until: "+FTPGET: 1,0".into(),
            },
            Step::Wait(Duration::from_millis(1500)),
            Step::Comment("E09: # not a YAML comment".into()),
        ];
        let text = with_steps(
            "title: t\nsource: s\n# kept\nsteps:\n  - send: AT\n",
            &steps.iter().map(step_text).collect::<Vec<_>>(),
        );
        assert!(text.contains("# kept"));
        let back = parse(&text, &BTreeMap::new()).unwrap();
        assert_eq!(back.steps, steps);
    }

    #[test]
    fn top_level_keys_after_the_steps_are_kept() {
        let original = "title: t\nsteps:\n- send: AT\n# old\n- expect: OK\n\nignore: ['^X$']\nsource: s\nvars:\n  a: b\n";
        let text = with_steps(original, &[step_text(&Step::Send("ATI".into()))]);
        assert_eq!(
            text,
            "title: t\nsteps:\n  - send: ATI\nignore: ['^X$']\nsource: s\nvars:\n  a: b\n"
        );
        let back = parse(&text, &BTreeMap::new()).unwrap();
        assert_eq!(back.ignore.len(), 1);
        assert_eq!(back.steps, vec![Step::Send("ATI".into())]);
    }

    #[test]
    fn step_sources_are_the_steps_as_written() {
        let original = "title: t\nsource: s\nvars: { pw: x, n: 5 }\nsteps:\n  - send: AT+FTPPW=\"${pw}\"\n  - drain:\n      read: AT+FTPGET=2,${n}\n      data: { concat: [ab, { hex: '00 03' }] }\n      until: '+FTPGET: 1,0'\n  - wait: 2s # a comment\n";
        let t = parse(original, &[("pw".into(), "secret".into())].into()).unwrap();
        assert_eq!(t.step_sources.len(), 3);
        assert_eq!(t.step_sources[0], "  - send: AT+FTPPW=\"${pw}\"");
        assert!(
            t.step_sources[1].contains("read: AT+FTPGET=2,${n}"),
            "{}",
            t.step_sources[1]
        );
        // Written back, the sources parse to the same steps.
        let again = parse(
            &with_steps(original, &t.step_sources),
            &[("pw".into(), "secret".into())].into(),
        )
        .unwrap();
        assert_eq!(again.steps, t.steps);
        assert!(!with_steps(original, &t.step_sources).contains("secret"));
    }

    /// `profile.defaults` sets power-up values within the codec's ranges and refuses others.
    #[test]
    fn profile_defaults_key() {
        let with = |d: &str| {
            parse(
                &format!(
                    "title: x\nsource: y\nprofile: {{ defaults: {d} }}\nsteps: [{{ send: AT }}]\n"
                ),
                &BTreeMap::new(),
            )
        };
        let tr =
            with("{ ftpmode: 0, echo: 0, cmee: 2, ftpport: 2121, ftpcid: 1, verbose: 1 }").unwrap();
        let d = &tr.profile.defaults;
        assert_eq!(d.ftpmode, simcom_at::command::FtpMode::Active);
        assert!(!d.echo && d.verbose);
        assert_eq!((d.cmee, d.ftpport, d.ftpcid), (2, 2121, 1));
        assert_eq!(
            with("{ ftpmode: 1 }").unwrap().profile.defaults.ftpmode,
            simcom_at::command::FtpMode::Passive
        );
        for (bad, says) in [
            ("{ ftpmode: 2 }", "profile.defaults.ftpmode: 2"),
            (
                "{ ftpmode: passive }",
                "profile.defaults.ftpmode: expected a number",
            ),
            ("{ echo: 2 }", "profile.defaults.echo"),
            ("{ cmee: 3 }", "profile.defaults.cmee"),
            ("{ ftpport: 0 }", "profile.defaults.ftpport"),
            ("{ ftpport: 70000 }", "profile.defaults.ftpport"),
            ("{ ftpmod: 0 }", "unknown key \"ftpmod\""),
            ("1", "profile.defaults: a map"),
        ] {
            let e = with(bad).unwrap_err();
            assert!(e.to_string().contains(says), "{bad}: {e}");
        }
    }

    /// The keys of issue 20's item 5 take their values and refuse others, naming the key.
    #[test]
    fn listing_and_order_keys() {
        let with = |extra: &str| {
            parse(
                &format!("title: x\nsource: y\n{extra}\nsteps: [{{ send: AT }}]\n"),
                &BTreeMap::new(),
            )
        };
        let tr =
            with("world: { server: { listing: app-note } }\nprofile: { extput_order: app-note }")
                .unwrap();
        assert_eq!(tr.world.server.listing, ListingStyle::AppNote);
        assert_eq!(tr.profile.extput_order, EtputOrder::AppNote);
        let tr = with("profile: { put_early_chunk: accept }").unwrap();
        assert_eq!(tr.profile.put_early_chunk, EarlyChunk::Accept);
        let tr = with("world: { server: { listing: vsftpd } }").unwrap();
        assert_eq!(tr.world.server.listing, ListingStyle::Vsftpd);
        for (bad, key) in [
            ("world: { server: { listing: ls } }", "world.server.listing"),
            ("world: { server: { listing: 1 } }", "expected a string"),
            (
                "profile: { extput_order: sideways }",
                "profile.extput_order",
            ),
            ("profile: { extput_order: true }", "profile.extput_order"),
            (
                "profile: { put_early_chunk: yes }",
                "profile.put_early_chunk",
            ),
            (
                "profile: { put_early_chunk: queue }",
                "profile.put_early_chunk",
            ),
        ] {
            let e = with(bad).unwrap_err();
            assert!(e.to_string().contains(key), "{bad}: {e}");
        }
    }
}

//! The `simcom-conformance` command line, run as a user would run it.

mod common;

use std::path::Path;

use common::{Killed, bin, exits_saying, repo, run, scratch, serve_pty, text};

const FAILING: &str = r#"title: wrong expectation
source: test
vars: { password: hunter2 }
world: { bearer: active }
steps:
  - send: ATE0
  - expect: OK
  - send: AT+FTPPW="${password}"
  - expect: OK
  - send: AT+FTPPW?
  - expect: '+FTPPW: "nope"'
"#;

#[test]
fn run_one_transcript_passes_with_one_line() {
    let o = run(&["run", "conformance/app-note/5.1.1-get.yaml"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("test 5.1.1-get ... ok"), "{}", text(&o));
}

#[test]
fn a_failure_names_the_step_and_redacts_the_password() {
    let p = scratch("failing.yaml", FAILING);
    let o = run(&["run", p.to_str().unwrap()]);
    let t = exits_saying(&o, 1, &[]);
    // The expected password is masked too: the reason says where the difference is.
    assert!(
        t.contains("step 6 (line 11): expect: +FTPPW: \"***\"\n")
            && t.contains("a different line came (in a password, which is not shown)"),
        "{t}"
    );
    assert!(
        t.contains("+FTPPW: \"***\""),
        "the received line, redacted: {t}"
    );
    assert!(!t.contains("hunter2"), "the password leaked: {t}");
}

#[test]
fn vars_are_overridden_from_the_command_line() {
    let p = scratch("vars.yaml", FAILING);
    // With the password "nope" the read answers what the transcript expects.
    let o = run(&["run", p.to_str().unwrap(), "--var", "password=nope"]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn list_filter_exact_and_ignored_work_as_in_cargo_test() {
    let o = run(&["run", "conformance/app-note", "--list"]);
    let t = text(&o);
    assert!(
        t.contains("5.1.1-get: test") && t.contains("5.1.2-put: test"),
        "{t}"
    );
    let o = run(&["run", "conformance/app-note", "--filter", "5.1.1", "--list"]);
    let t = text(&o);
    assert!(
        t.contains("5.1.1-get: test") && !t.contains("5.1.2-put"),
        "{t}"
    );
    let o = run(&[
        "run",
        "conformance/app-note",
        "--filter",
        "5.1.1",
        "--exact",
        "--list",
    ]);
    assert!(!text(&o).contains("5.1.1-get: test"), "{}", text(&o));
    let skipped = scratch(
        "skipped.yaml",
        "title: t\nsource: s\nskip: not today\nsteps:\n  - send: AT\n  - expect: OK\n",
    );
    let o = run(&["run", skipped.to_str().unwrap()]);
    assert!(text(&o).contains("1 ignored"), "{}", text(&o));
    let o = run(&["run", skipped.to_str().unwrap(), "--ignored"]);
    assert!(
        o.status.success() && text(&o).contains("1 passed"),
        "{}",
        text(&o)
    );
}

/// Reads a JUnit report with a parser that is not ours (the `junit-parser` crate). It names a
/// case `classname::name`, and (1.7 with quick-xml 0.42) drops the characters written as XML
/// entities (`"`, `<`, `>`) from text: the assertions below avoid them.
fn junit(path: &Path) -> junit_parser::TestSuites {
    let f = std::fs::File::open(path).unwrap();
    junit_parser::from_reader(std::io::BufReader::new(f)).expect("a valid JUnit report")
}

#[test]
fn junit_carries_the_failing_step_the_wire_and_skipped_transcripts() {
    let p = scratch("junit-failing.yaml", FAILING);
    let skipped = scratch(
        "junit-skipped.yaml",
        "title: t\nsource: s\nskip: needs a real SIM card\nsteps:\n  - send: AT\n  - expect: OK\n",
    );
    let xml = std::env::temp_dir().join(format!("simcom-junit-{}.xml", std::process::id()));
    let o = run(&[
        "run",
        "conformance/app-note/5.1.1-get.yaml",
        p.to_str().unwrap(),
        skipped.to_str().unwrap(),
        "--junit",
        xml.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let raw = std::fs::read_to_string(&xml).unwrap();
    assert!(!raw.contains("hunter2"), "{raw}");
    let report = junit(&xml);
    let suite = &report.suites[0];
    assert_eq!(
        (suite.tests, suite.failures, suite.skipped),
        (3, 1, 1),
        "{raw}"
    );
    let case = |name: &str| {
        suite
            .cases
            .iter()
            .find(|c| c.name.rsplit("::").next() == Some(name))
            .expect(name)
    };
    let passed = case("5.1.1-get");
    assert!(passed.status.is_success());
    let wire = passed.system_out.as_deref().unwrap_or_default();
    assert!(
        wire.contains("s host   AT+FTPGET=1\\r\n") && wire.contains("s module +FTPGET: 1,1\n"),
        "{wire}"
    );
    match &case("junit-failing").status {
        junit_parser::TestStatus::Failure(f) => {
            assert!(
                f.message.starts_with("step 6 (line 11): expect: +FTPPW: ")
                    && f.message.contains("in a password"),
                "{}",
                f.message
            );
            assert!(
                f.text.contains("received:") && f.text.contains("***"),
                "{}",
                f.text
            );
        }
        other => panic!("{other:?}"),
    }
    match &case("junit-skipped").status {
        junit_parser::TestStatus::Skipped(s) => assert_eq!(s.message, "needs a real SIM card"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unwritable_junit_path_is_refused_before_the_run() {
    let o = run(&["run", "--junit", "/nonexistent/dir/report.xml"]);
    exits_saying(&o, 2, &["--junit /nonexistent/dir/report.xml"]);
    assert!(
        !text(&o).contains("test result"),
        "nothing ran: {}",
        text(&o)
    );
}

/// A run killed mid-way (a CI timeout) leaves a valid report of what had finished.
#[test]
fn a_killed_runs_junit_report_is_valid() {
    // The first transcript passes at once; the second waits for a line that never comes
    // (the serial target runs at wall time, so the wait is real).
    let quick = scratch(
        "killed-1-quick.yaml",
        "title: q\nsource: s\nsteps:\n  - send: AT\n  - expect: OK\n",
    );
    let slow = scratch(
        "killed-2-slow.yaml",
        "title: s\nsource: s\nsteps:\n  - send: AT\n  - wait: 60s\n",
    );
    let xml = std::env::temp_dir().join(format!("simcom-killed-{}.xml", std::process::id()));
    let dir = quick.parent().unwrap();
    let (_vm, path) = serve_pty(&[]).unwrap();
    let port = format!("serial:{path}");
    let mut child = Killed(
        bin()
            .args(["run", "--target", &port, "--junit", xml.to_str().unwrap()])
            .arg(dir.join("killed-1-quick.yaml"))
            .arg(dir.join("killed-2-slow.yaml"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let _ = slow;
    let start = std::time::Instant::now();
    loop {
        let done = std::fs::read_to_string(&xml).is_ok_and(|x| x.contains("killed-1-quick"));
        if done || start.elapsed() > std::time::Duration::from_secs(30) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.0.kill().unwrap();
    child.0.wait().unwrap();
    let report = junit(&xml);
    let names: Vec<&str> = report.suites[0]
        .cases
        .iter()
        .map(|c| c.name.rsplit("::").next().unwrap_or_default())
        .collect();
    assert_eq!(names, ["killed-1-quick"]);
    assert!(report.suites[0].cases[0].status.is_success());
}

#[test]
fn a_path_that_does_not_exist_is_an_error_not_a_filter() {
    let o = run(&["run", "conformance/app-not"]);
    exits_saying(&o, 2, &["conformance/app-not: no such file or folder"]);
}

#[test]
fn a_run_that_selects_nothing_fails() {
    let o = run(&[
        "run",
        "conformance/app-note",
        "--filter",
        "no-such-transcript",
    ]);
    exits_saying(&o, 2, &["no transcript selected"]);
    // --list selects nothing to run and is not an error.
    let o = run(&[
        "run",
        "conformance/app-note",
        "--filter",
        "no-such",
        "--list",
    ]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn tags_select_transcripts() {
    let dir = std::env::temp_dir().join(format!("simcom-tags-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, tags) in [("a", "[get, slow]"), ("b", "[put]"), ("c", "[]")] {
        std::fs::write(
            dir.join(format!("{name}.yaml")),
            format!(
                "title: {name}\nsource: s\ntags: {tags}\nsteps:\n  - send: AT\n  - expect: OK\n"
            ),
        )
        .unwrap();
    }
    let d = dir.to_str().unwrap();
    let o = run(&["run", d, "--tag", "get"]);
    assert!(
        o.status.success() && text(&o).contains("1 passed"),
        "{}",
        text(&o)
    );
    assert!(
        text(&o).contains("test a ") && !text(&o).contains("test b "),
        "{}",
        text(&o)
    );
    let o = run(&["run", d, "--tag", "get", "--tag", "put"]);
    assert!(text(&o).contains("2 passed"), "{}", text(&o));
    let o = run(&["run", d, "--tag", "nothing"]);
    exits_saying(&o, 2, &[]);
}

#[test]
fn a_trailing_space_is_visible_in_a_failure() {
    // The transcript expects "OK " where the module prints OK: the report must not show two
    // identical lines.
    let p = scratch(
        "space.yaml",
        "title: t\nsource: s\nsteps:\n  - send: ATE0\n  - expect: \"OK \"\n",
    );
    let o = run(&["run", p.to_str().unwrap()]);
    let t = exits_saying(&o, 1, &["expected: \"OK \"\n", "received:\n    OK\n"]);
    assert!(
        t.contains("step 2 (line 5)"),
        "the step's line in the file: {t}"
    );
    assert!(t.contains("s into the transcript"), "{t}");
}

/// A module that answers `AT` with `O<BEL>K ` (a control byte and a trailing space), on a
/// pseudo-terminal the test opens itself: the failure report must show the received line so
/// that it does not look like the expected `OK`.
#[test]
fn a_control_byte_in_a_received_line_is_visible_in_a_failure() {
    use std::io::{Read, Write};
    use std::os::fd::AsRawFd;
    let pty = nix::pty::openpty(None, None).unwrap();
    let path = std::fs::read_link(format!("/proc/self/fd/{}", pty.slave.as_raw_fd())).unwrap();
    let mut master = std::fs::File::from(pty.master);
    std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        let mut seen = Vec::new();
        while let Ok(n) = master.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if seen.ends_with(b"AT\r") {
                let _ = master.write_all(b"\r\nO\x07K \r\n");
                seen.clear();
            }
        }
    });
    let p = scratch(
        "bell.yaml",
        "title: t\nsource: s\ntimeout: 5s\nsteps:\n  - send: AT\n  - expect: OK\n",
    );
    // Not a module: nothing to provision (it answers every AT with its garbled line).
    let o = run(&[
        "run",
        p.to_str().unwrap(),
        "--target",
        &format!("serial:{}", path.display()),
        "--no-provision",
    ]);
    drop(pty.slave);
    exits_saying(
        &o,
        1,
        &[
            "received:\n    \"O\\x07K \"\n",
            "step 2 (line 6): expect: OK",
        ],
    );
}

#[test]
fn log_writes_each_transcripts_wire_log() {
    let dir = std::env::temp_dir().join(format!("simcom-log-{}", std::process::id()));
    let p = scratch("logged.yaml", FAILING);
    let o = run(&[
        "run",
        "conformance/app-note/5.1.1-get.yaml",
        p.to_str().unwrap(),
        "--log",
        dir.to_str().unwrap(),
    ]);
    exits_saying(&o, 1, &[]);
    let passed = std::fs::read_to_string(dir.join("5.1.1-get.log")).unwrap();
    assert!(passed.starts_with("5.1.1-get: passed\n"), "{passed}");
    assert!(passed.contains("s host   AT+FTPGET=2,1024\\r"), "{passed}");
    let failed = std::fs::read_to_string(dir.join("logged.log")).unwrap();
    assert!(
        failed.contains("failed") && failed.contains("step 6"),
        "{failed}"
    );
    assert!(!failed.contains("hunter2"), "{failed}");
}

#[test]
fn decode_reads_standard_input() {
    use std::io::Write;
    let mut child = bin()
        .args(["decode", "--strict", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"\r\n+FTPGET: 1,1\r\n\r\nOK\r\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(t.contains("+FTPGET: 1,1") && t.contains("final"), "{t}");
}

#[test]
fn every_subcommand_lists_its_options_in_help() {
    for (cmd, options) in [
        (
            "run",
            &[
                "--target",
                "--server",
                "--var",
                "--junit",
                "--baud",
                "--log",
                "--tag",
                "--filter",
                "--exact",
                "[default: model]",
            ][..],
        ),
        ("decode", &["--strict", "--json", "Examples:"]),
        (
            "serve",
            &["--pty", "--world", "--server", "--var", "Examples:"],
        ),
        (
            "record",
            &["--out", "--target", "--baud", "--var", "Examples:"],
        ),
        (
            "client",
            &[
                "--target",
                "--server",
                "--cid",
                "--chunk",
                "get",
                "put",
                "ls",
                "Examples:",
            ],
        ),
        ("completions", &["--man", "bash"]),
    ] {
        let o = run(&[cmd, "--help"]);
        assert!(o.status.success(), "{cmd}: {}", text(&o));
        for opt in options {
            assert!(
                text(&o).contains(opt),
                "{cmd} --help lacks {opt}: {}",
                text(&o)
            );
        }
    }
    let o = run(&["completions", "bash"]);
    assert!(
        o.status.success() && text(&o).contains("simcom-conformance"),
        "{}",
        text(&o)
    );
    let man = std::env::temp_dir().join(format!("simcom-man-{}", std::process::id()));
    let o = run(&["completions", "--man", man.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let page = std::fs::read_to_string(man.join("simcom-conformance-run.1")).unwrap();
    assert!(page.contains("\\-\\-junit"), "{page}");
}

#[test]
fn a_missing_serial_port_is_a_clear_failure() {
    let o = run(&[
        "run",
        "conformance/app-note/5.1.1-get.yaml",
        "--target",
        "serial:/dev/does-not-exist",
    ]);
    exits_saying(&o, 1, &["serial port /dev/does-not-exist"]);
}

#[test]
fn decode_prints_events_and_strict_fails_on_garbage() {
    let o = run(&[
        "decode",
        "--strict",
        "crates/simcom-at/tests/captures/app-note-5.1.1.cap",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let t = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        t.lines()
            .any(|l| l.starts_with("urc") && l.contains("+FTPGET: 1,1")),
        "{t}"
    );
    assert!(t.lines().any(|l| l.starts_with("data")), "{t}");
    let garbage = scratch("garbage.cap", "\r\nOK\r\n\r\nWHAT IS THIS\r\n");
    let o = run(&["decode", "--strict", "--json", garbage.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let t = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        t.contains(r#"{"event":"unknown","detail":"","raw":"WHAT IS THIS"}"#),
        "{t}"
    );
    let o = run(&["decode", garbage.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "without --strict an unknown line is reported, not fatal"
    );
}

/// `decode --strict` counts each kind apart (an information line with a prefix outside the
/// spec, a plain unknown line, a known prefix with a malformed body, a capture cut inside a
/// data block), and `--fail-on` says which kinds fail the run.
#[test]
fn decode_strict_counts_each_kind_and_fail_on_picks_the_fatal_ones() {
    let capture = scratch(
        "kinds.cap",
        "\r\n+CPSI: LTE NB-IOT,Online\r\n\r\n+SMSTATE: 0\r\n\r\nWHAT IS THIS\r\n\r\n+FTPGET: 1.0\r\n",
    );
    let path = capture.to_str().unwrap();
    let o = run(&["decode", "--strict", "--json", path]);
    exits_saying(
        &o,
        1,
        &["1 malformed, 2 unknown-prefix, 1 unknown-line, 0 truncated"],
    );
    let t = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        t.contains(r#""event":"other","detail":"OtherInfo { name: \"CPSI\", params: \"LTE NB-IOT,Online\" }""#),
        "{t}"
    );
    // Kinds not named are counted, not fatal; a named kind that occurs fails the run.
    let o = run(&["decode", "--strict", "--fail-on", "truncated", path]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 unknown-prefix"));
    let o = run(&["decode", "--strict", "--fail-on", "malformed", path]);
    exits_saying(&o, 1, &["1 item(s) of a failing kind (malformed)"]);
    // `--fail-on` means nothing without `--strict`; an unknown kind is a usage error.
    assert_eq!(
        run(&["decode", "--fail-on", "malformed", path])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["decode", "--strict", "--fail-on", "odd", path])
            .status
            .code(),
        Some(2)
    );
}

/// A module's power-up and bring-up, built from lines the sources print
/// (conformance/captures/README.md): RDY, SMS Ready, registration and network-time URCs (both
/// `*PSUTTZ` forms), identity answers; `--strict` finds nothing unknown or malformed.
#[test]
fn power_up_capture_decodes_strictly() {
    let o = run(&[
        "decode",
        "--strict",
        "conformance/captures/sim7080-power-up.cap",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let t = String::from_utf8_lossy(&o.stdout).into_owned();
    for line in [
        "RDY",
        "SMS Ready",
        "*PSUTTZ: 26/01/01",
        "DST: 0",
        "+CEREG: 4,1",
    ] {
        assert!(
            t.lines()
                .any(|l| l.starts_with("urc") || l.starts_with("response"))
                && t.contains(line),
            "{line}: {t}"
        );
    }
    assert!(
        !t.lines()
            .any(|l| l.starts_with("unknown") || l.starts_with("malformed")),
        "{t}"
    );
}

#[test]
fn record_writes_a_transcript_and_a_diff() {
    let p = scratch("record.yaml", FAILING);
    let out = p.with_extension("rec.yaml");
    let o = run(&[
        "record",
        p.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    // The recording differs from the transcript: exit 1, and the diff as a unified hunk.
    let t = exits_saying(&o, 1, &[]);
    assert!(
        t.contains("differs from") && t.contains("only in a password, which is not shown"),
        "{t}"
    );
    // Any other difference is shown as a unified hunk.
    let port = scratch(
        "record-port.yaml",
        "title: port\nsource: test\nsteps:\n  - send: AT+FTPPORT?\n  - expect: '+FTPPORT: 99'\n  - expect: OK\n",
    );
    let o = run(&["record", port.to_str().unwrap()]);
    exits_saying(&o, 1, &[]);
    assert!(
        text(&o).contains("@@ -")
            && text(&o).contains("\n-expect: +FTPPORT: 99\n+expect: +FTPPORT: 21\n"),
        "{}",
        text(&o)
    );
    let recorded = std::fs::read_to_string(&out).unwrap();
    // The recorded transcript passes where the original failed.
    let o = run(&["run", out.to_str().unwrap()]);
    assert!(o.status.success(), "{recorded}\n{}", text(&o));

    // With the password given on the command line, the recording names the var wherever
    // the value was sent or printed, and the secret is not written to disk.
    let o = run(&[
        "record",
        p.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--var",
        "password=s3cr3t-pw",
    ]);
    exits_saying(&o, 1, &[]);
    assert!(!text(&o).contains("s3cr3t-pw"), "{}", text(&o));
    let recorded = std::fs::read_to_string(&out).unwrap();
    assert!(!recorded.contains("s3cr3t-pw"), "{recorded}");
    assert!(
        recorded.contains("  - send: AT+FTPPW=\"${password}\"\n")
            && recorded.contains("  - expect: '+FTPPW: \"${password}\"'\n"),
        "{recorded}"
    );
    let o = run(&["run", out.to_str().unwrap(), "--var", "password=other"]);
    assert!(o.status.success(), "{recorded}\n{}", text(&o));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&[]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["decode"]).status.code(), Some(2));
    // A value an option does not take: the value and what the option takes, in words.
    for (args, said) in [
        (
            &["run", "--target", "ftp"][..],
            r#""ftp": model or serial:PATH"#,
        ),
        (&["run", "--var", "novalue"], r#""novalue": NAME=VALUE"#),
        (
            &["run", "--write-timeout", "0"],
            r#""0": seconds, more than 0 and at most 86400"#,
        ),
        (
            &["serve", "--pty", "--latency", "soon"],
            r#""soon": a duration such as 300ms, 2s or 1.5 (seconds)"#,
        ),
    ] {
        exits_saying(&run(args), 2, &[said]);
    }
    // The server options, shared by run and serve.
    for args in [
        &["run", "--server-ca", "ca.pem"][..],
        &["serve", "--pty", "--server-implicit-port", "990"],
        &["run", "--server"],
        &["serve", "--pty", "--server", "http://x"],
        &["run", "--var", "novalue"],
        &["serve", "--pty", "--var", "novalue"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
    }
    // A world file that cannot be read, or names a key the format does not know.
    let bad_world = scratch(
        "bad-world.yaml",
        "world: { bearer: active, colour: blue }\n",
    );
    for world in ["/nonexistent/world.yaml", bad_world.to_str().unwrap()] {
        let o = run(&["serve", "--pty", "--world", world]);
        assert_eq!(o.status.code(), Some(2), "{world}: {}", text(&o));
        assert!(text(&o).contains(world), "{}", text(&o));
    }
    let o = run(&["run", "--server-ca", "ca.pem"]);
    assert!(
        text(&o).contains("required arguments were not provided")
            && text(&o).contains("--server <"),
        "{}",
        text(&o)
    );
}

#[test]
fn decode_json_keeps_every_byte_of_binary_data() {
    // +FTPGET: 2,4 then four bytes that are not UTF-8, then OK.
    let dir = std::env::temp_dir().join(format!("simcom-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("binary.cap");
    std::fs::write(&p, b"\r\n+FTPGET: 2,4\r\n\xff\x00\x03\xc3\r\nOK\r\n").unwrap();
    let o = run(&["decode", "--strict", "--json", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    let t = String::from_utf8_lossy(&o.stdout).into_owned();
    let data = t
        .lines()
        .find(|l| l.contains("\"event\":\"data\""))
        .expect("a data event");
    assert!(data.ends_with(",\"hex\":\"ff0003c3\"}"), "{data}");
    // A line that is valid UTF-8 has no hex field: raw holds it exactly.
    let ok = t
        .lines()
        .find(|l| l.contains("\"event\":\"final\""))
        .unwrap();
    assert!(!ok.contains("\"hex\""), "{ok}");
}

/// `… | head`: the reader goes away after the first bytes. The command ends as Unix tools do,
/// by SIGPIPE (or with success), and without a panic.
fn ends_quietly_when_its_reader_goes(args: &[&str], first_bytes: &[u8]) {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    let mut child = bin()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = vec![0u8; first_bytes.len()];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    assert_eq!(first, first_bytes, "{}", String::from_utf8_lossy(&first));
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success() || o.status.signal() == Some(13),
        "{args:?}: {:?} {err}",
        o.status
    );
    assert!(!err.contains("panicked"), "{args:?}: {err}");
}

#[test]
fn a_report_into_a_closed_pipe_ends_quietly() {
    let dir = std::env::temp_dir().join(format!("simcom-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("many.cap");
    // 2 MB of OK lines: far more report than a pipe holds.
    std::fs::write(&p, b"\r\nOK\r\n".repeat(350_000)).unwrap();
    ends_quietly_when_its_reader_goes(&["decode", p.to_str().unwrap()], b"final");
    // One corpus report (about 5.6 KB) is smaller than a pipe's buffer: 30 of them are not.
    let mut run = vec!["run"];
    run.extend(["conformance/"; 30]);
    ends_quietly_when_its_reader_goes(&run, b"\nrunning");
}

/// Every YAML example of the format's documentation is a transcript that passes: a new user
/// starts by copying it.
#[test]
fn the_documented_examples_pass() {
    let doc = std::fs::read_to_string(repo().join("spec/transcript-format.md")).unwrap();
    let mut rest = doc.as_str();
    let mut n = 0;
    while let Some(i) = rest.find("```yaml\n") {
        let body = &rest[i + 8..];
        let end = body.find("```").expect("a closed block");
        n += 1;
        let p = scratch(&format!("doc-example-{n}.yaml"), &body[..end]);
        let o = run(&["run", p.to_str().unwrap()]);
        assert!(
            o.status.success(),
            "example {n}:\n{}\n{}",
            &body[..end],
            text(&o)
        );
        rest = &body[end..];
    }
    assert!(n >= 1, "the documentation has its example");
}

/// `serve --pty --world` as a firmware developer runs it: a file with only `world:`, the
/// printed path used as a serial port by a client (here `run --target serial:PATH`).
#[test]
fn serve_a_world_file_on_a_pty_and_talk_to_it() {
    use std::io::Read;
    let world = scratch(
        "world-only.yaml",
        "world:\n  bearer: active\n  server:\n    files: { /w.bin: { hex: \"00 0d 0a 03 10 ff\" } }\n",
    );
    let (mut vm, path) = serve_pty(&["--world", world.to_str().unwrap()]).unwrap();
    let transcript = scratch("talk.yaml", include_str!("transcripts/talk-to-serve.yaml"));
    // The module as serve's --world made it (bearer active), not provisioned to the
    // transcript's own world.
    let o = run(&[
        "run",
        transcript.to_str().unwrap(),
        "--target",
        &format!("serial:{path}"),
        "--no-provision",
    ]);
    vm.0.kill().unwrap();
    let mut served = String::new();
    vm.0.stderr
        .take()
        .unwrap()
        .read_to_string(&mut served)
        .unwrap();
    assert!(o.status.success(), "{}\nserve: {served}", text(&o));
    assert!(served.contains("SIGTERM"), "the banner says how to stop it");
}

#[test]
fn unusable_outputs_and_a_garbage_ca_are_refused_with_exit_2() {
    // --server-ca must hold a certificate (it used to be taken silently).
    let ca = scratch("garbage-ca.pem", "not a certificate\n");
    let o = run(&[
        "run",
        "--server",
        "ftp://u:hunter2@127.0.0.1:2121",
        "--server-ca",
        ca.to_str().unwrap(),
    ]);
    exits_saying(&o, 2, &["no usable certificate"]);
    assert!(!text(&o).contains("hunter2"), "{}", text(&o));
    // A --log folder that cannot be made: refused before anything runs.
    let file = scratch("not-a-folder", "");
    let log = file.join("wire");
    let o = run(&["run", "--log", log.to_str().unwrap()]);
    exits_saying(&o, 2, &["--log "]);
    assert!(
        !text(&o).contains("test result"),
        "nothing ran: {}",
        text(&o)
    );
    // Man pages into a folder that cannot be made.
    let o = run(&["completions", "--man", log.to_str().unwrap()]);
    exits_saying(&o, 2, &[]);
}

/// Every output of a scripted session that handles one password: run (report, JUnit, wire
/// logs) on the model and through `serve --pty`, record (its diff and its recording), decode
/// (text and JSON), and the errors of a malformed or unreachable `--server`. The password is
/// given as `--var` under a name that does not say "password", so only its use in AT+FTPPW
/// marks it.
#[test]
fn no_output_of_a_scripted_session_shows_the_password() {
    const PW: &str = "Zq7-pass-x9";
    let t = scratch(
        "secret.yaml",
        r#"title: a password in every direction
source: tests/cli.rs
vars: { key: placeholder }
world: { bearer: active }
steps:
  - send: AT+FTPPW="${key}"
  - expect: OK
  - send: AT+FTPPW?
  - expect: '+FTPPW: "wrong"'
"#,
    );
    let t = t.to_str().unwrap();
    let dir = std::env::temp_dir().join(format!("simcom-secret-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let var = format!("key={PW}");
    let mut seen = String::new();
    let mut keep = |o: std::process::Output| seen.push_str(&text(&o));
    let junit = dir.join("report.xml");
    let log = dir.join("wire");
    keep(run(&[
        "run",
        t,
        "--var",
        &var,
        "--junit",
        junit.to_str().unwrap(),
        "--log",
        log.to_str().unwrap(),
    ]));
    let (_vm, path) = serve_pty(&[]).unwrap();
    let serial_log = dir.join("serial-wire");
    keep(run(&[
        "run",
        t,
        "--var",
        &var,
        "--target",
        &format!("serial:{path}"),
        "--log",
        serial_log.to_str().unwrap(),
    ]));
    let recorded = dir.join("recorded.yaml");
    keep(run(&[
        "record",
        t,
        "--var",
        &var,
        "--out",
        recorded.to_str().unwrap(),
    ]));
    let capture = dir.join("capture.bin");
    std::fs::write(
        &capture,
        format!("AT+FTPPW=\"{PW}\"\r\r\nOK\r\nAT+FTPPW?\r\r\n+FTPPW: \"{PW}\"\r\n\r\nOK\r\n"),
    )
    .unwrap();
    keep(run(&["decode", capture.to_str().unwrap()]));
    keep(run(&["decode", "--json", capture.to_str().unwrap()]));
    for url in [
        format!("ftp://me:{PW}@"),
        format!("ftp://me:{PW}@127.0.0.1:notaport"),
        format!("ftp://me:{PW}@127.0.0.1:1"),
    ] {
        keep(run(&["run", t, "--server", &url]));
        keep(run(&["serve", "--pty", "--server", &url, "--world", t]));
    }
    let mut files = vec![junit, recorded];
    for d in [log, serial_log] {
        files.extend(std::fs::read_dir(d).unwrap().map(|e| e.unwrap().path()));
    }
    for f in &files {
        seen.push_str(&std::fs::read_to_string(f).unwrap());
    }
    assert!(files.len() >= 4, "{files:?}");
    // The session did show where the password was: masked, in the failure and the wire.
    assert!(seen.contains("+FTPPW: \\\"***\\\"") || seen.contains("+FTPPW: \"***\""));
    assert!(
        seen.contains("AT+FTPPW=\"${key}\""),
        "the recording refers to the var"
    );
    assert!(seen.contains("ftp://me:***@"), "{seen}");
    assert!(seen.contains("a different line came (in a password, which is not shown)"));
    assert!(!seen.contains(PW), "the password leaked:\n{seen}");
}

/// Odd corpus folders: a symbolic link loop and a second link to a transcript run it once (a
/// loop ran it 41 times), and a FIFO named `*.yaml` is refused at once (the loader waited for
/// a writer for ever), in a folder or given itself, by run and by serve --world.
#[test]
fn odd_corpus_folders_are_refused_or_run_once() {
    let dir = std::env::temp_dir().join(format!("simcom-odd-{}", std::process::id()));
    let looped = dir.join("loop");
    let fifo_dir = dir.join("fifo");
    std::fs::create_dir_all(&looped).unwrap();
    std::fs::create_dir_all(&fifo_dir).unwrap();
    std::fs::copy(
        repo().join("conformance/app-note/5.1.1-get.yaml"),
        looped.join("a.yaml"),
    )
    .unwrap();
    let _ = std::os::unix::fs::symlink(".", looped.join("self"));
    let _ = std::os::unix::fs::symlink("a.yaml", looped.join("b.yaml"));
    let fifo = fifo_dir.join("x.yaml");
    let _ = nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU);
    let limit = std::time::Duration::from_secs(30);
    let o = common::run_bounded(&["run", looped.to_str().unwrap()], limit).unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("1 passed"), "{}", text(&o));
    for args in [
        vec!["run", fifo_dir.to_str().unwrap()],
        vec!["run", fifo.to_str().unwrap()],
        vec!["serve", "--pty", "--world", fifo.to_str().unwrap()],
    ] {
        let o = common::run_bounded(&args, limit).unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains("x.yaml") && text(&o).contains("not a regular file"),
            "{}",
            text(&o)
        );
    }
}

/// A --server that accepts the TCP connection and closes it is named for what it did (the
/// message said "Connection reset by peer" under "connect", as if the host were unreachable);
/// a refused connect names the address.
#[test]
fn a_server_that_is_no_ftp_server_is_named_for_what_it_did() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for s in listener.incoming() {
            drop(s);
        }
    });
    let t = "conformance/app-note/5.1.1-get.yaml";
    let o = run(&["run", t, "--server", &format!("ftp://u:p@127.0.0.1:{port}")]);
    exits_saying(&o, 1, &[]);
    assert!(
        text(&o).contains(&format!(
            "the FTP greeting from 127.0.0.1:{port} (the TCP connect succeeded)"
        )),
        "{}",
        text(&o)
    );
    // A port nobody listens on (bound, then closed).
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = run(&[
        "run",
        t,
        "--server",
        &format!("ftp://u:p@127.0.0.1:{closed}"),
    ]);
    assert!(
        text(&o).contains(&format!(
            "connect to 127.0.0.1:{closed}: Connection refused"
        )),
        "{}",
        text(&o)
    );
}

/// `client`, the host driver as a tool, through `serve --pty` (a real serial port, wall
/// time): put 50,000 bytes of every value, get them back byte for byte, then size, ls, mv,
/// rm, mkdir and rmdir, each checked through the next; a wrong password is the module's FTP
/// error 72 in words, exit 1.
#[test]
fn client_moves_files_through_serve_pty() {
    let (_vm, path) = serve_pty(&[]).unwrap();
    let target = format!("serial:{path}");
    let server = "ftp://simcomtest:simcomtest@112.74.93.163";
    let client = |args: &[&str]| {
        let mut all = vec!["client", "--target", &target, "--server", server];
        all.extend_from_slice(args);
        common::run_bounded(&all, std::time::Duration::from_secs(120)).unwrap()
    };
    let data: Vec<u8> = (0..=255u8).cycle().skip(5).take(50_000).collect();
    let local = scratch("client-up.bin", "");
    std::fs::write(&local, &data).unwrap();
    let back = local.with_file_name("client-back.bin");
    let o = client(&["put", local.to_str().unwrap(), "/up.bin"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = client(&["get", "/up.bin", "-o", back.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(std::fs::read(&back).unwrap() == data, "the bytes differ");
    let o = client(&["size", "/up.bin"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "50000",
        "{}",
        text(&o)
    );
    let o = client(&["mv", "/up.bin", "moved.bin"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = client(&["ls", "/"]);
    let listing = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        listing.contains(" moved.bin\r\n") && !listing.contains("up.bin"),
        "{listing}"
    );
    let o = client(&["rm", "/moved.bin"]);
    assert!(o.status.success(), "{}", text(&o));
    exits_saying(&client(&["size", "/moved.bin"]), 1, &["FTP error 77"]);
    for op in ["mkdir", "rmdir"] {
        let o = client(&[op, "/newdir"]);
        assert!(o.status.success(), "{op}: {}", text(&o));
    }
    let o = common::run_bounded(
        &[
            "client",
            "--target",
            &target,
            "--server",
            "ftp://simcomtest:wrong@112.74.93.163",
            "get",
            "/simftp.txt",
            "-o",
            back.to_str().unwrap(),
        ],
        std::time::Duration::from_secs(120),
    )
    .unwrap();
    let t = exits_saying(&o, 1, &["FTP error 72 (password_error)"]);
    assert!(!t.contains("wrong"), "the password is printed: {t}");
}

/// `client` with each of the module's transfer methods and over FTPS, through `serve --pty`:
/// an upload from the module's RAM then a transparent download, a transparent upload
/// appended to it then a download into the module's RAM, a resumed download (`--from`), and
/// explicit FTPS verified against a CA the command writes into the module and converts, then
/// implicit FTPS on port 990: every file comes back exact.
#[test]
fn client_methods_and_ftps_through_serve_pty() {
    let (_vm, path) = serve_pty(&[]).unwrap();
    let target = format!("serial:{path}");
    let run = |server: &str, args: &[&str]| {
        let mut all = vec!["client", "--target", &target, "--server", server];
        all.extend_from_slice(args);
        let o = common::run_bounded(&all, std::time::Duration::from_secs(120)).unwrap();
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        o
    };
    let plain = "ftp://simcomtest:simcomtest@112.74.93.163";
    let first: Vec<u8> = (0..=255u8).cycle().skip(1).take(30_000).collect();
    let second: Vec<u8> = (0..=255u8).cycle().skip(2).take(5_000).collect();
    let local = scratch("client-methods.bin", "");
    let back = local.with_file_name("client-methods-back.bin");
    let read_back = || std::fs::read(&back).unwrap();
    std::fs::write(&local, &first).unwrap();
    let l = local.to_str().unwrap();
    let b = back.to_str().unwrap();
    run(plain, &["put", "--method", "extput", l, "/m.bin"]);
    run(plain, &["get", "--method", "etget", "/m.bin", "-o", b]);
    assert!(read_back() == first, "extput then etget");
    std::fs::write(&local, &second).unwrap();
    run(
        plain,
        &["put", "--method", "etput", "--append", l, "/m.bin"],
    );
    run(plain, &["get", "--method", "extget", "/m.bin", "-o", b]);
    let whole = [first.clone(), second.clone()].concat();
    assert!(read_back() == whole, "etput --append then extget");
    run(plain, &["get", "--from", "1000", "/m.bin", "-o", b]);
    assert!(read_back() == whole[1000..], "get --from 1000");

    let ca = scratch(
        "client-ca.pem",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    );
    let c = ca.to_str().unwrap();
    run(
        plain,
        &["--tls", "explicit", "--ca", c, "get", "/m.bin", "-o", b],
    );
    assert_eq!(read_back().len(), whole.len(), "explicit FTPS");
    assert!(read_back() == whole, "explicit FTPS");
    let implicit = "ftp://simcomtest:simcomtest@112.74.93.163:990";
    run(implicit, &["--tls", "implicit", "get", "/m.bin", "-o", b]);
    assert!(read_back() == whole, "implicit FTPS");
}

/// `client` refuses what it cannot open before it sends anything: a serial port that does
/// not exist, a world file that does not exist (usage errors, exit 2, naming them).
#[test]
fn client_names_what_it_cannot_open() {
    let server = "ftp://simcomtest:simcomtest@112.74.93.163";
    let o = run(&[
        "client",
        "--target",
        "serial:/dev/does-not-exist",
        "--server",
        server,
        "ls",
    ]);
    exits_saying(&o, 2, &["serial port /dev/does-not-exist"]);
    let o = run(&[
        "client",
        "--world",
        "/does-not-exist.yaml",
        "--server",
        server,
        "ls",
    ]);
    exits_saying(&o, 2, &["/does-not-exist.yaml"]);
}

/// `client --ca` names a CA file it cannot read (exit 1), and one the module cannot convert
/// comes back as the module's refusal of AT+CSSLCFG="CONVERT", in words.
#[test]
fn client_names_a_ca_it_cannot_use() {
    let server = "ftp://simcomtest:simcomtest@112.74.93.163";
    let get = |ca: &str| {
        run(&[
            "client",
            "--server",
            server,
            "--tls",
            "explicit",
            "--ca",
            ca,
            "get",
            "/simftp.txt",
            "-o",
            "/dev/null",
        ])
    };
    exits_saying(&get("/does-not-exist.pem"), 1, &["/does-not-exist.pem"]);
    let junk = scratch("client-junk-ca.pem", "not a certificate");
    let t = exits_saying(
        &get(junk.to_str().unwrap()),
        1,
        &["AT+CSSLCFG=\"CONVERT\",2,\"client-junk-ca.pem\""],
    );
    assert!(t.contains("ERROR"), "{t}");
}

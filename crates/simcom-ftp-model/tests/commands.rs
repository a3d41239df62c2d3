//! Command by command, exact bytes: line intake and framing (spec/README.md §2, §3), the basic
//! commands, the bearer of app note 4.1 and 4.2, the FTP configuration registers (§4, the
//! generated command reference, decision 15) and the file system and SSL commands of app note
//! 5.2.1. Every expected byte string is derived from `spec/` (commands.yaml, error-codes.yaml
//! `cme_errors`, errata.md) and the app note, not from the model's output.
//!
//! One deliberate departure from spec/README.md §2 as written: the LF of a CR LF line end is
//! not echoed (../shared/NOTES.md: hosts match `AT+FTPPUT=2,100\r\r\n+FTPPUT: 2,100\r\n`, the
//! echo being the command line and its CR only).

mod common;
use common::*;

use simcom_at::command::FtpMode;
use simcom_ftp_model::{Defaults, FsDir, Module, Profile, SslContext};

/// Echo off, no context active, the profile `accept_unquoted_strings = false`.
fn unquoted_refused() -> World {
    World::quiet_with(Profile {
        accept_unquoted_strings: false,
        ..Profile::default()
    })
}

/// Echo off, no context active, AT+CFSINIT answered OK (the file system buffer allocated).
fn cfsinit() -> World {
    let mut w = World::quiet();
    w.expect("AT+CFSINIT", OK);
    w
}

/// Echo off, no context active, AT+CMEE=1.
fn cmee_1() -> World {
    let mut w = World::quiet();
    w.set_cmee(1);
    w
}

/// `line` refused: plain `ERROR` while AT+CMEE is 0, then `+CME ERROR: <code>` once AT+CMEE=1
/// is set (error-codes.yaml `cme_errors`). CMEE stays 1.
#[track_caller]
fn refused(w: &mut World, line: &str, code: u16) {
    w.expect(line, ERROR);
    w.set_cmee(1);
    w.expect(line, cme(code));
}

/// A PEM certificate file of exactly `len` bytes.
fn pem(len: usize) -> Vec<u8> {
    let head = b"-----BEGIN CERTIFICATE-----\n";
    let tail = b"\n-----END CERTIFICATE-----\n";
    let mut v = head.to_vec();
    let body = len - head.len() - tail.len();
    v.extend((0..body).map(|i| {
        if i % 65 == 64 {
            b'\n'
        } else {
            b'A' + (i % 26) as u8
        }
    }));
    v.extend_from_slice(tail);
    assert_eq!(v.len(), len);
    v
}

// ------------------------------------------------------------------------------------------
// Line intake and framing (spec/README.md §2; commands.yaml framing)
// ------------------------------------------------------------------------------------------

#[test]
fn at_is_echoed_with_its_cr_then_ok() {
    let mut w = World::powered_up(Profile::default());
    w.expect_echoed("AT", OK);
}

#[test]
fn crlf_line_end_echoes_line_and_cr_only_and_the_lf_gets_no_reply() {
    // ../shared/NOTES.md: the echo is the command line and its CR only, followed at once by
    // the framed response; V.250: the LF is not an empty command.
    let mut w = World::powered_up(Profile::default());
    w.raw_expect(b"AT\r\n", b"AT\r\r\nOK\r\n");
    w.raw_expect(
        b"AT+FTPPORT?\r\n",
        b"AT+FTPPORT?\r\r\n+FTPPORT: 21\r\n\r\nOK\r\n",
    );
    // An LF arriving on its own is ignored too, and nothing follows later.
    w.raw_expect(b"\n", b"");
    w.wait_expect(secs(5), b"");
}

#[test]
fn lowercase_and_mixed_case_prefix_and_names() {
    let mut w = World::powered_up(Profile::default());
    w.expect_echoed("at", OK);
    w.expect_echoed("aT+ftpport?", answer(&["+FTPPORT: 21"]));
    w.expect_echoed("At+FtpMode=0", OK);
    w.expect_echoed("AT+FTPMODE?", answer(&["+FTPMODE: 0"]));
}

#[test]
fn bytes_before_at_are_ignored_and_get_no_reply() {
    // §2: anything between a CR and the next `AT` is ignored. Echo off, so that the question
    // whether the module echoes such noise does not arise.
    let mut w = World::quiet();
    w.raw_expect(b"\x00xyz+++\r\n", b"");
    w.raw_expect(b"\r\n\r\n", b"");
    w.raw_expect(b"hello AT\r", OK);
    w.raw_expect(b"AAT+FTPCID?\r", b"\r\n+FTPCID: 0\r\n\r\nOK\r\n");
}

#[test]
fn backspace_edits_the_line_being_typed() {
    let mut w = World::quiet();
    w.raw_expect(b"AT+FTPPORX\x08T?\r", b"\r\n+FTPPORT: 21\r\n\r\nOK\r\n");
    w.raw_expect(b"AT+FTPMXX\x08\x08ODE?\r", b"\r\n+FTPMODE: 1\r\n\r\nOK\r\n");
    // commands.yaml line_editing: the `AT` prefix itself is never deleted, so the line is
    // `ATAT`, which is no command.
    w.raw_expect(b"AT\x08\x08AT\r", b"\r\nERROR\r\n");
}

#[test]
fn backspace_is_echoed_as_received() {
    // §2: the echo is the command line exactly as received, up to and including its CR.
    let mut w = World::powered_up(Profile::default());
    w.raw_expect(
        b"AT+FTPCIX\x08D?\r",
        b"AT+FTPCIX\x08D?\r\r\n+FTPCID: 0\r\n\r\nOK\r\n",
    );
}

/// `AT+FTPPORT=990`, the value written with leading zeros to `after_at` characters after `AT`.
fn port_990_line(after_at: usize) -> String {
    let line = format!(
        "AT+FTPPORT={}990",
        "0".repeat(after_at - "+FTPPORT=".len() - 3)
    );
    assert_eq!(line.len(), 2 + after_at);
    line
}

/// Echo off: [`port_990_line`] of `after_at` characters is answered `result`, then
/// AT+FTPPORT? answers `read`.
#[track_caller]
fn port_990_line_then_read(after_at: usize, result: &str, read: &str) {
    let mut w = World::quiet();
    w.expect(&port_990_line(after_at), result);
    w.expect_answer("AT+FTPPORT?", &[read]);
}

#[test]
fn line_of_559_characters_after_at_is_accepted() {
    // 559 characters after `AT`, the value written with leading zeros (§3: accepted).
    port_990_line_then_read(559, OK, "+FTPPORT: 990");
}

#[test]
fn line_over_559_characters_after_at_is_error_and_echoed_as_received() {
    let mut w = World::powered_up(Profile::default());
    let line = port_990_line(560);
    w.expect_echoed(&line, ERROR);
}

#[test]
fn line_over_559_characters_after_at_is_error() {
    // Nothing was stored, and the next line is read normally.
    port_990_line_then_read(560, ERROR, "+FTPPORT: 21");
}

/// Each of `lines` is answered plain `ERROR` with AT+CMEE 0, 1 and 2 alike (§2).
#[track_caller]
fn plain_error_whatever_cmee(w: &mut World, lines: &[&str]) {
    for n in 0..=2 {
        w.set_cmee(n);
        for line in lines {
            w.expect(line, ERROR);
        }
    }
}

#[test]
fn concatenation_is_plain_error_whatever_cmee_says() {
    let mut w = World::quiet();
    plain_error_whatever_cmee(
        &mut w,
        &[
            "AT+FTPPORT?;+FTPMODE?",
            "AT+FTPPORT=990;", // a trailing `;` too (decision 26)
            "ATE0V1",          // basic command followed by another (decision 26)
        ],
    );
    // Neither half was executed.
    w.expect("AT+FTPPORT?", answer(&["+FTPPORT: 21"]));
}

#[test]
fn semicolon_inside_quotes_is_part_of_the_string() {
    let mut w = World::quiet();
    w.set_then_read("AT+FTPUN=\"a;b\"", "+FTPUN: \"a;b\"");
}

#[test]
fn unknown_command_or_form_is_plain_error_whatever_cmee_says() {
    plain_error_whatever_cmee(
        &mut World::quiet(),
        &[
            "AT+FOO",
            "AT+FOO=1",
            "AT+FTPQUIT=1", // a form the command does not have (§2)
            "ATI0",         // decision 27
        ],
    );
}

#[test]
fn ate0_is_echoed_itself_then_echo_stays_off_until_ate1() {
    let mut w = World::powered_up(Profile::default());
    w.expect_echoed("ATE0", OK);
    w.expect("AT", OK);
    // ATE1 arrives while echo is off: not echoed; the setting applies from the next line.
    w.expect("ATE1", OK);
    w.expect_echoed("AT", OK);
}

#[test]
fn ate_without_digit_means_0_and_other_digits_are_error() {
    let mut w = World::powered_up(Profile::default());
    w.expect_echoed("ATE2", ERROR);
    w.expect_echoed("ATE", OK); // decision 27: no digit means 0
    w.expect("AT", OK);
}

#[test]
fn atv0_final_results_are_digits_and_info_lines_lose_the_leading_crlf() {
    let mut w = World::powered_up(Profile::default());
    // The answer to ATV0 itself is already numeric.
    for (line, printed) in [
        ("ATV0", "0\r"),
        ("AT", "0\r"),
        ("AT+FOO", "4\r"),
        ("AT+FTPPORT?", "+FTPPORT: 21\r\n0\r"),
        ("AT+CGACT?", "+CGACT: 1,1\r\n+CGACT: 2,0\r\n0\r"),
        ("ATI", "SIM7080 R1351\r\n0\r"),
    ] {
        w.expect_echoed(line, printed);
    }
}

#[test]
fn atv0_cme_errors_and_urcs_are_text_lines_without_leading_crlf() {
    let mut w = World::quiet();
    w.exchanges(&[
        ("ATV0", "0\r"),
        ("AT+FTPPORT=0", "4\r"),
        ("AT+CMEE=1", "0\r"),
        ("AT+FTPPORT=0", "+CME ERROR: 793\r\n"),
        ("AT+CMEE=2", "0\r"),
        ("AT+FTPPORT=0", "+CME ERROR: Param value range beyond\r\n"),
    ]);
    // A URC after the OK of AT+CNACT.
    let out = w.send_wait("AT+CNACT=0,1", secs(10));
    assert_eq!(out, show(b"0\r+APP PDP: 0,ACTIVE\r\n"));
}

#[test]
fn atv1_restores_verbose_results() {
    let mut w = World::quiet();
    w.expect("ATV0", "0\r");
    // The result of ATV1 itself is not pinned down by the spec; the next command's is.
    let got = w.send("ATV1");
    assert!(got == b"\r\nOK\r\n" || got == b"0\r", "{}", show(&got));
    w.expect("AT", OK);
    w.expect("AT+FTPCID?", answer(&["+FTPCID: 0"]));
}

/// ATI prints the profile's `ati_lines` (by default the manual's example, `SIM7080 R1351`,
/// V1.02 §2.2.5 p. 21); AT+CGMR prints `Revision: <revision>` with the space
/// the manual prints (SIM7080 AT manual V1.02 §3.2.3), and its test form answers `OK` alone.
#[test]
fn ati_prints_the_profile_ati_lines_and_cgmr_the_revision() {
    let mut w = World::quiet();
    w.expect("ATI", answer(&["SIM7080 R1351"]));
    let p = Profile {
        ati_lines: vec!["SIMCOM_SIM7080G".into(), "Revision:1951B15SIM7080".into()],
        ..Profile::default()
    };
    let mut w = World::quiet_with(p);
    w.expect(
        "ATI",
        answer(&["SIMCOM_SIM7080G", "Revision:1951B15SIM7080"]),
    );
    w.expect("AT+CGMR=?", OK);
    w.expect("AT+CGMR", answer(&["Revision: 1951B10SIM7080"]));
}

/// The identity commands (SIM7080 AT manual V1.02 §2.2.25–2.2.29, §3.2.1–3.2.4): each test
/// form answers `OK`; each execution form one line from the profile, then `OK`; AT+GMR prints
/// as AT+CGMR does, and without the space after `Revision:` when the profile says so.
#[test]
fn identity_commands_print_the_profile_identity() {
    let mut w = World::quiet();
    for (line, printed) in [
        ("AT+GMR", "Revision: 1951B10SIM7080"),
        ("AT+CGMI", "SIMCOM_Ltd"),
        ("AT+GMI", "SIMCOM_Ltd"),
        ("AT+CGMM", "SIMCOM_SIM7080"),
        ("AT+GMM", "SIMCOM_SIM7080"),
        ("AT+CGSN", "866000000000000"),
        ("AT+GSN", "866000000000000"),
    ] {
        w.expect(&format!("{line}=?"), OK);
        w.expect(line, answer(&[printed]));
    }
    let mut w = World::quiet_with(Profile {
        revision: "1951B15SIM7080".into(),
        revision_space: false,
        imei: "869951031234567".into(),
        ..Profile::default()
    });
    w.expect("AT+CGMR", answer(&["Revision:1951B15SIM7080"]));
    w.expect("AT+GMR", answer(&["Revision:1951B15SIM7080"]));
    w.expect("AT+GSN", answer(&["869951031234567"]));
}

#[test]
fn cmee_test_read_write_and_range() {
    let mut w = World::quiet();
    w.expect("AT+CMEE=?", answer(&["+CMEE: (0-2)"]));
    w.expect("AT+CMEE?", answer(&["+CMEE: 0"]));
    w.set_then_read("AT+CMEE=2", "+CMEE: 2");
    w.set_then_read("AT+CMEE=1", "+CMEE: 1");
    w.expect("AT+CMEE=3", cme(793));
    w.expect("AT+CMEE?", answer(&["+CMEE: 1"]));
    w.expect("AT+CMEE=0", OK);
    w.expect("AT+CMEE=3", ERROR);
}

/// error-codes.yaml `cme_errors`: the parameter problems, with their example lines.
const PARAM_ERRORS: &[(&str, u16, &str)] = &[
    ("AT+FTPGET=2", 791, "Param count not enough"),
    ("AT+FTPGET=1,1024", 792, "Param count beyond"),
    ("AT+FTPGET=2,1461", 793, "Param value range beyond"),
    ("AT+FTPPORT=0", 793, "Param value range beyond"),
    ("AT+FTPPORT=\"21\"", 794, "Param type not match"),
    ("AT+FTPSERV=\"a\x01b\"", 795, "Param format invalid"),
    ("AT+FTPGET=2,", 796, "Get a null param"),
    ("AT+FTPPORT=", 796, "Get a null param"),
    ("AT+FTPPORT=21,", 792, "Param count beyond"), // decision 27: unused empty slot
    ("AT+FTPPORT=abc", 794, "Param type not match"),
    ("AT+FTPPORT=\"abc\"", 794, "Param type not match"),
];

#[test]

fn unterminated_quote_is_795() {
    // error-codes.yaml 795: "A malformed parameter: unterminated quote, ..."; errata E43: "An
    // unterminated quote on a real line is refused (CME 795 with CMEE>=1)".
    let mut w = World::quiet();
    refused(&mut w, "AT+FTPSERV=\"abc", 795);
    w.expect("AT+CSSLCFG=\"convert\",2,\"ftpbin_root_ca.cer", cme(795));
    w.set_cmee(2);
    w.expect("AT+FTPSERV=\"abc", cme("Param format invalid"));
    w.expect("AT+FTPSERV?", answer(&["+FTPSERV: \"\""]));
}

/// Every line of PARAM_ERRORS with AT+CMEE=`cmee`, answered `refusal(code, text)`.
#[track_caller]
fn param_errors_with_cmee(cmee: u8, refusal: fn(u16, &str) -> String) {
    let mut w = World::quiet();
    w.set_cmee(cmee);
    for (line, code, text) in PARAM_ERRORS {
        w.expect(line, refusal(*code, text));
    }
}

#[test]
fn parameter_errors_are_plain_error_with_cmee_0() {
    param_errors_with_cmee(0, |_, _| ERROR.to_string());
}

#[test]
fn parameter_errors_give_791_to_796_with_cmee_1() {
    param_errors_with_cmee(1, |code, _| cme(code));
}

#[test]
fn parameter_errors_give_their_texts_with_cmee_2() {
    param_errors_with_cmee(2, |_, text| cme(text));
}

#[test]
fn empty_first_or_middle_slot_is_796() {
    // error-codes.yaml 796: "An empty parameter where a value is required (AT+FTPGET=2,)";
    // 791 is for a required parameter that is missing altogether (AT+FTPGET=2).
    let mut w = cmee_1();
    w.refusals(&[
        ("AT+FTPGET=,10", 796),
        ("AT+FTPSSL=,0,\"\",\"\"", 796),
        ("AT+CNCFG=0,,\"ctnb\"", 796),
        ("AT+FTPSSL=0,,\"\",\"\"", 796),
    ]);
    w.set_cmee(2);
    w.expect("AT+CNCFG=0,,\"ctnb\"", cme("Get a null param"));
}

#[test]
fn state_errors_give_3() {
    // A well-formed command refused in the current state: reads and writes out of session,
    // AT+FTPQUIT when idle.
    let lines = ["AT+FTPGET=2,10", "AT+FTPPUT=2,10", "AT+FTPQUIT"];
    let mut w = World::quiet();
    w.each(&lines, ERROR);
    w.set_cmee(1);
    w.each(&lines, &cme(3));
    w.set_cmee(2);
    w.expect("AT+FTPGET=2,10", cme("Operation not allowed"));
}

#[test]
fn reqlength_range_is_1_to_1460() {
    let mut w = cmee_1();
    w.refusals(&[("AT+FTPGET=2,0", 793), ("AT+FTPGET=2,1461", 793)]);
    // In range, the refusal is the state's (no GET session).
    w.refusals(&[("AT+FTPGET=2,1460", 3), ("AT+FTPGET=2,1", 3)]);
}

#[test]
fn unquoted_strings_accepted_by_default() {
    let mut w = World::quiet();
    w.set_then_read("AT+FTPTYPE=A", "+FTPTYPE: \"A\"");
    w.set_then_read("AT+FTPSERV=1.2.3.4", "+FTPSERV: \"1.2.3.4\"");
}

#[test]
fn unquoted_strings_refused_when_the_profile_says_so() {
    let mut w = unquoted_refused();
    w.each(&["AT+FTPTYPE=A", "AT+FTPSERV=1.2.3.4"], ERROR);
    w.set_cmee(1);
    w.expect("AT+FTPTYPE=A", cme(795));
    w.expect("AT+FTPTYPE?", answer(&["+FTPTYPE: \"I\""]));
    w.expect("AT+FTPSERV?", answer(&["+FTPSERV: \"\""]));
    // Quoted strings and plain numbers are unaffected.
    w.set_then_read("AT+FTPTYPE=\"A\"", "+FTPTYPE: \"A\"");
    w.expect("AT+FTPPORT=990", OK);
    w.expect("AT+CNCFG=0,1,\"ctnb\"", OK);
}

#[test]

fn unquoted_all_digit_strings_refused_when_the_profile_says_so() {
    // An unquoted string made of digits is still an unquoted string (§3: "such a line is
    // answered ERROR"; error-codes.yaml 795).
    let mut w = unquoted_refused();
    w.set_cmee(1);
    w.expect("AT+FTPUN=12345", cme(795));
    w.expect("AT+FTPUN?", answer(&["+FTPUN: \"\""]));
}

#[test]
fn profile_defaults_set_echo_verbose_and_cmee_at_power_up() {
    let p = Profile {
        defaults: Defaults {
            echo: false,
            verbose: false,
            cmee: 1,
            ..Defaults::default()
        },
        ..Profile::default()
    };
    let mut w = World::powered_up(p);
    w.exchanges(&[
        ("AT", "0\r"),
        ("AT+FTPPORT=0", "+CME ERROR: 793\r\n"),
        ("AT+CMEE?", "+CMEE: 1\r\n0\r"),
    ]);
}

// ------------------------------------------------------------------------------------------
// Bearer: app note 4.1 and 4.2 (errata E01-E07)
// ------------------------------------------------------------------------------------------

const CNACT_0_ACTIVE: [&str; 4] = [
    "+CNACT: 0,1,\"10.94.36.44\"",
    "+CNACT: 1,0,\"0.0.0.0\"",
    "+CNACT: 2,0,\"0.0.0.0\"",
    "+CNACT: 3,0,\"0.0.0.0\"",
];

/// AT+CNACT? with no context active.
const CNACT_NONE_ACTIVE: [&str; 4] = [
    "+CNACT: 0,0,\"0.0.0.0\"",
    "+CNACT: 1,0,\"0.0.0.0\"",
    "+CNACT: 2,0,\"0.0.0.0\"",
    "+CNACT: 3,0,\"0.0.0.0\"",
];

/// Kept beside conformance/app-note/4.1-pdn-auto-activation.yaml because: it checks the echo
/// of each line, which transcripts skip.
#[test]
fn app_note_4_1_with_echo_on() {
    let mut w = World::powered_up(Profile::default());
    w.expect_echoed("AT+CPIN?", answer(&["+CPIN: READY"]));
    w.expect_echoed("AT+CSQ", answer(&["+CSQ: 13,99"]));
    w.expect_echoed("AT+CNCFG=0,1,\"ctnb\"", OK);
    assert_eq!(
        w.send_wait("AT+CNACT=0,1", secs(10)),
        show(b"AT+CNACT=0,1\r\r\nOK\r\n\r\n+APP PDP: 0,ACTIVE\r\n")
    );
}

#[test]
fn cnact_activate_while_cfun_0_or_4_is_797() {
    let mut w = World::quiet();
    w.expect("AT+CFUN=0", "\r\n+CPIN: NOT READY\r\n\r\nOK\r\n");
    refused(&mut w, "AT+CNACT=0,1", 797);
    w.set_cmee(2);
    w.expect("AT+CNACT=1,1", cme("CFUN state is 0 or 4"));
    w.expect_answer("AT+CNACT?", &CNACT_NONE_ACTIVE);
    // RF off (4) as well.
    let mut w = cmee_1();
    let _ = w.send_wait("AT+CFUN=4", secs(1));
    w.refusals(&[("AT+CNACT=0,1", 797), ("AT+CGATT=1", 797)]);
}

#[test]
fn cgatt_attach_while_cfun_0_is_797() {
    let mut w = cmee_1();
    w.expect("AT+CFUN=0", "\r\n+CPIN: NOT READY\r\n\r\nOK\r\n");
    w.expect("AT+CGATT=1", cme(797));
}

#[test]
fn activating_an_active_context_is_refused() {
    let mut w = World::quiet();
    assert_eq!(
        w.send_wait("AT+CNACT=0,1", secs(10)),
        show(b"\r\nOK\r\n\r\n+APP PDP: 0,ACTIVE\r\n")
    );
    assert_eq!(
        w.send_wait("AT+CNACT=0,1", secs(10)),
        show(ERROR.as_bytes())
    );
    w.set_cmee(1);
    assert_eq!(
        w.send_wait("AT+CNACT=0,1", secs(10)),
        show(cme(3).as_bytes())
    );
    // Still active, unchanged.
    w.expect("AT+CNACT?", answer(&CNACT_0_ACTIVE));
}

#[test]
fn deactivation_is_ok_then_deactive_urc() {
    let mut w = World::quiet();
    let _ = w.send_wait("AT+CNACT=0,1", secs(10));
    assert_eq!(
        w.send_wait("AT+CNACT=0,0", secs(10)),
        show(b"\r\nOK\r\n\r\n+APP PDP: 0,DEACTIVE\r\n")
    );
    w.expect_answer("AT+CNACT?", &CNACT_NONE_ACTIVE);
}

#[test]
fn cnact_parameter_ranges() {
    let mut w = World::quiet();
    w.each(&["AT+CNACT=4,1", "AT+CNACT=0,3"], ERROR);
    w.set_cmee(1);
    w.refusals(&[
        ("AT+CNACT=4,1", 793),
        ("AT+CNACT=0,3", 793),
        ("AT+CNACT=0", 791),
    ]);
}

#[test]
fn bearer_test_forms() {
    let mut w = World::quiet();
    w.expect("AT+CPIN=?", OK);
    w.expect("AT+CSQ=?", answer(&["+CSQ: (0-31,99),(0-7,99)"]));
    w.expect("AT+CGATT=?", answer(&["+CGATT: (0,1)"]));
    w.expect("AT+CGACT=?", answer(&["+CGACT: (0,1)"]));
    w.expect("AT+CGNAPN=?", answer(&["+CGNAPN: (0,1),150"]));
    w.expect(
        "AT+CNCFG=?",
        answer(&["+CNCFG: (0-3),(0-4),150,127,127,(0-3)"]),
    );
    w.expect("AT+CNACT=?", answer(&["+CNACT: (0-3),(0-2)"]));
    w.expect("AT+CFUN=?", answer(&["+CFUN: (0,1,4-7),(0,1)"]));
    w.expect(
        "AT+CGDCONT=?",
        answer(&[
            "+CGDCONT: (1-15),\"IP\",,,(0-2),(0-4)",
            "+CGDCONT: (1-15),\"IPV6\",,,(0-2),(0-4)",
            "+CGDCONT: (1-15),\"IPV4V6\",,,(0-2),(0-4)",
            "+CGDCONT: (1-15),\"Non-IP\",,,(0-2),(0-4)",
        ]),
    );
}

#[test]
fn cops_test_form_lists_the_operator_then_the_ranges() {
    // `+COPS: [list of (<stat>,"<long>","<short>","<numeric>",<AcT>)s],,(0-4),(0-2)`, one
    // entry per configured operator (the note's CHN-CT on NB-IoT, AcT 9).
    let mut w = World::quiet();
    let out = w.send_text("AT+COPS=?");
    let line = out
        .strip_prefix("\r\n+COPS: (")
        .and_then(|s| s.strip_suffix("),,(0-4),(0-2)\r\n\r\nOK\r\n"))
        .unwrap_or_else(|| panic!("{out:?}"));
    assert!(!line.contains("\r\n"), "{out:?}");
    assert!(line.contains("\"CHN-CT\""), "{out:?}");
    assert!(line.ends_with(",9"), "{out:?}");
    assert_eq!(line.matches(',').count(), 4, "one entry: {out:?}");
}

#[test]
fn cpin_write_is_refused_with_3() {
    // The model's SIM has no PIN: a write is answered ERROR (CME 3).
    let mut w = World::quiet();
    refused(&mut w, "AT+CPIN=\"1234\"", 3);
}

/// The power-up lines of decision 49, framed as ATV1 prints them.
const POWER_UP: &str = "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n";

#[test]
fn cfun_1_1_resets_then_prints_rdy_cfun_cpin_and_ok() {
    // Manual V1.02 §3.2.19: AT+CFUN=1,1 resets; OK comes after the reset at a fixed baud
    // rate. §21.3: RDY and +CFUN: <fun> at power-up. Decisions 49, 52. Echo on (the default):
    // the command line is echoed before the reset.
    let mut w = World::powered_up(Profile::default());
    w.expect_echoed("AT+CFUN=1,1", format!("{POWER_UP}{OK}"));
    w.expect_echoed("AT+CFUN?", answer(&["+CFUN: 1"]));
}

#[test]
fn cfun_1_1_brings_settings_back_to_power_up_and_keeps_the_file_system() {
    // Decision 49: settings, echo, result format and the AT+CFSINIT buffer go back to their
    // power-up values; the files stay.
    let mut w = World::quiet();
    w.expect("AT+FTPPORT=990", OK);
    w.expect("AT+CMEE=1", OK);
    w.expect("AT+CFSINIT", OK);
    w.cfswfile("AT+CFSWFILE=0,\"keep.bin\",0,4,1000", b"keep");
    w.expect("ATV0", "0\r");
    // ATV0 and echo off while the line is read; verbose again once the module is back.
    w.expect("AT+CFUN=1,1", format!("{POWER_UP}{OK}"));
    w.expect_echoed("AT+FTPPORT?", answer(&["+FTPPORT: 21"]));
    // CMEE is 0 again, and the AT+CFSINIT buffer is gone: plain ERROR.
    w.expect_echoed("AT+CFSGFIS=0,\"keep.bin\"", ERROR);
    w.expect_echoed("AT+CFSINIT", OK);
    w.expect_echoed("AT+CFSGFIS=0,\"keep.bin\"", answer(&["+CFSGFIS: 4"]));
}

#[test]
fn cfun_0_1_comes_back_at_minimum_functionality() {
    // Manual V1.02 §3.2.19: "reset module purposely at minimum/full functionality mode".
    // Decision 52: +CFUN: 0, and no +CPIN: line (the SIM is off).
    let mut w = World::quiet();
    w.expect("AT+CFUN=0,1", "\r\nRDY\r\n\r\n+CFUN: 0\r\n\r\nOK\r\n");
    w.expect_echoed("ATE0", OK);
    w.expect("AT+CFUN?", answer(&["+CFUN: 0"]));
    w.expect("AT+CPIN?", answer(&["+CPIN: NOT READY"]));
    w.expect("AT+CGATT?", answer(&["+CGATT: 0"]));
    w.set_cmee(1);
    w.expect("AT+CNACT=0,1", cme(797));
    // Back to full functionality as usual (app note 4.2).
    w.expect("AT+CFUN=1", "\r\nOK\r\n\r\n+CPIN: READY\r\n");
    w.expect("AT+CGATT?", answer(&["+CGATT: 1"]));
}

#[test]
fn cfun_1_1_ends_a_session_without_a_urc() {
    // Decision 49: a running session ends without a word; AT+FTPSTATE reads 0 afterwards.
    let mut w = World::note(&[("/simftp.txt", &digits(5000))]);
    let out = w.send_wait("AT+FTPGET=1", secs(1));
    assert!(out.contains("+FTPGET: 1,1"), "{out}");
    assert!(w.sim.module.session_active());
    w.expect("AT+CFUN=1,1", format!("{POWER_UP}{OK}"));
    assert!(!w.sim.module.session_active());
    assert_eq!(show(&w.wait(secs(120))), "", "no URC of the ended session");
    w.expect_echoed("AT+FTPSTATE", answer(&["+FTPSTATE: 0"]));
}

#[test]
fn a_power_cut_comes_back_at_the_fun_level_in_flash() {
    // Manual V1.02 §3.2.19: "The <fun> power level will be written to flash except minimum
    // functionality." Decision 49.
    let mut w = World::quiet();
    w.expect("AT+CFUN=4", OK);
    w.sim.module.reset();
    w.sim.settle().unwrap();
    assert_eq!(
        show(&w.sim.take_output()),
        show(b"\r\nRDY\r\n\r\n+CFUN: 4\r\n\r\n+CPIN: READY\r\n")
    );
    // AT+CFUN=0 is not written to flash: a power cut comes back at 4 again.
    w.expect_echoed("ATE0", OK);
    w.expect("AT+CFUN=0", "\r\n+CPIN: NOT READY\r\n\r\nOK\r\n");
    w.sim.module.reset();
    w.sim.settle().unwrap();
    assert!(show(&w.sim.take_output()).contains("+CFUN: 4"));
    // AT+CFUN=1,1 writes 1.
    w.expect_echoed("AT+CFUN=1,1", format!("{POWER_UP}{OK}"));
    w.sim.module.reset();
    w.sim.settle().unwrap();
    assert_eq!(show(&w.sim.take_output()), show(POWER_UP.as_bytes()));
}

#[test]
fn power_up_without_a_sim_prints_cpin_not_inserted() {
    // Manual V1.02 §21.3: `+CPIN: NOT INSERTED` "SIM Card is not inserted." Decision 49.
    let cellular = simcom_ftp_model::Cellular {
        sim_present: false,
        ..simcom_ftp_model::Cellular::default()
    };
    let mut m = Module::with_cellular(Profile::default(), cellular);
    m.reset();
    let simcom_ftp_model::Output::Transmit(out) = m.poll_output() else {
        panic!("nothing printed")
    };
    assert_eq!(
        show(&out),
        show(b"\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: NOT INSERTED\r\n")
    );
}

#[test]
fn cfun_read_follows_the_writes() {
    let mut w = World::quiet();
    w.expect("AT+CFUN?", answer(&["+CFUN: 1"]));
    w.expect("AT+CFUN=0", "\r\n+CPIN: NOT READY\r\n\r\nOK\r\n");
    w.expect("AT+CFUN?", answer(&["+CFUN: 0"]));
    let _ = w.send_wait("AT+CFUN=1", secs(10));
    w.expect("AT+CFUN?", answer(&["+CFUN: 1"]));
    w.expect("AT+CFUN=2", ERROR); // <fun> 0, 1, 4-7
    w.set_cmee(1);
    w.expect("AT+CFUN=8", cme(793));
}

/// Writes `setting` (`AT+<name>=…`, answered OK); returns what its read form `AT+<name>?`
/// prints, as text (for answers of several lines checked piecemeal).
#[track_caller]
fn set_then_read_text(w: &mut World, setting: &str) -> String {
    w.expect(setting, OK);
    let (name, _) = setting.split_once('=').unwrap();
    w.send_text(&format!("{name}?"))
}

/// A read form's answer: it starts with `first` and ends with its last line, then `OK`.
#[track_caller]
fn starts_then_ok(out: &str, first: &str) {
    assert!(out.starts_with(first), "{out:?}");
    assert!(out.ends_with("\r\n\r\nOK\r\n"), "{out:?}");
}

#[test]
fn cncfg_write_then_read_shows_context_0() {
    let mut w = World::quiet();
    let out = set_then_read_text(&mut w, "AT+CNCFG=0,1,\"ctnb\",\"user\",\"pass\",3");
    starts_then_ok(&out, "\r\n+CNCFG: 0,1,\"ctnb\",\"user\",\"pass\",3\r\n");
    assert_eq!(
        out.matches("+CNCFG: ").count(),
        4,
        "one line per context: {out:?}"
    );
    w.each(&["AT+CNCFG=4,1,\"ctnb\"", "AT+CNCFG=0,5,\"ctnb\""], ERROR);
    w.expect(&format!("AT+CNCFG=0,1,\"{}\"", "a".repeat(151)), ERROR);
    w.expect(&format!("AT+CNCFG=1,1,\"{}\"", "a".repeat(150)), OK);
}

#[test]
fn cgdcont_write_then_read_and_cid_range() {
    let mut w = World::quiet();
    let out = set_then_read_text(&mut w, "AT+CGDCONT=1,\"IP\",\"ctnb\"");
    starts_then_ok(&out, "\r\n+CGDCONT: 1,\"IP\",\"ctnb\"");
    w.each(
        &[
            "AT+CGDCONT=0,\"IP\",\"ctnb\"",
            "AT+CGDCONT=16,\"IP\",\"ctnb\"",
        ],
        ERROR,
    );
    w.expect("AT+CGDCONT=15,\"IPV4V6\",\"internet\"", OK);
    let out = w.send_text("AT+CGDCONT?");
    assert!(
        out.contains("\r\n+CGDCONT: 15,\"IPV4V6\",\"internet\""),
        "{out:?}"
    );
}

// ------------------------------------------------------------------------------------------
// FTP configuration registers (generated reference; decision 15 / profile.defaults)
// ------------------------------------------------------------------------------------------

/// Test form, read form with the power-up default, then each `(write, read answer)`, then
/// each refused write (the value must stay as last written).
fn register(name: &str, test: &str, default: &str, writes: &[(&str, &str)], refused: &[&str]) {
    let mut w = World::quiet();
    w.expect(&format!("AT+{name}=?"), answer(&[test]));
    w.expect(&format!("AT+{name}?"), answer(&[default]));
    let mut last = default.to_string();
    for (value, read) in writes {
        w.expect(&format!("AT+{name}={value}"), OK);
        w.expect(&format!("AT+{name}?"), answer(&[read]));
        last = read.to_string();
    }
    for value in refused {
        w.expect(&format!("AT+{name}={value}"), ERROR);
        w.expect(&format!("AT+{name}?"), answer(&[&last]));
    }
    w.set_cmee(1);
    for value in refused {
        let got = show(&w.send(&format!("AT+{name}={value}")));
        assert!(
            got.starts_with("\\r\\n+CME ERROR: 79"),
            "AT+{name}={value}: {got}"
        );
    }
}

#[test]
fn ftpport_register() {
    register(
        "FTPPORT",
        "+FTPPORT: (1-65535)",
        "+FTPPORT: 21",
        &[
            ("990", "+FTPPORT: 990"),
            ("65535", "+FTPPORT: 65535"),
            ("1", "+FTPPORT: 1"),
            ("0021", "+FTPPORT: 21"),
        ],
        &["0", "65536", "99999999999999999999999"],
    );
}

#[test]
fn ftpmode_register() {
    register(
        "FTPMODE",
        "+FTPMODE: (0,1)",
        "+FTPMODE: 1",
        &[("0", "+FTPMODE: 0"), ("1", "+FTPMODE: 1")],
        &["2"],
    );
}

#[test]
fn ftptype_register() {
    register(
        "FTPTYPE",
        "+FTPTYPE: (\"A\",\"I\")", // E52: not the manual's +FTPPORT: prefix
        "+FTPTYPE: \"I\"",
        &[
            ("\"A\"", "+FTPTYPE: \"A\""),
            ("\"I\"", "+FTPTYPE: \"I\""),
            ("\"a\"", "+FTPTYPE: \"A\""), // case-insensitive on parse (decision 3)
        ],
        &["\"X\"", "\"AI\""],
    );
}

#[test]
fn ftpputopt_register() {
    register(
        "FTPPUTOPT",
        "+FTPPUTOPT: (\"APPE\",\"STOU\",\"STOR\")",
        "+FTPPUTOPT: \"STOR\"",
        &[
            ("\"APPE\"", "+FTPPUTOPT: \"APPE\""),
            ("\"STOU\"", "+FTPPUTOPT: \"STOU\""),
            ("\"stor\"", "+FTPPUTOPT: \"STOR\""),
        ],
        &["\"PUT\""],
    );
}

#[test]
fn ftpcid_register() {
    register(
        "FTPCID",
        "+FTPCID: (0-3)",
        "+FTPCID: 0",
        &[("3", "+FTPCID: 3"), ("1", "+FTPCID: 1")],
        &["4"],
    );
}

#[test]
fn ftprest_register() {
    register(
        "FTPREST",
        "+FTPREST: (0-4294967295)",
        "+FTPREST: 0",
        &[
            ("20", "+FTPREST: 20"),
            ("4294967295", "+FTPREST: 4294967295"),
        ],
        &["4294967296"],
    );
}

/// A string register, empty at power-up, of at most `max` bytes (its test form
/// `+<name>: <test>`): `before` written and read back verbatim, then the longest value
/// (`max` times `fill`), then `after`; a value of `max + 1` bytes is refused.
fn string_register(
    name: &str,
    test: &str,
    max: usize,
    fill: &str,
    before: &[&str],
    after: &[&str],
) {
    let longest = fill.repeat(max);
    let mut values = before.to_vec();
    values.push(&longest);
    values.extend(after);
    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    let reads: Vec<String> = quoted.iter().map(|q| format!("+{name}: {q}")).collect();
    let writes: Vec<(&str, &str)> = quoted
        .iter()
        .map(String::as_str)
        .zip(reads.iter().map(String::as_str))
        .collect();
    register(
        name,
        &format!("+{name}: {test}"),
        &format!("+{name}: \"\""),
        &writes,
        &[&format!("\"{}\"", fill.repeat(max + 1))],
    );
}

/// The string registers: name, test form, longest value, its fill, values written before and
/// after the longest (FTPPW may be empty; "/pub/" is kept verbatim, not normalised).
#[allow(clippy::type_complexity)]
const STRING_REGISTERS: [(&str, &str, usize, &str, &[&str], &[&str]); 7] = [
    ("FTPSERV", "(0-49)", 49, "1", &["112.74.93.163"], &[""]),
    ("FTPUN", "49", 49, "u", &["simcomtest"], &[]),
    ("FTPPW", "49", 49, "p", &["simcomtest"], &[""]),
    ("FTPGETNAME", "64", 64, "n", &["simftp.txt"], &[]),
    ("FTPGETPATH", "255", 255, "d", &["/", "/pub/"], &[]),
    ("FTPPUTNAME", "64", 64, "m", &["simftp2.txt"], &[]),
    ("FTPPUTPATH", "255", 255, "e", &["/pub"], &[]),
];

#[test]
fn string_registers() {
    for (name, test, max, fill, before, after) in STRING_REGISTERS {
        string_register(name, test, max, fill, before, after);
    }
}

#[test]
fn ftpssl_register() {
    let ca = "c".repeat(50);
    register(
        "FTPSSL",
        "+FTPSSL: (0-2),(0-5),50,50",
        "+FTPSSL: 0,0,\"\",\"\"",
        &[
            (
                "1,0,\"ftpbin_root_ca.cer\",\"\"",
                "+FTPSSL: 1,0,\"ftpbin_root_ca.cer\",\"\"",
            ),
            (
                &format!("2,5,\"{ca}\",\"client.crt\""),
                &format!("+FTPSSL: 2,5,\"{ca}\",\"client.crt\""),
            ),
        ],
        &[
            "3,0,\"\",\"\"",
            "0,6,\"\",\"\"",
            &format!("0,0,\"{}\",\"\"", "c".repeat(51)),
            &format!("0,0,\"\",\"{}\"", "c".repeat(51)),
        ],
    );
}

#[test]
fn string_too_long_is_793_with_cmee_1() {
    let mut w = cmee_1();
    w.expect(&format!("AT+FTPGETNAME=\"{}\"", "n".repeat(65)), cme(793));
    w.expect(&format!("AT+FTPSERV=\"{}\"", "s".repeat(50)), cme(793));
    w.expect("AT+FTPPORT=65536", cme(793));
}

#[test]
fn name_of_65_bytes_accepted_with_name_max_length_99() {
    let p = Profile {
        name_max_length: 99,
        ..Profile::default()
    };
    let mut w = World::quiet_with(p);
    w.expect("AT+FTPGETNAME=?", answer(&["+FTPGETNAME: 99"]));
    w.expect("AT+FTPPUTNAME=?", answer(&["+FTPPUTNAME: 99"]));
    for (cmd, c) in [("FTPGETNAME", "g"), ("FTPPUTNAME", "p")] {
        let n65 = c.repeat(65);
        w.expect(&format!("AT+{cmd}=\"{n65}\""), OK);
        w.expect(
            &format!("AT+{cmd}?"),
            answer(&[&format!("+{cmd}: \"{n65}\"")]),
        );
        let n99 = c.repeat(99);
        w.expect(&format!("AT+{cmd}=\"{n99}\""), OK);
        w.expect(
            &format!("AT+{cmd}?"),
            answer(&[&format!("+{cmd}: \"{n99}\"")]),
        );
        w.expect(&format!("AT+{cmd}=\"{}\"", c.repeat(100)), ERROR);
        w.expect(
            &format!("AT+{cmd}?"),
            answer(&[&format!("+{cmd}: \"{n99}\"")]),
        );
    }
}

#[test]
fn strings_are_stored_verbatim() {
    let mut w = World::quiet();
    // E26: a trailing space is kept, not trimmed.
    w.set_then_read(
        "AT+FTPGETPATH=\"/simftp.txt \"",
        "+FTPGETPATH: \"/simftp.txt \"",
    );
    w.set_then_read("AT+FTPUN=\" simcom test \"", "+FTPUN: \" simcom test \"");
    w.set_then_read("AT+FTPPUTNAME=\"MiXeD.TxT\"", "+FTPPUTNAME: \"MiXeD.TxT\"");
}

#[test]
fn name_lengths_count_bytes_not_characters() {
    // §3: lengths are counted in bytes; UTF-8 allowed. 文 is 3 bytes.
    let mut w = World::quiet();
    let ok = "文".repeat(21); // 63 bytes
    w.expect(&format!("AT+FTPGETNAME=\"{ok}\""), OK);
    w.expect(
        "AT+FTPGETNAME?",
        answer(&[&format!("+FTPGETNAME: \"{ok}\"")]),
    );
    let long = "文".repeat(22); // 66 bytes, 22 characters
    w.expect(&format!("AT+FTPGETNAME=\"{long}\""), ERROR);
    w.expect(
        "AT+FTPGETNAME?",
        answer(&[&format!("+FTPGETNAME: \"{ok}\"")]),
    );
}

#[test]
fn profile_defaults_give_the_power_up_ftpmode_and_ftpcid() {
    let p = Profile {
        defaults: Defaults {
            ftpport: 990,
            ftpmode: FtpMode::Active,
            ftpcid: 1,
            ..Defaults::default()
        },
        ..Profile::default()
    };
    let mut w = World::quiet_with(p);
    w.expect("AT+FTPPORT?", answer(&["+FTPPORT: 990"]));
    w.expect("AT+FTPMODE?", answer(&["+FTPMODE: 0"]));
    w.expect("AT+FTPCID?", answer(&["+FTPCID: 1"]));
}

// ------------------------------------------------------------------------------------------
// File system and SSL: app note 5.2.1 (errata E42-E44)
// ------------------------------------------------------------------------------------------

const CA: &str = "ftpbin_root_ca.cer";
const CFSWFILE: &str = "AT+CFSWFILE=3,\"ftpbin_root_ca.cer\",0,1492,1000";

/// Kept beside conformance/app-note/5.2.1-certificate.yaml because: it checks the file in
/// the module's file system and its converted state.
/// A quiet module at the `DOWNLOAD` prompt of [`cert_prompt`], and the 1492-byte certificate.
fn cert_prompted() -> (World, Vec<u8>) {
    let mut w = World::quiet();
    cert_prompt(&mut w);
    (w, pem(1492))
}

/// AT+CFSINIT, then the certificate's AT+CFSWFILE of 5.2.1: the prompt `DOWNLOAD`.
#[track_caller]
fn cert_prompt(w: &mut World) {
    w.expect("AT+CFSINIT", OK);
    w.expect(CFSWFILE, line("DOWNLOAD"));
}

#[test]
fn app_note_5_2_1_certificate_download_and_convert() {
    let mut w = World::quiet();
    let cert = pem(1492);
    w.expect("AT+CFSINIT", OK);
    w.cfswfile(CFSWFILE, &cert);
    w.expect("AT+CFSTERM", OK);
    w.expect("AT+CSSLCFG=\"convert\",2,\"ftpbin_root_ca.cer\"", OK);
    assert_eq!(w.module_file(FsDir::Customer, CA), Some(&cert[..]));
    assert!(w.sim.module.file_system().is_converted(CA));
    // The converted name can then be given to AT+FTPSSL.
    w.expect("AT+FTPSSL=1,0,\"ftpbin_root_ca.cer\",\"\"", OK);
}

#[test]
fn cfswfile_data_is_not_echoed() {
    let mut w = World::powered_up(Profile::default());
    w.expect_echoed("AT+CFSINIT", OK);
    w.expect_echoed(CFSWFILE, "\r\nDOWNLOAD\r\n");
    let cert = pem(1492);
    w.raw_expect(&cert, OK);
    assert_eq!(
        w.sim.module.file_system().read(FsDir::Customer, CA),
        Some(&cert[..])
    );
}

#[test]
fn cfswfile_counts_bytes_in_pieces_and_takes_any_byte_as_data() {
    let mut w = cfsinit();
    w.expect("AT+CFSWFILE=0,\"raw.bin\",0,20,5000", "\r\nDOWNLOAD\r\n");
    // Looks like command lines, CR LF, ETX, a backspace: all data.
    let data = b"AT\r\nAT+CFSTERM\r\x03\x08\x00\x10\xff";
    assert_eq!(data.len(), 20);
    w.raw_expect(&data[..7], b"");
    w.raw_expect(&data[7..19], b"");
    w.raw_expect(&data[19..], OK);
    assert_eq!(
        w.sim.module.file_system().read(FsDir::Custapp, "raw.bin"),
        Some(&data[..])
    );
    // The buffer is still allocated: AT+CFSTERM inside the data was not executed.
    w.expect("AT+CFSTERM", OK);
}

#[test]
fn cfswfile_data_arriving_within_inputtime_is_taken() {
    let (mut w, cert) = cert_prompted();
    w.raw_expect(&cert[..1000], b"");
    w.wait_expect(ms(900), b"");
    w.raw_expect(&cert[1000..], OK);
    assert!(w.module_has(FsDir::Customer, CA));
}

#[test]
fn cfswfile_input_timeout_is_error_and_no_file() {
    let (mut w, cert) = cert_prompted();
    w.raw_expect(&cert[..100], b"");
    w.wait_expect(ms(990), b"");
    w.wait_expect(ms(20), ERROR);
    assert!(!w.module_has(FsDir::Customer, CA));
    // Back in command mode.
    w.expect("AT", OK);
}

#[test]
fn cfswfile_input_timeout_is_767_with_cmee_1() {
    let mut w = cmee_1();
    cert_prompt(&mut w);
    w.wait_expect(secs(2), cme(767));
    assert!(!w.module_has(FsDir::Customer, CA));
    w.set_cmee(2);
    w.expect(CFSWFILE, "\r\nDOWNLOAD\r\n");
    w.wait_expect(secs(2), cme("Operation failed"));
}

#[test]
fn cfswfile_before_cfsinit_is_error_without_download() {
    let mut w = World::quiet();
    refused(&mut w, CFSWFILE, 3);
    // Not in a data phase: the next line is a command.
    w.expect("AT", OK);
    // After AT+CFSTERM, too.
    w.expect("AT+CFSINIT", OK);
    w.expect("AT+CFSTERM", OK);
    w.expect(CFSWFILE, cme(3));
}

#[test]
fn second_cfsinit_is_error_until_cfsterm() {
    let mut w = cfsinit();
    refused(&mut w, "AT+CFSINIT", 3);
    w.expect("AT+CFSTERM", OK);
    w.expect("AT+CFSINIT", OK);
}

#[test]
fn cfsterm_without_cfsinit_is_error() {
    let mut w = World::quiet();
    refused(&mut w, "AT+CFSTERM", 3);
}

#[test]
fn cfs_and_csslcfg_test_forms() {
    let mut w = World::quiet();
    w.expect("AT+CFSINIT=?", OK);
    w.expect("AT+CFSTERM=?", OK);
    w.expect(
        "AT+CFSWFILE=?",
        answer(&["+CFSWFILE: (0-3),230,(0-1),(1-10240),(100-10000)"]),
    );
    w.expect(
        "AT+CSSLCFG=?",
        // V1.02 §11.2.1 p. 170: seven lines in this order; the numbers are the spec's ranges.
        answer(&[
            "+CSSLCFG: \"SSLVERSION\",(0-5),(0-5)",
            "+CSSLCFG: \"CIPHERSUITE\",(0-5),(0-7),(0x002F-0xCC15)",
            "+CSSLCFG: \"IGNORERTCTIME\",(0-5),(0-1)",
            "+CSSLCFG: \"PROTOCOL\",(0-5),(1-2)",
            "+CSSLCFG: \"SNI\",(0-5),253",
            "+CSSLCFG: \"CTXINDEX\",(0-5)",
            "+CSSLCFG: \"CONVERT\",(1-3),50,50,50",
        ]),
    );
    // Decision 51 (the sources print none): the first two fields of AT+CFSWFILE's.
    w.expect("AT+CFSDFILE=?", answer(&["+CFSDFILE: (0-3),230"]));
    w.expect("AT+CFSGFIS=?", answer(&["+CFSGFIS: (0-3),230"]));
}

#[test]
fn cfsgfis_prints_the_size_and_cfsdfile_deletes() {
    // Reference §3: `+CFSGFIS: <size>` then OK; AT+CFSDFILE deletes the file.
    let mut w = cfsinit();
    w.cfswfile("AT+CFSWFILE=2,\"log.txt\",0,10,1000", b"0123456789");
    w.cfswfile("AT+CFSWFILE=2,\"log.txt\",1,3,1000", b"abc");
    w.expect("AT+CFSGFIS=2,\"log.txt\"", answer(&["+CFSGFIS: 13"]));
    // The same name in another directory is another file.
    w.expect("AT+CFSGFIS=3,\"log.txt\"", ERROR);
    w.expect("AT+CFSDFILE=2,\"log.txt\"", OK);
    assert!(!w.module_has(FsDir::Datatx, "log.txt"));
    assert_eq!(w.sim.module.file_system().used(), 0);
    w.expect("AT+CFSGFIS=2,\"log.txt\"", ERROR);
    w.expect("AT+CFSTERM", OK);
}

#[test]
fn cfsdfile_and_cfsgfis_of_a_missing_file_are_767() {
    // Decision 51: a missing file is a failed action, with no `+CFSGFIS:` line.
    let mut w = cfsinit();
    w.each(
        &["AT+CFSDFILE=3,\"none.txt\"", "AT+CFSGFIS=3,\"none.txt\""],
        ERROR,
    );
    w.set_cmee(1);
    w.refusals(&[
        ("AT+CFSDFILE=3,\"none.txt\"", 767),
        ("AT+CFSGFIS=3,\"none.txt\"", 767),
    ]);
    w.set_cmee(2);
    w.expect("AT+CFSGFIS=0,\"none.txt\"", cme("Operation failed"));
}

#[test]
fn cfsdfile_and_cfsgfis_need_cfsinit() {
    // Decision 51, as AT+CFSWFILE: refused in the state (3) before AT+CFSINIT and after
    // AT+CFSTERM, even for a file that exists.
    let mut w = World::quiet();
    assert!(
        w.sim
            .module
            .file_system_mut()
            .write(FsDir::Customer, "a.txt", b"abc", false)
    );
    w.each(
        &["AT+CFSGFIS=3,\"a.txt\"", "AT+CFSDFILE=3,\"a.txt\""],
        ERROR,
    );
    w.set_cmee(1);
    w.refusals(&[
        ("AT+CFSGFIS=3,\"a.txt\"", 3),
        ("AT+CFSDFILE=3,\"a.txt\"", 3),
    ]);
    w.expect("AT+CFSINIT", OK);
    w.expect("AT+CFSGFIS=3,\"a.txt\"", answer(&["+CFSGFIS: 3"]));
    w.expect("AT+CFSTERM", OK);
    w.expect("AT+CFSDFILE=3,\"a.txt\"", cme(3));
    assert!(w.module_has(FsDir::Customer, "a.txt"));
}

#[test]
fn cfsdfile_and_cfsgfis_parameter_problems() {
    let mut w = cmee_1();
    w.expect("AT+CFSINIT", OK);
    w.expect("AT+CFSDFILE=4,\"a.txt\"", cme(793)); // index 0-3
    w.expect(&format!("AT+CFSGFIS=3,\"{}\"", "f".repeat(231)), cme(793));
    w.refusals(&[
        ("AT+CFSGFIS=3", 791),
        ("AT+CFSDFILE=3,\"a.txt\",1", 792),
        ("AT+CFSDFILE=3,\"\"", 796),
    ]);
    // Forms the commands do not have are syntax errors: plain ERROR.
    w.each(&["AT+CFSGFIS?", "AT+CFSDFILE"], ERROR);
    w.expect(&format!("AT+CFSGFIS=3,\"{}\"", "f".repeat(230)), cme(767));
}

#[test]
fn cfsdfile_keeps_a_converted_certificate() {
    // Decision 51: the SSL app note deletes the sources after CONVERT [S6].
    let mut w = World::quiet();
    let cert = pem(300);
    w.expect("AT+CFSINIT", OK);
    w.cfswfile("AT+CFSWFILE=3,\"ca.pem\",0,300,1000", &cert);
    w.expect("AT+CFSTERM", OK);
    w.expect("AT+CSSLCFG=\"CONVERT\",2,\"ca.pem\"", OK);
    w.expect("AT+CFSINIT", OK);
    w.expect("AT+CFSDFILE=3,\"ca.pem\"", OK);
    w.expect("AT+CFSTERM", OK);
    let fs = w.sim.module.file_system();
    assert!(!fs.exists(FsDir::Customer, "ca.pem"));
    assert!(fs.is_converted("ca.pem"));
    // Converting again needs the source.
    w.expect("AT+CSSLCFG=\"CONVERT\",2,\"ca.pem\"", ERROR);
}

#[test]
fn cfswfile_parameter_ranges() {
    let mut w = cfsinit();
    for line in [
        "AT+CFSWFILE=4,\"a.cer\",0,10,1000", // index 0-3
        "AT+CFSWFILE=3,\"a.cer\",2,10,1000", // mode 0-1
        "AT+CFSWFILE=3,\"a.cer\",0,0,1000",  // filesize 1-10240
        "AT+CFSWFILE=3,\"a.cer\",0,10241,1000",
        "AT+CFSWFILE=3,\"a.cer\",0,10,99", // inputtime 100-10000
        "AT+CFSWFILE=3,\"a.cer\",0,10,10001",
    ] {
        w.expect(line, ERROR);
    }
    w.expect(
        &format!("AT+CFSWFILE=3,\"{}\",0,10,1000", "f".repeat(231)),
        ERROR,
    );
    w.set_cmee(1);
    w.refusals(&[
        ("AT+CFSWFILE=3,\"a.cer\",0,10241,1000", 793),
        ("AT+CFSWFILE=3,\"a.cer\",0,10", 791),
    ]);
    // The limits themselves are accepted.
    w.cfswfile(
        &format!("AT+CFSWFILE=3,\"{}\",0,1,10000", "f".repeat(230)),
        b"x",
    );
}

#[test]
fn cfswfile_mode_0_overwrites_and_mode_1_appends() {
    let mut w = cfsinit();
    w.cfswfile("AT+CFSWFILE=3,\"a.txt\",0,5,1000", b"hello");
    w.cfswfile("AT+CFSWFILE=3,\"a.txt\",1,6,1000", b" world");
    assert_eq!(
        w.module_file(FsDir::Customer, "a.txt"),
        Some(&b"hello world"[..])
    );
    w.cfswfile("AT+CFSWFILE=3,\"a.txt\",0,3,1000", b"new");
    assert_eq!(w.module_file(FsDir::Customer, "a.txt"), Some(&b"new"[..]));
}

#[test]
fn cfswfile_mode_1_on_a_missing_file_is_error() {
    // commands.yaml: "Mode 1 on a missing file: ERROR". Whether DOWNLOAD comes first is not
    // said; the command must end with ERROR and leave no file.
    let mut w = cfsinit();
    let mut out = w.send("AT+CFSWFILE=3,\"none.txt\",1,3,1000");
    if out == b"\r\nDOWNLOAD\r\n" {
        out = w.raw(b"abc");
    }
    assert!(out.ends_with(b"\r\nERROR\r\n"), "{}", show(&out));
    assert!(!w.module_has(FsDir::Customer, "none.txt"));
}

#[test]
fn csslcfg_convert_of_a_missing_file_is_767() {
    let mut w = World::quiet();
    refused(
        &mut w,
        "AT+CSSLCFG=\"CONVERT\",2,\"ftpbin_root_ca.cer\"",
        767,
    );
    w.set_cmee(2);
    w.expect(
        "AT+CSSLCFG=\"convert\",2,\"ftpbin_root_ca.cer\"",
        cme("Operation failed"),
    );
    assert!(!w.sim.module.file_system().is_converted(CA));
}

#[test]
fn csslcfg_convert_of_a_file_without_pem_block_is_767() {
    let mut w = cmee_1();
    w.expect("AT+CFSINIT", OK);
    w.cfswfile("AT+CFSWFILE=3,\"junk.cer\",0,10,1000", b"0123456789");
    w.expect("AT+CFSTERM", OK);
    w.expect("AT+CSSLCFG=\"convert\",2,\"junk.cer\"", cme(767));
    assert!(!w.sim.module.file_system().is_converted("junk.cer"));
}

#[test]
fn csslcfg_looks_only_in_customer() {
    // The source file is looked up in /customer/ (index 3).
    let mut w = cmee_1();
    let cert = pem(200);
    w.expect("AT+CFSINIT", OK);
    w.cfswfile("AT+CFSWFILE=0,\"elsewhere.cer\",0,200,1000", &cert);
    w.expect("AT+CFSTERM", OK);
    w.expect("AT+CSSLCFG=\"CONVERT\",2,\"elsewhere.cer\"", cme(767));
}

#[test]
fn csslcfg_parameter_problems() {
    let mut w = cmee_1();
    w.expect("AT+CSSLCFG=\"CONVERT\",4,\"ftpbin_root_ca.cer\"", cme(793));
    w.expect(
        &format!("AT+CSSLCFG=\"CONVERT\",2,\"{}\"", "c".repeat(51)),
        cme(793),
    );
    w.expect("AT+CSSLCFG=\"CONVERT\",2", cme(791));
}

#[test]
fn urcs_wait_until_the_cfswfile_data_phase_ends() {
    // §2 / framing.urcs: a URC is never printed inside a data phase; it waits for the final
    // result code. A download announcing `+FTPGET: 1,1` every 300 ms runs meanwhile.
    let p = Profile {
        data_ready_repeat: ms(300),
        ..Profile::default()
    };
    let file = digits(50);
    let mut w = World::new(p, &[("/simftp.txt", &file)]);
    for l in [
        "AT+FTPSERV=\"112.74.93.163\"",
        "AT+FTPUN=\"simcomtest\"",
        "AT+FTPPW=\"simcomtest\"",
        "AT+FTPGETNAME=\"simftp.txt\"",
        "AT+FTPGETPATH=\"/\"",
    ] {
        w.expect(l, OK);
    }
    let _ = w.send_wait("AT+FTPGET=1", secs(1));
    w.expect("AT+CFSINIT", OK);
    w.expect("AT+CFSWFILE=3,\"a.txt\",0,10,5000", "\r\nDOWNLOAD\r\n");
    w.raw_expect(b"01234", b"");
    assert_eq!(show(&w.wait(secs(1))), "", "nothing inside the data phase");
    let out = String::from_utf8(w.raw(b"56789")).unwrap();
    let rest = out.strip_prefix(OK).unwrap_or_else(|| panic!("{out:?}"));
    assert!(!rest.is_empty(), "the held announcement follows the OK");
    assert_eq!(rest.replace("\r\n+FTPGET: 1,1\r\n", ""), "", "{out:?}");
}

#[test]

fn cfswfile_line_ended_with_crlf_takes_exactly_filesize_bytes_after_download() {
    // §2: the LF of a CR LF line end is ignored, so it is not the first data byte.
    let mut w = cfsinit();
    w.raw_expect(b"AT+CFSWFILE=3,\"a.txt\",0,5,1000\r\n", b"\r\nDOWNLOAD\r\n");
    w.raw_expect(b"hello", OK);
    assert_eq!(
        w.sim.module.file_system().read(FsDir::Customer, "a.txt"),
        Some(&b"hello"[..])
    );
}

/// The manual prints no power-up value for an AT+CSSLCFG context and the contexts are NO_SAVE
/// (V1.02 §11.2.1 p. 174): a transcript cannot say what a fresh context holds on every
/// module, so the profile's choice (spec/commands.yaml `defaults.ssl_context`) and the loss
/// at a restart are tested here.
#[test]
fn csslcfg_contexts_start_from_the_profile_and_are_lost_at_restart() {
    let mut w = World::quiet();
    w.expect(
        "AT+CSSLCFG=\"CTXINDEX\",0",
        answer(&["+CSSLCFG: 0,0,0x0000,0,1,\"\""]),
    );
    w.expect("AT+CSSLCFG=\"SSLVERSION\",2,3", OK);
    w.expect("AT+CSSLCFG=\"SNI\",2,\"host\"", OK);
    w.expect(
        "AT+CSSLCFG=\"CTXINDEX\",2",
        answer(&["+CSSLCFG: 2,3,0x0000,0,1,\"host\""]),
    );
    w.expect("AT+CFUN=1,1", format!("{POWER_UP}{OK}"));
    w.expect_echoed(
        "AT+CSSLCFG=\"CTXINDEX\",2",
        answer(&["+CSSLCFG: 2,0,0x0000,0,1,\"\""]),
    );

    let p = Profile {
        defaults: Defaults {
            ssl_context: SslContext {
                sslversion: 3,
                ciphersuites: [0xC02F, 0, 0, 0, 0, 0, 0, 0],
                ignorertctime: 1,
                protocol: 1,
                sni: "s".into(),
            },
            ..Defaults::default()
        },
        ..Profile::default()
    };
    let mut w = World::quiet_with(p);
    w.expect(
        "AT+CSSLCFG=\"CTXINDEX\",5",
        answer(&["+CSSLCFG: 5,3,0xC02F,1,1,\"s\""]),
    );
}

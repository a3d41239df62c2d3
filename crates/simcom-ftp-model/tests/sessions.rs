//! The FTP session commands as exact byte exchanges: the model against its in-memory server.
//!
//! Every expected byte string is derived from the specification (`spec/README.md` §2, §5–§8,
//! §10 and the generated command reference, `spec/commands.yaml`, `spec/error-codes.yaml`,
//! `spec/errata.md`) and from the application note's examples (section 5.1.x, cited per test),
//! not from the model's output. Echo is off (the `World` sends ATE0), so a response is
//! `\r\n<line>\r\n`, data follows the header's CR LF at once and is followed by `\r\nOK\r\n`.
//!
//! Server facts used (documented in `src/server.rs`): the default pacing delivers a file as
//! 50 bytes at once, then 1024-byte pieces every 100 ms, and a listing whole (spec decision 46);
//! replies have no latency unless set;
//! the default account is `simcomtest`/`simcomtest`; files added by the setup are dated
//! 2026-01-01 00:00:00, files the server writes `epoch + now`.

mod common;
use common::*;

use simcom_ftp_model::net::FtpStep;
use simcom_ftp_model::server::ServerConfig;
use simcom_ftp_model::{EtputOrder, FsDir, Profile};

const ETX: u8 = 0x03;
const DLE: u8 = 0x10;

/// The note's 5.1.7 file: 29 bytes.
const NOTE_29: &[u8] = b"wodeceshijieguo,zhgeshigeshia";

// --- Helpers -------------------------------------------------------------------------------

/// The host side of ETX/DLE framing (spec §7): 03 → 10 03, 10 → 10 10.
fn escape(data: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for &b in data {
        if b == ETX || b == DLE {
            v.push(DLE);
        }
        v.push(b);
    }
    v
}

/// One `ls -l` line in the server's documented vsftpd format, dated Jan 01 00:00.
fn ls_line(dir: bool, size: usize, name: &str) -> String {
    let (perms, links) = if dir {
        ("drwxr-xr-x", 2)
    } else {
        ("-rw-r--r--", 1)
    };
    format!(
        "{perms} {links:>4} {:<8} {:<8} {size:>8} Jan 01 00:00 {name}\r\n",
        "ftp", "ftp"
    )
}

/// A download announced at 0 s and never read: the announcement `+<cmd>: 1,1` again at 20 and
/// 40 s (data_ready_repeat), then `+<cmd>: 1,64` at 60 s (read_idle_timeout), the timeout
/// winning over the repeat due with it (spec §8, app note 5.1.3).
#[track_caller]
fn unread_until_64(w: &mut World, cmd: &str) {
    let announcement = line(&format!("+{cmd}: 1,1"));
    w.next_at(20_000, &announcement);
    w.next_at(40_000, &announcement);
    w.next_at(60_000, &line(&format!("+{cmd}: 1,64")));
}

/// Sends the certificate of 5.2.1 into /customer/ and converts it as a CA list.
#[track_caller]
fn provision_ca(w: &mut World, name: &str, pem: &[u8], convert: bool) {
    w.expect("AT+CFSINIT", OK);
    w.cfswfile(
        &format!("AT+CFSWFILE=3,\"{name}\",0,{},1000", pem.len()),
        pem,
    );
    w.expect("AT+CFSTERM", OK);
    if convert {
        w.expect(&format!("AT+CSSLCFG=\"convert\",2,\"{name}\""), OK);
    }
}

const PEM_A: &[u8] =
    b"-----BEGIN CERTIFICATE-----\nMIIBftpbinrootcaAAAA\n-----END CERTIFICATE-----\n";
const PEM_B: &[u8] =
    b"-----BEGIN CERTIFICATE-----\nMIIBsomeotherrootBBBB\n-----END CERTIFICATE-----\n";

// --- FTPGET ---------------------------------------------------------------------------------

/// Spec §5: OK, `+FTPGET: 1,1`, reads of at most <reqlength>, `+FTPGET: 1,0` right after the
/// OK of the read that took the last byte.
#[test]
fn get_reads_in_chunks_and_ends_after_last_byte() {
    let mut w = World::note(&[("/simftp.txt", NOTE_29)]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w.read("FTPGET", 10, b"wodeceshij");
    w.read("FTPGET", 10, b"ieguo,zhge");
    w.read_to_end("FTPGET", 10, b"shigeshia");
    w.expect_state(0);
    assert_eq!(w.sim.server.open_connections(), 0);
}

/// Length-counted data carries any byte values (spec §6): CR, LF, NUL, 0x03, "OK" lines.
#[test]
fn get_data_is_raw_binary() {
    let file = b"\r\nOK\r\n\x00\x03\x10\xff+FTPGET: 1,0\r\n";
    let mut w = World::note(&[("/simftp.txt", file)]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w.read_to_end("FTPGET", 1460, file);
}

/// Profile `ftprest_reset`: the offset returns to 0 once a download started with it.
#[test]
fn get_rest_reset_profile() {
    let p = Profile {
        ftprest_reset: true,
        ..Profile::default()
    };
    let mut w = World::note_with(p, &[("/simftp.txt", NOTE_29)]);
    w.set_then_get("AT+FTPREST=20", 1);
    w.read_to_end("FTPGET", 1024, b"shigeshia");
    w.expect_answer("AT+FTPREST?", &["+FTPREST: 0"]);
}

/// error-codes.yaml 74: REST refused (the server answers 554 for an offset past the end).
#[test]
fn get_rest_past_end_is_74() {
    let mut w = World::note(&[("/simftp.txt", NOTE_29)]);
    w.set_then_get("AT+FTPREST=30", 74);
}

/// App note 5.1.3 and spec §8: an unread download announces at 0, 20 and 40 s and ends with
/// `+FTPGET: 1,64` at 60 s, where the timeout wins over the repeat falling due with it.
///
/// Kept beside conformance/app-note/5.1.3-timeout-unread.yaml because: it pins the instants
/// (20 s, 40 s, 60 s) the transcript only waits for.
#[test]
fn get_unread_repeats_every_20s_then_64_at_60s_5_1_3() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    unread_until_64(&mut w, "FTPGET");
    w.expect_state(0);
    w.expect("AT+FTPGET=2,10", ERROR);
}

/// The 5.1.3 picture with a slow server (10 s per reply). Decision 33: read_idle_timeout
/// runs while data waits to be read, from the announcement (30 s): repeats at 50 and 70 s,
/// `+FTPGET: 1,64` at 90 s (the timeout wins over the repeat due then).
#[test]
fn get_idle_timeout_counts_from_the_announcement() {
    let mut w = World::note_latency(&[("/simftp.txt", &digits(10))], secs(10));
    w.expect("AT+FTPGET=1", OK);
    w.next_at(10_000, "");
    w.next_at(20_000, "");
    w.next_at(30_000, &line("+FTPGET: 1,1"));
    w.next_at(40_000, "");
    w.next_at(50_000, &line("+FTPGET: 1,1"));
    w.next_at(70_000, &line("+FTPGET: 1,1"));
    w.next_at(90_000, &line("+FTPGET: 1,64"));
}

/// Decision 32: an empty file ends with `+FTPGET: 1,0` without a `1,1` first; so does a
/// REST offset equal to the file's length (the server's empty transfer).
#[test]
fn get_empty_file_ends_without_announcement() {
    let mut w = World::note(&[("/simftp.txt", b"")]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,0"));
    w.expect("AT+FTPGET=2,10", ERROR);
    w.sim
        .server
        .add_file("/simftp.txt", NOTE_29.to_vec())
        .unwrap();
    w.set_then_get("AT+FTPREST=29", 0);
}

/// data_ready_repeat counts from the later of the last announcement and the last read;
/// read_idle_timeout from the last read.
#[test]
fn get_repeat_and_idle_count_from_last_read() {
    let mut w = World::note(&[("/simftp.txt", &digits(100))]);
    w.sim.server.pacing_mut().pieces = vec![];
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w.wait_expect(secs(15), b"");
    w.read("FTPGET", 10, &digits(10));
    w.next_at(35_000, &line("+FTPGET: 1,1"));
    w.next_at(55_000, &line("+FTPGET: 1,1"));
    w.next_at(75_000, &line("+FTPGET: 1,64"));
}

/// App note 5.1.3, first example: the network does not answer → `+FTPGET: 1,64` after the
/// profile's server_timeout (75 s); the late answer is then ignored.
///
/// Kept beside conformance/app-note/5.1.3-timeout-network.yaml because: it pins the 64 at
/// exactly 75 s and that the late answer prints nothing for 100 s more.
#[test]
fn get_server_silence_is_64_after_75s_5_1_3() {
    let mut w = World::note_latency(&[("/simftp.txt", &digits(10))], secs(80));
    w.expect("AT+FTPGET=1", OK);
    w.next_at(75_000, &line("+FTPGET: 1,64"));
    w.wait_expect(secs(100), b"");
}

/// Reads with no GET session at all are ERROR (§5; 5.1.6).
#[test]
fn get_read_without_session_is_error() {
    let mut w = World::note(&[]);
    w.each(&["AT+FTPGET=2,1000", "AT+FTPLIST=2,1000"], ERROR);
}

/// reqlength is 1–1460: 0 and 1461 are out of range (ERROR) and leave the session alone; 1460
/// is read in full.
#[test]
fn get_reqlength_range() {
    let file = digits(2000);
    let mut w = World::note(&[("/simftp.txt", &file)]);
    w.sim.server.pacing_mut().pieces = vec![];
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w.each(&["AT+FTPGET=2,0", "AT+FTPGET=2,1461"], ERROR);
    w.read("FTPGET", 1460, &file[..1460]);
    w.read_to_end("FTPGET", 1460, &file[1460..]);
}

/// The CME codes of error-codes.yaml with AT+CMEE=1/2; unsupported forms stay plain ERROR.
#[test]
fn get_refusals_with_cmee() {
    let mut w = World::note(&[]);
    w.set_cmee(1);
    for (refused, code) in [
        ("AT+FTPGET=2,1461", 793),
        ("AT+FTPGET=2", 791),
        ("AT+FTPGET=2,", 796),
        ("AT+FTPGET=1,1024", 792),
        ("AT+FTPGET=2,1000", 3),
        ("AT+FTPQUIT", 3),
    ] {
        w.expect(refused, cme(code));
    }
    for unsupported in ["AT+FTPQUIT=1", "AT+FTPDELE=1", "AT+FTPSTATE?"] {
        w.expect(unsupported, ERROR);
    }
    w.set_cmee(2);
    w.expect("AT+FTPQUIT", cme("Operation not allowed"));
}

/// App note 5.1.4: a wrong password ends the session with 72.
///
/// Kept beside conformance/app-note/5.1.4-error.yaml because: it also asserts AT+FTPSTATE
/// reads 0 once the 72 ended the session, which no transcript asks.
#[test]
fn get_wrong_password_is_72_5_1_4() {
    let mut w = get_after("AT+FTPPW=\"3214567\"", 72);
    w.expect_state(0);
}

/// error-codes.yaml 71: the server rejects the user name.
#[test]
fn get_unknown_user_is_71() {
    get_after("AT+FTPUN=\"nobody\"", 71);
}

/// DECISIONS 19: an empty FTPSERV or FTPUN also gives 66.
#[test]
fn get_empty_server_or_user_is_66() {
    let mut w = World::new(Profile::default(), &[("/simftp.txt", b"x")]);
    w.set(&[
        "AT+FTPGETNAME=\"simftp.txt\"",
        "AT+FTPUN=\"simcomtest\"",
        "AT+FTPPW=\"simcomtest\"",
    ]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,66"));
    w.set(&["AT+FTPSERV=\"112.74.93.163\"", "AT+FTPUN=\"\""]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,66"));
    w.set_then_get("AT+FTPUN=\"simcomtest\"", 1);
}

/// error-codes.yaml 79: RETR refused (no such file); 77: CWD refused (no such directory).
#[test]
fn get_missing_file_is_79_missing_dir_is_77() {
    let mut w = get_after("AT+FTPGETNAME=\"nosuch.txt\"", 79);
    w.set(&["AT+FTPGETNAME=\"simftp.txt\"", "AT+FTPGETPATH=\"/nodir\""]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,77"));
}

/// error-codes.yaml 62: a host name DNS does not know (`.invalid`, RFC 2606).
#[test]
fn get_unresolvable_host_is_62() {
    get_after("AT+FTPSERV=\"ftp.example.invalid\"", 62);
}

/// error-codes.yaml 63: control or data connection refused.
#[test]
fn get_refused_connections_are_63() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.sim.server.faults_mut().refuse_connections = true;
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,63"));
    w.sim.server.faults_mut().refuse_connections = false;
    w.sim.server.faults_mut().refuse_data_connections = true;
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,63"));
    w.sim.server.faults_mut().refuse_data_connections = false;
    w.sim
        .server
        .faults_mut()
        .unreachable_hosts
        .insert("112.74.93.163".into());
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,63"));
}

/// error-codes.yaml: 65 for a 421 greeting, 70 for another unexpected greeting, 73 TYPE,
/// 75 PASV (FTPMODE=1, the default), 76 PORT (FTPMODE=0).
#[test]
fn get_login_and_mode_step_failures() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.sim.server.faults_mut().greeting_code = Some(421);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,65"));
    w.sim.server.faults_mut().greeting_code = Some(500);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,70"));
    w.sim.server.faults_mut().greeting_code = None;
    get_refused_at(&mut w, FtpStep::Type, 504, 73);
    w.sim.server.faults_mut().fail_steps.clear();
    get_refused_at(&mut w, FtpStep::Pasv, 425, 75);
    w.expect("AT+FTPMODE=0", OK);
    // PASV is no longer used: the download works ...
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w.expect("AT+FTPQUIT", ok_then("+FTPGET: 1,80"));
    // ... and a refused PORT is 76.
    get_refused_at(&mut w, FtpStep::Port, 500, 76);
}

/// The partial file `name` is gone and the module's file system holds nothing.
#[track_caller]
fn no_file_left(w: &World, dir: FsDir, name: &str) {
    assert!(!w.module_has(dir, name));
    assert_eq!(w.sim.module.file_system().used(), 0);
}

/// The note's world (a 10-byte `/simftp.txt`) with `setting` written: AT+FTPGET=1 is answered
/// OK and the session ends at once with `+FTPGET: 1,<error>`.
#[track_caller]
fn get_after(setting: &str, error: u8) -> World {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.set_then_get(setting, error);
    w
}

/// The note's world with a 100-byte file whose server goes silent after 50 bytes (faults
/// `stall_after`); AT+FTPGET=1 is answered OK and announced at once.
#[track_caller]
fn stalled_after_50() -> World {
    let mut w = World::note(&[("/simftp.txt", &digits(100))]);
    w.sim.server.faults_mut().stall_after = Some(50);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w
}

/// The server refuses `step` with reply `code`: AT+FTPGET=1 is answered OK and the session
/// ends with `+FTPGET: 1,<error>` (error-codes.yaml).
#[track_caller]
fn get_refused_at(w: &mut World, step: FtpStep, code: u16, error: u8) {
    w.sim.server.faults_mut().fail_step(step, code);
    w.expect("AT+FTPGET=1", ok_then(&format!("+FTPGET: 1,{error}")));
}

/// Faults `drop_after`: the data connection breaks after 20 bytes → 79 (download error); the
/// 20 bytes were announced, and a read after the end is ERROR.
#[test]
fn get_broken_data_connection_is_79() {
    let mut w = World::note(&[("/simftp.txt", &digits(100))]);
    w.sim.server.faults_mut().drop_after = Some(20);
    w.expect(
        "AT+FTPGET=1",
        format!("{OK}{}{}", line("+FTPGET: 1,1"), line("+FTPGET: 1,79")),
    );
    w.expect("AT+FTPGET=2,100", ERROR);
}

/// Faults `stall_after` before any data. Decision 33: the host is not idle while it has
/// nothing to read (a read before `+FTPGET: 1,1` is ERROR, 5.1.6), so server_timeout (75 s)
/// ends the session.
#[test]
fn get_server_stalls_before_data_is_64_after_75s() {
    let mut w = World::note(&[("/simftp.txt", &digits(100))]);
    w.sim.server.faults_mut().stall_after = Some(0);
    w.expect("AT+FTPGET=1", OK);
    w.expect("AT+FTPGET=2,100", ERROR);
    w.next_at(75_000, &line("+FTPGET: 1,64"));
}

/// Faults `stall_after` once the host has read everything: decision 33, with nothing left
/// to read the host is not idle; the network read outstanding since 0 s times out at
/// server_timeout (75 s).
#[test]
fn get_server_stalls_after_host_read_everything_is_64_at_server_timeout() {
    let mut w = stalled_after_50();
    w.wait_expect(secs(10), b"");
    w.read("FTPGET", 100, &digits(50));
    w.next_at(75_000, &line("+FTPGET: 1,64"));
}

/// Faults `stall_after` with data left unread: the host does not read → read_idle_timeout
/// (60 s) comes before server_timeout (75 s); repeats at 20 and 40 s (5.1.3 picture).
#[test]
fn get_server_stalls_with_unread_data_is_64_after_60s() {
    let mut w = stalled_after_50();
    unread_until_64(&mut w, "FTPGET");
}

/// Faults `stall_after` while the host keeps reading (`+FTPGET: 2,0`): the host is never
/// idle for 60 s, the server is silent since 0 s → 64 at server_timeout, 75 s.
#[test]
fn get_server_stalls_while_host_polls_is_64_after_75s() {
    let mut w = stalled_after_50();
    w.read("FTPGET", 100, &digits(50));
    w.wait_expect(secs(30), b"");
    w.read("FTPGET", 100, b"");
    w.wait_expect(secs(29), b"");
    w.read("FTPGET", 100, b"");
    w.next_at(75_000, &line("+FTPGET: 1,64"));
}

/// Spec §4: configuration commands are accepted during a session and take effect at the
/// next one.
#[test]
fn settings_changed_during_a_session_apply_to_the_next() {
    let mut w = World::note(&[("/simftp.txt", &digits(10)), ("/other.txt", b"other")]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w.set(&["AT+FTPGETNAME=\"other.txt\"", "AT+FTPREST=2"]);
    w.read_to_end("FTPGET", 100, &digits(10));
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w.read_to_end("FTPGET", 100, b"her");
}

/// App note 5.1.5 / E19: a second session command gets OK and its own 66; the running
/// session is not affected.
#[test]
fn second_session_commands_get_66_and_first_continues() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    for (second, its_66) in [
        ("AT+FTPGET=1", "+FTPGET: 1,66"),
        ("AT+FTPDELE", "+FTPDELE: 1,66"),
        ("AT+FTPSIZE", "+FTPSIZE: 1,66,0"),
        ("AT+FTPMDTM", "+FTPMDTM: 1,66"),
        ("AT+FTPLIST=1", "+FTPLIST: 1,66"),
        ("AT+FTPPUT=1", "+FTPPUT: 1,66"),
        ("AT+FTPETGET=1", "+FTPETGET: 1,66"),
        ("AT+FTPEXTGET=2,3,\"x.txt\"", "+FTPEXTGETFILE: 1,66"),
    ] {
        w.expect(second, ok_then(its_66));
    }
    w.expect_state(1);
    w.read_to_end("FTPGET", 100, &digits(10));
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&digits(10)[..]));
    assert!(!w.module_has(FsDir::Customer, "x.txt"));
}

/// App note 5.1.5: `AT+FTPPUT=1` twice; the second gets `+FTPPUT: 1,66`, the first one's
/// invitation arrives later and its upload completes.
///
/// Kept beside conformance/app-note/5.1.5-operation-error.yaml because: it checks the
/// server's stored file after the first upload completes (the transcript ignores the
/// invitations and stops at the 66).
#[test]
fn second_put_gets_66_first_upload_completes_5_1_5() {
    let mut w = World::note_latency(&[], secs(1));
    w.expect("AT+FTPPUT=1", OK);
    w.expect("AT+FTPPUT=1", ok_then("+FTPPUT: 1,66"));
    w.wait_expect(secs(5), line("+FTPPUT: 1,1,1360"));
    w.expect("AT+FTPPUT=2,3", line("+FTPPUT: 2,3"));
    w.raw_expect(b"abc", OK);
    w.wait_expect(secs(5), line("+FTPPUT: 1,1,1360"));
    w.expect("AT+FTPPUT=2,0", OK);
    w.wait_expect(secs(5), line("+FTPPUT: 1,0"));
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"abc"[..]));
}

/// DECISIONS 19: the FTPCID context deactivated by AT+CNACT=0,0 → 61.
#[test]
fn context_deactivated_is_61() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.expect("AT+CNACT=0,0", ok_then("+APP PDP: 0,DEACTIVE"));
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,61"));
    w.expect("AT+FTPDELE", ok_then("+FTPDELE: 1,61"));
}

/// A module that never activated a context → 61; after AT+CNACT=0,1 (app note 4.1) it works.
#[test]
fn fresh_module_without_context_is_61_until_cnact() {
    let server = server_with(ServerConfig::default(), &[("/simftp.txt", &digits(10))]);
    let mut w = World::build(Profile::default(), server, false);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,61"));
    w.expect("AT+CNACT=0,1", ok_then("+APP PDP: 0,ACTIVE"));
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
}

/// FTPCID names a context that is not active → 61.
#[test]
fn ftpcid_of_inactive_context_is_61() {
    let mut w = get_after("AT+FTPCID=1", 61);
    w.set_then_get("AT+FTPCID=0", 1);
}

/// error-codes.yaml 61: the network drops during a session.
#[test]
fn context_lost_during_session_is_61() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w.expect(
        "AT+CNACT=0,0",
        format!(
            "{OK}{}{}",
            line("+APP PDP: 0,DEACTIVE"),
            line("+FTPGET: 1,61")
        ),
    );
    w.expect("AT+FTPGET=2,10", ERROR);
}

/// Spec §2: a URC is never printed inside a data phase; the repeat of `+FTPGET: 1,1` due at
/// 20 s during an AT+CFSWFILE download waits for its OK.
#[test]
fn urc_waits_for_the_end_of_a_host_data_phase() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w.wait_expect(secs(15), b"");
    w.expect("AT+CFSINIT", OK);
    w.expect("AT+CFSWFILE=0,\"x.bin\",0,10,10000", line("DOWNLOAD"));
    w.wait_expect(secs(6), b"");
    w.raw_expect(b"0123456789", ok_then("+FTPGET: 1,1"));
}

/// ATV0 (spec §2): final result `0\r`, URCs and information lines `<text>\r\n`.
#[test]
fn numeric_mode_frames_session_lines() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.exchanges(&[
        ("ATV0", "0\r"),
        ("AT+FTPSIZE", "0\r+FTPSIZE: 1,0,10\r\n"),
        ("AT+FTPSTATE", "+FTPSTATE: 0\r\n0\r"),
        ("AT+FTPQUIT", "4\r"),
    ]);
}

// --- FTPLIST --------------------------------------------------------------------------------

/// 5.1.11 second half (E26/E27): FTPGETPATH naming a file lists that file's entry; a read
/// that empties the buffer is followed by a new `+FTPLIST: 1,1` when more data arrives.
///
/// Kept beside conformance/app-note/5.1.11-list.yaml because: the re-announcement of a
/// listing in pieces comes at exactly the next piece's instant (+100 ms).
#[test]
fn list_file_entry_and_reannouncement_5_1_11() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.expect("AT+FTPGETPATH=\"/simftp.txt\"", OK);
    // Decision 47: the entry names the file as given, as the note shows (`/simftp.txt`).
    let entry = ls_line(false, 10, "/simftp.txt");
    assert!(entry.len() > 50);
    // Decision 46: the listing arrives whole; one read takes it, as in 5.1.11.
    w.expect("AT+FTPLIST=1", ok_then("+FTPLIST: 1,1"));
    w.read_to_end("FTPLIST", 1024, entry.as_bytes());
    // A listing that arrives in pieces is announced again when the next piece comes, as a
    // file is (5.1.1).
    w.sim.server.pacing_mut().list_pieces = vec![50, 1024];
    w.expect("AT+FTPLIST=1", ok_then("+FTPLIST: 1,1"));
    w.read("FTPLIST", 1024, &entry.as_bytes()[..50]);
    // DECISIONS 7: nothing buffered now, `+FTPLIST: 2,0` and OK.
    w.read("FTPLIST", 1024, b"");
    let t = w.sim.now().as_millis();
    w.next_at(t + 100, &line("+FTPLIST: 1,1"));
    w.read_to_end("FTPLIST", 1024, &entry.as_bytes()[50..]);
}

/// An empty FTPGETPATH means the login directory (§4), also for LIST.
#[test]
fn list_empty_path_is_login_directory() {
    let mut w = World::note(&[("/a.txt", b"abc")]);
    w.expect("AT+FTPGETPATH=\"\"", OK);
    // LIST uses no file name: an empty FTPGETNAME does not matter (§4).
    w.expect("AT+FTPGETNAME=\"\"", OK);
    let listing = ls_line(false, 3, "a.txt");
    w.expect("AT+FTPLIST=1", ok_then("+FTPLIST: 1,1"));
    w.wait_expect(secs(1), b"");
    w.read_to_end("FTPLIST", 1460, listing.as_bytes());
}

/// error-codes.yaml 79: LIST refused (missing path).
#[test]
fn list_missing_path_is_79() {
    let mut w = World::note(&[]);
    w.expect("AT+FTPGETPATH=\"/nothere\"", OK);
    w.expect("AT+FTPLIST=1", ok_then("+FTPLIST: 1,79"));
}

/// FTPLIST follows FTPGET's rules: repeat at 20 s, reqlength range, reads of the other kind
/// refused, FTPQUIT gives `+FTPLIST: 1,80`.
#[test]
fn list_repeat_range_and_quit() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.expect("AT+FTPLIST=1", ok_then("+FTPLIST: 1,1"));
    w.next_at(20_000, &line("+FTPLIST: 1,1"));
    w.each(
        &["AT+FTPLIST=2,0", "AT+FTPLIST=2,1461", "AT+FTPGET=2,100"],
        ERROR,
    );
    w.expect("AT+FTPQUIT", ok_then("+FTPLIST: 1,80"));
    w.expect("AT+FTPLIST=2,100", ERROR);
}

/// read_idle_timeout applies to FTPLIST too (`+FTPLIST: 1,64`).
#[test]
fn list_unread_times_out_at_60s() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.expect("AT+FTPLIST=1", ok_then("+FTPLIST: 1,1"));
    unread_until_64(&mut w, "FTPLIST");
}

// --- FTPPUT ---------------------------------------------------------------------------------

/// App note 5.1.2 (E16, E17): invitation, a 100-byte chunk, OK, invitation again, `=2,0`,
/// OK, `+FTPPUT: 1,0`; the server holds exactly the bytes.
///
/// Kept beside conformance/app-note/5.1.2-put.yaml because: it checks the server's stored
/// file and AT+FTPSTATE 0 afterwards.
#[test]
fn put_5_1_2() {
    let mut w = World::note(&[]);
    w.open_put();
    w.put_chunk(&digits(100));
    w.put_end();
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&digits(100)[..]));
    w.expect_state(0);
}

/// Several chunks of binary data (CR LF, NUL, ETX, even a command line) arrive as sent,
/// concatenated; the data is not read as commands.
#[test]
fn put_binary_chunks_concatenate() {
    let first = b"AT+FTPQUIT\r\n\x00\x03\x10\xff";
    let second = digits(50);
    let mut w = World::note(&[]);
    w.open_put();
    w.put_chunk(first);
    w.expect("AT+FTPPUT=2,50", line("+FTPPUT: 2,50"));
    // The chunk in two pieces: nothing until the last byte.
    w.raw_expect(&second[..20], b"");
    w.raw_expect(&second[20..], ok_then("+FTPPUT: 1,1,1360"));
    w.put_end();
    assert_eq!(
        w.sim.server.file("/simftp.txt"),
        Some(&cat(&[first, &second])[..])
    );
}

/// Spec §2 (echo): with ATE1 the command line is echoed, the data phase is not.
#[test]
fn put_data_is_not_echoed() {
    let mut w = World::note(&[]);
    w.expect("ATE1", OK);
    w.expect_echoed("AT+FTPPUT=1", ok_then("+FTPPUT: 1,1,1360"));
    w.expect_echoed("AT+FTPPUT=2,5", line("+FTPPUT: 2,5"));
    w.raw_expect(b"hello", ok_then("+FTPPUT: 1,1,1360"));
    w.expect_echoed("AT+FTPPUT=2,0", ok_then("+FTPPUT: 1,0"));
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"hello"[..]));
}

/// App note 5.1.6 (E20, E22): writes before the invitation, after `=2,0` (before and after
/// `+FTPPUT: 1,0`) and with no upload are ERROR; a read inside an upload is ERROR.
///
/// Kept beside conformance/app-note/5.1.6-read-write-error.yaml because: it adds the writes
/// before the invitation and after `+FTPPUT: 1,0`, and checks the server's stored file.
#[test]
fn put_write_errors_5_1_6() {
    let mut w = World::note_latency(&[], secs(1));
    w.expect("AT+FTPPUT=1", OK);
    w.each(&["AT+FTPGET=2,1000", "AT+FTPPUT=2,100"], ERROR);
    w.wait_expect(secs(5), line("+FTPPUT: 1,1,1360"));
    w.expect("AT+FTPPUT=2,100", line("+FTPPUT: 2,100"));
    w.raw_expect(&digits(100), OK);
    // The chunk's OK is printed; the next write needs the next invitation.
    w.expect("AT+FTPPUT=2,100", ERROR);
    w.wait_expect(secs(5), line("+FTPPUT: 1,1,1360"));
    w.expect("AT+FTPPUT=2,0", OK);
    w.expect("AT+FTPPUT=2,100", ERROR);
    w.wait_expect(secs(5), line("+FTPPUT: 1,0"));
    w.expect("AT+FTPPUT=2,100", ERROR);
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&digits(100)[..]));
}

/// Spec §6 / E54: `<cnflength>` = min(reqlength, 1360); 1461 is out of range.
#[test]
fn put_reqlength_capped_at_maxlength() {
    let mut w = World::note(&[]);
    w.open_put();
    w.expect("AT+FTPPUT=2,1461", ERROR);
    w.expect("AT+FTPPUT=2,1460", line("+FTPPUT: 2,1360"));
    w.raw_expect(&digits(1360), ok_then("+FTPPUT: 1,1,1360"));
    w.put_end();
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&digits(1360)[..]));
}

/// Profile `put_maxlength` changes the invitation and the cap, not the test answer (E54).
#[test]
fn put_maxlength_profile() {
    let p = Profile {
        put_maxlength: 1000,
        ..Profile::default()
    };
    let mut w = World::note_with(p, &[]);
    w.expect_answer("AT+FTPPUT=?", &["+FTPPUT: (1,2),1460,(1-1460)"]);
    w.expect("AT+FTPPUT=1", ok_then("+FTPPUT: 1,1,1000"));
    w.expect("AT+FTPPUT=2,1360", line("+FTPPUT: 2,1000"));
    w.raw_expect(&digits(1000), ok_then("+FTPPUT: 1,1,1000"));
}

/// put_input_timeout (10 s): missing bytes → ERROR, the partial chunk discarded, the session
/// kept (the host is invited again and the upload completes without the partial bytes).
#[test]
fn put_missing_bytes_error_after_10s() {
    let mut w = World::note(&[]);
    w.open_put();
    w.expect("AT+FTPPUT=2,100", line("+FTPPUT: 2,100"));
    w.raw_expect(&digits(40), b"");
    w.wait_expect(ms(9_999), b"");
    w.wait_expect(ms(1), format!("{ERROR}{}", line("+FTPPUT: 1,1,1360")));
    w.put_chunk(b"xyz");
    w.put_end();
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"xyz"[..]));
}

/// read_idle_timeout applies to an idle upload (commands.yaml profile): 60 s after the last
/// invitation the session ends with `+FTPPUT: 1,64` and nothing is stored.
#[test]
fn put_idle_upload_times_out() {
    let mut w = World::note(&[]);
    w.open_put();
    w.wait_expect(secs(30), b"");
    w.put_chunk(b"hello");
    w.next_at(90_000, &line("+FTPPUT: 1,64"));
    assert_eq!(w.sim.server.file("/simftp.txt"), None);
}

/// The note's world with the server's `/simftp.txt` holding `abc`, AT+FTPPUTOPT=`<opt>`,
/// then `data` uploaded in one chunk.
#[track_caller]
fn put_over_abc(opt: &str, data: &[u8]) -> World {
    let mut w = World::note(&[("/simftp.txt", b"abc")]);
    w.expect(&format!("AT+FTPPUTOPT=\"{opt}\""), OK);
    w.put_all(data);
    w
}

/// FTPPUTOPT "APPE" appends to the server's file (also for FTPETPUT below).
#[test]
fn put_appe_appends() {
    let w = put_over_abc("APPE", b"def");
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"abcdef"[..]));
}

/// FTPPUTOPT "STOU" stores under a unique name (the server's: `name.1`); the file is kept.
#[test]
fn put_stou_stores_under_unique_name() {
    let w = put_over_abc("STOU", b"xyz");
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"abc"[..]));
    assert_eq!(w.sim.server.file("/simftp.txt.1"), Some(&b"xyz"[..]));
}

/// FTPPUTOPT "STOR" (the default) replaces the file.
#[test]
fn put_stor_replaces() {
    let mut w = World::note(&[("/simftp.txt", b"abc")]);
    w.expect_answer("AT+FTPPUTOPT?", &["+FTPPUTOPT: \"STOR\""]);
    w.put_all(b"xyz");
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"xyz"[..]));
    assert_eq!(w.sim.server.files().count(), 1);
}

/// FTPPUTPATH names a directory ("/pub/" = "/pub"); a missing one fails at CWD → 77.
#[test]
fn put_path_is_a_directory() {
    let mut w = World::note(&[]);
    w.sim.server.add_dir("/pub").unwrap();
    w.expect("AT+FTPPUTPATH=\"/pub/\"", OK);
    w.put_all(b"in pub");
    assert_eq!(w.sim.server.file("/pub/simftp.txt"), Some(&b"in pub"[..]));
    assert_eq!(w.sim.server.file("/simftp.txt"), None);
    w.set_then("AT+FTPPUTPATH=\"/nodir\"", "AT+FTPPUT=1", "+FTPPUT: 1,77");
}

/// DECISIONS 19: an empty FTPPUTNAME ends an upload with 66.
#[test]
fn put_empty_name_is_66() {
    let mut w = World::note(&[]);
    w.set_then("AT+FTPPUTNAME=\"\"", "AT+FTPPUT=1", "+FTPPUT: 1,66");
    w.expect("AT+FTPETPUT=1", ok_then("+FTPETPUT: 1,66"));
}

/// error-codes.yaml 78: STOR refused, or the data connection breaks during the upload; the
/// server keeps nothing.
#[test]
fn put_upload_errors_are_78() {
    let mut w = World::note(&[]);
    w.sim.server.faults_mut().fail_step(FtpStep::Store, 552);
    w.expect("AT+FTPPUT=1", ok_then("+FTPPUT: 1,78"));
    w.sim.server.faults_mut().fail_steps.clear();
    w.sim.server.faults_mut().drop_after = Some(50);
    w.open_put();
    w.expect("AT+FTPPUT=2,100", line("+FTPPUT: 2,100"));
    w.raw_expect(&digits(100), ok_then("+FTPPUT: 1,78"));
    assert_eq!(w.sim.server.file("/simftp.txt"), None);
}

/// Faults `stall_after` on an upload: the host has written, the module waits for the server
/// → server_timeout 75 s (no host-idle timer runs while the module waits).
#[test]
fn put_server_stalls_is_64_after_75s() {
    let mut w = World::note(&[]);
    w.sim.server.faults_mut().stall_after = Some(0);
    w.open_put();
    w.expect("AT+FTPPUT=2,10", line("+FTPPUT: 2,10"));
    w.raw_expect(&digits(10), OK);
    w.next_at(75_000, &line("+FTPPUT: 1,64"));
    assert_eq!(w.sim.server.file("/simftp.txt"), None);
}

// --- Simple sessions: DELE, SIZE, MKD, RMD, RENAME, MDTM ------------------------------------

/// App note 5.1.8; a missing file: DELE refused → 77.
///
/// Kept beside conformance/app-note/5.1.8-dele.yaml because: it checks that the server's file
/// is gone.
#[test]
fn dele_5_1_8() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.expect("AT+FTPDELE", ok_then("+FTPDELE: 1,0"));
    assert_eq!(w.sim.server.file("/simftp.txt"), None);
    w.expect("AT+FTPDELE", ok_then("+FTPDELE: 1,77"));
    w.set_then("AT+FTPGETNAME=\"\"", "AT+FTPDELE", "+FTPDELE: 1,66");
}

/// App note 5.1.10: MKD and RMD act on FTPGETPATH.
///
/// Kept beside conformance/app-note/5.1.10-mkd-rmd.yaml because: it checks the server's
/// directories after each command.
#[test]
fn mkd_rmd_5_1_10() {
    let mut w = World::note(&[]);
    w.set_then("AT+FTPGETPATH=\"/test\"", "AT+FTPMKD", "+FTPMKD: 1,0");
    assert!(w.sim.server.is_dir("/test"));
    w.expect("AT+FTPMKD", ok_then("+FTPMKD: 1,77"));
    w.expect("AT+FTPRMD", ok_then("+FTPRMD: 1,0"));
    assert!(!w.sim.server.is_dir("/test"));
    w.expect("AT+FTPRMD", ok_then("+FTPRMD: 1,77"));
}

/// MKD/RMD errors: a missing parent or a non-empty directory → 77; an empty FTPGETPATH → 66
/// (DECISIONS 19).
#[test]
fn mkd_rmd_errors() {
    let mut w = World::note(&[("/full/x.txt", b"x")]);
    w.set_then("AT+FTPGETPATH=\"/a/b\"", "AT+FTPMKD", "+FTPMKD: 1,77");
    w.set_then("AT+FTPGETPATH=\"/full\"", "AT+FTPRMD", "+FTPRMD: 1,77");
    assert!(w.sim.server.is_dir("/full"));
    w.set_then("AT+FTPGETPATH=\"\"", "AT+FTPMKD", "+FTPMKD: 1,66");
    w.expect("AT+FTPRMD", ok_then("+FTPRMD: 1,66"));
}

/// App note 5.1.17 (E40): FTPPUTPATH not set → renamed in the FTPGETPATH directory.
///
/// Kept beside conformance/app-note/5.1.17-rename.yaml because: it checks the server's files
/// under both names.
#[test]
fn rename_5_1_17() {
    let mut w = World::note(&[("/simftp.txt", b"hello")]);
    w.rename_with(&["AT+FTPPUTPATH=\"\"", "AT+FTPPUTNAME=\"simftp2.txt\""], 0);
    assert_eq!(w.sim.server.file("/simftp.txt"), None);
    assert_eq!(w.sim.server.file("/simftp2.txt"), Some(&b"hello"[..]));
}

/// E40: an empty FTPPUTPATH means the FTPGETPATH directory (not the login directory); a set
/// FTPPUTPATH moves the file there.
#[test]
fn rename_directory_of_new_name() {
    let mut w = World::note(&[("/pub/a.txt", b"A")]);
    w.sim.server.add_dir("/other").unwrap();
    w.rename_with(
        &[
            "AT+FTPGETPATH=\"/pub\"",
            "AT+FTPGETNAME=\"a.txt\"",
            "AT+FTPPUTPATH=\"\"",
            "AT+FTPPUTNAME=\"b.txt\"",
        ],
        0,
    );
    assert_eq!(w.sim.server.file("/pub/b.txt"), Some(&b"A"[..]));
    assert_eq!(w.sim.server.file("/b.txt"), None);
    w.rename_with(
        &[
            "AT+FTPGETNAME=\"b.txt\"",
            "AT+FTPPUTPATH=\"/other\"",
            "AT+FTPPUTNAME=\"c.txt\"",
        ],
        0,
    );
    assert_eq!(w.sim.server.file("/other/c.txt"), Some(&b"A"[..]));
    assert_eq!(w.sim.server.file("/pub/b.txt"), None);
}

/// RENAME errors: a missing source → 77 (RNFR); an empty FTPPUTNAME → 66.
#[test]
fn rename_errors() {
    let mut w = World::note(&[("/simftp.txt", b"hello")]);
    w.rename_with(
        &["AT+FTPGETNAME=\"nosuch.txt\"", "AT+FTPPUTNAME=\"new.txt\""],
        77,
    );
    w.rename_with(&["AT+FTPGETNAME=\"simftp.txt\"", "AT+FTPPUTNAME=\"\""], 66);
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"hello"[..]));
}

/// A file uploaded at 90 s is dated epoch + 90 s (the server's documented clock).
#[test]
fn mdtm_of_uploaded_file() {
    let mut w = World::note(&[]);
    w.wait_expect(secs(90), b"");
    w.put_all(b"new");
    w.expect("AT+FTPMDTM", ok_then("+FTPMDTM: 1,0,20260101000130"));
}

// --- FTPSTATE, FTPQUIT ----------------------------------------------------------------------

/// FTPSTATE: 0 idle, 1 while any session command runs (E58), 0 again after it.
#[test]
fn state_follows_sessions() {
    let mut w = World::note_latency(&[("/simftp.txt", &digits(10))], secs(1));
    let state = |s: u8| format!("{}{OK}", line(&format!("+FTPSTATE: {s}")));
    w.expect("AT+FTPSTATE", state(0));
    w.expect("AT+FTPDELE", OK);
    w.expect("AT+FTPSTATE", state(1));
    w.wait_expect(secs(5), line("+FTPDELE: 1,0"));
    w.expect("AT+FTPSTATE", state(0));
    w.expect("AT+FTPGETPATH=\"/d\"", OK);
    w.expect("AT+FTPMKD", OK);
    w.expect("AT+FTPSTATE", state(1));
    w.wait_expect(secs(5), line("+FTPMKD: 1,0"));
    w.expect("AT+FTPSTATE", state(0));
}

/// App note 5.1.16: FTPQUIT during a download → OK, `+FTPGET: 1,80`; the late server answers
/// are ignored; idle → ERROR.
///
/// Kept beside conformance/app-note/5.1.16-quit.yaml because: it checks the server's open
/// connections and that the late replies print nothing for 100 s.
#[test]
fn quit_get_5_1_16() {
    let mut w = World::note_latency(&[("/simftp.txt", &digits(10))], secs(1));
    w.expect("AT+FTPGET=1", OK);
    w.expect("AT+FTPQUIT", ok_then("+FTPGET: 1,80"));
    w.wait_expect(secs(100), b"");
    assert_eq!(w.sim.server.open_connections(), 0);
    w.expect_state(0);
    w.expect("AT+FTPQUIT", ERROR);
}

/// DECISIONS 12: the URC is the aborted session's own, with 80.
#[test]
fn quit_gives_each_session_its_own_80() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.open_put();
    w.expect("AT+FTPQUIT", ok_then("+FTPPUT: 1,80"));
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&digits(10)[..]));
    w.sim.server.pacing_mut().latency = secs(1);
    w.expect("AT+FTPSIZE", OK);
    w.expect("AT+FTPQUIT", ok_then("+FTPSIZE: 1,80,0"));
    w.expect("AT+FTPMDTM", OK);
    w.expect("AT+FTPQUIT", ok_then("+FTPMDTM: 1,80"));
    w.expect("AT+FTPETPUT=1", OK);
    w.expect("AT+FTPQUIT", ok_then("+FTPETPUT: 1,80"));
    w.expect("AT+FTPEXTGET=1", OK);
    w.expect("AT+FTPQUIT", ok_then("+FTPEXTGET: 1,80"));
    w.wait_expect(secs(100), b"");
}

// --- FTPEXTPUT ------------------------------------------------------------------------------

/// App note 5.1.12 with the manual's header (DECISIONS 10, E31, E32): load 1024 bytes, then
/// AT+FTPPUT=1 → OK, `+FTPPUT: 1,0` (no invitation); the server file is the buffer.
///
/// Kept beside conformance/app-note/5.1.12-extput.yaml because: it runs the manual's header
/// (the transcript the note's headerless profile) and checks the server's stored file.
#[test]
fn extput_5_1_12_with_header() {
    let data = digits(1024);
    let mut w = World::note(&[]);
    w.expect("AT+FTPEXTPUT=1", OK);
    w.expect("AT+FTPEXTPUT=2,0,1024,10000", line("+FTPEXTPUT: 0,1024"));
    w.raw_expect(&data, OK);
    w.expect_answer("AT+FTPEXTPUT?", &["+FTPEXTPUT: 1,1024"]);
    w.expect("AT+FTPPUT=1", ok_then("+FTPPUT: 1,0"));
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&data[..]));
    w.set_then_read("AT+FTPEXTPUT=0", "+FTPEXTPUT: 0,0");
    // Back to the normal method: the invitation again.
    w.open_put();
}

/// Profile `extput_header = false`: nothing before the data, as the note shows.
#[test]
fn extput_without_header() {
    let p = Profile {
        extput_header: false,
        ..Profile::default()
    };
    let data = digits(1024);
    let mut w = World::note_with(p, &[]);
    w.expect("AT+FTPEXTPUT=1", OK);
    w.expect("AT+FTPEXTPUT=2,0,1024,10000", "");
    w.raw_expect(&data, OK);
    w.expect("AT+FTPPUT=1", ok_then("+FTPPUT: 1,0"));
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&data[..]));
}

/// Loads at positions build the buffer (`<len>` of the read form: the highest pos+len).
#[test]
fn extput_loads_at_positions() {
    let mut w = World::note(&[]);
    w.expect("AT+FTPEXTPUT=1", OK);
    w.expect("AT+FTPEXTPUT=2,0,5,1000", line("+FTPEXTPUT: 0,5"));
    w.raw_expect(b"hello", OK);
    w.expect("AT+FTPEXTPUT=2,5,6,1000", line("+FTPEXTPUT: 5,6"));
    w.raw_expect(b" world", OK);
    w.expect("AT+FTPEXTPUT=2,0,1,1000", line("+FTPEXTPUT: 0,1"));
    w.raw_expect(b"H", OK);
    w.expect_answer("AT+FTPEXTPUT?", &["+FTPEXTPUT: 1,11"]);
    w.expect("AT+FTPPUT=1", ok_then("+FTPPUT: 1,0"));
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"Hello world"[..]));
}

/// DECISIONS 23: mode 2 before mode 1 → ERROR; pos+len beyond 320k → ERROR; the host's
/// `<timeout>` expiring → ERROR with the buffer unchanged.
#[test]
fn extput_refusals_and_timeout() {
    let mut w = World::note(&[]);
    w.expect("AT+FTPEXTPUT=2,0,10,1000", ERROR);
    w.expect("AT+FTPEXTPUT=1", OK);
    w.each(
        &[
            "AT+FTPEXTPUT=2,327680,1,1000",
            "AT+FTPEXTPUT=2,0,0,1000",
            "AT+FTPEXTPUT=2,0,10,999",
        ],
        ERROR,
    );
    w.expect("AT+FTPEXTPUT=2,0,10,1000", line("+FTPEXTPUT: 0,10"));
    w.raw_expect(b"12345", b"");
    w.wait_expect(ms(999), b"");
    w.wait_expect(ms(1), ERROR);
    w.expect_answer("AT+FTPEXTPUT?", &["+FTPEXTPUT: 1,0"]);
}

// --- FTPEXTGET ------------------------------------------------------------------------------

/// App note 5.1.13 (E33, E34): mode 1 into RAM, `?` shows progress, mode 3 only after
/// `+FTPEXTGET: 1,0`, prints min(len, length-pos), pos >= length → ERROR, mode 0 clears.
///
/// Kept beside conformance/app-note/5.1.13-extget.yaml because: it pins the progress at the
/// instants 0 and 150 ms and adds the refusals of mode 3.
#[test]
fn extget_ram_5_1_13() {
    let file = digits(3000);
    let mut w = World::note(&[("/simftp.txt", &file)]);
    w.expect("AT+FTPEXTGET=1", OK);
    w.expect_answer("AT+FTPEXTGET?", &["+FTPEXTGET: 1,50"]);
    w.expect("AT+FTPEXTGET=3,0,100", ERROR);
    w.wait_expect(ms(150), b"");
    w.expect_answer("AT+FTPEXTGET?", &["+FTPEXTGET: 1,1074"]);
    w.wait_expect(secs(1), line("+FTPEXTGET: 1,0"));
    w.expect_answer("AT+FTPEXTGET?", &["+FTPEXTGET: 1,3000"]);
    w.expect_state(0);
    w.expect("AT+FTPEXTGET=3,0,3000", block("+FTPEXTGET: 3,3000", &file));
    w.expect(
        "AT+FTPEXTGET=3,2990,100",
        block("+FTPEXTGET: 3,10", &file[2990..]),
    );
    w.expect("AT+FTPEXTGET=3,3000,1", ERROR);
    w.expect("AT+FTPEXTGET=0", OK);
    w.expect("AT+FTPEXTGET=3,0,10", ERROR);
    w.expect_answer("AT+FTPEXTGET?", &["+FTPEXTGET: 0,0"]);
}

/// commands.yaml AT+FTPEXTGET, case `mode=0`: final `[OK]` only (no ERROR case): mode 0 is
/// answered OK even while a mode-1 download runs. What happens to that download is not
/// specified, so only the final result is checked.
#[test]
fn extget_mode_0_is_always_ok() {
    let mut w = World::note(&[("/simftp.txt", &digits(3000))]);
    w.expect("AT+FTPEXTGET=1", OK);
    let out = w.send("AT+FTPEXTGET=0");
    assert!(out.starts_with(OK.as_bytes()), "got {}", show(&out));
}

/// DECISIONS 23: FTPREST applies to FTPEXTGET.
#[test]
fn extget_ram_with_rest() {
    let mut w = World::note(&[("/simftp.txt", NOTE_29)]);
    w.set_then("AT+FTPREST=20", "AT+FTPEXTGET=1", "+FTPEXTGET: 1,0");
    w.expect(
        "AT+FTPEXTGET=3,0,100",
        block("+FTPEXTGET: 3,9", b"shigeshia"),
    );
}

/// App note 5.1.19: mode 2 into the file system, `+FTPEXTGETFILE: 1,0`, then
/// `+FTPTOFSST: 0,0,<size>`; the same name again → ERROR (the file exists).
///
/// Kept beside conformance/app-note/5.1.19-tofsst.yaml because: it checks the file in the
/// module's file system, and the refusal of the same name again.
#[test]
fn extget_file_and_tofsst_5_1_19() {
    let file = digits(1000);
    let mut w = World::note(&[("/simftp.txt", &file)]);
    w.expect("AT+FTPTOFSST", ERROR);
    w.ends_within_1s("AT+FTPEXTGET=2,3,\"fssimftp.txt\"", "+FTPEXTGETFILE: 1,0");
    w.expect_answer("AT+FTPTOFSST", &["+FTPTOFSST: 0,0,1000"]);
    assert_eq!(
        w.module_file(FsDir::Customer, "fssimftp.txt"),
        Some(&file[..])
    );
    w.expect("AT+FTPEXTGET=2,3,\"fssimftp.txt\"", ERROR);
    // Decision 39: CME 767 (operation failed).
    w.set_cmee(1);
    w.expect("AT+FTPEXTGET=2,3,\"fssimftp.txt\"", cme(767));
    assert_eq!(
        w.module_file(FsDir::Customer, "fssimftp.txt"),
        Some(&file[..])
    );
}

/// Note 2.2.3, DECISIONS 13: a failed mode-2 download ends with `+FTPEXTGETFILE: 1,<error>`
/// and leaves no file (missing server file; data connection broken half-way).
#[test]
fn extget_file_failure_leaves_no_file() {
    let mut w = World::note(&[("/simftp.txt", &digits(1000))]);
    w.expect("AT+FTPGETNAME=\"nosuch.txt\"", OK);
    w.expect(
        "AT+FTPEXTGET=2,2,\"a.txt\"",
        ok_then("+FTPEXTGETFILE: 1,79"),
    );
    assert!(!w.module_has(FsDir::Datatx, "a.txt"));
    w.expect("AT+FTPGETNAME=\"simftp.txt\"", OK);
    w.sim.server.faults_mut().drop_after = Some(60);
    w.ends_within_1s("AT+FTPEXTGET=2,2,\"b.txt\"", "+FTPEXTGETFILE: 1,79");
    no_file_left(&w, FsDir::Datatx, "b.txt");
}

/// error-codes.yaml 79: a download larger than its store ends with 79 — the RAM buffer (profile
/// `extget_ram_capacity`; nothing can be read afterwards), or the file system filling up
/// during FTPEXTGET=2 (the partial file is deleted).
#[test]
fn extget_into_a_store_too_small_is_79() {
    let ram = Profile {
        extget_ram_capacity: 1000,
        ..Profile::default()
    };
    let mut w = World::note_with(ram, &[("/simftp.txt", &digits(3000))]);
    w.ends_within_1s("AT+FTPEXTGET=1", "+FTPEXTGET: 1,79");
    w.expect("AT+FTPEXTGET=3,0,10", ERROR);

    let fs = Profile {
        fs_capacity: 100,
        ..Profile::default()
    };
    let mut w = World::note_with(fs, &[("/simftp.txt", &digits(1000))]);
    w.ends_within_1s("AT+FTPEXTGET=2,0,\"big.bin\"", "+FTPEXTGETFILE: 1,79");
    no_file_left(&w, FsDir::Custapp, "big.bin");
}

/// FTPQUIT during FTPEXTGET=2: `+FTPEXTGETFILE: 1,80`, the partial file deleted.
#[test]
fn extget_file_quit_is_80_and_removes_partial_file() {
    let mut w = World::note(&[("/simftp.txt", &digits(1074))]);
    w.expect("AT+FTPEXTGET=2,3,\"part.txt\"", OK);
    w.expect("AT+FTPQUIT", ok_then("+FTPEXTGETFILE: 1,80"));
    assert!(!w.module_has(FsDir::Customer, "part.txt"));
    w.wait_expect(secs(1), b"");
}

// --- FTPETPUT -------------------------------------------------------------------------------

/// App note 5.1.14 in the manual's order (DECISIONS 9): `+FTPETPUT: 2,1`, the escaped data
/// and a bare ETX, one OK, `+FTPETPUT: 1,0`; 0x03 and 0x10 arrive unescaped.
///
/// Kept beside conformance/app-note/5.1.14-etput.yaml because: it runs the manual's order
/// (the transcript the note's) with 0x03/0x10 in the data, and checks the server's stored file.
#[test]
fn etput_manual_order_5_1_14() {
    let payload = b"ab\x03cd\x10ef\r\n\x10\x03";
    let mut w = World::note(&[]);
    w.expect("AT+FTPETPUT=1", ok_then("+FTPETPUT: 1,1"));
    w.expect("AT+FTPETPUT=2", line("+FTPETPUT: 2,1"));
    let mut sent = escape(payload);
    sent.push(ETX);
    w.raw_expect(&sent, ok_then("+FTPETPUT: 1,0"));
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&payload[..]));
    // After the ETX the module reads command lines again; a stray CR LF is ignored.
    w.raw_expect(
        b"\r\nAT+FTPSTATE\r",
        format!("{}{OK}", line("+FTPSTATE: 0")),
    );
}

/// Profile `etput_order = AppNote` (E36): OK first, then `+FTPETPUT: 2,1`, and a second OK
/// after the ETX.
#[test]
fn etput_app_note_order() {
    let p = Profile {
        etput_order: EtputOrder::AppNote,
        ..Profile::default()
    };
    let payload = digits(100);
    let mut w = World::note_with(p, &[]);
    w.expect("AT+FTPETPUT=1", ok_then("+FTPETPUT: 1,1"));
    w.expect("AT+FTPETPUT=2", ok_then("+FTPETPUT: 2,1"));
    let mut sent = payload.clone();
    sent.push(ETX);
    w.raw_expect(&sent, ok_then("+FTPETPUT: 1,0"));
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&payload[..]));
}

/// Spec §7: escapes split across writes are decoded; DLE before another byte keeps both; the
/// data waits for the ETX indefinitely (etput_input_timeout none); APPE applies.
#[test]
fn etput_split_escapes_dle_pairs_and_appe() {
    let mut w = World::note(&[("/simftp.txt", b">")]);
    w.set_then("AT+FTPPUTOPT=\"APPE\"", "AT+FTPETPUT=1", "+FTPETPUT: 1,1");
    w.expect("AT+FTPETPUT=2", line("+FTPETPUT: 2,1"));
    w.raw_expect(b"a\x10", b"");
    w.wait_expect(secs(1000), b"");
    w.raw_expect(b"\x03b\x10Ac", b"");
    w.raw_expect(b"\x10\x10\x03", ok_then("+FTPETPUT: 1,0"));
    assert_eq!(
        w.sim.server.file("/simftp.txt"),
        Some(&b">a\x03b\x10Ac\x10"[..])
    );
}

/// AT+FTPETPUT=2 before `+FTPETPUT: 1,1`, with no session, or a second time → ERROR.
#[test]
fn etput_data_refusals() {
    let mut w = World::note_latency(&[], secs(1));
    w.expect("AT+FTPETPUT=2", ERROR);
    w.expect("AT+FTPETPUT=1", OK);
    w.expect("AT+FTPETPUT=2", ERROR);
    w.wait_expect(secs(5), line("+FTPETPUT: 1,1"));
    w.expect("AT+FTPETPUT=2", line("+FTPETPUT: 2,1"));
    w.raw_expect(b"xy\x03", OK);
    w.expect("AT+FTPETPUT=2", ERROR);
    w.wait_expect(secs(5), line("+FTPETPUT: 1,0"));
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"xy"[..]));
}

/// Profile `etput_input_timeout`: after that long without a byte, ERROR, then
/// `+FTPETPUT: 1,64`; nothing is stored.
#[test]
fn etput_input_timeout_profile() {
    let p = Profile {
        etput_input_timeout: Some(secs(5)),
        ..Profile::default()
    };
    let mut w = World::note_with(p, &[]);
    w.expect("AT+FTPETPUT=1", ok_then("+FTPETPUT: 1,1"));
    w.expect("AT+FTPETPUT=2", line("+FTPETPUT: 2,1"));
    w.raw_expect(b"abc", b"");
    w.wait_expect(secs(4), b"");
    w.raw_expect(b"d", b"");
    w.next_at(9_000, &format!("{ERROR}{}", line("+FTPETPUT: 1,64")));
    assert_eq!(w.sim.server.file("/simftp.txt"), None);
}

/// Decision 35: the server goes silent during the FTPETPUT data phase; the session ends at
/// server_timeout, its URC waits for the phase, which is answered ERROR.
#[test]
fn etput_session_ending_during_data_phase() {
    let mut w = World::note(&[]);
    w.sim.server.faults_mut().stall_after = Some(0);
    w.expect("AT+FTPETPUT=1", ok_then("+FTPETPUT: 1,1"));
    w.expect("AT+FTPETPUT=2", line("+FTPETPUT: 2,1"));
    w.raw_expect(b"abc", b"");
    let mut out = w.wait(secs(80));
    out.extend(w.raw(&[ETX]));
    assert_eq!(
        show(&out),
        show(format!("{ERROR}{}", line("+FTPETPUT: 1,64")).as_bytes())
    );
    assert_eq!(w.sim.server.file("/simftp.txt"), None);
}

/// Decision 41: the LF of a CR LF ending a command that starts a host data phase is the line
/// end, not data; data starting with LF sent after the prompt is kept.
#[test]
fn crlf_before_data_phase_is_line_end() {
    let mut w = World::note(&[]);
    w.open_put();
    w.raw_expect(b"AT+FTPPUT=2,5\r\n", line("+FTPPUT: 2,5"));
    w.raw_expect(b"\nabcd", ok_then("+FTPPUT: 1,1,1360"));
    w.put_end();
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"\nabcd"[..]));
    w.expect("AT+FTPPUTNAME=\"et.txt\"", OK);
    w.expect("AT+FTPETPUT=1", ok_then("+FTPETPUT: 1,1"));
    w.raw_expect(b"AT+FTPETPUT=2\r\n", line("+FTPETPUT: 2,1"));
    w.raw_expect(b"ab\x03", ok_then("+FTPETPUT: 1,0"));
    assert_eq!(w.sim.server.file("/et.txt"), Some(&b"ab"[..]));
}

// --- FTPETGET -------------------------------------------------------------------------------

/// App note 5.1.15, DECISIONS 8: the data right after `+FTPETGET: 1,1\r\n`, 0x03 and 0x10
/// escaped with DLE, a bare ETX, then `\r\n+FTPETGET: 1,0\r\n`.
///
/// Kept beside conformance/app-note/5.1.15-etget.yaml because: it checks the escaped bytes
/// on the wire (the transcript's digits hold no 0x03/0x10, and it compares unescaped data).
#[test]
fn etget_escapes_data_5_1_15() {
    let file = b"ab\x03cd\x10ef\r\n";
    let mut w = World::note(&[("/simftp.txt", file)]);
    let expected = cat(&[
        ok_then("+FTPETGET: 1,1").as_bytes(),
        b"ab\x10\x03cd\x10\x10ef\r\n\x03",
        line("+FTPETGET: 1,0").as_bytes(),
    ]);
    w.expect("AT+FTPETGET=1", expected);
    w.expect_state(0);
}

/// Spec §7: host bytes sent while the data streams are held and read after the ETX, so
/// AT+FTPQUIT cannot interrupt the stream (it then finds no session: ERROR).
#[test]
fn etget_holds_host_input_until_etx() {
    let file = digits(1074);
    let mut w = World::note(&[("/simftp.txt", &file)]);
    w.expect(
        "AT+FTPETGET=1",
        cat(&[ok_then("+FTPETGET: 1,1").as_bytes(), &file[..50]]),
    );
    w.raw_expect(b"AT+FTPQUIT\r", b"");
    w.wait_expect(
        secs(1),
        cat(&[
            &file[50..],
            &[ETX],
            line("+FTPETGET: 1,0").as_bytes(),
            ERROR.as_bytes(),
        ]),
    );
}

/// A failure after the data started: bare ETX, then `+FTPETGET: 1,<error>`; before the data:
/// just the URC.
#[test]
fn etget_failures() {
    let file = digits(1074);
    let mut w = World::note(&[("/simftp.txt", &file)]);
    w.sim.server.faults_mut().drop_after = Some(50);
    w.expect(
        "AT+FTPETGET=1",
        cat(&[
            ok_then("+FTPETGET: 1,1").as_bytes(),
            &file[..50],
            &[ETX],
            line("+FTPETGET: 1,79").as_bytes(),
        ]),
    );
    w.sim.server.faults_mut().drop_after = None;
    w.expect("AT+FTPGETNAME=\"nosuch.txt\"", OK);
    w.expect("AT+FTPETGET=1", ok_then("+FTPETGET: 1,79"));
}

/// DECISIONS 23: FTPREST applies to FTPETGET.
#[test]
fn etget_with_rest() {
    let mut w = World::note(&[("/simftp.txt", NOTE_29)]);
    w.expect("AT+FTPREST=20", OK);
    w.expect(
        "AT+FTPETGET=1",
        cat(&[
            ok_then("+FTPETGET: 1,1").as_bytes(),
            b"shigeshia\x03",
            line("+FTPETGET: 1,0").as_bytes(),
        ]),
    );
}

// --- FTPS -----------------------------------------------------------------------------------

/// The note's world (5.1.1) whose server holds the 50-byte file of 5.2.2 and presents a
/// certificate that PEM_A's CA verifies.
fn ca_a_world() -> World {
    let config = ServerConfig {
        ca: Some(PEM_A.to_vec()),
        ..ServerConfig::default()
    };
    let server = server_with(config, &[("/simftp.txt", &digits(50))]);
    World::build(Profile::default(), server, true)
}

/// The 50-byte download of 5.2.2 / 5.2.3 (E47, E48).
#[track_caller]
fn get_50(w: &mut World) {
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    w.read_to_end("FTPGET", 1024, &digits(50));
}

/// AT+FTPSSL=2 (explicit FTPS) naming the CA list `ca`, then the 50-byte download (5.2.2).
#[track_caller]
fn explicit_get_50(w: &mut World, ca: &str) {
    w.expect(&format!("AT+FTPSSL=2,0,\"{ca}\",\"\""), OK);
    get_50(w);
}

/// App note 5.2.3: implicit FTPS on port 990 reaches the server; on port 21 the handshake
/// fails (90).
///
/// Kept beside conformance/app-note/5.2.3-ftps-implicit.yaml because: it adds the failed
/// handshake (90) of a download on port 21, and implicit FTPS with no CA list.
#[test]
fn ftps_implicit_5_2_3() {
    let mut w = World::note(&[("/simftp.txt", &digits(50))]);
    w.set_then_get("AT+FTPSSL=1,0,\"\",\"\"", 90);
    w.expect("AT+FTPPORT=990", OK);
    get_50(&mut w);
}

/// App notes 5.2.1 + 5.2.2: the CA written, converted and named in FTPSSL verifies the
/// server in explicit FTPS.
///
/// Kept beside conformance/app-note/5.2.2-ftps-explicit.yaml because: its server presents a
/// certificate of that CA, so the converted CA list really verifies it.
#[test]
fn ftps_explicit_with_converted_ca_5_2_2() {
    let mut w = ca_a_world();
    provision_ca(&mut w, "ftpbin_root_ca.cer", PEM_A, true);
    explicit_get_50(&mut w, "ftpbin_root_ca.cer");
}

/// Decision 51: the SSL app note deletes the certificate sources with AT+CFSDFILE once
/// converted; the converted CA still verifies the server.
#[test]
fn ftps_converted_ca_outlives_its_deleted_source() {
    let mut w = ca_a_world();
    provision_ca(&mut w, "ftpbin_root_ca.cer", PEM_A, true);
    w.expect("AT+CFSINIT", OK);
    w.expect("AT+CFSDFILE=3,\"ftpbin_root_ca.cer\"", OK);
    w.expect("AT+CFSGFIS=3,\"ftpbin_root_ca.cer\"", ERROR);
    w.expect("AT+CFSTERM", OK);
    explicit_get_50(&mut w, "ftpbin_root_ca.cer");
}

/// error-codes.yaml 90: the CA list not converted (never written, or written only), or a CA
/// that does not match the server's certificate.
#[test]
fn ftps_unverifiable_ca_is_90() {
    let mut w = ca_a_world();
    w.set_then_get("AT+FTPSSL=2,0,\"nosuch.cer\",\"\"", 90);
    provision_ca(&mut w, "raw.cer", PEM_A, false);
    w.set_then_get("AT+FTPSSL=2,0,\"raw.cer\",\"\"", 90);
    w.expect("AT+CSSLCFG=\"CONVERT\",2,\"raw.cer\"", OK);
    get_50(&mut w);
    provision_ca(&mut w, "other.cer", PEM_B, false);
    w.expect("AT+CSSLCFG=\"CONVERT\",2,\"other.cer\"", OK);
    w.set_then_get("AT+FTPSSL=2,0,\"other.cer\",\"\"", 90);
}

/// A server without TLS: explicit FTPS fails at AUTH (92), implicit at the handshake (90).
#[test]
fn ftps_server_without_tls() {
    let config = ServerConfig {
        tls: false,
        ..ServerConfig::default()
    };
    let server = server_with(config, &[("/simftp.txt", &digits(50))]);
    let mut w = World::build(Profile::default(), server, true);
    w.set_then_get("AT+FTPSSL=2,0,\"\",\"\"", 92);
    w.set(&["AT+FTPSSL=1,0,\"\",\"\"", "AT+FTPPORT=990"]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,90"));
    w.set(&["AT+FTPSSL=0,0,\"\",\"\"", "AT+FTPPORT=21"]);
    get_50(&mut w);
}

/// error-codes.yaml 93 (PBSZ) and 94 (PROT) in FTPS.
#[test]
fn ftps_pbsz_and_prot_refused() {
    let mut w = World::note(&[("/simftp.txt", &digits(50))]);
    w.expect("AT+FTPSSL=2,0,\"\",\"\"", OK);
    get_refused_at(&mut w, FtpStep::Pbsz, 500, 93);
    w.sim.server.faults_mut().fail_steps.clear();
    get_refused_at(&mut w, FtpStep::Prot, 500, 94);
    // Plain FTP sends neither.
    w.expect("AT+FTPSSL=0,0,\"\",\"\"", OK);
    get_50(&mut w);
}

// --- Test forms -----------------------------------------------------------------------------

/// The test form of every session command, as commands.yaml gives it.
const TEST_FORMS: [(&str, Option<&str>); 16] = [
    ("AT+FTPGET=?", Some("+FTPGET: (1,2),(1-1460)")),
    ("AT+FTPPUT=?", Some("+FTPPUT: (1,2),1460,(1-1460)")),
    ("AT+FTPDELE=?", None),
    ("AT+FTPSIZE=?", None),
    ("AT+FTPSTATE=?", Some("+FTPSTATE: (0,1)")),
    ("AT+FTPEXTPUT=?", None),
    ("AT+FTPMKD=?", None),
    ("AT+FTPRMD=?", None),
    ("AT+FTPLIST=?", Some("+FTPLIST: (1,2),(1-1460)")),
    ("AT+FTPEXTGET=?", Some("+FTPEXTGET: (0-3),(0-3),50")),
    ("AT+FTPETPUT=?", Some("+FTPETPUT: (1,2)")),
    ("AT+FTPETGET=?", Some("+FTPETGET: 1")),
    ("AT+FTPQUIT=?", None),
    ("AT+FTPRENAME=?", None),
    ("AT+FTPMDTM=?", None),
    ("AT+FTPTOFSST=?", Some("+FTPTOFSST: (0,1),(0-5800000)")),
];

fn test_answer(resp: Option<&str>) -> String {
    match resp {
        Some(r) => format!("{}{OK}", line(r)),
        None => OK.to_string(),
    }
}

#[test]
fn test_forms_of_session_commands() {
    let mut w = World::note(&[]);
    for (cmd, resp) in TEST_FORMS {
        w.expect(cmd, test_answer(resp));
    }
    assert!(!w.sim.module.session_active());
}

/// A test form neither starts a session nor disturbs a running one (no 66, no 80).
#[test]
fn test_forms_during_a_session() {
    let mut w = World::note(&[("/simftp.txt", &digits(10))]);
    w.expect("AT+FTPGET=1", ok_then("+FTPGET: 1,1"));
    for (cmd, resp) in TEST_FORMS {
        w.expect(cmd, test_answer(resp));
    }
    w.read_to_end("FTPGET", 100, &digits(10));
}

/// A reset held behind a transparent download (host bytes of the data phase are read as
/// command lines after it, decision 36) runs right after the session ends with 64: the
/// abort of that session's connection, not yet taken by the network, survives the restart
/// (it had left the module), so no connection outlives its session. Found by fuzzing
/// (fuzz/regressions/model).
#[test]
fn a_reset_right_after_a_session_ends_leaves_no_connection_open() {
    let mut w = World::note(&[("/simftp.txt", &digits(3000))]);
    w.sim.server.faults_mut().stall_after = Some(500);
    // The data phase opens, then the server goes silent after 500 bytes; the reset the host
    // sends meanwhile is held until the module gives up (75 s: ETX, then 64).
    let mut out = w.send("AT+FTPETGET=1");
    out.extend(w.raw(b"AT+CFUN=1,1\r"));
    out.extend(w.wait(secs(100)));
    let text = String::from_utf8_lossy(&out);
    assert!(
        text.contains("+FTPETGET: 1,64") && text.contains("RDY"),
        "{text}"
    );
    assert!(!w.sim.module.session_active());
    assert_eq!(
        w.sim.server.open_connections(),
        0,
        "a connection outlived its session"
    );
}

//! The in-memory FTP server against its specification: the application note's pacing and
//! REST example, the login checks, every operation's success and failure replies, the listing
//! format, the faults, and the order and timing of replies.

mod common;
use common::{digits, ms};

use simcom_ftp_model::Instant;
use simcom_ftp_model::net::{
    ConnId, FtpStep, Login, NetError, NetEvent, NetOp, NetReply, NetRequest, Peer, PutVerb,
    Security,
};
use simcom_ftp_model::server::{
    EPOCH, Faults, Pacing, ProvisionError, Server, ServerConfig, Timestamp,
};

const C1: ConnId = ConnId(1);
const C2: ConnId = ConnId(2);

fn at(n: u64) -> Instant {
    Instant::from_millis(n)
}

fn login() -> Login {
    Login {
        host: "117.131.85.139".into(),
        port: 21,
        user: "simcomtest".into(),
        password: "simcomtest".into(),
        security: Security::Plain,
        ca: None,
        passive: true,
        binary: true,
    }
}

/// The note's login on another control port.
fn on_port(port: u16) -> Login {
    Login { port, ..login() }
}

/// The note's login with FTPS `security` on `port`.
fn secured(security: Security, port: u16) -> Login {
    Login {
        security,
        port,
        ..login()
    }
}

/// `l` verifying the server with the CA list `ca`.
fn with_ca(l: &Login, ca: Option<Vec<u8>>) -> Login {
    Login { ca, ..l.clone() }
}

/// The host ends the session on `C1` at 0 s (AT+FTPQUIT).
fn quit(s: &mut Server) {
    request(s, at(0), C1, NetOp::Quit);
}

/// The module's request `op` on `conn` at `t`, its reply left pending.
fn request(s: &mut Server, t: Instant, conn: ConnId, op: NetOp) {
    s.handle_request(t, NetRequest { conn, op });
}

fn fail(step: FtpStep, code: u16) -> NetEvent {
    NetEvent::Failed(NetError::Reply { step, code })
}

fn failed(e: NetError) -> NetEvent {
    NetEvent::Failed(e)
}

/// Sends `op` on `conn` at `t` and takes the one reply, at the instant it falls due (which must
/// not be before `t`); returns that instant and the event.
fn ask(s: &mut Server, t: Instant, conn: ConnId, op: NetOp) -> (Instant, NetEvent) {
    request(s, t, conn, op);
    let due = s.poll_timeout().expect("a reply is pending");
    assert!(due >= t, "reply due at {due}, before its request at {t}");
    if due > t {
        assert_eq!(
            s.poll_reply(Instant::from_millis(due.as_millis() - 1)),
            None
        );
    }
    let reply = s.poll_reply(due).expect("the reply is due");
    assert_eq!(reply.conn, conn);
    assert_eq!(s.poll_timeout(), None, "exactly one reply");
    (due, reply.event)
}

/// The event of a reply that must come at `t` itself.
fn now(s: &mut Server, t: Instant, conn: ConnId, op: NetOp) -> NetEvent {
    let (due, event) = ask(s, t, conn, op);
    assert_eq!(due, t, "reply to a request at {t} came at {due}");
    event
}

fn connect(s: &mut Server, t: Instant, conn: ConnId) {
    assert_eq!(now(s, t, conn, NetOp::Connect(login())), NetEvent::Ready);
}

fn connect_with(s: &mut Server, l: Login) -> NetEvent {
    let e = now(s, at(0), C1, NetOp::Connect(l));
    if e != NetEvent::Ready {
        assert_eq!(
            s.open_connections(),
            0,
            "a failed connect leaves no connection"
        );
    }
    e
}

/// Connecting with `l` at 0 s gives `event` (a failed connect leaves no connection).
#[track_caller]
fn connects(s: &mut Server, l: Login, event: NetEvent) {
    assert_eq!(connect_with(s, l), event);
}

fn retr(dir: &str, name: &str, offset: u64) -> NetOp {
    NetOp::Retrieve {
        dir: dir.into(),
        name: name.into(),
        offset,
    }
}

fn stor(dir: &str, name: &str, verb: PutVerb) -> NetOp {
    NetOp::Store {
        dir: dir.into(),
        name: name.into(),
        verb,
    }
}

fn list(path: &str) -> NetOp {
    NetOp::List { path: path.into() }
}

fn read(max: usize) -> NetOp {
    NetOp::Read { max }
}

/// Reads a download to its end with large reads, answering each read the moment its reply
/// comes; returns the pieces and the instant of the End.
fn drain(s: &mut Server, mut t: Instant, conn: ConnId) -> (Vec<Vec<u8>>, Instant) {
    let mut pieces = Vec::new();
    loop {
        let (due, event) = ask(s, t, conn, read(1 << 20));
        t = due;
        match event {
            NetEvent::Data(d) => pieces.push(d),
            NetEvent::End => return (pieces, t),
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// Uploads `data` in one write with `verb`, then finishes; every reply at once.
fn upload(
    s: &mut Server,
    t: Instant,
    conn: ConnId,
    dir: &str,
    name: &str,
    verb: PutVerb,
    data: &[u8],
) -> NetEvent {
    let ready = now(s, t, conn, stor(dir, name, verb));
    if ready != NetEvent::Ready {
        return ready;
    }
    assert_eq!(
        now(s, t, conn, NetOp::Write(data.to_vec())),
        NetEvent::Written
    );
    now(s, t, conn, NetOp::Finish)
}

/// `op` on the connection `C1` at 0 s is answered at once with `event`.
#[track_caller]
fn answers(s: &mut Server, op: NetOp, event: NetEvent) {
    let what = format!("{op:?}");
    assert_eq!(now(s, at(0), C1, op), event, "{what}");
}

/// [`answers`] with the failure reply `code` at `step`.
fn refuses(s: &mut Server, op: NetOp, step: FtpStep, code: u16) {
    answers(s, op, fail(step, code));
}

/// A server holding the file `path` and a connection `C1` logged in at 0.
fn logged_in_with(path: &str, data: Vec<u8>) -> Server {
    let mut s = Server::default();
    s.add_file(path, data).unwrap();
    connect(&mut s, at(0), C1);
    s
}

/// A server with the note's 1074-byte file and a connection `C1` logged in at 0.
fn note_server() -> Server {
    logged_in_with("/simftp.txt", digits(1074))
}

// --- pacing ------------------------------------------------------------------------------

/// Kept beside conformance/app-note/5.1.1-get.yaml because: it checks the server's own replies
/// and their instants (50 bytes at once, 1024 at +100 ms, nothing before), below the module.
#[test]
fn app_note_pacing_50_then_1024_then_end() {
    let mut s = note_server();
    let t0 = at(5_000);
    assert_eq!(
        now(&mut s, t0, C1, retr("/", "simftp.txt", 0)),
        NetEvent::Ready
    );

    request(&mut s, t0, C1, read(1460));
    assert_eq!(s.poll_timeout(), Some(t0));
    let first = s.poll_reply(t0).unwrap();
    assert_eq!(
        first,
        NetReply {
            conn: C1,
            event: NetEvent::Data(digits(1074)[..50].to_vec())
        }
    );

    request(&mut s, t0, C1, read(1460));
    let t1 = t0 + ms(100);
    assert_eq!(s.poll_timeout(), Some(t1));
    assert_eq!(s.poll_reply(t0), None);
    assert_eq!(s.poll_reply(t0 + ms(99)), None);
    let second = s.poll_reply(t1).unwrap();
    assert_eq!(second.event, NetEvent::Data(digits(1074)[50..].to_vec()));

    assert_eq!(now(&mut s, t1, C1, read(1460)), NetEvent::End);
    // The transfer is over: the connection is idle again.
    assert_eq!(
        now(
            &mut s,
            t1,
            C1,
            NetOp::Size {
                dir: "/".into(),
                name: "simftp.txt".into()
            }
        ),
        NetEvent::Size(1074)
    );
}

#[test]
fn later_pieces_are_1024_bytes_every_interval() {
    let mut s = logged_in_with("/big", digits(3000));
    answers(&mut s, retr("", "big", 0), NetEvent::Ready);
    let (pieces, end) = drain(&mut s, at(0), C1);
    let sizes: Vec<usize> = pieces.iter().map(Vec::len).collect();
    assert_eq!(sizes, [50, 1024, 1024, 902]);
    assert_eq!(pieces.concat(), digits(3000));
    assert_eq!(end, at(300));
}

#[test]
fn a_listing_arrives_whole_by_default_and_in_list_pieces_when_set() {
    let mut s = Server::default();
    for i in 0..10 {
        s.add_file(&format!("/d/file-{i}.txt"), digits(3000))
            .unwrap();
    }
    connect(&mut s, at(0), C1);
    answers(&mut s, list("/d"), NetEvent::Ready);
    let (pieces, _) = drain(&mut s, at(0), C1);
    // Ten vsftpd-style lines of 68 bytes: one piece, not 50 + 630 as a file would.
    assert_eq!(pieces.iter().map(Vec::len).collect::<Vec<_>>(), [680]);
    // A file download keeps the file pacing.
    assert_eq!(
        now(&mut s, at(1000), C1, retr("/d", "file-0.txt", 0)),
        NetEvent::Ready
    );
    assert_eq!(
        ask(&mut s, at(1000), C1, read(8192)).1,
        NetEvent::Data(digits(50))
    );
    let mut s2 = Server::default();
    s2.add_file("/d/a.txt", digits(1)).unwrap();
    s2.pacing_mut().list_pieces = vec![10, 25];
    connect(&mut s2, at(0), C1);
    assert_eq!(now(&mut s2, at(0), C1, list("/d")), NetEvent::Ready);
    let (pieces, end) = drain(&mut s2, at(0), C1);
    let sizes: Vec<usize> = pieces.iter().map(Vec::len).collect();
    assert_eq!(sizes, [10, 25, 25, 3], "a 63-byte line");
    assert_eq!(end, at(300));
}

#[test]
fn a_late_read_is_answered_at_once_and_spacing_counts_from_the_last_piece() {
    let mut s = note_server();
    answers(&mut s, retr("/", "simftp.txt", 0), NetEvent::Ready);
    assert_eq!(ask(&mut s, at(0), C1, read(8192)).0, at(0));
    // The host comes back after 250 ms: the piece is due at once.
    assert_eq!(
        ask(&mut s, at(250), C1, read(8192)),
        (at(250), NetEvent::Data(digits(1074)[50..].to_vec()))
    );
}

#[test]
fn pieces_are_clipped_to_max_and_max_zero_reads_one_byte() {
    let mut s = note_server();
    answers(&mut s, retr("/", "simftp.txt", 0), NetEvent::Ready);
    assert_eq!(
        ask(&mut s, at(0), C1, read(0)),
        (at(0), NetEvent::Data(b"0".to_vec()))
    );
    assert_eq!(
        ask(&mut s, at(0), C1, read(10)),
        (at(100), NetEvent::Data(b"1234567890".to_vec()))
    );
    assert_eq!(
        ask(&mut s, at(100), C1, read(3)),
        (at(200), NetEvent::Data(b"123".to_vec()))
    );
}

#[test]
fn latency_delays_every_reply() {
    let mut s = Server::default();
    s.add_file("/f", digits(100)).unwrap();
    *s.pacing_mut() = Pacing {
        pieces: vec![60],
        list_pieces: vec![],
        interval: ms(30),
        latency: ms(20),
        hold: None,
    };
    assert_eq!(
        ask(&mut s, at(0), C1, NetOp::Connect(login())),
        (at(20), NetEvent::Ready)
    );
    assert_eq!(
        ask(&mut s, at(20), C1, retr("/", "f", 0)),
        (at(40), NetEvent::Ready)
    );
    assert_eq!(
        ask(&mut s, at(40), C1, read(1000)),
        (at(60), NetEvent::Data(digits(60)))
    );
    // Read + latency (80) is later than the last piece + interval (90)? No: 90 wins.
    assert_eq!(
        ask(&mut s, at(60), C1, read(1000)),
        (at(90), NetEvent::Data(digits(100)[60..].to_vec()))
    );
    // End: Read + latency, no interval.
    assert_eq!(
        ask(&mut s, at(90), C1, read(1000)),
        (at(110), NetEvent::End)
    );
}

/// A hold: no piece crosses `after`, and the piece after it comes `pause` later than the
/// interval would have it (the margin 5.1.13 reads its progress in).
#[test]
fn a_hold_pauses_the_download_at_its_byte() {
    let mut s = Server::default();
    s.add_file("/f", digits(100)).unwrap();
    *s.pacing_mut() = Pacing {
        pieces: vec![30],
        interval: ms(10),
        hold: Some(simcom_ftp_model::server::Hold {
            after: 50,
            pause: ms(1000),
        }),
        ..Pacing::default()
    };
    connect(&mut s, at(0), C1);
    answers(&mut s, retr("/", "f", 0), NetEvent::Ready);
    let mut got = Vec::new();
    for t in [0, 10, 1020, 1030] {
        let (when, event) = ask(&mut s, at(0), C1, read(1000));
        let NetEvent::Data(d) = event else {
            panic!("{event:?}")
        };
        got.push((when, d.len()));
        assert_eq!(when, at(t));
    }
    assert_eq!(
        got,
        [(at(0), 30), (at(10), 20), (at(1020), 30), (at(1030), 20)]
    );
}

#[test]
fn empty_pieces_send_everything_at_once() {
    let mut s = Server::default();
    s.add_file("/f", digits(5000)).unwrap();
    s.pacing_mut().pieces.clear();
    connect(&mut s, at(0), C1);
    answers(&mut s, retr("/", "f", 0), NetEvent::Ready);
    let (pieces, end) = drain(&mut s, at(0), C1);
    assert_eq!(pieces, [digits(5000)]);
    assert_eq!(end, at(0));
}

#[test]
fn empty_file_ends_at_first_read() {
    let mut s = logged_in_with("/empty", Vec::new());
    answers(&mut s, retr("/", "empty", 0), NetEvent::Ready);
    answers(&mut s, read(100), NetEvent::End);
}

#[test]
fn download_is_a_snapshot() {
    let mut s = note_server();
    answers(&mut s, retr("/", "simftp.txt", 0), NetEvent::Ready);
    s.add_file("/simftp.txt", b"changed".to_vec()).unwrap();
    let (pieces, _) = drain(&mut s, at(0), C1);
    assert_eq!(pieces.concat(), digits(1074));
}

// --- REST, RETR --------------------------------------------------------------------------

/// Kept beside conformance/app-note/5.1.7-rest.yaml because: it checks the server's own reply
/// to a Retrieve at offset 20, below the module.
#[test]
fn rest_offset_20_gives_the_last_9_bytes() {
    let mut s = logged_in_with("/simftp.txt", b"wodeceshijieguo,zhgeshigeshia".to_vec());
    answers(&mut s, retr("/", "simftp.txt", 20), NetEvent::Ready);
    answers(&mut s, read(1024), NetEvent::Data(b"shigeshia".to_vec()));
    answers(&mut s, read(1024), NetEvent::End);
}

#[test]
fn rest_at_and_past_the_end() {
    let mut s = logged_in_with("/f", digits(29));
    answers(&mut s, retr("/", "f", 29), NetEvent::Ready);
    answers(&mut s, read(1024), NetEvent::End);
    refuses(&mut s, retr("/", "f", 30), FtpStep::Rest, 554);
    assert!(s.is_open(C1));
}

#[test]
fn retrieve_failures() {
    let mut s = note_server();
    s.add_dir("/pub/sub").unwrap();
    refuses(&mut s, retr("/", "missing", 0), FtpStep::Retr, 550);
    refuses(&mut s, retr("/", "missing", 5), FtpStep::Retr, 550);
    refuses(&mut s, retr("/", "pub", 0), FtpStep::Retr, 550);
    refuses(&mut s, retr("/nope", "simftp.txt", 0), FtpStep::Cwd, 550);
    // Each failure leaves the connection idle and usable.
    answers(
        &mut s,
        retr("/pub/sub/", "../../simftp.txt", 1073),
        NetEvent::Ready,
    );
    answers(&mut s, read(9), NetEvent::Data(b"3".to_vec()));
}

#[test]
fn paths_are_normalised() {
    let mut s = Server::default();
    s.add_file("/pub/a/f.txt", b"x".to_vec()).unwrap();
    assert!(s.is_dir("/pub"));
    assert!(s.is_dir("/pub/a/"));
    assert!(s.is_dir(""));
    assert_eq!(s.file("/pub/./a/../a/f.txt"), Some(&b"x"[..]));
    assert_eq!(s.dirs().collect::<Vec<_>>(), ["/", "/pub", "/pub/a"]);
    connect(&mut s, at(0), C1);
    for (dir, name) in [
        ("/pub/a", "f.txt"),
        ("/pub/a/", "f.txt"),
        ("", "pub/a/f.txt"),
        ("/pub", "a/f.txt"),
        ("/x/..", "/pub/a/f.txt"),
    ] {
        assert_eq!(
            now(
                &mut s,
                at(0),
                C1,
                NetOp::Size {
                    dir: dir.into(),
                    name: name.into()
                }
            ),
            NetEvent::Size(1),
            "{dir} {name}"
        );
    }
}

// --- Connect -----------------------------------------------------------------------------

#[test]
fn login_checks() {
    let mut s = Server::default();
    connects(
        &mut s,
        Login {
            password: "wrong".into(),
            ..login()
        },
        fail(FtpStep::Pass, 530),
    );
    connects(
        &mut s,
        Login {
            user: "nobody".into(),
            ..login()
        },
        fail(FtpStep::User, 530),
    );
    s.add_user("alice", "secret");
    assert_eq!(s.users().collect::<Vec<_>>(), ["alice", "simcomtest"]);
    let alice = Login {
        user: "alice".into(),
        password: "secret".into(),
        ..login()
    };
    connects(&mut s, alice.clone(), NetEvent::Ready);
    assert_eq!(s.open_connections(), 1);
    assert!(s.remove_user("alice"));
    assert!(!s.remove_user("alice"));
    quit(&mut s);
    connects(&mut s, alice, fail(FtpStep::User, 530));
}

#[test]
fn host_resolution_and_reachability() {
    let mut s = Server::default();
    connects(
        &mut s,
        Login {
            host: "ftp.invalid".into(),
            ..login()
        },
        failed(NetError::Dns),
    );
    connects(
        &mut s,
        Login {
            host: "".into(),
            ..login()
        },
        failed(NetError::Dns),
    );
    s.faults_mut()
        .unreachable_hosts
        .insert("ftp.example.com".into());
    connects(
        &mut s,
        Login {
            host: "FTP.example.com".into(),
            ..login()
        },
        failed(NetError::Connect),
    );
    s.faults_mut().refuse_connections = true;
    connects(&mut s, login(), failed(NetError::Connect));
    // Resolution comes first.
    connects(
        &mut s,
        Login {
            host: "x.invalid".into(),
            ..login()
        },
        failed(NetError::Dns),
    );
    *s.faults_mut() = Faults::default();
    for host in ["::1", "[2001:db8::7]", "ftp.example.com", "localhost"] {
        let e = now(
            &mut s,
            at(0),
            C1,
            NetOp::Connect(Login {
                host: host.into(),
                ..login()
            }),
        );
        assert_eq!(e, NetEvent::Ready, "{host}");
        request(&mut s, at(0), C1, NetOp::Abort);
    }
}

#[test]
fn ports() {
    let mut s = Server::default();
    let implicit = |port| secured(Security::Implicit, port);
    let explicit = |port| secured(Security::Explicit, port);
    connects(&mut s, on_port(990), failed(NetError::Malformed));
    connects(&mut s, explicit(990), failed(NetError::Malformed));
    connects(&mut s, implicit(21), failed(NetError::TlsHandshake));
    connects(&mut s, on_port(2121), failed(NetError::Connect));
    connects(&mut s, implicit(2121), failed(NetError::Connect));
    connects(&mut s, implicit(990), NetEvent::Ready);
    quit(&mut s);
    connects(&mut s, explicit(21), NetEvent::Ready);

    let mut s = Server::new(ServerConfig {
        port: 2121,
        implicit_port: 9990,
        ..ServerConfig::default()
    });
    connects(&mut s, login(), failed(NetError::Connect));
    connects(&mut s, on_port(9990), failed(NetError::Malformed));
    connects(&mut s, on_port(2121), NetEvent::Ready);
}

#[test]
fn tls() {
    let implicit = secured(Security::Implicit, 990);
    let explicit = secured(Security::Explicit, 21);

    let mut s = Server::new(ServerConfig {
        tls: false,
        ..ServerConfig::default()
    });
    connects(&mut s, explicit.clone(), fail(FtpStep::Auth, 502));
    connects(&mut s, implicit.clone(), failed(NetError::TlsHandshake));
    connects(&mut s, login(), NetEvent::Ready);

    let ca = b"our CA".to_vec();
    let mut s = Server::new(ServerConfig {
        ca: Some(ca.clone()),
        ..ServerConfig::default()
    });
    let wrong = Some(b"another CA".to_vec());
    connects(
        &mut s,
        with_ca(&explicit, wrong.clone()),
        failed(NetError::TlsHandshake),
    );
    connects(
        &mut s,
        with_ca(&implicit, wrong.clone()),
        failed(NetError::TlsHandshake),
    );
    // Plain FTP has no certificate to check.
    connects(&mut s, with_ca(&login(), wrong.clone()), NetEvent::Ready);
    quit(&mut s);
    for l in [
        with_ca(&explicit, Some(ca.clone())),
        with_ca(&implicit, None),
    ] {
        connects(&mut s, l, NetEvent::Ready);
        quit(&mut s);
    }

    // Default: any CA is accepted.
    let mut s = Server::default();
    connects(&mut s, with_ca(&implicit, wrong), NetEvent::Ready);
}

#[test]
fn greeting_and_login_step_faults() {
    let mut s = Server::default();
    s.faults_mut().greeting_code = Some(421);
    connects(&mut s, login(), fail(FtpStep::Greeting, 421));
    s.faults_mut().greeting_code = Some(220);
    connects(&mut s, login(), NetEvent::Ready);
    quit(&mut s);

    let explicit = secured(Security::Explicit, 21);
    let implicit = secured(Security::Implicit, 990);
    let cases = [
        (FtpStep::Type, 504, login(), true),
        (FtpStep::User, 421, login(), true),
        (FtpStep::Pass, 500, login(), true),
        (FtpStep::Auth, 534, explicit.clone(), true),
        (FtpStep::Auth, 534, implicit.clone(), false),
        (FtpStep::Auth, 534, login(), false),
        (FtpStep::Pbsz, 503, explicit.clone(), true),
        (FtpStep::Prot, 536, implicit.clone(), true),
        (FtpStep::Prot, 536, login(), false),
        (FtpStep::Greeting, 554, implicit, true),
        (FtpStep::Pasv, 425, explicit, false),
    ];
    for (step, code, l, fails) in cases {
        let mut s = Server::default();
        s.faults_mut().fail_step(step, code);
        let expect = if fails {
            fail(step, code)
        } else {
            NetEvent::Ready
        };
        assert_eq!(connect_with(&mut s, l), expect, "{step:?}");
    }
}

#[test]
fn connect_twice_is_a_violation() {
    let mut s = note_server();
    answers(&mut s, NetOp::Connect(login()), failed(NetError::Closed));
    assert_eq!(s.open_connections(), 0);
    // The id can be connected afresh.
    connect(&mut s, at(1), C1);
}

// --- data connection steps ---------------------------------------------------------------

#[test]
fn data_connection_steps() {
    let mut s = note_server();
    s.faults_mut().fail_step(FtpStep::Pasv, 425);
    refuses(&mut s, retr("/", "simftp.txt", 0), FtpStep::Pasv, 425);
    refuses(&mut s, list("/"), FtpStep::Pasv, 425);
    refuses(&mut s, stor("/", "x", PutVerb::Stor), FtpStep::Pasv, 425);
    // A CWD failure comes before PASV.
    refuses(&mut s, retr("/nope", "simftp.txt", 0), FtpStep::Cwd, 550);

    // Active mode uses PORT.
    let mut s = Server::default();
    s.add_file("/f", digits(10)).unwrap();
    s.faults_mut().fail_step(FtpStep::Port, 500);
    assert_eq!(
        now(
            &mut s,
            at(0),
            C1,
            NetOp::Connect(Login {
                passive: false,
                ..login()
            })
        ),
        NetEvent::Ready
    );
    refuses(&mut s, retr("/", "f", 0), FtpStep::Port, 500);
    assert_eq!(
        now(&mut s, at(0), C2, NetOp::Connect(login())),
        NetEvent::Ready
    );
    assert_eq!(now(&mut s, at(0), C2, retr("/", "f", 0)), NetEvent::Ready);

    let mut s = Server::default();
    s.add_file("/f", digits(10)).unwrap();
    s.faults_mut().refuse_data_connections = true;
    connect(&mut s, at(0), C1);
    answers(&mut s, retr("/", "f", 0), failed(NetError::Connect));
    answers(&mut s, list(""), failed(NetError::Connect));
}

#[test]
fn rest_and_retr_step_faults() {
    let mut s = note_server();
    s.faults_mut().fail_step(FtpStep::Rest, 502);
    refuses(&mut s, retr("/", "simftp.txt", 1), FtpStep::Rest, 502);
    // REST is only sent for an offset.
    answers(&mut s, retr("/", "simftp.txt", 0), NetEvent::Ready);
    request(&mut s, at(0), C1, NetOp::Abort);
    let mut s = note_server();
    s.faults_mut().fail_step(FtpStep::Retr, 450);
    refuses(&mut s, retr("/", "simftp.txt", 0), FtpStep::Retr, 450);
    s.faults_mut().fail_step(FtpStep::Retr, 451);
    assert_eq!(s.faults_mut().fail_steps, [(FtpStep::Retr, 451)]);
}

// --- LIST --------------------------------------------------------------------------------

#[test]
fn listing_format_exact() {
    let mut s = Server::default();
    s.add_dir("/pub").unwrap();
    s.add_file_with_mtime(
        "/simftp.txt",
        digits(1074),
        Timestamp::new(2026, 3, 19, 13, 31, 0),
    )
    .unwrap();
    s.add_file("/pub/inner.bin", digits(3)).unwrap();
    connect(&mut s, at(0), C1);
    answers(&mut s, list(""), NetEvent::Ready);
    let (pieces, t) = drain(&mut s, at(0), C1);
    let text = pieces.concat();
    assert_eq!(
        String::from_utf8(text).unwrap(),
        "drwxr-xr-x    2 ftp      ftp             0 Jan 01 00:00 pub\r\n\
         -rw-r--r--    1 ftp      ftp          1074 Mar 19 13:31 simftp.txt\r\n"
    );
    // A listing arrives whole (spec decision 46), as in the note's 5.1.11.
    assert_eq!(pieces.len(), 1);

    // A file argument: its entry, named as given (spec decision 47; note 5.1.11).
    assert_eq!(now(&mut s, t, C1, list("/simftp.txt")), NetEvent::Ready);
    let (pieces, t) = drain(&mut s, t, C1);
    assert_eq!(
        pieces.concat(),
        b"-rw-r--r--    1 ftp      ftp          1074 Mar 19 13:31 /simftp.txt\r\n"
    );
    assert_eq!(now(&mut s, t, C1, list("pub/inner.bin")), NetEvent::Ready);
    let (pieces, t) = drain(&mut s, t, C1);
    assert_eq!(
        pieces.concat(),
        b"-rw-r--r--    1 ftp      ftp             3 Jan 01 00:00 pub/inner.bin\r\n"
    );

    assert_eq!(now(&mut s, t, C1, list("/pub/")), NetEvent::Ready);
    let (pieces, _) = drain(&mut s, t, C1);
    assert_eq!(
        pieces.concat(),
        b"-rw-r--r--    1 ftp      ftp             3 Jan 01 00:00 inner.bin\r\n"
    );
}

#[test]
fn listing_sorts_by_name_and_handles_empty_and_missing() {
    let mut s = Server::default();
    for name in ["/b", "/a", "/c.d/x", "/C"] {
        s.add_file(name, Vec::new()).unwrap();
    }
    s.add_dir("/empty").unwrap();
    connect(&mut s, at(0), C1);
    answers(&mut s, list("/"), NetEvent::Ready);
    let (pieces, t) = drain(&mut s, at(0), C1);
    let text = String::from_utf8(pieces.concat()).unwrap();
    let names: Vec<&str> = text
        .lines()
        .map(|l| l.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(names, ["C", "a", "b", "c.d", "empty"]);
    // One piece, then the end: no interval to wait.
    assert_eq!(t, at(0));
    assert_eq!(now(&mut s, t, C1, list("/empty")), NetEvent::Ready);
    assert_eq!(now(&mut s, t, C1, read(100)), NetEvent::End);
    assert_eq!(now(&mut s, t, C1, list("/nope")), fail(FtpStep::List, 550));
    s.faults_mut().fail_step(FtpStep::List, 450);
    assert_eq!(now(&mut s, t, C1, list("/")), fail(FtpStep::List, 450));
}

// --- uploads -----------------------------------------------------------------------------

#[test]
fn stor_commits_at_finish_and_replaces() {
    let mut s = note_server();
    let t = at(61_500);
    assert_eq!(
        now(&mut s, t, C1, stor("/", "simftp.txt", PutVerb::Stor)),
        NetEvent::Ready
    );
    assert_eq!(
        now(&mut s, t, C1, NetOp::Write(b"new ".to_vec())),
        NetEvent::Written
    );
    assert_eq!(
        now(&mut s, t, C1, NetOp::Write(b"content".to_vec())),
        NetEvent::Written
    );
    assert_eq!(
        s.file("/simftp.txt"),
        Some(&digits(1074)[..]),
        "invisible before Finish"
    );
    assert_eq!(now(&mut s, t, C1, NetOp::Finish), NetEvent::Done);
    assert_eq!(s.file("/simftp.txt"), Some(&b"new content"[..]));
    assert_eq!(
        s.mtime("/simftp.txt"),
        Some(Timestamp::new(2026, 1, 1, 0, 1, 1))
    );
    // A new file in a subdirectory.
    s.add_dir("/up").unwrap();
    assert_eq!(
        upload(&mut s, t, C1, "/up", "n.txt", PutVerb::Stor, b"abc"),
        NetEvent::Done
    );
    assert_eq!(
        s.files().collect::<Vec<_>>(),
        [
            ("/simftp.txt", &b"new content"[..]),
            ("/up/n.txt", &b"abc"[..])
        ]
    );
}

#[test]
fn appe_appends_or_creates() {
    let mut s = note_server();
    assert_eq!(
        upload(&mut s, at(0), C1, "/", "simftp.txt", PutVerb::Appe, b"END"),
        NetEvent::Done
    );
    let mut expect = digits(1074);
    expect.extend_from_slice(b"END");
    assert_eq!(s.file("/simftp.txt"), Some(&expect[..]));
    assert_eq!(
        upload(&mut s, at(0), C1, "", "fresh", PutVerb::Appe, b"x"),
        NetEvent::Done
    );
    assert_eq!(s.file("/fresh"), Some(&b"x"[..]));
}

#[test]
fn stou_picks_a_unique_name() {
    let mut s = Server::default();
    connect(&mut s, at(0), C1);
    for (i, content) in [&b"0"[..], b"1", b"2"].into_iter().enumerate() {
        assert_eq!(
            upload(&mut s, at(0), C1, "/", "u.txt", PutVerb::Stou, content),
            NetEvent::Done,
            "{i}"
        );
    }
    assert_eq!(
        s.files().collect::<Vec<_>>(),
        [
            ("/u.txt", &b"0"[..]),
            ("/u.txt.1", &b"1"[..]),
            ("/u.txt.2", &b"2"[..])
        ]
    );
    // A directory takes the name too.
    s.add_dir("/d").unwrap();
    assert_eq!(
        upload(&mut s, at(0), C1, "/", "d", PutVerb::Stou, b"f"),
        NetEvent::Done
    );
    assert_eq!(s.file("/d.1"), Some(&b"f"[..]));
    // Two uploads in flight get different names.
    connect(&mut s, at(0), C2);
    answers(&mut s, stor("/", "v", PutVerb::Stou), NetEvent::Ready);
    assert_eq!(
        now(&mut s, at(0), C2, stor("/", "v", PutVerb::Stou)),
        NetEvent::Ready
    );
    assert_eq!(
        now(&mut s, at(0), C2, NetOp::Write(b"two".to_vec())),
        NetEvent::Written
    );
    assert_eq!(now(&mut s, at(0), C2, NetOp::Finish), NetEvent::Done);
    answers(&mut s, NetOp::Write(b"one".to_vec()), NetEvent::Written);
    answers(&mut s, NetOp::Finish, NetEvent::Done);
    assert_eq!(s.file("/v"), Some(&b"one"[..]));
    assert_eq!(s.file("/v.1"), Some(&b"two"[..]));
}

#[test]
fn aborted_upload_leaves_the_file_as_it_was() {
    for verb in [PutVerb::Stor, PutVerb::Appe] {
        let mut s = note_server();
        answers(&mut s, stor("/", "simftp.txt", verb), NetEvent::Ready);
        answers(&mut s, NetOp::Write(b"partial".to_vec()), NetEvent::Written);
        request(&mut s, at(0), C1, NetOp::Abort);
        assert_eq!(s.file("/simftp.txt"), Some(&digits(1074)[..]), "{verb:?}");
        assert_eq!(s.open_connections(), 0);
    }
    let mut s = note_server();
    answers(&mut s, stor("/", "new", PutVerb::Stor), NetEvent::Ready);
    quit(&mut s);
    assert_eq!(s.file("/new"), None);
}

#[test]
fn store_failures() {
    let mut s = note_server();
    s.add_dir("/pub").unwrap();
    refuses(&mut s, stor("/nope", "x", PutVerb::Stor), FtpStep::Cwd, 550);
    refuses(&mut s, stor("/", "pub", PutVerb::Stor), FtpStep::Store, 553);
    refuses(
        &mut s,
        stor("/", "nope/x", PutVerb::Appe),
        FtpStep::Store,
        553,
    );
    s.faults_mut().fail_step(FtpStep::Store, 452);
    refuses(&mut s, stor("/", "x", PutVerb::Stou), FtpStep::Store, 452);
    *s.faults_mut() = Faults::default();
    // The directory vanishes before Finish.
    answers(&mut s, stor("/pub", "x", PutVerb::Stor), NetEvent::Ready);
    connect(&mut s, at(0), C2);
    assert_eq!(
        now(
            &mut s,
            at(0),
            C2,
            NetOp::RemoveDir {
                path: "/pub".into()
            }
        ),
        NetEvent::Done
    );
    refuses(&mut s, NetOp::Finish, FtpStep::Store, 553);
    assert_eq!(s.file("/pub/x"), None);
}

// --- file and directory operations -------------------------------------------------------

fn size(dir: &str, name: &str) -> NetOp {
    NetOp::Size {
        dir: dir.into(),
        name: name.into(),
    }
}

fn mdtm(dir: &str, name: &str) -> NetOp {
    NetOp::Mdtm {
        dir: dir.into(),
        name: name.into(),
    }
}

fn dele(dir: &str, name: &str) -> NetOp {
    NetOp::Delete {
        dir: dir.into(),
        name: name.into(),
    }
}

fn mkd(path: &str) -> NetOp {
    NetOp::MakeDir { path: path.into() }
}

fn rmd(path: &str) -> NetOp {
    NetOp::RemoveDir { path: path.into() }
}

fn rename(from_dir: &str, from: &str, to_dir: &str, to: &str) -> NetOp {
    NetOp::Rename {
        from_dir: from_dir.into(),
        from: from.into(),
        to_dir: to_dir.into(),
        to: to.into(),
    }
}

#[test]
fn size_and_mdtm() {
    let mut s = note_server();
    s.add_file_with_mtime(
        "/pub/old.txt",
        digits(7),
        Timestamp::new(2024, 3, 19, 13, 31, 5),
    )
    .unwrap();
    answers(&mut s, size("/", "simftp.txt"), NetEvent::Size(1074));
    answers(&mut s, size("/pub", "old.txt"), NetEvent::Size(7));
    answers(
        &mut s,
        mdtm("/pub", "old.txt"),
        NetEvent::Modified("20240319133105".into()),
    );
    answers(
        &mut s,
        mdtm("", "simftp.txt"),
        NetEvent::Modified("20260101000000".into()),
    );
    refuses(&mut s, size("/", "nope"), FtpStep::Size, 550);
    refuses(&mut s, size("/", "pub"), FtpStep::Size, 550);
    refuses(&mut s, mdtm("/", "nope"), FtpStep::Mdtm, 550);
    refuses(&mut s, size("/nope", "simftp.txt"), FtpStep::Cwd, 550);
    refuses(&mut s, mdtm("/nope", "simftp.txt"), FtpStep::Cwd, 550);
    s.faults_mut().fail_step(FtpStep::Cwd, 421);
    refuses(&mut s, size("/", "simftp.txt"), FtpStep::Cwd, 421);
}

#[test]
fn delete() {
    let mut s = note_server();
    s.add_dir("/pub").unwrap();
    answers(&mut s, dele("/", "simftp.txt"), NetEvent::Done);
    assert_eq!(s.file("/simftp.txt"), None);
    refuses(&mut s, dele("/", "simftp.txt"), FtpStep::Dele, 550);
    refuses(&mut s, dele("/", "pub"), FtpStep::Dele, 550);
    refuses(&mut s, dele("/nope", "x"), FtpStep::Cwd, 550);
    assert!(s.is_dir("/pub"));
}

#[test]
fn make_and_remove_dir() {
    let mut s = note_server();
    let t = at(3_600_000);
    assert_eq!(now(&mut s, t, C1, mkd("/new")), NetEvent::Done);
    assert!(s.is_dir("/new"));
    assert_eq!(s.mtime("/new"), Some(Timestamp::new(2026, 1, 1, 1, 0, 0)));
    assert_eq!(now(&mut s, t, C1, mkd("new/sub/")), NetEvent::Done);
    assert_eq!(now(&mut s, t, C1, mkd("/new")), fail(FtpStep::Mkd, 550));
    assert_eq!(
        now(&mut s, t, C1, mkd("/simftp.txt")),
        fail(FtpStep::Mkd, 550)
    );
    assert_eq!(now(&mut s, t, C1, mkd("/a/b")), fail(FtpStep::Mkd, 550));
    assert_eq!(now(&mut s, t, C1, mkd("/")), fail(FtpStep::Mkd, 550));

    assert_eq!(
        now(&mut s, t, C1, rmd("/new")),
        fail(FtpStep::Rmd, 550),
        "not empty"
    );
    assert_eq!(now(&mut s, t, C1, rmd("/new/sub")), NetEvent::Done);
    assert_eq!(
        now(&mut s, t, C1, rmd("/new/sub")),
        fail(FtpStep::Rmd, 550),
        "missing"
    );
    assert_eq!(
        now(&mut s, t, C1, rmd("/simftp.txt")),
        fail(FtpStep::Rmd, 550),
        "a file"
    );
    assert_eq!(
        now(&mut s, t, C1, rmd("/")),
        fail(FtpStep::Rmd, 550),
        "the root"
    );
    assert_eq!(now(&mut s, t, C1, rmd("/new/")), NetEvent::Done);
    assert_eq!(s.dirs().collect::<Vec<_>>(), ["/"]);
    s.add_file("/d/f", Vec::new()).unwrap();
    assert_eq!(
        now(&mut s, t, C1, rmd("/d")),
        fail(FtpStep::Rmd, 550),
        "holds a file"
    );
}

#[test]
fn rename_files_and_dirs() {
    let mut s = note_server();
    s.add_file("/pub/a", b"A".to_vec()).unwrap();
    s.add_file_with_mtime("/pub/b", b"B".to_vec(), Timestamp::new(2020, 5, 6, 7, 8, 9))
        .unwrap();
    answers(
        &mut s,
        rename("/", "simftp.txt", "/", "simftp2.txt"),
        NetEvent::Done,
    );
    assert_eq!(s.file("/simftp.txt"), None);
    assert_eq!(s.file("/simftp2.txt"), Some(&digits(1074)[..]));
    // Onto an existing file: replaced; the mtime travels with the file.
    answers(&mut s, rename("/pub", "b", "/pub", "a"), NetEvent::Done);
    assert_eq!(s.file("/pub/a"), Some(&b"B"[..]));
    assert_eq!(s.mtime("/pub/a"), Some(Timestamp::new(2020, 5, 6, 7, 8, 9)));
    // Across directories, and a directory with its content.
    answers(&mut s, rename("/pub", "a", "/", "top"), NetEvent::Done);
    answers(&mut s, mkd("/pub/deep"), NetEvent::Done);
    s.add_file("/pub/deep/x", b"X".to_vec()).unwrap();
    answers(&mut s, rename("/", "pub", "/", "moved"), NetEvent::Done);
    assert_eq!(s.dirs().collect::<Vec<_>>(), ["/", "/moved", "/moved/deep"]);
    assert_eq!(s.file("/moved/deep/x"), Some(&b"X"[..]));
    // To itself: nothing happens.
    answers(&mut s, rename("/", "top", "/", "./top"), NetEvent::Done);
    assert_eq!(s.file("/top"), Some(&b"B"[..]));
}

#[test]
fn rename_failures() {
    let mut s = note_server();
    s.add_dir("/pub/sub").unwrap();
    // RNFR: a missing file, a file in a missing directory, the root; RNTO: a missing target
    // directory (given or in the name), an existing directory, a directory moved into itself,
    // an existing file.
    for (op, refusal) in [
        (rename("/", "nope", "/", "x"), fail(FtpStep::Rnfr, 550)),
        (
            rename("/nope", "simftp.txt", "/", "x"),
            fail(FtpStep::Rnfr, 550),
        ),
        (rename("/", "", "/", "x"), fail(FtpStep::Rnfr, 550)),
        (
            rename("/", "simftp.txt", "/nope", "x"),
            fail(FtpStep::Rnto, 553),
        ),
        (
            rename("/", "simftp.txt", "/", "nope/x"),
            fail(FtpStep::Rnto, 553),
        ),
        (
            rename("/", "simftp.txt", "/", "pub"),
            fail(FtpStep::Rnto, 553),
        ),
        (
            rename("/", "pub", "/pub/sub", "x"),
            fail(FtpStep::Rnto, 553),
        ),
        (
            rename("/", "pub", "/", "simftp.txt"),
            fail(FtpStep::Rnto, 553),
        ),
    ] {
        answers(&mut s, op, refusal);
    }
    s.faults_mut().fail_step(FtpStep::Rnto, 532);
    refuses(
        &mut s,
        rename("/", "simftp.txt", "/", "x"),
        FtpStep::Rnto,
        532,
    );
    assert_eq!(s.file("/simftp.txt"), Some(&digits(1074)[..]));
    assert_eq!(s.dirs().collect::<Vec<_>>(), ["/", "/pub", "/pub/sub"]);
}

// --- faults on transfers -----------------------------------------------------------------

#[test]
fn drop_after_breaks_a_download_after_exactly_that_many_bytes() {
    let mut s = note_server();
    s.faults_mut().drop_after = Some(60);
    answers(&mut s, retr("/", "simftp.txt", 100), NetEvent::Ready);
    assert_eq!(
        ask(&mut s, at(0), C1, read(4096)),
        (at(0), NetEvent::Data(digits(1074)[100..150].to_vec()))
    );
    assert_eq!(
        ask(&mut s, at(0), C1, read(4096)),
        (at(100), NetEvent::Data(digits(1074)[150..160].to_vec()))
    );
    assert_eq!(
        ask(&mut s, at(100), C1, read(4096)),
        (at(100), failed(NetError::DataBroken))
    );
    // The control connection survives.
    assert_eq!(
        now(&mut s, at(100), C1, size("/", "simftp.txt")),
        NetEvent::Size(1074)
    );
    // A limit at the file's length lets the download end normally.
    s.faults_mut().drop_after = Some(974);
    assert_eq!(
        now(&mut s, at(100), C1, retr("/", "simftp.txt", 100)),
        NetEvent::Ready
    );
    let (pieces, _) = drain(&mut s, at(100), C1);
    assert_eq!(pieces.concat(), &digits(1074)[100..]);
    // drop_after 0: the first read breaks.
    s.faults_mut().drop_after = Some(0);
    assert_eq!(now(&mut s, at(500), C1, list("/")), NetEvent::Ready);
    assert_eq!(
        now(&mut s, at(500), C1, read(10)),
        failed(NetError::DataBroken)
    );
}

#[test]
fn drop_after_breaks_an_upload() {
    let mut s = note_server();
    s.faults_mut().drop_after = Some(10);
    answers(
        &mut s,
        stor("/", "simftp.txt", PutVerb::Stor),
        NetEvent::Ready,
    );
    answers(&mut s, NetOp::Write(digits(6)), NetEvent::Written);
    answers(&mut s, NetOp::Write(digits(4)), NetEvent::Written);
    answers(
        &mut s,
        NetOp::Write(digits(1)),
        failed(NetError::DataBroken),
    );
    assert_eq!(s.file("/simftp.txt"), Some(&digits(1074)[..]));
    // The upload is gone: Finish does not fit the state any more.
    answers(&mut s, NetOp::Finish, failed(NetError::Closed));
    assert_eq!(s.open_connections(), 0);
}

#[test]
fn stall_after_silences_a_download() {
    let mut s = note_server();
    s.faults_mut().stall_after = Some(70);
    answers(&mut s, retr("/", "simftp.txt", 0), NetEvent::Ready);
    answers(&mut s, read(4096), NetEvent::Data(digits(50)));
    assert_eq!(
        ask(&mut s, at(0), C1, read(4096)),
        (at(100), NetEvent::Data(digits(1074)[50..70].to_vec()))
    );
    request(&mut s, at(100), C1, read(4096));
    assert_eq!(s.poll_timeout(), None);
    assert_eq!(s.poll_reply(at(1_000_000)), None);
    // Every later request goes unanswered too, until the model aborts.
    request(&mut s, at(75_100), C1, size("/", "simftp.txt"));
    assert_eq!(s.poll_timeout(), None);
    assert_eq!(s.open_connections(), 1);
    request(&mut s, at(75_100), C1, NetOp::Abort);
    assert_eq!(s.open_connections(), 0);
    // Other connections are not affected (below the limit).
    connect(&mut s, at(75_100), C2);
    assert_eq!(
        now(&mut s, at(75_100), C2, retr("/", "simftp.txt", 1050)),
        NetEvent::Ready
    );
    assert_eq!(
        now(&mut s, at(75_100), C2, read(4096)),
        NetEvent::Data(digits(1074)[1050..].to_vec())
    );
}

#[test]
fn stall_after_the_whole_file_withholds_the_end() {
    let mut s = Server::default();
    s.add_file("/f", digits(20)).unwrap();
    s.faults_mut().stall_after = Some(20);
    connect(&mut s, at(0), C1);
    answers(&mut s, retr("/", "f", 0), NetEvent::Ready);
    answers(&mut s, read(100), NetEvent::Data(digits(20)));
    request(&mut s, at(0), C1, read(100));
    assert_eq!(s.poll_timeout(), None);
}

#[test]
fn stall_after_silences_an_upload() {
    let mut s = note_server();
    s.faults_mut().stall_after = Some(5);
    answers(&mut s, stor("/", "up", PutVerb::Stor), NetEvent::Ready);
    answers(&mut s, NetOp::Write(digits(5)), NetEvent::Written);
    request(&mut s, at(0), C1, NetOp::Finish);
    assert_eq!(s.poll_timeout(), None);
    assert_eq!(s.file("/up"), None);
    request(&mut s, at(75_000), C1, NetOp::Abort);
    assert_eq!(s.open_connections(), 0);

    // Below the limit the upload completes; a write past it is never answered.
    connect(&mut s, at(0), C1);
    assert_eq!(
        upload(&mut s, at(0), C1, "/", "small", PutVerb::Stor, b"abc"),
        NetEvent::Done
    );
    answers(&mut s, stor("/", "big", PutVerb::Stor), NetEvent::Ready);
    request(&mut s, at(0), C1, NetOp::Write(digits(6)));
    assert_eq!(s.poll_timeout(), None);
}

// --- connections, order and timing --------------------------------------------------------

#[test]
fn quit_and_abort_drop_pending_replies() {
    let mut s = note_server();
    s.pacing_mut().latency = ms(50);
    request(&mut s, at(0), C1, size("/", "simftp.txt"));
    connect_pending(&mut s, C2);
    assert_eq!(s.pending_replies(), 2);
    request(&mut s, at(10), C1, NetOp::Quit);
    assert_eq!(s.pending_replies(), 1);
    assert_eq!(
        s.poll_reply(at(50)),
        Some(NetReply {
            conn: C2,
            event: NetEvent::Ready
        })
    );
    assert_eq!(s.open_connections(), 1);
    // A failed connect's pending reply goes too.
    s.faults_mut().refuse_connections = true;
    request(&mut s, at(60), ConnId(3), NetOp::Connect(login()));
    request(&mut s, at(60), ConnId(3), NetOp::Abort);
    assert_eq!(s.poll_timeout(), None);
    // Quit on an unknown connection is a no-op.
    request(&mut s, at(60), ConnId(9), NetOp::Quit);
    assert_eq!(s.poll_timeout(), None);
    assert_eq!(s.open_connections(), 1);
}

fn connect_pending(s: &mut Server, conn: ConnId) {
    request(s, at(0), conn, NetOp::Connect(login()));
}

#[test]
fn closed_and_unknown_connections_get_closed() {
    let mut s = note_server();
    quit(&mut s);
    answers(&mut s, size("/", "simftp.txt"), failed(NetError::Closed));
    assert_eq!(now(&mut s, at(0), C2, read(10)), failed(NetError::Closed));
    assert_eq!(s.open_connections(), 0);
}

#[test]
fn wrong_kind_requests_close_the_connection() {
    let during_download = |op: NetOp| {
        let mut s = note_server();
        answers(&mut s, retr("/", "simftp.txt", 0), NetEvent::Ready);
        answers(&mut s, op, failed(NetError::Closed));
        assert_eq!(s.open_connections(), 0);
    };
    during_download(NetOp::Write(b"x".to_vec()));
    during_download(NetOp::Finish);
    during_download(size("/", "simftp.txt"));
    let during_upload = |op: NetOp| {
        let mut s = note_server();
        answers(&mut s, stor("/", "x", PutVerb::Stor), NetEvent::Ready);
        answers(&mut s, op, failed(NetError::Closed));
        assert_eq!(s.open_connections(), 0);
        assert_eq!(s.file("/x"), None);
    };
    during_upload(read(10));
    during_upload(list("/"));
    let when_idle = |op: NetOp| {
        let mut s = note_server();
        answers(&mut s, op, failed(NetError::Closed));
        assert_eq!(s.open_connections(), 0);
    };
    when_idle(read(10));
    when_idle(NetOp::Write(Vec::new()));
    when_idle(NetOp::Finish);
}

#[test]
fn a_request_while_one_is_unanswered_closes_the_connection() {
    let mut s = note_server();
    s.pacing_mut().latency = ms(10);
    request(&mut s, at(0), C1, size("/", "simftp.txt"));
    request(&mut s, at(1), C1, size("/", "simftp.txt"));
    assert_eq!(
        s.poll_reply(at(100)),
        Some(NetReply {
            conn: C1,
            event: failed(NetError::Closed)
        })
    );
    assert_eq!(s.poll_reply(at(100)), None);
    assert_eq!(s.open_connections(), 0);
}

#[test]
fn replies_come_in_due_order_ties_in_request_order() {
    let mut s = logged_in_with("/f", digits(2000));
    connect(&mut s, at(0), C2);
    let c3 = ConnId(3);
    answers(&mut s, retr("/", "f", 0), NetEvent::Ready);
    answers(&mut s, read(4096), NetEvent::Data(digits(50)));
    // C1's second piece is due at 100; C2 and C3 ask at 20 and 10 but are answered at once.
    request(&mut s, at(0), C1, read(4096));
    request(&mut s, at(20), C2, size("/", "f"));
    request(&mut s, at(10), c3, NetOp::Connect(login()));
    assert_eq!(s.poll_timeout(), Some(at(10)));
    assert_eq!(s.poll_reply(at(9)), None);
    assert_eq!(s.poll_reply(at(200)).map(|r| r.conn), Some(c3));
    assert_eq!(s.poll_timeout(), Some(at(20)));
    assert_eq!(s.poll_reply(at(200)).map(|r| r.conn), Some(C2));
    assert_eq!(s.poll_timeout(), Some(at(100)));
    assert_eq!(s.poll_reply(at(200)).map(|r| r.conn), Some(C1));
    assert_eq!(s.poll_timeout(), None);
    assert_eq!(s.poll_reply(at(200)), None);

    // Ties: request order.
    request(&mut s, at(300), c3, size("/", "f"));
    request(&mut s, at(300), C2, mdtm("/", "f"));
    request(&mut s, at(300), C1, read(4096));
    let order: Vec<ConnId> = core::iter::from_fn(|| s.poll_reply(at(300)))
        .map(|r| r.conn)
        .collect();
    assert_eq!(order, [c3, C2, C1]);
}

#[test]
fn state_stays_bounded() {
    let mut s = note_server();
    for i in 2..500u32 {
        let c = ConnId(i);
        let t = at(u64::from(i) * 1000);
        connect(&mut s, t, c);
        assert_eq!(
            now(&mut s, t, c, retr("/", "simftp.txt", 0)),
            NetEvent::Ready
        );
        assert_eq!(now(&mut s, t, c, read(10)), NetEvent::Data(digits(10)));
        request(&mut s, t, c, read(10));
        let op = if i % 2 == 0 {
            NetOp::Quit
        } else {
            NetOp::Abort
        };
        request(&mut s, t, c, op);
        assert_eq!(s.open_connections(), 1);
        assert_eq!(s.pending_replies(), 0);
    }
}

#[test]
fn setup_accessors() {
    let mut s = Server::default();
    assert_eq!(s.users().collect::<Vec<_>>(), ["simcomtest"]);
    assert_eq!(s.dirs().collect::<Vec<_>>(), ["/"]);
    assert_eq!(s.files().count(), 0);
    assert_eq!(s.config().port, 21);
    assert_eq!(s.config().implicit_port, 990);
    assert!(s.config().tls);
    assert_eq!(s.config().ca, None);
    assert_eq!(s.config().epoch, Timestamp::new(2026, 1, 1, 0, 0, 0));
    s.add_file("/z/y.txt", b"1".to_vec()).unwrap();
    s.add_file("/a.txt", b"2".to_vec()).unwrap();
    s.add_file("/a.txt", b"3".to_vec()).unwrap();
    assert_eq!(
        s.files().collect::<Vec<_>>(),
        [("/a.txt", &b"3"[..]), ("/z/y.txt", &b"1"[..])]
    );
    assert!(s.is_dir("/z"));
    assert!(!s.is_dir("/a.txt"));
    assert_eq!(s.mtime("/z"), Some(EPOCH));
    assert_eq!(s.mtime("/nope"), None);
}

#[test]
fn a_file_cannot_hold_a_directory() {
    let mut s = Server::default();
    s.add_file("/f", Vec::new()).unwrap();
    assert_eq!(
        s.add_file("/f/g", Vec::new()),
        Err(ProvisionError::UnderFile("/f".into()))
    );
    assert_eq!(
        s.add_dir("/f/h"),
        Err(ProvisionError::UnderFile("/f".into()))
    );
    assert!(!s.is_dir("/f/h"));
}

#[test]
fn a_directory_cannot_become_a_file() {
    let mut s = Server::default();
    s.add_dir("/d").unwrap();
    assert_eq!(
        s.add_file("/d/", Vec::new()),
        Err(ProvisionError::IsDirectory("/d".into()))
    );
    assert_eq!(
        s.add_file("/", Vec::new()),
        Err(ProvisionError::IsDirectory("/".into()))
    );
    assert!(s.file("/d").is_none());
}

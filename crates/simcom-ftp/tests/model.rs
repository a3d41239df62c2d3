//! The driver against the model (`simcom-ftp-model`) in process, at virtual time: the app
//! note's scenarios performed by the client, with the bytes checked.

use std::time::Duration;

use simcom_at::command::Setting;
use simcom_at::{Command, FtpError, Instant};
use simcom_ftp::{Client, Done, Error, Timeouts, Wait};
use simcom_ftp_model::server::{Faults, Server, ServerConfig};
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{Module, Profile};

mod common;
use common::{Seen, drive, own, profile, put, split, world};

type Driver = Client<[u8; 2048]>;

/// Runs the client's operation against `sim` until it ends.
fn run(client: &mut Driver, sim: &mut Sim<Server>) -> Vec<Seen> {
    drive(client, sim, |_, _, _| {})
}

/// Runs one command to its end; panics unless it ends with `OK`.
fn ok(client: &mut Driver, sim: &mut Sim<Server>, command: &Command<'_>) -> Vec<Seen> {
    client.command(command).unwrap();
    let mut seen = run(client, sim);
    assert_eq!(seen.pop(), Some(Seen::Done(Done::Ok)), "{command:?}");
    seen
}

fn sim(files: &[(&str, Vec<u8>)]) -> Sim<Server> {
    world(files)
}

fn client() -> Driver {
    Client::new([0; 2048], Timeouts::default()).unwrap()
}

/// Echo off and the FTP profile of app note 5.1.1, getting and putting `path` / `name`.
fn configure(c: &mut Driver, sim: &mut Sim<Server>, path: &str, name: &str) {
    for cmd in profile(path, name) {
        assert_eq!(ok(c, sim, &cmd), []);
    }
}

/// App note 5.1.1: the 1,074-byte `simftp.txt` read with `AT+FTPGET=2,1024`; the client
/// hands out exactly the server's bytes, then `Done::Get`.
#[test]
fn app_note_5_1_1_get() {
    let file: Vec<u8> = (0..1074).map(|i| b"0123456789"[i % 10]).collect();
    let mut sim = sim(&[("/simftp.txt", file.clone())]);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "simftp.txt");
    c.get(1024).unwrap();
    let (data, rest) = split(run(&mut c, &mut sim));
    assert_eq!(data, file);
    assert_eq!(rest, [Seen::Done(Done::Get { bytes: 1074 })]);
}

/// Every byte value, over many reads of the largest size (1460), with echo on: the echo is
/// skipped, the data is exact.
#[test]
fn binary_file_with_echo_on_in_1460_byte_reads() {
    let file: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let mut sim = sim(&[("/fw/update.bin", file.clone())]);
    let mut c = client();
    configure(&mut c, &mut sim, "/fw", "update.bin");
    ok(&mut c, &mut sim, &Command::Echo(true));
    c.get(1460).unwrap();
    let (data, rest) = split(run(&mut c, &mut sim));
    assert_eq!(data.len(), file.len());
    assert!(data == file, "the bytes differ");
    assert_eq!(rest, [Seen::Done(Done::Get { bytes: 70_000 })]);
}

/// A file the server does not have: the module's session URC carries the FTP error, which
/// the client hands out typed (79 `download_error`: RETR answered 550, spec/error-codes.yaml).
#[test]
fn missing_file_fails_with_the_modules_ftp_error() {
    let mut sim = sim(&[]);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "absent.bin");
    c.get(1024).unwrap();
    let seen = run(&mut c, &mut sim);
    let [Seen::Failed(Error::Ftp(e))] = seen[..] else {
        panic!("{seen:?}")
    };
    assert_eq!(e, FtpError::Download);
}

/// A command the module refuses: plain `ERROR` (AT+CMEE=0) and `+CME ERROR` (AT+CMEE=2) come
/// out typed; the client is idle after each.
#[test]
fn refusals_are_typed() {
    let mut sim = sim(&[]);
    let mut c = client();
    ok(&mut c, &mut sim, &Command::Echo(false));
    c.command(&Command::FtpGet(simcom_at::command::Chunked::Read {
        reqlength: 10,
    }))
    .unwrap();
    let seen = run(&mut c, &mut sim);
    assert!(
        matches!(seen[..], [Seen::Failed(Error::Rejected | Error::Cme(_))]),
        "{seen:?}"
    );
    assert!(c.is_idle());
}

/// Answers of a command come out as responses and text lines before `Done::Ok`.
#[test]
fn command_answers_come_out_typed() {
    let mut sim = sim(&[]);
    let mut c = client();
    ok(&mut c, &mut sim, &Command::Echo(false));
    let seen = ok(
        &mut c,
        &mut sim,
        &Command::FtpState(simcom_at::command::Action::Execute),
    );
    assert_eq!(seen, [Seen::Response("+FTPSTATE: 0".into())]);
    let seen = ok(
        &mut c,
        &mut sim,
        &Command::Cgmr(simcom_at::command::Action::Execute),
    );
    assert_eq!(seen, [Seen::Text("Revision: 1951B10SIM7080".into())]);
}

/// A module that never answers: the wait ends at its deadline with what was awaited, never
/// later (virtual time bounds it).
#[test]
fn a_silent_module_times_out_at_the_deadline() {
    let mut c = client();
    c.get(1024).unwrap();
    let t0 = Instant::from_millis(1_000);
    assert_eq!(c.poll_transmit(t0), Some(&b"AT+FTPGET=1\r"[..]));
    let deadline = c.poll_timeout().unwrap();
    assert_eq!(deadline, t0 + Timeouts::default().response);
    assert_eq!(c.handle_timeout(Instant::from_millis(10_999)), None);
    assert_eq!(
        c.handle_timeout(deadline),
        Some(Error::Timeout(Wait::Final))
    );
    assert!(c.is_idle());
    // After OK, the session's first announcement is awaited for `session`.
    c.get(1024).unwrap();
    let _ = c.poll_transmit(t0);
    c.receive(t0, b"\r\nOK\r\n", |e| panic!("{e:?}"));
    assert_eq!(c.poll_timeout(), Some(t0 + Timeouts::default().session));
    assert_eq!(
        c.handle_timeout(t0 + Timeouts::default().session),
        Some(Error::Timeout(Wait::SessionStart))
    );
}

/// A URC that belongs to no operation is handed on, not dropped, before and during one.
#[test]
fn unclaimed_lines_are_handed_on() {
    let mut c = client();
    let mut seen = Vec::new();
    c.receive(Instant::ZERO, b"\r\n+APP PDP: 0,DEACTIVE\r\n", |e| {
        seen.push(own(e))
    });
    c.command(&Command::At).unwrap();
    let _ = c.poll_transmit(Instant::ZERO);
    c.receive(Instant::ZERO, b"\r\n+CFUN: 1\r\n\r\nOK\r\n", |e| {
        seen.push(own(e))
    });
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(matches!(&seen[0], Seen::Unsolicited(s) if s.contains("AppPdp")));
    assert!(matches!(&seen[1], Seen::Unsolicited(s) if s.contains("Cfun")));
    assert_eq!(seen[2], Seen::Done(Done::Ok));
}

/// Busy while an operation runs; a chunk outside 1–1460 is refused before anything is sent.
#[test]
fn busy_and_bad_chunk_are_refused() {
    let mut c = client();
    assert!(matches!(c.get(0), Err(Error::Encode(_))));
    assert!(matches!(c.get(1461), Err(Error::Encode(_))));
    assert_eq!(c.poll_transmit(Instant::ZERO), None);
    c.get(1460).unwrap();
    assert_eq!(c.command(&Command::At), Err(Error::Busy));
}

/// App note 5.1.8–5.1.10, 5.1.17, 5.1.18 through [`Client::remote`]: SIZE and MDTM of a file,
/// RENAME it, DELE it, then SIZE fails with the module's error; MKD and RMD a directory. The
/// server's state is checked after each change.
#[test]
fn remote_commands_size_mdtm_rename_dele_mkd_rmd() {
    use simcom_at::Timestamp;
    use simcom_ftp::Remote;
    let mut server = Server::default();
    server
        .add_file_with_mtime(
            "/pub/a.txt",
            b"hello".to_vec(),
            Timestamp::new(2014, 4, 9, 6, 9, 51),
        )
        .unwrap();
    let mut module = Module::new(Profile::default());
    module.set_context_active(0, true);
    let mut sim = Sim::new(module, server);
    let mut c = client();
    configure(&mut c, &mut sim, "/pub", "a.txt");
    let remote = |c: &mut Driver, sim: &mut Sim<Server>, r: Remote| {
        c.remote(r).unwrap();
        run(c, sim)
    };
    assert_eq!(
        remote(&mut c, &mut sim, Remote::Size),
        [Seen::Done(Done::Size { bytes: 5 })]
    );
    assert_eq!(
        remote(&mut c, &mut sim, Remote::Mdtm),
        [Seen::Done(Done::Mdtm(Timestamp::new(2014, 4, 9, 6, 9, 51)))]
    );
    ok(
        &mut c,
        &mut sim,
        &Command::FtpPutName(Setting::Write("b.txt")),
    );
    assert_eq!(
        remote(&mut c, &mut sim, Remote::Rename),
        [Seen::Done(Done::Ok)]
    );
    assert_eq!(sim.server.file("/pub/b.txt"), Some(&b"hello"[..]));
    ok(
        &mut c,
        &mut sim,
        &Command::FtpGetName(Setting::Write("b.txt")),
    );
    assert_eq!(
        remote(&mut c, &mut sim, Remote::Dele),
        [Seen::Done(Done::Ok)]
    );
    assert_eq!(sim.server.file("/pub/b.txt"), None);
    assert_eq!(
        remote(&mut c, &mut sim, Remote::Size),
        [Seen::Failed(Error::Ftp(FtpError::Operate))]
    );
    ok(
        &mut c,
        &mut sim,
        &Command::FtpGetPath(Setting::Write("/pub/new")),
    );
    assert_eq!(
        remote(&mut c, &mut sim, Remote::Mkd),
        [Seen::Done(Done::Ok)]
    );
    assert!(sim.server.dirs().any(|d| d == "/pub/new"));
    assert_eq!(
        remote(&mut c, &mut sim, Remote::Rmd),
        [Seen::Done(Done::Ok)]
    );
    assert!(!sim.server.dirs().any(|d| d == "/pub/new"));
}

/// App note 5.1.2: a PUT through the client; the server holds exactly the bytes, in 1360-byte
/// chunks (the module's `<maxlength>`) and in odd 100-byte ones.
#[test]
fn app_note_5_1_2_put() {
    for (size, chunk) in [(100, 1460), (5000, 1460), (3333, 100)] {
        let data: Vec<u8> = (0..=255u8).cycle().skip(7).take(size).collect();
        let mut sim = sim(&[]);
        let mut c = client();
        configure(&mut c, &mut sim, "/", "f.bin");
        let seen = put(&mut c, &mut sim, &data, chunk);
        assert_eq!(seen, [Seen::Done(Done::Put { bytes: size as u64 })]);
        assert!(sim.server.file("/f.bin") == Some(&data[..]), "{size}");
    }
}

/// A chunk larger than the module's `<maxlength>`, or one before the invitation, is refused
/// by the client before anything is sent.
#[test]
fn put_chunk_is_refused_out_of_turn() {
    let mut sim = sim(&[]);
    let mut c = client();
    assert_eq!(c.put_chunk(10), Err(Error::NotReady));
    configure(&mut c, &mut sim, "/", "f.bin");
    c.put().unwrap();
    assert_eq!(c.put_chunk(10), Err(Error::NotReady));
    let mut refused = None;
    drive(&mut c, &mut sim, |c, _, s| {
        if let Seen::PutReady(max) = s {
            refused = Some(c.put_chunk(max + 1));
            c.put_chunk(0).unwrap();
        }
    });
    assert!(
        matches!(refused, Some(Err(Error::Encode(_)))),
        "{refused:?}"
    );
}

/// App note 5.1.11: the listing of a directory through [`Client::list`], byte for byte what
/// the module passes on (the in-memory server's `ls -l` lines, `list_line`), then
/// `Done::List`.
#[test]
fn app_note_5_1_11_list() {
    use simcom_ftp_model::server::{EPOCH, list_line};
    let mut sim = sim(&[
        ("/pub/a.txt", b"hello".to_vec()),
        ("/pub/big.bin", vec![0; 3000]),
    ]);
    let mut c = client();
    configure(&mut c, &mut sim, "/pub", "a.txt");
    c.list(100).unwrap();
    let (data, rest) = split(run(&mut c, &mut sim));
    let mut want = String::new();
    list_line(&mut want, false, 5, EPOCH, "a.txt");
    list_line(&mut want, false, 3000, EPOCH, "big.bin");
    assert_eq!(String::from_utf8(data).unwrap(), want);
    assert_eq!(
        rest,
        [Seen::Done(Done::List {
            bytes: want.len() as u64
        })]
    );
}

/// App note 4.1: `AT+CNACT=0,1`, its `OK`, then `+APP PDP: 0,ACTIVE`, through
/// [`Client::bearer_up`]; `AT+CNACT?` then shows context 0 active with the note's address; a second activation is
/// refused by the module, typed.
#[test]
fn app_note_4_1_bearer_up() {
    let mut module = Module::new(Profile::default());
    module.set_context_active(0, false);
    let mut sim = Sim::new(module, Server::default());
    let mut c = client();
    ok(&mut c, &mut sim, &Command::Echo(false));
    c.bearer_up(0).unwrap();
    assert_eq!(run(&mut c, &mut sim), [Seen::Done(Done::Ok)]);
    let read = ok(&mut c, &mut sim, &Command::Cnact(Setting::Read));
    assert_eq!(
        read[0],
        Seen::Response("+CNACT: 0,1,\"10.94.36.44\"".into())
    );
    c.bearer_up(0).unwrap();
    let seen = run(&mut c, &mut sim);
    assert!(
        matches!(seen[..], [Seen::Failed(Error::Rejected | Error::Cme(_))]),
        "{seen:?}"
    );
    assert!(matches!(c.bearer_up(4), Err(Error::Encode(_))));
}

/// App note 5.1.16: `AT+FTPQUIT` while the session waits for the server (it sends nothing):
/// `OK`, then `+FTPGET: 1,80`, so the GET fails with `ManualQuit`; and mid-download, after
/// the first piece, the abort waits for the read in flight, then ends the session the same
/// way. A new GET then runs whole.
#[test]
fn app_note_5_1_16_quit_before_and_during_a_download() {
    use simcom_ftp_model::server::{Faults, ServerConfig};
    let file: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let mut server = Server::new(ServerConfig {
        faults: Faults {
            stall_after: Some(0),
            ..Faults::default()
        },
        ..ServerConfig::default()
    });
    server.add_file("/f.bin", file.clone()).unwrap();
    let mut module = Module::new(Profile::default());
    module.set_context_active(0, true);
    let mut sim = Sim::new(module, server);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "f.bin");
    assert_eq!(c.quit(), Err(Error::NotReady));
    c.get(1024).unwrap();
    // After the OK of AT+FTPGET=1, nothing comes: abort.
    let now = sim.now();
    let line = c.poll_transmit(now).unwrap().to_vec();
    assert_eq!(line, b"AT+FTPGET=1\r");
    sim.send(&line).unwrap();
    let out = sim.take_output();
    c.receive(now, &out, |e| panic!("{e:?}"));
    c.quit().unwrap();
    assert_eq!(c.poll_transmit(now), Some(&b"AT+FTPQUIT\r"[..]));
    sim.send(b"AT+FTPQUIT\r").unwrap();
    assert_eq!(
        run(&mut c, &mut sim),
        [Seen::Failed(Error::Ftp(FtpError::ManualQuit))]
    );
    sim.server.faults_mut().stall_after = None;
    c.get(1024).unwrap();
    let mut quit_sent = false;
    let seen = drive(&mut c, &mut sim, |c, _, s| {
        if matches!(s, Seen::Data(_)) && !quit_sent {
            c.quit().unwrap();
            quit_sent = true;
        }
    });
    let (data, rest) = split(seen);
    assert!(
        !data.is_empty() && data.len() < file.len(),
        "{}",
        data.len()
    );
    assert!(file.starts_with(&data));
    assert_eq!(rest, [Seen::Failed(Error::Ftp(FtpError::ManualQuit))]);
    c.get(1460).unwrap();
    let (data, rest) = split(run(&mut c, &mut sim));
    assert!(data == file);
    assert_eq!(rest, [Seen::Done(Done::Get { bytes: 100_000 })]);
}

/// App note 5.1.15: a transparent download (`AT+FTPETGET=1`) of every byte value, ETX and DLE
/// among them: the module escapes them, the codec unescapes, the client hands out exactly the
/// server's bytes, then `Done::Get` at `+FTPETGET: 1,0`.
#[test]
fn app_note_5_1_15_etget_of_every_byte_value() {
    let file: Vec<u8> = (0..=255u8).cycle().take(5_000).collect();
    let mut sim = sim(&[("/f.bin", file.clone())]);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "f.bin");
    c.et_get().unwrap();
    let (data, rest) = split(run(&mut c, &mut sim));
    assert!(data == file, "{} bytes, not the server's", data.len());
    assert_eq!(rest, [Seen::Done(Done::Get { bytes: 5_000 })]);
    // A missing file: the session URC's error, typed.
    ok(
        &mut c,
        &mut sim,
        &Command::FtpGetName(Setting::Write("absent")),
    );
    c.et_get().unwrap();
    assert_eq!(
        run(&mut c, &mut sim),
        [Seen::Failed(Error::Ftp(FtpError::Download))]
    );
}

/// App note 5.1.7: a download resumed with `AT+FTPREST=20` (a command before the GET):
/// the client hands out the file from byte 20 on.
#[test]
fn app_note_5_1_7_get_resumed_with_rest() {
    let file = b"wodeceshijieguo,zhgeshigeshia".to_vec();
    let mut sim = sim(&[("/simftp.txt", file.clone())]);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "simftp.txt");
    c.get(1024).unwrap();
    assert_eq!(split(run(&mut c, &mut sim)).0, file);
    ok(&mut c, &mut sim, &Command::FtpRest(Setting::Write(20)));
    c.get(1024).unwrap();
    let (data, rest) = split(run(&mut c, &mut sim));
    assert_eq!(data, &file[20..]);
    assert_eq!(rest, [Seen::Done(Done::Get { bytes: 9 })]);
}

/// App note 5.2.2: explicit FTPS (`AT+FTPSSL=2,0,"<ca list>",""` after the CA's conversion)
/// then the same GET; a CA the server's certificate does not chain to ends with the module's
/// TLS error (90), typed.
#[test]
fn app_note_5_2_2_ftps_explicit_get() {
    use simcom_at::command::{FtpSsl, SslType};
    use simcom_ftp_model::server::ServerConfig;
    let ca = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".to_vec();
    let other = b"-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n".to_vec();
    let file: Vec<u8> = (0..=255u8).cycle().take(4_000).collect();
    let mut server = Server::new(ServerConfig {
        ca: Some(ca.clone()),
        ..ServerConfig::default()
    });
    server.add_file("/f.bin", file.clone()).unwrap();
    let mut module = Module::new(Profile::default());
    module.set_context_active(0, true);
    for (name, bytes) in [("ca.pem", &ca), ("other.pem", &other)] {
        assert!(module.file_system_mut().write(
            simcom_at::command::FsDir::Customer,
            name,
            bytes,
            false
        ));
    }
    let mut sim = Sim::new(module, server);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "f.bin");
    for name in ["ca.pem", "other.pem"] {
        let convert = format!("AT+CSSLCFG=\"CONVERT\",2,\"{name}\"");
        ok(
            &mut c,
            &mut sim,
            &Command::parse(convert.as_bytes()).unwrap(),
        );
    }
    let ftpssl = |ca_list| {
        Command::FtpSsl(Setting::Write(FtpSsl {
            ssltype: SslType::Explicit,
            ctxindex: 0,
            ca_list,
            cert_name: "",
        }))
    };
    ok(&mut c, &mut sim, &ftpssl("ca.pem"));
    c.get(1460).unwrap();
    let (data, rest) = split(run(&mut c, &mut sim));
    assert!(data == file);
    assert_eq!(rest, [Seen::Done(Done::Get { bytes: 4_000 })]);
    ok(&mut c, &mut sim, &ftpssl("other.pem"));
    c.get(1460).unwrap();
    let seen = run(&mut c, &mut sim);
    assert!(
        matches!(seen[..], [Seen::Failed(Error::Ftp(e))] if e.code() == 90),
        "{seen:?}"
    );
}

/// App note 5.1.13: the 174,125-byte file downloaded into the module's RAM
/// (`AT+FTPEXTGET=1`, then `+FTPEXTGET: 1,0`), its size read (`AT+FTPEXTGET?`), read out in
/// 64 KiB pieces (`AT+FTPEXTGET=3,<pos>,<len>`) and freed (`AT+FTPEXTGET=0`): the client
/// hands out exactly the server's bytes. A missing file: the module's 79, typed.
#[test]
fn app_note_5_1_13_extget_to_ram() {
    let file: Vec<u8> = (0..174_125).map(|i| b"0123456789"[i % 10]).collect();
    let mut sim = sim(&[("/simftp.txt", file.clone())]);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "simftp.txt");
    c.ext_get(65_536).unwrap();
    let (data, rest) = split(run(&mut c, &mut sim));
    assert!(data == file, "{} bytes, not the server's", data.len());
    assert_eq!(rest, [Seen::Done(Done::Get { bytes: 174_125 })]);
    // The RAM copy is freed: the module is back to the normal method.
    let read = ok(&mut c, &mut sim, &Command::parse(b"AT+FTPEXTGET?").unwrap());
    assert_eq!(read, [Seen::Response("+FTPEXTGET: 0,0".into())]);
    ok(
        &mut c,
        &mut sim,
        &Command::FtpGetName(Setting::Write("absent")),
    );
    c.ext_get(65_536).unwrap();
    assert_eq!(
        run(&mut c, &mut sim),
        [Seen::Failed(Error::Ftp(FtpError::Download))]
    );
    assert!(matches!(c.ext_get(0), Err(Error::Encode(_))));
}

/// App note 5.1.14: a transparent upload (`AT+FTPETPUT`) of every byte value, ETX and DLE
/// among them, written DLE-escaped and ended by a bare ETX at `EtPutReady`; the server holds
/// exactly the bytes. Both orders of profile `etput_order` (errata E36): the manual's
/// `+FTPETPUT: 2,1` alone, and the note's `OK` before it.
#[test]
fn app_note_5_1_14_etput_in_both_orders() {
    use simcom_ftp_model::EtputOrder;
    let data: Vec<u8> = (0..=255u8).cycle().take(3_000).collect();
    for order in [EtputOrder::Manual, EtputOrder::AppNote] {
        let mut module = Module::new(Profile {
            etput_order: order,
            ..Profile::default()
        });
        module.set_context_active(0, true);
        let mut sim = Sim::new(module, Server::default());
        let mut c = client();
        configure(&mut c, &mut sim, "/", "t.bin");
        c.et_put(data.len() as u64).unwrap();
        let seen = drive(&mut c, &mut sim, |_, sim, s| {
            if *s == Seen::EtPutReady {
                sim.send(&simcom_at::etx::frame(&data)).unwrap();
            }
        });
        assert_eq!(
            seen,
            [Seen::EtPutReady, Seen::Done(Done::Put { bytes: 3_000 })],
            "{order:?}"
        );
        assert!(sim.server.file("/t.bin") == Some(&data[..]), "{order:?}");
    }
}

/// App note 5.1.19: the file downloaded into the module's file system
/// (`AT+FTPEXTGET=2,3,"fssimftp.txt"`, then `+FTPEXTGETFILE: 1,0`); `AT+FTPTOFSST` then tells
/// its size, and the module's file holds exactly the server's bytes. A missing file: 79.
#[test]
fn app_note_5_1_19_extget_to_the_file_system() {
    use simcom_at::command::FsDir;
    let file: Vec<u8> = (0..=255u8).cycle().take(1_000).collect();
    let mut sim = sim(&[("/simftp.txt", file.clone())]);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "simftp.txt");
    c.ext_get_to_file(FsDir::Customer, "fssimftp.txt").unwrap();
    assert_eq!(run(&mut c, &mut sim), [Seen::Done(Done::Ok)]);
    let size = ok(&mut c, &mut sim, &Command::parse(b"AT+FTPTOFSST").unwrap());
    assert_eq!(size, [Seen::Response("+FTPTOFSST: 0,0,1000".into())]);
    assert_eq!(
        sim.module
            .file_system()
            .read(FsDir::Customer, "fssimftp.txt"),
        Some(&file[..])
    );
    ok(
        &mut c,
        &mut sim,
        &Command::FtpGetName(Setting::Write("absent")),
    );
    c.ext_get_to_file(FsDir::Customer, "x.bin").unwrap();
    assert_eq!(
        run(&mut c, &mut sim),
        [Seen::Failed(Error::Ftp(FtpError::Download))]
    );
    assert!(matches!(
        c.ext_get_to_file(FsDir::Customer, ""),
        Err(Error::Encode(_))
    ));
}

/// The lines the client writes and the events it hands out when the module prints `module`'s
/// reads one after the other, 100 ms apart: the note's bytes, as printed, against the
/// client's.
fn exchange(c: &mut Driver, module: &[&[u8]]) -> (Vec<String>, Vec<Seen>) {
    let (mut sent, mut seen) = (Vec::new(), Vec::new());
    for (i, read) in module.iter().enumerate() {
        let now = Instant::from_millis(100 * i as u64);
        while let Some(line) = c.poll_transmit(now) {
            sent.push(String::from_utf8_lossy(line).into_owned());
        }
        while let Some(e) = c.poll_event() {
            seen.push(own(e));
        }
        c.receive(now, read, |e| seen.push(own(e)));
    }
    while let Some(line) = c.poll_transmit(Instant::from_millis(100 * module.len() as u64)) {
        sent.push(String::from_utf8_lossy(line).into_owned());
    }
    (sent, seen)
}

/// App note 5.1.3, first part: a server that never sends the file. The module ends the
/// session with 64 after its 75 s of silence (spec/README.md §8); the driver's session wait
/// (80 s) is longer, so the GET fails with the module's own error, typed, not a timeout.
#[test]
fn app_note_5_1_3_a_silent_server_is_the_modules_timeout_64() {
    let file: Vec<u8> = (0..1074).map(|i| b"0123456789"[i % 10]).collect();
    let mut server = Server::new(ServerConfig {
        faults: Faults {
            stall_after: Some(0),
            ..Faults::default()
        },
        ..ServerConfig::default()
    });
    server.add_file("/simftp.txt", file).unwrap();
    let mut module = Module::new(Profile::default());
    module.set_context_active(0, true);
    let mut sim = Sim::new(module, server);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "simftp.txt");
    let start = sim.now();
    c.get(1024).unwrap();
    assert_eq!(
        run(&mut c, &mut sim),
        [Seen::Failed(Error::Ftp(FtpError::Timeout))]
    );
    let waited = sim.now().saturating_duration_since(start);
    assert!(
        waited >= Duration::from_secs(75) && waited < Timeouts::default().session,
        "{waited:?}"
    );
}

/// App note 5.1.3, second part, on the note's bytes: the client reads at once after each
/// `+FTPGET: 1,1`, so the module has no reason to repeat it; when a repeat comes anyway
/// (a read crossing it) one read follows, not two; `+FTPGET: 1,64` then fails the GET typed.
#[test]
fn app_note_5_1_3_the_repeated_announcement_and_64() {
    let mut c = client();
    c.get(1024).unwrap();
    let (sent, seen) = exchange(
        &mut c,
        &[
            b"",
            b"\r\nOK\r\n",
            b"\r\n+FTPGET: 1,1\r\n",
            b"\r\n+FTPGET: 1,1\r\n",
            b"\r\n+FTPGET: 2,0\r\n\r\nOK\r\n",
            b"\r\n+FTPGET: 1,64\r\n",
        ],
    );
    assert_eq!(
        sent,
        [
            "AT+FTPGET=1\r",
            "AT+FTPGET=2,1024\r",
            // The repeat came while the first read was in flight: one more read after it.
            "AT+FTPGET=2,1024\r",
        ]
    );
    assert_eq!(seen, [Seen::Failed(Error::Ftp(FtpError::Timeout))]);
}

/// App note 5.1.4: a wrong password (`AT+FTPPW="3214567"`) ends the GET with 72, typed.
#[test]
fn app_note_5_1_4_wrong_password_is_72() {
    let mut sim = sim(&[("/simftp.txt", b"x".to_vec())]);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "simftp.txt");
    ok(&mut c, &mut sim, &Command::FtpPw(Setting::Write("3214567")));
    c.get(1024).unwrap();
    assert_eq!(
        run(&mut c, &mut sim),
        [Seen::Failed(Error::Ftp(FtpError::Password))]
    );
}

/// App note 5.1.5: a GET without a file name ends with 66, typed; the note's second
/// `AT+FTPPUT=1` while an upload runs (the module's 66) is refused by the client before
/// anything is sent (`Busy`), and the upload it would have broken completes.
#[test]
fn app_note_5_1_5_operation_errors() {
    let mut sim = sim(&[]);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "simftp.txt");
    ok(&mut c, &mut sim, &Command::FtpGetName(Setting::Write("")));
    c.get(1024).unwrap();
    assert_eq!(
        run(&mut c, &mut sim),
        [Seen::Failed(Error::Ftp(FtpError::OperationNotAllowed))]
    );
    c.put().unwrap();
    assert_eq!(c.put(), Err(Error::Busy));
    assert_eq!(c.poll_transmit(sim.now()), Some(&b"AT+FTPPUT=1\r"[..]));
    sim.send(b"AT+FTPPUT=1\r").unwrap();
    assert_eq!(c.poll_transmit(sim.now()), None);
    let mut sent = 0;
    let data = b"0123456789".repeat(5);
    let seen = drive(&mut c, &mut sim, |c, sim, s| match s {
        Seen::PutReady(_) if sent == 0 => c.put_chunk(50).unwrap(),
        Seen::PutReady(_) => c.put_chunk(0).unwrap(),
        Seen::PutData(n) => {
            sim.send(&data[..*n as usize]).unwrap();
            sent += *n as usize;
        }
        _ => {}
    });
    assert_eq!(seen.last(), Some(&Seen::Done(Done::Put { bytes: 50 })));
    assert_eq!(sim.server.file("/simftp.txt"), Some(&data[..]));
}

/// App note 5.1.6 on the note's bytes: every `ERROR` of the example is a read or a write out
/// of turn, and the client makes none. It reads only after `+FTPGET: 1,1`, not after
/// `+FTPGET: 1,0`; it writes a chunk only after `+FTPPUT: 1,1,1360` and nothing after the
/// upload ended.
#[test]
fn app_note_5_1_6_no_read_or_write_out_of_turn() {
    let digits: &[u8] = b"01234567890123456789012345678901234567890123456789";
    let mut c = client();
    c.get(1000).unwrap();
    let mut read = b"\r\n+FTPGET: 2,50\r\n".to_vec();
    read.extend_from_slice(digits);
    read.extend_from_slice(b"\r\nOK\r\n");
    let (sent, seen) = exchange(
        &mut c,
        &[
            b"",
            b"\r\nOK\r\n",
            b"\r\n+FTPGET: 1,1\r\n",
            &read,
            b"\r\n+FTPGET: 1,0\r\n",
        ],
    );
    // Nothing between `OK` and `+FTPGET: 1,1`; the read's `OK` came before `+FTPGET: 1,0`,
    // so one more read went out, and the end came while it was in flight.
    assert_eq!(
        sent,
        ["AT+FTPGET=1\r", "AT+FTPGET=2,1000\r", "AT+FTPGET=2,1000\r"]
    );
    assert_eq!(seen[0], Seen::Data(digits.to_vec()));
    // That read's answer ends the GET; nothing is read after it.
    let (sent, seen) = exchange(&mut c, &[b"\r\n+FTPGET: 2,0\r\n\r\nOK\r\n"]);
    assert_eq!(
        (sent, seen),
        (vec![], vec![Seen::Done(Done::Get { bytes: 50 })])
    );

    c.put().unwrap();
    let (sent, seen) = exchange(&mut c, &[b"", b"\r\nOK\r\n"]);
    assert_eq!((sent, seen), (vec!["AT+FTPPUT=1\r".to_string()], vec![]));
    assert_eq!(
        c.put_chunk(100),
        Err(Error::NotReady),
        "before +FTPPUT: 1,1"
    );
    let (_, seen) = exchange(&mut c, &[b"\r\n+FTPPUT: 1,1,1360\r\n"]);
    assert_eq!(seen, [Seen::PutReady(1360)]);
    c.put_chunk(100).unwrap();
    let (sent, seen) = exchange(&mut c, &[b"", b"\r\n+FTPPUT: 2,100\r\n"]);
    assert_eq!(
        (sent, seen),
        (
            vec!["AT+FTPPUT=2,100\r".to_string()],
            vec![Seen::PutData(100)]
        )
    );
    let (_, seen) = exchange(&mut c, &[b"\r\nOK\r\n", b"\r\n+FTPPUT: 1,1,1360\r\n"]);
    assert_eq!(seen, [Seen::PutReady(1360)]);
    c.put_chunk(0).unwrap();
    let (sent, seen) = exchange(&mut c, &[b"", b"\r\nOK\r\n", b"\r\n+FTPPUT: 1,0\r\n"]);
    assert_eq!(sent, ["AT+FTPPUT=2,0\r"]);
    assert_eq!(seen, [Seen::Done(Done::Put { bytes: 100 })]);
    assert_eq!(c.put_chunk(100), Err(Error::NotReady), "after the upload");
}

/// App note 5.1.12 on the note's bytes (the `OK`, data, `OK` of profile
/// `extput_order = app-note` without the header line, and `+FTPPUT: 1,0` before `OK`): the
/// client sends the note's commands with its parameters, and the data at the first `OK`.
/// It first empties the module's buffer (`AT+FTPEXTPUT=0`, not in the note) so that nothing
/// an earlier upload left is uploaded with the file.
#[test]
fn app_note_5_1_12_extput_on_the_notes_bytes() {
    let mut c = client();
    c.ext_put(1024, 1024, 10_000).unwrap();
    let (sent, seen) = exchange(
        &mut c,
        &[
            b"",
            b"\r\nOK\r\n",
            b"\r\nOK\r\n",
            b"\r\nOK\r\n",
            b"\r\nOK\r\n",
            b"\r\n+FTPPUT: 1,0\r\n\r\nOK\r\n",
            b"\r\nOK\r\n",
        ],
    );
    assert_eq!(
        sent,
        [
            "AT+FTPEXTPUT=0\r",
            "AT+FTPEXTPUT=1\r",
            "AT+FTPEXTPUT=2,0,1024,10000\r",
            "AT+FTPPUT=1\r",
            "AT+FTPEXTPUT=0\r",
        ]
    );
    assert_eq!(
        seen,
        [Seen::PutData(1024), Seen::Done(Done::Put { bytes: 1024 })]
    );
}

/// App note 5.1.12 against the model with the note's layout (profile `extput_order =
/// app-note`, `extput_header = false`): 1,024 bytes of every value loaded with the note's
/// parameters, uploaded; the server holds exactly them.
#[test]
fn app_note_5_1_12_extput_against_the_model() {
    let profile = Profile {
        extput_order: simcom_ftp_model::EtputOrder::AppNote,
        extput_header: false,
        ..Profile::default()
    };
    let mut sim = common::world_with(profile, &[]);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "simftp.txt");
    let data: Vec<u8> = (0..=255u8).cycle().take(1024).collect();
    c.ext_put(1024, 1024, 10_000).unwrap();
    let seen = drive(&mut c, &mut sim, |_, sim, s| {
        if *s == Seen::PutData(1024) {
            sim.send(&data).unwrap();
        }
    });
    assert_eq!(seen.last(), Some(&Seen::Done(Done::Put { bytes: 1024 })));
    assert!(sim.server.file("/simftp.txt") == Some(&data[..]));
}

/// A download into the module's RAM, then into its file system, over a slow but steady link
/// (1 byte every 3 ms: 100 KB take five minutes, four times the session wait): after each
/// wait the client asks the module how far it got and waits on, so the file arrives whole.
#[test]
fn a_slow_download_into_ram_is_followed_not_timed_out() {
    use simcom_ftp_model::server::Pacing;
    let file: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let mut server = Server::new(ServerConfig {
        pacing: Pacing {
            pieces: vec![1],
            latency: Duration::from_millis(3),
            ..Pacing::default()
        },
        ..ServerConfig::default()
    });
    server.add_file("/slow.bin", file.clone()).unwrap();
    let mut module = Module::new(Profile::default());
    module.set_context_active(0, true);
    let mut sim = Sim::new(module, server);
    let mut c = client();
    configure(&mut c, &mut sim, "/", "slow.bin");
    let start = sim.now();
    c.ext_get(10_000).unwrap();
    let (data, rest) = split(run(&mut c, &mut sim));
    assert_eq!(rest, [Seen::Done(Done::Get { bytes: 100_000 })]);
    assert!(data == file, "the bytes differ");
    assert!(sim.now().saturating_duration_since(start) > 2 * Timeouts::default().session);
    // The same into the module's file system (app note 5.1.19).
    let start = sim.now();
    c.ext_get_to_file(simcom_at::command::FsDir::Customer, "slow.bin")
        .unwrap();
    assert_eq!(run(&mut c, &mut sim), [Seen::Done(Done::Ok)]);
    assert!(sim.now().saturating_duration_since(start) > 2 * Timeouts::default().session);
    let saved = sim
        .module
        .file_system()
        .read(simcom_at::command::FsDir::Customer, "slow.bin");
    assert!(saved == Some(&file[..]), "the saved file differs");
}

/// The progress query on the module's bytes: a count that grows keeps the client waiting;
/// the same count a session later fails the download with `Timeout(Result)`; the session's
/// end printed while the query is in flight (`+FTPEXTGET: 1,0` before the answer, the same
/// shape) is told from the answer and ends the wait.
#[test]
fn the_progress_query_tells_growth_stall_and_the_end() {
    let session = Timeouts::default().session;
    let at = |ms: u64| Instant::from_millis(ms);
    // Growth, then a stall.
    let mut c = client();
    c.ext_get(1000).unwrap();
    assert_eq!(c.poll_transmit(at(0)), Some(&b"AT+FTPEXTGET=1\r"[..]));
    c.receive(at(10), b"\r\nOK\r\n", |e| panic!("{e:?}"));
    let t1 = at(10) + session;
    assert_eq!(c.poll_timeout(), Some(t1));
    assert_eq!(c.handle_timeout(t1), None, "a query, not a failure");
    assert_eq!(c.poll_transmit(t1), Some(&b"AT+FTPEXTGET?\r"[..]));
    c.receive(t1, b"\r\n+FTPEXTGET: 1,64000\r\n\r\nOK\r\n", |e| {
        panic!("{e:?}")
    });
    let t2 = t1 + session;
    assert_eq!(c.poll_timeout(), Some(t2));
    assert_eq!(c.handle_timeout(t2), None);
    assert_eq!(c.poll_transmit(t2), Some(&b"AT+FTPEXTGET?\r"[..]));
    let mut seen = Vec::new();
    c.receive(t2, b"\r\n+FTPEXTGET: 1,64000\r\n\r\nOK\r\n", |e| {
        seen.push(own(e))
    });
    assert_eq!(seen, [Seen::Failed(Error::Timeout(Wait::Result))]);
    assert!(c.is_idle());

    // The end while the query is in flight.
    let mut c = client();
    c.ext_get(1000).unwrap();
    let _ = c.poll_transmit(at(0));
    c.receive(at(10), b"\r\nOK\r\n", |e| panic!("{e:?}"));
    assert_eq!(c.handle_timeout(t1), None);
    let _ = c.poll_transmit(t1);
    c.receive(
        t1,
        b"\r\n+FTPEXTGET: 1,0\r\n\r\n+FTPEXTGET: 1,5000\r\n\r\nOK\r\n",
        |e| panic!("{e:?}"),
    );
    // The file is in the module's RAM: its size is asked, as after the URC on its own.
    assert_eq!(c.poll_transmit(t1), Some(&b"AT+FTPEXTGET?\r"[..]));
    c.receive(t1, b"\r\n+FTPEXTGET: 1,5000\r\n\r\nOK\r\n", |e| {
        panic!("{e:?}")
    });
    assert_eq!(c.poll_transmit(t1), Some(&b"AT+FTPEXTGET=3,0,1000\r"[..]));
}

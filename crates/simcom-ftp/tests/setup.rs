//! Setting the module up through the blocking driver, against the model: the session
//! parameters of a [`Config`], a certificate written into the module's file system and
//! converted (app note 5.2.1), FTPS explicit and implicit (5.2.2, 5.2.3), and the echo
//! discovery.

use simcom_at::command::{FsDir, FsFile, FtpMode, FtpType, PutOpt, Request, Setting, SslType};
use simcom_at::{CmeCode, Command};
use simcom_ftp::{BlockingError, Config, Done, Error, Event, Tls};
use simcom_ftp_model::Profile;
use simcom_ftp_model::server::{Server, ServerConfig};

mod common;
use common::{Driver, Shared, module, module_with};

/// The note's server and account.
fn note() -> Config<'static> {
    Config::new("112.74.93.163", "simcomtest", "simcomtest")
}

/// The one answer line of `command`, as printed.
fn answer(m: &mut Driver, command: &Command<'_>) -> String {
    let mut line = String::new();
    m.command(command, |e| match e {
        Event::Response(i) => line = i.to_string(),
        other => panic!("{other:?}"),
    })
    .unwrap();
    line
}

/// `/<name>` of the server, downloaded through the driver.
fn get(m: &mut Driver, name: &str) -> Result<Vec<u8>, BlockingError<std::convert::Infallible>> {
    m.commands(
        [
            Command::FtpGetPath(Setting::Write("/")),
            Command::FtpGetName(Setting::Write(name)),
        ],
        |e| panic!("{e:?}"),
    )?;
    let mut got = Vec::new();
    m.get(1460, |e| match e {
        Event::Data(d) => got.extend_from_slice(d),
        other => panic!("{other:?}"),
    })?;
    Ok(got)
}

/// A server whose certificate `ca` signed, holding `/f.bin`.
fn tls_world(ca: &[u8], file: &[u8]) -> (Shared, Driver) {
    let (sim, m) = module(&[]);
    let mut server = Server::new(ServerConfig {
        ca: Some(ca.to_vec()),
        ..ServerConfig::default()
    });
    server.add_file("/f.bin", file.to_vec()).unwrap();
    sim.borrow_mut().server = server;
    (sim, m)
}

/// Every option of a [`Config`] is a command the module takes, in order, and reads back.
#[test]
fn every_config_option_is_set() {
    let (_sim, mut m) = module(&[]);
    m.command(&Command::Echo(false), |_| {}).unwrap();
    let config = Config {
        cid: 0,
        port: Some(2121),
        mode: Some(FtpMode::Active),
        transfer_type: Some(FtpType::Ascii),
        put_opt: Some(PutOpt::Appe),
        rest: Some(100),
        ..note()
    };
    m.commands(config.commands(), |e| panic!("{e:?}")).unwrap();
    for (read, line) in [
        (
            Command::FtpServ(Setting::Read),
            "+FTPSERV: \"112.74.93.163\"",
        ),
        (Command::FtpPort(Setting::Read), "+FTPPORT: 2121"),
        (Command::FtpUn(Setting::Read), "+FTPUN: \"simcomtest\""),
        (Command::FtpMode(Setting::Read), "+FTPMODE: 0"),
        (Command::FtpType(Setting::Read), "+FTPTYPE: \"A\""),
        (Command::FtpPutOpt(Setting::Read), "+FTPPUTOPT: \"APPE\""),
        (Command::FtpRest(Setting::Read), "+FTPREST: 100"),
        (Command::FtpSsl(Setting::Read), "+FTPSSL: 0,0,\"\",\"\""),
    ] {
        assert_eq!(answer(&mut m, &read), line, "{read:?}");
    }
}

/// App notes 5.2.1 and 5.2.2 through the driver: the CA written into `/customer/` with
/// `AT+CFSWFILE` (`DOWNLOAD`, the bytes), converted by the [`Config`], then an explicit FTPS
/// download verified against it returns the server's exact bytes. A CA that did not sign the
/// server's certificate fails the session with 90, typed.
#[test]
fn app_notes_5_2_1_and_5_2_2_certificate_then_explicit_ftps() {
    let ca = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    let other = b"-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n";
    let file: Vec<u8> = (0..=255u8).cycle().take(5_000).collect();
    let (_sim, mut m) = tls_world(ca, &file);
    m.command(&Command::Echo(false), |_| {}).unwrap();
    for (name, bytes) in [("ftpbin_root_ca.cer", &ca[..]), ("other.cer", &other[..])] {
        m.write_file(FsDir::Customer, name, bytes, 1000, |_| {})
            .unwrap();
    }
    let explicit = |ca_list| Config {
        tls: Some(Tls {
            ca_list,
            convert: true,
            sslversion: Some(3),
            ignore_rtc_time: Some(true),
            sni: Some("ftp.example.com"),
            ..Tls::new(SslType::Explicit)
        }),
        ..note()
    };
    m.commands(explicit("ftpbin_root_ca.cer").commands(), |e| {
        panic!("{e:?}")
    })
    .unwrap();
    assert!(get(&mut m, "f.bin").unwrap() == file, "the bytes differ");
    m.commands(explicit("other.cer").commands(), |e| panic!("{e:?}"))
        .unwrap();
    match get(&mut m, "f.bin") {
        Err(BlockingError::Module(Error::Ftp(e))) => assert_eq!(e.code(), 90),
        other => panic!("{other:?}"),
    }
}

/// App note 5.2.3 through the driver: implicit FTPS on port 990, no CA named (the note's
/// "ignore the certificate"): the server's exact bytes.
#[test]
fn app_note_5_2_3_implicit_ftps() {
    let file: Vec<u8> = (0..=255u8).cycle().skip(9).take(3_000).collect();
    let (_sim, mut m) = tls_world(b"unused", &file);
    m.command(&Command::Echo(false), |_| {}).unwrap();
    let implicit = Config {
        port: Some(990),
        tls: Some(Tls::new(SslType::Implicit)),
        ..note()
    };
    m.commands(implicit.commands(), |e| panic!("{e:?}"))
        .unwrap();
    assert!(get(&mut m, "f.bin").unwrap() == file, "the bytes differ");
}

/// A file longer than one `AT+CFSWFILE` (10,240 bytes) is written in pieces, the later ones
/// appended: the module's file has every byte (`AT+CFSGFIS` gives its size, and the model's
/// file system its bytes). An empty file is refused before anything is sent.
#[test]
fn write_file_splits_a_long_file() {
    let data: Vec<u8> = (0..=255u8).cycle().take(25_000).collect();
    let (sim, mut m) = module(&[]);
    m.command(&Command::Echo(false), |_| {}).unwrap();
    let mut sent = 0;
    m.write_file(
        FsDir::Customer,
        "big.bin",
        &data,
        5000,
        common::progress(&mut sent),
    )
    .unwrap();
    assert_eq!(sent, 25_000, "the progress reported");
    let file = FsFile {
        dir: FsDir::Customer,
        name: "big.bin",
    };
    // AT+CFSGFIS needs the buffer of AT+CFSINIT, which write_file released.
    m.command(
        &Command::Cfsinit(simcom_at::command::Action::Execute),
        |_| {},
    )
    .unwrap();
    assert_eq!(
        answer(&mut m, &Command::Cfsgfis(Request::Write(file))),
        "+CFSGFIS: 25000"
    );
    assert!(
        sim.borrow()
            .module
            .file_system()
            .read(FsDir::Customer, "big.bin")
            == Some(&data[..])
    );
    assert!(matches!(
        m.write_file(FsDir::Customer, "empty.bin", &[], 5000, |_| {}),
        Err(BlockingError::Module(Error::Encode(_)))
    ));
}

/// A write the module refuses (its file system full: CME 767 after the data) comes out
/// typed, and the file system's buffer is released after it (`AT+CFSTERM`): the next write,
/// which starts with `AT+CFSINIT` (refused while the buffer is held), succeeds.
#[test]
fn a_refused_write_releases_the_buffer() {
    let profile = Profile {
        fs_capacity: 100,
        ..Profile::default()
    };
    let (sim, mut m) = module_with(profile, &[]);
    m.command(&Command::Echo(false), |_| {}).unwrap();
    m.command(&Command::parse(b"AT+CMEE=1").unwrap(), |_| {})
        .unwrap();
    let r = m.write_file(FsDir::Customer, "big.bin", &[7; 1000], 1000, |_| {});
    assert_eq!(
        r,
        Err(BlockingError::Module(Error::Cme(Some(
            CmeCode::OperationFailed
        ))))
    );
    m.write_file(FsDir::Customer, "small.bin", &[7; 10], 1000, |_| {})
        .unwrap();
    let fs = &sim.borrow().module;
    assert_eq!(
        fs.file_system().read(FsDir::Customer, "small.bin"),
        Some(&[7; 10][..])
    );
    assert_eq!(fs.file_system().read(FsDir::Customer, "big.bin"), None);
}

/// The echo discovery tells `ATE1` from `ATE0`, and the driver works either way.
#[test]
fn echo_is_discovered() {
    let (_sim, mut m) = module(&[("/f.bin", b"0123456789".to_vec())]);
    for on in [true, false, true] {
        m.command(&Command::Echo(on), |_| {}).unwrap();
        let done = m
            .perform(simcom_ftp::Client::discover_echo, |e| panic!("{e:?}"))
            .unwrap();
        assert_eq!(done, Done::Echo { on });
        m.commands(note().commands(), |e| panic!("{e:?}")).unwrap();
        assert_eq!(get(&mut m, "f.bin").unwrap(), b"0123456789");
    }
}

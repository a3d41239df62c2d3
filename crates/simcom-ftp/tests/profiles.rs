//! The same driver replayed against the module profiles where firmware differs (the model's
//! `Profile`, spec/README.md "Profile choices"): every operation returns the server's exact
//! bytes with each, or fails saying which setting the module needs.

use simcom_at::command::FtpExtPut;
use simcom_at::{CmeCode, Command, FtpError};
use simcom_ftp::{BlockingError, Done, Error, Event, ExtPutPrompt, Remote, Wait};
use simcom_ftp_model::{Defaults, EarlyChunk, EtputOrder, Profile};

mod common;
use common::{Driver, Shared, module_with, profile};

/// A file of every byte value, `n` long, starting at `skip`.
fn bytes(n: usize, skip: usize) -> Vec<u8> {
    (0..=255u8).cycle().skip(skip).take(n).collect()
}

/// The note's FTP profile for `/<name>`, leaving echo as the module has it.
fn configure(m: &mut Driver, name: &str) {
    for cmd in profile("/", name).into_iter().skip(1) {
        m.command(&cmd, |e| panic!("{cmd:?}: {e:?}")).unwrap();
    }
}

/// An event handler keeping the data pieces in `got`; anything else fails the test.
fn collect(got: &mut Vec<u8>) -> impl FnMut(Event<'_>) + '_ {
    move |e| match e {
        Event::Data(d) => got.extend_from_slice(d),
        other => panic!("{other:?}"),
    }
}

/// The names of a command's answer and of anything unclaimed a run saw: none are expected.
fn quiet(e: Event<'_>) {
    panic!("unexpected: {e:?}");
}

/// Every operation of the driver against `sim`'s module: GET, LIST, PUT, ETPUT, ETGET,
/// EXTGET, EXTPUT, SIZE, DELE; the server's bytes checked after each upload, the
/// downloads' bytes against the server's.
fn every_operation(m: &mut Driver, sim: &Shared) {
    let file = bytes(7_000, 0);
    sim.borrow_mut()
        .server
        .add_file("/f.bin", file.clone())
        .unwrap();
    configure(m, "f.bin");

    let mut got = Vec::new();
    assert_eq!(m.get(1000, collect(&mut got)).unwrap(), 7_000);
    assert!(got == file, "FTPGET: the bytes differ");

    got.clear();
    let done = m
        .perform(simcom_ftp::Client::et_get, collect(&mut got))
        .unwrap();
    assert_eq!(done, Done::Get { bytes: 7_000 });
    assert!(got == file, "FTPETGET: the bytes differ");

    got.clear();
    let done = m.perform(|c| c.ext_get(3_000), collect(&mut got)).unwrap();
    assert_eq!(done, Done::Get { bytes: 7_000 });
    assert!(got == file, "FTPEXTGET: the bytes differ");

    got.clear();
    assert!(m.list(1460, collect(&mut got)).unwrap() > 0);
    assert!(String::from_utf8_lossy(&got).contains("f.bin"));

    let up = bytes(9_000, 7);
    configure(m, "put.bin");
    let mut sent = 0;
    assert_eq!(m.put(&up, common::progress(&mut sent)).unwrap(), 9_000);
    assert!(
        sim.borrow().server.file("/put.bin") == Some(&up[..]),
        "FTPPUT"
    );

    configure(m, "et.bin");
    assert_eq!(m.et_put(&up, quiet).unwrap(), 9_000);
    assert!(
        sim.borrow().server.file("/et.bin") == Some(&up[..]),
        "FTPETPUT"
    );

    configure(m, "ext.bin");
    assert_eq!(
        m.ext_put(&up, 4_096, 20_000, common::progress(&mut sent))
            .unwrap(),
        9_000
    );
    assert_eq!(sent, 18_000, "the progress of FTPPUT and FTPEXTPUT");
    assert!(
        sim.borrow().server.file("/ext.bin") == Some(&up[..]),
        "FTPEXTPUT"
    );
    // The normal method is back: AT+FTPEXTPUT? reads mode 0.
    let mut mode = String::new();
    m.command(&Command::FtpExtPut(FtpExtPut::Read), |e| {
        if let Event::Response(i) = e {
            mode = i.to_string();
        }
    })
    .unwrap();
    assert_eq!(mode, "+FTPEXTPUT: 0,0");

    assert_eq!(
        m.remote(Remote::Size, quiet).unwrap(),
        Done::Size { bytes: 9_000 }
    );
    assert_eq!(m.remote(Remote::Dele, quiet).unwrap(), Done::Ok);
    assert_eq!(
        m.remote(Remote::Size, quiet),
        Err(BlockingError::Module(Error::Ftp(FtpError::Operate)))
    );
}

/// Runs [`every_operation`] against a module of `profile`, the driver set by `prompt`.
fn replay(profile: Profile, prompt: ExtPutPrompt) {
    let (sim, mut m) = module_with(profile, &[]);
    m.client_mut().set_ext_put_prompt(prompt);
    every_operation(&mut m, &sim);
}

/// The profile choices that change what the host sees on the wire, one at a time.
fn variants() -> Vec<(&'static str, Profile)> {
    let d = Profile::default;
    let defaults = |f: fn(&mut Defaults)| {
        let mut p = d();
        f(&mut p.defaults);
        p
    };
    vec![
        ("default", d()),
        ("echo on", defaults(|x| x.echo = true)),
        ("echo off", defaults(|x| x.echo = false)),
        ("cmee 0", defaults(|x| x.cmee = 0)),
        ("cmee 2", defaults(|x| x.cmee = 2)),
        (
            "etput_order app-note",
            Profile {
                etput_order: EtputOrder::AppNote,
                ..d()
            },
        ),
        (
            "extput_order app-note",
            Profile {
                extput_order: EtputOrder::AppNote,
                ..d()
            },
        ),
        (
            "extput_order app-note, extput_header false (the note's 5.1.12)",
            Profile {
                extput_order: EtputOrder::AppNote,
                extput_header: false,
                ..d()
            },
        ),
        (
            "put_maxlength 100",
            Profile {
                put_maxlength: 100,
                ..d()
            },
        ),
        (
            "put_early_chunk accept",
            Profile {
                put_early_chunk: EarlyChunk::Accept,
                ..d()
            },
        ),
        (
            "ftprest_reset false",
            Profile {
                ftprest_reset: false,
                ..d()
            },
        ),
    ]
}

/// Every operation works with each profile choice, the driver left at its defaults.
#[test]
fn every_operation_works_with_each_profile() {
    for (name, profile) in variants() {
        eprintln!("profile: {name}");
        replay(profile, ExtPutPrompt::Wait);
    }
}

/// A module that prints nothing before FTPEXTPUT's data (`extput_header = false` in the
/// manual's order): the driver at its default fails the wait for the go-ahead, naming the
/// setting it needs, and the client is idle; with [`ExtPutPrompt::None`] every operation
/// works.
#[test]
fn a_module_without_extput_go_ahead_needs_the_setting_the_error_names() {
    let silent = || Profile {
        extput_header: false,
        ..Profile::default()
    };
    let (sim, mut m) = module_with(silent(), &[]);
    configure(&mut m, "ext.bin");
    let r = m.ext_put(&bytes(100, 0), 100, 20_000, |_| {});
    assert_eq!(
        r,
        Err(BlockingError::Module(Error::Timeout(Wait::ExtPutPrompt)))
    );
    let message = Error::Timeout(Wait::ExtPutPrompt).to_string();
    assert!(message.contains("ExtPutPrompt::None"), "{message}");
    assert!(message.contains("extput_header = false"), "{message}");
    assert!(sim.borrow().server.file("/ext.bin").is_none());

    replay(silent(), ExtPutPrompt::None);
}

/// A module answering `+CME ERROR` in numbers (AT+CMEE=1) or plain `ERROR` (AT+CMEE=0): the
/// refusal of a load beyond the module's RAM comes out typed either way, and the driver
/// returns the module to the normal method after it.
#[test]
fn a_refused_load_is_typed_and_the_method_restored() {
    for cmee in [0, 1, 2] {
        let profile = Profile {
            extput_ram_capacity: 1_000,
            defaults: Defaults {
                cmee,
                ..Defaults::default()
            },
            ..Profile::default()
        };
        let (sim, mut m) = module_with(profile, &[]);
        configure(&mut m, "big.bin");
        let r = m.ext_put(&bytes(1_500, 0), 1_500, 20_000, |_| {});
        let expected = match cmee {
            0 => Error::Rejected,
            _ => Error::Cme(Some(CmeCode::ParamValueRangeBeyond)),
        };
        assert_eq!(r, Err(BlockingError::Module(expected)), "cmee {cmee}");
        assert!(sim.borrow().server.file("/big.bin").is_none());
        let mut mode = String::new();
        m.command(&Command::FtpExtPut(FtpExtPut::Read), |e| {
            if let Event::Response(i) = e {
                mode = i.to_string();
            }
        })
        .unwrap();
        assert_eq!(mode, "+FTPEXTPUT: 0,0", "cmee {cmee}");
    }
}

//! The host driver (`simcom-ftp`) performing every scenario of the app note's sections 4.1,
//! 5.1 and 5.2, each twice: on the model at virtual time (`model/…`), and through
//! `serve --pty`'s virtual module on a real pseudo-terminal, opened as a serial port
//! (`pty/…`), at wall time. The bytes are checked: downloads against the server's file,
//! uploads by downloading them back through the same port.

use std::cell::RefCell;
use std::ops::ControlFlow;
use std::process::ExitCode;
use std::time::Duration;

use libtest_mimic::{Arguments, Failed, Trial};
use simcom_at::command::{Action, FsDir, Setting, SslType};
use simcom_at::{Command, FtpError, Info};
use simcom_conformance::host::{self, Driver};
use simcom_conformance::serve::VirtualModule;
use simcom_conformance::target::{ModelTarget, SerialConfig, SerialTarget, Target};
use simcom_ftp::{BlockingError, Config, Done, Error, Event, Remote, Tls};
use simcom_ftp_model::server::{Faults, Server, ServerConfig};
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{Module, Profile};

type Outcome = Result<(), String>;

/// One scenario: the world it starts from and what the driver does in it.
struct Scenario {
    name: &'static str,
    world: fn() -> Sim,
    run: fn(&mut Driver<'_>) -> Outcome,
}

/// The note's file: 1,074 digits.
fn digits(n: usize) -> Vec<u8> {
    (0..n).map(|i| b"0123456789"[i % 10]).collect()
}

/// Every byte value, `n` long, from `skip`.
fn bytes(n: usize, skip: usize) -> Vec<u8> {
    (0..=255u8).cycle().skip(skip).take(n).collect()
}

/// The note's world: context 0 active, the note's account, these files.
fn world_with(profile: Profile, server: Server, files: &[(&str, Vec<u8>)]) -> Sim {
    let mut server = server;
    for (path, data) in files {
        server.add_file(path, data.clone()).expect("a test file");
    }
    let mut module = Module::new(profile);
    module.set_context_active(0, true);
    Sim::new(module, server)
}

fn world(files: &[(&str, Vec<u8>)]) -> Sim {
    world_with(Profile::default(), Server::default(), files)
}

/// The note's server, a file of 7,000 bytes and the note's 1,074 digits.
fn note_world() -> Sim {
    world(&[("/simftp.txt", digits(1074)), ("/f.bin", bytes(7_000, 0))])
}

/// The CA of the FTPS scenarios, and another one.
const CA: &[u8] = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const OTHER_CA: &[u8] = b"-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n";

fn tls_world() -> Sim {
    let server = Server::new(ServerConfig {
        ca: Some(CA.to_vec()),
        ..ServerConfig::default()
    });
    world_with(Profile::default(), server, &[("/f.bin", bytes(7_000, 3))])
}

fn e<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// Echo off and the note's session parameters (app note 5.1.1), plain FTP.
fn setup(d: &mut Driver<'_>) -> Outcome {
    d.command(&Command::Echo(false), |_| {})
        .map_err(e("ATE0"))?;
    let note = Config::new("112.74.93.163", "simcomtest", "simcomtest");
    d.commands(note.commands(), |_| {})
        .map_err(e("the session parameters"))
}

/// Names `/<name>` for the next download (and the commands on a file).
fn get_name(d: &mut Driver<'_>, name: &str) -> Outcome {
    d.commands(
        [
            Command::FtpGetPath(Setting::Write("/")),
            Command::FtpGetName(Setting::Write(name)),
        ],
        |_| {},
    )
    .map_err(e("FTPGETPATH/FTPGETNAME"))
}

/// Names `/<name>` for the next upload.
fn put_name(d: &mut Driver<'_>, name: &str) -> Outcome {
    d.commands(
        [
            Command::FtpPutPath(Setting::Write("/")),
            Command::FtpPutName(Setting::Write(name)),
        ],
        |_| {},
    )
    .map_err(e("FTPPUTPATH/FTPPUTNAME"))
}

/// `/<name>` downloaded with AT+FTPGET in `chunk`-byte reads.
fn get(d: &mut Driver<'_>, name: &str, chunk: u16) -> Result<Vec<u8>, String> {
    get_name(d, name)?;
    let mut got = Vec::new();
    let n = d
        .get(chunk, |ev| {
            if let Event::Data(piece) = ev {
                got.extend_from_slice(piece);
            }
        })
        .map_err(e("FTPGET"))?;
    if n != got.len() as u64 {
        return Err(format!(
            "FTPGET counted {n} bytes, handed out {}",
            got.len()
        ));
    }
    Ok(got)
}

/// Fails unless `got` is `want`.
fn same(what: &str, got: &[u8], want: &[u8]) -> Outcome {
    if got == want {
        return Ok(());
    }
    let at = got.iter().zip(want).position(|(a, b)| a != b);
    Err(format!(
        "{what}: {} bytes, {} expected; first difference at {at:?}",
        got.len(),
        want.len()
    ))
}

/// Fails unless `r` failed with the module's FTP error `code`.
fn ftp_error<T: std::fmt::Debug, E: std::fmt::Debug>(
    r: Result<T, BlockingError<E>>,
    code: u8,
) -> Outcome {
    match r {
        Err(BlockingError::Module(Error::Ftp(f))) if f.code() == code => Ok(()),
        other => Err(format!("FTP error {code} expected, got {other:?}")),
    }
}

/// The listing of `/`.
fn list(d: &mut Driver<'_>) -> Result<String, String> {
    d.command(&Command::FtpGetPath(Setting::Write("/")), |_| {})
        .map_err(e("FTPGETPATH"))?;
    let mut listing = Vec::new();
    d.list(1460, |ev| {
        if let Event::Data(piece) = ev {
            listing.extend_from_slice(piece);
        }
    })
    .map_err(e("FTPLIST"))?;
    Ok(String::from_utf8_lossy(&listing).into_owned())
}

fn scenarios() -> Vec<Scenario> {
    vec![
        Scenario {
            name: "4.1-bearer-up",
            world: || {
                let mut module = Module::new(Profile::default());
                module.set_context_active(0, false);
                Sim::new(module, Server::default())
            },
            run: |d| {
                d.command(&Command::Echo(false), |_| {})
                    .map_err(e("ATE0"))?;
                d.bearer_up(0, |_| {}).map_err(e("bearer_up"))?;
                let mut active = false;
                d.command(&Command::Cnact(Setting::Read), |ev| {
                    if let Event::Response(Info::Cnact {
                        pdpidx: 0, status, ..
                    }) = ev
                    {
                        active = status == 1;
                    }
                })
                .map_err(e("AT+CNACT?"))?;
                active.then_some(()).ok_or("context 0 is not active".into())
            },
        },
        Scenario {
            name: "5.1.1-get",
            world: note_world,
            run: |d| {
                setup(d)?;
                same("simftp.txt", &get(d, "simftp.txt", 1024)?, &digits(1074))
            },
        },
        Scenario {
            name: "5.1.2-put",
            world: note_world,
            run: |d| {
                setup(d)?;
                let data = bytes(10_000, 7);
                put_name(d, "up.bin")?;
                let mut progress = 0u64;
                d.put(&data, |ev| {
                    if let Event::PutData { len } = ev {
                        progress += u64::from(len);
                    }
                })
                .map_err(e("FTPPUT"))?;
                if progress != 10_000 {
                    return Err(format!("the progress said {progress} bytes"));
                }
                same("up.bin back", &get(d, "up.bin", 1460)?, &data)
            },
        },
        Scenario {
            name: "5.1.3-timeout",
            // The server never sends the file; the module's silence limit shortened from
            // 75 s to 2 s so that the wall-time run stays short.
            world: || {
                let server = Server::new(ServerConfig {
                    faults: Faults {
                        stall_after: Some(0),
                        ..Faults::default()
                    },
                    ..ServerConfig::default()
                });
                let profile = Profile {
                    server_timeout: Duration::from_secs(2),
                    ..Profile::default()
                };
                world_with(profile, server, &[("/simftp.txt", digits(1074))])
            },
            run: |d| {
                setup(d)?;
                get_name(d, "simftp.txt")?;
                ftp_error(d.get(1024, |_| {}), 64)
            },
        },
        Scenario {
            name: "5.1.4-wrong-password",
            world: note_world,
            run: |d| {
                setup(d)?;
                d.command(&Command::FtpPw(Setting::Write("3214567")), |_| {})
                    .map_err(e("FTPPW"))?;
                get_name(d, "simftp.txt")?;
                ftp_error(d.get(1024, |_| {}), 72)
            },
        },
        Scenario {
            name: "5.1.5-operation-error",
            world: note_world,
            run: |d| {
                setup(d)?;
                get_name(d, "")?;
                ftp_error(d.get(1024, |_| {}), 66)
            },
        },
        Scenario {
            name: "5.1.6-read-write",
            // The note's 50 bytes read with 1000-byte requests, and its 100-byte upload.
            world: || world(&[("/simftp.txt", digits(50))]),
            run: |d| {
                setup(d)?;
                same("simftp.txt", &get(d, "simftp.txt", 1000)?, &digits(50))?;
                put_name(d, "w.txt")?;
                let data = digits(100);
                d.put(&data, |_| {}).map_err(e("FTPPUT"))?;
                same("w.txt back", &get(d, "w.txt", 1000)?, &data)
            },
        },
        Scenario {
            name: "5.1.7-rest",
            world: note_world,
            run: |d| {
                setup(d)?;
                d.command(&Command::FtpRest(Setting::Write(1000)), |_| {})
                    .map_err(e("FTPREST"))?;
                same(
                    "the tail",
                    &get(d, "f.bin", 1460)?,
                    &bytes(7_000, 0)[1000..],
                )
            },
        },
        Scenario {
            name: "5.1.8-dele",
            world: note_world,
            run: |d| {
                setup(d)?;
                get_name(d, "f.bin")?;
                d.remote(Remote::Dele, |_| {}).map_err(e("FTPDELE"))?;
                ftp_error(d.remote(Remote::Size, |_| {}), 77)
            },
        },
        Scenario {
            name: "5.1.9-size",
            world: note_world,
            run: |d| {
                setup(d)?;
                get_name(d, "simftp.txt")?;
                match d.remote(Remote::Size, |_| {}).map_err(e("FTPSIZE"))? {
                    Done::Size { bytes: 1074 } => Ok(()),
                    other => Err(format!("{other:?}")),
                }
            },
        },
        Scenario {
            name: "5.1.10-mkd-rmd",
            world: note_world,
            run: |d| {
                setup(d)?;
                d.command(&Command::FtpGetPath(Setting::Write("/newdir")), |_| {})
                    .map_err(e("FTPGETPATH"))?;
                d.remote(Remote::Mkd, |_| {}).map_err(e("FTPMKD"))?;
                if !list(d)?.contains("newdir") {
                    return Err("MKD: /newdir not listed".into());
                }
                d.command(&Command::FtpGetPath(Setting::Write("/newdir")), |_| {})
                    .map_err(e("FTPGETPATH"))?;
                d.remote(Remote::Rmd, |_| {}).map_err(e("FTPRMD"))?;
                if list(d)?.contains("newdir") {
                    return Err("RMD: /newdir still listed".into());
                }
                Ok(())
            },
        },
        Scenario {
            name: "5.1.11-list",
            world: note_world,
            run: |d| {
                setup(d)?;
                let listing = list(d)?;
                for name in [" simftp.txt\r\n", " f.bin\r\n"] {
                    if !listing.contains(name) {
                        return Err(format!("{name:?} not in {listing:?}"));
                    }
                }
                Ok(())
            },
        },
        Scenario {
            name: "5.1.12-extput",
            world: note_world,
            run: |d| {
                setup(d)?;
                let data = bytes(5_000, 1);
                put_name(d, "ext.bin")?;
                d.ext_put(&data, 1024, 10_000, |_| {})
                    .map_err(e("FTPEXTPUT"))?;
                same("ext.bin back", &get(d, "ext.bin", 1460)?, &data)
            },
        },
        Scenario {
            name: "5.1.13-extget",
            world: note_world,
            run: |d| {
                setup(d)?;
                get_name(d, "f.bin")?;
                let mut got = Vec::new();
                d.perform(
                    |c| c.ext_get(2_000),
                    |ev| {
                        if let Event::Data(piece) = ev {
                            got.extend_from_slice(piece);
                        }
                    },
                )
                .map_err(e("FTPEXTGET"))?;
                same("f.bin", &got, &bytes(7_000, 0))
            },
        },
        Scenario {
            name: "5.1.14-etput",
            world: note_world,
            run: |d| {
                setup(d)?;
                let data = bytes(5_000, 9);
                put_name(d, "et.bin")?;
                d.et_put(&data, |_| {}).map_err(e("FTPETPUT"))?;
                same("et.bin back", &get(d, "et.bin", 1460)?, &data)
            },
        },
        Scenario {
            name: "5.1.15-etget",
            world: note_world,
            run: |d| {
                setup(d)?;
                get_name(d, "f.bin")?;
                let mut got = Vec::new();
                d.perform(simcom_ftp::Client::et_get, |ev| {
                    if let Event::Data(piece) = ev {
                        got.extend_from_slice(piece);
                    }
                })
                .map_err(e("FTPETGET"))?;
                same("f.bin", &got, &bytes(7_000, 0))
            },
        },
        Scenario {
            name: "5.1.16-quit",
            world: note_world,
            run: |d| {
                setup(d)?;
                get_name(d, "f.bin")?;
                let mut head = 0;
                let r = d.perform_until(
                    |c| c.get(1000),
                    &[],
                    |ev| {
                        if let Event::Data(piece) = ev {
                            head += piece.len();
                        }
                        if head >= 2000 {
                            ControlFlow::Break(())
                        } else {
                            ControlFlow::Continue(())
                        }
                    },
                );
                if !matches!(
                    r,
                    Err(BlockingError::Module(Error::Ftp(FtpError::ManualQuit)))
                ) {
                    return Err(format!("80 expected, got {r:?}"));
                }
                same(
                    "f.bin after the abort",
                    &get(d, "f.bin", 1460)?,
                    &bytes(7_000, 0),
                )
            },
        },
        Scenario {
            name: "5.1.17-rename",
            world: note_world,
            run: |d| {
                setup(d)?;
                get_name(d, "simftp.txt")?;
                d.command(&Command::FtpPutName(Setting::Write("renamed.txt")), |_| {})
                    .map_err(e("FTPPUTNAME"))?;
                d.remote(Remote::Rename, |_| {}).map_err(e("FTPRENAME"))?;
                same("renamed.txt", &get(d, "renamed.txt", 1460)?, &digits(1074))?;
                get_name(d, "simftp.txt")?;
                ftp_error(d.remote(Remote::Size, |_| {}), 77)
            },
        },
        Scenario {
            name: "5.1.18-mdtm",
            world: note_world,
            run: |d| {
                setup(d)?;
                get_name(d, "simftp.txt")?;
                match d.remote(Remote::Mdtm, |_| {}).map_err(e("FTPMDTM"))? {
                    // The server's files date from its epoch, 2026-01-01 00:00:00.
                    Done::Mdtm(t) if t.to_string() == "20260101000000" => Ok(()),
                    other => Err(format!("{other:?}")),
                }
            },
        },
        Scenario {
            name: "5.1.19-tofsst",
            world: note_world,
            run: |d| {
                setup(d)?;
                get_name(d, "f.bin")?;
                d.perform(|c| c.ext_get_to_file(FsDir::Customer, "f.bin"), |_| {})
                    .map_err(e("FTPEXTGET=2"))?;
                let mut status = String::new();
                d.command(&Command::FtpToFsSt(Action::Execute), |ev| {
                    if let Event::Response(i) = ev {
                        status = i.to_string();
                    }
                })
                .map_err(e("FTPTOFSST"))?;
                if status != "+FTPTOFSST: 0,0,7000" {
                    return Err(status);
                }
                Ok(())
            },
        },
        Scenario {
            name: "5.2.1-5.2.2-certificate-explicit",
            world: tls_world,
            run: |d| {
                setup(d)?;
                for (name, ca) in [("ftpbin_root_ca.cer", CA), ("other.cer", OTHER_CA)] {
                    d.write_file(FsDir::Customer, name, ca, 1000, |_| {})
                        .map_err(e("CFSWFILE"))?;
                }
                let explicit = |ca_list| Config {
                    tls: Some(Tls {
                        ca_list,
                        convert: true,
                        ..Tls::new(SslType::Explicit)
                    }),
                    ..Config::new("112.74.93.163", "simcomtest", "simcomtest")
                };
                d.commands(explicit("ftpbin_root_ca.cer").commands(), |_| {})
                    .map_err(e("FTPS parameters"))?;
                same("f.bin", &get(d, "f.bin", 1460)?, &bytes(7_000, 3))?;
                d.commands(explicit("other.cer").commands(), |_| {})
                    .map_err(e("FTPS parameters"))?;
                get_name(d, "f.bin")?;
                ftp_error(d.get(1460, |_| {}), 90)
            },
        },
        Scenario {
            name: "5.2.3-implicit",
            world: tls_world,
            run: |d| {
                setup(d)?;
                let implicit = Config {
                    port: Some(990),
                    tls: Some(Tls::new(SslType::Implicit)),
                    ..Config::new("112.74.93.163", "simcomtest", "simcomtest")
                };
                d.commands(implicit.commands(), |_| {})
                    .map_err(e("FTPS parameters"))?;
                same("f.bin", &get(d, "f.bin", 1460)?, &bytes(7_000, 3))
            },
        },
    ]
}

/// Runs `s` on the model at virtual time.
fn on_model(s: &Scenario) -> Result<(), Failed> {
    let target: Box<dyn Target> = Box::new(ModelTarget::new((s.world)()));
    let target = RefCell::new(target);
    let mut d = host::driver(&target);
    (s.run)(&mut d).map_err(Failed::from)
}

/// Runs `s` through a virtual module on a pseudo-terminal, opened as a serial port.
fn on_pty(s: &Scenario) -> Result<(), Failed> {
    let vm = VirtualModule::start((s.world)()).map_err(|e| e.to_string())?;
    let serial = SerialTarget::open(&SerialConfig::new(vm.path().to_string_lossy()))
        .map_err(|e| e.to_string())?;
    let target: Box<dyn Target> = Box::new(serial);
    let target = RefCell::new(target);
    let outcome = {
        let mut d = host::driver(&target);
        (s.run)(&mut d)
    };
    drop(target);
    vm.stop().map_err(|e| e.to_string())?;
    outcome.map_err(Failed::from)
}

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let trials = scenarios()
        .into_iter()
        .flat_map(|s| {
            let s = std::sync::Arc::new(s);
            let t = std::sync::Arc::clone(&s);
            [
                Trial::test(format!("model/{}", s.name), move || on_model(&s)),
                Trial::test(format!("pty/{}", t.name), move || on_pty(&t)),
            ]
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

//! `client`: the host driver (`simcom-ftp`) as a command-line tool for bring-up and QA: get,
//! put, ls, rm, mv, mkdir, rmdir, size and mdtm through a module on a serial port (or the
//! model), with a progress bar and the module's errors in words.

use std::cell::RefCell;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use simcom_at::command::{Action, FtpType, Setting};
use simcom_at::{Command, Info};
use simcom_conformance::host::{self, Driver};
use simcom_conformance::realnet::ServerUrl;
use simcom_conformance::target::{ModelTarget, SerialTarget, Target};
use simcom_conformance::transcript::{corpus, world};
use simcom_ftp::{Done, Event, Remote};

use super::{Error, TargetArgs, VarArgs, Where};

/// Moves files through the module's FTP service with the host driver: what a firmware does,
/// from the command line.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  simcom-conformance client --target serial:/dev/ttyUSB2 \\
      --server ftp://me:secret@ftp.example.com:21 get /fw/update.bin -o update.bin
  simcom-conformance client --target serial:/dev/ttyUSB2 --server ftp://me:secret@10.0.0.1 \\
      put notes.txt /inbox/notes.txt
  simcom-conformance client --server ftp://simcomtest:simcomtest@112.74.93.163 ls /
      (the built-in model, with app note 4.1's state and /simftp.txt)")]
pub(crate) struct ClientArgs {
    #[command(flatten)]
    target: TargetArgs,
    /// The model's starting state for --target model: a transcript, or a file with only
    /// `world:` [default: note 4.1's state and a server holding /simftp.txt]
    #[arg(long, value_name = "FILE")]
    world: Option<PathBuf>,
    #[command(flatten)]
    vars: VarArgs,
    /// The FTP server the module connects to (AT+FTPSERV, AT+FTPPORT, AT+FTPUN, AT+FTPPW)
    #[arg(long, value_name = "ftp://USER:PASS@HOST:PORT", value_parser = ServerUrl::parse)]
    server: ServerUrl,
    /// The PDP context the session runs on (AT+FTPCID); activated with AT+CNACT if it is not
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=3))]
    cid: u8,
    /// Bytes per AT+FTPGET / AT+FTPLIST read
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u16).range(1..=1460))]
    chunk: u16,
    #[command(subcommand)]
    op: Op,
}

/// What to do on the server.
#[derive(Debug, Subcommand)]
enum Op {
    /// Downloads a file (AT+FTPGET)
    Get {
        /// The file on the server, e.g. /fw/update.bin
        remote: String,
        /// Where to write it [default: its name, in the current directory]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Uploads a file (AT+FTPPUT)
    Put {
        /// The file to send
        local: PathBuf,
        /// Its path on the server, e.g. /inbox/notes.txt
        remote: String,
    },
    /// Lists a directory (AT+FTPLIST)
    Ls {
        /// The directory [default: /]
        #[arg(default_value = "/")]
        dir: String,
    },
    /// Deletes a file (AT+FTPDELE)
    Rm {
        /// The file, e.g. /inbox/notes.txt
        remote: String,
    },
    /// Renames a file within its directory (AT+FTPRENAME)
    Mv {
        /// The file, e.g. /inbox/a.txt
        from: String,
        /// Its new name (in the same directory), e.g. b.txt
        to: String,
    },
    /// Creates a directory (AT+FTPMKD)
    Mkdir {
        /// The directory, e.g. /inbox/new
        dir: String,
    },
    /// Removes a directory (AT+FTPRMD)
    Rmdir {
        /// The directory
        dir: String,
    },
    /// Prints a file's size in bytes (AT+FTPSIZE)
    Size {
        /// The file
        remote: String,
    },
    /// Prints a file's modification time, YYYYMMDDhhmmss (AT+FTPMDTM)
    Mdtm {
        /// The file
        remote: String,
    },
}

/// `/dir/name` as (directory, name); a bare name is in `/`.
fn split(path: &str) -> (&str, &str) {
    match path.rsplit_once('/') {
        Some(("", name)) => ("/", name),
        Some((dir, name)) => (dir, name),
        None => ("/", path),
    }
}

pub(crate) fn main(a: ClientArgs) -> Result<ExitCode, Error> {
    let target: Box<dyn Target> = match &a.target.target {
        Where::Model => {
            let sim = match &a.world {
                Some(f) => world::sim(&corpus::load_world(f, &a.vars.map())?)?,
                None => super::serve::default_sim()?,
            };
            Box::new(ModelTarget::new(sim))
        }
        Where::Serial(_) => match a.target.spec(None) {
            simcom_conformance::target::TargetSpec::Serial(config, _) => {
                Box::new(SerialTarget::open(&config)?)
            }
            _ => unreachable!("a serial --target gives a serial spec"),
        },
    };
    let target = RefCell::new(target);
    let mut d = host::driver(&target);
    match session(&mut d, &a) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => {
            eprintln!("simcom-conformance client: {e}");
            Ok(ExitCode::from(1))
        }
    }
}

type Outcome<T> = Result<T, Error>;

/// Runs `command`, which must end with OK.
fn ok(d: &mut Driver<'_>, command: &Command<'_>) -> Outcome<()> {
    d.command(command, |_| {}).map_err(|e| {
        format!(
            "{}: {e}",
            String::from_utf8_lossy(&line(command)).trim_end()
        )
    })?;
    Ok(())
}

/// A command line as sent, for messages (a password masked).
fn line(command: &Command<'_>) -> Vec<u8> {
    match command {
        Command::FtpPw(_) => b"AT+FTPPW=\"***\"".to_vec(),
        c => c.to_vec().unwrap_or_default(),
    }
}

/// The bearer, the FTP profile, then the operation.
fn session(d: &mut Driver<'_>, a: &ClientArgs) -> Outcome<()> {
    // The context: active already, or activated now (app note 4.1).
    let mut active = false;
    d.command(&Command::Cnact(Setting::Read), |e| {
        if let Event::Response(Info::Cnact { pdpidx, status, .. }) = e {
            active |= pdpidx == a.cid && status == 1;
        }
    })
    .map_err(|e| format!("AT+CNACT?: {e}"))?;
    if !active {
        d.bearer_up(a.cid, |_| {})
            .map_err(|e| format!("activating PDP context {}: {e}", a.cid))?;
    }
    let s = &a.server;
    for command in [
        Command::FtpCid(Setting::Write(a.cid)),
        Command::FtpServ(Setting::Write(&s.host)),
        Command::FtpPort(Setting::Write(s.port)),
        Command::FtpUn(Setting::Write(&s.user)),
        Command::FtpPw(Setting::Write(&s.password)),
        Command::FtpType(Setting::Write(FtpType::Binary)),
    ] {
        ok(d, &command)?;
    }
    let get = |d: &mut Driver<'_>, path: &str| -> Outcome<()> {
        let (dir, name) = split(path);
        ok(d, &Command::FtpGetPath(Setting::Write(dir)))?;
        ok(d, &Command::FtpGetName(Setting::Write(name)))
    };
    let remote = |d: &mut Driver<'_>, r: Remote| -> Outcome<Done> {
        Ok(d.remote(r, |_| {}).map_err(|e| format!("{r:?}: {e}"))?)
    };
    match &a.op {
        Op::Get {
            remote: path,
            output,
        } => {
            get(d, path)?;
            // The size first, for the progress bar (a server without SIZE gets a spinner).
            let size = match d.remote(Remote::Size, |_| {}) {
                Ok(Done::Size { bytes }) => Some(u64::from(bytes)),
                _ => None,
            };
            let out = output
                .clone()
                .unwrap_or_else(|| PathBuf::from(split(path).1));
            let mut file =
                std::fs::File::create(&out).map_err(|e| format!("{}: {e}", out.display()))?;
            let bar = progress(size);
            let mut failed = None;
            let got = d
                .get(a.chunk, |e| {
                    if let Event::Data(piece) = e {
                        bar.inc(piece.len() as u64);
                        if failed.is_none() {
                            failed = file.write_all(piece).err();
                        }
                    }
                })
                .map_err(|e| format!("get {path}: {e}"))?;
            bar.finish_and_clear();
            if let Some(e) = failed {
                return Err(format!("{}: {e}", out.display()).into());
            }
            eprintln!("{path}: {got} bytes to {}", out.display());
        }
        Op::Put {
            local,
            remote: path,
        } => {
            let data = std::fs::read(local).map_err(|e| format!("{}: {e}", local.display()))?;
            let (dir, name) = split(path);
            ok(d, &Command::FtpPutPath(Setting::Write(dir)))?;
            ok(d, &Command::FtpPutName(Setting::Write(name)))?;
            let bar = progress(Some(data.len() as u64));
            let sent = d
                .put(&data, |_| {})
                .map_err(|e| format!("put {path}: {e}"))?;
            bar.finish_and_clear();
            eprintln!("{}: {sent} bytes to {path}", local.display());
        }
        Op::Ls { dir } => {
            ok(d, &Command::FtpGetPath(Setting::Write(dir)))?;
            let mut out = std::io::stdout().lock();
            d.list(a.chunk, |e| {
                if let Event::Data(piece) = e {
                    let _ = out.write_all(piece);
                }
            })
            .map_err(|e| format!("ls {dir}: {e}"))?;
        }
        Op::Rm { remote: path } => {
            get(d, path)?;
            remote(d, Remote::Dele)?;
        }
        Op::Mv { from, to } => {
            get(d, from)?;
            ok(d, &Command::FtpPutName(Setting::Write(to)))?;
            remote(d, Remote::Rename)?;
        }
        Op::Mkdir { dir } | Op::Rmdir { dir } => {
            ok(d, &Command::FtpGetPath(Setting::Write(dir)))?;
            let r = if matches!(a.op, Op::Mkdir { .. }) {
                Remote::Mkd
            } else {
                Remote::Rmd
            };
            remote(d, r)?;
        }
        Op::Size { remote: path } => {
            get(d, path)?;
            if let Done::Size { bytes } = remote(d, Remote::Size)? {
                println!("{bytes}");
            }
        }
        Op::Mdtm { remote: path } => {
            get(d, path)?;
            if let Done::Mdtm(t) = remote(d, Remote::Mdtm)? {
                println!("{t}");
            }
        }
    }
    // Leave the module as the next program expects it: no session running.
    let _ = d.command(&Command::FtpState(Action::Execute), |_| {});
    Ok(())
}

/// A byte progress bar on standard error (hidden when it is not a terminal).
fn progress(len: Option<u64>) -> ProgressBar {
    let bar = match len {
        Some(n) => ProgressBar::new(n),
        None => ProgressBar::new_spinner(),
    };
    if let Ok(style) =
        ProgressStyle::with_template("{bytes}/{total_bytes} {bar:30} {bytes_per_sec} {eta}")
    {
        bar.set_style(style);
    }
    bar
}

//! `client`: the host driver (`simcom-ftp`) as a command-line tool for bring-up and QA: get,
//! put, ls, rm, mv, mkdir, rmdir, size and mdtm through a module on a serial port (or the
//! model), over plain FTP or FTPS, with each of the module's transfer methods, a progress bar
//! and the module's errors in words.

use std::cell::RefCell;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use simcom_at::command::{Action, FsDir, FtpMode, FtpType, PutOpt, Setting, SslType};
use simcom_at::{Command, Info};
use simcom_conformance::host::{self, Driver};
use simcom_conformance::realnet::ServerUrl;
use simcom_conformance::target::{ModelTarget, SerialTarget, Target};
use simcom_conformance::transcript::{corpus, world};
use simcom_ftp::{Config, Done, Event, ExtPutPrompt, Remote, Tls};

use super::{Error, TargetArgs, VarArgs, Where};

/// Moves files through the module's FTP service with the host driver: what a firmware does,
/// from the command line.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  simcom-conformance client --target serial:/dev/ttyUSB2 \\
      --server ftp://me:secret@ftp.example.com:21 get /fw/update.bin -o update.bin
  simcom-conformance client --target serial:/dev/ttyUSB2 --server ftp://me:secret@10.0.0.1 \\
      put notes.txt /inbox/notes.txt
  simcom-conformance client --target serial:/dev/ttyUSB2 --server ftp://me:secret@10.0.0.1 \
      --tls explicit --ca ca.pem get --method etget /fw/update.bin
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
    /// FTPS (AT+FTPSSL): TLS from the first byte (usually port 990) or after AUTH TLS
    #[arg(long, value_enum)]
    tls: Option<TlsMode>,
    /// A CA certificate (PEM, DER or P7B) to verify the server with: written into the
    /// module's /customer/ (AT+CFSWFILE) and converted (AT+CSSLCFG="CONVERT"); needs --tls
    #[arg(long, value_name = "FILE", requires = "tls")]
    ca: Option<PathBuf>,
    /// The data connection (AT+FTPMODE) [default: the module's]
    #[arg(long, value_enum)]
    mode: Option<DataMode>,
    #[command(subcommand)]
    op: Op,
}

/// `--tls`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum TlsMode {
    /// Implicit FTPS (AT+FTPSSL=1)
    Implicit,
    /// Explicit FTPS, AUTH TLS (AT+FTPSSL=2)
    Explicit,
}

/// `--mode`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum DataMode {
    /// The module connects to the server (PASV)
    Passive,
    /// The server connects to the module (PORT)
    Active,
}

/// `get --method`: how the module downloads.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
enum GetMethod {
    /// AT+FTPGET: read in --chunk pieces (app note 5.1.1)
    #[default]
    Ftpget,
    /// AT+FTPEXTGET: the whole file into the module's RAM (at most 300 KB), then read out
    /// (app note 5.1.13)
    Extget,
    /// AT+FTPETGET: transparent, the module streams the file (app note 5.1.15)
    Etget,
}

/// `put --extput-prompt`.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
enum ExtPutPromptArg {
    /// Wait for the go-ahead
    #[default]
    Wait,
    /// Write each load right after its command
    None,
}

/// `put --method`: how the module uploads.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
enum PutMethod {
    /// AT+FTPPUT: chunks of the module's maximum length (app note 5.1.2)
    #[default]
    Ftpput,
    /// AT+FTPEXTPUT: loaded into the module's RAM (at most 320 KB), then sent (app note
    /// 5.1.12)
    Extput,
    /// AT+FTPETPUT: transparent, DLE-escaped (app note 5.1.14)
    Etput,
}

/// What to do on the server.
#[derive(Debug, Subcommand)]
enum Op {
    /// Downloads a file (AT+FTPGET, AT+FTPEXTGET or AT+FTPETGET)
    Get {
        /// The file on the server, e.g. /fw/update.bin
        remote: String,
        /// Where to write it [default: its name, in the current directory]
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// How the module downloads
        #[arg(long, value_enum, default_value_t)]
        method: GetMethod,
        /// Start at this byte of the file (AT+FTPREST; resumes an interrupted download)
        #[arg(long, value_name = "OFFSET")]
        from: Option<u32>,
    },
    /// Uploads a file (AT+FTPPUT, AT+FTPEXTPUT or AT+FTPETPUT)
    Put {
        /// The file to send
        local: PathBuf,
        /// Its path on the server, e.g. /inbox/notes.txt
        remote: String,
        /// How the module uploads
        #[arg(long, value_enum, default_value_t)]
        method: PutMethod,
        /// Append to the file on the server (AT+FTPPUTOPT="APPE") instead of replacing it
        #[arg(long)]
        append: bool,
        /// --method extput: whether the module prints a go-ahead (+FTPEXTPUT: <pos>,<len> or
        /// OK) before taking each load; `none` for a firmware that prints nothing
        #[arg(long, value_enum, default_value_t)]
        extput_prompt: ExtPutPromptArg,
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
    // The CA, written into the module's file system and converted with the parameters.
    let ca_name = match &a.ca {
        Some(path) => {
            let ca = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| format!("{}: not a file name the module takes", path.display()))?;
            d.write_file(FsDir::Customer, name, &ca, 10_000, |_| {})
                .map_err(|e| format!("writing {name} into the module (AT+CFSWFILE): {e}"))?;
            name.to_string()
        }
        None => String::new(),
    };
    let s = &a.server;
    let config = Config {
        cid: a.cid,
        port: Some(s.port),
        mode: a.mode.map(|m| match m {
            DataMode::Passive => FtpMode::Passive,
            DataMode::Active => FtpMode::Active,
        }),
        transfer_type: Some(FtpType::Binary),
        put_opt: match &a.op {
            Op::Put { append: true, .. } => Some(PutOpt::Appe),
            Op::Put { .. } => Some(PutOpt::Stor),
            _ => None,
        },
        // Always set for a download: a module may keep an earlier offset after the download
        // that used it (profile ftprest_reset), and the next one would start there.
        rest: match &a.op {
            Op::Get { from, .. } => Some(from.unwrap_or(0)),
            _ => None,
        },
        tls: a.tls.map(|t| Tls {
            ca_list: &ca_name,
            convert: a.ca.is_some(),
            ..Tls::new(match t {
                TlsMode::Implicit => SslType::Implicit,
                TlsMode::Explicit => SslType::Explicit,
            })
        }),
        ..Config::new(&s.host, &s.user, &s.password)
    };
    for command in config.commands() {
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
            method,
            from,
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
            let bar = progress(size.map(|n| n.saturating_sub(u64::from(from.unwrap_or(0)))));
            let mut failed = None;
            let chunk = a.chunk;
            let done = d
                .perform(
                    |c| match method {
                        GetMethod::Ftpget => c.get(chunk),
                        GetMethod::Extget => c.ext_get(32 * 1024),
                        GetMethod::Etget => c.et_get(),
                    },
                    |e| {
                        if let Event::Data(piece) = e {
                            bar.inc(piece.len() as u64);
                            if failed.is_none() {
                                failed = file.write_all(piece).err();
                            }
                        }
                    },
                )
                .map_err(|e| format!("get {path}: {e}"))?;
            let got = match done {
                Done::Get { bytes } => bytes,
                _ => 0,
            };
            bar.finish_and_clear();
            if let Some(e) = failed {
                return Err(format!("{}: {e}", out.display()).into());
            }
            eprintln!("{path}: {got} bytes to {}", out.display());
        }
        Op::Put {
            local,
            remote: path,
            method,
            extput_prompt,
            ..
        } => {
            d.client_mut().set_ext_put_prompt(match extput_prompt {
                ExtPutPromptArg::Wait => ExtPutPrompt::Wait,
                ExtPutPromptArg::None => ExtPutPrompt::None,
            });
            let data = std::fs::read(local).map_err(|e| format!("{}: {e}", local.display()))?;
            let (dir, name) = split(path);
            ok(d, &Command::FtpPutPath(Setting::Write(dir)))?;
            ok(d, &Command::FtpPutName(Setting::Write(name)))?;
            let bar = progress(Some(data.len() as u64));
            // The bytes as the driver writes them (FTPETPUT writes them at once).
            let show = |e: Event<'_>| {
                if let Event::PutData { len } = e {
                    bar.inc(u64::from(len));
                }
            };
            let sent = match method {
                PutMethod::Ftpput => d.put(&data, show),
                PutMethod::Extput => d.ext_put(&data, 32 * 1024, 20_000, show),
                PutMethod::Etput => d.et_put(&data, show),
            }
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

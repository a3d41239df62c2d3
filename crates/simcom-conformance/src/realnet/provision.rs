//! A [`Tree`] put onto a real server: before a transcript, its world's server state.
//!
//! The in-memory server starts every transcript with exactly the world's files and
//! directories; so does a real one here: [`provision`] logs in with the `--server` account,
//! **deletes everything the account can see**, creates the tree's directories and the parents
//! of its files, uploads the files (binary) and tries to stamp each entry with the tree's
//! `mtime` (`MFMT`, else vsftpd's `MDTM <time> <path>`). Use an account that holds nothing
//! else.
//!
//! Accounts (a world's `server.users`) are not provisioned: the server has the account of
//! `--server`, and a transcript's `${user}` / `${password}` resolve to it.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};

use simcom_ftp_model::server::{EPOCH, Timestamp};
use suppaftp::types::FileType;
use suppaftp::{ImplFtpStream, Status};

use super::normalise::{parse_line, resolve};
use super::tls::TlsConn;
use super::{Error, ServerUrl, Timeouts};

type Ftp = ImplFtpStream<TlsConn>;

/// Deepest directory tree the wipe descends into, most entries it deletes.
const MAX_DEPTH: usize = 32;
const MAX_ENTRIES: usize = 100_000;

/// The files and directories a server is to hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    /// Directories (absolute or relative to `/`).
    pub dirs: Vec<String>,
    /// Files by path, with their contents.
    pub files: Vec<(String, Vec<u8>)>,
    /// The modification time of every entry; `None`: the server epoch ([`EPOCH`]).
    pub mtime: Option<Timestamp>,
}

fn failed(step: impl Into<String>) -> impl FnOnce(&dyn std::fmt::Display) -> Error {
    let step = step.into();
    move |e| Error::Provision {
        step,
        detail: e.to_string(),
    }
}

/// What [`provision`] put on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provisioned {
    /// Every file and directory of the world (normalised absolute paths, `/` left out) with
    /// its modification time in the world.
    pub entries: Vec<(String, Timestamp)>,
    /// Whether the server took the world's modification times (`MFMT` or `MDTM` with a time).
    pub stamped: bool,
}

/// Opens a plain FTP session with the account of `url`, binary type, within `t`. A failure
/// names the phase and the address: the name lookup, the TCP connect (with its bound when it
/// timed out), or the server's greeting (a peer that accepts and then resets or stays silent
/// is not an FTP server, or not reachable through what accepted).
pub(crate) fn login(url: &ServerUrl, t: Timeouts) -> Result<Ftp, Error> {
    let addrs: Vec<_> = (url.host.as_str(), url.port)
        .to_socket_addrs()
        .map_err(|e| failed(format!("look up {}", url.host))(&e))?
        .collect();
    let mut last = failed(format!("look up {}", url.host))(&"no address");
    for a in addrs {
        match TcpStream::connect_timeout(&a, t.connect) {
            Ok(s) => {
                let greeting = format!("the FTP greeting from {a} (the TCP connect succeeded)");
                s.set_read_timeout(Some(t.io))
                    .map_err(|e| failed(greeting.clone())(&e))?;
                s.set_write_timeout(Some(t.io))
                    .map_err(|e| failed(greeting.clone())(&e))?;
                let mut ftp = Ftp::connect_with_stream(s).map_err(|e| failed(greeting)(&e))?;
                ftp.login(url.user.as_str(), url.password.as_str())
                    .map_err(|e| failed("login")(&e))?;
                ftp.transfer_type(FileType::Binary)
                    .map_err(|e| failed("TYPE I")(&e))?;
                return Ok(ftp);
            }
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                last = failed(format!("connect to {a}"))(&format_args!(
                    "no answer within {:?} (unroutable, or filtered)",
                    t.connect
                ));
            }
            Err(e) => last = failed(format!("connect to {a}"))(&e),
        }
    }
    Err(last)
}

/// Makes the server's tree the world's (see the module docs).
pub fn provision(url: &ServerUrl, world: &Tree, t: Timeouts) -> Result<Provisioned, Error> {
    let mut ftp = login(url, t)?;
    let mut budget = MAX_ENTRIES;
    wipe(&mut ftp, "/", 0, &mut budget)?;
    let mtime = world.mtime.unwrap_or(EPOCH);
    let mut dirs: Vec<String> = Vec::new();
    let add_dir = |d: &str, dirs: &mut Vec<String>| {
        let mut cur = String::new();
        for seg in d.split('/').filter(|s| !s.is_empty()) {
            cur.push('/');
            cur.push_str(seg);
            if !dirs.contains(&cur) {
                dirs.push(cur.clone());
            }
        }
    };
    for d in &world.dirs {
        add_dir(&resolve("/", d), &mut dirs);
    }
    let files: Vec<(String, &[u8])> = world
        .files
        .iter()
        .map(|(p, b)| (resolve("/", p), b.as_slice()))
        .collect();
    for (p, _) in &files {
        if let Some((parent, _)) = p.rsplit_once('/') {
            add_dir(parent, &mut dirs);
        }
    }
    for d in &dirs {
        ftp.mkdir(d).map_err(|e| failed(format!("MKD {d}"))(&e))?;
    }
    for (p, data) in &files {
        let stor = |e: &dyn std::fmt::Display| failed(format!("STOR {p}"))(e);
        let mut up = ftp.put_with_stream(p).map_err(|e| stor(&e))?;
        up.write_all(data).map_err(|e| stor(&e))?;
        up.finish().map_err(|e| stor(&e))?;
    }
    let entries: Vec<(String, Timestamp)> = dirs
        .iter()
        .chain(files.iter().map(|(p, _)| p))
        .map(|p| (p.clone(), mtime))
        .collect();
    let mut stamped = true;
    for (p, m) in &entries {
        let ok = [format!("MFMT {m} {p}"), format!("MDTM {m} {p}")]
            .iter()
            .any(|c| ftp.custom_command(c, &[Status::File]).is_ok());
        if !ok {
            stamped = false;
            break;
        }
    }
    let _ = ftp.quit();
    Ok(Provisioned { entries, stamped })
}

/// Deletes everything under `dir` (not `dir` itself).
fn wipe(ftp: &mut Ftp, dir: &str, depth: usize, budget: &mut usize) -> Result<(), Error> {
    if depth > MAX_DEPTH {
        return Err(failed("clear")(&format!("{dir} is nested too deep")));
    }
    let lines = ftp
        .list(Some(dir))
        .map_err(|e| failed(format!("LIST {dir}"))(&e))?;
    for line in lines {
        let Some(f) = parse_line(&line) else {
            continue;
        };
        let name = f.name().rsplit('/').next().unwrap_or(f.name());
        if name.is_empty() || name == "." || name == ".." {
            continue;
        }
        *budget = budget
            .checked_sub(1)
            .ok_or_else(|| failed("clear")(&"too many entries"))?;
        let path = resolve(dir, name);
        if f.is_directory() {
            wipe(ftp, &path, depth + 1, budget)?;
            ftp.rmdir(&path)
                .map_err(|e| failed(format!("RMD {path}"))(&e))?;
        } else {
            ftp.rm(&path)
                .map_err(|e| failed(format!("DELE {path}"))(&e))?;
        }
    }
    Ok(())
}

//! The control connection's front: TLS (explicit `AUTH TLS`, or implicit from the first byte),
//! the world's latency before each reply, and the reply codes the world injects at a step
//! (`faults.fail`). Behind it, libunftp sees a plain control connection; its data connections
//! are its own (PROT P: TLS by libunftp).

use std::sync::Arc;

use simcom_ftp_model::net::FtpStep;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use super::{Shared, WorldState};

/// The longest command or reply line the front reads.
const LINE: usize = 4096;

/// One line (up to LF, [`LINE`] bytes at most), read byte by byte so that nothing after it is
/// consumed. Empty at the end of the stream.
async fn read_line<R: AsyncRead + Unpin>(s: &mut R) -> std::io::Result<Vec<u8>> {
    let mut line = Vec::new();
    while line.len() < LINE {
        let mut b = [0u8];
        if s.read(&mut b).await? == 0 {
            break;
        }
        line.push(b[0]);
        if b[0] == b'\n' {
            break;
        }
    }
    Ok(line)
}

/// The FTP step a command belongs to, as `world.server.faults.fail` names them.
fn step(verb: &str) -> Option<FtpStep> {
    Some(match verb {
        "AUTH" => FtpStep::Auth,
        "PBSZ" => FtpStep::Pbsz,
        "PROT" => FtpStep::Prot,
        "USER" => FtpStep::User,
        "PASS" => FtpStep::Pass,
        "TYPE" => FtpStep::Type,
        "CWD" => FtpStep::Cwd,
        "PASV" | "EPSV" => FtpStep::Pasv,
        "PORT" | "EPRT" => FtpStep::Port,
        "REST" => FtpStep::Rest,
        "RETR" => FtpStep::Retr,
        "LIST" | "NLST" => FtpStep::List,
        "STOR" | "APPE" | "STOU" => FtpStep::Store,
        "SIZE" => FtpStep::Size,
        "MDTM" => FtpStep::Mdtm,
        "DELE" => FtpStep::Dele,
        "MKD" | "XMKD" => FtpStep::Mkd,
        "RMD" | "XRMD" => FtpStep::Rmd,
        "RNFR" => FtpStep::Rnfr,
        "RNTO" => FtpStep::Rnto,
        _ => return None,
    })
}

/// A command's argument: what follows the verb and a space, without the line end.
fn argument(line: &[u8]) -> &str {
    let text = std::str::from_utf8(line).unwrap_or("");
    let text = text.trim_end_matches(['\r', '\n']);
    text.split_once(' ').map_or("", |(_, a)| a)
}

fn verb(line: &[u8]) -> String {
    let end = line
        .iter()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(line.len());
    String::from_utf8_lossy(&line[..end]).to_ascii_uppercase()
}

/// Serves one control connection: `client` from the module, `backend` to libunftp.
pub(super) async fn session(
    client: TcpStream,
    backend: TcpStream,
    shared: Arc<Shared>,
    implicit: bool,
) -> std::io::Result<()> {
    let world = shared.world();
    let latency = world.latency;
    let fail = |s: FtpStep| world.fail_code(s);
    let acceptor = shared.tls.clone();
    let (mut back_read, back_write) = backend.into_split();
    // The greeting: libunftp's, or the world's code.
    let greeting = read_reply(&mut back_read).await?;
    tokio::time::sleep(latency).await;
    let greeting = match fail(FtpStep::Greeting) {
        Some(code) => format!("{code} Service not available (faults.fail)\r\n").into_bytes(),
        None => greeting,
    };
    if implicit {
        let mut tls = acceptor.accept(client).await?;
        tls.write_all(&greeting).await?;
        return relay(tls, None, back_read, back_write, &world).await;
    }
    let mut client = client;
    client.write_all(&greeting).await?;
    // The first command: AUTH TLS is answered here (libunftp 0.24 answers it before it stops
    // reading, so that a fast client's ClientHello is sometimes taken for a command).
    let first = read_line(&mut client).await?;
    if first.is_empty() {
        return Ok(());
    }
    let upper = first.to_ascii_uppercase();
    if upper.starts_with(b"AUTH TLS") || upper.starts_with(b"AUTH SSL") {
        tokio::time::sleep(latency).await;
        if let Some(code) = fail(FtpStep::Auth) {
            client
                .write_all(format!("{code} AUTH refused (faults.fail)\r\n").as_bytes())
                .await?;
            return relay(client, None, back_read, back_write, &world).await;
        }
        client.write_all(b"234 AUTH TLS OK\r\n").await?;
        let tls = acceptor.accept(client).await?;
        return relay(tls, None, back_read, back_write, &world).await;
    }
    relay(client, Some(first), back_read, back_write, &world).await
}

/// One reply, all its lines (a multi-line reply ends with `<code> `).
async fn read_reply<R: AsyncRead + Unpin>(r: &mut R) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line = read_line(r).await?;
        if line.is_empty() {
            return Ok(out);
        }
        let last = line.get(3) == Some(&b' ');
        out.extend_from_slice(&line);
        if last {
            return Ok(out);
        }
    }
}

/// Relays a control connection in both directions (`first`: a command already read),
/// commands through the world's faults.
async fn relay<S: AsyncRead + AsyncWrite + Send + 'static>(
    client: S,
    first: Option<Vec<u8>>,
    back_read: tokio::net::tcp::OwnedReadHalf,
    mut back_write: tokio::net::tcp::OwnedWriteHalf,
    world: &WorldState,
) -> std::io::Result<()> {
    let (read, write) = tokio::io::split(client);
    let (tx, rx) = mpsc::channel::<Vec<u8>>(64);
    let writer = tokio::spawn(write_out(write, rx));
    let replies = tokio::spawn(copy_replies(back_read, tx.clone()));
    let result = commands(first, read, &mut back_write, &tx, world).await;
    drop(tx);
    replies.abort();
    let _ = writer.await;
    result
}

/// The module's commands: each after the world's latency, to libunftp, or answered with the
/// world's reply code at its step.
async fn commands<R: AsyncRead + Unpin>(
    first: Option<Vec<u8>>,
    mut read: R,
    back: &mut tokio::net::tcp::OwnedWriteHalf,
    out: &mpsc::Sender<Vec<u8>>,
    world: &WorldState,
) -> std::io::Result<()> {
    let mut next = first;
    loop {
        let line = match next.take() {
            Some(l) => l,
            None => read_line(&mut read).await?,
        };
        if line.is_empty() {
            return Ok(());
        }
        tokio::time::sleep(world.latency).await;
        let v = verb(&line);
        let reply = match step(&v).and_then(|s| world.fail_code(s)) {
            Some(code) => Some(format!("{code} {v} refused (faults.fail)\r\n")),
            // An unknown user is refused at USER, as by the in-memory server (530: 71), where
            // libunftp would ask for any user's password.
            None if v == "USER" && !world.users.contains_key(argument(&line)) => {
                Some("530 Unknown user\r\n".to_string())
            }
            None => None,
        };
        match reply {
            Some(reply) => {
                if out.send(reply.into_bytes()).await.is_err() {
                    return Ok(());
                }
            }
            None => back.write_all(&line).await?,
        }
    }
}

/// libunftp's replies, to the writer.
async fn copy_replies(
    mut back: tokio::net::tcp::OwnedReadHalf,
    out: mpsc::Sender<Vec<u8>>,
) -> std::io::Result<()> {
    loop {
        let mut buf = vec![0u8; 4096];
        let n = back.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        buf.truncate(n);
        if out.send(buf).await.is_err() {
            return Ok(());
        }
    }
}

/// Writes what the channel brings, in order; shuts the connection down when it closes.
async fn write_out<W: AsyncWrite + Unpin>(
    mut w: W,
    mut rx: mpsc::Receiver<Vec<u8>>,
) -> std::io::Result<()> {
    while let Some(bytes) = rx.recv().await {
        w.write_all(&bytes).await?;
        w.flush().await?;
    }
    w.shutdown().await
}

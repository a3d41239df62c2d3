//! libunftp's storage back-end for the harness's server: unftp-sbe-fs on the world's folder,
//! with the world's times, its listing format and its download pacing and faults.

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use simcom_ftp_model::server::{Pacing, Timestamp, list_line};
use tokio::io::{AsyncRead, ReadBuf};
use unftp_core::auth::{AuthenticationError, Authenticator, Credentials, DefaultUser, Principal};
use unftp_core::storage::{Error, ErrorKind, Fileinfo, Metadata, Result, StorageBackend};
use unftp_sbe_fs::Filesystem;

use super::Shared;

/// What one connection's back-end reads of the world: taken when the connection starts.
#[derive(Debug, Clone)]
pub(super) struct Snapshot {
    pub(super) pacing: Pacing,
    pub(super) drop_after: Option<u64>,
    pub(super) stall_after: Option<u64>,
    /// The world's `mtime`, and the wall time it stands for (when the world was set).
    pub(super) epoch: Timestamp,
    pub(super) t0: SystemTime,
}

impl Snapshot {
    /// A file's time as the world tells it: `epoch` at `t0`, advancing with wall time.
    fn time(&self, modified: SystemTime) -> Timestamp {
        let since = modified.duration_since(self.t0).unwrap_or(Duration::ZERO);
        self.epoch + Duration::from_secs(since.as_secs())
    }
}

/// The account check: the world's `server.users`, read at each login.
#[derive(Debug)]
pub(super) struct Accounts(pub(super) Arc<Shared>);

#[async_trait::async_trait]
impl Authenticator for Accounts {
    async fn authenticate(
        &self,
        username: &str,
        creds: &Credentials,
    ) -> std::result::Result<Principal, AuthenticationError> {
        let users = self.0.world().users;
        match users.get(username) {
            None => Err(AuthenticationError::BadUser),
            Some(p) if creds.password.as_deref() != Some(p.as_str()) => {
                Err(AuthenticationError::BadPassword)
            }
            Some(_) => Ok(Principal {
                username: username.to_string(),
            }),
        }
    }
}

/// unftp-sbe-fs, with the world's times, listings, pacing and faults.
#[derive(Debug)]
pub(super) struct Backend {
    /// The world's folder: opened for each operation, since the next world replaces it.
    root: PathBuf,
    world: Snapshot,
}

impl Backend {
    pub(super) fn new(root: PathBuf, world: Snapshot) -> Self {
        Self { root, world }
    }

    fn fs(&self) -> Result<Filesystem> {
        Filesystem::new(&self.root).map_err(|e| Error::new(ErrorKind::TransientFileNotAvailable, e))
    }
}

/// unftp-sbe-fs's metadata, with the time the world gives the entry.
#[derive(Debug)]
pub(super) struct Meta {
    inner: unftp_sbe_fs::Meta,
    time: Timestamp,
}

impl Metadata for Meta {
    fn len(&self) -> u64 {
        self.inner.len()
    }
    fn is_dir(&self) -> bool {
        self.inner.is_dir()
    }
    fn is_file(&self) -> bool {
        self.inner.is_file()
    }
    fn is_symlink(&self) -> bool {
        self.inner.is_symlink()
    }
    fn modified(&self) -> Result<SystemTime> {
        let secs = self.time.unix_seconds();
        u64::try_from(secs)
            .ok()
            .and_then(|s| UNIX_EPOCH.checked_add(Duration::from_secs(s)))
            .ok_or_else(|| Error::from(ErrorKind::LocalError))
    }
    fn gid(&self) -> u32 {
        0
    }
    fn uid(&self) -> u32 {
        0
    }
}

impl Backend {
    fn meta(&self, inner: unftp_sbe_fs::Meta) -> Meta {
        let time = self.world.time(inner.modified().unwrap_or(self.world.t0));
        Meta { inner, time }
    }
}

#[async_trait::async_trait]
impl StorageBackend<DefaultUser> for Backend {
    type Metadata = Meta;

    fn supported_features(&self) -> u32 {
        unftp_core::storage::FEATURE_RESTART
    }

    async fn metadata<P: AsRef<Path> + Send + Debug>(
        &self,
        user: &DefaultUser,
        path: P,
    ) -> Result<Meta> {
        let m = self.fs()?.metadata(user, path).await?;
        Ok(self.meta(m))
    }

    async fn list<P: AsRef<Path> + Send + Debug>(
        &self,
        user: &DefaultUser,
        path: P,
    ) -> Result<Vec<Fileinfo<PathBuf, Meta>>> {
        Ok(self
            .fs()?
            .list(user, path)
            .await?
            .into_iter()
            .map(|f| Fileinfo {
                path: f.path,
                metadata: self.meta(f.metadata),
            })
            .collect())
    }

    /// The in-memory server's listing (vsftpd's format, `simcom_ftp_model::server`): a directory's
    /// entries sorted by name, or a file's entry named as given (spec decision 47).
    async fn list_fmt<P>(&self, user: &DefaultUser, path: P) -> Result<std::io::Cursor<Vec<u8>>>
    where
        P: AsRef<Path> + Send + Debug,
        Meta: Metadata + 'static,
    {
        let path = path.as_ref();
        let m = self.metadata(user, path).await?;
        let mut out = String::new();
        if m.is_dir() {
            let mut entries = self.list(user, path).await?;
            entries.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
            for e in entries {
                let size = if e.metadata.is_dir() {
                    0
                } else {
                    e.metadata.len()
                };
                let name = e.path.to_string_lossy();
                list_line(&mut out, e.metadata.is_dir(), size, e.metadata.time, &name);
            }
        } else {
            list_line(&mut out, false, m.len(), m.time, &path.to_string_lossy());
        }
        Ok(std::io::Cursor::new(out.into_bytes()))
    }

    async fn get<P: AsRef<Path> + Send + Debug>(
        &self,
        user: &DefaultUser,
        path: P,
        start_pos: u64,
    ) -> Result<Box<dyn AsyncRead + Send + Sync + Unpin>> {
        let inner = self.fs()?.get(user, path, start_pos).await?;
        Ok(Box::new(Paced::new(inner, &self.world)))
    }

    async fn put<P: AsRef<Path> + Send + Debug, R: AsyncRead + Send + Sync + Unpin + 'static>(
        &self,
        user: &DefaultUser,
        input: R,
        path: P,
        start_pos: u64,
    ) -> Result<u64> {
        let limited = Limited::new(input, &self.world);
        self.fs()?.put(user, limited, path, start_pos).await
    }

    async fn del<P: AsRef<Path> + Send + Debug>(&self, user: &DefaultUser, path: P) -> Result<()> {
        self.fs()?.del(user, path).await
    }

    async fn mkd<P: AsRef<Path> + Send + Debug>(&self, user: &DefaultUser, path: P) -> Result<()> {
        self.fs()?.mkd(user, path).await
    }

    async fn rename<P: AsRef<Path> + Send + Debug>(
        &self,
        user: &DefaultUser,
        from: P,
        to: P,
    ) -> Result<()> {
        self.fs()?.rename(user, from, to).await
    }

    async fn rmd<P: AsRef<Path> + Send + Debug>(&self, user: &DefaultUser, path: P) -> Result<()> {
        self.fs()?.rmd(user, path).await
    }

    async fn cwd<P: AsRef<Path> + Send + Debug>(&self, user: &DefaultUser, path: P) -> Result<()> {
        self.fs()?.cwd(user, path).await
    }
}

/// A download at the world's pace (`pieces`, `interval`, `hold`); its faults are
/// [`Limited`]'s.
struct Paced {
    inner: Limited<Box<dyn AsyncRead + Send + Sync + Unpin>>,
    pacing: Pacing,
    /// Bytes delivered.
    pos: u64,
    /// Pieces started.
    k: usize,
    /// What is left of the current piece.
    left: usize,
    /// The wait before the next piece.
    wait: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Paced {
    fn new(inner: Box<dyn AsyncRead + Send + Sync + Unpin>, w: &Snapshot) -> Self {
        Self {
            inner: Limited::new(inner, w),
            pacing: w.pacing.clone(),
            pos: 0,
            k: 0,
            left: 0,
            wait: None,
        }
    }
}

impl AsyncRead for Paced {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        if let Some(w) = this.wait.as_mut() {
            if w.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.wait = None;
        }
        if this.left == 0 {
            this.left = this.pacing.piece(false, this.k, this.pos);
            this.k += 1;
        }
        // No read crosses the end of the piece.
        let (r, n) = read_at_most(&mut this.inner, cx, buf, this.left);
        this.pos += n as u64;
        this.left -= n.min(this.left);
        if this.left == 0 && n > 0 {
            this.wait = Some(Box::pin(tokio::time::sleep(this.pacing.gap(this.pos))));
        }
        r
    }
}

/// Reads at most `room` bytes of `inner` into `buf`: the poll, and how many bytes came.
fn read_at_most<R: AsyncRead + Unpin>(
    inner: &mut R,
    cx: &mut Context<'_>,
    buf: &mut ReadBuf<'_>,
    room: usize,
) -> (Poll<std::io::Result<()>>, usize) {
    let mut part = ReadBuf::new(buf.initialize_unfilled_to(room.min(buf.remaining())));
    let r = Pin::new(inner).poll_read(cx, &mut part);
    let n = match r {
        Poll::Ready(Ok(())) => part.filled().len(),
        _ => 0,
    };
    buf.advance(n);
    (r, n)
}

/// A transfer (either way) broken (`faults.drop_after`) or silent (`faults.stall_after`)
/// once that many bytes went through; no read crosses those points.
struct Limited<R> {
    inner: R,
    seen: u64,
    drop_after: Option<u64>,
    stall_after: Option<u64>,
}

impl<R> Limited<R> {
    fn new(inner: R, w: &Snapshot) -> Self {
        Self {
            inner,
            seen: 0,
            drop_after: w.drop_after,
            stall_after: w.stall_after,
        }
    }
}

impl<R: AsyncRead + Unpin> AsyncRead for Limited<R> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        if this.drop_after.is_some_and(|n| this.seen >= n) {
            return Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "the world breaks the transfer here (faults.drop_after)",
            )));
        }
        if this.stall_after.is_some_and(|n| this.seen >= n) {
            // Never woken: the transfer goes silent.
            return Poll::Pending;
        }
        let mut room = buf.remaining();
        for limit in [this.drop_after, this.stall_after].into_iter().flatten() {
            room = room.min(usize::try_from(limit - this.seen).unwrap_or(usize::MAX));
        }
        let (r, n) = read_at_most(&mut this.inner, cx, buf, room);
        this.seen += n as u64;
        r
    }
}

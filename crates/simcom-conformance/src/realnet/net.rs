//! [`RealNet`]: the model's network requests served by real FTP connections, at wall time.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use simcom_ftp_model::Instant;
use simcom_ftp_model::net::{ConnId, NetEvent, NetOp, NetReply, NetRequest, Peer, ReplyQueue};
use simcom_ftp_model::server::Pacing;

use super::worker::{Sockets, Worker, WorkerConfig};

/// The network conditions a replay puts between the model and the real server, so that the
/// corpus (written against the in-memory server's timing) replays the same: the world's
/// `server.pieces`, `list_pieces`, `interval` and `latency`, and its `stall_after` (a network that goes
/// silent). Without shaping the model gets what the server sends, when it comes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shaping {
    /// Piece sizes, time between pieces, time from a request to its reply.
    pub pacing: Pacing,
    /// Go silent after this many bytes of a transfer.
    pub stall_after: Option<u64>,
}

#[derive(Debug)]
struct Handle {
    ops: Sender<NetOp>,
    aborted: Arc<AtomicBool>,
    sockets: Sockets,
}

/// The shaper's view of one connection.
#[derive(Debug, Default)]
struct ConnState {
    /// When the request in hand was made.
    asked: Option<Instant>,
    /// Bytes of the current transfer passed on.
    bytes: u64,
    /// Pieces of the current download passed on.
    pieces: usize,
    /// The current download is a listing (paced by `list_pieces`).
    listing: bool,
    last_data_due: Option<Instant>,
    /// The request in hand is swallowed for good (stall).
    stalled: bool,
}

/// The model's network served by real FTP connections: one worker thread per connection
/// ([`NetOp`] in, [`NetEvent`] out over channels), replies handed to the model when it polls.
///
/// A [`Peer`] of the model, with the same contract as the in-memory server: one reply per
/// request except `Quit` and `Abort`, in order per connection, none after the connection was
/// closed. `Abort` shuts the connection's sockets down at once, so no worker outlives its
/// session for long. Like every peer it reads no clock: an answer is stamped with the `now` of
/// the [`Peer::poll_reply`] that takes it in.
///
/// ```no_run
/// use simcom_conformance::realnet::{RealNet, Timeouts};
/// use simcom_ftp_model::Instant;
/// use simcom_ftp_model::net::{ConnId, Login, NetOp, NetRequest, Peer, Security};
/// let start = std::time::Instant::now();
/// let now = || Instant::from_millis(start.elapsed().as_millis() as u64);
/// let mut net = RealNet::new(Default::default(), Timeouts::default(), None);
/// let login = Login {
///     host: "127.0.0.1".into(), port: 2121, user: "simcomtest".into(),
///     password: "simcomtest".into(), security: Security::Plain, ca: None,
///     passive: true, binary: true,
/// };
/// net.handle_request(now(), NetRequest { conn: ConnId(1), op: NetOp::Connect(login) });
/// let reply = loop {
///     net.wait(std::time::Duration::from_millis(100));
///     if let Some(r) = net.poll_reply(now()) { break r; }
/// };
/// println!("{reply:?}");
/// ```
#[derive(Debug)]
pub struct RealNet {
    cfg: Arc<WorkerConfig>,
    shaping: Option<Shaping>,
    /// Answers taken off the channel by [`RealNet::wait`], not yet stamped.
    waiting: Vec<(ConnId, NetEvent)>,
    workers: BTreeMap<ConnId, Handle>,
    conns: BTreeMap<ConnId, ConnState>,
    tx: Sender<(ConnId, NetEvent)>,
    rx: Receiver<(ConnId, NetEvent)>,
    /// Replies by due time and arrival order.
    pending: ReplyQueue,
}

impl RealNet {
    /// A driver. `shaping: None` passes the server's data on as it comes.
    pub fn new(ports: super::PortMap, timeouts: super::Timeouts, shaping: Option<Shaping>) -> Self {
        Self::with_options(ports, timeouts, shaping, None, None)
    }

    /// A driver with a CA that stands in for the module's (`--server-ca`) and the replay's
    /// normalisation (see [`super::normalise`]).
    pub fn with_options(
        ports: super::PortMap,
        timeouts: super::Timeouts,
        shaping: Option<Shaping>,
        ca_override: Option<Vec<u8>>,
        normalise: Option<Arc<super::normalise::Normaliser>>,
    ) -> Self {
        let (tx, rx) = channel();
        let cfg = WorkerConfig {
            timeouts,
            ports,
            fill_reads: shaping.is_some(),
            ca_override,
            normalise,
        };
        Self {
            cfg: Arc::new(cfg),
            shaping,
            waiting: Vec::new(),
            workers: BTreeMap::new(),
            conns: BTreeMap::new(),
            tx,
            rx,
            pending: ReplyQueue::default(),
        }
    }

    /// The number of connections with a worker.
    pub fn open_connections(&self) -> usize {
        self.workers.len()
    }
}

impl Peer for RealNet {
    fn handle_request(&mut self, now: Instant, req: NetRequest) {
        let NetRequest { conn, op } = req;
        if matches!(op, NetOp::Quit | NetOp::Abort) {
            self.close(conn, &op);
            return;
        }
        let state = self.conns.entry(conn).or_default();
        state.asked = Some(now);
        let op = match (&self.shaping, op) {
            (Some(s), NetOp::Read { max }) => {
                let left = s
                    .stall_after
                    .map_or(u64::MAX, |l| l.saturating_sub(state.bytes));
                if left == 0 {
                    state.stalled = true;
                    return;
                }
                let piece = s.pacing.piece(state.listing, state.pieces, state.bytes);
                let max = max
                    .max(1)
                    .min(piece)
                    .min(usize::try_from(left).unwrap_or(usize::MAX));
                NetOp::Read { max }
            }
            (Some(s), NetOp::Write(bytes)) => {
                if s.stall_after
                    .is_some_and(|l| state.bytes + bytes.len() as u64 > l)
                {
                    state.stalled = true;
                    return;
                }
                state.bytes += bytes.len() as u64;
                NetOp::Write(bytes)
            }
            (Some(s), NetOp::Finish) if s.stall_after.is_some_and(|l| state.bytes >= l) => {
                state.stalled = true;
                return;
            }
            (_, op @ (NetOp::Retrieve { .. } | NetOp::List { .. } | NetOp::Store { .. })) => {
                state.bytes = 0;
                state.pieces = 0;
                state.listing = matches!(op, NetOp::List { .. });
                state.last_data_due = None;
                op
            }
            (_, op) => op,
        };
        if !self.workers.contains_key(&conn) {
            self.spawn(conn);
        }
        let sent = self
            .workers
            .get(&conn)
            .is_some_and(|h| h.ops.send(op).is_ok());
        if !sent {
            // The worker is gone (it ended the connection): the connection is closed.
            self.workers.remove(&conn);
            self.push(
                conn,
                now,
                NetEvent::Failed(simcom_ftp_model::net::NetError::Closed),
            );
        }
    }

    /// The next reply due at or before `now`; answers that have arrived are stamped `now`.
    fn poll_reply(&mut self, now: Instant) -> Option<NetReply> {
        self.collect(now);
        self.pending.pop_due(now)
    }

    /// When the next reply already taken in falls due (an answer still on its way is not
    /// known: see [`RealNet::wait`]).
    fn poll_timeout(&self) -> Option<Instant> {
        self.pending.next_due()
    }
}

impl RealNet {
    fn spawn(&mut self, conn: ConnId) {
        let (ops_tx, ops_rx) = channel();
        let aborted = Arc::new(AtomicBool::new(false));
        let sockets = Sockets::default();
        let worker = Worker::new(
            conn,
            Arc::clone(&self.cfg),
            sockets.clone(),
            Arc::clone(&aborted),
        );
        let replies = self.tx.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("realnet-conn-{}", conn.0))
            .spawn(move || worker.run(&ops_rx, &replies));
        if spawned.is_ok() {
            self.workers.insert(
                conn,
                Handle {
                    ops: ops_tx,
                    aborted,
                    sockets,
                },
            );
        }
    }

    /// Quit (politely, on the worker) or abort (at once) a connection; its pending replies go.
    fn close(&mut self, conn: ConnId, op: &NetOp) {
        if let Some(h) = self.workers.remove(&conn) {
            if matches!(op, NetOp::Abort) {
                h.aborted.store(true, Ordering::SeqCst);
                h.sockets.shutdown();
            }
            let _ = h.ops.send(op.clone());
        }
        self.conns.remove(&conn);
        self.pending.forget(conn);
    }

    /// Takes the workers' replies that have arrived, stamping them with `now`.
    fn collect(&mut self, now: Instant) {
        for (conn, event) in std::mem::take(&mut self.waiting) {
            self.arrived(now, conn, event);
        }
        while let Ok((conn, event)) = self.rx.try_recv() {
            self.arrived(now, conn, event);
        }
    }

    fn arrived(&mut self, now: Instant, conn: ConnId, event: NetEvent) {
        if !self.workers.contains_key(&conn) {
            return; // a closed connection's late answer
        }
        let Some(state) = self.conns.get_mut(&conn) else {
            return;
        };
        if state.stalled {
            return;
        }
        let mut due = now;
        if let Some(s) = &self.shaping {
            let asked = state.asked.unwrap_or(now);
            due = due.max(asked + s.pacing.latency);
            if let NetEvent::Data(d) = &event {
                if let Some(prev) = state.last_data_due {
                    due = due.max(prev + s.pacing.gap(state.bytes));
                }
                state.last_data_due = Some(due);
                state.pieces += 1;
                state.bytes += d.len() as u64;
            }
        }
        self.push(conn, due, event);
    }

    /// Queues `event` for `conn` (the queue keeps a connection's replies in order).
    fn push(&mut self, conn: ConnId, due: Instant, event: NetEvent) {
        self.pending.push(due, NetReply { conn, event });
    }

    /// Blocks until a worker answers or `max` has passed (whichever is first); the answer is
    /// then taken in by the next [`Peer::poll_reply`].
    pub fn wait(&mut self, max: Duration) {
        match self.rx.recv_timeout(max) {
            Ok(answer) => self.waiting.push(answer),
            Err(mpsc::RecvTimeoutError::Timeout | mpsc::RecvTimeoutError::Disconnected) => {}
        }
    }
}

impl Drop for RealNet {
    fn drop(&mut self) {
        for (_, h) in std::mem::take(&mut self.workers) {
            h.aborted.store(true, Ordering::SeqCst);
            h.sockets.shutdown();
        }
    }
}

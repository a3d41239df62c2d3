//! What the driver's tests share: the model's world and the FTP profile of app note 5.1.1,
//! and a UART whose far end is the model.

#![allow(dead_code)] // each test binary uses its part

use std::cell::RefCell;
use std::convert::Infallible;
use std::rc::Rc;
use std::time::Duration;

use simcom_at::command::Setting;
use simcom_at::{Command, Instant};
use simcom_ftp::{Blocking, Client, Clock, Done, Error, Event, Timeouts};
use simcom_ftp_model::server::Server;
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{Module, Profile};

/// The note's world: context 0 active, the note's account, `files` on the server.
pub(crate) fn world(files: &[(&str, Vec<u8>)]) -> Sim<Server> {
    world_with(Profile::default(), files)
}

/// [`world`] with a module of `profile` (a firmware that differs).
pub(crate) fn world_with(profile: Profile, files: &[(&str, Vec<u8>)]) -> Sim<Server> {
    let mut server = Server::default();
    for (path, data) in files {
        server.add_file(path, data.clone()).unwrap();
    }
    let mut module = Module::new(profile);
    module.set_context_active(0, true);
    Sim::new(module, server)
}

/// Echo off, then the FTP profile of app note 5.1.1 (context 0, the note's server and
/// account), getting and putting `path` / `name`.
pub(crate) fn profile<'a>(path: &'a str, name: &'a str) -> [Command<'a>; 9] {
    [
        Command::Echo(false),
        Command::FtpCid(Setting::Write(0)),
        Command::FtpServ(Setting::Write("112.74.93.163")),
        Command::FtpUn(Setting::Write("simcomtest")),
        Command::FtpPw(Setting::Write("simcomtest")),
        Command::FtpGetPath(Setting::Write(path)),
        Command::FtpGetName(Setting::Write(name)),
        Command::FtpPutPath(Setting::Write(path)),
        Command::FtpPutName(Setting::Write(name)),
    ]
}

/// The model, shared between a UART and a clock.
pub(crate) type Shared = Rc<RefCell<Sim<Server>>>;

/// The module's UART: writes go to the model, reads take its output.
pub(crate) struct Uart {
    pub(crate) sim: Shared,
    rx: Vec<u8>,
}

impl Uart {
    pub(crate) fn new(sim: Shared) -> Self {
        Self {
            sim,
            rx: Vec::new(),
        }
    }

    /// The host writes `buf`.
    pub(crate) fn write(&mut self, buf: &[u8]) -> usize {
        self.sim.borrow_mut().send(buf).unwrap();
        buf.len()
    }

    /// Whether the module has printed something not yet read.
    pub(crate) fn ready(&mut self) -> bool {
        if self.rx.is_empty() {
            self.rx = self.sim.borrow_mut().take_output();
        }
        !self.rx.is_empty()
    }

    /// Reads what the module printed into `buf`: 0 if nothing.
    pub(crate) fn pull(&mut self, buf: &mut [u8]) -> usize {
        if !self.ready() {
            return 0;
        }
        let n = buf.len().min(self.rx.len());
        buf[..n].copy_from_slice(&self.rx[..n]);
        self.rx.drain(..n);
        n
    }
}

/// An upload's handler: adds up the [`Event::PutData`] lengths (the progress an upload
/// reports) in `sent`; any other event fails the test.
pub(crate) fn progress(sent: &mut u64) -> impl FnMut(Event<'_>) + '_ {
    move |e| match e {
        Event::PutData { len } => *sent += u64::from(len),
        other => panic!("{other:?}"),
    }
}

/// An event with its borrowed parts copied out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seen {
    Data(Vec<u8>),
    Response(String),
    Text(String),
    Done(Done),
    Failed(Error),
    Unsolicited(String),
    PutReady(u16),
    PutData(u32),
    EtPutReady,
}

pub(crate) fn own(e: Event<'_>) -> Seen {
    match e {
        Event::Data(d) => Seen::Data(d.to_vec()),
        Event::Response(i) => Seen::Response(i.to_string()),
        Event::Text(t) => Seen::Text(String::from_utf8_lossy(t).into_owned()),
        Event::Done(d) => Seen::Done(d),
        Event::Failed(e) => Seen::Failed(e),
        Event::Unsolicited(e) => Seen::Unsolicited(format!("{e:?}")),
        Event::PutReady { max } => Seen::PutReady(max),
        Event::PutData { len } => Seen::PutData(len),
        Event::EtPutReady => Seen::EtPutReady,
        other => Seen::Unsolicited(format!("{other:?}")),
    }
}

/// Runs the client's operation against `sim` until it ends, calling `act` with each event
/// after the read that brought it (the caller's moves: the chunks of an upload). What the
/// client transmits goes to the model at once, the model's output comes back as one read,
/// and when neither has anything to say virtual time jumps to the earlier deadline.
///
/// Asserts the client's deadlines (never in the past when time moves on; a timeout exactly at
/// its deadline) and that the run ends within 1,000,000 steps.
pub(crate) fn drive<B: AsRef<[u8]> + AsMut<[u8]>>(
    client: &mut Client<B>,
    sim: &mut Sim<Server>,
    mut act: impl FnMut(&mut Client<B>, &mut Sim<Server>, &Seen),
) -> Vec<Seen> {
    let mut seen = Vec::new();
    for _ in 0..1_000_000 {
        let now = sim.now();
        while let Some(line) = client.poll_transmit(now) {
            let line = line.to_vec();
            sim.send(&line).unwrap();
        }
        let out = sim.take_output();
        if !out.is_empty() {
            let from = seen.len();
            client.receive(now, &out, |e| seen.push(own(e)));
            for s in &seen[from..] {
                act(client, sim, s);
            }
            if client.is_idle() {
                return seen;
            }
            continue;
        }
        let deadline = client.poll_timeout();
        if let Some(d) = deadline {
            assert!(d >= now, "a deadline in the past: {d} at {now}");
        }
        let next = [deadline, sim.next_deadline()]
            .into_iter()
            .flatten()
            .min()
            .expect("neither the client nor the model waits for anything");
        sim.advance_to(next).unwrap();
        if let Some(e) = client.handle_timeout(sim.now()) {
            assert_eq!(Some(sim.now()), deadline, "timed out off its deadline");
            seen.push(Seen::Failed(e));
            return seen;
        }
    }
    panic!("no end after 1,000,000 steps: {seen:?}");
}

/// The data of a run's `Data` events, and what else it saw.
pub(crate) fn split(seen: Vec<Seen>) -> (Vec<u8>, Vec<Seen>) {
    let mut data = Vec::new();
    let mut rest = Vec::new();
    for s in seen {
        match s {
            Seen::Data(d) => data.extend_from_slice(&d),
            s => rest.push(s),
        }
    }
    (data, rest)
}

/// Uploads `data` with [`Client::put`]: chunks of at most `chunk` bytes (and the module's
/// `max`), their bytes written at `PutData`; returns what the run saw besides those two.
pub(crate) fn put<B: AsRef<[u8]> + AsMut<[u8]>>(
    c: &mut Client<B>,
    sim: &mut Sim<Server>,
    data: &[u8],
    chunk: u16,
) -> Vec<Seen> {
    c.put().unwrap();
    let mut sent = 0;
    let seen = drive(c, sim, |c, sim, s| match s {
        Seen::PutReady(max) => {
            let left = u16::try_from(data.len() - sent).unwrap_or(u16::MAX);
            c.put_chunk(left.min(*max).min(chunk)).unwrap();
        }
        Seen::PutData(len) => {
            let len = *len as usize;
            sim.send(&data[sent..sent + len]).unwrap();
            sent += len;
        }
        _ => {}
    });
    seen.into_iter()
        .filter(|s| !matches!(s, Seen::PutReady(_) | Seen::PutData(_)))
        .collect()
}

// --- The blocking adapter over the model ---------------------------------------------------

/// The UART's error (shared by the blocking and the async traits).
impl embedded_io::ErrorType for Uart {
    type Error = Infallible;
}

/// Writes go to the model; reads take its output; while it is silent, each `read_ready` lets
/// 100 ms of virtual time pass (or less, up to the model's next deadline).
impl embedded_io::Write for Uart {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        Ok(Uart::write(self, buf))
    }
    fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

impl embedded_io::ReadReady for Uart {
    fn read_ready(&mut self) -> Result<bool, Infallible> {
        if !self.ready() {
            let mut sim = self.sim.borrow_mut();
            let step = sim.now() + Duration::from_millis(100);
            let t = sim.next_deadline().map_or(step, |d| d.min(step));
            sim.advance_to(t).unwrap();
        }
        Ok(self.ready())
    }
}

impl embedded_io::Read for Uart {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        Ok(self.pull(buf))
    }
}

/// The model's virtual time.
pub(crate) struct SimClock(pub(crate) Shared);

impl Clock for SimClock {
    fn now(&mut self) -> Instant {
        self.0.borrow().now()
    }
}

/// The blocking driver on the model.
pub(crate) type Driver = Blocking<Uart, SimClock, [u8; 2048]>;

/// The blocking driver on [`world`].
pub(crate) fn module(files: &[(&str, Vec<u8>)]) -> (Shared, Driver) {
    module_with(Profile::default(), files)
}

/// The blocking driver on [`world_with`] `profile`.
pub(crate) fn module_with(profile: Profile, files: &[(&str, Vec<u8>)]) -> (Shared, Driver) {
    let sim = Rc::new(RefCell::new(world_with(profile, files)));
    let client = Client::new([0; 2048], Timeouts::default()).unwrap();
    (
        sim.clone(),
        Blocking::new(Uart::new(sim.clone()), SimClock(sim), client),
    )
}

/// [`profile`] through the driver, getting and putting `/<name>`.
pub(crate) fn configure(m: &mut Driver, name: &str) {
    for cmd in profile("/", name) {
        m.command(&cmd, |e| panic!("{cmd:?}: {e:?}")).unwrap();
    }
}

//! The async adapter over an `embedded-io-async` UART whose far end is the model, with a
//! timer on the model's virtual time; run by a minimal executor (a no-op waker, polled until
//! done): the futures never wait on anything real.

use std::cell::RefCell;
use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use embedded_io_async::{Read, Write};
use simcom_at::{Command, FtpError, Instant};
use simcom_ftp::{Async, BlockingError, Client, Config, Error, Event, Timeouts, Timer, Wait};

mod common;
use common::{Shared, Uart, profile, progress, world};

/// Polls `f` to completion with a no-op waker (bounded: 1,000,000 polls).
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1_000_000 {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("the future did not complete");
}

/// A read is pending while the module is silent.
impl Write for Uart {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        Ok(Uart::write(self, buf))
    }
    async fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

impl Read for Uart {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        std::future::poll_fn(|_| match self.pull(buf) {
            0 => Poll::Pending,
            n => Poll::Ready(Ok(n)),
        })
        .await
    }
}

/// A timer on the model's virtual time: waiting lets the model run to its next deadline
/// (or the timer's, whichever is first), one step per poll.
struct SimTimer(Shared);

impl Timer for SimTimer {
    fn now(&mut self) -> Instant {
        self.0.borrow().now()
    }
    async fn at(&mut self, deadline: Instant) {
        std::future::poll_fn(|_| {
            let mut sim = self.0.borrow_mut();
            if sim.now() >= deadline {
                return Poll::Ready(());
            }
            let t = sim.next_deadline().map_or(deadline, |d| d.min(deadline));
            sim.advance_to(t).unwrap();
            if sim.now() >= deadline {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await
    }
}

type Driver = Async<Uart, SimTimer, [u8; 2048]>;

fn module(files: &[(&str, Vec<u8>)], timeouts: Timeouts) -> (Shared, Driver) {
    let sim = Rc::new(RefCell::new(world(files)));
    let client = Client::new([0; 2048], timeouts).unwrap();
    (
        sim.clone(),
        Async::new(Uart::new(sim.clone()), SimTimer(sim), client),
    )
}

async fn configure(m: &mut Driver, name: &str) {
    for cmd in profile("/", name) {
        m.command(&cmd, |e| panic!("{cmd:?}: {e:?}")).await.unwrap();
    }
}

/// App note 5.1.2 then 5.1.1, awaited: 20,000 bytes of every value up, then down, exact.
#[test]
fn async_put_then_get_round_trips() {
    let data: Vec<u8> = (0..=255u8).cycle().skip(11).take(20_000).collect();
    let (sim, mut m) = module(&[], Timeouts::default());
    block_on(async {
        configure(&mut m, "a.bin").await;
        let mut sent = 0;
        assert_eq!(m.put(&data, progress(&mut sent)).await.unwrap(), 20_000);
        assert_eq!(sent, 20_000, "the progress reported");
        assert!(sim.borrow().server.file("/a.bin") == Some(&data[..]));
        let mut got = Vec::new();
        let n = m
            .get(1460, |e| {
                if let Event::Data(d) = e {
                    got.extend_from_slice(d);
                }
            })
            .await
            .unwrap();
        assert_eq!(n, 20_000);
        assert!(got == data, "the bytes differ");
    });
}

/// The module's FTP error, typed, awaited.
#[test]
fn async_get_of_a_missing_file_is_ftp_error_79() {
    let (_sim, mut m) = module(&[], Timeouts::default());
    block_on(async {
        configure(&mut m, "absent.bin").await;
        let r = m.get(1024, |e| panic!("{e:?}")).await;
        assert_eq!(
            r,
            Err(BlockingError::Module(Error::Ftp(FtpError::Download)))
        );
    });
}

/// A module that stops answering (AT+CFSWFILE waits 10 s for its data): the read loses the
/// race against the client's 2 s deadline, at 2 s of virtual time.
#[test]
fn async_call_times_out_on_a_silent_module() {
    let timeouts = Timeouts {
        response: Duration::from_secs(2),
        ..Timeouts::default()
    };
    let (sim, mut m) = module(&[], timeouts);
    block_on(async {
        m.command(&Command::Echo(false), |_| {}).await.unwrap();
        m.command(&Command::parse(b"AT+CFSINIT").unwrap(), |_| {})
            .await
            .unwrap();
        let start = sim.borrow().now();
        let r = m
            .command(
                &Command::parse(b"AT+CFSWFILE=3,\"a.bin\",0,10,10000").unwrap(),
                |_| {},
            )
            .await;
        assert_eq!(r, Err(BlockingError::Module(Error::Timeout(Wait::Final))));
        assert_eq!(
            sim.borrow().now().saturating_duration_since(start),
            Duration::from_secs(2)
        );
    });
}

/// The async adapter's set-up and loads, awaited: a [`Config`]'s commands, a 12,000-byte file
/// written into the module's file system in two `AT+CFSWFILE` pieces, and the same bytes
/// uploaded from the module's RAM (app note 5.1.12) in 5,000-byte loads; each exact.
#[test]
fn async_config_write_file_and_ext_put() {
    use simcom_at::command::FsDir;
    let data: Vec<u8> = (0..=255u8).cycle().skip(5).take(12_000).collect();
    let (sim, mut m) = module(&[], Timeouts::default());
    block_on(async {
        m.command(&Command::Echo(false), |_| {}).await.unwrap();
        let config = Config::new("112.74.93.163", "simcomtest", "simcomtest");
        m.commands(config.commands(), |e| panic!("{e:?}"))
            .await
            .unwrap();
        let mut sent = 0;
        m.write_file(FsDir::Customer, "a.bin", &data, 2000, progress(&mut sent))
            .await
            .unwrap();
        assert_eq!(sent, 12_000, "the progress reported");
        let written = sim
            .borrow()
            .module
            .file_system()
            .read(FsDir::Customer, "a.bin")
            .map(<[u8]>::to_vec);
        assert!(written.as_deref() == Some(&data[..]));
        m.commands(
            [
                Command::FtpPutPath(simcom_at::command::Setting::Write("/")),
                Command::FtpPutName(simcom_at::command::Setting::Write("x.bin")),
            ],
            |e| panic!("{e:?}"),
        )
        .await
        .unwrap();
        let n = m
            .ext_put(&data, 5_000, 20_000, progress(&mut sent))
            .await
            .unwrap();
        assert_eq!((n, sent), (12_000, 24_000));
        assert!(sim.borrow().server.file("/x.bin") == Some(&data[..]));
    });
}

/// A module that prints nothing before FTPEXTPUT's data (`extput_header = false`, the
/// manual's order), awaited with [`ExtPutPrompt::None`]: the data goes right after each load
/// command, and the server holds exactly the file.
#[test]
fn async_ext_put_without_go_ahead() {
    let data: Vec<u8> = (0..=255u8).cycle().skip(2).take(3_000).collect();
    let profile = simcom_ftp_model::Profile {
        extput_header: false,
        ..simcom_ftp_model::Profile::default()
    };
    let sim = Rc::new(RefCell::new(common::world_with(profile, &[])));
    let mut client = Client::new([0; 2048], Timeouts::default()).unwrap();
    client.set_ext_put_prompt(simcom_ftp::ExtPutPrompt::None);
    let mut m = Async::new(Uart::new(sim.clone()), SimTimer(sim.clone()), client);
    block_on(async {
        configure(&mut m, "n.bin").await;
        let mut sent = 0;
        let n = m
            .ext_put(&data, 1_000, 20_000, progress(&mut sent))
            .await
            .unwrap();
        assert_eq!((n, sent), (3_000, 3_000));
    });
    assert!(sim.borrow().server.file("/n.bin") == Some(&data[..]));
}

/// The `alloc` conveniences, awaited.
#[test]
fn async_get_vec_and_list_vec() {
    let file: Vec<u8> = (0..=255u8).cycle().take(4_321).collect();
    let (_sim, mut m) = module(&[("/v.bin", file.clone())], Timeouts::default());
    block_on(async {
        configure(&mut m, "v.bin").await;
        assert!(m.get_vec(1000).await.unwrap() == file);
        let listing = m.list_vec(1000).await.unwrap();
        assert!(String::from_utf8_lossy(&listing).contains(" v.bin\r\n"));
    });
}

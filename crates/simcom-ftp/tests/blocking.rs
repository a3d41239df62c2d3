//! The blocking adapter over an `embedded-io` UART whose far end is the model, at virtual
//! time: the UART jumps time forward while the module is silent, so every wait is exercised
//! and bounded.

use std::convert::Infallible;
use std::time::Duration;

use embedded_io::{ErrorType, Read, ReadReady, Write};
use simcom_at::command::Setting;
use simcom_at::{Command, FtpError, Instant};
use simcom_ftp::{Blocking, BlockingError, Client, Clock, Error, Event, Timeouts, Wait};

mod common;
use common::{configure, module};

/// App note 5.1.1 through the blocking adapter: one call, the server's exact bytes.
#[test]
fn blocking_get_returns_the_servers_bytes() {
    let file: Vec<u8> = (0..=255u8).cycle().take(30_000).collect();
    let (_sim, mut m) = module(&[("/f.bin", file.clone())]);
    configure(&mut m, "f.bin");
    let mut got = Vec::new();
    let n = m
        .get(1024, |e| match e {
            Event::Data(d) => got.extend_from_slice(d),
            other => panic!("{other:?}"),
        })
        .unwrap();
    assert_eq!(n, 30_000);
    assert!(got == file, "the bytes differ");
}

/// A wrong password is the module's FTP error 72, typed, in about the time the module takes
/// to hear the server's refusal (virtual time), not at a timeout.
#[test]
fn blocking_get_reports_the_modules_error() {
    let (sim, mut m) = module(&[("/f.bin", vec![1, 2, 3])]);
    configure(&mut m, "f.bin");
    m.command(&Command::FtpPw(Setting::Write("wrong")), |_| {})
        .unwrap();
    let r = m.get(1024, |e| panic!("{e:?}"));
    assert_eq!(
        r,
        Err(BlockingError::Module(Error::Ftp(FtpError::Password)))
    );
    assert!(sim.borrow().now() < Instant::from_millis(10_000));
}

/// A module that stops answering: the call returns `Timeout(Final)` once the response
/// timeout has passed, never hangs.
#[test]
fn blocking_call_times_out_on_a_silent_module() {
    let (sim, m) = module(&[]);
    // AT+CFSWFILE waits for its data after DOWNLOAD: the module then says nothing more until
    // its input time (10 s) ends; with a 2 s response timeout the client gives up first.
    let (uart, clock, _) = m.into_inner();
    let client = Client::new(
        [0; 2048],
        Timeouts {
            response: Duration::from_secs(2),
            ..Timeouts::default()
        },
    )
    .unwrap();
    let mut m = Blocking::new(uart, clock, client);
    m.command(&Command::Echo(false), |_| {}).unwrap();
    m.command(&Command::parse(b"AT+CFSINIT").unwrap(), |_| {})
        .unwrap();
    let start = sim.borrow().now();
    let r = m.command(
        &Command::parse(b"AT+CFSWFILE=3,\"a.bin\",0,10,10000").unwrap(),
        |_| {},
    );
    assert_eq!(r, Err(BlockingError::Module(Error::Timeout(Wait::Final))));
    let waited = sim.borrow().now().saturating_duration_since(start);
    assert!(
        waited >= Duration::from_secs(2) && waited <= Duration::from_millis(2_200),
        "{waited:?}"
    );
}

/// App note 5.1.2 through the blocking adapter: 10,000 bytes of every value uploaded in the
/// module's 1360-byte chunks; the server holds exactly them; then the GET of the same file
/// returns them.
#[test]
fn blocking_put_then_get_round_trips() {
    let data: Vec<u8> = (0..=255u8).cycle().skip(3).take(10_000).collect();
    let (sim, mut m) = module(&[]);
    configure(&mut m, "up.bin");
    let mut sent = 0;
    assert_eq!(m.put(&data, common::progress(&mut sent)).unwrap(), 10_000);
    assert_eq!(sent, 10_000, "the progress reported");
    assert!(sim.borrow().server.file("/up.bin") == Some(&data[..]));
    let mut got = Vec::new();
    m.get(1460, |e| {
        if let Event::Data(d) = e {
            got.extend_from_slice(d);
        }
    })
    .unwrap();
    assert!(got == data, "the bytes differ");
}

/// Any operation through `perform`: a transparent download (app note 5.1.15), exact.
#[test]
fn blocking_perform_runs_a_transparent_download() {
    let file: Vec<u8> = (0..=255u8).cycle().take(3_000).collect();
    let (_sim, mut m) = module(&[("/f.bin", file.clone())]);
    configure(&mut m, "f.bin");
    let mut got = Vec::new();
    let done = m
        .perform(Client::et_get, |e| {
            if let Event::Data(d) = e {
                got.extend_from_slice(d);
            }
        })
        .unwrap();
    assert_eq!(done, simcom_ftp::Done::Get { bytes: 3_000 });
    assert!(got == file);
}

/// A transparent upload through the blocking adapter, which escapes the bytes and ends them
/// with the ETX itself (app note 5.1.14): every byte value lands on the server exactly.
#[test]
fn blocking_et_put_escapes_every_byte_value() {
    let data: Vec<u8> = (0..=255u8).cycle().skip(1).take(5_000).collect();
    let (sim, mut m) = module(&[]);
    configure(&mut m, "t.bin");
    assert_eq!(m.et_put(&data, |e| panic!("{e:?}")).unwrap(), 5_000);
    assert!(sim.borrow().server.file("/t.bin") == Some(&data[..]));
}

/// A UART that reaches its end (a read of 0 bytes: the port went away) ends the call with
/// `Closed`, not a hang.
#[test]
fn a_closed_uart_is_reported() {
    struct Gone;
    impl ErrorType for Gone {
        type Error = Infallible;
    }
    impl Write for Gone {
        fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
            Ok(buf.len())
        }
        fn flush(&mut self) -> Result<(), Infallible> {
            Ok(())
        }
    }
    impl ReadReady for Gone {
        fn read_ready(&mut self) -> Result<bool, Infallible> {
            Ok(true)
        }
    }
    impl Read for Gone {
        fn read(&mut self, _: &mut [u8]) -> Result<usize, Infallible> {
            Ok(0)
        }
    }
    struct Zero;
    impl Clock for Zero {
        fn now(&mut self) -> Instant {
            Instant::ZERO
        }
    }
    let client = Client::new([0; 512], Timeouts::default()).unwrap();
    let mut m = Blocking::new(Gone, Zero, client);
    assert_eq!(m.command(&Command::At, |_| {}), Err(BlockingError::Closed));
}

/// App note 5.1.16 through the blocking adapter: a handler that breaks after 4 KiB aborts
/// the download with AT+FTPQUIT, which fails with the module's 80 (`ManualQuit`) and no more
/// than a read or two past the break; an upload broken at its first chunk fails the same
/// way, and the server does not hold the whole file. A GET after each runs whole.
#[test]
fn a_handler_that_breaks_aborts_the_transfer() {
    use std::ops::ControlFlow;
    let file: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let (sim, mut m) = module(&[("/f.bin", file.clone())]);
    configure(&mut m, "f.bin");
    let mut head = Vec::new();
    let r = m.perform_until(
        |c| c.get(1024),
        &[],
        |e| {
            if let Event::Data(d) = e {
                head.extend_from_slice(d);
            }
            if head.len() >= 4096 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    assert_eq!(
        r,
        Err(BlockingError::Module(Error::Ftp(FtpError::ManualQuit)))
    );
    assert!(
        head.len() >= 4096 && head.len() <= 4096 + 2 * 1024,
        "{}",
        head.len()
    );
    assert!(head[..] == file[..head.len()]);

    configure(&mut m, "up.bin");
    let r = m.perform_until(simcom_ftp::Client::put, &file, |e| match e {
        Event::PutData { .. } => ControlFlow::Break(()),
        _ => ControlFlow::Continue(()),
    });
    assert_eq!(
        r,
        Err(BlockingError::Module(Error::Ftp(FtpError::ManualQuit)))
    );
    assert!(sim.borrow().server.file("/up.bin").map_or(0, <[u8]>::len) < file.len());

    configure(&mut m, "f.bin");
    let mut got = Vec::new();
    m.get(1460, |e| {
        if let Event::Data(d) = e {
            got.extend_from_slice(d);
        }
    })
    .unwrap();
    assert!(got == file, "the GET after the aborts differs");
}

/// The `alloc` conveniences: a file and a listing returned whole.
#[test]
fn get_vec_and_list_vec_return_them_whole() {
    let file: Vec<u8> = (0..=255u8).cycle().take(12_345).collect();
    let (_sim, mut m) = module(&[("/v.bin", file.clone())]);
    configure(&mut m, "v.bin");
    assert!(m.get_vec(1460).unwrap() == file);
    let listing = m.list_vec(1460).unwrap();
    assert!(String::from_utf8_lossy(&listing).contains(" v.bin\r\n"));
}

/// A UART that plays the module's reads one chunk per read, in order, and keeps what the
/// host wrote.
struct Script {
    reads: std::collections::VecDeque<&'static [u8]>,
    written: Vec<u8>,
}

impl ErrorType for Script {
    type Error = Infallible;
}

impl Write for Script {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Infallible> {
        self.written.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> Result<(), Infallible> {
        Ok(())
    }
}

impl ReadReady for Script {
    fn read_ready(&mut self) -> Result<bool, Infallible> {
        Ok(!self.reads.is_empty())
    }
}

impl Read for Script {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, Infallible> {
        let chunk = self.reads.pop_front().unwrap_or_default();
        buf[..chunk.len()].copy_from_slice(chunk);
        Ok(chunk.len())
    }
}

/// A clock that moves 1 ms each time it is read.
struct Ticks(u64);

impl Clock for Ticks {
    fn now(&mut self) -> Instant {
        self.0 += 1;
        Instant::from_millis(self.0)
    }
}

/// A failure while a read is in flight (`+FTPGET: 1,64` before the read's answer) fails the
/// GET at once, but the call returns only once the read's final result is in: the next call
/// runs, instead of finding the client still busy with it.
#[test]
fn a_failure_with_a_line_in_flight_is_returned_once_the_client_is_idle() {
    let reads = [
        &b"\r\nOK\r\n"[..],
        b"\r\n+FTPGET: 1,1\r\n",
        b"\r\n+FTPGET: 1,64\r\n",
        b"\r\n+FTPGET: 2,0\r\n\r\nOK\r\n",
        b"\r\nOK\r\n",
    ];
    let uart = Script {
        reads: reads.into_iter().collect(),
        written: Vec::new(),
    };
    let client = Client::new([0; 1024], Timeouts::default()).unwrap();
    let mut m = Blocking::new(uart, Ticks(0), client);
    let r = m.get(1024, |e| panic!("{e:?}"));
    assert_eq!(r, Err(BlockingError::Module(Error::Ftp(FtpError::Timeout))));
    m.command(&Command::At, |e| panic!("{e:?}")).unwrap();
    let (uart, _, _) = m.into_inner();
    assert_eq!(uart.written, b"AT+FTPGET=1\rAT+FTPGET=2,1024\rAT\r");
}

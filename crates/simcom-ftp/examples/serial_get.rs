//! Download a file through a module on a serial port with the blocking driver, on a PC (or
//! any std target): the serial port as an `embedded-io` UART, `std::time` as the clock.
//!
//! ```text
//! cargo run -p simcom-ftp --example serial_get -- /dev/ttyUSB2 112.74.93.163 simcomtest simcomtest /simftp.txt
//! ```
//!
//! Try it on the virtual module: `cargo run -p simcom-conformance -- serve --pty` prints the
//! port to use.

use std::io::{Read as _, Write as _};
use std::time::Duration;

use simcom_at::command::{FtpType, Setting};
use simcom_at::{Command, Info, Instant};
use simcom_ftp::{Blocking, Client, Clock, Config, Event, Timeouts};

/// A serial port as the module's UART.
struct Port(Box<dyn serialport::SerialPort>);

impl embedded_io::ErrorType for Port {
    type Error = std::io::Error;
}

impl embedded_io::Read for Port {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, std::io::Error> {
        loop {
            match self.0.read(buf) {
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => continue,
                r => return r,
            }
        }
    }
}

impl embedded_io::ReadReady for Port {
    fn read_ready(&mut self) -> Result<bool, std::io::Error> {
        if self.0.bytes_to_read()? > 0 {
            return Ok(true);
        }
        // Nothing yet: wait a little rather than spin.
        std::thread::sleep(Duration::from_millis(5));
        Ok(self.0.bytes_to_read()? > 0)
    }
}

impl embedded_io::Write for Port {
    fn write(&mut self, buf: &[u8]) -> Result<usize, std::io::Error> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> Result<(), std::io::Error> {
        self.0.flush()
    }
}

/// `std::time` as the driver's clock.
struct Wall(std::time::Instant);

impl Clock for Wall {
    fn now(&mut self) -> Instant {
        Instant::from_millis(u64::try_from(self.0.elapsed().as_millis()).unwrap_or(u64::MAX))
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [port, server, user, password, path] = &args[..] else {
        return Err("usage: serial_get PORT SERVER USER PASSWORD /DIR/FILE".into());
    };
    let (dir, name) = path.rsplit_once('/').ok_or("the path is /DIR/FILE")?;
    let dir = if dir.is_empty() { "/" } else { dir };
    let port = serialport::new(port, 115_200)
        .timeout(Duration::from_millis(50))
        .open()?;
    let client = Client::new(vec![0u8; 4096], Timeouts::default())?;
    let mut module = Blocking::new(Port(port), Wall(std::time::Instant::now()), client);

    let mut active = false;
    module.command(&Command::Cnact(Setting::Read), |e| {
        if let Event::Response(Info::Cnact {
            pdpidx: 0,
            status: 1,
            ..
        }) = e
        {
            active = true;
        }
    })?;
    if !active {
        module.bearer_up(0, |_| {})?;
    }
    // The session parameters (FTPS: `tls: Some(Tls { .. })`), then the file to get.
    let config = Config {
        transfer_type: Some(FtpType::Binary),
        rest: Some(0),
        ..Config::new(server, user, password)
    };
    module.commands(config.commands(), |_| {})?;
    module.commands(
        [
            Command::FtpGetPath(Setting::Write(dir)),
            Command::FtpGetName(Setting::Write(name)),
        ],
        |_| {},
    )?;
    let mut file = std::fs::File::create(name)?;
    let mut failed = None;
    let bytes = module.get(1024, |e| {
        if let Event::Data(piece) = e
            && failed.is_none()
        {
            failed = file.write_all(piece).err();
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    println!("{path}: {bytes} bytes to {name}");
    Ok(())
}

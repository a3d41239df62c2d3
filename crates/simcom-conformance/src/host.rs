//! The host driver (`simcom-ftp`) over a harness [`Target`]: the transport of the `client`
//! command. A target (the model at virtual time, a live module or `serve --pty` on a serial
//! port) becomes an `embedded-io` UART and a [`Clock`], so that the driver runs on it exactly
//! as it runs on a microcontroller's UART.

use std::cell::RefCell;
use std::time::Duration;

use simcom_at::Instant;
use simcom_ftp::{Blocking, Client, Clock, Timeouts};

use crate::target::{Target, TargetError};

/// How long one `read_ready` waits for the module before it says "nothing yet".
const POLL: Duration = Duration::from_millis(20);

/// A target's failure, as an `embedded-io` error.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct UartError(#[from] pub TargetError);

impl embedded_io::Error for UartError {
    fn kind(&self) -> embedded_io::ErrorKind {
        embedded_io::ErrorKind::Other
    }
}

/// A target as the module's UART.
pub struct TargetUart<'t> {
    target: &'t RefCell<Box<dyn Target>>,
    inbox: Vec<u8>,
}

impl embedded_io::ErrorType for TargetUart<'_> {
    type Error = UartError;
}

impl embedded_io::Write for TargetUart<'_> {
    fn write(&mut self, buf: &[u8]) -> Result<usize, UartError> {
        self.target.borrow_mut().write(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> Result<(), UartError> {
        Ok(())
    }
}

impl embedded_io::ReadReady for TargetUart<'_> {
    /// Waits up to 20 ms of the target's time (virtual on the model) for the module.
    fn read_ready(&mut self) -> Result<bool, UartError> {
        if self.inbox.is_empty() {
            let mut t = self.target.borrow_mut();
            let deadline = t.now() + POLL;
            self.inbox = t.read_until(deadline)?;
        }
        Ok(!self.inbox.is_empty())
    }
}

impl embedded_io::Read for TargetUart<'_> {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, UartError> {
        while self.inbox.is_empty() {
            embedded_io::ReadReady::read_ready(self)?;
        }
        let n = buf.len().min(self.inbox.len());
        buf[..n].copy_from_slice(&self.inbox[..n]);
        self.inbox.drain(..n);
        Ok(n)
    }
}

/// A target's clock.
pub struct TargetClock<'t>(&'t RefCell<Box<dyn Target>>);

impl Clock for TargetClock<'_> {
    fn now(&mut self) -> Instant {
        let ms = self.0.borrow().now().as_millis();
        Instant::from_millis(u64::try_from(ms).unwrap_or(u64::MAX))
    }
}

/// The blocking driver on a target.
pub type Driver<'t> = Blocking<TargetUart<'t>, TargetClock<'t>, Vec<u8>>;

/// The driver over `target`, with the driver's default timeouts.
///
/// ```
/// use std::cell::RefCell;
/// use simcom_at::Command;
/// use simcom_conformance::host;
/// use simcom_conformance::target::{ModelTarget, Target};
/// use simcom_ftp_model::{Module, Profile, server::Server, sim::Sim};
///
/// let model: Box<dyn Target> =
///     Box::new(ModelTarget::new(Sim::new(Module::new(Profile::default()), Server::default())));
/// let target = RefCell::new(model);
/// let mut driver = host::driver(&target);
/// driver.command(&Command::At, |_| {}).unwrap();
/// ```
pub fn driver(target: &RefCell<Box<dyn Target>>) -> Driver<'_> {
    let client = Client::new(vec![0; 4096], Timeouts::default())
        .unwrap_or_else(|_| unreachable!("4096 bytes is more than the decoder's minimum"));
    let uart = TargetUart {
        target,
        inbox: Vec::new(),
    };
    Blocking::new(uart, TargetClock(target), client)
}

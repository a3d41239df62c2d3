//! A firmware task, written the way an embassy application is: download an update over the
//! module's UART with the async driver, each piece handed to the flash writer as it arrives.
//!
//! Built for the microcontroller in CI (a library: the task, not a linked image):
//! `cargo build -p simcom-ftp --example embassy_get --target thumbv7em-none-eabihf`.
//!
//! In an application, with embassy's buffered UART and executor:
//!
//! ```text
//! #[embassy_executor::task]
//! async fn updater(uart: BufferedUart<'static>, mut flash: Flash<'static>) {
//!     match embassy_get::download_update(uart, |offset, piece| flash.write(offset, piece)).await {
//!         Ok(bytes) => info!("update: {} bytes", bytes),
//!         Err(e) => warn!("update failed: {}", e),
//!     }
//! }
//! ```
#![no_std]

use embedded_io_async::{Read, Write};
use simcom_at::Command;
use simcom_at::Instant;
use simcom_at::command::{Action, FtpType, Setting, SslType};
use simcom_ftp::{Async, BlockingError, Client, Config, Event, Timeouts, Timer, Tls};

/// embassy-time as the driver's timer.
pub struct EmbassyTimer;

impl Timer for EmbassyTimer {
    fn now(&mut self) -> Instant {
        Instant::from_millis(embassy_time::Instant::now().as_millis())
    }

    async fn at(&mut self, deadline: Instant) {
        embassy_time::Timer::at(embassy_time::Instant::from_millis(deadline.as_millis())).await;
    }
}

/// Downloads `/fw/update.bin` from the update server: the bearer, the FTP profile, then the
/// file, each piece to `flash(offset, piece)`. Returns the file's size.
///
/// # Errors
/// The module's refusal or FTP error code, a timeout, or the UART's error.
pub async fn download_update<U: Read + Write>(
    uart: U,
    mut flash: impl FnMut(usize, &[u8]),
) -> Result<u64, BlockingError<U::Error>> {
    // 1 KiB of decoder storage: no allocation.
    let client = Client::new([0u8; 1024], Timeouts::default())
        .expect("1 KiB is above the decoder's minimum, simcom_at::MIN_CAPACITY");
    let mut module = Async::new(uart, EmbassyTimer, client);
    // The bearer: activate context 0 unless AT+CNACT? shows it active.
    let mut active = false;
    module
        .command(&Command::Cnact(Setting::Read), |e| {
            if let Event::Response(simcom_at::Info::Cnact {
                pdpidx: 0,
                status: 1,
                ..
            }) = e
            {
                active = true;
            }
        })
        .await?;
    if !active {
        module.bearer_up(0, |_| {}).await?;
    }
    // Explicit FTPS, the server verified against a CA written into the module's /customer/
    // and converted at the factory (Async::write_file and `convert: true` do it in the field).
    let config = Config {
        transfer_type: Some(FtpType::Binary),
        rest: Some(0),
        tls: Some(Tls {
            ca_list: "update_ca.pem",
            ..Tls::new(SslType::Explicit)
        }),
        ..Config::new("update.example.com", "device", "secret")
    };
    module.commands(config.commands(), |_| {}).await?;
    module
        .commands(
            [
                Command::FtpGetPath(Setting::Write("/fw")),
                Command::FtpGetName(Setting::Write("update.bin")),
            ],
            |_| {},
        )
        .await?;
    let mut offset = 0;
    let bytes = module
        .get(1024, |e| {
            if let Event::Data(piece) = e {
                flash(offset, piece);
                offset += piece.len();
            }
        })
        .await?;
    // Is the module idle again? (AT+FTPSTATE: 0)
    module
        .command(&Command::FtpState(Action::Execute), |_| {})
        .await?;
    Ok(bytes)
}

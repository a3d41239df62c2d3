//! The smallest firmware that downloads a file with the blocking driver: the image whose flash
//! size BENCHMARKS.md reports. Its UART replays what a module prints for app note 5.1.1 (from
//! `core::hint::black_box`, so the compiler keeps every path); built and measured with
//!
//! ```text
//! RUSTFLAGS="-C link-arg=-Tlink.x -L crates/simcom-ftp/examples/firmware" \
//!     cargo build --release -p simcom-ftp --example firmware_get --target thumbv7em-none-eabihf
//! llvm-size target/thumbv7em-none-eabihf/release/examples/firmware_get
//! ```
//!
//! On the host it is an empty program.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
mod firmware {
    use core::hint::black_box;

    use panic_halt as _;
    use simcom_at::Instant;
    use simcom_ftp::{Blocking, Client, Clock, Event, Timeouts};

    /// What the module prints for a 10-byte download.
    const MODULE: &[u8] = b"\r\nOK\r\n\r\n+FTPGET: 1,1\r\n\r\n+FTPGET: 2,10\r\n0123456789\r\nOK\r\n\r\n+FTPGET: 2,0\r\n\r\nOK\r\n\r\n+FTPGET: 1,0\r\n";

    /// A UART that replays `MODULE`.
    struct Uart {
        at: usize,
    }

    impl embedded_io::ErrorType for Uart {
        type Error = core::convert::Infallible;
    }

    impl embedded_io::Read for Uart {
        fn read(&mut self, buf: &mut [u8]) -> Result<usize, Self::Error> {
            let script = black_box(MODULE);
            let n = buf.len().min(script.len() - self.at).min(black_box(64));
            buf[..n].copy_from_slice(&script[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }

    impl embedded_io::ReadReady for Uart {
        fn read_ready(&mut self) -> Result<bool, Self::Error> {
            Ok(self.at < black_box(MODULE).len())
        }
    }

    impl embedded_io::Write for Uart {
        fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
            black_box(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> Result<(), Self::Error> {
            Ok(())
        }
    }

    /// A millisecond counter standing in for a timer peripheral.
    struct Ticks(u64);

    impl Clock for Ticks {
        fn now(&mut self) -> Instant {
            self.0 += black_box(1);
            Instant::from_millis(self.0)
        }
    }

    #[cortex_m_rt::entry]
    fn main() -> ! {
        if let Ok(client) = Client::new([0u8; 512], Timeouts::default()) {
            let mut module = Blocking::new(Uart { at: 0 }, Ticks(0), client);
            let mut sum = 0u32;
            let r = module.get(1024, |e| {
                if let Event::Data(piece) = e {
                    sum = piece.iter().fold(sum, |s, &b| s.wrapping_add(u32::from(b)));
                }
            });
            black_box((r.is_ok(), sum));
        }
        loop {
            core::hint::spin_loop();
        }
    }
}

#[cfg(not(target_os = "none"))]
fn main() {}

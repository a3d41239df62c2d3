//! The same firmware with the codec alone: it encodes `AT+FTPGET=1` and decodes the module's
//! answer, the floor under firmware_get's flash size (BENCHMARKS.md). Built as firmware_get.
//!
//! On the host it is an empty program.
#![cfg_attr(target_os = "none", no_std, no_main)]

#[cfg(target_os = "none")]
mod firmware {
    use core::hint::black_box;

    use panic_halt as _;
    use simcom_at::command::Chunked;
    use simcom_at::{Command, Decoder, Event};

    const MODULE: &[u8] =
        b"\r\nOK\r\n\r\n+FTPGET: 1,1\r\n\r\n+FTPGET: 2,10\r\n0123456789\r\nOK\r\n";

    #[cortex_m_rt::entry]
    fn main() -> ! {
        let mut line = [0u8; 64];
        let n = Command::FtpGet(Chunked::Read {
            reqlength: black_box(1024),
        })
        .encode(&mut line)
        .unwrap_or(0);
        black_box(&line[..n]);
        if let Ok(mut decoder) = Decoder::with_buffer([0u8; 512]) {
            let mut sum = 0u32;
            let mut events = decoder.events(black_box(MODULE));
            while let Some(e) = events.next_event() {
                if let Event::Data(piece) = e {
                    sum = piece.iter().fold(sum, |s, &b| s.wrapping_add(u32::from(b)));
                }
            }
            black_box(sum);
        }
        loop {
            core::hint::spin_loop();
        }
    }
}

#[cfg(not(target_os = "none"))]
fn main() {}

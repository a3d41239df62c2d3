//! Decodes a raw capture of module output and prints one event per line.
//!
//! ```text
//! cargo run -p simcom-at --example decode -- crates/simcom-at/tests/captures/app-note-5.1.1.cap
//! ```
//! Reads standard input when no file is given. The capture is fed in 64-byte pieces, as a
//! UART driver would.

use simcom_at::{Decoder, Event};
use std::io::Read;

fn main() -> std::io::Result<()> {
    let mut bytes = Vec::new();
    match std::env::args_os().nth(1) {
        Some(path) => bytes = std::fs::read(path)?,
        None => {
            std::io::stdin().read_to_end(&mut bytes)?;
        }
    }
    let mut dec = Decoder::new();
    for read in bytes.chunks(64) {
        let mut events = dec.events(read);
        while let Some(event) = events.next_event() {
            print(&event);
        }
    }
    Ok(())
}

fn print(event: &Event<'_>) {
    match event {
        Event::Data(d) => println!("Data({:?})", String::from_utf8_lossy(d)),
        Event::Echo(l) | Event::Text(l) | Event::Unknown(l) => {
            let kind = match event {
                Event::Echo(_) => "Echo",
                Event::Text(_) => "Text",
                _ => "Unknown",
            };
            println!("{kind}({:?})", String::from_utf8_lossy(l));
        }
        other => println!("{other:?}"),
    }
}

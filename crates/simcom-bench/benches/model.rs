//! The model's step rate, and the replay of the whole conformance corpus against it.

use divan::counter::ItemsCount;
use divan::{Bencher, black_box};
use simcom_conformance::replay::replay;
use simcom_conformance::target::ModelTarget;
use simcom_conformance::transcript::{corpus, world};
use simcom_ftp_model::server::Server;
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{Input, Instant, Module, Output, Profile};

fn main() {
    divan::main();
}

/// One command line in, its answer out: the model alone (no server).
#[divan::bench]
fn model_command_lines(b: Bencher) {
    let lines: Vec<Vec<u8>> = [
        "AT+FTPSERV=\"112.74.93.163\"\r",
        "AT+FTPGETNAME=\"simftp.txt\"\r",
        "AT+FTPREST?\r",
        "AT+FTPSTATE\r",
        "AT+CSQ\r",
    ]
    .iter()
    .map(|l| l.as_bytes().to_vec())
    .collect();
    let mut m = Module::new(Profile::default());
    b.counter(ItemsCount::new(lines.len())).bench_local(|| {
        let mut n = 0;
        for l in &lines {
            m.handle_input(Instant::ZERO, Input::Host(black_box(l)));
            while let Output::Transmit(t) = m.poll_output() {
                n += t.len();
            }
        }
        n
    });
}

/// The model with context 0 active and a server holding the 100 KiB file `/f`.
fn session_world() -> Sim<Server> {
    let mut server = Server::default();
    let _ = server.add_file("/f", vec![b'x'; 100 * 1024]);
    let mut m = Module::new(Profile::default());
    m.set_context_active(0, true);
    Sim::new(m, server)
}

/// A whole FTPGET session of a 100 KiB file read in 1460-byte chunks, model and server.
#[divan::bench]
fn model_get_session_100k(b: Bencher) {
    b.counter(divan::counter::BytesCount::new(100 * 1024usize))
        .bench_local(|| {
            let mut sim = session_world();
            for l in [
                "ATE0",
                "AT+FTPSERV=\"h\"",
                "AT+FTPUN=\"simcomtest\"",
                "AT+FTPPW=\"simcomtest\"",
                "AT+FTPGETNAME=\"f\"",
                "AT+FTPGET=1",
            ] {
                let _ = sim.send(format!("{l}\r").as_bytes());
            }
            let mut got = 0;
            while sim.module.session_active() {
                let _ = sim.send(b"AT+FTPGET=2,1460\r");
                got += sim.take_output().len();
                let t = sim.now() + core::time::Duration::from_millis(100);
                let _ = sim.advance_to(t);
            }
            got
        });
}

/// The same session driven by the host driver (`simcom_ftp::Client`): what the driver adds
/// to the model's own cost is the difference to `model_get_session_100k`.
#[divan::bench]
fn driver_get_session_100k(b: Bencher) {
    use simcom_at::Command;
    use simcom_at::command::Setting;
    use simcom_ftp::{Client, Event, Timeouts};
    b.counter(divan::counter::BytesCount::new(100 * 1024usize))
        .bench_local(|| {
            let mut sim = session_world();
            let mut client = Client::new([0u8; 2048], Timeouts::default()).unwrap();
            let mut got = 0;
            let mut drive = |client: &mut Client<[u8; 2048]>, sim: &mut Sim<Server>| loop {
                let now = sim.now();
                while let Some(line) = client.poll_transmit(now) {
                    let line = line.to_vec();
                    let _ = sim.send(&line);
                }
                let out = sim.take_output();
                if out.is_empty() {
                    let next = [client.poll_timeout(), sim.next_deadline()]
                        .into_iter()
                        .flatten()
                        .min();
                    match next {
                        Some(t) => {
                            let _ = sim.advance_to(t);
                            let _ = client.handle_timeout(sim.now());
                        }
                        None => return,
                    }
                    continue;
                }
                client.receive(now, &out, |e| {
                    if let Event::Data(d) = e {
                        got += d.len();
                    }
                });
                if client.is_idle() {
                    return;
                }
            };
            for c in [
                Command::Echo(false),
                Command::FtpServ(Setting::Write("h")),
                Command::FtpUn(Setting::Write("simcomtest")),
                Command::FtpPw(Setting::Write("simcomtest")),
                Command::FtpGetName(Setting::Write("f")),
            ] {
                let _ = client.command(&c);
                drive(&mut client, &mut sim);
            }
            let _ = client.get(1460);
            drive(&mut client, &mut sim);
            got
        });
}

/// The whole corpus (`conformance/`), parsed and replayed against the model.
#[divan::bench(sample_count = 10)]
fn corpus_replay(b: Bencher) {
    let root = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../conformance"));
    let entries = corpus::find(&[root]).unwrap_or_default();
    b.counter(ItemsCount::new(entries.len())).bench_local(|| {
        let mut passed = 0;
        for e in &entries {
            let Ok(t) = corpus::load(&e.path, &Default::default()) else {
                continue;
            };
            let Ok(sim) = world::sim(&t) else { continue };
            if replay(&t, &mut ModelTarget::new(sim)).passed() {
                passed += 1;
            }
        }
        passed
    });
}

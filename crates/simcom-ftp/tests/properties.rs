//! The driver's promise, as a property: whatever the file (0 B to 300 KB, every byte value),
//! the chunk size, the server's latency, pacing and faults, echo on or off, and the method
//! (FTPGET, FTPETGET, FTPEXTGET; FTPPUT, FTPETPUT, FTPEXTPUT), a download returns exactly the
//! server's bytes and an upload leaves exactly the caller's bytes on the server, or the
//! operation fails with a typed error; the client never waits past its deadline, and every
//! run ends (virtual time and a step bound).

use std::time::Duration;

use proptest::prelude::*;
use simcom_at::Command;
use simcom_ftp::{Client, Done, Error, Timeouts};
use simcom_ftp_model::server::{Faults, Pacing, Server, ServerConfig};
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{Module, Profile};

mod common;
use common::{Seen, drive, profile, put, split};

#[derive(Debug, Clone)]
enum Fault {
    None,
    DropAfter(u64),
    StallAfter(u64),
    RefuseConnections,
}

/// How the file travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Get,
    EtGet,
    ExtGet,
    Put,
    EtPut,
    ExtPut,
}

impl Method {
    fn uploads(self) -> bool {
        matches!(self, Self::Put | Self::EtPut | Self::ExtPut)
    }
}

#[derive(Debug, Clone)]
struct Case {
    size: usize,
    seed: u8,
    chunk: u16,
    pieces: Vec<usize>,
    interval_ms: u64,
    latency_ms: u64,
    fault: Fault,
    echo: bool,
    method: Method,
}

fn case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![0usize..2_000, 0usize..300_001],
        any::<u8>(),
        1u16..=1460,
        prop::collection::vec(1usize..4000, 1..4),
        0u64..500,
        0u64..3000,
        prop_oneof![
            3 => Just(Fault::None),
            1 => (0u64..100_000).prop_map(Fault::DropAfter),
            1 => (0u64..100_000).prop_map(Fault::StallAfter),
            1 => Just(Fault::RefuseConnections),
        ],
        any::<bool>(),
        prop::sample::select(vec![
            Method::Get,
            Method::EtGet,
            Method::ExtGet,
            Method::Put,
            Method::EtPut,
            Method::ExtPut,
        ]),
    )
        .prop_map(
            |(size, seed, chunk, pieces, interval_ms, latency_ms, fault, echo, method)| Case {
                size,
                seed,
                chunk,
                pieces,
                interval_ms,
                latency_ms,
                fault,
                echo,
                method,
            },
        )
}

/// Returns the outcome, the file, and what arrived: the downloaded bytes of a GET, the
/// server's file after a PUT. `drive` asserts the client's deadlines on the way.
fn run_case(c: &Case) -> (Result<Done, Error>, Vec<u8>, Vec<u8>) {
    let data: Vec<u8> = (0..=255u8)
        .cycle()
        .skip(usize::from(c.seed))
        .take(c.size)
        .collect();
    let mut faults = Faults::default();
    match c.fault {
        Fault::None => {}
        Fault::DropAfter(n) => faults.drop_after = Some(n),
        Fault::StallAfter(n) => faults.stall_after = Some(n),
        Fault::RefuseConnections => faults.refuse_connections = true,
    }
    let mut server = Server::new(ServerConfig {
        pacing: Pacing {
            pieces: c.pieces.clone(),
            interval: Duration::from_millis(c.interval_ms),
            latency: Duration::from_millis(c.latency_ms),
            ..Pacing::default()
        },
        faults,
        ..ServerConfig::default()
    });
    if !c.method.uploads() {
        server.add_file("/f.bin", data.clone()).unwrap();
    }
    let mut module = Module::new(Profile::default());
    module.set_context_active(0, true);
    let mut sim = Sim::new(module, server);
    let mut client = Client::new([0u8; 1024], Timeouts::default()).unwrap();
    let mut setup: Vec<Command<'_>> = profile("/", "f.bin").to_vec();
    setup[0] = Command::Echo(c.echo);
    for cmd in &setup {
        client.command(cmd).unwrap();
        let seen = drive(&mut client, &mut sim, |_, _, _| {});
        assert_eq!(seen.last(), Some(&Seen::Done(Done::Ok)), "{cmd:?}");
    }
    let len = data.len();
    let seen = match c.method {
        Method::Put => put(&mut client, &mut sim, &data, 1460),
        Method::EtPut => {
            client.et_put(len as u64).unwrap();
            drive(&mut client, &mut sim, |_, sim, s| {
                if *s == Seen::EtPutReady {
                    sim.send(&escaped(&data)).unwrap();
                }
            })
        }
        // The module's RAM takes 1 to 327,680 bytes: an empty file is refused unsent.
        Method::ExtPut if len == 0 => {
            let r = client.ext_put(0, 1, 10_000);
            assert!(matches!(r, Err(Error::Encode(_))), "{r:?}");
            return (Ok(Done::Put { bytes: 0 }), data, Vec::new());
        }
        Method::ExtPut => {
            client
                .ext_put(len as u32, u32::from(c.chunk) * 100, 60_000)
                .unwrap();
            let mut sent = 0;
            drive(&mut client, &mut sim, |_, sim, s| {
                if let Seen::PutData(n) = s {
                    let n = *n as usize;
                    sim.send(&data[sent..sent + n]).unwrap();
                    sent += n;
                }
            })
        }
        Method::Get => {
            client.get(c.chunk).unwrap();
            drive(&mut client, &mut sim, |_, _, _| {})
        }
        Method::EtGet => {
            client.et_get().unwrap();
            drive(&mut client, &mut sim, |_, _, _| {})
        }
        Method::ExtGet => {
            client.ext_get(u32::from(c.chunk) * 100).unwrap();
            drive(&mut client, &mut sim, |_, _, _| {})
        }
    };
    let (mut got, rest) = split(seen);
    let rest: Vec<Seen> = rest
        .into_iter()
        .filter(|s| !matches!(s, Seen::PutData(_) | Seen::EtPutReady))
        .collect();
    if c.method.uploads() {
        got = sim
            .server
            .file("/f.bin")
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
    }
    let r = match rest.last() {
        Some(Seen::Done(d)) => Ok(*d),
        Some(Seen::Failed(e)) => Err(*e),
        other => panic!("the run ended with {other:?}"),
    };
    (r, data, got)
}

/// `data` DLE-escaped and ended by a bare ETX, as the transparent upload sends it.
fn escaped(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = data;
    let mut buf = [0u8; 256];
    while !rest.is_empty() {
        let (used, n) = simcom_at::etx::escape(rest, &mut buf);
        out.extend_from_slice(&buf[..n]);
        rest = &rest[used..];
    }
    out.push(simcom_at::etx::ETX);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn transfers_are_exact_or_fail_typed(c in case()) {
        let (r, data, got) = run_case(&c);
        match r {
            Ok(Done::Get { bytes }) | Ok(Done::Put { bytes }) => {
                prop_assert_eq!(bytes, data.len() as u64);
                prop_assert!(got == data, "the bytes differ ({} of {})", got.len(), data.len());
            }
            Ok(other) => prop_assert!(false, "{other:?}"),
            // A fault may fail the transfer; without one it must not.
            Err(e) => prop_assert!(
                !matches!(c.fault, Fault::None),
                "failed without a fault: {e:?}"
            ),
        }
    }
}

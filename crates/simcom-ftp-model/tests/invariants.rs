//! State-machine property test: arbitrary command sequences, host data and time jumps
//! against the model and its in-memory server. After every action:
//!
//! - every command line has had exactly one final result code once its data phase is over;
//! - the module's output decodes cleanly with the codec (no malformed or unknown line but the
//!   `RDY` of a reset, no overflow): nothing was printed inside a data block that does not
//!   belong to it;
//! - memory is bounded (the model's buffers and the server's pending replies);
//! - a connection is open only while a session runs, and at most one;
//! - no deadline lies in the past; never a panic, never a livelock.

use core::time::Duration;

use proptest::prelude::*;
use simcom_at::{Decoder, Event};
use simcom_ftp_model::server::{Fault, Server};
use simcom_ftp_model::sim::Sim;
use simcom_ftp_model::{Cellular, Module, NetworkTime, Profile};

/// One thing the host (or the test, for the server's faults) does.
#[derive(Debug, Clone)]
enum Action {
    /// A command line (CR added).
    Line(String),
    /// Host bytes for a data phase (never holding `A`, so that leftovers start no command).
    Data(Vec<u8>),
    /// Let time pass.
    Wait(Duration),
    /// Toggle a server fault.
    Fault(Fault),
}

/// The server faults the test toggles, with their byte counts.
const FAULTS: [Fault; 4] = [
    Fault::RefuseConnections,
    Fault::DropAfter(700),
    Fault::StallAfter(300),
    Fault::Reset,
];

fn quoted(choices: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(choices).prop_map(|s| format!("\"{s}\""))
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        // Configuration.
        quoted(&["112.74.93.163", "ftp.example.com", "down.invalid", ""])
            .prop_map(|v| format!("AT+FTPSERV={v}")),
        quoted(&["simcomtest", "nobody", ""]).prop_map(|v| format!("AT+FTPUN={v}")),
        quoted(&["simcomtest", "3214567"]).prop_map(|v| format!("AT+FTPPW={v}")),
        quoted(&["simftp.txt", "bin.dat", "missing.txt", ""])
            .prop_map(|v| format!("AT+FTPGETNAME={v}")),
        quoted(&["/", "/pub", "/nodir", ""]).prop_map(|v| format!("AT+FTPGETPATH={v}")),
        quoted(&["up.bin", "simftp.txt", ""]).prop_map(|v| format!("AT+FTPPUTNAME={v}")),
        quoted(&["/", "/pub", ""]).prop_map(|v| format!("AT+FTPPUTPATH={v}")),
        quoted(&["STOR", "APPE", "STOU"]).prop_map(|v| format!("AT+FTPPUTOPT={v}")),
        (0u32..6000).prop_map(|n| format!("AT+FTPREST={n}")),
        (0u8..2).prop_map(|n| format!("AT+FTPMODE={n}")),
        (0u8..3).prop_map(|n| format!("AT+FTPSSL={n},0,\"\",\"\"")),
        (0u8..2).prop_map(|n| format!("AT+FTPCID={n}")),
        (0u8..3).prop_map(|n| format!("AT+CMEE={n}")),
        // Sessions, reads and writes.
        Just("AT+FTPGET=1".to_string()),
        (0u16..1500).prop_map(|n| format!("AT+FTPGET=2,{n}")),
        Just("AT+FTPLIST=1".to_string()),
        (1u16..1461).prop_map(|n| format!("AT+FTPLIST=2,{n}")),
        Just("AT+FTPPUT=1".to_string()),
        (0u16..1500).prop_map(|n| format!("AT+FTPPUT=2,{n}")),
        prop::sample::select(
            &[
                "AT+FTPDELE",
                "AT+FTPSIZE",
                "AT+FTPMKD",
                "AT+FTPRMD",
                "AT+FTPRENAME",
                "AT+FTPMDTM",
                "AT+FTPSTATE",
                "AT+FTPQUIT",
                "AT+FTPEXTPUT=0",
                "AT+FTPEXTPUT=1",
                "AT+FTPEXTPUT?",
                "AT+FTPEXTGET=0",
                "AT+FTPEXTGET=1",
                "AT+FTPEXTGET?",
                "AT+FTPETPUT=1",
                "AT+FTPETPUT=2",
                "AT+FTPETGET=1",
                "AT+FTPTOFSST",
                "AT+FTPGET=?",
                "AT+CNACT=0,0",
                "AT+CNACT=0,1",
                "AT+CNACT?",
                "AT+CFUN=0",
                "AT+CFUN=1",
                "AT+CFUN=1,1",
                "AT+CFUN=0,1",
                "AT+CGATT=0",
                "AT+CGATT=1",
                "AT+CEREG=4",
                "AT+CGREG=2",
                "AT+CREG=1",
                "AT+CEREG?",
                "AT+CLTS=1",
                "AT+CPIN?",
                "AT+CFSINIT",
                "AT+CFSTERM",
                "AT+CFSGFIS=3,\"c.pem\"",
                "AT+CFSDFILE=3,\"c.pem\"",
                "AT+CSSLCFG=\"CONVERT\",2,\"c.pem\"",
                "AT",
                "AT+BOGUS",
                "AT+FTPGET=1;+FTPQUIT",
                "AT+FTPPORT=0",
            ][..]
        )
        .prop_map(str::to_string),
        (0u32..4000, 1u32..3000).prop_map(|(p, l)| format!("AT+FTPEXTPUT=2,{p},{l},1000")),
        (0u32..6000, 1u32..3000).prop_map(|(p, l)| format!("AT+FTPEXTGET=3,{p},{l}")),
        (0u8..3).prop_map(|n| format!("AT+FTPEXTGET=2,3,\"f{n}.bin\"")),
        (1u16..200).prop_map(|n| format!("AT+CFSWFILE=3,\"c.pem\",0,{n},1000")),
        // Garbage that starts like a command.
        "[A-Z0-9+=,?\"]{0,20}".prop_map(|s| format!("AT{s}")),
    ]
}

/// The commands that open, feed and read sessions, drawn more often than the rest.
fn session_line() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(
            &[
                "AT+FTPGET=1",
                "AT+FTPLIST=1",
                "AT+FTPPUT=1",
                "AT+FTPETGET=1",
                "AT+FTPETPUT=1",
                "AT+FTPETPUT=2",
                "AT+FTPEXTGET=1",
                "AT+FTPPUT=2,0",
                "AT+FTPQUIT",
            ][..]
        )
        .prop_map(str::to_string),
        (1u16..1461).prop_map(|n| format!("AT+FTPGET=2,{n}")),
        (1u16..1461).prop_map(|n| format!("AT+FTPLIST=2,{n}")),
        (1u16..300).prop_map(|n| format!("AT+FTPPUT=2,{n}")),
        quoted(&["simftp.txt", "bin.dat"]).prop_map(|v| format!("AT+FTPGETNAME={v}")),
    ]
}

fn data() -> impl Strategy<Value = Vec<u8>> {
    let no_a = any::<u8>().prop_map(|b| {
        if b.eq_ignore_ascii_case(&b'A') {
            b'B'
        } else {
            b
        }
    });
    prop::collection::vec(no_a, 0..2000)
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        6 => line().prop_map(Action::Line),
        4 => session_line().prop_map(Action::Line),
        2 => data().prop_map(Action::Data),
        2 => (0u64..130_000).prop_map(|ms| Action::Wait(Duration::from_millis(ms))),
        1 => prop::sample::select(FAULTS.to_vec()).prop_map(Action::Fault),
    ]
}

struct Harness {
    sim: Sim,
    decoder: Decoder<Vec<u8>>,
    lines: usize,
    finals: usize,
}

impl Harness {
    fn new() -> Self {
        let mut server = Server::default();
        server
            .add_file(
                "/simftp.txt",
                (0..1074).map(|i| b'0' + (i % 10) as u8).collect(),
            )
            .unwrap();
        server
            .add_file("/bin.dat", (0..=255u8).cycle().take(5000).collect())
            .unwrap();
        server.add_dir("/pub").unwrap();
        // A network that sends its time: AT+CLTS=1 then prints its URCs at each registration.
        let cellular = Cellular {
            time: Some(NetworkTime {
                year: 2026,
                month: 1,
                day: 1,
                hour: 8,
                min: 0,
                sec: 0,
                tz: "+32".into(),
                dst: 0,
            }),
            ..Cellular::default()
        };
        let mut module = Module::with_cellular(Profile::default(), cellular);
        module.set_context_active(0, true);
        let mut h = Self {
            sim: Sim::new(module, server),
            decoder: Decoder::new(),
            lines: 0,
            finals: 0,
        };
        // Start from the note's working settings; the actions then perturb them.
        for l in [
            "ATE0",
            "AT+FTPSERV=\"112.74.93.163\"",
            "AT+FTPUN=\"simcomtest\"",
            "AT+FTPPW=\"simcomtest\"",
            "AT+FTPGETNAME=\"simftp.txt\"",
            "AT+FTPGETPATH=\"/\"",
            "AT+FTPPUTNAME=\"up.bin\"",
            "AT+FTPPUTPATH=\"/\"",
        ] {
            h.apply(&Action::Line(l.into()));
        }
        h
    }

    fn apply(&mut self, action: &Action) {
        match action {
            Action::Line(l) => {
                if self.sim.module.data_mode() {
                    // The host only starts a command line in command mode.
                    return;
                }
                self.lines += 1;
                // The host knows what it sent: ATI's text lines answer it.
                self.decoder.line_sent(l.as_bytes());
                self.sim
                    .send(format!("{l}\r").as_bytes())
                    .expect("no livelock");
            }
            Action::Data(d) => self.sim.send(d).expect("no livelock"),
            Action::Wait(d) => {
                let t = self.sim.now() + *d;
                self.sim.advance_to(t).expect("no livelock");
            }
            Action::Fault(f) => {
                self.sim.server.faults_mut().toggle(*f);
            }
        }
    }

    fn check(&mut self, history: &[Action]) {
        let out = self.sim.take_output();
        let mut events = self.decoder.events(&out);
        while let Some(e) = events.next_event() {
            match e {
                Event::Final(_) => self.finals += 1,
                Event::Malformed { .. }
                | Event::OtherInfo(_)
                | Event::Unknown(_)
                | Event::Overflow { .. } => {
                    panic!(
                        "undecodable output {e:?}\nafter {history:#?}\nbytes: {}",
                        out.escape_ascii()
                    )
                }
                _ => {}
            }
        }
        assert!(events.remaining().is_empty(), "decoder stalled");
        let m = &self.sim.module;
        if !m.data_mode() {
            assert_eq!(
                self.finals, self.lines,
                "one final result per command line\nafter {history:#?}"
            );
        }
        let p = m.profile();
        let bound = p.rx_buffer + p.extget_ram_capacity + p.extput_ram_capacity + 128 * 1024;
        assert!(m.buffered() <= bound, "model holds {} bytes", m.buffered());
        assert!(
            self.sim.server.pending_replies() <= 2,
            "server queue {}",
            self.sim.server.pending_replies()
        );
        let open = self.sim.server.open_connections();
        assert!(open <= 1, "{open} connections open");
        if !m.session_active() {
            assert_eq!(
                open, 0,
                "a connection left open after the session\nafter {history:#?}"
            );
        }
        if let Some(t) = self.sim.next_deadline() {
            assert!(t >= self.sim.now(), "a deadline in the past");
        }
    }
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=N explores more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn invariants_hold_after_every_action(actions in prop::collection::vec(action(), 1..60)) {
        let mut h = Harness::new();
        h.check(&[]);
        for (i, a) in actions.iter().enumerate() {
            h.apply(a);
            h.check(&actions[..=i]);
        }
        // Let every timer run out: the model comes to rest with all sessions ended.
        let t = h.sim.now() + Duration::from_secs(600);
        h.sim.advance_to(t).expect("no livelock");
        h.check(&actions);
    }
}

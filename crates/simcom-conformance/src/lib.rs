//! # simcom-conformance
//!
//! Replays YAML conformance transcripts (`spec/transcript-format.md`) against the `simcom-ftp-model`
//! model (in-process, virtual time), the model against a real FTP(S) server ([`realnet`], wall
//! time) or a live SIMCom SIM7070/SIM7080/SIM7090 module on a serial port, with one matcher
//! and one report.
//!
//! This crate owns all I/O: files, YAML (kept in one private module), serial ports,
//! pseudo-terminals and wall time. The codec (`simcom-at`) and the model (`simcom-ftp-model`) know
//! none of it.
//!
//! The layers, each importing only the ones below it:
//!
//! | layer | what |
//! |---|---|
//! | [`secret`] | passwords kept out of every output: the one redaction function |
//! | [`spec`] | `spec/commands.yaml` and `spec/error-codes.yaml` as data, built in |
//! | [`coverage`] | what a run's wire reached of the spec: forms, boundaries, finals, codes, URCs |
//! | [`transcript`] | the format: model, YAML read and write, bytes, worlds, the corpus |
//! | [`realnet`] | a real FTP(S) server as a network peer of the model |
//! | [`ftpd`] | the harness's own FTP(S) server, following a transcript's world, for a live module |
//! | [`target`] | where a transcript runs: the model, the model + a real server, a serial port |
//! | [`replay`] | the engine, drain, record, failure reports, the test runner, JUnit |
//! | [`serve`] | the model as a virtual module on a pseudo-terminal |
//! | [`host`] | the host driver (`simcom-ftp`) over a target: the `client` command's transport |
//! | the binary's `cli` | the command line (clap) |
//!
//! ```
//! use simcom_conformance::{replay::replay, target::ModelTarget, transcript::{Transcript, world}};
//! let yaml = r#"
//! title: FTP state when idle
//! source: example
//! steps:
//!   - send: AT+FTPSTATE
//!   - expect: "+FTPSTATE: 0"
//!   - expect: OK
//! "#;
//! let t = Transcript::parse(yaml, &Default::default()).unwrap();
//! let outcome = replay(&t, &mut ModelTarget::new(world::sim(&t).unwrap()));
//! assert!(outcome.passed(), "{}", outcome.failure.unwrap());
//! ```

pub mod coverage;
pub mod ftpd;
pub mod host;
pub mod realnet;
pub mod replay;
pub mod secret;
pub mod serve;
pub mod spec;
pub mod target;
pub mod transcript;

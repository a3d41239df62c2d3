//! Every variant and form of [`Command`] has a sample (`samples::SAMPLES`).
//!
//! `id` matches `Command` without a wildcard: a new variant does not compile until it gets an
//! arm here, and its new id fails `every_variant_and_form_has_a_sample` until `SAMPLES` holds
//! one. `tests/spec_coverage.rs` then checks the samples against `spec/commands.yaml`.

use super::samples::SAMPLES;
use super::*;

/// How many arms `id` has.
const COUNT: usize = 133;

/// A distinct number per variant and form, in the order of `SAMPLES`.
const fn id(c: &Command<'_>) -> usize {
    match c {
        Command::At => 0,
        Command::Echo(_) => 1,
        Command::Verbose(_) => 2,
        Command::Ati => 3,
        Command::Cmee(Setting::Test) => 4,
        Command::Cmee(Setting::Read) => 5,
        Command::Cmee(Setting::Write(_)) => 6,
        Command::Cpin(Setting::Test) => 7,
        Command::Cpin(Setting::Read) => 8,
        Command::Cpin(Setting::Write(_)) => 9,
        Command::Csq(Action::Test) => 10,
        Command::Csq(Action::Execute) => 11,
        Command::Cgatt(Setting::Test) => 12,
        Command::Cgatt(Setting::Read) => 13,
        Command::Cgatt(Setting::Write(_)) => 14,
        Command::Cgact(Setting::Test) => 15,
        Command::Cgact(Setting::Read) => 16,
        Command::Cgact(Setting::Write(_)) => 17,
        Command::Cops(Setting::Test) => 18,
        Command::Cops(Setting::Read) => 19,
        Command::Cops(Setting::Write(_)) => 20,
        Command::Cgnapn(Action::Test) => 21,
        Command::Cgnapn(Action::Execute) => 22,
        Command::Cncfg(Setting::Test) => 23,
        Command::Cncfg(Setting::Read) => 24,
        Command::Cncfg(Setting::Write(_)) => 25,
        Command::Cnact(Setting::Test) => 26,
        Command::Cnact(Setting::Read) => 27,
        Command::Cnact(Setting::Write(_)) => 28,
        Command::Cfun(Setting::Test) => 29,
        Command::Cfun(Setting::Read) => 30,
        Command::Cfun(Setting::Write(_)) => 31,
        Command::Cgdcont(Setting::Test) => 32,
        Command::Cgdcont(Setting::Read) => 33,
        Command::Cgdcont(Setting::Write(_)) => 34,
        Command::Cfsinit(Action::Test) => 35,
        Command::Cfsinit(Action::Execute) => 36,
        Command::Cfswfile(Request::Test) => 37,
        Command::Cfswfile(Request::Write(_)) => 38,
        Command::Cfsdfile(Request::Test) => 39,
        Command::Cfsdfile(Request::Write(_)) => 40,
        Command::Cfsgfis(Request::Test) => 41,
        Command::Cfsgfis(Request::Write(_)) => 42,
        Command::Cfsterm(Action::Test) => 43,
        Command::Cfsterm(Action::Execute) => 44,
        Command::Csslcfg(Request::Test) => 45,
        Command::Csslcfg(Request::Write(_)) => 46,
        Command::FtpPort(Setting::Test) => 47,
        Command::FtpPort(Setting::Read) => 48,
        Command::FtpPort(Setting::Write(_)) => 49,
        Command::FtpMode(Setting::Test) => 50,
        Command::FtpMode(Setting::Read) => 51,
        Command::FtpMode(Setting::Write(_)) => 52,
        Command::FtpType(Setting::Test) => 53,
        Command::FtpType(Setting::Read) => 54,
        Command::FtpType(Setting::Write(_)) => 55,
        Command::FtpPutOpt(Setting::Test) => 56,
        Command::FtpPutOpt(Setting::Read) => 57,
        Command::FtpPutOpt(Setting::Write(_)) => 58,
        Command::FtpCid(Setting::Test) => 59,
        Command::FtpCid(Setting::Read) => 60,
        Command::FtpCid(Setting::Write(_)) => 61,
        Command::FtpRest(Setting::Test) => 62,
        Command::FtpRest(Setting::Read) => 63,
        Command::FtpRest(Setting::Write(_)) => 64,
        Command::FtpServ(Setting::Test) => 65,
        Command::FtpServ(Setting::Read) => 66,
        Command::FtpServ(Setting::Write(_)) => 67,
        Command::FtpUn(Setting::Test) => 68,
        Command::FtpUn(Setting::Read) => 69,
        Command::FtpUn(Setting::Write(_)) => 70,
        Command::FtpPw(Setting::Test) => 71,
        Command::FtpPw(Setting::Read) => 72,
        Command::FtpPw(Setting::Write(_)) => 73,
        Command::FtpGetName(Setting::Test) => 74,
        Command::FtpGetName(Setting::Read) => 75,
        Command::FtpGetName(Setting::Write(_)) => 76,
        Command::FtpGetPath(Setting::Test) => 77,
        Command::FtpGetPath(Setting::Read) => 78,
        Command::FtpGetPath(Setting::Write(_)) => 79,
        Command::FtpPutName(Setting::Test) => 80,
        Command::FtpPutName(Setting::Read) => 81,
        Command::FtpPutName(Setting::Write(_)) => 82,
        Command::FtpPutPath(Setting::Test) => 83,
        Command::FtpPutPath(Setting::Read) => 84,
        Command::FtpPutPath(Setting::Write(_)) => 85,
        Command::FtpGet(Chunked::Test) => 86,
        Command::FtpGet(Chunked::Open) => 87,
        Command::FtpGet(Chunked::Read { .. }) => 88,
        Command::FtpPut(FtpPut::Test) => 89,
        Command::FtpPut(FtpPut::Open) => 90,
        Command::FtpPut(FtpPut::Write { .. }) => 91,
        Command::FtpPut(FtpPut::Finish) => 92,
        Command::FtpDele(Action::Test) => 93,
        Command::FtpDele(Action::Execute) => 94,
        Command::FtpSize(Action::Test) => 95,
        Command::FtpSize(Action::Execute) => 96,
        Command::FtpState(Action::Test) => 97,
        Command::FtpState(Action::Execute) => 98,
        Command::FtpExtPut(FtpExtPut::Test) => 99,
        Command::FtpExtPut(FtpExtPut::Read) => 100,
        Command::FtpExtPut(FtpExtPut::Normal) => 101,
        Command::FtpExtPut(FtpExtPut::Extended) => 102,
        Command::FtpExtPut(FtpExtPut::Load { .. }) => 103,
        Command::FtpMkd(Action::Test) => 104,
        Command::FtpMkd(Action::Execute) => 105,
        Command::FtpRmd(Action::Test) => 106,
        Command::FtpRmd(Action::Execute) => 107,
        Command::FtpList(Chunked::Test) => 108,
        Command::FtpList(Chunked::Open) => 109,
        Command::FtpList(Chunked::Read { .. }) => 110,
        Command::FtpExtGet(FtpExtGet::Test) => 111,
        Command::FtpExtGet(FtpExtGet::Read) => 112,
        Command::FtpExtGet(FtpExtGet::Normal) => 113,
        Command::FtpExtGet(FtpExtGet::Ram) => 114,
        Command::FtpExtGet(FtpExtGet::File { .. }) => 115,
        Command::FtpExtGet(FtpExtGet::Output { .. }) => 116,
        Command::FtpEtPut(FtpEtPut::Test) => 117,
        Command::FtpEtPut(FtpEtPut::Open) => 118,
        Command::FtpEtPut(FtpEtPut::Data) => 119,
        Command::FtpEtGet(FtpEtGet::Test) => 120,
        Command::FtpEtGet(FtpEtGet::Open) => 121,
        Command::FtpQuit(Action::Test) => 122,
        Command::FtpQuit(Action::Execute) => 123,
        Command::FtpRename(Action::Test) => 124,
        Command::FtpRename(Action::Execute) => 125,
        Command::FtpMdtm(Action::Test) => 126,
        Command::FtpMdtm(Action::Execute) => 127,
        Command::FtpSsl(Setting::Test) => 128,
        Command::FtpSsl(Setting::Read) => 129,
        Command::FtpSsl(Setting::Write(_)) => 130,
        Command::FtpToFsSt(Action::Test) => 131,
        Command::FtpToFsSt(Action::Execute) => 132,
    }
}

#[test]
fn every_variant_and_form_has_a_sample() {
    assert_eq!(SAMPLES.len(), COUNT);
    for (i, c) in SAMPLES.iter().enumerate() {
        assert_eq!(id(c), i, "{c:?} is out of place in SAMPLES");
    }
}

#[test]
fn every_sample_round_trips() {
    for c in SAMPLES {
        let mut buf = [0u8; Command::MAX_ENCODED_LEN];
        let n = c.encode(&mut buf).unwrap();
        assert_eq!(
            Command::parse(&buf[..n]),
            Ok(*c),
            "{}",
            buf[..n].escape_ascii()
        );
    }
}

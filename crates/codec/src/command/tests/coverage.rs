//! Every variant and form of [`Command`] has a sample (`samples::SAMPLES`).
//!
//! `id` matches `Command` without a wildcard: a new variant does not compile until it gets an
//! arm here, and its new id fails `every_variant_and_form_has_a_sample` until `SAMPLES` holds
//! one. `tests/spec_coverage.rs` then checks the samples against `spec/commands.yaml`.

use super::samples::SAMPLES;
use super::*;

/// How many arms `id` has.
const COUNT: usize = 129;

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
        Command::Cfsterm(Action::Test) => 39,
        Command::Cfsterm(Action::Execute) => 40,
        Command::Csslcfg(Request::Test) => 41,
        Command::Csslcfg(Request::Write(_)) => 42,
        Command::FtpPort(Setting::Test) => 43,
        Command::FtpPort(Setting::Read) => 44,
        Command::FtpPort(Setting::Write(_)) => 45,
        Command::FtpMode(Setting::Test) => 46,
        Command::FtpMode(Setting::Read) => 47,
        Command::FtpMode(Setting::Write(_)) => 48,
        Command::FtpType(Setting::Test) => 49,
        Command::FtpType(Setting::Read) => 50,
        Command::FtpType(Setting::Write(_)) => 51,
        Command::FtpPutOpt(Setting::Test) => 52,
        Command::FtpPutOpt(Setting::Read) => 53,
        Command::FtpPutOpt(Setting::Write(_)) => 54,
        Command::FtpCid(Setting::Test) => 55,
        Command::FtpCid(Setting::Read) => 56,
        Command::FtpCid(Setting::Write(_)) => 57,
        Command::FtpRest(Setting::Test) => 58,
        Command::FtpRest(Setting::Read) => 59,
        Command::FtpRest(Setting::Write(_)) => 60,
        Command::FtpServ(Setting::Test) => 61,
        Command::FtpServ(Setting::Read) => 62,
        Command::FtpServ(Setting::Write(_)) => 63,
        Command::FtpUn(Setting::Test) => 64,
        Command::FtpUn(Setting::Read) => 65,
        Command::FtpUn(Setting::Write(_)) => 66,
        Command::FtpPw(Setting::Test) => 67,
        Command::FtpPw(Setting::Read) => 68,
        Command::FtpPw(Setting::Write(_)) => 69,
        Command::FtpGetName(Setting::Test) => 70,
        Command::FtpGetName(Setting::Read) => 71,
        Command::FtpGetName(Setting::Write(_)) => 72,
        Command::FtpGetPath(Setting::Test) => 73,
        Command::FtpGetPath(Setting::Read) => 74,
        Command::FtpGetPath(Setting::Write(_)) => 75,
        Command::FtpPutName(Setting::Test) => 76,
        Command::FtpPutName(Setting::Read) => 77,
        Command::FtpPutName(Setting::Write(_)) => 78,
        Command::FtpPutPath(Setting::Test) => 79,
        Command::FtpPutPath(Setting::Read) => 80,
        Command::FtpPutPath(Setting::Write(_)) => 81,
        Command::FtpGet(Chunked::Test) => 82,
        Command::FtpGet(Chunked::Open) => 83,
        Command::FtpGet(Chunked::Read { .. }) => 84,
        Command::FtpPut(FtpPut::Test) => 85,
        Command::FtpPut(FtpPut::Open) => 86,
        Command::FtpPut(FtpPut::Write { .. }) => 87,
        Command::FtpPut(FtpPut::Finish) => 88,
        Command::FtpDele(Action::Test) => 89,
        Command::FtpDele(Action::Execute) => 90,
        Command::FtpSize(Action::Test) => 91,
        Command::FtpSize(Action::Execute) => 92,
        Command::FtpState(Action::Test) => 93,
        Command::FtpState(Action::Execute) => 94,
        Command::FtpExtPut(FtpExtPut::Test) => 95,
        Command::FtpExtPut(FtpExtPut::Read) => 96,
        Command::FtpExtPut(FtpExtPut::Normal) => 97,
        Command::FtpExtPut(FtpExtPut::Extended) => 98,
        Command::FtpExtPut(FtpExtPut::Load { .. }) => 99,
        Command::FtpMkd(Action::Test) => 100,
        Command::FtpMkd(Action::Execute) => 101,
        Command::FtpRmd(Action::Test) => 102,
        Command::FtpRmd(Action::Execute) => 103,
        Command::FtpList(Chunked::Test) => 104,
        Command::FtpList(Chunked::Open) => 105,
        Command::FtpList(Chunked::Read { .. }) => 106,
        Command::FtpExtGet(FtpExtGet::Test) => 107,
        Command::FtpExtGet(FtpExtGet::Read) => 108,
        Command::FtpExtGet(FtpExtGet::Normal) => 109,
        Command::FtpExtGet(FtpExtGet::Ram) => 110,
        Command::FtpExtGet(FtpExtGet::File { .. }) => 111,
        Command::FtpExtGet(FtpExtGet::Output { .. }) => 112,
        Command::FtpEtPut(FtpEtPut::Test) => 113,
        Command::FtpEtPut(FtpEtPut::Open) => 114,
        Command::FtpEtPut(FtpEtPut::Data) => 115,
        Command::FtpEtGet(FtpEtGet::Test) => 116,
        Command::FtpEtGet(FtpEtGet::Open) => 117,
        Command::FtpQuit(Action::Test) => 118,
        Command::FtpQuit(Action::Execute) => 119,
        Command::FtpRename(Action::Test) => 120,
        Command::FtpRename(Action::Execute) => 121,
        Command::FtpMdtm(Action::Test) => 122,
        Command::FtpMdtm(Action::Execute) => 123,
        Command::FtpSsl(Setting::Test) => 124,
        Command::FtpSsl(Setting::Read) => 125,
        Command::FtpSsl(Setting::Write(_)) => 126,
        Command::FtpToFsSt(Action::Test) => 127,
        Command::FtpToFsSt(Action::Execute) => 128,
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

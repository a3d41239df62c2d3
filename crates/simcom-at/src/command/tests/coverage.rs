//! Every variant and form of [`Command`] has a sample (`samples::SAMPLES`).
//!
//! `id` matches `Command` without a wildcard: a new variant does not compile until it gets an
//! arm here, and its new id fails `every_variant_and_form_has_a_sample` until `SAMPLES` holds
//! one. `tests/spec_coverage.rs` then checks the samples against `spec/commands.yaml`.

use super::samples::SAMPLES;
use super::*;

/// How many arms `id` has.
const COUNT: usize = 135;

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
        Command::Cgmr(Action::Test) => 7,
        Command::Cgmr(Action::Execute) => 8,
        Command::Cpin(Setting::Test) => 9,
        Command::Cpin(Setting::Read) => 10,
        Command::Cpin(Setting::Write(_)) => 11,
        Command::Csq(Action::Test) => 12,
        Command::Csq(Action::Execute) => 13,
        Command::Cgatt(Setting::Test) => 14,
        Command::Cgatt(Setting::Read) => 15,
        Command::Cgatt(Setting::Write(_)) => 16,
        Command::Cgact(Setting::Test) => 17,
        Command::Cgact(Setting::Read) => 18,
        Command::Cgact(Setting::Write(_)) => 19,
        Command::Cops(Setting::Test) => 20,
        Command::Cops(Setting::Read) => 21,
        Command::Cops(Setting::Write(_)) => 22,
        Command::Cgnapn(Action::Test) => 23,
        Command::Cgnapn(Action::Execute) => 24,
        Command::Cncfg(Setting::Test) => 25,
        Command::Cncfg(Setting::Read) => 26,
        Command::Cncfg(Setting::Write(_)) => 27,
        Command::Cnact(Setting::Test) => 28,
        Command::Cnact(Setting::Read) => 29,
        Command::Cnact(Setting::Write(_)) => 30,
        Command::Cfun(Setting::Test) => 31,
        Command::Cfun(Setting::Read) => 32,
        Command::Cfun(Setting::Write(_)) => 33,
        Command::Cgdcont(Setting::Test) => 34,
        Command::Cgdcont(Setting::Read) => 35,
        Command::Cgdcont(Setting::Write(_)) => 36,
        Command::Cfsinit(Action::Test) => 37,
        Command::Cfsinit(Action::Execute) => 38,
        Command::Cfswfile(Request::Test) => 39,
        Command::Cfswfile(Request::Write(_)) => 40,
        Command::Cfsdfile(Request::Test) => 41,
        Command::Cfsdfile(Request::Write(_)) => 42,
        Command::Cfsgfis(Request::Test) => 43,
        Command::Cfsgfis(Request::Write(_)) => 44,
        Command::Cfsterm(Action::Test) => 45,
        Command::Cfsterm(Action::Execute) => 46,
        Command::Csslcfg(Request::Test) => 47,
        Command::Csslcfg(Request::Write(_)) => 48,
        Command::FtpPort(Setting::Test) => 49,
        Command::FtpPort(Setting::Read) => 50,
        Command::FtpPort(Setting::Write(_)) => 51,
        Command::FtpMode(Setting::Test) => 52,
        Command::FtpMode(Setting::Read) => 53,
        Command::FtpMode(Setting::Write(_)) => 54,
        Command::FtpType(Setting::Test) => 55,
        Command::FtpType(Setting::Read) => 56,
        Command::FtpType(Setting::Write(_)) => 57,
        Command::FtpPutOpt(Setting::Test) => 58,
        Command::FtpPutOpt(Setting::Read) => 59,
        Command::FtpPutOpt(Setting::Write(_)) => 60,
        Command::FtpCid(Setting::Test) => 61,
        Command::FtpCid(Setting::Read) => 62,
        Command::FtpCid(Setting::Write(_)) => 63,
        Command::FtpRest(Setting::Test) => 64,
        Command::FtpRest(Setting::Read) => 65,
        Command::FtpRest(Setting::Write(_)) => 66,
        Command::FtpServ(Setting::Test) => 67,
        Command::FtpServ(Setting::Read) => 68,
        Command::FtpServ(Setting::Write(_)) => 69,
        Command::FtpUn(Setting::Test) => 70,
        Command::FtpUn(Setting::Read) => 71,
        Command::FtpUn(Setting::Write(_)) => 72,
        Command::FtpPw(Setting::Test) => 73,
        Command::FtpPw(Setting::Read) => 74,
        Command::FtpPw(Setting::Write(_)) => 75,
        Command::FtpGetName(Setting::Test) => 76,
        Command::FtpGetName(Setting::Read) => 77,
        Command::FtpGetName(Setting::Write(_)) => 78,
        Command::FtpGetPath(Setting::Test) => 79,
        Command::FtpGetPath(Setting::Read) => 80,
        Command::FtpGetPath(Setting::Write(_)) => 81,
        Command::FtpPutName(Setting::Test) => 82,
        Command::FtpPutName(Setting::Read) => 83,
        Command::FtpPutName(Setting::Write(_)) => 84,
        Command::FtpPutPath(Setting::Test) => 85,
        Command::FtpPutPath(Setting::Read) => 86,
        Command::FtpPutPath(Setting::Write(_)) => 87,
        Command::FtpGet(Chunked::Test) => 88,
        Command::FtpGet(Chunked::Open) => 89,
        Command::FtpGet(Chunked::Read { .. }) => 90,
        Command::FtpPut(FtpPut::Test) => 91,
        Command::FtpPut(FtpPut::Open) => 92,
        Command::FtpPut(FtpPut::Write { .. }) => 93,
        Command::FtpPut(FtpPut::Finish) => 94,
        Command::FtpDele(Action::Test) => 95,
        Command::FtpDele(Action::Execute) => 96,
        Command::FtpSize(Action::Test) => 97,
        Command::FtpSize(Action::Execute) => 98,
        Command::FtpState(Action::Test) => 99,
        Command::FtpState(Action::Execute) => 100,
        Command::FtpExtPut(FtpExtPut::Test) => 101,
        Command::FtpExtPut(FtpExtPut::Read) => 102,
        Command::FtpExtPut(FtpExtPut::Normal) => 103,
        Command::FtpExtPut(FtpExtPut::Extended) => 104,
        Command::FtpExtPut(FtpExtPut::Load { .. }) => 105,
        Command::FtpMkd(Action::Test) => 106,
        Command::FtpMkd(Action::Execute) => 107,
        Command::FtpRmd(Action::Test) => 108,
        Command::FtpRmd(Action::Execute) => 109,
        Command::FtpList(Chunked::Test) => 110,
        Command::FtpList(Chunked::Open) => 111,
        Command::FtpList(Chunked::Read { .. }) => 112,
        Command::FtpExtGet(FtpExtGet::Test) => 113,
        Command::FtpExtGet(FtpExtGet::Read) => 114,
        Command::FtpExtGet(FtpExtGet::Normal) => 115,
        Command::FtpExtGet(FtpExtGet::Ram) => 116,
        Command::FtpExtGet(FtpExtGet::File { .. }) => 117,
        Command::FtpExtGet(FtpExtGet::Output { .. }) => 118,
        Command::FtpEtPut(FtpEtPut::Test) => 119,
        Command::FtpEtPut(FtpEtPut::Open) => 120,
        Command::FtpEtPut(FtpEtPut::Data) => 121,
        Command::FtpEtGet(FtpEtGet::Test) => 122,
        Command::FtpEtGet(FtpEtGet::Open) => 123,
        Command::FtpQuit(Action::Test) => 124,
        Command::FtpQuit(Action::Execute) => 125,
        Command::FtpRename(Action::Test) => 126,
        Command::FtpRename(Action::Execute) => 127,
        Command::FtpMdtm(Action::Test) => 128,
        Command::FtpMdtm(Action::Execute) => 129,
        Command::FtpSsl(Setting::Test) => 130,
        Command::FtpSsl(Setting::Read) => 131,
        Command::FtpSsl(Setting::Write(_)) => 132,
        Command::FtpToFsSt(Action::Test) => 133,
        Command::FtpToFsSt(Action::Execute) => 134,
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

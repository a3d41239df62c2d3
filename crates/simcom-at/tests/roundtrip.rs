//! Property tests of encode and parse.
//!
//! 1. Every valid command, of every variant and form, encodes, and the line parses back to the
//!    same command.
//! 2. For arbitrary (often invalid) values, encode refuses exactly when validate does, and a
//!    line that encodes holds one `\r`, at its end, and no `\n`.
//! 3. On mangled and random lines, parse never panics, and whatever it accepts re-encodes and
//!    parses back to the same command.
//!
//! `Command<'a>` borrows its strings, so a case is generated as a skeleton `Command<'static>`
//! (strings left empty) plus owned strings; the test body builds the real command with
//! [`fill`], which borrows the strings.

use std::collections::BTreeSet;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::{BoxedStrategy, Union, ValueTree};
use proptest::test_runner::TestRunner;
use simcom_at::command::*;
use simcom_at::{Command, EncodeError};

#[path = "../src/command/tests/samples.rs"]
mod samples;

/// The encoded line (`Command::to_vec` needs the `alloc` feature; this does not).
fn encoded(c: &Command<'_>) -> Result<Vec<u8>, simcom_at::EncodeError> {
    let mut buf = [0u8; Command::MAX_ENCODED_LEN];
    let n = c.encode(&mut buf)?;
    Ok(buf[..n].to_vec())
}

/// A generated case: the command's shape and numbers, and the strings it will borrow.
#[derive(Debug, Clone)]
struct Case {
    skeleton: Command<'static>,
    strings: Vec<String>,
}

/// Strings that may be sent: printable ASCII but `"`, spaces, `,` and `;`, and non-ASCII.
fn safe_string() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[ !#-~éß€中😀]{0,80}|[a-z]{200,300}").unwrap()
}

/// Strings of every kind: the safe ones, any ASCII (controls, `"`), and long ones.
fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        safe_string(),
        proptest::string::string_regex("[\\x00-\\x7F]{0,20}").unwrap(),
        proptest::string::string_regex("[ -~]{0,300}").unwrap(),
    ]
}

fn case(valid: bool) -> impl Strategy<Value = Case> {
    let strings = if valid {
        vec(safe_string(), 3).boxed()
    } else {
        vec(any_string(), 3).boxed()
    };
    (skeleton(valid), strings).prop_map(|(skeleton, strings)| Case { skeleton, strings })
}

/// Builds the command of a case. With `clip`, each string is cut to its parameter's limit
/// (and a required name that comes out empty becomes `x`), so that the command is valid.
fn fill<'a>(c: Command<'static>, s: &'a [String], clip: bool) -> Command<'a> {
    let mut next = 0;
    let mut take = |max: usize, non_empty: bool| -> &'a str {
        let full = s[next % s.len()].as_str();
        next += 1;
        if !clip {
            return full;
        }
        let mut end = max.min(full.len());
        while !full.is_char_boundary(end) {
            end -= 1;
        }
        if non_empty && end == 0 {
            "x"
        } else {
            &full[..end]
        }
    };
    // AT+CFSDFILE and AT+CFSGFIS name a file alike.
    let mut file = |f: FsFile<'static>| FsFile {
        name: take(230, true),
        ..f
    };
    use Command as C;
    use Setting::Write as W;
    match c {
        C::Cpin(W(p)) => C::Cpin(W(Pin {
            pin: take(8, false),
            new_pin: p.new_pin.map(|_| take(8, false)),
        })),
        C::Cops(W(o)) => C::Cops(W(Cops {
            oper: o.oper.map(|_| take(32, false)),
            ..o
        })),
        C::Cncfg(W(n)) => C::Cncfg(W(Cncfg {
            apn: n.apn.map(|_| take(150, false)),
            credentials: n.credentials.map(|_| (take(127, false), take(127, false))),
            ..n
        })),
        C::Cgdcont(W(g)) => C::Cgdcont(W(Cgdcont {
            pdp_type: g.pdp_type.map(|_| take(63, false)),
            apn: g.apn.map(|_| take(150, false)),
            ..g
        })),
        C::Cfswfile(Request::Write(f)) => C::Cfswfile(Request::Write(Cfswfile {
            name: take(230, true),
            ..f
        })),
        C::Cfsdfile(Request::Write(f)) => C::Cfsdfile(Request::Write(file(f))),
        C::Cfsgfis(Request::Write(f)) => C::Cfsgfis(Request::Write(file(f))),
        C::Csslcfg(SslCfg::Sni { ctxindex, .. }) => C::Csslcfg(SslCfg::Sni {
            ctxindex,
            servername: take(253, false),
        }),
        C::Csslcfg(SslCfg::Convert(x)) => C::Csslcfg(SslCfg::Convert(SslConvert {
            cname: take(50, true),
            keyname: x.keyname.map(|_| take(50, false)),
            passkey: x.passkey.map(|_| take(50, false)),
            ..x
        })),
        C::FtpServ(W(_)) => C::FtpServ(W(take(49, false))),
        C::FtpUn(W(_)) => C::FtpUn(W(take(49, false))),
        C::FtpPw(W(_)) => C::FtpPw(W(take(49, false))),
        C::FtpGetName(W(_)) => C::FtpGetName(W(take(64, false))),
        C::FtpPutName(W(_)) => C::FtpPutName(W(take(64, false))),
        C::FtpGetPath(W(_)) => C::FtpGetPath(W(take(255, false))),
        C::FtpPutPath(W(_)) => C::FtpPutPath(W(take(255, false))),
        C::FtpExtGet(FtpExtGet::File { dir, .. }) => C::FtpExtGet(FtpExtGet::File {
            dir,
            name: take(50, true),
        }),
        C::FtpSsl(W(x)) => C::FtpSsl(W(FtpSsl {
            ca_list: take(50, false),
            cert_name: take(50, false),
            ..x
        })),
        other => other,
    }
}

// --- Strategies -------------------------------------------------------------------------------

/// A number of `min..=max`; when not `valid`, also one step outside and any value of `T`.
fn n<T>(valid: bool, min: u64, max: u64) -> BoxedStrategy<T>
where
    T: TryFrom<u64> + Arbitrary + std::fmt::Debug + 'static,
{
    let inside = (min..=max).prop_filter_map("fits T", |v| T::try_from(v).ok());
    if valid {
        return inside.boxed();
    }
    let around = (min.saturating_sub(1)..=max.saturating_add(1))
        .prop_filter_map("fits T", |v| T::try_from(v).ok());
    prop_oneof![inside, around, any::<T>()].boxed()
}

/// A number of the set `values`; when not `valid`, any `u8`.
fn one_of(valid: bool, values: &'static [u8]) -> BoxedStrategy<u8> {
    if valid {
        select(values).boxed()
    } else {
        any::<u8>().boxed()
    }
}

/// How many optional parameters of a chain are present; when not `valid`, each independently.
fn chain(valid: bool, len: usize) -> BoxedStrategy<Vec<bool>> {
    if valid {
        (0..=len)
            .prop_map(move |k| (0..len).map(|i| i < k).collect())
            .boxed()
    } else {
        vec(any::<bool>(), len).boxed()
    }
}

fn setting<T: Clone + std::fmt::Debug + 'static>(
    write: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Setting<T>> {
    prop_oneof![1 => Just(Setting::Test), 1 => Just(Setting::Read), 4 => write.prop_map(Setting::Write)].boxed()
}

fn request<T: Clone + std::fmt::Debug + 'static>(
    write: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Request<T>> {
    prop_oneof![1 => Just(Request::Test), 4 => write.prop_map(Request::Write)].boxed()
}

fn action() -> BoxedStrategy<Action> {
    select(vec![Action::Test, Action::Execute]).boxed()
}

fn dir() -> BoxedStrategy<FsDir> {
    select(vec![
        FsDir::Custapp,
        FsDir::Fota,
        FsDir::Datatx,
        FsDir::Customer,
    ])
    .boxed()
}

fn chunked(valid: bool) -> BoxedStrategy<Chunked> {
    prop_oneof![
        Just(Chunked::Test),
        Just(Chunked::Open),
        n(valid, 1, 1460).prop_map(|reqlength| Chunked::Read { reqlength }),
    ]
    .boxed()
}

/// `<ciphersuite>`: one of the manual's codes (found through the codec's own rule); when not
/// `valid`, any `u16`.
fn cipher_suite(valid: bool) -> BoxedStrategy<u16> {
    if valid {
        select(
            (0..=u16::MAX)
                .filter(|&c| is_cipher_suite(c))
                .collect::<Vec<_>>(),
        )
        .boxed()
    } else {
        any::<u16>().boxed()
    }
}

/// Every form and keyword of AT+CSSLCFG, strings left empty.
fn ssl_cfg(v: bool) -> BoxedStrategy<SslCfg<'static>> {
    prop_oneof![
        Just(SslCfg::Test),
        Just(SslCfg::Read),
        (n(v, 0, 5), n(v, 0, 5)).prop_map(|(ctxindex, sslversion)| SslCfg::SslVersion {
            ctxindex,
            sslversion
        }),
        (n(v, 0, 5), n(v, 0, 7), cipher_suite(v)).prop_map(
            |(ctxindex, cipher_index, ciphersuite)| SslCfg::CipherSuite {
                ctxindex,
                cipher_index,
                ciphersuite
            }
        ),
        (n(v, 0, 5), n(v, 0, 1)).prop_map(|(ctxindex, ignorertctime)| SslCfg::IgnoreRtcTime {
            ctxindex,
            ignorertctime
        }),
        (n(v, 0, 5), n(v, 1, 2))
            .prop_map(|(ctxindex, protocol)| SslCfg::Protocol { ctxindex, protocol }),
        n(v, 0, 5).prop_map(|ctxindex| SslCfg::Sni {
            ctxindex,
            servername: ""
        }),
        n(v, 0, 5).prop_map(|ctxindex| SslCfg::CtxIndex { ctxindex }),
        (n(v, 1, 3), chain(v, 2)).prop_map(|(ssltype, c)| SslCfg::Convert(SslConvert {
            ssltype,
            cname: "",
            keyname: c[0].then_some(""),
            passkey: c[1].then_some(""),
        })),
    ]
    .boxed()
}

/// Every variant and form of `Command`, strings left empty (see [`fill`]).
fn skeleton(valid: bool) -> impl Strategy<Value = Command<'static>> {
    use Command as C;
    let v = valid;
    let strings: Vec<fn(Setting<&'static str>) -> Command<'static>> = vec![
        C::FtpServ,
        C::FtpUn,
        C::FtpPw,
        C::FtpGetName,
        C::FtpGetPath,
        C::FtpPutName,
        C::FtpPutPath,
    ];
    let actions: Vec<fn(Action) -> Command<'static>> = vec![
        C::Cgmr,
        C::Gmr,
        C::Cgmi,
        C::Gmi,
        C::Cgmm,
        C::Gmm,
        C::Cgsn,
        C::Gsn,
        C::Gsv,
        C::Csq,
        C::Cgnapn,
        C::Cfsinit,
        C::Cfsterm,
        C::FtpDele,
        C::FtpSize,
        C::FtpState,
        C::FtpMkd,
        C::FtpRmd,
        C::FtpQuit,
        C::FtpRename,
        C::FtpMdtm,
        C::FtpToFsSt,
    ];
    // AT+CFSDFILE and AT+CFSGFIS take the same parameters.
    let file = || request(dir().prop_map(|dir| FsFile { dir, name: "" }));
    let mut all: Vec<BoxedStrategy<Command<'static>>> = vec![
        Just(C::At).boxed(),
        any::<bool>().prop_map(C::Echo).boxed(),
        any::<bool>().prop_map(C::Verbose).boxed(),
        Just(C::Ati).boxed(),
        setting(select(vec![
            CmeeMode::Disabled,
            CmeeMode::Numeric,
            CmeeMode::Verbose,
        ]))
        .prop_map(C::Cmee)
        .boxed(),
        setting(any::<bool>().prop_map(|new| Pin {
            pin: "",
            new_pin: new.then_some(""),
        }))
        .prop_map(C::Cpin)
        .boxed(),
        setting(any::<bool>()).prop_map(C::Cgatt).boxed(),
        setting(
            (any::<bool>(), option::of(n(v, 1, 15))).prop_map(|(state, cid)| Cgact { state, cid }),
        )
        .prop_map(C::Cgact)
        .boxed(),
        setting(
            (
                n(v, 0, 4),
                n(v, 0, 2),
                one_of(v, &[0, 1, 3, 7, 9]),
                chain(v, 3),
            )
                .prop_map(|(mode, f, a, c)| Cops {
                    mode,
                    format: c[0].then_some(f),
                    oper: c[1].then_some(""),
                    act: c[2].then_some(a),
                }),
        )
        .prop_map(C::Cops)
        .boxed(),
        setting((n(v, 0, 3), n(v, 0, 4), n(v, 0, 3), chain(v, 3)).prop_map(
            |(pdpidx, ip_type, auth, c)| Cncfg {
                pdpidx,
                ip_type,
                apn: c[0].then_some(""),
                credentials: c[1].then_some(("", "")),
                auth: c[2].then_some(auth),
            },
        ))
        .prop_map(C::Cncfg)
        .boxed(),
        setting(
            (
                n(v, 0, 3),
                select(vec![
                    CnactAction::Deactivate,
                    CnactAction::Activate,
                    CnactAction::AutoActivate,
                ]),
            )
                .prop_map(|(pdpidx, action)| Cnact { pdpidx, action }),
        )
        .prop_map(C::Cnact)
        .boxed(),
        setting(
            (one_of(v, &[0, 1, 4, 5, 6, 7]), option::of(n(v, 0, 1)))
                .prop_map(|(fun, rst)| Cfun { fun, rst }),
        )
        .prop_map(C::Cfun)
        .boxed(),
        setting((n(v, 1, 15), chain(v, 2)).prop_map(|(cid, c)| Cgdcont {
            cid,
            pdp_type: c[0].then_some(""),
            apn: c[1].then_some(""),
        }))
        .prop_map(C::Cgdcont)
        .boxed(),
        setting(n(v, 0, 2)).prop_map(C::Creg).boxed(),
        setting(one_of(v, &[0, 1, 2, 4])).prop_map(C::Cgreg).boxed(),
        setting(one_of(v, &[0, 1, 2, 4])).prop_map(C::Cereg).boxed(),
        setting(any::<bool>()).prop_map(C::Clts).boxed(),
        request(
            (dir(), any::<bool>(), n(v, 1, 10240), n(v, 100, 10000)).prop_map(
                |(dir, append, size, input_time)| Cfswfile {
                    dir,
                    name: "",
                    append,
                    size,
                    input_time,
                },
            ),
        )
        .prop_map(C::Cfswfile)
        .boxed(),
        file().prop_map(C::Cfsdfile).boxed(),
        file().prop_map(C::Cfsgfis).boxed(),
        ssl_cfg(v).prop_map(C::Csslcfg).boxed(),
        setting(n(v, 1, 65535)).prop_map(C::FtpPort).boxed(),
        setting(select(vec![FtpMode::Active, FtpMode::Passive]))
            .prop_map(C::FtpMode)
            .boxed(),
        setting(select(vec![FtpType::Ascii, FtpType::Binary]))
            .prop_map(C::FtpType)
            .boxed(),
        setting(select(vec![PutOpt::Appe, PutOpt::Stou, PutOpt::Stor]))
            .prop_map(C::FtpPutOpt)
            .boxed(),
        setting(n(v, 0, 3)).prop_map(C::FtpCid).boxed(),
        setting(any::<u32>()).prop_map(C::FtpRest).boxed(),
        chunked(v).prop_map(C::FtpGet).boxed(),
        chunked(v).prop_map(C::FtpList).boxed(),
        prop_oneof![
            Just(FtpPut::Test),
            Just(FtpPut::Open),
            n(v, 1, 1460).prop_map(|reqlength| FtpPut::Write { reqlength }),
            Just(FtpPut::Finish),
        ]
        .prop_map(C::FtpPut)
        .boxed(),
        prop_oneof![
            Just(FtpExtPut::Test),
            Just(FtpExtPut::Read),
            Just(FtpExtPut::Normal),
            Just(FtpExtPut::Extended),
            (n(v, 0, 327_680), n(v, 1, 327_680), n(v, 1000, 1_000_000))
                .prop_map(|(pos, len, timeout)| FtpExtPut::Load { pos, len, timeout }),
        ]
        .prop_map(C::FtpExtPut)
        .boxed(),
        prop_oneof![
            Just(FtpExtGet::Test),
            Just(FtpExtGet::Read),
            Just(FtpExtGet::Normal),
            Just(FtpExtGet::Ram),
            dir().prop_map(|dir| FtpExtGet::File { dir, name: "" }),
            (n(v, 0, 327_679), n(v, 1, 327_680))
                .prop_map(|(pos, len)| FtpExtGet::Output { pos, len }),
        ]
        .prop_map(C::FtpExtGet)
        .boxed(),
        select(vec![FtpEtPut::Test, FtpEtPut::Open, FtpEtPut::Data])
            .prop_map(C::FtpEtPut)
            .boxed(),
        select(vec![FtpEtGet::Test, FtpEtGet::Open])
            .prop_map(C::FtpEtGet)
            .boxed(),
        setting(
            (
                select(vec![SslType::Plain, SslType::Implicit, SslType::Explicit]),
                n(v, 0, 5),
            )
                .prop_map(|(ssltype, ctxindex)| FtpSsl {
                    ssltype,
                    ctxindex,
                    ca_list: "",
                    cert_name: "",
                }),
        )
        .prop_map(C::FtpSsl)
        .boxed(),
    ];
    all.extend(
        strings
            .into_iter()
            .map(|f| setting(Just("")).prop_map(f).boxed()),
    );
    all.extend(actions.into_iter().map(|f| action().prop_map(f).boxed()));
    Union::new(all)
}

// --- Properties -------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn every_valid_command_round_trips(case in case(true)) {
        let c = fill(case.skeleton, &case.strings, true);
        let mut buf = [0u8; Command::MAX_ENCODED_LEN];
        let n = c.encode(&mut buf).map_err(|e| TestCaseError::fail(format!("{c:?}: {e}")))?;
        prop_assert_eq!(n, c.encoded_len());
        prop_assert_eq!(Command::parse(&buf[..n]), Ok(c));
        // And with the CR LF a terminal would send.
        let mut line = buf[..n].to_vec();
        line.push(b'\n');
        prop_assert_eq!(Command::parse(&line), Ok(c));
    }

    #[test]
    fn encode_refuses_exactly_what_validate_refuses(case in case(false)) {
        let c = fill(case.skeleton, &case.strings, false);
        let mut buf = [0u8; Command::MAX_ENCODED_LEN];
        match (c.validate(), c.encode(&mut buf)) {
            (Ok(()), Ok(n)) => {
                let line = &buf[..n];
                prop_assert_eq!(line.iter().filter(|&&b| b == b'\r').count(), 1);
                prop_assert_eq!(line.last(), Some(&b'\r'));
                prop_assert!(!line.contains(&b'\n'));
                prop_assert_eq!(Command::parse(line), Ok(c));
            }
            (Err(v), Err(e)) => {
                prop_assert_eq!(v, e);
                let too_small = matches!(e, EncodeError::BufferTooSmall { .. });
                prop_assert!(!too_small, "buffer too small");
                prop_assert_eq!(c.encoded_len(), 0);
            }
            (v, e) => prop_assert!(false, "validate {:?} but encode {:?} for {:?}", v, e, c),
        }
    }
}

/// Bytes that matter to the grammar, for mutating lines.
const ALPHABET: &[u8] = b"AaTt+=?,;\" \r\n\x000129fF\x7f\xc3\xa9";

/// A valid line with a few bytes replaced, inserted or removed, or plain random bytes.
fn mangled_line() -> impl Strategy<Value = Vec<u8>> {
    let edits = vec(
        (
            any::<prop::sample::Index>(),
            prop::sample::select(ALPHABET),
            0..3u8,
        ),
        0..4,
    );
    prop_oneof![
        vec(any::<u8>(), 0..48),
        (case(true), edits).prop_map(|(case, edits)| {
            let mut line = encoded(&fill(case.skeleton, &case.strings, true)).unwrap();
            for (at, byte, op) in edits {
                let i = at.index(line.len() + 1);
                match op {
                    0 if i < line.len() => line[i] = byte,
                    1 if i < line.len() => drop(line.remove(i)),
                    _ => line.insert(i, byte),
                }
            }
            line
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// Parse never panics, and whatever it accepts encodes and parses back to itself.
    #[test]
    fn whatever_parses_re_encodes(line in mangled_line()) {
        if let Ok(c) = Command::parse(&line) {
            let encoded = encoded(&c).map_err(|e| TestCaseError::fail(format!("{c:?}: {e}")))?;
            prop_assert_eq!(Command::parse(&encoded), Ok(c));
        }
    }
}

/// The skeleton strategy reaches every `(name, form)` pair the crate has (the samples are
/// proven complete by the crate's unit test `coverage`).
#[test]
fn the_strategy_reaches_every_name_and_form() {
    let expected: BTreeSet<_> = samples::SAMPLES
        .iter()
        .map(|c| (c.name(), c.form() as u8))
        .collect();
    let mut seen = BTreeSet::new();
    let mut runner = TestRunner::deterministic();
    let strategy = skeleton(true);
    for _ in 0..4_000 {
        let c = strategy.new_tree(&mut runner).unwrap().current();
        seen.insert((c.name(), c.form() as u8));
    }
    let missing: Vec<_> = expected.difference(&seen).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

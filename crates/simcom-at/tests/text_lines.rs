//! The typed readings of unprefixed text lines (`simcom_at::Revision`), against the spellings
//! the sources print.

use simcom_at::Revision;

/// The manual's spelling (SIM7080 AT manual V1.02 §5.2.9 p. 95: `Revision: 1351B01SIM7080`)
/// and real modules' (TinyGSM #592: `Revision:1951B10SIM7080`; a SIM7000E log,
/// botletics/SIM7000-LTE-Shield #71: `Revision:1351B07SIM7000E`) read and print back.
#[test]
fn revision_reads_both_spellings_and_prints_them_back() {
    for (line, revision, space) in [
        ("Revision: 1351B01SIM7080", "1351B01SIM7080", true),
        ("Revision:1951B10SIM7080", "1951B10SIM7080", false),
        ("Revision:1351B07SIM7000E", "1351B07SIM7000E", false),
    ] {
        let r = Revision::parse(line.as_bytes()).unwrap();
        assert_eq!((r.revision, r.space), (revision, space), "{line}");
        assert_eq!(r.to_string(), line);
    }
}

/// Lines that are not a `Revision:` line, or that would not print back the same, do not read.
#[test]
fn revision_refuses_what_is_not_one() {
    for line in [
        "Revision:",
        "Revision: ",
        "Revision:  1351B01SIM7080",
        "Revision: 1351 B01",
        "Revision: 1351\tB01",
        "Revision: 1351B01\u{e9}",
        "revision: 1351B01SIM7080",
        "SIM7080 R1351",
        "+CGMR: 1351B01SIM7080",
    ] {
        assert_eq!(Revision::parse(line.as_bytes()), None, "{line:?}");
    }
}

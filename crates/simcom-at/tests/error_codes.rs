//! The codec's code tables against `spec/error-codes.yaml`: [`FtpStatus`] / [`FtpError`]
//! against `ftp_errors` (and `not_used`), [`CmeCode`] against `cme_errors`. A code, name or
//! text that differs on either side fails, naming it.

use serde::Deserialize;
use simcom_at::{CmeCode, CmeError, FtpError, FtpStatus};

#[derive(Debug, Deserialize)]
struct Codes {
    ftp_errors: Vec<FtpEntry>,
    not_used: Vec<FtpEntry>,
    cme_errors: Vec<CmeEntry>,
}

#[derive(Debug, Deserialize)]
struct FtpEntry {
    code: u8,
    name: String,
}

#[derive(Debug, Deserialize)]
struct CmeEntry {
    code: u16,
    text: String,
}

fn spec() -> Codes {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/error-codes.yaml");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_ftp_code_of_the_yaml_is_a_status_with_its_name() {
    let spec = spec();
    assert!(spec.ftp_errors.len() > 2, "error-codes.yaml: no ftp_errors");
    for e in &spec.ftp_errors {
        let status = FtpStatus::from_code(e.code)
            .unwrap_or_else(|| panic!("FtpStatus lacks code {} ({})", e.code, e.name));
        assert_eq!(status.name(), e.name, "the name of code {}", e.code);
        assert_eq!(status.code(), e.code);
    }
}

#[test]
fn every_ftp_error_of_the_enum_is_in_the_yaml() {
    let spec = spec();
    for e in FtpError::ALL {
        let entry = spec.ftp_errors.iter().find(|y| y.code == e.code());
        let entry = entry.unwrap_or_else(|| panic!("{e:?} ({}) is not in the yaml", e.code()));
        assert_eq!(entry.name, e.name(), "{e:?}");
    }
    // 0 and 1 are statuses, every other listed code an error.
    let errors = spec.ftp_errors.iter().filter(|y| y.code > 1).count();
    assert_eq!(FtpError::ALL.len(), errors);
    assert_eq!(FtpStatus::Success.code(), 0);
    assert_eq!(FtpStatus::Ready.code(), 1);
    assert_eq!(FtpError::from_code(0), None);
    assert_eq!(FtpError::from_code(1), None);
}

#[test]
fn codes_the_yaml_does_not_use_are_not_errors() {
    let spec = spec();
    assert!(!spec.not_used.is_empty());
    for e in &spec.not_used {
        assert_eq!(
            FtpStatus::from_code(e.code),
            None,
            "{} ({})",
            e.code,
            e.name
        );
    }
    let listed: Vec<u8> = spec.ftp_errors.iter().map(|e| e.code).collect();
    for code in (0..=u8::MAX).filter(|c| !listed.contains(c)) {
        assert_eq!(FtpStatus::from_code(code), None, "code {code}");
    }
}

#[test]
fn cme_codes_and_texts_are_those_of_the_yaml() {
    let spec = spec();
    assert_eq!(
        CmeCode::ALL.len(),
        spec.cme_errors.len(),
        "CmeCode and cme_errors list different codes"
    );
    for e in &spec.cme_errors {
        let code = CmeCode::from_code(e.code)
            .unwrap_or_else(|| panic!("CmeCode lacks {} ({})", e.code, e.text));
        assert_eq!(code.text(), e.text, "the text of CME {}", e.code);
        assert_eq!(CmeCode::from_text(&e.text), Some(code));
        assert_eq!(CmeError::Code(e.code).cme_code(), Some(code));
        assert_eq!(CmeError::Text(&e.text).cme_code(), Some(code));
    }
}

//! Each failure the client reports, from the module's bytes as the spec prints them, fed to
//! the sans-IO client directly.

use simcom_at::{CmeCode, Command, Instant};
use simcom_ftp::{Client, Error, Event, Timeouts, Wait};

fn client() -> Client<[u8; 1024]> {
    Client::new([0; 1024], Timeouts::default()).unwrap()
}

/// What `client` reports after writing its line and reading `module`.
fn outcome(c: &mut Client<[u8; 1024]>, module: &[u8]) -> Vec<String> {
    let _ = c.poll_transmit(Instant::ZERO);
    let mut seen = Vec::new();
    c.receive(Instant::ZERO, module, |e| seen.push(format!("{e:?}")));
    seen
}

fn failed(e: Error) -> String {
    format!("{:?}", Event::Failed(e))
}

/// `+APP PDP: 0,DEACTIVE` instead of `ACTIVE` after AT+CNACT=0,1: `BearerDown`.
#[test]
fn a_deactivated_context_is_bearer_down() {
    let mut c = client();
    c.bearer_up(0).unwrap();
    let seen = outcome(&mut c, b"\r\nOK\r\n\r\n+APP PDP: 0,DEACTIVE\r\n");
    assert_eq!(seen, [failed(Error::BearerDown)]);
    assert!(c.is_idle());
}

/// A session code no table lists (`+FTPGET: 1,67`): `FtpCode(67)`, not a success.
#[test]
fn an_unlisted_session_code_is_kept() {
    let mut c = client();
    c.get(1024).unwrap();
    let seen = outcome(&mut c, b"\r\nOK\r\n\r\n+FTPGET: 1,67\r\n");
    assert_eq!(seen, [failed(Error::FtpCode(67))]);
}

/// Another final result code than the command's (`NO CARRIER`): `UnexpectedFinal`.
#[test]
fn another_final_result_is_unexpected() {
    let mut c = client();
    c.command(&Command::At).unwrap();
    assert_eq!(
        outcome(&mut c, b"\r\nNO CARRIER\r\n"),
        [failed(Error::UnexpectedFinal)]
    );
}

/// `+CME ERROR` numeric (AT+CMEE=1) and verbose (AT+CMEE=2) give the same code; a text the
/// spec does not list gives `Cme(None)`.
#[test]
fn cme_errors_numeric_verbose_and_unlisted() {
    for (line, want) in [
        (
            &b"\r\n+CME ERROR: 3\r\n"[..],
            Some(CmeCode::OperationNotAllowed),
        ),
        (
            b"\r\n+CME ERROR: operation not allowed\r\n",
            Some(CmeCode::OperationNotAllowed),
        ),
        (b"\r\n+CME ERROR: something else\r\n", None),
    ] {
        let mut c = client();
        c.command(&Command::At).unwrap();
        assert_eq!(outcome(&mut c, line), [failed(Error::Cme(want))]);
    }
}

/// An error URC while a read is in flight: the failure is reported at once, and the read's
/// own final result is swallowed before the client is idle again.
#[test]
fn a_failure_during_a_read_drains_the_reads_final() {
    let mut c = client();
    c.get(1024).unwrap();
    let _ = outcome(&mut c, b"\r\nOK\r\n\r\n+FTPGET: 1,1\r\n");
    assert_eq!(
        c.poll_transmit(Instant::ZERO),
        Some(&b"AT+FTPGET=2,1024\r"[..])
    );
    let mut seen = Vec::new();
    c.receive(Instant::ZERO, b"\r\n+FTPGET: 1,79\r\n", |e| {
        seen.push(format!("{e:?}"))
    });
    assert_eq!(seen, [failed(Error::Ftp(simcom_at::FtpError::Download))]);
    assert!(!c.is_idle(), "the read's final result is still due");
    c.receive(Instant::ZERO, b"\r\nERROR\r\n", |e| panic!("{e:?}"));
    assert!(c.is_idle());
}

/// AT+CFSWFILE whose `DOWNLOAD` never comes: the wait ends at the response timeout with what
/// was awaited, the prompt.
#[test]
fn a_missing_download_prompt_is_a_timeout_naming_it() {
    use simcom_at::command::FsDir;
    let mut c = Client::new([0u8; 512], Timeouts::default()).unwrap();
    c.write_file(FsDir::Customer, "ca.pem", false, 10, 1000)
        .unwrap();
    let t0 = Instant::from_millis(5);
    assert_eq!(
        c.poll_transmit(t0),
        Some(&b"AT+CFSWFILE=3,\"ca.pem\",0,10,1000\r"[..])
    );
    let deadline = c.poll_timeout().unwrap();
    assert_eq!(deadline, t0 + Timeouts::default().response);
    assert_eq!(
        c.handle_timeout(deadline),
        Some(Error::Timeout(Wait::Download))
    );
    assert!(
        Error::Timeout(Wait::Download)
            .to_string()
            .contains("DOWNLOAD")
    );
    assert!(c.is_idle());
}

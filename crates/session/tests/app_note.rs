//! The examples of app note sections 4 and 5 as exact byte exchanges with the model and its
//! in-memory server (the server's default pacing: 50 bytes, then 1024-byte pieces every
//! 100 ms). Expected bytes are taken from the note, with the errata of spec/errata.md.

mod common;
use common::*;

#[test]
fn note_5_1_1_get() {
    let mut file = digits(50);
    file.extend(digits(1024));
    let mut w = World::note(&[("/simftp.txt", &file)]);
    // OK, then the announcement once the first 50 bytes arrived.
    w.expect("AT+FTPGET=1", "\r\nOK\r\n\r\n+FTPGET: 1,1\r\n");
    let first = format!(
        "\r\n+FTPGET: 2,50\r\n{}\r\nOK\r\n",
        String::from_utf8(digits(50)).unwrap()
    );
    w.expect("AT+FTPGET=2,1024", &first);
    // Nothing buffered now; the session goes on (errata E09: the OK is printed).
    w.expect("AT+FTPGET=2,1024", "\r\n+FTPGET: 2,0\r\n\r\nOK\r\n");
    let (t, out) = w.next(secs(1));
    assert_eq!(t.as_millis(), 100);
    assert_eq!(show(&out), show(b"\r\n+FTPGET: 1,1\r\n"));
    let last = format!(
        "\r\n+FTPGET: 2,1024\r\n{}\r\nOK\r\n\r\n+FTPGET: 1,0\r\n",
        String::from_utf8(digits(1024)).unwrap()
    );
    w.expect("AT+FTPGET=2,1024", &last);
    assert!(!w.sim.module.session_active());
}

#[test]
fn note_5_1_16_quit_closes_the_connection() {
    let mut file = digits(50);
    file.extend(digits(1024));
    let mut w = World::note(&[("/simftp.txt", &file)]);
    w.expect("AT+FTPGET=1", "\r\nOK\r\n\r\n+FTPGET: 1,1\r\n");
    assert_eq!(w.sim.server.open_connections(), 1);
    w.expect("AT+FTPQUIT", "\r\nOK\r\n\r\n+FTPGET: 1,80\r\n");
    assert_eq!(w.sim.server.open_connections(), 0);
    w.expect("AT+FTPGET=2,1024", "\r\nERROR\r\n");
}

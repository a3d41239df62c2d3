//! The examples of app note sections 4 and 5 as exact byte exchanges with the model and its
//! in-memory server (the server's default pacing: 50 bytes, then 1024-byte pieces every
//! 100 ms). Expected bytes are taken from the note, with the errata of spec/errata.md.

mod common;
use common::*;

/// The note's world (5.1.1) with its file of 50 + 1024 bytes; AT+FTPGET=1 is answered OK, then
/// announced once the first 50 bytes arrived.
fn get_announced() -> World {
    let mut file = digits(50);
    file.extend(digits(1024));
    let mut w = World::note(&[("/simftp.txt", &file)]);
    w.expect("AT+FTPGET=1", "\r\nOK\r\n\r\n+FTPGET: 1,1\r\n");
    w
}

/// Kept beside conformance/app-note/5.1.1-get.yaml because: the re-announcement comes at
/// exactly 100 ms and `session_active()` is false after `+FTPGET: 1,0`.
#[test]
fn note_5_1_1_get() {
    let mut w = get_announced();
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

/// Kept beside conformance/app-note/5.1.16-quit.yaml because: it checks the server's open
/// connections before and after AT+FTPQUIT.
#[test]
fn note_5_1_16_quit_closes_the_connection() {
    let mut w = get_announced();
    assert_eq!(w.sim.server.open_connections(), 1);
    w.expect("AT+FTPQUIT", "\r\nOK\r\n\r\n+FTPGET: 1,80\r\n");
    assert_eq!(w.sim.server.open_connections(), 0);
    w.expect("AT+FTPGET=2,1024", "\r\nERROR\r\n");
}

/// Note 5.1.2 / 5.1.12 / 5.1.14: "DCD 引脚拉低" while the UART carries data, "拉高" after.
/// The model's data-mode flag follows every host data phase and the FTPETGET stream.
///
/// Kept beside conformance/app-note/5.1.2-put.yaml, 5.1.14-etput.yaml and 5.1.15-etget.yaml
/// because: it checks `data_mode()` (the DCD line) through each data phase.
#[test]
fn dcd_follows_the_data_phases() {
    let mut w = World::note(&[("/simftp.txt", &digits(3000))]);
    assert!(!w.sim.module.data_mode());
    // FTPPUT: low from `+FTPPUT: 2,<n>` until the last byte.
    w.expect("AT+FTPPUT=1", "\r\nOK\r\n\r\n+FTPPUT: 1,1,1360\r\n");
    w.expect("AT+FTPPUT=2,10", "\r\n+FTPPUT: 2,10\r\n");
    assert!(w.sim.module.data_mode());
    w.raw(b"01234");
    assert!(w.sim.module.data_mode());
    let out = w.raw(b"56789");
    assert_eq!(show(&out), show(b"\r\nOK\r\n\r\n+FTPPUT: 1,1,1360\r\n"));
    assert!(!w.sim.module.data_mode());
    w.expect("AT+FTPPUT=2,0", "\r\nOK\r\n\r\n+FTPPUT: 1,0\r\n");
    // FTPETPUT: low from `+FTPETPUT: 2,1` until the bare ETX.
    w.expect("AT+FTPETPUT=1", "\r\nOK\r\n\r\n+FTPETPUT: 1,1\r\n");
    w.expect("AT+FTPETPUT=2", "\r\n+FTPETPUT: 2,1\r\n");
    assert!(w.sim.module.data_mode());
    w.raw(b"ab\x10\x03");
    assert!(
        w.sim.module.data_mode(),
        "an escaped ETX does not end the data"
    );
    let out = w.raw(b"\x03");
    assert_eq!(show(&out), show(b"\r\nOK\r\n\r\n+FTPETPUT: 1,0\r\n"));
    assert!(!w.sim.module.data_mode());
    assert_eq!(w.sim.server.file("/simftp.txt"), Some(&b"ab\x03"[..]));
    // FTPETGET: low while the module streams (3000 bytes arrive over 300 ms).
    w.sim.server.add_file("/simftp.txt", digits(3000)).unwrap();
    w.send("AT+FTPETGET=1");
    assert!(w.sim.module.data_mode());
    w.wait(secs(1));
    assert!(!w.sim.module.data_mode());
}

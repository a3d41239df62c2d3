//! The decoder on each kind of stream, fed in 4 KiB pieces and byte by byte, next to atat's
//! digester on the streams it can parse; the command encoder.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use simcom_at::command::{Chunked, FtpPut, Setting};
use simcom_at::{Command, Decoder};
use simcom_bench::{atat_decode, counted_stream, decode, etx_stream, lines_stream};

fn main() {
    divan::main();
}

const SIZE: usize = 1 << 20;

/// `stream` through simcom-at's decoder, fed `piece` bytes at a time.
fn simcom_at(b: Bencher, stream: &[u8], piece: usize) {
    b.counter(BytesCount::new(stream.len()))
        .bench_local(|| decode(&mut Decoder::new(), black_box(stream), piece));
}

/// `stream` through atat's digester (4 KiB buffer), fed `piece` bytes at a time.
fn atat(b: Bencher, stream: &[u8], piece: usize) {
    b.counter(BytesCount::new(stream.len()))
        .bench_local(|| atat_decode(black_box(stream), piece, 4096));
}

#[divan::bench]
fn lines_simcom_at(b: Bencher) {
    simcom_at(b, &lines_stream(SIZE), 4096);
}

#[divan::bench]
fn lines_atat(b: Bencher) {
    atat(b, &lines_stream(SIZE), 4096);
}

#[divan::bench]
fn lines_bytewise_simcom_at(b: Bencher) {
    simcom_at(b, &lines_stream(SIZE / 16), 1);
}

#[divan::bench]
fn lines_bytewise_atat(b: Bencher) {
    atat(b, &lines_stream(SIZE / 16), 1);
}

#[divan::bench]
fn counted_simcom_at(b: Bencher) {
    simcom_at(b, &counted_stream(SIZE * 8), 4096);
}

#[divan::bench]
fn counted_bytewise_simcom_at(b: Bencher) {
    simcom_at(b, &counted_stream(SIZE / 16), 1);
}

#[divan::bench]
fn etx_simcom_at(b: Bencher) {
    simcom_at(b, &etx_stream(SIZE * 8), 4096);
}

#[divan::bench]
fn encode_commands(b: Bencher) {
    let cmds = [
        Command::FtpServ(Setting::Write("112.74.93.163")),
        Command::FtpUn(Setting::Write("simcomtest")),
        Command::FtpGetName(Setting::Write("simftp.txt")),
        Command::FtpGet(Chunked::Open),
        Command::FtpGet(Chunked::Read { reqlength: 1460 }),
        Command::FtpPut(FtpPut::Write { reqlength: 1360 }),
        Command::FtpPut(FtpPut::Finish),
        Command::FtpRest(Setting::Read),
    ];
    let mut buf = [0u8; Command::MAX_ENCODED_LEN];
    b.counter(divan::counter::ItemsCount::new(cmds.len()))
        .bench_local(|| {
            let mut n = 0;
            for c in black_box(&cmds) {
                n += c.encode(&mut buf).unwrap_or(0);
            }
            n
        });
}

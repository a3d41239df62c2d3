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

/// A stream and how it is fed: in 4 KiB pieces or one byte at a time.
#[derive(Debug, Clone, Copy)]
enum Feed {
    /// Responses and URCs (`OK`, `+FTPGET: 1,1`, `+CNACT: …`), 1 MiB in 4 KiB pieces.
    Lines,
    /// The same, 64 KiB one byte at a time.
    LinesBytewise,
    /// Length-counted data blocks with every byte value, 8 MiB in 4 KiB pieces.
    Counted,
    /// The same, 64 KiB one byte at a time.
    CountedBytewise,
    /// ETX/DLE-escaped data, 8 MiB in 4 KiB pieces.
    Etx,
}

impl Feed {
    fn stream(self) -> Vec<u8> {
        match self {
            Self::Lines => lines_stream(SIZE),
            Self::LinesBytewise => lines_stream(SIZE / 16),
            Self::Counted => counted_stream(SIZE * 8),
            Self::CountedBytewise => counted_stream(SIZE / 16),
            Self::Etx => etx_stream(SIZE * 8),
        }
    }

    fn piece(self) -> usize {
        match self {
            Self::LinesBytewise | Self::CountedBytewise => 1,
            Self::Lines | Self::Counted | Self::Etx => 4096,
        }
    }
}

/// The stream through simcom-at's decoder.
#[divan::bench(args = [Feed::Lines, Feed::LinesBytewise, Feed::Counted, Feed::CountedBytewise, Feed::Etx])]
fn simcom_at(b: Bencher, feed: Feed) {
    let stream = feed.stream();
    b.counter(BytesCount::new(stream.len()))
        .bench_local(|| decode(&mut Decoder::new(), black_box(&stream), feed.piece()));
}

/// The stream through atat's digester (4 KiB buffer), on the streams it can parse.
#[divan::bench(args = [Feed::Lines, Feed::LinesBytewise])]
fn atat(b: Bencher, feed: Feed) {
    let stream = feed.stream();
    b.counter(BytesCount::new(stream.len()))
        .bench_local(|| atat_decode(black_box(&stream), feed.piece(), 4096));
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

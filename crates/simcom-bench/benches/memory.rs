//! Allocations per MB decoded and the decoder's memory, as payloads grow from 1 KB to
//! 100 MB: a counting global allocator around the decoding loop only.

use std::alloc::System;

use simcom_at::Decoder;
use simcom_bench::{counted_stream, decode, etx_stream, lines_stream};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

// stats_alloc counts allocations without any unsafe code of ours.
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn main() {
    // Control: the counter sees an allocation when there is one.
    let region = Region::new(GLOBAL);
    let v: Vec<u8> = Vec::with_capacity(1 << 20);
    std::hint::black_box(&v);
    let control = region.change();
    assert!(
        control.allocations >= 1,
        "the counting allocator counts nothing"
    );
    println!(
        "control: one Vec::with_capacity(1 MiB) counted as {} allocation(s), {} bytes\n",
        control.allocations, control.bytes_allocated
    );
    // The host driver's RAM: its state plus the decoder storage the caller gives it.
    println!("| driver (`simcom_ftp::Client<[u8; N]>`) | N = 512 | N = 1024 | N = 4096 |");
    println!("|---|---|---|---|");
    println!(
        "| `size_of` | {} B | {} B | {} B |\n",
        std::mem::size_of::<simcom_ftp::Client<[u8; 512]>>(),
        std::mem::size_of::<simcom_ftp::Client<[u8; 1024]>>(),
        std::mem::size_of::<simcom_ftp::Client<[u8; 4096]>>(),
    );
    println!(
        "| stream | payload | decoded bytes | allocations | allocated bytes | allocations per MB | decoder memory |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (name, make) in [
        ("counted", counted_stream as fn(usize) -> Vec<u8>),
        ("etx", etx_stream),
        ("lines", lines_stream),
    ] {
        for size in [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000] {
            let stream = make(size);
            let mut dec = Decoder::new();
            let memory = std::mem::size_of_val(&dec) + dec.capacity();
            let region = Region::new(GLOBAL);
            let (_, data) = decode(&mut dec, &stream, 4096);
            let change = region.change();
            let (a, b) = (
                change.allocations + change.reallocations,
                change.bytes_allocated,
            );
            let per_mb = a as f64 / (stream.len() as f64 / 1e6);
            println!(
                "| {name} | {size} | {} | {a} | {b} | {per_mb:.3} | {memory} B |",
                stream.len().max(data)
            );
        }
    }
}

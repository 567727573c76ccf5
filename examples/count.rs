//! The read ceiling for one thread: the csv crate counting rows with one
//! reused `ByteRecord`, as `score` reads them. The benchmark compares
//! `score` against it.
//!
//!     cargo run --release --example count -- FILE   (or - for stdin)

use std::io::Read;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "-".to_string());
    let input: Box<dyn Read> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(&path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        }
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .buffer_capacity(256 * 1024)
        .from_reader(input);
    let mut rec = csv::ByteRecord::new();
    let mut rows: u64 = 0;
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => rows += 1,
            Ok(false) => break,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }
    println!("{rows}");
}

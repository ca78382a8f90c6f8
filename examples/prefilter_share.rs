//! How much of a tree the keyword prefilter lets through to the lexer (files and bytes), for
//! docs/PERFORMANCE.md: `cargo run --release --example prefilter_share -- /path/to/tree`.
//! `LIST=1` prints the paths that pass.

use jwtlint::ruleset::RuleSet;

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: prefilter_share PATH");
        std::process::exit(2);
    };
    let rules = RuleSet::builtin();
    let list = std::env::var_os("LIST").is_some();
    let (mut files, mut passed, mut bytes, mut passed_bytes) = (0u64, 0u64, 0u64, 0u64);
    for entry in ignore::WalkBuilder::new(root).hidden(false).build() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let Ok(b) = std::fs::read(entry.path()) else {
            continue;
        };
        files += 1;
        bytes += b.len() as u64;
        if jwtlint::scan::worth_analysing(&b, rules).is_ok() {
            passed += 1;
            passed_bytes += b.len() as u64;
            if list {
                println!("{}", entry.path().display());
            }
        }
    }
    println!(
        "{passed}/{files} files ({:.1}%), {:.1}/{:.1} MiB ({:.1}%) pass the prefilter",
        100.0 * passed as f64 / files.max(1) as f64,
        passed_bytes as f64 / 1048576.0,
        bytes as f64 / 1048576.0,
        100.0 * passed_bytes as f64 / bytes.max(1) as f64
    );
}

//! How much of a tree the keyword prefilter lets through to the lexer (files and bytes), for
//! docs/PERFORMANCE.md: `cargo run --release --example prefilter_share -- /path/to/tree`.
//! `LIST=1` prints the files that pass: size, path, the keyword that let it through and its line.

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
        // What a scan reads: files of a known kind, test code left out.
        let Some(kind) = jwtlint::lang::detect(entry.path()) else {
            continue;
        };
        if jwtlint::lang::is_test_path(&entry.path().to_string_lossy()) {
            continue;
        }
        let Ok(b) = std::fs::read(entry.path()) else {
            continue;
        };
        files += 1;
        bytes += b.len() as u64;
        if jwtlint::scan::worth_analysing(&entry.path().to_string_lossy(), &b, kind, rules, false)
            .is_ok()
        {
            passed += 1;
            passed_bytes += b.len() as u64;
            if list {
                // As the scan sees the file: a source file's comments and test modules left out.
                let not_code = match kind {
                    jwtlint::lang::FileKind::Code(lang) => {
                        Some(jwtlint::prefilter::NotCode::new(lang, false))
                    }
                    jwtlint::lang::FileKind::Config(_) => None,
                };
                let why = rules
                    .prefilter_for(kind)
                    .first_match_in(&b, not_code)
                    .map_or_else(String::new, |(n, at)| {
                        let lo = b[..at]
                            .iter()
                            .rposition(|&c| c == b'\n')
                            .map_or(0, |p| p + 1);
                        let hi = b[at..]
                            .iter()
                            .position(|&c| c == b'\n')
                            .map_or(b.len(), |p| at + p);
                        let line = String::from_utf8_lossy(&b[lo..hi.min(lo + 120)]);
                        format!("\t{n}\t{}", line.trim())
                    });
                println!("{}\t{}{why}", b.len(), entry.path().display());
            }
        }
    }
    println!(
        "{passed}/{files} files ({:.1}%), {:.1}/{:.1} MiB ({:.1}%) of the files a scan reads pass the prefilter",
        100.0 * passed as f64 / files.max(1) as f64,
        passed_bytes as f64 / 1048576.0,
        bytes as f64 / 1048576.0,
        100.0 * passed_bytes as f64 / bytes.max(1) as f64
    );
}

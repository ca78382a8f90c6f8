//! Embeds rules/*.toml (the only source of rule data) and the `//!` documentation of each
//! src/rules/<id>.rs module (what `jwtlint explain ID` prints). Listing the folders here means a
//! new file can never be missed.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let out = env::var("OUT_DIR").expect("OUT_DIR");
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules");

    let mut code = String::from(
        "/// rules/*.toml, embedded at build time: (file name, contents).\npub static RULE_FILES: &[(&str, &str)] = &[\n",
    );
    let mut files: Vec<_> = fs::read_dir(Path::new(&root).join("rules"))
        .expect("rules/ folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    for p in &files {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().unwrap().to_string_lossy();
        writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            p.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n\n/// The same files as JSON (parsed at run time in a third of the time TOML takes).\npub static RULE_FILES_JSON: &[(&str, &str)] = &[\n");
    for p in &files {
        let name = p.file_name().unwrap().to_string_lossy();
        let text = fs::read_to_string(p).expect("rule file");
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("rules/{name} is not valid TOML: {e}"));
        let json = serde_json::to_string(&value).expect("TOML values convert to JSON");
        writeln!(code, "    ({name:?}, {json:?}),").unwrap();
    }
    code.push_str("];\n\n/// `//!` docs of src/rules/<id>.rs: (rule id, markdown).\npub static RULE_DOCS: &[(&str, &str)] = &[\n");
    let mut rules: Vec<_> = fs::read_dir(Path::new(&root).join("src/rules"))
        .expect("src/rules folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "rs") && p.file_stem().is_some_and(|s| s != "mod")
        })
        .collect();
    rules.sort();
    for p in &rules {
        println!("cargo:rerun-if-changed={}", p.display());
        let text = fs::read_to_string(p).expect("rule source");
        let doc: Vec<&str> = text
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .map(|l| {
                l.strip_prefix("//! ")
                    .or_else(|| l.strip_prefix("//!"))
                    .unwrap_or("")
            })
            .collect();
        let id = p.file_stem().unwrap().to_string_lossy().replace('_', "-");
        writeln!(code, "    ({id:?}, {:?}),", doc.join("\n")).unwrap();
    }
    code.push_str("];\n");
    fs::write(Path::new(&out).join("embedded.rs"), code).expect("write embedded.rs");
}

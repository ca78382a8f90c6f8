//! `--format github`: one workflow command per finding (`::error file=..,line=..::message`), and a
//! markdown summary appended to `$GITHUB_STEP_SUMMARY` when that variable is set.

use super::{Printer, Report, by_rule};
use crate::finding::Severity;
use std::io::{self, Write};

pub struct Github;

/// Escape workflow-command data (`%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape workflow-command properties (also `:` and `,`).
fn prop(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Printer for Github {
    fn print(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        for f in r.findings {
            let cmd = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut msg = r.message(f);
            if let Some(h) = &f.help {
                msg.push_str(&format!("\nhelp: {h}"));
            }
            writeln!(
                out,
                "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                prop(&f.path),
                f.line,
                f.column,
                f.end_line,
                f.end_column,
                prop(&format!("jwtlint {}", f.rule)),
                data(&msg)
            )?;
        }
        writeln!(out, "{}", super::summary_line(r))?;
        if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
            let mut md = String::from("## jwtlint\n\n");
            if r.findings.is_empty() {
                md.push_str(&format!(
                    "No JWT secret findings in {} files.\n",
                    r.files_scanned
                ));
            } else {
                let line = super::summary_line(r);
                md.push_str(&format!("**{}**\n\n", line.trim_start_matches("jwtlint: ")));
                md.push_str("| Rule | Count |\n|---|---|\n");
                for (rule, n) in by_rule(r.findings) {
                    md.push_str(&format!("| `{rule}` | {n} |\n"));
                }
                md.push_str("\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n");
                for f in r.findings.iter().take(200) {
                    md.push_str(&format!(
                        "| {} | `{}` | `{}:{}` | {} |\n",
                        f.severity.as_str(),
                        f.rule,
                        f.path,
                        f.line,
                        r.message(f).replace('|', "\\|").replace('\n', " ")
                    ));
                }
                if r.findings.len() > 200 {
                    md.push_str(&format!("\n… and {} more.\n", r.findings.len() - 200));
                }
            }
            md.push('\n');
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?;
            file.write_all(md.as_bytes())?;
        }
        Ok(())
    }
}

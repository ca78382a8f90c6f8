//! `--format json`: `{"version":1,"findings":[...],"summary":{...}}` (see DESIGN.md).

use super::{Printer, Report, by_rule};
use serde_json::{Value, json};
use std::io::{self, Write};

pub struct Json;

impl Printer for Json {
    fn print(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let findings: Vec<Value> = r
            .findings
            .iter()
            .map(|f| {
                let mut v = json!({
                    "rule": f.rule.as_str(),
                    "severity": f.severity.as_str(),
                    "path": f.path,
                    "line": f.line,
                    "column": f.column,
                    "end_line": f.end_line,
                    "end_column": f.end_column,
                    "message": r.message(f),
                    "notes": f.notes,
                    "fix": {
                        "description": f.fix.description,
                        "replacement": f.fix.replacement,
                        "env": f.fix.env,
                    },
                });
                if let Some(h) = &f.history {
                    v["history"] = json!(h);
                }
                v
            })
            .collect();
        let doc = json!({
            "version": 1,
            "findings": findings,
            "summary": {
                "files_scanned": r.files_scanned,
                "findings": r.findings.len(),
                "by_rule": by_rule(r.findings),
                "elapsed_ms": r.elapsed_ms,
            }
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

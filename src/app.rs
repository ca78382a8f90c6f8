//! Runs a parsed command line: configuration, scan, report, exit status.

use crate::analyze::AnalyzeOptions;
use crate::cli::{Cli, ColorChoice, Command, FailOn, Format, KeygenArgs, ScanArgs};
use crate::config::{self, Loaded, PathFilter};
use crate::finding::{RuleId, Severity};
use crate::report::{Printer, Report};
use crate::ruleset::RuleSet;
use crate::scan::{ScanOptions, ScanOutcome, scan};
use anyhow::{Context, Result, bail};
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Instant;

/// Run and return the exit status.
pub fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Some(Command::Keygen(k)) => keygen(&k),
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Rules) => rules_list(),
        Some(Command::Config { dump, path, config }) => config_cmd(dump, &path, config.as_deref()),
        Some(Command::Baseline { action }) => baseline_cmd(action),
        None => scan_cmd(&cli.scan),
    }
}

fn stdout_write(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match f(&mut lock).and_then(|_| lock.flush()) {
        Ok(()) => Ok(()),
        // `jwtlint | head`: the reader went away; stop quietly.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}

fn keygen(k: &KeygenArgs) -> Result<i32> {
    let alg = crate::judge::Alg::parse(&k.alg).context("unknown algorithm")?;
    let bytes = alg.min_key_bytes().unwrap_or(32);
    let mut lines = Vec::new();
    for _ in 0..k.count {
        let raw = crate::fix::random_bytes(bytes)
            .map_err(|e| anyhow::anyhow!("the operating system's random generator failed: {e}"))?;
        let key = crate::fix::encode_key(&raw, k.format);
        lines.push(match &k.env {
            Some(name) => format!("{name}={key}"),
            None => key,
        });
    }
    stdout_write(|w| {
        for l in &lines {
            writeln!(w, "{l}")?;
        }
        Ok(())
    })?;
    Ok(0)
}

fn explain(rule: &str) -> Result<i32> {
    let Some(id) = RuleId::parse(rule) else {
        let ids: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
        bail!("unknown rule `{rule}`; rules are: {}", ids.join(", "));
    };
    let doc = crate::rules::doc(id).with_context(|| format!("no documentation for {rule}"))?;
    stdout_write(|w| {
        writeln!(
            w,
            "{doc}\n\nDefault severity: {}.",
            id.default_severity().as_str()
        )
    })?;
    Ok(0)
}

fn rules_list() -> Result<i32> {
    stdout_write(|w| {
        for r in RuleId::ALL {
            if crate::rules::doc(r).is_none() {
                continue;
            }
            writeln!(
                w,
                "{:<20} {:<8} {}",
                r.as_str(),
                r.default_severity().as_str(),
                crate::rules::summary(r)
            )?;
        }
        Ok(())
    })?;
    Ok(0)
}

fn load_config(
    first: &std::path::Path,
    explicit: Option<&std::path::Path>,
    isolated: bool,
) -> Result<Loaded> {
    if isolated {
        return Ok(Loaded {
            root: std::env::current_dir().unwrap_or_default(),
            ..Loaded::default()
        });
    }
    match explicit {
        Some(p) => config::load(p),
        None => config::discover(first),
    }
}

fn config_cmd(
    dump: bool,
    path: &std::path::Path,
    explicit: Option<&std::path::Path>,
) -> Result<i32> {
    let loaded = load_config(path, explicit, false)?;
    let text = toml::to_string_pretty(&loaded.file).context("cannot render configuration")?;
    stdout_write(|w| {
        match &loaded.source {
            Some(s) => writeln!(w, "# configuration from {}", s.display())?,
            None => writeln!(w, "# no configuration file found; defaults apply")?,
        }
        if dump {
            write!(w, "{text}")?;
        } else {
            write!(w, "{text}")?;
            writeln!(w, "# (use --dump for the TOML alone)")?;
        }
        Ok(())
    })?;
    Ok(0)
}

/// The rule set for a configuration: built-in rules plus the user's names, weak secrets and rule files.
fn ruleset_for(loaded: &Loaded) -> Result<Arc<RuleSet>> {
    let f = &loaded.file;
    if f.secrets.names.is_empty() && f.secrets.known_weak.is_empty() && f.rule_files.is_empty() {
        return Ok(Arc::new(RuleSet::builtin().clone()));
    }
    let mut files: Vec<(String, String)> = Vec::new();
    for rf in &f.rule_files {
        let p = loaded.root.join(rf);
        let text = crate::source::fs::read_regular_text(&p, config::MAX_CONFIG_BYTES)
            .with_context(|| format!("cannot read rule file {}", p.display()))?;
        files.push((p.display().to_string(), text));
    }
    let mut rs = RuleSet::builtin_with(&files)?;
    rs.add_names(&f.secrets.names)?;
    rs.add_known_weak(&f.secrets.known_weak);
    Ok(Arc::new(rs))
}

fn baseline_cmd(action: crate::cli::BaselineAction) -> Result<i32> {
    use crate::baseline::{Baseline, DEFAULT_FILE};
    use crate::cli::BaselineAction;
    match action {
        BaselineAction::Create { scan } => {
            let (outcome, _) = run_scan(&scan)?;
            let b = Baseline::from_findings(&outcome.findings);
            let path = scan.output.clone().unwrap_or_else(|| DEFAULT_FILE.into());
            b.write(&path)?;
            eprintln!(
                "jwtlint: wrote {} entries to {}",
                b.entries.len(),
                path.display()
            );
            Ok(0)
        }
        BaselineAction::Prune { scan } => {
            let path = scan.baseline.clone().unwrap_or_else(|| DEFAULT_FILE.into());
            let old = Baseline::load(&path)?;
            let mut s = scan.clone();
            s.baseline = None;
            let (outcome, _) = run_scan(&s)?;
            let pruned = old.pruned(&outcome.findings);
            pruned.write(&path)?;
            eprintln!(
                "jwtlint: removed {} stale entries from {} ({} left)",
                old.entries.len() - pruned.entries.len(),
                path.display(),
                pruned.entries.len()
            );
            Ok(0)
        }
    }
}

fn scan_cmd(args: &ScanArgs) -> Result<i32> {
    let start = Instant::now();
    let (mut outcome, fail_on) = run_scan(args)?;
    if let Some(path) = &args.baseline {
        let b = crate::baseline::Baseline::load(path)?;
        let hidden = b.filter(&mut outcome.findings);
        if hidden > 0 {
            outcome.notes.push(format!(
                "{hidden} findings hidden by the baseline {}",
                path.display()
            ));
        }
    }
    report(args, &outcome, start, fail_on)
}

/// Configuration, rule set and the scan itself (any mode), with the cross-file pass.
fn run_scan(args: &ScanArgs) -> Result<(ScanOutcome, FailOn)> {
    for p in &args.paths {
        if std::fs::symlink_metadata(p).is_err() {
            bail!("{}: no such file or directory", p.display());
        }
    }
    let loaded = load_config(&args.paths[0], args.config.as_deref(), args.isolated)?;
    let rules = ruleset_for(&loaded)?;
    let fail_on = match args.fail_on {
        Some(f) => f,
        None => loaded
            .file
            .fail_on
            .as_deref()
            .and_then(FailOn::parse)
            .unwrap_or(FailOn::Error),
    };
    let filter = PathFilter::new(&loaded.file.include, &loaded.file.exclude, &loaded.root)?;
    let threads = args
        .threads
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2)
        })
        .max(1);
    let opts = ScanOptions {
        paths: args.paths.clone(),
        threads,
        max_filesize: args.max_filesize,
        ignore_files: !args.no_ignore,
        analyze: AnalyzeOptions {
            keys: !args.no_keys && args.format != Format::Github,
            min_key_bytes: loaded.file.min_key_bytes.clone(),
            disabled: loaded.file.disabled().into_iter().collect(),
            other_markers: args.other_markers,
            report_unused_ignores: args.report_unused_ignores,
            include_tests: args.include_tests || loaded.file.include_tests,
            versions: Some(Arc::new(crate::versions::Index::new())),
        },
        filter: Some(Arc::new(filter)),
    };
    let mut outcome = if args.staged {
        crate::modes::staged(&opts, &rules)?
    } else if let Some(base) = &args.diff {
        crate::modes::diff(&opts, &rules, base, args.worktree)?
    } else if args.history {
        crate::modes::history(&opts, &rules, args.max_key_age)?
    } else {
        let mut o = scan(&opts, &rules);
        let off = loaded.file.disabled().contains(&RuleId::SharedSecret);
        let before = o.findings.len();
        crate::project::shared_secrets(&mut o.findings, &o.seen, off);
        let hardcoded_off = loaded.file.disabled().contains(&RuleId::HardcodedSecret);
        crate::crossfile::resolve(&mut o.findings, &o.exports, &o.key_refs, hardcoded_off);
        o.load_deferred_texts();
        // Cross-file findings honour suppression comments too.
        let texts = &o.texts;
        let mut i = 0;
        o.findings.retain(|f| {
            i += 1;
            i <= before
                || texts
                    .get(&f.path)
                    .is_none_or(|t| !crate::suppress::suppressed(f, t, args.other_markers))
        });
        crate::scan::finish(&mut o);
        o
    };
    let sev = loaded.file.severities();
    for f in &mut outcome.findings {
        if let Some(s) = sev.get(&f.rule) {
            f.severity = *s;
        }
    }
    Ok((outcome, fail_on))
}

fn report(args: &ScanArgs, outcome: &ScanOutcome, start: Instant, fail_on: FailOn) -> Result<i32> {
    let mut err = std::io::stderr().lock();
    if args.verbose {
        for n in &outcome.notes {
            let _ = writeln!(err, "note: {n}");
        }
    }
    for w in &outcome.warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    for e in &outcome.errors {
        let _ = writeln!(err, "error: {e}");
    }
    drop(err);
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let rep = Report {
        findings: &outcome.findings,
        texts: &outcome.texts,
        files_scanned: outcome.files_scanned,
        elapsed_ms: start.elapsed().as_millis(),
        show_secrets: args.show_secrets,
        color,
    };
    let printer: Box<dyn Printer> = match args.format {
        Format::Human => Box::new(crate::report::human::Human),
        Format::Json => Box::new(crate::report::json::Json),
        Format::Sarif => Box::new(crate::report::sarif::Sarif),
        Format::Github => Box::new(crate::report::github::Github),
    };
    match &args.output {
        Some(path) => {
            let mut buf = Vec::new();
            printer.print(&rep, &mut buf)?;
            std::fs::write(path, buf)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => stdout_write(|w| printer.print(&rep, w))?,
    }
    if let Some(path) = &args.sarif_output {
        let mut buf = Vec::new();
        crate::report::sarif::Sarif.print(
            &Report {
                color: false,
                ..rep
            },
            &mut buf,
        )?;
        std::fs::write(path, buf).with_context(|| format!("cannot write {}", path.display()))?;
    }
    // A file whose analysis failed leaves the result incomplete: that never passes silently.
    if !outcome.errors.is_empty() || (args.strict && !outcome.warnings.is_empty()) {
        return Ok(2);
    }
    let failing = match fail_on.threshold() {
        None => false,
        Some(Severity::Warning) => !outcome.findings.is_empty(),
        Some(Severity::Error) => outcome
            .findings
            .iter()
            .any(|f| f.severity == Severity::Error),
    };
    Ok(if failing { 1 } else { 0 })
}

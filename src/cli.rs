//! Command-line definitions: scan (default), keygen, explain, rules, config.

use crate::finding::Severity;
use crate::fix::KeyFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub const EXIT_CODES: &str = "Exit status:
  0  no findings at or above --fail-on (default: error)
  1  findings at or above --fail-on
  2  usage error, fatal error (bad config, missing path, ...), or an internal error
     while analysing a file (the other files' findings are still reported)

Unreadable files are warnings on stderr; they never change the exit status unless --strict.";

#[derive(Debug, Parser)]
#[command(
    name = "jwtlint",
    version,
    about = "Find JWT secret misuse in a repository and say exactly how to fix it",
    long_about = "Find JWT secret misuse in a repository and say exactly how to fix it.\n\nScans code (JS/TS and more) and config files (dotenv, JSON, YAML) for hardcoded, fallback, weak, short and badly generated JWT secrets, verify calls without an algorithms allow-list, the `none` algorithm and unverified decodes. Found secrets are never printed in full unless --show-secrets.",
    after_help = EXIT_CODES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub scan: ScanArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with code snippets
    Human,
    /// one JSON document (see README for the schema)
    Json,
    /// SARIF 2.1.0 for GitHub code scanning
    Sarif,
    /// GitHub Actions workflow commands (annotations) plus a job summary
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

impl FailOn {
    pub fn parse(s: &str) -> Option<FailOn> {
        match s {
            "error" => Some(FailOn::Error),
            "warning" => Some(FailOn::Warning),
            "never" => Some(FailOn::Never),
            _ => None,
        }
    }
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Never => None,
        }
    }
}

#[derive(Debug, Args, Clone)]
pub struct ScanArgs {
    /// Files or folders to scan
    #[arg(value_name = "PATH", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(short = 'f', long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the report to FILE instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write a SARIF report to FILE (one scan, two outputs)
    #[arg(long, value_name = "FILE")]
    pub sarif_output: Option<PathBuf>,

    /// Scan the staged content of added and modified files (the git index, not the work tree): for pre-commit hooks
    #[arg(long, conflicts_with_all = ["diff", "history"])]
    pub staged: bool,

    /// Report only findings on lines added or changed since the merge base of BASE and HEAD (a commit, branch or tag): for pull requests
    #[arg(long, value_name = "BASE", conflicts_with = "history")]
    pub diff: Option<String>,

    /// With --diff: compare the work tree, not HEAD, with the merge base
    #[arg(long, requires = "diff")]
    pub worktree: bool,

    /// Scan every blob reachable from any ref (each unique blob once) and say which commit introduced each finding
    #[arg(long)]
    pub history: bool,

    /// With --history: note secrets unchanged for more than DAYS
    #[arg(long, value_name = "DAYS", default_value_t = 90)]
    pub max_key_age: u64,

    /// Lowest severity that makes the exit status 1 [default: error]
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// Colour: auto (when stdout is a terminal and NO_COLOR is unset), always or never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Number of worker threads [default: number of CPUs]
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Skip files larger than this (bytes; K, M and G suffixes allowed)
    #[arg(long, value_name = "SIZE", default_value = "8M", value_parser = parse_size)]
    pub max_filesize: u64,

    /// Print found secrets in full (CI logs are often public: think twice)
    #[arg(long)]
    pub show_secrets: bool,

    /// Do not put freshly generated keys into fixes (print the command that makes one instead)
    #[arg(long)]
    pub no_keys: bool,

    /// Do not honour .gitignore, .ignore and .jwtlintignore
    #[arg(long)]
    pub no_ignore: bool,

    /// Use this configuration file instead of discovering jwtlint.toml
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,

    /// Ignore all configuration files
    #[arg(long)]
    pub isolated: bool,

    /// Hide findings recorded in this baseline file (see `jwtlint baseline create`)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Also honour other tools' suppression markers (nosemgrep, gitleaks:allow, # nosec, NOSONAR, pragma: allowlist secret, noqa)
    #[arg(long)]
    pub other_markers: bool,

    /// Report `jwtlint:ignore[...]` comments that suppress nothing
    #[arg(long)]
    pub report_unused_ignores: bool,

    /// Also analyse test code (tests/, spec/, *_test.go, *.test.ts, test_*.py, *Test.java, ...),
    /// which is skipped by default because tests forge tokens and use throwaway keys on purpose
    #[arg(long)]
    pub include_tests: bool,

    /// Treat unreadable files and paths that are not regular files as fatal (exit status 2)
    #[arg(long)]
    pub strict: bool,

    /// Explain skipped files (binary, too large) on stderr
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a fresh key from the OS CSPRNG, sized for the algorithm
    Keygen(KeygenArgs),
    /// Print a rule's documentation: what it finds, why, examples, references
    Explain {
        /// Rule id, e.g. hardcoded-secret
        rule: String,
    },
    /// List all rules with their default severity
    Rules,
    /// Record today's findings so only new ones are reported (`--baseline FILE`)
    Baseline {
        #[command(subcommand)]
        action: BaselineAction,
    },
    /// Show the effective configuration
    Config {
        /// Print the effective configuration as TOML
        #[arg(long)]
        dump: bool,
        /// Folder whose configuration to show
        #[arg(default_value = ".")]
        path: PathBuf,
        /// Use this configuration file
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BaselineAction {
    /// Scan and write every current finding to the baseline (`-o FILE`, default .jwtlint-baseline.json)
    Create {
        #[command(flatten)]
        scan: ScanArgs,
    },
    /// Scan and remove baseline entries that no longer match a finding (`--baseline FILE`)
    Prune {
        #[command(flatten)]
        scan: ScanArgs,
    },
}

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Algorithm the key is for (sets the size: HS256 32 bytes, HS384 48, HS512 64)
    #[arg(long, default_value = "HS256", value_parser = ["HS256", "HS384", "HS512"])]
    pub alg: String,
    /// Encoding of the key
    #[arg(long, value_enum, default_value_t = KeyFormat::Hex)]
    pub format: KeyFormat,
    /// Print as a `NAME=key` line for a .env file
    #[arg(long, value_name = "NAME")]
    pub env: Option<String>,
    /// Number of keys to print
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub count: u32,
}

pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.chars().last() {
        Some('k' | 'K') => (&s[..s.len() - 1], 1024),
        Some('m' | 'M') => (&s[..s.len() - 1], 1024 * 1024),
        Some('g' | 'G') => (&s[..s.len() - 1], 1024 * 1024 * 1024),
        _ => (s, 1),
    };
    let n: u64 = num.trim().parse().map_err(|_| {
        format!("invalid size {s:?}: use a number of bytes, optionally with K, M or G")
    })?;
    // Positions in a file are 32-bit: a file of 4 GiB or more is never read.
    n.checked_mul(mult)
        .filter(|&n| n <= u64::from(u32::MAX))
        .ok_or_else(|| format!("size {s:?} is too large: the most is 4095M"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("8M"), Ok(8 * 1024 * 1024));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("x").is_err());
        assert_eq!(parse_size("4095M"), Ok(4095 * 1024 * 1024));
        assert!(parse_size("4G").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}

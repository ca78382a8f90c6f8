//! jwtlint: finds JWT secret misuse in a repository and says exactly how to fix it.
//!
//! Data flows one way: sources -> lex/parse -> facts -> evidence -> rules -> findings -> report.

pub mod analyze;
pub mod app;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod crossfile;
pub mod engine;
pub mod facts;
pub mod finding;
pub mod fix;
pub mod formats;
pub mod judge;
pub mod lang;
pub mod modes;
pub mod names;
pub mod prefilter;
pub mod project;
pub mod report;
pub mod rules;
pub mod ruleset;
pub mod scan;
pub mod source;
pub mod suppress;
pub mod text;
pub mod value;
pub mod versions;

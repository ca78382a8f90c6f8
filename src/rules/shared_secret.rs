//! # shared-secret
//!
//! **What it finds.** The same JWT secret value in more than one environment or config scope:
//! `.env.development` and `.env.production`, `application-dev.yml` and `application-prod.yml`,
//! `appsettings.Development.json` and `appsettings.Staging.json`, a compose file and a Kubernetes
//! Secret, a committed `.env` and a CI workflow. Every occurrence is reported, with notes naming
//! the others. Values are compared by SHA-256 and never printed.
//!
//! **Why it matters.** A key shared between environments turns a leak of the weakest one (a
//! developer laptop, a CI log, a staging database dump) into a compromise of production: tokens
//! minted in staging are valid in production (CWE-798, CWE-1051).
//!
//! **Example.**
//!
//! ```sh
//! # .env.development and .env.production
//! JWT_SECRET=8f3b2c1d9e7a6b5c4d3e2f1a0b9c8d7e...
//! ```
//!
//! **Instead.** Generate one key per environment (`jwtlint keygen --env JWT_SECRET`) and keep each
//! in that environment's secret store.
//!
//! **References.** CWE-798, CWE-1051 (initialization with hard-coded network resource
//! configuration data), OWASP ASVS 2.10.

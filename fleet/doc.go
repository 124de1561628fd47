// Package fleet applies one migrations package to many databases: one
// database or PostgreSQL schema per tenant, or shards. It drives package
// migrate, one Migrator per target, and adds what a loop written by hand
// lacks:
//
//   - bounded parallelism (WithParallel);
//   - a canary group that must all succeed before the rest start
//     (WithCanary, WithCanaryTargets); if one fails, the rest are skipped;
//   - per-target progress (WithProgress), each migrate.Event tagged with
//     its target;
//   - continue-on-error (the default) or WithStopOnError, and a Summary
//     that says per target: up-to-date, migrated (from -> to), dirty,
//     failed (with the error) or skipped; as text or JSON;
//   - Status across the fleet: which targets are behind, and which need a
//     person;
//   - a command line (Command) whose targets come from a file or a DSN
//     template.
//
// Each target runs on its own connections (its *gorm.DB, or one Open
// makes for it and the fleet closes) under its own migration lock: the
// lock is named after the database (MySQL, MariaDB) or the database and
// schema (PostgreSQL), and SQLite's is the file's. No state is shared
// between targets, so a failure on one neither blocks nor changes
// another. The state of each target lives in its own version table, so
// several runners may share a fleet larger than one machine: split the
// targets (Shard), or even overlap them, since a target's lock makes the
// second runner wait and then find the work done.
//
// Package fleet imports no database driver. Targets opened from DSNs take
// an Opener, the one line of gorm.Open an application already has.
// Package fleet/pgschema turns a PostgreSQL *gorm.DB and schema names
// into targets whose tables go into each schema.
//
// The files: target.go (targets, templates, target files, shards),
// options.go, fleet.go (the runs and their scheduling), run.go (one
// target's run), summary.go, status.go and command.go.
package fleet

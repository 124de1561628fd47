// Package checks is the corpus theme "checks": CHECK constraints from the
// check: tag, unnamed (named chk_<table>_<column> after the column, not
// the field), named (a leading word of letters, digits, _ or - before the
// first comma), with a leading comma, with commas inside the expression,
// and two check: settings on one field (only the last one survives).
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package checks

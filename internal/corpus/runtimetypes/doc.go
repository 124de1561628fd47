// Package runtimetypes is the corpus theme "column types GORM decides at
// run time": custom types whose GormDBDataType method GORM's migrator calls
// with the *gorm.DB and the parsed field, as real applications write them.
//
//   - Timestamp (a time tracker's pattern) stores a time as an integer
//     count of seconds, or of milliseconds when the field's tag says
//     timeunit:ms; the method reads field.TagSettings. migragen evaluates it
//     per field.
//   - Amount takes its decimal precision and scale from the field's parsed
//     Precision and Scale, with a default, through fmt.Sprintf and a local
//     variable holding db.Name(). migragen evaluates it per field.
//   - Document (a JSON map) asks the server: on MySQL it reads the version
//     GORM's MySQL driver queried at start-up and falls back to longtext on
//     servers without a JSON type. migragen cannot evaluate that, so the
//     type carries a //migragen:dbtype directive.
//
// The directive states the types GORM picks on the servers the project's
// oracles run: MariaDB 10.11 has JSON, and the parity oracle's dry-run MySQL
// dialect, which never asks a server for its version, takes the same
// branch. TestDirectiveMatchesServers asks GORM on each live engine.
//
// The package is dialect-neutral: its models must AutoMigrate on
// PostgreSQL, MariaDB and SQLite.
package runtimetypes

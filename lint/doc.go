// Package lint finds the changes of a migration that are safe in a test
// database and dangerous on a big, busy one: a build or a scan that holds
// a lock every query on the table then waits for, a table rewrite or copy,
// a rename or drop that breaks the binaries still running during a
// rolling deploy, and SQL in tags that one of the model set's dialects
// rejects.
//
// Findings come from the typed changes (schema.Change), the schema before
// them and the model set's settings (schema.Settings), never from SQL
// text: the same change gives the same finding, for each dialect where it
// matters. A change to a table the same migration created earlier is
// never a hazard for locks, since no other session can see that table
// yet. Which dialects are checked is Settings.Dialects, or every dialect
// migragen ships when the model set names none, and then the findings of
// all but PostgreSQL are informational (Assumed). What the runtime emits
// on each is Settings.OnlineDDL, and on PostgreSQL postgres.OnlineForm,
// asked with the context the runtime would compile with. The codes are
// stable; Rules lists them.
//
// A migration file silences a finding with a line
//
//	//migragen:nolint MG101 the table has 40 rows
//
// right above the change's literal in Up, at the end of a line of the
// literal, or anywhere in the file's header (before the package clause)
// for the whole file. Several codes are separated by commas; the reason
// is required, and a directive without one, or malformed, is itself a
// finding (MG100).
//
// Down is not linted: it runs only to roll a revision back, and the
// inverse of every expansion (a drop) would be a finding.
package lint

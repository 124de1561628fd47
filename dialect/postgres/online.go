package postgres

import (
	"fmt"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// The online-safe forms of the changes that would otherwise hold a lock
// on a table other sessions use while PostgreSQL scans or builds: the
// part that needs the table lock stays in the migration's transaction and
// is quick; the scan or build goes to ctx.Outside, which the runtime runs
// after the commit, where it holds only a lock that lets reads and writes
// go on. Every statement appended to ctx.Outside can run again: the
// runtime resumes a failed or interrupted online phase from its start.

// online reports whether c's table gets the online form: asked for, and
// not a table this migration created, which no other session can see yet.
func online(ctx *dialect.Context, table string) bool {
	return ctx.Online && !ctx.Created(table)
}

// onlineUnique reports whether a unique index or constraint on table is
// built online: not when a foreign key the same migration creates
// references the table, since the key must find it when it is added,
// inside the transaction.
func onlineUnique(ctx *dialect.Context, table string) bool {
	return online(ctx, table) && !ctx.Referenced[table]
}

// createIndexOnline builds an index with CREATE INDEX CONCURRENTLY, which
// leaves an INVALID index behind when it fails; the next try drops that
// one first, since IF NOT EXISTS would otherwise keep it.
func createIndexOnline(ctx *dialect.Context, b dialect.Builder, table string, ix *schema.Index) {
	name := b.Quote(b.ShortName(ix.Name, ix.Derived))
	ctx.Outside = append(ctx.Outside,
		dialect.Statement{If: invalidIndex(b, name), SQL: "DROP INDEX CONCURRENTLY IF EXISTS " + name, Patient: true},
		dialect.Statement{SQL: createIndex(b, table, ix, concurrently), Patient: true})
}

// dropIndexOnline drops an index without blocking the table's writes.
func dropIndexOnline(ctx *dialect.Context, b dialect.Builder, ix *schema.Index) {
	ctx.Outside = append(ctx.Outside, dialect.Statement{SQL: "DROP INDEX CONCURRENTLY IF EXISTS " + b.Name(ix.Name, ix.Derived), Patient: true})
}

// addUniqueOnline builds a unique constraint's index CONCURRENTLY and
// then attaches it (ADD CONSTRAINT ... UNIQUE USING INDEX, which renames
// nothing since the names agree), leaving what ADD CONSTRAINT ... UNIQUE
// leaves: a constraint and its index of one name.
func addUniqueOnline(ctx *dialect.Context, b dialect.Builder, table string, u *schema.Unique) {
	name := b.ShortName(u.Name, u.Derived)
	ix := &schema.Index{Name: u.Name, Derived: u.Derived, Class: "UNIQUE", Columns: []*schema.IndexColumn{{Column: u.Column}}}
	createIndexOnline(ctx, b, table, ix)
	ctx.Outside = append(ctx.Outside, dialect.Statement{
		If:  missingConstraint(b, table, name),
		SQL: b.Alter(table, fmt.Sprintf("ADD CONSTRAINT %s UNIQUE USING INDEX %s", b.Quote(name), b.Quote(name))),
	})
}

// addConstraintOnline adds a foreign key or check NOT VALID, which takes
// its lock only for a moment and checks new rows from then on, and
// validates the existing rows after the commit, under a lock that lets
// writes go on. constraint is the clause b.ForeignKey or b.Check wrote.
func addConstraintOnline(ctx *dialect.Context, b dialect.Builder, table, name, constraint string) []string {
	ctx.Outside = append(ctx.Outside, dialect.Statement{SQL: b.Alter(table, "VALIDATE CONSTRAINT "+b.Quote(name)), Patient: true})
	return []string{b.Alter(table, "ADD "+constraint+" NOT VALID")}
}

// setNotNullOnline makes a column NOT NULL without scanning the table
// under ACCESS EXCLUSIVE: a CHECK (col IS NOT NULL) is added NOT VALID in
// the transaction, validated after it, and then SET NOT NULL finds it and
// skips its own scan (PostgreSQL 12+); the check is dropped again, so the
// schema ends as a plain SET NOT NULL leaves it. Its name is not
// <table>_<column>_not_null, which PostgreSQL 18 gives the NOT NULL
// constraint itself. A resumed phase finds the check dropped once SET
// NOT NULL has run, so validating it is guarded.
func setNotNullOnline(ctx *dialect.Context, b dialect.Builder, table, column string) []string {
	check := objectName(table, column, "nn_migragen")
	ctx.Outside = append(ctx.Outside,
		dialect.Statement{If: "SELECT 1 WHERE NOT (" + missingConstraintCond(b, table, check) + ")", SQL: b.Alter(table, "VALIDATE CONSTRAINT "+b.Quote(check)), Patient: true},
		dialect.Statement{SQL: b.Alter(table, fmt.Sprintf("ALTER COLUMN %s SET NOT NULL", b.Quote(column)))},
		dialect.Statement{SQL: b.Alter(table, "DROP CONSTRAINT IF EXISTS "+b.Quote(check))})
	return []string{b.Alter(table, fmt.Sprintf("ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID", b.Quote(check), b.Quote(column)))}
}

// invalidIndex is the query that finds the INVALID index quoted names,
// resolved as DROP INDEX resolves it, through the search path.
func invalidIndex(b dialect.Builder, quoted string) string {
	return "SELECT 1 FROM pg_index WHERE indexrelid = to_regclass(" + b.String(quoted) + ") AND NOT indisvalid"
}

// missingConstraint is the query that returns a row when table has no
// constraint called name.
func missingConstraint(b dialect.Builder, table, name string) string {
	return "SELECT 1 WHERE " + missingConstraintCond(b, table, name)
}

func missingConstraintCond(b dialect.Builder, table, name string) string {
	return "NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = " +
		b.String(b.Quote(table)) + "::regclass AND conname = " + b.String(name) + ")"
}

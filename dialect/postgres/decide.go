package postgres

import (
	"strings"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/schema"
)

// OnlineForm reports whether Compile emits the online-safe form of c under
// ctx: an index built or dropped CONCURRENTLY after the transaction, a
// unique constraint attached to such an index, a foreign key or check
// added NOT VALID and validated after the transaction, a column made NOT
// NULL through a validated CHECK (col IS NOT NULL). Compile decides with
// it, and lint asks it, so that what lint says of a change is what the
// runtime emits. ctx must be filled as the runtime fills it: Online,
// CreatedHere, Referenced, and DB (for an AlterColumn's types).
//
// It is false for every other change, which has no online form, for a
// table the migration created, which no other session sees yet, and:
//   - for a unique index or constraint on a table that a foreign key the
//     migration creates references: the key needs the index when it is
//     added, inside the transaction;
//   - for NOT NULL with a type change: the type change takes ACCESS
//     EXCLUSIVE anyway, so SET NOT NULL runs plainly with it (a rewrite
//     checks NOT NULL as it goes; a varchar widening does not rewrite, and
//     SET NOT NULL then scans).
func OnlineForm(ctx *dialect.Context, c schema.Change) bool {
	switch c := c.(type) {
	case schema.CreateIndex:
		if strings.EqualFold(c.Index.Class, "UNIQUE") {
			return onlineUnique(ctx, c.Table)
		}
		return online(ctx, c.Table)
	case schema.AddUnique:
		return onlineUnique(ctx, c.Table)
	case schema.DropIndex, schema.AddCheck, schema.AddForeignKey:
		return online(ctx, schema.TableOf(c))
	case schema.AlterColumn:
		return !c.From.NotNull && c.To.NotNull && online(ctx, c.Table) && !changesType(ctx.SQL(), c)
	}
	return false
}

// changesType reports whether c changes the column's stored type, as
// Compile writes the types (a serial is its integer with a sequence).
func changesType(b dialect.Builder, c schema.AlterColumn) bool {
	return !strings.EqualFold(storageType(b.Type(c.From)), storageType(b.Type(c.To)))
}

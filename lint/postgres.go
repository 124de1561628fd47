package lint

import (
	"fmt"
	"regexp"
	"strings"

	pg "github.com/migragen/migragen/dialect/postgres"
	"github.com/migragen/migragen/schema"
)

// onlinePostgres is the fix for what the runtime's online form avoids.
const onlinePostgres = "leave online DDL on for postgres (take postgres out of -plain-ddl)"

// checkPostgres finds the PostgreSQL hazards: locks held while an index
// builds or a constraint scans, where the runtime emits the plain form
// (pg.OnlineForm says which: with plain DDL, and in the cases the online
// form is not used), rewrites, CONCURRENTLY where PostgreSQL refuses it,
// and a backfill in the transaction.
func checkPostgres(w *walker, c schema.Change) {
	if !w.on(postgres) {
		return
	}
	ctx := w.context(postgres)
	existing := w.existing(tableBefore(c))
	if pg.OnlineForm(ctx, c) || !existing && !isIndex(c) {
		return
	}
	// The runtime compiles c plainly on an existing table, or c creates an
	// index, which may be on a new table.
	switch c := c.(type) {
	case schema.CreateIndex:
		concurrent := strings.EqualFold(strings.TrimSpace(c.Index.Option), "CONCURRENTLY")
		switch {
		case concurrent && !w.opts.NoTransaction && w.created[c.Table]:
			w.report(ConcurrentlyInTx, postgres,
				"the index has option CONCURRENTLY, which PostgreSQL refuses inside a transaction, and this migration creates "+c.Table+" and runs in one: it fails when applied",
				"drop the option: no other session sees a table the migration creates, so building its index plainly blocks no one")
		case concurrent && !w.opts.NoTransaction && ctx.Online:
			w.report(ConcurrentlyInTx, postgres,
				"the index has option CONCURRENTLY, which PostgreSQL refuses inside a transaction, and "+referencedWhy(c.Table)+" builds this unique index inside the migration's transaction: compiling the migration fails",
				beforeTheKey+", or set NoTransaction: true on the migration")
		case concurrent && !w.opts.NoTransaction:
			w.report(ConcurrentlyInTx, postgres,
				"the index has option CONCURRENTLY, which PostgreSQL refuses inside a transaction, and with plain DDL the runtime builds it in the migration's: it fails when applied",
				"set NoTransaction: true on the migration, or "+onlinePostgres+": the runtime then builds the index CONCURRENTLY after the transaction")
		case !concurrent && existing:
			why := "CREATE INDEX without CONCURRENTLY holds a SHARE lock on " + c.Table + " while it builds: every INSERT, UPDATE and DELETE waits until the index is built"
			w.reportPlain(BlockingIndex, c.Table, why, onlinePostgres+": the runtime then builds it CONCURRENTLY after the migration's transaction")
		}
	case schema.DropIndex:
		w.report(BlockingIndex, postgres,
			"DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on "+c.Table+": it waits for every running query on the table, and every later one waits for it",
			onlinePostgres+": the runtime then drops it CONCURRENTLY after the migration's transaction")
	case schema.AddUnique:
		w.reportPlain(BlockingIndex, c.Table,
			"ADD CONSTRAINT ... UNIQUE builds its index under ACCESS EXCLUSIVE on "+c.Table+": reads and writes wait until it is built",
			onlinePostgres+": the runtime then builds the index CONCURRENTLY and attaches it with ADD CONSTRAINT ... USING INDEX")
	case schema.AddForeignKey:
		w.report(ValidatingAdd, postgres,
			fmt.Sprintf("ADD FOREIGN KEY checks every row of %s against %s under SHARE ROW EXCLUSIVE locks on both: writes to either table wait for the scan", c.Table, c.ForeignKey.RefTable),
			onlinePostgres+": the runtime then adds it NOT VALID, which checks new rows only, and validates the existing ones after the transaction under a lock that lets writes go on")
	case schema.AddCheck:
		w.report(ValidatingAdd, postgres,
			"ADD CONSTRAINT ... CHECK scans every row of "+c.Table+" under ACCESS EXCLUSIVE: reads and writes wait for the scan",
			onlinePostgres+": the runtime then adds it NOT VALID, which checks new rows only, and validates the existing ones after the transaction under a lock that lets writes go on")
	case schema.AlterColumn:
		from, to := w.sqlType(postgres, c.From), w.sqlType(postgres, c.To)
		switch {
		case pg.RewritesTable(from, to):
			w.report(RewritingType, postgres,
				fmt.Sprintf("changing %s.%s from %s to %s rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite", c.Table, c.To.Name, from, to),
				"expand/contract: add a column of the new type, fill it in batches, switch the application to it and drop the old one a release later (generate -split); "+
					"PostgreSQL changes a type without a rewrite only when it widens a varchar, turns a varchar into text or text into varchar, widens a numeric's precision at the same scale, or raises a time type's precision")
		case becomesNotNull(c) && !ctx.Online:
			w.report(SetNotNull, postgres,
				fmt.Sprintf("SET NOT NULL on %s.%s scans every row under ACCESS EXCLUSIVE: reads and writes wait for the scan", c.Table, c.To.Name),
				onlinePostgres+": the runtime then validates a CHECK ("+c.To.Name+" IS NOT NULL) added NOT VALID first, under a lock that lets writes go on, and SET NOT NULL uses it instead of scanning (PostgreSQL 12+)")
		case becomesNotNull(c):
			// Online DDL, and the type changes without a rewrite.
			w.report(SetNotNull, postgres,
				fmt.Sprintf("with the type change from %s to %s, the runtime sets %s.%s NOT NULL plainly, not through a validated check: SET NOT NULL scans every row under ACCESS EXCLUSIVE, since this type change rewrites nothing and checks nothing, and reads and writes wait for the scan", from, to, c.Table, c.To.Name),
				"change the type in one revision and make the column NOT NULL in a later one: the runtime then validates a CHECK ("+c.To.Name+" IS NOT NULL) added NOT VALID first, under a lock that lets writes go on, and SET NOT NULL uses it instead of scanning")
		}
	case schema.AddColumn:
		if why := rewritingAdd(c.Table, c.Column); why != "" {
			w.report(VolatileDefault, postgres, why,
				"add the column without a default (or with a constant one), fill the rows in batches in a later step, then set the default; "+
					"a stable default such as now() or CURRENT_TIMESTAMP needs none of this: PostgreSQL 11+ stores it once instead of rewriting")
		}
	}
}

// beforeTheKey is the fix for a unique index the runtime must build in
// the transaction because a new foreign key references its table.
const beforeTheKey = "add the unique index in a revision of its own, before the one that adds the foreign key (generate it with the key's model change left out): the runtime then builds it CONCURRENTLY"

// referencedWhy says why the runtime builds a unique index on table in
// the transaction with online DDL on.
func referencedWhy(table string) string {
	return "a foreign key this migration adds references " + table + ", so the runtime (which needs the index in place when the key is added)"
}

// reportPlain reports a unique or plain index the runtime builds plainly
// on table: with plain DDL the fix is the online form; with online DDL
// the index is unique and a new foreign key references table.
func (w *walker) reportPlain(code, table, why, fix string) {
	if w.context(postgres).Online {
		why = referencedWhy(table) + " builds it in the transaction, plainly: " + why
		fix = beforeTheKey
	}
	w.report(code, postgres, why, fix)
}

// isIndex reports whether c creates an index.
func isIndex(c schema.Change) bool {
	_, ok := c.(schema.CreateIndex)
	return ok
}

// checkBackfill notes, with online DDL on PostgreSQL, a column of an
// existing table made NOT NULL whose NULLs the runtime fills with its
// default: one UPDATE in the migration's transaction.
func checkBackfill(w *walker, c schema.Change) {
	alter, ok := c.(schema.AlterColumn)
	if !ok || !w.on(postgres) || !w.existing(alter.Table) || !alter.Backfills() || !pg.OnlineForm(w.context(postgres), c) {
		return
	}
	w.inform(OnlineBackfill, postgres,
		fmt.Sprintf("the runtime fills the NULLs of %s.%s with its default in one UPDATE inside the migration's transaction: each row it changes stays locked until the commit, and writers of those rows wait (the NOT NULL itself is checked after the commit, without blocking)", alter.Table, alter.To.Name),
		"nothing to do when few rows are NULL; on a big table, fill them in batches in a data step of an earlier revision, so that the UPDATE finds none")
}

// volatileCall matches a call of a volatile function PostgreSQL must
// evaluate once per row. now(), CURRENT_TIMESTAMP, statement_timestamp()
// and the like are STABLE: PostgreSQL 11+ evaluates them once at ALTER
// time and stores the value in the catalog, rewriting nothing.
var volatileCall = regexp.MustCompile(`(?i)\b(random|gen_random_uuid|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4|uuidv4|uuidv7|clock_timestamp|timeofday|nextval)\s*\(`)

// rewritingAdd says why adding col to table rewrites it on PostgreSQL,
// or "" when it does not.
func rewritingAdd(table string, col *schema.Column) string {
	switch {
	case col.AutoIncrement:
		return fmt.Sprintf("an auto-increment column draws nextval() for every row of %s: PostgreSQL rewrites the table under ACCESS EXCLUSIVE, and reads and writes wait for it", table)
	case col.Generated != "":
		return fmt.Sprintf("a stored generated column is computed for every row of %s: PostgreSQL rewrites the table under ACCESS EXCLUSIVE, and reads and writes wait for it", table)
	case col.DefaultKind == "" && col.HasDefaultClause() && volatileCall.MatchString(col.Default):
		return fmt.Sprintf("the default %s is volatile, a new value per row: PostgreSQL rewrites %s under ACCESS EXCLUSIVE to store one in every row, and reads and writes wait for it", col.Default, table)
	}
	return ""
}

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
// builds or a constraint scans (only where the runtime emits plain DDL),
// rewrites, and CONCURRENTLY where PostgreSQL refuses it.
func checkPostgres(w *walker, c schema.Change) {
	if !w.on(postgres) {
		return
	}
	plain := w.plain(postgres)
	switch c := c.(type) {
	case schema.CreateIndex:
		concurrent := strings.EqualFold(strings.TrimSpace(c.Index.Option), "CONCURRENTLY")
		switch {
		case concurrent && !w.opts.NoTransaction && w.created[c.Table]:
			w.report(ConcurrentlyInTx, postgres,
				"the index has option CONCURRENTLY, which PostgreSQL refuses inside a transaction, and this migration creates "+c.Table+" and runs in one: it fails when applied",
				"drop the option: no other session sees a table the migration creates, so building its index plainly blocks no one")
		case concurrent && !w.opts.NoTransaction && plain:
			w.report(ConcurrentlyInTx, postgres,
				"the index has option CONCURRENTLY, which PostgreSQL refuses inside a transaction, and with plain DDL the runtime builds it in the migration's: it fails when applied",
				"set NoTransaction: true on the migration, or "+onlinePostgres+": the runtime then builds the index CONCURRENTLY after the transaction")
		case !concurrent && plain && w.existing(c.Table):
			w.report(BlockingIndex, postgres,
				"CREATE INDEX without CONCURRENTLY holds a SHARE lock on "+c.Table+" while it builds: every INSERT, UPDATE and DELETE waits until the index is built",
				onlinePostgres+": the runtime then builds it CONCURRENTLY after the migration's transaction")
		}
	case schema.DropIndex:
		if plain && w.existing(c.Table) {
			w.report(BlockingIndex, postgres,
				"DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on "+c.Table+": it waits for every running query on the table, and every later one waits for it",
				onlinePostgres+": the runtime then drops it CONCURRENTLY after the migration's transaction")
		}
	case schema.AddUnique:
		if plain && w.existing(c.Table) {
			w.report(BlockingIndex, postgres,
				"ADD CONSTRAINT ... UNIQUE builds its index under ACCESS EXCLUSIVE on "+c.Table+": reads and writes wait until it is built",
				onlinePostgres+": the runtime then builds the index CONCURRENTLY and attaches it with ADD CONSTRAINT ... USING INDEX")
		}
	case schema.AddForeignKey:
		if plain && w.existing(c.Table) {
			w.report(ValidatingAdd, postgres,
				fmt.Sprintf("ADD FOREIGN KEY checks every row of %s against %s under SHARE ROW EXCLUSIVE locks on both: writes to either table wait for the scan", c.Table, c.ForeignKey.RefTable),
				onlinePostgres+": the runtime then adds it NOT VALID, which checks new rows only, and validates the existing ones after the transaction under a lock that lets writes go on")
		}
	case schema.AddCheck:
		if plain && w.existing(c.Table) {
			w.report(ValidatingAdd, postgres,
				"ADD CONSTRAINT ... CHECK scans every row of "+c.Table+" under ACCESS EXCLUSIVE: reads and writes wait for the scan",
				onlinePostgres+": the runtime then adds it NOT VALID, which checks new rows only, and validates the existing ones after the transaction under a lock that lets writes go on")
		}
	case schema.AlterColumn:
		if !w.existing(c.Table) {
			return
		}
		from, to := w.sqlType(postgres, c.From), w.sqlType(postgres, c.To)
		switch {
		case pg.RewritesTable(from, to):
			w.report(RewritingType, postgres,
				fmt.Sprintf("changing %s.%s from %s to %s rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite", c.Table, c.To.Name, from, to),
				"expand/contract: add a column of the new type, fill it in batches, switch the application to it and drop the old one a release later (generate -split); "+
					"PostgreSQL changes a type without a rewrite only when it widens a varchar, turns a varchar into text or text into varchar, widens a numeric's precision at the same scale, or raises a time type's precision")
		case becomesNotNull(c) && plain:
			w.report(SetNotNull, postgres,
				fmt.Sprintf("SET NOT NULL on %s.%s scans every row under ACCESS EXCLUSIVE: reads and writes wait for the scan", c.Table, c.To.Name),
				onlinePostgres+": the runtime then validates a CHECK ("+c.To.Name+" IS NOT NULL) added NOT VALID first, under a lock that lets writes go on, and SET NOT NULL uses it instead of scanning (PostgreSQL 12+)")
		}
	case schema.AddColumn:
		if w.existing(c.Table) {
			if why := rewritingAdd(c.Table, c.Column); why != "" {
				w.report(VolatileDefault, postgres, why,
					"add the column without a default (or with a constant one), fill the rows in batches in a later step, then set the default; "+
						"a stable default such as now() or CURRENT_TIMESTAMP needs none of this: PostgreSQL 11+ stores it once instead of rewriting")
			}
		}
	}
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

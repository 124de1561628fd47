package generate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// allDialects are the GORM Dialector names migragen compiles for, the
// targets of a model set that names none (schema.Settings.Dialects).
var allDialects = []string{"postgres", "mysql", "sqlite", "sqlserver"}

// triggerDialects are those that get dual-write triggers; SQL Server's
// would need the table's key to join inserted and deleted rows, and no
// server runs here to prove them.
var triggerDialects = []string{"postgres", "mysql", "sqlite"}

// copySteps returns the data steps that keep a renamed column's old and
// new names equal between an expansion and its contraction, on each
// target dialect:
//
//   - expansion, after its Schema step: triggers that copy, on every
//     insert and update, the column the writing binary set to the other
//     one; then a backfill of the rows already there. Triggers first, so
//     that no row written in between is missed.
//   - contraction, before its Schema step: the triggers dropped, then a
//     final backfill of the rows that still lack the new column (on a
//     dialect without triggers, those the old binary inserted).
//
// Each step's Down undoes it, so that both revisions roll back: the
// expansion's backfill Down fills the old column of the rows the new
// binary inserted, and the contraction's refills the old column it adds
// back.
func copySteps(dialects []string, c schema.ColumnCopy) (expand, contract []render.SQLStep) {
	for _, d := range dialects {
		q := quoter(d)
		t, from, to := q(c.Table), q(c.From), q(c.To)
		var triggers []render.SQLStep
		if slices.Contains(triggerDialects, d) {
			triggers = dualWriteTriggers(d, c)
			triggers[0].Comment = fmt.Sprintf("While both %s.%s and %s exist, copy each insert and update of either to the other, for the old and the new binary.", c.Table, c.From, c.To)
		}
		backfill := render.SQLStep{
			Comment: fmt.Sprintf("Copy %s.%s into %s for the rows already there. Online: on PostgreSQL it runs after the transaction that added the column and the triggers, which holds no lock meanwhile. One UPDATE: on a big table, replace it with batches.", c.Table, c.From, c.To),
			Dialect: d,
			Online:  true,
			Up:      fmt.Sprintf("UPDATE %s SET %s = %s", t, to, from),
			Down:    fmt.Sprintf("UPDATE %s SET %s = %s WHERE %s IS NULL", t, from, to, from),
		}
		expand = append(expand, triggers...)
		expand = append(expand, backfill)

		for i := len(triggers) - 1; i >= 0; i-- {
			s := triggers[i]
			contract = append(contract, render.SQLStep{Dialect: d, Up: s.Down, Down: s.Up})
		}
		if len(triggers) > 0 {
			contract[len(contract)-len(triggers)].Comment = fmt.Sprintf("Stop copying between %s.%s and %s.", c.Table, c.From, c.To)
		}
		contract = append(contract, render.SQLStep{
			Comment: fmt.Sprintf("Copy %s.%s into %s where a row still lacks it, before %s goes.", c.Table, c.From, c.To, c.From),
			Dialect: d,
			Up:      fmt.Sprintf("UPDATE %s SET %s = %s WHERE %s IS NULL", t, to, from, to),
			Down:    fmt.Sprintf("UPDATE %s SET %s = %s", t, from, to),
		})
	}
	return expand, contract
}

// dualWriteTriggers returns the statements that create the copying
// triggers on dialect d, each with its drop as Down, in creation order.
//
// On insert, a binary writes one of the two columns, and the other is NULL
// (the new column has no default while both exist) or its default: the
// new column wins when it is set, otherwise it takes the old one's value.
// On update, the column that changed is copied to the other one, the new
// column winning when both did.
func dualWriteTriggers(d string, c schema.ColumnCopy) []render.SQLStep {
	q := quoter(d)
	t, from, to := q(c.Table), q(c.From), q(c.To)
	name := func(suffix string) string {
		return schema.ShortName(fmt.Sprintf("migragen_%s_%s_%s", c.Table, c.To, suffix), true, 63)
	}
	step := func(up, down string) render.SQLStep { return render.SQLStep{Dialect: d, Up: up, Down: down} }
	switch d {
	case "postgres":
		fn, trg := q(name("copy")), q(name("trg"))
		return []render.SQLStep{
			step(fmt.Sprintf(`CREATE FUNCTION %[1]s() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		IF NEW.%[3]s IS NULL THEN
			NEW.%[3]s := NEW.%[2]s;
		ELSE
			NEW.%[2]s := NEW.%[3]s;
		END IF;
	ELSIF NEW.%[3]s IS DISTINCT FROM OLD.%[3]s THEN
		NEW.%[2]s := NEW.%[3]s;
	ELSIF NEW.%[2]s IS DISTINCT FROM OLD.%[2]s THEN
		NEW.%[3]s := NEW.%[2]s;
	END IF;
	RETURN NEW;
END
$$`, fn, from, to), fmt.Sprintf("DROP FUNCTION IF EXISTS %s()", fn)),
			step(fmt.Sprintf("CREATE TRIGGER %s BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE PROCEDURE %s()", trg, t, fn),
				fmt.Sprintf("DROP TRIGGER IF EXISTS %s ON %s", trg, t)),
		}
	case "mysql":
		ins, upd := q(name("ins")), q(name("upd"))
		return []render.SQLStep{
			step(fmt.Sprintf(`CREATE TRIGGER %[1]s BEFORE INSERT ON %[2]s FOR EACH ROW
BEGIN
	IF NEW.%[4]s IS NULL THEN
		SET NEW.%[4]s = NEW.%[3]s;
	ELSE
		SET NEW.%[3]s = NEW.%[4]s;
	END IF;
END`, ins, t, from, to), "DROP TRIGGER IF EXISTS "+ins),
			step(fmt.Sprintf(`CREATE TRIGGER %[1]s BEFORE UPDATE ON %[2]s FOR EACH ROW
BEGIN
	IF NOT (NEW.%[4]s <=> OLD.%[4]s) THEN
		SET NEW.%[3]s = NEW.%[4]s;
	ELSEIF NOT (NEW.%[3]s <=> OLD.%[3]s) THEN
		SET NEW.%[4]s = NEW.%[3]s;
	END IF;
END`, upd, t, from, to), "DROP TRIGGER IF EXISTS "+upd),
		}
	case "sqlite":
		// SQLite's triggers cannot assign NEW: they update the row after
		// the statement, found by its rowid. The old column is nullable
		// while both exist, or the new binary's insert would fail before
		// the trigger runs (Split relaxes it).
		ins, updNew, updOld := q(name("ins")), q(name("upd_new")), q(name("upd_old"))
		return []render.SQLStep{
			step(fmt.Sprintf(`CREATE TRIGGER %[1]s AFTER INSERT ON %[2]s FOR EACH ROW WHEN NEW.%[4]s IS NOT NEW.%[3]s
BEGIN
	UPDATE %[2]s SET %[4]s = COALESCE(NEW.%[4]s, NEW.%[3]s), %[3]s = COALESCE(NEW.%[4]s, NEW.%[3]s) WHERE rowid = NEW.rowid;
END`, ins, t, from, to), "DROP TRIGGER IF EXISTS "+ins),
			step(fmt.Sprintf(`CREATE TRIGGER %[1]s AFTER UPDATE OF %[4]s ON %[2]s FOR EACH ROW WHEN NEW.%[4]s IS NOT OLD.%[4]s
BEGIN
	UPDATE %[2]s SET %[3]s = NEW.%[4]s WHERE rowid = NEW.rowid;
END`, updNew, t, from, to), "DROP TRIGGER IF EXISTS "+updNew),
			step(fmt.Sprintf(`CREATE TRIGGER %[1]s AFTER UPDATE OF %[3]s ON %[2]s FOR EACH ROW WHEN NEW.%[3]s IS NOT OLD.%[3]s AND NEW.%[4]s IS OLD.%[4]s
BEGIN
	UPDATE %[2]s SET %[4]s = NEW.%[3]s WHERE rowid = NEW.rowid;
END`, updOld, t, from, to), "DROP TRIGGER IF EXISTS "+updOld),
		}
	}
	return nil
}

// quoter returns how dialect d quotes an identifier, part by part for a
// schema-qualified table name ("sales.orders"), as GORM's QuoteTo does.
func quoter(d string) func(string) string {
	open, close := `"`, `"`
	switch d {
	case "mysql":
		open, close = "`", "`"
	case "sqlserver":
		open, close = "[", "]"
	}
	return func(name string) string {
		parts := strings.Split(name, ".")
		for i, p := range parts {
			parts[i] = open + strings.ReplaceAll(p, close, close+close) + close
		}
		return strings.Join(parts, ".")
	}
}

package migrate

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// The tools whose version tables Import reads.
const (
	Gormigrate    = "gormigrate"
	Goose         = "goose"
	GolangMigrate = "golang-migrate"
)

// foreignTables are the tools' default version tables: gormigrate's
// DefaultOptions.TableName, goose's TableName() and golang-migrate's
// DefaultMigrationsTable.
var foreignTables = map[string]string{
	Gormigrate:    "migrations",
	Goose:         "goose_db_version",
	GolangMigrate: "schema_migrations",
}

// Foreign names another migration tool's version table.
type Foreign struct {
	// Tool is Gormigrate, Goose or GolangMigrate.
	Tool string
	// Table is the tool's version table; "" is the tool's default:
	// "migrations", "goose_db_version" or "schema_migrations".
	Table string
}

func (f Foreign) table() string { return cmp.Or(f.Table, foreignTables[f.Tool]) }

// ImportResult is what an import found and did.
type ImportResult struct {
	// Version is the other tool's version (goose, golang-migrate) or id
	// (gormigrate) that decided the revision: the newest mapped one
	// applied.
	Version string
	// Revision is the revision Version maps to, in full: the one stamped.
	Revision string
	// Notes say what the mapping left out that the stamp's verification,
	// not the mapping, vouches for: gormigrate ids applied but not mapped,
	// goose versions below Version rolled back.
	Notes []string
	// Stamp is what stamping Revision found and did.
	Stamp *StampResult
}

// Import adopts a database whose history another tool recorded: it reads
// that tool's version table, picks the newest applied version the mapping
// names (their version or id -> a revision: an id, a prefix, "head",
// "head~1"...), and stamps the revision it maps to with Stamp, which
// verifies the live schema against it first. It changes nothing, and
// leaves the other tool's table as it is, when the table is missing, when
// golang-migrate's version is dirty, when no mapped version is applied,
// or when goose or golang-migrate records a version newer than the
// newest mapped one applied, which the mapping would silently drop.
// gormigrate's ids have no order: the mapped applied id whose revision
// comes last in the graph decides, and the applied ids not mapped are
// listed in Notes. The opts are Stamp's: Force records the revision over
// differences, marked forced.
//
// One mapping serves every database of a fleet: mapped versions a
// database has not reached are ignored.
func (m *Migrator) Import(ctx context.Context, from Foreign, mapping map[string]string, opts ...StampOption) (*ImportResult, error) {
	if foreignTables[from.Tool] == "" {
		return nil, fmt.Errorf("import: unknown tool %q: name %s, %s or %s", from.Tool, Goose, Gormigrate, GolangMigrate)
	}
	table := from.table()
	revs, err := m.importMapping(from.Tool, mapping)
	if err != nil {
		return nil, err
	}
	// The other tool's table is read under the migration lock, in the
	// stamp's transaction, and only while migragen's version table is
	// empty: an import runs once per database, and a second one (a deploy
	// script that runs it every time, a replica starting while another
	// runs up) must not stamp over what up applied since.
	var res *ImportResult
	pick := func(tx *gorm.DB, st *state) (string, error) {
		if len(st.records) > 0 {
			return "", fmt.Errorf("import from %s: this database was adopted already: its version table records %d revisions (the newest: %s); run up, not import",
				from.Tool, len(st.records), st.records[len(st.records)-1].ID)
		}
		if !tx.Migrator().HasTable(table) {
			return "", fmt.Errorf("import from %s: there is no table %s in this database: if the project gave %s's table another name, name it (-table, Foreign.Table); "+
				"if the database never used %s, adopt it with stamp alone", from.Tool, table, from.Tool, from.Tool)
		}
		quoted := dialect.NewBuilder(tx).Quote(table)
		var err error
		switch from.Tool {
		case Goose:
			res, err = m.importGoose(tx, quoted, table, revs)
		case GolangMigrate:
			res, err = m.importGolangMigrate(tx, quoted, table, revs)
		default:
			res, err = m.importGormigrate(tx, quoted, table, revs)
		}
		if err != nil {
			return "", fmt.Errorf("import from %s: %w", from.Tool, err)
		}
		return res.Revision, nil
	}
	// The other tool's table is no table of the migrations: compared, it
	// would be an extra table and refuse every import. Verify, later,
	// reports it until the team drops it.
	opts = append(slices.Clip(opts), skipping(table), func(c *stampConfig) { c.pick = pick })
	stamped, err := m.StampWithResult(ctx, "", opts...)
	if err != nil {
		if res != nil {
			return nil, fmt.Errorf("import %s %s %s as %s: %w", from.Tool, versionWord(from.Tool), res.Version, res.Revision, err)
		}
		return nil, err
	}
	res.Stamp = stamped
	return res, nil
}

// importMapping resolves every mapped revision, so that a mistyped one is
// found on the first database rather than on the one that reaches it.
func (m *Migrator) importMapping(tool string, mapping map[string]string) (map[string]string, error) {
	if len(mapping) == 0 {
		return nil, fmt.Errorf("import from %s: no mapping given: map the newest %s the old tool applied to the revision whose schema includes it (VERSION=REV)", tool, versionWord(tool))
	}
	out := make(map[string]string, len(mapping))
	for v, rev := range mapping {
		if tool != Gormigrate {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("import from %s: %q is not a %s version: they are whole numbers, as in the migration files' names (00043_add_x.sql is 43)", tool, v, tool)
			}
			v = strconv.FormatInt(n, 10)
		}
		id, err := m.graph.resolve(rev)
		if err != nil {
			return nil, fmt.Errorf("import from %s: %s %s maps to %w", tool, versionWord(tool), v, err)
		}
		if id == Base {
			return nil, fmt.Errorf("import from %s: %s %s maps to %s: map it to a revision; to record nothing, stamp %s instead", tool, versionWord(tool), v, Base, Base)
		}
		out[v] = id
	}
	return out, nil
}

// skipping leaves table out of the stamp's verification; the catalog
// names a table without its schema.
func skipping(table string) StampOption {
	return func(c *stampConfig) { c.skip = append(c.skip, table[strings.LastIndex(table, ".")+1:]) }
}

func versionWord(tool string) string {
	if tool == Gormigrate {
		return "id"
	}
	return "version"
}

// importGoose reads goose's table. Each up adds a row; a down deletes the
// version's rows, where older goose releases added one with is_applied
// false, so the newest row of a version decides, as goose's own
// EnsureDBVersion reads it. Version 0 is the row goose writes when it
// creates the table.
func (m *Migrator) importGoose(db *gorm.DB, quoted, table string, revs map[string]string) (*ImportResult, error) {
	var rows []struct {
		ID        int64 `gorm:"column:id"`
		VersionID int64 `gorm:"column:version_id"`
		IsApplied bool  `gorm:"column:is_applied"`
	}
	if err := db.Raw("SELECT id, version_id, is_applied FROM " + quoted + " ORDER BY id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("reading %s: %w", table, err)
	}
	latest := map[int64]bool{}
	for _, r := range rows {
		if r.VersionID != 0 {
			latest[r.VersionID] = r.IsApplied
		}
	}
	var applied, rolledBack []int64
	for v, ok := range latest {
		if ok {
			applied = append(applied, v)
		} else {
			rolledBack = append(rolledBack, v)
		}
	}
	slices.Sort(applied)
	slices.Sort(rolledBack)
	res, err := m.matchNumbered(Goose, table, applied, revs)
	if err != nil {
		return nil, err
	}
	matched, _ := strconv.ParseInt(res.Version, 10, 64)
	for _, v := range rolledBack {
		if v < matched {
			res.Notes = append(res.Notes, fmt.Sprintf("%s records version %d rolled back, below version %d: the schema must lack its changes, which the stamp's verification checks", table, v, matched))
		}
	}
	return res, nil
}

// importGolangMigrate reads golang-migrate's table: one row, the version
// every migration up to which is applied, and whether it failed part-way.
func (m *Migrator) importGolangMigrate(db *gorm.DB, quoted, table string, revs map[string]string) (*ImportResult, error) {
	var rows []struct {
		Version int64 `gorm:"column:version"`
		Dirty   bool  `gorm:"column:dirty"`
	}
	if err := db.Raw("SELECT version, dirty FROM " + quoted).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("reading %s: %w", table, err)
	}
	switch {
	case len(rows) > 1:
		return nil, fmt.Errorf("%s holds %d rows, and golang-migrate keeps one, its current version: delete all but the row its last run wrote, then import", table, len(rows))
	case len(rows) == 1 && rows[0].Dirty:
		return nil, fmt.Errorf("%s records version %d dirty: that migration failed part-way, so the schema matches no version; "+
			"finish or undo it by hand, mark the version clean with golang-migrate's force (migrate force %d, or the version before it), then import", table, rows[0].Version, rows[0].Version)
	case len(rows) == 0 || rows[0].Version < 0:
		return m.matchNumbered(GolangMigrate, table, nil, revs)
	}
	// Every mapped version up to the current one is applied.
	current := rows[0].Version
	applied := []int64{current}
	for v := range revs {
		if n, _ := strconv.ParseInt(v, 10, 64); n < current {
			applied = append(applied, n)
		}
	}
	slices.Sort(applied)
	return m.matchNumbered(GolangMigrate, table, applied, revs)
}

// matchNumbered picks the newest mapped version among applied (sorted),
// refusing when a newer one is applied, and checks that the mapping does
// not go backwards: a revision mapped from an earlier applied version must
// be part of the one picked.
func (m *Migrator) matchNumbered(tool, table string, applied []int64, revs map[string]string) (*ImportResult, error) {
	if len(applied) == 0 {
		return nil, noHistory(table)
	}
	newest := applied[len(applied)-1]
	var mapped []int64
	for _, v := range applied {
		if revs[strconv.FormatInt(v, 10)] != "" {
			mapped = append(mapped, v)
		}
	}
	if len(mapped) == 0 {
		return nil, fmt.Errorf("%s records versions applied up to %d, and the mapping names none of them: map %d to the revision whose schema includes it", table, newest, newest)
	}
	match := mapped[len(mapped)-1]
	if newest > match {
		return nil, fmt.Errorf("%s records version %d applied (%s), which no mapping covers: the newest mapped version applied is %d; map %d to the revision whose schema includes it",
			tool, newest, table, match, newest)
	}
	rev := revs[strconv.FormatInt(match, 10)]
	included := m.graph.ancestry(rev)
	for _, v := range mapped {
		if r := revs[strconv.FormatInt(v, 10)]; !included[r] {
			return nil, fmt.Errorf("the mapping goes backwards: version %d maps to %s, which %s, mapped from the later version %d, does not include; "+
				"map each version to a revision that includes those of the versions before it", v, r, rev, match)
		}
	}
	return &ImportResult{Version: strconv.FormatInt(match, 10), Revision: rev}, nil
}

// noHistory refuses a version table that records nothing applied.
func noHistory(table string) error {
	return fmt.Errorf("%s records no migration applied: there is no history to import; stamp the revision the database matches instead", table)
}

// importGormigrate reads gormigrate's table: one row per migration id
// applied (and SCHEMA_INIT after an InitSchema), in no order.
func (m *Migrator) importGormigrate(db *gorm.DB, quoted, table string, revs map[string]string) (*ImportResult, error) {
	var ids []string
	if err := db.Raw("SELECT id FROM " + quoted).Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("reading %s: %w", table, err)
	}
	if len(ids) == 0 {
		return nil, noHistory(table)
	}
	slices.Sort(ids)
	pos := map[string]int{}
	for i, mig := range m.graph.order {
		pos[mig.ID] = i
	}
	var mapped, unmapped []string
	for _, id := range ids {
		if revs[id] != "" {
			mapped = append(mapped, id)
		} else {
			unmapped = append(unmapped, id)
		}
	}
	if len(mapped) == 0 {
		return nil, fmt.Errorf("%s records ids %s applied, and the mapping names none of them: map the latest to the revision whose schema includes it", table, strings.Join(ids, ", "))
	}
	// The latest in graph order, and of ids mapped alike the greatest,
	// which for gormigrate's usual timestamp ids is the latest written.
	match := slices.MaxFunc(mapped, func(a, b string) int {
		return cmp.Or(cmp.Compare(pos[revs[a]], pos[revs[b]]), cmp.Compare(a, b))
	})
	rev := revs[match]
	included := m.graph.ancestry(rev)
	for _, id := range mapped {
		if r := revs[id]; !included[r] {
			return nil, fmt.Errorf("ids %s and %s map to %s and %s, and neither revision includes the other: map one of the ids to a revision that includes both (a merge)", id, match, r, rev)
		}
	}
	res := &ImportResult{Version: match, Revision: rev}
	if len(unmapped) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("%s records ids the mapping does not name: %s; the stamp's verification, not the mapping, checks that their changes are in the schema", table, strings.Join(unmapped, ", ")))
	}
	return res, nil
}

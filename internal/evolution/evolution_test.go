package evolution

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/generate"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/evolution/v01"
	"github.com/migragen/migragen/internal/evolution/v02"
	"github.com/migragen/migragen/internal/evolution/v03"
	"github.com/migragen/migragen/internal/evolution/v04"
	"github.com/migragen/migragen/internal/evolution/v05"
	"github.com/migragen/migragen/internal/evolution/v06"
	"github.com/migragen/migragen/internal/evolution/v07"
	"github.com/migragen/migragen/internal/evolution/v08"
	"github.com/migragen/migragen/internal/evolution/v09"
	"github.com/migragen/migragen/internal/evolution/v10"
	"github.com/migragen/migragen/internal/evolution/v11"
	"github.com/migragen/migragen/internal/introspect"
	"github.com/migragen/migragen/internal/oracle"
	"github.com/migragen/migragen/migrate"
)

// table is where one kind of row lives in a version: the table's name and,
// except for join tables, the Go model whose values GORM inserts.
type table struct {
	name  string
	model any
}

// version is one step of the walk: the model package, the hand-written
// root list given to AutoMigrate, where each kind of row lives, the
// destructive changes acknowledged, and how the step changes the rows
// that were inserted before it — written here from what the step means,
// never read from what the migration did.
type version struct {
	pkg     string
	message string
	allow   []string
	models  []any
	kinds   map[string]table
	evolve  func(w *world)
}

// shop places the kinds of rows of versions that still have categories.
func shop(customer, product, category, order, line any, lines string) map[string]table {
	return map[string]table{
		"category":         {"categories", category},
		"customer":         {"customers", customer},
		"product":          {"products", product},
		"product_category": {"product_categories", nil},
		"order":            {"orders", order},
		"line":             {lines, line},
	}
}

var versions = []version{
	{pkg: "v01", message: "initial shop", models: v01.All(),
		kinds: shop(&v01.Customer{}, &v01.Product{}, &v01.Category{}, &v01.Order{}, &v01.OrderLine{}, "order_lines"),
		evolve: func(w *world) {
			w.createTable("customers", "products", "categories", "product_categories", "orders", "order_lines")
		}},
	{pkg: "v02", message: "customer tier, product weight and primary category", models: v02.All(),
		kinds: shop(&v02.Customer{}, &v02.Product{}, &v02.Category{}, &v02.Order{}, &v02.OrderLine{}, "order_lines"),
		evolve: func(w *world) {
			w.addColumn("customers", "tier", nil)
			w.addColumn("products", "weight_grams", 0)
			w.addColumn("products", "primary_category_id", nil)
		}},
	{pkg: "v03", message: "brand is now maker", models: v03.All(),
		kinds:  shop(&v03.Customer{}, &v03.Product{}, &v03.Category{}, &v03.Order{}, &v03.OrderLine{}, "order_lines"),
		evolve: func(w *world) { w.renameColumn("products", "brand", "maker") }},
	{pkg: "v04", message: "order lines are line items", models: v04.All(),
		kinds:  shop(&v04.Customer{}, &v04.Product{}, &v04.Category{}, &v04.Order{}, &v04.LineItem{}, "line_items"),
		evolve: func(w *world) { w.renameTable("order_lines", "line_items") }},
	{pkg: "v05", message: "drop customer preferences", allow: []string{"customers.preferences"}, models: v05.All(),
		kinds:  shop(&v05.Customer{}, &v05.Product{}, &v05.Category{}, &v05.Order{}, &v05.LineItem{}, "line_items"),
		evolve: func(w *world) { w.dropColumn("customers", "preferences") }},
	{pkg: "v06", message: "longer customer names", models: v06.All(),
		kinds: shop(&v06.Customer{}, &v06.Product{}, &v06.Category{}, &v06.Order{}, &v06.LineItem{}, "line_items"),
		// A wider type keeps every value; from round 6 on, names are longer.
		evolve: func(*world) {}},
	{pkg: "v07", message: "every customer has a tier", models: v07.All(),
		kinds: shop(&v07.Customer{}, &v07.Product{}, &v07.Category{}, &v07.Order{}, &v07.LineItem{}, "line_items"),
		evolve: func(w *world) {
			w.update("customers", "tier", func(v any) any {
				if v == nil {
					return "standard"
				}
				return v
			})
		}},
	{pkg: "v08", message: "reindex orders and customers", models: v08.All(),
		kinds: shop(&v08.Customer{}, &v08.Product{}, &v08.Category{}, &v08.Order{}, &v08.LineItem{}, "line_items"),
		// Indexes change no row. Dropping idx_orders_customer_id also drops
		// and adds back the foreign key over the column (MySQL needs an
		// index for it).
		evolve: func(*world) {}},
	{pkg: "v09", message: "primary category is a foreign key", models: v09.All(),
		kinds: shop(&v09.Customer{}, &v09.Product{}, &v09.Category{}, &v09.Order{}, &v09.LineItem{}, "line_items"),
		// The rows already satisfy the key; on SQLite the products table is
		// rebuilt under its children (line items, join rows).
		evolve: func(*world) {}},
	{pkg: "v10", message: "favorite products", models: v10.All(),
		kinds: func() map[string]table {
			k := shop(&v10.Customer{}, &v10.Product{}, &v10.Category{}, &v10.Order{}, &v10.LineItem{}, "line_items")
			k["favorite"] = table{"customer_favorites", nil}
			return k
		}(),
		evolve: func(w *world) { w.createTable("customer_favorites") }},
	{pkg: "v11", message: "no more categories", models: v11.All(),
		allow: []string{"categories", "product_categories", "products.primary_category_id"},
		kinds: map[string]table{
			"customer": {"customers", &v11.Customer{}},
			"product":  {"products", &v11.Product{}},
			"order":    {"orders", &v11.Order{}},
			"line":     {"line_items", &v11.LineItem{}},
			"favorite": {"customer_favorites", nil},
		},
		evolve: func(w *world) {
			w.dropTable("categories", "product_categories")
			w.dropColumn("products", "primary_category_id")
		}},
}

// TestMain lets more tests run at once than there are CPUs, unless -parallel
// says otherwise: the subtests mostly wait on the database servers.
func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		if err := flag.Set("test.parallel", "8"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}

// TestEvolution generates the versions' migrations into one directory and
// walks them on every engine: once with data, once against GORM.
func TestEvolution(t *testing.T) {
	// Generating needs no database: it runs while the baselines are built.
	dir := filepath.Join(t.TempDir(), "migrations")
	var c chain
	var genErr error
	generated := make(chan struct{})
	go func() {
		defer close(generated)
		start := time.Now()
		c, genErr = generateAll(context.Background(), dir)
		c.took = time.Since(start)
	}()
	t.Cleanup(func() { <-generated }) // before the directory goes
	var logOnce sync.Once
	wait := func(t *testing.T) chain {
		t.Helper()
		<-generated
		if genErr != nil {
			t.Fatal(genErr)
		}
		logOnce.Do(func() { t.Logf("generated %d revisions in %v", len(c.revs), c.took.Round(time.Millisecond)) })
		return c
	}

	for _, d := range corpustest.AllDialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			// What AutoMigrate builds for each version on a fresh database.
			bases := make([]oracle.Baseline, len(versions))
			t.Run("baseline", func(t *testing.T) {
				for i, v := range versions {
					t.Run(v.pkg, func(t *testing.T) {
						t.Parallel()
						bases[i] = oracle.NewBaseline(t, d, oracle.Models{List: v.models})
					})
				}
			})
			if t.Failed() {
				return
			}
			t.Run("data", func(t *testing.T) {
				t.Parallel()
				walkWithData(t, d, wait(t), bases)
			})
			t.Run("oracle", func(t *testing.T) {
				t.Parallel()
				walkWithOracle(t, d, wait(t), bases)
			})
			t.Cleanup(func() { t.Logf("%s: %v", d, time.Since(start).Round(time.Millisecond)) })
		})
	}
}

// chain is the generated migrations and each version's revision ID.
type chain struct {
	migrations []migrate.Migration
	revs       []string
	took       time.Duration
}

// generateAll runs generate for each version in turn on one migrations
// directory, as a user running go:generate after each model change would,
// and returns the revisions, read back from the directory.
func generateAll(ctx context.Context, dir string) (chain, error) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var c chain
	for i, v := range versions {
		now := at.Add(time.Duration(i) * time.Hour)
		res, err := generate.Generate(ctx, generate.Config{Dir: dir, Patterns: []string{"./" + v.pkg},
			Message: v.message, Allow: v.allow, Now: func() time.Time { return now }})
		if err != nil {
			return c, fmt.Errorf("generate %s: %w", v.pkg, err)
		}
		if res.ID == "" {
			return c, fmt.Errorf("generate %s: no changes", v.pkg)
		}
		c.revs = append(c.revs, res.ID)
	}
	// The last models are now captured: generating again changes nothing.
	last := versions[len(versions)-1]
	res, err := generate.Generate(ctx, generate.Config{Dir: dir, Patterns: []string{"./" + last.pkg},
		Message: "again", Now: func() time.Time { return at.Add(100 * time.Hour) }})
	if err != nil {
		return c, fmt.Errorf("generate %s again: %w", last.pkg, err)
	}
	if res.ID != "" {
		return c, fmt.Errorf("generate %s again wrote %s; want no changes", last.pkg, res.ID)
	}

	st, err := generate.Load(dir)
	if err != nil {
		return c, err
	}
	if !slices.Equal(st.IDs(), c.revs) {
		return c, fmt.Errorf("the directory's revisions are %q, want %q", st.IDs(), c.revs)
	}
	for _, f := range st.Migrations {
		c.migrations = append(c.migrations, migrate.Migration{ID: f.ID, Parents: f.Parents, Message: f.Message,
			Up:   []migrate.Step{migrate.Schema{Changes: f.Up}},
			Down: []migrate.Step{migrate.Schema{Changes: f.Down}}})
	}
	return c, nil
}

// walkWithData applies the revisions one by one to one database. Before
// each step it inserts rows with the previous version's Go types; after
// each it compares every table's rows with the expectation, and the
// schema with AutoMigrate's.
func walkWithData(t *testing.T, d corpustest.Dialect, c chain, bases []oracle.Baseline) {
	migrations, revs := c.migrations, c.revs
	ctx := context.Background()
	db, _ := corpustest.Open(t, d)
	m, err := migrate.New(db, migrations)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld()
	for i, v := range versions {
		if i > 0 {
			w.insertRound(t, db, versions[i-1], i)
			w.compare(t, db, "after inserting round "+versions[i-1].pkg)
		}
		if err := m.UpTo(ctx, revs[i]); err != nil {
			t.Fatalf("up to %s: %v", revs[i], err)
		}
		v.evolve(w)
		w.compare(t, db, "after applying "+revs[i])
		for _, diff := range introspect.Diff(bases[i].Schema, read(t, db)) {
			t.Errorf("after applying %s with data the schema differs from AutoMigrate's: %s", revs[i], diff)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	last := len(versions) - 1
	w.insertRound(t, db, versions[last], len(versions))
	w.compare(t, db, "after inserting round "+versions[last].pkg)
}

// walkWithOracle applies the revisions one by one to a database of its
// own, and holds each step against GORM: after each step the schema must be
// the one AutoMigrate gives that version's models, AutoMigrate must issue no
// DDL beyond what it issues on a database it built itself, down to the
// previous step must give back the previous schema and up again the same
// schema.
func walkWithOracle(t *testing.T, d corpustest.Dialect, c chain, bases []oracle.Baseline) {
	migrations, revs := c.migrations, c.revs
	ctx := context.Background()
	db, rec := corpustest.Open(t, d)
	m, err := migrate.New(db, migrations)
	if err != nil {
		t.Fatal(err)
	}
	prev, before := migrate.Base, introspect.Schema{}
	for i, v := range versions {
		ok := t.Run(v.pkg, func(t *testing.T) {
			if err := m.UpTo(ctx, revs[i]); err != nil {
				t.Fatalf("up to %s: %v", revs[i], err)
			}
			first := read(t, db)
			if err := m.DownTo(ctx, prev); err != nil {
				t.Fatalf("down to %s: %v", prev, err)
			}
			for _, diff := range introspect.Diff(before, read(t, db)) {
				// A column dropped and added back comes last: PostgreSQL
				// cannot place it, and GORM does not mind where it is.
				if !strings.Contains(diff, " column order: ") {
					t.Errorf("down from %s to %s did not restore the schema: %s", revs[i], prev, diff)
				}
			}
			if err := m.UpTo(ctx, revs[i]); err != nil {
				t.Fatalf("up to %s again: %v", revs[i], err)
			}
			again := read(t, db)
			for _, diff := range introspect.Diff(first, again) {
				t.Errorf("up → down to %s → up changed the schema: %s", prev, diff)
			}
			oracle.Check(t, db, rec, oracle.Models{List: v.models}, bases[i], again)
			// AutoMigrate may issue DDL that it also issues on its own
			// database; the walk goes on only if that changed nothing.
			for _, diff := range introspect.Diff(again, read(t, db)) {
				t.Fatalf("AutoMigrate changed the schema at %s, so the next steps would not start from the migrations' schema: %s", revs[i], diff)
			}
			prev, before = revs[i], again
		})
		if !ok {
			return
		}
	}
}

func read(t *testing.T, db *gorm.DB) introspect.Schema {
	t.Helper()
	s, err := introspect.Read(db, migrate.DefaultVersionTable)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// row is one row: column name to value, as Go values.
type row map[string]any

// world is what the database must hold: every table's rows. Steps change
// it through the methods below, which say what each kind of change means
// for existing rows.
type world struct {
	tables map[string][]row
	// ids holds the primary key of the row of each kind inserted in the
	// current round; first those of the first round.
	ids, first map[string]any
	cache      *sync.Map
}

func newWorld() *world {
	return &world{tables: map[string][]row{}, first: map[string]any{}, cache: &sync.Map{}}
}

func (w *world) createTable(names ...string) {
	for _, n := range names {
		w.tables[n] = []row{}
	}
}

func (w *world) dropTable(names ...string) {
	for _, n := range names {
		delete(w.tables, n)
	}
}

func (w *world) renameTable(from, to string) {
	w.tables[to] = w.tables[from]
	delete(w.tables, from)
}

func (w *world) addColumn(table, col string, v any) {
	for _, r := range w.tables[table] {
		r[col] = v
	}
}

func (w *world) dropColumn(table, col string) {
	for _, r := range w.tables[table] {
		delete(r, col)
	}
}

func (w *world) renameColumn(table, from, to string) {
	for _, r := range w.tables[table] {
		r[to] = r[from]
		delete(r, from)
	}
}

func (w *world) update(table, col string, f func(any) any) {
	for _, r := range w.tables[table] {
		r[col] = f(r[col])
	}
}

// kinds in the order their rows are inserted: referenced rows first.
var kindOrder = []string{"category", "customer", "product", "product_category", "order", "line", "favorite"}

// insertRound inserts round r's rows with v's Go types, through GORM, and
// records them as expected.
func (w *world) insertRound(t *testing.T, db *gorm.DB, v version, r int) {
	t.Helper()
	w.ids = map[string]any{}
	for _, kind := range kindOrder {
		tbl, ok := v.kinds[kind]
		if !ok {
			continue
		}
		for _, want := range w.fixture(kind, r) {
			if tbl.model == nil {
				// GORM writes the key it got back into the map it is given.
				if err := db.Table(tbl.name).Create(maps.Clone(map[string]any(want))).Error; err != nil {
					t.Fatalf("round %d: insert into %s: %v", r, tbl.name, err)
				}
			} else {
				w.ids[kind] = w.create(t, db, tbl, want)
			}
			w.tables[tbl.name] = append(w.tables[tbl.name], want)
		}
		if r == 1 {
			w.first[kind] = w.ids[kind]
		}
	}
}

// create inserts one value of tbl's model holding the fixture's values of
// the model's columns, and returns the primary key the database gave it,
// which is added to want. Fixture values for columns the model lacks are
// dropped from want; a column of the model the fixture lacks is an error
// in the test.
func (w *world) create(t *testing.T, db *gorm.DB, tbl table, want row) any {
	t.Helper()
	ctx := context.Background()
	sch, err := gormschema.Parse(tbl.model, w.cache, gormschema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	pk := sch.PrioritizedPrimaryField
	rv := reflect.New(sch.ModelType).Elem()
	for col := range want {
		if !slices.Contains(sch.DBNames, col) {
			delete(want, col)
		}
	}
	for _, col := range sch.DBNames {
		if col == pk.DBName {
			continue
		}
		v, ok := want[col]
		if !ok {
			t.Fatalf("the fixture of %s has no value for column %s", tbl.name, col)
		}
		if err := set(sch.LookUpField(col).ReflectValueOf(ctx, rv), v); err != nil {
			t.Fatalf("%s.%s: %v", tbl.name, col, err)
		}
	}
	if err := db.Omit(clause.Associations).Create(rv.Addr().Interface()).Error; err != nil {
		t.Fatalf("insert into %s: %v", tbl.name, err)
	}
	id, zero := pk.ValueOf(ctx, rv)
	if zero {
		t.Fatalf("insert into %s: no primary key came back", tbl.name)
	}
	want[pk.DBName] = id
	return id
}

var deletedAtType = reflect.TypeFor[gorm.DeletedAt]()

// set stores v, a fixture value, in a model's field.
func set(fv reflect.Value, v any) error {
	switch {
	case v == nil:
		if fv.Kind() != reflect.Pointer && fv.Type() != deletedAtType {
			return fmt.Errorf("NULL for a Go field of type %s, which cannot hold it", fv.Type())
		}
	case fv.Type() == deletedAtType:
		fv.Set(reflect.ValueOf(gorm.DeletedAt{Time: v.(time.Time), Valid: true}))
	case fv.Kind() == reflect.Map:
		// A JSON-serialized field: the fixture holds the column's text.
		return json.Unmarshal([]byte(v.(string)), fv.Addr().Interface())
	case fv.Kind() == reflect.Pointer:
		p := reflect.New(fv.Type().Elem())
		p.Elem().Set(reflect.ValueOf(v).Convert(fv.Type().Elem()))
		fv.Set(p)
	default:
		fv.Set(reflect.ValueOf(v).Convert(fv.Type()))
	}
	return nil
}

// base is when the fixture's rows happen; whole seconds, which every
// engine stores exactly.
var base = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// fixture returns round r's rows of a kind, with a value for every column
// the kind has in any version; create keeps those of the version at hand.
// Rows refer to the rows inserted before them in the round (w.ids) and to
// the first round's (w.first).
func (w *world) fixture(kind string, r int) []row {
	at := base.Add(time.Duration(r) * time.Hour)
	stamps := func(rw row) row {
		rw["created_at"] = at
		rw["updated_at"] = at.Add(30 * time.Minute)
		rw["deleted_at"] = nil
		return rw
	}
	switch kind {
	case "category":
		return []row{{"slug": fmt.Sprintf("cat-%d", r), "name": fmt.Sprintf("Category %d", r)}}
	case "customer":
		name := fmt.Sprintf("Customer %d", r)
		if r >= 6 { // v06 widened full_name to 200 characters
			name = fmt.Sprintf("%s the %d", strings.Repeat("Longname ", 15), r)
		}
		var tier any = "gold"
		switch {
		case r%2 == 0 && r < 7: // nullable until v07
			tier = nil
		case r%2 == 0:
			tier = "silver"
		}
		c := stamps(row{
			"email": fmt.Sprintf("customer%d@example.com", r), "full_name": name,
			"ship_street": fmt.Sprintf("%d Main Street", r), "ship_city": []string{"Amsterdam", "Berlin", "Utrecht"}[r%3],
			"ship_country": []string{"NL", "DE"}[r%2], "phone": fmt.Sprintf("+31 20 555 %04d", r),
			"preferences": fmt.Sprintf(`{"lang":"nl","round":"%d"}`, r), "tier": tier,
		})
		if r%3 == 0 { // soft-deleted rows must survive too
			c["deleted_at"] = at.Add(45 * time.Minute)
		}
		return []row{c}
	case "product":
		var primary any
		if r%2 == 1 {
			primary = w.ids["category"]
		}
		return []row{stamps(row{
			"sku": fmt.Sprintf("SKU-%03d", r), "name": fmt.Sprintf("Product %d", r),
			// brand until v03 renames it maker
			"brand": fmt.Sprintf("Acme %d", r), "maker": fmt.Sprintf("Acme %d", r),
			"price_cents": int64(100*r + 99), "stock": r, "weight_grams": 10 * r,
			"primary_category_id": primary,
		})}
	case "product_category":
		rows := []row{{"product_id": w.ids["product"], "category_id": w.ids["category"]}}
		if r > 1 {
			rows = append(rows, row{"product_id": w.ids["product"], "category_id": w.first["category"]})
		}
		return rows
	case "order":
		return []row{stamps(row{
			"customer_id": w.ids["customer"], "status": []string{"paid", "shipped"}[r%2],
			"placed_at": at.Add(10 * time.Minute), "total_cents": int64(250 * r),
		})}
	case "line":
		return []row{{"order_id": w.ids["order"], "product_id": w.ids["product"], "quantity": r, "price_cents": int64(100*r + 99)}}
	case "favorite":
		rows := []row{{"customer_id": w.ids["customer"], "product_id": w.ids["product"]}}
		if r > 1 && w.first["customer"] != nil {
			rows = append(rows, row{"customer_id": w.first["customer"], "product_id": w.ids["product"]})
		}
		return rows
	}
	panic("unknown kind " + kind)
}

// compare reads every table of db and compares its rows, by full content
// and in any order, with the expectation; the set of tables too.
func (w *world) compare(t *testing.T, db *gorm.DB, when string) {
	t.Helper()
	tables, err := db.Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	tables = slices.DeleteFunc(tables, func(s string) bool {
		return strings.HasPrefix(s, "sqlite_") || s == migrate.DefaultVersionTable
	})
	slices.Sort(tables)
	if want := slices.Sorted(maps.Keys(w.tables)); !slices.Equal(tables, want) {
		t.Errorf("%s: tables are %q, want %q", when, tables, want)
	}
	for _, name := range slices.Sorted(maps.Keys(w.tables)) {
		if !slices.Contains(tables, name) {
			continue
		}
		var want []string
		for _, r := range w.tables[name] {
			want = append(want, render(r))
		}
		got := readRows(t, db, name)
		slices.Sort(want)
		slices.Sort(got)
		if slices.Equal(want, got) {
			continue
		}
		var b strings.Builder
		for _, g := range got {
			if !slices.Contains(want, g) {
				b.WriteString("\n\tunexpected: " + g)
			}
		}
		for _, x := range want {
			if !slices.Contains(got, x) {
				b.WriteString("\n\tmissing:    " + x)
			}
		}
		if b.Len() == 0 {
			b.WriteString(fmt.Sprintf("\n\tsame rows, other counts: got %d, want %d", len(got), len(want)))
		}
		t.Errorf("%s: rows of %s differ:%s", when, name, b.String())
	}
}

var reads atomic.Int64

// readRows returns every row of a table, rendered.
func readRows(t *testing.T, db *gorm.DB, name string) []string {
	t.Helper()
	// Each read has its own text: pgx caches prepared statements per
	// connection, and PostgreSQL refuses a cached SELECT * whose result
	// type a migration changed ("cached plan must not change result type").
	rows, err := db.Raw(fmt.Sprintf("/* read %d */ SELECT * FROM ?", reads.Add(1)), clause.Table{Name: name}).Rows()
	if err != nil {
		t.Fatalf("select from %s: %v", name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("scan %s: %v", name, err)
		}
		r := row{}
		for i, c := range cols {
			r[c] = vals[i]
		}
		out = append(out, render(r))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

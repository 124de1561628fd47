package mysql

import (
	"errors"
	"slices"
	"strings"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
	"github.com/migragen/migragen/internal/corpus/corpustest"
	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/schema"
)

// The tables every TestOnline case starts from, with rows in them.
func onlineTables() []*schema.Table {
	id := func() *schema.Column {
		return &schema.Column{Name: "id", DataType: schema.Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true}
	}
	ref := func(name string) *schema.Column { return &schema.Column{Name: name, DataType: schema.Uint, Size: 64} }
	return []*schema.Table{
		{Name: "owners", Columns: []*schema.Column{id(), str("name", 40)}},
		{
			Name: "items",
			Columns: []*schema.Column{
				id(), str("name", 40), str("code", 20), str("big", 300), str("mid", 128), str("note", 20),
				{Name: "n", DataType: schema.Int, Size: 64},
				withDefault(&schema.Column{Name: "rank", DataType: schema.Int, Size: 64, NotNull: true}, "0", schema.Int),
				ref("owner_id"), ref("buyer_id"),
			},
			Indexes:     []*schema.Index{index("idx_items_code", "", "code")},
			Uniques:     []*schema.Unique{{Name: "uni_items_note", Column: "note"}},
			Checks:      []*schema.Check{{Name: "chk_items_n", Column: "n", Expr: "n >= 0"}},
			ForeignKeys: []*schema.ForeignKey{{Name: "fk_items_owner", Columns: []string{"owner_id"}, RefTable: "owners", RefColumns: []string{"id"}}},
		},
		{
			Name:    "docs",
			Columns: []*schema.Column{id(), str("title", 100), str("tag", 20)},
			Indexes: []*schema.Index{index("ft_docs_title", "FULLTEXT", "title")},
		},
	}
}

const onlineRows = `
INSERT INTO owners (name) VALUES ('a'), ('b'), ('c');
INSERT INTO items (name, code, big, mid, note, n, owner_id, buyer_id) VALUES
  ('x', 'c1', 'y', 'z', 'n1', 1, 1, 2), ('x2', 'c2', 'y2', NULL, 'n2', 2, 2, 3), ('x3', 'c3', 'y3', 'z3', NULL, NULL, NULL, NULL);
INSERT INTO docs (title, tag) VALUES ('one', 't'), ('two', NULL)`

func str(name string, size int) *schema.Column {
	return &schema.Column{Name: name, DataType: schema.String, Size: size}
}

func withDefault(c *schema.Column, value, kind string) *schema.Column {
	c.HasDefault, c.Default, c.DefaultKind = true, value, kind
	return c
}

func notNull(c *schema.Column) *schema.Column {
	c.NotNull = true
	return c
}

func index(name, class string, columns ...string) *schema.Index {
	ix := &schema.Index{Name: name, Class: class}
	for _, c := range columns {
		ix.Columns = append(ix.Columns, &schema.IndexColumn{Column: c})
	}
	return ix
}

// column returns a copy of the column name of table in onlineTables.
func column(table, name string) *schema.Column {
	for _, t := range onlineTables() {
		if t.Name == table {
			c := *t.Column(name)
			return &c
		}
	}
	panic("no column " + table + "." + name)
}

type onlineCase struct {
	name   string
	change schema.Change
	want   string
	// copies says MariaDB refuses the change both with ALGORITHM=INSTANT
	// and with ALGORITHM=INPLACE, LOCK=NONE: it really needs a copy, or a
	// shared lock. Cases with want "" and copies false are ones MariaDB
	// would run online but MySQL 8.0 may not, or that were not checked.
	copies bool
	// session, when set, is the Context's Session.
	session any
}

func onlineCases() []onlineCase {
	items := onlineTables()[1]
	widened := func(name string, size int) schema.AlterColumn {
		return schema.AlterColumn{Table: "items", From: column("items", name), To: str(name, size)}
	}
	alter := func(table, name string, change func(*schema.Column)) schema.AlterColumn {
		to := column(table, name)
		change(to)
		return schema.AlterColumn{Table: table, From: column(table, name), To: to}
	}
	notNullMid := func(c *schema.Column) { withDefault(notNull(c), "x", schema.String) }
	prefixed := index("idx_items_name_prefix", "UNIQUE", "name")
	prefixed.Columns[0].Length, prefixed.Type, prefixed.Comment = 10, "BTREE", "prefix"
	return []onlineCase{
		{name: "add nullable column", change: schema.AddColumn{Table: "items", Column: str("tail", 10)}, want: instant},
		{name: "add NOT NULL column with a literal default", change: schema.AddColumn{Table: "items", Column: notNull(withDefault(&schema.Column{Name: "qty", DataType: schema.Int, Size: 64, Comment: "how many"}, "5", schema.Int))}, want: instant},
		{name: "add longtext column", change: schema.AddColumn{Table: "items", Column: &schema.Column{Name: "body", DataType: schema.String}}, want: instant},
		{name: "add column with an expression default", change: schema.AddColumn{Table: "items", Column: withDefault(&schema.Column{Name: "at", DataType: schema.Time, Precision: 3}, "CURRENT_TIMESTAMP(3)", "")}},
		{name: "add NOT NULL column without a default", change: schema.AddColumn{Table: "items", Column: notNull(&schema.Column{Name: "m", DataType: schema.Int, Size: 64})}},
		{name: "add column to a table with a FULLTEXT index", change: schema.AddColumn{Table: "docs", Column: str("tail", 10)}, copies: true},
		{name: "drop column", change: schema.DropColumn{Table: "items", Column: column("items", "mid")}, want: inplace},
		{name: "drop indexed column", change: schema.DropColumn{Table: "items", Column: column("items", "code")}, want: inplace},
		{name: "drop column of a table with a FULLTEXT index", change: schema.DropColumn{Table: "docs", Column: column("docs", "tag")}, copies: true},
		{name: "rename column", change: schema.RenameColumn{Table: "items", From: "name", To: "label"}, want: inplace},
		{name: "rename foreign-key column", change: schema.RenameColumn{Table: "items", From: "owner_id", To: "holder_id"}, want: inplace},
		{name: "rename referencing table", change: schema.RenameTable{From: "items", To: "things"}, want: instant},
		{name: "rename referenced table", change: schema.RenameTable{From: "owners", To: "holders"}, want: instant},
		{name: "widen varchar within one length byte", change: widened("name", 60), want: inplace},
		{name: "widen varchar within two length bytes", change: widened("big", 400), want: inplace},
		{name: "widen varchar(128) to varchar(200)", change: widened("mid", 200), want: inplace},
		{name: "widen varchar across 255 bytes in utf8mb4", change: widened("name", 64), copies: true},
		{name: "widen indexed varchar", change: widened("code", 30)},
		{name: "set NOT NULL with a backfill", change: alter("items", "mid", notNullMid), want: inplace},
		{name: "drop NOT NULL", change: alter("items", "rank", func(c *schema.Column) { c.NotNull = false }), want: inplace},
		{name: "set NOT NULL without strict sql_mode", change: alter("items", "mid", notNullMid), session: Session{SQLMode: "NO_ENGINE_SUBSTITUTION"}},
		{name: "set NOT NULL on a table with a FULLTEXT index", change: alter("docs", "tag", func(c *schema.Column) { withDefault(notNull(c), "t", schema.String) }), copies: true},
		{name: "change default", change: alter("items", "mid", func(c *schema.Column) { withDefault(c, "q", schema.String) }), want: inplace},
		{name: "change comment", change: alter("items", "note", func(c *schema.Column) { c.Comment = "a note" }), want: inplace},
		{name: "change type", change: alter("items", "n", func(c *schema.Column) { c.Size = 32 }), copies: true},
		{name: "create index", change: schema.CreateIndex{Table: "items", Index: index("idx_items_name", "", "name")}, want: inplace},
		{name: "create unique prefix index with type and comment", change: schema.CreateIndex{Table: "items", Index: prefixed}, want: inplace},
		{name: "create FULLTEXT index", change: schema.CreateIndex{Table: "items", Index: index("ft_items_name", "FULLTEXT", "name")}, copies: true},
		{name: "drop index", change: schema.DropIndex{Table: "items", Index: items.Indexes[0]}, want: inplace},
		{name: "drop FULLTEXT index", change: schema.DropIndex{Table: "docs", Index: onlineTables()[2].Indexes[0]}},
		{name: "rename index", change: schema.RenameIndex{Table: "items", From: "idx_items_code", To: "idx_items_code2"}, want: inplace},
		{name: "add unique", change: schema.AddUnique{Table: "items", Unique: &schema.Unique{Name: "uni_items_name", Column: "name"}}, want: inplace},
		{name: "drop unique", change: schema.DropUnique{Table: "items", Unique: items.Uniques[0]}, want: inplace},
		{name: "rename unique", change: schema.RenameConstraint{Table: "items", Kind: schema.ConstraintUnique, From: "uni_items_note", To: "uni_items_note2"}, want: inplace},
		{name: "add check", change: schema.AddCheck{Table: "items", Check: &schema.Check{Name: "chk_items_rank", Column: "rank", Expr: "`rank` < 100"}}, copies: true},
		{name: "drop check", change: schema.DropCheck{Table: "items", Check: items.Checks[0]}, want: inplace},
		{name: "rename check", change: schema.RenameConstraint{Table: "items", Kind: schema.ConstraintCheck, From: "chk_items_n", To: "chk_items_n2"}},
		{name: "add foreign key", change: schema.AddForeignKey{Table: "items", ForeignKey: &schema.ForeignKey{Name: "fk_items_buyer", Columns: []string{"buyer_id"}, RefTable: "owners", RefColumns: []string{"id"}}}, copies: true},
		{name: "drop foreign key and its index", change: schema.DropForeignKey{Table: "items", ForeignKey: items.ForeignKeys[0]}, want: inplace},
		{name: "rename foreign key", change: schema.RenameConstraint{Table: "items", Kind: schema.ConstraintForeignKey, From: "fk_items_owner", To: "fk_items_owner2"}},
	}
}

// TestOnline runs each change on two fresh MariaDB databases holding the
// same tables and rows: plain SQL on one, the online form on the other.
// MariaDB is the oracle for every clause OnlineClause claims: it refuses a
// statement whose ALGORITHM or LOCK it cannot honour. Both databases must
// then show the same SHOW CREATE TABLE for every table, so the online form
// leaves the plain form's schema. For changes marked copies, it also shows
// that the server refuses both clauses: no clause was left out that it
// could have taken. That MySQL 8.0.29+ takes every claimed clause too
// rests on its manual (see online.go); no MySQL server runs here.
func TestOnline(t *testing.T) {
	for _, tc := range onlineCases() {
		t.Run(tc.name, func(t *testing.T) {
			plainDB, before := onlineDatabase(t)
			onlineDB, _ := onlineDatabase(t)
			ctx := &dialect.Context{DB: onlineDB, Before: before, Session: tc.session, Online: true}
			if got := OnlineClause(ctx, tc.change); got != tc.want {
				t.Errorf("OnlineClause = %q, want %q", got, tc.want)
			}
			plain := compileWith(t, &dialect.Context{DB: plainDB, Before: before, Session: tc.session}, tc.change)
			online := compileWith(t, ctx, tc.change)
			checkClause(t, plain, online, tc.want)
			if tc.copies {
				checkRefused(t, onlineDB, plain)
			}
			run(t, plainDB, plain)
			run(t, onlineDB, online)
			if p, o := showCreate(t, plainDB), showCreate(t, onlineDB); !slices.Equal(p, o) {
				t.Errorf("the online form left another schema than the plain one:\nplain:\n%s\nonline:\n%s", strings.Join(p, "\n"), strings.Join(o, "\n"))
			}
		})
	}
}

// onlineDatabase opens a fresh MariaDB database with onlineTables and
// their rows, created by the plain compiler, and returns the schema.
func onlineDatabase(t *testing.T) (*gorm.DB, *schema.Snapshot) {
	t.Helper()
	db, _ := corpustest.Open(t, corpustest.MariaDB)
	s := schema.New(schema.Settings{})
	for _, table := range onlineTables() {
		c := schema.CreateTable{Table: table}
		run(t, db, compileWith(t, &dialect.Context{DB: db, Before: s}, c))
		if err := schema.ApplyInPlace(s, c); err != nil {
			t.Fatal(err)
		}
	}
	for _, stmt := range strings.Split(onlineRows, ";") {
		run(t, db, []string{stmt})
	}
	return db, s
}

func compileWith(t *testing.T, ctx *dialect.Context, c schema.Change) []string {
	t.Helper()
	stmts, err := Dialect{}.Compile(ctx, c)
	if err != nil {
		t.Fatalf("compile %s: %v", c, err)
	}
	return stmts
}

func run(t *testing.T, db *gorm.DB, stmts []string) {
	t.Helper()
	for _, s := range stmts {
		if err := db.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// checkClause checks that the online statements are the plain ones, each
// DDL statement with the clause want (DROP INDEX in its ALTER TABLE form),
// or, for want "", exactly the plain ones.
func checkClause(t *testing.T, plain, online []string, want string) {
	t.Helper()
	if want == "" {
		if !slices.Equal(plain, online) {
			t.Errorf("no clause, but the online form differs:\nplain  %q\nonline %q", plain, online)
		}
		return
	}
	if len(plain) != len(online) {
		t.Fatalf("online form has %d statements, plain %d:\nplain  %q\nonline %q", len(online), len(plain), plain, online)
	}
	bare := strings.ReplaceAll(want, ",", "")
	for i, s := range online {
		switch {
		case strings.HasPrefix(s, "UPDATE "):
			if s != plain[i] {
				t.Errorf("backfill changed: %q, want %q", s, plain[i])
			}
		case strings.HasPrefix(s, "ALTER TABLE ") && strings.HasSuffix(s, ", "+want):
		case strings.HasPrefix(s, "CREATE ") && strings.HasSuffix(s, " "+bare):
		default:
			t.Errorf("statement %q lacks the clause %q", s, want)
		}
	}
}

// checkRefused shows that MariaDB refuses the plain statements with either
// clause (ER_ALTER_OPERATION_NOT_SUPPORTED and its _REASON form), before
// changing anything.
func checkRefused(t *testing.T, db *gorm.DB, plain []string) {
	t.Helper()
	for _, clause := range []string{instant, inplace} {
		for _, s := range withClause(plain, clause) {
			if strings.HasPrefix(s, "UPDATE ") {
				continue
			}
			var e *gomysql.MySQLError
			err := db.Exec(s).Error
			if !errors.As(err, &e) || (e.Number != 1845 && e.Number != 1846) {
				t.Errorf("%s: got %v, want MariaDB to refuse the algorithm (1845 or 1846)", s, err)
			}
		}
	}
}

// showCreate returns SHOW CREATE TABLE of every table of db, by name.
func showCreate(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	var tables []string
	if err := db.Raw("SHOW TABLES").Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	slices.Sort(tables)
	var out []string
	for _, name := range tables {
		var table, create string
		if err := db.Raw("SHOW CREATE TABLE `"+name+"`").Row().Scan(&table, &create); err != nil {
			t.Fatal(err)
		}
		out = append(out, create)
	}
	return out
}

// TestOnlineScope: the clause goes only where the Context asks for the
// online form, and never to a table the migration created.
func TestOnlineScope(t *testing.T) {
	db, before := onlineDatabase(t)
	c := schema.CreateIndex{Table: "items", Index: index("idx_items_name", "", "name")}
	for _, tc := range []struct {
		name string
		ctx  dialect.Context
		want bool
	}{
		{"online", dialect.Context{Online: true}, true},
		{"plain", dialect.Context{}, false},
		{"created by this migration", dialect.Context{Online: true, CreatedHere: map[string]bool{"items": true}}, false},
		{"another table created by this migration", dialect.Context{Online: true, CreatedHere: map[string]bool{"docs": true}}, true},
	} {
		tc.ctx.DB, tc.ctx.Before = db, before
		stmts := compileWith(t, &tc.ctx, c)
		if got := strings.Contains(stmts[0], "ALGORITHM"); got != tc.want {
			t.Errorf("%s: %q has a clause: %v, want %v", tc.name, stmts[0], got, tc.want)
		}
	}
	ctx := &dialect.Context{DB: db, Before: before, Online: true}
	for _, c := range []schema.Change{schema.CreateTable{Table: &schema.Table{Name: "t"}}, schema.DropTable{Table: onlineTables()[0]}} {
		if got := OnlineClause(ctx, c); got != "" {
			t.Errorf("OnlineClause(%s) = %q, want none: it is no ALTER", c, got)
		}
	}
	if got := OnlineClause(&dialect.Context{Before: before}, c); got != "" {
		t.Errorf("OnlineClause without a DB = %q, want none", got)
	}
}

// TestOnlineClauseOffline: lint asks OnlineClause at generate time, with
// a DryRun MySQL *gorm.DB and no server; it must answer as TestOnline's
// cases, which MariaDB checked, say.
func TestOnlineClauseOffline(t *testing.T) {
	dbs, err := dialects.DryRun()
	if err != nil {
		t.Fatal(err)
	}
	before := schema.New(schema.Settings{})
	for _, table := range onlineTables() {
		if err := schema.ApplyInPlace(before, schema.CreateTable{Table: table}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range onlineCases() {
		ctx := &dialect.Context{DB: dbs["mysql"], Before: before, Session: tc.session}
		if got := OnlineClause(ctx, tc.change); got != tc.want {
			t.Errorf("%s: OnlineClause = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestWidensVarchar: the length-byte rule against every character set's
// longest character, 1 to 4 bytes. The boundaries are 255 bytes: 255
// characters of latin1, 127 of ucs2, 85 of utf8mb3, 63 of utf8mb4.
func TestWidensVarchar(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		want     bool
	}{
		{"varchar(40)", "varchar(60)", true},
		{"varchar(60)", "varchar(63)", true},
		{"varchar(63)", "varchar(64)", false},   // utf8mb4: 252 to 256 bytes
		{"varchar(80)", "varchar(85)", true},    // 255 bytes in utf8mb3 is still one length byte
		{"varchar(80)", "varchar(86)", false},   // utf8mb3: 240 to 258 bytes
		{"varchar(100)", "varchar(200)", false}, // ucs2: 200 to 400 bytes
		{"varchar(128)", "varchar(200)", true},  // past 255 bytes in both from 2 bytes a character, under in both at 1
		{"varchar(200)", "varchar(300)", false}, // latin1: 200 to 300 bytes
		{"varchar(256)", "varchar(1000)", true},
		{"varchar(100)", "varchar(100)", false},
		{"varchar(100)", "varchar(50)", false},
		{"char(10)", "char(20)", false},
		{"VARCHAR(10)", "varchar(20)", true},
		{"varchar(10)", "longtext", false},
	} {
		if got := widensVarchar(tc.from, tc.to); got != tc.want {
			t.Errorf("widensVarchar(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

// Package modelgen writes packages of GORM models that stand in for a real
// application's model package, for measuring migragen against GORM's own
// runtime parse, and edits them the way a developer would between runs.
//
// The models are plain, common GORM on purpose: the point is a realistic
// package, not a torture test. Model i has
//
//   - an ID: gorm.Model, an explicit uint primary key with timestamps, or an
//     int64 auto-increment key with a soft-delete column;
//   - a name plus 5 to 11 scalar fields drawn from a varied pool (sized
//     strings, *string, text, ints of several widths, floats with precision,
//     bools, time.Time and *time.Time, []byte), with defaults, not null,
//     checks, single and composite (unique) indexes and a unique constraint;
//   - for i > 0, a belongs-to relation to model (i-1)/3, so the models form
//     a tree with fan-out 3 and no foreign-key cycle, plus on every second
//     child the parent's has-many back to it;
//   - on every fourth model a second, optional belongs-to to model 0;
//   - on every tenth model a many2many to an earlier model;
//   - on every 25th model a TableName method returning a constant.
//
// The package also gets All(), the list an application hands to
// AutoMigrate, and, unless disabled, a main package in cmd/parse that calls
// GORM's schema.Parse on every model, as loader-based tools do.
package modelgen

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"gorm.io/gorm/schema"
)

// Options say what to generate.
type Options struct {
	// N is the number of models; it must be at least 1.
	N int
	// Dir receives the package; it is created if missing. Generated files
	// already there are overwritten; nothing else is removed.
	Dir string
	// ImportPath is the import path of Dir, which cmd/parse needs. Empty
	// means it is derived from the enclosing go.mod (see ImportPathOf).
	ImportPath string
	// NoParseProgram leaves out cmd/parse.
	NoParseProgram bool
}

// Stats describe what was generated, for tests that check the result.
type Stats struct {
	Models     int
	JoinTables int // many2many join tables AutoMigrate adds
}

// ParseProgramDir is where the schema.Parse program goes, relative to the
// models' directory.
const ParseProgramDir = "cmd/parse"

// Generate writes the package.
func Generate(opts Options) (Stats, error) {
	if opts.N < 1 {
		return Stats{}, fmt.Errorf("modelgen: N must be at least 1, got %d", opts.N)
	}
	if opts.Dir == "" {
		return Stats{}, errors.New("modelgen: no output directory")
	}
	if opts.ImportPath == "" && !opts.NoParseProgram {
		p, err := ImportPathOf(opts.Dir)
		if err != nil {
			return Stats{}, err
		}
		opts.ImportPath = p
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return Stats{}, fmt.Errorf("modelgen: %w", err)
	}

	ms := plan(opts.N)
	var st Stats
	st.Models = len(ms)
	for _, m := range ms {
		src, err := m.source(ms)
		if err != nil {
			return Stats{}, err
		}
		if err := os.WriteFile(filepath.Join(opts.Dir, m.file()), src, 0o644); err != nil {
			return Stats{}, fmt.Errorf("modelgen: %w", err)
		}
		st.JoinTables += len(m.many2many)
	}
	all, err := allSource(ms)
	if err != nil {
		return Stats{}, err
	}
	if err := os.WriteFile(filepath.Join(opts.Dir, "all.go"), all, 0o644); err != nil {
		return Stats{}, fmt.Errorf("modelgen: %w", err)
	}
	if !opts.NoParseProgram {
		dir := filepath.Join(opts.Dir, filepath.FromSlash(ParseProgramDir))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return Stats{}, fmt.Errorf("modelgen: %w", err)
		}
		src, err := gofmt("main.go", fmt.Sprintf(parseProgram, opts.ImportPath))
		if err != nil {
			return Stats{}, err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644); err != nil {
			return Stats{}, fmt.Errorf("modelgen: %w", err)
		}
	}
	return st, nil
}

// ImportPathOf derives the import path of dir from the nearest go.mod above
// it. dir need not exist yet.
func ImportPathOf(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("modelgen: %w", err)
	}
	for d := abs; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			mod := modfile.ModulePath(data)
			if mod == "" {
				return "", fmt.Errorf("modelgen: no module line in %s", filepath.Join(d, "go.mod"))
			}
			rel, err := filepath.Rel(d, abs)
			if err != nil {
				return "", fmt.Errorf("modelgen: %w", err)
			}
			if rel == "." {
				return mod, nil
			}
			return mod + "/" + filepath.ToSlash(rel), nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("modelgen: %w", err)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("modelgen: %s is not inside a Go module; pass the import path explicitly", dir)
		}
		d = parent
	}
}

const parseProgram = `// Command parse is the loader route migragen is measured against: it
// imports the models and has GORM parse every one of them with schema.Parse,
// as tools that compile the model package do.
package main

import (
	"fmt"
	"os"
	"sync"

	"gorm.io/gorm/schema"

	models %q
)

func main() {
	cache := &sync.Map{}
	naming := schema.NamingStrategy{}
	all := models.All()
	fields := 0
	for _, m := range all {
		s, err := schema.Parse(m, cache, naming)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fields += len(s.Fields)
	}
	fmt.Printf("parsed %%d models, %%d fields\n", len(all), fields)
}
`

// nouns name the models; model i is nouns[i%len] with a number appended
// after the first round. They avoid the names of the scalar fields and
// relation fields below, so no struct gets two fields of one name.
var nouns = []string{
	"Account", "Organization", "Project", "Invoice", "Product", "Customer",
	"Supplier", "Shipment", "Payment", "Warehouse", "Category", "Article",
	"Comment", "Ticket", "Contract", "Employee", "Department", "Vehicle",
	"Booking", "Review", "Coupon", "Address", "Document", "Message",
	"Campaign", "Subscription", "Device", "Session", "Report", "Task",
	"Milestone", "Budget", "Expense", "Asset", "License", "Region",
	"Store", "Brand", "Lesson", "Course",
}

// idKind is how a model declares its primary key.
type idKind int

const (
	idGormModel  idKind = iota // embedded gorm.Model
	idExplicit                 // ID uint `gorm:"primaryKey"` + timestamps
	idSoftDelete               // ID int64 auto-increment + timestamps + DeletedAt
)

type model struct {
	index     int
	name      string
	table     string
	tableFunc bool // has a TableName method returning table
	id        idKind
	scalars   []fieldGroup
	parent    int  // belongs-to target, -1 for none
	optional  bool // the belongs-to is a nullable pointer
	owner     bool // second belongs-to, to model 0, as Owner
	hasMany   []int
	many2many []int
}

// pkType is the Go type a foreign key to m must have.
func (m *model) pkType() string {
	if m.id == idSoftDelete {
		return "int64"
	}
	return "uint"
}

func (m *model) file() string {
	return schema.NamingStrategy{}.ColumnName("", m.name) + ".go"
}

// plan decides every model before any is written, because relations need
// the names and tables of other models.
func plan(n int) []*model {
	ms := make([]*model, n)
	for i := range ms {
		name := nouns[i%len(nouns)]
		if i >= len(nouns) {
			name += fmt.Sprint(i/len(nouns) + 1)
		}
		m := &model{
			index:  i,
			name:   name,
			table:  schema.NamingStrategy{}.TableName(name),
			id:     idKind(i % 3),
			parent: -1,
		}
		if i%25 == 7 {
			m.tableFunc = true
			m.table = "app_" + m.table
		}
		m.scalars = pickScalars(i)
		if i > 0 {
			m.parent = (i - 1) / 3
			m.optional = i%4 == 0
			m.owner = i%4 == 1
		}
		if i%10 == 5 {
			m.many2many = []int{i / 2}
		}
		ms[i] = m
	}
	for i, m := range ms {
		if m.parent >= 0 && i%2 == 1 {
			ms[m.parent].hasMany = append(ms[m.parent].hasMany, i)
		}
	}
	return ms
}

// field is one struct field; tag is the gorm tag without backquotes, and
// may use {table} for the model's table name, which keeps explicitly named
// indexes and checks unique across the database as SQLite requires.
type field struct {
	name, typ, tag string
}

// fieldGroup is fields that belong together, such as the columns of one
// composite index.
type fieldGroup []field

var scalarPool = []fieldGroup{
	{{"TenantID", "uint", "not null;uniqueIndex:idx_{table}_tenant_code,priority:1"},
		{"Code", "string", "size:32;not null;uniqueIndex:idx_{table}_tenant_code,priority:2"}},
	{{"Email", "string", "size:191;uniqueIndex"}},
	{{"Status", "string", "size:20;not null;default:'active';index"}},
	{{"Notes", "*string", ""}},
	{{"Description", "string", "type:text"}},
	{{"Quantity", "int", "not null;default:0;check:quantity >= 0"}},
	{{"Amount", "float64", "precision:12;scale:2;not null;default:0"}},
	{{"Priority", "int16", "default:3"}},
	{{"Active", "bool", "not null;default:true"}},
	{{"StartsAt", "time.Time", "index:idx_{table}_window,priority:1"},
		{"EndsAt", "*time.Time", "index:idx_{table}_window,priority:2"}},
	{{"Nickname", "*string", "size:64"}},
	{{"Rating", "uint8", "check:chk_{table}_rating,rating <= 5"}},
	{{"Payload", "[]byte", ""}},
	{{"ExternalRef", "string", "size:64;index"}},
	{{"Version", "int", "not null;default:1"}},
	{{"PublishedAt", "*time.Time", ""}},
	{{"Title", "string", "size:200"}},
	{{"Weight", "float32", ""}},
	{{"Sku", "string", "column:sku_code;size:40;unique"}},
	{{"Counter", "uint64", "default:0"}},
	{{"ExpiresAt", "time.Time", "not null"}},
}

// pickScalars gives model i a Name and then consecutive groups of the pool,
// from an offset that varies with i, until it has 6 to 12 scalar fields.
func pickScalars(i int) []fieldGroup {
	want := 6 + i%7
	groups := []fieldGroup{{{"Name", "string", "size:120;not null"}}}
	have := 1
	for k := 0; k < len(scalarPool) && have < want; k++ {
		g := scalarPool[(i*3+k)%len(scalarPool)]
		if have+len(g) > want {
			continue
		}
		groups = append(groups, g)
		have += len(g)
	}
	return groups
}

// plural names a has-many or many2many field after its element type.
func plural(name string) string {
	// Numbered names (Invoice2) read best with a plain "s".
	switch {
	case strings.HasSuffix(name, "y") && !strings.HasSuffix(name, "ey"):
		return strings.TrimSuffix(name, "y") + "ies"
	case strings.HasSuffix(name, "s"), strings.HasSuffix(name, "ch"):
		return name + "es"
	}
	return name + "s"
}

// source renders the file of one model.
func (m *model) source(ms []*model) ([]byte, error) {
	var b bytes.Buffer
	useTime, useGorm := false, false

	fmt.Fprintf(&b, "package models\n\nimport (\n\t\"time\"\n\n\t\"gorm.io/gorm\"\n)\n\n")
	fmt.Fprintf(&b, "// %s is model %d of the benchmark package.\n", m.name, m.index)
	fmt.Fprintf(&b, "type %s struct {\n", m.name)
	switch m.id {
	case idGormModel:
		b.WriteString("\tgorm.Model\n")
		useGorm = true
	case idExplicit:
		b.WriteString("\tID        uint `gorm:\"primaryKey\"`\n\tCreatedAt time.Time\n\tUpdatedAt time.Time\n")
		useTime = true
	case idSoftDelete:
		b.WriteString("\tID        int64 `gorm:\"primaryKey;autoIncrement\"`\n\tCreatedAt time.Time `gorm:\"not null\"`\n\tUpdatedAt time.Time\n\tDeletedAt gorm.DeletedAt `gorm:\"index\"`\n")
		useTime, useGorm = true, true
	}
	b.WriteString("\n")
	for _, g := range m.scalars {
		for _, f := range g {
			writeField(&b, f, m.table)
			if strings.Contains(f.typ, "time.") {
				useTime = true
			}
		}
	}
	if m.parent >= 0 {
		p := ms[m.parent]
		b.WriteString("\n")
		if m.optional {
			writeField(&b, field{p.name + "ID", "*" + p.pkType(), "index"}, m.table)
			writeField(&b, field{p.name, "*" + p.name, "constraint:OnDelete:SET NULL"}, m.table)
		} else {
			writeField(&b, field{p.name + "ID", p.pkType(), "not null;index"}, m.table)
			writeField(&b, field{p.name, p.name, ""}, m.table)
		}
	}
	if m.owner {
		o := ms[0]
		writeField(&b, field{"OwnerID", "*" + o.pkType(), "index"}, m.table)
		writeField(&b, field{"Owner", "*" + o.name, "constraint:OnUpdate:CASCADE,OnDelete:SET NULL"}, m.table)
	}
	if len(m.hasMany) > 0 || len(m.many2many) > 0 {
		b.WriteString("\n")
	}
	for _, c := range m.hasMany {
		writeField(&b, field{plural(ms[c].name), "[]" + ms[c].name, ""}, m.table)
	}
	for _, t := range m.many2many {
		tm := ms[t]
		writeField(&b, field{plural(tm.name), "[]" + tm.name, "many2many:" + m.table + "_" + tm.table}, m.table)
	}
	b.WriteString("}\n")
	if m.tableFunc {
		fmt.Fprintf(&b, "\n// TableName keeps the table name of the legacy schema.\nfunc (%s) TableName() string { return %q }\n", m.name, m.table)
	}

	src := b.String()
	// Drop the imports the model does not use; gofmt then tidies the block.
	if !useTime {
		src = strings.Replace(src, "\t\"time\"\n\n", "", 1)
	}
	if !useGorm {
		src = strings.Replace(src, "\n\t\"gorm.io/gorm\"\n", "\n", 1)
	}
	return gofmt(m.file(), src)
}

func writeField(b *bytes.Buffer, f field, table string) {
	if f.tag == "" {
		fmt.Fprintf(b, "\t%s %s\n", f.name, f.typ)
		return
	}
	fmt.Fprintf(b, "\t%s %s `gorm:\"%s\"`\n", f.name, f.typ, strings.ReplaceAll(f.tag, "{table}", table))
}

func allSource(ms []*model) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Package models is a generated stand-in for an application's GORM models,\n")
	b.WriteString("// written by bench/genmodels to measure migragen. It is edited between runs\n")
	b.WriteString("// like hand-written code, so it carries no \"DO NOT EDIT\" header.\n")
	b.WriteString("package models\n\n")
	b.WriteString("// All returns every model, in the order an application would pass them to\n// AutoMigrate.\n")
	b.WriteString("func All() []any {\n\treturn []any{\n")
	for _, m := range ms {
		fmt.Fprintf(&b, "\t\t&%s{},\n", m.name)
	}
	b.WriteString("\t}\n}\n")
	return gofmt("all.go", b.String())
}

func gofmt(name, src string) ([]byte, error) {
	out, err := format.Source([]byte(src))
	if err != nil {
		return nil, fmt.Errorf("modelgen: formatting %s: %w\n%s", name, err, src)
	}
	return out, nil
}

// Files lists the model files of a generated package in dir, sorted; all.go
// is not one.
func Files(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("modelgen: %w", err)
	}
	var files []string
	for _, e := range ents {
		if n := e.Name(); !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") && n != "all.go" {
			files = append(files, filepath.Join(dir, n))
		}
	}
	slices.Sort(files)
	return files, nil
}

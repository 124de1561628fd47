package schema

import (
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"slices"
	"unicode/utf8"
)

// FormatVersion is the snapshot file format this build reads and writes.
// Decode rejects files with a higher number instead of misreading them.
const FormatVersion = 1

// SupportedGORM is the range of gorm.io/gorm versions whose parsing and
// migration rules migragen reproduces. Every snapshot records it, so a
// snapshot derived under older rules can be recognised later.
const SupportedGORM = ">= " + MinGORM + ", < " + BeyondGORM

// MinGORM and BeyondGORM bound SupportedGORM: the lowest supported version
// and the first one that is not.
const (
	MinGORM    = "v1.30.0"
	BeyondGORM = "v1.32.0"
)

// Snapshot is the complete, dialect-neutral schema of one model set: every
// table GORM's AutoMigrate would create for it.
type Snapshot struct {
	// Format is the file format version; see FormatVersion.
	Format int `json:"format"`
	// GORM is the gorm.io/gorm version range the snapshot was derived for.
	GORM string `json:"gorm"`
	// GORMVersion is the gorm.io/gorm version the analyzed module builds
	// against, as its go.mod resolves it, so that a later run can tell a
	// GORM upgrade from a model change. It is empty in snapshots written
	// before it was recorded and for a GORM replaced by a local directory.
	GORMVersion string `json:"gormVersion,omitempty"`
	// Settings are the GORM settings static analysis cannot see.
	Settings Settings `json:"settings"`
	// Tables are sorted by name.
	Tables []*Table `json:"tables"`
}

// Settings are the parts of a *gorm.DB's configuration that change the
// schema AutoMigrate creates but live in code a static tool cannot run.
// They come from flags and are recorded so that the runtime can refuse a
// *gorm.DB configured differently.
type Settings struct {
	Naming Naming `json:"naming"`
	// DisableForeignKeyConstraints mirrors
	// gorm.Config.DisableForeignKeyConstraintWhenMigrating.
	DisableForeignKeyConstraints bool `json:"disableForeignKeyConstraintWhenMigrating,omitempty"`
	// TableOptions mirrors db.Set("gorm:table_options", ...): SQL appended to
	// every CREATE TABLE.
	TableOptions string `json:"tableOptions,omitempty"`
	// JoinTables mirrors db.SetupJoinTable calls.
	JoinTables []JoinTableSetting `json:"joinTables,omitempty"`

	// The fields below are the model set's policy, not GORM's: they change
	// no name or definition, so unlike the ones above they may change
	// over the history of a migrations directory.

	// Dialects are the GORM Dialector names the model set is deployed to
	// ("postgres", "mysql", "sqlite", "sqlserver"); empty means not said.
	// Lint checks the SQL the models write in tags against them.
	Dialects []string `json:"dialects,omitempty"`
	// PlainDDL names the dialects on which the runtime emits GORM's plain
	// DDL rather than the online-safe form (CONCURRENTLY, NOT VALID +
	// VALIDATE, MySQL's ALGORITHM/LOCK clauses); "all" names every one.
	// Empty, the default, means the online-safe form wherever the dialect
	// has one.
	PlainDDL []string `json:"plainDDL,omitempty"`
}

// OnlineDDL reports whether the runtime emits the online-safe form of DDL
// on the named dialect (see PlainDDL).
func (s Settings) OnlineDDL(dialect string) bool {
	for _, d := range s.PlainDDL {
		if d == "all" || d == dialect {
			return false
		}
	}
	return true
}

// Naming mirrors the fields of gorm's schema.NamingStrategy that a flag can
// express. A NameReplacer is code and cannot be recorded.
type Naming struct {
	TablePrefix   string `json:"tablePrefix,omitempty"`
	SingularTable bool   `json:"singularTable,omitempty"`
	NoLowerCase   bool   `json:"noLowerCase,omitempty"`
	// IdentifierMaxLength is the limit GORM shortens derived names to. Zero
	// means GORM's default for the dialect: 63 on PostgreSQL, 64 elsewhere.
	IdentifierMaxLength int `json:"identifierMaxLength,omitempty"`
}

// JoinTableSetting records one db.SetupJoinTable(&Model{}, "Field", &JoinModel{}).
type JoinTableSetting struct {
	Model     string `json:"model"`
	Field     string `json:"field"`
	JoinModel string `json:"joinModel"`
}

// Table is one table of the model set.
type Table struct {
	Name string `json:"name"`
	// Model names the Go type the table comes from ("pkg/path.Type"). It is
	// informative only; join tables GORM synthesises have none.
	Model string `json:"model,omitempty"`
	// JoinTable is set for a many2many join table GORM creates implicitly.
	JoinTable bool `json:"joinTable,omitempty"`
	// Columns are in GORM's CREATE TABLE order.
	Columns []*Column `json:"columns"`
	// Indexes, Uniques, Checks and ForeignKeys are sorted by name: GORM's
	// own order for them is map order.
	Indexes     []*Index      `json:"indexes,omitempty"`
	Uniques     []*Unique     `json:"uniques,omitempty"`
	Checks      []*Check      `json:"checks,omitempty"`
	ForeignKeys []*ForeignKey `json:"foreignKeys,omitempty"`
}

// The logical data types of gorm's schema package. Any other DataType is SQL
// text from a type: tag, passed through verbatim.
const (
	Bool   = "bool"
	Int    = "int"
	Uint   = "uint"
	Float  = "float"
	String = "string"
	Time   = "time"
	Bytes  = "bytes"
)

// Column holds every input the GORM drivers' DataTypeOf and FullDataTypeOf
// read from a *schema.Field, so the runtime can rebuild that field and let
// the connected dialect compile it.
type Column struct {
	Name string `json:"name"`
	// Field is the Go field path ("Address.Street"), for messages only.
	Field string `json:"field,omitempty"`
	// DataType is GORM's Field.DataType: a logical type above or, after a
	// type: tag, the tag's SQL text.
	DataType string `json:"dataType"`
	// GORMDataType is GORM's Field.GORMDataType, the logical type before a
	// type: tag replaced DataType.
	GORMDataType string `json:"gormDataType,omitempty"`
	// Type is the raw type: tag, verbatim; some drivers read it directly.
	Type          string `json:"type,omitempty"`
	Size          int    `json:"size,omitempty"`
	Precision     int    `json:"precision,omitempty"`
	Scale         int    `json:"scale,omitempty"`
	PrimaryKey    bool   `json:"primaryKey,omitempty"`
	AutoIncrement bool   `json:"autoIncrement,omitempty"`
	NotNull       bool   `json:"notNull,omitempty"`
	// HasDefault is GORM's HasDefaultValue: true for a default: tag and for
	// auto-increment keys. MySQL sizes such string columns as varchar(191).
	HasDefault bool `json:"hasDefault,omitempty"`
	// Default is GORM's DefaultValue after its trimming.
	Default string `json:"default,omitempty"`
	// DefaultKind is the kind of Go value GORM parsed Default into (bool,
	// int, uint, float, string, time); the dialect then renders it as a
	// literal. Empty means Default is SQL text passed through verbatim, such
	// as now() or NULL.
	DefaultKind string `json:"defaultKind,omitempty"`
	Comment     string `json:"comment,omitempty"`
	// TagComment is the comment: setting that MySQL and SQL Server read from
	// the field's tag settings, recorded only when it differs from Comment.
	// It does when a comment: tag sits on an embedding field: GORM copies
	// it onto the embedded fields' settings but not into their Comment.
	TagComment string `json:"tagComment,omitempty"`
	// IndexTag, UniqueTag and PrecisionTag record whether the field's tag
	// has a non-empty index, unique or precision setting: MySQL and SQL
	// Server size unsized strings differently when it does.
	IndexTag     bool `json:"indexTag,omitempty"`
	UniqueTag    bool `json:"uniqueTag,omitempty"`
	PrecisionTag bool `json:"precisionTag,omitempty"`
	// Generated is the generated: tag PostgreSQL reads.
	Generated string `json:"generated,omitempty"`
	// DBTypes holds, per dialect name, the type the field's GormDBDataType
	// method returns there: from the table of well-known types, from its
	// body evaluated for this field, or as a //migragen:dbtype directive on
	// the Go type or a migragen:"dbtype:..." tag on the field states it. It
	// wins over DataType.
	DBTypes map[string]string `json:"dbTypes,omitempty"`
	// DBTypesOnly says that DBTypes came from a //migragen:dbtype directive
	// or a migragen:"dbtype:..." tag and names every dialect the column has a known type on: compiling it
	// for another dialect is an error, not the dialect's guess from
	// DataType, which GORM would not have used either.
	DBTypesOnly bool `json:"dbTypesOnly,omitempty"`
}

// Index is one index GORM creates from index and uniqueIndex tags.
type Index struct {
	Name string `json:"name"`
	// Derived is set when GORM made the name, so a dialect may shorten it.
	Derived bool   `json:"derived,omitempty"`
	Class   string `json:"class,omitempty"` // UNIQUE, FULLTEXT, SPATIAL
	Type    string `json:"type,omitempty"`  // btree, hash, gin, ...
	Where   string `json:"where,omitempty"`
	Comment string `json:"comment,omitempty"`
	Option  string `json:"option,omitempty"`
	// Columns are in GORM's priority order.
	Columns []*IndexColumn `json:"columns"`
}

// IndexColumn is one part of an index.
type IndexColumn struct {
	Column     string `json:"column"`
	Expression string `json:"expression,omitempty"`
	Sort       string `json:"sort,omitempty"`
	Collate    string `json:"collate,omitempty"`
	Length     int    `json:"length,omitempty"`
}

// Unique is a unique constraint GORM creates for a unique tag.
type Unique struct {
	Name    string `json:"name"`
	Derived bool   `json:"derived,omitempty"`
	Column  string `json:"column"`
}

// Check is a check constraint from a check tag.
type Check struct {
	Name    string `json:"name"`
	Derived bool   `json:"derived,omitempty"`
	// Expr is the SQL the user wrote, verbatim.
	Expr string `json:"expr"`
	// Column is the column whose tag declared the check.
	Column string `json:"column"`
}

// ForeignKey is a foreign-key constraint GORM creates for a relation.
type ForeignKey struct {
	Name       string   `json:"name"`
	Derived    bool     `json:"derived,omitempty"`
	Columns    []string `json:"columns"`
	RefTable   string   `json:"refTable"`
	RefColumns []string `json:"refColumns"`
	OnUpdate   string   `json:"onUpdate,omitempty"`
	OnDelete   string   `json:"onDelete,omitempty"`
}

// New returns an empty snapshot of the current format.
func New(settings Settings) *Snapshot {
	return &Snapshot{Format: FormatVersion, GORM: SupportedGORM, Settings: settings, Tables: []*Table{}}
}

// Table returns the table with the given name, or nil.
func (s *Snapshot) Table(name string) *Table {
	for _, t := range s.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// indexTables maps s's table names to its tables, the first of a name
// as Table finds it. Table scans, which is quadratic over every table of
// a large snapshot; the index is right only until s's tables or their
// names change.
func indexTables(s *Snapshot) map[string]*Table {
	m := make(map[string]*Table, len(s.Tables))
	for _, t := range s.Tables {
		if t == nil {
			continue
		}
		if _, ok := m[t.Name]; !ok {
			m[t.Name] = t
		}
	}
	return m
}

// PrimaryKey names the table's primary-key columns in column order, the
// order GORM's CREATE TABLE lists them.
func (t *Table) PrimaryKey() []string {
	var cols []string
	for _, c := range t.Columns {
		if c.PrimaryKey {
			cols = append(cols, c.Name)
		}
	}
	return cols
}

// Column returns the column with the given name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Sort puts tables and the unordered parts of each table in the canonical
// order the encoding uses, so equal schemas encode to equal bytes.
func (s *Snapshot) Sort() { s.sortExcept(nil) }

// sortExcept is Sort leaving the parts of the tables in keep as they are.
func (s *Snapshot) sortExcept(keep map[*Table]bool) {
	slices.SortFunc(s.Tables, func(a, b *Table) int { return cmp.Compare(a.Name, b.Name) })
	for _, t := range s.Tables {
		if !keep[t] {
			t.sortParts()
		}
	}
	slices.SortFunc(s.Settings.JoinTables, func(a, b JoinTableSetting) int {
		return cmp.Or(cmp.Compare(a.Model, b.Model), cmp.Compare(a.Field, b.Field))
	})
}

// sortParts puts the table's unordered parts in the canonical order.
func (t *Table) sortParts() {
	slices.SortFunc(t.Indexes, func(a, b *Index) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(t.Uniques, func(a, b *Unique) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(t.Checks, func(a, b *Check) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(t.ForeignKeys, func(a, b *ForeignKey) int { return cmp.Compare(a.Name, b.Name) })
}

// ShortName returns the name a dialect with the given identifier limit uses
// for a constraint or index name. GORM shortens only names it derived
// itself, keeping the first maxLen-8 characters and appending eight hex
// digits of the full name's SHA-1; names the user wrote are used as given.
func ShortName(name string, derived bool, maxLen int) string {
	if !derived || maxLen <= 8 || utf8.RuneCountInString(name) <= maxLen {
		return name
	}
	sum := sha1.Sum([]byte(name))
	// Like GORM, cut by bytes: the limit is counted in runes but the prefix
	// is taken in bytes.
	return name[:maxLen-8] + hex.EncodeToString(sum[:])[:8]
}

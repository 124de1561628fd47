package gormoracle

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/migrator"
	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/schema"
)

// Options are the *gorm.DB settings the parse runs under: the settings a
// snapshot records because static analysis cannot see them.
type Options struct {
	// Naming is the naming strategy. Its IdentifierMaxLength is recorded in
	// the snapshot but not applied: the snapshot keeps derived names in
	// full and shortens them per dialect (schema.ShortName).
	Naming schema.Naming
	// DisableForeignKeyConstraints mirrors
	// gorm.Config.DisableForeignKeyConstraintWhenMigrating.
	DisableForeignKeyConstraints bool
	// TableOptions is recorded in the snapshot's settings; it does not
	// change what GORM parses.
	TableOptions string
	// JoinTables are db.SetupJoinTable calls made, in order, before the
	// models are migrated, as an application would make them.
	JoinTables []JoinTable
}

// JoinTable is one db.SetupJoinTable(Model, Field, JoinModel) call.
type JoinTable struct {
	Model     any
	Field     string
	JoinModel any
}

// ErrUnrepresentable is wrapped by the error Snapshot returns when GORM
// would create something the snapshot model has no way to record, so a
// comparison against it would prove nothing.
var ErrUnrepresentable = errors.New("GORM's schema cannot be represented in a snapshot")

// Snapshot parses models with GORM at run time and returns the snapshot
// AutoMigrate(models...) would create on an empty database: the model set
// AutoMigrate derives (with belongs-to and many2many targets and join
// tables), each table as the migrator's CreateTable builds it.
//
// The result is sorted but not validated: it is what GORM would do, even
// where schema.Validate objects. A GORM parse error and a panic inside GORM
// (or inside user code GORM runs) are returned as errors; an error wrapping
// ErrUnrepresentable means the models are valid GORM but the snapshot model
// cannot express what GORM would create for them.
func Snapshot(models []any, opts Options) (*schema.Snapshot, error) {
	p, err := parse(models, opts)
	if err != nil {
		return nil, err
	}
	return p.snap, nil
}

// parsed is a snapshot together with the GORM fields its columns came
// from, so tests can hold the two against each other.
type parsed struct {
	snap   *schema.Snapshot
	fields map[*schema.Column]*gormschema.Field
}

func parse(models []any, opts Options) (p *parsed, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("gormoracle: GORM panicked: %v", r)
		}
	}()

	dbs, err := dialects.DryRun()
	if err != nil {
		return nil, err
	}

	errLog := &errorLog{}
	db, err := gorm.Open(sqlite.Open(":memory:"), &gorm.Config{
		NamingStrategy: gormschema.NamingStrategy{
			TablePrefix:   opts.Naming.TablePrefix,
			SingularTable: opts.Naming.SingularTable,
			NoLowerCase:   opts.Naming.NoLowerCase,
			// GORM hashes derived names longer than this. A limit no name
			// reaches keeps them whole, which is what the snapshot stores.
			IdentifierMaxLength: 1 << 20,
		},
		DisableForeignKeyConstraintWhenMigrating: opts.DisableForeignKeyConstraints,
		Logger:                                   errLog,
	})
	if err != nil {
		return nil, fmt.Errorf("gormoracle: opening the parsing database: %w", err)
	}
	if sqlDB, err := db.DB(); err == nil {
		defer sqlDB.Close()
	}

	settings := schema.Settings{
		Naming:                       opts.Naming,
		DisableForeignKeyConstraints: opts.DisableForeignKeyConstraints,
		TableOptions:                 opts.TableOptions,
	}
	// An application calls SetupJoinTable before AutoMigrate, and its parse
	// comes first; parse order matters because GORM copies key types into
	// foreign-key fields of schemas it already cached.
	for _, jt := range opts.JoinTables {
		if err := db.SetupJoinTable(jt.Model, jt.Field, jt.JoinModel); err != nil {
			return nil, fmt.Errorf("gormoracle: SetupJoinTable(%s, %q, %s): %w", typeName(jt.Model), jt.Field, typeName(jt.JoinModel), err)
		}
		settings.JoinTables = append(settings.JoinTables, schema.JoinTableSetting{
			Model: typeName(jt.Model), Field: jt.Field, JoinModel: typeName(jt.JoinModel),
		})
	}

	// ReorderModels parses each model in this order too, but only logs a
	// failure and then dereferences the nil schema. Parsing first gives the
	// same parse order and a real error.
	for _, m := range models {
		if _, ok := m.(string); ok {
			return nil, fmt.Errorf("gormoracle: model %q: table names are not models", m)
		}
		stmt := &gorm.Statement{DB: db}
		if err := stmt.Parse(m); err != nil {
			return nil, fmt.Errorf("gormoracle: parsing %s: %w", typeName(m), err)
		}
	}

	// The exported ReorderModels is the model set AutoMigrate migrates:
	// the roots, the targets of their constraints and many2many relations,
	// and join tables, in creation order.
	m := migrator.Migrator{Config: migrator.Config{DB: db, Dialector: db.Dialector}}
	ordered := m.ReorderModels(models, true)
	if err := errLog.err(); err != nil {
		return nil, err
	}

	// Every schema is parsed now, so the foreign-key fields GORM rewrites
	// while parsing relations hold their final types.
	p = &parsed{snap: schema.New(settings), fields: map[*schema.Column]*gormschema.Field{}}
	for _, value := range ordered {
		stmt := &gorm.Statement{DB: db}
		if err := stmt.Parse(value); err != nil {
			return nil, fmt.Errorf("gormoracle: parsing %s: %w", typeName(value), err)
		}
		t, err := p.table(db, dbs, stmt.Schema, opts)
		if err != nil {
			return nil, fmt.Errorf("gormoracle: table %s: %w", stmt.Schema.Table, err)
		}
		p.snap.Tables = append(p.snap.Tables, t)
	}
	p.snap.Sort()
	return p, nil
}

// table reads one table the way migrator.CreateTable builds its CREATE
// TABLE statement.
func (p *parsed) table(db *gorm.DB, dialectDBs map[string]*gorm.DB, s *gormschema.Schema, opts Options) (*schema.Table, error) {
	t := &schema.Table{Name: s.Table, Columns: []*schema.Column{}}
	if s.ModelType.Name() == "" {
		// Only the join tables GORM builds with reflect.StructOf have an
		// unnamed model type; SetupJoinTable models are named.
		t.JoinTable = true
	} else {
		t.Model = s.ModelType.PkgPath() + "." + s.ModelType.Name()
	}

	for _, dbName := range s.DBNames {
		f := s.FieldsByDBName[dbName]
		if f.IgnoreMigration {
			continue
		}
		c, err := column(dialectDBs, f)
		if err != nil {
			return nil, err
		}
		p.fields[c] = f
		t.Columns = append(t.Columns, c)
	}
	if err := checkPrimaryKey(s, t); err != nil {
		return nil, err
	}

	derived := indexNamesDerived(db.NamingStrategy, s)
	for _, idx := range s.ParseIndexes() {
		ix := &schema.Index{
			Name:    idx.Name,
			Derived: derived[idx.Name],
			Class:   idx.Class,
			Type:    idx.Type,
			Where:   idx.Where,
			Comment: idx.Comment,
			Option:  idx.Option,
		}
		for _, o := range idx.Fields {
			ix.Columns = append(ix.Columns, &schema.IndexColumn{
				Column:     o.DBName,
				Expression: o.Expression,
				Sort:       o.Sort,
				Collate:    o.Collate,
				Length:     o.Length,
			})
		}
		t.Indexes = append(t.Indexes, ix)
	}

	if !opts.DisableForeignKeyConstraints {
		for _, rel := range s.Relationships.Relations {
			if rel.Field.IgnoreMigration {
				continue
			}
			c := rel.ParseConstraint()
			if c == nil || c.Schema != s {
				continue
			}
			fk := &schema.ForeignKey{
				Name:       c.Name,
				Derived:    !explicitConstraintName(rel.Field.TagSettings["CONSTRAINT"]),
				Columns:    []string{},
				RefTable:   c.ReferenceSchema.Table,
				RefColumns: []string{},
				OnUpdate:   c.OnUpdate,
				OnDelete:   c.OnDelete,
			}
			for _, f := range c.ForeignKeys {
				fk.Columns = append(fk.Columns, f.DBName)
			}
			for _, f := range c.References {
				fk.RefColumns = append(fk.RefColumns, f.DBName)
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
		}
	}

	for _, u := range s.ParseUniqueConstraints() {
		// UniqueName is the only source of unique-constraint names.
		t.Uniques = append(t.Uniques, &schema.Unique{Name: u.Name, Derived: true, Column: u.Field.DBName})
	}

	for _, chk := range s.ParseCheckConstraints() {
		t.Checks = append(t.Checks, &schema.Check{
			Name:    chk.Name,
			Derived: !explicitCheckName(chk.Field.TagSettings["CHECK"]),
			Expr:    chk.Constraint,
			Column:  chk.Field.DBName,
		})
	}
	return t, nil
}

// column reads every input the drivers' DataTypeOf and FullDataTypeOf take
// from f.
func column(dialectDBs map[string]*gorm.DB, f *gormschema.Field) (*schema.Column, error) {
	c := &schema.Column{
		Name:          f.DBName,
		Field:         strings.Join(f.BindNames, "."),
		DataType:      string(f.DataType),
		GORMDataType:  string(f.GORMDataType),
		Type:          f.TagSettings["TYPE"],
		Size:          f.Size,
		Precision:     f.Precision,
		Scale:         f.Scale,
		PrimaryKey:    f.PrimaryKey,
		AutoIncrement: f.AutoIncrement,
		NotNull:       f.NotNull,
		HasDefault:    f.HasDefaultValue,
		Default:       f.DefaultValue,
		Comment:       f.Comment,
		IndexTag:      f.TagSettings["INDEX"] != "",
		UniqueTag:     f.TagSettings["UNIQUE"] != "",
		PrecisionTag:  f.TagSettings["PRECISION"] != "",
		Generated:     f.TagSettings["GENERATED"],
	}

	switch v := f.DefaultValueInterface.(type) {
	case nil:
	case bool:
		c.DefaultKind = schema.Bool
	case int64:
		c.DefaultKind = schema.Int
	case uint64:
		c.DefaultKind = schema.Uint
	case float64:
		c.DefaultKind = schema.Float
	case string:
		c.DefaultKind = schema.String
	case time.Time:
		c.DefaultKind = schema.Time
	default:
		return nil, fmt.Errorf("column %s: %w: default value of Go type %T", c.Name, ErrUnrepresentable, v)
	}

	// MySQL's FullDataTypeOf appends the COMMENT tag setting while
	// PostgreSQL and SQL Server use Field.Comment. They differ when an
	// embedding field's comment: tag is copied onto the embedded fields'
	// settings; the snapshot records that as TagComment. An empty comment:
	// tag still makes MySQL write COMMENT '' and SQL Server add an empty
	// description, which a snapshot cannot tell from no tag.
	if v, ok := f.TagSettings["COMMENT"]; ok {
		if v == "" {
			return nil, fmt.Errorf("column %s: %w: an empty comment: tag", c.Name, ErrUnrepresentable)
		}
		if v != f.Comment {
			c.TagComment = v
		}
	}

	// GORM's migrator lets a GormDBDataType method on the field's type
	// decide the column type before the dialect does.
	if typer, ok := reflect.New(f.IndirectFieldType).Interface().(migrator.GormDataTypeInterface); ok {
		for _, name := range dialects.Names {
			// A copy, so that a method writing to the field cannot change
			// GORM's cached schema.
			field := *f
			if t := typer.GormDBDataType(dialectDBs[name], &field); t != "" {
				if c.DBTypes == nil {
					c.DBTypes = map[string]string{}
				}
				c.DBTypes[name] = t
			}
		}
	}
	return c, nil
}

// checkPrimaryKey makes sure the PRIMARY KEY clause CreateTable writes,
// which lists Schema.PrimaryFields, is the one the columns' PrimaryKey
// flags imply in column order; a snapshot records nothing else.
func checkPrimaryKey(s *gormschema.Schema, t *schema.Table) error {
	fromFlags := t.PrimaryKey()
	var fromGORM []string
	for _, f := range s.PrimaryFields {
		fromGORM = append(fromGORM, f.DBName)
	}
	if strings.Join(fromFlags, ",") != strings.Join(fromGORM, ",") {
		return fmt.Errorf("%w: GORM's primary key is %v but the columns marked primary are %v", ErrUnrepresentable, fromGORM, fromFlags)
	}
	return nil
}

// indexNamesDerived tells, for each index name, whether GORM made it up.
// It re-reads the tags the way gorm's parseFieldIndexes does: an index or
// uniqueIndex entry without a name gets namer.IndexName(table, field name
// or composite:). An index that several fields name is derived only if
// every one of them left the name to GORM; a name the user wrote once is
// the user's.
func indexNamesDerived(namer gormschema.Namer, s *gormschema.Schema) map[string]bool {
	derived := map[string]bool{}
	for _, field := range s.Fields {
		if field.TagSettings["INDEX"] == "" && field.TagSettings["UNIQUEINDEX"] == "" {
			continue
		}
		for _, entry := range strings.Split(field.Tag.Get("gorm"), ";") {
			parts := strings.Split(entry, ":")
			key := strings.TrimSpace(strings.ToUpper(parts[0]))
			if entry == "" || (key != "INDEX" && key != "UNIQUEINDEX") {
				continue
			}
			tag := strings.Join(parts[1:], ":")
			name, settings, _ := strings.Cut(tag, ",")
			isDerived := name == ""
			if isDerived {
				sub := field.Name
				if composite, ok := gormschema.ParseTagSetting(settings, ",")["COMPOSITE"]; ok {
					sub = composite
				}
				name = namer.IndexName(field.Schema.Table, sub)
			}
			if prev, ok := derived[name]; ok {
				derived[name] = prev && isDerived
			} else {
				derived[name] = isDerived
			}
		}
	}
	return derived
}

// constraintOrCheckName is GORM's test for a user-written constraint or
// check name (regEnLetterAndMidline in gorm's schema package).
var constraintOrCheckName = regexp.MustCompile(`^[\w-]+$`)

// explicitCheckName reports whether a check: tag names its constraint,
// as ParseCheckConstraints decides: "name,expr" with a word-like name.
func explicitCheckName(tag string) bool {
	parts := strings.Split(tag, ",")
	return len(parts) > 1 && constraintOrCheckName.MatchString(parts[0])
}

// explicitConstraintName reports whether a constraint: tag names the
// foreign key, as Relationship.ParseConstraint decides.
func explicitConstraintName(tag string) bool {
	i := strings.IndexByte(tag, ',')
	return i != -1 && constraintOrCheckName.MatchString(tag[:i])
}

func typeName(v any) string {
	t := reflect.TypeOf(v)
	if t == nil {
		return "<nil>"
	}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Name() == "" {
		return t.String()
	}
	return t.PkgPath() + "." + t.Name()
}

// errorLog is a GORM logger that keeps the errors GORM only logs, such as
// ReorderModels' parse failures, so they can be returned.
type errorLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errorLog) LogMode(logger.LogLevel) logger.Interface { return l }
func (l *errorLog) Info(context.Context, string, ...any)     {}
func (l *errorLog) Warn(context.Context, string, ...any)     {}
func (l *errorLog) Trace(context.Context, time.Time, func() (string, int64), error) {
}

func (l *errorLog) Error(_ context.Context, msg string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, fmt.Errorf("gormoracle: GORM logged: "+msg, args...))
}

func (l *errorLog) err() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return errors.Join(l.errs...)
}

package gormfield_test

import (
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jinzhu/now"
	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/dialects"
	"github.com/migragen/migragen/internal/gormfield"
	"github.com/migragen/migragen/schema"
)

func dryRunDBs(t testing.TB) map[string]*gorm.DB {
	t.Helper()
	dbs, err := dialects.DryRun()
	if err != nil {
		t.Fatal(err)
	}
	return dbs
}

func TestDefaultValue(t *testing.T) {
	stamp, err := now.Parse("2001-02-03 04:05:06")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		kind, text string
		want       any
		err        string
	}{
		{"", "now()", nil, ""},
		{"", "", nil, ""},
		{"bool", "true", true, ""},
		{"bool", "0", false, ""},
		{"int", "-5", int64(-5), ""},
		{"int", "0x10", int64(16), ""},
		{"uint", "0o17", uint64(15), ""},
		{"float", "1.5", 1.5, ""},
		{"string", "", "", ""},
		{"string", "it's", "it's", ""},
		{"time", "2001-02-03 04:05:06", stamp, ""},
		{"bool", "yes", nil, `default "yes" is not a valid bool`},
		{"int", "1.5", nil, "not a valid int"},
		{"uint", "-1", nil, "not a valid uint"},
		{"time", "CURRENT_TIMESTAMP", nil, "not a valid time"},
		{"decimal", "1", nil, `unknown default kind "decimal"`},
	} {
		col := &schema.Column{Name: "c", Default: tc.text, DefaultKind: tc.kind}
		got, err := gormfield.DefaultValue(col)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s %q: got %v, %v; want error %q", tc.kind, tc.text, got, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s %q: %v", tc.kind, tc.text, err)
		case !reflect.DeepEqual(got, tc.want):
			t.Errorf("%s %q: got %#v, want %#v", tc.kind, tc.text, got, tc.want)
		}
		if f := gormfield.Field(col); !reflect.DeepEqual(f.DefaultValueInterface, tc.want) {
			t.Errorf("%s %q: Field's DefaultValueInterface %#v, want %#v", tc.kind, tc.text, f.DefaultValueInterface, tc.want)
		}
	}
}

func TestField(t *testing.T) {
	col := &schema.Column{
		Name: "price", DataType: "decimal(10,2)", GORMDataType: "float", Type: "decimal(10,2)",
		Size: 64, Precision: 10, Scale: 2, PrimaryKey: true, AutoIncrement: true, NotNull: true,
		HasDefault: true, Default: "1.5", DefaultKind: "float", Comment: "net",
		IndexTag: true, UniqueTag: true, PrecisionTag: true, Generated: "identity",
	}
	f := gormfield.Field(col)
	if f.Name != "price" || f.DBName != "price" || f.DataType != "decimal(10,2)" || f.GORMDataType != "float" ||
		f.Size != 64 || f.Precision != 10 || f.Scale != 2 || !f.PrimaryKey || !f.AutoIncrement || !f.NotNull ||
		!f.HasDefaultValue || f.DefaultValue != "1.5" || f.DefaultValueInterface != 1.5 || f.Comment != "net" {
		t.Errorf("Field: %+v", f)
	}
	want := map[string]string{
		"INDEX": "INDEX", "UNIQUE": "UNIQUE", "PRECISION": "10", "TYPE": "decimal(10,2)",
		"GENERATED": "identity", "COMMENT": "net",
	}
	if !maps.Equal(f.TagSettings, want) {
		t.Errorf("TagSettings: got %v, want %v", f.TagSettings, want)
	}
	if f.IndirectFieldType != reflect.TypeFor[float64]() || f.FieldType != f.IndirectFieldType {
		t.Errorf("Go type: %v, %v", f.FieldType, f.IndirectFieldType)
	}
	if got := gormfield.Field(&schema.Column{Name: "x", DataType: "string"}).TagSettings; len(got) != 0 {
		t.Errorf("TagSettings of a plain column: %v", got)
	}
	for kind, want := range map[string]reflect.Type{
		"bool": reflect.TypeFor[bool](), "int": reflect.TypeFor[int64](), "uint": reflect.TypeFor[uint64](),
		"float": reflect.TypeFor[float64](), "string": reflect.TypeFor[string](),
		"time": reflect.TypeFor[time.Time](), "bytes": reflect.TypeFor[[]byte](), "json": reflect.TypeFor[string](),
	} {
		if got := gormfield.Field(&schema.Column{Name: "x", DataType: kind, GORMDataType: kind}).IndirectFieldType; got != want {
			t.Errorf("%s: Go type %v, want %v", kind, got, want)
		}
	}
}

// TestFieldIsFresh shows why Field must build a new field per call: the
// MySQL driver stores its default datetime precision in the field.
func TestFieldIsFresh(t *testing.T) {
	mysql := dryRunDBs(t)["mysql"]
	col := &schema.Column{Name: "at", DataType: "time", GORMDataType: "time"}
	f := gormfield.Field(col)
	if got := mysql.Dialector.DataTypeOf(f); got != "datetime(3) NULL" {
		t.Fatalf("mysql: %q", got)
	}
	if f.Precision != 3 {
		t.Fatalf("the MySQL driver no longer writes Precision (%d); this test is moot", f.Precision)
	}
	if gormfield.Field(col).Precision != 0 || col.Precision != 0 {
		t.Error("a later Field saw the driver's write")
	}
}

func TestDBTypes(t *testing.T) {
	dbs := dryRunDBs(t)
	col := &schema.Column{
		Name: "doc", DataType: "json", GORMDataType: "json", NotNull: true,
		DBTypes: map[string]string{"postgres": "JSONB", "mysql": `JSON "quoted"`, "bad key": "X"},
	}
	for name, want := range map[string]string{
		"postgres":  "JSONB",
		"mysql":     `JSON "quoted"`,
		"sqlserver": "json", // no entry: the dialect compiles DataType
		"sqlite":    "json",
	} {
		db := dbs[name]
		if got := gormfield.DataTypeOf(db, col); got != want {
			t.Errorf("%s: DataTypeOf %q, want %q", name, got, want)
		}
		// GORM's own migrator must reach the same answer through the
		// rebuilt field's Go type.
		if got := db.Migrator().FullDataTypeOf(gormfield.Field(col)).SQL; got != want+" NOT NULL" {
			t.Errorf("%s: FullDataTypeOf %q, want %q", name, got, want+" NOT NULL")
		}
	}
}

// FuzzDBTypes checks that any type text survives the trip through the
// rebuilt field to GORM's migrator.
func FuzzDBTypes(f *testing.F) {
	f.Add("JSONB")
	f.Add(`a "b" \c`)
	f.Add("ümlaut\x00\n")
	dbs := dryRunDBs(f)
	f.Fuzz(func(t *testing.T, typ string) {
		if typ == "" {
			return
		}
		col := &schema.Column{Name: "c", DataType: "string", GORMDataType: "string", DBTypes: map[string]string{"postgres": typ}}
		if got := dbs["postgres"].Migrator().FullDataTypeOf(gormfield.Field(col)).SQL; got != typ {
			t.Errorf("got %q, want %q", got, typ)
		}
	})
}

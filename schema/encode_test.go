package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// failer is what testing.TB and *rapid.T have in common.
type failer interface {
	Helper()
	Fatal(...any)
	Fatalf(string, ...any)
}

// encodeJSON is how Encode wrote schema.json before it had its own writer,
// in s's order: the reference the writer must match byte for byte.
func encodeJSON(t failer, s *Snapshot) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decodeJSONOnly is Decode's encoding/json path alone, Validate included.
func decodeJSONOnly(data []byte) (*Snapshot, error) {
	fail := func(_ int64, format string, args ...any) error { return fmt.Errorf(format, args...) }
	s, err := decodeJSON(data, fail)
	if err != nil {
		return nil, err
	}
	return s, s.Validate()
}

// trickyStrings exercise every rule of encoding/json's string spelling:
// HTML characters it leaves alone without HTML escaping, quotes,
// backslashes, control characters with and without a short escape,
// multi-byte UTF-8, U+2028 and U+2029, and invalid UTF-8.
var trickyStrings = []string{
	"", "id", "varchar(191)", `it's "quoted"`, "a < b && c > d", `C:\path`, "tab\there", "line\nbreak\r",
	"\b\f\x01\x1f\x7f", "é ü 日本 🙂", "sep\u2028par\u2029", "bad \xff\xfe utf8", "/* sql */ now()",
}

// filler sets every field of a value by reflection, each choice made by
// choose(n), a number below n; the last choice is always the fullest (a
// set value, a list of three).
type filler struct {
	choose func(n int) int
	// strings counts the strings set, to vary them.
	strings int
}

func (f *filler) fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		i := f.choose(len(trickyStrings))
		if i == len(trickyStrings)-1 {
			// The fullest choice cycles through the non-empty strings, so
			// that map keys differ.
			f.strings++
			i = 1 + f.strings%(len(trickyStrings)-1)
		}
		v.SetString(trickyStrings[i])
	case reflect.Int:
		v.SetInt([]int64{0, -1, 64, 1 << 40, 191}[f.choose(5)])
	case reflect.Bool:
		v.SetBool(f.choose(2) == 1)
	case reflect.Struct:
		for i := range v.NumField() {
			f.fill(v.Field(i))
		}
	case reflect.Pointer:
		if f.choose(4) > 0 {
			v.Set(reflect.New(v.Type().Elem()))
			f.fill(v.Elem())
		} else {
			v.SetZero()
		}
	case reflect.Slice:
		switch n := f.choose(5); n {
		case 0:
			v.SetZero()
		default:
			v.Set(reflect.MakeSlice(v.Type(), n-1, n-1))
			for i := range n - 1 {
				f.fill(v.Index(i))
			}
		}
	case reflect.Map:
		switch n := f.choose(5); n {
		case 0:
			v.SetZero()
		default:
			v.Set(reflect.MakeMap(v.Type()))
			for range n - 1 {
				k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
				f.fill(k)
				f.fill(e)
				v.SetMapIndex(k, e)
			}
		}
	default:
		panic(fmt.Sprintf("filler: add %s", v.Kind()))
	}
}

// fullSnapshot has every field of every struct set, so that a field the
// writer or the fast decoder leaves out shows.
func fullSnapshot() *Snapshot {
	f := &filler{choose: func(n int) int { return n - 1 }}
	s := &Snapshot{}
	f.fill(reflect.ValueOf(s).Elem())
	return s
}

// bigSnapshot is a valid snapshot of about n tables shaped like the
// benchmark's generated models (bench/internal/modelgen): keys, sized and
// unsized strings, defaults of each kind, comments that need escaping,
// per-dialect types, composite and partial indexes, unique and check
// constraints, a tree of foreign keys and many2many join tables.
func bigSnapshot(n int) *Snapshot {
	s := New(Settings{
		Naming:     Naming{TablePrefix: "app_", IdentifierMaxLength: 63},
		JoinTables: []JoinTableSetting{{Model: "m.Model3", Field: "Tags", JoinModel: "m.Model3Tag"}},
		Dialects:   []string{"postgres", "mysql"},
	})
	s.GORMVersion = "v1.31.1"
	for i := range n {
		name := fmt.Sprintf("model%d", i)
		t := &Table{Name: name, Model: "example.com/app/models.Model" + fmt.Sprint(i)}
		t.Columns = []*Column{
			{Name: "id", Field: "ID", DataType: Uint, GORMDataType: Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
			{Name: "created_at", Field: "CreatedAt", DataType: Time, GORMDataType: Time, Precision: 3, PrecisionTag: i%7 == 0},
			{Name: "deleted_at", Field: "DeletedAt", DataType: Time, GORMDataType: Time, IndexTag: true},
			{Name: "name", Field: "Name", DataType: String, GORMDataType: String, Size: 64, NotNull: true, Comment: fmt.Sprintf(`the "name" of model %d <b>`, i)},
			{Name: "status", Field: "Status", DataType: String, GORMDataType: String, HasDefault: true, Default: "draft", DefaultKind: String, UniqueTag: i%5 == 0},
			{Name: "total", Field: "Total", DataType: Float, GORMDataType: Float, Size: 64, Precision: 10, Scale: 2, HasDefault: true, Default: "0", DefaultKind: Float},
			{Name: "active", Field: "Active", DataType: Bool, GORMDataType: Bool, HasDefault: true, Default: "true", DefaultKind: Bool},
			{Name: "body", Field: "Body", DataType: "text", GORMDataType: String, Type: "text", TagComment: "body\ttext"},
			{Name: "payload", Field: "Payload", DataType: Bytes, GORMDataType: Bytes, DBTypes: map[string]string{"postgres": "jsonb", "mysql": "json"}, DBTypesOnly: i%3 == 0},
		}
		for j := range i % 7 {
			t.Columns = append(t.Columns, &Column{Name: fmt.Sprintf("field%d", j), Field: fmt.Sprintf("Field%d", j), DataType: Int, GORMDataType: Int, Size: 32,
				NotNull: j%2 == 0, HasDefault: j%3 == 0, Default: "now()", Generated: map[bool]string{true: "(id * 2)"}[j == 5]})
		}
		t.Indexes = []*Index{
			{Name: "idx_" + name + "_deleted_at", Derived: true, Columns: []*IndexColumn{{Column: "deleted_at"}}},
			{Name: "idx_" + name + "_name_status", Class: "UNIQUE", Type: "btree", Where: "deleted_at IS NULL", Comment: "it's unique", Option: "WITH (fillfactor=70)",
				Columns: []*IndexColumn{{Column: "name", Sort: "desc", Length: 10, Collate: "C"}, {Column: "status", Expression: "lower(status)"}}},
		}
		if i%5 == 0 {
			t.Uniques = []*Unique{{Name: "uni_" + name + "_status", Derived: true, Column: "status"}}
		}
		t.Checks = []*Check{{Name: "chk_" + name + "_total", Derived: true, Expr: "total >= 0 AND name <> ''", Column: "total"}}
		if i > 0 {
			parent := fmt.Sprintf("model%d", (i-1)/3)
			t.Columns = append(t.Columns, &Column{Name: "parent_id", Field: "ParentID", DataType: Uint, GORMDataType: Uint, Size: 64, NotNull: i%2 == 0})
			t.ForeignKeys = []*ForeignKey{{Name: "fk_" + parent + "_children", Derived: true, Columns: []string{"parent_id"}, RefTable: parent, RefColumns: []string{"id"},
				OnDelete: map[bool]string{true: "CASCADE"}[i%4 == 0], OnUpdate: map[bool]string{true: "SET NULL"}[i%6 == 0]}}
		}
		s.Tables = append(s.Tables, t)
		if i%10 == 9 {
			join := name + "_tags"
			s.Tables = append(s.Tables, &Table{Name: join, JoinTable: true,
				Columns: []*Column{
					{Name: name + "_id", DataType: Uint, GORMDataType: Uint, Size: 64, PrimaryKey: true},
					{Name: "model0_id", DataType: Uint, GORMDataType: Uint, Size: 64, PrimaryKey: true},
				},
				ForeignKeys: []*ForeignKey{
					{Name: "fk_" + join + "_" + name, Derived: true, Columns: []string{name + "_id"}, RefTable: name, RefColumns: []string{"id"}},
					{Name: "fk_" + join + "_model0", Derived: true, Columns: []string{"model0_id"}, RefTable: "model0", RefColumns: []string{"id"}},
				}})
		}
	}
	s.Sort()
	if err := s.Validate(); err != nil {
		panic(err)
	}
	return s
}

// TestEncodeMatchesEncodingJSON holds the writer to encoding/json's bytes,
// which every committed schema.json has: on the sample, on a snapshot
// with every field set, on a large generated one, on drawn snapshots with
// drawn values, nil and empty lists and nil elements included.
func TestEncodeMatchesEncodingJSON(t *testing.T) {
	same := func(t failer, s *Snapshot) {
		t.Helper()
		want := encodeJSON(t, s)
		if got := writeSnapshot(s); !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			from := max(i-200, 0)
			t.Fatalf("the writer's bytes differ from encoding/json's at byte %d of %d:\nwriter:        %q\nencoding/json: %q",
				i, len(want), got[from:min(i+100, len(got))], want[from:min(i+100, len(want))])
		}
	}
	t.Run("sample", func(t *testing.T) {
		s := sample()
		s.Sort()
		same(t, s)
	})
	t.Run("every field", func(t *testing.T) { same(t, fullSnapshot()) })
	t.Run("empty", func(t *testing.T) {
		same(t, New(Settings{}))
		same(t, &Snapshot{})
	})
	t.Run("2000 models", func(t *testing.T) {
		s := bigSnapshot(2000)
		same(t, s)
		// And through Encode, as generate and snapshot write the file.
		got, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		if want := encodeJSON(t, s); !bytes.Equal(got, want) {
			t.Fatalf("Encode differs from encoding/json on %d tables", len(s.Tables))
		}
	})
	t.Run("drawn", rapid.MakeCheck(func(rt *rapid.T) {
		f := &filler{choose: func(n int) int { return rapid.IntRange(0, n-1).Draw(rt, "choice") }}
		s := &Snapshot{}
		f.fill(reflect.ValueOf(s).Elem())
		same(rt, s)
	}))
}

// TestDecodeFastAgrees checks that the fast decoder reads what migragen
// writes, and that whatever it reads, encoding/json reads the same way:
// on files it leaves to encoding/json it must give up, not guess.
func TestDecodeFastAgrees(t *testing.T) {
	agree := func(t failer, data []byte, mustRead bool) {
		t.Helper()
		fast, ok := decodeFast(data)
		if !ok {
			if mustRead {
				t.Fatalf("decodeFast gave up on a file migragen writes:\n%.2000s", data)
			}
			return
		}
		slow, err := decodeJSONOnly(data)
		if err != nil {
			// Validate runs after either; only encoding/json's own
			// refusal is a disagreement.
			if verr := fast.Validate(); verr == nil || verr.Error() != err.Error() {
				t.Fatalf("decodeFast read a file encoding/json refuses (%v):\n%.2000s", err, data)
			}
			return
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("decodeFast and encoding/json read the file differently:\n%.2000s", data)
		}
	}
	big, err := Encode(bigSnapshot(2000))
	if err != nil {
		t.Fatal(err)
	}
	agree(t, big, true)
	compact, err := json.Marshal(bigSnapshot(50))
	if err != nil {
		t.Fatal(err)
	}
	agree(t, compact, true) // other spacing, HTML escapes (\u003c) included
	sampleData, _ := Encode(sample())
	agree(t, sampleData, true)

	// Files migragen does not write: each is either read as encoding/json
	// reads it, or left to it.
	for _, data := range []string{
		`{"format":1,"tables":[]}`,
		`{"format":1,"Tables":[]}`,
		`{"format":1,"tables":[],"tables":[]}`,
		// A repeated name: encoding/json decodes into what the first
		// value made, merging structs and maps.
		`{"format":1,"tables":[{"name":"a","columns":[{"name":"a","dataType":"int","size":5}],"columns":[{"name":"b","dataType":"int"}]}]}`,
		`{"format":1,"tables":[{"name":"a","columns":[{"name":"id","dataType":"int","dbTypes":{"x":"1"},"dbTypes":{"y":"2"}}]}]}`,
		`{"format":1,"settings":{"naming":{"tablePrefix":"a_"}},"settings":{"tableOptions":"x"},"tables":[]}`,
		`{"format":1.0,"tables":[]}`,
		`{"format":1e0,"tables":[]}`,
		`{"format":01,"tables":[]}`,
		`{"format":-0,"tables":[]}`,
		`{"format":1,"tables":null}`,
		`{"format":1,"settings":null,"tables":[]}`,
		`{"format":1,"tables":[null]}`,
		`{"format":1,"tables":[]} x`,
		`{"format":1,"tables":[],}`,
		`{"format":1 "tables":[]}`,
		`{"format":1,"gorm":"\u00e9\ud83d\ude42","tables":[]}`,
		`{"format":1,"gorm":"\ud800","tables":[]}`,
		"{\"format\":1,\"gorm\":\"\xff\",\"tables\":[]}",
		"{\"format\":1,\"gorm\":\"a\tb\",\"tables\":[]}",
		`{"format":1,"tables":[{"name":"a","columns":[{"name":"id","dataType":"int","dbTypes":{"x":"1","x":"2"}}]}]}`,
		`{"format":1,"tables":[{"name":"a","columns":[{"name":"id","dataType":"int","dbTypes":{}}]}]}`,
		`{"format":1,"tables":[{"name":"a","columns":[{"name":"id","dataType":"int","size":99999999999999999999}]}]}`,
		`{"format":1,"tables":[{"name":"a","columns":[{"name":"id","dataType":"int","notNull":null}]}]}`,
		`{"format":1,"tables":[{"name":"a","columns":[{"name":"id","dataType":"int","notNull":"true"}]}]}`,
		`{"format":2,"tables":[]}`,
		`{"format":0,"tables":[]}`,
		` {"format":1,"tables":[]}` + "\r\n\t",
	} {
		agree(t, []byte(data), false)
	}

	// Drawn snapshots with drawn values, then edited the ways a hand
	// edit or another tool might: every result must agree.
	rapid.Check(t, func(rt *rapid.T) {
		f := &filler{choose: func(n int) int { return rapid.IntRange(0, n-1).Draw(rt, "choice") }}
		s := &Snapshot{}
		f.fill(reflect.ValueOf(s).Elem())
		s.Format = 1
		data := writeSnapshot(s)
		agree(rt, data, false)
		edits := []func(string) string{
			func(d string) string { return strings.Replace(d, `"name"`, `"Name"`, 1) },
			func(d string) string { return strings.Replace(d, `"name": `, `"name": null, "name": `, 1) },
			func(d string) string { return strings.Replace(d, `": 64`, `": 64.0`, 1) },
			func(d string) string { return strings.Replace(d, `": true`, `": null`, 1) },
			func(d string) string { return strings.Replace(d, `": []`, `": null`, 1) },
			func(d string) string { return strings.Replace(d, `"columns": null`, `"columns": []`, 1) },
			func(d string) string { return strings.ReplaceAll(d, "\n", "") },
			func(d string) string { return strings.Replace(d, `",`, `" ,`, 1) },
			func(d string) string { return d[:len(d)/2] },
		}
		edit := rapid.SampledFrom(edits).Draw(rt, "edit")
		agree(rt, []byte(edit(string(data))), false)
	})
}

// BenchmarkEncodeDecode2000 times schema.json of about 2000 models through
// the writer and encoding/json, and back through both decoders.
func BenchmarkEncodeDecode2000(b *testing.B) {
	s := bigSnapshot(2000)
	data, _ := Encode(s)
	b.Run("Encode", func(b *testing.B) {
		for b.Loop() {
			Encode(s)
		}
	})
	b.Run("EncodeJSON", func(b *testing.B) {
		for b.Loop() {
			encodeJSON(b, s)
		}
	})
	b.Run("Decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := Decode("schema.json", data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("DecodeJSON", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeJSONOnly(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDiffReplay2000 times what generate does with the snapshots
// after one new field at about 2000 models: the diff, and the proof that
// it replays to the models.
func BenchmarkDiffReplay2000(b *testing.B) {
	prev := bigSnapshot(2000)
	next := prev.Clone()
	t := next.Tables[len(next.Tables)/2]
	t.Columns = append(t.Columns, &Column{Name: "added", DataType: String, GORMDataType: String, Size: 64, IndexTag: true})
	t.Indexes = append(t.Indexes, &Index{Name: "idx_added", Derived: true, Columns: []*IndexColumn{{Column: "added"}}})
	next.Sort()
	for b.Loop() {
		changes, err := Diff(prev, next, Hints{})
		if err != nil || len(changes) != 2 {
			b.Fatal(changes, err)
		}
		replayed, err := Apply(prev, changes)
		if err != nil {
			b.Fatal(err)
		}
		if d := Differences(replayed, next); len(d) > 0 {
			b.Fatal(d)
		}
	}
}

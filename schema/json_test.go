package schema

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func sample() *Snapshot {
	s := New(Settings{Naming: Naming{TablePrefix: "app_"}})
	s.Tables = []*Table{
		{
			Name: "users", Model: "example.com/m.User",
			Columns: []*Column{
				{Name: "id", DataType: Uint, GORMDataType: Uint, Size: 64, PrimaryKey: true, AutoIncrement: true, HasDefault: true},
				{Name: "email", DataType: String, GORMDataType: String, Size: 191, NotNull: true, Comment: `it's "quoted" <b>`},
				{Name: "company_id", DataType: Uint, GORMDataType: Uint, Size: 64},
			},
			Indexes:     []*Index{{Name: "idx_users_email", Derived: true, Class: "UNIQUE", Columns: []*IndexColumn{{Column: "email"}}}},
			Uniques:     []*Unique{{Name: "uni_users_email", Derived: true, Column: "email"}},
			Checks:      []*Check{{Name: "chk_users_email", Derived: true, Expr: "email <> ''", Column: "email"}},
			ForeignKeys: []*ForeignKey{{Name: "fk_users_company", Derived: true, Columns: []string{"company_id"}, RefTable: "companies", RefColumns: []string{"id"}, OnDelete: "SET NULL"}},
		},
		{Name: "companies", Columns: []*Column{{Name: "id", DataType: Int, GORMDataType: Int, PrimaryKey: true}}},
	}
	return s
}

func TestEncodeIsCanonical(t *testing.T) {
	a, err := Encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	// The same schema built in another order encodes to the same bytes.
	s := sample()
	s.Tables[0], s.Tables[1] = s.Tables[1], s.Tables[0]
	b, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatalf("encoding depends on input order:\n%s\n---\n%s", a, b)
	}
	if !bytes.HasSuffix(a, []byte("}\n")) || !bytes.Contains(a, []byte("\n  \"tables\"")) {
		t.Errorf("want indented JSON ending in a newline, got:\n%s", a)
	}
	if !bytes.Contains(a, []byte(`<b>`)) {
		t.Errorf("SQL and comments must stay readable, not HTML-escaped:\n%s", a)
	}
	// Tables come out sorted.
	if i, j := bytes.Index(a, []byte(`"companies"`)), bytes.Index(a, []byte(`"users"`)); i > j {
		t.Errorf("tables not sorted by name")
	}
}

func TestDecodeRoundTrip(t *testing.T) {
	data, err := Encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	s, err := Decode("snap.json", data)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Fatalf("round trip changed the file:\n%s\n---\n%s", data, again)
	}
}

func TestDecodeErrors(t *testing.T) {
	good, _ := Encode(sample())
	tests := []struct {
		name string
		data string
		want []string // substrings of the error
	}{
		{"empty", " \n", []string{"snap.json: ", "file is empty", "restore it"}},
		{"truncated", string(good[:len(good)/2]), []string{"snap.json", "corrupt snapshot"}},
		{"syntax", "{\n  \"format\": 1,\n  \"tables\": [,]\n}", []string{"snap.json:3:14: corrupt snapshot"}},
		{"not a snapshot", `{"tables": []}`, []string{`no "format" field`}},
		{"newer", `{"format": 99, "tables": []}`, []string{"format 99 is newer", "upgrade migragen"}},
		{"unknown field", strings.Replace(string(good), `"format": 1,`, `"format": 1, "extra": true,`, 1), []string{"unknown field", `"extra"`}},
		{"wrong type", `{"format": 1, "tables": [{"name": 5}]}`, []string{"should be string"}},
		{"trailing", string(good) + "{}", []string{"after top-level value"}},
		{"duplicate table", `{"format":1,"tables":[{"name":"a","columns":[{"name":"id","dataType":"int"}]},{"name":"a","columns":[]}]}`, []string{`table "a" appears twice`}},
		{"missing fk target", `{"format":1,"tables":[{"name":"a","columns":[{"name":"b_id","dataType":"int"}],"foreignKeys":[{"name":"fk","columns":["b_id"],"refTable":"b","refColumns":["id"]}]}]}`, []string{`references missing table "b"`}},
		{"index on missing column", `{"format":1,"tables":[{"name":"a","columns":[{"name":"id","dataType":"int"}],"indexes":[{"name":"i","columns":[{"column":"x"}]}]}]}`, []string{`missing column "x"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode("snap.json", []byte(tt.data))
			if err == nil {
				t.Fatal("want an error")
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("want *DecodeError, got %T", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestShortName(t *testing.T) {
	long := "idx_" + strings.Repeat("very_long_table_name_", 4) + "column"
	sum := sha1.Sum([]byte(long))
	hash := hex.EncodeToString(sum[:])[:8]
	tests := []struct {
		name    string
		derived bool
		max     int
		want    string
	}{
		{"idx_users_email", true, 64, "idx_users_email"},
		{long, false, 64, long}, // user-written names are never shortened
		{long, true, 64, long[:56] + hash},
		{long, true, 63, long[:55] + hash},
	}
	for _, tt := range tests {
		if got := ShortName(tt.name, tt.derived, tt.max); got != tt.want {
			t.Errorf("ShortName(%q, %v, %d) = %q, want %q", tt.name, tt.derived, tt.max, got, tt.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	good, _ := Encode(sample())
	f.Add(good)
	f.Add([]byte(`{"format":1,"tables":[]}`))
	f.Add([]byte(`{"format":1,"tables":[null]}`))
	f.Add([]byte(`{"format":1,"tables":[{"name":"a","columns":[null],"indexes":[{"name":"i","columns":[null]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// What the fast decoder reads, encoding/json reads the same way.
		if fast, ok := decodeFast(data); ok {
			slow, err := decodeJSONOnly(data)
			if err == nil && !reflect.DeepEqual(fast, slow) || err != nil && fast.Validate() == nil {
				t.Fatalf("decodeFast and encoding/json disagree (%v):\n%s", err, data)
			}
		}
		s, err := Decode("fuzz.json", data)
		if err != nil {
			return
		}
		// Whatever decodes must encode and decode to the same thing.
		enc, err := Encode(s)
		if err != nil {
			t.Fatalf("decoded snapshot does not encode: %v", err)
		}
		s2, err := Decode("fuzz.json", enc)
		if err != nil {
			t.Fatalf("re-encoded snapshot does not decode: %v\n%s", err, enc)
		}
		enc2, _ := Encode(s2)
		if !bytes.Equal(enc, enc2) {
			t.Fatalf("encoding is not stable:\n%s\n---\n%s", enc, enc2)
		}
	})
}

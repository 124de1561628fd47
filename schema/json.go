package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Encode returns the canonical JSON form of s: sorted, indented by two
// spaces and ending in a newline, so that equal snapshots give equal bytes
// and a changed one reads well in a code review. It sorts s in place.
//
// The bytes are those of encoding/json's indented form without HTML
// escaping, so that SQL fragments such as "a < b" stay readable; the
// writer (encode.go) is a faster spelling of it, not another format.
func Encode(s *Snapshot) ([]byte, error) {
	s.Sort()
	return writeSnapshot(s), nil
}

// DecodeError reports a snapshot file that cannot be used. Line and Col are
// zero when the problem is not tied to a place in the file.
type DecodeError struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

const restoreHint = "restore it from version control"

// Decode parses a snapshot file. file names it in errors. It rejects files
// that are not JSON, unknown fields, formats newer than FormatVersion and
// snapshots that contradict themselves, always with an error that names the
// file and says how to fix it.
func Decode(file string, data []byte) (*Snapshot, error) {
	fail := func(offset int64, format string, args ...any) error {
		e := &DecodeError{File: file, Msg: fmt.Sprintf(format, args...)}
		if offset >= 0 {
			e.Line, e.Col = position(data, offset)
		}
		return e
	}

	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fail(-1, "the snapshot file is empty; %s", restoreHint)
	}
	s, ok := decodeFast(data)
	if !ok {
		var err error
		if s, err = decodeJSON(data, fail); err != nil {
			return nil, err
		}
	}
	if err := s.Validate(); err != nil {
		return nil, fail(-1, "%v; %s", err, restoreHint)
	}
	return s, nil
}

// decodeJSON is Decode through encoding/json, which decides what any file
// decodeFast does not read means, and says where it is wrong.
func decodeJSON(data []byte, fail func(int64, string, ...any) error) (*Snapshot, error) {
	// Read the format first, so a newer file is reported as newer rather
	// than as having unknown fields.
	var head struct {
		Format *int `json:"format"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(err, fail)
	}
	switch {
	case head.Format == nil:
		return nil, fail(-1, "not a migragen snapshot: no \"format\" field; %s", restoreHint)
	case *head.Format > FormatVersion:
		return nil, fail(-1, "snapshot format %d is newer than this migragen understands (%d); upgrade migragen", *head.Format, FormatVersion)
	case *head.Format < 1:
		return nil, fail(-1, "invalid snapshot format %d; %s", *head.Format, restoreHint)
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, jsonError(err, fail)
	}
	return &s, nil
}

func jsonError(err error, fail func(int64, string, ...any) error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// The offset is just past the byte that broke the syntax.
		return fail(max(syntax.Offset-1, 0), "corrupt snapshot: %v; %s", syntax, restoreHint)
	case errors.As(err, &typ):
		return fail(typ.Offset, "corrupt snapshot: %s should be %s, not JSON %s; %s", typ.Field, typ.Type, typ.Value, restoreHint)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fail(-1, "corrupt snapshot: the file is empty or ends early; %s", restoreHint)
	default:
		return fail(-1, "corrupt snapshot: %v; %s", err, restoreHint)
	}
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// Validate reports the first way in which s contradicts itself: missing or
// duplicate names, and indexes or constraints on columns or tables that do
// not exist.
func (s *Snapshot) Validate() error {
	tables := map[string]*Table{}
	for i, t := range s.Tables {
		if t == nil || t.Name == "" {
			return fmt.Errorf("table #%d has no name", i+1)
		}
		if tables[t.Name] != nil {
			return fmt.Errorf("table %q appears twice", t.Name)
		}
		tables[t.Name] = t
	}
	// The per-table sets are cleared for each table, not made anew: at
	// thousands of tables, making them was most of decoding's garbage.
	names := map[string]string{}
	cols := map[string]bool{}
	for _, t := range s.Tables {
		// Names need only be unique within a table: that is all MySQL
		// demands, and GORM lets a model set rely on it.
		clear(names)
		clear(cols)
		claim := func(t *Table, kind, name string) error {
			if name == "" {
				return fmt.Errorf("table %q has a %s without a name", t.Name, kind)
			}
			if other, ok := names[name]; ok {
				return fmt.Errorf("table %q: name %q is used by a %s and a %s", t.Name, name, other, kind)
			}
			names[name] = kind
			return nil
		}
		for i, c := range t.Columns {
			if c == nil || c.Name == "" {
				return fmt.Errorf("table %q: column #%d has no name", t.Name, i+1)
			}
			if cols[c.Name] {
				return fmt.Errorf("table %q: column %q appears twice", t.Name, c.Name)
			}
			if c.DataType == "" {
				return fmt.Errorf("table %q: column %q has no dataType", t.Name, c.Name)
			}
			cols[c.Name] = true
		}
		hasColumn := func(kind, name string, col string) error {
			if !cols[col] {
				return fmt.Errorf("table %q: %s %q refers to missing column %q", t.Name, kind, name, col)
			}
			return nil
		}
		for _, ix := range t.Indexes {
			if ix == nil || len(ix.Columns) == 0 {
				return fmt.Errorf("table %q: an index has no columns", t.Name)
			}
			if err := claim(t, "index", ix.Name); err != nil {
				return err
			}
			for _, ic := range ix.Columns {
				if ic == nil {
					return fmt.Errorf("table %q: index %q has an empty column", t.Name, ix.Name)
				}
				if err := hasColumn("index", ix.Name, ic.Column); err != nil {
					return err
				}
			}
		}
		for _, u := range t.Uniques {
			if u == nil {
				return fmt.Errorf("table %q: empty unique constraint", t.Name)
			}
			if err := claim(t, "unique constraint", u.Name); err != nil {
				return err
			}
			if err := hasColumn("unique constraint", u.Name, u.Column); err != nil {
				return err
			}
		}
		for _, c := range t.Checks {
			if c == nil {
				return fmt.Errorf("table %q: empty check constraint", t.Name)
			}
			if err := claim(t, "check constraint", c.Name); err != nil {
				return err
			}
			if c.Expr == "" {
				return fmt.Errorf("table %q: check %q has no expression", t.Name, c.Name)
			}
		}
		for _, fk := range t.ForeignKeys {
			if fk == nil {
				return fmt.Errorf("table %q: empty foreign key", t.Name)
			}
			if err := claim(t, "foreign key", fk.Name); err != nil {
				return err
			}
			if len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) {
				return fmt.Errorf("table %q: foreign key %q has %d columns but %d referenced columns", t.Name, fk.Name, len(fk.Columns), len(fk.RefColumns))
			}
			for _, col := range fk.Columns {
				if err := hasColumn("foreign key", fk.Name, col); err != nil {
					return err
				}
			}
			ref := tables[fk.RefTable]
			if ref == nil {
				return fmt.Errorf("table %q: foreign key %q references missing table %q", t.Name, fk.Name, fk.RefTable)
			}
			for _, col := range fk.RefColumns {
				if ref.Column(col) == nil {
					return fmt.Errorf("table %q: foreign key %q references missing column %s.%s", t.Name, fk.Name, fk.RefTable, col)
				}
			}
		}
	}
	return nil
}

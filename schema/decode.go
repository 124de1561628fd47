package schema

import (
	"encoding/binary"
	"encoding/json"
	"slices"
	"unicode/utf8"
)

// Decoding schema.json through encoding/json reads the file three times
// (the format check, the decoder's scan for the value's end, and the
// reflective decode), which at a few thousand tables costs more than
// anything else migragen does with the file. decodeFast reads it once,
// straight into the structs, but only the file as migragen writes it and
// as encoding/json would read it: the field names exactly as tagged, each
// at most once, strings, integers and booleans where the fields want them,
// and a supported format. On anything else (a name in other case, an
// unknown or repeated field, a null where a value belongs, a number that is
// not a plain integer, invalid UTF-8, trailing data, a syntax error) it
// gives up, and Decode reads the file through encoding/json, whose result
// or error is then the answer. So decodeFast never decides what a file
// means; it only skips the slow path where the two agree, which
// TestDecodeFastAgrees and FuzzDecode check.

// fastDecoder reads JSON from data at i; bad is set, and everything
// after returns early, once the input leaves what it handles.
type fastDecoder struct {
	data []byte
	i    int
	bad  bool
	// scratch holds the columns of the table being read.
	scratch []Column
}

// decodeFast decodes data, or reports false for the caller to use
// encoding/json instead.
func decodeFast(data []byte) (*Snapshot, bool) {
	d := &fastDecoder{data: data}
	s := &Snapshot{}
	var hasFormat bool
	d.object(func(key []byte) bool {
		switch string(key) {
		case "format":
			s.Format, hasFormat = d.int(), true
		case "gorm":
			s.GORM = d.str()
		case "gormVersion":
			s.GORMVersion = d.str()
		case "settings":
			d.settings(&s.Settings)
		case "tables":
			s.Tables = list(d, (*fastDecoder).table)
		default:
			return false
		}
		return true
	})
	d.space()
	if d.bad || d.i != len(d.data) || !hasFormat || s.Format < 1 || s.Format > FormatVersion {
		return nil, false
	}
	return s, true
}

func (d *fastDecoder) fail() { d.bad = true }

func (d *fastDecoder) space() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\n', '\t', '\r':
			d.i++
			// Indentation is most of the file: skip it eight bytes at a
			// time.
			for d.i+8 <= len(d.data) && binary.LittleEndian.Uint64(d.data[d.i:]) == 0x2020202020202020 {
				d.i += 8
			}
		default:
			return
		}
	}
}

// consume skips space and then c, which must follow.
func (d *fastDecoder) consume(c byte) {
	d.space()
	if d.i < len(d.data) && d.data[d.i] == c {
		d.i++
		return
	}
	d.fail()
}

// peek skips space and reports whether c comes next.
func (d *fastDecoder) peek(c byte) bool {
	d.space()
	return d.i < len(d.data) && d.data[d.i] == c
}

// object reads an object, calling field with each member's name, the
// decoder at its value. field returns false for a name it does not know.
// A name given twice fails: encoding/json would decode both values, the
// second over the first.
func (d *fastDecoder) object(field func(key []byte) bool) {
	d.consume('{')
	if d.bad {
		return
	}
	if d.peek('}') {
		d.i++
		return
	}
	// Names alias data; a stack array holds every field of the largest
	// struct.
	var names [24][]byte
	seen := names[:0]
	for !d.bad {
		key := d.rawString()
		d.consume(':')
		if d.bad {
			return
		}
		for _, k := range seen {
			if string(k) == string(key) {
				d.fail()
				return
			}
		}
		seen = append(seen, key)
		if !field(key) {
			d.fail()
			return
		}
		d.space()
		if d.i >= len(d.data) {
			d.fail()
			return
		}
		switch d.data[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			return
		default:
			d.fail()
		}
	}
}

// list reads an array of values each read by elem, or null for a nil
// list; an empty array is an empty, non-nil list, as encoding/json makes.
func list[T any](d *fastDecoder, elem func(*fastDecoder) T) []T {
	out, null := appendList(d, []T{}, elem)
	if null {
		return nil
	}
	return out
}

// appendList is list appending to out; null reports a null.
func appendList[T any](d *fastDecoder, out []T, elem func(*fastDecoder) T) (_ []T, null bool) {
	if d.null() {
		return nil, true
	}
	d.consume('[')
	if d.bad {
		return nil, false
	}
	if d.peek(']') {
		d.i++
		return out, false
	}
	for !d.bad {
		out = append(out, elem(d))
		d.space()
		if d.i >= len(d.data) {
			d.fail()
			break
		}
		switch d.data[d.i] {
		case ',':
			d.i++
		case ']':
			d.i++
			return out, false
		default:
			d.fail()
		}
	}
	return nil, false
}

// null reads a null if one comes next.
func (d *fastDecoder) null() bool {
	d.space()
	if len(d.data)-d.i >= 4 && string(d.data[d.i:d.i+4]) == "null" {
		d.i += 4
		return true
	}
	return false
}

// rawString reads a string without escapes and returns its bytes, which
// alias data. A string with escapes or bytes beyond ASCII fails: only
// values (str) may have them.
func (d *fastDecoder) rawString() []byte {
	d.consume('"')
	start := d.i
	for d.i < len(d.data) {
		switch c := d.data[d.i]; {
		case c == '"':
			d.i++
			return d.data[start : d.i-1]
		case c < 0x20 || c == '\\' || c >= 0x80:
			d.fail()
			return nil
		}
		d.i++
	}
	d.fail()
	return nil
}

// str reads a string value. One with escapes is unquoted by encoding/json
// itself; invalid UTF-8, which encoding/json replaces, fails.
func (d *fastDecoder) str() string {
	d.consume('"')
	if d.bad {
		return ""
	}
	start, ascii := d.i, true
	for d.i < len(d.data) {
		switch c := d.data[d.i]; {
		case c == '"':
			d.i++
			raw := d.data[start : d.i-1]
			if !ascii && !utf8.Valid(raw) {
				d.fail()
				return ""
			}
			return string(raw)
		case c == '\\':
			return d.escapedString(start - 1)
		case c < 0x20:
			d.fail()
			return ""
		case c >= 0x80:
			ascii = false
		}
		d.i++
	}
	d.fail()
	return ""
}

// escapedString reads the rest of the string that starts, with its quote,
// at start, and unquotes it with encoding/json.
func (d *fastDecoder) escapedString(start int) string {
	for d.i < len(d.data) {
		switch c := d.data[d.i]; {
		case c == '\\':
			d.i += 2
			continue
		case c == '"':
			d.i++
			var s string
			if json.Unmarshal(d.data[start:d.i], &s) != nil {
				d.fail()
			}
			// encoding/json replaces invalid UTF-8 with U+FFFD.
			if !utf8.ValidString(s) || !utf8.Valid(d.data[start:d.i]) {
				d.fail()
			}
			return s
		case c < 0x20:
			d.fail()
			return ""
		}
		d.i++
	}
	d.fail()
	return ""
}

// int reads an integer in JSON's syntax without fraction or exponent,
// which encoding/json would refuse for an int field.
func (d *fastDecoder) int() int {
	d.space()
	neg := d.i < len(d.data) && d.data[d.i] == '-'
	if neg {
		d.i++
	}
	start := d.i
	n := 0
	for d.i < len(d.data) && d.data[d.i] >= '0' && d.data[d.i] <= '9' {
		n = n*10 + int(d.data[d.i]-'0')
		d.i++
	}
	digits := d.i - start
	switch {
	case digits == 0, digits > 18, // no number, or one that might overflow
		digits > 1 && d.data[start] == '0', // a leading zero is not JSON
		d.i < len(d.data) && (d.data[d.i] == '.' || d.data[d.i] == 'e' || d.data[d.i] == 'E'):
		d.fail()
		return 0
	}
	if neg {
		n = -n
	}
	return n
}

func (d *fastDecoder) bool() bool {
	d.space()
	switch {
	case len(d.data)-d.i >= 4 && string(d.data[d.i:d.i+4]) == "true":
		d.i += 4
		return true
	case len(d.data)-d.i >= 5 && string(d.data[d.i:d.i+5]) == "false":
		d.i += 5
		return false
	}
	d.fail()
	return false
}

func (d *fastDecoder) strs() []string { return list(d, (*fastDecoder).str) }

func (d *fastDecoder) settings(s *Settings) {
	d.object(func(key []byte) bool {
		switch string(key) {
		case "naming":
			n := &s.Naming
			d.object(func(key []byte) bool {
				switch string(key) {
				case "tablePrefix":
					n.TablePrefix = d.str()
				case "singularTable":
					n.SingularTable = d.bool()
				case "noLowerCase":
					n.NoLowerCase = d.bool()
				case "identifierMaxLength":
					n.IdentifierMaxLength = d.int()
				default:
					return false
				}
				return true
			})
		case "disableForeignKeyConstraintWhenMigrating":
			s.DisableForeignKeyConstraints = d.bool()
		case "tableOptions":
			s.TableOptions = d.str()
		case "joinTables":
			s.JoinTables = list(d, func(d *fastDecoder) (j JoinTableSetting) {
				d.object(func(key []byte) bool {
					switch string(key) {
					case "model":
						j.Model = d.str()
					case "field":
						j.Field = d.str()
					case "joinModel":
						j.JoinModel = d.str()
					default:
						return false
					}
					return true
				})
				return j
			})
		case "dialects":
			s.Dialects = d.strs()
		case "plainDDL":
			s.PlainDDL = d.strs()
		default:
			return false
		}
		return true
	})
}

// The readers of a list's elements below fail on a null element, which
// encoding/json decodes to a nil pointer: Validate refuses it anyway, and
// the slow path says where.

func (d *fastDecoder) table() *Table {
	t := new(Table)
	d.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			t.Name = d.str()
		case "model":
			t.Model = d.str()
		case "joinTable":
			t.JoinTable = d.bool()
		case "columns":
			t.Columns = d.columns()
		case "indexes":
			t.Indexes = list(d, (*fastDecoder).index)
		case "uniques":
			t.Uniques = list(d, (*fastDecoder).unique)
		case "checks":
			t.Checks = list(d, (*fastDecoder).check)
		case "foreignKeys":
			t.ForeignKeys = list(d, (*fastDecoder).foreignKey)
		default:
			return false
		}
		return true
	})
	return t
}

// columns reads a table's columns into one array of its own, rather
// than allocating each: a snapshot's columns are most of its objects.
func (d *fastDecoder) columns() []*Column {
	vals, null := appendList(d, d.scratch[:0], (*fastDecoder).column)
	d.scratch = vals[:0]
	if null || d.bad {
		return nil
	}
	cols := slices.Clone(vals)
	out := make([]*Column, len(cols))
	for i := range cols {
		out[i] = &cols[i]
	}
	return out
}

func (d *fastDecoder) column() (c Column) {
	d.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			c.Name = d.str()
		case "field":
			c.Field = d.str()
		case "dataType":
			c.DataType = d.str()
		case "gormDataType":
			c.GORMDataType = d.str()
		case "type":
			c.Type = d.str()
		case "size":
			c.Size = d.int()
		case "precision":
			c.Precision = d.int()
		case "scale":
			c.Scale = d.int()
		case "primaryKey":
			c.PrimaryKey = d.bool()
		case "autoIncrement":
			c.AutoIncrement = d.bool()
		case "notNull":
			c.NotNull = d.bool()
		case "hasDefault":
			c.HasDefault = d.bool()
		case "default":
			c.Default = d.str()
		case "defaultKind":
			c.DefaultKind = d.str()
		case "comment":
			c.Comment = d.str()
		case "tagComment":
			c.TagComment = d.str()
		case "indexTag":
			c.IndexTag = d.bool()
		case "uniqueTag":
			c.UniqueTag = d.bool()
		case "precisionTag":
			c.PrecisionTag = d.bool()
		case "generated":
			c.Generated = d.str()
		case "dbTypes":
			c.DBTypes = d.stringMap()
		case "dbTypesOnly":
			c.DBTypesOnly = d.bool()
		default:
			return false
		}
		return true
	})
	return c
}

// stringMap reads an object of strings, or null for a nil map. A name
// given twice keeps its last value, as with encoding/json.
func (d *fastDecoder) stringMap() map[string]string {
	if d.null() {
		return nil
	}
	d.consume('{')
	m := map[string]string{}
	if d.bad || d.peek('}') {
		d.i++
		return m
	}
	for !d.bad {
		k := d.str()
		d.consume(':')
		m[k] = d.str()
		d.space()
		if d.i >= len(d.data) {
			d.fail()
			break
		}
		switch d.data[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			return m
		default:
			d.fail()
		}
	}
	return nil
}

func (d *fastDecoder) index() *Index {
	ix := new(Index)
	d.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			ix.Name = d.str()
		case "derived":
			ix.Derived = d.bool()
		case "class":
			ix.Class = d.str()
		case "type":
			ix.Type = d.str()
		case "where":
			ix.Where = d.str()
		case "comment":
			ix.Comment = d.str()
		case "option":
			ix.Option = d.str()
		case "columns":
			ix.Columns = list(d, (*fastDecoder).indexColumn)
		default:
			return false
		}
		return true
	})
	return ix
}

func (d *fastDecoder) unique() *Unique {
	u := new(Unique)
	d.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			u.Name = d.str()
		case "derived":
			u.Derived = d.bool()
		case "column":
			u.Column = d.str()
		default:
			return false
		}
		return true
	})
	return u
}

func (d *fastDecoder) check() *Check {
	k := new(Check)
	d.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			k.Name = d.str()
		case "derived":
			k.Derived = d.bool()
		case "expr":
			k.Expr = d.str()
		case "column":
			k.Column = d.str()
		default:
			return false
		}
		return true
	})
	return k
}

func (d *fastDecoder) foreignKey() *ForeignKey {
	fk := new(ForeignKey)
	d.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			fk.Name = d.str()
		case "derived":
			fk.Derived = d.bool()
		case "columns":
			fk.Columns = d.strs()
		case "refTable":
			fk.RefTable = d.str()
		case "refColumns":
			fk.RefColumns = d.strs()
		case "onUpdate":
			fk.OnUpdate = d.str()
		case "onDelete":
			fk.OnDelete = d.str()
		default:
			return false
		}
		return true
	})
	return fk
}

func (d *fastDecoder) indexColumn() *IndexColumn {
	ic := new(IndexColumn)
	d.object(func(key []byte) bool {
		switch string(key) {
		case "column":
			ic.Column = d.str()
		case "expression":
			ic.Expression = d.str()
		case "sort":
			ic.Sort = d.str()
		case "collate":
			ic.Collate = d.str()
		case "length":
			ic.Length = d.int()
		default:
			return false
		}
		return true
	})
	return ic
}

package schema

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// schema.json is written by hand rather than by encoding/json, whose
// indented form is a compact encoding through reflection followed by a
// second pass that indents it: at a few thousand tables that cost a sixth
// of `migragen snapshot` and a third of its allocations. The bytes must
// stay exactly encoding/json's (json.Encoder with SetIndent("", "  ") and
// SetEscapeHTML(false)): users commit the file, and any other spelling
// would show as a diff in every repository. So the writer follows the
// struct tags field by field, in declaration order, omitting what
// omitempty omits, writing nil lists as null and empty containers as []
// or {} as the indenter does; strings that need escaping go through
// encoding/json itself. TestEncodeMatchesEncodingJSON compares the two on
// snapshots with every field set and on large generated ones, so a field
// added to a struct and not here fails it.

// writeSnapshot is s in schema.json's form, in s's order.
func writeSnapshot(s *Snapshot) []byte {
	// About 4 KB a table at 2000 generated models: one allocation.
	w := jsonWriter{b: make([]byte, 0, 1024+4096*len(s.Tables))}
	w.snapshot(s)
	return append(w.b, '\n')
}

// jsonWriter appends indented JSON to b. open tracks, per open object or
// array, whether it has a member yet.
type jsonWriter struct {
	b    []byte
	open []bool
	// esc encodes strings that need escaping; made on first use.
	esc    *json.Encoder
	escBuf bytes.Buffer
}

func (w *jsonWriter) begin(c byte) {
	w.b = append(w.b, c)
	w.open = append(w.open, false)
}

func (w *jsonWriter) end(c byte) {
	n := len(w.open) - 1
	if w.open[n] {
		w.newline(n)
	}
	w.b = append(w.b, c)
	w.open = w.open[:n]
}

// indentation is a newline and the indentation of the deepest member.
const indentation = "\n                    "

func (w *jsonWriter) newline(depth int) {
	if n := 1 + 2*depth; n <= len(indentation) {
		w.b = append(w.b, indentation[:n]...)
		return
	}
	w.b = append(w.b, '\n')
	for range depth {
		w.b = append(w.b, ' ', ' ')
	}
}

// elem starts the next member of the innermost object or array.
func (w *jsonWriter) elem() {
	n := len(w.open) - 1
	if w.open[n] {
		w.b = append(w.b, ',')
	}
	w.open[n] = true
	w.newline(n + 1)
}

// key starts a member named k, a plain ASCII name from a struct tag.
func (w *jsonWriter) key(k string) {
	w.elem()
	w.b = append(w.b, '"')
	w.b = append(w.b, k...)
	w.b = append(w.b, '"', ':', ' ')
}

func (w *jsonWriter) str(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			w.escaped(s)
			return
		}
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, s...)
	w.b = append(w.b, '"')
}

// escaped writes s as encoding/json does: control characters, quotes,
// backslashes, invalid UTF-8 and U+2028/U+2029 have their own spellings.
func (w *jsonWriter) escaped(s string) {
	if w.esc == nil {
		w.esc = json.NewEncoder(&w.escBuf)
		w.esc.SetEscapeHTML(false)
	}
	w.escBuf.Reset()
	w.esc.Encode(s) // a string always encodes
	w.b = append(w.b, bytes.TrimSuffix(w.escBuf.Bytes(), []byte("\n"))...)
}

func (w *jsonWriter) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

func (w *jsonWriter) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

func (w *jsonWriter) null() { w.b = append(w.b, "null"...) }

// The field helpers write one member, or nothing where omitempty leaves
// the zero value out.

func (w *jsonWriter) strField(k, v string, omitEmpty bool) {
	if v != "" || !omitEmpty {
		w.key(k)
		w.str(v)
	}
}

func (w *jsonWriter) intField(k string, v int, omitEmpty bool) {
	if v != 0 || !omitEmpty {
		w.key(k)
		w.int(v)
	}
}

func (w *jsonWriter) boolField(k string, v bool) { // every bool field is omitempty
	if v {
		w.key(k)
		w.bool(true)
	}
}

func (w *jsonWriter) strings(k string, v []string, omitEmpty bool) {
	writeList(w, k, v, omitEmpty, func(w *jsonWriter, s string) { w.str(s) })
}

// writeList writes the member k, a list: null when nil and not omitted,
// [] when empty.
func writeList[T any](w *jsonWriter, k string, v []T, omitEmpty bool, each func(*jsonWriter, T)) {
	if len(v) == 0 && omitEmpty {
		return
	}
	w.key(k)
	if v == nil {
		w.null()
		return
	}
	w.begin('[')
	for _, x := range v {
		w.elem()
		each(w, x)
	}
	w.end(']')
}

// writePtrs is writeList for a list of pointers, a nil one written as null.
func writePtrs[T any](w *jsonWriter, k string, v []*T, omitEmpty bool, each func(*jsonWriter, *T)) {
	writeList(w, k, v, omitEmpty, func(w *jsonWriter, x *T) {
		if x == nil {
			w.null()
			return
		}
		each(w, x)
	})
}

func (w *jsonWriter) snapshot(s *Snapshot) {
	w.begin('{')
	w.intField("format", s.Format, false)
	w.strField("gorm", s.GORM, false)
	w.strField("gormVersion", s.GORMVersion, true)
	w.key("settings")
	w.settings(&s.Settings)
	writePtrs(w, "tables", s.Tables, false, (*jsonWriter).table)
	w.end('}')
}

func (w *jsonWriter) settings(s *Settings) {
	w.begin('{')
	w.key("naming")
	w.begin('{')
	n := &s.Naming
	w.strField("tablePrefix", n.TablePrefix, true)
	w.boolField("singularTable", n.SingularTable)
	w.boolField("noLowerCase", n.NoLowerCase)
	w.intField("identifierMaxLength", n.IdentifierMaxLength, true)
	w.end('}')
	w.boolField("disableForeignKeyConstraintWhenMigrating", s.DisableForeignKeyConstraints)
	w.strField("tableOptions", s.TableOptions, true)
	writeList(w, "joinTables", s.JoinTables, true, func(w *jsonWriter, j JoinTableSetting) {
		w.begin('{')
		w.strField("model", j.Model, false)
		w.strField("field", j.Field, false)
		w.strField("joinModel", j.JoinModel, false)
		w.end('}')
	})
	w.strings("dialects", s.Dialects, true)
	w.strings("plainDDL", s.PlainDDL, true)
	w.end('}')
}

func (w *jsonWriter) table(t *Table) {
	w.begin('{')
	w.strField("name", t.Name, false)
	w.strField("model", t.Model, true)
	w.boolField("joinTable", t.JoinTable)
	writePtrs(w, "columns", t.Columns, false, (*jsonWriter).column)
	writePtrs(w, "indexes", t.Indexes, true, (*jsonWriter).index)
	writePtrs(w, "uniques", t.Uniques, true, func(w *jsonWriter, u *Unique) {
		w.begin('{')
		w.strField("name", u.Name, false)
		w.boolField("derived", u.Derived)
		w.strField("column", u.Column, false)
		w.end('}')
	})
	writePtrs(w, "checks", t.Checks, true, func(w *jsonWriter, c *Check) {
		w.begin('{')
		w.strField("name", c.Name, false)
		w.boolField("derived", c.Derived)
		w.strField("expr", c.Expr, false)
		w.strField("column", c.Column, false)
		w.end('}')
	})
	writePtrs(w, "foreignKeys", t.ForeignKeys, true, func(w *jsonWriter, fk *ForeignKey) {
		w.begin('{')
		w.strField("name", fk.Name, false)
		w.boolField("derived", fk.Derived)
		w.strings("columns", fk.Columns, false)
		w.strField("refTable", fk.RefTable, false)
		w.strings("refColumns", fk.RefColumns, false)
		w.strField("onUpdate", fk.OnUpdate, true)
		w.strField("onDelete", fk.OnDelete, true)
		w.end('}')
	})
	w.end('}')
}

func (w *jsonWriter) column(c *Column) {
	w.begin('{')
	w.strField("name", c.Name, false)
	w.strField("field", c.Field, true)
	w.strField("dataType", c.DataType, false)
	w.strField("gormDataType", c.GORMDataType, true)
	w.strField("type", c.Type, true)
	w.intField("size", c.Size, true)
	w.intField("precision", c.Precision, true)
	w.intField("scale", c.Scale, true)
	w.boolField("primaryKey", c.PrimaryKey)
	w.boolField("autoIncrement", c.AutoIncrement)
	w.boolField("notNull", c.NotNull)
	w.boolField("hasDefault", c.HasDefault)
	w.strField("default", c.Default, true)
	w.strField("defaultKind", c.DefaultKind, true)
	w.strField("comment", c.Comment, true)
	w.strField("tagComment", c.TagComment, true)
	w.boolField("indexTag", c.IndexTag)
	w.boolField("uniqueTag", c.UniqueTag)
	w.boolField("precisionTag", c.PrecisionTag)
	w.strField("generated", c.Generated, true)
	if len(c.DBTypes) > 0 {
		w.key("dbTypes")
		w.begin('{')
		// encoding/json sorts a map's keys.
		keys := make([]string, 0, len(c.DBTypes))
		for k := range c.DBTypes {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, strings.Compare)
		for _, k := range keys {
			w.elem()
			w.str(k)
			w.b = append(w.b, ':', ' ')
			w.str(c.DBTypes[k])
		}
		w.end('}')
	}
	w.boolField("dbTypesOnly", c.DBTypesOnly)
	w.end('}')
}

func (w *jsonWriter) index(ix *Index) {
	w.begin('{')
	w.strField("name", ix.Name, false)
	w.boolField("derived", ix.Derived)
	w.strField("class", ix.Class, true)
	w.strField("type", ix.Type, true)
	w.strField("where", ix.Where, true)
	w.strField("comment", ix.Comment, true)
	w.strField("option", ix.Option, true)
	writePtrs(w, "columns", ix.Columns, false, func(w *jsonWriter, ic *IndexColumn) {
		w.begin('{')
		w.strField("column", ic.Column, false)
		w.strField("expression", ic.Expression, true)
		w.strField("sort", ic.Sort, true)
		w.strField("collate", ic.Collate, true)
		w.intField("length", ic.Length, true)
		w.end('}')
	})
	w.end('}')
}

package migrate

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash"
	"maps"
	"slices"
	"sync"

	"github.com/migragen/migragen/schema"
)

// sumPrefix starts every checksum Checksum returns. Releases before it
// recorded the hex SHA-256 of a JSON document (legacyChecksum), 64 hex
// digits, which can never start with it; such rows are still accepted.
const sumPrefix = "v2:"

// Checksum returns the checksum the version table records for m:
// "v2:" and the base64url SHA-256 of a compact binary encoding of what m
// does: every change of its Schema steps with its full definition (not
// its Checks, which only guard the start), the text of its SQL steps,
// the names of its Go steps and whether they have a Down,
// NoTransaction, and DependsOn (sorted). Changing any op or step of an
// applied migration changes it. The id, parents, message, Contract,
// Replaces and Settings are not part of it; a Go function's body cannot
// be.
//
// It covers what the JSON checksum of earlier releases covers, at a
// fraction of the cost: an application computes it for every migration
// on every start, and JSON by reflection of every column of a 200-table
// initial migration took milliseconds. A table that Down drops exactly as
// Up creates it is encoded once.
func Checksum(m Migration) (string, error) {
	w := sumWriters.Get().(*sumWriter)
	defer w.release()
	w.str("migragen checksum v2")
	if err := w.steps(m.ID, m.Up); err != nil {
		return "", err
	}
	if err := w.steps(m.ID, m.Down); err != nil {
		return "", err
	}
	w.bool(m.NoTransaction)
	w.strs(slices.Sorted(slices.Values(m.DependsOn)))
	w.h.Write(w.buf)
	var sum [sha256.Size]byte
	return sumPrefix + base64.RawURLEncoding.EncodeToString(w.h.Sum(sum[:0])), nil
}

// sumChunk is how much encoding sumWriter buffers before it hashes it.
const sumChunk = 16 << 10

// sumWriters keeps sumWriters between calls: New checksums every revision
// of a long history, most of them small.
var sumWriters = sync.Pool{New: func() any {
	return &sumWriter{h: sha256.New(), buf: make([]byte, 0, sumChunk+4096)}
}}

func (w *sumWriter) release() {
	w.h.Reset()
	w.buf = w.buf[:0]
	if cap(w.buf) > 4*sumChunk { // a long SQL step's text
		w.buf = make([]byte, 0, sumChunk+4096)
	}
	clear(w.tables)
	sumWriters.Put(w)
}

// sumWriter encodes a migration for Checksum. Strings are length-prefixed,
// integers varints, lists count-prefixed, optional pointers preceded by a
// presence byte; a struct starts with a bitmap of its non-zero fields in
// declaration order and then holds only those (booleans live in the
// bitmap alone), so that the many empty fields of a column cost one bit
// each. Each change starts with a tag of its own type. The encoding is
// unambiguous, so two migrations have the same checksum only if they do
// the same.
type sumWriter struct {
	h   hash.Hash
	buf []byte
	// tables are the tables written in full so far, by name, with their
	// position in the map: a later equal table (the one Down drops) is
	// written as a reference to the first.
	tables map[string]tableRef
}

type tableRef struct {
	t   *schema.Table
	pos uint64
}

func (w *sumWriter) flush() {
	if len(w.buf) >= sumChunk {
		w.h.Write(w.buf)
		w.buf = w.buf[:0]
	}
}

func (w *sumWriter) byte(b byte) { w.buf = append(w.buf, b) }

func (w *sumWriter) uint(x uint64) { w.buf = binary.AppendUvarint(w.buf, x) }

func (w *sumWriter) int(x int) { w.buf = binary.AppendVarint(w.buf, int64(x)) }

func (w *sumWriter) bool(b bool) {
	if b {
		w.byte(1)
	} else {
		w.byte(0)
	}
}

func (w *sumWriter) str(s string) {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *sumWriter) strs(list []string) {
	w.uint(uint64(len(list)))
	for _, s := range list {
		w.str(s)
	}
}

// The step tags; a list of steps ends with stepEnd.
const (
	stepEnd byte = iota
	stepSchema
	stepGo
	stepSQL
)

func (w *sumWriter) steps(id string, list []Step) error {
	for _, s := range list {
		switch s := s.(type) {
		case Schema:
			w.byte(stepSchema)
			w.uint(uint64(len(s.Changes)))
			for _, c := range s.Changes {
				if err := w.change(id, c); err != nil {
					return err
				}
				w.flush()
			}
		case Checks:
			// Checks guard the database before a migration runs and do
			// nothing after: waiving one on a revision that another
			// database already applied must not make it "modified"
			// there. The sum file still sees the edit.
		case Go:
			w.byte(stepGo)
			w.str(s.Name)
			w.bool(s.Down != nil)
		case SQL:
			w.byte(stepSQL)
			w.str(s.Dialect)
			w.str(s.Up)
			w.str(s.Down)
			w.bool(s.Online)
		default:
			return fmt.Errorf("revision %s: unknown step type %T", id, s)
		}
	}
	w.byte(stepEnd)
	return nil
}

// The change tags. changeOther is followed by the change's Go type and
// its JSON: a kind of change added to package schema without a tag here
// is still covered, more slowly.
const (
	changeCreateTable byte = iota + 1
	changeDropTable
	changeRenameTable
	changeAddColumn
	changeDropColumn
	changeRenameColumn
	changeAlterColumn
	changeCreateIndex
	changeDropIndex
	changeRenameIndex
	changeRenameConstraint
	changeAddUnique
	changeDropUnique
	changeAddCheck
	changeDropCheck
	changeAddForeignKey
	changeDropForeignKey
	changeOther byte = 0xff
)

func (w *sumWriter) change(id string, c schema.Change) error {
	switch c := c.(type) {
	case schema.CreateTable:
		w.byte(changeCreateTable)
		w.table(c.Table)
	case schema.DropTable:
		w.byte(changeDropTable)
		w.table(c.Table)
	case schema.RenameTable:
		w.byte(changeRenameTable)
		w.str(c.From)
		w.str(c.To)
	case schema.AddColumn:
		w.byte(changeAddColumn)
		w.str(c.Table)
		w.column(c.Column)
	case schema.DropColumn:
		w.byte(changeDropColumn)
		w.str(c.Table)
		w.column(c.Column)
	case schema.RenameColumn:
		w.byte(changeRenameColumn)
		w.str(c.Table)
		w.str(c.From)
		w.str(c.To)
	case schema.AlterColumn:
		w.byte(changeAlterColumn)
		w.str(c.Table)
		w.column(c.From)
		w.column(c.To)
	case schema.CreateIndex:
		w.byte(changeCreateIndex)
		w.str(c.Table)
		w.index(c.Index)
	case schema.DropIndex:
		w.byte(changeDropIndex)
		w.str(c.Table)
		w.index(c.Index)
	case schema.RenameIndex:
		w.byte(changeRenameIndex)
		w.str(c.Table)
		w.str(c.From)
		w.str(c.To)
	case schema.RenameConstraint:
		w.byte(changeRenameConstraint)
		w.str(c.Table)
		w.str(c.Kind)
		w.str(c.From)
		w.str(c.To)
	case schema.AddUnique:
		w.byte(changeAddUnique)
		w.str(c.Table)
		w.unique(c.Unique)
	case schema.DropUnique:
		w.byte(changeDropUnique)
		w.str(c.Table)
		w.unique(c.Unique)
	case schema.AddCheck:
		w.byte(changeAddCheck)
		w.str(c.Table)
		w.check(c.Check)
	case schema.DropCheck:
		w.byte(changeDropCheck)
		w.str(c.Table)
		w.check(c.Check)
	case schema.AddForeignKey:
		w.byte(changeAddForeignKey)
		w.str(c.Table)
		w.foreignKey(c.ForeignKey)
	case schema.DropForeignKey:
		w.byte(changeDropForeignKey)
		w.str(c.Table)
		w.foreignKey(c.ForeignKey)
	default:
		data, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("revision %s: checksum of %s: %w", id, c, err)
		}
		w.byte(changeOther)
		w.str(fmt.Sprintf("%T", c))
		w.str(string(data))
	}
	return nil
}

// present writes whether p is set; the caller writes the value after true.
func (w *sumWriter) present(set bool) bool {
	w.bool(set)
	return set
}

// The forms of a table: absent, written out, or a reference to an equal
// table written before in the same migration.
const (
	tableNil byte = iota
	tableFull
	tableSame
)

func (w *sumWriter) table(t *schema.Table) {
	if t == nil {
		w.byte(tableNil)
		return
	}
	prev, seen := w.tables[t.Name]
	if seen && tablesEqual(prev.t, t) {
		w.byte(tableSame)
		w.uint(prev.pos)
		return
	}
	if !seen {
		if w.tables == nil {
			w.tables = map[string]tableRef{}
		}
		w.tables[t.Name] = tableRef{t: t, pos: uint64(len(w.tables))}
	}
	w.byte(tableFull)
	w.tableBody(t)
}

func (w *sumWriter) tableBody(t *schema.Table) {
	w.uint(bits(t.Name != "", t.Model != "", t.JoinTable))
	w.strIf(t.Name)
	w.strIf(t.Model)
	w.uint(uint64(len(t.Columns)))
	for _, c := range t.Columns {
		w.column(c)
	}
	w.uint(uint64(len(t.Indexes)))
	for _, x := range t.Indexes {
		w.index(x)
	}
	w.uint(uint64(len(t.Uniques)))
	for _, u := range t.Uniques {
		w.unique(u)
	}
	w.uint(uint64(len(t.Checks)))
	for _, c := range t.Checks {
		w.check(c)
	}
	w.uint(uint64(len(t.ForeignKeys)))
	for _, fk := range t.ForeignKeys {
		w.foreignKey(fk)
	}
}

// bits packs flags into a bitmap, the first in the lowest bit.
func bits(flags ...bool) uint64 {
	var b uint64
	for i, f := range flags {
		if f {
			b |= 1 << i
		}
	}
	return b
}

func (w *sumWriter) column(c *schema.Column) {
	w.flush()
	if !w.present(c != nil) {
		return
	}
	w.uint(bits(c.Name != "", c.Field != "", c.DataType != "", c.GORMDataType != "", c.Type != "",
		c.Size != 0, c.Precision != 0, c.Scale != 0,
		c.PrimaryKey, c.AutoIncrement, c.NotNull, c.HasDefault,
		c.Default != "", c.DefaultKind != "", c.Comment != "", c.TagComment != "",
		c.IndexTag, c.UniqueTag, c.PrecisionTag,
		c.Generated != "", len(c.DBTypes) > 0, c.DBTypesOnly))
	w.strIf(c.Name)
	w.strIf(c.Field)
	w.strIf(c.DataType)
	w.strIf(c.GORMDataType)
	w.strIf(c.Type)
	w.intIf(c.Size)
	w.intIf(c.Precision)
	w.intIf(c.Scale)
	w.strIf(c.Default)
	w.strIf(c.DefaultKind)
	w.strIf(c.Comment)
	w.strIf(c.TagComment)
	w.strIf(c.Generated)
	if len(c.DBTypes) > 0 {
		w.uint(uint64(len(c.DBTypes)))
		for _, k := range slices.Sorted(maps.Keys(c.DBTypes)) {
			w.str(k)
			w.str(c.DBTypes[k])
		}
	}
}

// strIf and intIf write a field the bitmap marked as set.
func (w *sumWriter) strIf(s string) {
	if s != "" {
		w.str(s)
	}
}

func (w *sumWriter) intIf(x int) {
	if x != 0 {
		w.int(x)
	}
}

func (w *sumWriter) index(x *schema.Index) {
	if !w.present(x != nil) {
		return
	}
	w.uint(bits(x.Name != "", x.Derived, x.Class != "", x.Type != "", x.Where != "", x.Comment != "", x.Option != ""))
	w.strIf(x.Name)
	w.strIf(x.Class)
	w.strIf(x.Type)
	w.strIf(x.Where)
	w.strIf(x.Comment)
	w.strIf(x.Option)
	w.uint(uint64(len(x.Columns)))
	for _, c := range x.Columns {
		if !w.present(c != nil) {
			continue
		}
		w.uint(bits(c.Column != "", c.Expression != "", c.Sort != "", c.Collate != "", c.Length != 0))
		w.strIf(c.Column)
		w.strIf(c.Expression)
		w.strIf(c.Sort)
		w.strIf(c.Collate)
		w.intIf(c.Length)
	}
}

func (w *sumWriter) unique(u *schema.Unique) {
	if !w.present(u != nil) {
		return
	}
	w.str(u.Name)
	w.bool(u.Derived)
	w.str(u.Column)
}

func (w *sumWriter) check(c *schema.Check) {
	if !w.present(c != nil) {
		return
	}
	w.str(c.Name)
	w.bool(c.Derived)
	w.str(c.Expr)
	w.str(c.Column)
}

func (w *sumWriter) foreignKey(fk *schema.ForeignKey) {
	if !w.present(fk != nil) {
		return
	}
	w.str(fk.Name)
	w.bool(fk.Derived)
	w.strs(fk.Columns)
	w.str(fk.RefTable)
	w.strs(fk.RefColumns)
	w.str(fk.OnUpdate)
	w.str(fk.OnDelete)
}

// tablesEqual reports whether a and b have the same encoding, without
// encoding them: field by field, everything tableBody writes.
// TestChecksumCoversEveryField changes every field of a dropped table in
// turn and fails if one is left out here.
func tablesEqual(a, b *schema.Table) bool {
	if a == b {
		return true
	}
	return a.Name == b.Name && a.Model == b.Model && a.JoinTable == b.JoinTable &&
		slices.EqualFunc(a.Columns, b.Columns, (*schema.Column).Equal) &&
		slices.EqualFunc(a.Indexes, b.Indexes, indexesEqual) &&
		slices.EqualFunc(a.Uniques, b.Uniques, pointeesEqual[schema.Unique]) &&
		slices.EqualFunc(a.Checks, b.Checks, pointeesEqual[schema.Check]) &&
		slices.EqualFunc(a.ForeignKeys, b.ForeignKeys, foreignKeysEqual)
}

// pointeesEqual compares two pointers to a struct of comparable fields,
// which == compares whole, whatever fields it gains.
func pointeesEqual[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func indexesEqual(a, b *schema.Index) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Name == b.Name && a.Derived == b.Derived && a.Class == b.Class && a.Type == b.Type &&
		a.Where == b.Where && a.Comment == b.Comment && a.Option == b.Option &&
		slices.EqualFunc(a.Columns, b.Columns, pointeesEqual[schema.IndexColumn])
}

func foreignKeysEqual(a, b *schema.ForeignKey) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Name == b.Name && a.Derived == b.Derived && slices.Equal(a.Columns, b.Columns) &&
		a.RefTable == b.RefTable && slices.Equal(a.RefColumns, b.RefColumns) &&
		a.OnUpdate == b.OnUpdate && a.OnDelete == b.OnDelete
}

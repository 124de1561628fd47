package analyzer

import (
	"go/ast"
	"go/types"
	"sync"
	"sync/atomic"

	gormschema "gorm.io/gorm/schema"

	"github.com/migragen/migragen/analyzer/internal/loader"
)

// names memoizes the naming strategy's table and column names, which the
// parser asks for again and again (column names for every field of every
// model, table names in discovery's probes and again in the parse). A
// table name runs some ninety regular expressions (inflection.Plural); on
// a large package that is a tenth of the analysis, so prefetch computes
// them on another core while the parser works from the front.
type names struct {
	namer gormschema.NamingStrategy

	mu     sync.Mutex
	tables map[string]string

	// columns is used by the parser's goroutine only.
	columns map[string]string
}

func newNames(namer gormschema.NamingStrategy) *names {
	return &names{namer: namer, tables: map[string]string{}, columns: map[string]string{}}
}

// table returns namer.TableName(name).
func (n *names) table(name string) string {
	n.mu.Lock()
	t, ok := n.tables[name]
	n.mu.Unlock()
	if !ok {
		t = n.namer.TableName(name)
		n.mu.Lock()
		n.tables[name] = t
		n.mu.Unlock()
	}
	return t
}

// column returns namer.ColumnName(table, name), which GORM derives from the
// name alone.
func (n *names) column(table, name string) string {
	c, ok := n.columns[name]
	if !ok {
		c = n.namer.ColumnName(table, name)
		n.columns[name] = c
	}
	return c
}

// prefetch computes, on another goroutine, the table names of the struct
// types the packages declare, last declared first: the parser meets the
// models roughly in declaration order, so the two meet in the middle
// instead of computing the same names. The returned function stops it
// and waits for it to end.
func (n *names) prefetch(pkgs []*loader.Package) (stop func()) {
	var list []string
	typeSpecs(pkgs, func(ts *ast.TypeSpec, _ *types.TypeName, _ *ast.CommentGroup) {
		// A generic type's table is named after each instantiation,
		// which only the parse knows.
		if _, ok := ts.Type.(*ast.StructType); ok && ts.TypeParams == nil && ts.Assign == 0 {
			list = append(list, ts.Name.Name)
		}
	})
	var quit atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := len(list) - 1; i >= 0 && !quit.Load(); i-- {
			n.table(list[i])
		}
	}()
	return func() {
		quit.Store(true)
		<-done
	}
}

// Package recorder holds a GORM logger that records the statements GORM
// issues, and the rule that tells DDL from reads. The project's own
// oracles (through corpustest) and the exported migratetest share it; it
// imports no database driver, so a user's test binary gets none from it.
package recorder

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Recorder is a GORM logger that keeps every statement and every error
// GORM logs, instead of printing them.
type Recorder struct {
	mu    sync.Mutex
	stmts []string
	errs  []string
}

var _ logger.Interface = (*Recorder)(nil)

// LogMode implements logger.Interface.
func (r *Recorder) LogMode(logger.LogLevel) logger.Interface { return r }

// Info implements logger.Interface.
func (r *Recorder) Info(context.Context, string, ...any) {}

// Warn implements logger.Interface.
func (r *Recorder) Warn(context.Context, string, ...any) {}

// Error implements logger.Interface.
func (r *Recorder) Error(_ context.Context, msg string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(msg, args...))
}

// Trace implements logger.Interface.
func (r *Recorder) Trace(_ context.Context, _ time.Time, fc func() (string, int64), err error) {
	sql, _ := fc()
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		sql += "  -- error: " + err.Error()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stmts = append(r.stmts, sql)
}

// Statements returns the statements recorded since the last Reset.
func (r *Recorder) Statements() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.stmts)
}

// Reset forgets the statements and errors recorded so far.
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stmts, r.errs = nil, nil
}

// Errors returns the errors GORM logged.
func (r *Recorder) Errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.errs)
}

// Dump returns the statements, one a line.
func (r *Recorder) Dump() string {
	return strings.Join(r.Statements(), "\n")
}

// DDL returns the statements that change the schema, in order.
func (r *Recorder) DDL() []string {
	var out []string
	for _, s := range r.Statements() {
		if IsDDL(s) {
			out = append(out, s)
		}
	}
	return out
}

// IsDDL reports whether a statement changes the schema: CREATE, ALTER,
// DROP, COMMENT, or a PRAGMA that sets something. Everything else GORM's
// migrator issues (catalog SELECTs, PRAGMA reads) only reads.
func IsDDL(stmt string) bool {
	f := strings.Fields(stmt)
	if len(f) == 0 {
		return false
	}
	switch strings.ToUpper(f[0]) {
	case "CREATE", "ALTER", "DROP", "COMMENT":
		return true
	case "PRAGMA":
		return strings.Contains(stmt, "=") // PRAGMA foreign_keys alone is a read
	}
	return false
}

// DDLBeyond returns the DDL recorded since the last Reset that base does
// not hold: what a run issued beyond what GORM issues anyway on a database
// it built itself (its second AutoMigrate is not always a no-op).
func (r *Recorder) DDLBeyond(base []string) []string {
	var out []string
	for _, s := range r.DDL() {
		if !slices.Contains(base, s) {
			out = append(out, s)
		}
	}
	return out
}

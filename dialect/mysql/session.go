package mysql

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// The runtime reads the session through dialect.SessionReader, and
// Context.SQL escapes by it through dialect.BackslashEscaper.
var (
	_ dialect.SessionReader    = Dialect{}
	_ dialect.BackslashEscaper = Session{}
)

// Session is what a MySQL or MariaDB connection's settings decide about the
// SQL the dialect writes. The zero Session is the server default.
type Session struct {
	// SQLMode is the connection's @@SESSION.sql_mode, as the server
	// reports it (comma-separated, upper case).
	SQLMode string
}

// ReadSession reads the sql_mode of conn, the connection that runs the
// migrations: a DSN parameter, a server default or a SET SESSION decides
// it, and only the server knows which one won.
func (Dialect) ReadSession(ctx context.Context, conn *gorm.DB) (any, error) {
	var mode string
	if err := conn.WithContext(ctx).Raw("SELECT @@SESSION.sql_mode").Row().Scan(&mode); err != nil {
		return nil, err
	}
	return Session{SQLMode: mode}, nil
}

// BackslashEscapes reports whether a backslash in a string literal starts
// an escape, as it does unless sql_mode has NO_BACKSLASH_ESCAPES; there a
// backslash is an ordinary character, and doubling it would store two.
func (s Session) BackslashEscapes() bool {
	for _, m := range strings.Split(s.SQLMode, ",") {
		if strings.EqualFold(strings.TrimSpace(m), "NO_BACKSLASH_ESCAPES") {
			return false
		}
	}
	return true
}

package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// Lock takes a PostgreSQL advisory lock: a session lock on the pinned
// connection, or with opts.TransactionScoped one that ends with conn's
// transaction (for PgBouncer in transaction mode, which does not keep a
// session for the client).
// The lock is named by the key together with the current database and
// schema, so applications in different schemas of one database do not wait
// for each other.
func (Dialect) Lock(ctx context.Context, conn *gorm.DB, opts dialect.LockOptions) (dialect.Unlock, error) {
	if err := checkSearchPath(ctx, conn); err != nil {
		return nil, err
	}
	// Two int4 keys: a fixed class for migragen, and a hash of the names.
	const class = 0x6d677267 // "mgrg"
	key := "current_database() || '.' || current_schema() || '.' || ?"
	try := "SELECT pg_try_advisory_lock(?, hashtext(" + key + "))"
	if opts.TransactionScoped {
		try = "SELECT pg_try_advisory_xact_lock(?, hashtext(" + key + "))"
	}
	who := fmt.Sprintf("PostgreSQL advisory lock (%d, hash of %q in this schema)", class, opts.Key)
	err := dialect.PollLock(ctx, opts, who, func() (bool, error) {
		var ok bool
		err := conn.WithContext(ctx).Raw(try, class, opts.Key).Row().Scan(&ok)
		return ok, err
	})
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		if opts.TransactionScoped {
			return nil // released by COMMIT or ROLLBACK
		}
		return conn.WithContext(ctx).Exec("SELECT pg_advisory_unlock(?, hashtext("+key+"))", class, opts.Key).Error
	}, nil
}

// checkSearchPath refuses a connection whose search_path names no schema
// that exists. current_schema() is then NULL: the lock's key would be NULL
// (pg_try_advisory_lock answers NULL, a scan error that names no cause),
// and every CREATE TABLE would fail for want of a schema to create in.
func checkSearchPath(ctx context.Context, conn *gorm.DB) error {
	var (
		current          sql.NullString
		path, user, name string
	)
	err := conn.WithContext(ctx).Raw("SELECT current_schema(), current_setting('search_path'), current_user, current_database()").
		Row().Scan(&current, &path, &user, &name)
	if err != nil {
		return fmt.Errorf("reading the connection's schema: %w", err)
	}
	if current.Valid {
		return nil
	}
	missing := searchPathSchemas(path, user)
	if len(missing) == 0 {
		return fmt.Errorf("PostgreSQL search_path is empty, so there is nowhere to create tables; set it in the DSN (search_path=public, or options=-csearch_path=public) or with ALTER ROLE %s SET search_path = public", user)
	}
	// Suggest the first schema named outright: "$user" usually stands
	// first, for a per-role schema that is meant to be optional.
	quoted, create := make([]string, len(missing)), ""
	for i, s := range missing {
		quoted[i] = fmt.Sprintf("%q", s)
		if create == "" && s != user {
			create = quoted[i]
		}
	}
	if create == "" {
		create = quoted[0]
	}
	return fmt.Errorf("PostgreSQL search_path is %q, and no schema it names exists in database %q (missing: %s), so there is nowhere to create tables; "+
		"create it (CREATE SCHEMA %s) or set search_path to an existing schema, in the DSN (search_path=public, or options=-csearch_path=public) or with ALTER ROLE %s SET search_path = public",
		path, name, strings.Join(quoted, ", "), create, user)
}

// searchPathSchemas returns the schema names of a search_path setting as
// the server resolves them: "$user" is the role's name, a quoted name is
// taken as written ("" is a quote), an unquoted one in lower case. A
// quoted name with a comma in it comes out split, which only blurs the
// message it is for.
func searchPathSchemas(path, user string) []string {
	var out []string
	for _, part := range strings.Split(path, ",") {
		part = strings.TrimSpace(part)
		switch {
		case part == "":
		case part == `"$user"` || part == "$user":
			out = append(out, user)
		case len(part) >= 2 && part[0] == '"' && part[len(part)-1] == '"':
			out = append(out, strings.ReplaceAll(part[1:len(part)-1], `""`, `"`))
		default:
			out = append(out, strings.ToLower(part))
		}
	}
	return out
}

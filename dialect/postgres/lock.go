package postgres

import (
	"context"
	"fmt"

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

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
func (Dialect) Lock(ctx context.Context, conn *gorm.DB, opts dialect.LockOptions) (dialect.Unlock, error) {
	id := dialect.LockID(opts.Key)
	try := "SELECT pg_try_advisory_lock(?)"
	if opts.TransactionScoped {
		try = "SELECT pg_try_advisory_xact_lock(?)"
	}
	who := fmt.Sprintf("PostgreSQL advisory lock %d", id)
	err := dialect.PollLock(ctx, opts, who, func() (bool, error) {
		var ok bool
		err := conn.WithContext(ctx).Raw(try, id).Row().Scan(&ok)
		return ok, err
	})
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		if opts.TransactionScoped {
			return nil // released by COMMIT or ROLLBACK
		}
		return conn.WithContext(ctx).Exec("SELECT pg_advisory_unlock(?)", id).Error
	}, nil
}

package mysql

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// Lock takes a named lock with GET_LOCK on the pinned connection. GET_LOCK
// names are server-wide and at most 64 characters, so the name is a hash of
// the current database and the key: applications in different databases
// of one server do not wait for each other.
func (Dialect) Lock(ctx context.Context, conn *gorm.DB, opts dialect.LockOptions) (dialect.Unlock, error) {
	const name = "CONCAT('migragen_', SHA1(CONCAT(DATABASE(), '.', ?)))"
	err := dialect.PollLock(ctx, opts, fmt.Sprintf("GET_LOCK of %q in this database", opts.Key), func() (bool, error) {
		var got *int
		err := conn.WithContext(ctx).Raw("SELECT GET_LOCK("+name+", 0)", opts.Key).Row().Scan(&got)
		return got != nil && *got == 1, err
	})
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		return conn.WithContext(ctx).Exec("DO RELEASE_LOCK("+name+")", opts.Key).Error
	}, nil
}

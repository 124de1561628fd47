package mysql

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/migragen/migragen/dialect"
)

// Lock takes a named lock with GET_LOCK on the pinned connection. MySQL
// limits lock names to 64 characters, so the key is hashed into the name.
func (Dialect) Lock(ctx context.Context, conn *gorm.DB, opts dialect.LockOptions) (dialect.Unlock, error) {
	name := fmt.Sprintf("migragen_%x", uint64(dialect.LockID(opts.Key)))
	err := dialect.PollLock(ctx, opts, "GET_LOCK('"+name+"')", func() (bool, error) {
		var got *int
		err := conn.WithContext(ctx).Raw("SELECT GET_LOCK(?, 0)", name).Row().Scan(&got)
		return got != nil && *got == 1, err
	})
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		return conn.WithContext(ctx).Exec("DO RELEASE_LOCK(?)", name).Error
	}, nil
}

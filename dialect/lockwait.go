package dialect

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"
)

// PollLock takes a lock with try, which must not block, polling until it
// succeeds, ctx ends or opts.Timeout passes. It is for engines whose
// blocking lock call cannot be bounded or cancelled from the client. who
// describes the lock in the timeout error.
func PollLock(ctx context.Context, opts LockOptions, who string, try func() (bool, error)) error {
	deadline := time.Now().Add(opts.Timeout)
	wait := 10 * time.Millisecond
	for first := true; ; first = false {
		ok, err := try()
		if err != nil {
			return fmt.Errorf("taking the migration lock: %w", err)
		}
		if ok {
			return nil
		}
		if first && opts.Waited != nil {
			opts.Waited()
		}
		if time.Now().After(deadline) {
			return LockTimeout(opts, who)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the migration lock: %w", ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 250*time.Millisecond)
	}
}

// LockTimeout is the error for a lock that stayed taken for opts.Timeout.
func LockTimeout(opts LockOptions, who string) error {
	return fmt.Errorf("the migration lock (%s) is still held by another process after %s; another migration run is in progress or hung — wait for it, or find and stop it, then retry (the timeout is migrate.WithLockTimeout)", who, opts.Timeout)
}

// LockID hashes a lock key to the 64-bit integer that integer-keyed locks
// (PostgreSQL advisory locks) take.
func LockID(key string) int64 {
	h := fnv.New64a()
	h.Write([]byte("migragen:" + key))
	return int64(h.Sum64())
}

package dialect

// TxLocker is implemented by dialects whose migration lock lives inside a
// migration's transaction instead of on the session, as SQLite's write lock
// does: SQLite has no named or advisory lock, and the lock that serialises
// writers is taken by a transaction's first write and held until it ends.
//
// When LockInTransaction reports true, the runtime calls Lock with the
// transaction, as its first statement right after BEGIN, for every
// migration it applies; the Unlock returned does nothing, since COMMIT or
// ROLLBACK releases the lock. The runtime then re-reads the version table
// inside that transaction, because another process may have applied the
// migration while this one waited.
//
// Lock must come first: a transaction that has already read holds a read
// lock, which in SQLite's rollback-journal mode keeps the lock holder from
// committing and in WAL mode pins a snapshot that can never be upgraded to
// a write once another writer commits.
type TxLocker interface {
	LockInTransaction() bool
}

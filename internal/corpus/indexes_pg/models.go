package indexes_pg

import (
	"time"

	"gorm.io/datatypes"
	"gorm.io/gorm"
)

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Customer{}, &Event{}, &Ticket{}}
}

// Customer uses partial and expression indexes, the usual soft-delete
// pattern.
type Customer struct {
	ID        uint
	DeletedAt gorm.DeletedAt `gorm:"index"`
	// A unique index over live rows only.
	Email string `gorm:"size:191;not null;uniqueIndex:idx_customer_email_live,where:deleted_at IS NULL"`
	// An expression index: the expression replaces the column.
	Name string `gorm:"size:120;index:idx_customer_name_lower,expression:lower(name)"`
	// A comma inside where: must be escaped as \, (ParseTagSetting joins it
	// back); otherwise the rest of the predicate would become a new key.
	Tier string `gorm:"size:16;index:idx_customer_paid_tier,where:tier IN ('gold'\\,'platinum')"`
	// collate: per column; "C" is a PostgreSQL collation.
	Code string `gorm:"size:32;index:idx_customer_code_c,collate:\"C\""`
	// sort: is passed through, so NULLS LAST works here.
	LastSeen *time.Time `gorm:"index:idx_customer_last_seen,sort:desc NULLS LAST"`
}

// Event uses index methods.
type Event struct {
	ID uint
	// type:hash: USING hash(kind).
	Kind string `gorm:"size:40;index:idx_event_kind,type:hash"`
	// type:btree spelled out, combined with where:.
	Source string `gorm:"size:40;index:idx_event_source,type:btree,where:source <> ''"`
	// type:gin on a jsonb column (datatypes.JSON is jsonb on PostgreSQL).
	Payload datatypes.JSON `gorm:"index:idx_event_payload,type:gin"`
	// type:brin suits append-only timestamps.
	OccurredAt time.Time `gorm:"index:idx_event_occurred,type:brin"`
}

// Ticket uses option:.
type Ticket struct {
	ID uint
	// option:CONCURRENTLY is special-cased by the PostgreSQL driver:
	// CREATE INDEX CONCURRENTLY IF NOT EXISTS ... (it must not run in a
	// transaction; AutoMigrate runs none).
	Number string `gorm:"size:20;uniqueIndex:idx_ticket_number,option:CONCURRENTLY"`
	// Any other option is appended after the column list.
	Queue string `gorm:"size:40;index:idx_ticket_queue,option:WITH (fillfactor = 70)"`
}

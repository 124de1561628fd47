package indexes

import "time"

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{
		&Book{},
		&Loan{},
		&Member{},
		&Branch{},
		&Magazine{},
	}
}

// Publishing is only ever embedded. Its index takes the name of the
// embedding table: idx_books_status, idx_magazines_status.
type Publishing struct {
	Status      string `gorm:"size:20;index"`
	PublishedAt *time.Time
}

// Book is a library catalogue entry.
type Book struct {
	ID uint
	// Unnamed index: idx_books_title.
	Title string `gorm:"size:200;index"`
	// Unnamed unique index: idx_books_isbn.
	ISBN string `gorm:"size:17;uniqueIndex"`
	// Named index.
	Shelf string `gorm:"size:16;index:idx_book_shelf"`
	// Composite index by name, field order by priority: (author_id,
	// year) although Year is declared first. Year also has a second,
	// descending single-column index: one field in two indexes.
	Year     int  `gorm:"index:idx_book_author_year,priority:2;index:idx_book_year_desc,sort:desc"`
	AuthorID uint `gorm:"index:idx_book_author_year,priority:1"`
	// Equal priorities (the default 10) keep declaration order.
	Language string `gorm:"size:8;index:idx_book_lang_format"`
	Format   string `gorm:"size:16;index:idx_book_lang_format"`
	// Named unique composite index.
	Series       string `gorm:"size:100;uniqueIndex:idx_book_series_number"`
	SeriesNumber int    `gorm:"uniqueIndex:idx_book_series_number"`
	// The index name comes from the Go field name, not the column:
	// idx_books_ref although the column is external_ref.
	Ref string `gorm:"column:external_ref;size:64;index"`
	// comment: is emitted on MariaDB only; PostgreSQL and SQLite ignore it.
	Barcode string `gorm:"size:32;index:,comment:scanned at the desk"`
	// The unique option of index: makes it a UNIQUE index (idx_books_catalog_no).
	CatalogNo string `gorm:"size:32;index:,unique"`
	// class:UNIQUE spelled out.
	Doi string `gorm:"size:64;index:idx_book_doi,class:UNIQUE"`
	// length: is a MySQL/MariaDB key prefix: (summary(255)), needed because
	// 1000 utf8mb4 characters exceed InnoDB's 3072-byte key limit. The
	// PostgreSQL and SQLite drivers silently ignore it.
	Summary string `gorm:"size:1000;index:,length:255"`
	// An unsized string with index: MySQL's driver makes it varchar(191)
	// (text elsewhere) precisely because the tag says index.
	Subtitle string `gorm:"index"`
	Publishing
}

// Loan uses the composite: option. An unnamed index with composite:X is
// named after X instead of the field, so the two fields meet in
// idx_loans_member_book.
type Loan struct {
	ID       uint
	MemberID uint      `gorm:"index:,composite:member_book,priority:1"`
	BookID   uint      `gorm:"index:,composite:member_book,priority:2"`
	DueAt    time.Time `gorm:"index:,sort:desc"`
	// A unique index and a plain index on the same field.
	Receipt string `gorm:"size:40;uniqueIndex;index:idx_loan_receipt_lookup"`
}

// Member contrasts the unique constraint with a unique index.
type Member struct {
	ID uint
	// unique creates a UNIQUE constraint named uni_members_email in
	// CREATE TABLE, not an index.
	Email string `gorm:"size:191;unique"`
	// uniqueIndex creates CREATE UNIQUE INDEX idx_members_card_number.
	CardNumber string `gorm:"size:20;uniqueIndex"`
	// Both at once: a constraint and an index on one column.
	Username string `gorm:"size:64;unique;uniqueIndex"`
	// not null plus a named unique index.
	Phone string `gorm:"size:32;not null;uniqueIndex:idx_member_phone"`
}

// Address is embedded twice with different prefixes. Index names come from
// the Go field name (PostCode), not the prefixed column, so both copies
// produce idx_branches_post_code and GORM merges them into ONE composite
// index on (main_post_code, delivery_post_code).
type Address struct {
	Street   string `gorm:"size:200"`
	PostCode string `gorm:"size:16;index"`
}

// Branch is a library branch.
type Branch struct {
	ID       uint
	Name     string  `gorm:"size:100;uniqueIndex"`
	Main     Address `gorm:"embedded;embeddedPrefix:main_"`
	Delivery Address `gorm:"embedded;embeddedPrefix:delivery_"`
}

// Magazine shares the embedded Publishing block with Book.
type Magazine struct {
	ID    uint
	Title string `gorm:"size:200;index:idx_magazine_title"`
	Issue int
	Publishing
}

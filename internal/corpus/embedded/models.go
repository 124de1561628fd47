package embedded

import (
	"gorm.io/gorm"

	"github.com/migragen/migragen/internal/corpus/embedded/shared"
)

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{
		&Employee{},
		&Department{},
		&Project{},
		&Office{},
		&Policy{},
		&Handbook{},
		&CostCenter{},
		&Badge{},
		&Memo{},
	}
}

// Contact is embedded through a pointer. It has gorm tags but is only ever
// embedded, so it is no root model.
type Contact struct {
	Phone string `gorm:"size:32"`
	Email string `gorm:"size:191;uniqueIndex"`
}

// Nickname is a named basic type. Embedded anonymously it is NOT a struct
// to flatten: GORM maps it as an ordinary field called Nickname, so the
// table gets a nickname column.
type Nickname string

// salary is unexported. Embedded anonymously, its field name is "salary",
// which is unexported, so GORM skips it entirely: Amount and Currency are
// promoted in Go but never become columns.
type salary struct {
	Amount   int64
	Currency string
}

// Employee embeds gorm.Model and several blocks.
type Employee struct {
	gorm.Model
	Name string `gorm:"size:120;not null"`
	// The same struct from another package twice, told apart by
	// embeddedPrefix: home_street, home_city, ..., work_street, ...
	Home shared.Address `gorm:"embedded;embeddedPrefix:home_"`
	Work shared.Address `gorm:"embedded;embeddedPrefix:work_"`
	// embedded without a prefix: latitude, longitude.
	Location shared.GeoPoint `gorm:"embedded"`
	// A pointer embedded anonymously is flattened like a value: phone,
	// email, and the unique index idx_employees_email.
	*Contact
	Nickname
	salary
	DepartmentID *uint
	Department   *Department
}

// Base embeds gorm.Model and adds a tenant. It is only ever embedded, so
// it is no root even though it embeds gorm.Model and has a gorm tag. Each
// embedding table gets its own idx_<table>_tenant_id.
type Base struct {
	gorm.Model
	TenantID uint `gorm:"not null;index"`
}

// Department embeds gorm.Model two levels deep, through Base.
type Department struct {
	Base
	Name string `gorm:"size:100;not null"`
}

// Tenanted adds one more level: Project -> Tenanted -> Base -> gorm.Model.
type Tenanted struct {
	Base
	Archived bool `gorm:"not null;default:false"`
}

// Project embeds gorm.Model three levels deep.
type Project struct {
	Tenanted
	Title string `gorm:"size:200"`
}

// Site nests embedded structs with their own prefixes; Office embeds it
// with another prefix, and the prefixes stack: hq_addr_street, hq_latitude.
type Site struct {
	Address shared.Address  `gorm:"embedded;embeddedPrefix:addr_"`
	Geo     shared.GeoPoint `gorm:"embedded"`
}

// Office has no gorm.Model: its timestamps and soft delete come from a
// block in another package.
type Office struct {
	ID uint
	shared.AuditFields
	HQ Site `gorm:"embedded;embeddedPrefix:hq_"`
	// A named pointer field tagged embedded is flattened too.
	Mailing *shared.Address `gorm:"embedded;embeddedPrefix:mailing_"`
	// GORM copies the embedding field's tag settings onto every embedded
	// field AFTER parsing them. So this comment changes nothing the
	// fields computed (Field.Comment stays empty, PostgreSQL gets no
	// comment), but the MySQL driver reads the copied setting: on MariaDB
	// every billing_* column gets COMMENT 'billing address'.
	Billing shared.Address `gorm:"embedded;embeddedPrefix:billing_;comment:billing address"`
}

// Versioned is only ever embedded. Its Name collides with an outer field.
type Versioned struct {
	Name    string `gorm:"size:50"`
	Version int    `gorm:"not null;default:1"`
}

// Policy embeds Versioned first and then declares its own Name. Both map to
// column "name"; GORM keeps the field with the shorter path (the outer
// one: varchar(200) NOT NULL), but the column keeps the position where the
// name was first seen, before version and id.
type Policy struct {
	Versioned
	ID   uint
	Name string `gorm:"size:200;not null"`
}

// Handbook declares Name before embedding Versioned: the outer field is
// seen first and wins; Versioned.Name is dropped.
type Handbook struct {
	ID   uint
	Name string `gorm:"size:80;not null"`
	Versioned
}

// CodeKey is only ever embedded. Its primaryKey tag survives embedding:
// GORM keeps an embedded field's primary key only when the tag says so.
type CodeKey struct {
	Code string `gorm:"primaryKey;size:20"`
}

// CostCenter gets its primary key from the embedded CodeKey.
type CostCenter struct {
	CodeKey
	Name string `gorm:"size:100"`
}

// Identity has an untagged ID. Inside its own parse ID is the primary key;
// embedded, GORM first drops that (no primaryKey tag) and then makes it the
// primary key of the outer struct again, by name.
type Identity struct {
	ID uint64
}

// Badge gets its auto-increment primary key from Identity.
type Badge struct {
	Identity
	Serial string `gorm:"size:40;uniqueIndex"`
}

// Authored carries a belongs-to relation inside an embedded struct. GORM
// resolves it on the outer model: the foreign key is fk_memos_author.
type Authored struct {
	AuthorID uint `gorm:"not null"`
	Author   *Employee
}

// Memo embeds Authored.
type Memo struct {
	ID      uint
	Subject string `gorm:"size:200"`
	Authored
}

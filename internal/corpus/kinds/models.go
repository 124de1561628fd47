package kinds

import (
	"database/sql"
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{
		&Product{},
		&Survey{},
		&LegacyCustomer{},
		&Shipment{},
		&Webhook{},
		&StoreSetting{},
		&Account{},
		&Country{},
		&OrderLine{},
		&ProductTranslation{},
		&Session{},
		&Sku{},
	}
}

// Status is a named type over string: GORM maps it like string.
type Status string

// Level is a named type over int8: GORM maps it like int8 (size 8).
type Level int8

// Grams is a named type over float32.
type Grams float32

// Product covers every basic Go kind with its default mapping and a few
// explicit sizes.
type Product struct {
	ID       uint
	Name     string `gorm:"size:200;not null"`
	Active   bool
	Stock    int   // int is 64 bits: bigint
	ShelfRow int8  // smallint on PostgreSQL (no tinyint there)
	Aisle    int16 // smallint
	Reorder  int32 // integer
	Barcode  int64
	Views    uint
	Rating   uint8  // tinyint unsigned on MariaDB, smallint on PostgreSQL (uint8 needs 9 bits)
	Slot     uint16 // PostgreSQL: integer, since uint16 needs 17 bits
	Batch    uint32 // PostgreSQL: bigint
	Serial   uint64
	Weight   float32 // float on MariaDB (size 32), decimal on PostgreSQL
	Volume   float64 // double on MariaDB
	// precision and scale turn a float into decimal(10,2) / numeric(10,2).
	Price float64 `gorm:"precision:10;scale:2"`
	// precision without scale: numeric(6) on PostgreSQL, decimal(6, 0) on MariaDB.
	Discount  float64 `gorm:"precision:6"`
	Thumbnail []byte
	// size on []byte: varbinary(4096) on MariaDB; bytea/blob elsewhere.
	Signature []byte `gorm:"size:4096"`
	// size:65536 crosses into MariaDB's mediumblob range.
	Manual []byte `gorm:"size:65536"`
	// size on an int shrinks the column: integer instead of bigint.
	Quantity int `gorm:"size:32"`
	// size on a string: varchar(80); without size strings are text/longtext.
	Brand       string `gorm:"size:80"`
	Description string
	// size:70000 is MariaDB's mediumtext.
	LongDescription string `gorm:"size:70000"`
	Status          Status `gorm:"size:20"`
	Level           Level
	ShippingWeight  Grams `gorm:"column:net_weight"`
	// A []byte named type is bytes too.
	Payload json.RawMessage
	// unexported fields are never columns, whatever their tags say.
	cost    float64
	secrets string
}

// Survey has a pointer to each kind: pointers map like their element type
// and only change nullability in Go, not the column.
type Survey struct {
	ID        uint
	Title     string `gorm:"size:120"`
	Anonymous *bool
	Score     *int
	Small     *int8
	Medium    *int16
	Normal    *int32
	Big       *int64
	UScore    *uint
	USmall    *uint8
	UMedium   *uint16
	UNormal   *uint32
	UBig      *uint64
	Ratio     *float32
	Mean      *float64
	Comment   *string
	Blob      *[]byte
	Level     *Level
	Answered  *time.Time
	// A pointer to a pointer is followed all the way down.
	Reviewer **string
}

// LegacyCustomer uses the database/sql null wrappers. GORM calls Value()
// on the zero value (nil), then uses the wrapper's first field as the type:
// NullString is a string, NullTime a time, and so on.
type LegacyCustomer struct {
	ID          uint
	Email       sql.NullString `gorm:"size:191"`
	LoyaltyID   sql.NullInt64
	Visits      sql.NullInt32
	Floor       sql.NullInt16
	Grade       sql.NullByte // uint8
	Newsletter  sql.NullBool
	Balance     sql.NullFloat64
	LastLogin   sql.NullTime
	Nickname    sql.Null[string] // the generic wrapper behaves the same
	Referrals   sql.Null[int64]
	Preferences *sql.NullString
}

// Shipment covers time columns and the auto-time fields.
type Shipment struct {
	ID          uint
	Carrier     string `gorm:"size:40"`
	ShippedAt   time.Time
	DeliveredAt *time.Time
	// precision on time: timestamptz(6) / datetime(6). MariaDB defaults to
	// datetime(3) otherwise.
	ScannedAt time.Time `gorm:"precision:6"`
	// CreatedAt and UpdatedAt are auto-time fields by name.
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt gorm.DeletedAt `gorm:"index"`
	// autoCreateTime on an int64 stores unix seconds; the column is an int.
	CreatedUnix int64 `gorm:"autoCreateTime"`
	// autoCreateTime:milli and autoUpdateTime:nano pick the unit.
	CreatedMilli int64 `gorm:"autoCreateTime:milli"`
	UpdatedNano  int64 `gorm:"autoUpdateTime:nano"`
	// autoUpdateTime on a uint works too.
	Touched   uint `gorm:"autoUpdateTime"`
	PlannedAt time.Time
}

// Webhook stores raw JSON and plain bytes.
type Webhook struct {
	ID      uint
	URL     string `gorm:"size:500;not null"`
	Body    json.RawMessage
	Headers []byte `gorm:"not null"`
	// autoCreateTime:false switches off the by-name auto-time of CreatedAt;
	// the column is a plain time column either way.
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	// An int64 called UpdatedAt is an auto-update time in unix seconds.
	UpdatedAt int64
}

// StoreSetting has a default of every kind. GORM parses the literal for the
// field's kind; a value containing "(" and ")", "null" or "" is passed
// through as SQL.
type StoreSetting struct {
	ID         uint
	Name       string    `gorm:"size:100;not null;uniqueIndex"`
	MaxItems   int       `gorm:"default:50"`
	MinBalance int       `gorm:"default:-100"`
	Port       uint16    `gorm:"default:8080"`
	TaxRate    float64   `gorm:"default:0.19"`
	Enabled    bool      `gorm:"default:true"`
	Archived   bool      `gorm:"default:false"`
	Theme      string    `gorm:"default:light"`             // unquoted string: DEFAULT 'light'
	Locale     string    `gorm:"size:10;default:'en_US'"`   // single quotes are trimmed
	Currency   string    `gorm:"size:3;default:\"EUR\""`    // so are double quotes
	Footer     *string   `gorm:"default:null"`              // DEFAULT null, verbatim
	OpenedAt   time.Time `gorm:"default:CURRENT_TIMESTAMP"` // not a parseable time: verbatim SQL
	// default:(-) marks a database-side default that GORM must not emit:
	// the column gets no DEFAULT clause but the field is still treated as
	// having one (it is returned after INSERT).
	Revision int `gorm:"default:(-)"`
	// strconv.ParseInt with base 0 reads hex: DEFAULT 31.
	Flags int `gorm:"default:0x1F"`
	// Spaces around the value are trimmed.
	Retries int `gorm:"default: 3 "`
	// A level of a named int8 type.
	Level Level `gorm:"default:2"`
	// comment: with a quote inside; the dialect escapes it.
	Motto string `gorm:"size:140;comment:the store's motto, shown in the footer"`
	// not null together with a default.
	Country string `gorm:"size:2;not null;default:DE"`
	// notNull is an accepted spelling of not null.
	Email string `gorm:"size:191;notNull"`
}

// Account covers field permissions and the ignore tags.
type Account struct {
	ID uint
	// column: overrides the derived column name.
	Login string `gorm:"column:user_login;size:64;not null"`
	// -> makes the field read-only; the column is still migrated.
	Balance int64 `gorm:"->"`
	// ->:false;<-:create makes it write-once and never read back; still a
	// column.
	PasswordHash string `gorm:"->:false;<-:create;size:255"`
	// <-:false: no writes at all, still a column.
	Legacy string `gorm:"<-:false;size:50"`
	// <-:update: written on update only.
	LastIP string `gorm:"<-:update;size:45"`
	// <- alone: writable (the default) spelled out.
	Bio string `gorm:"<-"`
	// -: not a column and not a relation, even for a model type.
	Session *Session `gorm:"-"`
	// - works for types GORM could not map at all.
	Cache map[string]int `gorm:"-"`
	Hook  func()         `gorm:"-"`
	Any   any            `gorm:"-"`
	// -:all: ignored for reads, writes and migration.
	Scratch string `gorm:"-:all"`
	// -:migration: a normal field at runtime, but AutoMigrate never creates
	// its column (e.g. a view-computed value).
	Computed int `gorm:"-:migration"`
	// -:migration keeps the field's other settings for queries only.
	Rank int `gorm:"-:migration;column:account_rank"`
}

// Country has a string primary key that is not named ID.
type Country struct {
	Code string `gorm:"primaryKey;size:2"`
	Name string `gorm:"size:100;not null"`
}

// OrderLine has a composite primary key of two ints. With no field named
// ID and no autoIncrement tag, none of them is auto-increment.
type OrderLine struct {
	OrderID   uint `gorm:"primaryKey"`
	ProductID uint `gorm:"primaryKey"`
	Quantity  int  `gorm:"not null;default:1"`
}

// ProductTranslation has a composite key that includes ID. GORM would make
// ID auto-increment (and on SQLite "integer PRIMARY KEY AUTOINCREMENT"
// would silently drop the composite key), so autoIncrement:false is set.
type ProductTranslation struct {
	ID     uint   `gorm:"primaryKey;autoIncrement:false"`
	Locale string `gorm:"primaryKey;size:8"`
	Title  string `gorm:"size:200"`
}

// Session has a string primary key called ID: it becomes the primary key by
// name and is not auto-increment because it is not an integer.
type Session struct {
	ID        string `gorm:"size:64"`
	UserAgent string
	ExpiresAt time.Time `gorm:"not null"`
}

// Sku has a field named ID that is NOT the primary key: as soon as one
// field is tagged primaryKey, GORM no longer promotes ID. ID stays a plain,
// nullable, non-auto-increment integer column.
type Sku struct {
	ID    uint
	Code  string `gorm:"primaryKey;size:32"`
	Label string `gorm:"size:100"`
	// autoIncrementIncrement only matters at runtime (batch inserts); it
	// does not change DDL.
	Position int `gorm:"autoIncrementIncrement:10"`
}

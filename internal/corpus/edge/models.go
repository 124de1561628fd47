package edge

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"github.com/shopspring/decimal"
	"time"

	"gorm.io/datatypes"
	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/migragen/migragen/internal/corpus/edge/sub"
)

// Models lists, by hand, the root models a user would pass to AutoMigrate,
// in declaration order.
//
// Not listed, and not roots: BaseModel, TenantScoped, Auditable, Address,
// Discussion and Page are only ever embedded; NullDate is a column type
// (//migragen:ignore). AutoMigrate adds sub.Currency and sub.Region, the
// targets of belongs-to relations, and the join table article_tags.
func Models() []any {
	return []any{
		&Tenant{}, &Team{}, &User{}, &Category{}, &Product{},
		&Order{}, &OrderItem{}, &ReturnRequest{}, &Carrier{}, &Shipment{},
		&Invoice{}, &Setting{}, &Article{}, &Tag{}, &PublishedPage{},
		&Event{}, &Warehouse{}, &StaffUser{}, &Comment{}, &Thread{},
		&InvoiceLine{}, &LegacyAccount{},
	}
}

// BaseModel is the application's own replacement for gorm.Model, with
// JSON tags. It is only ever embedded, so it is no root.
type BaseModel struct {
	ID        uint           `gorm:"primarykey" json:"id"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	DeletedAt gorm.DeletedAt `gorm:"index" json:"-"`
}

// TenantScoped is embedded by every tenant-owned model.
type TenantScoped struct {
	TenantID string `gorm:"size:36;index;not null" json:"tenant_id"`
}

// Tenant is a customer of the SaaS. Its string key is spelled primary_key;
// a key that is not an integer is never auto-increment.
type Tenant struct {
	ID   string `gorm:"primary_key;size:36" json:"id"`
	Name string `gorm:"size:100;not null" json:"name"`
	Slug string `gorm:"size:64;uniqueIndex" json:"slug"`
	// A map stored through GORM's json serializer in a JSON column.
	Settings map[string]any `gorm:"serializer:json;type:json" json:"settings"`
	// Has-many whose foreign key lives in an embedded struct of the child.
	Users []User `gorm:"foreignKey:TenantID" json:"users,omitempty"`
}

// Role is a uint8 enum: tinyint unsigned on MariaDB, smallint elsewhere.
type Role uint8

// The roles.
const (
	RoleViewer Role = iota
	RoleEditor
	RoleAdmin
)

// UserStatus is stored by name: its Value method returns a string on every
// path, so the column is a string.
type UserStatus int

// The statuses.
const (
	StatusActive UserStatus = iota
	StatusSuspended
)

// Value implements driver.Valuer.
func (s UserStatus) Value() (driver.Value, error) {
	switch s {
	case StatusActive:
		return "active", nil
	case StatusSuspended:
		return "suspended", nil
	}
	return "unknown", nil
}

// Priority means to store its name too, but its Value method returns
// interface{} instead of driver.Value: the method does not implement
// driver.Valuer, so GORM (like database/sql) never sees it and stores the
// int.
type Priority int

// String names a priority.
func (p Priority) String() string {
	if p > 0 {
		return "high"
	}
	return "normal"
}

// Value is NOT driver.Valuer's method: the result type differs.
func (p Priority) Value() (interface{}, error) { return p.String(), nil }

// Team has many members through an alias of User. It is declared and
// listed before User: AutoMigrate orders tables by the relations it has
// parsed so far, and the foreign key this has-many puts on users is only
// known once Team is parsed.
type Team struct {
	BaseModel
	Code    string   `gorm:"size:8;uniqueIndex;not null" json:"code"`
	Name    string   `gorm:"size:100" json:"name"`
	Members []Member `gorm:"foreignKey:TeamCode;references:Code" json:"members,omitempty"`
}

// Member is how the team module refers to users: an alias, so it IS User.
type Member = User

// User is the hub. It embeds the application's base and the tenant block.
type User struct {
	BaseModel
	TenantScoped
	Tenant   *Tenant    `json:"tenant,omitempty"`
	Email    string     `gorm:"size:191;uniqueIndex;not null" json:"email"`
	Name     string     `gorm:"size:100" json:"name"`
	Role     Role       `gorm:"not null;default:0" json:"role"`
	Status   UserStatus `gorm:"size:16;default:active" json:"status"`
	Priority Priority   `json:"priority"`
	// TeamCode has no size: Team.Members (through the Member alias) is a
	// has-many by TeamCode referencing Team.Code, so GORM copies size 8.
	TeamCode *string `json:"team_code"`
	// sql.Null of a type with a GormDataType: GORM asks datatypes.Date
	// (the first field), so the column is a date, not a timestamp.
	Birthday sql.Null[datatypes.Date] `json:"birthday"`
}

// Category is a self-referential tree.
type Category struct {
	BaseModel
	Name     string     `gorm:"size:120;not null" json:"name"`
	Slug     string     `gorm:"size:120;uniqueIndex:idx_category_slug" json:"slug"`
	ParentID *uint      `gorm:"index" json:"parent_id"`
	Parent   *Category  `json:"parent,omitempty"`
	Children []Category `gorm:"foreignKey:ParentID" json:"children,omitempty"`
	Position int        `gorm:"default:0" json:"position"`
}

// Money is an alias: exactly int64.
type Money = int64

// Checksum is a fixed-size byte array: bytes.
type Checksum [16]byte

// Blob is a named []byte.
type Blob []byte

// LocalTime is a named type over time.Time; it converts to time.Time, so
// GORM maps it as a time.
type LocalTime time.Time

// Cents has a Value method on the pointer receiver only; GORM calls it on
// a new *Cents, so it is a Valuer, and Value returns a float64.
type Cents int64

// Value implements driver.Valuer on *Cents.
func (c *Cents) Value() (driver.Value, error) { return float64(*c) / 100, nil }

// Color declares its column type.
type Color string

// GormDataType implements schema.GormDataTypeInterface.
func (Color) GormDataType() string { return "varchar(7)" }

// TagList is stored as JSON. Its Value method returns what json.Marshal
// returns, a []byte (GORM's data type bytes); the field's type: tag makes
// the column text.
type TagList []string

// Value implements driver.Valuer.
func (l TagList) Value() (driver.Value, error) { return json.Marshal(l) }

// Scan implements sql.Scanner.
func (l *TagList) Scan(src any) error {
	b, ok := src.([]byte)
	if !ok {
		return errors.New("TagList: not bytes")
	}
	return json.Unmarshal(b, l)
}

// NullDate is a nullable calendar date. The gorm tag on its first field is
// read by GORM when Value returns nil (or an error) for the zero value:
// GORM then inspects the struct's fields, merges their gorm tags into the
// field's settings, and uses the first field's type.
//
//migragen:ignore
type NullDate struct {
	Time  time.Time `gorm:"type:date"`
	Valid bool
}

// Value implements driver.Valuer.
func (d NullDate) Value() (driver.Value, error) {
	if !d.Valid {
		return nil, nil
	}
	return d.Time, nil
}

// CountryCode declares a GormDataType with the wrong result type
// (schema.DataType, not string): it does not implement GORM's
// GormDataTypeInterface, so GORM maps it as the string it is.
type CountryCode string

// GormDataType is NOT GORM's method: the result type differs.
func (CountryCode) GormDataType() schema.DataType { return "char(2)" }

// Product is an e-commerce catalogue entry with unusual column types.
type Product struct {
	BaseModel
	TenantScoped
	SKU     string `gorm:"size:32;uniqueIndex" json:"sku"`
	Name    string `gorm:"size:200;not null" json:"name"`
	Price   Money  `gorm:"not null;default:0" json:"price"`
	Deposit Cents  `json:"deposit"`
	Color   Color  `json:"color"`
	// The zero sql.Null's Value is nil, so GORM looks at its first field,
	// and asks that (Color) for its GormDataType: varchar(7).
	Accent     sql.Null[Color] `json:"accent"`
	CategoryID uint            `json:"category_id"`
	Category   Category        `json:"category"`
	// Belongs-to a model of another package by the default foreign key
	// name CurrencyCode; it has no size and copies 3 from Currency.Code.
	CurrencyCode string       `json:"currency_code"`
	Currency     sub.Currency `json:"currency"`
	Checksum     Checksum     `json:"checksum"`
	Thumbnail    Blob         `json:"thumbnail"`
	Attributes   []uint8      `json:"attributes"`
	ReleasedAt   LocalTime    `json:"released_at"`
	RetiredAt    *LocalTime   `json:"retired_at"`
	Stock        sql.Null[int32]
	Note         *sql.NullString
	Tags         TagList `gorm:"type:text" json:"tags"`
	// GORM merges NullDate's type:date into this field only if Value
	// returns nil for the zero value; the field repeats it, as migragen
	// asks, so the column is a date either way.
	LaunchDate NullDate    `gorm:"type:date" json:"launch_date"`
	Origin     CountryCode `gorm:"size:2" json:"origin"`
	// ListPrice embeds a well-known Valuer, whose Value method GORM calls
	// through the embedding: a text column.
	ListPrice Amount `json:"list_price"`
}

// Amount wraps a decimal; Value and Scan are promoted from it.
type Amount struct{ decimal.Decimal }

// OrderStatus is a named string.
type OrderStatus string

// Address is a postal block, embedded with prefixes.
type Address struct {
	Line1 string `gorm:"size:200"`
	// Embedded twice in Order, both columns land in one index:
	// idx_orders_city (ship_city, bill_city), named after the Go field.
	City    string `gorm:"size:100;index"`
	Country string `gorm:"size:2;default:'DE'"`
}

// Order belongs to its customer and, twice more, to the staff users who
// created and last changed it.
type Order struct {
	BaseModel
	TenantScoped
	Number string `gorm:"size:20;uniqueIndex;not null" json:"number"`
	// A pointer foreign key.
	UserID *uint `json:"user_id"`
	User   *User `json:"user,omitempty"`
	// A foreign key with its own column name.
	CreatedByID *uint       `gorm:"column:created_by" json:"created_by"`
	CreatedBy   *User       `gorm:"foreignKey:CreatedByID" json:"-"`
	UpdatedByID *uint       `json:"updated_by_id"`
	UpdatedBy   *User       `json:"-"`
	Status      OrderStatus `gorm:"size:20;default:'pending'" json:"status"`
	Total       Money       `json:"total"`
	Items       []OrderItem `gorm:"constraint:OnDelete:CASCADE" json:"items"`
	// An embedded pointer with a prefix, and a value with another.
	Shipping *Address `gorm:"embedded;embeddedPrefix:ship_" json:"shipping"`
	Billing  Address  `gorm:"embedded;embeddedPrefix:bill_" json:"billing"`
}

// OrderItem has a composite primary key; the tags are spelled in other
// cases.
type OrderItem struct {
	OrderID   uint    `gorm:"PRIMARYKEY" json:"order_id"`
	LineNo    int     `gorm:"primaryKey;autoIncrement:false" json:"line_no"`
	ProductID uint    `json:"product_id"`
	Product   Product `json:"product"`
	Quantity  int     `gorm:"not null;default:1" json:"quantity"`
}

// ReturnRequest belongs to an order item through both key columns, named
// explicitly. (Had its columns been called OrderID and LineNo, GORM would
// find them in OrderItem first and make this a has-one.)
type ReturnRequest struct {
	BaseModel
	ItemOrderID uint      `json:"order_id"`
	ItemLineNo  int       `json:"line_no"`
	Item        OrderItem `gorm:"foreignKey:ItemOrderID,ItemLineNo;references:OrderID,LineNo" json:"-"`
	Reason      string    `gorm:"size:200" json:"reason"`
}

// Carrier's only key is a string Code.
type Carrier struct {
	Code string `gorm:"primaryKey;size:16"`
	Name string
}

// Shipment belongs to a carrier by CarrierCode (field name + key name).
type Shipment struct {
	BaseModel
	OrderID     uint `gorm:"index"`
	CarrierCode string
	Carrier     Carrier
	Tracking    string `gorm:"size:64;"`
}

// Auditable is a block with two belongs-to relations; embedded, its
// relations are resolved on the embedding model.
type Auditable struct {
	CreatedByID *uint
	CreatedBy   *User
	UpdatedByID *uint
	UpdatedBy   *User
}

// Invoice takes its table name from a constant of package sub, through a
// pointer receiver. Its key is spelled Id.
type Invoice struct {
	Id uint
	Auditable
	Amount       Money `gorm:"not null"`
	CurrencyCode string
	Currency     *sub.Currency `gorm:"constraint:OnUpdate:CASCADE,OnDelete:RESTRICT"`
	IssuedAt     time.Time
}

// TableName returns a constant of another package.
func (*Invoice) TableName() string { return sub.InvoiceTable }

// Setting is a key/value row. Its key is spelled Id and its tags have
// spaces after the separators and a trailing separator; a default and a
// comment hold an escaped separator.
type Setting struct {
	Id          uint
	Key         string `gorm:"column:setting_key; size:100; uniqueIndex; not null;"`
	Value       string `gorm:"type:text"`
	Separator   string `gorm:"size:8;default:a\\;b"`
	Description string `gorm:"size:200;comment:key\\; value pair"`
	Empty       string `gorm:"size:10;default:''"`
	Quoted      string `gorm:"size:10;default:\"x\""`
}

// Article is a CMS entry with SEO metadata in an anonymous struct.
type Article struct {
	BaseModel
	Title    string `gorm:"size:200;not null"`
	AuthorID uint
	Author   User
	Meta     struct {
		Title       string `gorm:"size:200"`
		Description string `gorm:"size:300"`
	} `gorm:"embedded;embeddedPrefix:meta_"`
	Published  bool       `gorm:"default:false"`
	Visibility Visibility `gorm:"type:varchar(10)"`
	Labels     []Tag      `gorm:"many2many:article_tags"`
}

// Visibility is stored by name; the unknown visibility, the zero value, is
// NULL. What GORM makes of it depends on the path the zero value takes
// through Value (nil: GORM maps the int), which migragen cannot follow, so
// the field carries a type: tag, as migragen's diagnostic advises.
type Visibility int

// The visibilities.
const (
	VisibilityPublic Visibility = iota + 1
	VisibilityPrivate
)

// Value implements driver.Valuer.
func (v Visibility) Value() (driver.Value, error) {
	switch v {
	case VisibilityPublic:
		return "public", nil
	case VisibilityPrivate:
		return "private", nil
	}
	return nil, nil
}

// Tag declares the same join table from the other side, under another
// field name.
type Tag struct {
	ID       uint
	Name     string    `gorm:"size:64;uniqueIndex"`
	Articles []Article `gorm:"many2many:article_tags"`
}

// Page has a TableName but is only ever embedded, so it is no root: the
// table is created for PublishedPage, which gets TableName by promotion.
type Page struct {
	BaseModel
	Slug  string `gorm:"size:120;uniqueIndex"`
	Title string `gorm:"size:200"`
}

// TableName names the CMS table.
func (Page) TableName() string { return "cms_pages" }

// PublishedPage embeds Page, and with it Page's TableName.
type PublishedPage struct {
	Page
	PublishedAt *time.Time `gorm:"index"`
}

// Event has a string ID (a ULID) that is the primary key by name, and
// integer timestamps.
type Event struct {
	ID        string `gorm:"size:26"`
	Kind      string `gorm:"size:40;index"`
	CreatedAt int64  `gorm:"autoCreateTime"`
	UpdatedAt int64  `gorm:"autoUpdateTime:milli"`
}

// Warehouse embeds a block of another package that carries a belongs-to
// relation, and an address by an anonymous pointer with a prefix but no
// embedded tag.
type Warehouse struct {
	ID uint
	sub.Located
	*Address `gorm:"embeddedPrefix:addr_"`
	Name     string `gorm:"size:100"`
}

// StaffUser is an admin-panel account: a User with more columns, in a
// table of its own. The relations declared in User are resolved again
// for staff_users (fk_staff_users_tenant); Team.Members and Tenant.Users
// point at users only.
type StaffUser struct {
	User
	Department string `gorm:"size:64"`
}

// Comment belongs to anything commentable, through the polymorphic pair
// SubjectType/SubjectID. It has no foreign key: GORM creates none for
// polymorphic relations.
type Comment struct {
	ID          uint
	SubjectType string `gorm:"size:40;index:idx_comment_subject"`
	SubjectID   uint   `gorm:"index:idx_comment_subject"`
	Body        string `gorm:"type:text;not null"`
}

// Discussion is a block that makes a model commentable: a polymorphic
// has-many declared in an embedded struct.
type Discussion struct {
	Comments []Comment `gorm:"polymorphic:Subject;polymorphicValue:thread"`
}

// Thread is a forum thread, commentable through Discussion.
type Thread struct {
	ID    uint
	Title string `gorm:"size:200;not null"`
	Discussion
}

// InvoiceLine belongs to an Invoice, whose key is spelled Id: GORM also
// tries <Field>ID, so InvoiceID is found.
type InvoiceLine struct {
	ID        uint
	InvoiceID uint     `gorm:"not null"`
	Invoice   *Invoice `gorm:"constraint:OnDelete:CASCADE"`
	Text      string   `gorm:"size:200"`
	Amount    Money
}

// LegacyAccount was written for GORM v1. v2 still reads PRIMARY_KEY, but
// AUTO_INCREMENT and unique_index are not v2 settings and are ignored:
// the id is auto-increment only because it is the integer primary key,
// and there is no index on email. The sql tag is v1's and ignored too.
type LegacyAccount struct {
	ID    uint   `gorm:"PRIMARY_KEY;AUTO_INCREMENT"`
	Email string `gorm:"type:varchar(100);unique_index"`
	Name  string `sql:"size:50"`
}

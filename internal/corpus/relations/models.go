package relations

import "gorm.io/gorm"

// Models lists, by hand, the root models a user would pass to AutoMigrate.
//
// Not listed, and not roots (no gorm tag, no TableName, no gorm.Model):
// Company and Wallet (belongs-to targets, so AutoMigrate adds them), Actor
// (target of a belongs-to with constraint:-, so it is NOT added), Blog (a
// has-many parent: not added, and its children get no foreign key) and
// OrderLine (a has-many child: not added).
func Models() []any {
	return []any{
		&User{}, &Profile{}, &CreditCard{}, &Passport{},
		&Post{}, &Comment{},
		&Customer{}, &Order{}, &OrderItem{}, &Refund{},
		&Warehouse{}, &Shelf{},
		&Team{}, &Player{},
		&Transfer{}, &AuditLog{}, &Entry{},
	}
}

// Company has no gorm tag: it is no root, but User belongs to it, so
// AutoMigrate creates it first.
type Company struct {
	ID   uint
	Name string
}

// User is the hub of the blog.
type User struct {
	gorm.Model
	Name string `gorm:"size:100;not null"`
	// Belongs-to by the default foreign key CompanyID. CompanyID is an int
	// but Company.ID is a uint: GORM copies the primary key's data type
	// onto the foreign key (bigint unsigned on MariaDB). The actions give
	// fk_users_company ON DELETE SET NULL ON UPDATE CASCADE.
	CompanyID int
	Company   Company `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL;"`
	// Self-referential belongs-to and has-many over the same column. Both
	// describe manager_id -> users.id; GORM keeps only the has-many's
	// constraint, fk_users_team, and drops fk_users_manager.
	ManagerID *uint
	Manager   *User
	Team      []User `gorm:"foreignKey:ManagerID"`
	// Has-one: fk_users_profile, created with the profiles table.
	Profile Profile
	// Has-many through a pointer slice, with actions.
	CreditCards []*CreditCard `gorm:"constraint:OnUpdate:CASCADE,OnDelete:CASCADE;"`
	// Has-many, declared on both sides (see Post.Author).
	Posts []Post `gorm:"foreignKey:AuthorID"`
	// Has-one by custom keys: passports.holder_number -> users.member_number.
	MemberNumber string   `gorm:"size:20;uniqueIndex"`
	Passport     Passport `gorm:"foreignKey:HolderNumber;references:MemberNumber"`
}

// Profile is a has-one child of User.
type Profile struct {
	ID     uint
	UserID uint   `gorm:"uniqueIndex"`
	Bio    string `gorm:"type:text"`
}

// CreditCard is a has-many child of User.
type CreditCard struct {
	ID     uint
	Number string `gorm:"size:19;not null"`
	UserID uint
}

// Passport is a has-one child of User by custom keys. HolderNumber has no
// size: it inherits size 20 from User.MemberNumber.
type Passport struct {
	ID           uint
	HolderNumber string
	Country      string `gorm:"size:2"`
}

// Post belongs to its author, and User has many posts through the same
// column. GORM builds the foreign key from the has-many side
// (fk_users_posts, no actions): the constraint: tag here is silently
// ignored.
type Post struct {
	ID       uint
	Title    string `gorm:"size:200;not null"`
	AuthorID *uint
	Author   *User `gorm:"constraint:OnUpdate:CASCADE,OnDelete:SET NULL;"`
	// A named constraint on a has-many: fk_comment_post instead of
	// fk_posts_comments.
	Comments []Comment `gorm:"constraint:fk_comment_post,OnDelete:CASCADE"`
}

// Comment belongs to a post (constraint built from Post.Comments) and to a
// user (fk_comments_author; User declares no back-reference).
type Comment struct {
	ID       uint
	Body     string `gorm:"type:text;not null"`
	PostID   uint
	Post     *Post
	AuthorID uint
	Author   User
}

// Customer is referenced by a non-primary, unique column.
type Customer struct {
	ID   uint
	Code string `gorm:"size:36;not null;uniqueIndex"`
	Name string `gorm:"size:100"`
}

// OrderLine has no gorm tag and is not listed: as the child of a has-many
// it is never added by AutoMigrate, so there is no order_lines table and
// no fk_orders_lines.
type OrderLine struct {
	ID      uint
	OrderID uint
	SKU     string
}

// Order belongs to a customer through custom keys.
type Order struct {
	ID uint
	// No size: inherits 36 from Customer.Code (varchar(36) on MariaDB
	// instead of longtext).
	CustomerCode string
	Customer     Customer `gorm:"foreignKey:CustomerCode;references:Code"`
	Lines        []OrderLine
	Total        int64 `gorm:"not null;default:0"`
}

// OrderItem has a composite primary key.
type OrderItem struct {
	OrderID   uint `gorm:"primaryKey"`
	ProductID uint `gorm:"primaryKey"`
	Quantity  int
}

// Refund belongs to an OrderItem by a composite foreign key, found by the
// default names: field name + each primary key name (ItemOrderID,
// ItemProductID).
type Refund struct {
	ID            uint
	ItemOrderID   uint
	ItemProductID uint
	Item          OrderItem
	Reason        string `gorm:"size:200"`
}

// Warehouse has a sized string primary key.
type Warehouse struct {
	Code string `gorm:"primaryKey;size:16"`
	City string `gorm:"size:80"`
}

// Shelf belongs to a Warehouse by WarehouseCode (field name + primary key
// name); the foreign key inherits varchar(16).
type Shelf struct {
	ID            uint
	Label         string `gorm:"size:20"`
	WarehouseCode string
	Warehouse     Warehouse
}

// Team has a captain. Player has a TeamID column, so GORM's guess for
// Captain would be has-one (players.team_id -> teams.id); the belongsTo
// tag forces belongs-to through CaptainID (teams.captain_id -> players.id).
type Team struct {
	ID        uint
	Name      string `gorm:"size:80;not null"`
	CaptainID *uint
	Captain   *Player `gorm:"belongsTo"`
}

// Player is a team member; TeamID is a plain column.
type Player struct {
	ID     uint
	Name   string `gorm:"size:80"`
	TeamID *uint  `gorm:"index"`
}

// Wallet has no gorm tag: added by AutoMigrate as a belongs-to target.
type Wallet struct {
	ID      uint
	Balance int64
}

// Transfer belongs to the same table twice: fk_transfers_from and
// fk_transfers_to, named after the relation fields.
type Transfer struct {
	ID     uint
	FromID uint `gorm:"not null"`
	From   Wallet
	ToID   uint `gorm:"not null"`
	To     Wallet
	Amount int64
}

// Actor has no gorm tag and is only the target of a belongs-to with
// constraint:-.
type Actor struct {
	ID   uint
	Name string
}

// AuditLog belongs to an Actor without a foreign key. AutoMigrate only
// follows a belongs-to through its constraint, so with constraint:- the
// actors table is not created at all.
type AuditLog struct {
	ID      uint
	Action  string `gorm:"size:40"`
	ActorID uint
	Actor   Actor `gorm:"constraint:-"`
}

// Blog has no gorm tag and nothing points at it: it is not migrated, and
// its has-many gives entries no foreign key.
type Blog struct {
	ID      uint
	Entries []Entry
}

// Entry is the child of a has-many whose parent is not migrated.
type Entry struct {
	ID     uint
	BlogID uint   `gorm:"index"`
	Body   string `gorm:"type:text"`
}

// Package relations holds relations GORM cannot resolve.
package relations

type Address struct {
	Street string `gorm:"size:128"`
	City   string `gorm:"size:64"`
}

type Customer struct {
	ID      uint
	Name    string  `gorm:"size:64"`
	Address Address // want `GORM finds no foreign key for relation Address.*\(fix: if Address is a block of columns, tag it gorm:"embedded"`
}

type Comment struct {
	ID       uint
	Body     string
	ItemID   uint
	ItemKind string `gorm:"size:32"`
}

type Post struct {
	ID       uint
	Comments []Comment `gorm:"polymorphic:Item"` // want `polymorphic relation: Comment has no field ItemType`
}

type Tag struct {
	ID   uint
	Name string `gorm:"size:32"`
}

type Article struct {
	ID   uint
	Tags []Tag `gorm:"many2many:article_tags;foreignKey:Slug"` // want `many2many: Article has no field or column "Slug"`
}

type Profile struct {
	ID     uint
	UserID uint
	Bio    string `gorm:"size:200"`
}

// User could belong to its Profile through ProfileID, or have one through
// Profile.UserID; GORM picks has-one without saying so.
type User struct {
	ID        uint
	ProfileID uint    `gorm:"not null"`
	Profile   Profile // want `ambiguous relation: GORM makes Profile a has-one through Profile.UserID and ignores User.ProfileID`
}

type Warehouse struct {
	ID   uint
	Code string `gorm:"size:16"`
}

type Shelf struct {
	ID            uint
	WarehouseID   uint
	WarehouseCode string    `gorm:"size:16"`
	Warehouse     Warehouse `gorm:"foreignKey:WarehouseID,WarehouseCode;references:ID"` // want `relation Warehouse names 2 foreign keys but only 1 referenced fields`
}

type Note struct {
	ID      uint
	Search  string `gorm:"-:migration;index"`               // want `GORM would create index idx_notes_search on this field, which has no column`
	Ignored string `gorm:"-:migration;check:ignored <> ''"` // want `GORM would create check chk_notes_ignored on this field, which has no column`
}

type Author struct {
	ID    uint
	Books []Book
}

type Book struct {
	ID       uint
	AuthorID uint
	Author   Author `gorm:"constraint:OnDelete:CASCADE"` // want `GORM ignores constraint:OnDelete:CASCADE here: it builds this foreign key from Author.Books`
}

type Gallery struct {
	ID     uint
	Title  string  `gorm:"size:64"`
	Photos []Photo // want `Photo is not a model here, so its table does not exist`
}

// Photo has no gorm tag, so discovery does not take it for a model.
type Photo struct {
	ID        uint
	GalleryID uint
}

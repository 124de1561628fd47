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

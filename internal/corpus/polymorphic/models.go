package polymorphic

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Toy{}, &Dog{}, &Cat{}, &Hamster{}, &Image{}, &Product{}, &Review{}}
}

// Toy belongs to any pet through owner_id + owner_type. There is no
// foreign key: owner_id points at several tables.
type Toy struct {
	ID        uint
	Name      string `gorm:"size:80"`
	OwnerID   uint   `gorm:"index:idx_toy_owner,priority:2"`
	OwnerType string `gorm:"size:32;index:idx_toy_owner,priority:1"`
}

// Dog has many toys; owner_type holds the table name, "dogs".
type Dog struct {
	ID   uint
	Name string `gorm:"size:80"`
	Toys []Toy  `gorm:"polymorphic:Owner"`
}

// Cat has one toy; owner_type is "cats".
type Cat struct {
	ID  uint
	Toy Toy `gorm:"polymorphic:Owner"`
	// The same child may hang off one owner twice with different values.
	FavouriteToy *Toy `gorm:"polymorphic:Owner;polymorphicValue:cat_favourite"`
}

// Hamster stores "small_pet" instead of its table name.
type Hamster struct {
	ID   uint
	Toys []*Toy `gorm:"polymorphic:Owner;polymorphicValue:small_pet"`
}

// Image uses its own column names. ImageableID is declared as int64 and
// the owners' keys are uint: GORM copies the owner's data type onto the
// id column (bigint unsigned on MariaDB).
type Image struct {
	ID            uint
	URL           string `gorm:"size:500;not null"`
	ImageableID   int64
	ImageableKind string `gorm:"size:40"`
}

// Product has many images, named by polymorphicType / polymorphicId
// (field names, not column names).
type Product struct {
	ID     uint
	Name   string  `gorm:"size:120"`
	Images []Image `gorm:"polymorphicType:ImageableKind;polymorphicId:ImageableID;polymorphicValue:product"`
}

// Review has one cover image with the same custom columns and its table
// name as the value.
type Review struct {
	ID    uint
	Body  string `gorm:"type:text"`
	Cover Image  `gorm:"polymorphicType:ImageableKind;polymorphicId:ImageableID"`
}

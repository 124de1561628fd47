package a

import "github.com/migragen/migragen/internal/corpus/crosspkg/b"

// Models lists, by hand, the root models a user would pass to AutoMigrate.
// Only package a's roots: b.Region, b.Staff and b.Currency are reached
// through relations and added by AutoMigrate.
func Models() []any {
	return []any{&Store{}, &PriceList{}}
}

// Store embeds a block from b and points at b's models.
type Store struct {
	ID uint
	b.Timestamps
	Name string `gorm:"size:100;not null"`
	// Belongs-to across packages: fk_stores_region.
	RegionID uint
	Region   b.Region
	// Belongs-to a b model that itself belongs to another b model.
	ManagerID *uint
	Manager   *b.Staff
	// many2many across packages: join table store_delivery_regions with
	// store_id and region_id (named from the Go type names, without
	// package).
	DeliveryRegions []b.Region `gorm:"many2many:store_delivery_regions"`
}

// PriceList embeds b.Money twice, with prefixes, and belongs to a b model
// with a string key.
type PriceList struct {
	ID      uint
	StoreID uint
	Store   Store
	Retail  b.Money `gorm:"embedded;embeddedPrefix:retail_"`
	Trade   b.Money `gorm:"embedded;embeddedPrefix:trade_"`
	// Default foreign key: field name + primary key name. It inherits
	// varchar(3) from b.Currency.Code.
	CurrencyCode string
	Currency     b.Currency
}

package sub

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Currency{}}
}

// Table names the application keeps in one place. Package edge's models
// return some of them from their TableName methods.
const (
	CurrencyTable = "fx_currencies"
	InvoiceTable  = "billing_invoices"
)

// Currency is keyed by its ISO code. TableName has a pointer receiver,
// which GORM still finds (it calls it on a new *Currency).
type Currency struct {
	Code      string `gorm:"primaryKey;size:3" json:"code"`
	Name      string `gorm:"size:64;not null" json:"name"`
	MinorUnit uint8  `gorm:"default:2" json:"minor_unit"`
}

// TableName returns a package constant.
func (*Currency) TableName() string { return CurrencyTable }

// Region has no gorm tag: no root here, but package edge's models belong
// to it through the Located block, so AutoMigrate adds it.
type Region struct {
	ID          uint
	Name        string
	CountryCode string
}

// Located is a block of columns carrying a belongs-to relation; package
// edge embeds it anonymously. It has no gorm tag, so it needs no
// directive.
type Located struct {
	RegionID *uint
	Region   *Region
}

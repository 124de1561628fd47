// Package tags holds models whose gorm tags GORM silently misreads.
package tags

type Product struct {
	ID     uint
	Code   string  `gorm:"size: 10"`                           // want `size " 10" is not a number; GORM silently treats the column as unsized`
	Name   string  `gorm:"primarykye"`                         // want `unknown tag setting "primarykye" \(fix: did you mean primaryKey\?\)`
	Slug   string  `gorm:"size:64;index:idx_slug,sortt:desc"`  // want `unknown index option "sortt" \(fix: did you mean sort\?\)`
	Price  int     `gorm:"not null" json:price`                // want `malformed struct tag`
	Weight int     `grom:"not null"`                           // want `struct tag key "grom" is not gorm`
	Note   string  `gorm:"-:sometimes"`                        // want `GORM ignores -:sometimes`
	Cost   float64 `gorm:"precision:ten"`                      // want `precision "ten" is not a whole number`
	Email  string  `gorm:"uniqueIndex"`                        // want `uniqueIndex on a string without a size: GORM makes it longtext on MySQL, which then refuses the index \(error 1170; MariaDB 10.4 and later accept it\)`
	Owner  string  `gorm:"size:64;index:,composite:"`          // want `composite option of an index tag needs a name`
	SKU    string  `gorm:"size:32;constraint:OnDelet:CASCADE"` // want `unknown constraint option "OnDelet" \(fix: did you mean OnDelete\?\)`
}

type Category struct { // want `tables products and categories both have an index named idx_slug`
	ID    uint
	Slug  string `gorm:"size:64;index:idx_slug"`
	Title string `gorm:"size:64" migragen:"renamed:name"`     // want `migragen ignores the unknown setting "renamed" in its tag`
	Code  string `gorm:"size:8" migragen:"renamed_from:code"` // want `renamed_from:code names the column's current name`
}

type Legacy struct {
	ID    uint
	Code  string `sql:"index" gorm:"size:16"` // want `GORM v2 ignores the sql:"index" tag of GORM v1`
	Query string `form:"q" gorm:"size:16"`
	// This package registers no serializer; "text" is GORM's only if some
	// package migragen analyzes registers it.
	Body []string `gorm:"serializer:text"` // want `serializer "text" is neither built into GORM nor registered by the analyzed packages`
}

package b

import "time"

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Region{}, &Staff{}, &Currency{}}
}

// Region is a sales region.
type Region struct {
	ID   uint
	Name string `gorm:"size:100;not null;uniqueIndex"`
}

// Staff is an employee of a region; package a's stores point at it.
// Table: staffs (inflection has no rule for staff).
type Staff struct {
	ID       uint
	Name     string `gorm:"size:100"`
	RegionID uint
	Region   Region
}

// Currency is keyed by its ISO code.
type Currency struct {
	Code string `gorm:"primaryKey;size:3"`
	Name string `gorm:"size:40"`
}

// Money is embedded by models in package a. It carries gorm tags, so root
// discovery on this package alone would list it; it is only ever embedded
// elsewhere.
//
//migragen:ignore
type Money struct {
	Amount   int64  `gorm:"not null;default:0"`
	Currency string `gorm:"size:3;not null"`
}

// Timestamps has no gorm tag: no root candidate.
type Timestamps struct {
	CreatedAt time.Time
	UpdatedAt time.Time
}

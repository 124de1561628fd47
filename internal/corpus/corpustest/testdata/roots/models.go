package roots

import (
	orm "gorm.io/gorm"
)

// Tagged is a root: it has a gorm tag.
type Tagged struct {
	ID   uint
	Name string `gorm:"size:10"`
}

// WithModel is a root: it embeds gorm.Model (under an import alias).
type WithModel struct {
	orm.Model
	Name string
}

// Named is a root: TableName on the pointer receiver.
type Named struct{ ID uint }

func (*Named) TableName() string { return "named" }

type tableBase struct{}

func (tableBase) TableName() string { return "promoted" }

// Promoted is a root through a promoted TableName.
type Promoted struct {
	tableBase
	ID uint
}

// Ignored has a tag but the directive.
//
//migragen:ignore
type Ignored struct {
	ID uint `gorm:"primaryKey"`
}

// Block is only ever embedded.
type Block struct {
	Note string `gorm:"size:5"`
}

// Prefixed is only ever embedded through a named embedded field.
type Prefixed struct {
	Street string `gorm:"size:5"`
}

// UsesBlocks is a root.
type UsesBlocks struct {
	Block
	Home Prefixed `gorm:"embedded;embeddedPrefix:home_"`
}

// AlsoReferenced is embedded once and referenced once: still a root.
type AlsoReferenced struct {
	ID uint `gorm:"primaryKey"`
}

// Holder embeds and references AlsoReferenced.
type Holder struct {
	AlsoReferenced
	Ref   *AlsoReferenced `gorm:"foreignKey:ID"`
	Other []AlsoReferenced
}

// Generic is never a root.
type Generic[T any] struct {
	ID T `gorm:"primaryKey"`
}

// Plain has no tag: not a candidate.
type Plain struct{ ID uint }

// Indirect embeds Base, which has gorm.Model and so a key: a candidate.
type Indirect struct {
	Base
}

// Base is only embedded (and embeds gorm.Model).
type Base struct {
	orm.Model
}

type unexported struct {
	ID uint `gorm:"primaryKey"`
}

// Package tablename holds TableName methods migragen can and cannot read.
package tablename

import "os"

const legacy = "legacy_people"

// Person's table is a named constant: fine.
type Person struct {
	ID   uint
	Name string `gorm:"size:64"`
}

func (Person) TableName() string { return legacy }

// Tenant's table depends on the environment.
type Tenant struct {
	ID   uint
	Name string `gorm:"size:64"`
}

func (Tenant) TableName() string { return os.Getenv("TENANT_TABLE") } // want `cannot tell which table Tenant maps to: TableName does not return a constant \(fix: return a string constant`

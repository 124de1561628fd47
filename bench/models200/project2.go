package models

import (
	"gorm.io/gorm"
)

// Project2 is model 42 of the benchmark package.
type Project2 struct {
	gorm.Model

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_project2_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_project2_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	TicketID uint `gorm:"not null;index"`
	Ticket   Ticket

	Shipment4s  []Shipment4
	Warehouse4s []Warehouse4
}

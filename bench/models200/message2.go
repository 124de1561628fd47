package models

import (
	"gorm.io/gorm"
)

// Message2 is model 63 of the benchmark package.
type Message2 struct {
	gorm.Model

	Name     string `gorm:"size:120;not null"`
	TenantID uint   `gorm:"not null;uniqueIndex:idx_message2_tenant_code,priority:1"`
	Code     string `gorm:"size:32;not null;uniqueIndex:idx_message2_tenant_code,priority:2"`
	Email    string `gorm:"size:191;uniqueIndex"`
	Status   string `gorm:"size:20;not null;default:'active';index"`
	Notes    *string

	CouponID int64 `gorm:"not null;index"`
	Coupon   Coupon

	Budget5s []Budget5
}

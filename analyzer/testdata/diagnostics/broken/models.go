// Package broken does not compile.
package broken

type User struct {
	ID   uint
	Name strin `gorm:"size:64"`
}

// Package jointable is the corpus theme "custom join tables": a many2many
// whose join table is a model of its own, registered with
// db.SetupJoinTable(&Member{}, "Clubs", &Membership{}) before AutoMigrate,
// as GORM's documentation shows. migragen learns of the call from its
// -join-table flag.
package jointable

import "time"

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any { return []any{&Member{}, &Club{}, &Membership{}} }

// Member belongs to clubs through Membership rows.
type Member struct {
	ID    uint
	Name  string `gorm:"size:100;not null"`
	Clubs []Club `gorm:"many2many:memberships"`
}

// Club has members.
type Club struct {
	ID   uint
	Name string `gorm:"size:100;uniqueIndex"`
}

// Membership is the join table, with columns of its own. GORM makes its
// key columns take the types of the keys they reference.
type Membership struct {
	MemberID uint   `gorm:"primaryKey"`
	ClubID   uint   `gorm:"primaryKey"`
	Role     string `gorm:"size:20;default:'member'"`
	JoinedAt time.Time
}

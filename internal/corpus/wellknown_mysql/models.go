package wellknown_mysql

import "time"

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Post{}}
}

// Post in a MySQL-backed CMS.
type Post struct {
	ID uint
	// enum: the commas are fine, tag settings split on ";" only.
	State string `gorm:"type:enum('draft','review','published');not null;default:'draft'"`
	// set: several values.
	Channels string `gorm:"type:set('web','mail','push')"`
	// tinyint(1), MySQL's traditional boolean.
	Pinned bool `gorm:"type:tinyint(1);not null;default:0"`
	// A GORM kind would give bigint unsigned; type: narrows it.
	Views uint32 `gorm:"type:mediumint unsigned"`
	// year type.
	Vintage int16 `gorm:"type:year"`
	// A default with ON UPDATE: "default:" text is verbatim SQL because
	// it holds parentheses.
	ModifiedAt time.Time `gorm:"type:datetime(3);default:CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)"`
}

package checks

import "time"

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Member{}, &Room{}, &Booking{}}
}

// Member of a climbing gym.
type Member struct {
	ID uint
	// Unnamed: chk_members_age.
	Age int `gorm:"check:age > 13"`
	// Named: the word before the first comma is the name.
	Name string `gorm:"size:100;check:name_checker,name <> 'jinzhu'"`
	// A leading comma means "no name": chk_members_nickname, expression
	// "nickname <> ''".
	Nickname string `gorm:"size:40;check:,nickname <> ''"`
	// The unnamed name uses the column name, so a column override shows:
	// chk_members_belay_level, not chk_members_belay.
	Belay int `gorm:"column:belay_level;check:belay_level BETWEEN 0 AND 3"`
	// A name may contain a dash.
	Shoe float64 `gorm:"check:shoe-size,shoe >= 30"`
}

// Room of the gym.
type Room struct {
	ID uint
	// An unnamed check with a comma in the expression: the part before the
	// first comma ("capacity IN (10") is no valid name, so the whole text
	// is the expression and the name is chk_rooms_capacity.
	Capacity int `gorm:"check:capacity IN (10, 20, 40)"`
	// A named check whose expression contains commas: everything after the
	// first comma is the expression.
	Kind string `gorm:"size:20;check:room_kind,kind IN ('boulder', 'lead', 'kids')"`
	// Two check: settings on one field: GORM parses tag settings into a
	// map, so the last one wins and "floor >= -2" is silently dropped.
	Floor int `gorm:"check:floor >= -2;check:floor <= 5"`
}

// Booking has a check over two columns.
type Booking struct {
	ID       uint
	RoomID   uint
	StartsAt time.Time
	// A table-level condition attached to one field; it is named after
	// that field's column: chk_bookings_ends_at. The expression is passed
	// through verbatim, unquoted, so it must avoid reserved words (a
	// column called "end" breaks it on PostgreSQL).
	EndsAt time.Time `gorm:"check:ends_at > starts_at"`
	// Checks and not null and default together.
	Seats int `gorm:"not null;default:1;check:seats > 0"`
}

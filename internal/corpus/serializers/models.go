package serializers

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Article{}}
}

// Article stores its lists through the module's own serializers.
type Article struct {
	ID    uint
	Title string `gorm:"size:200"`
	// A registered serializer on a slice: an unsized string column. sep:
	// is read by the serializer, not by GORM.
	Tags []string `gorm:"serializer:text;sep:|"`
	// The tag spells the name in another case; GORM lower-cases it.
	Keywords []string `gorm:"serializer:Text;size:512"`
	// Registered by another package of the module.
	Authors []string `gorm:"serializer:csv;size:191;index"`
	// The int64 kind wins over the serializer's string: a bigint column.
	Revision int64 `gorm:"serializer:text;not null"`
	// A map through the registered serializer, with a default.
	Meta map[string]string `gorm:"serializer:text;size:255;default:'{}'"`
}

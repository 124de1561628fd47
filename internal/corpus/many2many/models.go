package many2many

import "gorm.io/gorm"

// Models lists, by hand, the root models a user would pass to AutoMigrate.
//
// Tag has no gorm tag and is not listed: it is only a many2many target, so
// AutoMigrate adds it (and the article_tags join table).
func Models() []any {
	return []any{&User{}, &Language{}, &Role{}, &Article{}, &Project{}, &Course{}}
}

// User of a learning platform.
type User struct {
	gorm.Model
	Username string `gorm:"size:64;not null;uniqueIndex;comment:login name"`
	// Plain many2many: join table user_languages with columns user_id and
	// language_id, both primary key, and foreign keys
	// fk_user_languages_user and fk_user_languages_language.
	Languages []*Language `gorm:"many2many:user_languages"`
	// Self-referential: the second column cannot also be user_id, so GORM
	// names it after the singular field name: friend_id. Foreign keys
	// fk_user_friends_user and fk_user_friends_friends.
	Friends []*User `gorm:"many2many:user_friends"`
	// Custom keys on both sides. The join columns are named by
	// joinForeignKey / joinReferences and are built from the referenced
	// fields' Go type and gorm tag, minus column, autoIncrement, index,
	// unique and uniqueIndex, which GORM removes with a regular expression.
	// So user_roles.username is varchar(64) NOT NULL. Its comment is lost:
	// removing "Index" from "uniqueIndex;" also eats the ";", leaving the
	// setting "uniquecomment:login name". role_code copies Role.Code's
	// type:varchar(32), NOT NULL and its comment, which precedes
	// uniqueIndex and survives.
	Roles []Role `gorm:"many2many:user_roles;foreignKey:Username;joinForeignKey:Username;references:Code;joinReferences:RoleCode"`
}

// Language declares the same join table from the other side. Its join
// struct has the columns in the other order (language_id, user_id); the
// table AutoMigrate creates first wins and the second pass adds nothing.
type Language struct {
	ID    uint
	Code  string  `gorm:"size:8;uniqueIndex"`
	Users []*User `gorm:"many2many:user_languages"`
}

// Role is referenced by its code.
type Role struct {
	ID   uint
	Code string `gorm:"type:varchar(32);comment:role key;not null;uniqueIndex"`
}

// Tag has no gorm tag: it is added by AutoMigrate as a many2many target.
type Tag struct {
	ID   uint
	Name string
}

// Article uses a constraint tag: both foreign keys of article_tags get ON
// DELETE CASCADE.
type Article struct {
	ID    uint
	Title string `gorm:"size:200"`
	Tags  []Tag  `gorm:"many2many:article_tags;constraint:OnUpdate:CASCADE,OnDelete:CASCADE"`
}

// Project names its join table in CamelCase. A join table name that is
// not all lower case goes through the naming strategy: project_members.
type Project struct {
	ID      uint
	Name    string  `gorm:"size:100"`
	Members []*User `gorm:"many2many:ProjectMembers"`
	// constraint:- gives the join table no foreign keys at all.
	Watchers []*User `gorm:"many2many:project_watchers;constraint:-"`
}

// Course uses foreignKey/references without join names: the join columns
// are named from the model name plus the referenced field name:
// course_slug and user_username.
type Course struct {
	ID       uint
	Slug     string  `gorm:"size:80;not null;uniqueIndex"`
	Students []*User `gorm:"many2many:course_students;foreignKey:Slug;references:Username"`
}

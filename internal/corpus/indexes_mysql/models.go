package indexes_mysql

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{&Article{}}
}

// Article is a blog post searched with MySQL full-text search.
type Article struct {
	ID uint
	// FULLTEXT on a text column: no size needed for full-text indexes.
	Body string `gorm:"type:text;index:idx_article_body,class:FULLTEXT"`
	// A two-column full-text index.
	Title    string `gorm:"size:200;index:idx_article_search,class:FULLTEXT"`
	Abstract string `gorm:"size:500;index:idx_article_search,class:FULLTEXT"`
	// type: is dropped in CREATE TABLE; USING HASH would only appear on
	// CREATE INDEX (and InnoDB turns it into a btree anyway).
	Slug string `gorm:"size:191;uniqueIndex:idx_article_slug,type:hash"`
	// option: is appended to the inline index definition.
	Tag string `gorm:"size:40;index:idx_article_tag,option:KEY_BLOCK_SIZE=8"`
	// where: is dropped in CREATE TABLE: the index is not partial.
	State string `gorm:"size:20;index:idx_article_state,where:state = 'published'"`
}

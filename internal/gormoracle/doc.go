// Package gormoracle builds the schema.Snapshot that GORM itself implies for
// a set of models compiled into the running binary. It is the reference the
// analyzer's static snapshot is tested against.
//
// migragen reimplements GORM's field, index and relationship parsing for
// source code it never runs. A test that compares that reimplementation
// with expectations written by the same hands proves little; comparing it
// with GORM's own runtime parse of the same models proves it follows GORM.
// So Snapshot lets GORM parse the models (schema.Parse through a *gorm.DB,
// AutoMigrate's ReorderModels for the model set) and then reads the result
// the way the migrator's CreateTable does: the same columns, indexes,
// unique, check and foreign-key constraints, under the same conditions.
// Compare reports every difference between two snapshots in words a test
// failure can show.
//
// Derived names are kept in full (the parse runs with an identifier limit
// no name reaches), and each index, unique, check and foreign key says
// whether GORM derived its name, decided from the tag the way GORM decides
// it: an index entry without a name (all entries, if several fields share
// the index), any unique constraint, a check: tag that is not "name,expr"
// with a word-like name, a constraint: tag that does not start with such a
// name. TestShortName shows that schema.ShortName then gives GORM's names
// under the real 63 and 64 character limits.
//
// The package needs no database server: parsing uses an in-memory SQLite
// *gorm.DB, and the per-dialect answers of GormDBDataType methods come from
// the DryRun databases of package dialects, whose drivers never connect.
//
// It is an ordinary package, not a _test file, so that the analyzer's tests,
// the corpus tests and the runtime's tests can all share it. Production code
// must not import it: it runs user code (TableName, Value, GormDBDataType),
// which is exactly what the analyzer avoids.
package gormoracle

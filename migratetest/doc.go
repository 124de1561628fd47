// Package migratetest checks a migration set in the application's own
// tests, with the oracle migragen holds its own output to: GORM itself.
//
//	func TestMigrations(t *testing.T) {
//		db, err := gorm.Open(sqlite.Open(filepath.Join(t.TempDir(), "test.db")), &gorm.Config{})
//		if err != nil {
//			t.Fatal(err)
//		}
//		migratetest.Check(t, db, migrations.All(), models.All()...)
//	}
//
// [Check] proves, on the database it is given:
//
//  1. every revision applies, one at a time in graph order, and after each
//     the live catalog equals the schema the revisions describe
//     (migrate.Migrator.Verify);
//  2. each Down, newest first, gives back exactly the schema its parent
//     revisions left, and at base only the version table remains;
//  3. applying everything again gives the same schema at every revision;
//  4. at head the schema equals the one AutoMigrate(models...) builds on an
//     empty database, and AutoMigrate(models...) then issues no DDL beyond
//     what it issues on a database it built itself (GORM's second
//     AutoMigrate is not a no-op for every tag) — so the migrations miss
//     nothing the models have, and hold nothing they lack;
//  5. with [WithSeed], rows a user function inserts before a named revision
//     are what a second user function expects right after it.
//
// # The database
//
// db must be empty and dedicated to the check: a fresh SQLite file, a
// PostgreSQL schema of its own (Check works in the current schema, the
// search_path's first) or a MySQL/MariaDB database of its own. Check
// refuses a database that has tables. It first builds the models'
// schema there with AutoMigrate, to compare against, and drops those
// tables again; it never drops the database or schema itself, and it
// leaves the database at head. Open db as the application does: the same
// naming strategy and foreign-key setting (migrate.New refuses others),
// the same db.SetupJoinTable calls, and db.Set("gorm:table_options", ...)
// when the models were generated with table options. Check supports
// SQLite, PostgreSQL and MySQL/MariaDB, whose catalogs it can read.
//
// Statements AutoMigrate issues are captured through a logger on a session
// of db; the migrations themselves run on db with its own logger.
// Failures are reported with t.Errorf, or t.Fatalf when nothing after
// them can be checked, and name the revision and the table, column,
// index or statement that differs.
package migratetest

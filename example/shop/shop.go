// Package shop is the example application: it opens the database a DSN
// names, applies the shop's migrations with migragen's runtime (the command
// helper gives it up, down, status, history, stamp, sql and resolve), and
// runs a few shop operations — seeding a catalogue and an order, and
// reporting orders — so that it is visibly a working GORM application.
package shop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/mysql"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlserver"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/migragen/migragen/example/migrations"
	"github.com/migragen/migragen/example/models"
	"github.com/migragen/migragen/migrate"
)

// DefaultSQLite is the database file used when no DSN is given.
const DefaultSQLite = "shop.db"

// App is the shop on one database.
type App struct {
	DB             *gorm.DB
	Stdout, Stderr io.Writer
	secret         string // a password in the DSN, kept out of every message
}

// UsageError is a wrong command line.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Open connects to dsn: a PostgreSQL, MySQL/MariaDB or SQL Server DSN, or
// else a SQLite file name ("" means DefaultSQLite). Errors never contain
// the DSN's password.
func Open(dsn string) (*App, error) {
	if dsn == "" {
		dsn = DefaultSQLite
	}
	dialector, secret := dialectorFor(dsn)
	cfg := &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)}
	db, err := gorm.Open(dialector, cfg)
	app := &App{DB: db, Stdout: os.Stdout, Stderr: os.Stderr, secret: secret}
	if err != nil {
		return nil, app.redact(fmt.Errorf("opening the %s database: %w", dialector.Name(), err))
	}
	return app, nil
}

// dialectorFor picks the GORM driver a DSN is written for, and returns the
// password it holds, if any.
func dialectorFor(dsn string) (gorm.Dialector, string) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return postgres.Open(dsn), urlPassword(dsn)
	case strings.HasPrefix(dsn, "sqlserver://"):
		return sqlserver.Open(dsn), urlPassword(dsn)
	case strings.Contains(dsn, "@tcp(") || strings.Contains(dsn, "@unix("):
		secret := ""
		if at := strings.Index(dsn, "@"); at > 0 {
			if colon := strings.Index(dsn[:at], ":"); colon >= 0 {
				secret = dsn[colon+1 : at]
			}
		}
		return mysql.Open(dsn), secret
	case strings.Contains(dsn, "host=") || strings.Contains(dsn, "dbname="):
		secret := ""
		if m := keywordPassword.FindStringSubmatch(dsn); m != nil {
			secret = strings.Trim(m[1], "'")
		}
		return postgres.Open(dsn), secret
	}
	return sqlite.Open(dsn + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)"), ""
}

var keywordPassword = regexp.MustCompile(`(?:^|\s)password=('[^']*'|\S+)`)

func urlPassword(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return ""
	}
	p, _ := u.User.Password()
	return p
}

// redact removes the DSN's password from an error a driver produced.
func (a *App) redact(err error) error {
	if err == nil || a.secret == "" || !strings.Contains(err.Error(), a.secret) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), a.secret, "****"))
}

// Close closes the database.
func (a *App) Close() error {
	if sqlDB, err := a.DB.DB(); err == nil {
		return sqlDB.Close()
	}
	return nil
}

// Run runs one command: demo, seed, report, or one of the migration
// commands of migrate.Command.
func (a *App) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		args = []string{"demo"}
	}
	var err error
	switch args[0] {
	case "demo":
		err = a.demo(ctx)
	case "seed":
		err = a.Seed(ctx)
	case "report":
		err = a.Report(ctx)
	default:
		err = a.migrations().Run(ctx, args)
		var usage *migrate.UsageError
		if errors.As(err, &usage) {
			return &UsageError{Err: err}
		}
	}
	return a.redact(err)
}

func (a *App) migrations() *migrate.Cmd {
	cmd := migrate.Command(a.DB, migrations.All())
	cmd.Name = "example"
	cmd.Stdout, cmd.Stderr = a.Stdout, a.Stderr
	return cmd
}

// demo migrates to head, seeds the shop once, reports, and shows status.
func (a *App) demo(ctx context.Context) error {
	cmd := a.migrations()
	if err := cmd.Run(ctx, []string{"up"}); err != nil {
		return err
	}
	var n int64
	if err := a.DB.WithContext(ctx).Model(&models.Product{}).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		if err := a.Seed(ctx); err != nil {
			return err
		}
	}
	if err := a.Report(ctx); err != nil {
		return err
	}
	return cmd.Run(ctx, []string{"status"})
}

// Seed adds a small catalogue, a customer and an order.
func (a *App) Seed(ctx context.Context) error {
	return a.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		books := models.Category{Slug: "books", Name: "Books"}
		if err := tx.Create(&books).Error; err != nil {
			return err
		}
		suffix := time.Now().Format("150405.000000")
		gopher := models.Product{SKU: "GO-" + suffix, Name: "The Go Programming Language", Brand: "Addison-Wesley", PriceCents: 3999, Stock: 10, Categories: []models.Category{books}}
		sql := models.Product{SKU: "SQL-" + suffix, Name: "SQL Antipatterns", Brand: "Pragmatic", PriceCents: 2950, Stock: 4, Categories: []models.Category{books}}
		if err := tx.Omit("Categories.*").Create(&[]*models.Product{&gopher, &sql}).Error; err != nil {
			return err
		}
		alice := models.Customer{Email: "alice+" + suffix + "@example.com", FullName: "Alice Liddell", Phone: "+31 20 123 4567", Shipping: models.Address{Street: "Keizersgracht 1", City: "Amsterdam"},
			Preferences: map[string]string{"newsletter": "weekly"}}
		if err := tx.Create(&alice).Error; err != nil {
			return err
		}
		lines := []models.OrderLine{
			{ProductID: gopher.ID, Quantity: 1, PriceCents: gopher.PriceCents},
			{ProductID: sql.ID, Quantity: 2, PriceCents: sql.PriceCents},
		}
		var total int64
		for _, l := range lines {
			total += int64(l.Quantity) * l.PriceCents
		}
		order := models.Order{CustomerID: alice.ID, Status: models.StatusPaid, PlacedAt: time.Now().UTC(), Lines: lines, TotalCents: total}
		if err := tx.Create(&order).Error; err != nil {
			return err
		}
		fmt.Fprintf(a.Stdout, "seeded 2 products, 1 customer and order #%d\n", order.ID)
		return nil
	})
}

// Report lists each order with its customer and total.
func (a *App) Report(ctx context.Context) error {
	var orders []models.Order
	err := a.DB.WithContext(ctx).Preload("Customer").Preload("Lines.Product").Order("id").Find(&orders).Error
	if err != nil {
		return err
	}
	fmt.Fprintf(a.Stdout, "%d orders\n", len(orders))
	for _, o := range orders {
		fmt.Fprintf(a.Stdout, "  order #%d  %-8s %-15s %d lines  %d.%02d EUR\n", o.ID, o.Status, o.Customer.FullName, len(o.Lines), o.TotalCents/100, o.TotalCents%100)
	}
	return nil
}

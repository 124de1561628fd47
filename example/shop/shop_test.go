package shop

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestDialectorFor(t *testing.T) {
	for _, tt := range []struct{ dsn, dialect, secret string }{
		{"shop.db", "sqlite", ""},
		{"host=db user=app password=s3cret dbname=shop", "postgres", "s3cret"},
		{"host=db user=app password='s3 cret' dbname=shop", "postgres", "s3 cret"},
		{"postgres://app:s3cret@db:5432/shop", "postgres", "s3cret"},
		{"app:s3cret@tcp(db:3306)/shop?parseTime=true", "mysql", "s3cret"},
		{"sqlserver://app:s3cret@db:1433?database=shop", "sqlserver", "s3cret"},
	} {
		d, secret := dialectorFor(tt.dsn)
		if d.Name() != tt.dialect || secret != tt.secret {
			t.Errorf("%s: dialect %s, secret %q; want %s, %q", tt.dsn, d.Name(), secret, tt.dialect, tt.secret)
		}
	}
}

// TestPasswordNeverShown connects with a password to servers that refuse,
// and requires that no error carries the password.
func TestPasswordNeverShown(t *testing.T) {
	for _, dsn := range []string{
		"host=127.0.0.1 port=1 user=app password=Sup3rSecret dbname=shop connect_timeout=1",
		"postgres://app:Sup3rSecret@127.0.0.1:1/shop?connect_timeout=1",
		"app:Sup3rSecret@tcp(127.0.0.1:1)/shop?timeout=1s",
	} {
		app, err := Open(dsn)
		if err == nil {
			err = app.Run(context.Background(), []string{"status"})
			app.Close()
		}
		if err == nil {
			t.Fatalf("%s: no error from a refused connection", dsn)
		}
		if strings.Contains(err.Error(), "Sup3rSecret") {
			t.Errorf("the error shows the password: %v", err)
		}
	}
	app := &App{secret: "Sup3rSecret"}
	if err := app.redact(errors.New("login failed for app:Sup3rSecret")); strings.Contains(err.Error(), "Sup3rSecret") {
		t.Errorf("redact kept the password: %v", err)
	}
}

func TestDemoOnSQLite(t *testing.T) {
	app, err := Open(filepath.Join(t.TempDir(), "shop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	var out strings.Builder
	app.Stdout, app.Stderr = &out, &out
	if err := app.Run(context.Background(), []string{"demo"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 migrations applied", "order #1  paid     Alice Liddell   2 lines  98.99 EUR", "applied   3 of 3"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
}

package generate

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/migragen/migragen/analyzer"
	"github.com/migragen/migragen/schema"
)

// splitModels are a product before (v1) and after (v2) a release that
// renames name (NOT NULL, no default) to title, drops legacy (NOT NULL,
// no default) and adds stock with a default.
const (
	splitV1 = "type Product struct {\n\tgorm.Model\n\tName   string `gorm:\"size:200;not null;index\"`\n\tLegacy int    `gorm:\"not null\"`\n}\n"
	splitV2 = "type Product struct {\n\tgorm.Model\n\tTitle string `gorm:\"size:200;not null;index\" migragen:\"renamed_from:name\"`\n\tStock int    `gorm:\"not null;default:0\"`\n}\n"
)

// TestGenerateSplit generates v2 with Split: an expansion and, after it, a
// contraction marked Contract, whose headers say what each holds; the
// directory loads (sum, index, graph and snapshot agree); replaying both
// gives the models' snapshot. Without Split the same models give one
// revision.
func TestGenerateSplit(t *testing.T) {
	models := tempModels(t)
	ctx := context.Background()
	gen := func(dir, now string, split bool) (*Result, error) {
		return Generate(ctx, Config{Dir: dir, Analyzer: analyzer.Config{Dir: models}, Patterns: []string{"."}, Now: clock(now),
			Message: "title", Allow: []string{"products.legacy"}, Split: split})
	}
	dir, plain := t.TempDir()+"/migrations", t.TempDir()+"/migrations"
	writeModels(t, models, splitV1)
	for _, d := range []string{dir, plain} {
		// A first revision breaks no running binary: one plain revision.
		if res, err := gen(d, "2026-01-01T00:00:00Z", true); err != nil || res.Contraction != "" || len(res.Written) != 4 {
			t.Fatalf("first revision with Split: %v, contraction %q, written %q; want one revision", err, res.Contraction, res.Written)
		}
	}

	writeModels(t, models, splitV2)
	res, err := gen(dir, "2026-01-02T00:00:00Z", true)
	if err != nil {
		t.Fatal(err)
	}
	const expID, conID = "20260102000000_title", "20260102000000_title_contract"
	if res.ID != expID || res.Contraction != conID || len(res.Written) != 5 {
		t.Fatalf("ID %q, contraction %q, written %q; want %s, %s and five files", res.ID, res.Contraction, res.Written, expID, conID)
	}
	st, err := Load(dir)
	if err != nil {
		t.Fatalf("the split directory does not load: %v", err)
	}
	if ids := st.IDs(); len(ids) != 3 || ids[1] != expID || ids[2] != conID || st.Head != conID || !slices.Equal(st.Migrations[2].Parents, []string{expID}) {
		t.Errorf("revisions %q head %s; want the contraction after the expansion, as head", ids, st.Head)
	}
	if !st.Migrations[2].Contract || st.Migrations[1].Contract {
		t.Errorf("Contract read back as %v (expansion) and %v (contraction); want false and true", st.Migrations[1].Contract, st.Migrations[2].Contract)
	}
	files := readDir(t, dir)
	exp, con := string(files[expID+".go"]), string(files[conID+".go"])
	for _, want := range []string{"this revision is the expansion", conID, "products.name -> title", "//\t~ column products.legacy (nullable)",
		`Dialect: "postgres"`, `Dialect: "sqlserver"`, "CREATE TRIGGER", "except on sqlserver",
		// Rolling the expansion back restores name's NOT NULL; the backfill's
		// Down fills it from title first, so only rows lacking both count.
		"products.name: no NULLs once filled from title", "FilledFrom:", "Online:"} {
		if !strings.Contains(exp, want) {
			t.Errorf("the expansion lacks %q:\n%s", want, exp)
		}
	}
	for _, want := range []string{"Contract: true", "is a contraction", "\t- column products.legacy", "\t- column products.name",
		`UpTo(ctx, "` + conID + `")`, "`up -contract`", "DROP TRIGGER IF EXISTS",
		"products.title: no NULLs once filled from name", "FilledFrom:"} {
		if !strings.Contains(con, want) {
			t.Errorf("the contraction lacks %q:\n%s", want, con)
		}
	}
	if strings.Index(exp, "migrate.Schema") > strings.Index(exp, "CREATE TRIGGER") || strings.Index(con, "DROP TRIGGER") > strings.Index(con, "migrate.Schema") {
		t.Errorf("the triggers must come after the expansion's Schema step (a SQLite rebuild drops them) and go before the contraction's")
	}
	var replayed []schema.Change
	for _, m := range st.Migrations {
		replayed = append(replayed, m.Up...)
	}
	got, err := schema.Apply(schema.New(st.Snapshot.Settings), replayed)
	if err != nil {
		t.Fatal(err)
	}
	if d := schema.Differences(got, st.Snapshot); d != nil {
		t.Errorf("expansion then contraction does not give the models' snapshot: %q", d)
	}

	res, err = gen(plain, "2026-01-02T00:00:00Z", false)
	if err != nil || res.Contraction != "" || len(res.Written) != 4 {
		t.Errorf("without Split: %v, contraction %q, written %q; want one revision", err, res.Contraction, res.Written)
	}
}

// TestGenerateSplitAllOrNothing fails the write of the contraction: the
// directory must keep its one earlier revision, without the expansion.
func TestGenerateSplitAllOrNothing(t *testing.T) {
	models := tempModels(t)
	dir := t.TempDir() + "/migrations"
	cfg := func(now string) Config {
		return Config{Dir: dir, Analyzer: analyzer.Config{Dir: models}, Patterns: []string{"."}, Now: clock(now),
			Message: "title", Allow: []string{"products.legacy"}, Split: true}
	}
	writeModels(t, models, splitV1)
	if _, err := Generate(context.Background(), cfg("2026-01-01T00:00:00Z")); err != nil {
		t.Fatal(err)
	}
	before := readDir(t, dir)
	writeModels(t, models, splitV2)
	rename = func(from, to string) error {
		if strings.HasSuffix(to, ContractSuffix+".go") {
			return errors.New("injected failure")
		}
		return os.Rename(from, to)
	}
	defer func() { rename = os.Rename }()
	if _, err := Generate(context.Background(), cfg("2026-01-02T00:00:00Z")); err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("err %v, want the injected failure and nothing changed", err)
	}
	after := readDir(t, dir)
	delete(after, lockFileName(t, after))
	delete(before, lockFileName(t, before))
	if !maps.EqualFunc(before, after, bytes.Equal) {
		t.Errorf("a failed split write changed the directory: had %q, has %q", slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
	}
}

// lockFileName names the directory's lock file among files, if any: it
// is not part of the revision set.
func lockFileName(t *testing.T, files map[string][]byte) string {
	t.Helper()
	for name := range files {
		if strings.Contains(name, "lock") {
			return name
		}
	}
	return ""
}

package generate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/migragen/migragen/schema"
)

// RecordedSettings returns the settings the snapshot of the migrations
// directory dir records, and false when dir has no snapshot yet or its
// settings do not read. It reads only them, before the models are
// analysed, which need the naming settings: the snapshot writes its
// settings before its tables, so the tables, most of the file, are not
// parsed here; Load reads (and verifies) the whole file once, alongside
// the analysis. A command not given a settings flag takes the recorded
// value (DESIGN decision 16).
func RecordedSettings(dir string) (schema.Settings, bool, error) {
	f, err := os.Open(filepath.Join(dir, SnapshotFile))
	if errors.Is(err, fs.ErrNotExist) {
		return schema.Settings{}, false, nil
	}
	if err != nil {
		return schema.Settings{}, false, err
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return schema.Settings{}, false, nil // Load reports it, with its position
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return schema.Settings{}, false, nil
		}
		if key == "settings" {
			var settings schema.Settings
			if err := dec.Decode(&settings); err != nil {
				return schema.Settings{}, false, nil
			}
			return settings, true, nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return schema.Settings{}, false, nil
		}
	}
	return schema.Settings{}, false, nil
}

// SettingFlag is one GORM-settings flag of the commands that read models:
// its name, and how to read and write its value in schema.Settings, as
// the two are compared.
type SettingFlag struct {
	Name  string
	Value func(*schema.Settings) any
	Set   func(to, from *schema.Settings)
}

// SettingFlags are the flags of the GORM settings a model set keeps for
// its whole history.
var SettingFlags = []SettingFlag{
	{"table-prefix", func(s *schema.Settings) any { return s.Naming.TablePrefix }, func(to, from *schema.Settings) { to.Naming.TablePrefix = from.Naming.TablePrefix }},
	{"singular-table", func(s *schema.Settings) any { return s.Naming.SingularTable }, func(to, from *schema.Settings) { to.Naming.SingularTable = from.Naming.SingularTable }},
	{"no-lower-case", func(s *schema.Settings) any { return s.Naming.NoLowerCase }, func(to, from *schema.Settings) { to.Naming.NoLowerCase = from.Naming.NoLowerCase }},
	{"identifier-max-length", func(s *schema.Settings) any { return s.Naming.IdentifierMaxLength }, func(to, from *schema.Settings) {
		to.Naming.IdentifierMaxLength = from.Naming.IdentifierMaxLength
	}},
	{"disable-fk-constraints", func(s *schema.Settings) any { return s.DisableForeignKeyConstraints }, func(to, from *schema.Settings) {
		to.DisableForeignKeyConstraints = from.DisableForeignKeyConstraints
	}},
	{"table-options", func(s *schema.Settings) any { return s.TableOptions }, func(to, from *schema.Settings) { to.TableOptions = from.TableOptions }},
	{"join-table", func(s *schema.Settings) any { return shortJoinTables(s.JoinTables) }, func(to, from *schema.Settings) { to.JoinTables = from.JoinTables }},
}

// SettleSettings makes given, the settings the command line gave, into
// the settings to analyse the models with: a flag not given (explicit
// does not name it) takes the recorded value; a flag given with another
// value is refused, naming the flag and the recorded value, since a model
// set keeps its GORM settings for its whole history.
func SettleSettings(given *schema.Settings, recorded schema.Settings, explicit map[string]bool, dir string) error {
	var errs []error
	for _, f := range SettingFlags {
		if !explicit[f.Name] {
			f.Set(given, &recorded)
			continue
		}
		if g, r := f.Value(given), f.Value(&recorded); fmt.Sprint(g) != fmt.Sprint(r) {
			errs = append(errs, fmt.Errorf("-%s %s contradicts the value %s records (%s); a model set keeps its GORM settings for its whole migration history: drop the flag to use the recorded value",
				f.Name, show(g), filepath.Join(dir, SnapshotFile), show(r)))
		}
	}
	return errors.Join(errs...)
}

// shortJoinTables writes join-table settings as the flag takes them, with
// each model by its type name only, sorted: the command line may name a
// model with or without its package, the snapshot records the package.
func shortJoinTables(list []schema.JoinTableSetting) string {
	short := func(name string) string { return name[strings.LastIndex(name, ".")+1:] }
	var out []string
	for _, jt := range list {
		out = append(out, short(jt.Model)+"."+jt.Field+"="+short(jt.JoinModel))
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

// show writes a setting's value for a message: a string quoted, so that an
// empty one shows.
func show(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

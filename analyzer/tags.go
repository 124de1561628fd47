package analyzer

import (
	"cmp"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/migragen/migragen/schema"
)

// GORM ignores what it does not understand. These checks turn the silent
// cases that lose the author's intent into diagnostics.

// fieldKeys are the gorm tag keys GORM or its drivers read, spelled as the
// GORM documentation spells them.
var fieldKeys = []string{
	"column", "type", "serializer", "size", "primaryKey", "primary_key", "unique", "default",
	"precision", "scale", "not null", "notNull", "autoIncrement", "autoIncrementIncrement",
	"embedded", "embeddedPrefix", "autoCreateTime", "autoUpdateTime", "index", "uniqueIndex",
	"check", "comment", "-", "->", "<-", "foreignKey", "references", "polymorphic",
	"polymorphicType", "polymorphicId", "polymorphicValue", "many2many", "joinForeignKey",
	"joinReferences", "constraint", "belongsTo", "generated", "zeroValue", "json",
}

// otherTagKeys are struct tag keys of other libraries that happen to be
// one edit away from "gorm".
var otherTagKeys = map[string]bool{"form": true, "norm": true}

// indexKeys are the options of an index or uniqueIndex tag after its name.
var indexKeys = []string{"class", "type", "where", "comment", "option", "expression", "sort", "collate", "length", "priority", "unique", "composite"}

// constraintKeys are the options of a constraint tag after its name.
var constraintKeys = []string{"OnUpdate", "OnDelete"}

func normalizeKey(k string) string { return strings.ToUpper(strings.TrimSpace(k)) }

// checkTag reports malformed struct tags and unknown or misspelled gorm
// settings of f. Join-table fields are synthesised from checked tags.
func (p *parser) checkTag(f *field) {
	if f.schema.joinTable {
		return
	}
	if msg := validateStructTag(f.tag); msg != "" {
		p.diags.errorf(f.pos, f.path, "malformed struct tag: %s; Go, and so GORM, ignore the whole tag", msg).
			hint(`write it as key:"value" pairs separated by spaces, e.g. gorm:"size:64;not null" json:"name"`)
		return
	}
	gormTag, hasGorm := reflect.StructTag(f.tag).Lookup("gorm")
	for _, key := range tagKeys(f.tag) {
		switch {
		case key == "sql":
			// GORM v1 read sql:"..."; v2 reads only gorm:"...".
			p.diags.warnf(f.pos, f.path, "GORM v2 ignores the sql:%q tag of GORM v1", reflect.StructTag(f.tag).Get("sql")).
				hint(`move its settings into the gorm tag, e.g. gorm:"index"`)
		case !hasGorm && !otherTagKeys[key] && editDistance(strings.ToLower(key), "gorm") == 1:
			p.diags.warnf(f.pos, f.path, "struct tag key %q is not gorm; GORM ignores it", key).hint(`did you mean gorm:"..."?`)
		}
	}
	if !hasGorm {
		return
	}
	for _, part := range splitSettings(gormTag, ";") {
		key, value, hasValue := strings.Cut(part, ":")
		if strings.TrimSpace(key) == "" {
			continue
		}
		nk := normalizeKey(key)
		if !knownKey(fieldKeys, nk) {
			p.reportUnknownKey(f, strings.TrimSpace(key))
			continue
		}
		switch nk {
		case "INDEX", "UNIQUEINDEX":
			if hasValue {
				// The first element is always the index name.
				p.checkOptions(f, key, value, indexKeys, true)
			}
		case "CONSTRAINT":
			if hasValue && value != "-" {
				// The first element is a name only when GORM takes it
				// for one (see parseConstraint).
				_, named := constraintName(value)
				p.checkOptions(f, key, value, constraintKeys, named)
			}
		case "PRECISION", "SCALE", "AUTOINCREMENTINCREMENT":
			if _, err := strconv.Atoi(value); hasValue && err != nil {
				p.diags.warnf(f.pos, f.path, "%s %q is not a whole number; GORM silently uses 0", strings.TrimSpace(key), value).
					hint("write %s:<number> without spaces", strings.TrimSpace(key))
			}
		case "-":
			if hasValue {
				switch strings.ToLower(strings.TrimSpace(value)) {
				case "all", "migration", "-":
				default:
					p.diags.warnf(f.pos, f.path, "GORM ignores -:%s; the field is still a column", value).
						hint(`use gorm:"-", gorm:"-:all" or gorm:"-:migration"`)
				}
			}
		}
	}
}

// reportUnknownKey reports a gorm tag setting GORM itself does not read.
// GORM still keeps every setting in the field's TagSettings, and a type
// that GORM hands the field to may read it there (a GormDBDataType that
// picks a precision from a tag, a serializer that reads its separator), so
// on such a field the setting is probably meant for that code: a note.
func (p *parser) reportUnknownKey(f *field, key string) {
	s := suggest(fieldKeys, key)
	if reader := p.tagReader(f); reader != "" {
		d := p.diags.infof(f.pos, f.path, "GORM does not read the tag setting %q itself but keeps it in the field's TagSettings, where %s can read it", key, reader)
		if s != "" {
			d.hint("nothing to do if %s reads it; otherwise, did you mean %s?", reader, s)
		} else {
			d.hint("nothing to do if %s reads it", reader)
		}
		return
	}
	d := p.diags.warnf(f.pos, f.path, "GORM ignores the unknown tag setting %q", key)
	if s != "" {
		d.hint("did you mean %s?", s)
	} else {
		d.hint("see https://gorm.io/docs/models.html#Fields-Tags for the settings GORM knows")
	}
}

// tagReader names the code GORM gives f's *schema.Field (and so its
// TagSettings) to, or "" when there is none: the field type's
// GormDBDataType, a serializer, or the type's Scan method, whose other
// methods commonly share settings with it.
func (p *parser) tagReader(f *field) string {
	t := f.indirectType
	switch {
	case p.env.isGormDBDataTyper(t):
		return typeString(t) + "'s GormDBDataType"
	case f.tagSettings["SERIALIZER"] != "" || f.tagSettings["JSON"] != "":
		return fmt.Sprintf("the %q serializer", cmp.Or(f.tagSettings["JSON"], f.tagSettings["SERIALIZER"]))
	case p.env.isSerializer(t):
		return typeString(t) + "'s serializer methods"
	case p.env.isScanner(t):
		return "the methods of " + typeString(t)
	}
	return ""
}

// checkOptions reports unknown options inside a comma-separated setting
// such as index:name,sort:desc. The first element is a name when named.
func (p *parser) checkOptions(f *field, setting, value string, known []string, named bool) {
	opts := strings.Split(value, ",")
	if named {
		opts = opts[1:]
	}
	for _, opt := range opts {
		key, _, _ := strings.Cut(opt, ":")
		if strings.TrimSpace(key) == "" || knownKey(known, normalizeKey(key)) {
			continue
		}
		d := p.diags.warnf(f.pos, f.path, "GORM ignores the unknown %s option %q", strings.TrimSpace(setting), strings.TrimSpace(key))
		if s := suggest(known, key); s != "" {
			d.hint("did you mean %s?", s)
		} else {
			d.hint("the options are %s", strings.Join(known, ", "))
		}
	}
}

func knownKey(keys []string, normalized string) bool {
	for _, k := range keys {
		if normalizeKey(k) == normalized {
			return true
		}
	}
	return false
}

// suggest returns the known key closest to key, if it is close enough to
// be a typo.
func suggest(keys []string, key string) string {
	squash := func(s string) string {
		return strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(strings.TrimSpace(s)))
	}
	best, bestDist := "", 3
	for _, k := range keys {
		d := editDistance(squash(k), squash(key))
		if d < bestDist && len(k) > 1 {
			best, bestDist = k, d
		}
	}
	return best
}

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours, the typos
// people make, each cost one.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// splitSettings splits like gorm's ParseTagSetting, honouring \; escapes.
func splitSettings(str, sep string) []string {
	names := strings.Split(str, sep)
	var out []string
	for i := 0; i < len(names); i++ {
		s := names[i]
		for strings.HasSuffix(s, "\\") && i+1 < len(names) {
			i++
			s = s[:len(s)-1] + sep + names[i]
		}
		out = append(out, s)
	}
	return out
}

// validateStructTag checks the conventional key:"value" syntax that
// reflect.StructTag.Get relies on; it returns a description of the first
// problem, or "".
func validateStructTag(tag string) string {
	for tag != "" {
		i := 0
		for i < len(tag) && tag[i] == ' ' {
			i++
		}
		tag = tag[i:]
		if tag == "" {
			break
		}
		i = 0
		for i < len(tag) && tag[i] > ' ' && tag[i] != ':' && tag[i] != '"' && tag[i] != 0x7f {
			i++
		}
		if i == 0 {
			return "expected a key at " + strconv.Quote(tag)
		}
		key := tag[:i]
		if i+1 >= len(tag) || tag[i] != ':' || tag[i+1] != '"' {
			return "key " + strconv.Quote(key) + " is not followed by :\"value\""
		}
		tag = tag[i+1:]
		i = 1
		for i < len(tag) && tag[i] != '"' {
			if tag[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(tag) {
			return "the value of " + strconv.Quote(key) + " has no closing quote"
		}
		if _, err := strconv.Unquote(tag[:i+1]); err != nil {
			return "the value of " + strconv.Quote(key) + " is not a valid quoted string"
		}
		tag = tag[i+1:]
		if tag != "" && tag[0] != ' ' {
			return "missing space after the value of " + strconv.Quote(key)
		}
	}
	return ""
}

// tagKeys lists the keys of a well-formed struct tag.
func tagKeys(tag string) []string {
	var keys []string
	for _, f := range strings.Fields(tag) {
		if k, _, ok := strings.Cut(f, ":"); ok && !strings.ContainsAny(k, `"`) {
			keys = append(keys, k)
		}
	}
	return keys
}

// checkPitfalls reports legal models that GORM turns into something the
// author probably did not want. It runs on the final fields, after foreign
// keys took over their keys' types.
func (p *parser) checkPitfalls(m *model) {
	for _, dbName := range m.dbNames {
		f := m.fieldsByDBName[dbName]
		if f.ignoreMigration || f.dataType != schema.String || f.size != 0 {
			continue
		}
		_, unique := f.tagSettings["UNIQUEINDEX"]
		sizedOnMySQL := f.tagSettings["INDEX"] != "" || f.tagSettings["UNIQUE"] != "" || f.primaryKey || f.hasDefault
		if unique && !sizedOnMySQL {
			// MariaDB 10.4+ accepts it: it enforces a unique key on a
			// BLOB/TEXT column with a hash (checked on 10.11).
			p.diags.warnf(f.pos, f.path, "uniqueIndex on a string without a size: GORM makes it longtext on MySQL, which then refuses the index (error 1170; MariaDB 10.4 and later accept it)").
				hint("add a size, e.g. gorm:\"size:191;uniqueIndex\"")
		}
	}
}

// migragenTag reads the field's migragen:"..." tag, whose only setting so
// far is renamed_from:OLD, the column's previous name.
func (p *parser) migragenTag(f *field) string {
	tag, ok := reflect.StructTag(f.tag).Lookup("migragen")
	if !ok || f.schema.joinTable {
		return ""
	}
	from := ""
	for _, part := range splitSettings(tag, ";") {
		key, value, _ := strings.Cut(part, ":")
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "":
		case "renamed_from":
			from = strings.TrimSpace(value)
			if from == "" {
				p.diags.errorf(f.pos, f.path, "renamed_from needs the column's old name").
					hint(`write migragen:"renamed_from:old_column"`)
			}
		default:
			p.diags.warnf(f.pos, f.path, "migragen ignores the unknown setting %q in its tag", strings.TrimSpace(key)).
				hint(`the migragen tag knows renamed_from:old_column`)
		}
	}
	return from
}

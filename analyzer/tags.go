package analyzer

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
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
// GORM keeps every setting in the field's TagSettings and hands the field
// to some methods of its type, which may read it there (a GormDBDataType
// that picks a unit from a tag): then it is a note. A setting no such code
// is seen to read stays a warning, and so does a misspelling of GORM's own
// keys unless the code reads that very key: otherwise an index lost to
// gorm:"uniqe" would go unreported on every sql.NullString.
func (p *parser) reportUnknownKey(f *field, key string) {
	s := suggest(fieldKeys, key)
	if reader, exact := p.tagReader(f, key); exact || (reader != "" && s == "") {
		p.diags.infof(f.pos, f.path, "GORM does not read the tag setting %q itself but keeps it in the field's TagSettings, where %s can read it", key, reader)
		return
	}
	d := p.diags.warnf(f.pos, f.path, "GORM ignores the unknown tag setting %q", key)
	if s != "" {
		d.hint("did you mean %s?", s)
	} else {
		d.hint("see https://gorm.io/docs/models.html#Fields-Tags for the settings GORM knows")
	}
}

// fieldMethods are the methods GORM calls with a field's *schema.Field,
// and the index of that parameter: the migrator's GormDBDataType, a
// serializer's Scan and Value, and the clause builders ParseField asks
// for (gorm.DeletedAt's, soft-delete plugins').
var fieldMethods = []struct {
	name  string
	param int
}{
	{"GormDBDataType", 1}, {"Scan", 1}, {"Value", 1},
	{"CreateClauses", 0}, {"QueryClauses", 0}, {"UpdateClauses", 0}, {"DeleteClauses", 0},
}

// tagReader names the code that may read the setting key from f's
// TagSettings, or "" when none is seen to: a method of f's type that GORM
// hands the field to: with its body in the analyzed packages, when the body
// reads the setting; from a dependency other than GORM, whose body is not
// read, always. exact reports that the body reads key by name rather than
// the settings as a whole or the field handed on. A serializer the module
// registers is named without exact: the tag names it, not its type.
func (p *parser) tagReader(f *field, key string) (reader string, exact bool) {
	t := f.indirectType
	for _, m := range fieldMethods {
		fn := p.env.method(t, m.name)
		if fn == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() <= m.param || !isSchemaField(sig.Params().At(m.param).Type()) {
			continue // e.g. sql.Scanner's Scan, which gets no field
		}
		src, ok := p.env.body(fn)
		if !ok {
			// A dependency's method that gets the field may read any
			// setting (a soft-delete plugin's DeleteClauses reads
			// softDelete:), though not a misspelling of GORM's own keys,
			// which reportUnknownKey keeps a warning. GORM's own types
			// (gorm.DeletedAt) read none.
			if pkg := fn.Pkg(); pkg != nil && pkg.Path() != gormPkg && !strings.HasPrefix(pkg.Path(), gormPkg+"/") {
				return fmt.Sprintf("%s's %s", typeString(t), m.name), false
			}
			continue
		}
		r := p.env.settingsReadsOf(fn, src, m.param)
		if r.keys[normalizeKey(key)] || r.others {
			return fmt.Sprintf("%s's %s", typeString(t), m.name), r.keys[normalizeKey(key)]
		}
	}
	name := cmp.Or(f.tagSettings["JSON"], f.tagSettings["SERIALIZER"])
	if name != "" && !builtinSerializers[strings.ToLower(name)] && p.serializers.has(name) {
		return fmt.Sprintf("the %q serializer", name), false
	}
	return "", false
}

// isSchemaField reports whether t is *schema.Field.
func isSchemaField(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	return ok && isNamed(p.Elem(), gormPkg+"/schema", "Field")
}

// settingsReads is what a method body reads of its field parameter's
// TagSettings (tagSettingsReads).
type settingsReads struct {
	keys   map[string]bool
	others bool
}

// settingsReadsOf is tagSettingsReads of fn's body for its parameter
// param, memoized: every field of fn's type and every unknown key of its
// tag asks about the same body.
func (e *typeEnv) settingsReadsOf(fn *types.Func, src funcSource, param int) settingsReads {
	if r, ok := e.settingsReads[fn]; ok {
		return r
	}
	var r settingsReads
	r.keys, r.others = tagSettingsReads(src.info, src.decl.Body, paramObjects(src.info, src.decl.Type.Params)[param])
	e.settingsReads[fn] = r
	return r
}

// tagSettingsReads finds what body reads of param's TagSettings: the keys
// of constant lookups, and whether it may read others (a variable key, the
// map itself, or the field handed on or reassigned).
func tagSettingsReads(info *types.Info, body *ast.BlockStmt, param types.Object) (keys map[string]bool, others bool) {
	keys = map[string]bool{}
	if param == nil {
		return keys, false
	}
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		if id, ok := n.(*ast.Ident); !ok || info.Uses[id] != param {
			return true
		}
		parent := func(i int) ast.Node {
			if len(stack) > i {
				return stack[len(stack)-1-i]
			}
			return nil
		}
		sel, ok := parent(1).(*ast.SelectorExpr)
		switch {
		case !ok:
			others = true // the field handed on
		case sel.Sel.Name != "TagSettings":
			// another property
		default:
			if key, ok := constIndex(info, parent(2), sel); ok {
				keys[key] = true
			} else {
				others = true
			}
		}
		return true
	})
	return keys, others
}

// constIndex returns the constant string key of n when n is m[key].
func constIndex(info *types.Info, n ast.Node, m ast.Expr) (string, bool) {
	ix, ok := n.(*ast.IndexExpr)
	if !ok || ix.X != m {
		return "", false
	}
	tv := info.Types[ix.Index]
	if tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
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

// knownKey reports whether normalized, a normalizeKey result, is one of
// keys once normalized. It runs for every setting of every field, so it
// does not normalize the keys: they are ASCII with no leading or trailing
// space ("not null" has one inside), for which normalizeKey(k) ==
// normalized holds exactly when the lengths match and the letters match up
// to case (the only non-ASCII letters that fold to ASCII ones, the Kelvin
// sign and the long s, take more than one byte).
func knownKey(keys []string, normalized string) bool {
	for _, k := range keys {
		if len(k) == len(normalized) && strings.EqualFold(k, normalized) {
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

// migragenTag reads the field's migragen:"..." tag: renamed_from:OLD, the
// column's previous name, and dbtype:DIALECT=TYPE,..., the types the field
// type's GormDBDataType returns, as a //migragen:dbtype directive states
// them for a type (the form for a dependency's type, which takes no
// directive).
func (p *parser) migragenTag(f *field) {
	tag, ok := reflect.StructTag(f.tag).Lookup("migragen")
	if !ok || f.schema.joinTable {
		return
	}
	for _, part := range splitSettings(tag, ";") {
		key, value, _ := strings.Cut(part, ":")
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "":
		case "renamed_from":
			f.renamedFrom = strings.TrimSpace(value)
			if f.renamedFrom == "" {
				p.diags.errorf(f.pos, f.path, "renamed_from needs the column's old name").
					hint(`write migragen:"renamed_from:old_column"`)
			}
		case "dbtype":
			// Reported with the field's column type (resolveDBTypes).
			f.tagDBTypes, f.tagDBTypesErr = parseDBTypes(value)
		default:
			p.diags.warnf(f.pos, f.path, "migragen ignores the unknown setting %q in its tag", strings.TrimSpace(key)).
				hint(`the migragen tag knows renamed_from:old_column and dbtype:postgres=TYPE,mysql=TYPE,...`)
		}
	}
}

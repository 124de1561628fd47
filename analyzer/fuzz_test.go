package analyzer

import (
	"go/token"
	"go/types"
	"testing"

	gormschema "gorm.io/gorm/schema"
)

// FuzzTags feeds arbitrary struct tags through the whole field, relation,
// index and constraint parsing; whatever the tag, the analyzer must report
// diagnostics, never panic.
func FuzzTags(f *testing.F) {
	for _, tag := range []string{
		`gorm:"primaryKey"`, `gorm:"size:10"`, `gorm:"size: 10"`, `gorm:"index:idx_a,unique,sort:desc,length:10,priority:2"`,
		`gorm:"uniqueIndex;check:,a > 1"`, `gorm:"check:name_chk,name <> ''"`, `gorm:"default:'x';not null"`,
		`gorm:"many2many:a_b;joinForeignKey:X;joinReferences:Y"`, `gorm:"foreignKey:Name;references:ID;constraint:OnDelete:CASCADE"`,
		`gorm:"polymorphic:Owner"`, `gorm:"embedded;embeddedPrefix:p_"`, `gorm:"-:all"`, `gorm:"<-:create;->"`,
		`gorm:"index:,composite:"`, `gorm:"type:decimal(10,2);precision:x"`, `gorm:"serializer:nope"`, `gorm:"size:10`, `grom:"x"`,
	} {
		f.Add(tag, tag)
	}
	f.Fuzz(func(t *testing.T, nameTag, relTag string) {
		pkg := types.NewPackage("example.com/m", "m")
		uintT, strT := types.Typ[types.Uint], types.Typ[types.String]
		newNamed := func(name string, fields []*types.Var, tags []string) *types.Named {
			obj := types.NewTypeName(token.NoPos, pkg, name, nil)
			return types.NewNamed(obj, types.NewStruct(fields, tags), nil)
		}
		other := newNamed("Other", []*types.Var{
			types.NewField(token.NoPos, pkg, "ID", uintT, false),
			types.NewField(token.NoPos, pkg, "UserID", uintT, false),
			types.NewField(token.NoPos, pkg, "Name", strT, false),
		}, []string{"", "", nameTag})
		user := newNamed("User", []*types.Var{
			types.NewField(token.NoPos, pkg, "ID", uintT, false),
			types.NewField(token.NoPos, pkg, "Name", strT, false),
			types.NewField(token.NoPos, pkg, "OtherID", uintT, false),
			types.NewField(token.NoPos, pkg, "Other", types.NewPointer(other), false),
			types.NewField(token.NoPos, pkg, "Others", types.NewSlice(other), false),
		}, []string{"", nameTag, relTag, relTag, relTag})

		diags := &diagnostics{fset: token.NewFileSet()}
		p := newParser(gormschema.NamingStrategy{IdentifierMaxLength: 1 << 20}, newTypeEnv(nil), diags)
		m := p.getOrParse(user, token.NoPos)
		for _, mm := range p.modelSet([]*model{m}) {
			p.checkPitfalls(mm)
			p.snapshotTable(mm, false)
		}
		diags.resolve("")
	})
}

package gormoracle

import (
	"database/sql"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"gorm.io/datatypes"
	"gorm.io/gorm"
	"gorm.io/gorm/utils/tests"
)

// gormTestModels are the models of gorm.io/gorm/utils/tests, GORM's own
// test suite's models: they use every kind of relation GORM has.
func gormTestModels() []any {
	return []any{
		&tests.User{}, &tests.Account{}, &tests.Pet{}, &tests.Toy{}, &tests.Tools{},
		&tests.Company{}, &tests.Language{}, &tests.Coupon{}, &tests.CouponProduct{},
		&tests.Order{}, &tests.Parent{}, &tests.Child{},
	}
}

// Kitchen exercises every input of the drivers' type compilation: the
// well-known Valuer and GormDBDataType types, defaults of every kind,
// type:, size, precision, index and unique tags, generated columns,
// comments and embedded structs.
type Kitchen struct {
	ID uint

	JSON     datatypes.JSON
	JSONMap  datatypes.JSONMap
	Date     datatypes.Date
	Clock    datatypes.Time
	BinUUID  datatypes.BinUUID
	DataUUID datatypes.UUID
	URL      datatypes.URL
	Typed    datatypes.JSONType[Prefs]

	UUID      uuid.UUID
	UUIDTyped uuid.UUID `gorm:"type:uuid"`
	Price     decimal.Decimal
	Amount    decimal.Decimal `gorm:"type:decimal(10,2)"`

	Nick     sql.NullString
	NullInt  sql.NullInt32
	NullTime sql.NullTime
	NullBool sql.NullBool
	At       time.Time
	MaybeAt  *time.Time
	Deleted  gorm.DeletedAt
	Blob     []byte
	BigBlob  []byte `gorm:"size:70000"`
	SmallBin []byte `gorm:"size:16"`

	Email   string `gorm:"index"`
	Slug    string `gorm:"uniqueIndex"`
	Handle  string `gorm:"unique"`
	Unsized string
	Label   string `gorm:"size:100;not null;default:'none'"`
	Empty   string `gorm:"default:''"`
	Quoted  string `gorm:"default:\"dq\""`
	Big     string `gorm:"size:70000"`
	Huge    string `gorm:"size:20000000"`
	Text    string `gorm:"type:text"`
	Varchar string `gorm:"type:varchar(20)"`
	Logical string `gorm:"type:STRING;size:12"`

	Flag   bool    `gorm:"default:true"`
	Count  int     `gorm:"default:-5"`
	Hex    uint16  `gorm:"default:0x10"`
	Ratio  float64 `gorm:"default:1.5"`
	Small  float32
	Money  float64   `gorm:"precision:10;scale:2"`
	Prec   float64   `gorm:"precision:8"`
	Stamp  time.Time `gorm:"default:2001-02-03 04:05:06"`
	NowTS  time.Time `gorm:"default:CURRENT_TIMESTAMP"`
	NowFn  time.Time `gorm:"default:now()"`
	Nul    *string   `gorm:"default:null"`
	NoDef  int       `gorm:"default:"`
	Micro  time.Time `gorm:"precision:6"`
	Prec0  time.Time `gorm:"precision:0"`
	AsTime time.Time `gorm:"type:TIME"`
	Must   time.Time `gorm:"not null"`

	I8  int8
	I16 int16
	I32 int32
	U8  uint8
	U32 uint32

	Seq      int64  `gorm:"autoIncrement"`
	Identity int    `gorm:"generated:identity"`
	Twice    int    `gorm:"generated:count * 2"`
	Bare     int    `gorm:"generated"`
	Note     string `gorm:"comment:it's a note"`

	Prefs Prefs   `gorm:"serializer:json"`
	Home  Address `gorm:"embedded;embeddedPrefix:home_"`
	Meta  Meta    `gorm:"embedded;precision:3"`
}

type Prefs struct {
	Theme string
}

type Address struct {
	Street string `gorm:"size:80"`
	City   string `gorm:"index"`
}

type Meta struct {
	Seen time.Time
}

// AutoRandom has TiDB's auto_random default, which the MySQL driver turns
// into a type and then clears on the field it compiles.
type AutoRandom struct {
	ID   int64 `gorm:"primaryKey;default:auto_random()"`
	Name string
}

// StringKey has a string primary key, which MySQL and SQL Server size.
type StringKey struct {
	Code string `gorm:"primaryKey"`
	Name string `gorm:"index:idx_string_keys_name,unique"`
}

// fidelityModels are the models whose columns the gormfield round trip is
// checked on.
func fidelityModels() []any {
	return append(gormTestModels(), &Kitchen{}, &AutoRandom{}, &StringKey{}, &Named{}, &LongModel{})
}

// Named has user-named and GORM-named indexes, checks and constraints.
type Named struct {
	ID       uint
	A        string `gorm:"index:idx_ab,priority:2;index"`
	B        string `gorm:"index:idx_ab,priority:1,sort:desc,length:10"`
	C        string `gorm:"index:,composite:cx;check:c <> ''"`
	D        string `gorm:"index:,composite:cx,unique;check:d_nonempty,d <> ''"`
	E        string `gorm:"index:,class:FULLTEXT,option:WITH PARSER ngram,comment:search"`
	F        string `gorm:"index:,type:hash,where:f IS NOT NULL,collate:C,expression:lower(f)"`
	G        int    `gorm:"check:,g > 0"`
	OwnerID  uint
	Owner    Owner
	OtherID  uint
	Other    Owner `gorm:"constraint:fk_named_other,OnUpdate:CASCADE,OnDelete:SET NULL"`
	ThirdID  uint
	Third    Owner `gorm:"constraint:OnDelete:CASCADE"`
	FourthID uint
	Fourth   Owner  `gorm:"constraint:-"`
	Ignored  string `gorm:"-:migration"`
	ReadOnly string `gorm:"->"`
	Skipped  string `gorm:"-"`
}

type Owner struct {
	ID   uint
	Name string
}

// LongModel's GORM-made names all exceed 64 characters.
type LongModel struct {
	ID                                            uint
	ASurprisinglyLongFieldNameThatOverflowsNames  string `gorm:"index;unique;check:a_surprisingly_long_field_name_that_overflows_names <> ''"`
	Paired                                        string `gorm:"index:,composite:an_exceedingly_long_composite_index_name"`
	Partner                                       string `gorm:"index:,composite:an_exceedingly_long_composite_index_name"`
	Explicit                                      string `gorm:"index:idx_an_explicitly_named_index_longer_than_the_sixty_four_character_limit;check:chk_an_explicitly_named_check_constraint_longer_than_the_sixty_four_character_limit,explicit <> ''"`
	LongOwnerWithAnUnreasonablyLongRelationName   Owner
	LongOwnerWithAnUnreasonablyLongRelationNameID uint
	SecondOwnerID                                 uint
	SecondOwner                                   Owner `gorm:"constraint:fk_an_explicitly_named_foreign_key_constraint_longer_than_the_sixty_four_character_limit,OnDelete:CASCADE"`
}

func (LongModel) TableName() string {
	return "an_extraordinarily_long_model_table_name_for_limits"
}

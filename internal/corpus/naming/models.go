package naming

import (
	"time"

	"gorm.io/gorm"
)

// Models lists, by hand, the root models a user would pass to AutoMigrate.
func Models() []any {
	return []any{
		&Credential{},
		&Person{}, &Category{}, &Status{}, &Child{}, &Mouse{}, &Datum{},
		&Index{}, &Matrix{}, &Bus{}, &Quiz{}, &Equipment{}, &Criterion{},
		&Campus{}, &Analysis{},
		&Invoice{}, &Receipt{}, &Ledger{}, &ArchivedOrder{}, &LegacyMember{},
		&V2Item{}, &Item2{},
		&DistributionCenter{}, &WarehouseReplenishmentRequest{},
	}
}

// Credential exercises GORM's column naming on Go initialisms. GORM first
// rewrites the golint initialisms (ID, HTTP, API, URL, JSON, UUID, ...) to
// title case, then snake-cases.
type Credential struct {
	ID         uint
	UserID     uint   // user_id
	HTTPServer string `gorm:"size:255"` // http_server
	APIKey     string `gorm:"size:64"`  // api_key
	URLPath    string // url_path
	JSONData   []byte // json_data
	IDCard     string `gorm:"size:32"` // id_card
	UUID       string `gorm:"size:36"` // uuid
	UserUUID   string `gorm:"size:36"` // user_uuid
	// The replacer matches "HTTP" before "HTTPS" (list order), so HTTPSURL
	// becomes Http+S+Url: http_s_url, not https_url.
	HTTPSURL string
	// OAuth is no initialism: o_auth_token.
	OAuthToken string
	// IPv4: ip is an initialism, v4 stays attached: ipv4_address.
	IPv4Address string `gorm:"size:45"`
	// A plural initialism: server_ips.
	ServerIPs string
	// SKU is no initialism but a run of capitals is kept together: sku_code.
	SKUCode string `gorm:"size:32"`
	// Digits stick to the preceding word: address1, line2_text.
	Address1  string
	Line2Text string
	UTF8Name  string // utf8_name
	CPUUsage  float64
	// An underscore in the Go name is kept as is: zip_code.
	Zip_Code string `gorm:"size:10"` //nolint:revive // a legacy name real code has
	// Same for a name that is all initialism.
	TTL int
}

// The next models exercise jinzhu/inflection, which GORM uses to pluralize
// table names; irregular and uncountable words are the ones a hand-written
// rule gets wrong. The domain is a school.

// Person is a guardian: table people.
type Person struct {
	gorm.Model
	Name string `gorm:"size:100"`
}

// Category of a course: table categories.
type Category struct {
	ID   uint
	Name string `gorm:"size:60;not null"`
}

// Status of an enrolment: table statuses.
type Status struct {
	ID    uint
	Label string `gorm:"size:30"`
}

// Child is a pupil: table children.
type Child struct {
	gorm.Model
	FirstName string `gorm:"size:60"`
}

// Mouse is a biology-lab animal: table mice.
type Mouse struct {
	ID  uint
	Tag string `gorm:"size:20"`
}

// Datum is one measurement: table data.
type Datum struct {
	ID    uint
	Value float64 `gorm:"not null"`
}

// Index is a search index of the library catalogue: table indices.
type Index struct {
	ID   uint
	Name string `gorm:"size:50"`
}

// Matrix is a timetable grid: table matrices.
type Matrix struct {
	ID   uint
	Rows int `gorm:"not null"`
}

// Bus is a school bus: table buses.
type Bus struct {
	ID    uint
	Plate string `gorm:"size:12"`
}

// Quiz is a short test: table quizzes.
type Quiz struct {
	gorm.Model
	Title string `gorm:"size:120"`
}

// Equipment is uncountable: table equipment.
type Equipment struct {
	ID   uint
	Name string `gorm:"size:80"`
}

// Criterion of a grading rubric: inflection has no rule for it, so the
// table is criterions, not criteria.
type Criterion struct {
	ID     uint
	Weight float32 `gorm:"not null"`
}

// Campus ends in "us" but inflection keeps it: table campus.
type Campus struct {
	ID   uint
	City string `gorm:"size:60"`
}

// Analysis of test results: table analyses.
type Analysis struct {
	ID      uint
	Summary string `gorm:"type:text"`
}

// Table names from TableName() methods.

// Invoice has TableName on the value receiver.
type Invoice struct {
	ID     uint
	Number string `gorm:"size:20"`
}

// TableName returns a constant.
func (Invoice) TableName() string { return "billing_invoices" }

// Receipt has TableName on the pointer receiver: GORM calls it on a new
// *Receipt, so it applies all the same.
type Receipt struct {
	ID     uint
	Amount int64 `gorm:"not null"`
}

// TableName returns a constant.
func (*Receipt) TableName() string { return "billing_receipts" }

const ledgerTable = "gl_ledger"

// Ledger has no gorm tag at all: it is a root only because it has a
// TableName method, which returns a named constant.
type Ledger struct {
	ID      uint
	Account string
	Balance int64
}

// TableName returns the named constant ledgerTable.
func (Ledger) TableName() string { return ledgerTable }

// archiveTable carries a TableName for every archive model that embeds it.
// It is unexported, so GORM ignores it as a field (no columns), but its
// method is promoted.
type archiveTable struct{}

// TableName is promoted to the embedding struct.
func (archiveTable) TableName() string { return "archived_orders" }

// ArchivedOrder has no gorm tag and no TableName of its own: it is a root
// through the TableName promoted from archiveTable.
type ArchivedOrder struct {
	archiveTable
	ID        uint
	Reference string
	ClosedAt  time.Time
}

// LegacyMember maps onto a pre-existing mixed-case table. GORM quotes the
// name everywhere, so PostgreSQL keeps the case; derived names such as
// idx_tblMember_email keep it too.
type LegacyMember struct {
	ID    uint
	Email string `gorm:"size:191;index"`
}

// TableName returns a mixed-case constant.
func (LegacyMember) TableName() string { return "tblMember" }

// V2Item has a digit inside its name: table v2_items.
type V2Item struct {
	ID   uint
	Name string `gorm:"size:50"`
}

// Item2 ends in a digit, and inflection does not pluralize a word ending
// in a digit: table item2.
type Item2 struct {
	ID   uint
	Name string `gorm:"size:50"`
}

// DistributionCenter is the target of a belongs-to with a long name.
type DistributionCenter struct {
	ID   uint
	Code string `gorm:"size:8;uniqueIndex"`
}

// WarehouseReplenishmentRequest (table warehouse_replenishment_requests, 32
// characters) has columns whose derived constraint and index names cross
// the identifier limits. GORM shortens a name longer than the limit (64 by
// default; 63 with the PostgreSQL driver) to its first limit-8 characters
// plus 8 hex digits of its SHA-1.
type WarehouseReplenishmentRequest struct {
	ID uint
	// idx_warehouse_replenishment_requests_preferred_supplier_reference_code
	// is 70 characters: shortened on every dialect.
	PreferredSupplierReferenceCode string `gorm:"size:64;index"`
	// idx_warehouse_replenishment_requests_requested_delivery_deadline is
	// exactly 64 characters: kept on MariaDB and SQLite, shortened on
	// PostgreSQL.
	RequestedDeliveryDeadline time.Time `gorm:"index"`
	// idx_warehouse_replenishment_requests_expected_arrival_timestamp is
	// 63 characters: kept everywhere.
	ExpectedArrivalTimestamp time.Time `gorm:"index"`
	// The unique constraint uni_warehouse_replenishment_requests_external_tracking_reference_number
	// (71 characters) is shortened the same way.
	ExternalTrackingReferenceNumber string `gorm:"size:40;unique"`
	// So is the check chk_warehouse_replenishment_requests_maximum_allowed_quantity_per_pallet.
	MaximumAllowedQuantityPerPallet int `gorm:"check:maximum_allowed_quantity_per_pallet > 0"`
	// And the foreign key fk_warehouse_replenishment_requests_originating_distribution_center
	// (67 characters), named after the relation field.
	OriginatingDistributionCenterID uint
	OriginatingDistributionCenter   DistributionCenter
}

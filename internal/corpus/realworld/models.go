package realworld

import (
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Models lists, by hand, the root models a user would pass to AutoMigrate,
// in the order an admin back-end's initialisation code would register them.
//
// Not listed, and not roots: AdminModel, PanelBase, AuditFields and
// Timestamps (only ever embedded), MenuMeta (embedded through a named
// field tagged embedded) and MessageView (a has-many target with no gorm
// tag: AutoMigrate does not add it). PanelApp has no gorm tag either, but
// embeds PanelBase's key, so it is a model of its own (1Panel migrates it).
func Models() []any {
	return []any{
		// gin-vue-admin style
		&SysUser{}, &SysAuthority{}, &SysBaseMenu{}, &SysBaseMenuParameter{},
		&SysBaseMenuBtn{}, &SysAuthorityBtn{}, &SysUserAuthority{},
		&SysDictionary{}, &SysDictionaryDetail{}, &SysOperationRecord{},
		&SysExportTemplate{}, &ExportJoin{}, &ExportCondition{},
		&JwtBlacklist{},
		// go-admin style
		&SysDept{}, &SysRole{}, &SysMenu{}, &SysApi{}, &SysStaff{}, &SysConfig{},
		// gotify style
		&PushUser{}, &Application{}, &Message{}, &Client{}, &PluginConf{},
		// 1Panel style
		&Website{}, &AppInstall{}, &WebsiteDomain{}, &PanelApp{},
		// gorm.io/gen style
		&GenOrder{},
	}
}

// ---------------------------------------------------------------------
// Admin back-end in the gin-vue-admin mould.
// ---------------------------------------------------------------------

// AdminModel is the shared base every admin table embeds: gorm.Model's
// columns with json tags. It is never a root itself.
type AdminModel struct {
	ID        uint           `gorm:"primarykey" json:"ID"`
	CreatedAt time.Time      `json:"CreatedAt"`
	UpdatedAt time.Time      `json:"UpdatedAt"`
	DeletedAt gorm.DeletedAt `gorm:"index" json:"-"`
}

// SysUser is a back-office account. Its string defaults hold non-ASCII
// text, a URL (with colons) and a colour starting with '#'.
type SysUser struct {
	AdminModel
	UUID        uuid.UUID      `json:"uuid" gorm:"index;size:36;comment:账户全局编号"`
	Username    string         `json:"userName" gorm:"index;size:64;comment:登录时使用的名字"`
	Password    string         `json:"-" gorm:"comment:加密后的口令"`
	NickName    string         `json:"nickName" gorm:"default:新来的管理员;comment:显示名"`
	SideMode    string         `json:"sideMode" gorm:"default:dark;comment:侧栏配色"`
	HeaderImg   string         `json:"headerImg" gorm:"default:https://cdn.example.org/avatar/default.png;comment:头像地址"`
	BaseColor   string         `json:"baseColor" gorm:"default:#fff;comment:基础色"`
	AuthorityId uint           `json:"authorityId" gorm:"default:888;comment:当前角色"`
	Authority   SysAuthority   `json:"authority" gorm:"foreignKey:AuthorityId;references:AuthorityId;constraint:-;comment:当前角色详情"`
	Authorities []SysAuthority `json:"authorities" gorm:"many2many:sys_user_authority;"`
	Phone       string         `json:"phone" gorm:"comment:手机"`
	Enable      int            `json:"enable" gorm:"default:1;comment:1 启用 2 冻结"`
}

// TableName returns a constant, as the real projects do.
func (SysUser) TableName() string { return "sys_users" }

// SysAuthority is a role keyed by a hand-assigned number. Its key carries
// the GORM v1 spelling primary_key together with unique and a size on an
// integer. It has no soft delete of its own: DeletedAt is a plain nullable
// time whose sql:"index" tag GORM v2 does not read.
type SysAuthority struct {
	CreatedAt       time.Time
	UpdatedAt       time.Time
	DeletedAt       *time.Time      `sql:"index"`
	AuthorityId     uint            `json:"authorityId" gorm:"not null;unique;primary_key;comment:角色编号;size:90"`
	AuthorityName   string          `json:"authorityName" gorm:"comment:角色的名字"`
	ParentId        *uint           `json:"parentId" gorm:"comment:上级角色"`
	DataAuthorityId []*SysAuthority `json:"dataAuthorityId" gorm:"many2many:sys_data_authority_id;"`
	Children        []SysAuthority  `json:"children" gorm:"-"`
	SysBaseMenus    []SysBaseMenu   `json:"menus" gorm:"many2many:sys_authority_menus;"`
	Users           []SysUser       `json:"-" gorm:"many2many:sys_user_authority;"`
	DefaultRouter   string          `json:"defaultRouter" gorm:"comment:登录后首页;default:dashboard"`
}

func (SysAuthority) TableName() string { return "sys_authorities" }

// MenuMeta is the display block of a menu, embedded through a named field
// whose tag also carries a comment.
type MenuMeta struct {
	ActiveName string `json:"activeName" gorm:"comment:高亮的菜单"`
	KeepAlive  bool   `json:"keepAlive" gorm:"comment:是否保活"`
	Title      string `json:"title" gorm:"comment:菜单标题"`
	Icon       string `json:"icon" gorm:"comment:图标名"`
	CloseTab   bool   `json:"closeTab" gorm:"comment:自动关闭标签页"`
}

// SysBaseMenu is a menu tree node: the tree is gorm:"-", the roles are a
// many2many declared on both sides.
type SysBaseMenu struct {
	AdminModel
	MenuLevel     uint                   `json:"-"`
	ParentId      uint                   `json:"parentId" gorm:"comment:上级菜单"`
	Path          string                 `json:"path" gorm:"comment:前端路由"`
	Name          string                 `json:"name" gorm:"comment:路由名"`
	Hidden        bool                   `json:"hidden" gorm:"comment:在侧栏隐藏"`
	Component     string                 `json:"component" gorm:"comment:前端组件文件"`
	Sort          int                    `json:"sort" gorm:"comment:排列顺序"`
	Meta          MenuMeta               `json:"meta" gorm:"embedded;comment:附加信息"`
	SysAuthoritys []SysAuthority         `json:"authoritys" gorm:"many2many:sys_authority_menus;"`
	Children      []SysBaseMenu          `json:"children" gorm:"-"`
	Parameters    []SysBaseMenuParameter `json:"parameters"`
	MenuBtn       []SysBaseMenuBtn       `json:"menuBtn"`
}

func (SysBaseMenu) TableName() string { return "sys_base_menus" }

// SysBaseMenuParameter is a has-many child of SysBaseMenu; its foreign key
// has no tag at all.
type SysBaseMenuParameter struct {
	AdminModel
	SysBaseMenuID uint
	Type          string `json:"type" gorm:"comment:参数放在 params 还是 query"`
	Key           string `json:"key" gorm:"comment:参数名"`
	Value         string `json:"value" gorm:"comment:参数值"`
}

// SysBaseMenuBtn is a button on a menu page.
type SysBaseMenuBtn struct {
	AdminModel
	Name          string `json:"name" gorm:"comment:按钮标识"`
	Desc          string `json:"desc" gorm:"comment:按钮说明"`
	SysBaseMenuID uint   `json:"sysBaseMenuID" gorm:"comment:所属菜单"`
}

// SysAuthorityBtn has no primary key at all, and one tag literal starts
// with a space.
type SysAuthorityBtn struct {
	AuthorityId      uint           `gorm:"comment:角色编号"`
	SysMenuID        uint           `gorm:"comment:菜单编号"`
	SysBaseMenuBtnID uint           `gorm:"comment:按钮编号"`
	SysBaseMenuBtn   SysBaseMenuBtn ` gorm:"comment:按钮本身"`
}

// SysUserAuthority maps the many2many join table sys_user_authority as a
// model of its own, with a pointer-receiver TableName; AutoMigrate meets
// the table a second time, already created as the join table.
type SysUserAuthority struct {
	SysUserId               uint `gorm:"column:sys_user_id"`
	SysAuthorityAuthorityId uint `gorm:"column:sys_authority_authority_id"`
}

func (s *SysUserAuthority) TableName() string { return "sys_user_authority" }

// SysDictionary repeats the default column names in column: tags,
// including the reserved word desc.
type SysDictionary struct {
	AdminModel
	Name                 string                `json:"name" form:"name" gorm:"column:name;comment:字典中文名"`
	Type                 string                `json:"type" form:"type" gorm:"column:type;comment:字典英文名"`
	Status               *bool                 `json:"status" form:"status" gorm:"column:status;comment:是否启用"`
	Desc                 string                `json:"desc" form:"desc" gorm:"column:desc;comment:说明"`
	SysDictionaryDetails []SysDictionaryDetail `json:"sysDictionaryDetails" form:"sysDictionaryDetails"`
}

func (SysDictionary) TableName() string { return "sys_dictionaries" }

// SysDictionaryDetail's foreign key is an int with an explicit column,
// pointing at a uint primary key.
type SysDictionaryDetail struct {
	AdminModel
	Label           string `json:"label" gorm:"column:label;comment:展示文字"`
	Value           int    `json:"value" gorm:"column:value;comment:取值"`
	Extend          string `json:"extend" gorm:"column:extend;comment:扩展"`
	Status          *bool  `json:"status" gorm:"column:status;comment:是否启用"`
	Sort            int    `json:"sort" gorm:"column:sort;comment:排序"`
	SysDictionaryID int    `json:"sysDictionaryID" gorm:"column:sys_dictionary_id;comment:所属字典"`
}

func (SysDictionaryDetail) TableName() string { return "sys_dictionary_details" }

// SysOperationRecord is the request log: a time.Duration column, text
// bodies, and a belongs-to whose int foreign key points at a uint key.
type SysOperationRecord struct {
	AdminModel
	Ip           string        `json:"ip" gorm:"column:ip;comment:来源地址"`
	Method       string        `json:"method" gorm:"column:method;comment:请求方法"`
	Path         string        `json:"path" gorm:"column:path;comment:请求路径"`
	Status       int           `json:"status" gorm:"column:status;comment:响应码"`
	Latency      time.Duration `json:"latency" gorm:"column:latency;comment:耗时" swaggertype:"string"`
	Agent        string        `json:"agent" gorm:"type:text;column:agent;comment:客户端"`
	ErrorMessage string        `json:"error_message" gorm:"column:error_message;comment:错误"`
	Body         string        `json:"body" gorm:"type:text;column:body;comment:请求体"`
	Resp         string        `json:"resp" gorm:"type:text;column:resp;comment:响应体"`
	UserID       int           `json:"user_id" gorm:"column:user_id;comment:操作人"`
	User         SysUser       `json:"user"`
}

// SysExportTemplate has a string field named TableName (not a method),
// and two has-many relations keyed by a non-primary column. Trailing
// semicolons end most tags.
type SysExportTemplate struct {
	AdminModel
	DBName       string            `json:"dbName" gorm:"column:db_name;comment:库名;"`
	Name         string            `json:"name" gorm:"column:name;comment:模板名;"`
	TableName    string            `json:"tableName" gorm:"column:table_name;comment:表名;"`
	TemplateID   string            `json:"templateID" gorm:"column:template_id;size:64;uniqueIndex;comment:模板标识;"`
	TemplateInfo string            `json:"templateInfo" gorm:"column:template_info;type:text;"`
	Limit        *int              `json:"limit" gorm:"column:limit;comment:最多导出几行"`
	Order        string            `json:"order" gorm:"column:order;comment:排序方式"`
	Conditions   []ExportCondition `json:"conditions" gorm:"foreignKey:TemplateID;references:TemplateID;comment:筛选条件"`
	JoinTemplate []ExportJoin      `json:"joinTemplate" gorm:"foreignKey:TemplateID;references:TemplateID;comment:联表"`
}

// ExportJoin inherits the size of SysExportTemplate.TemplateID; its other
// columns are reserved words.
type ExportJoin struct {
	AdminModel
	TemplateID string `json:"templateID" gorm:"column:template_id;comment:模板标识"`
	JOINS      string `json:"joins" gorm:"column:joins;comment:连接方式"`
	Table      string `json:"table" gorm:"column:table;comment:被连接的表"`
	ON         string `json:"on" gorm:"column:on;comment:连接条件"`
}

func (ExportJoin) TableName() string { return "sys_export_template_join" }

// ExportCondition is the other child keyed by template_id.
type ExportCondition struct {
	AdminModel
	TemplateID string `json:"templateID" gorm:"column:template_id;comment:模板标识"`
	From       string `json:"from" gorm:"column:from;comment:取值的键"`
	Column     string `json:"column" gorm:"column:column;comment:条件列"`
	Operator   string `json:"operator" gorm:"column:operator;comment:比较符"`
}

func (ExportCondition) TableName() string { return "sys_export_template_condition" }

// JwtBlacklist has a text column and a TableName on the value receiver.
type JwtBlacklist struct {
	AdminModel
	Jwt string `gorm:"type:text;comment:作废的令牌"`
}

// ---------------------------------------------------------------------
// Admin back-end in the go-admin mould: int keys named XxxId, size on
// ints and bools, base structs embedded at the end, singular table names.
// ---------------------------------------------------------------------

// AuditFields records who touched a row; the comments are quoted.
type AuditFields struct {
	CreateBy int `json:"createBy" gorm:"index;comment:'创建人'"`
	UpdateBy int `json:"updateBy" gorm:"index;comment:'修改人'"`
}

// Timestamps are the time columns with soft delete.
type Timestamps struct {
	CreatedAt time.Time      `json:"createdAt" gorm:"comment:创建时间"`
	UpdatedAt time.Time      `json:"updatedAt" gorm:"comment:最后修改时间"`
	DeletedAt gorm.DeletedAt `json:"-" gorm:"index;comment:删除时间"`
}

// SysDept is a department tree.
type SysDept struct {
	DeptId   int    `json:"deptId" gorm:"primaryKey;autoIncrement;"`
	ParentId int    `json:"parentId" gorm:""`
	DeptPath string `json:"deptPath" gorm:"size:255;"`
	DeptName string `json:"deptName"  gorm:"size:128;"`
	Sort     int    `json:"sort" gorm:"size:4;"`
	Leader   string `json:"leader" gorm:"size:128;"`
	Phone    string `json:"phone" gorm:"size:11;"`
	Status   int    `json:"status" gorm:"size:4;"`
	AuditFields
	Timestamps
	DataScope string    `json:"dataScope" gorm:"-"`
	Children  []SysDept `json:"children" gorm:"-"`
}

func (*SysDept) TableName() string { return "sys_dept" }

// SysRole's many2many relations name their join columns in snake case,
// and one is a pointer to a slice.
type SysRole struct {
	RoleId    int        `json:"roleId" gorm:"primaryKey;autoIncrement"`
	RoleName  string     `json:"roleName" gorm:"size:128;"`
	Status    string     `json:"status" gorm:"size:4;"`
	RoleKey   string     `json:"roleKey" gorm:"size:128;"`
	RoleSort  int        `json:"roleSort" gorm:""`
	Remark    string     `json:"remark" gorm:"size:255;"`
	Admin     bool       `json:"admin" gorm:"size:4;"`
	DataScope string     `json:"dataScope" gorm:"size:128;"`
	MenuIds   []int      `json:"menuIds" gorm:"-"`
	SysDept   []SysDept  `json:"sysDept" gorm:"many2many:sys_role_dept;foreignKey:RoleId;joinForeignKey:role_id;references:DeptId;joinReferences:dept_id;"`
	SysMenu   *[]SysMenu `json:"sysMenu" gorm:"many2many:sys_role_menu;foreignKey:RoleId;joinForeignKey:role_id;references:MenuId;joinReferences:menu_id;"`
	AuditFields
	Timestamps
}

func (*SysRole) TableName() string { return "sys_role" }

// SysMenu carries sizes on ints and bools, an upper-case DEFAULT key, and
// a many2many to SysApi with default join columns.
type SysMenu struct {
	MenuId     int       `json:"menuId" gorm:"primaryKey;autoIncrement"`
	MenuName   string    `json:"menuName" gorm:"size:128;"`
	Title      string    `json:"title" gorm:"size:128;"`
	Path       string    `json:"path" gorm:"size:128;"`
	MenuType   string    `json:"menuType" gorm:"size:1;"`
	Permission string    `json:"permission" gorm:"size:255;"`
	ParentId   int       `json:"parentId" gorm:"size:11;"`
	NoCache    bool      `json:"noCache" gorm:"size:8;"`
	Sort       int       `json:"sort" gorm:"size:4;"`
	Visible    string    `json:"visible" gorm:"size:1;"`
	IsFrame    string    `json:"isFrame" gorm:"size:1;DEFAULT:0;"`
	SysApi     []SysApi  `json:"sysApi" gorm:"many2many:sys_menu_api_rule"`
	Apis       []int     `json:"apis" gorm:"-"`
	RoleId     int       `gorm:"-"`
	Children   []SysMenu `json:"children,omitempty" gorm:"-"`
	AuditFields
	Timestamps
}

func (SysMenu) TableName() string { return "sys_menu" }

// SysApi embeds its bases before the key-less fields.
type SysApi struct {
	Id     int    `json:"id" gorm:"primaryKey;autoIncrement;comment:主键"`
	Handle string `json:"handle" gorm:"size:128;comment:处理函数"`
	Title  string `json:"title" gorm:"size:128;comment:标题"`
	Path   string `json:"path" gorm:"size:128;comment:地址"`
	Action string `json:"action" gorm:"size:16;comment:请求类型"`
	Timestamps
	AuditFields
}

func (SysApi) TableName() string { return "sys_api" }

// SysStaff is go-admin's user: bases first, a belongs-to through a pointer
// whose foreign key DeptId is found by GORM's ID/Id guessing.
type SysStaff struct {
	AuditFields
	Timestamps
	UserId   int      `gorm:"primaryKey;autoIncrement;comment:编码"  json:"userId"`
	Username string   `json:"username" gorm:"size:64;comment:用户名"`
	Password string   `json:"-" gorm:"size:128;comment:密码"`
	Phone    string   `json:"phone" gorm:"size:11;comment:手机号"`
	RoleId   int      `json:"roleId" gorm:"size:20;comment:角色"`
	Salt     string   `json:"-" gorm:"size:255;comment:盐"`
	Sex      string   `json:"sex" gorm:"size:255;comment:性别"`
	DeptId   int      `json:"deptId" gorm:"comment:部门"`
	PostId   int      `json:"postId" gorm:"size:20;comment:岗位"`
	Status   string   `json:"status" gorm:"size:4;comment:状态"`
	DeptIds  []int    `json:"deptIds" gorm:"-"`
	Dept     *SysDept `json:"dept"`
}

func (SysStaff) TableName() string { return "sys_user" }

// SysConfig is a key/value setting with an embedded ID base that is a
// same-package struct carrying its own primary key.
type SysConfig struct {
	PanelBase
	ConfigName  string `json:"configName" gorm:"size:128;comment:参数名称"`
	ConfigKey   string `json:"configKey" gorm:"size:128;uniqueIndex;comment:参数键"`
	ConfigValue string `json:"configValue" gorm:"size:255;comment:参数值"`
	ConfigType  string `json:"configType" gorm:"size:64;comment:是否内置"`
	IsFrontend  string `json:"isFrontend" gorm:"size:64;default:'1';comment:前端可见"`
	AuditFields
	Timestamps
}

func (SysConfig) TableName() string { return "sys_config" }

// ---------------------------------------------------------------------
// Push server in the gotify mould: GORM v1 tag spellings.
// ---------------------------------------------------------------------

// PushUser owns applications, clients and plugin configurations.
type PushUser struct {
	ID            uint   `gorm:"primary_key;unique_index;AUTO_INCREMENT"`
	Name          string `gorm:"type:varchar(180);unique_index"`
	Authenticator string `gorm:"type:varchar(100);index"`
	Pass          []byte
	Admin         bool
	Applications  []Application `gorm:"foreignKey:UserID"`
	Clients       []Client      `gorm:"foreignKey:UserID"`
	Plugins       []PluginConf  `gorm:"foreignKey:UserID"`
}

// Application sends messages; its Messages are the DTO MessageView, which
// GORM parses as a has-many target but AutoMigrate never creates.
type Application struct {
	ID              uint          `gorm:"primary_key;unique_index;AUTO_INCREMENT" json:"id"`
	Token           string        `gorm:"type:varchar(180);unique_index" json:"token"`
	UserID          uint          `gorm:"index" json:"-"`
	Name            string        `gorm:"type:text" json:"name" binding:"required"`
	Description     string        `gorm:"type:text" json:"description"`
	Internal        bool          `json:"internal"`
	Image           string        `gorm:"type:text" json:"image"`
	Messages        []MessageView `json:"-"`
	DefaultPriority int           `json:"defaultPriority"`
	LastUsed        *time.Time    `json:"lastUsed"`
}

// MessageView is what the API returns; it has no gorm tag. (A map field
// here would make GORM's parse of Application fail.)
type MessageView struct {
	ID            uint      `json:"id"`
	ApplicationID uint      `json:"appid"`
	Message       string    `json:"message"`
	Title         string    `json:"title"`
	Priority      *int      `json:"priority"`
	Date          time.Time `json:"date"`
}

// Message is the stored message; its primary key is also indexed.
type Message struct {
	ID            uint `gorm:"AUTO_INCREMENT;primary_key;index"`
	ApplicationID uint
	Message       string `gorm:"type:text"`
	Title         string `gorm:"type:text"`
	Priority      int
	Extras        []byte
	Date          time.Time
}

// Client is a receiving device.
type Client struct {
	ID       uint   `gorm:"primary_key;unique_index;AUTO_INCREMENT" json:"id"`
	Token    string `gorm:"type:varchar(180);unique_index" json:"token"`
	UserID   uint   `gorm:"index" json:"-"`
	Name     string `gorm:"type:text" json:"name"`
	LastUsed *time.Time
}

// PluginConf stores a plugin's configuration blobs.
type PluginConf struct {
	ID            uint `gorm:"primary_key;AUTO_INCREMENT;index"`
	UserID        uint
	ModulePath    string `gorm:"type:text"`
	Token         string `gorm:"type:varchar(180);unique_index"`
	ApplicationID uint
	Enabled       bool
	Config        []byte
	Storage       []byte
}

// ---------------------------------------------------------------------
// Server panel in the 1Panel mould: explicit column types and relations
// excluded from migration with -:migration.
// ---------------------------------------------------------------------

// PanelBase is the panel's base: a v1-spelled auto increment next to the
// v2 primarykey.
type PanelBase struct {
	ID        uint `gorm:"primarykey;AUTO_INCREMENT"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// PanelApp is an installable application, a table by the key it embeds;
// the -:migration relation of AppInstall to it adds no foreign key.
type PanelApp struct {
	PanelBase
	Key  string
	Name string
}

// Website's relations are loaded by hand and excluded from migration.
type Website struct {
	PanelBase
	Protocol      string    `gorm:"type:varchar(64);not null" json:"protocol"`
	PrimaryDomain string    `gorm:"type:varchar(256);not null" json:"primaryDomain"`
	Alias         string    `gorm:"type:varchar(128);not null" json:"alias"`
	Remark        string    `gorm:"type:text;" json:"remark"`
	Status        string    `gorm:"type:varchar(64);not null" json:"status"`
	ExpireDate    time.Time `json:"expireDate"`
	ErrorLog      bool      `json:"errorLog"`
	AppInstallID  uint      `gorm:"type:integer" json:"appInstallId"`
	User          string    `gorm:"type:varchar(64);" json:"user"`
	Group         string    `gorm:"type:varchar(64);" json:"group"`

	Domains    []WebsiteDomain `json:"domains" gorm:"-:migration"`
	AppInstall AppInstall      `json:"appInstall" gorm:"-:migration"`
}

func (w Website) TableName() string { return "websites" }

// WebsiteDomain has an integer-typed foreign key column.
type WebsiteDomain struct {
	PanelBase
	WebsiteID uint   `gorm:"column:website_id;type:integer;not null" json:"websiteId"`
	Domain    string `gorm:"type:varchar(256);not null" json:"domain"`
	Port      int    `gorm:"type:integer" json:"port"`
}

// AppInstall uses an upper-case UNIQUE and a -:migration belongs-to.
type AppInstall struct {
	PanelBase
	Name      string   `json:"name" gorm:"type:varchar(64);not null;UNIQUE"`
	AppId     uint     `json:"appId" gorm:"type:integer;not null"`
	Version   string   `json:"version" gorm:"type:varchar(64);not null"`
	Env       string   `json:"env" gorm:"type:text;"`
	HttpPort  int      `json:"httpPort" gorm:"type:integer;not null"`
	HttpsPort int      `json:"httpsPort" gorm:"type:integer;not null"`
	App       PanelApp `json:"app" gorm:"-:migration"`
}

// ---------------------------------------------------------------------
// Code generated in the gorm.io/gen mould: every column spelled out with
// column: and type:, autoIncrement:true, named composite unique indexes
// with priorities, and a TableName returning a package constant.
// ---------------------------------------------------------------------

// TableNameGenOrder is the table GenOrder maps to.
const TableNameGenOrder = "gen_orders"

// GenOrder is mapped from table gen_orders.
type GenOrder struct {
	ID        int64          `gorm:"column:id;type:bigint;primaryKey;autoIncrement:true;comment:主键" json:"id"`
	ShopID    int64          `gorm:"column:shop_id;type:bigint;not null;uniqueIndex:uk_shop_order,priority:1;comment:店铺" json:"shop_id"`
	OrderNo   string         `gorm:"column:order_no;type:varchar(64);not null;uniqueIndex:uk_shop_order,priority:2;comment:订单号" json:"order_no"`
	Amount    float64        `gorm:"column:amount;type:decimal(10,2);not null;default:0.00;comment:金额" json:"amount"`
	Status    int32          `gorm:"column:status;type:smallint;not null;default:1" json:"status"`
	Remark    *string        `gorm:"column:remark;type:varchar(255)" json:"remark"`
	CreatedAt time.Time      `gorm:"column:created_at;type:timestamp;not null;default:CURRENT_TIMESTAMP" json:"created_at"`
	DeletedAt gorm.DeletedAt `gorm:"column:deleted_at;type:timestamp;index:idx_gen_orders_deleted" json:"deleted_at"`
}

// TableName GenOrder's table name
func (*GenOrder) TableName() string {
	return TableNameGenOrder
}

package realworld

import (
	"testing"

	"github.com/migragen/migragen/internal/corpus/corpustest"
)

func TestCorpus(t *testing.T) {
	corpustest.Case{
		Models: Models(),
		Tables: []string{
			"sys_users", "sys_authorities", "sys_base_menus", "sys_base_menu_parameters",
			"sys_base_menu_btns", "sys_authority_btns", "sys_user_authority",
			"sys_data_authority_id", "sys_authority_menus",
			"sys_dictionaries", "sys_dictionary_details", "sys_operation_records",
			"sys_export_templates", "sys_export_template_join", "sys_export_template_condition",
			"jwt_blacklists",
			"sys_dept", "sys_role", "sys_menu", "sys_api", "sys_user", "sys_config",
			"sys_role_dept", "sys_role_menu", "sys_menu_api_rule",
			"push_users", "applications", "messages", "clients", "plugin_confs",
			"websites", "app_installs", "website_domains", "panel_apps", "gen_orders",
		},
	}.CheckAll(t)
}

// Package ddlnorm brings statements GORM writes in map order to one
// order, for tests that compare DDL with GORM's own.
package ddlnorm

import (
	"slices"
	"strings"
)

// SortConstraints sorts the CONSTRAINT items that end a CREATE TABLE's
// list. Items are split at the commas outside parentheses and quotes; if a
// constraint is followed by anything else, the statement is left alone.
func SortConstraints(create string) string {
	open, close := -1, -1
	depth := 0
	var quote rune
	var items []string
	start := 0
	for i, r := range create {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '(':
			depth++
			if depth == 1 && open < 0 {
				open, start = i, i+1
			}
		case r == ')':
			depth--
			if depth == 0 && close < 0 {
				close = i
				items = append(items, create[start:i])
			}
		case r == ',' && depth == 1 && close < 0:
			items = append(items, create[start:i])
			start = i + 1
		}
	}
	if open < 0 || close < 0 {
		return create
	}
	isConstraint := func(s string) bool { return strings.HasPrefix(s, "CONSTRAINT ") }
	first := slices.IndexFunc(items, isConstraint)
	if first < 0 || !all(items[first:], isConstraint) {
		return create
	}
	slices.Sort(items[first:])
	return create[:open+1] + strings.Join(items, ",") + create[close:]
}

func all(items []string, f func(string) bool) bool {
	for _, s := range items {
		if !f(s) {
			return false
		}
	}
	return true
}

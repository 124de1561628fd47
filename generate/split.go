package generate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/migragen/migragen/render"
	"github.com/migragen/migragen/schema"
)

// ContractSuffix ends the ID of a contraction, after its expansion's ID:
// the pair shares the time, and the contraction sorts right after.
const ContractSuffix = "_contract"

// revisionFiles returns the migration files for changes from prev, which
// base names (package, ID, parents, message, date): one revision, or, with
// split and changes that break a binary built from prev's models, an
// expansion (base's ID) and a contraction after it (ContractSuffix).
// When only the contraction has changes (drops alone), it is the only
// file. dialects are the model set's targets, for the data steps that copy
// renamed columns.
func revisionFiles(base render.File, prev *schema.Snapshot, changes []schema.Change, split bool, dialects []string) ([]render.File, error) {
	if !split {
		return []render.File{half(base, prev, changes)}, nil
	}
	ec, err := schema.SplitChanges(prev, changes)
	if err != nil {
		return nil, err
	}
	if len(ec.Contract) == 0 {
		return []render.File{half(base, prev, changes)}, nil
	}
	if len(dialects) == 0 {
		dialects = allDialects
	}
	mid, err := schema.Apply(prev, ec.Expand)
	if err != nil {
		return nil, fmt.Errorf("internal error: the expansion does not apply: %w", err)
	}
	con := base
	con.ID += ContractSuffix
	con = half(con, mid, ec.Contract)
	con.Contract = true
	if len(ec.Expand) == 0 {
		con.Notes = []string{contractNote(con.ID, "", ec)}
		return []render.File{con}, nil
	}
	exp := half(base, prev, ec.Expand)
	con.Parents = []string{exp.ID}
	for _, c := range ec.Copies {
		up, down := copySteps(dialects, c)
		exp.After = append(exp.After, up...)
		con.Before = append(con.Before, down...)
		// Both NoNulls checks below guard a NOT NULL that a copy step
		// fills before the ALTER; every check runs before the first step,
		// so each counts only the rows the copy cannot fill either.
		fillFrom(exp.DownChecks, c.Table, c.From, c.To)
		fillFrom(con.UpChecks, c.Table, c.To, c.From)
	}
	exp.Notes = []string{expandNote(con.ID, ec, dialects)}
	con.Notes = []string{contractNote(con.ID, exp.ID, ec)}
	return []render.File{exp, con}, nil
}

// half returns f holding changes from before, with their inverse and the
// checks of each direction.
func half(f render.File, before *schema.Snapshot, changes []schema.Change) render.File {
	f.Up, f.Down = changes, schema.Invert(changes)
	f.UpChecks = schema.Preconditions(before, changes)
	// Down starts from what Up builds; Up was proven to apply. The result
	// is only read, so it shares the tables Up leaves alone.
	if after, err := schema.ApplyShared(before, changes); err == nil {
		f.DownChecks = schema.Preconditions(after, f.Down)
	}
	return f
}

// fillFrom marks the NoNulls check of table.column among checks as one a
// copy from table.from fills (schema.NoNulls.FilledFrom).
func fillFrom(checks []schema.Precondition, table, column, from string) {
	for i, p := range checks {
		if nn, ok := p.(schema.NoNulls); ok && nn.Table == table && nn.Column == column {
			nn.FilledFrom = from
			checks[i] = nn
		}
	}
}

// expandNote is the header paragraph of an expansion.
func expandNote(contraction string, ec *schema.ExpandContract, dialects []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Expand/contract: this revision is the expansion. Binaries built from the\n"+
		"previous models keep working after it, and so do those built from these.\n"+
		"What would break the previous ones is in the contraction %s,\n"+
		"which Up holds back until every binary older than this revision is gone.", contraction)
	if len(ec.Copies) > 0 {
		var cols []string
		for _, c := range ec.Copies {
			cols = append(cols, fmt.Sprintf("%s.%s -> %s", c.Table, c.From, c.To))
		}
		fmt.Fprintf(&b, "\n\nUntil then the renamed columns exist under both names (%s).\n"+
			"The data steps below copy the rows already there, and triggers copy each\n"+
			"insert and update of either name to the other", strings.Join(cols, ", "))
		var without []string
		for _, d := range dialects {
			if !slices.Contains(triggerDialects, d) {
				without = append(without, d)
			}
		}
		if len(without) > 0 {
			fmt.Fprintf(&b, ", except on %s, which gets no\n"+
				"trigger. There the old binary does NOT keep working fully: it reads NULL\n"+
				"for the rows the new one wrote, the contraction copies the rows it\n"+
				"inserted meanwhile, and its updates are lost; stop it before deploying\n"+
				"the new one there", strings.Join(without, ", "))
		}
		b.WriteString(".")
	}
	return b.String()
}

// contractNote is the header paragraph of a contraction.
func contractNote(id, expansion string, ec *schema.ExpandContract) string {
	after := "the previous revision"
	if expansion != "" {
		after = expansion
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Expand/contract: this revision is a contraction (Contract: true). It\n"+
		"removes what binaries built before %s still use:\n", after)
	for _, c := range ec.Contract {
		switch c.(type) {
		case schema.DropTable, schema.DropColumn:
			fmt.Fprintf(&b, "\t%s\n", c)
		}
	}
	fmt.Fprintf(&b, "Up holds it back. Apply it once no such binary runs: migrate's\n"+
		"UpTo(ctx, %q), the WithContractions option, or `up -contract`\n"+
		"in the command helper. Until then, Up refuses to apply a later revision\n"+
		"that depends on it, naming it.", id)
	return b.String()
}

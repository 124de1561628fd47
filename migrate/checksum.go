package migrate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
)

// Checksum returns the SHA-256 of what m does: every change of its Schema
// steps with its full definition (not its Checks, which only guard the
// start), the text of its SQL steps, the names of
// its Go steps and whether they have a Down, NoTransaction, and DependsOn
// when set (sorted; a revision without dependencies keeps the sum it had
// before they existed). Changing any op or step of an applied migration
// changes it. The id, parents and message are not part of it; a Go
// function's body cannot be.
func Checksum(m Migration) (string, error) {
	type stepJSON struct {
		Kind    string
		Changes []changeJSON `json:",omitempty"`
		Name    string       `json:",omitempty"`
		HasDown bool         `json:",omitempty"`
		Dialect string       `json:",omitempty"`
		Up      string       `json:",omitempty"`
		Down    string       `json:",omitempty"`
		Online  bool         `json:",omitempty"`
	}
	steps := func(list []Step) ([]stepJSON, error) {
		var out []stepJSON
		for _, s := range list {
			switch s := s.(type) {
			case Schema:
				cs := make([]changeJSON, len(s.Changes))
				for i, c := range s.Changes {
					cs[i] = changeJSON{Kind: fmt.Sprintf("%T", c), Change: c}
				}
				out = append(out, stepJSON{Kind: "schema", Changes: cs})
			case Checks:
				// Checks guard the database before a migration runs and do
				// nothing after: waiving one on a revision that another
				// database already applied must not make it "modified"
				// there. The sum file still sees the edit.
			case Go:
				out = append(out, stepJSON{Kind: "go", Name: s.Name, HasDown: s.Down != nil})
			case SQL:
				out = append(out, stepJSON{Kind: "sql", Dialect: s.Dialect, Up: s.Up, Down: s.Down, Online: s.Online})
			default:
				return nil, fmt.Errorf("revision %s: unknown step type %T", m.ID, s)
			}
		}
		return out, nil
	}
	up, err := steps(m.Up)
	if err != nil {
		return "", err
	}
	down, err := steps(m.Down)
	if err != nil {
		return "", err
	}
	deps := slices.Sorted(slices.Values(m.DependsOn))
	data, err := json.Marshal(struct {
		Up, Down      []stepJSON
		NoTransaction bool     `json:",omitempty"`
		DependsOn     []string `json:",omitempty"`
	}{up, down, m.NoTransaction, deps})
	if err != nil {
		return "", fmt.Errorf("revision %s: checksum: %w", m.ID, err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

type changeJSON struct {
	Kind   string
	Change any
}

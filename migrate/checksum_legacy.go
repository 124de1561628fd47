package migrate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// legacyChecksum is the checksum releases before sumPrefix recorded: the
// hex SHA-256 of a JSON document of what Checksum covers. It is frozen:
// version tables hold it, and a migration whose row holds it must keep
// matching it. It is computed only for such rows (sumMatches).
func legacyChecksum(m Migration) (string, error) {
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
				// Not covered, as in Checksum.
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

// isLegacySum reports whether a recorded checksum has legacyChecksum's
// form: 64 lowercase hex digits.
func isLegacySum(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// legacySums memoizes legacyChecksum per revision for one Migrator: a
// version table written by an older release holds it in every row.
type legacySums struct {
	mu   sync.Mutex
	sums map[string]string
}

// sumMatches reports whether recorded, the checksum a version row holds
// for revision id, is that of the binary's migration: Checksum's, or for
// a row an older release wrote, legacyChecksum's. Anything else, a
// checksum edited by hand say, is compared with Checksum's and differs.
func (m *Migrator) sumMatches(id, recorded string) bool {
	if strings.HasPrefix(recorded, sumPrefix) || !isLegacySum(recorded) {
		return recorded == m.sums[id]
	}
	mig := m.graph.byID[id]
	if mig == nil {
		return false
	}
	l := m.legacy
	l.mu.Lock()
	defer l.mu.Unlock()
	sum, ok := l.sums[id]
	if !ok {
		// Checksum accepted the migration in New, and legacyChecksum
		// fails on nothing it accepts; an error reads as a mismatch.
		sum, _ = legacyChecksum(*mig)
		if l.sums == nil {
			l.sums = map[string]string{}
		}
		l.sums[id] = sum
	}
	return recorded == sum
}

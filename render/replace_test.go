package render

import (
	"strings"
	"testing"
)

// TestReplaceParent replaces one parent of a merge revision, whose id is
// a prefix of the other's, in the literal and the header alone; CRLF line
// ends and everything else stay as they were.
func TestReplaceParent(t *testing.T) {
	src := "// Revision: m\r\n// Parents:  a_b, a\r\n// Message:  a and a_b\r\n\r\npackage migrations\r\n\r\n" +
		"import \"github.com/migragen/migragen/migrate\"\r\n\r\n" +
		"var m = migrate.Migration{\r\n\tID:      \"m\",\r\n\tParents: []string{\"a_b\", \"a\"}, // a: the base\r\n\tMessage: \"a and a_b\",\r\n}\r\n"
	got, err := ReplaceParent([]byte(src), "a", "x_squashed")
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(strings.Replace(src, "// Parents:  a_b, a\r\n", "// Parents:  a_b, x_squashed\r\n", 1),
		`[]string{"a_b", "a"}`, `[]string{"a_b", "x_squashed"}`, 1)
	if string(got) != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if _, err := ReplaceParent([]byte(src), "c", "x"); err == nil || !strings.Contains(err.Error(), "do not name c") {
		t.Errorf("an absent parent: %v", err)
	}
}

package migrate

import "github.com/migragen/migragen/schema"

// LegacyChecksum is the checksum releases before "v2:" recorded, for the
// tests that write such rows.
var LegacyChecksum = legacyChecksum

// EncodesDirectly reports whether Checksum encodes c without its JSON
// fallback, which is for kinds of change it has no tag for.
func EncodesDirectly(c schema.Change) bool {
	w := sumWriter{}
	return w.change("", c) == nil && len(w.buf) > 0 && w.buf[0] != changeOther
}

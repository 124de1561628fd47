package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/migragen/migragen/generate"
)

// afterLock runs once a command holds the directory's lock; the scripts
// make it wait, so that a second run meets the lock.
var afterLock = func() {}

// lockDir takes the lock on dir for command, the one writer at a time,
// and reports the leftovers of interrupted runs it removed. On failure it
// prints the error and returns nil.
func lockDir(dir, command string, stderr io.Writer) *generate.DirLock {
	l, err := generate.Lock(dir, command)
	if err != nil {
		fmt.Fprintf(stderr, "migragen: %v\n", err)
		return nil
	}
	if len(l.Removed) > 0 {
		fmt.Fprintf(stderr, "migragen: cleaned up after interrupted runs: %s\n", strings.Join(l.Removed, ", "))
	}
	afterLock()
	return l
}

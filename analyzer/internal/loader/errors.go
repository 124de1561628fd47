package loader

import (
	"fmt"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Problem is one error found while listing, parsing or type-checking.
type Problem struct {
	Pos token.Position // Filename is absolute when known; Line is 0 when unknown
	Msg string
}

// String formats p as the go command does: "file:line:col: message".
func (p Problem) String() string {
	if p.Pos.Filename == "" {
		return p.Msg
	}
	return p.Pos.String() + ": " + p.Msg
}

// Error is the error Load returns when the packages do not list or do not
// compile. It lists every problem, in the order found.
type Error struct {
	List []Problem
}

// maxShown bounds the message as the compiler does: the first few errors
// matter and the rest are usually their consequences.
const maxShown = 10

// Error lists the first problems, one a line.
func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.List {
		if i == maxShown {
			fmt.Fprintf(&b, "\nand %d more", len(e.List)-maxShown)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// parsePos parses the go command's "file:line:col", "file:line" or "file"
// positions. Relative file names are relative to dir.
func parsePos(s, dir string) token.Position {
	var pos token.Position
	s = strings.TrimSpace(s)
	if s == "" {
		return pos
	}
	// Peel numbers off the end; a Windows drive letter stays in the name.
	var nums []int
	for len(nums) < 2 {
		i := strings.LastIndexByte(s, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(s[i+1:])
		if err != nil {
			break
		}
		nums = append(nums, n)
		s = s[:i]
	}
	switch len(nums) {
	case 1:
		pos.Line = nums[0]
	case 2:
		pos.Line, pos.Column = nums[1], nums[0]
	}
	pos.Filename = absPath(s, dir)
	return pos
}

func absPath(name, dir string) string {
	if filepath.IsAbs(name) {
		return name
	}
	if dir == "" {
		dir = "."
	}
	if abs, err := filepath.Abs(filepath.Join(dir, name)); err == nil {
		return abs
	}
	return name
}

// diagLine matches a go command or compiler diagnostic: "file:line: msg" or
// "file:line:col: msg". The file name is non-greedy so that a Windows drive
// letter stays part of it.
var diagLine = regexp.MustCompile(`^(\S+?:\d+(?::\d+)?): (.*)$`)

// splitPosMsg splits a diagnostic line into its position and message.
func splitPosMsg(line, dir string) Problem {
	if m := diagLine.FindStringSubmatch(line); m != nil {
		return Problem{Pos: parsePos(m[1], dir), Msg: m[2]}
	}
	return Problem{Msg: line}
}

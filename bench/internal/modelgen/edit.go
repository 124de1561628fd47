package modelgen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
)

// AddField simulates the edit a developer makes before regenerating: it
// appends an exported field with a gorm tag to one model of the package in
// dir. Model files are picked by seq, spread over the package so that
// successive edits touch different files. Each call must use a new field
// name, so the source really changes and no build cache entry matches it.
// It returns the file it edited.
func AddField(dir string, seq int, fieldName string) (string, error) {
	files, err := Files(dir)
	if err != nil {
		return "", err
	}
	if len(files) == 0 {
		return "", fmt.Errorf("modelgen: no model files in %s", dir)
	}
	// 7919 is prime, so for any file count it does not divide (200 and
	// 2000 included) seq walks all files before repeating one.
	file := files[(seq*7919)%len(files)]
	src, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("modelgen: %w", err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		return "", fmt.Errorf("modelgen: %w", err)
	}
	var closing token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		if st, ok := n.(*ast.StructType); ok && closing == token.NoPos {
			closing = st.Fields.Closing
		}
		return closing == token.NoPos
	})
	if closing == token.NoPos {
		return "", fmt.Errorf("modelgen: no struct type in %s", file)
	}
	off := fset.Position(closing).Offset
	line := fmt.Sprintf("\t%s string `gorm:\"size:64;index\"`\n", fieldName)
	out := make([]byte, 0, len(src)+len(line))
	out = append(out, src[:off]...)
	out = append(out, line...)
	out = append(out, src[off:]...)
	// Write in place rather than rename: the edit is what an editor does,
	// and the file's identity does not matter to the go command.
	if err := os.WriteFile(file, out, 0o644); err != nil {
		return "", fmt.Errorf("modelgen: %w", err)
	}
	return file, nil
}

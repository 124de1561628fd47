// Command genmodels writes a package of N GORM models (package models) for
// benchmarking migragen; see bench/internal/modelgen for what the models
// look like.
//
//	go run ./bench/genmodels -n 200 -o DIR
//
// DIR must be inside a Go module that requires gorm.io/gorm (the migragen
// module does), so that the package and its cmd/parse program build. Put it
// in a directory whose name starts with "_" so that ./... patterns skip it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/migragen/migragen/bench/internal/modelgen"
)

func main() {
	n := flag.Int("n", 200, "number of models")
	out := flag.String("o", "", "output directory (required)")
	importPath := flag.String("importpath", "", "import path of the output directory; default: derived from the enclosing go.mod")
	noParse := flag.Bool("noparse", false, "do not write the cmd/parse program")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: genmodels -n N -o DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	st, err := modelgen.Generate(modelgen.Options{N: *n, Dir: *out, ImportPath: *importPath, NoParseProgram: *noParse})
	if err != nil {
		fmt.Fprintln(os.Stderr, "genmodels:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "genmodels: %d models, %d join tables in %s\n", st.Models, st.JoinTables, *out)
}

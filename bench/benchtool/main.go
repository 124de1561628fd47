// Command benchtool holds the small steps of scripts/bench-analyzer.sh that
// shell cannot do portably: editing a model and timing a command with a
// high-resolution clock (date +%N is GNU-only), and summarizing the times.
//
//	benchtool addfield -dir DIR -seq K -name FIELD
//	benchtool time -o FILE -- command [args...]
//	benchtool stats FILE
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/migragen/migragen/bench/internal/modelgen"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "addfield":
		err = addField(os.Args[2:])
	case "time":
		err = timeCmd(os.Args[2:])
	case "stats":
		err = stats(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			os.Exit(exit.ExitCode())
		}
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage:\n\tbenchtool addfield -dir DIR -seq K -name FIELD\n\tbenchtool time -o FILE -- command [args...]\n\tbenchtool stats FILE")
	os.Exit(2)
}

// addField appends field FIELD to one model of the package in DIR.
func addField(args []string) error {
	fs := flag.NewFlagSet("addfield", flag.ExitOnError)
	dir := fs.String("dir", "", "directory of the generated models")
	seq := fs.Int("seq", 0, "edit number; picks the model file")
	name := fs.String("name", "", "name of the new field; must be new")
	fs.Parse(args)
	if *dir == "" || *name == "" {
		return errors.New("addfield needs -dir and -name")
	}
	_, err := modelgen.AddField(*dir, *seq, *name)
	return err
}

// timeCmd runs the command with its stdout discarded and appends its wall
// time in seconds to FILE. The command's stderr is shown only if it fails:
// a run that succeeds says the same on every repetition, and the script's
// untimed warm-up run already shows it once.
func timeCmd(args []string) error {
	fs := flag.NewFlagSet("time", flag.ExitOnError)
	out := fs.String("o", "", "file to append the seconds to")
	fs.Parse(args)
	argv := fs.Args()
	if *out == "" || len(argv) == 0 {
		return errors.New("time needs -o FILE and a command")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // stdout stays nil: /dev/null
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if err != nil {
		os.Stderr.Write(stderr.Bytes())
		fmt.Fprintf(os.Stderr, "benchtool: %s: %v\n", strings.Join(argv, " "), err)
		return err
	}
	f, err := os.OpenFile(*out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, "%.6f\n", took.Seconds()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// stats prints the median, minimum and maximum of the seconds in FILE.
func stats(args []string) error {
	if len(args) != 1 {
		return errors.New("stats needs one file")
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	var xs []float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		x, err := strconv.ParseFloat(line, 64)
		if err != nil {
			return fmt.Errorf("%s: %w", args[0], err)
		}
		xs = append(xs, x)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(xs) == 0 {
		return fmt.Errorf("%s: no times", args[0])
	}
	slices.Sort(xs)
	med := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		med = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	fmt.Printf("%.3f %.3f %.3f\n", med, xs[0], xs[len(xs)-1])
	return nil
}

// Command benchtool holds the small steps of scripts/bench-analyzer.sh that
// shell cannot do portably: editing a model and timing a command with a
// high-resolution clock (date +%N is GNU-only), and summarizing the times.
//
//	benchtool addfield -dir DIR -seq K -name FIELD
//	benchtool time -o FILE [-cpu FILE] [-rss FILE] -- command [args...]
//	benchtool stats FILE
//	benchtool ratio NUM DEN
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
	case "ratio":
		err = ratio(os.Args[2:])
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
	fmt.Fprintln(os.Stderr, "usage:\n\tbenchtool addfield -dir DIR -seq K -name FIELD\n\tbenchtool time -o FILE [-cpu FILE] [-rss FILE] -- command [args...]\n\tbenchtool stats FILE\n\tbenchtool ratio NUM DEN")
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
//
// -cpu and -rss append the command's CPU seconds (user plus system) and its
// peak resident set in MB. Both come from the rusage that wait returns, which
// covers the descendants the command waited for (the go command's compiler
// and linker, migragen's go list): CPU summed, the peak that of the largest
// single process. Wall time alone would hide how much of a
// route runs on the other cores, which a loaded machine no longer has spare.
func timeCmd(args []string) error {
	fs := flag.NewFlagSet("time", flag.ExitOnError)
	out := fs.String("o", "", "file to append the seconds to")
	cpuOut := fs.String("cpu", "", "file to append the CPU seconds (user+sys) to")
	rssOut := fs.String("rss", "", "file to append the peak RSS in MB to")
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
	if err := appendLine(*out, "%.6f", took.Seconds()); err != nil {
		return err
	}
	if *cpuOut != "" {
		cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		if err := appendLine(*cpuOut, "%.6f", cpu.Seconds()); err != nil {
			return err
		}
	}
	if *rssOut != "" {
		mb, ok := peakRSSMB(cmd.ProcessState)
		if !ok {
			return errors.New("time -rss: this system does not report peak RSS")
		}
		if err := appendLine(*rssOut, "%.1f", mb); err != nil {
			return err
		}
	}
	return nil
}

func appendLine(name, format string, x float64) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, format+"\n", x); err != nil {
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
	xs, err := readNumbers(args[0])
	if err != nil {
		return err
	}
	printSummary(xs)
	return nil
}

// ratio prints the median, minimum and maximum of NUM[i]/DEN[i]: files
// written in the same rounds, so that each ratio compares runs that saw
// the same machine state, which a ratio of medians does not.
func ratio(args []string) error {
	if len(args) != 2 {
		return errors.New("ratio needs two files")
	}
	num, err := readNumbers(args[0])
	if err != nil {
		return err
	}
	den, err := readNumbers(args[1])
	if err != nil {
		return err
	}
	if len(num) != len(den) {
		return fmt.Errorf("ratio: %s has %d values, %s has %d; they must come from the same rounds", args[0], len(num), args[1], len(den))
	}
	rs := make([]float64, len(num))
	for i := range num {
		if den[i] <= 0 {
			return fmt.Errorf("ratio: %s: value %d is %v, not positive", args[1], i+1, den[i])
		}
		rs[i] = num[i] / den[i]
	}
	printSummary(rs)
	return nil
}

// readNumbers reads one number a line.
func readNumbers(name string) ([]float64, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
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
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		xs = append(xs, x)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(xs) == 0 {
		return nil, fmt.Errorf("%s: no times", name)
	}
	return xs, nil
}

// printSummary prints the median, minimum and maximum of xs.
func printSummary(xs []float64) {
	slices.Sort(xs)
	med := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		med = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	fmt.Printf("%.3f %.3f %.3f\n", med, xs[0], xs[len(xs)-1])
}

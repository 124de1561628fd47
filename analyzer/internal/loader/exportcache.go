package loader

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// The export listing (go list -export of the non-source dependencies) is the
// largest remaining cost of a load, and after an edit of the models its
// answer is almost always the same as last time: the dependencies come from
// the module cache and GOROOT, which do not change under a fixed version.
// So the answer is remembered, keyed by everything it depends on, and the
// go command is asked again only when the key changes or a remembered file
// has left the build cache. The go command's build cache is content
// addressed, so a file it named once keeps its content while it exists.

// exportCacheEnv set to "off" disables the cache.
const exportCacheEnv = "MIGRAGEN_EXPORT_CACHE"

// exportCacheKey hashes everything the export data of paths depends on:
// the go command's environment and configuration file, the build flags,
// the toolchain's GOROOT and version, and the module version of every
// package in the paths' dependency closure. It returns "" when a package
// in that closure may change without a version change — one from a local
// directory (a replace, a workspace or GOPATH) — since a key cannot
// notice that.
func exportCacheKey(g *graph, env, buildFlags, paths []string) string {
	if envValue(env, exportCacheEnv) == "off" || len(paths) == 0 {
		return ""
	}
	h := sha256.New()
	var goVars []string
	for _, kv := range env {
		if (strings.HasPrefix(kv, "GO") || strings.HasPrefix(kv, "CGO_")) && !strings.HasPrefix(kv, "GOPACKAGESDRIVER=") {
			goVars = append(goVars, kv)
		}
	}
	slices.Sort(goVars)
	fmt.Fprintf(h, "env %q\nflags %q\n", goVars, buildFlags)
	if err := hashFile(h, goEnvFile(env)); err != nil && !os.IsNotExist(err) {
		return ""
	}

	byPath := map[string]*packages.Package{}
	for _, n := range g.nodes {
		byPath[n.lp.PkgPath] = n.lp
	}
	closure := map[string]*packages.Package{}
	var visit func(lp *packages.Package)
	visit = func(lp *packages.Package) {
		if closure[lp.PkgPath] != nil {
			return
		}
		closure[lp.PkgPath] = lp
		for _, imp := range lp.Imports {
			visit(imp)
		}
	}
	for _, p := range paths {
		lp := byPath[p]
		if lp == nil {
			return ""
		}
		visit(lp)
	}

	// Vendored code can be edited in place and an overlay replaces files;
	// neither shows in a version.
	if strings.Contains(envValue(env, "GOFLAGS"), "-overlay") || slices.ContainsFunc(buildFlags, func(f string) bool { return strings.HasPrefix(f, "-overlay") }) {
		return ""
	}
	goroot := ""
	for _, path := range slices.Sorted(maps.Keys(closure)) {
		lp := closure[path]
		if isVendored(lp) {
			return ""
		}
		switch m := lp.Module; {
		case m == nil:
			root, ok := gorootOf(lp)
			if !ok || (goroot != "" && root != goroot) {
				return "" // GOPATH mode, or something unexpected
			}
			goroot = root
			fmt.Fprintf(h, "%s std\n", path)
		default:
			if m.Main {
				return ""
			}
			if m.Replace != nil {
				m = m.Replace
			}
			if m.Version == "" {
				return "" // a local directory
			}
			fmt.Fprintf(h, "%s %s@%s\n", path, m.Path, m.Version)
		}
	}
	if goroot != "" {
		fmt.Fprintf(h, "goroot %s\n", goroot)
		if err := hashFile(h, filepath.Join(goroot, "VERSION")); err != nil {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// isVendored reports whether the go command builds lp from a vendor
// directory of the main module rather than from the module cache.
// The standard library's own vendored packages (Module nil) are GOROOT's.
func isVendored(lp *packages.Package) bool {
	if lp.Module == nil {
		return false
	}
	sep := string(filepath.Separator)
	for _, f := range lp.GoFiles {
		if strings.Contains(f, sep+"vendor"+sep) && !strings.Contains(f, sep+"pkg"+sep+"mod"+sep) {
			return true
		}
	}
	return false
}

// gorootOf derives GOROOT from a standard-library package's directory.
func gorootOf(lp *packages.Package) (string, bool) {
	if len(lp.GoFiles) == 0 {
		return "", false
	}
	dir := filepath.Dir(lp.GoFiles[0])
	suffix := string(filepath.Separator) + filepath.Join("src", filepath.FromSlash(lp.PkgPath))
	root, ok := strings.CutSuffix(dir, suffix)
	return root, ok && root != ""
}

func envValue(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if val, ok := strings.CutPrefix(kv, key+"="); ok {
			v = val // the last one wins, as in the go command
		}
	}
	return v
}

// goEnvFile is the file "go env -w" writes, which the go command reads.
func goEnvFile(env []string) string {
	if f := envValue(env, "GOENV"); f != "" {
		return f
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "go", "env")
}

func hashFile(h io.Writer, name string) error {
	if name == "" || name == "off" {
		return nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	fmt.Fprintf(h, "file %s %x\n", name, sha256.Sum256(data))
	return nil
}

// userCacheDir is where entries live; tests point it elsewhere.
var userCacheDir = os.UserCacheDir

// exportCacheFile names the entry for key; "" when there is none to use.
func exportCacheFile(key string) string {
	if key == "" {
		return ""
	}
	dir, err := userCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "migragen", "export-"+key[:40]+".txt")
}

// readExportCache returns the remembered answer for key if it covers paths
// and every file it names still exists.
func readExportCache(key string, paths []string) (exportResult, bool) {
	name := exportCacheFile(key)
	if name == "" {
		return exportResult{}, false
	}
	f, err := os.Open(name)
	if err != nil {
		return exportResult{}, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() {
		return exportResult{}, false
	}
	goarch, compiler, ok := strings.Cut(sc.Text(), " ")
	if !ok {
		return exportResult{}, false
	}
	r := exportResult{files: map[string]string{}, target: target{goarch: goarch, compiler: compiler}}
	for sc.Scan() {
		path, file, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return exportResult{}, false
		}
		r.files[path] = file
	}
	if sc.Err() != nil {
		return exportResult{}, false
	}
	for _, p := range paths {
		file := r.files[p]
		if file == "" {
			return exportResult{}, false
		}
		if _, err := os.Stat(file); err != nil {
			return exportResult{}, false // trimmed from the build cache
		}
	}
	return r, true
}

// writeExportCache remembers r under key. Failing to is harmless: the next
// load asks the go command again.
func writeExportCache(key string, r exportResult) {
	name := exportCacheFile(key)
	if name == "" {
		return
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", r.target.goarch, r.target.compiler)
	for _, p := range slices.Sorted(maps.Keys(r.files)) {
		fmt.Fprintf(&b, "%s\t%s\n", p, r.files[p])
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".export-*")
	if err != nil {
		return
	}
	_, werr := tmp.WriteString(b.String())
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), name) != nil {
		os.Remove(tmp.Name())
	}
}

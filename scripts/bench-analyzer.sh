#!/usr/bin/env bash
# bench-analyzer.sh measures what a developer waits for after editing a model
# package: `migragen snapshot` with a prebuilt binary, against GORM's runtime
# route (`go run` of a program that imports the models and calls
# schema.Parse on each, as loader-based tools do), on generated packages of
# 200 and 2000 models.
#
#	bash scripts/bench-analyzer.sh          # from the repository root
#	RUNS=20 bash scripts/bench-analyzer.sh  # more runs per route and size
#	SIZES=200 bash scripts/bench-analyzer.sh
#
# Every timed run follows an edit that appends a new field to one model, so
# neither route can be answered from a cache of the unchanged source. It
# needs only bash, the go command and the usual POSIX tools; timing is done by
# bench/benchtool because `date +%N` is not portable.
#
# It prints a table on stdout and exits 1 if a target is missed or GORM's
# route is not slower than migragen's.
sizes="${SIZES:-200 2000}"
# shellcheck source=lib/bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh" bench-analyzer
rel="./$(basename "$work")"

# The target for each size, in seconds, from the issue.
target() {
	case "$1" in
	200) echo 0.4 ;;
	2000) echo 3 ;;
	*) echo "" ;;
	esac
}

for n in $sizes; do
	dir="$rel/m$n"
	"$bin/genmodels" -n "$n" -o "$dir"

	# Warm-up, untimed: the first run of each route compiles export data and
	# archives of the dependencies (gorm and the standard library), a one-time
	# cost that a developer has long paid.
	log "n=$n: warming up"
	"$bin/benchtool" addfield -dir "$dir" -seq 0 -name WarmUpA
	"$bin/migragen" snapshot "$dir" >/dev/null
	"$bin/benchtool" addfield -dir "$dir" -seq 1 -name WarmUpG
	go run "$dir/cmd/parse" >/dev/null

	log "n=$n: $runs runs per route"
	for ((r = 1; r <= runs; r++)); do
		# The routes alternate so that both see the same machine state.
		"$bin/benchtool" addfield -dir "$dir" -seq $((2 * r)) -name "BenchA$r"
		"$bin/benchtool" time -o "$work/analyzer-$n.txt" -- "$bin/migragen" snapshot "$dir"
		"$bin/benchtool" addfield -dir "$dir" -seq $((2 * r + 1)) -name "BenchG$r"
		"$bin/benchtool" time -o "$work/gorm-$n.txt" -- go run "$dir/cmd/parse"
	done
	# The package is no longer needed; free the disk early.
	rm -rf "$dir"
done

cpus="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "runs: $runs per route and size; $(go version | cut -d' ' -f3-); $cpus CPUs; load average at start: ${load_start:-?}, at end: $(loadavg)"
echo "seconds per edit-and-run, median (min-max)"
fmt='%-7s %-27s %-27s %-7s %-8s %s\n'
# shellcheck disable=SC2059 # the format is ours
printf "$fmt" models "analyzer(median)" "gorm go-run(median)" ratio target result
status=0
for n in $sizes; do
	read -r amed amin amax <<<"$("$bin/benchtool" stats "$work/analyzer-$n.txt")"
	read -r gmed gmin gmax <<<"$("$bin/benchtool" stats "$work/gorm-$n.txt")"
	t="$(target "$n")"
	ratio="$(awk -v g="$gmed" -v a="$amed" 'BEGIN { printf "%.1fx", g / a }')"
	result=ok
	if ! awk -v g="$gmed" -v a="$amed" 'BEGIN { exit !(a < g) }'; then
		result="MISS (not faster than gorm)"
		status=1
	fi
	if [ -n "$t" ]; then
		if ! awk -v a="$amed" -v t="$t" 'BEGIN { exit !(a <= t) }'; then
			result="MISS (over target)"
			status=1
		fi
		t="<=${t}s"
	else
		t="-"
	fi
	# shellcheck disable=SC2059
	printf "$fmt" "$n" "${amed}s (${amin}-${amax})" "${gmed}s (${gmin}-${gmax})" "$ratio" "$t" "$result"
done
exit "$status"

#!/usr/bin/env bash
# bench-analyzer.sh measures what a developer waits for after editing a model
# package: `migragen snapshot` with a prebuilt binary, against GORM's runtime
# route (`go run` of a program that imports the models and calls
# schema.Parse on each, as loader-based tools do), on generated packages of
# 200 and 2000 models.
#
#	bash scripts/bench-analyzer.sh          # from the repository root
#	RUNS=20 bash scripts/bench-analyzer.sh  # more rounds per size
#	SIZES=200 bash scripts/bench-analyzer.sh
#
# Each round runs both routes, in alternating order, and every timed run
# follows an edit that appends a new field to one model, so neither route
# can be answered from a cache of the unchanged source. Per route it records
# wall time, CPU time (user+sys, the go command's compiler and linker and
# migragen's go list included) and peak RSS. It needs only bash, the go
# command and the usual POSIX tools; timing is done by bench/benchtool
# because `date +%N` is not portable.
#
# It prints, per size, the medians and min-max of each route and the paired
# ratio gorm/snapshot (one ratio per round, then their median and min-max),
# with the load average at the start and end of that size; the ratio is the
# claim, the absolute figures depend on how busy the machine is. It exits 1
# if a target is missed or GORM's route is not slower than migragen's.
sizes="${SIZES:-200 2000}"
# shellcheck source=lib/bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh" bench-analyzer
rel="./$(basename "$work")"

# The targets for each size, from the issues: an absolute ceiling on
# snapshot's median wall time in seconds, and the least paired ratio
# gorm/snapshot, by wall and by CPU time. "" means none.
seconds_target() {
	case "$1" in
	200) echo 0.4 ;;
	*) echo "" ;;
	esac
}
ratio_target() {
	case "$1" in
	2000) echo 2 ;;
	*) echo "" ;;
	esac
}

# timed ROUTE N: the route's timed run, appending to its files.
timed() {
	local f="$work/$1-$2"
	case "$1" in
	snapshot) set -- "$bin/migragen" snapshot "$dir" ;;
	gorm) set -- go run "$dir/cmd/parse" ;;
	esac
	"$bin/benchtool" time -o "$f.wall" -cpu "$f.cpu" -rss "$f.rss" -- "$@"
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

	log "n=$n: $runs rounds"
	loadavg >"$work/load-$n.start"
	for ((r = 1; r <= runs; r++)); do
		# Both routes in every round, the first one alternating, so that
		# each pair sees the same machine state and neither always runs
		# right after the other's disk and cache traffic.
		order="snapshot gorm"
		if ((r % 2 == 0)); then order="gorm snapshot"; fi
		k=0
		for route in $order; do
			k=$((k + 1))
			"$bin/benchtool" addfield -dir "$dir" -seq $((2 * r + k - 1)) -name "Bench${route}$r"
			timed "$route" "$n"
		done
	done
	loadavg >"$work/load-$n.end"
	# The package is no longer needed; free the disk early.
	rm -rf "$dir"
done

cpus="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); runs: $runs rounds per size; $(go version | cut -d' ' -f3-); $cpus CPUs"
echo "median (min-max); ratio = gorm/snapshot per round, then its median (min-max)"
fmt='%-6s %-5s %-24s %-24s %-22s %-7s %s\n'
# shellcheck disable=SC2059 # the format is ours
printf "$fmt" models what "snapshot" "gorm go-run" "ratio" target result
status=0
summary() { "$bin/benchtool" stats "$work/$1-$2.$3"; }
for n in $sizes; do
	for what in wall cpu; do
		read -r smed smin smax <<<"$(summary snapshot "$n" "$what")"
		read -r gmed gmin gmax <<<"$(summary gorm "$n" "$what")"
		read -r rmed rmin rmax <<<"$("$bin/benchtool" ratio "$work/gorm-$n.$what" "$work/snapshot-$n.$what")"
		result=ok
		targets=""
		if ! awk -v r="$rmed" 'BEGIN { exit !(r > 1) }'; then
			result="MISS (not faster than gorm)"
			status=1
		fi
		t="$(ratio_target "$n")"
		if [ -n "$t" ]; then
			targets=">=${t}x"
			if ! awk -v r="$rmed" -v t="$t" 'BEGIN { exit !(r >= t) }'; then
				result="MISS (ratio under target)"
				status=1
			fi
		fi
		t="$(seconds_target "$n")"
		if [ -n "$t" ] && [ "$what" = wall ]; then
			targets="${targets:+$targets,}<=${t}s"
			if ! awk -v a="$smed" -v t="$t" 'BEGIN { exit !(a <= t) }'; then
				result="MISS (over target)"
				status=1
			fi
		fi
		# shellcheck disable=SC2059
		printf "$fmt" "$n" "$what" "${smed}s (${smin}-${smax})" "${gmed}s (${gmin}-${gmax})" "${rmed}x (${rmin}-${rmax})" "${targets:--}" "$result"
	done
	# Whole megabytes are precise enough.
	read -r smed smin smax <<<"$(summary snapshot "$n" rss | awk '{ printf "%.0f %.0f %.0f", $1, $2, $3 }')"
	read -r gmed gmin gmax <<<"$(summary gorm "$n" rss | awk '{ printf "%.0f %.0f %.0f", $1, $2, $3 }')"
	# shellcheck disable=SC2059
	printf "$fmt" "$n" "rss" "${smed}MB (${smin}-${smax})" "${gmed}MB (${gmin}-${gmax})" "-" "-" "-"
	echo "       load average at start: $(cat "$work/load-$n.start"); at end: $(cat "$work/load-$n.end")"
done
exit "$status"

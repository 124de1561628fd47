#!/usr/bin/env bash
# bench-generate.sh measures what the migrations directory's history costs:
# `migragen check` and `migragen generate` (after a new field) against
# `migragen snapshot` alone, and against GORM's runtime loader route (`go
# run` of a program that imports the models and calls schema.Parse), with
# a prebuilt migragen, on generated packages of 200 and 2000 models:
#
#	bash scripts/bench-generate.sh          # from the repository root
#	RUNS=20 bash scripts/bench-generate.sh  # more rounds per size
#	SIZES=200 bash scripts/bench-generate.sh
#	MIGRAGEN_BIN=/tmp/migragen-old bash scripts/bench-generate.sh
#
# Every round runs the four routes in turn: snapshot; generate, after a new
# field is added to one model, so that it really writes a revision; check,
# after a comment is appended to a model file, so that the source changed
# but the schema did not; and GORM's route after another new field (which
# the next round's generate then includes). Each gets wall time, CPU time
# (user+sys, go list and the go command's compiler included) and peak RSS.
# migragen uses the user cache as it does for a developer: the export-data
# cache and the verification record (README "Verification record"), which
# the untimed warm-up writes as a developer's first run would.
#
# It prints, per size, the medians and min-max of each route and the paired
# ratios (one per round, then their median and min-max), with the load
# average at the start and end of that size; the ratios are the claim, the
# absolute figures depend on how busy the machine is. It exits 1 if a target
# of issue 14 is missed:
#   - check/snapshot and generate/snapshot, by wall time and by CPU time,
#     at most 1.3x;
#   - loader/check and loader/generate, by wall time, at least 3x at 200
#     models and 2x at 2000;
#   - peak RSS of check and of generate at 2000 models at most 1.5x
#     snapshot's.
sizes="${SIZES:-200 2000}"
# shellcheck source=lib/bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh" bench-generate
rel="./$(basename "$work")"
# MIGRAGEN_BIN measures another build of migragen, such as one from
# before a change, with the same models and routes.
if [ -n "${MIGRAGEN_BIN:-}" ]; then
	cp "$MIGRAGEN_BIN" "$bin/migragen"
fi

# loader_target N: the least loader/migragen ratio at N models.
loader_target() {
	case "$1" in
	200) echo 3 ;;
	*) echo 2 ;;
	esac
}
history_target=1.3 # check/snapshot, generate/snapshot
rss_target=1.5     # check/snapshot, generate/snapshot peak RSS, 2000 models

# timed ROUTE N COMMAND...: one timed run, appending to the route's files.
timed() {
	local f="$work/$1-$2"
	shift 2
	"$bin/benchtool" time -o "$f.wall" -cpu "$f.cpu" -rss "$f.rss" -- "$@"
}

for n in $sizes; do
	dir="$rel/m$n"
	migrations="$work/migrations$n"
	"$bin/genmodels" -n "$n" -o "$dir"
	# A glob, not ls | head: with pipefail, ls killed by SIGPIPE on a long
	# listing would end the script.
	models=("$dir"/*.go)
	first="${models[0]}"

	# Warm-up, untimed: the first revision, a check, and GORM's route once,
	# which compiles the dependencies: one-time costs a developer has long
	# paid.
	log "n=$n: warming up"
	"$bin/migragen" generate -dir "$migrations" -m initial "$dir" >/dev/null 2>&1
	"$bin/migragen" check -dir "$migrations" "$dir" >/dev/null 2>&1
	go run "$dir/cmd/parse" >/dev/null

	log "n=$n: $runs rounds"
	loadavg >"$work/load-$n.start"
	for ((r = 1; r <= runs; r++)); do
		# Revision ids have one-second resolution; keep them apart, untimed.
		sleep 1
		timed snapshot "$n" "$bin/migragen" snapshot "$dir"
		"$bin/benchtool" addfield -dir "$dir" -seq "$r" -name "GenField$r"
		timed generate "$n" "$bin/migragen" generate -dir "$migrations" -m "add field $r" "$dir"
		echo "// touched $r" >>"$first"
		timed check "$n" "$bin/migragen" check -dir "$migrations" "$dir"
		"$bin/benchtool" addfield -dir "$dir" -seq "$((r + 1000))" -name "GormField$r"
		timed loader "$n" go run "$dir/cmd/parse"
	done
	loadavg >"$work/load-$n.end"
	# The package is no longer needed; free the disk early.
	rm -rf "$dir" "$migrations"
done

cpus="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); runs: $runs rounds per size; $(go version | cut -d' ' -f3-); $cpus CPUs"
echo "median (min-max) per route; a ratio is taken per round, then its median (min-max)"
status=0
stats() { "$bin/benchtool" stats "$work/$1-$2.$3"; }
ratio() { "$bin/benchtool" ratio "$work/$1-$3.$4" "$work/$2-$3.$4"; }
# check_ratio NAME MED OP TARGET: prints ok or MISS.
check_ratio() {
	if awk -v r="$2" -v t="$4" -v op="$3" 'BEGIN { exit !(op == "<=" ? r <= t : r >= t) }'; then
		echo ok
	else
		echo MISS
	fi
}
rfmt='%-6s %-18s %-5s %-22s %-8s %s\n'
for n in $sizes; do
	echo
	echo "$n models; load average at start: $(cat "$work/load-$n.start"); at end: $(cat "$work/load-$n.end")"
	fmt='%-10s %-24s %-24s %s\n'
	# shellcheck disable=SC2059 # the format is ours
	printf "$fmt" route "wall" "cpu (user+sys)" "peak RSS"
	for route in snapshot generate check loader; do
		read -r wmed wmin wmax <<<"$(stats "$route" "$n" wall)"
		read -r cmed cmin cmax <<<"$(stats "$route" "$n" cpu)"
		read -r mmed mmin mmax <<<"$(stats "$route" "$n" rss | awk '{ printf "%.0f %.0f %.0f", $1, $2, $3 }')"
		# shellcheck disable=SC2059
		printf "$fmt" "$route" "${wmed}s (${wmin}-${wmax})" "${cmed}s (${cmin}-${cmax})" "${mmed}MB (${mmin}-${mmax})"
	done
	# shellcheck disable=SC2059
	printf "$rfmt" models ratio what "median (min-max)" target result
	lt="$(loader_target "$n")"
	for spec in "check snapshot wall <= $history_target" "generate snapshot wall <= $history_target" \
		"loader check wall >= $lt" "loader generate wall >= $lt" \
		"check snapshot cpu <= $history_target" "generate snapshot cpu <= $history_target" "loader check cpu - -" "loader generate cpu - -" \
		"check snapshot rss <= $rss_target" "generate snapshot rss <= $rss_target"; do
		read -r num den what op target <<<"$spec"
		read -r rmed rmin rmax <<<"$(ratio "$num" "$den" "$n" "$what")"
		result=-
		if [ "$what" = rss ] && [ "$n" != 2000 ]; then
			op=- target=- # the memory target is for 2000 models
		fi
		if [ "$op" != - ]; then
			result="$(check_ratio "$num/$den" "$rmed" "$op" "$target")"
			[ "$result" = ok ] || status=1
			target="$op${target}x"
		fi
		# shellcheck disable=SC2059
		printf "$rfmt" "$n" "$num/$den" "$what" "${rmed}x (${rmin}-${rmax})" "$target" "$result"
	done
done
exit "$status"

#!/usr/bin/env bash
# bench-generate.sh measures `migragen generate` and `migragen check` with a
# prebuilt binary on a generated 200-model package, against GORM's runtime
# loader route (`go run` of a program that imports the models and calls
# schema.Parse), as the generate issue asks:
#
#	bash scripts/bench-generate.sh          # from the repository root
#	RUNS=20 bash scripts/bench-generate.sh
#
# Before every timed generate a field is added to a model, so each run
# really writes a migration; before every timed check a comment is appended
# to a model file, so the source changed but the schema did not. It prints a
# table and exits 1 if a target is missed.
n=200
# shellcheck source=lib/bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh" bench-generate
dir="./$(basename "$work")/m$n"
migrations="$work/migrations"
"$bin/genmodels" -n "$n" -o "$dir"
first="$(ls "$dir"/*.go | head -1)"

log "warming up: the first revision, and one run of GORM's route"
"$bin/migragen" generate -dir "$migrations" -m initial "$dir" >/dev/null 2>&1
go run "$dir/cmd/parse" >/dev/null

log "$runs runs per command"
for ((r = 1; r <= runs; r++)); do
	# Revision ids have one-second resolution; keep them apart, untimed.
	sleep 1
	"$bin/benchtool" addfield -dir "$dir" -seq "$r" -name "GenField$r"
	"$bin/benchtool" time -o "$work/generate.txt" -- "$bin/migragen" generate -dir "$migrations" -m "add field $r" "$dir"
	echo "// touched $r" >>"$first"
	"$bin/benchtool" time -o "$work/check.txt" -- "$bin/migragen" check -dir "$migrations" "$dir"
	"$bin/benchtool" addfield -dir "$dir" -seq "$((r + 1000))" -name "GormField$r"
	"$bin/benchtool" time -o "$work/gorm.txt" -- go run "$dir/cmd/parse"
	# That field is pending for generate now; the next generate includes it.
done

echo "runs: $runs; $n models; $(go version | cut -d' ' -f3-); $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs; load average at start: ${load_start:-?}, at end: $(loadavg)"
read -r gmed gmin gmax <<<"$("$bin/benchtool" stats "$work/generate.txt")"
read -r cmed cmin cmax <<<"$("$bin/benchtool" stats "$work/check.txt")"
read -r lmed lmin lmax <<<"$("$bin/benchtool" stats "$work/gorm.txt")"
fmt='%-10s %-24s %-8s %-8s %s\n'
# shellcheck disable=SC2059
printf "$fmt" command "median (min-max)" "vs gorm" target result
status=0
row() { # name median min max target
	local result=ok ratio
	ratio="$(awk -v l="$lmed" -v a="$2" 'BEGIN { printf "%.1fx", l / a }')"
	if ! awk -v a="$2" -v t="$5" 'BEGIN { exit !(a <= t) }'; then
		result="MISS (over target)"
		status=1
	fi
	# shellcheck disable=SC2059
	printf "$fmt" "$1" "${2}s (${3}-${4})" "$ratio" "<=${5}s" "$result"
}
row generate "$gmed" "$gmin" "$gmax" 0.5
row check "$cmed" "$cmin" "$cmax" 0.4
# shellcheck disable=SC2059
printf "$fmt" "gorm go run" "${lmed}s (${lmin}-${lmax})" "1.0x" - "(loader route, for the ratio)"
exit "$status"

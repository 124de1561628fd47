#!/usr/bin/env bash
# bench-runtime.sh measures migragen's runtime against GORM's AutoMigrate on
# the 200 models of bench/models200 (220 tables), as the runtime issue asks:
#
#	bash scripts/bench-runtime.sh              # from the repository root
#	RUNS=10 bash scripts/bench-runtime.sh      # rounds; default 5
#	ENGINES=postgres bash scripts/bench-runtime.sh
#	ORACLE=0 bash scripts/bench-runtime.sh     # skip the slow zero-DDL check
#
# First the tests that keep the comparison honest: Up with nothing pending
# issues at most 2 statements (TestUpNothingPendingQueries), and the
# migration builds exactly the schema AutoMigrate builds
# (TestModels200ZeroDDL). Then the Go benchmarks of
# bench/runtime_bench_test.go, one round after another so that both routes
# see the same machine state: the start-up check (migrate.New and Up with
# everything applied, PENDING_BENCHTIME iterations, default 100x) against a
# warm AutoMigrate, and a cold Up on an empty database against a cold
# AutoMigrate (one iteration each per round). The servers must be up: the
# benchmarks run with CI=true, so an unreachable one fails instead of
# skipping.
#
# It prints tables of medians and ratios and exits 1 if a target is missed:
# on PostgreSQL the start-up check at least 100x faster than a warm
# AutoMigrate, and a cold Up no slower than a cold AutoMigrate. MariaDB and
# SQLite are shown for comparison.
engines="${ENGINES:-postgres mysql sqlite}"
pending_benchtime="${PENDING_BENCHTIME:-100x}"
RUNS="${RUNS:-5}"
# shellcheck source=lib/bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh" bench-runtime

re="$(echo "$engines" | tr -s ' ' '|')"
go test -c -o "$bin/bench.test" ./bench
export CI=true

# The test binary runs in its package's directory, as go test runs it.
bt() { (cd bench && "$bin/bench.test" "$@"); }

log "checking the query count and the schema"
checks='TestUpNothingPendingQueries'
if [ "${ORACLE:-1}" != 0 ]; then checks="$checks|TestModels200ZeroDDL"; fi
bt -test.count 1 -test.timeout 0 -test.v -test.run "^($checks)\$/^($re)\$" >"$work/tests.log" 2>&1 || {
	cat "$work/tests.log" >&2
	log "a check failed"
	exit 1
}
grep -E '^ *--- ' "$work/tests.log" >&2 || true

log "$runs rounds"
bench() { # benchtime regexp
	bt -test.run '^$' -test.timeout 0 -test.benchtime "$1" -test.bench "$2/^($re)\$" | tee -a "$work/bench.log" >&2
}
for ((r = 1; r <= runs; r++)); do
	log "round $r of $runs"
	bench "$pending_benchtime" '^BenchmarkUpNothingPending(Reused)?$'
	bench 1x '^Benchmark(WarmAutoMigrate|ColdUp|ColdAutoMigrate)$'
done
# One file of milliseconds per benchmark and engine: BenchmarkColdUp/mysql-2
# becomes ColdUp-mysql.txt.
awk -v dir="$work" '$1 ~ /^Benchmark/ && $4 == "ns/op" {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name); gsub("/", "-", name)
	printf "%.6f\n", $3 / 1e6 >> (dir "/" name ".txt")
}' "$work/bench.log"

stats() { "$bin/benchtool" stats "$work/$1-$2.txt"; }
ms() { # a duration in milliseconds, in a readable unit
	awk -v x="$1" 'BEGIN { if (x >= 1000) printf "%.2f s", x / 1000; else if (x >= 10) printf "%.0f ms", x; else printf "%.2f ms", x }'
}
cell() { echo "$(ms "$1") ($(ms "$2")-$(ms "$3"))"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf (a / b >= 10 ? "%.0fx" : "%.2fx"), a / b }'; }

queries="$(sed -n 's/.*: \([a-z]*\): Up with nothing pending issued \([0-9]*\) queries.*/\1 \2/p' "$work/tests.log" | tr '\n' ' ')"
cpus="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "runs: $runs rounds; 200 models, 220 tables; $(go version | cut -d' ' -f3-); $cpus CPUs; load average at start: ${load_start:-?}, at end: $(loadavg)"
echo "statements issued by Up with nothing pending (budget 2): ${queries:-?}"
status=0
# judge ENGINE OURS GORM FACTOR sets $target and $result: the targets are on
# PostgreSQL, where GORM's median must be at least FACTOR times ours.
judge() {
	target=- result=-
	[ "$1" = postgres ] || return 0
	target=">=${4}x" result=ok
	if ! awk -v o="$2" -v g="$3" -v f="$4" 'BEGIN { exit !(g >= f * o) }'; then
		result=MISS
		status=1
	fi
}
fmt='%-9s %-28s %-14s %-28s %-8s %-8s %s\n'
echo
echo "start-up with everything applied: migrate.New + Up ($pending_benchtime per round) vs a warm AutoMigrate; median (min-max)"
# shellcheck disable=SC2059 # the format is ours
printf "$fmt" engine "migrate New+Up" "Up alone" "warm AutoMigrate" ratio target result
for e in $engines; do
	read -r umed umin umax <<<"$(stats UpNothingPending "$e")"
	read -r rmed _ _ <<<"$(stats UpNothingPendingReused "$e")"
	read -r wmed wmin wmax <<<"$(stats WarmAutoMigrate "$e")"
	judge "$e" "$umed" "$wmed" 100
	# shellcheck disable=SC2059
	printf "$fmt" "$e" "$(cell "$umed" "$umin" "$umax")" "$(ms "$rmed")" "$(cell "$wmed" "$wmin" "$wmax")" "$(ratio "$wmed" "$umed")" "$target" "$result"
done
echo
echo "cold start on an empty database: migrate.New + Up vs AutoMigrate; median (min-max)"
fmt='%-9s %-28s %-28s %-8s %-8s %s\n'
# shellcheck disable=SC2059
printf "$fmt" engine "migrate New+Up" "AutoMigrate" ratio target result
for e in $engines; do
	read -r cmed cmin cmax <<<"$(stats ColdUp "$e")"
	read -r amed amin amax <<<"$(stats ColdAutoMigrate "$e")"
	judge "$e" "$cmed" "$amed" 1
	# shellcheck disable=SC2059
	printf "$fmt" "$e" "$(cell "$cmed" "$cmin" "$cmax")" "$(cell "$amed" "$amin" "$amax")" "$(ratio "$amed" "$cmed")" "$target" "$result"
done
case " $engines " in
*" postgres "*) ;;
*)
	echo "the targets are on PostgreSQL, which ENGINES left out"
	;;
esac
exit "$status"

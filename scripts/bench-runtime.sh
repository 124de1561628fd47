#!/usr/bin/env bash
# bench-runtime.sh measures migragen's runtime on the 200 models of
# bench/models200 (220 tables) against gormigrate's start-up and GORM's
# AutoMigrate, as the runtime issues ask:
#
#	bash scripts/bench-runtime.sh              # from the repository root
#	RUNS=10 bash scripts/bench-runtime.sh      # rounds; default 5
#	ENGINES=postgres bash scripts/bench-runtime.sh
#	ORACLE=0 bash scripts/bench-runtime.sh     # skip the slow zero-DDL check
#
# First the tests that keep the comparison honest: Up with nothing pending
# issues at most 2 statements (TestUpNothingPendingQueries), and the
# migration builds exactly the schema AutoMigrate builds
# (TestModels200ZeroDDL). Then, round after round, the Go benchmarks of
# bench/, so that every route sees the same machine state within a round:
#
#   - BenchmarkStartup (STARTUP_BENCHTIME iterations, default 50x): an
#     application's start-up with everything applied, opening the pool,
#     constructing and running the migrator, closing the pool; migragen and
#     gormigrate one after the other on each engine, with 1 revision and
#     with a 201-revision history (gormigrate with as many migrations);
#   - UpNothingPending (PENDING_BENCHTIME, default 100x): migrate.New and Up
#     on an open pool, against a warm AutoMigrate;
#   - ColdUp against ColdAutoMigrate on an empty database, one iteration
#     each, in alternating order from round to round.
#
# Wall times come from the benchmarks' ns/op; CPU times from their
# cpu-ns/op (getrusage around the loop: the process's user and system CPU,
# SQLite's included, a server's not). The servers must be up: the
# benchmarks run with CI=true, so an unreachable one fails instead of
# skipping.
#
# It prints the medians and min-max of each route, the paired ratios (the
# other route over migragen's, one per round, then their median and
# min-max) and the load average at the start and the end; the ratio is the
# claim, the absolute figures depend on how busy the machine is. It exits
# 1 if a target is missed: on every engine, a start-up no slower than
# gormigrate's with either history and a cold Up no slower than a cold
# AutoMigrate (paired ratio medians of at least 1), New+Up under 2 ms of
# CPU with nothing pending; on PostgreSQL, New+Up at least 100x faster
# than a warm AutoMigrate.
engines="${ENGINES:-postgres mysql sqlite}"
pending_benchtime="${PENDING_BENCHTIME:-100x}"
startup_benchtime="${STARTUP_BENCHTIME:-50x}"
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
	bt -test.run '^$' -test.timeout 0 -test.benchtime "$1" -test.bench "$2" | tee -a "$work/bench.log" >&2
}
for ((r = 1; r <= runs; r++)); do
	log "round $r of $runs"
	bench "$startup_benchtime" "^BenchmarkStartup\$/^(revs1|revs201)\$/^($re)\$"
	bench "$pending_benchtime" "^BenchmarkUpNothingPending(Reused)?\$/^($re)\$"
	bench 1x "^BenchmarkWarmAutoMigrate\$/^($re)\$"
	if ((r % 2)); then
		bench 1x "^BenchmarkColdUp\$/^($re)\$"
		bench 1x "^BenchmarkColdAutoMigrate\$/^($re)\$"
	else
		bench 1x "^BenchmarkColdAutoMigrate\$/^($re)\$"
		bench 1x "^BenchmarkColdUp\$/^($re)\$"
	fi
done
# One file of milliseconds per benchmark and engine, and one of CPU
# milliseconds where the benchmark reports them:
# BenchmarkStartup/revs1/mysql/gormigrate-2 becomes
# Startup-revs1-mysql-gormigrate.txt and ...-gormigrate.cpu.txt.
awk -v dir="$work" '$1 ~ /^Benchmark/ && $4 == "ns/op" {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name); gsub("/", "-", name)
	printf "%.6f\n", $3 / 1e6 >> (dir "/" name ".txt")
	if ($6 == "cpu-ns/op") printf "%.6f\n", $5 / 1e6 >> (dir "/" name ".cpu.txt")
}' "$work/bench.log"

f() { echo "$work/$1.txt"; }
stats() { "$bin/benchtool" stats "$(f "$1")"; }
paired() { "$bin/benchtool" ratio "$(f "$1")" "$(f "$2")"; } # NUM DEN
ms() { # a duration in milliseconds, in a readable unit
	awk -v x="$1" 'BEGIN { if (x >= 1000) printf "%.2f s", x / 1000; else if (x >= 10) printf "%.0f ms", x; else printf "%.2f ms", x }'
}
cell() { echo "$(ms "$1") ($(ms "$2")-$(ms "$3"))"; }
x() { awk -v a="$1" 'BEGIN { printf (a >= 10 ? "%.0fx" : "%.2fx"), a }'; }
xcell() { echo "$(x "$1") ($(x "$2")-$(x "$3"))"; }

status=0
# judge VALUE LEAST: result is ok when VALUE >= LEAST, else MISS.
judge() {
	result=ok
	if ! awk -v v="$1" -v l="$2" 'BEGIN { exit !(v >= l) }'; then
		result=MISS
		status=1
	fi
}

queries="$(sed -n 's/.*: \([a-z]*\): Up with nothing pending issued \([0-9]*\) queries.*/\1 \2/p' "$work/tests.log" | tr '\n' ' ')"
cpus="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "$(date -u +%Y-%m-%d): $runs rounds; 200 models, 220 tables; $(go version | cut -d' ' -f3-); $cpus CPUs; load average at start: ${load_start:-?}, at end: $(loadavg)"
echo "statements issued by Up with nothing pending (budget 2): ${queries:-?}"

echo
echo "start-up with everything applied, per process: open the pool, construct, run, close ($startup_benchtime per round); median (min-max)"
echo "ratio: gormigrate over migragen, paired per round; target: at least 1.00x on every engine"
fmt='%-8s %-9s %-27s %-27s %-22s %-9s %-9s %-22s %s\n'
# shellcheck disable=SC2059 # the format is ours
printf "$fmt" history engine "migragen wall" "gormigrate wall" "wall ratio" "mg CPU" "gm CPU" "CPU ratio" result
for h in revs1 revs201; do
	for e in $engines; do
		mg="Startup-$h-$e-migragen" gm="Startup-$h-$e-gormigrate"
		read -r mmed mmin mmax <<<"$(stats "$mg")"
		read -r gmed gmin gmax <<<"$(stats "$gm")"
		read -r rmed rmin rmax <<<"$(paired "$gm" "$mg")"
		read -r mcpu _ _ <<<"$(stats "$mg.cpu")"
		read -r gcpu _ _ <<<"$(stats "$gm.cpu")"
		read -r cmed cmin cmax <<<"$(paired "$gm.cpu" "$mg.cpu")"
		judge "$rmed" 1
		# shellcheck disable=SC2059
		printf "$fmt" "$h" "$e" "$(cell "$mmed" "$mmin" "$mmax")" "$(cell "$gmed" "$gmin" "$gmax")" "$(xcell "$rmed" "$rmin" "$rmax")" \
			"$(ms "$mcpu")" "$(ms "$gcpu")" "$(xcell "$cmed" "$cmin" "$cmax")" "$result"
	done
done

echo
echo "start-up check on an open pool: migrate.New + Up ($pending_benchtime per round) vs a warm AutoMigrate; median (min-max)"
echo "targets: New+Up under 2 ms of CPU on every engine; on PostgreSQL, a warm AutoMigrate at least 100x slower (paired)"
fmt='%-9s %-27s %-9s %-9s %-27s %-22s %s\n'
# shellcheck disable=SC2059
printf "$fmt" engine "New+Up wall" "CPU" "Up alone" "warm AutoMigrate" "ratio" result
for e in $engines; do
	read -r umed umin umax <<<"$(stats "UpNothingPending-$e")"
	read -r ucpu _ _ <<<"$(stats "UpNothingPending-$e.cpu")"
	read -r rmed _ _ <<<"$(stats "UpNothingPendingReused-$e")"
	read -r wmed wmin wmax <<<"$(stats "WarmAutoMigrate-$e")"
	read -r qmed qmin qmax <<<"$(paired "WarmAutoMigrate-$e" "UpNothingPending-$e")"
	judge 2 "$ucpu"
	if [ "$result" = ok ] && [ "$e" = postgres ]; then judge "$qmed" 100; fi
	# shellcheck disable=SC2059
	printf "$fmt" "$e" "$(cell "$umed" "$umin" "$umax")" "$(ms "$ucpu")" "$(ms "$rmed")" "$(cell "$wmed" "$wmin" "$wmax")" "$(xcell "$qmed" "$qmin" "$qmax")" "$result"
done

echo
echo "cold start on an empty database: migrate.New + Up vs AutoMigrate, one each per round; median (min-max)"
echo "ratio: AutoMigrate over migragen, paired per round; target: at least 1.00x on every engine"
fmt='%-9s %-27s %-27s %-22s %s\n'
# shellcheck disable=SC2059
printf "$fmt" engine "migrate New+Up" "AutoMigrate" ratio result
for e in $engines; do
	read -r cmed cmin cmax <<<"$(stats "ColdUp-$e")"
	read -r amed amin amax <<<"$(stats "ColdAutoMigrate-$e")"
	read -r rmed rmin rmax <<<"$(paired "ColdAutoMigrate-$e" "ColdUp-$e")"
	judge "$rmed" 1
	# shellcheck disable=SC2059
	printf "$fmt" "$e" "$(cell "$cmed" "$cmin" "$cmax")" "$(cell "$amed" "$amin" "$amax")" "$(xcell "$rmed" "$rmin" "$rmax")" "$result"
done
exit "$status"

#!/usr/bin/env bash
# bench-locks.sh measures what a migration's locks cost a busy table, as the
# production-safety issue asks: on PostgreSQL and MariaDB, a table of a
# million rows takes inserts and updates from a concurrent writer (one
# connection, one autocommit statement at a time, 1 ms apart) while one
# migration adds an index, a foreign key, a check and a NOT NULL to it,
# once with GORM's plain DDL (schema.Settings.PlainDDL) and once in the
# online-safe form, the default. It reports the writer's longest stall.
#
#	bash scripts/bench-locks.sh                    # from the repository root
#	RUNS=5 bash scripts/bench-locks.sh             # rounds; default 3
#	ROWS=100000 bash scripts/bench-locks.sh        # table size; default 1000000
#	ENGINES=postgres bash scripts/bench-locks.sh   # default "postgres mysql"
#
# It runs BenchmarkLockStalls of bench/locks_bench_test.go. Each round
# builds a fresh database per form (loading the rows is untimed; a million
# take a few seconds), runs both forms in alternating order, and prints the
# writer's longest stall, when it began and how many writes it made, the
# migration's wall time, and a timeline of the statements (the migration's
# and the writer's) that took 100 ms or more. At the end, per engine: the
# median and range of each form's stall and migration time and of the
# paired stall ratio plain/online, and the load average. Every run checks
# that the revision was applied and that it used the form it is named
# after. About 4 minutes on 2 cores at the defaults. Local only: CI runs
# TestLockStallsSmoke (2,000 rows, no timing) instead. The servers must be
# up (CI=true makes an unreachable one fail instead of skipping).
set -euo pipefail
runs="${RUNS:-3}"
rows="${ROWS:-1000000}"
engines="${ENGINES:-postgres mysql}"
for v in "RUNS=$runs" "ROWS=$rows"; do
	case "${v#*=}" in
	'' | *[!0-9]* | 0)
		echo "bench-locks: ${v%%=*} must be a positive integer, got '${v#*=}'" >&2
		exit 2
		;;
	esac
done
for e in $engines; do
	case "$e" in
	postgres | mysql) ;;
	*)
		echo "bench-locks: ENGINES takes postgres and mysql, got '$e'" >&2
		exit 2
		;;
	esac
done
cd "$(dirname "${BASH_SOURCE[0]}")/.."
log="$(mktemp "${TMPDIR:-/tmp}/bench-locks.XXXXXX")"
trap 'rm -f "$log"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

loadavg() { uptime 2>/dev/null | sed -n 's/.*load averages*: *//p'; }
echo "bench-locks: $runs rounds of $rows rows on $engines; $(go version | cut -d' ' -f3-); $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs; load average at start: $(loadavg)"
re="$(echo "$engines" | tr -s ' ' '|')"
if ! CI=true go test ./bench -count 1 -run '^$' -bench "^BenchmarkLockStalls\$/^($re)\$" -benchtime "${runs}x" -timeout 0 -v \
	-args -locks.rows "$rows" >"$log" 2>&1; then
	cat "$log" >&2
	echo "bench-locks: the benchmark failed" >&2
	exit 1
fi
sed -n 's/^ *locks_bench_test.go:[0-9]*: //p; /^Benchmark.*ns\/op/p' "$log"
echo "bench-locks: load average at end: $(loadavg)"

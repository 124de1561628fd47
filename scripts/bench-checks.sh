#!/usr/bin/env bash
# bench-checks.sh measures the cost of a pre-migration data check, as the
# populated-database issue asks: the check of a varchar(64) -> varchar(32)
# narrowing (its Count query) on a table of a million rows on PostgreSQL,
# each round paired with a plain SELECT count(*) of the same table, the
# cost of one full scan.
#
#	bash scripts/bench-checks.sh          # from the repository root
#	RUNS=15 bash scripts/bench-checks.sh  # rounds; default 9
#
# It runs BenchmarkNarrowingCheck of bench/check_bench_test.go, which loads
# the table once (untimed, a few seconds), logs both query plans, and
# prints every round, the median and range of each query and of the paired
# ratio, and the load average at start and end. The target is a single
# scan: a ratio near 1. The server must be up (CI=true makes an unreachable
# one fail instead of skipping).
set -euo pipefail
runs="${RUNS:-9}"
case "$runs" in
'' | *[!0-9]* | 0)
	echo "bench-checks: RUNS must be a positive integer, got '$runs'" >&2
	exit 2
	;;
esac
cd "$(dirname "${BASH_SOURCE[0]}")/.."
echo "bench-checks: $runs rounds; $(go version | cut -d' ' -f3-); $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs" >&2
CI=true go test ./bench -count 1 -run '^$' -bench '^BenchmarkNarrowingCheck$' -benchtime "${runs}x" -timeout 0 -v |
	sed -n 's/^ *check_bench_test.go:[0-9]*: //p; /^ \{6,\}/p; /^Benchmark.*ns\/op/p'

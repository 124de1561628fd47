#!/usr/bin/env bash
# bench-fleet.sh measures a fleet's throughput, in targets per second, as
# the many-databases issue asks: package fleet's Up (WithParallel) against
# the loop a team writes by hand (for each target: open, migrate.New, Up,
# close), over the same targets: PostgreSQL schemas of one database,
# MariaDB databases of one server, SQLite files.
#
#	bash scripts/bench-fleet.sh                    # from the repository root
#	RUNS=10 bash scripts/bench-fleet.sh            # rounds; default 5
#	TARGETS=50 bash scripts/bench-fleet.sh         # targets per engine; default 20
#	PARALLEL=8 bash scripts/bench-fleet.sh         # the fleet's parallelism; default 4
#	ITER=5 bash scripts/bench-fleet.sh             # passes per benchmark and round; default 3
#	ENGINES=postgres bash scripts/bench-fleet.sh   # default "postgres mysql sqlite"
#
# Each round runs BenchmarkFleetNothingPending (every target at head) and
# BenchmarkFleetOnePending (one small revision pending on every target:
# a nullable column and a data step filling it on three rows; rolling it
# back before each pass is untimed) of fleet/bench_test.go; per engine the
# fleet and then the loop run on the same targets, so each round gives a
# paired ratio. Every pass checks that each target ended up to date or
# migrated. It prints, per case and engine, the median and range of each
# side's throughput and of the paired ratio fleet/loop, and the load
# average at start and end. The servers must be up (CI=true makes an
# unreachable one fail instead of skipping).
engines="${ENGINES:-postgres mysql sqlite}"
targets="${TARGETS:-20}"
parallel="${PARALLEL:-4}"
iter="${ITER:-3}"
RUNS="${RUNS:-5}"
for v in "TARGETS=$targets" "PARALLEL=$parallel" "ITER=$iter"; do
	case "${v#*=}" in
	'' | *[!0-9]* | 0)
		echo "bench-fleet: ${v%%=*} must be a positive integer, got '${v#*=}'" >&2
		exit 2
		;;
	esac
done
# shellcheck source=lib/bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh" bench-fleet

re="$(echo "$engines" | tr -s ' ' '|')"
go test -c -o "$bin/fleet.test" ./fleet
export CI=true
# The test binary runs in its package's directory, as go test runs it.
ft() { (cd fleet && "$bin/fleet.test" "$@"); }

for ((r = 1; r <= runs; r++)); do
	log "round $r of $runs"
	ft -test.run '^$' -test.timeout 0 -test.benchtime "${iter}x" \
		-test.bench "^BenchmarkFleet(NothingPending|OnePending)\$/^($re)\$" \
		-fleet.targets "$targets" -fleet.parallel "$parallel" -fleet.loop-first="$((r % 2 == 0))" | tee -a "$work/bench.log" >&2
done
# One file of targets/s per case, engine and side (NothingPending-postgres-fleet.txt),
# and one of the paired ratios fleet/loop per case and engine: within a
# round the fleet's and the loop's lines come one after the other, in the
# order the round ran them (even rounds run the loop first).
awk -v dir="$work" '$1 ~ /^BenchmarkFleet/ && $6 == "targets/s" {
	name = $1; sub(/^BenchmarkFleet/, "", name); sub(/-[0-9]+$/, "", name)
	split(name, p, "/")
	key = p[1] "-" p[2]
	printf "%s\n", $5 >> (dir "/" key "-" p[3] ".txt")
	side[key, p[3]] = $5
	if ((key, "fleet") in side && (key, "loop") in side) {
		printf "%.4f\n", side[key, "fleet"] / side[key, "loop"] >> (dir "/" key "-ratio.txt")
		delete side[key, "fleet"]; delete side[key, "loop"]
	}
}' "$work/bench.log"

stats() { "$bin/benchtool" stats "$work/$1.txt"; }
rate() { awk -v x="$1" 'BEGIN { printf (x >= 100 ? "%.0f" : "%.1f"), x }'; }
cell() { echo "$(rate "$1") ($(rate "$2")-$(rate "$3"))"; }
times() { awk -v m="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.2fx (%.2f-%.2f)", m, a, b }'; }

cpus="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "runs: $runs rounds of $iter passes; $targets targets per engine; fleet parallelism $parallel; $(go version | cut -d' ' -f3-); $cpus CPUs; load average at start: ${load_start:-?}, at end: $(loadavg)"
echo
echo "throughput in targets/s, median (min-max) over the rounds; ratio: fleet/loop paired per round"
fmt='%-16s %-9s %-22s %-22s %s\n'
# shellcheck disable=SC2059 # the format is ours
printf "$fmt" case engine fleet loop "fleet/loop"
for c in NothingPending OnePending; do
	label="nothing pending"
	[ "$c" = OnePending ] && label="one pending"
	for e in $engines; do
		read -r fmed fmin fmax <<<"$(stats "$c-$e-fleet")"
		read -r lmed lmin lmax <<<"$(stats "$c-$e-loop")"
		read -r rmed rmin rmax <<<"$(stats "$c-$e-ratio")"
		# shellcheck disable=SC2059
		printf "$fmt" "$label" "$e" "$(cell "$fmed" "$fmin" "$fmax")" "$(cell "$lmed" "$lmin" "$lmax")" "$(times "$rmed" "$rmin" "$rmax")"
	done
done

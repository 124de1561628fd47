# shellcheck shell=bash
# Shared set-up of the benchmark scripts; source it with the script's name:
#
#	. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh" bench-analyzer
#
# It validates RUNS, moves to the repository root, makes $bin (binaries,
# outside the repository) and $work (model packages, inside it, so that they
# resolve the module's gorm; the "_" prefix keeps them out of ./... and is
# valid in an import path, which "." is not), removes both on exit, builds
# migragen, genmodels and benchtool into $bin, and records $load_start.
set -euo pipefail

bench_name="$1"
log() { echo "$bench_name: $*" >&2; }

runs="${RUNS:-10}"
case "$runs" in
'' | *[!0-9]* | 0)
	log "RUNS must be a positive integer, got '$runs'"
	exit 2
	;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

bin="$(mktemp -d "${TMPDIR:-/tmp}/migragen-bench.XXXXXX")"
work=""
cleanup() {
	rm -rf "$bin"
	if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
# Without these, a signal would kill bash before the EXIT trap runs.
trap 'exit 130' INT
trap 'exit 143' TERM
work="$(mktemp -d "$root/_benchtmp.XXXXXX")"

# Other work on the machine inflates every route; the tables say how busy
# it was, from uptime, which Linux and macOS both have.
loadavg() { uptime 2>/dev/null | sed -n 's/.*load averages*: *//p'; }
load_start="$(loadavg)"

log "building migragen and the helpers into $bin"
go build -o "$bin/migragen" ./cmd/migragen
go build -o "$bin/genmodels" ./bench/genmodels
go build -o "$bin/benchtool" ./bench/benchtool

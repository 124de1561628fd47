#!/usr/bin/env bash
# The project's test command: the README's second quickstart command, and
# what .ci/run calls. It makes PostgreSQL and MariaDB available (starting
# them when they are installed but down), then runs the format check, vet
# and the whole test suite with the race detector.
#
# The database tests skip with a message when a server is unreachable,
# except under CI=true, where they fail: CI must never skip them.
set -euo pipefail
cd "$(dirname "$0")/.."

wait_for() { # name, probe command...
	local name=$1
	shift
	for _ in $(seq 1 60); do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.5
	done
	echo "test.sh: $name did not become reachable" >&2
	return 1
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
maria_up() { mariadb -h 127.0.0.1 -P 3306 -uroot -e 'select 1'; }

ensure_postgres() {
	pg_up && return 0
	if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
		echo "test.sh: starting PostgreSQL"
		pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
		wait_for PostgreSQL pg_up
	else
		return 1
	fi
}

ensure_mariadb() {
	maria_up >/dev/null 2>&1 && return 0
	if [ -x /usr/sbin/mariadbd ]; then
		echo "test.sh: starting MariaDB"
		start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
		wait_for MariaDB maria_up
	else
		return 1
	fi
}

if ! ensure_postgres; then
	[ "${CI:-}" = true ] && { echo "test.sh: PostgreSQL is required in CI and could not be started" >&2; exit 1; }
	echo "test.sh: PostgreSQL unavailable; its tests will skip" >&2
fi
if ! ensure_mariadb; then
	[ "${CI:-}" = true ] && { echo "test.sh: MariaDB is required in CI and could not be started" >&2; exit 1; }
	echo "test.sh: MariaDB unavailable; its tests will skip" >&2
fi

unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*'))
if [ -n "$unformatted" ]; then
	echo "test.sh: gofmt needed on:" >&2
	echo "$unformatted" >&2
	exit 1
fi
go vet ./...
# The database tests wait on the servers far more than on the CPU, so run
# more of them at once than there are cores.
go test -race -count=1 -parallel 8 ./...

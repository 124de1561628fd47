#!/usr/bin/env bash
# bench-filesize.sh measures the initial migration `migragen generate`
# writes for generated packages of 200 and 2000 models, in the compact form
# (README "Generated file size") and in the form written before it: the
# bytes per table, and the time `go build` takes to compile the migrations
# package:
#
#	bash scripts/bench-filesize.sh          # from the repository root
#	RUNS=10 SIZES=200 bash scripts/bench-filesize.sh
#	BASE_REV=<commit> bash scripts/bench-filesize.sh
#
# The old form is written by migragen built from BASE_REV: by default the
# parent of the commit that added schema/derive.go (the compact form), or
# HEAD while that is not committed. git archive extracts it into a
# temporary directory; the checkout is not touched.
#
# Each round compiles both packages, the order alternating between rounds.
# The dependencies come from the build cache; a one-line file rewritten
# before each build makes the go command compile the package itself again,
# as an edit to a migration would. It prints, per size, each form's bytes
# per table and their ratio, the build times (wall, CPU, peak RSS: median
# and min-max) with the paired ratio compact/old (one per round, then their
# median and min-max), and the load average at the start and end of that
# size. It exits 1 if the compact form is more than half the old one's
# bytes per table (issue 14's target).
: "${RUNS:=5}"
export RUNS
sizes="${SIZES:-200 2000}"
# shellcheck source=lib/bench.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/bench.sh" bench-filesize
rel="./$(basename "$work")"
bytes_target=0.5

if [ -z "${BASE_REV:-}" ]; then
	added="$(git log --diff-filter=A --format=%H -1 -- schema/derive.go)"
	BASE_REV="${added:+$added^}"
	BASE_REV="${BASE_REV:-HEAD}"
fi
log "building migragen at $BASE_REV for the old form"
mkdir "$bin/base"
git archive "$BASE_REV" | tar -x -C "$bin/base"
(cd "$bin/base" && go build -o "$bin/migragen-old" ./cmd/migragen)

# timed FORM N COMMAND...: one timed run, appending to the form's files.
timed() {
	local f="$work/$1-$2"
	shift 2
	"$bin/benchtool" time -o "$f.wall" -cpu "$f.cpu" -rss "$f.rss" -- "$@"
}

for n in $sizes; do
	models="$rel/m$n"
	"$bin/genmodels" -n "$n" -o "$models"
	log "n=$n: generating both forms"
	"$bin/migragen-old" generate -dir "$rel/old$n" -m initial "$models" >/dev/null 2>&1
	"$bin/migragen" generate -dir "$rel/compact$n" -m initial "$models" >/dev/null 2>&1
	for form in old compact; do
		dir="$rel/$form$n"
		file="$(ls "$dir"/*_initial.go)"
		if grep -q 'schema\.Invert(' "$file"; then compact=yes; else compact=no; fi
		if [ "$compact" != "$([ $form = compact ] && echo yes || echo no)" ]; then
			log "$file: the $form form has compact=$compact; is BASE_REV ($BASE_REV) before the compact form?"
			exit 2
		fi
		tables="$(grep -c '^//	+ table ' "$file")"
		size="$(wc -c <"$file" | tr -d ' ')"
		echo "$size $tables" >"$work/size-$form-$n"
		sed -n 's/^package //p' "$dir/migrations.go" >"$work/pkg-$form-$n"
	done

	log "n=$n: $runs rounds of go build"
	loadavg >"$work/load-$n.start"
	for ((r = 1; r <= runs; r++)); do
		order="old compact"
		if ((r % 2 == 0)); then order="compact old"; fi
		for form in $order; do
			dir="$rel/$form$n"
			echo "package $(cat "$work/pkg-$form-$n") // round $r" >"$dir/zz_round.go"
			timed "$form" "$n" go build "$dir"
		done
	done
	loadavg >"$work/load-$n.end"
	rm -rf "$models" "$rel/old$n" "$rel/compact$n"
done

cpus="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); runs: $runs rounds per size; $(go version | cut -d' ' -f3-); $cpus CPUs; old form from $BASE_REV"
echo "go build of the migrations package: median (min-max); a ratio is taken per round, then its median (min-max)"
status=0
stats() { "$bin/benchtool" stats "$work/$1-$2.$3"; }
ratio() { "$bin/benchtool" ratio "$work/$1-$3.$4" "$work/$2-$3.$4"; }
for n in $sizes; do
	read -r old_size tables <"$work/size-old-$n"
	read -r new_size _ <"$work/size-compact-$n"
	echo
	echo "$n models, $tables tables; load average at start: $(cat "$work/load-$n.start"); at end: $(cat "$work/load-$n.end")"
	fmt='%-8s %-10s %-12s %-24s %-24s %s\n'
	# shellcheck disable=SC2059 # the format is ours
	printf "$fmt" form bytes bytes/table "build wall" "build cpu" "build peak RSS"
	for form in old compact; do
		read -r size _ <"$work/size-$form-$n"
		read -r wmed wmin wmax <<<"$(stats "$form" "$n" wall)"
		read -r cmed cmin cmax <<<"$(stats "$form" "$n" cpu)"
		read -r mmed mmin mmax <<<"$(stats "$form" "$n" rss | awk '{ printf "%.0f %.0f %.0f", $1, $2, $3 }')"
		# shellcheck disable=SC2059
		printf "$fmt" "$form" "$size" "$((size / tables))" "${wmed}s (${wmin}-${wmax})" "${cmed}s (${cmin}-${cmax})" "${mmed}MB (${mmin}-${mmax})"
	done
	bytes_ratio="$(awk -v a="$new_size" -v b="$old_size" 'BEGIN { printf "%.3f", a / b }')"
	result=ok
	awk -v r="$bytes_ratio" -v t="$bytes_target" 'BEGIN { exit !(r <= t) }' || {
		result=MISS
		status=1
	}
	echo "compact/old bytes per table: ${bytes_ratio}x (target <= ${bytes_target}x: $result)"
	for what in wall cpu rss; do
		read -r rmed rmin rmax <<<"$(ratio compact old "$n" "$what")"
		echo "compact/old build $what: ${rmed}x (${rmin}-${rmax})"
	done
done
exit "$status"

#!/bin/sh
# usage: fmt-all.sh INFRAC [FILE...] -- run from the source root.
#
# For every .infra file of the tree (outside build, output and hidden
# folders) and every file of the fuzz corpus (fuzz/corpus/,
# fuzz/corpus-work/ and fuzz/regressions/, those that exist), or for the
# FILEs given, when the file parses without errors:
#   - `infrac fmt` on a copy succeeds and prints nothing,
#   - the copy's syntax tree (`parse --dump-ast --no-spans`) is the
#     input's, byte for byte,
#   - `infrac fmt --check` on the copy exits 0 and prints nothing, so
#     formatting is idempotent.
# Files that do not parse are counted and skipped.  Files are checked
# FMT_JOBS at a time (default: the number of processors).
set -u

# fmt-all.sh --one INFRAC FILE...: checks the files, one line each:
# "same", "changed", "skip" or "FAIL FILE: why" with details.
if [ "${1:-}" = --one ]; then
	infrac=$2
	shift 2
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	for f in "$@"; do
		if ! "$infrac" parse --dump-ast --no-spans "$f" >"$tmp/before.ast" 2>/dev/null; then
			echo skip
			continue
		fi
		cp "$f" "$tmp/x.infra"
		if ! "$infrac" fmt "$tmp/x.infra" >"$tmp/out" 2>&1 || [ -s "$tmp/out" ]; then
			echo "FAIL $f: infrac fmt failed or printed something"; sed 's/^/    /' "$tmp/out"; continue
		fi
		if ! "$infrac" parse --dump-ast --no-spans "$tmp/x.infra" >"$tmp/after.ast" 2>"$tmp/out"; then
			echo "FAIL $f: the formatted file does not parse"; sed 's/^/    /' "$tmp/out"; continue
		fi
		if ! cmp -s "$tmp/before.ast" "$tmp/after.ast"; then
			echo "FAIL $f: formatting changed the syntax tree"
			diff -u "$tmp/before.ast" "$tmp/after.ast" | head -40 | sed 's/^/    /'
			continue
		fi
		"$infrac" fmt --check "$tmp/x.infra" >"$tmp/out" 2>&1
		rc=$?
		if [ $rc -ne 0 ] || [ -s "$tmp/out" ]; then
			echo "FAIL $f: formatting is not idempotent (fmt --check exit status $rc)"
			cp "$tmp/x.infra" "$tmp/y.infra"
			"$infrac" fmt "$tmp/y.infra" >/dev/null 2>&1
			diff -u "$tmp/x.infra" "$tmp/y.infra" | head -40 | sed 's/^/    /'
			continue
		fi
		if cmp -s "$f" "$tmp/x.infra"; then echo same; else echo changed; fi
	done
	exit 0
fi

infrac=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C NO_COLOR=1
case $infrac in /*) ;; *) infrac=$(pwd)/$infrac ;; esac

if [ $# -eq 0 ]; then
	find . \( -path './build*' -o -path ./out -o -path './.?*' -o -path ./fuzz -o -name node_modules \) -prune \
		-o -type f -name '*.infra' -print | LC_ALL=C sort >"$tmp/list"
	for d in fuzz/corpus fuzz/corpus-work fuzz/regressions; do
		[ -d "$d" ] && find "$d" -type f ! -name '.*' ! -name README ! -name '*.md' | LC_ALL=C sort >>"$tmp/list"
	done
else
	for f in "$@"; do printf '%s\n' "$f"; done >"$tmp/list"
fi

jobs=${FMT_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 4)}
tr '\n' '\0' <"$tmp/list" | xargs -0 -n 20 -P "$jobs" sh "$0" --one "$infrac" >"$tmp/results"

grep -v '^\(same\|changed\|skip\)$' "$tmp/results"
same=$(grep -c '^same$' "$tmp/results")
changed=$(grep -c '^changed$' "$tmp/results")
skipped=$(grep -c '^skip$' "$tmp/results")
failures=$(grep -c '^FAIL ' "$tmp/results")
checked=$((same + changed + failures))
echo "fmt-all: $checked files checked ($changed reformatted), $skipped skipped (syntax errors), $failures failures"
[ "$failures" -eq 0 ] && [ "$checked" -gt 0 ]

#!/bin/sh
# usage: fmt-all.sh INFRAC [FILE...] -- run from the source root.
#
# For every .infra file of the tree (outside build, output and hidden
# folders) and every file of the fuzz corpus (fuzz/corpus/,
# fuzz/corpus-work/ and fuzz/regressions/, those that exist), or for the
# FILEs given, when the file parses without errors:
#   - `infrac fmt` on a copy succeeds,
#   - the copy's syntax tree (`parse --dump-ast --no-spans`) is the
#     input's, byte for byte,
#   - `infrac fmt --check` on the copy exits 0 and prints nothing, so
#     formatting is idempotent.
# Files that do not parse are counted and skipped.
set -u
infrac=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C NO_COLOR=1

if [ $# -eq 0 ]; then
	find . \( -path './build*' -o -path ./out -o -path './.?*' -o -path ./fuzz -o -name node_modules \) -prune \
		-o -type f -name '*.infra' -print | LC_ALL=C sort >"$tmp/list"
	for d in fuzz/corpus fuzz/corpus-work fuzz/regressions; do
		[ -d "$d" ] && find "$d" -type f ! -name '.*' ! -name README | LC_ALL=C sort >>"$tmp/list"
	done
else
	for f in "$@"; do printf '%s\n' "$f"; done >"$tmp/list"
fi

checked=0 skipped=0 changed=0 failures=0
fail() {
	echo "FAIL $1: $2"
	failures=$((failures + 1))
}

while IFS= read -r f; do
	if ! "$infrac" parse --dump-ast --no-spans "$f" >"$tmp/before.ast" 2>/dev/null; then
		skipped=$((skipped + 1))
		continue
	fi
	checked=$((checked + 1))
	cp "$f" "$tmp/x.infra"
	if ! "$infrac" fmt "$tmp/x.infra" >"$tmp/out" 2>&1; then
		fail "$f" "infrac fmt failed"; cat "$tmp/out"; continue
	fi
	if [ -s "$tmp/out" ]; then
		fail "$f" "infrac fmt printed something"; cat "$tmp/out"; continue
	fi
	cmp -s "$f" "$tmp/x.infra" || changed=$((changed + 1))
	if ! "$infrac" parse --dump-ast --no-spans "$tmp/x.infra" >"$tmp/after.ast" 2>"$tmp/out"; then
		fail "$f" "the formatted file does not parse"; cat "$tmp/out"; continue
	fi
	if ! cmp -s "$tmp/before.ast" "$tmp/after.ast"; then
		fail "$f" "formatting changed the syntax tree"
		diff -u "$tmp/before.ast" "$tmp/after.ast" | head -40
		continue
	fi
	"$infrac" fmt --check "$tmp/x.infra" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$tmp/out" ]; then
		fail "$f" "formatting is not idempotent (fmt --check exit status $rc)"
		cp "$tmp/x.infra" "$tmp/y.infra"
		"$infrac" fmt "$tmp/y.infra" >/dev/null 2>&1
		diff -u "$tmp/x.infra" "$tmp/y.infra" | head -40
	fi
done <"$tmp/list"

echo "fmt-all: $checked files checked ($changed reformatted), $skipped skipped (syntax errors), $failures failures"
[ $failures -eq 0 ] && [ $checked -gt 0 ]

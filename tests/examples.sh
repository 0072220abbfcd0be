#!/bin/sh
# usage: examples.sh INFRAC [SRCROOT [EXAMPLE...]]
#
# Every environment of every example (or of the EXAMPLEs named),
# examples/EXAMPLE/envs/ENV.infra of SRCROOT (default: $INFRAC_SRCROOT,
# else the current folder), must build with no error and no warning
# (`--werror`; a warning accepted where it occurs with `allow CODE
# "reason"` is not one), and what it writes must be what was reviewed:
#
#   tests/examples/EXAMPLE/ENV.out/    every file `infrac build` writes but
#                                      MANIFEST.sha256
#   tests/examples/EXAMPLE/ENV.plan    what `infrac plan` prints (the
#                                      capacity report)
#
# INFRAC_UPDATE_GOLDEN=1 rewrites the expected files instead; review the
# change with git diff.  Paths in diagnostics are relative to SRCROOT.
set -u
infrac=$1
case $infrac in /*) ;; *) infrac=$(pwd)/$infrac ;; esac
root=$(cd "${2:-${INFRAC_SRCROOT:-.}}" && pwd) || exit 2
shift
[ $# -gt 0 ] && shift
only=" $* "
cd "$root" || exit 2
export LC_ALL=C NO_COLOR=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failures=0 n=0
for f in examples/*/envs/*.infra; do
	[ -f "$f" ] || continue
	example=${f#examples/}
	example=${example%%/*}
	case $only in "  ") ;; *" $example "*) ;; *) continue ;; esac
	n=$((n + 1))
	env=$(basename "$f" .infra)
	want=tests/examples/$example/$env
	out=$tmp/$n
	if ! "$infrac" build --werror -o "$out" "$f" >"$tmp/stdout" 2>"$tmp/stderr"; then
		echo "FAIL $f: does not build without errors and warnings"
		cat "$tmp/stderr"
		failures=$((failures + 1))
		continue
	fi
	if [ -s "$tmp/stderr" ]; then
		echo "FAIL $f: the build printed diagnostics"
		cat "$tmp/stderr"
		failures=$((failures + 1))
		continue
	fi
	rm -f "$out/MANIFEST.sha256"
	if ! "$infrac" plan "$f" >"$tmp/plan" 2>"$tmp/stderr"; then
		echo "FAIL $f: infrac plan failed"
		cat "$tmp/stderr"
		failures=$((failures + 1))
		continue
	fi
	if [ "${INFRAC_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "tests/examples/$example"
		rm -rf "$want.out"
		cp -r "$out" "$want.out"
		cp "$tmp/plan" "$want.plan"
		echo "updated $want.out $want.plan"
		continue
	fi
	if [ ! -d "$want.out" ] || [ ! -f "$want.plan" ]; then
		echo "FAIL $f: no expected $want.out/ or $want.plan (run with INFRAC_UPDATE_GOLDEN=1 and review)"
		failures=$((failures + 1))
		continue
	fi
	ok=1
	if ! diff -ru "$want.out" "$out" >"$tmp/diff"; then
		ok=0
		sed "s|$out|(build)|g" "$tmp/diff"
	fi
	if ! diff -u "$want.plan" "$tmp/plan"; then ok=0; fi
	if [ $ok = 1 ]; then
		echo "ok   $f"
	else
		echo "FAIL $f: output differs from $want.out/ or $want.plan"
		failures=$((failures + 1))
	fi
done
if [ $n -eq 0 ]; then echo "FAIL: no examples/*/envs/*.infra"; exit 1; fi
echo "$n environments, $failures failed"
[ $failures -eq 0 ]

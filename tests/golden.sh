#!/bin/sh
# usage: golden.sh INFRAC KIND FILE
#
# Runs infrac on FILE the way KIND says and compares the result with the
# expected file beside it:
#   parse   infrac parse --dump-ast FILE            stdout  -> FILE without .infra + .ast
#   errors  infrac check FILE                       stderr  -> .err   (exit status must be 1)
#   check   infrac check FILE                       stderr  -> .err   (exit status must be 1)
#   ok      infrac check FILE                       must exit 0 and print nothing
#   warn    infrac check FILE                       stderr  -> .err   (exit status must be 0: warnings only)
#   emit-B  infrac build --emit B -o TMP FILE       the tree TMP    -> FILE without .infra + .out/
#           (B is a back end: terraform, helm, rbac, kubernetes, iam; MANIFEST.sha256 is not compared)
#   model   infrac build --dump-model FILE          stdout  -> .json  (exit status must be 0)
#   fmt     infrac fmt COPY (a copy of FILE)         COPY    -> .fmt   (exit status 0, nothing printed)
# Run from the source root so paths in diagnostics are relative.
# INFRAC_UPDATE_GOLDEN=1 rewrites the expected file instead (review with git diff).
set -u
infrac=$1 kind=$2 file=$3
base=${file%.infra}
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
export LC_ALL=C NO_COLOR=1

case $kind in
parse)
	"$infrac" parse --dump-ast "$file" >"$out" 2>"$err"; rc=$?
	want=$base.ast; got=$out
	if [ $rc -ne 0 ]; then echo "FAIL $file: exit status $rc"; cat "$err"; exit 1; fi ;;
errors|check)
	"$infrac" check "$file" >"$out" 2>"$err"; rc=$?
	want=$base.err; got=$err
	if [ $rc -ne 1 ]; then echo "FAIL $file: exit status $rc, expected 1"; cat "$err"; exit 1; fi ;;
warn)
	"$infrac" check "$file" >"$out" 2>"$err"; rc=$?
	want=$base.err; got=$err
	if [ $rc -ne 0 ]; then echo "FAIL $file: exit status $rc, expected 0"; cat "$err"; exit 1; fi ;;
model)
	"$infrac" build --dump-model "$file" >"$out" 2>"$err"; rc=$?
	want=$base.json; got=$out
	if [ $rc -ne 0 ]; then echo "FAIL $file: exit status $rc, expected 0"; cat "$err"; exit 1; fi ;;
emit-*)
	backend=${kind#emit-}
	tree=$(mktemp -d)
	trap 'rm -rf "$out" "$err" "$tree"' EXIT
	"$infrac" build --emit "$backend" -o "$tree/out" "$file" >"$out" 2>"$err"; rc=$?
	if [ $rc -ne 0 ]; then echo "FAIL $file: exit status $rc"; cat "$err"; exit 1; fi
	rm -f "$tree/out/MANIFEST.sha256"
	want=$base.out
	if [ "${INFRAC_UPDATE_GOLDEN:-}" = 1 ]; then
		rm -rf "$want"; cp -r "$tree/out" "$want"; echo "updated $want"; exit 0
	fi
	if [ ! -d "$want" ]; then echo "FAIL $file: no expected folder $want"; exit 1; fi
	if ! diff -ru "$want" "$tree/out"; then echo "FAIL $file: output differs from $want"; exit 1; fi
	exit 0 ;;
fmt)
	copy=$(mktemp)
	trap 'rm -f "$out" "$err" "$copy"' EXIT
	cp "$file" "$copy"
	"$infrac" fmt "$copy" >"$out" 2>"$err"; rc=$?
	want=$base.fmt; got=$copy
	if [ $rc -ne 0 ] || [ -s "$out" ] || [ -s "$err" ]; then
		echo "FAIL $file: exit status $rc"; cat "$out" "$err"; exit 1
	fi ;;
ok)
	"$infrac" check "$file" >"$out" 2>"$err"; rc=$?
	if [ $rc -ne 0 ] || [ -s "$err" ]; then echo "FAIL $file: exit status $rc"; cat "$err"; exit 1; fi
	exit 0 ;;
*)
	echo "golden.sh: unknown kind $kind" >&2; exit 2 ;;
esac

if [ "${INFRAC_UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$got" "$want"
	echo "updated $want"
	exit 0
fi
if [ ! -f "$want" ]; then
	echo "FAIL $file: no expected file $want (run with INFRAC_UPDATE_GOLDEN=1 and review)"
	cat "$got"
	exit 1
fi
if ! diff -u "$want" "$got"; then
	echo "FAIL $file: output differs from $want"
	exit 1
fi

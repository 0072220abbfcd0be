#!/bin/sh
# usage: plan-terraform.sh INFRAC FILE... -- builds each specification and
# runs ../shared/tools/plan-terraform over its terraform/ folder: a real
# offline `terraform plan` (fake credentials, no AWS), which catches what
# validate cannot (unknown values where known ones are needed, invalid
# combinations the provider rejects at plan time).
set -u
infrac=$1
shift
tool=../shared/tools/plan-terraform
if [ ! -x "$tool" ]; then echo "SKIP: $tool not found"; exit 77; fi
if ! command -v terraform >/dev/null 2>&1; then echo "SKIP: terraform is not installed"; exit 77; fi
if ! command -v node >/dev/null 2>&1; then echo "SKIP: node is not installed (plan-terraform reports through node)"; exit 77; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 n=0
for f in "$@"; do
	n=$((n + 1))
	out="$tmp/$n"
	if ! "$infrac" build --emit terraform,iam -o "$out" "$f" >/dev/null 2>"$tmp/err"; then
		echo "FAIL $f: build failed"; cat "$tmp/err"; failures=$((failures + 1)); continue
	fi
	# Input variables get a placeholder of their type, as a pipeline would
	# give them values.
	vars=$(awk '/^variable "/ { gsub(/"/, "", $2); name = $2 }
		/^  type *= / && name { v = $3 == "number" ? "1" : $3 == "bool" ? "true" : "plan-placeholder"
			printf "TF_VAR_%s=%s\n", name, v; name = "" }' "$out/terraform/variables.tf" 2>/dev/null)
	env $vars "$tool" "$out/terraform" >"$tmp/log" 2>&1
	rc=$?
	# A data source reads AWS too: the plan is complete but for what
	# depends on it, and the tool says whether anything else failed.
	if [ $rc -eq 77 ] && grep -q '^SKIP: plan incomplete offline: .* data source(s) need AWS; no other errors' "$tmp/log"; then
		echo "ok   $f: $(grep -m1 '^SKIP: plan incomplete' "$tmp/log" | sed 's/^SKIP: //')"
		continue
	fi
	if [ $rc -eq 77 ]; then echo "SKIP: $(grep -m1 SKIP "$tmp/log")"; exit 77; fi
	# An import block reads the object it adopts, which needs AWS: the
	# plan is complete but for that read.
	errors=$(grep -c '^error:' "$tmp/log")
	imports=$(grep -c '^error: Cannot import non-existent remote object' "$tmp/log")
	if [ $rc -ne 0 ] && [ "$errors" -gt 0 ] && [ "$errors" -eq "$imports" ]; then
		echo "ok   $f: planned but for $imports import(s), which need AWS"
	elif [ $rc -ne 0 ] || ! grep -q '^PASS' "$tmp/log"; then
		echo "FAIL $f"; cat "$tmp/log"; failures=$((failures + 1))
	else
		echo "ok   $f: $(grep '^PASS' "$tmp/log")"
	fi
done
[ $failures -eq 0 ]

#!/bin/sh
# usage: validate-k8s.sh INFRAC ROOT -- builds every docs/sketches/*.infra,
# tests/emit/rbac/*.infra and tests/emit/kube/*.infra of the source tree at
# ROOT with the rbac and kubernetes back ends and runs ROOT/../shared/tools/validate-k8s over all the k8s/*.yaml
# files of each build at once (schemas, names, RBAC rules, and no object
# written twice across files).  `approve` and `sign` are real verbs of the
# certificates API that the tool only accepts when told.
#
# Prints "ok FILE" or "FAIL FILE" with the tool's report; exit status 0
# when all pass, 1 on a failure, 77 (skipped) without node, the tool or its
# npm packages.
set -u
if [ $# -ne 2 ]; then
	echo "usage: validate-k8s.sh INFRAC ROOT" >&2
	exit 2
fi
infrac=$1
case $infrac in /*) ;; *) infrac=$(pwd)/$infrac ;; esac
root=$(cd "$2" && pwd) || exit 2
tools=$root/../shared/tools
tool=$tools/validate-k8s
if ! command -v node >/dev/null 2>&1; then echo "SKIP: node is not installed"; exit 77; fi
if [ ! -f "$tool" ]; then echo "SKIP: $tool not found"; exit 77; fi
for pkg in kubernetes-models yaml; do
	if [ ! -d "$tools/node_modules/$pkg" ]; then
		echo "SKIP: npm package $pkg is not installed in $tools (npm ci --prefix $tools)"
		exit 77
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 n=0 checked=0
cd "$root" || exit 2
for f in docs/sketches/*.infra tests/emit/rbac/*.infra tests/emit/kube/*.infra; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	out=$tmp/$n
	if ! "$infrac" build --emit rbac,kubernetes -o "$out" "$f" >/dev/null 2>"$tmp/err"; then
		echo "FAIL $f: build failed"; cat "$tmp/err"; failures=$((failures + 1)); continue
	fi
	set --
	for y in "$out"/k8s/*.yaml "$out"/k8s/objects/*.yaml; do [ -f "$y" ] && set -- "$@" "$y"; done
	if [ $# -eq 0 ]; then echo "ok   $f (no Kubernetes objects)"; continue; fi
	if node "$tool" --extra-verbs=approve,sign "$@" >"$tmp/log" 2>&1; then
		echo "ok   $f ($(tail -n 1 "$tmp/log"))"
		checked=$((checked + 1))
	else
		echo "FAIL $f"; sed "s|$out/||" "$tmp/log"; failures=$((failures + 1))
	fi
done
if [ $checked -eq 0 ] && [ $failures -eq 0 ]; then echo "FAIL: no build wrote Kubernetes objects"; exit 1; fi
[ $failures -eq 0 ]

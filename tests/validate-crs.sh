#!/bin/sh
# usage: validate-crs.sh INFRAC ROOT -- builds tests/kube/crs.infra, whose
# custom resources (SecurityGroupPolicy, ExternalSecret, ClusterSecretStore,
# NodePool, EC2NodeClass, an Argo CD Application) are typed from the CRDs in
# ROOT/../shared/crds, and runs ../shared/tools/validate-crs over the
# objects it writes.  Exit 0 when they pass, 1 on a failure, 77 (skipped)
# without ../shared, node or the tool's npm packages.
set -u
if [ $# -ne 2 ]; then
	echo "usage: validate-crs.sh INFRAC ROOT" >&2
	exit 2
fi
infrac=$1
case $infrac in /*) ;; *) infrac=$(pwd)/$infrac ;; esac
root=$(cd "$2" && pwd) || exit 2
crds=$root/../shared/crds
tools=$root/../shared/tools
if [ ! -d "$crds" ]; then echo "SKIP: $crds not found"; exit 77; fi
if ! command -v node >/dev/null 2>&1; then echo "SKIP: node is not installed"; exit 77; fi
for pkg in ajv yaml re2-wasm; do
	if [ ! -d "$tools/node_modules/$pkg" ]; then
		echo "SKIP: npm package $pkg is not installed in $tools (npm ci --prefix $tools)"
		exit 77
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
if ! "$infrac" build --emit kubernetes -I "$crds" -o "$tmp/out" tests/kube/crs.infra >/dev/null 2>"$tmp/err"; then
	echo "FAIL tests/kube/crs.infra: build failed"; cat "$tmp/err"; exit 1
fi
n=$(ls "$tmp/out/k8s/objects" | wc -l)
if [ "$n" -ne 6 ]; then echo "FAIL: expected 6 objects, found $n"; ls "$tmp/out/k8s/objects"; exit 1; fi
if ! node "$tools/validate-crs" --crds "$crds" "$tmp"/out/k8s/objects/*.yaml >"$tmp/log" 2>&1; then
	echo "FAIL tests/kube/crs.infra"; sed "s|$tmp/out/||" "$tmp/log"; exit 1
fi
echo "ok   tests/kube/crs.infra ($(tail -n 1 "$tmp/log"))"

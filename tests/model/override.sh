#!/bin/sh
# usage: override.sh INFRAC
#
# tests/model/override/defaults.infra imports module.infra and keeps its
# parameters' defaults; custom.infra sets replicas = 5 and profile = large.
# Their Models must differ in exactly the two fields the parameters decide:
# the service's replicas (2 -> 5) and its cpu (500m -> 2000m, through
# `profile == large ? 2000m : 500m`).  Fails if the override is ignored,
# if the defaults are not what the module says, or if anything else moves.
set -u
infrac=$1
dir=tests/model/override
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C NO_COLOR=1

for env in defaults custom; do
	if ! "$infrac" build --dump-model "$dir/$env.infra" >"$tmp/$env.json" 2>"$tmp/$env.err"; then
		echo "FAIL $dir/$env.infra: infrac build --dump-model failed"
		cat "$tmp/$env.err"
		exit 1
	fi
done

# Each changed value occurs once in the defaults' Model.
for line in '"replicas": 2,' '"cpu": "500m",'; do
	n=$(grep -c -F "$line" "$tmp/defaults.json")
	if [ "$n" != 1 ]; then
		echo "FAIL $dir/defaults.infra: expected $line once in the Model, found it $n times"
		exit 1
	fi
done

# The defaults' Model with the two expected changes is the custom Model.
sed -e 's/"replicas": 2,/"replicas": 5,/' -e 's/"cpu": "500m",/"cpu": "2000m",/' \
	"$tmp/defaults.json" >"$tmp/want.json"
if ! diff -u "$tmp/want.json" "$tmp/custom.json"; then
	echo "FAIL: $dir/custom.infra should differ from $dir/defaults.infra in replicas (2 -> 5) and cpu (500m -> 2000m) only"
	exit 1
fi
echo "ok: replicas 2 -> 5, cpu 500m -> 2000m, nothing else"

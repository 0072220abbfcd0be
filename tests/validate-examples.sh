#!/bin/sh
# usage: validate-examples.sh INFRAC [SRCROOT]
#
# Builds every examples/*/envs/*.infra of SRCROOT (default:
# $INFRAC_SRCROOT, else the current folder) and puts what it writes through
# the independent validators of ../shared/tools:
#   terraform/   validate-terraform (fmt -check, init with the offline
#                provider, validate)
#   k8s/*.yaml   validate-k8s, all files of an environment at once (no
#                object written twice across them)
#   iam/*.json   validate-iam, with the --type that iam-doc-type.sh gives
#                each file's name
# Helm values have no schema to check against and are left to the golden
# test (tests/examples.sh).
#
# Prints "ok" or "FAIL" per environment and validator; exit status 0 when
# all pass, 1 on a failure, 77 (skipped) without node, the tools or their
# npm packages.  Without terraform or its offline provider only the
# Terraform check is skipped, and said so.
set -u
. "$(dirname "$0")/iam-doc-type.sh"
infrac=$1
case $infrac in /*) ;; *) infrac=$(pwd)/$infrac ;; esac
root=$(cd "${2:-${INFRAC_SRCROOT:-.}}" && pwd) || exit 2
tools=$root/../shared/tools

if ! command -v node >/dev/null 2>&1; then echo "SKIP: node is not installed"; exit 77; fi
for t in validate-terraform validate-k8s validate-iam; do
	if [ ! -f "$tools/$t" ]; then echo "SKIP: $tools/$t not found"; exit 77; fi
done
for pkg in kubernetes-models yaml @cloud-copilot/iam-policy; do
	if [ ! -d "$tools/node_modules/$pkg" ]; then
		echo "SKIP: npm package $pkg is not installed in $tools (npm ci --prefix $tools)"
		exit 77
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
export LC_ALL=C NO_COLOR=1
failures=0 n=0 tf_skipped=''

report() { # NAME STATUS LOG
	if [ "$2" -eq 0 ]; then
		echo "ok   $1"
	else
		echo "FAIL $1"
		sed "s|$out/||g" "$3"
		failures=$((failures + 1))
	fi
}

for f in examples/*/envs/*.infra; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	out=$tmp/$n
	if ! "$infrac" build -o "$out" "$f" >/dev/null 2>"$tmp/err"; then
		echo "FAIL $f: build failed"
		cat "$tmp/err"
		failures=$((failures + 1))
		continue
	fi

	if [ -d "$out/terraform" ]; then
		bash "$tools/validate-terraform" "$out/terraform" >"$tmp/log" 2>&1
		rc=$?
		if [ $rc -eq 77 ]; then
			tf_skipped=$(grep -m1 SKIP "$tmp/log")
			echo "skip $f terraform: $tf_skipped"
		else
			report "$f terraform" $rc "$tmp/log"
		fi
	fi

	set -- "$out"/k8s/*.yaml
	if [ -f "$1" ]; then
		node "$tools/validate-k8s" "$@" >"$tmp/log" 2>&1
		report "$f k8s ($(tail -n 1 "$tmp/log"))" $? "$tmp/log"
	fi

	trust='' resource='' identity=''
	for j in "$out"/iam/*.json; do
		[ -f "$j" ] || continue
		t=$(iam_doc_type "$j")
		eval "$t=\"\$$t $j\""
	done
	for t in trust resource identity; do
		eval "list=\$$t"
		[ -n "$list" ] || continue
		# shellcheck disable=SC2086
		node "$tools/validate-iam" --type=$t $list >"$tmp/log" 2>&1
		rc=$?
		grep -v '^OK: ' "$tmp/log" >"$tmp/log2"
		report "$f iam $t ($(tail -n 1 "$tmp/log2"))" $rc "$tmp/log2"
	done
done
if [ $n -eq 0 ]; then echo "FAIL: no examples/*/envs/*.infra"; exit 1; fi
echo "$n environments, $failures failures${tf_skipped:+ (terraform validate skipped)}"
[ $failures -eq 0 ]

#!/bin/sh
# usage: validate-iam.sh INFRAC [SRCROOT]
#
# Every IAM document infrac writes must pass an independent validator.
# Builds (IAM back end only) every docs/sketches/*.infra, every
# examples/*/envs/*.infra, every tests/emit/**/*.infra and the IAM lint
# tests in tests/ok and tests/warn that build, and runs
# ../shared/tools/validate-iam on each iam/*.json, with the --type that
# iam-doc-type.sh gives its name.  Prints SKIP and exits 77 when node,
# the tool or its npm packages are missing.
set -u
. "$(dirname "$0")/iam-doc-type.sh"
infrac=$1
root=${2:-${INFRAC_SRCROOT:-$(pwd)}}
tool=$root/../shared/tools/validate-iam

if ! command -v node >/dev/null 2>&1; then echo "SKIP: node is not installed"; exit 77; fi
if [ ! -x "$tool" ]; then echo "SKIP: $tool not found"; exit 77; fi
if [ ! -d "$root/../shared/tools/node_modules/@cloud-copilot/iam-policy" ]; then
	echo "SKIP: npm packages of ../shared/tools are not installed (npm ci --prefix ../shared/tools)"; exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
failures=0 docs=0 built=0

files=$( { ls docs/sketches/*.infra examples/*/envs/*.infra tests/ok/iam-*.infra tests/warn/iam-*.infra tests/warn/trust-*.infra \
	tests/ok/trust-*.infra 2>/dev/null
	[ -d tests/emit ] && find tests/emit -name '*.infra'; } | LC_ALL=C sort -u)
for f in $files; do
	out=$tmp/out
	rm -rf "$out"
	if ! "$infrac" build --emit iam -o "$out" "$f" >"$tmp/log" 2>&1; then
		continue # does not build: nothing to validate
	fi
	built=$((built + 1))
	[ -d "$out/iam" ] || continue
	trust='' resource='' identity=''
	for j in "$out"/iam/*.json; do
		t=$(iam_doc_type "$j")
		eval "$t=\"\$$t $j\""
		docs=$((docs + 1))
	done
	for t in trust resource identity; do
		eval "list=\$$t"
		[ -n "$list" ] || continue
		# shellcheck disable=SC2086
		if ! "$tool" --type=$t $list >"$tmp/v" 2>&1; then
			echo "FAIL $f ($t):"
			grep -v '^OK: ' "$tmp/v" | sed "s|$out/||"
			failures=$((failures + 1))
		fi
	done
done
echo "$built files built, $docs documents validated, $failures failed"
[ "$failures" -eq 0 ]

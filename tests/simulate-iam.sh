#!/bin/sh
# usage: simulate-iam.sh INFRAC [SRCROOT]
#
# The decisions IAM must take, as test cases: every tests/simulate/*.cases
# file of SRCROOT (default: $INFRAC_SRCROOT, else the current folder) is
# read line by line:
#
#   env examples/x/envs/y.infra          the environment the cases below use
#   EXPECT DOC ACTION RESOURCE [ARG...]  one case
#   # ...                                a comment (also after a case)
#
# EXPECT is Allowed, ImplicitlyDenied or ExplicitlyDenied; DOC is an IAM
# document's path relative to the environment's output folder, such as
# iam/role-app.inline.json.  Each ARG is a request context key, KEY=VALUE
# (repeat a key for several values), or one of the simulator's options
# `--resource-policy=DOC` (a bucket policy, say, also relative to the output
# folder) and `--principal=ARN`.
#
# Each environment is built once (the iam back end), then each case runs
# ../shared/tools/simulate-iam --expect=EXPECT.  Prints "ok" or "FAIL" per
# case; exit status 0 when all pass, 1 on a failure, 77 (skipped) without
# node, the tool or its npm packages.
set -u
infrac=$1
case $infrac in /*) ;; *) infrac=$(pwd)/$infrac ;; esac
root=$(cd "${2:-${INFRAC_SRCROOT:-.}}" && pwd) || exit 2
tools=$root/../shared/tools
tool=$tools/simulate-iam

if ! command -v node >/dev/null 2>&1; then echo "SKIP: node is not installed"; exit 77; fi
if [ ! -f "$tool" ]; then echo "SKIP: $tool not found"; exit 77; fi
if [ ! -d "$tools/node_modules/@cloud-copilot/iam-simulate" ]; then
	echo "SKIP: npm packages of $tools are not installed (npm ci --prefix $tools)"; exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
files=$(ls tests/simulate/*.cases 2>/dev/null)
set -f # resources hold `*`
export LC_ALL=C NO_COLOR=1

passed=0 failures=0
: >"$tmp/envs"

# The output folder of an environment, built on first use; empty when the
# build failed (reported once).
outdir() {
	line=$(grep -F -x -n -- "$1" "$tmp/envs" | head -n 1)
	if [ -n "$line" ]; then
		n=${line%%:*}
		if [ -f "$tmp/failed.$n" ]; then echo ""; else echo "$tmp/out.$n"; fi
		return
	fi
	printf '%s\n' "$1" >>"$tmp/envs"
	n=$(wc -l <"$tmp/envs" | tr -d ' ')
	if ! "$infrac" build --emit iam -o "$tmp/out.$n" "$1" >"$tmp/log" 2>&1; then
		echo "FAIL $1: build failed" >&2
		cat "$tmp/log" >&2
		: >"$tmp/failed.$n"
		echo ""
		return
	fi
	echo "$tmp/out.$n"
}

fail() {
	echo "FAIL $1"
	failures=$((failures + 1))
}

for cases in $files; do
	env='' out='' lineno=0
	while IFS= read -r text || [ -n "$text" ]; do
		lineno=$((lineno + 1))
		where=$cases:$lineno
		text=${text%%#*}
		# shellcheck disable=SC2086
		set -- $text
		[ $# -eq 0 ] && continue
		if [ "$1" = env ]; then
			if [ $# -ne 2 ]; then fail "$where: expected \`env PATH\`"; env=''; continue; fi
			env=$2
			if [ ! -f "$env" ]; then fail "$where: no environment file $env"; env=''; out=''; continue; fi
			out=$(outdir "$env")
			[ -n "$out" ] || fail "$where: environment $env does not build"
			continue
		fi
		case $1 in
		Allowed|ImplicitlyDenied|ExplicitlyDenied) ;;
		*) fail "$where: expected Allowed, ImplicitlyDenied or ExplicitlyDenied, found \`$1\`"; continue ;;
		esac
		if [ $# -lt 4 ]; then fail "$where: expected EXPECT DOC ACTION RESOURCE [ARG...]"; continue; fi
		if [ -z "$env" ]; then fail "$where: a case before any \`env\` line"; continue; fi
		[ -n "$out" ] || { fail "$where: $*"; continue; }
		expect=$1 doc=$2 action=$3 resource=$4
		shift 4
		if [ ! -f "$out/$doc" ]; then fail "$where: $env writes no $doc"; continue; fi
		# Options first, with their documents found in the output folder.
		opts='' ctx=''
		bad=''
		for a in "$@"; do
			case $a in
			--resource-policy=*)
				p=${a#--resource-policy=}
				if [ ! -f "$out/$p" ]; then bad="$env writes no $p"; fi
				opts="$opts --resource-policy=$out/$p" ;;
			--principal=*) opts="$opts $a" ;;
			--*) bad="unknown option $a" ;;
			*=*) ctx="$ctx $a" ;;
			*) bad="expected KEY=VALUE, found \`$a\`" ;;
			esac
		done
		if [ -n "$bad" ]; then fail "$where: $bad"; continue; fi
		# shellcheck disable=SC2086
		if node "$tool" --expect="$expect" $opts "$out/$doc" "$action" "$resource" $ctx >"$tmp/sim" 2>&1; then
			echo "ok   $where: $expect $action $resource"
			passed=$((passed + 1))
		else
			fail "$where: $expect $doc $action $resource"
			sed "s|$out/||g" "$tmp/sim"
		fi
	done <"$cases"
done

echo "$passed passed, $failures failed ($(wc -l <"$tmp/envs" | tr -d ' ') environments built)"
if [ $passed -eq 0 ] && [ $failures -eq 0 ]; then echo "FAIL: no cases in tests/simulate/*.cases"; exit 1; fi
[ $failures -eq 0 ]

#!/bin/sh
# usage: tests/highlight/run.sh ROOT
#
# Tests the TextMate grammar editors/vscode/syntaxes/infra.tmLanguage.json
# of the source tree at ROOT with check-textmate (ROOT/../shared/tools):
#
#  1. each tests/highlight/NAME.expect against its file: all.expect checks
#     tests/highlight/all.infra, sketch-NAME.expect docs/sketches/NAME.infra,
#     any other NAME.expect tests/highlight/NAME.infra;
#  2. every .infra file of the tree (outside build, output and hidden
#     folders) tokenises without error, and every character of it other
#     than white space gets a scope besides source.infra;
#  3. in the files that are valid .infra (docs/, examples/, stdlib/,
#     tests/parse/) no token is marked invalid;
#  4. when vim is installed, editors/vim loads without errors.
#
# Prints "ok FILE" or "FAIL FILE" with the reasons for each file.  Exit
# status 0 when all pass, 1 on a failure, 77 (skipped) without node or
# without check-textmate and its npm packages.  Files are checked
# HIGHLIGHT_JOBS at a time (default: the number of processors).
set -u
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: run.sh ROOT" >&2
	exit 2
fi
root=$(cd "$1" && pwd) || exit 2
tools=$root/../shared/tools
checker=$tools/check-textmate
grammar=editors/vscode/syntaxes/infra.tmLanguage.json

if ! command -v node >/dev/null 2>&1; then
	echo "SKIP: node is not installed"
	exit 77
fi
if [ ! -f "$checker" ]; then
	echo "SKIP: $checker not found"
	exit 77
fi
for pkg in vscode-textmate vscode-oniguruma yaml; do
	if [ ! -d "$tools/node_modules/$pkg" ]; then
		echo "SKIP: $tools/node_modules/$pkg missing (install with: npm ci --prefix $tools)"
		exit 77
	fi
done

cd "$root" || exit 2
export LC_ALL=C
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
jobs=${HIGHLIGHT_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
case $jobs in '' | *[!0-9]* | 0) jobs=2 ;; esac

# report RESULT NAME OUTPUT: writes "ok NAME", or "FAIL NAME" and the first
# lines of OUTPUT, to RESULT.
report() {
	if [ ! -s "$3" ]; then
		echo "ok $2" >"$1"
		return
	fi
	n=$(wc -l <"$3")
	{
		echo "FAIL $2"
		head -n 20 "$3" | sed 's/^/  /'
		[ "$n" -le 20 ] || echo "  ... $((n - 20)) more lines"
	} >"$1"
}

# check_expect RESULT EXPECT: runs EXPECT against its file.
check_expect() {
	name=$(basename "$2" .expect)
	case $name in
	sketch-*) source=docs/sketches/${name#sketch-}.infra ;;
	*) source=tests/highlight/$name.infra ;;
	esac
	: >"$1.out"
	if [ ! -f "$source" ]; then
		echo "no file $source for $2" >"$1.out"
	elif ! node "$checker" -q "$grammar" "$source" "$2" >"$1.log" 2>&1; then
		cat "$1.log" >"$1.out"
		case $name in
		sketch-*) echo "if $source only gained or lost lines: tests/highlight/rebase.sh $2 $source" >>"$1.out" ;;
		esac
	fi
	report "$1" "$2" "$1.out"
}

# check_file RESULT FILE: tokenises FILE and looks at every token, given as
# LINE:COL-END "text" scope scope ...
check_file() {
	case $2 in
	docs/* | examples/* | stdlib/* | tests/parse/*) valid=1 ;;
	*) valid=0 ;;
	esac
	if node "$checker" "$grammar" "$2" >"$1.log" 2>&1; then
		awk -v valid="$valid" '
			/^[0-9]+:[0-9]+-[0-9]+ "/ {
				if ($0 ~ /" source\.infra$/) {
					t = $0
					sub(/^[^ ]+ "/, "", t)
					sub(/" source\.infra$/, "", t)
					gsub(/\\[tfr]|\\u000b| /, "", t)
					if (t != "")
						print "no scope: " $0
				}
				if (valid && $0 ~ / invalid\./)
					print "invalid: " $0
			}' "$1.log" >"$1.out"
	else
		cat "$1.log" >"$1.out"
	fi
	report "$1" "$2" "$1.out"
}

# The tasks, one a line: "expect FILE" or "file FILE".
for expect in tests/highlight/*.expect; do
	[ -f "$expect" ] && echo "expect $expect"
done >"$work/tasks"
# Every example, sketch and schema file (the test corpora under tests/ are
# mostly broken on purpose and are covered by the expectations above).
find examples docs/sketches stdlib tests/highlight -type f -name '*.infra' 2>/dev/null |
	sort | sed 's/^/file /' >>"$work/tasks"

i=0
running=0
while read -r kind path; do
	i=$((i + 1))
	"check_$kind" "$work/$i" "$path" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done <"$work/tasks"
wait

failed=0
k=0
while [ "$k" -lt "$i" ]; do
	k=$((k + 1))
	if [ -f "$work/$k" ]; then
		cat "$work/$k"
		case $(head -n 1 "$work/$k") in FAIL*) failed=$((failed + 1)) ;; esac
	else
		echo "FAIL task $k: no result"
		failed=$((failed + 1))
	fi
done

# 4. The Vim files.
if command -v vim >/dev/null 2>&1; then
	vim -u NONE -i NONE -N -Es --cmd "set runtimepath^=$root/editors/vim" \
		-c 'filetype plugin on' -c 'syntax on' -c 'edit tests/highlight/all.infra' \
		-c "call writefile([&filetype, get(b:, 'current_syntax', ''), v:errmsg], '$work/vim')" \
		-c 'qall!' </dev/null >/dev/null 2>&1
	if [ "$(cat "$work/vim" 2>/dev/null)" = "infra
infra" ]; then
		echo "ok editors/vim"
	else
		echo "FAIL editors/vim: expected filetype infra, syntax infra and no error; got:"
		sed 's/^/  /' "$work/vim" 2>/dev/null
		failed=$((failed + 1))
	fi
fi

if [ "$failed" -ne 0 ]; then
	echo "$failed check(s) failed"
	exit 1
fi
exit 0

#!/bin/sh
# usage: fmt-cli.sh INFRAC -- `infrac fmt` on the command line: exit
# statuses, `--check` and its list of files, rewriting in place (only
# when the text changes, keeping the mode), files with errors left alone.
set -u
infrac=$1
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export LC_ALL=C NO_COLOR=1
failures=0

# expect NAME STATUS PATTERN -- COMMAND...: runs COMMAND, checks its exit
# status and that its combined output contains PATTERN (grep -F), or is
# empty when PATTERN is "".
expect() {
	name=$1 want=$2 pat=$3
	shift 4
	"$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: exit status $rc, expected $want"; cat "$tmp/out"; failures=$((failures + 1))
	elif [ -z "$pat" ] && [ -s "$tmp/out" ]; then
		echo "FAIL $name: expected no output"; cat "$tmp/out"; failures=$((failures + 1))
	elif [ -n "$pat" ] && ! grep -qF -- "$pat" "$tmp/out"; then
		echo "FAIL $name: output lacks: $pat"; cat "$tmp/out"; failures=$((failures + 1))
	else
		echo "ok   $name"
	fi
}

# same NAME FILE1 FILE2: the two files are identical.
same() {
	if cmp -s "$2" "$3"; then
		echo "ok   $1"
	else
		echo "FAIL $1: $2 and $3 differ"; diff -u "$2" "$3"; failures=$((failures + 1))
	fi
}

printf 'a  = 1\nbb = 2\n' >"$tmp/good.infra"
printf 'a   =   1\nbb = 2\n' >"$tmp/ugly.infra"
printf 'a  = 1\nbb = 2\n' >"$tmp/ugly.want"
printf 'x  = [1,\n2]\n' >"$tmp/ugly2.infra"
printf 'cluster eks {\n  name  =  "x"\n' >"$tmp/bad.infra"
cp "$tmp/good.infra" "$tmp/good.orig"
cp "$tmp/ugly.infra" "$tmp/ugly.orig"
cp "$tmp/ugly2.infra" "$tmp/ugly2.orig"
cp "$tmp/bad.infra" "$tmp/bad.orig"
mkdir "$tmp/dir.infra"

expect fmt-help 0 "usage: infrac fmt [--check] FILE..." -- "$infrac" help fmt
expect fmt-no-files 2 "fmt needs at least one file" -- "$infrac" fmt
expect check-formatted 0 "" -- "$infrac" fmt --check "$tmp/good.infra"
expect check-unformatted 1 "would reformat $tmp/ugly.infra" -- "$infrac" fmt --check "$tmp/ugly.infra"
same check-writes-nothing "$tmp/ugly.orig" "$tmp/ugly.infra"

# The list names exactly the files that would change, in order.
"$infrac" fmt --check "$tmp/good.infra" "$tmp/ugly.infra" "$tmp/ugly2.infra" >"$tmp/list" 2>&1
rc=$?
printf 'would reformat %s\nwould reformat %s\n' "$tmp/ugly.infra" "$tmp/ugly2.infra" >"$tmp/list.want"
if [ $rc -eq 1 ]; then echo "ok   check-list-status"; else
	echo "FAIL check-list-status: exit status $rc, expected 1"; failures=$((failures + 1)); fi
same check-list "$tmp/list.want" "$tmp/list"

expect check-syntax-error 1 "bad.infra:" -- "$infrac" fmt --check "$tmp/bad.infra"
expect check-missing 2 "could not read \"$tmp/missing.infra\": No such file or directory" -- \
	"$infrac" fmt --check "$tmp/missing.infra"
expect check-worst 2 "would reformat $tmp/ugly.infra" -- "$infrac" fmt --check "$tmp/ugly.infra" "$tmp/missing.infra"

# Rewriting: silent, in place, only the files that change, mode kept.
chmod 640 "$tmp/ugly.infra"
touch -t 200001010000 "$tmp/good.infra"
expect rewrite 0 "" -- "$infrac" fmt "$tmp/good.infra" "$tmp/ugly.infra"
same rewrite-result "$tmp/ugly.want" "$tmp/ugly.infra"
same rewrite-unchanged "$tmp/good.orig" "$tmp/good.infra"
if [ "$(stat -c %a "$tmp/ugly.infra")" = 640 ]; then echo "ok   rewrite-mode"; else
	echo "FAIL rewrite-mode: mode $(stat -c %a "$tmp/ugly.infra"), expected 640"; failures=$((failures + 1)); fi
if [ -z "$(find "$tmp/good.infra" -newer "$tmp/ugly.orig")" ]; then echo "ok   rewrite-untouched"; else
	echo "FAIL rewrite-untouched: a formatted file was rewritten"; failures=$((failures + 1)); fi
if [ -z "$(find "$tmp" -name '.*fmt-*')" ]; then echo "ok   rewrite-no-temp"; else
	echo "FAIL rewrite-no-temp: a temporary file was left"; failures=$((failures + 1)); fi
expect check-after-rewrite 0 "" -- "$infrac" fmt --check "$tmp/good.infra" "$tmp/ugly.infra"

# A symbolic link stays a link; the file it points to is rewritten.
ln -s ugly2.infra "$tmp/link.infra"
expect rewrite-link 0 "" -- "$infrac" fmt "$tmp/link.infra"
if [ -L "$tmp/link.infra" ] && grep -q '^  2,$' "$tmp/ugly2.infra"; then echo "ok   rewrite-link-target"; else
	echo "FAIL rewrite-link-target"; failures=$((failures + 1)); fi

# Files with syntax errors: reported like `check` does, left as they are.
expect rewrite-syntax-error 1 "infrac: 1 error" -- "$infrac" fmt "$tmp/bad.infra"
same syntax-error-untouched "$tmp/bad.orig" "$tmp/bad.infra"
expect rewrite-directory 2 "could not read \"$tmp/dir.infra\": is a directory" -- "$infrac" fmt "$tmp/dir.infra"
if [ "$(id -u)" != 0 ]; then
	mkdir "$tmp/ro"
	printf 'a   =   1\n' >"$tmp/ro/f.infra"
	chmod 555 "$tmp/ro"
	expect rewrite-read-only-folder 2 "could not write \"$tmp/ro/f.infra\": Permission denied" -- \
		"$infrac" fmt "$tmp/ro/f.infra"
	printf 'a   =   1\n' >"$tmp/readonly.infra"
	chmod 444 "$tmp/readonly.infra"
	expect rewrite-read-only-file 2 "could not write \"$tmp/readonly.infra\": Permission denied" -- \
		"$infrac" fmt "$tmp/readonly.infra"
	printf 'a   =   1\n' >"$tmp/noread.infra"
	chmod 000 "$tmp/noread.infra"
	expect unreadable 2 "Permission denied" -- "$infrac" fmt "$tmp/noread.infra"
fi

[ $failures -eq 0 ]

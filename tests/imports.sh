#!/bin/sh
# usage: imports.sh INFRAC -- an import reads only `.infra` text files below
# the folders a specification may import from (the compiled file's, the
# git checkout holding it, the working folder, the standard library, -I
# folders), and a refused file is never quoted: no diagnostic shows a line of it.
set -u
infrac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect NAME DIR STATUS PATTERN -- ARGS...: runs `infrac check ARGS` in DIR
# and checks its exit status, that its output holds PATTERN (grep -F), and
# that it holds no secret: neither "hunter2" nor a line of /etc/passwd.
expect() {
	name=$1 dir=$2 want=$3 pat=$4
	shift 5
	(cd "$dir" && "$infrac" check "$@") >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: exit status $rc, expected $want"; cat "$tmp/out"; failures=$((failures + 1))
	elif [ -n "$pat" ] && ! grep -qF -- "$pat" "$tmp/out"; then
		echo "FAIL $name: output lacks: $pat"; cat "$tmp/out"; failures=$((failures + 1))
	elif grep -q -e hunter2 -e 'root:' "$tmp/out"; then
		echo "FAIL $name: output quotes a refused file"; cat "$tmp/out"; failures=$((failures + 1))
	else
		echo "ok   $name"
	fi
}

# $tmp/secrets.txt, and a project below $tmp with its environments in envs/.
printf 'password = "hunter2"\n' >"$tmp/secrets.txt"
mkdir -p "$tmp/proj/envs" "$tmp/outside" "$tmp/std"
printf 'module platform\nparam env: string\nlet name = "app-${env}"\n' >"$tmp/proj/platform.infra"
printf 'import "../platform.infra" { env = "prod" }\n' >"$tmp/proj/envs/prod.infra"
printf 'module lib\nlet x = 1\n' >"$tmp/outside/lib.infra"
printf 'hunter2\0\n' >"$tmp/proj/binary.infra"
ln -s ../secrets.txt "$tmp/proj/secret-link.infra"
ln -s /etc/passwd "$tmp/proj/etc-link.infra"
# spec NAME TEXT: writes $tmp/proj/NAME.infra (never one of the links).
spec() { printf '%s\n' "$2" >"$tmp/proj/$1.infra"; }

spec shadow 'import "/etc/shadow"'
expect absolute "$tmp/proj" 1 'cannot import "/etc/shadow": it is outside the folders' -- shadow.infra
spec etc-passwd 'import "/etc/passwd"'
expect absolute-readable "$tmp/proj" 1 "[NAME-E022]" -- etc-passwd.infra
spec up 'import "../../secrets.txt"'
expect dot-dot "$tmp/proj/envs" 1 "[NAME-E022]" -- ../up.infra
spec up1 'import "../secrets.txt"'
expect not-infra-in-tree "$tmp" 1 'cannot import "../secrets.txt": only `.infra` files are imported [NAME-E021]' -- proj/up1.infra
spec plain 'import "secrets.txt"'
cp "$tmp/secrets.txt" "$tmp/proj/secrets.txt"
expect not-infra-beside "$tmp/proj" 1 "[NAME-E021]" -- plain.infra
spec uses-link 'import "secret-link"'
expect symlink-not-infra "$tmp" 1 '"proj/secret-link.infra" leads to' -- proj/uses-link.infra
expect symlink-outside "$tmp/proj" 1 "[NAME-E022]" -- uses-link.infra
spec uses-etc-link 'import "etc-link"'
expect symlink-to-etc "$tmp/proj" 1 "[NAME-E022]" -- uses-etc-link.infra
spec bin 'import "binary"'
expect binary "$tmp/proj" 1 'cannot import "binary.infra": it is not a text file [NAME-E021]' -- bin.infra

# An environment one folder down imports its module from the folder above:
# allowed from the project's folder, or with -I naming it.
expect env-from-project "$tmp/proj" 0 "" -- envs/prod.infra
expect env-from-envs "$tmp/proj/envs" 1 "[NAME-E022]" -- prod.infra
expect env-with-include "$tmp/proj/envs" 0 "" -- -I .. prod.infra
# In a git checkout the whole checkout may be imported from, wherever
# infrac runs; past its top, nothing.
mkdir -p "$tmp/repo/.git" "$tmp/repo/envs" "$tmp/elsewhere"
cp "$tmp/proj/platform.infra" "$tmp/repo/platform.infra"
cp "$tmp/proj/envs/prod.infra" "$tmp/repo/envs/prod.infra"
printf 'import "../../outside/lib"
' >"$tmp/repo/envs/escape.infra"
expect env-in-checkout "$tmp/elsewhere" 0 "" -- ../repo/envs/prod.infra
expect env-in-checkout-from-envs "$tmp/repo/envs" 0 "" -- prod.infra
expect past-checkout "$tmp/elsewhere" 1 "[NAME-E022]" -- ../repo/envs/escape.infra
expect env-no-checkout "$tmp/elsewhere" 1 "[NAME-E022]" -- ../proj/envs/prod.infra

# -I allows a folder outside, by a relative path or as a search folder.
spec lib-rel 'import "../outside/lib"'
expect outside "$tmp/proj" 1 "[NAME-E022]" -- lib-rel.infra
expect outside-with-include "$tmp/proj" 0 "" -- -I ../outside lib-rel.infra
spec lib-search 'import "lib"'
expect outside-search "$tmp/proj" 0 "" -- -I "$tmp/outside" lib-search.infra

# The standard library's modules are imported from wherever it is.
cp -r "$INFRAC_STDLIB/." "$tmp/std/"
printf 'module extra\nlet x = 1\n' >"$tmp/std/extra.infra"
spec std 'import "extra"'
expect stdlib-module "$tmp/proj" 0 "" -- --stdlib "$tmp/std" std.infra

[ $failures -eq 0 ]

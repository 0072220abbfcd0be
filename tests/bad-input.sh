#!/bin/sh
# usage: bad-input.sh INFRAC -- hostile bytes get a diagnostic and exit 1,
# never a crash, a hang or a sanitizer report.
set -u
infrac=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# bad NAME PATTERN: checks $tmp/NAME.infra; wants exit 1 and PATTERN in stderr.
bad() {
	timeout 20 "$infrac" check "$tmp/$1.infra" >/dev/null 2>"$tmp/$1.err"
	rc=$?
	if [ $rc -ne 1 ]; then
		echo "FAIL $1: exit status $rc, expected 1"; head -c 2000 "$tmp/$1.err"; failures=$((failures + 1))
	elif ! grep -qF -- "$2" "$tmp/$1.err"; then
		echo "FAIL $1: stderr lacks: $2"; head -c 2000 "$tmp/$1.err"; failures=$((failures + 1))
	else
		echo "ok   $1"
	fi
}

printf 'a = 1\0b = 2\n' >"$tmp/nul.infra"; bad nul "NUL byte"
printf '\377\376a\0=\0' >"$tmp/utf16.infra"; bad utf16 "UTF-16"
printf 'a = "\303\050"\n' >"$tmp/badutf8.infra"; bad badutf8 "invalid UTF-8"
head -c 4096 /dev/urandom >"$tmp/random.infra"; printf '\0' >>"$tmp/random.infra"; bad random "error"
printf 'a = "unterminated\n' >"$tmp/str.infra"; bad str "unterminated string"
printf 'a = 1\n/* never closed\n' >"$tmp/comment.infra"; bad comment "unterminated block comment"
printf 'a = <<EOT\nline\n' >"$tmp/heredoc.infra"; bad heredoc "unterminated heredoc"
printf 'x {\n  y {\n' >"$tmp/blocks.infra"; bad blocks "expected \`}\` to close block \`y\`"
printf 'x {\r\n\ta = \r\n}\r\n' >"$tmp/crlf.infra"; bad crlf "crlf.infra:3:1"
# 10 MB on one line.
awk 'BEGIN { printf "a = \""; for (i = 0; i < 1048576; i++) printf "xxxxxxxxxx"; printf "\n" }' >"$tmp/long.infra"
bad long "unterminated string"
# 10,000-deep nesting of each bracket, and a deep unary chain.
awk 'BEGIN { printf "a = "; for (i = 0; i < 10000; i++) printf "["; print "" }' >"$tmp/deep1.infra"; bad deep1 "nested deeper than"
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "b {"; print "" }' >"$tmp/deep2.infra"; bad deep2 "nested deeper than"
awk 'BEGIN { printf "a = "; for (i = 0; i < 10000; i++) printf "("; print "" }' >"$tmp/deep3.infra"; bad deep3 "nested deeper than"
awk 'BEGIN { printf "a = "; for (i = 0; i < 100000; i++) printf "!"; print "x" }' >"$tmp/deep4.infra"; bad deep4 "nested too deeply"
awk 'BEGIN { printf "a = 1"; for (i = 0; i < 100000; i++) printf " + 1"; print "" }' >"$tmp/deep5.infra"; bad deep5 "nested more than"
awk 'BEGIN { printf "a = \""; for (i = 0; i < 10000; i++) printf "${\""; print "" }' >"$tmp/deep6.infra"; bad deep6 "nested deeper than"

[ $failures -eq 0 ]

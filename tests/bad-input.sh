#!/bin/sh
# usage: bad-input.sh INFRAC -- hostile bytes get a diagnostic and exit 1,
# and input that is not a regular file, or is too large, exit 2 with the
# path and the reason: never a crash, a hang or a sanitizer report.
set -u
infrac=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect NAME STATUS PATTERN COMMAND...: wants STATUS within 20 seconds (no
# blocking open, no reading forever) and PATTERN in stderr.
expect() {
	name=$1 want=$2 pat=$3
	shift 3
	timeout 20 "$@" >/dev/null 2>"$tmp/$name.err"
	rc=$?
	if [ $rc -ne "$want" ]; then
		echo "FAIL $name: exit status $rc, expected $want"; head -c 2000 "$tmp/$name.err"; failures=$((failures + 1))
	elif ! grep -qF -- "$pat" "$tmp/$name.err"; then
		echo "FAIL $name: stderr lacks: $pat"; head -c 2000 "$tmp/$name.err"; failures=$((failures + 1))
	else
		echo "ok   $name"
	fi
}

# bad NAME PATTERN: checks $tmp/NAME.infra; wants exit 1 and PATTERN in stderr.
bad() { expect "$1" 1 "$2" "$infrac" check "$tmp/$1.infra"; }

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

mkfifo "$tmp/fifo.infra"  # nobody ever writes to it
truncate -s 65M "$tmp/huge.infra"  # sparse: over the 64 MiB cap without using the disk
expect char-device 2 'could not read "/dev/zero": is a character device' "$infrac" check /dev/zero
expect fifo 2 "could not read \"$tmp/fifo.infra\": is a FIFO" "$infrac" check "$tmp/fifo.infra"
expect huge 2 "could not read \"$tmp/huge.infra\": file is larger than 64 MiB" "$infrac" check "$tmp/huge.infra"
expect fifo-catalog 2 "could not read \"$tmp/fifo.infra\": is a FIFO" "$infrac" check --catalog "$tmp/fifo.infra" tests/warn/iam-w001-admin.infra
expect fifo-fmt 2 "could not read \"$tmp/fifo.infra\": is a FIFO" "$infrac" fmt "$tmp/fifo.infra"
expect fifo-parse 2 "could not read \"$tmp/fifo.infra\": is a FIFO" "$infrac" parse --dump-ast "$tmp/fifo.infra"
if command -v python3 >/dev/null 2>&1 &&
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$tmp/sock.infra"; then
	expect socket 2 "could not read \"$tmp/sock.infra\": is a socket" "$infrac" check "$tmp/sock.infra"
else
	echo "skip socket: python3 could not make a Unix socket"
fi
# An import of a FIFO is a diagnostic of the importing file.
printf 'import "fifo"\n' >"$tmp/imports-fifo.infra"; bad imports-fifo '"fifo"'

# A provider schema that is not what the generator writes is a broken
# installation: exit 2 naming the file, nothing written.
std=${INFRAC_STDLIB:-stdlib}
if [ -d "$std/providers" ]; then
	mkdir -p "$tmp/std"
	cp -r "$std/kinds" "$std/catalog" "$tmp/std/"
	mkdir "$tmp/std/providers"
	printf 'environment prod {\n  account = "123456789012"\n  region  = "eu-west-1"\n}\nresource aws_sqs_queue q {\n  name = "q"\n}\n' >"$tmp/typed.infra"
	printf 'not a schema\n' >"$tmp/std/providers/aws-1.0.0.schema"
	expect schema-header 2 "provider schema \"$tmp/std/providers/aws-1.0.0.schema\" is corrupt at line 1" \
		env INFRAC_STDLIB="$tmp/std" "$infrac" build -o "$tmp/out1" "$tmp/typed.infra"
	[ ! -e "$tmp/out1" ] || { echo "FAIL schema-header: wrote $tmp/out1"; failures=$((failures + 1)); }
	# The index points past the end of the file.
	printf 'infrac-schema 1\nprovider aws hashicorp/aws 1.0.0\nr aws_sqs_queue 99999\nend\n' >"$tmp/std/providers/aws-1.0.0.schema"
	expect schema-offset 2 "is corrupt at line 3: an offset outside the file" \
		env INFRAC_STDLIB="$tmp/std" "$infrac" check "$tmp/typed.infra"
	# A section whose lines do not parse.
	printf 'infrac-schema 1\nprovider aws hashicorp/aws 1.0.0\nr aws_sqs_queue 0\nend\nresource aws_sqs_queue\n name strin(g r\n' >"$tmp/std/providers/aws-1.0.0.schema"
	expect schema-line 2 "is corrupt at line 6: expected \`NAME TYPE FLAGS\`" \
		env INFRAC_STDLIB="$tmp/std" "$infrac" check "$tmp/typed.infra"
	# A nested block longer than the file.
	printf 'infrac-schema 1\nprovider aws hashicorp/aws 1.0.0\nr aws_sqs_queue 0\nend\nresource aws_sqs_queue\n t {single 0 0 999\n' >"$tmp/std/providers/aws-1.0.0.schema"
	expect schema-nested 2 "a nested block longer than the file" \
		env INFRAC_STDLIB="$tmp/std" "$infrac" check "$tmp/typed.infra"
	# Two files for one provider.
	cp "$std/providers/"*.schema "$tmp/std/providers/"
	expect schema-twice 2 "both describe provider aws" \
		env INFRAC_STDLIB="$tmp/std" "$infrac" check "$tmp/typed.infra"
	# No schema at all: a resource type is unknown, which is the user's error.
	rm "$tmp/std/providers/"*
	expect schema-none 1 "unknown Terraform resource type \`aws_sqs_queue\`" \
		env INFRAC_STDLIB="$tmp/std" "$infrac" check "$tmp/typed.infra"
else
	echo "skip schema: no $std/providers"
fi

[ $failures -eq 0 ]

#!/bin/sh
# usage: cli.sh INFRAC -- the command line: help, version, usage errors, exit statuses.
set -u
infrac=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# expect NAME STATUS PATTERN -- COMMAND...: runs COMMAND, checks its exit
# status and that its combined output contains PATTERN (grep -F).  A
# command that hangs fails after 60 seconds.
expect() {
	name=$1 want=$2 pat=$3
	shift 4
	timeout 60 "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "FAIL $name: exit status $rc, expected $want"; cat "$tmp/out"; failures=$((failures + 1))
	elif [ -n "$pat" ] && ! grep -qF -- "$pat" "$tmp/out"; then
		echo "FAIL $name: output lacks: $pat"; cat "$tmp/out"; failures=$((failures + 1))
	else
		echo "ok   $name"
	fi
}

printf 'module ok\n' >"$tmp/ok.infra"
printf 'cluster eks {\n' >"$tmp/bad.infra"
mkdir "$tmp/dir.infra"

expect version 0 "infrac 0." -- "$infrac" --version
expect help 0 "commands:" -- "$infrac" --help
expect help-cmd 0 "usage: infrac check" -- "$infrac" help check
expect help-flag 0 "usage: infrac parse" -- "$infrac" parse --help
expect no-args 2 "usage: infrac COMMAND" -- "$infrac"
expect unknown-cmd 2 'unknown command "frobnicate"' -- "$infrac" frobnicate
expect unknown-help 2 'unknown command "nope"' -- "$infrac" help nope
expect unknown-option 2 'unknown option "--nope"' -- "$infrac" check --nope "$tmp/ok.infra"
expect bad-format 2 'unknown diagnostics format "xml"' -- "$infrac" check --diagnostics-format=xml "$tmp/ok.infra"
expect explain 0 "NET-E002 (" -- "$infrac" explain NET-E002
expect explain-unknown 2 'unknown diagnostic code "NOPE-E999"' -- "$infrac" explain NOPE-E999
expect schema-kind 0 "required: a reference to a network" -- "$infrac" schema cluster
expect schema-resource 0 "queue_url              required: a string" -- "$infrac" schema aws_sqs_queue_policy
expect schema-nested 0 "    subnet_ids" -- "$infrac" schema aws_eks_cluster
expect schema-data 0 "cidr_block             a string or \`null\`" -- "$infrac" schema data.aws_vpc
expect schema-sensitive 0 "a string or \`null\`, sensitive" -- "$infrac" schema aws_db_instance
expect schema-unknown 2 'unknown kind "aws_nope"' -- "$infrac" schema aws_nope
expect explain-list 0 "$(printf 'SYN-E001\t')" -- "$infrac" explain --list
expect explain-none 2 "explain takes one code, --list or --markdown" -- "$infrac" explain
expect check-no-files 2 "check needs at least one file" -- "$infrac" check
expect check-ok 0 "" -- "$infrac" check "$tmp/ok.infra"
expect check-error 1 "bad.infra:1:" -- "$infrac" check "$tmp/bad.infra"
expect check-missing 2 "could not read \"$tmp/missing.infra\": No such file or directory" -- "$infrac" check "$tmp/missing.infra"
expect check-directory 2 "could not read \"$tmp/dir.infra\": is a directory" -- "$infrac" check "$tmp/dir.infra"
expect check-worst 2 "" -- "$infrac" check "$tmp/bad.infra" "$tmp/missing.infra"
expect parse-needs-flag 2 "parse needs --dump-ast" -- "$infrac" parse "$tmp/ok.infra"
expect parse-dump 0 "module ok" -- "$infrac" parse --dump-ast "$tmp/ok.infra"
expect summary 1 "infrac: 1 error, 0 warnings" -- "$infrac" check "$tmp/bad.infra"
# A rule across blocks is the spec's, not a back end's: plan and a build
# that writes only Terraform report it too.
expect plan-spec-rule 1 "cpu limit \`250m\` of service \`api\` is below its request" -- "$infrac" plan tests/check/helm_limit_below_request.infra
expect emit-spec-rule 1 "cpu limit \`250m\` of service \`api\` is below its request" -- "$infrac" build --emit terraform -o "$tmp/rule-out" tests/check/helm_limit_below_request.infra

# A back end named more often than there are back ends runs once.
printf 'environment e {\n  region  = "us-east-1"\n  account = "123456789012"\n}\nkms_key k {}\n' >"$tmp/env.infra"
many=iam
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do many="$many,iam"; done
expect emit-repeated 0 "wrote " -- "$infrac" build --emit "$many,terraform" -o "$tmp/emit-out" "$tmp/env.infra"

# Imports through deep folders and many -I folders are found (once cut at
# 512 path segments and 64 folders).
deep=d
for i in $(seq 2 600); do deep="$deep/d"; done
mkdir -p "$tmp/$deep" && printf 'module deep\n' >"$tmp/$deep/deep.infra"
printf 'import "%s/deep"\n' "$deep" >"$tmp/import-deep.infra"
expect import-deep 0 "" -- "$infrac" check "$tmp/import-deep.infra"
incs=""
for i in $(seq 1 70); do mkdir -p "$tmp/inc$i"; incs="$incs -I $tmp/inc$i"; done
printf 'module last\n' >"$tmp/inc70/last.infra"
printf 'import "last"\n' >"$tmp/import-last.infra"
# shellcheck disable=SC2086
expect import-many-dirs 0 "" -- "$infrac" check $incs "$tmp/import-last.infra"
if [ "$(id -u)" != 0 ]; then
	printf 'x = 1\n' >"$tmp/noread.infra"; chmod 000 "$tmp/noread.infra"
	expect unreadable 2 "Permission denied" -- "$infrac" check "$tmp/noread.infra"
fi

# Output that cannot be written is an I/O error, exit 2, whatever the
# command: standard output, standard error and --diagnostics-output.
# `sh -c "$stdout_full" sh COMMAND...` runs COMMAND with stdout on /dev/full.
stdout_full='exec "$@" >/dev/full'
stderr_full='exec "$@" 2>/dev/full'
example=${INFRAC_SRCROOT:-.}/examples/compute-layer/envs/dev.infra
if [ -w /dev/full ]; then
	full="could not write standard output: No space left on device"
	expect full-plan 2 "$full" -- sh -c "$stdout_full" sh "$infrac" plan "$example"
	expect full-plan-json 2 "$full" -- sh -c "$stdout_full" sh "$infrac" plan --format json "$example"
	expect full-dump-model 2 "$full" -- sh -c "$stdout_full" sh "$infrac" build --dump-model "$example"
	expect full-build 2 "$full" -- sh -c "$stdout_full" sh "$infrac" build -o "$tmp/full-out" "$example"
	expect full-explain 2 "$full" -- sh -c "$stdout_full" sh "$infrac" explain SYN-E001
	expect full-explain-list 2 "$full" -- sh -c "$stdout_full" sh "$infrac" explain --list
	expect full-help 2 "$full" -- sh -c "$stdout_full" sh "$infrac" --help
	expect full-emitters 2 "$full" -- sh -c "$stdout_full" sh "$infrac" emitters
	expect full-stderr 2 "" -- sh -c "$stderr_full" sh "$infrac" check "$tmp/bad.infra"
	expect full-stderr-sarif 2 "" -- sh -c "$stderr_full" sh "$infrac" check --diagnostics-format=sarif "$tmp/ok.infra"
	expect full-diagnostics-output 2 'could not write "/dev/full": No space left on device' -- \
		"$infrac" check --diagnostics-format=json --diagnostics-output /dev/full "$tmp/ok.infra"
else
	echo "skip full-*: no /dev/full"
fi
expect diagnostics-output-nodir 2 "could not write \"$tmp/none/d.json\": No such file or directory" -- \
	"$infrac" check --diagnostics-format=json --diagnostics-output "$tmp/none/d.json" "$tmp/bad.infra"
expect diagnostics-output-value 2 'option "--diagnostics-output" needs a value' -- "$infrac" check --diagnostics-output
expect diagnostics-output-help 0 "--diagnostics-output FILE" -- "$infrac" help check
# Text diagnostics go to the file too, with their summary, in the order of the files.
expect diagnostics-output-text 1 "" -- "$infrac" check --diagnostics-output "$tmp/d.txt" "$tmp/bad.infra" "$tmp/ok.infra" "$tmp/bad.infra"
if [ -s "$tmp/out" ] || [ "$(grep -c '^infrac: 1 error, 0 warnings$' "$tmp/d.txt")" != 2 ]; then
	echo "FAIL diagnostics-output-text: stderr or file wrong"; cat "$tmp/out" "$tmp/d.txt"; failures=$((failures + 1))
fi

# docs/diagnostics.md, where SARIF's help URIs point, is what `infrac
# explain --markdown` prints from runtime/diagnostics.def.
if "$infrac" explain --markdown | cmp -s - "${INFRAC_SRCROOT:-.}/docs/diagnostics.md"; then
	echo "ok   diagnostics-page"
else
	echo "FAIL diagnostics-page: docs/diagnostics.md is stale; run infrac explain --markdown >docs/diagnostics.md"
	failures=$((failures + 1))
fi

# Labels become folder and file names: one that would leave out/, or make
# a file name longer than the file system takes, is an error at the label
# and nothing is written; 200 bytes, the longest name a block may get,
# fits every file name (iam/role-NAME.inline.json, out/ENV.tmp-XXXXXX).
env_with() { # LABEL ROLE-LABEL
	printf 'environment "%s" {\n  region  = "us-east-1"\n  account = "123456789012"\n}\n' "$1"
	printf 'role "%s" {\n  name = "deploy"\n  trust service { services = ["ec2.amazonaws.com"] }\n' "$2"
	printf '  allow read {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::b/*"]\n  }\n}\n'
}
n200=n$(printf '%0199d' 0)
run=$(cd "$(dirname "$infrac")" && pwd)/$(basename "$infrac") # from other folders
mkdir -p "$tmp/names/a/b"
env_with "../../escaped" deploy >"$tmp/names/escape.infra"
expect name-escape 1 "OUT-E005" -- sh -c "cd '$tmp/names/a/b' && '$run' build ../../escape.infra"
if [ -e "$tmp/names/escaped" ] || [ -e "$tmp/escaped" ] || [ -e "$tmp/names/a/b/out" ]; then
	echo "FAIL name-escape: something was written"; failures=$((failures + 1))
fi
env_with "$n200$n200" deploy >"$tmp/names/long-env.infra"
expect name-env-too-long 1 "OUT-E005" -- sh -c "cd '$tmp/names' && '$run' build long-env.infra"
env_with prod "r$n200" >"$tmp/names/long-role.infra"
expect name-role-too-long 1 "OUT-E005" -- sh -c "cd '$tmp/names' && '$run' build long-role.infra"
env_with "$n200" "$n200" >"$tmp/names/longest.infra"
expect name-longest 0 "wrote " -- sh -c "cd '$tmp/names' && '$run' build longest.infra"
if [ ! -f "$tmp/names/out/$n200/iam/role-$n200.inline.json" ]; then
	echo "FAIL name-longest: no iam/role-$n200.inline.json"; failures=$((failures + 1))
fi

# A catalog whose memory does not fit in 64 bits as MiB is refused, not
# converted with undefined behaviour.
sed '0,/memory_gib: 4$/s//memory_gib: 1e300/' stdlib/catalog/aws-instances.yaml >"$tmp/huge-catalog.yaml"
expect catalog-memory-huge 1 "has memory_gib 1e+300, outside 0..16777216" -- \
	"$infrac" check --catalog "$tmp/huge-catalog.yaml" "$tmp/env.infra"

[ $failures -eq 0 ]

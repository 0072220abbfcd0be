#!/bin/sh
# usage: iam-lint.sh INFRAC -- the IAM lints beyond the golden files:
# --werror turns their warnings into errors, every IAM and TRUST code has
# an explanation and a golden test, and the lints stay fast on large specs
# and on patterns that would make a backtracking glob matcher explode.
set -u
infrac=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
	echo "FAIL $1"; [ -f "$tmp/out" ] && cat "$tmp/out"; failures=$((failures + 1))
}

# --werror: the warning becomes an error, keeps its code, and fails the run.
"$infrac" check --werror tests/warn/iam-w001-admin.infra >"$tmp/out" 2>&1
rc=$?
if [ $rc -ne 1 ] || ! grep -q 'error: statement `everything` allows every action on every resource \[IAM-W001\]' "$tmp/out"; then
	fail "werror: exit status $rc"
else
	echo "ok   werror"
fi

# An accepted warning stays accepted under --werror.
if ! "$infrac" check --werror tests/ok/iam-allow-w001.infra >"$tmp/out" 2>&1 || [ -s "$tmp/out" ]; then
	fail "werror-allowed"
else
	echo "ok   werror-allowed"
fi

# Every IAM and TRUST code: `infrac explain` knows it, and a golden test
# shows it.  TRUST-E004 cannot be reached (the github_repo name rule
# rejects a wildcard repository first) and TRUST-W002 cannot fire on what
# infrac writes; their tests show exactly that.
codes=$(sed -n 's/^DIAG([A-Z_]*, "\(\(IAM\|TRUST\)-[EW][0-9]*\)".*/\1/p' runtime/diagnostics.def)
[ -n "$codes" ] || fail "no IAM codes found in runtime/diagnostics.def"
before=$failures
for code in $codes; do
	if ! "$infrac" explain "$code" >"$tmp/out" 2>&1 || [ "$(wc -l <"$tmp/out")" -lt 3 ]; then
		fail "explain $code"
		continue
	fi
	case $code in
	TRUST-E004) want=tests/check/trust-e004-github-wildcard.infra ;;
	TRUST-W002) want=tests/ok/trust-w002-pod-identity.infra ;;
	*) want=$(grep -l "\[$code\]" tests/check/*.err tests/warn/*.err 2>/dev/null | head -1) ;;
	esac
	if [ -z "$want" ] || [ ! -f "$want" ]; then
		rm -f "$tmp/out"; fail "no golden test shows $code"
	fi
done
[ $failures -eq "$before" ] && echo "ok   codes ($(echo "$codes" | wc -l) explained and tested)"

# Speed: 10,000 roles of three statements (wildcards, conditions, ARNs),
# and action patterns like a*a*a*...b that make backtracking matchers
# exponential.  The limits are generous: they catch blowups, not noise.
{
	printf 'environment prod {\n  region  = "us-west-2"\n  account = "123456789012"\n}\n'
	i=0
	while [ $i -lt 10000 ]; do
		printf 'role r%d {\n  trust service { services = ["ecs-tasks.amazonaws.com"] }\n' $i
		printf '  allow read {\n    actions   = ["s3:GetObject", "s3:Get*Tagging"]\n'
		printf '    resources = ["arn:aws:s3:::data-%d/*"]\n' $i
		printf '    condition { test = "StringEquals"  variable = "aws:PrincipalTag/team"  values = ["t%d"] }\n  }\n' $i
		printf '  allow queue {\n    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage"]\n'
		printf '    resources = ["arn:aws:sqs:us-west-2:123456789012:q-%d"]\n  }\n' $i
		printf '  allow describe {\n    actions   = ["ec2:Describe*"]\n'
		printf '    resources = ["arn:aws:ec2:us-west-2:123456789012:instance/i-%d"]\n  }\n}\n' $i
		i=$((i + 1))
	done
} >"$tmp/many.infra"
start=$(date +%s)
"$infrac" check "$tmp/many.infra" >"$tmp/out" 2>&1
rc=$? secs=$(($(date +%s) - start))
if [ $rc -ne 0 ] || [ -s "$tmp/out" ]; then
	fail "many-roles: exit status $rc"
elif [ $secs -gt 120 ]; then
	fail "many-roles: took ${secs}s"
else
	echo "ok   many-roles (${secs}s)"
fi

stars=$(awk 'BEGIN { for (i = 0; i < 20000; i++) printf "a*"; }')
cat >"$tmp/glob.infra" <<EOF
environment prod {
  region  = "us-west-2"
  account = "123456789012"
}
role r {
  trust service { services = ["ecs-tasks.amazonaws.com"] }
  allow a {
    actions   = ["s3:${stars}b", "ec2:*${stars}", "iam:?${stars}?"]
    resources = ["arn:aws:s3:::data/*"]
  }
}
EOF
start=$(date +%s)
"$infrac" check "$tmp/glob.infra" >"$tmp/out" 2>&1
rc=$? secs=$(($(date +%s) - start))
if [ $rc -ne 1 ] || [ "$(grep -c 'IAM-E008' "$tmp/out")" -ne 3 ]; then
	fail "glob: exit status $rc"
elif [ $secs -gt 30 ]; then
	fail "glob: took ${secs}s"
else
	echo "ok   glob (${secs}s)"
fi

[ $failures -eq 0 ]

#!/bin/sh
# usage: outputs.sh INFRAC -- properties of `infrac build`'s output folder:
# byte-identical across runs, written all at once or not at all, confined
# to its folder, refused for folders infrac did not write, and compared
# by `build --check`.
set -u
infrac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
spec=docs/sketches/tracecat.infra

# Determinism: twice, from two folders, in two locales and time zones.
"$infrac" build -o "$tmp/a" "$spec" >/dev/null 2>"$tmp/err" || { fail "build a"; cat "$tmp/err"; }
(cd / && LANG=de_DE.UTF-8 TZ=Asia/Tokyo "$infrac" build -o "$tmp/b" "$root/$spec" >/dev/null 2>&1) || fail "build b"
if diff -r "$tmp/a" "$tmp/b" >/dev/null; then ok determinism; else fail determinism; diff -r "$tmp/a" "$tmp/b" | head -20; fi
if grep -rq -e "$root" -e "$tmp" "$tmp/a"; then fail "no absolute paths in outputs"; else ok "no absolute paths in outputs"; fi
(cd "$tmp/a" && sha256sum -c --quiet MANIFEST.sha256) && ok "manifest matches" || fail "manifest matches"
for s in docs/sketches/*.infra; do
	"$infrac" build -o "$tmp/same" "$s" >/dev/null 2>&1 || { fail "build $s"; continue; }
	python3 tests/iam-same-bytes.py "$tmp/same" >"$tmp/same.log" && ok "IAM heredocs are the iam/ files: $s" ||
		{ fail "IAM heredocs are the iam/ files: $s"; cat "$tmp/same.log"; }
done

# A failed build leaves the previous folder byte for byte as it was.
cp -r "$tmp/a" "$tmp/before"
sed 's/replicas  = s.replicas/replicas  = "many"/' "$spec" >"$tmp/broken.infra"
"$infrac" build -o "$tmp/a" "$tmp/broken.infra" >/dev/null 2>&1
rc=$?
if [ $rc -eq 1 ] && diff -r "$tmp/before" "$tmp/a" >/dev/null; then ok "failed build writes nothing"; else fail "failed build writes nothing (rc $rc)"; fi
if ls "$tmp" | grep -q 'tmp-'; then fail "no temporary folder left"; else ok "no temporary folder left"; fi

# A successful rebuild swaps the folder in place.
"$infrac" build --emit terraform -o "$tmp/a" "$spec" >/dev/null 2>&1
if [ -d "$tmp/a/terraform" ] && [ ! -d "$tmp/a/iam" ]; then ok "rebuild replaces the folder"; else fail "rebuild replaces the folder"; fi

# Folders infrac did not write are not replaced.
mkdir "$tmp/mine" && echo keep >"$tmp/mine/notes.txt"
"$infrac" build -o "$tmp/mine" "$spec" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && [ "$(cat "$tmp/mine/notes.txt")" = keep ] && grep -q "not written by infrac" "$tmp/err"; then
	ok "foreign folder refused"
else
	fail "foreign folder refused (rc $rc)"; cat "$tmp/err"
fi

# Names from the spec cannot leave the output folder.
cat >"$tmp/names.infra" <<'SPEC'
environment e {
  region  = "us-east-1"
  account = "123456789012"
}
kms_key "../../escape" { description = "labels become file and resource names" }
log_group "a/../../b" { name = "/x/y" }
SPEC
mkdir -p "$tmp/jail"
"$infrac" build -o "$tmp/jail/out" "$tmp/names.infra" >/dev/null 2>"$tmp/err"
outside=$(find "$tmp" -newer "$tmp/names.infra" -type f ! -path "$tmp/jail/out/*" ! -name err | head -5)
if [ -z "$outside" ] && [ -d "$tmp/jail/out/terraform" ]; then ok "paths stay inside the folder"; else fail "paths stay inside the folder"; echo "$outside"; cat "$tmp/err"; fi

# build --check: up to date, one stale file, one extra, one missing.
"$infrac" build -o "$tmp/c" "$spec" >/dev/null 2>&1
"$infrac" build --check -o "$tmp/c" "$spec" >/dev/null 2>&1 && ok "check: unchanged" || fail "check: unchanged"
echo "# edited" >>"$tmp/c/terraform/network.tf"
"$infrac" build --check -o "$tmp/c" "$spec" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "stale    terraform/network.tf" "$tmp/err"; then ok "check: stale file"; else fail "check: stale file (rc $rc)"; cat "$tmp/err"; fi
# Extra: a file of infrac's that the build would no longer write; a file
# the user added is not infrac's, so never extra.
"$infrac" build -o "$tmp/c" "$spec" >/dev/null 2>&1
echo x >"$tmp/c/terraform/extra.txt"
"$infrac" build --check -o "$tmp/c" "$spec" >/dev/null 2>&1 && ok "check: a user's file is not extra" ||
	fail "check: a user's file is not extra"
"$infrac" build --check --emit terraform -o "$tmp/c" "$spec" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "extra    iam/role-app.trust.json" "$tmp/err" && ! grep -q "extra.txt" "$tmp/err"; then
	ok "check: extra file"
else
	fail "check: extra file (rc $rc)"; cat "$tmp/err"
fi
rm "$tmp/c/terraform/extra.txt" "$tmp/c/iam/role-app.trust.json"
"$infrac" build --check -o "$tmp/c" "$spec" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "missing  iam/role-app.trust.json" "$tmp/err"; then ok "check: missing file"; else fail "check: missing file (rc $rc)"; cat "$tmp/err"; fi
"$infrac" build --check -o "$tmp/nowhere" "$spec" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "could not read \"$tmp/nowhere\"" "$tmp/err"; then ok "check: no folder is an I/O error"; else fail "check: no folder is an I/O error (rc $rc)"; cat "$tmp/err"; fi

[ $failures -eq 0 ]

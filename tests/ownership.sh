#!/bin/sh
# usage: ownership.sh INFRAC BENCH_GEN -- a build owns only the files its
# previous MANIFEST.sha256 lists: what else is in the output folder (a
# terraform init's .terraform/, the lock file, local state, a hand-written
# backend) survives every build, a symbolic link is followed, never
# emptied, modes follow the umask or the folder's own, and a build cut
# short by a signal or by running out of memory leaves no folder behind.
set -u
infrac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
gen=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
spec=docs/sketches/tracecat.infra
no_temporaries() { # PARENT: no DIR.tmp-* or DIR.old-* is left in it
	! ls -a "$1" | grep -q -e '\.tmp-' -e '\.old-'
}

# terraform init in the output, then two builds: the user's files stay,
# the very same files (hard links, not copies), and build --check is clean.
out=$tmp/out
"$infrac" build -o "$out" "$spec" >/dev/null 2>&1 || fail "first build"
tf=$out/terraform
if command -v terraform >/dev/null 2>&1 && [ -d /opt/tf-plugins ]; then
	(cd "$tf" && terraform init -backend=false -plugin-dir=/opt/tf-plugins >/dev/null 2>&1) || fail "terraform init"
else
	echo "note: terraform or /opt/tf-plugins missing: a .terraform folder is made by hand"
	mkdir -p "$tf/.terraform/providers" && echo provider >"$tf/.terraform/providers/p" && echo lock >"$tf/.terraform.lock.hcl"
fi
echo '{"version": 4, "serial": 7}' >"$tf/terraform.tfstate"
echo '{"version": 4, "serial": 6}' >"$tf/terraform.tfstate.backup"
chmod 600 "$tf/terraform.tfstate"
printf 'terraform {\n  backend "s3" {}\n}\n' >"$tf/backend.tf"
printf 'resources: [rbac.yaml]\n' >"$out/k8s/kustomization.yaml"
mkdir -p "$out/notes/empty" && ln -s ../terraform "$out/notes/link"
inode=$(stat -c %i "$tf/terraform.tfstate")
(cd "$out" && find . ! -name MANIFEST.sha256 ! -path './helm/*' ! -path './iam/*' ! -name '*.yaml' ! -name '*.tf' -o -name backend.tf -o -name kustomization.yaml |
	sort | xargs stat -c '%n %s %a %F' >"$tmp/user-before")
for i in 1 2; do
	"$infrac" build -o "$out" "$spec" >/dev/null 2>"$tmp/err" || { fail "rebuild $i"; cat "$tmp/err"; }
done
(cd "$out" && find . ! -name MANIFEST.sha256 ! -path './helm/*' ! -path './iam/*' ! -name '*.yaml' ! -name '*.tf' -o -name backend.tf -o -name kustomization.yaml |
	sort | xargs stat -c '%n %s %a %F' >"$tmp/user-after")
if diff "$tmp/user-before" "$tmp/user-after" && [ "$(stat -c %i "$tf/terraform.tfstate")" = "$inode" ] &&
   [ -d "$tf/.terraform" ] && [ -f "$tf/.terraform.lock.hcl" ] && grep -q '"serial": 7' "$tf/terraform.tfstate" &&
   [ "$(readlink "$out/notes/link")" = ../terraform ] && [ -d "$out/notes/empty" ]; then
	ok "a rebuild keeps the user's files"
else
	fail "a rebuild keeps the user's files"
fi
"$infrac" build --check -o "$out" "$spec" >"$tmp/err" 2>&1 && ok "check ignores the user's files" ||
	{ fail "check ignores the user's files"; cat "$tmp/err"; }
grep -q -e terraform.tfstate -e backend.tf "$out/MANIFEST.sha256" && fail "the manifest lists only infrac's files" ||
	ok "the manifest lists only infrac's files"
no_temporaries "$tmp" && ok "no temporary folder left" || fail "no temporary folder left"

# Durability: the new folder is flushed to the disk before it takes the
# old one's place, and the parent folder after.
if command -v strace >/dev/null 2>&1 && strace -o /dev/null true 2>/dev/null; then
	strace -f -o "$tmp/trace" -e trace=syncfs,renameat2,rename,fsync "$infrac" build -o "$out" "$spec" >/dev/null 2>&1
	calls=$(grep -o -E '(syncfs|renameat2|rename|fsync)\(' "$tmp/trace" | tr -d '(' | tr '\n' ' ')
	[ "$calls" = "syncfs renameat2 fsync fsync " ] && ok "flushed before the swap" || fail "flushed before the swap ($calls)"
else
	echo "note: no usable strace: the order of the flushes is not checked"
fi

# A file infrac no longer writes goes; its folder goes with it unless the
# user keeps something there.
echo mine >"$out/iam/README"
"$infrac" build --emit terraform -o "$out" "$spec" >/dev/null 2>&1
if [ ! -e "$out/iam/role-app.trust.json" ] && [ -f "$out/iam/README" ] && [ ! -d "$out/helm" ] && [ -f "$tf/backend.tf" ]; then
	ok "files infrac no longer writes are removed, the user's stay"
else
	fail "files infrac no longer writes are removed, the user's stay"
fi

# A user's file where the build would write is refused, never overwritten.
echo '{"mine": true}' >"$out/iam/role-app.trust.json"
"$infrac" build -o "$out" "$spec" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'iam/role-app.trust.json was not written by infrac' "$tmp/err" &&
   grep -q '"mine"' "$out/iam/role-app.trust.json" && [ ! -d "$out/helm" ] && no_temporaries "$tmp"; then
	ok "a user's file in the way is refused"
else
	fail "a user's file in the way is refused (rc $rc)"; cat "$tmp/err"
fi
rm "$out/iam/role-app.trust.json"

# -o a symbolic link: the build goes to the folder it points to, the link
# stays a link, and nothing in the folder that infrac did not write goes.
mkdir "$tmp/victim" && echo precious >"$tmp/victim/notes.txt"
ln -s victim "$tmp/link"
"$infrac" build -o "$tmp/link" "$spec" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && [ "$(cat "$tmp/victim/notes.txt")" = precious ] && [ "$(ls "$tmp/victim")" = notes.txt ] &&
   [ -L "$tmp/link" ] && no_temporaries "$tmp"; then
	ok "a link to a folder infrac did not write is refused"
else
	fail "a link to a folder infrac did not write is refused (rc $rc)"; cat "$tmp/err"
fi
mkdir "$tmp/elsewhere" && ln -s elsewhere "$tmp/link2"
"$infrac" build -o "$tmp/link2" "$spec" >/dev/null 2>&1 || fail "build into a link to an empty folder"
echo state >"$tmp/elsewhere/terraform/terraform.tfstate"
"$infrac" build -o "$tmp/link2" "$spec" >/dev/null 2>&1 || fail "rebuild into a link"
if [ -L "$tmp/link2" ] && [ -f "$tmp/elsewhere/MANIFEST.sha256" ] && [ "$(cat "$tmp/elsewhere/terraform/terraform.tfstate")" = state ] &&
   no_temporaries "$tmp"; then
	ok "a link is followed and stays a link"
else
	fail "a link is followed and stays a link"
fi

# Modes: as the umask says for a new folder; a folder's own mode is kept.
(umask 027 && "$infrac" build -o "$tmp/modes" "$spec" >/dev/null 2>&1)
m=$(stat -c %a "$tmp/modes" "$tmp/modes/terraform" "$tmp/modes/terraform/versions.tf" | tr '\n' ' ')
[ "$m" = "750 750 640 " ] && ok "modes follow the umask" || fail "modes follow the umask ($m)"
chmod 700 "$tmp/modes"
"$infrac" build -o "$tmp/modes" "$spec" >/dev/null 2>&1
m=$(stat -c %a "$tmp/modes")
[ "$m" = 700 ] && ok "a rebuild keeps the folder's mode" || fail "a rebuild keeps the folder's mode ($m)"

# Signals: a large build stopped by SIGINT, SIGTERM or SIGHUP removes its
# folder and dies of the signal; the previous output stays as it was.
"$gen" 10000 >"$tmp/big.infra"
mkdir "$tmp/sig"
"$infrac" build -o "$tmp/sig/out" "$spec" >/dev/null 2>&1
sum=$(cd "$tmp/sig/out" && sha256sum MANIFEST.sha256)
# Starts a build of big.infra into sig/out and waits for its temporary
# folder.  A shell starts background jobs with SIGINT ignored, and a
# program keeps a signal ignored that it was started with, so env gives
# it back its default.
start_big() {
	env --default-signal=INT "$infrac" build -o "$tmp/sig/out" "$tmp/big.infra" >/dev/null 2>&1 &
	pid=$!
	n=0
	while ! ls "$tmp/sig" | grep -q 'out\.tmp-' && [ $n -lt 600 ] && kill -0 $pid 2>/dev/null; do
		sleep 0.05
		n=$((n + 1))
	done
}
for s in INT:130 TERM:143 HUP:129; do
	sig=${s%:*} want=${s#*:}
	start_big
	kill -s "$sig" $pid
	wait $pid
	rc=$?
	if [ $rc -eq "$want" ] && no_temporaries "$tmp/sig" && (cd "$tmp/sig/out" && sha256sum -c --quiet MANIFEST.sha256) &&
	   [ "$(cd "$tmp/sig/out" && sha256sum MANIFEST.sha256)" = "$sum" ]; then
		ok "SIG$sig removes the folder being built"
	else
		fail "SIG$sig removes the folder being built (rc $rc)"; ls -a "$tmp/sig"
	fi
done

# SIGKILL leaves the folder; the next build removes it, by its marker: a
# folder of the same shape of name but without a marker stays.
start_big
kill -s KILL $pid
wait $pid
left=$(ls "$tmp/sig" | grep -c 'out\.tmp-')
mkdir "$tmp/sig/out.tmp-mine00" && echo mine >"$tmp/sig/out.tmp-mine00/keep"
"$infrac" build -o "$tmp/sig/out" "$spec" >/dev/null 2>&1
if [ "$left" = 1 ] && [ "$(ls "$tmp/sig")" = "out
out.tmp-mine00" ] && [ -f "$tmp/sig/out.tmp-mine00/keep" ]; then
	ok "a folder left by SIGKILL is removed by the next build"
else
	fail "a folder left by SIGKILL is removed by the next build ($left left)"; ls -a "$tmp/sig"
fi

# Out of memory: a message, exit 2, no core dump, no folder.  Address
# space limits do not mix with the sanitizers' shadow memory.
if [ -n "${INFRAC_SANITIZE:-}" ] && [ "$INFRAC_SANITIZE" != none ]; then
	echo "note: out-of-memory test skipped under $INFRAC_SANITIZE"
else
	found=0
	for kb in 200000 240000 260000 280000; do
		(ulimit -c 0 && ulimit -v $kb && exec "$infrac" build -o "$tmp/oom" "$tmp/big.infra") >/dev/null 2>"$tmp/err"
		rc=$?
		[ $rc -eq 0 ] && break
		if [ $rc -eq 2 ] && grep -q '^infrac: error: out of memory$' "$tmp/err" && no_temporaries "$tmp" && [ ! -e "$tmp/oom" ]; then
			found=$((found + 1))
		else
			fail "out of memory at $kb KB (rc $rc)"; cat "$tmp/err"; ls -a "$tmp"
		fi
	done
	[ $found -gt 0 ] && ok "out of memory: exit 2, nothing left ($found limits)" || fail "out of memory never reached"
fi

[ $failures -eq 0 ]

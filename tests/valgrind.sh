#!/bin/sh
# usage: valgrind.sh INFRAC -- the compiler under valgrind's memcheck:
# no invalid read or write, no use of uninitialised memory and no leak, on
# successful builds, on failing checks and on hostile bytes.  The ASan
# build covers the suite; this covers the optimised binary users run.
set -u
infrac=$1
if ! command -v valgrind >/dev/null 2>&1; then
	echo "SKIP: valgrind is not installed (apt-get install valgrind)"
	exit 77
fi
if grep -q __asan_init "$infrac" 2>/dev/null; then
	echo "SKIP: $infrac is built with AddressSanitizer, which valgrind cannot run"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# vg WANT_STATUS ARGS...: runs infrac under memcheck.
vg() {
	want=$1
	shift
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible "$infrac" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne "$want" ]; then
		echo "FAIL infrac $*: exit status $rc, expected $want"
		head -c 4000 "$tmp/err"
		failures=$((failures + 1))
	else
		echo "ok   infrac $*"
	fi
}

for f in examples/*/envs/*.infra docs/sketches/*.infra; do
	[ -f "$f" ] || continue
	rm -rf "$tmp/o"
	vg 0 build -o "$tmp/o" "$f"
done
vg 0 plan --format json examples/tracecat/envs/light.infra
cp docs/sketches/tracecat.infra "$tmp/fmt.infra"
vg 0 fmt "$tmp/fmt.infra"
for f in tests/errors/*.infra tests/check/*.infra; do
	[ -f "$f" ] || continue
	# Every tenth file keeps the run short; each is a different mistake.
	case $(printf '%s' "$f" | cksum | cut -d' ' -f1) in
	*0) vg 1 check "$f" ;;
	esac
done
head -c 65536 /dev/urandom >"$tmp/random.infra"
vg 1 check "$tmp/random.infra"
vg 2 check "$tmp/does-not-exist.infra"

[ $failures -eq 0 ]

#!/bin/sh
# bench/run.sh: measures infrac check and build and prints Markdown tables.
#
# usage: bench/run.sh [BUILD_DIR] [OUT_PARENT]
#
# BUILD_DIR is a configured build with the benchmarks (default build/,
# made by ./setup).  Outputs are written under OUT_PARENT (default /tmp),
# on whatever file system holds it: name it in the results.  Each figure is
# the median of 5 runs; peak RSS is the largest of the 5.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
parent=${2:-/tmp}
infrac=$build/infrac
gen=$build/bench/bench-gen
measure=$build/bench/bench-measure
raw=$build/bench/bench-rawwrite
ninja -C "$build" infrac bench/bench-gen bench/bench-measure bench/bench-rawwrite >/dev/null

work=$(mktemp -d "$parent/infrac-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# Columns of a bench-measure line: wall_ms user_ms maxrss_kb.
col() { echo "$1" | cut -d' ' -f"$2"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "machine: $(nproc) cores, $(uname -m), output on $(df -T "$work" | awk 'NR == 2 { print $2 }')"
# What starting any program costs here, measured the same way: on a
# virtual machine it is a large part of a small check, and it varies
# from day to day with the host.
t=$("$measure" -- /bin/true)
echo "starting a process (true): $(col "$t" 1) ms wall"
echo
echo "### infrac check of the examples"
echo
echo "| environment | wall ms | user ms | peak RSS MB |"
echo "|---|---:|---:|---:|"
for f in "$root"/examples/*/envs/*.infra; do
	[ -f "$f" ] || continue
	m=$("$measure" -- "$infrac" check "$f")
	echo "| ${f#"$root"/examples/} | $(col "$m" 1) | $(col "$m" 2) | $(mb "$(col "$m" 3)") |"
done

echo
echo "### synthetic specs (bench/gen.c)"
echo
echo "| N | spec | command | wall ms | user ms | peak RSS MB | files | output MB | MB/s |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|"
for n in 100 1000 10000; do
	spec=$work/n$n.infra
	out=$work/out$n
	"$gen" $n >"$spec"
	size=$(mb "$(($(wc -c <"$spec") / 1024))")
	c=$("$measure" -- "$infrac" check "$spec")
	b=$("$measure" --clean "$out" -- "$infrac" build -o "$out" "$spec")
	"$infrac" build -o "$out" "$spec" >/dev/null
	# Over the folder of the previous build: the user's files are looked
	# for and carried over, the old folder removed after the swap.
	rb=$("$measure" -- "$infrac" build -o "$out" "$spec")
	files=$(find "$out" -type f | wc -l)
	bytes=$(find "$out" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
	"$raw" pack "$out" "$work/pack$n"
	r=$("$measure" --clean "$work/raw$n" -- "$raw" write "$work/pack$n" "$work/raw$n")
	omb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
	rate() { awk -v b="$bytes" -v ms="$1" 'BEGIN { printf "%.0f", b / 1048576 / (ms / 1000) }'; }
	echo "| $n | $size MB | check | $(col "$c" 1) | $(col "$c" 2) | $(mb "$(col "$c" 3)") | | | |"
	echo "| $n | | build | $(col "$b" 1) | $(col "$b" 2) | $(mb "$(col "$b" 3)") | $files | $omb | $(rate "$(col "$b" 1)") |"
	echo "| $n | | rebuild | $(col "$rb" 1) | $(col "$rb" 2) | $(mb "$(col "$rb" 3)") | $files | $omb | $(rate "$(col "$rb" 1)") |"
	echo "| $n | | raw write | $(col "$r" 1) | $(col "$r" 2) | $(mb "$(col "$r" 3)") | $files | $omb | $(rate "$(col "$r" 1)") |"
	eval "check_$n=$(col "$c" 1) build_$n=$(col "$b" 1) raw_$n=$(col "$r" 1)"
	rm -rf "$out" "$work/raw$n" "$work/pack$n"
done

echo
echo "build / raw write at N=10000: $(div "$build_10000" "$raw_10000")x"
echo "N=10000 / N=1000 (10x the services): check $(div "$check_10000" "$check_1000")x, build $(div "$build_10000" "$build_1000")x"

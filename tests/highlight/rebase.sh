#!/bin/sh
# usage: tests/highlight/rebase.sh EXPECT SOURCE
#
# Moves the expectations of EXPECT to where their lines now are in SOURCE,
# for when lines were added to or removed from SOURCE (a sketch, say).
# In an expectation file each group of checks starts with a comment that
# copies its source line:
#
#   # 17:   version = "1.31"
#   17:3 variable.other.property.infra
#
# The group moves to the line of SOURCE that has the same text, the one
# nearest to its old place when there are several; a change of indentation
# shifts the columns.  A group whose line is gone is kept, commented out
# with "# GONE", and named on stderr: check it and write it anew.  EXPECT is
# rewritten in place; review the result with git diff and run
# tests/highlight/run.sh.
set -u
if [ $# -ne 2 ] || [ ! -f "$1" ] || [ ! -f "$2" ]; then
	echo "usage: rebase.sh EXPECT SOURCE" >&2
	exit 2
fi
expect=$1 source=$2
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT

awk -v src="$source" -v name="$expect" '
function indent(s) { match(s, /^[ \t]*/); return RLENGTH }
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
BEGIN {
	n = 0
	while ((getline line < src) > 0) {
		sub(/\r$/, "", line)
		text[++n] = line
	}
	gone = 0
}
/^# [0-9]+: / {
	old = $2; sub(/:$/, "", old); old += 0
	line = $0; sub(/^# [0-9]+: /, "", line)
	want = trim(line)
	new = 0
	for (d = 0; d <= n; d++) {
		if (old - d >= 1 && old - d <= n && trim(text[old - d]) == want) { new = old - d; break }
		if (old + d >= 1 && old + d <= n && trim(text[old + d]) == want) { new = old + d; break }
	}
	if (new) {
		shift = indent(text[new]) - indent(line)
		print "# " new ": " text[new]
		group = 1
	} else {
		printf "%s: line %d is gone: %s\n", name, old, want > "/dev/stderr"
		gone++
		print "# GONE " $0
		group = -1
	}
	next
}
/^[0-9]+:[0-9]+[ \t]/ && group == 1 {
	split($1, p, ":")
	print new ":" (p[2] + shift) substr($0, length($1) + 1)
	next
}
/^[0-9]+:[0-9]+[ \t]/ && group == -1 { print "# GONE " $0; next }
{ group = ($0 ~ /^[ \t]*$/ || $0 ~ /^#/) ? group : 0; print }
END { exit gone ? 3 : 0 }
' "$expect" >"$tmp"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
	exit 1
fi
cat "$tmp" >"$expect"
[ $rc -eq 0 ] || echo "$expect: some groups are commented out as GONE" >&2
exit 0

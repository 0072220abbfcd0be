#!/bin/sh
# usage: typo-suggest.sh INFRAC FILE -- every attribute of every `resource`
# and `data` block of FILE, misspelt by one letter (its middle letter
# dropped), is an error that suggests the right name from the provider's
# schema.
set -u
infrac=$1 file=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Line numbers and names of the attributes inside typed blocks.
awk '
	/^[ \t]*(resource|data) [a-z0-9_]+ / { if (!depth) typed = 1 }
	typed && match($0, /^[ \t]*[a-z_][a-z0-9_]* *=/) {
		name = $0; sub(/^[ \t]*/, "", name); sub(/ *=.*/, "", name)
		if (length(name) > 2) print NR, name
	}
	{ n = gsub(/\{/, "{"); m = gsub(/\}/, "}"); depth += n - m; if (depth == 0) typed = 0 }
' "$file" >"$tmp/attrs"
total=0 failures=0
while read -r line name; do
	total=$((total + 1))
	half=$(( (${#name} + 1) / 2 ))
	typo=$(printf '%s' "$name" | cut -c1-$((half - 1)))$(printf '%s' "$name" | cut -c$((half + 1))-)
	copy="$tmp/typo.infra"
	awk -v l="$line" -v n="$name" -v t="$typo" 'NR == l { sub(n, t) } { print }' "$file" >"$copy"
	"$infrac" check "$copy" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 1 ] || ! grep -qF "did you mean \`$name\`?" "$tmp/err"; then
		echo "FAIL line $line: \`$typo\` for \`$name\`: exit status $rc"; head -8 "$tmp/err"
		failures=$((failures + 1))
	fi
done <"$tmp/attrs"
echo "$total misspelt attributes, $failures without the right suggestion"
[ $total -gt 0 ] && [ $failures -eq 0 ]

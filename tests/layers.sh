#!/bin/sh
# usage: layers.sh -- run from the source root.  Each layer includes only
# its own header and those of the layers below it, so data and calls flow
# one way: runtime <- grammar <- compiler <- lower <- emitters <- cli.  A back end
# that the compiler calls, or a compiler file that reaches up into the
# command line, fails here.
set -u
allowed() {
	case $1 in
	runtime) echo "runtime.h diagnostics.def" ;;
	grammar) echo "grammar.h parser.h runtime.h" ;;
	compiler) echo "infrac.h grammar.h runtime.h" ;;
	lower) echo "lower.h infrac.h grammar.h runtime.h" ;;
	emitters) echo "emit.h lower.h infrac.h grammar.h runtime.h iam_actions.def" ;;
	cli) echo "cli.h emit.h lower.h infrac.h grammar.h runtime.h" ;;
	esac
}
bad=0 n=0
for layer in runtime grammar compiler lower emitters cli; do
	ok=$(allowed $layer)
	for f in "$layer"/*.c "$layer"/*.h "$layer"/*.y "$layer"/*.l; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
			case " $ok " in
			*" $h "*) ;;
			*) echo "FAIL $f includes \"$h\", above its layer ($layer: $ok)"; bad=$((bad + 1)) ;;
			esac
		done
	done
done
echo "$n files, $bad includes across layers"
[ $bad -eq 0 ] && [ $n -gt 0 ]

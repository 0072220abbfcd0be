#!/bin/sh
# usage: list-corpus.sh ROOT -- prints the fuzz corpus of the tree at ROOT,
# one path per line, relative to ROOT: every .infra file outside build,
# output and hidden folders, then every file in fuzz/regressions/.
# Both the replay test and tests/fuzz-run read the corpus from here.
set -eu
cd "$1"
find . \( -path './build*' -o -path ./out -o -path ./fuzz/corpus-work -o -path './.?*' \
	-o -name node_modules \) -prune -o -type f -name '*.infra' -print | sed 's|^\./||' | LC_ALL=C sort
if [ -d fuzz/regressions ]; then
	find fuzz/regressions -type f ! -name '.*' ! -name README | LC_ALL=C sort
fi

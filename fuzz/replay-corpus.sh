#!/bin/sh
# usage: replay-corpus.sh REPLAY ROOT -- runs REPLAY (a fuzz target linked
# with replay.c) on the fuzz corpus of the tree at ROOT.  Fails when the
# corpus is empty, so a broken file search cannot pass unnoticed.
set -eu
case $1 in
/*) replay=$1 ;;
*) replay=$(pwd)/$1 ;;
esac
cd "$2"
list=$(sh fuzz/list-corpus.sh .)
if [ -z "$list" ]; then
	echo "replay-corpus.sh: no corpus found under $2" >&2
	exit 1
fi
# One path per line: split on line breaks only, and expand no patterns.
set -f
IFS='
'
# shellcheck disable=SC2086
exec "$replay" $list

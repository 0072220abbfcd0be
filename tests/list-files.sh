#!/bin/sh
# usage: list-files.sh ROOT DIR SUFFIX -- prints DIR/*SUFFIX relative to ROOT, sorted.
cd "$1" || exit 1
[ -d "$2" ] || exit 0
find "$2" -maxdepth 1 -type f -name "*$3" | LC_ALL=C sort

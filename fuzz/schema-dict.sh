#!/bin/sh
# usage: schema-dict.sh STDLIB -- prints a libFuzzer dictionary of what
# the schema in STDLIB/kinds/*.infra declares: kind names, alone and as a
# block (`network x {}`), field names, alone and as an attribute
# (`cidr = `), enum members, variant labels and the quantities of the
# defaults (`10min`, `20GiB`).  tests/fuzz-run appends it to
# fuzz/infrac.dict for the targets that get past the parser, so that a
# byte mutation inserting a word inserts one the compiler knows.
set -eu
kinds=$1/kinds
{
	sed -n 's/^kind \([a-z_][a-z0-9_]*\).*/"\1"\n"\1 x {}\\x0A"/p' "$kinds"/*.infra
	sed -n 's/^ *\(field\|output\) \([a-z_][a-z0-9_]*\):.*/"\2"\n"\2 = "/p' "$kinds"/*.infra
	grep -ho 'enum([^)]*)' "$kinds"/*.infra | sed 's/^enum(//; s/)$//; s/, */\n/g' | sed 's/.*/"&"/'
	sed -n 's/^ *variant *= *\([a-z_][a-z0-9_]*\).*/"\1"/p' "$kinds"/*.infra
	sed -n 's/^ *field [a-z_0-9]*: [a-z]*\(([A-Za-z]*)\)\{0,1\} = \([0-9][0-9.]*[A-Za-z%]*\) .*/"\2"/p' "$kinds"/*.infra
} | LC_ALL=C sort -u

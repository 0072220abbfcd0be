#!/usr/bin/env python3
# usage: schema-check.py SCHEMA TF_FILE_OR_FOLDER...
#
# Checks every resource and data source infrac writes against the provider
# schema it ships (stdlib/providers/aws-*.schema, format in
# docs/providers.md), without terraform: an attribute or nested block the
# type does not have, an attribute only the provider sets, a deprecated
# one, a required attribute or block left out, a block written more often
# than the schema allows.  It reads the committed outputs (the goldens of
# tests/emit/terraform and tests/examples), so a back end that writes a
# misspelt attribute fails here when its golden is updated.
#
# The HCL read is infrac's own, as its writer lays it out: one attribute or
# block opening per line, two-space indentation, values that span lines
# (objects, lists, heredocs) closed before the next attribute.
import os
import re
import sys

META_ATTRS = {"depends_on", "count", "for_each", "provider"}
META_BLOCKS = {"lifecycle"}


class Block:
    def __init__(self):
        self.attrs = {}   # name -> (type, flags)
        self.blocks = {}  # name -> (min, max, Block)


def load_schema(path):
    """Reads the sections `resource TYPE` / `data TYPE` into Blocks."""
    types = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    stack = None
    for line in lines:
        if line.startswith("resource ") or line.startswith("data "):
            kind, name = line.split(" ", 1)
            top = Block()
            types[(kind, name)] = top
            stack = [top]
            continue
        if stack is None or not line.startswith(" "):
            continue
        depth = len(line) - len(line.lstrip(" "))
        del stack[depth:]
        words = line.split()
        if "{" in words[1][:1]:
            # NAME {MODE MIN MAX BYTES [d]
            mode, lo, hi = words[1][1:], int(words[2]), int(words[3])
            b = Block()
            if mode == "single":
                hi = 1
            stack[-1].blocks[words[0]] = (lo, hi, b, "d" in words[5:])
            stack.append(b)
        else:
            stack[-1].attrs[words[0]] = (words[1], words[2] if len(words) > 2 else "")
    return types


def object_attr(flags_and_type):
    """The keys of a list(object(...)) or set(object(...)) attribute as
    a Block whose attributes are all optional; None for another type."""
    if not flags_and_type:
        return None
    t = flags_and_type[0]
    for head in ("list(object(", "set(object("):
        if t.startswith(head):
            body = t[len(head):-2]
            b = Block()
            depth, start = 0, 0
            for k, ch in enumerate(body + ","):
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                elif ch == "," and depth == 0:
                    b.attrs[body[start:k].split(":", 1)[0]] = ("", "o")
                    start = k + 1
            return b
    return None


OPEN = re.compile(r'^(resource|data) "([^"]+)" "([^"]+)" \{$')


def skip_value(lines, i, first):
    """The index after an attribute value that opens on line i."""
    if re.search(r"<<-?(\w+)$", first):
        tag = re.search(r"<<-?(\w+)$", first).group(1)
        i += 1
        while i < len(lines) and lines[i].strip() != tag:
            i += 1
        return i + 1
    depth = 0
    quoted = False
    j = i
    while j < len(lines):
        text = lines[j] if j > i else first
        k = 0
        while k < len(text):
            ch = text[k]
            if quoted:
                if ch == "\\":
                    k += 1
                elif ch == '"':
                    quoted = False
            elif ch == '"':
                quoted = True
            elif ch in "{[(":
                depth += 1
            elif ch in "}])":
                depth -= 1
            k += 1
        if depth <= 0:
            return j + 1
        j += 1
    return j


def check_body(lines, i, schema, where, problems):
    """Reads a block body from line i to its closing brace; returns the
    index after it."""
    seen_attrs = set()
    counts = {}
    while i < len(lines):
        line = lines[i].strip()
        if line == "}":
            break
        if not line or line.startswith("#"):
            i += 1
            continue
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(.*)$", line)
        if m:
            name = m.group(1)
            seen_attrs.add(name)
            if name not in META_ATTRS:
                flags = schema.attrs.get(name, (None, None))[1]
                if flags is None:
                    problems.append(f"{where}: no attribute `{name}`")
                elif "c" in flags and "o" not in flags and "r" not in flags:
                    problems.append(f"{where}: `{name}` is set only by the provider")
                elif "d" in flags:
                    problems.append(f"{where}: `{name}` is deprecated")
            i = skip_value(lines, i, m.group(2))
            continue
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*\{$", line)
        if m:
            name = m.group(1)
            counts[name] = counts.get(name, 0) + 1
            sub = schema.blocks.get(name)
            if name in META_BLOCKS:
                i = check_body(lines, i + 1, Block(), where, [])
            elif sub is None and object_attr(schema.attrs.get(name)):
                # A list of objects written as blocks, as Terraform allows.
                i = check_body(lines, i + 1, object_attr(schema.attrs[name]), f"{where}.{name}", problems)
            elif sub is None:
                problems.append(f"{where}: no nested block `{name}`")
                i = check_body(lines, i + 1, Block(), where, [])
            else:
                if sub[3]:
                    problems.append(f"{where}: block `{name}` is deprecated")
                i = check_body(lines, i + 1, sub[2], f"{where}.{name}", problems)
            i += 1
            continue
        problems.append(f"{where}: cannot read line {i + 1}: {line}")
        i += 1
    for name, (_, flags) in schema.attrs.items():
        if "r" in flags and name not in seen_attrs:
            problems.append(f"{where}: required attribute `{name}` is missing")
    for name, (lo, hi, _, _) in schema.blocks.items():
        n = counts.get(name, 0)
        if n < lo:
            problems.append(f"{where}: block `{name}` is written {n} times, at least {lo} wanted")
        if hi and n > hi:
            problems.append(f"{where}: block `{name}` is written {n} times, at most {hi} allowed")
    return i


def check_file(path, types, problems):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    checked = 0
    i = 0
    while i < len(lines):
        m = OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        kind, tf_type, name = m.groups()
        where = f"{path}:{i + 1}: {'data.' if kind == 'data' else ''}{tf_type}.{name}"
        schema = types.get((kind, tf_type))
        if schema is None:
            if tf_type.startswith("aws_"):
                problems.append(f"{where}: no such {kind} type")
            i += 1
            continue
        i = check_body(lines, i + 1, schema, where, problems) + 1
        checked += 1
    return checked


def main():
    if len(sys.argv) < 3:
        print("usage: schema-check.py SCHEMA TF_FILE_OR_FOLDER...", file=sys.stderr)
        return 2
    types = load_schema(sys.argv[1])
    files = []
    for arg in sys.argv[2:]:
        if os.path.isdir(arg):
            for root, _, names in os.walk(arg):
                files += [os.path.join(root, n) for n in names if n.endswith(".tf")]
        elif arg.endswith(".tf"):
            files.append(arg)
    problems = []
    checked = 0
    for path in sorted(files):
        checked += check_file(path, types, problems)
    for p in problems:
        print(p)
    print(f"{checked} resources and data sources in {len(files)} files, {len(problems)} problems")
    return 1 if problems or not checked else 0


sys.exit(main())

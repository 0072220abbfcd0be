#!/usr/bin/env python3
# gen-schema.py: a Terraform provider's schema as the compact file infrac reads.
#
# infrac types `resource` and `data` blocks from the provider's own schema,
# the output of `terraform providers schema -json`.  That JSON is 14 MB for
# hashicorp/aws; the file made here keeps what checking needs (names,
# types, required/optional/computed, sensitive, deprecated, write-only,
# nested blocks with their nesting mode and item counts) in about a tenth
# of it, sorted, so the same schema always makes the same bytes.  infrac
# reads the index at its head and then only the types a specification uses
# (compiler/provider.c; the format is described in docs/providers.md).
#
# Usage, for the provider version a stack pins:
#   mkdir s && cd s && printf '%s\n' 'terraform {' \
#     '  required_providers { aws = { source = "hashicorp/aws", version = "5.100.0" } }' '}' > main.tf
#   terraform init -backend=false [-plugin-dir=DIR]
#   terraform providers schema -json > schema.json
#   gen-schema.py schema.json registry.terraform.io/hashicorp/aws 5.100.0 > aws-5.100.0.schema
import json
import sys


def type_text(t):
    if isinstance(t, str):
        return t
    kind = t[0]
    if kind in ("list", "set", "map"):
        return "%s(%s)" % (kind, type_text(t[1]))
    if kind == "object":
        return "object(%s)" % ",".join("%s:%s" % (k, type_text(v)) for k, v in sorted(t[1].items()))
    if kind == "tuple":
        return "tuple(%s)" % ",".join(type_text(v) for v in t[1])
    raise SystemExit("gen-schema: unknown type %r" % (t,))


def flags(a):
    f = ""
    if a.get("required"):
        f += "r"
    if a.get("optional"):
        f += "o"
    if a.get("computed"):
        f += "c"
    if a.get("sensitive"):
        f += "s"
    if a.get("deprecated"):
        f += "d"
    if a.get("write_only"):
        f += "w"
    return f


def block_lines(b, depth, out):
    pad = " " * depth
    for name, a in sorted(b.get("attributes", {}).items()):
        if "nested_type" in a:
            raise SystemExit("gen-schema: nested attribute types are not supported (%s)" % name)
        out.append("%s%s %s %s" % (pad, name, type_text(a["type"]), flags(a)))
    for name, bt in sorted(b.get("block_types", {}).items()):
        mode = bt["nesting_mode"]
        if mode not in ("single", "list", "set", "group", "map"):
            raise SystemExit("gen-schema: unknown nesting mode %s" % mode)
        body = []
        block_lines(bt["block"], depth + 1, body)
        size = sum(len(line.encode("utf-8")) + 1 for line in body)
        out.append("%s%s {%s %d %d %d%s" % (pad, name, mode, bt.get("min_items", 0), bt.get("max_items", 0), size,
                                          " d" if bt["block"].get("deprecated") else ""))
        out.extend(body)


def main():
    if len(sys.argv) != 4:
        raise SystemExit("usage: gen-schema.py SCHEMA.json PROVIDER-ADDRESS VERSION")
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    address, version = sys.argv[2], sys.argv[3]
    p = doc["provider_schemas"][address]
    sections = []
    for word, key in (("data", "data_source_schemas"), ("resource", "resource_schemas")):
        for name, s in sorted(p.get(key, {}).items()):
            lines = ["%s %s" % (word, name)]
            block_lines(s["block"], 1, lines)
            sections.append((word, name, "\n".join(lines) + "\n"))
    local = address.rsplit("/", 1)[-1]
    source = "/".join(address.split("/")[-2:])
    head = ["infrac-schema 1", "provider %s %s %s" % (local, source, version)]
    body = []
    offset = 0
    index = []
    for word, name, text in sections:
        index.append("%s %s %d" % ("d" if word == "data" else "r", name, offset))
        body.append(text)
        offset += len(text.encode("utf-8"))
    out = "\n".join(head + index + ["end"]) + "\n" + "".join(body)
    sys.stdout.write(out)


main()

#!/usr/bin/env python3
# gen-schema.py: the built-in Kubernetes kinds as the compact schema file
# infrac reads for `kubernetes KIND NAME { ... }` blocks.
#
# The source is the OpenAPI (v2) document the Kubernetes API server
# publishes, api/openapi-spec/swagger.json of the kubernetes/kubernetes
# release branch.  For 1.31 the same document is kept, unchanged, as
# kubernetes/swagger.json.unprocessed at tag v31.0.0 of
# github.com/kubernetes-client/python (the client generated from 1.31):
#
#   git -C python show v31.0.0:kubernetes/swagger.json.unprocessed >swagger.json
#   gen-schema.py swagger.json 1.31 >kubernetes-1.31.schema
#
# The file has the format of the provider schemas (docs/providers.md), so
# compiler/provider.c reads both, and CRDs are mapped the same way in C
# (compiler/kube.c).  One section per kind that can be created and read
# back (a path with a `get` of the kind by name), its header
# `resource KIND APIVERSION namespaced|cluster`.  A kind served by several
# groups or versions keeps one: a GA version before a beta one (alpha ones
# are off by default and left out), the core group first, then the
# highest version.  The mapping, per property:
#   object with properties      -> a nested block {single MIN 0 BYTES
#   array of objects            -> repeated blocks {list MIN 0 BYTES
#   additionalProperties        -> map(T)  (map(dynamic) for objects)
#   string/integer/number/bool  -> string, number, number, bool
#   string with enum values     -> enum(A|B|C)
#   int-or-string, free objects -> dynamic
# A required object or array property needs at least one block.  metadata,
# apiVersion, kind and status of a kind are not fields: infrac writes the
# first three from the block's header (compiler/kube.c adds namespace,
# labels and annotations), and status belongs to the cluster.  Read-only
# fields (server-set, "Read-only." in their description) are left out;
# descriptions are not kept.
import json
import re
import sys

ENUM_LINE = re.compile(r'^ - `"([^"`]*)"`', re.M)


def ref_name(s):
    return s["$ref"].split("/")[-1]


def enum_of(s):
    values = s.get("enum")
    if values is None:
        d = s.get("description", "")
        at = d.find("Possible enum values:")
        if at < 0:
            return None
        values = ENUM_LINE.findall(d[at:])
    if not values or not all(isinstance(v, str) and v and re.fullmatch(r"[^ |()]+", v) for v in values):
        return None
    return sorted(set(values))


class Gen:
    def __init__(self, defs):
        self.defs = defs

    def resolve(self, s):
        while "$ref" in s:
            s = self.defs[ref_name(s)]
        return s

    def scalar(self, s, stack):
        """The type text of a schema that is not a block, or None."""
        name = ref_name(s) if "$ref" in s else None
        s = self.resolve(s)
        if s.get("format") == "int-or-string" or s.get("x-kubernetes-int-or-string"):
            return "dynamic"
        t = s.get("type")
        if t == "string":
            e = enum_of(s)
            return "enum(%s)" % "|".join(e) if e else "string"
        if t in ("integer", "number"):
            return "number"
        if t == "boolean":
            return "bool"
        if t == "array":
            item = s.get("items", {})
            it = self.scalar(item, stack)
            return "list(%s)" % (it if it else "dynamic")
        if t == "object" or t is None:
            if "additionalProperties" in s and not s.get("properties"):
                a = s["additionalProperties"]
                it = self.scalar(a, stack) if isinstance(a, dict) else None
                return "map(%s)" % (it if it else "dynamic")
            if not s.get("properties") or s.get("x-kubernetes-preserve-unknown-fields") or name in stack:
                return "dynamic"
            return None
        return "dynamic"

    def is_block(self, s, stack):
        r = self.resolve(s)
        if r.get("type") == "array":
            item = r.get("items", {})
            return self.scalar(item, stack) is None
        return self.scalar(s, stack) is None

    def body(self, s, depth, stack, out, skip=()):
        s = self.resolve(s)
        required = set(s.get("required", []))
        pad = " " * depth
        for name, p in sorted(s.get("properties", {}).items()):
            if name in skip or " " in name:
                continue
            if "Read-only." in p.get("description", ""):
                continue
            if self.is_block(p, stack):
                r = self.resolve(p)
                many = r.get("type") == "array"
                target = r["items"] if many else p
                ref = ref_name(target) if "$ref" in target else None
                inner = []
                if ref == "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta":
                    self.body(target, depth + 1, stack, inner,
                              skip=("creationTimestamp", "deletionGracePeriodSeconds", "deletionTimestamp",
                                    "generation", "managedFields", "ownerReferences", "resourceVersion",
                                    "selfLink", "uid"))
                else:
                    self.body(target, depth + 1, stack + ([ref] if ref else []), inner)
                size = sum(len(line.encode("utf-8")) + 1 for line in inner)
                out.append("%s%s {%s %d 0 %d" % (pad, name, "list" if many else "single",
                                                   1 if name in required else 0, size))
                out.extend(inner)
            else:
                out.append("%s%s %s %s" % (pad, name, self.scalar(p, stack), "r" if name in required else "o"))


def version_rank(group, version):
    m = re.fullmatch(r"v(\d+)(?:(alpha|beta)(\d+))?", version)
    stage = {"alpha": 0, "beta": 1, None: 2}[m.group(2)]
    return (stage, group == "", int(m.group(1)), int(m.group(3) or 0))


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: gen-schema.py SWAGGER.json KUBERNETES-VERSION")
    with open(sys.argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    defs = doc["definitions"]
    # Which definitions are kinds one can read back by name, and their scope.
    scope = {}
    for path, item in doc["paths"].items():
        get = item.get("get")
        if not get or not path.endswith("/{name}") or "watch" in path.split("/"):
            continue
        gvk = get.get("x-kubernetes-group-version-kind")
        ref = get.get("responses", {}).get("200", {}).get("schema", {}).get("$ref")
        if not gvk or not ref or ref_name({"$ref": ref}) not in defs:
            continue
        scope[ref_name({"$ref": ref})] = (gvk, "/namespaces/{namespace}/" in path)
    best = {}
    for name, (gvk, namespaced) in scope.items():
        if "alpha" in gvk["version"]:
            continue
        rank = version_rank(gvk["group"], gvk["version"])
        kind = gvk["kind"]
        if kind not in best or rank > best[kind][0]:
            best[kind] = (rank, name, gvk, namespaced)
    gen = Gen(defs)
    sections = []
    for kind in sorted(best):
        _, name, gvk, namespaced = best[kind]
        api = gvk["group"] + "/" + gvk["version"] if gvk["group"] else gvk["version"]
        lines = ["resource %s %s %s" % (kind, api, "namespaced" if namespaced else "cluster")]
        gen.body(defs[name], 1, [name], lines, skip=("apiVersion", "kind", "metadata", "status"))
        sections.append((kind, "\n".join(lines) + "\n"))
    head = ["infrac-schema 1", "provider kubernetes kubernetes/kubernetes %s" % sys.argv[2]]
    index, body, offset = [], [], 0
    for kind, text in sections:
        index.append("r %s %d" % (kind, offset))
        body.append(text)
        offset += len(text.encode("utf-8"))
    sys.stdout.write("\n".join(head + index + ["end"]) + "\n" + "".join(body))


main()

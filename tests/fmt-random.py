#!/usr/bin/env python3
"""usage: fmt-random.py INFRAC [COUNT [SEED]]

Writes COUNT (default 300) random .infra files from SEED (default 1):
items, blocks, if/else, for, declarations and allows, with every kind of
expression, strings with escapes and interpolations, heredocs, and white
space, blank lines and comments between any two tokens, some with CRLF line
endings.  For each one that parses without errors, `infrac fmt` must keep
its syntax tree and be idempotent, as tests/fmt-all.sh checks for the files
of the tree.  Prints the counts, and each failing file with what failed.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

IDS = ["a", "b", "cpu", "my-name", "x_1", "env", "light", "spot"]
PATHS = ["cluster.eks", "role.app.arn", "m7g.2xlarge", "network.main.subnet.private", "db.t4g.large"]
NUMS = ["0", "1", "42", "500m", "4Gi", "25%", "0.5", "90d", "1000"]
CIDRS = ["10.0.0.0/16", "0.0.0.0/0"]
BINOPS = ["||", "&&", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"]
FUNCS = ["max", "min", "concat", "merge", "length", "join", "cheapest", "keys"]
TEXT = ["text", " ", "a-b", "ü", "\\n", "\\t", "\\\"", "\\\\", "\\u0007", "\\u00E9", "$${x}", "$", "{", "}",
        "#", "//", "/*", "\\u0024", "\\U0001F600", "\t", "\\u0085"]
HEREDOC_LINES = ["line", "  indented", "\ttab", "${env}", "$${lit}", "a ${upper(x)} b", "{\"k\": 1}",
                 "\\n raw", "${ a /* c */ }", "${ a +\n b }x", "$", "${\"s${t}\"}", "trailing  "]
HEREDOC = "\x01"


class Gen:
    def __init__(self, rng, depth):
        self.r = rng
        self.max_depth = depth

    def gap(self, inline):
        """White space between two tokens: in an interpolation a space;
        elsewhere also line breaks, blank lines and comments."""
        if inline:
            return " "
        c = self.r.random()
        if c < 0.55:
            return " "
        if c < 0.65:
            return "  "
        if c < 0.8:
            return "\n" + " " * self.r.randint(0, 6)
        if c < 0.88:
            return " /* c%d */ " % self.r.randint(0, 99)
        if c < 0.94:
            return " // c%d\n" % self.r.randint(0, 99) + " " * self.r.randint(0, 4)
        if c < 0.97:
            return "\n\n  # own line %d\n" % self.r.randint(0, 99)
        return "\n\n\n"

    def seq(self, tokens, inline):
        return tokens[0] + "".join(self.gap(inline) + t for t in tokens[1:])

    def string(self, depth):
        parts = []
        for _ in range(self.r.randint(0, 4)):
            if self.r.random() < 0.5 or depth >= 3:
                parts.append(self.r.choice(TEXT))
            else:
                pad = self.r.choice(["", " "])
                parts.append("${" + pad + self.expr(depth + 1, True) + pad + "}")
        return '"' + "".join(parts) + '"'

    def operand(self, depth, inline):
        return "(" + self.expr(depth + 1, inline) + ")"

    def expr(self, depth, inline=False):
        """An expression as text; inline: inside an interpolation, so on
        one line and without comments."""
        r = self.r
        if depth > self.max_depth or r.random() < 0.3:
            c = r.random()
            if c < 0.3:
                return r.choice(IDS)
            if c < 0.45:
                return r.choice(PATHS)
            if c < 0.6:
                return r.choice(NUMS)
            if c < 0.65:
                return r.choice(CIDRS)
            if c < 0.7:
                return r.choice(["true", "false", "null"])
            return self.string(depth)
        c = r.random()
        sub = lambda: self.expr(depth + 1, inline)
        if c < 0.3:
            return self.seq([sub(), r.choice(BINOPS), sub()], inline)
        if c < 0.4:
            return "(" + sub() + ")"
        if c < 0.45:
            return r.choice(["-", "!"]) + self.operand(depth, inline)
        if c < 0.5:
            return self.seq([sub(), "?", sub(), ":", sub()], inline)
        if c < 0.6:
            n = r.randint(0, 4)
            body = []
            for i in range(n):
                body.append(sub())
                if i < n - 1 or r.random() < 0.3:
                    body.append(",")
            return self.seq(["["] + body + ["]"], inline)
        if c < 0.7:
            body = []
            for _ in range(r.randint(0, 4)):
                key = r.choice(IDS) if r.random() < 0.7 else self.string(depth + 1)
                body += [key, "=", sub()]
                if r.random() < 0.6:
                    body.append(",")
            return self.seq(["{"] + body + ["}"], inline)
        if c < 0.78:
            n = r.randint(0, 3)
            body = []
            for i in range(n):
                body.append(sub())
                if i < n - 1:
                    body.append(",")
            return r.choice(FUNCS) + self.seq(["("] + body + [")"], inline)
        if c < 0.84:
            return self.seq([self.operand(depth, inline), "[", sub(), "]"], inline)
        if c < 0.88:
            return self.operand(depth, inline) + "." + r.choice(["x", "arn", "y-z"])
        if c < 0.93:
            names = ["k"] if r.random() < 0.5 else ["k", ",", "v"]
            parts = ["[", "for"] + names + ["in", sub(), ":", sub()]
            if r.random() < 0.4:
                parts += ["if", sub()]
            return self.seq(parts + ["]"], inline)
        if c < 0.96:
            return self.seq([sub(), "..", sub()], inline)
        return self.string(depth) if inline else HEREDOC

    def heredoc(self):
        r = self.r
        name = r.choice(["EOT", "END", "X-1"])
        dash = r.random() < 0.5
        ind = " " * r.randint(0, 6) if dash else ""
        lines = []
        for _ in range(r.randint(0, 4)):
            c = r.random()
            if c < 0.2:
                lines.append("")
            elif c < 0.3:
                lines.append(" " * r.randint(1, 3))
            else:
                lines.append(ind + " " * r.randint(0, 2) + r.choice(HEREDOC_LINES))
        return "<<" + ("-" if dash else "") + name + "\n" + "".join(l + "\n" for l in lines) + ind + name + "\n"

    def items(self, depth, n):
        out = []
        for _ in range(n):
            out.append(self.item(depth))
            out.append(self.r.choice(["\n", "\n", "\n\n", "  ", "\n\n\n", " // trailing\n", "\n// own\n",
                                      "\n/* b\n  c */\n"]))
        return "".join(out)

    def body(self, depth, n):
        return ["{", self.items(depth + 1, self.r.randint(0, n)), "}"]

    def if_item(self, depth):
        parts = ["if", self.expr(2)] + self.body(depth, 3)
        c = self.r.random()
        if c < 0.3:
            parts += ["else"] + self.body(depth, 2)
        elif c < 0.5 and depth < 3:
            parts += ["else", self.if_item(depth + 1)]
        return self.seq(parts, False)

    def item(self, depth):
        r = self.r
        c = r.random()
        if c < 0.45 or depth > 3:
            return self.seq([r.choice(IDS), "=", self.expr(0)], False)
        if c < 0.7:
            labels = [r.choice([r.choice(IDS), r.choice(NUMS[:3]), self.string(2)]) for _ in range(r.randint(0, 2))]
            return self.seq([r.choice(["pool", "cluster", "subnet"])] + labels + self.body(depth, 4), False)
        if c < 0.75:
            return self.seq(["let", r.choice(IDS)] + ([":", self.expr(3)] if r.random() < 0.2 else []) +
                            ["=", self.expr(0)], False)
        if c < 0.8:
            return self.seq(["for", "k", "in", self.expr(2)] + self.body(depth, 3), False)
        if c < 0.87:
            return self.if_item(depth)
        if c < 0.9:
            return self.seq([r.choice(["param", "field", "output"]), r.choice(IDS), ":", self.expr(3)] +
                            (["=", self.expr(2)] if r.random() < 0.5 else []) +
                            ([self.string(3)] if r.random() < 0.5 else []), False)
        if c < 0.92:
            return self.seq(["allow", "IAM-W003", self.string(3)], False)
        if c < 0.94:
            return self.seq(["allow"] + ([r.choice(IDS)] if r.random() < 0.5 else []) + self.body(depth, 2), False)
        if c < 0.97:
            return self.seq(["import", '"x.infra"'] + (self.body(2, 2) if r.random() < 0.5 else []), False)
        return self.seq(["module", r.choice(IDS)], False)

    def file(self):
        text = self.items(0, self.r.randint(1, 6))
        while HEREDOC in text:
            text = text.replace(HEREDOC, self.heredoc(), 1)
        if self.r.random() < 0.1:
            text = text.replace("\n", "\r\n")
        return text


def run(*args):
    return subprocess.run(list(args), capture_output=True)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    infrac = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(seed)
    tmp = tempfile.mkdtemp()
    checked = skipped = failures = 0
    try:
        for i in range(count):
            text = Gen(rng, rng.randint(1, 4)).file()
            src = os.path.join(tmp, "in.infra")
            copy = os.path.join(tmp, "out.infra")
            with open(src, "w", newline="") as f:
                f.write(text)
            before = run(infrac, "parse", "--dump-ast", "--no-spans", src)
            if before.returncode != 0:
                skipped += 1
                continue
            checked += 1
            shutil.copy(src, copy)
            why = None
            r = run(infrac, "fmt", copy)
            if r.returncode != 0 or r.stdout or r.stderr:
                why = "infrac fmt failed: " + r.stderr.decode(errors="replace")
            else:
                after = run(infrac, "parse", "--dump-ast", "--no-spans", copy)
                if after.stdout != before.stdout:
                    why = "formatting changed the syntax tree"
                elif run(infrac, "fmt", "--check", copy).returncode != 0:
                    why = "formatting is not idempotent"
            if why:
                failures += 1
                print("FAIL file %d of seed %d: %s" % (i, seed, why))
                print("---- input\n" + text + "---- end")
    finally:
        shutil.rmtree(tmp)
    print("fmt-random: %d files checked, %d skipped (syntax errors), %d failures" % (checked, skipped, failures))
    sys.exit(1 if failures or not checked else 0)


main()

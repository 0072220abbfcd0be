#!/usr/bin/env python3
"""usage: eval-limits.py INFRAC SRCROOT

Evaluation is linear in the input: specifications written to make the
compiler work exponentially must stop with a diagnostic, within 1 s of CPU
time and 100 MB of memory (4 s and 400 MB in a sanitizer build, which is
slower and keeps freed memory in quarantine).  Each case is run under a
20 s timeout; its CPU time and peak RSS are measured by GNU time (or read
from the child's rusage), so a case that blows up fails instead of hanging
the suite.

The cases: every tests/limits/*.infra (their diagnostics are golden tests
of their own), and specifications generated here because they are many
files or long: forty modules that each import the next twice, with
different parameters, with the same ones, and without any (shared, so
cheap and without error); and two legitimate specifications, 2,000 blocks
written out and 2,000 made by a `for`, that must stay within the budget.
"""
import os
import signal
import subprocess
import sys
import tempfile
import time

CPU_LIMIT = 1.0       # seconds of user and system time
RSS_LIMIT = 100 << 20  # bytes of peak resident memory
TIMEOUT = 20.0        # seconds of wall time before the case is killed
GNU_TIME = "/usr/bin/time"

ENV = 'environment prod {\n  region  = "us-west-2"\n  account = "123456789012"\n}\n'


def run(infrac, path):
    """Runs `infrac check path`; returns (status, stderr, cpu seconds, peak
    RSS bytes).  GNU time measures infrac alone; without it, the rusage of
    the child includes the memory of this script it was forked from."""
    with tempfile.TemporaryDirectory() as tmp:
        err, usage = os.path.join(tmp, "err"), os.path.join(tmp, "usage")
        cmd = [infrac, "check", path]
        if os.path.exists(GNU_TIME):
            cmd = [GNU_TIME, "-f", "%x %U %S %M", "-o", usage] + cmd
        with open(err, "w") as f:
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=f, start_new_session=True)
        deadline = time.monotonic() + TIMEOUT
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                os.killpg(p.pid, signal.SIGKILL)
                os.wait4(p.pid, 0)
                return "timeout", "", TIMEOUT, 0
            time.sleep(0.01)
        p.returncode = 0  # reaped here, not by Popen
        with open(err, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if not os.path.exists(usage):
            return os.waitstatus_to_exitcode(status), text, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024
        with open(usage) as f:
            fields = f.read().split()[-4:]
        return int(fields[0]), text, float(fields[1]) + float(fields[2]), int(fields[3]) * 1024


def diamond(folder, imports):
    """Forty modules, each importing the next with each of `imports`
    (the text after the path, or "" for none)."""
    os.makedirs(folder)
    for i in range(40):
        lines = ["module m%d" % i, "param n: int = 0"]
        if i < 39:
            lines += ['import "m%d"%s' % (i + 1, " " + a if a else "") for a in imports]
        lines += ["let x = n + 1"]
        with open(os.path.join(folder, "m%d.infra" % i), "w") as f:
            f.write("\n".join(lines) + "\n")
    return os.path.join(folder, "m0.infra")


def generated(tmp):
    """(name, path, expected status, text stderr must hold) of the generated cases."""
    cases = []
    cases.append(("diamond-different-params", diamond(os.path.join(tmp, "diff"), ["{ n = 1 }", "{ n = 2 }"]),
                  1, '[EVAL-E002]\n   4 | import "m'))
    cases.append(("diamond-same-params", diamond(os.path.join(tmp, "same"), ["{ n = 1 }", "{ n = 1 }"]),
                  1, "[EVAL-E002]"))
    cases.append(("diamond-no-params", diamond(os.path.join(tmp, "none"), ["", ""]), 0, ""))
    written = os.path.join(tmp, "written.infra")
    with open(written, "w") as f:
        f.write(ENV)
        for i in range(2000):
            f.write('kms_key k%d {\n  description = "key %d"\n}\n' % (i, i))
    cases.append(("written-out-2000-blocks", written, 0, ""))
    looped = os.path.join(tmp, "looped.infra")
    with open(looped, "w") as f:
        f.write(ENV + 'for i in 0..1999 {\n  kms_key "k${i}" {\n    description = "key ${i}"\n  }\n}\n')
    cases.append(("for-2000-blocks", looped, 0, ""))
    return cases


def committed():
    folder = os.path.join("tests", "limits")
    cases = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".infra"):
            with open(os.path.join(folder, name[:-6] + ".err")) as f:
                first = f.readline().strip()
            cases.append((name[:-6], os.path.join(folder, name), 1, first))
    return cases


def main():
    infrac, srcroot = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.chdir(srcroot)
    with open(infrac, "rb") as f:
        sanitized = b"__asan_init" in f.read()
    scale = 4 if sanitized else 1
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, path, want, text in committed() + generated(tmp):
            code, err, cpu, rss = run(infrac, path)
            what = "%-28s %5.2f s %6.1f MB" % (name, cpu, rss / (1 << 20))
            problems = []
            if code != want:
                problems.append("exit status %s, expected %d" % (code, want))
            if text not in err:
                problems.append("stderr lacks: %s" % text)
            if cpu > CPU_LIMIT * scale:
                problems.append("more than %.0f s of CPU time" % (CPU_LIMIT * scale))
            if rss > RSS_LIMIT * scale:
                problems.append("more than %d MB of memory" % ((RSS_LIMIT * scale) >> 20))
            if problems:
                failures += 1
                print("FAIL %s: %s" % (what, "; ".join(problems)))
                print(err[:2000])
            else:
                print("ok   %s" % what)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

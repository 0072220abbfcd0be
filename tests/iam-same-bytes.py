#!/usr/bin/env python3
"""usage: iam-same-bytes.py OUTDIR

Every IAM policy embedded in the Terraform of OUTDIR, as a heredoc, must be
read by Terraform as exactly the bytes of one iam/*.json file, and every
iam/*.json file must be embedded somewhere: one source of truth.  A <<-EOT
heredoc loses its common indentation; HCL turns $${ and %%{ back into ${
and %{; interpolations of values known after apply appear in both as ${...}.
"""
import glob, os, re, sys

out = sys.argv[1]
files = {}
for p in sorted(glob.glob(os.path.join(out, "iam", "*.json"))):
    with open(p, "rb") as f:
        files[f.read().decode()] = os.path.relpath(p, out)
docs = []
for tf in sorted(glob.glob(os.path.join(out, "terraform", "*.tf"))):
    text = open(tf).read()
    for m in re.finditer(r"<<-EOT\n(.*?)\n[ ]*EOT", text, re.S):
        lines = m.group(1).split("\n")
        indent = min(len(l) - len(l.lstrip(" ")) for l in lines if l.strip())
        body = "\n".join(l[indent:] for l in lines) + "\n"
        if '"Version": "2012-10-17"' in body:
            docs.append((tf, body.replace("$${", "${").replace("%%{", "%{")))
bad = 0
used = set()
for tf, body in docs:
    if body in files:
        used.add(files[body])
    else:
        print("FAIL %s: a heredoc policy matches no iam/*.json file" % tf)
        bad += 1
for text, name in files.items():
    if name not in used:
        print("FAIL %s is not embedded in the Terraform" % name)
        bad += 1
print("%d policies compared, %d problems" % (len(docs), bad))
sys.exit(1 if bad else 0)

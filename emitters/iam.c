/*
 * iam.c: every IAM policy document, rendered once.
 *
 * Documents come from roles (trust, inline statements), users, managed
 * policies, buckets (a TLS-only policy, and `only_roles`), and from
 * resources infrac creates around a block: an EKS cluster's control-plane
 * and node roles, a flow log's delivery role, a database's monitoring
 * role, a trail's bucket policy, the policy of a KMS key that encrypts
 * log groups.  The iam back end writes each document to iam/; the
 * Terraform back end embeds the same bytes as heredocs.
 *
 * Layout is canonical: Version then Statement; in a statement Sid,
 * Effect, Principal, Action, NotAction, Resource, NotResource, Condition;
 * condition operators and keys in the order written (infrac writes them
 * sorted); a single action, resource or value as a string, several as an
 * array; two-space indents and a final newline.
 *
 * A trust for IRSA or Pod Identity without an explicit service account
 * trusts exactly the service accounts of the services that use the role,
 * so a workload's service account and its role's trust agree by
 * construction.
 */
#include "emit.h"

#include <ctype.h>
#include <string.h>

typedef struct Iam {
	Emit *o;
	const Model *m;
	const char *partition, *region, *account;
} Iam;

/* ---- JSON pieces ---- */

/* The text of a string value, JSON-escaped, its deferred parts marked
 * for Terraform. */
static void put_text(Iam *s, Buf *b, const Value *v)
{
	const Value *const *parts = v->kind == V_TEMPLATE ? (const Value *const *)v->items : &v;
	uint32_t n = v->kind == V_TEMPLATE ? v->n : 1;
	for (uint32_t i = 0; i < n; i++) {
		const Value *p = parts[i];
		if (p->kind == V_DEFERRED) {
			const char *e = tf_expr(s->o->arena, p);
			iam_mark(b, e ? e : "null");
		} else if (p->kind == V_STRING) {
			json_escape(b, p->s, p->len);
		} else {
			Buf t = {0};
			value_to_text(p, &t);
			json_escape(b, t.data ? t.data : "", t.len);
			buf_free(&t);
		}
	}
}

/* A JSON string whose deferred parts are marked for Terraform. */
static void put_value(Iam *s, JsonW *w, const Value *v)
{
	if (v->kind == V_STRING) {
		json_string_n(w, v->s, v->len);
		return;
	}
	Buf raw = {0}, *b = &raw;
	buf_putc(b, '"');
	put_text(s, b, v);
	buf_putc(b, '"');
	json_value_raw(w, buf_cstr(b));
	buf_free(&raw);
}

/* A list of strings: one as a string, several as an array. */
static void put_list(Iam *s, JsonW *w, const Value *l)
{
	if (l->n == 1) {
		put_value(s, w, l->items[0]);
		return;
	}
	json_array_begin(w);
	for (uint32_t i = 0; i < l->n; i++)
		put_value(s, w, l->items[i]);
	json_array_end(w);
}

/* Values, each a string: one as a string, several as an array. */
static void put_values(Iam *s, JsonW *w, const Value *const *v, size_t n)
{
	if (n == 1) {
		put_value(s, w, v[0]);
		return;
	}
	json_array_begin(w);
	for (size_t i = 0; i < n; i++)
		put_value(s, w, v[i]);
	json_array_end(w);
}

/* JSON texts: one as it is, several as an array. */
static void put_raw(JsonW *w, const char *const *v, size_t n)
{
	if (n == 1) {
		json_value_raw(w, v[0]);
		return;
	}
	json_array_begin(w);
	for (size_t i = 0; i < n; i++)
		json_value_raw(w, v[i]);
	json_array_end(w);
}

static void put_strings(JsonW *w, const char *const *v, size_t n)
{
	if (n == 1) {
		json_string(w, v[0]);
		return;
	}
	json_array_begin(w);
	for (size_t i = 0; i < n; i++)
		json_string(w, v[i]);
	json_array_end(w);
}

/* A document, its JSON begun: Version, Id when not NULL, Statement. */
static IamDoc *doc_new(Iam *s, const Object *owner, const char *purpose, IamDocType type, const char *id, JsonW *w)
{
	IamDoc *d = ARENA_NEW(s->o->arena, IamDoc);
	d->owner = owner;
	d->purpose = purpose;
	d->type = type;
	d->span = owner->span;
	d->path = out_printf(s->o, "iam/%s-%s.%s.json", owner->kind->name, tf_name(s->o->arena, owner), purpose);
	json_init(w, &d->json);
	json_object_begin(w);
	json_key(w, "Version");
	json_string(w, "2012-10-17");
	if (id) {
		json_key(w, "Id");
		json_string(w, id);
	}
	json_key(w, "Statement");
	json_array_begin(w);
	return d;
}

static void doc_end(Iam *s, IamDoc *d, JsonW *w)
{
	json_array_end(w);
	json_object_end(w);
	json_finish(w);
	buf_shrink(&d->json);
	vec_push(&s->o->iam, d);
	Vec *docs = map_get(&s->o->iam_by_owner, (const char *)d->owner);
	if (!docs) {
		docs = ARENA_NEW(s->o->arena, Vec);
		map_put(&s->o->iam_by_owner, (const char *)d->owner, docs);
	}
	vec_push(docs, d);
}

/* ---- statements written in the spec ---- */

static int cmp_conditions(const void *pa, const void *pb)
{
	const Object *a = *(const Object *const *)pa, *b = *(const Object *const *)pb;
	int c = strcmp(obj_str(a, "test"), obj_str(b, "test"));
	return c ? c : strcmp(obj_str(a, "variable"), obj_str(b, "variable"));
}

/* Action to Condition: what follows Sid, Effect and Principal. */
static void put_statement_body(Iam *s, JsonW *w, const Object *st)
{
	static const struct {
		const char *field, *key;
	} lists[] = {{"actions", "Action"}, {"not_actions", "NotAction"}, {"resources", "Resource"},
		     {"not_resources", "NotResource"}};
	for (size_t i = 0; i < COUNT_OF(lists); i++) {
		Value *l = obj_get(st, lists[i].field);
		if (l->n) {
			json_key(w, lists[i].key);
			put_list(s, w, l);
		}
	}
	const Vec *conds = obj_blocks(st, "condition");
	if (conds->len) {
		Vec sorted = {0};
		for (size_t i = 0; i < conds->len; i++)
			vec_push(&sorted, conds->items[i]);
		vec_sort(&sorted, cmp_conditions);
		json_key(w, "Condition");
		json_object_begin(w);
		for (size_t i = 0; i < sorted.len;) {
			const char *test = obj_str(sorted.items[i], "test");
			json_key(w, test);
			json_object_begin(w);
			for (; i < sorted.len && strcmp(obj_str(sorted.items[i], "test"), test) == 0; i++) {
				Object *c = sorted.items[i];
				json_key(w, obj_str(c, "variable"));
				put_list(s, w, obj_get(c, "values"));
			}
			json_object_end(w);
		}
		json_object_end(w);
		vec_free(&sorted);
	}
}

static void put_statement(Iam *s, JsonW *w, const Object *st, const char *effect, bool resource_policy)
{
	json_object_begin(w);
	json_key(w, "Sid");
	json_string(w, iam_sid(s->o, st->name));
	json_key(w, "Effect");
	json_string(w, effect);
	Value *principals = obj_get(st, "principals");
	if (resource_policy && principals->n) {
		json_key(w, "Principal");
		json_object_begin(w);
		json_key(w, "AWS");
		put_list(s, w, principals);
		json_object_end(w);
	}
	put_statement_body(s, w, st);
	json_object_end(w);
}

/* "*", or an object of principal types in the order AWS, CanonicalUser,
 * Federated, Service. */
static void put_principal(Iam *s, JsonW *w, const char *key, const Value *p)
{
	if (!p)
		return;
	json_key(w, key);
	if (p->kind != V_MAP) {
		put_value(s, w, p);
		return;
	}
	json_object_begin(w);
	for (uint32_t i = 0; i < p->n; i++) {
		json_key(w, p->keys[i]);
		put_list(s, w, p->items[i]);
	}
	json_object_end(w);
}

/* A statement parsed from JSON: its Sid when it had one. */
static void put_parsed_statement(Iam *s, JsonW *w, const PolicyStmt *ps)
{
	json_object_begin(w);
	if (ps->sid) {
		json_key(w, "Sid");
		json_string(w, ps->sid);
	}
	json_key(w, "Effect");
	json_string(w, ps->allow ? "Allow" : "Deny");
	put_principal(s, w, "Principal", ps->principal);
	put_principal(s, w, "NotPrincipal", ps->not_principal);
	put_statement_body(s, w, ps->st);
	json_object_end(w);
}

/* The policies in the attributes of one Terraform resource; used records
 * the type of the policy that reads each `data aws_iam_policy_document`. */
static void obj_docs(Iam *s, const Object *obj, Map *used)
{
	if (!obj->kind->tf_type || obj->kind->data)
		return;
	size_t at = 0;
	const LowRes *lr = lower_record(&s->o->graph, obj); /* a lowered resource: its values are its items' */
	for (const PolicyAttr *pa; (pa = policy_attr_next(obj->kind->tf_type, &at));) {
		const Field *f = kind_field(obj->kind, intern_cstr(&s->m->c->names, pa->attr));
		const Value *v = !f ? NULL : lr ? lower_value(lr, f) : obj->slots[f->index].value;
		if (v && v->kind == V_DEFERRED && v->obj && v->obj->kind->data &&
		    strcmp(v->obj->kind->tf_type, "aws_iam_policy_document") == 0 && !map_get(used, (const char *)v->obj))
			map_put(used, (const char *)v->obj, (void *)(uintptr_t)pa->doc);
		/* Where the value is written: a lowered one where its block is. */
		Span as, vs = {0, 0, 0};
		if (v && lr)
			vs = v->span.end ? v->span : lr->owner->name_span;
		else if (v && !slot_written(obj, f, &as, &vs))
			v = NULL;
		IamDoc parsed = {0};
		if (!v || !policy_parse(s->o, obj, v, vs, &parsed)) {
			vec_free(&parsed.stmts);
			continue;
		}
		JsonW w;
		IamDoc *d = doc_new(s, obj, pa->attr, pa->doc, parsed.id, &w);
		d->span = lr ? vs : obj_value_span(obj, pa->attr);
		d->field = f;
		d->file = parsed.file;
		d->stmts = parsed.stmts;
		d->limit = pa->limit;
		d->limit_what = pa->what;
		for (size_t k = 0; k < d->stmts.len; k++)
			put_parsed_statement(s, &w, d->stmts.items[k]);
		doc_end(s, d, &w);
	}
}

/* The policies written as JSON in attributes of Terraform resources
 * (iam_policy.c), the user's and those the lowering made, rendered again
 * in the layout above. */
static void typed_docs(Iam *s)
{
	const Vec *objs = &s->m->objects;
	Map used = {0}; /* data aws_iam_policy_document -> the type of the first policy that reads it */
	for (size_t i = 0; i < objs->len; i++)
		obj_docs(s, objs->items[i], &used);
	for (size_t i = 0; i < s->o->graph.res.len; i++)
		obj_docs(s, ((const LowRes *)s->o->graph.res.items[i])->res, &used);
	/* Documents Terraform writes: checked, not written (no path); their
	 * type is that of the policy that reads them, else resource when
	 * they name principals. */
	for (size_t i = 0; i < objs->len; i++) {
		const Object *obj = objs->items[i];
		if (!obj->kind->data || strcmp(obj->kind->tf_type, "aws_iam_policy_document") != 0)
			continue;
		IamDoc *d = ARENA_NEW(s->o->arena, IamDoc);
		d->owner = obj;
		d->purpose = "document";
		d->span = obj->span;
		if (!policy_from_document(s->o, obj, &d->stmts)) {
			vec_free(&d->stmts);
			continue;
		}
		d->type = (IamDocType)(uintptr_t)map_get(&used, (const char *)obj);
		for (size_t k = 0; k < d->stmts.len && !d->type; k++) {
			const PolicyStmt *ps = d->stmts.items[k];
			if (ps->principal || ps->not_principal)
				d->type = IAM_RESOURCE;
		}
		if (!d->type)
			d->type = IAM_IDENTITY;
		vec_push(&s->o->iam, d);
	}
	map_free(&used);
}

const IamDoc *iam_typed_doc(Emit *o, const Object *obj, const Field *f)
{
	iam_build(o);
	const Vec *docs = map_get(&o->iam_by_owner, (const char *)obj);
	for (size_t i = 0; docs && i < docs->len; i++) {
		const IamDoc *d = docs->items[i];
		if (d->field == f)
			return d;
	}
	return NULL;
}

static bool has_statements(const Object *o)
{
	return obj_blocks(o, "allow")->len || obj_blocks(o, "deny")->len;
}

static void statements_doc(Iam *s, const Object *owner, const char *purpose, IamDocType type)
{
	JsonW w;
	IamDoc *d = doc_new(s, owner, purpose, type, NULL, &w);
	const Vec *allow = obj_blocks(owner, "allow"), *deny = obj_blocks(owner, "deny");
	for (size_t i = 0; i < allow->len; i++)
		put_statement(s, &w, allow->items[i], "Allow", false);
	for (size_t i = 0; i < deny->len; i++)
		put_statement(s, &w, deny->items[i], "Deny", false);
	doc_end(s, d, &w);
}

/* ---- trust ---- */

typedef TrustAccount Account;

static size_t trust_accounts(Iam *s, const Object *role, const Object *t, const Account **out)
{
	return model_trust_accounts(s->m, role, t, out);
}

/* Attribute attr of the cluster a trust names when it is made outside
 * this spec: a typed resource or data source; NULL for a string. */
static const char *existing_cluster(Iam *s, const Object *t, const char *attr)
{
	const Value *v = obj_get(t, "cluster");
	if (v->kind != V_REF)
		return NULL;
	Value at = {.kind = V_DEFERRED, .obj = v->obj, .s = attr};
	return tf_expr(s->o->arena, &at);
}

static void trust_irsa(Iam *s, JsonW *w, const Object *role, const Object *t, size_t index)
{
	const Account *acc;
	size_t n = trust_accounts(s, role, t, &acc);
	if (!n)
		return;
	/* The OIDC id is the last part of the cluster's issuer URL, a local
	 * of the cluster's or of the typed cluster's (terraform.c). */
	const char *local = tf_oidc_local(s->o->arena, obj_get(t, "cluster"));
	if (!local)
		return; /* a cluster name, which check_model.c reports */
	const char *id = out_printf(s->o, "local.%s", local);
	Buf issuer = {0};
	buf_printf(&issuer, "oidc.eks.%s.amazonaws.com/id/", s->region);
	iam_mark(&issuer, id);
	const char *iss = arena_strndup(s->o->arena, issuer.data, issuer.len);
	buf_free(&issuer);
	bool wildcard = false;
	for (size_t i = 0; i < n; i++)
		wildcard |= strchr(acc[i].sa, '*') != NULL;
	json_object_begin(w);
	json_key(w, "Sid");
	json_string(w, out_printf(s->o, "Irsa%zu", index));
	json_key(w, "Effect");
	json_string(w, "Allow");
	json_key(w, "Principal");
	json_object_begin(w);
	json_key(w, "Federated");
	json_value_raw(w, out_printf(s->o, "\"arn:%s:iam::%s:oidc-provider/%s\"", s->partition, s->account, iss));
	json_object_end(w);
	json_key(w, "Action");
	json_string(w, "sts:AssumeRoleWithWebIdentity");
	json_key(w, "Condition");
	json_object_begin(w);
	/* aud always StringEquals; sub StringLike only for `*`. */
	const char *ops[2] = {"StringEquals", "StringLike"};
	for (int op = 0; op < 2; op++) {
		bool any = op == 0 || wildcard;
		if (!any)
			continue;
		json_key(w, ops[op]);
		json_object_begin(w);
		if (op == 0) {
			json_key_raw(w, out_printf(s->o, "%s:aud", iss));
			json_string(w, "sts.amazonaws.com");
		}
		if ((op == 0 && !wildcard) || (op == 1 && wildcard)) {
			json_key_raw(w, out_printf(s->o, "%s:sub", iss));
			const char **subs = arena_alloc(s->o->arena, n * sizeof *subs);
			for (size_t i = 0; i < n; i++)
				subs[i] = out_printf(s->o, "system:serviceaccount:%s:%s", acc[i].ns, acc[i].sa);
			put_strings(w, subs, n);
		}
		json_object_end(w);
	}
	json_object_end(w);
	json_object_end(w);
	for (size_t i = 0; i < n; i++)
		out_fact(s->o, out_printf(s->o, "%s/%s", acc[i].ns, acc[i].sa), "role", t->span, "%s", role->path);
}

static void trust_pod_identity(Iam *s, JsonW *w, const Object *role, const Object *t, size_t index)
{
	const Object *cl = obj_ref(t, "cluster");
	const Account *acc;
	size_t n = trust_accounts(s, role, t, &acc);
	for (size_t i = 0; i < n; i++) {
		json_object_begin(w);
		json_key(w, "Sid");
		json_string(w, out_printf(s->o, "PodIdentity%zu", index + i));
		json_key(w, "Effect");
		json_string(w, "Allow");
		json_key(w, "Principal");
		json_object_begin(w);
		json_key(w, "Service");
		json_string(w, "pods.eks.amazonaws.com");
		json_object_end(w);
		json_key(w, "Action");
		const char *actions[] = {"sts:AssumeRole", "sts:TagSession"};
		put_strings(w, actions, 2);
		json_key(w, "Condition");
		json_object_begin(w);
		json_key(w, "StringEquals");
		json_object_begin(w);
		json_key(w, "aws:RequestTag/eks-cluster-arn");
		const Value *name = obj_get(t, "cluster");
		if (cl || name->kind == V_STRING) {
			json_string(w, out_printf(s->o, "arn:%s:eks:%s:%s:cluster/%s", s->partition, s->region, s->account,
						  cl ? obj_name(cl) : name->s));
		} else {
			Buf b = {0};
			const char *arn = existing_cluster(s, t, "arn");
			buf_putc(&b, '"');
			if (arn) {
				iam_mark(&b, arn);
			} else {
				buf_printf(&b, "arn:%s:eks:%s:%s:cluster/", s->partition, s->region, s->account);
				put_text(s, &b, name);
			}
			buf_putc(&b, '"');
			json_value_raw(w, buf_cstr(&b));
			buf_free(&b);
		}
		json_key(w, "aws:RequestTag/kubernetes-namespace");
		json_string(w, acc[i].ns);
		json_key(w, "aws:RequestTag/kubernetes-service-account");
		json_string(w, acc[i].sa);
		json_key(w, "aws:SourceAccount");
		json_string(w, s->account);
		json_object_end(w);
		json_object_end(w);
		json_object_end(w);
		out_fact(s->o, out_printf(s->o, "%s/%s", acc[i].ns, acc[i].sa), "role", t->span, "%s", role->path);
	}
}

static void trust_github(Iam *s, JsonW *w, const Object *role, const Object *t, size_t index)
{
	const char *repo = obj_str(t, "repo");
	static const struct {
		const char *field, *fmt;
	} kinds[] = {{"branches", "repo:%s:ref:refs/heads/%s"}, {"tags", "repo:%s:ref:refs/tags/%s"},
		     {"environments", "repo:%s:environment:%s"}};
	size_t max = 2;
	for (size_t k = 0; k < COUNT_OF(kinds); k++)
		max += obj_get(t, kinds[k].field)->n;
	const char **subs = arena_alloc(s->o->arena, max * sizeof *subs);
	size_t n = 0;
	for (size_t k = 0; k < COUNT_OF(kinds); k++) {
		Value *l = obj_get(t, kinds[k].field);
		for (uint32_t i = 0; i < l->n; i++)
			subs[n++] = out_printf(s->o, kinds[k].fmt, repo, l->items[i]->s);
	}
	if (obj_bool(t, "pull_requests"))
		subs[n++] = out_printf(s->o, "repo:%s:pull_request", repo);
	if (n == 0)
		subs[n++] = out_printf(s->o, "repo:%s:*", repo);
	bool like = false;
	for (size_t i = 0; i < n; i++)
		like |= strchr(subs[i], '*') != NULL;
	/* The provider's issuer, without https://, names it in the
	 * principal's ARN and prefixes its condition keys; without a
	 * provider block, github.com's, created outside the spec. */
	const Object *p = model_github_provider(s->m, t);
	Buf issuer = {0};
	if (p)
		put_text(s, &issuer, obj_get(p, "url"));
	else
		buf_puts(&issuer, "token.actions.githubusercontent.com");
	const char *iss = buf_cstr(&issuer);
	if (strncmp(iss, "https://", 8) == 0)
		iss += 8;
	iss = arena_strndup(s->o->arena, iss, strlen(iss));
	buf_free(&issuer);
	json_object_begin(w);
	json_key(w, "Sid");
	json_string(w, out_printf(s->o, "GitHub%zu", index));
	json_key(w, "Effect");
	json_string(w, "Allow");
	json_key(w, "Principal");
	json_object_begin(w);
	json_key(w, "Federated");
	json_value_raw(w, out_printf(s->o, "\"arn:%s:iam::%s:oidc-provider/%s\"", s->partition, s->account, iss));
	json_object_end(w);
	json_key(w, "Action");
	json_string(w, "sts:AssumeRoleWithWebIdentity");
	json_key(w, "Condition");
	json_object_begin(w);
	json_key(w, "StringEquals");
	json_object_begin(w);
	json_key_raw(w, out_printf(s->o, "%s:aud", iss));
	json_string(w, "sts.amazonaws.com");
	if (!like) {
		json_key_raw(w, out_printf(s->o, "%s:sub", iss));
		put_strings(w, subs, n);
	}
	json_object_end(w);
	if (like) {
		json_key(w, "StringLike");
		json_object_begin(w);
		json_key_raw(w, out_printf(s->o, "%s:sub", iss));
		put_strings(w, subs, n);
		json_object_end(w);
	}
	json_object_end(w);
	json_object_end(w);
}

/* The condition operator of `mfa = true`, inside a Condition object. */
static void put_mfa(JsonW *w)
{
	json_key(w, "Bool");
	json_object_begin(w);
	json_key(w, "aws:MultiFactorAuthPresent");
	json_string(w, "true");
	json_object_end(w);
}

static void trust_account(Iam *s, JsonW *w, const Object *t, size_t index)
{
	Value *principal = obj_get(t, "principal");
	Value *ext = obj_get(t, "external_id");
	bool mfa = obj_bool(t, "mfa");
	json_object_begin(w);
	json_key(w, "Sid");
	json_string(w, out_printf(s->o, "Account%zu", index));
	json_key(w, "Effect");
	json_string(w, "Allow");
	json_key(w, "Principal");
	json_object_begin(w);
	json_key(w, "AWS");
	/* The account root only when no principal is named: a principal
	 * known after apply is its Terraform expression, never the root. */
	if (principal->kind == V_NULL)
		json_string(w, out_printf(s->o, "arn:%s:iam::%s:root", s->partition, obj_str(t, "account")));
	else
		put_value(s, w, principal);
	json_object_end(w);
	json_key(w, "Action");
	json_string(w, "sts:AssumeRole");
	if (ext->kind == V_STRING || mfa) {
		json_key(w, "Condition");
		json_object_begin(w);
		if (mfa)
			put_mfa(w);
		if (ext->kind == V_STRING) {
			json_key(w, strchr(ext->s, '*') || strchr(ext->s, '?') ? "StringLike" : "StringEquals");
			json_object_begin(w);
			json_key(w, "sts:ExternalId");
			json_string(w, ext->s);
			json_object_end(w);
		}
		json_object_end(w);
	}
	json_object_end(w);
}

static void trust_user(Iam *s, JsonW *w, const Object *t, size_t index)
{
	Value *users = obj_get(t, "users");
	json_object_begin(w);
	json_key(w, "Sid");
	json_string(w, out_printf(s->o, "Users%zu", index));
	json_key(w, "Effect");
	json_string(w, "Allow");
	json_key(w, "Principal");
	json_object_begin(w);
	json_key(w, "AWS");
	const Value **arns = arena_alloc(s->o->arena, (users->n ? users->n : 1) * sizeof *arns);
	for (uint32_t i = 0; i < users->n; i++)
		arns[i] = obj_get(users->items[i]->obj, "arn");
	put_values(s, w, arns, users->n);
	json_object_end(w);
	json_key(w, "Action");
	json_string(w, "sts:AssumeRole");
	if (obj_bool(t, "mfa")) {
		json_key(w, "Condition");
		json_object_begin(w);
		put_mfa(w);
		json_object_end(w);
	}
	json_object_end(w);
}

static void service_statement(Iam *s, JsonW *w, const char *sid, const char *const *services, size_t n,
			      const char *const *actions, size_t nactions, bool source_account)
{
	json_object_begin(w);
	json_key(w, "Sid");
	json_string(w, sid);
	json_key(w, "Effect");
	json_string(w, "Allow");
	json_key(w, "Principal");
	json_object_begin(w);
	json_key(w, "Service");
	put_strings(w, services, n);
	json_object_end(w);
	json_key(w, "Action");
	put_strings(w, actions, nactions);
	if (source_account) {
		json_key(w, "Condition");
		json_object_begin(w);
		json_key(w, "StringEquals");
		json_object_begin(w);
		json_key(w, "aws:SourceAccount");
		json_string(w, s->account);
		json_object_end(w);
		json_object_end(w);
	}
	json_object_end(w);
}

static void trust_service(Iam *s, JsonW *w, const Object *t, size_t index)
{
	Value *svcs = obj_get(t, "services");
	const char **names = arena_alloc(s->o->arena, (svcs->n ? svcs->n : 1) * sizeof *names);
	for (uint32_t i = 0; i < svcs->n; i++)
		names[i] = svcs->items[i]->s;
	const char *assume = "sts:AssumeRole";
	service_statement(s, w, out_printf(s->o, "Service%zu", index), names, svcs->n, &assume, 1,
			  obj_bool(t, "source_account"));
}

static void role_trust(Iam *s, const Object *role)
{
	JsonW w;
	IamDoc *d = doc_new(s, role, "trust", IAM_TRUST, NULL, &w);
	/* An adopted role's trust is its owner's: described here, so that
	 * the services that use it are checked, and not written. */
	if (obj_adopted(role))
		d->path = NULL;
	const Vec *trusts = obj_blocks(role, "trust");
	for (size_t i = 0; i < trusts->len; i++) {
		const Object *t = trusts->items[i];
		const char *v = t->kind->variant;
		if (strcmp(v, "irsa") == 0)
			trust_irsa(s, &w, role, t, i);
		else if (strcmp(v, "pod_identity") == 0)
			trust_pod_identity(s, &w, role, t, i);
		else if (strcmp(v, "github") == 0)
			trust_github(s, &w, role, t, i);
		else if (strcmp(v, "account") == 0)
			trust_account(s, &w, t, i);
		else if (strcmp(v, "user") == 0)
			trust_user(s, &w, t, i);
		else
			trust_service(s, &w, t, i);
	}
	doc_end(s, d, &w);
}

/* ---- documents around other blocks ---- */

static void service_trust_doc(Iam *s, const Object *owner, const char *purpose, const char *service,
			      bool tag_session, bool source_account)
{
	JsonW w;
	IamDoc *d = doc_new(s, owner, purpose, IAM_TRUST, NULL, &w);
	const char *actions[] = {"sts:AssumeRole", "sts:TagSession"};
	service_statement(s, &w, "Service", &service, 1, actions, tag_session ? 2 : 1, source_account);
	doc_end(s, d, &w);
}

static void simple_statement(JsonW *w, const char *sid, const char *effect, const char *const *actions, size_t na,
			     const char *const *resources, size_t nr)
{
	json_object_begin(w);
	json_key(w, "Sid");
	json_string(w, sid);
	json_key(w, "Effect");
	json_string(w, effect);
	json_key(w, "Action");
	put_strings(w, actions, na);
	json_key(w, "Resource");
	put_strings(w, resources, nr);
	json_object_end(w);
}

static void flow_logs_docs(Iam *s, const Object *fl)
{
	service_trust_doc(s, fl, "trust", "vpc-flow-logs.amazonaws.com", false, true);
	JsonW w;
	IamDoc *d = doc_new(s, fl, "inline", IAM_IDENTITY, NULL, &w);
	const char *group = out_printf(s->o, "arn:%s:logs:%s:%s:log-group:%s", s->partition, s->region, s->account,
				       obj_str(fl, "log_group"));
	const char *actions[] = {"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"};
	const char *resources[] = {group, out_printf(s->o, "%s:*", group)};
	simple_statement(&w, "DeliverFlowLogs", "Allow", actions, COUNT_OF(actions), resources, 2);
	doc_end(s, d, &w);
}

static void bucket_doc(Iam *s, const Object *b)
{
	/* The bucket and its objects, as JSON strings: a name known after
	 * apply is marked. */
	Buf arnb = {0};
	put_text(s, &arnb, obj_get(b, "arn"));
	const char *res[] = {out_printf(s->o, "\"%s\"", buf_cstr(&arnb)), out_printf(s->o, "\"%s/*\"", buf_cstr(&arnb))};
	buf_free(&arnb);
	JsonW w;
	IamDoc *d = doc_new(s, b, "bucket", IAM_RESOURCE, NULL, &w);
	json_object_begin(&w);
	json_key(&w, "Sid");
	json_string(&w, "TlsOnly");
	json_key(&w, "Effect");
	json_string(&w, "Deny");
	json_key(&w, "Principal");
	json_string(&w, "*");
	json_key(&w, "Action");
	json_string(&w, "s3:*");
	json_key(&w, "Resource");
	put_raw(&w, res, 2);
	json_key(&w, "Condition");
	json_object_begin(&w);
	json_key(&w, "Bool");
	json_object_begin(&w);
	json_key(&w, "aws:SecureTransport");
	json_string(&w, "false");
	json_object_end(&w);
	json_object_end(&w);
	json_object_end(&w);
	Value *only = obj_get(b, "only_roles");
	if (only->n) {
		/* Data access for the listed roles only; bucket management stays
		 * with the account, so the policy cannot lock Terraform out. */
		json_object_begin(&w);
		json_key(&w, "Sid");
		json_string(&w, "OnlyRoles");
		json_key(&w, "Effect");
		json_string(&w, "Deny");
		json_key(&w, "Principal");
		json_string(&w, "*");
		json_key(&w, "Action");
		const char *actions[] = {"s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"};
		put_strings(&w, actions, COUNT_OF(actions));
		json_key(&w, "Resource");
		put_raw(&w, res, 2);
		json_key(&w, "Condition");
		json_object_begin(&w);
		json_key(&w, "ArnNotEquals");
		json_object_begin(&w);
		json_key(&w, "aws:PrincipalArn");
		const Value **arns = arena_alloc(s->o->arena, only->n * sizeof *arns);
		for (uint32_t i = 0; i < only->n; i++) {
			/* A role of this spec has a known ARN; a typed one's
			 * is read after apply; a string is the ARN. */
			const Value *r = only->items[i];
			Value *at = ARENA_NEW(s->o->arena, Value);
			*at = (Value){.kind = V_DEFERRED, .span = r->span, .obj = r->kind == V_REF ? r->obj : NULL, .s = "arn"};
			arns[i] = r->kind != V_REF ? r : !r->obj->kind->tf_type ? obj_get(r->obj, "arn") : at;
		}
		put_values(s, &w, arns, only->n);
		json_object_end(&w);
		json_object_end(&w);
		json_object_end(&w);
	}
	doc_end(s, d, &w);
}

static void trail_doc(Iam *s, const Object *t)
{
	const char *bucket = out_printf(s->o, "arn:%s:s3:::%s", s->partition, obj_str(t, "bucket"));
	const char *trail = out_printf(s->o, "arn:%s:cloudtrail:%s:%s:trail/%s", s->partition, s->region, s->account,
				       obj_name(t));
	JsonW w;
	IamDoc *d = doc_new(s, t, "bucket", IAM_RESOURCE, NULL, &w);
	for (int k = 0; k < 2; k++) {
		json_object_begin(&w);
		json_key(&w, "Sid");
		json_string(&w, k ? "CloudTrailWrite" : "CloudTrailAclCheck");
		json_key(&w, "Effect");
		json_string(&w, "Allow");
		json_key(&w, "Principal");
		json_object_begin(&w);
		json_key(&w, "Service");
		json_string(&w, "cloudtrail.amazonaws.com");
		json_object_end(&w);
		json_key(&w, "Action");
		json_string(&w, k ? "s3:PutObject" : "s3:GetBucketAcl");
		json_key(&w, "Resource");
		json_string(&w, k ? out_printf(s->o, "%s/AWSLogs/%s/*", bucket, s->account) : bucket);
		json_key(&w, "Condition");
		json_object_begin(&w);
		json_key(&w, "StringEquals");
		json_object_begin(&w);
		json_key(&w, "aws:SourceArn");
		json_string(&w, trail);
		if (k) {
			json_key(&w, "s3:x-amz-acl");
			json_string(&w, "bucket-owner-full-control");
		}
		json_object_end(&w);
		json_object_end(&w);
		json_object_end(&w);
	}
	doc_end(s, d, &w);
}

/* The policy of a KMS key that encrypts CloudWatch log groups: the
 * account administers the key through IAM, as with the default policy,
 * and CloudWatch Logs may use it for those log groups only.  Without the
 * second statement creating the log group fails.  A key no log group
 * uses keeps the default policy. */
static void kms_key_doc(Iam *s, const Object *k)
{
	Vec groups = {0};
	const Vec *v = model_kind(s->m, "cluster");
	for (size_t i = 0; i < v->len; i++) {
		const Object *cl = v->items[i];
		if (obj_ref(cl, "secrets_key") == k && obj_get(cl, "logs")->n)
			vec_push(&groups, (void *)out_printf(s->o, "arn:%s:logs:%s:%s:log-group:/aws/eks/%s/cluster", s->partition,
							     s->region, s->account, obj_str(cl, "name")));
	}
	v = model_kind(s->m, "log_group");
	for (size_t i = 0; i < v->len; i++) {
		const Object *l = v->items[i];
		if (obj_ref(l, "key") == k)
			vec_push(&groups, (void *)out_printf(s->o, "arn:%s:logs:%s:%s:log-group:%s", s->partition, s->region,
							     s->account, obj_str(l, "name")));
	}
	if (groups.len == 0)
		return;
	JsonW w;
	IamDoc *d = doc_new(s, k, "key", IAM_RESOURCE, NULL, &w);
	json_object_begin(&w);
	json_key(&w, "Sid");
	json_string(&w, "AccountAdministers");
	json_key(&w, "Effect");
	json_string(&w, "Allow");
	json_key(&w, "Principal");
	json_object_begin(&w);
	json_key(&w, "AWS");
	json_string(&w, out_printf(s->o, "arn:%s:iam::%s:root", s->partition, s->account));
	json_object_end(&w);
	json_key(&w, "Action");
	json_string(&w, "kms:*");
	json_key(&w, "Resource");
	json_string(&w, "*");
	json_object_end(&w);
	json_object_begin(&w);
	json_key(&w, "Sid");
	json_string(&w, "CloudWatchLogs");
	json_key(&w, "Effect");
	json_string(&w, "Allow");
	json_key(&w, "Principal");
	json_object_begin(&w);
	json_key(&w, "Service");
	json_string(&w, out_printf(s->o, "logs.%s.amazonaws.com", s->region));
	json_object_end(&w);
	json_key(&w, "Action");
	const char *actions[] = {"kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"};
	put_strings(&w, actions, COUNT_OF(actions));
	json_key(&w, "Resource");
	json_string(&w, "*");
	json_key(&w, "Condition");
	json_object_begin(&w);
	json_key(&w, "ArnEquals");
	json_object_begin(&w);
	json_key(&w, "kms:EncryptionContext:aws:logs:arn");
	put_strings(&w, (const char *const *)groups.items, groups.len);
	vec_free(&groups);
	json_object_end(&w);
	json_object_end(&w);
	json_object_end(&w);
	doc_end(s, d, &w);
}

/* ---- building and writing ---- */

void iam_build(Emit *o)
{
	if (o->iam_built || !o->m->environment)
		return;
	o->iam_built = true;
	lower_model(o->m, &o->graph); /* emit_all's first stage: the documents of lowered resources */
	/* The facts the documents record are the iam back end's, whichever
	 * back end needs the documents first. */
	const char *caller = o->emitter;
	o->emitter = "iam";
	Iam s = {o, o->m, obj_str(o->m->environment, "partition"), obj_str(o->m->environment, "region"),
		 obj_str(o->m->environment, "account")};
	const Vec *v;
	v = model_kind(o->m, "cluster");
	for (size_t i = 0; i < v->len; i++) {
		/* An adopted cluster has its own role; its nodes' only when
		 * infrac adds node groups. */
		if (!obj_adopted(v->items[i]))
			service_trust_doc(&s, v->items[i], "cluster-trust", "eks.amazonaws.com", true, false);
		if (cluster_makes_nodes(v->items[i]))
			service_trust_doc(&s, v->items[i], "node-trust", "ec2.amazonaws.com", false, false);
	}
	v = model_kind(o->m, "flow_logs");
	for (size_t i = 0; i < v->len; i++)
		flow_logs_docs(&s, v->items[i]);
	v = model_kind(o->m, "role");
	for (size_t i = 0; i < v->len; i++) {
		role_trust(&s, v->items[i]);
		if (has_statements(v->items[i]))
			statements_doc(&s, v->items[i], "inline", IAM_IDENTITY);
	}
	v = model_kind(o->m, "policy");
	for (size_t i = 0; i < v->len; i++)
		statements_doc(&s, v->items[i], "managed", IAM_IDENTITY);
	v = model_kind(o->m, "user");
	for (size_t i = 0; i < v->len; i++)
		if (has_statements(v->items[i]))
			statements_doc(&s, v->items[i], "inline", IAM_IDENTITY);
	v = model_kind(o->m, "database");
	for (size_t i = 0; i < v->len; i++)
		if (obj_int(v->items[i], "monitoring_interval"))
			service_trust_doc(&s, v->items[i], "monitoring-trust", "monitoring.rds.amazonaws.com", false, false);
	v = model_kind(o->m, "bucket");
	for (size_t i = 0; i < v->len; i++)
		bucket_doc(&s, v->items[i]);
	v = model_kind(o->m, "trail");
	for (size_t i = 0; i < v->len; i++)
		if (obj_get(v->items[i], "bucket")->kind != V_REF) /* an existing bucket keeps its policy */
			trail_doc(&s, v->items[i]);
	v = model_kind(o->m, "kms_key");
	for (size_t i = 0; i < v->len; i++)
		kms_key_doc(&s, v->items[i]);
	typed_docs(&s);
	iam_lint(o);
	o->emitter = caller;
}

const IamDoc *iam_find(Emit *o, const Object *owner, const char *purpose)
{
	iam_build(o);
	const Vec *docs = map_get(&o->iam_by_owner, (const char *)owner);
	for (size_t i = 0; docs && i < docs->len; i++) {
		IamDoc *d = docs->items[i];
		if (strcmp(d->purpose, purpose) == 0)
			return d;
	}
	return NULL;
}

void emit_iam(Emit *o)
{
	iam_build(o);
	for (size_t i = 0; i < o->iam.len; i++) {
		IamDoc *d = o->iam.items[i];
		if (!d->path)
			continue;
		Buf *b = out_file(o, "%s", d->path);
		iam_text_plain(d, b);
		out_flush(o);
	}
}

/*
 * model.c: reading the Model.
 *
 * The Model is the list of Objects the compiler produced.  Emitters and
 * the capacity solver read fields by name through the accessors here;
 * asking for a field a kind does not declare is a programming error and
 * aborts, so a renamed schema field cannot silently empty an output.
 *
 * model_dump_json prints the Model as stable JSON (objects sorted by
 * path, keys sorted), for tests and for debugging.
 */
#include "infrac.h"

#include <stdlib.h>
#include <string.h>

/* A workload trust's accounts, worked out once: the checks, the IAM
 * stage and the Terraform, Helm and rbac back ends all ask. */
typedef struct TrustMemo {
	TrustAccount *items;
	size_t n;
	Map keys; /* interned "ns/sa" of each account */
} TrustMemo;


/* Back ends ask for fields by string literal, again and again; the
 * literal's address is a key as good as an interned name. */
static Field *field_named(const Kind *k, const char *name)
{
	Field *f = map_get(&k->by_literal, name);
	if (f)
		return f;
	for (uint32_t i = 0; i < k->nfields; i++)
		if (strcmp(k->fields[i]->name, name) == 0) {
			map_put(&((Kind *)k)->by_literal, name, k->fields[i]);
			return k->fields[i];
		}
	return NULL;
}

bool slot_written(const Object *o, const Field *f, Span *attr, Span *value)
{
	const Slot *s = &o->slots[f->index];
	if (s->dropped) {
		if (!s->attr_span.end)
			return false;
		*attr = s->attr_span;
		*value = (Span){s->attr_span.file, s->value_start, s->attr_span.end};
		return true;
	}
	if (!s->attr)
		return false;
	*attr = s->attr->span;
	*value = s->attr->a->span;
	return true;
}

/* Where the attribute that sets field was written: the whole `name =
 * value` in *attr and the value in *value; false when it was not. */
static bool written_at(const Object *o, const char *field, Span *attr, Span *value)
{
	Field *f = field_named(o->kind, field);
	return f && slot_written(o, f, attr, value);
}

bool obj_written(const Object *o, const char *field)
{
	Span a, v;
	return written_at(o, field, &a, &v);
}

Span obj_attr_span(const Object *o, const char *field)
{
	Span a, v;
	return written_at(o, field, &a, &v) ? a : o->name_span;
}

Span obj_value_span(const Object *o, const char *field)
{
	Span a, v;
	return written_at(o, field, &a, &v) ? v : o->name_span;
}

bool obj_has(const Object *o, const char *field)
{
	return field_named(o->kind, field) != NULL;
}

Value *obj_get(const Object *o, const char *field)
{
	Field *f = field_named(o->kind, field);
	if (!f)
		fatal("internal error: kind `%s` has no field `%s`", o->kind->name, field);
	Slot *s = &o->slots[f->index];
	if (s->state != 2 || !s->value)
		fatal("internal error: `%s.%s` was not evaluated", o->path, field);
	return s->value;
}

const char *obj_str(const Object *o, const char *field)
{
	Value *v = obj_get(o, field);
	return v->kind == V_STRING ? v->s : v->kind == V_SYMBOL ? v->s : NULL;
}

int64_t obj_int(const Object *o, const char *field)
{
	Value *v = obj_get(o, field);
	return v->kind == V_INT || v->kind == V_QTY || v->kind == V_BOOL ? v->i : 0;
}

bool obj_bool(const Object *o, const char *field)
{
	Value *v = obj_get(o, field);
	return v->kind == V_BOOL && v->i;
}

Object *obj_ref(const Object *o, const char *field)
{
	Value *v = obj_get(o, field);
	return v->kind == V_REF && !v->obj->kind->tf_type ? v->obj : NULL;
}

const Vec *obj_blocks(const Object *o, const char *field)
{
	Field *f = field_named(o->kind, field);
	if (!f || !type_is_block(f->type))
		fatal("internal error: `%s` of kind `%s` is not a block field", field, o->kind->name);
	return slot_blocks(&o->slots[f->index]);
}

/* Back ends ask for kinds by string literal too; the Model is read-only
 * to them, but these lookups fill caches, hence the casts. */
const Vec *model_kind(const Model *m, const char *kind)
{
	static const Vec empty;
	Vec *v = map_get(&m->by_literal, kind);
	if (v)
		return v;
	for (size_t i = 0; i < m->by_kind.len; i++)
		if (strcmp(m->by_kind.keys[i], kind) == 0) {
			map_put((Map *)&m->by_literal, kind, m->by_kind.vals[i]);
			return m->by_kind.vals[i];
		}
	return &empty;
}

static void index_user(Map *index, const Value *v, Object *user)
{
	if (v->kind == V_LIST) {
		for (uint32_t i = 0; i < v->n; i++)
			index_user(index, v->items[i], user);
		return;
	}
	if (v->kind != V_REF)
		return;
	Vec *users = map_get(index, (const char *)v->obj);
	if (!users) {
		users = xcalloc(1, sizeof *users);
		map_put(index, (const char *)v->obj, users);
	}
	if (!users->len || users->items[users->len - 1] != user)
		vec_push(users, user);
}

/* Back ends ask which services use each role, which bindings name each
 * service, and so on, once per target: the answers for every target are
 * gathered in one pass over the kind at the first question, so the
 * questions cost linear time in all. */
const Vec *model_users(const Model *m, const Object *target, const char *kind, const char *field)
{
	static const Vec empty;
	const Vec *objs = model_kind(m, kind);
	if (!objs->len)
		return &empty;
	Kind *k = ((Object *)objs->items[0])->kind;
	Field *f = field_named(k, field);
	if (!f)
		fatal("internal error: kind `%s` has no field `%s`", k->name, field);
	Map *index = map_get(&m->users, (const char *)f);
	if (!index) {
		index = xcalloc(1, sizeof *index);
		map_put((Map *)&m->users, (const char *)f, index);
		for (size_t i = 0; i < objs->len; i++)
			index_user(index, obj_get(objs->items[i], field), objs->items[i]);
	}
	Vec *users = map_get(index, (const char *)target);
	return users ? users : &empty;
}

void model_free(Model *m)
{
	for (size_t i = 0; i < m->trusts.len; i++)
		map_free(&((TrustMemo *)m->trusts.vals[i])->keys);
	map_free(&m->trusts);
	map_free(&m->principals);
	for (size_t i = 0; i < m->by_kind.len; i++)
		vec_free(m->by_kind.vals[i]); /* the Vec itself is in the arena */
	for (size_t i = 0; i < m->users.len; i++) {
		Map *index = m->users.vals[i];
		for (size_t j = 0; j < index->len; j++) {
			vec_free(index->vals[j]);
			free(index->vals[j]);
		}
		map_free(index);
		free(index);
	}
	map_free(&m->by_kind);
	map_free(&m->by_literal);
	map_free(&m->users);
	vec_free(&m->objects);
}

/* ---- JSON dump ---- */

static void dump_object(JsonW *w, const Object *o);
static int cmp_keys(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	return strcmp(*x, *y);
}

static void dump_value(JsonW *w, const Value *v)
{
	Buf t = {0};
	switch (v->kind) {
	case V_ERROR:
	case V_NULL:
		json_null(w);
		break;
	case V_BOOL:
		json_bool(w, v->i);
		break;
	case V_INT:
		json_int(w, v->i);
		break;
	case V_QTY:
	case V_CIDR:
	case V_RANGE:
	case V_SYMBOL:
		value_to_text(v, &t);
		json_string_n(w, t.data, t.len);
		break;
	case V_STRING:
		json_string_n(w, v->s, v->len);
		break;
	case V_LIST:
		json_array_begin(w);
		for (uint32_t i = 0; i < v->n; i++)
			dump_value(w, v->items[i]);
		json_array_end(w);
		break;
	case V_MAP: {
		const char **keys = xmalloc((v->n ? v->n : 1) * sizeof *keys);
		for (uint32_t i = 0; i < v->n; i++)
			keys[i] = v->keys[i];
		qsort(keys, v->n, sizeof *keys, cmp_keys);
		json_object_begin(w);
		for (uint32_t i = 0; i < v->n; i++) {
			json_key(w, keys[i]);
			dump_value(w, value_map_get(v, keys[i]));
		}
		json_object_end(w);
		free(keys);
		break;
	}
	case V_REF:
		json_object_begin(w);
		json_key(w, "ref");
		json_string(w, v->obj->path);
		json_object_end(w);
		break;
	case V_DEFERRED:
		json_object_begin(w);
		json_key(w, "after_apply");
		buf_printf(&t, "%s.%s", v->obj->path, v->s);
		json_string_n(w, t.data, t.len);
		json_object_end(w);
		break;
	case V_TEMPLATE:
		json_object_begin(w);
		json_key(w, "template");
		json_array_begin(w);
		for (uint32_t i = 0; i < v->n; i++)
			dump_value(w, v->items[i]);
		json_array_end(w);
		json_object_end(w);
		break;
	case V_KINDSET:
		json_object_begin(w);
		json_key(w, "kind");
		json_string(w, v->kind_of->name);
		json_object_end(w);
		break;
	case V_CHOICE:
		json_object_begin(w);
		json_key(w, "cheapest");
		json_array_begin(w);
		for (uint32_t i = 0; i < v->n; i++)
			dump_value(w, v->items[i]);
		json_array_end(w);
		json_object_end(w);
		break;
	case V_AUTO:
		json_object_begin(w);
		json_key(w, "auto");
		json_bool(w, true);
		json_object_end(w);
		break;
	}
	buf_free(&t);
}

static int cmp_fields(const void *a, const void *b)
{
	const Field *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

static void dump_object(JsonW *w, const Object *o)
{
	json_object_begin(w);
	json_key(w, "kind");
	json_string(w, o->kind->name);
	json_key(w, "path");
	json_string(w, o->path);
	if (o->nlabels) {
		json_key(w, "labels");
		json_array_begin(w);
		for (uint32_t i = 0; i < o->nlabels; i++)
			json_string(w, o->labels[i]);
		json_array_end(w);
	}
	json_key(w, "fields");
	Field **sorted = xmalloc((o->kind->nfields ? o->kind->nfields : 1) * sizeof *sorted);
	memcpy(sorted, o->kind->fields, o->kind->nfields * sizeof *sorted);
	qsort(sorted, o->kind->nfields, sizeof *sorted, cmp_fields);
	json_object_begin(w);
	for (uint32_t i = 0; i < o->kind->nfields; i++) {
		Field *f = sorted[i];
		Slot *s = &o->slots[f->index];
		if (f->output && (!s->value || s->value->kind == V_DEFERRED))
			continue;
		/* A Terraform resource type has dozens of attributes: only
		 * the ones written are shown. */
		Span as, vs;
		if (o->kind->provider && !slot_blocks(s)->len && !slot_written(o, f, &as, &vs))
			continue;
		json_key(w, f->name);
		if (type_is_block(f->type)) {
			if (f->type->kind == T_BLOCK) {
				if (slot_blocks(s)->len)
					dump_object(w, slot_blocks(s)->items[0]);
				else
					json_null(w);
			} else {
				json_array_begin(w);
				for (size_t j = 0; j < slot_blocks(s)->len; j++)
					dump_object(w, slot_blocks(s)->items[j]);
				json_array_end(w);
			}
		} else {
			dump_value(w, s->value ? s->value : &value_error);
		}
	}
	json_object_end(w);
	free(sorted);
	json_object_end(w);
}

static int cmp_paths(const void *a, const void *b)
{
	const Object *const *x = a, *const *y = b;
	return strcmp((*x)->path, (*y)->path);
}

void model_dump_json(const Model *m, Buf *out)
{
	JsonW w;
	json_init(&w, out);
	json_object_begin(&w);
	json_key(&w, "environment");
	if (m->env_name)
		json_string(&w, m->env_name);
	else
		json_null(&w);
	json_key(&w, "blocks");
	json_array_begin(&w);
	Vec tops = {0};
	for (size_t i = 0; i < m->objects.len; i++) {
		Object *o = m->objects.items[i];
		if (!o->parent)
			vec_push(&tops, o);
	}
	vec_sort(&tops, cmp_paths);
	for (size_t i = 0; i < tops.len; i++)
		dump_object(&w, tops.items[i]);
	vec_free(&tops);
	json_array_end(&w);
	json_object_end(&w);
	json_finish(&w);
}

const char *obj_name(const Object *o)
{
	if (obj_has(o, "name")) {
		Value *v = obj_get(o, "name");
		if (v->kind == V_STRING)
			return v->s;
	}
	return o->name;
}

const Value *obj_adopted(const Object *o)
{
	if (!obj_has(o, "existing"))
		return NULL;
	const Value *v = obj_get(o, "existing");
	return v->kind == V_NULL ? NULL : v;
}

bool cluster_makes_nodes(const Object *cl)
{
	const Vec *pools = obj_blocks(cl, "pool");
	bool makes = !obj_adopted(cl);
	for (size_t i = 0; i < pools->len; i++)
		makes |= !obj_adopted(pools->items[i]);
	return makes;
}

const char *svc_namespace(const Object *svc)
{
	Object *ns = obj_ref(svc, "namespace");
	if (!ns) {
		Object *rel = obj_ref(svc, "release");
		if (rel)
			ns = obj_ref(rel, "namespace");
	}
	return ns ? obj_name(ns) : "default";
}

Span obj_field_span(const Object *o, const char *field)
{
	/* Both are the block's name when the field was not written. */
	Span v = obj_value_span(o, field), a = obj_attr_span(o, field);
	return span_contains(o->span, v) ? v : span_contains(o->span, a) ? a : o->name_span;
}

bool obj_described(const Object *o)
{
	const Value *v = obj_get(o, "description");
	return v->kind == V_TEMPLATE || (v->kind == V_STRING && v->len > 0);
}

/* ---- workload trusts ---- */

static const char *account_key(const Model *m, const char *ns, const char *sa)
{
	Compiler *c = m->c;
	return intern_cstr(&c->names, arena_printf(c->arena, "%s/%s", ns, sa));
}

static void memo_add(const Model *m, TrustMemo *memo, Vec *acc, const char *ns, const char *sa)
{
	const char *key = account_key(m, ns, sa);
	if (map_get(&memo->keys, key))
		return;
	map_put(&memo->keys, key, (void *)key);
	TrustAccount *a = ARENA_NEW(m->c->arena, TrustAccount);
	a->ns = ns;
	a->sa = sa;
	vec_push(acc, a);
}

static TrustMemo *trust_memo(const Model *m, const Object *role, const Object *t)
{
	TrustMemo *memo = map_get(&m->trusts, (const char *)t);
	if (memo)
		return memo;
	memo = ARENA_NEW(m->c->arena, TrustMemo);
	map_put((Map *)&m->trusts, (const char *)t, memo);
	Value *ns = obj_get(t, "namespace"), *sa = obj_get(t, "service_account");
	const char *want_ns = ns->kind == V_REF ? obj_name(ns->obj) : ns->kind == V_STRING ? ns->s : NULL;
	const char *want_sa = sa->kind == V_STRING ? sa->s : NULL;
	Vec acc = {0};
	if (want_ns && want_sa) {
		memo_add(m, memo, &acc, want_ns, want_sa);
	} else {
		const Object *cluster = obj_ref(t, "cluster");
		const Vec *svcs = model_users(m, role, "service", "role");
		for (size_t i = 0; i < svcs->len; i++) {
			const Object *svc = svcs->items[i];
			if (obj_ref(svc, "cluster") != cluster)
				continue;
			const char *sns = svc_namespace(svc), *ssa = obj_str(svc, "service_account");
			if ((!want_ns || strcmp(want_ns, sns) == 0) && (!want_sa || strcmp(want_sa, ssa) == 0))
				memo_add(m, memo, &acc, sns, ssa);
		}
	}
	memo->n = acc.len;
	memo->items = arena_alloc(m->c->arena, (acc.len ? acc.len : 1) * sizeof *memo->items);
	for (size_t i = 0; i < acc.len; i++)
		memo->items[i] = *(TrustAccount *)acc.items[i];
	vec_free(&acc);
	return memo;
}

size_t model_trust_accounts(const Model *m, const Object *role, const Object *t, const TrustAccount **out)
{
	TrustMemo *memo = trust_memo(m, role, t);
	*out = memo->items;
	return memo->n;
}

const Object *model_trust_covering(const Model *m, const Object *role, const Object *cluster, const char *ns,
				   const char *sa, const char *variant)
{
	const Vec *trusts = obj_blocks(role, "trust");
	const char *key = account_key(m, ns, sa), *any = account_key(m, ns, "*");
	for (size_t i = 0; i < trusts->len; i++) {
		const Object *t = trusts->items[i];
		const char *v = t->kind->variant;
		if (variant ? strcmp(v, variant) != 0 : strcmp(v, "irsa") != 0 && strcmp(v, "pod_identity") != 0)
			continue;
		if (obj_ref(t, "cluster") != cluster)
			continue;
		TrustMemo *memo = trust_memo(m, role, t);
		if (map_get(&memo->keys, key) || map_get(&memo->keys, any))
			return t;
	}
	return NULL;
}

const Object *model_github_provider(const Model *m, const Object *trust)
{
	const Object *p = obj_ref(trust, "provider");
	const Vec *providers = model_kind(m, "oidc_provider");
	return p ? p : providers->len == 1 ? providers->items[0] : NULL;
}

const char *addon_account(const Object *a, const char **ns)
{
	static const struct {
		const char *addon, *ns, *account;
	} known[] = {
		{"aws-ebs-csi-driver", "kube-system", "ebs-csi-controller-sa"},
		{"aws-efs-csi-driver", "kube-system", "efs-csi-controller-sa"},
		{"vpc-cni", "kube-system", "aws-node"},
		{"amazon-cloudwatch-observability", "amazon-cloudwatch", "cloudwatch-agent"},
	};
	Value *sa = obj_get(a, "service_account");
	*ns = NULL;
	for (size_t i = 0; i < COUNT_OF(known); i++)
		if (strcmp(known[i].addon, a->name) == 0) {
			*ns = known[i].ns;
			return sa->kind == V_STRING ? sa->s : known[i].account;
		}
	return sa->kind == V_STRING ? sa->s : NULL;
}

const Object *model_principal(const Model *m, const Value *arn)
{
	if (arn->kind != V_STRING)
		return NULL;
	Compiler *c = m->c;
	if (!m->principals_built) {
		static const char *const kinds[] = {"role", "user"};
		for (size_t k = 0; k < COUNT_OF(kinds); k++) {
			const Vec *objs = model_kind(m, kinds[k]);
			for (size_t i = 0; i < objs->len; i++) {
				const Value *a = obj_get(objs->items[i], "arn");
				if (a->kind == V_STRING)
					map_put((Map *)&m->principals, intern_cstr(&c->names, a->s), objs->items[i]);
			}
		}
		((Model *)m)->principals_built = true;
	}
	return map_get(&m->principals, intern_cstr(&c->names, arn->s));
}

/*
 * graph.c: the lowering stage, and the typed resources it makes.
 *
 * A lowered resource is an Object of the provider's kind, like one the
 * user writes, so the serializer, the IAM stage and the lints treat both
 * alike; its values are its record's items rather than Slots, which
 * would cost one per attribute of the schema.  What a lowering sets is
 * checked here, as it is set, against the provider schema: an attribute the schema lacks, one only
 * the provider computes, a value of the wrong shape or a required
 * attribute left unset is a defect of infrac, not of the specification,
 * and stops the compiler with an internal error that names the kind and
 * the attribute.  Every lowering runs in the tests, so a misspelt
 * attribute fails `./setup test` without terraform.
 */
#include "lower.h"

#include <string.h>

static void internal(Lower *l, const Object *r, const char *what, const char *attr)
{
	fatal("internal error: the lowering of %s sets %s of %s `%s`: %s", l->row ? l->row->kind : "?", attr,
	      r->kind->name, r->name ? r->name : r->word, what);
}

static LowRes *record(Lower *l, Object *res, const char *area)
{
	LowRes *lr = ARENA_NEW(l->c->arena, LowRes);
	lr->res = res;
	lr->owner = l->owner;
	lr->area = area;
	map_put(&l->g->of, (const char *)res, lr);
	return lr;
}

static void owner_made(Lower *l, LowRes *lr)
{
	Vec *mine = map_get(&l->g->by_owner, (const char *)l->owner);
	if (!mine) {
		mine = ARENA_NEW(l->c->arena, Vec);
		map_put(&l->g->by_owner, (const char *)l->owner, mine);
	}
	vec_push(mine, lr);
}

static Object *new_object(Lower *l, Kind *k, const char *word)
{
	Object *o = ARENA_NEW(l->c->arena, Object);
	o->kind = k;
	o->word = word;
	o->span = l->owner->span;
	o->name_span = l->owner->name_span;
	/* No Slots: the values are the LowItems' (lower_value). */
	o->id = l->next_id++;
	return o;
}

static Object *made(Lower *l, bool data, const char *area, const char *type, const char *base, const char *suffix)
{
	Kind *k = provider_kind(l->c, data, type);
	if (!k)
		fatal("internal error: the lowering of %s makes a %s `%s`, which the provider schema lacks",
		      l->row ? l->row->kind : "?", data ? "data source" : "resource", type);
	const char *name = suffix ? arena_printf(l->c->arena, "%s_%s", base, suffix) : base;
	Object *o = new_object(l, k, data ? "data" : "resource");
	o->name = name;
	o->labels = ARENA_ARRAY(l->c->arena, const char *, 1);
	o->labels[0] = name;
	o->nlabels = 1;
	o->path = arena_printf(l->c->arena, "%s%s.%s", data ? "data." : "", type, name);
	LowRes *lr = record(l, o, area);
	vec_push(&l->g->res, lr);
	owner_made(l, lr);
	return o;
}

Object *lower_resource(Lower *l, const char *type, const char *suffix)
{
	return made(l, false, l->row->area, type, names_terraform(l->c->arena, l->owner), suffix);
}

Object *lower_data(Lower *l, const char *type, const char *suffix)
{
	return made(l, true, l->row->area, type, names_terraform(l->c->arena, l->owner), suffix);
}

Object *lower_resource_for(Lower *l, const Object *blk, const char *area, const char *type, const char *suffix)
{
	return made(l, false, area ? area : l->row->area, type, names_terraform(l->c->arena, blk), suffix);
}

Object *lower_data_for(Lower *l, const Object *blk, const char *type)
{
	return made(l, true, l->row->area, type, names_terraform(l->c->arena, blk), NULL);
}

/* Whether v has a shape a value of type t can have: scalars of their
 * own kind (Terraform converts strings, numbers and booleans into each
 * other only where it must, so a lowering does not rely on it),
 * collections of collections; a value known after apply fits anything. */
static bool fits(const Type *t, const Value *v)
{
	t = type_strip((Type *)t);
	switch (v->kind) {
	case V_DEFERRED:
		return true;
	case V_STRING:
	case V_TEMPLATE:
	case V_SYMBOL:
		return t->kind == T_STRING || t->kind == T_ANY;
	case V_INT:
		return t->kind == T_INT || t->kind == T_ANY;
	case V_QTY: /* a percentage, written as its number */
		return v->dim == DIM_PERCENT && (t->kind == T_INT || t->kind == T_ANY);
	case V_BOOL:
		return t->kind == T_BOOL || t->kind == T_ANY;
	case V_LIST:
		if (t->kind == T_ANY)
			return true;
		if (t->kind != T_LIST)
			return false;
		for (uint32_t i = 0; i < v->n; i++)
			if (!fits(t->elem, v->items[i]))
				return false;
		return true;
	case V_MAP:
		return t->kind == T_MAP || t->kind == T_ANY;
	case V_REF: /* a resource to wait for (depends_on) */
		return t->kind == T_ANY || t->kind == T_REF;
	default:
		return false;
	}
}

static const Field *settable(Lower *l, Object *r, const char *attr)
{
	const Field *f = kind_field(r->kind, intern_cstr(&l->c->names, attr));
	if (!f)
		internal(l, r, "the provider schema has no such attribute", attr);
	return f;
}

/* Whether an item of lr sets f already. */
static bool set_already(const LowRes *lr, const Field *f)
{
	for (size_t i = 0; i < lr->items.len; i++)
		if (((const LowItem *)lr->items.items[i])->field == f)
			return true;
	return false;
}

static LowItem *set(Lower *l, Object *r, const char *attr, Value *v)
{
	const Field *f = settable(l, r, attr);
	if (f->output)
		internal(l, r, "the provider computes it", attr);
	if (type_is_block(f->type))
		internal(l, r, "it is a nested block", attr);
	if (!fits(f->type, v))
		internal(l, r, "the value does not have its type", attr);
	LowRes *lr = map_get(&l->g->of, (const char *)r);
	if (set_already(lr, f))
		internal(l, r, "it is set twice", attr);
	LowItem *it = ARENA_NEW(l->c->arena, LowItem);
	it->field = f;
	it->value = v;
	vec_push(&lr->items, it);
	return it;
}

void lower_set(Lower *l, Object *r, const char *attr, Value *v)
{
	set(l, r, attr, v);
}

void lower_for_each(Lower *l, Object *r, Value *v)
{
	LowRes *lr = map_get(&l->g->of, (const char *)r);
	if (!lr || lr->for_each || !r->kind->tf_type)
		internal(l, r, "it is not a resource or data source made once", "for_each");
	lr->for_each = v;
}

void lower_local(Lower *l, const char *area, const char *name, Value *v)
{
	const char *key = intern_cstr(&l->c->names, name);
	if (map_get(&l->g->locals, key))
		return;
	const Vec *mine = map_get(&l->g->by_owner, (const char *)l->owner);
	LowRes *lr = mine && mine->len ? vec_last(mine) : NULL;
	if (!lr || lr->res || lr->check || strcmp(lr->area, area) != 0) {
		lr = ARENA_NEW(l->c->arena, LowRes);
		lr->owner = l->owner;
		lr->area = area;
		owner_made(l, lr);
	}
	vec_push(&lr->local_names, (void *)key);
	vec_push(&lr->local_values, v);
	map_put(&l->g->locals, key, lr);
}

void lower_output(Lower *l, const char *name, Value *v, bool sensitive)
{
	LowOutput *o = ARENA_NEW(l->c->arena, LowOutput);
	*o = (LowOutput){arena_strndup(l->c->arena, name, strlen(name)), v, sensitive};
	vec_push(&l->g->outputs, o);
}

Value *lower_own(Lower *l, const char *output)
{
	return lower_thing(l, lower_block_ref(l, l->owner), output);
}

LowRes *lower_check(Lower *l, const char *area, const char *name)
{
	LowRes *lr = ARENA_NEW(l->c->arena, LowRes);
	lr->owner = l->owner;
	lr->area = area;
	lr->check = arena_strndup(l->c->arena, name, strlen(name));
	owner_made(l, lr);
	return lr;
}

void lower_assert(LowRes *check, Value *condition, Value *message)
{
	vec_push(&check->asserts, condition);
	vec_push(&check->asserts, message);
}

void lower_fact(Lower *l, Object *r, const char *subject, const char *key, Span span, const char *value)
{
	LowRes *lr = map_get(&l->g->of, (const char *)r);
	if (!lr)
		internal(l, r, "it is not a resource of the lowering", "a fact");
	LowFact *f = ARENA_NEW(l->c->arena, LowFact);
	*f = (LowFact){subject, key, value, span};
	vec_push(&lr->facts, f);
}

void lower_set_text(Lower *l, Object *r, const char *attr, const char *text)
{
	size_t n = strlen(text);
	if (!n || text[n - 1] != '\n')
		internal(l, r, "a text written as a heredoc ends with a newline", attr);
	set(l, r, attr, lower_string(l, text))->heredoc = true;
}

void lower_set_doc(Lower *l, Object *r, const char *attr, const char *purpose)
{
	lower_set_doc_of(l, r, attr, NULL, purpose);
}

void lower_set_doc_of(Lower *l, Object *r, const char *attr, const Object *owner, const char *purpose)
{
	const Field *f = settable(l, r, attr);
	if (f->output || type_is_block(f->type))
		internal(l, r, "it cannot hold a document", attr);
	LowRes *lr = map_get(&l->g->of, (const char *)r);
	if (set_already(lr, f))
		internal(l, r, "it is set twice", attr);
	LowItem *it = ARENA_NEW(l->c->arena, LowItem);
	it->field = f;
	it->doc = purpose;
	it->doc_owner = owner;
	vec_push(&lr->items, it);
}

Object *lower_block(Lower *l, Object *r, const char *field)
{
	const Field *f = settable(l, r, field);
	Kind *k = NULL;
	if (type_is_block(f->type)) {
		k = type_strip(f->type)->kinds[0];
		provider_load(l->c, k);
	} else if (!f->output && type_strip(f->type)->kind == T_LIST) {
		/* A list of objects that Terraform also takes as blocks
		 * (aws_route_table's route): each block is one object. */
		const Type *e = type_strip(type_strip(f->type)->elem);
		if (e->kind == T_MAP && e->nkinds)
			k = e->kinds[0];
	}
	if (!k)
		internal(l, r, "it is an attribute, not a nested block", field);
	Object *b = new_object(l, k, f->name);
	b->parent = r;
	b->parent_field = (Field *)f;
	b->path = arena_printf(l->c->arena, "%s.%s", r->path, f->name);
	LowRes *parent = map_get(&l->g->of, (const char *)r);
	record(l, b, parent->area);
	LowItem *it = ARENA_NEW(l->c->arena, LowItem);
	it->block = b;
	vec_push(&parent->items, it);
	return b;
}

/* Every attribute the schema requires is set, in r and the blocks in it. */
void lower_check_required(Lower *l, const LowRes *lr)
{
	const Object *r = lr->res;
	for (uint32_t i = 0; i < r->kind->nfields; i++) {
		const Field *f = r->kind->fields[i];
		/* set, or a document the IAM stage makes */
		if (f->required && !type_is_block(f->type) && !set_already(lr, f))
			internal(l, r, "a required attribute is left unset", f->name);
	}
	for (size_t i = 0; i < lr->items.len; i++) {
		const LowItem *it = lr->items.items[i];
		if (it->block)
			lower_check_required(l, map_get(&l->g->of, (const char *)it->block));
	}
}

Value *lower_string(Lower *l, const char *s)
{
	return value_string(l->c, s, strlen(s), l->owner->name_span);
}

Value *lower_int(Lower *l, int64_t i)
{
	return value_int(l->c, i, l->owner->name_span);
}

Value *lower_bool(Lower *l, bool b)
{
	return value_bool(l->c, b, l->owner->name_span);
}

Value *lower_list(Lower *l, Value **items, uint32_t n)
{
	Value *v = value_new(l->c, V_LIST, l->owner->name_span);
	v->items = ARENA_ARRAY(l->c->arena, Value *, n ? n : 1);
	memcpy(v->items, items, n * sizeof *items);
	v->n = n;
	return v;
}

Value *lower_map(Lower *l, const char **keys, Value **items, uint32_t n)
{
	Value *v = lower_list(l, items, n);
	v->kind = V_MAP;
	v->keys = ARENA_ARRAY(l->c->arena, const char *, n ? n : 1);
	for (uint32_t i = 0; i < n; i++)
		v->keys[i] = intern_cstr(&l->c->names, keys[i]);
	return v;
}

Value *lower_block_ref(Lower *l, const Object *obj)
{
	Value *v = value_new(l->c, V_REF, l->owner->name_span);
	v->obj = (Object *)obj;
	return v;
}

Value *lower_ids(Lower *l, const Value *list)
{
	return lower_expr(l, tf_id_list(l->c->arena, &(Vec){0}, list));
}

Value *lower_expr(Lower *l, const char *expr)
{
	Value *v = value_new(l->c, V_DEFERRED, l->owner->name_span);
	v->s = arena_strndup(l->c->arena, expr, strlen(expr));
	return v;
}

Value *lower_ref(Lower *l, const Object *r, const char *attr)
{
	if (!r->kind->tf_type || !kind_field(r->kind, intern_cstr(&l->c->names, attr)))
		fatal("internal error: the lowering of %s reads `%s` of %s, which has no such attribute",
		      l->row ? l->row->kind : "?", attr, r->path);
	Value *v = value_new(l->c, V_DEFERRED, l->owner->name_span);
	v->obj = (Object *)r;
	v->s = intern_cstr(&l->c->names, attr);
	return v;
}

Value *lower_thing(Lower *l, const Value *v, const char *attr)
{
	if (v->kind != V_REF)
		return (Value *)v;
	const Value *own = tf_adopted_as(v->obj, attr); /* an adopted role is its ARN */
	if (own)
		return lower_thing(l, own, attr);
	Value *d = value_new(l->c, V_DEFERRED, v->span);
	d->obj = v->obj;
	d->s = intern_cstr(&l->c->names, attr);
	return d;
}

void lower_text_put(LowText *t, const char *s)
{
	buf_puts(&t->lit, s);
}

static void flush_lit(Lower *l, LowText *t)
{
	if (!t->lit.len)
		return;
	vec_push(&t->parts, value_string(l->c, t->lit.data, t->lit.len, l->owner->name_span));
	t->lit.len = 0;
}

void lower_text_json(Lower *l, LowText *t, const Value *v)
{
	if (v->kind == V_DEFERRED) {
		flush_lit(l, t);
		vec_push(&t->parts, (void *)v);
		return;
	}
	if (v->kind == V_TEMPLATE) {
		for (uint32_t i = 0; i < v->n; i++)
			lower_text_json(l, t, v->items[i]);
		return;
	}
	Buf s = {0};
	value_to_text(v, &s);
	json_escape(&t->lit, s.data ? s.data : "", s.len);
	buf_free(&s);
}

Value *lower_text_end(Lower *l, LowText *t)
{
	Value *v;
	if (!t->parts.len) {
		v = value_string(l->c, t->lit.data ? t->lit.data : "", t->lit.len, l->owner->name_span);
	} else {
		flush_lit(l, t);
		v = value_new(l->c, V_TEMPLATE, l->owner->name_span);
		v->items = ARENA_ARRAY(l->c->arena, Value *, t->parts.len);
		memcpy(v->items, t->parts.items, t->parts.len * sizeof(Value *));
		v->n = (uint32_t)t->parts.len;
	}
	vec_free(&t->parts);
	buf_free(&t->lit);
	return v;
}

/* ---- the stage ---- */

void lower_model(const Model *m, Graph *g)
{
	if (g->lowered)
		return;
	g->lowered = true;
	const Lowering *rows;
	size_t nrows = lower_rows(&rows);
	Lower l = {m->c, m, g, NULL, NULL, (uint32_t)m->objects.len};
	for (size_t i = 0; i < nrows; i++) {
		if (!rows[i].lower)
			continue;
		l.row = &rows[i];
		const Vec *blocks = model_kind(m, rows[i].kind);
		for (size_t j = 0; j < blocks->len; j++) {
			l.owner = blocks->items[j];
			size_t from = g->res.len;
			rows[i].lower(&l, l.owner);
			for (size_t k = from; k < g->res.len; k++)
				lower_check_required(&l, g->res.items[k]);
		}
	}
}

void lower_free(Graph *g)
{
	for (size_t i = 0; i < g->of.len; i++) {
		LowRes *lr = g->of.vals[i];
		vec_free(&lr->items);
		vec_free(&lr->facts);
	}
	for (size_t i = 0; i < g->by_owner.len; i++) {
		Vec *made = g->by_owner.vals[i];
		for (size_t k = 0; k < made->len; k++) {
			LowRes *lr = made->items[k];
			if (!lr->res) {
				vec_free(&lr->local_names);
				vec_free(&lr->local_values);
				vec_free(&lr->asserts);
			}
		}
		vec_free(made);
	}
	vec_free(&g->res);
	map_free(&g->of);
	map_free(&g->by_owner);
	map_free(&g->locals);
	vec_free(&g->outputs);
}

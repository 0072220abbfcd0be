/*
 * check.c: evaluating every value and checking the result.
 *
 * First every field of every block is evaluated (fields are otherwise
 * evaluated on demand), which reports type and unit errors and missing
 * required fields.  Then the checks that involve several values run:
 * subnets inside their network and not overlapping, pool sizes, names
 * unique where AWS wants them unique.  These are the only places where
 * the checker names particular kinds and fields; each check looks its
 * fields up by name and does nothing when a kind lacks them.
 *
 * Naming rules (S3 buckets, IAM names, Kubernetes DNS-1123 names, ...)
 * live here too, selected by the `name(rule)` type of a field.
 */
#include "infrac.h"

#include <ctype.h>
#include <string.h>

/* ---- naming rules ---- */

/* ---- evaluating everything ---- */

/* Whether an unknown attribute written in the block of o resembles the field
 * name: then `name` is missing because it was misspelt, which is already
 * reported. */
static bool misspelt_in(Compiler *c, Object *o, const char *name)
{
	for (size_t i = 0; i < c->diags.list.len; i++) {
		Diag *g = c->diags.list.items[i];
		if (g->code != NAME_UNKNOWN_FIELD || g->span.file != o->span.file || g->span.start < o->span.start ||
		    g->span.end > o->span.end || g->span.file >= c->srcs.len)
			continue;
		const SrcFile *f = c->srcs.files[g->span.file];
		char *word = arena_strndup(c->arena, f->text + g->span.start, g->span.end - g->span.start);
		size_t limit = strlen(name) / 3 + 1;
		if (str_edit_distance(word, name, limit) <= limit)
			return true;
	}
	return false;
}

/* "service `api`" for a top-level block, "`cluster.eks.pool.spot`" for
 * a nested one. */
static const char *obj_words(Compiler *c, Object *o)
{
	if (!o->parent && o->name && o->nlabels == 1)
		return arena_printf(c->arena, "%s `%s`", o->kind->name, o->name);
	return arena_printf(c->arena, "`%s`", o->path);
}

/* The nested blocks of a Terraform resource, counted against the
 * provider's min_items and max_items (0: no limit). */
static void check_block_count(Compiler *c, Object *o, Field *f, Slot *slot)
{
	int64_t n = (int64_t)slot_blocks(slot)->len, min = f->type->min, max = f->type->max;
	if (n < min) {
		Diag *g = compiler_diag(c, TYPE_BLOCK_COUNT, o->name_span, "%s needs %s`%s` block%s, found %lld", obj_words(c, o),
					min == 1 ? "a " : arena_printf(c->arena, "%lld ", (long long)min), f->name, min == 1 ? "" : "s",
					(long long)n);
		diag_help(&c->diags, g, "add `%s { ... }`", f->name);
	} else if (max > 0 && n > max) {
		Object *extra = slot_blocks(slot)->items[max];
		Diag *g = compiler_diag(c, TYPE_BLOCK_COUNT, extra->name_span, "%s takes at most %lld `%s` block%s, found %lld",
					obj_words(c, o), (long long)max, f->name, max == 1 ? "" : "s", (long long)n);
		diag_note(&c->diags, g, ((Object *)slot_blocks(slot)->items[0])->name_span, "the first one is here");
	}
}

static void eval_object(Compiler *c, Object *o)
{
	for (uint32_t i = 0; i < o->kind->nfields; i++) {
		Field *f = o->kind->fields[i];
		Slot *slot = &o->slots[i];
		if (type_is_block(f->type) && f->type->has_range)
			check_block_count(c, o, f, slot);
		if ((f->flags & FIELD_DEPRECATED) && (slot_node(slot) || slot_blocks(slot)->len)) {
			Span at = slot_node(slot) ? slot->attr->name_span
						  : ((Object *)slot_blocks(slot)->items[0])->name_span;
			Diag *g = compiler_diag(c, TYPE_DEPRECATED, at, "`%s` of %s is deprecated", f->name, o->kind->name);
			diag_help(&c->diags, g, "the provider's documentation of %s says what replaces it",
				  o->kind->tf_type ? o->kind->tf_type : o->kind->name);
		}
		if (f->required && !slot_node(slot)) {
			if (misspelt_in(c, o, f->name))
				continue;
			Diag *g = compiler_diag(c, TYPE_MISSING_FIELD, o->name_span, "%s needs `%s`", obj_words(c, o), f->name);
			if (*f->doc)
				diag_help(&c->diags, g, "add `%s = ...`: %s", f->name, f->doc);
			else
				diag_help(&c->diags, g, "add `%s = ...`", f->name);
			continue;
		}
		Span use = slot->attr ? slot->attr->span : o->name_span;
		obj_eval(c, o, f, use);
	}
}

/* ---- cross-resource checks ---- */

static Value *get(Compiler *c, Object *o, const char *field)
{
	Field *f = kind_field(o->kind, intern_cstr(&c->names, field));
	if (!f)
		return NULL;
	Value *v = obj_eval(c, o, f, o->name_span);
	return v->kind == V_ERROR ? NULL : v;
}

static void cidr_text(const Value *v, Buf *b)
{
	value_to_text(v, b);
}

static bool cidr_inside(const Value *in, const Value *out)
{
	if (in->prefix < out->prefix)
		return false;
	uint32_t mask = out->prefix == 0 ? 0 : 0xFFFFFFFFu << (32 - out->prefix);
	return ((uint32_t)in->i & mask) == ((uint32_t)out->i & mask);
}

static bool cidr_overlap(const Value *a, const Value *b)
{
	return cidr_inside(a, b) || cidr_inside(b, a);
}

typedef struct SubnetRef {
	Object *tier;
	Value *cidr;
} SubnetRef;

static void check_network(Compiler *c, Object *net)
{
	Value *cidr = get(c, net, "cidr");
	Value *zones = get(c, net, "zones");
	Field *sf = kind_field(net->kind, intern_cstr(&c->names, "subnet"));
	if (!sf)
		return;
	Vec all = {0};
	Slot *slot = &net->slots[sf->index];
	for (size_t i = 0; i < slot_blocks(slot)->len; i++) {
		Object *tier = slot_blocks(slot)->items[i];
		Value *cidrs = get(c, tier, "cidrs");
		if (!cidrs || cidrs->kind != V_LIST)
			continue;
		if (zones && zones->kind == V_LIST && cidrs->n != zones->n) {
			Diag *g = compiler_diag(c, NET_ZONES, obj_attr_span(tier, "cidrs"),
						"subnet tier `%s` has %u CIDR block%s for %u availability zone%s", tier->name,
						cidrs->n, cidrs->n == 1 ? "" : "s", zones->n, zones->n == 1 ? "" : "s");
			diag_note(&c->diags, g, obj_attr_span(net, "zones"), "the network's zones are listed here");
			diag_help(&c->diags, g, "give one CIDR block per zone, in the order of `zones`");
		}
		/* Adopted subnets: one per zone. */
		Value *own = get(c, tier, "existing");
		if (own && own->kind == V_LIST && zones && zones->kind == V_LIST && own->n != zones->n) {
			Diag *g = compiler_diag(c, NET_ZONES, obj_attr_span(tier, "existing"),
						"subnet tier `%s` adopts %u subnet%s for %u availability zone%s", tier->name, own->n,
						own->n == 1 ? "" : "s", zones->n, zones->n == 1 ? "" : "s");
			diag_note(&c->diags, g, obj_attr_span(net, "zones"), "the network's zones are listed here");
			diag_help(&c->diags, g, "name one subnet per zone, in the order of `zones`");
		}
		for (uint32_t j = 0; j < cidrs->n; j++) {
			Value *sub = cidrs->items[j];
			if (cidr && !cidr_inside(sub, cidr)) {
				Buf a = {0}, b = {0};
				cidr_text(sub, &a);
				cidr_text(cidr, &b);
				Diag *g = compiler_diag(c, NET_OUTSIDE, sub->span, "subnet `%s` of tier `%s` is outside the network's `%s`",
							buf_cstr(&a), tier->name, buf_cstr(&b));
				diag_note(&c->diags, g, cidr->span, "the CIDR block of `%s` is set here", net->path);
				buf_free(&a);
				buf_free(&b);
			}
			for (size_t k = 0; k < all.len; k++) {
				SubnetRef *o = all.items[k];
				if (cidr_overlap(sub, o->cidr)) {
					Buf a = {0}, b = {0};
					cidr_text(sub, &a);
					cidr_text(o->cidr, &b);
					Diag *g = compiler_diag(c, NET_OVERLAP, sub->span, "subnet `%s` of tier `%s` overlaps `%s` of tier `%s`",
								buf_cstr(&a), tier->name, buf_cstr(&b), o->tier->name);
					diag_note(&c->diags, g, o->cidr->span, "the other subnet is here");
					buf_free(&a);
					buf_free(&b);
					break;
				}
			}
			SubnetRef *r = ARENA_NEW(c->arena, SubnetRef);
			r->tier = tier;
			r->cidr = sub;
			vec_push(&all, r);
		}
	}
	vec_free(&all);
	/* Zones belong to the region. */
	Value *region = c->environment ? get(c, c->environment, "region") : NULL;
	if (zones && zones->kind == V_LIST && region && region->kind == V_STRING)
		for (uint32_t i = 0; i < zones->n; i++) {
			Value *z = zones->items[i];
			if (z->kind != V_STRING)
				continue;
			if (z->len != region->len + 1 || strncmp(z->s, region->s, region->len) != 0 ||
			    !islower((unsigned char)z->s[region->len])) {
				Diag *g = compiler_diag(c, NET_ZONE_REGION, z->span, "zone \"%s\" is not in region \"%s\"", z->s,
							region->s);
				diag_note(&c->diags, g, region->span, "the environment's region is set here");
				diag_help(&c->diags, g, "zones of %s are written \"%sa\", \"%sb\", ...", region->s, region->s,
					  region->s);
			}
		}
}

/* What says how to make a thing, which a block that adopts an existing
 * one (its `existing` field) cannot change: the thing is its owner's. */
static const struct {
	const char *kind, *field;
} adopted_fields[] = {
	{"network", "dns_hostnames"},
	{"subnet", "route"}, {"subnet", "tags"},
	{"cluster", "version"}, {"cluster", "auth"}, {"cluster", "endpoint"}, {"cluster", "secrets_key"},
	{"cluster", "logs"}, {"cluster", "log_retention"}, {"cluster", "irsa"}, {"cluster", "role_name"},
	{"cluster", "security_groups"},
	{"pool", "ami"}, {"pool", "disk"}, {"pool", "max_unavailable"}, {"pool", "security_groups"},
	{"pool", "subnets"}, {"pool", "imdsv2"}, {"pool", "imds_hop_limit"},
	{"role", "description"}, {"role", "max_session"}, {"role", "policies"}, {"role", "allow"},
	{"role", "deny"}, {"role", "boundary"},
};

/* What names an adopted thing, which must be the one it adopts when the
 * adopted thing is given as a string. */
static const struct {
	const char *kind, *field;
} adopted_names[] = {
	{"cluster", "name"},
	{"role", "arn"},
};

static void check_adopted(Compiler *c, Object *o)
{
	Value *own = get(c, o, "existing");
	if (!own || own->kind == V_NULL)
		return;
	for (size_t i = 0; i < COUNT_OF(adopted_fields); i++) {
		if (strcmp(o->kind->name, adopted_fields[i].kind) != 0)
			continue;
		/* Statements are blocks: written when there is one. */
		Field *f = kind_field(o->kind, intern_cstr(&c->names, adopted_fields[i].field));
		const Vec *blocks = f && type_is_block(f->type) ? slot_blocks(&o->slots[f->index]) : NULL;
		if (blocks ? blocks->len == 0 : !obj_written(o, adopted_fields[i].field))
			continue;
		Span at = blocks ? ((Object *)blocks->items[0])->name_span : obj_attr_span(o, adopted_fields[i].field);
		Diag *g = compiler_diag(c, CHK_CONFLICT, at,
					"`%s` is adopted (`existing`): its `%s` is not infrac's to set", o->path, adopted_fields[i].field);
		diag_note(&c->diags, g, obj_attr_span(o, "existing"), "adopted here");
		diag_help(&c->diags, g, "remove `%s`: it is set where the %s is made", adopted_fields[i].field, o->kind->name);
	}
	/* The name of an adopted cluster, the ARN of an adopted role, are
	 * theirs: trusts, node group names, annotations and contexts read it. */
	for (size_t i = 0; i < COUNT_OF(adopted_names); i++) {
		if (strcmp(o->kind->name, adopted_names[i].kind) != 0)
			continue;
		Value *name = get(c, o, adopted_names[i].field);
		if (!name || name->kind != V_STRING || own->kind != V_STRING ||
		    (name->len == own->len && memcmp(name->s, own->s, own->len) == 0))
			continue;
		Diag *g = compiler_diag(c, CHK_CONFLICT, obj_value_span(o, "existing"), "%s `%s` adopts \"%s\", but its %s is \"%s\"",
					o->kind->name, o->name, own->s, adopted_names[i].field, name->s);
		diag_help(&c->diags, g, "%s", strcmp(adopted_names[i].field, "arn") == 0
						  ? "set `name` (and `path`) to those of the role"
						  : "set `name` to the adopted one's");
	}
	/* The nodes' role of an adopted cluster is made only for the node
	 * groups infrac adds to it. */
	Field *pf = strcmp(o->kind->name, "cluster") == 0 ? kind_field(o->kind, intern_cstr(&c->names, "pool")) : NULL;
	if (pf) {
		const Vec *pools = slot_blocks(&o->slots[pf->index]);
		bool adds = false;
		for (size_t i = 0; i < pools->len; i++) {
			Value *p = get(c, pools->items[i], "existing");
			adds |= !p || p->kind == V_NULL;
		}
		static const char *const node_fields[] = {"node_role_name", "node_policies"};
		for (size_t i = 0; i < COUNT_OF(node_fields) && !adds; i++) {
			if (!obj_written(o, node_fields[i]))
				continue;
			Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(o, node_fields[i]),
						"`%s` adds no node group to the cluster it adopts, so it has no nodes' role for `%s`",
						o->path, node_fields[i]);
			diag_help(&c->diags, g, "remove `%s`, or add a pool without `existing`", node_fields[i]);
		}
	}
	/* A node group of a cluster infrac makes is made with it. */
	if (strcmp(o->kind->name, "pool") == 0 && o->parent) {
		Value *cl = get(c, o->parent, "existing");
		if (cl && cl->kind == V_NULL) {
			Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(o, "existing"),
						"pool `%s` adopts a node group, but cluster `%s` is made here", o->name, o->parent->name);
			diag_help(&c->diags, g, "remove `existing`, or adopt the cluster too with `existing` in it");
		}
	}
}

static void check_pool(Compiler *c, Object *p)
{
	Value *min = get(c, p, "min"), *max = get(c, p, "max"), *desired = get(c, p, "desired");
	if (!min || !max || min->kind != V_INT || max->kind != V_INT)
		return;
	if (min->i > max->i) {
		Diag *g = compiler_diag(c, CHK_SIZES, max->span, "pool `%s` has max %lld below min %lld", p->name,
					(long long)max->i, (long long)min->i);
		diag_note(&c->diags, g, min->span, "min is set here");
		return;
	}
	if (desired && desired->kind == V_INT && (desired->i < min->i || desired->i > max->i)) {
		Diag *g = compiler_diag(c, CHK_SIZES, desired->span, "pool `%s` has desired %lld outside min..max (%lld..%lld)",
					p->name, (long long)desired->i, (long long)min->i, (long long)max->i);
		diag_note(&c->diags, g, desired->i < min->i ? min->span : max->span, "%s is set here",
			  desired->i < min->i ? "min" : "max");
	}
}

/* Names that AWS wants unique (IAM names case-insensitively) must not be
 * shared by two blocks of one kind. */
/* Terraform keeps a stack's state in one backend. */
static void check_environment(Compiler *c, Object *env)
{
	Field *f = kind_field(env->kind, intern_cstr(&c->names, "backend"));
	const Vec *b = f ? slot_blocks(&env->slots[f->index]) : NULL;
	if (b && b->len > 1) {
		Diag *g = compiler_diag(c, TYPE_BLOCK_COUNT, ((Object *)b->items[1])->name_span,
					"environment `%s` has %zu backends; Terraform keeps the state in one", env->name, b->len);
		diag_note(&c->diags, g, ((Object *)b->items[0])->name_span, "the first one is here");
	}
}

static void check_unique_names(Compiler *c)
{
	for (size_t k = 0; k < c->kinds.len; k++) {
		Kind *kind = c->kinds.vals[k];
		Field *f = kind_field(kind, intern_cstr(&c->names, "name"));
		if (!f || f->type->kind != T_NAME)
			continue;
		bool fold = str_has_prefix(f->type->rule, "iam_");
		Map seen = {0};
		for (size_t i = 0; i < c->objects.len; i++) {
			Object *o = c->objects.items[i];
			if (o->kind != kind)
				continue;
			Value *v = obj_eval(c, o, f, o->name_span);
			if (v->kind != V_STRING)
				continue;
			char *key = arena_strndup(c->arena, v->s, v->len);
			if (fold)
				for (char *p = key; *p; p++)
					*p = (char)tolower((unsigned char)*p);
			const char *ik = intern_cstr(&c->names, key);
			Object *prev = map_get(&seen, ik);
			if (prev) {
				Value *pv = obj_eval(c, prev, f, prev->name_span);
				Diag *g;
				if (pv->len == v->len && memcmp(pv->s, v->s, v->len) == 0)
					g = compiler_diag(c, NAME_DUPLICATE_BLOCK, v->span, "`%s` and `%s` have the same %s name \"%s\"",
							  prev->path, o->path, kind->name, v->s);
				else
					g = compiler_diag(c, NAME_DUPLICATE_BLOCK, v->span,
							  "`%s` and `%s` have %s names that differ only in case, \"%s\" and \"%s\"",
							  prev->path, o->path, kind->name, pv->s, v->s);
				diag_note(&c->diags, g, pv->span, "the name of `%s` is set here", prev->path);
				diag_help(&c->diags, g, "%s names must be unique%s; give each its own `name`", kind->name,
					  fold ? " ignoring case, as IAM compares them" : "");
			} else {
				map_put(&seen, ik, o);
			}
		}
		map_free(&seen);
	}
}

/* Lets and parameters that no field uses are checked too. */
static void eval_unused(Compiler *c)
{
	for (size_t i = 0; i < c->modules.len; i++) {
		Module *m = c->modules.items[i];
		for (size_t j = 0; j < m->params.len; j++) {
			Param *p = m->params.vals[j];
			if (p->arg || p->decl->b)
				eval_param(c, p);
		}
		for (size_t j = 0; j < m->lets.len; j++)
			eval_let(c, m->lets.vals[j]);
	}
	for (size_t i = 0; i < c->scopes.len; i++) {
		Scope *s = c->scopes.items[i];
		for (size_t j = 0; j < s->vars.len; j++) {
			Let *l = s->vars.vals[j];
			if (l->node)
				eval_let(c, l);
		}
	}
}

/* ---- references among Terraform resources ---- */

/* A reference into another resource makes Terraform create that one
 * first, so references that come back to where they started are a
 * cycle `terraform plan` refuses.  Evaluation cannot see it (a reference
 * is a value known after apply, not a field read), so the references
 * are collected here and searched for a cycle. */
typedef struct TfRef {
	Object *to;
	Span at;
} TfRef;

static Object *top_of(Object *o)
{
	while (o->parent)
		o = o->parent;
	return o;
}

static void collect_refs(Compiler *c, const Value *v, Vec *out, uint32_t depth)
{
	if (!v || depth > 64)
		return;
	if ((v->kind == V_DEFERRED || v->kind == V_REF) && v->obj && top_of(v->obj)->kind->tf_type) {
		TfRef *r = ARENA_NEW(c->arena, TfRef);
		r->to = top_of(v->obj);
		r->at = v->span;
		vec_push(out, r);
		return;
	}
	if (v->kind == V_LIST || v->kind == V_MAP || v->kind == V_TEMPLATE)
		for (uint32_t i = 0; i < v->n; i++)
			collect_refs(c, v->items[i], out, depth + 1);
}

static void obj_refs(Compiler *c, Object *o, Vec *out)
{
	for (uint32_t i = 0; i < o->kind->nfields; i++) {
		const Slot *s = &o->slots[i];
		Span as, vs;
		if (s->state == 2 && slot_written(o, o->kind->fields[i], &as, &vs))
			collect_refs(c, s->value, out, 0);
		for (size_t j = 0; j < slot_blocks(s)->len; j++)
			obj_refs(c, slot_blocks(s)->items[j], out);
	}
}

typedef struct RefGraph {
	Compiler *c;
	Map refs;   /* Object* -> Vec* of TfRef* */
	Map state;  /* Object* -> 1 on the path, 2 done */
	Vec path;   /* TfRef* taken from the first object on the path */
	Vec from;   /* Object* at each step of path */
} RefGraph;

static bool find_cycle(RefGraph *g, Object *o)
{
	map_put(&g->state, (const char *)o, (void *)1);
	Vec *refs = map_get(&g->refs, (const char *)o);
	for (size_t i = 0; refs && i < refs->len; i++) {
		TfRef *r = refs->items[i];
		uintptr_t st = (uintptr_t)map_get(&g->state, (const char *)r->to);
		vec_push(&g->path, r);
		vec_push(&g->from, o);
		if (st == 1) {
			/* The cycle starts where r->to was entered. */
			size_t start = 0;
			while (g->from.items[start] != r->to)
				start++;
			Compiler *c = g->c;
			Diag *d = r->to == o ? compiler_diag(c, NAME_CYCLE, r->at, "`%s` refers to itself", o->path)
					     : compiler_diag(c, NAME_CYCLE, r->at, "`%s` and `%s` refer to each other in a cycle",
							     o->path, r->to->path);
			for (size_t k = start; k < g->path.len && g->path.len - start > 1; k++) {
				TfRef *step = g->path.items[k];
				Object *src = g->from.items[k];
				diag_note(&c->diags, d, step->at, "`%s` refers to `%s` here", src->path, step->to->path);
			}
			diag_help(&c->diags, d, "Terraform creates a resource after those it refers to; a separate "
						"resource (a policy or an attachment) usually breaks the cycle");
			return true;
		}
		if (st == 0 && find_cycle(g, r->to))
			return true;
		g->path.len--;
		g->from.len--;
	}
	map_put(&g->state, (const char *)o, (void *)2);
	return false;
}

static void check_tf_cycles(Compiler *c)
{
	RefGraph g = {.c = c};
	Vec tops = {0};
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *o = c->objects.items[i];
		if (o->parent || !o->kind->tf_type)
			continue;
		Vec *refs = ARENA_NEW(c->arena, Vec);
		obj_refs(c, o, refs);
		map_put(&g.refs, (const char *)o, refs);
		vec_push(&tops, o);
	}
	for (size_t i = 0; i < tops.len; i++) {
		Object *o = tops.items[i];
		if (!map_get(&g.state, (const char *)o) && find_cycle(&g, o))
			break; /* one cycle at a time: its fix often breaks the others */
	}
	for (size_t i = 0; i < tops.len; i++)
		vec_free(map_get(&g.refs, (const char *)tops.items[i]));
	vec_free(&tops);
	map_free(&g.refs);
	map_free(&g.state);
	vec_free(&g.path);
	vec_free(&g.from);
}

void check_program(Compiler *c)
{
	for (size_t i = 0; i < c->objects.len && !diags_full(&c->diags); i++)
		eval_object(c, c->objects.items[i]);
	eval_unused(c);
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *o = c->objects.items[i];
		if (strcmp(o->kind->name, "network") == 0)
			check_network(c, o);
		else if (strcmp(o->kind->name, "pool") == 0)
			check_pool(c, o);
		else if (strcmp(o->kind->name, "environment") == 0)
			check_environment(c, o);
		if (!o->kind->tf_type && !o->kind->api_version && kind_field(o->kind, intern_cstr(&c->names, "existing")))
			check_adopted(c, o);
	}
	check_unique_names(c);
	check_tf_cycles(c);
	kube_check(c);
	names_check(c);
	secrets_check(c);
}

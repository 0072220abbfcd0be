/*
 * expand.c: from items to blocks.
 *
 * Expansion walks every module's items in source order, descending into
 * imports where they appear, and creates an Object for each block that
 * survives `for` and `if`.  Only what decides the shape of the program is
 * evaluated here: `for` lists, `if` conditions and labels.  These may use
 * parameters and lets but not blocks, which do not all exist yet; every
 * attribute is merely recorded with its scope, to be evaluated on first
 * use once all blocks are known.  Creation order is source order, so
 * everything printed later is deterministic.
 */
#include "infrac.h"

#include <string.h>

typedef struct Expander {
	Compiler *c;
	Module *mod;
} Expander;

static void expand_items(Expander *x, Scope *s, NodeList *items, Object *parent, bool top);

Object *object_lookup(Compiler *c, Kind *k, const char *name)
{
	Map *m = map_get(&c->tops, k->name);
	return m ? map_get(m, intern_cstr(&c->names, name)) : NULL;
}

Object *object_child(Object *o, const char *field, const char *name)
{
	Field *f = kind_field(o->kind, field);
	if (!f)
		return NULL;
	Slot *slot = &o->slots[f->index];
	for (size_t i = 0; i < slot->blocks.len; i++) {
		Object *ch = slot->blocks.items[i];
		if (ch->name && strcmp(ch->name, name) == 0)
			return ch;
	}
	return NULL;
}

/* A label's text: an identifier, a number as written, or a string. */
static const char *label_text(Expander *x, Scope *s, Node *l)
{
	Compiler *c = x->c;
	if (l->kind == N_NAME)
		return l->name;
	if (l->kind == N_NUMBER)
		return intern(&c->names, l->str, l->str_len);
	Value *v = eval(c, s, l, &type_string);
	if (v->kind == V_ERROR)
		return NULL;
	if (v->kind != V_STRING) {
		cdiag(c, TYPE_DEFERRED, l->span, "a label must be known when infrac runs");
		return NULL;
	}
	if (v->len == 0) {
		cdiag(c, TYPE_MISMATCH, l->span, "a label cannot be empty");
		return NULL;
	}
	return intern(&c->names, v->s, v->len);
}

static const char *const *block_field_names(Compiler *c, Kind *k, size_t *n)
{
	const char **names = ARENA_ARRAY(c->arena, const char *, k->nfields + 1);
	*n = 0;
	for (uint32_t i = 0; i < k->nfields; i++)
		if (type_is_block(k->fields[i]->type))
			names[(*n)++] = k->fields[i]->name;
	return names;
}

/* Which kind a block written as `word label... {` inside parent has. */
static Kind *nested_kind(Expander *x, Node *b, Object *parent, Field **field_out, const char *first_label)
{
	Compiler *c = x->c;
	Field *f = kind_field(parent->kind, b->name);
	*field_out = f;
	if (!f || !type_is_block(f->type)) {
		Diag *g;
		if (f) {
			g = cdiag(c, NAME_UNKNOWN_FIELD, b->name_span, "`%s` is an attribute of %s, not a block",
				  b->name, parent->kind->name);
			diag_help(&c->diags, g, "write `%s = value`", b->name);
			return NULL;
		}
		Kind *top = schema_kind(c, b->name);
		if (top && !top->nested) {
			g = cdiag(c, NAME_NOT_HERE, b->name_span, "a %s block cannot be nested in %s `%s`", b->name,
				  parent->kind->name, parent->path);
			diag_help(&c->diags, g, "declare it at the top level of the file");
			return NULL;
		}
		g = cdiag(c, NAME_UNKNOWN_FIELD, b->name_span, "%s has no nested block `%s`", parent->kind->name, b->name);
		size_t n;
		const char *const *names = block_field_names(c, parent->kind, &n);
		suggest_name(c, g, b->name, (const char **)names, n);
		return NULL;
	}
	if (f->type->kind != T_VARIANTS)
		return f->type->kinds[0];
	if (!first_label) {
		Diag *g = cdiag(c, NAME_LABELS, b->name_span, "a `%s` block needs a label saying which one", b->name);
		Buf opts = {0};
		for (uint32_t i = 0; i < f->type->nkinds; i++)
			buf_printf(&opts, "%s`%s`", i ? ", " : "", f->type->kinds[i]->variant);
		diag_help(&c->diags, g, "one of %s", buf_cstr(&opts));
		buf_free(&opts);
		return NULL;
	}
	for (uint32_t i = 0; i < f->type->nkinds; i++)
		if (strcmp(f->type->kinds[i]->variant, first_label) == 0)
			return f->type->kinds[i];
	Diag *g = cdiag(c, NAME_UNKNOWN_KIND, b->list.items[0]->span, "unknown %s `%s`", b->name, first_label);
	const char **names = ARENA_ARRAY(c->arena, const char *, f->type->nkinds);
	Buf opts = {0};
	for (uint32_t i = 0; i < f->type->nkinds; i++) {
		names[i] = f->type->kinds[i]->variant;
		buf_printf(&opts, "%s`%s`", i ? ", " : "", names[i]);
	}
	suggest_name(c, g, first_label, names, f->type->nkinds);
	diag_help(&c->diags, g, "a `%s` block is one of %s", b->name, buf_cstr(&opts));
	buf_free(&opts);
	return NULL;
}

static bool check_labels(Expander *x, Node *b, Kind *k, uint32_t nlabels, bool variant)
{
	/* For a variant, the first label chose the kind and is not counted. */
	uint32_t n = nlabels - (variant ? 1 : 0);
	if ((int)n >= k->min_labels && (int)n <= k->max_labels)
		return true;
	Compiler *c = x->c;
	Span at = b->list.len ? span_join(b->list.items[0]->span, b->list.items[b->list.len - 1]->span) : b->name_span;
	Diag *g;
	if (k->max_labels == 0)
		g = cdiag(c, NAME_LABELS, at, "a `%s` block takes no label", b->name);
	else if (k->min_labels == k->max_labels)
		g = cdiag(c, NAME_LABELS, at, "a `%s` block takes %d label%s, found %u", b->name, k->min_labels,
			  k->min_labels == 1 ? "" : "s", n);
	else
		g = cdiag(c, NAME_LABELS, at, "a `%s` block takes %d to %d labels, found %u", b->name, k->min_labels,
			  k->max_labels, n);
	if (k->max_labels > 0 && n < (uint32_t)k->min_labels)
		diag_help(&c->diags, g, "write `%s NAME { ... }`", b->name);
	return false;
}

static Object *object_new(Expander *x, Kind *k, Node *b, const char **labels, uint32_t nlabels, Object *parent,
			  Scope *s)
{
	Compiler *c = x->c;
	Object *o = ARENA_NEW(c->arena, Object);
	o->kind = k;
	o->word = b->name;
	o->labels = labels;
	o->nlabels = nlabels;
	o->name = nlabels ? labels[0] : NULL;
	o->parent = parent;
	o->span = b->span;
	o->name_span = b->list.len ? span_join(b->name_span, b->list.items[b->list.len - 1]->span) : b->name_span;
	o->slots = ARENA_ARRAY(c->arena, Slot, k->nfields ? k->nfields : 1);
	o->module = x->mod;
	o->scope = scope_new(c, s, NULL);
	o->scope->owner = o;
	o->id = (uint32_t)c->objects.len;
	Buf p = {0};
	if (parent)
		buf_printf(&p, "%s.%s", parent->path, b->name);
	else
		buf_puts(&p, k->name);
	if (k->variant)
		buf_printf(&p, ".%s", k->variant);
	for (uint32_t i = 0; i < nlabels; i++)
		buf_printf(&p, ".%s", labels[i]);
	o->path = arena_strndup(c->arena, p.data, p.len);
	buf_free(&p);
	vec_push(&c->objects, o);
	return o;
}

/* The body of a freeform (raw Terraform) block: kept as written. */
static void expand_raw(Expander *x, Scope *s, NodeList *items, Vec *out)
{
	Compiler *c = x->c;
	for (uint32_t i = 0; i < items->len; i++) {
		Node *it = items->items[i];
		switch (it->kind) {
		case N_ATTR: {
			for (size_t j = 0; j < out->len; j++) {
				RawItem *prev = out->items[j];
				if (!prev->block && prev->name == it->name) {
					Diag *g = cdiag(c, NAME_DUPLICATE_ATTR, it->name_span, "attribute `%s` is set twice",
							it->name);
					diag_note(&c->diags, g, prev->name_span, "first set here");
				}
			}
			RawItem *r = ARENA_NEW(c->arena, RawItem);
			r->name = it->name;
			r->span = it->span;
			r->name_span = it->name_span;
			r->value_node = it->a;
			r->scope = s;
			vec_push(out, r);
			break;
		}
		case N_BLOCK: {
			RawItem *r = ARENA_NEW(c->arena, RawItem);
			r->block = true;
			r->name = it->name;
			r->span = it->span;
			r->name_span = it->name_span;
			r->labels = ARENA_ARRAY(c->arena, const char *, it->list.len);
			for (uint32_t j = 0; j < it->list.len; j++) {
				const char *l = label_text(x, s, it->list.items[j]);
				if (l)
					r->labels[r->nlabels++] = l;
			}
			expand_raw(x, scope_new(c, s, NULL), &it->body, &r->items);
			vec_push(out, r);
			break;
		}
		case N_FOR:
		case N_IF:
		case N_LET: {
			/* Structure inside raw bodies works as everywhere else. */
			Scope *inner = scope_new(c, s, NULL);
			if (it->kind == N_LET) {
				Let *l = ARENA_NEW(c->arena, Let);
				l->name = it->name;
				l->node = it;
				l->scope = inner;
				l->type = it->a ? type_from_node(c, it->a, false) : NULL;
				map_put(&s->vars, it->name, l);
				break;
			}
			if (it->kind == N_IF) {
				Value *cond = eval(c, s, it->a, &type_bool);
				if (cond->kind == V_BOOL)
					expand_raw(x, inner, cond->i ? &it->body : &it->else_body, out);
				break;
			}
			Value *coll = eval(c, s, it->a, NULL);
			if (coll->kind == V_LIST || coll->kind == V_MAP) {
				for (uint32_t k = 0; k < coll->n; k++) {
					Scope *iter = scope_new(c, s, NULL);
					Value *key = coll->kind == V_MAP
							     ? value_string(c, coll->keys[k], strlen(coll->keys[k]), it->span)
							     : value_int(c, k, it->span);
					if (it->name2) {
						scope_bind(c, iter, it->name, key, it->name_span);
						scope_bind(c, iter, it->name2, coll->items[k], it->name_span);
					} else {
						scope_bind(c, iter, it->name, coll->kind == V_MAP ? key : coll->items[k],
							   it->name_span);
					}
					expand_raw(x, iter, &it->body, out);
				}
			} else if (coll->kind != V_ERROR) {
				cdiag(c, TYPE_MISMATCH, it->a->span, "expected a list or a map to iterate over, found %s",
				      value_describe_a(c, coll));
			}
			break;
		}
		case N_ALLOW:
			break;
		default:
			cdiag(c, NAME_MISPLACED, it->span, "only attributes and blocks belong in a raw Terraform block");
			break;
		}
	}
}

static void expand_block(Expander *x, Scope *s, Node *b, Object *parent)
{
	Compiler *c = x->c;
	Kind *k;
	Field *pf = NULL;
	const char **labels = ARENA_ARRAY(c->arena, const char *, b->list.len ? b->list.len : 1);
	uint32_t nlabels = 0;
	bool labels_ok = true;
	for (uint32_t i = 0; i < b->list.len; i++) {
		const char *l = label_text(x, s, b->list.items[i]);
		if (l)
			labels[nlabels++] = l;
		else
			labels_ok = false;
	}
	if (!labels_ok)
		return;
	if (parent) {
		k = nested_kind(x, b, parent, &pf, nlabels ? labels[0] : NULL);
	} else {
		k = schema_kind(c, b->name);
		if (!k) {
			Diag *g = cdiag(c, NAME_UNKNOWN_KIND, b->name_span, "unknown kind `%s`", b->name);
			Vec names = {0};
			for (size_t i = 0; i < c->kinds.len; i++)
				if (!((Kind *)c->kinds.vals[i])->nested)
					vec_push(&names, (void *)c->kinds.keys[i]);
			suggest_name(c, g, b->name, (const char **)names.items, names.len);
			vec_free(&names);
		} else if (k->nested) {
			Diag *g = cdiag(c, NAME_NOT_HERE, b->name_span, "a `%s` block belongs inside another block",
					b->name);
			/* Name the kinds that hold it. */
			for (size_t i = 0; i < c->kinds.len; i++) {
				Kind *owner = c->kinds.vals[i];
				for (uint32_t j = 0; j < owner->nfields; j++) {
					Type *t = owner->fields[j]->type;
					if (type_is_block(t))
						for (uint32_t m = 0; m < t->nkinds; m++)
							if (t->kinds[m] == k) {
								diag_help(&c->diags, g, "write it inside a `%s` block",
									  owner->name);
								goto named;
							}
				}
			}
		named:
			k = NULL;
		}
	}
	if (!k)
		return;
	bool variant = pf && pf->type->kind == T_VARIANTS;
	if (!check_labels(x, b, k, nlabels, variant))
		return;
	if (variant) {
		/* The first label chose the kind; the rest name the block. */
		labels++;
		nlabels--;
	}
	if (parent && pf) {
		Slot *slot = &parent->slots[pf->index];
		for (size_t i = 0; i < slot->blocks.len; i++) {
			Object *prev = slot->blocks.items[i];
			bool same = prev->nlabels == nlabels;
			for (uint32_t j = 0; same && j < nlabels; j++)
				same = prev->labels[j] == labels[j];
			if (same && prev->kind == k && (nlabels > 0 || pf->type->kind == T_BLOCK)) {
				Diag *g = cdiag(c, NAME_DUPLICATE_BLOCK, b->name_span, nlabels ? "duplicate %s `%s` in %s"
											 : "duplicate %s block in %s",
						b->name, nlabels ? labels[nlabels - 1] : parent->path, parent->path);
				diag_note(&c->diags, g, prev->name_span, "first declared here");
				return;
			}
		}
	} else if (!parent && nlabels > 0) {
		Map *m = map_get(&c->tops, k->name);
		if (!m) {
			m = ARENA_NEW(c->arena, Map);
			map_put(&c->tops, k->name, m);
		}
		const char *key = labels[0];
		if (nlabels > 1) {
			Buf kb = {0};
			for (uint32_t i = 0; i < nlabels; i++)
				buf_printf(&kb, "%s%s", i ? "." : "", labels[i]);
			key = intern(&c->names, kb.data, kb.len);
			buf_free(&kb);
		}
		Object *prev = map_get(m, key);
		if (prev) {
			Diag *g = cdiag(c, NAME_DUPLICATE_BLOCK, b->name_span, "duplicate %s `%s`", k->name, key);
			diag_note(&c->diags, g, prev->name_span, "first declared here");
			return;
		}
	}
	Object *o = object_new(x, k, b, labels, nlabels, parent, s);
	o->parent_field = pf;
	if (parent && pf)
		vec_push(&parent->slots[pf->index].blocks, o);
	else if (nlabels > 0) {
		Map *m = map_get(&c->tops, k->name);
		const char *key = labels[0];
		if (nlabels > 1) {
			Buf kb = {0};
			for (uint32_t i = 0; i < nlabels; i++)
				buf_printf(&kb, "%s%s", i ? "." : "", labels[i]);
			key = intern(&c->names, kb.data, kb.len);
			buf_free(&kb);
		}
		map_put(m, key, o);
	}
	if (!parent && strcmp(k->name, "environment") == 0) {
		if (c->environment) {
			Diag *g = cdiag(c, NAME_ENVIRONMENT, b->name_span, "a second `environment` block");
			diag_note(&c->diags, g, c->environment->name_span, "the first one is here");
			diag_help(&c->diags, g, "each compilation describes one environment");
		} else {
			c->environment = o;
		}
	}
	if (k->freeform)
		expand_raw(x, o->scope, &b->body, &o->raw);
	else
		expand_items(x, o->scope, &b->body, o, false);
}

static void set_attribute(Expander *x, Scope *s, Node *a, Object *o)
{
	Compiler *c = x->c;
	Field *f = kind_field(o->kind, a->name);
	if (!f) {
		Diag *g = cdiag(c, NAME_UNKNOWN_FIELD, a->name_span, "%s has no field `%s`", o->kind->name, a->name);
		const char **names = ARENA_ARRAY(c->arena, const char *, o->kind->nfields);
		size_t n = 0;
		for (uint32_t i = 0; i < o->kind->nfields; i++)
			if (!o->kind->fields[i]->output)
				names[n++] = o->kind->fields[i]->name;
		suggest_name(c, g, a->name, names, n);
		return;
	}
	if (f->output) {
		cdiag(c, NAME_UNKNOWN_FIELD, a->name_span, "`%s` is an output of %s; it cannot be set", a->name,
		      o->kind->name);
		return;
	}
	if (type_is_block(f->type)) {
		Diag *g = cdiag(c, NAME_UNKNOWN_FIELD, a->name_span, "`%s` is a nested block, not an attribute", a->name);
		Kind *nk = f->type->kinds[0];
		if (f->type->kind == T_VARIANTS)
			diag_help(&c->diags, g, "write `%s %s { ... }`", a->name, nk->variant);
		else if (nk->max_labels > 0)
			diag_help(&c->diags, g, "write `%s NAME { ... }`", a->name);
		else
			diag_help(&c->diags, g, "write `%s { ... }`", a->name);
		return;
	}
	Slot *slot = &o->slots[f->index];
	if (slot->node) {
		Diag *g = cdiag(c, NAME_DUPLICATE_ATTR, a->name_span, "`%s` is set twice", a->name);
		diag_note(&c->diags, g, slot->attr->name_span, "first set here");
		return;
	}
	slot->node = a->a;
	slot->attr = a;
	slot->scope = s;
}

static void add_allow(Expander *x, Node *n, Object *parent)
{
	Compiler *c = x->c;
	const DiagInfo *info = diag_info_find(n->name);
	if (!info) {
		Diag *g = cdiag(c, LINT_BAD_ALLOW, n->name_span, "unknown diagnostic code `%s`", n->name);
		const char *codes[DIAG_CODE_COUNT];
		for (size_t i = 0; i < DIAG_CODE_COUNT; i++)
			codes[i] = diag_info[i].code;
		suggest_name(c, g, n->name, codes, DIAG_CODE_COUNT);
		return;
	}
	if (info->severity != SEV_WARNING) {
		Diag *g = cdiag(c, LINT_BAD_ALLOW, n->name_span, "`%s` is an error; only warnings can be allowed", n->name);
		diag_help(&c->diags, g, "fix the error instead");
		return;
	}
	Node *r = n->a;
	if (r->kind != N_STRING || r->str_len == 0) {
		Diag *g = cdiag(c, LINT_BAD_ALLOW, r->span, "an `allow` needs a written reason");
		diag_help(&c->diags, g, "say why the warning is acceptable here, in a plain string");
		return;
	}
	DiagAllow *al = ARENA_NEW(c->arena, DiagAllow);
	al->code = (DiagCode)(info - diag_info);
	al->reason = r->str;
	al->at = n->span;
	if (parent) {
		al->span = parent->span;
	} else {
		al->span.file = n->span.file;
		al->span.start = 0;
		al->span.end = UINT32_MAX;
	}
	vec_push(&c->diags.allows, al);
}

static void expand_for(Expander *x, Scope *s, Node *n, Object *parent, bool top)
{
	Compiler *c = x->c;
	Value *coll = eval(c, s, n->a, NULL);
	if (coll->kind == V_ERROR)
		return;
	if (coll->kind != V_LIST && coll->kind != V_MAP) {
		cdiag(c, TYPE_MISMATCH, n->a->span, "expected a list or a map to iterate over, found %s",
		      value_describe_a(c, coll));
		return;
	}
	if (schema_kind(c, n->name) || (n->name2 && schema_kind(c, n->name2))) {
		const char *nm = schema_kind(c, n->name) ? n->name : n->name2;
		Diag *g = cdiag(c, NAME_HIDES_KIND, n->name_span, "`for` variable `%s` has the name of a kind", nm);
		diag_help(&c->diags, g, "rename the variable");
		return;
	}
	for (uint32_t i = 0; i < coll->n; i++) {
		Scope *inner = scope_new(c, s, NULL);
		if (coll->kind == V_MAP) {
			Value *key = value_string(c, coll->keys[i], strlen(coll->keys[i]), n->a->span);
			scope_bind(c, inner, n->name, key, n->name_span);
			if (n->name2)
				scope_bind(c, inner, n->name2, coll->items[i], n->name_span);
		} else if (n->name2) {
			scope_bind(c, inner, n->name, value_int(c, i, n->a->span), n->name_span);
			scope_bind(c, inner, n->name2, coll->items[i], n->name_span);
		} else {
			scope_bind(c, inner, n->name, coll->items[i], n->name_span);
		}
		expand_items(x, inner, &n->body, parent, top);
	}
}

static void misplaced(Compiler *c, Node *n, const char *what, const char *help)
{
	Diag *g = cdiag(c, NAME_MISPLACED, n->span, "%s", what);
	if (help)
		diag_help(&c->diags, g, "%s", help);
}

static void expand_items(Expander *x, Scope *s, NodeList *items, Object *parent, bool top)
{
	Compiler *c = x->c;
	for (uint32_t i = 0; i < items->len; i++) {
		Node *it = items->items[i];
		switch (it->kind) {
		case N_MODULE:
			if (!top)
				misplaced(c, it, "`module` belongs at the top of a file", NULL);
			break;
		case N_IMPORT:
			if (!top || parent) {
				misplaced(c, it, "`import` belongs at the top level of a file", NULL);
				break;
			}
			for (size_t m = 0; m < c->modules.len; m++) {
				Module *child = c->modules.items[m];
				if (child->import == it && child->importer == x->mod) {
					Expander cx = {c, child};
					expand_items(&cx, child->scope, &child->root->list, NULL, true);
				}
			}
			break;
		case N_DECL:
			if (it->op == DECL_PARAM && !(top && !parent))
				misplaced(c, it, "`param` belongs at the top level of a module",
					  "declare the parameter at the top of the file, or use `let` here");
			else if (it->op != DECL_PARAM && !x->mod->stdlib)
				misplaced(c, it, it->op == DECL_FIELD ? "`field` declares a kind's field, in the standard library only"
								      : "`output` declares a kind's output, in the standard library only",
					  NULL);
			break;
		case N_LET:
			if (!(top && !parent)) {
				if (map_get(&s->vars, it->name)) {
					cdiag(c, NAME_DUPLICATE_DECL, it->name_span, "`%s` is declared twice in this block",
					      it->name);
					break;
				}
				Let *l = ARENA_NEW(c->arena, Let);
				l->name = it->name;
				l->node = it;
				l->scope = s;
				l->type = it->a ? type_from_node(c, it->a, false) : NULL;
				map_put(&s->vars, it->name, l);
			}
			break;
		case N_ATTR:
			if (!parent) {
				misplaced(c, it, arena_printf(c->arena, "attribute `%s` is outside any block", it->name),
					  "attributes set fields of the block they are written in");
				break;
			}
			set_attribute(x, s, it, parent);
			break;
		case N_BLOCK:
			expand_block(x, s, it, parent);
			break;
		case N_FOR:
			expand_for(x, s, it, parent, top);
			break;
		case N_IF: {
			Value *cond = eval(c, s, it->a, &type_bool);
			if (cond->kind != V_BOOL)
				break;
			Scope *inner = scope_new(c, s, NULL);
			expand_items(x, inner, cond->i ? &it->body : &it->else_body, parent, top);
			break;
		}
		case N_ALLOW:
			add_allow(x, it, parent);
			break;
		default:
			misplaced(c, it, "expected an item", NULL);
			break;
		}
		if (diags_full(&c->diags))
			return;
	}
}

bool expand_program(Compiler *c)
{
	uint32_t before = c->diags.errors;
	c->expanding = true;
	Expander x = {c, c->root};
	expand_items(&x, c->root->scope, &c->root->root->list, NULL, true);
	c->expanding = false;
	return c->diags.errors == before;
}

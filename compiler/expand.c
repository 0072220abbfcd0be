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
	size_t next_child;  /* the first of mod->children not yet expanded */
} Expander;

static void expand_items(Expander *x, Scope *s, NodeList *items, Object *parent, bool top);

Object *obj_lookup(Compiler *c, Kind *k, const char *name)
{
	Map *m = map_get(&c->tops, k->name);
	return m ? map_get(m, intern_cstr(&c->names, name)) : NULL;
}

Object *obj_child(Object *o, const char *field, const char *name)
{
	Field *f = kind_field(o->kind, field);
	if (!f)
		return NULL;
	Slot *slot = &o->slots[f->index];
	for (size_t i = 0; i < slot_blocks(slot)->len; i++) {
		Object *ch = slot_blocks(slot)->items[i];
		if (ch->name && strcmp(ch->name, name) == 0)
			return ch;
	}
	return NULL;
}

/* The kind and labels of a block header: `subnet private`. */
static Span header_span(Node *b)
{
	return b->list.len ? span_join(b->name_span, b->list.items[b->list.len - 1]->span) : b->name_span;
}

/* Labels of blocks that could not be created (an unknown kind, a wrong
 * label count, a block in the wrong place).  A reference to one of them
 * would only repeat the error reported at the block, so eval.c keeps
 * quiet about it. */
static void remember_failed(Compiler *c, const char **labels, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		map_put(&c->failed_labels, labels[i], (void *)labels[i]);
}

/* eval(), quiet when the expression's mistakes were reported in an
 * earlier iteration. */
static Value *eval_once(Compiler *c, Scope *s, Node *n, const Type *want)
{
	bool again = diags_error_within(&c->diags, n->span, DIAG_CODE_COUNT);
	if (again)
		c->quiet++;
	Value *v = eval(c, s, n, want);
	if (again)
		c->quiet--;
	return v;
}

/* A label's text: an identifier, a number as written, or a string. */
static const char *label_text(Expander *x, Scope *s, Node *l)
{
	Compiler *c = x->c;
	if (l->kind == N_NAME)
		return l->name;
	if (l->kind == N_NUMBER)
		return intern(&c->names, l->str, l->str_len);
	Value *v = eval_once(c, s, l, &type_string);
	if (v->kind == V_ERROR)
		return NULL;
	if (v->kind != V_STRING) {
		compiler_diag(c, TYPE_DEFERRED, l->span, "a label must be known when infrac runs");
		return NULL;
	}
	if (v->len == 0) {
		compiler_diag(c, TYPE_MISMATCH, l->span, "a label cannot be empty");
		return NULL;
	}
	return budget_intern(c, v, l->span);
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
/* The kind of the objects of a provider attribute of type list(object)
 * or set(object), which may be written as repeated blocks; else NULL. */
static const Kind *obj_elem(const Field *f)
{
	if (!f->owner || !f->owner->provider || f->output)
		return NULL;
	const Type *t = type_strip(f->type);
	if (t->kind != T_LIST)
		return NULL;
	t = type_strip(t->elem);
	return t && t->kind == T_MAP && t->kinds ? t->kinds[0] : NULL;
}

static Kind *nested_kind(Expander *x, Node *b, Object *parent, Field **field_out, const char *first_label)
{
	Compiler *c = x->c;
	Field *f = kind_field(parent->kind, b->name);
	*field_out = f;
	const Kind *elem = f ? obj_elem(f) : NULL;
	if (elem) {
		/* A Terraform attribute that holds a list of objects is written
		 * as blocks too, as Terraform allows: `ingress { ... }`. */
		Kind *k = (Kind *)elem;
		k->name = b->name;
		return k;
	}
	if (!f || !type_is_block(f->type)) {
		Diag *g;
		if (f) {
			g = compiler_diag(c, NAME_UNKNOWN_FIELD, b->name_span, "`%s` is an attribute of %s, not a block",
					  b->name, parent->kind->name);
			diag_help(&c->diags, g, "write `%s = value`", b->name);
			return NULL;
		}
		Kind *top = schema_kind(c, b->name);
		if (top && !top->nested) {
			g = compiler_diag(c, NAME_NOT_HERE, b->name_span, "a `%s` block cannot be nested in `%s`", b->name,
					  parent->path);
			diag_help(&c->diags, g, "declare it at the top level of the file");
			return NULL;
		}
		g = compiler_diag(c, NAME_UNKNOWN_FIELD, b->name_span, "%s has no nested block `%s`", parent->kind->name, b->name);
		size_t n;
		const char *const *names = block_field_names(c, parent->kind, &n);
		suggest_name(c, g, b->name, (const char **)names, n);
		return NULL;
	}
	if (f->type->kind != T_VARIANTS) {
		provider_load(c, f->type->kinds[0]);
		return f->type->kinds[0];
	}
	if (!first_label) {
		Diag *g = compiler_diag(c, NAME_LABELS, b->name_span, "a `%s` block needs a label saying which one", b->name);
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
	Diag *g = compiler_diag(c, NAME_UNKNOWN_KIND, b->list.items[0]->span, "unknown %s `%s`", b->name, first_label);
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

/* The kind of `resource TYPE NAME` or `data TYPE NAME`: the type's,
 * from the provider schema (provider.c). */
/* The span of a block's labels, or of its word when it has none. */
static Span labels_span(Node *b)
{
	return b->list.len ? span_join(b->list.items[0]->span, b->list.items[b->list.len - 1]->span) : b->name_span;
}

/* `resource TYPE NAME`, `data TYPE NAME`, `kubernetes KIND NAME`: the
 * first label says what it is (`what`, such as aws_vpc), the second names it. */
static bool two_labels(Expander *x, Node *b, uint32_t nlabels, const char *what, const char *example)
{
	if (nlabels == 2)
		return true;
	Diag *g = compiler_diag(x->c, NAME_LABELS, labels_span(b), "a `%s` block takes a %s and a name, found %u label%s", b->name,
				what, nlabels, nlabels == 1 ? "" : "s");
	diag_help(&x->c->diags, g, "write `%s %s NAME { ... }`", b->name, example);
	return false;
}

static Kind *typed_kind(Expander *x, Node *b, const char **labels, uint32_t nlabels)
{
	Compiler *c = x->c;
	bool data = b->name[0] == 'd';
	if (!two_labels(x, b, nlabels, "type", data ? "aws_vpc" : "aws_sqs_queue"))
		return NULL;
	Kind *k = provider_kind(c, data, labels[0]);
	if (k || c->io_error)
		return k;
	const char *what = data ? "data source" : "resource type";
	Diag *g = compiler_diag(c, NAME_UNKNOWN_KIND, b->list.items[0]->span, "unknown Terraform %s `%s`", what, labels[0]);
	const char **names;
	size_t n = provider_type_names(c, data, labels[0], &names);
	if (n) {
		size_t had = g ? g->helps.len : 0;
		suggest_name(c, g, labels[0], names, n);
		if (g && g->helps.len == had && provider_kind(c, !data, labels[0]))
			diag_help(&c->diags, g, "`%s` is a %s: write `%s %s %s { ... }`", labels[0],
				  data ? "resource type" : "data source", data ? "resource" : "data", labels[0],
				  labels[1]);
	} else {
		diag_help(&c->diags, g, "no provider schema in the standard library describes `%s`; "
					"docs/providers.md says how to add one", labels[0]);
	}
	return NULL;
}

/* `kubernetes KIND NAME { ... }`: an object of a built-in kind or of a
 * CRD the specification loaded. */
static Kind *kube_block_kind(Expander *x, Node *b, const char **labels, uint32_t nlabels)
{
	Compiler *c = x->c;
	if (!two_labels(x, b, nlabels, "kind", "Deployment"))
		return NULL;
	/* `api_version = "group/version"` in the body picks another version. */
	const char *api = NULL;
	for (uint32_t i = 0; i < b->body.len; i++) {
		Node *it = b->body.items[i];
		if (it->kind == N_ATTR && strcmp(it->name, "api_version") == 0 && it->a->kind == N_STRING)
			api = arena_strndup(c->arena, it->a->str, it->a->str_len);
	}
	Kind *k = kube_kind_version(c, labels[0], api);
	if (k || c->io_error || c->kube_crd_failed)
		return k; /* a CRD that could not be read said why */
	Diag *g = compiler_diag(c, NAME_UNKNOWN_KIND, b->list.items[0]->span, "unknown Kubernetes kind `%s`", labels[0]);
	size_t had = g ? g->helps.len : 0;
	const char **names;
	size_t n = kube_kind_names(c, &names);
	suggest_name(c, g, labels[0], names, n);
	if (g && g->helps.len == had)
		diag_help(&c->diags, g, "built-in kinds are those of Kubernetes 1.31; load the CRD of a custom one "
					"with `crds = [\"path/to/crd.yaml\"]`");
	return NULL;
}

static bool check_labels(Expander *x, Node *b, Kind *k, uint32_t nlabels, bool variant)
{
	/* For a variant, the first label chose the kind and is not counted. */
	uint32_t n = nlabels - (variant ? 1 : 0);
	if ((int)n >= k->min_labels && (int)n <= k->max_labels)
		return true;
	Compiler *c = x->c;
	Span at = labels_span(b);
	Diag *g;
	if (k->max_labels == 0)
		g = compiler_diag(c, NAME_LABELS, at, "a `%s` block takes no label", b->name);
	else if (k->min_labels == k->max_labels)
		g = compiler_diag(c, NAME_LABELS, at, "a `%s` block takes %d label%s, found %u", b->name, k->min_labels,
				  k->min_labels == 1 ? "" : "s", n);
	else
		g = compiler_diag(c, NAME_LABELS, at, "a `%s` block takes %d to %d labels, found %u", b->name, k->min_labels,
				  k->max_labels, n);
	if (k->max_labels == 0)
		diag_help(&c->diags, g, "write `%s { ... }`", b->name);
	else if (k->min_labels == 1 && k->max_labels == 1)
		diag_help(&c->diags, g, "write `%s NAME { ... }`", b->name);
	return false;
}

static Object *obj_new(Expander *x, Kind *k, Node *b, const char **labels, uint32_t nlabels, Object *parent,
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

/* `let` it, visible in s, evaluated in scope when first used. */
static void bind_let(Compiler *c, Scope *s, Node *it, Scope *scope)
{
	Let *l = ARENA_NEW(c->arena, Let);
	l->name = it->name;
	l->node = it;
	l->scope = scope;
	l->type = it->a ? type_from_node(c, it->a, false) : NULL;
	map_put(&s->vars, it->name, l);
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
	bool typed = !parent && (strcmp(b->name, "resource") == 0 || strcmp(b->name, "data") == 0);
	bool kube = !parent && strcmp(b->name, "kubernetes") == 0;
	if (parent) {
		k = nested_kind(x, b, parent, &pf, nlabels ? labels[0] : NULL);
	} else if (typed || kube) {
		k = typed ? typed_kind(x, b, labels, nlabels) : kube_block_kind(x, b, labels, nlabels);
		if (k) {
			/* The first label chose the type; the second names the block. */
			labels++;
			nlabels--;
		}
	} else {
		k = schema_kind(c, b->name);
		if (!k) {
			Diag *g = compiler_diag(c, NAME_UNKNOWN_KIND, b->name_span, "unknown kind `%s`", b->name);
			Vec names = {0};
			for (size_t i = 0; i < c->kinds.len; i++)
				if (!((Kind *)c->kinds.vals[i])->nested)
					vec_push(&names, (void *)c->kinds.keys[i]);
			suggest_name(c, g, b->name, (const char **)names.items, names.len);
			vec_free(&names);
		} else if (k->nested) {
			Diag *g = compiler_diag(c, NAME_NOT_HERE, b->name_span, "a `%s` block belongs inside another block",
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
	if (!k) {
		remember_failed(c, labels, nlabels);
		return;
	}
	bool variant = pf && pf->type->kind == T_VARIANTS;
	if (!check_labels(x, b, k, nlabels, variant)) {
		remember_failed(c, labels, nlabels);
		return;
	}
	if (variant) {
		/* The first label chose the kind; the rest name the block. */
		labels++;
		nlabels--;
	}
	if (parent && pf) {
		Slot *slot = &parent->slots[pf->index];
		for (size_t i = 0; i < slot_blocks(slot)->len; i++) {
			Object *prev = slot_blocks(slot)->items[i];
			bool same = prev->nlabels == nlabels;
			for (uint32_t j = 0; same && j < nlabels; j++)
				same = prev->labels[j] == labels[j];
			if (same && prev->kind == k && (nlabels > 0 || pf->type->kind == T_BLOCK)) {
				Diag *g = nlabels ? compiler_diag(c, NAME_DUPLICATE_BLOCK, header_span(b), "duplicate %s `%s` in `%s`",
								  b->name, labels[nlabels - 1], parent->path)
						  : compiler_diag(c, NAME_DUPLICATE_BLOCK, header_span(b), "duplicate `%s` block in `%s`",
								  b->name, parent->path);
				if (!nlabels)
					diag_help(&c->diags, g, "`%s` holds one `%s` block; merge the two", parent->path,
						  b->name);
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
			Diag *g = compiler_diag(c, NAME_DUPLICATE_BLOCK, header_span(b), "duplicate %s `%s`", k->name, key);
			diag_note(&c->diags, g, prev->name_span, "first declared here");
			if (prev->module != x->mod)
				diag_help(&c->diags, g, "labels of a kind are unique across every imported module");
			return;
		}
	}
	/* A block is charged its fields, which are evaluated and written out,
	 * and its path, which copies its parent's. */
	if (!budget_spend(c, STEP_SCOPE + k->nfields + (parent ? strlen(parent->path) / STEP_BYTES : 0), header_span(b)))
		return;
	Object *o = obj_new(x, k, b, labels, nlabels, parent, s);
	o->parent_field = pf;
	if (parent && pf) {
		Slot *ps = &parent->slots[pf->index];
		if (!ps->blocks)
			ps->blocks = ARENA_NEW(c->arena, Vec);
		vec_push(ps->blocks, o);
	} else if (nlabels > 0) {
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
			Diag *g = compiler_diag(c, NAME_ENVIRONMENT, header_span(b), "a second `environment` block");
			diag_note(&c->diags, g, c->environment->name_span, "the first one is here");
			diag_help(&c->diags, g, "each compilation describes one environment");
		} else {
			c->environment = o;
		}
	}
	expand_items(x, o->scope, &b->body, o, false);
}

static void set_attribute(Expander *x, Scope *s, Node *a, Object *o)
{
	Compiler *c = x->c;
	Field *f = kind_field(o->kind, a->name);
	if (!f) {
		Diag *g = compiler_diag(c, NAME_UNKNOWN_FIELD, a->name_span, "%s has no %s `%s`", o->kind->name,
					o->kind->provider ? "attribute" : "field", a->name);
		/* Attributes first; a nested block only when no attribute is close. */
		const char **names = ARENA_ARRAY(c->arena, const char *, o->kind->nfields);
		size_t n = 0, had = g ? g->helps.len : 0;
		for (uint32_t i = 0; i < o->kind->nfields; i++)
			if (!o->kind->fields[i]->output && !type_is_block(o->kind->fields[i]->type))
				names[n++] = o->kind->fields[i]->name;
		suggest_name(c, g, a->name, names, n);
		if (g && g->helps.len == had) {
			n = 0;
			for (uint32_t i = 0; i < o->kind->nfields; i++)
				if (type_is_block(o->kind->fields[i]->type))
					names[n++] = o->kind->fields[i]->name;
			suggest_name(c, g, a->name, names, n);
		}
		return;
	}
	if (f->output) {
		Diag *g = compiler_diag(c, NAME_UNKNOWN_FIELD, a->name_span, "`%s` is an output of %s; it cannot be set", a->name,
					o->kind->name);
		diag_help(&c->diags, g, "AWS sets it; other blocks read it as `%s.%s`", o->path, a->name);
		return;
	}
	if (type_is_block(f->type)) {
		Diag *g = compiler_diag(c, NAME_UNKNOWN_FIELD, a->name_span, "`%s` is a nested block, not an attribute", a->name);
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
	if (slot->attr) {
		Diag *g = compiler_diag(c, NAME_DUPLICATE_ATTR, a->name_span, "`%s` is set twice", a->name);
		diag_note(&c->diags, g, slot->attr->name_span, "first set here");
		return;
	}
	slot->attr = a;
	slot->scope = s;
}

static void add_allow(Expander *x, Node *n, Object *parent)
{
	Compiler *c = x->c;
	const DiagInfo *info = diag_info_find(n->name);
	if (!info) {
		Diag *g = compiler_diag(c, LINT_BAD_ALLOW, n->name_span, "unknown diagnostic code `%s`", n->name);
		const char *codes[DIAG_CODE_COUNT];
		for (size_t i = 0; i < DIAG_CODE_COUNT; i++)
			codes[i] = diag_info[i].code;
		suggest_name(c, g, n->name, codes, DIAG_CODE_COUNT);
		return;
	}
	if (info->severity != SEV_WARNING) {
		Diag *g = compiler_diag(c, LINT_BAD_ALLOW, n->name_span, "`%s` is an error; only warnings can be allowed", n->name);
		diag_help(&c->diags, g, "fix the error instead");
		return;
	}
	Node *r = n->a;
	if (r->kind != N_STRING || r->str_len == 0) {
		Diag *g = compiler_diag(c, LINT_BAD_ALLOW, r->span, "an `allow` needs a written reason");
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
	if (schema_kind(c, n->name) || (n->name2 && schema_kind(c, n->name2))) {
		const char *nm = schema_kind(c, n->name) ? n->name : n->name2;
		Diag *g = compiler_diag(c, NAME_HIDES_KIND, n->name_span, "`for` variable `%s` has the name of a kind", nm);
		diag_help(&c->diags, g, "rename the variable, for example `%s_name`; `%s` refers to the %s blocks", nm,
			  nm, nm);
		return;
	}
	Value *coll = eval_once(c, s, n->a, NULL);
	if (coll->kind == V_ERROR)
		return;
	if (!value_is_known(coll)) {
		compiler_diag(c, TYPE_DEFERRED, n->a->span, "a `for` list must be known when infrac runs, found %s",
			      value_describe_a(c, coll));
		return;
	}
	if (coll->kind != V_LIST && coll->kind != V_MAP) {
		compiler_diag(c, TYPE_MISMATCH, n->a->span, "expected a list or a map to iterate over, found %s",
			      value_describe_a(c, coll));
		return;
	}
	for (uint32_t i = 0; i < coll->n && budget_spend_iteration(c, coll, i, n->span); i++) {
		Scope *inner = scope_new(c, s, NULL);
		if (coll->kind == V_MAP) {
			Value *key = value_string(c, coll->keys[i], strlen(coll->keys[i]), n->a->span);
			scope_bind(c, inner, n->name, key);
			if (n->name2)
				scope_bind(c, inner, n->name2, coll->items[i]);
		} else if (n->name2) {
			scope_bind(c, inner, n->name, value_int(c, i, n->a->span));
			scope_bind(c, inner, n->name2, coll->items[i]);
		} else {
			scope_bind(c, inner, n->name, coll->items[i]);
		}
		expand_items(x, inner, &n->body, parent, top);
	}
}

static void misplaced(Compiler *c, Node *n, const char *what, const char *help)
{
	Diag *g = compiler_diag(c, NAME_MISPLACED, n->span, "%s", what);
	if (help)
		diag_help(&c->diags, g, "%s", help);
}

/* The parameters an import sets, checked against the module's
 * declarations (load.c bound them, keeping the first setting). */
static void check_import_args(Compiler *c, Module *child, Node *it)
{
	for (uint32_t j = 0; j < it->body.len; j++) {
		Node *a = it->body.items[j];
		if (a->kind != N_ATTR) {
			compiler_diag(c, NAME_MISPLACED, a->span, "an `import` block only sets parameters: `name = value`");
			continue;
		}
		Param *p = map_get(&child->params, a->name);
		if (!p) {
			Diag *g = compiler_diag(c, NAME_UNKNOWN_PARAM, a->name_span, "module `%s` has no parameter `%s`", child->name,
						a->name);
			suggest_name(c, g, a->name, (const char **)child->params.keys, child->params.len);
			if (child->params.len == 0)
				diag_help(&c->diags, g, "module `%s` declares no parameters", child->name);
			continue;
		}
		if (p->arg != a->a) {
			Diag *g = compiler_diag(c, NAME_DUPLICATE_ATTR, a->name_span, "parameter `%s` is set twice", a->name);
			for (uint32_t k = 0; k < j; k++) {
				Node *prev = it->body.items[k];
				if (prev->kind == N_ATTR && prev->name == a->name) {
					diag_note(&c->diags, g, prev->name_span, "first set here");
					break;
				}
			}
		}
	}
	for (size_t j = 0; j < child->params.len; j++) {
		Param *p = child->params.vals[j];
		if (p->arg || p->decl->b)
			continue;
		Diag *g = compiler_diag(c, NAME_MISSING_PARAM, it->a->span, "module `%s` needs parameter `%s`", child->name, p->name);
		diag_note(&c->diags, g, p->decl->span, "declared here");
		const char *doc = p->decl->c && p->decl->c->kind == N_STRING ? p->decl->c->str : NULL;
		if (it->body.len)
			diag_help(&c->diags, g, "add `%s = ...` to the parameters of this import%s%s", p->name,
				  doc ? ": " : "", doc ? doc : "");
		else
			diag_help(&c->diags, g, "set it in the import: `import \"%s\" { %s = ... }`%s%s", it->a->str,
				  p->name, doc ? ": " : "", doc ? doc : "");
	}
}

/* A top-level `param` or `let` of a module: load.c registered the first
 * declaration of each name; the others are reported here. */
static void check_module_decl(Compiler *c, Module *m, Node *it)
{
	Param *p = map_get(&m->params, it->name);
	Let *l = map_get(&m->lets, it->name);
	bool is_param = it->kind == N_DECL;
	if ((is_param && p && p->decl == it) || (!is_param && l && l->node == it)) {
		/* load.c read the type quietly; its mistakes are reported here. */
		if (it->a)
			type_from_node(c, it->a, false);
		return;
	}
	if (p || l) {
		Diag *g = compiler_diag(c, NAME_DUPLICATE_DECL, it->name_span, "`%s` is declared twice", it->name);
		diag_note(&c->diags, g, p ? p->decl->name_span : l->node->name_span, "first declared here");
		return;
	}
	if (schema_kind(c, it->name)) {
		Diag *g = is_param ? compiler_diag(c, NAME_HIDES_KIND, it->name_span, "parameter `%s` has the name of a kind", it->name)
				   : compiler_diag(c, NAME_HIDES_KIND, it->name_span, "`let %s` has the name of a kind", it->name);
		diag_help(&c->diags, g, "rename it, for example `%s_name` or `my_%s`; `%s` refers to the %s blocks",
			  it->name, it->name, it->name, it->name);
	}
}

static void expand_items(Expander *x, Scope *s, NodeList *items, Object *parent, bool top)
{
	Compiler *c = x->c;
	/* The items of the file itself, not of a block, `for` or `if`. */
	bool file_top = items == &x->mod->root->list;
	/* CRDs first: the blocks of a file may use their kinds anywhere in it. */
	for (uint32_t i = 0; file_top && i < items->len; i++)
		if (items->items[i]->kind == N_ATTR && strcmp(items->items[i]->name, "crds") == 0)
			kube_load_crds(c, items->items[i], s);
	for (uint32_t i = 0; i < items->len; i++) {
		Node *it = items->items[i];
		/* The body of a `for` (or a module imported twice) is expanded
		 * again: what was wrong in it has been said. */
		bool again = diags_error_within(&c->diags, it->span, DIAG_CODE_COUNT);
		if (again)
			c->quiet++;
		switch (it->kind) {
		case N_MODULE:
			if (!file_top) {
				misplaced(c, it, "`module` belongs at the top of a file",
					  arena_printf(c->arena, "move `module %s` to the first line of the file", it->name));
			} else if (i != 0) {
				Diag *g = compiler_diag(c, NAME_MODULE_HEADER, it->span, "`module` must be the first item of the file");
				diag_note(&c->diags, g, items->items[0]->span, "the file starts with this item");
				diag_help(&c->diags, g, "move `module %s` to the top", it->name);
			}
			break;
		case N_IMPORT:
			if (!file_top) {
				misplaced(c, it, "`import` belongs at the top level of a file",
					  parent ? NULL : "imports cannot be conditional or repeated; set the module's parameters instead");
				break;
			}
			/* The instances are in the order of the imports; an import
			 * that shares an instance made earlier has none of its own. */
			if (x->next_child < x->mod->children.len &&
			    ((Module *)x->mod->children.items[x->next_child])->import == it) {
				Module *child = x->mod->children.items[x->next_child++];
				check_import_args(c, child, it);
				Expander cx = {c, child, 0};
				expand_items(&cx, child->scope, &child->root->list, NULL, true);
			}
			break;
		case N_DECL:
			if (it->op == DECL_PARAM && !file_top)
				misplaced(c, it, "`param` belongs at the top level of a module",
					  "declare the parameter at the top of the file, or use `let` here");
			else if (it->op == DECL_PARAM)
				check_module_decl(c, x->mod, it);
			else
				misplaced(c, it, it->op == DECL_FIELD ? "`field` declares a kind's field, in the standard library only"
								      : "`output` declares a kind's output, in the standard library only",
					  parent ? arena_printf(c->arena, "to set the field, write `%s = value`", it->name)
						 : "a specification sets fields of blocks: `kind label { name = value }`");
			break;
		case N_LET:
			if (file_top) {
				check_module_decl(c, x->mod, it);
				break;
			}
			if (map_get(&s->vars, it->name)) {
				Diag *g = compiler_diag(c, NAME_DUPLICATE_DECL, it->name_span, "`%s` is declared twice in this block",
							it->name);
				diag_note(&c->diags, g, ((Let *)map_get(&s->vars, it->name))->node->name_span,
					  "first declared here");
				break;
			}
			if (schema_kind(c, it->name)) {
				Diag *g = compiler_diag(c, NAME_HIDES_KIND, it->name_span, "`let %s` has the name of a kind", it->name);
				diag_help(&c->diags, g, "rename it, for example `%s_name` or `my_%s`", it->name, it->name);
				break;
			}
			bind_let(c, s, it, s);
			break;
		case N_ATTR:
			if (file_top && strcmp(it->name, "crds") == 0)
				break; /* read above */
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
			Value *cond = eval_once(c, s, it->a, &type_bool);
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
		if (again)
			c->quiet--;
		if (diags_full(&c->diags) || c->out_of_steps)
			return;
	}
}

/* Errors found here are local to a block or an item, so checking goes
 * on after them: an unknown field in one block must not hide a type
 * error in another.  Blocks that could not be created are remembered so
 * that references to them stay quiet.  A spent evaluation budget stops
 * everything. */
bool expand_program(Compiler *c)
{
	for (size_t i = 0; i < c->root->params.len; i++) {
		Param *p = c->root->params.vals[i];
		if (!p->decl->b) {
			Diag *g = compiler_diag(c, NAME_MISSING_PARAM, p->decl->span, "parameter `%s` has no value", p->name);
			diag_help(&c->diags, g, "give it a default, or compile an environment file that imports this module "
						"and sets it");
		}
	}
	c->expanding = true;
	Expander x = {c, c->root, 0};
	expand_items(&x, c->root->scope, &c->root->root->list, NULL, true);
	c->expanding = false;
	return !diags_full(&c->diags) && !c->out_of_steps;
}

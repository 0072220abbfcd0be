/*
 * eval.c: evaluating expressions with their expected type.
 *
 * Evaluation is type-directed: eval() receives the type the value must
 * have and uses it to read literals (`2` is two cores where cpu is
 * expected, `spot` is an enum member where the enum is expected,
 * `m7g.2xlarge` is a symbol where an instance type is expected) and then
 * coerces the result, reporting a mismatch at the expression's span.
 *
 * Lets, parameters and block fields are evaluated lazily, on first use,
 * and memoised; a value met again while it is being evaluated is a cycle,
 * reported with the chain that led to it.  A failed evaluation yields
 * value_error, which every operation passes through silently so one
 * mistake is reported once.
 */
#include "infrac.h"

#include <stdlib.h>
#include <string.h>


static Value *err(void)
{
	return &value_error;
}

uint64_t budget_total(const Compiler *c)
{
	return BUDGET_PER_BYTE * c->source_bytes + BUDGET_BASE;
}

bool budget_spend(Compiler *c, uint64_t steps, Span at)
{
	if (c->out_of_steps)
		return false;
	uint64_t budget = budget_total(c);
	c->steps += steps;
	if (c->steps <= budget)
		return true;
	c->out_of_steps = true;
	/* Said even while alternatives are tried quietly: nothing goes on. */
	int quiet = c->quiet;
	c->quiet = 0;
	Diag *g = compiler_diag(c, EVAL_BUDGET, at, "evaluation stops here: it has taken more than %llu steps, the budget "
					    "for %llu bytes of source", (unsigned long long)budget,
				(unsigned long long)c->source_bytes);
	diag_help(&c->diags, g, "look for a `for` nested in another over long lists, a value built from itself "
				"more than once, or modules that each import the next more than once");
	c->quiet = quiet;
	return false;
}

/* Values built by composition can grow without bound: sixty `let`s, each
 * a list of the one before twice, make 2^60 values.  Lists and maps are
 * measured as they are made, children first and each once (values are
 * shared, never changed), so an oversized value is reported where it is
 * made, before a back end tries to write it out. */
enum { VALUE_MAX_DEPTH = 64, VALUE_MAX_SIZE = 1 << 20 };

/* The bytes of text of a string, or of the strings of a template. */
static uint64_t scalar_text(const Value *v)
{
	uint64_t n = v->kind == V_STRING ? v->len : 0;
	for (uint32_t i = 0; v->kind == V_TEMPLATE && i < v->n; i++)
		n += v->items[i]->kind == V_STRING ? v->items[i]->len : 0;
	return n;
}

static void value_measure(Value *v)
{
	if ((v->kind != V_LIST && v->kind != V_MAP) || v->depth)
		return;
	uint32_t depth = 0;
	uint64_t size = 1, text = 0;
	for (uint32_t i = 0; i < v->n; i++) {
		Value *e = v->items[i];
		value_measure(e);
		if (e->depth > depth)
			depth = e->depth;
		bool nested = e->kind == V_LIST || e->kind == V_MAP;
		size += nested ? e->size : 1;
		text += nested ? e->text : scalar_text(e);
	}
	v->depth = (uint16_t)(depth < UINT16_MAX ? depth + 1 : UINT16_MAX);
	v->size = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
	v->text = text > UINT32_MAX ? UINT32_MAX : (uint32_t)text;
}

/* What a value costs to hold or compare, in steps: its values and its
 * text.  A value used twice is charged twice, as it is written twice. */
static uint64_t value_cost(Value *v)
{
	value_measure(v);
	if (v->kind == V_LIST || v->kind == V_MAP)
		return v->size + v->text / STEP_BYTES;
	return 1 + scalar_text(v) / STEP_BYTES;
}

bool budget_spend_value(Compiler *c, Value *v, Span at)
{
	return budget_spend(c, value_cost(v), at);
}

bool budget_spend_iteration(Compiler *c, const Value *coll, uint32_t i, Span at)
{
	return budget_spend(c, STEP_SCOPE + (coll->kind == V_MAP ? strlen(coll->keys[i]) / STEP_BYTES : 0), at);
}

const char *budget_intern(Compiler *c, const Value *s, Span at)
{
	return budget_spend(c, s->len / STEP_BYTES, at) ? intern(&c->names, s->s, s->len) : NULL;
}

static Value *too_many_values(Compiler *c, Span at)
{
	Diag *g = compiler_diag(c, TYPE_TOO_BIG, at, "this value holds more than %d values", VALUE_MAX_SIZE);
	diag_help(&c->diags, g, "a value used twice in a list or map counts twice: it is written twice");
	return err();
}

/* A string being built grows past STRING_MAX: reported where it is built. */
static bool string_fits(Compiler *c, uint64_t len, Span at)
{
	if (len <= STRING_MAX)
		return true;
	Diag *g = compiler_diag(c, EVAL_STRING_TOO_LONG, at, "this string would be longer than %d bytes (4 MiB)", STRING_MAX);
	diag_help(&c->diags, g, "a `let` that repeats the one before twice doubles the length each time, and so does "
				"`replace` with a longer replacement");
	return false;
}

/* Whether evaluating something within the span has reported an error
 * (a missing field is reported at its block's header, but not by an
 * evaluation). */
static bool reported_in(Compiler *c, Span span)
{
	return diags_error_within(&c->diags, span, TYPE_MISSING_FIELD);
}

/* What is being evaluated, for the report of a cycle.  The text is built
 * only when a cycle is reported: evaluation itself stays cheap. */
typedef struct EvalFrame {
	const char *name;  /* a let or param */
	Object *obj;       /* or a field of a block */
	Field *field;
	Span at;           /* the use that asked for it */
} EvalFrame;

static const char *frame_text(Compiler *c, const EvalFrame *f)
{
	return f->obj ? arena_printf(c->arena, "`%s.%s`", f->obj->path, f->field->name)
		      : arena_printf(c->arena, "`%s`", f->name);
}

static bool frame_same(const EvalFrame *a, const EvalFrame *b)
{
	return a->obj == b->obj && a->field == b->field && a->name == b->name;
}

static void frame_push(Compiler *c, const char *name, Object *o, Field *fld, Span at)
{
	if (c->eval_frames.len == c->eval_frames_cap) {
		c->eval_frames_cap = c->eval_frames_cap ? c->eval_frames_cap * 2 : 64;
		c->eval_frames.items = xrealloc(c->eval_frames.items, c->eval_frames_cap * sizeof(EvalFrame));
	}
	EvalFrame *f = (EvalFrame *)c->eval_frames.items + c->eval_frames.len++;
	f->name = name;
	f->obj = o;
	f->field = fld;
	f->at = at;
}

static void frame_pop(Compiler *c)
{
	c->eval_frames.len--;
}

static void report_cycle(Compiler *c, const char *name, Object *o, Field *fld, Span at)
{
	EvalFrame me = {name, o, fld, at};
	EvalFrame *frames = (EvalFrame *)c->eval_frames.items;
	size_t len = c->eval_frames.len;
	const char *what = frame_text(c, &me);
	/* The cycle runs from the frame that is `me` to the top. */
	size_t start = len;
	while (start > 0 && !frame_same(&frames[start - 1], &me))
		start--;
	start = start ? start - 1 : 0;
	Buf through = {0};
	for (size_t i = start + 1; i < len; i++)
		buf_printf(&through, "%s%s", i == start + 1 ? " through " : i + 1 == len ? " and " : ", ",
			   frame_text(c, &frames[i]));
	Diag *g = compiler_diag(c, NAME_CYCLE, at, "%s depends on itself%s", what, through.len ? buf_cstr(&through) : "");
	buf_free(&through);
	if (len - start < 2)
		return; /* a value that uses itself directly needs no chain */
	for (size_t i = start; i < len; i++) {
		const EvalFrame *f = &frames[i];
		const EvalFrame *next = i + 1 < len ? &frames[i + 1] : NULL;
		diag_note(&c->diags, g, next ? next->at : at, "%s%s uses %s here", next ? "" : "and ", frame_text(c, f),
			  next ? frame_text(c, next) : what);
	}
}

/* Memoised values must not keep an error whose diagnostic was dropped
 * while alternatives were tried quietly. */
static bool keep_result(Compiler *c, uint32_t quiet_before)
{
	return !(c->quiet > 0 && c->quiet_errors != quiet_before);
}

/* A let's value; `use` is where it is needed, for the chain of a cycle. */
static Value *let_value(Compiler *c, Let *l, Span use)
{
	if (l->state == LET_DONE)
		return l->value;
	if (l->state == LET_BUSY) {
		report_cycle(c, l->name, NULL, NULL, use);
		return err();
	}
	l->state = LET_BUSY;
	frame_push(c, l->name, NULL, NULL, use);
	/* A let in the body of a `for` has one instance per iteration. */
	bool again = reported_in(c, l->node->b->span);
	if (again)
		c->quiet++;
	uint32_t q = c->quiet_errors;
	Value *v = eval(c, l->scope, l->node->b, l->type);
	frame_pop(c);
	if (keep_result(c, q)) {
		l->value = v;
		l->state = LET_DONE;
	} else {
		l->state = LET_NEW;
	}
	if (again)
		c->quiet--;
	return v;
}

Value *eval_let(Compiler *c, Let *l)
{
	return let_value(c, l, l->node ? l->node->name_span : (Span){0});
}

static Value *param_value(Compiler *c, Param *p, Span use)
{
	if (p->state == LET_DONE)
		return p->value;
	if (p->state == LET_BUSY) {
		report_cycle(c, p->name, NULL, NULL, use);
		return err();
	}
	p->state = LET_BUSY;
	frame_push(c, p->name, NULL, NULL, use);
	uint32_t q = c->quiet_errors;
	Value *v;
	if (p->arg)
		v = eval(c, p->arg_scope, p->arg, p->type);
	else if (p->decl->b)
		v = eval(c, p->arg_scope, p->decl->b, p->type);
	else
		v = err(); /* reported where the module was imported */
	frame_pop(c);
	if (keep_result(c, q)) {
		p->value = v;
		p->state = LET_DONE;
	} else {
		p->state = LET_NEW;
	}
	return v;
}

Value *eval_param(Compiler *c, Param *p)
{
	return param_value(c, p, p->decl->name_span);
}

/* ---- fields of blocks ---- */

static Value *block_field_value(Compiler *c, Object *o, Field *f)
{
	Slot *slot = &o->slots[f->index];
	if (f->type->kind == T_BLOCK) {
		if (slot_blocks(slot)->len == 0)
			return value_new(c, V_NULL, o->span);
		Value *v = value_new(c, V_REF, ((Object *)slot_blocks(slot)->items[0])->span);
		v->obj = slot_blocks(slot)->items[0];
		return v;
	}
	/* The list remembers whose blocks it holds, for messages about it. */
	Value *v = value_new(c, V_LIST, o->span);
	v->obj = o;
	v->s = f->name;
	v->n = (uint32_t)slot_blocks(slot)->len;
	v->items = ARENA_ARRAY(c->arena, Value *, v->n);
	for (uint32_t i = 0; i < v->n; i++) {
		Object *child = slot_blocks(slot)->items[i];
		v->items[i] = value_new(c, V_REF, child->span);
		v->items[i]->obj = child;
	}
	return v;
}

/* Errors found in a field's default say where the value came from, and
 * how to choose another. */
static void default_help(Compiler *c, Field *f, Span here, size_t had, bool is_label)
{
	for (size_t i = had; i < c->diags.list.len; i++) {
		Diag *g = c->diags.list.items[i];
		/* Only the default's own errors: those in values the user wrote
		 * point elsewhere. */
		if (g->severity != SEV_ERROR || g->code == NAME_ENVIRONMENT || g->span.file != here.file ||
		    g->span.start != here.start || g->span.end != here.end)
			continue;
		if (is_label) {
			diag_help(&c->diags, g, "`%s` defaults to the block's label; rename the block or set `%s = \"...\"`",
				  f->name, f->name);
			continue;
		}
		const SrcFile *src = f->def->span.file < c->srcs.len ? c->srcs.files[f->def->span.file] : NULL;
		if (src)
			diag_help(&c->diags, g, "`%s` defaults to `%.*s`; set `%s = ...` to choose another", f->name,
				  (int)(f->def->span.end - f->def->span.start), src->text + f->def->span.start, f->name);
	}
}

/* The labels of a block as written, without its kind: `Uploads` in
 * `bucket Uploads {`. */
static Span label_span(Compiler *c, Object *o)
{
	if (!o->nlabels || o->name_span.file >= c->srcs.len)
		return o->name_span;
	const SrcFile *f = c->srcs.files[o->name_span.file];
	uint32_t p = o->name_span.start + (uint32_t)strlen(o->word);
	while (p < o->name_span.end && strchr(" \t\r\n", f->text[p]))
		p++;
	if (p >= o->name_span.end || f->text[p] == '/' || f->text[p] == '#')
		return o->name_span;
	Span s = o->name_span;
	s.start = p;
	return s;
}

/* A default that needs no evaluation context: null, a boolean, a number,
 * a string without interpolation, a CIDR, an empty list or map. */
static bool is_literal(const Node *n)
{
	switch (n->kind) {
	case N_NULL: case N_BOOL: case N_NUMBER: case N_STRING: case N_CIDR:
		return true;
	case N_LIST: case N_MAP:
		return n->list.len == 0;
	default:
		return false;
	}
}

/* Most fields of most blocks are unset; a block's unset fields share
 * their null (or auto) value, which nothing changes once made, rather
 * than make one each. */
static Value *unset_value(Compiler *c, ValueKind k, Span at)
{
	Value *v = c->unset;
	if (!v || v->kind != k || v->span.file != at.file || v->span.start != at.start || v->span.end != at.end)
		v = c->unset = value_new(c, k, at);
	return v;
}

Value *obj_eval(Compiler *c, Object *o, Field *f, Span use)
{
	Slot *slot = &o->slots[f->index];
	if (slot->state == LET_DONE)
		return slot->value;
	if (slot->dropped)
		fatal("internal error: `%s.%s` evaluated after checking", o->path, f->name);
	if (type_is_block(f->type)) {
		slot->value = block_field_value(c, o, f);
		slot->state = LET_DONE;
		return slot->value;
	}
	if (slot->state == LET_BUSY) {
		report_cycle(c, NULL, o, f, use);
		return err();
	}
	slot->state = LET_BUSY;
	frame_push(c, NULL, o, f, use);
	/* Defaults come from the schema; their problems and their values point
	 * at the block, or at its label when that is the default. */
	bool is_label = !slot_node(slot) && f->def && f->def->kind == N_PATH && f->def->list.len == 1 &&
			strcmp(f->def->list.items[0]->name, "label") == 0;
	Span here = is_label ? label_span(c, o) : o->name_span;
	/* The same text evaluated again by another iteration of a `for`: its
	 * mistake has been reported once already. */
	bool again = reported_in(c, slot_node(slot) ? slot_node(slot)->span : here);
	if (again)
		c->quiet++;
	uint32_t q = c->quiet_errors;
	Value *v;
	Span saved = c->use_span;
	if (slot_node(slot)) {
		v = eval(c, slot->scope, slot_node(slot), f->type);
	} else if (f->def) {
		c->use_span = here;
		size_t had = c->diags.list.len;
		/* A default sees the block's fields and label, never the
		 * names of the user's module: a `let label` must not change
		 * every block's name.  Nothing keeps the scope past eval. */
		Scope self = {.self = o};
		uint32_t qe = c->quiet_errors;
		v = f->def_value ? f->def_value : eval(c, &self, f->def, f->type);
		if (!f->def_value && is_literal(f->def) && v->kind != V_ERROR && c->diags.list.len == had &&
		    c->quiet_errors == qe)
			f->def_value = v;
		default_help(c, f, here, had, is_label);
		if (v->kind != V_ERROR && v->kind != V_DEFERRED && v->kind != V_TEMPLATE) {
			Value *copy = ARENA_NEW(c->arena, Value);
			*copy = *v;
			copy->span = here;
			v = copy;
		}
	} else if (f->output) {
		v = value_new(c, V_DEFERRED, o->name_span);
		v->obj = o;
		v->s = f->name;
	} else if (f->type->kind == T_OPTIONAL || f->type->kind == T_AUTO || f->type->kind == T_ANY) {
		v = unset_value(c, f->type->kind == T_AUTO ? V_AUTO : V_NULL, o->name_span);
	} else {
		v = err(); /* a missing required field, reported by check.c */
	}
	/* What the field holds is written out: charged each time it is used. */
	if (v->kind != V_ERROR && !budget_spend_value(c, v, slot_node(slot) ? slot_node(slot)->span : here))
		v = err();
	c->use_span = saved;
	frame_pop(c);
	if (keep_result(c, q)) {
		slot->value = v;
		slot->state = LET_DONE;
	} else {
		slot->state = LET_NEW;
	}
	if (again)
		c->quiet--;
	return v;
}

/* ---- names ---- */

static Let *scope_var(Scope *s, const char *name)
{
	for (; s; s = s->up) {
		Let *l = map_get(&s->vars, name);
		if (l)
			return l;
	}
	return NULL;
}

static void collect_names(Compiler *c, Scope *s, Vec *out)
{
	for (Scope *p = s; p; p = p->up)
		for (size_t i = 0; i < p->vars.len; i++)
			vec_push(out, (void *)p->vars.keys[i]);
	if (s && s->mod) {
		for (size_t i = 0; i < s->mod->lets.len; i++)
			vec_push(out, (void *)s->mod->lets.keys[i]);
		for (size_t i = 0; i < s->mod->params.len; i++)
			vec_push(out, (void *)s->mod->params.keys[i]);
	}
	if (s && s->self)
		for (uint32_t i = 0; i < s->self->kind->nfields; i++)
			vec_push(out, (void *)s->self->kind->fields[i]->name);
	for (size_t i = 0; i < c->kinds.len; i++)
		vec_push(out, (void *)c->kinds.keys[i]);
}

static Value *env_field(Compiler *c, const char *name, Span use)
{
	if (!c->environment) {
		/* Reported once, at the first value that needs it. */
		for (size_t i = 0; i < c->diags.list.len; i++)
			if (((Diag *)c->diags.list.items[i])->code == NAME_ENVIRONMENT) {
				if (c->quiet > 0)
					c->quiet_errors++;
				return err();
			}
		Diag *g = compiler_diag(c, NAME_ENVIRONMENT, use, "no `environment` block: this value needs the environment's `%s`",
					name);
		diag_help(&c->diags, g, "add an `environment NAME { region = \"...\"  account = \"...\" }` block");
		return err();
	}
	Field *f = kind_field(c->environment->kind, intern_cstr(&c->names, name));
	return f ? obj_eval(c, c->environment, f, use) : err();
}

/* A reference to blocks while they are being created: `for` lists, `if`
 * conditions, labels and module parameters are computed first.  path is
 * the whole reference when known, for the message. */
static void expand_ref_error(Compiler *c, Kind *k, Node *path, Span at)
{
	Buf text = {0};
	if (path && path->kind == N_PATH) {
		for (uint32_t i = 0; i < path->list.len; i++)
			buf_printf(&text, "%s%s", i ? "." : "", path->list.items[i]->name);
		at = path->span;
	} else {
		buf_puts(&text, k->name);
	}
	Diag *g = compiler_diag(c, NAME_EXPAND_REF, at, "cannot refer to `%s` here", buf_cstr(&text));
	diag_help(&c->diags, g, "labels, `for` lists and `if` conditions, and the `let`s and `param`s they use, "
				"are computed before blocks exist; compute them from plain values");
	if (path && path->kind == N_PATH && path->list.len >= 3) {
		Field *f = kind_field(k, path->list.items[2]->name);
		if (f && f->output && !f->def)
			diag_help(&c->diags, g, "`%s` is an output of %s, only known after `terraform apply`", f->name,
				  k->name);
	}
	buf_free(&text);
}

/* A bare name: a local, a let or param of the module, a field of the
 * block being defaulted, or a kind. */
static Value *lookup(Compiler *c, Scope *s, const char *name, Span at, Node *path)
{
	Let *l = scope_var(s, name);
	if (l)
		return let_value(c, l, at);
	if (s && s->mod) {
		if ((l = map_get(&s->mod->lets, name)))
			return let_value(c, l, at);
		Param *p = map_get(&s->mod->params, name);
		if (p)
			return param_value(c, p, at);
	}
	if (s && s->self) {
		Object *o = s->self;
		Field *f = kind_field(o->kind, name);
		if (f)
			return obj_eval(c, o, f, at);
		if (strcmp(name, "label") == 0)
			return o->name ? value_string(c, o->name, strlen(o->name), o->name_span)
				       : value_new(c, V_NULL, o->span);
		if (strcmp(name, "parent") == 0 && o->parent) {
			Value *v = value_new(c, V_REF, o->parent->span);
			v->obj = o->parent;
			return v;
		}
		if (strcmp(name, "account") == 0 || strcmp(name, "region") == 0 || strcmp(name, "partition") == 0)
			return env_field(c, name, c->use_span.end ? c->use_span : at);
	}
	/* Inside a block, a nested block kind names the blocks of that kind in
	 * the enclosing block: `subnets = [subnet.public]` within a network. */
	for (Scope *p = s; p && !c->expanding; p = p->up) {
		if (!p->owner)
			continue;
		Field *f = kind_field(p->owner->kind, name);
		if (f && type_is_block(f->type))
			return obj_eval(c, p->owner, f, at);
	}
	Kind *k = schema_kind(c, name);
	if (!k && provider_has_prefix(c, name))
		k = provider_kind(c, false, name);
	if (k) {
		if (c->expanding) {
			expand_ref_error(c, k, path, at);
			return err();
		}
		Value *v = value_new(c, V_KINDSET, at);
		v->kind_of = k;
		return v;
	}
	return NULL;
}

static Object *select_label(Value *list, const char *label)
{
	for (uint32_t i = 0; i < list->n; i++) {
		Value *e = list->items[i];
		if (e->kind == V_REF && e->obj->name && strcmp(e->obj->name, label) == 0)
			return e->obj;
	}
	return NULL;
}

static Value *ref_value(Compiler *c, Object *o, Span at)
{
	Value *v = value_new(c, V_REF, at);
	v->obj = o;
	return v;
}

/* Whether a block with this label was written but could not be created;
 * its error has been reported (see remember_failed in expand.c). */
static bool failed_block(Compiler *c, const char *label)
{
	return map_get(&c->failed_labels, label) != NULL;
}

static Value *kindset_get(Compiler *c, Kind *k, const char *label, Span at)
{
	if (c->expanding) {
		Diag *g = compiler_diag(c, NAME_EXPAND_REF, at, "cannot refer to %s `%s` here", k->name, label);
		diag_help(&c->diags, g, "labels, `for` lists and `if` conditions, and the `let`s and `param`s they use, "
					"are computed before blocks exist; compute them from plain values");
		return err();
	}
	Object *o = obj_lookup(c, k, label);
	if (o)
		return ref_value(c, o, at);
	if (failed_block(c, label))
		return err();
	Diag *g = compiler_diag(c, NAME_UNKNOWN_BLOCK, at, "no %s named `%s`", k->name, label);
	Map *m = map_get(&c->tops, k->name);
	if (m && m->len)
		suggest_name(c, g, label, (const char **)m->keys, m->len);
	else if (!k->nested)
		diag_help(&c->diags, g, "no %s block is declared in this compilation", k->name);
	if (k->nested)
		diag_help(&c->diags, g, "a %s is nested in another block; refer to it through its parent", k->name);
	return err();
}

/* Outputs a block does not have when it adopts existing things: infrac
 * makes no route table for a tier of existing subnets, so it cannot name
 * one. */
static const struct {
	const char *kind, *output, *field, *why, *help;
} unmade_outputs[] = {
	{"subnet", "route_table_ids", "existing", "its subnets are adopted, and infrac makes no route table for them",
	 "read them with a data source, such as `data aws_route_table NAME { subnet_id = ... }`"},
};

static bool output_made(Compiler *c, Object *o, Field *f, Span at)
{
	for (size_t i = 0; i < COUNT_OF(unmade_outputs); i++) {
		if (strcmp(o->kind->name, unmade_outputs[i].kind) != 0 || strcmp(f->name, unmade_outputs[i].output) != 0)
			continue;
		Field *by = kind_field(o->kind, intern_cstr(&c->names, unmade_outputs[i].field));
		Value *v = by ? obj_eval(c, o, by, at) : NULL;
		if (!v || v->kind == V_NULL || v->kind == V_ERROR)
			continue;
		Diag *g = compiler_diag(c, NAME_UNKNOWN_FIELD, at, "`%s` has no `%s`: %s", o->path, f->name, unmade_outputs[i].why);
		diag_note(&c->diags, g, obj_attr_span(o, unmade_outputs[i].field), "set here");
		diag_help(&c->diags, g, "%s", unmade_outputs[i].help);
		return false;
	}
	return true;
}

/* ---- references into Terraform resources ---- */

/* The value of path inside a typed resource or data source: known only
 * after apply, written as the Terraform expression that reads it. */
static Value *deferred_at(Compiler *c, Object *o, const char *path, Span at)
{
	Value *v = value_new(c, V_DEFERRED, at);
	v->obj = o;
	v->s = path;
	return v;
}

/* The members a `.` may reach after a value of type t, for suggestions. */
static void member_names(Compiler *c, const Kind *k, const char ***names, size_t *n)
{
	*names = ARENA_ARRAY(c->arena, const char *, k->nfields ? k->nfields : 1);
	*n = 0;
	for (uint32_t i = 0; i < k->nfields; i++)
		if (!(k->fields[i]->flags & FIELD_META))
			(*names)[(*n)++] = k->fields[i]->name;
}

/* v.name where v is a value inside a typed resource: a nested block's
 * attribute, an object's, or a map's entry. */
static Value *deferred_member(Compiler *c, Value *v, const char *name, Span at)
{
	const Type *t = type_strip((Type *)provider_path_type(c, v->obj->kind, v->s));
	if (t && (t->kind == T_BLOCKS || t->kind == T_LIST)) {
		Diag *g = compiler_diag(c, TYPE_INDEX, at, "`%s.%s` is a list; `%s` is inside one of its elements", v->obj->path,
					v->s, name);
		diag_help(&c->diags, g, "write `%s.%s[0].%s`%s", v->obj->path, v->s, name,
			  t->kind == T_BLOCKS && t->has_range && t->max == 1 ? "" : " for the first element");
		return err();
	}
	if (t && t->kind == T_MAP && !t->kinds)
		return deferred_at(c, v->obj, arena_printf(c->arena, "%s[\"%s\"]", v->s, name), at);
	const Kind *k = t ? provider_members(c, t) : NULL;
	if (!k) {
		compiler_diag(c, TYPE_MISMATCH, at, "`%s.%s` is %s; it has no member `%s`", v->obj->path, v->s,
			      t ? type_describe_a(c, t) : "a value", name);
		return err();
	}
	for (uint32_t i = 0; i < k->nfields; i++)
		if (k->fields[i]->name == name)
			return deferred_at(c, v->obj, intern_cstr(&c->names, arena_printf(c->arena, "%s.%s", v->s, name)),
					   at);
	Diag *g = compiler_diag(c, NAME_UNKNOWN_FIELD, at, "`%s.%s` has no attribute `%s`", v->obj->path, v->s, name);
	const char **names;
	size_t n;
	member_names(c, k, &names, &n);
	suggest_name(c, g, name, names, n);
	return err();
}

/* v[i] where v is a list or map inside a typed resource. */
static Value *deferred_index(Compiler *c, Scope *s, Value *v, Node *n)
{
	const Type *t = type_strip((Type *)provider_path_type(c, v->obj->kind, v->s));
	if (t && t->kind == T_MAP && !t->kinds) {
		Value *k = eval(c, s, n->b, &type_string);
		if (k->kind != V_STRING)
			return k->kind == V_ERROR ? k : (compiler_diag(c, TYPE_INDEX, n->b->span, "a key is a string"), err());
		Buf b = {0};
		buf_printf(&b, "%s[", v->s);
		hcl_string(&b, k->s, k->len);
		buf_putc(&b, ']');
		Value *r = deferred_at(c, v->obj, intern(&c->names, b.data, b.len), n->span);
		buf_free(&b);
		return r;
	}
	if (!t || (t->kind != T_BLOCKS && t->kind != T_LIST)) {
		compiler_diag(c, TYPE_INDEX, n->span, "`%s.%s` is %s; only a list or a map can be indexed", v->obj->path, v->s,
			      t ? type_describe_a(c, t) : "a value");
		return err();
	}
	Value *i = eval(c, s, n->b, &type_int);
	if (i->kind != V_INT)
		return i->kind == V_ERROR ? i : (compiler_diag(c, TYPE_INDEX, n->b->span, "a list index is an integer"), err());
	if (i->i < 0 || (t->kind == T_BLOCKS && t->has_range && t->max > 0 && i->i >= t->max)) {
		compiler_diag(c, TYPE_INDEX, n->b->span, "index %lld is outside `%s.%s`, which holds at most %lld", (long long)i->i,
			      v->obj->path, v->s, (long long)t->max);
		return err();
	}
	return deferred_at(c, v->obj, intern_cstr(&c->names, arena_printf(c->arena, "%s[%lld]", v->s, (long long)i->i)),
			   n->span);
}

/* v.name: a map entry, a field or output of a block, a nested block. */
static Value *member(Compiler *c, Value *v, const char *name, Span at)
{
	/* Finding the entry scans the list or map. */
	if ((v->kind == V_MAP || v->kind == V_LIST) && !budget_spend(c, v->n / STEP_ITEMS, at))
		return err();
	switch (v->kind) {
	case V_ERROR:
		return v;
	case V_MAP: {
		Value *e = value_map_get(v, name);
		if (e)
			return e;
		Diag *g = compiler_diag(c, TYPE_INDEX, at, "map has no key `%s`", name);
		suggest_name(c, g, name, v->keys, v->n);
		return err();
	}
	case V_KINDSET:
		return kindset_get(c, v->kind_of, name, at);
	case V_REF: {
		Object *o = v->obj;
		Field *f = kind_field(o->kind, name);
		if (f && o->kind->tf_type && !(f->flags & FIELD_META))
			return deferred_at(c, o, name, at);
		if (f && f->output && !output_made(c, o, f, at))
			return err();
		if (f)
			return obj_eval(c, o, f, at);
		Diag *g = o->kind->provider ? compiler_diag(c, NAME_UNKNOWN_FIELD, at, "`%s` has no attribute `%s`", o->path, name)
					    : compiler_diag(c, NAME_UNKNOWN_FIELD, at, "`%s` has no field or output `%s`", o->path, name);
		const char **names = ARENA_ARRAY(c->arena, const char *, o->kind->nfields);
		for (uint32_t i = 0; i < o->kind->nfields; i++)
			names[i] = o->kind->fields[i]->name;
		suggest_name(c, g, name, names, o->kind->nfields);
		return err();
	}
	case V_LIST: {
		Object *o = select_label(v, name);
		if (o)
			return ref_value(c, o, at);
		bool blocks = (v->obj && v->s) || (v->n > 0 && v->items[0]->kind == V_REF);
		if (blocks && failed_block(c, name))
			return err();
		if (blocks) {
			Object *first = v->n ? v->items[0]->obj : NULL;
			Diag *g = v->obj && v->s ? compiler_diag(c, NAME_UNKNOWN_BLOCK, at, "no %s named `%s` in `%s`", v->s, name,
								 v->obj->path)
				: first->parent ? compiler_diag(c, NAME_UNKNOWN_BLOCK, at, "no %s named `%s` in `%s`", first->word, name,
							first->parent->path)
						: compiler_diag(c, NAME_UNKNOWN_BLOCK, at, "no %s named `%s` in this list", first->word,
							name);
			if (v->n == 0 && v->obj && v->s)
				diag_help(&c->diags, g, "`%s` has no %s blocks", v->obj->path, v->s);
			const char **names = ARENA_ARRAY(c->arena, const char *, v->n);
			for (uint32_t i = 0; i < v->n; i++)
				names[i] = v->items[i]->kind == V_REF ? v->items[i]->obj->name : NULL;
			suggest_name(c, g, name, names, v->n);
			return err();
		}
		break;
	}
	case V_DEFERRED:
		if (v->obj->kind->tf_type)
			return deferred_member(c, v, name, at);
		break;
	default:
		break;
	}
	compiler_diag(c, TYPE_MISMATCH, at, "%s has no member `%s`", value_describe_a(c, v), name);
	return err();
}

/* The enum a value of type t may be, if any. */
static const Type *enum_in(const Type *t)
{
	while (t && (t->kind == T_OPTIONAL || t->kind == T_AUTO))
		t = t->elem;
	if (!t)
		return NULL;
	if (t->kind == T_ENUM)
		return t;
	if (t->kind == T_ONE_OF)
		for (uint32_t i = 0; i < t->nalts; i++) {
			const Type *e = enum_in(t->alts[i]);
			if (e)
				return e;
		}
	return NULL;
}

/* Every data source of Terraform type `type`, as `data.TYPE` names them. */
static Value *data_kindset(Compiler *c, const char *type, Span at)
{
	Kind *k = provider_kind(c, true, type);
	if (!k) {
		if (c->io_error)
			return err();
		Diag *g = compiler_diag(c, NAME_UNKNOWN_KIND, at, "unknown Terraform data source `%s`", type);
		const char **names;
		size_t n = provider_type_names(c, true, type, &names);
		suggest_name(c, g, type, names, n);
		return err();
	}
	if (c->expanding) {
		compiler_diag(c, NAME_EXPAND_REF, at, "cannot refer to data source `%s` here", type);
		return err();
	}
	Value *v = value_new(c, V_KINDSET, at);
	v->kind_of = k;
	return v;
}

static Value *eval_path(Compiler *c, Scope *s, Node *n, const Type *want)
{
	NodeList *segs = &n->list;
	const char *first = segs->items[0]->name;
	if (segs->len == 1 && type_has_member(want, first)) {
		Value *v = value_symbol(c, first, n->span);
		v->type = want;
		return v;
	}
	/* `cache.t4g.medium` is a node type even though `cache` is a kind,
	 * when no cache block of that name exists. */
	bool symbol_first = false;
	if (type_takes_symbol(want) && segs->len > 1 && !c->expanding) {
		Kind *k = schema_kind(c, first);
		symbol_first = k && !obj_lookup(c, k, segs->items[1]->name) && !scope_var(s, first) &&
			       !(s && s->mod && (map_get(&s->mod->lets, first) || map_get(&s->mod->params, first)));
	}
	uint32_t next = 1;
	Value *v = symbol_first ? NULL : lookup(c, s, first, segs->items[0]->span, n);
	if (!v && strcmp(first, "data") == 0 && segs->len > 1) {
		/* data.aws_vpc.shared: a data source, spelt as Terraform spells it. */
		v = data_kindset(c, segs->items[1]->name, segs->items[1]->span);
		next = 2;
	} else if (!v && strcmp(first, "var") == 0 && segs->len == 2 && !c->expanding) {
		/* var.NAME: the value of `variable NAME`, known when Terraform runs. */
		Kind *k = schema_kind(c, intern_cstr(&c->names, "variable"));
		Value *blk = k ? kindset_get(c, k, segs->items[1]->name, span_join(segs->items[0]->span, segs->items[1]->span))
			       : err();
		if (blk->kind != V_REF)
			return blk;
		v = member(c, blk, intern_cstr(&c->names, "value"), n->span);
		if (v->kind == V_DEFERRED) {
			/* It points where it is used, as every reference does. */
			Value *copy = ARENA_NEW(c->arena, Value);
			*copy = *v;
			copy->span = n->span;
			v = copy;
		}
		return v;
	}
	/* In data without a declared type (a `let` map, a map(any) param), a
	 * known enum member or a dotted name that is not a reference stands
	 * for itself; it is checked where the data is used. */
	bool untyped = !want || want->kind == T_ANY;
	bool as_symbol = !v && (type_takes_symbol(want) ||
				(untyped && (segs->len > 1 ? !schema_kind(c, first) : map_get(&c->enum_words, first) != NULL)));
	if (!v) {
		if (as_symbol) {
			Buf b = {0};
			for (uint32_t i = 0; i < segs->len; i++)
				buf_printf(&b, "%s%s", i ? "." : "", segs->items[i]->name);
			Value *sym = value_symbol(c, intern(&c->names, b.data, b.len), n->span);
			buf_free(&b);
			return sym;
		}
		const Type *en = segs->len == 1 ? enum_in(want) : NULL;
		if (en) {
			/* Most likely a misspelt member of the enum the field takes. */
			Diag *g = compiler_diag(c, TYPE_ENUM, n->span, "`%s` is not %s", first, type_describe_a(c, en));
			size_t had = g ? g->helps.len : 0;
			suggest_name(c, g, first, en->members, en->nmembers);
			if (g && g->helps.len == had) {
				Vec names = {0};
				collect_names(c, s, &names);
				suggest_name(c, g, first, (const char **)names.items, names.len);
				vec_free(&names);
			}
			return err();
		}
		Diag *g = compiler_diag(c, NAME_UNKNOWN, segs->items[0]->span, "unknown name `%s`", first);
		Vec names = {0};
		collect_names(c, s, &names);
		suggest_name(c, g, first, (const char **)names.items, names.len);
		vec_free(&names);
		if (want && (type_strip((Type *)want)->kind == T_STRING || type_strip((Type *)want)->kind == T_EXISTING))
			diag_help(&c->diags, g, "a string is written in quotes: \"%s\"", first);
		else if (want && type_strip((Type *)want)->kind == T_ENUM)
			diag_help(&c->diags, g, "expected %s", type_describe_a(c, want));
		return err();
	}
	for (uint32_t i = next; i < segs->len && v->kind != V_ERROR; i++)
		v = member(c, v, segs->items[i]->name, span_join(segs->items[0]->span, segs->items[i]->span));
	if (v->kind == V_ERROR || segs->len == 1)
		return v;
	/* The value keeps its own origin, unless it is a block reference or
	 * an output written right here. */
	if (v->kind == V_REF || v->kind == V_DEFERRED) {
		Value *copy = ARENA_NEW(c->arena, Value);
		*copy = *v;
		copy->span = n->span;
		return copy;
	}
	return v;
}

/* ---- literals ---- */

static const struct {
	const char *unit;
	Dim dim;
	int64_t mul; /* smallest units per one of this unit */
} units[] = {
	{"m", DIM_CPU, 1},
	{"Ki", DIM_MEMORY, 1LL << 10}, {"Mi", DIM_MEMORY, 1LL << 20}, {"Gi", DIM_MEMORY, 1LL << 30},
	{"Ti", DIM_MEMORY, 1LL << 40}, {"Pi", DIM_MEMORY, 1LL << 50},
	{"k", DIM_MEMORY, 1000LL}, {"M", DIM_MEMORY, 1000000LL}, {"G", DIM_MEMORY, 1000000000LL},
	{"T", DIM_MEMORY, 1000000000000LL}, {"P", DIM_MEMORY, 1000000000000000LL},
	{"B", DIM_STORAGE, 1}, {"KB", DIM_STORAGE, 1000LL}, {"MB", DIM_STORAGE, 1000000LL},
	{"GB", DIM_STORAGE, 1000000000LL}, {"TB", DIM_STORAGE, 1000000000000LL},
	{"PB", DIM_STORAGE, 1000000000000000LL},
	{"KiB", DIM_STORAGE, 1LL << 10}, {"MiB", DIM_STORAGE, 1LL << 20}, {"GiB", DIM_STORAGE, 1LL << 30},
	{"TiB", DIM_STORAGE, 1LL << 40}, {"PiB", DIM_STORAGE, 1LL << 50},
	{"s", DIM_DURATION, 1}, {"min", DIM_DURATION, 60}, {"h", DIM_DURATION, 3600},
	{"d", DIM_DURATION, 86400},
	{"%", DIM_PERCENT, 100},
};

static int64_t pow10i(int n)
{
	int64_t p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

static bool want_dim(const Type *t, TypeKind k)
{
	if (!t)
		return false;
	switch (t->kind) {
	case T_OPTIONAL:
	case T_AUTO:
		return want_dim(t->elem, k);
	case T_ONE_OF:
		for (uint32_t i = 0; i < t->nalts; i++)
			if (want_dim(t->alts[i], k))
				return true;
		return false;
	default:
		return t->kind == k;
	}
}

static Value *eval_number(Compiler *c, Node *n, const Type *want)
{
	if (n->scale > 18) {
		compiler_diag(c, SYN_BAD_NUMBER, n->span, "number `%.*s` has too many decimals", (int)n->str_len, n->str);
		return err();
	}
	const char *unit = n->unit;
	Dim dim = 0;
	int64_t mul = 1;
	if (!*unit) {
		if (want_dim(want, T_CPU) && !want_dim(want, T_INT)) {
			dim = DIM_CPU;
			mul = 1000;
		} else if (n->scale == 0) {
			return value_int(c, n->num, n->span);
		} else {
			Diag *g = compiler_diag(c, TYPE_MISMATCH, n->span, "a fraction `%.*s` needs a unit", (int)n->str_len,
						n->str);
			diag_help(&c->diags, g, "only cpu takes a plain fraction (cores); write `%.*s%%` or a unit "
						"such as `Gi`", (int)n->str_len, n->str);
			return err();
		}
	} else {
		size_t i = 0;
		for (; i < COUNT_OF(units); i++)
			if (strcmp(units[i].unit, unit) == 0)
				break;
		if (i == COUNT_OF(units)) {
			bool size = strstr(unit, "large") || strstr(unit, "medium") || strstr(unit, "small") ||
				    strstr(unit, "micro") || strstr(unit, "nano") || strstr(unit, "metal");
			if (size) {
				/* `2xlarge` alone: an instance size without its family. */
				Diag *g = compiler_diag(c, TYPE_UNKNOWN_UNIT, n->span, "unknown unit `%s` in `%.*s`", unit,
							(int)n->str_len, n->str);
				diag_help(&c->diags, g, "an instance type starts with its family, as in `m7g.%.*s`",
					  (int)n->str_len, n->str);
				return err();
			}
			Span us = n->span;
			us.start = n->span.end - (uint32_t)strlen(unit);
			Diag *g = compiler_diag(c, TYPE_UNKNOWN_UNIT, us, "unknown unit `%s`", unit);
			const char *names[COUNT_OF(units)];
			for (size_t j = 0; j < COUNT_OF(units); j++)
				names[j] = units[j].unit;
			size_t had = g ? g->helps.len : 0;
			static const char *const words[][2] = {
				{"sec", "s"}, {"secs", "s"}, {"second", "s"}, {"seconds", "s"}, {"minute", "min"},
				{"minutes", "min"}, {"mins", "min"}, {"hr", "h"}, {"hrs", "h"}, {"hour", "h"},
				{"hours", "h"}, {"day", "d"}, {"days", "d"},
			};
			for (size_t j = 0; j < COUNT_OF(words); j++)
				if (strcmp(unit, words[j][0]) == 0) {
					diag_help(&c->diags, g, "write `%.*s%s`", (int)(n->str_len - strlen(unit)), n->str,
						  words[j][1]);
					break;
				}
			bool weeks = strcmp(unit, "w") == 0 || strcmp(unit, "week") == 0 || strcmp(unit, "weeks") == 0;
			if (weeks && n->scale == 0 && n->num <= INT64_MAX / 7)
				diag_help(&c->diags, g, "there is no unit for weeks; write `%lldd`", (long long)n->num * 7);
			/* One letter is one edit from every other: no guessing there. */
			if (g && g->helps.len == had && strlen(unit) > 1)
				suggest_name(c, g, unit, names, COUNT_OF(units));
			if (g && g->helps.len == had)
				diag_help(&c->diags, g, "units are `m` (cpu), `Ki` `Mi` `Gi` `Ti` `k` `M` `G` `T` (memory), "
							"`KiB` `MiB` `GiB` `TiB` `KB` `MB` `GB` `TB` (storage), `s` `min` `h` `d` "
							"(duration) and `%%`");
			return err();
		}
		dim = units[i].dim;
		mul = units[i].mul;
	}
	int64_t v;
	if (__builtin_mul_overflow(n->num, mul, &v)) {
		compiler_diag(c, TYPE_ARITH, n->span, "`%.*s` is too large", (int)n->str_len, n->str);
		return err();
	}
	int64_t div = pow10i(n->scale);
	if (v % div != 0) {
		if (dim == DIM_PERCENT) {
			Diag *g = compiler_diag(c, TYPE_NOT_WHOLE, n->span, "`%.*s` has more than two decimals", (int)n->str_len,
						n->str);
			diag_help(&c->diags, g, "a percentage has at most two decimals, as in `12.5%%`");
			return err();
		}
		const char *what = dim == DIM_CPU ? "millicores" : dim == DIM_DURATION ? "seconds" : "bytes";
		Diag *g = compiler_diag(c, TYPE_NOT_WHOLE, n->span, "`%.*s` is not a whole number of %s", (int)n->str_len,
					n->str, what);
		/* The exact value in the smallest unit, such as 102.4 bytes. */
		Buf exact = {0};
		buf_printf(&exact, "%lld.%0*lld", (long long)(v / div), n->scale, (long long)(v % div));
		while (exact.data[exact.len - 1] == '0')
			exact.len--;
		if (dim == DIM_CPU)
			diag_help(&c->diags, g, "it is %.*s millicores; the smallest cpu quantity is `1m`", (int)exact.len,
				  exact.data);
		else
			diag_help(&c->diags, g, "it is %.*s %s; %s is counted in whole %s", (int)exact.len, exact.data, what,
				  dim == DIM_DURATION ? "time" : dim_name(dim), what);
		buf_free(&exact);
		return err();
	}
	return value_qty(c, dim, v / div, n->span);
}

static Value *eval_cidr(Compiler *c, Node *n)
{
	Value *v = value_new(c, V_CIDR, n->span);
	v->i = n->num;
	v->prefix = n->scale;
	uint32_t mask = n->scale == 0 ? 0 : 0xFFFFFFFFu << (32 - n->scale);
	if ((uint32_t)n->num & ~mask) {
		Diag *g = compiler_diag(c, NET_HOST_BITS, n->span, "CIDR block `%.*s` has host bits set", (int)n->str_len,
					n->str);
		uint32_t a = (uint32_t)n->num & mask;
		diag_help(&c->diags, g, "the network address is `%u.%u.%u.%u/%d`", a >> 24, (a >> 16) & 255,
			  (a >> 8) & 255, a & 255, n->scale);
		return err();
	}
	return v;
}

/* The type of a value known after apply: from the provider schema for a
 * Terraform resource, from the output's declaration for a stdlib block. */
static const Type *deferred_type(Compiler *c, const Value *v)
{
	return provider_path_type(c, v->obj->kind, v->s);
}

/* A value known after apply as the user wrote it: `var.NAME` for a
 * variable's value, else the block's path and the output. */
static const char *deferred_name(Compiler *c, const Value *v)
{
	if (strcmp(v->obj->kind->name, "variable") == 0 && strcmp(v->s, "value") == 0 && v->obj->name)
		return arena_printf(c->arena, "var.%s", v->obj->name);
	return arena_printf(c->arena, "%s.%s", v->obj->path, v->s);
}

/* Whether a deferred value is one string, number or bool (or unknown),
 * which interpolation can hold. */
static bool deferred_scalar(Compiler *c, const Value *v)
{
	const Type *t = type_strip((Type *)deferred_type(c, v));
	return !t || t->kind == T_STRING || t->kind == T_INT || t->kind == T_BOOL || t->kind == T_ANY;
}

static Value *eval_template(Compiler *c, Scope *s, Node *n)
{
	Buf text = {0};
	Vec parts = {0};
	bool bad = false;
	uint64_t flushed = 0; /* bytes of text already in parts */
	for (uint32_t i = 0; i < n->list.len; i++) {
		Node *p = n->list.items[i];
		Value *v = p->kind == N_STRING ? NULL : eval(c, s, p, NULL);
		if (!v) {
			buf_put(&text, p->str, p->str_len);
		} else if (v->kind == V_ERROR) {
			bad = true;
		} else if (v->kind == V_DEFERRED && !deferred_scalar(c, v)) {
			Diag *g = compiler_diag(c, TYPE_DEFERRED, p->span, "cannot interpolate `%s.%s`, %s known after `terraform apply`",
						v->obj->path, v->s, type_describe_a(c, deferred_type(c, v)));
			diag_help(&c->diags, g, "interpolate one element, as in `%s.%s[0]`", v->obj->path, v->s);
			bad = true;
		} else if (v->kind == V_DEFERRED || v->kind == V_TEMPLATE) {
			vec_push(&parts, value_string(c, text.data ? text.data : "", text.len, n->span));
			flushed += text.len;
			text.len = 0;
			if (v->kind == V_DEFERRED)
				vec_push(&parts, v);
			else
				for (uint32_t j = 0; j < v->n; j++) {
					vec_push(&parts, v->items[j]);
					flushed += v->items[j]->kind == V_STRING ? v->items[j]->len : 0;
				}
		} else if (!value_to_text(v, &text)) {
			Diag *g = compiler_diag(c, TYPE_MISMATCH, p->span, "cannot interpolate %s", value_describe_a(c, v));
			if (v->kind == V_REF)
				diag_help(&c->diags, g, "interpolate one of its fields, such as `%s.name` or `%s.arn`",
					  v->obj->path, v->obj->path);
			else if (v->kind == V_LIST)
				diag_help(&c->diags, g, "join the elements with `join(\",\", list)`");
			bad = true;
		}
		if (!string_fits(c, flushed + text.len, n->span)) {
			bad = true;
			break;
		}
	}
	bad = bad || !budget_spend(c, (flushed + text.len) / STEP_BYTES, n->span);
	Value *out;
	if (bad) {
		out = err();
	} else if (parts.len == 0) {
		out = value_string(c, text.data ? text.data : "", text.len, n->span);
	} else {
		if (text.len)
			vec_push(&parts, value_string(c, text.data, text.len, n->span));
		out = value_new(c, V_TEMPLATE, n->span);
		out->n = (uint32_t)parts.len;
		out->items = ARENA_ARRAY(c->arena, Value *, out->n);
		memcpy(out->items, parts.items, parts.len * sizeof(Value *));
	}
	buf_free(&text);
	vec_free(&parts);
	return out;
}

static const Type *elem_type(const Type *want, TypeKind k)
{
	while (want && (want->kind == T_OPTIONAL || want->kind == T_AUTO))
		want = want->elem;
	if (want && want->kind == k)
		return want->elem;
	if (want && want->kind == T_ONE_OF)
		for (uint32_t i = 0; i < want->nalts; i++)
			if (want->alts[i]->kind == k)
				return want->alts[i]->elem;
	return NULL;
}

static Value *eval_list(Compiler *c, Scope *s, Node *n, const Type *want)
{
	const Type *et = elem_type(want, T_LIST);
	Value *v = value_new(c, V_LIST, n->span);
	v->n = n->list.len;
	v->items = ARENA_ARRAY(c->arena, Value *, v->n);
	bool bad = false;
	for (uint32_t i = 0; i < v->n; i++) {
		v->items[i] = eval(c, s, n->list.items[i], et);
		bad |= v->items[i]->kind == V_ERROR;
	}
	return bad ? err() : v;
}

static const char *map_key(Compiler *c, Scope *s, Node *k)
{
	if (k->kind == N_NAME)
		return k->name;
	Value *kv = eval(c, s, k, &type_string);
	if (kv->kind != V_STRING)
		return NULL;
	return budget_intern(c, kv, k->span);
}

/* The map type among what is wanted, for its key rule. */
static const Type *map_type(const Type *want)
{
	while (want && (want->kind == T_OPTIONAL || want->kind == T_AUTO))
		want = want->elem;
	if (want && want->kind == T_MAP)
		return want;
	if (want && want->kind == T_ONE_OF)
		for (uint32_t i = 0; i < want->nalts; i++)
			if (want->alts[i]->kind == T_MAP)
				return want->alts[i];
	return NULL;
}

static void name_rule_error(Compiler *c, const char *what, const char *s, uint32_t len, const Type *t, Span at,
			    const char *why);

/* A map key that breaks the rule of the map's keys. */
static bool key_ok(Compiler *c, const Type *mt, const char *key, Span at)
{
	const char *why;
	if (!mt || !mt->rule || name_rule_check(mt->rule, key, &why))
		return true;
	Type kt = {.kind = T_NAME, .rule = mt->rule};
	name_rule_error(c, "key ", key, (uint32_t)strlen(key), &kt, at, why);
	return false;
}

static Value *eval_map(Compiler *c, Scope *s, Node *n, const Type *want)
{
	const Type *et = elem_type(want, T_MAP);
	const Type *mt = map_type(want);
	Value *v = value_new(c, V_MAP, n->span);
	v->items = ARENA_ARRAY(c->arena, Value *, n->list.len);
	v->keys = ARENA_ARRAY(c->arena, const char *, n->list.len);
	bool bad = false;
	for (uint32_t i = 0; i < n->list.len; i++) {
		Node *e = n->list.items[i];
		const char *key = map_key(c, s, e->a);
		if (!key) {
			bad = true;
			continue;
		}
		bool dup = false;
		for (uint32_t j = 0; j < v->n; j++)
			if (v->keys[j] == key) {
				Diag *g = compiler_diag(c, NAME_DUPLICATE_ATTR, e->a->span, "key `%s` appears twice in this map", key);
				diag_note(&c->diags, g, n->list.items[j]->a->span, "first set here");
				dup = bad = true;
			}
		if (dup)
			continue;
		if (!key_ok(c, mt, key, e->a->span))
			bad = true;
		v->keys[v->n] = key;
		v->items[v->n] = eval(c, s, e->b, et);
		bad |= v->items[v->n]->kind == V_ERROR;
		v->n++;
	}
	return bad ? err() : v;
}

/* ---- operators ---- */

static bool known(Compiler *c, Value *v)
{
	if (v->kind == V_DEFERRED || v->kind == V_TEMPLATE) {
		Diag *g = v->kind == V_DEFERRED
				  ? compiler_diag(c, TYPE_DEFERRED, v->span,
						  "`%s` is only known after `terraform apply`; it cannot be used in a comparison "
						  "or arithmetic", deferred_name(c, v))
				  : compiler_diag(c, TYPE_DEFERRED, v->span,
						  "this string is only known after `terraform apply`; it cannot be used in a "
						  "comparison or arithmetic");
		diag_help(&c->diags, g, "only values written in the specification are known when infrac runs");
		return false;
	}
	return v->kind != V_ERROR;
}

static bool want_bool(Compiler *c, Value *v)
{
	if (v->kind == V_ERROR)
		return false;
	if (v->kind != V_BOOL) {
		compiler_diag(c, TYPE_MISMATCH, v->span, "expected `true` or `false`, found %s", value_describe_a(c, v));
		return false;
	}
	return true;
}

/* A whole number of cores as cpu, in millicores: `2` is `2000m`; an
 * overflow is reported at use, where the number becomes cpu. */
static Value *cores(Compiler *c, Value *v, Span use)
{
	int64_t m;
	if (__builtin_mul_overflow(v->i, 1000, &m)) {
		Diag *g = compiler_diag(c, TYPE_ARITH, use, "arithmetic overflow: %lld cores do not fit in 64 bits as millicores",
					(long long)v->i);
		if (v->span.file != use.file || v->span.start != use.start || v->span.end != use.end)
			diag_note(&c->diags, g, v->span, "the number is written here");
		diag_help(&c->diags, g, "cpu ranges up to 9223372036854775807m, about 9.2 quadrillion cores");
		return err();
	}
	return value_qty(c, DIM_CPU, m, v->span);
}

/* Where cpu meets a plain number in n, the number counts cores; false
 * when that does not fit (reported). */
static bool promote_cores(Compiler *c, Node *n, Value **a, Value **b)
{
	if ((*a)->kind == V_INT && (*b)->kind == V_QTY && (*b)->dim == DIM_CPU)
		*a = cores(c, *a, n->span);
	else if ((*b)->kind == V_INT && (*a)->kind == V_QTY && (*a)->dim == DIM_CPU)
		*b = cores(c, *b, n->span);
	return (*a)->kind != V_ERROR && (*b)->kind != V_ERROR;
}

static Value *operands_error(Compiler *c, Node *n, Value *a, Value *b)
{
	Diag *g = compiler_diag(c, TYPE_OPERANDS, n->span, "cannot apply `%s` to %s and %s", op_name(n->op),
				value_describe_a(c, a), value_describe_a(c, b));
	if (n->op == OP_ADD && (a->kind == V_STRING || b->kind == V_STRING))
		diag_help(&c->diags, g, "join strings by interpolation: \"${a}${b}\"");
	else if (a->kind == V_QTY && b->kind == V_QTY && a->dim != b->dim)
		diag_help(&c->diags, g, "both sides need the same dimension");
	return err();
}

static Value *arith_overflow(Compiler *c, Node *n)
{
	Diag *g = compiler_diag(c, TYPE_ARITH, n->span, "arithmetic overflow: the result of `%s` does not fit in 64 bits",
				op_name(n->op));
	diag_help(&c->diags, g, "values range from -9223372036854775808 to 9223372036854775807, in the smallest "
				"unit of their type");
	return err();
}

static const Type *value_type_hint(Value *v)
{
	if (v->kind == V_SYMBOL && v->type)
		return v->type;
	return NULL;
}

static Value *eval_equality(Compiler *c, Scope *s, Node *n)
{
	/* A bare enum member on the left takes its type from the right. */
	c->quiet++;
	uint32_t q = c->quiet_errors;
	Value *a = eval(c, s, n->a, NULL);
	bool failed = c->quiet_errors != q;
	c->quiet--;
	Value *b;
	if (failed) {
		b = eval(c, s, n->b, NULL);
		a = eval(c, s, n->a, value_type_hint(b));
	} else {
		b = eval(c, s, n->b, value_type_hint(a));
	}
	if (!known(c, a) || !known(c, b))
		return err();
	if (!promote_cores(c, n, &a, &b))
		return err();
	bool comparable = a->kind == b->kind && (a->kind != V_QTY || a->dim == b->dim);
	if (a->kind == V_NULL || b->kind == V_NULL)
		comparable = true;
	if (!comparable)
		return operands_error(c, n, a, b);
	uint64_t ca = value_cost(a), cb = value_cost(b);
	if (!budget_spend(c, ca < cb ? ca : cb, n->span))
		return err();
	bool eq = value_equal(a, b);
	return value_bool(c, n->op == OP_EQ ? eq : !eq, n->span);
}

static Value *eval_binary(Compiler *c, Scope *s, Node *n, const Type *want)
{
	if (n->op == OP_EQ || n->op == OP_NE)
		return eval_equality(c, s, n);
	if (n->op == OP_AND || n->op == OP_OR) {
		Value *a = eval(c, s, n->a, &type_bool);
		Value *b = eval(c, s, n->b, &type_bool);
		if (!want_bool(c, a) || !want_bool(c, b))
			return err();
		return value_bool(c, n->op == OP_AND ? a->i && b->i : a->i || b->i, n->span);
	}
	/* Numbers take the expected dimension: `cpu = 2 * 500m`. */
	const Type *hint = want && (want_dim(want, T_CPU)) ? want : NULL;
	Value *a = eval(c, s, n->a, n->op == OP_MUL ? NULL : hint);
	Value *b = eval(c, s, n->b, n->op == OP_MUL || n->op == OP_DIV || n->op == OP_MOD ? NULL : hint);
	if (!known(c, a) || !known(c, b))
		return err();
	if (n->op != OP_MUL && n->op != OP_DIV && !promote_cores(c, n, &a, &b))
		return err();
	int64_t r;
	switch (n->op) {
	case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
		bool ok = (a->kind == V_INT && b->kind == V_INT) ||
			  (a->kind == V_QTY && b->kind == V_QTY && a->dim == b->dim);
		if (!ok)
			return operands_error(c, n, a, b);
		bool res = n->op == OP_LT ? a->i < b->i : n->op == OP_LE ? a->i <= b->i
			 : n->op == OP_GT ? a->i > b->i : a->i >= b->i;
		return value_bool(c, res, n->span);
	}
	case OP_ADD: case OP_SUB: {
		bool ints = a->kind == V_INT && b->kind == V_INT;
		bool qtys = a->kind == V_QTY && b->kind == V_QTY && a->dim == b->dim;
		if (!ints && !qtys)
			return operands_error(c, n, a, b);
		if (n->op == OP_ADD ? __builtin_add_overflow(a->i, b->i, &r) : __builtin_sub_overflow(a->i, b->i, &r))
			return arith_overflow(c, n);
		return ints ? value_int(c, r, n->span) : value_qty(c, a->dim, r, n->span);
	}
	case OP_MUL: {
		if (a->kind == V_INT && b->kind == V_QTY) {
			Value *t = a;
			a = b;
			b = t;
		}
		bool ok = b->kind == V_INT && (a->kind == V_INT || a->kind == V_QTY);
		if (!ok)
			return operands_error(c, n, a, b);
		if (__builtin_mul_overflow(a->i, b->i, &r))
			return arith_overflow(c, n);
		return a->kind == V_INT ? value_int(c, r, n->span) : value_qty(c, a->dim, r, n->span);
	}
	case OP_DIV: case OP_MOD: {
		bool ok = (b->kind == V_INT && (a->kind == V_INT || a->kind == V_QTY)) ||
			  (n->op == OP_DIV && a->kind == V_QTY && b->kind == V_QTY && a->dim == b->dim);
		if (!ok)
			return operands_error(c, n, a, b);
		if (b->i == 0) {
			Diag *g = compiler_diag(c, TYPE_ARITH, n->b->span, "division by zero");
			if (b->span.file != n->b->span.file || b->span.start != n->b->span.start)
				diag_note(&c->diags, g, b->span, "the divisor is 0 here");
			return err();
		}
		if (a->i == INT64_MIN && b->i == -1)
			return arith_overflow(c, n);
		if (n->op == OP_MOD)
			return value_int(c, a->i % b->i, n->span);
		if (a->kind == V_QTY && b->kind == V_INT) {
			if (a->i % b->i != 0) {
				Buf t = {0};
				qty_format(a->dim, a->i, &t);
				Diag *g = compiler_diag(c, TYPE_ARITH, n->span, "`%s / %lld` leaves a remainder", buf_cstr(&t),
							(long long)b->i);
				Buf even = {0};
				qty_format(a->dim, a->i - a->i % b->i, &even);
				diag_help(&c->diags, g, "quantities divide exactly, down to %s; `%s / %lld` divides evenly",
					  a->dim == DIM_CPU ? "a millicore" : a->dim == DIM_DURATION ? "a second"
					  : a->dim == DIM_PERCENT ? "a hundredth of a percent" : "a byte",
					  buf_cstr(&even), (long long)b->i);
				buf_free(&even);
				buf_free(&t);
				return err();
			}
			return value_qty(c, a->dim, a->i / b->i, n->span);
		}
		return value_int(c, a->i / b->i, n->span);
	}
	}
	return operands_error(c, n, a, b);
}

static Value *eval_unary(Compiler *c, Scope *s, Node *n, const Type *want)
{
	if (n->op == OP_NOT) {
		Value *a = eval(c, s, n->a, &type_bool);
		if (!want_bool(c, a))
			return err();
		return value_bool(c, !a->i, n->span);
	}
	Value *a = eval(c, s, n->a, want);
	if (!known(c, a))
		return err();
	if ((a->kind != V_INT && a->kind != V_QTY) || a->i == INT64_MIN) {
		compiler_diag(c, TYPE_OPERANDS, n->span, "cannot negate %s", value_describe_a(c, a));
		return err();
	}
	Value *v = ARENA_NEW(c->arena, Value);
	*v = *a;
	v->i = -a->i;
	v->span = n->span;
	return v;
}

/* ---- collections: for, index, comprehension ---- */

typedef struct Iter {
	Value *coll;
	uint32_t n;
	bool is_map;
	int64_t lo; /* ranges */
	bool is_range;
} Iter;

static bool iter_begin(Compiler *c, Value *v, Iter *it, Span at)
{
	memset(it, 0, sizeof *it);
	it->coll = v;
	if (v->kind == V_LIST) {
		it->n = v->n;
		return true;
	}
	if (v->kind == V_MAP) {
		it->n = v->n;
		it->is_map = true;
		return true;
	}
	if (v->kind == V_ERROR)
		return false;
	if (!value_is_known(v)) {
		Diag *g = v->kind == V_DEFERRED
				  ? compiler_diag(c, TYPE_DEFERRED, at, "`%s` is only known after `terraform apply`; it cannot be "
								"iterated over", deferred_name(c, v))
				  : compiler_diag(c, TYPE_DEFERRED, at, "cannot iterate over %s", value_describe_a(c, v));
		diag_help(&c->diags, g, "only values written in the specification are known when infrac runs");
		return false;
	}
	compiler_diag(c, TYPE_MISMATCH, at, "expected a list or a map to iterate over, found %s", value_describe_a(c, v));
	return false;
}

/* Binds the variables of iteration i: `for x in list`, `for i, x in
 * list`, `for k, v in map`. */
static void iter_bind(Compiler *c, Iter *it, uint32_t i, Scope *s, Node *loop)
{
	Value *key, *val;
	if (it->is_map) {
		const char *k = it->coll->keys[i];
		key = value_string(c, k, strlen(k), loop->span);
		val = it->coll->items[i];
	} else {
		key = value_int(c, i, loop->span);
		val = it->coll->items[i];
	}
	if (loop->name2) {
		scope_bind(c, s, loop->name, key);
		scope_bind(c, s, loop->name2, val);
	} else {
		scope_bind(c, s, loop->name, it->is_map ? key : val);
	}
}

Value *eval_collection(Compiler *c, Scope *s, Node *n);

Value *eval_collection(Compiler *c, Scope *s, Node *n)
{
	Value *v = eval(c, s, n, NULL);
	if (v->kind == V_QTY || v->kind == V_INT) {
		compiler_diag(c, TYPE_MISMATCH, n->span, "expected a list or a map, found %s", value_describe_a(c, v));
		return err();
	}
	return v;
}

/* Whether t takes a range type, alone or as one of its alternatives. */
static bool wants_range(const Type *t)
{
	if (!t)
		return false;
	if (t->kind == T_OPTIONAL || t->kind == T_AUTO)
		return wants_range(t->elem);
	if (t->kind == T_ONE_OF)
		for (uint32_t i = 0; i < t->nalts; i++)
			if (wants_range(t->alts[i]))
				return true;
	return t->kind == T_RANGE;
}

static Value *eval_range(Compiler *c, Scope *s, Node *n, const Type *want)
{
	Value *a = eval(c, s, n->a, &type_int);
	Value *b = eval(c, s, n->b, &type_int);
	if (!known(c, a) || !known(c, b))
		return err();
	if (a->kind != V_INT || b->kind != V_INT) {
		compiler_diag(c, TYPE_MISMATCH, n->span, "a range needs integers at both ends");
		return err();
	}
	if (b->i < a->i) {
		compiler_diag(c, TYPE_RANGE, n->span, "range `%lld..%lld` ends before it starts", (long long)a->i,
			      (long long)b->i);
		return err();
	}
	int64_t span;
	if (__builtin_sub_overflow(b->i, a->i, &span) || span >= 100000) {
		compiler_diag(c, TYPE_RANGE, n->span, "range `%lld..%lld` has more than 100000 elements", (long long)a->i,
			      (long long)b->i);
		return err();
	}
	if (wants_range(want)) {
		/* Kept whole: `ports = 1024..65535` is two numbers, not 64512. */
		Value *v = value_new(c, V_RANGE, n->span);
		v->i = a->i;
		v->n = (uint32_t)(span + 1);
		return v;
	}
	if (!budget_spend(c, (uint64_t)(b->i - a->i + 1), n->span))
		return err();
	Value *v = value_new(c, V_LIST, n->span);
	v->n = (uint32_t)(span + 1);
	v->items = ARENA_ARRAY(c->arena, Value *, v->n);
	for (uint32_t i = 0; i < v->n; i++)
		v->items[i] = value_int(c, a->i + i, n->span);
	v->prefix = 1; /* written as a range: `ports = 1024..65535` */
	return v;
}

static Value *eval_comprehension(Compiler *c, Scope *s, Node *n, const Type *want)
{
	Value *coll = eval(c, s, n->a, NULL);
	Iter it;
	if (!iter_begin(c, coll, &it, n->a->span))
		return err();
	const Type *et = elem_type(want, T_LIST);
	Vec out = {0};
	bool bad = false;
	for (uint32_t i = 0; i < it.n; i++) {
		if (!budget_spend_iteration(c, it.coll, i, n->span)) {
			bad = true;
			break;
		}
		Scope *inner = scope_new(c, s, NULL);
		iter_bind(c, &it, i, inner, n);
		if (n->c) {
			Value *keep = eval(c, inner, n->c, &type_bool);
			if (!want_bool(c, keep)) {
				bad = true;
				break;
			}
			if (!keep->i)
				continue;
		}
		Value *e = eval(c, inner, n->b, et);
		if (e->kind == V_ERROR) {
			bad = true;
			break;
		}
		vec_push(&out, e);
	}
	Value *v = bad ? err() : value_new(c, V_LIST, n->span);
	if (!bad) {
		v->n = (uint32_t)out.len;
		v->items = ARENA_ARRAY(c->arena, Value *, v->n);
		if (out.len)
			memcpy(v->items, out.items, out.len * sizeof(Value *));
	}
	vec_free(&out);
	return v;
}

static Value *eval_index(Compiler *c, Scope *s, Node *n)
{
	Value *coll = eval(c, s, n->a, NULL);
	if (coll->kind == V_ERROR)
		return coll;
	if (coll->kind == V_DEFERRED)
		return deferred_index(c, s, coll, n);
	if (coll->kind == V_LIST && (coll->n == 0 || coll->items[0]->kind != V_REF)) {
		Value *i = eval(c, s, n->b, &type_int);
		if (i->kind != V_INT)
			return i->kind == V_ERROR ? i : (compiler_diag(c, TYPE_INDEX, n->b->span, "a list index is an integer"), err());
		if (i->i < 0 || i->i >= coll->n) {
			Diag *g = compiler_diag(c, TYPE_INDEX, n->b->span, "index %lld is outside the list of %u element%s",
						(long long)i->i, coll->n, coll->n == 1 ? "" : "s");
			if (coll->span.file != n->a->span.file || coll->span.start != n->a->span.start)
				diag_note(&c->diags, g, coll->span, "the list is made here");
			if (coll->n)
				diag_help(&c->diags, g, "indexes start at 0; the last element is `[%u]`", coll->n - 1);
			else
				diag_help(&c->diags, g, "the list is empty");
			return err();
		}
		return coll->items[i->i];
	}
	Value *k = eval(c, s, n->b, &type_string);
	if (k->kind != V_STRING)
		return k->kind == V_ERROR ? k : (compiler_diag(c, TYPE_INDEX, n->b->span, "a key is a string"), err());
	const char *key = budget_intern(c, k, n->b->span);
	return key ? member(c, coll, key, n->span) : err();
}

/* ---- calls ---- */

static Value *call_error(Compiler *c, Node *n, const char *msg)
{
	compiler_diag(c, TYPE_CALL, n->span, "`%s` %s", n->name, msg);
	return err();
}

/* A call with the wrong number of arguments. */
static Value *arity_error(Compiler *c, Node *n, const char *msg)
{
	compiler_diag(c, TYPE_CALL, n->span, "`%s` %s, found %u argument%s", n->name, msg, n->list.len,
		      n->list.len == 1 ? "" : "s");
	return err();
}

static Value *arg(Compiler *c, Scope *s, Node *n, uint32_t i, const Type *t)
{
	return eval(c, s, n->list.items[i], t);
}

static Value *list_of(Compiler *c, Vec *items, Span span)
{
	Value *v = value_new(c, V_LIST, span);
	v->n = (uint32_t)items->len;
	v->items = ARENA_ARRAY(c->arena, Value *, v->n);
	if (items->len)
		memcpy(v->items, items->items, items->len * sizeof(Value *));
	vec_free(items);
	return v;
}

/* ---- builtins that make JSON documents: jsonencode(...) and file(...) ---- */

/* A JSON text being built: text since the last deferred part, and the
 * parts before it (strings and deferred values), as eval_template keeps. */
typedef struct JsonText {
	Buf text;
	Vec parts;
	uint64_t flushed;
	uint32_t ndeferred;
	Vec offs, spans;        /* where each value starts (uintptr_t), and its Span* */
} JsonText;

static void json_text_mark(Compiler *c, JsonText *j, Span span)
{
	Span *sp = ARENA_NEW(c->arena, Span);
	*sp = span;
	vec_push(&j->offs, (void *)(uintptr_t)(j->flushed + j->text.len + j->ndeferred));
	vec_push(&j->spans, sp);
}

static void json_text_deferred(Compiler *c, JsonText *j, Value *v, Span span)
{
	vec_push(&j->parts, value_string(c, j->text.data ? j->text.data : "", j->text.len, span));
	j->flushed += j->text.len;
	j->text.len = 0;
	j->ndeferred++;
	vec_push(&j->parts, v);
}

static int cmp_key_order(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	return strcmp(x[0], y[0]);
}

/* Appends v as JSON, as Terraform's jsonencode writes it: keys sorted,
 * values known after apply as strings holding their interpolation. */
static bool json_text_value(Compiler *c, JsonText *j, const Value *v, Node *call)
{
	if (!string_fits(c, j->flushed + j->text.len, call->span))
		return false;
	json_text_mark(c, j, v->span);
	switch (v->kind) {
	case V_NULL:
		buf_puts(&j->text, "null");
		return true;
	case V_BOOL:
		buf_puts(&j->text, v->i ? "true" : "false");
		return true;
	case V_INT:
		buf_printf(&j->text, "%lld", (long long)v->i);
		return true;
	case V_DEFERRED:
	case V_TEMPLATE: {
		buf_putc(&j->text, '"');
		const Value *const *parts = v->kind == V_TEMPLATE ? (const Value *const *)v->items : &v;
		for (uint32_t i = 0; i < (v->kind == V_TEMPLATE ? v->n : 1); i++) {
			if (parts[i]->kind == V_DEFERRED)
				json_text_deferred(c, j, (Value *)parts[i], call->span);
			else
				json_escape(&j->text, parts[i]->s, parts[i]->len);
		}
		buf_putc(&j->text, '"');
		return true;
	}
	case V_LIST:
		buf_putc(&j->text, '[');
		for (uint32_t i = 0; i < v->n; i++) {
			if (i)
				buf_putc(&j->text, ',');
			if (!json_text_value(c, j, v->items[i], call))
				return false;
		}
		buf_putc(&j->text, ']');
		return true;
	case V_MAP: {
		/* (key, value) pairs, sorted by key */
		const void **pairs = xmalloc((v->n ? v->n : 1) * 2 * sizeof *pairs);
		for (uint32_t i = 0; i < v->n; i++) {
			pairs[2 * i] = v->keys[i];
			pairs[2 * i + 1] = v->items[i];
		}
		qsort(pairs, v->n, 2 * sizeof *pairs, cmp_key_order);
		buf_putc(&j->text, '{');
		bool ok = true;
		for (uint32_t i = 0; i < v->n && ok; i++) {
			if (i)
				buf_putc(&j->text, ',');
			json_text_mark(c, j, ((const Value *)pairs[2 * i + 1])->span);
			buf_putc(&j->text, '"');
			json_escape(&j->text, pairs[2 * i], strlen(pairs[2 * i]));
			buf_puts(&j->text, "\":");
			ok = json_text_value(c, j, pairs[2 * i + 1], call);
		}
		free(pairs);
		buf_putc(&j->text, '}');
		return ok;
	}
	default: {
		Buf t = {0};
		bool ok = value_to_text(v, &t);
		if (ok) {
			buf_putc(&j->text, '"');
			json_escape(&j->text, t.data ? t.data : "", t.len);
			buf_putc(&j->text, '"');
		} else {
			Diag *g = compiler_diag(c, TYPE_CALL, v->span, "`jsonencode` cannot write %s as JSON", value_describe_a(c, v));
			if (v->kind == V_REF)
				diag_help(&c->diags, g, "write one of its fields, such as `%s.arn`", v->obj->path);
		}
		buf_free(&t);
		return ok;
	}
	}
}

static Value *eval_jsonencode(Compiler *c, Scope *s, Node *n)
{
	if (n->list.len != 1)
		return arity_error(c, n, "takes one value");
	Value *v = arg(c, s, n, 0, NULL);
	if (v->kind == V_ERROR)
		return v;
	JsonText j = {0};
	bool ok = budget_spend(c, value_cost(v), n->span) && json_text_value(c, &j, v, n) &&
		  string_fits(c, j.flushed + j.text.len, n->span);
	Value *out = err();
	if (ok && !j.parts.len) {
		out = value_string(c, j.text.data ? j.text.data : "", j.text.len, n->span);
	} else if (ok) {
		if (j.text.len)
			vec_push(&j.parts, value_string(c, j.text.data, j.text.len, n->span));
		out = value_new(c, V_TEMPLATE, n->span);
		out->n = (uint32_t)j.parts.len;
		out->items = ARENA_ARRAY(c->arena, Value *, out->n);
		memcpy(out->items, j.parts.items, j.parts.len * sizeof(Value *));
	}
	if (out->kind != V_ERROR) {
		JsonSpans *js = ARENA_NEW(c->arena, JsonSpans);
		js->n = (uint32_t)j.offs.len;
		js->off = ARENA_ARRAY(c->arena, uint32_t, js->n ? js->n : 1);
		js->span = ARENA_ARRAY(c->arena, Span, js->n ? js->n : 1);
		for (uint32_t i = 0; i < js->n; i++) {
			js->off[i] = (uint32_t)(uintptr_t)j.offs.items[i];
			js->span[i] = *(Span *)j.spans.items[i];
		}
		map_put(&c->json_spans, out->kind == V_STRING ? out->s : (const char *)out->items, js);
	}
	buf_free(&j.text);
	vec_free(&j.parts);
	vec_free(&j.offs);
	vec_free(&j.spans);
	return out;
}

/* file("policies/x.json"): the text of a file next to the spec (load.c
 * load_data_file says where it may be); c->data_files remembers which
 * file a string came from. */
static Value *eval_file(Compiler *c, Scope *s, Node *n)
{
	if (n->list.len != 1)
		return arity_error(c, n, "takes one path");
	Value *p = arg(c, s, n, 0, &type_string);
	if (p->kind != V_STRING)
		return p->kind == V_ERROR ? p : call_error(c, n, "takes a path, as a string");
	const char *shown, *why;
	int fid = p->len ? load_data_file(c, n->span.file, p->s, &shown, &why) : -1;
	if (fid < 0) {
		Diag *g = compiler_diag(c, NAME_FILE, p->span, "cannot read \"%s\": %s", p->len ? shown : "",
					p->len ? why : "the path is empty");
		diag_help(&c->diags, g, "a path is relative to the file that names it, and stays below its folder, the "
					"working folder or an `-I` folder");
		return err();
	}
	const SrcFile *f = c->srcs.files[fid];
	if (!string_fits(c, f->len, n->span) || !budget_spend(c, f->len / STEP_BYTES, n->span))
		return err();
	Value *v = value_string(c, f->text, f->len, n->span);
	map_put(&c->data_files, v->s, (void *)(uintptr_t)(fid + 1));
	return v;
}

static Value *eval_call(Compiler *c, Scope *s, Node *n, const Type *want)
{
	const char *f = n->name;
	uint32_t argc = n->list.len;
	static const char *const builtins[] = {"length", "contains", "keys", "values", "concat", "merge",
					       "join", "lower", "upper", "min", "max", "cheapest", "trimprefix",
					       "trimsuffix", "replace", "jsonencode", "file"};
	if (strcmp(f, "jsonencode") == 0)
		return eval_jsonencode(c, s, n);
	if (strcmp(f, "file") == 0)
		return eval_file(c, s, n);
	if (strcmp(f, "trimprefix") == 0 || strcmp(f, "trimsuffix") == 0) {
		if (argc != 2)
			return call_error(c, n, "takes a string and the text to remove");
		Value *str = arg(c, s, n, 0, &type_string), *fix = arg(c, s, n, 1, &type_string);
		if (str->kind != V_STRING || fix->kind != V_STRING)
			return str->kind == V_ERROR || fix->kind == V_ERROR ? err() : call_error(c, n, "takes two strings");
		if (!budget_spend(c, str->len / STEP_BYTES, n->span))
			return err();
		if (fix->len > str->len)
			return str;
		bool prefix = strcmp(f, "trimprefix") == 0;
		if (prefix && memcmp(str->s, fix->s, fix->len) == 0)
			return value_string(c, str->s + fix->len, str->len - fix->len, n->span);
		if (!prefix && memcmp(str->s + str->len - fix->len, fix->s, fix->len) == 0)
			return value_string(c, str->s, str->len - fix->len, n->span);
		return str;
	}
	if (strcmp(f, "replace") == 0) {
		if (argc != 3)
			return call_error(c, n, "takes a string, the text to find and its replacement");
		Value *str = arg(c, s, n, 0, &type_string), *old = arg(c, s, n, 1, &type_string), *new = arg(c, s, n, 2, &type_string);
		if (str->kind != V_STRING || old->kind != V_STRING || new->kind != V_STRING)
			return str->kind == V_ERROR || old->kind == V_ERROR || new->kind == V_ERROR ? err()
												   : call_error(c, n, "takes three strings");
		if (old->len == 0)
			return call_error(c, n, "needs a non-empty text to find");
		if (!budget_spend(c, str->len / STEP_BYTES, n->span))
			return err();
		Buf b = {0};
		for (uint32_t i = 0; i < str->len && b.len <= STRING_MAX;) {
			if (i + old->len <= str->len && memcmp(str->s + i, old->s, old->len) == 0) {
				buf_put(&b, new->s, new->len);
				i += old->len;
			} else {
				buf_putc(&b, str->s[i++]);
			}
		}
		Value *r = string_fits(c, b.len, n->span) && budget_spend(c, b.len / STEP_BYTES, n->span)
				   ? value_string(c, b.data ? b.data : "", b.len, n->span)
				   : err();
		buf_free(&b);
		return r;
	}
	if (strcmp(f, "cheapest") == 0) {
		if (argc != 1)
			return arity_error(c, n, "takes one list of instance types");
		static Type inst = {.kind = T_INSTANCE};
		static Type list = {.kind = T_LIST, .elem = &inst};
		if (!type_takes_symbol(want))
			return call_error(c, n, "chooses an instance type; use it for a pool's `instance`");
		Value *l = arg(c, s, n, 0, &list);
		if (l->kind != V_LIST)
			return err();
		if (l->n == 0)
			return call_error(c, n, "needs at least one instance type");
		Value *v = value_new(c, V_CHOICE, n->span);
		v->items = l->items;
		v->n = l->n;
		return v;
	}
	if (strcmp(f, "length") == 0) {
		if (argc != 1)
			return arity_error(c, n, "takes one argument");
		Value *v = arg(c, s, n, 0, NULL);
		if (v->kind == V_LIST || v->kind == V_MAP)
			return value_int(c, v->n, n->span);
		if (v->kind == V_STRING)
			return budget_spend(c, v->len / STEP_BYTES, n->span)
				       ? value_int(c, (int64_t)utf8_width(v->s, v->len), n->span)
				       : err();
		return v->kind == V_ERROR ? v : call_error(c, n, "takes a list, a map or a string");
	}
	if (strcmp(f, "contains") == 0) {
		if (argc != 2)
			return arity_error(c, n, "takes a list and a value");
		Value *l = arg(c, s, n, 0, NULL);
		if (l->kind != V_LIST)
			return l->kind == V_ERROR ? l : call_error(c, n, "takes a list first");
		Value *x = arg(c, s, n, 1, l->n ? value_type_hint(l->items[0]) : NULL);
		if (!known(c, x) || !budget_spend(c, value_cost(l), n->span))
			return err();
		for (uint32_t i = 0; i < l->n; i++)
			if (value_equal(l->items[i], x))
				return value_bool(c, true, n->span);
		return value_bool(c, false, n->span);
	}
	if (strcmp(f, "keys") == 0 || strcmp(f, "values") == 0) {
		if (argc != 1)
			return arity_error(c, n, "takes one map");
		Value *m = arg(c, s, n, 0, NULL);
		if (m->kind != V_MAP)
			return m->kind == V_ERROR ? m : call_error(c, n, "takes a map");
		uint64_t cost = m->n / STEP_ITEMS;
		for (uint32_t i = 0; f[0] == 'k' && i < m->n; i++)
			cost += 1 + strlen(m->keys[i]) / STEP_BYTES;
		if (!budget_spend(c, cost, n->span))
			return err();
		Vec items = {0};
		for (uint32_t i = 0; i < m->n; i++)
			vec_push(&items, f[0] == 'k' ? value_string(c, m->keys[i], strlen(m->keys[i]), n->span)
						      : m->items[i]);
		return list_of(c, &items, n->span);
	}
	if (strcmp(f, "concat") == 0) {
		Vec items = {0};
		for (uint32_t i = 0; i < argc; i++) {
			Value *l = arg(c, s, n, i, want);
			if (l->kind != V_LIST) {
				vec_free(&items);
				return l->kind == V_ERROR ? l : call_error(c, n, "takes lists");
			}
			bool too_many = items.len + l->n >= VALUE_MAX_SIZE;
			if (too_many || !budget_spend(c, l->n / STEP_ITEMS, n->span)) {
				vec_free(&items);
				return too_many ? too_many_values(c, n->span) : err();
			}
			for (uint32_t j = 0; j < l->n; j++)
				vec_push(&items, l->items[j]);
		}
		return list_of(c, &items, n->span);
	}
	if (strcmp(f, "merge") == 0) {
		Value *out = value_new(c, V_MAP, n->span);
		Map seen = {0};
		Vec keys = {0}, vals = {0};
		bool bad = false;
		for (uint32_t i = 0; i < argc && !bad; i++) {
			Value *m = arg(c, s, n, i, want);
			if (m->kind != V_MAP || !budget_spend(c, m->n, n->span)) {
				bad = true;
				if (m->kind != V_ERROR && m->kind != V_MAP)
					call_error(c, n, "takes maps");
				break;
			}
			for (uint32_t j = 0; j < m->n; j++) {
				uintptr_t at = (uintptr_t)map_get(&seen, m->keys[j]);
				if (at) {
					vals.items[at - 1] = m->items[j];
				} else {
					vec_push(&keys, (void *)m->keys[j]);
					vec_push(&vals, m->items[j]);
					map_put(&seen, m->keys[j], (void *)(uintptr_t)keys.len);
				}
			}
		}
		out->n = (uint32_t)keys.len;
		out->keys = ARENA_ARRAY(c->arena, const char *, out->n);
		out->items = ARENA_ARRAY(c->arena, Value *, out->n);
		for (uint32_t i = 0; i < out->n; i++) {
			out->keys[i] = keys.items[i];
			out->items[i] = vals.items[i];
		}
		map_free(&seen);
		vec_free(&keys);
		vec_free(&vals);
		return bad ? err() : out;
	}
	if (strcmp(f, "join") == 0) {
		if (argc != 2)
			return arity_error(c, n, "takes a separator and a list");
		Value *sep = arg(c, s, n, 0, &type_string);
		Value *l = arg(c, s, n, 1, NULL);
		if (sep->kind != V_STRING || l->kind != V_LIST)
			return sep->kind == V_ERROR || l->kind == V_ERROR ? err() : call_error(c, n, "takes a string and a list");
		if (!budget_spend(c, l->n, n->span))
			return err();
		Buf b = {0};
		for (uint32_t i = 0; i < l->n && b.len <= STRING_MAX; i++) {
			if (i)
				buf_put(&b, sep->s, sep->len);
			if (!value_to_text(l->items[i], &b)) {
				buf_free(&b);
				return call_error(c, n, "joins strings and other scalars only");
			}
		}
		Value *v = string_fits(c, b.len, n->span) && budget_spend(c, b.len / STEP_BYTES, n->span)
				   ? value_string(c, b.data ? b.data : "", b.len, n->span)
				   : err();
		buf_free(&b);
		return v;
	}
	if (strcmp(f, "lower") == 0 || strcmp(f, "upper") == 0) {
		if (argc != 1)
			return arity_error(c, n, "takes one string");
		Value *v = arg(c, s, n, 0, &type_string);
		if (v->kind != V_STRING)
			return v->kind == V_ERROR ? v : call_error(c, n, "takes a string");
		if (!budget_spend(c, v->len / STEP_BYTES, n->span))
			return err();
		Value *r = value_string(c, v->s, v->len, n->span);
		char *p = (char *)r->s;
		for (uint32_t i = 0; i < r->len; i++)
			if (f[0] == 'l' ? (p[i] >= 'A' && p[i] <= 'Z') : (p[i] >= 'a' && p[i] <= 'z'))
				p[i] ^= 0x20;
		return r;
	}
	if (strcmp(f, "min") == 0 || strcmp(f, "max") == 0) {
		if (argc == 0)
			return arity_error(c, n, "needs at least one value");
		Value *best = NULL;
		for (uint32_t i = 0; i < argc; i++) {
			Value *v = arg(c, s, n, i, want);
			if (!known(c, v))
				return err();
			if (v->kind != V_INT && v->kind != V_QTY)
				return call_error(c, n, "compares integers or quantities");
			if (best && (best->kind != v->kind || best->dim != v->dim))
				return call_error(c, n, "compares values of one type");
			if (!best || (f[1] == 'i' ? v->i < best->i : v->i > best->i))
				best = v;
		}
		return best;
	}
	Diag *g = compiler_diag(c, TYPE_CALL, n->name_span, "unknown function `%s`", f);
	suggest_name(c, g, f, builtins, COUNT_OF(builtins));
	return err();
}

/* Whether the two branches of `?:` have one type, as far as values tell. */
static bool same_shape(const Value *a, const Value *b)
{
	if (a->kind == V_NULL || b->kind == V_NULL)
		return true;
	if ((a->kind == V_STRING || a->kind == V_TEMPLATE || a->kind == V_DEFERRED) &&
	    (b->kind == V_STRING || b->kind == V_TEMPLATE || b->kind == V_DEFERRED))
		return true;
	if (a->kind != b->kind)
		return false;
	if (a->kind == V_QTY)
		return a->dim == b->dim;
	if (a->kind == V_REF)
		return a->obj->kind == b->obj->kind;
	return true;
}

static Value *eval_raw(Compiler *c, Scope *s, Node *n, const Type *want);

/* `c ? a : b` evaluates the branch c selects, as `if` expands only the
 * items of its branch: the other may name a block that exists in other
 * environments only, or index past the end of a list it guards against.
 * That branch is worked out quietly, to check the two have one type: its
 * type mistakes are reported, the rest only where it is taken. */
static Value *eval_cond(Compiler *c, Scope *s, Node *n, const Type *want)
{
	Value *cond = eval(c, s, n->a, &type_bool);
	if (!want_bool(c, cond))
		return err();
	Node *taken = cond->i ? n->b : n->c, *other = cond->i ? n->c : n->b;
	Value *v = eval(c, s, taken, want);
	c->quiet++;
	uint32_t q = c->quiet_errors;
	Value *o = eval_raw(c, s, other, want);
	bool known = o->kind != V_ERROR && c->quiet_errors == q;
	c->quiet--;
	if (known && want)
		o = coerce(c, o, want, other->span);
	if (v->kind == V_ERROR || !known || o->kind == V_ERROR)
		return v->kind == V_ERROR || (known && o->kind == V_ERROR) ? err() : v;
	if ((!want || want->kind == T_ANY) && !same_shape(v, o)) {
		Value *a = cond->i ? v : o, *b = cond->i ? o : v;
		Diag *g = compiler_diag(c, TYPE_MISMATCH, n->span, "the branches of `?:` differ: %s and %s",
					value_describe_a(c, a), value_describe_a(c, b));
		diag_help(&c->diags, g, "both branches need the same type");
		return err();
	}
	return v;
}

/* ---- the evaluator ---- */

static Value *eval_raw(Compiler *c, Scope *s, Node *n, const Type *want)
{
	switch (n->kind) {
	case N_NULL:
		return value_new(c, V_NULL, n->span);
	case N_BOOL:
		return value_bool(c, n->op, n->span);
	case N_NUMBER:
		return eval_number(c, n, want);
	case N_CIDR:
		return eval_cidr(c, n);
	case N_STRING: {
		/* The literal's text lives as long as the compilation: shared,
		 * not copied, by every evaluation of it. */
		Value *v = value_new(c, V_STRING, n->span);
		v->s = n->str;
		v->len = n->str_len;
		return v;
	}
	case N_TEMPLATE:
		return eval_template(c, s, n);
	case N_PATH:
		if (n->list.len == 1 && strcmp(n->list.items[0]->name, "auto") == 0 && want &&
		    (want->kind == T_AUTO || (want->kind == T_OPTIONAL && want->elem->kind == T_AUTO)))
			return value_new(c, V_AUTO, n->span);
		return eval_path(c, s, n, want);
	case N_LIST:
		return eval_list(c, s, n, want);
	case N_MAP:
		return eval_map(c, s, n, want);
	case N_CALL:
		return eval_call(c, s, n, want);
	case N_INDEX:
		return eval_index(c, s, n);
	case N_MEMBER:
		return member(c, eval(c, s, n->a, NULL), n->name, n->span);
	case N_UNARY:
		return eval_unary(c, s, n, want);
	case N_BINARY:
		return eval_binary(c, s, n, want);
	case N_RANGE:
		return eval_range(c, s, n, want);
	case N_COND:
		return eval_cond(c, s, n, want);
	case N_COMPREHENSION:
		return eval_comprehension(c, s, n, want);
	case N_NAME:
		return value_string(c, n->name, strlen(n->name), n->span);
	default:
		return err();
	}
}

Value *eval(Compiler *c, Scope *s, Node *n, const Type *want)
{
	if (!budget_spend(c, 1, n->span))
		return err();
	Value *v = eval_raw(c, s, n, want);
	if (want && v->kind != V_ERROR)
		v = coerce(c, v, want, n->span);
	if (v->kind != V_LIST && v->kind != V_MAP)
		return v;
	value_measure(v);
	if (v->depth > VALUE_MAX_DEPTH) {
		compiler_diag(c, TYPE_TOO_BIG, n->span, "this value is nested %u levels deep; at most %d are allowed", v->depth,
			      VALUE_MAX_DEPTH);
		return err();
	}
	if (v->size > VALUE_MAX_SIZE)
		return too_many_values(c, n->span);
	return v;
}

/* ---- coercion ---- */

static Value *mismatch(Compiler *c, Value *v, const Type *t, Span at)
{
	Diag *g;
	Type *base = type_strip((Type *)t);
	if (v->kind == V_QTY && base && base->kind >= T_CPU && base->kind <= T_PERCENT) {
		g = compiler_diag(c, TYPE_UNIT, at, "expected %s, found %s", type_describe_a(c, t), value_describe_a(c, v));
		if (base->kind == T_DURATION && v->dim == DIM_CPU)
			diag_help(&c->diags, g, "minutes are written `min`, as in `%lldmin`; `m` means millicores",
				  (long long)v->i);
		else if (base->kind == T_STORAGE && v->dim == DIM_MEMORY)
			diag_help(&c->diags, g, "storage is written with `GiB` or `GB`; `Gi` is memory");
		else if (base->kind == T_MEMORY && v->dim == DIM_STORAGE)
			diag_help(&c->diags, g, "memory is written with `Mi` or `Gi`; `GiB` is storage");
		else if (base->kind == T_MEMORY)
			diag_help(&c->diags, g, "memory is written with `Mi` or `Gi`, as in `512Mi`%s",
				  v->dim == DIM_CPU ? "; `m` means millicores" : "");
		else if (base->kind == T_CPU)
			diag_help(&c->diags, g, "cpu is written in millicores, as in `500m`, or in cores, as in `2`");
		else if (base->kind == T_STORAGE)
			diag_help(&c->diags, g, "storage is written with `GiB` or `GB`, as in `50GiB`");
		else if (base->kind == T_DURATION)
			diag_help(&c->diags, g, "a duration is written with `s`, `min`, `h` or `d`, as in `30s`");
		else if (base->kind == T_PERCENT)
			diag_help(&c->diags, g, "a percentage is written with `%%`, as in `25%%`");
		return err();
	}
	if (v->kind == V_DEFERRED || v->kind == V_TEMPLATE) {
		g = compiler_diag(c, TYPE_DEFERRED, at, "expected %s, found %s", type_describe_a(c, t), value_describe_a(c, v));
		return err();
	}
	g = compiler_diag(c, TYPE_MISMATCH, at, "expected %s, found %s", type_describe_a(c, t), value_describe_a(c, v));
	if (v->kind == V_INT && base && (base->kind == T_MEMORY || base->kind == T_STORAGE))
		diag_help(&c->diags, g, "%s needs a unit, as in `%lld%s`", base->kind == T_MEMORY ? "memory" : "storage",
			  (long long)v->i, base->kind == T_MEMORY ? "Mi" : "GiB");
	else if (v->kind == V_INT && base && base->kind == T_PERCENT)
		diag_help(&c->diags, g, "write `%lld%%`", (long long)v->i);
	else if (v->kind == V_INT && base && base->kind == T_DURATION)
		diag_help(&c->diags, g, "a duration needs a unit: `%llds`, `%lldmin`, `%lldh` or `%lldd`",
			  (long long)v->i, (long long)v->i, (long long)v->i, (long long)v->i);
	else if (v->kind == V_SYMBOL && base && base->kind == T_STRING)
		diag_help(&c->diags, g, "a string is written in quotes: \"%s\"", v->s);
	else if (v->kind == V_STRING && base && base->kind == T_ENUM && type_has_member(base, intern(&c->names, v->s, v->len)))
		diag_help(&c->diags, g, "write `%s` without quotes: enum values are bare names", v->s);
	else if (v->kind == V_STRING && base && base->kind == T_ENUM)
		diag_help(&c->diags, g, "enum values are bare names, without quotes");
	else if (v->kind == V_STRING && base && base->kind == T_INT && v->len > 0 && v->len < 19 &&
		 strspn(v->s, "0123456789") == v->len)
		diag_help(&c->diags, g, "write `%s` without quotes", v->s);
	else if (v->kind == V_STRING && base && base->kind == T_BOOL &&
		 (strcmp(v->s, "true") == 0 || strcmp(v->s, "yes") == 0 || strcmp(v->s, "on") == 0))
		diag_help(&c->diags, g, "write `true`, without quotes");
	else if (v->kind == V_STRING && base && base->kind == T_BOOL &&
		 (strcmp(v->s, "false") == 0 || strcmp(v->s, "no") == 0 || strcmp(v->s, "off") == 0))
		diag_help(&c->diags, g, "write `false`, without quotes");
	else if (v->kind == V_INT && base && base->kind == T_STRING)
		diag_help(&c->diags, g, "a string is written in quotes: \"%lld\"", (long long)v->i);
	else if (base && base->kind == T_LIST && v->kind == V_STRING)
		diag_help(&c->diags, g, "a list is written in brackets: `[\"%s\"]`", v->s);
	else if (base && base->kind == T_LIST && v->kind != V_LIST && v->kind != V_MAP)
		diag_help(&c->diags, g, "a list is written in brackets: `[a, b]`");
	else if (base && base->kind == T_MAP && v->kind == V_LIST)
		diag_help(&c->diags, g, "a map is written in braces: `{ key = value }`");
	else if (v->kind == V_SYMBOL && base && base->kind == T_ENUM)
		suggest_name(c, g, v->s, base->members, base->nmembers);
	return err();
}

static bool wrong_kind_field_hint(Compiler *c, Diag *g, Object *o, const Type *t);

/* A reference to the wrong kind: where the block is, and the field of it
 * that holds what was wanted, or the only block of the wanted kind. */
static void wrong_kind_hints(Compiler *c, Diag *g, Object *o, const Type *t)
{
	if (!g)
		return;
	diag_note(&c->diags, g, o->name_span, "`%s` is declared here", o->path);
	if (!wrong_kind_field_hint(c, g, o, t) && t->nkinds == 1 && !t->kinds[0]->nested) {
		Map *m = map_get(&c->tops, t->kinds[0]->name);
		if (m && m->len == 1)
			diag_help(&c->diags, g, "the only %s is `%s.%s`", t->kinds[0]->name, t->kinds[0]->name, m->keys[0]);
	}
}

/* The field of o that holds what t wants: `cluster.eks.network` for a
 * network, a subnet tier of a network for a subnet. */
static bool wrong_kind_field_hint(Compiler *c, Diag *g, Object *o, const Type *t)
{
	for (uint32_t i = 0; i < o->kind->nfields; i++) {
		Field *f = o->kind->fields[i];
		Type *ft = type_strip(f->type);
		if (type_is_block(ft)) {
			const Vec *kids = slot_blocks(&o->slots[i]);
			for (size_t j = 0; j < kids->len; j++) {
				Object *kid = kids->items[j];
				for (uint32_t k = 0; k < t->nkinds; k++)
					if (kid->kind == t->kinds[k]) {
						diag_help(&c->diags, g, "refer to one of its %s blocks, such as `%s`", f->name,
							  kid->path);
						return true;
					}
			}
			continue;
		}
		if (f->output || ft->kind != T_REF)
			continue;
		for (uint32_t j = 0; j < ft->nkinds; j++)
			for (uint32_t k = 0; k < t->nkinds; k++)
				if (ft->kinds[j] == t->kinds[k]) {
					diag_help(&c->diags, g, "its %s is `%s.%s`", t->kinds[k]->name, o->path, f->name);
					return true;
				}
	}
	return false;
}

/* The unit of storage(GiB) or duration(d) in words: "GiB", "days". */
static const char *step_words(const char *unit)
{
	static const char *const words[][2] = {
		{"s", "seconds"}, {"min", "minutes"}, {"h", "hours"}, {"d", "days"},
	};
	for (size_t i = 0; i < COUNT_OF(words); i++)
		if (strcmp(unit, words[i][0]) == 0)
			return words[i][1];
	return unit;
}

static Value *check_range(Compiler *c, Value *v, const Type *t, Span at)
{
	if (t->has_range && (v->i < t->min || v->i > t->max)) {
		Buf lo = {0}, hi = {0}, got = {0};
		if (v->kind == V_QTY) {
			qty_format(v->dim, t->min, &lo);
			qty_format(v->dim, t->max, &hi);
		} else {
			buf_printf(&lo, "%lld", (long long)t->min);
			buf_printf(&hi, "%lld", (long long)t->max);
		}
		value_to_text(v, &got);
		compiler_diag(c, TYPE_RANGE, at, "`%s` is outside the allowed range %s..%s", buf_cstr(&got), buf_cstr(&lo),
			      buf_cstr(&hi));
		buf_free(&lo);
		buf_free(&hi);
		buf_free(&got);
		return err();
	}
	if (t->step && v->i % t->step != 0) {
		Buf got = {0};
		value_to_text(v, &got);
		const char *words = step_words(t->step_name);
		Diag *g = compiler_diag(c, TYPE_NOT_WHOLE, at, "`%s` is not a whole number of %s", buf_cstr(&got), words);
		/* Two decimals, rounded unless that would make it look whole. */
		int64_t whole = v->i / t->step, rem = v->i % t->step;
		if (rem < 0)
			rem = -rem;
		int64_t frac = (rem * 100 + t->step / 2) / t->step;
		if (frac == 0 || frac == 100)
			frac = rem * 100 / t->step;
		/* `50GB` where whole GiB are needed was most likely meant as `50GiB`. */
		const char *digits = buf_cstr(&got), *unit = digits + strspn(digits, "0123456789");
		bool decimal_twin = strlen(unit) == 2 && strlen(t->step_name) == 3 && unit[0] == t->step_name[0] &&
				    unit[1] == 'B' && t->step_name[1] == 'i' && t->step_name[2] == 'B';
		if (decimal_twin)
			diag_help(&c->diags, g, "it is %lld.%02lld %s; this field takes whole %s, such as `%.*s%s`",
				  (long long)whole, (long long)frac, words, words, (int)(unit - digits), digits,
				  t->step_name);
		else
			diag_help(&c->diags, g, "it is %s%lld.%02lld %s; this field takes whole %s, such as `%lld%s`",
				  v->i < 0 && whole == 0 ? "-" : "", (long long)whole, (long long)frac, words, words,
				  (long long)(whole + (v->i > 0)), t->step_name);
		buf_free(&got);
		return err();
	}
	return v;
}

/* A name (or a map key, with what = "key ") that breaks its rule; when
 * lower case and `-` for `_` and spaces would make it valid, the help
 * says so. */
static void name_rule_error(Compiler *c, const char *what, const char *s, uint32_t len, const Type *t, Span at,
			    const char *why)
{
	Diag *g;
	int shown = len > 40 ? 37 : (int)len;
	const char *more = len > 40 ? "..." : "";
	if (strstr(why, "characters"))
		g = compiler_diag(c, TYPE_NAME_RULE, at, "%s\"%.*s%s\" is not %s: %s; it has %u", what, shown, s, more,
				  type_describe_a(c, t), why, len);
	else
		g = compiler_diag(c, TYPE_NAME_RULE, at, "%s\"%.*s%s\" is not %s: %s", what, shown, s, more, type_describe_a(c, t),
				  why);
	/* First with `-` for spaces, `/` and `:`, then also in lower case and
	 * with `-` for `_`; separators are trimmed from both ends. */
	for (int lower = 0; lower < 2; lower++) {
		char *fix = arena_strndup(c->arena, s, len);
		for (char *p = fix; *p; p++)
			if (lower && *p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
			else if (*p == ' ' || *p == '/' || *p == ':' || (lower && *p == '_'))
				*p = '-';
		size_t n = strlen(fix);
		while (n > 0 && strchr("-_.", fix[n - 1]))
			fix[--n] = 0;
		while (*fix && strchr("-_.", *fix))
			fix++;
		const char *why2;
		if (*fix && strcmp(fix, s) != 0 && name_rule_check(t->rule, fix, &why2)) {
			diag_help(&c->diags, g, "\"%s\" would be valid", fix);
			break;
		}
	}
}

/* The items of a list or map coerced to elem; v itself when none
 * changed, else a copy, so a value shared by two fields stays as it was. */
static Value *coerce_items(Compiler *c, Value *v, const Type *elem, Span at, bool bad)
{
	if (!budget_spend(c, v->n / STEP_ITEMS, at))
		return err();
	Value *out = v;
	for (uint32_t i = 0; i < v->n; i++) {
		Value *e = coerce(c, v->items[i], elem, v->items[i]->span.end ? v->items[i]->span : at);
		if (e != v->items[i]) {
			if (out == v) {
				out = ARENA_NEW(c->arena, Value);
				*out = *v;
				out->items = ARENA_ARRAY(c->arena, Value *, v->n);
				memcpy(out->items, v->items, v->n * sizeof(Value *));
			}
			out->items[i] = e;
		}
		bad |= e->kind == V_ERROR;
	}
	return bad ? err() : out;
}

/* A range, or a list of consecutive integers (a range bound to a `let`
 * is a list by then), within the bounds of t.  Any other list is an error
 * of its own: a rule written `ports = [80, 443]` must not open 80..443. */
static Value *coerce_range(Compiler *c, Value *v, const Type *t, Span at)
{
	if (v->kind == V_LIST && v->n > 0) {
		for (uint32_t i = 0; i < v->n; i++) {
			if (v->items[i]->kind != V_INT)
				return mismatch(c, v, t, at);
			int64_t next;
			if (i > 0 && (__builtin_add_overflow(v->items[0]->i, (int64_t)i, &next) || v->items[i]->i != next)) {
				Diag *g = compiler_diag(c, TYPE_MISMATCH, at, "expected %s, found a list that is not one run of "
								  "consecutive integers", type_describe_a(c, t));
				diag_help(&c->diags, g, "write one block for each port or range");
				return err();
			}
		}
		Value *r = value_new(c, V_RANGE, v->span);
		r->i = v->items[0]->i;
		r->n = v->n;
		v = r;
	}
	if (v->kind != V_RANGE)
		return mismatch(c, v, t, at);
	int64_t last = v->i + v->n - 1;
	if (t->has_range && (v->i < t->min || last > t->max)) {
		compiler_diag(c, TYPE_RANGE, at, "range `%lld..%lld` is outside the allowed range %lld..%lld", (long long)v->i,
			      (long long)last, (long long)t->min, (long long)t->max);
		return err();
	}
	return v;
}

/* Whether a value of Terraform type have (from a provider schema) fits
 * where want is expected; Terraform converts numbers and bools to
 * strings, and a list of blocks reads as a list. */
static bool deferred_fits(const Type *have, const Type *want)
{
	want = type_strip((Type *)want);
	have = type_strip((Type *)have);
	if (!want || !have || want->kind == T_ANY || have->kind == T_ANY)
		return true;
	switch (want->kind) {
	case T_STRING:
		return have->kind == T_STRING || have->kind == T_INT || have->kind == T_BOOL;
	case T_EXISTING:
		return have->kind == T_STRING;
	case T_INT:
	case T_BOOL:
		return have->kind == want->kind;
	case T_LIST:
		return (have->kind == T_LIST || have->kind == T_BLOCKS) &&
		       (have->kind == T_BLOCKS || deferred_fits(have->elem, want->elem));
	case T_MAP:
		return have->kind == T_MAP || have->kind == T_BLOCK;
	case T_ONE_OF:
		for (uint32_t i = 0; i < want->nalts; i++)
			if (deferred_fits(have, want->alts[i]))
				return true;
		return false;
	default:
		return false;
	}
}

/* Whether string v is one of the members of t, a string enum of a
 * Kubernetes schema; reported when it is not. */
static bool string_member(Compiler *c, const Value *v, const Type *t, Span at)
{
	for (uint32_t i = 0; i < t->nmembers; i++)
		if (strlen(t->members[i]) == v->len && memcmp(t->members[i], v->s, v->len) == 0)
			return true;
	Diag *g = compiler_diag(c, TYPE_ENUM, at, "\"%.*s\" is not %s", (int)v->len, v->s, type_describe_a(c, t));
	suggest_name(c, g, v->s, t->members, t->nmembers);
	return false;
}

Value *coerce(Compiler *c, Value *v, const Type *t, Span at)
{
	if (v->kind == V_ERROR || !t)
		return v;
	const Type *have = v->kind == V_DEFERRED ? deferred_type(c, v) : NULL;
	if (v->kind == V_DEFERRED && (v->obj->kind->tf_type || !have || type_strip((Type *)have)->kind != T_STRING)) {
		if (deferred_fits(have, t))
			return v;
		Diag *g = compiler_diag(c, TYPE_DEFERRED, at, "expected %s, found `%s.%s`, %s known after `terraform apply`",
					type_describe_a(c, t), v->obj->path, v->s, have ? type_describe_a(c, have) : "a value");
		if (type_strip((Type *)t)->kind == T_STRING && have && type_strip((Type *)have)->kind == T_LIST)
			diag_help(&c->diags, g, "pick one element: `%s.%s[0]`", v->obj->path, v->s);
		return err();
	}
	switch (t->kind) {
	case T_ANY:
		return v;
	case T_OPTIONAL:
		return v->kind == V_NULL ? v : coerce(c, v, t->elem, at);
	case T_AUTO:
		return v->kind == V_AUTO ? v : coerce(c, v, t->elem, at);
	case T_STRING:
		if (v->kind == V_STRING) {
			if (t->has_range && (v->len < t->min || v->len > t->max)) {
				compiler_diag(c, TYPE_RANGE, at, "a string of %u characters is outside the allowed length %lld..%lld",
					      v->len, (long long)t->min, (long long)t->max);
				return err();
			}
			if (t->nmembers && !string_member(c, v, t, at))
				return err();
			return v;
		}
		if (v->kind == V_TEMPLATE || v->kind == V_DEFERRED)
			return v;
		break;
	case T_INT:
		if (v->kind == V_INT)
			return check_range(c, v, t, at);
		break;
	case T_BOOL:
		if (v->kind == V_BOOL)
			return v;
		break;
	case T_CPU: case T_MEMORY: case T_STORAGE: case T_DURATION: case T_PERCENT: {
		Dim d = t->kind == T_CPU ? DIM_CPU : t->kind == T_MEMORY ? DIM_MEMORY : t->kind == T_STORAGE ? DIM_STORAGE
		      : t->kind == T_DURATION ? DIM_DURATION : DIM_PERCENT;
		if (v->kind == V_INT && d == DIM_CPU && (v = cores(c, v, at))->kind == V_ERROR)
			return v;
		if (v->kind == V_QTY && v->dim == d)
			return check_range(c, v, t, at);
		break;
	}
	case T_CIDR:
		if (v->kind == V_CIDR)
			return v;
		break;
	case T_ENUM:
		if (v->kind == V_SYMBOL && type_has_member(t, v->s)) {
			if (v->type == t)
				return v;
			Value *copy = ARENA_NEW(c->arena, Value);
			*copy = *v;
			copy->type = t;
			return copy;
		}
		if (v->kind == V_SYMBOL) {
			Diag *g = compiler_diag(c, TYPE_ENUM, at, "`%s` is not %s", v->s, type_describe_a(c, t));
			suggest_name(c, g, v->s, t->members, t->nmembers);
			return err();
		}
		break;
	case T_SYMBOL:
		if (v->kind == V_SYMBOL)
			return v;
		break;
	case T_INSTANCE:
		if (v->kind == V_SYMBOL || v->kind == V_CHOICE)
			return v;
		break;
	case T_LIST:
		if (v->kind == V_LIST)
			return coerce_items(c, v, t->elem, at, false);
		break;
	case T_MAP:
		if (v->kind == V_MAP) {
			bool bad = false;
			for (uint32_t i = 0; i < v->n; i++)
				bad |= !key_ok(c, t, v->keys[i], v->span.end ? v->span : at);
			return coerce_items(c, v, t->elem, at, bad);
		}
		break;
	case T_REF:
	case T_SECRET:
		if (v->kind == V_REF) {
			if (t->kind == T_SECRET)
				return strcmp(v->obj->kind->name, "secret") == 0 ? v : mismatch(c, v, t, at);
			for (uint32_t i = 0; i < t->nkinds; i++)
				if (v->obj->kind == t->kinds[i])
					return v;
			Diag *g = compiler_diag(c, NAME_WRONG_KIND, at, "expected %s, found %s", type_describe_a(c, t),
						value_describe_a(c, v));
			wrong_kind_hints(c, g, v->obj, t);
			return err();
		}
		if (t->kind == T_SECRET && (v->kind == V_STRING || v->kind == V_TEMPLATE)) {
			Diag *g = compiler_diag(c, TYPE_LITERAL_SECRET, at, "a secret cannot be written as a literal string");
			diag_help(&c->diags, g, "declare `secret NAME { name = \"path/in/secrets-manager\" }` and refer to it "
						"as `secret.NAME`");
			return err();
		}
		break;
	case T_NAME:
		/* The account and region say what every output is for: they
		 * cannot wait for `terraform apply`. */
		if ((v->kind == V_TEMPLATE || v->kind == V_DEFERRED) &&
		    (strcmp(t->rule, "aws_account") == 0 || strcmp(t->rule, "aws_region") == 0)) {
			Diag *g = compiler_diag(c, TYPE_DEFERRED, at, "expected %s known when infrac runs, found %s",
						type_describe_a(c, t), value_describe_a(c, v));
			diag_help(&c->diags, g, "write it out, as in \"%s\"",
				  strcmp(t->rule, "aws_account") == 0 ? "123456789012" : "us-west-2");
			return err();
		}
		if (v->kind == V_TEMPLATE || v->kind == V_DEFERRED)
			return v;
		if (v->kind == V_STRING) {
			const char *why;
			if (!budget_spend(c, v->len / STEP_BYTES, at))
				return err();
			if (!name_rule_check(t->rule, v->s, &why)) {
				name_rule_error(c, "", v->s, v->len, t, at, why);
				return err();
			}
			return v;
		}
		break;
	case T_ONE_OF:
		for (uint32_t i = 0; i < t->nalts; i++) {
			c->quiet++;
			uint32_t q = c->quiet_errors;
			Value *r = coerce(c, v, t->alts[i], at);
			bool ok = c->quiet_errors == q && r->kind != V_ERROR;
			c->quiet--;
			if (ok)
				return r;
		}
		/* When one alternative has the value's shape, its own error says
		 * more than a list of every alternative. */
		for (uint32_t i = 0; i < t->nalts; i++) {
			TypeKind k = t->alts[i]->kind;
			if ((k == T_INT && v->kind == V_INT) || (k == T_RANGE && (v->kind == V_RANGE || v->kind == V_LIST)) ||
			    (k == T_EXISTING && v->kind == V_STRING) ||
			    (k == T_REF && v->kind == V_REF && !v->obj->kind->tf_type))
				return coerce(c, v, t->alts[i], at);
		}
		break;
	case T_RANGE:
		return coerce_range(c, v, t, at);
	case T_EXISTING:
		/* data.aws_vpc.shared, aws_vpc.main, "vpc-0123", var.vpc_id. */
		if (v->kind == V_REF && v->obj->kind->tf_type && strcmp(v->obj->kind->tf_type, t->rule) == 0)
			return v;
		if (v->kind == V_TEMPLATE || v->kind == V_DEFERRED)
			return v;
		if (v->kind == V_STRING) {
			const char *why;
			if (!budget_spend(c, v->len / STEP_BYTES, at))
				return err();
			if (type_existing_string(t->rule, v->s, v->len, &why))
				return v;
			const char *words = type_existing_words(t->rule);
			Diag *g = compiler_diag(c, TYPE_EXISTING_ID, at, "\"%.*s%s\" is not %s%s%s", v->len > 60 ? 57 : (int)v->len, v->s,
						v->len > 60 ? "..." : "", words, why == words ? "" : ": ", why == words ? "" : why);
			diag_help(&c->diags, g, "write %s, or refer to an `%s` resource or data source", words, t->rule);
			return err();
		}
		break;
	case T_BLOCK:
	case T_BLOCKS:
	case T_VARIANTS:
		break;
	}
	return mismatch(c, v, t, at);
}

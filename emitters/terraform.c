/*
 * terraform.c: Terraform HCL for the resources of the graph.
 *
 * One root module, with the hashicorp/aws provider only, split by area:
 * versions.tf, network.tf, cluster.tf, iam.tf, data.tf, registry.tf,
 * ops.tf, extra.tf (raw resources), capacity.tf (check blocks restating
 * the capacity guardrail) and outputs.tf.  The resources are the ones
 * the user wrote and the ones the lowering made (lower/), written alike
 * by one serializer, `typed_body`, that knows no kind.  Every file is
 * written through runtime/hcl.c, which lays it out as `terraform fmt`
 * does, and every resource is written out explicitly (for_each only
 * over what is known after apply), so a change to the spec shows up as
 * a readable diff.
 *
 * Resource names come from block paths (cluster.eks.pool.spot becomes
 * eks_spot, see compiler/names.c, which also checks that no two blocks of
 * a kind share one); a name the lowering made from another (a cluster's
 * role, eks_cluster) that meets a block's is an error too.
 * IAM policies are the documents of iam.c, embedded as heredocs whose
 * text Terraform reads back as exactly the bytes of the files in iam/.
 */
#include "emit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct TfFile {
	const char *name;
	Buf *buf;
	HclW w;
	bool any;
} TfFile;

typedef struct Tf {
	Emit *o;
	const Model *m;
	TfFile files[12];
	size_t nfiles;
	Map used;            /* "type.name" -> Object*, for collisions */
	Map outputs;         /* interned output name -> the block it is written for */
	const char *region;
} Tf;

/* ---- files ---- */

static HclW *tf_file(Tf *tf, const char *name)
{
	for (size_t i = 0; i < tf->nfiles; i++)
		if (strcmp(tf->files[i].name, name) == 0) {
			TfFile *f = &tf->files[i];
			if (f->any)
				hcl_blank(&f->w);
			f->any = true;
			return &f->w;
		}
	if (tf->nfiles == COUNT_OF(tf->files))
		fatal("internal error: too many Terraform files");
	TfFile *f = &tf->files[tf->nfiles++];
	f->name = name;
	f->buf = out_file(tf->o, "terraform/%s.tf", name);
	hcl_init(&f->w, f->buf);
	f->any = true;
	return &f->w;
}

/* `resource "type" "name" {` in the file of its area. */
static HclW *resource(Tf *tf, const char *file, const char *type, const char *name, const Object *owner)
{
	const char *key = intern_cstr(&tf->m->c->names, out_printf(tf->o, "%s.%s", type, name));
	Object *prev = map_get(&tf->used, key);
	if (prev && prev != owner && owner) {
		Diag *g = out_diag(tf->o, OUT_NAME, owner->name_span, "%s and %s both become Terraform resource `%s`",
				   prev->path, owner->path, key);
		diag_note(&tf->m->c->diags, g, prev->name_span, "the other block is here");
	}
	if (!prev)
		map_put(&tf->used, key, (void *)owner);
	HclW *w = tf_file(tf, file);
	hcl_block_begin(w, out_printf(tf->o, "resource \"%s\" \"%s\"", type, name));
	return w;
}

static HclW *data_source(Tf *tf, const char *file, const char *type, const char *name)
{
	HclW *w = tf_file(tf, file);
	hcl_block_begin(w, out_printf(tf->o, "data \"%s\" \"%s\"", type, name));
	return w;
}

static const char *lit(Tf *tf, const char *s)
{
	Buf b = {0};
	hcl_string(&b, s, strlen(s));
	const char *r = arena_strndup(tf->o->arena, b.data, b.len);
	buf_free(&b);
	return r;
}

static const char *boolean(bool v)
{
	return v ? "true" : "false";
}

static const char *str_expr(Tf *tf, const Value *v)
{
	Buf b = {0};
	tf_string(tf->o->arena, &b, v);
	const char *r = arena_strndup(tf->o->arena, b.data, b.len);
	buf_free(&b);
	return r;
}

static const char *field_str(Tf *tf, const Object *o, const char *field)
{
	return str_expr(tf, obj_get(o, field));
}

/* A map key as HCL takes it: bare when it can be, else quoted. */
static const char *key_expr(Tf *tf, const char *k)
{
	return hcl_ident_ok(k) && !strchr(k, '-') ? k : lit(tf, k);
}

/* ---- environment ---- */

/* provider "aws" { ... }: the environment's configuration, or another one
 * under an alias. */
static void aws_provider(Tf *tf, HclW *w, const char *alias, const char *region)
{
	Object *env = tf->m->environment;
	hcl_block_begin(w, "provider \"aws\"");
	if (alias)
		hcl_attr(w, "alias", lit(tf, alias));
	hcl_attr(w, "region", region);
	hcl_attr(w, "allowed_account_ids", out_printf(tf->o, "[%s]", field_str(tf, env, "account")));
	hcl_blank(w);
	hcl_block_begin(w, "default_tags");
	hcl_object_begin(w, "tags");
	Value *tags = obj_get(env, "tags");
	bool has_env = false;
	for (uint32_t i = 0; i < tags->n; i++)
		has_env |= strcmp(tags->keys[i], "infrac/environment") == 0;
	if (!has_env)
		hcl_attr(w, "\"infrac/environment\"", lit(tf, env->name));
	for (uint32_t i = 0; i < tags->n; i++)
		hcl_attr(w, key_expr(tf, tags->keys[i]), str_expr(tf, tags->items[i]));
	hcl_object_end(w);
	hcl_block_end(w);
	hcl_block_end(w);
}

static void emit_versions(Tf *tf)
{
	Object *env = tf->m->environment;
	HclW *w = tf_file(tf, "versions");
	hcl_block_begin(w, "terraform");
	hcl_attr(w, "required_version", field_str(tf, env, "terraform_version"));
	hcl_blank(w);
	hcl_block_begin(w, "required_providers");
	hcl_object_begin(w, "aws");
	hcl_attr(w, "source", "\"hashicorp/aws\"");
	/* The provider the resources were checked against, unless the
	 * environment asks for other versions. */
	const char *version = provider_version(tf->m->c, "aws", NULL);
	if (obj_written(env, "aws_provider_version"))
		hcl_attr(w, "version", field_str(tf, env, "aws_provider_version"));
	else
		hcl_attr(w, "version", lit(tf, version ? version : "~> 5.100"));
	hcl_object_end(w);
	hcl_block_end(w);
	hcl_block_end(w);
	hcl_blank(w);
	aws_provider(tf, w, NULL, field_str(tf, env, "region"));
	/* The other configurations of the provider: another region, with
	 * the same account guard and tags. */
	const Vec *extra = model_kind(tf->m, "provider");
	for (size_t i = 0; i < extra->len; i++) {
		hcl_blank(w);
		aws_provider(tf, w, obj_name(extra->items[i]), field_str(tf, extra->items[i], "region"));
	}
}

/* ---- resources and data sources: the user's and the lowering's ---- */

/* The address of a block for depends_on: a typed resource's, or the main
 * resource a stdlib block becomes. */
static const char *block_address(Tf *tf, const Object *obj)
{
	if (strcmp(obj->kind->name, "provider") == 0)
		return out_printf(tf->o, "aws.%s", obj_name(obj));
	if (obj->kind->tf_type)
		return out_printf(tf->o, "%s%s.%s", obj->kind->data ? "data." : "", obj->kind->tf_type, tf_name(tf->o->arena, obj));
	/* An adopted block is what it adopts: a resource of the spec, or
	 * nothing to wait for. */
	const Value *own = obj_adopted(obj);
	if (own)
		return own->kind == V_REF ? block_address(tf, own->obj) : NULL;
	const char *type = lower_main_type(obj);
	return type ? out_printf(tf->o, "%s.%s", type, tf_name(tf->o->arena, obj)) : NULL;
}

static void typed_value(Tf *tf, Buf *b, const Value *v)
{
	switch (v->kind) {
	case V_NULL:
		buf_puts(b, "null");
		return;
	case V_BOOL:
		buf_puts(b, v->i ? "true" : "false");
		return;
	case V_INT:
		buf_printf(b, "%lld", (long long)v->i);
		return;
	case V_QTY:
		if (v->dim == DIM_PERCENT) { /* a percentage is its number: 80% is 80 */
			size_t at = b->len;
			qty_format(DIM_PERCENT, v->i, b);
			if (b->len > at && b->data[b->len - 1] == '%')
				b->len--;
			return;
		}
		tf_string(tf->o->arena, b, v);
		return;
	case V_LIST: {
		/* A block with no address (depends_on an adopted one) adds
		 * nothing to wait for. */
		buf_putc(b, '[');
		bool first = true;
		for (uint32_t i = 0; i < v->n; i++) {
			if (v->items[i]->kind == V_REF && !block_address(tf, v->items[i]->obj))
				continue;
			buf_puts(b, first ? "" : ", ");
			first = false;
			typed_value(tf, b, v->items[i]);
		}
		buf_putc(b, ']');
		return;
	}
	case V_MAP:
		buf_puts(b, v->n ? "{ " : "{}");
		for (uint32_t i = 0; i < v->n; i++) {
			buf_printf(b, "%s%s = ", i ? ", " : "", key_expr(tf, v->keys[i]));
			typed_value(tf, b, v->items[i]);
		}
		if (v->n)
			buf_puts(b, " }");
		return;
	case V_REF: {
		const char *a = block_address(tf, v->obj);
		buf_puts(b, a ? a : "null");
		return;
	}
	default:
		tf_string(tf->o->arena, b, v);
	}
}

typedef struct TypedItem {
	Span span;
	uint32_t order;
	const Field *f;       /* an attribute */
	const Object *block;  /* or a nested block */
	const Object *doc_owner; /* a lowered attribute holding an IAM document */
	const char *doc;         /* of this block and purpose */
	bool heredoc;            /* a lowered text of several lines */
	const Value *value;      /* an attribute's value */
} TypedItem;

static int cmp_typed_items(const void *a, const void *b)
{
	const TypedItem *x = a, *y = b;
	if (x->span.file != y->span.file)
		return x->span.file < y->span.file ? -1 : 1;
	if (x->span.start != y->span.start)
		return x->span.start < y->span.start ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The attributes and nested blocks of o: of a resource the user wrote,
 * in the order they were written; of one the lowering made, in the order
 * it set them.  *n receives their number; the array is malloc'd. */
static TypedItem *typed_items(Tf *tf, const Object *o, size_t *n)
{
	const LowRes *lr = lower_record(&tf->o->graph, o);
	if (lr) {
		TypedItem *items = xmalloc((lr->items.len ? lr->items.len : 1) * sizeof *items);
		for (size_t i = 0; i < lr->items.len; i++) {
			const LowItem *it = lr->items.items[i];
			items[i] = (TypedItem){{0, 0, 0}, (uint32_t)i, it->field, it->block, it->doc_owner ? it->doc_owner : lr->owner,
					       it->doc, it->heredoc, it->value};
		}
		*n = lr->items.len;
		return items;
	}
	Vec items = {0};
	uint32_t order = 0;
	for (uint32_t i = 0; i < o->kind->nfields; i++) {
		const Field *f = o->kind->fields[i];
		const Slot *s = &o->slots[i];
		for (size_t j = 0; j < slot_blocks(s)->len; j++) {
			const Object *blk = slot_blocks(s)->items[j];
			TypedItem *it = arena_alloc(tf->o->arena, sizeof *it);
			*it = (TypedItem){blk->span, blk->id, NULL, blk, NULL, NULL, false, NULL};
			vec_push(&items, it);
		}
		Span as, vs;
		if (type_is_block(f->type) || !slot_written(o, f, &as, &vs) || !s->value)
			continue;
		TypedItem *it = arena_alloc(tf->o->arena, sizeof *it);
		*it = (TypedItem){as, order++, f, NULL, NULL, NULL, false, s->value};
		vec_push(&items, it);
	}
	TypedItem *sorted = xmalloc((items.len ? items.len : 1) * sizeof *sorted);
	for (size_t i = 0; i < items.len; i++)
		sorted[i] = *(TypedItem *)items.items[i];
	qsort(sorted, items.len, sizeof *sorted, cmp_typed_items);
	*n = items.len;
	vec_free(&items);
	return sorted;
}

/* `ignore_changes` names attributes, which Terraform wants bare:
 * `[value]`, not `["value"]`. */
static bool attribute_names(const Object *o, const Field *f, const Value *v)
{
	if (strcmp(o->word, "lifecycle") != 0 || strcmp(f->name, "ignore_changes") != 0 || v->kind != V_LIST)
		return false;
	for (uint32_t i = 0; i < v->n; i++) {
		const Value *a = v->items[i];
		if (a->kind != V_STRING || !a->len || !(isalpha((unsigned char)a->s[0]) || a->s[0] == '_') ||
		    strspn(a->s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.[]\"") != a->len)
			return false;
	}
	return true;
}

/* The attributes and nested blocks of o, as typed_items orders them. */
static void typed_body(Tf *tf, HclW *w, const Object *o)
{
	size_t n;
	TypedItem *sorted = typed_items(tf, o, &n);
	for (size_t i = 0; i < n; i++) {
		const TypedItem *it = &sorted[i];
		if (it->block) {
			Buf h = {0};
			buf_puts(&h, it->block->word);
			for (uint32_t k = 0; k < it->block->nlabels; k++) {
				buf_putc(&h, ' ');
				hcl_string(&h, it->block->labels[k], strlen(it->block->labels[k]));
			}
			if (i > 0)
				hcl_blank(w);
			hcl_block_begin(w, buf_cstr(&h));
			buf_free(&h);
			typed_body(tf, w, it->block);
			hcl_block_end(w);
			if (i + 1 < n && !sorted[i + 1].block)
				hcl_blank(w);
			continue;
		}
		/* depends_on is set apart at the end, as Terraform's style
		 * guide places meta-arguments. */
		if (i > 0 && !sorted[i - 1].block && strcmp(it->f->name, "depends_on") == 0)
			hcl_blank(w);
		Buf v = {0};
		const Value *value = it->value;
		const IamDoc *d = it->doc ? iam_find(tf->o, it->doc_owner, it->doc) : iam_typed_doc(tf->o, o, it->f);
		if (it->doc && !d && it->f->required)
			fatal("internal error: no %s IAM document for %s", it->doc, it->doc_owner->path);
		if (it->doc && !d)
			continue; /* the IAM stage made no such document */
		if (d) { /* a policy, written canonically (iam_policy.c) */
			iam_text_heredoc(d, &v);
			hcl_attr_heredoc(w, it->f->name, buf_cstr(&v));
		} else if (it->heredoc) { /* literal text: ${ and %{ are doubled */
			for (const char *p = value->s; *p; p++) {
				if ((*p == '$' || *p == '%') && p[1] == '{')
					buf_putc(&v, *p);
				buf_putc(&v, *p);
			}
			hcl_attr_heredoc(w, it->f->name, buf_cstr(&v));
		} else if (value->kind == V_MAP && value->n) { /* a map (tags), one key per line */
			hcl_object_begin(w, it->f->name);
			for (uint32_t k = 0; k < value->n; k++) {
				Buf e = {0};
				typed_value(tf, &e, value->items[k]);
				hcl_attr(w, key_expr(tf, value->keys[k]), buf_cstr(&e));
				buf_free(&e);
			}
			hcl_object_end(w);
		} else if (attribute_names(o, it->f, value)) {
			buf_putc(&v, '[');
			for (uint32_t k = 0; k < value->n; k++)
				buf_printf(&v, "%s%s", k ? ", " : "", value->items[k]->s);
			buf_putc(&v, ']');
			hcl_attr(w, it->f->name, buf_cstr(&v));
		} else {
			typed_value(tf, &v, value);
			hcl_attr(w, it->f->name, buf_cstr(&v));
		}
		buf_free(&v);
	}
	free(sorted);
}

static void emit_typed(Tf *tf, const Object *o)
{
	HclW *w = o->kind->data ? data_source(tf, "extra", o->kind->tf_type, tf_name(tf->o->arena, o))
				: resource(tf, "extra", o->kind->tf_type, tf_name(tf->o->arena, o), o);
	typed_body(tf, w, o);
	hcl_block_end(w);
}

/* The resources the lowering made of a block (lower/), each in the file
 * of its area. */
static void emit_lowered(Tf *tf, const Object *blk)
{
	const Vec *made = lower_made(&tf->o->graph, blk);
	for (size_t i = 0; made && i < made->len; i++) {
		const LowRes *lr = made->items[i];
		const Object *r = lr->res;
		if (!r && lr->check) {
			HclW *w = tf_file(tf, lr->area);
			hcl_block_begin(w, out_printf(tf->o, "check \"%s\"", lr->check));
			for (size_t k = 0; k + 1 < lr->asserts.len; k += 2) {
				if (k)
					hcl_blank(w);
				Buf cond = {0}, msg = {0};
				typed_value(tf, &cond, lr->asserts.items[k]);
				typed_value(tf, &msg, lr->asserts.items[k + 1]);
				hcl_block_begin(w, "assert");
				hcl_attr(w, "condition", buf_cstr(&cond));
				hcl_attr(w, "error_message", buf_cstr(&msg));
				hcl_block_end(w);
				buf_free(&cond);
				buf_free(&msg);
			}
			hcl_block_end(w);
			continue;
		}
		if (!r) { /* local values */
			HclW *w = tf_file(tf, lr->area);
			hcl_block_begin(w, "locals");
			for (size_t k = 0; k < lr->local_names.len; k++) {
				Buf v = {0};
				typed_value(tf, &v, lr->local_values.items[k]);
				hcl_attr(w, lr->local_names.items[k], buf_cstr(&v));
				buf_free(&v);
			}
			hcl_block_end(w);
			continue;
		}
		HclW *w = r->kind->data ? data_source(tf, lr->area, r->kind->tf_type, r->name)
					: resource(tf, lr->area, r->kind->tf_type, r->name, blk);
		if (lr->for_each) { /* meta-arguments first, set apart */
			Buf v = {0};
			typed_value(tf, &v, lr->for_each);
			hcl_attr(w, "for_each", buf_cstr(&v));
			buf_free(&v);
			if (lr->items.len)
				hcl_blank(w);
		}
		typed_body(tf, w, r);
		hcl_block_end(w);
		for (size_t k = 0; k < lr->facts.len; k++) {
			const LowFact *f = lr->facts.items[k];
			out_fact(tf->o, f->subject, f->key, f->span, "%s", f->value);
		}
	}
}

/* ---- outputs ---- */

static void output(Tf *tf, const char *name, const char *value, bool sensitive)
{
	map_put(&tf->outputs, intern_cstr(&tf->m->c->names, name), (void *)name);
	HclW *w = tf_file(tf, "outputs");
	hcl_block_begin(w, out_printf(tf->o, "output \"%s\"", name));
	hcl_attr(w, "value", value);
	if (sensitive)
		hcl_attr(w, "sensitive", "true");
	hcl_block_end(w);
}

/* The outputs the lowering publishes for the blocks, in the order it
 * made them. */
static void emit_outputs(Tf *tf)
{
	const Vec *outs = &tf->o->graph.outputs;
	for (size_t i = 0; i < outs->len; i++) {
		const LowOutput *out = outs->items[i];
		Buf v = {0};
		typed_value(tf, &v, out->value);
		output(tf, out->name, out_printf(tf->o, "%s", buf_cstr(&v)), out->sensitive);
		buf_free(&v);
	}
}

static bool has_value(const Object *o, const char *field)
{
	const Value *v = obj_get(o, field);
	return v && v->kind != V_NULL;
}

/* The user's own outputs, after the ones infrac writes, whose names they
 * must not take. */
static void emit_user_output(Tf *tf, const Object *out)
{
	const char *name = obj_name(out);
	if (map_get(&tf->outputs, intern_cstr(&tf->m->c->names, name))) {
		Diag *g = out_diag(tf->o, OUT_NAME, out->name_span, "infrac already writes a Terraform output named `%s`",
				   name);
		diag_help(&tf->m->c->diags, g, "rename the output; `infrac build` lists infrac's in terraform/outputs.tf");
		return;
	}
	HclW *w = tf_file(tf, "outputs");
	hcl_block_begin(w, out_printf(tf->o, "output \"%s\"", name));
	Buf v = {0};
	typed_value(tf, &v, obj_get(out, "value"));
	hcl_attr(w, "value", buf_cstr(&v));
	buf_free(&v);
	if (has_value(out, "description"))
		hcl_attr(w, "description", field_str(tf, out, "description"));
	if (obj_bool(out, "sensitive"))
		hcl_attr(w, "sensitive", "true");
	hcl_block_end(w);
}

static void emit_variable(Tf *tf, const Object *var)
{
	HclW *w = tf_file(tf, "variables");
	hcl_block_begin(w, out_printf(tf->o, "variable \"%s\"", obj_name(var)));
	hcl_attr(w, "type", obj_str(var, "type"));
	if (has_value(var, "description"))
		hcl_attr(w, "description", field_str(tf, var, "description"));
	if (obj_bool(var, "sensitive"))
		hcl_attr(w, "sensitive", "true");
	if (obj_bool(var, "ephemeral"))
		hcl_attr(w, "ephemeral", "true");
	hcl_attr(w, "nullable", boolean(obj_bool(var, "nullable")));
	hcl_block_end(w);
}

static const Object *top_block(const Object *o)
{
	while (o->parent)
		o = o->parent;
	return o;
}

/* `moved { from = "network.main"  to = network.core }`: a high-level block
 * renamed.  Every resource it made moves: their names start with the
 * block's Terraform name, which the old label replaces. */
static void emit_rename(Tf *tf, const Object *mv, const char *from, const Object *to)
{
	const char *dot = strchr(from, '.');
	size_t kl = (size_t)(dot - from);
	if (to->parent || strlen(to->kind->name) != kl || strncmp(to->kind->name, from, kl) != 0) {
		Diag *g = out_diag(tf->o, NAME_WRONG_KIND, obj_value_span(mv, "to"), "`%s` is not a %.*s block of its own",
				   to->path, (int)kl, from);
		diag_help(&tf->m->c->diags, g, "a renamed block moves to a top-level block of the same kind");
		return;
	}
	const char *now = tf_name(tf->o->arena, to), *was = names_ident(tf->o->arena, dot + 1);
	size_t nl = strlen(now);
	size_t moved = 0;
	for (size_t i = 0; i < tf->used.len; i++) {
		const Object *owner = tf->used.vals[i];
		const char *key = tf->used.keys[i], *name = strchr(key, '.') + 1;
		if (!owner || top_block(owner) != to || strncmp(name, now, nl) != 0 || (name[nl] && name[nl] != '_'))
			continue;
		HclW *w = tf_file(tf, "moved");
		hcl_block_begin(w, "moved");
		hcl_attr(w, "from", out_printf(tf->o, "%.*s.%s%s", (int)(name - key - 1), key, was, name + nl));
		hcl_attr(w, "to", key);
		hcl_block_end(w);
		moved++;
	}
	if (!moved)
		out_diag(tf->o, NAME_WRONG_KIND, obj_value_span(mv, "to"), "`%s` makes no Terraform resource to move", to->path);
}

/* moved, import and removed blocks, in terraform/moved.tf: the `to` of
 * moved and import is a block of the specification, written as the
 * address of the resource it is (the main one, for a high-level block). */
static void emit_state_change(Tf *tf, const Object *b)
{
	const char *kind = b->kind->name;
	const char *to = NULL;
	const char *from = kind_field(b->kind, intern_cstr(&tf->m->c->names, "from")) ? obj_str(b, "from") : NULL;
	const char *dot = from ? strchr(from, '.') : NULL;
	if (dot && strcmp(kind, "moved") == 0 &&
	    schema_kind(tf->m->c, intern(&tf->m->c->names, from, (size_t)(dot - from)))) {
		const Value *v = obj_get(b, "to");
		if (v->kind == V_REF) {
			emit_rename(tf, b, from, v->obj);
			return;
		}
	}
	if (kind_field(b->kind, intern_cstr(&tf->m->c->names, "to"))) {
		const Value *v = obj_get(b, "to");
		to = v->kind == V_REF ? block_address(tf, v->obj) : NULL;
		if (!to) {
			Diag *g = out_diag(tf->o, NAME_WRONG_KIND, v->span, "the `to` of a %s block is a resource of the specification",
					   kind);
			diag_help(&tf->m->c->diags, g, "refer to the block itself, such as `aws_sqs_queue.jobs` or `bucket.logs`");
			return;
		}
	}
	HclW *w = tf_file(tf, "moved");
	hcl_block_begin(w, kind);
	if (strcmp(kind, "import") == 0) {
		hcl_attr(w, "to", to);
		hcl_attr(w, "id", field_str(tf, b, "id"));
	} else {
		hcl_attr(w, "from", obj_str(b, "from"));
		if (to)
			hcl_attr(w, "to", to);
		if (strcmp(kind, "removed") == 0) {
			hcl_blank(w);
			hcl_block_begin(w, "lifecycle");
			hcl_attr(w, "destroy", boolean(obj_bool(b, "destroy")));
			hcl_block_end(w);
		}
	}
	hcl_block_end(w);
}

/* terraform/backend.tf: where the state is kept, when the environment says. */
static void emit_backend(Tf *tf)
{
	const Vec *backends = obj_blocks(tf->m->environment, "backend");
	if (!backends->len)
		return;
	const Object *b = backends->items[0];
	HclW *w = tf_file(tf, "backend");
	hcl_block_begin(w, "terraform");
	hcl_block_begin(w, out_printf(tf->o, "backend \"%s\"", b->kind->variant));
	hcl_attr(w, "bucket", field_str(tf, b, "bucket"));
	hcl_attr(w, "key", field_str(tf, b, "key"));
	hcl_attr(w, "region", has_value(b, "region") ? field_str(tf, b, "region") : lit(tf, tf->region));
	hcl_attr(w, "encrypt", boolean(obj_bool(b, "encrypt")));
	if (has_value(b, "dynamodb_table"))
		hcl_attr(w, "dynamodb_table", field_str(tf, b, "dynamodb_table"));
	else
		hcl_attr(w, "use_lockfile", boolean(obj_bool(b, "use_lockfile")));
	static const char *const optional[] = {"kms_key_id", "workspace_key_prefix"};
	for (size_t i = 0; i < COUNT_OF(optional); i++)
		if (has_value(b, optional[i]))
			hcl_attr(w, optional[i], field_str(tf, b, optional[i]));
	if (has_value(b, "role_arn")) {
		hcl_blank(w);
		hcl_block_begin(w, "assume_role");
		hcl_attr(w, "role_arn", field_str(tf, b, "role_arn"));
		hcl_block_end(w);
	}
	hcl_block_end(w);
	hcl_block_end(w);
}

/* ---- entry point ---- */

static void each(Tf *tf, const char *kind, void (*fn)(Tf *, const Object *))
{
	const Vec *v = model_kind(tf->m, kind);
	for (size_t i = 0; i < v->len; i++)
		fn(tf, v->items[i]);
}

void emit_terraform(Emit *o)
{
	const Model *m = o->m;
	if (!m->environment)
		return; /* reported by the driver: a build needs an environment */
	Tf tf = {0};
	tf.o = o;
	tf.m = m;
	tf.region = obj_str(m->environment, "region");
	iam_build(o);
	emit_versions(&tf);
	/* The resources the lowering made, kind by kind in the order of
	 * its table. */
	const Lowering *rows;
	size_t nrows = lower_rows(&rows);
	for (size_t i = 0; i < nrows; i++)
		if (rows[i].lower)
			each(&tf, rows[i].kind, emit_lowered);
	for (size_t i = 0; i < m->objects.len; i++) {
		const Object *obj = m->objects.items[i];
		if (obj->kind->tf_type)
			emit_typed(&tf, obj);
	}
	emit_outputs(&tf);
	each(&tf, "output", emit_user_output);
	each(&tf, "variable", emit_variable);
	each(&tf, "moved", emit_state_change);
	each(&tf, "import", emit_state_change);
	each(&tf, "removed", emit_state_change);
	emit_backend(&tf);
	for (size_t i = 0; i < tf.nfiles; i++)
		hcl_finish(&tf.files[i].w);
	map_free(&tf.used);
	map_free(&tf.outputs);
}

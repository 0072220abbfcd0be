/*
 * schema.c: resource kinds, read from the standard library.
 *
 * Every kind infrac knows is declared in the .infra files of stdlib/kinds, with the
 * ordinary grammar: `kind NAME { doc = "..."  field x: T = d "doc" ... }`.
 * Types, ranges and defaults are never written in C: the checker reads
 * them from the Kinds built here, so adding a field is an edit to a
 * .infra file.  Only rules across objects (check.c) name the kinds they
 * are about.
 *
 * Kinds are registered in two passes so that a field may refer to a kind
 * declared later (or in another file): first every name, then fields.
 */
#include "infrac.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

Kind *schema_kind(Compiler *c, const char *name)
{
	return map_get(&c->kinds, name);
}

Field *kind_field(const Kind *k, const char *name)
{
	return map_get(&k->by_name, name);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool schema_error(Compiler *c, Node *n, const char *msg)
{
	compiler_diag(c, NAME_MISPLACED, n->span, "%s", msg);
	return false;
}

static const char *word_of(Node *n)
{
	return n && n->kind == N_PATH && n->list.len == 1 ? n->list.items[0]->name : NULL;
}

/* Pass 1: the kind's own settings (doc, labels, nested, ...). */
static void kind_settings(Compiler *c, Kind *k, Node *b)
{
	k->max_labels = 0;
	for (uint32_t i = 0; i < b->body.len; i++) {
		Node *it = b->body.items[i];
		if (it->kind != N_ATTR)
			continue;
		const char *n = it->name;
		Node *v = it->a;
		if (strcmp(n, "doc") == 0 && v->kind == N_STRING) {
			k->doc = v->str;
		} else if (strcmp(n, "labels") == 0 && v->kind == N_NUMBER && !*v->unit) {
			k->min_labels = k->max_labels = (int)v->num;
		} else if (strcmp(n, "labels") == 0 && v->kind == N_RANGE && v->a->kind == N_NUMBER &&
			   v->b->kind == N_NUMBER) {
			k->min_labels = (int)v->a->num;
			k->max_labels = (int)v->b->num;
		} else if (strcmp(n, "nested") == 0 && v->kind == N_BOOL) {
			k->nested = v->op;
		} else if (strcmp(n, "variant") == 0 && word_of(v)) {
			k->variant = word_of(v);
		} else {
			schema_error(c, it, "a kind is described by `doc`, `labels`, `nested` and `variant`");
		}
	}
}

/* Pass 2: fields and outputs. */
static void kind_fields(Compiler *c, Kind *k, Node *b)
{
	Vec fields = {0};
	for (uint32_t i = 0; i < b->body.len; i++) {
		Node *it = b->body.items[i];
		if (it->kind == N_ATTR)
			continue;
		if (it->kind != N_DECL || it->op == DECL_PARAM) {
			schema_error(c, it, "a kind holds `field` and `output` declarations");
			continue;
		}
		if (kind_field(k, it->name)) {
			compiler_diag(c, NAME_DUPLICATE_DECL, it->name_span, "field `%s` is declared twice", it->name);
			continue;
		}
		Field *f = ARENA_NEW(c->arena, Field);
		f->name = it->name;
		f->type = type_from_node(c, it->a, true);
		f->def = it->b;
		f->doc = it->c && it->c->kind == N_STRING ? it->c->str : "";
		f->output = it->op == DECL_OUTPUT;
		f->span = it->span;
		f->owner = k;
		f->index = (uint32_t)fields.len;
		TypeKind tk = f->type->kind;
		f->required = !f->def && !f->output && tk != T_OPTIONAL && tk != T_AUTO && tk != T_ANY &&
			      !type_is_block(f->type);
		map_put(&k->by_name, f->name, f);
		vec_push(&fields, f);
	}
	k->nfields = (uint32_t)fields.len;
	k->fields = ARENA_ARRAY(c->arena, Field *, k->nfields ? k->nfields : 1);
	if (fields.len)
		memcpy(k->fields, fields.items, fields.len * sizeof(Field *));
	vec_free(&fields);
}

/* The name of a kind: a word, or a string for a keyword (`kind "output"`). */
static const char *kind_label(Compiler *c, const Node *n)
{
	if (n->kind == N_NAME)
		return n->name;
	if (n->kind == N_STRING)
		return intern(&c->names, n->str, n->str_len);
	return NULL;
}

bool schema_load(Compiler *c)
{
	const char *dir = arena_printf(c->arena, "%s/kinds", c->stdlib_dir);
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "infrac: error: could not read the standard library \"%s\"\n", dir);
		c->io_error = true;
		return false;
	}
	Vec names = {0};
	struct dirent *e;
	while ((e = readdir(d)))
		if (str_has_suffix(e->d_name, ".infra"))
			vec_push(&names, arena_strdup(c->arena, e->d_name));
	closedir(d);
	vec_sort(&names, cmp_str);
	Vec blocks = {0};
	uint32_t before = c->diags.errors;
	for (size_t i = 0; i < names.len; i++) {
		const char *path = arena_printf(c->arena, "%s/%s", dir, (const char *)names.items[i]);
		const char *reason;
		SrcFile *f = src_read(&c->srcs, c->arena, path, &reason);
		if (!f) {
			fprintf(stderr, "infrac: error: could not read \"%s\": %s\n", path, reason);
			c->io_error = true;
			continue;
		}
		f->path = load_display_path(c, f->path);
		uint32_t fid = c->srcs.len - 1;
		vec_push(&c->stdlib_files, (void *)(uintptr_t)fid);
		Node *root = parse_file(c->arena, c->arena, &c->names, &c->diags, f, fid, NULL);
		for (uint32_t j = 0; j < root->list.len; j++) {
			Node *b = root->list.items[j];
			const char *name = b->kind == N_BLOCK && strcmp(b->name, "kind") == 0 && b->list.len == 1
						   ? kind_label(c, b->list.items[0]) : NULL;
			if (!name) {
				schema_error(c, b, "a schema file holds `kind NAME { ... }` blocks");
				continue;
			}
			if (schema_kind(c, name)) {
				compiler_diag(c, NAME_DUPLICATE_BLOCK, b->name_span, "kind `%s` is declared twice", name);
				continue;
			}
			Kind *k = ARENA_NEW(c->arena, Kind);
			k->name = name;
			k->doc = "";
			k->span = b->span;
			map_put(&c->kinds, name, k);
			vec_push(&blocks, b);
		}
	}
	for (size_t i = 0; i < blocks.len; i++) {
		Node *b = blocks.items[i];
		Kind *k = schema_kind(c, kind_label(c, b->list.items[0]));
		kind_settings(c, k, b);
	}
	for (size_t i = 0; i < blocks.len; i++) {
		Node *b = blocks.items[i];
		kind_fields(c, schema_kind(c, kind_label(c, b->list.items[0])), b);
	}
	vec_free(&names);
	vec_free(&blocks);
	return c->diags.errors == before && !c->io_error;
}

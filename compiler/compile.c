/*
 * compile.c: the pipeline, from a path to a Model.
 *
 * schema -> load -> expand -> check -> (capacity).  Each stage runs only
 * if the ones before it found no errors that would make its own results
 * meaningless: a file with syntax errors is not expanded, because checks
 * on a half-parsed tree would report consequences instead of causes.
 *
 * The syntax trees of the user's files have an arena of their own: once
 * checking has evaluated every field, nothing refers to them any more
 * (strings live in the main arena, and places are byte offsets), so they
 * are freed before the back ends run, a third of what a large
 * specification needs.
 */
#include "infrac.h"

#include <limits.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef INFRAC_DATADIR
#define INFRAC_DATADIR "/usr/local/share/infrac"
#endif

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The standard library: --stdlib, $INFRAC_STDLIB, next to the executable
 * (an in-tree build), or where `meson install` put it. */
static const char *find_stdlib(Compiler *c)
{
	if (c->opt.stdlib_dir)
		return c->opt.stdlib_dir;
	const char *env = getenv("INFRAC_STDLIB");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			const char *cands[] = {"../stdlib", "../share/infrac/stdlib", "stdlib"};
			for (size_t i = 0; i < COUNT_OF(cands); i++) {
				char *p = arena_printf(c->arena, "%s/%s", exe, cands[i]);
				char real[PATH_MAX];
				if (is_dir(p) && realpath(p, real))
					return load_display_path(c, arena_strdup(c->arena, real));
			}
		}
	}
	return INFRAC_DATADIR "/stdlib";
}

/* What schema_load leaves in a compiler, taken from another one: the
 * kinds themselves, the names they are spelt with (interned names compare
 * by address), and the standard library's files under the same ids, so
 * spans into them keep their meaning. */
static void schema_borrow(Compiler *c, const Compiler *from)
{
	c->stdlib_dir = from->stdlib_dir;
	interner_copy(&c->names, &from->names);
	for (uint32_t i = 0; i < from->srcs.len; i++) {
		const SrcFile *f = from->srcs.files[i];
		SrcFile *g = src_add(&c->srcs, c->arena, f->path, f->text, f->len);
		g->real = f->real;
	}
	for (size_t i = 0; i < from->stdlib_files.len; i++)
		vec_push(&c->stdlib_files, from->stdlib_files.items[i]);
	for (size_t i = 0; i < from->kinds.len; i++)
		map_put(&c->kinds, from->kinds.keys[i], from->kinds.vals[i]);
	for (size_t i = 0; i < from->enum_words.len; i++)
		map_put(&c->enum_words, from->enum_words.keys[i], from->enum_words.vals[i]);
}

/* Gives borrowed kinds back as schema_load made them: their caches point
 * into the borrower's arena. */
static void schema_return(Compiler *c)
{
	for (size_t i = 0; i < c->kinds.len; i++) {
		Kind *k = c->kinds.vals[i];
		map_free(&k->by_literal);
		for (uint32_t j = 0; j < k->nfields; j++)
			k->fields[j]->def_value = NULL;
	}
}

Compiler *compiler_new(const CompileOptions *opt)
{
	Compiler *c = xcalloc(1, sizeof *c);
	c->arena = arena_new();
	c->tree = arena_new();
	interner_init(&c->names, c->arena);
	diags_init(&c->diags, c->arena, &c->srcs);
	if (opt)
		c->opt = *opt;
	c->diags.werror = c->opt.werror;
	c->stdlib_dir = find_stdlib(c);
	if (c->opt.schema)
		schema_borrow(c, c->opt.schema);
	return c;
}


void compiler_free(Compiler *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *o = c->objects.items[i];
		for (uint32_t j = 0; j < o->kind->nfields; j++)
			if (o->slots[j].blocks)
				vec_free(o->slots[j].blocks); /* the Vec itself is in the arena */
	}
	for (size_t i = 0; i < c->scopes.len; i++)
		map_free(&((Scope *)c->scopes.items[i])->vars);
	vec_free(&c->scopes);
	if (c->opt.schema)
		schema_return(c);
	else
		for (size_t i = 0; i < c->kinds.len; i++) {
			map_free(&((Kind *)c->kinds.vals[i])->by_name);
			map_free(&((Kind *)c->kinds.vals[i])->by_literal);
		}
	for (size_t i = 0; i < c->modules.len; i++) {
		Module *m = c->modules.items[i];
		map_free(&m->params);
		map_free(&m->lets);
		vec_free(&m->children);
	}
	for (size_t i = 0; i < c->tops.len; i++)
		map_free(c->tops.vals[i]);
	if (c->model)
		model_free(c->model);
	catalog_free(c->catalog);
	plan_free(c->plan);
	provider_free(c);
	map_free(&c->kinds);
	map_free(&c->enum_words);
	map_free(&c->files);
	map_free(&c->file_ids);
	map_free(&c->shared_instances);
	map_free(&c->import_files);
	map_free(&c->data_files);
	map_free(&c->json_spans);
	vec_free(&c->import_roots);
	map_free(&c->tops);
	map_free(&c->failed_labels);
	vec_free(&c->modules);
	vec_free(&c->import_stack);
	vec_free(&c->objects);
	free(c->eval_frames.items);
	vec_free(&c->stdlib_files);
	diags_free(&c->diags);
	srcmap_free(&c->srcs);
	interner_free(&c->names);
	arena_free(c->tree);
	arena_free(c->arena);
	free(c);
}

static void build_model(Compiler *c)
{
	Model *m = ARENA_NEW(c->arena, Model);
	m->c = c;
	m->environment = c->environment;
	m->env_name = c->environment ? c->environment->name : NULL;
	m->catalog = c->catalog;
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *o = c->objects.items[i];
		vec_push(&m->objects, o);
		Vec *list = map_get(&m->by_kind, o->kind->name);
		if (!list) {
			list = ARENA_NEW(c->arena, Vec);
			map_put(&m->by_kind, o->kind->name, list);
		}
		vec_push(list, o);
	}
	c->model = m;
}

/* Frees the syntax trees and every pointer into them, keeping of each
 * attribute only where it was written (see Slot). */
static void drop_syntax(Compiler *c)
{
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *o = c->objects.items[i];
		for (uint32_t j = 0; j < o->kind->nfields; j++) {
			Slot *s = &o->slots[j];
			Node *a = s->attr;
			s->attr_span = a ? a->span : (Span){0, 0, 0};
			s->value_start = a ? a->a->span.start : 0;
			s->dropped = true;
		}
	}
	for (size_t i = 0; i < c->modules.len; i++) {
		Module *m = c->modules.items[i];
		m->root = m->import = NULL;
		for (size_t j = 0; j < m->params.len; j++) {
			Param *p = m->params.vals[j];
			p->decl = p->arg = NULL;
		}
		for (size_t j = 0; j < m->lets.len; j++)
			((Let *)m->lets.vals[j])->node = NULL;
	}
	for (size_t i = 0; i < c->scopes.len; i++) {
		Scope *s = c->scopes.items[i];
		for (size_t j = 0; j < s->vars.len; j++)
			((Let *)s->vars.vals[j])->node = NULL;
	}
	map_free(&c->files);
	arena_free(c->tree);
	c->tree = NULL;
}

static size_t allocated(const Compiler *c)
{
	return c->arena->used_total + (c->tree ? c->tree->used_total : 0);
}

bool compile_file(Compiler *c, const char *path)
{
	double t = clock_ms(), u;
	size_t bytes = allocated(c);
#define PHASE(i)                                                                  \
	(u = clock_ms(), c->phase_ms[i] += u - t, t = u,                          \
	 c->phase_bytes[i] += allocated(c) - bytes, bytes = allocated(c))
	bool ok = c->opt.schema || schema_load(c);
	PHASE(PHASE_SCHEMA);
	if (!ok)
		return false;
	uint32_t before = c->diags.errors;
	ok = load_program(c, path) && c->diags.errors == before;
	PHASE(PHASE_LOAD);
	if (!ok)
		return false;
	ok = expand_program(c);
	PHASE(PHASE_EXPAND);
	if (!ok)
		return false;
	check_program(c);
	PHASE(PHASE_CHECK);
	drop_syntax(c);
	bytes = allocated(c);
	if (c->diags.errors)
		return false;
	const char *cat = c->opt.catalog ? c->opt.catalog
					 : arena_printf(c->arena, "%s/catalog/aws-instances.yaml", c->stdlib_dir);
	ok = catalog_load(c, cat) != NULL;
	PHASE(PHASE_CATALOG);
	if (!ok)
		return false;
	capacity_solve(c);
	PHASE(PHASE_CAPACITY);
	build_model(c);
	c->model->plan = c->plan;
	PHASE(PHASE_MODEL);
	/* The rules across blocks that read the finished Model: only for an
	 * environment, whose spec is whole, and without errors, so every
	 * field has its value. */
	if (c->environment && !c->diags.errors)
		check_model(c);
	PHASE(PHASE_CHECK);
#undef PHASE
	return c->diags.errors == 0;
}

/*
 * common.c: what every back end uses: the in-memory output, diagnostics
 * and facts, and the few questions about the Model that several back
 * ends must answer the same way (a service's namespace, a block's name).
 */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

void output_init(Output *o, const Model *m)
{
	memset(o, 0, sizeof *o);
	o->m = m;
	o->arena = m->c->arena;
}

void output_free(Output *o)
{
	for (size_t i = 0; i < o->files.len; i++)
		buf_free(&((OutFile *)o->files.items[i])->data);
	for (size_t i = 0; i < o->iam.len; i++) {
		buf_free(&((IamDoc *)o->iam.items[i])->json);
		vec_free(&((IamDoc *)o->iam.items[i])->stmts);
	}
	for (size_t i = 0; i < o->iam_by_owner.len; i++)
		vec_free(o->iam_by_owner.vals[i]); /* the Vecs are in the arena */
	iam_free(o);
	lower_free(&o->graph);
	vec_free(&o->files);
	vec_free(&o->iam);
	vec_free(&o->facts);
	map_free(&o->paths);
	map_free(&o->iam_by_owner);
}

Buf *out_file(Output *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *path = arena_vprintf(o->arena, fmt, ap);
	va_end(ap);
	path = intern_cstr(&o->m->c->names, path);
	if (map_get(&o->paths, path))
		fatal("internal error: two back ends write \"%s\"", path);
	if (!outdir_path_ok(path))
		fatal("internal error: output path \"%s\" leaves the output folder", path);
	OutFile *f = ARENA_NEW(o->arena, OutFile);
	f->path = path;
	vec_push(&o->files, f);
	map_put(&o->paths, path, f);
	return &f->data;
}

Diag *out_diag(Output *o, DiagCode code, Span span, const char *fmt, ...)
{
	Compiler *c = o->m->c;
	if (c->quiet > 0)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	Diag *g = diag_vadd(&c->diags, code, span, fmt, ap);
	va_end(ap);
	return g;
}

Diag *out_deferred(Output *o, const Value *v, const char *into)
{
	const Value *part = v;
	for (uint32_t i = 0; v->kind == V_TEMPLATE && i < v->n; i++)
		if (v->items[i]->kind == V_DEFERRED) {
			part = v->items[i];
			break;
		}
	if (part->kind == V_DEFERRED)
		return out_diag(o, OUT_DEFERRED, v->span,
				"`%s.%s` is only known after `terraform apply`; it cannot be written into %s", part->obj->path,
				part->s, into);
	return out_diag(o, OUT_DEFERRED, v->span,
			"this value is only known after `terraform apply`; it cannot be written into %s", into);
}

void out_fact(Output *o, const char *subject, const char *key, Span span, const char *fmt, ...)
{
	Fact *f = ARENA_NEW(o->arena, Fact);
	f->subject = subject;
	f->key = key;
	f->span = span;
	f->emitter = o->emitter;
	va_list ap;
	va_start(ap, fmt);
	f->value = arena_vprintf(o->arena, fmt, ap);
	va_end(ap);
	vec_push(&o->facts, f);
}

const char *out_printf(Output *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *s = arena_vprintf(o->arena, fmt, ap);
	va_end(ap);
	return s;
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

/* What the capacity solver assumed about each service, for the
 * consistency check: the Helm values must say the same. */
static void solver_facts(Output *o)
{
	const Plan *p = o->m->plan;
	for (size_t i = 0; p && i < p->clusters.len; i++) {
		PlanCluster *pc = p->clusters.items[i];
		for (size_t j = 0; j < pc->workloads.len; j++) {
			PlanWorkload *pw = pc->workloads.items[j];
			Buf t = {0};
			qty_format(DIM_PERCENT, pw->surge_bp, &t);
			out_fact(o, pw->svc->path, "cpu_request", pw->svc->name_span, "%lldm", (long long)pw->cpu_m);
			out_fact(o, pw->svc->path, "memory_request", pw->svc->name_span, "%lldMi", (long long)pw->mem_mib);
			out_fact(o, pw->svc->path, "replicas", pw->svc->name_span, "%lld", (long long)pw->replicas);
			out_fact(o, pw->svc->path, "max_surge", pw->svc->name_span, "%s", buf_cstr(&t));
			buf_free(&t);
		}
	}
}

/* Services that run as one service account get one IAM role: the
 * account carries it for every pod.  Checked before any back end runs,
 * so the mistake is reported whichever of them run, and their facts
 * about the account's role are not compared. */
static void check_shared_accounts(Output *o)
{
	Map first = {0}; /* interned "ns/sa" -> the first service that runs as it */
	const Vec *v = model_kind(o->m, "service");
	for (size_t i = 0; i < v->len; i++) {
		const Object *svc = v->items[i];
		const char *ns = svc_namespace(svc), *sa = obj_str(svc, "service_account");
		const char *key = intern_cstr(&o->m->c->names, out_printf(o, "%s/%s", ns, sa));
		const Object *prev = map_get(&first, key);
		if (!prev) {
			map_put(&first, key, (void *)svc);
			continue;
		}
		const Object *role = obj_ref(svc, "role"), *prole = obj_ref(prev, "role");
		if (role == prole)
			continue;
		Diag *g = out_diag(o, CHK_CONFLICT, rbac_field_span(svc, role ? "role" : "service_account"),
				   "services `%s` and `%s` share service account `%s/%s` but not an IAM role", prev->name,
				   svc->name, ns, sa);
		diag_note(&o->m->c->diags, g, prev->name_span, "service `%s` uses %s", prev->name,
			  prole ? out_printf(o, "role `%s`", prole->name) : "no role");
		diag_help(&o->m->c->diags, g, "the pods of both would get the same AWS credentials; give them the same "
					      "`role`, or one of them its own `service_account`");
	}
	map_free(&first);
}

/* Hands on every file not yet flushed. */
static void flush_all(Output *o)
{
	size_t from = o->flushed, to = o->files.len;
	o->flushed = to;
	if (o->flush) {
		o->flush(o, from, to);
		return;
	}
	for (size_t j = from; j < to; j++) {
		Buf *b = &((OutFile *)o->files.items[j])->data;
		if (o->discard)
			buf_free(b);
		else
			buf_shrink(b);
	}
}

/* Files handed on together: enough that the writer's cost per batch
 * does not show, few enough to stay small beside the build. */
enum { FLUSH_FILES = 1024 };

void out_flush(Output *o)
{
	if (o->files.len - o->flushed >= FLUSH_FILES)
		flush_all(o);
}

void emit_all(Output *o, const char *const *names, size_t n)
{
	lower_model(o->m, &o->graph);
	solver_facts(o);
	check_shared_accounts(o);
	for (size_t i = 0; i < emitter_count; i++) {
		bool want = names == NULL;
		for (size_t j = 0; j < n && !want; j++)
			want = strcmp(names[j], emitters[i].name) == 0;
		if (!want)
			continue;
		o->emitter = emitters[i].name;
		emitters[i].emit(o);
		flush_all(o);
	}
	o->emitter = NULL;
	/* Facts disagree when the spec has a mistake a back end reported
	 * (two services that share a service account but not a role, say):
	 * only when none did is a disagreement a defect of infrac. */
	if (!o->m->c->diags.errors)
		consistency_check(o);
}

void iam_mark(Buf *json, const char *expression)
{
	buf_putc(json, IAM_MARK_OPEN);
	buf_puts(json, expression);
	buf_putc(json, IAM_MARK_CLOSE);
}

/* The length of the run of plain text at s: up to a mark, or in a
 * heredoc up to a `${` or `%{` that needs doubling. */
static size_t plain_run(const char *s, size_t n, bool heredoc)
{
	size_t i = 0;
	for (; i < n; i++) {
		char c = s[i];
		if (c == IAM_MARK_OPEN || c == IAM_MARK_CLOSE)
			break;
		if (heredoc && (c == '$' || c == '%') && i + 1 < n && s[i + 1] == '{')
			break;
	}
	return i;
}

/* Copies the document a run at a time: it is written twice a role (the
 * JSON file and the Terraform heredoc). */
static void iam_text(const IamDoc *d, Buf *out, bool heredoc)
{
	const char *s = d->json.data ? d->json.data : "";
	size_t n = d->json.len;
	bool in_mark = false;
	for (size_t i = 0; i < n;) {
		size_t run = plain_run(s + i, n - i, heredoc && !in_mark);
		buf_put(out, s + i, run);
		i += run;
		if (i >= n)
			break;
		char c = s[i++];
		if (c == IAM_MARK_OPEN) {
			buf_puts(out, "${");
			in_mark = true;
		} else if (c == IAM_MARK_CLOSE) {
			buf_putc(out, '}');
			in_mark = false;
		} else {
			buf_putc(out, c); /* $${ and %%{ are literal in HCL */
			buf_putc(out, c);
		}
	}
}

void iam_text_plain(const IamDoc *d, Buf *out)
{
	iam_text(d, out, false);
}

void iam_text_heredoc(const IamDoc *d, Buf *out)
{
	iam_text(d, out, true);
}

/*
 * common.c: what every back end uses: the in-memory output and how its
 * files are handed on, diagnostics and facts, and the text of IAM
 * documents (the marks that carry values known only after apply).  It
 * calls no back end: the questions about the Model that several back
 * ends must answer alike live in compiler/model.c.
 */
#include "emit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void emit_init(Emit *o, const Model *m)
{
	memset(o, 0, sizeof *o);
	o->m = m;
	o->arena = m->c->arena;
}

Buf *out_file(Emit *o, const char *fmt, ...)
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

Diag *out_diag(Emit *o, DiagCode code, Span span, const char *fmt, ...)
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

Diag *out_deferred(Emit *o, const Value *v, const char *into)
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

void out_fact(Emit *o, const char *subject, const char *key, Span span, const char *fmt, ...)
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

const char *out_printf(Emit *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *s = arena_vprintf(o->arena, fmt, ap);
	va_end(ap);
	return s;
}

/* Hands on every file not yet flushed. */
void out_flush_all(Emit *o)
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

void out_flush(Emit *o)
{
	if (o->files.len - o->flushed >= FLUSH_FILES)
		out_flush_all(o);
}

const char *iam_sid(Emit *o, const char *label)
{
	Buf b = {0};
	bool up = true;
	for (const char *p = label; *p; p++) {
		if (!isalnum((unsigned char)*p)) {
			up = true;
			continue;
		}
		buf_putc(&b, up ? (char)toupper((unsigned char)*p) : *p);
		up = false;
	}
	const char *r = arena_strndup(o->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return r;
}

const char *iam_doc_type_name(IamDocType t)
{
	return t == IAM_TRUST ? "trust" : t == IAM_RESOURCE ? "resource" : "identity";
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

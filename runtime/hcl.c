/*
 * hcl.c: writing HCL exactly as `terraform fmt` would lay it out.
 *
 * terraform fmt aligns the `=` of consecutive one-line attributes and
 * leaves everything else alone; a blank line, a nested block or a value
 * spanning several lines (other than a heredoc, which counts as one line)
 * ends the group.  The writer therefore holds back each group of
 * attributes until something ends it, and then writes it aligned.  The
 * tests run the real `terraform fmt -check` over everything infrac emits.
 */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

void hcl_init(HclW *w, Buf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
}

static void hcl_flush(HclW *w)
{
	size_t width = 0;
	for (size_t i = 0; i < w->ngroup; i++) {
		size_t n = strlen(w->group[i].name);
		if (n > width)
			width = n;
	}
	for (size_t i = 0; i < w->ngroup; i++) {
		HclAttr *a = &w->group[i];
		buf_indent(w->out, 2 * w->depth);
		buf_puts(w->out, a->name);
		buf_indent(w->out, (int)(width - strlen(a->name)));
		buf_puts(w->out, " = ");
		buf_puts(w->out, a->value);
		buf_putc(w->out, '\n');
		free(a->name);
		free(a->value);
	}
	w->ngroup = 0;
}

static void hcl_push(HclW *w, const char *name, char *value)
{
	if (w->ngroup == w->capgroup) {
		w->capgroup = w->capgroup ? w->capgroup * 2 : 16;
		w->group = xrealloc(w->group, w->capgroup * sizeof *w->group);
	}
	w->group[w->ngroup].name = xstrdup(name);
	w->group[w->ngroup].value = value;
	w->ngroup++;
}

static void hcl_line_start(HclW *w)
{
	hcl_flush(w);
	buf_indent(w->out, 2 * w->depth);
}

void hcl_block_begin(HclW *w, const char *header)
{
	hcl_line_start(w);
	buf_puts(w->out, header);
	buf_puts(w->out, " {\n");
	w->depth++;
}

void hcl_block_end(HclW *w)
{
	hcl_flush(w);
	w->depth--;
	buf_indent(w->out, 2 * w->depth);
	buf_puts(w->out, "}\n");
}

void hcl_attr(HclW *w, const char *name, const char *value)
{
	hcl_push(w, name, xstrdup(value));
}

void hcl_attr_heredoc(HclW *w, const char *name, const char *text)
{
	/* <<-EOT strips the common indentation, which is exactly the one
	 * added here, so Terraform reads text back byte for byte. */
	Buf v = {0};
	buf_puts(&v, "<<-EOT\n");
	int indent = 2 * (w->depth + 1);
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n)
			buf_indent(&v, indent);
		buf_put(&v, p, n);
		buf_putc(&v, '\n');
		p += n + (nl ? 1 : 0);
	}
	buf_indent(&v, 2 * w->depth);
	buf_puts(&v, "EOT");
	hcl_push(w, name, xstrdup(buf_cstr(&v)));
	buf_free(&v);
}

void hcl_object_begin(HclW *w, const char *name)
{
	hcl_line_start(w);
	buf_puts(w->out, name);
	buf_puts(w->out, " = {\n");
	w->depth++;
}

void hcl_object_end(HclW *w)
{
	hcl_block_end(w);
}

void hcl_list_begin(HclW *w, const char *name)
{
	hcl_line_start(w);
	buf_puts(w->out, name);
	buf_puts(w->out, " = [\n");
	w->depth++;
}

void hcl_list_item(HclW *w, const char *value)
{
	buf_indent(w->out, 2 * w->depth);
	buf_puts(w->out, value);
	buf_puts(w->out, ",\n");
}

void hcl_list_end(HclW *w)
{
	w->depth--;
	buf_indent(w->out, 2 * w->depth);
	buf_puts(w->out, "]\n");
}

void hcl_blank(HclW *w)
{
	hcl_flush(w);
	buf_putc(w->out, '\n');
}

void hcl_finish(HclW *w)
{
	hcl_flush(w);
	free(w->group);
	w->group = NULL;
	w->capgroup = 0;
}

void hcl_string(Buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '$':
		case '%':
			buf_putc(b, c);
			if (i + 1 < n && s[i + 1] == '{')
				buf_putc(b, c); /* $${ and %%{ are literal */
			break;
		default:
			if ((unsigned char)c < 0x20)
				buf_printf(b, "\\u%04x", (unsigned char)c);
			else
				buf_putc(b, c);
		}
	}
	buf_putc(b, '"');
}

bool hcl_ident_ok(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

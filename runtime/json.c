/*
 * json.c: a small streaming JSON writer.
 *
 * Callers write keys in the order they want them to appear; the writer
 * only handles commas, indentation (two spaces) and escaping.  That keeps
 * canonical key order a property of the caller's code, visible in one
 * place, instead of a sort that would hide it.  IAM documents, the
 * dumped Model, the plan and JSON/SARIF diagnostics all go through here.
 */
#include "runtime.h"

#include <math.h>
#include <string.h>

void json_init(JsonW *w, Buf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->first[0] = true;
}

static void json_newline(JsonW *w)
{
	if (w->compact)
		return;
	buf_putc(w->out, '\n');
	buf_indent(w->out, 2 * w->depth);
}

/* Before any value: a comma and newline unless this is the first item,
 * nothing after a key. */
static void json_prefix(JsonW *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth])
		buf_putc(w->out, ',');
	w->first[w->depth] = false;
	json_newline(w);
}

static void json_open(JsonW *w, char c)
{
	json_prefix(w);
	buf_putc(w->out, c);
	if (w->depth + 1 >= (int)COUNT_OF(w->first))
		fatal("internal error: JSON nested too deeply");
	w->depth++;
	w->first[w->depth] = true;
}

static void json_close(JsonW *w, char c)
{
	bool empty = w->first[w->depth];
	w->depth--;
	if (!empty)
		json_newline(w);
	buf_putc(w->out, c);
}

void json_object_begin(JsonW *w) { json_open(w, '{'); }
void json_object_end(JsonW *w) { json_close(w, '}'); }
void json_array_begin(JsonW *w) { json_open(w, '['); }
void json_array_end(JsonW *w) { json_close(w, ']'); }

void json_escape(Buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;
		buf_put(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default: {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_put(b, e, 6);
		}
		}
	}
	buf_put(b, s + run, n - run);
}

void json_key(JsonW *w, const char *key)
{
	json_prefix(w);
	buf_putc(w->out, '"');
	json_escape(w->out, key, strlen(key));
	buf_puts(w->out, w->compact ? "\":" : "\": ");
	w->after_key = true;
}

void json_string_n(JsonW *w, const char *s, size_t n)
{
	json_prefix(w);
	buf_putc(w->out, '"');
	json_escape(w->out, s, n);
	buf_putc(w->out, '"');
}

void json_string(JsonW *w, const char *s)
{
	json_string_n(w, s, strlen(s));
}

void json_int(JsonW *w, int64_t v)
{
	json_prefix(w);
	buf_printf(w->out, "%lld", (long long)v);
}

void json_double(JsonW *w, double v, int decimals)
{
	json_prefix(w);
	if (!isfinite(v))
		v = 0;
	buf_printf(w->out, "%.*f", decimals, v);
}

void json_bool(JsonW *w, bool v)
{
	json_prefix(w);
	buf_puts(w->out, v ? "true" : "false");
}

void json_null(JsonW *w)
{
	json_prefix(w);
	buf_puts(w->out, "null");
}

void json_finish(JsonW *w)
{
	buf_putc(w->out, '\n');
}

void json_key_raw(JsonW *w, const char *raw)
{
	json_prefix(w);
	buf_putc(w->out, '"');
	buf_puts(w->out, raw);
	buf_puts(w->out, w->compact ? "\":" : "\": ");
	w->after_key = true;
}

void json_value_raw(JsonW *w, const char *raw)
{
	json_prefix(w);
	buf_puts(w->out, raw);
}

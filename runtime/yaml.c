/*
 * yaml.c: a block-style YAML writer.
 *
 * Kubernetes and Helm read YAML 1.1-ish scalars: `yes`, `on` and `0755`
 * are not strings to them.  So a scalar is written plain only when it
 * cannot be read as anything but the same string: it starts with a
 * letter or `_`, holds only letters, digits and `_ . - /`, and is not one
 * of the YAML 1.1 booleans or nulls (every YAML 1.1 number and timestamp
 * starts with a digit, a sign or a dot).  Everything else is
 * double-quoted with escapes, which always reads back as the exact same
 * string: control characters, the Unicode line separators that YAML
 * folds (U+0085, U+2028, U+2029) and the byte order mark are escaped, so
 * a quoted scalar is always one line.  Integers and booleans are written
 * plain on purpose, through their own calls.  tests/unit/test_yaml.c
 * parses every case back with libyaml.
 *
 * The writer keeps a stack of open containers: a mapping value that is
 * a container goes on the next line, indented two spaces; sequence items
 * are `- ` followed by the item, with a mapping's first key on the dash's
 * line, as kubectl prints them.  An empty container is `{}` or `[]` on
 * the line of its key or dash.  A key longer than YAML's 1024-character
 * limit for implicit keys is written as an explicit `? key` / `: value`.
 */
#include "runtime.h"

#include <string.h>

/* Implicit keys longer than this are written as `? key`; YAML readers
 * stop looking for the `:` of an implicit key after 1024 characters. */
enum { YAML_IMPLICIT_KEY_MAX = 1000 };

static const char *const yaml11_words[] = {
	"y", "yes", "n", "no", "true", "false", "on", "off", "null",
};

bool yaml_plain_ok(const char *s, size_t n)
{
	if (n == 0)
		return false;
	unsigned char c0 = (unsigned char)s[0];
	if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_'))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		      c == '.' || c == '-' || c == '/'))
			return false;
	}
	/* The YAML 1.1 words in any case: `yEs` is a string to YAML, but
	 * quoting it costs nothing and no reader can then get it wrong. */
	if (n <= 5) {
		char low[6];
		for (size_t i = 0; i < n; i++)
			low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		low[n] = 0;
		for (size_t i = 0; i < COUNT_OF(yaml11_words); i++)
			if (strcmp(low, yaml11_words[i]) == 0)
				return false;
	}
	return true;
}

void yaml_quote(Buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_putc(b, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			switch (c) {
			case '"': buf_puts(b, "\\\""); break;
			case '\\': buf_puts(b, "\\\\"); break;
			case '\n': buf_puts(b, "\\n"); break;
			case '\t': buf_puts(b, "\\t"); break;
			case '\r': buf_puts(b, "\\r"); break;
			default:
				if (c < 0x20 || c == 0x7f) {
					char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
					buf_put(b, e, 4);
				} else {
					buf_putc(b, (char)c);
				}
			}
			i++;
			continue;
		}
		uint32_t cp;
		int len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (len == 0) {
			buf_puts(b, "\\uFFFD");
			i++;
		} else if (cp <= 0x9f) {
			/* C1 controls, NEL (a line break to YAML) among them. */
			char e[4] = {'\\', 'x', hex[cp >> 4], hex[cp & 15]};
			buf_put(b, e, 4);
			i += (size_t)len;
		} else if (cp == 0x2028 || cp == 0x2029 || cp == 0xfeff || cp == 0xfffe || cp == 0xffff) {
			buf_printf(b, "\\u%04X", (unsigned)cp);
			i += (size_t)len;
		} else {
			buf_put(b, s + i, (size_t)len);
			i += (size_t)len;
		}
	}
	buf_putc(b, '"');
}

static void yaml_scalar_text(Buf *b, const char *s, size_t n)
{
	if (yaml_plain_ok(s, n))
		buf_put(b, s, n);
	else
		yaml_quote(b, s, n);
}

void yaml_init(YamlW *w, Buf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
}

/* Writes what must come before a value: the pending key's colon, or a
 * sequence dash. */
static void yaml_before_value(YamlW *w, bool container)
{
	YamlFrame *f = w->depth ? &w->stack[w->depth - 1] : NULL;
	if (f && f->seq) {
		buf_indent(w->out, f->indent);
		buf_puts(w->out, "-");
		if (!container)
			buf_putc(w->out, ' ');
		w->after_dash = container;
	} else if (w->key_pending) {
		if (w->key_explicit) {
			buf_putc(w->out, '\n');
			buf_indent(w->out, f ? f->indent : 0);
		}
		buf_puts(w->out, container ? ":\n" : ": ");
		w->key_pending = false;
		w->key_explicit = false;
	}
}

static void yaml_push(YamlW *w, bool seq)
{
	if (w->depth >= (int)COUNT_OF(w->stack))
		fatal("internal error: YAML nested too deeply");
	int indent = 0;
	if (w->depth > 0) {
		YamlFrame *up = &w->stack[w->depth - 1];
		indent = up->indent + 2;
	}
	w->stack[w->depth].seq = seq;
	w->stack[w->depth].first_on_dash = false;
	w->stack[w->depth].indent = indent;
	w->stack[w->depth].count = 0;
	w->depth++;
}

void yaml_map_begin(YamlW *w)
{
	if (w->depth > 0) {
		yaml_before_value(w, true);
		w->stack[w->depth - 1].count++;
	}
	bool dash = w->after_dash;
	yaml_push(w, false);
	w->stack[w->depth - 1].first_on_dash = dash;
	w->after_dash = false;
}

void yaml_seq_begin(YamlW *w)
{
	if (w->depth > 0) {
		yaml_before_value(w, true);
		w->stack[w->depth - 1].count++;
	}
	bool dash = w->after_dash;
	yaml_push(w, true);
	/* A sequence inside a sequence item starts on its own lines. */
	if (dash)
		buf_putc(w->out, '\n');
	w->after_dash = false;
}

static void yaml_end(YamlW *w, const char *empty)
{
	YamlFrame *f = &w->stack[w->depth - 1];
	if (f->count == 0) {
		if (w->depth == 1) {
			/* A whole document that is empty: nothing precedes it. */
			buf_puts(w->out, empty);
		} else {
			/* `key: {}` or `- []`: back up over the line break. */
			if (w->out->len && w->out->data[w->out->len - 1] == '\n')
				w->out->len--;
			buf_putc(w->out, ' ');
			buf_puts(w->out, empty);
		}
		buf_putc(w->out, '\n');
	}
	w->depth--;
}

void yaml_map_end(YamlW *w) { yaml_end(w, "{}"); }
void yaml_seq_end(YamlW *w) { yaml_end(w, "[]"); }

void yaml_key_n(YamlW *w, const char *key, size_t n)
{
	YamlFrame *f = &w->stack[w->depth - 1];
	if (f->count == 0 && f->first_on_dash)
		buf_putc(w->out, ' ');
	else
		buf_indent(w->out, f->indent);
	size_t start = w->out->len;
	yaml_scalar_text(w->out, key, n);
	w->key_explicit = w->out->len - start > YAML_IMPLICIT_KEY_MAX;
	if (w->key_explicit) {
		/* Put `? ` in front of the key text just written. */
		buf_put(w->out, "  ", 2);
		memmove(w->out->data + start + 2, w->out->data + start, w->out->len - 2 - start);
		memcpy(w->out->data + start, "? ", 2);
	}
	w->key_pending = true;
}

void yaml_key(YamlW *w, const char *key)
{
	yaml_key_n(w, key, strlen(key));
}

static void yaml_value_done(YamlW *w)
{
	buf_putc(w->out, '\n');
	if (w->depth > 0)
		w->stack[w->depth - 1].count++;
}

void yaml_string_n(YamlW *w, const char *s, size_t n)
{
	yaml_before_value(w, false);
	yaml_scalar_text(w->out, s, n);
	yaml_value_done(w);
}

void yaml_string(YamlW *w, const char *s)
{
	yaml_string_n(w, s, strlen(s));
}

void yaml_int(YamlW *w, int64_t v)
{
	yaml_before_value(w, false);
	buf_printf(w->out, "%lld", (long long)v);
	yaml_value_done(w);
}

void yaml_bool(YamlW *w, bool v)
{
	yaml_before_value(w, false);
	buf_puts(w->out, v ? "true" : "false");
	yaml_value_done(w);
}

void yaml_null(YamlW *w)
{
	yaml_before_value(w, false);
	buf_puts(w->out, "null");
	yaml_value_done(w);
}

void yaml_doc_start(YamlW *w)
{
	if (w->docs++ > 0)
		buf_puts(w->out, "---\n");
}

/*
 * value.c: evaluated values.
 *
 * Quantities are held as integers in their smallest unit (millicores,
 * bytes, seconds, hundredths of a percent), so arithmetic and comparisons
 * are exact and formatting can always pick the largest unit that
 * divides the value.  Every value carries the span of the expression it
 * came from.
 */
#include "infrac.h"

#include <inttypes.h>
#include <string.h>

Value value_error = {.kind = V_ERROR};

Value *value_new(Compiler *c, ValueKind k, Span span)
{
	Value *v = ARENA_NEW(c->arena, Value);
	v->kind = k;
	v->span = span;
	return v;
}

Value *value_string(Compiler *c, const char *s, size_t len, Span span)
{
	Value *v = value_new(c, V_STRING, span);
	v->s = arena_strndup(c->arena, s, len);
	v->len = (uint32_t)len;
	return v;
}

Value *value_int(Compiler *c, int64_t i, Span span)
{
	Value *v = value_new(c, V_INT, span);
	v->i = i;
	return v;
}

Value *value_bool(Compiler *c, bool b, Span span)
{
	Value *v = value_new(c, V_BOOL, span);
	v->i = b;
	return v;
}

Value *value_qty(Compiler *c, Dim d, int64_t i, Span span)
{
	Value *v = value_new(c, V_QTY, span);
	v->dim = d;
	v->i = i;
	return v;
}

Value *value_symbol(Compiler *c, const char *s, Span span)
{
	Value *v = value_new(c, V_SYMBOL, span);
	v->s = s;
	v->len = (uint32_t)strlen(s);
	return v;
}

Value *value_map_get(const Value *m, const char *key)
{
	if (m->kind != V_MAP)
		return NULL;
	for (uint32_t i = 0; i < m->n; i++)
		if (m->keys[i] == key)
			return m->items[i];
	return NULL;
}

bool value_equal(const Value *a, const Value *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case V_NULL:
	case V_AUTO:
		return true;
	case V_BOOL:
	case V_INT:
		return a->i == b->i;
	case V_QTY:
		return a->dim == b->dim && a->i == b->i;
	case V_CIDR:
		return a->i == b->i && a->prefix == b->prefix;
	case V_RANGE:
		return a->i == b->i && a->n == b->n;
	case V_STRING:
		return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
	case V_SYMBOL:
		return strcmp(a->s, b->s) == 0;
	case V_REF:
		return a->obj == b->obj;
	case V_KINDSET:
		return a->kind_of == b->kind_of;
	case V_LIST:
	case V_MAP:
	case V_CHOICE:
		if (a->n != b->n)
			return false;
		for (uint32_t i = 0; i < a->n; i++) {
			if (a->kind == V_MAP && a->keys[i] != b->keys[i])
				return false;
			if (!value_equal(a->items[i], b->items[i]))
				return false;
		}
		return true;
	default:
		return false;
	}
}

const char *dim_name(Dim d)
{
	switch (d) {
	case DIM_CPU: return "cpu";
	case DIM_MEMORY: return "memory";
	case DIM_STORAGE: return "storage";
	case DIM_DURATION: return "duration";
	case DIM_PERCENT: return "percentage";
	}
	return "quantity";
}

/* Writes v in the unit that divides it and gives the shortest number:
 * 50GB stays 50GB rather than 48828125KiB, 2Gi stays 2Gi.  On a tie the
 * earlier unit wins. */
static bool put_shortest(Buf *out, int64_t v, const char *const *units, const int64_t *sizes, int n)
{
	int best = -1;
	int64_t best_q = 0;
	for (int i = 0; i < n; i++)
		if (v != 0 && sizes[i] > 1 && v % sizes[i] == 0) {
			int64_t q = v / sizes[i];
			if (q < 0)
				q = -q;
			if (best < 0 || q < best_q) {
				best = i;
				best_q = q;
			}
		}
	if (best < 0)
		return false;
	buf_printf(out, "%" PRId64 "%s", v / sizes[best], units[best]);
	return true;
}

void qty_format(Dim d, int64_t v, Buf *out)
{
	static const char *const mem_units[] = {"Pi", "Ti", "Gi", "Mi", "Ki", "P", "T", "G", "M", "k"};
	static const int64_t mem_sizes[] = {1LL << 50, 1LL << 40, 1LL << 30, 1LL << 20, 1LL << 10,
					    1000000000000000LL, 1000000000000LL, 1000000000LL, 1000000LL, 1000LL};
	static const char *const sto_units[] = {"PiB", "TiB", "GiB", "MiB", "KiB", "PB", "TB", "GB", "MB", "KB"};
	static const int64_t sto_sizes[] = {1LL << 50, 1LL << 40, 1LL << 30, 1LL << 20, 1LL << 10,
					    1000000000000000LL, 1000000000000LL, 1000000000LL, 1000000LL, 1000LL};
	static const char *const dur_units[] = {"d", "h", "min"};
	static const int64_t dur_sizes[] = {86400, 3600, 60};
	switch (d) {
	case DIM_CPU:
		buf_printf(out, "%" PRId64 "m", v);
		return;
	case DIM_MEMORY:
		if (!put_shortest(out, v, mem_units, mem_sizes, 10))
			buf_printf(out, "%" PRId64, v);
		return;
	case DIM_STORAGE:
		if (!put_shortest(out, v, sto_units, sto_sizes, 10))
			buf_printf(out, "%" PRId64 "B", v);
		return;
	case DIM_DURATION:
		if (!put_shortest(out, v, dur_units, dur_sizes, 3))
			buf_printf(out, "%" PRId64 "s", v);
		return;
	case DIM_PERCENT: {
		const char *sign = v < 0 ? "-" : "";
		uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
		if (a % 100 == 0)
			buf_printf(out, "%s%" PRIu64 "%%", sign, a / 100);
		else if (a % 10 == 0)
			buf_printf(out, "%s%" PRIu64 ".%" PRIu64 "%%", sign, a / 100, a % 100 / 10);
		else
			buf_printf(out, "%s%" PRIu64 ".%02" PRIu64 "%%", sign, a / 100, a % 100);
		return;
	}
	}
}

bool value_to_text(const Value *v, Buf *out)
{
	switch (v->kind) {
	case V_STRING:
		buf_put(out, v->s, v->len);
		return true;
	case V_SYMBOL:
		buf_puts(out, v->s);
		return true;
	case V_INT:
		buf_printf(out, "%" PRId64, v->i);
		return true;
	case V_BOOL:
		buf_puts(out, v->i ? "true" : "false");
		return true;
	case V_QTY:
		qty_format(v->dim, v->i, out);
		return true;
	case V_CIDR:
		buf_printf(out, "%u.%u.%u.%u/%d", (unsigned)(v->i >> 24) & 255, (unsigned)(v->i >> 16) & 255,
			   (unsigned)(v->i >> 8) & 255, (unsigned)v->i & 255, v->prefix);
		return true;
	case V_RANGE:
		buf_printf(out, "%" PRId64 "..%" PRId64, v->i, v->i + v->n - 1);
		return true;
	default:
		return false;
	}
}

bool value_is_known(const Value *v)
{
	switch (v->kind) {
	case V_DEFERRED:
	case V_TEMPLATE:
		return false;
	case V_LIST:
	case V_MAP:
		for (uint32_t i = 0; i < v->n; i++)
			if (!value_is_known(v->items[i]))
				return false;
		return true;
	default:
		return true;
	}
}

void value_describe(const Value *v, Buf *out)
{
	switch (v->kind) {
	case V_ERROR: buf_puts(out, "an invalid value"); break;
	case V_NULL: buf_puts(out, "`null`"); break;
	case V_AUTO: buf_puts(out, "`auto`"); break;
	case V_BOOL: buf_printf(out, "`%s`", v->i ? "true" : "false"); break;
	case V_INT: buf_printf(out, "integer `%" PRId64 "`", v->i); break;
	case V_QTY:
		buf_printf(out, "%s `", dim_name(v->dim));
		qty_format(v->dim, v->i, out);
		buf_putc(out, '`');
		break;
	case V_RANGE:
		buf_puts(out, "range `");
		value_to_text(v, out);
		buf_putc(out, '`');
		break;
	case V_CIDR:
		buf_puts(out, "CIDR block `");
		value_to_text(v, out);
		buf_putc(out, '`');
		break;
	case V_STRING:
		buf_puts(out, "string \"");
		if (v->len > 40) {
			json_escape(out, v->s, 37);
			buf_puts(out, "...");
		} else {
			json_escape(out, v->s, v->len);
		}
		buf_putc(out, '"');
		break;
	case V_TEMPLATE: buf_puts(out, "a string only known after apply"); break;
	case V_SYMBOL: buf_printf(out, "`%s`", v->s); break;
	case V_LIST: buf_puts(out, "a list"); break;
	case V_MAP: buf_puts(out, "a map"); break;
	case V_REF: {
		/* The path names the kind when it starts with it: `cluster.eks`. */
		size_t kn = strlen(v->obj->kind->name);
		if (strncmp(v->obj->path, v->obj->kind->name, kn) == 0 && v->obj->path[kn] == '.')
			buf_printf(out, "a reference to `%s`", v->obj->path);
		else
			buf_printf(out, "a reference to %s `%s`", v->obj->kind->name, v->obj->path);
		break;
	}
	case V_DEFERRED: buf_printf(out, "`%s.%s`, only known after apply", v->obj->path, v->s); break;
	case V_KINDSET: buf_printf(out, "the kind `%s`", v->kind_of->name); break;
	case V_CHOICE: buf_puts(out, "an instance type choice"); break;
	}
}

const char *value_describe_a(Compiler *c, const Value *v)
{
	Buf b = {0};
	value_describe(v, &b);
	const char *s = arena_strndup(c->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

bool value_has_items(const Value *v)
{
	return v->kind == V_DEFERRED || v->kind == V_TEMPLATE || (v->kind == V_LIST && v->n > 0);
}

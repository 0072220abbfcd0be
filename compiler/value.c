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

static bool put_largest(Buf *out, int64_t v, const char *const *units, const int64_t *sizes, int n)
{
	for (int i = 0; i < n; i++)
		if (v != 0 && sizes[i] > 1 && v % sizes[i] == 0) {
			buf_printf(out, "%" PRId64 "%s", v / sizes[i], units[i]);
			return true;
		}
	return false;
}

void qty_format(Dim d, int64_t v, Buf *out)
{
	static const char *const mem_units[] = {"Pi", "Ti", "Gi", "Mi", "Ki"};
	static const int64_t mem_sizes[] = {1LL << 50, 1LL << 40, 1LL << 30, 1LL << 20, 1LL << 10};
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
		if (!put_largest(out, v, mem_units, mem_sizes, 5))
			buf_printf(out, "%" PRId64, v);
		return;
	case DIM_STORAGE:
		if (!put_largest(out, v, sto_units, sto_sizes, 10))
			buf_printf(out, "%" PRId64 "B", v);
		return;
	case DIM_DURATION:
		if (!put_largest(out, v, dur_units, dur_sizes, 3))
			buf_printf(out, "%" PRId64 "s", v);
		return;
	case DIM_PERCENT:
		if (v % 100 == 0)
			buf_printf(out, "%" PRId64 "%%", v / 100);
		else if (v % 10 == 0)
			buf_printf(out, "%" PRId64 ".%" PRId64 "%%", v / 100, (v < 0 ? -v : v) % 100 / 10);
		else
			buf_printf(out, "%" PRId64 ".%02" PRId64 "%%", v / 100, (v < 0 ? -v : v) % 100);
		return;
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
	case V_REF: buf_printf(out, "a reference to %s `%s`", v->obj->kind->name, v->obj->path); break;
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

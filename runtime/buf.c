/*
 * buf.c: growable byte buffers for everything infrac writes.
 *
 * Output files are built in memory first (so a failed build writes
 * nothing), hence buffers use malloc'd storage that doubles as it grows.
 */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

void buf_reserve(Buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void buf_put(Buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void buf_puts(Buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	buf_reserve(b, 64);
	int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("internal error: bad format string");
	if ((size_t)n >= b->cap - b->len) {
		buf_reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_indent(Buf *b, int n)
{
	buf_reserve(b, (size_t)n);
	memset(b->data + b->len, ' ', (size_t)n);
	b->len += (size_t)n;
}

void buf_free(Buf *b)
{
	free(b->data);
	*b = (Buf){0};
}

/* Gives back the room a finished buffer grew but did not use: a build
 * holds every output file in memory until it commits them. */
void buf_shrink(Buf *b)
{
	if (b->data && b->cap > b->len + 1) {
		b->data = xrealloc(b->data, b->len + 1);
		b->cap = b->len + 1;
	}
}

const char *buf_cstr(Buf *b)
{
	buf_reserve(b, 1);
	b->data[b->len] = 0;
	return b->data;
}

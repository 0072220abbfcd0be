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

/* Whether fmt uses only the conversions buf_format writes itself: %s,
 * %.*s, %c, %d, %u, %zu, %lld and %%, with no flags or widths. */
static bool format_is_simple(const char *fmt)
{
	for (const char *p = fmt; (p = strchr(p, '%'));) {
		p++;
		if (*p == 's' || *p == 'c' || *p == 'd' || *p == 'u' || *p == '%')
			p++;
		else if (p[0] == 'z' && p[1] == 'u')
			p += 2;
		else if ((p[0] == '.' && p[1] == '*' && p[2] == 's') || (p[0] == 'l' && p[1] == 'l' && p[2] == 'd'))
			p += 3;
		else
			return false;
	}
	return true;
}

static void put_unsigned(Buf *b, unsigned long long v, bool minus)
{
	char d[24];
	int n = 0;
	do
		d[n++] = (char)('0' + v % 10);
	while (v /= 10);
	if (minus)
		buf_putc(b, '-');
	while (n)
		buf_putc(b, d[--n]);
}

static void put_signed(Buf *b, long long v)
{
	put_unsigned(b, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, v < 0);
}

/* Names, paths and keys are formatted a million times in a large build,
 * nearly always with the simple conversions: writing those here skips
 * the stream vsnprintf sets up for every call, which cost a tenth of a
 * build.  Output is byte for byte what vsnprintf writes, "(null)" for a
 * null %s included. */
bool buf_format(Buf *b, const char *fmt, va_list ap)
{
	if (!format_is_simple(fmt))
		return false;
	for (const char *p = fmt;;) {
		const char *q = strchr(p, '%');
		if (!q) {
			buf_puts(b, p);
			return true;
		}
		buf_put(b, p, (size_t)(q - p));
		switch (*++q) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			buf_puts(b, s ? s : "(null)");
			q++;
			break;
		}
		case '.': {
			int prec = va_arg(ap, int);
			const char *s = va_arg(ap, const char *);
			if (!s) /* glibc: all of "(null)" when it fits, else nothing */
				s = prec < 0 || prec >= 6 ? "(null)" : "";
			buf_put(b, s, prec < 0 ? strlen(s) : strnlen(s, (size_t)prec));
			q += 3;
			break;
		}
		case 'c':
			buf_putc(b, (char)va_arg(ap, int));
			q++;
			break;
		case 'd':
			put_signed(b, va_arg(ap, int));
			q++;
			break;
		case 'u':
			put_unsigned(b, va_arg(ap, unsigned), false);
			q++;
			break;
		case 'z':
			put_unsigned(b, va_arg(ap, size_t), false);
			q += 2;
			break;
		case 'l':
			put_signed(b, va_arg(ap, long long));
			q += 3;
			break;
		default: /* '%' */
			buf_putc(b, '%');
			q++;
			break;
		}
		p = q;
	}
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
	va_list fast;
	va_copy(fast, ap);
	bool done = buf_format(b, fmt, fast);
	va_end(fast);
	if (done)
		return;
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

/* Writes b to out; nothing at all when it is empty (its data may be NULL,
 * which fwrite must not be given even for no bytes). */
void buf_write(const Buf *b, FILE *out)
{
	if (b->len)
		fwrite(b->data, 1, b->len, out);
}

const char *buf_cstr(Buf *b)
{
	buf_reserve(b, 1);
	b->data[b->len] = 0;
	return b->data;
}

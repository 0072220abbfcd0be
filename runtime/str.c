/*
 * str.c: interned strings, edit distance and UTF-8 helpers.
 *
 * Names are interned once, at the lexer, so every later comparison of
 * identifiers is a pointer comparison.  The intern table is an open
 * addressing set whose strings live in the compilation's arena.
 */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>

uint32_t str_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

void interner_init(Interner *in, Arena *a)
{
	memset(in, 0, sizeof *in);
	in->arena = a;
}

void interner_free(Interner *in)
{
	free(in->slots);
	free(in->hashes);
	memset(in, 0, sizeof *in);
}

void interner_copy(Interner *dst, const Interner *src)
{
	if (!src->cap)
		return;
	dst->slots = xmalloc(src->cap * sizeof *dst->slots);
	dst->hashes = xmalloc(src->cap * sizeof *dst->hashes);
	memcpy(dst->slots, src->slots, src->cap * sizeof *dst->slots);
	memcpy(dst->hashes, src->hashes, src->cap * sizeof *dst->hashes);
	dst->cap = src->cap;
	dst->len = src->len;
}

static void interner_grow(Interner *in)
{
	size_t cap = in->cap ? in->cap * 2 : 1024;
	const char **slots = xcalloc(cap, sizeof *slots);
	uint32_t *hashes = xcalloc(cap, sizeof *hashes);
	for (size_t i = 0; i < in->cap; i++) {
		if (!in->slots[i])
			continue;
		size_t j = in->hashes[i] & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = in->slots[i];
		hashes[j] = in->hashes[i];
	}
	free(in->slots);
	free(in->hashes);
	in->slots = slots;
	in->hashes = hashes;
	in->cap = cap;
}

const char *intern(Interner *in, const char *s, size_t len)
{
	if ((in->len + 1) * 2 > in->cap)
		interner_grow(in);
	uint32_t h = str_hash(s, len);
	size_t j = h & (in->cap - 1);
	while (in->slots[j]) {
		if (in->hashes[j] == h && strncmp(in->slots[j], s, len) == 0 &&
		    in->slots[j][len] == 0)
			return in->slots[j];
		j = (j + 1) & (in->cap - 1);
	}
	const char *p = arena_strndup(in->arena, s, len);
	in->slots[j] = p;
	in->hashes[j] = h;
	in->len++;
	return p;
}

const char *intern_cstr(Interner *in, const char *s)
{
	return intern(in, s, strlen(s));
}

size_t str_edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a), lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	size_t small[256], prev;
	size_t *row = lb < COUNT_OF(small) ? small : xmalloc((lb + 1) * sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		size_t best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = prev + cost;
			if (row[j] + 1 < v)
				v = row[j] + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			prev = cur;
			if (v < best)
				best = v;
		}
		if (best > limit) {
			if (row != small)
				free(row);
			return limit + 1;
		}
	}
	size_t d = row[lb] > limit ? limit + 1 : row[lb];
	if (row != small)
		free(row);
	return d;
}

bool str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	if (len == 0)
		return 0;
	unsigned c = s[0];
	int n;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)n > len)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

int utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool utf8_is_bidi(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F ||
	       cp == 0x061C;
}

size_t utf8_width(const char *s, size_t len)
{
	size_t w = 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(p + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		w++;
	}
	return w;
}

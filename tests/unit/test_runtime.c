/*
 * test_runtime.c: unit tests of the runtime layer.
 *
 * One function per behaviour, listed in the table at the bottom; CHECK
 * records a failure with its line and keeps going, so one run shows
 * every broken case.  Expected outputs are written out in full where the
 * exact bytes are the contract (the text renderer, the JSON writer) and
 * checked by their key fields where the layout is not (JSON and SARIF
 * diagnostics).  Everything a test allocates is freed, so the binary
 * also runs clean under valgrind and LeakSanitizer.
 */
#include "runtime.h"
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Compares strings and shows both on a mismatch. */
#define CHECK_STR(got, want)                                                    \
	do {                                                                    \
		const char *got_ = (got), *want_ = (want);                      \
		if (strcmp(got_, want_) != 0) {                                 \
			fprintf(stderr, "%s:%d: got:\n%s\n-- want:\n%s\n--\n", __FILE__, __LINE__, \
				got_, want_);                                   \
			failures++;                                             \
		}                                                               \
	} while (0)

static size_t count_substr(const char *s, const char *needle)
{
	size_t n = 0, len = strlen(needle);
	for (const char *p = strstr(s, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

/* Whether a occurs in s, and before b. */
static bool in_order(const char *s, const char *a, const char *b)
{
	const char *pa = strstr(s, a), *pb = strstr(s, b);
	return pa && pb && pa < pb;
}

/* ---- arena.c ---- */

static void test_arena_many_allocations(void)
{
	Arena *a = arena_new();
	enum { N = 100000 };
	unsigned char **p = xmalloc(N * sizeof *p);
	bool zeroed = true;
	for (size_t i = 0; i < N; i++) {
		size_t n = 1 + i % 97;
		p[i] = arena_alloc(a, n);
		for (size_t j = 0; j < n; j++)
			zeroed &= p[i][j] == 0;
		memset(p[i], (int)(i & 0xff), n);
	}
	CHECK(zeroed);
	bool intact = true;
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < 1 + i % 97; j++)
			intact &= p[i][j] == (unsigned char)(i & 0xff);
	CHECK(intact); /* no allocation overlaps another */
	free(p);
	arena_free(a);
}

static void test_arena_large_allocations(void)
{
	Arena *a = arena_new();
	unsigned char *small = arena_alloc(a, 10);
	unsigned char *big = arena_alloc(a, 5u << 20); /* larger than any chunk so far */
	unsigned char *after = arena_alloc(a, 10);
	CHECK(big[0] == 0 && big[(5u << 20) - 1] == 0);
	memset(big, 0xAB, 5u << 20);
	memset(small, 1, 10);
	memset(after, 2, 10);
	CHECK(big[0] == 0xAB && big[(5u << 20) - 1] == 0xAB);
	CHECK(small[9] == 1 && after[0] == 2);
	CHECK(arena_alloc(a, 0) != NULL);
	arena_free(a);
	arena_free(NULL); /* allowed, like free(NULL) */
}

static void test_arena_alignment(void)
{
	Arena *a = arena_new();
	bool aligned = true;
	for (size_t n = 0; n < 300; n++) {
		void *p = arena_alloc(a, n);
		aligned &= (uintptr_t)p % _Alignof(int64_t) == 0 && (uintptr_t)p % _Alignof(void *) == 0;
		/* Strings pack tight, and what follows them is aligned again. */
		char *s = arena_strndup(a, "abc", n % 5);
		CHECK(s[n % 5] == 0);
	}
	void *big = arena_alloc(a, 1u << 20);
	aligned &= (uintptr_t)big % 8 == 0;
	CHECK(aligned);
	char *s1 = arena_strdup(a, "x"), *s2 = arena_strdup(a, "y");
	CHECK(s2 == s1 + 2);
	arena_free(a);
}

static void test_arena_strings(void)
{
	Arena *a = arena_new();
	char *s = arena_strndup(a, "clusterXYZ", 7);
	CHECK_STR(s, "cluster");
	CHECK_STR(arena_strdup(a, ""), "");
	CHECK_STR(arena_printf(a, "%s-%d-%c", "pool", -3, 'x'), "pool--3-x");
	char *long_arg = xmalloc(10001);
	memset(long_arg, 'q', 10000);
	long_arg[10000] = 0;
	char *p = arena_printf(a, "<%s>", long_arg);
	CHECK(strlen(p) == 10002 && p[0] == '<' && p[1] == 'q' && p[10000] == 'q' && p[10001] == '>');
	free(long_arg);
	arena_free(a);
}

/* After a reset the arena hands out zeroed memory again, from chunks it
 * kept (mapped or not) or made anew; exact blocks are freed by reset and by free (the
 * sanitizer and valgrind runs would report a leak or an overrun). */
static void test_arena_reset(void)
{
	Arena *a = arena_new();
	arena_reset(a); /* nothing allocated yet */
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 2000; i++) {
			unsigned char *p = arena_alloc(a, 100);
			bool zero = true;
			for (int k = 0; k < 100; k++)
				zero = zero && p[k] == 0;
			CHECK(zero);
			memset(p, 0xff, 100);
		}
		unsigned char *x = arena_alloc_exact(a, 24);
		CHECK(x[0] == 0 && x[23] == 0);
		memset(x, 0xff, 24);
		CHECK(a->used_total >= 2000 * 100);
		arena_reset(a);
		CHECK(a->used_total == 0 && a->exact == NULL);
	}
	/* A chunk large enough to be mapped (arena.c), kept by the reset. */
	size_t n = 6u << 20;
	unsigned char *big = arena_alloc(a, n);
	memset(big, 0xff, n);
	arena_reset(a);
	big = arena_alloc(a, n);
	CHECK(big[0] == 0 && big[n / 2] == 0 && big[n - 1] == 0);
	memset(big, 0xff, n);
	memset(arena_alloc_exact(a, 8), 1, 8);
	arena_free(a);
}

/* ---- buf.c ---- */

static void test_buf_growth(void)
{
	Buf b = {0};
	for (int i = 0; i < 100000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	CHECK(b.len == 100000 && b.cap > b.len);
	bool ok = true;
	for (int i = 0; i < 100000; i++)
		ok &= b.data[i] == (char)('a' + i % 26);
	CHECK(ok);
	buf_put(&b, "", 0);
	CHECK(b.len == 100000);
	buf_free(&b);
	CHECK(b.data == NULL && b.len == 0 && b.cap == 0);
}

static void test_buf_printf_long(void)
{
	/* Every prefix length against output lengths around the buffer's
	 * capacity steps: the first vsnprintf fits or the second one runs. */
	static const size_t lens[] = {0, 1, 63, 64, 65, 190, 191, 192, 255, 256, 257, 1000, 10000};
	char *text = xmalloc(10001);
	for (size_t i = 0; i < 10000; i++)
		text[i] = (char)('0' + i % 10);
	text[10000] = 0;
	bool ok = true;
	for (size_t prefix = 0; prefix < 300; prefix++) {
		for (size_t k = 0; k < COUNT_OF(lens); k++) {
			Buf b = {0};
			for (size_t i = 0; i < prefix; i++)
				buf_putc(&b, '-');
			buf_printf(&b, "%.*s", (int)lens[k], text);
			ok &= b.len == prefix + lens[k];
			ok &= memcmp(b.data + prefix, text, lens[k]) == 0;
			ok &= strlen(buf_cstr(&b)) == b.len;
			buf_free(&b);
		}
	}
	CHECK(ok);
	free(text);
}

/* buf_format writes what vsnprintf writes, and leaves formats it does not
 * handle to vsnprintf. */
static void check_format(int line, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	char want[256];
	vsnprintf(want, sizeof want, fmt, ap);
	Buf b = {0};
	bool done = buf_format(&b, fmt, ap2);
	if (!done || strcmp(buf_cstr(&b), want) != 0) {
		fprintf(stderr, "%s:%d: buf_format(\"%s\"): got %s, want \"%s\"\n", __FILE__, line, fmt,
			done ? buf_cstr(&b) : "(not handled)", want);
		failures++;
	}
	buf_free(&b);
	va_end(ap2);
	va_end(ap);
}

static bool try_format(Buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool done = buf_format(b, fmt, ap);
	va_end(ap);
	return done;
}

static void test_buf_format(void)
{
	check_format(__LINE__, "plain");
	check_format(__LINE__, "");
	check_format(__LINE__, "%s/%s", "team-1", "svc");
	check_format(__LINE__, "[%.*s]", 3, "abcdef");
	check_format(__LINE__, "[%.*s]", 10, "abc");
	check_format(__LINE__, "[%.*s]", -1, "abc");
	check_format(__LINE__, "%c%c%%", 'a', '$');
	check_format(__LINE__, "%d %d %d", 0, -7, INT32_MIN);
	check_format(__LINE__, "%u %u", 0u, UINT32_MAX);
	check_format(__LINE__, "%zu", SIZE_MAX);
	check_format(__LINE__, "%lld %lld %lld", 0LL, LLONG_MAX, LLONG_MIN);
	check_format(__LINE__, "%s", (const char *)NULL);
	check_format(__LINE__, "[%.*s][%.*s][%.*s]", 3, (const char *)NULL, 6, (const char *)NULL, -1,
		     (const char *)NULL);
	check_format(__LINE__, "100%% of %s", "it");
	Buf b = {0};
	CHECK(!try_format(&b, "x%5s", "ab") && b.len == 0);
	CHECK(!try_format(&b, "%.2f", 1.5) && b.len == 0);
	buf_free(&b);
	/* buf_printf still formats what buf_format leaves alone. */
	buf_printf(&b, "%5s|%-3d|%.2f|%04X", "ab", 7, 1.5, 255u);
	CHECK_STR(buf_cstr(&b), "   ab|7  |1.50|00FF");
	buf_free(&b);
}

static void test_buf_cstr_and_indent(void)
{
	Buf b = {0};
	CHECK_STR(buf_cstr(&b), "");
	CHECK(b.len == 0);
	buf_puts(&b, "x");
	buf_indent(&b, 0);
	buf_indent(&b, 3);
	buf_puts(&b, "y");
	CHECK_STR(buf_cstr(&b), "x   y");
	CHECK(b.len == 5);
	buf_free(&b);
}

/* ---- vec.c ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_vec(void)
{
	Vec v = {0};
	CHECK(vec_last(&v) == NULL);
	vec_sort(&v, cmp_str); /* empty: nothing to do */
	static const char *const words[] = {"pool", "cluster", "bucket", "role", "addon"};
	for (int round = 0; round < 200; round++)
		for (size_t i = 0; i < COUNT_OF(words); i++)
			vec_push(&v, (void *)words[i]);
	CHECK(v.len == 1000 && v.cap >= v.len);
	CHECK(strcmp(vec_last(&v), "addon") == 0);
	vec_sort(&v, cmp_str);
	CHECK(strcmp(v.items[0], "addon") == 0 && strcmp(v.items[199], "addon") == 0);
	CHECK(strcmp(v.items[200], "bucket") == 0 && strcmp(v.items[999], "role") == 0);
	vec_free(&v);
	CHECK(v.items == NULL && v.len == 0 && v.cap == 0);
}

/* ---- map.c ---- */

static void test_map_order(void)
{
	Arena *a = arena_new();
	Interner in;
	interner_init(&in, a);
	Map m = {0};
	CHECK(map_get(&m, intern_cstr(&in, "x")) == NULL); /* empty map */
	const char *keys[] = {"zeta", "alpha", "mid"};
	for (int i = 0; i < 3; i++)
		map_put(&m, intern_cstr(&in, keys[i]), (void *)(intptr_t)(i + 1));
	CHECK(m.len == 3);
	CHECK(strcmp(m.keys[0], "zeta") == 0 && strcmp(m.keys[2], "mid") == 0);
	CHECK(map_get(&m, intern_cstr(&in, "alpha")) == (void *)2);
	CHECK(map_get(&m, intern_cstr(&in, "beta")) == NULL);
	map_free(&m);
	interner_free(&in);
	arena_free(a);
}

static void test_map_many_keys(void)
{
	Arena *a = arena_new();
	Interner in;
	interner_init(&in, a);
	Map m = {0};
	char name[32];
	for (intptr_t i = 0; i < 10000; i++) {
		snprintf(name, sizeof name, "key-%ld", (long)i);
		CHECK(map_put(&m, intern_cstr(&in, name), (void *)(i + 1)) == NULL);
	}
	CHECK(m.len == 10000);
	bool ok = true;
	for (intptr_t i = 0; i < 10000; i++) {
		snprintf(name, sizeof name, "key-%ld", (long)i);
		const char *k = intern_cstr(&in, name);
		ok &= map_get(&m, k) == (void *)(i + 1);
		ok &= m.keys[i] == k; /* insertion order */
	}
	CHECK(ok);
	CHECK(map_get(&m, intern_cstr(&in, "key-10000")) == NULL);
	map_free(&m);
	CHECK(m.len == 0 && m.keys == NULL);
	interner_free(&in);
	arena_free(a);
}

static void test_map_update_keeps_position(void)
{
	Arena *a = arena_new();
	Interner in;
	interner_init(&in, a);
	Map m = {0};
	char name[32];
	for (intptr_t i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "k%ld", (long)i);
		map_put(&m, intern_cstr(&in, name), (void *)(i + 1));
	}
	bool ok = true;
	for (intptr_t i = 0; i < 1000; i += 3) {
		snprintf(name, sizeof name, "k%ld", (long)i);
		ok &= map_put(&m, intern_cstr(&in, name), (void *)(i + 5000)) == (void *)(i + 1);
	}
	CHECK(ok);
	CHECK(m.len == 1000);
	for (intptr_t i = 0; i < 1000; i++) {
		snprintf(name, sizeof name, "k%ld", (long)i);
		const char *k = intern_cstr(&in, name);
		ok &= m.keys[i] == k;
		ok &= map_get(&m, k) == (void *)(i % 3 == 0 ? i + 5000 : i + 1);
	}
	CHECK(ok);
	map_free(&m);
	interner_free(&in);
	arena_free(a);
}

/* ---- str.c: interning ---- */

static void test_intern_many(void)
{
	Arena *a = arena_new();
	Interner in;
	interner_init(&in, a);
	const char *x = intern_cstr(&in, "cluster");
	CHECK(x == intern(&in, "cluster!", 7));
	CHECK(x != intern_cstr(&in, "clusters"));
	char name[32];
	const char *first[100];
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof name, "n%d", i);
		const char *p = intern_cstr(&in, name);
		if (i < 100)
			first[i] = p;
	}
	CHECK(in.len == 20002);
	bool same = true; /* pointers stay valid and unique across growth */
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof name, "n%d", i);
		same &= intern_cstr(&in, name) == first[i] && strcmp(first[i], name) == 0;
	}
	CHECK(same);
	CHECK(in.len == 20002);
	interner_free(&in);
	arena_free(a);
}

static void test_intern_prefixes(void)
{
	Arena *a = arena_new();
	Interner in;
	interner_init(&in, a);
	const char *abc = intern_cstr(&in, "abc");
	const char *ab = intern_cstr(&in, "ab");
	const char *abcd = intern_cstr(&in, "abcd");
	const char *empty = intern(&in, "xyz", 0);
	CHECK(abc != ab && abc != abcd && ab != abcd);
	CHECK(intern(&in, "abcdef", 3) == abc && intern(&in, "abcdef", 2) == ab);
	CHECK(strcmp(ab, "ab") == 0 && strlen(abc) == 3);
	CHECK(empty == intern_cstr(&in, "") && *empty == 0);
	char *longer = xmalloc(10001);
	memset(longer, 'z', 10000);
	longer[10000] = 0;
	const char *l1 = intern_cstr(&in, longer);
	longer[9999] = 'y';
	CHECK(intern_cstr(&in, longer) != l1); /* differs in the last byte only */
	free(longer);
	interner_free(&in);
	arena_free(a);
}

static void test_str_helpers(void)
{
	CHECK(str_hash("", 0) == 2166136261u);
	CHECK(str_hash("ab", 2) == str_hash("abc", 2));
	CHECK(str_hash("ab", 2) != str_hash("ba", 2));
	CHECK(str_has_prefix("cluster.eks", "cluster.") && str_has_prefix("x", ""));
	CHECK(!str_has_prefix("clu", "cluster"));
	CHECK(str_has_suffix("main.infra", ".infra") && str_has_suffix("x", ""));
	CHECK(!str_has_suffix("infra", "main.infra"));
}

/* ---- str.c: edit distance ---- */

static void test_edit_distance(void)
{
	CHECK(str_edit_distance("cluster", "clustr", 3) == 1);  /* deletion */
	CHECK(str_edit_distance("clustr", "cluster", 3) == 1);  /* insertion */
	CHECK(str_edit_distance("cluster", "clusper", 3) == 1); /* substitution */
	CHECK(str_edit_distance("kitten", "sitting", 5) == 3);
	CHECK(str_edit_distance("sitting", "kitten", 5) == 3);
	CHECK(str_edit_distance("ab", "ba", 5) == 2); /* no transpositions */
	CHECK(str_edit_distance("", "", 1) == 0);
	CHECK(str_edit_distance("", "abc", 5) == 3);
	CHECK(str_edit_distance("same", "same", 0) == 0);
}

static void test_edit_distance_limit(void)
{
	CHECK(str_edit_distance("a", "abcdefgh", 2) == 3); /* lengths alone exceed the limit */
	CHECK(str_edit_distance("kitten", "sitting", 2) == 3);
	CHECK(str_edit_distance("abcdef", "uvwxyz", 3) == 4);
	CHECK(str_edit_distance("abc", "abd", 1) == 1); /* exactly the limit */
}

static void test_edit_distance_long_strings(void)
{
	/* The contract holds for names of any length: capped at limit + 1,
	 * exact below. */
	char x[301], y[301];
	memset(x, 'n', 300);
	x[300] = 0;
	memcpy(y, x, sizeof x);
	y[150] = 'm';
	CHECK(str_edit_distance(x, x, 2) == 0);
	CHECK(str_edit_distance(x, y, 2) == 1);
}

/* ---- str.c: UTF-8 ---- */

static void test_utf8_decode_valid(void)
{
	static const struct {
		const char *s;
		int len;
		uint32_t cp;
	} cases[] = {
		{"A", 1, 0x41},
		{"\x7F", 1, 0x7F},
		{"\xC2\x80", 2, 0x80},
		{"\xC3\xA9", 2, 0xE9},
		{"\xDF\xBF", 2, 0x7FF},
		{"\xE0\xA0\x80", 3, 0x800},
		{"\xE2\x82\xAC", 3, 0x20AC},
		{"\xED\x9F\xBF", 3, 0xD7FF},
		{"\xEE\x80\x80", 3, 0xE000},
		{"\xEF\xBF\xBF", 3, 0xFFFF},
		{"\xF0\x90\x80\x80", 4, 0x10000},
		{"\xF0\x9F\x98\x80", 4, 0x1F600},
		{"\xF4\x8F\xBF\xBF", 4, 0x10FFFF},
	};
	for (size_t i = 0; i < COUNT_OF(cases); i++) {
		uint32_t cp = 0;
		const unsigned char *s = (const unsigned char *)cases[i].s;
		int n = utf8_decode(s, strlen(cases[i].s), &cp);
		if (n != cases[i].len || cp != cases[i].cp)
			fprintf(stderr, "  case %zu: got %d U+%04X\n", i, n, cp);
		CHECK(n == cases[i].len && cp == cases[i].cp);
	}
	uint32_t cp;
	CHECK(utf8_decode((const unsigned char *)"", 1, &cp) == 1 && cp == 0); /* NUL is a character */
}

static void test_utf8_decode_invalid(void)
{
	static const struct {
		const char *what, *s;
		size_t len;
	} cases[] = {
		{"empty", "", 0},
		{"overlong 2-byte /", "\xC0\xAF", 2},
		{"overlong 2-byte DEL", "\xC1\xBF", 2},
		{"overlong 3-byte", "\xE0\x80\xAF", 3},
		{"overlong 3-byte max", "\xE0\x9F\xBF", 3},
		{"overlong 4-byte", "\xF0\x80\x80\xAF", 4},
		{"overlong 4-byte max", "\xF0\x8F\xBF\xBF", 4},
		{"high surrogate", "\xED\xA0\x80", 3},
		{"low surrogate", "\xED\xBF\xBF", 3},
		{"above U+10FFFF", "\xF4\x90\x80\x80", 4},
		{"lead F5", "\xF5\x80\x80\x80", 4},
		{"lead FF", "\xFF", 1},
		{"lone continuation", "\x80", 1},
		{"truncated 2-byte", "\xC3", 1},
		{"truncated 3-byte", "\xE2\x82", 2},
		{"truncated 4-byte", "\xF0\x9F\x98", 3},
		{"bad continuation", "\xE2\x28\xA1", 3},
		{"ASCII in place of continuation", "\xC3\x41", 2},
		{"length shorter than the sequence", "\xE2\x82\xAC", 2},
	};
	for (size_t i = 0; i < COUNT_OF(cases); i++) {
		uint32_t cp = 0;
		int n = utf8_decode((const unsigned char *)cases[i].s, cases[i].len, &cp);
		if (n != 0)
			fprintf(stderr, "  %s: decoded %d bytes\n", cases[i].what, n);
		CHECK(n == 0);
	}
}

static void test_utf8_encode_roundtrip(void)
{
	static const uint32_t cps[] = {0, 0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800, 0x20AC, 0xD7FF,
				       0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
	static const int lens[] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 4};
	for (size_t i = 0; i < COUNT_OF(cps); i++) {
		char out[4];
		int n = utf8_encode(cps[i], out);
		uint32_t back = 0;
		CHECK(n == lens[i]);
		CHECK(utf8_decode((const unsigned char *)out, (size_t)n, &back) == n && back == cps[i]);
	}
	char out[4];
	CHECK(utf8_encode(0x20AC, out) == 3 && memcmp(out, "\xE2\x82\xAC", 3) == 0);
	CHECK(utf8_encode(0x1F600, out) == 4 && memcmp(out, "\xF0\x9F\x98\x80", 4) == 0);
}

static void test_utf8_width(void)
{
	CHECK(utf8_width("", 0) == 0);
	CHECK(utf8_width("cluster", 7) == 7);
	CHECK(utf8_width("héllo", strlen("héllo")) == 5);
	CHECK(utf8_width("日本語", strlen("日本語")) == 3);
	CHECK(utf8_width("a\xF0\x9F\x98\x80z", 6) == 3);
	CHECK(utf8_width("\xff", 1) == 1);
	CHECK(utf8_width("\xF0\x9F\x98", 3) == 3);     /* truncated: each byte counts */
	CHECK(utf8_width("\xC0\xAF", 2) == 2);         /* overlong: each byte counts */
	CHECK(utf8_width("\xE2\x82\xAC", 2) == 2);     /* cut by the length */
}

/* ---- src.c ---- */

static SrcFile *add_text(SrcMap *sm, Arena *a, const char *text)
{
	return src_add(sm, a, "t.infra", text, strlen(text));
}

/* Line n of f, as a string in the arena. */
static const char *line_of(Arena *a, const SrcFile *f, uint32_t n)
{
	const char *start;
	size_t len;
	src_line(f, n, &start, &len);
	return arena_strndup(a, start, len);
}

static void test_src_lines_lf(void)
{
	Arena *a = arena_new();
	SrcMap sm = {0};
	SrcFile *f = add_text(&sm, a, "ab\ncd\n");
	CHECK(f->nlines == 3 && f->lines[1] == 3 && f->lines[2] == 6);
	CHECK_STR(line_of(a, f, 1), "ab");
	CHECK_STR(line_of(a, f, 2), "cd");
	CHECK_STR(line_of(a, f, 3), "");
	SrcPos p = src_pos(f, 2); /* the newline ends line 1 */
	CHECK(p.line == 1 && p.col == 3);
	p = src_pos(f, 6);
	CHECK(p.line == 3 && p.col == 1);
	srcmap_free(&sm);
	arena_free(a);
}

static void test_src_lines_crlf(void)
{
	Arena *a = arena_new();
	SrcMap sm = {0};
	SrcFile *f = add_text(&sm, a, "ab\r\ncd\r\n");
	CHECK(f->nlines == 3 && f->lines[1] == 4 && f->lines[2] == 8);
	CHECK_STR(line_of(a, f, 1), "ab");
	CHECK_STR(line_of(a, f, 2), "cd");
	SrcPos p = src_pos(f, 3); /* the LF of a CRLF */
	CHECK(p.line == 1 && p.col == 4);
	p = src_pos(f, 4);
	CHECK(p.line == 2 && p.col == 1);
	srcmap_free(&sm);
	arena_free(a);
}

static void test_src_lines_cr(void)
{
	Arena *a = arena_new();
	SrcMap sm = {0};
	SrcFile *f = add_text(&sm, a, "ab\rcd\r\r\nx");
	CHECK(f->nlines == 4);
	CHECK_STR(line_of(a, f, 1), "ab");
	CHECK_STR(line_of(a, f, 2), "cd");
	CHECK_STR(line_of(a, f, 3), "");
	CHECK_STR(line_of(a, f, 4), "x");
	SrcPos p = src_pos(f, 8);
	CHECK(p.line == 4 && p.col == 1);
	srcmap_free(&sm);
	arena_free(a);
}

static void test_src_lines_no_final_newline(void)
{
	Arena *a = arena_new();
	SrcMap sm = {0};
	SrcFile *f = add_text(&sm, a, "ab\ncd");
	CHECK(f->nlines == 2);
	CHECK_STR(line_of(a, f, 2), "cd");
	SrcPos p = src_pos(f, 5); /* end of file */
	CHECK(p.line == 2 && p.col == 3);
	p = src_pos(f, 500); /* past the end: clamped */
	CHECK(p.line == 2 && p.col == 3);
	CHECK_STR(line_of(a, f, 0), "");
	CHECK_STR(line_of(a, f, 3), "");
	srcmap_free(&sm);
	arena_free(a);
}

static void test_src_empty_file(void)
{
	Arena *a = arena_new();
	SrcMap sm = {0};
	SrcFile *f = add_text(&sm, a, "");
	CHECK(f->nlines == 1 && f->len == 0 && f->text[0] == 0);
	SrcPos p = src_pos(f, 0);
	CHECK(p.line == 1 && p.col == 1);
	CHECK_STR(line_of(a, f, 1), "");
	srcmap_free(&sm);
	arena_free(a);
}

static void test_src_columns_count_code_points(void)
{
	Arena *a = arena_new();
	SrcMap sm = {0};
	const char text[] = "ab\r\nçd\rx\n\ty";
	SrcFile *f = src_add(&sm, a, "t.infra", text, sizeof text - 1);
	CHECK(f->nlines == 4);
	SrcPos p = src_pos(f, 4); /* ç */
	CHECK(p.line == 2 && p.col == 1);
	p = src_pos(f, 6); /* d, after a 2-byte character */
	CHECK(p.line == 2 && p.col == 2);
	p = src_pos(f, 8); /* x, after a lone CR */
	CHECK(p.line == 3 && p.col == 1);
	p = src_pos(f, 11); /* y, after a tab: one column */
	CHECK(p.line == 4 && p.col == 2);
	srcmap_free(&sm);
	arena_free(a);
}

static void test_src_many_lines(void)
{
	Arena *a = arena_new();
	SrcMap sm = {0};
	Buf b = {0};
	for (int i = 0; i < 5000; i++)
		buf_puts(&b, i % 2 ? "abc\n" : "abc\r\n");
	SrcFile *f = src_add(&sm, a, "t.infra", b.data, b.len);
	CHECK(f->nlines == 5001);
	bool ok = true;
	uint32_t off = 0;
	for (uint32_t i = 0; i < 5000; i++) {
		SrcPos p = src_pos(f, off + 2);
		ok &= p.line == i + 1 && p.col == 3;
		off += i % 2 ? 4 : 5;
	}
	CHECK(ok);
	CHECK(sm.len == 1 && sm.files[0] == f);
	buf_free(&b);
	srcmap_free(&sm);
	arena_free(a);
}

static void test_src_add_copies(void)
{
	Arena *a = arena_new();
	SrcMap sm = {0};
	char text[] = "a = 1\n";
	SrcFile *f = src_add(&sm, a, "copy.infra", text, 5);
	text[0] = 'b';
	CHECK(f->text[0] == 'a' && f->text[5] == 0 && f->len == 5);
	CHECK_STR(f->path, "copy.infra");
	srcmap_free(&sm);
	arena_free(a);
}

/* A fresh folder under /tmp, named into dir ("/tmp/infrac-test-XXXXXX"). */
static bool temp_dir(char *dir)
{
	bool ok = mkdtemp(dir) != NULL;
	CHECK(ok);
	return ok;
}

static void test_src_read(void)
{
	char dir[] = "/tmp/infrac-test-XXXXXX";
	if (!temp_dir(dir))
		return;
	char path[64];
	snprintf(path, sizeof path, "%s/f.infra", dir);
	FILE *fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs("x = 1\ny = 2", fp);
		fclose(fp);
	}
	Arena *a = arena_new();
	SrcMap sm = {0};
	const char *reason = NULL;
	SrcFile *f = src_read(&sm, a, path, &reason);
	CHECK(f != NULL);
	if (f) {
		CHECK(f->len == 11 && memcmp(f->text, "x = 1\ny = 2", 11) == 0 && f->nlines == 2);
		CHECK_STR(f->path, path);
		CHECK(f->real[0] == '/');
	}
	char missing[80];
	snprintf(missing, sizeof missing, "%s/none.infra", dir);
	CHECK(src_read(&sm, a, missing, &reason) == NULL);
	CHECK_STR(reason, strerror(ENOENT));
	CHECK(src_read(&sm, a, dir, &reason) == NULL);
	CHECK_STR(reason, "is a directory");
	CHECK(sm.len == 1);
	srcmap_free(&sm);
	arena_free(a);
	unlink(path);
	rmdir(dir);
}

/* ---- outdir.c ---- */

/* Enough files for the two-thread write, in folders of a few files. */
enum { MANY_FILES = 600 };

static OutEntry *many_files(Buf **textsp, const char *tag)
{
	Buf *texts = *textsp = xcalloc(2 * MANY_FILES, sizeof *texts);
	OutEntry *files = xcalloc(MANY_FILES, sizeof *files);
	for (size_t i = 0; i < MANY_FILES; i++) {
		buf_printf(&texts[2 * i], "d%zu/f%zu.txt", i / 7, i);
		buf_printf(&texts[2 * i + 1], "%s file %zu\n", tag, i);
		files[i].path = buf_cstr(&texts[2 * i]);
		files[i].data = buf_cstr(&texts[2 * i + 1]);
		files[i].len = texts[2 * i + 1].len;
	}
	return files;
}

static void many_free(Buf *texts, OutEntry *files)
{
	for (size_t i = 0; i < 2 * MANY_FILES; i++)
		buf_free(&texts[i]);
	free(texts);
	free(files);
}

static void remove_dir(const char *dir)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

static bool tree_holds(const char *dir, const OutEntry *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char path[256], got[64] = {0};
		snprintf(path, sizeof path, "%s/%s", dir, files[i].path);
		FILE *fp = fopen(path, "rb");
		if (!fp)
			return false;
		size_t len = fread(got, 1, sizeof got - 1, fp);
		fclose(fp);
		if (len != files[i].len || memcmp(got, files[i].data, len) != 0)
			return false;
	}
	return true;
}

static size_t entries(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	for (struct dirent *e; d && (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

/* parent: a fresh temporary folder; dir: "out" inside it, not yet made. */
static bool out_folder(char *parent, char dir[64])
{
	if (!temp_dir(parent))
		return false;
	snprintf(dir, 64, "%s/out", parent);
	return true;
}

static void test_outdir_commit_many(void)
{
	char parent[] = "/tmp/infrac-test-XXXXXX", dir[64];
	if (!out_folder(parent, dir))
		return;
	Buf *texts;
	OutEntry *files = many_files(&texts, "first");
	const char *err = NULL;
	CHECK(outdir_commit(dir, files, MANY_FILES, &err) == 0);
	CHECK(tree_holds(dir, files, MANY_FILES));
	Buf report = {0};
	CHECK(outdir_check(dir, files, MANY_FILES, &report, &err) == 0);

	/* A bad path in the second half fails the build and leaves the
	 * folder as it was, with no temporary folder beside it. */
	Buf *texts2;
	OutEntry *files2 = many_files(&texts2, "second");
	files2[MANY_FILES - 3].path = "../escape.txt";
	CHECK(outdir_commit(dir, files2, MANY_FILES, &err) == 2);
	CHECK_STR(err, "an output path leaves the output folder");
	CHECK(tree_holds(dir, files, MANY_FILES));
	CHECK(entries(parent) == 1);

	/* A good second build replaces the first; removing the old folder
	 * deletes a link planted in it, never what the link points to. */
	char keep[96], link[96], kept[128];
	snprintf(keep, sizeof keep, "%s/keep", parent);
	snprintf(kept, sizeof kept, "%s/keep/precious.txt", parent);
	snprintf(link, sizeof link, "%s/out/zz-link", parent);
	CHECK(mkdir(keep, 0755) == 0);
	FILE *fp = fopen(kept, "w");
	CHECK(fp != NULL);
	if (fp)
		fclose(fp);
	CHECK(symlink(keep, link) == 0);
	files2[MANY_FILES - 3].path = buf_cstr(&texts2[2 * (MANY_FILES - 3)]);
	CHECK(outdir_commit(dir, files2, MANY_FILES, &err) == 0);
	CHECK(tree_holds(dir, files2, MANY_FILES));
	CHECK(access(kept, F_OK) == 0);
	CHECK(entries(parent) == 2);
	CHECK(outdir_check(dir, files2, MANY_FILES, &report, &err) == 0);

	many_free(texts, files);
	many_free(texts2, files2);
	buf_free(&report);
	remove_dir(parent);
}

/* Copies files[from, to) into a batch the stage owns: fresh arrays
 * and buffers it frees once written. */
static void add_owned(OutStage *st, const OutEntry *files, size_t from, size_t to)
{
	OutEntry *b = xcalloc(to - from, sizeof *b);
	for (size_t i = from; i < to; i++) {
		b[i - from] = files[i];
		b[i - from].data = xstrdup(files[i].data);
	}
	outdir_add(st, b, to - from, true);
}

static void test_outdir_stage(void)
{
	char parent[] = "/tmp/infrac-test-XXXXXX", dir[64];
	if (!out_folder(parent, dir))
		return;
	Buf *texts;
	OutEntry *files = many_files(&texts, "staged");
	const char *err = NULL;
	size_t n = 0;
	Buf report = {0};

	/* Files handed over in batches, one of them empty, land together. */
	OutStage *st;
	CHECK(outdir_open(dir, &st, &err) == 0);
	add_owned(st, files, 0, 10);
	outdir_add(st, NULL, 0, false);
	add_owned(st, files, 10, MANY_FILES);
	CHECK(outdir_close(st, &n, &err) == 0);
	CHECK(n == MANY_FILES + 1);
	CHECK(tree_holds(dir, files, MANY_FILES));
	CHECK(outdir_check(dir, files, MANY_FILES, &report, &err) == 0);

	/* An abandoned build and one that fails at its first batch leave
	 * the folder as it was, and nothing beside it. */
	Buf *texts2;
	OutEntry *files2 = many_files(&texts2, "other");
	CHECK(outdir_open(dir, &st, &err) == 0);
	add_owned(st, files2, 0, MANY_FILES);
	outdir_abandon(st);
	CHECK(tree_holds(dir, files, MANY_FILES));
	CHECK(entries(parent) == 1);
	files2[2].path = "../escape.txt";
	CHECK(outdir_open(dir, &st, &err) == 0);
	add_owned(st, files2, 0, 5);
	add_owned(st, files2, 5, MANY_FILES);
	CHECK(outdir_close(st, &n, &err) == 2);
	CHECK_STR(err, "an output path leaves the output folder");
	CHECK(tree_holds(dir, files, MANY_FILES));
	CHECK(entries(parent) == 1);
	outdir_abandon(NULL);

	/* A folder infrac did not write is refused before anything is
	 * written. */
	char foreign[96];
	snprintf(foreign, sizeof foreign, "%s/out/MANIFEST.sha256", parent);
	CHECK(unlink(foreign) == 0);
	CHECK(outdir_open(dir, &st, &err) == 2);
	CHECK(st == NULL);
	CHECK(strstr(err, "not written by infrac") != NULL);
	CHECK(entries(parent) == 1);

	many_free(texts, files);
	many_free(texts2, files2);
	buf_free(&report);
	remove_dir(parent);
}

/* Batches larger in all than the bytes the stage lets wait for the
 * writer (16 MB), one of them larger than that alone: the build waits
 * for room rather than holding everything, and never waits for ever. */
static void test_outdir_stage_backpressure(void)
{
	char parent[] = "/tmp/infrac-test-XXXXXX", dir[64];
	if (!out_folder(parent, dir))
		return;
	enum { NBIG = 6 };
	const size_t sizes[NBIG] = {5u << 20, 20u << 20, 5u << 20, 7u << 20, 5u << 20, 1};
	const char *err = NULL;
	size_t n = 0;
	char paths[NBIG][16]; /* the stage frees data, never paths */
	OutStage *st;
	CHECK(outdir_open(dir, &st, &err) == 0);
	for (int i = 0; i < NBIG; i++) {
		OutEntry *e = xcalloc(1, sizeof *e);
		char *data = xmalloc(sizes[i]);
		memset(data, 'a' + i, sizes[i]);
		snprintf(paths[i], sizeof paths[i], "big/%d.txt", i);
		e->path = paths[i];
		e->data = data;
		e->len = sizes[i];
		outdir_add(st, e, 1, true);
	}
	CHECK(outdir_close(st, &n, &err) == 0);
	CHECK(n == NBIG + 1);
	for (int i = 0; i < NBIG; i++) {
		char path[128];
		snprintf(path, sizeof path, "%s/big/%d.txt", dir, i);
		struct stat sb;
		CHECK(stat(path, &sb) == 0 && (size_t)sb.st_size == sizes[i]);
		FILE *fp = fopen(path, "rb");
		CHECK(fp != NULL);
		if (fp) {
			CHECK(fgetc(fp) == 'a' + i);
			fclose(fp);
		}
	}
	remove_dir(parent);
}

/* ---- diag.c ---- */

/* One source file, its diagnostics and a rendering buffer. */
typedef struct Fixture {
	Arena *a;
	SrcMap sm;
	Diags d;
	Buf out;
} Fixture;

static void fx_init_n(Fixture *fx, const char *text, size_t len)
{
	memset(fx, 0, sizeof *fx);
	fx->a = arena_new();
	src_add(&fx->sm, fx->a, "t.infra", text, len);
	diags_init(&fx->d, fx->a, &fx->sm);
}

static void fx_init(Fixture *fx, const char *text)
{
	fx_init_n(fx, text, strlen(text));
}

static Span at(uint32_t start, uint32_t end)
{
	return (Span){0, start, end};
}

/* Finishes the diagnostics and renders them as plain text. */
static const char *fx_text(Fixture *fx)
{
	diags_finish(&fx->d);
	fx->out.len = 0;
	diags_render_text(&fx->d, &fx->out, false);
	return buf_cstr(&fx->out);
}

static void fx_free(Fixture *fx)
{
	buf_free(&fx->out);
	diags_free(&fx->d);
	srcmap_free(&fx->sm);
	arena_free(fx->a);
}

/* The first code of the registry with the given default severity. */
static DiagCode code_with(Severity sev)
{
	for (size_t i = 0; i < DIAG_CODE_COUNT; i++)
		if (diag_info[i].severity == sev)
			return (DiagCode)i;
	return DIAG_CODE_COUNT;
}

static void test_diag_registry(void)
{
	bool ok = true;
	for (size_t i = 0; i < DIAG_CODE_COUNT; i++) {
		const DiagInfo *r = &diag_info[i];
		const char *dash = strchr(r->code, '-');
		/* FAMILY-E123 or FAMILY-W123; the letter matches the severity. */
		ok &= dash && dash > r->code && strlen(dash) == 5;
		ok &= dash && (dash[1] == 'E' ? r->severity == SEV_ERROR
					      : dash[1] == 'W' && r->severity == SEV_WARNING);
		ok &= r->title && *r->title && r->text && *r->text;
		ok &= diag_info_find(r->code) == r; /* codes are unique */
		if (!ok) {
			fprintf(stderr, "  registry entry %zu (%s) is malformed\n", i, r->code);
			break;
		}
	}
	CHECK(ok);
	CHECK(diag_info_find("SYN-E001") == &diag_info[SYN_UNEXPECTED]);
	CHECK(diag_info_find("SYN-E999") == NULL && diag_info_find("") == NULL);
}

static void test_span_helpers(void)
{
	CHECK(span_contains(at(0, 10), at(0, 10)) && span_contains(at(0, 10), at(3, 3)));
	CHECK(!span_contains(at(0, 10), at(5, 11)) && !span_contains(at(2, 10), at(1, 5)));
	CHECK(!span_contains(at(0, 10), (Span){1, 2, 3}));
	Span j = span_join(at(5, 8), at(2, 6));
	CHECK(j.start == 2 && j.end == 8);
	j = span_join(at(5, 8), (Span){1, 0, 100}); /* another file: the first span */
	CHECK(j.file == 0 && j.start == 5 && j.end == 8);
}

static void test_diag_caret_after_tab_and_utf8(void)
{
	Fixture fx;
	fx_init(&fx, "x {\n\ty = é + 1\n}\n");
	Diag *g = diag_add(&fx.d, SYN_UNEXPECTED, at(12, 13), "expected a value, found `+`");
	diag_help(&fx.d, g, "remove the `+`");
	CHECK_STR(fx_text(&fx), "t.infra:2:8: error: expected a value, found `+` [SYN-E001]\n"
				"   2 | \ty = é + 1\n"
				"     | \t      ^\n"
				"     = help: remove the `+`\n");
	fx_free(&fx);
}

static void test_diag_caret_width(void)
{
	Fixture fx;
	fx_init(&fx, "cpu = 4Gi\nname = \"日本\"\n");
	diag_add(&fx.d, SYN_UNEXPECTED, at(6, 9), "three");
	diag_add(&fx.d, SYN_UNEXPECTED, at(17, 25), "quoted, two wide characters");
	diag_add(&fx.d, SYN_UNEXPECTED, at(26, 26), "empty span");
	CHECK_STR(fx_text(&fx), "t.infra:1:7: error: three [SYN-E001]\n"
				"   1 | cpu = 4Gi\n"
				"     |       ^^^\n"
				"t.infra:2:8: error: quoted, two wide characters [SYN-E001]\n"
				"   2 | name = \"日本\"\n"
				"     |        ^^^^\n"
				"t.infra:3:1: error: empty span [SYN-E001]\n"
				"   3 | \n"
				"     | ^\n");
	fx_free(&fx);
}

static void test_diag_non_ascii_before_caret(void)
{
	Fixture fx;
	const char *text = "x = \"日本語\" + 1\n";
	fx_init(&fx, text);
	uint32_t plus = (uint32_t)(strchr(text, '+') - text);
	diag_add(&fx.d, SYN_UNEXPECTED, at(plus, plus + 1), "stray `+`");
	/* one column per code point before the caret */
	CHECK_STR(fx_text(&fx), "t.infra:1:11: error: stray `+` [SYN-E001]\n"
				"   1 | x = \"日本語\" + 1\n"
				"     |           ^\n");
	fx_free(&fx);
}

static void test_diag_note_with_span(void)
{
	Fixture fx;
	fx_init(&fx, "cluster eks {\n}\ncluster eks {\n}\n");
	Diag *g = diag_add(&fx.d, SYN_UNEXPECTED, at(24, 27), "duplicate block");
	diag_note(&fx.d, g, at(8, 11), "first declared here");
	CHECK_STR(fx_text(&fx), "t.infra:3:9: error: duplicate block [SYN-E001]\n"
				"   3 | cluster eks {\n"
				"     |         ^^^\n"
				"t.infra:1:9: note: first declared here\n"
				"   1 | cluster eks {\n"
				"     |         ^^^\n");
	fx_free(&fx);
}

static void test_diag_note_in_other_file(void)
{
	Fixture fx;
	fx_init(&fx, "import \"u\"\n");
	src_add(&fx.sm, fx.a, "u.infra", "x = 1\n", 6);
	Diag *g = diag_add(&fx.d, SYN_UNEXPECTED, at(7, 10), "bad import");
	diag_note(&fx.d, g, (Span){1, 4, 5}, "because of this");
	CHECK_STR(fx_text(&fx), "t.infra:1:8: error: bad import [SYN-E001]\n"
				"   1 | import \"u\"\n"
				"     |        ^^^\n"
				"u.infra:1:5: note: because of this\n"
				"   1 | x = 1\n"
				"     |     ^\n");
	fx_free(&fx);
}

static void test_diag_plain_notes_and_helps(void)
{
	Fixture fx;
	fx_init(&fx, "a = b\n");
	Diag *g = diag_add(&fx.d, SYN_UNEXPECTED, at(4, 5), "unknown name `b`");
	diag_help(&fx.d, g, "first help");
	diag_note_plain(&fx.d, g, "a note without a place");
	diag_help(&fx.d, g, "second help %d", 2);
	/* notes first, then helps, each in the order given */
	CHECK_STR(fx_text(&fx), "t.infra:1:5: error: unknown name `b` [SYN-E001]\n"
				"   1 | a = b\n"
				"     |     ^\n"
				"     = note: a note without a place\n"
				"     = help: first help\n"
				"     = help: second help 2\n");
	fx_free(&fx);
}

static void test_diag_long_line_window(void)
{
	Fixture fx;
	char *line = xmalloc(10002);
	memset(line, 'a', 10000);
	line[4999] = 'X'; /* column 5000 */
	line[10000] = '\n';
	line[10001] = 0;
	fx_init(&fx, line);
	diag_add(&fx.d, SYN_UNEXPECTED, at(4999, 5000), "here");
	const char *out = fx_text(&fx);
	const char *src = strstr(out, "\n   1 | ...");
	const char *caret = src ? strstr(src + 1, "\n     | ") : NULL;
	CHECK(src && caret);
	if (src && caret) {
		const char *src_end = strchr(src + 1, '\n');
		size_t src_len = (size_t)(src_end - src - 1);
		CHECK(src_len == 7 + 3 + 120 + 3); /* gutter, ..., a window of 120, ... */
		CHECK(memcmp(src_end - 3, "...", 3) == 0);
		size_t x_col = (size_t)(strchr(src + 1, 'X') - (src + 1));
		size_t caret_col = (size_t)(strchr(caret + 1, '^') - (caret + 1));
		CHECK(x_col == caret_col); /* the caret is under the X */
		CHECK(count_substr(caret, "^") == 1);
	}
	CHECK(strncmp(out, "t.infra:1:5000: error: here", 27) == 0);
	fx_free(&fx);
	free(line);
}

static void test_diag_long_line_ends(void)
{
	Fixture fx;
	char *line = xmalloc(10002);
	memset(line, 'a', 10000);
	line[10000] = '\n';
	line[10001] = 0;
	fx_init(&fx, line);
	diag_add(&fx.d, SYN_UNEXPECTED, at(9, 10), "near the start");
	diag_add(&fx.d, SYN_UNEXPECTED, at(9998, 9999), "near the end");
	const char *out = fx_text(&fx);
	/* near the start: cut on the right only; near the end: on the left only */
	CHECK(strstr(out, "   1 | aaaa") != NULL);
	const char *second = strstr(out, "near the end");
	CHECK(second && strstr(second, "   1 | ...aaaa") != NULL);
	CHECK(count_substr(out, "...") == 2);
	const char *first_src = strstr(out, "   1 | ");
	CHECK(first_src && first_src[7 + 120] == '.' && first_src[7 + 123] == '\n');
	fx_free(&fx);
	free(line);
}

static void test_diag_multiline_span(void)
{
	Fixture fx;
	fx_init(&fx, "pool {\n  min = 1\n}\n");
	diag_add(&fx.d, SYN_UNEXPECTED, at(0, 18), "whole block");
	/* the first line is underlined to its end */
	CHECK_STR(fx_text(&fx), "t.infra:1:1: error: whole block [SYN-E001]\n"
				"   1 | pool {\n"
				"     | ^^^^^^\n");
	fx_free(&fx);
}

static void test_diag_control_bytes_shown_as_replacement(void)
{
	Fixture fx;
	const char text[] = "a\x01" "b\x7f" "c\xff" "d\te = 1\n";
	fx_init_n(&fx, text, sizeof text - 1);
	diag_add(&fx.d, SYN_UNEXPECTED, at(8, 9), "e");
	CHECK_STR(fx_text(&fx), "t.infra:1:9: error: e [SYN-E001]\n"
				"   1 | a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD" "d\te = 1\n"
				"     |        \t^\n");
	fx_free(&fx);
}

static void test_diag_gutter_grows(void)
{
	Fixture fx;
	Buf b = {0};
	for (int i = 0; i < 9999; i++)
		buf_putc(&b, '\n');
	buf_puts(&b, "x\n");
	fx_init_n(&fx, b.data, b.len);
	diag_add(&fx.d, SYN_UNEXPECTED, at(9999, 10000), "late");
	CHECK_STR(fx_text(&fx), "t.infra:10000:1: error: late [SYN-E001]\n"
				"10000 | x\n"
				"      | ^\n");
	buf_free(&b);
	fx_free(&fx);
}

static void test_diag_without_file(void)
{
	Fixture fx;
	fx_init(&fx, "");
	diag_add(&fx.d, SYN_UNEXPECTED, (Span){7, 0, 0}, "no file");
	CHECK_STR(fx_text(&fx), "infrac: error: no file [SYN-E001]\n");
	fx_free(&fx);
}

static void test_diag_sorted_by_position(void)
{
	Fixture fx;
	fx_init(&fx, "aaaa bbbb cccc\n");
	diag_add(&fx.d, SYN_UNEXPECTED, at(10, 11), "third");
	diag_add(&fx.d, SYN_UNEXPECTED, at(0, 1), "first");
	diag_add(&fx.d, SYN_UNEXPECTED, at(5, 6), "second");
	diag_add(&fx.d, SYN_UNEXPECTED, at(0, 4), "first, reported later");
	const char *out = fx_text(&fx);
	CHECK(in_order(out, "error: first [", "first, reported later"));
	CHECK(in_order(out, "first, reported later", "second"));
	CHECK(in_order(out, "second", "third"));
	fx_free(&fx);
}

static void test_diag_files_sort_before_offsets(void)
{
	Fixture fx;
	fx_init(&fx, "aaaa\n");
	src_add(&fx.sm, fx.a, "u.infra", "bbbb\n", 5);
	diag_add(&fx.d, SYN_UNEXPECTED, (Span){1, 0, 1}, "in u");
	diag_add(&fx.d, SYN_UNEXPECTED, at(3, 4), "in t");
	CHECK(in_order(fx_text(&fx), "in t", "in u"));
	fx_free(&fx);
}

static void test_diag_duplicates_dropped(void)
{
	Fixture fx;
	fx_init(&fx, "a = b\n");
	diag_add(&fx.d, SYN_UNEXPECTED, at(4, 5), "same");
	diag_add(&fx.d, SYN_UNEXPECTED, at(4, 5), "same");
	diag_add(&fx.d, SYN_UNEXPECTED, at(4, 5), "other message");
	diag_add(&fx.d, SYN_UNEXPECTED, at(4, 6), "same"); /* other span */
	diag_add(&fx.d, SYN_BAD_CHAR, at(4, 5), "same");   /* other code */
	const char *out = fx_text(&fx);
	CHECK(fx.d.list.len == 4 && fx.d.errors == 4);
	CHECK(count_substr(out, "error: same [SYN-E001]") == 2);
	fx_free(&fx);
}

static void test_diag_error_cap(void)
{
	Fixture fx;
	fx_init(&fx, "x\n");
	CHECK(fx.d.cap == 50);
	int recorded = 0;
	for (int i = 0; i < 60; i++)
		recorded += diag_add(&fx.d, SYN_UNEXPECTED, at(0, 1), "error %d", i) != NULL;
	CHECK(recorded == 50 && fx.d.errors == 50);
	CHECK(fx.d.capped && diags_full(&fx.d));
	Diag *none = diag_add(&fx.d, SYN_UNEXPECTED, at(0, 1), "one more");
	CHECK(none == NULL);
	diag_note(&fx.d, none, at(0, 1), "ignored"); /* callers need not check */
	diag_note_plain(&fx.d, none, "ignored");
	diag_help(&fx.d, none, "ignored");
	DiagCode w = code_with(SEV_WARNING);
	if (w != DIAG_CODE_COUNT)
		CHECK(diag_add(&fx.d, w, at(0, 1), "warnings still count") != NULL);
	fx_text(&fx);
	CHECK(fx.d.errors == 50);
	fx_free(&fx);
}

static DiagAllow *add_allow(Fixture *fx, DiagCode code, Span span)
{
	DiagAllow *al = ARENA_NEW(fx->a, DiagAllow);
	al->code = code;
	al->span = span;
	al->at = span;
	al->reason = "accepted";
	vec_push(&fx->d.allows, al);
	return al;
}

/* Duplicates and allowed warnings are dropped by diags_finish; what they
 * own (notes, helps) must be freed with them.  The check is the leak
 * checker's: valgrind or LeakSanitizer fails the run. */
static void test_diag_dropped_free_their_notes(void)
{
	Fixture fx;
	fx_init(&fx, "s {\n");
	for (int i = 0; i < 2; i++) {
		Diag *g = diag_add(&fx.d, SYN_UNCLOSED, at(4, 4), "expected `}`");
		diag_note(&fx.d, g, at(2, 3), "block `s` opened here");
		diag_help(&fx.d, g, "add a `}`");
	}
	DiagCode w = code_with(SEV_WARNING);
	if (w != DIAG_CODE_COUNT) {
		add_allow(&fx, w, at(0, 4));
		Diag *g = diag_add(&fx.d, w, at(0, 1), "allowed");
		diag_note_plain(&fx.d, g, "a note of an allowed warning");
		diag_help(&fx.d, g, "a help of an allowed warning");
	}
	fx_text(&fx);
	CHECK(fx.d.list.len == 1);
	fx_free(&fx);
}

static void test_diag_allow_suppresses_within_span(void)
{
	DiagCode w = code_with(SEV_WARNING);
	CHECK(w != DIAG_CODE_COUNT);
	if (w == DIAG_CODE_COUNT)
		return;
	Fixture fx;
	fx_init(&fx, "block a { x = 1 }\nblock b { x = 1 }\n");
	DiagAllow *al = add_allow(&fx, w, at(0, 17));
	diag_add(&fx.d, w, at(10, 15), "inside");
	diag_add(&fx.d, w, at(28, 33), "outside");
	diag_add(&fx.d, w, at(15, 20), "straddling");
	const char *out = fx_text(&fx);
	CHECK(al->used);
	CHECK(!strstr(out, "inside") && strstr(out, "outside") && strstr(out, "straddling"));
	CHECK(fx.d.warnings == 2 && fx.d.errors == 0);
	fx_free(&fx);
}

static void test_diag_allow_other_code_or_error(void)
{
	DiagCode w = code_with(SEV_WARNING);
	if (w == DIAG_CODE_COUNT)
		return;
	Fixture fx;
	fx_init(&fx, "block a { x = 1 }\n");
	DiagAllow *al = add_allow(&fx, SYN_UNEXPECTED, at(0, 17));
	diag_add(&fx.d, w, at(10, 15), "a warning with another code");
	diag_add(&fx.d, SYN_UNEXPECTED, at(10, 15), "an error is never allowed");
	const char *out = fx_text(&fx);
	CHECK(!al->used);
	CHECK(strstr(out, "another code") && strstr(out, "never allowed"));
	fx_free(&fx);
}

static void test_diag_werror_promotes(void)
{
	DiagCode w = code_with(SEV_WARNING);
	if (w == DIAG_CODE_COUNT)
		return;
	Fixture fx;
	fx_init(&fx, "x = 1\ny = 2\n");
	fx.d.werror = true;
	add_allow(&fx, w, at(0, 5));
	diag_add(&fx.d, w, at(0, 1), "allowed, so dropped");
	diag_add(&fx.d, w, at(6, 7), "promoted");
	CHECK(fx.d.warnings == 2 && fx.d.errors == 0); /* counted as added */
	const char *out = fx_text(&fx);
	CHECK(fx.d.warnings == 0 && fx.d.errors == 1);
	char want[128];
	snprintf(want, sizeof want, "t.infra:2:1: error: promoted [%s]\n", diag_info[w].code);
	CHECK(strncmp(out, want, strlen(want)) == 0); /* same code, never renamed */
	CHECK(!strstr(out, "dropped"));
	fx_free(&fx);
}

static void test_diag_color(void)
{
	Fixture fx;
	fx_init(&fx, "a\n");
	diag_add(&fx.d, SYN_UNEXPECTED, at(0, 1), "colored");
	diags_finish(&fx.d);
	diags_render_text(&fx.d, &fx.out, true);
	const char *out = buf_cstr(&fx.out);
	CHECK(strstr(out, "\033[1;31merror:") != NULL);
	CHECK(strstr(out, "\033[0m") != NULL);
	CHECK(!strchr(fx_text(&fx), '\033'));
	fx_free(&fx);
}

/* ---- json.c ---- */

static const char *escaped(Buf *b, const char *s, size_t n)
{
	b->len = 0;
	json_escape(b, s, n);
	return buf_cstr(b);
}

static void test_json_escape_control_chars(void)
{
	Buf b = {0};
	bool ok = true;
	for (unsigned c = 0; c < 0x20; c++) {
		char in = (char)c, want[8];
		if (c == '\n')
			strcpy(want, "\\n");
		else if (c == '\r')
			strcpy(want, "\\r");
		else if (c == '\t')
			strcpy(want, "\\t");
		else
			snprintf(want, sizeof want, "\\u%04x", c);
		if (strcmp(escaped(&b, &in, 1), want) != 0) {
			fprintf(stderr, "  byte 0x%02x escaped as %s\n", c, b.data);
			ok = false;
		}
	}
	CHECK(ok);
	CHECK_STR(escaped(&b, "\x7f", 1), "\\u007f");
	CHECK_STR(escaped(&b, "\"\\", 2), "\\\"\\\\");
	CHECK_STR(escaped(&b, "a/b é 日 \xF0\x9F\x98\x80", strlen("a/b é 日 \xF0\x9F\x98\x80")),
		  "a/b é 日 \xF0\x9F\x98\x80");
	CHECK_STR(escaped(&b, "a\0b", 3), "a\\u0000b");
	CHECK_STR(escaped(&b, "", 0), "");
	buf_free(&b);
}

static void test_json_nesting(void)
{
	Buf b = {0};
	JsonW w;
	json_init(&w, &b);
	json_object_begin(&w);
	json_key(&w, "a");
	json_string(&w, "q\"\n\x01");
	json_key(&w, "list");
	json_array_begin(&w);
	json_int(&w, 1);
	json_array_begin(&w);
	json_object_begin(&w);
	json_key(&w, "deep");
	json_bool(&w, true);
	json_object_end(&w);
	json_array_end(&w);
	json_null(&w);
	json_array_end(&w);
	json_object_end(&w);
	json_finish(&w);
	CHECK_STR(buf_cstr(&b), "{\n"
				"  \"a\": \"q\\\"\\n\\u0001\",\n"
				"  \"list\": [\n"
				"    1,\n"
				"    [\n"
				"      {\n"
				"        \"deep\": true\n"
				"      }\n"
				"    ],\n"
				"    null\n"
				"  ]\n"
				"}\n");
	buf_free(&b);
}

static void test_json_empty_containers(void)
{
	Buf b = {0};
	JsonW w;
	json_init(&w, &b);
	json_array_begin(&w);
	json_array_begin(&w);
	json_array_end(&w);
	json_object_begin(&w);
	json_object_end(&w);
	json_object_begin(&w);
	json_key(&w, "e");
	json_array_begin(&w);
	json_array_end(&w);
	json_object_end(&w);
	json_array_end(&w);
	json_finish(&w);
	CHECK_STR(buf_cstr(&b), "[\n  [],\n  {},\n  {\n    \"e\": []\n  }\n]\n");
	b.len = 0;
	json_init(&w, &b);
	json_object_begin(&w);
	json_object_end(&w);
	json_finish(&w);
	CHECK_STR(buf_cstr(&b), "{}\n");
	buf_free(&b);
}

static void test_json_scalars(void)
{
	Buf b = {0};
	JsonW w;
	json_init(&w, &b);
	json_array_begin(&w);
	json_int(&w, INT64_MIN);
	json_int(&w, 0);
	json_double(&w, 2.5, 2);
	json_double(&w, 1.0 / 0.0, 1); /* not finite: JSON has no such number */
	json_bool(&w, false);
	json_string_n(&w, "keyXX", 3);
	json_array_end(&w);
	json_finish(&w);
	CHECK_STR(buf_cstr(&b), "[\n  -9223372036854775808,\n  0,\n  2.50,\n  0.0,\n  false,\n  \"key\"\n]\n");
	buf_free(&b);
}

static void test_json_compact(void)
{
	Buf b = {0};
	JsonW w;
	json_init(&w, &b);
	w.compact = true;
	json_object_begin(&w);
	json_key(&w, "k\"ey");
	json_array_begin(&w);
	json_int(&w, 1);
	json_int(&w, 2);
	json_array_end(&w);
	json_key(&w, "o");
	json_object_begin(&w);
	json_object_end(&w);
	json_object_end(&w);
	CHECK_STR(buf_cstr(&b), "{\"k\\\"ey\":[1,2],\"o\":{}}");
	buf_free(&b);
}

/* ---- diag.c: JSON and SARIF ---- */

/* An error with a help, a note with a span and a plain note on line 2;
 * a warning on line 1. */
static void fx_mixed(Fixture *fx)
{
	fx_init(fx, "a = 1\nb = \"é\" + 2\n");
	Diag *g = diag_add(&fx->d, SYN_UNEXPECTED, at(15, 16), "unexpected `+` \"quoted\"");
	diag_note(&fx->d, g, at(0, 1), "see `a`");
	diag_note_plain(&fx->d, g, "plain note");
	diag_help(&fx->d, g, "remove it");
	DiagCode w = code_with(SEV_WARNING);
	if (w != DIAG_CODE_COUNT)
		diag_add(&fx->d, w, at(4, 5), "a warning");
	diags_finish(&fx->d);
}

static void test_diag_json(void)
{
	Fixture fx;
	fx_mixed(&fx);
	diags_render_json(&fx.d, &fx.out);
	const char *out = buf_cstr(&fx.out);
	bool warn = code_with(SEV_WARNING) != DIAG_CODE_COUNT;
	CHECK(strncmp(out, "{\n  \"diagnostics\": [\n", 21) == 0);
	CHECK(in_order(out, "\"message\": \"a warning\"", "\"code\": \"SYN-E001\"") || !warn);
	CHECK(strstr(out, "\"severity\": \"error\"") != NULL);
	CHECK(strstr(out, "\"message\": \"unexpected `+` \\\"quoted\\\"\"") != NULL);
	CHECK(strstr(out, "\"file\": \"t.infra\"") != NULL);
	/* the + is at line 2, column 9 (after a 2-byte character), offset 15 */
	CHECK(strstr(out, "\"start\": {\n        \"line\": 2,\n        \"column\": 9,\n"
			  "        \"offset\": 15\n      }") != NULL);
	CHECK(strstr(out, "\"end\": {\n        \"line\": 2,\n        \"column\": 10,\n"
			  "        \"offset\": 16\n      }") != NULL);
	CHECK(in_order(out, "\"notes\": [", "\"message\": \"see `a`\""));
	CHECK(in_order(out, "\"message\": \"see `a`\"", "\"message\": \"plain note\"\n"));
	CHECK(strstr(out, "\"help\": [\n        \"remove it\"\n      ]") != NULL);
	CHECK(strstr(out, "\"help\": []") != NULL || !warn);
	CHECK(strstr(out, "\"errors\": 1,\n  \"warnings\": ") != NULL);
	size_t n = strlen(out);
	CHECK(n >= 2 && strcmp(out + n - 2, "}\n") == 0);
	fx_free(&fx);
}

static void test_diag_json_empty(void)
{
	Fixture fx;
	fx_init(&fx, "");
	diags_finish(&fx.d);
	diags_render_json(&fx.d, &fx.out);
	CHECK_STR(buf_cstr(&fx.out), "{\n  \"diagnostics\": [],\n  \"errors\": 0,\n  \"warnings\": 0\n}\n");
	fx_free(&fx);
}

static void test_diag_sarif(void)
{
	Fixture fx;
	fx_mixed(&fx);
	diags_render_sarif(&fx.d, &fx.out, "9.9.9");
	const char *out = buf_cstr(&fx.out);
	CHECK(strstr(out, "\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\"") != NULL);
	CHECK(strstr(out, "\"version\": \"2.1.0\"") != NULL);
	CHECK(in_order(out, "\"name\": \"infrac\"", "\"version\": \"9.9.9\""));
	CHECK(count_substr(out, "\"defaultConfiguration\"") == DIAG_CODE_COUNT); /* every rule */
	CHECK(strstr(out, "\"columnKind\": \"unicodeCodePoints\"") != NULL);
	char want[64];
	snprintf(want, sizeof want, "\"ruleId\": \"SYN-E001\",\n          \"ruleIndex\": %d,", SYN_UNEXPECTED);
	CHECK(strstr(out, want) != NULL);
	/* helps are appended to the message text */
	CHECK(strstr(out, "\"text\": \"unexpected `+` \\\"quoted\\\"\\nhelp: remove it\"") != NULL);
	CHECK(strstr(out, "\"startLine\": 2,\n") && strstr(out, "\"startColumn\": 9,\n"));
	CHECK(strstr(out, "\"endLine\": 2,\n") && strstr(out, "\"endColumn\": 10\n"));
	/* a note with a span is a related location; a plain note is not */
	CHECK(count_substr(out, "\"relatedLocations\"") == 1);
	CHECK(in_order(out, "\"relatedLocations\": [", "\"text\": \"see `a`\""));
	CHECK(!strstr(out, "plain note"));
	CHECK(code_with(SEV_WARNING) == DIAG_CODE_COUNT || strstr(out, "\"level\": \"warning\"") != NULL);
	fx_free(&fx);
}

static void test_diag_sarif_empty_span(void)
{
	Fixture fx;
	fx_init(&fx, "abc\n");
	diag_add(&fx.d, SYN_UNEXPECTED, at(2, 2), "empty");
	diags_finish(&fx.d);
	diags_render_sarif(&fx.d, &fx.out, "0");
	const char *out = buf_cstr(&fx.out);
	/* SARIF regions are never empty: the end column is one past the start */
	CHECK(strstr(out, "\"startColumn\": 3,\n") && strstr(out, "\"endColumn\": 4\n"));
	CHECK(!strstr(out, "relatedLocations"));
	fx_free(&fx);
}

static void test_diag_render_to_file(void)
{
	Fixture fx;
	fx_mixed(&fx);
	FILE *f = tmpfile();
	CHECK(f != NULL);
	if (!f) {
		fx_free(&fx);
		return;
	}
	diags_render(&fx.d, DIAG_JSON, f);
	diags_render_json(&fx.d, &fx.out);
	long size = ftell(f);
	CHECK(size == (long)fx.out.len);
	char *back = xcalloc(1, (size_t)size + 1);
	rewind(f);
	CHECK(fread(back, 1, (size_t)size, f) == (size_t)size);
	CHECK(memcmp(back, fx.out.data, fx.out.len) == 0);
	free(back);
	fclose(f);
	fx_free(&fx);
}

/* Files of one run: t.infra (relative), one under the root with a space
 * in its name, one outside the root; each with its own sources. */
static void fx_file(Fixture *fx, const char *path)
{
	memset(fx, 0, sizeof *fx);
	fx->a = arena_new();
	src_add(&fx->sm, fx->a, path, "a = 1\n", 6);
	diags_init(&fx->d, fx->a, &fx->sm);
	diag_add(&fx->d, SYN_UNEXPECTED, at(0, 1), "in %s", path);
	diags_finish(&fx->d);
}

static void test_diag_doc_one_per_run(void)
{
	const char *paths[] = {"t.infra", "/repo/sub/b c.infra", "/elsewhere/x.infra"};
	Fixture fx[3];
	DiagDoc sarif = {.format = DIAG_SARIF, .version = "1.2.3", .root = "/repo/"};
	DiagDoc json = {.format = DIAG_JSON};
	DiagDoc text = {.format = DIAG_TEXT};
	diags_doc_begin(&sarif);
	diags_doc_begin(&json);
	diags_doc_begin(&text);
	for (int i = 0; i < 3; i++) {
		fx_file(&fx[i], paths[i]);
		diags_doc_add(&sarif, &fx[i].d);
		diags_doc_add(&json, &fx[i].d);
		diags_doc_add(&text, &fx[i].d);
		fx_free(&fx[i]); /* the document keeps nothing of a file's sources */
	}
	diags_doc_end(&sarif);
	diags_doc_end(&json);
	diags_doc_end(&text);
	const char *s = buf_cstr(&sarif.out);
	CHECK(count_substr(s, "\"$schema\"") == 1 && count_substr(s, "\"runs\"") == 1);
	CHECK(count_substr(s, "\"ruleId\": \"SYN-E001\"") == 3);
	CHECK(strstr(s, "\"uri\": \"t.infra\",\n") != NULL);
	CHECK(strstr(s, "\"uri\": \"sub/b%20c.infra\",\n") != NULL);
	CHECK(strstr(s, "\"uri\": \"file:///elsewhere/x.infra\"\n") != NULL);
	CHECK(count_substr(s, "\"uriBaseId\": \"%SRCROOT%\"") == 2);
	CHECK(strstr(s, "\"originalUriBaseIds\": {\n        \"%SRCROOT%\": {\n          \"uri\": \"file:///repo/\"") !=
	      NULL);
	size_t n = strlen(s);
	CHECK(n >= 2 && strcmp(s + n - 2, "}\n") == 0);
	const char *j = buf_cstr(&json.out);
	CHECK(count_substr(j, "\"diagnostics\"") == 1 && count_substr(j, "\"code\": \"SYN-E001\"") == 3);
	CHECK(strstr(j, "\"errors\": 3,\n  \"warnings\": 0\n}\n") != NULL);
	CHECK(json.files == 3 && json.errors == 3);
	/* text: each file's diagnostics and summary, in order */
	const char *t = buf_cstr(&text.out);
	CHECK(count_substr(t, "infrac: 1 error, 0 warnings\n") == 3);
	CHECK(in_order(t, "in t.infra", "in /repo/sub/b c.infra") && in_order(t, "b c.infra", "in /elsewhere"));
	buf_free(&sarif.out);
	buf_free(&json.out);
	buf_free(&text.out);
}

/* The root "/" holds every absolute path. */
static void test_diag_doc_root_slash(void)
{
	Fixture fx;
	fx_file(&fx, "/x/é#.infra");
	DiagDoc doc = {.format = DIAG_SARIF, .version = "0", .root = "/"};
	diags_doc_begin(&doc);
	diags_doc_add(&doc, &fx.d);
	diags_doc_end(&doc);
	const char *s = buf_cstr(&doc.out);
	CHECK(strstr(s, "\"uri\": \"x/%C3%A9%23.infra\",\n") != NULL);
	CHECK(strstr(s, "\"uri\": \"file:///\"\n") != NULL);
	buf_free(&doc.out);
	fx_free(&fx);
}

/* Every rule links to its heading of docs/diagnostics.md; IAM, RBAC and
 * TRUST rules, and they alone, are security rules. */
static void test_diag_sarif_rules(void)
{
	Fixture fx;
	fx_init(&fx, "");
	diags_finish(&fx.d);
	diags_render_sarif(&fx.d, &fx.out, "0");
	const char *s = buf_cstr(&fx.out);
	size_t security = 0;
	for (size_t i = 0; i < DIAG_CODE_COUNT; i++) {
		const char *code = diag_info[i].code;
		security += strncmp(code, "IAM-", 4) == 0 || strncmp(code, "RBAC-", 5) == 0 || strncmp(code, "TRUST-", 6) == 0;
	}
	CHECK(security > 0 && count_substr(s, "\"security-severity\"") == security);
	CHECK(count_substr(s, "\"tags\": [\n                  \"security\",\n") == security);
	CHECK(strstr(s, "\"helpUri\": \"" INFRAC_DOCS_URL "diagnostics.md#syn-e001\",\n") != NULL);
	CHECK(count_substr(s, "\"helpUri\"") == DIAG_CODE_COUNT && count_substr(s, "\"help\"") == DIAG_CODE_COUNT);
	const char *trust = strstr(s, "\"id\": \"TRUST-E001\"");
	CHECK(trust && in_order(trust, "\"trust\"\n", "\"security-severity\": \"9.0\"") &&
	      in_order(trust, "\"security-severity\": \"9.0\"", "\"id\": \"TRUST-E004\""));
	Buf md = {0};
	diag_info_markdown(&md);
	const char *m = buf_cstr(&md);
	CHECK(count_substr(m, "\n### ") == DIAG_CODE_COUNT);
	CHECK(strstr(m, "\n### SYN-E001\n\n`unexpected-token` (error)\n\n") != NULL);
	buf_free(&md);
	fx_free(&fx);
}

static const struct {
	const char *name;
	void (*run)(void);
} tests[] = {
#define T(f) {#f, f}
	T(test_arena_many_allocations),
	T(test_arena_large_allocations),
	T(test_arena_alignment),
	T(test_arena_strings),
	T(test_arena_reset),
	T(test_buf_growth),
	T(test_buf_printf_long),
	T(test_buf_format),
	T(test_outdir_commit_many),
	T(test_outdir_stage),
	T(test_outdir_stage_backpressure),
	T(test_buf_cstr_and_indent),
	T(test_vec),
	T(test_map_order),
	T(test_map_many_keys),
	T(test_map_update_keeps_position),
	T(test_intern_many),
	T(test_intern_prefixes),
	T(test_str_helpers),
	T(test_edit_distance),
	T(test_edit_distance_limit),
	T(test_edit_distance_long_strings),
	T(test_utf8_decode_valid),
	T(test_utf8_decode_invalid),
	T(test_utf8_encode_roundtrip),
	T(test_utf8_width),
	T(test_src_lines_lf),
	T(test_src_lines_crlf),
	T(test_src_lines_cr),
	T(test_src_lines_no_final_newline),
	T(test_src_empty_file),
	T(test_src_columns_count_code_points),
	T(test_src_many_lines),
	T(test_src_add_copies),
	T(test_src_read),
	T(test_diag_registry),
	T(test_span_helpers),
	T(test_diag_caret_after_tab_and_utf8),
	T(test_diag_caret_width),
	T(test_diag_non_ascii_before_caret),
	T(test_diag_note_with_span),
	T(test_diag_note_in_other_file),
	T(test_diag_plain_notes_and_helps),
	T(test_diag_long_line_window),
	T(test_diag_long_line_ends),
	T(test_diag_multiline_span),
	T(test_diag_control_bytes_shown_as_replacement),
	T(test_diag_gutter_grows),
	T(test_diag_without_file),
	T(test_diag_sorted_by_position),
	T(test_diag_files_sort_before_offsets),
	T(test_diag_duplicates_dropped),
	T(test_diag_error_cap),
	T(test_diag_dropped_free_their_notes),
	T(test_diag_allow_suppresses_within_span),
	T(test_diag_allow_other_code_or_error),
	T(test_diag_werror_promotes),
	T(test_diag_color),
	T(test_json_escape_control_chars),
	T(test_json_nesting),
	T(test_json_empty_containers),
	T(test_json_scalars),
	T(test_json_compact),
	T(test_diag_json),
	T(test_diag_json_empty),
	T(test_diag_sarif),
	T(test_diag_sarif_empty_span),
	T(test_diag_render_to_file),
	T(test_diag_doc_one_per_run),
	T(test_diag_doc_root_slash),
	T(test_diag_sarif_rules),
#undef T
};

int main(void)
{
	int failed_tests = 0;
	for (size_t i = 0; i < COUNT_OF(tests); i++) {
		int before = failures;
		tests[i].run();
		if (failures != before) {
			fprintf(stderr, "FAIL %s\n", tests[i].name);
			failed_tests++;
		}
	}
	printf("%zu tests, %d failed\n", COUNT_OF(tests), failed_tests);
	return failed_tests ? 1 : 0;
}

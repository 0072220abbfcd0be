/*
 * test_runtime.c: unit tests of the runtime layer.
 *
 * One function per behaviour; CHECK records a failure with its line and
 * keeps going, so one run shows every broken case.
 */
#include "runtime.h"

#include <string.h>

static int failures;

#define CHECK(cond)                                                             \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                             \
		}                                                               \
	} while (0)

static void test_intern(void)
{
	Arena *a = arena_new();
	Interner in;
	interner_init(&in, a);
	const char *x = intern_cstr(&in, "cluster");
	CHECK(x == intern(&in, "cluster!", 7));
	CHECK(x != intern_cstr(&in, "clusters"));
	char name[32];
	for (int i = 0; i < 10000; i++) {
		snprintf(name, sizeof name, "n%d", i);
		intern_cstr(&in, name);
	}
	CHECK(intern_cstr(&in, "n9999") == intern_cstr(&in, "n9999"));
	CHECK(strcmp(intern_cstr(&in, "n42"), "n42") == 0);
	interner_free(&in);
	arena_free(a);
}

static void test_map_order(void)
{
	Arena *a = arena_new();
	Interner in;
	interner_init(&in, a);
	Map m = {0};
	const char *keys[] = {"zeta", "alpha", "mid"};
	for (int i = 0; i < 3; i++)
		map_put(&m, intern_cstr(&in, keys[i]), (void *)(intptr_t)(i + 1));
	CHECK(m.len == 3);
	CHECK(strcmp(m.keys[0], "zeta") == 0 && strcmp(m.keys[2], "mid") == 0);
	CHECK(map_get(&m, intern_cstr(&in, "alpha")) == (void *)2);
	CHECK(map_get(&m, intern_cstr(&in, "beta")) == NULL);
	CHECK(map_put(&m, intern_cstr(&in, "alpha"), (void *)9) == (void *)2);
	CHECK(m.len == 3);
	map_free(&m);
	interner_free(&in);
	arena_free(a);
}

static void test_edit_distance(void)
{
	CHECK(str_edit_distance("cluster", "clustr", 3) == 1);
	CHECK(str_edit_distance("kitten", "sitting", 5) == 3);
	CHECK(str_edit_distance("a", "abcdefgh", 2) == 3);
	CHECK(str_edit_distance("", "", 1) == 0);
}

static void test_utf8(void)
{
	CHECK(utf8_width("héllo", strlen("héllo")) == 5);
	CHECK(utf8_width("\xff", 1) == 1);
	uint32_t cp;
	CHECK(utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp) == 0); /* overlong */
	CHECK(utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp) == 0); /* surrogate */
	CHECK(utf8_decode((const unsigned char *)"\xE2\x82\xAC", 3, &cp) == 3 && cp == 0x20AC);
}

static void test_src_positions(void)
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
	p = src_pos(f, 11); /* y, after a tab */
	CHECK(p.line == 4 && p.col == 2);
	srcmap_free(&sm);
	arena_free(a);
}

static void test_json(void)
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
	json_bool(&w, true);
	json_array_end(&w);
	json_key(&w, "empty");
	json_object_begin(&w);
	json_object_end(&w);
	json_object_end(&w);
	json_finish(&w);
	CHECK(strcmp(buf_cstr(&b), "{\n  \"a\": \"q\\\"\\n\\u0001\",\n  \"list\": [\n    1,\n    true\n  ],\n"
				   "  \"empty\": {}\n}\n") == 0);
	buf_free(&b);
}

static void test_diag_render(void)
{
	Arena *a = arena_new();
	SrcMap sm = {0};
	const char text[] = "x {\n\ty = é + 1\n}\n";
	src_add(&sm, a, "t.infra", text, sizeof text - 1);
	Diags d;
	diags_init(&d, a, &sm);
	Span s = {0, 12, 13}; /* the + after a tab and a 2-byte character */
	Diag *g = diag_add(&d, SYN_UNEXPECTED, s, "expected a value, found `+`");
	diag_help(&d, g, "remove the `+`");
	diags_finish(&d);
	Buf b = {0};
	diags_render_text(&d, &b, false);
	CHECK(strcmp(buf_cstr(&b), "t.infra:2:8: error: expected a value, found `+` [SYN-E001]\n"
				   "   2 | \ty = é + 1\n"
				   "     | \t      ^\n"
				   "     = help: remove the `+`\n") == 0);
	if (failures)
		fputs(buf_cstr(&b), stderr);
	buf_free(&b);
	diags_free(&d);
	srcmap_free(&sm);
	arena_free(a);
}

int main(void)
{
	test_intern();
	test_map_order();
	test_edit_distance();
	test_utf8();
	test_src_positions();
	test_json();
	test_diag_render();
	if (failures)
		fprintf(stderr, "%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}

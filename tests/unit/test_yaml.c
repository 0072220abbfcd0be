/*
 * test_yaml.c: round-trip tests of the YAML writer (runtime/yaml.c).
 *
 * Each test writes a document through the writer and, at the same time,
 * records the events a reader must see (mapping and sequence starts and
 * ends, and every scalar with its exact bytes).  libyaml then parses the
 * text and the two event streams must agree byte for byte.  Every scalar
 * the writer left plain is also run through a resolver of the YAML 1.1
 * implicit types (bool, null, int, float, timestamp, merge, value; plus
 * the YAML 1.2 core numbers, which some readers use): a string written
 * plain must not match any of them, and a number, bool or null written
 * through its own call must match its own.  A few documents are also
 * compared as exact text, where the layout is the contract.
 */
#include "runtime.h"
#include "unit.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define CHECK_STR(got, want)                                                    \
	do {                                                                    \
		const char *got_ = (got), *want_ = (want);                      \
		if (strcmp(got_, want_) != 0) {                                 \
			fprintf(stderr, "%s:%d: got:\n%s\n-- want:\n%s\n--\n", __FILE__, __LINE__, \
				got_, want_);                                   \
			failures++;                                             \
		}                                                               \
	} while (0)

/* ---- a YAML 1.1 resolver for plain scalars ---- */

typedef enum Resolved { R_STR, R_BOOL, R_NULL, R_INT, R_FLOAT, R_TIMESTAMP, R_MERGE, R_VALUE } Resolved;

static const struct {
	Resolved type;
	const char *re;
} implicit[] = {
	/* yaml.org/type/bool.html */
	{R_BOOL, "^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"},
	/* yaml.org/type/null.html (the empty string is null too) */
	{R_NULL, "^(~|null|Null|NULL|)$"},
	/* yaml.org/type/int.html */
	{R_INT, "^[-+]?0b[0-1_]+$"},
	{R_INT, "^[-+]?0[0-7_]+$"},
	{R_INT, "^[-+]?(0|[1-9][0-9_]*)$"},
	{R_INT, "^[-+]?0x[0-9a-fA-F_]+$"},
	{R_INT, "^[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+$"},
	/* yaml.org/type/float.html */
	{R_FLOAT, "^[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?$"},
	{R_FLOAT, "^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*$"},
	{R_FLOAT, "^[-+]?\\.(inf|Inf|INF)$"},
	{R_FLOAT, "^\\.(nan|NaN|NAN)$"},
	/* yaml.org/type/timestamp.html */
	{R_TIMESTAMP, "^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$"},
	{R_TIMESTAMP, "^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9]"
		      "(\\.[0-9]*)?(([ \t]*)Z|[-+][0-9][0-9]?(:[0-9][0-9])?)?$"},
	/* yaml.org/type/merge.html, value.html */
	{R_MERGE, "^<<$"},
	{R_VALUE, "^=$"},
	/* YAML 1.2 core schema numbers (`1e3` is a float there and to Go). */
	{R_INT, "^[-+]?[0-9]+$"},
	{R_INT, "^0o[0-7]+$"},
	{R_INT, "^0x[0-9a-fA-F]+$"},
	{R_FLOAT, "^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"},
};

static regex_t compiled[COUNT_OF(implicit)];
static bool compiled_ok;

static void resolver_init(void)
{
	for (size_t i = 0; i < COUNT_OF(implicit); i++)
		if (regcomp(&compiled[i], implicit[i].re, REG_EXTENDED | REG_NOSUB) != 0) {
			fprintf(stderr, "bad regex %s\n", implicit[i].re);
			exit(2);
		}
	compiled_ok = true;
}

static void resolver_free(void)
{
	for (size_t i = 0; compiled_ok && i < COUNT_OF(implicit); i++)
		regfree(&compiled[i]);
}

static Resolved resolve_plain(const char *s, size_t n)
{
	if (memchr(s, 0, n))
		return R_STR;
	for (size_t i = 0; i < COUNT_OF(implicit); i++)
		if (regexec(&compiled[i], s, 0, NULL, 0) == 0)
			return implicit[i].type;
	return R_STR;
}

static void test_resolver(void)
{
	/* The resolver itself, on the cases the writer must quote. */
	static const struct {
		const char *s;
		Resolved want;
	} cases[] = {
		{"yes", R_BOOL}, {"Yes", R_BOOL}, {"on", R_BOOL}, {"no", R_BOOL}, {"off", R_BOOL}, {"y", R_BOOL},
		{"n", R_BOOL}, {"true", R_BOOL}, {"~", R_NULL}, {"null", R_NULL}, {"", R_NULL}, {"0755", R_INT},
		{"1e3", R_FLOAT}, {".inf", R_FLOAT}, {"-.inf", R_FLOAT}, {".nan", R_FLOAT}, {"0x1F", R_INT},
		{"+1", R_INT}, {"-1", R_INT}, {"1_000", R_INT}, {"12:30", R_INT}, {"2026-01-01", R_TIMESTAMP},
		{"1.5", R_FLOAT}, {"190:20:30.15", R_FLOAT}, {"2001-12-14t21:59:43.10-05:00", R_TIMESTAMP},
		{"<<", R_MERGE}, {"=", R_VALUE}, {"abc", R_STR}, {"yEs", R_STR}, {"v1.2", R_STR}, {"1.2.3", R_FLOAT},
	};
	for (size_t i = 0; i < COUNT_OF(cases); i++) {
		Resolved r = resolve_plain(cases[i].s, strlen(cases[i].s));
		if (r != cases[i].want) {
			fprintf(stderr, "resolver: \"%s\" gave %d, want %d\n", cases[i].s, (int)r, (int)cases[i].want);
			failures++;
		}
	}
}

/* ---- writing with expected events ---- */

typedef enum Ev { EV_DOC, EV_DOC_END, EV_MAP, EV_MAP_END, EV_SEQ, EV_SEQ_END, EV_SCALAR } Ev;

typedef struct Expect {
	Ev ev;
	char *s;
	size_t n;
	Resolved type; /* what a plain scalar must resolve to */
} Expect;

typedef struct Doc {
	Buf out;
	YamlW w;
	Expect *ev;
	size_t nev, cap;
	bool open; /* a document is open */
} Doc;

static void expect(Doc *d, Ev ev, const char *s, size_t n, Resolved type)
{
	if (d->nev == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->ev = xrealloc(d->ev, d->cap * sizeof *d->ev);
	}
	Expect *e = &d->ev[d->nev++];
	e->ev = ev;
	e->s = NULL;
	e->n = n;
	e->type = type;
	if (s) {
		e->s = xmalloc(n + 1);
		memcpy(e->s, s, n);
		e->s[n] = 0;
	}
}

static void doc_init(Doc *d)
{
	memset(d, 0, sizeof *d);
	yaml_init(&d->w, &d->out);
}

static void doc_free(Doc *d)
{
	for (size_t i = 0; i < d->nev; i++)
		free(d->ev[i].s);
	free(d->ev);
	buf_free(&d->out);
}

static void d_start(Doc *d)
{
	if (d->open)
		expect(d, EV_DOC_END, NULL, 0, R_STR);
	yaml_doc_start(&d->w);
	expect(d, EV_DOC, NULL, 0, R_STR);
	d->open = true;
}

static void d_map(Doc *d) { yaml_map_begin(&d->w); expect(d, EV_MAP, NULL, 0, R_STR); }
static void d_map_end(Doc *d) { yaml_map_end(&d->w); expect(d, EV_MAP_END, NULL, 0, R_STR); }
static void d_seq(Doc *d) { yaml_seq_begin(&d->w); expect(d, EV_SEQ, NULL, 0, R_STR); }
static void d_seq_end(Doc *d) { yaml_seq_end(&d->w); expect(d, EV_SEQ_END, NULL, 0, R_STR); }

static void d_key_n(Doc *d, const char *k, size_t n)
{
	yaml_key_n(&d->w, k, n);
	expect(d, EV_SCALAR, k, n, R_STR);
}

static void d_key(Doc *d, const char *k) { d_key_n(d, k, strlen(k)); }

static void d_str_n(Doc *d, const char *s, size_t n)
{
	yaml_string_n(&d->w, s, n);
	expect(d, EV_SCALAR, s, n, R_STR);
}

static void d_str(Doc *d, const char *s) { d_str_n(d, s, strlen(s)); }

static void d_int(Doc *d, int64_t v)
{
	char t[32];
	int n = snprintf(t, sizeof t, "%lld", (long long)v);
	yaml_int(&d->w, v);
	expect(d, EV_SCALAR, t, (size_t)n, R_INT);
}

static void d_bool(Doc *d, bool v)
{
	yaml_bool(&d->w, v);
	expect(d, EV_SCALAR, v ? "true" : "false", v ? 4 : 5, R_BOOL);
}

static void d_null(Doc *d)
{
	yaml_null(&d->w);
	expect(d, EV_SCALAR, "null", 4, R_NULL);
}

static const char *ev_name(Ev e)
{
	static const char *const names[] = {"document", "document end", "mapping", "mapping end",
					    "sequence", "sequence end", "scalar"};
	return names[e];
}

/* With YAML_TEST_DUMP=DIR, each verified text is also written to
 * DIR/N.yaml and its expected scalars, as JSON strings one per line, to
 * DIR/N.scalars, so other readers (Go, JavaScript) can be checked too. */
static void doc_dump(Doc *d)
{
	static int seq;
	const char *dir = getenv("YAML_TEST_DUMP");
	if (!dir || !*dir)
		return;
	char path[4096];
	snprintf(path, sizeof path, "%s/%02d.yaml", dir, seq);
	FILE *f = fopen(path, "wb");
	if (f) {
		fwrite(d->out.data, 1, d->out.len, f);
		fclose(f);
	}
	snprintf(path, sizeof path, "%s/%02d.scalars", dir, seq++);
	f = fopen(path, "wb");
	if (!f)
		return;
	for (size_t i = 0; i < d->nev; i++) {
		if (d->ev[i].ev != EV_SCALAR)
			continue;
		Buf b = {0};
		json_escape(&b, d->ev[i].s, d->ev[i].n);
		fprintf(f, "\"%s\"\n", buf_cstr(&b));
		buf_free(&b);
	}
	fclose(f);
}

/* Parses the document's text with libyaml and compares the events. */
static void doc_verify(Doc *d, const char *what)
{
	if (d->open)
		expect(d, EV_DOC_END, NULL, 0, R_STR);
	d->open = false;
	doc_dump(d);
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		failures++;
		return;
	}
	const char *text = buf_cstr(&d->out);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, d->out.len);
	size_t at = 0;
	bool done = false, bad = false;
	while (!done && !bad) {
		yaml_event_t e;
		if (!yaml_parser_parse(&p, &e)) {
			fprintf(stderr, "%s: libyaml: %s at line %zu column %zu\n", what, p.problem ? p.problem : "error",
				p.problem_mark.line + 1, p.problem_mark.column + 1);
			bad = true;
			break;
		}
		Ev got;
		bool skip = false;
		switch (e.type) {
		case YAML_STREAM_START_EVENT: skip = true; break;
		case YAML_STREAM_END_EVENT: skip = true; done = true; break;
		case YAML_DOCUMENT_START_EVENT: got = EV_DOC; break;
		case YAML_DOCUMENT_END_EVENT: got = EV_DOC_END; break;
		case YAML_MAPPING_START_EVENT: got = EV_MAP; break;
		case YAML_MAPPING_END_EVENT: got = EV_MAP_END; break;
		case YAML_SEQUENCE_START_EVENT: got = EV_SEQ; break;
		case YAML_SEQUENCE_END_EVENT: got = EV_SEQ_END; break;
		case YAML_SCALAR_EVENT: got = EV_SCALAR; break;
		default:
			fprintf(stderr, "%s: unexpected event %d (alias?)\n", what, (int)e.type);
			bad = true;
			skip = true;
		}
		if (!skip) {
			if (at >= d->nev) {
				fprintf(stderr, "%s: extra %s event\n", what, ev_name(got));
				bad = true;
			} else if (d->ev[at].ev != got) {
				fprintf(stderr, "%s: event %zu is a %s, want a %s\n", what, at, ev_name(got),
					ev_name(d->ev[at].ev));
				bad = true;
			} else if (got == EV_SCALAR) {
				Expect *x = &d->ev[at];
				const char *v = (const char *)e.data.scalar.value;
				size_t n = e.data.scalar.length;
				if (n != x->n || memcmp(v, x->s, n) != 0) {
					fprintf(stderr, "%s: scalar %zu reads back as \"%.*s\" (%zu bytes), want \"%s\" (%zu bytes)\n",
						what, at, (int)n, v, n, x->s, x->n);
					bad = true;
				}
				if (e.data.scalar.anchor || e.data.scalar.tag) {
					fprintf(stderr, "%s: scalar %zu has an anchor or tag\n", what, at);
					bad = true;
				}
				bool plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
				if (plain && resolve_plain(x->s, x->n) != x->type) {
					fprintf(stderr, "%s: \"%s\" is plain and YAML 1.1 reads it as type %d, want %d\n", what,
						x->s, (int)resolve_plain(x->s, x->n), (int)x->type);
					bad = true;
				}
				if (!plain && x->type != R_STR) {
					fprintf(stderr, "%s: the number, bool or null \"%s\" was quoted\n", what, x->s);
					bad = true;
				}
			}
			at++;
		}
		yaml_event_delete(&e);
	}
	if (!bad && at != d->nev) {
		fprintf(stderr, "%s: %zu events missing\n", what, d->nev - at);
		bad = true;
	}
	if (bad) {
		fprintf(stderr, "%s: the text was:\n%s\n--\n", what, text);
		failures++;
	}
	yaml_parser_delete(&p);
}

/* ---- the scalars ---- */

typedef struct Sample {
	const char *s;
	size_t n; /* 0: strlen */
} Sample;

static const Sample samples[] = {
	{"yes", 0}, {"Yes", 0}, {"YES", 0}, {"yEs", 0}, {"on", 0}, {"On", 0}, {"ON", 0}, {"no", 0}, {"No", 0},
	{"off", 0}, {"y", 0}, {"Y", 0}, {"n", 0}, {"N", 0}, {"~", 0}, {"null", 0}, {"Null", 0}, {"NULL", 0},
	{"true", 0}, {"True", 0}, {"false", 0}, {"FALSE", 0}, {"0755", 0}, {"1e3", 0}, {"1E3", 0}, {"1.5", 0},
	{".5", 0}, {"1.", 0}, {".inf", 0}, {"-.inf", 0}, {"+.INF", 0}, {".nan", 0}, {".NaN", 0}, {"0x1F", 0},
	{"0b101", 0}, {"0o17", 0}, {"+1", 0}, {"-1", 0}, {"0", 0}, {"1_000", 0}, {"12:30", 0}, {"190:20:30.15", 0},
	{"2026-01-01", 0}, {"2026-01-01T10:00:00Z", 0}, {"2026-1-1 10:00:00", 0}, {"*a", 0}, {"&a", 0},
	{"!a", 0}, {"!!str", 0}, {"%a", 0}, {"@a", 0}, {"`a", 0}, {"|", 0}, {"|a", 0}, {">", 0}, {">a", 0},
	{"- x", 0}, {"-", 0}, {"--", 0}, {"---", 0}, {"...", 0}, {"? x", 0}, {"?", 0}, {": x", 0}, {":", 0},
	{"a: b", 0}, {"a:b", 0}, {"a:", 0}, {"a #b", 0}, {"a#b", 0}, {"#a", 0}, {" #x", 0}, {"a ", 0},
	{" a", 0}, {" ", 0}, {"", 0}, {"a  b", 0}, {"<<", 0}, {"=", 0}, {"[a]", 0}, {"{a}", 0}, {"a,b", 0},
	{"a[0]", 0}, {"'a'", 0}, {"\"a\"", 0}, {"a'b", 0}, {"a\"b", 0}, {"a\\b", 0}, {"\\", 0},
	{"line one\nline two", 0}, {"trailing newline\n", 0}, {"\n", 0}, {"\n\n", 0}, {"a\r\nb", 0},
	{"\ttab", 0}, {"tab\t", 0}, {"a\tb", 0}, {"\x01\x02\x1b\x1f\x7f", 0}, {"nul\0inside", 10},
	{"caf\xc3\xa9", 0}, {"\xc3\xa9t\xc3\xa9", 0}, {"\xe6\x97\xa5\xe6\x9c\xac", 0},
	{"\xf0\x9f\x9a\x80 launch", 0}, {"nel\xc2\x85x", 0}, {"c1\xc2\x80\xc2\x9f", 0},
	{"ls\xe2\x80\xa8ps\xe2\x80\xa9", 0}, {"\xef\xbb\xbf" "bom", 0}, {"nonchar\xef\xbf\xbe\xef\xbf\xbf", 0},
	{"nbsp\xc2\xa0x", 0}, {"_", 0}, {"_a", 0}, {"a-b.c/d_e", 0}, {"eks.amazonaws.com/capacityType", 0},
	{"KubernetesExecutor", 0}, {"v1.2.3", 0}, {"2000m", 0}, {"25%", 0}, {"arn:aws:iam::1:role/x", 0},
	{"https://example.com/a?b=c#d", 0}, {"${x}", 0}, {"{{ .Values.x }}", 0}, {"a\xe3\x80\x80" "b", 0},
};

static size_t sample_len(const Sample *s)
{
	return s->n ? s->n : strlen(s->s);
}

static void test_scalars_as_values(void)
{
	Doc d;
	doc_init(&d);
	d_start(&d);
	d_map(&d);
	for (size_t i = 0; i < COUNT_OF(samples); i++) {
		char k[16];
		snprintf(k, sizeof k, "k%zu", i);
		d_key(&d, k);
		d_str_n(&d, samples[i].s, sample_len(&samples[i]));
	}
	d_map_end(&d);
	doc_verify(&d, "scalars as values");
	doc_free(&d);
}

static void test_scalars_as_items(void)
{
	Doc d;
	doc_init(&d);
	d_start(&d);
	d_seq(&d);
	for (size_t i = 0; i < COUNT_OF(samples); i++)
		d_str_n(&d, samples[i].s, sample_len(&samples[i]));
	d_seq_end(&d);
	doc_verify(&d, "scalars as items");
	doc_free(&d);
}

static void test_scalars_as_keys(void)
{
	Doc d;
	doc_init(&d);
	d_start(&d);
	d_map(&d);
	for (size_t i = 0; i < COUNT_OF(samples); i++) {
		d_key_n(&d, samples[i].s, sample_len(&samples[i]));
		d_int(&d, (int64_t)i);
	}
	d_map_end(&d);
	doc_verify(&d, "scalars as keys");
	doc_free(&d);
}

/* Each scalar alone as a whole document, and as the first key of a
 * mapping in a sequence (the key on the dash's line). */
static void test_scalars_alone(void)
{
	Doc d;
	doc_init(&d);
	for (size_t i = 0; i < COUNT_OF(samples); i++) {
		d_start(&d);
		d_str_n(&d, samples[i].s, sample_len(&samples[i]));
	}
	doc_verify(&d, "scalars alone");
	doc_free(&d);
	doc_init(&d);
	d_start(&d);
	d_seq(&d);
	for (size_t i = 0; i < COUNT_OF(samples); i++) {
		d_map(&d);
		d_key_n(&d, samples[i].s, sample_len(&samples[i]));
		d_str_n(&d, samples[i].s, sample_len(&samples[i]));
		d_key(&d, "next");
		d_bool(&d, i % 2);
		d_map_end(&d);
	}
	d_seq_end(&d);
	doc_verify(&d, "scalars as first keys after a dash");
	doc_free(&d);
}

static void test_numbers_bools_nulls(void)
{
	Doc d;
	doc_init(&d);
	d_start(&d);
	d_map(&d);
	d_key(&d, "zero");
	d_int(&d, 0);
	d_key(&d, "negative");
	d_int(&d, -42);
	d_key(&d, "max");
	d_int(&d, INT64_MAX);
	d_key(&d, "min");
	d_int(&d, INT64_MIN);
	d_key(&d, "yes");
	d_bool(&d, true);
	d_key(&d, "no");
	d_bool(&d, false);
	d_key(&d, "none");
	d_null(&d);
	d_key(&d, "list");
	d_seq(&d);
	d_int(&d, 1);
	d_bool(&d, false);
	d_null(&d);
	d_str(&d, "1");
	d_str(&d, "false");
	d_str(&d, "null");
	d_seq_end(&d);
	d_map_end(&d);
	doc_verify(&d, "numbers, bools and nulls");
	doc_free(&d);
}

static char *repeat(const char *unit, size_t times)
{
	size_t n = strlen(unit);
	char *s = xmalloc(n * times + 1);
	for (size_t i = 0; i < times; i++)
		memcpy(s + i * n, unit, n);
	s[n * times] = 0;
	return s;
}

static void test_long_strings(void)
{
	char *plain = repeat("a", 100000);
	char *spaced = repeat("word ", 20000);
	char *multi = repeat("a line of text\n", 5000);
	char *unicode = repeat("\xe6\x97\xa5\xf0\x9f\x9a\x80", 3000);
	char *key = repeat("k", 2000);
	char *qkey = repeat("k ", 1000);
	char *edge = repeat("e", 1000);   /* at the limit: still an implicit key */
	char *over = repeat("e", 1001);   /* just over: explicit */
	Doc d;
	doc_init(&d);
	d_start(&d);
	d_map(&d);
	d_key(&d, "plain");
	d_str(&d, plain);
	d_key(&d, "spaced");
	d_str(&d, spaced);
	d_key(&d, "multi");
	d_str(&d, multi);
	d_key(&d, "unicode");
	d_str(&d, unicode);
	d_key(&d, key);
	d_str(&d, "long key");
	d_key(&d, qkey);
	d_map(&d);
	d_key(&d, key);
	d_seq(&d);
	d_str(&d, "x");
	d_seq_end(&d);
	d_key(&d, "empty");
	d_map(&d);
	d_map_end(&d);
	d_map_end(&d);
	d_key(&d, edge);
	d_int(&d, 1);
	d_key(&d, over);
	d_int(&d, 2);
	d_key(&d, "items");
	d_seq(&d);
	d_map(&d);
	d_key(&d, key);
	d_str(&d, "first key after a dash, explicit");
	d_key(&d, over);
	d_map(&d);
	d_map_end(&d);
	d_map_end(&d);
	d_seq_end(&d);
	d_map_end(&d);
	doc_verify(&d, "long strings");
	CHECK(strstr(buf_cstr(&d.out), "\n? kkkk") != NULL);
	CHECK(strstr(buf_cstr(&d.out), "\n  - ? kkkk") != NULL);
	CHECK(strstr(buf_cstr(&d.out), "\neeee") != NULL);
	doc_free(&d);
	free(plain);
	free(spaced);
	free(multi);
	free(unicode);
	free(key);
	free(qkey);
	free(edge);
	free(over);
}

/* Bytes that are not UTF-8 cannot be YAML text: each becomes U+FFFD. */
static void test_invalid_utf8(void)
{
	Buf b = {0};
	yaml_quote(&b, "a\xff" "b\xc3", 4);
	CHECK_STR(buf_cstr(&b), "\"a\\uFFFDb\\uFFFD\"");
	buf_free(&b);
	b = (Buf){0};
	yaml_quote(&b, "\xed\xa0\x80", 3); /* a UTF-16 surrogate, encoded */
	CHECK_STR(buf_cstr(&b), "\"\\uFFFD\\uFFFD\\uFFFD\"");
	buf_free(&b);
}

static void test_structures(void)
{
	Doc d;
	doc_init(&d);
	d_start(&d);
	d_map(&d);
	d_key(&d, "nested");
	d_map(&d);
	d_key(&d, "deeper");
	d_map(&d);
	d_key(&d, "deepest");
	d_str(&d, "x");
	d_map_end(&d);
	d_key(&d, "after");
	d_int(&d, 1);
	d_map_end(&d);
	d_key(&d, "empty map");
	d_map(&d);
	d_map_end(&d);
	d_key(&d, "empty list");
	d_seq(&d);
	d_seq_end(&d);
	d_key(&d, "maps");
	d_seq(&d);
	for (int i = 0; i < 3; i++) {
		d_map(&d);
		d_key(&d, "name");
		d_str(&d, i == 1 ? "yes" : "a");
		d_key(&d, "values");
		d_seq(&d);
		d_str(&d, "SPOT");
		d_str(&d, "on");
		d_seq_end(&d);
		d_key(&d, "inner");
		d_map(&d);
		d_key(&d, "k");
		d_str(&d, "v");
		d_map_end(&d);
		d_map_end(&d);
	}
	d_map(&d);
	d_map_end(&d);
	d_seq(&d);
	d_seq_end(&d);
	d_seq(&d);
	d_str(&d, "nested item");
	d_seq(&d);
	d_str(&d, "deeper item");
	d_seq_end(&d);
	d_seq_end(&d);
	d_map(&d);
	d_key(&d, "first");
	d_map(&d);
	d_map_end(&d);
	d_key(&d, "second");
	d_seq(&d);
	d_map(&d);
	d_key(&d, "x");
	d_seq(&d);
	d_seq_end(&d);
	d_map_end(&d);
	d_seq_end(&d);
	d_map_end(&d);
	d_seq_end(&d);
	d_key(&d, "lists");
	d_map(&d);
	d_key(&d, "a");
	d_seq(&d);
	d_str(&d, "1");
	d_int(&d, 1);
	d_seq_end(&d);
	d_key(&d, "b");
	d_seq(&d);
	d_seq_end(&d);
	d_map_end(&d);
	d_map_end(&d);
	doc_verify(&d, "structures");
	doc_free(&d);
}

static void test_empty_documents(void)
{
	Doc d;
	doc_init(&d);
	d_start(&d);
	d_map(&d);
	d_map_end(&d);
	d_start(&d);
	d_seq(&d);
	d_seq_end(&d);
	d_start(&d);
	d_str(&d, "");
	d_start(&d);
	d_null(&d);
	d_start(&d);
	d_map(&d);
	d_key(&d, "k");
	d_str(&d, "v");
	d_map_end(&d);
	doc_verify(&d, "empty documents");
	CHECK_STR(buf_cstr(&d.out), "{}\n---\n[]\n---\n\"\"\n---\nnull\n---\nk: v\n");
	doc_free(&d);
}

static void test_deep_nesting(void)
{
	Doc d;
	doc_init(&d);
	d_start(&d);
	for (int i = 0; i < YAML_MAX_DEPTH; i++) {
		if (i % 2) {
			d_seq(&d);
		} else {
			d_map(&d);
			d_key(&d, "k");
		}
	}
	d_str(&d, "bottom");
	for (int i = YAML_MAX_DEPTH - 1; i >= 0; i--) {
		if (i % 2)
			d_seq_end(&d);
		else
			d_map_end(&d);
	}
	doc_verify(&d, "deep nesting");
	doc_free(&d);
}

/* ---- exact text ---- */

static void test_text_layout(void)
{
	Buf b = {0};
	YamlW w;
	yaml_init(&w, &b);
	yaml_doc_start(&w);
	yaml_map_begin(&w);
	yaml_key(&w, "replicaCount");
	yaml_int(&w, 2);
	yaml_key(&w, "resources");
	yaml_map_begin(&w);
	yaml_key(&w, "requests");
	yaml_map_begin(&w);
	yaml_key(&w, "cpu");
	yaml_string(&w, "2000m");
	yaml_map_end(&w);
	yaml_map_end(&w);
	yaml_key(&w, "podLabels");
	yaml_map_begin(&w);
	yaml_map_end(&w);
	yaml_key(&w, "tolerations");
	yaml_seq_begin(&w);
	yaml_map_begin(&w);
	yaml_key(&w, "key");
	yaml_string(&w, "dedicated");
	yaml_key(&w, "operator");
	yaml_string(&w, "Equal");
	yaml_key(&w, "value");
	yaml_string(&w, "");
	yaml_map_end(&w);
	yaml_seq_end(&w);
	yaml_key(&w, "values");
	yaml_seq_begin(&w);
	yaml_string(&w, "SPOT");
	yaml_string(&w, "yes");
	yaml_map_begin(&w);
	yaml_map_end(&w);
	yaml_seq_begin(&w);
	yaml_seq_end(&w);
	yaml_seq_begin(&w);
	yaml_int(&w, 1);
	yaml_seq_end(&w);
	yaml_seq_end(&w);
	yaml_key(&w, "none");
	yaml_seq_begin(&w);
	yaml_seq_end(&w);
	yaml_key(&w, "flag");
	yaml_bool(&w, true);
	yaml_key(&w, "nothing");
	yaml_null(&w);
	yaml_key(&w, "a: b");
	yaml_string(&w, "line\nbreak\t\"q\"");
	yaml_map_end(&w);
	yaml_doc_start(&w);
	yaml_seq_begin(&w);
	yaml_map_begin(&w);
	yaml_key(&w, "first");
	yaml_map_begin(&w);
	yaml_key(&w, "x");
	yaml_int(&w, 1);
	yaml_map_end(&w);
	yaml_key(&w, "second");
	yaml_string(&w, "2");
	yaml_map_end(&w);
	yaml_seq_end(&w);
	CHECK_STR(buf_cstr(&b),
		  "replicaCount: 2\n"
		  "resources:\n"
		  "  requests:\n"
		  "    cpu: \"2000m\"\n"
		  "podLabels: {}\n"
		  "tolerations:\n"
		  "  - key: dedicated\n"
		  "    operator: Equal\n"
		  "    value: \"\"\n"
		  "values:\n"
		  "  - SPOT\n"
		  "  - \"yes\"\n"
		  "  - {}\n"
		  "  - []\n"
		  "  -\n"
		  "    - 1\n"
		  "none: []\n"
		  "flag: true\n"
		  "nothing: null\n"
		  "\"a: b\": \"line\\nbreak\\t\\\"q\\\"\"\n"
		  "---\n"
		  "- first:\n"
		  "    x: 1\n"
		  "  second: \"2\"\n");
	buf_free(&b);
}

static void test_text_quoting(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain", "plain"},
		{"eks.amazonaws.com/capacityType", "eks.amazonaws.com/capacityType"},
		{"yes", "\"yes\""},
		{"0755", "\"0755\""},
		{"1e3", "\"1e3\""},
		{": x", "\": x\""},
		{" #x", "\" #x\""},
		{"*a", "\"*a\""},
		{"", "\"\""},
		{"a\nb", "\"a\\nb\""},
		{"\x01", "\"\\x01\""},
		{"caf\xc3\xa9", "\"caf\xc3\xa9\""},
		{"nel\xc2\x85", "\"nel\\x85\""},
		{"ls\xe2\x80\xa8", "\"ls\\u2028\""},
		{"\xef\xbb\xbf", "\"\\uFEFF\""},
	};
	for (size_t i = 0; i < COUNT_OF(cases); i++) {
		Buf b = {0};
		YamlW w;
		yaml_init(&w, &b);
		yaml_string(&w, cases[i].in);
		Buf want = {0};
		buf_printf(&want, "%s\n", cases[i].out);
		CHECK_STR(buf_cstr(&b), buf_cstr(&want));
		buf_free(&b);
		buf_free(&want);
	}
}

static void test_text_long_key(void)
{
	char *key = repeat("k", 1200);
	Buf b = {0};
	YamlW w;
	yaml_init(&w, &b);
	yaml_map_begin(&w);
	yaml_key(&w, key);
	yaml_string(&w, "v");
	yaml_key(&w, key);
	yaml_map_begin(&w);
	yaml_map_end(&w);
	yaml_key(&w, key);
	yaml_map_begin(&w);
	yaml_key(&w, "a");
	yaml_int(&w, 1);
	yaml_map_end(&w);
	yaml_map_end(&w);
	Buf want = {0};
	buf_printf(&want, "? %s\n: v\n? %s\n: {}\n? %s\n:\n  a: 1\n", key, key, key);
	CHECK_STR(buf_cstr(&b), buf_cstr(&want));
	buf_free(&b);
	buf_free(&want);
	free(key);
}

static const struct {
	const char *name;
	void (*run)(void);
} tests[] = {
	{"resolver", test_resolver},
	{"scalars_as_values", test_scalars_as_values},
	{"scalars_as_items", test_scalars_as_items},
	{"scalars_as_keys", test_scalars_as_keys},
	{"scalars_alone", test_scalars_alone},
	{"numbers_bools_nulls", test_numbers_bools_nulls},
	{"long_strings", test_long_strings},
	{"invalid_utf8", test_invalid_utf8},
	{"structures", test_structures},
	{"empty_documents", test_empty_documents},
	{"deep_nesting", test_deep_nesting},
	{"text_layout", test_text_layout},
	{"text_quoting", test_text_quoting},
	{"text_long_key", test_text_long_key},
};

int main(void)
{
	resolver_init();
	int failed_tests = 0;
	for (size_t i = 0; i < COUNT_OF(tests); i++) {
		int before = failures;
		tests[i].run();
		if (failures != before) {
			fprintf(stderr, "FAIL %s\n", tests[i].name);
			failed_tests++;
		}
	}
	resolver_free();
	printf("%zu tests, %d failed\n", COUNT_OF(tests), failed_tests);
	return failed_tests ? 1 : 0;
}

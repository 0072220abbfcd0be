/*
 * common.c: state and output checks shared by the fuzz targets.
 *
 * A sanitizer catches memory errors; the checks here catch the quieter
 * bugs a hostile input can cause: a span outside its file, a diagnostic
 * that breaks the JSON or SARIF document it is written into, raw control
 * bytes reaching a terminal, an expression deeper than the documented
 * limit, an error node in the tree with no error reported.  Each check
 * calls fuzz_fail, which aborts, so libFuzzer saves the input and the
 * replay test fails on it.  The JSON and UTF-8 checkers are written
 * from the RFCs, independent of runtime/json.c and runtime/str.c; YAML
 * is checked by libyaml's loader rather than by runtime/yaml.c's
 * quoting rules, and HCL by a scanner of its lexical structure written
 * from the HCL native syntax specification, not from runtime/hcl.c.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

bool fuzz_replaying;

#ifdef FUZZ_LIBFUZZER
/* Read by AddressSanitizer as it starts; ASAN_OPTIONS still overrides
 * it.  By default freed memory waits in a 256 MB quarantine and free
 * pages go back to the kernel every 5 s, so nearly every execution
 * touches fresh pages: page faults took a third of fuzz_compile's time.
 * 32 MB is still more than one execution allocates, so a use after free
 * within one is caught as before. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=32:allocator_release_to_os_interval_ms=-1";
}
#endif

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("fuzz: broken property: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

bool fuzz_unit_init(FuzzUnit *u, const uint8_t *data, size_t size)
{
	memset(u, 0, sizeof *u);
	if (size > SRC_MAX_BYTES)
		return false;
	u->arena = arena_new();
	interner_init(&u->names, u->arena);
	diags_init(&u->diags, u->arena, &u->srcs);
	u->file = src_add(&u->srcs, u->arena, "fuzz.infra", size ? (const char *)data : "", size);
	u->sarif = fuzz_sarif_wanted(data, size);
	return true;
}

bool fuzz_sarif_wanted(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return fuzz_replaying || h % 32 == 0;
}

void fuzz_unit_free(FuzzUnit *u)
{
	if (!u->arena)
		return;
	vec_free(&u->comments);
	diags_free(&u->diags);
	srcmap_free(&u->srcs);
	interner_free(&u->names);
	arena_free(u->arena);
	memset(u, 0, sizeof *u);
}

/* ---- UTF-8 (RFC 3629) ---- */

size_t fuzz_utf8_len(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	size_t len;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* Valid UTF-8 holding no control byte but those in allowed. */
static void check_clean_text(const char *what, const char *s, size_t n, const char *allowed)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (p[i] >= 0x80) {
			size_t len = fuzz_utf8_len(p + i, n - i);
			if (!len)
				fuzz_fail("%s: invalid UTF-8 byte 0x%02X at byte %zu", what, p[i], i);
			i += len;
			continue;
		}
		if ((p[i] < 0x20 || p[i] == 0x7f) && (!p[i] || !strchr(allowed, p[i])))
			fuzz_fail("%s: control byte 0x%02X at byte %zu", what, p[i], i);
		i++;
	}
	if (n > 0 && s[n - 1] != '\n')
		fuzz_fail("%s: does not end with a line break", what);
}

/* ---- JSON (RFC 8259) ---- */

typedef struct JsonCheck {
	const char *what;
	const unsigned char *s;
	size_t n, i;
	int depth;
} JsonCheck;

static NORETURN void jc_fail(JsonCheck *c, const char *why)
{
	fuzz_fail("%s: not valid JSON: %s at byte %zu", c->what, why, c->i);
}

static void jc_space(JsonCheck *c)
{
	while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' ||
			       c->s[c->i] == '\r'))
		c->i++;
}

static bool jc_eat(JsonCheck *c, char ch)
{
	if (c->i < c->n && c->s[c->i] == (unsigned char)ch) {
		c->i++;
		return true;
	}
	return false;
}

static bool jc_digit(JsonCheck *c)
{
	return c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9';
}

static bool is_hex(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

static void jc_string(JsonCheck *c)
{
	if (!jc_eat(c, '"'))
		jc_fail(c, "expected a string");
	for (;;) {
		if (c->i >= c->n)
			jc_fail(c, "unterminated string");
		unsigned char ch = c->s[c->i];
		if (ch == '"') {
			c->i++;
			return;
		}
		if (ch < 0x20)
			jc_fail(c, "raw control character in a string");
		if (ch == '\\') {
			c->i++;
			if (c->i >= c->n)
				jc_fail(c, "unterminated escape");
			ch = c->s[c->i++];
			if (ch == 'u') {
				for (int k = 0; k < 4; k++, c->i++)
					if (c->i >= c->n || !is_hex(c->s[c->i]))
						jc_fail(c, "bad \\u escape");
			} else if (!ch || !strchr("\"\\/bfnrt", ch)) {
				jc_fail(c, "unknown escape");
			}
		} else if (ch >= 0x80) {
			size_t len = fuzz_utf8_len(c->s + c->i, c->n - c->i);
			if (!len)
				jc_fail(c, "invalid UTF-8");
			c->i += len;
		} else {
			c->i++;
		}
	}
}

static void jc_number(JsonCheck *c)
{
	jc_eat(c, '-');
	if (jc_eat(c, '0')) {
		if (jc_digit(c))
			jc_fail(c, "number with a leading zero");
	} else if (jc_digit(c)) {
		while (jc_digit(c))
			c->i++;
	} else {
		jc_fail(c, "expected a value");
	}
	if (jc_eat(c, '.')) {
		if (!jc_digit(c))
			jc_fail(c, "expected a digit after the point");
		while (jc_digit(c))
			c->i++;
	}
	if (jc_eat(c, 'e') || jc_eat(c, 'E')) {
		if (!jc_eat(c, '+'))
			jc_eat(c, '-');
		if (!jc_digit(c))
			jc_fail(c, "expected an exponent");
		while (jc_digit(c))
			c->i++;
	}
}

static void jc_value(JsonCheck *c);

static void jc_container(JsonCheck *c, char close, bool object)
{
	if (++c->depth > 200)
		jc_fail(c, "nested too deeply");
	jc_space(c);
	if (jc_eat(c, close)) {
		c->depth--;
		return;
	}
	for (;;) {
		if (object) {
			jc_string(c);
			jc_space(c);
			if (!jc_eat(c, ':'))
				jc_fail(c, "expected `:`");
		}
		jc_value(c);
		jc_space(c);
		if (jc_eat(c, close))
			break;
		if (!jc_eat(c, ','))
			jc_fail(c, object ? "expected `,` or `}`" : "expected `,` or `]`");
		jc_space(c);
	}
	c->depth--;
}

static void jc_value(JsonCheck *c)
{
	jc_space(c);
	if (c->i >= c->n)
		jc_fail(c, "expected a value");
	const char *rest = (const char *)c->s + c->i;
	size_t left = c->n - c->i;
	switch (c->s[c->i]) {
	case '{':
		c->i++;
		jc_container(c, '}', true);
		return;
	case '[':
		c->i++;
		jc_container(c, ']', false);
		return;
	case '"':
		jc_string(c);
		return;
	case 't':
	case 'f':
	case 'n':
		for (const char *const *w = (const char *const[]){"true", "false", "null", NULL}; *w; w++) {
			size_t len = strlen(*w);
			if (left >= len && memcmp(rest, *w, len) == 0) {
				c->i += len;
				return;
			}
		}
		jc_fail(c, "unknown literal");
	default:
		jc_number(c);
	}
}

void fuzz_check_json(const char *what, const char *s, size_t n)
{
	JsonCheck c = {what, (const unsigned char *)s, n, 0, 0};
	jc_value(&c);
	jc_space(&c);
	if (c.i != c.n)
		jc_fail(&c, "text after the document");
}

void fuzz_check_text(const char *what, const char *s, size_t n, const char *allowed)
{
	check_clean_text(what, s, n, allowed);
}

/* ---- YAML (libyaml, which the project links anyway) ---- */

/* The core schema's type of a key: a plain `1`, `true` or `null` is not
 * the string "1", "true" or "null", so they are different keys. */
static char yaml_key_class(const yaml_node_t *k)
{
	if (k->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 's';
	const char *v = (const char *)k->data.scalar.value;
	size_t n = k->data.scalar.length;
	static const char *const special[] = {"", "~", "null", "Null", "NULL", "true", "True", "TRUE",
					      "false", "False", "FALSE", ".inf", ".Inf", ".INF", "-.inf",
					      "+.inf", ".nan", ".NaN", ".NAN"};
	for (size_t i = 0; i < sizeof special / sizeof *special; i++)
		if (strlen(special[i]) == n && memcmp(special[i], v, n) == 0)
			return 'o';
	size_t i = (n > 0 && (v[0] == '-' || v[0] == '+')) ? 1 : 0;
	if (i < n && ((v[i] >= '0' && v[i] <= '9') || (v[i] == '.' && i + 1 < n && v[i + 1] >= '0' && v[i + 1] <= '9')))
		return 'n'; /* a number, or near enough that a writer must quote it */
	return 's';
}

static void check_yaml_keys(const char *what, yaml_document_t *doc)
{
	for (yaml_node_t *m = doc->nodes.start; m < doc->nodes.top; m++) {
		if (m->type != YAML_MAPPING_NODE)
			continue;
		yaml_node_pair_t *start = m->data.mapping.pairs.start, *top = m->data.mapping.pairs.top;
		for (yaml_node_pair_t *a = start; a < top; a++) {
			yaml_node_t *ka = yaml_document_get_node(doc, a->key);
			if (!ka || ka->type != YAML_SCALAR_NODE)
				fuzz_fail("%s: a mapping key at line %zu is not a scalar", what, m->start_mark.line + 1);
			for (yaml_node_pair_t *b = start; b < a; b++) {
				yaml_node_t *kb = yaml_document_get_node(doc, b->key);
				if (kb->data.scalar.length == ka->data.scalar.length &&
				    memcmp(kb->data.scalar.value, ka->data.scalar.value, ka->data.scalar.length) == 0 &&
				    yaml_key_class(ka) == yaml_key_class(kb))
					fuzz_fail("%s: key \"%.*s\" appears twice in the mapping at line %zu", what,
						  (int)ka->data.scalar.length, (const char *)ka->data.scalar.value,
						  m->start_mark.line + 1);
			}
		}
	}
}

void fuzz_check_yaml(const char *what, const char *s, size_t n)
{
	check_clean_text(what, s, n, "\n");
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		fuzz_fail("%s: libyaml could not start", what);
	yaml_parser_set_input_string(&p, (const unsigned char *)s, n);
	for (;;) {
		yaml_document_t doc;
		if (!yaml_parser_load(&p, &doc))
			fuzz_fail("%s: not valid YAML: %s%s%s at line %zu, column %zu", what,
				  p.context ? p.context : "", p.context ? ": " : "", p.problem ? p.problem : "error",
				  p.problem_mark.line + 1, p.problem_mark.column + 1);
		yaml_node_t *root = yaml_document_get_root_node(&doc);
		if (!root) {
			yaml_document_delete(&doc);
			break;
		}
		for (yaml_node_t *k = doc.nodes.start; k < doc.nodes.top; k++)
			if (k->tag && strncmp((const char *)k->tag, "tag:yaml.org,2002:", 18) != 0)
				fuzz_fail("%s: a node at line %zu has the tag %s", what, k->start_mark.line + 1,
					  (const char *)k->tag);
		check_yaml_keys(what, &doc);
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&p);
}

/* ---- HCL: brackets, strings, templates, heredocs and comments ---- */

typedef struct HclCheck {
	const char *what;
	const unsigned char *s;
	size_t n, i;
	int depth;
} HclCheck;

static NORETURN void hc_fail(HclCheck *c, const char *why)
{
	size_t line = 1;
	for (size_t k = 0; k < c->i && k < c->n; k++)
		line += c->s[k] == '\n';
	fuzz_fail("%s: not valid HCL: %s at byte %zu (line %zu)", c->what, why, c->i, line);
}

static bool hc_at(const HclCheck *c, const char *tok)
{
	size_t len = strlen(tok);
	return c->n - c->i >= len && memcmp(c->s + c->i, tok, len) == 0;
}

static void hc_body(HclCheck *c, unsigned char close);

/* One character of a template (a quoted string or a heredoc line): the
 * escaped $${ and %%{, or an interpolation or directive up to its }. */
static void hc_template_char(HclCheck *c)
{
	if (hc_at(c, "$${") || hc_at(c, "%%{")) {
		c->i += 3;
	} else if (hc_at(c, "${") || hc_at(c, "%{")) {
		c->i += 2;
		hc_body(c, '}');
	} else {
		c->i++;
	}
}

static void hc_quoted(HclCheck *c)
{
	c->i++;
	for (;;) {
		if (c->i >= c->n)
			hc_fail(c, "unterminated string");
		unsigned char ch = c->s[c->i];
		if (ch == '"') {
			c->i++;
			return;
		}
		if (ch == '\n' || ch == '\r')
			hc_fail(c, "line break in a quoted string");
		if (ch == '\\') {
			c->i++;
			if (c->i >= c->n)
				hc_fail(c, "unterminated escape");
			ch = c->s[c->i++];
			int hex = ch == 'u' ? 4 : ch == 'U' ? 8 : 0;
			if (!hex && !strchr("nrt\"\\", ch))
				hc_fail(c, "unknown escape in a string");
			for (int k = 0; k < hex; k++, c->i++)
				if (c->i >= c->n || !is_hex(c->s[c->i]))
					hc_fail(c, "bad \\u escape");
			continue;
		}
		hc_template_char(c);
	}
}

/* At "<<": the marker, then lines up to one that is the marker alone. */
static void hc_heredoc(HclCheck *c)
{
	c->i += 2;
	if (c->i < c->n && c->s[c->i] == '-')
		c->i++;
	size_t m = c->i;
	for (; c->i < c->n; c->i++) {
		unsigned char ch = c->s[c->i];
		bool letter = ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
		if (!letter && !(c->i > m && (ch == '-' || (ch >= '0' && ch <= '9'))))
			break;
	}
	size_t mlen = c->i - m;
	if (mlen == 0)
		hc_fail(c, "heredoc without a marker");
	if (c->i >= c->n || c->s[c->i] != '\n')
		hc_fail(c, "text after a heredoc marker");
	c->i++;
	for (;;) {
		if (c->i >= c->n)
			hc_fail(c, "unterminated heredoc");
		size_t k = c->i;
		while (k < c->n && (c->s[k] == ' ' || c->s[k] == '\t'))
			k++;
		if (c->n - k >= mlen && memcmp(c->s + k, c->s + m, mlen) == 0 &&
		    (k + mlen == c->n || c->s[k + mlen] == '\n')) {
			c->i = k + mlen;
			return;
		}
		while (c->i < c->n && c->s[c->i] != '\n')
			hc_template_char(c);
		c->i++;
	}
}

static void hc_body(HclCheck *c, unsigned char close)
{
	if (++c->depth > 1000)
		hc_fail(c, "nested too deeply");
	for (;;) {
		if (c->i >= c->n) {
			if (close)
				hc_fail(c, "unclosed bracket");
			break;
		}
		unsigned char ch = c->s[c->i];
		if (ch == '#' || hc_at(c, "//")) {
			while (c->i < c->n && c->s[c->i] != '\n')
				c->i++;
		} else if (hc_at(c, "/*")) {
			c->i += 2;
			while (c->i < c->n && !hc_at(c, "*/"))
				c->i++;
			if (c->i >= c->n)
				hc_fail(c, "unterminated comment");
			c->i += 2;
		} else if (ch == '"') {
			hc_quoted(c);
		} else if (hc_at(c, "<<")) {
			hc_heredoc(c);
		} else if (ch == '{' || ch == '[' || ch == '(') {
			c->i++;
			hc_body(c, ch == '{' ? '}' : ch == '[' ? ']' : ')');
		} else if (ch == '}' || ch == ']' || ch == ')') {
			if (ch != close)
				hc_fail(c, "unbalanced bracket");
			c->i++;
			break;
		} else {
			c->i++;
		}
	}
	c->depth--;
}

void fuzz_check_hcl(const char *what, const char *s, size_t n)
{
	check_clean_text(what, s, n, "\n\x7f"); /* HCL strings may hold a raw DEL */
	HclCheck c = {what, (const unsigned char *)s, n, 0, 0};
	hc_body(&c, 0);
}

/* ---- diagnostics ---- */

static void check_span(const SrcMap *sm, const char *what, Span s)
{
	if (s.file >= sm->len)
		fuzz_fail("%s: span names file %u of %u", what, s.file, sm->len);
	uint32_t len = sm->files[s.file]->len;
	if (s.start > s.end || s.end > len)
		fuzz_fail("%s: span %u..%u outside the file's %u bytes", what, s.start, s.end, len);
}

/* A message, note or help is one line of text: a line break or tab
 * taken from the input would make the text rendering show a line that is
 * not a diagnostic, or break its layout; a C1 control character may be
 * a terminal command. */
static void check_one_line(const char *code, const char *what, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			fuzz_fail("%s: control character in a %s at byte %zu: \"%s\"", code, what,
				  (size_t)(p - (const unsigned char *)s), s);
}

static void check_diags(const Diags *d)
{
	uint32_t errors = 0, warnings = 0;
	for (size_t i = 0; i < d->list.len; i++) {
		const Diag *g = d->list.items[i];
		if ((size_t)g->code >= DIAG_CODE_COUNT)
			fuzz_fail("diagnostic %zu has code %d", i, (int)g->code);
		check_span(d->srcs, diag_info[g->code].code, g->span);
		const char *code = diag_info[g->code].code;
		if (!g->msg || !*g->msg)
			fuzz_fail("%s: empty message", code);
		check_one_line(code, "message", g->msg);
		for (size_t j = 0; j < g->notes.len; j++) {
			const DiagNote *n = g->notes.items[j];
			if (n->has_span)
				check_span(d->srcs, "note", n->span);
			check_one_line(code, "note", n->msg);
		}
		for (size_t j = 0; j < g->helps.len; j++)
			check_one_line(code, "help", g->helps.items[j]);
		if (i > 0) {
			const Diag *p = d->list.items[i - 1];
			if (p->span.file > g->span.file ||
			    (p->span.file == g->span.file && p->span.start > g->span.start))
				fuzz_fail("diagnostics %zu and %zu are out of order", i - 1, i);
		}
		errors += g->severity == SEV_ERROR;
		warnings += g->severity == SEV_WARNING;
	}
	if (errors != d->errors || warnings != d->warnings)
		fuzz_fail("counted %u errors and %u warnings, the list holds %u and %u", d->errors,
			  d->warnings, errors, warnings);
}

void fuzz_check_diags(Diags *d, bool sarif, Buf *all)
{
	diags_finish(d);
	check_diags(d);
	Buf b = {0};
	diags_render_text(d, &b, false);
	check_clean_text("text diagnostics", b.data, b.len, "\n\t");
	if (all && b.len)
		buf_put(all, b.data, b.len);
	b.len = 0;
	diags_render_text(d, &b, true);
	check_clean_text("colored diagnostics", b.data, b.len, "\n\t\033");
	b.len = 0;
	diags_render_json(d, &b);
	fuzz_check_json("JSON diagnostics", b.data, b.len);
	if (all && b.len)
		buf_put(all, b.data, b.len);
	b.len = 0;
	if (sarif) {
		diags_render_sarif(d, &b, "0.0.0");
		fuzz_check_json("SARIF diagnostics", b.data, b.len);
	}
	if (all && b.len)
		buf_put(all, b.data, b.len);
	buf_free(&b);
}

void fuzz_render_diags(FuzzUnit *u)
{
	fuzz_check_diags(&u->diags, u->sarif, NULL);
}

/* ---- the tree ---- */

typedef struct TreeCheck {
	const FuzzUnit *u;
	uint32_t errors; /* N_ERROR nodes seen */
} TreeCheck;

static bool is_operator(NodeKind k)
{
	return k == N_UNARY || k == N_BINARY || k == N_COND || k == N_RANGE || k == N_MEMBER ||
	       k == N_INDEX;
}

/* Checks n and its children; returns how many operators deep n is
 * (brackets start a new count, as in the parser). */
static uint32_t check_node(TreeCheck *t, const Node *n, Span parent);

static uint32_t check_list(TreeCheck *t, const NodeList *l, Span parent)
{
	uint32_t deepest = 0;
	for (uint32_t i = 0; i < l->len; i++) {
		if (!l->items[i])
			fuzz_fail("NULL node in a list");
		uint32_t d = check_node(t, l->items[i], parent);
		if (d > deepest)
			deepest = d;
	}
	return deepest;
}

static uint32_t check_node(TreeCheck *t, const Node *n, Span parent)
{
	if (!n)
		return 0;
	if ((unsigned)n->kind >= N_KIND_COUNT)
		fuzz_fail("node of kind %d", (int)n->kind);
	const char *kind = node_kind_name(n->kind);
	check_span(&t->u->srcs, kind, n->span);
	if (n->name_span.end)
		check_span(&t->u->srcs, kind, n->name_span);
	if (!span_contains(parent, n->span))
		fuzz_fail("%s node at %u..%u lies outside its parent at %u..%u", kind, n->span.start,
			  n->span.end, parent.start, parent.end);
	if (n->kind == N_ERROR)
		t->errors++;
	uint32_t a = check_node(t, n->a, n->span), b = 0, c = 0;
	/* A short node has nothing after `a`; a number's num shares b's
	 * storage. */
	if (!node_is_short(n->kind) && n->kind != N_NUMBER && n->kind != N_CIDR) {
		b = check_node(t, n->b, n->span);
		c = check_node(t, n->c, n->span);
	}
	if (!node_is_short(n->kind)) {
		check_list(t, n->kind == N_IF ? &n->else_body : &n->list, n->span);
		check_list(t, &n->body, n->span);
	}
	if (!is_operator(n->kind))
		return 0;
	if (n->kind == N_INDEX)
		b = 0; /* the index is inside brackets */
	uint32_t d = 1 + (a > b ? (a > c ? a : c) : (b > c ? b : c));
	if (d > MAX_EXPR_DEPTH)
		fuzz_fail("%s at %u..%u is %u operators deep; the limit is %d", kind, n->span.start,
			  n->span.end, d, MAX_EXPR_DEPTH);
	return d;
}

static void check_comments(const FuzzUnit *u)
{
	const char *text = u->file->text;
	uint32_t prev_end = 0;
	for (size_t i = 0; i < u->comments.len; i++) {
		const Comment *c = u->comments.items[i];
		check_span(&u->srcs, "comment", c->span);
		if (c->span.start < prev_end)
			fuzz_fail("comment at %u overlaps the one before", c->span.start);
		prev_end = c->span.end;
		const char *s = text + c->span.start;
		uint32_t len = c->span.end - c->span.start;
		bool ok = c->block ? len >= 4 && memcmp(s, "/*", 2) == 0 && memcmp(s + len - 2, "*/", 2) == 0
				   : len >= 1 && (s[0] == '#' || (len >= 2 && memcmp(s, "//", 2) == 0));
		if (!ok)
			fuzz_fail("comment at %u..%u does not look like a comment", c->span.start, c->span.end);
	}
}

void fuzz_check_tree(const FuzzUnit *u, const Node *root)
{
	if (!root)
		fuzz_fail("no tree");
	if (root->kind != N_FILE)
		fuzz_fail("the root is a %s node", node_kind_name(root->kind));
	TreeCheck t = {u, 0};
	check_node(&t, root, (Span){0, 0, u->file->len});
	if (t.errors && u->diags.errors == 0)
		fuzz_fail("the tree holds %u error nodes but no error was reported", t.errors);
	check_comments(u);
}

void fuzz_check_dump(const char *s, size_t n)
{
	check_clean_text("AST dump", s, n, "\n");
}

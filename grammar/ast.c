/*
 * ast.c: building and printing the syntax tree.
 *
 * Literal tokens arrive from the lexer as spans; the constructors here
 * turn them into nodes and check what the lexer's patterns cannot: a
 * number's leading zeros and range, a CIDR's octets, a string's escapes.
 * Strings and heredocs are split into literal pieces and ${...}
 * interpolations; each interpolation is parsed by a nested call of the
 * same parser (parse_interpolation), so spans stay exact and nothing is
 * parsed twice.
 *
 * ast_dump prints a stable, indented text form used by `infrac parse
 * --dump-ast`, the golden parse tests and the formatter's meaning test.
 */
#include "grammar.h"

#include <stddef.h>
#include <string.h>

Node *node_new(ParseCtx *ctx, NodeKind kind, Span span)
{
	Node *n = node_is_short(kind) ? arena_alloc_exact(ctx->tree, offsetof(Node, b))
				      : arena_alloc(ctx->tree, sizeof(Node));
	n->kind = kind;
	n->span = span;
	return n;
}

void nodes_push(Arena *a, NodeList *l, Node *n)
{
	if (l->len == l->cap) {
		uint32_t cap = l->cap ? l->cap * 2 : 4;
		Node **items = ARENA_ARRAY(a, Node *, cap);
		if (l->len)
			memcpy(items, l->items, l->len * sizeof *items);
		l->items = items;
		l->cap = cap;
	}
	l->items[l->len++] = n;
}

size_t text_clip(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

void text_put_clean(Buf *b, const char *s, size_t len, size_t max)
{
	size_t n = text_clip(s, len, max);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			buf_puts(b, "\xEF\xBF\xBD");
		} else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
			   (unsigned char)s[i + 1] <= 0x9F) {
			buf_puts(b, "\xEF\xBF\xBD"); /* a C1 control character */
			i++;
		} else {
			buf_putc(b, (char)c);
		}
	}
	if (n < len)
		buf_puts(b, "...");
}

const char *text_clean(Arena *a, const char *s, size_t len, size_t max)
{
	Buf b = {0};
	text_put_clean(&b, s, len, max);
	const char *r = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return r;
}

const char *keyword_usage(const char *word)
{
	static const struct {
		const char *word, *usage;
	} usages[] = {
		{"module", "a module file starts with `module NAME`"},
		{"import", "an import is written `import \"path\"`, optionally followed by `{ PARAM = VALUE ... }`; a Terraform import, `import { to = ..., id = \"...\" }`"},
		{"param", "a parameter is written `param NAME: TYPE`, optionally followed by `= DEFAULT` and a \"doc\" string"},
		{"field", "a field is written `field NAME: TYPE`, optionally followed by `= DEFAULT` and a \"doc\" string"},
		{"output", "an output is written `output NAME { value = ... }` (in the standard library, `output NAME: TYPE`)"},
		{"let", "a local value is written `let NAME = VALUE` or `let NAME: TYPE = VALUE`"},
		{"for", "a loop is written `for NAME in LIST { ... }` or `for KEY, VALUE in MAP { ... }`"},
		{"if", "a condition is written `if CONDITION { ... }`, optionally followed by `else { ... }`"},
		{"allow", "a warning is accepted with `allow CODE \"reason\"`"},
	};
	for (size_t i = 0; i < COUNT_OF(usages); i++)
		if (strcmp(usages[i].word, word) == 0)
			return usages[i].usage;
	return "the keywords `module import param field output let for in if else allow true false null` are reserved";
}

/* Deep left- or right-leaning expressions do not grow bison's stack, but
 * they would grow every recursive walk of the tree; cap them here. */
static Node *check_depth(ParseCtx *ctx, Node *n)
{
	if (n->depth <= MAX_EXPR_DEPTH)
		return n;
	if (!ctx->stop)
		diag_add(ctx->diags, SYN_TOO_DEEP, n->span,
			 "expression nested more than %d levels deep", MAX_EXPR_DEPTH);
	ctx->stop = true;
	Node *e = node_new(ctx, N_ERROR, n->span);
	return e;
}

Node *node_binary(ParseCtx *ctx, int op, Node *l, Node *r, Span span)
{
	Node *n = node_new(ctx, N_BINARY, span);
	n->op = op;
	n->a = l;
	n->b = r;
	n->depth = 1 + (l->depth > r->depth ? l->depth : r->depth);
	return check_depth(ctx, n);
}

Node *node_cond(ParseCtx *ctx, Node *cond, Node *then, Node *other, Span span)
{
	Node *n = node_new(ctx, N_COND, span);
	n->a = cond;
	n->b = then;
	n->c = other;
	uint32_t d = cond->depth > then->depth ? cond->depth : then->depth;
	n->depth = 1 + (d > other->depth ? d : other->depth);
	return check_depth(ctx, n);
}

Node *node_member(ParseCtx *ctx, Node *a, const char *name, Span name_span, Span span)
{
	Node *n = node_new(ctx, N_MEMBER, span);
	n->a = a;
	n->name = name;
	n->name_span = name_span;
	n->depth = a->depth + 1;
	return check_depth(ctx, n);
}

Node *node_unary(ParseCtx *ctx, int op, Node *a, Span span)
{
	Node *n = node_new(ctx, N_UNARY, span);
	n->op = op;
	n->a = a;
	n->depth = a->depth + 1;
	return check_depth(ctx, n);
}

Node *node_name(ParseCtx *ctx, const char *text, size_t len, Span span)
{
	Node *n = node_new(ctx, N_NAME, span);
	n->name = intern(ctx->names, text, len);
	return n;
}

Node *node_path(ParseCtx *ctx, const char *text, size_t len, Span span)
{
	Node *n = node_new(ctx, N_PATH, span);
	size_t i = 0;
	while (i <= len) {
		size_t j = i;
		while (j < len && text[j] != '.')
			j++;
		Span s = {span.file, span.start + (uint32_t)i, span.start + (uint32_t)j};
		nodes_push(ctx->tree, &n->list, node_name(ctx, text + i, j - i, s));
		i = j + 1;
	}
	return n;
}

Node *node_number(ParseCtx *ctx, const char *text, size_t len, Span span)
{
	Node *n = node_new(ctx, N_NUMBER, span);
	n->str = arena_strndup(ctx->arena, text, len);
	n->str_len = (uint32_t)len;
	size_t i = 0, int_digits = 0;
	int64_t v = 0;
	bool overflow = false;
	for (; i < len && text[i] >= '0' && text[i] <= '9'; i++, int_digits++) {
		int d = text[i] - '0';
		if (v > (INT64_MAX - d) / 10)
			overflow = true;
		else
			v = v * 10 + d;
	}
	if (i < len && text[i] == '.') {
		for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
			int d = text[i] - '0';
			if (v > (INT64_MAX - d) / 10)
				overflow = true;
			else
				v = v * 10 + d;
			n->scale++;
		}
	}
	n->num = v;
	n->unit = intern(ctx->names, text + i, len - i);
	int shown = (int)text_clip(text, len, 40);
	const char *more = (size_t)shown < len ? "..." : "";
	if (int_digits > 1 && text[0] == '0') {
		Span s = {span.file, span.start, span.start + (uint32_t)int_digits};
		Diag *g = diag_add(ctx->diags, SYN_BAD_NUMBER, s, "number `%.*s%s` has a leading zero", shown, text,
				   more);
		size_t k = 0;
		while (k + 1 < int_digits && text[k] == '0')
			k++;
		int rest = (int)text_clip(text + k, len - k, 40);
		diag_help(ctx->diags, g, "write `%.*s`; infrac has no octal numbers", rest, text + k);
	} else if (overflow) {
		Diag *g = diag_add(ctx->diags, SYN_BAD_NUMBER, span, "number `%.*s%s` does not fit in 64 bits",
				   shown, text, more);
		diag_help(ctx->diags, g, "numbers range up to 9223372036854775807, counting the digits after the point");
	}
	return n;
}

Node *node_cidr(ParseCtx *ctx, const char *text, size_t len, Span span)
{
	Node *n = node_new(ctx, N_CIDR, span);
	n->str = arena_strndup(ctx->arena, text, len);
	n->str_len = (uint32_t)len;
	uint32_t addr = 0;
	size_t i = 0;
	int shown = (int)text_clip(text, len, 40);
	for (int part = 0; part < 4; part++) {
		size_t s = i;
		uint32_t v = 0;
		bool big = false;
		for (; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
			v = v * 10 + (uint32_t)(text[i] - '0');
			if (v > 255) {
				big = true;
				v = 256;
			}
		}
		Span e = {span.file, span.start + (uint32_t)s, span.start + (uint32_t)i};
		int w = (int)(i - s) > 20 ? 20 : (int)(i - s);
		if (big) {
			Diag *g = diag_add(ctx->diags, SYN_BAD_CIDR, e, "`%.*s` is not an IPv4 octet", w, text + s);
			diag_help(ctx->diags, g, "each of the four parts of an address is between 0 and 255");
			return n;
		}
		if (i - s > 1 && text[s] == '0') {
			Diag *g = diag_add(ctx->diags, SYN_BAD_CIDR, e, "octet `%.*s` has a leading zero", w, text + s);
			diag_help(ctx->diags, g, "write `%u`", v);
			return n;
		}
		addr = (addr << 8) | v;
		i++; /* the dot or slash */
	}
	n->num = addr;
	if (i > len) {
		Diag *g = diag_add(ctx->diags, SYN_BAD_CIDR, span, "IPv4 address `%.*s` has no prefix length",
				   shown, text);
		diag_help(ctx->diags, g, "a CIDR block needs `/` and a prefix length; a single address is `%.*s/32`",
			  shown, text);
		n->scale = 32;
		return n;
	}
	uint32_t prefix = 0;
	size_t s = i;
	for (; i < len; i++) {
		prefix = prefix * 10 + (uint32_t)(text[i] - '0');
		if (prefix > 32)
			break;
	}
	Span e = {span.file, span.start + (uint32_t)s - 1, span.end};
	int w = (int)(len - s) > 20 ? 20 : (int)(len - s);
	if (prefix > 32) {
		Diag *g = diag_add(ctx->diags, SYN_BAD_CIDR, e, "prefix length `/%.*s` is larger than 32", w,
				   text + s);
		diag_help(ctx->diags, g, "an IPv4 prefix length is between `/0` and `/32`");
		return n;
	}
	if (len - s > 1 && text[s] == '0') {
		Diag *g = diag_add(ctx->diags, SYN_BAD_CIDR, e, "prefix length `/%.*s` has a leading zero", w,
				   text + s);
		diag_help(ctx->diags, g, "write `/%u`", prefix);
		return n;
	}
	n->scale = (int)prefix;
	return n;
}

/* ---- strings and heredocs ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

typedef struct TemplateBuilder {
	ParseCtx *ctx;
	Span span;
	bool heredoc;
	Node *tmpl;        /* made at the first interpolation; most strings have none */
	Buf lit;
	uint32_t lit_start;
	bool bad;
} TemplateBuilder;

static Node *tb_tmpl(TemplateBuilder *tb)
{
	if (!tb->tmpl) {
		tb->tmpl = node_new(tb->ctx, N_TEMPLATE, tb->span);
		tb->tmpl->op = tb->heredoc;
	}
	return tb->tmpl;
}

static void tb_flush(TemplateBuilder *tb, uint32_t end)
{
	if (tb->lit.len == 0)
		return;
	Span s = {tb->ctx->file_id, tb->lit_start, end};
	Node *p = node_new(tb->ctx, N_STRING, s);
	p->str = arena_strndup(tb->ctx->arena, tb->lit.data, tb->lit.len);
	p->str_len = (uint32_t)tb->lit.len;
	nodes_push(tb->ctx->tree, &tb_tmpl(tb)->list, p);
	tb->lit.len = 0;
}

/* Decodes the backslash escape at text[i]; returns the bytes consumed. */
static uint32_t tb_escape(TemplateBuilder *tb, const char *text, uint32_t i, uint32_t end)
{
	ParseCtx *ctx = tb->ctx;
	char c = i + 1 < end ? text[i + 1] : 0;
	switch (c) {
	case 'n': buf_putc(&tb->lit, '\n'); return 2;
	case 'r': buf_putc(&tb->lit, '\r'); return 2;
	case 't': buf_putc(&tb->lit, '\t'); return 2;
	case '"': buf_putc(&tb->lit, '"'); return 2;
	case '\\': buf_putc(&tb->lit, '\\'); return 2;
	case 'u':
	case 'U': {
		uint32_t want = c == 'u' ? 4 : 8, k = 0, cp = 0;
		while (k < want && i + 2 + k < end && hexval(text[i + 2 + k]) >= 0)
			cp = cp * 16 + (uint32_t)hexval(text[i + 2 + k++]);
		Span s = {ctx->file_id, i, i + 2 + k};
		if (k < want) {
			Diag *g = diag_add(ctx->diags, SYN_BAD_ESCAPE, s,
					   "escape `\\%c` needs exactly %u hex digits, found %u", c, want, k);
			if (k > 0)
				diag_help(ctx->diags, g, "pad the code point with zeros: `\\%c%0*u%.*s`", c,
					  (int)(want - k), 0, (int)k, text + i + 2);
			else
				diag_help(ctx->diags, g, c == 'u' ? "write a code point as `\\u00E9`"
								  : "write a code point as `\\U0001F600`");
			tb->bad = true;
			return 2 + k;
		}
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
			Diag *g = diag_add(ctx->diags, SYN_BAD_ESCAPE, s,
					   "escape `%.*s` is not a Unicode scalar value", (int)(2 + k), text + i);
			if (cp == 0)
				diag_help(ctx->diags, g, "strings cannot hold the NUL character");
			else if (cp > 0x10FFFF)
				diag_help(ctx->diags, g, "Unicode code points go up to `\\U0010FFFF`");
			else
				diag_help(ctx->diags, g, "code points D800 to DFFF are UTF-16 surrogates, not characters");
			tb->bad = true;
			return 2 + k;
		}
		char enc[4];
		buf_put(&tb->lit, enc, (size_t)utf8_encode(cp, enc));
		return 2 + k;
	}
	default: {
		uint32_t n = 2;
		uint32_t cp;
		int w = c ? utf8_decode((const unsigned char *)text + i + 1, end - i - 1, &cp) : 0;
		if (w > 1)
			n = 1 + (uint32_t)w;
		Span s = {ctx->file_id, i, i + n};
		Diag *g = diag_add(ctx->diags, SYN_BAD_ESCAPE, s, "unknown escape sequence `%s`",
				   text_clean(ctx->arena, text + i, n, 8));
		if (c == '$')
			diag_help(ctx->diags, g, "write `$${` for a literal `${`; a lone `$` needs no escape");
		else
			diag_help(ctx->diags, g, "the escapes are `\\n`, `\\r`, `\\t`, `\\\"`, `\\\\`, `\\uNNNN` and "
				  "`\\UNNNNNNNN`; write `\\\\` for a literal backslash");
		tb->bad = true;
		return n;
	}
	}
}

/* The offset of the `}` that closes the interpolation whose text starts
 * at i, or end when there is none before it.  Follows the lexer's rules
 * (strings nest in interpolations and interpolations in strings), so
 * the nested parser gets only the interpolation's own text to scan. */
static uint32_t interp_close(const char *t, uint32_t i, uint32_t end)
{
	unsigned char in_braces[MAX_NESTING + 1];
	int sp = 0;
	in_braces[sp++] = 1;
	while (i < end) {
		char c = t[i];
		if (in_braces[sp - 1]) {
			if (c == '}') {
				if (--sp == 0)
					return i;
			} else if (c == '"' || c == '{') {
				if (sp > MAX_NESTING)
					return end;
				in_braces[sp++] = c == '{';
			}
			i++;
		} else if (c == '\\') {
			i += 2;
		} else if (c == '$' && i + 2 < end && t[i + 1] == '$' && t[i + 2] == '{') {
			i += 3;
		} else if (c == '$' && i + 1 < end && t[i + 1] == '{') {
			if (sp > MAX_NESTING)
				return end;
			in_braces[sp++] = 1;
			i += 2;
		} else {
			if (c == '"')
				sp--;
			i++;
		}
	}
	return end;
}

/* Handles "${" at text[i]: parses the interpolation and returns the
 * offset after its closing brace, or 0 when the template is broken. */
static uint32_t tb_interp(TemplateBuilder *tb, const char *text, uint32_t i, uint32_t end)
{
	ParseCtx *ctx = tb->ctx;
	tb_flush(tb, i);
	uint32_t j = i + 2;
	while (j < end && (text[j] == ' ' || text[j] == '\t'))
		j++;
	if (j < end && text[j] == '}') {
		Span s = {ctx->file_id, i, j + 1};
		Diag *g = diag_add(ctx->diags, SYN_EMPTY_INTERP, s, "empty interpolation");
		diag_help(ctx->diags, g, "write `$${` for a literal `${`");
		tb->bad = true;
		return j + 1;
	}
	uint32_t after = 0;
	uint32_t close = interp_close(text, i + 2, end);
	Node *e = parse_interpolation(ctx, i + 2, close < end ? close + 1 : end, &after);
	if (!e) {
		tb->bad = true;
		return 0;
	}
	Node *t = tb_tmpl(tb);
	nodes_push(ctx->tree, &t->list, e);
	if (e->depth + 1 > t->depth)
		t->depth = e->depth + 1;
	return after;
}

static Node *tb_finish(TemplateBuilder *tb, uint32_t end)
{
	ParseCtx *ctx = tb->ctx;
	if (tb->bad) {
		buf_free(&tb->lit);
		if (!tb->tmpl)
			return node_new(ctx, N_ERROR, tb->span);
		tb->tmpl->kind = N_ERROR;
		return tb->tmpl;
	}
	if (!tb->tmpl) {
		/* No interpolation, the usual case: a string node, short, with
		 * the text decoded once. */
		Node *t = node_new(ctx, N_STRING, tb->span);
		t->op = tb->heredoc;
		t->str = tb->lit.len ? arena_strndup(ctx->arena, tb->lit.data, tb->lit.len) : "";
		t->str_len = (uint32_t)tb->lit.len;
		buf_free(&tb->lit);
		return t;
	}
	tb_flush(tb, end);
	buf_free(&tb->lit);
	Node *t = tb->tmpl;
	if (t->list.len == 1 && t->list.items[0]->kind == N_STRING) {
		Node *p = t->list.items[0];
		t->kind = N_STRING;
		t->str = p->str;
		t->str_len = p->str_len;
		t->list = (NodeList){0};
	}
	return t;
}

Node *node_template(ParseCtx *ctx, Span span, bool bad)
{
	if (bad)
		return node_new(ctx, N_ERROR, span);
	TemplateBuilder tb = {ctx, span, false, NULL, {0}, span.start + 1, false};
	const char *text = ctx->file->text;
	uint32_t end = span.end - 1;
	for (uint32_t i = span.start + 1; i < end;) {
		if (tb.lit.len == 0)
			tb.lit_start = i;
		char c = text[i];
		if (c == '\\') {
			i += tb_escape(&tb, text, i, end);
		} else if (c == '$' && i + 2 < end && text[i + 1] == '$' && text[i + 2] == '{') {
			buf_puts(&tb.lit, "${");
			i += 3;
		} else if (c == '$' && i + 1 < end && text[i + 1] == '{') {
			uint32_t next = tb_interp(&tb, text, i, end);
			if (!next)
				break;
			i = next;
		} else if ((unsigned char)c < 0x20 && c != '\t') {
			Span s = {ctx->file_id, i, i + 1};
			Diag *g = diag_add(ctx->diags, SYN_BAD_CHAR, s, "control character U+%04X in a string",
					   (unsigned char)c);
			diag_help(ctx->diags, g, "write it as the escape `\\u%04X`", (unsigned char)c);
			tb.bad = true;
			i++;
		} else {
			buf_putc(&tb.lit, c);
			i++;
		}
	}
	return tb_finish(&tb, end);
}

/* Length of the line break at text[i] (CRLF, CR or LF), or 0. */
static uint32_t line_break(const char *text, uint32_t i, uint32_t end)
{
	if (text[i] == '\n')
		return 1;
	if (text[i] == '\r')
		return i + 1 < end && text[i + 1] == '\n' ? 2 : 1;
	return 0;
}

/* The text of a heredoc: its lines with line breaks made LF, with the
 * common indentation removed for <<-, interpolations parsed as in a
 * string.  Backslashes are literal. */
Node *node_heredoc(ParseCtx *ctx, Span span, HeredocTok hd)
{
	if (hd.bad)
		return node_new(ctx, N_ERROR, span);
	TemplateBuilder tb = {ctx, span, true, NULL, {0}, hd.body, false};
	const char *text = ctx->file->text;
	uint32_t strip = 0;
	if (hd.indent) {
		strip = UINT32_MAX;
		for (uint32_t i = hd.body; i < hd.end;) {
			uint32_t w = 0;
			while (i + w < hd.end && (text[i + w] == ' ' || text[i + w] == '\t'))
				w++;
			bool blank = i + w >= hd.end || line_break(text, i + w, hd.end);
			if (!blank && w < strip)
				strip = w;
			while (i < hd.end && !line_break(text, i, hd.end))
				i++;
			i += i < hd.end ? line_break(text, i, hd.end) : 0;
		}
		if (strip == UINT32_MAX)
			strip = 0;
	}
	bool line_start = true;
	for (uint32_t i = hd.body; i < hd.end;) {
		if (line_start) {
			for (uint32_t k = 0; k < strip && i < hd.end && (text[i] == ' ' || text[i] == '\t'); k++)
				i++;
			line_start = false;
			if (i >= hd.end)
				break;
		}
		if (tb.lit.len == 0)
			tb.lit_start = i;
		char c = text[i];
		uint32_t nl = line_break(text, i, hd.end);
		if (c == '$' && i + 2 < hd.end && text[i + 1] == '$' && text[i + 2] == '{') {
			buf_puts(&tb.lit, "${");
			i += 3;
		} else if (c == '$' && i + 1 < hd.end && text[i + 1] == '{') {
			uint32_t next = tb_interp(&tb, text, i, hd.end);
			if (!next)
				break;
			i = next;
		} else if (nl) {
			buf_putc(&tb.lit, '\n');
			line_start = true;
			i += nl;
		} else {
			buf_putc(&tb.lit, c);
			i++;
		}
	}
	return tb_finish(&tb, hd.end);
}

/* ---- dump ---- */

static const char *const kind_names[N_KIND_COUNT] = {
	[N_FILE] = "file", [N_MODULE] = "module", [N_IMPORT] = "import", [N_DECL] = "decl",
	[N_LET] = "let", [N_ATTR] = "attr", [N_BLOCK] = "block", [N_FOR] = "for", [N_IF] = "if",
	[N_ALLOW] = "allow", [N_NULL] = "null", [N_BOOL] = "bool", [N_NUMBER] = "number",
	[N_CIDR] = "cidr", [N_STRING] = "string", [N_TEMPLATE] = "template", [N_NAME] = "name",
	[N_PATH] = "path", [N_LIST] = "list", [N_MAP] = "map", [N_ENTRY] = "entry",
	[N_CALL] = "call", [N_INDEX] = "index", [N_MEMBER] = "member", [N_UNARY] = "unary",
	[N_BINARY] = "binary", [N_COND] = "cond", [N_RANGE] = "range",
	[N_COMPREHENSION] = "comprehension", [N_ERROR] = "error",
};

const char *node_kind_name(NodeKind k)
{
	return k < N_KIND_COUNT ? kind_names[k] : "?";
}

const char *op_name(int op)
{
	static const char *const names[] = {
		[OP_NOT] = "!", [OP_NEG] = "-", [OP_OR] = "||", [OP_AND] = "&&", [OP_EQ] = "==",
		[OP_NE] = "!=", [OP_LT] = "<", [OP_LE] = "<=", [OP_GT] = ">", [OP_GE] = ">=",
		[OP_ADD] = "+", [OP_SUB] = "-", [OP_MUL] = "*", [OP_DIV] = "/", [OP_MOD] = "%",
	};
	return op > 0 && op < (int)COUNT_OF(names) && names[op] ? names[op] : "?";
}

/* A position already computed, to count columns from. */
typedef struct DumpPos {
	uint32_t file, off;
	SrcPos pos;
	bool set;
} DumpPos;

typedef struct Dumper {
	const SrcMap *sm;
	bool spans;
	Buf *out;
	DumpPos seen[2]; /* the latest start and end positions */
} Dumper;

/* src_pos, but counting the column on from a position computed before
 * on the same line when there is one: a long line with many nodes would
 * otherwise cost time quadratic in its length. */
static SrcPos dump_pos(Dumper *d, uint32_t file, uint32_t off, int slot)
{
	const SrcFile *f = d->sm->files[file];
	if (off > f->len)
		off = f->len;
	const DumpPos *best = NULL;
	for (int i = 0; i < 2; i++) {
		const DumpPos *c = &d->seen[i];
		if (!c->set || c->file != file || c->off > off)
			continue;
		uint32_t next = c->pos.line < f->nlines ? f->lines[c->pos.line] : f->len + 1;
		if (off < next && (!best || c->off > best->off))
			best = c;
	}
	SrcPos p;
	if (best) {
		p.line = best->pos.line;
		p.col = best->pos.col + (uint32_t)utf8_width(f->text + best->off, off - best->off);
	} else {
		p = src_pos(f, off);
	}
	d->seen[slot] = (DumpPos){file, off, p, true};
	return p;
}

static void dump_node(Dumper *d, const Node *n, int depth, const char *role);

static void dump_list(Dumper *d, const NodeList *l, int depth, const char *role)
{
	for (uint32_t i = 0; i < l->len; i++)
		dump_node(d, l->items[i], depth, role);
}

static void dump_quoted(Buf *out, const char *s, size_t n)
{
	buf_putc(out, '"');
	json_escape(out, s, n);
	buf_putc(out, '"');
}

static void dump_node(Dumper *d, const Node *n, int depth, const char *role)
{
	if (!n)
		return;
	Buf *o = d->out;
	buf_indent(o, 2 * depth);
	if (role)
		buf_printf(o, "%s: ", role);
	buf_puts(o, node_kind_name(n->kind));
	switch (n->kind) {
	case N_DECL:
		buf_printf(o, " %s %s", n->op == DECL_PARAM ? "param" : n->op == DECL_FIELD ? "field" : "output",
			   n->name);
		break;
	case N_MODULE: case N_LET: case N_ATTR: case N_BLOCK: case N_NAME: case N_CALL:
	case N_MEMBER: case N_ALLOW:
		buf_printf(o, " %s", n->name);
		break;
	case N_FOR: case N_COMPREHENSION:
		buf_printf(o, " %s", n->name);
		if (n->name2)
			buf_printf(o, ", %s", n->name2);
		break;
	case N_BOOL:
		buf_puts(o, n->op ? " true" : " false");
		break;
	case N_NUMBER: case N_CIDR:
		buf_printf(o, " %.*s", (int)n->str_len, n->str);
		break;
	case N_STRING:
		buf_putc(o, ' ');
		dump_quoted(o, n->str, n->str_len);
		if (n->op)
			buf_puts(o, " (heredoc)");
		break;
	case N_TEMPLATE:
		if (n->op)
			buf_puts(o, " (heredoc)");
		break;
	case N_PATH:
		for (uint32_t i = 0; i < n->list.len; i++)
			buf_printf(o, "%s%s", i ? "." : " ", n->list.items[i]->name);
		break;
	case N_UNARY: case N_BINARY:
		buf_printf(o, " %s", op_name(n->op));
		break;
	default:
		break;
	}
	if (d->spans && n->span.file < d->sm->len) {
		SrcPos s = dump_pos(d, n->span.file, n->span.start, 0);
		SrcPos e = dump_pos(d, n->span.file, n->span.end, 1);
		buf_printf(o, " @%u:%u-%u:%u", s.line, s.col, e.line, e.col);
	}
	buf_putc(o, '\n');
	int c = depth + 1;
	switch (n->kind) {
	case N_FILE:
		dump_list(d, &n->list, c, NULL);
		break;
	case N_IMPORT:
		dump_node(d, n->a, c, "path");
		dump_list(d, &n->body, c, NULL);
		break;
	case N_DECL:
		dump_node(d, n->a, c, "type");
		dump_node(d, n->b, c, "default");
		dump_node(d, n->c, c, "doc");
		break;
	case N_LET:
		dump_node(d, n->a, c, "type");
		dump_node(d, n->b, c, "value");
		break;
	case N_ATTR:
		dump_node(d, n->a, c, "value");
		break;
	case N_BLOCK:
		dump_list(d, &n->list, c, "label");
		dump_list(d, &n->body, c, NULL);
		break;
	case N_FOR:
		dump_node(d, n->a, c, "in");
		dump_list(d, &n->body, c, NULL);
		break;
	case N_IF:
		dump_node(d, n->a, c, "cond");
		dump_list(d, &n->body, c, "then");
		dump_list(d, &n->else_body, c, "else");
		break;
	case N_ALLOW:
		dump_node(d, n->a, c, "reason");
		break;
	case N_TEMPLATE: case N_LIST: case N_MAP: case N_CALL:
		dump_list(d, &n->list, c, NULL);
		break;
	case N_ENTRY:
		dump_node(d, n->a, c, "key");
		dump_node(d, n->b, c, "value");
		break;
	case N_INDEX:
		dump_node(d, n->a, c, NULL);
		dump_node(d, n->b, c, "index");
		break;
	case N_MEMBER: case N_UNARY:
		dump_node(d, n->a, c, NULL);
		break;
	case N_BINARY: case N_RANGE:
		dump_node(d, n->a, c, NULL);
		dump_node(d, n->b, c, NULL);
		break;
	case N_COND:
		dump_node(d, n->a, c, "cond");
		dump_node(d, n->b, c, "then");
		dump_node(d, n->c, c, "else");
		break;
	case N_COMPREHENSION:
		dump_node(d, n->a, c, "in");
		dump_node(d, n->b, c, "value");
		dump_node(d, n->c, c, "if");
		break;
	default:
		break;
	}
}

void ast_dump(const Node *root, const SrcMap *sm, bool spans, Buf *out)
{
	Dumper d = {sm, spans, out, {{0}}};
	dump_node(&d, root, 0, NULL);
}

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

#include <string.h>

Node *node_new(ParseCtx *ctx, NodeKind kind, Span span)
{
	Node *n = ARENA_NEW(ctx->arena, Node);
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
		nodes_push(ctx->arena, &n->list, node_name(ctx, text + i, j - i, s));
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
		if (v > (INT64_MAX - 9) / 10)
			overflow = true;
		else
			v = v * 10 + (text[i] - '0');
	}
	if (i < len && text[i] == '.') {
		for (i++; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
			if (v > (INT64_MAX - 9) / 10)
				overflow = true;
			else
				v = v * 10 + (text[i] - '0');
			n->scale++;
		}
	}
	n->num = v;
	n->unit = intern(ctx->names, text + i, len - i);
	if (int_digits > 1 && text[0] == '0') {
		Span s = {span.file, span.start, span.start + (uint32_t)int_digits};
		Diag *g = diag_add(ctx->diags, SYN_BAD_NUMBER, s, "number with a leading zero");
		size_t k = 0;
		while (k + 1 < int_digits && text[k] == '0')
			k++;
		diag_help(ctx->diags, g, "write `%.*s`; infrac has no octal numbers", (int)(len - k), text + k);
	} else if (overflow) {
		diag_add(ctx->diags, SYN_BAD_NUMBER, span, "number `%.*s` is too large",
			 len > 40 ? 40 : (int)len, text);
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
	for (int part = 0; part < 4; part++) {
		size_t s = i;
		uint32_t v = 0;
		bool big = false;
		for (; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
			v = v * 10 + (uint32_t)(text[i] - '0');
			if (v > 255)
				big = true;
		}
		if (big || (i - s > 1 && text[s] == '0')) {
			Span e = {span.file, span.start + (uint32_t)s, span.start + (uint32_t)i};
			diag_add(ctx->diags, SYN_BAD_CIDR, e, "`%.*s` is not an IPv4 octet (0 to 255)",
				 (int)(i - s) > 20 ? 20 : (int)(i - s), text + s);
			return n;
		}
		addr = (addr << 8) | v;
		i++; /* the dot or slash */
	}
	n->num = addr;
	if (i > len) {
		Diag *g = diag_add(ctx->diags, SYN_BAD_CIDR, span, "IPv4 address `%.*s` has no prefix length",
				   (int)len, text);
		diag_help(ctx->diags, g, "a single address is written `%.*s/32`", (int)len, text);
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
	if (prefix > 32) {
		Span e = {span.file, span.start + (uint32_t)s, span.end};
		diag_add(ctx->diags, SYN_BAD_CIDR, e, "prefix length `/%.*s` is larger than 32",
			 (int)(len - s) > 20 ? 20 : (int)(len - s), text + s);
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
	Node *tmpl;
	Buf lit;
	uint32_t lit_start;
	bool bad;
} TemplateBuilder;

static void tb_flush(TemplateBuilder *tb, uint32_t end)
{
	if (tb->lit.len == 0)
		return;
	Span s = {tb->ctx->file_id, tb->lit_start, end};
	Node *p = node_new(tb->ctx, N_STRING, s);
	p->str = arena_strndup(tb->ctx->arena, tb->lit.data, tb->lit.len);
	p->str_len = (uint32_t)tb->lit.len;
	nodes_push(tb->ctx->arena, &tb->tmpl->list, p);
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
					   "escape `\\%c` needs exactly %u hex digits", c, want);
			diag_help(ctx->diags, g, c == 'u' ? "write a code point as `\\u00E9`"
							  : "write a code point as `\\U0001F600`");
			tb->bad = true;
			return 2 + k;
		}
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
			diag_add(ctx->diags, SYN_BAD_ESCAPE, s, "escape `%.*s` is not a Unicode scalar value",
				 (int)(2 + k), text + i);
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
		Diag *g = diag_add(ctx->diags, SYN_BAD_ESCAPE, s, "unknown escape sequence `%.*s`",
				   (int)n, text + i);
		if (c == '$')
			diag_help(ctx->diags, g, "write `$${` for a literal `${`; a lone `$` needs no escape");
		else
			diag_help(ctx->diags, g, "write `\\\\` for a literal backslash");
		tb->bad = true;
		return n;
	}
	}
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
	Node *e = parse_interpolation(ctx, i + 2, end, &after);
	if (!e) {
		tb->bad = true;
		return 0;
	}
	nodes_push(ctx->arena, &tb->tmpl->list, e);
	if (e->depth + 1 > tb->tmpl->depth)
		tb->tmpl->depth = e->depth + 1;
	return after;
}

static Node *tb_finish(TemplateBuilder *tb, uint32_t end)
{
	tb_flush(tb, end);
	buf_free(&tb->lit);
	Node *t = tb->tmpl;
	if (tb->bad) {
		t->kind = N_ERROR;
		return t;
	}
	if (t->list.len == 0) {
		t->kind = N_STRING;
		t->str = "";
		return t;
	}
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
	TemplateBuilder tb = {ctx, node_new(ctx, N_TEMPLATE, span), {0}, span.start + 1, false};
	const char *text = ctx->file->text;
	uint32_t end = bad ? span.end : span.end - 1;
	if (bad) {
		Node *n = node_new(ctx, N_ERROR, span);
		return n;
	}
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
			diag_add(ctx->diags, SYN_BAD_CHAR, s, "control character U+%04X in a string",
				 (unsigned char)c);
			tb.bad = true;
			i++;
		} else {
			buf_putc(&tb.lit, c);
			i++;
		}
	}
	return tb_finish(&tb, end);
}

Node *node_heredoc(ParseCtx *ctx, Span span, HeredocTok hd)
{
	TemplateBuilder tb = {ctx, node_new(ctx, N_TEMPLATE, span), {0}, hd.body, false};
	tb.tmpl->op = 1;
	const char *text = ctx->file->text;
	uint32_t strip = 0;
	if (hd.indent) {
		strip = UINT32_MAX;
		for (uint32_t i = hd.body; i < hd.end;) {
			uint32_t w = 0;
			while (i + w < hd.end && (text[i + w] == ' ' || text[i + w] == '\t'))
				w++;
			bool blank = i + w >= hd.end || text[i + w] == '\n' || text[i + w] == '\r';
			if (!blank && w < strip)
				strip = w;
			while (i < hd.end && text[i] != '\n')
				i++;
			i++;
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
		if (c == '$' && i + 2 < hd.end && text[i + 1] == '$' && text[i + 2] == '{') {
			buf_puts(&tb.lit, "${");
			i += 3;
		} else if (c == '$' && i + 1 < hd.end && text[i + 1] == '{') {
			uint32_t next = tb_interp(&tb, text, i, hd.end);
			if (!next)
				break;
			i = next;
		} else if (c == '\r' && i + 1 < hd.end && text[i + 1] == '\n') {
			i++; /* CRLF becomes LF */
		} else {
			buf_putc(&tb.lit, c);
			if (c == '\n')
				line_start = true;
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

typedef struct Dumper {
	const SrcMap *sm;
	bool spans;
	Buf *out;
} Dumper;

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
		const SrcFile *f = d->sm->files[n->span.file];
		SrcPos s = src_pos(f, n->span.start), e = src_pos(f, n->span.end);
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
	Dumper d = {sm, spans, out};
	dump_node(&d, root, 0, NULL);
}

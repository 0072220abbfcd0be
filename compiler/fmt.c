/*
 * fmt.c: `infrac fmt`, the one canonical layout of .infra files.
 *
 * The formatter prints the syntax tree, not the token stream: layout is
 * decided from the tree alone (one item per line, two-space indents, the
 * `=` of consecutive attributes aligned, the parentheses precedence
 * needs).  The few things the tree does not keep are read back from the
 * source through the spans: where comments and blank lines were, whether
 * a list or a block was written on one line, the parentheses an author
 * put around an operand, a heredoc's marker.  Every layout decision
 * depends only on properties the output keeps, so fmt(fmt(x)) == fmt(x).
 *
 * Comments come from the parser in source order and are handed out by
 * one cursor: before anything with a position is printed, every comment
 * before that position is printed, so none is lost or reordered.  How
 * one is printed depends on where the cursor meets it.  Between items
 * (and between the elements of a list written one per line) a comment
 * keeps its own line or trails the line before; inside an expression it
 * stays inline, and a line comment ends the line.
 *
 * Decisions that depend on width ("does this list fit in 100 columns",
 * "is this attribute one line") are taken by printing into a scratch
 * buffer first (a trial), which gives up as soon as the line breaks or
 * runs past the limit.
 *
 * The result is parsed again and its tree and comments compared with
 * the input's before anything is written: a difference is a bug here,
 * and the file is left as it was.
 *
 * docs/fmt.md describes the layout for users.
 */
#include "infrac.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FMT_WIDTH = 100 };

typedef struct Fmt {
	const char *src;
	uint32_t len;
	Comment **cm;       /* the file's comments, in source order */
	uint32_t ncm;
	uint32_t next;      /* the first comment not printed yet */
	Buf *out;
	int col;            /* code points on the current output line */
	int line_indent;    /* indentation of the current output line */
	int cont;           /* indentation of a continuation line */
	bool at_start;      /* nothing printed yet */
	bool line_empty;    /* only indentation on the current line */
	bool nl_pending;    /* a line comment or a heredoc ended the line */
	bool body_start;    /* nothing printed yet in the current body or list */
	/* trials */
	int measure;        /* > 0: printing into a scratch buffer; comments wait */
	bool flat;          /* lists, maps and calls on one line */
	bool stop;          /* the trial gave up */
	bool broke;         /* the trial printed a line break */
	int limit;          /* the trial gives up past this column */
} Fmt;

static void fmt_expr(Fmt *F, const Node *e);
static void fmt_item(Fmt *F, const Node *n, int ind);
static void fmt_seq(Fmt *F, const NodeList *l, uint32_t close, int ind, bool commas);

/* ---- the source ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static bool is_break(char c)
{
	return c == '\n' || c == '\r';
}

/* Skips white space and comments from pos; returns the next offset. */
static uint32_t src_skip(const Fmt *F, uint32_t pos)
{
	const char *s = F->src;
	uint32_t i = pos;
	while (i < F->len) {
		if (is_space(s[i]) || is_break(s[i])) {
			i++;
		} else if (s[i] == '#' || (s[i] == '/' && i + 1 < F->len && s[i + 1] == '/')) {
			while (i < F->len && !is_break(s[i]))
				i++;
		} else if (s[i] == '/' && i + 1 < F->len && s[i + 1] == '*') {
			i += 2;
			while (i + 1 < F->len && !(s[i] == '*' && s[i + 1] == '/'))
				i++;
			i = i + 2 < F->len ? i + 2 : F->len;
		} else {
			break;
		}
	}
	return i;
}

static bool src_has_break(const Fmt *F, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to && i < F->len; i++)
		if (is_break(F->src[i]))
			return true;
	return false;
}

/* Whether the line before the one pos is on holds nothing but white
 * space, with only white space between it and pos. */
static bool blank_before(const Fmt *F, uint32_t pos)
{
	uint32_t i = pos;
	int breaks = 0;
	while (i > 0) {
		char c = F->src[i - 1];
		if (is_space(c)) {
			i--;
		} else if (c == '\n' || c == '\r') {
			i--;
			if (c == '\n' && i > 0 && F->src[i - 1] == '\r')
				i--;
			if (++breaks == 2)
				return true;
		} else {
			break;
		}
	}
	return false;
}

/* Whether the text between two operands holds a `(` outside comments:
 * the author wrote parentheses around the second one.  The text between
 * operands holds only operators, brackets, white space and comments. */
static bool gap_has_paren(const Fmt *F, uint32_t from, uint32_t to)
{
	const char *s = F->src;
	for (uint32_t i = from; i < to; i++) {
		if (s[i] == '(')
			return true;
		if (s[i] == '#' || (s[i] == '/' && i + 1 < to && s[i + 1] == '/')) {
			while (i < to && !is_break(s[i]))
				i++;
		} else if (s[i] == '/' && i + 1 < to && s[i + 1] == '*') {
			for (i += 2; i + 1 < to && !(s[i] == '*' && s[i + 1] == '/'); i++)
				;
			i++;
		}
	}
	return false;
}

/* Whether the text of an interpolation, from `${` to its `}`, holds
 * neither a comment nor a line break (outside nested strings): then it
 * can be printed from the tree.  The parser keeps no comments from
 * inside interpolations, so one that holds any is printed as written. */
static bool interp_plain(const Fmt *F, uint32_t from, uint32_t to)
{
	const char *s = F->src;
	Buf modes = {0}; /* 's' string, 'c' code, one per open level */
	char mode = 'c';
	bool ok = true;
	for (uint32_t i = from; i < to && ok; i++) {
		char c = s[i];
		char n1 = i + 1 < to ? s[i + 1] : 0, n2 = i + 2 < to ? s[i + 2] : 0;
		if (is_break(c)) {
			ok = false;
		} else if (mode == 's') {
			if (c == '\\') {
				i++;
			} else if (c == '$' && n1 == '$' && n2 == '{') {
				i += 2;
			} else if (c == '$' && n1 == '{') {
				buf_putc(&modes, 's');
				mode = 'c';
				i++;
			} else if (c == '"') {
				mode = modes.len ? modes.data[--modes.len] : 'c';
			}
		} else if (c == '#' || (c == '/' && (n1 == '/' || n1 == '*')) || (c == '<' && n1 == '<')) {
			ok = false;
		} else if (c == '"') {
			buf_putc(&modes, 'c');
			mode = 's';
		} else if (c == '{') {
			buf_putc(&modes, 'c');
		} else if (c == '}') {
			mode = modes.len ? modes.data[--modes.len] : 'c';
		}
	}
	buf_free(&modes);
	return ok;
}

/* The first comment that starts at or after pos. */
static uint32_t comment_at(const Fmt *F, uint32_t pos)
{
	uint32_t lo = 0, hi = F->ncm;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (F->cm[mid]->span.start < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool has_comment(const Fmt *F, uint32_t from, uint32_t to)
{
	uint32_t i = comment_at(F, from);
	return i < F->ncm && F->cm[i]->span.start < to;
}

/* ---- output ---- */

static void out_trim(Fmt *F)
{
	Buf *b = F->out;
	while (b->len > 0 && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\t')) {
		b->len--;
		F->col--;
	}
}

/* Ends the current line (with a blank line after it when asked) and
 * indents the next one. */
static void out_newline(Fmt *F, int indent, bool blank)
{
	if (F->measure) {
		F->broke = F->stop = true;
		return;
	}
	if (!F->at_start) {
		out_trim(F);
		buf_putc(F->out, '\n');
		if (blank)
			buf_putc(F->out, '\n');
	}
	F->at_start = false;
	buf_indent(F->out, indent);
	F->col = F->line_indent = indent;
	F->line_empty = true;
	F->nl_pending = false;
}

/* Starts a line of a body or of a list laid out one element per line. */
static void fmt_line(Fmt *F, int indent, bool blank)
{
	out_newline(F, indent, blank);
	F->cont = indent + 2;
}

/* Before printing: the line break a line comment or heredoc asked for. */
static void out_prepare(Fmt *F)
{
	if (F->nl_pending)
		out_newline(F, F->cont, false);
}

static void out_put(Fmt *F, const char *s, size_t n)
{
	if (F->stop)
		return;
	out_prepare(F);
	if (F->stop)
		return;
	if (F->line_empty) {
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		if (n == 0)
			return;
	}
	buf_put(F->out, s, n);
	F->col += (int)utf8_width(s, n);
	F->line_empty = false;
	if (F->measure && F->col > F->limit)
		F->stop = true;
}

static void out_str(Fmt *F, const char *s)
{
	out_put(F, s, strlen(s));
}

static void out_spaces(Fmt *F, int n)
{
	for (int i = 0; i < n; i++)
		out_put(F, " ", 1);
}

/* Text that holds line breaks and is written as it is (heredocs): line
 * breaks become LF; with trim, white space at the end of a line goes. */
static void out_lines(Fmt *F, const char *s, size_t n, bool trim)
{
	if (F->measure) {
		for (size_t i = 0; i < n; i++)
			if (is_break(s[i])) {
				F->broke = F->stop = true;
				return;
			}
	}
	size_t i = 0;
	bool first = true;
	for (;;) {
		size_t j = i;
		while (j < n && !is_break(s[j]))
			j++;
		size_t e = j;
		if (trim)
			while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
				e--;
		if (first) {
			out_put(F, s + i, e - i);
		} else {
			buf_putc(F->out, '\n');
			buf_put(F->out, s + i, e - i);
			F->col = (int)utf8_width(s + i, e - i);
			F->line_indent = 0;
			F->line_empty = e == i;
		}
		first = false;
		if (j >= n)
			break;
		j += s[j] == '\r' && j + 1 < n && s[j + 1] == '\n' ? 2 : 1;
		i = j;
		if (i == n) {
			/* ends with a line break: an empty last line */
			buf_putc(F->out, '\n');
			F->col = 0;
			F->line_indent = 0;
			F->line_empty = true;
			break;
		}
	}
}

/* ---- trials ---- */

typedef struct Trial {
	Buf *out;
	Buf scratch;
	int col, line_indent, cont, start, limit;
	bool at_start, line_empty, nl_pending, body_start, flat, stop, broke;
} Trial;

/* Starts printing into a scratch buffer; with flat, lists, maps and
 * calls stay on one line; with limited, the trial gives up past the
 * line width. */
static void trial_begin(Fmt *F, Trial *t, bool flat, bool limited)
{
	t->out = F->out;
	t->scratch = (Buf){0};
	t->col = F->col;
	t->line_indent = F->line_indent;
	t->cont = F->cont;
	t->at_start = F->at_start;
	t->line_empty = F->line_empty;
	t->nl_pending = F->nl_pending;
	t->body_start = F->body_start;
	t->flat = F->flat;
	t->stop = F->stop;
	t->broke = F->broke;
	t->start = F->col;
	t->limit = F->limit;
	F->limit = limited ? FMT_WIDTH : INT_MAX;
	F->out = &t->scratch;
	F->measure++;
	F->flat = F->flat || flat;
	F->stop = F->broke = false;
	F->at_start = F->nl_pending = false;
}

/* Ends a trial; true when it printed one line (within the width when
 * limited).  *width is the number of columns it took. */
static bool trial_end(Fmt *F, Trial *t, int *width)
{
	bool ok = !F->broke && !F->stop;
	if (width)
		*width = F->col - t->start;
	buf_free(&t->scratch);
	F->out = t->out;
	F->measure--;
	F->col = t->col;
	F->line_indent = t->line_indent;
	F->cont = t->cont;
	F->at_start = t->at_start;
	F->line_empty = t->line_empty;
	F->nl_pending = t->nl_pending;
	F->body_start = t->body_start;
	F->flat = t->flat;
	F->stop = t->stop;
	F->broke = t->broke;
	F->limit = t->limit;
	return ok;
}

/* ---- comments ---- */

static void out_comment(Fmt *F, const Comment *c)
{
	out_lines(F, F->src + c->span.start, c->span.end - c->span.start, true);
}

/* Prints, inline, the comments that come before pos. */
static void fmt_flush(Fmt *F, uint32_t pos)
{
	if (F->measure)
		return;
	while (F->next < F->ncm && F->cm[F->next]->span.start < pos) {
		const Comment *c = F->cm[F->next++];
		if (F->nl_pending || (c->own_line && !F->line_empty)) {
			out_newline(F, F->cont, false);
		} else if (!F->line_empty && F->out->len > 0) {
			char last = F->out->data[F->out->len - 1];
			if (last != ' ' && last != '(' && last != '[')
				out_put(F, " ", 1);
		}
		out_comment(F, c);
		if (c->block)
			out_put(F, " ", 1);
		else
			F->nl_pending = true;
	}
}

/* Prints the comments that come before pos between the lines of a body
 * or list at indentation ind: one that shared a line with what came
 * before trails the current line, the others get lines of their own. */
static void fmt_flush_lines(Fmt *F, uint32_t pos, int ind)
{
	if (F->measure)
		return;
	while (F->next < F->ncm && F->cm[F->next]->span.start < pos) {
		const Comment *c = F->cm[F->next++];
		if (!c->own_line && !F->at_start && !F->nl_pending) {
			if (!F->line_empty) {
				out_trim(F);
				out_put(F, "  ", 2);
			}
		} else {
			fmt_line(F, ind, !F->body_start && blank_before(F, c->span.start));
			F->body_start = false;
		}
		out_comment(F, c);
		if (!c->block)
			F->nl_pending = true;
	}
}

/* ---- strings ---- */

/* Appends decoded string text with the canonical escapes.  dollar_end:
 * an interpolation follows, so a final `$` must not read as its start. */
static void put_escaped(Buf *b, const char *s, size_t n, bool dollar_end)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_puts(b, "\\\""); continue;
		case '\\': buf_puts(b, "\\\\"); continue;
		case '\n': buf_puts(b, "\\n"); continue;
		case '\r': buf_puts(b, "\\r"); continue;
		case '\t': buf_puts(b, "\\t"); continue;
		default: break;
		}
		if (c < 0x20 || c == 0x7f) {
			buf_printf(b, "\\u%04X", c);
		} else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
			   (unsigned char)s[i + 1] <= 0x9F) {
			buf_printf(b, "\\u%04X", (unsigned char)s[i + 1]);
			i++;
		} else if (c == '$' && i + 1 < n && s[i + 1] == '{') {
			buf_puts(b, "$${");
			i++;
		} else if (c == '$' && i + 1 == n && dollar_end) {
			buf_puts(b, "\\u0024");
		} else {
			buf_putc(b, (char)c);
		}
	}
}

/* Heredoc text: written as it is, but a literal `${` is `$${`. */
static void put_heredoc_text(Buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
			buf_puts(b, "$${");
			i++;
		} else {
			buf_putc(b, s[i]);
		}
	}
}

/* The offset of the `}` that closes the interpolation holding e. */
static uint32_t interp_close(const Fmt *F, const Node *e)
{
	uint32_t p = src_skip(F, e->span.end);
	while (p < F->len && F->src[p] == ')')
		p = src_skip(F, p + 1);
	return p;
}

/* Prints ${e}: from the tree, or as written when that is not plain. */
static void fmt_interp(Fmt *F, const Node *e, uint32_t from, uint32_t close)
{
	if (!interp_plain(F, from, close + 1)) {
		out_lines(F, F->src + from, close + 1 - from, false);
		return;
	}
	out_str(F, "${");
	bool flat = F->flat;
	F->flat = true;
	fmt_expr(F, e);
	F->flat = flat;
	out_str(F, "}");
}

/* Whether part p of a template, the text of which starts at pos, is
 * literal text rather than an interpolation (which may hold a string
 * too): literal text starts right there, after the indentation a `<<-`
 * heredoc removes at most; an interpolation starts after its `${`. */
static bool part_is_text(const Fmt *F, const Node *p, uint32_t pos)
{
	if (p->kind != N_STRING)
		return false;
	for (uint32_t i = pos; i < p->span.start; i++)
		if (!is_space(F->src[i]))
			return false;
	return true;
}

static void fmt_quoted(Fmt *F, const Node *e)
{
	Buf b = {0};
	buf_putc(&b, '"');
	if (e->kind == N_STRING) {
		put_escaped(&b, e->str, e->str_len, false);
		buf_putc(&b, '"');
		out_put(F, b.data, b.len);
		buf_free(&b);
		return;
	}
	uint32_t pos = e->span.start + 1;
	for (uint32_t i = 0; i < e->list.len; i++) {
		const Node *p = e->list.items[i];
		if (part_is_text(F, p, pos)) {
			bool before_interp = i + 1 < e->list.len && !part_is_text(F, e->list.items[i + 1], p->span.end);
			put_escaped(&b, p->str, p->str_len, before_interp);
			pos = p->span.end;
			continue;
		}
		out_put(F, b.data, b.len);
		b.len = 0;
		uint32_t close = interp_close(F, p);
		fmt_interp(F, p, pos, close);
		pos = close + 1;
	}
	buf_putc(&b, '"');
	out_put(F, b.data, b.len);
	buf_free(&b);
}

/* Whether a heredoc must be written as it is: an interpolation in it
 * spans lines or holds a comment. */
static bool heredoc_raw(const Fmt *F, const Node *e, uint32_t body)
{
	if (e->kind != N_TEMPLATE)
		return false;
	uint32_t pos = body;
	for (uint32_t i = 0; i < e->list.len; i++) {
		const Node *p = e->list.items[i];
		if (part_is_text(F, p, pos)) {
			pos = p->span.end;
			continue;
		}
		uint32_t close = interp_close(F, p);
		if (!interp_plain(F, pos, close + 1))
			return true;
		pos = close + 1;
	}
	return false;
}

/* Appends heredoc text to line, writing out each completed line; lines
 * that are not empty get prefix columns of indentation first. */
static void hd_text(Fmt *F, Buf *line, bool *line_start, int prefix, const char *s, size_t n)
{
	for (size_t k = 0; k < n;) {
		size_t j = k;
		while (j < n && s[j] != '\n')
			j++;
		if (j > k && *line_start)
			buf_indent(line, prefix);
		if (j > k)
			*line_start = false;
		put_heredoc_text(line, s + k, j - k);
		if (j < n) {
			if (line->len)
				buf_put(F->out, line->data, line->len);
			buf_putc(F->out, '\n');
			line->len = 0;
			*line_start = true;
			j++;
		}
		k = j;
	}
}

/* <<EOT keeps its text as it is (line breaks as LF) and ends with EOT at
 * the start of a line.  <<-EOT has its text indented two columns deeper
 * than the line holding the marker (the parser removes the common
 * indentation, so this does not change it), and EOT at that indentation. */
static void fmt_heredoc(Fmt *F, const Node *e)
{
	if (F->measure) {
		F->broke = F->stop = true;
		return;
	}
	const char *s = F->src + e->span.start;
	bool dash = s[2] == '-';
	uint32_t nstart = dash ? 3 : 2, nend = nstart;
	while (e->span.start + nend < F->len &&
	       (s[nend] == '_' || s[nend] == '-' || (s[nend] >= 'a' && s[nend] <= 'z') ||
		(s[nend] >= 'A' && s[nend] <= 'Z') || (s[nend] >= '0' && s[nend] <= '9')))
		nend++;
	uint32_t body = e->span.start + nend;
	while (body < F->len && !is_break(F->src[body]))
		body++;
	body += F->src[body] == '\r' && body + 1 < F->len && F->src[body + 1] == '\n' ? 2 : 1;
	if (heredoc_raw(F, e, body)) {
		out_lines(F, s, e->span.end - e->span.start, false);
		F->nl_pending = true;
		return;
	}
	out_put(F, s, nend);
	/* For <<- every line that is not empty gets the indentation, unless
	 * all are blank: then the parser removes none. */
	bool nonblank = false;
	if (e->kind == N_STRING) {
		for (uint32_t k = 0; k < e->str_len; k++)
			nonblank |= !is_space(e->str[k]) && e->str[k] != '\n';
	} else {
		uint32_t pos = body;
		for (uint32_t i = 0; i < e->list.len && !nonblank; i++) {
			const Node *p = e->list.items[i];
			if (!part_is_text(F, p, pos)) {
				nonblank = true;
				break;
			}
			for (uint32_t k = 0; k < p->str_len; k++)
				nonblank |= !is_space(p->str[k]) && p->str[k] != '\n';
			pos = p->span.end;
		}
	}
	int prefix = dash && nonblank ? F->line_indent + 2 : 0;
	Buf line = {0};
	bool line_start = true;
	buf_putc(F->out, '\n');
	if (e->kind == N_STRING) {
		hd_text(F, &line, &line_start, prefix, e->str, e->str_len);
	} else {
		uint32_t pos = body;
		for (uint32_t i = 0; i < e->list.len; i++) {
			const Node *p = e->list.items[i];
			if (part_is_text(F, p, pos)) {
				hd_text(F, &line, &line_start, prefix, p->str, p->str_len);
				pos = p->span.end;
				continue;
			}
			if (line_start)
				buf_indent(&line, prefix);
			line_start = false;
			if (line.len)
				buf_put(F->out, line.data, line.len);
			line.len = 0;
			uint32_t close = interp_close(F, p);
			F->line_empty = false;
			fmt_interp(F, p, pos, close);
			pos = close + 1;
		}
	}
	if (!line_start) {
		if (line.len)
			buf_put(F->out, line.data, line.len);
		buf_putc(F->out, '\n');
	}
	buf_free(&line);
	buf_indent(F->out, prefix);
	buf_put(F->out, s + nstart, nend - nstart);
	F->col = prefix + (int)(nend - nstart);
	F->line_indent = prefix;
	F->line_empty = false;
	F->nl_pending = true;
}

/* ---- expressions ---- */

enum { P_COND = 1, P_OR, P_AND, P_EQ, P_REL, P_RANGE, P_ADD, P_MUL, P_UNARY, P_POSTFIX };

static int expr_prec(const Node *e)
{
	switch (e->kind) {
	case N_COND:
		return P_COND;
	case N_RANGE:
		return P_RANGE;
	case N_UNARY:
		return P_UNARY;
	case N_BINARY:
		switch (e->op) {
		case OP_OR: return P_OR;
		case OP_AND: return P_AND;
		case OP_EQ: case OP_NE: return P_EQ;
		case OP_LT: case OP_LE: case OP_GT: case OP_GE: return P_REL;
		case OP_ADD: case OP_SUB: return P_ADD;
		default: return P_MUL;
		}
	default:
		return P_POSTFIX;
	}
}

static bool is_operator(const Node *e)
{
	return e->kind == N_BINARY || e->kind == N_RANGE || e->kind == N_COND;
}

/* An operand of an operator expression: in parentheses when precedence
 * needs them, or when the author wrote them around an operator
 * expression (gap_from: where the text before the operand starts). */
static void fmt_operand(Fmt *F, const Node *c, bool need, uint32_t gap_from)
{
	bool paren = need || (is_operator(c) && gap_has_paren(F, gap_from, c->span.start));
	if (paren)
		out_str(F, "(");
	fmt_expr(F, c);
	if (paren)
		out_str(F, ")");
}

static void fmt_flat_or_broken(Fmt *F, const Node *e, const char *open, const char *close_text, bool commas,
			       bool broken)
{
	uint32_t close = e->span.end - 1;
	if (!broken) {
		out_str(F, open);
		if (e->kind == N_MAP)
			out_str(F, " ");
		for (uint32_t i = 0; i < e->list.len && !F->stop; i++) {
			if (i)
				out_str(F, ", ");
			fmt_expr(F, e->list.items[i]);
		}
		if (e->kind == N_MAP)
			out_str(F, " ");
		out_str(F, close_text);
		return;
	}
	int ind = F->line_indent;
	out_str(F, open);
	fmt_seq(F, &e->list, close, ind + 2, commas);
	fmt_line(F, ind, false);
	out_str(F, close_text);
}

/* Whether a list or map stays on one line: it was written on one line,
 * holds no comment and fits. */
static bool seq_flat(Fmt *F, const Node *e)
{
	if (F->flat)
		return true;
	if (src_has_break(F, e->span.start, e->span.end) || has_comment(F, e->span.start, e->span.end))
		return false;
	Trial t;
	trial_begin(F, &t, true, true);
	fmt_flat_or_broken(F, e, e->kind == N_LIST ? "[" : "{", e->kind == N_LIST ? "]" : "}", false, false);
	return trial_end(F, &t, NULL);
}

static void fmt_list(Fmt *F, const Node *e)
{
	out_prepare(F);
	bool map = e->kind == N_MAP;
	if (e->list.len == 0 && (F->flat || !has_comment(F, e->span.start, e->span.end))) {
		out_str(F, map ? "{}" : "[]");
		return;
	}
	fmt_flat_or_broken(F, e, map ? "{" : "[", map ? "}" : "]", !map, !seq_flat(F, e));
}

/* A call is written one argument per line when it holds a comment or
 * its first argument was written on a later line than its `(`. */
static void fmt_call(Fmt *F, const Node *e)
{
	out_str(F, e->name);
	bool broken = false;
	if (!F->flat) {
		uint32_t paren = src_skip(F, e->name_span.end);
		broken = has_comment(F, e->name_span.end, e->span.end) ||
			 (e->list.len > 0 && src_has_break(F, paren, e->list.items[0]->span.start));
	}
	if (e->list.len == 0 && !broken) {
		out_str(F, "()");
		return;
	}
	fmt_flat_or_broken(F, e, "(", ")", true, broken);
}

static void fmt_expr(Fmt *F, const Node *e)
{
	if (F->stop)
		return;
	fmt_flush(F, e->span.start);
	switch (e->kind) {
	case N_NULL:
		out_str(F, "null");
		break;
	case N_BOOL:
		out_str(F, e->op ? "true" : "false");
		break;
	case N_NUMBER:
	case N_CIDR:
		out_put(F, e->str, e->str_len);
		break;
	case N_STRING:
	case N_TEMPLATE:
		if (e->op)
			fmt_heredoc(F, e);
		else
			fmt_quoted(F, e);
		break;
	case N_NAME:
		out_str(F, e->name);
		break;
	case N_PATH:
		for (uint32_t i = 0; i < e->list.len; i++) {
			if (i)
				out_str(F, ".");
			out_str(F, e->list.items[i]->name);
		}
		break;
	case N_LIST:
	case N_MAP:
		fmt_list(F, e);
		break;
	case N_ENTRY:
		/* only in a flat map */
		fmt_expr(F, e->a);
		out_str(F, " = ");
		fmt_expr(F, e->b);
		break;
	case N_CALL:
		fmt_call(F, e);
		break;
	case N_INDEX:
		fmt_operand(F, e->a, expr_prec(e->a) < P_POSTFIX, e->span.start);
		out_str(F, "[");
		fmt_expr(F, e->b);
		fmt_flush(F, e->span.end - 1);
		out_str(F, "]");
		break;
	case N_MEMBER: {
		/* `a.b` would read as one dotted name, `true.x` and
		 * `f(x).a.b` (`a.b` after the dot) too */
		NodeKind k = e->a->kind;
		bool need = expr_prec(e->a) < P_POSTFIX || k == N_PATH || k == N_BOOL || k == N_NULL ||
			    k == N_MEMBER;
		fmt_operand(F, e->a, need, e->span.start);
		fmt_flush(F, e->name_span.start);
		out_str(F, ".");
		out_str(F, e->name);
		break;
	}
	case N_UNARY:
		/* `- -a`, not `--a` */
		out_str(F, e->op == OP_NOT ? "!" : e->a->kind == N_UNARY && e->a->op == OP_NEG ? "- " : "-");
		fmt_operand(F, e->a, expr_prec(e->a) < P_UNARY, e->span.start);
		break;
	case N_BINARY:
	case N_RANGE: {
		int p = expr_prec(e);
		bool nonassoc = p == P_EQ || p == P_REL || p == P_RANGE;
		int pa = expr_prec(e->a), pb = expr_prec(e->b);
		fmt_operand(F, e->a, pa < p || (pa == p && nonassoc), e->span.start);
		if (e->kind == N_RANGE) {
			out_str(F, "..");
		} else {
			out_str(F, " ");
			out_str(F, op_name(e->op));
			out_str(F, " ");
		}
		fmt_operand(F, e->b, pb <= p, e->a->span.end);
		break;
	}
	case N_COND:
		fmt_operand(F, e->a, expr_prec(e->a) <= P_COND, e->span.start);
		out_str(F, " ? ");
		fmt_operand(F, e->b, false, e->a->span.end);
		out_str(F, " : ");
		fmt_operand(F, e->c, false, e->b->span.end);
		break;
	case N_COMPREHENSION:
		out_str(F, "[for ");
		out_str(F, e->name);
		if (e->name2) {
			out_str(F, ", ");
			out_str(F, e->name2);
		}
		/* `in`, `:` and `if` read like operators: parentheses the
		 * author wrote around an operator expression stay */
		out_str(F, " in ");
		fmt_operand(F, e->a, false, e->span.start);
		out_str(F, " : ");
		fmt_operand(F, e->b, false, e->a->span.end);
		if (e->c) {
			out_str(F, " if ");
			fmt_operand(F, e->c, false, e->b->span.end);
		}
		fmt_flush(F, e->span.end - 1);
		out_str(F, "]");
		break;
	default:
		fatal("internal error: fmt: unexpected %s node", node_kind_name(e->kind));
	}
}

/* ---- items ---- */

/* Whether e is printed ending with a keyword (`true`, `false`, `null`,
 * `allow`): the scanner reads a keyword followed by `=` as a misused
 * name, so a type before ` = ` that ends with one is put in parentheses. */
static bool ends_with_keyword(const Node *e)
{
	for (;;) {
		switch (e->kind) {
		case N_BOOL:
		case N_NULL:
			return true;
		case N_PATH:
			return e->list.len == 1 && strcmp(e->list.items[0]->name, "allow") == 0;
		case N_UNARY:
			e = e->a;
			break;
		case N_BINARY:
		case N_RANGE:
			e = e->b;
			break;
		case N_COND:
			e = e->c;
			break;
		default:
			return false;
		}
	}
}

/* The type of a `let`, `param`, `field` or `output`; before ` = ` when
 * assigned. */
static void fmt_type(Fmt *F, const Node *type, bool assigned)
{
	bool paren = assigned && ends_with_keyword(type);
	if (paren)
		out_str(F, "(");
	fmt_expr(F, type);
	if (paren)
		out_str(F, ")");
}

/* The part of an attribute, local or map entry before its `=`. */
static void fmt_key(Fmt *F, const Node *n)
{
	switch (n->kind) {
	case N_ATTR:
		out_str(F, n->name);
		break;
	case N_LET:
		out_str(F, "let ");
		out_str(F, n->name);
		if (n->a) {
			out_str(F, ": ");
			fmt_type(F, n->a, true);
		}
		break;
	default: /* N_ENTRY */
		fmt_expr(F, n->a);
		break;
	}
}

/* `key = value`; with pad > 0 the `=` is in column pad + 1 after the
 * start and the value on one line (the caller checked that it is). */
static void fmt_entry(Fmt *F, const Node *n, int pad)
{
	int start = F->col;
	fmt_key(F, n);
	if (pad > 0)
		out_spaces(F, pad - (F->col - start));
	out_str(F, " = ");
	bool flat = F->flat;
	if (pad > 0)
		F->flat = true;
	fmt_expr(F, n->kind == N_ATTR ? n->a : n->b);
	F->flat = flat;
}

static bool is_entry(const Node *n)
{
	return n->kind == N_ATTR || n->kind == N_LET || n->kind == N_ENTRY;
}

/* Whether an attribute, local or entry is printed on one line at
 * column col, with no comment inside: it can be aligned. */
static bool entry_oneline(Fmt *F, const Node *n)
{
	if (!is_entry(n) || has_comment(F, n->span.start, n->span.end))
		return false;
	Trial t;
	trial_begin(F, &t, false, false);
	fmt_entry(F, n, 0);
	return trial_end(F, &t, NULL);
}

static int key_width(Fmt *F, const Node *n)
{
	Trial t;
	int w;
	trial_begin(F, &t, true, false);
	fmt_key(F, n);
	trial_end(F, &t, &w);
	return w;
}

/* Whether b continues the alignment group of a: no blank line and no
 * comment printed on a line of its own between them (one that was on a
 * line of its own, or follows a line comment). */
static bool group_joins(const Fmt *F, const Node *a, const Node *b)
{
	if (blank_before(F, b->span.start))
		return false;
	bool after_line_comment = false;
	for (uint32_t i = comment_at(F, a->span.end); i < F->ncm && F->cm[i]->span.start < b->span.start; i++) {
		if (F->cm[i]->own_line || after_line_comment)
			return false;
		after_line_comment = !F->cm[i]->block;
	}
	return true;
}

/* The alignment group starting at l[i]: returns the index after its
 * last member (i when l[i] is not aligned) and sets *pad to the widest
 * key.  The caller is at the start of the line, so the trials run at
 * the column the entries will be printed at. */
static uint32_t group_end(Fmt *F, const NodeList *l, uint32_t i, int *pad)
{
	if (!entry_oneline(F, l->items[i]))
		return i;
	bool let = l->items[i]->kind == N_LET;
	uint32_t j = i + 1;
	while (j < l->len && (l->items[j]->kind == N_LET) == let && group_joins(F, l->items[j - 1], l->items[j]) &&
	       entry_oneline(F, l->items[j]))
		j++;
	*pad = 0;
	for (uint32_t k = i; k < j; k++) {
		int w = key_width(F, l->items[k]);
		if (w > *pad)
			*pad = w;
	}
	return j;
}

/* The items of a body, or the elements of a list, map or call laid out
 * one per line at indentation ind; close is where the closing bracket
 * is (comments before it are printed inside). */
static void fmt_seq(Fmt *F, const NodeList *l, uint32_t close, int ind, bool commas)
{
	bool body_start = F->body_start;
	F->body_start = true;
	uint32_t gend = 0;
	int gpad = 0;
	for (uint32_t i = 0; i < l->len && !F->stop; i++) {
		const Node *n = l->items[i];
		fmt_flush_lines(F, n->span.start, ind);
		fmt_line(F, ind, !F->body_start && blank_before(F, n->span.start));
		F->body_start = false;
		if (is_entry(n)) {
			if (i >= gend) {
				gpad = 0;
				gend = group_end(F, l, i, &gpad);
			}
			fmt_entry(F, n, i < gend ? gpad : 0);
		} else if (n->kind < N_NULL) {
			/* the kinds before N_NULL are items */
			fmt_item(F, n, ind);
		} else {
			fmt_expr(F, n);
		}
		if (commas) {
			/* after a heredoc, the comma starts a line of its own */
			if (F->nl_pending)
				out_newline(F, ind, false);
			out_str(F, ",");
		}
	}
	fmt_flush_lines(F, close, ind);
	F->body_start = body_start;
}

/* `{ items }` of a body whose `}` is at close. */
static void fmt_body(Fmt *F, const NodeList *items, uint32_t from, uint32_t close, int ind)
{
	bool comments = F->measure ? has_comment(F, from, close)
				   : F->next < F->ncm && F->cm[F->next]->span.start < close;
	if (items->len == 0 && !comments) {
		out_str(F, "{}");
		return;
	}
	out_str(F, "{");
	fmt_seq(F, items, close, ind + 2, false);
	fmt_line(F, ind, false);
	out_str(F, "}");
}

static void fmt_block_line(Fmt *F, const Node *n)
{
	out_str(F, "{ ");
	for (uint32_t i = 0; i < n->body.len; i++) {
		if (i)
			out_str(F, "  ");
		fmt_entry(F, n->body.items[i], 0);
	}
	out_str(F, " }");
}

/* A block stays on one line when it was written on one line, holds only
 * attributes and no comment, and fits. */
static bool block_oneline(Fmt *F, const Node *n)
{
	if (n->body.len == 0 || src_has_break(F, n->span.start, n->span.end) ||
	    has_comment(F, n->span.start, n->span.end))
		return false;
	for (uint32_t i = 0; i < n->body.len; i++)
		if (n->body.items[i]->kind != N_ATTR)
			return false;
	Trial t;
	trial_begin(F, &t, false, true);
	fmt_block_line(F, n);
	return trial_end(F, &t, NULL);
}

/* Where the `}` of an `if`'s first body is. */
static uint32_t if_close(const Fmt *F, const Node *n)
{
	if (n->body.len)
		return src_skip(F, n->body.items[n->body.len - 1]->span.end);
	uint32_t p = src_skip(F, n->a->span.end);
	while (p < F->len && F->src[p] == ')')
		p = src_skip(F, p + 1);
	return src_skip(F, p + 1);
}

static void fmt_item(Fmt *F, const Node *n, int ind)
{
	if (F->stop)
		return;
	switch (n->kind) {
	case N_MODULE:
		out_str(F, "module ");
		out_str(F, n->name);
		break;
	case N_IMPORT:
		out_str(F, "import ");
		fmt_expr(F, n->a);
		if (n->span.end > n->a->span.end && F->src[n->span.end - 1] == '}') {
			out_str(F, " ");
			fmt_body(F, &n->body, n->span.start, n->span.end - 1, ind);
		}
		break;
	case N_DECL:
		out_str(F, n->op == DECL_PARAM ? "param " : n->op == DECL_FIELD ? "field " : "output ");
		out_str(F, n->name);
		out_str(F, ": ");
		fmt_type(F, n->a, n->b != NULL);
		if (n->b) {
			out_str(F, " = ");
			fmt_expr(F, n->b);
		}
		if (n->c) {
			out_str(F, " ");
			fmt_expr(F, n->c);
		}
		break;
	case N_LET:
	case N_ATTR:
		fmt_entry(F, n, 0);
		break;
	case N_BLOCK:
		out_str(F, n->name);
		for (uint32_t i = 0; i < n->list.len; i++) {
			out_str(F, " ");
			fmt_expr(F, n->list.items[i]);
		}
		out_str(F, " ");
		if (block_oneline(F, n)) {
			bool flat = F->flat;
			F->flat = true;
			fmt_block_line(F, n);
			F->flat = flat;
		} else {
			fmt_body(F, &n->body, n->span.start, n->span.end - 1, ind);
		}
		break;
	case N_FOR:
		out_str(F, "for ");
		out_str(F, n->name);
		if (n->name2) {
			out_str(F, ", ");
			out_str(F, n->name2);
		}
		out_str(F, " in ");
		fmt_expr(F, n->a);
		out_str(F, " ");
		fmt_body(F, &n->body, n->span.start, n->span.end - 1, ind);
		break;
	case N_IF: {
		out_str(F, "if ");
		fmt_expr(F, n->a);
		out_str(F, " ");
		uint32_t close = if_close(F, n);
		fmt_body(F, &n->body, n->span.start, close, ind);
		uint32_t p = src_skip(F, close + 1);
		if (p + 4 <= n->span.end && memcmp(F->src + p, "else", 4) == 0) {
			out_str(F, " else ");
			uint32_t q = src_skip(F, p + 4);
			if (q < F->len && F->src[q] != '{' && n->else_body.len == 1 &&
			    n->else_body.items[0]->kind == N_IF)
				fmt_item(F, n->else_body.items[0], ind);
			else
				fmt_body(F, &n->else_body, close + 1, n->span.end - 1, ind);
		}
		break;
	}
	case N_ALLOW:
		out_str(F, "allow ");
		out_str(F, n->name);
		out_str(F, " ");
		fmt_expr(F, n->a);
		break;
	default:
		fatal("internal error: fmt: unexpected %s item", node_kind_name(n->kind));
	}
}

void fmt_tree(const SrcFile *f, const Node *root, const Vec *comments, Buf *out)
{
	Fmt F = {0};
	F.src = f->text;
	F.len = f->len;
	F.cm = (Comment **)comments->items;
	F.ncm = (uint32_t)comments->len;
	F.out = out;
	F.at_start = true;
	F.line_empty = true;
	F.body_start = true;
	F.limit = INT_MAX;
	fmt_seq(&F, &root->list, f->len, 0, false);
	if (!F.at_start) {
		out_trim(&F);
		buf_putc(out, '\n');
	}
}

/* ---- files ---- */

/* Comment text as the formatter prints it, for the check below. */
static void comment_norm(Buf *b, const SrcFile *f, const Comment *c)
{
	const char *s = f->text + c->span.start;
	size_t n = c->span.end - c->span.start;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && !is_break(s[j]))
			j++;
		size_t e = j;
		while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		buf_put(b, s + i, e - i);
		if (j < n) {
			buf_putc(b, '\n');
			j += s[j] == '\r' && j + 1 < n && s[j + 1] == '\n' ? 2 : 1;
		}
		i = j;
	}
	buf_putc(b, '\0');
}

/* Parses the formatted text and compares its tree (without spans) and
 * its comments with those of the input. */
static bool fmt_verify(const SrcFile *f, const Node *root, const Vec *comments, const Buf *out)
{
	Arena *a = arena_new();
	Interner names;
	interner_init(&names, a);
	SrcMap sm = {0};
	Diags d;
	diags_init(&d, a, &sm);
	Vec cm = {0};
	SrcFile *g = src_add(&sm, a, f->path, out->data ? out->data : "", out->len);
	Node *again = parse_file(a, a, &names, &d, g, 0, &cm);
	bool same = d.errors == 0 && cm.len == comments->len;
	if (same) {
		Buf x = {0}, y = {0};
		ast_dump(root, NULL, false, &x);
		ast_dump(again, NULL, false, &y);
		same = x.len == y.len && memcmp(x.data, y.data, x.len) == 0;
		for (size_t i = 0; same && i < cm.len; i++) {
			x.len = y.len = 0;
			comment_norm(&x, f, comments->items[i]);
			comment_norm(&y, g, cm.items[i]);
			same = strcmp(x.data, y.data) == 0;
		}
		buf_free(&x);
		buf_free(&y);
	}
	vec_free(&cm);
	diags_free(&d);
	srcmap_free(&sm);
	interner_free(&names);
	arena_free(a);
	return same;
}

/* Replaces the file at path (the file a symbolic link points to), when
 * it is writable, with data: a temporary file in the same folder, with
 * the same mode, renamed over it. */
static bool fmt_write(const char *path, const char *data, size_t len, const char **reason)
{
	char *target = realpath(path, NULL);
	if (!target) {
		*reason = strerror(errno);
		return false;
	}
	struct stat st;
	if (stat(target, &st) != 0 || access(target, W_OK) != 0) {
		*reason = strerror(errno);
		free(target);
		return false;
	}
	const char *slash = strrchr(target, '/');
	size_t dirlen = slash ? (size_t)(slash - target) : 0;
	const char *base = slash ? slash + 1 : target;
	Buf tmp = {0};
	buf_printf(&tmp, "%.*s/.%s.fmt-XXXXXX", (int)dirlen, target, base);
	char *name = (char *)buf_cstr(&tmp);
	bool ok = false;
	int fd = mkstemp(name);
	if (fd < 0) {
		*reason = strerror(errno);
	} else {
		size_t done = 0;
		while (done < len) {
			ssize_t w = write(fd, data + done, len - done);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			done += (size_t)w;
		}
		if (done < len || fchmod(fd, st.st_mode & 07777) != 0 || fsync(fd) != 0) {
			*reason = strerror(errno);
			close(fd);
		} else if (close(fd) != 0 || rename(name, target) != 0) {
			*reason = strerror(errno);
		} else {
			ok = true;
		}
		if (!ok)
			unlink(name);
	}
	buf_free(&tmp);
	free(target);
	return ok;
}

int fmt_file(const char *path, bool check, DiagDoc *doc)
{
	Arena *a = arena_new();
	Interner names;
	interner_init(&names, a);
	SrcMap sm = {0};
	Diags d;
	diags_init(&d, a, &sm);
	Vec comments = {0};
	Buf out = {0};
	const char *reason = NULL;
	int rc = 0;
	SrcFile *f = src_read(&sm, a, path, &reason);
	if (!f) {
		fprintf(stderr, "infrac: error: could not read \"%s\": %s\n", path, reason);
		rc = 2;
		goto done;
	}
	Node *root = parse_file(a, a, &names, &d, f, 0, &comments);
	if (d.errors > 0) {
		diags_finish(&d);
		diags_doc_add(doc, &d);
		rc = 1;
		goto done;
	}
	fmt_tree(f, root, &comments, &out);
	if (out.len == f->len && (out.len == 0 || memcmp(out.data, f->text, out.len) == 0))
		goto done;
	if (!fmt_verify(f, root, &comments, &out)) {
		fprintf(stderr, "infrac: error: internal error: formatting \"%s\" would change its meaning or "
				"its comments; the file is left as it is\n", path);
		rc = 2;
	} else if (check) {
		printf("would reformat %s\n", path);
		rc = 1;
	} else if (!fmt_write(path, out.data ? out.data : "", out.len, &reason)) {
		fprintf(stderr, "infrac: error: could not write \"%s\": %s\n", path, reason);
		rc = 2;
	}
done:
	buf_free(&out);
	vec_free(&comments);
	diags_free(&d);
	srcmap_free(&sm);
	interner_free(&names);
	arena_free(a);
	return rc;
}

/*
 * parse.c: entry points of the grammar layer.
 *
 * A file is checked as a whole before the scanner sees it: NUL bytes, a
 * UTF-16/32 byte order mark or invalid UTF-8 make it a binary file as
 * far as infrac is concerned, and one diagnostic says so instead of fifty
 * about the bytes.  Bidirectional controls, which make a line display
 * differently from how it parses, are refused here too, wherever they
 * are.  After that the lexer may assume valid UTF-8.
 */
#include "grammar.h"
#include "parser.h"

#include <stdlib.h>
#include <string.h>

static bool check_bytes(ParseCtx *ctx, uint32_t *skip)
{
	const unsigned char *t = (const unsigned char *)ctx->file->text;
	uint32_t len = ctx->file->len;
	Span at = {ctx->file_id, 0, 1};
	*skip = 0;
	if ((len >= 2 && ((t[0] == 0xFF && t[1] == 0xFE) || (t[0] == 0xFE && t[1] == 0xFF))) ||
	    (len >= 4 && t[0] == 0 && t[1] == 0 && t[2] == 0xFE && t[3] == 0xFF)) {
		at.end = 2;
		Diag *g = diag_add(ctx->diags, SYN_BINARY, at, "file starts with a UTF-16 or UTF-32 byte order mark");
		diag_help(ctx->diags, g, "save the file as UTF-8");
		return false;
	}
	if (len >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF)
		*skip = 3;
	const unsigned char *nul = memchr(t, 0, len);
	if (nul) {
		at.start = (uint32_t)(nul - t);
		at.end = at.start + 1;
		diag_add(ctx->diags, SYN_BINARY, at, "file holds a NUL byte; it is not a text file");
		return false;
	}
	bool bidi = false;
	for (uint32_t i = *skip; i < len;) {
		if (t[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		int n = utf8_decode(t + i, len - i, &cp);
		if (n <= 0) {
			at.start = i;
			at.end = i + 1;
			Diag *g = diag_add(ctx->diags, SYN_BAD_UTF8, at, "invalid UTF-8 byte 0x%02X", t[i]);
			diag_help(ctx->diags, g, "save the file as UTF-8");
			return false;
		}
		if (utf8_is_bidi(cp)) {
			at.start = i;
			at.end = i + (uint32_t)n;
			Diag *g = diag_add(ctx->diags, SYN_BIDI, at, "bidirectional control character U+%04X", cp);
			diag_help(ctx->diags, g, "delete it; in a string, write it as the escape `\\u%04X`", cp);
			bidi = true;
		}
		i += (uint32_t)n;
	}
	return !bidi;
}

static void run_parser(ParseCtx *ctx, uint32_t start, uint32_t limit, int start_token)
{
	LexState *ls = xmalloc(sizeof *ls);
	void *scanner;
	lexer_open(ls, ctx, start, limit, start_token, &scanner);
	int rc = yyparse(scanner, ctx);
	if (rc != 0 && ctx->diags->errors == 0 && !ctx->stop)
		diag_add(ctx->diags, SYN_UNEXPECTED, (Span){ctx->file_id, start, start}, "could not parse");
	lexer_close(scanner);
	free(ls);
}

Node *parse_file(Arena *a, Arena *tree, Interner *names, Diags *d, const SrcFile *f, uint32_t file_id,
		 Vec *comments)
{
	ParseCtx ctx = {0};
	ctx.arena = a;
	ctx.tree = tree;
	ctx.names = names;
	ctx.diags = d;
	ctx.file = f;
	ctx.file_id = file_id;
	ctx.comments = comments;
	uint32_t skip;
	uint32_t before = d->errors;
	bool was_capped = d->capped;
	Span capped_at = {file_id, f->len, f->len};
	ctx.capped_at = &capped_at;
	if (check_bytes(&ctx, &skip))
		run_parser(&ctx, skip, f->len, START_FILE);
	if (d->capped && !was_capped) {
		/* One more than the cap, so that this one is shown. */
		d->cap = d->errors + 1;
		Diag *g = diag_add(d, SYN_TOO_MANY, capped_at,
				   "too many errors; stopped after the first %u", d->errors);
		diag_help(d, g, "fix the errors above and run again; later ones are often consequences of earlier ones");
	}
	Node *root = ctx.root;
	if (!root) {
		root = node_new(&ctx, N_FILE, (Span){file_id, 0, f->len});
		if (d->errors == before)
			diag_add(d, SYN_UNEXPECTED, (Span){file_id, 0, 0}, "could not parse the file");
	}
	return root;
}

Node *parse_interpolation(ParseCtx *ctx, uint32_t offset, uint32_t limit, uint32_t *end)
{
	if (ctx->stop)
		return NULL;
	ParseCtx sub = *ctx;
	sub.expr = NULL;
	sub.root = NULL;
	sub.nest = ctx->nest + 1;
	sub.in_interp = true;
	sub.comments = NULL;
	uint32_t before = ctx->diags->errors;
	run_parser(&sub, offset, limit, START_EXPR);
	ctx->stop = sub.stop;
	if (!sub.expr || ctx->diags->errors != before)
		return NULL;
	*end = sub.expr_end;
	return sub.expr;
}

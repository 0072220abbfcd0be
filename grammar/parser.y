/*
 * parser.y: the grammar of .infra files.
 *
 * HCL-shaped: a file is a list of items; an item is an attribute
 * (`name = value`), a block (`kind label... { items }`), or one of the
 * keyword forms (module, import, param/field/output, let, for, if,
 * allow).  Attributes need no separator, so `pool a { min = 1 max = 3 }`
 * reads naturally on one line; that works because no expression can be
 * followed by an identifier.  Which item may appear where (a `param`
 * inside a block, say) is checked later, where the message can be
 * specific.
 *
 * Error recovery: an `error` alternative in every list of items skips to
 * the next item or closing brace, so one run reports every independent
 * error.  Messages are written by yyreport_syntax_error, which names the
 * expected tokens in words and, when a bracket is still open, which
 * block it belongs to and where it was opened.
 *
 * The same grammar parses the inside of ${...} interpolations: the
 * lexer's first token (START_FILE or START_EXPR) selects the start rule.
 */

%code requires {
#include "grammar.h"
}

%code provides {
int yylex(YYSTYPE *yylval, YYLTYPE *yylloc, void *scanner);
}

%code {
#include <string.h>

#define YYMAXDEPTH 10000
#define YYINITDEPTH 256

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                     \
	do {                                                            \
		if (N) {                                                \
			(Cur).file = YYRHSLOC(Rhs, 1).file;              \
			(Cur).start = YYRHSLOC(Rhs, 1).start;            \
			(Cur).end = YYRHSLOC(Rhs, N).end;                \
		} else {                                                \
			(Cur).file = YYRHSLOC(Rhs, 0).file;              \
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;  \
		}                                                       \
	} while (0)

LexState *yyget_extra(void *scanner);
static void yyerror(YYLTYPE *loc, void *scanner, ParseCtx *ctx, const char *msg);
static Node *item(ParseCtx *ctx, NodeKind kind, Span span);
static Node *text_node(ParseCtx *ctx, Span span);
static void push(ParseCtx *ctx, NodeList *l, Node *n);
}

%define api.pure full
%define parse.error custom
%locations
%define api.location.type {Span}
%param {void *scanner}
%parse-param {ParseCtx *ctx}
%expect 0

%union {
	Node *node;
	const char *name;
	int flag;
	HeredocTok hd;
	NodeList list;
}

%token END 0 "end of file"
%token START_FILE START_EXPR
%token <name> IDENT "identifier"
%token PATH "dotted name"
%token <flag> STRING "string"
%token <hd> HEREDOC "heredoc"
%token NUMBER "number"
%token CIDR "CIDR block"
%token KW_MODULE "module" KW_IMPORT "import" KW_PARAM "param" KW_FIELD "field"
%token KW_OUTPUT "output" KW_LET "let" KW_FOR "for" KW_IN "in" KW_IF "if"
%token KW_ELSE "else" KW_ALLOW "allow" KW_TRUE "true" KW_FALSE "false" KW_NULL "null"
%token EQ "==" NE "!=" LE "<=" GE ">=" AND "&&" OR "||" DOTDOT ".."
%token LBRACE "{" RBRACE "}" LBRACK "[" RBRACK "]" LPAREN "(" RPAREN ")"
%token COMMA "," COLON ":" QUESTION "?" DOT "." ASSIGN "=" LT "<" GT ">" NOT "!"
%token PLUS "+" MINUS "-" STAR "*" SLASH "/" PERCENT "%"

%type <node> item block_item if_item decl expr postfix primary string map_entry map_key label
%type <list> items labels else_part args arg_list list_items map_items
%type <flag> decl_kw

%right "?" ":"
%left OR
%left AND
%nonassoc EQ NE
%nonassoc "<" ">" LE GE
%nonassoc DOTDOT
%left "+" "-"
%left "*" "/" "%"
%precedence "!" UNARY

%%

start:
	START_FILE items
		{ ctx->root = item(ctx, N_FILE, @2); ctx->root->list = $2; }
	| START_EXPR expr "}"
		{ ctx->expr = $2; ctx->expr_end = @3.end; }
	;

items:
	%empty          { $$ = (NodeList){0}; }
	| items item    { $$ = $1; push(ctx, &$$, $2); }
	| items error   { $$ = $1; }
	;

item:
	KW_MODULE IDENT
		{ $$ = item(ctx, N_MODULE, @$); $$->name = $2; $$->name_span = @2; }
	| KW_IMPORT string
		{ $$ = item(ctx, N_IMPORT, @$); $$->a = $2; }
	| KW_IMPORT string "{" items "}"
		{ $$ = item(ctx, N_IMPORT, @$); $$->a = $2; $$->body = $4; }
	| decl
	| KW_LET IDENT "=" expr
		{ $$ = item(ctx, N_LET, @$); $$->name = $2; $$->name_span = @2; $$->b = $4; }
	| KW_LET IDENT ":" expr "=" expr
		{ $$ = item(ctx, N_LET, @$); $$->name = $2; $$->name_span = @2; $$->a = $4; $$->b = $6; }
	| IDENT "=" expr
		{ $$ = item(ctx, N_ATTR, @$); $$->name = $1; $$->name_span = @1; $$->a = $3; }
	| block_item
	| KW_FOR IDENT KW_IN expr "{" items "}"
		{ $$ = item(ctx, N_FOR, @$); $$->name = $2; $$->name_span = @2; $$->a = $4; $$->body = $6; }
	| KW_FOR IDENT "," IDENT KW_IN expr "{" items "}"
		{ $$ = item(ctx, N_FOR, @$); $$->name = $2; $$->name_span = @2; $$->name2 = $4;
		  $$->a = $6; $$->body = $8; }
	| if_item
	| KW_ALLOW IDENT string
		{ $$ = item(ctx, N_ALLOW, @$); $$->name = $2; $$->name_span = @2; $$->a = $3; }
	| KW_ALLOW "{" items "}"
		{ $$ = item(ctx, N_BLOCK, @$); $$->name = intern_cstr(ctx->names, "allow");
		  $$->name_span = @1; $$->body = $3; }
	| KW_ALLOW IDENT "{" items "}"
		{ $$ = item(ctx, N_BLOCK, @$); $$->name = intern_cstr(ctx->names, "allow");
		  $$->name_span = @1; $$->body = $4;
		  Node *l = node_new(ctx, N_NAME, @2); l->name = $2; push(ctx, &$$->list, l); }
	;

block_item:
	IDENT labels "{" items "}"
		{ $$ = item(ctx, N_BLOCK, @$); $$->name = $1; $$->name_span = @1; $$->list = $2;
		  $$->body = $4; }
	;

labels:
	%empty          { $$ = (NodeList){0}; }
	| labels label  { $$ = $1; push(ctx, &$$, $2); }
	;

label:
	IDENT   { $$ = node_new(ctx, N_NAME, @1); $$->name = $1; }
	| NUMBER { $$ = text_node(ctx, @1); $$ = node_number(ctx, $$->str, $$->str_len, @1); }
	| string
	;

if_item:
	KW_IF expr "{" items "}" else_part
		{ $$ = item(ctx, N_IF, @$); $$->a = $2; $$->body = $4; $$->else_body = $6; }
	;

else_part:
	%empty                      { $$ = (NodeList){0}; }
	| KW_ELSE "{" items "}"     { $$ = $3; }
	| KW_ELSE if_item           { $$ = (NodeList){0}; push(ctx, &$$, $2); }
	;

decl_kw:
	KW_PARAM    { $$ = DECL_PARAM; }
	| KW_FIELD  { $$ = DECL_FIELD; }
	| KW_OUTPUT { $$ = DECL_OUTPUT; }
	;

decl:
	decl_kw IDENT ":" expr
		{ $$ = item(ctx, N_DECL, @$); $$->op = $1; $$->name = $2; $$->name_span = @2; $$->a = $4; }
	| decl_kw IDENT ":" expr "=" expr
		{ $$ = item(ctx, N_DECL, @$); $$->op = $1; $$->name = $2; $$->name_span = @2; $$->a = $4;
		  $$->b = $6; }
	| decl_kw IDENT ":" expr string
		{ $$ = item(ctx, N_DECL, @$); $$->op = $1; $$->name = $2; $$->name_span = @2; $$->a = $4;
		  $$->c = $5; }
	| decl_kw IDENT ":" expr "=" expr string
		{ $$ = item(ctx, N_DECL, @$); $$->op = $1; $$->name = $2; $$->name_span = @2; $$->a = $4;
		  $$->b = $6; $$->c = $7; }
	;

expr:
	postfix
	| expr "?" expr ":" expr
		{ $$ = node_new(ctx, N_COND, @$); $$->a = $1; $$->b = $3; $$->c = $5;
		  $$->depth = 1 + ($1->depth > $3->depth ? ($1->depth > $5->depth ? $1->depth : $5->depth)
							 : ($3->depth > $5->depth ? $3->depth : $5->depth)); }
	| expr OR expr    { $$ = node_binary(ctx, OP_OR, $1, $3, @$); }
	| expr AND expr   { $$ = node_binary(ctx, OP_AND, $1, $3, @$); }
	| expr EQ expr    { $$ = node_binary(ctx, OP_EQ, $1, $3, @$); }
	| expr NE expr    { $$ = node_binary(ctx, OP_NE, $1, $3, @$); }
	| expr "<" expr   { $$ = node_binary(ctx, OP_LT, $1, $3, @$); }
	| expr LE expr    { $$ = node_binary(ctx, OP_LE, $1, $3, @$); }
	| expr ">" expr   { $$ = node_binary(ctx, OP_GT, $1, $3, @$); }
	| expr GE expr    { $$ = node_binary(ctx, OP_GE, $1, $3, @$); }
	| expr "+" expr   { $$ = node_binary(ctx, OP_ADD, $1, $3, @$); }
	| expr "-" expr   { $$ = node_binary(ctx, OP_SUB, $1, $3, @$); }
	| expr "*" expr   { $$ = node_binary(ctx, OP_MUL, $1, $3, @$); }
	| expr "/" expr   { $$ = node_binary(ctx, OP_DIV, $1, $3, @$); }
	| expr "%" expr   { $$ = node_binary(ctx, OP_MOD, $1, $3, @$); }
	| expr DOTDOT expr
		{ $$ = node_binary(ctx, 0, $1, $3, @$); $$->kind = N_RANGE; }
	| "!" expr        { $$ = node_unary(ctx, OP_NOT, $2, @$); }
	| "-" expr %prec UNARY { $$ = node_unary(ctx, OP_NEG, $2, @$); }
	;

postfix:
	primary
	| postfix "." IDENT
		{ $$ = node_new(ctx, N_MEMBER, @$); $$->a = $1; $$->name = $3; $$->name_span = @3;
		  $$->depth = $1->depth + 1; }
	| postfix "[" expr "]"
		{ $$ = node_binary(ctx, 0, $1, $3, @$); $$->kind = N_INDEX; }
	;

primary:
	KW_NULL     { $$ = node_new(ctx, N_NULL, @1); }
	| KW_TRUE   { $$ = node_new(ctx, N_BOOL, @1); $$->op = 1; }
	| KW_FALSE  { $$ = node_new(ctx, N_BOOL, @1); }
	| NUMBER    { $$ = text_node(ctx, @1); $$ = node_number(ctx, $$->str, $$->str_len, @1); }
	| CIDR      { $$ = text_node(ctx, @1); $$ = node_cidr(ctx, $$->str, $$->str_len, @1); }
	| string
	| HEREDOC   { $$ = node_heredoc(ctx, @1, $1); }
	| IDENT     { $$ = node_new(ctx, N_PATH, @1);
		      Node *seg = node_new(ctx, N_NAME, @1); seg->name = $1;
		      push(ctx, &$$->list, seg); }
	| PATH      { $$ = text_node(ctx, @1); $$ = node_path(ctx, $$->str, $$->str_len, @1); }
	| IDENT "(" args ")"
		{ $$ = node_new(ctx, N_CALL, @$); $$->name = $1; $$->name_span = @1; $$->list = $3;
		  for (uint32_t i = 0; i < $3.len; i++)
			if ($3.items[i]->depth + 1 > $$->depth)
				$$->depth = $3.items[i]->depth + 1; }
	| "(" expr ")"
		{ $$ = $2; }
	| "(" error ")"
		{ $$ = node_new(ctx, N_ERROR, @$); }
	| "[" list_items "]"
		{ $$ = node_new(ctx, N_LIST, @$); $$->list = $2; }
	| "[" list_items "," "]"
		{ $$ = node_new(ctx, N_LIST, @$); $$->list = $2; }
	| "[" "]"
		{ $$ = node_new(ctx, N_LIST, @$); }
	| "[" error "]"
		{ $$ = node_new(ctx, N_ERROR, @$); }
	| "[" KW_FOR IDENT KW_IN expr ":" expr "]"
		{ $$ = node_new(ctx, N_COMPREHENSION, @$); $$->name = $3; $$->name_span = @3;
		  $$->a = $5; $$->b = $7; }
	| "[" KW_FOR IDENT "," IDENT KW_IN expr ":" expr "]"
		{ $$ = node_new(ctx, N_COMPREHENSION, @$); $$->name = $3; $$->name_span = @3;
		  $$->name2 = $5; $$->a = $7; $$->b = $9; }
	| "[" KW_FOR IDENT KW_IN expr ":" expr KW_IF expr "]"
		{ $$ = node_new(ctx, N_COMPREHENSION, @$); $$->name = $3; $$->name_span = @3;
		  $$->a = $5; $$->b = $7; $$->c = $9; }
	| "[" KW_FOR IDENT "," IDENT KW_IN expr ":" expr KW_IF expr "]"
		{ $$ = node_new(ctx, N_COMPREHENSION, @$); $$->name = $3; $$->name_span = @3;
		  $$->name2 = $5; $$->a = $7; $$->b = $9; $$->c = $11; }
	| "{" map_items "}"
		{ $$ = node_new(ctx, N_MAP, @$); $$->list = $2; }
	| "{" error "}"
		{ $$ = node_new(ctx, N_ERROR, @$); }
	;

args:
	%empty          { $$ = (NodeList){0}; }
	| arg_list
	| arg_list ","
	;

arg_list:
	expr                { $$ = (NodeList){0}; push(ctx, &$$, $1); }
	| arg_list "," expr { $$ = $1; push(ctx, &$$, $3); }
	;

list_items:
	expr                    { $$ = (NodeList){0}; push(ctx, &$$, $1); }
	| list_items "," expr   { $$ = $1; push(ctx, &$$, $3); }
	;

map_items:
	%empty                  { $$ = (NodeList){0}; }
	| map_items map_entry   { $$ = $1; push(ctx, &$$, $2); }
	| map_items ","         { $$ = $1; }
	;

map_entry:
	map_key "=" expr
		{ $$ = node_new(ctx, N_ENTRY, @$); $$->a = $1; $$->b = $3; }
	;

map_key:
	IDENT   { $$ = node_new(ctx, N_NAME, @1); $$->name = $1; }
	| string
	;

string:
	STRING  { $$ = node_template(ctx, @1, $1); }
	;

%%

static Node *item(ParseCtx *ctx, NodeKind kind, Span span)
{
	return node_new(ctx, kind, span);
}

static void push(ParseCtx *ctx, NodeList *l, Node *n)
{
	if (n)
		nodes_push(ctx->arena, l, n);
}

/* A throwaway node that carries the token's text. */
static Node *text_node(ParseCtx *ctx, Span span)
{
	static Node scratch;
	scratch.str = ctx->file->text + span.start;
	scratch.str_len = span.end - span.start;
	return &scratch;
}

static void yyerror(YYLTYPE *loc, void *scanner, ParseCtx *ctx, const char *msg)
{
	(void)scanner;
	if (ctx->stop)
		return;
	/* Bison calls yyerror directly only when its stack is exhausted. */
	if (strstr(msg, "exhausted")) {
		diag_add(ctx->diags, SYN_TOO_DEEP, *loc, "expression nested too deeply");
		ctx->stop = true;
		return;
	}
	diag_add(ctx->diags, SYN_UNEXPECTED, *loc, "%s", msg);
}

/* How a token is named in messages. */
static const char *token_words(yysymbol_kind_t sym)
{
	switch (sym) {
	case YYSYMBOL_YYEOF: return "end of file";
	case YYSYMBOL_IDENT: return "an identifier";
	case YYSYMBOL_PATH: return "a dotted name";
	case YYSYMBOL_STRING: return "a string";
	case YYSYMBOL_HEREDOC: return "a heredoc";
	case YYSYMBOL_NUMBER: return "a number";
	case YYSYMBOL_CIDR: return "a CIDR block";
	default: break;
	}
	return NULL;
}

static void token_name(Buf *b, yysymbol_kind_t sym)
{
	const char *w = token_words(sym);
	if (w) {
		buf_puts(b, w);
		return;
	}
	const char *n = yysymbol_name(sym);
	size_t len = strlen(n);
	/* Bison quotes aliases ("module") and characters ('{'). */
	if (len >= 2 && (n[0] == '"' || n[0] == '\''))
		n++, len -= 2;
	buf_printf(b, "`%.*s`", (int)len, n);
}

/* The text of the offending token, for "found identifier `foo`". */
static void found_name(Buf *b, ParseCtx *ctx, yysymbol_kind_t sym, Span at)
{
	const char *text = ctx->file->text + at.start;
	size_t len = at.end - at.start;
	switch (sym) {
	case YYSYMBOL_IDENT:
	case YYSYMBOL_PATH:
	case YYSYMBOL_NUMBER:
	case YYSYMBOL_CIDR:
		buf_printf(b, "%s `%.*s`", token_words(sym), len > 40 ? 40 : (int)len, text);
		return;
	default:
		token_name(b, sym);
	}
}

static bool has(const yysymbol_kind_t *set, int n, yysymbol_kind_t sym)
{
	for (int i = 0; i < n; i++)
		if (set[i] == sym)
			return true;
	return false;
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner, ParseCtx *ctx)
{
	if (ctx->stop)
		return 0;
	LexState *ls = yyget_extra(scanner);
	yysymbol_kind_t found = yypcontext_token(yyctx);
	Span at = *yypcontext_location(yyctx);
	yysymbol_kind_t exp[YYNTOKENS];
	int n = yypcontext_expected_tokens(yyctx, exp, YYNTOKENS);
	if (n < 0)
		n = 0;
	Buf msg = {0};
	Diag *g;

	/* An interpolation that runs out: the string ends first. */
	if (found == YYSYMBOL_YYEOF && ctx->in_interp) {
		Span s = {at.file, at.start, at.start};
		diag_add(ctx->diags, SYN_UNTERMINATED_INTERP, s, "expected `}` to close the interpolation");
		return 0;
	}

	/* A bracket still open at the end of the file, or closed by the
	 * wrong kind of bracket. */
	bool closer = found == YYSYMBOL_YYEOF || found == YYSYMBOL_RBRACE || found == YYSYMBOL_RBRACK ||
		      found == YYSYMBOL_RPAREN;
	if (closer && ls->nopen > 0) {
		LexOpen *o = &ls->open[ls->nopen - 1];
		char want = o->c == '{' ? '}' : o->c == '[' ? ']' : ')';
		yysymbol_kind_t want_sym = want == '}' ? YYSYMBOL_RBRACE : want == ']' ? YYSYMBOL_RBRACK : YYSYMBOL_RPAREN;
		if (has(exp, n, want_sym) || found == YYSYMBOL_YYEOF) {
			SrcPos p = src_pos(ctx->file, o->head);
			buf_printf(&msg, "expected `%c` to close %s opened at %u:%u, found ", want, o->desc,
				   p.line, p.col);
			found_name(&msg, ctx, found, at);
			if (found == YYSYMBOL_YYEOF) {
				/* Just past the last character that is not white space. */
				uint32_t e = ctx->file->len;
				while (e > 0 && strchr(" \t\r\n\f\v", ctx->file->text[e - 1]))
					e--;
				at.start = at.end = e;
			}
			g = diag_add(ctx->diags, SYN_UNCLOSED, at, "%s", buf_cstr(&msg));
			diag_note(ctx->diags, g, o->span, "%s opened here", o->desc);
			if (ls->misfit.desc) {
				diag_note(ctx->diags, g, ls->misfit.closer,
					  "this `}` closes %s, but it is indented like an enclosing block",
					  ls->misfit.desc);
				diag_help(ctx->diags, g, "a `}` is probably missing before this line");
			}
			buf_free(&msg);
			return 0;
		}
	}

	buf_puts(&msg, "expected ");
	bool expr_start = has(exp, n, YYSYMBOL_NUMBER) && has(exp, n, YYSYMBOL_STRING) &&
			  has(exp, n, YYSYMBOL_LPAREN);
	bool item_start = has(exp, n, YYSYMBOL_KW_LET) && has(exp, n, YYSYMBOL_IDENT);
	if (item_start && has(exp, n, YYSYMBOL_RBRACE))
		buf_puts(&msg, "an attribute, a block or `}`");
	else if (item_start)
		buf_puts(&msg, "an attribute or a block");
	else if (expr_start)
		buf_puts(&msg, "an expression");
	else if (n > 0 && n <= 5) {
		for (int i = 0; i < n; i++) {
			if (i > 0)
				buf_puts(&msg, i == n - 1 ? " or " : ", ");
			token_name(&msg, exp[i]);
		}
	} else {
		buf_puts(&msg, "something else");
	}
	buf_puts(&msg, ", found ");
	found_name(&msg, ctx, found, at);
	g = diag_add(ctx->diags, SYN_UNEXPECTED, at, "%s", buf_cstr(&msg));
	buf_free(&msg);

	if (found == YYSYMBOL_COLON && has(exp, n, YYSYMBOL_ASSIGN))
		diag_help(ctx->diags, g, "attributes are written `name = value`");
	else if (found == YYSYMBOL_ASSIGN && has(exp, n, YYSYMBOL_LBRACE))
		diag_help(ctx->diags, g, "a block is written `kind label { ... }`; an attribute `name = value`");
	else if ((found == YYSYMBOL_STRING || found == YYSYMBOL_NUMBER || found == YYSYMBOL_CIDR ||
		  found == YYSYMBOL_IDENT) && has(exp, n, YYSYMBOL_ASSIGN))
		diag_help(ctx->diags, g, "an attribute needs `=` between its name and its value");
	else if (found == YYSYMBOL_COMMA && item_start)
		diag_help(ctx->diags, g, "attributes in a block need no separator; remove the `,`");
	else if (has(exp, n, YYSYMBOL_COMMA) && has(exp, n, YYSYMBOL_RBRACK) && !closer)
		diag_help(ctx->diags, g, "list elements are separated by `,`");
	else if (found == YYSYMBOL_RBRACE && expr_start)
		diag_help(ctx->diags, g, "a value is missing before the `}`");
	if (diags_full(ctx->diags))
		ctx->stop = true;
	return 0;
}

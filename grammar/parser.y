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
 * Error recovery: an `error` alternative in every list of items, and in
 * brackets that hold expressions, resumes parsing after a syntax error;
 * the scanner helps by dropping the rest of the broken line (see
 * LexState.sync), and a completed item ends the recovery, so one run
 * reports every independent error and no echoes of the first.
 *
 * Messages are written by yyreport_syntax_error.  It works out what the
 * parser was in the middle of from the symbols on bison's state stack
 * (an attribute's value, a block header, the condition of an `if`, a
 * list, ...) and says in words what was expected there and what was
 * found.  A construct left incomplete at the end of a line is reported
 * at the end of that line, not at the next line's first token.  LAC
 * (lookahead correction) keeps the expected tokens exact.
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
%define parse.lac full
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

%type <node> item block_item if_item decl decl_tail expr postfix primary string map_entry map_key label
%type <list> items labels else_part args arg_list list_items map_items
%type <flag> decl_kw
%type <name> decl_name

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
	| items item_start item
		{ $$ = $1; push(ctx, &$$, $3); yyerrok; }
	| items error
		{ $$ = $1; if (@$.end < @1.end) @$.end = @1.end; }
	;

/* An item starts here.  If it starts where the scanner resumed after a
 * syntax error, recovery is over: a mistake in this very item is a new
 * error and is reported, even within bison's three-token grace. */
item_start:
	%empty
		{ if (yylloc.start >= yyget_extra(scanner)->resume_at) yyerrok; }
	;

item:
	KW_MODULE IDENT
		{ $$ = item(ctx, N_MODULE, @$); $$->name = $2; $$->name_span = @2; }
	| KW_IMPORT string
		{ $$ = item(ctx, N_IMPORT, @$); $$->a = $2; }
	| KW_IMPORT string "{" items "}"
		{ $$ = item(ctx, N_IMPORT, @$); $$->a = $2; $$->body = $4; }
	/* A Terraform import block: `import { to = ..., id = "..." }`. */
	| KW_IMPORT "{" items "}"
		{ $$ = item(ctx, N_BLOCK, @$); $$->name = intern_cstr(ctx->names, "import"); $$->name_span = @1;
		  $$->body = $3; }
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
	/* A Terraform output of the user's: `output db_address { value = ... }`. */
	| KW_OUTPUT IDENT "{" items "}"
		{ $$ = item(ctx, N_BLOCK, @$); $$->name = intern_cstr(ctx->names, "output"); $$->name_span = @1;
		  Node *l = node_new(ctx, N_NAME, @2); l->name = $2; push(ctx, &$$->list, l); $$->body = $4; }
	;

labels:
	%empty          { $$ = (NodeList){0}; ctx->head = @0; }
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
	;

/* `output` is not reduced to a decl_kw before the name: after
 * `output NAME`, a `:` makes a declaration and a `{` a block. */
decl:
	decl_kw decl_name decl_tail
		{ $$ = $3; $$->span = @$; $$->op = $1; $$->name = $2; $$->name_span = @2; }
	| KW_OUTPUT decl_name decl_tail
		{ $$ = $3; $$->span = @$; $$->op = DECL_OUTPUT; $$->name = $2; $$->name_span = @2; }
	;

decl_tail:
	":" expr
		{ $$ = item(ctx, N_DECL, @$); $$->a = $2; }
	| ":" expr "=" expr
		{ $$ = item(ctx, N_DECL, @$); $$->a = $2; $$->b = $4; }
	| ":" expr string
		{ $$ = item(ctx, N_DECL, @$); $$->a = $2; $$->c = $3; }
	| ":" expr "=" expr string
		{ $$ = item(ctx, N_DECL, @$); $$->a = $2; $$->b = $4; $$->c = $5; }
	;

decl_name:
	IDENT
	| KW_ALLOW  { $$ = intern_cstr(ctx->names, "allow"); }
	;

expr:
	postfix
	| expr "?" expr ":" expr
		{ $$ = node_cond(ctx, $1, $3, $5, @$); }
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
		{ $$ = node_member(ctx, $1, $3, @3, @$); }
	| postfix "[" expr "]"
		{ $$ = node_binary(ctx, 0, $1, $3, @$); $$->kind = N_INDEX; }
	| postfix "[" error "]"
		{ $$ = node_new(ctx, N_ERROR, @$); }
	;

primary:
	KW_NULL     { $$ = node_new(ctx, N_NULL, @1); }
	| KW_TRUE   { $$ = node_new(ctx, N_BOOL, @1); $$->op = 1; }
	| KW_FALSE  { $$ = node_new(ctx, N_BOOL, @1); }
	| NUMBER    { $$ = text_node(ctx, @1); $$ = node_number(ctx, $$->str, $$->str_len, @1); }
	| CIDR      { $$ = text_node(ctx, @1); $$ = node_cidr(ctx, $$->str, $$->str_len, @1); }
	| string
	| HEREDOC   { $$ = node_heredoc(ctx, @1, $1); }
	| KW_ALLOW  { $$ = node_new(ctx, N_PATH, @1);
		      Node *seg = node_new(ctx, N_NAME, @1); seg->name = intern_cstr(ctx->names, "allow");
		      push(ctx, &$$->list, seg); }
	| IDENT     { $$ = node_new(ctx, N_PATH, @1);
		      Node *seg = node_new(ctx, N_NAME, @1); seg->name = $1;
		      push(ctx, &$$->list, seg); }
	| PATH      { $$ = text_node(ctx, @1); $$ = node_path(ctx, $$->str, $$->str_len, @1); }
	| IDENT "(" args ")"
		{ $$ = node_new(ctx, N_CALL, @$); $$->name = $1; $$->name_span = @1; $$->list = $3;
		  for (uint32_t i = 0; i < $3.len; i++)
			if ($3.items[i]->depth + 1 > $$->depth)
				$$->depth = $3.items[i]->depth + 1; }
	| IDENT "(" error ")"
		{ $$ = node_new(ctx, N_ERROR, @$); }
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
		nodes_push(ctx->tree, l, n);
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

/* ---- syntax error messages ---- */

enum { STACK_SEEN = 48 };

/* Where the parser stood when it met a token it could not use. */
typedef struct Report {
	ParseCtx *ctx;
	LexState *ls;
	yysymbol_kind_t found;
	Span tok;                 /* the token found */
	Span at;                  /* where the message points */
	yysymbol_kind_t exp[YYNTOKENS];
	int nexp;
	yysymbol_kind_t stack[STACK_SEEN]; /* accessing symbols of the states, top first */
	int nstack;
	const LexTok *prev;       /* the token before the one found, or NULL */
	bool next_item;           /* the token found starts a later line and an item */
	bool eol;                 /* report "found end of line" at the end of prev */
	bool quiet;               /* a consequence of a lexical error: recover, say nothing */
	bool closed;              /* the scanner will close the open brackets */
	uint32_t replayed;        /* the scanner hands back the tokens from here on */
	bool phantom;             /* skip what follows as the body of a block missing its `{` */
	Buf msg;
} Report;

static yysymbol_kind_t sym_at(const Report *r, int i)
{
	return i < r->nstack ? r->stack[i] : YYSYMBOL_YYEMPTY;
}

static bool expects(const Report *r, yysymbol_kind_t sym)
{
	for (int i = 0; i < r->nexp; i++)
		if (r->exp[i] == sym)
			return true;
	return false;
}

/* The k-th token before the latest one the scanner returned (k = 0 is
 * the token the parser could not use). */
static const LexTok *recent_tok(const LexState *ls, int k)
{
	if (k >= ls->nrecent || k >= LEX_RECENT)
		return NULL;
	return &ls->recent[(ls->nrecent - 1 - k) % LEX_RECENT];
}

static yysymbol_kind_t tok_sym(const LexTok *t)
{
	return t ? YYTRANSLATE(t->tok) : YYSYMBOL_YYEMPTY;
}

static bool is_keyword(yysymbol_kind_t s)
{
	return s >= YYSYMBOL_KW_MODULE && s <= YYSYMBOL_KW_NULL;
}

static bool is_binop(yysymbol_kind_t s)
{
	switch (s) {
	case YYSYMBOL_OR: case YYSYMBOL_AND: case YYSYMBOL_EQ: case YYSYMBOL_NE: case YYSYMBOL_LT:
	case YYSYMBOL_LE: case YYSYMBOL_GT: case YYSYMBOL_GE: case YYSYMBOL_DOTDOT: case YYSYMBOL_PLUS:
	case YYSYMBOL_MINUS: case YYSYMBOL_STAR: case YYSYMBOL_SLASH: case YYSYMBOL_PERCENT:
		return true;
	default:
		return false;
	}
}

/* Symbols that are part of an expression under construction. */
static bool is_expr_part(yysymbol_kind_t s)
{
	switch (s) {
	case YYSYMBOL_expr: case YYSYMBOL_postfix: case YYSYMBOL_primary: case YYSYMBOL_string:
	case YYSYMBOL_STRING: case YYSYMBOL_NUMBER: case YYSYMBOL_CIDR: case YYSYMBOL_HEREDOC:
	case YYSYMBOL_PATH: case YYSYMBOL_IDENT: case YYSYMBOL_KW_TRUE: case YYSYMBOL_KW_FALSE:
	case YYSYMBOL_KW_NULL: case YYSYMBOL_NOT: case YYSYMBOL_DOT:
		return true;
	default:
		return is_binop(s);
	}
}

/* Tokens that can begin a value. */
static bool is_value_start(yysymbol_kind_t s)
{
	switch (s) {
	case YYSYMBOL_STRING: case YYSYMBOL_NUMBER: case YYSYMBOL_CIDR: case YYSYMBOL_HEREDOC:
	case YYSYMBOL_PATH: case YYSYMBOL_IDENT: case YYSYMBOL_KW_TRUE: case YYSYMBOL_KW_FALSE:
	case YYSYMBOL_KW_NULL: case YYSYMBOL_LBRACK: case YYSYMBOL_LPAREN: case YYSYMBOL_NOT:
		return true;
	default:
		return false;
	}
}

static bool is_closer(yysymbol_kind_t s)
{
	return s == YYSYMBOL_RBRACE || s == YYSYMBOL_RBRACK || s == YYSYMBOL_RPAREN;
}

static bool is_opener(yysymbol_kind_t s)
{
	return s == YYSYMBOL_LBRACE || s == YYSYMBOL_LBRACK || s == YYSYMBOL_LPAREN;
}

/* A token's name without bison's quotes: `in`, `+`. */
static const char *kw_text(yysymbol_kind_t s)
{
	static char bufs[4][16];
	static int next;
	const char *n = yysymbol_name(s);
	size_t len = strlen(n);
	if (len >= 2 && n[0] == '"' && len - 2 < sizeof bufs[0]) {
		char *b = bufs[next++ % 4];
		memcpy(b, n + 1, len - 2);
		b[len - 2] = 0;
		return b;
	}
	return n;
}

/* How each item keyword is used, for `help:` lines. */
static const char *kw_usage(yysymbol_kind_t s)
{
	return keyword_usage(kw_text(s));
}

/* The source text of a span, clipped for a message. */
static void put_text(Buf *b, const ParseCtx *ctx, Span s, size_t max)
{
	text_put_clean(b, ctx->file->text + s.start, s.end - s.start, max);
}

static const char *span_text(const ParseCtx *ctx, Span s, size_t max)
{
	Buf b = {0};
	put_text(&b, ctx, s, max);
	const char *r = arena_strndup(ctx->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return r;
}

/* "an identifier `x`", "the keyword `in`", "`=`", "end of file". */
static void put_found(Report *r)
{
	Buf *b = &r->msg;
	const ParseCtx *ctx = r->ctx;
	Span s = r->tok;
	if (r->eol) {
		buf_puts(b, "end of line");
		return;
	}
	switch (r->found) {
	case YYSYMBOL_YYEOF: buf_puts(b, "end of file"); return;
	case YYSYMBOL_IDENT: buf_puts(b, "an identifier `"); break;
	case YYSYMBOL_PATH: buf_puts(b, "a dotted name `"); break;
	case YYSYMBOL_NUMBER: buf_puts(b, "a number `"); break;
	case YYSYMBOL_CIDR: buf_puts(b, "a CIDR block `"); break;
	case YYSYMBOL_HEREDOC: buf_puts(b, "a heredoc"); return;
	case YYSYMBOL_STRING: {
		size_t len = s.end - s.start;
		const char *t = ctx->file->text + s.start;
		if (len <= 32 && len >= 2 && t[len - 1] == '"' && !memchr(t, '\n', len)) {
			buf_puts(b, "a string ");
			text_put_clean(b, t, len, len);
		} else {
			buf_puts(b, "a string");
		}
		return;
	}
	default:
		if (is_keyword(r->found))
			buf_printf(b, "the keyword `%s`", kw_text(r->found));
		else
			buf_printf(b, "`%s`", kw_text(r->found));
		return;
	}
	put_text(b, ctx, s, 40);
	buf_putc(b, '`');
}

static bool line_ends_in_brace(const ParseCtx *ctx, uint32_t off);

/* Whether the text at offset reads as the start of an item: an item
 * keyword, or a name followed by `=` or by a header ending in `{`. */
static bool starts_item(const ParseCtx *ctx, yysymbol_kind_t sym, Span s)
{
	switch (sym) {
	case YYSYMBOL_KW_MODULE: case YYSYMBOL_KW_IMPORT: case YYSYMBOL_KW_PARAM: case YYSYMBOL_KW_FIELD:
	case YYSYMBOL_KW_OUTPUT: case YYSYMBOL_KW_LET: case YYSYMBOL_KW_FOR: case YYSYMBOL_KW_IF:
	case YYSYMBOL_KW_ALLOW:
		return true;
	case YYSYMBOL_IDENT:
		break;
	default:
		return false;
	}
	const char *t = ctx->file->text;
	uint32_t i = s.end, n = ctx->file->len;
	while (i < n && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i < n && t[i] == '=' && (i + 1 >= n || t[i + 1] != '='))
		return true;
	/* Labels (names, numbers, strings) and then `{`, on this line. */
	for (;;) {
		while (i < n && (t[i] == ' ' || t[i] == '\t'))
			i++;
		if (i >= n)
			return false;
		char c = t[i];
		if (c == '{')
			return true;
		if (c == '"') {
			for (i++; i < n && t[i] != '"' && t[i] != '\n'; i++)
				if (t[i] == '\\')
					i++;
			if (i >= n || t[i] != '"')
				return false;
			i++;
		} else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9')) {
			while (i < n && ((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z') ||
					 (t[i] >= '0' && t[i] <= '9') || t[i] == '_' || t[i] == '-' || t[i] == '%'))
				i++;
		} else {
			return false;
		}
	}
}

/* Whether the line holding off ends, after off and before any comment,
 * with `{`. */
static bool line_ends_in_brace(const ParseCtx *ctx, uint32_t off)
{
	const char *t = ctx->file->text;
	uint32_t n = ctx->file->len;
	char last = 0;
	bool in_str = false;
	for (uint32_t i = off; i < n && t[i] != '\n' && t[i] != '\r'; i++) {
		char c = t[i];
		if (c == '"')
			in_str = !in_str;
		if (!in_str && (c == '#' || (c == '/' && i + 1 < n && t[i + 1] == '/')))
			break;
		if (c != ' ' && c != '\t')
			last = c;
	}
	return last == '{';
}

/* Columns of white space that start the line holding off. */
static uint32_t line_indent(const ParseCtx *ctx, uint32_t off)
{
	const char *t = ctx->file->text;
	uint32_t i = off;
	while (i > 0 && t[i - 1] != '\n' && t[i - 1] != '\r')
		i--;
	uint32_t w = 0;
	while (t[i + w] == ' ' || t[i + w] == '\t')
		w++;
	return w;
}

static uint32_t line_of(const ParseCtx *ctx, uint32_t off)
{
	return src_pos(ctx->file, off).line;
}

static Diag *emit(Report *r, DiagCode code)
{
	if (r->quiet)
		return NULL;
	Diag *g = diag_add(r->ctx->diags, code, r->at, "%s", buf_cstr(&r->msg));
	return g;
}

static void help(Report *r, Diag *g, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void help(Report *r, Diag *g, const char *fmt, ...)
{
	if (!g)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *text = arena_vprintf(r->ctx->arena, fmt, ap);
	va_end(ap);
	diag_help(r->ctx->diags, g, "%s", text);
}

/* Switches to "found end of line": the construct on the previous line
 * is what is incomplete, and its end is where something is missing. */
static void at_line_end(Report *r)
{
	if (!r->prev)
		return;
	r->eol = true;
	r->at = (Span){r->tok.file, r->prev->span.end, r->prev->span.end};
}

/* "expected `]` to close the list opened at 3:9, found ..." with a note
 * at the opening bracket. */
static Diag *report_unclosed(Report *r, const LexOpen *o)
{
	ParseCtx *ctx = r->ctx;
	LexState *ls = r->ls;
	char want = o->c == '{' ? '}' : o->c == '[' ? ']' : ')';
	SrcPos p = src_pos(ctx->file, o->head);
	const char *desc = lex_desc(ls, o);
	buf_printf(&r->msg, "expected `%c` to close %s opened at %u:%u, found ", want, desc, p.line, p.col);
	put_found(r);
	Diag *g = emit(r, SYN_UNCLOSED);
	diag_note(ctx->diags, g, o->span, "%s opened here", desc);
	if (r->found == YYSYMBOL_YYEOF && ls->misfit.desc) {
		diag_note(ctx->diags, g, ls->misfit.closer,
			  "this `}` closes %s, but it is indented like an enclosing block", ls->misfit.desc);
		help(r, g, "a `}` is probably missing before this line");
	} else if (r->next_item && r->prev) {
		help(r, g, "a `%c` is probably missing at the end of line %u", want,
		     line_of(ctx, r->prev->span.end));
		/* Parse on as if the brackets were closed there. */
		lexer_close_brackets(ls, r->prev->span.end);
		r->closed = ls->npend > 0;
	}
	return g;
}

/* A closing bracket the lexer could not match with the innermost open
 * one, or that closes nothing at all. */
static Diag *report_stray_closer(Report *r)
{
	LexState *ls = r->ls;
	char c = r->found == YYSYMBOL_RBRACE ? '}' : r->found == YYSYMBOL_RBRACK ? ']' : ')';
	if (ls->nopen > 0) {
		Diag *g = report_unclosed(r, &ls->open[ls->nopen - 1]);
		r->closed = lexer_fix_closer(ls);
		return g;
	}
	const char *what = c == '}' ? "block or map" : c == ']' ? "list" : "parenthesis";
	buf_printf(&r->msg, "`%c` closes no open %s", c, what);
	Diag *g = emit(r, SYN_UNEXPECTED);
	help(r, g, "remove it, or look above for the bracket it was meant to close");
	return g;
}

/* The name of an attribute whose value is being parsed: the nearest
 * `NAME =` before the error, outside brackets. */
static const char *value_owner(Report *r)
{
	int depth = 0;
	for (int k = 1; k < LEX_RECENT; k++) {
		const LexTok *t = recent_tok(r->ls, k);
		if (!t)
			return NULL;
		yysymbol_kind_t s = tok_sym(t);
		if (is_closer(s))
			depth++;
		else if (is_opener(s) && --depth < 0)
			return NULL;
		else if (s == YYSYMBOL_ASSIGN && depth == 0) {
			const LexTok *n = recent_tok(r->ls, k + 1);
			return n && tok_sym(n) == YYSYMBOL_IDENT ? span_text(r->ctx, n->span, 40) : NULL;
		}
	}
	return NULL;
}

/* ---- the contexts ---- */

/* After the name that starts an item: `=` or a block header should
 * follow. */
static Diag *report_after_name(Report *r)
{
	const char *name = r->prev ? span_text(r->ctx, r->prev->span, 40) : "name";
	yysymbol_kind_t f = r->found;
	Diag *g;
	if (f == YYSYMBOL_COLON || f == YYSYMBOL_EQ) {
		buf_printf(&r->msg, "expected `=` after `%s`, found ", name);
		put_found(r);
		g = emit(r, SYN_UNEXPECTED);
		help(r, g, "an attribute is written `%s = value`", name);
		return g;
	}
	if (f == YYSYMBOL_PATH && line_ends_in_brace(r->ctx, r->tok.end)) {
		buf_printf(&r->msg, "expected a label or `{` after `%s`, found ", name);
		put_found(r);
		g = emit(r, SYN_UNEXPECTED);
		help(r, g, "a label is a name, a number or a string; write a dotted name as a string: \"%s\"",
		     span_text(r->ctx, r->tok, 40));
		return g;
	}
	if (is_value_start(f) || f == YYSYMBOL_MINUS) {
		buf_printf(&r->msg, "expected `=` after `%s`, found ", name);
		put_found(r);
		g = emit(r, SYN_UNEXPECTED);
		help(r, g, "an attribute needs `=` between its name and its value: `%s = ...`", name);
		return g;
	}
	if (r->next_item)
		at_line_end(r);
	buf_printf(&r->msg, "expected `=` or `{` after `%s`, found ", name);
	put_found(r);
	g = emit(r, SYN_UNEXPECTED);
	help(r, g, "an attribute is written `%s = value`, a block `%s LABEL { ... }`", name, name);
	return g;
}

/* In a block header, after one or more labels. */
static Diag *report_in_header(Report *r)
{
	ParseCtx *ctx = r->ctx;
	Span kind = ctx->head;
	/* The header's tokens, oldest first, from the ring of recent ones. */
	const LexTok *toks[LEX_RECENT];
	int n = 0;
	for (int k = LEX_RECENT - 1; k >= 1; k--) {
		const LexTok *t = recent_tok(r->ls, k);
		if (t && t->span.start >= kind.start && t->span.start < r->tok.start)
			toks[n++] = t;
	}
	bool whole = n > 0 && toks[0]->span.start == kind.start;
	/* The first header token on a later line than the kind. */
	int broken = -1;
	for (int i = 1; whole && i < n; i++)
		if (toks[i]->nl) {
			broken = i;
			break;
		}
	Diag *g;
	yysymbol_kind_t f = r->found;
	if (broken > 0 || (whole && (r->next_item || f == YYSYMBOL_RBRACE || f == YYSYMBOL_YYEOF))) {
		/* `version "1.31"` (or `cluster eks`) alone on its line, then
		 * something else: the line is neither an attribute nor a
		 * complete block header. */
		int last = broken > 0 ? broken - 1 : n - 1;
		Span head = {kind.file, kind.start, toks[last]->span.end};
		const char *htext = span_text(ctx, head, 40);
		const char *ktext = span_text(ctx, kind, 40);
		const LexTok *la = recent_tok(r->ls, 0);
		if (broken > 0 || r->next_item || (la && la->nl && f == YYSYMBOL_RBRACE)) {
			r->eol = true;
			r->at = (Span){kind.file, head.end, head.end};
		}
		/* The next line indented deeper reads as the block's body: its
		 * `{` is missing.  Otherwise the next line is an item of its
		 * own, taken in by the header. */
		bool body = broken > 0 && line_indent(ctx, toks[broken]->span.start) > line_indent(ctx, kind.start);
		if (body)
			r->phantom = true;
		else if (broken > 0 && lexer_replay(r->ls, toks[broken]->span.start))
			r->replayed = toks[broken]->span.start;
		buf_printf(&r->msg, "expected `=` or `{` after `%s`, found ", htext);
		put_found(r);
		g = emit(r, SYN_UNEXPECTED);
		if (r->phantom) {
			help(r, g, "a `{` is probably missing at the end of line %u", line_of(ctx, head.end));
		} else if (last == 0) {
			help(r, g, "an attribute is written `%s = value`, a block `%s LABEL { ... }`", ktext, ktext);
		} else if (last == 1) {
			const char *ltext = span_text(ctx, toks[1]->span, 40);
			if (tok_sym(toks[1]) == YYSYMBOL_IDENT)
				help(r, g, "write `%s = %s` for an attribute, or `%s %s { ... }` for a block", ktext, ltext,
				     ktext, ltext);
			else
				help(r, g, "an attribute is written `%s = %s`", ktext, ltext);
		} else {
			help(r, g, "a block header ends with `{` on the same line");
		}
		return g;
	}
	const char *htext = whole ? span_text(ctx, (Span){kind.file, kind.start, toks[n - 1]->span.end}, 40) : NULL;
	if (f == YYSYMBOL_PATH) {
		buf_puts(&r->msg, "expected a label or `{`, found ");
		put_found(r);
		g = emit(r, SYN_UNEXPECTED);
		help(r, g, "a label is a name, a number or a string; write a dotted name as a string: \"%s\"",
		     span_text(ctx, r->tok, 40));
		return g;
	}
	if (htext)
		buf_printf(&r->msg, "expected `{` after `%s`, found ", htext);
	else
		buf_puts(&r->msg, "expected a label or `{`, found ");
	put_found(r);
	g = emit(r, SYN_UNEXPECTED);
	if (f == YYSYMBOL_ASSIGN)
		help(r, g, "a block is written `KIND LABEL { ... }`, an attribute `NAME = value`");
	else if (f == YYSYMBOL_CIDR || f == YYSYMBOL_LBRACK || f == YYSYMBOL_HEREDOC)
		help(r, g, "a label is a name, a number or a string");
	return g;
}

/* Right after an item keyword, where a name (or path, or `{`) belongs. */
static Diag *report_after_keyword(Report *r, yysymbol_kind_t kw)
{
	yysymbol_kind_t f = r->found;
	const char *k = kw_text(kw);
	Diag *g;
	if (f == YYSYMBOL_ASSIGN || (f == YYSYMBOL_LBRACE && kw != YYSYMBOL_KW_IF) ||
	    (f == YYSYMBOL_COLON && kw != YYSYMBOL_KW_IMPORT)) {
		buf_printf(&r->msg, "`%s` is a keyword and cannot name %s", k,
			   f == YYSYMBOL_LBRACE ? "a block" : "an attribute");
		if (r->prev)
			r->at = r->prev->span;
		g = emit(r, SYN_KEYWORD);
		help(r, g, "%s", kw_usage(kw));
		return g;
	}
	if (r->next_item)
		at_line_end(r);
	switch (kw) {
	case YYSYMBOL_KW_MODULE: buf_puts(&r->msg, "expected a module name after `module`, found "); break;
	case YYSYMBOL_KW_IMPORT: buf_puts(&r->msg, "expected a path string after `import`, found "); break;
	case YYSYMBOL_KW_LET: buf_puts(&r->msg, "expected a name after `let`, found "); break;
	case YYSYMBOL_KW_FOR: buf_puts(&r->msg, "expected a variable name after `for`, found "); break;
	case YYSYMBOL_KW_ALLOW: buf_puts(&r->msg, "expected a diagnostic code or `{` after `allow`, found "); break;
	default: buf_printf(&r->msg, "expected a name after `%s`, found ", k); break;
	}
	put_found(r);
	g = emit(r, is_keyword(f) && !r->eol ? SYN_KEYWORD : SYN_UNEXPECTED);
	if (kw == YYSYMBOL_KW_IMPORT && (f == YYSYMBOL_IDENT || f == YYSYMBOL_PATH) && !r->eol)
		help(r, g, "write the path in double quotes: `import \"%s\"`", span_text(r->ctx, r->tok, 40));
	else if (is_keyword(f) && !r->eol)
		help(r, g, "`%s` is a keyword; %s", kw_text(f), kw_usage(kw));
	else
		help(r, g, "%s", kw_usage(kw));
	return g;
}

/* Where an expression must start. */
static Diag *report_expr_start(Report *r)
{
	yysymbol_kind_t before = r->prev ? tok_sym(r->prev) : YYSYMBOL_YYEMPTY;
	yysymbol_kind_t f = r->found;
	if (r->next_item)
		at_line_end(r);
	if (before == YYSYMBOL_ASSIGN)
		buf_puts(&r->msg, "expected a value after `=`, found ");
	else if (is_binop(before) || before == YYSYMBOL_NOT || before == YYSYMBOL_QUESTION ||
		 before == YYSYMBOL_COLON)
		buf_printf(&r->msg, "expected an expression after `%s`, found ", kw_text(before));
	else if (before == YYSYMBOL_KW_IN)
		buf_puts(&r->msg, "expected a list or a map after `in`, found ");
	else if (before == YYSYMBOL_KW_IF)
		buf_puts(&r->msg, "expected a condition after `if`, found ");
	else if (expects(r, YYSYMBOL_RPAREN))
		buf_puts(&r->msg, "expected an argument or `)`, found ");
	else if (expects(r, YYSYMBOL_RBRACK))
		buf_puts(&r->msg, "expected a list element or `]`, found ");
	else
		buf_puts(&r->msg, "expected an expression, found ");
	put_found(r);
	Diag *g = emit(r, SYN_UNEXPECTED);
	if (r->eol)
		return g;
	if (f == YYSYMBOL_KW_IF)
		help(r, g, "`if` starts an item, not a value; a conditional value is written `CONDITION ? A : B`");
	else if (f == YYSYMBOL_KW_FOR)
		help(r, g, "a list comprehension is written `[for x in LIST : VALUE]`");
	else if (f == YYSYMBOL_RBRACE && before == YYSYMBOL_ASSIGN)
		help(r, g, "a value is missing before the `}`");
	return g;
}

typedef enum After {
	AX_NONE, AX_VALUE, AX_DECL_TYPE, AX_LET_TYPE, AX_LIST, AX_CALL, AX_PAREN, AX_INDEX, AX_COND,
	AX_COMP_IN, AX_COMP_VALUE, AX_COMP_IF, AX_FOR_IN, AX_IF_COND, AX_MAP_VALUE, AX_INTERP,
} After;

/* What a complete expression on top of the stack belongs to. */
static After after_what(const Report *r)
{
	int pending = 0;
	for (int i = 0; i < r->nstack; i++) {
		yysymbol_kind_t s = r->stack[i];
		if (is_closer(s)) {
			pending++;
			continue;
		}
		if (is_opener(s) && pending > 0) {
			pending--;
			continue;
		}
		if (pending > 0 || is_expr_part(s))
			continue;
		switch (s) {
		case YYSYMBOL_COLON:
			if (sym_at(r, i + 2) == YYSYMBOL_QUESTION) {
				i += 2; /* a complete conditional */
				continue;
			}
			if (sym_at(r, i + 2) == YYSYMBOL_KW_IN)
				return AX_COMP_VALUE;
			if (sym_at(r, i + 2) == YYSYMBOL_decl_kw)
				return AX_DECL_TYPE;
			if (sym_at(r, i + 2) == YYSYMBOL_KW_LET)
				return AX_LET_TYPE;
			return AX_NONE;
		case YYSYMBOL_QUESTION:
			return AX_COND;
		case YYSYMBOL_ASSIGN: {
			yysymbol_kind_t b = sym_at(r, i + 1);
			if (b == YYSYMBOL_map_key || sym_at(r, i + 2) == YYSYMBOL_map_items)
				return AX_MAP_VALUE;
			return AX_VALUE;
		}
		case YYSYMBOL_KW_IN: {
			int j = sym_at(r, i + 2) == YYSYMBOL_KW_FOR ? i + 2 : i + 4;
			return sym_at(r, j + 1) == YYSYMBOL_LBRACK ? AX_COMP_IN : AX_FOR_IN;
		}
		case YYSYMBOL_KW_IF:
			return sym_at(r, i + 1) == YYSYMBOL_expr ? AX_COMP_IF : AX_IF_COND;
		case YYSYMBOL_LBRACK:
			return sym_at(r, i + 1) == YYSYMBOL_postfix ? AX_INDEX : AX_LIST;
		case YYSYMBOL_COMMA:
			if (sym_at(r, i + 1) == YYSYMBOL_list_items)
				return AX_LIST;
			if (sym_at(r, i + 1) == YYSYMBOL_arg_list)
				return AX_CALL;
			return AX_NONE;
		case YYSYMBOL_LPAREN:
			return sym_at(r, i + 1) == YYSYMBOL_IDENT ? AX_CALL : AX_PAREN;
		case YYSYMBOL_START_EXPR:
			return AX_INTERP;
		default:
			return AX_NONE;
		}
	}
	return AX_NONE;
}

/* `a == b == c`: the operator found has the same (non-associative)
 * precedence as the one before it. */
static int op_class(yysymbol_kind_t s)
{
	switch (s) {
	case YYSYMBOL_EQ: case YYSYMBOL_NE: return 1;
	case YYSYMBOL_LT: case YYSYMBOL_LE: case YYSYMBOL_GT: case YYSYMBOL_GE: return 2;
	case YYSYMBOL_DOTDOT: return 3;
	default: return 0;
	}
}

static Diag *report_chain(Report *r)
{
	int c = op_class(r->found);
	if (!c)
		return NULL;
	for (int i = 0; i < r->nstack; i++) {
		yysymbol_kind_t s = r->stack[i];
		if (is_binop(s)) {
			if (op_class(s) != c)
				return NULL;
			buf_printf(&r->msg, "`%s` cannot follow another %s", kw_text(r->found),
				   c == 3 ? "range" : "comparison");
			Diag *g = emit(r, SYN_UNEXPECTED);
			if (c == 3)
				help(r, g, "a range is written `FIRST..LAST`");
			else
				help(r, g, "comparisons do not chain; join two of them with `&&`");
			return g;
		}
		if (!is_expr_part(s))
			return NULL;
	}
	return NULL;
}

/* After a complete expression, where the token found cannot continue
 * it or follow it. */
static Diag *report_after_expr(Report *r)
{
	Diag *g = report_chain(r);
	if (g)
		return g;
	After what = after_what(r);
	LexState *ls = r->ls;
	const LexOpen *o = ls->nopen > 0 ? &ls->open[ls->nopen - 1] : NULL;
	yysymbol_kind_t f = r->found;
	bool bracket = what == AX_LIST || what == AX_CALL || what == AX_PAREN || what == AX_INDEX ||
		       what == AX_COMP_IN || what == AX_COMP_VALUE || what == AX_COMP_IF || what == AX_MAP_VALUE;
	if (bracket && o && (r->next_item || f == YYSYMBOL_YYEOF))
		return report_unclosed(r, o);
	if (r->next_item)
		at_line_end(r);
	const char *help_text = NULL;
	switch (what) {
	case AX_VALUE: {
		const char *name = value_owner(r);
		if (expects(r, YYSYMBOL_KW_LET) && name)
			buf_printf(&r->msg, "expected an operator, an attribute or a block after the value of `%s`, found ",
				   name);
		else if (expects(r, YYSYMBOL_KW_LET))
			buf_puts(&r->msg, "expected an operator, an attribute or a block after the value, found ");
		else
			buf_puts(&r->msg, "expected an operator after the value, found ");
		if (f == YYSYMBOL_LBRACE)
			help_text = "a block is written `KIND LABEL { ... }`, without `=`";
		else if (f == YYSYMBOL_COMMA && expects(r, YYSYMBOL_KW_LET))
			help_text = "attributes need no separator; remove the `,`";
		else if (is_value_start(f) && f != YYSYMBOL_IDENT)
			help_text = "values are combined with operators; a list is written `[a, b]`";
		break;
	}
	case AX_DECL_TYPE:
		buf_puts(&r->msg, "expected `=`, a doc string or an operator after the type, found ");
		break;
	case AX_LET_TYPE:
		buf_puts(&r->msg, "expected `=` and a value after the type, found ");
		help_text = kw_usage(YYSYMBOL_KW_LET);
		break;
	case AX_LIST:
		buf_puts(&r->msg, "expected `,` or `]` after the list element, found ");
		if (is_value_start(f))
			help_text = "list elements are separated by `,`";
		break;
	case AX_CALL:
		buf_puts(&r->msg, "expected `,` or `)` after the argument, found ");
		if (is_value_start(f))
			help_text = "arguments are separated by `,`";
		break;
	case AX_PAREN:
		if (o)
			return report_unclosed(r, o);
		buf_puts(&r->msg, "expected `)`, found ");
		break;
	case AX_INDEX:
		buf_puts(&r->msg, "expected `]` to close the index, found ");
		break;
	case AX_COND:
		buf_puts(&r->msg, "expected `:` after the first branch of the conditional, found ");
		help_text = "a conditional value is written `CONDITION ? A : B`";
		break;
	case AX_COMP_IN:
		buf_puts(&r->msg, "expected `:` after the collection of the comprehension, found ");
		help_text = "a comprehension is written `[for x in LIST : VALUE]`, with an optional `if CONDITION` before the `]`";
		break;
	case AX_COMP_VALUE:
		buf_puts(&r->msg, "expected `]` or `if` after the value of the comprehension, found ");
		help_text = "a comprehension is written `[for x in LIST : VALUE]`, with an optional `if CONDITION` before the `]`";
		break;
	case AX_COMP_IF:
		buf_puts(&r->msg, "expected `]` after the condition of the comprehension, found ");
		break;
	case AX_FOR_IN:
		buf_puts(&r->msg, "expected `{` to start the body of the `for` loop, found ");
		help_text = kw_usage(YYSYMBOL_KW_FOR);
		break;
	case AX_IF_COND:
		if (sym_at(r, 1) == YYSYMBOL_KW_IF ||
		    (sym_at(r, 0) == YYSYMBOL_RBRACE && sym_at(r, 3) == YYSYMBOL_KW_IF)) {
			/* `if { ... }`: the body was read as a map standing for
			 * the condition. */
			for (int k = 1; k < LEX_RECENT; k++) {
				const LexTok *t = recent_tok(ls, k), *n = recent_tok(ls, k - 1);
				if (!t || tok_sym(t) != YYSYMBOL_KW_IF)
					continue;
				if (n && tok_sym(n) == YYSYMBOL_LBRACE) {
					r->at = r->tok = n->span;
					r->found = YYSYMBOL_LBRACE;
					r->eol = false;
					buf_puts(&r->msg, "expected a condition after `if`, found `{`");
					g = emit(r, SYN_UNEXPECTED);
					help(r, g, "%s", kw_usage(YYSYMBOL_KW_IF));
					return g;
				}
				break;
			}
		}
		buf_puts(&r->msg, "expected `{` after the `if` condition, found ");
		help_text = "the body of an `if` is written in braces: `if CONDITION { ... }`";
		break;
	case AX_MAP_VALUE:
		buf_puts(&r->msg, "expected `,`, `}` or the next key after the map value, found ");
		if (is_value_start(f) && f != YYSYMBOL_IDENT && f != YYSYMBOL_STRING)
			help_text = "map entries are written `key = value`";
		break;
	case AX_INTERP:
		buf_puts(&r->msg, "expected `}` to close the interpolation, found ");
		break;
	default:
		return NULL;
	}
	put_found(r);
	g = emit(r, SYN_UNEXPECTED);
	if (help_text)
		help(r, g, "%s", help_text);
	return g;
}

/* Inside `{ ... }` used as a value. */
static Diag *report_in_map(Report *r, bool after_key)
{
	yysymbol_kind_t f = r->found;
	Diag *g;
	if (after_key) {
		const char *key = r->prev ? span_text(r->ctx, r->prev->span, 40) : "key";
		/* A key alone at the start of a line, then not `=`: the map
		 * was probably never closed and this is a block. */
		if (r->prev && r->prev->nl && f != YYSYMBOL_COLON && r->ls->nopen > 0 &&
		    r->ls->open[r->ls->nopen - 1].c == '{' && starts_item(r->ctx, YYSYMBOL_IDENT, r->prev->span)) {
			r->tok = r->at = r->prev->span;
			r->found = YYSYMBOL_IDENT;
			r->prev = recent_tok(r->ls, 2);
			r->next_item = true;
			return report_unclosed(r, &r->ls->open[r->ls->nopen - 1]);
		}
		if (r->next_item)
			at_line_end(r);
		buf_printf(&r->msg, "expected `=` after the map key `%s`, found ", key);
		put_found(r);
		g = emit(r, SYN_UNEXPECTED);
		if (f == YYSYMBOL_COLON)
			help(r, g, "map entries are written `key = value`, not `key: value`");
		else
			help(r, g, "map entries are written `key = value`");
		return g;
	}
	buf_puts(&r->msg, "expected a key or `}` in the map, found ");
	put_found(r);
	g = emit(r, SYN_UNEXPECTED);
	if (f == YYSYMBOL_NUMBER || f == YYSYMBOL_PATH || f == YYSYMBOL_CIDR)
		help(r, g, "map keys are names or strings: \"%s\" = ...", span_text(r->ctx, r->tok, 40));
	return g;
}

/* Where an item may start. */
static Diag *report_item(Report *r)
{
	ParseCtx *ctx = r->ctx;
	yysymbol_kind_t f = r->found;
	bool in_block = expects(r, YYSYMBOL_RBRACE);
	Diag *g;
	if (is_keyword(f)) {
		const char *t = ctx->file->text;
		uint32_t j = r->tok.end;
		while (j < ctx->file->len && (t[j] == ' ' || t[j] == '\t'))
			j++;
		if (f == YYSYMBOL_KW_ELSE && !(j < ctx->file->len && t[j] == '=')) {
			buf_puts(&r->msg, "`else` without an `if` before it");
			g = emit(r, SYN_UNEXPECTED);
			help(r, g, "`else` follows the `}` that closes the body of an `if`: `if CONDITION { ... } else { ... }`");
			return g;
		}
		uint32_t i = r->tok.end, n = ctx->file->len;
		while (i < n && (t[i] == ' ' || t[i] == '\t'))
			i++;
		bool attr = i < n && t[i] == '=' && (i + 1 >= n || t[i + 1] != '=');
		if (attr || starts_item(ctx, YYSYMBOL_IDENT, r->tok)) {
			buf_printf(&r->msg, "`%s` is a keyword and cannot name %s", kw_text(f),
				   attr ? "an attribute" : "a block");
			g = emit(r, SYN_KEYWORD);
			help(r, g, "the keywords `module import param field output let for in if else allow true false null` are reserved");
			return g;
		}
	}
	if (f == YYSYMBOL_PATH) {
		buf_puts(&r->msg, "expected an attribute or a block, found ");
		put_found(r);
		g = emit(r, SYN_UNEXPECTED);
		help(r, g, "names of attributes and blocks cannot hold `.`");
		return g;
	}
	buf_puts(&r->msg, in_block ? "expected an attribute, a block or `}`, found " : "expected an attribute or a block, found ");
	put_found(r);
	g = emit(r, SYN_UNEXPECTED);
	if (f == YYSYMBOL_COMMA)
		help(r, g, "attributes need no separator; remove the `,`");
	else if (f == YYSYMBOL_ASSIGN)
		help(r, g, "an attribute is written `NAME = value`");
	return g;
}

/* Anything else: the expected tokens, listed. */
static Diag *report_generic(Report *r)
{
	if (r->nexp > 0 && r->nexp <= 5) {
		buf_puts(&r->msg, "expected ");
		for (int i = 0; i < r->nexp; i++) {
			if (i > 0)
				buf_puts(&r->msg, i == r->nexp - 1 ? " or " : ", ");
			const char *n = kw_text(r->exp[i]);
			switch (r->exp[i]) {
			case YYSYMBOL_IDENT: buf_puts(&r->msg, "a name"); break;
			case YYSYMBOL_STRING: buf_puts(&r->msg, "a string"); break;
			case YYSYMBOL_NUMBER: buf_puts(&r->msg, "a number"); break;
			case YYSYMBOL_YYEOF: buf_puts(&r->msg, "end of file"); break;
			default: buf_printf(&r->msg, "`%s`", n); break;
			}
		}
		buf_puts(&r->msg, ", found ");
		put_found(r);
	} else {
		buf_puts(&r->msg, "unexpected ");
		put_found(r);
	}
	return emit(r, SYN_UNEXPECTED);
}

static Diag *report(Report *r)
{
	LexState *ls = r->ls;
	yysymbol_kind_t f = r->found;
	yysymbol_kind_t s0 = sym_at(r, 0), s1 = sym_at(r, 1), s2 = sym_at(r, 2);
	bool expr_start = expects(r, YYSYMBOL_NUMBER) && expects(r, YYSYMBOL_STRING) && expects(r, YYSYMBOL_LPAREN);
	bool item_start = expects(r, YYSYMBOL_KW_LET) && expects(r, YYSYMBOL_IDENT);
	bool after_expr = expects(r, YYSYMBOL_PLUS);

	/* An interpolation that runs out: the string ends first. */
	if (f == YYSYMBOL_YYEOF && r->ctx->in_interp) {
		buf_puts(&r->msg, after_expr ? "expected `}` to close the interpolation, found the end of the string"
					     : "expected an expression, found the end of the string");
		return emit(r, SYN_UNTERMINATED_INTERP);
	}

	/* `x = 1 +` then `y = 2` on the next line: `y` became the operand
	 * and the parser stops at the second `=`. */
	const LexTok *pp = recent_tok(ls, 2);
	if (after_expr && r->prev && r->prev->nl && tok_sym(r->prev) == YYSYMBOL_IDENT &&
	    (f == YYSYMBOL_ASSIGN || starts_item(r->ctx, YYSYMBOL_IDENT, r->prev->span)) &&
	    pp && (is_binop(tok_sym(pp)) || tok_sym(pp) == YYSYMBOL_ASSIGN || tok_sym(pp) == YYSYMBOL_NOT ||
		   tok_sym(pp) == YYSYMBOL_QUESTION || tok_sym(pp) == YYSYMBOL_COLON)) {
		uint32_t from = r->prev->span.start;
		r->prev = pp;
		r->next_item = true;
		r->found = YYSYMBOL_IDENT;
		Diag *g = report_expr_start(r);
		if (lexer_replay(ls, from))
			r->replayed = from;
		return g;
	}

	/* Brackets: a closer that matches nothing, or the end of the file
	 * while one is open. */
	if (is_closer(f) && !ls->last_close_matched)
		return report_stray_closer(r);
	if (f == YYSYMBOL_YYEOF && ls->nopen > 0 && (item_start || (!expr_start && !after_expr)))
		return report_unclosed(r, &ls->open[ls->nopen - 1]);

	/* Item heads. */
	if (s0 == YYSYMBOL_IDENT && s1 == YYSYMBOL_item_start)
		return report_after_name(r);
	if ((s0 == YYSYMBOL_labels && s1 == YYSYMBOL_IDENT) ||
	    ((s0 == YYSYMBOL_label || s0 == YYSYMBOL_IDENT || s0 == YYSYMBOL_NUMBER || s0 == YYSYMBOL_STRING ||
	      s0 == YYSYMBOL_string) && s1 == YYSYMBOL_labels))
		return report_in_header(r);
	if ((s0 == YYSYMBOL_KW_MODULE || s0 == YYSYMBOL_KW_IMPORT || s0 == YYSYMBOL_KW_LET ||
	     s0 == YYSYMBOL_KW_PARAM || s0 == YYSYMBOL_KW_FIELD || s0 == YYSYMBOL_KW_OUTPUT ||
	     s0 == YYSYMBOL_KW_ALLOW || (s0 == YYSYMBOL_KW_FOR && s1 == YYSYMBOL_item_start) ||
	     (s0 == YYSYMBOL_KW_IF && (s1 == YYSYMBOL_item_start || s1 == YYSYMBOL_KW_ELSE))) &&
	    (f == YYSYMBOL_ASSIGN || f == YYSYMBOL_LBRACE || f == YYSYMBOL_COLON || !expr_start))
		return report_after_keyword(r, s0);
	if (s0 == YYSYMBOL_decl_kw) {
		const LexTok *k = r->prev;
		return report_after_keyword(r, k ? tok_sym(k) : YYSYMBOL_KW_PARAM);
	}
	if (((s0 == YYSYMBOL_IDENT || s0 == YYSYMBOL_decl_name) && s1 == YYSYMBOL_decl_kw) ||
	    (s0 == YYSYMBOL_IDENT && s1 == YYSYMBOL_KW_LET)) {
		const LexTok *k = recent_tok(ls, 2);
		yysymbol_kind_t kw = k ? tok_sym(k) : YYSYMBOL_KW_PARAM;
		const char *name = span_text(r->ctx, r->prev->span, 40);
		if (r->next_item)
			at_line_end(r);
		if (s1 == YYSYMBOL_KW_LET)
			buf_printf(&r->msg, "expected `=` and a value after `let %s`, found ", name);
		else
			buf_printf(&r->msg, "expected `:` and a type after `%s %s`, found ", kw_text(kw), name);
		put_found(r);
		Diag *g = emit(r, SYN_UNEXPECTED);
		help(r, g, "%s", kw_usage(kw));
		return g;
	}
	if (s0 == YYSYMBOL_COLON && (s1 == YYSYMBOL_IDENT || s1 == YYSYMBOL_decl_name) && s2 == YYSYMBOL_decl_kw) {
		if (r->next_item)
			at_line_end(r);
		buf_puts(&r->msg, "expected a type after `:`, found ");
		put_found(r);
		return emit(r, SYN_UNEXPECTED);
	}
	if ((s0 == YYSYMBOL_IDENT && s1 == YYSYMBOL_KW_FOR) ||
	    (s0 == YYSYMBOL_IDENT && s1 == YYSYMBOL_COMMA && s2 == YYSYMBOL_IDENT && sym_at(r, 3) == YYSYMBOL_KW_FOR)) {
		bool comp = sym_at(r, s1 == YYSYMBOL_KW_FOR ? 2 : 4) == YYSYMBOL_LBRACK;
		if (r->next_item && !comp)
			at_line_end(r);
		Span vars = r->prev->span;
		if (s1 == YYSYMBOL_COMMA && recent_tok(ls, 3))
			vars.start = recent_tok(ls, 3)->span.start;
		buf_printf(&r->msg, "expected `in` after `for %s`, found ", span_text(r->ctx, vars, 40));
		put_found(r);
		Diag *g = emit(r, SYN_UNEXPECTED);
		help(r, g, "%s", comp ? "a comprehension is written `[for x in LIST : VALUE]`" : kw_usage(YYSYMBOL_KW_FOR));
		return g;
	}
	if (s0 == YYSYMBOL_COMMA && s1 == YYSYMBOL_IDENT && s2 == YYSYMBOL_KW_FOR) {
		buf_puts(&r->msg, "expected a second variable name after `,`, found ");
		put_found(r);
		Diag *g = emit(r, is_keyword(f) ? SYN_KEYWORD : SYN_UNEXPECTED);
		help(r, g, "%s", kw_usage(YYSYMBOL_KW_FOR));
		return g;
	}
	if (s0 == YYSYMBOL_KW_ELSE) {
		if (r->next_item)
			at_line_end(r);
		buf_puts(&r->msg, "expected `{` or `if` after `else`, found ");
		put_found(r);
		Diag *g = emit(r, SYN_UNEXPECTED);
		help(r, g, "%s", kw_usage(YYSYMBOL_KW_IF));
		return g;
	}
	if (s0 == YYSYMBOL_IDENT && s1 == YYSYMBOL_KW_ALLOW) {
		const char *code = span_text(r->ctx, r->prev->span, 40);
		if (r->next_item)
			at_line_end(r);
		buf_printf(&r->msg, "expected a reason string or `{` after `allow %s`, found ", code);
		put_found(r);
		Diag *g = emit(r, SYN_UNEXPECTED);
		help(r, g, "say why the warning is acceptable here: `allow %s \"reason\"`", code);
		return g;
	}

	if (s0 == YYSYMBOL_DOT && s1 == YYSYMBOL_postfix) {
		buf_puts(&r->msg, "expected a name after `.`, found ");
		put_found(r);
		return emit(r, is_keyword(f) ? SYN_KEYWORD : SYN_UNEXPECTED);
	}

	/* Maps used as values. */
	if (s0 == YYSYMBOL_map_key || ((s0 == YYSYMBOL_IDENT || s0 == YYSYMBOL_STRING || s0 == YYSYMBOL_string) &&
				       s1 == YYSYMBOL_map_items))
		return report_in_map(r, true);
	if (s0 == YYSYMBOL_map_items || (s0 == YYSYMBOL_COMMA && s1 == YYSYMBOL_map_items) ||
	    (s0 == YYSYMBOL_LBRACE && !item_start && expects(r, YYSYMBOL_COMMA)))
		return report_in_map(r, false);

	if (expr_start)
		return report_expr_start(r);
	/* `else` or `in` where an item may start, even right after a value. */
	if (item_start && is_keyword(f))
		return report_item(r);
	if (after_expr) {
		Diag *g = report_after_expr(r);
		if (g)
			return g;
	}
	if (item_start)
		return report_item(r);
	return report_generic(r);
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner, ParseCtx *ctx)
{
	if (ctx->stop)
		return 0;
	LexState *ls = yyget_extra(scanner);
	Report r = {0};
	r.ctx = ctx;
	r.ls = ls;
	r.found = yypcontext_token(yyctx);
	const Span real = *yypcontext_location(yyctx);
	/* The token queued at the last error to end a bogus item, or a
	 * closing bracket queued for a bracket the parser had dropped. */
	if (r.found == YYSYMBOL_YYUNDEF || (ls->last_pending && is_closer(r.found)))
		return 0;
	r.tok = r.at = real;
	/* The lexer reported a string, comment or heredoc that swallowed
	 * the rest of the file; whatever is unfinished is a consequence. */
	if (r.found == YYSYMBOL_YYEOF && ls->eof_error)
		return 0;
	r.nexp = yypcontext_expected_tokens(yyctx, r.exp, YYNTOKENS);
	if (r.nexp < 0)
		r.nexp = 0;
	for (const yy_state_t *p = yyctx->yyssp; r.nstack < STACK_SEEN; p--) {
		r.stack[r.nstack++] = (yysymbol_kind_t)yystos[*p];
		if (*p == 0)
			break;
	}
	r.prev = recent_tok(ls, 1);
	const LexTok *la = recent_tok(ls, 0);
	r.next_item = la && la->nl && r.prev && starts_item(ctx, r.found, r.tok);

	if (r.found == YYSYMBOL_YYEOF && !ctx->in_interp) {
		/* Just past the last character that is not white space. */
		uint32_t e = r.at.start;
		while (e > 0 && strchr(" \t\r\n\f\v", ctx->file->text[e - 1]))
			e--;
		r.at.start = r.at.end = e;
	}
	bool resume_here = r.next_item;
	/* Quiet when a lexical error on this line (or in the token just
	 * before) explains this one, or for the token that ends recovery. */
	r.quiet = (r.prev && r.prev->bad) ||
		  (r.found == YYSYMBOL_YYEOF && ls->swallowed_closer);
	for (int k = 0; k < LEX_RECENT && !r.quiet; k++) {
		const LexTok *t = recent_tok(ls, k);
		if (!t)
			break;
		r.quiet = t->bad;
		if (t->nl)
			break;
	}
	report(&r);
	buf_free(&r.msg);
	const LexOpen *inner = ls->nopen > 0 ? &ls->open[ls->nopen - 1] : NULL;
	bool entry_like = inner && inner->c == '{' && r.found == YYSYMBOL_IDENT && !line_ends_in_brace(ctx, r.tok.end);
	if (!r.closed && resume_here && r.eol && r.found != YYSYMBOL_YYEOF && !entry_like) {
		/* The next item starts while a list or map of this one is
		 * still open: parse on as if it were closed at the end of
		 * the line. */
		lexer_close_brackets(ls, r.at.start);
		r.closed = ls->npend > 0;
	}
	if (r.closed)
		resume_here = r.eol = true;
	if (r.replayed) {
		/* The item starts again at the replayed tokens. */
		ls->resume_at = r.replayed;
		if (diags_full(ctx->diags)) {
			if (ctx->capped_at)
				*ctx->capped_at = r.at;
			ctx->stop = true;
		}
		return 0;
	}
	ls->resume_at = resume_here && r.eol ? real.start : UINT32_MAX;

	/* Recovery: drop the rest of the line, unless the token found
	 * already starts the next item. */
	if (r.found != YYSYMBOL_YYEOF && !(resume_here && r.eol)) {
		const char *t = ctx->file->text;
		uint32_t e = real.end;
		while (e < ctx->file->len && t[e] != '\n' && t[e] != '\r')
			e++;
		ls->sync.on = true;
		ls->sync.depth = ls->nopen - (is_opener(r.found) ? 1 : 0);
		if (is_closer(r.found) && ls->last_close_matched)
			ls->sync.depth = ls->nopen;
		ls->sync.line_end = e;
		if (r.phantom && ls->nopen < MAX_NESTING) {
			/* Skip up to the `}` that closes the block missing its
			 * `{`, as though it had one. */
			ls->open[ls->nopen++] = (LexOpen){.c = '{', .span = r.at, .head = r.at.start, .desc = "block"};
		}
		/* Should the parser take the token found for the start of a
		 * new item, this makes it drop that item again at once. */
		lexer_push(ls, YYUNDEF, (Span){ctx->file_id, real.end, real.end}, NULL);
	}
	if (diags_full(ctx->diags)) {
		if (ctx->capped_at)
			*ctx->capped_at = r.at;
		ctx->stop = true;
	}
	return 0;
}

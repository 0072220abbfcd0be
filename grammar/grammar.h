/*
 * grammar.h: the one header of the grammar layer: the AST the parser
 * builds, and the entry points of the parser.
 *
 * The AST is one Node struct for every kind (as in chibicc): every node
 * has a span, and the fields a kind uses that were not set stay zero.
 * Pairs of fields that no kind uses together share storage, and the
 * commonest kinds are allocated without the fields they never use (see
 * struct Node).  Nodes live in the compilation's arena, so the grammar
 * needs no %destructor and no caller ever frees a node.
 */
#ifndef INFRAC_GRAMMAR_H
#define INFRAC_GRAMMAR_H

#include "runtime.h"

typedef struct Node Node;

typedef struct NodeList {
	Node **items;
	uint32_t len, cap;
} NodeList;

typedef enum NodeKind {
	/* items: what a file or a block body holds */
	N_FILE,     /* list: items */
	N_MODULE,   /* name */
	N_IMPORT,   /* a: path (string), body: param assignments (N_ATTR) */
	N_DECL,     /* op: DeclKind, name, a: type, b: default or NULL, str: doc */
	N_LET,      /* name, a: type or NULL, b: value */
	N_ATTR,     /* name, a: value */
	N_BLOCK,    /* name: kind, list: labels (N_NAME or string), body */
	N_FOR,      /* name, name2 (second variable or NULL), a: collection, body */
	N_IF,       /* a: condition, body, else_body */
	N_ALLOW,    /* name: diagnostic code, str: reason */
	/* expressions */
	N_NULL,
	N_BOOL,     /* op: 0 or 1 */
	N_NUMBER,   /* num, scale (digits after the point), unit ("" if none), str: text */
	N_CIDR,     /* num: address, scale: prefix length, str: text */
	N_STRING,   /* str, str_len: decoded text; op: 1 for a heredoc */
	N_TEMPLATE, /* list: parts (N_STRING pieces and expressions); op: 1 for a heredoc */
	N_NAME,     /* name: a bare identifier */
	N_PATH,     /* list: segments (N_NAME), e.g. cluster.eks.arn */
	N_LIST,     /* list: elements */
	N_MAP,      /* list: entries (N_ENTRY) */
	N_ENTRY,    /* a: key (N_NAME or string), b: value */
	N_CALL,     /* name: function, list: arguments */
	N_INDEX,    /* a: collection, b: index */
	N_MEMBER,   /* a: value, name */
	N_UNARY,    /* op, a */
	N_BINARY,   /* op, a, b */
	N_COND,     /* a: condition, b: then, c: else */
	N_RANGE,    /* a: from, b: to (inclusive) */
	N_COMPREHENSION, /* name, name2, a: collection, b: value, c: filter or NULL */
	N_ERROR,    /* stands for a part that did not parse */
	N_KIND_COUNT
} NodeKind;

typedef enum DeclKind { DECL_PARAM, DECL_FIELD, DECL_OUTPUT } DeclKind;

typedef enum OpKind {
	OP_NOT = 1, OP_NEG,
	OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD,
} OpKind;

/* A spec of 10,000 services parses to a million nodes, so fields that no
 * kind uses together share storage (see the kinds above for who uses
 * what); code that walks every child must look at the kind first.
 *
 * Most nodes are names, strings and attributes, which use nothing past
 * `a`: node_new allocates those kinds (node_is_short) without the rest,
 * as SQLite allocates its reduced-size Expr nodes, and saves half their
 * memory.  Reading b, c, num, unit, list or body of such a node reads
 * past its allocation; the kind says which fields exist.  Under
 * AddressSanitizer each is a heap block of its own (arena_alloc_exact),
 * so such a read fails the tests instead of reading a neighbour. */
struct Node {
	NodeKind kind;
	uint16_t op;
	uint16_t depth;    /* expression depth, bounded by the parser */
	Span span;
	Span name_span;
	uint32_t str_len;
	int32_t scale;     /* N_NUMBER: digits after the point; N_CIDR: prefix length */
	const char *name;  /* interned */
	union {
		const char *str;
		const char *name2; /* interned; N_FOR, N_COMPREHENSION */
	};
	Node *a;
	/* ---- short nodes end here ---- */
	union {
		struct {
			Node *b, *c;
		};
		struct {           /* N_NUMBER, N_CIDR */
			int64_t num;
			const char *unit;  /* interned; N_NUMBER */
		};
	};
	union {
		NodeList list;
		NodeList else_body; /* N_IF */
	};
	NodeList body;
};

/* The kinds allocated without the fields after `a`. */
static inline bool node_is_short(NodeKind k)
{
	return k == N_MODULE || k == N_ATTR || k == N_ALLOW || k == N_NULL || k == N_BOOL || k == N_STRING ||
	       k == N_NAME || k == N_MEMBER || k == N_UNARY;
}

/* A comment, kept for the formatter. */
typedef struct Comment {
	Span span;
	bool block;     /* a block comment */
	bool own_line;  /* nothing but white space before it on its line */
} Comment;

/* The state shared by the lexer, the parser and its actions. */
typedef struct Opener Opener;
typedef struct ParseCtx {
	Arena *arena;      /* strings, comments and messages */
	Arena *tree;       /* nodes and their lists */
	Interner *names;
	Diags *diags;
	const SrcFile *file;
	uint32_t file_id;
	Vec *comments;     /* Comment*, or NULL when not wanted */
	Node *root;        /* result of a file parse */
	Node *expr;        /* result of an interpolation parse */
	uint32_t expr_end; /* offset just past the interpolation's closing brace */
	int nest;          /* interpolation nesting of the current sub-parse */
	bool stop;         /* a fatal lexical problem: report nothing more */
	bool in_interp;    /* parsing the inside of ${...} */
	Span head;         /* kind of the block header being parsed, for messages */
	Span *capped_at;   /* where the first error over the cap was found */
} ParseCtx;

enum { MAX_NESTING = 200, MAX_EXPR_DEPTH = 1000 };

/* ---- lexer.l: state of one scanner (one per file or interpolation) ---- */

enum { LEX_RECENT = 16 };

typedef struct LexOpen {
	char c;           /* '{', '[' or '(' */
	Span span;
	uint32_t head;    /* where the block header starts */
	const char *desc; /* "list", "map", ...; NULL for a block named by words */
	Span words[3];    /* the words of a block header, last first (see lex_desc) */
	uint8_t nwords;
	bool expr;        /* a list, call, parenthesis, index or map, not a block */
} LexOpen;

/* A token the scanner returned lately, for the parser's messages. */
typedef struct LexTok {
	int tok;
	Span span;
	bool nl;          /* a line break comes between it and the token before */
	bool bad;         /* a lexical error was reported in it or right before it */
} LexTok;

typedef struct LexState {
	ParseCtx *ctx;
	uint32_t off;         /* absolute offset of the next byte */
	int start_token;      /* returned before anything else */
	bool done;            /* an interpolation's closing brace was seen */
	bool eof_error;       /* a string, comment or heredoc ran into the end of the input */
	uint32_t mark;        /* start of the string, comment or heredoc being scanned */
	int str_depth;        /* strings and interpolations currently open */
	bool hd_indent;       /* <<- heredoc */
	bool hd_bad;          /* the heredoc marker was malformed (already reported) */
	const char *hd_delim; /* interned heredoc delimiter */
	uint32_t hd_body;     /* offset where the heredoc's text starts */
	int nopen;            /* entries of open[] */
	bool last_close_matched; /* the latest closing bracket closed an open one */
	struct {
		const char *desc; /* first block closed by a `}` less indented than its opening line */
		Span closer;
	} misfit;
	/* After a syntax error the scanner skips the rest of the line and
	 * any brackets opened on it, so the parser resumes at the next line
	 * (or at a bracket that closes something opened before the error). */
	struct {
		bool on;
		int depth;         /* brackets open before the error */
		uint32_t line_end; /* offset of the line break ending the error's line */
	} sync;
	uint32_t resume_at;   /* after a syntax error, where parsing is clean again */
	bool err_pending;     /* a lexical error was reported since the last token */
	uint32_t err_end;     /* where the latest lexical error ends */
	bool swallowed_closer; /* an unterminated string ran over a closing bracket */
	int npend, next_pend; /* entries of pend[] and the next one to hand out */
	bool last_pending;    /* the latest token came from pend[] */
	int last_tok;         /* the latest token returned, its name and place */
	const char *last_name;
	Span last_loc;
	uint32_t prev_end;    /* end of the last token returned */
	uint32_t limit;       /* offset just past the input */
	LexTok recent[LEX_RECENT];
	int nrecent;
	/* The arrays below are read only up to their counts above, so
	 * lexer_open leaves them as they are: a scanner is set up for every
	 * interpolation, and clearing them would dominate. */
	uint32_t str_open[MAX_NESTING]; /* where each open string or interpolation starts */
	LexOpen open[MAX_NESTING];
	/* Tokens to hand the parser before scanning on, in order: after a
	 * syntax error, the closing brackets it lacks and the token it
	 * discarded (see lexer_close_brackets). */
	LexTok pend[MAX_NESTING + 2];
	const char *pend_name[MAX_NESTING + 2];
} LexState;

/* The value of a HEREDOC token. */
typedef struct HeredocTok {
	uint32_t body, end; /* the text, from the line after the marker to the terminator line */
	bool indent;        /* <<- : strip the common leading white space */
	bool bad;           /* malformed or unterminated; already reported */
	const char *delim;
} HeredocTok;

int lexer_open(LexState *ls, ParseCtx *ctx, uint32_t start, uint32_t limit, int start_token,
	       void **scanner);
void lexer_close(void *scanner);
void lexer_close_brackets(LexState *ls, uint32_t after);
bool lexer_fix_closer(LexState *ls);
bool lexer_replay(LexState *ls, uint32_t from);
void lexer_push(LexState *ls, int tok, Span span, const char *name);
const char *lex_desc(const LexState *ls, const LexOpen *o);

/* ---- parse.c: entry points ---- */

/* Parses a whole file.  Never returns NULL: on errors the diagnostics
 * say what went wrong and the tree holds what could be recovered.  The
 * nodes come from tree and everything else (strings, comments, messages)
 * from a, so a caller can free the tree and keep the strings. */
Node *parse_file(Arena *a, Arena *tree, Interner *names, Diags *d, const SrcFile *f, uint32_t file_id,
		 Vec *comments);
/* Used by the grammar actions for ${...}: parses the expression that
 * starts at offset and ends with '}' before limit. */
Node *parse_interpolation(ParseCtx *ctx, uint32_t offset, uint32_t limit, uint32_t *end);

/* ---- ast.c ---- */

Node *node_new(ParseCtx *ctx, NodeKind kind, Span span);
void nodes_push(Arena *a, NodeList *l, Node *n);
Node *node_binary(ParseCtx *ctx, int op, Node *l, Node *r, Span span);
Node *node_unary(ParseCtx *ctx, int op, Node *a, Span span);
Node *node_cond(ParseCtx *ctx, Node *cond, Node *then, Node *other, Span span);
Node *node_member(ParseCtx *ctx, Node *a, const char *name, Span name_span, Span span);
Node *node_number(ParseCtx *ctx, const char *text, size_t len, Span span);
Node *node_cidr(ParseCtx *ctx, const char *text, size_t len, Span span);
Node *node_path(ParseCtx *ctx, const char *text, size_t len, Span span);
Node *node_name(ParseCtx *ctx, const char *text, size_t len, Span span);
Node *node_template(ParseCtx *ctx, Span span, bool bad);
Node *node_heredoc(ParseCtx *ctx, Span span, HeredocTok hd);
const char *node_kind_name(NodeKind k);
/* How many of the len bytes at s to show when showing at most max,
 * without cutting a UTF-8 sequence. */
size_t text_clip(const char *s, size_t len, size_t max);
/* Source text for a message: clipped as above (then "..."), with control
 * characters shown as U+FFFD so they never reach a terminal. */
void text_put_clean(Buf *b, const char *s, size_t len, size_t max);
const char *text_clean(Arena *a, const char *s, size_t len, size_t max);
/* How an item keyword is used ("a loop is written ..."), for help lines;
 * for other keywords, the list of reserved words. */
const char *keyword_usage(const char *word);
const char *op_name(int op);
/* Prints the tree as indented, diffable text; spans as line:col. */
void ast_dump(const Node *root, const SrcMap *sm, bool spans, Buf *out);

#endif

/*
 * mutate.c: a structure-aware mutator for fuzz_compile.
 *
 * libFuzzer's own mutations flip bytes; almost every input they make from
 * a valid specification stops at the first parse or type error, and the
 * back ends, most of the compiler, are never reached.  This mutator edits
 * a specification the way a person would: it replaces the value of an
 * attribute, swaps two values, adds an attribute the block's kind
 * declares or removes one, adds, copies or removes a block.  It knows
 * each block's kind and each attribute's field from the standard
 * library's schema, so a new value is one of a type the field takes:
 * most often a value some valid input gave that same field, else one
 * made from the field's type (an enum member, an int in its range, a
 * quantity with its unit, a reference to a block of the right kind).
 *
 * It learns from the inputs that reached the back ends, when it is given
 * one to mutate: their values per field, their blocks per kind, and the
 * inputs themselves.  An input that did not reach them is, three times
 * in four, exchanged for one that did before it is mutated, so that most
 * mutations start from a specification that compiles.  A reference is
 * made rather than learned when the input has a block it can name: a
 * learned one names a block of another input.  One mutation in four is
 * still libFuzzer's (LLVMFuzzerMutate, with the dictionary), for the
 * lexer's and the parser's sake.
 *
 * The outline of a file is found by a small scanner of its own, not the
 * compiler's parser: it must cope with anything, and it only needs where
 * blocks and attributes start and end.  The file is not instrumented for
 * coverage (fuzz/meson.build): what the mutator does is not what is being
 * fuzzed.
 */
#define _GNU_SOURCE /* memmem */
#include "mutate.h"

#include <stdlib.h>
#include <string.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* ---- random numbers (xorshift32, from libFuzzer's seed) ---- */

typedef struct Rng {
	uint32_t s;
} Rng;

static uint32_t rnd(Rng *r, uint32_t n)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 17;
	r->s ^= r->s << 5;
	return n ? r->s % n : 0;
}

/* ---- the outline of a file ---- */

typedef enum TokKind { TK_IDENT, TK_NUMBER, TK_STRING, TK_PUNCT, TK_NEWLINE } TokKind;

typedef struct Tok {
	TokKind kind;
	uint32_t start, end;
} Tok;

typedef struct Block {
	uint32_t start, end;       /* from the kind word to just past the `}` */
	uint32_t word_end;         /* end of the kind word */
	uint32_t label_start, label_end; /* the first label, if any (label_end > label_start) */
	uint32_t open;             /* just past the `{` */
	const Kind *kind;          /* NULL: not a block of a known kind */
	int parent;                /* the enclosing block, -1 at top level */
} Block;

typedef struct Attr {
	uint32_t start, name_end;  /* the name */
	uint32_t value_start, value_end;
	int block;                 /* the enclosing block, -1 at top level */
	const Field *field;        /* NULL when unknown */
} Attr;

typedef struct Outline {
	const char *s;
	uint32_t n;
	Tok *toks;
	size_t ntoks, tokcap;
	Block *blocks;
	size_t nblocks, blockcap;
	Attr *attrs;
	size_t nattrs, attrcap;
} Outline;

static const Compiler *schema;

#define GROW(arr, len, cap)                                                  \
	do {                                                                 \
		if ((len) == (cap)) {                                        \
			(cap) = (cap) ? (cap) * 2 : 64;                      \
			(arr) = xrealloc((arr), (cap) * sizeof *(arr));      \
		}                                                            \
	} while (0)

static bool is_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

static uint32_t skip_string(const char *s, uint32_t n, uint32_t i, int depth);

/* Past the `}` of an interpolation whose `${` ends before i. */
static uint32_t skip_interp(const char *s, uint32_t n, uint32_t i, int depth)
{
	int open = 1;
	while (i < n && s[i] != '\n') {
		if (s[i] == '"' && depth < 32) {
			i = skip_string(s, n, i, depth + 1);
			continue;
		}
		if (s[i] == '{')
			open++;
		else if (s[i] == '}' && --open == 0)
			return i + 1;
		i++;
	}
	return i;
}

/* Past the closing quote of the string whose opening quote is at i, or
 * at the end of its line when it has none. */
static uint32_t skip_string(const char *s, uint32_t n, uint32_t i, int depth)
{
	i++;
	while (i < n && s[i] != '\n') {
		if (s[i] == '\\' && i + 1 < n) {
			i += 2;
		} else if (s[i] == '"') {
			return i + 1;
		} else if (s[i] == '$' && i + 1 < n && s[i + 1] == '$') {
			i += 2;
		} else if (s[i] == '$' && i + 1 < n && s[i + 1] == '{') {
			i = skip_interp(s, n, i + 2, depth);
		} else {
			i++;
		}
	}
	return i;
}

/* Past the line that ends the heredoc whose `<<` is at i, or 0 when
 * there is no heredoc there. */
static uint32_t skip_heredoc(const char *s, uint32_t n, uint32_t i)
{
	uint32_t j = i + 2;
	if (j < n && s[j] == '-')
		j++;
	uint32_t name = j;
	while (j < n && is_ident_char(s[j]))
		j++;
	if (j == name || !is_ident_start(s[name]))
		return 0;
	uint32_t len = j - name;
	while (j < n && s[j] != '\n')
		j++;
	while (j < n) {
		uint32_t line = ++j, e = line;
		while (e < n && s[e] != '\n')
			e++;
		uint32_t a = line, b = e;
		while (a < b && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
			b--;
		if (b - a == len && memcmp(s + a, s + name, len) == 0)
			return e;
		j = e;
	}
	return n;
}

static void tokenize(Outline *o)
{
	const char *s = o->s;
	uint32_t n = o->n, i = 0;
	while (i < n) {
		char c = s[i];
		uint32_t start = i;
		TokKind kind;
		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		if (c == '#' || (c == '/' && i + 1 < n && s[i + 1] == '/')) {
			while (i < n && s[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && i + 1 < n && s[i + 1] == '*') {
			const char *e = i + 2 < n ? memmem(s + i + 2, n - i - 2, "*/", 2) : NULL;
			i = e ? (uint32_t)(e - s) + 2 : n;
			continue;
		}
		if (c == '\n') {
			kind = TK_NEWLINE;
			i++;
		} else if (c == '"') {
			kind = TK_STRING;
			i = skip_string(s, n, i, 0);
		} else if (c == '<' && i + 1 < n && s[i + 1] == '<' && skip_heredoc(s, n, i)) {
			kind = TK_STRING;
			i = skip_heredoc(s, n, i);
		} else if (c >= '0' && c <= '9') {
			kind = TK_NUMBER;
			while (i < n && (is_ident_char(s[i]) || s[i] == '.' || s[i] == '%' || s[i] == '/'))
				i++;
		} else if (is_ident_start(c)) {
			kind = TK_IDENT;
			while (i < n && is_ident_char(s[i]))
				i++;
		} else {
			kind = TK_PUNCT;
			i++;
			/* == != <= >= && || .. are one token, so `=` alone is an
			 * attribute's. */
			if (i < n && ((s[i] == '=' && strchr("=!<>", c)) || (s[i] == c && strchr("&|.", c))))
				i++;
		}
		GROW(o->toks, o->ntoks, o->tokcap);
		o->toks[o->ntoks++] = (Tok){kind, start, i};
	}
}

static bool tok_is(const Outline *o, size_t i, const char *text)
{
	if (i >= o->ntoks)
		return false;
	const Tok *t = &o->toks[i];
	size_t len = strlen(text);
	return t->end - t->start == len && memcmp(o->s + t->start, text, len) == 0;
}

static bool text_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

static const Kind *kind_named(const char *s, size_t len)
{
	for (size_t i = 0; i < schema->kinds.len; i++)
		if (text_is(s, len, schema->kinds.keys[i]))
			return schema->kinds.vals[i];
	return NULL;
}

static const Field *field_of(const Kind *k, const char *s, size_t len)
{
	for (uint32_t i = 0; k && i < k->nfields; i++)
		if (text_is(s, len, k->fields[i]->name))
			return k->fields[i];
	return NULL;
}

/* The kind of a block written `word label {` in a block of kind parent
 * (NULL at top level). */
static const Kind *block_kind(const Kind *parent, bool top, const char *word, size_t len, const char *label,
			      size_t label_len)
{
	if (top) {
		const Kind *k = kind_named(word, len);
		return k && !k->nested ? k : NULL;
	}
	const Field *f = field_of(parent, word, len);
	if (!f)
		return NULL;
	const Type *t = type_strip(f->type);
	if (t->kind == T_BLOCK || t->kind == T_BLOCKS)
		return t->kinds[0];
	if (t->kind == T_VARIANTS)
		for (uint32_t i = 0; i < t->nkinds; i++)
			if (t->kinds[i]->variant && text_is(label, label_len, t->kinds[i]->variant))
				return t->kinds[i];
	return NULL;
}

typedef struct Ctx {
	char open;  /* { [ ( */
	int block;  /* the block it opens, or -1 (for and if bodies, brackets) */
} Ctx;

/* The block the statements at this point belong to (for and if bodies
 * belong to the block around them): -1 at top level, UNKNOWN inside a
 * block of unknown kind. */
enum { UNKNOWN = -2 };

static int ctx_block(const Outline *o, const Ctx *stack, size_t depth)
{
	for (size_t i = depth; i-- > 0;)
		if (stack[i].block >= 0)
			return o->blocks[stack[i].block].kind ? stack[i].block : UNKNOWN;
	return -1;
}

/* An attribute `name = value` at token i; returns the token after it. */
static size_t outline_attr(Outline *o, size_t i, int block)
{
	size_t j = i + 2;
	int depth = 0;
	while (j < o->ntoks) {
		const Tok *t = &o->toks[j];
		char c = o->s[t->start];
		if (depth == 0 && (t->kind == TK_NEWLINE || (t->kind == TK_PUNCT && strchr("}]),", c))))
			break;
		if (depth == 0 && j > i + 2 && t->kind == TK_IDENT && tok_is(o, j + 1, "="))
			break;
		if (t->kind == TK_PUNCT && (c == '{' || c == '[' || c == '('))
			depth++;
		else if (t->kind == TK_PUNCT && (c == '}' || c == ']' || c == ')'))
			depth--;
		j++;
	}
	if (j == i + 2)
		return j;
	Attr a = {o->toks[i].start, o->toks[i].end, o->toks[i + 2].start, o->toks[j - 1].end, block < 0 ? -1 : block,
		  NULL};
	if (block >= 0)
		a.field = field_of(o->blocks[block].kind, o->s + a.start, a.name_end - a.start);
	GROW(o->attrs, o->nattrs, o->attrcap);
	o->attrs[o->nattrs++] = a;
	return j;
}

static void outline(Outline *o, const uint8_t *data, size_t size)
{
	memset(o, 0, sizeof *o);
	o->s = (const char *)data;
	o->n = (uint32_t)size;
	tokenize(o);
	Ctx *stack = NULL;
	size_t depth = 0, cap = 0;
	bool stmt = true; /* at the start of a statement */
	for (size_t i = 0; i < o->ntoks;) {
		const Tok *t = &o->toks[i];
		char c = o->s[t->start];
		bool in_body = depth == 0 || stack[depth - 1].open == '{';
		if (t->kind == TK_NEWLINE) {
			stmt = stmt || in_body;
			i++;
			continue;
		}
		int owner = ctx_block(o, stack, depth);
		if (stmt && in_body && t->kind == TK_IDENT && tok_is(o, i + 1, "=")) {
			i = outline_attr(o, i, owner);
			continue;
		}
		bool keyword = tok_is(o, i, "if") || tok_is(o, i, "else") || tok_is(o, i, "for");
		if (stmt && in_body && t->kind == TK_IDENT && !keyword) {
			size_t k = i + 1;
			while (k < o->ntoks && (o->toks[k].kind == TK_IDENT || o->toks[k].kind == TK_STRING ||
						o->toks[k].kind == TK_NUMBER))
				k++;
			if (tok_is(o, k, "{")) {
				Block b = {t->start, o->n, t->end, 0, 0, o->toks[k].end, NULL, owner < 0 ? -1 : owner};
				if (k > i + 1) {
					b.label_start = o->toks[i + 1].start;
					b.label_end = o->toks[i + 1].end;
				}
				if (owner != UNKNOWN)
					b.kind = block_kind(owner >= 0 ? o->blocks[owner].kind : NULL, owner == -1,
							    o->s + t->start, t->end - t->start, o->s + b.label_start,
							    b.label_end - b.label_start);
				GROW(o->blocks, o->nblocks, o->blockcap);
				o->blocks[o->nblocks] = b;
				GROW(stack, depth, cap);
				stack[depth++] = (Ctx){'{', (int)o->nblocks};
				o->nblocks++;
				stmt = true;
				i = k + 1;
				continue;
			}
		}
		stmt = false;
		if (t->kind == TK_PUNCT && (c == '{' || c == '[' || c == '(')) {
			GROW(stack, depth, cap);
			stack[depth++] = (Ctx){c, -1};
			stmt = c == '{';
		} else if (t->kind == TK_PUNCT && (c == '}' || c == ']' || c == ')') && depth > 0) {
			char want = c == '}' ? '{' : c == ']' ? '[' : '(';
			if (stack[depth - 1].open == want) {
				depth--;
				if (stack[depth].block >= 0)
					o->blocks[stack[depth].block].end = t->end;
				stmt = want == '{';
			}
		}
		i++;
	}
	free(stack);
}

static void outline_free(Outline *o)
{
	free(o->toks);
	free(o->blocks);
	free(o->attrs);
}

/* ---- what the mutator learned ---- */

enum {
	POOL_MAX = 64,         /* values kept per field, blocks per kind */
	VALUE_MAX = 512,       /* longest value kept */
	BLOCK_MAX = 4096,      /* longest block kept */
	INPUTS_MAX = 512,      /* inputs kept */
	HASHES = 1u << 20,     /* room in a HashSet */
};

/* Hashes of inputs, in static storage: open addressing, 0 = empty, and
 * emptied when half full. */
typedef struct HashSet {
	uint64_t slots[HASHES];
	size_t len;
} HashSet;

typedef struct Learned {
	Arena *arena;
	Interner names;
	Map pools;             /* "kind.field", "block kind", "label kind" -> Vec* of char* */
	Vec inputs;            /* Buf*: inputs that reached the back ends */
	HashSet valid;         /* inputs that reached the back ends (mutate_note_valid) */
	HashSet known;         /* and that the mutator learned from */
	Rng rng;               /* which old item a full pool gives up */
} Learned;

static Learned learned;

static uint64_t hash_bytes(const uint8_t *data, size_t size)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211u;
	return h ? h : 1;
}

/* Whether h is in the set; adds it when add is set. */
static bool hashset_has(HashSet *set, uint64_t h, bool add)
{
	size_t j = h & (HASHES - 1);
	while (set->slots[j]) {
		if (set->slots[j] == h)
			return true;
		j = (j + 1) & (HASHES - 1);
	}
	if (add && set->len * 2 >= HASHES) {
		memset(set, 0, sizeof *set);
		j = h & (HASHES - 1);
	}
	if (add) {
		set->slots[j] = h;
		set->len++;
	}
	return false;
}

static Vec *pool_get(const char *key)
{
	return map_get(&learned.pools, intern_cstr(&learned.names, key));
}

static void pool_add(const char *key, const char *s, size_t len)
{
	const char *k = intern_cstr(&learned.names, key);
	Vec *v = map_get(&learned.pools, k);
	if (!v) {
		v = xcalloc(1, sizeof *v);
		map_put(&learned.pools, k, v);
	}
	for (size_t i = 0; i < v->len; i++)
		if (strlen(v->items[i]) == len && memcmp(v->items[i], s, len) == 0)
			return;
	char *copy = xmalloc(len + 1);
	memcpy(copy, s, len);
	copy[len] = 0;
	if (v->len < POOL_MAX) {
		vec_push(v, copy);
		return;
	}
	size_t i = rnd(&learned.rng, POOL_MAX);
	free(v->items[i]);
	v->items[i] = copy;
}

/* The pool key of a block's kind where it is: "block network", or
 * "block cluster.pool" for the blocks of a field. */
static void block_key(const Outline *o, const Block *b, const char *what, Buf *key)
{
	key->len = 0;
	buf_printf(key, "%s ", what);
	if (b->parent >= 0)
		buf_printf(key, "%s.", o->blocks[b->parent].kind->name);
	buf_put(key, o->s + b->start, b->word_end - b->start);
}

void mutate_init(const Compiler *c)
{
	schema = c;
	learned.arena = arena_new();
	interner_init(&learned.names, learned.arena);
	learned.rng.s = 1;
}

void mutate_note_valid(const uint8_t *data, size_t size)
{
	hashset_has(&learned.valid, hash_bytes(data, size), true);
}

/* Learns from an input that reached the back ends: its values per
 * field, its blocks per kind, and the input itself. */
static void learn(const uint8_t *data, size_t size)
{
	Buf *in = xcalloc(1, sizeof *in);
	buf_put(in, data, size);
	if (learned.inputs.len < INPUTS_MAX) {
		vec_push(&learned.inputs, in);
	} else {
		size_t i = rnd(&learned.rng, INPUTS_MAX);
		buf_free(learned.inputs.items[i]);
		free(learned.inputs.items[i]);
		learned.inputs.items[i] = in;
	}
	Outline o;
	outline(&o, data, size);
	Buf key = {0};
	for (size_t i = 0; i < o.nattrs; i++) {
		const Attr *a = &o.attrs[i];
		if (!a->field || a->value_end - a->value_start > VALUE_MAX)
			continue;
		key.len = 0;
		buf_printf(&key, "%s.%s", o.blocks[a->block].kind->name, a->field->name);
		pool_add(buf_cstr(&key), o.s + a->value_start, a->value_end - a->value_start);
	}
	for (size_t i = 0; i < o.nblocks; i++) {
		const Block *b = &o.blocks[i];
		if (!b->kind || b->end - b->start > BLOCK_MAX || o.s[b->end - 1] != '}')
			continue;
		block_key(&o, b, "block", &key);
		pool_add(buf_cstr(&key), o.s + b->start, b->end - b->start);
		if (b->label_end > b->label_start) {
			block_key(&o, b, "label", &key);
			pool_add(buf_cstr(&key), o.s + b->label_start, b->label_end - b->label_start);
		}
	}
	buf_free(&key);
	outline_free(&o);
}

/* ---- new values ---- */

/* A random item of the pool named key, or NULL. */
static const char *pool_pick(Rng *r, const char *key)
{
	Vec *v = pool_get(key);
	return v && v->len ? v->items[rnd(r, (uint32_t)v->len)] : NULL;
}

/* Where a block can be referred to from: `network.main`,
 * `network.main.subnet.private`, `bucket["logs"]`. */
static void block_path(const Outline *o, const Block *b, Buf *out)
{
	if (b->parent >= 0) {
		block_path(o, &o->blocks[b->parent], out);
		buf_putc(out, '.');
	}
	buf_put(out, o->s + b->start, b->word_end - b->start);
	if (b->label_end <= b->label_start)
		return;
	if (is_ident_start(o->s[b->label_start])) {
		buf_putc(out, '.');
		buf_put(out, o->s + b->label_start, b->label_end - b->label_start);
	} else {
		buf_putc(out, '[');
		buf_put(out, o->s + b->label_start, b->label_end - b->label_start);
		buf_putc(out, ']');
	}
}

static const char *const strings[] = {"\"\"", "\"a\"", "\"app\"", "\"a-b\"", "\"*\"", "\"${env}\"",
				       "\"us-west-2\"", "\"123456789012\"", "\"s3:GetObject\"",
				       "\"arn:aws:s3:::b/*\"", "\"10.0.0.0/16\"", "\"x\\n\\\"y\\u00e9\""};
static const char *const cpus[] = {"500m", "1", "2", "0.25", "250m", "16", "0", "1m"};
static const char *const memories[] = {"512Mi", "4Gi", "1G", "64Mi", "1.5Gi", "256Gi", "0Mi"};
static const char *const storages[] = {"20GiB", "50GiB", "1TiB", "100GB", "8GiB", "0GiB"};
static const char *const durations[] = {"30s", "10min", "1h", "12h", "90d", "7d", "1min", "0s"};
static const char *const percents[] = {"25%", "12.5%", "100%", "0%", "50%", "99.99%"};

#define PICK(r, a) ((a)[rnd((r), COUNT_OF(a))])

static void gen_value(const Outline *o, Rng *r, const Type *t, Buf *out, int depth);

/* An int in the type's range, at its ends or just past them.  Unsigned
 * arithmetic: a range may reach the ends of int64. */
static void gen_int(Rng *r, const Type *t, Buf *out)
{
	uint64_t lo = (uint64_t)(t->has_range ? t->min : -1), hi = (uint64_t)(t->has_range ? t->max : 1000);
	uint64_t span = hi - lo, v;
	switch (rnd(r, 6)) {
	case 0:
		v = lo;
		break;
	case 1:
		v = hi;
		break;
	case 2:
		v = lo - 1;
		break;
	case 3:
		v = hi + 1;
		break;
	default:
		v = lo + (span < UINT32_MAX ? rnd(r, (uint32_t)span + 1) : rnd(r, UINT32_MAX));
	}
	buf_printf(out, "%lld", (long long)v);
}

static void gen_ref(const Outline *o, Rng *r, const Type *t, Buf *out)
{
	size_t n = 0, pick = 0;
	for (size_t i = 0; i < o->nblocks; i++)
		for (uint32_t k = 0; k < t->nkinds; k++)
			if (o->blocks[i].kind == t->kinds[k] && rnd(r, (uint32_t)++n) == 0)
				pick = i;
	if (n)
		block_path(o, &o->blocks[pick], out);
	else
		buf_printf(out, "%s.%s", t->kinds[rnd(r, t->nkinds)]->name, "x");
}

static void gen_value(const Outline *o, Rng *r, const Type *t, Buf *out, int depth)
{
	if (!t || depth > 3) {
		buf_puts(out, PICK(r, strings));
		return;
	}
	switch (t->kind) {
	case T_INT:
		gen_int(r, t, out);
		break;
	case T_BOOL:
		buf_puts(out, rnd(r, 2) ? "true" : "false");
		break;
	case T_CPU:
		buf_puts(out, PICK(r, cpus));
		break;
	case T_MEMORY:
		buf_puts(out, PICK(r, memories));
		break;
	case T_STORAGE:
		buf_puts(out, PICK(r, storages));
		break;
	case T_DURATION:
		buf_puts(out, PICK(r, durations));
		break;
	case T_PERCENT:
		buf_puts(out, PICK(r, percents));
		break;
	case T_CIDR:
		buf_printf(out, "10.%u.%u.0/%u", rnd(r, 256), rnd(r, 4) * 64, 16 + rnd(r, 13));
		break;
	case T_ENUM:
		buf_puts(out, t->members[rnd(r, t->nmembers)]);
		break;
	case T_RANGE:
		buf_printf(out, "%u..%u", 1000 + rnd(r, 100), 1100 + rnd(r, 100));
		break;
	case T_LIST: {
		uint32_t n = rnd(r, 4);
		buf_putc(out, '[');
		for (uint32_t i = 0; i < n; i++) {
			if (i)
				buf_puts(out, ", ");
			gen_value(o, r, t->elem, out, depth + 1);
		}
		buf_putc(out, ']');
		break;
	}
	case T_MAP: {
		uint32_t n = rnd(r, 3);
		buf_puts(out, "{ ");
		for (uint32_t i = 0; i < n; i++) {
			buf_printf(out, "%sk%u = ", i ? ", " : "", i);
			gen_value(o, r, t->elem, out, depth + 1);
		}
		buf_puts(out, " }");
		break;
	}
	case T_OPTIONAL:
	case T_AUTO:
		if (rnd(r, 8) == 0)
			buf_puts(out, t->kind == T_AUTO ? "auto" : "null");
		else
			gen_value(o, r, t->elem, out, depth + 1);
		break;
	case T_ONE_OF:
		gen_value(o, r, t->alts[rnd(r, t->nalts)], out, depth + 1);
		break;
	case T_REF:
		gen_ref(o, r, t, out);
		break;
	default: /* strings, names, instance types, secrets, anything */
		buf_puts(out, PICK(r, strings));
		break;
	}
}

/* Whether values of type t are references (or lists of them) to kinds
 * this input has blocks of: a learned reference names a block of
 * another input. */
static bool refers_here(const Outline *o, const Type *t)
{
	t = type_strip((Type *)t);
	if (t->kind == T_LIST)
		t = type_strip(t->elem);
	for (uint32_t k = 0; t->kind == T_REF && k < t->nkinds; k++)
		for (size_t i = 0; i < o->nblocks; i++)
			if (o->blocks[i].kind == t->kinds[k])
				return true;
	return false;
}

/* A value for field f of a block of kind k: one a valid input gave it,
 * most often, else one of its type. */
static void field_value(const Outline *o, Rng *r, const Kind *k, const Field *f, Buf *out)
{
	Buf key = {0};
	buf_printf(&key, "%s.%s", k->name, f->name);
	const char *v = rnd(r, 4) && !refers_here(o, f->type) ? pool_pick(r, buf_cstr(&key)) : NULL;
	buf_free(&key);
	if (v)
		buf_puts(out, v);
	else
		gen_value(o, r, f->type, out, 0);
}

/* A label no block is likely to have yet: a learned one with a digit
 * added, or a new one. */
static void new_label(Rng *r, const char *key, Buf *out)
{
	const char *l = pool_pick(r, key);
	unsigned d = 2 + rnd(r, 98);
	if (!l)
		buf_printf(out, "fz%u", d);
	else if (l[0] == '"')
		buf_printf(out, "%.*s%u\"", (int)strlen(l) - 1, l, d);
	else if (l[0] >= '0' && l[0] <= '9')
		buf_printf(out, "%lld", atoll(l) + d);
	else
		buf_printf(out, "%s%u", l, d);
}

/* ---- mutations ---- */

/* out = the input with [from, to) replaced by text. */
static void splice(const Outline *o, uint32_t from, uint32_t to, const char *text, size_t len, Buf *out)
{
	buf_put(out, o->s, from);
	buf_put(out, text, len);
	buf_put(out, o->s + to, o->n - to);
}

static const Attr *pick_attr(const Outline *o, Rng *r, bool known)
{
	for (int tries = 0; o->nattrs && tries < 8; tries++) {
		const Attr *a = &o->attrs[rnd(r, (uint32_t)o->nattrs)];
		if (a->field || !known)
			return a;
	}
	return NULL;
}

static const Block *pick_block(const Outline *o, Rng *r, bool known)
{
	for (int tries = 0; o->nblocks && tries < 8; tries++) {
		const Block *b = &o->blocks[rnd(r, (uint32_t)o->nblocks)];
		if (b->kind || !known)
			return b;
	}
	return NULL;
}

/* Replaces an attribute's value with another of its field's type. */
static bool mutate_value(const Outline *o, Rng *r, Buf *out)
{
	const Attr *a = pick_attr(o, r, rnd(r, 8) != 0);
	if (!a)
		return false;
	Buf v = {0};
	if (a->field)
		field_value(o, r, o->blocks[a->block].kind, a->field, &v);
	else
		gen_value(o, r, NULL, &v, 0);
	splice(o, a->value_start, a->value_end, v.data, v.len, out);
	buf_free(&v);
	return true;
}

/* Swaps the values of two attributes, of the same type more often than
 * not. */
static bool mutate_swap(const Outline *o, Rng *r, Buf *out)
{
	const Attr *a = pick_attr(o, r, false), *b = pick_attr(o, r, false);
	bool same = rnd(r, 4) != 0;
	for (int tries = 0; same && a && b && tries < 16; tries++) {
		if (a != b && a->field && b->field && type_strip(a->field->type)->kind == type_strip(b->field->type)->kind)
			break;
		b = pick_attr(o, r, false);
	}
	if (!a || !b || a == b)
		return false;
	if (a->value_start > b->value_start) {
		const Attr *t = a;
		a = b;
		b = t;
	}
	if (a->value_end > b->value_start)
		return false;
	buf_put(out, o->s, a->value_start);
	buf_put(out, o->s + b->value_start, b->value_end - b->value_start);
	buf_put(out, o->s + a->value_end, b->value_start - a->value_end);
	buf_put(out, o->s + a->value_start, a->value_end - a->value_start);
	buf_put(out, o->s + b->value_end, o->n - b->value_end);
	return true;
}

static bool block_sets(const Outline *o, const Block *b, const Field *f)
{
	for (size_t i = 0; i < o->nattrs; i++)
		if (o->attrs[i].field == f && &o->blocks[o->attrs[i].block] == b)
			return true;
	return false;
}

/* Adds to a block an attribute its kind declares, one it does not set
 * yet more often than not. */
static bool mutate_add_attr(const Outline *o, Rng *r, Buf *out)
{
	const Block *b = pick_block(o, r, true);
	if (!b || !b->kind->nfields)
		return false;
	const Field *f = NULL;
	for (int tries = 0; tries < 8; tries++) {
		const Field *g = b->kind->fields[rnd(r, b->kind->nfields)];
		if (g->output || type_is_block(type_strip(g->type)))
			continue;
		f = g;
		if (!block_sets(o, b, g) || rnd(r, 8) == 0)
			break;
	}
	if (!f)
		return false;
	Buf line = {0};
	buf_printf(&line, "\n%s = ", f->name);
	field_value(o, r, b->kind, f, &line);
	buf_putc(&line, '\n');
	splice(o, b->open, b->open, line.data, line.len, out);
	buf_free(&line);
	return true;
}

static bool mutate_del_attr(const Outline *o, Rng *r, Buf *out)
{
	const Attr *a = pick_attr(o, r, false);
	if (!a)
		return false;
	splice(o, a->start, a->value_end, "", 0, out);
	return true;
}

/* A new block of kind k written `word`: its labels, its required
 * fields and now and then an optional one. */
static void gen_block(const Outline *o, Rng *r, const Kind *k, const char *word, const char *label_key, Buf *out)
{
	buf_puts(out, word);
	if (k->variant) {
		buf_printf(out, " %s", k->variant);
	} else {
		int labels = k->min_labels > 0 ? k->min_labels : k->max_labels > 0;
		for (int i = 0; i < labels; i++) {
			buf_putc(out, ' ');
			new_label(r, label_key, out);
		}
	}
	buf_puts(out, " {\n");
	for (uint32_t i = 0; i < k->nfields; i++) {
		const Field *f = k->fields[i];
		if (f->output || type_is_block(type_strip(f->type)) || (!f->required && rnd(r, 8)))
			continue;
		buf_printf(out, "  %s = ", f->name);
		field_value(o, r, k, f, out);
		buf_putc(out, '\n');
	}
	buf_puts(out, "}\n");
}

/* Renames the first label of the block text b (found by outlining it)
 * to a new one. */
static void relabel(Rng *r, const char *text, const char *label_key, Buf *out)
{
	Outline o;
	outline(&o, (const uint8_t *)text, strlen(text));
	if (!o.nblocks || o.blocks[0].label_end <= o.blocks[0].label_start) {
		buf_puts(out, text);
	} else {
		Buf l = {0};
		new_label(r, label_key, &l);
		buf_put(out, text, o.blocks[0].label_start);
		buf_put(out, l.data, l.len);
		buf_puts(out, text + o.blocks[0].label_end);
		buf_free(&l);
	}
	outline_free(&o);
}

/* Adds a block: at top level, or in a block whose kind has fields of
 * blocks; one a valid input had (relabelled), or a new one. */
static bool mutate_add_block(const Outline *o, Rng *r, Buf *out)
{
	const Block *parent = rnd(r, 3) ? pick_block(o, r, true) : NULL;
	const Kind *k = NULL;
	const char *word = NULL;
	Buf key = {0}, label_key = {0}, text = {0};
	if (parent) {
		const Field *f = parent->kind->nfields ? parent->kind->fields[rnd(r, parent->kind->nfields)] : NULL;
		const Type *t = f ? type_strip(f->type) : NULL;
		if (!t || !type_is_block(t))
			return false;
		k = t->kinds[rnd(r, t->nkinds)];
		word = f->name;
		buf_printf(&key, "block %s.%s", parent->kind->name, word);
		buf_printf(&label_key, "label %s.%s", parent->kind->name, word);
	} else {
		const Kind *top[256];
		size_t n = 0;
		for (size_t i = 0; i < schema->kinds.len && n < COUNT_OF(top); i++)
			if (!((const Kind *)schema->kinds.vals[i])->nested)
				top[n++] = schema->kinds.vals[i];
		if (!n)
			return false;
		k = top[rnd(r, (uint32_t)n)];
		word = k->name;
		buf_printf(&key, "block %s", word);
		buf_printf(&label_key, "label %s", word);
	}
	const char *learnt = rnd(r, 4) ? pool_pick(r, buf_cstr(&key)) : NULL;
	buf_putc(&text, '\n');
	if (learnt && (!k->variant || rnd(r, 2)))
		relabel(r, learnt, buf_cstr(&label_key), &text);
	else
		gen_block(o, r, k, word, buf_cstr(&label_key), &text);
	buf_putc(&text, '\n');
	uint32_t at = parent ? parent->open : rnd(r, 2) ? o->n : 0;
	if (!parent && at == 0)
		for (size_t i = 0; i < o->nblocks; i++) /* before a top-level block */
			if (o->blocks[i].parent < 0 && rnd(r, (uint32_t)i + 1) == 0)
				at = o->blocks[i].start;
	splice(o, at, at, text.data, text.len, out);
	buf_free(&key);
	buf_free(&label_key);
	buf_free(&text);
	return true;
}

/* Writes a copy of a block after it, under a new label. */
static bool mutate_copy_block(const Outline *o, Rng *r, Buf *out)
{
	const Block *b = pick_block(o, r, false);
	if (!b || b->label_end <= b->label_start)
		return false;
	Buf label_key = {0}, l = {0};
	if (b->kind)
		block_key(o, b, "label", &label_key);
	new_label(r, buf_cstr(&label_key), &l);
	buf_put(out, o->s, b->end);
	buf_putc(out, '\n');
	buf_put(out, o->s + b->start, b->label_start - b->start);
	buf_put(out, l.data, l.len);
	buf_put(out, o->s + b->label_end, b->end - b->label_end);
	buf_put(out, o->s + b->end, o->n - b->end);
	buf_free(&label_key);
	buf_free(&l);
	return true;
}

static bool mutate_del_block(const Outline *o, Rng *r, Buf *out)
{
	const Block *b = pick_block(o, r, false);
	if (!b)
		return false;
	splice(o, b->start, b->end, "", 0, out);
	return true;
}

static const struct {
	bool (*fn)(const Outline *o, Rng *r, Buf *out);
	uint32_t weight;
} mutations[] = {
	{mutate_value, 30},     {mutate_swap, 8},       {mutate_add_attr, 15}, {mutate_del_attr, 10},
	{mutate_add_block, 15}, {mutate_copy_block, 8}, {mutate_del_block, 6},
};

static bool mutate_once(const Outline *o, Rng *r, Buf *out)
{
	uint32_t total = 0;
	for (size_t i = 0; i < COUNT_OF(mutations); i++)
		total += mutations[i].weight;
	uint32_t x = rnd(r, total);
	size_t i = 0;
	while (x >= mutations[i].weight)
		x -= mutations[i++].weight;
	return mutations[i].fn(o, r, out);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	Rng r = {seed ? seed : 1};
	if (!schema || rnd(&r, 4) == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	uint64_t h = hash_bytes(data, size);
	bool valid = hashset_has(&learned.valid, h, false);
	if (valid && !hashset_has(&learned.known, h, true))
		learn(data, size);
	if (!valid && learned.inputs.len && rnd(&r, 4) != 0) {
		const Buf *in = learned.inputs.items[rnd(&r, (uint32_t)learned.inputs.len)];
		if (in->len <= max_size) {
			memcpy(data, in->data, in->len);
			size = in->len;
		}
	}
	Outline o;
	outline(&o, data, size);
	Buf out = {0};
	bool done = false;
	for (int tries = 0; tries < 4 && !done; tries++) {
		out.len = 0;
		done = mutate_once(&o, &r, &out) && out.len <= max_size &&
		       (out.len != size || memcmp(out.data, data, size) != 0);
	}
	outline_free(&o);
	if (done) {
		memcpy(data, out.data, out.len);
		size = out.len;
	}
	buf_free(&out);
	return done ? size : LLVMFuzzerMutate(data, size, max_size);
}

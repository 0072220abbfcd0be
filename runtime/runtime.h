/*
 * runtime.h: the one header of the runtime layer.
 *
 * Everything here but the diagnostic codes is independent of the .infra
 * language (diagnostics.def lists the codes of every layer, so that one
 * registry explains them all): memory (one
 * arena per compilation), interned strings, vectors, hash maps, byte
 * buffers, source files with line tables, the diagnostics engine and its
 * code registry, writers for JSON, YAML and HCL, SHA-256 and atomic
 * output.  The layers above (grammar, compiler, emitters) include this
 * header; this layer includes nothing of theirs.
 *
 * Sections are named after the .c file that defines them.
 */
#ifndef INFRAC_RUNTIME_H
#define INFRAC_RUNTIME_H

#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF_LIKE(f, a)
#define NORETURN
#endif

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- arena.c ---- */

typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
	ArenaChunk *head;
	size_t used_total;
	void *exact;       /* arena_alloc_exact blocks, under AddressSanitizer */
} Arena;

NORETURN void fatal(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Says so on stderr, removes a folder being built, exits with status 2. */
NORETURN void out_of_memory(void);
#define unreachable() fatal("internal error at %s:%d", __FILE__, __LINE__)
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

Arena *arena_new(void);
void arena_free(Arena *a);
/* Forgets everything allocated from a, keeping its newest chunk for what
 * comes next: a scratch arena for trees built and written one at a time. */
void arena_reset(Arena *a);
/* Zeroed memory, aligned for pointers and 64-bit integers (8 bytes, not
 * max_align_t); never fails (aborts on OOM).  Strings from the arena are
 * not aligned at all. */
void *arena_alloc(Arena *a, size_t n);
/* arena_alloc, except that under AddressSanitizer the block is a heap
 * block of exactly n bytes, so a read past its end is caught: for objects
 * allocated shorter than their type (see Node). */
void *arena_alloc_exact(Arena *a, size_t n);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) PRINTF_LIKE(2, 3);
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);
#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define ARENA_ARRAY(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)(n)))

/* ---- str.c ---- */

/* Interned strings: equal contents give the same pointer, so interned
 * names compare with ==.  The table lives in the arena. */
typedef struct Interner {
	Arena *arena;
	const char **slots;
	uint32_t *hashes;
	size_t cap, len;
} Interner;

void interner_init(Interner *in, Arena *a);
void interner_free(Interner *in);
/* Starts dst (initialised, empty) with every name of src, at the same
 * addresses: src's arena must outlive dst. */
void interner_copy(Interner *dst, const Interner *src);
const char *intern(Interner *in, const char *s, size_t len);
const char *intern_cstr(Interner *in, const char *s);
uint32_t str_hash(const char *s, size_t len);
/* Levenshtein distance, capped: returns limit + 1 when larger. */
size_t str_edit_distance(const char *a, const char *b, size_t limit);
bool str_has_prefix(const char *s, const char *prefix);
bool str_has_suffix(const char *s, const char *suffix);
/* Number of UTF-8 code points in s[0..len); invalid bytes count as one. */
size_t utf8_width(const char *s, size_t len);
/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* The controls that reorder displayed text (UAX #9): embeddings and
 * overrides, isolates, implicit marks. */
bool utf8_is_bidi(uint32_t cp);
int utf8_encode(uint32_t cp, char out[4]);

/* ---- vec.c ---- */

typedef struct Vec {
	void **items;
	size_t len, cap;
} Vec;

void vec_push(Vec *v, void *item);
void vec_free(Vec *v);
void *vec_last(const Vec *v);
void vec_sort(Vec *v, int (*cmp)(const void *, const void *));

/* ---- map.c ---- */

/* Hash map from interned strings to pointers.  Iteration follows
 * insertion order, so anything printed from a map is deterministic. */
typedef struct Map {
	const char **keys;
	void **vals;
	size_t len, cap;
	uint32_t *index; /* open addressing: 0 = empty, else position + 1 */
	size_t index_cap;
} Map;

void *map_get(const Map *m, const char *key);
/* Returns the previous value or NULL. */
void *map_put(Map *m, const char *key, void *val);
void map_free(Map *m);

/* ---- buf.c ---- */

typedef struct Buf {
	char *data;
	size_t len, cap;
} Buf;

void buf_reserve(Buf *b, size_t extra);
void buf_put(Buf *b, const void *p, size_t n);
void buf_puts(Buf *b, const char *s);
/* Called for every character of most outputs: the common case inline. */
static inline void buf_putc(Buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_reserve(b, 1);
	b->data[b->len++] = c;
}
void buf_printf(Buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
/* Appends fmt formatted, when it needs none of vsnprintf's conversions
 * beyond the simple ones; false, with nothing written, otherwise. */
bool buf_format(Buf *b, const char *fmt, va_list ap);
void buf_indent(Buf *b, int n);
void buf_free(Buf *b);
void buf_shrink(Buf *b);
void buf_write(const Buf *b, FILE *out);
/* NUL-terminates without counting the NUL in len. */
const char *buf_cstr(Buf *b);

/* ---- src.c ---- */

typedef struct Span {
	uint32_t file;
	uint32_t start, end; /* byte offsets, end exclusive */
} Span;

typedef struct SrcFile {
	const char *path;    /* as shown in diagnostics */
	const char *real;    /* canonical path, for import identity */
	const char *text;
	uint32_t len;
	uint32_t *lines;     /* byte offset of each line start */
	uint32_t nlines;
} SrcFile;

typedef struct SrcMap {
	SrcFile **files;
	uint32_t len, cap;
} SrcMap;

typedef struct SrcPos {
	uint32_t line, col; /* 1-based; col counts UTF-8 code points */
} SrcPos;

enum { SRC_MAX_BYTES = 64u << 20 };

/* Reads path.  On failure returns NULL and sets *reason to a message
 * like "No such file or directory" (static or arena storage). */
SrcFile *src_read(SrcMap *sm, Arena *a, const char *path, const char **reason);
SrcFile *src_add(SrcMap *sm, Arena *a, const char *path, const char *text, size_t len);
SrcPos src_pos(const SrcFile *f, uint32_t offset);
/* Start and length of the line holding offset, without its newline. */
void src_line(const SrcFile *f, uint32_t line, const char **start, size_t *len);
void srcmap_free(SrcMap *sm);

/* ---- diag.c ---- */

typedef enum Severity { SEV_ERROR, SEV_WARNING, SEV_NOTE } Severity;

typedef enum DiagCode {
#define DIAG(id, code, sev, title, text) id,
#include "diagnostics.def"
#undef DIAG
	DIAG_CODE_COUNT
} DiagCode;

typedef struct DiagInfo {
	const char *code;   /* stable, e.g. "SYN-E001" */
	Severity severity;  /* default severity */
	const char *title;  /* short rule name */
	const char *text;   /* long explanation for `infrac explain` */
} DiagInfo;

extern const DiagInfo diag_info[DIAG_CODE_COUNT];
const DiagInfo *diag_info_find(const char *code);

typedef struct DiagNote {
	bool has_span;
	Span span;
	const char *msg;
} DiagNote;

typedef struct Diag {
	DiagCode code;
	Severity severity;
	Span span;
	const char *msg;
	Vec notes; /* DiagNote*, in order */
	Vec helps; /* const char* */
	uint32_t seq;
} Diag;

typedef enum DiagFormat { DIAG_TEXT, DIAG_JSON, DIAG_SARIF } DiagFormat;

/* A site where the user allowed a warning with a written reason. */
typedef struct DiagAllow {
	Span span;      /* region the allow covers */
	Span at;        /* the allow statement itself */
	DiagCode code;
	const char *reason;
	bool used;
	bool copy;      /* the same allow over a file its block reads: reported once, as the original */
} DiagAllow;

typedef struct Diags {
	Arena *arena;
	SrcMap *srcs;
	Vec list;       /* Diag* */
	Vec allows;     /* DiagAllow* */
	uint32_t errors, warnings;
	uint32_t cap;   /* stop recording errors after this many */
	bool werror;
	bool capped;
	bool report_unused_allows; /* every check ran, so an unused allow means something */
} Diags;

void diags_init(Diags *d, Arena *a, SrcMap *sm);
void diags_free(Diags *d);
Diag *diag_add(Diags *d, DiagCode code, Span span, const char *fmt, ...) PRINTF_LIKE(4, 5);
Diag *diag_vadd(Diags *d, DiagCode code, Span span, const char *fmt, va_list ap);
void diag_note(Diags *d, Diag *g, Span span, const char *fmt, ...) PRINTF_LIKE(4, 5);
void diag_note_plain(Diags *d, Diag *g, const char *fmt, ...) PRINTF_LIKE(3, 4);
void diag_help(Diags *d, Diag *g, const char *fmt, ...) PRINTF_LIKE(3, 4);
bool diags_full(const Diags *d);
/* Whether an error other than `except` (DIAG_CODE_COUNT: none) lies
 * within the span: text evaluated more than once, such as the body of a
 * `for`, reports its mistakes once. */
bool diags_error_within(const Diags *d, Span span, DiagCode except);
/* Applies allows and --werror, sorts by position and drops duplicates. */
void diags_finish(Diags *d);
void diags_render(Diags *d, DiagFormat fmt, FILE *out);
void diags_render_text(Diags *d, Buf *out, bool color);
/* One document holding d alone (DiagDoc, below, holds a whole run). */
void diags_render_json(Diags *d, Buf *out);
void diags_render_sarif(Diags *d, Buf *out, const char *version);
/* The help URI of a code: its anchor in docs/diagnostics.md, as published
 * at the docs_url build option. */
void diag_help_uri(Buf *out, const DiagInfo *info);
/* docs/diagnostics.md: every code with its title and explanation, under a
 * heading that is the code, so the anchor is the code in lower case. */
void diag_info_markdown(Buf *out);
bool span_contains(Span outer, Span inner);
Span span_join(Span a, Span b);

/* ---- json.c ---- */

/* A pretty-printing JSON writer: two-space indent, keys in the order
 * the caller writes them, final newline from json_finish. */
/* Values nest at most 64 deep (eval.c); the writers leave room for the
 * objects around them. */
enum { JSON_MAX_DEPTH = 256 };

typedef struct JsonW {
	Buf *out;
	int depth;
	bool first[JSON_MAX_DEPTH];
	bool after_key;
	bool compact;
} JsonW;

void json_init(JsonW *w, Buf *out);
void json_object_begin(JsonW *w);
void json_object_end(JsonW *w);
void json_array_begin(JsonW *w);
void json_array_end(JsonW *w);
void json_key(JsonW *w, const char *key);
void json_string(JsonW *w, const char *s);
void json_string_n(JsonW *w, const char *s, size_t n);
void json_int(JsonW *w, int64_t v);
void json_double(JsonW *w, double v, int decimals);
void json_bool(JsonW *w, bool v);
void json_null(JsonW *w);
void json_finish(JsonW *w);
void json_escape(Buf *b, const char *s, size_t n);
/* A key, or a whole value, whose text the caller has already escaped. */
void json_key_raw(JsonW *w, const char *raw);
void json_value_raw(JsonW *w, const char *raw);

/* ---- diag.c: one diagnostics document per run ---- */

/* `infrac check --diagnostics-format=sarif a.infra b.infra` prints one
 * SARIF log with the results of both files, not one log each.  Every
 * file's diagnostics are rendered into the document as soon as they are
 * final (its sources are freed with its compiler); the document is
 * written once, at the end of the run.  Text is the exception: with a
 * stream, each file's diagnostics are written to it as they come. */
typedef struct DiagDoc {
	DiagFormat format;
	const char *version; /* SARIF: the tool's version */
	const char *root;    /* SARIF: the absolute folder of %SRCROOT%, or NULL */
	FILE *stream;        /* text: written through to it */
	bool color;          /* text: ANSI colours */
	Buf out;
	JsonW w;
	uint32_t files;      /* diags_doc_add calls */
	uint32_t errors, warnings;
} DiagDoc;

/* Starts the document of the fields the caller has set. */
void diags_doc_begin(DiagDoc *doc);
/* Adds the diagnostics of one file, after diags_finish. */
void diags_doc_add(DiagDoc *doc, Diags *d);
/* Closes the document: doc->out holds all of it.  The caller frees out. */
void diags_doc_end(DiagDoc *doc);

/* ---- yaml.c ---- */

/* A block-style YAML writer: two-space indents, `- ` sequence items with
 * a mapping's first key on the dash's line, `key: {}` and `key: []` for
 * empty containers.  Scalars are written plain only when no YAML 1.1
 * reader can take them for anything but the same string (see
 * yaml_plain_ok); everything else is double-quoted. */
typedef struct YamlFrame {
	bool seq;
	bool first_on_dash; /* a mapping whose first key shares the line of its `-` */
	int indent;
	int count;
} YamlFrame;

enum { YAML_MAX_DEPTH = 256 };

typedef struct YamlW {
	Buf *out;
	YamlFrame stack[YAML_MAX_DEPTH];
	int depth;
	bool key_pending;
	bool key_explicit;  /* the pending key was written as `? key` (too long for `key:`) */
	bool after_dash;
	int docs;
} YamlW;

/* Whether s can be written unquoted and read back as the same string. */
bool yaml_plain_ok(const char *s, size_t n);
/* Appends s double-quoted with escapes: control characters, line
 * separators and bytes that are not UTF-8 (written as U+FFFD, the one
 * change: YAML text is Unicode) never appear raw. */
void yaml_quote(Buf *b, const char *s, size_t n);
void yaml_init(YamlW *w, Buf *out);
/* Starts a document; every document after the first is preceded by `---`. */
void yaml_doc_start(YamlW *w);
void yaml_map_begin(YamlW *w);
void yaml_map_end(YamlW *w);
void yaml_seq_begin(YamlW *w);
void yaml_seq_end(YamlW *w);
void yaml_key(YamlW *w, const char *key);
void yaml_key_n(YamlW *w, const char *key, size_t n);
void yaml_string(YamlW *w, const char *s);
void yaml_string_n(YamlW *w, const char *s, size_t n);
void yaml_int(YamlW *w, int64_t v);
void yaml_bool(YamlW *w, bool v);
void yaml_null(YamlW *w);

/* ---- hcl.c ---- */

/* Writes HCL the way `terraform fmt` lays it out: two-space indents, and
 * the `=` of consecutive one-line attributes aligned.  A group of
 * attributes is held back until something ends it (a blank line, a
 * block, a multi-line value, the end of the body), then written. */
typedef struct HclAttr {
	char *name;
	char *value; /* rendered; a heredoc value holds its lines */
} HclAttr;

typedef struct HclW {
	Buf *out;
	int depth;
	HclAttr *group;
	size_t ngroup, capgroup;
	bool need_blank;
} HclW;

void hcl_init(HclW *w, Buf *out);
void hcl_block_begin(HclW *w, const char *header);
void hcl_block_end(HclW *w);
/* value is an HCL expression on one line. */
void hcl_attr(HclW *w, const char *name, const char *value);
/* A heredoc whose text is exactly text (which must end with a newline). */
void hcl_attr_heredoc(HclW *w, const char *name, const char *text);
/* A multi-line object or list value: name = { ... } / name = [ ... ]. */
void hcl_object_begin(HclW *w, const char *name);
void hcl_object_end(HclW *w);
void hcl_list_begin(HclW *w, const char *name);
void hcl_list_item(HclW *w, const char *value);
void hcl_list_end(HclW *w);
void hcl_blank(HclW *w);
void hcl_finish(HclW *w);
/* Appends s as an HCL string literal: quotes, escapes, and `${`/`%{`
 * doubled so Terraform reads them literally. */
void hcl_string(Buf *b, const char *s, size_t n);
/* Whether s is a valid HCL identifier (for attribute names and keys). */
bool hcl_ident_ok(const char *s);

/* ---- sha256.c ---- */

void sha256_hex(const void *data, size_t len, char out[65]);

/* ---- outdir.c ---- */

typedef struct OutEntry {
	const char *path; /* relative, '/'-separated, validated */
	const char *data;
	size_t len;
} OutEntry;

/* Whether a relative output path stays inside its folder. */
bool outdir_path_ok(const char *path);
/* An output folder being written: a fresh folder beside dir that takes
 * dir's place when closed.  outdir_open returns 0, or 2 with *err set
 * (dir is not a folder, or is not empty and was not written by infrac). */
typedef struct OutStage OutStage;
int outdir_open(const char *dir, OutStage **st, const char **err);
/* Hands files over to be written (by a thread of the stage's while the
 * caller goes on).  When owned, the stage frees each file's data and the
 * array once written; else both must live until outdir_close. */
void outdir_add(OutStage *st, OutEntry *files, size_t n, bool owned);
/* Waits for the writes, adds MANIFEST.sha256, carries over the files of
 * dir that its MANIFEST.sha256 does not list (the user's), flushes, and
 * swaps the folder into place; *nfiles counts infrac's files, manifest
 * included.  Returns 0, or 2 with *err set and dir untouched (a user's
 * file where the build writes is such an error).  Frees st either way. */
int outdir_close(OutStage *st, size_t *nfiles, const char **err);
/* Removes the folder being written, leaving dir untouched; frees st. */
void outdir_abandon(OutStage *st);
/* outdir_open, outdir_add of files the caller keeps, outdir_close. */
int outdir_commit(const char *dir, OutEntry *files, size_t n, const char **err);
/* Compares dir with the files; prints stale, missing and extra paths to
 * report, extra being files its MANIFEST.sha256 lists that the build no
 * longer writes.  Returns 0 when they agree, 1 when not, 2 on I/O errors. */
int outdir_check(const char *dir, OutEntry *files, size_t n, Buf *report, const char **err);
/* The manifest text for the files, sorted by path. */
void outdir_manifest(OutEntry *files, size_t n, Buf *out);
/* Removes the folder being built, with calls safe in a signal handler:
 * for a process about to die (a signal, running out of memory). */
void outdir_emergency(void);

#endif

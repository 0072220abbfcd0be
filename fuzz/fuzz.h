/*
 * fuzz.h: what the fuzz targets share.
 *
 * Each target is one fuzz_NAME.c defining LLVMFuzzerTestOneInput.  The
 * same object links either with libFuzzer (-Dfuzz=true) or with
 * replay.c, a plain main() that feeds it files, so the corpus is
 * replayed as an ordinary test in every build.  The helpers here build
 * one compilation's state from the input bytes, render the diagnostics
 * in every format and check properties any output must have: a crash
 * is not the only bug a fuzzer can find.
 */
#ifndef INFRAC_FUZZ_H
#define INFRAC_FUZZ_H

#include "grammar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Set by replay.c: the inputs are replayed, not fuzzed, so a target may
 * spend more on each (fuzz_compile compiles it twice and compares). */
extern bool fuzz_replaying;

/* One compilation of one in-memory file.  Nothing in it outlives
 * fuzz_unit_free, so no state carries over from one input to the next. */
typedef struct FuzzUnit {
	Arena *arena;
	Interner names;
	SrcMap srcs;
	Diags diags;
	const SrcFile *file;
	Vec comments; /* Comment*, for targets that collect them */
	bool sarif;   /* fuzz_sarif_wanted */
} FuzzUnit;

/* Returns false (and sets nothing up) for inputs larger than a source
 * file may be. */
bool fuzz_unit_init(FuzzUnit *u, const uint8_t *data, size_t size);
void fuzz_unit_free(FuzzUnit *u);

/* Whether the diagnostics of this input are rendered as SARIF too: a
 * SARIF document lists every rule with its explanation, 80 KB that no
 * input changes, whose rendering and check would cost more than the
 * compilation.  Always when replaying; while fuzzing, for one input in
 * 32, chosen by a hash of the bytes so that a rerun of an input checks
 * what its first run did. */
bool fuzz_sarif_wanted(const uint8_t *data, size_t size);

/* Finishes the diagnostics, renders them as text (plain and colored),
 * JSON and, if u->sarif, SARIF, and checks each rendering. */
void fuzz_render_diags(FuzzUnit *u);

/* The same for any compilation's diagnostics (every span inside the file
 * it names, counts that match the list, order); appends the plain text,
 * JSON and SARIF renderings to all when it is not NULL. */
void fuzz_check_diags(Diags *d, bool sarif, Buf *all);

/* Checks every node's span and every comment's span against the file. */
void fuzz_check_tree(const FuzzUnit *u, const Node *root);

/* The AST dump: valid UTF-8, no control bytes but line breaks. */
void fuzz_check_dump(const char *s, size_t n);

/* Reports a broken property on stderr and aborts, which the fuzzer and
 * the replay driver both treat as a crash. */
NORETURN void fuzz_fail(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Well-formed JSON text (RFC 8259) in valid UTF-8, or fuzz_fail. */
void fuzz_check_json(const char *what, const char *s, size_t n);

/* Valid UTF-8, no control bytes but those in allowed, a final line break
 * unless empty. */
void fuzz_check_text(const char *what, const char *s, size_t n, const char *allowed);

/* Clean text that libyaml loads, every document, with no key twice in a
 * mapping and no application tags. */
void fuzz_check_yaml(const char *what, const char *s, size_t n);

/* Clean text (a raw DEL allowed, as in HCL strings) whose brackets,
 * quoted strings and their escapes, template interpolations, heredocs and
 * comments are balanced and closed: not a full HCL parser, but what a
 * writer most easily gets wrong. */
void fuzz_check_hcl(const char *what, const char *s, size_t n);

/* Length of the valid UTF-8 sequence at s, or 0; written here rather
 * than taken from the runtime, so the check does not trust the code it
 * checks. */
size_t fuzz_utf8_len(const unsigned char *s, size_t n);

#endif

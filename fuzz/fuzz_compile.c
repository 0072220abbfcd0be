/*
 * fuzz_compile.c: the whole pipeline on arbitrary bytes.
 *
 * The input is an environment file.  It is compiled as `infrac check`
 * compiles a file: the standard library's schema, the file and its
 * imports, expansion, typed evaluation, the cross-resource checks, the
 * instance catalog and the capacity solver, then, when there is an
 * environment and no error, every back end in memory and the consistency
 * check.  Beyond the sanitizers it checks:
 *
 *   - the diagnostics, as for the parse target (fuzz_check_diags): every
 *     span inside its file, text, JSON and SARIF renderings well formed;
 *   - when the compilation succeeds, every output: JSON documents are
 *     JSON, YAML files load with libyaml without duplicate keys, HCL
 *     files have balanced brackets, strings, interpolations and
 *     heredocs; the Model dump and the plan reports are well formed too;
 *   - determinism, when the inputs are replayed (fuzz_replaying): each is
 *     compiled twice, and the diagnostics and every output file must come
 *     out byte for byte the same.  The fuzzer compiles each input once.
 *
 * Nothing is written.  The input is handed to the compiler in memory as
 * /nonexistent/fuzz.infra (a folder that does not exist, so its imports
 * are found in the standard library only), the back ends fill buffers,
 * and the standard library's schema is loaded once, by a compiler every
 * compilation borrows its kinds from (CompileOptions.schema).  An input
 * importing an absolute path or one with a `..` segment could name any
 * file on the machine, so it is not compiled; every file a compilation
 * read is checked to be the input or to lie in the standard library,
 * $INFRAC_STDLIB, else the one in the source tree.
 *
 * With FUZZ_STATS=1 the target prints at exit how many inputs it ran
 * and how many of them reached the back ends.
 */
#define _GNU_SOURCE /* memmem */
#include "emit.h"
#include "fuzz.h"
#ifdef FUZZ_LIBFUZZER
#include "mutate.h"
#endif

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FUZZ_SRCROOT
#error "FUZZ_SRCROOT must name the source tree (fuzz/meson.build defines it)"
#endif

/* Where the input is said to be: a folder no one makes. */
static const char input_dir[] = "/nonexistent";
static const char input_path[] = "/nonexistent/fuzz.infra";

static char stdlib_dir[PATH_MAX];  /* the standard library, as given to the compiler */
static char stdlib_real[PATH_MAX]; /* and its canonical path */
static Compiler *schema;           /* the schema every compilation borrows */

static unsigned long stats_inputs, stats_emitted;

static void stats_print(void)
{
	fprintf(stderr, "fuzz_compile: %lu inputs, %lu reached the back ends (%.1f%%)\n", stats_inputs,
		stats_emitted, stats_inputs ? 100.0 * (double)stats_emitted / (double)stats_inputs : 0.0);
}

static void setup(void)
{
	if (schema)
		return;
	const char *env = getenv("INFRAC_STDLIB");
	snprintf(stdlib_dir, sizeof stdlib_dir, "%s", env && *env ? env : FUZZ_SRCROOT "/stdlib");
	if (!realpath(stdlib_dir, stdlib_real))
		fatal("fuzz: no standard library at \"%s\": %s", stdlib_dir, strerror(errno));
	struct stat st;
	if (stat(input_dir, &st) == 0)
		fatal("fuzz: \"%s\" exists: the input's imports would be looked for there", input_dir);
	CompileOptions co = {0};
	co.stdlib_dir = stdlib_dir;
	schema = compiler_new(&co);
	if (!schema_load(schema))
		fatal("fuzz: the schema of \"%s\" does not load", stdlib_dir);
#ifdef FUZZ_LIBFUZZER
	mutate_init(schema);
#endif
	const char *stats = getenv("FUZZ_STATS");
	if (stats && strcmp(stats, "1") == 0)
		atexit(stats_print);
}

/* Whether an import path stays in the folders it is looked up in: not
 * absolute, and no `..` segment. */
static bool import_confined(const char *path)
{
	if (path[0] == '/')
		return false;
	for (const char *p = path; *p;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += len + (slash ? 1 : 0);
	}
	return true;
}

/* Parses the input alone and looks at its imports (they are top-level
 * items; load.c reads no others), when it has the word at all. */
static bool imports_confined(const uint8_t *data, size_t size)
{
	if (!memmem(data, size, "import", 6))
		return true;
	FuzzUnit u;
	if (!fuzz_unit_init(&u, data, size))
		return false;
	Node *root = parse_file(u.arena, u.arena, &u.names, &u.diags, u.file, 0, NULL);
	bool ok = true;
	for (uint32_t i = 0; root && ok && i < root->list.len; i++) {
		const Node *it = root->list.items[i];
		if (it->kind == N_IMPORT && it->a && it->a->kind == N_STRING && it->a->str)
			ok = import_confined(it->a->str);
	}
	fuzz_unit_free(&u);
	return ok;
}

/* One compilation, as `infrac check` runs it (driver.c, compile()). */
typedef struct Run {
	Compiler *c;
	Emit out;
	bool ok;      /* compile_file succeeded */
	bool emitted; /* the back ends ran */
	bool sarif;   /* fuzz_sarif_wanted */
} Run;

static void run_compile(Run *r, const uint8_t *data, size_t size)
{
	memset(r, 0, sizeof *r);
	r->sarif = fuzz_sarif_wanted(data, size);
	CompileOptions co = {0};
	co.stdlib_dir = stdlib_dir;
	co.schema = schema;
	co.root_text = size ? (const char *)data : "";
	co.root_len = size;
	r->c = compiler_new(&co);
	r->ok = compile_file(r->c, input_path);
	if (r->ok && r->c->environment) {
		emit_init(&r->out, r->c->model);
		emit_all(&r->out, NULL, 0);
		r->c->diags.report_unused_allows = true;
		r->emitted = true;
	}
}

static void run_free(Run *r)
{
	emit_free(&r->out);
	compiler_free(r->c);
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && path[n] == '/';
}

static void check_files_read(const Compiler *c)
{
	for (uint32_t i = 0; i < c->srcs.len; i++) {
		const SrcFile *f = c->srcs.files[i];
		if (strcmp(f->real, input_path) != 0 && !under(f->real, stdlib_real))
			fuzz_fail("the compilation read \"%s\", which is neither the input nor in \"%s\"", f->real,
				  stdlib_real);
	}
}

static void check_output(const char *path, const char *s, size_t n)
{
	if (str_has_suffix(path, ".json")) {
		fuzz_check_text(path, s, n, "\n\x7f"); /* JSON strings may hold a raw DEL */
		fuzz_check_json(path, s, n);
	} else if (str_has_suffix(path, ".yaml"))
		fuzz_check_yaml(path, s, n);
	else if (str_has_suffix(path, ".tf"))
		fuzz_check_hcl(path, s, n);
	else
		fuzz_fail("an output file of unknown type: \"%s\"", path);
}

static void snap_put(Buf *snap, const char *s, size_t n)
{
	if (n)
		buf_put(snap, s, n);
}

/* Checks one compilation and writes everything it produced to snap, for
 * the comparison with the other compilation of the same input. */
static void check_run(Run *r, Buf *snap)
{
	Compiler *c = r->c;
	check_files_read(c);
	if (c->io_error)
		fuzz_fail("an I/O error reading the input or the standard library");
	fuzz_check_diags(&c->diags, r->sarif, snap);
	bool clean = r->ok && c->diags.errors == 0;
	buf_printf(snap, "\n== ok %d, emitted %d, %u errors, %u warnings\n", r->ok, r->emitted, c->diags.errors,
		   c->diags.warnings);
	for (size_t i = 0; i < r->out.files.len; i++) {
		const OutFile *f = r->out.files.items[i];
		const char *data = f->data.data ? f->data.data : "";
		if (clean)
			check_output(f->path, data, f->data.len);
		buf_printf(snap, "\n== %s (%zu bytes)\n", f->path, f->data.len);
		snap_put(snap, data, f->data.len);
	}
	Buf b = {0};
	if (clean) {
		model_dump_json(c->model, &b);
		fuzz_check_json("the Model dump", b.data, b.len);
		buf_puts(snap, "\n== model\n");
		snap_put(snap, b.data, b.len);
	}
	/* What `infrac plan` prints (driver.c, cmd_plan). */
	if (c->plan && (clean || c->model)) {
		b.len = 0;
		plan_report_text(c->plan, &b);
		fuzz_check_text("the plan report", b.data, b.len, "\n");
		buf_puts(snap, "\n== plan\n");
		snap_put(snap, b.data, b.len);
		b.len = 0;
		plan_report_json(c->plan, &b);
		fuzz_check_json("the JSON plan report", b.data, b.len);
		buf_puts(snap, "\n== plan json\n");
		snap_put(snap, b.data, b.len);
	}
	buf_free(&b);
}

static void check_same(const Buf *a, const Buf *b)
{
	if (a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0))
		return;
	size_t i = 0;
	while (i < a->len && i < b->len && a->data[i] == b->data[i])
		i++;
	/* The section the difference is in: the diagnostics, or the line
	 * "== NAME" that starts each other one. */
	size_t sec = 0;
	for (size_t k = 0; k + 3 < i; k++)
		if (a->data[k] == '\n' && memcmp(a->data + k + 1, "== ", 3) == 0)
			sec = k + 1;
	size_t seclen = 0;
	while (sec && sec + seclen < a->len && a->data[sec + seclen] != '\n')
		seclen++;
	fuzz_fail("two compilations of the same input differ at byte %zu of %zu and %zu, in %.*s:\n"
		  "first:  %.60s\nsecond: %.60s", i, a->len, b->len, sec ? (int)seclen : 11,
		  sec ? a->data + sec : "diagnostics", a->data + i, b->data + i);
}

/* Compiles the input, checks the compilation, and appends everything it
 * produced to snap; returns whether the back ends ran. */
static bool compile_checked(const uint8_t *data, size_t size, Buf *snap)
{
	Run r;
	run_compile(&r, data, size);
	check_run(&r, snap);
	buf_putc(snap, 0);
	run_free(&r);
	return r.emitted;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	stats_inputs++;
	if (size > SRC_MAX_BYTES || !imports_confined(data, size))
		return 0;
	Buf a = {0};
	bool emitted = compile_checked(data, size, &a);
	stats_emitted += emitted;
#ifdef FUZZ_LIBFUZZER
	if (emitted)
		mutate_note_valid(data, size);
#endif
	if (fuzz_replaying) {
		/* A borrowed schema serves one compilation at a time: the first
		 * is freed before the second starts. */
		Buf b = {0};
		compile_checked(data, size, &b);
		check_same(&a, &b);
		buf_free(&b);
	}
	buf_free(&a);
	return 0;
}

/*
 * fuzz_compile.c: the whole pipeline on arbitrary bytes.
 *
 * The input is an environment file.  It is compiled exactly as `infrac
 * check` compiles a file: the standard library's schema, the file and its
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
 *   - determinism: the input is compiled twice, and the diagnostics and
 *     every output file must come out byte for byte the same.
 *
 * The compiler reads files by path, so the input is written to
 * fuzz.infra in a folder of its own under $TMPDIR, removed as soon as
 * both compilations are done.  Nothing else is written: the back ends fill
 * buffers, and only the driver, which the target does not call, writes
 * output folders.  Imports resolve next to the importing file, then in the
 * standard library; an input importing an absolute path or one with a
 * `..` segment could name any file on the machine, so it is only parsed,
 * not compiled.  Every file a compilation read is checked to lie in the
 * temporary folder or the standard library.  The standard library is
 * $INFRAC_STDLIB, else the one in the source tree.
 */
#include "emit.h"
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FUZZ_SRCROOT
#error "FUZZ_SRCROOT must name the source tree (fuzz/meson.build defines it)"
#endif

static char stdlib_dir[PATH_MAX];  /* the standard library, as given to the compiler */
static char stdlib_real[PATH_MAX]; /* and its canonical path */
static char tmp_dir[PATH_MAX];     /* the input's folder, while it exists */
static char tmp_real[PATH_MAX];    /* and its canonical path */
static char tmp_file[PATH_MAX];    /* the input file in it */

static void remove_tmp(void)
{
	if (!tmp_dir[0])
		return;
	unlink(tmp_file);
	rmdir(tmp_dir);
	tmp_dir[0] = 0;
}

static void setup(void)
{
	if (stdlib_dir[0])
		return;
	const char *env = getenv("INFRAC_STDLIB");
	snprintf(stdlib_dir, sizeof stdlib_dir, "%s", env && *env ? env : FUZZ_SRCROOT "/stdlib");
	if (!realpath(stdlib_dir, stdlib_real))
		fatal("fuzz: no standard library at \"%s\": %s", stdlib_dir, strerror(errno));
	atexit(remove_tmp); /* fatal() exits */
}

/* A new folder holding the input as fuzz.infra.  It lives only while
 * the input is compiled, so an input that fails a check leaves nothing
 * behind; only a crash inside the compiler does. */
static void write_input(const uint8_t *data, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(tmp_dir, sizeof tmp_dir, "%s/infrac-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(tmp_dir))
		fatal("fuzz: cannot make a folder \"%s\": %s", tmp_dir, strerror(errno));
	if (!realpath(tmp_dir, tmp_real))
		fatal("fuzz: %s: %s", tmp_dir, strerror(errno));
	if ((size_t)snprintf(tmp_file, sizeof tmp_file, "%s/fuzz.infra", tmp_dir) >= sizeof tmp_file)
		fatal("fuzz: the path of \"%s\" is too long", tmp_dir);
	int fd = open(tmp_file, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		fatal("fuzz: %s: %s", tmp_file, strerror(errno));
	for (size_t done = 0; done < size;) {
		ssize_t n = write(fd, data + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fatal("fuzz: %s: %s", tmp_file, strerror(errno));
		done += (size_t)n;
	}
	if (close(fd) != 0)
		fatal("fuzz: %s: %s", tmp_file, strerror(errno));
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
 * items; load.c reads no others). */
static bool imports_confined(const uint8_t *data, size_t size)
{
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
	Output out;
	bool ok;      /* compile_file succeeded */
	bool emitted; /* the back ends ran */
} Run;

static void run_compile(Run *r)
{
	memset(r, 0, sizeof *r);
	CompileOptions co = {0};
	co.stdlib_dir = stdlib_dir;
	r->c = compiler_new(&co);
	r->ok = compile_file(r->c, tmp_file);
	if (r->ok && r->c->environment) {
		output_init(&r->out, r->c->model);
		emit_all(&r->out, NULL, 0);
		r->c->diags.report_unused_allows = true;
		r->emitted = true;
	}
}

static void run_free(Run *r)
{
	output_free(&r->out);
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
		if (!under(f->real, tmp_real) && !under(f->real, stdlib_real))
			fuzz_fail("the compilation read \"%s\", outside \"%s\" and \"%s\"", f->real, tmp_real,
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
	fuzz_check_diags(&c->diags, snap);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > SRC_MAX_BYTES || !imports_confined(data, size))
		return 0;
	setup();
	write_input(data, size);
	Run first, second;
	run_compile(&first);
	run_compile(&second);
	remove_tmp();
	Buf a = {0}, b = {0};
	check_run(&first, &a);
	check_run(&second, &b);
	buf_putc(&a, 0);
	buf_putc(&b, 0);
	check_same(&a, &b);
	buf_free(&a);
	buf_free(&b);
	run_free(&first);
	run_free(&second);
	return 0;
}

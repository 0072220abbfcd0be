/*
 * driver.c: the command line.
 *
 * Each command is a row in one table: its name, a one-line summary, its
 * usage and its function.  `infrac --help`, `infrac help CMD` and the
 * usage errors are all printed from that table, so they cannot drift
 * from what the commands accept.  Exit status: 0 success, 1 the input
 * has errors, 2 a usage or I/O problem.
 *
 * The driver sits on top of both the compiler and the back ends: it is
 * the one place that runs the pipeline end to end and touches the disk.
 */
#include "cli.h"
#include "emit.h"
#include "infrac.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct Options {
	DiagFormat diag_format;
	const char *diag_output; /* --diagnostics-output, or NULL: standard error */
	DiagDoc diags;           /* every file's diagnostics, one document */
	bool werror;
	bool dump_ast;
	bool dump_model;
	bool json;
	bool spans;
	const char **files;
	int nfiles;
	const char **includes;
	int nincludes;
	const char *catalog;
	const char *stdlib;
	const char *outdir;
	const char *emit;
	bool check_outputs;
	bool timings;
	bool list;
	bool markdown;
} Options;

typedef struct Command {
	const char *name;
	const char *summary;
	const char *usage;
	const char *help;
	int (*run)(Options *o);
} Command;

static int cmd_check(Options *o);
static int cmd_parse(Options *o);
static int cmd_build(Options *o);
static int cmd_schema(Options *o);
static int cmd_plan(Options *o);
static int cmd_explain(Options *o);
static int cmd_emitters(Options *o);
static int cmd_fmt(Options *o);

/* The options of every command that reports diagnostics. */
#define DIAGNOSTICS_HELP \
	"  --diagnostics-format=F text (default), json or sarif (SARIF 2.1.0); json\n" \
	"                         and sarif are one document for the whole run\n" \
	"  --diagnostics-output FILE\n" \
	"                         write the diagnostics to FILE, not standard error\n"

static const Command commands[] = {
	{"check", "check files for errors without writing anything",
	 "infrac check [--werror] [-I DIR] [--diagnostics-format=text|json|sarif] [--diagnostics-output FILE] FILE...",
	 "Parses and checks each FILE, with everything it imports, and reports every\n"
	 "error it finds, with the file, line and column, the source line and a caret\n"
	 "under the problem. Nothing is written. Exit status 0 when there are no\n"
	 "errors, 1 when there are, 2 when a file cannot be read.\n\n"
	 "  -I DIR                 also look for imported files in DIR, and allow\n"
	 "                         imports from it and the folders below it\n"
	 "  --werror               treat warnings as errors\n"
	 "  --catalog FILE         use FILE as the instance catalog\n" DIAGNOSTICS_HELP,
	 cmd_check},
	{"fmt", "rewrite files in the canonical layout",
	 "infrac fmt [--check] FILE...",
	 "Rewrites each FILE in the one canonical layout of .infra files: two-space\n"
	 "indents, one item per line, the `=` of consecutive one-line attributes\n"
	 "aligned, one space around operators, comments kept where they were written.\n"
	 "A file is replaced atomically, and only when its text changes; a file with\n"
	 "syntax errors is reported and left as it is. Exit status 0 when every file\n"
	 "is formatted, 1 when a file has errors, 2 when one cannot be read or written.\n"
	 "docs/fmt.md describes the layout.\n\n"
	 "  --check                write nothing; print `would reformat FILE` for each\n"
	 "                         file that is not in the canonical layout, and exit 1\n"
	 "                         if there is one\n",
	 cmd_fmt},
	{"build", "compile an environment and write its outputs",
	 "infrac build [-o DIR] [--emit LIST] [--check] [--dump-model] [--werror] [-I DIR] [--catalog FILE] FILE...",
	 "Compiles each environment FILE, runs every back end, and writes their files\n"
	 "to DIR (default out/ENVIRONMENT/) with a MANIFEST.sha256, then prints the\n"
	 "capacity plan. Files are written to a temporary folder and swapped in only\n"
	 "when everything succeeded: a build with errors leaves DIR as it was.\n"
	 "Several files may be given without -o; each goes to its default folder.\n\n"
	 "  -o DIR                 output folder\n"
	 "  --emit LIST            only these back ends, comma-separated (infrac emitters)\n"
	 "  --check                write nothing; exit 1 and list stale, missing and extra\n"
	 "                         files when DIR differs from what the build would write\n"
	 "  --dump-model           print the resolved Model as sorted JSON instead\n"
	 "  -I DIR                 also look for imported files in DIR, and allow\n"
	 "                         imports from it and the folders below it\n"
	 "  --catalog FILE         use FILE as the instance catalog\n"
	 "  --werror               treat warnings as errors\n" DIAGNOSTICS_HELP,
	 cmd_build},
	{"emitters", "list the back ends",
	 "infrac emitters",
	 "Lists the back ends `build --emit` accepts, with what each writes.\n",
	 cmd_emitters},
	{"plan", "print the capacity plan of an environment",
	 "infrac plan [--format text|json] [-I DIR] [--catalog FILE] FILE",
	 "Compiles FILE and prints, per cluster, the rollout peak of every service,\n"
	 "the reserved headroom, the capacity of each pool (and where each figure comes\n"
	 "from), the headroom left, the instance types and node counts the solver chose,\n"
	 "and the monthly cost at on-demand prices. Nothing is written.\n\n"
	 "  --format json          the same as JSON\n" DIAGNOSTICS_HELP,
	 cmd_plan},
	{"schema", "describe the resource kinds and their fields",
	 "infrac schema [KIND...]",
	 "Without arguments, lists every resource kind of the standard library with\n"
	 "its description. With KIND, lists its fields: name, type, default and\n"
	 "description.\n",
	 cmd_schema},
	{"explain", "describe a diagnostic code",
	 "infrac explain CODE | infrac explain --list | infrac explain --markdown",
	 "Prints the long description of a diagnostic code such as SYN-E001.\n"
	 "With --list, prints every code and its title, one a line, tab-separated.\n"
	 "With --markdown, prints every code and its description as Markdown: the\n"
	 "page docs/diagnostics.md, where SARIF output links each rule.\n",
	 cmd_explain},
	{"parse", "print the syntax tree of a file",
	 "infrac parse --dump-ast [--no-spans] FILE",
	 "Parses FILE and prints its syntax tree as indented text, one node a\n"
	 "line, with the line:col span of each node (omitted with --no-spans).\n"
	 "The format is stable, for tests and for debugging the grammar.\n",
	 cmd_parse},
};

static const Command *find_command(const char *name)
{
	for (size_t i = 0; i < COUNT_OF(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_usage(FILE *out)
{
	fputs("usage: infrac COMMAND [OPTIONS] FILE...\n\n"
	      "infrac compiles .infra specifications of AWS and Kubernetes infrastructure\n"
	      "into Terraform, Helm values, Kubernetes RBAC YAML and IAM policy JSON.\n\n"
	      "commands:\n", out);
	for (size_t i = 0; i < COUNT_OF(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\noptions:\n"
	      "  --help     show this help; `infrac help COMMAND` describes one command\n"
	      "  --version  print the version\n", out);
}

static int usage_error(const Command *c, const char *fmt, const char *arg)
{
	fputs("infrac: error: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	if (c)
		fprintf(stderr, "usage: %s\n", c->usage);
	else
		fputs("run `infrac --help` for the list of commands\n", stderr);
	return 2;
}

static bool is_tty_stderr(void)
{
	return isatty(2) && !getenv("NO_COLOR");
}

/* Adds one file's diagnostics to the run's; returns the exit status. */
static int finish(Options *o, Diags *d)
{
	diags_finish(d);
	diags_doc_add(&o->diags, d);
	return d->errors > 0 ? 1 : 0;
}

/* The first error writing standard output: a large write fails at once,
 * and the final flush has nothing left to say why. */
static int stdout_errno;

/* Prints b on standard output and frees it. */
static void print_buf(Buf *b)
{
	if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len && !stdout_errno)
		stdout_errno = errno;
	buf_free(b);
}

/* The run's diagnostics document, once every file has been added: on
 * standard error (text was written there as it came) or into
 * --diagnostics-output.  Nothing when no file was read. */
static int write_diagnostics(Options *o)
{
	DiagDoc *doc = &o->diags;
	diags_doc_end(doc);
	int rc = 0;
	if (doc->files && !o->diag_output) {
		buf_write(&doc->out, stderr);
	} else if (doc->files) {
		FILE *f = fopen(o->diag_output, "w");
		bool ok = f && (doc->out.len == 0 || fwrite(doc->out.data, 1, doc->out.len, f) == doc->out.len);
		int err = errno;
		if (f && fclose(f) != 0 && ok) {
			ok = false;
			err = errno;
		}
		if (!ok) {
			fprintf(stderr, "infrac: error: could not write \"%s\": %s\n", o->diag_output, strerror(err));
			rc = 2;
		}
	}
	buf_free(&doc->out);
	return rc;
}

static int cmd_parse(Options *o)
{
	if (!o->dump_ast)
		return usage_error(find_command("parse"), "%s", "parse needs --dump-ast");
	if (o->nfiles != 1)
		return usage_error(find_command("parse"), "%s", "parse takes exactly one file");
	Arena *a = arena_new();
	Interner names;
	interner_init(&names, a);
	SrcMap sm = {0};
	Diags d;
	diags_init(&d, a, &sm);
	const char *reason;
	SrcFile *f = src_read(&sm, a, o->files[0], &reason);
	int rc;
	if (!f) {
		fprintf(stderr, "infrac: error: could not read \"%s\": %s\n", o->files[0], reason);
		rc = 2;
	} else {
		Node *root = parse_file(a, a, &names, &d, f, 0, NULL);
		rc = finish(o, &d);
		if (rc == 0) {
			Buf out = {0};
			ast_dump(root, &sm, o->spans, &out);
			print_buf(&out);
		}
	}
	diags_free(&d);
	srcmap_free(&sm);
	interner_free(&names);
	arena_free(a);
	return rc;
}

/* Splits --emit's list and checks every name. */
static bool emit_names(Options *o, const char **names, size_t *n)
{
	*n = 0;
	if (!o->emit)
		return true;
	const char *p = o->emit;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		bool found = false;
		for (size_t i = 0; i < emitter_count; i++)
			if (strlen(emitters[i].name) == len && strncmp(emitters[i].name, p, len) == 0) {
				/* Each once, so names has room for every back end. */
				bool listed = false;
				for (size_t k = 0; k < *n; k++)
					listed |= names[k] == emitters[i].name;
				if (!listed)
					names[(*n)++] = emitters[i].name;
				found = true;
			}
		if (!found) {
			fprintf(stderr, "infrac: error: unknown back end \"%.*s\"; `infrac emitters` lists them\n", (int)len, p);
			return false;
		}
		p += len + (comma ? 1 : 0);
	}
	return true;
}

/* The output folder: -o, or out/ENV below the current folder (the
 * environment's label is one folder name, compiler/names.c). */
static const char *output_dir(const Options *o, Compiler *c)
{
	return o->outdir ? o->outdir : arena_printf(c->arena, "out/%s", c->model->env_name);
}

/* Where a build's files go as each back end finishes (Emit.flush): a
 * fresh folder that takes the output folder's place at the end. */
typedef struct Staging {
	const char *dir;
	OutStage *st;   /* opened at the first files */
	int rc;         /* 2 once the folder could not be opened */
	const char *err;
} Staging;

static void flush_files(Emit *out, size_t from, size_t to)
{
	Staging *s = out->flush_ctx;
	/* After an error the build writes nothing: its files are dropped. */
	bool keep = !out->m->c->diags.errors && s->rc == 0;
	if (keep && !s->st)
		s->rc = outdir_open(s->dir, &s->st, &s->err);
	if (!keep || s->rc != 0) {
		for (size_t i = from; i < to; i++)
			buf_free(&((OutFile *)out->files.items[i])->data);
		return;
	}
	OutEntry *files = xcalloc(to > from ? to - from : 1, sizeof *files);
	for (size_t i = from; i < to; i++) {
		OutFile *f = out->files.items[i];
		files[i - from] = (OutEntry){f->path, f->data.data, f->data.len};
		f->data = (Buf){0}; /* the stage frees it once written */
	}
	outdir_add(s->st, files, to - from, true);
}

/* Compiles path and, when that succeeds and it describes an environment,
 * runs the back ends into out, so `check` reports everything `build`
 * would.  With stage, each back end's files go to it as it finishes;
 * without, they stay in out. */
static Compiler *build_env(Options *o, const char *path, int *rc, Emit *out, bool need_env, Staging *stage)
{
	CompileOptions co = {0};
	co.include_dirs = o->includes;
	co.ninclude = o->nincludes;
	co.catalog = o->catalog;
	co.stdlib_dir = o->stdlib;
	co.werror = o->werror;
	Compiler *c = compiler_new(&co);
	bool ok = compile_file(c, path);
	if (ok && !c->environment && need_env) {
		Span at = {0, 0, 0};
		for (uint32_t i = 0; i < c->srcs.len; i++)
			if (strcmp(c->srcs.files[i]->path, path) == 0)
				at.file = i;
		Diag *g = diag_add(&c->diags, NAME_ENVIRONMENT, at, "a build needs an `environment` block");
		diag_help(&c->diags, g, "add `environment NAME { region = \"...\"  account = \"...\" }`, or build an "
					"environment file that imports this module");
		ok = false;
	}
	if (ok && c->environment && out) {
		const char **names = ARENA_ARRAY(c->arena, const char *, emitter_count);
		size_t n;
		if (!emit_names(o, names, &n)) {
			*rc = 2;
			return c;
		}
		emit_init(out, c->model);
		out->discard = !need_env; /* `check` reports, and writes nothing */
		if (stage) {
			stage->dir = output_dir(o, c);
			out->flush = flush_files;
			out->flush_ctx = stage;
		}
		double t = clock_ms();
		size_t bytes = c->arena->used_total; /* the tree is gone by now */
		emit_all(out, o->emit ? names : NULL, n);
		c->phase_ms[PHASE_EMIT] += clock_ms() - t;
		c->phase_bytes[PHASE_EMIT] += c->arena->used_total - bytes;
		/* Every back end ran, so an allow that accepted nothing is stale. */
		c->diags.report_unused_allows = !o->emit;
	}
	*rc = c->io_error ? 2 : finish(o, &c->diags);
	if (o->timings) {
		double total = 0, bytes = 0, mb = 1024.0 * 1024.0;
		for (int i = 0; i < PHASE_COUNT; i++) {
			fprintf(stderr, "infrac: %-10s %8.2f ms %8.1f MB\n", phase_names[i], c->phase_ms[i],
				(double)c->phase_bytes[i] / mb);
			total += c->phase_ms[i];
			bytes += (double)c->phase_bytes[i];
		}
		fprintf(stderr, "infrac: %-10s %8.2f ms %8.1f MB\n", "total", total, bytes / mb);
		fprintf(stderr, "infrac: %llu evaluation steps of a budget of %llu\n", (unsigned long long)c->steps,
			(unsigned long long)budget_total(c));
	}
	return c;
}

static int cmd_check(Options *o)
{
	if (o->nfiles == 0)
		return usage_error(find_command("check"), "%s", "check needs at least one file");
	int worst = 0;
	for (int i = 0; i < o->nfiles; i++) {
		int rc;
		Emit out = {0};
		Compiler *c = build_env(o, o->files[i], &rc, &out, false, NULL);
		emit_free(&out);
		compiler_free(c);
		if (rc > worst)
			worst = rc;
	}
	return worst;
}

static int cmd_fmt(Options *o)
{
	if (o->nfiles == 0)
		return usage_error(find_command("fmt"), "%s", "fmt needs at least one file");
	int worst = 0;
	for (int i = 0; i < o->nfiles; i++) {
		int rc = fmt_file(o->files[i], o->check_outputs, &o->diags);
		if (rc > worst)
			worst = rc;
	}
	return worst;
}

static int cmd_emitters(Options *o)
{
	(void)o;
	for (size_t i = 0; i < emitter_count; i++)
		printf("%-10s %s\n", emitters[i].name, emitters[i].summary);
	return 0;
}

/* build --check: compares the output folder with the files in out. */
static int check_outputs(Options *o, Compiler *c, Emit *out)
{
	const char *dir = output_dir(o, c);
	OutEntry *files = xcalloc(out->files.len ? out->files.len : 1, sizeof *files);
	for (size_t i = 0; i < out->files.len; i++) {
		OutFile *f = out->files.items[i];
		files[i] = (OutEntry){f->path, f->data.data ? f->data.data : "", f->data.len};
	}
	const char *err = NULL;
	Buf report = {0};
	int rc = outdir_check(dir, files, out->files.len, &report, &err);
	if (rc == 1) {
		fprintf(stderr, "infrac: \"%s\" is not what the build would write:\n", dir);
		buf_write(&report, stderr);
	} else if (rc == 0) {
		printf("%s is up to date (%zu files)\n", dir, out->files.len + 1);
	} else {
		fprintf(stderr, "infrac: error: could not read \"%s\": %s\n", dir, err ? err : "unknown error");
	}
	buf_free(&report);
	free(files);
	return rc;
}

/* A build that succeeded: its folder takes the output folder's place. */
static int commit_outputs(Staging *s)
{
	if (s->rc == 0 && !s->st) /* no back end wrote a file */
		s->rc = outdir_open(s->dir, &s->st, &s->err);
	size_t n = 0;
	if (s->rc == 0) {
		s->rc = outdir_close(s->st, &n, &s->err);
		s->st = NULL;
	}
	if (s->rc == 0)
		printf("wrote %zu files to %s\n", n, s->dir);
	else
		fprintf(stderr, "infrac: error: could not write \"%s\": %s\n", s->dir,
			s->err ? s->err : "unknown error");
	return s->rc;
}

static int build_one(Options *o, const char *file)
{
	int rc;
	Emit out = {0};
	Staging stage = {0};
	bool write = !o->dump_model && !o->check_outputs;
	Compiler *c = build_env(o, file, &rc, o->dump_model ? NULL : &out, !o->dump_model, write ? &stage : NULL);
	if (rc == 0 && o->dump_model) {
		Buf b = {0};
		model_dump_json(c->model, &b);
		print_buf(&b);
	} else if (rc == 0 && o->check_outputs) {
		rc = check_outputs(o, c, &out);
	} else if (rc == 0) {
		rc = commit_outputs(&stage);
		if (rc == 0) {
			Buf b = {0};
			plan_report_text(c->plan, &b);
			print_buf(&b);
		}
	}
	outdir_abandon(stage.st); /* a build that failed */
	emit_free(&out);
	compiler_free(c);
	return rc;
}

static int cmd_build(Options *o)
{
	if (o->nfiles == 0)
		return usage_error(find_command("build"), "%s", "build needs an environment file");
	if (o->nfiles > 1 && (o->outdir || o->dump_model))
		return usage_error(find_command("build"), "%s", "-o and --dump-model take exactly one file");
	int worst = 0;
	for (int i = 0; i < o->nfiles; i++) {
		int rc = build_one(o, o->files[i]);
		if (rc > worst)
			worst = rc;
	}
	return worst;
}

static int cmd_plan(Options *o)
{
	if (o->nfiles != 1)
		return usage_error(find_command("plan"), "%s", "plan takes exactly one file");
	int rc;
	Compiler *c = build_env(o, o->files[0], &rc, NULL, false, NULL);
	if (c->plan && !c->io_error && (rc == 0 || c->model)) {
		Buf out = {0};
		if (o->json)
			plan_report_json(c->plan, &out);
		else
			plan_report_text(c->plan, &out);
		print_buf(&out);
	}
	compiler_free(c);
	return rc;
}

static void print_type_line(Compiler *c, const Field *f, int depth)
{
	Buf t = {0};
	type_describe(f->type, &t);
	/* What a provider schema says besides the type. */
	const char *flags[] = {(f->flags & FIELD_SENSITIVE) ? ", sensitive" : "",
			       (f->flags & FIELD_DEPRECATED) ? ", deprecated" : "",
			       (f->flags & FIELD_WRITE_ONLY) ? ", write-only" : ""};
	printf("%*s  %-*s %s%s%s%s%s\n", depth * 2, "", 22 - depth * 2, f->name,
	       f->output ? "output: " : f->required ? "required: " : "", buf_cstr(&t), flags[0], flags[1], flags[2]);
	if (f->doc && *f->doc)
		printf("%*s  %-*s %s\n", depth * 2, "", 22 - depth * 2, "", f->doc);
	buf_free(&t);
	/* The fields of a Terraform resource's nested blocks, indented. */
	const Type *b = type_strip(f->type);
	if (f->owner && f->owner->provider && depth < 8 && (b->kind == T_BLOCK || b->kind == T_BLOCKS)) {
		Kind *nk = b->kinds[0];
		provider_load(c, nk);
		for (uint32_t j = 0; j < nk->nfields; j++)
			print_type_line(c, nk->fields[j], depth + 1);
	}
}

static int cmd_schema(Options *o)
{
	CompileOptions co = {0};
	co.stdlib_dir = o->stdlib;
	Compiler *c = compiler_new(&co);
	int rc = 0;
	if (!schema_load(c)) {
		rc = c->io_error ? 2 : finish(o, &c->diags);
	} else if (o->nfiles == 0) {
		for (size_t i = 0; i < c->kinds.len; i++) {
			Kind *k = c->kinds.vals[i];
			printf("%-16s %s%s\n", k->name, k->doc, k->nested ? " (nested)" : "");
		}
	} else {
		for (int i = 0; i < o->nfiles; i++) {
			const char *name = o->files[i];
			Kind *k = schema_kind(c, intern_cstr(&c->names, name));
			/* A Terraform resource type, or data.TYPE for a data source. */
			if (!k && strncmp(name, "data.", 5) == 0)
				k = provider_kind(c, true, name + 5);
			else if (!k)
				k = provider_kind(c, false, name);
			if (c->io_error) {
				rc = 2;
				break;
			}
			if (!k) {
				fprintf(stderr, "infrac: error: unknown kind \"%s\"\n", o->files[i]);
				rc = 2;
				continue;
			}
			printf("%s%s%s\n", k->name, *k->doc ? ": " : "", k->doc);
			for (uint32_t j = 0; j < k->nfields; j++)
				print_type_line(c, k->fields[j], 0);
		}
	}
	compiler_free(c);
	return rc;
}

static int cmd_explain(Options *o)
{
	if (o->list && !o->markdown && o->nfiles == 0) {
		for (int i = 0; i < DIAG_CODE_COUNT; i++)
			printf("%s\t%s\n", diag_info[i].code, diag_info[i].title);
		return 0;
	}
	if (o->markdown && !o->list && o->nfiles == 0) {
		Buf b = {0};
		diag_info_markdown(&b);
		print_buf(&b);
		return 0;
	}
	if (o->nfiles != 1 || o->list || o->markdown)
		return usage_error(find_command("explain"), "%s", "explain takes one code, --list or --markdown");
	const DiagInfo *d = diag_info_find(o->files[0]);
	if (!d) {
		fprintf(stderr, "infrac: error: unknown diagnostic code \"%s\"\n", o->files[0]);
		return 2;
	}
	printf("%s (%s, %s)\n\n%s\n", d->code, d->title, d->severity == SEV_ERROR ? "error" : "warning", d->text);
	return 0;
}

static const char *opt_value(const char *arg, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(arg, name, n) == 0 && arg[n] == '=')
		return arg + n + 1;
	return NULL;
}

static int driver_run(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		print_usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("infrac %s\n", INFRAC_VERSION);
		return 0;
	}
	if (strcmp(cmd, "help") == 0) {
		if (argc < 3) {
			print_usage(stdout);
			return 0;
		}
		const Command *c = find_command(argv[2]);
		if (!c)
			return usage_error(NULL, "unknown command \"%s\"", argv[2]);
		printf("usage: %s\n\n%s", c->usage, c->help);
		return 0;
	}
	const Command *c = find_command(cmd);
	if (!c)
		return usage_error(NULL, "unknown command \"%s\"", cmd);
	Options o = {0};
	o.spans = true;
	o.files = calloc((size_t)argc, sizeof *o.files);
	o.includes = calloc((size_t)argc, sizeof *o.includes);
	bool only_files = false;
	int rc = -1;
	for (int i = 2; i < argc && rc < 0; i++) {
		const char *arg = argv[i];
		const char *v;
		if (only_files || arg[0] != '-') {
			o.files[o.nfiles++] = arg;
		} else if (strcmp(arg, "-") == 0) {
			rc = usage_error(c, "%s", "reading from standard input is not supported; name a file");
		} else if (strcmp(arg, "--") == 0) {
			only_files = true;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			printf("usage: %s\n\n%s", c->usage, c->help);
			rc = 0;
		} else if (strcmp(arg, "--werror") == 0) {
			o.werror = true;
		} else if (strcmp(arg, "--dump-ast") == 0) {
			o.dump_ast = true;
		} else if (strcmp(arg, "--dump-model") == 0) {
			o.dump_model = true;
		} else if (strcmp(arg, "--timings") == 0) {
			o.timings = true;
		} else if (strcmp(arg, "--check") == 0) {
			o.check_outputs = true;
		} else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--emit") == 0) {
			if (i + 1 >= argc) {
				rc = usage_error(c, "option \"%s\" needs a value", arg);
				break;
			}
			if (arg[1] == 'o')
				o.outdir = argv[++i];
			else
				o.emit = argv[++i];
		} else if ((v = opt_value(arg, "--emit"))) {
			o.emit = v;
		} else if (strcmp(arg, "--diagnostics-output") == 0) {
			if (i + 1 >= argc) {
				rc = usage_error(c, "option \"%s\" needs a value", arg);
				break;
			}
			o.diag_output = argv[++i];
		} else if ((v = opt_value(arg, "--diagnostics-output"))) {
			o.diag_output = v;
		} else if (strcmp(arg, "-I") == 0 || strcmp(arg, "--catalog") == 0 || strcmp(arg, "--stdlib") == 0) {
			if (i + 1 >= argc) {
				rc = usage_error(c, "option \"%s\" needs a value", arg);
				break;
			}
			const char *val = argv[++i];
			if (arg[1] == 'I')
				o.includes[o.nincludes++] = val;
			else if (arg[2] == 'c')
				o.catalog = val;
			else
				o.stdlib = val;
		} else if (strncmp(arg, "-I", 2) == 0) {
			o.includes[o.nincludes++] = arg + 2;
		} else if ((v = opt_value(arg, "--format")) || strcmp(arg, "--format") == 0) {
			if (!v && i + 1 < argc)
				v = argv[++i];
			if (v && strcmp(v, "json") == 0)
				o.json = true;
			else if (!v || strcmp(v, "text") != 0)
				rc = usage_error(c, "unknown format \"%s\" (text or json)", v ? v : "");
		} else if ((v = opt_value(arg, "--catalog"))) {
			o.catalog = v;
		} else if ((v = opt_value(arg, "--stdlib"))) {
			o.stdlib = v;
		} else if (strcmp(arg, "--list") == 0) {
			o.list = true;
		} else if (strcmp(arg, "--markdown") == 0) {
			o.markdown = true;
		} else if (strcmp(arg, "--no-spans") == 0) {
			o.spans = false;
		} else if ((v = opt_value(arg, "--diagnostics-format"))) {
			if (strcmp(v, "text") == 0)
				o.diag_format = DIAG_TEXT;
			else if (strcmp(v, "json") == 0)
				o.diag_format = DIAG_JSON;
			else if (strcmp(v, "sarif") == 0)
				o.diag_format = DIAG_SARIF;
			else
				rc = usage_error(c, "unknown diagnostics format \"%s\" (text, json or sarif)", v);
		} else {
			rc = usage_error(c, "unknown option \"%s\"", arg);
		}
	}
	if (rc < 0) {
		char root[PATH_MAX];
		o.diags.format = o.diag_format;
		o.diags.version = INFRAC_VERSION;
		o.diags.root = realpath(".", root);
		o.diags.stream = o.diag_output ? NULL : stderr;
		o.diags.color = !o.diag_output && is_tty_stderr();
		diags_doc_begin(&o.diags);
		rc = c->run(&o);
		int wrc = write_diagnostics(&o);
		rc = wrc > rc ? wrc : rc;
	}
	free(o.files);
	free(o.includes);
	return rc;
}

/* Emit that could not be written (a full disk, a closed file system)
 * is an I/O error: a plan cut short must not pass for a plan.  Standard
 * error is checked too, though it cannot say so. */
static int close_streams(void)
{
	int rc = 0;
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int err = errno ? errno : stdout_errno;
		fprintf(stderr, "infrac: error: could not write standard output%s%s\n", err ? ": " : "",
			err ? strerror(err) : "");
		rc = 2;
	}
	if (fflush(stderr) != 0 || ferror(stderr))
		rc = 2;
	return rc;
}

int driver_main(int argc, char **argv)
{
	int rc = driver_run(argc, argv);
	int wrc = close_streams();
	return wrc > rc ? wrc : rc;
}

/*
 * load.c: files, imports and module instances.
 *
 * Loading reads the root file and, depth first, every file it imports,
 * parsing each file once.  An `import` with parameters creates a module
 * instance: the module's params are bound to the import's arguments, to
 * be evaluated lazily in the importer's scope.  A file imported without
 * parameters more than once is instantiated once, so libraries shared by
 * several modules do not declare their blocks twice.
 *
 * Paths shown in diagnostics are the ones the user typed, joined and
 * normalised lexically (examples/x/envs/../platform.infra becomes
 * examples/x/platform.infra), so messages stay short and relative.
 */
#include "infrac.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Joins dir and rel and removes `.` and `..` segments where it can. */
static char *path_join_norm(Arena *a, const char *dir, const char *rel)
{
	Buf in = {0};
	if (rel[0] == '/' || !dir || !*dir)
		buf_puts(&in, rel);
	else
		buf_printf(&in, "%s/%s", dir, rel);
	const char *p = buf_cstr(&in);
	bool abs = p[0] == '/';
	/* A segment and its `/` take two characters at least. */
	size_t cap = strlen(p) / 2 + 1;
	const char **segs = xmalloc(cap * sizeof *segs);
	size_t *lens = xmalloc(cap * sizeof *lens), n = 0, ups = 0;
	while (*p) {
		while (*p == '/')
			p++;
		const char *s = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - s);
		if (len == 0 || (len == 1 && s[0] == '.'))
			continue;
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			if (n > ups) {
				n--;
				continue;
			}
			if (abs)
				continue;
			ups++;
		}
		segs[n] = s;
		lens[n++] = len;
	}
	Buf out = {0};
	if (abs)
		buf_putc(&out, '/');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&out, '/');
		buf_put(&out, segs[i], lens[i]);
	}
	if (out.len == 0)
		buf_putc(&out, '.');
	char *r = arena_strndup(a, out.data, out.len);
	free(segs);
	free(lens);
	buf_free(&in);
	buf_free(&out);
	return r;
}

static const char *dir_of(Arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return "";
	if (slash == path)
		return "/";
	return arena_strndup(a, path, (size_t)(slash - path));
}

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Shows absolute paths under the working directory relative to it. */
/* Whether a file is UTF-8 text: an imported file that is not is refused
 * at the import, so that no diagnostic quotes its bytes.  (A UTF-16 or
 * UTF-32 byte order mark is not UTF-8, and UTF-16 text holds NULs.) */
static bool is_text(const SrcFile *f)
{
	const unsigned char *t = (const unsigned char *)f->text;
	if (memchr(t, 0, f->len))
		return false;
	for (uint32_t i = 0; i < f->len;) {
		uint32_t cp;
		int n = t[i] < 0x80 ? 1 : utf8_decode(t + i, f->len - i, &cp);
		if (n <= 0)
			return false;
		i += (uint32_t)n;
	}
	return true;
}

/* Reads and parses a file once; returns its file id or -1. */
static int load_file(Compiler *c, const char *path, const Span *from, Node **root)
{
	char real[PATH_MAX];
	const char *key = realpath(path, real) ? intern_cstr(&c->names, real) : intern_cstr(&c->names, path);
	uintptr_t id = (uintptr_t)map_get(&c->file_ids, key);
	if (id) {
		*root = map_get(&c->files, key);
		return (int)id - 1;
	}
	const char *reason;
	SrcFile *f = !from && c->opt.root_text ? src_add(&c->srcs, c->arena, path, c->opt.root_text, c->opt.root_len)
					      : src_read(&c->srcs, c->arena, path, &reason);
	if (!f) {
		if (!from) {
			/* The root file: an I/O error, exit status 2. */
			fprintf(stderr, "infrac: error: could not read \"%s\": %s\n", path, reason);
			c->io_error = true;
		} else {
			compiler_diag(c, NAME_IMPORT_NOT_FOUND, *from, "could not read \"%s\": %s", path, reason);
		}
		return -1;
	}
	if (from && !is_text(f)) {
		Diag *g = compiler_diag(c, NAME_IMPORT_NOT_INFRA, *from, "cannot import \"%s\": it is not a text file", path);
		diag_help(&c->diags, g, "an `.infra` file is UTF-8 text");
		return -1;
	}
	uint32_t fid = c->srcs.len - 1;
	c->source_bytes += f->len;
	Node *r = parse_file(c->arena, c->tree, &c->names, &c->diags, f, fid, NULL);
	map_put(&c->file_ids, key, (void *)(uintptr_t)(fid + 1));
	map_put(&c->files, key, r);
	*root = r;
	return (int)fid;
}

static Module *module_new(Compiler *c, Node *root, uint32_t file, Node *import, Module *importer)
{
	Module *m = ARENA_NEW(c->arena, Module);
	m->root = root;
	m->file = file;
	m->import = import;
	m->importer = importer;
	m->scope = scope_new(c, NULL, m);
	const char *path = c->srcs.files[file]->path;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n > 6 && strcmp(base + n - 6, ".infra") == 0)
		n -= 6;
	m->name = intern(&c->names, base, n);
	vec_push(&c->modules, m);
	return m;
}

/* The type of a param or let.  A mistake in it is reported when the
 * module is expanded (expand.c reads the type again), so that it does not
 * stop the other checks. */
static Type *quiet_type(Compiler *c, Node *n)
{
	c->quiet++;
	Type *t = type_from_node(c, n, false);
	c->quiet--;
	return t;
}

/* Registers the module's header, params and top-level lets.  Only the
 * first declaration of a name is kept; duplicates and names that hide a
 * kind are reported when the module is expanded, so that they do not
 * stop the other checks. */
static void module_scan(Compiler *c, Module *m)
{
	NodeList *items = &m->root->list;
	for (uint32_t i = 0; i < items->len; i++) {
		Node *it = items->items[i];
		if (it->kind == N_MODULE) {
			if (i == 0)
				m->name = it->name;
		} else if (it->kind == N_DECL && it->op == DECL_PARAM) {
			if (map_get(&m->params, it->name) || map_get(&m->lets, it->name) || schema_kind(c, it->name))
				continue;
			Param *p = ARENA_NEW(c->arena, Param);
			p->name = it->name;
			p->decl = it;
			p->type = quiet_type(c, it->a);
			p->arg_scope = m->scope;
			map_put(&m->params, it->name, p);
		} else if (it->kind == N_LET) {
			if (map_get(&m->params, it->name) || map_get(&m->lets, it->name) || schema_kind(c, it->name))
				continue;
			Let *l = ARENA_NEW(c->arena, Let);
			l->name = it->name;
			l->node = it;
			l->scope = m->scope;
			l->type = it->a ? quiet_type(c, it->a) : NULL;
			map_put(&m->lets, it->name, l);
		}
	}
}

static bool on_stack(Compiler *c, int fid)
{
	for (size_t i = 0; i < c->import_stack.len; i++)
		if ((int)(uintptr_t)c->import_stack.items[i] == fid + 1)
			return true;
	return false;
}

static void load_module_imports(Compiler *c, Module *m);

/* The folders imports may read from, after following symbolic links:
 * the compiled file's, the top of the git checkout that holds it, the
 * working folder, the standard library and each -I folder, with
 * everything below them.  A specification checked in CI cannot reach past
 * its checkout, to /etc/shadow or ../../secrets. */
static void import_root_add(Compiler *c, const char *dir)
{
	char real[PATH_MAX];
	if (realpath(*dir ? dir : ".", real))
		vec_push(&c->import_roots, arena_strdup(c->arena, real));
}

/* The nearest folder at or above dir that holds `.git` (a folder, or the
 * file of a worktree): `envs/prod.infra` imports `../platform.infra`
 * wherever infrac runs from. */
static void import_root_add_checkout(Compiler *c, const char *dir)
{
	char real[PATH_MAX];
	if (!realpath(*dir ? dir : ".", real))
		return;
	for (;;) {
		size_t n = strlen(real);
		struct stat st;
		const char *git = n > 1 ? "/.git" : ".git";
		if (n + strlen(git) < sizeof real) {
			memcpy(real + n, git, strlen(git) + 1);
			bool found = lstat(real, &st) == 0;
			real[n] = 0;
			if (found) {
				vec_push(&c->import_roots, arena_strdup(c->arena, real));
				return;
			}
		}
		char *slash = strrchr(real, '/');
		if (!slash || n == 1)
			return;
		slash[slash == real] = 0; /* "/a" goes to "/" */
	}
}

bool load_path_allowed(Compiler *c, const char *real)
{
	for (size_t i = 0; i < c->import_roots.len; i++) {
		const char *r = c->import_roots.items[i];
		size_t n = strlen(r);
		if (strncmp(real, r, n) == 0 && (real[n] == '/' || real[n] == 0 || strcmp(r, "/") == 0))
			return true;
	}
	return false;
}

typedef enum ImportFound { IMPORT_FOUND, IMPORT_MISSING, IMPORT_OUTSIDE, IMPORT_NOT_INFRA } ImportFound;

/* Finds the file of an import of rel, which is name (rel with `.infra`,
 * which may be left out): next to the importer, in the standard library,
 * then in each -I folder; no other file is ever read.  A place outside
 * the import roots is not even looked at, and a file found is refused
 * when a symbolic link leads out of them or to a file that is not
 * `.infra`; *path and *real then say where. */
static ImportFound resolve_import(Compiler *c, Module *m, const char *rel, const char *name, const char **path,
				 const char **real, Buf *tried)
{
	const char **dirs = ARENA_ARRAY(c->arena, const char *, 2 + (size_t)c->opt.ninclude);
	size_t nd = 0;
	dirs[nd++] = dir_of(c->arena, c->srcs.files[m->file]->path);
	if (rel[0] != '/') {
		if (c->stdlib_dir)
			dirs[nd++] = c->stdlib_dir;
		for (int i = 0; i < c->opt.ninclude; i++)
			dirs[nd++] = c->opt.include_dirs[i];
	}
	ImportFound found = IMPORT_MISSING;
	for (size_t i = 0; i < nd; i++) {
		const char *cand = path_join_norm(c->arena, rel[0] == '/' ? NULL : dirs[i], name);
		const char *folder = dir_of(c->arena, cand);
		char buf[PATH_MAX];
		if (realpath(*folder ? folder : ".", buf) && !load_path_allowed(c, buf)) {
			/* Said when the path itself leads out; a search folder
			 * it leads out of is only passed over. */
			if (i == 0)
				found = IMPORT_OUTSIDE;
			continue;
		}
		if (is_file(cand) && realpath(cand, buf)) {
			*path = cand;
			*real = arena_strdup(c->arena, buf);
			return !load_path_allowed(c, buf) ? IMPORT_OUTSIDE
			       : !str_has_suffix(buf, ".infra") ? IMPORT_NOT_INFRA : IMPORT_FOUND;
		}
		if (rel[0] != '/')
			buf_printf(tried, "%s\"%s\"", tried->len ? ", " : "", dirs[i][0] ? load_display_path(c, dirs[i]) : ".");
	}
	/* `secrets.txt` is never read as it is. */
	const char *base = strrchr(rel, '/');
	if (found == IMPORT_MISSING && strchr(base ? base + 1 : rel, '.') && name != rel)
		found = IMPORT_NOT_INFRA;
	return found;
}

/* Reports an import of rel that found no file it may read. */
static void import_refused(Compiler *c, Node *it, const char *name, ImportFound why, const char *path, const char *real,
			   Buf *tried)
{
	const char *rel = it->a->str;
	Diag *g;
	if (why == IMPORT_OUTSIDE) {
		g = compiler_diag(c, NAME_IMPORT_OUTSIDE, it->a->span, "cannot import \"%s\": it is outside the folders a "
								 "specification may import from", rel);
		if (path)
			diag_note_plain(&c->diags, g, "\"%s\" leads to \"%s\"", path, real);
		diag_help(&c->diags, g, "imports come from the folder of the compiled file, the git checkout that holds "
					"it, the working folder, the standard library and `-I` folders, and the folders "
					"below them; `-I DIR` allows another folder");
	} else if (why == IMPORT_NOT_INFRA) {
		g = compiler_diag(c, NAME_IMPORT_NOT_INFRA, it->a->span, "cannot import \"%s\": only `.infra` files are imported",
				  rel);
		if (path)
			diag_note_plain(&c->diags, g, "\"%s\" leads to \"%s\"", path, real);
		else
			diag_note_plain(&c->diags, g, "there is no \"%s\"", name);
	} else {
		g = compiler_diag(c, NAME_IMPORT_NOT_FOUND, it->a->span, "cannot find \"%s\" to import", rel);
		if (tried->len == 0)
			diag_note_plain(&c->diags, g, "there is no file \"%s\"", name);
		else
			diag_note_plain(&c->diags, g, "looked for \"%s\" in %s", name, buf_cstr(tried));
		diag_help(&c->diags, g, "a path is relative to the importing file's folder; `-I DIR` adds a folder "
					"to look in");
	}
}

/* The file of an import, read once for every instance of the module
 * that holds it; -1, reported once, when there is none it may read. */
typedef struct ImportedFile {
	int fid;
	Node *root;
} ImportedFile;

static int import_file(Compiler *c, Module *m, Node *it, Node **root)
{
	ImportedFile *f = map_get(&c->import_files, (const char *)it);
	if (!f) {
		f = ARENA_NEW(c->arena, ImportedFile);
		map_put(&c->import_files, (const char *)it, f);
		const char *rel = it->a->str;
		const char *name = str_has_suffix(rel, ".infra") ? rel : arena_printf(c->arena, "%s.infra", rel);
		Buf tried = {0};
		const char *path = NULL, *real = NULL;
		ImportFound why = resolve_import(c, m, rel, name, &path, &real, &tried);
		if (why == IMPORT_FOUND) {
			f->fid = load_file(c, path, &it->a->span, &f->root);
		} else {
			import_refused(c, it, name, why, path ? load_display_path(c, path) : NULL, real, &tried);
			f->fid = -1;
		}
		buf_free(&tried);
	}
	*root = f->root;
	return f->fid;
}

/* Binds the parameters an import sets.  Mistakes in the import's body
 * (an unknown or repeated parameter, a missing one) are reported when
 * the import is expanded; here the first setting of each known
 * parameter wins. */
static void bind_args(Module *child, Module *importer, Node *it)
{
	for (uint32_t j = 0; j < it->body.len; j++) {
		Node *a = it->body.items[j];
		if (a->kind != N_ATTR)
			continue;
		Param *p = map_get(&child->params, a->name);
		if (!p || p->arg)
			continue;
		p->arg = a->a;
		p->arg_scope = importer->scope;
	}
}

static void load_module_imports(Compiler *c, Module *m)
{
	NodeList *items = &m->root->list;
	for (uint32_t i = 0; i < items->len; i++) {
		Node *it = items->items[i];
		if (it->kind != N_IMPORT)
			continue;
		if (it->a->kind != N_STRING) {
			compiler_diag(c, NAME_MISPLACED, it->a->span, "an import path is a plain string, without interpolation");
			continue;
		}
		Node *root;
		int fid = import_file(c, m, it, &root);
		if (fid < 0)
			continue;
		if (on_stack(c, fid) || (uint32_t)fid == m->file) {
			Diag *g = compiler_diag(c, NAME_IMPORT_CYCLE, it->a->span, "import cycle: \"%s\" imports itself",
						c->srcs.files[fid]->path);
			/* The chain, from the first import of the cycle. */
			Vec chain = {0};
			for (Module *p = m; p; p = p->importer) {
				vec_push(&chain, p);
				if (p->file == (uint32_t)fid)
					break;
			}
			for (size_t k = chain.len; k-- > 0;) {
				Module *p = chain.items[k];
				if (p->import)
					diag_note(&c->diags, g, p->import->a->span, "\"%s\" is imported here",
						  c->srcs.files[p->file]->path);
			}
			vec_free(&chain);
			diag_note(&c->diags, g, it->a->span, "which imports \"%s\" again", c->srcs.files[fid]->path);
			continue;
		}
		/* A parameterless import of a file already instantiated that way
		 * reuses the instance. */
		const char *shared_key = c->srcs.files[fid]->real;
		if (it->body.len == 0 && map_get(&c->shared_instances, shared_key))
			continue;
		/* An instance is charged its items, which are scanned, expanded
		 * and evaluated again: a chain of modules that each import the
		 * next twice would otherwise make 2^n of them. */
		if (!budget_spend(c, STEP_SCOPE * (1 + (uint64_t)root->list.len), it->a->span))
			return;
		Module *child = module_new(c, root, (uint32_t)fid, it, m);
		vec_push(&m->children, child);
		if (it->body.len == 0)
			map_put(&c->shared_instances, shared_key, child);
		module_scan(c, child);
		bind_args(child, m, it);
		vec_push(&c->import_stack, (void *)(uintptr_t)(fid + 1));
		load_module_imports(c, child);
		c->import_stack.len--;
	}
}

bool load_program(Compiler *c, const char *path)
{
	import_root_add(c, dir_of(c->arena, path));
	import_root_add_checkout(c, dir_of(c->arena, path));
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof cwd))
		import_root_add(c, cwd);
	if (c->stdlib_dir)
		import_root_add(c, c->stdlib_dir);
	for (int i = 0; i < c->opt.ninclude; i++)
		import_root_add(c, c->opt.include_dirs[i]);
	Node *root;
	int fid = load_file(c, path, NULL, &root);
	if (fid < 0)
		return false;
	c->root = module_new(c, root, (uint32_t)fid, NULL, NULL);
	module_scan(c, c->root);
	vec_push(&c->import_stack, (void *)(uintptr_t)(fid + 1));
	load_module_imports(c, c->root);
	c->import_stack.len--;
	return true;
}

/* A data file named by `file("...")`: relative to the file that calls
 * it, confined to the import roots like an import, read once per call
 * and kept in the source map, so a diagnostic about its content (a JSON
 * policy that does not parse) shows its path, line and column.  Returns
 * its file id, or -1 with *why saying what went wrong. */
int load_data_file(Compiler *c, uint32_t from, const char *rel, const char **shown, const char **why)
{
	const char *path = path_join_norm(c->arena, rel[0] == '/' ? NULL : dir_of(c->arena, c->srcs.files[from]->path), rel);
	*shown = load_display_path(c, path);
	const char *folder = dir_of(c->arena, path);
	char buf[PATH_MAX];
	if (realpath(*folder ? folder : ".", buf) && !load_path_allowed(c, buf))
		return *why = "it is outside the folders a specification may read from", -1;
	if (realpath(path, buf) && !load_path_allowed(c, buf))
		return *why = "a symbolic link leads outside the folders a specification may read from", -1;
	SrcFile *f = src_read(&c->srcs, c->arena, path, why);
	if (!f)
		return -1;
	if (!is_text(f))
		return *why = "it is not UTF-8 text", -1;
	c->source_bytes += f->len;
	return (int)(c->srcs.len - 1);
}

/*
 * provider.c: Terraform resource types and data sources as kinds, read
 * from the provider's own schema.
 *
 * `resource aws_sqs_queue jobs { ... }` is checked against the schema
 * `terraform providers schema -json` gives for the pinned provider,
 * turned by stdlib/providers/gen-schema.py into a compact text file
 * (docs/providers.md).  The AWS schema describes about 2,100 types in
 * 5 MB, and a specification uses a few dozen, so the file is mapped,
 * its index (one line per type, with the offset of its section) is read
 * on the first use of any type, and a type's section is made into a Kind
 * only when a block or a reference names it; a nested block's fields are
 * read when a block of it is written or a reference goes through it (the
 * nested statements of aws_wafv2_web_acl run to 20,000 lines).
 * Attributes become fields (optional ones optional, computed-only ones
 * outputs), nested blocks become nested kinds, and the flags the checker
 * needs (computed, sensitive, deprecated, write-only) are kept on each
 * Field.
 *
 * The files are written by infrac's generator, so a file that does not
 * follow the format is a broken installation: an error naming the file
 * and the line, exit status 2, like a missing standard library.
 */
#include "infrac.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct SchemaFile {
	const char *path;
	const char *local;      /* "aws": the prefix of its type names */
	const char *source;     /* "hashicorp/aws" */
	const char *version;    /* "5.100.0" */
	const char *text;       /* mapped */
	size_t len;
	size_t body;            /* where the sections start */
	Vec resources, datas;   /* the index's lines, sorted by type name */
	const char **names[2];  /* data sources' and resources' names, for suggestions */
	bool opened;
	bool owned;             /* text was made in memory (a CRD), not mapped */
};

/* Where a corrupt file went wrong: its line, for the message. */
static uint32_t line_at(const SchemaFile *f, size_t off)
{
	uint32_t line = 1;
	for (size_t i = 0; i < off && i < f->len; i++)
		line += f->text[i] == '\n';
	return line;
}

static void corrupt(Compiler *c, SchemaFile *f, size_t off, const char *what)
{
	if (!c->io_error)
		fprintf(stderr, "infrac: error: provider schema \"%s\" is corrupt at line %u: %s\n", f->path,
			line_at(f, off), what);
	c->io_error = true;
}

/* The line at *pos, without its newline; false at the end of the text. */
static bool next_line(const SchemaFile *f, size_t *pos, const char **line, size_t *len)
{
	if (*pos >= f->len)
		return false;
	const char *s = f->text + *pos;
	const char *nl = memchr(s, '\n', f->len - *pos);
	*line = s;
	*len = nl ? (size_t)(nl - s) : f->len - *pos;
	*pos += *len + (nl != NULL);
	return true;
}

/* The n-th space-separated word of a line. */
static bool word(const char *line, size_t len, int n, const char **w, size_t *wlen)
{
	size_t i = 0;
	for (int k = 0;; k++) {
		while (i < len && line[i] == ' ')
			i++;
		size_t start = i;
		while (i < len && line[i] != ' ')
			i++;
		if (start == i)
			return false;
		if (k == n) {
			*w = line + start;
			*wlen = i - start;
			return true;
		}
	}
}

/* The header and the index: each entry's line is kept, in the order of
 * the file (data sources, then resources, each sorted by name), and
 * found by binary search; nothing is interned until a type is used. */
static bool read_index(Compiler *c, SchemaFile *f)
{
	size_t pos = 0, len, wl;
	const char *line, *w;
	if (!next_line(f, &pos, &line, &len) || len != 15 || memcmp(line, "infrac-schema 1", 15) != 0) {
		corrupt(c, f, 0, "it does not start with `infrac-schema 1`");
		return false;
	}
	size_t at = pos;
	if (!next_line(f, &pos, &line, &len) || !word(line, len, 0, &w, &wl) || wl != 8 || memcmp(w, "provider", 8) != 0) {
		corrupt(c, f, at, "expected `provider NAME SOURCE VERSION`");
		return false;
	}
	const char *parts[3];
	for (int i = 0; i < 3; i++) {
		if (!word(line, len, i + 1, &w, &wl)) {
			corrupt(c, f, at, "expected `provider NAME SOURCE VERSION`");
			return false;
		}
		parts[i] = intern(&c->names, w, wl);
	}
	f->local = parts[0];
	f->source = parts[1];
	f->version = parts[2];
	for (;;) {
		at = pos;
		if (!next_line(f, &pos, &line, &len)) {
			corrupt(c, f, at, "the index has no `end`");
			return false;
		}
		if (len == 3 && memcmp(line, "end", 3) == 0)
			break;
		if (len < 5 || (line[0] != 'r' && line[0] != 'd') || line[1] != ' ') {
			corrupt(c, f, at, "expected `r|d TYPE OFFSET`");
			return false;
		}
		vec_push(line[0] == 'r' ? &f->resources : &f->datas, (void *)line);
	}
	f->body = pos;
	return true;
}

/* The offset in the body of type's section; false when the index does
 * not have it. */
static bool index_find(Compiler *c, SchemaFile *f, bool data, const char *type, size_t *off)
{
	const Vec *v = data ? &f->datas : &f->resources;
	size_t lo = 0, hi = v->len, n = strlen(type);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *line = (const char *)v->items[mid] + 2, *end = memchr(line, ' ', f->len - (size_t)(line - f->text));
		if (!end) {
			corrupt(c, f, (size_t)(line - f->text), "expected `r|d TYPE OFFSET`");
			return false;
		}
		size_t ln = (size_t)(end - line);
		int cmp = memcmp(line, type, ln < n ? ln : n);
		if (cmp == 0)
			cmp = ln < n ? -1 : ln > n;
		if (cmp == 0) {
			char *stop;
			unsigned long long o = strtoull(end + 1, &stop, 10);
			if (stop == end + 1 || (*stop != '\n' && stop < f->text + f->len) || f->body + o >= f->len) {
				corrupt(c, f, (size_t)(line - f->text), "an offset outside the file");
				return false;
			}
			*off = f->body + o;
			return true;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The schema files, by name only: "aws-5.100.0.schema" describes the
 * types named aws_*.  A file is mapped and its index read when a type
 * with its prefix is first asked for. */
static void load_files(Compiler *c)
{
	c->providers_loaded = true;
	const char *dir = arena_printf(c->arena, "%s/providers", c->stdlib_dir);
	DIR *d = opendir(dir);
	if (!d)
		return; /* no provider schemas installed: no resource types */
	Vec names = {0};
	struct dirent *e;
	while ((e = readdir(d)))
		if (str_has_suffix(e->d_name, ".schema") && strchr(e->d_name, '-'))
			vec_push(&names, arena_strdup(c->arena, e->d_name));
	closedir(d);
	vec_sort(&names, cmp_name);
	for (size_t i = 0; i < names.len; i++) {
		const char *name = names.items[i];
		SchemaFile *f = ARENA_NEW(c->arena, SchemaFile);
		f->path = arena_printf(c->arena, "%s/%s", dir, name);
		f->local = intern(&c->names, name, (size_t)(strchr(name, '-') - name));
		for (size_t j = 0; j < c->providers.len; j++) {
			SchemaFile *g = c->providers.items[j];
			if (g->local == f->local) {
				fprintf(stderr, "infrac: error: provider schemas \"%s\" and \"%s\" both describe provider %s\n",
					g->path, f->path, f->local);
				c->io_error = true;
			}
		}
		vec_push(&c->providers, f);
	}
	vec_free(&names);
}

static bool open_file(Compiler *c, SchemaFile *f)
{
	f->opened = true;
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		fprintf(stderr, "infrac: error: could not read provider schema \"%s\"\n", f->path);
		c->io_error = true;
		if (fd >= 0)
			close(fd);
		return false;
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		fprintf(stderr, "infrac: error: could not read provider schema \"%s\"\n", f->path);
		c->io_error = true;
		return false;
	}
	f->text = p;
	f->len = (size_t)st.st_size;
	const char *local = f->local;
	if (!read_index(c, f))
		return false;
	if (f->local != local) {
		corrupt(c, f, 16, "its provider is not the one its file name says");
		return false;
	}
	return true;
}

SchemaFile *provider_file_open(Compiler *c, const char *path, char *text, size_t len)
{
	SchemaFile *f = ARENA_NEW(c->arena, SchemaFile);
	f->path = path;
	vec_push(&c->kube_files, f);
	if (text) {
		f->opened = f->owned = true;
		f->text = text;
		f->len = len;
		return read_index(c, f) ? f : NULL;
	}
	f->local = intern_cstr(&c->names, "kubernetes");
	return open_file(c, f) ? f : NULL;
}

static void files_free(Vec *files)
{
	for (size_t i = 0; i < files->len; i++) {
		SchemaFile *f = files->items[i];
		vec_free(&f->resources);
		vec_free(&f->datas);
		if (f->owned)
			free((void *)f->text);
		else if (f->text)
			munmap((void *)f->text, f->len);
	}
	vec_free(files);
}

void provider_free(Compiler *c)
{
	files_free(&c->providers);
	files_free(&c->kube_files);
	map_free(&c->kube_kinds);
	map_free(&c->kube_crds);
	for (size_t i = 0; i < c->provider_made.len; i++) {
		map_free(&((Kind *)c->provider_made.items[i])->by_name);
		map_free(&((Kind *)c->provider_made.items[i])->by_literal); /* filled by obj_get (model.c) */
	}
	vec_free(&c->provider_made);
	map_free(&c->provider_kinds);
}

/* The schema file whose types start with the prefix of type, opened. */
static SchemaFile *file_for(Compiler *c, const char *type)
{
	if (!c->providers_loaded)
		load_files(c);
	const char *us = strchr(type, '_');
	if (!us)
		return NULL;
	size_t n = (size_t)(us - type);
	for (size_t i = 0; i < c->providers.len; i++) {
		SchemaFile *f = c->providers.items[i];
		if (strlen(f->local) == n && memcmp(f->local, type, n) == 0) {
			if (!f->opened && !open_file(c, f))
				return NULL;
			return f->body ? f : NULL;
		}
	}
	return NULL;
}

/* ---- a type's section into a Kind ---- */

typedef struct Reader {
	Compiler *c;
	SchemaFile *f;
	size_t pos;
	bool bad;
} Reader;

static Type *new_type(Compiler *c, TypeKind k, Type *elem)
{
	Type *t = ARENA_NEW(c->arena, Type);
	t->kind = k;
	t->elem = elem;
	return t;
}

static Kind *new_kind(Compiler *c, const char *name, bool nested)
{
	Kind *k = ARENA_NEW(c->arena, Kind);
	vec_push(&c->provider_made, k);
	k->name = name;
	k->doc = "";
	k->nested = nested;
	return k;
}

static void add_field(Compiler *c, Kind *k, Vec *fields, Field *f)
{
	f->owner = k;
	f->index = (uint32_t)fields->len;
	map_put(&k->by_name, f->name, f);
	vec_push(fields, f);
}

static void seal(Compiler *c, Kind *k, Vec *fields)
{
	k->nfields = (uint32_t)fields->len;
	k->fields = ARENA_ARRAY(c->arena, Field *, k->nfields ? k->nfields : 1);
	if (fields->len)
		memcpy(k->fields, fields->items, fields->len * sizeof(Field *));
	vec_free(fields);
}

/* A type as the generator writes it: string, number, bool, dynamic,
 * list(T), set(T), map(T), object(a:T,b:T), tuple(T,T).  An object is a
 * map whose kinds[0] names its attributes, so a reference into one is
 * typed; a tuple is a list of anything. */
static Type *parse_type(Reader *r, const char **s, const char *end, int depth)
{
	Compiler *c = r->c;
	const char *p = *s;
	size_t n = 0;
	while (p + n < end && ((p[n] >= 'a' && p[n] <= 'z')))
		n++;
	*s = p + n;
	if (depth > 32) {
		r->bad = true;
		return &type_any;
	}
#define IS(w) (n == sizeof(w) - 1 && memcmp(p, w, n) == 0)
	if (IS("string"))
		return &type_string;
	if (IS("number"))
		return &type_int;
	if (IS("bool"))
		return &type_bool;
	if (IS("dynamic"))
		return &type_any;
	if (IS("enum") && *s < end && **s == '(') {
		/* enum(A|B|C): a string that is one of its members. */
		Type *t = new_type(c, T_STRING, NULL);
		Vec members = {0};
		const char *m = ++*s;
		for (; *s < end && **s != ')'; (*s)++)
			if (**s == '|') {
				vec_push(&members, (void *)intern(&c->names, m, (size_t)(*s - m)));
				m = *s + 1;
			}
		if (*s >= end || *s == m) {
			vec_free(&members);
			r->bad = true;
			return t;
		}
		vec_push(&members, (void *)intern(&c->names, m, (size_t)(*s - m)));
		(*s)++;
		t->nmembers = (uint32_t)members.len;
		t->members = ARENA_ARRAY(c->arena, const char *, members.len);
		memcpy(t->members, members.items, members.len * sizeof(char *));
		vec_free(&members);
		return t;
	}
	if (*s >= end || **s != '(') {
		r->bad = true;
		return &type_any;
	}
	(*s)++;
	Type *t;
	if (IS("list") || IS("set") || IS("map")) {
		t = new_type(c, IS("map") ? T_MAP : T_LIST, parse_type(r, s, end, depth + 1));
	} else if (IS("object") || IS("tuple")) {
		bool object = IS("object");
		t = new_type(c, object ? T_MAP : T_LIST, &type_any);
		Kind *k = object ? new_kind(c, intern_cstr(&c->names, "object"), true) : NULL;
		Vec fields = {0};
		while (*s < end && **s != ')') {
			if (object) {
				const char *name = *s;
				while (*s < end && **s != ':')
					(*s)++;
				if (*s >= end || *s == name) {
					r->bad = true;
					break;
				}
				Field *f = ARENA_NEW(c->arena, Field);
				f->name = intern(&c->names, name, (size_t)(*s - name));
				(*s)++;
				f->doc = "";
				f->type = new_type(c, T_OPTIONAL, parse_type(r, s, end, depth + 1));
				add_field(c, k, &fields, f);
			} else {
				parse_type(r, s, end, depth + 1);
			}
			if (*s < end && **s == ',')
				(*s)++;
			else
				break;
		}
		if (object) {
			seal(c, k, &fields);
			t->kinds = ARENA_ARRAY(c->arena, Kind *, 1);
			t->kinds[0] = k;
			t->nkinds = 1;
		}
	} else {
		r->bad = true;
		return &type_any;
	}
#undef IS
	if (*s >= end || **s != ')') {
		r->bad = true;
		return t;
	}
	(*s)++;
	return t;
}

static int indent(const char *line, size_t len)
{
	int d = 0;
	while ((size_t)d < len && line[d] == ' ')
		d++;
	return d;
}

/* The lines at depth `depth` from r->pos, as the fields of k. */
static void read_body(Reader *r, Kind *k, int depth)
{
	Compiler *c = r->c;
	Vec fields = {0};
	for (;;) {
		size_t at = r->pos, len;
		const char *line;
		if (!next_line(r->f, &r->pos, &line, &len))
			break;
		int d = indent(line, len);
		if (d < depth) {
			r->pos = at;
			break;
		}
		const char *w[6] = {0};
		size_t wl[6] = {0};
		int nw = 0;
		while (nw < 6 && word(line, len, nw, &w[nw], &wl[nw]))
			nw++;
		if (d > depth || nw < 2) {
			corrupt(c, r->f, at, "a line out of place");
			r->bad = true;
			break;
		}
		Field *f = ARENA_NEW(c->arena, Field);
		f->name = intern(&c->names, w[0], wl[0]);
		f->doc = "";
		if (w[1][0] == '{') {
			/* name {mode min max bytes [d] */
			const char *mode = w[1] + 1;
			size_t ml = wl[1] - 1;
			if (nw < 5) {
				corrupt(c, r->f, at, "expected `NAME {MODE MIN MAX BYTES`");
				r->bad = true;
				break;
			}
			bool single = (ml == 6 && memcmp(mode, "single", 6) == 0) || (ml == 5 && memcmp(mode, "group", 5) == 0);
			bool map = ml == 3 && memcmp(mode, "map", 3) == 0;
			Kind *nk = new_kind(c, f->name, true);
			nk->provider = k->provider;
			nk->min_labels = nk->max_labels = map ? 1 : 0;
			f->type = new_type(c, single ? T_BLOCK : T_BLOCKS, NULL);
			f->type->kinds = ARENA_ARRAY(c->arena, Kind *, 1);
			f->type->kinds[0] = nk;
			f->type->nkinds = 1;
			f->type->has_range = true;
			f->type->min = strtoll(w[2], NULL, 10);
			f->type->max = strtoll(w[3], NULL, 10);
			/* An element of a list of blocks, as an index reaches it. */
			if (!single) {
				f->type->elem = new_type(c, T_BLOCK, NULL);
				f->type->elem->kinds = f->type->kinds;
				f->type->elem->nkinds = 1;
			}
			if (nw > 5 && wl[5] == 1 && w[5][0] == 'd')
				f->flags |= FIELD_DEPRECATED;
			/* Its fields are read when a block of it is written
			 * or a reference goes through it (provider_load): the
			 * nested blocks of aws_wafv2_web_acl run to 20,000 lines. */
			unsigned long long bytes = strtoull(w[4], NULL, 10);
			if (bytes > r->f->len - r->pos) {
				corrupt(c, r->f, at, "a nested block longer than the file");
				r->bad = true;
				break;
			}
			nk->lazy_at = (uint32_t)r->pos + 1;
			nk->lazy_depth = (uint8_t)(depth + 1);
			nk->lazy_file = r->f;
			r->pos += bytes;
		} else {
			const char *s = w[1], *end = w[1] + wl[1];
			f->type = parse_type(r, &s, end, 0);
			if (r->bad || s != end || nw != 3) {
				corrupt(c, r->f, at, "expected `NAME TYPE FLAGS`");
				r->bad = true;
				break;
			}
			bool req = false, opt = false;
			for (size_t i = 0; i < wl[2]; i++)
				switch (w[2][i]) {
				case 'r': req = true; break;
				case 'o': opt = true; break;
				case 'c': f->flags |= FIELD_COMPUTED; break;
				case 's': f->flags |= FIELD_SENSITIVE; break;
				case 'd': f->flags |= FIELD_DEPRECATED; break;
				case 'w': f->flags |= FIELD_WRITE_ONLY; break;
				default: r->bad = true;
				}
			if (r->bad) {
				corrupt(c, r->f, at, "unknown attribute flag");
				break;
			}
			if (req)
				f->required = true;
			else if (opt)
				f->type = new_type(c, T_OPTIONAL, f->type);
			else
				f->output = true;
		}
		add_field(c, k, &fields, f);
	}
	seal(c, k, &fields);
}

void provider_load(Compiler *c, Kind *k)
{
	if (!k->lazy_at || k->lazy_depth > 64)
		return;
	Reader r = {.c = c, .f = k->lazy_file, .pos = k->lazy_at - 1};
	k->lazy_at = 0;
	read_body(&r, k, k->lazy_depth);
}

void provider_add_fields(Compiler *c, Kind *k, Field **extra, size_t n)
{
	Vec fields = {0};
	for (uint32_t i = 0; i < k->nfields; i++)
		vec_push(&fields, k->fields[i]);
	for (size_t i = 0; i < n; i++)
		add_field(c, k, &fields, extra[i]);
	seal(c, k, &fields);
}

/* Every resource and data source also takes Terraform's meta-arguments
 * that infrac writes through: depends_on, provider (another region: a
 * `provider` block) and, for a resource, lifecycle.  (count and for_each
 * are infrac's `for`.) */
static void add_meta(Compiler *c, Kind *k, bool data)
{
	Vec fields = {0};
	for (uint32_t i = 0; i < k->nfields; i++)
		vec_push(&fields, k->fields[i]);
	Field *dep = ARENA_NEW(c->arena, Field);
	dep->name = intern_cstr(&c->names, "depends_on");
	dep->doc = "blocks this one must wait for, beyond those it refers to";
	dep->type = new_type(c, T_OPTIONAL, new_type(c, T_LIST, &type_any));
	dep->flags = FIELD_META;
	add_field(c, k, &fields, dep);
	Kind *pk = schema_kind(c, intern_cstr(&c->names, "provider"));
	if (pk) {
		Field *prov = ARENA_NEW(c->arena, Field);
		prov->name = pk->name;
		prov->doc = "the provider configuration it uses: provider.NAME; the environment's when unset";
		Type *ref = new_type(c, T_REF, NULL);
		ref->kinds = ARENA_ARRAY(c->arena, Kind *, 1);
		ref->kinds[0] = pk;
		ref->nkinds = 1;
		prov->type = new_type(c, T_OPTIONAL, ref);
		prov->flags = FIELD_META;
		add_field(c, k, &fields, prov);
	}
	if (data) {
		seal(c, k, &fields);
		return;
	}
	Kind *lk = new_kind(c, intern_cstr(&c->names, "lifecycle"), true);
	lk->provider = k->provider;
	Vec lf = {0};
	static const char *const bools[] = {"create_before_destroy", "prevent_destroy"};
	for (size_t i = 0; i < COUNT_OF(bools); i++) {
		Field *f = ARENA_NEW(c->arena, Field);
		f->name = intern_cstr(&c->names, bools[i]);
		f->doc = "";
		f->type = new_type(c, T_OPTIONAL, &type_bool);
		add_field(c, lk, &lf, f);
	}
	Field *ign = ARENA_NEW(c->arena, Field);
	ign->name = intern_cstr(&c->names, "ignore_changes");
	ign->doc = "attributes whose changes outside the specification Terraform keeps";
	ign->type = new_type(c, T_OPTIONAL, new_type(c, T_LIST, &type_string));
	add_field(c, lk, &lf, ign);
	seal(c, lk, &lf);
	Field *life = ARENA_NEW(c->arena, Field);
	life->name = lk->name;
	life->doc = "";
	life->type = new_type(c, T_BLOCK, NULL);
	life->type->kinds = ARENA_ARRAY(c->arena, Kind *, 1);
	life->type->kinds[0] = lk;
	life->type->nkinds = 1;
	life->flags = FIELD_META;
	add_field(c, k, &fields, life);
	seal(c, k, &fields);
}

Kind *provider_kind(Compiler *c, bool data, const char *type)
{
	const char *key = data ? arena_printf(c->arena, "data.%s", type) : type;
	key = intern_cstr(&c->names, key);
	Kind *k = map_get(&c->provider_kinds, key);
	if (k)
		return k;
	SchemaFile *f = file_for(c, type);
	if (!f)
		return NULL;
	k = provider_file_kind(c, f, data, type, NULL);
	if (!k)
		return NULL;
	k->name = key;
	k->tf_type = intern_cstr(&c->names, type);
	k->data = data;
	add_meta(c, k, data);
	map_put(&c->provider_kinds, key, k);
	return k;
}

Kind *provider_file_kind(Compiler *c, SchemaFile *f, bool data, const char *type, const char *header[2])
{
	size_t off;
	if (!index_find(c, f, data, type, &off))
		return NULL;
	Reader r = {.c = c, .f = f, .pos = off};
	size_t at = r.pos, len, wl;
	const char *line, *w;
	if (!next_line(f, &r.pos, &line, &len) || !word(line, len, 1, &w, &wl) || wl != strlen(type) ||
	    memcmp(w, type, wl) != 0) {
		corrupt(c, f, at, "the index points at another type");
		return NULL;
	}
	for (int i = 0; header && i < 2; i++) {
		if (!word(line, len, i + 2, &w, &wl)) {
			corrupt(c, f, at, "expected `resource KIND APIVERSION SCOPE`");
			return NULL;
		}
		header[i] = intern(&c->names, w, wl);
	}
	Kind *k = new_kind(c, intern_cstr(&c->names, type), false);
	k->min_labels = k->max_labels = 1;
	k->provider = f->local;
	read_body(&r, k, 1);
	return r.bad ? NULL : k;
}

bool provider_has_prefix(Compiler *c, const char *name)
{
	if (!c->providers_loaded)
		load_files(c);
	const char *us = strchr(name, '_');
	for (size_t i = 0; us && i < c->providers.len; i++) {
		const char *local = ((SchemaFile *)c->providers.items[i])->local;
		if (strlen(local) == (size_t)(us - name) && memcmp(local, name, (size_t)(us - name)) == 0)
			return true;
	}
	return false;
}

size_t provider_type_names(Compiler *c, bool data, const char *type, const char ***out)
{
	return provider_file_names(c, file_for(c, type), data, out);
}

size_t provider_file_names(Compiler *c, SchemaFile *f, bool data, const char ***out)
{
	if (!f) {
		*out = NULL;
		return 0;
	}
	const Vec *v = data ? &f->datas : &f->resources;
	const char ***names = &f->names[!data];
	if (!*names) {
		*names = ARENA_ARRAY(c->arena, const char *, v->len ? v->len : 1);
		for (size_t i = 0; i < v->len; i++) {
			const char *line = (const char *)v->items[i] + 2;
			const char *end = memchr(line, ' ', f->len - (size_t)(line - f->text));
			(*names)[i] = intern(&c->names, line, end ? (size_t)(end - line) : 0);
		}
	}
	*out = *names;
	return v->len;
}

const char *provider_version(Compiler *c, const char *local, const char **source)
{
	if (!c->providers_loaded)
		load_files(c);
	for (size_t i = 0; i < c->providers.len; i++) {
		SchemaFile *f = c->providers.items[i];
		if (strcmp(f->local, local) == 0) {
			if (!f->opened && !open_file(c, f))
				return NULL;
			if (source)
				*source = f->source;
			return f->version;
		}
	}
	return NULL;
}

/* ---- typed paths into a resource ---- */

/* The kind whose fields follow a `.` after a value of type t: a single
 * nested block's, or an object's. */
Kind *provider_members(Compiler *c, const Type *t)
{
	t = type_strip((Type *)t);
	if (!t || !(t->kind == T_BLOCK || (t->kind == T_MAP && t->kinds)))
		return NULL;
	provider_load(c, t->kinds[0]);
	return t->kinds[0];
}

const Type *provider_path_type(Compiler *c, Kind *k, const char *path)
{
	const Type *t = NULL;
	const char *s = path;
	while (*s) {
		if (*s == '[') {
			const Type *b = type_strip((Type *)t);
			if (!b)
				return NULL;
			if (s[1] == '"') {
				const char *close = strstr(s + 2, "\"]");
				if (!close || b->kind != T_MAP || b->kinds)
					return NULL;
				t = b->elem;
				s = close + 2;
				continue;
			}
			const char *close = strchr(s, ']');
			if (!close || (b->kind != T_BLOCKS && b->kind != T_LIST))
				return NULL;
			t = b->elem;
			s = close + 1;
			continue;
		}
		if (*s == '.')
			s++;
		const char *e = s;
		while (*e && *e != '.' && *e != '[')
			e++;
		Kind *in = t ? provider_members(c, t) : k;
		if (!in)
			return NULL;
		const Field *f = NULL;
		for (uint32_t i = 0; i < in->nfields && !f; i++)
			if (strlen(in->fields[i]->name) == (size_t)(e - s) && memcmp(in->fields[i]->name, s, (size_t)(e - s)) == 0)
				f = in->fields[i];
		if (!f)
			return NULL;
		t = f->type;
		s = e;
	}
	return t;
}

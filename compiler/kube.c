/*
 * kube.c: Kubernetes objects as kinds, from the built-in kinds' OpenAPI
 * schema and from the CustomResourceDefinitions a specification loads.
 *
 * `kubernetes Deployment web { ... }` is checked like a `resource`
 * block: its kind is a Kind read by provider.c from a compact schema
 * file.  The built-in kinds of the pinned Kubernetes version are in
 * stdlib/kubernetes/ (made by gen-schema.py there); a CRD named by a
 * top-level `crds = ["file.yaml"]` is read here with libyaml and the
 * openAPIV3Schema of each served version written in the same format, in
 * memory, so that one reader makes both kinds of Kind.  Every kind also
 * takes the metadata infrac writes: namespace, labels and annotations
 * (the block's label is metadata.name).
 */
#include "infrac.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define BUILTIN_SCHEMA "kubernetes/kubernetes-1.31.schema"
/* The most fields a CRD's schema may have, nested ones included: the
 * largest of fourteen common ones (Argo CD's Application) has about 1,500. */
enum { CRD_FIELDS_MAX = 50000 };

/* ---- YAML trees ---- */

static yaml_node_t *ynode(yaml_document_t *d, int i)
{
	return i ? yaml_document_get_node(d, i) : NULL;
}

static yaml_node_t *yget(yaml_document_t *d, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ynode(d, p->key);
		if (k && k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, key) == 0)
			return ynode(d, p->value);
	}
	return NULL;
}

static const char *ystr(yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static bool ytrue(yaml_node_t *n)
{
	const char *s = ystr(n);
	return s && strcmp(s, "true") == 0;
}

/* A name the schema format can hold: a kind, a group, a version. */
static bool is_word(const char *s)
{
	return s && *s && !strpbrk(s, " \t\r\n");
}

static bool yseq_has(yaml_document_t *d, yaml_node_t *seq, const char *s)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return false;
	for (yaml_node_item_t *i = seq->data.sequence.items.start; i < seq->data.sequence.items.top; i++) {
		const char *v = ystr(ynode(d, *i));
		if (v && strcmp(v, s) == 0)
			return true;
	}
	return false;
}

/* ---- an openAPIV3Schema in the compact format (docs/providers.md) ---- */

static bool has_properties(yaml_document_t *d, yaml_node_t *s)
{
	yaml_node_t *p = yget(d, s, "properties");
	return p && p->type == YAML_MAPPING_NODE && p->data.mapping.pairs.top > p->data.mapping.pairs.start &&
	       !ytrue(yget(d, s, "x-kubernetes-preserve-unknown-fields"));
}

/* A string enum's members, when every one is a word the format can hold. */
static bool enum_text(yaml_document_t *d, yaml_node_t *e, Buf *out)
{
	if (!e || e->type != YAML_SEQUENCE_NODE || e->data.sequence.items.top == e->data.sequence.items.start)
		return false;
	size_t at = out->len;
	buf_puts(out, "enum(");
	for (yaml_node_item_t *i = e->data.sequence.items.start; i < e->data.sequence.items.top; i++) {
		const char *v = ystr(ynode(d, *i));
		if (!v || !*v || strpbrk(v, " |()\n\t")) {
			out->len = at;
			return false;
		}
		buf_printf(out, "%s%s", i > e->data.sequence.items.start ? "|" : "", v);
	}
	buf_putc(out, ')');
	return true;
}

/* The type of a schema that is not a block (the mapping of gen-schema.py). */
static void scalar_text(yaml_document_t *d, yaml_node_t *s, Buf *out, int depth)
{
	const char *t = ystr(yget(d, s, "type"));
	if (depth > 32 || !t || ytrue(yget(d, s, "x-kubernetes-int-or-string")) ||
	    ytrue(yget(d, s, "x-kubernetes-preserve-unknown-fields"))) {
		buf_puts(out, "dynamic");
	} else if (strcmp(t, "string") == 0) {
		if (!enum_text(d, yget(d, s, "enum"), out))
			buf_puts(out, "string");
	} else if (strcmp(t, "integer") == 0 || strcmp(t, "number") == 0) {
		buf_puts(out, "number");
	} else if (strcmp(t, "boolean") == 0) {
		buf_puts(out, "bool");
	} else if (strcmp(t, "array") == 0) {
		buf_puts(out, "list(");
		yaml_node_t *items = yget(d, s, "items");
		if (items && !has_properties(d, items))
			scalar_text(d, items, out, depth + 1);
		else
			buf_puts(out, "dynamic");
		buf_putc(out, ')');
	} else if (strcmp(t, "object") == 0 && yget(d, s, "additionalProperties") && !has_properties(d, s)) {
		yaml_node_t *a = yget(d, s, "additionalProperties");
		buf_puts(out, "map(");
		if (a->type == YAML_MAPPING_NODE && !has_properties(d, a))
			scalar_text(d, a, out, depth + 1);
		else
			buf_puts(out, "dynamic");
		buf_putc(out, ')');
	} else {
		buf_puts(out, "dynamic");
	}
}

/* The fields of schema s at depth, each charged to *left: YAML aliases
 * can make a small file a tree of billions of properties, so the walk
 * stops when *left reaches 0 (the caller reports it). */
static void schema_body(yaml_document_t *d, yaml_node_t *s, int depth, Buf *out, size_t *left)
{
	yaml_node_t *props = yget(d, s, "properties"), *req = yget(d, s, "required");
	if (!props || props->type != YAML_MAPPING_NODE || depth > 64)
		return;
	for (yaml_node_pair_t *p = props->data.mapping.pairs.start; p < props->data.mapping.pairs.top; p++) {
		if (*left == 0)
			return;
		--*left;
		const char *name = ystr(ynode(d, p->key));
		yaml_node_t *v = ynode(d, p->value);
		if (!name || !*name || strpbrk(name, " \n\t{") || !v)
			continue;
		if (depth == 1 && (strcmp(name, "apiVersion") == 0 || strcmp(name, "kind") == 0 ||
				   strcmp(name, "metadata") == 0 || strcmp(name, "status") == 0))
			continue;
		/* The API server fills in a default: a required field with one
		 * need not be written. */
		bool required = yseq_has(d, req, name) && !yget(d, v, "default");
		const char *t = ystr(yget(d, v, "type"));
		yaml_node_t *items = yget(d, v, "items");
		bool many = t && strcmp(t, "array") == 0 && items && has_properties(d, items);
		if (many || (t && strcmp(t, "object") == 0 && has_properties(d, v))) {
			Buf inner = {0};
			schema_body(d, many ? items : v, depth + 1, &inner, left);
			buf_printf(out, "%*s%s {%s %d 0 %zu\n", depth, "", name, many ? "list" : "single", required,
				   inner.len);
			if (inner.len)
				buf_put(out, inner.data, inner.len);
			buf_free(&inner);
			continue;
		}
		buf_printf(out, "%*s%s ", depth, "", name);
		scalar_text(d, v, out, 0);
		buf_puts(out, required ? " r\n" : " o\n");
	}
}

/* ---- kinds ---- */

static Field *meta_field(Compiler *c, const char *name, Type *t, bool required, const char *doc)
{
	Field *f = ARENA_NEW(c->arena, Field);
	f->name = intern_cstr(&c->names, name);
	f->doc = doc;
	f->required = required;
	f->flags = FIELD_META;
	if (required) {
		f->type = t;
	} else {
		f->type = ARENA_NEW(c->arena, Type);
		f->type->kind = T_OPTIONAL;
		f->type->elem = t;
	}
	return f;
}

/* The kind of a section of f, with its apiVersion, scope and metadata. */
static Kind *kind_from(Compiler *c, SchemaFile *f, const char *name)
{
	const char *header[2];
	Kind *k = provider_file_kind(c, f, false, name, header);
	if (!k)
		return NULL;
	k->api_version = header[0];
	k->namespaced = strcmp(header[1], "namespaced") == 0;
	Type *labels = ARENA_NEW(c->arena, Type);
	labels->kind = T_MAP;
	labels->elem = &type_string;
	Field *meta[] = {
		/* Written on a cluster-scoped kind, it is reported (kube_check). */
		meta_field(c, "namespace", &type_string, k->namespaced, "the namespace of the object (metadata.namespace)"),
		meta_field(c, "labels", labels, false, "metadata.labels"),
		meta_field(c, "annotations", labels, false, "metadata.annotations"),
		/* Another version of a CRD's kind (kube_kind_version). */
		meta_field(c, "api_version", &type_string, false, "the apiVersion to write it in"),
	};
	/* A kind of its own field of one of these names keeps it. */
	size_t n = 0;
	for (size_t i = 0; i < COUNT_OF(meta); i++)
		if (!kind_field(k, meta[i]->name))
			meta[n++] = meta[i];
	provider_add_fields(c, k, meta, n);
	return k;
}

/* The built-in kinds' file, opened on first use. */
static SchemaFile *builtin(Compiler *c)
{
	if (!c->kube_loaded) {
		c->kube_loaded = true;
		c->kube_builtin = provider_file_open(c, arena_printf(c->arena, "%s/%s", c->stdlib_dir, BUILTIN_SCHEMA),
						     NULL, 0);
	}
	return c->kube_builtin;
}

size_t kube_kind_names(Compiler *c, const char ***out)
{
	const char **names;
	size_t n = provider_file_names(c, builtin(c), false, &names);
	*out = ARENA_ARRAY(c->arena, const char *, n + c->kube_kinds.len + 1);
	if (n)
		memcpy(*out, names, n * sizeof(char *));
	for (size_t i = 0; i < c->kube_kinds.len; i++)
		if (!strchr(c->kube_kinds.keys[i], '@'))
			(*out)[n++] = c->kube_kinds.keys[i];
	return n;
}

Kind *kube_kind_version(Compiler *c, const char *name, const char *api)
{
	Kind *k = kube_kind(c, name);
	if (!k || !api || strcmp(k->api_version, api) == 0)
		return k;
	Kind *v = map_get(&c->kube_kinds, intern_cstr(&c->names, arena_printf(c->arena, "%s@%s", name, api)));
	return v ? v : k; /* kube_check reports a version the kind does not have */
}

Kind *kube_kind(Compiler *c, const char *name)
{
	name = intern_cstr(&c->names, name);
	Kind *k = map_get(&c->kube_kinds, name);
	if (k || c->io_error)
		return k;
	if (!builtin(c))
		return NULL;
	k = kind_from(c, c->kube_builtin, name);
	if (k)
		map_put(&c->kube_kinds, name, k);
	return k;
}

/* ---- CRD files ---- */

/* The versions a CRD serves, and the one its objects are written in
 * unless `api_version` says otherwise: the storage version, when it is
 * served, else the first served one. */
static size_t served_versions(yaml_document_t *d, yaml_node_t *versions, yaml_node_t **out, size_t max, size_t *main)
{
	size_t n = 0;
	*main = 0;
	if (!versions || versions->type != YAML_SEQUENCE_NODE)
		return 0;
	for (yaml_node_item_t *i = versions->data.sequence.items.start; i < versions->data.sequence.items.top && n < max;
	     i++) {
		yaml_node_t *v = ynode(d, *i);
		if (!ytrue(yget(d, v, "served")) || !is_word(ystr(yget(d, v, "name"))))
			continue;
		if (ytrue(yget(d, v, "storage")))
			*main = n;
		out[n++] = v;
	}
	return n;
}

static int cmp_version(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

enum { CRD_VERSIONS_MAX = 16 };

/* The compact schema of one CRD document; NULL, after a diagnostic at
 * `at` naming shown, when it is not one infrac can use.  Its sections
 * are KIND, in the main version, and KIND@GROUP/VERSION for every served
 * version, which `api_version` picks. */
static char *crd_text(Compiler *c, yaml_document_t *d, const char *shown, Span at, const char **kind, size_t *len)
{
	yaml_node_t *root = yaml_document_get_root_node(d), *spec = yget(d, root, "spec");
	const char *what = ystr(yget(d, root, "kind")), *group = ystr(yget(d, spec, "group"));
	*kind = ystr(yget(d, yget(d, spec, "names"), "kind"));
	const char *scope = ystr(yget(d, spec, "scope"));
	if (!what || strcmp(what, "CustomResourceDefinition") != 0 || !is_word(group) || !is_word(*kind) || !scope ||
	    (strcmp(scope, "Namespaced") != 0 && strcmp(scope, "Cluster") != 0)) {
		Diag *g = compiler_diag(c, NAME_CRD_FILE, at, "\"%s\" is not a CustomResourceDefinition", shown);
		diag_help(&c->diags, g, "a CRD has `kind: CustomResourceDefinition` and a `spec` with `group`, "
					"`names.kind`, `scope` (Namespaced or Cluster) and `versions`");
		return NULL;
	}
	yaml_node_t *versions[CRD_VERSIONS_MAX];
	size_t main, n = served_versions(d, yget(d, spec, "versions"), versions, CRD_VERSIONS_MAX, &main);
	if (!n) {
		Diag *g = compiler_diag(c, NAME_CRD_FILE, at, "CRD \"%s\" (%s) has no served version", shown, *kind);
		diag_help(&c->diags, g, "a version with `served: true` is the one objects can be written in");
		return NULL;
	}
	/* Section names, sorted as the index must be: KIND first. */
	const char *names[CRD_VERSIONS_MAX + 1];
	names[0] = *kind;
	for (size_t i = 0; i < n; i++)
		names[i + 1] = arena_printf(c->arena, "%s@%s/%s", *kind, group, ystr(yget(d, versions[i], "name")));
	qsort(names + 1, n, sizeof *names, cmp_version);
	Buf body = {0};
	size_t left = CRD_FIELDS_MAX, offsets[CRD_VERSIONS_MAX + 1];
	for (size_t k = 0; k <= n && left; k++) {
		yaml_node_t *v = versions[main];
		for (size_t i = 0; k > 0 && i < n; i++)
			if (strcmp(strchr(names[k], '/') + 1, ystr(yget(d, versions[i], "name"))) == 0)
				v = versions[i];
		offsets[k] = body.len;
		buf_printf(&body, "resource %s %s/%s %s\n", names[k], group, ystr(yget(d, v, "name")),
			   strcmp(scope, "Namespaced") == 0 ? "namespaced" : "cluster");
		schema_body(d, yget(d, yget(d, v, "schema"), "openAPIV3Schema"), 1, &body, &left);
	}
	if (left == 0) {
		Diag *g = compiler_diag(c, NAME_CRD_FILE, at, "the schema of CRD \"%s\" (%s) has more than %d fields", shown, *kind,
					CRD_FIELDS_MAX);
		diag_help(&c->diags, g, "its YAML aliases or size make a schema no real CRD has");
		buf_free(&body);
		return NULL;
	}
	Buf b = {0};
	buf_printf(&b, "infrac-schema 1\nprovider crd %s 0\n", group);
	for (size_t k = 0; k <= n; k++)
		buf_printf(&b, "r %s %zu\n", names[k], offsets[k]);
	buf_puts(&b, "end\n");
	buf_put(&b, body.data, body.len);
	buf_free(&body);
	*len = b.len;
	return b.data;
}

/* Reads one CRD file into a kind; reports why it cannot. */
static void crd_read(Compiler *c, const char *rel, Span at)
{
	const SrcFile *src = c->srcs.files[at.file];
	const char *slash = strrchr(src->path, '/');
	const char *path = rel[0] == '/' || !slash ? rel
			   : arena_printf(c->arena, "%.*s/%s", (int)(slash - src->path), src->path, rel);
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		Diag *g = compiler_diag(c, NAME_CRD_FILE, at, "CRD file \"%s\" cannot be read: %s", path, strerror(errno));
		diag_help(&c->diags, g, "paths are relative to the file that names them");
		return;
	}
	if (!load_path_allowed(c, real)) {
		Diag *g = compiler_diag(c, NAME_CRD_FILE, at, "CRD file \"%s\" is outside the folders a specification may read",
					path);
		diag_help(&c->diags, g, "keep it in the checkout, or name its folder with `-I`");
		return;
	}
	const char *key = intern_cstr(&c->names, real);
	if (map_get(&c->kube_crds, key))
		return;
	map_put(&c->kube_crds, key, (void *)1);
	FILE *fp = fopen(real, "rb");
	if (!fp) {
		compiler_diag(c, NAME_CRD_FILE, at, "CRD file \"%s\" cannot be read: %s", path, strerror(errno));
		return;
	}
	yaml_parser_t p;
	yaml_document_t d;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, fp);
	if (!yaml_parser_load(&p, &d)) {
		compiler_diag(c, NAME_CRD_FILE, at, "CRD file \"%s\" is not YAML: %s at line %zu", path,
			      p.problem ? p.problem : "a syntax error", p.problem_mark.line + 1);
		yaml_parser_delete(&p);
		fclose(fp);
		return;
	}
	const char *kind = NULL;
	size_t len = 0;
	char *text = yaml_document_get_root_node(&d) ? crd_text(c, &d, path, at, &kind, &len) : NULL;
	if (!text && !yaml_document_get_root_node(&d))
		compiler_diag(c, NAME_CRD_FILE, at, "\"%s\" is not a CustomResourceDefinition: it is empty", path);
	kind = kind ? intern_cstr(&c->names, kind) : NULL;
	yaml_document_delete(&d);
	yaml_parser_delete(&p);
	fclose(fp);
	if (!text)
		return;
	Kind *prev = map_get(&c->kube_kinds, kind);
	if (prev) {
		free(text);
		compiler_diag(c, NAME_CRD_FILE, at, "CRD file \"%s\" defines kind %s, which an earlier CRD defines", path, kind);
		return;
	}
	SchemaFile *f = provider_file_open(c, arena_strdup(c->arena, path), text, len);
	const char **names;
	size_t n = f ? provider_file_names(c, f, false, &names) : 0;
	for (size_t i = 0; i < n; i++) {
		Kind *k = kind_from(c, f, names[i]);
		if (!k)
			return;
		k->name = kind; /* KIND@GROUP/VERSION is only its key */
		map_put(&c->kube_kinds, names[i], k);
	}
}

static void crd_load(Compiler *c, const char *rel, Span at)
{
	uint32_t errors = c->diags.errors;
	crd_read(c, rel, at);
	c->kube_crd_failed |= c->diags.errors != errors;
}

void kube_load_crds(Compiler *c, Node *attr, Scope *s)
{
	static Type files = {.kind = T_LIST, .elem = &type_string};
	Value *v = eval(c, s, attr->a, &files);
	if (v->kind != V_LIST)
		return;
	for (uint32_t i = 0; i < v->n; i++)
		if (v->items[i]->kind == V_STRING)
			crd_load(c, v->items[i]->s, v->items[i]->span);
}

/* The versions kind `name` can be written in, for a message. */
static const char *versions_of(Compiler *c, const Kind *k)
{
	Buf b = {0};
	buf_printf(&b, "\"%s\"", k->api_version);
	size_t n = strlen(k->name);
	for (size_t i = 0; i < c->kube_kinds.len; i++) {
		const char *key = c->kube_kinds.keys[i];
		const Kind *v = c->kube_kinds.vals[i];
		if (strncmp(key, k->name, n) == 0 && key[n] == '@' && strcmp(v->api_version, k->api_version) != 0)
			buf_printf(&b, ", \"%s\"", v->api_version);
	}
	const char *s = arena_strndup(c->arena, b.data, b.len);
	buf_free(&b);
	return s;
}

void kube_check(Compiler *c)
{
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *o = c->objects.items[i];
		if (o->parent || !o->kind->api_version)
			continue;
		const char *api = obj_str(o, "api_version");
		if (api && strcmp(api, o->kind->api_version) != 0) {
			Diag *g = compiler_diag(c, TYPE_K8S_VERSION, obj_value_span(o, "api_version"),
						"%s is not served as \"%s\"", o->kind->name, api);
			const char *all = versions_of(c, o->kind);
			diag_help(&c->diags, g, strchr(all, ',') ? "write one of %s" : "write %s, or leave `api_version` out",
				  all);
		}
		if (o->kind->namespaced || !obj_written(o, "namespace"))
			continue;
		Diag *g = compiler_diag(c, TYPE_K8S_SCOPE, obj_attr_span(o, "namespace"),
					"%s is cluster-scoped: its objects have no namespace", o->kind->name);
		diag_help(&c->diags, g, "remove `namespace`");
	}
}

/*
 * names.c: the names a block's labels become outside the specification.
 *
 * Labels leave the compiler as the output folder out/ENV, as Terraform
 * resource names, as parts of file names (iam/KIND-NAME.PURPOSE.json), as
 * Helm release folders (helm/RELEASE/) and as Kubernetes names.  The back
 * ends take these names as they find them: every rule they must follow is
 * checked here, once, when the specification is checked, and reported at
 * the block whose label gives the name.  So `check` reports what `build`
 * would trip over, and no file is ever written under a name that leaves
 * the output folder, that the file system refuses, or that another block
 * already has.
 *
 * Names that Kubernetes or AWS check themselves (a namespace, an IAM role
 * name) are `name(rule)` fields and are checked where their values are
 * (check.c); those rules keep them safe as folder names too.
 */
#include "infrac.h"

#include <string.h>

/* ---- Terraform names ---- */

/* s as part of a Terraform name: letters, digits, `_` and `-` are kept,
 * every other byte becomes `_`, and a name that would not start with a
 * letter or `_` gets one `_` in front. */
static void put_ident(Buf *b, const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		buf_putc(b, '_');
	for (; *s; s++) {
		char ch = *s;
		bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			    ch == '_' || ch == '-';
		buf_putc(b, keep ? ch : '_');
	}
}

/* b's text in the arena; b is freed. */
static const char *arena_take(Arena *a, Buf *b)
{
	const char *s = arena_strndup(a, b->data, b->len);
	buf_free(b);
	return s;
}

const char *names_ident(Arena *a, const char *s)
{
	Buf b = {0};
	put_ident(&b, s);
	return arena_take(a, &b);
}

static void put_name(Buf *b, const Object *obj)
{
	if (obj->parent) {
		put_name(b, obj->parent);
		buf_putc(b, '_');
		if (obj->kind->variant)
			put_ident(b, obj->kind->variant);
		else if (obj->name)
			put_ident(b, obj->name);
		else
			put_ident(b, obj->word);
	} else {
		for (uint32_t i = 0; i < obj->nlabels; i++) {
			if (i)
				buf_putc(b, '_');
			put_ident(b, obj->labels[i]);
		}
		if (!obj->nlabels)
			put_ident(b, obj->kind->name);
	}
}

const char *names_terraform(Arena *a, const Object *obj)
{
	Buf b = {0};
	put_name(&b, obj);
	return arena_take(a, &b);
}

/* ---- one block's labels ---- */

/* "role `deploy`", or "`cluster.eks.pool.spot`" for a nested block; a
 * long label is cut, since the caret shows it whole. */
static const char *block_words(Compiler *c, const Object *o)
{
	bool top = !o->parent && o->name && o->nlabels == 1;
	const char *text = top ? o->name : o->path;
	size_t n = strlen(text), keep = n > 40 ? 40 : n;
	while (keep < n && ((unsigned char)text[keep] & 0xC0) == 0x80)
		keep--; /* not inside a UTF-8 sequence */
	const char *cut = keep < n ? "..." : "";
	if (top)
		return arena_printf(c->arena, "%s `%.*s%s`", o->kind->name, (int)keep, text, cut);
	return arena_printf(c->arena, "`%.*s%s`", (int)keep, text, cut);
}

/* The first control character in o's labels, or 0. */
static int control_char(const Object *o)
{
	for (uint32_t i = 0; i < o->nlabels; i++)
		for (const unsigned char *p = (const unsigned char *)o->labels[i]; *p; p++)
			if (*p < 0x20 || *p == 0x7F)
				return *p;
	return 0;
}

/* The length of o's longest label. */
static size_t longest_label(const Object *o)
{
	size_t n = 0;
	for (uint32_t i = 0; i < o->nlabels; i++)
		if (strlen(o->labels[i]) > n)
			n = strlen(o->labels[i]);
	return n;
}

/* Why s cannot name a folder inside out/, or NULL when it can. */
static const char *folder_problem(const char *s)
{
	if (s[0] == '/')
		return "an absolute path would put it outside out/";
	if (strcmp(s, "..") == 0 || str_has_prefix(s, "../") || strstr(s, "/../") || str_has_suffix(s, "/.."))
		return "`..` would put it outside out/";
	if (strchr(s, '/'))
		return "`/` would make it a folder inside a folder";
	if (s[0] == '.')
		return "a name starting with `.` is a hidden folder, and `.` and `..` are not folders of their own";
	if (strchr(s, '\\'))
		return "`\\` separates folders on Windows";
	return NULL;
}

/* Whether the labels of o can become names at all; reports why not. */
static bool labels_ok(Compiler *c, const Object *o)
{
	int ch = control_char(o);
	if (ch) {
		Diag *g = compiler_diag(c, OUT_UNSAFE_NAME, o->name_span, "a label of this %s block holds the control character U+%04X",
					o->kind->name, ch);
		diag_help(&c->diags, g, "labels become names in every output and are shown in messages; remove it");
		return false;
	}
	size_t n = longest_label(o);
	if (n > NAMES_MAX) {
		Diag *g = compiler_diag(c, OUT_UNSAFE_NAME, o->name_span, "the label of %s is %zu bytes long, more than the %d a label may have",
					block_words(c, o), n, NAMES_MAX);
		diag_help(&c->diags, g, "labels become part of folder and file names, such as out/ENV/ and "
					"iam/role-LABEL.trust.json, which the file system limits to 255 bytes; shorten it");
		return false;
	}
	const char *why = !o->parent && strcmp(o->kind->name, "environment") == 0 ? folder_problem(o->name) : NULL;
	if (why) {
		Diag *g = compiler_diag(c, OUT_UNSAFE_NAME, o->name_span, "environment `%s` cannot name the output folder: %s",
					o->name, why);
		diag_help(&c->diags, g, "`build` writes to out/LABEL below the current folder; the label is one folder "
					"name, such as `prod` or `eu-west`");
		return false;
	}
	return true;
}

/* ---- names two blocks would share ---- */

/* Two blocks of one kind, written with one word, must not get one name:
 * their Terraform resources and their IAM files would be the same.  The
 * word tells apart blocks the back ends keep apart (an ACL's `inbound 100`
 * and `outbound 100`); blocks without a label (a role's `rule`s, say) are
 * told apart by their place. */
static void check_block_names(Compiler *c)
{
	/* The keys are interned apart from the program's names, and dropped
	 * at the end: a large spec has a hundred thousand of them. */
	Arena *scratch = arena_new();
	Interner keys;
	interner_init(&keys, scratch);
	Map seen = {0};   /* "kind:word:name", interned in keys -> the first Object */
	Map failed = {0}; /* Objects whose name was reported: their nested blocks repeat it */
	Buf key = {0};
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *o = c->objects.items[i];
		if (o->parent && map_get(&failed, (const char *)o->parent)) {
			map_put(&failed, (const char *)o, o);
			continue;
		}
		if (!labels_ok(c, o)) {
			map_put(&failed, (const char *)o, o);
			continue;
		}
		if (!o->nlabels)
			continue;
		key.len = 0;
		buf_puts(&key, o->kind->name);
		buf_putc(&key, ':');
		buf_puts(&key, o->word);
		buf_putc(&key, ':');
		size_t at = key.len;
		put_name(&key, o);
		const char *k = intern(&keys, key.data, key.len);
		Object *prev = map_get(&seen, k);
		if (!prev) {
			map_put(&seen, k, o);
			continue;
		}
		map_put(&failed, (const char *)o, o);
		Diag *g = compiler_diag(c, OUT_NAME, o->name_span, "%s and %s both get the name `%s` in the outputs",
					block_words(c, prev), block_words(c, o), k + at);
		diag_note(&c->diags, g, prev->name_span, "%s is here", block_words(c, prev));
		diag_help(&c->diags, g, "Terraform names and file names keep letters, digits, `_` and `-` of a label, and "
					"every other byte becomes `_`; rename one of them");
	}
	buf_free(&key);
	map_free(&seen);
	map_free(&failed);
	interner_free(&keys);
	arena_free(scratch);
}

/* ---- Helm releases ---- */

static Value *field_value(Compiler *c, Object *o, const char *field)
{
	Field *f = kind_field(o->kind, intern_cstr(&c->names, field));
	return f ? obj_eval(c, o, f, o->name_span) : NULL;
}

/* Every `release` block writes helm/NAME/values.yaml, and so does a
 * service without `release`, named after the service.  Two release
 * blocks with one `name` are reported by check_unique_names. */
static bool release_name_ok(Compiler *c, const char *name, const Object *owner, bool own)
{
	const char *why;
	if (!name_rule_check("dns_label", name, &why) || strlen(name) > 53) {
		if (strlen(name) > 53)
			why = "Helm release names are at most 53 characters";
		Diag *g = compiler_diag(c, OUT_NAME, owner->name_span, "`%s` cannot name a Helm release: %s", name, why);
		if (own)
			diag_help(&c->diags, g, "put service `%s` in a `release` block with a valid name, or rename it",
				  owner->name);
		return false;
	}
	return true;
}

static void check_releases(Compiler *c)
{
	Map releases = {0}; /* interned release name -> the block that writes it */
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *o = c->objects.items[i];
		if (strcmp(o->kind->name, "release") != 0)
			continue;
		Value *name = field_value(c, o, "name");
		if (name && name->kind == V_STRING && release_name_ok(c, name->s, o, false) &&
		    !map_get(&releases, intern_cstr(&c->names, name->s)))
			map_put(&releases, intern_cstr(&c->names, name->s), o);
	}
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *svc = c->objects.items[i];
		if (strcmp(svc->kind->name, "service") != 0)
			continue;
		const char *why;
		if (!name_rule_check("k8s_label_value", svc->name, &why))
			compiler_diag(c, TYPE_NAME_RULE, svc->name_span,
				      "service name `%s` cannot be the value of the pod label `infrac.dev/service`: %s", svc->name, why);
		Value *rel = field_value(c, svc, "release");
		if (!rel || rel->kind == V_REF || rel->kind == V_ERROR || !release_name_ok(c, svc->name, svc, true))
			continue;
		Object *prev = map_get(&releases, intern_cstr(&c->names, svc->name));
		if (prev) {
			Diag *g = compiler_diag(c, OUT_NAME, svc->name_span, "%s and %s both write Helm release `%s`", prev->path,
						svc->path, svc->name);
			diag_note(&c->diags, g, prev->name_span, "the other one is here");
		}
	}
	map_free(&releases);
}

void names_check(Compiler *c)
{
	check_block_names(c);
	check_releases(c);
}

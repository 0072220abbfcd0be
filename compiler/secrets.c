/*
 * secrets.c: secrets typed into the specification.
 *
 * infrac never holds a secret: a field of type `secret` takes a reference
 * to a `secret` block (eval.c), and a SecureString's value is set out of
 * band.  A secret can still be typed into a map (Helm `values`, tags) or
 * a Terraform resource's attribute, under a key that says what it is or
 * that the provider calls sensitive, and from
 * there it would be written to the outputs and to version control.  This
 * pass walks every value of every block once they are all evaluated, and
 * reports a string written literally under a key that names a secret.
 *
 * Which keys name a secret, and which strings are literal, is decided by
 * the tables and rules below, which `infrac explain TYPE-E014` restates.
 */
#include "infrac.h"

#include <string.h>

/* A key names a secret when its words end with one of these.  Its words
 * are split at every character other than a letter or digit and where
 * lower case turns upper (`apiKey`, `APIKey`: "api key"), and compared in
 * lower case. */
static const char *const secret_ends[] = {
	"password", "passwd", "passphrase", "secret", "token", "credential", "credentials",
	"apikey", "api key", "privatekey", "private key", "secretkey", "secret key", "secret access key",
	"signing key", "connection string",
};

/* A key with one of these words holds the name or the place of a secret,
 * not the secret: `existingSecret` names a Kubernetes Secret.  (Keys that
 * end in another word, such as `secretName`, `tokenTTL` or `secretKeyRef`,
 * do not name a secret in the first place.) */
static const char *const pointer_words[] = {"existing"};

/* A key that ends in "secret" after one of these words names the
 * Kubernetes Secret that holds it, as charts write `passwordSecret` or
 * `tlsSecret`; `clientSecret` is the secret itself. */
static const char *const held_words[] = {
	"password", "passwd", "credential", "credentials", "token", "tls", "cert", "certificate", "pull",
};

typedef struct Secrets {
	Compiler *c;
	Map keys;    /* interned key -> (void *)1 names a secret, (void *)2 does not */
	Map visited; /* items of the maps and lists walked: a `let` may be used by many blocks */
} Secrets;

/* key as lower-case words, each followed by one space: "api key ". */
static void key_words(const char *key, Buf *out)
{
	for (const char *p = key; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		bool upper = ch >= 'A' && ch <= 'Z', lower = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
		if (!upper && !lower && ch < 0x80) {
			if (out->len && out->data[out->len - 1] != ' ')
				buf_putc(out, ' ');
			continue;
		}
		/* aB and the B of ABc start a word. */
		unsigned char prev = p > key ? (unsigned char)p[-1] : 0, next = (unsigned char)p[1];
		bool prev_lower = (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9');
		bool prev_upper = prev >= 'A' && prev <= 'Z', next_lower = next >= 'a' && next <= 'z';
		if (upper && (prev_lower || (prev_upper && next_lower)) && out->len && out->data[out->len - 1] != ' ')
			buf_putc(out, ' ');
		buf_putc(out, upper ? (char)(ch - 'A' + 'a') : (char)ch);
	}
	if (out->len && out->data[out->len - 1] != ' ')
		buf_putc(out, ' ');
}

static bool names_secret_uncached(const char *key)
{
	Buf w = {0};
	buf_putc(&w, ' ');
	key_words(key, &w);
	const char *words = buf_cstr(&w);
	bool secret = false;
	for (size_t i = 0; i < COUNT_OF(secret_ends) && !secret; i++) {
		size_t n = strlen(secret_ends[i]);
		/* " ... END " */
		secret = w.len >= n + 2 && words[w.len - n - 2] == ' ' && memcmp(words + w.len - n - 1, secret_ends[i], n) == 0;
	}
	for (size_t i = 0; i < COUNT_OF(held_words) && secret; i++) {
		char held[64];
		int n = snprintf(held, sizeof held, " %s secret ", held_words[i]);
		secret = !(w.len >= (size_t)n && strcmp(words + w.len - (size_t)n, held) == 0);
	}
	for (size_t i = 0; i < COUNT_OF(pointer_words) && secret; i++) {
		char word[64];
		snprintf(word, sizeof word, " %s ", pointer_words[i]);
		secret = strstr(words, word) == NULL;
	}
	buf_free(&w);
	return secret;
}

/* Whether the interned key names a secret. */
static bool names_secret(Secrets *s, const char *key)
{
	void *known = map_get(&s->keys, key);
	if (!known) {
		known = (void *)(uintptr_t)(names_secret_uncached(key) ? 1 : 2);
		map_put(&s->keys, key, known);
	}
	return known == (void *)1;
}

/* Whether v is a secret as written: a non-empty string whose text in the
 * user's file is a string literal without interpolation.  A reference, an
 * output (`secret.db.arn`), a string that interpolates anything and a
 * schema default are not; nor is a placeholder filled in later, a string
 * that is wholly `${...}` or `{{...}}`. */
static bool literal_secret(Secrets *s, const Value *v)
{
	if (v->kind != V_STRING || v->len == 0)
		return false;
	if ((str_has_prefix(v->s, "${") && str_has_suffix(v->s, "}")) ||
	    (str_has_prefix(v->s, "{{") && str_has_suffix(v->s, "}}")))
		return false;
	Compiler *c = s->c;
	if (v->span.file >= c->srcs.len || v->span.end <= v->span.start)
		return false;
	for (size_t i = 0; i < c->stdlib_files.len; i++)
		if ((uintptr_t)c->stdlib_files.items[i] == v->span.file)
			return false;
	const SrcFile *f = c->srcs.files[v->span.file];
	const char *text = f->text + v->span.start;
	size_t n = v->span.end - v->span.start;
	if (!(text[0] == '"' || (n > 1 && text[0] == '<' && text[1] == '<')))
		return false;
	for (size_t i = 0; i + 1 < n; i++)
		if (text[i] == '$' && text[i + 1] == '{')
			return false;
	return true;
}

static void report(Secrets *s, const char *key, const Value *v)
{
	Diag *g = compiler_diag(s->c, TYPE_LITERAL_SECRET, v->span, "`%s` holds a literal secret", key);
	diag_help(&s->c->diags, g, "keep it in Secrets Manager and refer to a `secret` block (`secret.NAME.arn`), or "
				   "let the value be set out of band");
}

static bool is_collection(const Value *v)
{
	return (v->kind == V_MAP || v->kind == V_LIST) && v->n > 0;
}

static void walk(Secrets *s, const Value *v)
{
	if (!is_collection(v))
		return;
	if (v->kind == V_LIST) {
		bool nested = false;
		for (uint32_t i = 0; i < v->n && !nested; i++)
			nested = is_collection(v->items[i]);
		if (!nested)
			return; /* no keys in it */
	}
	/* Copies of a value (a default, a `let`) share their items. */
	if (map_get(&s->visited, (const char *)v->items))
		return;
	map_put(&s->visited, (const char *)v->items, (void *)v);
	for (uint32_t i = 0; i < v->n; i++) {
		if (v->kind == V_MAP && names_secret(s, v->keys[i]) && literal_secret(s, v->items[i]))
			report(s, v->keys[i], v->items[i]);
		walk(s, v->items[i]);
	}
}

/* A SecureString parameter's value is set out of band, never here. */
static void check_parameter(Compiler *c, Object *p)
{
	Field *secure = kind_field(p->kind, intern_cstr(&c->names, "secure"));
	Field *value = kind_field(p->kind, intern_cstr(&c->names, "value"));
	if (!secure || !value)
		return;
	Value *s = obj_eval(c, p, secure, p->name_span), *v = obj_eval(c, p, value, p->name_span);
	if (s->kind == V_BOOL && s->i && v->kind != V_NULL && v->kind != V_ERROR) {
		Diag *g = compiler_diag(c, TYPE_LITERAL_SECRET, v->span, "a SecureString parameter cannot hold a literal value");
		diag_help(&c->diags, g, "remove `value`; infrac creates the parameter and its value is set out of band");
	}
}

void secrets_check(Compiler *c)
{
	Secrets s = {c, {0}, {0}};
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *o = c->objects.items[i];
		if (strcmp(o->kind->name, "parameter") == 0)
			check_parameter(c, o);
		for (uint32_t j = 0; j < o->kind->nfields; j++) {
			const Slot *slot = &o->slots[j];
			if (slot->state != 2 || !slot->value)
				continue;
			/* The attributes of Terraform resources are keys too, and
			 * the provider says which ones are sensitive.  Those of
			 * Kubernetes objects are not: by the API's conventions a
			 * field refers to a Secret (ExternalSecret's `secretKey`
			 * names a key of one), and its maps are walked below. */
			const Field *f = o->kind->fields[j];
			const Object *top = o;
			while (top->parent)
				top = top->parent;
			bool typed = o->kind->provider && !top->kind->api_version;
			if (typed && ((f->flags & FIELD_SENSITIVE) || names_secret(&s, f->name)) &&
			    literal_secret(&s, slot->value))
				report(&s, f->name, slot->value);
			walk(&s, slot->value);
		}
	}
	map_free(&s.keys);
	map_free(&s.visited);
}

/*
 * iam_policy.c: policy documents written as JSON in Terraform resources.
 *
 * `resource aws_s3_bucket_policy site { policy = ... }` holds a policy
 * as text: read from a file (`file("policies/x.json")`), made from
 * infrac data (`jsonencode({...})`), or written in a heredoc or string.
 * The IAM lint has one home for its rules, and they read `statement`
 * blocks (iam_lint.c), so a policy is parsed here into the same blocks,
 * with the principals a statement block cannot hold beside them
 * (PolicyStmt); iam.c renders them back in its canonical layout, which
 * the Terraform back end writes in place of the text.
 *
 * Values known only after apply (`${aws_s3_bucket.site.arn}`) stand in
 * the text as one DEFERRED byte each, which valid UTF-8 never holds (as
 * in iam_lint.c), and come back out as the same parts inside the JSON
 * string they were in.  Diagnostics point at the value each is about: in
 * the file a policy was read from (path, line and column; an `allow` of
 * the block that reads it covers them), in a heredoc written as it is, or
 * at the value jsonencode wrote; in a string with escapes, at the string.
 *
 * The data source aws_iam_policy_document has typed statement blocks:
 * they are made into the same statements, for the lint only (Terraform
 * writes its JSON).
 */
#include "emit.h"

#include <stdarg.h>
#include <string.h>

#define DEFERRED '\xff'

/* Sources: the provider's schema (stdlib/providers) for the attributes;
 * for the sizes, the IAM quotas page (managed 6,144, role inline 10,240,
 * user inline 2,048, group inline 5,120, trust 2,048), the S3 user guide
 * (bucket policies 20 KB), the KMS developer guide (key policies 32 KB)
 * and the Secrets Manager API reference (PutResourcePolicy, 20,480). */
static const PolicyAttr policy_attrs[] = {
	{"aws_api_gateway_rest_api_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_backup_vault_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_cloudwatch_event_bus_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_dynamodb_resource_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_ecr_registry_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_ecr_repository_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_efs_file_system_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_glacier_vault", "access_policy", IAM_RESOURCE, 0, NULL},
	{"aws_iam_group_policy", "policy", IAM_IDENTITY, 5120, "the inline policies of a group"},
	{"aws_iam_policy", "policy", IAM_IDENTITY, 6144, "a managed policy"},
	{"aws_iam_role", "assume_role_policy", IAM_TRUST, 2048, "a trust policy"},
	{"aws_iam_role_policy", "policy", IAM_IDENTITY, 10240, "the inline policies of a role"},
	{"aws_iam_user_policy", "policy", IAM_IDENTITY, 2048, "the inline policies of a user"},
	{"aws_kinesis_resource_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_kms_key", "policy", IAM_RESOURCE, 32768, "a key policy"},
	{"aws_kms_replica_key", "policy", IAM_RESOURCE, 32768, "a key policy"},
	{"aws_s3_access_point", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_s3_bucket_policy", "policy", IAM_RESOURCE, 20480, "a bucket policy"},
	{"aws_s3control_access_point_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_secretsmanager_secret", "policy", IAM_RESOURCE, 20480, "a secret policy"},
	{"aws_secretsmanager_secret_policy", "policy", IAM_RESOURCE, 20480, "a secret policy"},
	{"aws_sns_topic", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_sns_topic_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_sqs_queue", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_sqs_queue_policy", "policy", IAM_RESOURCE, 0, NULL},
	{"aws_ssoadmin_permission_set_inline_policy", "inline_policy", IAM_IDENTITY, 0, NULL},
	{"aws_vpc_endpoint", "policy", IAM_RESOURCE, 0, NULL},
};

const PolicyAttr *policy_attr_next(const char *tf_type, size_t *at)
{
	for (; *at < COUNT_OF(policy_attrs); (*at)++)
		if (strcmp(policy_attrs[*at].type, tf_type) == 0)
			return &policy_attrs[(*at)++];
	return NULL;
}

/* ---- JSON ---- */

typedef enum JType { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } JType;

typedef struct JNode {
	JType t;
	uint32_t off, end;      /* its bytes in the text */
	Value *v;               /* J_STR: the string; J_NUM, J_BOOL: its text as a string */
	struct JNode **items;   /* J_ARR, J_OBJ */
	const char **keys;      /* J_OBJ */
	uint32_t *key_off;
	uint32_t n;
} JNode;

typedef struct Parse {
	Emit *o;
	const Object *owner;
	const char *s;
	size_t n, pos;
	Value **deferred;       /* the deferred parts, in order */
	uint32_t ndeferred, next;
	Span whole;             /* the value in the spec */
	uint32_t file;          /* the file the text is in, + 1; 0: none */
	uint32_t base;          /* where the text starts in that file */
	const JsonSpans *spans; /* or where jsonencode found each value */
	const char *err;
	size_t err_off;
	int depth;
} Parse;

enum { JSON_DEPTH_MAX = 64 };

static Span span_at(const Parse *p, size_t off, size_t end)
{
	if (p->file)
		return (Span){p->file - 1, p->base + (uint32_t)off, p->base + (uint32_t)end};
	const JsonSpans *js = p->spans;
	for (uint32_t lo = 0, hi = js ? js->n : 0; lo < hi;) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (js->off[mid] == off)
			return js->span[mid];
		if (js->off[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return p->whole;
}

static void *fail(Parse *p, const char *msg)
{
	if (!p->err) {
		p->err = msg;
		p->err_off = p->pos;
	}
	return NULL;
}

static void skip_ws(Parse *p)
{
	while (p->pos < p->n && strchr(" \t\r\n", p->s[p->pos]) && p->s[p->pos])
		p->pos++;
}

static JNode *jnode_new(Parse *p, JType t, size_t off)
{
	JNode *j = ARENA_NEW(p->o->arena, JNode);
	j->t = t;
	j->off = (uint32_t)off;
	return j;
}

static int hex4(const char *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* The escape at p->pos, appended to b; an error, or NULL. */
static const char *escape(Parse *p, Buf *b)
{
	char e = p->pos + 1 < p->n ? p->s[p->pos + 1] : 0;
	const char *simple = e ? strchr("\"\\/bfnrt", e) : NULL;
	if (simple) {
		buf_putc(b, "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"]);
		p->pos += 2;
		return NULL;
	}
	int cp = e == 'u' && p->pos + 6 <= p->n ? hex4(p->s + p->pos + 2) : -1;
	if (cp < 0)
		return "unknown escape in a string";
	if (cp == 0)
		return "U+0000 cannot appear in a policy";
	p->pos += 6;
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return "a \\u escape holds half of a surrogate pair";
	if (cp >= 0xD800 && cp < 0xDC00) {
		int lo = p->pos + 6 <= p->n && p->s[p->pos] == '\\' && p->s[p->pos + 1] == 'u' ? hex4(p->s + p->pos + 2) : -1;
		if (lo < 0xDC00 || lo > 0xDFFF)
			return "a \\u escape holds half of a surrogate pair";
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		p->pos += 6;
	}
	char u[4];
	buf_put(b, u, (size_t)utf8_encode((uint32_t)cp, u));
	return NULL;
}

/* A string at p->pos (its opening quote): a V_STRING, or a V_TEMPLATE of
 * strings and the deferred parts it holds. */
static JNode *parse_string(Parse *p)
{
	Compiler *c = p->o->m->c;
	JNode *j = jnode_new(p, J_STR, p->pos);
	p->pos++;
	Buf b = {0};
	Vec parts = {0};
	const char *err = NULL;
	while (!err) {
		unsigned char ch = p->pos < p->n ? (unsigned char)p->s[p->pos] : 0;
		if (p->pos >= p->n) {
			err = "a string is not closed";
		} else if (ch == '"') {
			break;
		} else if (ch < 0x20) {
			err = "a control character must be escaped in a string";
		} else if ((char)ch == DEFERRED) {
			vec_push(&parts, value_string(c, b.data ? b.data : "", b.len, span_at(p, j->off, p->pos)));
			vec_push(&parts, p->deferred[p->next++]);
			b.len = 0;
			p->pos++;
		} else if (ch == '\\') {
			err = escape(p, &b);
		} else {
			buf_putc(&b, (char)ch);
			p->pos++;
		}
	}
	if (err) {
		buf_free(&b);
		vec_free(&parts);
		return fail(p, err);
	}
	p->pos++;
	j->end = (uint32_t)p->pos;
	Span at = span_at(p, j->off, j->end);
	if (!parts.len) {
		j->v = value_string(c, b.data ? b.data : "", b.len, at);
	} else {
		if (b.len)
			vec_push(&parts, value_string(c, b.data, b.len, at));
		j->v = value_new(c, V_TEMPLATE, at);
		j->v->n = (uint32_t)parts.len;
		j->v->items = ARENA_ARRAY(p->o->arena, Value *, j->v->n);
		memcpy(j->v->items, parts.items, parts.len * sizeof(Value *));
	}
	buf_free(&b);
	vec_free(&parts);
	return j;
}

static JNode *parse_value(Parse *p);

static JNode *parse_container(Parse *p, bool obj)
{
	if (++p->depth > JSON_DEPTH_MAX)
		return fail(p, "the document is nested too deeply");
	JNode *j = jnode_new(p, obj ? J_OBJ : J_ARR, p->pos);
	p->pos++;
	Vec items = {0}, keys = {0}, offs = {0};
	skip_ws(p);
	bool ok = true;
	if (p->pos < p->n && p->s[p->pos] == (obj ? '}' : ']')) {
		p->pos++;
	} else {
		for (;;) {
			skip_ws(p);
			if (items.len && p->pos < p->n && p->s[p->pos] == (obj ? '}' : ']')) {
				ok = fail(p, "JSON allows no `,` after the last item");
				break;
			}
			if (obj) {
				if (p->pos >= p->n || p->s[p->pos] != '"') {
					ok = fail(p, "expected a key, a string in double quotes");
					break;
				}
				JNode *k = parse_string(p);
				if (!k || k->v->kind != V_STRING) {
					ok = k ? fail(p, "a key cannot hold a value known only after apply") : false;
					break;
				}
				vec_push(&keys, (void *)k->v->s);
				vec_push(&offs, (void *)(uintptr_t)k->off);
				skip_ws(p);
				if (p->pos >= p->n || p->s[p->pos] != ':') {
					ok = fail(p, "expected `:` after a key");
					break;
				}
				p->pos++;
			}
			JNode *v = parse_value(p);
			if (!v) {
				ok = false;
				break;
			}
			vec_push(&items, v);
			skip_ws(p);
			if (p->pos < p->n && p->s[p->pos] == ',') {
				p->pos++;
				continue;
			}
			if (p->pos < p->n && p->s[p->pos] == (obj ? '}' : ']')) {
				p->pos++;
				break;
			}
			ok = fail(p, obj ? "expected `,` or `}`" : "expected `,` or `]`");
			break;
		}
	}
	j->end = (uint32_t)p->pos;
	j->n = (uint32_t)items.len;
	j->items = ARENA_ARRAY(p->o->arena, JNode *, j->n ? j->n : 1);
	j->keys = ARENA_ARRAY(p->o->arena, const char *, j->n ? j->n : 1);
	j->key_off = ARENA_ARRAY(p->o->arena, uint32_t, j->n ? j->n : 1);
	for (size_t i = 0; i < items.len; i++) {
		j->items[i] = items.items[i];
		if (obj) {
			j->keys[i] = keys.items[i];
			j->key_off[i] = (uint32_t)(uintptr_t)offs.items[i];
		}
	}
	vec_free(&items);
	vec_free(&keys);
	vec_free(&offs);
	p->depth--;
	return ok ? j : NULL;
}

static JNode *parse_value(Parse *p)
{
	skip_ws(p);
	if (p->pos >= p->n)
		return fail(p, "the text ends where a value is expected");
	char ch = p->s[p->pos];
	if (ch == '"')
		return parse_string(p);
	if (ch == '{' || ch == '[')
		return parse_container(p, ch == '{');
	if (ch == DEFERRED)
		return fail(p, "a value known only after apply stands outside a JSON string");
	size_t start = p->pos;
	static const char *const words[] = {"true", "false", "null"};
	for (size_t i = 0; i < COUNT_OF(words); i++) {
		size_t k = strlen(words[i]);
		if (p->n - p->pos >= k && memcmp(p->s + p->pos, words[i], k) == 0) {
			p->pos += k;
			JNode *j = jnode_new(p, i < 2 ? J_BOOL : J_NULL, start);
			j->end = (uint32_t)p->pos;
			j->v = value_string(p->o->m->c, words[i], k, span_at(p, start, p->pos));
			return j;
		}
	}
	/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
	size_t i = p->pos;
	const char *s = p->s;
	if (i < p->n && s[i] == '-')
		i++;
	size_t digits = i;
	while (i < p->n && s[i] >= '0' && s[i] <= '9')
		i++;
	bool ok = i > digits && !(s[digits] == '0' && i - digits > 1);
	if (ok && i < p->n && s[i] == '.') {
		size_t f = ++i;
		while (i < p->n && s[i] >= '0' && s[i] <= '9')
			i++;
		ok = i > f;
	}
	if (ok && i < p->n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < p->n && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t e = i;
		while (i < p->n && s[i] >= '0' && s[i] <= '9')
			i++;
		ok = i > e;
	}
	if (!ok)
		return fail(p, "expected a value: a string, number, object, list, `true`, `false` or `null`");
	p->pos = i;
	JNode *j = jnode_new(p, J_NUM, start);
	j->end = (uint32_t)i;
	j->v = value_string(p->o->m->c, s + start, i - start, span_at(p, start, i));
	return j;
}

/* The line and column of offset off of the text, 1-based. */
static void text_pos(const char *s, size_t off, uint32_t *line, uint32_t *col)
{
	size_t start = 0;
	*line = 1;
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	*col = (uint32_t)utf8_width(s + start, off - start) + 1;
}

/* ---- from JSON to statements ---- */

static Diag *bad(Parse *p, const JNode *at, const char *fmt, ...) PRINTF_LIKE(3, 4);

static Diag *bad(Parse *p, const JNode *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *msg = arena_vprintf(p->o->arena, fmt, ap);
	va_end(ap);
	return out_diag(p->o, IAM_POLICY_JSON, span_at(p, at->off, at->end), "%s", msg);
}

static const char *type_name(JType t)
{
	static const char *const names[] = {"null", "a boolean", "a number", "a string", "a list", "an object"};
	return names[t];
}

/* A string, or a list of strings, as a V_LIST; NULL after a diagnostic. */
static Value *strings(Parse *p, const JNode *j, const char *what, bool scalars)
{
	Compiler *c = p->o->m->c;
	const JNode *const *items = j->t == J_ARR ? (const JNode *const *)j->items : &j;
	uint32_t n = j->t == J_ARR ? j->n : 1;
	Value *l = value_new(c, V_LIST, span_at(p, j->off, j->end));
	l->n = n;
	l->items = ARENA_ARRAY(p->o->arena, Value *, n ? n : 1);
	for (uint32_t i = 0; i < n; i++) {
		const JNode *e = items[i];
		if (e->t != J_STR && !(scalars && (e->t == J_BOOL || e->t == J_NUM))) {
			bad(p, e, "`%s` holds %s%s, not %s", what, scalars ? "strings, numbers or booleans" : "strings",
			    j->t == J_ARR ? "" : " or a list of them", type_name(e->t));
			return NULL;
		}
		l->items[i] = e->v;
	}
	return l;
}

/* The key's index in object j, or -1; a key written twice is an error. */
static int member(Parse *p, const JNode *j, const char *key, bool *dup)
{
	int at = -1;
	for (uint32_t i = 0; i < j->n; i++) {
		if (strcmp(j->keys[i], key) != 0)
			continue;
		if (at >= 0 && !*dup) {
			JNode k = {.off = j->key_off[i], .end = j->key_off[i] + (uint32_t)strlen(key) + 2};
			bad(p, &k, "`%s` appears twice in this object", key);
			*dup = true;
		}
		if (at < 0)
			at = (int)i;
	}
	return at;
}

/* Reports the keys of j that are not in known. */
static bool only_keys(Parse *p, const JNode *j, const char *const *known, size_t n, const char *what)
{
	bool ok = true;
	for (uint32_t i = 0; i < j->n; i++) {
		bool found = false;
		for (size_t k = 0; k < n && !found; k++)
			found = strcmp(j->keys[i], known[k]) == 0;
		if (found)
			continue;
		JNode at = {.off = j->key_off[i], .end = j->key_off[i] + (uint32_t)strlen(j->keys[i]) + 2};
		Diag *g = bad(p, &at, "unknown element `%s` in %s", j->keys[i], what);
		Buf b = {0};
		for (size_t k = 0; k < n; k++)
			buf_printf(&b, "%s`%s`", k ? ", " : "", known[k]);
		diag_help(&p->o->m->c->diags, g, "%s holds %s", what, buf_cstr(&b));
		buf_free(&b);
		ok = false;
	}
	return ok;
}

/* The values of items as a list, its span the first's; items is emptied. */
static Value *list_take(Emit *o, Vec *items)
{
	Value *l = value_new(o->m->c, V_LIST, ((Value *)items->items[0])->span);
	l->n = (uint32_t)items->len;
	l->items = ARENA_ARRAY(o->arena, Value *, l->n);
	memcpy(l->items, items->items, items->len * sizeof(Value *));
	vec_free(items);
	return l;
}

/* A statement block of kind k with every list empty and nothing written. */
static Object *block_new(Parse *p, Kind *k, const char *name, Span span)
{
	Compiler *c = p->o->m->c;
	Object *ob = ARENA_NEW(p->o->arena, Object);
	ob->kind = k;
	ob->word = k->name;
	ob->name = name;
	ob->span = ob->name_span = span;
	ob->path = p->owner->path;
	ob->slots = ARENA_ARRAY(p->o->arena, Slot, k->nfields);
	for (uint32_t i = 0; i < k->nfields; i++) {
		Value *empty = value_new(c, V_LIST, span);
		ob->slots[i].value = empty;
		ob->slots[i].state = 2;
		ob->slots[i].dropped = true;
	}
	return ob;
}

/* The slot of a field of a kind of the standard library. */
static Slot *slot_of(Emit *o, Object *ob, const char *field)
{
	return &ob->slots[kind_field(ob->kind, intern_cstr(&o->m->c->names, field))->index];
}

static void block_set(Emit *o, Object *ob, const char *field, Value *v)
{
	Slot *s = slot_of(o, ob, field);
	s->value = v;
	s->attr_span = v->span;
	s->value_start = v->span.start;
	if (!s->attr_span.end)
		s->attr_span.end = 1; /* written, even at the start of a file */
}

/* Principal or NotPrincipal: "*", or an object of principal types, each a
 * string or a list; adds each principal to all. */
static Value *principal(Parse *p, const JNode *j, const char *what, Vec *all)
{
	Compiler *c = p->o->m->c;
	if (j->t == J_STR && j->v->kind == V_STRING && strcmp(j->v->s, "*") == 0) {
		vec_push(all, j->v);
		return j->v;
	}
	if (j->t != J_OBJ) {
		bad(p, j, "`%s` is \"*\" or an object such as `{\"AWS\": \"arn:aws:iam::123456789012:root\"}`", what);
		return NULL;
	}
	static const char *const types[] = {"AWS", "CanonicalUser", "Federated", "Service"};
	if (!only_keys(p, j, types, COUNT_OF(types), out_printf(p->o, "`%s`", what)))
		return NULL;
	Value *m = value_new(c, V_MAP, span_at(p, j->off, j->end));
	m->keys = ARENA_ARRAY(p->o->arena, const char *, COUNT_OF(types));
	m->items = ARENA_ARRAY(p->o->arena, Value *, COUNT_OF(types));
	bool dup = false;
	for (size_t k = 0; k < COUNT_OF(types); k++) {
		int at = member(p, j, types[k], &dup);
		if (at < 0)
			continue;
		Value *l = strings(p, j->items[at], out_printf(p->o, "%s", types[k]), false);
		if (!l)
			return NULL;
		m->keys[m->n] = types[k];
		m->items[m->n++] = l;
		for (uint32_t i = 0; i < l->n; i++)
			vec_push(all, l->items[i]);
	}
	return dup ? NULL : m;
}

/* Condition: operator -> key -> value or list; one condition block per
 * operator and key. */
static bool conditions(Parse *p, const JNode *j, Object *st, Kind *ck)
{
	if (j->t != J_OBJ) {
		bad(p, j, "`Condition` is an object of operators, such as `{\"StringEquals\": {\"aws:SourceAccount\": \"123456789012\"}}`");
		return false;
	}
	Vec made = {0};
	bool ok = true;
	for (uint32_t i = 0; i < j->n; i++) {
		const JNode *keys = j->items[i];
		JNode opn = {.off = j->key_off[i], .end = j->key_off[i] + (uint32_t)strlen(j->keys[i]) + 2};
		if (keys->t != J_OBJ) {
			bad(p, keys, "condition operator `%s` takes an object of condition keys and their values", j->keys[i]);
			ok = false;
			break;
		}
		for (uint32_t k = 0; k < keys->n && ok; k++) {
			Value *vals = strings(p, keys->items[k], keys->keys[k], true);
			if (!(ok = vals != NULL))
				break;
			Span ks = span_at(p, keys->key_off[k], keys->key_off[k] + strlen(keys->keys[k]) + 2);
			Object *cb = block_new(p, ck, NULL, ks);
			block_set(p->o, cb, "test", value_string(p->o->m->c, j->keys[i], strlen(j->keys[i]), span_at(p, opn.off, opn.end)));
			block_set(p->o, cb, "variable", value_string(p->o->m->c, keys->keys[k], strlen(keys->keys[k]), ks));
			block_set(p->o, cb, "values", vals);
			vec_push(&made, cb);
		}
	}
	/* in the arena, as the blocks of the spec's statements are */
	Vec *blocks = ARENA_NEW(p->o->arena, Vec);
	blocks->len = blocks->cap = made.len;
	blocks->items = ARENA_ARRAY(p->o->arena, void *, made.len ? made.len : 1);
	for (size_t i = 0; i < made.len; i++)
		blocks->items[i] = made.items[i];
	vec_free(&made);
	slot_of(p->o, st, "condition")->blocks = blocks;
	return ok;
}

static PolicyStmt *statement(Parse *p, const JNode *j, uint32_t index)
{
	Compiler *c = p->o->m->c;
	if (j->t != J_OBJ) {
		bad(p, j, "a statement is an object, not %s", type_name(j->t));
		return NULL;
	}
	static const char *const known[] = {"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
					    "Resource", "NotResource", "Condition"};
	if (!only_keys(p, j, known, COUNT_OF(known), "a statement"))
		return NULL;
	bool dup = false;
	int at[COUNT_OF(known)];
	for (size_t k = 0; k < COUNT_OF(known); k++)
		at[k] = member(p, j, known[k], &dup);
	if (dup)
		return NULL;
	PolicyStmt *ps = ARENA_NEW(p->o->arena, PolicyStmt);
	const char *name = out_printf(p->o, "#%u", index + 1);
	if (at[0] >= 0) {
		const JNode *sid = j->items[at[0]];
		if (sid->t != J_STR || sid->v->kind != V_STRING) {
			bad(p, sid, "`Sid` is a string known before apply");
			return NULL;
		}
		ps->sid = name = sid->v->s;
		ps->sid_span = sid->v->span;
	}
	const JNode *eff = at[1] >= 0 ? j->items[at[1]] : NULL;
	if (!eff || eff->t != J_STR || eff->v->kind != V_STRING ||
	    (strcmp(eff->v->s, "Allow") != 0 && strcmp(eff->v->s, "Deny") != 0)) {
		Diag *g = eff ? bad(p, eff, "`Effect` is \"Allow\" or \"Deny\"") : bad(p, j, "statement `%s` has no `Effect`", name);
		diag_help(&c->diags, g, "write `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`");
		return NULL;
	}
	ps->allow = eff->v->s[0] == 'A';
	Span sspan = span_at(p, j->off, j->end);
	Object *st = block_new(p, schema_kind(c, intern_cstr(&c->names, "statement")), name, sspan);
	ps->st = st;
	Vec all = {0};
	bool ok = true;
	if (at[2] >= 0)
		ok &= (ps->principal = principal(p, j->items[at[2]], "Principal", &all)) != NULL;
	if (at[3] >= 0)
		ok &= (ps->not_principal = principal(p, j->items[at[3]], "NotPrincipal", &all)) != NULL;
	if (all.len)
		block_set(p->o, st, "principals", list_take(p->o, &all));
	vec_free(&all);
	static const char *const fields[] = {"actions", "not_actions", "resources", "not_resources"};
	for (size_t k = 0; k < 4 && ok; k++) {
		if (at[4 + k] < 0)
			continue;
		Value *l = strings(p, j->items[at[4 + k]], known[4 + k], false);
		if (l)
			block_set(p->o, st, fields[k], l);
		ok &= l != NULL;
	}
	if (ok && at[8] >= 0)
		ok = conditions(p, j->items[at[8]], st, schema_kind(c, intern_cstr(&c->names, "condition")));
	return ok ? ps : NULL;
}

static bool document(Parse *p, const JNode *root, IamDoc *d)
{
	if (root->t != J_OBJ) {
		bad(p, root, "a policy document is a JSON object, not %s", type_name(root->t));
		return false;
	}
	static const char *const known[] = {"Version", "Id", "Statement"};
	if (!only_keys(p, root, known, COUNT_OF(known), "a policy document"))
		return false;
	bool dup = false;
	int ver = member(p, root, "Version", &dup), id = member(p, root, "Id", &dup), sts = member(p, root, "Statement", &dup);
	if (dup)
		return false;
	const JNode *v = ver >= 0 ? root->items[ver] : root;
	if (ver < 0 || v->t != J_STR || v->v->kind != V_STRING ||
	    (strcmp(v->v->s, "2012-10-17") != 0 && strcmp(v->v->s, "2008-10-17") != 0)) {
		Diag *g = ver < 0 ? bad(p, v, "a policy document needs a `Version`") : bad(p, v, "`Version` is \"2012-10-17\"");
		diag_help(&p->o->m->c->diags, g, "write `\"Version\": \"2012-10-17\"`: without it IAM reads policy variables as plain text");
		return false;
	}
	if (id >= 0 && (root->items[id]->t != J_STR || root->items[id]->v->kind != V_STRING)) {
		bad(p, root->items[id], "`Id` is a string known before apply");
		return false;
	}
	d->id = id >= 0 ? root->items[id]->v->s : NULL;
	if (sts < 0) {
		bad(p, root, "a policy document needs a `Statement`");
		return false;
	}
	const JNode *s = root->items[sts];
	const JNode *const *items = s->t == J_ARR ? (const JNode *const *)s->items : &s;
	uint32_t n = s->t == J_ARR ? s->n : 1;
	bool ok = true;
	for (uint32_t i = 0; i < n; i++) {
		PolicyStmt *ps = statement(p, items[i], i);
		if (ps)
			vec_push(&d->stmts, ps);
		ok &= ps != NULL;
	}
	return ok;
}

/* The allows of the blocks around obj also cover the file it reads, where
 * the diagnostics of its policy are. */
static void allows_cover(Emit *o, const Object *obj, uint32_t file)
{
	Diags *d = &o->m->c->diags;
	size_t n = d->allows.len;
	for (size_t i = 0; i < n; i++) {
		DiagAllow *al = d->allows.items[i];
		if (al->copy || !span_contains(al->span, obj->span))
			continue;
		DiagAllow *copy = ARENA_NEW(o->arena, DiagAllow);
		*copy = *al;
		copy->span = (Span){file, 0, UINT32_MAX};
		copy->copy = true;
		vec_push(&d->allows, copy);
	}
}

static const char *find(const char *hay, size_t n, const char *needle, size_t k)
{
	for (size_t i = 0; i + k <= n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

void policy_note_reader(Emit *o, uint32_t file, Span value, size_t from)
{
	Diags *d = &o->m->c->diags;
	for (size_t i = from; file && i < d->list.len; i++) {
		Diag *g = d->list.items[i];
		if (g->span.file == file - 1)
			diag_note(d, g, value, "the policy is read here");
	}
}

bool policy_parse(Emit *o, const Object *obj, const Value *v, Span vs, IamDoc *d)
{
	if (v->kind != V_STRING && v->kind != V_TEMPLATE)
		return false;
	Compiler *c = o->m->c;
	Parse p = {.o = o, .owner = obj, .whole = vs};
	Buf text = {0};
	Vec deferred = {0};
	if (v->kind == V_STRING) {
		buf_put(&text, v->s, v->len);
		p.file = (uint32_t)(uintptr_t)map_get(&c->data_files, v->s);
		/* a heredoc or string written as it is: in the spec, byte for byte */
		const SrcFile *src = vs.file < c->srcs.len ? c->srcs.files[vs.file] : NULL;
		const char *at = !p.file && src && v->len && vs.end <= src->len
					 ? find(src->text + vs.start, vs.end - vs.start, v->s, v->len)
					 : NULL;
		if (at) {
			p.file = vs.file + 1;
			p.base = (uint32_t)(at - src->text);
		}
	} else {
		for (uint32_t i = 0; i < v->n; i++) {
			const Value *part = v->items[i];
			if (part->kind == V_DEFERRED) {
				buf_putc(&text, DEFERRED);
				vec_push(&deferred, (void *)part);
			} else if (part->kind == V_STRING) {
				buf_put(&text, part->s, part->len);
			} else {
				value_to_text(part, &text);
			}
		}
	}
	if (!p.file)
		p.spans = map_get(&c->json_spans, v->kind == V_STRING ? v->s : (const char *)v->items);
	p.s = text.data ? text.data : "";
	p.n = text.len;
	p.deferred = (Value **)deferred.items;
	p.ndeferred = (uint32_t)deferred.len;
	d->file = p.file && p.file - 1 != vs.file ? p.file : 0;
	if (d->file)
		allows_cover(o, obj, p.file - 1);
	size_t from = c->diags.list.len;
	JNode *root = parse_value(&p);
	if (root) {
		skip_ws(&p);
		if (p.pos < p.n)
			fail(&p, "text follows the JSON document");
	}
	bool ok = false;
	if (p.err) {
		if (p.file) {
			out_diag(o, IAM_POLICY_JSON, span_at(&p, p.err_off, p.err_off + (p.err_off < p.n)),
				     "the policy of %s `%s` is not valid JSON: %s", obj->kind->name, obj->name, p.err);
		} else {
			uint32_t line, col;
			text_pos(p.s, p.err_off, &line, &col);
			out_diag(o, IAM_POLICY_JSON, vs,
				 "the policy of %s `%s` is not valid JSON: %s, at line %u, column %u of its text",
				 obj->kind->name, obj->name, p.err, line, col);
		}
	} else {
		ok = document(&p, root, d);
	}
	policy_note_reader(o, d->file, vs, from);
	buf_free(&text);
	vec_free(&deferred);
	return ok;
}

/* ---- data aws_iam_policy_document ---- */

/* The principals (or not_principals) blocks of a statement, as a parsed
 * Principal: "*", or a map of types to identifiers. */
static Value *doc_principals(Parse *p, const Vec *blocks, Vec *all, bool *ok)
{
	static const char *const types[] = {"AWS", "CanonicalUser", "Federated", "Service"};
	Compiler *c = p->o->m->c;
	if (!blocks->len)
		return NULL;
	Value *m = value_new(c, V_MAP, ((Object *)blocks->items[0])->span);
	m->keys = ARENA_ARRAY(p->o->arena, const char *, COUNT_OF(types));
	m->items = ARENA_ARRAY(p->o->arena, Value *, COUNT_OF(types));
	Value *star = NULL;
	for (size_t k = 0; k < COUNT_OF(types); k++) {
		Vec ids = {0};
		for (size_t i = 0; i < blocks->len; i++) {
			const Object *b = blocks->items[i];
			const Value *t = obj_get(b, "type"), *l = obj_get(b, "identifiers");
			if (t->kind != V_STRING || l->kind != V_LIST)
				continue;
			bool known = strcmp(t->s, "*") == 0;
			for (size_t j = 0; j < COUNT_OF(types); j++)
				known |= strcmp(t->s, types[j]) == 0;
			if (!known && k == 0) {
				out_diag(p->o, IAM_POLICY_JSON, t->span,
					 "unknown principal type `%s`: it is `AWS`, `Service`, `Federated`, `CanonicalUser` or `*`", t->s);
				*ok = false;
			}
			if (k == 0 && strcmp(t->s, "*") == 0 && l->n)
				star = l->items[0];
			if (strcmp(t->s, types[k]) != 0)
				continue;
			for (uint32_t j = 0; j < l->n; j++) {
				vec_push(&ids, l->items[j]);
				vec_push(all, l->items[j]);
			}
		}
		if (!ids.len)
			continue;
		m->keys[m->n] = types[k];
		m->items[m->n++] = list_take(p->o, &ids);
	}
	if (star) {
		vec_push(all, star);
		return m->n ? m : star;
	}
	return m->n ? m : NULL;
}

bool policy_from_document(Emit *o, const Object *doc, Vec *stmts)
{
	Compiler *c = o->m->c;
	Parse p = {.o = o, .owner = doc, .whole = doc->span};
	Kind *sk = schema_kind(c, intern_cstr(&c->names, "statement"));
	const Vec *sts = obj_blocks(doc, "statement");
	bool ok = true;
	for (size_t i = 0; i < sts->len; i++) {
		const Object *s = sts->items[i];
		PolicyStmt *ps = ARENA_NEW(o->arena, PolicyStmt);
		const Value *sid = obj_get(s, "sid"), *eff = obj_get(s, "effect");
		ps->sid = sid->kind == V_STRING ? sid->s : NULL;
		ps->sid_span = sid->span;
		if (eff->kind == V_STRING && strcmp(eff->s, "Allow") != 0 && strcmp(eff->s, "Deny") != 0) {
			out_diag(o, IAM_POLICY_JSON, eff->span, "`effect` is \"Allow\" or \"Deny\"");
			ok = false;
		}
		ps->allow = eff->kind != V_STRING || strcmp(eff->s, "Deny") != 0;
		ps->st = block_new(&p, sk, ps->sid ? ps->sid : out_printf(o, "#%zu", i + 1), s->span);
		static const char *const fields[] = {"actions", "not_actions", "resources", "not_resources"};
		for (size_t k = 0; k < COUNT_OF(fields); k++) {
			Value *v = obj_get(s, fields[k]);
			if (v->kind == V_LIST)
				block_set(o, ps->st, fields[k], v);
		}
		slot_of(o, ps->st, "condition")->blocks = (Vec *)obj_blocks(s, "condition");
		Vec all = {0};
		ps->principal = doc_principals(&p, obj_blocks(s, "principals"), &all, &ok);
		ps->not_principal = doc_principals(&p, obj_blocks(s, "not_principals"), &all, &ok);
		if (all.len)
			block_set(o, ps->st, "principals", list_take(o, &all));
		vec_free(&all);
		vec_push(stmts, ps);
	}
	return ok;
}

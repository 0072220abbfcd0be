/*
 * types.c: the types of fields, parameters and lets.
 *
 * A type is written as an ordinary expression (`list(string)`,
 * `enum(a, b)`, `int(0..1000)`, `storage(GiB)`) and read here into a
 * Type.  Parameters and lets use the same constructors as the schema
 * files, except the ones that describe nested blocks (block, blocks,
 * variants), which only a kind can have.
 */
#include "infrac.h"

#include <string.h>

Type type_any = {.kind = T_ANY}, type_string = {.kind = T_STRING}, type_int = {.kind = T_INT},
     type_bool = {.kind = T_BOOL}, type_cpu = {.kind = T_CPU}, type_memory = {.kind = T_MEMORY},
     type_storage = {.kind = T_STORAGE}, type_duration = {.kind = T_DURATION},
     type_percent = {.kind = T_PERCENT}, type_cidr = {.kind = T_CIDR}, type_symbol = {.kind = T_SYMBOL};

static const struct {
	const char *name;
	Type *type;
} simple_types[] = {
	{"any", &type_any},         {"string", &type_string},     {"int", &type_int},
	{"bool", &type_bool},       {"cpu", &type_cpu},           {"memory", &type_memory},
	{"storage", &type_storage}, {"duration", &type_duration}, {"percent", &type_percent},
	{"cidr", &type_cidr},       {"symbol", &type_symbol},
};

static const struct {
	const char *name;
	TypeKind kind;
	Dim dim;
	int64_t step;
} steps[] = {
	{"KiB", T_STORAGE, DIM_STORAGE, 1024LL},
	{"MiB", T_STORAGE, DIM_STORAGE, 1024LL * 1024},
	{"GiB", T_STORAGE, DIM_STORAGE, 1024LL * 1024 * 1024},
	{"TiB", T_STORAGE, DIM_STORAGE, 1024LL * 1024 * 1024 * 1024},
	{"Mi", T_MEMORY, DIM_MEMORY, 1024LL * 1024},
	{"Gi", T_MEMORY, DIM_MEMORY, 1024LL * 1024 * 1024},
	{"s", T_DURATION, DIM_DURATION, 1},
	{"min", T_DURATION, DIM_DURATION, 60},
	{"h", T_DURATION, DIM_DURATION, 3600},
	{"d", T_DURATION, DIM_DURATION, 86400},
};

static Type *type_new(Compiler *c, TypeKind k)
{
	Type *t = ARENA_NEW(c->arena, Type);
	t->kind = k;
	return t;
}

static Type *type_error(Compiler *c, Node *n, const char *fmt, const char *arg)
{
	Diag *g = compiler_diag(c, TYPE_UNKNOWN_TYPE, n->span, fmt, arg);
	diag_help(&c->diags, g, "types are string, int, bool, cpu, memory, storage, duration, percent, "
				"cidr, any, enum(a, b), list(T), map(T), optional(T) and ref(kind)");
	return &type_any;
}

/* An unknown type name, with the closest type as suggestion. */
static Type *unknown_type(Compiler *c, Node *n, const char *word, bool call)
{
	static const char *const names[] = {"any", "string", "int", "bool", "cpu", "memory", "storage", "duration",
					    "percent", "cidr", "symbol", "instance_type", "secret"};
	static const char *const ctors[] = {"enum", "list", "map", "optional", "auto", "one_of", "ref", "name",
					    "int", "string", "cpu", "memory", "storage", "duration", "percent"};
	Diag *g = compiler_diag(c, TYPE_UNKNOWN_TYPE, call ? n->name_span : n->span,
				call ? "unknown type constructor `%s`" : "unknown type `%s`", word);
	size_t had = g ? g->helps.len : 0;
	if (call)
		suggest_name(c, g, word, ctors, COUNT_OF(ctors));
	else
		suggest_name(c, g, word, names, COUNT_OF(names));
	if (g && g->helps.len == had)
		diag_help(&c->diags, g, "types are string, int, bool, cpu, memory, storage, duration, percent, "
					"cidr, any, enum(a, b), list(T), map(T), optional(T) and ref(kind)");
	return &type_any;
}

/* The bounds of a range argument like 0..1000 or 0%..100%. */
static bool type_range(Compiler *c, Node *arg, Type *t, const Type *of)
{
	if (arg->kind != N_RANGE) {
		compiler_diag(c, TYPE_UNKNOWN_TYPE, arg->span, "expected a range such as `0..100`");
		return false;
	}
	Scope *s = scope_new(c, NULL, NULL);
	Value *lo = eval(c, s, arg->a, of);
	Value *hi = eval(c, s, arg->b, of);
	if (lo->kind == V_ERROR || hi->kind == V_ERROR)
		return false;
	t->has_range = true;
	t->min = lo->i;
	t->max = hi->i;
	return true;
}

/* The things a stdlib field can take from outside the spec, as
 * existing(TYPE): a resource or data source of the Terraform type, or a
 * string naming one, which starts with prefix, holds infix and follows
 * the naming rule (each when set).  The strings are what the AWS APIs
 * take: EKS, CloudWatch Logs and RDS want a key's ARN, not its id. */
static const struct {
	const char *type, *words, *prefix, *infix, *rule;
} existing_types[] = {
	{"aws_vpc", "a VPC id (vpc-...)", "vpc-", NULL, NULL},
	{"aws_subnet", "a subnet id (subnet-...)", "subnet-", NULL, NULL},
	{"aws_security_group", "a security group id (sg-...)", "sg-", NULL, NULL},
	{"aws_kms_key", "a KMS key ARN", "arn:", ":key/", NULL},
	{"aws_route53_zone", "a hosted zone id (Z...)", "Z", NULL, NULL},
	{"aws_iam_role", "an IAM role ARN", "arn:", ":role/", NULL},
	{"aws_sns_topic", "an SNS topic ARN", "arn:", ":sns:", NULL},
	/* A policy ARN's form is the IAM lint's to check (IAM-E009). */
	{"aws_iam_policy", "an IAM policy ARN", NULL, NULL, NULL},
	{"aws_s3_bucket", "a bucket name", NULL, NULL, "s3_bucket"},
	{"aws_eks_cluster", "a cluster name", NULL, NULL, "eks_cluster"},
};

static int existing_row(const char *type)
{
	for (size_t i = 0; i < COUNT_OF(existing_types); i++)
		if (strcmp(type, existing_types[i].type) == 0)
			return (int)i;
	return -1;
}

const char *type_existing_words(const char *type)
{
	int i = existing_row(type);
	return i < 0 ? NULL : existing_types[i].words;
}

bool type_existing_string(const char *type, const char *s, size_t len, const char **why)
{
	int i = existing_row(type);
	if (i < 0)
		return true;
	const char *p = existing_types[i].prefix, *in = existing_types[i].infix;
	if (p && (len < strlen(p) || memcmp(s, p, strlen(p)) != 0)) {
		*why = existing_types[i].words;
		return false;
	}
	if (in && (memchr(s, 0, len) || !strstr(s, in))) {
		*why = existing_types[i].words;
		return false;
	}
	if (existing_types[i].rule && !name_rule_check(existing_types[i].rule, s, why))
		return false;
	return true;
}

static const char *node_word(Node *n)
{
	if (n->kind == N_PATH && n->list.len == 1)
		return n->list.items[0]->name;
	return NULL;
}

Type *type_from_node(Compiler *c, Node *n, bool schema)
{
	if (n->kind == N_PATH) {
		const char *w = node_word(n);
		if (w) {
			for (size_t i = 0; i < COUNT_OF(simple_types); i++)
				if (strcmp(w, simple_types[i].name) == 0)
					return simple_types[i].type;
			if (strcmp(w, "instance_type") == 0)
				return type_new(c, T_INSTANCE);
			if (strcmp(w, "secret") == 0)
				return type_new(c, T_SECRET);
		}
		if (w)
			return unknown_type(c, n, w, false);
		return type_error(c, n, "%s is not a type", "a dotted name");
	}
	if (n->kind != N_CALL)
		return type_error(c, n, "%s is not a type", node_kind_name(n->kind));
	const char *f = n->name;
	NodeList *args = &n->list;
	if (strcmp(f, "enum") == 0) {
		Type *t = type_new(c, T_ENUM);
		t->members = ARENA_ARRAY(c->arena, const char *, args->len);
		for (uint32_t i = 0; i < args->len; i++) {
			const char *w = node_word(args->items[i]);
			if (!w)
				return type_error(c, args->items[i], "enum members are bare names%s", "");
			for (uint32_t j = 0; j < t->nmembers; j++)
				if (t->members[j] == w) {
					Diag *g = compiler_diag(c, NAME_DUPLICATE_DECL, args->items[i]->span,
								"enum member `%s` listed twice", w);
					diag_note(&c->diags, g, args->items[j]->span, "first listed here");
				}
			t->members[t->nmembers++] = w;
			map_put(&c->enum_words, w, t);
		}
		if (t->nmembers == 0)
			return type_error(c, n, "an enum needs at least one member%s", "");
		return t;
	}
	if (strcmp(f, "list") == 0 || strcmp(f, "map") == 0 || strcmp(f, "optional") == 0 ||
	    strcmp(f, "auto") == 0) {
		/* map(T, name(rule)): a map whose keys follow a naming rule, such as
		 * Kubernetes label keys. */
		bool is_map = f[0] == 'm';
		if (args->len != 1 && !(is_map && args->len == 2))
			return type_error(c, n, is_map ? "`%s` takes the type of its values, and optionally `name(rule)` for its keys"
						       : "`%s` takes one type", f);
		Type *t = type_new(c, f[0] == 'l' ? T_LIST : is_map ? T_MAP : f[0] == 'o' ? T_OPTIONAL : T_AUTO);
		t->elem = type_from_node(c, args->items[0], schema);
		if (args->len == 2) {
			Type *kt = type_from_node(c, args->items[1], schema);
			if (kt->kind == T_NAME)
				t->rule = kt->rule;
			else if (kt->kind != T_STRING && kt->kind != T_ANY)
				return type_error(c, args->items[1], "map keys are strings; write `name(rule)` to check them%s", "");
		}
		return t;
	}
	if (strcmp(f, "one_of") == 0) {
		Type *t = type_new(c, T_ONE_OF);
		t->alts = ARENA_ARRAY(c->arena, Type *, args->len);
		for (uint32_t i = 0; i < args->len; i++)
			t->alts[t->nalts++] = type_from_node(c, args->items[i], schema);
		return t;
	}
	if (strcmp(f, "ref") == 0 || strcmp(f, "block") == 0 || strcmp(f, "blocks") == 0 ||
	    strcmp(f, "variants") == 0) {
		TypeKind k = f[0] == 'r' ? T_REF : strcmp(f, "block") == 0 ? T_BLOCK : f[0] == 'v' ? T_VARIANTS : T_BLOCKS;
		if (k != T_REF && !schema)
			return type_error(c, n, "`%s` types exist only in kind declarations", f);
		if (args->len == 0)
			return type_error(c, n, "`%s` needs at least one kind", f);
		Type *t = type_new(c, k);
		t->kinds = ARENA_ARRAY(c->arena, Kind *, args->len);
		for (uint32_t i = 0; i < args->len; i++) {
			const char *w = node_word(args->items[i]);
			Kind *kd = w ? schema_kind(c, w) : NULL;
			if (!kd) {
				Diag *g = compiler_diag(c, NAME_UNKNOWN_KIND, args->items[i]->span, "unknown kind `%s`", w ? w : "?");
				if (w)
					suggest_name(c, g, w, (const char **)c->kinds.keys, c->kinds.len);
				return &type_any;
			}
			t->kinds[t->nkinds++] = kd;
		}
		return t;
	}
	if (strcmp(f, "existing") == 0) {
		const char *w = args->len == 1 ? node_word(args->items[0]) : NULL;
		if (!schema)
			return type_error(c, n, "`%s` types exist only in kind declarations", f);
		if (!w || existing_row(w) < 0)
			return type_error(c, n, "`existing` takes a Terraform type that a stdlib field can name, such as "
						"`aws_vpc`%s", "");
		Type *t = type_new(c, T_EXISTING);
		t->rule = w;
		return t;
	}
	if (strcmp(f, "range") == 0) {
		Type *t = type_new(c, T_RANGE);
		if (args->len != 1)
			return type_error(c, n, "`%s(...)` takes the bounds of its ends, such as `range(0..65535)`", f);
		if (!type_range(c, args->items[0], t, &type_int))
			return &type_any;
		return t;
	}
	if (strcmp(f, "name") == 0) {
		const char *w = args->len == 1 ? node_word(args->items[0]) : NULL;
		const char *why;
		if (!w || (!name_rule_check(w, "", &why) && strcmp(why, "unknown rule") == 0))
			return type_error(c, n, "`name` takes a naming rule such as `s3_bucket`%s", "");
		Type *t = type_new(c, T_NAME);
		t->rule = w;
		return t;
	}
	/* Constrained simple types: int(0..10), percent(0%..100%), string(1..64),
	 * storage(GiB), duration(d), memory(Mi), and a unit with a range:
	 * duration(d, 7d..30d). */
	for (size_t i = 0; i < COUNT_OF(simple_types); i++) {
		if (strcmp(f, simple_types[i].name) != 0)
			continue;
		const Type *base = simple_types[i].type;
		Type *t = type_new(c, base->kind);
		if (args->len != 1 && args->len != 2)
			return type_error(c, n, "`%s(...)` takes a range, a unit, or a unit and a range", f);
		const char *w = node_word(args->items[0]);
		if (w) {
			for (size_t j = 0; j < COUNT_OF(steps) && !t->step; j++)
				if (steps[j].kind == base->kind && strcmp(steps[j].name, w) == 0) {
					t->step = steps[j].step;
					t->step_name = steps[j].name;
				}
			if (!t->step)
				return type_error(c, args->items[0], "unknown unit `%s` for this type", w);
			if (args->len == 1)
				return t;
		} else if (args->len == 2) {
			return type_error(c, args->items[0], "expected a unit before the range, such as `%s(d, 7d..30d)`", f);
		}
		const Type *of = base->kind == T_STRING ? &type_int : base;
		if (!type_range(c, args->items[args->len - 1], t, of))
			return &type_any;
		return t;
	}
	return unknown_type(c, n, f, true);
}

Type *type_strip(Type *t)
{
	while (t && (t->kind == T_OPTIONAL || t->kind == T_AUTO))
		t = t->elem;
	return t;
}

bool type_is_block(const Type *t)
{
	return t->kind == T_BLOCK || t->kind == T_BLOCKS || t->kind == T_VARIANTS;
}

bool type_has_member(const Type *t, const char *name)
{
	if (!t)
		return false;
	switch (t->kind) {
	case T_ENUM:
		for (uint32_t i = 0; i < t->nmembers; i++)
			if (t->members[i] == name)
				return true;
		return false;
	case T_OPTIONAL:
	case T_AUTO:
		return type_has_member(t->elem, name);
	case T_ONE_OF:
		for (uint32_t i = 0; i < t->nalts; i++)
			if (type_has_member(t->alts[i], name))
				return true;
		return false;
	default:
		return false;
	}
}

bool type_takes_symbol(const Type *t)
{
	if (!t)
		return false;
	switch (t->kind) {
	case T_INSTANCE:
	case T_SYMBOL:
		return true;
	case T_OPTIONAL:
	case T_AUTO:
	case T_LIST:
		return type_takes_symbol(t->elem);
	case T_ONE_OF:
		for (uint32_t i = 0; i < t->nalts; i++)
			if (type_takes_symbol(t->alts[i]))
				return true;
		return false;
	default:
		return false;
	}
}

/* What a name(rule) names, for messages. */
static const char *rule_words(const char *rule)
{
	static const char *const words[][2] = {
		{"s3_bucket", "S3 bucket name"},
		{"iam_role", "IAM role name"},
		{"iam_user", "IAM user name"},
		{"iam_policy", "IAM policy name"},
		{"dns_label", "Kubernetes name (a DNS-1123 label)"},
		{"dns_subdomain", "Kubernetes name (a DNS-1123 subdomain)"},
		{"k8s_label_key", "Kubernetes label key"},
		{"k8s_label_value", "Kubernetes label value"},
		{"eks_cluster", "EKS cluster name"},
		{"ecr_repository", "ECR repository name"},
		{"ssm_parameter", "SSM parameter name"},
		{"secret", "Secrets Manager secret name"},
		{"log_group", "CloudWatch log group name"},
		{"rds_identifier", "RDS instance identifier"},
		{"elasticache_id", "ElastiCache replication group id"},
		{"aws_account", "AWS account id"},
		{"aws_region", "AWS region"},
		{"github_repo", "GitHub repository"},
		{"security_group", "security group name"},
		{"tf_identifier", "Terraform name"},
		{"tf_address", "Terraform address"},
	};
	for (size_t i = 0; i < COUNT_OF(words); i++)
		if (strcmp(rule, words[i][0]) == 0)
			return words[i][1];
	return rule;
}

static void describe_kinds(const Type *t, Buf *out)
{
	for (uint32_t i = 0; i < t->nkinds; i++) {
		if (i > 0)
			buf_puts(out, i + 1 == t->nkinds ? " or " : ", ");
		buf_puts(out, t->kinds[i]->name);
	}
}

/* The elements of a list or map: "strings", "references to clusters". */
static void describe_plural(const Type *t, Buf *out)
{
	switch (t->kind) {
	case T_ANY: buf_puts(out, "values"); break;
	case T_STRING: buf_puts(out, "strings"); break;
	case T_INT: buf_puts(out, "integers"); break;
	case T_BOOL: buf_puts(out, "`true` or `false` values"); break;
	case T_CPU: buf_puts(out, "cpu quantities"); break;
	case T_MEMORY: buf_puts(out, "memory quantities"); break;
	case T_STORAGE: buf_puts(out, "storage quantities"); break;
	case T_DURATION: buf_puts(out, "durations"); break;
	case T_PERCENT: buf_puts(out, "percentages"); break;
	case T_CIDR: buf_puts(out, "CIDR blocks"); break;
	case T_SYMBOL: buf_puts(out, "names"); break;
	case T_INSTANCE: buf_puts(out, "instance types"); break;
	case T_SECRET: buf_puts(out, "references to secrets"); break;
	case T_EXISTING: buf_printf(out, "existing `%s`s", t->rule); break;
	case T_NAME: buf_printf(out, "valid %ss", rule_words(t->rule)); break;
	case T_LIST: buf_puts(out, "lists of "); describe_plural(t->elem, out); break;
	case T_MAP: buf_puts(out, "maps of "); describe_plural(t->elem, out); break;
	case T_REF:
		buf_puts(out, "references to ");
		for (uint32_t i = 0; i < t->nkinds; i++) {
			if (i > 0)
				buf_puts(out, i + 1 == t->nkinds ? " or " : ", ");
			buf_printf(out, "%ss", t->kinds[i]->name);
		}
		break;
	default:
		/* enum, optional, one_of, ...: "values that are X" reads badly;
		 * name each element as a whole. */
		buf_puts(out, "elements that are ");
		type_describe(t, out);
		break;
	}
}

/* "`a`", "one of `a`, `b` or `c`": an enum's members, each between quotes. */
static void describe_members(const Type *t, const char *quote, Buf *out)
{
	if (t->nmembers != 1)
		buf_puts(out, "one of ");
	for (uint32_t i = 0; i < t->nmembers; i++) {
		if (i > 0)
			buf_puts(out, i + 1 == t->nmembers ? " or " : ", ");
		buf_printf(out, "%s%s%s", quote, t->members[i], quote);
	}
}

void type_describe(const Type *t, Buf *out)
{
	switch (t->kind) {
	case T_ANY: buf_puts(out, "any value"); break;
	case T_STRING:
		/* With members, a Kubernetes enum: one of its strings. */
		if (t->nmembers)
			describe_members(t, "\"", out);
		else
			buf_puts(out, "a string");
		break;
	case T_INT: buf_puts(out, "an integer"); break;
	case T_BOOL: buf_puts(out, "`true` or `false`"); break;
	case T_CPU: buf_puts(out, "a cpu quantity"); break;
	case T_MEMORY: buf_puts(out, "a memory quantity"); break;
	case T_STORAGE: buf_puts(out, "a storage quantity"); break;
	case T_DURATION: buf_puts(out, "a duration"); break;
	case T_PERCENT: buf_puts(out, "a percentage"); break;
	case T_CIDR: buf_puts(out, "a CIDR block"); break;
	case T_RANGE: buf_puts(out, "a range such as `1024..65535`"); break;
	case T_SYMBOL: buf_puts(out, "a name"); break;
	case T_INSTANCE: buf_puts(out, "an instance type"); break;
	case T_SECRET: buf_puts(out, "a reference to a secret"); break;
	case T_EXISTING:
		buf_printf(out, "%s, or an `%s` resource or data source", existing_types[existing_row(t->rule)].words,
			   t->rule);
		break;
	case T_NAME: buf_printf(out, "a valid %s", rule_words(t->rule)); break;
	case T_ENUM:
		describe_members(t, "`", out);
		break;
	case T_LIST:
		buf_puts(out, "a list of ");
		describe_plural(t->elem, out);
		break;
	case T_MAP:
		buf_puts(out, "a map of ");
		describe_plural(t->elem, out);
		break;
	case T_OPTIONAL:
		type_describe(t->elem, out);
		buf_puts(out, " or `null`");
		break;
	case T_AUTO:
		type_describe(t->elem, out);
		buf_puts(out, " or `auto`");
		break;
	case T_REF:
		buf_puts(out, "a reference to a ");
		describe_kinds(t, out);
		break;
	case T_BLOCK:
	case T_BLOCKS:
	case T_VARIANTS:
		buf_puts(out, "a nested ");
		describe_kinds(t, out);
		buf_puts(out, " block");
		break;
	case T_ONE_OF:
		for (uint32_t i = 0; i < t->nalts; i++) {
			if (i > 0)
				buf_puts(out, i + 1 == t->nalts ? " or " : ", ");
			type_describe(t->alts[i], out);
		}
		break;
	}
}

const char *type_describe_a(Compiler *c, const Type *t)
{
	Buf b = {0};
	type_describe(t, &b);
	const char *s = arena_strndup(c->arena, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

/*
 * rbac.c: the Kubernetes back end (the YAML files in k8s/).
 *
 * One multi-document file per concern, so a reviewer reads access
 * changes in rbac.yaml apart from quota changes: namespaces.yaml,
 * quotas.yaml, service-accounts.yaml, rbac.yaml and
 * network-policies.yaml.  A file with no objects is not written (kubectl
 * and the validators treat an empty file as a mistake).  Objects follow
 * the source order of their blocks; in rbac.yaml a role is followed by
 * its bindings, then come the teams' grants.
 *
 * Every object carries `app.kubernetes.io/managed-by: infrac`, so
 * `kubectl apply --prune -l app.kubernetes.io/managed-by=infrac` removes
 * what the spec no longer declares.  Binding names are made here, as
 * `<role>-<subject>` turned into DNS-1123 labels; two that collide get
 * `-2`, `-3`, and a binding identical to an earlier one is written once.
 *
 * A service account's IRSA annotation is derived from the same trust the
 * IAM back end writes (model_trust_accounts), and both record the account's
 * role as a fact, so the annotation and the trust policy cannot disagree.
 * The lints live in rbac_lint.c.
 */
#include "emit.h"

#include <string.h>

#define MANAGED_BY "app.kubernetes.io/managed-by"
#define RBAC_GROUP "rbac.authorization.k8s.io"

typedef struct Rbac {
	Emit *o;
	const Model *m;
	Map names;    /* interned "Kind/namespace/name" of every object written */
	Map bindings; /* interned identity of every binding written, to write each once */
} Rbac;

typedef struct Subject {
	const char *kind; /* ServiceAccount or Group */
	const char *name, *ns;
	const char *label; /* for the binding's name */
} Subject;

/* ---- names ---- */

/* An interned key, so the maps can compare keys by pointer. */
static const char *key_of(Rbac *r, const char *kind, const char *ns, const char *name)
{
	Buf b = {0};
	buf_printf(&b, "%s/%s/%s", kind, ns ? ns : "", name);
	const char *k = intern(&r->m->c->names, b.data, b.len);
	buf_free(&b);
	return k;
}

static bool name_taken(Rbac *r, const char *key)
{
	return map_get(&r->names, key) != NULL;
}

/* Records an object named in the spec; two blocks that write the same
 * object are an error. */
static bool claim(Rbac *r, const char *kind, const char *ns, const char *name, const Object *owner)
{
	const char *key = key_of(r, kind, ns, name);
	if (name_taken(r, key)) {
		Diag *g = out_diag(r->o, OUT_NAME, owner->name_span, "%s `%s` writes %s `%s`%s%s, which another block writes too",
				   owner->kind->name, owner->name ? owner->name : owner->path, kind, name,
				   ns ? " in namespace " : "", ns ? ns : "");
		diag_help(&r->m->c->diags, g, "give one of them another `name`");
		return false;
	}
	map_put(&r->names, key, (void *)owner);
	return true;
}

/* s as a DNS-1123 label: lower case, every run of other characters one
 * `-`, at most 63 characters. */
static const char *dns_label(Rbac *r, const char *s)
{
	Buf b = {0};
	bool dash = false;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && b.len)
				buf_putc(&b, '-');
			buf_putc(&b, c);
			dash = false;
		} else {
			dash = true;
		}
	}
	if (b.len == 0)
		buf_puts(&b, "binding");
	if (b.len > 63) {
		/* Keep it unique: the start, then a hash of the whole name. */
		char hex[65];
		sha256_hex(s, strlen(s), hex);
		b.len = 54;
		while (b.len && b.data[b.len - 1] == '-')
			b.len--;
		buf_printf(&b, "-%.8s", hex);
	}
	const char *out = arena_strndup(r->o->arena, b.data, b.len);
	buf_free(&b);
	return out;
}

/* A name for a binding no other binding of its kind and namespace has. */
static const char *binding_name(Rbac *r, const char *kind, const char *ns, const char *base)
{
	base = dns_label(r, base);
	for (int n = 1;; n++) {
		const char *name = base;
		if (n > 1) {
			char suffix[16];
			snprintf(suffix, sizeof suffix, "-%d", n);
			size_t keep = strlen(base);
			if (keep + strlen(suffix) > 63)
				keep = 63 - strlen(suffix);
			name = out_printf(r->o, "%.*s%s", (int)keep, base, suffix);
		}
		const char *key = key_of(r, kind, ns, name);
		if (!name_taken(r, key)) {
			map_put(&r->names, key, (void *)name);
			return name;
		}
	}
}

/* ---- YAML pieces ---- */

static void doc_begin(YamlW *w, const char *api, const char *kind)
{
	yaml_doc_start(w);
	yaml_map_begin(w);
	yaml_key(w, "apiVersion");
	yaml_string(w, api);
	yaml_key(w, "kind");
	yaml_string(w, kind);
}

/* metadata: name, namespace and the managed-by label; labels stay open. */
static void meta_begin(YamlW *w, const char *name, const char *ns)
{
	yaml_key(w, "metadata");
	yaml_map_begin(w);
	yaml_key(w, "name");
	yaml_string(w, name);
	if (ns) {
		yaml_key(w, "namespace");
		yaml_string(w, ns);
	}
	yaml_key(w, "labels");
	yaml_map_begin(w);
	yaml_key(w, MANAGED_BY);
	yaml_string(w, "infrac");
}

static void meta(YamlW *w, const char *name, const char *ns)
{
	meta_begin(w, name, ns);
	yaml_map_end(w);
	yaml_map_end(w);
}

static const char *text_of(const Value *v)
{
	return v->kind == V_STRING || v->kind == V_SYMBOL ? v->s : "";
}

static void put_strings(YamlW *w, const char *key, const Value *l)
{
	yaml_key(w, key);
	yaml_seq_begin(w);
	for (uint32_t i = 0; i < l->n; i++) {
		const Value *v = l->items[i];
		if (v->kind == V_STRING)
			yaml_string_n(w, v->s, v->len);
		else
			yaml_string(w, text_of(v));
	}
	yaml_seq_end(w);
}

static void put_labels(YamlW *w, const Value *map)
{
	for (uint32_t i = 0; map->kind == V_MAP && i < map->n; i++) {
		yaml_key(w, map->keys[i]);
		const Value *v = map->items[i];
		if (v->kind == V_STRING)
			yaml_string_n(w, v->s, v->len);
		else
			yaml_string(w, text_of(v));
	}
}

/* A file of the documents in b, when there are any. */
static void put_file(Rbac *r, const char *path, YamlW *w, Buf *b)
{
	if (w->docs > 0)
		buf_put(out_file(r->o, "%s", path), b->data, b->len);
	buf_free(b);
}

/* ---- namespaces.yaml, quotas.yaml ---- */

static void emit_namespaces(Rbac *r)
{
	static const char *const levels[][2] = {{"pss", "enforce"}, {"pss_warn", "warn"}, {"pss_audit", "audit"}};
	Buf b = {0};
	YamlW w;
	yaml_init(&w, &b);
	const Vec *v = model_kind(r->m, "namespace");
	for (size_t i = 0; i < v->len; i++) {
		const Object *ns = v->items[i];
		const char *name = obj_name(ns);
		if (!claim(r, "Namespace", NULL, name, ns))
			continue;
		doc_begin(&w, "v1", "Namespace");
		meta_begin(&w, name, NULL);
		for (size_t k = 0; k < COUNT_OF(levels); k++) {
			const char *level = obj_str(ns, levels[k][0]);
			if (!level)
				continue;
			yaml_key(&w, out_printf(r->o, "pod-security.kubernetes.io/%s", levels[k][1]));
			yaml_string(&w, level);
			yaml_key(&w, out_printf(r->o, "pod-security.kubernetes.io/%s-version", levels[k][1]));
			yaml_string(&w, "latest");
		}
		put_labels(&w, obj_get(ns, "labels"));
		yaml_map_end(&w);
		yaml_map_end(&w);
		yaml_map_end(&w);
	}
	put_file(r, "k8s/namespaces.yaml", &w, &b);
}

static void put_quantity(Rbac *r, YamlW *w, const char *key, const Value *v)
{
	if (v->kind != V_QTY && v->kind != V_INT)
		return;
	Buf t = {0};
	if (v->kind == V_INT)
		buf_printf(&t, "%lld", (long long)v->i);
	else if (v->dim == DIM_CPU && v->i % 1000 == 0)
		buf_printf(&t, "%lld", (long long)(v->i / 1000));
	else
		qty_format(v->dim, v->i, &t);
	yaml_key(w, key);
	yaml_string(w, out_printf(r->o, "%s", buf_cstr(&t)));
	buf_free(&t);
}

static void emit_quotas(Rbac *r)
{
	static const char *const fields[][2] = {
		{"cpu", "requests.cpu"}, {"memory", "requests.memory"}, {"cpu_limit", "limits.cpu"},
		{"memory_limit", "limits.memory"}, {"pods", "pods"},
	};
	Buf b = {0};
	YamlW w;
	yaml_init(&w, &b);
	const Vec *v = model_kind(r->m, "namespace");
	for (size_t i = 0; i < v->len; i++) {
		const Object *ns = v->items[i];
		const Vec *quota = obj_blocks(ns, "quota");
		if (quota->len == 0)
			continue;
		const Object *q = quota->items[0];
		bool any = false;
		for (size_t k = 0; k < COUNT_OF(fields); k++)
			any |= obj_get(q, fields[k][0])->kind != V_NULL;
		if (!any)
			continue;
		const char *name = out_printf(r->o, "%s-quota", obj_name(ns));
		if (!claim(r, "ResourceQuota", obj_name(ns), name, ns))
			continue;
		doc_begin(&w, "v1", "ResourceQuota");
		meta(&w, name, obj_name(ns));
		yaml_key(&w, "spec");
		yaml_map_begin(&w);
		yaml_key(&w, "hard");
		yaml_map_begin(&w);
		for (size_t k = 0; k < COUNT_OF(fields); k++)
			put_quantity(r, &w, fields[k][1], obj_get(q, fields[k][0]));
		yaml_map_end(&w);
		yaml_map_end(&w);
		yaml_map_end(&w);
	}
	put_file(r, "k8s/quotas.yaml", &w, &b);
}

/* ---- service-accounts.yaml ---- */

typedef struct Account {
	const char *ns, *sa;
	const Object *svc;  /* the first service that runs as it */
	const Object *role; /* that service's IAM role */
	const Object *irsa; /* the role, when an irsa trust covers the account */
} Account;

/* The service's role when one of its irsa trusts covers ns/sa. */
static const Object *irsa_role(Rbac *r, const Object *svc, const char *ns, const char *sa)
{
	const Object *role = obj_ref(svc, "role");
	if (!role || !model_trust_covering(r->m, role, obj_ref(svc, "cluster"), ns, sa, "irsa"))
		return NULL;
	return role;
}

static void emit_service_accounts(Rbac *r)
{
	Vec accounts = {0};
	Map by_key = {0}; /* interned "ns/sa" -> Account* */
	const Vec *v = model_kind(r->m, "service");
	for (size_t i = 0; i < v->len; i++) {
		const Object *svc = v->items[i];
		const char *ns = svc_namespace(svc), *sa = obj_str(svc, "service_account");
		out_fact(r->o, svc->path, "service_account", svc->name_span, "%s/%s", ns, sa);
		const Object *role = obj_ref(svc, "role");
		const char *key = key_of(r, "", ns, sa);
		Account *a = map_get(&by_key, key);
		if (a)
			continue; /* with the same role, or emit_all reported it */
		a = ARENA_NEW(r->o->arena, Account);
		a->ns = ns;
		a->sa = sa;
		a->svc = svc;
		a->role = role;
		a->irsa = irsa_role(r, svc, ns, sa);
		vec_push(&accounts, a);
		map_put(&by_key, key, a);
	}
	Buf b = {0};
	YamlW w;
	yaml_init(&w, &b);
	for (size_t i = 0; i < accounts.len; i++) {
		Account *a = accounts.items[i];
		if (!claim(r, "ServiceAccount", a->ns, a->sa, a->svc))
			continue;
		doc_begin(&w, "v1", "ServiceAccount");
		meta_begin(&w, a->sa, a->ns);
		yaml_map_end(&w);
		if (a->irsa) {
			Value *arn = obj_get(a->irsa, "arn");
			if (arn->kind != V_STRING) {
				Diag *g = out_diag(r->o, OUT_DEFERRED, a->irsa->name_span,
						   "the ARN of role `%s` is known only after apply, but service account `%s/%s` needs it",
						   a->irsa->name, a->ns, a->sa);
				diag_help(&r->m->c->diags, g, "build the role's `name` and `path` from values known before apply");
			} else {
				yaml_key(&w, "annotations");
				yaml_map_begin(&w);
				yaml_key(&w, "eks.amazonaws.com/role-arn");
				yaml_string_n(&w, arn->s, arn->len);
				yaml_map_end(&w);
			}
			out_fact(r->o, out_printf(r->o, "%s/%s", a->ns, a->sa), "role", a->svc->name_span, "%s", a->irsa->path);
		}
		yaml_map_end(&w);
		yaml_map_end(&w);
	}
	put_file(r, "k8s/service-accounts.yaml", &w, &b);
	vec_free(&accounts);
	map_free(&by_key);
}

/* ---- rbac.yaml ---- */

static void put_rule(YamlW *w, const Object *rule)
{
	Value *resources = obj_get(rule, "resources"), *names = obj_get(rule, "resource_names");
	Value *urls = obj_get(rule, "non_resource_urls");
	yaml_map_begin(w);
	if (resources->n) {
		put_strings(w, "apiGroups", obj_get(rule, "api_groups"));
		put_strings(w, "resources", resources);
	}
	if (names->n)
		put_strings(w, "resourceNames", names);
	if (urls->n)
		put_strings(w, "nonResourceURLs", urls);
	put_strings(w, "verbs", obj_get(rule, "verbs"));
	yaml_map_end(w);
}

/* A RoleBinding in ns, or a ClusterRoleBinding when ns is NULL, of one
 * subject to a role; each distinct binding is written once. */
static void put_binding(Rbac *r, YamlW *w, const char *ns, const char *role_kind, const char *role, const Subject *s)
{
	const char *kind = ns ? "RoleBinding" : "ClusterRoleBinding";
	const char *id = key_of(r, kind, ns, out_printf(r->o, "%s/%s/%s/%s/%s", role_kind, role, s->kind,
							  s->ns ? s->ns : "", s->name));
	if (map_get(&r->bindings, id))
		return;
	map_put(&r->bindings, id, (void *)id);
	const char *name = binding_name(r, kind, ns, out_printf(r->o, "%s-%s", role, s->label));
	doc_begin(w, RBAC_GROUP "/v1", kind);
	meta(w, name, ns);
	yaml_key(w, "roleRef");
	yaml_map_begin(w);
	yaml_key(w, "apiGroup");
	yaml_string(w, RBAC_GROUP);
	yaml_key(w, "kind");
	yaml_string(w, role_kind);
	yaml_key(w, "name");
	yaml_string(w, role);
	yaml_map_end(w);
	yaml_key(w, "subjects");
	yaml_seq_begin(w);
	yaml_map_begin(w);
	yaml_key(w, "kind");
	yaml_string(w, s->kind);
	yaml_key(w, "name");
	yaml_string(w, s->name);
	if (s->ns) {
		yaml_key(w, "namespace");
		yaml_string(w, s->ns);
	} else {
		yaml_key(w, "apiGroup");
		yaml_string(w, RBAC_GROUP);
	}
	yaml_map_end(w);
	yaml_seq_end(w);
	yaml_map_end(w);
}

static Subject team_subject(const Object *team)
{
	Subject s = {"Group", obj_str(team, "group"), NULL, team->name};
	return s;
}

static void emit_role(Rbac *r, YamlW *w, const Object *role)
{
	const Object *nsobj = obj_ref(role, "namespace");
	const char *ns = nsobj ? obj_name(nsobj) : NULL;
	const char *kind = ns ? "Role" : "ClusterRole";
	const char *name = obj_name(role);
	if (!claim(r, kind, ns, name, role))
		return;
	doc_begin(w, RBAC_GROUP "/v1", kind);
	meta(w, name, ns);
	yaml_key(w, "rules");
	yaml_seq_begin(w);
	const Vec *rules = obj_blocks(role, "rule");
	for (size_t i = 0; i < rules->len; i++)
		put_rule(w, rules->items[i]);
	yaml_seq_end(w);
	yaml_map_end(w);
	Value *bind = obj_get(role, "bind");
	for (uint32_t i = 0; i < bind->n; i++) {
		const Value *b = bind->items[i];
		if (b->kind != V_REF)
			continue;
		const Object *to = b->obj;
		Subject s;
		if (strcmp(to->kind->name, "service") == 0) {
			const char *sa = obj_str(to, "service_account");
			s = (Subject){"ServiceAccount", sa, svc_namespace(to), sa};
		} else {
			s = team_subject(to);
		}
		put_binding(r, w, ns, kind, name, &s);
	}
}

static void emit_team(Rbac *r, YamlW *w, const Object *team)
{
	Subject s = team_subject(team);
	const Vec *grants = obj_blocks(team, "grant");
	for (size_t i = 0; i < grants->len; i++) {
		const Object *g = grants->items[i];
		Value *role = obj_get(g, "role"), *nss = obj_get(g, "namespaces");
		const char *kind = "ClusterRole", *name;
		if (role->kind == V_REF) {
			name = obj_name(role->obj);
			if (obj_ref(role->obj, "namespace"))
				kind = "Role";
		} else if (role->kind == V_SYMBOL) {
			name = strcmp(role->s, "cluster_admin") == 0 ? "cluster-admin" : role->s;
		} else {
			continue;
		}
		if (nss->n == 0) {
			if (strcmp(kind, "Role") != 0) /* else reported by rbac_lint */
				put_binding(r, w, NULL, kind, name, &s);
			continue;
		}
		for (uint32_t k = 0; k < nss->n; k++)
			if (nss->items[k]->kind == V_REF)
				put_binding(r, w, obj_name(nss->items[k]->obj), kind, name, &s);
	}
}

static void emit_access(Rbac *r)
{
	Buf b = {0};
	YamlW w;
	yaml_init(&w, &b);
	const Vec *objects = &r->m->objects;
	for (size_t i = 0; i < objects->len; i++) {
		const Object *ob = objects->items[i];
		if (strcmp(ob->kind->name, "rbac_role") == 0)
			emit_role(r, &w, ob);
		else if (strcmp(ob->kind->name, "team") == 0)
			emit_team(r, &w, ob);
	}
	put_file(r, "k8s/rbac.yaml", &w, &b);
}

/* ---- network-policies.yaml ---- */

static void put_selector(YamlW *w, const char *key, const Value *labels)
{
	yaml_key(w, key);
	yaml_map_begin(w);
	if (labels->kind == V_MAP && labels->n) {
		yaml_key(w, "matchLabels");
		yaml_map_begin(w);
		put_labels(w, labels);
		yaml_map_end(w);
	}
	yaml_map_end(w);
}

/* One ingress or egress rule: a peer for the pods and namespaces (both in
 * one peer: those pods in those namespaces), one per CIDR block. */
static void put_np_rule(Rbac *r, YamlW *w, const Object *rule, const char *peers)
{
	Value *pods = obj_get(rule, "pods"), *nss = obj_get(rule, "namespaces"), *cidrs = obj_get(rule, "cidrs");
	Value *ports = obj_get(rule, "ports");
	yaml_map_begin(w);
	if (pods->n || nss->n || cidrs->n) {
		yaml_key(w, peers);
		yaml_seq_begin(w);
		if (pods->n || nss->n) {
			yaml_map_begin(w);
			if (pods->n)
				put_selector(w, "podSelector", pods);
			if (nss->n)
				put_selector(w, "namespaceSelector", nss);
			yaml_map_end(w);
		}
		for (uint32_t i = 0; i < cidrs->n; i++) {
			Buf t = {0};
			value_to_text(cidrs->items[i], &t);
			yaml_map_begin(w);
			yaml_key(w, "ipBlock");
			yaml_map_begin(w);
			yaml_key(w, "cidr");
			yaml_string(w, out_printf(r->o, "%s", buf_cstr(&t)));
			yaml_map_end(w);
			yaml_map_end(w);
			buf_free(&t);
		}
		yaml_seq_end(w);
	}
	if (ports->n) {
		const char *proto = obj_str(rule, "protocol");
		proto = strcmp(proto, "udp") == 0 ? "UDP" : strcmp(proto, "sctp") == 0 ? "SCTP" : "TCP";
		yaml_key(w, "ports");
		yaml_seq_begin(w);
		for (uint32_t i = 0; i < ports->n; i++) {
			yaml_map_begin(w);
			yaml_key(w, "protocol");
			yaml_string(w, proto);
			yaml_key(w, "port");
			yaml_int(w, ports->items[i]->i);
			yaml_map_end(w);
		}
		yaml_seq_end(w);
	}
	yaml_map_end(w);
}

static void emit_network_policies(Rbac *r)
{
	static const struct {
		const char *field, *type, *peers;
	} dirs[] = {{"ingress", "Ingress", "from"}, {"egress", "Egress", "to"}};
	Buf b = {0};
	YamlW w;
	yaml_init(&w, &b);
	const Vec *v = model_kind(r->m, "network_policy");
	for (size_t i = 0; i < v->len; i++) {
		const Object *np = v->items[i];
		const Object *nsobj = obj_ref(np, "namespace");
		if (!nsobj)
			continue;
		const char *ns = obj_name(nsobj), *name = obj_name(np);
		Value *types = obj_get(np, "types");
		bool on[2] = {false, false};
		for (uint32_t k = 0; k < types->n; k++)
			for (size_t d = 0; d < 2; d++)
				on[d] |= strcmp(text_of(types->items[k]), dirs[d].field) == 0;
		if (!claim(r, "NetworkPolicy", ns, name, np))
			continue;
		doc_begin(&w, "networking.k8s.io/v1", "NetworkPolicy");
		meta(&w, name, ns);
		yaml_key(&w, "spec");
		yaml_map_begin(&w);
		put_selector(&w, "podSelector", obj_get(np, "pods"));
		yaml_key(&w, "policyTypes");
		yaml_seq_begin(&w);
		for (size_t d = 0; d < 2; d++)
			if (on[d])
				yaml_string(&w, dirs[d].type);
		yaml_seq_end(&w);
		for (size_t d = 0; d < 2; d++) {
			const Vec *rules = obj_blocks(np, dirs[d].field);
			if (!on[d] || rules->len == 0)
				continue;
			yaml_key(&w, dirs[d].field);
			yaml_seq_begin(&w);
			for (size_t k = 0; k < rules->len; k++)
				put_np_rule(r, &w, rules->items[k], dirs[d].peers);
			yaml_seq_end(&w);
		}
		yaml_map_end(&w);
		yaml_map_end(&w);
	}
	put_file(r, "k8s/network-policies.yaml", &w, &b);
}

void emit_rbac(Emit *o)
{
	Rbac r = {o, o->m, {0}, {0}};
	rbac_lint(o);
	emit_namespaces(&r);
	emit_quotas(&r);
	emit_service_accounts(&r);
	emit_access(&r);
	emit_network_policies(&r);
	map_free(&r.names);
	map_free(&r.bindings);
}

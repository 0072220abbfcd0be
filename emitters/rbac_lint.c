/*
 * rbac_lint.c: the RBAC-* checks of roles, rules, bindings and grants.
 *
 * The checks follow the Kubernetes RBAC good practices and the rules of
 * KubiScan, rbac-police, Trivy and CIS 5.1 (`infrac explain RBAC-W002`
 * and its neighbours say which).  They read the Model, not the YAML the
 * back end writes, so each one points at the .infra text that caused it:
 * a verb, a resource, a grant's role or namespace.  A check reports once
 * per rule (or grant) and code, at the first item that triggers it, so one
 * `allow CODE "reason"` written in the rule, its role or the grant accepts
 * it: the diagnostics engine matches allows by span containment, and an
 * item that came from a `let` outside the block is reported at the
 * attribute inside it instead.
 *
 * What a ClusterRole may do in `kube-system` depends on where it is bound,
 * so those checks run per grant or binding and are reported there, with a
 * note at the rule.
 */
#include "emit.h"

#include <string.h>

typedef struct Lint {
	Emit *o;
	Diags *d;
} Lint;

/* The names of a rule's fields: an rbac_role's `rule` blocks, or the
 * `rules` of a `kubernetes Role` or `ClusterRole` object, spelled as the
 * API spells them.  Both go through the same checks. */
typedef struct Shape {
	const char *rules, *groups, *resources, *verbs, *names, *urls;
} Shape;

static const Shape infrac_shape = {"rule", "api_groups", "resources", "verbs", "resource_names", "non_resource_urls"};
static const Shape kube_shape = {"rules", "apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs"};

typedef struct Rule {
	const Object *ob;
	const Shape *f;
	const char *role_name;
	const char *ns; /* namespace of a Role; NULL for a ClusterRole */
	Value *groups, *resources, *verbs, *names, *urls;
} Rule;

/* ---- spans and lists ---- */

static Span item_span(const Object *ob, const char *field, const Value *item)
{
	if (span_contains(ob->span, item->span))
		return item->span;
	return obj_field_span(ob, field);
}

static const char *text_of(const Value *v)
{
	return v->kind == V_STRING || v->kind == V_SYMBOL ? v->s : NULL;
}

static bool same(const Value *v, const char *s)
{
	const char *t = text_of(v);
	return t && strcmp(t, s) == 0;
}

/* The first item of l equal to one of set[0..n), or NULL. */
static const Value *find_any(const Value *l, const char *const *set, size_t n)
{
	for (uint32_t i = 0; i < l->n; i++)
		for (size_t k = 0; k < n; k++)
			if (same(l->items[i], set[k]))
				return l->items[i];
	return NULL;
}

static const Value *find(const Value *l, const char *s)
{
	return find_any(l, &s, 1);
}

/* Whether the rule's API groups cover group g. */
static bool in_group(const Rule *r, const char *g)
{
	return find(r->groups, g) || find(r->groups, "*");
}

/* The first verb of the rule among set, `*` included. */
static const Value *verb_among(const Rule *r, const char *const *set, size_t n)
{
	for (uint32_t i = 0; i < r->verbs->n; i++) {
		const Value *v = r->verbs->items[i];
		if (same(v, "*"))
			return v;
		for (size_t k = 0; k < n; k++)
			if (same(v, set[k]))
				return v;
	}
	return NULL;
}

static const char *const write_verbs[] = {"create", "update", "patch", "delete", "deletecollection"};
static const char *const read_verbs[] = {"get", "list", "watch"};

/* ---- what Kubernetes knows ---- */

static const char *const resource_verbs[] = {
	"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection",
	"impersonate", "bind", "escalate", "use", "approve", "sign", "*",
};

static const char *const url_verbs[] = {"get", "post", "put", "patch", "delete", "head", "options", "*"};

typedef struct GroupResource {
	const char *group, *resource;
} GroupResource;

/* The resources of the API groups roles most often name (Kubernetes 1.33). */
static const GroupResource known_resources[] = {
	{"", "bindings"}, {"", "componentstatuses"}, {"", "configmaps"}, {"", "endpoints"}, {"", "events"},
	{"", "limitranges"}, {"", "namespaces"}, {"", "namespaces/finalize"}, {"", "namespaces/status"},
	{"", "nodes"}, {"", "nodes/proxy"}, {"", "nodes/status"}, {"", "persistentvolumeclaims"},
	{"", "persistentvolumeclaims/status"}, {"", "persistentvolumes"}, {"", "persistentvolumes/status"},
	{"", "pods"}, {"", "pods/attach"}, {"", "pods/binding"}, {"", "pods/ephemeralcontainers"},
	{"", "pods/eviction"}, {"", "pods/exec"}, {"", "pods/log"}, {"", "pods/portforward"}, {"", "pods/proxy"},
	{"", "pods/resize"}, {"", "pods/status"}, {"", "podtemplates"}, {"", "replicationcontrollers"},
	{"", "replicationcontrollers/scale"}, {"", "replicationcontrollers/status"}, {"", "resourcequotas"},
	{"", "resourcequotas/status"}, {"", "secrets"}, {"", "serviceaccounts"}, {"", "serviceaccounts/token"},
	{"", "services"}, {"", "services/proxy"}, {"", "services/status"},
	{"", "users"}, {"", "groups"}, /* impersonation targets, not stored objects */
	{"apps", "controllerrevisions"}, {"apps", "daemonsets"}, {"apps", "daemonsets/status"},
	{"apps", "deployments"}, {"apps", "deployments/scale"}, {"apps", "deployments/status"},
	{"apps", "replicasets"}, {"apps", "replicasets/scale"}, {"apps", "replicasets/status"},
	{"apps", "statefulsets"}, {"apps", "statefulsets/scale"}, {"apps", "statefulsets/status"},
	{"batch", "cronjobs"}, {"batch", "cronjobs/status"}, {"batch", "jobs"}, {"batch", "jobs/status"},
	{"autoscaling", "horizontalpodautoscalers"}, {"autoscaling", "horizontalpodautoscalers/status"},
	{"policy", "poddisruptionbudgets"}, {"policy", "poddisruptionbudgets/status"},
	{"networking.k8s.io", "ingressclasses"}, {"networking.k8s.io", "ingresses"},
	{"networking.k8s.io", "ingresses/status"}, {"networking.k8s.io", "ipaddresses"},
	{"networking.k8s.io", "networkpolicies"}, {"networking.k8s.io", "servicecidrs"},
	{"networking.k8s.io", "servicecidrs/status"},
	{"rbac.authorization.k8s.io", "clusterrolebindings"}, {"rbac.authorization.k8s.io", "clusterroles"},
	{"rbac.authorization.k8s.io", "rolebindings"}, {"rbac.authorization.k8s.io", "roles"},
};

static bool group_known(const char *g)
{
	for (size_t i = 0; i < COUNT_OF(known_resources); i++)
		if (strcmp(known_resources[i].group, g) == 0)
			return true;
	return false;
}

static const char *group_of(const char *resource)
{
	for (size_t i = 0; i < COUNT_OF(known_resources); i++)
		if (strcmp(known_resources[i].resource, resource) == 0)
			return known_resources[i].group;
	return NULL;
}

static const char *closest(const char *s, const char *const *cands, size_t n, size_t limit)
{
	const char *best = NULL;
	size_t best_d = limit + 1;
	for (size_t i = 0; i < n; i++) {
		size_t d = str_edit_distance(s, cands[i], limit);
		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	return best;
}

static Diag *report(Lint *l, DiagCode code, Span at, const char *fmt, ...) PRINTF_LIKE(4, 5);
static Diag *report(Lint *l, DiagCode code, Span at, const char *fmt, ...)
{
	Compiler *c = l->o->m->c;
	if (c->quiet > 0)
		return NULL;
	va_list ap;
	va_start(ap, fmt);
	Diag *g = diag_vadd(l->d, code, at, fmt, ap);
	va_end(ap);
	return g;
}

/* ---- RBAC-W001: unknown verbs and resources ---- */

static void lint_unknown(Lint *l, const Rule *r)
{
	bool urls = r->urls->n > 0;
	const char *const *verbs = urls ? url_verbs : resource_verbs;
	size_t nverbs = urls ? COUNT_OF(url_verbs) : COUNT_OF(resource_verbs);
	for (uint32_t i = 0; i < r->verbs->n; i++) {
		const Value *v = r->verbs->items[i];
		const char *t = text_of(v);
		if (!t)
			continue;
		bool known = false;
		for (size_t k = 0; k < nverbs && !known; k++)
			known = strcmp(t, verbs[k]) == 0;
		if (known)
			continue;
		Diag *g = report(l, RBAC_UNKNOWN_VERB, item_span(r->ob, r->f->verbs, v),
				 urls ? "`%s` is not an HTTP verb for non-resource URLs" : "`%s` is not a Kubernetes verb", t);
		bool resource_verb = false;
		for (size_t k = 0; k < COUNT_OF(resource_verbs); k++)
			resource_verb |= strcmp(t, resource_verbs[k]) == 0;
		const char *near = resource_verb ? NULL : closest(t, verbs, nverbs, 2);
		if (near)
			diag_help(l->d, g, "did you mean `%s`?", near);
		else if (urls)
			diag_help(l->d, g, "non-resource URLs take `get`, `post`, `put`, `patch`, `delete`, `head` and `options`");
		else
			diag_help(l->d, g, "the API server accepts any string, so this verb allows nothing");
	}
	/* Resources, when every API group of the rule is a known one. */
	if (r->groups->n == 0)
		return;
	for (uint32_t i = 0; i < r->groups->n; i++) {
		const char *g = text_of(r->groups->items[i]);
		if (!g || !group_known(g))
			return;
	}
	for (uint32_t i = 0; i < r->resources->n; i++) {
		const Value *v = r->resources->items[i];
		const char *t = text_of(v);
		if (!t || strchr(t, '*'))
			continue;
		bool found = false;
		const char *cands[COUNT_OF(known_resources)];
		size_t nc = 0;
		for (size_t k = 0; k < COUNT_OF(known_resources); k++) {
			if (!find(r->groups, known_resources[k].group))
				continue;
			cands[nc++] = known_resources[k].resource;
			found |= strcmp(known_resources[k].resource, t) == 0;
		}
		if (found)
			continue;
		const char *where = r->groups->n == 1 ? (*text_of(r->groups->items[0]) ? out_printf(l->o, "API group `%s`", text_of(r->groups->items[0]))
										       : "the core API group")
						      : "the API groups of the rule";
		const char *home = group_of(t);
		Span at = item_span(r->ob, r->f->resources, v);
		if (home) {
			Diag *g = report(l, RBAC_UNKNOWN_VERB, at, "`%s` is not a resource of %s", t, where);
			diag_help(l->d, g, "`%s` belongs to %s; add \"%s\" to `%s`", t,
				  *home ? out_printf(l->o, "API group `%s`", home) : "the core API group", home, r->f->groups);
			continue;
		}
		Diag *g = report(l, RBAC_UNKNOWN_VERB, at, "`%s` is not a resource of %s", t, where);
		const char *near = closest(t, cands, nc, 3);
		if (near)
			diag_help(l->d, g, "did you mean `%s`?", near);
		else
			diag_help(l->d, g, "the API server accepts any string, so this resource matches nothing");
	}
}

/* ---- the rights a rule gives ---- */

/* The verb that lets the rule start pods: create on pods, or a write that
 * makes a controller start them; *what names the resource. */
static const Value *creates_workloads(const Rule *r, const char **what)
{
	static const struct {
		const char *group, *resource;
	} controllers[] = {
		{"", "replicationcontrollers"}, {"apps", "deployments"}, {"apps", "daemonsets"}, {"apps", "statefulsets"},
		{"apps", "replicasets"}, {"batch", "jobs"}, {"batch", "cronjobs"},
	};
	static const char *const create[] = {"create"};
	static const char *const change[] = {"create", "update", "patch"};
	if (find(r->resources, "pods") && in_group(r, "")) {
		const Value *v = verb_among(r, create, 1);
		if (v) {
			*what = "pods";
			return v;
		}
	}
	for (size_t i = 0; i < COUNT_OF(controllers); i++) {
		if (!find(r->resources, controllers[i].resource) || !in_group(r, controllers[i].group))
			continue;
		const Value *v = verb_among(r, change, COUNT_OF(change));
		if (v) {
			*what = controllers[i].resource;
			return v;
		}
	}
	return NULL;
}

static const Value *writes_configmaps(const Rule *r)
{
	if (!find(r->resources, "configmaps") || !in_group(r, ""))
		return NULL;
	return verb_among(r, write_verbs, COUNT_OF(write_verbs));
}

static void lint_secrets(Lint *l, const Rule *r)
{
	/* Reading one named Secret is the recommended pattern. */
	if (!find(r->resources, "secrets") || !in_group(r, "") || r->names->n)
		return;
	const Value *v = verb_among(r, read_verbs, COUNT_OF(read_verbs));
	if (!v)
		return;
	Diag *g = report(l, RBAC_SECRETS, item_span(r->ob, r->f->verbs, v), "`%s` on `secrets` lets role `%s` read every secret of %s",
			 text_of(v), r->role_name, r->ns ? out_printf(l->o, "namespace `%s`", r->ns) : "the namespaces it is bound in");
	diag_help(l->d, g, "read one secret with `%s = [\"NAME\"]` and `get`, or mount it into the pod", r->f->names);
}

static void lint_escalation(Lint *l, const Rule *r)
{
	static const struct {
		const char *verb, *what;
	} verbs[] = {
		{"escalate", "write roles with rights it does not hold"},
		{"bind", "bind roles it does not hold to anyone"},
		{"impersonate", "act as other users, groups and service accounts"},
	};
	for (uint32_t i = 0; i < r->verbs->n; i++)
		for (size_t k = 0; k < COUNT_OF(verbs); k++)
			if (same(r->verbs->items[i], verbs[k].verb)) {
				report(l, RBAC_ESCALATION, item_span(r->ob, r->f->verbs, r->verbs->items[i]), "`%s` lets role `%s` %s",
				       verbs[k].verb, r->role_name, verbs[k].what);
				return;
			}
	const Value *star = find(r->verbs, "*");
	if (!star)
		return;
	static const struct {
		const char *group, *resource, *verbs;
	} targets[] = {
		{"rbac.authorization.k8s.io", "roles", "`escalate` and `bind`"},
		{"rbac.authorization.k8s.io", "clusterroles", "`escalate` and `bind`"},
		{"", "users", "`impersonate`"},
		{"", "groups", "`impersonate`"},
		{"", "serviceaccounts", "`impersonate`"},
		{"authentication.k8s.io", "userextras", "`impersonate`"},
	};
	for (size_t k = 0; k < COUNT_OF(targets); k++)
		if (find(r->resources, targets[k].resource) && in_group(r, targets[k].group)) {
			report(l, RBAC_ESCALATION, item_span(r->ob, r->f->verbs, star), "`*` on `%s` includes %s, so role `%s` can raise its own rights",
			       targets[k].resource, targets[k].verbs, r->role_name);
			return;
		}
}

static void lint_exec(Lint *l, const Rule *r)
{
	static const struct {
		const char *resource, *what;
		bool write_only;
	} subs[] = {
		{"pods/exec", "run commands in running containers", false},
		{"pods/attach", "attach to running containers", false},
		{"pods/portforward", "open connections into pods", false},
		{"pods/ephemeralcontainers", "add containers to running pods", true},
		{"nodes/proxy", "reach the kubelet API of every node, past audit and admission", false},
	};
	static const char *const writes[] = {"create", "update", "patch"};
	if (!in_group(r, "") || r->verbs->n == 0)
		return;
	for (uint32_t i = 0; i < r->resources->n; i++)
		for (size_t k = 0; k < COUNT_OF(subs); k++) {
			if (!same(r->resources->items[i], subs[k].resource))
				continue;
			if (subs[k].write_only && !verb_among(r, writes, COUNT_OF(writes)))
				continue;
			report(l, RBAC_EXEC, item_span(r->ob, r->f->resources, r->resources->items[i]), "`%s` lets role `%s` %s",
			       subs[k].resource, r->role_name, subs[k].what);
			return;
		}
}

static void lint_takeover(Lint *l, const Rule *r)
{
	static const char *const create[] = {"create"};
	static const char *const change[] = {"update", "patch"};
	const Value *v;
	const Value *res;
	if ((res = find(r->resources, "serviceaccounts/token")) && in_group(r, "") && verb_among(r, create, 1)) {
		report(l, RBAC_TAKEOVER, item_span(r->ob, r->f->resources, res),
		       "`serviceaccounts/token` lets role `%s` create tokens for any service account of %s", r->role_name,
		       r->ns ? out_printf(l->o, "namespace `%s`", r->ns) : "the namespaces it is bound in");
		return;
	}
	if ((res = find(r->resources, "certificatesigningrequests/approval")) && in_group(r, "certificates.k8s.io") &&
	    verb_among(r, change, COUNT_OF(change))) {
		report(l, RBAC_TAKEOVER, item_span(r->ob, r->f->resources, res),
		       "`certificatesigningrequests/approval` lets role `%s` approve client certificates for any user", r->role_name);
		return;
	}
	if ((v = find(r->verbs, "approve"))) {
		report(l, RBAC_TAKEOVER, item_span(r->ob, r->f->verbs, v),
		       "`approve` lets role `%s` approve certificate signing requests", r->role_name);
		return;
	}
	static const char *const hooks[] = {"validatingwebhookconfigurations", "mutatingwebhookconfigurations"};
	if ((res = find_any(r->resources, hooks, 2)) && in_group(r, "admissionregistration.k8s.io") &&
	    verb_among(r, write_verbs, COUNT_OF(write_verbs))) {
		report(l, RBAC_TAKEOVER, item_span(r->ob, r->f->resources, res),
		       "writing `%s` lets role `%s` see or change every object the API server admits", text_of(res), r->role_name);
		return;
	}
	if ((res = find(r->resources, "persistentvolumes")) && in_group(r, "") && verb_among(r, create, 1)) {
		report(l, RBAC_TAKEOVER, item_span(r->ob, r->f->resources, res),
		       "creating `persistentvolumes` lets role `%s` mount any path of a node", r->role_name);
		return;
	}
	if ((res = find(r->resources, "namespaces")) && in_group(r, "") && verb_among(r, change, COUNT_OF(change))) {
		report(l, RBAC_TAKEOVER, item_span(r->ob, r->f->resources, res),
		       "changing `namespaces` lets role `%s` lower their Pod Security levels", r->role_name);
		return;
	}
	if (r->ns && strcmp(r->ns, "kube-system") == 0 && (v = writes_configmaps(r))) {
		report(l, RBAC_TAKEOVER, item_span(r->ob, r->f->verbs, v),
		       "role `%s` can write configmaps in `kube-system`, where EKS keeps `aws-auth`", r->role_name);
		return;
	}
}

static void lint_wildcards(Lint *l, const Rule *r)
{
	const char *const fields[] = {r->f->groups, r->f->resources, r->f->verbs};
	static const char *const nouns[] = {"API groups", "resources", "verbs"};
	const Value *lists[] = {r->groups, r->resources, r->verbs};
	const Value *first = NULL;
	const char *first_field = NULL;
	const char *names[3], *what[3];
	size_t n = 0;
	for (size_t k = 0; k < 3; k++) {
		const Value *v = find(lists[k], "*");
		if (!v)
			continue;
		what[n] = nouns[k];
		names[n++] = fields[k];
		if (!first) {
			first = v;
			first_field = fields[k];
		}
	}
	if (!first)
		return;
	const char *which = n == 1 ? out_printf(l->o, "`%s`", names[0])
		: n == 2 ? out_printf(l->o, "`%s` and `%s`", names[0], names[1])
			 : out_printf(l->o, "`%s`, `%s` and `%s`", names[0], names[1], names[2]);
	const char *nouns_text = n == 1 ? what[0]
		: n == 2 ? out_printf(l->o, "%s and %s", what[0], what[1])
			 : out_printf(l->o, "%s, %s and %s", what[0], what[1], what[2]);
	Diag *g = report(l, RBAC_WILDCARD, item_span(r->ob, first_field, first),
			 "`*` in %s gives role `%s` whatever Kubernetes adds later too", which, r->role_name);
	diag_help(l->d, g, "list the %s the role needs", nouns_text);
}

/* ---- RBAC-E001..E003 and the rule's own warnings ---- */

static Rule rule_of(const Shape *f, const Object *rule, const char *role_name, const char *ns)
{
	return (Rule){rule, f, role_name, ns, obj_get(rule, f->groups), obj_get(rule, f->resources), obj_get(rule, f->verbs),
		      obj_get(rule, f->names), obj_get(rule, f->urls)};
}

static void lint_rule(Lint *l, const Shape *f, const char *role_name, const char *ns, const Object *rule)
{
	Rule r = rule_of(f, rule, role_name, ns);
	bool urls = r.urls->n > 0, res = r.resources->n > 0;
	bool structural = false;
	if (r.verbs->n == 0) {
		Diag *g = report(l, RBAC_STRUCTURE, obj_field_span(rule, f->verbs), "the rule allows no verbs");
		diag_help(l->d, g, "list what the role may do, such as `verbs = [get, list, watch]`");
		structural = true;
	}
	if (!urls && !res) {
		Diag *g = report(l, RBAC_STRUCTURE, rule->name_span, "the rule names no `resources` and no `%s`", f->urls);
		diag_help(l->d, g, "add `resources = [\"pods\"]` (and `%s`), or `%s = [\"/healthz\"]`", f->groups, f->urls);
		structural = true;
	}
	if (urls && res) {
		Diag *g = report(l, RBAC_STRUCTURE, obj_field_span(rule, f->urls),
				 "a rule applies to `resources` or to `%s`, not both", f->urls);
		diag_help(l->d, g, "split it into two rules");
		structural = true;
	}
	if (urls && !res && obj_written(rule, f->groups)) {
		report(l, RBAC_STRUCTURE, obj_field_span(rule, f->groups), "`%s` has no meaning for non-resource URLs", f->groups);
		structural = true;
	}
	if (urls && r.names->n) {
		report(l, RBAC_STRUCTURE, obj_field_span(rule, f->names),
		       "`%s` has no meaning for non-resource URLs", f->names);
		structural = true;
	}
	if (urls && r.ns) {
		Diag *g = report(l, RBAC_STRUCTURE, obj_field_span(rule, f->urls),
				 "non-resource URLs only work in a ClusterRole, and role `%s` has a namespace", r.role_name);
		diag_help(l->d, g, "move the rule to an `rbac_role` without `namespace`");
		structural = true;
	}
	for (uint32_t i = 0; i < r.urls->n; i++) {
		const char *u = text_of(r.urls->items[i]);
		if (u && u[0] != '/' && strcmp(u, "*") != 0) {
			report(l, RBAC_STRUCTURE, item_span(rule, f->urls, r.urls->items[i]),
			       "non-resource URL \"%s\" does not start with `/`", u);
			structural = true;
		}
	}
	if (res && r.groups->n == 0) {
		Diag *g = report(l, RBAC_STRUCTURE, obj_field_span(rule, f->groups), "`%s` is empty, so the rule matches nothing", f->groups);
		diag_help(l->d, g, "write `%s = [\"\"]` for the core group", f->groups);
		structural = true;
	}
	if (r.names->n) {
		static const char *const unnamed[] = {"create", "deletecollection"};
		for (uint32_t i = 0; i < r.verbs->n; i++)
			for (size_t k = 0; k < COUNT_OF(unnamed); k++)
				if (same(r.verbs->items[i], unnamed[k])) {
					Diag *g = report(l, RBAC_RESOURCE_NAMES, item_span(rule, f->verbs, r.verbs->items[i]),
							 "`%s` cannot be limited by `%s`, so this rule never allows it",
							 unnamed[k], f->names);
					diag_help(l->d, g, "move `%s` to a rule without `%s`", unnamed[k], f->names);
					structural = true;
				}
	}
	if (res && find(r.verbs, "*") && find(r.resources, "*")) {
		Diag *g = report(l, RBAC_WILDCARD_ALL, item_span(rule, f->verbs, find(r.verbs, "*")),
				 "`*` verbs on `*` resources make role `%s` a cluster administrator", r.role_name);
		diag_help(l->d, g, "list the resources and verbs the role needs, or grant `cluster_admin` openly in a team's "
				   "`grant` (RBAC-W008)");
		return;
	}
	if (structural)
		return;
	lint_unknown(l, &r);
	lint_secrets(l, &r);
	lint_escalation(l, &r);
	lint_exec(l, &r);
	const char *what = NULL;
	const Value *v = creates_workloads(&r, &what);
	if (v && r.ns && strcmp(r.ns, "kube-system") == 0) {
		Diag *g = report(l, RBAC_KUBE_SYSTEM_WORKLOADS, item_span(rule, f->verbs, v),
				 "`%s` on `%s` lets role `%s` run pods in `kube-system` as any of its service accounts", text_of(v),
				 what, r.role_name);
		diag_help(l->d, g, "deploy system components through the platform's pipeline, or grant `cluster_admin` openly");
	} else if (v) {
		Diag *g = report(l, RBAC_WORKLOADS, item_span(rule, f->verbs, v),
				 "`%s` on `%s` lets role `%s` run pods as any service account of %s", text_of(v), what, r.role_name,
				 r.ns ? out_printf(l->o, "namespace `%s`", r.ns) : "the namespaces it is bound in");
		diag_help(l->d, g, "a deployment pipeline needs this: accept it with `allow RBAC-W005 \"reason\"`");
	}
	lint_takeover(l, &r);
	lint_wildcards(l, &r);
}

/* ---- where a ClusterRole applies ---- */

static bool is_kube_system(const char *ns)
{
	return ns && strcmp(ns, "kube-system") == 0;
}

/* A ClusterRole bound in namespace ns (NULL: cluster-wide) by the grant or
 * binding written at site. */
static void lint_cluster_role_at(Lint *l, const Shape *f, const Object *role, const char *role_name, const char *ns,
				 Span site)
{
	const Vec *rules = obj_blocks(role, f->rules);
	bool workloads = false, configmaps = false, urls = false;
	for (size_t i = 0; i < rules->len; i++) {
		const Object *rule = rules->items[i];
		Rule r = rule_of(f, rule, role_name, NULL);
		const char *what = NULL;
		const Value *v;
		if (is_kube_system(ns) && !workloads && (v = creates_workloads(&r, &what))) {
			Diag *g = report(l, RBAC_KUBE_SYSTEM_WORKLOADS, site,
					 "role `%s` can %s `%s` in `kube-system`, and so run pods as any of its service accounts",
					 r.role_name, text_of(v), what);
			diag_note(l->d, g, item_span(rule, f->verbs, v), "the rule that allows it");
			diag_help(l->d, g, "grant the role in other namespaces, or grant `cluster_admin` openly");
			workloads = true;
		}
		if ((ns == NULL || is_kube_system(ns)) && !configmaps && (v = writes_configmaps(&r))) {
			Diag *g = report(l, RBAC_TAKEOVER, site,
					 "role `%s` can write configmaps in `kube-system`, where EKS keeps `aws-auth`%s", r.role_name,
					 ns ? "" : " (the grant covers every namespace)");
			diag_note(l->d, g, item_span(rule, f->verbs, v), "the rule that allows it");
			diag_help(l->d, g, "list the namespaces the role is for");
			configmaps = true;
		}
		if (ns && !urls && r.urls->n) {
			Diag *g = report(l, RBAC_STRUCTURE, site,
					 "role `%s` has non-resource URL rules, which only take effect cluster-wide", r.role_name);
			diag_note(l->d, g, obj_field_span(rule, f->urls), "the non-resource URLs");
			diag_help(l->d, g, "grant the role without `namespaces`, or move the URLs to a role of their own");
			urls = true;
		}
	}
}

static bool builtin_cluster_role(const char *name)
{
	static const char *const names[] = {"view", "edit", "admin", "cluster-admin"};
	for (size_t i = 0; i < COUNT_OF(names); i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return str_has_prefix(name, "system:");
}

static void lint_role(Lint *l, const Object *role)
{
	const Object *ns = obj_ref(role, "namespace");
	const char *name = obj_name(role);
	if (!ns && builtin_cluster_role(name)) {
		Diag *g = report(l, RBAC_STRUCTURE, obj_written(role, "name") ? obj_field_span(role, "name") : role->name_span,
				 "a ClusterRole named `%s` would replace the one Kubernetes maintains", name);
		diag_help(l->d, g, "give the role a name of its own, or grant the built-in role in a team's `grant`");
	}
	const Vec *rules = obj_blocks(role, "rule");
	for (size_t i = 0; i < rules->len; i++)
		lint_rule(l, &infrac_shape, name, ns ? obj_name(ns) : NULL, rules->items[i]);
	if (ns)
		return;
	Value *bind = obj_get(role, "bind");
	for (uint32_t i = 0; i < bind->n; i++)
		lint_cluster_role_at(l, &infrac_shape, role, name, NULL, item_span(role, "bind", bind->items[i]));
}

static void lint_grant(Lint *l, const Object *team, const Object *grant)
{
	Value *role = obj_get(grant, "role");
	Value *nss = obj_get(grant, "namespaces");
	Span role_at = obj_field_span(grant, "role");
	if (role->kind == V_SYMBOL) {
		const char *b = role->s;
		if (strcmp(b, "cluster_admin") == 0) {
			Diag *g;
			if (nss->n)
				g = report(l, RBAC_CLUSTER_ADMIN, role_at,
					   "`cluster_admin` gives team `%s` full control of %u namespace%s, quotas and roles included",
					   team->name, nss->n, nss->n == 1 ? "" : "s");
			else
				g = report(l, RBAC_CLUSTER_ADMIN, role_at, "`cluster_admin` gives team `%s` full control of the cluster",
					   team->name);
			diag_help(l->d, g, "grant `admin`, `edit` or an `rbac_role` instead, or accept it with "
					   "`allow RBAC-W008 \"reason\"` in the grant");
			return;
		}
		if (strcmp(b, "edit") != 0 && strcmp(b, "admin") != 0)
			return;
		bool kube_system = false;
		for (uint32_t i = 0; i < nss->n; i++) {
			const Value *n = nss->items[i];
			if (n->kind == V_REF && is_kube_system(obj_name(n->obj))) {
				Diag *g = report(l, RBAC_KUBE_SYSTEM_WORKLOADS, item_span(grant, "namespaces", n),
						 "built-in role `%s` in `kube-system` lets team `%s` run pods as any of its service accounts",
						 b, team->name);
				diag_help(l->d, g, "grant `view` there, or grant `cluster_admin` openly");
				kube_system = true;
			}
		}
		if (kube_system)
			return;
		Diag *g = report(l, RBAC_BUILTIN_ROLE, role_at, "built-in role `%s` lets team `%s` read secrets and exec into pods%s",
				 b, team->name, strcmp(b, "admin") == 0 ? ", and bind roles" : "");
		diag_help(l->d, g, "write an `rbac_role` with what the team needs, or accept it with `allow RBAC-W009 \"reason\"`");
		return;
	}
	if (role->kind != V_REF)
		return;
	const Object *rr = role->obj;
	const Object *rns = obj_ref(rr, "namespace");
	if (rns) {
		if (nss->n == 0) {
			Diag *g = report(l, RBAC_STRUCTURE, role_at,
					 "role `%s` is a Role of namespace `%s` and cannot be granted cluster-wide", obj_name(rr),
					 obj_name(rns));
			diag_help(l->d, g, "write `namespaces = [namespace.%s]`, or remove `namespace` from the role", rns->name);
		}
		for (uint32_t i = 0; i < nss->n; i++) {
			const Value *n = nss->items[i];
			if (n->kind == V_REF && n->obj != rns) {
				Diag *g = report(l, RBAC_STRUCTURE, item_span(grant, "namespaces", n),
						 "role `%s` is a Role of namespace `%s` and cannot be granted in `%s`", obj_name(rr),
						 obj_name(rns), obj_name(n->obj));
				diag_help(l->d, g, "remove `namespace` from the role to make it a ClusterRole");
			}
		}
		return;
	}
	if (nss->n == 0) {
		lint_cluster_role_at(l, &infrac_shape, rr, obj_name(rr), NULL, role_at);
		return;
	}
	for (uint32_t i = 0; i < nss->n; i++) {
		const Value *n = nss->items[i];
		if (n->kind == V_REF)
			lint_cluster_role_at(l, &infrac_shape, rr, obj_name(rr), obj_name(n->obj), item_span(grant, "namespaces", n));
	}
}

/* A group that roles are bound to: `who` ("team `x`") is what binds it. */
static void lint_group(Lint *l, const char *who, const char *group, Span at)
{
	if (strcmp(group, "system:masters") == 0) {
		Diag *g = report(l, RBAC_CLUSTER_ADMIN, at,
				 "group `system:masters` gives %s full control of the cluster, past every RBAC rule", who);
		diag_help(l->d, g, "use a group of the team's own with a `cluster_admin` grant, which can be revoked");
	} else if (str_has_prefix(group, "system:")) {
		const char *whom = strcmp(group, "system:authenticated") == 0 ? "every authenticated user and service account"
			: strcmp(group, "system:unauthenticated") == 0	      ? "every anonymous request"
			: str_has_prefix(group, "system:serviceaccounts")     ? "service accounts"
									      : "identities of Kubernetes itself";
		Diag *g = report(l, RBAC_SYSTEM_GROUP, at,
				 "group `%s` is reserved by Kubernetes for %s, so %s's grants go to all of them", group, whom, who);
		diag_help(l->d, g, "use a group of the team's own");
	}
}

static void lint_team(Lint *l, const Object *team)
{
	const char *group = obj_str(team, "group");
	if (group && !*group) {
		Diag *g = report(l, RBAC_STRUCTURE, obj_field_span(team, "group"), "team `%s` has an empty group name", team->name);
		diag_help(l->d, g, "write the Kubernetes group its members belong to, such as `group = \"%s\"`", team->name);
	} else if (group) {
		lint_group(l, out_printf(l->o, "team `%s`", team->name), group, obj_field_span(team, "group"));
	}
	const Vec *grants = obj_blocks(team, "grant");
	for (size_t i = 0; i < grants->len; i++)
		lint_grant(l, team, grants->items[i]);
}

/* ---- `kubernetes` Role, ClusterRole and binding objects ---- */

/* Their rules go through the checks of rbac_role's, spelled as the API
 * spells them (kube_shape); a binding is checked like a team's grant:
 * the ClusterRole it binds where it binds it, the built-in roles, and the
 * groups it binds them to. */
static void lint_kube_role(Lint *l, const Object *role)
{
	const char *ns = obj_str(role, "namespace");
	if (!ns && builtin_cluster_role(role->name)) {
		Diag *g = report(l, RBAC_STRUCTURE, role->name_span,
				 "a ClusterRole named `%s` would replace the one Kubernetes maintains", role->name);
		diag_help(l->d, g, "give the role a name of its own, or bind the built-in role");
	}
	const Vec *rules = obj_blocks(role, kube_shape.rules);
	for (size_t i = 0; i < rules->len; i++)
		lint_rule(l, &kube_shape, role->name, ns, rules->items[i]);
}

static void lint_kube_binding(Lint *l, const Object *b)
{
	const char *ns = obj_str(b, "namespace"); /* NULL: a ClusterRoleBinding */
	const char *who = out_printf(l->o, "%s `%s`", b->kind->name, b->name);
	const Vec *refs = obj_blocks(b, "roleRef");
	const Object *ref = refs->len ? refs->items[0] : NULL;
	const char *kind = ref ? obj_str(ref, "kind") : NULL, *name = ref ? obj_str(ref, "name") : NULL;
	if (kind && name && strcmp(kind, "ClusterRole") == 0) {
		Span at = obj_field_span(ref, "name");
		if (strcmp(name, "cluster-admin") == 0) {
			Diag *g = report(l, RBAC_CLUSTER_ADMIN, at, "`cluster-admin` gives the subjects of %s full control of %s", who,
					 ns ? out_printf(l->o, "namespace `%s`, its quotas and roles included", ns) : "the cluster");
			diag_help(l->d, g, "bind `admin`, `edit` or a role of your own instead, or accept it with "
					   "`allow RBAC-W008 \"reason\"`");
		} else if ((strcmp(name, "edit") == 0 || strcmp(name, "admin") == 0) && is_kube_system(ns)) {
			Diag *g = report(l, RBAC_KUBE_SYSTEM_WORKLOADS, at,
					 "built-in role `%s` in `kube-system` lets the subjects of %s run pods as any of its "
					 "service accounts", name, who);
			diag_help(l->d, g, "bind `view` there, or bind `cluster-admin` openly");
		} else if (strcmp(name, "edit") == 0 || strcmp(name, "admin") == 0) {
			Diag *g = report(l, RBAC_BUILTIN_ROLE, at,
					 "built-in role `%s` lets the subjects of %s read secrets and exec into pods%s", name, who,
					 strcmp(name, "admin") == 0 ? ", and bind roles" : "");
			diag_help(l->d, g, "write a Role with what they need, or accept it with `allow RBAC-W009 \"reason\"`");
		}
		const Vec *roles = model_kind(l->o->m, "ClusterRole");
		for (size_t i = 0; i < roles->len; i++) {
			const Object *role = roles->items[i];
			if (role->kind->api_version && strcmp(role->name, name) == 0)
				lint_cluster_role_at(l, &kube_shape, role, name, ns, at);
		}
	}
	const Vec *subjects = obj_blocks(b, "subjects");
	for (size_t i = 0; i < subjects->len; i++) {
		const Object *s = subjects->items[i];
		const char *skind = obj_str(s, "kind"), *sname = obj_str(s, "name");
		if (skind && sname && strcmp(skind, "Group") == 0)
			lint_group(l, who, sname, obj_field_span(s, "name"));
	}
}

void rbac_lint(Emit *o)
{
	Lint l = {o, &o->m->c->diags};
	const Vec *v = model_kind(o->m, "rbac_role");
	for (size_t i = 0; i < v->len; i++)
		lint_role(&l, v->items[i]);
	v = model_kind(o->m, "team");
	for (size_t i = 0; i < v->len; i++)
		lint_team(&l, v->items[i]);
	static const char *const roles[] = {"Role", "ClusterRole"}, *const bindings[] = {"RoleBinding",
											    "ClusterRoleBinding"};
	for (size_t k = 0; k < 2; k++) {
		v = model_kind(o->m, roles[k]);
		for (size_t i = 0; i < v->len; i++)
			if (((const Object *)v->items[i])->kind->api_version)
				lint_kube_role(&l, v->items[i]);
		v = model_kind(o->m, bindings[k]);
		for (size_t i = 0; i < v->len; i++)
			if (((const Object *)v->items[i])->kind->api_version)
				lint_kube_binding(&l, v->items[i]);
	}
}

/*
 * helm.c: a values.yaml per Helm release.
 *
 * Every `release` block becomes helm/<release name>/values.yaml, and a
 * service without `release` gets a release of its own, named after the
 * service.  The values of a service are built as a tree, the user's
 * `values` maps are merged into it, and the tree is written through
 * runtime/yaml.c: no comments, keys always in the same order, scalars
 * quoted whenever a YAML 1.1 reader could take them for anything else.
 *
 * The keys it writes, in order, and how user values merge with them are
 * documented for users in docs/helm.md; keep the two in step.
 *
 * Errors found here are those of the files it writes: user values that
 * override what infrac derives, or a value known only after apply, and
 * two releases naming one helmfile repository differently.  What
 * Kubernetes or Helm would refuse in the spec itself (a limit below its
 * request, two services with one values key...) is checked with the
 * spec (compiler/check_model.c); release names, the folders
 * helm/RELEASE/, too (compiler/names.c).
 *
 * Each service's requests, replicas, surge and service account (and the
 * role its account assumes) are recorded as facts, read back from the
 * final tree, so the consistency check compares what the file says with
 * what the solver and the IAM and rbac back ends assumed.
 */
#include "emit.h"

#include <ctype.h>
#include <string.h>

enum { MIB = 1024 * 1024 };

typedef enum HKind { H_MAP, H_LIST, H_STR, H_INT, H_BOOL, H_NULL } HKind;

typedef struct HNode HNode;
struct HNode {
	HKind kind;
	const char *s; /* H_STR */
	size_t len;
	int64_t i;     /* H_INT, H_BOOL */
	Map map;       /* H_MAP: interned key -> HNode*, in insertion order */
	Vec items;     /* H_LIST: HNode* */
	bool user;     /* written in a `values` map */
	Span span;     /* where, when user */
};

/* What infrac wrote for a service, to compare with the merged tree. */
typedef struct Derived {
	const char *path[4]; /* keys below the service's values */
	size_t depth;
	HKind kind;
	const char *text;
	const char *field;   /* the service field it comes from */
	const char *fact;    /* fact key, or NULL */
} Derived;

typedef struct SvcOut {
	const Object *svc;
	const char *key;     /* values key, NULL at the top level */
	Derived derived[6];
	size_t nderived;
	const Object *role;  /* trusted through IRSA or Pod Identity */
	Span role_span;
} SvcOut;

typedef struct Helm {
	Emit *o;
	const Model *m;
	Compiler *c;
	Arena *scratch;      /* the HNodes of the release being written */
	Vec nodes;           /* its map and list HNodes, to free their maps and vectors */
} Helm;

/* ---- the tree ---- */

static HNode *hnode_new(Helm *h, HKind k)
{
	HNode *n = ARENA_NEW(h->scratch, HNode);
	n->kind = k;
	if (k == H_MAP || k == H_LIST)
		vec_push(&h->nodes, n);
	return n;
}

static HNode *hnode_str(Helm *h, const char *s)
{
	HNode *n = hnode_new(h, H_STR);
	n->s = s;
	n->len = strlen(s);
	return n;
}

static HNode *hnode_int(Helm *h, int64_t v)
{
	HNode *n = hnode_new(h, H_INT);
	n->i = v;
	return n;
}

static HNode *hnode_bool(Helm *h, bool v)
{
	HNode *n = hnode_new(h, H_BOOL);
	n->i = v;
	return n;
}

static const char *key_of(Helm *h, const char *k)
{
	return intern_cstr(&h->c->names, k);
}

static void hnode_set(Helm *h, HNode *map, const char *key, HNode *v)
{
	map_put(&map->map, key_of(h, key), v);
}

static HNode *hnode_get(Helm *h, const HNode *map, const char *key)
{
	return map && map->kind == H_MAP ? map_get(&map->map, key_of(h, key)) : NULL;
}

static HNode *hnode_child_map(Helm *h, HNode *map, const char *key)
{
	HNode *n = hnode_new(h, H_MAP);
	hnode_set(h, map, key, n);
	return n;
}

static HNode *hnode_child_list(Helm *h, HNode *map, const char *key)
{
	HNode *n = hnode_new(h, H_LIST);
	hnode_set(h, map, key, n);
	return n;
}

/* Once a release's values are written its tree goes: a build of 10,000
 * services would otherwise hold 230,000 nodes to the end. */
static void hnode_free_all(Helm *h)
{
	for (size_t i = 0; i < h->nodes.len; i++) {
		HNode *n = h->nodes.items[i];
		map_free(&n->map);
		vec_free(&n->items);
	}
	h->nodes.len = 0;
	arena_reset(h->scratch);
}

/* src into dst: maps merge key by key, everything else replaces. */
static void hnode_merge(HNode *dst, HNode *src)
{
	for (size_t i = 0; i < src->map.len; i++) {
		const char *k = src->map.keys[i];
		HNode *s = src->map.vals[i];
		HNode *d = map_get(&dst->map, k);
		if (d && d->kind == H_MAP && s->kind == H_MAP)
			hnode_merge(d, s);
		else
			map_put(&dst->map, k, s);
	}
}

static void hnode_write(YamlW *w, const HNode *n)
{
	switch (n->kind) {
	case H_MAP:
		yaml_map_begin(w);
		for (size_t i = 0; i < n->map.len; i++) {
			yaml_key(w, n->map.keys[i]);
			hnode_write(w, n->map.vals[i]);
		}
		yaml_map_end(w);
		break;
	case H_LIST:
		yaml_seq_begin(w);
		for (size_t i = 0; i < n->items.len; i++)
			hnode_write(w, n->items.items[i]);
		yaml_seq_end(w);
		break;
	case H_STR: yaml_string_n(w, n->s, n->len); break;
	case H_INT: yaml_int(w, n->i); break;
	case H_BOOL: yaml_bool(w, n->i != 0); break;
	case H_NULL: yaml_null(w); break;
	}
}

/* ---- user values ---- */

static void report_deferred(Helm *h, const Value *v)
{
	Diag *g = out_deferred(h->o, v, "Helm values");
	if (g)
		diag_help(&h->c->diags, g, "values.yaml is written before apply; let the chart read the value in the "
					   "cluster instead, for example from a Secret or ConfigMap that Terraform writes");
}

/* The tree of a value written in the spec; NULL when it cannot be a
 * Helm value (reported). */
static HNode *hnode_from_value(Helm *h, const Value *v)
{
	HNode *n = NULL;
	switch (v->kind) {
	case V_ERROR:
		return NULL;
	case V_NULL:
		n = hnode_new(h, H_NULL);
		break;
	case V_BOOL:
		n = hnode_bool(h, v->i != 0);
		break;
	case V_INT:
		n = hnode_int(h, v->i);
		break;
	case V_STRING:
		n = hnode_new(h, H_STR);
		n->s = v->s;
		n->len = v->len;
		break;
	case V_QTY:
	case V_SYMBOL:
	case V_CIDR:
	case V_RANGE: {
		Buf t = {0};
		value_to_text(v, &t);
		n = hnode_new(h, H_STR);
		n->s = arena_strndup(h->o->arena, t.data ? t.data : "", t.len);
		n->len = t.len;
		buf_free(&t);
		break;
	}
	case V_LIST:
		n = hnode_new(h, H_LIST);
		for (uint32_t i = 0; i < v->n; i++) {
			HNode *item = hnode_from_value(h, v->items[i]);
			if (item)
				vec_push(&n->items, item);
		}
		break;
	case V_MAP:
		n = hnode_new(h, H_MAP);
		for (uint32_t i = 0; i < v->n; i++) {
			HNode *item = hnode_from_value(h, v->items[i]);
			if (item)
				hnode_set(h, n, v->keys[i], item);
		}
		break;
	case V_DEFERRED:
	case V_TEMPLATE:
		report_deferred(h, v);
		return NULL;
	case V_REF:
	case V_KINDSET:
	case V_CHOICE:
	case V_AUTO: {
		Diag *g = out_diag(h->o, TYPE_MISMATCH, v->span, "%s cannot be written into Helm values",
				   value_describe_a(h->c, v));
		if (g && v->kind == V_REF)
			diag_help(&h->c->diags, g, "write one of its fields, such as `%s.name`", v->obj->path);
		return NULL;
	}
	}
	n->user = true;
	n->span = v->span;
	return n;
}

/* A block's `values` map as a tree (an empty map when it has none). */
static HNode *user_values(Helm *h, const Object *o)
{
	HNode *n = hnode_from_value(h, obj_get(o, "values"));
	if (!n || n->kind != H_MAP)
		n = hnode_new(h, H_MAP);
	return n;
}

/* ---- a service's values ---- */

/* Records a value infrac derived, at path (NULL-terminated) below the
 * service's values. */
static void derive(SvcOut *so, HKind kind, const char *text, const char *field, const char *fact,
		   const char *const *path)
{
	Derived *d = &so->derived[so->nderived++];
	d->kind = kind;
	d->text = text;
	d->field = field;
	d->fact = fact;
	for (d->depth = 0; path[d->depth]; d->depth++)
		d->path[d->depth] = path[d->depth];
}

/* `repo/name:tag@sha256:...` as repository, tag and digest. */
static void put_image(Helm *h, HNode *sv, const char *image)
{
	HNode *im = hnode_child_map(h, sv, "image");
	const char *at = strchr(image, '@');
	size_t end = at ? (size_t)(at - image) : strlen(image);
	const char *slash = NULL;
	for (size_t i = 0; i < end; i++)
		if (image[i] == '/')
			slash = image + i;
	const char *colon = NULL;
	for (const char *p = slash ? slash : image; p < image + end; p++)
		if (*p == ':')
			colon = p;
	size_t repo_end = colon ? (size_t)(colon - image) : end;
	hnode_set(h, im, "repository", hnode_str(h, arena_strndup(h->o->arena, image, repo_end)));
	if (colon)
		hnode_set(h, im, "tag", hnode_str(h, arena_strndup(h->o->arena, colon + 1, end - repo_end - 1)));
	if (at)
		hnode_set(h, im, "digest", hnode_str(h, at + 1));
}

/* The role the service's account assumes, and whether through IRSA. */
static const Object *service_role(Helm *h, const Object *svc, bool *irsa)
{
	*irsa = false;
	const Object *role = obj_ref(svc, "role");
	if (!role)
		return NULL;
	const char *ns = svc_namespace(svc), *sa = obj_str(svc, "service_account");
	const Object *cluster = obj_ref(svc, "cluster");
	/* Not covered: iam.c reports it (iam_build runs before this). */
	if (!model_trust_covering(h->m, role, cluster, ns, sa, NULL))
		return NULL;
	*irsa = model_trust_covering(h->m, role, cluster, ns, sa, "irsa") != NULL;
	return role;
}

static const char *effect_name(const char *effect)
{
	if (strcmp(effect, "prefer_no_schedule") == 0)
		return "PreferNoSchedule";
	if (strcmp(effect, "no_execute") == 0)
		return "NoExecute";
	return "NoSchedule";
}

static void put_labels(Helm *h, HNode *map, const Value *labels)
{
	for (uint32_t i = 0; labels && labels->kind == V_MAP && i < labels->n; i++) {
		const Value *v = labels->items[i];
		if (v->kind == V_STRING && !hnode_get(h, map, labels->keys[i]))
			hnode_set(h, map, labels->keys[i], hnode_str(h, v->s));
	}
}

static void put_scheduling(Helm *h, HNode *sv, const Object *svc)
{
	const Object *pin = obj_ref(svc, "pool");
	HNode *sel = hnode_new(h, H_MAP);
	if (pin)
		put_labels(h, sel, obj_get(pin, "labels"));
	put_labels(h, sel, obj_get(svc, "node_selector"));
	if (sel->map.len)
		hnode_set(h, sv, "nodeSelector", sel);
	if (pin && obj_blocks(pin, "taint")->len) {
		HNode *tol = hnode_child_list(h, sv, "tolerations");
		const Vec *taints = obj_blocks(pin, "taint");
		for (size_t i = 0; i < taints->len; i++) {
			const Object *t = taints->items[i];
			HNode *e = hnode_new(h, H_MAP);
			hnode_set(h, e, "key", hnode_str(h, obj_str(t, "key")));
			hnode_set(h, e, "operator", hnode_str(h, "Equal"));
			hnode_set(h, e, "value", hnode_str(h, obj_str(t, "value")));
			hnode_set(h, e, "effect", hnode_str(h, effect_name(obj_str(t, "effect"))));
			vec_push(&tol->items, e);
		}
	}
	/* Spot rules matter when a spot pool could take the pods: one
	 * without taints that has every label of the node selector. */
	const Object *cluster = obj_ref(svc, "cluster");
	const Value *selector = obj_get(svc, "node_selector");
	bool has_spot = false;
	const Vec *pools = cluster ? obj_blocks(cluster, "pool") : NULL;
	for (size_t i = 0; pools && i < pools->len; i++) {
		const Object *p = pools->items[i];
		if (strcmp(obj_str(p, "capacity"), "spot") != 0 || obj_blocks(p, "taint")->len)
			continue;
		const Value *labels = obj_get(p, "labels");
		bool all = true;
		for (uint32_t k = 0; k < selector->n && all; k++) {
			const Value *l = value_map_get(labels, selector->keys[k]);
			all = l && value_equal(l, selector->items[k]);
		}
		has_spot |= all;
	}
	const char *spot = obj_str(svc, "spot");
	if (pin || !has_spot || strcmp(spot, "none") == 0)
		return;
	HNode *aff = hnode_child_map(h, sv, "affinity");
	HNode *na = hnode_child_map(h, aff, "nodeAffinity");
	HNode *expr = hnode_new(h, H_MAP);
	hnode_set(h, expr, "key", hnode_str(h, "eks.amazonaws.com/capacityType"));
	hnode_set(h, expr, "operator", hnode_str(h, strcmp(spot, "prefer") == 0 ? "In" : "NotIn"));
	HNode *vals = hnode_child_list(h, expr, "values");
	vec_push(&vals->items, hnode_str(h, "SPOT"));
	HNode *term = hnode_new(h, H_MAP);
	HNode *exprs = hnode_child_list(h, term, "matchExpressions");
	vec_push(&exprs->items, expr);
	if (strcmp(spot, "avoid") == 0) {
		HNode *req = hnode_child_map(h, na, "requiredDuringSchedulingIgnoredDuringExecution");
		HNode *terms = hnode_child_list(h, req, "nodeSelectorTerms");
		vec_push(&terms->items, term);
		return;
	}
	HNode *pref = hnode_child_list(h, na, "preferredDuringSchedulingIgnoredDuringExecution");
	HNode *wt = hnode_new(h, H_MAP);
	hnode_set(h, wt, "weight", hnode_int(h, 100));
	hnode_set(h, wt, "preference", term);
	vec_push(&pref->items, wt);
	HNode *tsc = hnode_child_list(h, sv, "topologySpreadConstraints");
	HNode *c = hnode_new(h, H_MAP);
	hnode_set(h, c, "maxSkew", hnode_int(h, 1));
	hnode_set(h, c, "topologyKey", hnode_str(h, "eks.amazonaws.com/capacityType"));
	hnode_set(h, c, "whenUnsatisfiable", hnode_str(h, "ScheduleAnyway"));
	HNode *ls = hnode_child_map(h, c, "labelSelector");
	HNode *ml = hnode_child_map(h, ls, "matchLabels");
	hnode_set(h, ml, "infrac.dev/service", hnode_str(h, svc->name));
	vec_push(&tsc->items, c);
}

/* The surge the solver used, when the service does not set its own. */
static int64_t cluster_surge(const Object *svc)
{
	const Object *cl = obj_ref(svc, "cluster");
	const Object *cap = cl ? obj_ref(cl, "capacity") : NULL;
	return cap ? obj_int(cap, "surge") : 2500;
}

static HNode *service_values(Helm *h, SvcOut *so)
{
	const Object *svc = so->svc;
	Emit *o = h->o;
	const PlanWorkload *pw = plan_workload(h->m->plan, svc);
	/* Without a plan (never after a successful compile), the same
	 * arithmetic as the solver. */
	int64_t replicas = pw ? pw->replicas : obj_int(svc, "replicas");
	int64_t cpu_m = pw ? pw->cpu_m : obj_int(svc, "cpu");
	int64_t mem_bytes = obj_int(svc, "memory");
	int64_t mem_mib = pw ? pw->mem_mib : mem_bytes / MIB + (mem_bytes % MIB != 0);
	Value *surge = obj_get(svc, "surge");
	int64_t surge_bp = pw ? pw->surge_bp : surge->kind == V_QTY ? surge->i : cluster_surge(svc);
	Value *eni = obj_get(svc, "pod_eni");
	Value *sgs = obj_get(svc, "security_groups");
	bool pod_eni = pw ? pw->pod_eni : eni->kind == V_BOOL ? eni->i != 0 : value_has_items(sgs);

	HNode *sv = hnode_new(h, H_MAP);
	hnode_set(h, sv, "replicaCount", hnode_int(h, replicas));
	derive(so, H_INT, out_printf(o, "%lld", (long long)replicas), "replicas", "replicas",
	       (const char *const[]){"replicaCount", NULL});

	Value *image = obj_get(svc, "image");
	if (image->kind == V_STRING)
		put_image(h, sv, image->s);
	else if (image->kind == V_DEFERRED || image->kind == V_TEMPLATE)
		report_deferred(h, image);

	HNode *res = hnode_child_map(h, sv, "resources");
	HNode *req = hnode_child_map(h, res, "requests");
	const char *cpu = out_printf(o, "%lldm", (long long)cpu_m);
	const char *mem = out_printf(o, "%lldMi", (long long)mem_mib);
	hnode_set(h, req, "cpu", hnode_str(h, cpu));
	hnode_set(h, req, "memory", hnode_str(h, mem));
	derive(so, H_STR, cpu, "cpu", "cpu_request",
	       (const char *const[]){"resources", "requests", "cpu", NULL});
	derive(so, H_STR, mem, "memory", "memory_request",
	       (const char *const[]){"resources", "requests", "memory", NULL});
	bool equal = strcmp(obj_str(svc, "limits"), "requests") == 0;
	Value *cpu_limit = obj_get(svc, "cpu_limit"), *mem_limit = obj_get(svc, "memory_limit");
	if (equal || cpu_limit->kind == V_QTY || mem_limit->kind == V_QTY) {
		HNode *lim = hnode_child_map(h, res, "limits");
		if (cpu_limit->kind == V_QTY) {
			hnode_set(h, lim, "cpu", hnode_str(h, out_printf(o, "%lldm", (long long)cpu_limit->i)));
		} else if (equal) {
			hnode_set(h, lim, "cpu", hnode_str(h, cpu));
		}
		if (mem_limit->kind == V_QTY) {
			int64_t lim_mib = mem_limit->i / MIB + (mem_limit->i % MIB != 0);
			hnode_set(h, lim, "memory", hnode_str(h, out_printf(o, "%lldMi", (long long)lim_mib)));
		} else if (equal) {
			hnode_set(h, lim, "memory", hnode_str(h, mem));
		}
	}

	HNode *strat = hnode_child_map(h, sv, "strategy");
	hnode_set(h, strat, "type", hnode_str(h, "RollingUpdate"));
	HNode *ru = hnode_child_map(h, strat, "rollingUpdate");
	Buf t = {0};
	qty_format(DIM_PERCENT, surge_bp, &t);
	const char *surge_text = arena_strndup(o->arena, t.data, t.len);
	buf_free(&t);
	hnode_set(h, ru, "maxSurge", hnode_str(h, surge_text));
	hnode_set(h, ru, "maxUnavailable", hnode_int(h, surge_bp == 0 ? 1 : 0));
	derive(so, H_STR, surge_text, "surge", "max_surge",
	       (const char *const[]){"strategy", "rollingUpdate", "maxSurge", NULL});

	const char *sa = obj_str(svc, "service_account");
	HNode *acct = hnode_child_map(h, sv, "serviceAccount");
	hnode_set(h, acct, "create", hnode_bool(h, false));
	hnode_set(h, acct, "name", hnode_str(h, sa));
	derive(so, H_STR, sa, "service_account", "service_account",
	       (const char *const[]){"serviceAccount", "name", NULL});
	bool irsa;
	so->role = service_role(h, svc, &irsa);
	so->role_span = obj_attr_span(svc, "role");
	if (so->role && irsa) {
		Value *arn = obj_get(so->role, "arn");
		if (arn->kind == V_STRING) {
			HNode *ann = hnode_child_map(h, acct, "annotations");
			hnode_set(h, ann, "eks.amazonaws.com/role-arn", hnode_str(h, arn->s));
			derive(so, H_STR, arn->s, "role", NULL,
			       (const char *const[]){"serviceAccount", "annotations", "eks.amazonaws.com/role-arn", NULL});
		} else {
			report_deferred(h, arn);
		}
	}

	HNode *labels = hnode_child_map(h, sv, "podLabels");
	hnode_set(h, labels, "infrac.dev/service", hnode_str(h, svc->name));
	if (pod_eni)
		hnode_set(h, labels, "infrac.dev/security-groups", hnode_str(h, svc->name));
	if (sgs->n) {
		HNode *names = hnode_child_list(h, sv, "podSecurityGroups");
		for (uint32_t i = 0; i < sgs->n; i++)
			if (sgs->items[i]->kind == V_REF)
				vec_push(&names->items, hnode_str(h, obj_name(sgs->items[i]->obj)));
	}
	put_scheduling(h, sv, svc);
	return sv;
}

/* ---- after the merge ---- */

static const char *hnode_text(Helm *h, const HNode *n)
{
	switch (n->kind) {
	case H_STR: return arena_strndup(h->o->arena, n->s, n->len);
	case H_INT: return out_printf(h->o, "%lld", (long long)n->i);
	case H_BOOL: return n->i ? "true" : "false";
	case H_NULL: return "null";
	default: return NULL;
	}
}

/* Checks that the user's values left what infrac derived alone, and
 * records the facts from the final tree. */
static void service_verify(Helm *h, SvcOut *so, const HNode *top)
{
	const Object *svc = so->svc;
	const HNode *base = so->key ? hnode_get(h, top, so->key) : top;
	const HNode *base_user = so->key && base && base->user ? base : NULL;
	bool role_ok = true;
	for (size_t i = 0; i < so->nderived; i++) {
		Derived *d = &so->derived[i];
		const HNode *n = base, *user = base_user;
		Buf path = {0};
		if (so->key)
			buf_printf(&path, "%s.", so->key);
		for (size_t k = 0; k < d->depth; k++)
			buf_printf(&path, "%s%s", k ? "." : "", d->path[k]);
		for (size_t k = 0; k < d->depth; k++) {
			n = hnode_get(h, n, d->path[k]);
			if (!n)
				break;
			if (n->user)
				user = n;
		}
		const char *got = n && n->kind == d->kind ? hnode_text(h, n) : NULL;
		if (got && strcmp(got, d->text) == 0) {
			if (d->fact && strcmp(d->fact, "service_account") == 0)
				out_fact(h->o, svc->path, d->fact, svc->name_span, "%s/%s", svc_namespace(svc), got);
			else if (d->fact)
				out_fact(h->o, svc->path, d->fact, svc->name_span, "%s", got);
		} else {
			if (!d->fact)
				role_ok = false;
			Span at = user ? user->span : obj_attr_span(svc, "values");
			Diag *g = out_diag(h->o, CHK_CONFLICT, at, "`values` %s `%s`, which infrac writes from `%s` of service `%s`",
					   n ? "overrides" : "removes", buf_cstr(&path), d->field, svc->name);
			if (g)
				diag_help(&h->c->diags, g, "set `%s` on the service instead: %s", d->field,
					  strcmp(d->field, "service_account") == 0 || strcmp(d->field, "role") == 0
						  ? "the IAM trust relies on the generated value"
						  : "the capacity check relies on the generated value");
		}
		buf_free(&path);
	}
	if (so->role && role_ok)
		out_fact(h->o, out_printf(h->o, "%s/%s", svc_namespace(svc), obj_str(svc, "service_account")), "role",
			 so->role_span, "%s", so->role->path);
}

/* ---- releases ---- */

static void write_values(Helm *h, const char *name, const HNode *top)
{
	Buf *b = out_file(h->o, "helm/%s/values.yaml", name);
	YamlW w;
	yaml_init(&w, b);
	yaml_doc_start(&w);
	hnode_write(&w, top);
}

static void emit_release(Helm *h, const Object *rel)
{
	const char *name = obj_name(rel);
	const Vec *svcs = model_users(h->m, rel, "service", "release");
	Vec outs = {0};
	Map by_key = {0}; /* interned values key -> SvcOut* */
	HNode *top = hnode_new(h, H_MAP);
	for (size_t i = 0; i < svcs->len; i++) {
		const Object *svc = svcs->items[i];
		SvcOut *so = ARENA_NEW(h->o->arena, SvcOut);
		so->svc = svc;
		so->key = key_of(h, obj_str(svc, "values_key"));
		hnode_set(h, top, so->key, service_values(h, so));
		vec_push(&outs, so);
	}
	hnode_merge(top, user_values(h, rel));
	for (size_t k = 0; k < outs.len; k++) {
		SvcOut *so = outs.items[k];
		HNode *wrap = hnode_new(h, H_MAP);
		hnode_set(h, wrap, so->key, user_values(h, so->svc));
		hnode_merge(top, wrap);
		service_verify(h, so, top);
	}
	write_values(h, name, top);
	vec_free(&outs);
	map_free(&by_key);
}

static void emit_own_release(Helm *h, const Object *svc)
{
	SvcOut so = {0};
	so.svc = svc;
	HNode *top = service_values(h, &so);
	hnode_merge(top, user_values(h, svc));
	service_verify(h, &so, top);
	write_values(h, svc->name, top);
}

/* helm/helmfile.yaml: every release block with its chart, version,
 * namespace and values file, for `helmfile apply` (or a reader who wants
 * the `helm upgrade --install` line).  An oci:// chart becomes an OCI
 * repository named after its URL, the form every helmfile version reads;
 * REPO/NAME charts get their repository when `repository` gives its URL,
 * and otherwise rely on `helm repo add`.  Namespaces are not created:
 * k8s/namespaces.yaml holds them, with their Pod Security labels. */
static void write_helmfile(Helm *h)
{
	const Vec *rels = model_kind(h->m, "release");
	if (!rels->len)
		return;
	Vec names = {0}, urls = {0}, oci = {0}, by = {0};
	Map seen = {0}; /* interned repository name -> its index + 1 */
	const char **charts = arena_alloc(h->o->arena, rels->len * sizeof *charts);
	for (size_t i = 0; i < rels->len; i++) {
		const Object *rel = rels->items[i];
		const char *chart = obj_str(rel, "chart"), *repo = NULL, *url = NULL;
		Value *given = obj_get(rel, "repository");
		bool is_oci = strncmp(chart, "oci://", 6) == 0;
		bool named = !is_oci && strchr(chart, '/') && chart[0] != '.' && chart[0] != '/';
		charts[i] = chart;
		if (is_oci) {
			const char *slash = strrchr(chart + 6, '/');
			if (!slash || !slash[1])
				continue;
			url = out_printf(h->o, "%.*s", (int)(slash - chart - 6), chart + 6);
			Buf b = {0};
			for (const char *p = url; *p; p++)
				buf_putc(&b, isalnum((unsigned char)*p) ? *p : '-');
			repo = key_of(h, buf_cstr(&b));
			buf_free(&b);
			charts[i] = out_printf(h->o, "%s/%s", repo, slash + 1);
		} else if (given->kind == V_STRING && named) {
			repo = key_of(h, out_printf(h->o, "%.*s", (int)(strchr(chart, '/') - chart), chart));
			url = given->s;
		}
		if (given->kind == V_STRING && !named) {
			Diag *g = out_diag(h->o, CHK_CONFLICT, obj_attr_span(rel, "repository"),
					   "release `%s` sets `repository`, but its chart `%s` names no repository", rel->name,
					   chart);
			if (g)
				diag_help(&h->c->diags, g, "a repository goes with a chart written REPO/NAME; an oci:// "
							   "reference or a local path needs none");
		}
		if (!repo)
			continue;
		size_t at = (size_t)(uintptr_t)map_get(&seen, repo);
		if (at) {
			if (strcmp(url, urls.items[at - 1]) != 0) {
				const Object *other = by.items[at - 1];
				Diag *g = out_diag(h->o, CHK_CONFLICT, obj_attr_span(rel, is_oci ? "chart" : "repository"),
						   "releases `%s` and `%s` give the chart repository `%s` different URLs",
						   other->name, rel->name, repo);
				if (g)
					diag_note(&h->c->diags, g, other->name_span, "release `%s` is here", other->name);
			}
			continue;
		}
		map_put(&seen, repo, (void *)(uintptr_t)(names.len + 1));
		vec_push(&names, (void *)repo);
		vec_push(&urls, (void *)url);
		vec_push(&oci, is_oci ? (void *)rel : NULL);
		vec_push(&by, (void *)rel);
	}
	Buf *b = out_file(h->o, "helm/helmfile.yaml");
	YamlW w;
	yaml_init(&w, b);
	yaml_doc_start(&w);
	yaml_map_begin(&w);
	if (names.len) {
		yaml_key(&w, "repositories");
		yaml_seq_begin(&w);
		for (size_t i = 0; i < names.len; i++) {
			yaml_map_begin(&w);
			yaml_key(&w, "name");
			yaml_string(&w, names.items[i]);
			yaml_key(&w, "url");
			yaml_string(&w, urls.items[i]);
			if (oci.items[i]) {
				yaml_key(&w, "oci");
				yaml_bool(&w, true);
			}
			yaml_map_end(&w);
		}
		yaml_seq_end(&w);
	}
	yaml_key(&w, "releases");
	yaml_seq_begin(&w);
	for (size_t i = 0; i < rels->len; i++) {
		const Object *rel = rels->items[i];
		const char *name = obj_name(rel);
		Value *version = obj_get(rel, "version");
		yaml_map_begin(&w);
		yaml_key(&w, "name");
		yaml_string(&w, name);
		yaml_key(&w, "namespace");
		yaml_string(&w, obj_name(obj_ref(rel, "namespace")));
		yaml_key(&w, "createNamespace");
		yaml_bool(&w, false);
		yaml_key(&w, "chart");
		yaml_string(&w, charts[i]);
		if (version->kind == V_STRING) {
			yaml_key(&w, "version");
			yaml_string(&w, version->s);
		}
		yaml_key(&w, "values");
		yaml_seq_begin(&w);
		yaml_string(&w, out_printf(h->o, "%s/values.yaml", name));
		yaml_seq_end(&w);
		yaml_map_end(&w);
	}
	yaml_seq_end(&w);
	yaml_map_end(&w);
	vec_free(&names);
	vec_free(&urls);
	vec_free(&oci);
	vec_free(&by);
	map_free(&seen);
}

void emit_helm(Emit *o)
{
	/* The IAM documents and their checks (a service's role must trust
	 * its account), attributed to the IAM back end. */
	const char *running = o->emitter;
	o->emitter = "iam";
	iam_build(o);
	o->emitter = running;

	Helm h = {o, o->m, o->m->c, arena_new(), {0}};
	const Vec *rels = model_kind(o->m, "release");
	for (size_t i = 0; i < rels->len; i++) {
		emit_release(&h, rels->items[i]);
		hnode_free_all(&h);
		out_flush(o);
	}
	const Vec *svcs = model_kind(o->m, "service");
	for (size_t i = 0; i < svcs->len; i++)
		if (!obj_ref(svcs->items[i], "release")) {
			emit_own_release(&h, svcs->items[i]);
			hnode_free_all(&h);
			out_flush(o);
		}
	write_helmfile(&h);
	vec_free(&h.nodes);
	arena_free(h.scratch);
}

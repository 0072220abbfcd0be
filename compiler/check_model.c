/*
 * check_model.c: the rules across blocks, checked on the finished Model.
 *
 * check.c runs while the program may still hold errors, so it reads each
 * field with care; the rules here run once everything evaluated cleanly
 * and the solver has placed every service, and read the Model through
 * model.c like the back ends do.  They are the rules of the spec itself
 * (a rule that names its peer, a trust that covers the services of its
 * role, a limit no lower than its request), whatever gets written: the
 * back ends report only what their own output format cannot hold.  Each
 * area (networks, security groups, clusters, roles, services,
 * Kubernetes) is one function, run in the order of `rules`.
 */
#include "infrac.h"

#include <stdlib.h>
#include <string.h>

/* ---- network ---- */

/* How many addresses a rule's peer stands for: a CIDR block, or a subnet
 * tier's blocks; 0 when it names none. */
static uint32_t peer_cidrs(const Value *peer)
{
	if (peer->kind == V_CIDR)
		return 1;
	if (peer->kind == V_REF)
		return obj_get(peer->obj, "cidrs")->n;
	return 0;
}

/* A network ACL rule names its peer, and a rule for a subnet tier takes
 * one rule number per subnet, which no other rule may take. */
static void check_acl(Compiler *c, const Object *acl)
{
	for (int dir = 0; dir < 2; dir++) {
		const char *peer_field = dir ? "to" : "from";
		const Vec *rules = obj_blocks(acl, dir ? "outbound" : "inbound");
		Map numbers = {0};
		for (size_t r = 0; r < rules->len; r++) {
			const Object *rule = rules->items[r];
			int64_t number = strtoll(rule->name, NULL, 10);
			const Value *peer = obj_get(rule, peer_field);
			uint32_t n = peer_cidrs(peer);
			if (peer->kind != V_CIDR && peer->kind != V_REF) {
				Diag *g = compiler_diag(c, CHK_CONFLICT, rule->name_span, "ACL rule %s needs `%s`", rule->name,
							peer_field);
				diag_help(&c->diags, g, "name a CIDR block or a subnet tier");
			}
			for (uint32_t i = 0; i < n; i++) {
				int64_t num_i = number + (int64_t)i;
				const char *key = intern_cstr(&c->names, arena_printf(c->arena, "%lld", (long long)num_i));
				const Object *prev = map_get(&numbers, key);
				if (prev) {
					Diag *g = compiler_diag(c, CHK_CONFLICT, rule->name_span,
								"ACL rule %s expands to rule number %lld, which rule %s already uses",
								rule->name, (long long)num_i, prev->name);
					diag_help(&c->diags, g, "a rule for a subnet tier takes one number per subnet; "
								"leave room between rule numbers");
				}
				map_put(&numbers, key, (void *)rule);
			}
		}
		map_free(&numbers);
	}
}

/* A tier routed through NAT needs NAT, and NAT needs a public tier. */
static void check_network_nat(Compiler *c, const Object *net)
{
	const Vec *tiers = obj_blocks(net, "subnet");
	bool needs_nat = false, has_public = false;
	for (size_t t = 0; t < tiers->len; t++) {
		const char *route = obj_str(tiers->items[t], "route");
		needs_nat |= strcmp(route, "nat") == 0;
		has_public |= strcmp(route, "internet") == 0;
	}
	if (!needs_nat)
		return;
	if (strcmp(obj_str(net, "nat"), "none") == 0) {
		Diag *g = compiler_diag(c, CHK_CONFLICT, net->name_span,
					"network `%s` has a subnet tier routed through NAT but `nat = none`", net->name);
		diag_help(&c->diags, g, "set `nat = single` or `nat = per_zone`");
	} else if (!has_public) {
		Diag *g = compiler_diag(c, CHK_CONFLICT, net->name_span,
					"network `%s` needs NAT, which needs a subnet tier with `route = internet`", net->name);
		diag_help(&c->diags, g, "add `subnet public { cidrs = [...]  route = internet }`");
	}
}

static void check_networks(Compiler *c, const Model *m)
{
	const Vec *nets = model_kind(m, "network");
	for (size_t i = 0; i < nets->len; i++) {
		const Object *net = nets->items[i];
		check_network_nat(c, net);
		const Vec *acls = obj_blocks(net, "acl");
		for (size_t k = 0; k < acls->len; k++)
			check_acl(c, acls->items[k]);
	}
}

/* A security group rule names its peer. */
static void check_security_groups(Compiler *c, const Model *m)
{
	const Vec *sgs = model_kind(m, "security_group");
	for (size_t i = 0; i < sgs->len; i++)
		for (int dir = 0; dir < 2; dir++) {
			const Vec *rules = obj_blocks(sgs->items[i], dir ? "egress" : "ingress");
			for (size_t k = 0; k < rules->len; k++) {
				const Object *r = rules->items[k];
				if (obj_get(r, dir ? "to" : "from")->kind != V_NULL)
					continue;
				Diag *g = compiler_diag(c, CHK_CONFLICT, r->span, "a security group rule needs `%s`",
							dir ? "to" : "from");
				diag_help(&c->diags, g, "name a CIDR block, a security group or `self`");
			}
		}
}

/* ---- clusters ---- */

/* A public endpoint open to no address, and an add-on role with no
 * service account to associate it with. */
static void check_clusters(Compiler *c, const Model *m)
{
	const Vec *cls = model_kind(m, "cluster");
	for (size_t i = 0; i < cls->len; i++) {
		const Object *cl = cls->items[i];
		const Object *ep = obj_ref(cl, "endpoint");
		if (ep && obj_bool(ep, "public") && obj_get(ep, "public_cidrs")->kind == V_LIST &&
		    obj_get(ep, "public_cidrs")->n == 0) {
			Diag *g = compiler_diag(c, CHK_CONFLICT, obj_value_span(ep, "public_cidrs"),
						"cluster `%s` has a public endpoint that no address may reach", cl->name);
			diag_help(&c->diags, g, "list the sources in `public_cidrs`, or set `public = false` for a "
						"private endpoint only");
		}
		const Vec *addons = obj_blocks(cl, "addon");
		for (size_t k = 0; k < addons->len; k++) {
			const Object *a = addons->items[k];
			const char *ns;
			if (obj_get(a, "role")->kind == V_NULL || addon_account(a, &ns))
				continue;
			Diag *g = compiler_diag(c, CHK_CONFLICT, a->name_span,
						"add-on `%s` has a role but infrac does not know its service account", a->name);
			diag_help(&c->diags, g, "set `service_account = \"...\"` in the add-on");
		}
	}
}

/* ---- roles and their trusts ---- */

/* The role or user of the spec whose ARN a trust_account block names. */
static const Object *trusted_principal(const Model *m, const Object *t)
{
	return strcmp(t->kind->variant, "account") == 0 ? model_principal(m, obj_get(t, "principal")) : NULL;
}

/* Whether role from trusts target by ARN, directly or through other
 * roles; seen holds the roles already followed. */
static bool trusts_role(const Model *m, const Object *from, const Object *target, Vec *seen)
{
	if (from == target)
		return true;
	if (strcmp(from->kind->name, "role") != 0)
		return false;
	for (size_t i = 0; i < seen->len; i++)
		if (seen->items[i] == from)
			return false;
	vec_push(seen, (void *)from);
	const Vec *trusts = obj_blocks(from, "trust");
	for (size_t i = 0; i < trusts->len; i++) {
		const Object *p = trusted_principal(m, trusts->items[i]);
		if (p && p != from && trusts_role(m, p, target, seen))
			return true;
	}
	return false;
}

/* IAM accepts a trust policy only once the principals it names exist:
 * two roles that trust each other by ARN can never both be created. */
static void check_trust_cycles(Compiler *c, const Model *m, const Object *role)
{
	const Vec *trusts = obj_blocks(role, "trust");
	for (size_t i = 0; i < trusts->len; i++) {
		const Object *t = trusts->items[i];
		const Object *p = trusted_principal(m, t);
		if (!p || p == role)
			continue;
		Vec seen = {0};
		bool cycle = trusts_role(m, p, role, &seen);
		vec_free(&seen);
		if (!cycle)
			continue;
		bool direct = false;
		const Vec *back = obj_blocks(p, "trust");
		for (size_t k = 0; k < back->len; k++)
			direct |= trusted_principal(m, back->items[k]) == role;
		Diag *g = compiler_diag(c, CHK_CONFLICT, t->span, "role `%s` trusts role `%s` by ARN, and `%s` trusts `%s` %s",
					role->name, p->name, p->name, role->name, direct ? "back" : "through other roles");
		diag_help(&c->diags, g, "IAM accepts a trust policy only once the roles it names exist: leave `principal` "
					"unset in one of them to trust the account, and let the other role's policy allow "
					"sts:AssumeRole on it");
	}
}

/* Each trust says whom it trusts in a way IAM can write down. */
static void check_trusts(Compiler *c, const Model *m, const Object *role)
{
	const Vec *trusts = obj_blocks(role, "trust");
	if (trusts->len == 0) {
		Diag *g = compiler_diag(c, TYPE_MISSING_FIELD, role->name_span, "role `%s` trusts nobody", role->name);
		diag_help(&c->diags, g, "add a `trust` block, such as `trust account { account = \"...\" }`");
	}
	for (size_t i = 0; i < trusts->len; i++) {
		const Object *t = trusts->items[i];
		const char *v = t->kind->variant;
		if (strcmp(v, "github") == 0) {
			const Vec *providers = model_kind(m, "oidc_provider");
			if (!model_github_provider(m, t) && providers->len > 1) {
				Diag *g = compiler_diag(c, CHK_CONFLICT, t->name_span,
							"role `%s` trusts GitHub Actions without naming one of the %zu OIDC providers",
							role->name, providers->len);
				diag_help(&c->diags, g, "set `provider = oidc_provider.NAME` in the trust");
			}
			continue;
		}
		if (strcmp(v, "service") == 0) {
			/* The trust policy names each service as text. */
			const Value *svcs = obj_get(t, "services");
			for (uint32_t k = 0; k < svcs->n; k++)
				if (svcs->items[k]->kind != V_STRING) {
					Diag *g = compiler_diag(c, TYPE_DEFERRED, obj_value_span(t, "services"),
								"a service principal of role `%s` is known only after "
								"`terraform apply`", role->name);
					diag_help(&c->diags, g, "name the service, such as \"ec2.amazonaws.com\"");
					break;
				}
			continue;
		}
		if (strcmp(v, "irsa") != 0 && strcmp(v, "pod_identity") != 0)
			continue;
		const TrustAccount *acc;
		const Object *cl = obj_ref(t, "cluster");
		if (model_trust_accounts(m, role, t, &acc) == 0) {
			Diag *g;
			if (cl) {
				g = compiler_diag(c, CHK_CONFLICT, t->name_span,
						  "role `%s` trusts service accounts of cluster `%s`, but no service uses the role",
						  role->name, cl->name);
				diag_help(&c->diags, g, "set `namespace` and `service_account` in the trust, or `role = "
							"role.%s` on a service", role->name);
			} else {
				/* No service of this spec runs in a cluster made elsewhere. */
				g = compiler_diag(c, CHK_CONFLICT, t->name_span,
						  "role `%s` trusts service accounts of a cluster made outside this spec, but "
						  "names none", role->name);
				diag_help(&c->diags, g, "set `namespace` and `service_account` in the trust");
			}
		} else if (strcmp(v, "irsa") == 0 && obj_get(t, "cluster")->kind != V_REF) {
			/* The issuer comes from the cluster's (or the typed
			 * cluster's) identity, which a name does not give. */
			Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(t, "cluster"),
						"an IRSA trust needs the OIDC issuer of its cluster, which a cluster name does "
						"not give");
			diag_help(&c->diags, g, "declare `data aws_eks_cluster NAME { name = \"...\" }` and write "
						"`cluster = data.aws_eks_cluster.NAME`");
		}
	}
}

/* Whether a workload trust names its service account, rather than
 * covering those of the services that use the role. */
static bool names_account(const Object *t)
{
	return obj_get(t, "namespace")->kind != V_NULL && obj_get(t, "service_account")->kind == V_STRING;
}

/* A service account of a cluster gets one role: EKS keeps one Pod
 * Identity association per account (the add-ons' own associations and
 * those of the roles' pod_identity trusts), and IRSA's annotation on the
 * account names one role ARN. */
static void check_account_roles(Compiler *c, const Model *m)
{
	Map first = {0}, reported = {0}; /* "variant cluster ns/sa" -> the add-on or trust that names it first */
	const Vec *cls = model_kind(m, "cluster");
	for (size_t i = 0; i < cls->len; i++) {
		const Object *cl = cls->items[i];
		const Vec *addons = obj_blocks(cl, "addon");
		for (size_t k = 0; k < addons->len; k++) {
			const Object *a = addons->items[k];
			const char *ns, *sa = obj_ref(a, "role") ? addon_account(a, &ns) : NULL;
			if (!sa || !ns)
				continue;
			const char *key = intern_cstr(&c->names, arena_printf(c->arena, "pod_identity %s %s/%s", cl->path, ns, sa));
			if (!map_get(&first, key))
				map_put(&first, key, (void *)a);
		}
	}
	const Vec *roles = model_kind(m, "role");
	for (size_t i = 0; i < roles->len; i++) {
		const Object *role = roles->items[i];
		const Vec *trusts = obj_blocks(role, "trust");
		for (size_t k = 0; k < trusts->len; k++) {
			const Object *t = trusts->items[k];
			bool irsa = strcmp(t->kind->variant, "irsa") == 0;
			if (!irsa && strcmp(t->kind->variant, "pod_identity") != 0)
				continue;
			/* A cluster made elsewhere is told apart by what names it. */
			const Value *cv = obj_get(t, "cluster");
			const char *cl = cv->kind == V_REF ? cv->obj->path : cv->kind == V_STRING ? cv->s : "";
			const TrustAccount *acc;
			size_t n = model_trust_accounts(m, role, t, &acc);
			for (size_t j = 0; j < n; j++) {
				const char *key = intern_cstr(&c->names, arena_printf(c->arena, "%s %s %s/%s", t->kind->variant, cl,
										      acc[j].ns, acc[j].sa));
				const Object *prev = map_get(&first, key);
				if (!prev) {
					map_put(&first, key, (void *)t);
					continue;
				}
				bool addon = strcmp(prev->kind->name, "addon") == 0;
				const Object *other = addon ? obj_ref(prev, "role") : prev->parent;
				/* Two trusts that cover the accounts of the services that
				 * use their roles: services that share an account but not
				 * a role, which check_shared_accounts reports. */
				if (other == role || map_get(&reported, key) || (!addon && !names_account(prev) && !names_account(t)))
					continue;
				map_put(&reported, key, (void *)key);
				Diag *g = compiler_diag(c, CHK_CONFLICT, t->name_span,
							"service account `%s/%s` of cluster `%s` would have two %s roles, `%s` and `%s`",
							acc[j].ns, acc[j].sa, cv->kind == V_REF ? cv->obj->name : cl,
							irsa ? "IRSA" : "Pod Identity", other->name, role->name);
				if (addon)
					diag_note(&c->diags, g, prev->name_span, "add-on `%s` associates it with role `%s`",
						  prev->name, other->name);
				else
					diag_note(&c->diags, g, prev->name_span, "role `%s` trusts it here", other->name);
				diag_help(&c->diags, g, "%s: trust it from one role, or give one of the workloads its own service "
							"account", irsa ? "the account's `eks.amazonaws.com/role-arn` annotation names one role"
									: "EKS associates one role with a service account");
			}
		}
	}
	map_free(&first);
	map_free(&reported);
}

static void check_roles(Compiler *c, const Model *m)
{
	const Vec *roles = model_kind(m, "role");
	for (size_t i = 0; i < roles->len; i++) {
		check_trusts(c, m, roles->items[i]);
		check_trust_cycles(c, m, roles->items[i]);
	}
	check_account_roles(c, m);
}

/* ---- services and releases ---- */

/* Services that run as one service account get one IAM role: the
 * account carries it for every pod, so the pods of both would get the
 * same AWS credentials. */
static void check_shared_accounts(Compiler *c, const Model *m)
{
	Map first = {0}; /* interned "ns/sa" -> the first service that runs as it */
	const Vec *svcs = model_kind(m, "service");
	for (size_t i = 0; i < svcs->len; i++) {
		const Object *svc = svcs->items[i];
		const char *ns = svc_namespace(svc), *sa = obj_str(svc, "service_account");
		const char *key = intern_cstr(&c->names, arena_printf(c->arena, "%s/%s", ns, sa));
		const Object *prev = map_get(&first, key);
		if (!prev) {
			map_put(&first, key, (void *)svc);
			continue;
		}
		const Object *role = obj_ref(svc, "role"), *prole = obj_ref(prev, "role");
		if (role == prole)
			continue;
		Diag *g = compiler_diag(c, CHK_CONFLICT, obj_field_span(svc, role ? "role" : "service_account"),
					"services `%s` and `%s` share service account `%s/%s` but not an IAM role", prev->name,
					svc->name, ns, sa);
		diag_note(&c->diags, g, prev->name_span, "service `%s` uses %s", prev->name,
			  prole ? arena_printf(c->arena, "role `%s`", prole->name) : "no role");
		diag_help(&c->diags, g, "the pods of both would get the same AWS credentials; give them the same "
					"`role`, or one of them its own `service_account`");
	}
	map_free(&first);
}

/* Every service that uses a role must be covered by one of the role's
 * irsa or pod_identity trusts, or its pods could not assume the role. */
static void check_service_role(Compiler *c, const Model *m, const Object *svc)
{
	const Object *role = obj_ref(svc, "role");
	if (!role)
		return;
	const char *ns = svc_namespace(svc), *sa = obj_str(svc, "service_account");
	if (model_trust_covering(m, role, obj_ref(svc, "cluster"), ns, sa, NULL))
		return;
	const Vec *trusts = obj_blocks(role, "trust");
	const Object *first = NULL;
	for (size_t t = 0; t < trusts->len && !first; t++) {
		const Object *tr = trusts->items[t];
		if (strcmp(tr->kind->variant, "irsa") == 0 || strcmp(tr->kind->variant, "pod_identity") == 0)
			first = tr;
	}
	Span at = obj_attr_span(svc, "role");
	if (!first) {
		Diag *g = compiler_diag(c, CHK_CONFLICT, at, "service `%s` uses role `%s`, which trusts no Kubernetes "
							"service account", svc->name, role->name);
		diag_help(&c->diags, g, "add `trust pod_identity { cluster = cluster.NAME }` (or `trust irsa`) to role `%s`",
			  role->name);
	} else {
		Diag *g = compiler_diag(c, CHK_CONFLICT, at, "service `%s` runs as `%s/%s`, which role `%s` does not trust",
					svc->name, ns, sa, role->name);
		diag_note(&c->diags, g, first->span, "the role's trust is declared here");
		diag_help(&c->diags, g, "leave `namespace` and `service_account` out of the trust to trust every "
					"service that uses the role, or set the service's `service_account`");
	}
}

/* Where a service's surge comes from: its own, its cluster's capacity
 * block, else the cluster. */
static Span surge_span(const Object *svc)
{
	if (obj_written(svc, "surge"))
		return obj_attr_span(svc, "surge");
	const Object *cl = obj_ref(svc, "cluster");
	const Object *cap = cl ? obj_ref(cl, "capacity") : NULL;
	if (cap && obj_written(cap, "surge"))
		return obj_attr_span(cap, "surge");
	return cl ? cl->name_span : svc->name_span;
}

/* What Kubernetes refuses in a Deployment: a limit below its request, a
 * surge that is not a whole percent; and settings that contradict each
 * other. */
static void check_service_pods(Compiler *c, const Model *m, const Object *svc)
{
	const Value *cpu_limit = obj_get(svc, "cpu_limit"), *mem_limit = obj_get(svc, "memory_limit");
	if (cpu_limit->kind == V_QTY && cpu_limit->i < obj_int(svc, "cpu")) {
		Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(svc, "cpu_limit"),
					"cpu limit `%lldm` of service `%s` is below its request `%lldm`", (long long)cpu_limit->i,
					svc->name, (long long)obj_int(svc, "cpu"));
		diag_help(&c->diags, g, "Kubernetes rejects a limit below the request; raise `cpu_limit` or lower `cpu`");
	}
	if (mem_limit->kind == V_QTY && mem_limit->i < obj_int(svc, "memory")) {
		Buf a = {0}, b = {0};
		qty_format(DIM_MEMORY, mem_limit->i, &a);
		qty_format(DIM_MEMORY, obj_int(svc, "memory"), &b);
		Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(svc, "memory_limit"),
					"memory limit `%s` of service `%s` is below its request `%s`", buf_cstr(&a), svc->name,
					buf_cstr(&b));
		diag_help(&c->diags, g, "Kubernetes rejects a limit below the request; raise `memory_limit` or lower "
					"`memory`");
		buf_free(&a);
		buf_free(&b);
	}
	const PlanWorkload *pw = plan_workload(m->plan, svc);
	if (pw && pw->surge_bp % 100 != 0) {
		Buf t = {0};
		qty_format(DIM_PERCENT, pw->surge_bp, &t);
		Diag *g = compiler_diag(c, TYPE_NOT_WHOLE, surge_span(svc),
					"rollout surge `%s` of service `%s` is not a whole percent, which Kubernetes needs for "
					"`maxSurge`", buf_cstr(&t), svc->name);
		diag_help(&c->diags, g, "write `%lld%%` or `%lld%%`", (long long)(pw->surge_bp / 100),
			  (long long)(pw->surge_bp / 100 + 1));
		buf_free(&t);
	}
	const Value *eni = obj_get(svc, "pod_eni");
	if (value_has_items(obj_get(svc, "security_groups")) && eni->kind == V_BOOL && !eni->i) {
		Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(svc, "pod_eni"),
					"service `%s` has security groups but `pod_eni = false`", svc->name);
		diag_note(&c->diags, g, obj_attr_span(svc, "security_groups"), "security groups set here");
		diag_help(&c->diags, g, "security groups for pods need a branch ENI per pod: remove `pod_eni = false`, or "
					"the security groups");
	}
	const Object *pin = obj_ref(svc, "pool");
	if (pin && strcmp(obj_str(svc, "spot"), "avoid") == 0 && strcmp(obj_str(pin, "capacity"), "spot") == 0) {
		Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(svc, "spot"),
					"service `%s` avoids spot nodes but is pinned to spot pool `%s`", svc->name, pin->name);
		diag_note(&c->diags, g, obj_attr_span(svc, "pool"), "pinned here");
		diag_help(&c->diags, g, "pin it to an on-demand pool, or remove `spot = avoid`");
	}
}

/* The services of a release: one values key each, in the release's
 * namespace, since Helm installs a release into one. */
static void check_release(Compiler *c, const Model *m, const Object *rel)
{
	const Vec *svcs = model_users(m, rel, "service", "release");
	Map by_key = {0}; /* interned values key -> the first service with it */
	for (size_t i = 0; i < svcs->len; i++) {
		const Object *svc = svcs->items[i];
		const char *key = intern_cstr(&c->names, obj_str(svc, "values_key"));
		const Object *other = map_get(&by_key, key);
		if (other) {
			Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(svc, "values_key"),
						"services `%s` and `%s` of release `%s` both use the values key `%s`",
						other->name, svc->name, rel->name, key);
			diag_note(&c->diags, g, other->name_span, "the other service is here");
			diag_help(&c->diags, g, "set `values_key` on one of them");
			continue;
		}
		map_put(&by_key, key, (void *)svc);
		const Object *own_ns = obj_ref(svc, "namespace"), *rel_ns = obj_ref(rel, "namespace");
		if (own_ns && rel_ns && own_ns != rel_ns) {
			Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(svc, "namespace"),
						"service `%s` is in namespace `%s`, but its release `%s` installs into `%s`",
						svc->name, obj_name(own_ns), rel->name, obj_name(rel_ns));
			diag_help(&c->diags, g, "Helm installs a release into one namespace; remove the service's "
						"`namespace` or move it to another release");
		}
	}
	map_free(&by_key);
}

static void check_services(Compiler *c, const Model *m)
{
	const Vec *svcs = model_kind(m, "service");
	for (size_t i = 0; i < svcs->len; i++) {
		check_service_role(c, m, svcs->items[i]);
		check_service_pods(c, m, svcs->items[i]);
	}
	check_shared_accounts(c, m);
	const Vec *rels = model_kind(m, "release");
	for (size_t i = 0; i < rels->len; i++)
		check_release(c, m, rels->items[i]);
}

/* ---- Kubernetes ---- */

/* Labels infrac writes on every namespace, and network policy rules
 * that a policy's `types` leave without effect. */
static void check_kubernetes(Compiler *c, const Model *m)
{
	const Vec *nss = model_kind(m, "namespace");
	for (size_t i = 0; i < nss->len; i++) {
		const Object *ns = nss->items[i];
		const Value *labels = obj_get(ns, "labels");
		for (uint32_t k = 0; labels->kind == V_MAP && k < labels->n; k++) {
			const char *key = labels->keys[k];
			if (strcmp(key, "app.kubernetes.io/managed-by") != 0 && !str_has_prefix(key, "pod-security.kubernetes.io/"))
				continue;
			Diag *g = compiler_diag(c, CHK_CONFLICT, obj_field_span(ns, "labels"),
						"label `%s` of namespace `%s` is written by infrac", key, obj_name(ns));
			diag_help(&c->diags, g, "set Pod Security levels with `pss`, `pss_warn` and `pss_audit`");
		}
	}
	const Vec *nps = model_kind(m, "network_policy");
	for (size_t i = 0; i < nps->len; i++) {
		const Object *np = nps->items[i];
		const Value *types = obj_get(np, "types");
		static const char *const dirs[] = {"ingress", "egress"};
		for (size_t d = 0; d < COUNT_OF(dirs); d++) {
			const Vec *rules = obj_blocks(np, dirs[d]);
			bool on = false;
			for (uint32_t k = 0; k < types->n; k++)
				on |= (types->items[k]->kind == V_SYMBOL || types->items[k]->kind == V_STRING) &&
				      strcmp(types->items[k]->s, dirs[d]) == 0;
			if (!rules->len || on)
				continue;
			const Object *first = rules->items[0];
			Diag *g = compiler_diag(c, CHK_CONFLICT, first->name_span,
						"`%s` rules of network policy `%s` have no effect unless `types` includes `%s`",
						dirs[d], np->name, dirs[d]);
			diag_help(&c->diags, g, "add `%s` to `types`", dirs[d]);
		}
	}
}

static void (*const rules[])(Compiler *c, const Model *m) = {
	check_networks, check_security_groups, check_clusters, check_roles, check_services, check_kubernetes,
};

void check_model(Compiler *c)
{
	for (size_t i = 0; i < COUNT_OF(rules); i++)
		rules[i](c, c->model);
}

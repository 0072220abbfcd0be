/*
 * cluster.c: the lowering of EKS clusters into terraform/cluster.tf: the
 * control plane with its role and logs (unless the cluster is adopted),
 * the OIDC provider for IRSA, the node groups with the sizes and types
 * the capacity solver settled, add-ons, access entries (the spec's and
 * the teams'), and the API's VPC endpoint.  The roles of the control
 * plane and the nodes go to terraform/iam.tf.
 */
#include "lower.h"

#include <string.h>

/* An enum member of the spec and the value AWS names it by. */
typedef struct Name {
	const char *spec, *aws;
} Name;

static const char *aws_name(const Name *names, size_t n, const char *spec)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i].spec, spec) == 0)
			return names[i].aws;
	return names[n - 1].aws; /* the last row is the default */
}

static const Name access_policies[] = {
	{"cluster_admin", "AmazonEKSClusterAdminPolicy"}, {"admin", "AmazonEKSAdminPolicy"},
	{"edit", "AmazonEKSEditPolicy"}, {"view", "AmazonEKSViewPolicy"},
};
static const Name ami_types[] = {
	{"al2023_arm64", "AL2023_ARM_64_STANDARD"}, {"bottlerocket_x86_64", "BOTTLEROCKET_x86_64"},
	{"bottlerocket_arm64", "BOTTLEROCKET_ARM_64"}, {"al2023_x86_64", "AL2023_x86_64_STANDARD"},
};
static const Name taint_effects[] = {
	{"no_execute", "NO_EXECUTE"}, {"prefer_no_schedule", "PREFER_NO_SCHEDULE"}, {"no_schedule", "NO_SCHEDULE"},
};
static const Name auth_modes[] = {
	{"api", "API"}, {"config_map", "CONFIG_MAP"}, {"api_and_config_map", "API_AND_CONFIG_MAP"},
};
static const Name conflicts[] = {{"overwrite", "OVERWRITE"}, {"preserve", "PRESERVE"}, {"none", "NONE"}};

static Value *aws_policy(Lower *l, const char *name)
{
	return lower_string(l, arena_printf(l->c->arena, "arn:%s:iam::aws:policy/%s",
					    obj_str(l->m->environment, "partition"), name));
}

/* role_SUFFIX: the role's attachment of policy_arn, in iam.tf. */
static Object *attach(Lower *l, Object *role, const char *role_suffix, const char *suffix, Value *policy_arn)
{
	Object *at = lower_resource_for(l, l->owner, "iam", "aws_iam_role_policy_attachment",
				       arena_printf(l->c->arena, "%s_%s", role_suffix, suffix));
	lower_set(l, at, "role", lower_ref(l, role, "name"));
	lower_set(l, at, "policy_arn", policy_arn);
	return at;
}

/* The CIDR blocks (or other values) of a list, as strings. */
static Value *text_list(Lower *l, const Value *list)
{
	Value **items = ARENA_ARRAY(l->c->arena, Value *, list->n ? list->n : 1);
	for (uint32_t i = 0; i < list->n; i++) {
		Buf t = {0};
		value_to_text(list->items[i], &t);
		items[i] = lower_string(l, buf_cstr(&t));
		buf_free(&t);
	}
	return lower_list(l, items, list->n);
}

/* The control plane, after its role's policy and its log group. */
static void control_plane(Lower *l, const Object *cl, Object *role, Object *role_policy, Object *logs_group)
{
	const Value *logs = obj_get(cl, "logs");
	Object *eks = lower_resource(l, "aws_eks_cluster", NULL);
	lower_set(l, eks, "name", obj_get(cl, "name"));
	lower_set(l, eks, "role_arn", lower_ref(l, role, "arn"));
	lower_set(l, eks, "version", obj_get(cl, "version"));
	if (logs->n) {
		Value **types = ARENA_ARRAY(l->c->arena, Value *, logs->n);
		for (uint32_t i = 0; i < logs->n; i++)
			types[i] = lower_string(l, strcmp(logs->items[i]->s, "controller_manager") == 0 ? "controllerManager"
												 : logs->items[i]->s);
		lower_set(l, eks, "enabled_cluster_log_types", lower_list(l, types, logs->n));
	}
	/* Without an endpoint block, the block's defaults: public from
	 * 0.0.0.0/0 and private.  The CIDRs are always written: the
	 * attribute is optional and computed, so leaving it out (or writing
	 * []) would keep whatever the cluster has, and lifting a restriction
	 * would change nothing. */
	const Object *ep = obj_ref(cl, "endpoint");
	Object *vpc = lower_block(l, eks, "vpc_config");
	lower_set(l, vpc, "subnet_ids", lower_ids(l, obj_get(cl, "subnets")));
	const Value *sgs = obj_get(cl, "security_groups");
	if (value_has_items(sgs))
		lower_set(l, vpc, "security_group_ids", lower_ids(l, sgs));
	bool pub = ep ? obj_bool(ep, "public") : true;
	lower_set(l, vpc, "endpoint_private_access", lower_bool(l, ep ? obj_bool(ep, "private") : true));
	lower_set(l, vpc, "endpoint_public_access", lower_bool(l, pub));
	if (pub) {
		Value *anywhere = lower_string(l, "0.0.0.0/0");
		lower_set(l, vpc, "public_access_cidrs", ep ? text_list(l, obj_get(ep, "public_cidrs")) : lower_list(l, &anywhere, 1));
	}
	Object *access = lower_block(l, eks, "access_config");
	lower_set(l, access, "authentication_mode",
		  lower_string(l, aws_name(auth_modes, COUNT_OF(auth_modes), obj_str(cl, "auth"))));
	lower_set(l, access, "bootstrap_cluster_creator_admin_permissions", lower_bool(l, false));
	const Value *key = obj_get(cl, "secrets_key");
	if (key->kind != V_NULL) {
		Object *enc = lower_block(l, eks, "encryption_config");
		Value *secrets = lower_string(l, "secrets");
		lower_set(l, enc, "resources", lower_list(l, &secrets, 1));
		lower_set(l, lower_block(l, enc, "provider"), "key_arn", lower_thing(l, key, "arn"));
	}
	Value *deps[2] = {lower_block_ref(l, role_policy), logs_group ? lower_block_ref(l, logs_group) : NULL};
	lower_set(l, eks, "depends_on", lower_list(l, deps, logs_group ? 2 : 1));
}

/* A launch template, for extra security groups or IMDSv2; it then also
 * carries the root volume. */
static Object *launch_template(Lower *l, const Object *cl, const Object *pool, const char *ami, const char *base)
{
	const Value *sgs = obj_get(pool, "security_groups");
	Object *lt = lower_resource_for(l, pool, NULL, "aws_launch_template", NULL);
	lower_set(l, lt, "name", lower_string(l, arena_printf(l->c->arena, "%s-%s", obj_name(cl), obj_name(pool))));
	lower_set(l, lt, "update_default_version", lower_bool(l, true));
	if (value_has_items(sgs)) {
		/* EKS leaves the cluster security group out when the template
		 * names groups: it is listed first. */
		Vec ids = {0};
		vec_push(&ids, (void *)arena_printf(l->c->arena, "%s.vpc_config[0].cluster_security_group_id", base));
		lower_set(l, lt, "vpc_security_group_ids", lower_expr(l, tf_id_list(l->c->arena, &ids, sgs)));
	}
	Object *dev = lower_block(l, lt, "block_device_mappings");
	lower_set(l, dev, "device_name", lower_string(l, strncmp(ami, "bottlerocket", 12) == 0 ? "/dev/xvdb" : "/dev/xvda"));
	Object *ebs = lower_block(l, dev, "ebs");
	lower_set(l, ebs, "volume_size", lower_int(l, obj_int(pool, "disk") >> 30));
	lower_set(l, ebs, "volume_type", lower_string(l, "gp3"));
	lower_set(l, ebs, "encrypted", lower_string(l, "true"));
	lower_set(l, ebs, "delete_on_termination", lower_string(l, "true"));
	if (obj_bool(pool, "imdsv2")) {
		Object *md = lower_block(l, lt, "metadata_options");
		lower_set(l, md, "http_endpoint", lower_string(l, "enabled"));
		lower_set(l, md, "http_tokens", lower_string(l, "required"));
		lower_set(l, md, "http_put_response_hop_limit", lower_int(l, obj_int(pool, "imds_hop_limit")));
	}
	return lt;
}

/* A managed node group with the size and type the solver settled, after
 * the node role's policies. */
static Object *node_group(Lower *l, const Object *cl, const Object *pool, Object *nrole, Object **node_deps,
			  const char *base)
{
	Arena *a = l->c->arena;
	PlanPool *pp = plan_pool(l->m->plan, pool);
	const char *ami = pp ? pp->ami : "al2023_x86_64";
	bool lt = value_has_items(obj_get(pool, "security_groups")) || obj_bool(pool, "imdsv2");
	Object *tmpl = lt ? launch_template(l, cl, pool, ami, base) : NULL;
	Object *ng = lower_resource_for(l, pool, NULL, "aws_eks_node_group", NULL);
	lower_set(l, ng, "cluster_name", lower_expr(l, arena_printf(a, "%s.name", base)));
	lower_set(l, ng, "node_group_name", lower_string(l, arena_printf(a, "%s-%s", obj_name(cl), obj_name(pool))));
	lower_set(l, ng, "node_role_arn", lower_ref(l, nrole, "arn"));
	/* The pool's subnets, else the cluster's for nodes, else the control
	 * plane's. */
	const Value *nodes = obj_get(pool, "subnets");
	if (nodes->kind == V_NULL)
		nodes = obj_get(cl, "node_subnets");
	if (nodes->kind == V_NULL)
		nodes = obj_get(cl, "subnets");
	lower_set(l, ng, "subnet_ids", lower_ids(l, nodes));
	Value *type = lower_string(l, pp ? pp->type->name : obj_str(pool, "instance"));
	lower_set(l, ng, "instance_types", lower_list(l, &type, 1));
	lower_set(l, ng, "ami_type", lower_string(l, aws_name(ami_types, COUNT_OF(ami_types), ami)));
	lower_set(l, ng, "capacity_type", lower_string(l, strcmp(obj_str(pool, "capacity"), "spot") == 0 ? "SPOT" : "ON_DEMAND"));
	if (!lt)
		lower_set(l, ng, "disk_size", lower_int(l, obj_int(pool, "disk") >> 30));
	Value *labels = obj_get(pool, "labels");
	if (labels->n)
		lower_set(l, ng, "labels", labels);
	Object *scaling = lower_block(l, ng, "scaling_config");
	lower_set(l, scaling, "min_size", lower_int(l, obj_int(pool, "min")));
	lower_set(l, scaling, "desired_size", lower_int(l, pp ? pp->desired : obj_int(pool, "min")));
	lower_set(l, scaling, "max_size", lower_int(l, obj_int(pool, "max")));
	if (tmpl) {
		Object *use = lower_block(l, ng, "launch_template");
		lower_set(l, use, "id", lower_ref(l, tmpl, "id"));
		lower_set(l, use, "version", lower_ref(l, tmpl, "latest_version"));
	}
	lower_set(l, lower_block(l, ng, "update_config"), "max_unavailable", lower_int(l, obj_int(pool, "max_unavailable")));
	const Vec *taints = obj_blocks(pool, "taint");
	for (size_t t = 0; t < taints->len; t++) {
		const Object *ta = taints->items[t];
		Object *b = lower_block(l, ng, "taint");
		lower_set(l, b, "key", obj_get(ta, "key"));
		if (*obj_str(ta, "value"))
			lower_set(l, b, "value", obj_get(ta, "value"));
		lower_set(l, b, "effect",
			  lower_string(l, aws_name(taint_effects, COUNT_OF(taint_effects), obj_str(ta, "effect"))));
	}
	Value *deps[3] = {lower_block_ref(l, node_deps[0]), lower_block_ref(l, node_deps[1]), lower_block_ref(l, node_deps[2])};
	lower_set(l, ng, "depends_on", lower_list(l, deps, 3));
	return ng;
}

/* An add-on, after the node groups it runs on; the VPC CNI configured
 * for pod security groups and network policies. */
static void addon(Lower *l, const Object *cl, const Object *a, const char *base, const Vec *node_groups)
{
	bool sgp = obj_bool(cl, "pod_security_groups"), netpol = obj_bool(cl, "network_policies");
	Object *r = lower_resource_for(l, a, NULL, "aws_eks_addon", NULL);
	lower_set(l, r, "cluster_name", lower_expr(l, arena_printf(l->c->arena, "%s.name", base)));
	lower_set(l, r, "addon_name", lower_string(l, a->name));
	Value *ver = obj_get(a, "version");
	if (ver->kind != V_NULL)
		lower_set(l, r, "addon_version", ver);
	lower_set(l, r, "resolve_conflicts_on_update",
		  lower_string(l, aws_name(conflicts, COUNT_OF(conflicts), obj_str(a, "conflicts"))));
	if (strcmp(a->name, "vpc-cni") == 0 && (sgp || netpol)) {
		Buf cfg = {0};
		buf_puts(&cfg, "{");
		if (sgp)
			buf_puts(&cfg, "\"env\":{\"ENABLE_POD_ENI\":\"true\"}");
		if (netpol)
			buf_printf(&cfg, "%s\"enableNetworkPolicy\":\"true\"", sgp ? "," : "");
		buf_puts(&cfg, "}");
		lower_set(l, r, "configuration_values", lower_string(l, buf_cstr(&cfg)));
		buf_free(&cfg);
	}
	const Value *role = obj_get(a, "role");
	const char *ns, *account = role->kind != V_NULL ? addon_account(a, &ns) : NULL;
	if (account) {
		Object *p = lower_block(l, r, "pod_identity_association");
		lower_set(l, p, "role_arn", lower_thing(l, role, "arn"));
		lower_set(l, p, "service_account", lower_string(l, account));
	}
	if (node_groups->len)
		lower_set(l, r, "depends_on", lower_list(l, (Value **)node_groups->items, (uint32_t)node_groups->len));
}

/* An access entry and its policy, for the whole cluster or some
 * namespaces. */
static void access_entry(Lower *l, const Object *a, const char *base)
{
	Arena *arena = l->c->arena;
	Value *principal = lower_thing(l, obj_get(a, "principal"), "arn");
	Object *e = lower_resource_for(l, a, NULL, "aws_eks_access_entry", NULL);
	lower_set(l, e, "cluster_name", lower_expr(l, arena_printf(arena, "%s.name", base)));
	lower_set(l, e, "principal_arn", principal);
	lower_set(l, e, "type", lower_string(l, "STANDARD"));
	Value *groups = obj_get(a, "groups");
	if (groups->n)
		lower_set(l, e, "kubernetes_groups", groups);
	Object *p = lower_resource_for(l, a, NULL, "aws_eks_access_policy_association", NULL);
	lower_set(l, p, "cluster_name", lower_expr(l, arena_printf(arena, "%s.name", base)));
	lower_set(l, p, "principal_arn", principal);
	lower_set(l, p, "policy_arn",
		  lower_string(l, arena_printf(arena, "arn:%s:eks::aws:cluster-access-policy/%s",
					       obj_str(l->m->environment, "partition"),
					       aws_name(access_policies, COUNT_OF(access_policies), obj_str(a, "policy")))));
	const Value *nss = obj_get(a, "namespaces");
	Object *scope = lower_block(l, p, "access_scope");
	lower_set(l, scope, "type", lower_string(l, nss->n ? "namespace" : "cluster"));
	if (nss->n) {
		Value **names = ARENA_ARRAY(arena, Value *, nss->n);
		for (uint32_t k = 0; k < nss->n; k++)
			names[k] = lower_string(l, obj_name(nss->items[k]->obj));
		lower_set(l, scope, "namespaces", lower_list(l, names, nss->n));
	}
	Value *after = lower_block_ref(l, e);
	lower_set(l, p, "depends_on", lower_list(l, &after, 1));
}

/* The capacity guardrail restated for Terraform: after apply, the
 * counted node groups' desired sizes times what a node offers must hold
 * the rollout peak the solver required. */
static void capacity_check(Lower *l, const Object *cl)
{
	Arena *a = l->c->arena;
	const Plan *p = l->m->plan;
	const PlanCluster *pc = NULL;
	for (size_t i = 0; p && i < p->clusters.len && !pc; i++)
		if (((const PlanCluster *)p->clusters.items[i])->cluster == cl)
			pc = p->clusters.items[i];
	if (!pc)
		return;
	Buf cpu = {0}, mem = {0};
	size_t counted = 0;
	for (size_t j = 0; j < pc->pools.len; j++) {
		const PlanPool *pp = pc->pools.items[j];
		if (!pp->counted)
			continue;
		const char *d = arena_printf(a, "%saws_eks_node_group.%s.scaling_config[0].desired_size",
					     obj_adopted(pp->pool) ? "data." : "", tf_name(a, pp->pool));
		buf_printf(&cpu, "%s%s * %lld", counted ? " + " : "", d, (long long)pp->node.cpu_m);
		buf_printf(&mem, "%s%s * %lld", counted ? " + " : "", d, (long long)pp->node.mem_mib);
		counted++;
	}
	if (counted) {
		LowRes *check = lower_check(l, "capacity", arena_printf(a, "%s_capacity", tf_name(a, cl)));
		lower_assert(check, lower_expr(l, arena_printf(a, "%s >= %lld", buf_cstr(&cpu), (long long)pc->required.cpu_m)),
			     lower_string(l, arena_printf(a, "Cluster %s needs %lldm cpu at rollout peak (services plus reserve); "
							     "its counted node groups offer less.",
							     obj_name(cl), (long long)pc->required.cpu_m)));
		lower_assert(check, lower_expr(l, arena_printf(a, "%s >= %lld", buf_cstr(&mem), (long long)pc->required.mem_mib)),
			     lower_string(l, arena_printf(a, "Cluster %s needs %lldMi memory at rollout peak (services plus "
							     "reserve); its counted node groups offer less.",
							     obj_name(cl), (long long)pc->required.mem_mib)));
	}
	buf_free(&cpu);
	buf_free(&mem);
}

void lower_cluster_cluster(Lower *l, const Object *cl)
{
	Arena *a = l->c->arena;
	const char *name = obj_name(cl), *n = tf_name(a, cl), *base = tf_cluster_base(a, cl);
	/* A cluster adopted (`existing`) keeps its control plane; infrac
	 * adds the node groups, add-ons and access entries. */
	const Value *own = obj_adopted(cl);
	lower_output(l, arena_printf(a, "cluster_%s_name", n), lower_own(l, "name"), false);
	lower_output(l, arena_printf(a, "cluster_%s_endpoint", n), lower_own(l, "endpoint_url"), false);
	Object *role = NULL, *role_policy = NULL;
	if (!own) {
		role = lower_resource_for(l, l->owner, "iam", "aws_iam_role", "cluster");
		lower_set(l, role, "name", obj_get(cl, "role_name"));
		lower_set_doc(l, role, "assume_role_policy", "cluster-trust");
		role_policy = attach(l, role, "cluster", "cluster", aws_policy(l, "AmazonEKSClusterPolicy"));
		if (obj_bool(cl, "pod_security_groups"))
			attach(l, role, "cluster", "vpc_resource_controller", aws_policy(l, "AmazonEKSVPCResourceController"));
	}
	Object *nrole = NULL, *node_deps[3] = {NULL, NULL, NULL};
	if (cluster_makes_nodes(cl)) {
		nrole = lower_resource_for(l, l->owner, "iam", "aws_iam_role", "node");
		lower_set(l, nrole, "name", obj_get(cl, "node_role_name"));
		lower_set_doc(l, nrole, "assume_role_policy", "node-trust");
		node_deps[0] = attach(l, nrole, "node", "worker", aws_policy(l, "AmazonEKSWorkerNodePolicy"));
		node_deps[1] = attach(l, nrole, "node", "cni", aws_policy(l, "AmazonEKS_CNI_Policy"));
		node_deps[2] = attach(l, nrole, "node", "ecr", aws_policy(l, "AmazonEC2ContainerRegistryReadOnly"));
		const Value *npols = obj_get(cl, "node_policies");
		for (uint32_t i = 0; i < npols->n; i++)
			attach(l, nrole, "node", arena_printf(a, "%u", i), lower_thing(l, npols->items[i], "arn"));
	}
	Object *logs_group = NULL;
	if (obj_get(cl, "logs")->n) {
		const Value *keep = obj_get(cl, "log_retention");
		lower_retention_ok(l->c, keep->i / 86400, obj_value_span(cl, "log_retention"));
		logs_group = lower_resource(l, "aws_cloudwatch_log_group", NULL);
		lower_set(l, logs_group, "name", lower_string(l, arena_printf(a, "/aws/eks/%s/cluster", name)));
		lower_set(l, logs_group, "retention_in_days", lower_int(l, keep->i / 86400));
		const Value *key = obj_get(cl, "secrets_key");
		if (key->kind != V_NULL)
			lower_set(l, logs_group, "kms_key_id", lower_thing(l, key, "arn"));
	}
	if (!own) {
		control_plane(l, cl, role, role_policy, logs_group);
	} else if (own->kind != V_REF) {
		/* Read by its name, for the attributes the rest needs. */
		Object *d = lower_data(l, "aws_eks_cluster", NULL);
		lower_set(l, d, "name", (Value *)own);
	}
	/* IRSA: the cluster's OIDC issuer as an IAM identity provider (an
	 * adopted cluster has its own: its ARN is made from the issuer, as
	 * IAM names it), and its id for the trust policies that name it. */
	if (!own && obj_bool(cl, "irsa")) {
		Object *p = lower_resource(l, "aws_iam_openid_connect_provider", NULL);
		lower_set(l, p, "url", lower_expr(l, arena_printf(a, "%s.identity[0].oidc[0].issuer", base)));
		Value *sts = lower_string(l, "sts.amazonaws.com");
		lower_set(l, p, "client_id_list", lower_list(l, &sts, 1));
	}
	if (own || obj_bool(cl, "irsa")) {
		const char *local = tf_oidc_local(a, lower_block_ref(l, cl));
		lower_local(l, "cluster", local,
			    lower_expr(l, arena_printf(a, "element(split(\"/\", %s.identity[0].oidc[0].issuer), 4)", base)));
		if (own)
			lower_local(l, "cluster", arena_printf(a, "%s_oidc_provider_arn", n),
				    lower_expr(l, arena_printf(a, "\"arn:%s:iam::%s:oidc-provider/oidc.eks.%s.amazonaws.com/id/${local.%s}\"",
							       obj_str(l->m->environment, "partition"),
							       obj_str(l->m->environment, "account"),
							       obj_str(l->m->environment, "region"), local)));
	}
	/* Node groups; those an adopted cluster has already are read, for
	 * their outputs and the capacity check. */
	Vec node_groups = {0};
	const Vec *pools = obj_blocks(cl, "pool");
	for (size_t i = 0; i < pools->len; i++) {
		const Object *pool = pools->items[i];
		const Value *adopted = obj_adopted(pool);
		if (adopted) {
			Object *d = lower_data_for(l, pool, "aws_eks_node_group");
			lower_set(l, d, "cluster_name", lower_expr(l, arena_printf(a, "%s.name", base)));
			lower_set(l, d, "node_group_name", (Value *)adopted);
			continue;
		}
		vec_push(&node_groups, lower_block_ref(l, node_group(l, cl, pool, nrole, node_deps, base)));
	}
	const Vec *addons = obj_blocks(cl, "addon");
	for (size_t i = 0; i < addons->len; i++)
		addon(l, cl, addons->items[i], base, &node_groups);
	vec_free(&node_groups);
	const Vec *access = obj_blocks(cl, "access");
	for (size_t i = 0; i < access->len; i++)
		access_entry(l, access->items[i], base);
	/* Teams: their IAM role joins their Kubernetes group. */
	const Vec *teams = model_kind(l->m, "team");
	for (size_t i = 0; i < teams->len; i++) {
		const Object *t = teams->items[i];
		const Value *trole = obj_get(t, "role");
		if (trole->kind == V_NULL)
			continue;
		Object *e = lower_resource(l, "aws_eks_access_entry", arena_printf(a, "team_%s", tf_name(a, t)));
		lower_set(l, e, "cluster_name", lower_expr(l, arena_printf(a, "%s.name", base)));
		lower_set(l, e, "principal_arn", lower_thing(l, trole, "arn"));
		lower_set(l, e, "type", lower_string(l, "STANDARD"));
		Value *group = obj_get(t, "group");
		lower_set(l, e, "kubernetes_groups", lower_list(l, &group, 1));
	}
	if (obj_bool(cl, "vpc_endpoint")) {
		Object *e = lower_resource(l, "aws_vpc_endpoint", "eks");
		lower_set(l, e, "vpc_id", lower_thing(l, obj_get(cl, "network"), "id"));
		lower_set(l, e, "service_name",
			  lower_string(l, arena_printf(a, "com.amazonaws.%s.eks", obj_str(l->m->environment, "region"))));
		lower_set(l, e, "vpc_endpoint_type", lower_string(l, "Interface"));
		lower_set(l, e, "subnet_ids", lower_ids(l, obj_get(cl, "subnets")));
		lower_set(l, e, "security_group_ids",
			  lower_expr(l, arena_printf(a, "[%s.vpc_config[0].cluster_security_group_id]", base)));
		lower_set(l, e, "private_dns_enabled", lower_bool(l, true));
		lower_set(l, e, "tags", lower_name_tag(l, arena_printf(a, "%s-eks", name)));
	}
	capacity_check(l, cl);
}

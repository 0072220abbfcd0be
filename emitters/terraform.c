/*
 * terraform.c: Terraform HCL for the AWS resources of the Model.
 *
 * One root module, with the hashicorp/aws provider only, split by area:
 * versions.tf, network.tf, cluster.tf, iam.tf, data.tf, registry.tf,
 * ops.tf, extra.tf (raw resources), capacity.tf (check blocks restating
 * the capacity guardrail) and outputs.tf.  Every file is written through
 * runtime/hcl.c, which lays it out as `terraform fmt` does, and every
 * resource is written out explicitly (no count or for_each over
 * generated maps), so a change to the spec shows up as a readable diff.
 *
 * Resource names come from block paths (cluster.eks.pool.spot becomes
 * eks_spot, see compiler/names.c, which also checks that no two blocks of
 * a kind share one); a name made here from another (a cluster's role,
 * eks_cluster) that meets a block's is an error too.
 * IAM policies are the documents of iam.c, embedded as heredocs whose
 * text Terraform reads back as exactly the bytes of the files in iam/.
 */
#include "emit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct TfFile {
	const char *name;
	Buf *buf;
	HclW w;
	bool any;
} TfFile;

typedef struct Tf {
	Emit *o;
	const Model *m;
	TfFile files[12];
	size_t nfiles;
	Map used;            /* "type.name" -> Object*, for collisions */
	Map outputs;         /* interned output name -> the block it is written for */
	const char *partition, *region, *account;
	Buf t;               /* scratch */
} Tf;

/* ---- files and writers ---- */

static HclW *tf_file(Tf *tf, const char *name)
{
	for (size_t i = 0; i < tf->nfiles; i++)
		if (strcmp(tf->files[i].name, name) == 0) {
			TfFile *f = &tf->files[i];
			if (f->any)
				hcl_blank(&f->w);
			f->any = true;
			return &f->w;
		}
	if (tf->nfiles == COUNT_OF(tf->files))
		fatal("internal error: too many Terraform files");
	TfFile *f = &tf->files[tf->nfiles++];
	f->name = name;
	f->buf = out_file(tf->o, "terraform/%s.tf", name);
	hcl_init(&f->w, f->buf);
	f->any = true;
	return &f->w;
}

/* `resource "type" "name" {` in the file of its area. */
static HclW *resource(Tf *tf, const char *file, const char *type, const char *name, const Object *owner)
{
	const char *key = intern_cstr(&tf->m->c->names, out_printf(tf->o, "%s.%s", type, name));
	Object *prev = map_get(&tf->used, key);
	if (prev && prev != owner && owner) {
		Diag *g = out_diag(tf->o, OUT_NAME, owner->name_span, "%s and %s both become Terraform resource `%s`",
				   prev->path, owner->path, key);
		diag_note(&tf->m->c->diags, g, prev->name_span, "the other block is here");
	}
	if (!prev)
		map_put(&tf->used, key, (void *)owner);
	HclW *w = tf_file(tf, file);
	hcl_block_begin(w, out_printf(tf->o, "resource \"%s\" \"%s\"", type, name));
	return w;
}

static HclW *data_source(Tf *tf, const char *file, const char *type, const char *name)
{
	HclW *w = tf_file(tf, file);
	hcl_block_begin(w, out_printf(tf->o, "data \"%s\" \"%s\"", type, name));
	return w;
}

static const char *lit(Tf *tf, const char *s)
{
	Buf b = {0};
	hcl_string(&b, s, strlen(s));
	const char *r = arena_strndup(tf->o->arena, b.data, b.len);
	buf_free(&b);
	return r;
}

static const char *num(Tf *tf, int64_t v)
{
	return out_printf(tf->o, "%lld", (long long)v);
}

static const char *boolean(bool v)
{
	return v ? "true" : "false";
}

static const char *str_expr(Tf *tf, const Value *v)
{
	Buf b = {0};
	tf_string(tf->o->arena, &b, v);
	const char *r = arena_strndup(tf->o->arena, b.data, b.len);
	buf_free(&b);
	return r;
}

static const char *field_str(Tf *tf, const Object *o, const char *field)
{
	return str_expr(tf, obj_get(o, field));
}

/* ["a", "b"] from a list of strings (or any scalars). */
static const char *str_list(Tf *tf, const Value *l)
{
	Buf b = {0};
	buf_putc(&b, '[');
	for (uint32_t i = 0; l && i < l->n; i++) {
		if (i)
			buf_puts(&b, ", ");
		tf_string(tf->o->arena, &b, l->items[i]);
	}
	buf_putc(&b, ']');
	const char *r = arena_strndup(tf->o->arena, b.data, b.len);
	buf_free(&b);
	return r;
}

/* [a.x.id, b.y.id] from expressions. */
/* ---- things a field names ---- */

/* The ARN of the KMS key a field names, or NULL when it is unset. */
static const char *key_arn(Tf *tf, const Object *o, const char *field)
{
	const Value *v = obj_get(o, field);
	return v->kind == V_NULL ? NULL : tf_thing(tf->o->arena, v, "arn");
}

static const char *key_expr(Tf *tf, const char *k)
{
	return hcl_ident_ok(k) && !strchr(k, '-') ? k : lit(tf, k);
}

/* tags = { ... } from string pairs, in order, with Name first when given. */
static void put_tags(Tf *tf, HclW *w, const char *name, const Value *extra)
{
	if (!name && (!extra || extra->n == 0))
		return;
	hcl_object_begin(w, "tags");
	if (name)
		hcl_attr(w, "Name", lit(tf, name));
	for (uint32_t i = 0; extra && i < extra->n; i++)
		hcl_attr(w, key_expr(tf, extra->keys[i]), str_expr(tf, extra->items[i]));
	hcl_object_end(w);
}

static void put_map(Tf *tf, HclW *w, const char *attr, const Value *m)
{
	if (!m || m->n == 0)
		return;
	hcl_object_begin(w, attr);
	for (uint32_t i = 0; i < m->n; i++)
		hcl_attr(w, key_expr(tf, m->keys[i]), str_expr(tf, m->items[i]));
	hcl_object_end(w);
}

static void put_iam(Tf *tf, HclW *w, const char *attr, const Object *owner, const char *purpose)
{
	const IamDoc *d = iam_find(tf->o, owner, purpose);
	if (!d)
		fatal("internal error: no %s IAM document for %s", purpose, owner->path);
	Buf t = {0};
	iam_text_heredoc(d, &t);
	hcl_attr_heredoc(w, attr, buf_cstr(&t));
	buf_free(&t);
}

static int64_t days(const Object *o, const char *field)
{
	return obj_int(o, field) / 86400;
}

static const char *arn_policy(Tf *tf, const char *name)
{
	return out_printf(tf->o, "arn:%s:iam::aws:policy/%s", tf->partition, name);
}

static void attach_policy(Tf *tf, const char *file, const char *role_res, const char *suffix, const char *arn_expr,
			  const Object *owner)
{
	HclW *w = resource(tf, file, "aws_iam_role_policy_attachment", out_printf(tf->o, "%s_%s", role_res, suffix),
			   owner);
	hcl_attr(w, "role", out_printf(tf->o, "aws_iam_role.%s.name", role_res));
	hcl_attr(w, "policy_arn", arn_expr);
	hcl_block_end(w);
}

static Span value_span(const Object *o, const char *field)
{
	Value *v = obj_get(o, field);
	return v->span.end ? v->span : o->name_span;
}

/* ---- environment ---- */

/* provider "aws" { ... }: the environment's configuration, or another one
 * under an alias. */
static void aws_provider(Tf *tf, HclW *w, const char *alias, const char *region)
{
	Object *env = tf->m->environment;
	hcl_block_begin(w, "provider \"aws\"");
	if (alias)
		hcl_attr(w, "alias", lit(tf, alias));
	hcl_attr(w, "region", region);
	hcl_attr(w, "allowed_account_ids", out_printf(tf->o, "[%s]", field_str(tf, env, "account")));
	hcl_blank(w);
	hcl_block_begin(w, "default_tags");
	hcl_object_begin(w, "tags");
	Value *tags = obj_get(env, "tags");
	bool has_env = false;
	for (uint32_t i = 0; i < tags->n; i++)
		has_env |= strcmp(tags->keys[i], "infrac/environment") == 0;
	if (!has_env)
		hcl_attr(w, "\"infrac/environment\"", lit(tf, env->name));
	for (uint32_t i = 0; i < tags->n; i++)
		hcl_attr(w, key_expr(tf, tags->keys[i]), str_expr(tf, tags->items[i]));
	hcl_object_end(w);
	hcl_block_end(w);
	hcl_block_end(w);
}

static void emit_versions(Tf *tf)
{
	Object *env = tf->m->environment;
	HclW *w = tf_file(tf, "versions");
	hcl_block_begin(w, "terraform");
	hcl_attr(w, "required_version", field_str(tf, env, "terraform_version"));
	hcl_blank(w);
	hcl_block_begin(w, "required_providers");
	hcl_object_begin(w, "aws");
	hcl_attr(w, "source", "\"hashicorp/aws\"");
	/* The provider the resources were checked against, unless the
	 * environment asks for other versions. */
	const char *version = provider_version(tf->m->c, "aws", NULL);
	if (obj_written(env, "aws_provider_version"))
		hcl_attr(w, "version", field_str(tf, env, "aws_provider_version"));
	else
		hcl_attr(w, "version", lit(tf, version ? version : "~> 5.100"));
	hcl_object_end(w);
	hcl_block_end(w);
	hcl_block_end(w);
	hcl_blank(w);
	aws_provider(tf, w, NULL, field_str(tf, env, "region"));
	/* The other configurations of the provider: another region, with
	 * the same account guard and tags. */
	const Vec *extra = model_kind(tf->m, "provider");
	for (size_t i = 0; i < extra->len; i++) {
		hcl_blank(w);
		aws_provider(tf, w, obj_name(extra->items[i]), field_str(tf, extra->items[i], "region"));
	}
}

/* ---- network ---- */

/* ---- clusters ---- */

static const char *access_policy_arn(Tf *tf, const char *policy)
{
	const char *name = strcmp(policy, "cluster_admin") == 0 ? "AmazonEKSClusterAdminPolicy"
			 : strcmp(policy, "admin") == 0 ? "AmazonEKSAdminPolicy"
			 : strcmp(policy, "edit") == 0 ? "AmazonEKSEditPolicy" : "AmazonEKSViewPolicy";
	return out_printf(tf->o, "\"arn:%s:eks::aws:cluster-access-policy/%s\"", tf->partition, name);
}

static const char *ami_type(const char *ami)
{
	if (strcmp(ami, "al2023_arm64") == 0)
		return "\"AL2023_ARM_64_STANDARD\"";
	if (strcmp(ami, "bottlerocket_x86_64") == 0)
		return "\"BOTTLEROCKET_x86_64\"";
	if (strcmp(ami, "bottlerocket_arm64") == 0)
		return "\"BOTTLEROCKET_ARM_64\"";
	return "\"AL2023_x86_64_STANDARD\"";
}

static const char *taint_effect(const char *e)
{
	return strcmp(e, "no_execute") == 0 ? "\"NO_EXECUTE\"" : strcmp(e, "prefer_no_schedule") == 0 ? "\"PREFER_NO_SCHEDULE\"" : "\"NO_SCHEDULE\"";
}

/* The control plane of a cluster infrac makes. */
static void emit_node_role(Tf *tf, const Object *cl, const char *nrole, const Value *npols)
{
	HclW *w = resource(tf, "iam", "aws_iam_role", nrole, cl);
	hcl_attr(w, "name", field_str(tf, cl, "node_role_name"));
	put_iam(tf, w, "assume_role_policy", cl, "node-trust");
	hcl_block_end(w);
	attach_policy(tf, "iam", nrole, "worker", lit(tf, arn_policy(tf, "AmazonEKSWorkerNodePolicy")), cl);
	attach_policy(tf, "iam", nrole, "cni", lit(tf, arn_policy(tf, "AmazonEKS_CNI_Policy")), cl);
	attach_policy(tf, "iam", nrole, "ecr", lit(tf, arn_policy(tf, "AmazonEC2ContainerRegistryReadOnly")), cl);
	for (uint32_t i = 0; i < npols->n; i++)
		attach_policy(tf, "iam", nrole, out_printf(tf->o, "%u", i), tf_thing(tf->o->arena, npols->items[i], "arn"), cl);
}

static void emit_eks(Tf *tf, const Object *cl, const char *role, const Value *logs)
{
	const char *n = tf_name(tf->o->arena, cl);
	HclW *w = resource(tf, "cluster", "aws_eks_cluster", n, cl);
	hcl_attr(w, "name", field_str(tf, cl, "name"));
	hcl_attr(w, "role_arn", out_printf(tf->o, "aws_iam_role.%s.arn", role));
	hcl_attr(w, "version", field_str(tf, cl, "version"));
	if (logs->n) {
		Buf l = {0};
		buf_putc(&l, '[');
		for (uint32_t i = 0; i < logs->n; i++) {
			const char *t = logs->items[i]->s;
			buf_printf(&l, "%s\"%s\"", i ? ", " : "", strcmp(t, "controller_manager") == 0 ? "controllerManager" : t);
		}
		buf_putc(&l, ']');
		hcl_attr(w, "enabled_cluster_log_types", buf_cstr(&l));
		buf_free(&l);
	}
	hcl_blank(w);
	Object *ep = obj_ref(cl, "endpoint");
	hcl_block_begin(w, "vpc_config");
	hcl_attr(w, "subnet_ids", tf_id_list(tf->o->arena, &(Vec){0}, obj_get(cl, "subnets")));
	Value *cl_sgs = obj_get(cl, "security_groups");
	if (value_has_items(cl_sgs))
		hcl_attr(w, "security_group_ids", tf_id_list(tf->o->arena, &(Vec){0}, cl_sgs));
	/* Without an endpoint block, the block's defaults: public from
	 * 0.0.0.0/0 and private.  The CIDRs are always written: the
	 * attribute is optional and computed, so leaving it out (or writing
	 * []) would keep whatever the cluster has, and lifting a restriction
	 * would change nothing. */
	bool pub = ep ? obj_bool(ep, "public") : true;
	hcl_attr(w, "endpoint_private_access", boolean(ep ? obj_bool(ep, "private") : true));
	hcl_attr(w, "endpoint_public_access", boolean(pub));
	if (pub) {
		const Value *cidrs = ep ? obj_get(ep, "public_cidrs") : NULL;
		hcl_attr(w, "public_access_cidrs", cidrs ? str_list(tf, cidrs) : "[\"0.0.0.0/0\"]");
	}
	hcl_block_end(w);
	hcl_blank(w);
	const char *auth = obj_str(cl, "auth");
	hcl_block_begin(w, "access_config");
	hcl_attr(w, "authentication_mode", strcmp(auth, "api") == 0 ? "\"API\"" : strcmp(auth, "config_map") == 0 ? "\"CONFIG_MAP\"" : "\"API_AND_CONFIG_MAP\"");
	hcl_attr(w, "bootstrap_cluster_creator_admin_permissions", "false");
	hcl_block_end(w);
	const char *key = key_arn(tf, cl, "secrets_key");
	if (key) {
		hcl_blank(w);
		hcl_block_begin(w, "encryption_config");
		hcl_attr(w, "resources", "[\"secrets\"]");
		hcl_blank(w);
		hcl_block_begin(w, "provider");
		hcl_attr(w, "key_arn", key);
		hcl_block_end(w);
		hcl_block_end(w);
	}
	hcl_blank(w);
	Buf deps = {0};
	buf_printf(&deps, "[aws_iam_role_policy_attachment.%s_cluster", role);
	if (logs->n)
		buf_printf(&deps, ", aws_cloudwatch_log_group.%s", n);
	buf_putc(&deps, ']');
	hcl_attr(w, "depends_on", buf_cstr(&deps));
	buf_free(&deps);
	hcl_block_end(w);
}

static void emit_cluster(Tf *tf, const Object *cl)
{
	const char *n = tf_name(tf->o->arena, cl);
	const char *name = obj_name(cl);
	bool sgp = obj_bool(cl, "pod_security_groups");
	/* A cluster adopted (`existing`) keeps its control plane; infrac
	 * adds the node groups, add-ons and access entries written here. */
	const Value *own = obj_adopted(cl);
	const char *base = tf_cluster_base(tf->o->arena, cl);
	const Vec *pools = obj_blocks(cl, "pool");
	/* The control plane's role. */
	const char *role = out_printf(tf->o, "%s_cluster", n);
	HclW *w;
	if (!own) {
		w = resource(tf, "iam", "aws_iam_role", role, cl);
		hcl_attr(w, "name", field_str(tf, cl, "role_name"));
		put_iam(tf, w, "assume_role_policy", cl, "cluster-trust");
		hcl_block_end(w);
		attach_policy(tf, "iam", role, "cluster", lit(tf, arn_policy(tf, "AmazonEKSClusterPolicy")), cl);
		if (sgp)
			attach_policy(tf, "iam", role, "vpc_resource_controller", lit(tf, arn_policy(tf, "AmazonEKSVPCResourceController")), cl);
	}
	/* The nodes' role. */
	const char *nrole = out_printf(tf->o, "%s_node", n);
	Value *npols = obj_get(cl, "node_policies");
	if (cluster_makes_nodes(cl))
		emit_node_role(tf, cl, nrole, npols);
	/* Control plane logs. */
	Value *logs = obj_get(cl, "logs");
	if (logs->n) {
		int64_t keep = days(cl, "log_retention");
		lower_retention_ok(tf->m->c, keep, value_span(cl, "log_retention"));
		w = resource(tf, "cluster", "aws_cloudwatch_log_group", n, cl);
		hcl_attr(w, "name", lit(tf, out_printf(tf->o, "/aws/eks/%s/cluster", name)));
		hcl_attr(w, "retention_in_days", num(tf, keep));
		const char *key = key_arn(tf, cl, "secrets_key");
		if (key)
			hcl_attr(w, "kms_key_id", key);
		hcl_block_end(w);
	}
	if (!own) {
		emit_eks(tf, cl, role, logs);
	} else if (own->kind != V_REF) {
		/* Read by its name, for the attributes the rest needs. */
		w = data_source(tf, "cluster", "aws_eks_cluster", n);
		hcl_attr(w, "name", str_expr(tf, own));
		hcl_block_end(w);
	}
	/* IRSA: the cluster's OIDC issuer as an IAM identity provider, and
	 * its id for the trust policies that name it. */
	/* An adopted cluster has its provider already: its ARN is made from
	 * the issuer, as IAM names it. */
	if (!own && obj_bool(cl, "irsa")) {
		w = resource(tf, "cluster", "aws_iam_openid_connect_provider", n, cl);
		hcl_attr(w, "url", out_printf(tf->o, "%s.identity[0].oidc[0].issuer", base));
		hcl_attr(w, "client_id_list", "[\"sts.amazonaws.com\"]");
		hcl_block_end(w);
	}
	if (own || obj_bool(cl, "irsa")) {
		const char *local = tf_oidc_local(tf->o->arena, &(Value){.kind = V_REF, .obj = (Object *)cl});
		w = tf_file(tf, "cluster");
		hcl_block_begin(w, "locals");
		hcl_attr(w, local, out_printf(tf->o, "element(split(\"/\", %s.identity[0].oidc[0].issuer), 4)", base));
		if (own)
			hcl_attr(w, out_printf(tf->o, "%s_oidc_provider_arn", n),
				 out_printf(tf->o, "\"arn:%s:iam::%s:oidc-provider/oidc.eks.%s.amazonaws.com/id/${local.%s}\"",
					    tf->partition, tf->account, tf->region, local));
		hcl_block_end(w);
	}
	/* Node groups, with the sizes and types the capacity solver settled;
	 * those an adopted cluster has already are only counted. */
	Vec ng = {0};
	for (size_t i = 0; i < pools->len; i++) {
		Object *pool = pools->items[i];
		if (obj_adopted(pool)) {
			/* Read, for its outputs and the capacity check. */
			w = data_source(tf, "cluster", "aws_eks_node_group", tf_name(tf->o->arena, pool));
			hcl_attr(w, "cluster_name", out_printf(tf->o, "%s.name", base));
			hcl_attr(w, "node_group_name", str_expr(tf, obj_adopted(pool)));
			hcl_block_end(w);
			continue;
		}
		PlanPool *pp = plan_pool(tf->m->plan, pool);
		const char *pn = tf_name(tf->o->arena, pool);
		const char *ami = pp ? pp->ami : "al2023_x86_64";
		vec_push(&ng, (void *)out_printf(tf->o, "aws_eks_node_group.%s", pn));
		/* Extra security groups and IMDSv2 need a launch template, which
		 * then also carries the root volume. */
		Value *node_sgs = obj_get(pool, "security_groups");
		bool lt = value_has_items(node_sgs) || obj_bool(pool, "imdsv2");
		if (lt) {
			w = resource(tf, "cluster", "aws_launch_template", pn, pool);
			hcl_attr(w, "name", lit(tf, out_printf(tf->o, "%s-%s", name, obj_name(pool))));
			hcl_attr(w, "update_default_version", "true");
			if (value_has_items(node_sgs)) {
				/* EKS leaves the cluster security group out when the
				 * template names groups: it is listed first. */
				Vec ids = {0};
				vec_push(&ids, (void *)out_printf(tf->o, "%s.vpc_config[0].cluster_security_group_id", base));
				hcl_attr(w, "vpc_security_group_ids", tf_id_list(tf->o->arena, &ids, node_sgs));
			}
			hcl_blank(w);
			hcl_block_begin(w, "block_device_mappings");
			hcl_attr(w, "device_name", strncmp(ami, "bottlerocket", 12) == 0 ? "\"/dev/xvdb\"" : "\"/dev/xvda\"");
			hcl_blank(w);
			hcl_block_begin(w, "ebs");
			hcl_attr(w, "volume_size", num(tf, obj_int(pool, "disk") >> 30));
			hcl_attr(w, "volume_type", "\"gp3\"");
			hcl_attr(w, "encrypted", "true");
			hcl_attr(w, "delete_on_termination", "true");
			hcl_block_end(w);
			hcl_block_end(w);
			if (obj_bool(pool, "imdsv2")) {
				hcl_blank(w);
				hcl_block_begin(w, "metadata_options");
				hcl_attr(w, "http_endpoint", "\"enabled\"");
				hcl_attr(w, "http_tokens", "\"required\"");
				hcl_attr(w, "http_put_response_hop_limit", num(tf, obj_int(pool, "imds_hop_limit")));
				hcl_block_end(w);
			}
			hcl_block_end(w);
		}
		w = resource(tf, "cluster", "aws_eks_node_group", pn, pool);
		hcl_attr(w, "cluster_name", out_printf(tf->o, "%s.name", base));
		hcl_attr(w, "node_group_name", lit(tf, out_printf(tf->o, "%s-%s", name, obj_name(pool))));
		hcl_attr(w, "node_role_arn", out_printf(tf->o, "aws_iam_role.%s.arn", nrole));
		/* The pool's subnets, else the cluster's for nodes, else the
		 * control plane's. */
		Value *nodes = obj_get(pool, "subnets");
		if (nodes->kind == V_NULL)
			nodes = obj_get(cl, "node_subnets");
		if (nodes->kind == V_NULL)
			nodes = obj_get(cl, "subnets");
		hcl_attr(w, "subnet_ids", tf_id_list(tf->o->arena, &(Vec){0}, nodes));
		hcl_attr(w, "instance_types", out_printf(tf->o, "[\"%s\"]", pp ? pp->type->name : obj_str(pool, "instance")));
		hcl_attr(w, "ami_type", ami_type(ami));
		hcl_attr(w, "capacity_type", strcmp(obj_str(pool, "capacity"), "spot") == 0 ? "\"SPOT\"" : "\"ON_DEMAND\"");
		if (!lt)
			hcl_attr(w, "disk_size", num(tf, obj_int(pool, "disk") >> 30));
		put_map(tf, w, "labels", obj_get(pool, "labels"));
		hcl_blank(w);
		hcl_block_begin(w, "scaling_config");
		hcl_attr(w, "min_size", num(tf, obj_int(pool, "min")));
		hcl_attr(w, "desired_size", num(tf, pp ? pp->desired : obj_int(pool, "min")));
		hcl_attr(w, "max_size", num(tf, obj_int(pool, "max")));
		hcl_block_end(w);
		if (lt) {
			hcl_blank(w);
			hcl_block_begin(w, "launch_template");
			hcl_attr(w, "id", out_printf(tf->o, "aws_launch_template.%s.id", pn));
			hcl_attr(w, "version", out_printf(tf->o, "aws_launch_template.%s.latest_version", pn));
			hcl_block_end(w);
		}
		hcl_blank(w);
		hcl_block_begin(w, "update_config");
		hcl_attr(w, "max_unavailable", num(tf, obj_int(pool, "max_unavailable")));
		hcl_block_end(w);
		const Vec *taints = obj_blocks(pool, "taint");
		for (size_t t = 0; t < taints->len; t++) {
			Object *ta = taints->items[t];
			hcl_blank(w);
			hcl_block_begin(w, "taint");
			hcl_attr(w, "key", field_str(tf, ta, "key"));
			if (*obj_str(ta, "value"))
				hcl_attr(w, "value", field_str(tf, ta, "value"));
			hcl_attr(w, "effect", taint_effect(obj_str(ta, "effect")));
			hcl_block_end(w);
		}
		hcl_blank(w);
		hcl_attr(w, "depends_on", out_printf(tf->o, "[aws_iam_role_policy_attachment.%s_worker, aws_iam_role_policy_attachment.%s_cni, aws_iam_role_policy_attachment.%s_ecr]",
						     nrole, nrole, nrole));
		hcl_block_end(w);
	}
	bool made = ng.len > 0;
	const char *node_groups = tf_expr_list(tf->o->arena, &ng);
	/* Add-ons, after the nodes they run on. */
	const Vec *addons = obj_blocks(cl, "addon");
	for (size_t i = 0; i < addons->len; i++) {
		Object *a = addons->items[i];
		w = resource(tf, "cluster", "aws_eks_addon", tf_name(tf->o->arena, a), a);
		hcl_attr(w, "cluster_name", out_printf(tf->o, "%s.name", base));
		hcl_attr(w, "addon_name", lit(tf, a->name));
		Value *ver = obj_get(a, "version");
		if (ver->kind != V_NULL)
			hcl_attr(w, "addon_version", str_expr(tf, ver));
		const char *conflicts = obj_str(a, "conflicts");
		hcl_attr(w, "resolve_conflicts_on_update", strcmp(conflicts, "overwrite") == 0 ? "\"OVERWRITE\"" : strcmp(conflicts, "preserve") == 0 ? "\"PRESERVE\"" : "\"NONE\"");
		if (strcmp(a->name, "vpc-cni") == 0 && (sgp || obj_bool(cl, "network_policies"))) {
			Buf cfg = {0};
			buf_puts(&cfg, "{");
			if (sgp)
				buf_puts(&cfg, "\"env\":{\"ENABLE_POD_ENI\":\"true\"}");
			if (obj_bool(cl, "network_policies"))
				buf_printf(&cfg, "%s\"enableNetworkPolicy\":\"true\"", sgp ? "," : "");
			buf_puts(&cfg, "}");
			hcl_attr(w, "configuration_values", lit(tf, buf_cstr(&cfg)));
			buf_free(&cfg);
		}
		Value *arole = obj_get(a, "role");
		if (arole->kind != V_NULL) {
			const char *ns;
			const char *account = addon_account(a, &ns);
			if (account) {
				hcl_blank(w);
				hcl_block_begin(w, "pod_identity_association");
				hcl_attr(w, "role_arn", tf_thing(tf->o->arena, arole, "arn"));
				hcl_attr(w, "service_account", lit(tf, account));
				hcl_block_end(w);
			}
		}
		if (made) {
			hcl_blank(w);
			hcl_attr(w, "depends_on", node_groups);
		}
		hcl_block_end(w);
	}
	/* Access entries. */
	const Vec *access = obj_blocks(cl, "access");
	for (size_t i = 0; i < access->len; i++) {
		Object *a = access->items[i];
		Value *p = obj_get(a, "principal");
		const char *principal = tf_thing(tf->o->arena, p, "arn");
		const char *an = tf_name(tf->o->arena, a);
		w = resource(tf, "cluster", "aws_eks_access_entry", an, a);
		hcl_attr(w, "cluster_name", out_printf(tf->o, "%s.name", base));
		hcl_attr(w, "principal_arn", principal);
		hcl_attr(w, "type", "\"STANDARD\"");
		Value *groups = obj_get(a, "groups");
		if (groups->n)
			hcl_attr(w, "kubernetes_groups", str_list(tf, groups));
		hcl_block_end(w);
		w = resource(tf, "cluster", "aws_eks_access_policy_association", an, a);
		hcl_attr(w, "cluster_name", out_printf(tf->o, "%s.name", base));
		hcl_attr(w, "principal_arn", principal);
		hcl_attr(w, "policy_arn", access_policy_arn(tf, obj_str(a, "policy")));
		hcl_blank(w);
		Value *nss = obj_get(a, "namespaces");
		hcl_block_begin(w, "access_scope");
		hcl_attr(w, "type", nss->n ? "\"namespace\"" : "\"cluster\"");
		if (nss->n) {
			Buf l = {0};
			buf_putc(&l, '[');
			for (uint32_t k = 0; k < nss->n; k++) {
				if (k)
					buf_puts(&l, ", ");
				hcl_string(&l, obj_name(nss->items[k]->obj), strlen(obj_name(nss->items[k]->obj)));
			}
			buf_putc(&l, ']');
			hcl_attr(w, "namespaces", buf_cstr(&l));
			buf_free(&l);
		}
		hcl_block_end(w);
		hcl_blank(w);
		hcl_attr(w, "depends_on", out_printf(tf->o, "[aws_eks_access_entry.%s]", an));
		hcl_block_end(w);
	}
	/* Teams: their IAM role joins their Kubernetes group. */
	const Vec *teams = model_kind(tf->m, "team");
	for (size_t i = 0; i < teams->len; i++) {
		Object *t = teams->items[i];
		Value *trole = obj_get(t, "role");
		if (trole->kind == V_NULL)
			continue;
		w = resource(tf, "cluster", "aws_eks_access_entry", out_printf(tf->o, "%s_team_%s", n, tf_name(tf->o->arena, t)), t);
		hcl_attr(w, "cluster_name", out_printf(tf->o, "%s.name", base));
		hcl_attr(w, "principal_arn", tf_thing(tf->o->arena, trole, "arn"));
		hcl_attr(w, "type", "\"STANDARD\"");
		hcl_attr(w, "kubernetes_groups", out_printf(tf->o, "[%s]", field_str(tf, t, "group")));
		hcl_block_end(w);
	}
	if (obj_bool(cl, "vpc_endpoint")) {
		w = resource(tf, "cluster", "aws_vpc_endpoint", out_printf(tf->o, "%s_eks", n), cl);
		hcl_attr(w, "vpc_id", tf_thing(tf->o->arena, obj_get(cl, "network"), "id"));
		hcl_attr(w, "service_name", lit(tf, out_printf(tf->o, "com.amazonaws.%s.eks", tf->region)));
		hcl_attr(w, "vpc_endpoint_type", "\"Interface\"");
		hcl_attr(w, "subnet_ids", tf_id_list(tf->o->arena, &(Vec){0}, obj_get(cl, "subnets")));
		hcl_attr(w, "security_group_ids", out_printf(tf->o, "[%s.vpc_config[0].cluster_security_group_id]", base));
		hcl_attr(w, "private_dns_enabled", "true");
		put_tags(tf, w, out_printf(tf->o, "%s-eks", name), NULL);
		hcl_block_end(w);
	}
}

/* ---- data stores ---- */

/* ---- resources and data sources written in the specification ---- */

/* The address of a block for depends_on: a typed resource's, or the main
 * resource a stdlib block becomes. */
static const char *block_address(Tf *tf, const Object *obj)
{
	if (strcmp(obj->kind->name, "provider") == 0)
		return out_printf(tf->o, "aws.%s", obj_name(obj));
	if (obj->kind->tf_type)
		return out_printf(tf->o, "%s%s.%s", obj->kind->data ? "data." : "", obj->kind->tf_type, tf_name(tf->o->arena, obj));
	/* An adopted block is what it adopts: a resource of the spec, or
	 * nothing to wait for. */
	const Value *own = obj_adopted(obj);
	if (own)
		return own->kind == V_REF ? block_address(tf, own->obj) : NULL;
	const char *type = lower_main_type(obj);
	return type ? out_printf(tf->o, "%s.%s", type, tf_name(tf->o->arena, obj)) : NULL;
}

static void typed_value(Tf *tf, Buf *b, const Value *v)
{
	switch (v->kind) {
	case V_NULL:
		buf_puts(b, "null");
		return;
	case V_BOOL:
		buf_puts(b, v->i ? "true" : "false");
		return;
	case V_INT:
		buf_printf(b, "%lld", (long long)v->i);
		return;
	case V_QTY:
		if (v->dim == DIM_PERCENT) { /* a percentage is its number: 80% is 80 */
			size_t at = b->len;
			qty_format(DIM_PERCENT, v->i, b);
			if (b->len > at && b->data[b->len - 1] == '%')
				b->len--;
			return;
		}
		tf_string(tf->o->arena, b, v);
		return;
	case V_LIST: {
		/* A block with no address (depends_on an adopted one) adds
		 * nothing to wait for. */
		buf_putc(b, '[');
		bool first = true;
		for (uint32_t i = 0; i < v->n; i++) {
			if (v->items[i]->kind == V_REF && !block_address(tf, v->items[i]->obj))
				continue;
			buf_puts(b, first ? "" : ", ");
			first = false;
			typed_value(tf, b, v->items[i]);
		}
		buf_putc(b, ']');
		return;
	}
	case V_MAP:
		buf_puts(b, v->n ? "{ " : "{}");
		for (uint32_t i = 0; i < v->n; i++) {
			buf_printf(b, "%s%s = ", i ? ", " : "", key_expr(tf, v->keys[i]));
			typed_value(tf, b, v->items[i]);
		}
		if (v->n)
			buf_puts(b, " }");
		return;
	case V_REF: {
		const char *a = block_address(tf, v->obj);
		buf_puts(b, a ? a : "null");
		return;
	}
	default:
		tf_string(tf->o->arena, b, v);
	}
}

typedef struct TypedItem {
	Span span;
	uint32_t order;
	const Field *f;       /* an attribute */
	const Object *block;  /* or a nested block */
	const Object *doc_owner; /* a lowered attribute holding an IAM document */
	const char *doc;         /* of this block and purpose */
	bool heredoc;            /* a lowered text of several lines */
} TypedItem;

static int cmp_typed_items(const void *a, const void *b)
{
	const TypedItem *x = a, *y = b;
	if (x->span.file != y->span.file)
		return x->span.file < y->span.file ? -1 : 1;
	if (x->span.start != y->span.start)
		return x->span.start < y->span.start ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The attributes and nested blocks of o: of a resource the user wrote,
 * in the order they were written; of one the lowering made, in the order
 * it set them.  *n receives their number; the array is malloc'd. */
static TypedItem *typed_items(Tf *tf, const Object *o, size_t *n)
{
	const LowRes *lr = lower_record(&tf->o->graph, o);
	if (lr) {
		TypedItem *items = xmalloc((lr->items.len ? lr->items.len : 1) * sizeof *items);
		for (size_t i = 0; i < lr->items.len; i++) {
			const LowItem *it = lr->items.items[i];
			items[i] = (TypedItem){{0, 0, 0}, (uint32_t)i, it->field, it->block, it->doc_owner ? it->doc_owner : lr->owner,
					       it->doc, it->heredoc};
		}
		*n = lr->items.len;
		return items;
	}
	Vec items = {0};
	uint32_t order = 0;
	for (uint32_t i = 0; i < o->kind->nfields; i++) {
		const Field *f = o->kind->fields[i];
		const Slot *s = &o->slots[i];
		for (size_t j = 0; j < slot_blocks(s)->len; j++) {
			const Object *blk = slot_blocks(s)->items[j];
			TypedItem *it = arena_alloc(tf->o->arena, sizeof *it);
			*it = (TypedItem){blk->span, blk->id, NULL, blk, NULL, NULL, false};
			vec_push(&items, it);
		}
		Span as, vs;
		if (type_is_block(f->type) || !slot_written(o, f, &as, &vs) || !s->value)
			continue;
		TypedItem *it = arena_alloc(tf->o->arena, sizeof *it);
		*it = (TypedItem){as, order++, f, NULL, NULL, NULL, false};
		vec_push(&items, it);
	}
	TypedItem *sorted = xmalloc((items.len ? items.len : 1) * sizeof *sorted);
	for (size_t i = 0; i < items.len; i++)
		sorted[i] = *(TypedItem *)items.items[i];
	qsort(sorted, items.len, sizeof *sorted, cmp_typed_items);
	*n = items.len;
	vec_free(&items);
	return sorted;
}

/* `ignore_changes` names attributes, which Terraform wants bare:
 * `[value]`, not `["value"]`. */
static bool attribute_names(const Object *o, const Field *f, const Value *v)
{
	if (strcmp(o->word, "lifecycle") != 0 || strcmp(f->name, "ignore_changes") != 0 || v->kind != V_LIST)
		return false;
	for (uint32_t i = 0; i < v->n; i++) {
		const Value *a = v->items[i];
		if (a->kind != V_STRING || !a->len || !(isalpha((unsigned char)a->s[0]) || a->s[0] == '_') ||
		    strspn(a->s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.[]\"") != a->len)
			return false;
	}
	return true;
}

/* The attributes and nested blocks of o, as typed_items orders them. */
static void typed_body(Tf *tf, HclW *w, const Object *o)
{
	size_t n;
	TypedItem *sorted = typed_items(tf, o, &n);
	for (size_t i = 0; i < n; i++) {
		const TypedItem *it = &sorted[i];
		if (it->block) {
			Buf h = {0};
			buf_puts(&h, it->block->word);
			for (uint32_t k = 0; k < it->block->nlabels; k++) {
				buf_putc(&h, ' ');
				hcl_string(&h, it->block->labels[k], strlen(it->block->labels[k]));
			}
			if (i > 0)
				hcl_blank(w);
			hcl_block_begin(w, buf_cstr(&h));
			buf_free(&h);
			typed_body(tf, w, it->block);
			hcl_block_end(w);
			if (i + 1 < n && !sorted[i + 1].block)
				hcl_blank(w);
			continue;
		}
		/* depends_on is set apart at the end, as Terraform's style
		 * guide places meta-arguments. */
		if (i > 0 && !sorted[i - 1].block && strcmp(it->f->name, "depends_on") == 0)
			hcl_blank(w);
		Buf v = {0};
		const Value *value = o->slots[it->f->index].value;
		const IamDoc *d = it->doc ? iam_find(tf->o, it->doc_owner, it->doc) : iam_typed_doc(tf->o, o, it->f);
		if (it->doc && !d && it->f->required)
			fatal("internal error: no %s IAM document for %s", it->doc, it->doc_owner->path);
		if (it->doc && !d)
			continue; /* the IAM stage made no such document */
		if (d) { /* a policy, written canonically (iam_policy.c) */
			iam_text_heredoc(d, &v);
			hcl_attr_heredoc(w, it->f->name, buf_cstr(&v));
		} else if (it->heredoc) { /* literal text: ${ and %{ are doubled */
			for (const char *p = value->s; *p; p++) {
				if ((*p == '$' || *p == '%') && p[1] == '{')
					buf_putc(&v, *p);
				buf_putc(&v, *p);
			}
			hcl_attr_heredoc(w, it->f->name, buf_cstr(&v));
		} else if (value->kind == V_MAP && value->n) { /* a map (tags), one key per line */
			hcl_object_begin(w, it->f->name);
			for (uint32_t k = 0; k < value->n; k++) {
				Buf e = {0};
				typed_value(tf, &e, value->items[k]);
				hcl_attr(w, key_expr(tf, value->keys[k]), buf_cstr(&e));
				buf_free(&e);
			}
			hcl_object_end(w);
		} else if (attribute_names(o, it->f, value)) {
			buf_putc(&v, '[');
			for (uint32_t k = 0; k < value->n; k++)
				buf_printf(&v, "%s%s", k ? ", " : "", value->items[k]->s);
			buf_putc(&v, ']');
			hcl_attr(w, it->f->name, buf_cstr(&v));
		} else {
			typed_value(tf, &v, value);
			hcl_attr(w, it->f->name, buf_cstr(&v));
		}
		buf_free(&v);
	}
	free(sorted);
}

static void emit_typed(Tf *tf, const Object *o)
{
	HclW *w = o->kind->data ? data_source(tf, "extra", o->kind->tf_type, tf_name(tf->o->arena, o))
				: resource(tf, "extra", o->kind->tf_type, tf_name(tf->o->arena, o), o);
	typed_body(tf, w, o);
	hcl_block_end(w);
}

/* The resources the lowering made of a block (lower/), each in the file
 * of its area. */
static void emit_lowered(Tf *tf, const Object *blk)
{
	const Vec *made = lower_made(&tf->o->graph, blk);
	for (size_t i = 0; made && i < made->len; i++) {
		const LowRes *lr = made->items[i];
		const Object *r = lr->res;
		if (!r) { /* a local value */
			HclW *w = tf_file(tf, lr->area);
			Buf v = {0};
			typed_value(tf, &v, lr->local_value);
			hcl_block_begin(w, "locals");
			hcl_attr(w, lr->local_name, buf_cstr(&v));
			hcl_block_end(w);
			buf_free(&v);
			continue;
		}
		HclW *w = r->kind->data ? data_source(tf, lr->area, r->kind->tf_type, r->name)
					: resource(tf, lr->area, r->kind->tf_type, r->name, blk);
		if (lr->for_each) { /* meta-arguments first, set apart */
			Buf v = {0};
			typed_value(tf, &v, lr->for_each);
			hcl_attr(w, "for_each", buf_cstr(&v));
			buf_free(&v);
			if (lr->items.len)
				hcl_blank(w);
		}
		typed_body(tf, w, r);
		hcl_block_end(w);
		for (size_t k = 0; k < lr->facts.len; k++) {
			const LowFact *f = lr->facts.items[k];
			out_fact(tf->o, f->subject, f->key, f->span, "%s", f->value);
		}
	}
}

/* ---- capacity checks and outputs ---- */

static void emit_capacity_checks(Tf *tf)
{
	const Plan *p = tf->m->plan;
	for (size_t i = 0; p && i < p->clusters.len; i++) {
		PlanCluster *pc = p->clusters.items[i];
		const char *n = tf_name(tf->o->arena, pc->cluster);
		Buf cpu = {0}, mem = {0};
		size_t counted = 0;
		for (size_t j = 0; j < pc->pools.len; j++) {
			PlanPool *pp = pc->pools.items[j];
			if (!pp->counted)
				continue;
			const char *d = out_printf(tf->o, "%saws_eks_node_group.%s.scaling_config[0].desired_size",
						   obj_adopted(pp->pool) ? "data." : "", tf_name(tf->o->arena, pp->pool));
			buf_printf(&cpu, "%s%s * %lld", counted ? " + " : "", d, (long long)pp->node.cpu_m);
			buf_printf(&mem, "%s%s * %lld", counted ? " + " : "", d, (long long)pp->node.mem_mib);
			counted++;
		}
		if (!counted) {
			buf_free(&cpu);
			buf_free(&mem);
			continue;
		}
		HclW *w = tf_file(tf, "capacity");
		hcl_block_begin(w, out_printf(tf->o, "check \"%s_capacity\"", n));
		hcl_block_begin(w, "assert");
		hcl_attr(w, "condition", out_printf(tf->o, "%s >= %lld", buf_cstr(&cpu), (long long)pc->required.cpu_m));
		hcl_attr(w, "error_message", lit(tf, out_printf(tf->o, "Cluster %s needs %lldm cpu at rollout peak (services plus reserve); its counted node groups offer less.",
								  obj_name(pc->cluster), (long long)pc->required.cpu_m)));
		hcl_block_end(w);
		hcl_blank(w);
		hcl_block_begin(w, "assert");
		hcl_attr(w, "condition", out_printf(tf->o, "%s >= %lld", buf_cstr(&mem), (long long)pc->required.mem_mib));
		hcl_attr(w, "error_message", lit(tf, out_printf(tf->o, "Cluster %s needs %lldMi memory at rollout peak (services plus reserve); its counted node groups offer less.",
								  obj_name(pc->cluster), (long long)pc->required.mem_mib)));
		hcl_block_end(w);
		hcl_block_end(w);
		buf_free(&cpu);
		buf_free(&mem);
	}
}

static void output(Tf *tf, const char *name, const char *value, bool sensitive)
{
	map_put(&tf->outputs, intern_cstr(&tf->m->c->names, name), (void *)name);
	HclW *w = tf_file(tf, "outputs");
	hcl_block_begin(w, out_printf(tf->o, "output \"%s\"", name));
	hcl_attr(w, "value", value);
	if (sensitive)
		hcl_attr(w, "sensitive", "true");
	hcl_block_end(w);
}

static void emit_outputs(Tf *tf)
{
	const Model *m = tf->m;
	const Vec *v;
	v = model_kind(m, "cluster");
	for (size_t i = 0; i < v->len; i++) {
		const char *n = tf_name(tf->o->arena, v->items[i]);
		output(tf, out_printf(tf->o, "cluster_%s_name", n), tf_output_expr(tf->o->arena, v->items[i], "name"), false);
		output(tf, out_printf(tf->o, "cluster_%s_endpoint", n), tf_output_expr(tf->o->arena, v->items[i], "endpoint_url"), false);
	}
	v = model_kind(m, "network");
	for (size_t i = 0; i < v->len; i++) {
		const Object *net = v->items[i];
		const char *n = tf_name(tf->o->arena, net);
		output(tf, out_printf(tf->o, "network_%s_id", n), tf_output_expr(tf->o->arena, net, "id"), false);
	}
	v = model_kind(m, "role");
	for (size_t i = 0; i < v->len; i++) {
		const char *n = tf_name(tf->o->arena, v->items[i]);
		output(tf, out_printf(tf->o, "role_%s_arn", n), tf_output_expr(tf->o->arena, v->items[i], "arn"), false);
	}
	v = model_kind(m, "repository");
	for (size_t i = 0; i < v->len; i++) {
		const char *n = tf_name(tf->o->arena, v->items[i]);
		output(tf, out_printf(tf->o, "repository_%s_url", n), out_printf(tf->o, "aws_ecr_repository.%s.repository_url", n), false);
	}
	v = model_kind(m, "user");
	for (size_t i = 0; i < v->len; i++) {
		const Object *u = v->items[i];
		if (!obj_bool(u, "access_key"))
			continue;
		const char *n = tf_name(tf->o->arena, u);
		output(tf, out_printf(tf->o, "user_%s_access_key_id", n), out_printf(tf->o, "aws_iam_access_key.%s.id", n), false);
		output(tf, out_printf(tf->o, "user_%s_secret_access_key", n), out_printf(tf->o, "aws_iam_access_key.%s.secret", n), true);
	}
	v = model_kind(m, "security_group");
	for (size_t i = 0; i < v->len; i++) {
		const char *n = tf_name(tf->o->arena, v->items[i]);
		output(tf, out_printf(tf->o, "security_group_%s_id", n), out_printf(tf->o, "aws_security_group.%s.id", n), false);
	}
}

static bool has_value(const Object *o, const char *field)
{
	const Value *v = obj_get(o, field);
	return v && v->kind != V_NULL;
}

/* The user's own outputs, after the ones infrac writes, whose names they
 * must not take. */
static void emit_user_output(Tf *tf, const Object *out)
{
	const char *name = obj_name(out);
	if (map_get(&tf->outputs, intern_cstr(&tf->m->c->names, name))) {
		Diag *g = out_diag(tf->o, OUT_NAME, out->name_span, "infrac already writes a Terraform output named `%s`",
				   name);
		diag_help(&tf->m->c->diags, g, "rename the output; `infrac build` lists infrac's in terraform/outputs.tf");
		return;
	}
	HclW *w = tf_file(tf, "outputs");
	hcl_block_begin(w, out_printf(tf->o, "output \"%s\"", name));
	Buf v = {0};
	typed_value(tf, &v, obj_get(out, "value"));
	hcl_attr(w, "value", buf_cstr(&v));
	buf_free(&v);
	if (has_value(out, "description"))
		hcl_attr(w, "description", field_str(tf, out, "description"));
	if (obj_bool(out, "sensitive"))
		hcl_attr(w, "sensitive", "true");
	hcl_block_end(w);
}

static void emit_variable(Tf *tf, const Object *var)
{
	HclW *w = tf_file(tf, "variables");
	hcl_block_begin(w, out_printf(tf->o, "variable \"%s\"", obj_name(var)));
	hcl_attr(w, "type", obj_str(var, "type"));
	if (has_value(var, "description"))
		hcl_attr(w, "description", field_str(tf, var, "description"));
	if (obj_bool(var, "sensitive"))
		hcl_attr(w, "sensitive", "true");
	if (obj_bool(var, "ephemeral"))
		hcl_attr(w, "ephemeral", "true");
	hcl_attr(w, "nullable", boolean(obj_bool(var, "nullable")));
	hcl_block_end(w);
}

static const Object *top_block(const Object *o)
{
	while (o->parent)
		o = o->parent;
	return o;
}

/* `moved { from = "network.main"  to = network.core }`: a high-level block
 * renamed.  Every resource it made moves: their names start with the
 * block's Terraform name, which the old label replaces. */
static void emit_rename(Tf *tf, const Object *mv, const char *from, const Object *to)
{
	const char *dot = strchr(from, '.');
	size_t kl = (size_t)(dot - from);
	if (to->parent || strlen(to->kind->name) != kl || strncmp(to->kind->name, from, kl) != 0) {
		Diag *g = out_diag(tf->o, NAME_WRONG_KIND, obj_value_span(mv, "to"), "`%s` is not a %.*s block of its own",
				   to->path, (int)kl, from);
		diag_help(&tf->m->c->diags, g, "a renamed block moves to a top-level block of the same kind");
		return;
	}
	const char *now = tf_name(tf->o->arena, to), *was = names_ident(tf->o->arena, dot + 1);
	size_t nl = strlen(now);
	size_t moved = 0;
	for (size_t i = 0; i < tf->used.len; i++) {
		const Object *owner = tf->used.vals[i];
		const char *key = tf->used.keys[i], *name = strchr(key, '.') + 1;
		if (!owner || top_block(owner) != to || strncmp(name, now, nl) != 0 || (name[nl] && name[nl] != '_'))
			continue;
		HclW *w = tf_file(tf, "moved");
		hcl_block_begin(w, "moved");
		hcl_attr(w, "from", out_printf(tf->o, "%.*s.%s%s", (int)(name - key - 1), key, was, name + nl));
		hcl_attr(w, "to", key);
		hcl_block_end(w);
		moved++;
	}
	if (!moved)
		out_diag(tf->o, NAME_WRONG_KIND, obj_value_span(mv, "to"), "`%s` makes no Terraform resource to move", to->path);
}

/* moved, import and removed blocks, in terraform/moved.tf: the `to` of
 * moved and import is a block of the specification, written as the
 * address of the resource it is (the main one, for a high-level block). */
static void emit_state_change(Tf *tf, const Object *b)
{
	const char *kind = b->kind->name;
	const char *to = NULL;
	const char *from = kind_field(b->kind, intern_cstr(&tf->m->c->names, "from")) ? obj_str(b, "from") : NULL;
	const char *dot = from ? strchr(from, '.') : NULL;
	if (dot && strcmp(kind, "moved") == 0 &&
	    schema_kind(tf->m->c, intern(&tf->m->c->names, from, (size_t)(dot - from)))) {
		const Value *v = obj_get(b, "to");
		if (v->kind == V_REF) {
			emit_rename(tf, b, from, v->obj);
			return;
		}
	}
	if (kind_field(b->kind, intern_cstr(&tf->m->c->names, "to"))) {
		const Value *v = obj_get(b, "to");
		to = v->kind == V_REF ? block_address(tf, v->obj) : NULL;
		if (!to) {
			Diag *g = out_diag(tf->o, NAME_WRONG_KIND, v->span, "the `to` of a %s block is a resource of the specification",
					   kind);
			diag_help(&tf->m->c->diags, g, "refer to the block itself, such as `aws_sqs_queue.jobs` or `bucket.logs`");
			return;
		}
	}
	HclW *w = tf_file(tf, "moved");
	hcl_block_begin(w, kind);
	if (strcmp(kind, "import") == 0) {
		hcl_attr(w, "to", to);
		hcl_attr(w, "id", field_str(tf, b, "id"));
	} else {
		hcl_attr(w, "from", obj_str(b, "from"));
		if (to)
			hcl_attr(w, "to", to);
		if (strcmp(kind, "removed") == 0) {
			hcl_blank(w);
			hcl_block_begin(w, "lifecycle");
			hcl_attr(w, "destroy", boolean(obj_bool(b, "destroy")));
			hcl_block_end(w);
		}
	}
	hcl_block_end(w);
}

/* terraform/backend.tf: where the state is kept, when the environment says. */
static void emit_backend(Tf *tf)
{
	const Vec *backends = obj_blocks(tf->m->environment, "backend");
	if (!backends->len)
		return;
	const Object *b = backends->items[0];
	HclW *w = tf_file(tf, "backend");
	hcl_block_begin(w, "terraform");
	hcl_block_begin(w, out_printf(tf->o, "backend \"%s\"", b->kind->variant));
	hcl_attr(w, "bucket", field_str(tf, b, "bucket"));
	hcl_attr(w, "key", field_str(tf, b, "key"));
	hcl_attr(w, "region", has_value(b, "region") ? field_str(tf, b, "region") : lit(tf, tf->region));
	hcl_attr(w, "encrypt", boolean(obj_bool(b, "encrypt")));
	if (has_value(b, "dynamodb_table"))
		hcl_attr(w, "dynamodb_table", field_str(tf, b, "dynamodb_table"));
	else
		hcl_attr(w, "use_lockfile", boolean(obj_bool(b, "use_lockfile")));
	static const char *const optional[] = {"kms_key_id", "workspace_key_prefix"};
	for (size_t i = 0; i < COUNT_OF(optional); i++)
		if (has_value(b, optional[i]))
			hcl_attr(w, optional[i], field_str(tf, b, optional[i]));
	if (has_value(b, "role_arn")) {
		hcl_blank(w);
		hcl_block_begin(w, "assume_role");
		hcl_attr(w, "role_arn", field_str(tf, b, "role_arn"));
		hcl_block_end(w);
	}
	hcl_block_end(w);
	hcl_block_end(w);
}

/* ---- entry point ---- */

/* The kinds whose resources are still written here rather than lowered. */
static const struct {
	const char *kind;
	void (*emit)(Tf *tf, const Object *blk);
} writers[] = {
	{"cluster", emit_cluster},
};

static void each(Tf *tf, const char *kind, void (*fn)(Tf *, const Object *))
{
	const Vec *v = model_kind(tf->m, kind);
	for (size_t i = 0; i < v->len; i++)
		fn(tf, v->items[i]);
}

void emit_terraform(Emit *o)
{
	const Model *m = o->m;
	if (!m->environment)
		return; /* reported by the driver: a build needs an environment */
	Tf tf = {0};
	tf.o = o;
	tf.m = m;
	tf.partition = obj_str(m->environment, "partition");
	tf.region = obj_str(m->environment, "region");
	tf.account = obj_str(m->environment, "account");
	iam_build(o);
	emit_versions(&tf);
	/* The kinds in the order of the lowering table: each lowered one's
	 * resources, or what its function here writes. */
	const Lowering *rows;
	size_t nrows = lower_rows(&rows);
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].lower) {
			each(&tf, rows[i].kind, emit_lowered);
			continue;
		}
		for (size_t k = 0; k < COUNT_OF(writers); k++)
			if (strcmp(writers[k].kind, rows[i].kind) == 0)
				each(&tf, writers[k].kind, writers[k].emit);
	}
	for (size_t i = 0; i < m->objects.len; i++) {
		const Object *obj = m->objects.items[i];
		if (obj->kind->tf_type)
			emit_typed(&tf, obj);
	}
	emit_capacity_checks(&tf);
	emit_outputs(&tf);
	each(&tf, "output", emit_user_output);
	each(&tf, "variable", emit_variable);
	each(&tf, "moved", emit_state_change);
	each(&tf, "import", emit_state_change);
	each(&tf, "removed", emit_state_change);
	emit_backend(&tf);
	for (size_t i = 0; i < tf.nfiles; i++)
		hcl_finish(&tf.files[i].w);
	map_free(&tf.used);
	map_free(&tf.outputs);
}

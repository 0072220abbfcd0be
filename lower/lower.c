/*
 * lower.c: what each kind of the standard library becomes, one row per
 * kind, in the order the stage lowers them.
 *
 * The order of the rows is the order in which the Terraform back end
 * writes the kinds' resources into their files, so it is part of the
 * output.  A row with a function is lowered into typed resources
 * (graph.c runs the functions); a row without one is read by other
 * blocks only, or still written by the back end that its target names
 * (Helm values, Kubernetes objects).  tests/unit/test_lower.c checks
 * that every top-level kind has a row and a line in docs/language.md.
 */
#include "lower.h"

#include <string.h>

static const Lowering rows[] = {
	{"environment", "none", NULL, NULL, NULL},
	{"network", "terraform", "network", "aws_vpc", lower_network_network},
	{"security_group", "terraform", "network", "aws_security_group", lower_network_security_group},
	{"vpc_endpoint", "terraform", "network", "aws_vpc_endpoint", lower_network_vpc_endpoint},
	{"certificate", "terraform", "network", "aws_acm_certificate", lower_network_certificate},
	{"kms_key", "terraform", "data", "aws_kms_key", lower_data_kms_key},
	{"cluster", "terraform", "cluster", "aws_eks_cluster", lower_cluster_cluster},
	{"pool", "terraform", "cluster", "aws_eks_node_group", NULL},
	{"role", "terraform", "iam", "aws_iam_role", lower_iam_role},
	{"policy", "terraform", "iam", "aws_iam_policy", lower_iam_policy},
	{"user", "terraform", "iam", "aws_iam_user", lower_iam_user},
	{"oidc_provider", "terraform", "iam", "aws_iam_openid_connect_provider", lower_iam_oidc_provider},
	{"database", "terraform", "data", "aws_db_instance", lower_data_database},
	{"cache", "terraform", "data", "aws_elasticache_replication_group", lower_data_cache},
	{"bucket", "terraform", "data", "aws_s3_bucket", lower_data_bucket},
	{"secret", "terraform", "data", NULL, lower_data_secret},
	{"parameter", "terraform", "data", "aws_ssm_parameter", lower_data_parameter},
	{"log_group", "terraform", "data", "aws_cloudwatch_log_group", lower_data_log_group},
	{"repository", "terraform", "registry", "aws_ecr_repository", lower_registry_repository},
	{"registry", "terraform", "registry", NULL, lower_registry_registry},
	{"budget", "terraform", "ops", "aws_budgets_budget", lower_ops_budget},
	{"trail", "terraform", "ops", "aws_cloudtrail", lower_ops_trail},
	{"topic", "terraform", "ops", "aws_sns_topic", lower_ops_topic},
	{"output", "terraform", "outputs", NULL, NULL},
	{"variable", "terraform", "variables", NULL, NULL},
	{"moved", "terraform", "moved", NULL, NULL},
	{"import", "terraform", "moved", NULL, NULL},
	{"removed", "terraform", "moved", NULL, NULL},
	{"provider", "terraform", "versions", NULL, NULL},
	{"release", "helm", NULL, NULL, NULL},
	{"service", "helm", NULL, NULL, NULL},
	{"namespace", "kubernetes", NULL, NULL, NULL},
	{"rbac_role", "kubernetes", NULL, NULL, NULL},
	{"team", "kubernetes", NULL, NULL, NULL},
	{"network_policy", "kubernetes", NULL, NULL, NULL},
};

const Lowering *lower_row(const char *kind)
{
	for (size_t i = 0; i < COUNT_OF(rows); i++)
		if (strcmp(rows[i].kind, kind) == 0)
			return &rows[i];
	return NULL;
}

size_t lower_rows(const Lowering **out)
{
	*out = rows;
	return COUNT_OF(rows);
}

const char *lower_main_type(const Object *blk)
{
	const Lowering *r = lower_row(blk->kind->name);
	return r ? r->main : NULL;
}

const Vec *lower_made(const Graph *g, const Object *blk)
{
	return map_get(&g->by_owner, (const char *)blk);
}

const LowRes *lower_record(const Graph *g, const Object *res)
{
	return map_get(&g->of, (const char *)res);
}

const Value *lower_value(const LowRes *lr, const Field *f)
{
	for (size_t i = 0; i < lr->items.len; i++) {
		const LowItem *it = lr->items.items[i];
		if (it->field == f)
			return it->value;
	}
	return NULL;
}

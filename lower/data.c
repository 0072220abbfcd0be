/*
 * data.c: the lowering of where data is kept and how it is encrypted:
 * KMS keys, secrets, parameters, log groups, buckets, databases and
 * caches, into terraform/data.tf.
 *
 * Each function makes the typed resources of one block, attribute by
 * attribute in the order they are written out; the rules that only AWS
 * imposes on them are checked here, where the value meets the attribute
 * (CloudWatch's retention periods, RDS's monitoring intervals and
 * provisioned IOPS).
 */
#include "lower.h"

#include <string.h>

/* The KMS key field of a block, as the ARN an attribute takes; NULL
 * when it is unset. */
static Value *key_arn(Lower *l, const Object *blk)
{
	const Value *v = obj_get(blk, "key");
	return v->kind == V_NULL ? NULL : lower_thing(l, v, "arn");
}

void lower_data_kms_key(Lower *l, const Object *blk)
{
	Object *k = lower_resource(l, "aws_kms_key", NULL);
	if (obj_described(blk))
		lower_set(l, k, "description", obj_get(blk, "description"));
	lower_set(l, k, "enable_key_rotation", value_bool(l->c, obj_bool(blk, "rotation"), obj_value_span(blk, "rotation")));
	const Value *window = obj_get(blk, "deletion_window");
	lower_set(l, k, "deletion_window_in_days", value_int(l->c, window->i / 86400, window->span));
	lower_set_doc(l, k, "policy", "key");
	const Value *alias = obj_get(blk, "alias");
	Object *a = lower_resource(l, "aws_kms_alias", NULL);
	lower_set(l, a, "name",
		  lower_string(l, arena_printf(l->c->arena, "alias/%s", alias->kind == V_STRING ? alias->s : blk->name)));
	lower_set(l, a, "target_key_id", lower_ref(l, k, "key_id"));
}

void lower_data_secret(Lower *l, const Object *blk)
{
	if (!obj_bool(blk, "create")) {
		Object *d = lower_data(l, "aws_secretsmanager_secret", NULL);
		lower_set(l, d, "name", obj_get(blk, "name"));
		return;
	}
	Object *r = lower_resource(l, "aws_secretsmanager_secret", NULL);
	lower_set(l, r, "name", obj_get(blk, "name"));
	Value *key = key_arn(l, blk);
	if (key)
		lower_set(l, r, "kms_key_id", key);
}

void lower_data_parameter(Lower *l, const Object *blk)
{
	bool secure = obj_bool(blk, "secure");
	Value *value = obj_get(blk, "value");
	if (!secure && value->kind == V_NULL) {
		compiler_diag(l->c, TYPE_MISSING_FIELD, blk->name_span, "parameter `%s` needs `value`, or `secure = true`", blk->name);
		return;
	}
	Object *r = lower_resource(l, "aws_ssm_parameter", NULL);
	lower_set(l, r, "name", obj_get(blk, "name"));
	lower_set(l, r, "type", lower_string(l, secure ? "SecureString" : "String"));
	if (obj_described(blk))
		lower_set(l, r, "description", obj_get(blk, "description"));
	Value *key = key_arn(l, blk);
	if (key)
		lower_set(l, r, "key_id", key);
	if (!secure) {
		lower_set(l, r, "value", value);
		return;
	}
	/* The real value is written by someone with access, never by
	 * Terraform: it only creates the parameter. */
	lower_set(l, r, "value", lower_string(l, "set out of band"));
	Object *life = lower_block(l, r, "lifecycle");
	Value *attr = lower_string(l, "value");
	lower_set(l, life, "ignore_changes", lower_list(l, &attr, 1));
}

/* CloudWatch Logs keeps log groups for a fixed set of periods only
 * (PutRetentionPolicy, retentionInDays, in the CloudWatch Logs API
 * reference). */
bool lower_retention_ok(Compiler *c, int64_t d, Span at)
{
	static const int64_t ok[] = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
				     2192, 2557, 2922, 3288, 3653};
	for (size_t i = 0; i < COUNT_OF(ok); i++)
		if (ok[i] == d)
			return true;
	Diag *g = compiler_diag(c, OUT_AWS_VALUE, at, "CloudWatch Logs cannot keep records for %lld days", (long long)d);
	diag_help(&c->diags, g, "use one of 1d, 3d, 5d, 7d, 14d, 30d, 60d, 90d, 120d, 150d, 180d, 365d, 400d, "
				   "545d, 731d, 1096d, 1827d, 2192d, 2557d, 2922d, 3288d or 3653d");
	return false;
}

void lower_data_log_group(Lower *l, const Object *blk)
{
	const Value *retention = obj_get(blk, "retention");
	int64_t keep = retention->i / 86400;
	lower_retention_ok(l->c, keep, retention->span.end ? retention->span : blk->name_span);
	Object *r = lower_resource(l, "aws_cloudwatch_log_group", NULL);
	lower_set(l, r, "name", obj_get(blk, "name"));
	lower_set(l, r, "retention_in_days", value_int(l->c, keep, retention->span));
	Value *key = key_arn(l, blk);
	if (key)
		lower_set(l, r, "kms_key_id", key);
}

/* A private bucket: public access blocked, objects owned by the bucket
 * owner, versioned (or suspended), encrypted, expired when `expire`
 * says, and a policy (the IAM stage's: TLS only, and the roles it is
 * limited to) applied once public access is blocked. */
void lower_data_bucket(Lower *l, const Object *blk)
{
	Object *b = lower_resource(l, "aws_s3_bucket", NULL);
	lower_set(l, b, "bucket", obj_get(blk, "name"));
	lower_set(l, b, "force_destroy", lower_bool(l, obj_bool(blk, "force_destroy")));
	Value *id = lower_ref(l, b, "id");
	Object *pab = lower_resource(l, "aws_s3_bucket_public_access_block", NULL);
	lower_set(l, pab, "bucket", id);
	static const char *const blocks[] = {"block_public_acls", "block_public_policy", "ignore_public_acls",
					     "restrict_public_buckets"};
	for (size_t i = 0; i < COUNT_OF(blocks); i++)
		lower_set(l, pab, blocks[i], lower_bool(l, true));
	Object *own = lower_resource(l, "aws_s3_bucket_ownership_controls", NULL);
	lower_set(l, own, "bucket", id);
	lower_set(l, lower_block(l, own, "rule"), "object_ownership", lower_string(l, "BucketOwnerEnforced"));
	Object *ver = lower_resource(l, "aws_s3_bucket_versioning", NULL);
	lower_set(l, ver, "bucket", id);
	lower_set(l, lower_block(l, ver, "versioning_configuration"), "status",
		  lower_string(l, obj_bool(blk, "versioning") ? "Enabled" : "Suspended"));
	Object *sse = lower_resource(l, "aws_s3_bucket_server_side_encryption_configuration", NULL);
	lower_set(l, sse, "bucket", id);
	bool kms = strcmp(obj_str(blk, "encryption"), "kms") == 0;
	Object *rule = lower_block(l, sse, "rule");
	if (kms)
		lower_set(l, rule, "bucket_key_enabled", lower_bool(l, true));
	Object *by_default = lower_block(l, rule, "apply_server_side_encryption_by_default");
	lower_set(l, by_default, "sse_algorithm", lower_string(l, kms ? "aws:kms" : "AES256"));
	Value *key = key_arn(l, blk);
	if (kms && key)
		lower_set(l, by_default, "kms_master_key_id", key);
	const Value *expire = obj_get(blk, "expire");
	if (expire->kind == V_QTY) {
		Object *life = lower_resource(l, "aws_s3_bucket_lifecycle_configuration", NULL);
		lower_set(l, life, "bucket", id);
		Object *r = lower_block(l, life, "rule");
		lower_set(l, r, "id", lower_string(l, "expire"));
		lower_set(l, r, "status", lower_string(l, "Enabled"));
		lower_block(l, r, "filter");
		lower_set(l, lower_block(l, r, "expiration"), "days", value_int(l->c, expire->i / 86400, expire->span));
	}
	Object *policy = lower_resource(l, "aws_s3_bucket_policy", NULL);
	lower_set(l, policy, "bucket", id);
	lower_set_doc(l, policy, "policy", "bucket");
	Value *after = lower_block_ref(l, pab);
	lower_set(l, policy, "depends_on", lower_list(l, &after, 1));
}

/* ---- databases and caches ---- */

/* The security group of a database or cache, which its clients reach:
 * STORE_SUFFIX (main_db), named NAME-SUFFIX. */
static Object *store_sg(Lower *l, const Object *blk, const char *suffix)
{
	Object *sg = lower_resource(l, "aws_security_group", suffix);
	lower_set(l, sg, "name", lower_string(l, arena_printf(l->c->arena, "%s-%s", obj_name(blk), suffix)));
	lower_set(l, sg, "description", lower_string(l, arena_printf(l->c->arena, "%s %s", blk->kind->name, obj_name(blk))));
	lower_set(l, sg, "vpc_id", lower_thing(l, obj_get(blk, "network"), "id"));
	return sg;
}

/* One ingress rule per client group on the store's port; a list known
 * only after apply gets one resource with an instance per element. */
static void client_rules(Lower *l, const Object *blk, Object *sg, const char *suffix, int64_t port)
{
	const Value *clients = obj_get(blk, "clients");
	bool each = clients->kind != V_LIST;
	for (uint32_t i = 0; i < (each ? 1 : clients->n); i++) {
		const Value *c = each ? clients : clients->items[i];
		Object *r = lower_resource(l, "aws_vpc_security_group_ingress_rule",
					   each ? arena_printf(l->c->arena, "%s_clients", suffix)
						: arena_printf(l->c->arena, "%s_client_%u", suffix, i));
		if (each)
			lower_for_each(l, r, lower_expr(l, arena_printf(l->c->arena, "toset(%s)", tf_thing(l->c->arena, c, "id"))));
		lower_set(l, r, "security_group_id", lower_ref(l, sg, "id"));
		lower_set(l, r, "referenced_security_group_id", each ? lower_expr(l, "each.value") : lower_thing(l, c, "id"));
		lower_set(l, r, "ip_protocol", lower_string(l, "tcp"));
		lower_set(l, r, "from_port", lower_int(l, port));
		lower_set(l, r, "to_port", lower_int(l, port));
		const char *from = c->kind == V_REF ? (c->obj->kind->tf_type ? c->obj->name : obj_name(c->obj))
				 : c->kind == V_STRING ? c->s : NULL;
		if (from)
			lower_set(l, r, "description", lower_string(l, arena_printf(l->c->arena, "from %s", from)));
	}
}

/* The store's own group first, then its `security_groups`. */
static Value *store_sg_ids(Lower *l, const Object *blk, const Object *sg)
{
	Vec ids = {0};
	vec_push(&ids, (void *)arena_printf(l->c->arena, "aws_security_group.%s.id", sg->name));
	return lower_expr(l, tf_id_list(l->c->arena, &ids, obj_get(blk, "security_groups")));
}

/* Sets attr of r to field of blk when it is set. */
static void set_given(Lower *l, Object *r, const char *attr, const Object *blk, const char *field)
{
	Value *v = obj_get(blk, field);
	if (v->kind != V_NULL)
		lower_set(l, r, attr, v);
}

/* Enhanced Monitoring: a role RDS assumes, with the managed policy for
 * it, in terraform/iam.tf. */
static Object *monitoring_role(Lower *l, const Object *blk)
{
	Object *role = lower_resource_for(l, l->owner, "iam", "aws_iam_role", "monitoring");
	lower_set(l, role, "name", lower_string(l, arena_printf(l->c->arena, "%s-monitoring", obj_name(blk))));
	lower_set_doc(l, role, "assume_role_policy", "monitoring-trust");
	Object *at = lower_resource_for(l, l->owner, "iam", "aws_iam_role_policy_attachment", "monitoring_monitoring");
	lower_set(l, at, "role", lower_ref(l, role, "name"));
	lower_set(l, at, "policy_arn",
		  lower_string(l, arena_printf(l->c->arena, "arn:%s:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
					       obj_str(l->m->environment, "partition"))));
	return role;
}

void lower_data_database(Lower *l, const Object *blk)
{
	Arena *a = l->c->arena;
	const char *engine = obj_str(blk, "engine"), *version = obj_str(blk, "version");
	Object *group = lower_resource(l, "aws_db_subnet_group", NULL);
	lower_set(l, group, "name", obj_get(blk, "name"));
	lower_set(l, group, "subnet_ids", lower_ids(l, obj_get(blk, "subnets")));
	Object *sg = store_sg(l, blk, "db");
	client_rules(l, blk, sg, "db", strcmp(engine, "mysql") == 0 ? 3306 : 5432);
	const Value *params = obj_get(blk, "parameters");
	Object *pg = NULL;
	if (params->n) {
		int major = (int)strcspn(version, ".");
		Value *name = obj_get(blk, "parameter_group");
		pg = lower_resource(l, "aws_db_parameter_group", NULL);
		lower_set(l, pg, "name", name->kind == V_STRING ? name
			  : lower_string(l, arena_printf(a, "%s-%s%.*s", obj_name(blk), engine, major, version)));
		lower_set(l, pg, "family", lower_string(l, arena_printf(a, "%s%.*s", engine, major, version)));
		for (uint32_t i = 0; i < params->n; i++) {
			Object *p = lower_block(l, pg, "parameter");
			lower_set(l, p, "name", lower_string(l, params->keys[i]));
			lower_set(l, p, "value", params->items[i]);
			lower_set(l, p, "apply_method", lower_string(l, "pending-reboot"));
		}
	}
	int64_t interval = obj_int(blk, "monitoring_interval");
	static const int64_t intervals[] = {0, 1, 5, 10, 15, 30, 60};
	bool interval_ok = false;
	for (size_t i = 0; i < COUNT_OF(intervals); i++)
		interval_ok |= intervals[i] == interval;
	if (!interval_ok)
		compiler_diag(l->c, OUT_AWS_VALUE, obj_value_span(blk, "monitoring_interval"),
			      "Enhanced Monitoring runs every 0s, 1s, 5s, 10s, 15s, 30s or 60s");
	Object *role = interval ? monitoring_role(l, blk) : NULL;

	Object *db = lower_resource(l, "aws_db_instance", NULL);
	lower_set(l, db, "identifier", obj_get(blk, "name"));
	lower_set(l, db, "engine", lower_string(l, engine));
	lower_set(l, db, "engine_version", obj_get(blk, "version"));
	lower_set(l, db, "instance_class", obj_get(blk, "class"));
	lower_set(l, db, "allocated_storage", lower_int(l, obj_int(blk, "storage") >> 30));
	const Value *max = obj_get(blk, "max_storage");
	if (max->kind == V_QTY)
		lower_set(l, db, "max_allocated_storage", lower_int(l, max->i >> 30));
	const char *stype = obj_str(blk, "storage_type");
	lower_set(l, db, "storage_type", lower_string(l, stype));
	set_given(l, db, "iops", blk, "iops");
	if (obj_get(blk, "iops")->kind == V_NULL && strncmp(stype, "io", 2) == 0)
		compiler_diag(l->c, OUT_AWS_VALUE, obj_value_span(blk, "storage_type"), "%s storage needs provisioned `iops`",
			      stype);
	lower_set(l, db, "storage_encrypted", lower_bool(l, true));
	Value *key = key_arn(l, blk);
	if (key)
		lower_set(l, db, "kms_key_id", key);
	lower_set(l, db, "multi_az", lower_bool(l, obj_bool(blk, "multi_az")));
	lower_set(l, db, "db_subnet_group_name", lower_ref(l, group, "name"));
	lower_set(l, db, "vpc_security_group_ids", store_sg_ids(l, blk, sg));
	if (pg)
		lower_set(l, db, "parameter_group_name", lower_ref(l, pg, "name"));
	set_given(l, db, "db_name", blk, "database_name");
	lower_set(l, db, "username", obj_get(blk, "username"));
	lower_set(l, db, "manage_master_user_password", lower_bool(l, true));
	lower_set(l, db, "backup_retention_period", lower_int(l, obj_int(blk, "backup_retention") / 86400));
	set_given(l, db, "backup_window", blk, "backup_window");
	set_given(l, db, "maintenance_window", blk, "maintenance_window");
	lower_set(l, db, "deletion_protection", lower_bool(l, obj_bool(blk, "deletion_protection")));
	bool final = obj_bool(blk, "final_snapshot");
	lower_set(l, db, "skip_final_snapshot", lower_bool(l, !final));
	if (final)
		lower_set(l, db, "final_snapshot_identifier", lower_string(l, arena_printf(a, "%s-final", obj_name(blk))));
	lower_set(l, db, "copy_tags_to_snapshot", lower_bool(l, true));
	const char *insights = obj_str(blk, "insights");
	lower_set(l, db, "performance_insights_enabled", lower_bool(l, strcmp(insights, "off") != 0));
	if (strcmp(insights, "off") != 0)
		lower_set(l, db, "database_insights_mode", lower_string(l, insights));
	if (strcmp(insights, "advanced") == 0)
		lower_set(l, db, "performance_insights_retention_period", lower_int(l, 465));
	if (role) {
		lower_set(l, db, "monitoring_interval", lower_int(l, interval));
		lower_set(l, db, "monitoring_role_arn", lower_ref(l, role, "arn"));
	}
	set_given(l, db, "snapshot_identifier", blk, "snapshot");
}

void lower_data_cache(Lower *l, const Object *blk)
{
	Arena *a = l->c->arena;
	Object *group = lower_resource(l, "aws_elasticache_subnet_group", NULL);
	lower_set(l, group, "name", obj_get(blk, "name"));
	lower_set(l, group, "subnet_ids", lower_ids(l, obj_get(blk, "subnets")));
	Object *sg = store_sg(l, blk, "cache");
	client_rules(l, blk, sg, "cache", 6379);
	int64_t nodes = obj_int(blk, "nodes");
	const char *engine = obj_str(blk, "engine");
	Object *rg = lower_resource(l, "aws_elasticache_replication_group", NULL);
	lower_set(l, rg, "replication_group_id", obj_get(blk, "name"));
	lower_set(l, rg, "description", lower_string(l, arena_printf(a, "%s %s", engine, obj_name(blk))));
	lower_set(l, rg, "engine", lower_string(l, engine));
	set_given(l, rg, "engine_version", blk, "version");
	lower_set(l, rg, "node_type", obj_get(blk, "node_type"));
	lower_set(l, rg, "num_cache_clusters", lower_int(l, nodes));
	lower_set(l, rg, "automatic_failover_enabled", lower_bool(l, nodes > 1));
	lower_set(l, rg, "multi_az_enabled", lower_bool(l, nodes > 1));
	lower_set(l, rg, "subnet_group_name", lower_ref(l, group, "name"));
	lower_set(l, rg, "security_group_ids", store_sg_ids(l, blk, sg));
	/* A string in the provider's schema (5.x), which Terraform would
	 * otherwise convert. */
	lower_set(l, rg, "at_rest_encryption_enabled", lower_string(l, "true"));
	lower_set(l, rg, "transit_encryption_enabled", lower_bool(l, true));
	const Value *url = obj_get(blk, "url_secret");
	if (url->kind != V_STRING)
		return;
	/* The rediss:// URL, for the applications' configuration. */
	Object *secret = lower_resource(l, "aws_secretsmanager_secret", "url");
	lower_set(l, secret, "name", (Value *)url);
	Object *version = lower_resource(l, "aws_secretsmanager_secret_version", "url");
	lower_set(l, version, "secret_id", lower_ref(l, secret, "id"));
	LowText t = {0};
	lower_text_put(&t, "rediss://");
	lower_text_json(l, &t, lower_ref(l, rg, "primary_endpoint_address"));
	lower_text_put(&t, ":6379");
	lower_set(l, version, "secret_string", lower_text_end(l, &t));
}

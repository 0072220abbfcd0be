/*
 * data.c: the lowering of where data is kept and how it is encrypted:
 * KMS keys, secrets, parameters, log groups and buckets, into
 * terraform/data.tf.
 *
 * Each function makes the typed resources of one block, attribute by
 * attribute in the order they are written out; the rules that only AWS
 * imposes on them (the periods CloudWatch Logs keeps records for) are
 * checked here, where the value meets the attribute.
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
	Value *after = value_new(l->c, V_REF, blk->name_span);
	after->obj = pab;
	lower_set(l, policy, "depends_on", lower_list(l, &after, 1));
}

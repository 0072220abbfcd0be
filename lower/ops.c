/*
 * ops.c: the lowering of what operations run on: SNS topics, cost
 * budgets and CloudTrail trails, into terraform/ops.tf.
 *
 * A topic becomes its aws_sns_topic, one aws_sns_topic_subscription per
 * e-mail address, and, when services or roles may publish to it, an
 * aws_sns_topic_policy whose JSON the IAM stage reads back, writes in
 * its canonical layout and lints like every other policy.  Sources: the
 * provider's schema (stdlib/providers) for the attributes; the SNS
 * developer guide for topic names (up to 256 letters, digits, `-` and
 * `_`, a FIFO topic's ending in `.fifo`) and for FIFO topics taking
 * only SQS subscriptions.
 */
#include "lower.h"

#include <string.h>

/* The topic's name as AWS takes it, or NULL after a diagnostic. */
static const char *topic_name(Lower *l, const Object *blk, bool fifo)
{
	const Value *v = obj_get(blk, "name");
	if (v->kind != V_STRING)
		return NULL; /* known only after apply: AWS checks it */
	const char *s = v->s, *why = NULL;
	size_t n = v->len, base = fifo && n >= 5 && strcmp(s + n - 5, ".fifo") == 0 ? n - 5 : n;
	if (base == 0 || base + (fifo ? 5 : 0) > 256)
		why = "topic names are 1 to 256 characters, a FIFO topic's `.fifo` included";
	for (size_t i = 0; !why && i < base; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		      ch == '_'))
			why = fifo ? "only letters, digits, `-` and `_` are allowed, before the `.fifo` of a FIFO topic"
				   : "only letters, digits, `-` and `_` are allowed";
	}
	if (why) {
		compiler_diag(l->c, TYPE_NAME_RULE, v->span.end ? v->span : blk->name_span, "`%s` is not a valid SNS topic name: %s",
			      s, why);
		return NULL;
	}
	return fifo && base == n ? arena_printf(l->c->arena, "%s.fifo", s) : s;
}

/* One statement letting principals of one type publish to the topic. */
static void publish_statement(Lower *l, LowText *t, const char *sid, const char *type, const Value *principals,
			      const char *attr, Value *arn, bool this_account)
{
	lower_text_put(t, "{\"Sid\":\"");
	lower_text_put(t, sid);
	lower_text_put(t, "\",\"Effect\":\"Allow\",\"Principal\":{\"");
	lower_text_put(t, type);
	lower_text_put(t, "\":[");
	for (uint32_t i = 0; i < principals->n; i++) {
		lower_text_put(t, i ? ",\"" : "\"");
		lower_text_json(l, t, attr ? lower_thing(l, principals->items[i], attr) : principals->items[i]);
		lower_text_put(t, "\"");
	}
	lower_text_put(t, "]},\"Action\":\"sns:Publish\",\"Resource\":\"");
	lower_text_json(l, t, arn);
	lower_text_put(t, "\"");
	if (this_account) {
		/* A service publishes on behalf of this account only, so no
		 * other account's budget or rule can use the topic. */
		lower_text_put(t, ",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"");
		lower_text_json(l, t, obj_get(l->m->environment, "account"));
		lower_text_put(t, "\"}}");
	}
	lower_text_put(t, "}");
}

void lower_ops_topic(Lower *l, const Object *blk)
{
	bool fifo = obj_bool(blk, "fifo");
	const Value *emails = obj_get(blk, "emails");
	if (fifo && emails->n) {
		Diag *g = compiler_diag(l->c, OUT_AWS_VALUE, emails->span, "a FIFO topic cannot have e-mail subscriptions");
		diag_help(&l->c->diags, g, "use a standard topic (`fifo = false`) for e-mail alerts");
		return;
	}
	const char *name = topic_name(l, blk, fifo);
	if (!name && obj_get(blk, "name")->kind == V_STRING)
		return;
	Object *topic = lower_resource(l, "aws_sns_topic", NULL);
	lower_set(l, topic, "name", name ? lower_string(l, name) : obj_get(blk, "name"));
	if (fifo)
		lower_set(l, topic, "fifo_topic", lower_bool(l, true));
	const Value *key = obj_get(blk, "key");
	if (key->kind != V_NULL)
		lower_set(l, topic, "kms_master_key_id", lower_thing(l, key, "arn"));

	Map seen = {0};
	for (uint32_t i = 0; i < emails->n; i++) {
		const Value *e = emails->items[i];
		if (e->kind != V_STRING)
			continue;
		const char *at = memchr(e->s, '@', e->len);
		if (!at || at == e->s || at == e->s + e->len - 1 || memchr(e->s, ' ', e->len)) {
			compiler_diag(l->c, OUT_AWS_VALUE, e->span, "`%s` is not an e-mail address", e->s);
			continue;
		}
		const char *suffix = names_ident(l->c->arena, e->s), *key_s = intern_cstr(&l->c->names, e->s);
		if (map_get(&seen, key_s)) {
			Diag *g = compiler_diag(l->c, OUT_AWS_VALUE, e->span, "a topic subscribes an address once: `%s` is here twice",
						e->s);
			diag_note(&l->c->diags, g, ((const Value *)map_get(&seen, key_s))->span, "first here");
			continue;
		}
		map_put(&seen, key_s, (void *)e);
		/* Two addresses may make one name: the later ones are numbered. */
		const char *unique = suffix;
		for (uint32_t k = 2; map_get(&seen, intern_cstr(&l->c->names, arena_printf(l->c->arena, "#%s", unique))); k++)
			unique = arena_printf(l->c->arena, "%s_%u", suffix, k);
		map_put(&seen, intern_cstr(&l->c->names, arena_printf(l->c->arena, "#%s", unique)), (void *)e);
		Object *sub = lower_resource(l, "aws_sns_topic_subscription", unique);
		lower_set(l, sub, "topic_arn", lower_ref(l, topic, "arn"));
		lower_set(l, sub, "protocol", lower_string(l, "email"));
		lower_set(l, sub, "endpoint", (Value *)e);
	}
	map_free(&seen);

	const Value *services = obj_get(blk, "services"), *roles = obj_get(blk, "publishers");
	if (!services->n && !roles->n)
		return;
	/* The policy names the topic by its ARN, known before apply when its
	 * name is, so the lints and validators read a real ARN. */
	const Object *env = l->m->environment;
	Value *arn = name ? lower_string(l, arena_printf(l->c->arena, "arn:%s:sns:%s:%s:%s", obj_str(env, "partition"),
							  obj_str(env, "region"), obj_str(env, "account"), name))
			  : lower_ref(l, topic, "arn");
	LowText t = {0};
	lower_text_put(&t, "{\"Version\":\"2012-10-17\",\"Statement\":[");
	if (services->n)
		publish_statement(l, &t, "ServicesPublish", "Service", services, NULL, arn, true);
	if (roles->n) {
		if (services->n)
			lower_text_put(&t, ",");
		publish_statement(l, &t, "RolesPublish", "AWS", roles, "arn", arn, false);
	}
	lower_text_put(&t, "]}");
	Object *policy = lower_resource(l, "aws_sns_topic_policy", NULL);
	lower_set(l, policy, "arn", lower_ref(l, topic, "arn"));
	lower_set(l, policy, "policy", lower_text_end(l, &t));
}

/* A topic of the spec that blk publishes to as AWS service `service`
 * must let the service publish: SNS refuses it otherwise, and the alerts
 * are lost without an error anywhere. */
static void check_publisher(Lower *l, const Object *blk, const Value *topic, const char *service)
{
	const Value *services = obj_get(topic->obj, "services");
	for (uint32_t i = 0; i < services->n; i++)
		if (services->items[i]->kind == V_STRING && strcmp(services->items[i]->s, service) == 0)
			return;
	Diag *g = compiler_diag(l->c, CHK_CONFLICT, topic->span,
				"%s `%s` publishes to topic `%s`, which does not let %s publish", blk->kind->name, blk->name,
				topic->obj->name, service);
	diag_note(&l->c->diags, g, topic->obj->name_span, "topic `%s` is here", topic->obj->name);
	diag_help(&l->c->diags, g, "add \"%s\" to the topic's `services`", service);
}

static void budget_notification(Lower *l, Object *budget, const Value *pct, const char *type, Value *emails,
				Value *topics)
{
	Object *n = lower_block(l, budget, "notification");
	lower_set(l, n, "comparison_operator", lower_string(l, "GREATER_THAN"));
	lower_set(l, n, "threshold", (Value *)pct); /* 80%: written as the number 80 */
	lower_set(l, n, "threshold_type", lower_string(l, "PERCENTAGE"));
	lower_set(l, n, "notification_type", lower_string(l, type));
	if (emails->n)
		lower_set(l, n, "subscriber_email_addresses", emails);
	if (topics)
		lower_set(l, n, "subscriber_sns_topic_arns", topics);
}

void lower_ops_budget(Lower *l, const Object *blk)
{
	static const struct {
		const char *period, *unit;
	} units[] = {{"monthly", "MONTHLY"}, {"quarterly", "QUARTERLY"}, {"annually", "ANNUALLY"}};
	Object *b = lower_resource(l, "aws_budgets_budget", NULL);
	lower_set(l, b, "name", obj_get(blk, "name"));
	lower_set(l, b, "budget_type", lower_string(l, "COST"));
	lower_set(l, b, "limit_amount", lower_string(l, arena_printf(l->c->arena, "%lld", (long long)obj_int(blk, "limit"))));
	lower_set(l, b, "limit_unit", lower_string(l, "USD"));
	const char *period = obj_str(blk, "period");
	for (size_t i = 0; i < COUNT_OF(units); i++)
		if (strcmp(period, units[i].period) == 0)
			lower_set(l, b, "time_unit", lower_string(l, units[i].unit));
	Value *emails = obj_get(blk, "emails");
	const Value *ts = obj_get(blk, "topics");
	Value *topics = NULL;
	if (ts->n) {
		Value **arns = ARENA_ARRAY(l->c->arena, Value *, ts->n);
		for (uint32_t i = 0; i < ts->n; i++) {
			arns[i] = lower_thing(l, ts->items[i], "arn");
			if (ts->items[i]->kind == V_REF)
				check_publisher(l, blk, ts->items[i], "budgets.amazonaws.com");
		}
		topics = lower_list(l, arns, ts->n);
	}
	if (!emails->n && !topics) {
		Diag *g = compiler_diag(l->c, TYPE_MISSING_FIELD, blk->name_span, "budget `%s` alerts nobody", blk->name);
		diag_help(&l->c->diags, g, "give it `emails`, or `topics` whose subscribers receive the alerts");
		return;
	}
	const Value *alerts = obj_get(blk, "alerts");
	for (uint32_t i = 0; i < alerts->n; i++)
		budget_notification(l, b, alerts->items[i], "ACTUAL", emails, topics);
	const Value *fc = obj_get(blk, "forecast");
	if (fc->kind == V_QTY)
		budget_notification(l, b, fc, "FORECASTED", emails, topics);
}

static void trail_settings(Lower *l, Object *t, const Object *blk)
{
	lower_set(l, t, "is_multi_region_trail", lower_bool(l, obj_bool(blk, "multi_region")));
	lower_set(l, t, "include_global_service_events", lower_bool(l, obj_bool(blk, "global_events")));
	lower_set(l, t, "enable_log_file_validation", lower_bool(l, obj_bool(blk, "validation")));
	const Value *key = obj_get(blk, "key");
	if (key->kind != V_NULL)
		lower_set(l, t, "kms_key_id", lower_thing(l, key, "arn"));
}

/* A trail, and unless it writes to an existing bucket, the bucket made
 * for it: private, encrypted, its objects expiring after `retention`,
 * with the policy that lets CloudTrail write (the IAM stage's). */
void lower_ops_trail(Lower *l, const Object *blk)
{
	const Value *bucket = obj_get(blk, "bucket");
	if (bucket->kind == V_REF) {
		/* An existing bucket, whose policy already lets CloudTrail
		 * write, and whose lifecycle is its owner's. */
		if (obj_written(blk, "retention")) {
			Diag *g = compiler_diag(l->c, CHK_CONFLICT, obj_value_span(blk, "retention"),
						"trail `%s` writes to an existing bucket, whose lifecycle infrac does not change",
						blk->name);
			diag_help(&l->c->diags, g, "remove `retention`, or give `bucket` a name for a bucket made with the trail");
		}
		Object *t = lower_resource(l, "aws_cloudtrail", NULL);
		lower_set(l, t, "name", obj_get(blk, "name"));
		lower_set(l, t, "s3_bucket_name", lower_thing(l, bucket, "id"));
		trail_settings(l, t, blk);
		return;
	}
	Object *b = lower_resource(l, "aws_s3_bucket", "trail");
	lower_set(l, b, "bucket", (Value *)bucket);
	Value *id = lower_ref(l, b, "id");
	Object *pab = lower_resource(l, "aws_s3_bucket_public_access_block", "trail");
	lower_set(l, pab, "bucket", id);
	static const char *const blocks[] = {"block_public_acls", "block_public_policy", "ignore_public_acls",
					     "restrict_public_buckets"};
	for (size_t i = 0; i < COUNT_OF(blocks); i++)
		lower_set(l, pab, blocks[i], lower_bool(l, true));
	Object *sse = lower_resource(l, "aws_s3_bucket_server_side_encryption_configuration", "trail");
	lower_set(l, sse, "bucket", id);
	Object *by_default = lower_block(l, lower_block(l, sse, "rule"), "apply_server_side_encryption_by_default");
	lower_set(l, by_default, "sse_algorithm", lower_string(l, "AES256"));
	Object *life = lower_resource(l, "aws_s3_bucket_lifecycle_configuration", "trail");
	lower_set(l, life, "bucket", id);
	Object *rule = lower_block(l, life, "rule");
	lower_set(l, rule, "id", lower_string(l, "expire"));
	lower_set(l, rule, "status", lower_string(l, "Enabled"));
	lower_block(l, rule, "filter");
	const Value *keep = obj_get(blk, "retention");
	lower_set(l, lower_block(l, rule, "expiration"), "days", value_int(l->c, keep->i / 86400, keep->span));
	Object *policy = lower_resource(l, "aws_s3_bucket_policy", "trail");
	lower_set(l, policy, "bucket", id);
	lower_set_doc(l, policy, "policy", "bucket");
	Object *t = lower_resource(l, "aws_cloudtrail", NULL);
	lower_set(l, t, "name", obj_get(blk, "name"));
	lower_set(l, t, "s3_bucket_name", id);
	trail_settings(l, t, blk);
	/* CloudTrail checks the bucket policy when the trail is made. */
	Value *after = lower_block_ref(l, policy);
	lower_set(l, t, "depends_on", lower_list(l, &after, 1));
}

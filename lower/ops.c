/*
 * ops.c: the lowering of what operations run on: SNS topics, into
 * terraform/ops.tf.
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
		cdiag(l->c, TYPE_NAME_RULE, v->span.end ? v->span : blk->name_span, "`%s` is not a valid SNS topic name: %s",
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
		Diag *g = cdiag(l->c, OUT_AWS_VALUE, emails->span, "a FIFO topic cannot have e-mail subscriptions");
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
			cdiag(l->c, OUT_AWS_VALUE, e->span, "`%s` is not an e-mail address", e->s);
			continue;
		}
		const char *suffix = names_ident(l->c->arena, e->s), *key_s = intern_cstr(&l->c->names, e->s);
		if (map_get(&seen, key_s)) {
			Diag *g = cdiag(l->c, OUT_AWS_VALUE, e->span, "a topic subscribes an address once: `%s` is here twice",
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

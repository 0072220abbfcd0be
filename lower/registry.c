/*
 * registry.c: the lowering of container registries, into
 * terraform/registry.tf: ECR repositories with their lifecycle policies,
 * and the account's registry settings (scanning, pull-through caches).
 *
 * ECR's lifecycle policy language is not IAM's, so its document is made
 * here and written as a heredoc; what AWS refuses in these settings
 * (continuous scanning with basic scanning) is reported here too.
 */
#include "lower.h"

#include <string.h>

/* One rule of a lifecycle policy: expire what `selection` selects. */
static void lifecycle_rule(JsonW *w, int priority, const char *description, const char *status,
			   const char *count_type, int64_t count)
{
	json_object_begin(w);
	json_key(w, "rulePriority");
	json_int(w, priority);
	json_key(w, "description");
	json_string(w, description);
	json_key(w, "selection");
	json_object_begin(w);
	json_key(w, "tagStatus");
	json_string(w, status);
	json_key(w, "countType");
	json_string(w, count_type);
	if (strcmp(count_type, "sinceImagePushed") == 0) {
		json_key(w, "countUnit");
		json_string(w, "days");
	}
	json_key(w, "countNumber");
	json_int(w, count);
	json_object_end(w);
	json_key(w, "action");
	json_object_begin(w);
	json_key(w, "type");
	json_string(w, "expire");
	json_object_end(w);
	json_object_end(w);
}

void lower_registry_repository(Lower *l, const Object *blk)
{
	Object *r = lower_resource(l, "aws_ecr_repository", NULL);
	lower_set(l, r, "name", obj_get(blk, "name"));
	lower_set(l, r, "image_tag_mutability", lower_string(l, obj_bool(blk, "mutable_tags") ? "MUTABLE" : "IMMUTABLE"));
	Object *scan = lower_block(l, r, "image_scanning_configuration");
	lower_set(l, scan, "scan_on_push", lower_bool(l, obj_bool(blk, "scan_on_push")));
	const Value *key = obj_get(blk, "key");
	Object *enc = lower_block(l, r, "encryption_configuration");
	lower_set(l, enc, "encryption_type", lower_string(l, key->kind == V_NULL ? "AES256" : "KMS"));
	if (key->kind != V_NULL)
		lower_set(l, enc, "kms_key", lower_thing(l, key, "arn"));
	lower_output(l, arena_printf(l->c->arena, "repository_%s_url", tf_name(l->c->arena, blk)),
		     lower_ref(l, r, "repository_url"), false);

	const Object *lc = obj_ref(blk, "lifecycle");
	const Value *keep = lc ? obj_get(lc, "keep_last") : NULL, *untagged = lc ? obj_get(lc, "untagged") : NULL;
	if (!lc || (keep->kind == V_NULL && untagged->kind == V_NULL))
		return;
	Buf text = {0};
	JsonW w;
	json_init(&w, &text);
	json_object_begin(&w);
	json_key(&w, "rules");
	json_array_begin(&w);
	int priority = 1;
	if (untagged->kind == V_QTY)
		lifecycle_rule(&w, priority++, "expire untagged images", "untagged", "sinceImagePushed", untagged->i / 86400);
	if (keep->kind == V_INT)
		lifecycle_rule(&w, priority++, arena_printf(l->c->arena, "keep the last %lld images", (long long)keep->i),
			       "any", "imageCountMoreThan", keep->i);
	json_array_end(&w);
	json_object_end(&w);
	json_finish(&w);
	Object *p = lower_resource(l, "aws_ecr_lifecycle_policy", NULL);
	lower_set(l, p, "repository", lower_ref(l, r, "name"));
	lower_set_text(l, p, "policy", buf_cstr(&text));
	buf_free(&text);
}

void lower_registry_registry(Lower *l, const Object *blk)
{
	static const struct {
		const char *frequency, *aws;
	} frequencies[] = {
		{"scan_on_push", "SCAN_ON_PUSH"}, {"continuous_scan", "CONTINUOUS_SCAN"}, {"manual", "MANUAL"},
	};
	bool enhanced = strcmp(obj_str(blk, "scanning"), "enhanced") == 0;
	Object *r = lower_resource(l, "aws_ecr_registry_scanning_configuration", NULL);
	lower_set(l, r, "scan_type", lower_string(l, enhanced ? "ENHANCED" : "BASIC"));
	const Vec *rules = obj_blocks(blk, "scan_rule");
	for (size_t i = 0; i < rules->len; i++) {
		const Object *rule = rules->items[i];
		const char *freq = obj_str(rule, "frequency"), *aws = NULL;
		for (size_t k = 0; k < COUNT_OF(frequencies); k++)
			if (strcmp(frequencies[k].frequency, freq) == 0)
				aws = frequencies[k].aws;
		if (!enhanced && strcmp(freq, "continuous_scan") == 0)
			compiler_diag(l->c, OUT_AWS_VALUE, obj_value_span(rule, "frequency"),
				      "continuous scanning needs `scanning = enhanced`");
		Object *b = lower_block(l, r, "rule");
		lower_set(l, b, "scan_frequency", lower_string(l, aws));
		Object *filter = lower_block(l, b, "repository_filter");
		lower_set(l, filter, "filter", obj_get(rule, "filter"));
		lower_set(l, filter, "filter_type", lower_string(l, "WILDCARD"));
	}
	const Vec *caches = obj_blocks(blk, "cache");
	for (size_t i = 0; i < caches->len; i++) {
		const Object *c = caches->items[i];
		Object *p = lower_resource_for(l, c, NULL, "aws_ecr_pull_through_cache_rule", NULL);
		lower_set(l, p, "ecr_repository_prefix", lower_string(l, c->name));
		lower_set(l, p, "upstream_registry_url", obj_get(c, "upstream"));
		const Value *cred = obj_get(c, "credentials");
		if (cred->kind == V_REF)
			lower_set(l, p, "credential_arn", lower_thing(l, cred, "arn"));
	}
}

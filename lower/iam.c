/*
 * iam.c: the lowering of identities into terraform/iam.tf: managed
 * policies, users and OIDC providers.  (Roles are still written by
 * emitters/terraform.c.)  The policy documents themselves are the IAM
 * stage's (emitters/iam.c): a lowered attribute names the document it
 * holds, and the serializer writes that document's text.
 */
#include "lower.h"

#include <string.h>

void lower_iam_policy(Lower *l, const Object *blk)
{
	Object *p = lower_resource(l, "aws_iam_policy", NULL);
	lower_set(l, p, "name", obj_get(blk, "name"));
	lower_set(l, p, "path", obj_get(blk, "path"));
	if (obj_described(blk))
		lower_set(l, p, "description", obj_get(blk, "description"));
	lower_set_doc(l, p, "policy", "managed");
}

void lower_iam_user(Lower *l, const Object *blk)
{
	Object *u = lower_resource(l, "aws_iam_user", NULL);
	lower_set(l, u, "name", obj_get(blk, "name"));
	lower_set(l, u, "path", obj_get(blk, "path"));
	if (obj_blocks(blk, "allow")->len || obj_blocks(blk, "deny")->len) {
		Object *p = lower_resource(l, "aws_iam_user_policy", NULL);
		lower_set(l, p, "name", lower_string(l, arena_printf(l->c->arena, "%s-inline", obj_name(blk))));
		lower_set(l, p, "user", lower_ref(l, u, "name"));
		lower_set_doc(l, p, "policy", "inline");
	}
	const Value *pols = obj_get(blk, "policies");
	for (uint32_t i = 0; i < pols->n; i++) {
		Object *a = lower_resource(l, "aws_iam_user_policy_attachment", arena_printf(l->c->arena, "%u", i));
		lower_set(l, a, "user", lower_ref(l, u, "name"));
		lower_set(l, a, "policy_arn", lower_thing(l, pols->items[i], "arn"));
	}
	if (obj_bool(blk, "access_key")) {
		Object *k = lower_resource(l, "aws_iam_access_key", NULL);
		lower_set(l, k, "user", lower_ref(l, u, "name"));
	}
}

void lower_iam_oidc_provider(Lower *l, const Object *blk)
{
	Object *p = lower_resource(l, "aws_iam_openid_connect_provider", NULL);
	lower_set(l, p, "url", obj_get(blk, "url"));
	lower_set(l, p, "client_id_list", obj_get(blk, "audiences"));
}

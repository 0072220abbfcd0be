/*
 * iam.c: the lowering of identities into terraform/iam.tf: managed
 * policies, users, OIDC providers and roles, with the Pod Identity
 * associations of roles in terraform/cluster.tf.  The policy documents
 * themselves are the IAM
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

/* The inline policy of a user or role (its statements, when it has
 * some) and the attachments of its managed policies; the inline policy
 * names the principal by inline_attr (a user by its name, a role by its
 * id), the attachments by its name. */
static void policies(Lower *l, const Object *blk, Object *principal, const char *who, const char *inline_attr)
{
	Arena *a = l->c->arena;
	if (obj_blocks(blk, "allow")->len || obj_blocks(blk, "deny")->len) {
		Object *p = lower_resource(l, arena_printf(a, "aws_iam_%s_policy", who), NULL);
		lower_set(l, p, "name", lower_string(l, arena_printf(a, "%s-inline", obj_name(blk))));
		lower_set(l, p, who, lower_ref(l, principal, inline_attr));
		lower_set_doc(l, p, "policy", "inline");
	}
	const Value *pols = obj_get(blk, "policies");
	for (uint32_t i = 0; i < pols->n; i++) {
		Object *at = lower_resource(l, arena_printf(a, "aws_iam_%s_policy_attachment", who), arena_printf(a, "%u", i));
		lower_set(l, at, who, lower_ref(l, principal, "name"));
		lower_set(l, at, "policy_arn", lower_thing(l, pols->items[i], "arn"));
	}
}

void lower_iam_user(Lower *l, const Object *blk)
{
	Object *u = lower_resource(l, "aws_iam_user", NULL);
	lower_set(l, u, "name", obj_get(blk, "name"));
	lower_set(l, u, "path", obj_get(blk, "path"));
	policies(l, blk, u, "user", "name");
	if (obj_bool(blk, "access_key")) {
		Object *k = lower_resource(l, "aws_iam_access_key", NULL);
		lower_set(l, k, "user", lower_ref(l, u, "name"));
		const char *n = tf_name(l->c->arena, blk);
		lower_output(l, arena_printf(l->c->arena, "user_%s_access_key_id", n), lower_ref(l, k, "id"), false);
		lower_output(l, arena_printf(l->c->arena, "user_%s_secret_access_key", n), lower_ref(l, k, "secret"), true);
	}
}

void lower_iam_oidc_provider(Lower *l, const Object *blk)
{
	Object *p = lower_resource(l, "aws_iam_openid_connect_provider", NULL);
	lower_set(l, p, "url", obj_get(blk, "url"));
	lower_set(l, p, "client_id_list", obj_get(blk, "audiences"));
}

static void add_dep(Lower *l, Vec *deps, const Object *obj)
{
	for (size_t i = 0; i < deps->len; i++)
		if (((Value *)deps->items[i])->obj == obj)
			return;
	vec_push(deps, lower_block_ref(l, obj));
}

/* The role itself, its inline policy and its attachments.  IAM refuses
 * a trust policy that names a principal which does not exist yet, and
 * the ARNs in it are literals: the users, the roles and the GitHub OIDC
 * provider it trusts are created first. */
static void role_made(Lower *l, const Object *blk)
{
	Object *r = lower_resource(l, "aws_iam_role", NULL);
	lower_set(l, r, "name", obj_get(blk, "name"));
	lower_set(l, r, "path", obj_get(blk, "path"));
	if (obj_described(blk))
		lower_set(l, r, "description", obj_get(blk, "description"));
	lower_set(l, r, "max_session_duration", lower_int(l, obj_int(blk, "max_session")));
	Value *boundary = obj_get(blk, "boundary");
	if (boundary->kind != V_NULL)
		lower_set(l, r, "permissions_boundary", boundary);
	lower_set_doc(l, r, "assume_role_policy", "trust");
	Vec deps = {0};
	const Vec *trusts = obj_blocks(blk, "trust");
	for (size_t i = 0; i < trusts->len; i++) {
		const Object *t = trusts->items[i];
		const char *v = t->kind->variant;
		if (strcmp(v, "user") == 0) {
			const Value *users = obj_get(t, "users");
			for (uint32_t k = 0; k < users->n; k++)
				add_dep(l, &deps, users->items[k]->obj);
		} else if (strcmp(v, "github") == 0) {
			const Object *p = model_github_provider(l->m, t);
			if (p)
				add_dep(l, &deps, p);
		} else if (strcmp(v, "account") == 0) {
			/* Two roles that trust each other are reported by
			 * check_model.c. */
			const Object *p = model_principal(l->m, obj_get(t, "principal"));
			if (p && p != blk && !obj_adopted(p))
				add_dep(l, &deps, p);
		}
	}
	if (deps.len)
		lower_set(l, r, "depends_on", lower_list(l, (Value **)deps.items, (uint32_t)deps.len));
	vec_free(&deps);
	policies(l, blk, r, "role", "id");
}

/* Whether an add-on of cluster associates role with service account
 * ns/sa itself (aws_eks_addon's pod_identity_association), so that the
 * role's pod_identity trust must not make a second association for it:
 * EKS refuses two for one service account. */
static bool addon_associates(const Object *cluster, const Object *role, const char *ns, const char *sa)
{
	const Vec *addons = cluster ? obj_blocks(cluster, "addon") : NULL;
	for (size_t i = 0; addons && i < addons->len; i++) {
		const Object *a = addons->items[i];
		const char *ans, *asa;
		if (obj_ref(a, "role") != role || !(asa = addon_account(a, &ans)))
			continue;
		if (strcmp(asa, sa) == 0 && (!ans || strcmp(ans, ns) == 0))
			return true;
	}
	return false;
}

/* A role, made here unless it adopts one made elsewhere; either way the
 * OIDC id of a typed cluster its IRSA trusts name (as a cluster of the
 * spec has its own), and a Pod Identity association for each service
 * account its pod_identity trusts cover but an add-on associates. */
void lower_iam_role(Lower *l, const Object *blk)
{
	Arena *a = l->c->arena;
	if (!obj_adopted(blk))
		role_made(l, blk);
	lower_output(l, arena_printf(a, "role_%s_arn", tf_name(a, blk)), lower_own(l, "arn"), false);
	const Vec *trusts = obj_blocks(blk, "trust");
	for (size_t i = 0; i < trusts->len; i++) {
		const Object *t = trusts->items[i];
		const Value *cv = strcmp(t->kind->variant, "irsa") == 0 ? obj_get(t, "cluster") : NULL;
		if (!cv || cv->kind != V_REF || !cv->obj->kind->tf_type)
			continue;
		const char *issuer = tf_thing(a, cv, "identity[0].oidc[0].issuer");
		lower_local(l, "iam", tf_oidc_local(a, cv),
			    lower_expr(l, arena_printf(a, "element(split(\"/\", %s), 4)", issuer)));
	}
	Value *self = lower_block_ref(l, blk);
	for (size_t i = 0; i < trusts->len; i++) {
		const Object *t = trusts->items[i];
		if (strcmp(t->kind->variant, "pod_identity") != 0)
			continue;
		const TrustAccount *acc;
		size_t n = model_trust_accounts(l->m, blk, t, &acc);
		for (size_t k = 0; k < n; k++) {
			if (addon_associates(obj_ref(t, "cluster"), blk, acc[k].ns, acc[k].sa))
				continue;
			Object *p = lower_resource_for(l, l->owner, "cluster", "aws_eks_pod_identity_association",
						      names_ident(a, arena_printf(a, "%s_%s", acc[k].ns, acc[k].sa)));
			lower_set(l, p, "cluster_name", lower_thing(l, obj_get(t, "cluster"), "name"));
			lower_set(l, p, "namespace", lower_string(l, acc[k].ns));
			lower_set(l, p, "service_account", lower_string(l, acc[k].sa));
			lower_set(l, p, "role_arn", lower_thing(l, self, "arn"));
			lower_fact(l, p, arena_printf(a, "%s/%s", acc[k].ns, acc[k].sa), "role", t->span, blk->path);
		}
	}
}

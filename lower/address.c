/*
 * address.c: the Terraform address of what a block becomes, and the
 * expressions that read it.
 *
 * A reference to a block's output (`network.main.id`, `topic.alerts.arn`)
 * is known only after apply; wherever it is written (HCL, IAM documents)
 * it becomes the same expression, made here: the attribute of the
 * resource the block's row in lower.c names, or the expression a kind
 * gives for an output of another shape (a tier's subnet ids, a cluster's
 * OIDC issuer).  Every back end and the IAM stage ask here, so they
 * agree by construction.
 */
#include "lower.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *tf_name(Arena *a, const Object *obj)
{
	return names_terraform(a, obj);
}

/* Outputs of stdlib blocks whose Terraform expression is not the main
 * resource's attribute of the same name; %s is the block's Terraform name. */
static const struct {
	const char *kind, *output, *expr;
} output_exprs[] = {
	{"kms_key", "key_id", "aws_kms_key.%s.key_id"},
	{"cluster", "endpoint_url", "aws_eks_cluster.%s.endpoint"},
	{"cluster", "oidc_issuer", "aws_eks_cluster.%s.identity[0].oidc[0].issuer"},
	{"cluster", "security_group_id", "aws_eks_cluster.%s.vpc_config[0].cluster_security_group_id"},
	{"cluster", "oidc_provider_arn", "aws_iam_openid_connect_provider.%s.arn"},
	{"pool", "asg_names", "flatten(aws_eks_node_group.%s.resources[*].autoscaling_groups[*].name)"},
	{"cache", "endpoint", "aws_elasticache_replication_group.%s.primary_endpoint_address"},
	{"cache", "security_group_id", "aws_security_group.%s_cache.id"},
	{"database", "security_group_id", "aws_security_group.%s_db.id"},
};


/* What an adopted block's `existing` names, by kind: the attribute of
 * the thing it adopts that it gives (a network is adopted by its VPC
 * id, a role by its ARN). */
static const struct {
	const char *kind, *attr;
} adopted_as[] = {
	{"network", "id"},
	{"role", "arn"},
};

const Value *tf_adopted_as(const Object *obj, const char *output)
{
	const Value *own = obj_adopted(obj);
	for (size_t i = 0; own && i < COUNT_OF(adopted_as); i++)
		if (strcmp(obj->kind->name, adopted_as[i].kind) == 0 && strcmp(output, adopted_as[i].attr) == 0)
			return own;
	return NULL;
}

/* The subnets of a tier, or its route tables, as a list expression
 * `[aws_subnet.main_private_a.id, ...]`, or the element at `index` (>= 0). */
static const char *tier_list(Arena *a, const Object *tier, const char *output, long index)
{
	const Object *net = tier->parent;
	const Value *zones = obj_get(net, "zones"), *cidrs = obj_get(tier, "cidrs");
	const char *tn = tf_name(a, tier);
	bool tables = strcmp(output, "route_table_ids") == 0;
	const Value *ids = obj_adopted(tier);
	if (ids && !tables) {
		/* Route tables of adopted subnets cannot be named (eval.c). */
		if (ids->kind != V_LIST || index >= (long)ids->n)
			return index >= 0 ? arena_printf(a, "%s[%ld]", tf_thing(a, ids, "id"), index) : tf_thing(a, ids, "id");
		if (index >= 0)
			return tf_thing(a, ids->items[index], "id");
		Buf b = {0};
		buf_putc(&b, '[');
		for (uint32_t i = 0; i < ids->n; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", tf_thing(a, ids->items[i], "id"));
		buf_putc(&b, ']');
		const char *r = arena_strndup(a, b.data, b.len);
		buf_free(&b);
		return r;
	}
	/* One route table per zone only for a NAT route with a NAT per zone. */
	bool per_zone = !tables || (strcmp(obj_str(tier, "route"), "nat") == 0 && strcmp(obj_str(net, "nat"), "per_zone") == 0 &&
				    zones->n > 1);
	Buf b = {0};
	buf_putc(&b, '[');
	uint32_t n = !per_zone ? 1 : tables ? zones->n : cidrs->n < zones->n ? cidrs->n : zones->n;
	for (uint32_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s.%s_%c.id", i ? ", " : "", tables ? "aws_route_table" : "aws_subnet", tn,
			   tf_zone_letter(zones->items[i], i));
	if (!per_zone) {
		b.len = 1;
		buf_printf(&b, "aws_route_table.%s.id", tn);
	}
	buf_putc(&b, ']');
	if (index >= 0) {
		/* The element, unless the index is outside the list: then
		 * the list indexed, which Terraform reports. */
		if ((uint32_t)index < n) {
			const char *r = per_zone ? arena_printf(a, "%s.%s_%c.id", tables ? "aws_route_table" : "aws_subnet", tn,
							     tf_zone_letter(zones->items[index], (uint32_t)index))
						 : arena_printf(a, "aws_route_table.%s.id", tn);
			buf_free(&b);
			return r;
		}
		buf_printf(&b, "[%ld]", index);
	}
	const char *r = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return r;
}

/* The Terraform address of a cluster: the aws_eks_cluster infrac makes,
 * or for a cluster it adopts (`existing`) the resource or data source
 * named there, else a data source of its own that reads it by name. */
const char *tf_cluster_base(Arena *a, const Object *cl)
{
	const Value *v = obj_adopted(cl);
	if (!v)
		return arena_printf(a, "aws_eks_cluster.%s", tf_name(a, cl));
	if (v->kind == V_REF)
		return arena_printf(a, "%s%s.%s", v->obj->kind->data ? "data." : "", v->obj->kind->tf_type, tf_name(a, v->obj));
	return arena_printf(a, "data.aws_eks_cluster.%s", tf_name(a, cl));
}

const char *tf_output_expr(Arena *a, const Object *obj, const char *output)
{
	if (!obj)
		return output; /* a Terraform expression of the lowering's (lower_expr) */
	const char *k = obj->kind->name;
	const char *n = tf_name(a, obj);
	if (obj->kind->tf_type)
		return arena_printf(a, "%s%s.%s.%s", obj->kind->data ? "data." : "", obj->kind->tf_type, n, output);
	/* An element of a list output: ids[1]. */
	const char *index = strchr(output, '[');
	if (index) {
		const char *field = arena_strndup(a, output, (size_t)(index - output));
		if (strcmp(k, "subnet") == 0)
			return tier_list(a, obj, field, strtol(index + 1, NULL, 10));
		const char *base = tf_output_expr(a, obj, field);
		return base ? arena_printf(a, "%s%s", base, index) : NULL;
	}
	if (strcmp(k, "secret") == 0)
		return arena_printf(a, "%saws_secretsmanager_secret.%s.arn", obj_bool(obj, "create") ? "" : "data.", n);
	if (strcmp(k, "subnet") == 0)
		return tier_list(a, obj, output, -1);
	if (strcmp(k, "variable") == 0)
		return arena_printf(a, "var.%s", obj_name(obj));
	const Value *adopted = tf_adopted_as(obj, output);
	if (adopted)
		return tf_thing(a, adopted, output);
	if (strcmp(k, "cluster") == 0 && obj_adopted(obj)) {
		/* The same attributes, of what the cluster adopts. */
		const char *base = tf_cluster_base(a, obj), *own = "aws_eks_cluster.%s";
		if (strcmp(output, "oidc_provider_arn") == 0)
			return arena_printf(a, "local.%s_oidc_provider_arn", n);
		for (size_t i = 0; i < COUNT_OF(output_exprs); i++)
			if (strcmp(k, output_exprs[i].kind) == 0 && strcmp(output, output_exprs[i].output) == 0 &&
			    strncmp(output_exprs[i].expr, own, strlen(own)) == 0)
				return arena_printf(a, "%s%s", base, output_exprs[i].expr + strlen(own));
		return arena_printf(a, "%s.%s", base, output);
	}
	/* A node group adopted is read by a data source of the same name. */
	const char *data = strcmp(k, "pool") == 0 && obj_adopted(obj) ? "data." : "";
	for (size_t i = 0; i < COUNT_OF(output_exprs); i++)
		if (strcmp(k, output_exprs[i].kind) == 0 && strcmp(output, output_exprs[i].output) == 0) {
			const char *e = output_exprs[i].expr, *at = strstr(e, "aws_");
			return arena_printf(a, "%.*s%s%s", (int)(at - e), e, data, arena_printf(a, at, n));
		}
	const char *type = lower_main_type(obj);
	if (!type)
		return NULL;
	return arena_printf(a, "%s%s.%s.%s", data, type, n, output);
}

const char *tf_oidc_local(Arena *a, const Value *cluster)
{
	if (cluster->kind != V_REF)
		return NULL;
	const Object *cl = cluster->obj;
	if (!cl->kind->tf_type)
		return arena_printf(a, "%s_oidc_id", tf_name(a, cl));
	return arena_printf(a, "%s%s_%s_oidc_id", cl->kind->data ? "data_" : "", cl->kind->tf_type, tf_name(a, cl));
}

const char *tf_expr(Arena *a, const Value *v)
{
	return v->kind == V_DEFERRED ? tf_output_expr(a, v->obj, v->s) : NULL;
}

bool tf_deferred(Arena *a, Buf *b, const Value *v)
{
	if (v->kind != V_DEFERRED)
		return false;
	const char *e = tf_output_expr(a, v->obj, v->s);
	if (!e)
		return false;
	buf_printf(b, "${%s}", e);
	return true;
}

/* A string value as an HCL expression: literal text escaped, values
 * known after apply as interpolations. */
void tf_string(Arena *a, Buf *b, const Value *v)
{
	if (v->kind == V_STRING) {
		hcl_string(b, v->s, v->len);
		return;
	}
	if (v->kind == V_DEFERRED) {
		/* A value that is only a reference is written bare, as
		 * `terraform fmt` wants it. */
		const char *e = tf_output_expr(a, v->obj, v->s);
		buf_puts(b, e ? e : "\"\"");
		return;
	}
	if (v->kind == V_TEMPLATE) {
		buf_putc(b, '"');
		for (uint32_t i = 0; i < v->n; i++) {
			const Value *p = v->items[i];
			if (p->kind == V_DEFERRED) {
				tf_deferred(a, b, p);
			} else {
				Buf e = {0};
				hcl_string(&e, p->s, p->len);
				buf_put(b, e.data + 1, e.len - 2);
				buf_free(&e);
			}
		}
		buf_putc(b, '"');
		return;
	}
	Buf t = {0};
	if (value_to_text(v, &t))
		hcl_string(b, t.data, t.len);
	else
		buf_puts(b, "null");
	buf_free(&t);
}

/* Attribute attr (an id, an ARN, a name) of a thing a field names, as an
 * expression: of one of this spec's blocks, or of a typed resource or
 * data source; a string or expression that names an existing thing is
 * that attribute already (existing(...) in stdlib/kinds/). */
const char *tf_thing(Arena *a, const Value *v, const char *attr)
{
	if (v->kind == V_REF)
		return tf_output_expr(a, v->obj, attr);
	Buf b = {0};
	tf_string(a, &b, v);
	const char *r = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return r;
}

char tf_zone_letter(const Value *zone, uint32_t i)
{
	if (zone->kind == V_STRING && zone->len && islower((unsigned char)zone->s[zone->len - 1]))
		return zone->s[zone->len - 1];
	return (char)('a' + i);
}

const char *tf_subnet_name(Arena *a, const Object *tier, uint32_t i)
{
	const Value *zones = obj_get(tier->parent, "zones");
	return arena_printf(a, "%s_%c", tf_name(a, tier), tf_zone_letter(zones->items[i], i));
}

const char *tf_expr_list(Arena *a, Vec *exprs)
{
	Buf b = {0};
	buf_putc(&b, '[');
	for (size_t i = 0; i < exprs->len; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", (const char *)exprs->items[i]);
	buf_putc(&b, ']');
	vec_free(exprs);
	const char *r = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return r;
}

/* The ids of the things in l: a subnet tier gives one per zone (or the
 * subnets it adopts), anything else its own; a whole list known after
 * apply (`data.aws_subnets.private.ids`) goes to `lists`. */
static void id_items(Arena *a, Vec *ids, Vec *lists, const Value *l)
{
	if (l->kind != V_LIST) {
		vec_push(lists, (void *)tf_thing(a, l, "id"));
		return;
	}
	for (uint32_t i = 0; i < l->n; i++) {
		const Value *v = l->items[i];
		if (v->kind == V_REF && strcmp(v->obj->kind->name, "subnet") == 0 && !v->obj->kind->tf_type) {
			const Object *tier = v->obj;
			const Value *own = obj_adopted(tier), *cidrs = obj_get(tier, "cidrs");
			if (own)
				id_items(a, ids, lists, own);
			for (uint32_t k = 0; !own && k < cidrs->n; k++)
				vec_push(ids, (void *)arena_printf(a, "aws_subnet.%s.id", tf_subnet_name(a, tier, k)));
		} else {
			vec_push(ids, (void *)tf_thing(a, v, "id"));
		}
	}
}

const char *tf_id_list(Arena *a, Vec *ids, const Value *l)
{
	Vec lists = {0};
	id_items(a, ids, &lists, l);
	if (!lists.len)
		return tf_expr_list(a, ids);
	Buf b = {0};
	bool concat = ids->len || lists.len > 1;
	buf_puts(&b, concat ? "concat(" : "");
	if (ids->len)
		buf_printf(&b, "%s, ", tf_expr_list(a, ids));
	else
		vec_free(ids);
	for (size_t i = 0; i < lists.len; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", (const char *)lists.items[i]);
	buf_puts(&b, concat ? ")" : "");
	vec_free(&lists);
	const char *r = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return r;
}

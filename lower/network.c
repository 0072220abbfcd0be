/*
 * network.c: the lowering of what carries traffic: security groups with
 * their rules, interface VPC endpoints and certificates, into
 * terraform/network.tf.
 *
 * A security group's rules are resources of their own (the provider's
 * aws_vpc_security_group_ingress_rule and _egress_rule), one per rule
 * block, named after the group, the direction and the rule's place.
 */
#include "lower.h"

#include <string.h>

void lower_port_range(const Value *ports, int64_t *from, int64_t *to)
{
	if (!ports || ports->kind == V_NULL) {
		*from = 0;
		*to = 65535;
	} else if (ports->kind == V_INT) {
		*from = *to = ports->i;
	} else { /* V_RANGE */
		*from = ports->i;
		*to = ports->i + ports->n - 1;
	}
}

const char *lower_protocol(const char *protocol)
{
	static const char *const named[] = {"tcp", "udp", "icmp"};
	for (size_t i = 0; i < COUNT_OF(named); i++)
		if (strcmp(protocol, named[i]) == 0)
			return named[i];
	return "-1"; /* every protocol */
}

/* `Name` from a block's name, the tag the AWS console shows. */
Value *lower_name_tag(Lower *l, const char *name)
{
	const char *key = "Name";
	Value *v = lower_string(l, name);
	return lower_map(l, &key, &v, 1);
}

/* One rule of a security group: the protocol and ports, and the peer (a
 * CIDR block, another group, or the group itself). */
static void sg_rule(Lower *l, Object *sg, const Object *rule, bool egress, size_t index)
{
	const Value *peer = obj_get(rule, egress ? "to" : "from");
	if (peer->kind == V_NULL)
		return; /* check_model.c reports it */
	Object *r = lower_resource(l, egress ? "aws_vpc_security_group_egress_rule" : "aws_vpc_security_group_ingress_rule",
				   arena_printf(l->c->arena, "%s_%zu", egress ? "egress" : "ingress", index));
	lower_set(l, r, "security_group_id", lower_ref(l, sg, "id"));
	const char *proto = lower_protocol(obj_str(rule, "protocol"));
	lower_set(l, r, "ip_protocol", lower_string(l, proto));
	if (strcmp(proto, "tcp") == 0 || strcmp(proto, "udp") == 0) {
		int64_t from, to;
		lower_port_range(obj_get(rule, "ports"), &from, &to);
		lower_set(l, r, "from_port", lower_int(l, from));
		lower_set(l, r, "to_port", lower_int(l, to));
	} else if (strcmp(proto, "icmp") == 0) {
		lower_set(l, r, "from_port", lower_int(l, -1));
		lower_set(l, r, "to_port", lower_int(l, -1));
	}
	if (peer->kind == V_CIDR) {
		Buf t = {0};
		value_to_text(peer, &t);
		lower_set(l, r, "cidr_ipv4", lower_string(l, buf_cstr(&t)));
		buf_free(&t);
	} else if (peer->kind == V_SYMBOL) { /* self */
		lower_set(l, r, "referenced_security_group_id", lower_ref(l, sg, "id"));
	} else {
		lower_set(l, r, "referenced_security_group_id", lower_thing(l, peer, "id"));
	}
	const char *desc = obj_str(rule, "description");
	if (desc && *desc)
		lower_set(l, r, "description", lower_string(l, desc));
}

void lower_network_security_group(Lower *l, const Object *blk)
{
	Object *sg = lower_resource(l, "aws_security_group", NULL);
	lower_set(l, sg, "name", obj_get(blk, "name"));
	lower_set(l, sg, "description", obj_get(blk, "description"));
	lower_set(l, sg, "vpc_id", lower_thing(l, obj_get(blk, "network"), "id"));
	lower_set(l, sg, "tags", lower_name_tag(l, obj_name(blk)));
	for (int egress = 0; egress < 2; egress++) {
		const Vec *rules = obj_blocks(blk, egress ? "egress" : "ingress");
		for (size_t i = 0; i < rules->len; i++)
			sg_rule(l, sg, rules->items[i], egress, i);
	}
}

/* An interface endpoint: the service's name in the environment's region,
 * an interface in each subnet. */
void lower_network_vpc_endpoint(Lower *l, const Object *blk)
{
	Object *e = lower_resource(l, "aws_vpc_endpoint", NULL);
	const char *region = obj_str(l->m->environment, "region");
	lower_set(l, e, "vpc_id", lower_thing(l, obj_get(blk, "network"), "id"));
	lower_set(l, e, "service_name",
		  lower_string(l, arena_printf(l->c->arena, "com.amazonaws.%s.%s", region, obj_str(blk, "service"))));
	lower_set(l, e, "vpc_endpoint_type", lower_string(l, "Interface"));
	lower_set(l, e, "subnet_ids", lower_expr(l, tf_id_list(l->c->arena, &(Vec){0}, obj_get(blk, "subnets"))));
	const Value *sgs = obj_get(blk, "security_groups");
	if (value_has_items(sgs))
		lower_set(l, e, "security_group_ids", lower_expr(l, tf_id_list(l->c->arena, &(Vec){0}, sgs)));
	lower_set(l, e, "private_dns_enabled", lower_bool(l, obj_bool(blk, "private_dns")));
}

/* A certificate validated through DNS: one record per name ACM asks
 * about (known after apply, so the records are one resource with
 * for_each), and the validation that waits for them.  A new certificate
 * is made before the old one goes. */
void lower_network_certificate(Lower *l, const Object *blk)
{
	Arena *a = l->c->arena;
	Object *cert = lower_resource(l, "aws_acm_certificate", NULL);
	lower_set(l, cert, "domain_name", obj_get(blk, "domain"));
	Value *alts = obj_get(blk, "alternatives");
	if (alts->n)
		lower_set(l, cert, "subject_alternative_names", alts);
	lower_set(l, cert, "validation_method", lower_string(l, "DNS"));
	lower_set(l, lower_block(l, cert, "lifecycle"), "create_before_destroy", lower_bool(l, true));
	Object *rec = lower_resource(l, "aws_route53_record", "validation");
	lower_for_each(l, rec, lower_expr(l, arena_printf(a, "{ for o in aws_acm_certificate.%s.domain_validation_options : "
								"o.domain_name => o }", cert->name)));
	lower_set(l, rec, "zone_id", lower_thing(l, obj_get(blk, "zone"), "zone_id"));
	lower_set(l, rec, "name", lower_expr(l, "each.value.resource_record_name"));
	lower_set(l, rec, "type", lower_expr(l, "each.value.resource_record_type"));
	lower_set(l, rec, "records", lower_expr(l, "[each.value.resource_record_value]"));
	lower_set(l, rec, "ttl", lower_int(l, 60));
	lower_set(l, rec, "allow_overwrite", lower_bool(l, true));
	Object *val = lower_resource(l, "aws_acm_certificate_validation", NULL);
	lower_set(l, val, "certificate_arn", lower_ref(l, cert, "arn"));
	lower_set(l, val, "validation_record_fqdns",
		  lower_expr(l, arena_printf(a, "[for r in aws_route53_record.%s : r.fqdn]", rec->name)));
}

/*
 * network.c: the lowering of what carries traffic: networks (the VPC,
 * subnet tiers, gateways, route tables, ACLs and flow logs), security
 * groups with their rules, interface VPC endpoints and certificates, into
 * terraform/network.tf.
 *
 * A security group's rules are resources of their own (the provider's
 * aws_vpc_security_group_ingress_rule and _egress_rule), one per rule
 * block, named after the group, the direction and the rule's place.
 */
#include "lower.h"

#include <stdlib.h>
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
	lower_output(l, arena_printf(l->c->arena, "security_group_%s_id", tf_name(l->c->arena, blk)), lower_ref(l, sg, "id"),
		     false);
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
	lower_set(l, e, "subnet_ids", lower_ids(l, obj_get(blk, "subnets")));
	const Value *sgs = obj_get(blk, "security_groups");
	if (value_has_items(sgs))
		lower_set(l, e, "security_group_ids", lower_ids(l, sgs));
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

/* One ACL rule per CIDR block of its peer (a subnet tier has several),
 * numbered from the rule's label. */
static void acl_rules(Lower *l, const Object *acl, Object *res, const char *dir, const Object *rule)
{
	bool egress = strcmp(dir, "out") == 0;
	int64_t number = strtoll(rule->name, NULL, 10);
	const Value *peer = obj_get(rule, egress ? "to" : "from");
	const Value *cidrs = peer->kind == V_REF ? obj_get(peer->obj, "cidrs") : NULL;
	uint32_t n = peer->kind == V_CIDR ? 1 : cidrs ? cidrs->n : 0;
	const char *proto = lower_protocol(obj_str(rule, "protocol"));
	int64_t from, to;
	lower_port_range(obj_get(rule, "ports"), &from, &to);
	for (uint32_t i = 0; i < n; i++) {
		int64_t num = number + (int64_t)i;
		Buf cidr = {0};
		value_to_text(cidrs ? cidrs->items[i] : peer, &cidr);
		Object *r = lower_resource_for(l, acl, NULL, "aws_network_acl_rule",
					       arena_printf(l->c->arena, "%s_%lld", dir, (long long)num));
		lower_set(l, r, "network_acl_id", lower_ref(l, res, "id"));
		lower_set(l, r, "rule_number", lower_int(l, num));
		lower_set(l, r, "egress", lower_bool(l, egress));
		lower_set(l, r, "protocol", lower_string(l, proto));
		lower_set(l, r, "rule_action", lower_string(l, obj_str(rule, "action")));
		lower_set(l, r, "cidr_block", lower_string(l, buf_cstr(&cidr)));
		if (strcmp(proto, "tcp") == 0 || strcmp(proto, "udp") == 0) {
			lower_set(l, r, "from_port", lower_int(l, from));
			lower_set(l, r, "to_port", lower_int(l, to));
		} else if (strcmp(proto, "icmp") == 0) {
			lower_set(l, r, "icmp_type", lower_int(l, -1));
			lower_set(l, r, "icmp_code", lower_int(l, -1));
		}
		buf_free(&cidr);
	}
}

static void acl(Lower *l, const Object *net, Value *vpc, const Object *acl)
{
	Object *r = lower_resource_for(l, acl, NULL, "aws_network_acl", NULL);
	lower_set(l, r, "vpc_id", vpc);
	lower_set(l, r, "subnet_ids", lower_ids(l, obj_get(acl, "subnets")));
	lower_set(l, r, "tags", lower_name_tag(l, arena_printf(l->c->arena, "%s-%s", obj_name(net), acl->name)));
	static const char *const dirs[][2] = {{"inbound", "in"}, {"outbound", "out"}};
	for (size_t d = 0; d < COUNT_OF(dirs); d++) {
		const Vec *rules = obj_blocks(acl, dirs[d][0]);
		for (size_t i = 0; i < rules->len; i++)
			acl_rules(l, acl, r, dirs[d][1], rules->items[i]);
	}
}

/* Flow logs: a log group, the role the service delivers with (in
 * terraform/iam.tf), and the flow log. */
static void flow_logs(Lower *l, const Object *net, Value *vpc, const Object *fl)
{
	static const char *const traffic[][2] = {{"all", "ALL"}, {"accept", "ACCEPT"}, {"reject", "REJECT"}};
	const Value *keep = obj_get(fl, "retention");
	lower_retention_ok(l->c, keep->i / 86400, obj_value_span(fl, "retention"));
	Object *group = lower_resource_for(l, fl, NULL, "aws_cloudwatch_log_group", NULL);
	lower_set(l, group, "name", obj_get(fl, "log_group"));
	lower_set(l, group, "retention_in_days", lower_int(l, keep->i / 86400));
	Object *role = lower_resource_for(l, fl, "iam", "aws_iam_role", NULL);
	lower_set(l, role, "name", lower_string(l, arena_printf(l->c->arena, "%s-flow-logs", obj_name(net))));
	lower_set_doc_of(l, role, "assume_role_policy", fl, "trust");
	Object *policy = lower_resource_for(l, fl, "iam", "aws_iam_role_policy", NULL);
	lower_set(l, policy, "name", lower_string(l, "flow-logs"));
	lower_set(l, policy, "role", lower_ref(l, role, "id"));
	lower_set_doc_of(l, policy, "policy", fl, "inline");
	int64_t agg = obj_int(fl, "aggregation");
	if (agg != 60 && agg != 600)
		compiler_diag(l->c, OUT_AWS_VALUE, obj_value_span(fl, "aggregation"),
			      "flow logs aggregate over 1min or 10min, not another interval");
	const char *kind = traffic[0][1];
	for (size_t i = 0; i < COUNT_OF(traffic); i++)
		if (strcmp(obj_str(fl, "traffic"), traffic[i][0]) == 0)
			kind = traffic[i][1];
	Object *log = lower_resource_for(l, fl, NULL, "aws_flow_log", NULL);
	lower_set(l, log, "vpc_id", vpc);
	lower_set(l, log, "traffic_type", lower_string(l, kind));
	lower_set(l, log, "log_destination_type", lower_string(l, "cloud-watch-logs"));
	lower_set(l, log, "log_destination", lower_ref(l, group, "arn"));
	lower_set(l, log, "iam_role_arn", lower_ref(l, role, "arn"));
	lower_set(l, log, "max_aggregation_interval", lower_int(l, agg));
}

/* Whether a cluster of the spec runs in net: its subnets then carry the
 * tags the load balancer controller looks for. */
static bool network_has_cluster(const Model *m, const Object *net)
{
	const Vec *cl = model_kind(m, "cluster");
	for (size_t i = 0; i < cl->len; i++)
		if (obj_ref(cl->items[i], "network") == net)
			return true;
	return false;
}

/* The subnets of a tier, one per zone, tagged with the tier's name and,
 * in a network with a cluster, the role its load balancers look for. */
static void subnets(Lower *l, const Object *net, Value *vpc, const Object *tier, bool eks)
{
	const Value *zones = obj_get(net, "zones"), *cidrs = obj_get(tier, "cidrs"), *extra = obj_get(tier, "tags");
	const char *route = obj_str(tier, "route");
	for (uint32_t i = 0; i < cidrs->n && i < zones->n; i++) {
		char z = tf_zone_letter(zones->items[i], i);
		Buf cidr = {0};
		value_to_text(cidrs->items[i], &cidr);
		Object *s = lower_resource_for(l, tier, NULL, "aws_subnet", arena_printf(l->c->arena, "%c", z));
		lower_set(l, s, "vpc_id", vpc);
		lower_set(l, s, "cidr_block", lower_string(l, buf_cstr(&cidr)));
		lower_set(l, s, "availability_zone", zones->items[i]);
		lower_set(l, s, "map_public_ip_on_launch", lower_bool(l, strcmp(route, "internet") == 0));
		buf_free(&cidr);
		const char **keys = ARENA_ARRAY(l->c->arena, const char *, extra->n + 2);
		Value **values = ARENA_ARRAY(l->c->arena, Value *, extra->n + 2);
		uint32_t n = 0;
		keys[n] = "Name";
		values[n++] = lower_string(l, arena_printf(l->c->arena, "%s-%s-%c", obj_name(net), tier->name, z));
		const char *elb = !eks ? NULL : strcmp(route, "internet") == 0 ? "kubernetes.io/role/elb"
					      : strcmp(route, "nat") == 0 ? "kubernetes.io/role/internal-elb" : NULL;
		if (elb) {
			keys[n] = elb;
			values[n++] = lower_string(l, "1");
		}
		for (uint32_t k = 0; k < extra->n; k++) {
			keys[n] = extra->keys[k];
			values[n++] = extra->items[k];
		}
		lower_set(l, s, "tags", lower_map(l, keys, values, n));
	}
}

/* A default route to target (attr: gateway_id or nat_gateway_id). */
static void default_route(Lower *l, Object *table, const char *attr, Value *target)
{
	Object *r = lower_block(l, table, "route");
	lower_set(l, r, "cidr_block", lower_string(l, "0.0.0.0/0"));
	lower_set(l, r, attr, target);
}

/* A VPC (unless it adopts one: infrac then adds tiers to it), its
 * internet gateway when a tier routes to the internet (an adopted VPC's
 * own), the subnets, NAT gateways (one in the first public subnet, or
 * one per zone), a route table per tier (per zone for per-zone NAT),
 * the ACLs and the flow logs. */
void lower_network_network(Lower *l, const Object *net)
{
	Arena *a = l->c->arena;
	const char *name = obj_name(net), *nat = obj_str(net, "nat");
	const Value *zones = obj_get(net, "zones");
	const Vec *tiers = obj_blocks(net, "subnet");
	bool adopted = obj_adopted(net) != NULL;
	Value *vpc = lower_own(l, "id");
	lower_output(l, arena_printf(a, "network_%s_id", tf_name(a, net)), vpc, false);
	if (!adopted) {
		Object *v = lower_resource(l, "aws_vpc", NULL);
		Buf cidr = {0};
		value_to_text(obj_get(net, "cidr"), &cidr);
		lower_set(l, v, "cidr_block", lower_string(l, buf_cstr(&cidr)));
		buf_free(&cidr);
		lower_set(l, v, "enable_dns_support", lower_bool(l, true));
		lower_set(l, v, "enable_dns_hostnames", lower_bool(l, obj_bool(net, "dns_hostnames")));
		lower_set(l, v, "tags", lower_name_tag(l, name));
	}
	const Object *public_tier = NULL;
	bool needs_nat = false;
	for (size_t t = 0; t < tiers->len; t++) {
		const char *route = obj_str(tiers->items[t], "route");
		if (strcmp(route, "internet") == 0 && !public_tier)
			public_tier = tiers->items[t];
		needs_nat |= strcmp(route, "nat") == 0;
	}
	if (needs_nat && strcmp(nat, "none") != 0 && !public_tier)
		return; /* check_model.c reports it */
	Object *igw = NULL;
	if (public_tier && adopted) {
		igw = lower_data(l, "aws_internet_gateway", NULL);
		Object *f = lower_block(l, igw, "filter");
		lower_set(l, f, "name", lower_string(l, "attachment.vpc-id"));
		lower_set(l, f, "values", lower_list(l, &vpc, 1));
	} else if (public_tier) {
		igw = lower_resource(l, "aws_internet_gateway", NULL);
		lower_set(l, igw, "vpc_id", vpc);
		lower_set(l, igw, "tags", lower_name_tag(l, name));
	}
	bool eks = network_has_cluster(l->m, net);
	for (size_t t = 0; t < tiers->len; t++)
		if (!obj_adopted(tiers->items[t]))
			subnets(l, net, vpc, tiers->items[t], eks);
	uint32_t nats = !needs_nat || strcmp(nat, "none") == 0 ? 0 : strcmp(nat, "single") == 0 ? 1 : zones->n;
	Object **gateways = ARENA_ARRAY(a, Object *, nats ? nats : 1);
	for (uint32_t i = 0; i < nats; i++) {
		char z = tf_zone_letter(zones->items[i], i);
		const char *suffix = arena_printf(a, "%c", z);
		Value *tag = lower_name_tag(l, arena_printf(a, "%s-nat-%c", name, z));
		Object *eip = lower_resource(l, "aws_eip", suffix);
		lower_set(l, eip, "domain", lower_string(l, "vpc"));
		lower_set(l, eip, "tags", tag);
		Object *g = gateways[i] = lower_resource(l, "aws_nat_gateway", suffix);
		lower_set(l, g, "allocation_id", lower_ref(l, eip, "id"));
		lower_set(l, g, "subnet_id",
			  lower_expr(l, arena_printf(a, "aws_subnet.%s.id", tf_subnet_name(a, public_tier, i))));
		lower_set(l, g, "tags", tag);
		if (!adopted) {
			Value *after = lower_block_ref(l, igw);
			lower_set(l, g, "depends_on", lower_list(l, &after, 1));
		}
	}
	for (size_t t = 0; t < tiers->len; t++) {
		const Object *tier = tiers->items[t];
		if (obj_adopted(tier))
			continue;
		const char *route = obj_str(tier, "route");
		const Value *cidrs = obj_get(tier, "cidrs");
		bool per_zone = strcmp(route, "nat") == 0 && nats > 1;
		uint32_t ntables = per_zone ? zones->n : 1;
		Object **tables = ARENA_ARRAY(a, Object *, ntables);
		for (uint32_t r = 0; r < ntables; r++) {
			char z = tf_zone_letter(zones->items[r], r);
			Object *rt = tables[r] =
				lower_resource_for(l, tier, NULL, "aws_route_table", per_zone ? arena_printf(a, "%c", z) : NULL);
			lower_set(l, rt, "vpc_id", vpc);
			if (strcmp(route, "internet") == 0)
				default_route(l, rt, "gateway_id", lower_ref(l, igw, "id"));
			else if (strcmp(route, "nat") == 0 && nats)
				default_route(l, rt, "nat_gateway_id", lower_ref(l, gateways[per_zone ? r : 0], "id"));
			lower_set(l, rt, "tags", lower_name_tag(l, per_zone ? arena_printf(a, "%s-%s-%c", name, tier->name, z)
									    : arena_printf(a, "%s-%s", name, tier->name)));
		}
		for (uint32_t i = 0; i < cidrs->n && i < zones->n; i++) {
			const char *sn = tf_subnet_name(a, tier, i);
			Object *as = lower_resource_for(l, tier, NULL, "aws_route_table_association",
							arena_printf(a, "%c", tf_zone_letter(zones->items[i], i)));
			lower_set(l, as, "subnet_id", lower_expr(l, arena_printf(a, "aws_subnet.%s.id", sn)));
			lower_set(l, as, "route_table_id", lower_ref(l, tables[per_zone ? i : 0], "id"));
		}
	}
	const Vec *acls = obj_blocks(net, "acl");
	for (size_t i = 0; i < acls->len; i++)
		acl(l, net, vpc, acls->items[i]);
	const Object *fl = obj_ref(net, "flow_logs");
	if (fl)
		flow_logs(l, net, vpc, fl);
}

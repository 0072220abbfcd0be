/*
 * lower.h: the one header of the lowering layer.
 *
 * Lowering turns the high-level blocks of the Model (a topic, a log
 * group) into the typed resources they stand for: Objects of the
 * provider's own kinds, like a `resource` block the user writes, so one
 * serializer writes both and every attribute a lowering sets is an
 * attribute of the provider schema (graph.c refuses any other, when it
 * is set).  A lowered resource keeps its values in its record's items,
 * in the order they were set, not in Slots (lower_value reads one).  The result is the Graph: the resources
 * in the order they were made, each with the block it came from and the
 * Terraform file of its area.
 *
 * One row per kind of the standard library says what the kind becomes
 * (lower.c); a kind whose row has a function is lowered here, one file
 * per area (cluster.c, data.c, iam.c, network.c, ops.c, registry.c).
 * Kinds that become Helm values and Kubernetes objects are still
 * written by the back end their row names.
 */
#ifndef INFRAC_LOWER_H
#define INFRAC_LOWER_H

#include "infrac.h"

typedef struct Lower Lower;

/* What blocks of a kind become. */
typedef struct Lowering {
	const char *kind;
	const char *target;   /* "terraform", "helm", "kubernetes", or "none": read by other blocks only */
	const char *area;     /* a Terraform kind's file: terraform/AREA.tf */
	const char *main;     /* the Terraform type of the resource a reference to the block means */
	void (*lower)(Lower *l, const Object *blk); /* NULL: the back end of `target` writes it */
} Lowering;

/* An attribute or a nested block of a resource, in the order it was set. */
typedef struct LowItem {
	const Field *field;   /* an attribute */
	const char *doc;      /* with it: the IAM document of this purpose of the
				 block lowered is its value, when the IAM stage
				 makes one (emitters/iam.c) */
	const Object *doc_owner; /* whose document: the block lowered when NULL */
	const Object *block;  /* or a nested block */
	Value *value;         /* the attribute's value, unless it holds a document */
	bool heredoc;         /* a text of several lines, written as a heredoc */
} LowItem;

/* What the back end that writes a resource records about it for the
 * consistency check: `key` of `subject` is `value`. */
typedef struct LowFact {
	const char *subject, *key, *value;
	Span span;
} LowFact;

/* A resource, data source or nested block the lowering made; or, with
 * no res, a `locals` block (local_names[i] = local_values[i]) or a
 * `check` block (check: its name; asserts: a condition and its error
 * message, in turn). */
typedef struct LowRes {
	Object *res;
	Vec local_names;      /* const char* */
	Vec local_values;     /* Value* */
	const char *check;
	Vec asserts;          /* Value*: condition, message, condition, ... */
	const Object *owner;  /* the block it was lowered from */
	const char *area;
	Value *for_each;      /* one instance per element: Terraform's meta-argument,
				 which a user writes as infrac's `for` */
	Vec items;            /* LowItem*, in the order they were set */
	Vec facts;            /* LowFact* */
} LowRes;

/* A Terraform output infrac publishes for a block (a cluster's name, a
 * role's ARN), in terraform/outputs.tf. */
typedef struct LowOutput {
	const char *name;
	Value *value;
	bool sensitive;
} LowOutput;

typedef struct Graph {
	Vec res;              /* LowRes* of resources and data sources, in the order made */
	Map of;               /* Object* (resource or nested block) -> its LowRes* */
	Map by_owner;         /* owner Object* -> Vec* of the LowRes* it became, locals included */
	Map locals;           /* interned local name -> its LowRes*, made once */
	Vec outputs;          /* LowOutput*, in the order made */
	bool lowered;
} Graph;

struct Lower {
	Compiler *c;
	const Model *m;
	Graph *g;
	const Lowering *row;
	const Object *owner;  /* the block being lowered */
	uint32_t next_id;
};

/* ---- lower.c ---- */

/* The row of kind `name`, or NULL. */
const Lowering *lower_row(const char *kind);
/* The rows, for the test that every kind has one. */
size_t lower_rows(const Lowering **out);
/* The Terraform type of the resource a block's references mean; NULL
 * when it has none. */
const char *lower_main_type(const Object *blk);
/* What block blk was lowered into, in the order made; NULL: nothing. */
const Vec *lower_made(const Graph *g, const Object *blk);
/* The lowering's record of a resource or nested block it made; NULL for
 * one the user wrote. */
const LowRes *lower_record(const Graph *g, const Object *res);
/* The value a lowering set for attribute f of the resource it recorded
 * as lr, or NULL.  A lowered resource has no Slots: its values are its
 * items'. */
const Value *lower_value(const LowRes *lr, const Field *f);

/* ---- graph.c ---- */

/* Lowers every block of the Model whose kind has a lowering function,
 * kind by kind in the order of the table, into g (once). */
void lower_model(const Model *m, Graph *g);
void lower_free(Graph *g);

/* A resource (or data source) of Terraform type `type` for the block
 * being lowered, named after it: its Terraform name, with `_suffix`
 * when suffix is not NULL.  The type must be in the provider schema. */
Object *lower_resource(Lower *l, const char *type, const char *suffix);
Object *lower_data(Lower *l, const char *type, const char *suffix);
/* A resource named after blk, the block being lowered or one nested in
 * it (a registry's pull-through cache rule, a network's subnet tier), with
 * `_suffix` when suffix is not NULL, in terraform/AREA.tf (the row's
 * file when area is NULL). */
Object *lower_resource_for(Lower *l, const Object *blk, const char *area, const char *type, const char *suffix);
/* A data source named after blk (a pool the cluster adopts). */
Object *lower_data_for(Lower *l, const Object *blk, const char *type);
/* Sets attribute `attr` of r to v: an attribute r's schema has, that
 * the configuration may set, and of a value its type takes. */
void lower_set(Lower *l, Object *r, const char *attr, Value *v);
/* Attribute `attr` of r holds the IAM document of purpose `purpose`
 * ("key") that the IAM stage makes for the block being lowered; an
 * optional attribute is left out when the stage makes none. */
void lower_set_doc(Lower *l, Object *r, const char *attr, const char *purpose);
/* The same for the document of owner, a block nested in the one lowered
 * (a network's flow logs). */
void lower_set_doc_of(Lower *l, Object *r, const char *attr, const Object *owner, const char *purpose);
/* Makes r one instance per element of v (a map or set known after
 * apply), each.key and each.value in its attributes. */
void lower_for_each(Lower *l, Object *r, Value *v);
/* A Terraform local value `name` in terraform/AREA.tf, made once
 * whichever block asks first (the OIDC id of a typed cluster that
 * several roles trust); locals made one after another share a block. */
void lower_local(Lower *l, const char *area, const char *name, Value *v);
/* A `check` block `name` in terraform/AREA.tf: Terraform reports each
 * condition that does not hold after apply with its message. */
LowRes *lower_check(Lower *l, const char *area, const char *name);
void lower_assert(LowRes *check, Value *condition, Value *message);
/* Publishes output `name` (of the block being lowered: cluster_eks_name)
 * with value v. */
void lower_output(Lower *l, const char *name, Value *v, bool sensitive);
/* Output `output` of the block being lowered, as other blocks read it. */
Value *lower_own(Lower *l, const char *output);
/* The back end that writes r records `key` of `subject` as value, for
 * the consistency check (a service account's role). */
void lower_fact(Lower *l, Object *r, const char *subject, const char *key, Span span, const char *value);
/* Sets attribute `attr` of r to a text of several lines that ends with a
 * newline (a JSON document other than IAM's), written as a heredoc. */
void lower_set_text(Lower *l, Object *r, const char *attr, const char *text);
/* A nested block `field` of r, added after what is set so far. */
Object *lower_block(Lower *l, Object *r, const char *field);
/* Every attribute the schema requires is set, in a resource and the
 * blocks in it (an internal error when not). */
void lower_check_required(Lower *l, const LowRes *lr);
/* Values, blamed on the block being lowered. */
Value *lower_string(Lower *l, const char *s);
Value *lower_int(Lower *l, int64_t i);
Value *lower_bool(Lower *l, bool b);
Value *lower_list(Lower *l, Value **items, uint32_t n);
Value *lower_map(Lower *l, const char **keys, Value **items, uint32_t n);
/* A value known after apply that only a Terraform expression can say
 * (concat(...), a splat), written as it is. */
Value *lower_expr(Lower *l, const char *expr);
/* A reference to a block of the spec or a resource of the lowering, for
 * depends_on or lower_thing. */
Value *lower_block_ref(Lower *l, const Object *obj);
/* The ids of the things in list (subnet tiers, security groups), as one
 * list expression (tf_id_list). */
Value *lower_ids(Lower *l, const Value *list);
/* Attribute attr of resource r, known after apply. */
Value *lower_ref(Lower *l, const Object *r, const char *attr);
/* Attribute attr (an id, an ARN) of what a field's value names: a block
 * of the specification, a typed resource, or an existing thing given
 * as a string (which is that attribute already). */
Value *lower_thing(Lower *l, const Value *v, const char *attr);
/* A string made of literal text and values known after apply, such as
 * a JSON document that names resources: parts are added in order. */
typedef struct LowText {
	Vec parts;            /* Value* */
	Buf lit;              /* literal text not yet made a part */
} LowText;
void lower_text_put(LowText *t, const char *s);
/* A value's text: a string escaped for JSON, a value known after apply
 * as itself. */
void lower_text_json(Lower *l, LowText *t, const Value *v);
Value *lower_text_end(Lower *l, LowText *t);

/* ---- address.c ---- */

/* The Terraform resource name of a block: its path, made an identifier. */
const char *tf_name(Arena *a, const Object *obj);
/* The Terraform expression of output `output` of a block ("id",
 * "ids[1]", "arn"); NULL when it has none.  Without a block, output is
 * that expression already (lower_expr). */
const char *tf_output_expr(Arena *a, const Object *obj, const char *output);
/* The Terraform expression of a deferred value, without ${ }; NULL otherwise. */
const char *tf_expr(Arena *a, const Value *v);
/* Appends the Terraform expression of a value known after apply, as an
 * interpolation "${...}"; false when the value is not deferred. */
bool tf_deferred(Arena *a, Buf *b, const Value *v);
/* A string value as an HCL expression: literal text escaped, values
 * known after apply as interpolations, a bare reference bare. */
void tf_string(Arena *a, Buf *b, const Value *v);
/* Attribute attr (an id, an ARN, a name) of a thing a field names, as an
 * expression: of one of this spec's blocks, of a typed resource or data
 * source, or a string that names an existing thing (which is that
 * attribute already). */
const char *tf_thing(Arena *a, const Value *v, const char *attr);
/* The local that holds the OIDC id of a cluster of this spec or of a
 * typed aws_eks_cluster resource or data source, for IRSA trusts; NULL
 * for a cluster named by a string, whose issuer infrac cannot read. */
const char *tf_oidc_local(Arena *a, const Value *cluster);
/* The Terraform address of a cluster: the aws_eks_cluster infrac makes,
 * or for a cluster it adopts the resource or data source named there,
 * else a data source of its own that reads it by name. */
const char *tf_cluster_base(Arena *a, const Object *cl);
/* For output `output` of a block that adopts something, the value of
 * its `existing` field when that is what the output is (a role's arn, a
 * network's id); NULL otherwise. */
const Value *tf_adopted_as(const Object *obj, const char *output);
/* The Terraform name of the i-th subnet of a tier: main_private_a. */
const char *tf_subnet_name(Arena *a, const Object *tier, uint32_t i);
/* A list expression of the expressions in exprs (a Vec it frees). */
const char *tf_expr_list(Arena *a, Vec *exprs);
/* The ids of the things in l (a subnet tier gives one per zone) after
 * the expressions already in ids (a Vec it frees), as one list
 * expression: lists known only after apply are concatenated. */
const char *tf_id_list(Arena *a, Vec *ids, const Value *l);
/* The letter of a zone ("eu-west-1b" -> 'b'), else the i-th letter. */
char tf_zone_letter(const Value *zone, uint32_t i);

/* ---- cluster.c, data.c, iam.c, network.c, ops.c, registry.c: the lowering functions ---- */

void lower_data_secret(Lower *l, const Object *blk);
void lower_data_parameter(Lower *l, const Object *blk);
void lower_data_log_group(Lower *l, const Object *blk);
void lower_data_kms_key(Lower *l, const Object *blk);
void lower_data_bucket(Lower *l, const Object *blk);
void lower_data_database(Lower *l, const Object *blk);
void lower_data_cache(Lower *l, const Object *blk);
/* Whether CloudWatch Logs keeps records for d days; an OUT-E004 at `at`
 * when not. */
bool lower_retention_ok(Compiler *c, int64_t d, Span at);
void lower_cluster_cluster(Lower *l, const Object *blk);
void lower_iam_policy(Lower *l, const Object *blk);
void lower_iam_user(Lower *l, const Object *blk);
void lower_iam_oidc_provider(Lower *l, const Object *blk);
void lower_iam_role(Lower *l, const Object *blk);
void lower_ops_topic(Lower *l, const Object *blk);
void lower_ops_budget(Lower *l, const Object *blk);
void lower_ops_trail(Lower *l, const Object *blk);
void lower_network_network(Lower *l, const Object *blk);
void lower_network_security_group(Lower *l, const Object *blk);
void lower_network_vpc_endpoint(Lower *l, const Object *blk);
void lower_network_certificate(Lower *l, const Object *blk);
/* The ports of a rule (a port, a range, or every port when unset). */
void lower_port_range(const Value *ports, int64_t *from, int64_t *to);
/* A rule's protocol as AWS names it: tcp, udp, icmp, or -1 for all. */
const char *lower_protocol(const char *protocol);
/* tags = { Name = name }. */
Value *lower_name_tag(Lower *l, const char *name);
void lower_registry_repository(Lower *l, const Object *blk);
void lower_registry_registry(Lower *l, const Object *blk);

#endif

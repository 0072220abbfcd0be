/*
 * kube.c: the `kubernetes KIND NAME { ... }` objects, one YAML document
 * each, in k8s/objects/KIND-NAME.yaml (the kind in lower case).
 *
 * The object is written as its kind's schema says (compiler/kube.c):
 * apiVersion and kind from the schema, metadata from the label and the
 * namespace, labels and annotations attributes, then every field that
 * has a value, in the schema's order; a nested block is a mapping and a
 * repeated block a sequence of mappings.  Like the objects rbac.c
 * writes, each carries `app.kubernetes.io/managed-by: infrac` unless its
 * labels say otherwise.  A value known only after `terraform apply` (an
 * `aws_iam_role.x.arn`) cannot be written into YAML that is applied
 * before it exists: it is reported, as in Helm values.
 */
#include "emit.h"

#include <string.h>

#define MANAGED_BY "app.kubernetes.io/managed-by"

static bool put_value(Emit *o, YamlW *w, const Value *v);

static void report_deferred(Emit *o, const Value *v)
{
	Diag *g = out_deferred(o, v, "a Kubernetes object");
	diag_help(&o->m->c->diags, g, "the objects in k8s/ are applied as they are written; use a value known "
				      "before apply, such as the ARN of a `role` block, built from its name");
}

static bool put_value(Emit *o, YamlW *w, const Value *v)
{
	switch (v->kind) {
	case V_STRING:
		yaml_string_n(w, v->s, v->len);
		return true;
	case V_INT:
		yaml_int(w, v->i);
		return true;
	case V_BOOL:
		yaml_bool(w, v->i != 0);
		return true;
	case V_NULL:
		yaml_null(w);
		return true;
	case V_QTY:
	case V_SYMBOL:
	case V_CIDR:
	case V_RANGE: {
		Buf t = {0};
		value_to_text(v, &t);
		yaml_string_n(w, t.data ? t.data : "", t.len);
		buf_free(&t);
		return true;
	}
	case V_LIST: {
		bool ok = true;
		yaml_seq_begin(w);
		for (uint32_t i = 0; i < v->n; i++)
			ok &= put_value(o, w, v->items[i]);
		yaml_seq_end(w);
		return ok;
	}
	case V_MAP: {
		bool ok = true;
		yaml_map_begin(w);
		for (uint32_t i = 0; i < v->n; i++) {
			yaml_key(w, v->keys[i]);
			ok &= put_value(o, w, v->items[i]);
		}
		yaml_map_end(w);
		return ok;
	}
	case V_DEFERRED:
	case V_TEMPLATE:
		report_deferred(o, v);
		break;
	case V_ERROR:
		break;
	default: {
		Diag *g = out_diag(o, TYPE_MISMATCH, v->span, "%s cannot be written into a Kubernetes object",
				   value_describe_a(o->m->c, v));
		if (v->kind == V_REF)
			diag_help(&o->m->c->diags, g, "write one of its fields, such as `%s.name`", v->obj->path);
		break;
	}
	}
	yaml_null(w);
	return false;
}

/* The fields of a block that have values, in the schema's order. */
static bool put_fields(Emit *o, YamlW *w, const Object *obj)
{
	bool ok = true;
	for (uint32_t i = 0; i < obj->kind->nfields; i++) {
		const Field *f = obj->kind->fields[i];
		const Slot *s = &obj->slots[i];
		if (f->flags & FIELD_META)
			continue;
		if (type_is_block(f->type)) {
			const Vec *blocks = slot_blocks(s);
			if (!blocks->len)
				continue;
			yaml_key(w, f->name);
			bool many = type_strip(f->type)->kind == T_BLOCKS;
			if (many)
				yaml_seq_begin(w);
			for (size_t j = 0; j < blocks->len; j++) {
				yaml_map_begin(w);
				ok &= put_fields(o, w, blocks->items[j]);
				yaml_map_end(w);
			}
			if (many)
				yaml_seq_end(w);
			continue;
		}
		if (!s->value || s->value->kind == V_NULL)
			continue;
		yaml_key(w, f->name);
		ok &= put_value(o, w, s->value);
	}
	return ok;
}

static void emit_object(Emit *o, const Object *obj)
{
	Buf b = {0};
	YamlW w;
	yaml_init(&w, &b);
	yaml_doc_start(&w);
	yaml_map_begin(&w);
	yaml_key(&w, "apiVersion");
	yaml_string(&w, obj->kind->api_version);
	yaml_key(&w, "kind");
	yaml_string(&w, obj->kind->name);
	yaml_key(&w, "metadata");
	yaml_map_begin(&w);
	yaml_key(&w, "name");
	yaml_string(&w, obj->name);
	Value *ns = obj_get(obj, "namespace"), *labels = obj_get(obj, "labels"), *notes = obj_get(obj, "annotations");
	bool ok = true;
	if (ns && ns->kind != V_NULL) {
		yaml_key(&w, "namespace");
		ok &= put_value(o, &w, ns);
	}
	yaml_key(&w, "labels");
	yaml_map_begin(&w);
	bool managed = false;
	for (uint32_t i = 0; labels && labels->kind == V_MAP && i < labels->n; i++) {
		managed |= strcmp(labels->keys[i], MANAGED_BY) == 0;
		yaml_key(&w, labels->keys[i]);
		ok &= put_value(o, &w, labels->items[i]);
	}
	if (!managed) {
		yaml_key(&w, MANAGED_BY);
		yaml_string(&w, "infrac");
	}
	yaml_map_end(&w);
	if (notes && notes->kind == V_MAP && notes->n) {
		yaml_key(&w, "annotations");
		ok &= put_value(o, &w, notes);
	}
	yaml_map_end(&w);
	ok &= put_fields(o, &w, obj);
	yaml_map_end(&w);
	if (ok) {
		Buf lower = {0};
		for (const char *p = obj->kind->name; *p; p++)
			buf_putc(&lower, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
		buf_put(out_file(o, "k8s/objects/%.*s-%s.yaml", (int)lower.len, lower.data, obj->name), b.data, b.len);
		buf_free(&lower);
	}
	buf_free(&b);
}

void emit_kube(Emit *o)
{
	for (size_t i = 0; i < o->m->objects.len; i++) {
		const Object *obj = o->m->objects.items[i];
		if (!obj->parent && obj->kind->api_version)
			emit_object(o, obj);
	}
	out_flush(o);
}

/*
 * consistency.c: the outputs of different back ends must agree.
 *
 * One model drives every output, so a service's namespace and service
 * account, the IAM trust that names them and the Helm resources the
 * capacity solver counted agree by construction.  Each back end records
 * the values it wrote as facts (subject, key, value); this pass fails the
 * build when two back ends wrote different values for the same fact, so
 * a change that broke the construction cannot ship silently.
 */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

static int cmp_facts(const void *pa, const void *pb)
{
	const Fact *a = *(const Fact *const *)pa, *b = *(const Fact *const *)pb;
	int c = strcmp(a->subject, b->subject);
	if (!c)
		c = strcmp(a->key, b->key);
	return c;
}

void consistency_check(Output *o)
{
	Vec sorted = {0};
	for (size_t i = 0; i < o->facts.len; i++)
		vec_push(&sorted, o->facts.items[i]);
	vec_sort(&sorted, cmp_facts);
	for (size_t i = 1; i < sorted.len; i++) {
		Fact *a = sorted.items[i - 1], *b = sorted.items[i];
		if (strcmp(a->subject, b->subject) != 0 || strcmp(a->key, b->key) != 0)
			continue;
		if (strcmp(a->value, b->value) != 0) {
			Diag *g = out_diag(o, OUT_DISAGREE, b->span, "%s wrote %s of `%s` as \"%s\" but %s wrote \"%s\"",
					   b->emitter ? b->emitter : "the solver", b->key, b->subject, b->value,
					   a->emitter ? a->emitter : "the solver", a->value);
			diag_help(&o->m->c->diags, g, "the outputs would not work together; report this as a bug in infrac");
		}
	}
	vec_free(&sorted);
}

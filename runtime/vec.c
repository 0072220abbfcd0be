/*
 * vec.c: a growable array of pointers.
 *
 * One element type (void *) keeps the container trivial; typed access is
 * a cast at the use site.  Storage is malloc'd so growth does not leave
 * dead copies in the arena; owners call vec_free when they are done, or
 * let the process exit after arena_free for short-lived tools.
 */
#include "runtime.h"

#include <stdlib.h>

void vec_push(Vec *v, void *item)
{
	if (v->len == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->items = xrealloc(v->items, v->cap * sizeof *v->items);
	}
	v->items[v->len++] = item;
}

void vec_free(Vec *v)
{
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}

void *vec_last(const Vec *v)
{
	return v->len ? v->items[v->len - 1] : NULL;
}

void vec_sort(Vec *v, int (*cmp)(const void *, const void *))
{
	if (v->len > 1)
		qsort(v->items, v->len, sizeof *v->items, cmp);
}

/*
 * map.c: a hash map keyed by interned strings.
 *
 * Keys are interned, so the index hashes and compares pointers.  Entries
 * are kept in insertion order in two parallel arrays; the open-addressing
 * index only maps a key to its position.  Iterating keys[0..len) is
 * therefore deterministic, which every emitter relies on.
 */
#include "runtime.h"

#include <stdlib.h>

static uint32_t ptr_hash(const char *p)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (uint32_t)x;
}

static void map_reindex(Map *m, size_t cap)
{
	free(m->index);
	m->index = xcalloc(cap, sizeof *m->index);
	m->index_cap = cap;
	for (size_t i = 0; i < m->len; i++) {
		size_t j = ptr_hash(m->keys[i]) & (cap - 1);
		while (m->index[j])
			j = (j + 1) & (cap - 1);
		m->index[j] = (uint32_t)i + 1;
	}
}

void *map_get(const Map *m, const char *key)
{
	if (!m->index_cap)
		return NULL;
	size_t j = ptr_hash(key) & (m->index_cap - 1);
	while (m->index[j]) {
		size_t i = m->index[j] - 1;
		if (m->keys[i] == key)
			return m->vals[i];
		j = (j + 1) & (m->index_cap - 1);
	}
	return NULL;
}

void *map_put(Map *m, const char *key, void *val)
{
	if (m->index_cap) {
		size_t j = ptr_hash(key) & (m->index_cap - 1);
		while (m->index[j]) {
			size_t i = m->index[j] - 1;
			if (m->keys[i] == key) {
				void *old = m->vals[i];
				m->vals[i] = val;
				return old;
			}
			j = (j + 1) & (m->index_cap - 1);
		}
	}
	if (m->len == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 8;
		m->keys = xrealloc(m->keys, m->cap * sizeof *m->keys);
		m->vals = xrealloc(m->vals, m->cap * sizeof *m->vals);
	}
	m->keys[m->len] = key;
	m->vals[m->len] = val;
	m->len++;
	if (m->len * 2 > m->index_cap)
		map_reindex(m, m->index_cap ? m->index_cap * 2 : 16);
	else {
		size_t j = ptr_hash(key) & (m->index_cap - 1);
		while (m->index[j])
			j = (j + 1) & (m->index_cap - 1);
		m->index[j] = (uint32_t)m->len;
	}
	return NULL;
}

void map_free(Map *m)
{
	free(m->keys);
	free(m->vals);
	free(m->index);
	*m = (Map){0};
}

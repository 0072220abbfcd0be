/*
 * scope.c: scopes, where names are bound: a module's, a block body's,
 * an iteration of `for`.  Loading makes a module's scope, expansion and
 * evaluation the ones inside it.
 */
#include "infrac.h"

Scope *scope_new(Compiler *c, Scope *up, Module *mod)
{
	Scope *s = ARENA_NEW(c->arena, Scope);
	vec_push(&c->scopes, s);
	s->up = up;
	s->mod = mod ? mod : up ? up->mod : NULL;
	s->self = up ? up->self : NULL;
	return s;
}

void scope_bind(Compiler *c, Scope *s, const char *name, Value *v)
{
	Let *l = ARENA_NEW(c->arena, Let);
	l->name = name;
	l->value = v;
	l->state = LET_DONE;
	map_put(&s->vars, name, l);
}

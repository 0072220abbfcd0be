/* rbac.c: Kubernetes YAML (being written). */
#include "emit.h"

void emit_rbac(Output *o)
{
	(void)o;
}

/* helm.c: Helm values (being written). */
#include "emit.h"

void emit_helm(Output *o)
{
	(void)o;
}

/*
 * registry.c: the table of back ends.  Adding a back end is one file in
 * this folder and one line here; the order of the table is the order in
 * which they run and in which `infrac emitters` lists them.
 */
#include "emit.h"

#include <string.h>

const Emitter emitters[] = {
	{"terraform", "Terraform HCL for the AWS resources (terraform/*.tf)", emit_terraform},
	{"helm", "Helm values for each release (helm/RELEASE/values.yaml) and helm/helmfile.yaml", emit_helm},
	{"rbac", "Kubernetes namespaces, quotas, service accounts, RBAC and network policies (k8s/*.yaml)", emit_rbac},
	{"kubernetes", "Kubernetes objects written as `kubernetes KIND NAME` blocks (k8s/objects/*.yaml)", emit_kube},
	{"iam", "IAM identity, trust and resource policies (iam/*.json)", emit_iam},
};

const size_t emitter_count = COUNT_OF(emitters);

const Emitter *emitter_find(const char *name)
{
	for (size_t i = 0; i < emitter_count; i++)
		if (strcmp(emitters[i].name, name) == 0)
			return &emitters[i];
	return NULL;
}

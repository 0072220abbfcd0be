/*
 * registry.c: the table of back ends, and the stages after the Model
 * that run them: the lowering (lower/), the back ends in the order of
 * the table, each handing on its files as it finishes, then the
 * consistency check.  Adding a back end is one file in this folder and
 * one line here; the order of the table is the order in which they run
 * and in which `infrac emitters` lists them.
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

void emit_free(Emit *o)
{
	for (size_t i = 0; i < o->files.len; i++)
		buf_free(&((OutFile *)o->files.items[i])->data);
	for (size_t i = 0; i < o->iam.len; i++) {
		buf_free(&((IamDoc *)o->iam.items[i])->json);
		vec_free(&((IamDoc *)o->iam.items[i])->stmts);
	}
	for (size_t i = 0; i < o->iam_by_owner.len; i++)
		vec_free(o->iam_by_owner.vals[i]); /* the Vecs are in the arena */
	lower_free(&o->graph);
	vec_free(&o->files);
	vec_free(&o->iam);
	vec_free(&o->facts);
	map_free(&o->paths);
	map_free(&o->iam_by_owner);
}

/* What the capacity solver assumed about each service, for the
 * consistency check: the Helm values must say the same. */
static void solver_facts(Emit *o)
{
	const Plan *p = o->m->plan;
	for (size_t i = 0; p && i < p->clusters.len; i++) {
		PlanCluster *pc = p->clusters.items[i];
		for (size_t j = 0; j < pc->workloads.len; j++) {
			PlanWorkload *pw = pc->workloads.items[j];
			Buf t = {0};
			qty_format(DIM_PERCENT, pw->surge_bp, &t);
			out_fact(o, pw->svc->path, "cpu_request", pw->svc->name_span, "%lldm", (long long)pw->cpu_m);
			out_fact(o, pw->svc->path, "memory_request", pw->svc->name_span, "%lldMi", (long long)pw->mem_mib);
			out_fact(o, pw->svc->path, "replicas", pw->svc->name_span, "%lld", (long long)pw->replicas);
			out_fact(o, pw->svc->path, "max_surge", pw->svc->name_span, "%s", buf_cstr(&t));
			buf_free(&t);
		}
	}
}

void emit_all(Emit *o, const char *const *names, size_t n)
{
	lower_model(o->m, &o->graph);
	solver_facts(o);
	for (size_t i = 0; i < emitter_count; i++) {
		bool want = names == NULL;
		for (size_t j = 0; j < n && !want; j++)
			want = strcmp(names[j], emitters[i].name) == 0;
		if (!want)
			continue;
		o->emitter = emitters[i].name;
		emitters[i].emit(o);
		out_flush_all(o);
	}
	o->emitter = NULL;
	/* Facts disagree when the spec has a mistake a back end reported
	 * (a trust of a role that covers no service account, say): only
	 * when none did is a disagreement a defect of infrac. */
	if (!o->m->c->diags.errors)
		consistency_check(o);
}

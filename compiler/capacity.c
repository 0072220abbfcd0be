/*
 * capacity.c: can each cluster hold its own rollout?
 *
 * For every cluster the solver computes the rollout peak of each service
 * (replicas + ceil(replicas x surge / 100), as the Deployment controller
 * rounds maxSurge up), adds the reserved headroom, and compares the sum
 * with the capacity of the pools that count.  The aggregate is necessary
 * but not sufficient, so the peak pods are then placed on the nodes,
 * largest first, each into the first node it fits (first-fit
 * decreasing), honouring node selectors, taints, pods per node and
 * branch ENIs per node.  `desired = auto` and `cheapest([...])` are
 * solved by searching for the least node count (binary search: fitting
 * is monotone in the count) and the cheapest type that fits.
 *
 * Placement uses one segment tree per pool whose inner nodes hold the
 * largest free amount of each resource below them, so finding the first
 * node a pod fits is logarithmic in practice: 10,000 services on 2,000
 * nodes solve in milliseconds.
 *
 * Per-node capacity comes from the pool's `schedulable` block when the
 * spec sets it, otherwise from the catalog as EKS allocatable: vCPUs
 * minus kube-reserved (6% of the first core, 1% of the second, 0.5% of
 * cores 3-4, 0.25% above; awslabs/amazon-eks-ami nodeadm), and memory
 * minus the VM overhead Karpenter assumes (7.5%, 64 MiB more on arm64),
 * kube-reserved (11 MiB per pod + 255 MiB) and the 100 MiB eviction
 * threshold.
 */
#include "infrac.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- per-node capacity from the catalog ---- */

int64_t kube_reserved_cpu_m(int64_t vcpu)
{
	static const struct {
		int64_t start, end, per_10k;
	} bands[] = {{0, 1000, 600}, {1000, 2000, 100}, {2000, 4000, 50}, {4000, INT64_MAX, 25}};
	int64_t total = vcpu * 1000, r = 0;
	for (size_t i = 0; i < COUNT_OF(bands); i++) {
		if (total <= bands[i].start)
			break;
		int64_t top = total < bands[i].end ? total : bands[i].end;
		r += (top - bands[i].start) * bands[i].per_10k / 10000;
	}
	return r;
}

Resources instance_allocatable(const InstanceType *t)
{
	Resources r;
	r.cpu_m = t->vcpu * 1000 - kube_reserved_cpu_m(t->vcpu);
	int64_t mem = t->memory_mib - (strcmp(t->arch, "arm64") == 0 ? 64 : 0);
	mem -= (mem * 75 + 999) / 1000;
	r.mem_mib = mem - (11 * t->max_pods + 255) - 100;
	r.pods = t->max_pods;
	r.pod_eni = t->trunking ? t->branch_enis : 0;
	return r;
}

/* ---- the solver's state ---- */

typedef struct Tree {
	size_t size;   /* leaves, a power of two */
	int64_t *t;    /* 4 values per tree node: cpu, mem, pods, eni */
	int64_t n;     /* real nodes */
} Tree;

typedef struct Solver {
	Compiler *c;
	PlanCluster *pc;
	Tree *trees;   /* one per pool of pc */
	Vec order;     /* PlanWorkload*, first-fit decreasing order */
} Solver;

enum { R_CPU, R_MEM, R_PODS, R_ENI };

static void tree_reset(Tree *tr, int64_t n, Resources node, Resources minus)
{
	size_t size = 1;
	while (size < (size_t)(n > 0 ? n : 1))
		size *= 2;
	if (size != tr->size) {
		free(tr->t);
		tr->t = xcalloc(2 * size * 4, sizeof *tr->t);
		tr->size = size;
	}
	tr->n = n;
	for (size_t i = 0; i < size; i++) {
		int64_t *leaf = &tr->t[(size + i) * 4];
		if ((int64_t)i < n) {
			leaf[R_CPU] = node.cpu_m - minus.cpu_m;
			leaf[R_MEM] = node.mem_mib - minus.mem_mib;
			leaf[R_PODS] = node.pods - minus.pods;
			leaf[R_ENI] = node.pod_eni - minus.pod_eni;
		} else {
			leaf[R_CPU] = leaf[R_MEM] = leaf[R_PODS] = leaf[R_ENI] = -1;
		}
	}
	for (size_t i = size - 1; i >= 1; i--)
		for (int r = 0; r < 4; r++) {
			int64_t a = tr->t[2 * i * 4 + r], b = tr->t[(2 * i + 1) * 4 + r];
			tr->t[i * 4 + r] = a > b ? a : b;
		}
}

static bool fits_at(const Tree *tr, size_t i, const int64_t *need)
{
	const int64_t *v = &tr->t[i * 4];
	return v[R_CPU] >= need[R_CPU] && v[R_MEM] >= need[R_MEM] && v[R_PODS] >= need[R_PODS] &&
	       v[R_ENI] >= need[R_ENI];
}

/* The first leaf that fits need, or -1. */
static int64_t tree_find(const Tree *tr, size_t i, const int64_t *need)
{
	if (!fits_at(tr, i, need))
		return -1;
	if (i >= tr->size)
		return (int64_t)(i - tr->size);
	int64_t r = tree_find(tr, 2 * i, need);
	return r >= 0 ? r : tree_find(tr, 2 * i + 1, need);
}

static void tree_take(Tree *tr, int64_t leaf, const int64_t *need)
{
	size_t i = tr->size + (size_t)leaf;
	for (int r = 0; r < 4; r++)
		tr->t[i * 4 + r] -= need[r];
	for (i /= 2; i >= 1; i /= 2)
		for (int r = 0; r < 4; r++) {
			int64_t a = tr->t[2 * i * 4 + r], b = tr->t[(2 * i + 1) * 4 + r];
			tr->t[i * 4 + r] = a > b ? a : b;
		}
}

/* ---- evaluating one configuration ---- */

static int64_t ceil_div(int64_t a, int64_t b)
{
	return b > 0 ? a / b + (a % b > 0) : 0;
}

/* n × per added to *sum; false when that does not fit in 64 bits. */
static bool add_times(int64_t *sum, int64_t n, int64_t per)
{
	int64_t p;
	return !__builtin_mul_overflow(n, per, &p) && !__builtin_add_overflow(*sum, p, sum);
}

/* n × per with its unit, or "overflow" (an error says so already). */
static void put_times(char *dst, size_t size, int64_t n, int64_t per, const char *unit)
{
	int64_t t = 0;
	if (add_times(&t, n, per))
		snprintf(dst, size, "%lld%s", (long long)t, unit);
	else
		snprintf(dst, size, "overflow");
}

static void pool_node_capacity(PlanPool *pp, const InstanceType *t)
{
	Resources alloc = instance_allocatable(t);
	Object *sched = obj_ref(pp->pool, "schedulable");
	Value *v;
	pp->node = alloc;
	pp->src_cpu = pp->src_mem = pp->src_eni = pp->src_pods = "catalog";
	if (!sched)
		return;
	if ((v = obj_get(sched, "cpu"))->kind == V_QTY)
		pp->node.cpu_m = v->i, pp->src_cpu = "spec";
	if ((v = obj_get(sched, "memory"))->kind == V_QTY)
		pp->node.mem_mib = v->i / (1024 * 1024), pp->src_mem = "spec";
	if ((v = obj_get(sched, "pod_eni"))->kind == V_INT)
		pp->node.pod_eni = t->trunking ? v->i : 0, pp->src_eni = "spec";
	if ((v = obj_get(sched, "pods"))->kind == V_INT)
		pp->node.pods = v->i, pp->src_pods = "spec";
}

static const char *ami_for(const char *arch)
{
	return strcmp(arch, "arm64") == 0 ? "al2023_arm64" : "al2023_x86_64";
}

/* Every type the solver tries sets the AMI too, unless the pool names one
 * (which pool_setup checked runs on every candidate). */
static void set_type(PlanPool *pp, const InstanceType *t)
{
	pp->type = t;
	if (obj_get(pp->pool, "ami")->kind != V_SYMBOL)
		pp->ami = ami_for(t->arch);
	pool_node_capacity(pp, t);
}

/* A total of capacity: pools_fit made sure the pools' largest counts
 * fit in 64 bits, and the larger counts help_least_fix tries only need
 * to be more than enough, so a total that would not fit stays at the
 * largest value. */
static void add_capacity(int64_t *sum, int64_t n, int64_t per)
{
	if (!add_times(sum, n, per))
		*sum = INT64_MAX;
}

static void aggregate(PlanCluster *pc)
{
	pc->capacity = (Resources){0};
	for (size_t i = 0; i < pc->pools.len; i++) {
		PlanPool *pp = pc->pools.items[i];
		if (!pp->counted)
			continue;
		add_capacity(&pc->capacity.cpu_m, pp->desired, pp->node.cpu_m);
		add_capacity(&pc->capacity.mem_mib, pp->desired, pp->node.mem_mib);
		add_capacity(&pc->capacity.pod_eni, pp->desired, pp->node.pod_eni);
		add_capacity(&pc->capacity.pods, pp->desired, pp->node.pods);
	}
}

static bool aggregate_fits(const PlanCluster *pc)
{
	return pc->required.cpu_m <= pc->capacity.cpu_m && pc->required.mem_mib <= pc->capacity.mem_mib &&
	       pc->required.pods <= pc->capacity.pods &&
	       (pc->required.pod_eni == 0 || pc->required.pod_eni <= pc->capacity.pod_eni);
}

/* Places every peak pod; returns the number that found no node. */
static int64_t pack(Solver *s, bool record)
{
	PlanCluster *pc = s->pc;
	int64_t counted_nodes = 0;
	for (size_t i = 0; i < pc->pools.len; i++) {
		PlanPool *pp = pc->pools.items[i];
		if (pp->counted)
			counted_nodes += pp->desired;
	}
	/* The reserve runs spread over the counted nodes, as DaemonSets and
	 * system pods do. */
	Resources per_node = {ceil_div(pc->reserved.cpu_m, counted_nodes), ceil_div(pc->reserved.mem_mib, counted_nodes),
			      ceil_div(pc->reserved.pod_eni, counted_nodes), ceil_div(pc->reserved.pods, counted_nodes)};
	for (size_t i = 0; i < pc->pools.len; i++) {
		PlanPool *pp = pc->pools.items[i];
		tree_reset(&s->trees[i], pp->desired, pp->node, pp->counted ? per_node : (Resources){0});
	}
	int64_t unplaced = 0;
	for (size_t w = 0; w < s->order.len; w++) {
		PlanWorkload *pw = s->order.items[w];
		int64_t need[4] = {pw->cpu_m, pw->mem_mib, 1, pw->pod_eni ? 1 : 0};
		int64_t left = 0;
		for (int64_t k = 0; k < pw->peak; k++) {
			bool placed = false;
			for (size_t p = 0; p < pw->pools.len && !placed; p++) {
				PlanPool *pp = pw->pools.items[p];
				size_t idx = 0;
				while (pc->pools.items[idx] != pp)
					idx++;
				Tree *tr = &s->trees[idx];
				if (tr->n == 0)
					continue;
				int64_t leaf = tree_find(tr, 1, need);
				if (leaf >= 0) {
					tree_take(tr, leaf, need);
					placed = true;
				}
			}
			if (!placed)
				left++;
		}
		if (record) {
			pw->unplaced = left;
			pw->why = NULL;
			if (left) {
				/* The tightest resource across the pools it may use. */
				int64_t best[4] = {-1, -1, -1, -1};
				for (size_t p = 0; p < pw->pools.len; p++) {
					size_t idx = 0;
					while (pc->pools.items[idx] != pw->pools.items[p])
						idx++;
					for (int r = 0; r < 4; r++)
						if (s->trees[idx].t[4 + r] > best[r])
							best[r] = s->trees[idx].t[4 + r];
				}
				Compiler *c = s->c;
				if (pw->pools.len == 0)
					pw->why = "no pool it may run on has nodes";
				else if (best[R_PODS] < 1)
					pw->why = "every node it may run on already holds its maximum number of pods";
				else if (best[R_CPU] < need[R_CPU])
					pw->why = arena_printf(c->arena, "each pod requests %lldm cpu; the most free on any node is %lldm",
							       (long long)need[R_CPU], (long long)(best[R_CPU] > 0 ? best[R_CPU] : 0));
				else if (best[R_MEM] < need[R_MEM])
					pw->why = arena_printf(c->arena, "each pod requests %lldMi memory; the most free on any node is %lldMi",
							       (long long)need[R_MEM], (long long)(best[R_MEM] > 0 ? best[R_MEM] : 0));
				else if (best[R_ENI] < need[R_ENI])
					pw->why = "every branch ENI of the nodes it may run on is taken";
				else
					pw->why = "no single node has enough of every resource at once";
			}
		}
		unplaced += left;
	}
	return unplaced;
}

static bool evaluate(Solver *s, bool record)
{
	aggregate(s->pc);
	if (!aggregate_fits(s->pc) && !record)
		return false;
	int64_t unplaced = pack(s, record);
	if (record)
		s->pc->unplaced = unplaced;
	return aggregate_fits(s->pc) && unplaced == 0;
}

/* Least desired count of pp within [lo, hi] that fits, or -1. */
static int64_t least_count(Solver *s, PlanPool *pp, int64_t lo, int64_t hi)
{
	pp->desired = hi;
	if (!evaluate(s, false))
		return -1;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		pp->desired = mid;
		if (evaluate(s, false))
			hi = mid;
		else
			lo = mid + 1;
	}
	pp->desired = lo;
	return lo;
}

/* ---- building the problem from the Model ---- */

static bool ami_matches(const char *ami, const char *arch)
{
	return str_has_suffix(ami, strcmp(arch, "arm64") == 0 ? "arm64" : "x86_64");
}

static const InstanceType *find_type(Compiler *c, Value *sym)
{
	const InstanceType *t = catalog_find(c->catalog, sym->s);
	if (t)
		return t;
	Diag *g = compiler_diag(c, CAP_UNKNOWN_INSTANCE, sym->span, "unknown instance type `%s`", sym->s);
	const char **names = ARENA_ARRAY(c->arena, const char *, c->catalog ? c->catalog->len : 1);
	size_t n = 0;
	for (uint32_t i = 0; c->catalog && i < c->catalog->len; i++)
		names[n++] = c->catalog->types[i].name;
	suggest_name(c, g, sym->s, names, n);
	if (c->catalog)
		diag_note_plain(&c->diags, g, "the instance catalog is \"%s\"", c->catalog->path);
	return NULL;
}

static PlanPool *pool_setup(Compiler *c, Object *pool)
{
	PlanPool *pp = ARENA_NEW(c->arena, PlanPool);
	pp->pool = pool;
	Value *inst = obj_get(pool, "instance");
	if (inst->kind == V_CHOICE) {
		pp->choice = inst;
		for (uint32_t i = 0; i < inst->n; i++)
			if (!find_type(c, inst->items[i]))
				return NULL;
		pp->type = catalog_find(c->catalog, inst->items[0]->s);
	} else if (!(pp->type = find_type(c, inst))) {
		return NULL;
	}
	pp->spot = strcmp(obj_str(pool, "capacity"), "spot") == 0;
	Value *counts = obj_get(pool, "counts");
	pp->counted = counts->kind == V_BOOL ? counts->i != 0 : !pp->spot;
	pp->min = obj_int(pool, "min");
	pp->max = obj_int(pool, "max");
	Value *d = obj_get(pool, "desired");
	pp->auto_desired = d->kind == V_AUTO;
	pp->desired = pp->auto_desired ? pp->max : d->i;
	Value *ami = obj_get(pool, "ami");
	if (ami->kind == V_SYMBOL) {
		pp->ami = ami->s;
		for (uint32_t i = 0; i < (pp->choice ? pp->choice->n : 1); i++) {
			const InstanceType *t = pp->choice ? catalog_find(c->catalog, pp->choice->items[i]->s) : pp->type;
			if (!ami_matches(pp->ami, t->arch)) {
				Diag *g = compiler_diag(c, CAP_ARCH, ami->span, "AMI type `%s` does not run on `%s`, an %s instance type",
							pp->ami, t->name, t->arch);
				diag_help(&c->diags, g, "use `%s`, or leave `ami` unset to follow the instance type",
					  ami_for(t->arch));
				return NULL;
			}
		}
	}
	set_type(pp, pp->type);
	return pp;
}

static bool map_subset(const Value *sub, const Value *of)
{
	for (uint32_t i = 0; i < sub->n; i++) {
		Value *v = value_map_get(of, sub->keys[i]);
		if (!v || !value_equal(v, sub->items[i]))
			return false;
	}
	return true;
}

static int cmp_ffd(const void *pa, const void *pb)
{
	const PlanWorkload *a = *(const PlanWorkload *const *)pa, *b = *(const PlanWorkload *const *)pb;
	if (a->cpu_m != b->cpu_m)
		return a->cpu_m > b->cpu_m ? -1 : 1;
	if (a->mem_mib != b->mem_mib)
		return a->mem_mib > b->mem_mib ? -1 : 1;
	return strcmp(a->svc->path, b->svc->path);
}

static PlanWorkload *workload_setup(Compiler *c, PlanCluster *pc, Object *svc)
{
	PlanWorkload *pw = ARENA_NEW(c->arena, PlanWorkload);
	pw->svc = svc;
	pw->replicas = obj_int(svc, "replicas");
	Value *surge = obj_get(svc, "surge");
	pw->surge_bp = surge->kind == V_QTY ? surge->i : pc->surge_bp;
	pw->peak = pw->replicas + (pw->replicas * pw->surge_bp + 9999) / 10000;
	pw->cpu_m = obj_int(svc, "cpu");
	pw->mem_mib = ceil_div(obj_int(svc, "memory"), 1024 * 1024);
	Value *eni = obj_get(svc, "pod_eni");
	pw->pod_eni = eni->kind == V_BOOL ? eni->i != 0 : value_has_items(obj_get(svc, "security_groups"));
	if (pw->pod_eni && !obj_bool(pc->cluster, "pod_security_groups")) {
		Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(svc, "security_groups"),
					"service `%s` uses security groups for pods, but cluster `%s` does not enable them",
					svc->name, pc->cluster->name);
		diag_note(&c->diags, g, pc->cluster->name_span, "cluster declared here");
		diag_help(&c->diags, g, "set `pod_security_groups = true` in the cluster");
	}
	Object *pin = obj_ref(svc, "pool");
	Value *selector = obj_get(svc, "node_selector");
	Vec rejected = {0};
	bool trunk_rejected = false;
	for (size_t i = 0; i < pc->pools.len; i++) {
		PlanPool *pp = pc->pools.items[i];
		if (pin && pin != pp->pool)
			continue;
		if (!pin && (!pp->counted || obj_blocks(pp->pool, "taint")->len > 0))
			continue;
		if (!map_subset(selector, obj_get(pp->pool, "labels")))
			continue;
		bool trunk = pp->choice ? false : pp->type->trunking;
		if (pp->choice)
			for (uint32_t k = 0; k < pp->choice->n; k++)
				trunk |= catalog_find(c->catalog, pp->choice->items[k]->s)->trunking;
		if (pw->pod_eni && !trunk) {
			trunk_rejected = true;
			vec_push(&rejected, pp);
			continue;
		}
		vec_push(&pw->pools, pp);
	}
	if (pin && pin->parent != pc->cluster) {
		Diag *g = compiler_diag(c, CHK_CONFLICT, obj_attr_span(svc, "pool"), "service `%s` is pinned to pool `%s` of another cluster",
					svc->name, pin->path);
		diag_note(&c->diags, g, obj_attr_span(svc, "cluster"), "the service runs in cluster `%s`", pc->cluster->name);
	} else if (pw->pools.len == 0 && trunk_rejected) {
		PlanPool *pp = rejected.items[0];
		Diag *g = compiler_diag(c, CAP_TRUNKING, obj_attr_span(svc, "security_groups"),
					"service `%s` needs a branch ENI per pod, but pool `%s` runs `%s`, which cannot trunk",
					svc->name, pp->pool->name, pp->type->name);
		diag_note(&c->diags, g, obj_attr_span(pp->pool, "instance"), "the instance type is chosen here");
		diag_help(&c->diags, g, "security groups for pods need a Nitro type that supports trunking, such as "
					"m6i.large or m7g.large");
	} else if (pw->pools.len == 0) {
		Diag *g = compiler_diag(c, CAP_UNPLACED, svc->name_span, "service `%s` has no pool to run on in cluster `%s`",
					svc->name, pc->cluster->name);
		if (selector->n)
			diag_note(&c->diags, g, obj_attr_span(svc, "node_selector"), "no counted pool has all of these labels");
		diag_help(&c->diags, g, "pin it with `pool = cluster.%s.pool.NAME` (tainted and spot pools take pinned "
					"services only)", pc->cluster->name);
	}
	vec_free(&rejected);
	return pw;
}

/* ---- totals that must fit in 64 bits ---- */

/* One resource of a total, and where the spec sets what it counts. */
typedef struct Term {
	const char *what, *unit, *field; /* "cpu", "m", the field of the block that sets it */
	int64_t per, *sum;
} Term;

/* Adds n × per to the sum of t, for the rollout peak of a service or
 * the largest count of a pool (by, of cluster); false, after reporting at
 * `at`, when that does not fit in 64 bits. */
static bool add_term(Compiler *c, const Term *t, int64_t n, const Object *by, const Object *cluster, Span at)
{
	int64_t p;
	bool pool = by->parent == cluster;
	const char *who = pool ? "pool" : "the rollout peak of service", *verb = pool ? "offers up to" : "requests";
	Diag *g;
	if (__builtin_mul_overflow(n, t->per, &p))
		g = compiler_diag(c, TYPE_TOTAL_OVERFLOW, at, "%s `%s` %s %lld × %lld%s %s, which does not fit in 64 bits", who,
				  by->name, verb, (long long)n, (long long)t->per, t->unit, t->what);
	else if (__builtin_add_overflow(*t->sum, p, t->sum))
		g = compiler_diag(c, TYPE_TOTAL_OVERFLOW, at,
				  "%s `%s` %s %lld × %lld%s %s, and with it cluster `%s` %s more %s than fits in 64 bits", who,
				  by->name, verb, (long long)n, (long long)t->per, t->unit, t->what, cluster->name,
				  pool ? "offers" : "needs", t->what);
	else
		return true;
	diag_help(&c->diags, g, "%s", pool ? "the capacity check counts at most `max` nodes of a pool; check the unit "
					     "of the capacity per node"
					   : "the peak is the replicas and the surge; check the unit of the request");
	return false;
}

/* Adds the rollout peak of pw to its cluster's requirement; false when a
 * total does not fit in 64 bits (reported at the request). */
static bool require(Compiler *c, PlanCluster *pc, PlanWorkload *pw)
{
	Term terms[] = {
		{"cpu", "m", "cpu", pw->cpu_m, &pc->required.cpu_m},
		{"memory", "Mi", "memory", pw->mem_mib, &pc->required.mem_mib},
		{"pods", "", "replicas", 1, &pc->required.pods},
		{"branch ENIs", "", "replicas", pw->pod_eni ? 1 : 0, &pc->required.pod_eni},
	};
	for (size_t i = 0; i < COUNT_OF(terms); i++)
		if (!add_term(c, &terms[i], pw->peak, pw->svc, pc->cluster, obj_value_span(pw->svc, terms[i].field)))
			return false;
	return true;
}

/* Whether the capacity of the counted pools at their largest counts fits
 * in 64 bits (reported at the capacity per node when not). */
static bool pools_fit(Compiler *c, PlanCluster *pc)
{
	Resources total = {0};
	for (size_t i = 0; i < pc->pools.len; i++) {
		PlanPool *pp = pc->pools.items[i];
		if (!pp->counted)
			continue;
		Object *sched = obj_ref(pp->pool, "schedulable");
		Term terms[] = {
			{"cpu", "m", "cpu", pp->node.cpu_m, &total.cpu_m},
			{"memory", "Mi", "memory", pp->node.mem_mib, &total.mem_mib},
			{"pods", "", "pods", pp->node.pods, &total.pods},
			{"branch ENIs", "", "pod_eni", pp->node.pod_eni, &total.pod_eni},
		};
		for (size_t k = 0; k < COUNT_OF(terms); k++) {
			const char *f = terms[k].field;
			Span at = sched && obj_written(sched, f) ? obj_value_span(sched, f) : pp->pool->name_span;
			if (!add_term(c, &terms[k], pp->max, pp->pool, pc->cluster, at))
				return false;
		}
	}
	return true;
}

/* ---- reporting ---- */

static void note_derivation(Compiler *c, Diag *g, PlanCluster *pc, bool cpu)
{
	for (size_t i = 0; i < pc->workloads.len; i++) {
		PlanWorkload *pw = pc->workloads.items[i];
		int64_t per = cpu ? pw->cpu_m : pw->mem_mib;
		/* Point at where the request was written: for generated services
		 * that is the literal in the data they were generated from. */
		Value *req = obj_get(pw->svc, cpu ? "cpu" : "memory");
		Span at = req->span.end ? req->span : obj_attr_span(pw->svc, cpu ? "cpu" : "memory");
		char total[32];
		put_times(total, sizeof total, pw->peak, per, cpu ? "m" : "Mi");
		diag_note(&c->diags, g, at, "`%s` %lld + %lld surge × %lld%s = %s", pw->svc->name, (long long)pw->replicas,
			  (long long)(pw->peak - pw->replicas), (long long)per, cpu ? "m" : "Mi", total);
	}
	Object *cap = obj_ref(pc->cluster, "capacity");
	Object *res = cap ? obj_ref(cap, "reserve") : NULL;
	int64_t r = cpu ? pc->reserved.cpu_m : pc->reserved.mem_mib;
	if (r && res)
		diag_note(&c->diags, g, obj_attr_span(res, cpu ? "cpu" : "memory"), "reserved %lld%s", (long long)r,
			  cpu ? "m" : "Mi");
	for (size_t i = 0; i < pc->pools.len; i++) {
		PlanPool *pp = pc->pools.items[i];
		if (!pp->counted)
			continue;
		int64_t per = cpu ? pp->node.cpu_m : pp->node.mem_mib;
		diag_note(&c->diags, g, pp->pool->name_span, "pool `%s` has %lld × %lld%s (%s, %s) = %lld%s", pp->pool->name,
			  (long long)pp->desired, (long long)per, cpu ? "m" : "Mi", pp->type->name,
			  cpu ? pp->src_cpu : pp->src_mem, (long long)(pp->desired * per), cpu ? "m" : "Mi");
	}
}

/* The least change that fits: more nodes of the first counted pool. */
static void help_least_fix(Solver *s, Diag *g, PlanPool *grow)
{
	Compiler *c = s->c;
	int64_t saved = grow->desired;
	int64_t found = -1;
	for (int64_t n = saved + 1; n <= saved * 10 + 100 && n <= 100000; n = n < 64 ? n + 1 : n + n / 8) {
		grow->desired = n;
		if (evaluate(s, false)) {
			found = n;
			break;
		}
	}
	if (found > 0) {
		/* Back down to the least that fits. */
		int64_t lo = saved + 1, hi = found;
		while (lo < hi) {
			int64_t mid = lo + (hi - lo) / 2;
			grow->desired = mid;
			if (evaluate(s, false))
				hi = mid;
			else
				lo = mid + 1;
		}
		found = lo;
		if (found > grow->max)
			diag_help(&c->diags, g, "needs %lld nodes of %s in pool `%s`, desired is %lld and max is %lld",
				  (long long)found, grow->type->name, grow->pool->name, (long long)saved, (long long)grow->max);
		else
			diag_help(&c->diags, g, "needs %lld nodes of %s in pool `%s`, desired is %lld", (long long)found,
				  grow->type->name, grow->pool->name, (long long)saved);
	}
	grow->desired = saved;
	evaluate(s, true);
}

static void report_short(Solver *s)
{
	Compiler *c = s->c;
	PlanCluster *pc = s->pc;
	PlanPool *grow = NULL;
	for (size_t i = 0; i < pc->pools.len && !grow; i++)
		if (((PlanPool *)pc->pools.items[i])->counted)
			grow = pc->pools.items[i];
	Span at = grow ? grow->pool->name_span : pc->cluster->name_span;
	const Resources *q = &pc->required, *h = &pc->capacity;
	if (q->cpu_m > h->cpu_m || q->mem_mib > h->mem_mib) {
		bool cpu = q->cpu_m > h->cpu_m;
		Buf msg = {0};
		buf_printf(&msg, "cluster `%s` cannot hold its rollout peak:", pc->cluster->name);
		if (q->cpu_m > h->cpu_m)
			buf_printf(&msg, " cpu needs %lldm, has %lldm (short %lldm)", (long long)q->cpu_m, (long long)h->cpu_m,
				   (long long)(q->cpu_m - h->cpu_m));
		if (q->mem_mib > h->mem_mib)
			buf_printf(&msg, "%s memory needs %lldMi, has %lldMi (short %lldMi)", q->cpu_m > h->cpu_m ? ";" : "",
				   (long long)q->mem_mib, (long long)h->mem_mib, (long long)(q->mem_mib - h->mem_mib));
		Diag *g = compiler_diag(c, CAP_SHORT, at, "%s", buf_cstr(&msg));
		buf_free(&msg);
		note_derivation(c, g, pc, cpu);
		if (grow)
			help_least_fix(s, g, grow);
		else
			diag_help(&c->diags, g, "add an on-demand pool, or set `counts = true` on a spot pool");
		return;
	}
	if (q->pods > h->pods || (q->pod_eni && q->pod_eni > h->pod_eni)) {
		bool pods = q->pods > h->pods;
		Diag *g = compiler_diag(c, CAP_SHORT, at, "cluster `%s` cannot hold its rollout peak: %s needs %lld, has %lld",
					pc->cluster->name, pods ? "pods" : "branch ENIs", (long long)(pods ? q->pods : q->pod_eni),
					(long long)(pods ? h->pods : h->pod_eni));
		if (grow)
			help_least_fix(s, g, grow);
		return;
	}
	/* The totals fit but some pods do not. */
	for (size_t i = 0; i < pc->workloads.len; i++) {
		PlanWorkload *pw = pc->workloads.items[i];
		if (!pw->unplaced || !pw->pools.len)
			continue;
		Diag *g = compiler_diag(c, CAP_UNPLACED, pw->svc->name_span, "%lld of the %lld rollout-peak pods of `%s` cannot be placed",
					(long long)pw->unplaced, (long long)pw->peak, pw->svc->name);
		diag_note_plain(&c->diags, g, "%s", pw->why);
		if (grow)
			help_least_fix(s, g, grow);
	}
}

/* ---- solving ---- */

static void solve_cluster(Solver *s)
{
	Compiler *c = s->c;
	PlanCluster *pc = s->pc;
	/* Auto pools start at max so the others are solved generously, then
	 * each is brought down to its least count in declaration order. */
	bool feasible = true;
	for (size_t i = 0; i < pc->pools.len; i++) {
		PlanPool *pp = pc->pools.items[i];
		if (!pp->choice)
			continue;
		const InstanceType *best = NULL;
		int64_t best_n = 0;
		double best_cost = 0;
		for (uint32_t k = 0; k < pp->choice->n; k++) {
			const InstanceType *t = catalog_find(c->catalog, pp->choice->items[k]->s);
			set_type(pp, t);
			int64_t n;
			if (pp->auto_desired) {
				n = least_count(s, pp, pp->min, pp->max);
			} else {
				n = evaluate(s, false) ? pp->desired : -1;
			}
			if (pp->auto_desired)
				pp->desired = pp->max;
			if (n < 0)
				continue;
			double cost = (double)n * t->price;
			bool better = !best || cost < best_cost - 1e-9 ||
				      (fabs(cost - best_cost) <= 1e-9 && (n < best_n || (n == best_n && strcmp(t->name, best->name) < 0)));
			if (better) {
				best = t;
				best_n = n;
				best_cost = cost;
			}
		}
		if (!best) {
			Diag *g = compiler_diag(c, CAP_NO_SOLUTION, obj_attr_span(pp->pool, "instance"),
						"no instance type of pool `%s` holds the rollout peak within max = %lld", pp->pool->name,
						(long long)pp->max);
			diag_help(&c->diags, g, "raise `max` or offer larger instance types");
			set_type(pp, catalog_find(c->catalog, pp->choice->items[0]->s));
			feasible = false;
			continue;
		}
		set_type(pp, best);
		if (pp->auto_desired)
			pp->desired = best_n;
	}
	for (size_t i = 0; i < pc->pools.len && feasible; i++) {
		PlanPool *pp = pc->pools.items[i];
		if (!pp->auto_desired || pp->choice)
			continue;
		int64_t n = least_count(s, pp, pp->min, pp->max);
		if (n < 0) {
			pp->desired = pp->max;
			break;
		}
	}
	pc->fits = evaluate(s, true);
	if (!pc->fits && feasible)
		report_short(s);
}

static void finish_cluster(Compiler *c, PlanCluster *pc)
{
	pc->headroom_cpu_m = pc->capacity.cpu_m - pc->required.cpu_m;
	pc->headroom_mem_mib = pc->capacity.mem_mib - pc->required.mem_mib;
	pc->cpu_percent = pc->capacity.cpu_m ? 100.0 * (double)pc->headroom_cpu_m / (double)pc->capacity.cpu_m : 0;
	pc->mem_percent = pc->capacity.mem_mib ? 100.0 * (double)pc->headroom_mem_mib / (double)pc->capacity.mem_mib : 0;
	pc->monthly_usd = 0;
	bool all_spot = pc->pools.len > 0;
	for (size_t i = 0; i < pc->pools.len; i++) {
		PlanPool *pp = pc->pools.items[i];
		pp->monthly_usd = (double)pp->desired * pp->type->price * 730.0;
		pc->monthly_usd += pp->monthly_usd;
		all_spot &= pp->spot;
	}
	if (!pc->fits)
		return;
	Object *cap = obj_ref(pc->cluster, "capacity");
	int64_t threshold = cap ? obj_int(cap, "headroom_warning") : 1000;
	if (pc->workloads.len && (pc->cpu_percent * 100 < (double)threshold || pc->mem_percent * 100 < (double)threshold)) {
		bool cpu = pc->cpu_percent * 100 < (double)threshold;
		Diag *g = compiler_diag(c, CAP_HEADROOM, pc->cluster->name_span,
					"cluster `%s` has %.1f%% %s headroom at rollout peak, below %lld%%", pc->cluster->name,
					cpu ? pc->cpu_percent : pc->mem_percent, cpu ? "cpu" : "memory", (long long)(threshold / 100));
		diag_help(&c->diags, g, "add nodes, or set `capacity { headroom_warning = ... }` if this is intended");
	}
	if (all_spot && pc->workloads.len) {
		Diag *g = compiler_diag(c, CAP_SPOT_ONLY, pc->cluster->name_span,
					"every pool of cluster `%s` runs spot instances", pc->cluster->name);
		diag_help(&c->diags, g, "add an on-demand pool so one interruption cannot stop every replica");
	}
}

void capacity_solve(Compiler *c)
{
	Plan *plan = xcalloc(1, sizeof *plan);
	c->plan = plan;
	plan->nids = c->objects.len;
	plan->workload_of = xcalloc(plan->nids ? plan->nids : 1, sizeof *plan->workload_of);
	plan->pool_of = xcalloc(plan->nids ? plan->nids : 1, sizeof *plan->pool_of);
	const char *kind_cluster = intern_cstr(&c->names, "cluster");
	const char *kind_service = intern_cstr(&c->names, "service");
	for (size_t i = 0; i < c->objects.len; i++) {
		Object *cl = c->objects.items[i];
		if (cl->kind->name != kind_cluster)
			continue;
		PlanCluster *pc = ARENA_NEW(c->arena, PlanCluster);
		pc->cluster = cl;
		vec_push(&plan->clusters, pc);
		Object *cap = obj_ref(cl, "capacity");
		pc->surge_bp = cap ? obj_int(cap, "surge") : 2500;
		Object *res = cap ? obj_ref(cap, "reserve") : NULL;
		if (res) {
			pc->reserved.cpu_m = obj_int(res, "cpu");
			pc->reserved.mem_mib = ceil_div(obj_int(res, "memory"), 1024 * 1024);
			pc->reserved.pod_eni = obj_int(res, "pod_eni");
			pc->reserved.pods = obj_int(res, "pods");
		}
		bool ok = true;
		const Vec *pools = obj_blocks(cl, "pool");
		for (size_t j = 0; j < pools->len; j++) {
			PlanPool *pp = pool_setup(c, pools->items[j]);
			if (pp) {
				vec_push(&pc->pools, pp);
				plan->pool_of[pp->pool->id] = pp;
			} else
				ok = false;
		}
		if (!ok)
			continue;
		uint32_t errors = c->diags.errors;
		pc->required = pc->reserved;
		bool fits64 = pools_fit(c, pc);
		for (size_t j = 0; j < c->objects.len; j++) {
			Object *svc = c->objects.items[j];
			if (svc->kind->name != kind_service || obj_ref(svc, "cluster") != cl)
				continue;
			PlanWorkload *pw = workload_setup(c, pc, svc);
			vec_push(&pc->workloads, pw);
			plan->workload_of[svc->id] = pw;
			fits64 = fits64 && require(c, pc, pw);
		}
		if (c->diags.errors != errors || !fits64)
			continue;
		Solver s = {c, pc, xcalloc(pc->pools.len ? pc->pools.len : 1, sizeof(Tree)), {0}};
		for (size_t j = 0; j < pc->workloads.len; j++)
			vec_push(&s.order, pc->workloads.items[j]);
		vec_sort(&s.order, cmp_ffd);
		solve_cluster(&s);
		finish_cluster(c, pc);
		for (size_t j = 0; j < pc->pools.len; j++)
			free(s.trees[j].t);
		free(s.trees);
		vec_free(&s.order);
	}
}

/* Looked up once a service by every back end: by the object's id, not by
 * a search of the clusters, which made a build quadratic in services. */
PlanPool *plan_pool(const Plan *p, const Object *pool)
{
	return p && pool->id < p->nids ? p->pool_of[pool->id] : NULL;
}

PlanWorkload *plan_workload(const Plan *p, const Object *svc)
{
	return p && svc->id < p->nids ? p->workload_of[svc->id] : NULL;
}

void plan_free(Plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->clusters.len; i++) {
		PlanCluster *pc = p->clusters.items[i];
		for (size_t j = 0; j < pc->workloads.len; j++)
			vec_free(&((PlanWorkload *)pc->workloads.items[j])->pools);
		vec_free(&pc->pools);
		vec_free(&pc->workloads);
	}
	vec_free(&p->clusters);
	free(p->workload_of);
	free(p->pool_of);
	free(p);
}

/* ---- the report ---- */

static void put_vcpu(Buf *b, int64_t m)
{
	buf_printf(b, "%lld", (long long)(m / 1000));
	int64_t frac = (int64_t)((m < 0 ? 0 - (uint64_t)m : (uint64_t)m) % 1000);
	if (frac) {
		char d[8];
		snprintf(d, sizeof d, "%03lld", (long long)frac);
		size_t n = 3;
		while (n > 0 && d[n - 1] == '0')
			n--;
		buf_printf(b, ".%.*s", (int)n, d);
	}
	buf_puts(b, " vCPU");
}

static void put_gib(Buf *b, int64_t mib)
{
	buf_printf(b, "%lld", (long long)(mib / 1024));
	int64_t frac = (int64_t)((mib < 0 ? 0 - (uint64_t)mib : (uint64_t)mib) % 1024);
	if (frac) {
		/* MiB in a GiB divide into exact decimals: 1/1024 = 0.0009765625 */
		char d[16];
		snprintf(d, sizeof d, "%010lld", (long long)(frac * 9765625));
		size_t n = 3;
		while (n > 0 && d[n - 1] == '0')
			n--;
		if (n)
			buf_printf(b, ".%.*s", (int)n, d);
	}
	buf_puts(b, " GiB");
}

void plan_report_text(const Plan *p, Buf *out)
{
	for (size_t i = 0; i < p->clusters.len; i++) {
		PlanCluster *pc = p->clusters.items[i];
		Buf t = {0};
		qty_format(DIM_PERCENT, pc->surge_bp, &t);
		buf_printf(out, "cluster %s  (surge %s)\n", pc->cluster->name, buf_cstr(&t));
		buf_free(&t);
		buf_printf(out, "  %-22s %8s %5s %9s %9s %10s %11s %8s\n", "service", "replicas", "peak", "cpu/pod",
			   "mem/pod", "cpu", "memory", "pod ENIs");
		for (size_t j = 0; j < pc->workloads.len; j++) {
			PlanWorkload *pw = pc->workloads.items[j];
			char cpu[32], mem[32], tc[32], tm[32], eni[16];
			snprintf(cpu, sizeof cpu, "%lldm", (long long)pw->cpu_m);
			snprintf(mem, sizeof mem, "%lldMi", (long long)pw->mem_mib);
			put_times(tc, sizeof tc, pw->peak, pw->cpu_m, "m");
			put_times(tm, sizeof tm, pw->peak, pw->mem_mib, "Mi");
			snprintf(eni, sizeof eni, "%lld", pw->pod_eni ? (long long)pw->peak : 0LL);
			buf_printf(out, "  %-22s %8lld %5lld %9s %9s %10s %11s %8s\n", pw->svc->name, (long long)pw->replicas,
				   (long long)pw->peak, cpu, mem, tc, tm, eni);
		}
		Resources tot = pc->required;
		tot.cpu_m -= pc->reserved.cpu_m;
		tot.mem_mib -= pc->reserved.mem_mib;
		tot.pod_eni -= pc->reserved.pod_eni;
		const struct {
			const char *name;
			const Resources *r;
		} rows[] = {{"total", &tot}, {"reserved", &pc->reserved}, {"required", &pc->required}, {"capacity", &pc->capacity}};
		for (size_t r = 0; r < COUNT_OF(rows); r++) {
			char tc[32], tm[32], eni[16];
			snprintf(tc, sizeof tc, "%lldm", (long long)rows[r].r->cpu_m);
			snprintf(tm, sizeof tm, "%lldMi", (long long)rows[r].r->mem_mib);
			snprintf(eni, sizeof eni, "%lld", (long long)rows[r].r->pod_eni);
			buf_printf(out, "  %-22s %8s %5s %9s %9s %10s %11s %8s", rows[r].name, "", "", "", "", tc, tm, eni);
			if (r >= 2) {
				Buf v = {0};
				put_vcpu(&v, rows[r].r->cpu_m);
				buf_puts(&v, ", ");
				put_gib(&v, rows[r].r->mem_mib);
				buf_printf(out, "   %s", buf_cstr(&v));
				buf_free(&v);
			}
			buf_putc(out, '\n');
		}
		Buf v = {0};
		put_vcpu(&v, pc->headroom_cpu_m);
		buf_printf(&v, " (%.0f%%), ", pc->cpu_percent);
		put_gib(&v, pc->headroom_mem_mib);
		buf_printf(&v, " (%.0f%%)", pc->mem_percent);
		buf_printf(out, "  %-22s %s\n", "headroom", buf_cstr(&v));
		buf_free(&v);
		buf_printf(out, "  %s%s\n", pc->fits ? "fits" : "DOES NOT FIT",
			   pc->unplaced ? "" : ": every rollout-peak pod has a node");
		buf_puts(out, "  pools\n");
		for (size_t j = 0; j < pc->pools.len; j++) {
			PlanPool *pp = pc->pools.items[j];
			buf_printf(out, "    %-14s %-12s %-9s %3lld node%s (%lld..%lld%s)  %s  per node %lldm/%lldMi/%lld pods/%lld ENIs (cpu %s, memory %s)  $%.2f/month\n",
				   pp->pool->name, pp->type->name, pp->spot ? "spot" : "on_demand", (long long)pp->desired,
				   pp->desired == 1 ? " " : "s", (long long)pp->min, (long long)pp->max,
				   pp->choice ? ", cheapest" : pp->auto_desired ? ", auto" : "",
				   pp->counted ? "counted    " : "not counted", (long long)pp->node.cpu_m,
				   (long long)pp->node.mem_mib, (long long)pp->node.pods, (long long)pp->node.pod_eni, pp->src_cpu,
				   pp->src_mem, pp->monthly_usd);
		}
		buf_printf(out, "  cost  $%.2f/month (on-demand prices of %s, 730 hours)\n", pc->monthly_usd,
			   "the instance catalog");
		if (i + 1 < p->clusters.len)
			buf_putc(out, '\n');
	}
}

void plan_report_json(const Plan *p, Buf *out)
{
	JsonW w;
	json_init(&w, out);
	json_object_begin(&w);
	json_key(&w, "clusters");
	json_array_begin(&w);
	for (size_t i = 0; i < p->clusters.len; i++) {
		PlanCluster *pc = p->clusters.items[i];
		json_object_begin(&w);
		json_key(&w, "name");
		json_string(&w, pc->cluster->name);
		json_key(&w, "surge_percent");
		json_double(&w, (double)pc->surge_bp / 100.0, pc->surge_bp % 100 ? 2 : 0);
		const struct {
			const char *key;
			const Resources *r;
			bool pods;
		} groups[] = {{"required", &pc->required, true}, {"reserved", &pc->reserved, false}, {"capacity", &pc->capacity, true}};
		for (size_t g = 0; g < COUNT_OF(groups); g++) {
			json_key(&w, groups[g].key);
			json_object_begin(&w);
			json_key(&w, "cpu_millicores");
			json_int(&w, groups[g].r->cpu_m);
			json_key(&w, "memory_mib");
			json_int(&w, groups[g].r->mem_mib);
			json_key(&w, "pod_eni");
			json_int(&w, groups[g].r->pod_eni);
			if (groups[g].pods) {
				json_key(&w, "pods");
				json_int(&w, groups[g].r->pods);
			}
			json_object_end(&w);
		}
		json_key(&w, "headroom");
		json_object_begin(&w);
		json_key(&w, "cpu_millicores");
		json_int(&w, pc->headroom_cpu_m);
		json_key(&w, "memory_mib");
		json_int(&w, pc->headroom_mem_mib);
		json_key(&w, "cpu_percent");
		json_double(&w, pc->cpu_percent, 2);
		json_key(&w, "memory_percent");
		json_double(&w, pc->mem_percent, 2);
		json_object_end(&w);
		json_key(&w, "fits");
		json_bool(&w, pc->fits);
		json_key(&w, "unplaced_pods");
		json_int(&w, pc->unplaced);
		json_key(&w, "monthly_cost_usd");
		json_double(&w, pc->monthly_usd, 2);
		json_key(&w, "pools");
		json_array_begin(&w);
		for (size_t j = 0; j < pc->pools.len; j++) {
			PlanPool *pp = pc->pools.items[j];
			json_object_begin(&w);
			json_key(&w, "name");
			json_string(&w, pp->pool->name);
			json_key(&w, "instance");
			json_string(&w, pp->type->name);
			json_key(&w, "capacity_type");
			json_string(&w, pp->spot ? "spot" : "on_demand");
			json_key(&w, "desired");
			json_int(&w, pp->desired);
			json_key(&w, "counted");
			json_bool(&w, pp->counted);
			json_key(&w, "min");
			json_int(&w, pp->min);
			json_key(&w, "max");
			json_int(&w, pp->max);
			json_key(&w, "solved");
			json_string(&w, pp->choice ? "cheapest" : pp->auto_desired ? "auto" : "fixed");
			json_key(&w, "per_node");
			json_object_begin(&w);
			json_key(&w, "cpu_millicores");
			json_int(&w, pp->node.cpu_m);
			json_key(&w, "memory_mib");
			json_int(&w, pp->node.mem_mib);
			json_key(&w, "pods");
			json_int(&w, pp->node.pods);
			json_key(&w, "pod_eni");
			json_int(&w, pp->node.pod_eni);
			json_key(&w, "source");
			json_object_begin(&w);
			json_key(&w, "cpu");
			json_string(&w, pp->src_cpu);
			json_key(&w, "memory");
			json_string(&w, pp->src_mem);
			json_key(&w, "pods");
			json_string(&w, pp->src_pods);
			json_key(&w, "pod_eni");
			json_string(&w, pp->src_eni);
			json_object_end(&w);
			json_object_end(&w);
			json_key(&w, "monthly_cost_usd");
			json_double(&w, pp->monthly_usd, 2);
			json_object_end(&w);
		}
		json_array_end(&w);
		json_key(&w, "workloads");
		json_array_begin(&w);
		for (size_t j = 0; j < pc->workloads.len; j++) {
			PlanWorkload *pw = pc->workloads.items[j];
			json_object_begin(&w);
			json_key(&w, "name");
			json_string(&w, pw->svc->name);
			json_key(&w, "replicas");
			json_int(&w, pw->replicas);
			json_key(&w, "peak_replicas");
			json_int(&w, pw->peak);
			json_key(&w, "cpu_millicores");
			json_int(&w, pw->cpu_m);
			json_key(&w, "memory_mib");
			json_int(&w, pw->mem_mib);
			json_key(&w, "pod_eni");
			json_bool(&w, pw->pod_eni);
			json_key(&w, "unplaced");
			json_int(&w, pw->unplaced);
			json_object_end(&w);
		}
		json_array_end(&w);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_object_end(&w);
	json_finish(&w);
}

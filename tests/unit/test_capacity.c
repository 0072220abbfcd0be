/*
 * test_capacity.c: unit tests of the capacity solver.
 *
 * Each test writes a small spec (an environment, a network, one cluster
 * with its pools, some services) to a temporary file, compiles it with
 * the real pipeline, and inspects the Plan: peaks, totals, placement,
 * the counts and types the solver chose, and which diagnostics came out.
 * The allocatable figures are also checked against the derived values
 * published with the design's instance table.
 */
#include "infrac.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/infrac-cap-XXXXXX";

/* The frame every test spec shares; %s is the cluster's body, then the
 * services. */
static const char *frame =
	"environment test {\n  region = \"us-east-1\"\n  account = \"123456789012\"\n}\n"
	"network main {\n  cidr = 10.0.0.0/16\n  zones = [\"us-east-1a\", \"us-east-1b\"]\n"
	"  subnet private { cidrs = [10.0.1.0/24, 10.0.2.0/24]  route = none }\n}\n"
	"cluster k {\n  network = network.main\n  subnets = [network.main.subnet.private]\n"
	"  pod_security_groups = true\n%s\n}\n"
	"security_group sg { network = network.main }\n%s";

static Compiler *compile_spec(const char *cluster_body, const char *services)
{
	char path[128];
	snprintf(path, sizeof path, "%s/spec.infra", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, frame, cluster_body, services);
	fclose(f);
	CompileOptions opt = {0};
	opt.stdlib_dir = getenv("INFRAC_STDLIB");
	Compiler *c = compiler_new(&opt);
	compile_file(c, path);
	diags_finish(&c->diags);
	return c;
}

static bool has_code(Compiler *c, const char *code)
{
	for (size_t i = 0; i < c->diags.list.len; i++) {
		Diag *g = c->diags.list.items[i];
		if (strcmp(diag_info[g->code].code, code) == 0)
			return true;
	}
	return false;
}

static void dump_diags(Compiler *c)
{
	Buf b = {0};
	diags_render_text(&c->diags, &b, false);
	fputs(buf_cstr(&b), stderr);
	buf_free(&b);
}

static PlanCluster *cluster0(Compiler *c)
{
	return c->plan && c->plan->clusters.len ? c->plan->clusters.items[0] : NULL;
}

static PlanWorkload *workload(Compiler *c, const char *name)
{
	PlanCluster *pc = cluster0(c);
	for (size_t i = 0; pc && i < pc->workloads.len; i++) {
		PlanWorkload *w = pc->workloads.items[i];
		if (strcmp(w->svc->name, name) == 0)
			return w;
	}
	return NULL;
}

static PlanPool *pool(Compiler *c, const char *name)
{
	PlanCluster *pc = cluster0(c);
	for (size_t i = 0; pc && i < pc->pools.len; i++) {
		PlanPool *p = pc->pools.items[i];
		if (strcmp(p->pool->name, name) == 0)
			return p;
	}
	return NULL;
}

static void test_allocatable(void)
{
	/* Figures published with the instance table (derived, per type):
	 * kube-reserved cpu and Karpenter's allocatable memory estimate. */
	static const struct {
		int64_t vcpu, mem_mib, max_pods;
		const char *arch;
		int64_t cpu_reserved, alloc_mem;
	} cases[] = {
		{2, 4096, 17, "x86_64", 70, 3246},     /* t3.medium */
		{2, 8192, 29, "arm64", 70, 6844},      /* m7g.large */
		{4, 16384, 58, "arm64", 80, 14103},    /* m7g.xlarge */
		{8, 32768, 58, "arm64", 90, 29258},    /* m7g.2xlarge */
		{16, 65536, 234, "arm64", 110, 57632}, /* m7g.4xlarge */
		{4, 8192, 58, "x86_64", 80, 6584},     /* c5.xlarge */
		{8, 32768, 58, "x86_64", 90, 29317},   /* m6i.2xlarge */
	};
	for (size_t i = 0; i < COUNT_OF(cases); i++) {
		InstanceType t = {0};
		t.vcpu = cases[i].vcpu;
		t.memory_mib = cases[i].mem_mib;
		t.max_pods = cases[i].max_pods;
		t.arch = cases[i].arch;
		t.trunking = true;
		t.branch_enis = 9;
		Resources r = instance_allocatable(&t);
		CHECK(kube_reserved_cpu_m(t.vcpu) == cases[i].cpu_reserved);
		CHECK(r.cpu_m == t.vcpu * 1000 - cases[i].cpu_reserved);
		CHECK(r.mem_mib == cases[i].alloc_mem);
		CHECK(r.pods == t.max_pods);
	}
	CHECK(kube_reserved_cpu_m(1) == 60);
	CHECK(kube_reserved_cpu_m(32) == 150);
}

static const char *big_pool = "  pool a { instance = m6i.2xlarge  min = 1  desired = 4  max = 10 }";

static void test_rounding(void)
{
	/* ceil(replicas x surge / 100): 3 at 25% -> 1; 5 at 33% -> 2; 4 at 0%
	 * -> 0; 3 at 100% -> 3; 1 at 1% -> 1; 0 replicas -> 0. */
	Compiler *c = compile_spec(big_pool,
		"service odd { cluster = cluster.k  replicas = 3  cpu = 100m  memory = 64Mi }\n"
		"service third { cluster = cluster.k  replicas = 5  surge = 33%  cpu = 100m  memory = 64Mi }\n"
		"service zero { cluster = cluster.k  replicas = 4  surge = 0%  cpu = 100m  memory = 64Mi }\n"
		"service full { cluster = cluster.k  replicas = 3  surge = 100%  cpu = 100m  memory = 64Mi }\n"
		"service tiny { cluster = cluster.k  replicas = 1  surge = 1%  cpu = 100m  memory = 64Mi }\n"
		"service none { cluster = cluster.k  replicas = 0  cpu = 100m  memory = 64Mi }\n"
		"service frac { cluster = cluster.k  replicas = 7  surge = 12.5%  cpu = 100m  memory = 64Mi }\n");
	/* The fractional surge is solved, then refused: Kubernetes takes
	 * `maxSurge` as a whole percent (check_model.c). */
	CHECK(c->diags.errors == 1);
	CHECK(workload(c, "odd") && workload(c, "odd")->peak == 4);
	CHECK(workload(c, "third") && workload(c, "third")->peak == 7);
	CHECK(workload(c, "zero") && workload(c, "zero")->peak == 4);
	CHECK(workload(c, "full") && workload(c, "full")->peak == 6);
	CHECK(workload(c, "tiny") && workload(c, "tiny")->peak == 2);
	CHECK(workload(c, "none") && workload(c, "none")->peak == 0);
	CHECK(workload(c, "frac") && workload(c, "frac")->peak == 8); /* 7 x 12.5% = 0.875 -> 1 */
	if (failures)
		dump_diags(c);
	compiler_free(c);
}

static void test_memory_rounds_up(void)
{
	Compiler *c = compile_spec(big_pool, "service s { cluster = cluster.k  replicas = 1  cpu = 1m  memory = 1025Ki }\n");
	CHECK(workload(c, "s") && workload(c, "s")->mem_mib == 2);
	compiler_free(c);
}

static void test_aggregate_fits_packing_does_not(void)
{
	/* Two nodes of 8Gi schedulable; three 5Gi pods need 15Gi of 16Gi in
	 * total, but only one fits per node. */
	Compiler *c = compile_spec(
		"  pool a { instance = m6i.2xlarge  min = 2  desired = 2  max = 2\n"
		"    schedulable { cpu = 8000m  memory = 8Gi }\n  }",
		"service big { cluster = cluster.k  replicas = 3  surge = 0%  cpu = 1000m  memory = 5Gi }\n");
	PlanCluster *pc = cluster0(c);
	CHECK(pc && pc->required.mem_mib == 15 * 1024);
	CHECK(pc && pc->capacity.mem_mib == 16 * 1024);
	CHECK(pc && !pc->fits && pc->unplaced == 1);
	CHECK(has_code(c, "CAP-E004"));
	CHECK(!has_code(c, "CAP-E003"));
	compiler_free(c);
}

static void test_short_aggregate(void)
{
	Compiler *c = compile_spec(
		"  pool a { instance = m6i.2xlarge  min = 1  desired = 2  max = 3\n"
		"    schedulable { cpu = 4000m  memory = 8Gi }\n  }",
		"service s { cluster = cluster.k  replicas = 4  cpu = 2000m  memory = 1Gi }\n");
	/* peak 5 x 2000m = 10000m > 2 x 4000m */
	CHECK(has_code(c, "CAP-E003"));
	PlanCluster *pc = cluster0(c);
	CHECK(pc && pc->required.cpu_m == 10000 && pc->capacity.cpu_m == 8000);
	compiler_free(c);
}

static void test_spot_counted(void)
{
	const char *pools =
		"  pool od { instance = m6i.2xlarge  min = 1  desired = 1  max = 1 }\n"
		"  pool sp { instance = m6i.2xlarge  capacity = spot  min = 2  desired = 2  max = 2%s }";
	char body[512];
	const char *svc = "service s { cluster = cluster.k  replicas = 2  surge = 0%  cpu = 6000m  memory = 1Gi }\n";
	snprintf(body, sizeof body, pools, "");
	Compiler *c = compile_spec(body, svc);
	/* Spot does not count: one node (7910m) cannot hold 12000m. */
	CHECK(pool(c, "sp") && !pool(c, "sp")->counted);
	CHECK(cluster0(c) && cluster0(c)->capacity.cpu_m == 7910);
	CHECK(has_code(c, "CAP-E003"));
	compiler_free(c);
	snprintf(body, sizeof body, pools, "  counts = true");
	c = compile_spec(body, svc);
	CHECK(pool(c, "sp") && pool(c, "sp")->counted);
	CHECK(cluster0(c) && cluster0(c)->capacity.cpu_m == 3 * 7910);
	CHECK(cluster0(c) && cluster0(c)->fits);
	CHECK(c->diags.errors == 0);
	compiler_free(c);
}

static void test_spot_only_warns(void)
{
	Compiler *c = compile_spec(
		"  pool sp { instance = m6i.2xlarge  capacity = spot  counts = true  min = 2  desired = 2  max = 2 }",
		"service s { cluster = cluster.k  replicas = 1  cpu = 100m  memory = 64Mi }\n");
	CHECK(c->diags.errors == 0);
	CHECK(has_code(c, "CAP-W002"));
	compiler_free(c);
}

static void test_trunking(void)
{
	Compiler *c = compile_spec("  pool t { instance = t3.medium  min = 1  desired = 2  max = 3 }",
				   "service s { cluster = cluster.k  replicas = 1  cpu = 100m  memory = 64Mi\n"
				   "  security_groups = [security_group.sg] }\n");
	CHECK(has_code(c, "CAP-E005"));
	compiler_free(c);
	/* A trunking type with too few branch ENIs per node: m6i.large has 9. */
	c = compile_spec("  pool m { instance = m6i.large  min = 1  desired = 1  max = 1 }",
			 "service s { cluster = cluster.k  replicas = 8  surge = 25%  cpu = 10m  memory = 16Mi\n"
			 "  security_groups = [security_group.sg] }\n");
	PlanCluster *pc = cluster0(c);
	CHECK(pc && pc->required.pod_eni == 10 && pc->capacity.pod_eni == 9);
	CHECK(has_code(c, "CAP-E003"));
	compiler_free(c);
}

static void test_auto_count(void)
{
	Compiler *c = compile_spec(
		"  pool a { instance = m6i.2xlarge  min = 1  desired = auto  max = 20\n"
		"    schedulable { cpu = 8000m  memory = 32Gi }\n  }",
		"service s { cluster = cluster.k  replicas = 8  cpu = 2000m  memory = 1Gi }\n");
	/* peak 10 x 2000m = 20000m -> 3 nodes of 8000m (16000m is too few) */
	CHECK(pool(c, "a") && pool(c, "a")->desired == 3);
	CHECK(c->diags.errors == 0);
	compiler_free(c);
	/* Packing decides, not the total: 3 pods of 5000m need 3 nodes. */
	c = compile_spec("  pool a { instance = m6i.2xlarge  min = 1  desired = auto  max = 20\n"
			 "    schedulable { cpu = 8000m  memory = 32Gi }\n  }",
			 "service s { cluster = cluster.k  replicas = 3  surge = 0%  cpu = 5000m  memory = 1Gi }\n");
	CHECK(pool(c, "a") && pool(c, "a")->desired == 3);
	compiler_free(c);
	/* Nothing to hold: the least is min. */
	c = compile_spec("  pool a { instance = m6i.2xlarge  min = 2  desired = auto  max = 20 }", "");
	CHECK(pool(c, "a") && pool(c, "a")->desired == 2);
	compiler_free(c);
	/* Beyond max: an error. */
	c = compile_spec("  pool a { instance = m6i.2xlarge  min = 1  desired = auto  max = 2\n"
			 "    schedulable { cpu = 8000m  memory = 32Gi }\n  }",
			 "service s { cluster = cluster.k  replicas = 8  cpu = 2000m  memory = 1Gi }\n");
	CHECK(has_code(c, "CAP-E003"));
	compiler_free(c);
}

static void test_cheapest(void)
{
	/* 24 pods of 1000m: m6i.xlarge (3920m, $0.192) holds 3 a node, so 8
	 * nodes = $1.536 although 7 would hold the total; m6i.2xlarge (7910m,
	 * $0.384) holds 7, so 4 = $1.536; c5.2xlarge (7910m, $0.34) 4 =
	 * $1.36.  The cheapest is 4 x c5.2xlarge. */
	Compiler *c = compile_spec(
		"  pool a { instance = cheapest([m6i.2xlarge, c5.2xlarge, m6i.xlarge])  min = 1  desired = auto  max = 20 }",
		"service s { cluster = cluster.k  replicas = 24  surge = 0%  cpu = 1000m  memory = 256Mi }\n");
	CHECK(c->diags.errors == 0);
	CHECK(pool(c, "a") && strcmp(pool(c, "a")->type->name, "c5.2xlarge") == 0 && pool(c, "a")->desired == 4);
	if (failures)
		dump_diags(c);
	compiler_free(c);
	/* A tie on price goes to fewer nodes, then to the name: m5.xlarge and
	 * m6i.xlarge cost the same and hold the same. */
	c = compile_spec("  pool a { instance = cheapest([m6i.xlarge, m5.xlarge])  min = 1  desired = auto  max = 20 }",
			 "service s { cluster = cluster.k  replicas = 3  surge = 0%  cpu = 1000m  memory = 256Mi }\n");
	CHECK(pool(c, "a") && strcmp(pool(c, "a")->type->name, "m5.xlarge") == 0);
	compiler_free(c);
	/* Same price, fewer nodes wins: 2 x m6i.xlarge ($0.384) vs 1 x m6i.2xlarge ($0.384). */
	c = compile_spec("  pool a { instance = cheapest([m6i.xlarge, m6i.2xlarge])  min = 1  desired = auto  max = 20 }",
			 "service s { cluster = cluster.k  replicas = 6  surge = 0%  cpu = 1000m  memory = 256Mi }\n");
	CHECK(pool(c, "a") && strcmp(pool(c, "a")->type->name, "m6i.2xlarge") == 0 && pool(c, "a")->desired == 1);
	compiler_free(c);
}

static void test_taints_and_selectors(void)
{
	const char *pools =
		"  pool general { instance = m6i.large  min = 1  desired = 1  max = 1  labels = { tier = \"general\" } }\n"
		"  pool pw { instance = c5.xlarge  min = 2  desired = 2  max = 2  labels = { tier = \"playwright\" }\n"
		"    taint { key = \"workload\"  value = \"playwright\"  effect = no_schedule }\n  }";
	/* Pinned to the tainted pool: placed there (peak 4, two a node). */
	Compiler *c = compile_spec(pools,
		"service runner { cluster = cluster.k  replicas = 3  cpu = 1500m  memory = 1Gi  pool = cluster.k.pool.pw }\n");
	CHECK(c->diags.errors == 0);
	CHECK(cluster0(c) && cluster0(c)->unplaced == 0);
	compiler_free(c);
	/* Not pinned: only the small general pool is allowed, and the pods do
	 * not fit there even though the tainted pool has room. */
	c = compile_spec(pools, "service runner { cluster = cluster.k  replicas = 4  cpu = 1500m  memory = 1Gi }\n");
	CHECK(has_code(c, "CAP-E004") || has_code(c, "CAP-E003"));
	compiler_free(c);
	/* A selector no counted pool matches. */
	c = compile_spec(pools, "service s { cluster = cluster.k  replicas = 1  cpu = 100m  memory = 64Mi\n"
				"  node_selector = { tier = \"gpu\" } }\n");
	CHECK(has_code(c, "CAP-E004"));
	compiler_free(c);
}

static void test_pods_per_node(void)
{
	/* t3.medium holds 17 pods; 2 nodes cannot hold 40 tiny pods. */
	Compiler *c = compile_spec("  pool t { instance = t3.medium  min = 2  desired = 2  max = 2 }",
				   "service s { cluster = cluster.k  replicas = 40  surge = 0%  cpu = 1m  memory = 1Mi }\n");
	CHECK(has_code(c, "CAP-E003"));
	PlanCluster *pc = cluster0(c);
	CHECK(pc && pc->capacity.pods == 34 && pc->required.pods == 40);
	compiler_free(c);
}

static void test_unknown_instance(void)
{
	Compiler *c = compile_spec("  pool a { instance = m6i.2xlarg  min = 1  desired = 1  max = 1 }", "");
	CHECK(has_code(c, "CAP-E002"));
	bool suggested = false;
	for (size_t i = 0; i < c->diags.list.len; i++) {
		Diag *g = c->diags.list.items[i];
		for (size_t j = 0; j < g->helps.len; j++)
			suggested |= strstr(g->helps.items[j], "m6i.2xlarge") != NULL;
	}
	CHECK(suggested);
	compiler_free(c);
}

static void test_headroom_warning(void)
{
	Compiler *c = compile_spec(
		"  pool a { instance = m6i.2xlarge  min = 1  desired = 1  max = 1\n"
		"    schedulable { cpu = 10000m  memory = 10Gi }\n  }\n"
		"  capacity { headroom_warning = 20% }",
		"service s { cluster = cluster.k  replicas = 3  surge = 0%  cpu = 3000m  memory = 1Gi }\n");
	/* 9000m of 10000m: 10% headroom, below 20% */
	CHECK(c->diags.errors == 0);
	CHECK(has_code(c, "CAP-W001"));
	compiler_free(c);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_allocatable();
	test_rounding();
	test_memory_rounds_up();
	test_aggregate_fits_packing_does_not();
	test_short_aggregate();
	test_spot_counted();
	test_spot_only_warns();
	test_trunking();
	test_auto_count();
	test_cheapest();
	test_taints_and_selectors();
	test_pods_per_node();
	test_unknown_instance();
	test_headroom_warning();
	char path[128];
	snprintf(path, sizeof path, "%s/spec.infra", dir);
	unlink(path);
	rmdir(dir);
	return unit_status();
}

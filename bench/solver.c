/*
 * solver.c: how long the capacity solver takes on a large cluster.
 *
 * Generates a spec with 10,000 services on 2,000 nodes (ten pools of
 * 200), compiles it once, then times capacity_solve alone, packing
 * included, over several runs and prints the median.  A benchmark, not a
 * test: it asserts nothing about time.
 */
#include "infrac.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int services = argc > 1 ? atoi(argv[1]) : 10000;
	int pools = argc > 2 ? atoi(argv[2]) : 10;
	int per_pool = argc > 3 ? atoi(argv[3]) : 200;
	char dir[] = "/tmp/infrac-bench-XXXXXX";
	if (!mkdtemp(dir))
		return 2;
	char path[256];
	snprintf(path, sizeof path, "%s/solver.infra", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "environment bench {\n  region = \"us-east-1\"\n  account = \"123456789012\"\n}\n"
		   "network main {\n  cidr = 10.0.0.0/16\n  zones = [\"us-east-1a\", \"us-east-1b\"]\n"
		   "  subnet private { cidrs = [10.0.0.0/18, 10.0.64.0/18]  route = none }\n}\n"
		   "cluster big {\n  network = network.main\n  subnets = [network.main.subnet.private]\n");
	for (int p = 0; p < pools; p++)
		fprintf(f, "  pool p%d { instance = m6i.2xlarge  min = 1  desired = %d  max = %d }\n", p, per_pool, per_pool);
	fprintf(f, "}\n");
	for (int i = 0; i < services; i++)
		fprintf(f, "service s%d { cluster = cluster.big  replicas = %d  cpu = %dm  memory = %dMi }\n", i, 1 + i % 3,
			100 * (1 + i % 8), 128 * (1 + i % 4));
	fclose(f);

	CompileOptions opt = {0};
	opt.stdlib_dir = getenv("INFRAC_STDLIB");
	Compiler *c = compiler_new(&opt);
	double t0 = now_ms();
	bool ok = compile_file(c, path);
	double compile_ms = now_ms() - t0;
	if (!ok) {
		diags_finish(&c->diags);
		diags_render(&c->diags, DIAG_TEXT, stderr);
		return 1;
	}
	PlanCluster *pc = c->plan->clusters.items[0];
	int64_t pods = 0;
	for (size_t i = 0; i < pc->workloads.len; i++)
		pods += ((PlanWorkload *)pc->workloads.items[i])->peak;
	enum { RUNS = 7 };
	double t[RUNS];
	for (int r = 0; r < RUNS; r++) {
		plan_free(c->plan);
		c->plan = NULL;
		double s = now_ms();
		capacity_solve(c);
		t[r] = now_ms() - s;
	}
	qsort(t, RUNS, sizeof t[0], cmp_double);
	pc = c->plan->clusters.items[0];
	printf("services %d, nodes %d, rollout-peak pods %lld, fits %s, unplaced %lld\n", services, pools * per_pool,
	       (long long)pods, pc->fits ? "yes" : "no", (long long)pc->unplaced);
	printf("capacity_solve: median %.1f ms, min %.1f ms, max %.1f ms over %d runs (whole compile %.0f ms)\n",
	       t[RUNS / 2], t[0], t[RUNS - 1], RUNS, compile_ms);
	compiler_free(c);
	unlink(path);
	rmdir(dir);
	return 0;
}

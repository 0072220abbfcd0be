/*
 * gen.c: writes a synthetic environment with N services for the benchmarks.
 *
 * Service i lives in namespace team-(i mod 20), runs 1 + (i mod 5)
 * replicas of 100 x (1 + i mod 8) millicores and 128 x (1 + i mod 4) MiB,
 * is bound to a Role that reads configmaps in its namespace, and has an IAM
 * role (IRSA) with three statements.  The node pools are sized from the same
 * formulas so that every spec fits: the benchmark measures the compiler, not
 * an over-committed cluster.
 *
 * usage: bench-gen N > spec.infra
 */
#include <stdio.h>
#include <stdlib.h>

enum {
	TEAMS = 20,
	/* m7g.4xlarge: 16 vCPU, 64 GiB; EKS allocatable is somewhat less,
	 * so plan on 15 cores and 56 GiB a node and at most 234 pods. */
	NODE_MILLI = 15000,
	NODE_MIB = 56 * 1024,
	NODE_PODS = 200,
	POOL_MAX = 450, /* EKS's default quota of nodes per managed node group */
};

static long max_long(long a, long b)
{
	return a > b ? a : b;
}

int main(int argc, char **argv)
{
	long n = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
	if (n < 1 || n > 1000000) {
		fprintf(stderr, "usage: bench-gen N (1 to 1000000 services)\n");
		return 2;
	}

	/* Rollout peak with the default 25% surge: replicas + ceil(replicas / 4). */
	long milli = 0, mib = 0, pods = 0;
	for (long i = 0; i < n; i++) {
		long peak = 1 + i % 5 + (1 + i % 5 + 3) / 4;
		milli += peak * 100 * (1 + i % 8);
		mib += peak * 128 * (1 + i % 4);
		pods += peak;
	}
	/* A fifth more than the tightest resource needs, for packing losses
	 * and the per-node reserve. */
	long nodes = max_long(max_long(milli / NODE_MILLI, mib / NODE_MIB), pods / NODE_PODS) + 1;
	nodes += nodes / 5 + 1;
	long pools = (nodes + POOL_MAX - 1) / POOL_MAX;
	long per_pool = (nodes + pools - 1) / pools;

	printf("// Synthetic benchmark environment: %ld services (bench/gen.c).\n\n", n);
	printf("environment bench {\n"
	       "  region  = \"us-east-1\"\n"
	       "  account = \"123456789012\"\n"
	       "}\n\n");
	printf("network main {\n"
	       "  cidr  = 10.0.0.0/16\n"
	       "  zones = [\"us-east-1a\", \"us-east-1b\"]\n"
	       "  nat   = per_zone\n\n"
	       "  subnet public  { cidrs = [10.0.0.0/20, 10.0.16.0/20]   route = internet }\n"
	       "  subnet private { cidrs = [10.0.64.0/18, 10.0.128.0/18] route = nat }\n"
	       "}\n\n");
	printf("cluster bench {\n"
	       "  network = network.main\n"
	       "  subnets = [network.main.subnet.private]\n"
	       "  version = \"1.31\"\n\n");
	for (long p = 0; p < pools; p++)
		printf("  pool general-%ld {\n"
		       "    instance = m7g.4xlarge\n"
		       "    min      = 1\n"
		       "    desired  = %ld\n"
		       "    max      = %d\n"
		       "  }\n",
		       p, per_pool, POOL_MAX);
	printf("}\n\n");

	for (int t = 0; t < TEAMS; t++)
		printf("namespace team-%d { pss = restricted }\n", t);
	printf("\n");

	for (long i = 0; i < n; i++) {
		long t = i % TEAMS;
		printf("service svc-%ld {\n"
		       "  cluster   = cluster.bench\n"
		       "  namespace = namespace.team-%ld\n"
		       "  image     = \"registry.example.com/svc-%ld:1.0.0\"\n"
		       "  replicas  = %ld\n"
		       "  cpu       = %ldm\n"
		       "  memory    = %ldMi\n"
		       "  role      = role.svc-%ld\n"
		       "}\n\n",
		       i, t, i, 1 + i % 5, 100 * (1 + i % 8), 128 * (1 + i % 4), i);
		printf("rbac_role svc-%ld-config {\n"
		       "  namespace = namespace.team-%ld\n"
		       "  rule {\n"
		       "    api_groups = [\"\"]\n"
		       "    resources  = [\"configmaps\"]\n"
		       "    verbs      = [get, list, watch]\n"
		       "  }\n"
		       "  bind = [service.svc-%ld]\n"
		       "}\n\n",
		       i, t, i);
		printf("role svc-%ld {\n"
		       "  name = \"bench-svc-%ld\"\n"
		       "  trust irsa { cluster = cluster.bench }\n\n"
		       "  allow read {\n"
		       "    actions   = [\"s3:GetObject\"]\n"
		       "    resources = [\"arn:aws:s3:::bench-data/svc-%ld/*\"]\n"
		       "  }\n"
		       "  allow queue {\n"
		       "    actions   = [\"sqs:ReceiveMessage\", \"sqs:DeleteMessage\"]\n"
		       "    resources = [\"arn:aws:sqs:us-east-1:123456789012:svc-%ld\"]\n"
		       "  }\n"
		       "  allow config {\n"
		       "    actions   = [\"ssm:GetParameter\"]\n"
		       "    resources = [\"arn:aws:ssm:us-east-1:123456789012:parameter/bench/svc-%ld/*\"]\n"
		       "  }\n"
		       "}\n\n",
		       i, i, i, i, i);
	}
	return 0;
}

/*
 * test_lower.c: unit tests of the lowering (lower/): every kind of the
 * standard library says what it becomes and is documented, every
 * lowering function runs and makes what the provider schema describes,
 * and a lowering that sets an attribute the schema lacks stops with an
 * internal error instead of writing it.
 */
#include "emit.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/infrac-lower-XXXXXX";

/* One block of each lowered kind, in each of the ways it lowers. */
static const char *spec =
	"environment test {\n  region = \"us-east-1\"\n  account = \"123456789012\"\n}\n"
	"kms_key main {}\n"
	"oidc_provider github {\n  url = \"https://token.actions.githubusercontent.com\"\n}\n"
	"policy reader {\n  description = \"reads the app bucket\"\n"
	"  allow read {\n    actions = [\"s3:GetObject\"]\n    resources = [\"arn:aws:s3:::app/*\"]\n  }\n}\n"
	"user ci {\n  policies = [policy.reader]\n  access_key = true\n"
	"  allow list {\n    actions = [\"s3:ListBucket\"]\n    resources = [\"arn:aws:s3:::app\"]\n  }\n}\n"
	"role app {\n  trust service { services = [\"lambda.amazonaws.com\"] }\n}\n"
	"role deploy {\n  policies = [policy.reader]\n  trust user { users = [user.ci] }\n"
	"  allow read {\n    actions = [\"s3:GetObject\"]\n    resources = [\"arn:aws:s3:::app/*\"]\n  }\n}\n"
	"secret made {\n  name = \"app/made\"\n  create = true\n  key = kms_key.main\n}\n"
	"secret found {\n  name = \"app/found\"\n}\n"
	"parameter plain {\n  name = \"/app/plain\"\n  value = \"v\"\n  description = \"d\"\n}\n"
	"parameter hidden {\n  name = \"/app/hidden\"\n  secure = true\n  key = kms_key.main\n}\n"
	"log_group app {\n  name = \"/app\"\n  key = kms_key.main\n}\n"
	"topic alerts {\n  key = kms_key.main\n  emails = [\"ops@example.com\"]\n"
	"  services = [\"budgets.amazonaws.com\"]\n  publishers = [role.app]\n}\n"
	"topic ordered {\n  fifo = true\n}\n"
	"trail audit {\n  bucket = \"audit-logs-123456789012\"\n  key = kms_key.main\n}\n"
	"budget monthly {\n  limit = 100\n  alerts = [80%]\n  forecast = 110%\n  emails = [\"ops@example.com\"]\n"
	"  topics = [topic.alerts]\n}\n"
	"repository api {\n  key = kms_key.main\n  lifecycle {\n    keep_last = 10\n    untagged = 7d\n  }\n}\n"
	"repository plain {\n  mutable_tags = false\n}\n"
	"secret hub {\n  name = \"ecr-pullthroughcache/hub\"\n}\n"
	"registry main {\n  scanning = enhanced\n  scan_rule {\n    frequency = continuous_scan\n  }\n"
	"  cache hub {\n    upstream = \"registry-1.docker.io\"\n    credentials = secret.hub\n  }\n}\n"
	"network main {\n  cidr = 10.0.0.0/16\n  zones = [\"us-east-1a\"]\n  nat = single\n"
	"  subnet public { cidrs = [10.0.0.0/24]  route = internet }\n"
	"  subnet private { cidrs = [10.0.1.0/24]  route = nat }\n"
	"  acl private {\n    subnets = [network.main.subnet.private]\n"
	"    inbound 100 { from = network.main.subnet.public }\n    outbound 100 { to = 0.0.0.0/0 }\n  }\n"
	"  flow_logs { log_group = \"/vpc/main\" }\n}\n"
	"security_group app {\n  network = network.main\n"
	"  ingress {\n    protocol = tcp\n    ports = 8000..8080\n    from = 10.0.0.0/16\n  }\n"
	"  ingress {\n    protocol = icmp\n    from = security_group.lb\n  }\n  egress { to = self }\n}\n"
	"security_group lb {\n  network = network.main\n}\n"
	"vpc_endpoint ecr {\n  service = \"ecr.api\"\n  network = network.main\n"
	"  subnets = [network.main.subnet.private]\n  security_groups = [security_group.app]\n}\n"
	"bucket exports {\n  encryption = kms\n  key = kms_key.main\n  expire = 30d\n  only_roles = [role.app]\n}\n"
	"bucket plain {\n  versioning = false\n}\n"
	"certificate web {\n  domain = \"example.com\"\n  alternatives = [\"www.example.com\"]\n"
	"  zone = \"Z0123456789ABCDEFGHIJ\"\n}\n"
	"database main {\n  version = \"16.4\"\n  class = db.t4g.medium\n  storage = 20GiB\n"
	"  network = network.main\n  subnets = [network.main.subnet.private]\n  clients = [security_group.app]\n"
	"  parameters = {\n    \"rds.force_ssl\" = \"1\"\n  }\n  monitoring_interval = 60s\n}\n"
	"cache sessions {\n  node_type = cache.t4g.small\n  nodes = 2\n  network = network.main\n"
	"  subnets = [network.main.subnet.private]\n  url_secret = \"app/sessions-url\"\n}\n"
	"cluster k {\n  network = network.main\n  subnets = [network.main.subnet.private]\n  logs = [api, audit]\n"
	"  secrets_key = kms_key.main\n  addon coredns {}\n"
	"  access ops {\n    principal = \"arn:aws:iam::123456789012:role/ops\"\n  }\n"
	"  pool general {\n    instance = m7g.large\n    max = 3\n    imdsv2 = true\n"
	"    taint {\n      key = \"dedicated\"\n      value = \"batch\"\n    }\n  }\n}\n";

static Compiler *compile_text(const char *text)
{
	char path[128];
	snprintf(path, sizeof path, "%s/spec.infra", dir);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	CompileOptions opt = {0};
	opt.stdlib_dir = getenv("INFRAC_STDLIB");
	Compiler *c = compiler_new(&opt);
	compile_file(c, path);
	return c;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	Buf b = {0};
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, k);
	fclose(f);
	buf_putc(&b, 0);
	return b.data;
}

/* Every top-level kind has a row that says what it becomes, every row
 * names a kind, and docs/language.md names every top-level kind. */
static void test_every_kind_has_a_row_and_docs(Compiler *c)
{
	char docs_path[4096];
	snprintf(docs_path, sizeof docs_path, "%s/../docs/language.md", c->stdlib_dir);
	char *docs = slurp(docs_path);
	CHECK(docs != NULL);
	size_t kinds = 0;
	for (size_t i = 0; i < c->kinds.len; i++) {
		const Kind *k = c->kinds.vals[i];
		if (k->nested)
			continue;
		kinds++;
		if (!lower_row(k->name)) {
			fprintf(stderr, "kind `%s` has no row in lower/lower.c\n", k->name);
			failures++;
		}
		char bold[256];
		snprintf(bold, sizeof bold, "**%s**", k->name);
		if (docs && !strstr(docs, bold)) {
			fprintf(stderr, "kind `%s` is not in the kinds at a glance of docs/language.md\n", k->name);
			failures++;
		}
	}
	CHECK(kinds > 20);
	const Lowering *rows;
	size_t n = lower_rows(&rows);
	for (size_t i = 0; i < n; i++) {
		const Kind *k = schema_kind(c, intern_cstr(&c->names, rows[i].kind));
		if (!k) {
			fprintf(stderr, "row `%s` of lower/lower.c names no kind\n", rows[i].kind);
			failures++;
		}
		CHECK(!rows[i].lower || strcmp(rows[i].target, "terraform") == 0);
		CHECK(!rows[i].main || provider_kind(c, false, rows[i].main));
	}
	free(docs);
}

/* Each lowering function runs on the spec above and makes resources of
 * the types the schema has; every attribute it set is in the schema
 * (graph.c would have stopped otherwise). */
static void test_every_lowering_runs(Compiler *c)
{
	Emit o;
	emit_init(&o, c->model);
	lower_model(c->model, &o.graph);
	CHECK(c->diags.errors == 0);
	const Lowering *rows;
	size_t n = lower_rows(&rows);
	for (size_t i = 0; i < n; i++) {
		if (!rows[i].lower)
			continue;
		const Vec *blocks = model_kind(c->model, rows[i].kind);
		CHECK(blocks->len > 0);
		for (size_t j = 0; j < blocks->len; j++) {
			const Vec *made = lower_made(&o.graph, blocks->items[j]);
			if (!made || !made->len) {
				fprintf(stderr, "%s made nothing\n", ((const Object *)blocks->items[j])->path);
				failures++;
			}
		}
	}
	/* The topic: its resource, one subscription, and a policy. */
	const Object *alerts = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "topic")), "alerts");
	const Vec *made = alerts ? lower_made(&o.graph, alerts) : NULL;
	CHECK(made && made->len == 3);
	for (size_t i = 0; made && i < made->len; i++) {
		const LowRes *lr = made->items[i];
		CHECK(lr->owner == alerts);
		CHECK(strcmp(lr->area, "ops") == 0);
		CHECK(lower_record(&o.graph, lr->res) == lr);
	}
	/* A repository: its lifecycle policy, ECR's own JSON, is a heredoc
	 * text; a registry's cache rule is named after its block. */
	const Object *api = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "repository")), "api");
	made = api ? lower_made(&o.graph, api) : NULL;
	CHECK(made && made->len == 2);
	if (made && made->len == 2) {
		const LowRes *policy = made->items[1];
		CHECK(strcmp(policy->res->kind->tf_type, "aws_ecr_lifecycle_policy") == 0);
		const LowItem *text = policy->items.items[1];
		CHECK(text->heredoc && strcmp(text->field->name, "policy") == 0);
	}
	const Object *reg = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "registry")), "main");
	made = reg ? lower_made(&o.graph, reg) : NULL;
	CHECK(made && made->len == 2);
	if (made && made->len == 2)
		CHECK(strcmp(((const LowRes *)made->items[1])->res->name, "main_hub") == 0);
	/* A bucket: six resources, a seventh with `expire`; its policy
	 * waits for the public access block. */
	const Object *exports = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "bucket")), "exports");
	made = exports ? lower_made(&o.graph, exports) : NULL;
	CHECK(made && made->len == 7);
	const Object *plain = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "bucket")), "plain");
	made = plain ? lower_made(&o.graph, plain) : NULL;
	CHECK(made && made->len == 6);
	/* A certificate: its validation records are one resource with
	 * for_each. */
	const Object *web = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "certificate")), "web");
	made = web ? lower_made(&o.graph, web) : NULL;
	CHECK(made && made->len == 3);
	if (made && made->len == 3) {
		CHECK(!((const LowRes *)made->items[0])->for_each);
		CHECK(((const LowRes *)made->items[1])->for_each);
	}
	/* A database: subnet group, security group, a client rule, the
	 * parameter group, the monitoring role and its policy (in iam.tf),
	 * the instance.  A cache: subnet group, security group, replication
	 * group, and the secret of its URL with its version. */
	const Object *db = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "database")), "main");
	made = db ? lower_made(&o.graph, db) : NULL;
	CHECK(made && made->len == 7);
	if (made && made->len == 7)
		CHECK(strcmp(((const LowRes *)made->items[4])->area, "iam") == 0);
	const Object *sessions = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "cache")), "sessions");
	made = sessions ? lower_made(&o.graph, sessions) : NULL;
	CHECK(made && made->len == 5);
	/* A role: itself, its inline policy and an attachment; it waits
	 * for the user it trusts. */
	const Object *deploy = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "role")), "deploy");
	made = deploy ? lower_made(&o.graph, deploy) : NULL;
	CHECK(made && made->len == 3);
	if (made && made->len == 3) {
		const LowRes *r = made->items[0];
		const Value *deps = lower_value(r, kind_field(r->res->kind, intern_cstr(&c->names, "depends_on")));
		CHECK(deps && deps->kind == V_LIST && deps->n == 1 && strcmp(deps->items[0]->obj->kind->name, "user") == 0);
	}
	/* A network: VPC, internet gateway, two subnets, an EIP and a NAT
	 * gateway, two route tables with their associations, an ACL with
	 * two rules, and flow logs (log group, role, policy, flow log). */
	const Object *main_net = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "network")), "main");
	made = main_net ? lower_made(&o.graph, main_net) : NULL;
	CHECK(made && made->len == 17);
	/* A cluster: its role and policy and the node role with its three
	 * (iam.tf), the log group, the control plane, the OIDC provider,
	 * the local of its id, a launch template and a node group, an
	 * add-on, an access entry and its policy, and last the capacity
	 * check with its two conditions. */
	const Object *k8s = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "cluster")), "k");
	made = k8s ? lower_made(&o.graph, k8s) : NULL;
	CHECK(made && made->len == 16);
	if (made && made->len == 16) {
		const LowRes *check = made->items[15];
		CHECK(check->check && strcmp(check->check, "k_capacity") == 0 && check->asserts.len == 4);
	}
	/* A security group: the group, then one resource per rule. */
	const Object *app = obj_lookup(c, schema_kind(c, intern_cstr(&c->names, "security_group")), "app");
	made = app ? lower_made(&o.graph, app) : NULL;
	CHECK(made && made->len == 4);
	if (made && made->len == 4) {
		CHECK(strcmp(((const LowRes *)made->items[1])->res->name, "app_ingress_0") == 0);
		CHECK(strcmp(((const LowRes *)made->items[3])->res->kind->tf_type, "aws_vpc_security_group_egress_rule") == 0);
	}
	emit_free(&o);
}

/* A lowering that sets an attribute the provider schema lacks, in a
 * child process: it must stop, naming the attribute, before anything is
 * written. */
static void test_unknown_attribute_stops(Compiler *c)
{
	int fds[2];
	if (pipe(fds) != 0) {
		perror("pipe");
		failures++;
		return;
	}
	fflush(stderr);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		Graph g = {0};
		const Lowering *row = lower_row("topic");
		Lower l = {c, c->model, &g, row, model_kind(c->model, "topic")->items[0], 1u << 30};
		Object *r = lower_resource(&l, "aws_sns_topic", NULL);
		lower_set(&l, r, "nmae", lower_string(&l, "x"));
		_exit(0); /* not reached when the check works */
	}
	close(fds[1]);
	char buf[1024];
	size_t got = 0;
	ssize_t k;
	while (got < sizeof buf - 1 && (k = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += (size_t)k;
	buf[got] = 0;
	close(fds[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	CHECK(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	CHECK(strstr(buf, "internal error: the lowering of topic sets nmae of aws_sns_topic") != NULL);
	CHECK(strstr(buf, "the provider schema has no such attribute") != NULL);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	Compiler *c = compile_text(spec);
	CHECK(c->model && c->diags.errors == 0);
	if (c->model && c->diags.errors == 0) {
		test_every_kind_has_a_row_and_docs(c);
		test_every_lowering_runs(c);
		test_unknown_attribute_stops(c);
	}
	compiler_free(c);
	char path[128];
	snprintf(path, sizeof path, "%s/spec.infra", dir);
	unlink(path);
	rmdir(dir);
	return unit_status();
}

/*
 * test_emit.c: unit tests of what the back ends share (emitters/common.c,
 * iam.c): who facts are credited to, and when the consistency check runs.
 *
 * Each test writes a small spec to a temporary file, compiles it with the
 * real pipeline, runs back ends in memory as `infrac build --emit` does,
 * and inspects the Emit session's facts and the diagnostics, the places the
 * back ends' diagnostics point at, or how files are handed on.
 */
#include "emit.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/infrac-emit-XXXXXX";

static const char *frame =
	"environment test {\n  region = \"us-east-1\"\n  account = \"123456789012\"\n}\n"
	"network main {\n  cidr = 10.0.0.0/16\n  zones = [\"us-east-1a\", \"us-east-1b\"]\n"
	"  subnet private { cidrs = [10.0.1.0/24, 10.0.2.0/24] }\n}\n"
	"cluster eks {\n  network = network.main\n  subnets = [network.main.subnet.private]\n"
	"  pool general { instance = m7g.xlarge  min = 2  max = 4 }\n}\n"
	"namespace app {}\n%s";

static Compiler *compile_spec(const char *body)
{
	char path[128];
	snprintf(path, sizeof path, "%s/spec.infra", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, frame, body);
	fclose(f);
	CompileOptions opt = {0};
	opt.stdlib_dir = getenv("INFRAC_STDLIB");
	Compiler *c = compiler_new(&opt);
	compile_file(c, path);
	return c;
}

/* compile_spec for a spec without errors; NULL (a failed check) when it
 * has some. */
static Compiler *compile_clean(const char *body)
{
	Compiler *c = compile_spec(body);
	CHECK(c->model && c->diags.errors == 0);
	if (c->model && c->diags.errors == 0)
		return c;
	compiler_free(c);
	return NULL;
}

static size_t count_code(Compiler *c, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < c->diags.list.len; i++) {
		Diag *g = c->diags.list.items[i];
		n += strcmp(diag_info[g->code].code, code) == 0;
	}
	return n;
}

/* The facts IAM documents rely on are the iam back end's, even when the
 * Terraform back end, which embeds the documents, has them built. */
static void test_iam_facts_credited_to_iam(void)
{
	Compiler *c = compile_clean("role api {\n  trust irsa { cluster = cluster.eks }\n}\n"
				    "service api {\n  cluster = cluster.eks\n  namespace = namespace.app\n"
				    "  role = role.api\n  cpu = 500m\n  memory = 512Mi\n}\n");
	if (!c)
		return;
	Emit o;
	emit_init(&o, c->model);
	const char *names[] = {"terraform"};
	emit_all(&o, names, 1);
	size_t trust_facts = 0;
	for (size_t i = 0; i < o.facts.len; i++) {
		Fact *f = o.facts.items[i];
		if (strcmp(f->subject, "app/api") != 0 || strcmp(f->key, "role") != 0)
			continue;
		trust_facts++;
		CHECK(f->emitter && strcmp(f->emitter, "iam") == 0);
	}
	CHECK(trust_facts == 1);
	CHECK(o.emitter == NULL);
	emit_free(&o);
	compiler_free(c);
}

/* Two services that share a service account but not a role: the user's
 * mistake is reported once, as CHK-E002, by the checker, so no back end
 * runs and writes facts that would disagree (OUT-E001). */
static void test_shared_account_checked(void)
{
	Compiler *c = compile_spec(
		"role api {\n  trust irsa { cluster = cluster.eks }\n}\n"
		"role cron {\n  trust irsa { cluster = cluster.eks }\n}\n"
		"service api {\n  cluster = cluster.eks\n  namespace = namespace.app\n  service_account = \"app\"\n"
		"  role = role.api\n  cpu = 500m\n  memory = 512Mi\n}\n"
		"service cron {\n  cluster = cluster.eks\n  namespace = namespace.app\n  service_account = \"app\"\n"
		"  role = role.cron\n  cpu = 100m\n  memory = 128Mi\n}\n");
	CHECK(c->diags.errors == 1);
	CHECK(count_code(c, "CHK-E002") == 1);
	CHECK(count_code(c, "OUT-E001") == 0);
	compiler_free(c);
}

/* The back ends run after the syntax tree is freed: what they ask of an
 * attribute (was it written, where, where is its value) is kept. */
static void test_places_outlive_the_tree(void)
{
	Compiler *c = compile_clean("service api {\n  cluster = cluster.eks\n  namespace = namespace.app\n"
				    "  cpu    =  500m // half a core\n  memory = 512Mi\n}\n");
	if (!c)
		return;
	CHECK(c->tree == NULL);
	const Vec *svcs = model_kind(c->model, "service");
	if (!svcs || svcs->len != 1) {
		CHECK(!"one service");
		compiler_free(c);
		return;
	}
	const Object *svc = svcs->items[0];
	const char *text = c->srcs.files[svc->span.file]->text;
	uint32_t at = (uint32_t)(strstr(text, "cpu    =") - text);
	Span a = obj_attr_span(svc, "cpu"), v = obj_value_span(svc, "cpu");
	CHECK(obj_written(svc, "cpu"));
	CHECK(a.file == svc->span.file && a.start == at && a.end == at + 14);
	CHECK(v.file == svc->span.file && v.start == at + 10 && v.end == at + 14);
	/* A field left to its default points at the block's name. */
	CHECK(!obj_written(svc, "replicas"));
	Span d = obj_attr_span(svc, "replicas");
	CHECK(d.start == svc->name_span.start && d.end == svc->name_span.end);
	d = obj_value_span(svc, "replicas");
	CHECK(d.start == svc->name_span.start && d.end == svc->name_span.end);
	compiler_free(c);
}

/* Back ends that write thousands of files say when files are complete
 * (out_flush); they are handed on 1,024 at a time, in order, each once. */
static size_t flushed_ranges[8][2], nflushed;

static void record_flush(Emit *o, size_t from, size_t to)
{
	(void)o;
	if (nflushed < 8) {
		flushed_ranges[nflushed][0] = from;
		flushed_ranges[nflushed][1] = to;
	}
	nflushed++;
}

static void test_files_handed_on_in_batches(void)
{
	Compiler *c = compile_clean("");
	if (!c)
		return;
	Emit o;
	emit_init(&o, c->model);
	o.flush = record_flush;
	nflushed = 0;
	for (int i = 0; i < 2500; i++) {
		buf_puts(out_file(&o, "f/%d.txt", i), "x");
		out_flush(&o);
	}
	CHECK(nflushed == 2);
	CHECK(flushed_ranges[0][0] == 0 && flushed_ranges[0][1] == 1024);
	CHECK(flushed_ranges[1][0] == 1024 && flushed_ranges[1][1] == 2048);
	CHECK(o.flushed == 2048);
	emit_free(&o);
	compiler_free(c);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_iam_facts_credited_to_iam();
	test_shared_account_checked();
	test_places_outlive_the_tree();
	test_files_handed_on_in_batches();
	char path[128];
	snprintf(path, sizeof path, "%s/spec.infra", dir);
	unlink(path);
	rmdir(dir);
	return unit_status();
}

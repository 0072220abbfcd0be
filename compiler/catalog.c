/*
 * catalog.c: the instance catalog, loaded with libcyaml.
 *
 * The catalog is data (stdlib/catalog/aws-instances.yaml): vCPUs,
 * memory, EKS max pods, trunking and branch ENIs, and price, each with
 * its source.  libcyaml maps it onto C structs through a schema; when it
 * rejects the file, its log messages carry the line and column, which
 * become an ordinary diagnostic with the catalog's source line and a
 * caret.
 */
#include "infrac.h"

#include <cyaml/cyaml.h>
#include <stdlib.h>
#include <string.h>

typedef struct CatEntry {
	char *name;
	char *arch;
	unsigned vcpu;
	double memory_gib;
	unsigned max_pods;
	unsigned enis;
	unsigned ipv4_per_eni;
	bool trunking;
	unsigned branch_enis;
	double price_per_hour_usd;
} CatEntry;

typedef struct CatFile {
	CatEntry *instances;
	unsigned instances_count;
} CatFile;

static const cyaml_schema_field_t entry_fields[] = {
	CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_POINTER, CatEntry, name, 1, 64),
	CYAML_FIELD_STRING_PTR("arch", CYAML_FLAG_POINTER, CatEntry, arch, 1, 16),
	CYAML_FIELD_UINT("vcpu", CYAML_FLAG_DEFAULT, CatEntry, vcpu),
	CYAML_FIELD_FLOAT("memory_gib", CYAML_FLAG_DEFAULT, CatEntry, memory_gib),
	CYAML_FIELD_UINT("max_pods", CYAML_FLAG_DEFAULT, CatEntry, max_pods),
	CYAML_FIELD_UINT("enis", CYAML_FLAG_OPTIONAL, CatEntry, enis),
	CYAML_FIELD_UINT("ipv4_per_eni", CYAML_FLAG_OPTIONAL, CatEntry, ipv4_per_eni),
	CYAML_FIELD_BOOL("trunking", CYAML_FLAG_DEFAULT, CatEntry, trunking),
	CYAML_FIELD_UINT("branch_enis", CYAML_FLAG_DEFAULT, CatEntry, branch_enis),
	CYAML_FIELD_FLOAT("price_per_hour_usd", CYAML_FLAG_DEFAULT, CatEntry, price_per_hour_usd),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t entry_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, CatEntry, entry_fields),
};

static const cyaml_schema_field_t file_fields[] = {
	CYAML_FIELD_SEQUENCE("instances", CYAML_FLAG_POINTER, CatFile, instances, &entry_schema, 1, CYAML_UNLIMITED),
	CYAML_FIELD_END,
};

static const cyaml_schema_value_t file_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, CatFile, file_fields),
};

typedef struct CatLog {
	Buf text;
	unsigned line, col;
} CatLog;

/* libcyaml logs the error, then a backtrace of "in mapping field 'x'
 * (line: L, column: C)" lines; the first position is the innermost. */
static void cat_log(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
	CatLog *log = ctx;
	if (level < CYAML_LOG_ERROR)
		return;
	Buf line = {0};
	buf_vprintf(&line, fmt, args);
	const char *s = buf_cstr(&line);
	const char *p = strstr(s, "(line: ");
	if (p && !log->line) {
		unsigned l = 0, c = 0;
		if (sscanf(p, "(line: %u, column: %u)", &l, &c) == 2) {
			log->line = l;
			log->col = c;
		}
	}
	if (!p && log->text.len == 0) {
		const char *m = s;
		if (str_has_prefix(m, "Load: "))
			m += 6;
		buf_puts(&log->text, m);
		while (log->text.len && (log->text.data[log->text.len - 1] == '\n'))
			log->text.len--;
	} else if (p && log->text.len && !strstr(buf_cstr(&log->text), " in ")) {
		/* Add the innermost field: "in mapping field 'vcpu'". */
		const char *q = strstr(s, "in ");
		if (q) {
			buf_puts(&log->text, " (");
			buf_put(&log->text, q, (size_t)(p - q - 1));
			buf_puts(&log->text, ")");
		}
	}
	buf_free(&line);
}

static void *cat_mem(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	if (size == 0) {
		free(ptr);
		return NULL;
	}
	return realloc(ptr, size);
}

static uint32_t offset_of(const SrcFile *f, unsigned line, unsigned col)
{
	if (line == 0 || line > f->nlines)
		return 0;
	uint32_t o = f->lines[line - 1];
	/* libcyaml columns are 1-based bytes */
	o += col > 0 ? col - 1 : 0;
	return o > f->len ? f->len : o;
}

Catalog *catalog_load(Compiler *c, const char *path)
{
	const char *reason;
	SrcFile *f = src_read(&c->srcs, c->arena, path, &reason);
	if (!f) {
		fprintf(stderr, "infrac: error: could not read \"%s\": %s\n", path, reason);
		c->io_error = true;
		return NULL;
	}
	f->path = load_display_path(c, f->path);
	uint32_t fid = c->srcs.len - 1;
	CatLog log = {0};
	cyaml_config_t cfg = {
		.log_fn = cat_log,
		.log_ctx = &log,
		.mem_fn = cat_mem,
		.log_level = CYAML_LOG_ERROR,
		.flags = CYAML_CFG_DEFAULT,
	};
	CatFile *data = NULL;
	cyaml_err_t e = cyaml_load_data((const uint8_t *)f->text, f->len, &cfg, &file_schema,
					(cyaml_data_t **)&data, NULL);
	if (e != CYAML_OK) {
		uint32_t off = offset_of(f, log.line, log.col);
		Span at = {fid, off, off < f->len ? off + 1 : off};
		const char *msg = log.text.len ? buf_cstr(&log.text) : cyaml_strerror(e);
		Diag *g = compiler_diag(c, CAP_CATALOG, at, "invalid instance catalog: %s", msg);
		diag_help(&c->diags, g, "each entry needs name, arch, vcpu, memory_gib, max_pods, trunking, "
					"branch_enis and price_per_hour_usd");
		buf_free(&log.text);
		if (data)
			cyaml_free(&cfg, &file_schema, data, 0);
		return NULL;
	}
	buf_free(&log.text);
	Catalog *cat = xcalloc(1, sizeof *cat);
	cat->path = f->path;
	cat->len = data->instances_count;
	cat->types = xcalloc(cat->len ? cat->len : 1, sizeof *cat->types);
	bool bad = false;
	for (unsigned i = 0; i < data->instances_count; i++) {
		CatEntry *en = &data->instances[i];
		InstanceType *t = &cat->types[i];
		t->name = intern_cstr(&c->names, en->name);
		t->arch = intern_cstr(&c->names, en->arch);
		t->vcpu = en->vcpu;
		/* Up to 16 PiB, so the figures derived from it fit in 64 bits
		 * (the largest EC2 instances have 32 TiB). */
		if (!(en->memory_gib >= 0 && en->memory_gib <= 16777216)) {
			Span at = {fid, 0, 0};
			compiler_diag(c, CAP_CATALOG, at, "instance type `%s` has memory_gib %g, outside 0..16777216", t->name,
				      en->memory_gib);
			bad = true;
			continue;
		}
		t->memory_mib = (int64_t)(en->memory_gib * 1024 + 0.5);
		t->max_pods = en->max_pods;
		t->trunking = en->trunking;
		t->branch_enis = en->trunking ? en->branch_enis : 0;
		t->price = en->price_per_hour_usd;
		t->source = cat->path;
		for (unsigned j = 0; j < i; j++)
			if (cat->types[j].name == t->name) {
				Span at = {fid, 0, 0};
				compiler_diag(c, CAP_CATALOG, at, "instance type `%s` is listed twice in the catalog", t->name);
				bad = true;
			}
		if (t->vcpu == 0 || t->memory_mib == 0 || t->max_pods == 0) {
			Span at = {fid, 0, 0};
			compiler_diag(c, CAP_CATALOG, at, "instance type `%s` has no vcpu, memory or max_pods", t->name);
			bad = true;
		}
	}
	cyaml_free(&cfg, &file_schema, data, 0);
	c->catalog = cat;
	if (bad)
		return NULL;
	return cat;
}

const InstanceType *catalog_find(const Catalog *cat, const char *name)
{
	if (!cat)
		return NULL;
	for (uint32_t i = 0; i < cat->len; i++)
		if (strcmp(cat->types[i].name, name) == 0)
			return &cat->types[i];
	return NULL;
}

void catalog_free(Catalog *cat)
{
	if (!cat)
		return;
	free(cat->types);
	free(cat);
}

/*
 * diag.c: how the compiler reports: its diagnostics (a problem found in
 * a default of the standard library is shown where the default is
 * used), suggestions for a misspelt name, paths as messages show them,
 * and the clock and names of the phases `--timings` reports.
 */
#include "infrac.h"

#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

Diag *compiler_diag(Compiler *c, DiagCode code, Span span, const char *fmt, ...)
{
	if (c->quiet > 0) {
		c->quiet_errors++;
		return NULL;
	}
	/* Problems found in a schema default are shown where it is used. */
	if (c->use_span.end)
		for (size_t i = 0; i < c->stdlib_files.len; i++)
			if ((uintptr_t)c->stdlib_files.items[i] == span.file) {
				span = c->use_span;
				break;
			}
	va_list ap;
	va_start(ap, fmt);
	Diag *g = diag_vadd(&c->diags, code, span, fmt, ap);
	va_end(ap);
	return g;
}

void suggest_name(Compiler *c, Diag *g, const char *name, const char *const *cands, size_t n)
{
	if (!g)
		return;
	const char *best = NULL;
	size_t best_d = strlen(name) / 3 + 1;
	if (best_d > 3)
		best_d = 3;
	for (size_t i = 0; i < n; i++) {
		if (!cands[i] || cands[i] == name)
			continue;
		size_t d = str_edit_distance(name, cands[i], best_d);
		if (d <= best_d && (!best || d < best_d || strcmp(cands[i], best) < 0)) {
			if (best && d == best_d && strcmp(cands[i], best) > 0)
				continue;
			best = cands[i];
			best_d = d;
		}
	}
	if (best)
		diag_help(&c->diags, g, "did you mean `%s`?", best);
}

const char *load_display_path(Compiler *c, const char *path)
{
	if (path[0] != '/')
		return path;
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		return path;
	size_t n = strlen(cwd);
	if (strncmp(path, cwd, n) == 0 && path[n] == '/')
		return arena_strdup(c->arena, path + n + 1);
	return path;
}

double clock_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

const char *const phase_names[PHASE_COUNT] = {"schema", "load+parse", "expand", "check", "catalog", "capacity", "model", "emit"};

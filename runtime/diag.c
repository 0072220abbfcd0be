/*
 * diag.c: the diagnostics engine.
 *
 * Every phase reports into one Diags list instead of printing or
 * exiting, so a run shows all independent problems at once and the
 * driver alone decides the exit status.  Rendering happens once, at the
 * end: diagnostics are sorted by position, duplicates dropped, allowed
 * warnings removed and --werror applied, then printed as text (clang's
 * first line, a gutter with the source line and a caret underline), as
 * JSON or as SARIF 2.1.0.
 */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const DiagInfo diag_info[DIAG_CODE_COUNT] = {
#define DIAG(id, code, sev, title, text) {code, sev, title, text},
#include "diagnostics.def"
#undef DIAG
};

const DiagInfo *diag_info_find(const char *code)
{
	for (size_t i = 0; i < DIAG_CODE_COUNT; i++)
		if (strcmp(diag_info[i].code, code) == 0)
			return &diag_info[i];
	return NULL;
}

void diags_init(Diags *d, Arena *a, SrcMap *sm)
{
	memset(d, 0, sizeof *d);
	d->arena = a;
	d->srcs = sm;
	d->cap = 50;
}

void diags_free(Diags *d)
{
	for (size_t i = 0; i < d->list.len; i++) {
		Diag *g = d->list.items[i];
		vec_free(&g->notes);
		vec_free(&g->helps);
	}
	vec_free(&d->list);
	vec_free(&d->allows);
}

bool diags_full(const Diags *d)
{
	return d->capped;
}

/* Messages quote what the input holds, and a string may hold a line
 * break, a tab or an escape sequence: the text rendering would then show
 * a line that is not a diagnostic or send the terminal a command.  A
 * message, note or help is one line, so control characters (C0, DEL and
 * C1) and bidirectional controls are shown as the escapes that write them
 * in a .infra string. */
static bool is_c1(const unsigned char *p)
{
	return p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F;
}

/* A bidirectional control (3 bytes in UTF-8 but U+061C, 2): its code
 * point, or 0. */
static uint32_t bidi_at(const unsigned char *p)
{
	uint32_t cp;
	if (p[0] < 0xD8)
		return 0;
	int n = utf8_decode(p, strnlen((const char *)p, 4), &cp);
	return n > 0 && utf8_is_bidi(cp) ? cp : 0;
}

static const char *one_line(Arena *a, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (p[i] && p[i] >= 0x20 && p[i] != 0x7f && !is_c1(p + i) && !bidi_at(p + i))
		i++;
	if (!p[i])
		return s;
	Buf b = {0};
	buf_put(&b, s, i);
	for (; p[i]; i++) {
		if (p[i] == '\n')
			buf_puts(&b, "\\n");
		else if (p[i] == '\r')
			buf_puts(&b, "\\r");
		else if (p[i] == '\t')
			buf_puts(&b, "\\t");
		else if (p[i] < 0x20 || p[i] == 0x7f)
			buf_printf(&b, "\\u%04x", p[i]);
		else if (is_c1(p + i))
			buf_printf(&b, "\\u%04x", p[++i]);
		else if (bidi_at(p + i)) {
			uint32_t cp = bidi_at(p + i);
			buf_printf(&b, "\\u%04X", cp);
			i += cp == 0x061C ? 1 : 2;
		}
		else
			buf_putc(&b, (char)p[i]);
	}
	const char *r = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return r;
}

Diag *diag_vadd(Diags *d, DiagCode code, Span span, const char *fmt, va_list ap)
{
	Severity sev = diag_info[code].severity;
	if (sev == SEV_ERROR && d->errors >= d->cap) {
		d->capped = true;
		return NULL;
	}
	Diag *g = ARENA_NEW(d->arena, Diag);
	g->code = code;
	g->severity = sev;
	g->span = span;
	g->msg = one_line(d->arena, arena_vprintf(d->arena, fmt, ap));
	g->seq = (uint32_t)d->list.len;
	vec_push(&d->list, g);
	if (sev == SEV_ERROR)
		d->errors++;
	else if (sev == SEV_WARNING)
		d->warnings++;
	return g;
}

bool diags_error_within(const Diags *d, Span span, DiagCode except)
{
	if (!d->errors)
		return false;
	for (size_t i = 0; i < d->list.len; i++) {
		const Diag *g = d->list.items[i];
		if (g->severity == SEV_ERROR && g->code != except && g->span.file == span.file &&
		    g->span.start >= span.start && g->span.end <= span.end)
			return true;
	}
	return false;
}

Diag *diag_add(Diags *d, DiagCode code, Span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Diag *g = diag_vadd(d, code, span, fmt, ap);
	va_end(ap);
	return g;
}

void diag_note(Diags *d, Diag *g, Span span, const char *fmt, ...)
{
	if (!g)
		return;
	DiagNote *n = ARENA_NEW(d->arena, DiagNote);
	va_list ap;
	va_start(ap, fmt);
	n->msg = one_line(d->arena, arena_vprintf(d->arena, fmt, ap));
	va_end(ap);
	n->has_span = true;
	n->span = span;
	vec_push(&g->notes, n);
}

void diag_note_plain(Diags *d, Diag *g, const char *fmt, ...)
{
	if (!g)
		return;
	DiagNote *n = ARENA_NEW(d->arena, DiagNote);
	va_list ap;
	va_start(ap, fmt);
	n->msg = one_line(d->arena, arena_vprintf(d->arena, fmt, ap));
	va_end(ap);
	vec_push(&g->notes, n);
}

void diag_help(Diags *d, Diag *g, const char *fmt, ...)
{
	if (!g)
		return;
	va_list ap;
	va_start(ap, fmt);
	vec_push(&g->helps, (void *)one_line(d->arena, arena_vprintf(d->arena, fmt, ap)));
	va_end(ap);
}

bool span_contains(Span outer, Span inner)
{
	return outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end;
}

Span span_join(Span a, Span b)
{
	if (a.file != b.file)
		return a;
	Span s = a;
	if (b.start < s.start)
		s.start = b.start;
	if (b.end > s.end)
		s.end = b.end;
	return s;
}

static int diag_cmp(const void *pa, const void *pb)
{
	const Diag *a = *(const Diag *const *)pa, *b = *(const Diag *const *)pb;
	if (a->span.file != b->span.file)
		return a->span.file < b->span.file ? -1 : 1;
	if (a->span.start != b->span.start)
		return a->span.start < b->span.start ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A diagnostic leaves the list: its notes and helps are heap vectors. */
static void diag_drop(Diag *g)
{
	vec_free(&g->notes);
	vec_free(&g->helps);
}

static bool same_span(Span a, Span b)
{
	return a.file == b.file && a.start == b.start && a.end == b.end;
}

/* A `for` body expands one written allow into one per iteration, all
 * with the same spans; when one of them accepts a warning, the written
 * allow is used, so all of its copies are. */
static bool diag_allowed(Diags *d, Diag *g)
{
	for (size_t i = 0; i < d->allows.len; i++) {
		DiagAllow *al = d->allows.items[i];
		if (al->code == g->code && span_contains(al->span, g->span)) {
			for (size_t k = 0; k < d->allows.len; k++) {
				DiagAllow *copy = d->allows.items[k];
				if (copy->code == al->code && same_span(copy->at, al->at))
					copy->used = true;
			}
			return true;
		}
	}
	return false;
}

void diags_finish(Diags *d)
{
	Vec kept = {0};
	d->errors = d->warnings = 0;
	for (size_t i = 0; i < d->list.len; i++) {
		Diag *g = d->list.items[i];
		if (g->severity == SEV_WARNING && diag_allowed(d, g)) {
			diag_drop(g);
			continue;
		}
		if (g->severity == SEV_WARNING && d->werror)
			g->severity = SEV_ERROR;
		vec_push(&kept, g);
	}
	vec_free(&d->list);
	d->list = kept;
	if (d->report_unused_allows)
		for (size_t i = 0; i < d->allows.len; i++) {
			DiagAllow *al = d->allows.items[i];
			if (al->used || al->copy)
				continue;
			Diag *g = ARENA_NEW(d->arena, Diag);
			g->code = LINT_UNUSED_ALLOW;
			g->severity = d->werror ? SEV_ERROR : SEV_WARNING;
			g->span = al->at;
			g->msg = arena_printf(d->arena, "`allow %s` accepts no warning here", diag_info[al->code].code);
			g->seq = (uint32_t)d->list.len;
			vec_push(&g->helps, arena_strdup(d->arena, "remove it, or move it into the block where the warning is reported"));
			vec_push(&d->list, g);
		}
	vec_sort(&d->list, diag_cmp);
	/* Drop exact duplicates (same code, span and message). */
	size_t n = 0;
	for (size_t i = 0; i < d->list.len; i++) {
		Diag *g = d->list.items[i];
		if (n > 0) {
			Diag *p = d->list.items[n - 1];
			if (p->code == g->code && p->span.file == g->span.file &&
			    p->span.start == g->span.start && p->span.end == g->span.end &&
			    strcmp(p->msg, g->msg) == 0) {
				diag_drop(g);
				continue;
			}
		}
		d->list.items[n++] = g;
		if (g->severity == SEV_ERROR)
			d->errors++;
		else if (g->severity == SEV_WARNING)
			d->warnings++;
	}
	d->list.len = n;
}

/* ---- text ---- */

static const char *sev_name(Severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

enum { WINDOW = 120 };

/* Appends the code points [from, to) of line, replacing control
 * characters, bidirectional controls and invalid bytes so the terminal
 * shows one cell each and the line in its stored order. */
static void put_clean(Buf *out, const char *line, size_t len, size_t from, size_t to)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t cp_index = 0;
	for (size_t i = 0; i < len && cp_index < to;) {
		uint32_t cp;
		int n = utf8_decode(p + i, len - i, &cp);
		bool bad = n <= 0;
		if (bad)
			n = 1;
		if (cp_index >= from) {
			if (bad || (cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f) || utf8_is_bidi(cp))
				buf_puts(out, "\xEF\xBF\xBD");
			else
				buf_put(out, line + i, (size_t)n);
		}
		i += (size_t)n;
		cp_index++;
	}
}

/* The caret line: the same whitespace as the source before the span
 * (tabs kept, so both lines align), then ^ under every code point. */
static void put_carets(Buf *out, const char *line, size_t len, size_t from, size_t col0,
		       size_t width)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t cp_index = 0;
	for (size_t i = 0; i < len && cp_index < col0;) {
		uint32_t cp;
		int n = utf8_decode(p + i, len - i, &cp);
		if (n <= 0)
			n = 1, cp = '?';
		if (cp_index >= from)
			buf_putc(out, cp == '\t' ? '\t' : ' ');
		i += (size_t)n;
		cp_index++;
	}
	while (cp_index++ < col0)
		buf_putc(out, ' ');
	for (size_t i = 0; i < width; i++)
		buf_putc(out, '^');
}

static int digits(uint32_t n)
{
	int d = 1;
	while (n >= 10)
		n /= 10, d++;
	return d;
}

static void put_snippet(Diags *d, Buf *out, Span span, int gutter)
{
	if (span.file >= d->srcs->len)
		return;
	const SrcFile *f = d->srcs->files[span.file];
	SrcPos s = src_pos(f, span.start);
	SrcPos e = src_pos(f, span.end);
	const char *line;
	size_t len;
	src_line(f, s.line, &line, &len);
	size_t line_w = utf8_width(line, len);
	size_t col0 = s.col - 1;
	size_t width = e.line == s.line && e.col > s.col ? e.col - s.col : 1;
	if (e.line != s.line)
		width = line_w > col0 ? line_w - col0 : 1;
	/* Long lines: show a window around the caret. */
	size_t from = 0, to = line_w;
	bool left_cut = false, right_cut = false;
	if (line_w > WINDOW) {
		from = col0 > WINDOW / 3 ? col0 - WINDOW / 3 : 0;
		to = from + WINDOW;
		if (to > line_w)
			to = line_w;
		left_cut = from > 0;
		right_cut = to < line_w;
		if (col0 + width > to)
			width = to > col0 ? to - col0 : 1;
	}
	buf_printf(out, "%*u | ", gutter, s.line);
	if (left_cut)
		buf_puts(out, "...");
	put_clean(out, line, len, from, to);
	if (right_cut)
		buf_puts(out, "...");
	buf_putc(out, '\n');
	buf_printf(out, "%*s | ", gutter, "");
	if (left_cut)
		buf_puts(out, "   ");
	put_carets(out, line, len, from, col0, width);
	buf_putc(out, '\n');
}

static void put_header(Diags *d, Buf *out, Span span, bool color, Severity sev, const char *msg)
{
	const char *path = span.file < d->srcs->len ? d->srcs->files[span.file]->path : "infrac";
	if (span.file < d->srcs->len) {
		SrcPos p = src_pos(d->srcs->files[span.file], span.start);
		buf_printf(out, "%s%s:%u:%u: ", color ? "\033[1m" : "", path, p.line, p.col);
	} else {
		buf_printf(out, "%s%s: ", color ? "\033[1m" : "", path);
	}
	const char *c = sev == SEV_ERROR ? "\033[1;31m" : sev == SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
	buf_printf(out, "%s%s:%s %s", color ? c : "", sev_name(sev), color ? "\033[0m\033[1m" : "", msg);
}

void diags_render_text(Diags *d, Buf *out, bool color)
{
	for (size_t i = 0; i < d->list.len; i++) {
		Diag *g = d->list.items[i];
		int gutter = 4;
		if (g->span.file < d->srcs->len) {
			int w = digits(src_pos(d->srcs->files[g->span.file], g->span.end).line);
			if (w > gutter)
				gutter = w;
		}
		for (size_t j = 0; j < g->notes.len; j++) {
			DiagNote *n = g->notes.items[j];
			if (n->has_span && n->span.file < d->srcs->len) {
				int w = digits(src_pos(d->srcs->files[n->span.file], n->span.end).line);
				if (w > gutter)
					gutter = w;
			}
		}
		put_header(d, out, g->span, color, g->severity, g->msg);
		buf_printf(out, " [%s]%s\n", diag_info[g->code].code, color ? "\033[0m" : "");
		put_snippet(d, out, g->span, gutter);
		for (size_t j = 0; j < g->notes.len; j++) {
			DiagNote *n = g->notes.items[j];
			if (n->has_span) {
				put_header(d, out, n->span, color, SEV_NOTE, n->msg);
				buf_puts(out, color ? "\033[0m\n" : "\n");
				put_snippet(d, out, n->span, gutter);
			} else {
				buf_printf(out, "%*s = note: %s\n", gutter, "", n->msg);
			}
		}
		for (size_t j = 0; j < g->helps.len; j++)
			buf_printf(out, "%*s = help: %s\n", gutter, "", (const char *)g->helps.items[j]);
	}
}

/* ---- JSON ---- */

static void json_pos(Diags *d, JsonW *w, Span span)
{
	if (span.file >= d->srcs->len)
		return;
	const SrcFile *f = d->srcs->files[span.file];
	SrcPos s = src_pos(f, span.start), e = src_pos(f, span.end);
	json_key(w, "file");
	json_string(w, f->path);
	json_key(w, "start");
	json_object_begin(w);
	json_key(w, "line");
	json_int(w, s.line);
	json_key(w, "column");
	json_int(w, s.col);
	json_key(w, "offset");
	json_int(w, span.start);
	json_object_end(w);
	json_key(w, "end");
	json_object_begin(w);
	json_key(w, "line");
	json_int(w, e.line);
	json_key(w, "column");
	json_int(w, e.col);
	json_key(w, "offset");
	json_int(w, span.end);
	json_object_end(w);
}

/* The items of the "diagnostics" array. */
static void json_diags(Diags *d, JsonW *w)
{
	for (size_t i = 0; i < d->list.len; i++) {
		Diag *g = d->list.items[i];
		json_object_begin(w);
		json_key(w, "code");
		json_string(w, diag_info[g->code].code);
		json_key(w, "severity");
		json_string(w, sev_name(g->severity));
		json_key(w, "message");
		json_string(w, g->msg);
		json_pos(d, w, g->span);
		json_key(w, "notes");
		json_array_begin(w);
		for (size_t j = 0; j < g->notes.len; j++) {
			DiagNote *n = g->notes.items[j];
			json_object_begin(w);
			json_key(w, "message");
			json_string(w, n->msg);
			if (n->has_span)
				json_pos(d, w, n->span);
			json_object_end(w);
		}
		json_array_end(w);
		json_key(w, "help");
		json_array_begin(w);
		for (size_t j = 0; j < g->helps.len; j++)
			json_string(w, g->helps.items[j]);
		json_array_end(w);
		json_object_end(w);
	}
}

/* ---- SARIF 2.1.0 ---- */

/* The diagnostics page and its anchors: a code's heading is the code
 * alone, so its anchor (GitHub lower-cases headings) never changes. */
void diag_help_uri(Buf *out, const DiagInfo *info)
{
	buf_puts(out, INFRAC_DOCS_URL "diagnostics.md#");
	for (const char *p = info->code; *p; p++)
		buf_putc(out, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p));
}

void diag_info_markdown(Buf *out)
{
	buf_puts(out, "# Diagnostics\n\n"
		      "<!-- Generated from runtime/diagnostics.def by `infrac explain --markdown`;\n"
		      "     do not edit. -->\n\n"
		      "Every diagnostic infrac reports has a code: a family, E for an error or W\n"
		      "for a warning, and a number. A code keeps its meaning forever and is never\n"
		      "reused. `infrac explain CODE` prints the same text as this page, and the\n"
		      "SARIF output links each rule to its section here.\n");
	for (size_t i = 0; i < DIAG_CODE_COUNT; i++) {
		const DiagInfo *r = &diag_info[i];
		buf_printf(out, "\n### %s\n\n`%s` (%s)\n\n%s\n", r->code, r->title, sev_name(r->severity), r->text);
	}
}

/* GitHub code scanning shows a rule tagged `security` as a security
 * alert, ranked by its security-severity: 9.0 and up is critical, 7.0 up
 * to 9.0 high, 4.0 up to 7.0 medium.  Every IAM, RBAC and TRUST rule is
 * one.  Those that hand over an account or a cluster are critical, those
 * that open a way to more rights or to every resource of a kind high; the
 * others, which report malformed policies or narrower mistakes, medium. */
static const struct {
	const char *prefix, *tag;
} security_families[] = {{"IAM-", "iam"}, {"RBAC-", "rbac"}, {"TRUST-", "trust"}};

static const char *const security_severity[DIAG_CODE_COUNT] = {
	[TRUST_ANYONE] = "9.0",
	[TRUST_GITHUB_REPO] = "9.0",
	[IAM_ADMIN] = "9.0",
	[IAM_MANAGED_BROAD] = "9.0",
	[RBAC_WILDCARD_ALL] = "9.0",
	[RBAC_KUBE_SYSTEM_WORKLOADS] = "9.0",
	[RBAC_CLUSTER_ADMIN] = "9.0",
	[RBAC_SYSTEM_GROUP] = "9.0",
	[IAM_PASSROLE] = "7.5",
	[IAM_ESCALATION] = "7.5",
	[IAM_ALLOW_NOT] = "7.5",
	[IAM_EXFILTRATION] = "7.5",
	[IAM_PERMISSIONS] = "7.5",
	[RBAC_SECRETS] = "7.5",
	[RBAC_ESCALATION] = "7.5",
	[RBAC_EXEC] = "7.5",
	[RBAC_WORKLOADS] = "7.5",
	[RBAC_TAKEOVER] = "7.5",
	[TRUST_IRSA_WILDCARD] = "7.5",
	[TRUST_POD_TAGS] = "7.5",
	[TRUST_GITHUB_ANY_REF] = "7.5",
	[TRUST_CROSS_ACCOUNT] = "7.5",
};

static void sarif_security(JsonW *w, DiagCode code)
{
	const char *tag = NULL;
	for (size_t i = 0; i < COUNT_OF(security_families); i++)
		if (strncmp(diag_info[code].code, security_families[i].prefix, strlen(security_families[i].prefix)) == 0)
			tag = security_families[i].tag;
	if (!tag)
		return;
	json_key(w, "properties");
	json_object_begin(w);
	json_key(w, "tags");
	json_array_begin(w);
	json_string(w, "security");
	json_string(w, tag);
	json_array_end(w);
	json_key(w, "security-severity");
	json_string(w, security_severity[code] ? security_severity[code] : "5.0");
	json_object_end(w);
}

static void sarif_text(JsonW *w, const char *key, const char *text)
{
	json_key(w, key);
	json_object_begin(w);
	json_key(w, "text");
	json_string(w, text);
	json_object_end(w);
}

static void sarif_rules(JsonW *w)
{
	Buf uri = {0};
	json_key(w, "rules");
	json_array_begin(w);
	for (size_t i = 0; i < DIAG_CODE_COUNT; i++) {
		const DiagInfo *r = &diag_info[i];
		json_object_begin(w);
		json_key(w, "id");
		json_string(w, r->code);
		json_key(w, "name");
		json_string(w, r->title);
		sarif_text(w, "shortDescription", r->title);
		sarif_text(w, "fullDescription", r->text);
		uri.len = 0;
		diag_help_uri(&uri, r);
		json_key(w, "helpUri");
		json_string_n(w, uri.data, uri.len);
		sarif_text(w, "help", r->text);
		json_key(w, "defaultConfiguration");
		json_object_begin(w);
		json_key(w, "level");
		json_string(w, sev_name(r->severity));
		json_object_end(w);
		sarif_security(w, (DiagCode)i);
		json_object_end(w);
	}
	json_array_end(w);
	buf_free(&uri);
}

/* A path as a URI reference: bytes other than unreserved characters and
 * `/` percent-encoded (a space, a `#`, non-ASCII letters). */
static void uri_path(Buf *out, const char *path, size_t len)
{
	for (const unsigned char *p = (const unsigned char *)path; p < (const unsigned char *)path + len; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			buf_putc(out, (char)*p);
		else
			buf_printf(out, "%%%02X", *p);
	}
}

/* The root without its trailing slashes: "/" is "". */
static size_t root_len(const DiagDoc *doc)
{
	size_t n = strlen(doc->root);
	while (n > 0 && doc->root[n - 1] == '/')
		n--;
	return n;
}

/* Code scanning maps a file to the repository by a URI relative to
 * %SRCROOT%, the folder infrac ran in (where a CI job checks the
 * repository out); a file outside it is located by its file: URI. */
static void sarif_artifact(DiagDoc *doc, JsonW *w, const SrcFile *f)
{
	const char *p = f->real[0] == '/' ? f->real : f->path;
	const char *rel = NULL;
	if (p[0] != '/') {
		rel = p;
		while (strncmp(rel, "./", 2) == 0)
			rel += 2;
	} else if (doc->root) {
		size_t n = root_len(doc);
		if (strncmp(p, doc->root, n) == 0 && p[n] == '/')
			rel = p + n + 1;
	}
	const char *shown = rel ? rel : p;
	Buf uri = {0};
	if (!rel)
		buf_puts(&uri, "file://");
	uri_path(&uri, shown, strlen(shown));
	json_key(w, "artifactLocation");
	json_object_begin(w);
	json_key(w, "uri");
	json_string_n(w, uri.data, uri.len);
	if (rel) {
		json_key(w, "uriBaseId");
		json_string(w, "%SRCROOT%");
	}
	json_object_end(w);
	buf_free(&uri);
}

static void sarif_region(DiagDoc *doc, Diags *d, JsonW *w, Span span)
{
	const SrcFile *f = d->srcs->files[span.file];
	SrcPos s = src_pos(f, span.start), e = src_pos(f, span.end);
	json_key(w, "physicalLocation");
	json_object_begin(w);
	sarif_artifact(doc, w, f);
	json_key(w, "region");
	json_object_begin(w);
	json_key(w, "startLine");
	json_int(w, s.line);
	json_key(w, "startColumn");
	json_int(w, s.col);
	json_key(w, "endLine");
	json_int(w, e.line);
	json_key(w, "endColumn");
	json_int(w, e.col > s.col || e.line > s.line ? e.col : s.col + 1);
	json_object_end(w);
	json_object_end(w);
}

/* Everything up to the items of "results". */
static void sarif_begin(DiagDoc *doc)
{
	JsonW *w = &doc->w;
	json_object_begin(w);
	json_key(w, "$schema");
	json_string(w, "https://json.schemastore.org/sarif-2.1.0.json");
	json_key(w, "version");
	json_string(w, "2.1.0");
	json_key(w, "runs");
	json_array_begin(w);
	json_object_begin(w);
	json_key(w, "tool");
	json_object_begin(w);
	json_key(w, "driver");
	json_object_begin(w);
	json_key(w, "name");
	json_string(w, "infrac");
	json_key(w, "version");
	json_string(w, doc->version);
	sarif_rules(w);
	json_object_end(w);
	json_object_end(w);
	if (doc->root) {
		Buf uri = {0};
		buf_puts(&uri, "file://");
		uri_path(&uri, doc->root, root_len(doc));
		json_key(w, "originalUriBaseIds");
		json_object_begin(w);
		json_key(w, "%SRCROOT%");
		json_object_begin(w);
		json_key(w, "uri");
		buf_putc(&uri, '/');
		json_string_n(w, uri.data, uri.len);
		json_object_end(w);
		json_object_end(w);
		buf_free(&uri);
	}
	json_key(w, "columnKind");
	json_string(w, "unicodeCodePoints");
	json_key(w, "results");
	json_array_begin(w);
}

static void sarif_results(DiagDoc *doc, Diags *d)
{
	JsonW *w = &doc->w;
	for (size_t i = 0; i < d->list.len; i++) {
		Diag *g = d->list.items[i];
		json_object_begin(w);
		json_key(w, "ruleId");
		json_string(w, diag_info[g->code].code);
		json_key(w, "ruleIndex");
		json_int(w, (int64_t)g->code);
		json_key(w, "level");
		json_string(w, sev_name(g->severity));
		json_key(w, "message");
		json_object_begin(w);
		json_key(w, "text");
		Buf msg = {0};
		buf_puts(&msg, g->msg);
		for (size_t j = 0; j < g->helps.len; j++)
			buf_printf(&msg, "\nhelp: %s", (const char *)g->helps.items[j]);
		json_string_n(w, msg.data, msg.len);
		buf_free(&msg);
		json_object_end(w);
		if (g->span.file < d->srcs->len) {
			json_key(w, "locations");
			json_array_begin(w);
			json_object_begin(w);
			sarif_region(doc, d, w, g->span);
			json_object_end(w);
			json_array_end(w);
		}
		size_t related = 0;
		for (size_t j = 0; j < g->notes.len; j++)
			related += ((DiagNote *)g->notes.items[j])->has_span;
		if (related) {
			json_key(w, "relatedLocations");
			json_array_begin(w);
			int id = 0;
			for (size_t j = 0; j < g->notes.len; j++) {
				DiagNote *n = g->notes.items[j];
				if (!n->has_span || n->span.file >= d->srcs->len)
					continue;
				json_object_begin(w);
				json_key(w, "id");
				json_int(w, id++);
				sarif_region(doc, d, w, n->span);
				sarif_text(w, "message", n->msg);
				json_object_end(w);
			}
			json_array_end(w);
		}
		json_object_end(w);
	}
}

/* ---- one document per run ---- */

void diags_doc_begin(DiagDoc *doc)
{
	doc->out = (Buf){0};
	json_init(&doc->w, &doc->out);
	if (doc->format == DIAG_JSON) {
		json_object_begin(&doc->w);
		json_key(&doc->w, "diagnostics");
		json_array_begin(&doc->w);
	} else if (doc->format == DIAG_SARIF) {
		sarif_begin(doc);
	}
}

void diags_doc_add(DiagDoc *doc, Diags *d)
{
	doc->files++;
	doc->errors += d->errors;
	doc->warnings += d->warnings;
	if (doc->format == DIAG_JSON) {
		json_diags(d, &doc->w);
	} else if (doc->format == DIAG_SARIF) {
		sarif_results(doc, d);
	} else {
		diags_render_text(d, &doc->out, doc->color);
		if (d->list.len > 0)
			buf_printf(&doc->out, "infrac: %u error%s, %u warning%s\n", d->errors, d->errors == 1 ? "" : "s",
				   d->warnings, d->warnings == 1 ? "" : "s");
		if (doc->stream) {
			buf_write(&doc->out, doc->stream);
			doc->out.len = 0;
		}
	}
}

void diags_doc_end(DiagDoc *doc)
{
	JsonW *w = &doc->w;
	if (doc->format == DIAG_JSON) {
		json_array_end(w);
		json_key(w, "errors");
		json_int(w, doc->errors);
		json_key(w, "warnings");
		json_int(w, doc->warnings);
		json_object_end(w);
		json_finish(w);
	} else if (doc->format == DIAG_SARIF) {
		json_array_end(w);
		json_object_end(w);
		json_array_end(w);
		json_object_end(w);
		json_finish(w);
	}
}

static void render_one(Diags *d, Buf *out, DiagFormat fmt, const char *version)
{
	DiagDoc doc = {.format = fmt, .version = version};
	diags_doc_begin(&doc);
	diags_doc_add(&doc, d);
	diags_doc_end(&doc);
	buf_put(out, doc.out.data, doc.out.len);
	buf_free(&doc.out);
}

void diags_render_json(Diags *d, Buf *out)
{
	render_one(d, out, DIAG_JSON, NULL);
}

void diags_render_sarif(Diags *d, Buf *out, const char *version)
{
	render_one(d, out, DIAG_SARIF, version);
}

void diags_render(Diags *d, DiagFormat fmt, FILE *out)
{
	Buf b = {0};
	if (fmt == DIAG_TEXT)
		diags_render_text(d, &b, out == stderr && isatty(2) && !getenv("NO_COLOR"));
	else
		render_one(d, &b, fmt, INFRAC_VERSION);
	buf_write(&b, out);
	buf_free(&b);
}

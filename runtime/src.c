/*
 * src.c: source files and their line tables.
 *
 * Spans are byte offsets; lines and columns are computed only when a
 * diagnostic is rendered, from a table of line starts built once per
 * file.  Columns count UTF-8 code points, so a caret lands under the
 * right character even after non-ASCII text.  A lone CR, CRLF and LF all
 * end a line.
 */
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void add_line(SrcFile *f, uint32_t *cap, uint32_t start)
{
	if (f->nlines == *cap) {
		*cap *= 2;
		f->lines = xrealloc(f->lines, *cap * sizeof *f->lines);
	}
	f->lines[f->nlines++] = start;
}

/* Lines end at \n, \r\n or a lone \r.  Without a \r in the file, memchr
 * finds each \n: every run reads the standard library's files too. */
static void build_lines(SrcFile *f)
{
	uint32_t cap = 64;
	f->lines = xmalloc(cap * sizeof *f->lines);
	f->nlines = 0;
	add_line(f, &cap, 0);
	const char *t = f->text;
	if (!memchr(t, '\r', f->len)) {
		for (const char *p = t; (p = memchr(p, '\n', f->len - (size_t)(p - t))); p++)
			add_line(f, &cap, (uint32_t)(p - t) + 1);
		return;
	}
	for (uint32_t i = 0; i < f->len; i++)
		if (t[i] == '\n' || (t[i] == '\r' && (i + 1 >= f->len || t[i + 1] != '\n')))
			add_line(f, &cap, i + 1);
}

static void srcmap_push(SrcMap *sm, SrcFile *f)
{
	if (sm->len == sm->cap) {
		sm->cap = sm->cap ? sm->cap * 2 : 8;
		sm->files = xrealloc(sm->files, sm->cap * sizeof *sm->files);
	}
	sm->files[sm->len++] = f;
}

SrcFile *src_add(SrcMap *sm, Arena *a, const char *path, const char *text, size_t len)
{
	SrcFile *f = ARENA_NEW(a, SrcFile);
	f->path = arena_strdup(a, path);
	f->real = f->path;
	char *copy = arena_alloc(a, len + 1);
	memcpy(copy, text, len);
	f->text = copy;
	f->len = (uint32_t)len;
	build_lines(f);
	srcmap_push(sm, f);
	return f;
}

/* What a path names when it is not a regular file, for "could not read". */
static const char *src_kind(mode_t mode)
{
	static const struct {
		mode_t type;
		const char *what;
	} kinds[] = {
		{S_IFDIR, "is a directory"},   {S_IFIFO, "is a FIFO"},
		{S_IFSOCK, "is a socket"},     {S_IFCHR, "is a character device"},
		{S_IFBLK, "is a block device"},
	};
	for (size_t i = 0; i < COUNT_OF(kinds); i++)
		if ((mode & S_IFMT) == kinds[i].type)
			return kinds[i].what;
	return "not a regular file";
}

/* Only regular files are read.  The open does not block (a FIFO without
 * a writer would wait forever) and the opened descriptor is what fstat
 * checks, so the path cannot change kind in between; a socket cannot be
 * opened at all, and stat says why. */
SrcFile *src_read(SrcMap *sm, Arena *a, const char *path, const char **reason)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		*reason = stat(path, &st) == 0 && !S_ISREG(st.st_mode) ? src_kind(st.st_mode) : strerror(err);
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		*reason = strerror(errno);
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*reason = src_kind(st.st_mode);
		close(fd);
		return NULL;
	}
	if (st.st_size > SRC_MAX_BYTES) {
		*reason = arena_printf(a, "file is larger than %u MiB", SRC_MAX_BYTES >> 20);
		close(fd);
		return NULL;
	}
	size_t size = (size_t)st.st_size;
	char *text = arena_alloc(a, size + 1);
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, text + got, size - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*reason = strerror(errno);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	SrcFile *f = ARENA_NEW(a, SrcFile);
	f->path = arena_strdup(a, path);
	char resolved[PATH_MAX];
	f->real = realpath(path, resolved) ? arena_strdup(a, resolved) : f->path;
	f->text = text;
	f->len = (uint32_t)got;
	build_lines(f);
	srcmap_push(sm, f);
	return f;
}

SrcPos src_pos(const SrcFile *f, uint32_t offset)
{
	if (offset > f->len)
		offset = f->len;
	uint32_t lo = 0, hi = f->nlines;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (f->lines[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	SrcPos p;
	p.line = lo + 1;
	p.col = (uint32_t)utf8_width(f->text + f->lines[lo], offset - f->lines[lo]) + 1;
	return p;
}

void src_line(const SrcFile *f, uint32_t line, const char **start, size_t *len)
{
	if (line == 0 || line > f->nlines) {
		*start = "";
		*len = 0;
		return;
	}
	uint32_t s = f->lines[line - 1];
	uint32_t e = line < f->nlines ? f->lines[line] : f->len;
	while (e > s && (f->text[e - 1] == '\n' || f->text[e - 1] == '\r'))
		e--;
	*start = f->text + s;
	*len = e - s;
}

void srcmap_free(SrcMap *sm)
{
	for (uint32_t i = 0; i < sm->len; i++)
		free(sm->files[i]->lines);
	free(sm->files);
	*sm = (SrcMap){0};
}

/*
 * outdir.c: writing an output folder all at once, or not at all.
 *
 * Every file of a build is first written into a fresh folder beside the
 * target (DIR.tmp-XXXXXX), with MANIFEST.sha256 listing the SHA-256 of
 * each file.  Only when all of it is on disk does the new folder take the
 * target's place, with renameat2(RENAME_EXCHANGE) where the kernel offers
 * it (one atomic step) and two renames otherwise.  A build that fails, or
 * is interrupted, leaves the previous folder byte for byte as it was.
 *
 * A build hands its files over a back end at a time (outdir_add), and a
 * writer thread writes and hashes them while the next back end runs: the
 * build never holds all of its output in memory, and the disk work
 * overlaps the compiler's.
 *
 * infrac owns its output folder, so it refuses to replace a non-empty
 * folder that does not hold a MANIFEST.sha256: that folder was not
 * written by infrac.
 */
#define _GNU_SOURCE
#include "runtime.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

bool outdir_path_ok(const char *path)
{
	if (!*path || path[0] == '/')
		return false;
	const char *p = path;
	while (*p) {
		const char *seg = p;
		while (*p && *p != '/')
			p++;
		size_t n = (size_t)(p - seg);
		if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)seg[i] < 0x20 || seg[i] == '\\')
				return false;
		if (*p == '/')
			p++;
		if (!*p && p[-1] == '/')
			return false;
	}
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void manifest_line(Buf *out, const char *hex, const char *path)
{
	buf_puts(out, hex);
	buf_puts(out, "  ");
	buf_puts(out, path);
	buf_putc(out, '\n');
}

static int cmp_entries(const void *a, const void *b)
{
	const OutEntry *const *x = a, *const *y = b;
	return strcmp((*x)->path, (*y)->path);
}

static OutEntry **sorted(OutEntry *files, size_t n)
{
	OutEntry **s = xmalloc((n ? n : 1) * sizeof *s);
	for (size_t i = 0; i < n; i++)
		s[i] = &files[i];
	qsort(s, n, sizeof *s, cmp_entries);
	return s;
}

void outdir_manifest(OutEntry *files, size_t n, Buf *out)
{
	OutEntry **s = sorted(files, n);
	for (size_t i = 0; i < n; i++) {
		char hex[65];
		sha256_hex(s[i]->data, s[i]->len, hex);
		manifest_line(out, hex, s[i]->path);
	}
	free(s);
}

/* Makes path and its missing parents.  The path itself is tried first:
 * a build makes a folder per release under folders that exist, and each
 * then costs one system call instead of one per component. */
static int mkdirs(const char *path, mode_t mode)
{
	if (mkdir(path, mode) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return errno;
	char buf[PATH_MAX];
	size_t n = strlen(path);
	if (n >= sizeof buf)
		return ENAMETOOLONG;
	memcpy(buf, path, n + 1);
	char *slash = strrchr(buf, '/');
	if (!slash || slash == buf)
		return ENOENT;
	*slash = 0;
	int e = mkdirs(buf, mode);
	if (e)
		return e;
	return mkdir(path, mode) == 0 || errno == EEXIST ? 0 : errno;
}

static int write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno;
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			return e;
		}
		done += (size_t)w;
	}
	if (close(fd) != 0)
		return errno;
	return 0;
}

static char *pathcat(const char *a, const char *sep, const char *b);

enum { PARALLEL_MIN = 256 }; /* files: fewer are written by one thread */

typedef struct WriteJob {
	const char *tmp;
	const OutEntry *files;
	char (*hex)[65];   /* SHA-256 of each file, for the manifest */
	size_t from, to;
	int err;
	const char *why;
} WriteJob;

/* Writes and hashes files[from..to) under tmp, stopping at the first
 * error. */
static void *write_files(void *arg)
{
	WriteJob *j = arg;
	/* The folder made last: files come folder by folder. */
	char *made = NULL;
	for (size_t i = j->from; i < j->to && !j->err; i++) {
		if (!outdir_path_ok(j->files[i].path)) {
			j->why = "an output path leaves the output folder";
			j->err = EINVAL;
			break;
		}
		char *path = pathcat(j->tmp, "/", j->files[i].path);
		char *s = strrchr(path, '/');
		*s = 0;
		if (!made || strcmp(path, made) != 0) {
			j->err = mkdirs(path, 0755);
			free(made);
			made = xstrdup(path);
		}
		*s = '/';
		const char *data = j->files[i].data ? j->files[i].data : "";
		if (!j->err)
			j->err = write_file(path, data, j->files[i].len);
		if (!j->err)
			sha256_hex(data, j->files[i].len, j->hex[i]);
		free(path);
	}
	free(made);
	return NULL;
}

/* Creating files costs the kernel more than anything infrac does to fill
 * them, and it scales with cores: for a large build a second thread
 * writes the second half.  Returns the first error, 0 if none. */
static int write_halves(const char *tmp, const OutEntry *files, char (*hex)[65], size_t n, const char **why)
{
	WriteJob jobs[2] = {{tmp, files, hex, 0, n, 0, NULL}, {tmp, files, hex, n, n, 0, NULL}};
	pthread_t helper;
	bool two = n >= PARALLEL_MIN;
	if (two) {
		jobs[0].to = jobs[1].from = n / 2;
		two = pthread_create(&helper, NULL, write_files, &jobs[1]) == 0;
		if (!two)
			jobs[0].to = n;
	}
	write_files(&jobs[0]);
	if (two)
		pthread_join(helper, NULL);
	*why = jobs[0].err ? jobs[0].why : jobs[1].why;
	return jobs[0].err ? jobs[0].err : jobs[1].err;
}

/* a + sep + b, malloc'd. */
static char *pathcat(const char *a, const char *sep, const char *b)
{
	size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
	char *p = xmalloc(la + ls + lb + 1);
	memcpy(p, a, la);
	memcpy(p + la, sep, ls);
	memcpy(p + la + ls, b, lb + 1);
	return p;
}

static void remove_tree(const char *path);

/* Removes one entry of a folder: a folder with what it holds, anything
 * else (a symbolic link included, never followed) by unlink. */
static void remove_entry(const char *path, unsigned char type)
{
	struct stat st;
	if (type == DT_DIR || (type == DT_UNKNOWN && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)))
		remove_tree(path);
	else
		unlink(path);
}

/* rm -r of the folder at path, without following symbolic links. */
static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *child = pathcat(path, "/", e->d_name);
			remove_entry(child, e->d_type);
			free(child);
		}
		closedir(d);
	}
	rmdir(path);
}

typedef struct RemoveJob {
	char **paths;
	size_t from, to;
} RemoveJob;

static void *remove_paths(void *arg)
{
	RemoveJob *j = arg;
	for (size_t i = j->from; i < j->to; i++)
		remove_entry(j->paths[i], DT_UNKNOWN);
	return NULL;
}

/* The old folder a rebuild replaced: removing 30,000 files costs as much
 * as writing them, so its top-level entries, listed first, are shared by
 * two threads (every other one, to spread the large folders). */
static void remove_tree_halves(const char *path)
{
	Vec all = {0};
	DIR *d = opendir(path);
	for (struct dirent *e; d && (e = readdir(d));)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			vec_push(&all, pathcat(path, "/", e->d_name));
	if (d)
		closedir(d);
	/* Even entries first, then odd: each thread takes a contiguous half. */
	char **paths = xmalloc((all.len ? all.len : 1) * sizeof *paths);
	size_t k = 0;
	for (size_t i = 0; i < all.len; i += 2)
		paths[k++] = all.items[i];
	size_t half = k;
	for (size_t i = 1; i < all.len; i += 2)
		paths[k++] = all.items[i];
	RemoveJob jobs[2] = {{paths, 0, half}, {paths, half, all.len}};
	pthread_t helper;
	bool two = all.len > 1 && pthread_create(&helper, NULL, remove_paths, &jobs[1]) == 0;
	if (!two)
		jobs[0].to = all.len;
	remove_paths(&jobs[0]);
	if (two)
		pthread_join(helper, NULL);
	for (size_t i = 0; i < all.len; i++)
		free(paths[i]);
	free(paths);
	vec_free(&all);
	rmdir(path);
}

static bool dir_empty(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return true;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = false;
	closedir(d);
	return empty;
}

static const char *errstr(int e)
{
	return strerror(e);
}

/* A batch of files handed to the writer. */
typedef struct Batch {
	struct Batch *next;
	OutEntry *files;
	size_t n;
	size_t bytes;
	bool owned; /* the writer frees the files' data and the array */
} Batch;

/* Bytes handed over and not yet written before outdir_add waits for the
 * writer: a build that computes faster than the disk takes its files
 * would otherwise hold them all. */
enum { STAGE_MAX_BYTES = 16 << 20 };

struct OutStage {
	char target[PATH_MAX];
	char *tmp;
	bool exists;          /* the target existed: swap rather than rename */
	pthread_t writer;
	bool threaded;        /* the writer thread runs; else outdir_add writes */
	pthread_mutex_t mu;
	pthread_cond_t cv;    /* a batch came, or closing */
	pthread_cond_t room;  /* queued went down */
	Batch *head, *tail;   /* waiting to be written (under mu) */
	size_t queued;        /* bytes of batches not yet freed (under mu) */
	bool closing;         /* no more batches (under mu) */
	/* The writer's alone until it is joined: */
	int err;
	const char *why;
	Buf written;          /* "PATH\0HASH\0" of each file written, for the manifest */
	size_t nwritten;
};

static void batch_free(Batch *b)
{
	if (b->owned) {
		for (size_t i = 0; i < b->n; i++)
			free((void *)b->files[i].data);
		free(b->files);
	}
	free(b);
}

/* Writes one batch unless an earlier one failed, and records its files
 * for the manifest. */
static void stage_write(OutStage *st, Batch *b)
{
	if (!st->err && b->n) {
		char(*hex)[65] = xmalloc(b->n * sizeof *hex);
		const char *why = NULL;
		st->err = write_halves(st->tmp, b->files, hex, b->n, &why);
		st->why = why;
		for (size_t i = 0; i < b->n && !st->err; i++) {
			buf_put(&st->written, b->files[i].path, strlen(b->files[i].path) + 1);
			buf_put(&st->written, hex[i], sizeof hex[i]);
			st->nwritten++;
		}
		free(hex);
	}
	batch_free(b);
}

static void *writer_main(void *arg)
{
	OutStage *st = arg;
	pthread_mutex_lock(&st->mu);
	for (;;) {
		while (!st->head && !st->closing)
			pthread_cond_wait(&st->cv, &st->mu);
		Batch *b = st->head;
		if (!b)
			break;
		st->head = b->next;
		if (!st->head)
			st->tail = NULL;
		pthread_mutex_unlock(&st->mu);
		size_t bytes = b->bytes;
		stage_write(st, b);
		pthread_mutex_lock(&st->mu);
		st->queued -= bytes;
		pthread_cond_signal(&st->room);
	}
	pthread_mutex_unlock(&st->mu);
	return NULL;
}

int outdir_open(const char *dir, OutStage **out, const char **err)
{
	*out = NULL;
	OutStage *st = xcalloc(1, sizeof *st);
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	if (dl + 32 >= sizeof st->target) {
		*err = "path too long";
		free(st);
		return 2;
	}
	memcpy(st->target, dir, dl);
	st->target[dl] = 0;
	struct stat sb;
	st->exists = stat(st->target, &sb) == 0;
	if (st->exists && !S_ISDIR(sb.st_mode)) {
		*err = "not a directory";
		free(st);
		return 2;
	}
	if (st->exists && !dir_empty(st->target)) {
		char *man = pathcat(st->target, "/", "MANIFEST.sha256");
		bool ours = access(man, F_OK) == 0;
		free(man);
		if (!ours) {
			*err = "the folder is not empty and was not written by infrac (no MANIFEST.sha256); "
			       "refusing to replace it";
			free(st);
			return 2;
		}
	}
	/* The parent must exist for the temporary folder beside the target. */
	char parent[PATH_MAX];
	memcpy(parent, st->target, dl + 1);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = 0;
		int e = mkdirs(parent, 0755);
		if (e) {
			*err = errstr(e);
			free(st);
			return 2;
		}
	}
	st->tmp = pathcat(st->target, "", ".tmp-XXXXXX");
	if (!mkdtemp(st->tmp)) {
		*err = errstr(errno);
		free(st->tmp);
		free(st);
		return 2;
	}
	chmod(st->tmp, 0755);
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->cv, NULL);
	pthread_cond_init(&st->room, NULL);
	st->threaded = pthread_create(&st->writer, NULL, writer_main, st) == 0;
	*out = st;
	return 0;
}

void outdir_add(OutStage *st, OutEntry *files, size_t n, bool owned)
{
	Batch *b = xcalloc(1, sizeof *b);
	b->files = files;
	b->n = n;
	b->owned = owned;
	for (size_t i = 0; i < n; i++)
		b->bytes += files[i].len;
	if (!st->threaded) {
		stage_write(st, b);
		return;
	}
	pthread_mutex_lock(&st->mu);
	while (st->queued && st->queued + b->bytes > STAGE_MAX_BYTES)
		pthread_cond_wait(&st->room, &st->mu);
	st->queued += b->bytes;
	if (st->tail)
		st->tail->next = b;
	else
		st->head = b;
	st->tail = b;
	pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
}

/* Waits for the writer to finish what it was given. */
static void stage_join(OutStage *st)
{
	if (st->threaded) {
		pthread_mutex_lock(&st->mu);
		st->closing = true;
		pthread_cond_signal(&st->cv);
		pthread_mutex_unlock(&st->mu);
		pthread_join(st->writer, NULL);
		st->threaded = false;
	}
	pthread_mutex_destroy(&st->mu);
	pthread_cond_destroy(&st->cv);
	pthread_cond_destroy(&st->room);
}

static void stage_free(OutStage *st)
{
	buf_free(&st->written);
	free(st->tmp);
	free(st);
}

void outdir_abandon(OutStage *st)
{
	if (!st)
		return;
	stage_join(st);
	remove_tree(st->tmp);
	stage_free(st);
}

/* MANIFEST.sha256: "HASH  PATH" for each file, sorted by path. */
static int write_manifest(OutStage *st)
{
	const char **paths = xmalloc((st->nwritten ? st->nwritten : 1) * sizeof *paths);
	const char *p = st->written.data;
	for (size_t i = 0; i < st->nwritten; i++) {
		paths[i] = p;
		p += strlen(p) + 1 + 65;
	}
	qsort(paths, st->nwritten, sizeof *paths, cmp_str);
	Buf man = {0};
	for (size_t i = 0; i < st->nwritten; i++)
		manifest_line(&man, paths[i] + strlen(paths[i]) + 1, paths[i]);
	free(paths);
	char *path = pathcat(st->tmp, "/", "MANIFEST.sha256");
	int e = write_file(path, man.data ? man.data : "", man.len);
	free(path);
	buf_free(&man);
	return e;
}

int outdir_close(OutStage *st, size_t *nfiles, const char **err)
{
	stage_join(st);
	int e = st->err;
	const char *why = st->why;
	if (!e)
		e = write_manifest(st);
	*nfiles = st->nwritten + 1;
	const char *target = st->target, *tmp = st->tmp;
	int rc = 0;
	if (e) {
		*err = why ? why : errstr(e);
		remove_tree(tmp);
		rc = 2;
	} else if (!st->exists) {
		if (rename(tmp, target) != 0) {
			*err = errstr(errno);
			remove_tree(tmp);
			rc = 2;
		}
	} else if (syscall(SYS_renameat2, AT_FDCWD, tmp, AT_FDCWD, target, RENAME_EXCHANGE) == 0) {
		/* Swapped in one step; the old folder now lives at tmp. */
		remove_tree_halves(tmp);
	} else {
		char *old = pathcat(target, "", ".old-XXXXXX");
		if (!mkdtemp(old)) {
			*err = errstr(errno);
			remove_tree(tmp);
			rc = 2;
		} else {
			rmdir(old);
			if (rename(target, old) != 0 || rename(tmp, target) != 0) {
				*err = errstr(errno);
				if (access(target, F_OK) != 0)
					rename(old, target);
				remove_tree(tmp);
				rc = 2;
			} else {
				remove_tree(old);
			}
		}
		free(old);
	}
	stage_free(st);
	return rc;
}

int outdir_commit(const char *dir, OutEntry *files, size_t n, const char **err)
{
	OutStage *st;
	if (outdir_open(dir, &st, err) != 0)
		return 2;
	outdir_add(st, files, n, false);
	size_t written;
	return outdir_close(st, &written, err);
}

/* Collects the regular files under dir (relative paths) into out. */
static void list_files(const char *root, const char *rel, Vec *out)
{
	char *path = pathcat(root, *rel ? "/" : "", rel);
	DIR *d = opendir(path);
	free(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *child = pathcat(rel, *rel ? "/" : "", e->d_name);
		char *full = pathcat(root, "/", child);
		struct stat st;
		if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
			list_files(root, child, out);
		else
			vec_push(out, xstrdup(child));
		free(full);
		free(child);
	}
	closedir(d);
}

int outdir_check(const char *dir, OutEntry *files, size_t n, Buf *report, const char **err)
{
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		*err = stat(dir, &st) != 0 ? strerror(errno) : "not a directory";
		return 2;
	}
	Buf man = {0};
	outdir_manifest(files, n, &man);
	int status = 0;
	OutEntry **s = sorted(files, n);
	/* The manifest is compared like any other file. */
	size_t total = n + 1;
	for (size_t i = 0; i < total; i++) {
		const char *rel = i < n ? s[i]->path : "MANIFEST.sha256";
		const char *data = i < n ? s[i]->data : man.data;
		size_t len = i < n ? s[i]->len : man.len;
		char *path = pathcat(dir, "/", rel);
		FILE *f = fopen(path, "rb");
		free(path);
		if (!f) {
			buf_printf(report, "missing  %s\n", rel);
			status = 1;
			continue;
		}
		bool same = true;
		char chunk[65536];
		size_t off = 0, got;
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
			if (off + got > len || memcmp(chunk, data + off, got) != 0)
				same = false;
			off += got;
		}
		fclose(f);
		if (!same || off != len) {
			buf_printf(report, "stale    %s\n", rel);
			status = 1;
		}
	}
	Vec present = {0};
	list_files(dir, "", &present);
	vec_sort(&present, cmp_str);
	for (size_t i = 0; i < present.len; i++) {
		const char *rel = present.items[i];
		bool known = strcmp(rel, "MANIFEST.sha256") == 0;
		size_t lo = 0, hi = n;
		while (!known && lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(s[mid]->path, rel);
			if (c == 0)
				known = true;
			else if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (!known) {
			buf_printf(report, "extra    %s\n", rel);
			status = 1;
		}
		free(present.items[i]);
	}
	vec_free(&present);
	free(s);
	buf_free(&man);
	return status;
}

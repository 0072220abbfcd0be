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
		buf_printf(out, "%s  %s\n", hex, s[i]->path);
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
	size_t from, to;
	int err;
	const char *why;
} WriteJob;

/* Writes files[from..to) under tmp, stopping at the first error. */
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
		if (!j->err)
			j->err = write_file(path, j->files[i].data, j->files[i].len);
		free(path);
	}
	free(made);
	return NULL;
}

/* Creating files costs the kernel more than anything infrac does to fill
 * them, and it scales with cores: for a large build a second thread
 * writes the second half.  Returns the first error, 0 if none. */
static int write_halves(const char *tmp, const OutEntry *files, size_t n, const char **why)
{
	WriteJob jobs[2] = {{tmp, files, 0, n, 0, NULL}, {tmp, files, n, n, 0, NULL}};
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

int outdir_commit(const char *dir, OutEntry *files, size_t n, const char **err)
{
	char target[PATH_MAX];
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	if (dl + 32 >= sizeof target) {
		*err = "path too long";
		return 2;
	}
	memcpy(target, dir, dl);
	target[dl] = 0;
	struct stat st;
	bool exists = stat(target, &st) == 0;
	if (exists && !S_ISDIR(st.st_mode)) {
		*err = "not a directory";
		return 2;
	}
	if (exists && !dir_empty(target)) {
		char *man = pathcat(target, "/", "MANIFEST.sha256");
		bool ours = access(man, F_OK) == 0;
		free(man);
		if (!ours) {
			*err = "the folder is not empty and was not written by infrac (no MANIFEST.sha256); "
			       "refusing to replace it";
			return 2;
		}
	}
	/* The parent must exist for the temporary folder beside the target. */
	char parent[PATH_MAX];
	memcpy(parent, target, dl + 1);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = 0;
		int e = mkdirs(parent, 0755);
		if (e) {
			*err = errstr(e);
			return 2;
		}
	}
	char *tmp = pathcat(target, "", ".tmp-XXXXXX");
	if (!mkdtemp(tmp)) {
		*err = errstr(errno);
		free(tmp);
		return 2;
	}
	chmod(tmp, 0755);
	const char *why = NULL;
	int e = write_halves(tmp, files, n, &why);
	if (!e) {
		Buf man = {0};
		outdir_manifest(files, n, &man);
		char *path = pathcat(tmp, "/", "MANIFEST.sha256");
		e = write_file(path, man.data ? man.data : "", man.len);
		free(path);
		buf_free(&man);
	}
	int rc = 0;
	if (e) {
		*err = why ? why : errstr(e);
		remove_tree(tmp);
		rc = 2;
	} else if (!exists) {
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
	free(tmp);
	return rc;
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

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
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

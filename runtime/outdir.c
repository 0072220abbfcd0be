/*
 * outdir.c: writing an output folder all at once, or not at all, and
 * never touching a file infrac did not write.
 *
 * Every file of a build is first written into a fresh folder beside the
 * target (DIR.tmp-XXXXXX), with MANIFEST.sha256 listing the SHA-256 of
 * each file.  The files the previous MANIFEST.sha256 lists are infrac's;
 * everything else in the old folder (.terraform/, a lock file, local
 * state, a hand-written backend.tf) is the user's, and is carried into
 * the new folder as a hard link of the same file, so nothing is copied
 * and nothing is lost.  A user's file where the new build would write is
 * refused, never overwritten.  Only when all of it is on disk, and
 * flushed, does the new folder take the target's place, with
 * renameat2(RENAME_EXCHANGE) where the kernel offers it (one atomic
 * step) and two renames otherwise.  A build that fails, or is
 * interrupted, leaves the previous folder byte for byte as it was.
 *
 * A folder being built holds a marker file, locked while its build runs:
 * SIGINT, SIGTERM, SIGHUP and running out of memory remove the folder
 * (with system calls safe in a signal handler), and one left by a
 * SIGKILL or a power cut is recognised by its unlocked marker and
 * removed by the next build of the same folder, never by its name alone.
 *
 * A build hands its files over a back end at a time (outdir_add), and a
 * writer thread writes and hashes them while the next back end runs: the
 * build never holds all of its output in memory, and the disk work
 * overlaps the compiler's.
 *
 * infrac refuses to build into a non-empty folder that holds no
 * MANIFEST.sha256: nothing there was written by infrac.
 */
#define _GNU_SOURCE
#include "runtime.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

#define MANIFEST "MANIFEST.sha256"
/* Inside a folder being built, and briefly inside the target while the
 * folders swap: never an output, never carried, never reported. */
#define MARKER ".infrac-partial"

enum {
	RM_DEPTH = 256,   /* folders deeper than this are left in place */
	CARRY_DEPTH = 256,
};

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
	return strcmp(path, MANIFEST) != 0 && strcmp(path, MARKER) != 0;
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

/* One message at a time: a process builds one folder at a time. */
static char message[PATH_MAX + 256];

/* The message fmt makes of a and b (b may go unused). */
static const char *say(const char *fmt, const char *a, const char *b)
{
	snprintf(message, sizeof message, fmt, a, b);
	return message;
}

/* ---- removing folders, with calls safe in a signal handler ---- */

struct dirent64_raw {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static bool dot_or_dotdot(const char *s)
{
	return s[0] == '.' && (!s[1] || (s[1] == '.' && !s[2]));
}

static void rm_at(int dirfd, const char *name, int depth);

/* Removes what the folder fd holds but skip; never follows a symbolic
 * link.  Files created while it runs are caught by a second pass. */
static void rm_contents(int fd, const char *skip, int depth)
{
	_Alignas(8) char buf[1024];
	for (int pass = 0; pass < 8; pass++) {
		bool any = false;
		lseek(fd, 0, SEEK_SET);
		long n;
		while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
			for (long off = 0; off < n;) {
				struct dirent64_raw *e = (void *)(buf + off);
				off += e->d_reclen;
				if (dot_or_dotdot(e->d_name) || (skip && strcmp(e->d_name, skip) == 0))
					continue;
				rm_at(fd, e->d_name, depth + 1);
				any = true;
			}
		}
		if (!any)
			return;
	}
}

/* rm -r of name in the folder dirfd. */
static void rm_at(int dirfd, const char *name, int depth)
{
	if (unlinkat(dirfd, name, 0) == 0 || (errno != EISDIR && errno != EPERM) || depth > RM_DEPTH)
		return;
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	rm_contents(fd, NULL, depth);
	close(fd);
	unlinkat(dirfd, name, AT_REMOVEDIR);
}

/* rm -r of a folder built here: its marker goes last, so a folder left
 * half removed is still recognised as one of infrac's. */
static void rm_tree(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	rm_contents(fd, MARKER, 0);
	unlinkat(fd, MARKER, 0);
	close(fd);
	rmdir(path);
}

/* The folder being built, for a signal or running out of memory. */
static char emergency_path[PATH_MAX];
static volatile sig_atomic_t emergency_armed;
static atomic_bool dying; /* the writer threads stop at their next file */

void outdir_emergency(void)
{
	if (!emergency_armed)
		return;
	atomic_store(&dying, true);
	rm_tree(emergency_path);
}

static const int caught[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction previous[3];

static void on_signal(int sig)
{
	outdir_emergency();
	/* Die of the signal, so the caller sees the conventional status. */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void emergency_arm(const char *tmp)
{
	snprintf(emergency_path, sizeof emergency_path, "%s", tmp);
	atomic_store(&dying, false);
	emergency_armed = 1;
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++) {
		sigaction(caught[i], NULL, &previous[i]);
		if (previous[i].sa_handler != SIG_IGN) /* nohup's SIGHUP stays ignored */
			sigaction(caught[i], &sa, NULL);
	}
}

static void emergency_disarm(void)
{
	if (!emergency_armed)
		return;
	for (int i = 0; i < 3; i++)
		sigaction(caught[i], &previous[i], NULL);
	emergency_armed = 0;
}

/* Threads of the stage leave the signals to the main thread. */
static bool thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t all, old;
	sigemptyset(&all);
	for (int i = 0; i < 3; i++)
		sigaddset(&all, caught[i]);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	bool ok = pthread_create(t, NULL, fn, arg) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ok;
}

/* ---- writing files ---- */

/* Makes the folder rel below dirfd and its missing parents; never above
 * dirfd, so a folder removed under a build is not made again. */
static int mkdirs_at(int dirfd, char *rel)
{
	if (mkdirat(dirfd, rel, 0777) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return errno;
	char *slash = strrchr(rel, '/');
	if (!slash)
		return ENOENT;
	*slash = 0;
	int e = mkdirs_at(dirfd, rel);
	*slash = '/';
	if (e)
		return e;
	return mkdirat(dirfd, rel, 0777) == 0 || errno == EEXIST ? 0 : errno;
}

/* Writes a file below dirfd; the umask decides its mode, as for any
 * file a program creates.  The folder is flushed to the disk as a whole
 * before it is swapped in (flush_tree). */
static int write_file_at(int dirfd, const char *rel, const char *data, size_t len)
{
	int fd = openat(dirfd, rel, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
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
	return close(fd) != 0 ? errno : 0;
}

enum { PARALLEL_MIN = 256 }; /* files: fewer are written by one thread */

typedef struct WriteJob {
	int dirfd;
	const OutEntry *files;
	char (*hex)[65];   /* SHA-256 of each file, for the manifest */
	size_t from, to;
	int err;
	const char *why;
} WriteJob;

/* Writes and hashes files[from..to) below dirfd, stopping at the first
 * error. */
static void *write_files(void *arg)
{
	WriteJob *j = arg;
	/* The folder made last: files come folder by folder. */
	char *made = NULL;
	for (size_t i = j->from; i < j->to && !j->err; i++) {
		if (atomic_load(&dying)) {
			j->err = EINTR;
			break;
		}
		if (!outdir_path_ok(j->files[i].path)) {
			j->why = "an output path leaves the output folder";
			j->err = EINVAL;
			break;
		}
		char *path = xstrdup(j->files[i].path);
		char *s = strrchr(path, '/');
		if (s) {
			*s = 0;
			if (!made || strcmp(path, made) != 0) {
				j->err = mkdirs_at(j->dirfd, path);
				free(made);
				made = xstrdup(path);
			}
			*s = '/';
		}
		const char *data = j->files[i].data ? j->files[i].data : "";
		if (!j->err)
			j->err = write_file_at(j->dirfd, path, data, j->files[i].len);
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
static int write_halves(int dirfd, const OutEntry *files, char (*hex)[65], size_t n, const char **why)
{
	WriteJob jobs[2] = {{dirfd, files, hex, 0, n, 0, NULL}, {dirfd, files, hex, n, n, 0, NULL}};
	pthread_t helper;
	bool two = n >= PARALLEL_MIN;
	if (two) {
		jobs[0].to = jobs[1].from = n / 2;
		two = thread_start(&helper, write_files, &jobs[1]);
		if (!two)
			jobs[0].to = n;
	}
	write_files(&jobs[0]);
	if (two)
		pthread_join(helper, NULL);
	*why = jobs[0].err ? jobs[0].why : jobs[1].why;
	return jobs[0].err ? jobs[0].err : jobs[1].err;
}

typedef struct RemoveJob {
	int dirfd;
	char **names;
	size_t from, to;
} RemoveJob;

static void *remove_names(void *arg)
{
	RemoveJob *j = arg;
	for (size_t i = j->from; i < j->to; i++)
		rm_at(j->dirfd, j->names[i], 1);
	return NULL;
}

/* The old folder a rebuild replaced: removing 30,000 files costs as much
 * as writing them, so its top-level entries, listed first, are shared by
 * two threads (every other one, to spread the large folders).  The user's
 * files in it are links of the ones the new folder holds. */
static void rm_tree_halves(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	Vec all = {0};
	DIR *d = fdopendir(dup(fd));
	for (struct dirent *e; d && (e = readdir(d));)
		if (!dot_or_dotdot(e->d_name) && strcmp(e->d_name, MARKER) != 0)
			vec_push(&all, xstrdup(e->d_name));
	if (d)
		closedir(d);
	/* Even entries first, then odd: each thread takes a contiguous half. */
	char **names = xmalloc((all.len ? all.len : 1) * sizeof *names);
	size_t k = 0;
	for (size_t i = 0; i < all.len; i += 2)
		names[k++] = all.items[i];
	size_t half = k;
	for (size_t i = 1; i < all.len; i += 2)
		names[k++] = all.items[i];
	RemoveJob jobs[2] = {{fd, names, 0, half}, {fd, names, half, all.len}};
	pthread_t helper;
	bool two = all.len > 1 && thread_start(&helper, remove_names, &jobs[1]);
	if (!two)
		jobs[0].to = all.len;
	remove_names(&jobs[0]);
	if (two)
		pthread_join(helper, NULL);
	for (size_t i = 0; i < all.len; i++)
		free(names[i]);
	free(names);
	vec_free(&all);
	close(fd);
	rm_tree(path); /* what a signal left, the marker, the folder */
}

/* Whether the folder holds anything but a marker. */
static bool dir_empty(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return true;
	struct dirent *e;
	bool empty = true;
	while ((e = readdir(d)))
		if (!dot_or_dotdot(e->d_name) && strcmp(e->d_name, MARKER) != 0)
			empty = false;
	closedir(d);
	return empty;
}

static int sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	int e = fsync(fd) == 0 ? 0 : errno;
	close(fd);
	return e;
}

/* Puts every file and folder of the new folder on the disk before it is
 * swapped in, so that after a power cut the target is the old folder or
 * the new one, never a new one with empty files.  One syncfs of the file
 * system costs one journal commit; an fsync per file cost one each
 * (80 s instead of 2 s for 30,000 files on ext4). */
static int flush_tree(int fd)
{
	return syncfs(fd) == 0 ? 0 : errno;
}

/* ---- what the previous build wrote ---- */

/* The paths the folder's MANIFEST.sha256 lists, sorted. */
typedef struct Owned {
	char *text;
	const char **paths;
	size_t n;
} Owned;

enum { MANIFEST_MAX = 1 << 30 };

static void owned_read(int dirfd, Owned *o)
{
	*o = (Owned){0};
	int fd = openat(dirfd, MANIFEST, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat sb;
	if (fd < 0)
		return;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > MANIFEST_MAX) {
		close(fd);
		return;
	}
	size_t len = (size_t)sb.st_size, got = 0;
	o->text = xmalloc(len + 1);
	ssize_t r;
	while (got < len && (r = read(fd, o->text + got, len - got)) > 0)
		got += (size_t)r;
	close(fd);
	o->text[got] = 0;
	Vec paths = {0};
	for (char *line = o->text; *line;) {
		char *end = strchr(line, '\n');
		if (end)
			*end = 0;
		/* "HASH  PATH": 64 hex digits, two spaces, a path. */
		size_t hex = strspn(line, "0123456789abcdef");
		if (hex == 64 && line[64] == ' ' && line[65] == ' ' && outdir_path_ok(line + 66))
			vec_push(&paths, line + 66);
		line = end ? end + 1 : line + strlen(line);
	}
	vec_sort(&paths, cmp_str);
	o->paths = (const char **)paths.items;
	o->n = paths.len;
}

/* The first listed path not below key. */
static size_t owned_lower(const Owned *o, const char *key)
{
	size_t lo = 0, hi = o->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(o->paths[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool owned_file(const Owned *o, const char *rel)
{
	size_t i = owned_lower(o, rel);
	return i < o->n && strcmp(o->paths[i], rel) == 0;
}

/* Whether a listed file lies below the folder rel. */
static bool owned_dir(const Owned *o, const char *rel)
{
	char *key = pathcat(rel, "/", "");
	size_t i = owned_lower(o, key);
	bool below = i < o->n && strncmp(o->paths[i], key, strlen(key)) == 0;
	free(key);
	return below;
}

static void owned_free(Owned *o)
{
	free(o->text);
	free(o->paths);
}

/* ---- carrying the user's files over ---- */

typedef struct Carry {
	const Owned *owned;
	const char *why; /* set with the error */
} Carry;

static int carry_dir(Carry *c, int oldfd, int newfd, const char *rel, int depth, size_t *kept);

/* Carries one entry of the old folder into the new one; *kept counts
 * what was carried.  Returns 0 or an errno with c->why set. */
static int carry_entry(Carry *c, int oldfd, int newfd, const char *rel, const char *name, int depth, size_t *kept)
{
	struct stat sb;
	if (fstatat(oldfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0) {
		int e = errno;
		if (e == ENOENT) /* gone meanwhile */
			return 0;
		c->why = say("cannot read %s: %s", rel, strerror(e));
		return e;
	}
	if (!S_ISDIR(sb.st_mode)) {
		if (owned_file(c->owned, rel))
			return 0;
		if (linkat(oldfd, name, newfd, name, 0) == 0) {
			++*kept;
			return 0;
		}
		int e = errno;
		if (e == EEXIST)
			c->why = say("%s was not written by infrac (it is not in MANIFEST.sha256) and the build "
				     "writes a file there; move it away or remove it", rel, "");
		else
			c->why = say("cannot keep %s, which infrac did not write, in the new folder: %s", rel,
				     strerror(e));
		return e;
	}
	if (depth >= CARRY_DEPTH) {
		c->why = say("cannot keep %s: folders nest too deep", rel, "");
		return ELOOP;
	}
	bool made = mkdirat(newfd, name, sb.st_mode & 07777) == 0;
	if (made)
		fchmodat(newfd, name, sb.st_mode & 07777, 0); /* as it was, umask or not */
	int sub_new = openat(newfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub_new < 0) {
		int e = errno == ENOTDIR ? EEXIST : errno;
		c->why = e == EEXIST ? say("%s is a folder infrac did not write, and the build writes a file "
					   "there; move it away or remove it", rel, "")
				     : say("cannot keep %s: %s", rel, strerror(e));
		return e;
	}
	int sub_old = openat(oldfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub_old < 0) {
		int e = errno;
		close(sub_new);
		c->why = say("cannot read %s: %s", rel, strerror(e));
		return e;
	}
	size_t inside = 0;
	int e = carry_dir(c, sub_old, sub_new, rel, depth + 1, &inside);
	close(sub_old);
	close(sub_new);
	/* A folder of infrac's files alone goes with them; the user's own
	 * folders stay, empty or not. */
	if (!e && made && !inside && owned_dir(c->owned, rel))
		unlinkat(newfd, name, AT_REMOVEDIR);
	else if (!e && made)
		++*kept;
	*kept += inside;
	return e;
}

static int carry_dir(Carry *c, int oldfd, int newfd, const char *rel, int depth, size_t *kept)
{
	DIR *d = fdopendir(dup(oldfd));
	if (!d) {
		c->why = say("cannot read %s: %s", *rel ? rel : ".", strerror(errno));
		return errno;
	}
	int e = 0;
	for (struct dirent *ent; !e && (ent = readdir(d));) {
		if (dot_or_dotdot(ent->d_name))
			continue;
		if (depth == 0 && (strcmp(ent->d_name, MANIFEST) == 0 || strcmp(ent->d_name, MARKER) == 0))
			continue;
		char *child = *rel ? pathcat(rel, "/", ent->d_name) : xstrdup(ent->d_name);
		e = carry_entry(c, oldfd, newfd, child, ent->d_name, depth, kept);
		free(child);
	}
	closedir(d);
	return e;
}

/* ---- leftovers of builds that were killed ---- */

static char *parent_of(const char *path)
{
	char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	char *p = xstrdup(path);
	p[slash - path] = 0;
	return p;
}

/* Removes DIR.tmp-XXXXXX folders beside dir whose marker no running
 * build holds: a build killed outright, or a power cut, left them. */
static void remove_stale(const char *dir)
{
	char *parent = parent_of(dir);
	const char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : dir;
	size_t bl = strlen(base);
	DIR *d = opendir(parent);
	free(parent);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		const char *n = e->d_name;
		if (strlen(n) != bl + 11 || strncmp(n, base, bl) != 0 || strncmp(n + bl, ".tmp-", 5) != 0)
			continue;
		int fd = openat(dirfd(d), n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		int mark = openat(fd, MARKER, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (mark >= 0 && flock(mark, LOCK_EX | LOCK_NB) == 0) {
			rm_contents(fd, MARKER, 0);
			unlinkat(fd, MARKER, 0);
			unlinkat(dirfd(d), n, AT_REMOVEDIR);
		}
		if (mark >= 0)
			close(mark);
		close(fd);
	}
	closedir(d);
}

/* ---- the stage ---- */

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
	int tmpfd;            /* the folder being built */
	int markfd;           /* its marker, locked */
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
		st->err = write_halves(st->tmpfd, b->files, hex, b->n, &why);
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

static int open_fail(OutStage *st, const char **err, const char *why)
{
	*err = why;
	if (st->tmp) {
		emergency_disarm();
		if (st->markfd >= 0)
			close(st->markfd);
		if (st->tmpfd >= 0)
			close(st->tmpfd);
		rm_tree(st->tmp);
		free(st->tmp);
	}
	free(st);
	return 2;
}

int outdir_open(const char *dir, OutStage **out, const char **err)
{
	*out = NULL;
	OutStage *st = xcalloc(1, sizeof *st);
	st->tmpfd = st->markfd = -1;
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	if (dl + 32 >= sizeof st->target)
		return open_fail(st, err, "path too long");
	memcpy(st->target, dir, dl);
	st->target[dl] = 0;
	/* A symbolic link: the build goes to the folder it points to, and
	 * the link stays as it is. */
	struct stat sb;
	if (lstat(st->target, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		char real[PATH_MAX];
		if (!realpath(st->target, real))
			return open_fail(st, err, say("it is a symbolic link that cannot be followed: %s", strerror(errno), ""));
		if (strlen(real) + 32 >= sizeof st->target)
			return open_fail(st, err, "path too long");
		strcpy(st->target, real);
	}
	st->exists = stat(st->target, &sb) == 0;
	if (st->exists && !S_ISDIR(sb.st_mode))
		return open_fail(st, err, "not a directory");
	if (st->exists && !dir_empty(st->target)) {
		char *man = pathcat(st->target, "/", MANIFEST);
		bool ours = access(man, F_OK) == 0;
		free(man);
		if (!ours)
			return open_fail(st, err, "the folder is not empty and was not written by infrac (no "
						  "MANIFEST.sha256); refusing to replace it");
	}
	/* The parent must exist for the temporary folder beside the target. */
	char parent[PATH_MAX];
	memcpy(parent, st->target, strlen(st->target) + 1);
	char *slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = 0;
		int e = mkdirs_at(AT_FDCWD, parent);
		if (e)
			return open_fail(st, err, strerror(e));
	}
	remove_stale(st->target);
	mode_t mask = umask(0);
	umask(mask);
	st->tmp = pathcat(st->target, "", ".tmp-XXXXXX");
	if (!mkdtemp(st->tmp)) {
		int e = errno;
		free(st->tmp);
		st->tmp = NULL;
		return open_fail(st, err, strerror(e));
	}
	/* A new folder as the umask has it; a folder rebuilt keeps its mode. */
	chmod(st->tmp, st->exists ? sb.st_mode & 07777 : 0777 & ~mask);
	st->tmpfd = open(st->tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (st->tmpfd >= 0)
		st->markfd = openat(st->tmpfd, MARKER, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (st->markfd < 0 || flock(st->markfd, LOCK_EX) != 0)
		return open_fail(st, err, strerror(errno));
	emergency_arm(st->tmp);
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->cv, NULL);
	pthread_cond_init(&st->room, NULL);
	st->threaded = thread_start(&st->writer, writer_main, st);
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
	emergency_disarm();
	if (st->markfd >= 0)
		close(st->markfd);
	if (st->tmpfd >= 0)
		close(st->tmpfd);
	buf_free(&st->written);
	free(st->tmp);
	free(st);
}

void outdir_abandon(OutStage *st)
{
	if (!st)
		return;
	stage_join(st);
	rm_tree(st->tmp);
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
	int e = write_file_at(st->tmpfd, MANIFEST, man.data ? man.data : "", man.len);
	buf_free(&man);
	return e;
}

/* Carries what infrac does not own from the old folder into the new. */
static int carry_old(OutStage *st, const char **why)
{
	int oldfd = open(st->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (oldfd < 0) {
		*why = say("cannot read %s: %s", st->target, strerror(errno));
		return errno;
	}
	Owned owned;
	owned_read(oldfd, &owned);
	Carry c = {&owned, NULL};
	size_t kept = 0;
	int e = carry_dir(&c, oldfd, st->tmpfd, "", 0, &kept);
	*why = c.why;
	owned_free(&owned);
	close(oldfd);
	return e;
}


/* The new folder takes the place of the old one; *old is where the old
 * one went, to be removed, or NULL. */
static int swap_in(OutStage *st, char **old, const char **why)
{
	*old = NULL;
	int e = 0;
	if (!st->exists) {
		if (rename(st->tmp, st->target) != 0)
			e = errno;
	} else {
		/* The old folder is marked too, to be recognised if a crash
		 * leaves it at tmp after the swap. */
		int oldmark = -1;
		int oldfd = open(st->target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (oldfd >= 0) {
			oldmark = openat(oldfd, MARKER, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
			if (oldmark >= 0)
				flock(oldmark, LOCK_EX);
			close(oldfd);
		}
		if (syscall(SYS_renameat2, AT_FDCWD, st->tmp, AT_FDCWD, st->target, RENAME_EXCHANGE) == 0) {
			*old = xstrdup(st->tmp);
		} else {
			/* No exchange on this file system: two renames.  Unmarked
			 * first, so a crash between them leaves both folders. */
			unlinkat(st->tmpfd, MARKER, 0);
			if (oldmark >= 0) {
				char *mark = pathcat(st->target, "/", MARKER);
				unlink(mark);
				free(mark);
			}
			*old = pathcat(st->target, "", ".old-XXXXXX");
			sigset_t all, prev;
			sigfillset(&all);
			pthread_sigmask(SIG_BLOCK, &all, &prev);
			if (!mkdtemp(*old) || rmdir(*old) != 0 || rename(st->target, *old) != 0) {
				e = errno;
			} else if (rename(st->tmp, st->target) != 0) {
				e = errno;
				rename(*old, st->target);
			}
			pthread_sigmask(SIG_SETMASK, &prev, NULL);
			if (e) {
				free(*old);
				*old = NULL;
			}
		}
		if (oldmark >= 0)
			close(oldmark);
	}
	if (e) {
		*why = say("cannot move the new folder into place: %s", strerror(e), "");
		return e;
	}
	/* tmpfd is the new folder, now at the target: the swap itself is
	 * put on the disk before the old folder goes. */
	unlinkat(st->tmpfd, MARKER, 0);
	char *parent = parent_of(st->target);
	e = fsync(st->tmpfd) == 0 ? sync_path(parent) : errno;
	free(parent);
	if (e)
		*why = say("the new folder is in place, but could not be flushed to the disk: %s", strerror(e), "");
	return e;
}

int outdir_close(OutStage *st, size_t *nfiles, const char **err)
{
	stage_join(st);
	int e = st->err;
	const char *why = st->why;
	if (!e)
		e = write_manifest(st);
	if (!e && st->exists)
		e = carry_old(st, &why);
	if (!e && (e = flush_tree(st->tmpfd)) != 0)
		why = NULL;
	char *old = NULL;
	if (!e)
		e = swap_in(st, &old, &why);
	if (old)
		rm_tree_halves(old);
	free(old);
	*nfiles = st->nwritten + 1;
	int rc = 0;
	if (e) {
		*err = why ? why : strerror(e);
		rm_tree(st->tmp);
		rc = 2;
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

/* Compares one file with the bytes the build would write. */
static bool same_file(const char *path, const char *data, size_t len, bool *present)
{
	FILE *f = fopen(path, "rb");
	*present = f != NULL;
	if (!f)
		return false;
	bool same = true;
	char chunk[65536];
	size_t off = 0, got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (off + got > len || memcmp(chunk, data + off, got) != 0)
			same = false;
		off += got;
	}
	fclose(f);
	return same && off == len;
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
	for (size_t i = 0; i < n + 1; i++) {
		const char *rel = i < n ? s[i]->path : MANIFEST;
		char *path = pathcat(dir, "/", rel);
		bool present;
		bool same = same_file(path, i < n ? s[i]->data : man.data, i < n ? s[i]->len : man.len, &present);
		free(path);
		if (!same) {
			buf_printf(report, "%s %s\n", present ? "stale   " : "missing ", rel);
			status = 1;
		}
	}
	/* Extra: files of infrac's that the build would no longer write.
	 * What MANIFEST.sha256 does not list is the user's. */
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	Owned owned = {0};
	if (fd >= 0)
		owned_read(fd, &owned);
	for (size_t i = 0; i < owned.n; i++) {
		OutEntry key = {owned.paths[i], NULL, 0}, *k = &key;
		struct stat sb;
		if (!bsearch(&k, s, n, sizeof *s, cmp_entries) && fstatat(fd, owned.paths[i], &sb, AT_SYMLINK_NOFOLLOW) == 0) {
			buf_printf(report, "extra    %s\n", owned.paths[i]);
			status = 1;
		}
	}
	owned_free(&owned);
	if (fd >= 0)
		close(fd);
	free(s);
	buf_free(&man);
	return status;
}

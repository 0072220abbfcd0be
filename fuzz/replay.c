/*
 * replay.c: runs a fuzz target over files, without a fuzzing engine.
 *
 * Linked with one fuzz_NAME.c in place of libFuzzer, it turns the corpus
 * (every .infra file in the tree and the reproducers kept in
 * fuzz/regressions/) into an ordinary test that runs in the plain, the
 * sanitizer and the valgrind builds alike.  Each argument is a file, or
 * a directory whose files are all replayed.
 *
 * Each input runs in a child process, so one that crashes, leaks (the
 * leak checkers report at the child's exit) or hangs fails on its own,
 * named, and the inputs after it still run.  An input that takes more
 * than FUZZ_REPLAY_TIMEOUT seconds of CPU time (60 unless set; 0 for no
 * limit) is stopped.  CPU time rather than wall-clock time, so a loaded
 * machine does not fail a test; the reproducers of slow paths in
 * fuzz/regressions/ are sized so that quadratic time overshoots the limit
 * by far in any build, and linear time stays far below it even with
 * sanitizers.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct Replay {
	unsigned timeout;
	int inputs;
	Vec failed; /* char*: the inputs that failed */
} Replay;

static void replay_timed_out(int sig)
{
	static const char msg[] = "replay: out of CPU time (FUZZ_REPLAY_TIMEOUT)\n";
	(void)sig;
	if (write(2, msg, sizeof msg - 1) < 0) {
		/* nothing more can be done in a signal handler */
	}
	abort();
}

static bool replay_read(const char *path, Buf *b)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return false;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(b, chunk, n);
	bool ok = !ferror(f);
	fclose(f);
	if (!ok)
		fprintf(stderr, "replay: %s: read error\n", path);
	buf_reserve(b, 1); /* a valid pointer even for an empty file */
	return ok;
}

/* Runs one input in a child; returns whether it passed. */
static bool replay_run(Replay *r, const char *path, Buf *b)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "replay: %s: fork: %s\n", path, strerror(errno));
		return false;
	}
	if (pid == 0) {
		if (r->timeout) {
			struct rlimit cpu = {r->timeout, r->timeout + 5};
			signal(SIGXCPU, replay_timed_out);
			setrlimit(RLIMIT_CPU, &cpu);
		}
		LLVMFuzzerTestOneInput((const uint8_t *)b->data, b->len);
		buf_free(b);
		exit(0); /* not _exit: the leak checkers run at exit */
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "replay: %s: waitpid: %s\n", path, strerror(errno));
			return false;
		}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	if (WIFSIGNALED(status))
		fprintf(stderr, "replay: FAIL %s: killed by signal %d\n", path, WTERMSIG(status));
	else
		fprintf(stderr, "replay: FAIL %s: exit status %d\n", path, WEXITSTATUS(status));
	return false;
}

static void replay_file(Replay *r, const char *path)
{
	Buf b = {0};
	r->inputs++;
	bool ok = replay_read(path, &b);
	if (ok) {
		fprintf(stderr, "replay: %s (%zu bytes)\n", path, b.len);
		ok = replay_run(r, path, &b);
	}
	if (!ok)
		vec_push(&r->failed, xstrdup(path));
	buf_free(&b);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void replay_dir(Replay *r, const char *path)
{
	DIR *dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		vec_push(&r->failed, xstrdup(path));
		return;
	}
	Vec names = {0};
	struct dirent *e;
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.')
			vec_push(&names, xstrdup(e->d_name));
	closedir(dir);
	vec_sort(&names, name_cmp);
	Buf full = {0};
	for (size_t i = 0; i < names.len; i++) {
		full.len = 0;
		buf_printf(&full, "%s/%s", path, (const char *)names.items[i]);
		struct stat st;
		if (stat(buf_cstr(&full), &st) == 0 && S_ISREG(st.st_mode))
			replay_file(r, full.data);
		free(names.items[i]);
	}
	buf_free(&full);
	vec_free(&names);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	fuzz_replaying = true;
	Replay r = {60, 0, {0}};
	const char *limit = getenv("FUZZ_REPLAY_TIMEOUT");
	if (limit && *limit)
		r.timeout = (unsigned)strtoul(limit, NULL, 10);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			replay_dir(&r, argv[i]);
		else
			replay_file(&r, argv[i]);
	}
	printf("replayed %d input%s, %zu failed\n", r.inputs, r.inputs == 1 ? "" : "s", r.failed.len);
	for (size_t i = 0; i < r.failed.len; i++) {
		printf("FAIL %s\n", (const char *)r.failed.items[i]);
		free(r.failed.items[i]);
	}
	bool ok = r.failed.len == 0;
	vec_free(&r.failed);
	return ok ? 0 : 1;
}

/*
 * measure.c: runs a command several times and reports its cost.
 *
 * Wall time comes from the monotonic clock around fork and wait; user
 * time and peak resident memory from the child's rusage (wait4), so the
 * numbers belong to the measured process alone and no GNU time is needed.
 * With --clean DIR the folder is removed before every run, outside the
 * timing, so each build writes a fresh tree.
 *
 * usage: bench-measure [--runs N] [--clean DIR] -- COMMAND [ARG...]
 * prints: wall_ms user_ms maxrss_kb  (medians of wall and user, maximum RSS)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int run(char **argv, int quiet, struct rusage *ru)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (quiet) {
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	if (wait4(pid, &status, 0, ru) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int main(int argc, char **argv)
{
	int runs = 5;
	const char *clean = NULL;
	int i = 1;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--clean") == 0 && i + 1 < argc)
			clean = argv[++i];
		else
			break;
	}
	if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc || runs < 1 || runs > 100) {
		fprintf(stderr, "usage: bench-measure [--runs N] [--clean DIR] -- COMMAND [ARG...]\n");
		return 2;
	}
	char **cmd = argv + i + 1;
	char rm0[] = "rm", rm1[] = "-rf";
	char *rm[] = {rm0, rm1, (char *)clean, NULL};

	double wall[100], user[100];
	long rss = 0;
	for (int r = 0; r < runs; r++) {
		struct rusage ru;
		if (clean && run(rm, 0, &ru) != 0) {
			fprintf(stderr, "bench-measure: could not remove %s\n", clean);
			return 2;
		}
		double t0 = now_ms();
		int rc = run(cmd, 1, &ru);
		wall[r] = now_ms() - t0;
		if (rc != 0) {
			fprintf(stderr, "bench-measure: %s exited with %d\n", cmd[0], rc);
			return 1;
		}
		user[r] = (double)ru.ru_utime.tv_sec * 1e3 + (double)ru.ru_utime.tv_usec / 1e3;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
	}
	qsort(wall, (size_t)runs, sizeof wall[0], cmp_double);
	qsort(user, (size_t)runs, sizeof user[0], cmp_double);
	printf("%.1f %.1f %ld\n", wall[runs / 2], user[runs / 2], rss);
	return 0;
}

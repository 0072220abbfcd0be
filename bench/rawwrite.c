/*
 * rawwrite.c: the raw-write baseline of the build benchmark.
 *
 * What a plain single-threaded program takes to write a build's output:
 * the same files with the same bytes and nothing computed.  `pack` gathers
 * a build's output folder into one file (untimed); `write` reads that file
 * with a single read and writes every file back with plain fopen and
 * fprintf, creating folders as needed.  bench/run.sh times `write`.
 *
 * Pack format: for each file, its relative path, NUL, its size in decimal,
 * NUL, then the bytes.
 *
 * usage: bench-rawwrite pack SRC_DIR PACK
 *        bench-rawwrite write PACK DEST_DIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static FILE *pack_out;
static size_t pack_root;

static int pack_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type != FTW_F)
		return 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fprintf(pack_out, "%s%c%lld%c", path + pack_root, 0, (long long)st->st_size, 0);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, pack_out);
	fclose(f);
	return 0;
}

static int pack(const char *src, const char *dst)
{
	pack_out = fopen(dst, "wb");
	if (!pack_out)
		return 2;
	pack_root = strlen(src) + 1;
	int rc = nftw(src, pack_one, 32, FTW_PHYS);
	return fclose(pack_out) != 0 || rc != 0 ? 2 : 0;
}

static void make_parents(char *path)
{
	for (char *p = strchr(path, '/'); p; p = strchr(p + 1, '/')) {
		*p = 0;
		mkdir(path, 0777);
		*p = '/';
	}
}

static int write_all(const char *src, const char *dst)
{
	FILE *in = fopen(src, "rb");
	if (!in)
		return 2;
	fseek(in, 0, SEEK_END);
	long size = ftell(in);
	rewind(in);
	char *data = malloc((size_t)size + 1);
	if (!data || fread(data, 1, (size_t)size, in) != (size_t)size)
		return 2;
	fclose(in);
	if (mkdir(dst, 0777) != 0 && errno != EEXIST)
		return 2;

	char path[4096];
	for (char *p = data, *end = data + size; p < end;) {
		const char *rel = p;
		p += strlen(p) + 1;
		long n = strtol(p, NULL, 10);
		p += strlen(p) + 1;
		snprintf(path, sizeof path, "%s/%s", dst, rel);
		make_parents(path);
		FILE *f = fopen(path, "w");
		if (!f)
			return 2;
		fprintf(f, "%.*s", (int)n, p);
		if (fclose(f) != 0)
			return 2;
		p += n;
	}
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "pack") == 0)
		return pack(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "write") == 0)
		return write_all(argv[2], argv[3]);
	fprintf(stderr, "usage: bench-rawwrite pack SRC_DIR PACK | write PACK DEST_DIR\n");
	return 2;
}

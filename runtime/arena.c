/*
 * arena.c: memory for one compilation.
 *
 * The AST, the Model, interned names and diagnostics all live as long as
 * the compilation, so they come from one bump allocator that is freed in
 * a single call (the syntax trees have an arena of their own, freed once
 * checking is done).  Nothing in an arena is freed piecemeal, and no
 * caller checks for NULL: running out of memory is fatal, as in jq and
 * cproc.  Large growable buffers (output files) use xmalloc/xrealloc
 * instead, so they can grow without leaving dead copies in the arena.  A
 * back end that builds and writes one tree at a time uses an arena of its
 * own and arena_reset between trees.
 *
 * Chunks grow with the arena, and the large ones are mapped directly and
 * marked for transparent huge pages where the kernel offers them: a
 * specification of 10,000 services fills 200 MB of arena, and touching
 * that a 4 KiB page at a time cost a third of the compilation in page
 * faults and TLB misses on the machine the benchmarks ran on.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MADV_HUGEPAGE */
#include "runtime.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct ArenaChunk {
	ArenaChunk *next;
	size_t size, used;
	bool mapped;       /* from mmap, not malloc */
	_Alignas(16) unsigned char data[];
};

enum {
	CHUNK_MIN = 64 * 1024,
	HUGE_PAGE = 2 * 1024 * 1024, /* x86-64 and arm64 with 4 KiB pages */
	MAP_MIN = 2 * HUGE_PAGE,     /* chunks this large are mapped */
};

/* A zeroed chunk with room for size bytes of data. */
static ArenaChunk *chunk_new(size_t size)
{
	size_t total = sizeof(ArenaChunk) + size;
	if (total >= MAP_MIN) {
		total = (total + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
		void *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
#ifdef MADV_HUGEPAGE
			madvise(p, total, MADV_HUGEPAGE); /* advice only: failure changes nothing */
#endif
			ArenaChunk *c = p;
			c->size = total - sizeof(ArenaChunk);
			c->mapped = true;
			return c;
		}
	}
	ArenaChunk *c = xcalloc(1, total);
	c->size = size;
	return c;
}

static void chunk_free(ArenaChunk *c)
{
	if (c->mapped)
		munmap(c, sizeof(ArenaChunk) + c->size);
	else
		free(c);
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	fputs("infrac: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* Running out of memory is not a bug: a message, no core dump, no
 * folder half built, and exit status 2 like any other failure to get
 * what the build needs. */
NORETURN void out_of_memory(void)
{
	static const char msg[] = "infrac: error: out of memory\n";
	if (write(2, msg, sizeof msg - 1) < 0) {
		/* nothing more to say */
	}
	outdir_emergency();
	_exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

Arena *arena_new(void)
{
	return xcalloc(1, sizeof(Arena));
}

static void free_exact(Arena *a)
{
	for (void **p = a->exact, **next; p; p = next) {
		next = p[0];
		free(p);
	}
	a->exact = NULL;
}

void arena_free(Arena *a)
{
	if (!a)
		return;
	free_exact(a);
	for (ArenaChunk *c = a->head, *next; c; c = next) {
		next = c->next;
		chunk_free(c);
	}
	free(a);
}

#if defined(__SANITIZE_ADDRESS__)
#define EXACT_BLOCKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EXACT_BLOCKS 1
#endif
#endif

void *arena_alloc_exact(Arena *a, size_t n)
{
#ifdef EXACT_BLOCKS
	/* A link to the previous block, then the object (16 bytes in, for
	 * alignment). */
	void **p = xcalloc(1, 16 + n);
	p[0] = a->exact;
	a->exact = p;
	return (char *)p + 16;
#else
	return arena_alloc(a, n);
#endif
}

void arena_reset(Arena *a)
{
	free_exact(a);
	ArenaChunk *keep = a->head;
	if (!keep)
		return;
	for (ArenaChunk *c = keep->next, *next; c; c = next) {
		next = c->next;
		chunk_free(c);
	}
	/* Allocations are zero: give the kept chunk back as it came. */
	memset(keep->data, 0, keep->used);
	keep->used = 0;
	keep->next = NULL;
	a->used_total = 0;
}

/* Everything infrac keeps in an arena holds at most pointers and 64-bit
 * integers, so 8 bytes of alignment serve it; strings need none.  A
 * million syntax nodes, values and names make the difference count: 16
 * would waste a tenth of a large compilation's memory. */
enum { ALIGN = 8 };

/* n bytes at the next multiple of align (a power of two, at most 16). */
static void *take(Arena *a, size_t n, size_t align)
{
	ArenaChunk *c = a->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;
	if (!c || at > c->size || c->size - at < n) {
		size_t size = n > CHUNK_MIN ? n : CHUNK_MIN;
		/* Grow chunk sizes with the total so big inputs need few chunks. */
		if (a->used_total / 4 > size)
			size = a->used_total / 4;
		/* Chunks come zeroed, and arena_reset zeroes the one it keeps,
		 * so every allocation is zero without a memset; large ones are
		 * fresh pages from the kernel, which need no clearing. */
		c = chunk_new(size);
		c->next = a->head;
		a->head = c;
		at = 0;
	}
	void *p = c->data + at;
	a->used_total += at + n - c->used;
	c->used = at + n;
	return p;
}

void *arena_alloc(Arena *a, size_t n)
{
	return take(a, n, ALIGN);
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
	char *p = take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *arena_strdup(Arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* Formats once and copies: most results are short names and paths, and
 * a second vsnprintf to measure first cost as much again. */
char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
	Buf b = {0};
	va_list fast;
	va_copy(fast, ap);
	bool done = buf_format(&b, fmt, fast);
	va_end(fast);
	if (done) {
		char *p = arena_strndup(a, b.data ? b.data : "", b.len);
		buf_free(&b);
		return p;
	}
	char tmp[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("internal error: bad format string");
	if ((size_t)n < sizeof tmp)
		return arena_strndup(a, tmp, (size_t)n);
	char *p = take(a, (size_t)n + 1, 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

/*
 * unit.h: what every unit test shares: CHECK, which counts a condition
 * that does not hold and goes on, so one run reports every failure, and
 * the exit status that count gives.
 */
#ifndef INFRAC_UNIT_H
#define INFRAC_UNIT_H

#include <stdio.h>

static int failures;

#define CHECK(cond)                                                                             \
	do {                                                                                    \
		if (!(cond)) {                                                                  \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                                             \
		}                                                                               \
	} while (0)

/* main's return value: 1, after saying how many checks failed, or 0. */
static inline int unit_status(void)
{
	if (failures)
		fprintf(stderr, "%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}

#endif

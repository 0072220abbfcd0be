/*
 * mutate.h: the structure-aware mutator of fuzz_compile (mutate.c).
 *
 * Linked into the libFuzzer build of fuzz_compile only, where it defines
 * LLVMFuzzerCustomMutator; fuzz_compile.c calls these two functions when
 * FUZZ_LIBFUZZER is defined.
 */
#ifndef INFRAC_FUZZ_MUTATE_H
#define INFRAC_FUZZ_MUTATE_H

#include "infrac.h"

/* The schema the mutator reads kinds and fields from; it must outlive
 * the process's mutations. */
void mutate_init(const Compiler *schema);

/* Notes that an input reached the back ends; the mutator learns from it
 * if it is given it to mutate.  Nothing is allocated here: libFuzzer
 * runs an input again, with a leak check, when its run allocates more
 * than it frees. */
void mutate_note_valid(const uint8_t *data, size_t size);

#endif

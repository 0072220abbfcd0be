/*
 * infrac.h: the one header of the compiler layer.
 *
 * The compiler turns the AST into the Model: it resolves imports and
 * names, evaluates modules and environments, type-checks every value
 * against the resource kinds declared in stdlib/, and solves capacity.
 * The emitters include this header for the Model's types only.
 *
 * Sections are named after the .c file that defines them.
 */
#ifndef INFRAC_H
#define INFRAC_H

#include "grammar.h"
#include "runtime.h"

/* ---- driver.c ---- */

int driver_main(int argc, char **argv);

#endif

/*
 * cli.h: the one header of the command line, the layer above the compiler
 * and the back ends that runs the pipeline end to end and touches the
 * disk (driver.c).  main.c is only its entry point, so the tests and the
 * fuzz targets link the same code as the executable.
 */
#ifndef INFRAC_CLI_H
#define INFRAC_CLI_H

/* `infrac ARGS...`: parses the command line, runs the command and returns
 * the exit status (0 success, 1 the input has errors, 2 usage or I/O). */
int driver_main(int argc, char **argv);

#endif

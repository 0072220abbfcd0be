/*
 * main.c: the infrac executable.  All behaviour lives in driver.c so the
 * tests and the fuzz targets can link the same code.
 */
#include "cli.h"

int main(int argc, char **argv)
{
	return driver_main(argc, argv);
}

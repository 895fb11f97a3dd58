/*
 * What the operations every two-role case is made of cost on this kernel
 * and machine: the floor under the suite's per-case time. For
 * vm/benchmark.sh -f (a throwaway guest); it creates labels it cannot
 * delete (under "sipcF."), so it is not for a board.
 */
#ifndef SUITE_FLOOR_H
#define SUITE_FLOOR_H

#include <stdio.h>

/* Run each measurement n times (on one CPU); one "floor: ..." line each to out. 0, or 1. */
int floor_bench(unsigned n, FILE *out);

#endif

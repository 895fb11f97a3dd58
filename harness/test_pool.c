/* Unit tests for the worker pool: every job's result comes back once, whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "pool.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BIG 20000 /* more than a pipe takes in one atomic write */

/* A job's result: its number, the worker's slot, and a large body to check. */
static size_t echo(size_t job, unsigned slot, void *result, size_t max, void *arg)
{
	unsigned char *r = result;

	(void)arg;
	if (job == 7 && getenv("POOL_TEST_DIE"))
		_exit(9);
	memcpy(r, &job, sizeof(job));
	memcpy(r + sizeof(job), &slot, sizeof(slot));
	for (size_t i = 16; i < BIG && i < max; i++)
		r[i] = (unsigned char)(job + i);
	return BIG;
}

static void block_stop_signals(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGHUP);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

/* Run jobs 0..n-1 through the pool; count how often each came back and check bodies. */
static void drive(struct pool *p, size_t n, unsigned *seen, size_t *lost)
{
	unsigned char *res = malloc(BIG);
	size_t next = 0, back = 0;

	assert_non_null(res);
	while (back < n) {
		size_t job = SIZE_MAX;
		int sig = 0;
		long got;

		while (next < n && pool_idle(p))
			assert_int_equal(pool_submit(p, next++), 0);
		got = pool_wait(p, &job, res, &sig);
		assert_true(job < n);
		back++;
		if (got == -EPIPE) {
			(*lost)++;
			seen[job]++;
			continue;
		}
		assert_int_equal(got, BIG);
		assert_memory_equal(res, &job, sizeof(job));
		for (size_t i = 16; i < BIG; i++)
			if (res[i] != (unsigned char)(job + i))
				fail_msg("job %zu: byte %zu is wrong", job, i);
		seen[job]++;
	}
	free(res);
}

static void every_result_once_in_whole(void **state)
{
	struct pool p;
	unsigned seen[200] = {0};
	size_t lost = 0;

	(void)state;
	unsetenv("POOL_TEST_DIE");
	assert_int_equal(pool_start(&p, 3, BIG, echo, NULL), 0);
	assert_true(pool_idle(&p));
	assert_false(pool_busy(&p));
	drive(&p, 200, seen, &lost);
	assert_int_equal(lost, 0);
	for (size_t i = 0; i < 200; i++)
		assert_int_equal(seen[i], 1);
	assert_false(pool_busy(&p));
	pool_stop(&p);
}

static void a_full_pool_refuses_more(void **state)
{
	struct pool p;
	unsigned seen[2] = {0};

	(void)state;
	assert_int_equal(pool_start(&p, 2, BIG, echo, NULL), 0);
	assert_int_equal(pool_submit(&p, 0), 0);
	assert_int_equal(pool_submit(&p, 1), 0);
	assert_false(pool_idle(&p));
	assert_int_equal(pool_submit(&p, 2), -EBUSY);
	/* Collect the two that run (drive submits nothing more: none is idle yet). */
	for (int k = 0; k < 2; k++) {
		unsigned char *res = malloc(BIG);
		size_t job;
		int sig;

		assert_int_equal(pool_wait(&p, &job, res, &sig), BIG);
		seen[job]++;
		free(res);
	}
	assert_int_equal(seen[0] + seen[1], 2);
	assert_int_equal(pool_wait(&p, &(size_t){0}, &(char){0}, &(int){0}), -ECHILD);
	pool_stop(&p);
}

static void a_dead_worker_is_reported_and_replaced(void **state)
{
	struct pool p;
	unsigned seen[40] = {0};
	size_t lost = 0;

	(void)state;
	setenv("POOL_TEST_DIE", "1", 1);
	assert_int_equal(pool_start(&p, 2, BIG, echo, NULL), 0);
	drive(&p, 40, seen, &lost);
	/* Job 7 kills its worker: reported lost, once; the replacement runs the rest. */
	assert_int_equal(lost, 1);
	for (size_t i = 0; i < 40; i++)
		assert_int_equal(seen[i], 1);
	pool_stop(&p);
	unsetenv("POOL_TEST_DIE");
}

static void a_stop_signal_ends_the_wait(void **state)
{
	struct pool p;
	size_t job;
	int sig = 0;
	char *res = malloc(BIG);

	(void)state;
	assert_int_equal(pool_start(&p, 1, BIG, echo, NULL), 0);
	assert_int_equal(pool_submit(&p, 1), 0);
	kill(getpid(), SIGTERM); /* blocked, so pending: the signalfd sees it */
	assert_int_equal(pool_wait(&p, &job, res, &sig), -EINTR);
	assert_int_equal(sig, SIGTERM);
	/* The job still comes back after the signal. */
	assert_int_equal(pool_wait(&p, &job, res, &sig), BIG);
	assert_int_equal(job, 1);
	free(res);
	pool_stop(&p);
}

static void bad_sizes_are_refused(void **state)
{
	struct pool p;

	(void)state;
	assert_int_equal(pool_start(&p, 0, 16, echo, NULL), -EINVAL);
	assert_int_equal(pool_start(&p, POOL_MAX + 1, 16, echo, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_result_once_in_whole),
		cmocka_unit_test(a_full_pool_refuses_more),
		cmocka_unit_test(a_dead_worker_is_reported_and_replaced),
		cmocka_unit_test(a_stop_signal_ends_the_wait),
		cmocka_unit_test(bad_sizes_are_refused),
	};

	block_stop_signals();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * check_taskqueue.c - taskqueue(9): enqueue coalesces, drain waits for the run.
 */
#include <check.h>

#include "testlib.h"

void	t_taskq_enqueue_and_drain(void);

START_TEST(test_enqueues_count_every_pending_and_drain_waits_for_the_run)
{
	struct test_prog tp = { .setup = t_taskq_enqueue_and_drain };

	ck_assert_int_eq(test_explore(&tp, 30, SIM_V_NONE, NULL), 30);
}
END_TEST

Suite *
taskqueue_suite(void)
{
	Suite *s = suite_create("taskqueue");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_enqueues_count_every_pending_and_drain_waits_for_the_run);
	suite_add_tcase(s, tc);
	return (s);
}

/*
 * check_sx.c - sx(9): sleepable, exclusive, misuse reported.
 */
#include <check.h>

#include "testlib.h"

void	t_sleep_init(void);
void	t_sleep_sx_across_sleep(void);
void	t_sleep_sx_xunlock_not_held(void);
void	t_sleep_sx_thread(int i);
void	t_witness_sx_after_mutex(void);

START_TEST(test_sx_may_be_held_across_a_sleep)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_sleep_sx_across_sleep, &r), SIM_V_NONE);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_sx_xunlock_not_held_is_a_lock_violation)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_sleep_sx_xunlock_not_held, &r),
	    SIM_V_LOCK);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_sx_xlock_excludes_across_sleeps)
{
	struct test_prog tp = {
		.setup = t_sleep_init, .nthreads = 2,
		.thread = t_sleep_sx_thread,
	};

	ck_assert_int_eq(test_explore(&tp, 50, SIM_V_NONE, NULL), 50);
}
END_TEST

Suite *
sx_suite(void)
{
	Suite *s = suite_create("sx");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_sx_may_be_held_across_a_sleep);
	tcase_add_test(tc, test_sx_xunlock_not_held_is_a_lock_violation);
	tcase_add_test(tc, test_sx_xlock_excludes_across_sleeps);
	suite_add_tcase(s, tc);
	return (s);
}

/*
 * check_condvar.c - condvar(9): cv_wait_unlock never loses a broadcast,
 * and waiting with another mutex held is reported.
 */
#include <check.h>

#include "testlib.h"

void	t_sleep_init(void);
void	t_sleep_cv_unlock_thread(int i);
void	t_sleep_check_done(void);
void	t_sleep_cv_wait_other_mutex(void);

START_TEST(test_cv_wait_unlock_never_loses_a_broadcast)
{
	struct test_prog tp = {
		.setup = t_sleep_init, .nthreads = 2,
		.thread = t_sleep_cv_unlock_thread,
		.teardown = t_sleep_check_done,
	};

	ck_assert_int_eq(test_explore(&tp, 100, SIM_V_NONE, NULL), 100);
}
END_TEST

START_TEST(test_cv_wait_holding_another_mutex_is_sleep_with_mutex)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_sleep_cv_wait_other_mutex, &r),
	    SIM_V_SLEEP_WITH_MUTEX);
	sim_result_clear(&r);
}
END_TEST

Suite *
condvar_suite(void)
{
	Suite *s = suite_create("condvar");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cv_wait_unlock_never_loses_a_broadcast);
	tcase_add_test(tc,
	    test_cv_wait_holding_another_mutex_is_sleep_with_mutex);
	suite_add_tcase(s, tc);
	return (s);
}

/*
 * check_sleep.c - sleep/wakeup (kern_synch.c) and the sleep queue: no lost
 * wakeups under the interlock, timeouts, signals, and the WITNESS sleep
 * checks.  Also pause() and malloc(M_WAITOK) with a mutex held.
 */
#include <check.h>
#include <string.h>

#include "testlib.h"

void	t_sleep_init(void);
void	t_sleep_lost_wakeup_thread(int i);
void	t_sleep_wakeup_thread(int i);
void	t_sleep_check_done(void);
void	t_sleep_with_other_mutex(void);
void	t_sleep_timeout_returns_ewouldblock(void);
void	t_sleep_pcatch_thread(int i);
void	t_sleep_pause_with_mutex(void);

START_TEST(test_lost_wakeup_is_a_hang)
{
	struct test_prog tp = {
		.setup = t_sleep_init, .nthreads = 1,
		.thread = t_sleep_lost_wakeup_thread,
	};
	struct sim_result r;

	ck_assert_int_eq(test_run(&tp, 1, &r), SIM_V_HANG);
	ck_assert_ptr_nonnull(strstr(r.message, "lost"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_wakeup_under_the_interlock_is_never_lost)
{
	struct test_prog tp = {
		.setup = t_sleep_init, .nthreads = 2,
		.thread = t_sleep_wakeup_thread,
		.teardown = t_sleep_check_done,
	};

	ck_assert_int_eq(test_explore(&tp, 100, SIM_V_NONE, NULL), 100);
}
END_TEST

START_TEST(test_mtx_sleep_holding_another_mutex_is_sleep_with_mutex)
{
	ck_assert_int_eq(test_kind1(t_sleep_with_other_mutex),
	    SIM_V_SLEEP_WITH_MUTEX);
}
END_TEST

START_TEST(test_timed_sleep_returns_ewouldblock_with_mutex_retaken)
{
	ck_assert_int_eq(test_kind1(t_sleep_timeout_returns_ewouldblock),
	    SIM_V_NONE);
}
END_TEST

/* Teardown as the scenario interpreter does it: signal the sleepers. */
static void
interrupt_teardown(void)
{

	sim_interrupt_sleepers();
	sim_quiesce();
}

START_TEST(test_pcatch_sleep_is_interrupted_at_teardown_with_eintr)
{
	struct test_prog tp = {
		.setup = t_sleep_init, .nthreads = 1,
		.thread = t_sleep_pcatch_thread,
		.teardown = interrupt_teardown,
	};
	struct sim_result r;

	ck_assert_int_eq(test_run(&tp, 1, &r), SIM_V_NONE);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_pause_with_mutex_is_sleep_with_mutex)
{
	ck_assert_int_eq(test_kind1(t_sleep_pause_with_mutex),
	    SIM_V_SLEEP_WITH_MUTEX);
}
END_TEST

Suite *
sleep_suite(void)
{
	Suite *s = suite_create("sleep");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_lost_wakeup_is_a_hang);
	tcase_add_test(tc, test_wakeup_under_the_interlock_is_never_lost);
	tcase_add_test(tc,
	    test_mtx_sleep_holding_another_mutex_is_sleep_with_mutex);
	tcase_add_test(tc,
	    test_timed_sleep_returns_ewouldblock_with_mutex_retaken);
	tcase_add_test(tc,
	    test_pcatch_sleep_is_interrupted_at_teardown_with_eintr);
	tcase_add_test(tc, test_pause_with_mutex_is_sleep_with_mutex);
	suite_add_tcase(s, tc);
	return (s);
}

/*
 * check_witness.c - WITNESS: lock-order reversals, duplicates, sleepable
 * after non-sleepable; and the engine's deadlock cycle when WITNESS is
 * told to look away.
 */
#include <check.h>
#include <string.h>

#include "testlib.h"

void	t_witness_abba_sequential(void);
void	t_witness_abc_cycle(void);
void	t_witness_duplicate(void);
void	t_witness_duplicate_dupok(void);
void	t_witness_nowitness_init(void);
void	t_witness_deadlock_thread(int i);
void	t_witness_sx_after_mutex(void);

START_TEST(test_abba_order_is_a_lock_order_violation_without_deadlock)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_abba_sequential, &r),
	    SIM_V_LOCK_ORDER);
	/* Both orders are named, with where the first was seen. */
	ck_assert_ptr_nonnull(strstr(r.message, "1st B"));
	ck_assert_ptr_nonnull(strstr(r.message, "2nd A"));
	ck_assert_ptr_nonnull(strstr(r.message, "\"A\" (locked @"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_cycle_through_three_locks_is_a_lock_order_violation)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_abc_cycle, &r),
	    SIM_V_LOCK_ORDER);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_duplicate_lock_of_same_name_is_a_lock_order_violation)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_duplicate, &r),
	    SIM_V_LOCK_ORDER);
	ck_assert_ptr_nonnull(strstr(r.message, "duplicate lock"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_duplicate_with_dupok_is_fine)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_duplicate_dupok, &r),
	    SIM_V_NONE);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_deadlock_cycle_is_reported_as_deadlock)
{
	struct test_prog tp = {
		.setup = t_witness_nowitness_init, .nthreads = 2,
		.thread = t_witness_deadlock_thread,
	};

	ck_assert_int_ge(test_explore(&tp, 50, SIM_V_DEADLOCK, NULL), 1);
	/* and no schedule ends in anything else but success or deadlock */
	ck_assert_int_eq(test_explore(&tp, 50, SIM_V_DEADLOCK, NULL) +
	    test_explore(&tp, 50, SIM_V_NONE, NULL), 50);
}
END_TEST

START_TEST(test_sx_after_mutex_is_sleep_with_mutex)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_sx_after_mutex, &r),
	    SIM_V_SLEEP_WITH_MUTEX);
	sim_result_clear(&r);
}
END_TEST

Suite *
witness_suite(void)
{
	Suite *s = suite_create("witness");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc,
	    test_abba_order_is_a_lock_order_violation_without_deadlock);
	tcase_add_test(tc,
	    test_cycle_through_three_locks_is_a_lock_order_violation);
	tcase_add_test(tc,
	    test_duplicate_lock_of_same_name_is_a_lock_order_violation);
	tcase_add_test(tc, test_duplicate_with_dupok_is_fine);
	tcase_add_test(tc, test_deadlock_cycle_is_reported_as_deadlock);
	tcase_add_test(tc, test_sx_after_mutex_is_sleep_with_mutex);
	suite_add_tcase(s, tc);
	return (s);
}

/*
 * check_mutex.c - mutex(9): each misuse is reported as the right
 * violation, and a mutex excludes.
 */
#include <check.h>
#include <string.h>

#include "testlib.h"

void	t_mutex_init(void);
void	t_mutex_unlock_not_held(void);
void	t_mutex_recurse(void);
void	t_mutex_recurse_ok(void);
void	t_mutex_assert_owned_fails(void);
void	t_mutex_lock_after_destroy(void);
void	t_mutex_lock_in_freed(void);
void	t_mutex_hold_thread(int i);
void	t_mutex_count_thread(int i);
void	t_mutex_check_count(void);

void	t_mutex_giant_sleeper_thread(int i);

START_TEST(test_unlock_not_held_is_a_lock_violation)
{
	ck_assert_int_eq(test_kind1(t_mutex_unlock_not_held), SIM_V_LOCK);
}
END_TEST

START_TEST(test_recursion_on_non_recursive_mutex_is_a_lock_violation)
{
	ck_assert_int_eq(test_kind1(t_mutex_recurse), SIM_V_LOCK);
}
END_TEST

START_TEST(test_recursive_mutex_recurses_and_asserts_pass)
{
	ck_assert_int_eq(test_kind1(t_mutex_recurse_ok), SIM_V_NONE);
}
END_TEST

START_TEST(test_failed_mtx_assert_is_a_lock_violation)
{
	ck_assert_int_eq(test_kind1(t_mutex_assert_owned_fails), SIM_V_LOCK);
}
END_TEST

START_TEST(test_lock_of_destroyed_mutex_is_use_after_free_naming_destroy)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_mutex_lock_after_destroy, &r),
	    SIM_V_USE_AFTER_FREE);
	ck_assert_ptr_nonnull(strstr(r.message, "destroyed at"));
	ck_assert_ptr_nonnull(strstr(r.message, "t_mutex.c"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_lock_inside_freed_object_is_use_after_free)
{
	ck_assert_int_eq(test_kind1(t_mutex_lock_in_freed), SIM_V_USE_AFTER_FREE);
}
END_TEST

START_TEST(test_destroy_of_mutex_held_by_another_thread_is_a_lock_violation)
{
	struct test_prog tp = {
		.setup = t_mutex_init, .nthreads = 2,
		.thread = t_mutex_hold_thread,
	};

	ck_assert_int_ge(test_explore(&tp, 30, SIM_V_LOCK, NULL), 1);
}
END_TEST

START_TEST(test_mutex_excludes_on_every_schedule)
{
	struct test_prog tp = {
		.setup = t_mutex_init, .nthreads = 3,
		.thread = t_mutex_count_thread,
		.teardown = t_mutex_check_count,
	};

	ck_assert_int_eq(test_explore(&tp, 100, SIM_V_NONE, NULL), 100);
}
END_TEST

START_TEST(test_a_sleeper_drops_giant_and_takes_it_back)
{
	struct test_prog tp = {
		.nthreads = 2, .thread = t_mutex_giant_sleeper_thread,
	};

	ck_assert_int_eq(test_explore(&tp, 50, SIM_V_NONE, NULL), 50);
}
END_TEST

Suite *
mutex_suite(void)
{
	Suite *s = suite_create("mutex");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_unlock_not_held_is_a_lock_violation);
	tcase_add_test(tc,
	    test_recursion_on_non_recursive_mutex_is_a_lock_violation);
	tcase_add_test(tc, test_recursive_mutex_recurses_and_asserts_pass);
	tcase_add_test(tc, test_failed_mtx_assert_is_a_lock_violation);
	tcase_add_test(tc,
	    test_lock_of_destroyed_mutex_is_use_after_free_naming_destroy);
	tcase_add_test(tc, test_lock_inside_freed_object_is_use_after_free);
	tcase_add_test(tc,
	    test_destroy_of_mutex_held_by_another_thread_is_a_lock_violation);
	tcase_add_test(tc, test_mutex_excludes_on_every_schedule);
	tcase_add_test(tc, test_a_sleeper_drops_giant_and_takes_it_back);
	suite_add_tcase(s, tc);
	return (s);
}

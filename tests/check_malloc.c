/*
 * check_malloc.c - malloc(9) on the ledger: double free, use after free, leaks.
 */
#include <check.h>

#include "testlib.h"

void	t_malloc_double_free(void);
void	t_malloc_use_after_free(void);
void	t_malloc_leak(void);
void	t_sleep_malloc_waitok_with_mutex(void);

START_TEST(test_free_twice_is_a_double_free)
{
	ck_assert_int_eq(test_kind1(t_malloc_double_free), SIM_V_DOUBLE_FREE);
}
END_TEST

START_TEST(test_touch_after_free_is_use_after_free)
{
	ck_assert_int_eq(test_kind1(t_malloc_use_after_free), SIM_V_USE_AFTER_FREE);
}
END_TEST

START_TEST(test_devbuf_alive_after_teardown_is_a_leak)
{
	ck_assert_int_eq(test_kind1(t_malloc_leak), SIM_V_LEAK);
}
END_TEST

START_TEST(test_malloc_waitok_with_mutex_is_sleep_with_mutex)
{
	ck_assert_int_eq(test_kind1(t_sleep_malloc_waitok_with_mutex),
	    SIM_V_SLEEP_WITH_MUTEX);
}
END_TEST

Suite *
malloc_suite(void)
{
	Suite *s = suite_create("malloc");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_free_twice_is_a_double_free);
	tcase_add_test(tc, test_touch_after_free_is_use_after_free);
	tcase_add_test(tc, test_devbuf_alive_after_teardown_is_a_leak);
	tcase_add_test(tc, test_malloc_waitok_with_mutex_is_sleep_with_mutex);
	suite_add_tcase(s, tc);
	return (s);
}

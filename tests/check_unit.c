/*
 * check_unit.c - unrhdr (subr_unit.c): FreeBSD's contract and KASSERTs.
 */
#include <check.h>
#include <string.h>

#include "testlib.h"

void	t_unit_contract(void);
void	t_unit_double_free(void);
void	t_unit_free_out_of_range(void);
void	t_unit_delete_with_allocations(void);
void	t_unit_alloc_with_mutex_held(void);
void	t_unit_free_with_mutex_held(void);

static enum sim_violation_kind
run1(void (*fn)(void), const char *want_msg)
{
	struct sim_result r;
	enum sim_violation_kind k;

	k = test_run1(fn, &r);
	if (want_msg != NULL)
		ck_assert_ptr_nonnull(strstr(r.message, want_msg));
	sim_result_clear(&r);
	return (k);
}

START_TEST(test_units_are_lowest_first_specific_and_reused)
{
	ck_assert_int_eq(run1(t_unit_contract, NULL), SIM_V_NONE);
}
END_TEST

START_TEST(test_free_unr_of_free_unit_panics)
{
	ck_assert_int_eq(run1(t_unit_double_free,
	    "UNR: Freeing free item 0"), SIM_V_PANIC);
}
END_TEST

START_TEST(test_free_unr_out_of_range_panics)
{
	ck_assert_int_eq(run1(t_unit_free_out_of_range,
	    "UNR: free_unr(11) out of range [0...10]"), SIM_V_PANIC);
}
END_TEST

START_TEST(test_delete_unrhdr_with_allocations_panics)
{
	ck_assert_int_eq(run1(t_unit_delete_with_allocations,
	    "unrhdr has 1 allocations"), SIM_V_PANIC);
}
END_TEST

START_TEST(test_alloc_unr_with_its_mutex_held_recurses)
{
	ck_assert_int_eq(run1(t_unit_alloc_with_mutex_held, "recursed"),
	    SIM_V_LOCK);
}
END_TEST

START_TEST(test_free_unr_with_a_mutex_held_is_sleep_with_mutex)
{
	ck_assert_int_eq(run1(t_unit_free_with_mutex_held, "free_unr"),
	    SIM_V_SLEEP_WITH_MUTEX);
}
END_TEST

Suite *
unit_suite(void)
{
	Suite *s = suite_create("unit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_units_are_lowest_first_specific_and_reused);
	tcase_add_test(tc, test_free_unr_of_free_unit_panics);
	tcase_add_test(tc, test_free_unr_out_of_range_panics);
	tcase_add_test(tc, test_delete_unrhdr_with_allocations_panics);
	tcase_add_test(tc, test_alloc_unr_with_its_mutex_held_recurses);
	tcase_add_test(tc,
	    test_free_unr_with_a_mutex_held_is_sleep_with_mutex);
	suite_add_tcase(s, tc);
	return (s);
}

/*
 * check_module.c - kldload/kldunload and SYSINIT order (kern_linker.c).
 */
#include <check.h>
#include <stdio.h>

#include "testlib.h"

void	t_module_load_twice(void);
void	t_module_unload_not_loaded(void);
void	t_module_unknown(void);
void	t_module_load_unload_load(void);
void	t_module_sysinit_sort(void);

START_TEST(test_second_kldload_is_eexist)
{
	ck_assert_int_eq(test_kind1(t_module_load_twice), SIM_V_NONE);
}
END_TEST

START_TEST(test_kldunload_of_unloaded_module_is_enoent)
{
	ck_assert_int_eq(test_kind1(t_module_unload_not_loaded), SIM_V_NONE);
}
END_TEST

START_TEST(test_kldload_of_unknown_module_is_enoent)
{
	ck_assert_int_eq(test_kind1(t_module_unknown), SIM_V_NONE);
}
END_TEST

START_TEST(test_module_reloads_by_any_of_its_names)
{
	ck_assert_int_eq(test_kind1(t_module_load_unload_load), SIM_V_NONE);
}
END_TEST

START_TEST(test_sysinits_sort_ascending_sysuninits_descending_ties_in_order)
{
	ck_assert_int_eq(test_kind1(t_module_sysinit_sort), SIM_V_NONE);
}
END_TEST

Suite *
module_suite(void)
{
	Suite *s = suite_create("module");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_second_kldload_is_eexist);
	tcase_add_test(tc, test_kldunload_of_unloaded_module_is_enoent);
	tcase_add_test(tc, test_kldload_of_unknown_module_is_enoent);
	tcase_add_test(tc, test_module_reloads_by_any_of_its_names);
	tcase_add_test(tc,
	    test_sysinits_sort_ascending_sysuninits_descending_ties_in_order);
	suite_add_tcase(s, tc);
	return (s);
}

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
void	t_module_unload_race_setup(void);
void	t_module_unload_race_thread(int i);
void	t_module_unload_race_check(void);

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

/*
 * kern_linker drops kld_sx around SYSUNINITs (and the file has no user
 * reference by then): a second kldunload meanwhile gets EBUSY rather than
 * waiting for the first, and every schedule ends with exactly one winner.
 */
START_TEST(test_kldunload_during_an_unload_is_ebusy_not_a_wait)
{
	struct test_prog tp = {
		.setup = t_module_unload_race_setup, .nthreads = 2,
		.thread = t_module_unload_race_thread,
		.teardown = t_module_unload_race_check, .trace = true,
	};
	struct sim_result r;
	uint64_t seed;
	int ebusy = 0;

	for (seed = 0; seed < 200; seed++) {
		ck_assert_int_eq(test_run(&tp, seed, &r), SIM_V_NONE);
		if (test_trace_has_note(&r, "EBUSY while the other unloads"))
			ebusy++;
		sim_result_clear(&r);
	}
	ck_assert_int_ge(ebusy, 1);
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
	tcase_add_test(tc, test_kldunload_during_an_unload_is_ebusy_not_a_wait);
	suite_add_tcase(s, tc);
	return (s);
}

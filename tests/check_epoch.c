/*
 * check_epoch.c - epoch(9) alone (kern/subr_epoch.c): a deferred free
 * waits for the readers open at the call, epoch_wait_preempt blocks until
 * they leave, a later section does not hold a callback back, and sleeping
 * or waiting inside a section is a panic.
 */
#include <check.h>
#include <string.h>

#include "testlib.h"

void	t_epoch_setup(void);
void	t_epoch_reader_vs_call(int i);
void	t_epoch_reader_vs_free(int i);
void	t_epoch_check_ran(void);
void	t_epoch_reader_vs_wait(int i);
void	t_epoch_late_reader(int i);
void	t_epoch_check_late(void);
void	t_epoch_sleep_inside(void);
void	t_epoch_wait_inside(void);

START_TEST(test_deferred_free_never_runs_while_a_reader_is_inside)
{
	struct test_prog tp = {
		.setup = t_epoch_setup, .nthreads = 2,
		.thread = t_epoch_reader_vs_call,
		.teardown = t_epoch_check_ran,
	};

	/* Every schedule: no use-after-free, and the free did happen. */
	ck_assert_int_eq(test_explore(&tp, 300, SIM_V_NONE, NULL), 300);
}
END_TEST

START_TEST(test_an_immediate_free_under_a_reader_is_use_after_free)
{
	struct test_prog tp = {
		.setup = t_epoch_setup, .nthreads = 2,
		.thread = t_epoch_reader_vs_free,
	};

	/* The control: the same schedules find the reader on freed memory. */
	ck_assert_int_gt(test_explore(&tp, 300, SIM_V_USE_AFTER_FREE, NULL),
	    0);
}
END_TEST

START_TEST(test_epoch_wait_blocks_until_earlier_sections_are_left)
{
	struct test_prog tp = {
		.setup = t_epoch_setup, .nthreads = 2,
		.thread = t_epoch_reader_vs_wait,
	};

	ck_assert_int_eq(test_explore(&tp, 300, SIM_V_NONE, NULL), 300);
}
END_TEST

START_TEST(test_a_section_entered_after_the_call_does_not_delay_it)
{
	struct test_prog tp = {
		.setup = t_epoch_setup, .nthreads = 2,
		.thread = t_epoch_late_reader,
		.teardown = t_epoch_check_late, .trace = true,
	};
	struct sim_result r;
	uint64_t seed;
	int overlap = 0;

	for (seed = 0; seed < 200; seed++) {
		ck_assert_int_eq(test_run(&tp, seed, &r), SIM_V_NONE);
		if (test_trace_has_note(&r,
		    "callback ran during a later section"))
			overlap++;
		sim_result_clear(&r);
	}
	ck_assert_int_gt(overlap, 0);
}
END_TEST

START_TEST(test_sleeping_inside_a_section_panics)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_epoch_sleep_inside, &r), SIM_V_PANIC);
	ck_assert_ptr_nonnull(strstr(r.message, "sleeping prohibited"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_epoch_wait_inside_a_section_of_the_epoch_panics)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_epoch_wait_inside, &r), SIM_V_PANIC);
	ck_assert_ptr_nonnull(strstr(r.message, "middle of an epoch"));
	sim_result_clear(&r);
}
END_TEST

Suite *
epoch_suite(void)
{
	Suite *s = suite_create("epoch");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc,
	    test_deferred_free_never_runs_while_a_reader_is_inside);
	tcase_add_test(tc,
	    test_an_immediate_free_under_a_reader_is_use_after_free);
	tcase_add_test(tc,
	    test_epoch_wait_blocks_until_earlier_sections_are_left);
	tcase_add_test(tc,
	    test_a_section_entered_after_the_call_does_not_delay_it);
	tcase_add_test(tc, test_sleeping_inside_a_section_panics);
	tcase_add_test(tc,
	    test_epoch_wait_inside_a_section_of_the_epoch_panics);
	suite_add_tcase(s, tc);
	return (s);
}

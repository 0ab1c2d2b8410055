/*
 * check_descrip.c - descriptors, kern_ioctl, SIGIO owners, poll, kevent,
 * process exit.  Kernel side in tests/kern/t_descrip.c.
 */
#include <check.h>
#include <string.h>

#include "testlib.h"

void t_descrip_descriptors_are_lowest_free_from_3(void);
void t_descrip_unknown_descriptor_is_ebadf(void);
void t_descrip_fionbio_makes_reads_nonblocking(void);
void t_descrip_exitproc_closes_every_descriptor(void);
void t_descrip_pgsigio_traces_sigio_to_owner(void);
void t_descrip_exit_clears_sigio_of_the_process(void);
void t_descrip_poll_setup(void);
void t_descrip_poll_thread(int i);
void t_descrip_poll_teardown(void);
void t_descrip_kevent_triggers_and_close_detaches_knote(void);
void t_descrip_knlist_clear_skips_f_detach_on_close(void);
void t_descrip_knlist_destroy_with_knotes_panics(void);

static struct sim_result r;

static enum sim_violation_kind
run1(void (*fn)(void))
{
	enum sim_violation_kind k;

	k = test_run1(fn, &r);
	return (k);
}

#define	EXPECT_CLEAN(fn) do {						\
	enum sim_violation_kind _k = run1(fn);				\
	ck_assert_msg(_k == SIM_V_NONE, "got %s: %s",			\
	    sim_violation_name(_k), r.message ? r.message : "");	\
	sim_result_clear(&r);						\
} while (0)

START_TEST(test_descriptors_are_lowest_free_from_3)
{
	EXPECT_CLEAN(t_descrip_descriptors_are_lowest_free_from_3);
}
END_TEST

START_TEST(test_unknown_descriptor_is_ebadf)
{
	EXPECT_CLEAN(t_descrip_unknown_descriptor_is_ebadf);
}
END_TEST

START_TEST(test_fionbio_sets_fnonblock_and_reaches_the_driver)
{
	EXPECT_CLEAN(t_descrip_fionbio_makes_reads_nonblocking);
}
END_TEST

START_TEST(test_exitproc_closes_every_descriptor)
{
	EXPECT_CLEAN(t_descrip_exitproc_closes_every_descriptor);
}
END_TEST

START_TEST(test_pgsigio_traces_sigio_to_owner_pid)
{
	enum sim_violation_kind k;

	k = run1(t_descrip_pgsigio_traces_sigio_to_owner);
	ck_assert_msg(k == SIM_V_NONE, "%s", r.message ? r.message : "");
	ck_assert(test_trace_has_note(&r, "SIGIO to pid"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_exit_clears_sigio_naming_the_process)
{
	EXPECT_CLEAN(t_descrip_exit_clears_sigio_of_the_process);
}
END_TEST

START_TEST(test_poll_sleeps_until_selwakeup)
{
	struct test_prog tp;
	struct sim_result first;
	int n;

	memset(&tp, 0, sizeof(tp));
	tp.setup = t_descrip_poll_setup;
	tp.nthreads = 2;
	tp.thread = t_descrip_poll_thread;
	tp.teardown = t_descrip_poll_teardown;
	n = test_explore(&tp, 30, SIM_V_NONE, &first);
	ck_assert_int_eq(n, 30);
	sim_result_clear(&first);
}
END_TEST

START_TEST(test_kevent_triggers_after_knote_and_close_detaches)
{
	EXPECT_CLEAN(t_descrip_kevent_triggers_and_close_detaches_knote);
}
END_TEST

START_TEST(test_knlist_clear_means_no_f_detach_on_close)
{
	EXPECT_CLEAN(t_descrip_knlist_clear_skips_f_detach_on_close);
}
END_TEST

START_TEST(test_knlist_destroy_with_knotes_panics)
{
	enum sim_violation_kind k;

	k = run1(t_descrip_knlist_destroy_with_knotes_panics);
	ck_assert_int_eq(k, SIM_V_PANIC);
	ck_assert(strstr(r.message, "with knotes on it") != NULL);
	sim_result_clear(&r);
}
END_TEST

Suite *
descrip_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("descrip");
	tc = tcase_create("core");
	tcase_add_test(tc, test_descriptors_are_lowest_free_from_3);
	tcase_add_test(tc, test_unknown_descriptor_is_ebadf);
	tcase_add_test(tc, test_fionbio_sets_fnonblock_and_reaches_the_driver);
	tcase_add_test(tc, test_exitproc_closes_every_descriptor);
	tcase_add_test(tc, test_pgsigio_traces_sigio_to_owner_pid);
	tcase_add_test(tc, test_exit_clears_sigio_naming_the_process);
	tcase_add_test(tc, test_poll_sleeps_until_selwakeup);
	tcase_add_test(tc, test_kevent_triggers_after_knote_and_close_detaches);
	tcase_add_test(tc, test_knlist_clear_means_no_f_detach_on_close);
	tcase_add_test(tc, test_knlist_destroy_with_knotes_panics);
	suite_add_tcase(s, tc);
	return (s);
}

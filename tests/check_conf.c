/*
 * check_conf.c - kern_conf.c: make_dev*, aliases, clone lists, dev_rel,
 * destroy_dev's drain.  Kernel side in tests/kern/t_conf.c.
 */
#include <check.h>
#include <string.h>

#include "testlib.h"

void t_conf_make_dev_name_collision_panics(void);
void t_conf_make_dev_checkname_collision_is_eexist(void);
void t_conf_destroy_dev_of_unnamed_cdev_panics(void);
void t_conf_dev_rel_below_zero_panics(void);
void t_conf_dev_refthread_fails_after_destroy_dev(void);
void t_conf_destroy_of_over_released_cdev_is_use_after_free(void);
void t_conf_destroyed_node_keeps_its_reference_until_populate(void);
void t_conf_destroyed_node_is_collected_at_the_next_lookup(void);
void t_conf_populate_is_a_noop_when_the_generation_is_unchanged(void);
void t_conf_clone_create_picks_lowest_free_unit(void);
void t_conf_alias_is_destroyed_with_its_parent(void);
void t_conf_alias_name_collision_leaves_cdev_untouched(void);
void t_conf_make_dev_s_sets_drv1_before_node(void);
void t_conf_drain_setup(void);
void t_conf_drain_thread(int i);

/* Run fn alone; expect `want`, and `msg` in the violation message. */
static void
expect1(void (*fn)(void), enum sim_violation_kind want, const char *msg)
{
	struct sim_result r;
	enum sim_violation_kind k;

	k = test_run1(fn, &r);
	ck_assert_msg(k == want, "got %s: %s", sim_violation_name(k),
	    r.message != NULL ? r.message : "");
	if (msg != NULL)
		ck_assert_msg(r.message != NULL && strstr(r.message, msg) != NULL,
		    "message: %s", r.message != NULL ? r.message : "(none)");
	sim_result_clear(&r);
}

void	t_conf_dev_exists_walks_paths(void);
void	t_conf_relthread_setup(void);
void	t_conf_relthread_thread(int i);
void	t_conf_relthread_check(void);

START_TEST(test_make_dev_name_collision_without_checkname_panics)
{
	expect1(t_conf_make_dev_name_collision_panics, SIM_V_PANIC,
	    "make_dev_sv: bad si_name");
}
END_TEST

START_TEST(test_make_dev_checkname_collision_fails_without_panic)
{
	expect1(t_conf_make_dev_checkname_collision_is_eexist, SIM_V_NONE,
	    NULL);
}
END_TEST

START_TEST(test_destroy_dev_of_unnamed_cdev_panics)
{
	expect1(t_conf_destroy_dev_of_unnamed_cdev_panics, SIM_V_PANIC,
	    "destroy_dev on");
}
END_TEST

START_TEST(test_dev_rel_below_zero_panics)
{
	expect1(t_conf_dev_rel_below_zero_panics, SIM_V_PANIC,
	    "gave negative count");
}
END_TEST

START_TEST(test_destroy_of_cdev_whose_node_ref_was_stolen_is_use_after_free)
{
	expect1(t_conf_destroy_of_over_released_cdev_is_use_after_free,
	    SIM_V_USE_AFTER_FREE, "devfs_populate");
}
END_TEST

START_TEST(test_destroyed_node_keeps_its_cdev_reference_until_populate)
{
	expect1(t_conf_destroyed_node_keeps_its_reference_until_populate,
	    SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_destroyed_node_stays_listed_until_the_next_lookup)
{
	expect1(t_conf_destroyed_node_is_collected_at_the_next_lookup,
	    SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_populate_is_a_noop_when_the_generation_is_unchanged)
{
	expect1(t_conf_populate_is_a_noop_when_the_generation_is_unchanged,
	    SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_dev_refthread_fails_after_destroy_dev_and_last_rel_frees)
{
	expect1(t_conf_dev_refthread_fails_after_destroy_dev, SIM_V_NONE,
	    NULL);
}
END_TEST

START_TEST(test_clone_create_picks_lowest_free_unit)
{
	expect1(t_conf_clone_create_picks_lowest_free_unit, SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_alias_is_destroyed_with_its_parent)
{
	expect1(t_conf_alias_is_destroyed_with_its_parent, SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_alias_name_collision_leaves_cdev_untouched)
{
	expect1(t_conf_alias_name_collision_leaves_cdev_untouched, SIM_V_NONE,
	    NULL);
}
END_TEST

START_TEST(test_make_dev_s_sets_drv1_before_the_node_is_visible)
{
	expect1(t_conf_make_dev_s_sets_drv1_before_node, SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_destroy_dev_waits_for_threads_inside_the_driver)
{
	struct test_prog tp;
	struct sim_result first;
	int n;

	memset(&tp, 0, sizeof(tp));
	tp.setup = t_conf_drain_setup;
	tp.nthreads = 2;
	tp.thread = t_conf_drain_thread;
	n = test_explore(&tp, 30, SIM_V_NONE, &first);
	ck_assert_int_eq(n, 30);
	sim_result_clear(&first);
}
END_TEST

START_TEST(test_devfs_dev_exists_matches_paths_above_and_below)
{
	ck_assert_int_eq(test_kind1(t_conf_dev_exists_walks_paths),
	    SIM_V_NONE);
}
END_TEST

START_TEST(test_dev_relthread_does_not_take_devmtx)
{
	struct test_prog tp = {
		.setup = t_conf_relthread_setup, .nthreads = 2,
		.thread = t_conf_relthread_thread,
		.teardown = t_conf_relthread_check, .trace = true,
	};
	struct sim_result r;
	uint64_t seed;
	int under = 0;

	for (seed = 0; seed < 100; seed++) {
		ck_assert_int_eq(test_run(&tp, seed, &r), SIM_V_NONE);
		if (test_trace_has_note(&r,
		    "dev_relthread ran while devmtx was held"))
			under++;
		sim_result_clear(&r);
	}
	ck_assert_int_gt(under, 0);
}
END_TEST

Suite *
conf_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("conf");
	tc = tcase_create("core");
	tcase_add_test(tc, test_make_dev_name_collision_without_checkname_panics);
	tcase_add_test(tc, test_make_dev_checkname_collision_fails_without_panic);
	tcase_add_test(tc, test_destroy_dev_of_unnamed_cdev_panics);
	tcase_add_test(tc, test_dev_rel_below_zero_panics);
	tcase_add_test(tc,
	    test_destroy_of_cdev_whose_node_ref_was_stolen_is_use_after_free);
	tcase_add_test(tc,
	    test_destroyed_node_keeps_its_cdev_reference_until_populate);
	tcase_add_test(tc,
	    test_destroyed_node_stays_listed_until_the_next_lookup);
	tcase_add_test(tc,
	    test_populate_is_a_noop_when_the_generation_is_unchanged);
	tcase_add_test(tc,
	    test_dev_refthread_fails_after_destroy_dev_and_last_rel_frees);
	tcase_add_test(tc, test_clone_create_picks_lowest_free_unit);
	tcase_add_test(tc, test_alias_is_destroyed_with_its_parent);
	tcase_add_test(tc, test_alias_name_collision_leaves_cdev_untouched);
	tcase_add_test(tc,
	    test_make_dev_s_sets_drv1_before_the_node_is_visible);
	tcase_add_test(tc,
	    test_destroy_dev_waits_for_threads_inside_the_driver);
	tcase_add_test(tc, test_devfs_dev_exists_matches_paths_above_and_below);
	tcase_add_test(tc, test_dev_relthread_does_not_take_devmtx);
	suite_add_tcase(s, tc);
	return (s);
}

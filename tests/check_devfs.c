/*
 * check_devfs.c - devfs: lookup and cloning, access, the last-close rule,
 * ENXIO after destroy_dev, O_NONBLOCK.  Kernel side in tests/kern/t_devfs.c.
 */
#include <check.h>
#include <string.h>

#include "testlib.h"

void t_devfs_open_of_missing_name_is_enoent(void);
void t_devfs_d_close_runs_only_on_last_close(void);
void t_devfs_lookup_miss_fires_dev_clone(void);
void t_devfs_lookup_counts_a_use_before_d_open(void);
void t_devfs_unreferenced_clone_result_is_use_after_free_at_destroy(void);
void t_devfs_non_owner_open_is_eacces(void);
void t_devfs_operations_after_destroy_dev_are_enxio(void);
void t_devfs_nonblocking_read_passes_o_nonblock(void);

static void
expect_clean(void (*fn)(void))
{
	struct sim_result r;
	enum sim_violation_kind k;

	k = test_run1(fn, &r);
	ck_assert_msg(k == SIM_V_NONE, "got %s: %s", sim_violation_name(k),
	    r.message != NULL ? r.message : "");
	sim_result_clear(&r);
}

START_TEST(test_open_of_missing_name_is_enoent)
{
	expect_clean(t_devfs_open_of_missing_name_is_enoent);
}
END_TEST

START_TEST(test_d_close_runs_only_on_last_close_with_flastclose)
{
	expect_clean(t_devfs_d_close_runs_only_on_last_close);
}
END_TEST

START_TEST(test_lookup_miss_fires_dev_clone_and_opens_its_cdev)
{
	expect_clean(t_devfs_lookup_miss_fires_dev_clone);
}
END_TEST

START_TEST(test_clone_handler_returning_unreferenced_cdev_is_caught)
{
	struct sim_result r;
	enum sim_violation_kind k;

	k = test_run1(
	    t_devfs_unreferenced_clone_result_is_use_after_free_at_destroy, &r);
	ck_assert_msg(k == SIM_V_USE_AFTER_FREE, "got %s: %s",
	    sim_violation_name(k), r.message != NULL ? r.message : "");
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_lookup_counts_a_use_of_the_device_before_d_open)
{
	expect_clean(t_devfs_lookup_counts_a_use_before_d_open);
}
END_TEST

START_TEST(test_non_owner_open_of_0600_device_is_eacces)
{
	expect_clean(t_devfs_non_owner_open_is_eacces);
}
END_TEST

START_TEST(test_operations_after_destroy_dev_are_enxio)
{
	expect_clean(t_devfs_operations_after_destroy_dev_are_enxio);
}
END_TEST

START_TEST(test_nonblocking_read_passes_o_nonblock)
{
	expect_clean(t_devfs_nonblocking_read_passes_o_nonblock);
}
END_TEST

Suite *
devfs_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("devfs");
	tc = tcase_create("core");
	tcase_add_test(tc, test_open_of_missing_name_is_enoent);
	tcase_add_test(tc, test_d_close_runs_only_on_last_close_with_flastclose);
	tcase_add_test(tc, test_lookup_miss_fires_dev_clone_and_opens_its_cdev);
	tcase_add_test(tc,
	    test_clone_handler_returning_unreferenced_cdev_is_caught);
	tcase_add_test(tc, test_lookup_counts_a_use_of_the_device_before_d_open);
	tcase_add_test(tc, test_non_owner_open_of_0600_device_is_eacces);
	tcase_add_test(tc, test_operations_after_destroy_dev_are_enxio);
	tcase_add_test(tc, test_nonblocking_read_passes_o_nonblock);
	suite_add_tcase(s, tc);
	return (s);
}

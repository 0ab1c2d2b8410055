/*
 * check_if.c - net/if.c: the ifnet life cycle, lookups and references,
 * the rename sequence, flags/mtu/address ioctls, the link state task, the
 * default send queue.  The programs run in the simulated kernel
 * (tests/kern/t_if.c) and check themselves with KASSERT.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "testlib.h"

void	t_if_lifecycle(void);
void	t_if_leak(void);
void	t_if_ref_outlives_free(void);
void	t_if_use_after_free(void);
void	t_if_rename(void);
void	t_if_rename_errors(void);
void	t_if_link_state(void);
void	t_if_flags(void);
void	t_if_mtu(void);
void	t_if_addr(void);
void	t_if_addr_refused(void);
void	t_if_send(void);
void	t_if_rename_race_setup(void);
void	t_if_rename_race_thread(int i);
void	t_if_rename_race_teardown(void);
void	t_if_dead_ioctl(void);
void	t_if_link_task_after_detach(void);

START_TEST(test_attached_interface_is_found_until_detached_and_freed)
{
	test_expect(t_if_lifecycle, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_ifnet_never_freed_is_a_leak)
{
	test_expect(t_if_leak, 0.0, SIM_V_LEAK);
}
END_TEST

START_TEST(test_ifunit_ref_keeps_ifnet_memory_after_if_free)
{
	test_expect(t_if_ref_outlives_free, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_touching_ifnet_after_last_reference_is_use_after_free)
{
	test_expect(t_if_use_after_free, 0.0, SIM_V_USE_AFTER_FREE);
}
END_TEST

START_TEST(test_rename_fires_arrival_with_renaming_flag_and_new_name)
{
	test_expect(t_if_rename, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_rename_rejects_existing_empty_and_too_long_names)
{
	test_expect(t_if_rename_errors, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_link_state_change_is_announced_by_the_taskqueue_thread)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_if_link_state, &r), SIM_V_NONE);
	ck_assert(test_trace_has_note(&r, "fake0: link state changed to UP"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_ifconfig_up_down_link0_change_flags_and_tell_driver)
{
	test_expect(t_if_flags, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_mtu_out_of_bounds_is_EINVAL_before_the_driver)
{
	test_expect(t_if_mtu, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_inet_address_is_linked_and_given_to_driver)
{
	test_expect(t_if_addr, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_address_refused_by_driver_is_unlinked)
{
	test_expect(t_if_addr_refused, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_send_queues_and_starts_and_full_queue_is_ENOBUFS)
{
	test_expect(t_if_send, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_detached_interface_ioctl_is_ENXIO)
{
	test_expect(t_if_dead_ioctl, 0.0, SIM_V_NONE);
}
END_TEST

/* Whether the task runs before or after if_free depends on the schedule. */
START_TEST(test_link_task_queued_after_detach_can_touch_the_freed_ifnet)
{
	struct test_prog tp = { .setup = t_if_link_task_after_detach };
	struct sim_result first;
	int uaf;

	uaf = test_explore(&tp, 1000, SIM_V_USE_AFTER_FREE, &first);
	ck_assert_int_gt(uaf, 0);
	ck_assert(first.message != NULL &&
	    strstr(first.message, "ifnet") != NULL);
	sim_result_clear(&first);
}
END_TEST

/* The ifunit() check of SIOCSIFNAME is not atomic with the rename. */
START_TEST(test_concurrent_renames_to_one_name_can_both_succeed)
{
	struct test_prog tp = {
		.setup = t_if_rename_race_setup,
		.nthreads = 2,
		.thread = t_if_rename_race_thread,
		.teardown = t_if_rename_race_teardown,
	};
	int clean, both;

	clean = test_explore(&tp, 200, SIM_V_NONE, NULL);
	both = test_explore(&tp, 200, SIM_V_PANIC, NULL);
	ck_assert_int_gt(clean, 0);
	ck_assert_int_gt(both, 0);
	ck_assert_int_eq(clean + both, 200);
}
END_TEST

Suite *
if_suite(void)
{
	Suite *s = suite_create("if");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_attached_interface_is_found_until_detached_and_freed);
	tcase_add_test(tc, test_ifnet_never_freed_is_a_leak);
	tcase_add_test(tc, test_ifunit_ref_keeps_ifnet_memory_after_if_free);
	tcase_add_test(tc, test_touching_ifnet_after_last_reference_is_use_after_free);
	tcase_add_test(tc, test_rename_fires_arrival_with_renaming_flag_and_new_name);
	tcase_add_test(tc, test_rename_rejects_existing_empty_and_too_long_names);
	tcase_add_test(tc, test_link_state_change_is_announced_by_the_taskqueue_thread);
	tcase_add_test(tc, test_ifconfig_up_down_link0_change_flags_and_tell_driver);
	tcase_add_test(tc, test_mtu_out_of_bounds_is_EINVAL_before_the_driver);
	tcase_add_test(tc, test_inet_address_is_linked_and_given_to_driver);
	tcase_add_test(tc, test_address_refused_by_driver_is_unlinked);
	tcase_add_test(tc, test_send_queues_and_starts_and_full_queue_is_ENOBUFS);
	tcase_add_test(tc, test_detached_interface_ioctl_is_ENXIO);
	tcase_add_test(tc, test_link_task_queued_after_detach_can_touch_the_freed_ifnet);
	tcase_add_test(tc, test_concurrent_renames_to_one_name_can_both_succeed);
	suite_add_tcase(s, tc);
	return (s);
}

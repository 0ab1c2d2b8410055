/*
 * check_revs.c - the KPIs the later if_tuntap.c revisions of
 * docs/revisions.md need (FreeBSD 12's priv_check_cred and
 * if_addr_rlock, the cdevpriv destructor, RO_GET_FAMILY, the virtio-net
 * header), each alone.  Kernel side in tests/kern/t_revs.c; make_dev_s's
 * si_drv1 ordering is tested in check_conf.c.
 */
#include <check.h>
#include <string.h>

#include "testlib.h"

void t_revs_priv_check_cred_both_forms(void);
void t_revs_priv_check_cred_flags_must_be_zero(void);
void t_revs_if_addr_rlock_pairs(void);
void t_revs_if_addr_rlock_nested_panics(void);
void t_revs_cdevpriv_dtor_at_last_file_reference(void);
void t_revs_cdevpriv_dtor_at_destroy_dev(void);
void t_revs_cdevpriv_without_a_file(void);
void t_revs_ro_get_family(void);
void t_revs_virtio_rx_csum_panics(void);

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

START_TEST(test_priv_check_cred_takes_the_freebsd12_form_too)
{
	expect1(t_revs_priv_check_cred_both_forms, SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_priv_check_cred_flags_other_than_zero_panic)
{
	expect1(t_revs_priv_check_cred_flags_must_be_zero, SIM_V_PANIC,
	    "priv_check_cred: unknown flags");
}
END_TEST

START_TEST(test_if_addr_rlock_and_runlock_pair)
{
	expect1(t_revs_if_addr_rlock_pairs, SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_if_addr_rlock_nested_in_one_thread_panics)
{
	expect1(t_revs_if_addr_rlock_nested_panics, SIM_V_PANIC,
	    "if_addr_rlock: tb0 while ta0 is read-locked");
}
END_TEST

START_TEST(test_cdevpriv_dtor_runs_at_the_last_reference_of_the_file)
{
	expect1(t_revs_cdevpriv_dtor_at_last_file_reference, SIM_V_NONE,
	    NULL);
}
END_TEST

START_TEST(test_cdevpriv_dtor_runs_at_destroy_dev_once)
{
	expect1(t_revs_cdevpriv_dtor_at_destroy_dev, SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_cdevpriv_without_a_current_file)
{
	expect1(t_revs_cdevpriv_without_a_file, SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_ro_get_family_uses_the_gateway_only_with_rt_has_gw)
{
	expect1(t_revs_ro_get_family, SIM_V_NONE, NULL);
}
END_TEST

START_TEST(test_virtio_net_offload_helpers_fail_loudly)
{
	expect1(t_revs_virtio_rx_csum_panics, SIM_V_PANIC,
	    "virtio_net_rx_csum: not modelled");
}
END_TEST

Suite *
revs_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("revs");
	tc = tcase_create("core");
	tcase_add_test(tc, test_priv_check_cred_takes_the_freebsd12_form_too);
	tcase_add_test(tc, test_priv_check_cred_flags_other_than_zero_panic);
	tcase_add_test(tc, test_if_addr_rlock_and_runlock_pair);
	tcase_add_test(tc, test_if_addr_rlock_nested_in_one_thread_panics);
	tcase_add_test(tc,
	    test_cdevpriv_dtor_runs_at_the_last_reference_of_the_file);
	tcase_add_test(tc, test_cdevpriv_dtor_runs_at_destroy_dev_once);
	tcase_add_test(tc, test_cdevpriv_without_a_current_file);
	tcase_add_test(tc,
	    test_ro_get_family_uses_the_gateway_only_with_rt_has_gw);
	tcase_add_test(tc, test_virtio_net_offload_helpers_fail_loudly);
	suite_add_tcase(s, tc);
	return (s);
}

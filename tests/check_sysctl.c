/*
 * check_sysctl.c - sysctl: module OIDs only while loaded, permissions, nodes.
 */
#include <check.h>
#include <stdio.h>

#include "testlib.h"

void	t_sysctl_module_only_while_loaded(void);
void	t_sysctl_user_is_eperm(void);
void	t_sysctl_readonly_and_node(void);

START_TEST(test_module_sysctls_exist_only_while_loaded)
{
	ck_assert_int_eq(test_kind1(t_sysctl_module_only_while_loaded), SIM_V_NONE);
}
END_TEST

START_TEST(test_sysctl_write_and_kldunload_by_user_are_eperm)
{
	ck_assert_int_eq(test_kind1(t_sysctl_user_is_eperm), SIM_V_NONE);
}
END_TEST

START_TEST(test_sysctl_write_to_node_is_eisdir_unknown_is_enoent)
{
	ck_assert_int_eq(test_kind1(t_sysctl_readonly_and_node), SIM_V_NONE);
}
END_TEST

Suite *
sysctl_suite(void)
{
	Suite *s = suite_create("sysctl");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_module_sysctls_exist_only_while_loaded);
	tcase_add_test(tc, test_sysctl_write_and_kldunload_by_user_are_eperm);
	tcase_add_test(tc,
	    test_sysctl_write_to_node_is_eisdir_unknown_is_enoent);
	suite_add_tcase(s, tc);
	return (s);
}

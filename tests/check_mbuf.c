/*
 * check_mbuf.c - kern/uipc_mbuf.c: packets from a uio, the M_NOWAIT
 * fault sites (m_uiotombuf, M_PREPEND), chains, m_adj/m_pullup, and the
 * ledger's leak, double-free and use-after-free checks on mbufs.  The
 * programs run in the simulated kernel (tests/kern/t_mbuf.c).
 */
#include <check.h>
#include <stdio.h>

#include "testlib.h"

void	t_mbuf_uiotombuf(void);
void	t_mbuf_uiotombuf_nowait_fails(void);
void	t_mbuf_uiotombuf_waitok_succeeds(void);
void	t_mbuf_prepend_fails(void);
void	t_mbuf_prepend_leading_space(void);
void	t_mbuf_adj_pullup(void);
void	t_mbuf_leak(void);
void	t_mbuf_double_free(void);
void	t_mbuf_use_after_free(void);

START_TEST(test_m_uiotombuf_copies_the_uio_into_a_packet_chain)
{
	test_expect(t_mbuf_uiotombuf, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_m_uiotombuf_nowait_fails_when_the_fault_plan_says_so)
{
	test_expect(t_mbuf_uiotombuf_nowait_fails, 1.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_m_uiotombuf_waitok_never_fails)
{
	test_expect(t_mbuf_uiotombuf_waitok_succeeds, 1.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_M_PREPEND_failure_frees_the_chain_and_yields_NULL)
{
	test_expect(t_mbuf_prepend_fails, 1.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_M_PREPEND_into_leading_space_cannot_fail)
{
	test_expect(t_mbuf_prepend_leading_space, 1.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_m_adj_and_m_pullup_keep_the_header_length)
{
	test_expect(t_mbuf_adj_pullup, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_mbuf_never_freed_is_a_leak)
{
	test_expect(t_mbuf_leak, 0.0, SIM_V_LEAK);
}
END_TEST

START_TEST(test_m_freem_twice_is_a_double_free)
{
	test_expect(t_mbuf_double_free, 0.0, SIM_V_DOUBLE_FREE);
}
END_TEST

START_TEST(test_mtod_of_a_freed_mbuf_is_use_after_free)
{
	test_expect(t_mbuf_use_after_free, 0.0, SIM_V_USE_AFTER_FREE);
}
END_TEST

Suite *
mbuf_suite(void)
{
	Suite *s = suite_create("mbuf");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_m_uiotombuf_copies_the_uio_into_a_packet_chain);
	tcase_add_test(tc, test_m_uiotombuf_nowait_fails_when_the_fault_plan_says_so);
	tcase_add_test(tc, test_m_uiotombuf_waitok_never_fails);
	tcase_add_test(tc, test_M_PREPEND_failure_frees_the_chain_and_yields_NULL);
	tcase_add_test(tc, test_M_PREPEND_into_leading_space_cannot_fail);
	tcase_add_test(tc, test_m_adj_and_m_pullup_keep_the_header_length);
	tcase_add_test(tc, test_mbuf_never_freed_is_a_leak);
	tcase_add_test(tc, test_m_freem_twice_is_a_double_free);
	tcase_add_test(tc, test_mtod_of_a_freed_mbuf_is_use_after_free);
	suite_add_tcase(s, tc);
	return (s);
}

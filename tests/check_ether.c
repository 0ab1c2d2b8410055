/*
 * check_ether.c - net/if_ethersubr.c on a fake Ethernet driver: attach,
 * generated addresses, ether_ioctl, ether_output (with the M_PREPEND
 * fault), ether_input, the gratuitous ARP, SIOCSIFLLADDR.  The programs
 * run in the simulated kernel (tests/kern/t_ether.c).
 */
#include <check.h>
#include <stdio.h>

#include "testlib.h"

void	t_ether_attach(void);
void	t_ether_gen_addr(void);
void	t_ether_ioctl(void);
void	t_ether_output(void);
void	t_ether_output_nobufs(void);
void	t_ether_input(void);
void	t_ether_inet_garp(void);
void	t_ether_setlladdr(void);

START_TEST(test_ether_ifattach_sets_the_mac_and_the_ethernet_methods)
{
	test_expect(t_ether_attach, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_ether_gen_addr_is_stable_per_name_and_in_freebsd_range)
{
	test_expect(t_ether_gen_addr, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_ether_ioctl_sifaddr_brings_up_and_inits)
{
	test_expect(t_ether_ioctl, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_ether_output_prepends_a_broadcast_header_and_queues)
{
	test_expect(t_ether_output, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_ether_output_is_ENOBUFS_when_M_PREPEND_fails)
{
	test_expect(t_ether_output_nobufs, 1.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_ether_input_counts_and_consumes_frames)
{
	test_expect(t_ether_input, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_inet_address_on_ethernet_sends_a_gratuitous_arp)
{
	test_expect(t_ether_inet_garp, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_ifconfig_ether_changes_the_lladdr_and_recycles_up)
{
	test_expect(t_ether_setlladdr, 0.0, SIM_V_NONE);
}
END_TEST

Suite *
ether_suite(void)
{
	Suite *s = suite_create("ether");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ether_ifattach_sets_the_mac_and_the_ethernet_methods);
	tcase_add_test(tc, test_ether_gen_addr_is_stable_per_name_and_in_freebsd_range);
	tcase_add_test(tc, test_ether_ioctl_sifaddr_brings_up_and_inits);
	tcase_add_test(tc, test_ether_output_prepends_a_broadcast_header_and_queues);
	tcase_add_test(tc, test_ether_output_is_ENOBUFS_when_M_PREPEND_fails);
	tcase_add_test(tc, test_ether_input_counts_and_consumes_frames);
	tcase_add_test(tc, test_inet_address_on_ethernet_sends_a_gratuitous_arp);
	tcase_add_test(tc, test_ifconfig_ether_changes_the_lladdr_and_recycles_up);
	suite_add_tcase(s, tc);
	return (s);
}

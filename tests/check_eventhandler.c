/*
 * check_eventhandler.c - EVENTHANDLER(9): priority order, deregistration.
 */
#include <check.h>

#include "testlib.h"

void	t_evh_priority_order(void);
void	t_evh_deregister(void);

START_TEST(test_handlers_run_in_priority_order_fifo_within_priority)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_evh_priority_order, &r), SIM_V_NONE);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_deregistered_handler_is_not_called_nor_leaked)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_evh_deregister, &r), SIM_V_NONE);
	sim_result_clear(&r);
}
END_TEST

Suite *
eventhandler_suite(void)
{
	Suite *s = suite_create("eventhandler");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc,
	    test_handlers_run_in_priority_order_fifo_within_priority);
	tcase_add_test(tc, test_deregistered_handler_is_not_called_nor_leaked);
	suite_add_tcase(s, tc);
	return (s);
}

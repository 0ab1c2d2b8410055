/*
 * check_if_clone.c - net/if_clone.c through the ifconfig entry points:
 * create/destroy, unit choice, the error cases, the panic on a create that
 * leaves no interface, privileges, and two races (concurrent destroys of
 * one interface: exactly one proceeds).  The programs run in the
 * simulated kernel with a fake cloner (tests/kern/t_if_clone.c).
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "testlib.h"

void	t_if_clone_setup(void);
void	t_if_clone_create_destroy(void);
void	t_if_clone_bare_name(void);
void	t_if_clone_errors(void);
void	t_if_clone_lying_create(void);
void	t_if_clone_unprivileged(void);
void	t_if_clone_race_setup(void);
void	t_if_clone_race_destroy_thread(int i);
void	t_if_clone_race_destroy_teardown(void);
void	t_if_clone_race_create_thread(int i);
void	t_if_clone_race_create_teardown(void);

/* Explore seeds; every execution must be clean. */
static void
explore_clean(const struct test_prog *tp, int nseeds)
{
	struct sim_result first;
	int bad;

	bad = nseeds - test_explore(tp, nseeds, SIM_V_NONE, NULL);
	if (bad != 0) {
		int s;

		for (s = 0; s < nseeds; s++) {
			if (test_run(tp, s, &first) != SIM_V_NONE) {
				fprintf(stderr, "seed %d: %s: %s\n", s,
				    sim_violation_name(first.kind),
				    first.message);
				sim_result_clear(&first);
				break;
			}
			sim_result_clear(&first);
		}
	}
	ck_assert_int_eq(bad, 0);
}

START_TEST(test_create_makes_an_interface_that_destroy_removes)
{
	test_expect(t_if_clone_create_destroy, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_bare_driver_name_gets_the_lowest_free_unit)
{
	test_expect(t_if_clone_bare_name, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_create_and_destroy_error_cases)
{
	test_expect(t_if_clone_errors, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_create_that_leaves_no_interface_panics)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_if_clone_lying_create, &r), SIM_V_PANIC);
	ck_assert(r.message != NULL &&
	    strstr(r.message, "lookup failed for fake0") != NULL);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_unprivileged_create_and_destroy_are_EPERM)
{
	test_expect(t_if_clone_unprivileged, 0.0, SIM_V_NONE);
}
END_TEST

START_TEST(test_concurrent_destroys_of_one_interface_exactly_one_proceeds)
{
	struct test_prog tp = {
		.setup = t_if_clone_race_setup,
		.nthreads = 2,
		.thread = t_if_clone_race_destroy_thread,
		.teardown = t_if_clone_race_destroy_teardown,
	};

	explore_clean(&tp, 200);
}
END_TEST

START_TEST(test_concurrent_bare_creates_get_distinct_units)
{
	struct test_prog tp = {
		.setup = t_if_clone_setup,
		.nthreads = 2,
		.thread = t_if_clone_race_create_thread,
		.teardown = t_if_clone_race_create_teardown,
	};

	explore_clean(&tp, 200);
}
END_TEST

Suite *
if_clone_suite(void)
{
	Suite *s = suite_create("if_clone");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_create_makes_an_interface_that_destroy_removes);
	tcase_add_test(tc, test_bare_driver_name_gets_the_lowest_free_unit);
	tcase_add_test(tc, test_create_and_destroy_error_cases);
	tcase_add_test(tc, test_create_that_leaves_no_interface_panics);
	tcase_add_test(tc, test_unprivileged_create_and_destroy_are_EPERM);
	tcase_add_test(tc, test_concurrent_destroys_of_one_interface_exactly_one_proceeds);
	tcase_add_test(tc, test_concurrent_bare_creates_get_distinct_units);
	suite_add_tcase(s, tc);
	return (s);
}

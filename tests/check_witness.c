/*
 * check_witness.c - WITNESS: lock-order reversals, duplicates, sleepable
 * after non-sleepable; and the engine's deadlock cycle when WITNESS is
 * told to look away.
 */
#include <check.h>
#include <string.h>

#include "summary.h"
#include "testlib.h"

void	t_witness_abba_sequential(void);
void	t_witness_abc_cycle(void);
void	t_witness_duplicate(void);
void	t_witness_duplicate_dupok(void);
void	t_witness_nowitness_init(void);
void	t_witness_deadlock_thread(int i);
void	t_witness_sx_after_mutex(void);
void	t_witness_lor_continues(void);
void	t_witness_lor_kdb_stops(void);
void	t_witness_lor_reported_once(void);
void	t_witness_order_list(void);
void	t_witness_giant_then_sx(void);
void	t_witness_order_init(void);
void	t_witness_order_thread(int i);

START_TEST(test_abba_order_is_a_lock_order_violation_without_deadlock)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_abba_sequential, &r),
	    SIM_V_LOCK_ORDER);
	/* Both orders are named, with where the first was seen. */
	ck_assert_ptr_nonnull(strstr(r.message, "1st B"));
	ck_assert_ptr_nonnull(strstr(r.message, "2nd A"));
	ck_assert_ptr_nonnull(strstr(r.message, "\"A\" (locked @"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_cycle_through_three_locks_is_a_lock_order_violation)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_abc_cycle, &r),
	    SIM_V_LOCK_ORDER);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_duplicate_lock_of_same_name_is_a_lock_order_violation)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_duplicate, &r),
	    SIM_V_LOCK_ORDER);
	ck_assert_ptr_nonnull(strstr(r.message, "duplicate lock"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_duplicate_with_dupok_is_fine)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_duplicate_dupok, &r),
	    SIM_V_NONE);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_deadlock_cycle_is_reported_as_deadlock)
{
	struct test_prog tp = {
		.setup = t_witness_nowitness_init, .nthreads = 2,
		.thread = t_witness_deadlock_thread,
	};

	ck_assert_int_ge(test_explore(&tp, 50, SIM_V_DEADLOCK, NULL), 1);
	/* and no schedule ends in anything else but success or deadlock */
	ck_assert_int_eq(test_explore(&tp, 50, SIM_V_DEADLOCK, NULL) +
	    test_explore(&tp, 50, SIM_V_NONE, NULL), 50);
}
END_TEST

START_TEST(test_sx_after_mutex_is_sleep_with_mutex)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_sx_after_mutex, &r),
	    SIM_V_SLEEP_WITH_MUTEX);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_lock_order_reversal_is_reported_and_execution_continues)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_lor_continues, &r),
	    SIM_V_LOCK_ORDER);
	ck_assert_ptr_nonnull(strstr(r.message, "lock order reversal"));
	/* Both acquisitions are named with their places. */
	ck_assert_ptr_nonnull(strstr(r.message, "1st B"));
	ck_assert_ptr_nonnull(strstr(r.message, "2nd A"));
	ck_assert(test_trace_has_note(&r, "after the reversal"));
	ck_assert(test_trace_has_note(&r, "execution continues"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_witness_kdb_stops_the_execution_at_the_reversal)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_lor_kdb_stops, &r),
	    SIM_V_LOCK_ORDER);
	ck_assert(!test_trace_has_note(&r, "after the reversal"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_a_reversal_is_reported_once_per_boot)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_lor_reported_once, &r),
	    SIM_V_LOCK_ORDER);
	ck_assert_int_eq(r.nreported, 1);
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_freebsd_order_list_orders_are_known_at_boot)
{
	struct sim_result r;

	ck_assert_int_eq(test_run1(t_witness_order_list, &r),
	    SIM_V_LOCK_ORDER);
	ck_assert_ptr_nonnull(strstr(r.message, "order list"));
	sim_result_clear(&r);
}
END_TEST

START_TEST(test_giant_and_sx_are_not_ordered)
{

	ck_assert_int_eq(test_kind1(t_witness_giant_then_sx), SIM_V_NONE);
}
END_TEST

/*
 * Each execution takes one order of A and B; no execution is a
 * violation, but the graph of all of them has the reversal, with the seed
 * of each side (explore's summary does exactly this with every
 * execution's res.lock_orders).
 */
START_TEST(test_lock_graph_of_executions_shows_a_reversal_none_saw)
{
	struct test_prog tp = {
		.setup = t_witness_order_init, .nthreads = 2,
		.thread = t_witness_order_thread,
	};
	struct explore_summary s;
	struct explore_scenario *sc;
	struct sim_result r;
	GPtrArray *cycles;
	uint64_t seed;
	guint i;

	summary_init(&s);
	s.strategy = g_strdup("random");
	sc = g_new0(struct explore_scenario, 1);
	sc->path = g_strdup("test");
	g_ptr_array_add(s.scenarios, sc);
	for (seed = 0; seed < 20; seed++) {
		ck_assert_int_eq(test_run(&tp, seed, &r), SIM_V_NONE);
		for (i = 0; r.lock_orders != NULL && i < r.lock_orders->len;
		    i++) {
			const struct sim_lock_order *o = &g_array_index(
			    r.lock_orders, struct sim_lock_order, i);
			char *w1 = g_strdup_printf("%s:%d", o->file1, o->line1);
			char *w2 = g_strdup_printf("%s:%d", o->file2, o->line2);

			summary_add_lock_order(&s, o->first, o->second, w1, w2,
			    0, seed);
			g_free(w1);
			g_free(w2);
		}
		sim_result_clear(&r);
	}
	cycles = summary_lock_cycles(&s);
	ck_assert_uint_eq(cycles->len, 1);
	ck_assert_uint_eq(((GPtrArray *)g_ptr_array_index(cycles, 0))->len,
	    2);
	g_ptr_array_free(cycles, TRUE);
	summary_clear(&s);
}
END_TEST

Suite *
witness_suite(void)
{
	Suite *s = suite_create("witness");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc,
	    test_abba_order_is_a_lock_order_violation_without_deadlock);
	tcase_add_test(tc,
	    test_cycle_through_three_locks_is_a_lock_order_violation);
	tcase_add_test(tc,
	    test_duplicate_lock_of_same_name_is_a_lock_order_violation);
	tcase_add_test(tc, test_duplicate_with_dupok_is_fine);
	tcase_add_test(tc, test_deadlock_cycle_is_reported_as_deadlock);
	tcase_add_test(tc, test_sx_after_mutex_is_sleep_with_mutex);
	tcase_add_test(tc,
	    test_lock_order_reversal_is_reported_and_execution_continues);
	tcase_add_test(tc,
	    test_witness_kdb_stops_the_execution_at_the_reversal);
	tcase_add_test(tc, test_a_reversal_is_reported_once_per_boot);
	tcase_add_test(tc, test_freebsd_order_list_orders_are_known_at_boot);
	tcase_add_test(tc, test_giant_and_sx_are_not_ordered);
	tcase_add_test(tc,
	    test_lock_graph_of_executions_shows_a_reversal_none_saw);
	suite_add_tcase(s, tc);
	return (s);
}

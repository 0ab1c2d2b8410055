/*
 * check_ilcov.c - interleaving coverage (sim/engine/ilcov.c).
 *
 * Each test builds an execution's trace by hand (thread starts, accesses,
 * thread ends, in the order the engine would record them), feeds it to
 * ilcov_add() and checks how many conflicting pairs were counted and in
 * which orders.  Sites are in a file that is not the model, so the report
 * carries no upstream annotation.
 */
#include <check.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "ilcov.h"
#include "scenario.h"

#define	F	"sim/kern/t_ilcov.c"
#define	R	SIM_ACC_READ
#define	W	SIM_ACC_WRITE

/* A trace under construction. */
static struct sim_result res;

static void
trace_begin(void)
{

	memset(&res, 0, sizeof(res));
	res.trace = g_array_new(FALSE, TRUE, sizeof(struct sim_event));
}

static void
ev(enum sim_evkind kind, int tid, const char *name, const char *obj,
    int acc, int line)
{
	struct sim_event e;

	memset(&e, 0, sizeof(e));
	e.step = res.trace->len;
	e.tid = tid;
	e.kind = kind;
	e.acc = acc;
	e.ev = sim_intern(name);
	e.obj = obj != NULL ? sim_intern(obj) : NULL;
	e.file = F;
	e.line = line;
	g_array_append_val(res.trace, e);
}

/* Thread tid accesses obj at line `line` ("access" event). */
static void
acc(int tid, const char *obj, int mode, int line)
{

	ev(SIM_EV_POINT, tid, "access", obj, mode, line);
}

/* Main (already running) starts threads 1..n. */
static void
start_threads(int n)
{
	int t;

	for (t = 1; t <= n; t++)
		ev(SIM_EV_THREAD_START, t, "start", NULL, 0, 0);
}

static void
end_thread(int tid)
{

	ev(SIM_EV_THREAD_END, tid, "exit", NULL, 0, 0);
}

static void
trace_add(struct ilcov *il, const char *scenario)
{

	ilcov_add(il, scenario, &res);
	g_array_free(res.trace, TRUE);
	res.trace = NULL;
}

static struct ilcov_counts
counts(const struct ilcov *il, const char *scenario)
{
	struct ilcov_counts c;

	ilcov_get_counts(il, scenario, &c);
	return (c);
}

/* One execution: two threads, `a` then `b` on obj "o". */
static void
two_threads(struct ilcov *il, const char *scenario, int mode_a, int line_a,
    int tid_a, int mode_b, int line_b, int tid_b)
{

	trace_begin();
	ev(SIM_EV_THREAD_START, 0, "start", NULL, 0, 0);
	start_threads(2);
	acc(tid_a, "o", mode_a, line_a);
	acc(tid_b, "o", mode_b, line_b);
	end_thread(1);
	end_thread(2);
	trace_add(il, scenario);
}

static char *
print_to_string(const struct ilcov *il, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ilcov_print(f, il, json);
	fclose(f);
	return (buf);
}

START_TEST(test_write_write_in_two_threads_is_one_pair_seen_once)
{
	struct ilcov *il = ilcov_new();
	struct ilcov_counts c;

	two_threads(il, "s", W, 10, 1, W, 20, 2);
	c = counts(il, "s");
	ck_assert_uint_eq(c.pairs, 1);
	ck_assert_uint_eq(c.both, 0);
	ck_assert_uint_eq(c.one, 1);
	ck_assert_uint_eq(c.executions, 1);
	ilcov_free(il);
}
END_TEST

START_TEST(test_opposite_orders_in_two_executions_count_as_both)
{
	struct ilcov *il = ilcov_new();
	struct ilcov_counts c;

	two_threads(il, "s", W, 10, 1, W, 20, 2);
	two_threads(il, "s", W, 20, 2, W, 10, 1);
	c = counts(il, "s");
	ck_assert_uint_eq(c.pairs, 1);
	ck_assert_uint_eq(c.both, 1);
	ck_assert_uint_eq(c.one, 0);
	ck_assert_uint_eq(c.executions, 2);
	ilcov_free(il);
}
END_TEST

START_TEST(test_same_order_twice_stays_one_order)
{
	struct ilcov *il = ilcov_new();

	two_threads(il, "s", W, 10, 1, W, 20, 2);
	/* The same lines again, with the threads swapped: still 10 first. */
	two_threads(il, "s", W, 10, 2, W, 20, 1);
	ck_assert_uint_eq(counts(il, "s").pairs, 1);
	ck_assert_uint_eq(counts(il, "s").one, 1);
	ilcov_free(il);
}
END_TEST

START_TEST(test_accesses_in_the_same_thread_are_not_a_pair)
{
	struct ilcov *il = ilcov_new();

	two_threads(il, "s", W, 10, 1, W, 20, 1);
	ck_assert_uint_eq(counts(il, "s").pairs, 0);
	ilcov_free(il);
}
END_TEST

START_TEST(test_read_read_is_not_a_pair)
{
	struct ilcov *il = ilcov_new();

	two_threads(il, "s", R, 10, 1, R, 20, 2);
	ck_assert_uint_eq(counts(il, "s").pairs, 0);
	ilcov_free(il);
}
END_TEST

START_TEST(test_read_then_write_and_write_then_read_are_pairs)
{
	struct ilcov *il = ilcov_new();

	two_threads(il, "rw", R, 10, 1, W, 20, 2);
	two_threads(il, "wr", W, 10, 1, R, 20, 2);
	ck_assert_uint_eq(counts(il, "rw").pairs, 1);
	ck_assert_uint_eq(counts(il, "wr").pairs, 1);
	ilcov_free(il);
}
END_TEST

START_TEST(test_accesses_to_different_objects_are_not_a_pair)
{
	struct ilcov *il = ilcov_new();

	trace_begin();
	start_threads(2);
	acc(1, "o1", W, 10);
	acc(2, "o2", W, 20);
	trace_add(il, "s");
	ck_assert_uint_eq(counts(il, "s").pairs, 0);
	ilcov_free(il);
}
END_TEST

START_TEST(test_points_without_object_or_access_are_ignored)
{
	struct ilcov *il = ilcov_new();

	trace_begin();
	start_threads(2);
	acc(1, NULL, W, 10);
	acc(2, NULL, W, 20);
	acc(1, "o", SIM_ACC_NONE, 30);
	acc(2, "o", SIM_ACC_NONE, 40);
	trace_add(il, "s");
	ck_assert_uint_eq(counts(il, "s").pairs, 0);
	ilcov_free(il);
}
END_TEST

START_TEST(test_only_the_latest_conflicting_access_per_thread_pairs)
{
	struct ilcov *il = ilcov_new();

	/* Thread 1 writes at 10 then 11; thread 2's write pairs with 11. */
	trace_begin();
	start_threads(2);
	acc(1, "o", W, 10);
	acc(1, "o", W, 11);
	acc(2, "o", W, 20);
	trace_add(il, "s");
	ck_assert_uint_eq(counts(il, "s").pairs, 1);
	ilcov_free(il);
}
END_TEST

START_TEST(test_a_write_pairs_with_the_last_read_and_the_last_write)
{
	struct ilcov *il = ilcov_new();

	trace_begin();
	start_threads(2);
	acc(1, "o", W, 10);
	acc(1, "o", R, 11);
	acc(2, "o", W, 20);	/* (10,20) and (11,20) */
	acc(2, "o", R, 21);	/* (10,21); 11-21 is read-read */
	trace_add(il, "s");
	ck_assert_uint_eq(counts(il, "s").pairs, 3);
	ilcov_free(il);
}
END_TEST

START_TEST(test_setup_before_a_thread_is_created_does_not_pair_with_it)
{
	struct ilcov *il = ilcov_new();

	trace_begin();
	ev(SIM_EV_THREAD_START, 0, "start", NULL, 0, 0);
	acc(0, "o", W, 5);		/* setup, on main */
	start_threads(1);
	acc(1, "o", W, 10);
	trace_add(il, "s");
	ck_assert_uint_eq(counts(il, "s").pairs, 0);
	ilcov_free(il);
}
END_TEST

START_TEST(test_main_after_creating_a_thread_pairs_with_it)
{
	struct ilcov *il = ilcov_new();

	trace_begin();
	start_threads(1);
	acc(0, "o", W, 5);		/* main, after the creation */
	acc(1, "o", W, 10);
	trace_add(il, "s");
	ck_assert_uint_eq(counts(il, "s").pairs, 1);
	ilcov_free(il);
}
END_TEST

START_TEST(test_teardown_does_not_pair_with_a_finished_thread)
{
	struct ilcov *il = ilcov_new();

	trace_begin();
	start_threads(2);
	acc(1, "o", W, 10);
	end_thread(1);
	acc(2, "o", W, 20);		/* thread 2 blocks, never ends */
	ev(SIM_EV_BLOCK, 2, "tunread", "o", 0, 21);
	ev(SIM_EV_SWITCH, 0, "run", NULL, 0, 0);
	acc(0, "o", W, 30);		/* teardown: pairs with 20 only */
	trace_add(il, "s");
	/* (10,20) between the threads, (20,30) with the blocked thread. */
	ck_assert_uint_eq(counts(il, "s").pairs, 2);
	ilcov_free(il);
}
END_TEST

START_TEST(test_a_site_paired_with_itself_counts_as_both_orders)
{
	struct ilcov *il = ilcov_new();
	struct ilcov_counts c;

	two_threads(il, "s", W, 10, 1, W, 10, 2);
	c = counts(il, "s");
	ck_assert_uint_eq(c.pairs, 1);
	ck_assert_uint_eq(c.both, 1);
	ilcov_free(il);
}
END_TEST

START_TEST(test_scenarios_are_counted_apart_and_merged_in_the_total)
{
	struct ilcov *il = ilcov_new();
	struct ilcov_counts c;

	two_threads(il, "s1", W, 10, 1, W, 20, 2);
	two_threads(il, "s2", W, 20, 2, W, 10, 1);
	ck_assert_uint_eq(counts(il, "s1").one, 1);
	ck_assert_uint_eq(counts(il, "s2").one, 1);
	c = counts(il, NULL);
	ck_assert_uint_eq(c.pairs, 1);
	ck_assert_uint_eq(c.both, 1);
	ck_assert_uint_eq(c.executions, 2);
	ck_assert_uint_eq(counts(il, "nosuch").pairs, 0);
	ilcov_free(il);
}
END_TEST

START_TEST(test_execution_without_trace_only_counts)
{
	struct ilcov *il = ilcov_new();
	struct sim_result r;

	memset(&r, 0, sizeof(r));
	ilcov_add(il, "s", &r);
	ck_assert_uint_eq(counts(il, "s").executions, 1);
	ck_assert_uint_eq(counts(il, "s").pairs, 0);
	ilcov_free(il);
}
END_TEST

START_TEST(test_report_does_not_depend_on_the_order_things_were_seen)
{
	struct ilcov *x = ilcov_new(), *y = ilcov_new();
	char *tx, *ty, *jx, *jy;

	two_threads(x, "b", W, 30, 1, W, 40, 2);
	two_threads(x, "a", W, 10, 1, R, 20, 2);
	two_threads(x, "a", W, 50, 1, W, 60, 2);
	two_threads(x, "a", W, 20, 2, W, 10, 1);

	two_threads(y, "a", W, 20, 2, W, 10, 1);
	two_threads(y, "a", W, 50, 1, W, 60, 2);
	two_threads(y, "a", W, 10, 1, R, 20, 2);
	two_threads(y, "b", W, 30, 1, W, 40, 2);

	tx = print_to_string(x, false);
	ty = print_to_string(y, false);
	jx = print_to_string(x, true);
	jy = print_to_string(y, true);
	ck_assert_str_eq(tx, ty);
	ck_assert_str_eq(jx, jy);
	free(tx);
	free(ty);
	free(jx);
	free(jy);
	ilcov_free(x);
	ilcov_free(y);
}
END_TEST

START_TEST(test_text_report_has_summary_and_per_scenario_listing)
{
	struct ilcov *il = ilcov_new();
	char *t;

	two_threads(il, "s", W, 20, 1, W, 10, 2);
	two_threads(il, "s", W, 30, 1, W, 40, 2);
	two_threads(il, "s", W, 40, 2, W, 30, 1);
	t = print_to_string(il, false);
	ck_assert_str_eq(t,
	    "interleaving coverage: 2 conflicting pairs, 1 seen in both "
	    "orders, 1 in one order only\n"
	    "\n"
	    "scenario s: 3 executions, 2 pairs, 1 in both orders, "
	    "1 in one order only\n"
	    "  once  " F ":10 access  <-  " F ":20 access\n"
	    "  both  " F ":30 access  <->  " F ":40 access\n");
	free(t);
	ilcov_free(il);
}
END_TEST

START_TEST(test_json_report_names_the_order_seen)
{
	struct ilcov *il = ilcov_new();
	char *t;

	two_threads(il, "s", W, 20, 1, W, 10, 2);
	t = print_to_string(il, true);
	ck_assert_str_eq(t,
	    "{\"executions\":1,\"pairs\":1,\"both\":0,\"one_order\":1,"
	    "\"scenarios\":[{\"scenario\":\"s\",\"executions\":1,\"pairs\":1,"
	    "\"both\":0,\"one_order\":1,\"list\":[{\"a\":\"" F ":10 access\","
	    "\"b\":\"" F ":20 access\",\"seen\":\"b_then_a\"}]}]}\n");
	free(t);
	ilcov_free(il);
}
END_TEST

START_TEST(test_explore_callback_files_executions_under_the_scenario_path)
{
	struct ilcov *il = ilcov_new();
	struct tsn_scenario sc;

	memset(&sc, 0, sizeof(sc));
	sc.path = "scenarios/x/y.tsn";
	sc.name = "a name";
	trace_begin();
	start_threads(2);
	acc(1, "o", W, 10);
	acc(2, "o", W, 20);
	ilcov_on_execution(&sc, &res, il);
	g_array_free(res.trace, TRUE);
	ck_assert_uint_eq(counts(il, "scenarios/x/y.tsn").pairs, 1);
	ck_assert_uint_eq(counts(il, "a name").executions, 0);
	ilcov_free(il);
}
END_TEST

Suite *
ilcov_suite(void)
{
	Suite *s = suite_create("ilcov");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_write_write_in_two_threads_is_one_pair_seen_once);
	tcase_add_test(tc, test_opposite_orders_in_two_executions_count_as_both);
	tcase_add_test(tc, test_same_order_twice_stays_one_order);
	tcase_add_test(tc, test_accesses_in_the_same_thread_are_not_a_pair);
	tcase_add_test(tc, test_read_read_is_not_a_pair);
	tcase_add_test(tc, test_read_then_write_and_write_then_read_are_pairs);
	tcase_add_test(tc, test_accesses_to_different_objects_are_not_a_pair);
	tcase_add_test(tc, test_points_without_object_or_access_are_ignored);
	tcase_add_test(tc,
	    test_only_the_latest_conflicting_access_per_thread_pairs);
	tcase_add_test(tc,
	    test_a_write_pairs_with_the_last_read_and_the_last_write);
	tcase_add_test(tc,
	    test_setup_before_a_thread_is_created_does_not_pair_with_it);
	tcase_add_test(tc, test_main_after_creating_a_thread_pairs_with_it);
	tcase_add_test(tc, test_teardown_does_not_pair_with_a_finished_thread);
	tcase_add_test(tc,
	    test_a_site_paired_with_itself_counts_as_both_orders);
	tcase_add_test(tc,
	    test_scenarios_are_counted_apart_and_merged_in_the_total);
	tcase_add_test(tc, test_execution_without_trace_only_counts);
	tcase_add_test(tc,
	    test_report_does_not_depend_on_the_order_things_were_seen);
	tcase_add_test(tc,
	    test_text_report_has_summary_and_per_scenario_listing);
	tcase_add_test(tc, test_json_report_names_the_order_seen);
	tcase_add_test(tc,
	    test_explore_callback_files_executions_under_the_scenario_path);
	suite_add_tcase(s, tc);
	return (s);
}

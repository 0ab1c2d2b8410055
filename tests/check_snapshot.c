/*
 * check_snapshot.c - an execution restored from a snapshot of the prefix
 * is the execution a fresh boot gives (issue 13 item 2).
 *
 * For every bundled scenario, with random and with pct: a snapshot taken
 * at seed 0, then seeds 1-3 restored from it, each compared with the same
 * seed run from a fresh boot: the whole trace as text (every step, object
 * name, tick, note) and the outcome as `tunsim run` prints it (kind,
 * message, signature, last steps, schedule size).  A part of the world a
 * snapshot forgot shows up here as a difference, in the scenario that
 * uses it.
 */
#include <check.h>

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "runner.h"
#include "scenario.h"

/* sim/kern/kern_proc.c: the name in a struct thread (kernel memory). */
const char	*kern_thread_name(int tid);

#define	SCENARIOS	TUNSIM_SOURCE_DIR "/scenarios"
#define	SEEDS		3

static gint
str_cmp(gconstpointer a, gconstpointer b)
{

	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

/* Every .tsn under dir, sorted. */
static void
collect(const char *dir, GPtrArray *out)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *n;

	ck_assert_ptr_nonnull(d);
	while ((n = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, n, NULL);

		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			collect(p, out);
		if (g_str_has_suffix(n, ".tsn"))
			g_ptr_array_add(out, p);
		else
			g_free(p);
	}
	g_dir_close(d);
	g_ptr_array_sort(out, str_cmp);
}

/* The trace and the outcome of one execution, as text. */
static char *
execution_text(const struct tsn_scenario *sc, const struct run_params *rp,
    struct sim_snapshot *snap)
{
	struct sim_config cfg;
	struct sim_result res;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	runner_config(&cfg, rp, sc);
	cfg.trace = true;
	cfg.snapshot = snap;
	runner_snapshots = false;	/* only the snapshot given, if any */
	runner_execute(sc, &cfg, &res);
	runner_snapshots = true;
	sim_trace_write_text(f, &res);
	runner_print_outcome(f, sc, rp, &res, NULL, NULL);
	fprintf(f, "decisions %u\n", res.schedule->len);
	fclose(f);
	sim_result_clear(&res);
	return (buf);
}

/* Where two texts first differ, for the failure message. */
static void
same(const char *path, const char *what, uint64_t seed, const char *a,
    const char *b)
{
	size_t i;

	for (i = 0; a[i] != '\0' && a[i] == b[i]; i++)
		;
	ck_assert_msg(a[i] == b[i], "%s %s seed %llu: restored and fresh "
	    "differ at byte %zu: \"%.80s\" vs \"%.80s\"", path, what,
	    (unsigned long long)seed, i, a + (i > 30 ? i - 30 : 0),
	    b + (i > 30 ? i - 30 : 0));
}

static void
check_strategy(enum sim_strategy strategy, const char *what)
{
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
	guint i, ready = 0;

	collect(SCENARIOS, paths);
	ck_assert_uint_gt(paths->len, 200);
	for (i = 0; i < paths->len; i++) {
		const char *path = g_ptr_array_index(paths, i);
		struct tsn_scenario *sc = tsn_parse_file(path, NULL);
		struct sim_config cfg;
		struct sim_snapshot *snap;
		struct run_params rp;
		uint64_t seed;
		char *t;

		ck_assert_msg(sc != NULL, "%s does not parse", path);
		run_params_init(&rp);
		rp.strategy = strategy;
		rp.pct_steps = 600;
		runner_config(&cfg, &rp, sc);
		cfg.trace = true;
		snap = sim_snapshot_new(&cfg);
		t = execution_text(sc, &rp, snap);	/* seed 0 takes it */
		g_free(t);
		if (strcmp(sim_snapshot_state(snap), "ready") == 0)
			ready++;
		for (seed = 1; seed <= SEEDS; seed++) {
			char *restored, *fresh;

			rp.seed = seed;
			restored = execution_text(sc, &rp, snap);
			fresh = execution_text(sc, &rp, NULL);
			ck_assert_uint_gt(strlen(fresh), 100);
			same(path, what, seed, restored, fresh);
			g_free(restored);
			g_free(fresh);
		}
		sim_snapshot_free(snap);
		tsn_free(sc);
	}
	/* Most prefixes draw nothing: the comparison is not of fresh boots. */
	ck_assert_msg(ready * 10 >= paths->len * 8, "only %u of %u scenarios "
	    "had a snapshot", ready, paths->len);
	g_ptr_array_free(paths, TRUE);
}

START_TEST(test_restored_random_executions_equal_fresh_ones)
{

	check_strategy(SIM_STRAT_RANDOM, "random");
}
END_TEST

START_TEST(test_restored_pct_executions_equal_fresh_ones)
{

	check_strategy(SIM_STRAT_PCT, "pct");
}
END_TEST

/* The state after a snapshot attempt of scenario path at seed 0. */
static char *
state_of(const char *path, enum sim_strategy strategy)
{
	struct tsn_scenario *sc = tsn_parse_file(path, NULL);
	struct sim_config cfg;
	struct sim_snapshot *snap;
	struct run_params rp;
	char *t, *state;

	ck_assert_ptr_nonnull(sc);
	run_params_init(&rp);
	rp.strategy = strategy;
	rp.pct_steps = 600;
	runner_config(&cfg, &rp, sc);
	cfg.trace = true;
	snap = sim_snapshot_new(&cfg);
	t = execution_text(sc, &rp, snap);
	g_free(t);
	state = g_strdup(sim_snapshot_state(snap));
	sim_snapshot_free(snap);
	tsn_free(sc);
	return (state);
}

/*
 * Where the prefix depends on the seed there is no snapshot, and it says
 * why: pr235704 starts the epoch callback thread in setup; a generated
 * scenario whose setup allocates M_NOWAIT under `faults` draws.
 */
START_TEST(test_seed_dependent_prefixes_are_not_snapshotted)
{
	char *s;

	s = state_of(SCENARIOS "/destroy/destroy-vs-rename.tsn",
	    SIM_STRAT_RANDOM);
	ck_assert_str_eq(s, "ready");
	g_free(s);
	s = state_of(SCENARIOS "/basic/pr235704.tsn", SIM_STRAT_PCT);
	ck_assert_str_eq(s, "a thread besides main ran in the prefix");
	g_free(s);
}
END_TEST

/*
 * Kernel memory a snapshot restores must not point at engine state that
 * is made again each execution.  main's struct thread once kept a pointer
 * to the name in main's engine record; records are pooled, so a restored
 * execution's main found the name of whichever thread had its record
 * when the snapshot was taken (epoch_cb in destroy-vs-close), and the two
 * panics that print td_name named the wrong thread.
 */
START_TEST(test_restored_thread_names_are_their_own)
{
	struct tsn_scenario *sc;
	struct sim_config cfg;
	struct sim_snapshot *snap;
	struct run_params rp;
	uint64_t seed;
	char *t;

	sc = tsn_parse_file(SCENARIOS "/destroy/destroy-vs-close.tsn", NULL);
	ck_assert_ptr_nonnull(sc);
	run_params_init(&rp);
	runner_config(&cfg, &rp, sc);
	cfg.trace = true;
	snap = sim_snapshot_new(&cfg);
	t = execution_text(sc, &rp, snap);
	g_free(t);
	ck_assert_str_eq(sim_snapshot_state(snap), "ready");
	for (seed = 1; seed <= 6; seed++) {
		rp.seed = seed;
		t = execution_text(sc, &rp, snap);
		g_free(t);
		ck_assert_ptr_nonnull(kern_thread_name(0));
		ck_assert_msg(strcmp(kern_thread_name(0), "main") == 0,
		    "seed %llu: main's struct thread is named \"%s\"",
		    (unsigned long long)seed, kern_thread_name(0));
	}
	sim_snapshot_free(snap);
	tsn_free(sc);
}
END_TEST

/* A snapshot is used only with the configuration it was taken with. */
START_TEST(test_snapshot_matches_only_its_configuration)
{
	struct sim_config a, b;
	struct sim_snapshot *snap;

	sim_config_init(&a);
	snap = sim_snapshot_new(&a);
	b = a;
	b.seed = 99;
	b.strategy = a.strategy;
	ck_assert(sim_snapshot_matches(snap, &b));
	b.pct_depth = 7;
	ck_assert(sim_snapshot_matches(snap, &b));
	b.trace = true;
	ck_assert(!sim_snapshot_matches(snap, &b));
	b = a;
	b.fault_malloc = 0.5;
	ck_assert(!sim_snapshot_matches(snap, &b));
	b = a;
	b.strategy = SIM_STRAT_DFS;
	ck_assert(!sim_snapshot_matches(snap, &b));
	sim_snapshot_free(snap);
}
END_TEST

Suite *
snapshot_suite(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, test_restored_random_executions_equal_fresh_ones);
	tcase_add_test(tc, test_restored_pct_executions_equal_fresh_ones);
	tcase_add_test(tc, test_seed_dependent_prefixes_are_not_snapshotted);
	tcase_add_test(tc, test_snapshot_matches_only_its_configuration);
	tcase_add_test(tc, test_restored_thread_names_are_their_own);
	suite_add_tcase(s, tc);
	return (s);
}

/*
 * check_determinism.c - one seed reproduces everything (DESIGN section 8):
 * the same scenario and seed give byte-identical traces and reports;
 * different seeds give different schedules; explore gives the same
 * summary and reports for every --jobs; shard summaries merge into the
 * whole run's.
 */
#include <check.h>

#include "testlib.h"
#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "engine.h"
#include "runner.h"
#include "scenario.h"

#define	CLI_DIR		TUNSIM_SOURCE_DIR "/tests/cli"
#define	RACE		CLI_DIR "/race.tsn"
#define	UNEXPECTED	CLI_DIR "/unexpected.tsn"

static char *
slurp(const char *path)
{
	char *t = NULL;

	ck_assert_msg(g_file_get_contents(path, &t, NULL, NULL),
	    "cannot read %s", path);
	return (t);
}

/* Equal strings, or fail showing where they first differ (Check cannot
 * carry a whole summary in its message). */
static void
same_text(const char *what, const char *a, const char *b)
{
	size_t i;

	for (i = 0; a[i] != '\0' && a[i] == b[i]; i++)
		;
	ck_assert_msg(a[i] == b[i], "%s differ at byte %zu: \"%.60s\" vs "
	    "\"%.60s\"", what, i, a + (i > 20 ? i - 20 : 0),
	    b + (i > 20 ? i - 20 : 0));
}

/* A summary without its two timing lines (elapsed_s, executions_per_s). */
static char *
untimed(const char *json)
{
	char **lines = g_strsplit(json, "\n", -1);
	GString *s = g_string_new("");
	int i;

	for (i = 0; lines[i] != NULL; i++)
		if (strstr(lines[i], "\"elapsed_s\":") == NULL &&
		    strstr(lines[i], "\"executions_per_s\":") == NULL)
			g_string_append_printf(s, "%s\n", lines[i]);
	g_strfreev(lines);
	return (g_string_free(s, FALSE));
}

static gint
name_cmp(gconstpointer a, gconstpointer b)
{

	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

/* Every file of dir, sorted by name, concatenated with its name. */
static char *
dir_contents(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	GString *s = g_string_new("");
	const char *n;
	guint i;

	ck_assert_ptr_nonnull(d);
	while ((n = g_dir_read_name(d)) != NULL)
		g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	g_ptr_array_sort(names, name_cmp);
	for (i = 0; i < names->len; i++) {
		char *p = g_build_filename(dir, g_ptr_array_index(names, i),
		    NULL);
		char *t = slurp(p);

		g_string_append_printf(s, "== %s\n%s",
		    (char *)g_ptr_array_index(names, i), t);
		g_free(t);
		g_free(p);
	}
	g_ptr_array_free(names, TRUE);
	return (g_string_free(s, FALSE));
}

START_TEST(test_same_seed_gives_byte_identical_traces_in_every_format)
{
	static const char *const formats[] = { "text", "json", "perfetto" };
	char *d = g_dir_make_tmp("tunsim-det-XXXXXX", NULL);
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(formats); i++) {
		char *fa = g_build_filename(d, "a", NULL);
		char *fb = g_build_filename(d, "b", NULL);
		char *ta, *tb;
		struct tunsim_out a, b;

		test_tunsim_v(NULL, &a, "run", RACE, "--seed", "7", "--trace", fa,
		    "--format", formats[i], NULL);
		test_tunsim_v(NULL, &b, "run", RACE, "--seed", "7", "--trace", fb,
		    "--format", formats[i], NULL);
		ta = slurp(fa);
		tb = slurp(fb);
		ck_assert_msg(strlen(ta) > 100, "%s trace is empty", formats[i]);
		ck_assert_msg(strcmp(ta, tb) == 0, "%s traces differ",
		    formats[i]);
		ck_assert_str_eq(a.out, b.out);
		ck_assert_ptr_null(strstr(ta, "0x7f"));	/* no addresses */
		g_free(ta);
		g_free(tb);
		test_tunsim_clear(&a);
		test_tunsim_clear(&b);
		g_free(fa);
		g_free(fb);
	}
	test_rm_rf(d);
	g_free(d);
}
END_TEST

START_TEST(test_same_seed_gives_byte_identical_reports)
{
	char *d1 = g_dir_make_tmp("tunsim-det-XXXXXX", NULL);
	char *d2 = g_dir_make_tmp("tunsim-det-XXXXXX", NULL);
	char *c1, *c2;
	struct tunsim_out a, b;

	/* Same relative report dir, two working directories. */
	test_tunsim_v(d1, &a, "run", RACE, "--seed", "0", "--report-dir", "r", NULL);
	test_tunsim_v(d2, &b, "run", RACE, "--seed", "0", "--report-dir", "r", NULL);
	ck_assert_int_eq(a.status, 1);
	ck_assert_str_eq(a.out, b.out);
	{
		char *r1 = g_build_filename(d1, "r", NULL);
		char *r2 = g_build_filename(d2, "r", NULL);

		c1 = dir_contents(r1);
		c2 = dir_contents(r2);
		g_free(r1);
		g_free(r2);
	}
	ck_assert_ptr_nonnull(strstr(c1, "# tunsim race report"));
	same_text("reports", c1, c2);
	g_free(c1);
	g_free(c2);
	test_tunsim_clear(&a);
	test_tunsim_clear(&b);
	test_rm_rf(d1);
	test_rm_rf(d2);
	g_free(d1);
	g_free(d2);
}
END_TEST

/* In this process: the schedules seeds 0..n-1 give. */
static GPtrArray *
schedules(enum sim_strategy strat, int n)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	struct tsn_scenario *sc = tsn_parse_file(RACE, NULL);
	struct run_params rp;
	int i;

	ck_assert_ptr_nonnull(sc);
	run_params_init(&rp);
	rp.strategy = strat;
	if (strat == SIM_STRAT_PCT)
		rp.pct_steps = runner_calibrate_pct(sc);
	for (i = 0; i < n; i++) {
		struct sim_config cfg;
		struct sim_result res;

		rp.seed = (uint64_t)i;
		runner_config(&cfg, &rp, sc);
		runner_execute(sc, &cfg, &res);
		g_ptr_array_add(out, sim_schedule_format(res.schedule));
		sim_result_clear(&res);
	}
	tsn_free(sc);
	return (out);
}

START_TEST(test_different_seeds_give_different_schedules)
{
	GPtrArray *s = schedules(SIM_STRAT_RANDOM, 8);
	guint i, j;

	for (i = 0; i < s->len; i++)
		for (j = i + 1; j < s->len; j++)
			ck_assert_msg(strcmp(g_ptr_array_index(s, i),
			    g_ptr_array_index(s, j)) != 0,
			    "seeds %u and %u give one schedule", i, j);
	g_ptr_array_free(s, TRUE);
}
END_TEST

START_TEST(test_same_seed_gives_the_same_schedule_in_one_process)
{
	GPtrArray *a = schedules(SIM_STRAT_PCT, 5);
	GPtrArray *b = schedules(SIM_STRAT_PCT, 5);
	guint i;

	for (i = 0; i < a->len; i++)
		ck_assert_str_eq(g_ptr_array_index(a, i),
		    g_ptr_array_index(b, i));
	g_ptr_array_free(a, TRUE);
	g_ptr_array_free(b, TRUE);
}
END_TEST

/* explore in its own directory with a relative report dir. */
static void
explore_in(const char *dir, struct tunsim_out *o, const char *jobs,
    const char *shard)
{

	if (shard != NULL)
		test_tunsim_v(dir, o, "explore", RACE, UNEXPECTED, "--budget", "120",
		    "--report-dir", "r", "--json", "--jobs", jobs, "--shard",
		    shard, NULL);
	else
		test_tunsim_v(dir, o, "explore", RACE, UNEXPECTED, "--budget", "120",
		    "--report-dir", "r", "--json", "--jobs", jobs, NULL);
}

START_TEST(test_explore_gives_the_same_summary_and_reports_for_any_jobs)
{
	static const char *const jobs[] = { "1", "2", "3" };
	char *first_sum = NULL, *first_rep = NULL;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(jobs); i++) {
		char *d = g_dir_make_tmp("tunsim-det-XXXXXX", NULL);
		char *r = g_build_filename(d, "r", NULL);
		char *sum, *rep;
		struct tunsim_out o;

		explore_in(d, &o, jobs[i], NULL);
		ck_assert_int_eq(o.status, 1);
		sum = untimed(o.out);
		rep = dir_contents(r);
		if (first_sum == NULL) {
			first_sum = sum;
			first_rep = rep;
		} else {
			same_text("summaries", first_sum, sum);
			same_text("reports", first_rep, rep);
			g_free(sum);
			g_free(rep);
		}
		test_tunsim_clear(&o);
		test_rm_rf(d);
		g_free(d);
		g_free(r);
	}
	ck_assert_ptr_nonnull(strstr(first_sum, "\"executions\": 240,"));
	g_free(first_sum);
	g_free(first_rep);
}
END_TEST

START_TEST(test_shard_summaries_merge_into_the_whole_run)
{
	char *d = g_dir_make_tmp("tunsim-det-XXXXXX", NULL);
	char *whole, *merged, *files[3];
	struct tunsim_out o;
	int k;

	explore_in(d, &o, "1", NULL);
	whole = untimed(o.out);
	test_tunsim_clear(&o);
	for (k = 0; k < 3; k++) {
		char shard[8];

		g_snprintf(shard, sizeof(shard), "%d/3", k + 1);
		explore_in(d, &o, k == 1 ? "2" : "1", shard);
		ck_assert_ptr_nonnull(strstr(o.out, "\"shard\": "));
		files[k] = g_strdup_printf("%s/s%d.json", d, k + 1);
		ck_assert(g_file_set_contents(files[k], o.out, -1, NULL));
		test_tunsim_clear(&o);
	}
	/* Any order of the shard files. */
	test_tunsim_v(d, &o, "merge", files[2], files[0], files[1], NULL);
	ck_assert_int_eq(o.status, 1);
	merged = untimed(o.out);
	same_text("merged and whole summaries", whole, merged);
	test_tunsim_clear(&o);
	for (k = 0; k < 3; k++)
		g_free(files[k]);
	g_free(whole);
	g_free(merged);
	test_rm_rf(d);
	g_free(d);
}
END_TEST

Suite *
determinism_suite(void)
{
	Suite *s = suite_create("determinism");
	TCase *tc = tcase_create("determinism");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc,
	    test_same_seed_gives_byte_identical_traces_in_every_format);
	tcase_add_test(tc, test_same_seed_gives_byte_identical_reports);
	tcase_add_test(tc, test_different_seeds_give_different_schedules);
	tcase_add_test(tc, test_same_seed_gives_the_same_schedule_in_one_process);
	tcase_add_test(tc,
	    test_explore_gives_the_same_summary_and_reports_for_any_jobs);
	tcase_add_test(tc, test_shard_summaries_merge_into_the_whole_run);
	suite_add_tcase(s, tc);
	return (s);
}

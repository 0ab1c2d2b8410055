/*
 * check_perfetto.c - the Chrome trace-event JSON that `--format perfetto`
 * writes is what Perfetto and chrome://tracing open: a top-level object
 * with traceEvents; metadata naming the process and every thread; slices
 * (X) with ts/dur, nesting on each track and never overlapping; instants
 * with a scope; wakeup flows paired s -> f (bp e) by id.  No Debian package
 * validates the format, so the checker is here, and tested on traces that
 * break each rule.
 */
#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "engine.h"
#include "minijson.h"
#include "runner.h"
#include "scenario.h"

#define	RACE	TUNSIM_SOURCE_DIR "/tests/cli/race.tsn"

struct slice {
	double	ts, end;
	const char *name;
};

static gint
slice_cmp(gconstpointer a, gconstpointer b)
{
	const struct slice *x = a, *y = b;

	if (x->ts != y->ts)
		return (x->ts < y->ts ? -1 : 1);
	/* The enclosing (longer) slice first. */
	if (x->end != y->end)
		return (x->end > y->end ? -1 : 1);
	return (0);
}

static char *
why_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	return (s);
}

/* NULL when `text` is a well-formed trace, else why not. */
static char *
perfetto_check(const char *text)
{
	GError *err = NULL;
	struct mj *root = mj_parse(text, strlen(text), &err);
	const struct mj *evs;
	GHashTable *tracks, *named, *flows;
	GHashTableIter it;
	gpointer k, v;
	char *why = NULL;
	guint i;

	if (root == NULL) {
		why = why_fmt("not JSON: %s", err->message);
		g_error_free(err);
		return (why);
	}
	evs = mj_get(root, "traceEvents");
	if (evs == NULL || evs->type != MJ_ARRAY) {
		mj_free(root);
		return (why_fmt("no traceEvents array"));
	}
	tracks = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    (GDestroyNotify)g_array_unref);
	named = g_hash_table_new(g_direct_hash, g_direct_equal);
	flows = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (i = 0; i < evs->items->len && why == NULL; i++) {
		const struct mj *e = g_ptr_array_index(evs->items, i);
		const char *ph = mj_get_str(e, "ph"), *name;
		double pid, tid = 0, ts = 0, dur = 0, id;

		if (ph == NULL || !mj_get_num(e, "pid", &pid)) {
			why = why_fmt("event %u: no ph or pid", i);
			break;
		}
		name = mj_get_str(e, "name");
		mj_get_num(e, "tid", &tid);
		if (strcmp(ph, "M") == 0) {
			if (name == NULL || mj_get(e, "args") == NULL)
				why = why_fmt("event %u: metadata without name "
				    "or args", i);
			else if (strcmp(name, "thread_name") == 0)
				g_hash_table_add(named, GINT_TO_POINTER(
				    (int)tid));
			continue;
		}
		if (!mj_get_num(e, "ts", &ts) || ts < 0) {
			why = why_fmt("event %u (%s): no ts", i, ph);
			break;
		}
		if (strcmp(ph, "X") == 0) {
			GArray *a;
			struct slice s;

			if (name == NULL || !mj_get_num(e, "dur", &dur) ||
			    dur < 0 || mj_get(e, "tid") == NULL) {
				why = why_fmt("event %u: slice without name, tid "
				    "or dur", i);
				break;
			}
			a = g_hash_table_lookup(tracks, GINT_TO_POINTER(
			    (int)tid));
			if (a == NULL) {
				a = g_array_new(FALSE, FALSE,
				    sizeof(struct slice));
				g_hash_table_insert(tracks, GINT_TO_POINTER(
				    (int)tid), a);
			}
			s.ts = ts;
			s.end = ts + dur;
			s.name = name;
			g_array_append_val(a, s);
		} else if (strcmp(ph, "i") == 0) {
			const char *sc = mj_get_str(e, "s");

			if (name == NULL || sc == NULL || (strcmp(sc, "t") &&
			    strcmp(sc, "p") && strcmp(sc, "g")))
				why = why_fmt("event %u: instant without name or "
				    "scope", i);
		} else if (strcmp(ph, "s") == 0 || strcmp(ph, "f") == 0) {
			int n;

			if (!mj_get_num(e, "id", &id)) {
				why = why_fmt("event %u: flow without id", i);
				break;
			}
			if (ph[0] == 'f' && g_strcmp0(mj_get_str(e, "bp"),
			    "e") != 0) {
				why = why_fmt("event %u: flow end without bp e", i);
				break;
			}
			n = GPOINTER_TO_INT(g_hash_table_lookup(flows,
			    GINT_TO_POINTER((int)id)));
			/* +1 for a start, +100 for an end */
			n += ph[0] == 's' ? 1 : 100;
			g_hash_table_insert(flows, GINT_TO_POINTER((int)id),
			    GINT_TO_POINTER(n));
		} else
			why = why_fmt("event %u: unknown ph \"%s\"", i, ph);
	}
	g_hash_table_iter_init(&it, flows);
	while (why == NULL && g_hash_table_iter_next(&it, &k, &v))
		if (GPOINTER_TO_INT(v) != 101)
			why = why_fmt("flow id %d is not one start and one end",
			    GPOINTER_TO_INT(k));
	g_hash_table_iter_init(&it, tracks);
	while (why == NULL && g_hash_table_iter_next(&it, &k, &v)) {
		GArray *a = v;
		GArray *stack = g_array_new(FALSE, FALSE, sizeof(struct slice));

		if (!g_hash_table_contains(named, k))
			why = why_fmt("track %d has slices but no thread_name",
			    GPOINTER_TO_INT(k));
		g_array_sort(a, slice_cmp);
		for (i = 0; i < a->len && why == NULL; i++) {
			struct slice *s = &g_array_index(a, struct slice, i);

			while (stack->len > 0 && g_array_index(stack,
			    struct slice, stack->len - 1).end <= s->ts)
				g_array_set_size(stack, stack->len - 1);
			if (stack->len > 0 && s->end > g_array_index(stack,
			    struct slice, stack->len - 1).end)
				why = why_fmt("track %d: \"%s\" overlaps \"%s\"",
				    GPOINTER_TO_INT(k), s->name,
				    g_array_index(stack, struct slice,
				    stack->len - 1).name);
			g_array_append_val(stack, *s);
		}
		g_array_free(stack, TRUE);
	}
	g_hash_table_destroy(tracks);
	g_hash_table_destroy(named);
	g_hash_table_destroy(flows);
	mj_free(root);
	return (why);
}

#define	META	"{\"ph\":\"M\",\"pid\":1,\"tid\":1,\"name\":\"thread_name\"," \
		"\"args\":{\"name\":\"a\"}}"

START_TEST(test_checker_accepts_nested_slices_and_paired_flows)
{
	char *why = perfetto_check("{\"traceEvents\":[" META ","
	    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":10,\"name\":\"op\"},"
	    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":2,\"dur\":3,\"name\":\"sleep\"},"
	    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":10,\"dur\":1,\"name\":\"op2\"},"
	    "{\"ph\":\"s\",\"pid\":1,\"tid\":1,\"ts\":4,\"id\":1,\"name\":\"w\"},"
	    "{\"ph\":\"f\",\"bp\":\"e\",\"pid\":1,\"tid\":1,\"ts\":4,\"id\":1,"
	    "\"name\":\"w\"},"
	    "{\"ph\":\"i\",\"s\":\"g\",\"pid\":1,\"tid\":1,\"ts\":9,\"name\":\"v\"}"
	    "]}");

	ck_assert_msg(why == NULL, "%s", why);
}
END_TEST

START_TEST(test_checker_rejects_overlapping_slices_on_one_track)
{
	char *why = perfetto_check("{\"traceEvents\":[" META ","
	    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":10,\"name\":\"a\"},"
	    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":5,\"dur\":10,\"name\":\"b\"}"
	    "]}");

	ck_assert_ptr_nonnull(why);
	ck_assert_ptr_nonnull(strstr(why, "overlaps"));
	g_free(why);
}
END_TEST

START_TEST(test_checker_rejects_unpaired_flows_and_missing_fields)
{
	char *why;

	why = perfetto_check("{\"traceEvents\":[" META ","
	    "{\"ph\":\"s\",\"pid\":1,\"tid\":1,\"ts\":4,\"id\":7,\"name\":\"w\"}"
	    "]}");
	ck_assert_ptr_nonnull(why);
	g_free(why);
	why = perfetto_check("{\"traceEvents\":[" META ","
	    "{\"ph\":\"X\",\"pid\":1,\"tid\":1,\"ts\":4,\"name\":\"nodur\"}]}");
	ck_assert_ptr_nonnull(why);
	g_free(why);
	why = perfetto_check("{\"traceEvents\":["
	    "{\"ph\":\"X\",\"pid\":1,\"tid\":9,\"ts\":4,\"dur\":1,\"name\":\"x\"}"
	    "]}");
	ck_assert_ptr_nonnull(why);	/* track 9 never named */
	g_free(why);
	why = perfetto_check("[1,2]");
	ck_assert_ptr_nonnull(why);
	g_free(why);
}
END_TEST

/* The perfetto trace of one execution of RACE, written in this process. */
static char *
trace_of(uint64_t seed, enum sim_violation_kind *kind)
{
	struct tsn_scenario *sc = tsn_parse_file(RACE, NULL);
	struct run_params rp;
	struct sim_config cfg;
	struct sim_result res;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_ptr_nonnull(sc);
	run_params_init(&rp);
	rp.seed = seed;
	runner_config(&cfg, &rp, sc);
	cfg.trace = true;
	runner_execute(sc, &cfg, &res);
	*kind = res.kind;
	f = open_memstream(&buf, &len);
	sim_trace_write_perfetto(f, &res);
	fclose(f);
	sim_result_clear(&res);
	tsn_free(sc);
	return (buf);
}

START_TEST(test_traces_of_many_seeds_are_well_formed)
{
	uint64_t seed;
	int violations = 0;

	for (seed = 0; seed < 40; seed++) {
		enum sim_violation_kind k;
		char *t = trace_of(seed, &k), *why;

		why = perfetto_check(t);
		ck_assert_msg(why == NULL, "seed %llu: %s",
		    (unsigned long long)seed, why);
		ck_assert_ptr_nonnull(strstr(t, "\"thread_name\""));
		ck_assert_ptr_nonnull(strstr(t, "\"ph\":\"X\""));
		if (k != SIM_V_NONE) {
			violations++;
			ck_assert_msg(strstr(t, "\"ph\":\"i\",\"s\":\"g\"") !=
			    NULL, "seed %llu: the violation is not marked",
			    (unsigned long long)seed);
		}
		free(t);
	}
	ck_assert_int_gt(violations, 0);
}
END_TEST

START_TEST(test_run_format_perfetto_writes_a_well_formed_file)
{
	char *d = g_dir_make_tmp("tunsim-pf-XXXXXX", NULL);
	char *f = g_build_filename(d, "t.json", NULL), *t = NULL, *why;
	const char *argv[] = { TUNSIM_BINARY, "run", RACE, "--seed", "0",
	    "--trace", f, "--format", "perfetto", NULL };
	int ws;

	ck_assert(g_spawn_sync(NULL, (char **)argv, NULL,
	    G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &ws, NULL));
	ck_assert(g_file_get_contents(f, &t, NULL, NULL));
	why = perfetto_check(t);
	ck_assert_msg(why == NULL, "%s", why);
	ck_assert_ptr_nonnull(strstr(t, "\"process_name\""));
	g_free(t);
	g_remove(f);
	g_rmdir(d);
	g_free(f);
	g_free(d);
}
END_TEST

Suite *
perfetto_suite(void)
{
	Suite *s = suite_create("perfetto");
	TCase *tc = tcase_create("perfetto");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_checker_accepts_nested_slices_and_paired_flows);
	tcase_add_test(tc, test_checker_rejects_overlapping_slices_on_one_track);
	tcase_add_test(tc,
	    test_checker_rejects_unpaired_flows_and_missing_fields);
	tcase_add_test(tc, test_traces_of_many_seeds_are_well_formed);
	tcase_add_test(tc, test_run_format_perfetto_writes_a_well_formed_file);
	suite_add_tcase(s, tc);
	return (s);
}

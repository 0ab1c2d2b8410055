/*
 * check_traces.c - golden traces and saved race reports (traces/).
 *
 * Golden traces: for each traces/<area>/<behaviour>.seed<N>.trace the
 * scenario traces/<area>/<behaviour>.tsn is run with --seed N and a text
 * trace, and the output must equal the stored file byte for byte (under
 * every build type CI uses).  Regenerate one after an intended change with
 *
 *	build/tunsim run traces/basic/tun-lifecycle.tsn --seed 0 \
 *	    --trace traces/basic/tun-lifecycle.seed0.trace --format text
 *
 * Saved reports: every traces/reports/<name>.report is a real bug of the
 * edca4938 driver (docs/findings.md); `tunsim replay` must still find it:
 * exit status 1 and the report's own signature.  A report is refused when
 * model/if_tuntap.c or its scenario changed; then re-find and re-save it
 * (traces/README.md).
 *
 * The tests run with the project root as working directory (CTest's
 * WORKING_DIRECTORY), so paths are the ones reports carry.
 */
#include <check.h>

#include "testlib.h"
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

struct golden {
	const char	*scenario;	/* traces/<area>/<behaviour>.tsn */
	unsigned	 seed;
	int		 status;	/* expected exit status of `run` */
};

/* The stored traces; the file is <scenario without .tsn>.seed<N>.trace. */
static const struct golden goldens[] = {
	{ "traces/basic/tun-lifecycle.tsn", 0, 0 },
	{ "traces/basic/tap-lifecycle.tsn", 0, 0 },
	{ "traces/basic/unit-allocation.tsn", 0, 0 },
	{ "traces/io/send-wakes-reader.tsn", 7, 0 },
	{ "traces/race/open-vs-close.tsn", 4, 1 },
};

/* Run tunsim with args; its stdout in *out (stderr passed on). */
static int
run_tunsim(const char *const *args, char **out)
{
	struct tunsim_out o;

	test_tunsim(NULL, &o, args);
	if (o.err != NULL && *o.err != '\0')
		fprintf(stderr, "%s", o.err);
	*out = o.out;
	g_free(o.err);
	return (o.status);
}

/* The value of the first "key: value" line of a report, or NULL. */
static char *
report_field(const char *text, const char *key)
{
	char **lines = g_strsplit(text, "\n", -1);
	char *prefix = g_strconcat(key, ": ", NULL);
	char *v = NULL;

	for (char **l = lines; *l != NULL; l++)
		if (g_str_has_prefix(*l, prefix)) {
			v = g_strdup(*l + strlen(prefix));
			break;
		}
	g_free(prefix);
	g_strfreev(lines);
	return (v);
}

START_TEST(test_golden_trace_is_reproduced_byte_for_byte)
{
	const struct golden *g = &goldens[_i];
	char *base = g_strndup(g->scenario, strlen(g->scenario) - 4);
	char *want_path = g_strdup_printf("%s.seed%u.trace", base, g->seed);
	char *seed = g_strdup_printf("%u", g->seed);
	char *tmp = g_strdup_printf("%s/tunsim-golden-XXXXXX", g_get_tmp_dir());
	char *got_path, *want = NULL, *got = NULL, *out = NULL;
	gsize wlen, glen;
	int status;

	ck_assert_ptr_nonnull(g_mkdtemp(tmp));
	got_path = g_build_filename(tmp, "out.trace", NULL);
	const char *args[] = { "run", g->scenario, "--seed", seed,
	    "--trace", got_path, "--format", "text", NULL };
	status = run_tunsim(args, &out);
	ck_assert_msg(status == g->status, "%s --seed %u: exit %d, want %d",
	    g->scenario, g->seed, status, g->status);
	ck_assert_msg(g_file_get_contents(want_path, &want, &wlen, NULL),
	    "cannot read %s", want_path);
	ck_assert_msg(g_file_get_contents(got_path, &got, &glen, NULL),
	    "no trace written to %s", got_path);
	if (wlen != glen || memcmp(want, got, wlen) != 0) {
		gsize i = 0;
		unsigned line = 1;

		while (i < wlen && i < glen && want[i] == got[i])
			if (want[i++] == '\n')
				line++;
		ck_abort_msg("%s differs from the stored trace at line %u "
		    "(regenerate: tunsim run %s --seed %u --trace %s "
		    "--format text)", want_path, line, g->scenario, g->seed,
		    want_path);
	}
	(void)remove(got_path);
	(void)remove(tmp);
	g_free(got_path);
	g_free(want);
	g_free(got);
	g_free(out);
	g_free(tmp);
	g_free(seed);
	g_free(want_path);
	g_free(base);
}
END_TEST

/* The saved reports, sorted, as paths relative to the project root. */
static GPtrArray *
saved_reports(void)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	GDir *d = g_dir_open("traces/reports", 0, NULL);
	const char *n;

	if (d == NULL)
		return (a);
	while ((n = g_dir_read_name(d)) != NULL)
		if (g_str_has_suffix(n, ".report"))
			g_ptr_array_add(a, g_build_filename("traces/reports",
			    n, NULL));
	g_dir_close(d);
	g_ptr_array_sort(a, (GCompareFunc)g_strcmp0);
	return (a);
}

START_TEST(test_every_saved_report_still_fails_the_same_way)
{
	GPtrArray *reports = saved_reports();

	ck_assert_msg(reports->len >= 1, "no traces/reports/*.report");
	for (guint i = 0; i < reports->len; i++) {
		const char *path = g_ptr_array_index(reports, i);
		char *text = NULL, *sig, *kind, *out = NULL, *want_sig;
		int status;

		ck_assert(g_file_get_contents(path, &text, NULL, NULL));
		sig = report_field(text, "signature");
		kind = report_field(text, "violation");
		ck_assert_msg(sig != NULL && kind != NULL,
		    "%s: no signature/violation line", path);
		const char *args[] = { "replay", path, NULL };
		status = run_tunsim(args, &out);
		ck_assert_msg(status == 1, "%s: replay exit %d, want 1 "
		    "(2: model or scenario changed, or no longer reproduces)",
		    path, status);
		want_sig = g_strdup_printf("signature %s\n", sig);
		ck_assert_msg(strstr(out, want_sig) != NULL,
		    "%s: replay did not report %s", path, sig);
		ck_assert_msg(g_str_has_prefix(sig, kind),
		    "%s: signature %s is not of kind %s", path, sig, kind);
		g_free(want_sig);
		g_free(out);
		g_free(sig);
		g_free(kind);
		g_free(text);
	}
	g_ptr_array_free(reports, TRUE);
}
END_TEST

Suite *
traces_suite(void)
{
	Suite *s = suite_create("traces");
	TCase *tc = tcase_create("traces");

	tcase_set_timeout(tc, 600);
	tcase_add_loop_test(tc, test_golden_trace_is_reproduced_byte_for_byte,
	    0, (int)G_N_ELEMENTS(goldens));
	tcase_add_test(tc, test_every_saved_report_still_fails_the_same_way);
	suite_add_tcase(s, tc);
	return (s);
}

/*
 * check_xxxrw.c - the first real finding, found by the checks alone.
 *
 * The XXXRW comment in tunopen (if_tuntap.c:1006-1016) marks a race of
 * this revision, fixed upstream in r353785: `ifconfig tun0 create` makes
 * /dev/tun0 visible before tuncreate sets si_drv1, and an open of the new
 * node runs tuncreate itself.  Nothing in the model or the checks knows
 * about this bug: the exhaustive search with one preemption must find the
 * interleaving, the generic checks (ledger, KASSERTs) must flag it, and
 * minimize must keep the single preemption that matters, inside tuncreate.
 */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "testlib.h"

#define	SCENARIO	"scenarios/create/create-vs-open.tsn"

/* Run tunsim; its stdout (the caller frees it) and exit status. */
static char *
run(const char *const *args, int *status)
{
	struct tunsim_out o;

	test_tunsim(NULL, &o, args);
	*status = o.status;
	g_free(o.err);
	return (o.out);
}

START_TEST(test_exhaustive_search_finds_the_xxxrw_race)
{
	char *dir = g_dir_make_tmp("xxxrw-XXXXXX", NULL);
	const char *args[] = { "explore", SCENARIO, "--strategy", "dfs",
	    "--preemptions", "1", "--budget", "100000", "--report-dir", dir,
	    NULL };
	char *out, *min_out, *report = NULL, *min_path;
	int status;
	GDir *d;
	const char *name;

	out = run(args, &status);
	ck_assert_msg(status == 1, "explore found nothing:\n%s", out);
	/*
	 * The search is exhaustive at this bound, and finds the double
	 * tuncreate through destroy_devl's KASSERT: the two softcs destroy
	 * one cdev twice, and as devfs collects lazily (at the next lookup)
	 * the node's reference keeps the cdev alive for the second
	 * destroy_dev, which finds it unnamed ("Driver mistake").
	 */
	ck_assert_msg(strstr(out, "search exhausted") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "Driver mistake: destroy_dev on") != NULL,
	    "%s", out);

	/* Among the reports, one minimizes to the XXXRW window itself. */
	d = g_dir_open(dir, 0, NULL);
	while ((name = g_dir_read_name(d)) != NULL) {
		const char *margs[] = { "minimize", NULL, "-o", NULL, NULL };
		char *path;

		if (!g_str_has_suffix(name, ".report") ||
		    strstr(name, "panic") == NULL)
			continue;
		path = g_build_filename(dir, name, NULL);
		min_path = g_strconcat(path, ".min", NULL);
		margs[1] = path;
		margs[3] = min_path;
		min_out = run(margs, &status);
		/* The one preemption: the creator, right at tuncreate's
		 * si_drv1 store (upstream 923), lets the opener run. */
		if (report == NULL &&
		    strstr(min_out, "preemptions: 1\n") != NULL &&
		    strstr(min_out, "preempted creator after si_drv1") != NULL &&
		    strstr(min_out, " tuncreate]; opener ran") != NULL)
			report = g_strdup(min_out);
		g_free(min_out);
		g_free(min_path);
		g_free(path);
	}
	g_dir_close(d);
	ck_assert_msg(report != NULL, "no report minimized to one preemption "
	    "in tuncreate's si_drv1 store");
	g_free(report);
	g_free(out);
	g_free(dir);
}
END_TEST

Suite *
xxxrw_suite(void)
{
	Suite *s = suite_create("xxxrw");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_exhaustive_search_finds_the_xxxrw_race);
	suite_add_tcase(s, tc);
	return (s);
}

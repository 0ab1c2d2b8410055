/*
 * cli_minimize.c - `tunsim minimize REPORT [-o OUT]`: the fewest
 * preemptions (then fewest steps) that still give the report's root-cause
 * signature (or, with --same-site, its kind@file:line; with
 * --any-violation, any violation), written as a report that replays with
 * the replay strategy, each remaining preemption point named.  The
 * algorithm is minimize.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "minimize.h"
#include "report.h"

int
cli_minimize(int argc, char **argv)
{
	gchar *out_path = NULL;
	gchar *max_s = NULL;
	uint64_t max_replays = 20000;
	gboolean any = FALSE, same_site = FALSE;
	GOptionEntry entries[] = {
		{ "any-violation", 0, 0, G_OPTION_ARG_NONE, &any,
		  "Keep a candidate that fails in any way (it may shrink into "
		  "another bug)", NULL },
		{ "same-site", 0, 0, G_OPTION_ARG_NONE, &same_site,
		  "Keep a candidate that fails at the same kind@file:line "
		  "(another root cause may surface there)", NULL },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_path,
		  "Write the minimized report to OUT (default REPORT.min)",
		  "OUT" },
		{ "max-replays", 0, 0, G_OPTION_ARG_STRING, &max_s,
		  "Give up shrinking after N executions (default 20000)", "N" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *ctx = g_option_context_new("REPORT - shrink a race "
	    "report to its fewest preemptions");
	struct report r;
	struct tsn_scenario *sc = NULL;
	struct minimize_result m;
	struct run_params rp;
	GError *err = NULL;
	char *out = NULL;
	int rc = TSN_EXIT_USAGE;
	bool loaded = false;

	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_add_group(ctx, cli_driver_group());
	g_option_context_add_group(ctx, cli_engine_group());
	g_option_context_set_description(ctx, "Exit status: 1 (the violation "
	    "is still there, minimized), 2 bad usage, a changed model or "
	    "scenario, or a report that does not reproduce.");
	if (!cli_parse(ctx, "minimize", &argc, &argv))
		goto done;
	if (argc != 2) {
		rc = cli_usage_error("minimize", "expected one REPORT");
		goto done;
	}
	if (max_s != NULL && !cli_count("minimize", "--max-replays", max_s, 1,
	    UINT32_MAX, &max_replays))
		goto done;
	if (!report_load(argv[1], &r, &err)) {
		fprintf(stderr, "tunsim minimize: %s\n", err->message);
		goto done;
	}
	loaded = true;
	if ((sc = runner_load(r.scenario)) == NULL)
		goto done;
	if (!report_check(&r, sc, &err)) {
		fprintf(stderr, "tunsim minimize: %s: %s\n", argv[1],
		    err->message);
		goto done;
	}
	if (any && same_site) {
		rc = cli_usage_error("minimize", "--any-violation and "
		    "--same-site exclude each other");
		goto done;
	}
	if (!minimize_run(sc, &r.rp, r.signature, r.site, any ?
	    MZ_ANY_VIOLATION : same_site ? MZ_SAME_SITE : MZ_SAME_SIGNATURE,
	    max_replays, &m, &err)) {
		fprintf(stderr, "tunsim minimize: %s: %s\n", argv[1],
		    err->message);
		goto done;
	}
	out = out_path != NULL ? g_strdup(out_path) :
	    g_strdup_printf("%s.min", argv[1]);
	run_params_init(&rp);
	rp.strategy = SIM_STRAT_REPLAY;
	rp.seed = r.rp.seed;
	rp.replay = m.schedule;
	if (!report_save(out, sc, &rp, &m.res, m.points, &err)) {
		fprintf(stderr, "tunsim minimize: %s\n", err->message);
		goto done;
	}
	printf("minimized %s: preemptions %llu -> %llu, steps %llu -> %llu, "
	    "%u decisions kept (%llu replays%s)\n", argv[1],
	    (unsigned long long)m.orig_preemptions,
	    (unsigned long long)m.res.preemptions,
	    (unsigned long long)m.orig_steps, (unsigned long long)m.res.steps,
	    m.schedule->len, (unsigned long long)m.replays,
	    m.limit_hit ? ", stopped at --max-replays" : "");
	printf("written to %s\n", out);
	if (g_strcmp0(m.res.signature, r.signature) != 0)
		printf("root cause changed: %s (the report: %s)\n",
		    m.res.signature != NULL ? m.res.signature : "none",
		    r.signature);
	putchar('\n');
	if (m.crashes > 0)
		fprintf(stderr, "tunsim minimize: %llu candidate schedules "
		    "crashed the simulator (a bug in it); the first: tunsim "
		    "replay %s --seed %llu --schedule FILE with FILE holding "
		    "\"%s\"\n", (unsigned long long)m.crashes, r.scenario,
		    (unsigned long long)r.rp.seed, m.first_crash);
	report_write(stdout, out, sc, &rp, &m.res, m.points);
	rc = TSN_EXIT_VIOLATION;
done:
	g_clear_error(&err);
	minimize_result_clear(&m);
	if (sc != NULL)
		tsn_free(sc);
	if (loaded)
		report_clear(&r);
	g_free(out);
	g_free(out_path);
	g_free(max_s);
	g_option_context_free(ctx);
	return (rc);
}

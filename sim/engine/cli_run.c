/*
 * cli_run.c - `tunsim run SCENARIO`: one execution.
 *
 * Prints SEED=N first, then the outcome; on a violation, where, the last
 * steps of every thread and the one command that reproduces it (a report
 * is written when --report-dir is given, and the command replays it).
 */
#include <stdio.h>
#include <string.h>

#include "version.h"
#include "cli.h"
#include "report.h"

/* The command line that runs this execution again. */
static char *
run_command(const struct tsn_scenario *sc, const struct run_params *rp,
    bool steps_given)
{
	GString *s = g_string_new("");
	char *q = runner_quote(sc->path);

	g_string_printf(s, "%s run %s --seed %llu --strategy %s",
	    tunsim_program, q,
	    (unsigned long long)rp->seed, sim_strategy_name(rp->strategy));
	if (rp->strategy == SIM_STRAT_PCT) {
		g_string_append_printf(s, " --depth %d", rp->pct_depth);
		if (steps_given)
			g_string_append_printf(s, " --pct-steps %llu",
			    (unsigned long long)rp->pct_steps);
	}
	g_free(q);
	return (g_string_free(s, FALSE));
}

int
cli_run(int argc, char **argv)
{
	gchar *seed = NULL, *pct_steps = NULL, *depth = NULL;
	gchar *strategy = NULL, *trace = NULL, *format = NULL;
	gchar *report_dir = NULL;
	GOptionEntry entries[] = {
		{ "seed", 's', 0, G_OPTION_ARG_STRING, &seed,
		  "Seed of the execution (default 0)", "N" },
		{ "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy,
		  "random (default) or pct", "S" },
		{ "depth", 'd', 0, G_OPTION_ARG_STRING, &depth,
		  "pct: bug depth d, d-1 priority change points (default 3)",
		  "d" },
		{ "pct-steps", 0, 0, G_OPTION_ARG_STRING, &pct_steps,
		  "pct: step estimate k (default: calibrated, as explore does)",
		  "k" },
		{ "trace", 't', 0, G_OPTION_ARG_FILENAME, &trace,
		  "Write the full trace to FILE (- for stdout)", "FILE" },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &format,
		  "Trace format: text (default), json (one object a line), "
		  "perfetto (Chrome trace events)", "FORMAT" },
		{ "report-dir", 0, 0, G_OPTION_ARG_FILENAME, &report_dir,
		  "On a violation, write a race report there", "DIR" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *ctx = g_option_context_new("SCENARIO - run one "
	    "execution of a scenario");
	struct tsn_scenario *sc = NULL;
	struct run_params rp;
	struct sim_result res;
	char *repro = NULL, *rpath = NULL;
	int rc = TSN_EXIT_USAGE;

	memset(&res, 0, sizeof(res));
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_add_group(ctx, cli_driver_group());
	g_option_context_add_group(ctx, cli_engine_group());
	g_option_context_set_description(ctx, "Exit status: 0 no violation, 1 "
	    "violation, 2 bad usage or a scenario error (file:line:col).");
	run_params_init(&rp);
	if (!cli_parse(ctx, "run", &argc, &argv))
		goto out;
	if (argc != 2) {
		rc = cli_usage_error("run", "expected one SCENARIO");
		goto out;
	}
	if (seed != NULL && !cli_count("run", "--seed", seed, 0, UINT64_MAX,
	    &rp.seed))
		goto out;
	if (!cli_format_ok(format)) {
		rc = cli_usage_error("run", "--format %s: text, json or "
		    "perfetto", format);
		goto out;
	}
	if (!cli_strategy("run", strategy, depth, pct_steps, false, &rp))
		goto out;
	if (report_dir != NULL && !cli_report_dir_ok("run", report_dir))
		goto out;
	if ((sc = runner_load(argv[1])) == NULL)
		goto out;
	if (rp.strategy == SIM_STRAT_PCT && rp.pct_steps == 0)
		rp.pct_steps = runner_calibrate_pct(sc);
	if (!cli_execute(sc, &rp, trace, format, &res))
		goto out;
	if (res.kind != SIM_V_NONE && report_dir != NULL) {
		GError *err = NULL;

		rpath = report_path(report_dir, sc->path,
		    sim_violation_name(res.kind), rp.seed);
		if (!report_save(rpath, sc, &rp, &res, NULL, &err)) {
			fprintf(stderr, "tunsim run: %s\n", err->message);
			g_clear_error(&err);
			g_free(rpath);
			rpath = NULL;
		}
	}
	if (rpath != NULL) {
		char *q = runner_quote(rpath);

		repro = g_strdup_printf("%s replay %s", tunsim_program, q);
		g_free(q);
	} else
		repro = run_command(sc, &rp, pct_steps != NULL);
	runner_print_outcome(stdout, sc, &rp, &res, rpath, repro);
	rc = res.kind == SIM_V_NONE ? TSN_EXIT_OK : TSN_EXIT_VIOLATION;
out:
	sim_result_clear(&res);
	if (sc != NULL)
		tsn_free(sc);
	g_free(repro);
	g_free(rpath);
	g_free(seed);
	g_free(depth);
	g_free(pct_steps);
	g_free(strategy);
	g_free(trace);
	g_free(format);
	g_free(report_dir);
	g_option_context_free(ctx);
	return (rc);
}

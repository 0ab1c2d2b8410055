/*
 * cli_replay.c - `tunsim replay`: re-run a race report, or a scenario with
 * a seed or a schedule, and print the same outcome `run` prints.
 *
 * A report replays only on the model and scenario it was written against
 * (their SHA-256 are in it); otherwise replay says which changed and exits
 * 2.  A report replayed by seed must give the recorded schedule and
 * signature again, or replay says it does not reproduce (exit 2).
 */
#include <stdio.h>
#include <string.h>

#include "version.h"
#include "cli.h"
#include "report.h"

/*
 * The schedule in FILE: "0 1*3 2", over any number of lines, '#' lines
 * ignored, an optional "schedule: " before each (so a report's line can be
 * pasted).  Bounded like a report: REPORT_MAX_BYTES of text, at most
 * REPORT_MAX_DECISIONS decisions; an error names FILE:LINE.
 */
static GArray *
read_schedule(const char *path)
{
	char *text = NULL, **lines;
	GError *err = NULL;
	GArray *a;
	size_t len;
	guint i;

	if (!report_read_file(path, REPORT_MAX_BYTES, "a schedule file", &text,
	    &len, &err)) {
		fprintf(stderr, "tunsim replay: %s\n", err->message);
		g_error_free(err);
		return (NULL);
	}
	if (memchr(text, '\0', len) != NULL) {
		fprintf(stderr, "tunsim replay: %s: not a schedule (it holds a "
		    "NUL byte)\n", path);
		g_free(text);
		return (NULL);
	}
	a = g_array_new(FALSE, FALSE, sizeof(int));
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		const char *l = lines[i];

		if (g_str_has_prefix(l, "schedule: "))
			l += strlen("schedule: ");
		if (l[0] == '#')
			continue;
		if (!report_schedule_add(a, l, &err)) {
			fprintf(stderr, "tunsim replay: %s:%u: %s\n", path, i + 1,
			    err->message);
			g_error_free(err);
			g_array_free(a, TRUE);
			a = NULL;
			break;
		}
	}
	g_strfreev(lines);
	g_free(text);
	return (a);
}

static bool
is_report(const char *path)
{
	char buf[32];
	FILE *f = fopen(path, "r");
	bool yes;

	if (f == NULL)
		return (false);
	yes = fgets(buf, sizeof(buf), f) != NULL &&
	    g_str_has_prefix(buf, "# tunsim race report");
	fclose(f);
	return (yes);
}

/* First decision where two schedules differ, or -1. */
static long
sched_diff(const GArray *a, const GArray *b)
{
	guint i, n = MIN(a->len, b->len);

	for (i = 0; i < n; i++)
		if (g_array_index(a, int, i) != g_array_index(b, int, i))
			return ((long)i);
	return (a->len == b->len ? -1 : (long)n);
}

static int
replay_report(const char *path, const char *trace, const char *format)
{
	struct report r;
	struct tsn_scenario *sc = NULL;
	struct sim_result res;
	GError *err = NULL;
	char *q, *repro;
	long d;
	int rc = TSN_EXIT_USAGE;

	memset(&res, 0, sizeof(res));
	if (!report_load(path, &r, &err)) {
		fprintf(stderr, "tunsim replay: %s\n", err->message);
		g_error_free(err);
		return (TSN_EXIT_USAGE);
	}
	if ((sc = runner_load(r.scenario)) == NULL) {
		fprintf(stderr, "tunsim replay: cannot load the report's "
		    "scenario %s\n", r.scenario);
		goto out;
	}
	if (!report_check(&r, sc, &err)) {
		fprintf(stderr, "tunsim replay: %s: %s\n", path, err->message);
		g_error_free(err);
		goto out;
	}
	if (!cli_execute(sc, &r.rp, trace, format, &res))
		goto out;
	if (r.by_schedule && !cli_schedule_followed("replay", path, r.schedule,
	    &res))
		goto out;
	if (!r.by_schedule && (d = sched_diff(res.schedule, r.schedule)) >= 0) {
		fprintf(stderr, "tunsim replay: %s does not reproduce: the "
		    "schedule differs from the report's at decision %ld\n",
		    path, d);
		goto out;
	}
	if (g_strcmp0(res.signature, r.signature) != 0) {
		fprintf(stderr, "tunsim replay: %s does not reproduce: the "
		    "report has %s, this run %s\n", path, r.signature,
		    res.signature != NULL ? res.signature : "no violation");
		goto out;
	}
	q = runner_quote(path);
	repro = g_strdup_printf("%s replay %s", tunsim_program, q);
	runner_print_outcome(stdout, sc, &r.rp, &res, NULL, repro);
	g_free(q);
	g_free(repro);
	rc = res.kind == SIM_V_NONE ? TSN_EXIT_OK : TSN_EXIT_VIOLATION;
out:
	sim_result_clear(&res);
	if (sc != NULL)
		tsn_free(sc);
	report_clear(&r);
	return (rc);
}

int
cli_replay(int argc, char **argv)
{
	gchar *seed = NULL, *pct_steps = NULL, *depth = NULL;
	gchar *strategy = NULL, *schedule = NULL, *trace = NULL;
	gchar *format = NULL;
	GOptionEntry entries[] = {
		{ "seed", 's', 0, G_OPTION_ARG_STRING, &seed,
		  "Re-run SCENARIO with this seed", "N" },
		{ "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy,
		  "With --seed: random (default) or pct", "S" },
		{ "depth", 'd', 0, G_OPTION_ARG_STRING, &depth,
		  "pct: bug depth d (default 3)", "d" },
		{ "pct-steps", 0, 0, G_OPTION_ARG_STRING, &pct_steps,
		  "pct: step estimate k (default: calibrated)", "k" },
		{ "schedule", 0, 0, G_OPTION_ARG_FILENAME, &schedule,
		  "Follow the schedule in FILE (\"0 1*3 2\": the thread at "
		  "each decision)", "FILE" },
		{ "trace", 't', 0, G_OPTION_ARG_FILENAME, &trace,
		  "Write the full trace to FILE (- for stdout)", "FILE" },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &format,
		  "Trace format: text (default), json, perfetto", "FORMAT" },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *ctx = g_option_context_new("REPORT | SCENARIO --seed N "
	    "| SCENARIO --schedule FILE - re-run an execution");
	struct tsn_scenario *sc = NULL;
	struct run_params rp;
	struct sim_result res;
	GArray *sched = NULL;
	char *repro = NULL, *q;
	char depth_opt[96], steps_opt[48];
	int rc = TSN_EXIT_USAGE;

	memset(&res, 0, sizeof(res));
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_add_group(ctx, cli_driver_group());
	g_option_context_add_group(ctx, cli_engine_group());
	g_option_context_set_description(ctx, "A report is refused (exit 2) "
	    "when the model or the scenario changed since it was written.\n"
	    "Exit status: 0 no violation, 1 violation, 2 bad usage or input, "
	    "or a report that does not reproduce.");
	run_params_init(&rp);
	if (!cli_parse(ctx, "replay", &argc, &argv))
		goto out;
	if (argc != 2) {
		rc = cli_usage_error("replay", "expected one REPORT or SCENARIO");
		goto out;
	}
	if (!cli_format_ok(format)) {
		rc = cli_usage_error("replay", "--format %s: text, json or "
		    "perfetto", format);
		goto out;
	}
	if (!g_file_test(argv[1], G_FILE_TEST_EXISTS)) {
		rc = cli_usage_error("replay", "%s: no such file", argv[1]);
		goto out;
	}
	if (seed == NULL && schedule == NULL) {
		if (!is_report(argv[1])) {
			rc = cli_usage_error("replay", "%s is not a race report; "
			    "a scenario needs --seed N or --schedule FILE",
			    argv[1]);
			goto out;
		}
		rc = replay_report(argv[1], trace, format);
		goto out;
	}
	if (!cli_strategy("replay", strategy, depth, pct_steps, false, &rp))
		goto out;
	if (seed != NULL && !cli_count("replay", "--seed", seed, 0, UINT64_MAX,
	    &rp.seed))
		goto out;
	if (schedule != NULL) {
		if ((sched = read_schedule(schedule)) == NULL)
			goto out;
		rp.strategy = SIM_STRAT_REPLAY;
		rp.replay = sched;
	}
	if ((sc = runner_load(argv[1])) == NULL)
		goto out;
	if (rp.strategy == SIM_STRAT_PCT && rp.pct_steps == 0)
		rp.pct_steps = runner_calibrate_pct(sc);
	g_snprintf(steps_opt, sizeof(steps_opt), " --pct-steps %llu",
	    (unsigned long long)rp.pct_steps);
	if (!cli_execute(sc, &rp, trace, format, &res))
		goto out;
	if (!cli_schedule_followed("replay", schedule, sched, &res))
		goto out;
	q = runner_quote(sc->path);
	g_snprintf(depth_opt, sizeof(depth_opt), " --depth %d%s", rp.pct_depth,
	    pct_steps != NULL ? steps_opt : "");
	if (schedule != NULL) {
		char *qs = runner_quote(schedule);

		repro = g_strdup_printf("%s replay %s --schedule %s "
		    "--seed %llu", tunsim_program, q, qs, (unsigned long long)rp.seed);
		g_free(qs);
	} else
		repro = g_strdup_printf("%s replay %s --seed %llu "
		    "--strategy %s%s", tunsim_program, q, (unsigned long long)rp.seed,
		    sim_strategy_name(rp.strategy),
		    rp.strategy == SIM_STRAT_PCT ? depth_opt : "");
	g_free(q);
	runner_print_outcome(stdout, sc, &rp, &res, NULL, repro);
	rc = res.kind == SIM_V_NONE ? TSN_EXIT_OK : TSN_EXIT_VIOLATION;
out:
	sim_result_clear(&res);
	if (sc != NULL)
		tsn_free(sc);
	if (sched != NULL)
		g_array_free(sched, TRUE);
	g_free(repro);
	g_free(seed);
	g_free(depth);
	g_free(pct_steps);
	g_free(strategy);
	g_free(schedule);
	g_free(trace);
	g_free(format);
	g_option_context_free(ctx);
	return (rc);
}

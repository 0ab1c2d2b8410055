/*
 * cli_explore.c - `tunsim explore SCENARIO|DIR...`: many executions, one
 * report per distinct violation, a summary (text, or one JSON object with
 * --json).  The loop itself is explore.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dfs.h"
#include "explore.h"

/* No coverage module in this build (a strong definition replaces this). */
__attribute__((weak)) bool
explore_coverage_init(struct explore_coverage *c)
{

	memset(c, 0, sizeof(*c));
	return (false);
}

/*
 * "A..B", inclusive, decimal; false after a message.  The range must have
 * a count that fits 64 bits (0..18446744073709551615 has one more).
 */
static bool
parse_seeds(const char *s, uint64_t *lo, uint64_t *hi)
{
	const char *dots = strstr(s, "..");
	char *a;
	int ra, rb;

	if (dots == NULL) {
		cli_usage_error("explore", "--seeds %s: expected A..B, decimal, "
		    "with A <= B", s);
		return (false);
	}
	a = g_strndup(s, (gsize)(dots - s));
	ra = report_parse_u64(a, lo);
	rb = report_parse_u64(dots + 2, hi);
	g_free(a);
	if (ra == 2 || rb == 2) {
		cli_usage_error("explore", "--seeds %s: a seed is at most %llu",
		    s, (unsigned long long)UINT64_MAX);
		return (false);
	}
	if (ra != 0 || rb != 0 || *lo > *hi) {
		cli_usage_error("explore", "--seeds %s: expected A..B, decimal, "
		    "with A <= B", s);
		return (false);
	}
	if (*hi - *lo == UINT64_MAX) {
		cli_usage_error("explore", "--seeds %s: at most %llu seeds (the "
		    "count must fit 64 bits)", s,
		    (unsigned long long)UINT64_MAX);
		return (false);
	}
	return (true);
}

/* "K/N", 1 <= K <= N <= CLI_MAX_SHARDS; false after a message. */
static bool
parse_shard(const char *s, int *k, int *n)
{
	const char *slash = strchr(s, '/');
	uint64_t kk, nn;
	char *a;
	bool ok;

	if (slash == NULL) {
		cli_usage_error("explore", "--shard %s: expected K/N with 1 <= K "
		    "<= N", s);
		return (false);
	}
	a = g_strndup(s, (gsize)(slash - s));
	ok = report_parse_u64(a, &kk) == 0 &&
	    report_parse_u64(slash + 1, &nn) == 0 && kk >= 1 && kk <= nn &&
	    nn <= CLI_MAX_SHARDS;
	g_free(a);
	if (!ok) {
		cli_usage_error("explore", "--shard %s: expected K/N, decimal, "
		    "with 1 <= K <= N <= %d", s, CLI_MAX_SHARDS);
		return (false);
	}
	*k = (int)kk;
	*n = (int)nn;
	return (true);
}

int
cli_explore(int argc, char **argv)
{
	gchar *strategy = NULL, *seeds = NULL, *shard = NULL;
	gchar *report_dir = NULL, *budget_s = NULL, *pct_steps = NULL;
	gchar *depth = NULL, *preempt_s = NULL, *jobs_s = NULL, *por = NULL;
	gdouble time_limit = 0;
	uint64_t budget = 0, v;
	gboolean json = FALSE, coverage = FALSE, quiet = FALSE;
	GOptionEntry entries[] = {
		{ "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy,
		  "random (default), pct or dfs", "S" },
		{ "seeds", 0, 0, G_OPTION_ARG_STRING, &seeds,
		  "Seeds A to B inclusive (random, pct)", "A..B" },
		{ "budget", 'n', 0, G_OPTION_ARG_STRING, &budget_s,
		  "Executions per scenario: seeds 0..N-1 (default 1000); dfs: "
		  "at most N (default: until exhausted)", "N" },
		{ "time", 0, 0, G_OPTION_ARG_DOUBLE, &time_limit,
		  "Stop after T seconds; only the completed prefix of the seed "
		  "range counts", "T" },
		{ "depth", 'd', 0, G_OPTION_ARG_STRING, &depth,
		  "pct: bug depth d (default 3)", "d" },
		{ "pct-steps", 0, 0, G_OPTION_ARG_STRING, &pct_steps,
		  "pct: step estimate k (default: 2x the steps of seed 0)", "k" },
		{ "preemptions", 'k', 0, G_OPTION_ARG_STRING, &preempt_s,
		  "dfs: preemption bound (default 2; -1: none)", "k" },
		{ "por", 0, 0, G_OPTION_ARG_STRING, &por,
		  "dfs: reduction sleep (default), dpor or none", "R" },
		{ "jobs", 'j', 0, G_OPTION_ARG_STRING, &jobs_s,
		  "Worker processes (default 1); results do not depend on it",
		  "N" },
		{ "shard", 0, 0, G_OPTION_ARG_STRING, &shard,
		  "Only the K-th of N disjoint slices of the seeds "
		  "(seed % N == K-1)", "K/N" },
		{ "report-dir", 0, 0, G_OPTION_ARG_FILENAME, &report_dir,
		  "Where reports go (default ./reports)", "DIR" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json,
		  "Print the summary as one JSON object", NULL },
		{ "coverage", 0, 0, G_OPTION_ARG_NONE, &coverage,
		  "Measure interleaving coverage (runs with one job)", NULL },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
		  "No progress line", NULL },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *ctx = g_option_context_new("SCENARIO|DIR... - explore "
	    "many schedules of scenarios");
	struct explore_opts o;
	struct explore_summary sum;
	struct explore_coverage cov;
	GPtrArray *paths = NULL, *scs = NULL;
	int rc = TSN_EXIT_USAGE;
	bool ok, have_cov = false;

	memset(&sum, 0, sizeof(sum));
	memset(&cov, 0, sizeof(cov));
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_add_group(ctx, cli_driver_group());
	g_option_context_add_group(ctx, cli_engine_group());
	g_option_context_set_description(ctx, "A directory stands for its "
	    "*.tsn files, recursively, sorted by path.  One report per "
	    "distinct violation (signature = kind + where), for the lowest "
	    "failing seed: DIR/<scenario>.<kind>.seed<N>.report.\n"
	    "SIGINT or SIGTERM stops it as --time does: the summary of the "
	    "completed prefix of the seeds, exit status 130 or 143.\n"
	    "Exit status: 0 no violation, 1 violations found, 2 bad usage or "
	    "a scenario error.");
	explore_opts_init(&o);
	if (!cli_parse(ctx, "explore", &argc, &argv))
		goto out;
	if (argc < 2) {
		rc = cli_usage_error("explore", "expected SCENARIO or DIR");
		goto out;
	}
	if (!cli_strategy("explore", strategy, depth, pct_steps, true, &o.rp))
		goto out;
	if (preempt_s != NULL && strcmp(preempt_s, "-1") == 0)
		o.rp.preemption_bound = -1;	/* no bound */
	else if (preempt_s != NULL) {
		if (!cli_count("explore", "--preemptions", preempt_s, 0,
		    REPORT_MAX_DECISIONS, &v))
			goto out;
		o.rp.preemption_bound = (int)v;
	}
	if (por != NULL && (o.por = sim_por_parse(por)) < 0) {
		rc = cli_usage_error("explore", "--por %s: expected dpor, sleep "
		    "or none", por);
		goto out;
	}
	if (por != NULL && o.rp.strategy != SIM_STRAT_DFS) {
		rc = cli_usage_error("explore", "--por is for --strategy dfs");
		goto out;
	}
	if (seeds != NULL && budget_s != NULL) {
		rc = cli_usage_error("explore", "give --seeds or --budget, not "
		    "both");
		goto out;
	}
	if (seeds != NULL && !parse_seeds(seeds, &o.seed_lo, &o.seed_hi))
		goto out;
	if (seeds != NULL && o.rp.strategy == SIM_STRAT_DFS) {
		rc = cli_usage_error("explore", "dfs has no seeds: use "
		    "--budget");
		goto out;
	}
	if (budget_s != NULL) {
		if (!cli_count("explore", "--budget", budget_s, 1, UINT64_MAX,
		    &budget))
			goto out;
		o.seed_lo = 0;
		o.seed_hi = budget - 1;
		o.budget = budget;
	}
	if (!(time_limit >= 0 && time_limit <= CLI_MAX_TIME)) {
		rc = cli_usage_error("explore", "--time %g: expected seconds, "
		    "0..%d", time_limit, CLI_MAX_TIME);
		goto out;
	}
	o.time_limit = time_limit;
	if (jobs_s != NULL) {
		if (!cli_count("explore", "--jobs", jobs_s, 1, CLI_MAX_JOBS, &v))
			goto out;
		o.jobs = (int)v;
	}
	if (shard != NULL) {
		if (!parse_shard(shard, &o.shard_k, &o.shard_n))
			goto out;
		if (o.rp.strategy == SIM_STRAT_DFS) {
			rc = cli_usage_error("explore", "dfs is one search and "
			    "cannot be sharded");
			goto out;
		}
	}
	if (o.rp.strategy == SIM_STRAT_DFS && o.jobs > 1)
		fprintf(stderr, "tunsim explore: dfs runs as one search (one "
		    "job)\n");
	if (report_dir != NULL)
		o.report_dir = report_dir;
	o.progress = !quiet && isatty(STDERR_FILENO);
	if ((paths = cli_scenario_paths(argv + 1, argc - 1)) == NULL)
		goto out;
	if (paths->len == 0) {
		rc = cli_usage_error("explore", "no *.tsn scenario found");
		goto out;
	}
	if ((scs = cli_load_scenarios(paths)) == NULL)
		goto out;
	if (o.report_dir != NULL && !cli_report_dir_ok("explore",
	    o.report_dir))
		goto out;
	if (coverage) {
		have_cov = explore_coverage_init(&cov);
		if (have_cov) {
			o.on_execution = cov.on_execution;
			o.on_execution_arg = cov.arg;
			o.trace = cov.trace;
		}
	}
	ok = explore_run(scs, &o, &sum);
	if (json)
		summary_write_json(stdout, &sum);
	else
		summary_write_text(stdout, &sum);
	if (coverage) {
		FILE *cf = json ? stderr : stdout;

		if (have_cov && cov.print != NULL)
			cov.print(cf, cov.arg);
		else if (!have_cov)
			fprintf(cf, "interleaving coverage: not available\n");
		if (have_cov && cov.free != NULL)
			cov.free(cov.arg);
	}
	if (explore_interrupted() != 0) {
		fprintf(stderr, "tunsim explore: stopped by %s: the summary "
		    "covers the completed prefix of each scenario's seeds\n",
		    explore_interrupted() == SIGINT ? "SIGINT" : "SIGTERM");
		rc = 128 + explore_interrupted();
	} else if (!ok)
		rc = TSN_EXIT_USAGE;
	else
		rc = sum.violations->len > 0 ? TSN_EXIT_VIOLATION :
		    TSN_EXIT_OK;
out:
	summary_clear(&sum);
	if (scs != NULL)
		g_ptr_array_free(scs, TRUE);
	if (paths != NULL)
		g_ptr_array_free(paths, TRUE);
	g_free(strategy);
	g_free(seeds);
	g_free(shard);
	g_free(report_dir);
	g_free(budget_s);
	g_free(pct_steps);
	g_free(depth);
	g_free(preempt_s);
	g_free(jobs_s);
	g_free(por);
	g_option_context_free(ctx);
	return (rc);
}

/*
 * cli_explore.c - `tunsim explore SCENARIO|DIR...`: many executions, one
 * report per distinct violation, a summary (text, or one JSON object with
 * --json).  The loop itself is explore.c.
 */
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

static bool
parse_u64(const char *s, uint64_t *out)
{
	char *end;

	if (s == NULL || !g_ascii_isdigit(*s))
		return (false);
	*out = g_ascii_strtoull(s, &end, 10);
	return (*end == '\0');
}

/* "A..B", inclusive. */
static bool
parse_seeds(const char *s, uint64_t *lo, uint64_t *hi)
{
	const char *dots = strstr(s, "..");
	char *a;
	bool ok;

	if (dots == NULL)
		return (false);
	a = g_strndup(s, (gsize)(dots - s));
	ok = parse_u64(a, lo) && parse_u64(dots + 2, hi) && *lo <= *hi;
	g_free(a);
	return (ok);
}

int
cli_explore(int argc, char **argv)
{
	gchar *strategy = NULL, *seeds = NULL, *shard = NULL;
	gchar *report_dir = NULL, *por = NULL;
	gint64 budget = -1, pct_steps = 0;
	gdouble time_limit = 0;
	gint depth = 3, preemptions = 2, jobs = 1;
	gboolean json = FALSE, coverage = FALSE, quiet = FALSE;
	GOptionEntry entries[] = {
		{ "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy,
		  "random (default), pct or dfs", "S" },
		{ "seeds", 0, 0, G_OPTION_ARG_STRING, &seeds,
		  "Seeds A to B inclusive (random, pct)", "A..B" },
		{ "budget", 'n', 0, G_OPTION_ARG_INT64, &budget,
		  "Executions per scenario: seeds 0..N-1 (default 1000); dfs: "
		  "at most N (default: until exhausted)", "N" },
		{ "time", 0, 0, G_OPTION_ARG_DOUBLE, &time_limit,
		  "Stop after T seconds; only the completed prefix of the seed "
		  "range counts", "T" },
		{ "depth", 'd', 0, G_OPTION_ARG_INT, &depth,
		  "pct: bug depth d (default 3)", "d" },
		{ "pct-steps", 0, 0, G_OPTION_ARG_INT64, &pct_steps,
		  "pct: step estimate k (default: 2x the steps of seed 0)", "k" },
		{ "preemptions", 'k', 0, G_OPTION_ARG_INT, &preemptions,
		  "dfs: preemption bound (default 2; -1: none)", "k" },
		{ "por", 0, 0, G_OPTION_ARG_STRING, &por,
		  "dfs: reduction sleep (default), dpor or none", "R" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
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
	g_option_context_set_description(ctx, "A directory stands for its "
	    "*.tsn files, recursively, sorted by path.  One report per "
	    "distinct violation (signature = kind + where), for the lowest "
	    "failing seed: DIR/<scenario>.<kind>.seed<N>.report.\n"
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
	if (preemptions < -1) {
		rc = cli_usage_error("explore", "--preemptions must be -1 (no "
		    "bound) or more");
		goto out;
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
	o.rp.preemption_bound = preemptions;
	if (seeds != NULL && budget >= 0) {
		rc = cli_usage_error("explore", "give --seeds or --budget, not "
		    "both");
		goto out;
	}
	if (seeds != NULL && !parse_seeds(seeds, &o.seed_lo, &o.seed_hi)) {
		rc = cli_usage_error("explore", "--seeds %s: expected A..B with "
		    "A <= B", seeds);
		goto out;
	}
	if (seeds != NULL && o.rp.strategy == SIM_STRAT_DFS) {
		rc = cli_usage_error("explore", "dfs has no seeds: use "
		    "--budget");
		goto out;
	}
	if (budget == 0) {
		rc = cli_usage_error("explore", "--budget must be positive");
		goto out;
	}
	if (budget > 0) {
		o.seed_lo = 0;
		o.seed_hi = (uint64_t)budget - 1;
		o.budget = (uint64_t)budget;
	}
	if (time_limit < 0) {
		rc = cli_usage_error("explore", "--time must not be negative");
		goto out;
	}
	o.time_limit = time_limit;
	if (jobs < 1 || jobs > 1024) {
		rc = cli_usage_error("explore", "--jobs must be 1..1024");
		goto out;
	}
	o.jobs = jobs;
	if (shard != NULL) {
		char tail;

		if (sscanf(shard, "%d/%d%c", &o.shard_k, &o.shard_n,
		    &tail) != 2 || o.shard_n < 1 || o.shard_k < 1 ||
		    o.shard_k > o.shard_n) {
			rc = cli_usage_error("explore", "--shard %s: expected "
			    "K/N with 1 <= K <= N", shard);
			goto out;
		}
		if (o.rp.strategy == SIM_STRAT_DFS) {
			rc = cli_usage_error("explore", "dfs is one search and "
			    "cannot be sharded");
			goto out;
		}
	}
	if (o.rp.strategy == SIM_STRAT_DFS && jobs > 1)
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
	if (!ok)
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
	g_free(por);
	g_option_context_free(ctx);
	return (rc);
}

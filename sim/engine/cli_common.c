/*
 * cli_common.c - what the tunsim subcommands share: option parsing and
 * errors, counts read as unsigned decimal with their limits, expanding
 * scenario directories, running one execution with its trace written, the
 * report directory probe and the check that a replayed schedule named
 * only threads the execution had.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "access.h"
#include "cli.h"

bool
cli_parse(GOptionContext *ctx, const char *cmd, int *argc, char ***argv)
{
	GError *err = NULL;

	if (!g_option_context_parse(ctx, argc, argv, &err)) {
		fprintf(stderr, "tunsim %s: %s (try tunsim %s --help)\n", cmd,
		    err->message, cmd);
		g_error_free(err);
		return (false);
	}
	return (true);
}

int
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tunsim %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return (TSN_EXIT_USAGE);
}

static gint
path_cmp(gconstpointer a, gconstpointer b)
{

	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

static void
walk(const char *dir, GPtrArray *out)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;

	if (d == NULL)
		return;
	while ((name = g_dir_read_name(d)) != NULL) {
		char *p = g_build_filename(dir, name, NULL);

		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			walk(p, out);
		else if (g_str_has_suffix(name, ".tsn"))
			g_ptr_array_add(out, g_strdup(p));
		g_free(p);
	}
	g_dir_close(d);
}

GPtrArray *
cli_scenario_paths(char **args, int n)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	int i;

	for (i = 0; i < n; i++) {
		if (g_file_test(args[i], G_FILE_TEST_IS_DIR)) {
			GPtrArray *found = g_ptr_array_new();
			guint j;

			walk(args[i], found);
			g_ptr_array_sort(found, path_cmp);
			for (j = 0; j < found->len; j++)
				g_ptr_array_add(out, g_ptr_array_index(found, j));
			g_ptr_array_free(found, TRUE);
		} else if (g_file_test(args[i], G_FILE_TEST_EXISTS)) {
			g_ptr_array_add(out, g_strdup(args[i]));
		} else {
			fprintf(stderr, "tunsim: %s: no such file or directory\n",
			    args[i]);
			g_ptr_array_free(out, TRUE);
			return (NULL);
		}
	}
	return (out);
}

GPtrArray *
cli_load_scenarios(GPtrArray *paths)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)tsn_free);
	bool bad = false;
	guint i;

	for (i = 0; i < paths->len; i++) {
		struct tsn_scenario *sc = runner_load(
		    g_ptr_array_index(paths, i));

		if (sc == NULL)
			bad = true;
		else
			g_ptr_array_add(out, sc);
	}
	if (bad) {
		g_ptr_array_free(out, TRUE);
		return (NULL);
	}
	return (out);
}

bool
cli_format_ok(const char *format)
{

	return (format == NULL || strcmp(format, "text") == 0 ||
	    strcmp(format, "json") == 0 || strcmp(format, "perfetto") == 0);
}

bool
cli_execute(const struct tsn_scenario *sc, const struct run_params *rp,
    const char *trace_path, const char *format, struct sim_result *res)
{
	struct sim_config cfg;
	FILE *f;

	runner_config(&cfg, rp, sc);
	cfg.trace = trace_path != NULL;
	runner_execute(sc, &cfg, res);
	if (trace_path == NULL)
		return (true);
	f = strcmp(trace_path, "-") == 0 ? stdout : fopen(trace_path, "w");
	if (f == NULL) {
		fprintf(stderr, "tunsim: %s: cannot write the trace\n",
		    trace_path);
		return (false);
	}
	if (format == NULL || strcmp(format, "text") == 0)
		sim_trace_write_text(f, res);
	else if (strcmp(format, "json") == 0)
		sim_trace_write_json(f, res);
	else
		sim_trace_write_perfetto(f, res);
	if (f != stdout && fclose(f) != 0) {
		fprintf(stderr, "tunsim: %s: write failed\n", trace_path);
		return (false);
	}
	return (true);
}

bool
cli_strategy(const char *cmd, const char *name, const char *depth,
    const char *pct_steps, bool allow_search, struct run_params *rp)
{
	uint64_t v;
	int s;

	if (name != NULL) {
		s = sim_strategy_parse(name);
		if (s < 0 || s == SIM_STRAT_REPLAY ||
		    (s == SIM_STRAT_DFS && !allow_search)) {
			cli_usage_error(cmd, "unknown strategy \"%s\" (%s)", name,
			    allow_search ? "random, pct or dfs" :
			    "random or pct; dfs is a search: use tunsim explore");
			return (false);
		}
		rp->strategy = (enum sim_strategy)s;
	}
	if (depth != NULL) {
		if (!cli_count(cmd, "--depth", depth, 1, REPORT_MAX_PCT_DEPTH,
		    &v))
			return (false);
		rp->pct_depth = (int)v;
	}
	if (pct_steps != NULL) {
		if (!cli_count(cmd, "--pct-steps", pct_steps, 1,
		    REPORT_MAX_DECISIONS, &v))
			return (false);
		rp->pct_steps = v;
	}
	return (true);
}

bool
cli_count(const char *cmd, const char *opt, const char *text, uint64_t min,
    uint64_t max, uint64_t *out)
{
	uint64_t v;

	switch (report_parse_u64(text, &v)) {
	case 0:
		if (v >= min && v <= max)
			break;
		/* FALLTHROUGH */
	case 2:
		cli_usage_error(cmd, "%s %s: out of range (%llu..%llu)", opt,
		    text, (unsigned long long)min, (unsigned long long)max);
		return (false);
	default:
		cli_usage_error(cmd, "%s %s: expected a decimal number "
		    "%llu..%llu (digits only)", opt, text,
		    (unsigned long long)min, (unsigned long long)max);
		return (false);
	}
	*out = v;
	return (true);
}

/*
 * Probe by making the directory and a file in it; what the probe made is
 * removed again, so a run that finds nothing leaves no empty directory.
 */
bool
cli_report_dir_ok(const char *cmd, const char *dir)
{
	GPtrArray *made = g_ptr_array_new_with_free_func(g_free);
	char *probe = NULL, *p;
	int fd, serr;
	bool ok = false;
	guint i;

	for (p = g_strdup(dir); !g_file_test(p, G_FILE_TEST_EXISTS);) {
		char *up = g_path_get_dirname(p);

		g_ptr_array_add(made, p);
		if (strcmp(up, p) == 0) {
			g_free(up);
			p = NULL;
			break;
		}
		p = up;
	}
	g_free(p);
	if (g_mkdir_with_parents(dir, 0777) != 0) {
		serr = errno;
		cli_usage_error(cmd, "%s: cannot create the report directory: "
		    "%s", dir, g_strerror(serr));
		goto out;
	}
	probe = g_build_filename(dir, ".tunsim-probe-XXXXXX", NULL);
	fd = g_mkstemp(probe);
	if (fd < 0) {
		serr = errno;
		cli_usage_error(cmd, "%s: cannot write reports there: %s", dir,
		    g_strerror(serr));
		goto out;
	}
	close(fd);
	g_remove(probe);
	ok = true;
out:
	for (i = 0; i < made->len; i++)
		g_rmdir(g_ptr_array_index(made, i));
	g_ptr_array_free(made, TRUE);
	g_free(probe);
	return (ok);
}

bool
cli_schedule_followed(const char *cmd, const char *src, const GArray *replay,
    const struct sim_result *res)
{
	guint i, n, nthreads;

	if (replay == NULL || res->schedule == NULL)
		return (true);
	nthreads = res->threads != NULL ? res->threads->len : 0;
	if (nthreads == 0)
		return (true);
	n = MIN(replay->len, res->schedule->len);
	for (i = 0; i < n; i++) {
		int t = g_array_index(replay, int, i);

		if (t >= 0 && (guint)t < nthreads)
			continue;
		cli_usage_error(cmd, "%s: the schedule's decision %u names "
		    "thread %d, but the execution has no such thread (its "
		    "threads are 0..%u)", src, i, t, nthreads - 1);
		return (false);
	}
	return (true);
}

/* --points */
static gboolean
opt_points(const gchar *name, const gchar *value, gpointer data,
    GError **err)
{
	int p = runner_points_parse(value);

	if (p < 0) {
		g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		    "--points %s: expected sync, races or all", value);
		return (FALSE);
	}
	runner_default_points = p;
	return (TRUE);
}

/* --check */
static gboolean
opt_check(const gchar *name, const gchar *value, gpointer data, GError **err)
{

	if (strcmp(value, "races") != 0) {
		g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		    "--check %s: the optional check is \"races\"", value);
		return (FALSE);
	}
	runner_default_check_races = true;
	return (TRUE);
}

/* --suppress-races FILE: one function name or file:line a line, # notes. */
static gboolean
opt_suppress(const gchar *name, const gchar *value, gpointer data,
    GError **err)
{
	gchar *text = NULL, **lines;
	GError *e = NULL;
	int i;

	if (!g_file_get_contents(value, &text, NULL, &e)) {
		g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		    "--suppress-races: %s", e->message);
		g_error_free(e);
		return (FALSE);
	}
	lines = g_strsplit(text, "\n", -1);
	for (i = 0; lines[i] != NULL; i++) {
		char *l = g_strstrip(lines[i]);

		if (*l == '\0' || *l == '#')
			continue;
		if (strchr(l, ' ') != NULL || strchr(l, '\t') != NULL) {
			g_set_error(err, G_OPTION_ERROR,
			    G_OPTION_ERROR_BAD_VALUE, "%s:%d:1: expected a "
			    "function name or file:line, got \"%s\"", value,
			    i + 1, l);
			g_strfreev(lines);
			g_free(text);
			return (FALSE);
		}
		access_suppress_add(l);
	}
	g_strfreev(lines);
	g_free(text);
	return (TRUE);
}

GOptionGroup *
cli_driver_group(void)
{
	static const GOptionEntry entries[] = {
		{ "points", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)opt_points,
		  "Real driver: which driver accesses are scheduling points: "
		  "sync (none), races (sites seen racing, the default) or all",
		  "P" },
		{ "check", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)opt_check,
		  "Real driver: also report data races (--check races)",
		  "races" },
		{ "suppress-races", 0, 0, G_OPTION_ARG_CALLBACK,
		  (gpointer)opt_suppress,
		  "Real driver: races at these functions, file:line or "
		  "statics are not reported", "FILE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionGroup *g = g_option_group_new("driver",
	    "Real-driver builds (tunsim-NAME):", "Show real-driver options",
	    NULL, NULL);

	g_option_group_add_entries(g, entries);
	return (g);
}

static gboolean
opt_no_snapshot(const gchar *name, const gchar *value, gpointer data,
    GError **err)
{

	(void)name;
	(void)value;
	(void)data;
	(void)err;
	runner_snapshots = false;
	return (TRUE);
}

GOptionGroup *
cli_engine_group(void)
{
	static const GOptionEntry entries[] = {
		{ "no-snapshot", 0, G_OPTION_FLAG_NO_ARG,
		  G_OPTION_ARG_CALLBACK, (gpointer)opt_no_snapshot,
		  "Boot, load and set up afresh for every execution instead of "
		  "restoring the state the first one left (same results, "
		  "slower: for checking the snapshot)", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionGroup *g = g_option_group_new("engine", "Engine options:",
	    "Show engine options", NULL, NULL);

	g_option_group_add_entries(g, entries);
	return (g);
}

/*
 * cli_list.c - `tunsim list DIR|FILE...`: each scenario with its name,
 * thread count and operation count (setup included).  A scenario that
 * does not parse is reported (file:line:col) and makes the exit status 2,
 * as does finding no scenario at all (as explore does).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
cli_list(int argc, char **argv)
{
	GOptionContext *ctx = g_option_context_new("DIR|FILE... - list "
	    "scenarios with their thread and op counts");
	GPtrArray *paths = NULL;
	int rc = TSN_EXIT_USAGE;
	guint i, j, nops, bad = 0;

	if (!cli_parse(ctx, "list", &argc, &argv))
		goto out;
	if (argc < 2) {
		rc = cli_usage_error("list", "expected DIR or FILE");
		goto out;
	}
	if ((paths = cli_scenario_paths(argv + 1, argc - 1)) == NULL)
		goto out;
	if (paths->len == 0) {
		rc = cli_usage_error("list", "no *.tsn scenario found");
		goto out;
	}
	for (i = 0; i < paths->len; i++) {
		struct tsn_scenario *sc = runner_load(g_ptr_array_index(paths,
		    i));

		if (sc == NULL) {
			bad++;
			continue;
		}
		nops = sc->setup != NULL ? sc->setup->ops->len : 0;
		for (j = 0; j < sc->threads->len; j++)
			nops += ((struct tsn_thread *)g_ptr_array_index(
			    sc->threads, j))->ops->len;
		printf("%s\tthreads=%u\tops=%u\t\"%s\"\n", sc->path,
		    sc->threads->len, nops, sc->name != NULL ? sc->name : "");
		tsn_free(sc);
	}
	printf("%u scenario%s%s\n", paths->len - bad, paths->len - bad == 1 ?
	    "" : "s", bad ? ", some with errors" : "");
	rc = bad ? TSN_EXIT_USAGE : TSN_EXIT_OK;
out:
	if (paths != NULL)
		g_ptr_array_free(paths, TRUE);
	g_option_context_free(ctx);
	return (rc);
}

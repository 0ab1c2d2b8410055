/*
 * cli_merge.c - `tunsim merge SUMMARY.json...`: the shard summaries of
 * one exploration (`explore --shard K/N --json`, every K once) merged into
 * the summary the whole run on one machine prints.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "summary.h"

int
cli_merge(int argc, char **argv)
{
	gboolean text = FALSE;
	GOptionEntry entries[] = {
		{ "text", 0, 0, G_OPTION_ARG_NONE, &text,
		  "Print the merged summary as text, not JSON", NULL },
		G_OPTION_ENTRY_NULL
	};
	GOptionContext *ctx = g_option_context_new("SUMMARY.json... - merge "
	    "shard summaries into the whole run's");
	struct explore_summary *parts = NULL, **pp = NULL, out;
	GError *err = NULL;
	int rc = TSN_EXIT_USAGE, i, n = 0;

	memset(&out, 0, sizeof(out));
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx, "Exit status: 0 no violation, "
	    "1 violations, 2 bad input (not a shard summary, a shard missing "
	    "or given twice, shards of different runs).");
	if (!cli_parse(ctx, "merge", &argc, &argv))
		goto done;
	if (argc < 2) {
		rc = cli_usage_error("merge", "expected SUMMARY.json files");
		goto done;
	}
	parts = g_new0(struct explore_summary, argc - 1);
	pp = g_new0(struct explore_summary *, argc - 1);
	for (i = 1; i < argc; i++, n++) {
		if (!summary_read_json(argv[i], &parts[n], &err)) {
			fprintf(stderr, "tunsim merge: %s\n", err->message);
			goto done;
		}
		pp[n] = &parts[n];
	}
	if (!summary_merge(pp, n, &out, &err)) {
		fprintf(stderr, "tunsim merge: %s\n", err->message);
		goto done;
	}
	if (text)
		summary_write_text(stdout, &out);
	else
		summary_write_json(stdout, &out);
	rc = out.violations->len > 0 ? TSN_EXIT_VIOLATION : TSN_EXIT_OK;
done:
	g_clear_error(&err);
	for (i = 0; i < n; i++)
		summary_clear(&parts[i]);
	g_free(parts);
	g_free(pp);
	summary_clear(&out);
	g_option_context_free(ctx);
	return (rc);
}

/*
 * main.c - the `tunsim` command: dispatch to a subcommand (cli_*.c).
 *
 *	tunsim run | explore | replay | minimize | list | bench | merge |
 *	    triage
 *
 * Exit status: 0 no violation, 1 violation found, 2 bad usage or input.
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "coro.h"
#include "version.h"

static const struct {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*what;
} cmds[] = {
	{ "run", cli_run, "run one execution of a scenario (SEED=N first)" },
	{ "explore", cli_explore, "run many executions; one report per "
	    "distinct violation" },
	{ "replay", cli_replay, "re-run a race report, or a scenario with a "
	    "seed or a schedule" },
	{ "minimize", cli_minimize, "shrink a report to its fewest "
	    "preemptions" },
	{ "list", cli_list, "list scenarios with their thread and op counts" },
	{ "bench", cli_bench, "measure the engine (switch cost, decisions/s)" },
	{ "merge", cli_merge, "merge shard summaries (explore --json) into "
	    "one" },
	{ "triage", cli_triage, "race reports grouped by root cause, one "
	    "line per bug" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: tunsim COMMAND [OPTIONS] ...\n\ncommands:\n");
	for (i = 0; i < G_N_ELEMENTS(cmds); i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].what);
	fprintf(f, "\n`tunsim COMMAND --help` describes each.  Exit status: 0 "
	    "no violation, 1 violation found, 2 bad usage or input.\n");
}

int
main(int argc, char **argv)
{
	size_t i;
	int rc;

	/*
	 * Every execution allocates and frees the same buffers (256 KiB of
	 * I/O buffer per scenario thread, ...).  With glibc's defaults the
	 * heap is trimmed and regrown, or the buffer mapped and unmapped,
	 * each time: system calls and fresh page faults per execution (a
	 * sixth of the CPU time of a whole-suite explore).  Keep the memory.
	 */
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	if (argc < 2) {
		usage(stderr);
		return (TSN_EXIT_USAGE);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return (TSN_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("tunsim %s (model of if_tuntap.c %s%s%s, model sha256 "
		    "%s)\n", TUNSIM_VERSION, TUNSIM_UPSTREAM_REV,
		    tunsim_model_variant[0] ? ", variant " : "",
		    tunsim_model_variant, TUNSIM_MODEL_SHA256);
		return (TSN_EXIT_OK);
	}
	for (i = 0; i < G_N_ELEMENTS(cmds); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			break;
	if (i == G_N_ELEMENTS(cmds)) {
		fprintf(stderr, "tunsim: unknown command \"%s\"\n\n", argv[1]);
		usage(stderr);
		return (TSN_EXIT_USAGE);
	}
	{
		char *prg = g_strdup_printf("tunsim %s", cmds[i].name);

		g_set_prgname(prg);
		g_free(prg);
	}
	rc = cmds[i].fn(argc - 1, argv + 1);
	fflush(stdout);
	coro_pool_drain();
	return (rc);
}

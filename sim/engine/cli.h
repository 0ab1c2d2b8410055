/*
 * cli.h - the `tunsim` subcommands (DESIGN section 5) and what they share.
 *
 * Each subcommand is one function taking its own argv (argv[0] is the
 * subcommand's name), parsing it with its own GOptionContext (so each has
 * --help), and returning the exit status: TSN_EXIT_OK (0) no violation,
 * TSN_EXIT_VIOLATION (1) a violation, TSN_EXIT_USAGE (2) bad usage or bad
 * input.
 */
#ifndef SIM_ENGINE_CLI_H
#define SIM_ENGINE_CLI_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

#include "engine.h"
#include "runner.h"
#include "scenario.h"

int cli_run(int argc, char **argv);
int cli_explore(int argc, char **argv);
int cli_replay(int argc, char **argv);
int cli_minimize(int argc, char **argv);
int cli_list(int argc, char **argv);
int cli_bench(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_triage(int argc, char **argv);

/*
 * Parse argv with ctx ("tunsim CMD: message" on stderr when it fails).
 * --help prints and exits 0 inside GLib.
 */
bool cli_parse(GOptionContext *ctx, const char *cmd, int *argc,
    char ***argv);

/* "tunsim CMD: message" on stderr; returns TSN_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/*
 * Expand scenario arguments: a file stays as given, a directory becomes
 * its *.tsn files, recursively, sorted by path.  Returns char * paths;
 * NULL (after a message) if an argument does not exist.
 */
GPtrArray *cli_scenario_paths(char **args, int n);

/* Parse every path; NULL (messages printed) if any fails. */
GPtrArray *cli_load_scenarios(GPtrArray *paths);

/* Check a --format value; NULL means text. */
bool cli_format_ok(const char *format);

/*
 * Run one execution of sc with rp, recording the trace if trace_path is
 * given and writing it there ("-" for stdout) in `format`.  Returns false
 * (message printed) if the trace cannot be written.
 */
bool cli_execute(const struct tsn_scenario *sc, const struct run_params *rp,
    const char *trace_path, const char *format, struct sim_result *res);

/* Apply --strategy/--depth/--pct-steps; false (message) on a bad value. */
bool cli_strategy(const char *cmd, const char *name, int depth,
    gint64 pct_steps, bool allow_search, struct run_params *rp);

#endif /* SIM_ENGINE_CLI_H */

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
#include "report.h"
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

/*
 * Apply --strategy/--depth/--pct-steps (the option texts, NULL when not
 * given); false (message) on a bad value.
 */
bool cli_strategy(const char *cmd, const char *name, const char *depth,
    const char *pct_steps, bool allow_search, struct run_params *rp);

/*
 * A count or a seed given as option `opt`: unsigned decimal digits only
 * (no sign, no 0x; a leading 0 is still decimal, "010" is ten), in
 * [min, max].  False with "tunsim CMD: OPT VALUE: expected ..." naming the
 * range otherwise.  Options take strings and come here because GLib's
 * integer options read "010" as octal and "-1" as a negative count.
 */
bool cli_count(const char *cmd, const char *opt, const char *text,
    uint64_t min, uint64_t max, uint64_t *out);

/*
 * Can reports be written in dir (created if missing)?  False after one
 * message with the reason ("DIR: cannot create ...: Not a directory").
 */
bool cli_report_dir_ok(const char *cmd, const char *dir);

/*
 * After an execution that followed `replay` (a schedule read from `src`):
 * false, after a message naming the entry, if a decision it took named a
 * thread the execution never had (the engine would silently not preempt).
 */
bool cli_schedule_followed(const char *cmd, const char *src,
    const GArray *replay, const struct sim_result *res);

/* explore: the most --jobs, --shard N and --time seconds (a year). */
#define	CLI_MAX_JOBS	1024
#define	CLI_MAX_SHARDS	1000000
#define	CLI_MAX_TIME	31536000

/*
 * --points, --check races, --suppress-races: options of a real-driver
 * build, the same for run, explore, replay and minimize.
 */
GOptionGroup *cli_driver_group(void);
/* --no-snapshot (runner_snapshots), for the same subcommands. */
GOptionGroup *cli_engine_group(void);

#endif /* SIM_ENGINE_CLI_H */

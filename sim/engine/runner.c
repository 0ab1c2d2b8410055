/*
 * runner.c - one execution of a parsed scenario (see runner.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_info.h"
#include "engine_int.h"
#include "runner.h"
#include "scenario_run.h"

#define	RACE_CALIBRATION	32	/* executions that find racing sites */

int runner_default_points = SIM_POINTS_RACES;
bool runner_default_check_races;

void
run_params_init(struct run_params *rp)
{

	memset(rp, 0, sizeof(*rp));
	rp->strategy = SIM_STRAT_RANDOM;
	rp->pct_depth = 3;
	rp->preemption_bound = 2;
	rp->points = -1;
	rp->check_races = -1;
}

int
runner_points_of(const struct run_params *rp)
{

	return (rp->points >= 0 ? rp->points : runner_default_points);
}

bool
runner_check_races_of(const struct run_params *rp)
{

	return (rp->check_races >= 0 ? rp->check_races != 0 :
	    runner_default_check_races);
}

const char *
runner_points_name(int points)
{

	switch (points) {
	case SIM_POINTS_SYNC:	return ("sync");
	case SIM_POINTS_RACES:	return ("races");
	case SIM_POINTS_ALL:	return ("all");
	}
	return ("?");
}

int
runner_points_parse(const char *name)
{

	if (strcmp(name, "sync") == 0)
		return (SIM_POINTS_SYNC);
	if (strcmp(name, "races") == 0)
		return (SIM_POINTS_RACES);
	if (strcmp(name, "all") == 0)
		return (SIM_POINTS_ALL);
	return (-1);
}

static gint
uint_cmp(gconstpointer a, gconstpointer b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return (x < y ? -1 : x > y);
}

const GArray *
runner_race_sites(const struct tsn_scenario *sc)
{
	static GHashTable *cache;	/* scenario sha256 -> GArray (lookups) */
	struct sim_config cfg;
	struct sim_result res;
	GArray *sites;
	guint i, j;

	if (!driver_present())
		return (NULL);
	if (cache == NULL)
		cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		    (GDestroyNotify)g_array_unref);
	if ((sites = g_hash_table_lookup(cache, sc->sha256)) != NULL)
		return (sites);
	sites = g_array_new(FALSE, FALSE, sizeof(unsigned));
	for (i = 0; i < RACE_CALIBRATION; i++) {
		sim_config_init(&cfg);
		tsn_config_apply(&cfg, sc);
		cfg.seed = i;
		cfg.strategy = SIM_STRAT_RANDOM;
		cfg.points = SIM_POINTS_SYNC;
		cfg.race_sites_out = sites;
		runner_execute(sc, &cfg, &res);
		sim_result_clear(&res);
	}
	g_array_sort(sites, uint_cmp);
	for (i = j = 0; i < sites->len; i++)
		if (j == 0 || g_array_index(sites, unsigned, j - 1) !=
		    g_array_index(sites, unsigned, i))
			g_array_index(sites, unsigned, j++) =
			    g_array_index(sites, unsigned, i);
	g_array_set_size(sites, j);
	g_hash_table_insert(cache, g_strdup(sc->sha256), sites);
	return (sites);
}

struct tsn_scenario *
runner_load(const char *path)
{
	struct tsn_scenario *sc;
	GError *err = NULL;

	sc = tsn_parse_file(path, &err);
	if (sc == NULL) {
		fprintf(stderr, "%s\n", err != NULL ? err->message :
		    "scenario could not be read");
		g_clear_error(&err);
	}
	return (sc);
}

void
runner_config(struct sim_config *cfg, const struct run_params *rp,
    const struct tsn_scenario *sc)
{

	sim_config_init(cfg);
	tsn_config_apply(cfg, sc);
	cfg->seed = rp->seed;
	cfg->strategy = rp->strategy;
	cfg->pct_depth = rp->pct_depth;
	cfg->pct_steps = rp->pct_steps;
	cfg->replay = rp->replay;
	cfg->points = runner_points_of(rp);
	cfg->check_races = runner_check_races_of(rp);
	if (cfg->points == SIM_POINTS_RACES)
		cfg->point_sites = runner_race_sites(sc);
	/* A dfs execution is reproduced by following its schedule. */
	if (rp->strategy == SIM_STRAT_DFS && rp->replay != NULL)
		cfg->strategy = SIM_STRAT_REPLAY;
}

bool runner_snapshots = true;

/*
 * The snapshots of the prefix: a few, reused by (scenario, configuration),
 * the least recently used one dropped.  Which one is dropped never changes
 * a result, only whether the prefix runs again.
 */
#define	SNAP_SLOTS	8

static struct snap_slot {
	const struct tsn_scenario *sc;
	struct sim_snapshot *snap;
	uint64_t	used;
} snap_slots[SNAP_SLOTS];
static uint64_t snap_clock;

static void
snapshots_forget(const struct tsn_scenario *sc)
{
	int i;

	for (i = 0; i < SNAP_SLOTS; i++)
		if (snap_slots[i].sc == sc) {
			sim_snapshot_free(snap_slots[i].snap);
			memset(&snap_slots[i], 0, sizeof(snap_slots[i]));
		}
}

static struct sim_snapshot *
snapshot_for(const struct tsn_scenario *sc, const struct sim_config *cfg)
{
	struct snap_slot *s, *old = &snap_slots[0];
	int i;

	tsn_free_hook = snapshots_forget;
	for (i = 0; i < SNAP_SLOTS; i++) {
		s = &snap_slots[i];
		if (s->sc == sc && sim_snapshot_matches(s->snap, cfg)) {
			s->used = ++snap_clock;
			return (s->snap);
		}
		if (s->used < old->used)
			old = s;
	}
	sim_snapshot_free(old->snap);
	old->sc = sc;
	old->snap = sim_snapshot_new(cfg);
	old->used = ++snap_clock;
	return (old->snap);
}

enum sim_violation_kind
runner_execute(const struct tsn_scenario *sc, const struct sim_config *cfg,
    struct sim_result *res)
{
	struct sim_program prog;
	struct sim_config c = *cfg;
	enum sim_violation_kind k;

	if (runner_snapshots && c.snapshot == NULL)
		c.snapshot = snapshot_for(sc, &c);
	memset(&prog, 0, sizeof(prog));
	tsn_program_init(&prog, sc);
	k = sim_execute(&prog, &c, res);
	tsn_program_fini(&prog);
	return (k);
}

uint64_t
runner_calibrate_pct(const struct tsn_scenario *sc)
{
	struct run_params rp;
	struct sim_config cfg;
	struct sim_result res;
	uint64_t k;

	run_params_init(&rp);
	runner_config(&cfg, &rp, sc);
	runner_execute(sc, &cfg, &res);
	k = res.steps * 2;
	sim_result_clear(&res);
	return (k < 2 ? 2 : k);
}

char *
runner_params_text(const struct run_params *rp)
{

	switch (rp->strategy) {
	case SIM_STRAT_PCT:
		return (g_strdup_printf("strategy pct seed=%llu depth=%d "
		    "steps=%llu", (unsigned long long)rp->seed, rp->pct_depth,
		    (unsigned long long)rp->pct_steps));
	case SIM_STRAT_DFS:
		return (g_strdup_printf("strategy dfs execution=%llu "
		    "preemptions=%d", (unsigned long long)rp->seed,
		    rp->preemption_bound));
	case SIM_STRAT_REPLAY:
		return (g_strdup_printf("strategy replay (%u decisions given)",
		    rp->replay != NULL ? rp->replay->len : 0));
	default:
		return (g_strdup_printf("strategy %s seed=%llu",
		    sim_strategy_name(rp->strategy),
		    (unsigned long long)rp->seed));
	}
}

char *
runner_step_text(const char *step)
{
	const char *sp = strchr(step, ' ');
	const char *colon;
	char *file, *where, *out;
	long line;

	if (sp == NULL)
		return (g_strdup(step));
	for (colon = sp; colon > step && *colon != ':'; colon--)
		;
	if (*colon != ':')
		return (g_strdup(step));
	file = g_strndup(step, (gsize)(colon - step));
	line = strtol(colon + 1, NULL, 10);
	where = trace_where(file, (int)line);
	out = g_strdup_printf("%s %s", where, sp + 1);
	g_free(where);
	g_free(file);
	return (out);
}

static const char *
thread_state(const struct sim_thread_summary *ts, char **buf)
{

	*buf = NULL;
	if (ts->finished)
		return ("finished");
	if (ts->blocked) {
		*buf = g_strdup_printf("asleep on \"%s\"",
		    ts->wmesg != NULL ? ts->wmesg : "?");
		return (*buf);
	}
	return ("runnable");
}

void
runner_print_outcome(FILE *f, const struct tsn_scenario *sc,
    const struct run_params *rp, const struct sim_result *res,
    const char *report_path, const char *repro)
{
	char *params = runner_params_text(rp);
	char *where;
	guint i, j;

	fprintf(f, "SEED=%llu\n", (unsigned long long)rp->seed);
	fprintf(f, "scenario %s \"%s\" sha256 %.16s\n", sc->path,
	    sc->name != NULL ? sc->name : "", sc->sha256);
	fprintf(f, "%s\n", params);
	g_free(params);
	fprintf(f, "steps %llu, decisions %llu, preemptions %llu\n",
	    (unsigned long long)res->steps, (unsigned long long)res->decisions,
	    (unsigned long long)res->preemptions);
	if (res->kind == SIM_V_NONE) {
		fprintf(f, "ok: no violation\n");
		return;
	}
	where = trace_where(res->file, res->line);
	fprintf(f, "VIOLATION %s: %s\n", sim_violation_name(res->kind),
	    res->message != NULL ? res->message : "");
	fprintf(f, "  at %s\n", where);
	fprintf(f, "  in thread %s\n", res->tid >= 0 && res->threads != NULL &&
	    (guint)res->tid < res->threads->len ?
	    ((struct sim_thread_summary *)g_ptr_array_index(res->threads,
	    res->tid))->name : "engine");
	fprintf(f, "  signature %s\n", res->signature);
	g_free(where);
	fprintf(f, "last steps (oldest first):\n");
	for (i = 0; res->threads != NULL && i < res->threads->len; i++) {
		const struct sim_thread_summary *ts =
		    g_ptr_array_index(res->threads, i);
		char *buf;

		fprintf(f, "  %s (%s)\n", ts->name, thread_state(ts, &buf));
		g_free(buf);
		for (j = 0; j < ts->last_steps->len; j++) {
			char *s = runner_step_text(
			    g_ptr_array_index(ts->last_steps, j));

			fprintf(f, "    %s\n", s);
			g_free(s);
		}
	}
	if (report_path != NULL)
		fprintf(f, "report: %s\n", report_path);
	if (repro != NULL)
		fprintf(f, "reproduce: %s\n", repro);
}

char *
runner_scenario_base(const char *path)
{
	char *b = g_path_get_basename(path);

	if (g_str_has_suffix(b, ".tsn"))
		b[strlen(b) - 4] = '\0';
	return (b);
}

char *
runner_quote(const char *s)
{
	const char *p;

	for (p = s; *p != '\0'; p++)
		if (!g_ascii_isalnum(*p) && strchr("_-./:@%+=,", *p) == NULL)
			return (g_shell_quote(s));
	return (*s != '\0' ? g_strdup(s) : g_shell_quote(s));
}
